/*
 * test_dashboard.c: the outcome dashboard's text (ui/outcome_dashboard.c)
 * without a terminal: a share as "k of n, p% (95% CI lo-hi%)" and its
 * suppressed forms, means and medians, the bar to half a column
 * (and in ASCII) with the interval's whisker under it, no bar for a
 * suppressed share, and a whole report's layout within the width.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "../../ui/ui.h"

/* ui/main.c owns the UI state in the program; the test owns it here. */
struct ui	*ui;

/* share makes a share of k in n with its interval, as outcome.c would. */
static struct outcome_share
share(int k, int n, double lo, double hi)
{
	struct outcome_share	s;

	memset(&s, 0, sizeof s);
	s.k = k;
	s.n = n;
	s.lo = lo;
	s.hi = hi;
	s.suppressed = n < OUTCOME_MIN_CELL || (k > 0 && k < OUTCOME_MIN_CELL);
	return s;
}

/* wide converts a UTF-8 line to wide characters (static buffer). */
static const wchar_t *
wide(const char *s)
{
	static wchar_t	buf[512];
	size_t		n;

	n = mbstowcs(buf, s, 511);
	assert_true(n != (size_t)-1);
	buf[n] = L'\0';
	return buf;
}

/* count_of counts the characters c in a UTF-8 line. */
static int
count_of(const char *s, wchar_t c)
{
	const wchar_t	*w = wide(s);
	int		 n = 0;

	for (; *w != L'\0'; w++)
		n += *w == c;
	return n;
}

/* index_of is the column (all glyphs here are one wide) of c, or -1. */
static int
index_of(const char *s, wchar_t c)
{
	const wchar_t	*w = wide(s), *p;

	p = wcschr(w, c);
	return p != NULL ? (int)(p - w) : -1;
}

/* A share shown in full, with an en dash, or a hyphen in ASCII. */
static void
test_share_shown(void **state)
{
	struct outcome_share	s = share(18, 30, 0.4232, 0.7541);
	char			buf[128];

	(void)state;
	outcome_dashboard_share(&s, true, buf, sizeof buf);
	assert_string_equal(buf, "18 of 30, 60% (95% CI 42–75%)");
	outcome_dashboard_share(&s, false, buf, sizeof buf);
	assert_string_equal(buf, "18 of 30, 60% (95% CI 42-75%)");
	/* None is a figure, not a small cell. */
	s = share(0, 30, 0, 0.1135);
	outcome_dashboard_share(&s, true, buf, sizeof buf);
	assert_string_equal(buf, "0 of 30, 0% (95% CI 0–11%)");
	/* Exactly five is shown; all of them too. */
	s = share(5, 5, 0.5655, 1.0);
	outcome_dashboard_share(&s, true, buf, sizeof buf);
	assert_string_equal(buf, "5 of 5, 100% (95% CI 57–100%)");
}

/* Fewer than 5 counted, or fewer than 5 in the group: no figure. */
static void
test_share_suppressed(void **state)
{
	struct outcome_share	s = share(4, 30, 0.05, 0.3);
	char			buf[128];

	(void)state;
	outcome_dashboard_share(&s, true, buf, sizeof buf);
	assert_string_equal(buf, "fewer than 5 of 30");
	s = share(1, 30, 0.0, 0.2);
	outcome_dashboard_share(&s, true, buf, sizeof buf);
	assert_string_equal(buf, "fewer than 5 of 30");
	s = share(3, 4, 0.3, 0.95);
	outcome_dashboard_share(&s, true, buf, sizeof buf);
	assert_string_equal(buf, "fewer than 5");
	s = share(0, 0, 0, 0);
	outcome_dashboard_share(&s, true, buf, sizeof buf);
	assert_string_equal(buf, "fewer than 5");
	/* The screen does not rely on the flag alone. */
	s = share(2, 30, 0.0, 0.2);
	s.suppressed = false;
	outcome_dashboard_share(&s, true, buf, sizeof buf);
	assert_string_equal(buf, "fewer than 5 of 30");
	/* A report marking a large cell suppressed is obeyed. */
	s = share(10, 30, 0.2, 0.5);
	s.suppressed = true;
	outcome_dashboard_share(&s, true, buf, sizeof buf);
	assert_string_equal(buf, "fewer than 5 of 30");
}

