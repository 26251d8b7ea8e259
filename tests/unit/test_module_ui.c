/*
 * test_module_ui.c: the helpers of the patient's self-help screens:
 * module text without its emphasis marks (a pair counts only around
 * words), the number fields of a thought record (intensity 0-100) and an
 * activity plan (mood 0-10), the "done" field, and the line that says
 * where an exercise stands.
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

/* ui/main.c owns the UI state in the program; the test owns it here. */
struct ui	*ui;

/* unmarked is module text without emphasis marks, kept for comparison. */
static const char *
unmarked(const char *text)
{
	static char	 buf[256];
	char		*s;

	s = module_session_unmarked(text);
	snprintf(buf, sizeof buf, "%s", s);
	free(s);
	return buf;
}

/* A pair around words is emphasis; the asterisks go. */
static void
test_unmarked_pairs(void **state)
{
	(void)state;
	assert_string_equal(unmarked("a *word* b"), "a word b");
	assert_string_equal(unmarked("*stop and breathe*, then"),
	    "stop and breathe, then");
	assert_string_equal(unmarked("*one* and *two*"), "one and two");
	assert_string_equal(unmarked("*x*"), "x");
}

/* An unmatched or spaced '*' is shown as written. */
static void
test_unmarked_literal(void **state)
{
	(void)state;
	assert_string_equal(unmarked("2 * 3 * 4"), "2 * 3 * 4");
	assert_string_equal(unmarked("*unmatched"), "*unmatched");
	assert_string_equal(unmarked("ends with *"), "ends with *");
	assert_string_equal(unmarked("**"), "**");
	assert_string_equal(unmarked("* x*"), "* x*");
	assert_string_equal(unmarked("*x *"), "*x *");
	assert_string_equal(unmarked(""), "");
	assert_string_equal(unmarked(NULL), "");
}

/* Module text is sanitised too: no escape reaches the terminal. */
static void
test_unmarked_sanitised(void **state)
{
	(void)state;
	assert_null(strchr(unmarked("red \x1b[31m*now*"), '\x1b'));
	assert_string_equal(unmarked("two\nlines"), "two lines");
}

/* number reads s with max, giving the value or -2 when refused. */
static int
number(const char *s, int max)
{
	int	n = -3;

	if (!module_exercise_number(s, max, &n))
		return -2;
	return n;
}

/* Intensity: empty is "not given", 0 and 100 are the bounds. */
static void
test_number_intensity(void **state)
{
	(void)state;
	assert_int_equal(number("", 100), -1);
	assert_int_equal(number("   ", 100), -1);
	assert_int_equal(number("0", 100), 0);
	assert_int_equal(number("100", 100), 100);
	assert_int_equal(number(" 42 ", 100), 42);
	assert_int_equal(number("007", 100), 7);
	assert_int_equal(number("101", 100), -2);
	assert_int_equal(number("120", 100), -2);
	assert_int_equal(number("1000", 100), -2);
	assert_int_equal(number("-1", 100), -2);
	assert_int_equal(number("4 2", 100), -2);
	assert_int_equal(number("7a", 100), -2);
	assert_int_equal(number("seventy", 100), -2);
}

/* Mood and ratings: 0 to 10. */
static void
test_number_mood(void **state)
{
	(void)state;
	assert_int_equal(number("10", 10), 10);
	assert_int_equal(number("11", 10), -2);
	assert_int_equal(number("0", 10), 0);
}

/* yesno reads s, giving -1, 0, 1 or -2 when refused. */
static int
yesno(const char *s)
{
	int	n = -3;

	if (!module_exercise_yesno(s, &n))
		return -2;
	return n;
}

/* Done: y or yes, n or no, in any case; empty is "not said". */
static void
test_yesno(void **state)
{
	(void)state;
	assert_int_equal(yesno(""), -1);
	assert_int_equal(yesno("  "), -1);
	assert_int_equal(yesno("y"), 1);
	assert_int_equal(yesno("Yes"), 1);
	assert_int_equal(yesno(" YES "), 1);
	assert_int_equal(yesno("n"), 0);
	assert_int_equal(yesno("No"), 0);
	assert_int_equal(yesno("maybe"), -2);
	assert_int_equal(yesno("yess"), -2);
}

/* summary is where exercise ex stands with answer a. */
static const char *
summary(const struct module_exercise *ex, const struct exercise_answer *a)
{
	static char	buf[256];

	module_exercise_summary(ex, a, buf, sizeof buf);
	return buf;
}

/* Not started, a draft, submitted; new and seen feedback; optional. */
static void
test_summary_states(void **state)
{
	struct module_exercise	ex;
	struct exercise_answer	a;
	struct exercise_feedback fb[2];

	(void)state;
	memset(&ex, 0, sizeof ex);
	memset(&a, 0, sizeof a);
	memset(fb, 0, sizeof fb);
	ex.kind = EX_RATING;
	assert_string_equal(summary(&ex, NULL), "Rating 0-10 · not started");
	assert_string_equal(summary(&ex, &a), "Rating 0-10 · not started");
	a.id = 4;
	assert_string_equal(summary(&ex, &a), "Rating 0-10 · draft saved");
	a.submitted = true;
	ex.kind = EX_THOUGHT_RECORD;
	assert_string_equal(summary(&ex, &a), "Thought record · submitted");
	a.feedback = fb;
	a.nfeedback = 2;
	fb[0].seen_at = 100;
	assert_string_equal(summary(&ex, &a),
	    "Thought record · submitted · feedback: new");
	fb[1].seen_at = 200;
	assert_string_equal(summary(&ex, &a),
	    "Thought record · submitted · feedback: seen");
	ex.optional = true;
	ex.kind = EX_TEXT;
	a.nfeedback = 0;
	assert_string_equal(summary(&ex, &a),
	    "Free text · submitted · optional");
}

/* A short buffer is cut, never overrun; an unknown kind is "?". */
static void
test_summary_short(void **state)
{
	struct module_exercise	ex;
	char			buf[8];

	(void)state;
	memset(&ex, 0, sizeof ex);
	ex.kind = EX_ACTIVITY_PLAN;
	memset(buf, 'x', sizeof buf);
	module_exercise_summary(&ex, NULL, buf, sizeof buf);
	assert_string_equal(buf, "Activit");
	assert_string_equal(module_exercise_kind(EX_KIND_COUNT), "?");
	assert_string_equal(module_exercise_kind(-1), "?");
	assert_string_equal(module_exercise_kind(EX_CHECKLIST), "Checklist");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unmarked_pairs),
		cmocka_unit_test(test_unmarked_literal),
		cmocka_unit_test(test_unmarked_sanitised),
		cmocka_unit_test(test_number_intensity),
		cmocka_unit_test(test_number_mood),
		cmocka_unit_test(test_yesno),
		cmocka_unit_test(test_summary_states),
		cmocka_unit_test(test_summary_short),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
