/*
 * test_schedule.c: when scheduled questionnaires open and close, and
 * staffed hours.
 *
 * Time zones are POSIX TZ strings (Madrid, New York, Auckland, UTC), so
 * the tests need no tzdata.  Where a day is not 86400 seconds long the
 * expected instants are written in UTC and made with timegm, not with
 * mktime as the code under test does, so a wrong local midnight cannot
 * agree with itself.  The config parsers are checked with every kind of
 * bad value, each asserting its exact message and that nothing changed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

#define TZ_MADRID	"CET-1CEST,M3.5.0,M10.5.0/3"
#define TZ_NEW_YORK	"EST5EDT,M3.2.0,M11.1.0"
#define TZ_AUCKLAND	"NZST-12NZDT,M9.5.0,M4.1.0/3"
#define TZ_UTC		"UTC0"
#define DAY		86400
#define HOUR		3600

/* tz sets the process's time zone, as the lead does from the config. */
static void
tz(const char *zone)
{
	setenv("TZ", zone, 1);
	tzset();
}

/* loc returns a local time of the current zone (never in a DST gap). */
static int64_t
loc(int y, int m, int d, int h, int mi)
{
	struct tm	tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* utc returns a UTC time, independent of the zone. */
static int64_t
utc(int y, int m, int d, int h, int mi)
{
	struct tm	tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return (int64_t)timegm(&tm);
}

/* assert_midnight checks that t is local midnight of y-m-d. */
static void
assert_midnight(int64_t t, int y, int m, int d)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	assert_non_null(localtime_r(&tt, &tm));
	assert_int_equal(tm.tm_year + 1900, y);
	assert_int_equal(tm.tm_mon + 1, m);
	assert_int_equal(tm.tm_mday, d);
	assert_int_equal(tm.tm_hour, 0);
	assert_int_equal(tm.tm_min, 0);
	assert_int_equal(tm.tm_sec, 0);
}

/* assert_local checks t's local date and time of day. */
static void
assert_local(int64_t t, int y, int m, int d, int h, int mi)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	assert_non_null(localtime_r(&tt, &tm));
	assert_int_equal(tm.tm_year + 1900, y);
	assert_int_equal(tm.tm_mon + 1, m);
	assert_int_equal(tm.tm_mday, d);
	assert_int_equal(tm.tm_hour, h);
	assert_int_equal(tm.tm_min, mi);
}

/* parse_ok parses one schedule key, which must succeed. */
static void
parse_ok(struct schedule *s, const char *key, const char *value)
{
	char	*err = NULL;

	if (schedule_parse(s, key, value, &err) != ST_OK)
		fail_msg("%s = %s: %s", key, value, err);
	assert_null(err);
}

/*
 * parse_bad parses one schedule key, which must fail with message want
 * and leave the schedule as it was (the defaults).
 */
static void
parse_bad(const char *key, const char *value, const char *want)
{
	struct schedule	 s, before;
	char		*err = NULL;

	schedule_defaults(&s);
	memcpy(&before, &s, sizeof s);
	assert_int_equal(schedule_parse(&s, key, value, &err), ST_INVALID);
	assert_non_null(err);
	if (strcmp(err, want) != 0)
		fail_msg("%s = \"%s\":\n got  %s\n want %s", key, value, err,
		    want);
	assert_memory_equal(&s, &before, sizeof s);
	free(err);
}

/* staffed_bad parses staffed hours, which must fail with want. */
static void
staffed_bad(const char *value, const char *want)
{
	struct staffed	 s, before;
	char		*err = NULL;

	staffed_defaults(&s);
	memcpy(&before, &s, sizeof s);
	assert_int_equal(staffed_parse(&s, value, &err), ST_INVALID);
	assert_non_null(err);
	if (strcmp(err, want) != 0)
		fail_msg("staffed_hours = \"%s\":\n got  %s\n want %s", value,
		    err, want);
	assert_memory_equal(&s, &before, sizeof s);
	free(err);
}

/* find returns the slot of window and instrument, or NULL. */
static const struct schedule_slot *
find(const struct schedule_slot *v, size_t n, const char *window,
    const char *instrument)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].window, window) == 0 &&
		    strcmp(v[i].instrument, instrument) == 0)
			return &v[i];
	return NULL;
}

/* expect checks that a slot exists and opens at local midnight y-m-d. */
static void
expect(const struct schedule_slot *v, size_t n, const char *window,
    const char *instrument, int y, int m, int d)
{
	const struct schedule_slot	*s;

	if ((s = find(v, n, window, instrument)) == NULL)
		fail_msg("no slot %s / %s", window, instrument);
	assert_midnight(s->opens, y, m, d);
}

/* count returns how many slots have windows starting with prefix. */
static size_t
count(const struct schedule_slot *v, size_t n, const char *prefix,
    const char *instrument)
{
	size_t	i, c = 0;

	for (i = 0; i < n; i++)
		if (strncmp(v[i].window, prefix, strlen(prefix)) == 0 &&
		    (instrument == NULL ||
		    strcmp(v[i].instrument, instrument) == 0))
			c++;
	return c;
}

/*
 * check_slots checks what holds for every list: ordered by opening then
 * instrument with no repeat, every opening and closing a local midnight,
 * closing window_days later, nothing opened after now.
 */
static void
check_slots(const struct schedule *s, const struct schedule_slot *v,
    size_t n, int64_t now)
{
	struct tm	tm;
	time_t		t;
	size_t		i;

	for (i = 0; i < n; i++) {
		assert_true(v[i].opens <= now);
		assert_int_equal(v[i].closes, schedule_add(v[i].opens,
		    s->window_days, SCHEDULE_DAYS));
		t = (time_t)v[i].opens;
		localtime_r(&t, &tm);
		assert_int_equal(tm.tm_hour * 3600 + tm.tm_min * 60 +
		    tm.tm_sec, 0);
		t = (time_t)v[i].closes;
		localtime_r(&t, &tm);
		assert_int_equal(tm.tm_hour * 3600 + tm.tm_min * 60 +
		    tm.tm_sec, 0);
		if (i > 0) {
			assert_true(v[i - 1].opens <= v[i].opens);
			if (v[i - 1].opens == v[i].opens)
				assert_true(strcmp(v[i - 1].instrument,
				    v[i].instrument) < 0);
		}
	}
}

/* slots runs schedule_slots, which must succeed, and checks the list. */
static struct schedule_slot *
slots(const struct schedule *s, int64_t enrolled,
    const struct care_period *p, size_t np, int64_t now, size_t *n)
{
	struct schedule_slot	*v = NULL;

	assert_int_equal(schedule_slots(s, enrolled, p, np, now, &v, n),
	    ST_OK);
	assert_non_null(v);
	check_slots(s, v, *n, now);
	return v;
}

