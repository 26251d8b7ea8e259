/*
 * schedule.c: when scheduled questionnaires open and close.
 *
 * The deployment's schedule (questionnaires spec, "Schedule") comes from
 * the config's schedule_* keys.  A patient's forms follow from two facts
 * only, her enrolment and the history of her care level, so they are
 * computed again whenever needed rather than stored ahead: a change of
 * care level moves every later form at once.  Each form has a window name
 * that stays the same for as long as those facts do ("programme
 * 2026-03-02 #3"), which is what its answer and its "missed" mark are
 * stored under.
 *
 * Dates are local dates of the process's time zone (the config's
 * timezone key): a form opens at local midnight and closes at local
 * midnight window_days later, so across a change to or from summer time
 * a day is a calendar day, not 86400 seconds.  Repeats are counted from
 * the start of their phase ("every 1mo" from 31 January: 28 or 29
 * February, then 31 March), so they never drift.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bbs.h"

#define SCHEDULE_SLOTS_MAX	16384	/* forms of one patient, a guard */
#define SCHEDULE_BLANKS		" \t"
#define SCHEDULE_ID_CHARS	"abcdefghijklmnopqrstuvwxyz0123456789_-"

/*
 * Kinds of form, in the order one is kept when two open for the same
 * instrument on the same day (a follow-up that falls on a monthly
 * community form is one form, the follow-up).
 */
enum schedule_kind {
	SCHEDULE_KIND_ENROLMENT = 0,
	SCHEDULE_KIND_END,
	SCHEDULE_KIND_FOLLOWUP,
	SCHEDULE_KIND_PROGRAMME,
	SCHEDULE_KIND_COMMUNITY,
};

/* A phase: a run of periods all inside or all outside a programme. */
struct schedule_run {
	bool		 programme;
	int64_t		 start;
	int64_t		 end;		/* 0: still */
};

/* A slot being built, with its kind for the ordering. */
struct schedule_item {
	struct schedule_slot	 slot;
	enum schedule_kind	 kind;
};

/* The slots being built. */
struct schedule_list {
	struct schedule_item	*v;
	size_t			 len;
	size_t			 cap;
	bool			 full;
};

/* schedule_defaults fills s with the spec's schedule. */
void
schedule_defaults(struct schedule *s)
{
	static const char	*enrolment[] = {
		"phq9", "gad7", "who5", "k10"
	};
	static const struct schedule_repeat programme[] = {
		{ "phq4", 2, SCHEDULE_WEEKS },
		{ "phq9", 4, SCHEDULE_WEEKS },
	};
	static const struct schedule_repeat community[] = {
		{ "who5", 1, SCHEDULE_MONTHS },
		{ "distress", 1, SCHEDULE_MONTHS },
	};
	static const int	 followups[] = { 3, 6, 12 };
	size_t			 i;

	memset(s, 0, sizeof *s);
	for (i = 0; i < sizeof enrolment / sizeof enrolment[0]; i++)
		snprintf(s->enrolment[i], SCHEDULE_ID_MAX, "%s", enrolment[i]);
	s->nenrolment = i;
	memcpy(s->programme, programme, sizeof programme);
	s->nprogramme = sizeof programme / sizeof programme[0];
	memcpy(s->community, community, sizeof community);
	s->ncommunity = sizeof community / sizeof community[0];
	memcpy(s->followups, followups, sizeof followups);
	s->nfollowups = sizeof followups / sizeof followups[0];
	s->window_days = 7;
}

/*
 * schedule_number reads the decimal digits at *sp (at most 9, so an int
 * holds them) into *n, advancing *sp.
 */
static bool
schedule_number(const char **sp, int *n)
{
	const char	*p = *sp;
	int		 v = 0;

	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p)) {
		if (p - *sp == 9)
			return false;
		v = v * 10 + (*p - '0');
		p++;
	}
	*sp = p;
	*n = v;
	return true;
}

/* schedule_is_id tells whether tok (len bytes) is an instrument id. */
static bool
schedule_is_id(const char *tok, size_t len)
{
	size_t	i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (tok[i] == '\0' || strchr(SCHEDULE_ID_CHARS, tok[i]) == NULL)
			return false;
	return true;
}

