/*
 * staffed.c: the service's staffed hours, and response targets counted in
 * them.
 *
 * The config's staffed_hours ("mon-fri 09:00-17:00") are clock times of
 * the process's time zone (the config's timezone key).  A target such as
 * "reviewed within an hour" or "within 2 working days" (safety spec) is
 * counted in staffed time only: an alert raised on Friday night is due
 * an hour after Monday's opening, not an hour after it was raised.
 *
 * Each day's opening and closing are found from its local date with
 * mktime, stepping day by day, so a change to or from summer time moves
 * them with the clock.  staffed_parse rejects a week without a staffed
 * day, which is what makes every loop here end.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "bbs.h"

#define STAFFED_BLANKS		" \t"
#define STAFFED_ALL_DAYS	0x7fU
#define STAFFED_DAY_MINUTES	(24 * 60)
#define STAFFED_MAX_DAYS	(400 * 366)	/* a guard on every loop */

/* Day names in the week's order, Monday first, with their tm_wday. */
static const struct {
	const char	*name;
	int		 wday;
} staffed_days[] = {
	{ "mon", 1 }, { "tue", 2 }, { "wed", 3 }, { "thu", 4 },
	{ "fri", 5 }, { "sat", 6 }, { "sun", 0 },
};

#define STAFFED_NDAYS	(sizeof staffed_days / sizeof staffed_days[0])

/* staffed_defaults fills s with Monday to Friday, 09:00 to 17:00. */
void
staffed_defaults(struct staffed *s)
{
	memset(s, 0, sizeof *s);
	s->days = (1U << 1) | (1U << 2) | (1U << 3) | (1U << 4) | (1U << 5);
	s->open = 9 * 60;
	s->close = 17 * 60;
}

/* staffed_day returns the index in staffed_days of w (len bytes), or -1. */
static int
staffed_day(const char *w, size_t len)
{
	size_t	i;

	if (len != 3)
		return -1;
	for (i = 0; i < STAFFED_NDAYS; i++)
		if (strncasecmp(w, staffed_days[i].name, 3) == 0)
			return (int)i;
	return -1;
}

/*
 * staffed_parse_days reads a day list "mon-fri" or "mon,wed,fri" (len
 * bytes, no blanks) into *days.  A range may wrap past Sunday ("fri-mon").
 */
static int
staffed_parse_days(const char *v, size_t len, unsigned *days, char **err)
{
	const char	*p = v, *end = v + len, *item, *dash;
	size_t		 n;
	int		 a, b;

	*days = 0;
	while (p <= end) {
		item = p;
		while (p < end && *p != ',')
			p++;
		n = p - item;
		if (n == 0)
			return conf_value_fail(err, "'%s' has an empty day: "
			    "expected days separated by commas, such as "
			    "mon,wed,fri", v, len);
		if ((dash = memchr(item, '-', n)) == NULL) {
			if ((a = staffed_day(item, n)) == -1)
				goto bad;
			b = a;
		} else if ((a = staffed_day(item, dash - item)) == -1 ||
		    (b = staffed_day(dash + 1, n - (dash + 1 - item))) == -1)
			goto bad;
		for (;;) {
			*days |= 1U << staffed_days[a].wday;
			if (a == b)
				break;
			a = (a + 1) % (int)STAFFED_NDAYS;
		}
		p++;	/* past the comma, or past end to stop */
	}
	return ST_OK;
bad:
	return conf_value_fail(err, "'%s' is not a day or a range of days: "
	    "expected mon, tue, wed, thu, fri, sat or sun, such as mon-fri",
	    item, n);
}

/* staffed_parse_time reads "9:00" or "09:00" (len bytes) into minutes. */
static bool
staffed_parse_time(const char *w, size_t len, int *minutes)
{
	int	h, m;

	if (len == 4 && isdigit((unsigned char)w[0]) && w[1] == ':' &&
	    isdigit((unsigned char)w[2]) && isdigit((unsigned char)w[3]))
		h = w[0] - '0';
	else if (len == 5 && isdigit((unsigned char)w[0]) &&
	    isdigit((unsigned char)w[1]) && w[2] == ':' &&
	    isdigit((unsigned char)w[3]) && isdigit((unsigned char)w[4])) {
		h = (w[0] - '0') * 10 + (w[1] - '0');
		w++;
	} else
		return false;
	m = (w[2] - '0') * 10 + (w[3] - '0');
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return false;
	*minutes = h * 60 + m;
	return true;
}