/* The spec's schedule and staffed hours are the defaults. */
static void
test_defaults(void **state)
{
	struct schedule	s;
	struct staffed	h;

	(void)state;
	schedule_defaults(&s);
	assert_int_equal(s.nenrolment, 4);
	assert_string_equal(s.enrolment[0], "phq9");
	assert_string_equal(s.enrolment[1], "gad7");
	assert_string_equal(s.enrolment[2], "who5");
	assert_string_equal(s.enrolment[3], "k10");
	assert_int_equal(s.nprogramme, 2);
	assert_string_equal(s.programme[0].instrument, "phq4");
	assert_int_equal(s.programme[0].every, 2);
	assert_int_equal(s.programme[0].unit, SCHEDULE_WEEKS);
	assert_string_equal(s.programme[1].instrument, "phq9");
	assert_int_equal(s.programme[1].every, 4);
	assert_int_equal(s.programme[1].unit, SCHEDULE_WEEKS);
	assert_int_equal(s.ncommunity, 2);
	assert_string_equal(s.community[0].instrument, "who5");
	assert_int_equal(s.community[0].every, 1);
	assert_int_equal(s.community[0].unit, SCHEDULE_MONTHS);
	assert_string_equal(s.community[1].instrument, "distress");
	assert_int_equal(s.community[1].unit, SCHEDULE_MONTHS);
	assert_int_equal(s.nfollowups, 3);
	assert_int_equal(s.followups[0], 3);
	assert_int_equal(s.followups[1], 6);
	assert_int_equal(s.followups[2], 12);
	assert_int_equal(s.window_days, 7);

	staffed_defaults(&h);
	assert_int_equal(h.days, 0x3e);		/* Monday to Friday */
	assert_int_equal(h.open, 9 * 60);
	assert_int_equal(h.close, 17 * 60);

	assert_false(care_level_in_programme(CARE_MONITORING));
	assert_true(care_level_in_programme(CARE_PSYCHOEDUCATION));
	assert_false(care_level_in_programme(CARE_COMMUNITY));
	assert_true(care_level_in_programme(CARE_THERAPY));
}

/* schedule_enrolment: ids separated by blanks. */
static void
test_parse_enrolment(void **state)
{
	struct schedule	 s;
	char		 id31[40], v[80];

	(void)state;
	schedule_defaults(&s);
	parse_ok(&s, "schedule_enrolment", "phq9 gad7");
	assert_int_equal(s.nenrolment, 2);
	assert_string_equal(s.enrolment[0], "phq9");
	assert_string_equal(s.enrolment[1], "gad7");
	parse_ok(&s, "schedule_enrolment", " \tk10\t who5  distress ");
	assert_int_equal(s.nenrolment, 3);
	assert_string_equal(s.enrolment[0], "k10");
	assert_string_equal(s.enrolment[2], "distress");
	parse_ok(&s, "schedule_enrolment", "a b c d e f g h");
	assert_int_equal(s.nenrolment, SCHEDULE_MAX_FORMS);
	parse_ok(&s, "schedule_enrolment", "my_form-2");
	assert_string_equal(s.enrolment[0], "my_form-2");
	memset(id31, 'x', 31);
	id31[31] = '\0';
	parse_ok(&s, "schedule_enrolment", id31);
	assert_string_equal(s.enrolment[0], id31);
	parse_ok(&s, "schedule_enrolment", "");
	assert_int_equal(s.nenrolment, 0);
	parse_ok(&s, "schedule_enrolment", "   ");
	assert_int_equal(s.nenrolment, 0);

	parse_bad("schedule_enrolment", "PHQ9 gad7", "'PHQ9' is not an "
	    "instrument id: expected instrument ids separated by spaces, such "
	    "as \"phq9 gad7\"");
	parse_bad("schedule_enrolment", "phq9,gad7", "'phq9,gad7' is not an "
	    "instrument id: expected instrument ids separated by spaces, such "
	    "as \"phq9 gad7\"");
	parse_bad("schedule_enrolment", "phq9 g\033[2J", "'g\\x1b[2J' is not "
	    "an instrument id: expected instrument ids separated by spaces, "
	    "such as \"phq9 gad7\"");
	snprintf(v, sizeof v, "phq9 %sy", id31);
	parse_bad("schedule_enrolment", v, "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "y' is too long for an instrument id: expected at most 31 "
	    "characters");
	parse_bad("schedule_enrolment", "a b c d e f g h i", "too many "
	    "instruments: expected at most 8");
	parse_bad("schedule_enrolment", "phq9 gad7 phq9", "phq9 is listed "
	    "twice: expected each instrument once");
}

