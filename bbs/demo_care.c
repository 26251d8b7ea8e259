/*
 * demo_care.c: the clinical side of the demo community: care teams, care
 * levels and months of questionnaires, so that a professional's caseload,
 * alerts and charts have something to show.
 *
 * Everything here is synthetic: invented people and invented answers,
 * chosen to tell a plausible story (nothing a real person wrote or
 * answered).  It is loaded through the real functions: the forms are the
 * deployment schedule's own (schedule_slots, with the window names
 * quest_sync uses, so nothing is given twice), the old answers go in
 * through storage with completion times inside their windows, and one
 * questionnaire is answered now through the patient's own path
 * (quest_open, quest_answer, quest_submit), so its alerts are real.
 *
 * The stories, for laia's caseload in order of need:
 *   nuria  psychoeducation for ~6 weeks; PHQ-9 11, 13, then 14 today with
 *          item 9 = 1: an open R1 alert (and R5).
 *   pere   monitoring, then community, for ~10 weeks; PHQ-9 7 at
 *          enrolment, 12 on a form laia sent him (a score to review).
 *   ana    12 weeks of therapy, then community: a reliable improvement
 *          (PHQ-9 16 to 6), one monthly occasion missed, and the monthly
 *          forms of this month open now (she has forms due at login).
 *   marta  an expert patient in laia's care, no questionnaires yet.
 * And sofia, in oriol's care: ~8 weeks of monitoring, mild scores.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

#define DEMO_LEAVE	(-1)	/* left unanswered: missed once closed */
#define DEMO_FORMS	8	/* forms of one instrument in a plan */
#define DEMO_PLANS	6	/* instruments of one course */
#define DEMO_DAY	86400
#define DEMO_HOUR	3600

/* Who follows whom. */
static const struct {
	const char	*patient;
	const char	*professional;
} demo_teams[] = {
	{ "ana", "laia" },
	{ "pere", "laia" },
	{ "nuria", "laia" },
	{ "marta", "laia" },
	{ "sofia", "oriol" },
};

/*
 * One instrument's forms in a course: the first score each gives, in the
 * order the schedule gives them (n of them), or DEMO_LEAVE.
 */
struct demo_plan {
	const char	*instrument;
	int		 n;
	int		 totals[DEMO_FORMS];
};

/*
 * A patient's course.  She enrolled days_ago days ago at level, and moved
 * to next next_days later; or, with open_month set, her programme of
 * next_days days ended open_month months and 1 to 3 days ago, so that a
 * monthly form opened then and is open now.  Then a professional may
 * have sent her one more form (sent), answered the next day, or answered
 * now through the patient's own path (sent_now), its critical item
 * answered critical.
 */
struct demo_course {
	const char		*patient;
	int			 days_ago;
	int			 open_month;
	int			 level;
	int			 next;		/* -1: none */
	int			 next_days;
	struct demo_plan	 plans[DEMO_PLANS];
	const char		*sent;
	int			 sent_total;
	bool			 sent_now;
	int			 critical;
};