/* staffed_parse_hours reads "09:00-17:00" (len bytes) into s. */
static int
staffed_parse_hours(struct staffed *s, const char *v, size_t len,
    char **err)
{
	const char	*dash;
	size_t		 n;

	if ((dash = memchr(v, '-', len)) == NULL)
		return conf_value_fail(err, "'%s' is not a time range: expected "
		    "opening and closing times such as 09:00-17:00", v, len);
	n = dash - v;
	if (!staffed_parse_time(v, n, &s->open))
		return conf_value_fail(err, "'%s' is not a time: expected "
		    "HH:MM from 00:00 to 23:59, such as 09:00", v, n);
	if (s->open == STAFFED_DAY_MINUTES)
		return conf_value_fail(err, "'%s' cannot open the day: expected "
		    "an opening time from 00:00 to 23:59 (24:00 can only "
		    "close it)", v, n);
	n = len - (dash + 1 - v);
	if (!staffed_parse_time(dash + 1, n, &s->close))
		return conf_value_fail(err, "'%s' is not a time: expected "
		    "HH:MM from 00:01 to 24:00, such as 17:00", dash + 1, n);
	if (s->close <= s->open)
		return conf_value_fail(err, "'%s' closes before it opens: "
		    "expected a closing time after the opening time, such "
		    "as 09:00-17:00", v, len);
	return ST_OK;
}

/*
 * staffed_parse reads the config's staffed_hours, "mon-fri 09:00-17:00":
 * days (names, ranges and comma lists, blanks allowed after commas) then
 * one range of hours.  On error *err (allocated) says what was expected,
 * and s is left as it was.
 */
int
staffed_parse(struct staffed *s, const char *value, char **err)
{
	struct staffed	 copy;
	const char	*v, *end, *hours;
	char		*days;
	size_t		 i, n;
	int		 st;

	*err = NULL;
	v = value + strspn(value, STAFFED_BLANKS);
	end = v + strlen(v);
	while (end > v && strchr(STAFFED_BLANKS, end[-1]) != NULL)
		end--;
	hours = end;
	while (hours > v && strchr(STAFFED_BLANKS, hours[-1]) == NULL)
		hours--;
	if (hours == v) {
		if (v == end)
			*err = xstrdup("expected days and hours, such as "
			    "\"mon-fri 09:00-17:00\"");
		else
			conf_value_fail(err, "'%s' is not days and hours: "
			    "expected days, a space and hours, such as "
			    "\"mon-fri 09:00-17:00\"", v, end - v);
		return ST_INVALID;
	}

	/* The days, without the blanks "mon, wed, fri" may have. */
	days = xmalloc(hours - v + 1);
	for (i = n = 0; v + i < hours; i++)
		if (strchr(STAFFED_BLANKS, v[i]) == NULL)
			days[n++] = v[i];
	days[n] = '\0';

	/* The hours first: a stray word at the end is taken for them. */
	copy = *s;
	st = staffed_parse_hours(&copy, hours, end - hours, err);
	if (st == ST_OK)
		st = staffed_parse_days(days, n, &copy.days, err);
	free(days);
	if (st == ST_OK)
		*s = copy;
	return st;
}

/* staffed_valid tells whether s has staffed time in every week. */
static bool
staffed_valid(const struct staffed *s)
{
	return (s->days & STAFFED_ALL_DAYS) != 0 && s->open >= 0 &&
	    s->close > s->open && s->close <= STAFFED_DAY_MINUTES;
}

