/*
 * test_outcome.c: the outcomes the service reports (bbs/outcome.c).
 *
 * Wilson intervals against values worked out by hand with
 *	lo, hi = (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n),
 *	p = k/n, z = 1.959964;
 * suppression at its thresholds; and the definitions of the report on
 * patients built straight through storage: care levels (monitoring from
 * T0, therapy from T0 + 10 days, community from T0 + 70 days, so the
 * programme's end window is "end <T0 + 70 days>"), a baseline form at
 * enrolment completed on T0 + 1 day, the end forms on T0 + 71 days.
 *
 * A figure over fewer than 5 patients is suppressed, so each
 * classification is checked on groups of different sizes (5, 6, 7...):
 * the count that comes out says which groups were counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/stat.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

#define DAY		86400
#define NONE		-1
#define STUDY		"pilot"
#define EPS		0.00001

/* The dates of every patient's course. */
static int64_t	t0;
static int	serial;

/* A patient's scores: PHQ-9, GAD-7 totals, WHO-5 raw (0-25); NONE. */
struct course {
	int	phq[2];		/* baseline, end */
	int	gad[2];
	int	who[2];
	bool	consent;	/* to STUDY */
	bool	ended;		/* the programme has ended */
};

/*
 * form fills a completed form of instrument whose nitems items (values
 * up to max) add up to total, in window, completed at at.
 */
static void
form(struct th *t, int64_t patient, const char *instrument, int nitems,
    int max, int total, const char *window, int64_t at)
{
	int64_t	id;
	int	i, v;

	if (total == NONE)
		return;
	assert_int_equal(forms_ensure(t->db, patient, instrument, window,
	    at - DAY, at + 6 * DAY, 0, &id), ST_OK);
	for (i = 1; i <= nitems; i++) {
		v = total > max ? max : total;
		total -= v;
		assert_int_equal(forms_answer(t->db, id, i, v, i), ST_OK);
	}
	assert_int_equal(total, 0);
	assert_int_equal(forms_complete(t->db, id, at), ST_OK);
}

/* patient makes one patient with course c; her id. */
static int64_t
patient(struct th *t, const struct course *c)
{
	char	 name[32], endwin[40];
	int64_t	 id;

	snprintf(name, sizeof name, "p%03d", ++serial);
	id = th_account(t, name, ROLE_PATIENT, NULL);
	assert_int_equal(care_levels_add(t->db, id, CARE_MONITORING, 0, t0),
	    ST_OK);
	assert_int_equal(care_levels_add(t->db, id, CARE_THERAPY, 0,
	    t0 + 10 * DAY), ST_OK);
	if (c->ended)
		assert_int_equal(care_levels_add(t->db, id, CARE_COMMUNITY, 0,
		    t0 + 70 * DAY), ST_OK);
	form(t, id, "phq9", 9, 3, c->phq[0], "enrolment", t0 + DAY);
	form(t, id, "gad7", 7, 3, c->gad[0], "enrolment", t0 + DAY);
	form(t, id, "who5", 5, 5, c->who[0], "enrolment", t0 + DAY);
	/* TZ is UTC: the end window's date is T0 + 70 days. */
	strftime(endwin, sizeof endwin, "end %Y-%m-%d",
	    gmtime(&(time_t){ (time_t)(t0 + 70 * DAY) }));
	form(t, id, "phq9", 9, 3, c->phq[1], endwin, t0 + 71 * DAY);
	form(t, id, "gad7", 7, 3, c->gad[1], endwin, t0 + 71 * DAY);
	form(t, id, "who5", 5, 5, c->who[1], endwin, t0 + 71 * DAY);
	if (c->consent)
		th_sql(t, "INSERT INTO consents (account_id, purpose, study, "
		    "given, text_version, text_hash, language, at) VALUES "
		    "(%lld, %d, '%s', 1, 1, 'x', 'en', 1)", (long long)id,
		    CONSENT_RESEARCH, STUDY);
	return id;
}

