/*
 * test_wrap.c: ui_wrap breaks UTF-8 text by display columns.
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

/* check_lines wraps text and compares the lines with the expected ones. */
static void
check_lines(const char *text, int width, const char **want, size_t nwant)
{
	struct ui_line	*lines = NULL;
	size_t		 n, i;
	char		*got;

	n = ui_wrap(text, width, &lines);
	assert_int_equal(n, nwant);
	for (i = 0; i < n; i++) {
		got = xstrndup(text + lines[i].start, lines[i].len);
		assert_string_equal(got, want[i]);
		free(got);
	}
	free(lines);
}

/* Empty text is one empty line. */
static void
test_empty(void **state)
{
	const char	*want[] = { "" };

	(void)state;
	check_lines("", 10, want, 1);
}

/* A word exactly as wide as the line fits on it. */
static void
test_word_exactly_width(void **state)
{
	const char	*one[] = { "abcde" };
	const char	*two[] = { "abcde", "fghij" };

	(void)state;
	check_lines("abcde", 5, one, 1);
	check_lines("abcde fghij", 5, two, 2);
}

/* A word longer than the line is broken hard. */
static void
test_word_longer_than_width(void **state)
{
	const char	*want[] = { "abcd", "efgh", "ij" };
	const char	*mixed[] = { "a", "bcde", "f" };

	(void)state;
	check_lines("abcdefghij", 4, want, 3);
	check_lines("a bcdef", 4, mixed, 3);
}

/* Lines break at the last space that fits. */
static void
test_break_at_space(void **state)
{
	const char	*want[] = { "hello big", "world" };

	(void)state;
	check_lines("hello big world", 10, want, 2);
}

/* Multibyte letters count one column each, not one per byte. */
static void
test_multibyte(void **state)
{
	const char	*want[] = { "Què és la", "quimioterà", "pia?" };
	const char	*spanish[] = { "año niño" };

	(void)state;
	check_lines("Què és la quimioteràpia?", 10, want, 3);
	check_lines("año niño", 8, spanish, 1);
}

/* A wide character that would cross the edge moves to the next line. */
static void
test_wide_at_edge(void **state)
{
	const char	*emoji[] = { "ab", "\xf0\x9f\x98\x80" };
	const char	*cjk[] = { "日本", "語" };
	const char	*fits[] = { "a\xf0\x9f\x98\x80" };

	(void)state;
	check_lines("ab\xf0\x9f\x98\x80", 3, emoji, 2);
	check_lines("日本語", 5, cjk, 2);
	check_lines("a\xf0\x9f\x98\x80", 3, fits, 1);
}

/* Combining marks take no column. */
static void
test_combining(void **state)
{
	const char	*want[] = { "cafe\xcc\x81" };

	(void)state;
	check_lines("cafe\xcc\x81", 4, want, 1);
}

/* Newlines end lines; one at the very end adds no empty line. */
static void
test_newlines(void **state)
{
	const char	*two[] = { "a", "b" };
	const char	*trail[] = { "a" };
	const char	*blank[] = { "a", "" };
	const char	*only[] = { "" };

	(void)state;
	check_lines("a\nb", 10, two, 2);
	check_lines("a\n", 10, trail, 1);
	check_lines("a\n\n", 10, blank, 2);
	check_lines("\n", 10, only, 1);
}

/* A width below one is treated as one, and never loops. */
static void
test_tiny_width(void **state)
{
	const char	*want[] = { "a", "b" };
	const char	*wide[] = { "日", "本" };

	(void)state;
	check_lines("ab", 0, want, 2);
	check_lines("日本", 1, wide, 2);
}

/* An invalid byte still advances and counts as one column. */
static void
test_invalid_utf8(void **state)
{
	struct ui_line	*lines = NULL;
	size_t		 n;

	(void)state;
	n = ui_wrap("ab\xff" "cd", 3, &lines);
	assert_int_equal(n, 2);
	assert_int_equal(lines[0].len, 3);
	assert_int_equal(lines[1].start, 3);
	free(lines);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_word_exactly_width),
		cmocka_unit_test(test_word_longer_than_width),
		cmocka_unit_test(test_break_at_space),
		cmocka_unit_test(test_multibyte),
		cmocka_unit_test(test_wide_at_edge),
		cmocka_unit_test(test_combining),
		cmocka_unit_test(test_newlines),
		cmocka_unit_test(test_tiny_width),
		cmocka_unit_test(test_invalid_utf8),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