/* schedule_id checks tok (len bytes) as an instrument id. */
static int
schedule_id(const char *tok, size_t len, char **err)
{
	char	*q;

	if (!schedule_is_id(tok, len))
		return conf_value_fail(err, "'%s' is not an instrument id: "
		    "expected instrument ids of lowercase letters, digits, "
		    "'_' or '-', such as phq9", tok, len);
	if (len >= SCHEDULE_ID_MAX) {
		q = conf_quote_len(tok, len);
		xasprintf(err, "'%s' is too long for an instrument id: "
		    "expected at most %d characters", q, SCHEDULE_ID_MAX - 1);
		free(q);
		return ST_INVALID;
	}
	return ST_OK;
}

/*
 * schedule_next_word finds the next blank-separated word of *sp, up to
 * end: its start and length; false at the end.
 */
static bool
schedule_next_word(const char **sp, const char *end, const char **word,
    size_t *len)
{
	const char	*p = *sp, *w;

	while (p < end && strchr(SCHEDULE_BLANKS, *p) != NULL)
		p++;
	if (p == end)
		return false;
	w = p;
	while (p < end && strchr(SCHEDULE_BLANKS, *p) == NULL)
		p++;
	*word = w;
	*len = p - w;
	*sp = p;
	return true;
}

/* schedule_parse_enrolment reads "phq9 gad7 who5 k10" into s. */
static int
schedule_parse_enrolment(struct schedule *s, const char *v, char **err)
{
	const char	*p = v, *end = v + strlen(v), *w;
	size_t		 len, i, n = 0;

	while (schedule_next_word(&p, end, &w, &len)) {
		if (!schedule_is_id(w, len))
			return conf_value_fail(err, "'%s' is not an instrument "
			    "id: expected instrument ids separated by spaces, "
			    "such as \"phq9 gad7\"", w, len);
		if (schedule_id(w, len, err) != ST_OK)
			return ST_INVALID;
		if (n == SCHEDULE_MAX_FORMS) {
			xasprintf(err, "too many instruments: expected at "
			    "most %d", SCHEDULE_MAX_FORMS);
			return ST_INVALID;
		}
		for (i = 0; i < n; i++)
			if (strlen(s->enrolment[i]) == len &&
			    memcmp(s->enrolment[i], w, len) == 0)
				return conf_value_fail(err, "%s is listed twice: "
				    "expected each instrument once", w, len);
		memcpy(s->enrolment[n], w, len);
		s->enrolment[n][len] = '\0';
		n++;
	}
	s->nenrolment = n;
	return ST_OK;
}

/*
 * schedule_period reads a period "2w" (word, len bytes) into every and
 * unit, checking the range of its unit.
 */
static int
schedule_period(const char *w, size_t len, int *every,
    enum schedule_unit *unit, char **err)
{
	const char	*p = w, *rest;
	size_t		 n;
	int		 v;

	if (!schedule_number(&p, &v))
		goto bad;
	rest = p;
	n = len - (rest - w);
	if (n == 1 && *rest == 'd') {
		*unit = SCHEDULE_DAYS;
		if (v < 1 || v > 365)
			return conf_value_fail(err, "'%s' is out of range: "
			    "expected every 1 to 365 days", w, len);
	} else if (n == 1 && *rest == 'w') {
		*unit = SCHEDULE_WEEKS;
		if (v < 1 || v > 52)
			return conf_value_fail(err, "'%s' is out of range: "
			    "expected every 1 to 52 weeks", w, len);
	} else if (n == 2 && rest[0] == 'm' && rest[1] == 'o') {
		*unit = SCHEDULE_MONTHS;
		if (v < 1 || v > 24)
			return conf_value_fail(err, "'%s' is out of range: "
			    "expected every 1 to 24 months", w, len);
	} else
		goto bad;
	*every = v;
	return ST_OK;
bad:
	return conf_value_fail(err, "'%s' is not a period: expected a number "
	    "and d, w or mo, such as 2w", w, len);
}

