/*
 * outcome.c: the outcomes the service reports (privacy spec, "Outcomes
 * the service reports"; questionnaires spec, "Change over time").
 *
 * Reduced distress: of the patients who started a treatment programme
 * (their first care period at a programme level) as a case on any of the
 * primary measures (conf->outcome_measures), the share with reliable
 * improvement at the end of it, intention-to-treat (a missing end counts
 * as not improved) and among completers; the shares reliably
 * deteriorated and recovered.  Baseline: the latest completed form of a
 * measure on or before the programme's start; end: the forms of the
 * programme's "end <date>" window.  Thresholds (caseness, reliable
 * change) come from the definition files.  Every score is worked out
 * again from the stored answers by the engine, never read as stored.
 *
 * Then quality of life (WHO-5), adherence, engagement and service
 * quality, as counts and times (storage/outcomes.c).  Any cell that
 * concerns fewer than OUTCOME_MIN_CELL patients is suppressed, and a
 * suppressed cell keeps no figure but its n, so no screen can leak it.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bbs.h"

#define OUTCOME_Z		1.959964	/* two-sided 95% */
#define OUTCOME_WHO5		"who5"
#define OUTCOME_WHO5_POINTS	10		/* of the percent score */
#define OUTCOME_WEEK		(7 * 86400.0)

/* The priorities of bbs/alert.c grouped as the report shows them. */
static const struct {
	const char	*label;
	int		 lo;
	int		 hi;
} outcome_priorities[OUTCOME_PRIORITIES] = {
	/* R2, R3, and R8's escalations: due at once or within the hour. */
	{ N_("urgent"), ALERT_URGENT, ALERT_ESCALATION },
	{ N_("high"), ALERT_HIGH, ALERT_HIGH },
	{ N_("routine"), ALERT_LOW, ALERT_MEDIUM },
};

/* One patient's course through her first programme. */
struct outcome_course {
	bool		 started;	/* a programme, with a baseline */
	bool		 eligible;	/* a case at baseline */
	bool		 completer;	/* an end score of every measure */
	bool		 improved;
	bool		 deteriorated;
	bool		 recovered;
	bool		 who5_paired;
	int		 who5_change;
};

/* A measure's baseline and end for one patient. */
struct outcome_pair {
	bool		 has_base;
	int		 base;
	bool		 has_end;
	int		 end;
};

/*
 * outcome_wilson gives the 95% Wilson score interval of k successes of
 * n, as fractions: (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) /
 * (1 + z^2/n).  At k = 0 the low end is exactly 0 and at k = n the high
 * end exactly 1; with no trials both are 0.
 */
void
outcome_wilson(int k, int n, double *lo, double *hi)
{
	double	p, z2, den, centre, half;

	*lo = *hi = 0;
	if (n <= 0 || k < 0 || k > n)
		return;
	p = (double)k / n;
	z2 = OUTCOME_Z * OUTCOME_Z;
	den = 1 + z2 / n;
	centre = (p + z2 / (2.0 * n)) / den;
	half = OUTCOME_Z * sqrt(p * (1 - p) / n +
	    z2 / (4.0 * n * n)) / den;
	*lo = k == 0 ? 0 : centre - half;
	*hi = k == n ? 1 : centre + half;
	if (*lo < 0)
		*lo = 0;
	if (*hi > 1)
		*hi = 1;
}

/*
 * outcome_share_set fills s with k of n and its interval, suppressed
 * when n < OUTCOME_MIN_CELL or 0 < k < OUTCOME_MIN_CELL; a suppressed
 * share keeps only its n.
 */
void
outcome_share_set(struct outcome_share *s, int k, int n)
{
	memset(s, 0, sizeof *s);
	s->n = n;
	s->k = k;
	outcome_wilson(k, n, &s->lo, &s->hi);
	if (n < OUTCOME_MIN_CELL || (k > 0 && k < OUTCOME_MIN_CELL))
		outcome_share_suppress(s);
}

/* outcome_share_suppress hides a share's figures but its n. */
void
outcome_share_suppress(struct outcome_share *s)
{
	s->k = 0;
	s->lo = s->hi = 0;
	s->suppressed = true;
}

/*
 * outcome_mean_set fills m with a mean (or median) and its SD over n,
 * suppressed when n < OUTCOME_MIN_CELL; a suppressed one keeps its n.
 */
