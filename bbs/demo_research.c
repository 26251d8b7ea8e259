/*
 * demo_research.c: the research side of the demo community: the demo
 * accounts' consents, the demo study mirall_pilot, and DEMO_SYNTHETIC
 * synthetic patients whose months of care give the outcome dashboard,
 * bbsctl report and the study's export real figures to show.
 *
 * Everything here is synthetic and says so.  The patients are called
 * synthetic-01 ... synthetic-40; they never log in (their accounts are
 * disabled and hold DEMO_NO_HASH, which no password verifies against:
 * no password hashing either, so the demo stays fast), never post and
 * write no message.  Their answers come from a fixed-seed generator
 * (xorshift32) seeded per patient and per form, so every demo tells the
 * same story, counted from the day it is created:
 *   - 34 start a programme above caseness (PHQ-9 10 or more): 20 improve
 *     reliably, 7 change little, 3 get worse and 4 stop answering half
 *     way (no end-of-programme form: intention-to-treat and completers
 *     differ);
 *   - 3 start a programme below caseness and 3 never start one;
 *   - WHO-5 rises for most; 35 consent to the pilot's research, 5 decline.
 * They enrolled 3 to 9 months ago, spent one to three weeks in
 * monitoring, 8 to 12 weeks in a programme, then community care.  Their
 * forms are the deployment schedule's own, answered through storage
 * with completion times inside their windows as demo_care.c does, so no
 * alert is raised (item 9 of the PHQ-9 is always answered 0) and laia's
 * queue stays as demo_care.c left it.  Nobody is in their care team.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

#define DEMO_SYNTHETIC	40		/* synthetic patients */
#define DEMO_SEED	0x4d697231U	/* the generator's fixed seed */
#define DEMO_STUDY	"mirall_pilot"
#define DEMO_NO_HASH	"!"		/* no password verifies: no login */
#define DEMO_RDAY	86400
#define DEMO_RHOUR	3600
#define DEMO_RECENT	70		/* days: recent forms all answered */

/*
 * Each synthetic patient's course, by number: I improves, U changes
 * little, W gets worse, D drops out half way, M starts a programme below
 * caseness, N never starts one.
 */
static const char demo_kinds[DEMO_SYNTHETIC + 1] =
    "IUIDIINIWI" "UIIMIDIUII" "WINIUIIDMI" "UIWIUDIMUN";

/* The numbers of those who decline the pilot's research use. */
static const int demo_declines[] = { 7, 12, 14, 26, 31 };

/* The second module of a programme, after "distress". */
static const char *const demo_second[] = {
	"relaxation", "everyday", "recurrence"
};

enum demo_measure {
	DEMO_PHQ9 = 0,
	DEMO_GAD7,
	DEMO_WHO5,		/* raw, 0-25 */
	DEMO_MEASURES
};

/* The highest of each measure the generator gives (item 9 stays 0). */
static const int demo_top[DEMO_MEASURES] = { 24, 21, 25 };

/* One synthetic patient's plan. */
struct demo_synth {
	int		 number;	/* 1 .. DEMO_SYNTHETIC */
	char		 kind;		/* of demo_kinds */
	int		 level;		/* of her programme */
	bool		 research;	/* gives research consent */
	int		 base[DEMO_MEASURES];	/* at enrolment */
	int		 last[DEMO_MEASURES];	/* at the programme's end */
	int64_t		 enrolled;
	int64_t		 start;		/* programme (N: community) */
	int64_t		 ends;		/* programme's end; 0: none */
};