static const struct demo_course demo_courses[] = {
	{
		.patient = "ana", .open_month = 4,
		.level = CARE_THERAPY, .next = CARE_COMMUNITY,
		.next_days = 12 * 7,
		.plans = {
			/* Enrolment, 4 and 8 weeks, end, 3 months after. */
			{ "phq9", 5, { 16, 13, 11, 8, 6 } },
			{ "gad7", 3, { 14, 8, 6 } },
			{ "k10", 3, { 28, 20, 16 } },
			/* Every 2 weeks of the programme, its last day too. */
			{ "phq4", 6, { 8, 7, 6, 5, 4, 3 } },
			/*
			 * Enrolment, end, then monthly: the second month
			 * missed, the fourth open now.
			 */
			{ "who5", 6, { 8, 12, 15, DEMO_LEAVE, 17,
			    DEMO_LEAVE } },
			{ "distress", 4, { 3, DEMO_LEAVE, 2, DEMO_LEAVE } },
		},
	},
	{
		.patient = "pere", .days_ago = 70,
		.level = CARE_MONITORING, .next = CARE_COMMUNITY,
		.next_days = 4 * 7,
		.plans = {
			{ "phq9", 1, { 7 } },
			{ "gad7", 1, { 6 } },
			{ "k10", 1, { 18 } },
			{ "who5", 3, { 14, 13, 10 } },
			{ "distress", 2, { 3, 5 } },
		},
		/* His distress went up: laia sent him a PHQ-9. */
		.sent = "phq9", .sent_total = 12,
	},
	{
		.patient = "nuria", .days_ago = 40,
		.level = CARE_PSYCHOEDUCATION, .next = -1,
		.plans = {
			{ "phq9", 2, { 11, 13 } },
			{ "gad7", 1, { 9 } },
			{ "k10", 1, { 21 } },
			{ "who5", 1, { 11 } },
			{ "phq4", 2, { 5, 6 } },
		},
		.sent = "phq9", .sent_total = 14, .sent_now = true,
		.critical = 1,
	},
	{
		.patient = "sofia", .days_ago = 56,
		.level = CARE_MONITORING, .next = -1,
		.plans = {
			{ "phq9", 1, { 7 } },
			{ "gad7", 1, { 6 } },
			{ "k10", 1, { 18 } },
			{ "who5", 2, { 13, 14 } },
			{ "distress", 1, { 3 } },
		},
	},
};

/*
 * demo_in_score tells whether item number is in score sc: the demo's
 * answers are made to add up to a chosen score.
 */
bool
demo_in_score(const struct instrument_score *sc, int number)
{
	size_t	i;

	for (i = 0; i < sc->nitems; i++) {
		if (sc->items[i] == number)
			return true;
	}
	return false;
}

/* demo_is_option tells whether value is one of item it's options. */
static bool
demo_is_option(const struct instrument_item *it, int value)
{
	size_t	i;

	for (i = 0; i < it->options->len; i++) {
		if (it->options->values[i] == value)
			return true;
	}
	return false;
}

/*
 * demo_start gives every item of in its first answer for a form whose
 * first score is total: the lowest option for the items of that score,
 * critical for a critical item, a share of the checklist's choices, and
 * for an unscored item an answer in proportion to total.
 */
static void
demo_start(const struct instrument *in, int total, int critical,
    struct answers *ans)
{
	const struct instrument_score	*sc = &in->scores[0];
	const struct instrument_item	*it;
	size_t				 k, m;
	int				 span;

	score_answers_init(ans);
	span = sc->max > sc->min ? sc->max - sc->min : 1;
	for (k = 0; k < in->nitems; k++) {
		it = &in->items[k];
		if (it->choices != NULL) {
			m = 1 + (size_t)total / 3;
			if (m > it->choices->len)
				m = it->choices->len;
			if (total > 0)
				ans->value[it->number] = (1 << m) - 1;
		} else if (it->flags & ITEM_CRITICAL)
			ans->value[it->number] = critical;
		else if (demo_in_score(sc, it->number))
			ans->value[it->number] = it->options->min;
		else
			ans->value[it->number] = it->options->min +
			    (it->options->max - it->options->min) *
			    (total - sc->min) / span;
	}
}

/*
 * demo_grows tells whether item it, answered v, may take more of the
 * first score sc's total: an option item of that score, not critical,
 * below its highest option.
 */
static bool
demo_grows(const struct instrument_score *sc, const struct instrument_item *it,
    int v)
{
	return it->choices == NULL && (it->flags & ITEM_CRITICAL) == 0 &&
	    demo_in_score(sc, it->number) && v < it->options->max;
}

/*
 * demo_spread adds left points to the items of in's first score: first
 * shares weighted by a pattern that varies with seed (a person's answers
 * are seldom all alike), then one point at a time.  It returns what did
 * not fit.
 */
static int
demo_spread(const struct instrument *in, unsigned seed, int left,
    struct answers *ans)
{
	const struct instrument_score	*sc = &in->scores[0];
	const struct instrument_item	*it;
	int				 w[INSTRUMENT_MAX_ITEMS], sum = 0;
	int				 all = left, add, *v;
	size_t				 k;
	bool				 moved;