void
outcome_mean_set(struct outcome_mean *m, int n, double value, double sd)
{
	memset(m, 0, sizeof *m);
	m->n = n;
	m->value = value;
	m->sd = sd;
	if (n < OUTCOME_MIN_CELL)
		outcome_mean_suppress(m);
}

/* outcome_mean_suppress hides a mean's figures but its n. */
void
outcome_mean_suppress(struct outcome_mean *m)
{
	m->value = m->sd = 0;
	m->suppressed = true;
}

/* outcome_priority_label names the i-th priority group (translated). */
const char *
outcome_priority_label(size_t i)
{
	if (i >= OUTCOME_PRIORITIES)
		return "?";
	return _(outcome_priorities[i].label);
}

/* outcome_scope_name is the scope's machine name, for the audit row. */
const char *
outcome_scope_name(enum outcome_scope scope)
{
	switch (scope) {
	case OUTCOME_STUDY:
		return "study";
	case OUTCOME_RESEARCH:
		return "research";
	case OUTCOME_SERVICE:
		return "service";
	}
	return "?";
}

/*
 * outcome_measures_check checks the config's outcome_measures: at most
 * OUTCOME_MEASURES_MAX loaded questionnaires, each with caseness and a
 * reliable change on its main score.
 */
int
outcome_measures_check(const struct conf *conf, char **err)
{
	const struct instrument		*in;
	const struct instrument_score	*s;
	char				*copy, *w, *save;
	size_t				 n = 0;
	int				 st = ST_OK;

	*err = NULL;
	if (conf->outcome_measures == NULL)
		return ST_OK;
	copy = xstrdup(conf->outcome_measures);
	for (w = strtok_r(copy, " \t", &save); w != NULL && st == ST_OK;
	    w = strtok_r(NULL, " \t", &save)) {
		if (++n > OUTCOME_MEASURES_MAX) {
			st = text_say(err, ST_INVALID, "outcome_measures: at "
			    "most %d questionnaires", OUTCOME_MEASURES_MAX);
			break;
		}
		if ((st = instrument_ref_check("outcome_measures", w, err)) !=
		    ST_OK)
			break;
		in = instrument_find(w);
		s = &in->scores[instrument_primary(in)];
		if (!s->has_caseness || !s->has_reliable)
			st = text_say(err, ST_INVALID, "outcome_measures: "
			    "score %s of %s needs \"caseness\" and \"reliable\" "
			    "lines in %s", s->id, w, in->file);
	}
	free(copy);
	return st;
}

/* outcome_measures lists the config's measures into r. */
static void
outcome_measures(const struct conf *conf, struct outcome_report *r)
{
	char	*copy, *w, *save;

	r->nmeasures = 0;
	if (conf->outcome_measures == NULL)
		return;
	copy = xstrdup(conf->outcome_measures);
	for (w = strtok_r(copy, " \t", &save); w != NULL &&
	    r->nmeasures < OUTCOME_MEASURES_MAX;
	    w = strtok_r(NULL, " \t", &save))
		snprintf(r->measures[r->nmeasures++], sizeof r->measures[0],
		    "%s", w);
	free(copy);
}

/*
 * outcome_allowed tells whether actor may see a scope: the operator
 * always; the service only a professional who is a clinical lead; a
 * study or all research by researchers (the table's "aggregates of
 * consenting patients": only consenting patients are ever counted) and
 * by the clinical lead.
 */
static bool
outcome_allowed(const struct conf *conf, const struct actor *actor,
    enum outcome_scope scope)
{
	struct target	t = TARGET_NONE;
	bool		lead;

	if (actor == NULL)
		return false;
	if (actor->operator)
		return true;
	lead = actor->role == ROLE_PROFESSIONAL && actor->name != NULL &&
	    conf_is_clinical_lead(conf, actor->name);
	if (scope == OUTCOME_SERVICE)
		return lead;
	t.research_consent = true;
	return lead || role_may(actor, ACT_RESEARCH_EXPORT, &t);
}

/* outcome_audit records a computation asked for, allowed or not. */
static int
outcome_audit(struct db *db, const struct actor *actor,
    enum outcome_scope scope, const char *study, bool allowed)
{
	char	*detail;
	int	 st;