/* schedule_parse_repeat reads one entry "phq4 every 2w" into r. */
static int
schedule_parse_repeat(struct schedule_repeat *r, const char *v,
    const char *end, char **err)
{
	const char	*p = v, *w[4];
	size_t		 len[4];
	int		 n;

	for (n = 0; n < 4; n++)
		if (!schedule_next_word(&p, end, &w[n], &len[n]))
			break;
	if (n == 0) {
		*err = xstrdup("an entry is empty: expected entries "
		    "separated by commas, such as \"phq4 every 2w, phq9 every "
		    "4w\"");
		return ST_INVALID;
	}
	if (n != 3 || len[1] != 5 || memcmp(w[1], "every", 5) != 0) {
		while (end > v && strchr(SCHEDULE_BLANKS, end[-1]) != NULL)
			end--;
		return conf_value_fail(err, "'%s' is not a repeat: expected an "
		    "instrument, every and a period, such as \"phq4 every "
		    "2w\"", w[0], end - w[0]);
	}
	if (schedule_id(w[0], len[0], err) != ST_OK)
		return ST_INVALID;
	if (schedule_period(w[2], len[2], &r->every, &r->unit, err) != ST_OK)
		return ST_INVALID;
	memcpy(r->instrument, w[0], len[0]);
	r->instrument[len[0]] = '\0';
	return ST_OK;
}

/*
 * schedule_parse_repeats reads "phq4 every 2w, phq9 every 4w" into list
 * and *np; an empty value is an empty list.
 */