/* Means and medians, and their suppression. */
static void
test_mean(void **state)
{
	struct outcome_mean	m;
	char			buf[128];

	(void)state;
	memset(&m, 0, sizeof m);
	m.n = 24;
	m.value = 12.44;
	m.sd = 14.2;
	outcome_dashboard_mean(&m, OUTCOME_FIG_CHANGE, buf, sizeof buf);
	assert_string_equal(buf, "+12.4 points (SD 14.2, n = 24)");
	m.value = -3.05;
	outcome_dashboard_mean(&m, OUTCOME_FIG_CHANGE, buf, sizeof buf);
	assert_string_equal(buf, "-3.0 points (SD 14.2, n = 24)");
	m.value = 2.06;
	m.sd = 1.3;
	outcome_dashboard_mean(&m, OUTCOME_FIG_MEAN, buf, sizeof buf);
	assert_string_equal(buf, "2.1 (SD 1.3, n = 24)");
	m.value = 5.25;
	outcome_dashboard_mean(&m, OUTCOME_FIG_HOURS, buf, sizeof buf);
	assert_string_equal(buf, "5.2 h (n = 24)");
	m.n = 4;
	outcome_dashboard_mean(&m, OUTCOME_FIG_HOURS, buf, sizeof buf);
	assert_string_equal(buf, "fewer than 5");
	m.n = 40;
	m.suppressed = true;
	outcome_dashboard_mean(&m, OUTCOME_FIG_MEAN, buf, sizeof buf);
	assert_string_equal(buf, "fewer than 5");
}

/*
 * At 76 columns a bar is 50 wide: 60% is 30 full blocks; the whisker
 * spans the interval's columns with the share marked.
 */
static void
test_bar_utf8(void **state)
{
	struct outcome_share	 s = share(18, 30, 0.4232, 0.7541);
	char			*bar, *whisker;

	(void)state;
	assert_true(outcome_dashboard_bar(&s, 76, true, &bar, &whisker));
	assert_int_equal(count_of(bar, L'█'), 30);
	assert_int_equal(index_of(bar, L'│'), 4);
	assert_int_equal((int)wcslen(wide(bar)), 4 + 1 + 50 + 1 + 4);
	assert_non_null(strstr(bar, "│ 60%"));
	/* Columns under the bar: 5 before its first cell. */
	assert_int_equal(index_of(whisker, L'├'), 5 + 21);
	assert_int_equal(index_of(whisker, L'●'), 5 + 30);
	assert_int_equal(index_of(whisker, L'┤'), 5 + 37);
	assert_int_equal(count_of(whisker, L'─'), 37 - 21 - 2);
	assert_int_equal((int)wcslen(wide(whisker)), 5 + 38);
	free(bar);
	free(whisker);
}

/* A share between whole columns ends in the nearest half block. */
static void
test_bar_halves(void **state)
{
	struct outcome_share	 s = share(10, 30, 0.19, 0.51);
	char			*bar, *whisker;

	(void)state;
	/* 1/3 of 50 columns is 33.3 halves: 16 blocks and a half. */
	assert_true(outcome_dashboard_bar(&s, 76, true, &bar, &whisker));
	assert_int_equal(count_of(bar, L'█'), 16);
	assert_int_equal(count_of(bar, L'▌'), 1);
	free(bar);
	free(whisker);
	/* 7/30 of 50 is 23.3 halves: 11 blocks and a half; 4/15 is 26.7
	 * halves, rounded to 27: 13 and a half. */
	s = share(7, 30, 0.12, 0.41);
	assert_true(outcome_dashboard_bar(&s, 76, true, &bar, &whisker));
	assert_int_equal(count_of(bar, L'█'), 11);
	assert_int_equal(count_of(bar, L'▌'), 1);
	free(bar);
	free(whisker);
	s = share(8, 30, 0.14, 0.44);
	assert_true(outcome_dashboard_bar(&s, 76, true, &bar, &whisker));
	assert_int_equal(count_of(bar, L'█'), 13);
	assert_int_equal(count_of(bar, L'▌'), 1);
	assert_int_equal((int)wcslen(wide(bar)), 4 + 1 + 50 + 1 + 4);
	free(bar);
	free(whisker);
	/* None: an empty bar, the whisker starting at the share. */
	s = share(0, 30, 0.0, 0.1135);
	assert_true(outcome_dashboard_bar(&s, 76, true, &bar, &whisker));
	assert_int_equal(count_of(bar, L'█'), 0);
	assert_non_null(strstr(bar, "│ 0%"));
	assert_int_equal(index_of(whisker, L'●'), 5);
	assert_int_equal(index_of(whisker, L'┤'), 5 + 5);
	free(bar);
	free(whisker);
	/* All: a full bar, the mark in the last column. */
	s = share(30, 30, 0.8865, 1.0);
	assert_true(outcome_dashboard_bar(&s, 76, true, &bar, &whisker));
	assert_int_equal(count_of(bar, L'█'), 50);
	assert_int_equal(index_of(whisker, L'●'), 5 + 49);
	assert_int_equal(index_of(whisker, L'┤'), -1);
	free(bar);
	free(whisker);
}