/* demo_rs_next steps the xorshift32 generator at *s. */
static uint32_t
demo_rs_next(uint32_t *s)
{
	uint32_t	x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

/* demo_rs_range draws an integer from lo to hi, both included. */
static int
demo_rs_range(uint32_t *s, int lo, int hi)
{
	return lo + (int)(demo_rs_next(s) % (uint32_t)(hi - lo + 1));
}

/*
 * demo_rs_seed is the generator's state for patient number's draw what
 * (0: her plan, else a form): the same numbers every time.
 */
static uint32_t
demo_rs_seed(int number, int what)
{
	uint32_t	s;

	s = DEMO_SEED ^ (uint32_t)number * 2654435761U ^
	    (uint32_t)what * 40503U;
	if (s == 0)
		s = DEMO_SEED;
	demo_rs_next(&s);
	demo_rs_next(&s);
	return s;
}

/* demo_rs_clamp keeps v within lo and hi. */
static int
demo_rs_clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* demo_rs_scores draws the measures at enrolment and at the end for p. */
static void
demo_rs_scores(struct demo_synth *p, uint32_t *s)
{
	int	*b = p->base, *e = p->last, m;

	switch (p->kind) {
	case 'M':
		b[DEMO_PHQ9] = demo_rs_range(s, 4, 8);
		b[DEMO_GAD7] = demo_rs_range(s, 2, 6);
		b[DEMO_WHO5] = demo_rs_range(s, 10, 16);
		break;
	case 'N':
		b[DEMO_PHQ9] = demo_rs_range(s, 5, 14);
		b[DEMO_GAD7] = demo_rs_range(s, 4, 12);
		b[DEMO_WHO5] = demo_rs_range(s, 6, 14);
		break;
	case 'W':
		/* Room to rise by 6 under the top. */
		b[DEMO_PHQ9] = demo_rs_range(s, 11, 16);
		b[DEMO_GAD7] = demo_rs_range(s, 6, 14);
		b[DEMO_WHO5] = demo_rs_range(s, 5, 12);
		break;
	default:
		b[DEMO_PHQ9] = demo_rs_range(s, 11, 20);
		b[DEMO_GAD7] = demo_rs_range(s, 6, 16);
		b[DEMO_WHO5] = demo_rs_range(s, 4, 12);
		break;
	}
	switch (p->kind) {
	case 'I':
		e[DEMO_PHQ9] = b[DEMO_PHQ9] - demo_rs_range(s, 7, 11);
		e[DEMO_GAD7] = b[DEMO_GAD7] - demo_rs_range(s, 3, 8);
		e[DEMO_WHO5] = b[DEMO_WHO5] + demo_rs_range(s, 3, 8);
		break;
	case 'U':
		e[DEMO_PHQ9] = b[DEMO_PHQ9] + demo_rs_range(s, -4, 2);
		e[DEMO_GAD7] = b[DEMO_GAD7] + demo_rs_range(s, -2, 2);
		e[DEMO_WHO5] = b[DEMO_WHO5] + demo_rs_range(s, -1, 3);
		break;
	case 'W':
		e[DEMO_PHQ9] = b[DEMO_PHQ9] + demo_rs_range(s, 6, 8);
		e[DEMO_GAD7] = b[DEMO_GAD7] + demo_rs_range(s, 0, 4);
		e[DEMO_WHO5] = b[DEMO_WHO5] - demo_rs_range(s, 1, 4);
		break;
	case 'M':
		e[DEMO_PHQ9] = b[DEMO_PHQ9] - demo_rs_range(s, 0, 3);
		e[DEMO_GAD7] = b[DEMO_GAD7] - demo_rs_range(s, 0, 2);
		e[DEMO_WHO5] = b[DEMO_WHO5] + demo_rs_range(s, 0, 3);
		break;
	default:
		/* D (never measured at the end) and N: a drift. */
		e[DEMO_PHQ9] = b[DEMO_PHQ9] + demo_rs_range(s, -3, 1);
		e[DEMO_GAD7] = b[DEMO_GAD7] + demo_rs_range(s, -2, 1);
		e[DEMO_WHO5] = b[DEMO_WHO5] + demo_rs_range(s, -1, 3);
		break;
	}
	for (m = 0; m < DEMO_MEASURES; m++)
		e[m] = demo_rs_clamp(e[m], 0, demo_top[m]);
}

/*
 * demo_rs_plan makes synthetic patient number's plan, its dates counted
 * back from now: enrolled 95 to 273 days ago, one to three weeks of
 * monitoring, then a programme of 8 to 12 weeks that ended at least four
 * days ago (for N, community care instead).
 */
static void
demo_rs_plan(int number, int64_t now, struct demo_synth *p)
{
	uint32_t	s = demo_rs_seed(number, 0);
	size_t		i;
	int		days_ago, wait, weeks;

	memset(p, 0, sizeof *p);
	p->number = number;
	p->kind = demo_kinds[number - 1];
	p->research = true;
	for (i = 0; i < sizeof demo_declines / sizeof demo_declines[0]; i++)
		if (demo_declines[i] == number)
			p->research = false;
	days_ago = 95 + (number - 1) * 175 / (DEMO_SYNTHETIC - 1) +
	    demo_rs_range(&s, 0, 3);
	wait = demo_rs_range(&s, 7, 21);
	weeks = demo_rs_range(&s, 8, 12);
	if (weeks * 7 > days_ago - wait - 4)
		weeks = (days_ago - wait - 4) / 7;
	p->level = demo_rs_range(&s, 0, 2) == 0 ? CARE_THERAPY :
	    CARE_PSYCHOEDUCATION;
	demo_rs_scores(p, &s);
	p->enrolled = schedule_day_start(now - (int64_t)days_ago *
	    DEMO_RDAY) + 10 * DEMO_RHOUR;
	if (p->kind == 'N') {
		p->start = schedule_add(p->enrolled, demo_rs_range(&s, 14, 40),
		    SCHEDULE_DAYS);
		return;
	}
	p->start = schedule_add(p->enrolled, wait, SCHEDULE_DAYS);
	p->ends = schedule_add(p->start, weeks * 7, SCHEDULE_DAYS);
}

/*
 * demo_rs_at is where a measure stands a fraction f of the way from its
 * enrolment value to its end value, give or take noise.
 */
static void
demo_rs_at(const struct demo_synth *p, double f, uint32_t *s, int lo, int hi,
    int lv[DEMO_MEASURES])
{
	double	d;
	int	m;

	for (m = 0; m < DEMO_MEASURES; m++) {
		d = (p->last[m] - p->base[m]) * f;
		lv[m] = demo_rs_clamp(p->base[m] + (int)(d < 0 ? d - 0.5 :
		    d + 0.5) + demo_rs_range(s, lo, hi), 0, demo_top[m]);
	}
}

/*
 * demo_rs_levels says where p's measures stood on the form of slot sl: at
 * enrolment and at the end exactly as planned, during the programme on
 * the way, after it near the end's values.  False when she left the
 * form unanswered: a dropout from half way through the programme, and
 * now and then anyone; never the enrolment forms, the end forms but for
 * dropouts, nor a form that closed in the last DEMO_RECENT days: had she
 * missed her last two occasions, the next sweep would raise R7 (no
 * contact) for a patient who is only synthetic.
 */
static bool
demo_rs_levels(const struct demo_synth *p, const struct schedule_slot *sl,
    int64_t now, uint32_t *s, int lv[DEMO_MEASURES])
{
	double	f;
	bool	after, keep, dropout = p->kind == 'D';

	after = p->ends != 0 && sl->opens >= schedule_day_start(p->ends);
	keep = sl->closes > now - (int64_t)DEMO_RECENT * DEMO_RDAY;
	if (strncmp(sl->window, "enrolment", 9) == 0) {
		memcpy(lv, p->base, sizeof p->base);
		return true;
	}
	if (strncmp(sl->window, "end ", 4) == 0) {
		memcpy(lv, p->last, sizeof p->last);
		return !dropout;
	}
	if (strncmp(sl->window, "programme ", 10) == 0 && p->ends > p->start) {
		f = (double)(sl->opens - p->start) /
		    (double)(p->ends - p->start);
		f = f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
		if ((demo_rs_range(s, 0, 9) == 0 || (dropout && f > 0.5)) &&
		    !keep)
			return false;
		demo_rs_at(p, f, s, -1, 1, lv);
		return true;
	}
	if (strncmp(sl->window, "followup ", 9) == 0) {
		if ((demo_rs_range(s, 0, 3) == 0 || dropout) && !keep)
			return false;
		demo_rs_at(p, 1.0, s, -1, 2, lv);
		return true;
	}
	if (strncmp(sl->window, "community ", 10) == 0) {
		if ((demo_rs_range(s, 0, 7) == 0 || (dropout && after)) &&
		    !keep)
			return false;
		demo_rs_at(p, after || p->kind == 'N' ? 1.0 : 0.0, s, -1, 1,
		    lv);
		return true;
	}
	return false;
}

/*
 * demo_rs_total is the first score of instrument id on a form where the
 * measures stand at lv; -1 for an instrument the demo does not answer.
 * The K10, PHQ-4 and distress rating follow the PHQ-9 and GAD-7.
 */
static int
demo_rs_total(const char *id, const int lv[DEMO_MEASURES])
{
	if (strcmp(id, "phq9") == 0)
		return lv[DEMO_PHQ9];
	if (strcmp(id, "gad7") == 0)
		return lv[DEMO_GAD7];
	if (strcmp(id, "who5") == 0)
		return lv[DEMO_WHO5];
	if (strcmp(id, "k10") == 0)
		return demo_rs_clamp(10 + (lv[DEMO_PHQ9] * 11 +
		    lv[DEMO_GAD7] * 8) / 10, 10, 50);
	if (strcmp(id, "phq4") == 0)
		return (lv[DEMO_PHQ9] * 6 + 13) / 27 +
		    (lv[DEMO_GAD7] * 6 + 10) / 21;
	if (strcmp(id, "distress") == 0)
		return demo_rs_clamp((lv[DEMO_PHQ9] + lv[DEMO_GAD7] + 2) / 4, 0,
		    10);
	return -1;
}

/*
 * demo_rs_grow adds left points to the items grow[0 .. ng - 1] of in, one
 * at a time on an item the generator picks (the next one below its top
 * when that one is full).  It returns what did not fit.
 */
static int
demo_rs_grow(const struct instrument *in, const size_t *grow, size_t ng,
    int left, uint32_t *s, struct answers *ans)
{
	const struct instrument_item	*it;
	size_t				 k, j;

	while (left > 0 && ng > 0) {
		k = demo_rs_next(s) % ng;
		for (j = 0; j < ng; j++) {
			it = &in->items[grow[(k + j) % ng]];
			if (ans->value[it->number] < it->options->max)
				break;
		}
		if (j == ng)
			break;
		ans->value[it->number]++;
		left--;
	}
	return left;
}

/*
 * demo_rs_values makes answers to in whose first score is about total (the
 * nearest such answers reach): the items of that score up from their
 * lowest option, critical items at their lowest option (no risk alert),
 * other option items in proportion, checklists unanswered.  ST_INVALID
 * when the engine does not score them as meant.
 */
static int
demo_rs_values(const struct instrument *in, int total, uint32_t *s,
    struct answers *ans)
{
	const struct instrument_score	*sc;
	const struct instrument_item	*it;
	struct score_result		 r;
	size_t				 grow[INSTRUMENT_MAX_ITEMS], ng = 0, k;
	int				 span, sum = 0, room = 0, left;

	if (in->nscores == 0 || in->scores[0].times <= 0)
		return ST_INVALID;
	sc = &in->scores[0];
	score_answers_init(ans);
	span = sc->max > sc->min ? sc->max - sc->min : 1;
	total = demo_rs_clamp(total, sc->min, sc->max);
	for (k = 0; k < in->nitems && k < INSTRUMENT_MAX_ITEMS; k++) {
		it = &in->items[k];
		if (it->options == NULL || it->choices != NULL)
			continue;
		if ((it->flags & ITEM_CRITICAL) == 0 &&
		    demo_in_score(sc, it->number)) {
			grow[ng++] = k;
			room += it->options->max - it->options->min;
		}
		if ((it->flags & ITEM_CRITICAL) != 0 ||
		    demo_in_score(sc, it->number))
			ans->value[it->number] = it->options->min;
		else
			ans->value[it->number] = it->options->min +
			    (it->options->max - it->options->min) *
			    (total - sc->min) / span;
	}
	for (k = 0; k < sc->nitems; k++)
		sum += ans->value[sc->items[k]] + sc->offset;
	left = demo_rs_clamp(total / sc->times - sum, 0, room);
	if (demo_rs_grow(in, grow, ng, left, s, ans) != 0 ||
	    score_compute(in, ans, &r) != ST_OK || !r.scores[0].complete ||
	    r.scores[0].value != (sum + left) * sc->times)
		return ST_INVALID;
	return ST_OK;
}

/*
 * demo_rs_when is when a form open from opens to closes was answered: within
 * three days, at a waking hour the seed picks; before it closes and
 * before now.
 */
static int64_t
demo_rs_when(int64_t opens, int64_t closes, int64_t now, uint32_t seed)
{
	int64_t	at;

	at = opens + (seed % 3) * DEMO_RDAY + (8 + seed / 3 % 13) *
	    DEMO_RHOUR + seed / 39 % 60 * 60;
	if (at >= closes)
		at = opens + (closes - opens) / 2;
	if (at >= now)
		at = opens + (now - opens) / 2;
	return at;
}

/* demo_rs_store answers form id of instrument in with ans, completed at at. */
static int
demo_rs_store(struct db *db, const struct instrument *in, const char *language,
    int64_t id, const struct answers *ans, int64_t at)
{
	const char	*lang;
	char		*conv;
	size_t		 k;
	int		 v, st;

	lang = instrument_has_language(in, language) ? language : "en";
	conv = quest_convention(in);
	st = forms_start(db, id, in->version, lang, conv);
	free(conv);
	for (k = 0; k < in->nitems && st == ST_OK; k++) {
		v = ans->value[in->items[k].number];
		if (v != SCORE_MISSING)
			st = forms_answer(db, id, in->items[k].number, v,
			    (int)k);
	}
	if (st == ST_OK)
		st = forms_complete(db, id, at);
	return st;
}

/*
 * demo_rs_forms gives synthetic patient a (plan p) every form her schedule
 * has given by now and answers those she answered; the rest are missed.
 */
static int
demo_rs_forms(struct db *db, const struct conf *conf,
    const struct demo_synth *p, const struct account *a, int64_t now,
    int64_t *answered, char **msg)
{
	const struct instrument	*in;
	struct care_period	*periods = NULL;
	struct schedule_slot	*sl = NULL;
	struct answers		 ans;
	size_t			 np = 0, ns = 0, i;
	int64_t			 enrolled, id;
	uint32_t		 s;
	int			 lv[DEMO_MEASURES], total, changed, st;

	if ((st = care_periods(db, a->id, &enrolled, &periods, &np)) !=
	    ST_OK || (st = schedule_slots(&conf->schedule, enrolled, periods,
	    np, now, &sl, &ns)) != ST_OK)
		goto out;
	for (i = 0; i < ns && st == ST_OK; i++) {
		/* As quest_sync: what is not shipped is not given. */
		if ((in = instrument_find(sl[i].instrument)) == NULL)
			continue;
		st = forms_ensure(db, a->id, in->id, sl[i].window, sl[i].opens,
		    sl[i].closes, 0, &id);
		if (st == ST_EXISTS)
			st = ST_OK;
		s = demo_rs_seed(p->number, (int)i + 1);
		if (st != ST_OK || !demo_rs_levels(p, &sl[i], now, &s, lv) ||
		    (total = demo_rs_total(in->id, lv)) < 0)
			continue;
		if ((st = demo_rs_values(in, total, &s, &ans)) != ST_OK) {
			xasprintf(msg, "research: %s: %s cannot score %d",
			    a->pseudonym, in->id, total);
			goto out;
		}
		if ((st = demo_rs_store(db, in, a->language, id, &ans,
		    demo_rs_when(sl[i].opens, sl[i].closes, now,
		    demo_rs_next(&s)))) == ST_OK)
			(*answered)++;
	}
	if (st == ST_OK)
		st = forms_mark_missed(db, a->id, now, &changed);
out:
	if (st != ST_OK && *msg == NULL)
		xasprintf(msg, "research: %s: forms: %s", a->pseudonym,
		    status_str(st));
	free(periods);
	free(sl);
	return st;
}

/*
 * demo_rs_sessions records that sessions 0 .. worked - 1 of assignment id
 * were opened and finished between from and to, and the module when
 * that is all of its n sessions.
 */
static int
demo_rs_sessions(struct db *db, int64_t patient, int64_t id, int n, int worked,
    int64_t from, int64_t to)
{
	int64_t	step, at = from;
	bool	first;
	int	k, st = ST_OK;

	step = (to - from) / (n + 1);
	for (k = 0; k < worked && st == ST_OK; k++) {
		at = from + step * (k + 1);
		if ((st = assignments_session_start(db, id, k, at - DEMO_RHOUR,
		    &first)) == ST_OK && (st = module_events_add(db, patient,
		    id, "session.open", k, NULL, at - DEMO_RHOUR)) == ST_OK &&
		    (st = assignments_session_complete(db, id, k, at)) == ST_OK)
			st = module_events_add(db, patient, id,
			    "session.complete", k, NULL, at);
	}
	if (st == ST_OK && worked == n && n > 0 &&
	    (st = assignments_complete(db, id, at)) == ST_OK)
		st = module_events_add(db, patient, id, "module.complete", -1,
		    NULL, at);
	return st;
}

/*
 * demo_rs_programme gives p two modules at the start of her programme,
 * assigned by professional by: she finished both, one, or worked on the
 * first for a session, as her course goes.  *done counts the modules
 * finished.  A module the deployment does not ship is left out.
 */
static int
demo_rs_programme(struct db *db, const struct demo_synth *p,
    const struct account *a, int64_t by, int64_t *assigned, int64_t *done)
{
	const struct module	*def;
	const char		*names[2];
	int64_t			 at, id;
	int			 finish, worked, j, n, st;

	if (p->ends == 0)
		return ST_OK;
	names[0] = "distress";
	names[1] = demo_second[p->number % 3];
	switch (p->kind) {
	case 'I':
		finish = p->number % 3 != 0 ? 2 : 1;
		break;
	case 'U':
		finish = p->number % 2 == 0 ? 1 : 0;
		break;
	case 'M':
		finish = 1;
		break;
	default:
		finish = 0;
		break;
	}
	for (j = 0; j < 2; j++) {
		if ((def = modules_get(names[j], "en", NULL)) == NULL)
			continue;
		n = (int)def->nsessions;
		at = p->start + (1 + 7 * j) * DEMO_RDAY;
		if ((st = assignments_create(db, a->id, def->id, def->version,
		    n, 0, by, at, &id)) != ST_OK ||
		    (st = module_events_add(db, a->id, id, "assigned", -1,
		    NULL, at)) != ST_OK)
			return st;
		/* Every session, or the first one only, or none. */
		worked = j < finish ? n : j == 0 ? 1 : 0;
		if ((st = demo_rs_sessions(db, a->id, id, n, worked, at,
		    p->ends - 2 * DEMO_RDAY)) != ST_OK)
			return st;
		(*assigned)++;
		*done += worked == n;
	}
	return ST_OK;
}

/*
 * demo_rs_synth_levels records p's care levels, set by professional by:
 * monitoring from her enrolment, her programme, then community care.
 */
static int
demo_rs_synth_levels(struct db *db, const struct demo_synth *p, int64_t patient,
    int64_t by)
{
	int	st;

	if ((st = care_levels_add(db, patient, CARE_MONITORING, by,
	    p->enrolled)) != ST_OK)
		return st;
	if (p->ends == 0)
		return care_levels_add(db, patient, CARE_COMMUNITY, by,
		    p->start);
	if ((st = care_levels_add(db, patient, p->level, by, p->start)) !=
	    ST_OK)
		return st;
	return care_levels_add(db, patient, CARE_COMMUNITY, by, p->ends);
}

/* What demo_research counts for its summary. */
struct demo_tally {
	int64_t		 answered;
	int64_t		 assigned;
	int64_t		 done;
	int		 research;
};

/*
 * demo_rs_synth_create creates synthetic patient p's account (disabled, no
 * password) with her care levels, forms and modules, in the caller's
 * transaction, audited as the operator op's.  *out is her account.
 */
static int
demo_rs_synth_create(struct db *db, const struct conf *conf,
    const struct actor *op, const struct demo_synth *p, int64_t by,
    int64_t now, struct demo_tally *t, struct account **out, char **msg)
{
	char	 name[16];
	int64_t	 id;
	int	 st;

	*out = NULL;
	snprintf(name, sizeof name, "synthetic-%02d", p->number);
	if ((st = accounts_create(db, name, ROLE_PATIENT, DEMO_NO_HASH, false,
	    conf->default_language, &id)) != ST_OK ||
	    (st = audit_record(db, op, "account.create", "account", id, name,
	    "role patient (synthetic demo data)", true)) != ST_OK ||
	    (st = accounts_set_disabled(db, id, true)) != ST_OK ||
	    (st = demo_rs_synth_levels(db, p, id, by)) != ST_OK ||
	    (st = accounts_get(db, id, out)) != ST_OK ||
	    (st = demo_rs_forms(db, conf, p, *out, now, &t->answered, msg)) !=
	    ST_OK ||
	    (st = demo_rs_programme(db, p, *out, by, &t->assigned, &t->done)) !=
	    ST_OK) {
		account_free(*out);
		*out = NULL;
		if (*msg == NULL)
			xasprintf(msg, "research: %s: %s", name,
			    status_str(st));
	}
	return st;
}

/*
 * demo_rs_consent records a's decision on purpose p (study for research),
 * made by herself in English.
 */
static int
demo_rs_consent(struct db *db, const struct account *a, enum consent_purpose p,
    const char *study, bool give, char **msg)
{
	struct actor	actor;
	int		st;

	account_actor(a, "local", &actor);
	if ((st = consent_record(db, &actor, a->id, p, study, give, "en")) !=
	    ST_OK)
		xasprintf(msg, "research: %s's consent: %s", a->pseudonym,
		    status_str(st));
	return st;
}

/*
 * demo_rs_consents records a's consents: care and community given, expert
 * patient given for an expert, and research use of the study as
 * research says.
 */
static int
demo_rs_consents(struct db *db, const struct account *a, bool research,
    char **msg)
{
	int	st;

	if ((st = demo_rs_consent(db, a, CONSENT_CARE, NULL, true, msg)) !=
	    ST_OK ||
	    (st = demo_rs_consent(db, a, CONSENT_COMMUNITY, NULL, true, msg)) !=
	    ST_OK)
		return st;
	if (a->role == ROLE_EXPERT && (st = demo_rs_consent(db, a,
	    CONSENT_EXPERT, NULL, true, msg)) != ST_OK)
		return st;
	return demo_rs_consent(db, a, CONSENT_RESEARCH, DEMO_STUDY, research,
	    msg);
}

/*
 * demo_rs_people records the consents of the demo's patients and expert
 * patients: every one gives the research use of the pilot but pere,
 * who declines it.  *n counts them.
 */
static int
demo_rs_people(struct db *db, size_t *n, char **msg)
{
	struct account	**all = NULL;
	size_t		  len = 0, i;
	int		  st;

	*n = 0;
	if ((st = accounts_list(db, NULL, &all, &len)) != ST_OK) {
		xasprintf(msg, "research: accounts: %s", status_str(st));
		return st;
	}
	for (i = 0; i < len && st == ST_OK; i++) {
		if (all[i]->role != ROLE_PATIENT && all[i]->role != ROLE_EXPERT)
			continue;
		st = demo_rs_consents(db, all[i], strcmp(all[i]->pseudonym,
		    "pere") != 0, msg);
		(*n)++;
	}
	accounts_free_list(all, len);
	return st;
}

/*
 * demo_rs_study registers the pilot study as the operator op, its key
 * under the config's study_keys.  *key gets the key file's path.
 */
static int
demo_rs_study(struct db *db, const struct conf *conf, const struct actor *op,
    char **key, char **msg)
{
	static const char	*instruments[] = { "phq9", "gad7", "who5" };
	struct study		*s;
	char			*err = NULL;
	size_t			 i;
	int			 st;

	s = xcalloc(1, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", DEMO_STUDY);
	s->title = xstrdup("Mirall pilot: distress and quality of life");
	s->protocol = xstrdup("1.0");
	s->ninstruments = sizeof instruments / sizeof instruments[0];
	s->instruments = xcalloc(s->ninstruments, sizeof *s->instruments);
	for (i = 0; i < s->ninstruments; i++)
		s->instruments[i] = xstrdup(instruments[i]);
	s->recruiting = true;
	if ((st = study_create(db, conf, op, s, &err)) == ST_OK)
		*key = xstrdup(s->key_file);
	else if (st == ST_EXISTS && err != NULL && strstr(err, "key") != NULL)
		xasprintf(msg, "research: %s (left by an earlier demo? remove "
		    "it, or set study_keys to another directory)", err);
	else
		xasprintf(msg, "research: study %s: %s", DEMO_STUDY,
		    err != NULL ? err : status_str(st));
	free(err);
	study_free(s);
	return st;
}

/*
 * demo_rs_synthetics creates the synthetic patients, their care set by
 * laia (who follows none of them), all in one transaction (one sync of
 * the database, not forty: bbsctl demo runs often in the tests), then
 * records their consents.
 */
static int
demo_rs_synthetics(struct db *db, const struct conf *conf,
    const struct actor *op, struct demo_tally *t, char **msg)
{
	struct demo_synth	 p[DEMO_SYNTHETIC];
	struct account		*lead = NULL, *a[DEMO_SYNTHETIC] = { NULL };
	int64_t			 now;
	int			 i, st;

	if ((st = accounts_find(db, "laia", &lead)) != ST_OK) {
		xasprintf(msg, "research: laia: %s", status_str(st));
		return st;
	}
	now = db_now();
	if ((st = db_begin(db)) != ST_OK) {
		xasprintf(msg, "research: %s", status_str(st));
		goto out;
	}
	for (i = 0; i < DEMO_SYNTHETIC && st == ST_OK; i++) {
		demo_rs_plan(i + 1, now, &p[i]);
		st = demo_rs_synth_create(db, conf, op, &p[i], lead->id, now, t,
		    &a[i], msg);
	}
	if (st == ST_OK && (st = db_commit(db)) != ST_OK)
		xasprintf(msg, "research: %s", status_str(st));
	if (st != ST_OK) {
		db_rollback(db);
		goto out;
	}
	for (i = 0; i < DEMO_SYNTHETIC && st == ST_OK; i++) {
		if ((st = demo_rs_consents(db, a[i], p[i].research, msg)) ==
		    ST_OK)
			t->research += p[i].research;
	}
out:
	for (i = 0; i < DEMO_SYNTHETIC; i++)
		account_free(a[i]);
	account_free(lead);
	return st;
}

/*
 * demo_research loads the research side of the demo into a database
 * holding the demo accounts, with the questionnaires, modules and
 * consent texts loaded: the pilot study, the demo people's consents
 * (before their community is loaded: its features obey them) and the
 * synthetic patients.  *summary gets a line to print; on failure *msg
 * says what failed.
 */
int
demo_research(struct db *db, const struct conf *conf, char **summary,
    char **msg)
{
	struct demo_tally	 t;
	struct actor		 op;
	char			*key = NULL;
	size_t			 people;
	int			 st;

	*summary = NULL;
	*msg = NULL;
	memset(&t, 0, sizeof t);
	memset(&op, 0, sizeof op);
	op.operator = true;
	op.role = ROLE_ADMIN;
	op.name = "bbsctl demo";
	op.source = "local";
	if ((st = demo_rs_study(db, conf, &op, &key, msg)) != ST_OK ||
	    (st = demo_rs_people(db, &people, msg)) != ST_OK ||
	    (st = demo_rs_synthetics(db, conf, &op, &t, msg)) != ST_OK)
		goto out;
	xasprintf(summary, "Research: study %s (key %s); consents of %zu demo "
	    "patients; %d synthetic patients (synthetic-01 ... synthetic-%02d, "
	    "disabled, no password), %lld questionnaires answered, %lld of "
	    "%lld modules finished, %d consenting to the study\n", DEMO_STUDY,
	    key, people, DEMO_SYNTHETIC, DEMO_SYNTHETIC,
	    (long long)t.answered, (long long)t.done, (long long)t.assigned,
	    t.research);
out:
	free(key);
	return st;
}

/*
 * demo_enrolments moves each demo patient's account creation back to her
 * enrolment (her first care level): the histories of demo_care.c and of
 * the synthetic patients start months before the database was made, and
 * the research exports count days from accounts.created_at.  Run last,
 * when every care level is in.
 */
int
demo_enrolments(struct db *db, char **msg)
{
	int64_t	n;
	int	st;

	if ((st = db_begin(db)) != ST_OK ||
	    (st = demo_dates_enrolled(db, &n)) != ST_OK ||
	    (st = db_commit(db)) != ST_OK) {
		db_rollback(db);
		xasprintf(msg, "research: enrolment dates: %s", status_str(st));
	}
	return st;
}