static int
schedule_parse_repeats(struct schedule_repeat *list, size_t *np,
    const char *v, char **err)
{
	const char	*p = v, *comma, *end;
	size_t		 n = 0, i;

	if (v[strspn(v, SCHEDULE_BLANKS)] == '\0') {
		*np = 0;
		return ST_OK;
	}
	for (;;) {
		if ((comma = strchr(p, ',')) != NULL)
			end = comma;
		else
			end = p + strlen(p);
		if (n == SCHEDULE_MAX_FORMS) {
			xasprintf(err, "too many entries: expected at most %d",
			    SCHEDULE_MAX_FORMS);
			return ST_INVALID;
		}
		if (schedule_parse_repeat(&list[n], p, end, err) != ST_OK)
			return ST_INVALID;
		for (i = 0; i < n; i++)
			if (strcmp(list[i].instrument, list[n].instrument) ==
			    0)
				return conf_value_fail(err, "%s is listed twice: "
				    "expected each instrument once",
				    list[n].instrument, SCHEDULE_ID_MAX);
		n++;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	*np = n;
	return ST_OK;
}

/* schedule_parse_followups reads "3mo 6mo 12mo" into s. */
static int
schedule_parse_followups(struct schedule *s, const char *v, char **err)
{
	const char	*p = v, *end = v + strlen(v), *w, *q;
	size_t		 len, n = 0;
	int		 m;

	while (schedule_next_word(&p, end, &w, &len)) {
		q = w;
		if (!schedule_number(&q, &m) || (size_t)(q - w) + 2 != len ||
		    q[0] != 'm' || q[1] != 'o')
			return conf_value_fail(err, "'%s' is not a follow-up: "
			    "expected months after the end of a programme "
			    "separated by spaces, such as \"3mo 6mo 12mo\"",
			    w, len);
		if (m < 1 || m > 60)
			return conf_value_fail(err, "'%s' is out of range: "
			    "expected 1mo to 60mo", w, len);
		if (n > 0 && m <= s->followups[n - 1])
			return conf_value_fail(err, "'%s' is not after the "
			    "follow-up before it: expected increasing months, "
			    "such as \"3mo 6mo 12mo\"", w, len);
		if (n == SCHEDULE_MAX_FOLLOWUPS) {
			xasprintf(err, "too many follow-ups: expected at most "
			    "%d", SCHEDULE_MAX_FOLLOWUPS);
			return ST_INVALID;
		}
		s->followups[n++] = m;
	}
	s->nfollowups = n;
	return ST_OK;
}

/* schedule_parse_window reads "7d" into s. */
static int
schedule_parse_window(struct schedule *s, const char *v, char **err)
{
	const char	*p, *end;
	int		 d;

	v += strspn(v, SCHEDULE_BLANKS);
	end = v + strlen(v);
	while (end > v && strchr(SCHEDULE_BLANKS, end[-1]) != NULL)
		end--;
	p = v;
	if (!schedule_number(&p, &d) || p + 1 != end || *p != 'd')
		return conf_value_fail(err, "'%s' is not a number of days: "
		    "expected a number and d, such as 7d", v, end - v);
	if (d < 1 || d > 90)
		return conf_value_fail(err, "'%s' is out of range: expected "
		    "1d to 90d", v, end - v);
	s->window_days = d;
	return ST_OK;
}

/*
 * schedule_parse reads the value of one schedule_* config key into s.
 * On error *err (allocated) says what was expected, for the caller to
 * prefix with the file, line and key, and s is left as it was.
 */
int
schedule_parse(struct schedule *s, const char *key, const char *value,
    char **err)
{
	struct schedule	 copy;
	int		 st;

	*err = NULL;
	copy = *s;
	if (strcmp(key, "schedule_enrolment") == 0)
		st = schedule_parse_enrolment(&copy, value, err);
	else if (strcmp(key, "schedule_programme") == 0)
		st = schedule_parse_repeats(copy.programme, &copy.nprogramme,
		    value, err);
	else if (strcmp(key, "schedule_community") == 0)
		st = schedule_parse_repeats(copy.community, &copy.ncommunity,
		    value, err);
	else if (strcmp(key, "schedule_followups") == 0)
		st = schedule_parse_followups(&copy, value, err);
	else if (strcmp(key, "schedule_window") == 0)
		st = schedule_parse_window(&copy, value, err);
	else
		st = conf_value_fail(err, "%s is not a schedule key", key,
		    strlen(key));
	if (st == ST_OK)
		*s = copy;
	return st;
}

/*
 * schedule_check checks, once the questionnaires are loaded, that every
 * instrument the schedule names exists; *err names the config key.
 */
int
schedule_check(const struct schedule *s, char **err)
{
	size_t	i;

	*err = NULL;
	for (i = 0; i < s->nenrolment; i++)
		if (instrument_ref_check("schedule_enrolment", s->enrolment[i],
		    err) != ST_OK)
			return ST_INVALID;
	for (i = 0; i < s->nprogramme; i++)
		if (instrument_ref_check("schedule_programme",
		    s->programme[i].instrument, err) != ST_OK)
			return ST_INVALID;
	for (i = 0; i < s->ncommunity; i++)
		if (instrument_ref_check("schedule_community",
		    s->community[i].instrument, err) != ST_OK)
			return ST_INVALID;
	return ST_OK;
}

/*
 * care_level_in_programme tells whether a care level is a treatment
 * programme (psychoeducation, therapy) rather than monitoring or the
 * community phase.
 */
bool
care_level_in_programme(enum care_level level)
{
	return level == CARE_PSYCHOEDUCATION || level == CARE_THERAPY;
}

/* schedule_leap tells whether year y of the Gregorian calendar is leap. */
static bool
schedule_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* schedule_mdays returns the days of month m (1..12) of year y. */
static int
schedule_mdays(int y, int m)
{
	static const int	days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && schedule_leap(y) ? 29 : days[m - 1];
}

/*
 * schedule_civil_days returns the days from 1970-01-01 to y-m-d (m 1..12)
 * of the proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
 * Dates are added up here rather than by mktime's normalisation, so a
 * missing local midnight can never shift a date.
 */
static int64_t
schedule_civil_days(int64_t y, int m, int d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* schedule_civil_date is the inverse: y-m-d of a day count. */
static void
schedule_civil_date(int64_t z, int *yp, int *mp, int *dp)
{
	int64_t	era, doe, yoe, y, doy, mp0;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp0 = (5 * doy + 2) / 153;
	*dp = (int)(doy - (153 * mp0 + 2) / 5 + 1);
	*mp = (int)(mp0 < 10 ? mp0 + 3 : mp0 - 9);
	*yp = (int)(y + (*mp <= 2));
}

/*
 * schedule_midnight returns the first instant of local date y-m-d (m
 * 1..12).  Where summer time starts at midnight, 00:00 does not exist
 * and the day starts at 01:00: mktime may then land on the day before,
 * so the next hours are tried until the date is right.
 */
static int64_t
schedule_midnight(int y, int m, int d)
{
	struct tm	 tm, got;
	time_t		 t, first = 0;
	int		 h;

	for (h = 0; h < 4; h++) {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		if (h == 0)
			first = t;
		if (localtime_r(&t, &got) != NULL &&
		    got.tm_year == y - 1900 && got.tm_mon == m - 1 &&
		    got.tm_mday == d)
			return (int64_t)t;
	}
	return (int64_t)first;
}

/* schedule_local returns the local date of t. */
static void
schedule_local(int64_t t, int *y, int *m, int *d)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	memset(&tm, 0, sizeof tm);
	localtime_r(&tt, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

/* schedule_day_start returns local midnight of t's local date. */
int64_t
schedule_day_start(int64_t t)
{
	int	y, m, d;

	schedule_local(t, &y, &m, &d);
	return schedule_midnight(y, m, d);
}

/*
 * schedule_add returns local midnight of t's local date plus n days,
 * weeks or months.  A month keeps the day of the month, clamped to the
 * month's last day (31 January + 1 month: 28 or 29 February).
 */
int64_t
schedule_add(int64_t t, int n, enum schedule_unit u)
{
	int64_t	months;
	int	y, m, d;

	schedule_local(t, &y, &m, &d);
	switch (u) {
	case SCHEDULE_MONTHS:
		months = (int64_t)y * 12 + (m - 1) + n;
		y = (int)(months >= 0 ? months / 12 : (months - 11) / 12);
		m = (int)(months - (int64_t)y * 12) + 1;
		if (d > schedule_mdays(y, m))
			d = schedule_mdays(y, m);
		break;
	case SCHEDULE_WEEKS:
	case SCHEDULE_DAYS:
	default:
		schedule_civil_date(schedule_civil_days(y, m, d) +
		    (int64_t)n * (u == SCHEDULE_WEEKS ? 7 : 1), &y, &m, &d);
		break;
	}
	return schedule_midnight(y, m, d);
}

/* schedule_date writes t's local date as YYYY-MM-DD. */
static void
schedule_date(int64_t t, char *buf, size_t len)
{
	int	y, m, d;

	schedule_local(t, &y, &m, &d);
	snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

/*
 * schedule_push adds one form to l, closing window_days after it opens;
 * past SCHEDULE_SLOTS_MAX it marks the list full instead (the guard
 * against a runaway history).
 */
static void
schedule_push(struct schedule_list *l, const struct schedule *s,
    enum schedule_kind kind, const char *window, const char *instrument,
    int64_t opens)
{
	struct schedule_item	*it;

	if (l->len == SCHEDULE_SLOTS_MAX) {
		l->full = true;
		return;
	}
	if (l->len == l->cap) {
		l->cap = l->cap == 0 ? 64 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	it = &l->v[l->len++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	snprintf(it->slot.window, sizeof it->slot.window, "%s", window);
	snprintf(it->slot.instrument, sizeof it->slot.instrument, "%s",
	    instrument);
	it->slot.opens = opens;
	it->slot.closes = schedule_add(opens, s->window_days, SCHEDULE_DAYS);
}

/*
 * schedule_repeats adds the repeated forms of one phase: each repeat's
 * k-th form opens k periods after the phase's start, while that is
 * before the phase's end (end 0: still running) and not after now.
 */
static void
schedule_repeats(struct schedule_list *l, const struct schedule *s,
    const struct schedule_run *r, int64_t now)
{
	const struct schedule_repeat	*list, *rep;
	enum schedule_kind		 kind;
	const char			*name;
	char				 date[40], window[SCHEDULE_WINDOW_MAX];
	int64_t				 opens;
	size_t				 n, i;
	int				 k;

	if (r->programme) {
		list = s->programme;
		n = s->nprogramme;
		kind = SCHEDULE_KIND_PROGRAMME;
		name = "programme";
	} else {
		list = s->community;
		n = s->ncommunity;
		kind = SCHEDULE_KIND_COMMUNITY;
		name = "community";
	}
	schedule_date(r->start, date, sizeof date);
	for (i = 0; i < n; i++) {
		rep = &list[i];
		for (k = 1; !l->full; k++) {
			opens = schedule_add(r->start, k * rep->every,
			    rep->unit);
			if (opens > now || (r->end != 0 && opens >= r->end))
				break;
			snprintf(window, sizeof window, "%s %s #%d", name,
			    date, k);
			schedule_push(l, s, kind, window, rep->instrument,
			    opens);
		}
	}
}

/*
 * schedule_ended adds the forms of a programme that has ended: the
 * enrolment forms on its last day, then the follow-ups, months after.
 */
static void
schedule_ended(struct schedule_list *l, const struct schedule *s,
    const struct schedule_run *r, int64_t now)
{
	char	date[40], window[SCHEDULE_WINDOW_MAX];
	int64_t	opens;
	size_t	i, f;

	schedule_date(r->end, date, sizeof date);
	opens = schedule_day_start(r->end);
	snprintf(window, sizeof window, "end %s", date);
	for (i = 0; i < s->nenrolment && opens <= now; i++)
		schedule_push(l, s, SCHEDULE_KIND_END, window,
		    s->enrolment[i], opens);
	for (f = 0; f < s->nfollowups; f++) {
		opens = schedule_add(r->end, s->followups[f],
		    SCHEDULE_MONTHS);
		if (opens > now)
			break;
		snprintf(window, sizeof window, "followup %s +%dmo", date,
		    s->followups[f]);
		for (i = 0; i < s->nenrolment; i++)
			schedule_push(l, s, SCHEDULE_KIND_FOLLOWUP, window,
			    s->enrolment[i], opens);
	}
}

/*
 * schedule_runs turns a care-level history into phases: maximal runs of
 * periods inside or outside a programme.  The time from enrolment to the
 * first period is monitoring; nothing counts before enrolment.  Each
 * period ends where the next begins, the last at its to (0: still).
 */
static size_t
schedule_runs(int64_t enrolled, const struct care_period *p, size_t np,
    struct schedule_run *runs)
{
	struct schedule_run	*last;
	int64_t			 from, end;
	size_t			 n = 0, i;
	bool			 prog;

	if (np == 0 || p[0].from > enrolled) {
		runs[n].programme = false;
		runs[n].start = enrolled;
		runs[n].end = np == 0 ? 0 : p[0].from;
		n++;
	}
	for (i = 0; i < np; i++) {
		from = p[i].from > enrolled ? p[i].from : enrolled;
		end = i + 1 < np ? p[i + 1].from : p[i].to;
		if (end != 0 && end <= from)
			continue;
		prog = care_level_in_programme(p[i].level);
		last = n > 0 ? &runs[n - 1] : NULL;
		if (last != NULL && last->programme == prog &&
		    last->end == from) {
			last->end = end;
			continue;
		}
		runs[n].programme = prog;
		runs[n].start = from;
		runs[n].end = end;
		n++;
	}
	return n;
}

/* schedule_item_cmp orders forms by opening, instrument, then kind. */
static int
schedule_item_cmp(const void *a, const void *b)
{
	const struct schedule_item	*x = a, *y = b;
	int				 c;

	if (x->slot.opens != y->slot.opens)
		return x->slot.opens < y->slot.opens ? -1 : 1;
	if ((c = strcmp(x->slot.instrument, y->slot.instrument)) != 0)
		return c;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->slot.window, y->slot.window);
}

/*
 * schedule_slots returns in *out (allocated, *nout long) every form of a
 * patient enrolled at enrolled, with care-level history p (np periods,
 * sorted and contiguous; none: monitoring since enrolment), that has
 * opened by now, ordered by opening then instrument.  When the same
 * instrument opens twice on one day (a follow-up on a monthly form, the
 * last programme form on its end day) it is one form, named by the more
 * important window: enrolment, end, follow-up, programme, community.
 * ST_INVALID when the forms would be more than a sane number.
 */
int
schedule_slots(const struct schedule *s, int64_t enrolled,
    const struct care_period *p, size_t np, int64_t now,
    struct schedule_slot **out, size_t *nout)
{
	struct schedule_list	 l;
	struct schedule_run	*runs;
	struct schedule_slot	*v;
	size_t			 nruns, i, n;

	*out = NULL;
	*nout = 0;
	memset(&l, 0, sizeof l);
	runs = xcalloc(np + 1, sizeof *runs);
	nruns = schedule_runs(enrolled, p, np, runs);

	for (i = 0; i < s->nenrolment && enrolled <= now; i++)
		schedule_push(&l, s, SCHEDULE_KIND_ENROLMENT, "enrolment",
		    s->enrolment[i], schedule_day_start(enrolled));
	for (i = 0; i < nruns && !l.full; i++) {
		if (runs[i].start > now)
			break;
		schedule_repeats(&l, s, &runs[i], now);
		if (runs[i].programme && runs[i].end != 0 &&
		    runs[i].end <= now)
			schedule_ended(&l, s, &runs[i], now);
	}
	free(runs);
	if (l.full) {
		free(l.v);
		return ST_INVALID;
	}

	if (l.len > 0)
		qsort(l.v, l.len, sizeof *l.v, schedule_item_cmp);
	v = xcalloc(l.len > 0 ? l.len : 1, sizeof *v);
	for (i = n = 0; i < l.len; i++) {
		if (n > 0 && v[n - 1].opens == l.v[i].slot.opens &&
		    strcmp(v[n - 1].instrument, l.v[i].slot.instrument) == 0)
			continue;
		v[n++] = l.v[i].slot;
	}
	free(l.v);
	*out = v;
	*nout = n;
	return ST_OK;
}