	for (k = 0; k < in->nitems; k++) {
		it = &in->items[k];
		w[k] = demo_grows(sc, it, ans->value[it->number]) ?
		    1 + (int)((seed * 7 + k * 5) % 4) : 0;
		sum += w[k];
	}
	for (k = 0; k < in->nitems && sum > 0; k++) {
		if (w[k] == 0)
			continue;
		v = &ans->value[in->items[k].number];
		add = all * w[k] / sum;
		if (add > in->items[k].options->max - *v)
			add = in->items[k].options->max - *v;
		*v += add;
		left -= add;
	}
	for (moved = true; left > 0 && moved;) {
		moved = false;
		for (k = 0; k < in->nitems && left > 0; k++) {
			it = &in->items[(seed + k) % in->nitems];
			v = &ans->value[it->number];
			if (!demo_grows(sc, it, *v))
				continue;
			(*v)++;
			left--;
			moved = true;
		}
	}
	return left;
}

/*
 * demo_values makes answers to in whose first score is total, the
 * critical item (if any) answered critical.  ST_INVALID when total cannot
 * be scored so, or the engine scores it otherwise.
 */
static int
demo_values(const struct instrument *in, int total, int critical,
    unsigned seed, struct answers *ans)
{
	const struct instrument_score	*sc;
	const struct instrument_item	*it;
	struct score_result		 r;
	size_t				 k, i;
	int				 left, v;

	if (in->nscores == 0)
		return ST_INVALID;
	sc = &in->scores[0];
	if (sc->times <= 0 || total % sc->times != 0)
		return ST_INVALID;
	demo_start(in, total, critical, ans);
	left = total / sc->times;
	for (i = 0; i < sc->nitems; i++)
		left -= ans->value[sc->items[i]] + sc->offset;
	if (left < 0 || demo_spread(in, seed, left, ans) != 0)
		return ST_INVALID;
	for (k = 0; k < in->nitems; k++) {
		it = &in->items[k];
		v = ans->value[it->number];
		if (it->options != NULL && v != SCORE_MISSING &&
		    !demo_is_option(it, v))
			return ST_INVALID;
	}
	if (score_compute(in, ans, &r) != ST_OK || !r.scores[0].complete ||
	    r.scores[0].value != total)
		return ST_INVALID;
	return ST_OK;
}

/*
 * demo_when is when a form open from opens to closes was answered: the
 * next day, at a waking hour that varies with seed; earlier when the
 * window is shorter, and never after now.
 */
static int64_t
demo_when(int64_t opens, int64_t closes, int64_t now, unsigned seed)
{
	int64_t	at;

	at = opens + DEMO_DAY + (9 + seed % 12) * DEMO_HOUR +
	    (seed * 7 % 60) * 60;
	if (at >= closes)
		at = opens + (closes - opens) / 2;
	if (at >= now)
		at = opens + (now - opens) / 2;
	return at;
}

/*
 * demo_complete answers form id of patient p with instrument in: the
 * answers of a form scoring total, kept as she would have given them,
 * completed at at.
 */
static int
demo_complete(struct db *db, const struct account *p,
    const struct instrument *in, int64_t id, int total, int critical,
    unsigned seed, int64_t at, char **msg)
{
	struct answers	 ans;
	const char	*lang;
	char		*conv;
	size_t		 k;
	int		 v, st;

	if (demo_values(in, total, critical, seed, &ans) != ST_OK) {
		xasprintf(msg, "care: %s: %s cannot score %d", p->pseudonym,
		    in->id, total);
		return ST_INVALID;
	}
	/* As quest_open: her language, else the English fallback. */
	lang = instrument_has_language(in, p->language) ? p->language : "en";
	conv = quest_convention(in);
	st = forms_start(db, id, in->version, lang, conv);
	free(conv);
	for (k = 0; k < in->nitems && st == ST_OK; k++) {
		v = ans.value[in->items[k].number];
		if (v != SCORE_MISSING)
			st = forms_answer(db, id, in->items[k].number, v,
			    (int)k);
	}
	if (st == ST_OK)
		st = forms_complete(db, id, at);
	if (st != ST_OK)
		xasprintf(msg, "care: %s: %s form: %s", p->pseudonym, in->id,
		    status_str(st));
	return st;
}