/* group makes n patients with the same course. */
static void
group(struct th *t, int n, int pb, int pe, int gb, int ge)
{
	struct course	c = { { pb, pe }, { gb, ge }, { NONE, NONE }, true,
			    true };

	while (n-- > 0)
		patient(t, &c);
}

/* report computes the study's report as the operator. */
static void
report(struct th *t, struct outcome_report *r)
{
	struct actor	op = th_operator();

	assert_int_equal(outcome_compute(t->db, t->conf, &op, OUTCOME_STUDY,
	    STUDY, r), ST_OK);
}

/* share_is checks a share's k of n, not suppressed. */
static void
share_is(const struct outcome_share *s, int k, int n)
{
	assert_false(s->suppressed);
	assert_int_equal(s->k, k);
	assert_int_equal(s->n, n);
}

/* The intervals at k = 0, k = n, n = 1 and in between. */
static void
test_wilson(void **state)
{
	static const struct {
		int	k, n;
		double	lo, hi;
	} v[] = {
		{ 0, 10, 0.0, 0.277533 },
		{ 5, 10, 0.236593, 0.763407 },
		{ 10, 10, 0.722467, 1.0 },
		{ 1, 1, 0.206549, 1.0 },
		{ 81, 263, 0.255289, 0.366210 },
		{ 4, 5, 0.375535, 0.963776 },
	};
	double	lo, hi;
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		outcome_wilson(v[i].k, v[i].n, &lo, &hi);
		assert_true(lo > v[i].lo - EPS && lo < v[i].lo + EPS);
		assert_true(hi > v[i].hi - EPS && hi < v[i].hi + EPS);
	}
	/* k = 0 and k = n are exact ends. */
	outcome_wilson(0, 3, &lo, &hi);
	assert_true(lo == 0.0);
	outcome_wilson(3, 3, &lo, &hi);
	assert_true(hi == 1.0);
	/* No trials, or nonsense: nothing. */
	outcome_wilson(0, 0, &lo, &hi);
	assert_true(lo == 0.0 && hi == 0.0);
	outcome_wilson(5, 4, &lo, &hi);
	assert_true(lo == 0.0 && hi == 0.0);
}

/* Shares and means at the small-cell thresholds. */
static void
test_suppression(void **state)
{
	struct outcome_share	s;
	struct outcome_mean	m;

	(void)state;
	outcome_share_set(&s, 2, 4);
	assert_true(s.suppressed);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.k, 0);
	assert_true(s.lo == 0.0 && s.hi == 0.0);
	outcome_share_set(&s, 0, 4);
	assert_true(s.suppressed);
	outcome_share_set(&s, 0, 5);
	assert_false(s.suppressed);
	assert_true(s.hi > 0.4);
	outcome_share_set(&s, 4, 5);
	assert_true(s.suppressed);
	assert_int_equal(s.k, 0);
	outcome_share_set(&s, 4, 50);
	assert_true(s.suppressed);
	outcome_share_set(&s, 5, 5);
	assert_false(s.suppressed);
	assert_int_equal(s.k, 5);
	assert_true(s.hi == 1.0);
	outcome_share_set(&s, 5, 50);
	assert_false(s.suppressed);
	assert_true(s.lo > 0.04 && s.hi < 0.22);
	outcome_mean_set(&m, 4, 3.5, 1);
	assert_true(m.suppressed);
	assert_true(m.value == 0.0);
	outcome_mean_set(&m, 5, 3.5, 1);
	assert_false(m.suppressed);
	assert_true(m.value == 3.5);
}

/*
 * Reliable improvement: PHQ-9 down 6 counts, down 5 does not; GAD-7
 * down 4 counts, down 3 does not; one measure improved and the other
 * deteriorated is not improved but deteriorated.
 */