/* schedule_programme and schedule_community: repeats. */
static void
test_parse_repeats(void **state)
{
	static const char	*keys[] = {
		"schedule_programme", "schedule_community"
	};
	struct schedule		 s;
	struct schedule_repeat	*r;
	size_t			*n, k;

	(void)state;
	for (k = 0; k < 2; k++) {
		schedule_defaults(&s);
		r = k == 0 ? s.programme : s.community;
		n = k == 0 ? &s.nprogramme : &s.ncommunity;
		parse_ok(&s, keys[k], "phq4 every 2w, phq9 every 4w");
		assert_int_equal(*n, 2);
		assert_string_equal(r[0].instrument, "phq4");
		assert_int_equal(r[0].every, 2);
		assert_int_equal(r[0].unit, SCHEDULE_WEEKS);
		assert_string_equal(r[1].instrument, "phq9");
		assert_int_equal(r[1].every, 4);
		parse_ok(&s, keys[k], "who5 every 1mo,distress  every\t30d");
		assert_int_equal(*n, 2);
		assert_int_equal(r[0].unit, SCHEDULE_MONTHS);
		assert_int_equal(r[1].every, 30);
		assert_int_equal(r[1].unit, SCHEDULE_DAYS);
		/* The ends of each unit's range. */
		parse_ok(&s, keys[k], "a every 1d, b every 365d, c every 1w, "
		    "d every 52w, e every 1mo, f every 24mo");
		assert_int_equal(*n, 6);
		assert_int_equal(r[1].every, 365);
		assert_int_equal(r[3].every, 52);
		assert_int_equal(r[5].every, 24);
		parse_ok(&s, keys[k], "");
		assert_int_equal(*n, 0);
		parse_ok(&s, keys[k], "  ");
		assert_int_equal(*n, 0);

		parse_bad(keys[k], "phq4 every fortnightly", "'fortnightly' "
		    "is not a period: expected a number and d, w or mo, such "
		    "as 2w");
		parse_bad(keys[k], "phq4 every 2m", "'2m' is not a period: "
		    "expected a number and d, w or mo, such as 2w");
		parse_bad(keys[k], "phq4 every -2w", "'-2w' is not a period: "
		    "expected a number and d, w or mo, such as 2w");
		parse_bad(keys[k], "phq4 every w", "'w' is not a period: "
		    "expected a number and d, w or mo, such as 2w");
		parse_bad(keys[k], "phq4 every 99999999999w", "'99999999999w' "
		    "is not a period: expected a number and d, w or mo, such "
		    "as 2w");
		parse_bad(keys[k], "phq4 every 0d", "'0d' is out of range: "
		    "expected every 1 to 365 days");
		parse_bad(keys[k], "phq4 every 366d", "'366d' is out of range: "
		    "expected every 1 to 365 days");
		parse_bad(keys[k], "phq4 every 0w", "'0w' is out of range: "
		    "expected every 1 to 52 weeks");
		parse_bad(keys[k], "phq4 every 53w", "'53w' is out of range: "
		    "expected every 1 to 52 weeks");
		parse_bad(keys[k], "phq4 every 0mo", "'0mo' is out of range: "
		    "expected every 1 to 24 months");
		parse_bad(keys[k], "phq4 every 25mo", "'25mo' is out of range: "
		    "expected every 1 to 24 months");
		parse_bad(keys[k], "phq4 2w", "'phq4 2w' is not a repeat: "
		    "expected an instrument, every and a period, such as "
		    "\"phq4 every 2w\"");
		parse_bad(keys[k], "phq4 each 2w", "'phq4 each 2w' is not a "
		    "repeat: expected an instrument, every and a period, such "
		    "as \"phq4 every 2w\"");
		parse_bad(keys[k], "phq4 every 2 w ", "'phq4 every 2 w' is not "
		    "a repeat: expected an instrument, every and a period, "
		    "such as \"phq4 every 2w\"");
		parse_bad(keys[k], "phq4 every 2w; phq9 every 4w", "'phq4 "
		    "every 2w; phq9 every 4w' is not a repeat: expected an "
		    "instrument, every and a period, such as \"phq4 every "
		    "2w\"");
		parse_bad(keys[k], "phq4 every 2w,", "an entry is empty: "
		    "expected entries separated by commas, such as \"phq4 "
		    "every 2w, phq9 every 4w\"");
		parse_bad(keys[k], ", phq4 every 2w", "an entry is empty: "
		    "expected entries separated by commas, such as \"phq4 "
		    "every 2w, phq9 every 4w\"");
		parse_bad(keys[k], "PHQ4 every 2w", "'PHQ4' is not an "
		    "instrument id: expected instrument ids of lowercase "
		    "letters, digits, '_' or '-', such as phq9");
		parse_bad(keys[k], "a every 1w, b every 1w, c every 1w, d "
		    "every 1w, e every 1w, f every 1w, g every 1w, h every "
		    "1w, i every 1w", "too many entries: expected at most 8");
		parse_bad(keys[k], "phq4 every 2w, phq4 every 4w", "phq4 is "
		    "listed twice: expected each instrument once");
	}
}

/* schedule_followups: increasing months. */
static void
test_parse_followups(void **state)
{
	struct schedule	s;

	(void)state;
	schedule_defaults(&s);
	parse_ok(&s, "schedule_followups", "1mo 60mo");
	assert_int_equal(s.nfollowups, 2);
	assert_int_equal(s.followups[0], 1);
	assert_int_equal(s.followups[1], 60);
	parse_ok(&s, "schedule_followups", "1mo 2mo 3mo 4mo 5mo 6mo 7mo 8mo");
	assert_int_equal(s.nfollowups, SCHEDULE_MAX_FOLLOWUPS);
	assert_int_equal(s.followups[7], 8);
	parse_ok(&s, "schedule_followups", "");
	assert_int_equal(s.nfollowups, 0);

	parse_bad("schedule_followups", "3 6 12", "'3' is not a follow-up: "
	    "expected months after the end of a programme separated by "
	    "spaces, such as \"3mo 6mo 12mo\"");
	parse_bad("schedule_followups", "3mo 6w", "'6w' is not a follow-up: "
	    "expected months after the end of a programme separated by "
	    "spaces, such as \"3mo 6mo 12mo\"");
	parse_bad("schedule_followups", "3mo,6mo", "'3mo,6mo' is not a "
	    "follow-up: expected months after the end of a programme "
	    "separated by spaces, such as \"3mo 6mo 12mo\"");
	parse_bad("schedule_followups", "0mo", "'0mo' is out of range: "
	    "expected 1mo to 60mo");
	parse_bad("schedule_followups", "3mo 61mo", "'61mo' is out of range: "
	    "expected 1mo to 60mo");
	parse_bad("schedule_followups", "6mo 3mo", "'3mo' is not after the "
	    "follow-up before it: expected increasing months, such as \"3mo "
	    "6mo 12mo\"");
	parse_bad("schedule_followups", "3mo 3mo", "'3mo' is not after the "
	    "follow-up before it: expected increasing months, such as \"3mo "
	    "6mo 12mo\"");
	parse_bad("schedule_followups", "1mo 2mo 3mo 4mo 5mo 6mo 7mo 8mo 9mo",
	    "too many follow-ups: expected at most 8");
}

/* schedule_window: days. */
static void
test_parse_window(void **state)
{
	struct schedule	 s;
	char		*err = NULL;

	(void)state;
	schedule_defaults(&s);
	parse_ok(&s, "schedule_window", "1d");
	assert_int_equal(s.window_days, 1);
	parse_ok(&s, "schedule_window", " 90d ");
	assert_int_equal(s.window_days, 90);
	parse_ok(&s, "schedule_window", "14d");
	assert_int_equal(s.window_days, 14);

	parse_bad("schedule_window", "0d", "'0d' is out of range: expected "
	    "1d to 90d");
	parse_bad("schedule_window", "91d", "'91d' is out of range: expected "
	    "1d to 90d");
	parse_bad("schedule_window", "7", "'7' is not a number of days: "
	    "expected a number and d, such as 7d");
	parse_bad("schedule_window", "1w", "'1w' is not a number of days: "
	    "expected a number and d, such as 7d");
	parse_bad("schedule_window", "7d 8d", "'7d 8d' is not a number of "
	    "days: expected a number and d, such as 7d");
	parse_bad("schedule_window", "", "'' is not a number of days: "
	    "expected a number and d, such as 7d");

	/* An unknown key is refused and changes nothing. */
	parse_bad("schedule_monthly", "7d", "schedule_monthly is not a "
	    "schedule key");
	schedule_defaults(&s);
	assert_int_equal(schedule_parse(&s, "window", "7d", &err),
	    ST_INVALID);
	assert_non_null(err);
	free(err);
}