/* demo_plan_find finds the plan of instrument in course c. */
static const struct demo_plan *
demo_plan_find(const struct demo_course *c, const char *instrument)
{
	size_t	i;

	for (i = 0; i < DEMO_PLANS && c->plans[i].instrument != NULL; i++) {
		if (strcmp(c->plans[i].instrument, instrument) == 0)
			return &c->plans[i];
	}
	return NULL;
}

/*
 * demo_plans_check tells whether the schedule gave each instrument of c
 * as many forms as its plan has; *msg says which differs.  The plans
 * follow the default schedule.
 */
static int
demo_plans_check(const struct demo_course *c, const struct schedule_slot *s,
    size_t ns, char **msg)
{
	const struct demo_plan	*pl;
	size_t			 i, k;
	int			 n;

	for (i = 0; i < ns; i++) {
		if (demo_plan_find(c, s[i].instrument) == NULL) {
			xasprintf(msg, "care: %s: the schedule gives %s, which "
			    "the demo has no answers for (its histories follow "
			    "the default schedule_* settings)", c->patient,
			    s[i].instrument);
			return ST_INVALID;
		}
	}
	for (k = 0; k < DEMO_PLANS && c->plans[k].instrument != NULL; k++) {
		pl = &c->plans[k];
		for (i = 0, n = 0; i < ns; i++)
			n += strcmp(s[i].instrument, pl->instrument) == 0;
		if (n != pl->n) {
			xasprintf(msg, "care: %s: the schedule gives %d %s "
			    "form(s) where the demo has %d (its histories "
			    "follow the default schedule_* settings)",
			    c->patient, n, pl->instrument, pl->n);
			return ST_INVALID;
		}
	}
	return ST_OK;
}

/*
 * demo_history gives patient p of course c the forms her schedule gives
 * her by now and answers them as the plans say.  *last is the latest
 * completion.
 */
static int
demo_history(struct db *db, const struct conf *conf,
    const struct demo_course *c, const struct account *p, int64_t now,
    int64_t *last, int64_t *answered, char **msg)
{
	const struct demo_plan	*pl;
	const struct instrument	*in;
	struct care_period	*periods = NULL;
	struct schedule_slot	*s = NULL;
	size_t			 np = 0, ns = 0, i, k;
	int64_t			 enrolled, id, at;
	int			 seen[DEMO_PLANS] = { 0 }, total, st;

	*last = 0;
	if ((st = care_periods(db, p->id, &enrolled, &periods, &np)) !=
	    ST_OK || (st = schedule_slots(&conf->schedule, enrolled, periods,
	    np, now, &s, &ns)) != ST_OK) {
		xasprintf(msg, "care: %s: schedule: %s", c->patient,
		    status_str(st));
		goto out;
	}
	if ((st = demo_plans_check(c, s, ns, msg)) != ST_OK)
		goto out;
	for (i = 0; i < ns; i++) {
		if ((in = instrument_find(s[i].instrument)) == NULL) {
			xasprintf(msg, "care: %s: the questionnaire %s is not "
			    "loaded", c->patient, s[i].instrument);
			st = ST_NOTFOUND;
			goto out;
		}
		st = forms_ensure(db, p->id, in->id, s[i].window, s[i].opens,
		    s[i].closes, 0, &id);
		if (st == ST_EXISTS)
			st = ST_OK;
		if (st != ST_OK) {
			xasprintf(msg, "care: %s: %s form %s: %s", c->patient,
			    in->id, s[i].window, status_str(st));
			goto out;
		}
		pl = demo_plan_find(c, in->id);
		k = pl - c->plans;
		total = pl->totals[seen[k]++];
		if (total == DEMO_LEAVE)
			continue;
		at = demo_when(s[i].opens, s[i].closes, now, (unsigned)i);
		if ((st = demo_complete(db, p, in, id, total, 0, (unsigned)i,
		    at, msg)) != ST_OK)
			goto out;
		(*answered)++;
		if (at > *last)
			*last = at;
	}
out:
	free(periods);
	free(s);
	return st;
}