static void
test_reliable_improvement(void **state)
{
	struct th		*t = *state;
	struct outcome_report	 r;

	group(t, 5, 15, 9, 3, 3);	/* PHQ-9 -6: improved */
	group(t, 6, 15, 10, 3, 3);	/* PHQ-9 -5: not */
	group(t, 7, 3, 3, 12, 8);	/* GAD-7 -4: improved */
	group(t, 8, 3, 3, 12, 9);	/* GAD-7 -3: not */
	group(t, 9, 15, 9, 10, 14);	/* -6 and +4: deteriorated */
	report(t, &r);
	assert_int_equal(r.patients, 35);
	assert_int_equal(r.eligible, 35);
	assert_int_equal(r.completers, 35);
	share_is(&r.improved_itt, 12, 35);
	share_is(&r.improved_completers, 12, 35);
	share_is(&r.deteriorated, 9, 35);
}

/* Reliable deterioration: PHQ-9 up 6 counts, up 5 does not. */
static void
test_reliable_deterioration(void **state)
{
	struct th		*t = *state;
	struct outcome_report	 r;

	group(t, 5, 10, 16, 0, 0);	/* +6 */
	group(t, 6, 10, 15, 0, 0);	/* +5 */
	group(t, 7, 0, 0, 8, 12);	/* GAD-7 +4 */
	group(t, 8, 0, 0, 8, 11);	/* GAD-7 +3 */
	report(t, &r);
	share_is(&r.deteriorated, 12, 26);
	share_is(&r.improved_itt, 0, 26);
}

/*
 * Caseness: PHQ-9 10 and GAD-7 8 are cases, 9 and 7 are not; recovery:
 * below both at the end (GAD-7 8 at the end is still a case).
 */
static void
test_caseness_recovery(void **state)
{
	struct th		*t = *state;
	struct outcome_report	 r;

	group(t, 5, 9, 9, 7, 7);	/* no case: not eligible */
	group(t, 6, 10, 9, 0, 0);	/* PHQ-9 case, recovered */
	group(t, 7, 0, 0, 8, 7);	/* GAD-7 case, recovered */
	group(t, 8, 12, 9, 9, 8);	/* still a GAD-7 case */
	report(t, &r);
	assert_int_equal(r.patients, 26);
	assert_int_equal(r.eligible, 21);
	share_is(&r.recovered, 13, 21);
	/* Nobody moved by a reliable change. */
	share_is(&r.improved_itt, 0, 21);
	share_is(&r.deteriorated, 0, 21);
}

/*
 * Intention-to-treat counts a missing end as not improved; completers
 * are those with an end score of every measure they had a baseline of.
 */
static void
test_itt_completers(void **state)
{
	struct th		*t = *state;
	struct course		 c = { { 15, NONE }, { 10, NONE },
				    { NONE, NONE }, true, true };
	struct outcome_report	 r;
	int			 i;

	group(t, 5, 15, 8, 10, 5);	/* improved */
	for (i = 0; i < 3; i++)		/* no end at all */
		patient(t, &c);
	c.gad[1] = 5;			/* GAD-7 only: not a completer */
	for (i = 0; i < 2; i++)
		patient(t, &c);
	c.phq[1] = 8;
	c.ended = false;		/* still in the programme */
	patient(t, &c);
	report(t, &r);
	assert_int_equal(r.eligible, 11);
	assert_int_equal(r.completers, 5);
	share_is(&r.improved_itt, 5, 11);
	share_is(&r.improved_completers, 5, 5);
	share_is(&r.recovered, 5, 5);
	/* The ITT interval is wider than the completers'. */
	assert_true(r.improved_itt.hi - r.improved_itt.lo >
	    r.improved_completers.hi - r.improved_completers.lo);
}