/* staffed_hours: days, ranges, comma lists and hours. */
static void
test_staffed_parse(void **state)
{
	struct staffed	 s;
	char		*err = NULL;

	(void)state;
	staffed_defaults(&s);
	assert_int_equal(staffed_parse(&s, "mon,wed,fri 9:00-14:30", &err),
	    ST_OK);
	assert_null(err);
	assert_int_equal(s.days, (1U << 1) | (1U << 3) | (1U << 5));
	assert_int_equal(s.open, 9 * 60);
	assert_int_equal(s.close, 14 * 60 + 30);
	assert_int_equal(staffed_parse(&s, "mon-sun 00:00-24:00", &err),
	    ST_OK);
	assert_int_equal(s.days, 0x7f);
	assert_int_equal(s.open, 0);
	assert_int_equal(s.close, 24 * 60);
	assert_int_equal(staffed_parse(&s, " Mon, Wed,  FRI 08:15-20:45 ",
	    &err), ST_OK);
	assert_int_equal(s.days, (1U << 1) | (1U << 3) | (1U << 5));
	assert_int_equal(s.open, 8 * 60 + 15);
	assert_int_equal(s.close, 20 * 60 + 45);
	/* A range may wrap past Sunday; lists and ranges mix. */
	assert_int_equal(staffed_parse(&s, "fri-mon 10:00-10:01", &err),
	    ST_OK);
	assert_int_equal(s.days, (1U << 5) | (1U << 6) | (1U << 0) |
	    (1U << 1));
	assert_int_equal(s.close - s.open, 1);
	assert_int_equal(staffed_parse(&s, "sun,tue-thu 07:00-19:00", &err),
	    ST_OK);
	assert_int_equal(s.days, (1U << 0) | (1U << 2) | (1U << 3) |
	    (1U << 4));
	assert_int_equal(staffed_parse(&s, "mon-fri 09:00-17:00", &err),
	    ST_OK);
	assert_int_equal(s.days, 0x3e);

	staffed_bad("", "expected days and hours, such as \"mon-fri "
	    "09:00-17:00\"");
	staffed_bad("09:00-17:00", "'09:00-17:00' is not days and hours: "
	    "expected days, a space and hours, such as \"mon-fri "
	    "09:00-17:00\"");
	staffed_bad("monday-friday 09:00-17:00", "'monday-friday' is not a "
	    "day or a range of days: expected mon, tue, wed, thu, fri, sat "
	    "or sun, such as mon-fri");
	staffed_bad("mon-xyz 09:00-17:00", "'mon-xyz' is not a day or a "
	    "range of days: expected mon, tue, wed, thu, fri, sat or sun, "
	    "such as mon-fri");
	staffed_bad("mon,,fri 09:00-17:00", "'mon,,fri' has an empty day: "
	    "expected days separated by commas, such as mon,wed,fri");
	staffed_bad("mon-fri 9-17", "'9' is not a time: expected HH:MM from "
	    "00:00 to 23:59, such as 09:00");
	staffed_bad("mon-fri 0900", "'0900' is not a time range: expected "
	    "opening and closing times such as 09:00-17:00");
	staffed_bad("mon-fri 25:00-26:00", "'25:00' is not a time: expected "
	    "HH:MM from 00:00 to 23:59, such as 09:00");
	staffed_bad("mon-fri 09:60-17:00", "'09:60' is not a time: expected "
	    "HH:MM from 00:00 to 23:59, such as 09:00");
	staffed_bad("mon-fri 09:00-24:30", "'24:30' is not a time: expected "
	    "HH:MM from 00:01 to 24:00, such as 17:00");
	staffed_bad("mon-fri 09:00-5pm", "'5pm' is not a time: expected "
	    "HH:MM from 00:01 to 24:00, such as 17:00");
	staffed_bad("mon-fri 24:00-24:00", "'24:00' cannot open the day: "
	    "expected an opening time from 00:00 to 23:59 (24:00 can only "
	    "close it)");
	staffed_bad("mon-fri 17:00-09:00", "'17:00-09:00' closes before it "
	    "opens: expected a closing time after the opening time, such as "
	    "09:00-17:00");
	staffed_bad("mon-fri 09:00-09:00", "'09:00-09:00' closes before it "
	    "opens: expected a closing time after the opening time, such as "
	    "09:00-17:00");
	staffed_bad("mon-fri 09:00-17:00 sat", "'sat' is not a time range: "
	    "expected opening and closing times such as 09:00-17:00");
}

/* Months keep the day, clamped to the month's end; never drifting. */
static void
test_add_months(void **state)
{
	int64_t	jan31;

	(void)state;
	tz(TZ_MADRID);
	/* Non-leap and leap years. */
	jan31 = loc(2026, 1, 31, 15, 30);
	assert_midnight(schedule_add(jan31, 1, SCHEDULE_MONTHS), 2026, 2, 28);
	assert_midnight(schedule_add(loc(2024, 1, 31, 0, 0), 1,
	    SCHEDULE_MONTHS), 2024, 2, 29);
	/* The k-th month counts from the start: 31 Mar, not 28 Mar. */
	assert_midnight(schedule_add(jan31, 2, SCHEDULE_MONTHS), 2026, 3, 31);
	assert_midnight(schedule_add(jan31, 3, SCHEDULE_MONTHS), 2026, 4, 30);
	assert_midnight(schedule_add(loc(2026, 3, 31, 12, 0), 1,
	    SCHEDULE_MONTHS), 2026, 4, 30);
	/* 29 February. */
	assert_midnight(schedule_add(loc(2024, 2, 29, 9, 0), 12,
	    SCHEDULE_MONTHS), 2025, 2, 28);
	assert_midnight(schedule_add(loc(2024, 2, 29, 9, 0), 48,
	    SCHEDULE_MONTHS), 2028, 2, 29);
	assert_midnight(schedule_add(loc(2024, 2, 29, 9, 0), 1,
	    SCHEDULE_MONTHS), 2024, 3, 29);
	/* Across a year, and backwards. */
	assert_midnight(schedule_add(loc(2025, 12, 31, 23, 59), 2,
	    SCHEDULE_MONTHS), 2026, 2, 28);
	assert_midnight(schedule_add(loc(2026, 3, 31, 0, 0), -1,
	    SCHEDULE_MONTHS), 2026, 2, 28);
	assert_midnight(schedule_add(loc(2026, 1, 15, 0, 0), -13,
	    SCHEDULE_MONTHS), 2024, 12, 15);
	/* Days and weeks. */
	assert_midnight(schedule_add(loc(2024, 2, 28, 18, 0), 1,
	    SCHEDULE_DAYS), 2024, 2, 29);
	assert_midnight(schedule_add(loc(2025, 2, 28, 18, 0), 1,
	    SCHEDULE_DAYS), 2025, 3, 1);
	assert_midnight(schedule_add(loc(2025, 12, 31, 23, 0), 1,
	    SCHEDULE_DAYS), 2026, 1, 1);
	assert_midnight(schedule_add(loc(2026, 1, 12, 9, 0), 2,
	    SCHEDULE_WEEKS), 2026, 1, 26);
	assert_midnight(schedule_add(loc(2026, 1, 12, 9, 0), 0,
	    SCHEDULE_DAYS), 2026, 1, 12);
	assert_midnight(schedule_day_start(loc(2026, 1, 12, 23, 59)),
	    2026, 1, 12);
}

/*
 * Madrid's change to summer time (last Sunday of March, 02:00 -> 03:00):
 * a day is a calendar day, so that Sunday is 23 hours long and a 7-day
 * window across it 7 days minus an hour; in October the other way.
 */