/*
 * demo_programme_end is when a programme ended for a course with
 * open_month: at 10:00 on the day whose date, open_month months later,
 * was 2 days ago (else 1 or 3: a month's end can clamp the date), so that
 * the monthly form of that month opened then and is open now.
 */
static int
demo_programme_end(const struct demo_course *c, int64_t now, int64_t *end)
{
	static const int	 ago[] = { 2, 1, 3 };
	int64_t			 opens, day;
	size_t			 i;

	for (i = 0; i < sizeof ago / sizeof ago[0]; i++) {
		opens = schedule_add(now, -ago[i], SCHEDULE_DAYS);
		day = schedule_add(opens, -c->open_month, SCHEDULE_MONTHS);
		if (schedule_add(day, c->open_month, SCHEDULE_MONTHS) ==
		    opens) {
			*end = day + 10 * DEMO_HOUR;
			return ST_OK;
		}
	}
	return ST_INVALID;
}

/*
 * demo_levels records the care levels of patient p of course c, set by
 * professional pro in the past: the first is her enrolment.
 */
static int
demo_levels(struct db *db, const struct demo_course *c,
    const struct account *p, const struct account *pro, int64_t now,
    char **msg)
{
	int64_t	enrolled, next;
	int	st;

	if (c->open_month > 0) {
		if (demo_programme_end(c, now, &next) != ST_OK) {
			xasprintf(msg, "care: %s: no programme end date fits "
			    "today", c->patient);
			return ST_INVALID;
		}
		enrolled = schedule_add(next, -c->next_days, SCHEDULE_DAYS) +
		    10 * DEMO_HOUR;
	} else {
		enrolled = schedule_day_start(now - (int64_t)c->days_ago *
		    DEMO_DAY) + 10 * DEMO_HOUR;
		next = schedule_add(enrolled, c->next_days, SCHEDULE_DAYS) +
		    10 * DEMO_HOUR;
	}
	st = care_levels_add(db, p->id, c->level, pro->id, enrolled);
	if (st == ST_OK && c->next != -1)
		st = care_levels_add(db, p->id, c->next, pro->id, next);
	if (st != ST_OK)
		xasprintf(msg, "care: %s: care level: %s", c->patient,
		    status_str(st));
	return st;
}

/*
 * demo_sent gives patient p the form of c->sent that professional pro
 * sent her the day after her last form (last), answered the day after.
 */
static int
demo_sent(struct db *db, const struct conf *conf, const struct demo_course *c,
    const struct account *p, const struct account *pro, int64_t now,
    int64_t last, int64_t *answered, char **msg)
{
	const struct instrument	*in;
	char			 window[SCHEDULE_WINDOW_MAX];
	int64_t			 opens, closes, id;
	int			 st;

	if ((in = instrument_find(c->sent)) == NULL) {
		xasprintf(msg, "care: %s: the questionnaire %s is not loaded",
		    c->patient, c->sent);
		return ST_NOTFOUND;
	}
	opens = schedule_add(last, 1, SCHEDULE_DAYS) + 11 * DEMO_HOUR;
	closes = schedule_add(opens, conf->schedule.window_days,
	    SCHEDULE_DAYS);
	if (last == 0 || opens >= now) {
		xasprintf(msg, "care: %s: no time left to send %s", c->patient,
		    in->id);
		return ST_INVALID;
	}
	snprintf(window, sizeof window, "sent %lld", (long long)opens);
	if ((st = forms_ensure(db, p->id, in->id, window, opens, closes,
	    pro->id, &id)) != ST_OK) {
		xasprintf(msg, "care: %s: %s form: %s", c->patient, in->id,
		    status_str(st));
		return st;
	}
	if ((st = demo_complete(db, p, in, id, c->sent_total, c->critical, 0,
	    demo_when(opens, closes, now, 1), msg)) == ST_OK)
		(*answered)++;
	return st;
}

