/*
 * test_textbuf.c: the editor's buffer edits whole characters, keeps to its
 * limit and moves the cursor over visual lines.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../ui/ui.h"

#define EMOJI	"\xf0\x9f\x98\x80"	/* U+1F600, two columns */

/* assert_text checks the buffer's UTF-8 text. */
static void
assert_text(const struct textbuf *tb, const char *want)
{
	char	*got;

	got = textbuf_text(tb);
	assert_string_equal(got, want);
	free(got);
}

/* check_starts wraps the buffer and compares the line starts. */
static void
check_starts(const char *text, int width, const size_t *want, size_t nwant)
{
	struct textbuf	 tb;
	size_t		*starts, n, i;

	textbuf_init(&tb, text, 0);
	n = textbuf_wrap(&tb, width, &starts);
	assert_int_equal(n, nwant);
	for (i = 0; i < n; i++)
		assert_int_equal(starts[i], want[i]);
	free(starts);
	textbuf_free(&tb);
}

/* Multibyte characters insert as one character each. */
static void
test_insert_multibyte(void **state)
{
	struct textbuf	tb;

	(void)state;
	textbuf_init(&tb, "", 100);
	assert_true(textbuf_insert(&tb, L'é'));
	assert_true(textbuf_insert(&tb, L'ñ'));
	assert_true(textbuf_insert(&tb, L'€'));
	assert_true(textbuf_insert(&tb, (wchar_t)0x1f600));
	assert_int_equal(tb.len, 4);
	assert_int_equal(tb.cursor, 4);
	assert_text(&tb, "éñ€" EMOJI);
	textbuf_home(&tb);
	assert_true(textbuf_insert(&tb, L'a'));
	assert_text(&tb, "aéñ€" EMOJI);
	textbuf_free(&tb);
}

/* Backspace and delete remove a whole multibyte character. */
static void
test_delete_multibyte(void **state)
{
	struct textbuf	tb;

	(void)state;
	textbuf_init(&tb, "añb€" EMOJI, 100);
	assert_int_equal(tb.len, 5);
	tb.cursor = 2;
	assert_true(textbuf_backspace(&tb));
	assert_text(&tb, "ab€" EMOJI);
	assert_int_equal(tb.cursor, 1);
	textbuf_right(&tb);
	assert_true(textbuf_delete(&tb));
	assert_text(&tb, "ab" EMOJI);
	assert_true(textbuf_delete(&tb));
	assert_text(&tb, "ab");
	textbuf_free(&tb);
}

/* Exactly max characters fit; one more is refused and changes nothing. */
static void
test_max_boundary(void **state)
{
	struct textbuf	tb;

	(void)state;
	textbuf_init(&tb, "", 3);
	assert_true(textbuf_insert(&tb, L'ñ'));
	assert_true(textbuf_insert(&tb, (wchar_t)0x1f600));
	assert_true(textbuf_insert(&tb, L'é'));
	assert_false(textbuf_insert(&tb, L'x'));
	assert_int_equal(tb.len, 3);
	assert_text(&tb, "ñ" EMOJI "é");
	assert_true(textbuf_backspace(&tb));
	assert_true(textbuf_insert(&tb, L'x'));
	textbuf_free(&tb);

	textbuf_init(&tb, "abc", 3);
	assert_false(textbuf_insert(&tb, L'd'));
	assert_false(textbuf_insert(&tb, L'\n'));
	assert_text(&tb, "abc");
	textbuf_free(&tb);
}

/* Backspace at the start and delete at the end do nothing. */
static void
test_edges(void **state)
{
	struct textbuf	tb;

	(void)state;
	textbuf_init(&tb, "ab", 10);
	assert_int_equal(tb.cursor, 0);
	assert_false(textbuf_backspace(&tb));
	textbuf_end(&tb);
	assert_int_equal(tb.cursor, 2);
	assert_false(textbuf_delete(&tb));
	textbuf_right(&tb);
	assert_int_equal(tb.cursor, 2);
	textbuf_home(&tb);
	textbuf_left(&tb);
	assert_int_equal(tb.cursor, 0);
	assert_text(&tb, "ab");
	textbuf_free(&tb);

	textbuf_init(&tb, "", 10);
	assert_false(textbuf_backspace(&tb));
	assert_false(textbuf_delete(&tb));
	assert_text(&tb, "");
	textbuf_free(&tb);
}