static void
test_madrid_dst(void **state)
{
	struct schedule		 s;
	struct schedule_slot	*v;
	int64_t			 enrolled, sunday;
	size_t			 n;

	(void)state;
	tz(TZ_MADRID);
	schedule_defaults(&s);
	/* 25 March 2026 is a Wednesday; the change is on the 29th. */
	enrolled = loc(2026, 3, 25, 10, 0);
	v = slots(&s, enrolled, NULL, 0, loc(2026, 4, 2, 0, 0), &n);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].window, "enrolment");
	assert_int_equal(v[0].opens, utc(2026, 3, 24, 23, 0));	/* CET */
	assert_int_equal(v[0].closes, utc(2026, 3, 31, 22, 0));	/* CEST */
	assert_midnight(v[0].opens, 2026, 3, 25);
	assert_midnight(v[0].closes, 2026, 4, 1);
	assert_int_equal(v[0].closes - v[0].opens, 7 * DAY - HOUR);
	free(v);

	sunday = schedule_day_start(loc(2026, 3, 29, 12, 0));
	assert_int_equal(sunday, utc(2026, 3, 28, 23, 0));
	assert_int_equal(schedule_add(sunday, 1, SCHEDULE_DAYS) - sunday,
	    DAY - HOUR);
	/* 25 October 2026: 03:00 -> 02:00, a day of 25 hours. */
	sunday = schedule_day_start(loc(2026, 10, 25, 12, 0));
	assert_int_equal(sunday, utc(2026, 10, 24, 22, 0));
	assert_int_equal(schedule_add(sunday, 1, SCHEDULE_DAYS) - sunday,
	    DAY + HOUR);
	/* A window that spans it is 7 days and an hour long. */
	enrolled = loc(2026, 10, 22, 18, 0);
	v = slots(&s, enrolled, NULL, 0, enrolled, &n);
	assert_int_equal(n, 4);
	assert_midnight(v[0].closes, 2026, 10, 29);
	assert_int_equal(v[0].closes - v[0].opens, 7 * DAY + HOUR);
	free(v);
	/* Monthly across the change: still midnights. */
	assert_int_equal(schedule_add(loc(2026, 3, 15, 0, 0), 1,
	    SCHEDULE_MONTHS), utc(2026, 4, 14, 22, 0));
}

/*
 * One patient, enrolled at one instant, scheduled in New York and in
 * Auckland: forms open at local midnights of each zone, and the
 * enrolment date is each zone's own.
 */
static void
test_other_zones(void **state)
{
	struct schedule		 s;
	struct schedule_slot	*v;
	int64_t			 enrolled, now;
	size_t			 n, i;

	(void)state;
	schedule_defaults(&s);
	enrolled = utc(2026, 3, 5, 12, 0);
	now = utc(2026, 6, 10, 0, 0);

	/* New York: 07:00 on 5 March; summer time from 8 March. */
	tz(TZ_NEW_YORK);
	v = slots(&s, enrolled, NULL, 0, now, &n);
	assert_int_equal(n, 4 + 3 * 2);
	expect(v, n, "enrolment", "phq9", 2026, 3, 5);
	assert_int_equal(v[0].opens, utc(2026, 3, 5, 5, 0));	/* EST */
	assert_int_equal(v[0].closes, utc(2026, 3, 12, 4, 0));	/* EDT */
	assert_int_equal(v[0].closes - v[0].opens, 7 * DAY - HOUR);
	expect(v, n, "community 2026-03-05 #1", "who5", 2026, 4, 5);
	expect(v, n, "community 2026-03-05 #3", "distress", 2026, 6, 5);
	assert_int_equal(find(v, n, "community 2026-03-05 #1",
	    "who5")->opens, utc(2026, 4, 5, 4, 0));
	for (i = 0; i < n; i++)
		assert_true(strstr(v[i].window, "2026-03-06") == NULL);
	free(v);

	/* Auckland: 01:00 on 6 March; summer time ends on 5 April. */
	tz(TZ_AUCKLAND);
	v = slots(&s, enrolled, NULL, 0, now, &n);
	assert_int_equal(n, 4 + 3 * 2);
	expect(v, n, "enrolment", "k10", 2026, 3, 6);
	assert_int_equal(v[0].opens, utc(2026, 3, 5, 11, 0));	/* NZDT */
	expect(v, n, "community 2026-03-06 #1", "who5", 2026, 4, 6);
	assert_int_equal(find(v, n, "community 2026-03-06 #1",
	    "who5")->opens, utc(2026, 4, 5, 12, 0));		/* NZST */
	free(v);

	/* The Auckland window across its change is 7 days and an hour. */
	enrolled = loc(2026, 4, 1, 9, 0);
	v = slots(&s, enrolled, NULL, 0, enrolled, &n);
	assert_int_equal(v[0].opens, utc(2026, 3, 31, 11, 0));
	assert_int_equal(v[0].closes, utc(2026, 4, 7, 12, 0));
	assert_int_equal(v[0].closes - v[0].opens, 7 * DAY + HOUR);
	free(v);

	/* In UTC every day is 86400 seconds. */
	tz(TZ_UTC);
	v = slots(&s, enrolled, NULL, 0, enrolled, &n);
	assert_int_equal(v[0].closes - v[0].opens, 7 * DAY);
	free(v);
}

/* Only enrolled: the enrolment forms, then nothing until a month on. */
static void
test_enrolment_only(void **state)
{
	struct schedule		 s;
	struct schedule_slot	*v;
	int64_t			 enrolled;
	size_t			 n;

	(void)state;
	tz(TZ_MADRID);
	schedule_defaults(&s);
	enrolled = loc(2026, 1, 10, 12, 0);
	v = slots(&s, enrolled, NULL, 0, loc(2026, 2, 9, 23, 59), &n);
	assert_int_equal(n, 4);
	/* The same day: ordered by instrument. */
	assert_string_equal(v[0].instrument, "gad7");
	assert_string_equal(v[1].instrument, "k10");
	assert_string_equal(v[2].instrument, "phq9");
	assert_string_equal(v[3].instrument, "who5");
	assert_string_equal(v[0].window, "enrolment");
	assert_midnight(v[0].opens, 2026, 1, 10);
	assert_midnight(v[0].closes, 2026, 1, 17);
	free(v);

	/* Opened already at the moment of enrolment; not before it. */
	v = slots(&s, enrolled, NULL, 0, enrolled, &n);
	assert_int_equal(n, 4);
	free(v);
	v = slots(&s, enrolled, NULL, 0, enrolled - 1, &n);
	assert_int_equal(n, 0);
	free(v);

	/* With no enrolment forms, nothing. */
	parse_ok(&s, "schedule_enrolment", "");
	parse_ok(&s, "schedule_community", "");
	v = slots(&s, enrolled, NULL, 0, loc(2027, 1, 1, 0, 0), &n);
	assert_int_equal(n, 0);
	free(v);
}