/* staffed_at returns the time minutes after local midnight of day. */
static int64_t
staffed_at(int64_t day, int minutes)
{
	struct tm	tm;
	time_t		t = (time_t)day;

	if (minutes >= STAFFED_DAY_MINUTES)
		return schedule_add(day, 1, SCHEDULE_DAYS);
	memset(&tm, 0, sizeof tm);
	localtime_r(&t, &tm);
	tm.tm_hour = minutes / 60;
	tm.tm_min = minutes % 60;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/*
 * staffed_hours tells whether the local day starting at day is staffed,
 * and if so its opening and closing times.
 */
static bool
staffed_hours(const struct staffed *s, int64_t day, int64_t *open,
    int64_t *close)
{
	struct tm	tm;
	time_t		t = (time_t)day;

	memset(&tm, 0, sizeof tm);
	localtime_r(&t, &tm);
	if ((s->days & (1U << tm.tm_wday)) == 0)
		return false;
	*open = staffed_at(day, s->open);
	*close = staffed_at(day, s->close);
	return *close > *open;
}

/* staffed_is_open tells whether t falls in staffed hours. */
bool
staffed_is_open(const struct staffed *s, int64_t t)
{
	int64_t	open, close;

	if (!staffed_valid(s))
		return false;
	return staffed_hours(s, schedule_day_start(t), &open, &close) &&
	    open <= t && t < close;
}

/*
 * staffed_add returns the time when seconds of staffed time have passed
 * after t; outside hours the count starts at the next opening, so 0
 * seconds is t when open, otherwise the next opening.  Without valid
 * hours (never after staffed_parse) it is plain t + seconds.
 */
int64_t
staffed_add(const struct staffed *s, int64_t t, int seconds)
{
	int64_t	day, open, close, from, left;
	int	i;

	left = seconds > 0 ? seconds : 0;
	if (!staffed_valid(s))
		return t + left;
	day = schedule_day_start(t);
	for (i = 0; i < STAFFED_MAX_DAYS; i++) {
		if (staffed_hours(s, day, &open, &close) && t < close) {
			from = t > open ? t : open;
			if (left <= close - from)
				return from + left;
			left -= close - from;
		}
		day = schedule_add(day, 1, SCHEDULE_DAYS);
	}
	return day;
}

/*
 * staffed_day_end returns the closing time of the n-th staffed day after
 * the one t falls in: t's own day when it is staffed and t is before its
 * closing, otherwise the next staffed day.  n = 0 is "the same working
 * day", n = 2 "within 2 working days".
 */
int64_t
staffed_day_end(const struct staffed *s, int64_t t, int n)
{
	int64_t	day, open, close = t;
	int	i;

	if (!staffed_valid(s))
		return schedule_add(t, n + 1, SCHEDULE_DAYS);
	day = schedule_day_start(t);
	for (i = 0; i < STAFFED_MAX_DAYS; i++) {
		if (staffed_hours(s, day, &open, &close) && t < close)
			break;
		day = schedule_add(day, 1, SCHEDULE_DAYS);
	}
	while (n > 0 && i < STAFFED_MAX_DAYS) {
		day = schedule_add(day, 1, SCHEDULE_DAYS);
		if (staffed_hours(s, day, &open, &close))
			n--;
		i++;
	}
	return close;
}

/* Day names for people, Monday first, as tm_wday numbers them. */
static const char *const staffed_day_labels[7] = {
	N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"),
	N_("Thursday"), N_("Friday"), N_("Saturday")
};

/* staffed_clock formats minutes after midnight as "9:00" or "17:30". */
static void
staffed_clock(int minutes, char *buf, size_t len)
{
	snprintf(buf, len, "%d:%02d", minutes / 60, minutes % 60);
}

/*
 * staffed_describe_days names the staffed days in the reader's language:
 * a run such as "Monday to Friday", else a list "Monday, Wednesday and
 * Friday"; the week starts on Monday.
 */
static char *
staffed_describe_days(unsigned days)
{
	int	 order[7] = { 1, 2, 3, 4, 5, 6, 0 }, first = -1, last = -1;
	int	 i, n = 0;
	bool	 run = true;
	char	*s = NULL, *t;

	for (i = 0; i < 7; i++) {
		if ((days & (1U << order[i])) == 0)
			continue;
		if (first == -1)
			first = i;
		else if (last != i - 1)
			run = false;
		last = i;
		n++;
	}
	if (n == 7)
		return xstrdup(_("every day"));
	if (n == 1)
		return xstrdup(_(staffed_day_labels[order[first]]));
	if (run && n > 2) {
		/* TRANSLATORS: a range of days, "Monday to Friday". */
		xasprintf(&s, _("%s to %s"), _(staffed_day_labels[order[first]]),
		    _(staffed_day_labels[order[last]]));
		return s;
	}
	for (i = 0; i < 7; i++) {
		if ((days & (1U << order[i])) == 0)
			continue;
		if (s == NULL)
			s = xstrdup(_(staffed_day_labels[order[i]]));
		else if (i == last) {
			/* TRANSLATORS: the last two of a list of days. */
			xasprintf(&t, _("%s and %s"), s,
			    _(staffed_day_labels[order[i]]));
			free(s);
			s = t;
		} else {
			xasprintf(&t, "%s, %s", s,
			    _(staffed_day_labels[order[i]]));
			free(s);
			s = t;
		}
	}
	return s;
}

/*
 * staffed_describe says the staffed hours in the reader's language, for
 * the crisis card: "Monday to Friday, 9:00 to 17:00".  Allocated.
 */
char *
staffed_describe(const struct staffed *s)
{
	char	*days, *out, open[16], close[16];

	days = staffed_describe_days(s->days);
	staffed_clock(s->open, open, sizeof open);
	staffed_clock(s->close, close, sizeof close);
	/* TRANSLATORS: days, then opening and closing time. */
	xasprintf(&out, _("%s, %s to %s"), days, open, close);
	free(days);
	return out;
}