/* A patient who did not consent to the study is not counted in it. */
static void
test_consent_filter(void **state)
{
	struct th		*t = *state;
	struct course		 c = { { 15, 8 }, { 10, 5 }, { NONE, NONE },
				    false, true };
	struct outcome_report	 r;
	struct actor		 op = th_operator();
	int64_t			 id;

	group(t, 5, 15, 8, 10, 5);
	patient(t, &c);
	/* Consented, then withdrew: the latest decision counts. */
	id = patient(t, &c);
	th_sql(t, "INSERT INTO consents (account_id, purpose, study, given, "
	    "text_version, text_hash, language, at) VALUES (%lld, %d, '%s', "
	    "1, 1, 'x', 'en', 1), (%lld, %d, '%s', 0, 1, 'x', 'en', 2)",
	    (long long)id, CONSENT_RESEARCH, STUDY, (long long)id,
	    CONSENT_RESEARCH, STUDY);
	report(t, &r);
	assert_int_equal(r.patients, 5);
	share_is(&r.improved_itt, 5, 5);
	assert_int_equal(outcome_compute(t->db, t->conf, &op, OUTCOME_RESEARCH,
	    NULL, &r), ST_OK);
	assert_int_equal(r.patients, 5);
	assert_int_equal(outcome_compute(t->db, t->conf, &op, OUTCOME_SERVICE,
	    NULL, &r), ST_OK);
	assert_int_equal(r.patients, 7);
	share_is(&r.improved_itt, 7, 7);
}

/* WHO-5: the mean change of the percent score, and 10 points or more. */
static void
test_who5(void **state)
{
	struct th		*t = *state;
	struct course		 c = { { 12, NONE }, { NONE, NONE }, { 10, 13 },
				    true, true };
	struct outcome_report	 r;
	int			 i;

	for (i = 0; i < 5; i++)		/* 40% to 52%: +12 */
		patient(t, &c);
	c.who[1] = 12;			/* 40% to 48%: +8 */
	patient(t, &c);
	c.who[1] = NONE;		/* no end: not counted */
	patient(t, &c);
	report(t, &r);
	assert_false(r.who5_change.suppressed);
	assert_int_equal(r.who5_change.n, 6);
	assert_true(r.who5_change.value > 11.333 &&
	    r.who5_change.value < 11.334);
	share_is(&r.who5_improved10, 5, 6);
}

/* Fewer than 5 WHO-5 pairs: the mean is suppressed. */
static void
test_who5_small(void **state)
{
	struct th		*t = *state;
	struct course		 c = { { 12, NONE }, { NONE, NONE }, { 10, 13 },
				    true, true };
	struct outcome_report	 r;
	int			 i;

	for (i = 0; i < 4; i++)
		patient(t, &c);
	report(t, &r);
	assert_true(r.who5_change.suppressed);
	assert_int_equal(r.who5_change.n, 4);
	assert_true(r.who5_change.value == 0.0);
	assert_true(r.who5_improved10.suppressed);
}

/*
 * Who may see what: researchers a study and all research, never the
 * service; the service only a professional who is a clinical lead (and
 * the operator); patients and other professionals nothing.  Every
 * computation is audited, a refused one too.
 */