/*
 * A programme of psychoeducation then therapy is one programme: PHQ-4
 * every 2 weeks and PHQ-9 every 4 from its start until its end, then the
 * enrolment forms at its end and 3, 6 and 12 months later, then the
 * community phase.
 */
static void
test_programme(void **state)
{
	struct schedule		 s;
	struct schedule_slot	*v;
	struct care_period	 p[4];
	int64_t			 enrolled, now;
	size_t			 n;

	(void)state;
	tz(TZ_MADRID);
	schedule_defaults(&s);
	enrolled = loc(2026, 1, 5, 10, 0);
	p[0].level = CARE_MONITORING;
	p[0].from = enrolled;
	p[0].to = p[1].from = loc(2026, 1, 12, 9, 0);
	p[1].level = CARE_PSYCHOEDUCATION;
	p[1].to = p[2].from = loc(2026, 2, 16, 11, 0);
	p[2].level = CARE_THERAPY;
	p[2].to = p[3].from = loc(2026, 4, 20, 15, 0);
	p[3].level = CARE_COMMUNITY;
	p[3].to = 0;
	now = loc(2027, 6, 1, 0, 0);
	v = slots(&s, enrolled, p, 4, now, &n);

	expect(v, n, "enrolment", "phq9", 2026, 1, 5);
	assert_int_equal(count(v, n, "enrolment", NULL), 4);
	/* A week of monitoring: too short for a monthly form. */
	assert_int_equal(count(v, n, "community 2026-01-05", NULL), 0);

	/* PHQ-4 every 2 weeks, through the change to therapy. */
	expect(v, n, "programme 2026-01-12 #1", "phq4", 2026, 1, 26);
	expect(v, n, "programme 2026-01-12 #2", "phq4", 2026, 2, 9);
	expect(v, n, "programme 2026-01-12 #3", "phq4", 2026, 2, 23);
	expect(v, n, "programme 2026-01-12 #5", "phq4", 2026, 3, 23);
	expect(v, n, "programme 2026-01-12 #6", "phq4", 2026, 4, 6);
	/* The last day of the programme is still in it. */
	expect(v, n, "programme 2026-01-12 #7", "phq4", 2026, 4, 20);
	assert_null(find(v, n, "programme 2026-01-12 #8", "phq4"));
	assert_int_equal(count(v, n, "programme", "phq4"), 7);
	/* PHQ-9 every 4 weeks. */
	expect(v, n, "programme 2026-01-12 #1", "phq9", 2026, 2, 9);
	expect(v, n, "programme 2026-01-12 #2", "phq9", 2026, 3, 9);
	expect(v, n, "programme 2026-01-12 #3", "phq9", 2026, 4, 6);
	assert_int_equal(count(v, n, "programme", "phq9"), 3);
	assert_int_equal(count(v, n, "programme 2026-02-16", NULL), 0);

	/* The end, as at enrolment. */
	expect(v, n, "end 2026-04-20", "phq9", 2026, 4, 20);
	expect(v, n, "end 2026-04-20", "gad7", 2026, 4, 20);
	expect(v, n, "end 2026-04-20", "who5", 2026, 4, 20);
	expect(v, n, "end 2026-04-20", "k10", 2026, 4, 20);
	assert_int_equal(count(v, n, "end", NULL), 4);
	/* Follow-ups. */
	expect(v, n, "followup 2026-04-20 +3mo", "k10", 2026, 7, 20);
	expect(v, n, "followup 2026-04-20 +6mo", "phq9", 2026, 10, 20);
	expect(v, n, "followup 2026-04-20 +12mo", "gad7", 2027, 4, 20);
	expect(v, n, "followup 2026-04-20 +12mo", "who5", 2027, 4, 20);
	assert_int_equal(count(v, n, "followup", NULL), 12);

	/*
	 * The community phase from the end: monthly, counted from its
	 * start.  WHO-5 on a follow-up's day is the follow-up's form.
	 */
	expect(v, n, "community 2026-04-20 #1", "who5", 2026, 5, 20);
	expect(v, n, "community 2026-04-20 #1", "distress", 2026, 5, 20);
	expect(v, n, "community 2026-04-20 #3", "distress", 2026, 7, 20);
	assert_null(find(v, n, "community 2026-04-20 #3", "who5"));
	assert_null(find(v, n, "community 2026-04-20 #6", "who5"));
	expect(v, n, "community 2026-04-20 #13", "who5", 2027, 5, 20);
	assert_null(find(v, n, "community 2026-04-20 #14", "distress"));
	assert_int_equal(count(v, n, "community", "distress"), 13);
	assert_int_equal(count(v, n, "community", "who5"), 10);
	assert_int_equal(n, 4 + 7 + 3 + 4 + 12 + 13 + 10);
	free(v);

	/* While the programme runs: its forms so far, no end. */
	p[2].to = 0;
	now = loc(2026, 3, 9, 0, 0);
	v = slots(&s, enrolled, p, 3, now, &n);
	assert_int_equal(count(v, n, "programme", "phq4"), 4);
	assert_int_equal(count(v, n, "programme", "phq9"), 2);
	assert_int_equal(count(v, n, "end", NULL), 0);
	assert_int_equal(count(v, n, "followup", NULL), 0);
	assert_int_equal(n, 4 + 4 + 2);
	/* And a second later than the last one's opening changes nothing. */
	free(v);
	v = slots(&s, enrolled, p, 3, now - 1, &n);
	assert_int_equal(n, 4 + 3 + 1);
	free(v);
}

/*
 * The community phase before and after a programme, from 31 January:
 * monthly forms on the 28th of February, then the 31st of March and the
 * 30th of April, counted from the phase's start.
 */