/* Deleting a newline joins two lines, from either side. */
static void
test_join_lines(void **state)
{
	struct textbuf	tb;

	(void)state;
	textbuf_init(&tb, "añ\ncd", 10);
	tb.cursor = 3;
	assert_true(textbuf_backspace(&tb));
	assert_text(&tb, "añcd");
	assert_int_equal(tb.cursor, 2);
	assert_true(textbuf_insert(&tb, L'\n'));
	assert_text(&tb, "añ\ncd");
	textbuf_left(&tb);
	assert_true(textbuf_delete(&tb));
	assert_text(&tb, "añcd");
	textbuf_free(&tb);
}

/* Home and End stay within the current logical line. */
static void
test_home_end(void **state)
{
	struct textbuf	tb;

	(void)state;
	textbuf_init(&tb, "ab\ncde\nf", 0);
	tb.cursor = 4;
	textbuf_home(&tb);
	assert_int_equal(tb.cursor, 3);
	textbuf_end(&tb);
	assert_int_equal(tb.cursor, 6);
	textbuf_end(&tb);
	assert_int_equal(tb.cursor, 6);
	textbuf_free(&tb);
}

/* Up and down move by visual lines and keep the column. */
static void
test_up_down(void **state)
{
	struct textbuf	tb;

	(void)state;
	textbuf_init(&tb, "abcdef", 0);
	tb.cursor = 4;
	textbuf_up(&tb, 3);
	assert_int_equal(tb.cursor, 1);
	textbuf_up(&tb, 3);
	assert_int_equal(tb.cursor, 1);
	textbuf_down(&tb, 3);
	assert_int_equal(tb.cursor, 4);
	textbuf_down(&tb, 3);
	assert_int_equal(tb.cursor, 4);
	textbuf_free(&tb);

	/* A shorter line below: the cursor stops at its end. */
	textbuf_init(&tb, "abcd\nx\n", 0);
	tb.cursor = 3;
	textbuf_down(&tb, 10);
	assert_int_equal(tb.cursor, 6);
	textbuf_down(&tb, 10);
	assert_int_equal(tb.cursor, 7);
	textbuf_up(&tb, 10);
	assert_int_equal(tb.cursor, 5);
	textbuf_free(&tb);

	/* A wide character above: the column rounds down. */
	textbuf_init(&tb, EMOJI "a\nbcd", 0);
	tb.cursor = 4;
	textbuf_up(&tb, 10);
	assert_int_equal(tb.cursor, 0);
	textbuf_free(&tb);
}

/* Visual lines break at spaces, at the width, and at newlines. */
static void
test_wrap_boundaries(void **state)
{
	const size_t	exact[] = { 0 };
	const size_t	words[] = { 0, 6 };
	const size_t	space_at_edge[] = { 0, 6 };
	const size_t	longer[] = { 0, 3, 6 };
	const size_t	wide_edge[] = { 0, 2 };
	const size_t	empty[] = { 0 };
	const size_t	trailing[] = { 0, 3 };
	const size_t	newlines[] = { 0, 2, 3 };

	(void)state;
	check_starts("abcde", 5, exact, 1);
	check_starts("hello world", 7, words, 2);
	check_starts("hello world", 5, space_at_edge, 2);
	check_starts("abcdefgh", 3, longer, 3);
	check_starts("ab" EMOJI, 3, wide_edge, 2);
	check_starts("", 10, empty, 1);
	check_starts("ab\n", 10, trailing, 2);
	check_starts("a\n\nb", 10, newlines, 3);
}

/* Catalan text survives the round trip through wide characters. */
static void
test_round_trip(void **state)
{
	struct textbuf	 tb;
	const char	*text = "Què és la quimioteràpia?";

	(void)state;
	textbuf_init(&tb, text, 0);
	assert_int_equal(tb.len, 24);
	assert_text(&tb, text);
	textbuf_free(&tb);
}

/* NULL initial text is an empty buffer. */
static void
test_null_init(void **state)
{
	struct textbuf	tb;

	(void)state;
	textbuf_init(&tb, NULL, 5);
	assert_int_equal(tb.len, 0);
	assert_text(&tb, "");
	textbuf_free(&tb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_multibyte),
		cmocka_unit_test(test_delete_multibyte),
		cmocka_unit_test(test_max_boundary),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_join_lines),
		cmocka_unit_test(test_home_end),
		cmocka_unit_test(test_up_down),
		cmocka_unit_test(test_wrap_boundaries),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_null_init),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