	xasprintf(&detail, "%s%s%s", outcome_scope_name(scope),
	    study != NULL ? " " : "", study != NULL ? study : "");
	if ((st = db_begin(db)) == ST_OK) {
		if ((st = audit_record(db, actor, "outcome.view",
		    study != NULL ? "study" : NULL, 0, NULL, detail,
		    allowed)) != ST_OK)
			db_rollback(db);
		else
			st = db_commit(db);
	}
	free(detail);
	return st;
}

/* outcome_ids_merge adds the ids of b to the sorted set a. */
static void
outcome_ids_merge(int64_t **a, size_t *na, const int64_t *b, size_t nb)
{
	size_t	i, j;

	for (i = 0; i < nb; i++) {
		for (j = 0; j < *na && (*a)[j] < b[i]; j++)
			;
		if (j < *na && (*a)[j] == b[i])
			continue;
		*a = xreallocarray(*a, *na + 1, sizeof **a);
		memmove(*a + j + 1, *a + j, (*na - j) * sizeof **a);
		(*a)[j] = b[i];
		(*na)++;
	}
}

/* outcome_research_ids gathers the patients consenting to any study. */
static int
outcome_research_ids(struct db *db, int64_t **ids, size_t *n)
{
	struct study	**list = NULL;
	int64_t		 *one;
	size_t		  nl = 0, no, i;
	int		  st;

	if ((st = study_list(db, &list, &nl)) != ST_OK)
		return st;
	for (i = 0; i < nl && st == ST_OK; i++) {
		if ((st = consent_research_ids(db, list[i]->id, &one, &no)) !=
		    ST_OK)
			break;
		outcome_ids_merge(ids, n, one, no);
		free(one);
	}
	study_free_list(list, nl);
	return st;
}

/*
 * outcome_scope_ids gives the patients a scope counts: a study's
 * consenting ones (ST_NOTFOUND for no such study), those consenting to
 * any study, or every patient.
 */
static int
outcome_scope_ids(struct db *db, enum outcome_scope scope, const char *id,
    int64_t **ids, size_t *n)
{
	struct study	*s = NULL;
	int		 st;

	*ids = NULL;
	*n = 0;
	switch (scope) {
	case OUTCOME_STUDY:
		if (id == NULL)
			return ST_INVALID;
		if ((st = study_get(db, id, &s)) != ST_OK)
			return st;
		study_free(s);
		return consent_research_ids(db, id, ids, n);
	case OUTCOME_RESEARCH:
		return outcome_research_ids(db, ids, n);
	case OUTCOME_SERVICE:
		return outcomes_patients(db, ids, n);
	}
	return ST_INVALID;
}

/*
 * outcome_programme finds patient's first treatment programme: from her
 * first care period at a programme level to the end of the run of
 * programme levels it starts (end 0: still in it).
 */
static int
outcome_programme(struct db *db, int64_t patient, int64_t *enrolled,
    bool *found, int64_t *start, int64_t *end)
{
	struct care_period	*p = NULL;
	size_t			 np = 0, i, j;
	int			 st;

	*found = false;
	*start = *end = 0;
	if ((st = care_periods(db, patient, enrolled, &p, &np)) != ST_OK)
		return st;
	for (i = 0; i < np && !care_level_in_programme(p[i].level); i++)
		;
	if (i < np) {
		for (j = i; j + 1 < np &&
		    care_level_in_programme(p[j + 1].level); j++)
			;
		*found = true;
		*start = p[i].from;
		*end = p[j].to;
	}
	free(p);
	return ST_OK;
}