/* ASCII: whole columns of '#', "[...]", and "|--*--|". */
static void
test_bar_ascii(void **state)
{
	struct outcome_share	 s = share(18, 30, 0.4232, 0.7541);
	char			*bar, *whisker, expect[128];
	size_t			 i;

	(void)state;
	assert_true(outcome_dashboard_bar(&s, 76, false, &bar, &whisker));
	snprintf(expect, sizeof expect, "    [%.30s%20s] 60%%",
	    "##############################", "");
	assert_string_equal(bar, expect);
	for (i = 0; whisker[i] != '\0'; i++)
		assert_true(whisker[i] >= 0x20 && whisker[i] < 0x7f);
	assert_int_equal(strchr(whisker, '|') - whisker, 5 + 21);
	assert_int_equal(strchr(whisker, '*') - whisker, 5 + 30);
	assert_int_equal(strrchr(whisker, '|') - whisker, 5 + 37);
	free(bar);
	free(whisker);
}

/* No bar for a hidden share, nor when the width leaves no room. */
static void
test_bar_none(void **state)
{
	struct outcome_share	 s = share(3, 30, 0.02, 0.26);
	char			*bar = (char *)1, *whisker = (char *)1;

	(void)state;
	assert_false(outcome_dashboard_bar(&s, 76, true, &bar, &whisker));
	assert_null(bar);
	assert_null(whisker);
	s = share(3, 4, 0.3, 0.95);
	assert_false(outcome_dashboard_bar(&s, 76, true, &bar, &whisker));
	s = share(2, 30, 0.0, 0.2);
	s.suppressed = false;
	assert_false(outcome_dashboard_bar(&s, 76, true, &bar, &whisker));
	s = share(18, 30, 0.4232, 0.7541);
	assert_false(outcome_dashboard_bar(&s, 20, true, &bar, &whisker));
	assert_null(bar);
	/* The narrowest that has room: 10 columns of bar. */
	assert_true(outcome_dashboard_bar(&s, 21, true, &bar, &whisker));
	assert_int_equal((int)wcslen(wide(bar)), 4 + 1 + 10 + 1 + 4);
	free(bar);
	free(whisker);
}

/* report fills a report with figures, some of them small cells. */
static void
report(struct outcome_report *r)
{
	int	i;

	memset(r, 0, sizeof *r);
	r->scope = OUTCOME_STUDY;
	snprintf(r->study, sizeof r->study, "pilot");
	snprintf(r->measures[0], sizeof r->measures[0], "phq9");
	snprintf(r->measures[1], sizeof r->measures[1], "gad7");
	r->nmeasures = 2;
	r->patients = 36;
	r->eligible = 30;
	r->completers = 24;
	r->improved_itt = share(18, 30, 0.4232, 0.7541);
	r->improved_completers = share(18, 24, 0.5506, 0.8804);
	r->deteriorated = share(2, 30, 0.0185, 0.2132);
	r->recovered = share(12, 30, 0.2459, 0.5768);
	r->who5_change = (struct outcome_mean){ 24, 12.4, 14.2, false };
	r->who5_improved10 = share(15, 24, 0.4319, 0.7886);
	r->modules_completed = share(40, 60, 0.5403, 0.7738);
	r->forms_in_window = share(150, 180, 0.7715, 0.8803);
	r->active_days_week = (struct outcome_mean){ 36, 2.1, 1.3, false };
	r->posts = (struct outcome_mean){ 36, 3.2, 4.0, false };
	r->messages_to_staff = (struct outcome_mean){ 36, 1.5, 2.0, false };
	r->mirror_completed = share(3, 4, 0.3, 0.95);
	r->first_reply_hours = (struct outcome_mean){ 40, 5.2, 0, false };
	for (i = 0; i < OUTCOME_PRIORITIES; i++) {
		r->alert_ack_hours[i] = (struct outcome_mean){ 10, 0.5 + i, 0,
		    false };
		r->alert_close_hours[i] = (struct outcome_mean){ 3, 0, 0,
		    true };
	}
	r->moderation_hours = (struct outcome_mean){ 4, 1, 0, true };
}