static void
test_community(void **state)
{
	struct schedule		 s;
	struct schedule_slot	*v;
	struct care_period	 p[2];
	int64_t			 enrolled, now;
	size_t			 n;

	(void)state;
	tz(TZ_MADRID);
	schedule_defaults(&s);
	parse_ok(&s, "schedule_enrolment", "phq9");
	parse_ok(&s, "schedule_programme", "phq4 every 1w");
	parse_ok(&s, "schedule_community", "who5 every 1mo");
	parse_ok(&s, "schedule_followups", "3mo");
	enrolled = loc(2026, 1, 31, 9, 0);
	/* No period until therapy: monitoring since enrolment. */
	p[0].level = CARE_THERAPY;
	p[0].from = loc(2026, 5, 10, 12, 0);
	p[0].to = p[1].from = loc(2026, 6, 1, 16, 0);
	p[1].level = CARE_COMMUNITY;
	p[1].to = 0;
	now = loc(2026, 8, 15, 0, 0);
	v = slots(&s, enrolled, p, 2, now, &n);
	expect(v, n, "enrolment", "phq9", 2026, 1, 31);
	expect(v, n, "community 2026-01-31 #1", "who5", 2026, 2, 28);
	expect(v, n, "community 2026-01-31 #2", "who5", 2026, 3, 31);
	expect(v, n, "community 2026-01-31 #3", "who5", 2026, 4, 30);
	/* 31 May is in the programme. */
	assert_null(find(v, n, "community 2026-01-31 #4", "who5"));
	expect(v, n, "programme 2026-05-10 #1", "phq4", 2026, 5, 17);
	expect(v, n, "programme 2026-05-10 #3", "phq4", 2026, 5, 31);
	assert_null(find(v, n, "programme 2026-05-10 #4", "phq4"));
	expect(v, n, "end 2026-06-01", "phq9", 2026, 6, 1);
	expect(v, n, "community 2026-06-01 #1", "who5", 2026, 7, 1);
	expect(v, n, "community 2026-06-01 #2", "who5", 2026, 8, 1);
	/* Not yet opened: the next monthly form and the follow-up. */
	assert_null(find(v, n, "community 2026-06-01 #3", "who5"));
	assert_null(find(v, n, "followup 2026-06-01 +3mo", "phq9"));
	assert_int_equal(n, 1 + 3 + 3 + 1 + 2);
	free(v);

	/* A form opens at its midnight, not a second before. */
	v = slots(&s, enrolled, p, 2, loc(2026, 8, 1, 0, 0), &n);
	assert_non_null(find(v, n, "community 2026-06-01 #2", "who5"));
	free(v);
	v = slots(&s, enrolled, p, 2, loc(2026, 8, 1, 0, 0) - 1, &n);
	assert_null(find(v, n, "community 2026-06-01 #2", "who5"));
	assert_non_null(find(v, n, "community 2026-06-01 #1", "who5"));
	free(v);
	v = slots(&s, enrolled, p, 2, loc(2026, 9, 1, 0, 0), &n);
	expect(v, n, "followup 2026-06-01 +3mo", "phq9", 2026, 9, 1);
	expect(v, n, "community 2026-06-01 #3", "who5", 2026, 9, 1);
	free(v);

	/* Monitoring then community is one phase: the count goes on. */
	p[0].level = CARE_MONITORING;
	p[0].from = enrolled;
	p[0].to = p[1].from = loc(2026, 3, 1, 10, 0);
	v = slots(&s, enrolled, p, 2, loc(2026, 5, 1, 0, 0), &n);
	expect(v, n, "community 2026-01-31 #1", "who5", 2026, 2, 28);
	expect(v, n, "community 2026-01-31 #2", "who5", 2026, 3, 31);
	expect(v, n, "community 2026-01-31 #3", "who5", 2026, 4, 30);
	assert_int_equal(count(v, n, "community 2026-03-01", NULL), 0);
	assert_int_equal(n, 1 + 3);
	free(v);
}

/* Two programmes: each has its own windows, end and follow-ups. */
static void
test_two_programmes(void **state)
{
	struct schedule		 s;
	struct schedule_slot	*v;
	struct care_period	 p[3];
	int64_t			 enrolled;
	size_t			 n;

	(void)state;
	tz(TZ_UTC);
	schedule_defaults(&s);
	enrolled = loc(2026, 1, 1, 8, 0);
	p[0].level = CARE_PSYCHOEDUCATION;
	p[0].from = enrolled;
	p[0].to = p[1].from = loc(2026, 2, 1, 0, 0);
	p[1].level = CARE_MONITORING;
	p[1].to = p[2].from = loc(2026, 3, 1, 10, 0);
	p[2].level = CARE_THERAPY;
	p[2].to = 0;
	v = slots(&s, enrolled, p, 3, loc(2026, 3, 20, 0, 0), &n);
	expect(v, n, "programme 2026-01-01 #2", "phq4", 2026, 1, 29);
	expect(v, n, "end 2026-02-01", "k10", 2026, 2, 1);
	expect(v, n, "community 2026-02-01 #1", "who5", 2026, 3, 1);
	expect(v, n, "programme 2026-03-01 #1", "phq4", 2026, 3, 15);
	assert_int_equal(n, 4 + 2 + 1 + 4 + 2 + 1);
	free(v);

	/* A phase that ends at midnight does not have that day's forms. */
	p[1].to = p[2].from = loc(2026, 3, 1, 0, 0);
	v = slots(&s, enrolled, p, 3, loc(2026, 3, 20, 0, 0), &n);
	assert_int_equal(count(v, n, "community", NULL), 0);
	expect(v, n, "programme 2026-03-01 #1", "phq4", 2026, 3, 15);
	assert_int_equal(n, 4 + 2 + 1 + 4 + 1);
	free(v);
}

/* A runaway history is refused; ten years of weekly forms is fine. */
static void
test_cap(void **state)
{
	struct schedule		 s;
	struct schedule_slot	*v = NULL;
	struct care_period	 p;
	int64_t			 enrolled, now;
	size_t			 n = 99;

	(void)state;
	tz(TZ_UTC);
	schedule_defaults(&s);
	parse_ok(&s, "schedule_community", "a every 1d, b every 1d, c every "
	    "1d, d every 1d, e every 1d, f every 1d, g every 1d, h every 1d");
	assert_int_equal(schedule_slots(&s, 0, NULL, 0, utc(2026, 1, 1, 0, 0),
	    &v, &n), ST_INVALID);
	assert_null(v);
	assert_int_equal(n, 0);

	parse_ok(&s, "schedule_programme", "phq4 every 1w, phq9 every 1w");
	enrolled = utc(2016, 1, 1, 0, 0);
	now = utc(2026, 1, 1, 0, 0);
	p.level = CARE_THERAPY;
	p.from = enrolled;
	p.to = 0;
	v = slots(&s, enrolled, &p, 1, now, &n);
	assert_int_equal(count(v, n, "programme", "phq4"), 521);
	assert_int_equal(n, 4 + 2 * 521);
	free(v);
}

