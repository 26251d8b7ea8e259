/*
 * test_columns.c: ui_columns lays cells out in display columns, cuts a
 * long one with an ellipsis and sanitises what it is given.
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

static const int widths[] = { 6, 4, 0 };

/* row formats three cells into a fresh buffer. */
static const char *
row(const char *a, const char *b, const char *c)
{
	static char	 buf[256];
	const char	*cells[3] = { a, b, c };

	ui_columns(buf, sizeof buf, widths, cells, 3);
	return buf;
}

/* Short cells are padded, each followed by one space; the last is free. */
static void
test_pad(void **state)
{
	(void)state;
	assert_string_equal(row("ab", "c", "the rest is long"),
	    "ab     c    the rest is long");
	assert_string_equal(row("", "", ""), "            ");
}

/* A cell that fits exactly is not cut; one column more is, with "…". */
static void
test_cut(void **state)
{
	(void)state;
	assert_string_equal(row("abcdef", "wxyz", "."), "abcdef wxyz .");
	assert_string_equal(row("abcdefg", "vwxyz", "."),
	    "abcde\u2026 vwx\u2026 .");
}

/* Width is counted in display columns: accents 1, CJK 2. */
static void
test_wide(void **state)
{
	(void)state;
	assert_string_equal(row("Acción", "Dia", "x"), "Acción Dia  x");
	/* Three ideographs are 6 columns: they fit. */
	assert_string_equal(row("\u65e5\u672c\u8a9e", "", "x"),
	    "\u65e5\u672c\u8a9e      x");
	/* Four do not: two fit in the 5 columns left before the ellipsis. */
	assert_string_equal(row("\u65e5\u672c\u8a9e\u8a9e", "", "x"),
	    "\u65e5\u672c\u2026       x");
}

/* Escape sequences never reach the row. */
static void
test_sanitised(void **state)
{
	const char	*r;

	(void)state;
	r = row("\x1b[2Jab", "ok", "x\x1b[31mred");
	assert_null(strchr(r, '\x1b'));
	assert_non_null(strstr(r, "red"));
}

/* Without a UTF-8 charset the ellipsis is "~". */
static void
test_ascii(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_ALL, "C"));
	assert_string_equal(row("abcdefg", "vw", "."), "abcde~ vw   .");
	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pad),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_sanitised),
		cmocka_unit_test(test_ascii),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