/* outcome_end_window names the schedule's window of a programme's end. */
static void
outcome_end_window(int64_t end, char *buf, size_t len)
{
	struct tm	tm;
	time_t		t = (time_t)end;

	memset(&tm, 0, sizeof tm);
	localtime_r(&t, &tm);
	snprintf(buf, len, "end %04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
}

/* outcome_form_score scores a form's main score through the engine. */
static bool
outcome_form_score(struct db *db, const struct instrument *in,
    const struct form *f, int *v)
{
	struct score_result		 r;
	const struct score_value	*sv;

	if (quest_result(db, f, &r) != ST_OK)
		return false;
	sv = score_get(&r, in->scores[instrument_primary(in)].id);
	if (sv == NULL || !sv->complete)
		return false;
	*v = sv->value;
	return true;
}

/*
 * outcome_pair finds one measure's baseline (the latest completed on or
 * before start) and end (in window endwin, NULL: none yet).
 */
static int
outcome_pair(struct db *db, int64_t patient, const struct instrument *in,
    int64_t start, const char *endwin, struct outcome_pair *pr)
{
	struct form	**f = NULL;
	size_t		  n = 0, i;
	int		  st, v;

	memset(pr, 0, sizeof *pr);
	if ((st = forms_completed(db, patient, in->id, &f, &n)) != ST_OK)
		return st;
	for (i = 0; i < n; i++) {
		if (f[i]->completed_at <= start &&
		    outcome_form_score(db, in, f[i], &v)) {
			pr->has_base = true;
			pr->base = v;
		}
		if (endwin != NULL && strcmp(f[i]->window, endwin) == 0 &&
		    outcome_form_score(db, in, f[i], &v)) {
			pr->has_end = true;
			pr->end = v;
		}
	}
	forms_free_list(f, n);
	return ST_OK;
}

/*
 * outcome_classify applies the definitions to one patient's pairs: a
 * case at baseline on any measure; a completer with an end score of
 * every measure she had a baseline of; improved when some measure fell
 * by its reliable change or more and none rose by it; deteriorated when
 * some rose by it; recovered when below caseness on every measure at the
 * end.
 */
static void
outcome_classify(const struct instrument_score *const *sc,
    const struct outcome_pair *pr, size_t n, struct outcome_course *c)
{
	bool	down = false, up = false, below = true, any = false;
	size_t	i;

	c->completer = true;
	for (i = 0; i < n; i++) {
		if (!pr[i].has_base)
			continue;
		any = true;
		if (pr[i].base >= sc[i]->caseness)
			c->eligible = true;
		if (!pr[i].has_end) {
			c->completer = false;
			continue;
		}
		if (pr[i].base - pr[i].end >= sc[i]->reliable)
			down = true;
		if (pr[i].end - pr[i].base >= sc[i]->reliable)
			up = true;
		if (pr[i].end >= sc[i]->caseness)
			below = false;
	}
	if (!any || !c->eligible) {
		c->eligible = c->completer = false;
		return;
	}
	if (!c->completer)
		return;
	c->improved = down && !up;
	c->deteriorated = up;
	c->recovered = below;
}

/* outcome_course works out one patient's course through her programme. */
static int
outcome_course(struct db *db, const struct outcome_report *r,
    int64_t patient, struct outcome_course *c)
{
	const struct instrument		*in, *who5;
	const struct instrument_score	*sc[OUTCOME_MEASURES_MAX];
	struct outcome_pair		 pr[OUTCOME_MEASURES_MAX], w;
	char				 endwin[SCHEDULE_WINDOW_MAX];
	int64_t				 enrolled, start, end;
	bool				 found;
	size_t				 i, n = 0;
	int				 st;

	memset(c, 0, sizeof *c);
	if ((st = outcome_programme(db, patient, &enrolled, &found, &start,
	    &end)) != ST_OK || !found)
		return st;
	c->started = true;
	if (end != 0)
		outcome_end_window(end, endwin, sizeof endwin);
	for (i = 0; i < r->nmeasures; i++) {
		if ((in = instrument_find(r->measures[i])) == NULL)
			continue;
		sc[n] = &in->scores[instrument_primary(in)];
		if (!sc[n]->has_caseness || !sc[n]->has_reliable)
			continue;
		if ((st = outcome_pair(db, patient, in, start,
		    end != 0 ? endwin : NULL, &pr[n])) != ST_OK)
			return st;
		n++;
	}
	outcome_classify(sc, pr, n, c);
	if ((who5 = instrument_find(OUTCOME_WHO5)) == NULL)
		return ST_OK;
	if ((st = outcome_pair(db, patient, who5, start,
	    end != 0 ? endwin : NULL, &w)) != ST_OK)
		return st;
	c->who5_paired = w.has_base && w.has_end;
	c->who5_change = w.end - w.base;
	return ST_OK;
}

/* Running sums for a mean and SD. */
struct outcome_sum {
	int		 n;
	double		 sum;
	double		 sumsq;
};

/* outcome_sum_add counts one patient's value. */
static void
outcome_sum_add(struct outcome_sum *s, double v)
{
	s->n++;
	s->sum += v;
	s->sumsq += v * v;
}

/* outcome_sum_mean sets m to the mean and sample SD of s. */
static void
outcome_sum_mean(struct outcome_mean *m, const struct outcome_sum *s)
{
	double	mean = 0, var = 0;

	if (s->n > 0)
		mean = s->sum / s->n;
	if (s->n > 1)
		var = (s->sumsq - s->n * mean * mean) / (s->n - 1);
	outcome_mean_set(m, s->n, mean, sqrt(var > 0 ? var : 0));
}

/* outcome_distress fills the distress and quality-of-life figures. */
static int
outcome_distress(struct db *db, const int64_t *ids, size_t n,
    struct outcome_report *r)
{
	struct outcome_course	c;
	struct outcome_sum	who5 = { 0, 0, 0 };
	int			improved = 0, det = 0, rec = 0, w10 = 0;
	size_t			i;
	int			st;

	r->eligible = r->completers = 0;
	for (i = 0; i < n; i++) {
		if ((st = outcome_course(db, r, ids[i], &c)) != ST_OK)
			return st;
		if (c.who5_paired) {
			outcome_sum_add(&who5, c.who5_change);
			w10 += c.who5_change >= OUTCOME_WHO5_POINTS;
		}
		if (!c.eligible)
			continue;
		r->eligible++;
		r->completers += c.completer;
		improved += c.improved;
		det += c.deteriorated;
		rec += c.recovered;
	}
	outcome_share_set(&r->improved_itt, improved, r->eligible);
	outcome_share_set(&r->improved_completers, improved, r->completers);
	outcome_share_set(&r->deteriorated, det, r->completers);
	outcome_share_set(&r->recovered, rec, r->completers);
	outcome_sum_mean(&r->who5_change, &who5);
	outcome_share_set(&r->who5_improved10, w10, who5.n);
	return ST_OK;
}

/*
 * outcome_count_share sets s from counts, suppressed too when they
 * concern fewer than OUTCOME_MIN_CELL patients (a share of modules or
 * forms counts things, several a patient).
 */
static void
outcome_count_share(struct outcome_share *s, const struct outcomes_count *c)
{
	outcome_share_set(s, (int)c->k, (int)c->n);
	/* Over so few, not even the number of things is shown. */
	if (c->patients < OUTCOME_MIN_CELL) {
		outcome_share_suppress(s);
		s->n = 0;
	}
}

/* outcome_engagement fills adherence and engagement. */
static int
outcome_engagement(struct db *db, const int64_t *ids, size_t n,
    int64_t now, struct outcome_report *r)
{
	struct outcomes_count		c;
	struct outcomes_engagement	e;
	struct outcome_sum		days = { 0, 0, 0 }, posts = days,
					msgs = days;
	struct care_period		*p;
	int64_t				enrolled;
	double				weeks;
	size_t				i, np;
	int				st;

	if ((st = outcomes_modules(db, ids, n, &c)) != ST_OK)
		return st;
	outcome_count_share(&r->modules_completed, &c);
	if ((st = outcomes_forms(db, ids, n, now, &c)) != ST_OK)
		return st;
	outcome_count_share(&r->forms_in_window, &c);
	if ((st = outcomes_mirror(db, ids, n, &c)) != ST_OK)
		return st;
	outcome_count_share(&r->mirror_completed, &c);
	for (i = 0; i < n; i++) {
		if ((st = care_periods(db, ids[i], &enrolled, &p, &np)) !=
		    ST_OK)
			return st;
		free(p);
		if ((st = outcomes_engagement(db, ids[i], &e)) != ST_OK)
			return st;
		weeks = (now - enrolled) / OUTCOME_WEEK;
		if (weeks < 1)
			weeks = 1;
		outcome_sum_add(&days, e.active_days / weeks);
		outcome_sum_add(&posts, (double)e.posts);
		outcome_sum_add(&msgs, (double)e.messages);
	}
	outcome_sum_mean(&r->active_days_week, &days);
	outcome_sum_mean(&r->posts, &posts);
	outcome_sum_mean(&r->messages_to_staff, &msgs);
	return ST_OK;
}

/* outcome_double_cmp orders times for qsort. */
static int
outcome_double_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * outcome_median sets m to the median of a kind of time, suppressed when
 * there are fewer than OUTCOME_MIN_CELL times or patients.
 */
static int
outcome_median(struct db *db, enum outcomes_time kind, const int64_t *ids,
    size_t n, int lo, int hi, struct outcome_mean *m)
{
	struct outcomes_times	t;
	double			med = 0;
	int			st;

	if ((st = outcomes_times(db, kind, ids, n, lo, hi, &t)) != ST_OK)
		return st;
	if (t.n > 0) {
		qsort(t.hours, t.n, sizeof *t.hours, outcome_double_cmp);
		med = t.n % 2 == 1 ? t.hours[t.n / 2] :
		    (t.hours[t.n / 2 - 1] + t.hours[t.n / 2]) / 2;
	}
	outcome_mean_set(m, (int)t.n, med, 0);
	if (t.patients < OUTCOME_MIN_CELL && !m->suppressed)
		outcome_mean_suppress(m);
	outcomes_times_clear(&t);
	return ST_OK;
}

/*
 * outcome_service fills service quality: the scope's patients only,
 * except moderation for the whole service, which covers every post.
 */
static int
outcome_service(struct db *db, const int64_t *ids, size_t n,
    struct outcome_report *r)
{
	size_t	i;
	int	st;

	if ((st = outcome_median(db, OUTCOMES_FIRST_REPLY, ids, n, 0, 0,
	    &r->first_reply_hours)) != ST_OK)
		return st;
	for (i = 0; i < OUTCOME_PRIORITIES; i++) {
		if ((st = outcome_median(db, OUTCOMES_ALERT_ACK, ids, n,
		    outcome_priorities[i].lo, outcome_priorities[i].hi,
		    &r->alert_ack_hours[i])) != ST_OK ||
		    (st = outcome_median(db, OUTCOMES_ALERT_CLOSE, ids, n,
		    outcome_priorities[i].lo, outcome_priorities[i].hi,
		    &r->alert_close_hours[i])) != ST_OK)
			return st;
	}
	return outcome_median(db, OUTCOMES_MODERATION,
	    r->scope == OUTCOME_SERVICE ? NULL : ids, n, 0, 0,
	    &r->moderation_hours);
}

/*
 * outcome_compute works out the report of a scope for actor: a study's
 * consenting patients (study names it), those consenting to any study,
 * or every patient of the service (a clinical lead or the operator
 * only).  Researchers see only the first two.  Each computation is
 * audited, a refused one too.
 */
int
outcome_compute(struct db *db, const struct conf *conf,
    const struct actor *actor, enum outcome_scope scope, const char *study,
    struct outcome_report *r)
{
	int64_t	*ids = NULL;
	size_t	 n = 0;
	int	 st;

	memset(r, 0, sizeof *r);
	if (scope != OUTCOME_STUDY)
		study = NULL;
	if (scope < OUTCOME_STUDY || scope > OUTCOME_SERVICE)
		return ST_INVALID;
	if (!outcome_allowed(conf, actor, scope)) {
		if (actor != NULL)
			outcome_audit(db, actor, scope, study, false);
		return ST_DENIED;
	}
	r->scope = scope;
	if (study != NULL)
		snprintf(r->study, sizeof r->study, "%s", study);
	outcome_measures(conf, r);
	if ((st = outcome_scope_ids(db, scope, study, &ids, &n)) != ST_OK)
		goto out;
	r->patients = (int)n;
	if ((st = outcome_distress(db, ids, n, r)) != ST_OK ||
	    (st = outcome_engagement(db, ids, n, db_now(), r)) != ST_OK ||
	    (st = outcome_service(db, ids, n, r)) != ST_OK)
		goto out;
	st = outcome_audit(db, actor, scope, study, true);
out:
	free(ids);
	if (st != ST_OK) {
		scope = r->scope;
		memset(r, 0, sizeof *r);
		r->scope = scope;
	}
	return st;
}

/* outcome_print_share writes a share as "k/n (p%, 95% CI lo-hi%)". */
static void
outcome_print_share(FILE *f, const char *label,
    const struct outcome_share *s)
{
	fprintf(f, "  %-48s ", label);
	if (s->suppressed && s->n < OUTCOME_MIN_CELL)
		fputs(_("suppressed (n<5)"), f);
	else if (s->suppressed)
		fprintf(f, "<5/%d", s->n);
	else
		fprintf(f, _("%d/%d (%.1f%%, 95%% CI %.1f-%.1f%%)"), s->k,
		    s->n, 100.0 * s->k / s->n, 100.0 * s->lo, 100.0 * s->hi);
	fputc('\n', f);
}

/* outcome_print_mean writes a mean with its SD, or a median, and n. */
static void
outcome_print_mean(FILE *f, const char *label, const struct outcome_mean *m,
    bool median, bool sign)
{
	fprintf(f, "  %-48s ", label);
	if (m->suppressed)
		fputs(_("suppressed (n<5)"), f);
	else if (median)
		fprintf(f, _("%.1f h (n=%d)"), m->value, m->n);
	else
		fprintf(f, sign ? _("%+.1f (SD %.1f, n=%d)") :
		    _("%.1f (SD %.1f, n=%d)"), m->value, m->sd, m->n);
	fputc('\n', f);
}

/* outcome_print_count writes a count of patients, "<5" for 1 to 4. */
static void
outcome_print_count(FILE *f, const char *label, int n)
{
	fprintf(f, "  %-48s ", label);
	if (n > 0 && n < OUTCOME_MIN_CELL)
		fputs("<5\n", f);
	else
		fprintf(f, "%d\n", n);
}

/* outcome_print_title writes the report's heading. */
static void
outcome_print_title(FILE *f, const struct outcome_report *r)
{
	size_t	i;

	switch (r->scope) {
	case OUTCOME_STUDY:
		fprintf(f, _("Mirall outcomes: study %s (patients consenting "
		    "to it)\n"), r->study);
		break;
	case OUTCOME_RESEARCH:
		fputs(_("Mirall outcomes: patients consenting to research\n"),
		    f);
		break;
	case OUTCOME_SERVICE:
		fputs(_("Mirall outcomes: the whole service\n"), f);
		break;
	}
	outcome_print_count(f, _("Patients"), r->patients);
	fprintf(f, "  %-48s", _("Primary distress measures"));
	for (i = 0; i < r->nmeasures; i++)
		fprintf(f, " %s", r->measures[i]);
	fputs("\n\n", f);
}

/* outcome_print_distress writes distress and quality of life. */
static void
outcome_print_distress(FILE *f, const struct outcome_report *r)
{
	fprintf(f, "%s\n", _("Reduced distress [1]"));
	outcome_print_count(f, _("Started a programme as a case"),
	    r->eligible);
	outcome_print_count(f, _("With an end score (completers)"),
	    r->completers);
	outcome_print_share(f, _("Reliable improvement, intention-to-treat "
	    "[2]"), &r->improved_itt);
	outcome_print_share(f, _("Reliable improvement, completers [2]"),
	    &r->improved_completers);
	outcome_print_share(f, _("Reliable deterioration, completers [3]"),
	    &r->deteriorated);
	outcome_print_share(f, _("Recovered, completers [4]"), &r->recovered);
	fprintf(f, "\n%s\n", _("Quality of life: WHO-5 percent score [5]"));
	outcome_print_mean(f, _("Change, baseline to end"), &r->who5_change,
	    false, true);
	outcome_print_share(f, _("Improved by 10 points or more"),
	    &r->who5_improved10);
}

/* outcome_print_use writes adherence, engagement and service quality. */
static void
outcome_print_use(FILE *f, const struct outcome_report *r)
{
	char	label[128];
	size_t	i;

	fprintf(f, "\n%s\n", _("Adherence [6]"));
	outcome_print_share(f, _("Modules completed, of assigned"),
	    &r->modules_completed);
	outcome_print_share(f, _("Questionnaires completed within window"),
	    &r->forms_in_window);
	fprintf(f, "\n%s\n", _("Engagement, per patient [7]"));
	outcome_print_mean(f, _("Active days per week"), &r->active_days_week,
	    false, false);
	outcome_print_mean(f, _("Posts"), &r->posts, false, false);
	outcome_print_mean(f, _("Messages to professionals"),
	    &r->messages_to_staff, false, false);
	outcome_print_share(f, _("Mirror experiences completed, of requested"),
	    &r->mirror_completed);
	fprintf(f, "\n%s\n", _("Service quality, median hours [8]"));
	outcome_print_mean(f, _("A professional's first answer"),
	    &r->first_reply_hours, true, false);
	for (i = 0; i < OUTCOME_PRIORITIES; i++) {
		snprintf(label, sizeof label, _("Alert acknowledged, %s"),
		    outcome_priority_label(i));
		outcome_print_mean(f, label, &r->alert_ack_hours[i], true,
		    false);
	}
	for (i = 0; i < OUTCOME_PRIORITIES; i++) {
		snprintf(label, sizeof label, _("Alert closed, %s"),
		    outcome_priority_label(i));
		outcome_print_mean(f, label, &r->alert_close_hours[i], true,
		    false);
	}
	outcome_print_mean(f, _("Moderation, queue to action"),
	    &r->moderation_hours, true, false);
}

/* The definitions, as the report's footnotes. */
static const char *const outcome_notes[] = {
	N_("[1] Patients who started a treatment programme (their first care "
	   "period at the psychoeducation or therapy level) as a case on any "
	   "primary measure at baseline: the latest questionnaire completed "
	   "on or before the programme's start, its main score at or above "
	   "the measure's caseness threshold (PHQ-9 10, GAD-7 8).  End: the "
	   "questionnaires of the programme's end.  Completers have an end "
	   "score of every measure they had a baseline of.  Scores are "
	   "worked out again from the stored answers."),
	N_("[2] Some measure down by its reliable-change threshold or more "
	   "(PHQ-9 6, GAD-7 4) and none up by its threshold or more.  "
	   "Intention-to-treat: of all eligible patients, a missing end "
	   "counting as not improved.  Shares with a 95% Wilson score "
	   "interval (z = 1.959964)."),
	N_("[3] Some measure up by its reliable-change threshold or more."),
	N_("[4] Below caseness on every measure at the end."),
	N_("[5] Patients who started a programme with a WHO-5 at baseline and "
	   "at the end: mean change of the percentage score (0-100; up is "
	   "better), and the share improving by 10 points or more."),
	N_("[6] Modules: every module assigned to the patients, completed "
	   "when marked so.  Questionnaires: those given by the schedule "
	   "(not sent by hand) whose window has closed, completed before it "
	   "closed."),
	N_("[7] Means (SD) over the patients.  Active days: dates with "
	   "anything the patient did in Mirall (the audit trail and her "
	   "modules), per week since enrolment (at least one week).  Posts "
	   "on the boards and messages in conversations with professionals, "
	   "since enrolment.  Mirror experiences: completed when closed after "
	   "being under way."),
	N_("[8] Medians.  First answer: from a patient's first message in a "
	   "conversation to a professional's first message after it.  Alerts "
	   "from raised to acknowledged and to closed, by priority (urgent: "
	   "R2, R3 and escalations; high: R1; routine: the others).  "
	   "Moderation: from a post entering the queue to a moderator's "
	   "decision.  Outside the whole-service report, only what concerns "
	   "the report's patients."),
	N_("Any cell concerning fewer than 5 patients is suppressed: a count "
	   "of 1 to 4 shows as <5, a share, mean or median over fewer than 5 "
	   "as \"suppressed (n<5)\"."),
};

/*
 * outcome_print_note writes one footnote wrapped at 72 columns, a
 * numbered one with its later lines indented.
 */
static void
outcome_print_note(FILE *f, const char *note)
{
	const char	*p = note, *sp;
	size_t		 col = 0, w, indent = note[0] == '[' ? 4 : 0;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		sp = p + strcspn(p, " ");
		w = (size_t)(sp - p);
		if (w == 0)
			break;
		if (col > 0 && col + 1 + w > 72) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > 0) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, w, f);
		col += w;
		p = sp;
	}
	fputc('\n', f);
}

/*
 * outcome_print writes the report as a plain-text table for a paper:
 * each share as "k/n (p%, 95% CI lo-hi%)", suppressed cells marked, and
 * the definitions as footnotes.
 */
int
outcome_print(FILE *f, const struct outcome_report *r)
{
	size_t	i;

	outcome_print_title(f, r);
	outcome_print_distress(f, r);
	outcome_print_use(f, r);
	fputc('\n', f);
	for (i = 0; i < sizeof outcome_notes / sizeof outcome_notes[0]; i++)
		outcome_print_note(f, _(outcome_notes[i]));
	return ferror(f) ? ST_IOERR : ST_OK;
}