/* Staffed hours: open, and time counted in them. */
static void
test_staffed_add(void **state)
{
	struct staffed	 s;
	char		*err = NULL;
	int64_t		 t;

	(void)state;
	tz(TZ_MADRID);
	staffed_defaults(&s);
	/* 2 March 2026 is a Monday. */
	assert_true(staffed_is_open(&s, loc(2026, 3, 2, 9, 0)));
	assert_false(staffed_is_open(&s, loc(2026, 3, 2, 9, 0) - 1));
	assert_true(staffed_is_open(&s, loc(2026, 3, 2, 17, 0) - 1));
	assert_false(staffed_is_open(&s, loc(2026, 3, 2, 17, 0)));
	assert_false(staffed_is_open(&s, loc(2026, 3, 7, 12, 0)));
	assert_false(staffed_is_open(&s, loc(2026, 3, 8, 12, 0)));

	/* Across the night. */
	assert_int_equal(staffed_add(&s, loc(2026, 3, 3, 16, 30), 2 * HOUR),
	    loc(2026, 3, 4, 10, 30));
	/* Across the weekend. */
	assert_int_equal(staffed_add(&s, loc(2026, 3, 6, 16, 30), HOUR),
	    loc(2026, 3, 9, 9, 30));
	/* Raised at night or at the weekend: counted from the opening. */
	assert_int_equal(staffed_add(&s, loc(2026, 3, 3, 2, 0), HOUR),
	    loc(2026, 3, 3, 10, 0));
	assert_int_equal(staffed_add(&s, loc(2026, 3, 7, 12, 0), HOUR),
	    loc(2026, 3, 9, 10, 0));
	/* Zero: now when open, else the next opening. */
	t = loc(2026, 3, 2, 11, 17);
	assert_int_equal(staffed_add(&s, t, 0), t);
	assert_int_equal(staffed_add(&s, loc(2026, 3, 2, 17, 0), 0),
	    loc(2026, 3, 3, 9, 0));
	assert_int_equal(staffed_add(&s, loc(2026, 3, 6, 20, 0), 0),
	    loc(2026, 3, 9, 9, 0));
	/* Ending exactly at closing time; a second more is the next day. */
	assert_int_equal(staffed_add(&s, loc(2026, 3, 2, 9, 0), 8 * HOUR),
	    loc(2026, 3, 2, 17, 0));
	assert_int_equal(staffed_add(&s, loc(2026, 3, 2, 9, 0), 8 * HOUR + 1),
	    loc(2026, 3, 3, 9, 0) + 1);
	/* A whole working week. */
	assert_int_equal(staffed_add(&s, loc(2026, 3, 2, 9, 0), 40 * HOUR),
	    loc(2026, 3, 6, 17, 0));
	/* Across the change to summer time: still 09:00 on the clock. */
	assert_int_equal(staffed_add(&s, loc(2026, 3, 27, 16, 0), 2 * HOUR),
	    utc(2026, 3, 30, 8, 0));
	assert_local(staffed_add(&s, loc(2026, 3, 27, 16, 0), 2 * HOUR),
	    2026, 3, 30, 10, 0);

	/* Around the clock. */
	assert_int_equal(staffed_parse(&s, "mon-sun 00:00-24:00", &err),
	    ST_OK);
	t = loc(2026, 3, 7, 23, 30);
	assert_true(staffed_is_open(&s, t));
	assert_int_equal(staffed_add(&s, t, HOUR), t + HOUR);
	assert_int_equal(staffed_add(&s, t, 0), t);
	assert_int_equal(staffed_day_end(&s, t, 0), loc(2026, 3, 8, 0, 0));
}

/* The end of the n-th staffed day: "same working day", "within 2". */
static void
test_staffed_day_end(void **state)
{
	struct staffed	 s;
	char		*err = NULL;

	(void)state;
	tz(TZ_MADRID);
	staffed_defaults(&s);
	/* n = 0 on a Monday: before opening, open, at and after closing. */
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 2, 7, 0), 0),
	    loc(2026, 3, 2, 17, 0));
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 2, 10, 0), 0),
	    loc(2026, 3, 2, 17, 0));
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 2, 17, 0) - 1, 0),
	    loc(2026, 3, 2, 17, 0));
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 2, 17, 0), 0),
	    loc(2026, 3, 3, 17, 0));
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 2, 22, 0), 0),
	    loc(2026, 3, 3, 17, 0));
	/* On a Saturday, and on Friday evening: Monday. */
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 7, 12, 0), 0),
	    loc(2026, 3, 9, 17, 0));
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 6, 18, 0), 0),
	    loc(2026, 3, 9, 17, 0));
	/* n = 2 across the weekend. */
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 5, 10, 0), 2),
	    loc(2026, 3, 9, 17, 0));
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 6, 18, 0), 2),
	    loc(2026, 3, 11, 17, 0));
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 7, 12, 0), 2),
	    loc(2026, 3, 11, 17, 0));
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 2, 10, 0), 1),
	    loc(2026, 3, 3, 17, 0));
	/* Across the change to summer time: 17:00 on the clock. */
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 27, 12, 0), 1),
	    utc(2026, 3, 30, 15, 0));

	/* Three days a week. */
	assert_int_equal(staffed_parse(&s, "mon,wed,fri 9:00-14:30", &err),
	    ST_OK);
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 3, 10, 0), 0),
	    loc(2026, 3, 4, 14, 30));
	assert_int_equal(staffed_day_end(&s, loc(2026, 3, 4, 15, 0), 2),
	    loc(2026, 3, 11, 14, 30));
	assert_false(staffed_is_open(&s, loc(2026, 3, 3, 10, 0)));
	assert_true(staffed_is_open(&s, loc(2026, 3, 4, 14, 29)));
	assert_false(staffed_is_open(&s, loc(2026, 3, 4, 14, 30)));
}

/* schedule_check: every instrument named must be loaded. */
static void
test_check(void **state)
{
	struct schedule	 s;
	struct conf	*c;
	char		*err = NULL;

	(void)state;
	c = conf_defaults(NULL);
	free(c->content_dir);
	c->content_dir = th_source_content();
	if (instruments_load(c, &err) != ST_OK)
		fail_msg("shipped questionnaires: %s", err);
	conf_free(c);

	schedule_defaults(&s);
	assert_int_equal(schedule_check(&s, &err), ST_OK);
	assert_null(err);

	parse_ok(&s, "schedule_community", "who5 every 1mo, wellbeing every "
	    "1mo");
	assert_int_equal(schedule_check(&s, &err), ST_INVALID);
	assert_string_equal(err, "schedule_community: unknown instrument "
	    "wellbeing");
	free(err);

	schedule_defaults(&s);
	parse_ok(&s, "schedule_programme", "phq4 every 2w, phq8 every 4w");
	assert_int_equal(schedule_check(&s, &err), ST_INVALID);
	assert_string_equal(err, "schedule_programme: unknown instrument "
	    "phq8");
	free(err);

	schedule_defaults(&s);
	parse_ok(&s, "schedule_enrolment", "phq9 gad-7");
	assert_int_equal(schedule_check(&s, &err), ST_INVALID);
	assert_string_equal(err, "schedule_enrolment: unknown instrument "
	    "gad-7");
	free(err);

	/* An empty schedule names nothing, so nothing is missing. */
	parse_ok(&s, "schedule_enrolment", "");
	parse_ok(&s, "schedule_programme", "");
	parse_ok(&s, "schedule_community", "");
	assert_int_equal(schedule_check(&s, &err), ST_OK);
	instruments_free();
}

/* main runs the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_parse_enrolment),
		cmocka_unit_test(test_parse_repeats),
		cmocka_unit_test(test_parse_followups),
		cmocka_unit_test(test_parse_window),
		cmocka_unit_test(test_staffed_parse),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_madrid_dst),
		cmocka_unit_test(test_other_zones),
		cmocka_unit_test(test_enrolment_only),
		cmocka_unit_test(test_programme),
		cmocka_unit_test(test_community),
		cmocka_unit_test(test_two_programmes),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_staffed_add),
		cmocka_unit_test(test_staffed_day_end),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