/* demo_open_form finds patient's form of instrument open now, if any. */
static int
demo_open_form(struct db *db, int64_t patient, const char *instrument,
    int64_t now, int64_t *id)
{
	static const int	 states[] = { FORM_DUE, FORM_PARTIAL };
	struct form		**list;
	size_t			 n, i;
	int			 st;

	*id = 0;
	if ((st = forms_list(db, patient, states, 2, &list, &n)) != ST_OK)
		return st;
	for (i = 0; i < n; i++) {
		if (strcmp(list[i]->instrument, instrument) == 0 &&
		    list[i]->opens_at <= now && list[i]->closes_at > now)
			*id = list[i]->id;
	}
	forms_free_list(list, n);
	return ST_OK;
}

/*
 * demo_answer_now has patient p answer c->sent now as she would in the
 * interface: professional pro sends it first unless one is open.  Its
 * alert rules are raised by quest_submit, as for any patient.
 */
static int
demo_answer_now(struct db *db, const struct conf *conf,
    const struct demo_course *c, const struct account *p,
    const struct account *pro, int64_t *answered, char **msg)
{
	struct actor		 pa, proa;
	struct quest		 q;
	struct quest_outcome	 out;
	struct answers		 ans;
	char			*why = NULL;
	int64_t			 id;
	size_t			 k;
	int			 v, st;

	memset(&q, 0, sizeof q);
	account_actor(p, "local", &pa);
	account_actor(pro, "local", &proa);
	if ((st = demo_open_form(db, p->id, c->sent, db_now(), &id)) ==
	    ST_OK && id == 0 && (st = quest_send(db, conf, &proa, p->id,
	    c->sent, &why)) == ST_OK)
		st = demo_open_form(db, p->id, c->sent, db_now(), &id);
	if (st == ST_OK && id == 0)
		st = ST_NOTFOUND;
	if (st != ST_OK) {
		xasprintf(msg, "care: %s: sending %s: %s", c->patient, c->sent,
		    why != NULL ? why : status_str(st));
		goto out;
	}
	if ((st = quest_open(db, &pa, p->language, id, &q, &why)) != ST_OK) {
		xasprintf(msg, "care: %s: opening %s: %s", c->patient, c->sent,
		    why != NULL ? why : status_str(st));
		goto out;
	}
	if (demo_values(q.in, c->sent_total, c->critical, 3, &ans) != ST_OK) {
		xasprintf(msg, "care: %s: %s cannot score %d", c->patient,
		    c->sent, c->sent_total);
		st = ST_INVALID;
		goto out;
	}
	for (k = 0; k < q.in->nitems && st == ST_OK; k++) {
		if ((v = ans.value[q.in->items[k].number]) != SCORE_MISSING)
			st = quest_answer(db, &pa, &q, k, v);
	}
	if (st == ST_OK)
		st = quest_submit(db, conf, &pa, &q, &out);
	if (st != ST_OK) {
		xasprintf(msg, "care: %s: answering %s: %s", c->patient,
		    c->sent, status_str(st));
		goto out;
	}
	if (c->critical > 0 && (out.alerts & (SCORE_ALERT(1) |
	    SCORE_ALERT(2))) == 0) {
		xasprintf(msg, "care: %s: %s with item answered %d raised no "
		    "risk alert", c->patient, c->sent, c->critical);
		st = ST_INVALID;
		goto out;
	}
	(*answered)++;
out:
	quest_close(&q);
	free(why);
	return st;
}

/* demo_find looks up a demo account by name; *msg when it is missing. */
static int
demo_find(struct db *db, const char *name, struct account **a, char **msg)
{
	int	st;

	if ((st = accounts_find(db, name, a)) != ST_OK)
		xasprintf(msg, "care: %s: %s", name, status_str(st));
	return st;
}

/* demo_professional is the professional following patient in demo_teams. */
static const char *
demo_professional(const char *patient)
{
	size_t	i;

	for (i = 0; i < sizeof demo_teams / sizeof demo_teams[0]; i++) {
		if (strcmp(demo_teams[i].patient, patient) == 0)
			return demo_teams[i].professional;
	}
	return NULL;
}

/*
 * demo_course_load loads course c: her care levels, her scheduled forms
 * answered as planned, the missed ones marked, in one transaction; then
 * the form she answers now, if any.
 */