/* lines_with counts the lines of text holding c. */
static int
lines_with(const char *text, const char *c)
{
	const char	*p, *nl;
	char		*line;
	int		 n = 0;

	for (p = text; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		line = strndup(p, (size_t)(nl - p));
		n += strstr(line, c) != NULL;
		free(line);
	}
	return n;
}

/* every_chart_fits checks that no line drawn with a chart glyph is wider. */
static void
every_chart_fits(const char *text, int width)
{
	const char	*p, *nl;
	char		*line;

	for (p = text; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		line = strndup(p, (size_t)(nl - p));
		/* Bars, whiskers and tables are indented; prose wraps. */
		if (strncmp(line, "  ", 2) == 0 && (strstr(line, "│") !=
		    NULL || strstr(line, "●") != NULL || strchr(line, '[') !=
		    NULL))
			assert_true(ui_text_width(line) <= width);
		free(line);
	}
}

/*
 * A whole report: the sections, the figures, a bar for each share shown
 * and none for the small cells, within the width.
 */
static void
test_text(void **state)
{
	struct outcome_report	 r;
	char			*text;

	(void)state;
	report(&r);
	text = outcome_dashboard_text(&r, "Study: pilot", 76, true);
	assert_non_null(strstr(text, "Study: pilot\nPatients in scope: 36\n"));
	assert_non_null(strstr(text, "\nReduced distress\n────────────────\n"));
	assert_non_null(strstr(text, "\nQuality of life (WHO-5)\n"));
	assert_non_null(strstr(text, "\nAdherence\n"));
	assert_non_null(strstr(text, "\nEngagement (per patient)\n"));
	assert_non_null(strstr(text, "\nService quality (medians)\n"));
	assert_non_null(strstr(text, "\nDefinitions\n"));
	assert_non_null(strstr(text, "  Primary measures: phq9, gad7\n"));
	assert_non_null(strstr(text, "Reliable improvement, intention to "
	    "treat: 18 of 30, 60% (95% CI 42–75%)\n    │"));
	assert_non_null(strstr(text, "Reliably deteriorated: fewer than 5 of "
	    "30\n  Recovered"));
	assert_non_null(strstr(text, "Mirror experiences completed, of "
	    "requested: fewer than 5\n"));
	assert_non_null(strstr(text, "Mean change, start to end: +12.4 "
	    "points (SD 14.2, n = 24)\n"));
	assert_non_null(strstr(text, "Moderation, time to action: fewer "
	    "than 5\n"));
	/* The alerts' table: figures acknowledged, closed suppressed. */
	assert_non_null(strstr(text, "urgent           0.5 h          —\n"));
	/* Eight shares, two of them hidden: six bars and six whiskers. */
	assert_int_equal(lines_with(text, "% ("), 6);
	assert_int_equal(lines_with(text, "●"), 6 + 1);	/* and the footer */
	assert_int_equal(lines_with(text, "█"), 6);
	every_chart_fits(text, 76);
	free(text);

	/* Narrower, and in ASCII: nothing but printable ASCII. */
	text = outcome_dashboard_text(&r, "Study: pilot", 40, false);
	every_chart_fits(text, 40);
	assert_int_equal(lines_with(text, "#"), 6);
	assert_int_equal(lines_with(text, "█"), 0);
	assert_int_equal(lines_with(text, "–"), 0);
	free(text);
}

/* Too few patients in scope: the count says so and nothing is drawn. */
static void
test_text_small(void **state)
{
	struct outcome_report	 r;
	char			*text;

	(void)state;
	memset(&r, 0, sizeof r);
	r.patients = 3;
	r.eligible = 2;
	r.completers = 1;
	r.improved_itt = share(1, 2, 0.1, 0.9);
	r.improved_completers = share(1, 1, 0.2, 1);
	r.alert_ack_hours[0] = (struct outcome_mean){ 2, 1, 0, true };
	text = outcome_dashboard_text(&r, "Every patient", 76, true);
	assert_non_null(strstr(text, "Patients in scope: fewer than 5\n"));
	assert_non_null(strstr(text, "Started a programme above caseness: "
	    "fewer than 5\n"));
	assert_non_null(strstr(text, "intention to treat: fewer than 5\n"));
	assert_int_equal(lines_with(text, "█"), 0);
	assert_int_equal(lines_with(text, "% ("), 0);
	assert_null(strstr(text, "1 of"));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_share_shown),
		cmocka_unit_test(test_share_suppressed),
		cmocka_unit_test(test_mean),
		cmocka_unit_test(test_bar_utf8),
		cmocka_unit_test(test_bar_halves),
		cmocka_unit_test(test_bar_ascii),
		cmocka_unit_test(test_bar_none),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_small),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