static void
test_access(void **state)
{
	struct th		*t = *state;
	struct outcome_report	 r;
	struct audit_entry	*e;
	struct actor		 ana, laia, pau, rec, adm;

	group(t, 5, 15, 8, 10, 5);
	ana = th_actor(th_account(t, "ana", ROLE_PATIENT, NULL),
	    ROLE_PATIENT, "ana");
	laia = th_actor(th_account(t, "laia", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "laia");
	pau = th_actor(th_account(t, "pau", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "pau");
	rec = th_actor(th_account(t, "recerca", ROLE_RESEARCHER, NULL),
	    ROLE_RESEARCHER, "recerca");
	adm = th_actor(th_account(t, "admin", ROLE_ADMIN, NULL), ROLE_ADMIN,
	    "admin");
	free(t->conf->clinical_leads);
	t->conf->clinical_leads = xstrdup("laia");

	assert_int_equal(outcome_compute(t->db, t->conf, &ana, OUTCOME_STUDY,
	    STUDY, &r), ST_DENIED);
	assert_int_equal(r.patients, 0);
	e = th_audit_last(t);
	assert_string_equal(e->action, "outcome.view");
	assert_false(e->allowed);
	audit_entry_free(e);
	assert_int_equal(outcome_compute(t->db, t->conf, &ana,
	    OUTCOME_SERVICE, NULL, &r), ST_DENIED);
	assert_int_equal(outcome_compute(t->db, t->conf, &pau,
	    OUTCOME_SERVICE, NULL, &r), ST_DENIED);
	assert_int_equal(outcome_compute(t->db, t->conf, &pau, OUTCOME_STUDY,
	    STUDY, &r), ST_DENIED);
	assert_int_equal(outcome_compute(t->db, t->conf, &adm,
	    OUTCOME_SERVICE, NULL, &r), ST_DENIED);
	assert_int_equal(outcome_compute(t->db, t->conf, &rec,
	    OUTCOME_SERVICE, NULL, &r), ST_DENIED);

	assert_int_equal(outcome_compute(t->db, t->conf, &laia,
	    OUTCOME_SERVICE, NULL, &r), ST_OK);
	/* Every patient, ana too, who never started a programme. */
	assert_int_equal(r.patients, 6);
	share_is(&r.improved_itt, 5, 5);
	e = th_audit_last(t);
	assert_string_equal(e->action, "outcome.view");
	assert_true(e->allowed);
	assert_string_equal(e->detail, "service");
	audit_entry_free(e);

	assert_int_equal(outcome_compute(t->db, t->conf, &rec, OUTCOME_STUDY,
	    STUDY, &r), ST_OK);
	assert_int_equal(r.patients, 5);
	assert_string_equal(r.study, STUDY);
	e = th_audit_last(t);
	assert_string_equal(e->detail, "study " STUDY);
	assert_string_equal(e->actor_name, "recerca");
	audit_entry_free(e);
	assert_int_equal(outcome_compute(t->db, t->conf, &rec,
	    OUTCOME_RESEARCH, NULL, &r), ST_OK);
	assert_int_equal(outcome_compute(t->db, t->conf, &rec, OUTCOME_STUDY,
	    "nosuch", &r), ST_NOTFOUND);
	/* Not a lead any more: refused. */
	free(t->conf->clinical_leads);
	t->conf->clinical_leads = NULL;
	assert_int_equal(outcome_compute(t->db, t->conf, &laia,
	    OUTCOME_SERVICE, NULL, &r), ST_DENIED);
}

/*
 * Adherence, engagement and service quality: forms completed within
 * their window, modules, alerts by priority, first answers.
 */
static void
test_use_and_service(void **state)
{
	struct th		*t = *state;
	struct course		 c = { { 15, 8 }, { 10, 5 }, { NONE, NONE },
				    true, true };
	struct outcome_report	 r;
	int64_t			 id, form;
	int			 i;

	for (i = 0; i < 6; i++) {
		id = patient(t, &c);
		/* One missed scheduled form each, one sent by hand. */
		assert_int_equal(forms_ensure(t->db, id, "phq4", "community x",
		    t0, t0 + 7 * DAY, 0, &form), ST_OK);
		assert_int_equal(forms_ensure(t->db, id, "phq4", "sent x",
		    t0, t0 + 7 * DAY, id, &form), ST_OK);
		/* An urgent alert acknowledged after 2 h, closed after 4 h. */
		th_sql(t, "INSERT INTO alerts (rule, priority, patient_id, "
		    "source_type, created_at, due_at, acknowledged_at, "
		    "closed_at) VALUES ('R2', %d, %lld, 'form', %lld, 0, %lld, "
		    "%lld)", ALERT_URGENT, (long long)id, (long long)t0,
		    (long long)(t0 + 2 * 3600 + i * 60),
		    (long long)(t0 + 4 * 3600));
		/* A module for 6, completed by 5. */
		th_sql(t, "INSERT INTO module_assignments (patient_id, module, "
		    "assigned_at, completed_at) VALUES (%lld, 'm', %lld, "
		    "%lld)", (long long)id, (long long)t0,
		    (long long)(i < 5 ? t0 + DAY : 0));
	}
	/* High alerts of 4 patients only: suppressed. */
	th_sql(t, "INSERT INTO alerts (rule, priority, patient_id, source_type, "
	    "created_at, due_at, acknowledged_at) SELECT 'R1', %d, id, 'form', "
	    "1000, 0, 4600 FROM accounts WHERE role = 0 LIMIT 4", ALERT_HIGH);
	report(t, &r);
	/* Each: 4 completed (PHQ-9, GAD-7 at enrolment and end), 1 missed. */
	share_is(&r.forms_in_window, 24, 30);
	share_is(&r.modules_completed, 5, 6);
	assert_false(r.alert_ack_hours[0].suppressed);
	assert_int_equal(r.alert_ack_hours[0].n, 6);
	assert_true(r.alert_ack_hours[0].value > 2.04 &&
	    r.alert_ack_hours[0].value < 2.05);
	assert_true(r.alert_close_hours[0].value == 4.0);
	assert_true(r.alert_ack_hours[1].suppressed);
	assert_true(r.alert_ack_hours[2].suppressed);
	assert_int_equal(r.alert_ack_hours[2].n, 0);
	assert_false(r.posts.suppressed);
	assert_true(r.posts.value == 0.0);
	assert_true(r.mirror_completed.suppressed);
	assert_true(r.first_reply_hours.suppressed);
}

/* The printed table: shares, suppressed cells and the footnotes. */
static void
test_print(void **state)
{
	struct th		*t = *state;
	struct outcome_report	 r;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*f;

	group(t, 5, 15, 9, 3, 3);
	group(t, 5, 15, 15, 3, 3);
	report(t, &r);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(outcome_print(f, &r), ST_OK);
	fclose(f);
	assert_non_null(strstr(buf, "study " STUDY));
	assert_non_null(strstr(buf, "5/10 (50.0%, 95% CI 23.7-76.3%)"));
	assert_non_null(strstr(buf, "suppressed (n<5)"));
	assert_non_null(strstr(buf, "Wilson"));
	assert_non_null(strstr(buf, "[8] Medians."));
	assert_null(strstr(buf, "p001"));
	free(buf);
}

/* The config's measures need caseness and reliable change. */
static void
test_measures_check(void **state)
{
	struct th	*t = *state;
	char		*err = NULL;

	assert_int_equal(outcome_measures_check(t->conf, &err), ST_OK);
	free(t->conf->outcome_measures);
	t->conf->outcome_measures = xstrdup("phq9 who5");
	assert_int_equal(outcome_measures_check(t->conf, &err), ST_INVALID);
	assert_non_null(strstr(err, "outcome_measures"));
	assert_non_null(strstr(err, "who5"));
	free(err);
	free(t->conf->outcome_measures);
	t->conf->outcome_measures = xstrdup("phq9 nosuch");
	assert_int_equal(outcome_measures_check(t->conf, &err), ST_INVALID);
	assert_non_null(strstr(err, "outcome_measures: unknown instrument "
	    "nosuch"));
	free(err);
	free(t->conf->outcome_measures);
	t->conf->outcome_measures = xstrdup("phq9 gad7 phq9 gad7 phq9");
	assert_int_equal(outcome_measures_check(t->conf, &err), ST_INVALID);
	assert_non_null(strstr(err, "at most 4"));
	free(err);
	assert_int_equal(instrument_find("phq9")->scores[0].caseness, 10);
	assert_int_equal(instrument_find("phq9")->scores[0].reliable, 6);
	assert_int_equal(instrument_find("gad7")->scores[0].caseness, 8);
	assert_int_equal(instrument_find("gad7")->scores[0].reliable, 4);
	assert_int_equal(instrument_find("gad7")->scores[0].cutoff, 10);
}

/*
 * def_try loads a copy of the shipped PHQ-9 whose "caseness total 10"
 * line is replaced by line (NULL: left out) from dir; ST_OK or the
 * error, which must hold want.
 */
static void
def_try(const char *dir, const char *line, const char *want)
{
	struct conf	*c;
	char		*src, *dst, *text, *err = NULL, *at;
	FILE		*f;
	int		 st;

	src = th_source_content();
	xasprintf(&dst, "%s/questionnaires/phq9.def", src);
	text = text_read_file(dst, 1 << 20, &err);
	assert_non_null(text);
	free(dst);
	at = strstr(text, "caseness total 10\n");
	assert_non_null(at);
	xasprintf(&dst, "%s/questionnaires/phq9.def", dir);
	assert_non_null(f = fopen(dst, "w"));
	fprintf(f, "%.*s%s%s%s", (int)(at - text), text,
	    line != NULL ? line : "", line != NULL ? "\n" : "",
	    at + strlen("caseness total 10\n"));
	fclose(f);
	free(dst);
	free(text);
	c = conf_defaults(NULL);
	free(c->content_dir);
	c->content_dir = xstrdup(dir);
	memset(&c->schedule, 0, sizeof c->schedule);
	c->schedule.window_days = 7;
	free(c->outcome_measures);
	c->outcome_measures = xstrdup("phq9");
	st = instruments_load(c, &err);
	if (want == NULL) {
		if (st != ST_OK)
			fail_msg("%s", err);
	} else {
		assert_int_equal(st, ST_INVALID);
		if (strstr(err, want) == NULL)
			fail_msg("\"%s\" not in \"%s\"", want, err);
	}
	free(err);
	conf_free(c);
	free(src);
}

/* The caseness and reliable directives are checked like cutoff. */
static void
test_directives(void **state)
{
	char	dir[64], *sub, *from, *to;

	(void)state;
	snprintf(dir, sizeof dir, "/tmp/mirall-outcome.XXXXXX");
	assert_non_null(mkdtemp(dir));
	xasprintf(&sub, "%s/questionnaires", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	/* The string file as shipped, beside the changed definition. */
	from = th_source_content();
	xasprintf(&to, "%s/questionnaires/phq9.en.txt", from);
	free(from);
	xasprintf(&from, "cp '%s' '%s'", to, sub);
	assert_int_equal(system(from), 0);
	free(from);
	free(to);
	def_try(dir, "caseness total 12", NULL);
	def_try(dir, "caseness total 0", "phq9.def:");
	def_try(dir, "caseness total 0", "caseness 0 of score total must be "
	    "above 0 and at most 27");
	def_try(dir, "caseness total 28", "caseness 28 of score total");
	def_try(dir, "caseness total ten", "caseness \"ten\" is not a whole "
	    "number");
	def_try(dir, "caseness nosuch 5", "nosuch");
	def_try(dir, "caseness total", "caseness needs a score and a number");
	def_try(dir, "reliable total 0", "reliable change 0 of score total "
	    "must be from 1 to 27");
	def_try(dir, "reliable total 28", "reliable change 28");
	def_try(dir, "caseness total 27", NULL);
	def_try(dir, "caseness total 1", NULL);
	def_try(dir, "reliable total 5", "score total has two reliable-change "
	    "thresholds");
	def_try(dir, "caseness total 10\ncaseness total 11",
	    "score total has two caseness thresholds");
	/* Without caseness, PHQ-9 cannot be an outcome measure. */
	def_try(dir, NULL, "outcome_measures: score total of phq9 needs");
	xasprintf(&from, "rm -r '%s'", dir);
	assert_int_equal(system(from), 0);
	free(from);
	free(sub);
	instruments_free();
}

/* setup: a fresh database, the shipped questionnaires, a study, UTC. */
static int
setup(void **state)
{
	struct th	*t;

	if (th_setup(state) != 0)
		return -1;
	t = *state;
	setenv("TZ", "UTC0", 1);
	tzset();
	if (th_instruments(t) != 0)
		return -1;
	t0 = (db_now() / DAY - 200) * DAY;
	serial = 0;
	th_sql(t, "INSERT INTO studies (id, title, protocol, instruments, "
	    "events, key_file, created_at) VALUES ('%s', 'Pilot', '1.0', "
	    "'phq9 gad7 who5', '', '/nonexistent', 1)", STUDY);
	return 0;
}

static int
teardown(void **state)
{
	instruments_free();
	return th_teardown(state);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wilson),
		cmocka_unit_test(test_suppression),
		cmocka_unit_test(test_directives),
		cmocka_unit_test_setup_teardown(test_reliable_improvement,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_reliable_deterioration,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_caseness_recovery,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_itt_completers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_consent_filter, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_who5, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who5_small, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_use_and_service, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_print, setup, teardown),
		cmocka_unit_test_setup_teardown(test_measures_check, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