static int
demo_course_load(struct db *db, const struct conf *conf,
    const struct demo_course *c, int64_t *answered, char **msg)
{
	struct account	*p = NULL, *pro = NULL;
	const char	*proname;
	int64_t		 now, last;
	int		 st, changed;

	if ((proname = demo_professional(c->patient)) == NULL) {
		xasprintf(msg, "care: %s: in nobody's care", c->patient);
		return ST_INVALID;
	}
	if ((st = demo_find(db, c->patient, &p, msg)) != ST_OK ||
	    (st = demo_find(db, proname, &pro, msg)) != ST_OK)
		goto out;
	now = db_now();
	if ((st = db_begin(db)) != ST_OK) {
		xasprintf(msg, "care: %s: %s", c->patient, status_str(st));
		goto out;
	}
	if ((st = demo_levels(db, c, p, pro, now, msg)) == ST_OK &&
	    (st = demo_history(db, conf, c, p, now, &last, answered, msg)) ==
	    ST_OK && c->sent != NULL && !c->sent_now)
		st = demo_sent(db, conf, c, p, pro, now, last, answered, msg);
	if (st == ST_OK && (st = forms_mark_missed(db, p->id, now,
	    &changed)) != ST_OK)
		xasprintf(msg, "care: %s: missed forms: %s", c->patient,
		    status_str(st));
	if (st == ST_OK && (st = db_commit(db)) != ST_OK)
		xasprintf(msg, "care: %s: %s", c->patient, status_str(st));
	if (st != ST_OK) {
		db_rollback(db);
		goto out;
	}
	if (c->sent != NULL && c->sent_now)
		st = demo_answer_now(db, conf, c, p, pro, answered, msg);
out:
	account_free(p);
	account_free(pro);
	return st;
}

/* demo_assign puts each patient in her professional's care. */
static int
demo_assign(struct db *db, size_t *npro, char **msg)
{
	struct account	*p = NULL, *pro = NULL;
	struct actor	 actor;
	size_t		 i, k;
	int		 st = ST_OK;

	*npro = 0;
	for (i = 0; i < sizeof demo_teams / sizeof demo_teams[0]; i++) {
		if ((st = demo_find(db, demo_teams[i].patient, &p, msg)) !=
		    ST_OK || (st = demo_find(db, demo_teams[i].professional,
		    &pro, msg)) != ST_OK)
			break;
		account_actor(pro, "local", &actor);
		if ((st = care_assign(db, &actor, p->id, pro->id, true)) !=
		    ST_OK) {
			xasprintf(msg, "care: %s in %s's care: %s",
			    p->pseudonym, pro->pseudonym, status_str(st));
			break;
		}
		for (k = 0; k < i; k++) {
			if (strcmp(demo_teams[k].professional,
			    demo_teams[i].professional) == 0)
				break;
		}
		if (k == i)
			(*npro)++;
		account_free(p);
		account_free(pro);
		p = pro = NULL;
	}
	account_free(p);
	account_free(pro);
	return st;
}

/*
 * demo_care loads the clinical side of the demo into a database holding
 * the demo accounts, with the questionnaires loaded and alerts configured.
 * *summary gets a line to print; on failure *msg says what failed.
 */
int
demo_care(struct db *db, const struct conf *conf, char **summary, char **msg)
{
	int64_t			 answered = 0, open;
	size_t			 i, npro;
	int			 st;

	*summary = NULL;
	if ((st = demo_assign(db, &npro, msg)) != ST_OK)
		return st;
	for (i = 0; i < sizeof demo_courses / sizeof demo_courses[0]; i++) {
		if ((st = demo_course_load(db, conf, &demo_courses[i],
		    &answered, msg)) != ST_OK)
			return st;
	}
	if ((st = alerts_count_open(db, &open)) != ST_OK) {
		xasprintf(msg, "care: alerts: %s", status_str(st));
		return st;
	}
	xasprintf(summary, "Care: %zu patients followed, %zu professionals, "
	    "%lld questionnaires answered, %lld alerts open\n",
	    sizeof demo_teams / sizeof demo_teams[0], npro,
	    (long long)answered, (long long)open);
	return ST_OK;
}
