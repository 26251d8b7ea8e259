/*
 * test_quest.c: questionnaires given and answered, the risk alerts they
 * raise, who sees which alert, the alert lifecycle and its escalation,
 * the schedule's forms and missed occasions, and care teams.
 *
 * The shipped definitions are loaded from content/ in the source tree,
 * so the alert rules come from the real PHQ-9 definition: item 9 = 1 is
 * R1, 2 or more R2, a total of 20 or more R4, 10 or more R5 (left out
 * when R4 fires on the same form), +6 from the first completed form R6.
 * Who sees an alert is the safety spec's table: the care team (or every
 * professional when the patient has none), R1 and R2 also the shared
 * queue, R8 the coordinators; no other role handles alerts at all.
 * Times are moved with a raw SQLite connection, never with sleeps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

#define R(n)		SCORE_ALERT(n)
#define M		SCORE_MISSING
#define DAY		86400
#define PHQ9_ITEMS	10

/* The people of a test: patients, professionals and the other roles. */
struct world {
	struct actor	 ana;		/* patient, in laia's care */
	struct actor	 pere;		/* patient nobody follows */
	struct actor	 marta;		/* expert patient */
	struct actor	 laia;		/* professional */
	struct actor	 pau;		/* professional */
	struct actor	 jordi;		/* moderator */
	struct actor	 admin;
	struct actor	 recerca;	/* researcher */
};

/* person creates an account of role and describes it as an actor. */
static struct actor
person(struct th *t, const char *name, int role)
{
	return th_actor(th_account(t, name, role, NULL), role, name);
}

/* world_make creates everyone and puts ana in laia's care. */
static void
world_make(struct th *t, struct world *w)
{
	w->ana = person(t, "ana", ROLE_PATIENT);
	w->pere = person(t, "pere", ROLE_PATIENT);
	w->marta = person(t, "marta", ROLE_EXPERT);
	w->laia = person(t, "laia", ROLE_PROFESSIONAL);
	w->pau = person(t, "pau", ROLE_PROFESSIONAL);
	w->jordi = person(t, "jordi", ROLE_MODERATOR);
	w->admin = person(t, "admin", ROLE_ADMIN);
	w->recerca = person(t, "recerca", ROLE_RESEARCHER);
	assert_int_equal(care_assign(t->db, &w->admin, w->ana.id, w->laia.id,
	    true), ST_OK);
}

/* sql_int runs a query on a raw connection; its first column, or -1. */
static int64_t __attribute__((format(printf, 2, 3)))
sql_int(struct th *t, const char *fmt, ...)
{
	va_list	 ap;
	sqlite3	*sq;
	char	*sql, *v;
	int64_t	 n;

	va_start(ap, fmt);
	xvasprintf(&sql, fmt, ap);
	va_end(ap);
	sq = th_raw(t);
	v = th_raw_text(sq, sql);
	n = v != NULL ? strtoll(v, NULL, 10) : -1;
	free(v);
	free(sql);
	sqlite3_close(sq);
	return n;
}

/* audits counts the audit rows of one action. */
static int64_t
audits(struct th *t, const char *action)
{
	return sql_int(t, "SELECT count(*) FROM audit WHERE action = '%s'",
	    action);
}

/* alerts_of counts the alerts of rule about patient, in any state. */
static int64_t
alerts_of(struct th *t, int64_t patient, const char *rule)
{
	return sql_int(t, "SELECT count(*) FROM alerts WHERE patient_id = "
	    "%lld AND rule = '%s'", (long long)patient, rule);
}

/* raise_alert opens an alert of rule about patient and returns its id. */
static int64_t
raise_alert(struct th *t, const struct actor *by, const char *rule,
    int64_t patient)
{
	int64_t	id;

	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(alert_raise(t->db, by, rule, patient, "test", 0,
	    "raised by the test"), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	id = sql_int(t, "SELECT max(id) FROM alerts");
	assert_true(id > 0);
	return id;
}

/* in_list tells whether alert id is in a queue. */
static bool
in_list(struct alert **list, size_t n, int64_t id)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (list[i]->id == id)
			return true;
	}
	return false;
}

/* sees tells whether actor's queue (which must be allowed) holds id. */
static bool
sees(struct th *t, const struct actor *actor, int64_t id)
{
	struct alert	**list;
	size_t		  n;
	bool		  found;

	assert_int_equal(alert_queue(t->db, actor, 0, &list, &n), ST_OK);
	found = in_list(list, n, id);
	alerts_free_list(list, n);
	return found;
}

/* may_open tells what alert_open gives actor for id. */
static int
may_open(struct th *t, const struct actor *actor, int64_t id)
{
	struct alert	*a = NULL;
	int		 st;

	st = alert_open(t->db, actor, id, &a);
	if (st == ST_OK)
		assert_non_null(a);
	else
		assert_null(a);
	alert_free(a);
	return st;
}

/* coordinators sets the deployment's coordinators (NULL: everyone). */
static void
coordinators(struct th *t, const char *names)
{
	free(t->conf->coordinators);
	t->conf->coordinators = names != NULL ? xstrdup(names) : NULL;
	alert_configure(t->conf);
}

/* give opens a form of instrument for patient now, for a week. */
static int64_t
give(struct th *t, int64_t patient, const char *instrument)
{
	static int	 serial;
	char		 window[32];
	int64_t		 id = 0, now = db_now();

	snprintf(window, sizeof window, "test %d", ++serial);
	assert_int_equal(forms_ensure(t->db, patient, instrument, window,
	    now - 60, now + 7 * DAY, 0, &id), ST_OK);
	assert_true(id > 0);
	return id;
}

/* form_state reads the state of form id of patient. */
static int
form_state(struct th *t, int64_t id, int64_t patient)
{
	struct form	*f = NULL;
	int		 state;

	assert_int_equal(forms_get(t->db, id, patient, &f), ST_OK);
	state = f->state;
	form_free(f);
	return state;
}

/*
 * phq9 fills v with PHQ-9 answers adding up to total with item 9 as
 * given (items 1 to 8 take the rest, 3 at most each); item 10 is left
 * unanswered.
 */
static void
phq9(int v[PHQ9_ITEMS], int total, int item9)
{
	int	left = total - item9, k;

	assert_true(left >= 0 && left <= 24);
	for (k = 0; k < 8; k++) {
		v[k] = left > 3 ? 3 : left;
		left -= v[k];
	}
	v[8] = item9;
	v[9] = M;
}

/* answer_all answers the open quest with v (M: left alone). */
static void
answer_all(struct th *t, const struct actor *who, struct quest *q,
    const int *v, size_t n)
{
	size_t	k;

	for (k = 0; k < n; k++) {
		if (v[k] != M)
			assert_int_equal(quest_answer(t->db, who, q, k, v[k]),
			    ST_OK);
	}
}

/*
 * submit gives who a new form of instrument, answers it with v and
 * submits it; the form's id goes to *idp when not NULL.
 */
static int
submit(struct th *t, const struct actor *who, const char *instrument,
    const int *v, size_t n, struct quest_outcome *out, int64_t *idp)
{
	struct quest	 q;
	char		*why = NULL;
	int64_t		 id;
	int		 st;

	id = give(t, who->id, instrument);
	if (idp != NULL)
		*idp = id;
	assert_int_equal(quest_open(t->db, who, "en", id, &q, &why), ST_OK);
	assert_null(why);
	answer_all(t, who, &q, v, n);
	st = quest_submit(t->db, t->conf, who, &q, out);
	quest_close(&q);
	return st;
}

/* submit_phq9 submits a PHQ-9 of total with item 9 for who. */
static int
submit_phq9(struct th *t, const struct actor *who, int total, int item9,
    struct quest_outcome *out, int64_t *idp)
{
	int	v[PHQ9_ITEMS];

	phq9(v, total, item9);
	return submit(t, who, "phq9", v, PHQ9_ITEMS, out, idp);
}

/* setup: a fresh database, the shipped questionnaires, UTC dates. */
static int
setup(void **state)
{
	struct th	*t;

	if (th_setup(state) != 0)
		return -1;
	t = *state;
	if (th_instruments(t) != 0)
		return -1;
	alert_configure(t->conf);
	setenv("TZ", "UTC0", 1);
	tzset();
	return 0;
}

/* teardown: the configured coordinators back to everyone, then close. */
static int
teardown(void **state)
{
	struct th	*t = *state;

	coordinators(t, NULL);
	return th_teardown(state);
}

/* group_teardown frees the questionnaires. */
static int
group_teardown(void **state)
{
	(void)state;
	instruments_free();
	return 0;
}

/*
 * The visibility matrix: the care team sees its patients' alerts, R1 and
 * R2 are in the shared queue too, a patient nobody follows is everyone's,
 * R8 is for the coordinators; other roles handle no alerts.
 */
static void
test_visibility(void **state)
{
	struct th	*t = *state;
	struct world	 w;
	struct alert	**list, *a = NULL;
	int64_t		 r4, r1, r2, r4p, r8, open, urgent;
	size_t		 n, i, views;
	const struct actor *others[5];
	static struct alert *dummy;

	world_make(t, &w);
	r4 = raise_alert(t, &w.laia, "R4", w.ana.id);
	r1 = raise_alert(t, &w.laia, "R1", w.ana.id);
	r2 = raise_alert(t, &w.laia, "R2", w.ana.id);
	r4p = raise_alert(t, &w.laia, "R4", w.pere.id);
	r8 = raise_alert(t, &w.laia, "R8", w.ana.id);

	/* Her own professional sees all five; another one not her R4. */
	assert_true(sees(t, &w.laia, r4));
	assert_false(sees(t, &w.pau, r4));
	assert_int_equal(may_open(t, &w.pau, r4), ST_NOTFOUND);
	assert_int_equal(alert_acknowledge(t->db, &w.pau, r4), ST_NOTFOUND);
	views = audits(t, "alert.view");
	assert_int_equal(alert_open(t->db, &w.laia, r4, &a), ST_OK);
	assert_true(a->in_care);
	assert_true(a->cared);
	assert_string_equal(a->rule, "R4");
	assert_string_equal(a->patient, "ana");
	alert_free(a);
	assert_int_equal(audits(t, "alert.view"), views + 1);

	/* R1 and R2: the shared queue. */
	assert_true(sees(t, &w.laia, r1));
	assert_true(sees(t, &w.pau, r1));
	assert_true(sees(t, &w.laia, r2));
	assert_true(sees(t, &w.pau, r2));
	assert_int_equal(may_open(t, &w.pau, r1), ST_OK);
	assert_int_equal(may_open(t, &w.pau, r2), ST_OK);

	/* Nobody follows pere: every professional sees his R4. */
	assert_true(sees(t, &w.laia, r4p));
	assert_true(sees(t, &w.pau, r4p));
	assert_int_equal(may_open(t, &w.pau, r4p), ST_OK);

	/* No coordinators configured: every professional is one. */
	assert_true(sees(t, &w.laia, r8));
	assert_true(sees(t, &w.pau, r8));
	assert_int_equal(alert_counts(t->db, &w.laia, &open, &urgent), ST_OK);
	assert_int_equal(open, 5);
	assert_int_equal(urgent, 2);		/* R2 and R8 */
	assert_int_equal(alert_counts(t->db, &w.pau, &open, &urgent), ST_OK);
	assert_int_equal(open, 4);
	assert_int_equal(urgent, 2);

	/* Most pressing first. */
	assert_int_equal(alert_queue(t->db, &w.laia, 0, &list, &n), ST_OK);
	assert_int_equal(n, 5);
	assert_int_equal(list[0]->id, r8);
	assert_int_equal(list[1]->id, r2);
	assert_int_equal(list[2]->id, r1);
	for (i = 1; i < n; i++)
		assert_true(list[i - 1]->priority >= list[i]->priority);
	alerts_free_list(list, n);

	/* One patient's alerts only. */
	assert_int_equal(alert_queue(t->db, &w.pau, w.pere.id, &list, &n),
	    ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0]->id, r4p);
	alerts_free_list(list, n);

	/* One coordinator: only she sees R8; names match without case. */
	coordinators(t, "LAIA");
	assert_true(sees(t, &w.laia, r8));
	assert_false(sees(t, &w.pau, r8));
	assert_int_equal(may_open(t, &w.pau, r8), ST_NOTFOUND);
	assert_int_equal(may_open(t, &w.laia, r8), ST_OK);
	coordinators(t, "nuria pau");
	assert_false(sees(t, &w.laia, r8));
	assert_true(sees(t, &w.pau, r8));
	/* Coordinators still see the shared queue, not others' R4. */
	assert_false(sees(t, &w.pau, r4));
	coordinators(t, NULL);
	assert_true(sees(t, &w.pau, r8));

	/* Patients, moderators, admins, researchers: no alerts at all. */
	others[0] = &w.ana;
	others[1] = &w.marta;
	others[2] = &w.jordi;
	others[3] = &w.admin;
	others[4] = &w.recerca;
	for (i = 0; i < 5; i++) {
		list = &dummy;		/* must be reset */
		n = 99;
		assert_int_equal(alert_queue(t->db, others[i], 0, &list, &n),
		    ST_DENIED);
		assert_null(list);
		assert_int_equal(n, 0);
		assert_int_equal(alert_counts(t->db, others[i], &open,
		    &urgent), ST_DENIED);
		assert_int_equal(open, 0);
		assert_int_equal(may_open(t, others[i], r2), ST_NOTFOUND);
		assert_int_equal(may_open(t, others[i], r4p), ST_NOTFOUND);
		assert_int_equal(may_open(t, others[i], r8), ST_NOTFOUND);
		assert_int_equal(alert_acknowledge(t->db, others[i], r2),
		    ST_NOTFOUND);
	}
	{
		struct actor	op = th_operator();

		assert_int_equal(alert_queue(t->db, &op, 0, &list, &n),
		    ST_DENIED);
		assert_int_equal(may_open(t, &op, r2), ST_NOTFOUND);
	}
	/* No one acknowledged anything through all that. */
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alerts WHERE "
	    "state <> 0"), 0);
	/* An alert that does not exist is not found either. */
	assert_int_equal(may_open(t, &w.laia, r8 + 100), ST_NOTFOUND);
}

/*
 * A patient whose care team is gone (her professional disabled, or no
 * longer a professional) is followed by nobody: her alerts must reach
 * the shared queue, or no one would ever see them.
 */
static void
test_orphaned(void **state)
{
	struct th	*t = *state;
	struct world	 w;
	struct actor	 nuria;
	int64_t		 r4a, r4p;

	world_make(t, &w);
	nuria = person(t, "nuria", ROLE_PROFESSIONAL);
	assert_int_equal(care_assign(t->db, &w.admin, w.pere.id, w.pau.id,
	    true), ST_OK);

	/* Pau leaves the service: his account is disabled. */
	assert_int_equal(admin_set_disabled(t->db, &w.admin, w.pau.id, true,
	    "left the service"), ST_OK);
	r4p = raise_alert(t, &w.laia, "R4", w.pere.id);
	assert_true(sees(t, &nuria, r4p));
	assert_true(sees(t, &w.laia, r4p));

	/* Laia becomes a moderator. */
	assert_int_equal(admin_set_role(t->db, &w.admin, w.laia.id,
	    ROLE_MODERATOR), ST_OK);
	w.laia.role = ROLE_MODERATOR;
	r4a = raise_alert(t, &nuria, "R4", w.ana.id);
	assert_true(sees(t, &nuria, r4a));
	assert_int_equal(may_open(t, &nuria, r4a), ST_OK);
	assert_int_equal(may_open(t, &w.laia, r4a), ST_NOTFOUND);
}

/* alert_visible on its own, rule by rule, without the database. */
static void
test_visible_rules(void **state)
{
	struct actor	 laia, pau, jordi, ana;
	struct alert	 a;
	const char	*care_rules[] = { "R3", "R4", "R5", "R6", "R7" };
	size_t		 i;

	(void)state;
	laia = th_actor(1, ROLE_PROFESSIONAL, "laia");
	pau = th_actor(2, ROLE_PROFESSIONAL, "pau");
	jordi = th_actor(3, ROLE_MODERATOR, "jordi");
	ana = th_actor(4, ROLE_PATIENT, "ana");
	memset(&a, 0, sizeof a);
	a.patient_id = ana.id;

	for (i = 0; i < sizeof care_rules / sizeof care_rules[0]; i++) {
		snprintf(a.rule, sizeof a.rule, "%s", care_rules[i]);
		/* Followed by laia: hers only. */
		a.cared = true;
		a.in_care = true;
		assert_true(alert_visible(&laia, &a));
		a.in_care = false;
		assert_false(alert_visible(&pau, &a));
		/* Followed by nobody: the shared queue. */
		a.cared = false;
		assert_true(alert_visible(&pau, &a));
		assert_false(alert_visible(&jordi, &a));
		assert_false(alert_visible(&ana, &a));
	}
	snprintf(a.rule, sizeof a.rule, "R1");
	a.cared = true;
	a.in_care = false;
	assert_true(alert_visible(&pau, &a));
	assert_false(alert_visible(&jordi, &a));
	snprintf(a.rule, sizeof a.rule, "R2");
	assert_true(alert_visible(&pau, &a));
	assert_false(alert_visible(&ana, &a));

	/* An unknown rule is nobody's. */
	snprintf(a.rule, sizeof a.rule, "R9");
	a.cared = false;
	assert_false(alert_visible(&laia, &a));
	a.rule[0] = '\0';
	assert_false(alert_visible(&laia, &a));

	/* Labels exist for every rule, priority and action. */
	assert_true(strlen(alert_rule_label("R1")) > 0);
	assert_string_equal(alert_rule_label("R9"), "R9");
	assert_string_equal(alert_priority_label(ALERT_URGENT), "urgent");
	assert_string_equal(alert_priority_label(-1), "?");
	assert_string_equal(alert_priority_label(ALERT_ESCALATION + 1), "?");
	for (i = 0; i < ALERT_ACT_COUNT; i++)
		assert_string_not_equal(alert_action_label((int)i), "?");
	assert_string_equal(alert_action_label(ALERT_ACT_COUNT), "?");
}

/*
 * The lifecycle: acknowledged, one or more actions, closed, each step
 * in order, each audited, and the alert kept forever.
 */
static void
test_lifecycle(void **state)
{
	struct th	*t = *state;
	struct world	 w;
	struct alert	*a = NULL, **list;
	char		*err = NULL, *big;
	int64_t		 r4, r1, ack, act, cls;
	size_t		 n;

	world_make(t, &w);
	r4 = raise_alert(t, &w.laia, "R4", w.ana.id);
	r1 = raise_alert(t, &w.laia, "R1", w.ana.id);
	ack = audits(t, "alert.acknowledge");
	act = audits(t, "alert.action");
	cls = audits(t, "alert.close");
	assert_int_equal(ack + act + cls, 0);

	/* Out of order: nothing changes, nothing is audited. */
	assert_int_equal(alert_record_action(t->db, &w.laia, r4,
	    ALERT_ACT_CALLED, "tried", &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(alert_close(t->db, &w.laia, r4), ST_INVALID);
	assert_int_equal(audits(t, "alert.action"), 0);
	assert_int_equal(audits(t, "alert.close"), 0);

	/* Acknowledge: once, by someone who may see it. */
	assert_int_equal(alert_acknowledge(t->db, &w.pau, r4), ST_NOTFOUND);
	assert_int_equal(alert_acknowledge(t->db, &w.laia, r4), ST_OK);
	assert_int_equal(alert_acknowledge(t->db, &w.laia, r4), ST_INVALID);
	assert_int_equal(audits(t, "alert.acknowledge"), 1);
	assert_int_equal(sql_int(t, "SELECT acknowledged_by FROM alerts "
	    "WHERE id = %lld", (long long)r4), w.laia.id);
	assert_true(sql_int(t, "SELECT acknowledged_at - created_at FROM "
	    "alerts WHERE id = %lld", (long long)r4) >= 0);

	/* Close needs an action first. */
	assert_int_equal(alert_close(t->db, &w.laia, r4), ST_INVALID);
	assert_int_equal(audits(t, "alert.close"), 0);

	/* "No action needed" needs its reason; notes have a limit. */
	assert_int_equal(alert_record_action(t->db, &w.laia, r4,
	    ALERT_ACT_NONE_NEEDED, "", &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(alert_record_action(t->db, &w.laia, r4,
	    ALERT_ACT_NONE_NEEDED, " \n  ", &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(alert_record_action(t->db, &w.laia, r4,
	    ALERT_ACT_NONE_NEEDED, NULL, &err), ST_INVALID);
	free(err);
	err = NULL;
	big = xcalloc(1, ALERT_NOTE_MAX + 2);
	memset(big, 'x', ALERT_NOTE_MAX + 1);
	assert_int_equal(alert_record_action(t->db, &w.laia, r4,
	    ALERT_ACT_CALLED, big, &err), ST_INVALID);
	assert_non_null(err);
	assert_non_null(strstr(err, "2000"));
	free(err);
	err = NULL;
	assert_int_equal(alert_record_action(t->db, &w.laia, r4, -1, "x",
	    &err), ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(alert_record_action(t->db, &w.laia, r4,
	    ALERT_ACT_COUNT, "x", &err), ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(alert_record_action(t->db, &w.pau, r4,
	    ALERT_ACT_CALLED, "x", &err), ST_NOTFOUND);
	free(err);
	err = NULL;
	assert_int_equal(audits(t, "alert.action"), 0);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alert_actions"), 0);

	/* Exactly the limit is kept; then a second, coded action. */
	big[ALERT_NOTE_MAX] = '\0';
	assert_int_equal(alert_record_action(t->db, &w.laia, r4,
	    ALERT_ACT_NO_ANSWER, big, &err), ST_OK);
	assert_null(err);
	free(big);
	assert_int_equal(alert_record_action(t->db, &w.laia, r4,
	    ALERT_ACT_NONE_NEEDED, "Spoke to her at the clinic\x1b[2J", &err),
	    ST_OK);
	assert_null(err);
	assert_int_equal(audits(t, "alert.action"), 2);
	assert_int_equal(alert_open(t->db, &w.laia, r4, &a), ST_OK);
	assert_int_equal(a->state, ALERT_ACTED);
	assert_string_equal(a->acknowledged_by, "laia");
	assert_int_equal(a->nactions, 2);
	assert_int_equal(a->actions[0].code, ALERT_ACT_NO_ANSWER);
	assert_int_equal(strlen(a->actions[0].note), ALERT_NOTE_MAX);
	assert_int_equal(a->actions[1].code, ALERT_ACT_NONE_NEEDED);
	assert_null(strchr(a->actions[1].note, '\x1b'));	/* sanitised */
	assert_string_equal(a->actions[1].by, "laia");
	alert_free(a);
	a = NULL;

	/* Close: once; nothing more after it. */
	assert_int_equal(alert_close(t->db, &w.pau, r4), ST_NOTFOUND);
	assert_int_equal(alert_close(t->db, &w.laia, r4), ST_OK);
	assert_int_equal(alert_close(t->db, &w.laia, r4), ST_INVALID);
	assert_int_equal(alert_record_action(t->db, &w.laia, r4,
	    ALERT_ACT_CALLED, "late", &err), ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(alert_acknowledge(t->db, &w.laia, r4), ST_INVALID);
	assert_int_equal(audits(t, "alert.acknowledge"), 1);
	assert_int_equal(audits(t, "alert.action"), 2);
	assert_int_equal(audits(t, "alert.close"), 1);

	/* Never deleted: closed, timed, out of the queue, still readable. */
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alerts WHERE "
	    "id = %lld AND state = 3 AND closed_at > 0 AND closed_by = %lld",
	    (long long)r4, (long long)w.laia.id), 1);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alert_actions "
	    "WHERE alert_id = %lld", (long long)r4), 2);
	assert_false(sees(t, &w.laia, r4));
	assert_int_equal(alert_open(t->db, &w.laia, r4, &a), ST_OK);
	assert_int_equal(a->state, ALERT_CLOSED);
	assert_string_equal(a->closed_by, "laia");
	assert_true(a->closed_at >= a->acknowledged_at);
	alert_free(a);

	/* The shared queue's R1 may be handled by another professional. */
	assert_int_equal(alert_acknowledge(t->db, &w.pau, r1), ST_OK);
	assert_int_equal(alert_record_action(t->db, &w.pau, r1,
	    ALERT_ACT_MESSAGE_SENT, "", &err), ST_OK);
	assert_null(err);
	assert_int_equal(alert_close(t->db, &w.pau, r1), ST_OK);
	assert_int_equal(audits(t, "alert.acknowledge"), 2);
	assert_int_equal(audits(t, "alert.action"), 3);
	assert_int_equal(audits(t, "alert.close"), 2);
	assert_int_equal(alert_queue(t->db, &w.laia, 0, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	alerts_free_list(list, n);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alerts"), 2);

	/*
	 * The audit rows name the patient and the alert; showing the whole
	 * queue is audited too, when it shows anyone.
	 */
	assert_int_equal(sql_int(t, "SELECT count(*) FROM audit WHERE "
	    "action LIKE 'alert.%%' AND action NOT IN ('alert.raise', "
	    "'alert.queue') AND (patient IS NOT 'ana' OR object_type IS NOT "
	    "'alert')"), 0);
	assert_true(audits(t, "alert.queue") > 0);
}

/*
 * R8: an alert past its target that nobody acknowledged is escalated
 * once, about the same patient; acknowledged alerts, R5 (no target) and
 * R8 itself never are.
 */
static void
test_escalation(void **state)
{
	struct th	*t = *state;
	struct world	 w;
	struct alert	**list, *a = NULL;
	int64_t		 r4, r1, r5, r8, r4p, now = db_now();
	size_t		 n;

	world_make(t, &w);
	r4 = raise_alert(t, &w.laia, "R4", w.ana.id);
	r1 = raise_alert(t, &w.laia, "R1", w.ana.id);
	r5 = raise_alert(t, &w.laia, "R5", w.ana.id);
	assert_true(sql_int(t, "SELECT due_at FROM alerts WHERE id = %lld",
	    (long long)r4) > now);
	assert_true(sql_int(t, "SELECT due_at FROM alerts WHERE id = %lld",
	    (long long)r1) > now);
	assert_int_equal(sql_int(t, "SELECT due_at FROM alerts WHERE id = "
	    "%lld", (long long)r5), 0);

	/* Nothing is late yet. */
	assert_int_equal(alert_escalate(t->db, &w.laia), ST_OK);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alerts WHERE "
	    "rule = 'R8'"), 0);

	/* R1 acknowledged in time; then both targets pass. */
	assert_int_equal(alert_acknowledge(t->db, &w.laia, r1), ST_OK);
	th_sql(t, "UPDATE alerts SET due_at = %lld, created_at = %lld "
	    "WHERE id IN (%lld, %lld)", (long long)(now - 60),
	    (long long)(now - 7200), (long long)r4, (long long)r1);
	th_sql(t, "UPDATE alerts SET created_at = %lld WHERE id = %lld",
	    (long long)(now - 365 * DAY), (long long)r5);
	assert_int_equal(alert_escalate(t->db, &w.laia), ST_OK);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alerts WHERE "
	    "rule = 'R8'"), 1);
	r8 = sql_int(t, "SELECT id FROM alerts WHERE rule = 'R8'");
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alerts WHERE "
	    "id = %lld AND patient_id = %lld AND source_type = 'alert' AND "
	    "source_id = %lld AND priority = %d AND state = 0", (long long)r8,
	    (long long)w.ana.id, (long long)r4, ALERT_ESCALATION), 1);
	assert_true(sql_int(t, "SELECT escalated_at FROM alerts WHERE id = "
	    "%lld", (long long)r4) > 0);
	assert_int_equal(sql_int(t, "SELECT escalated_at FROM alerts WHERE "
	    "id = %lld", (long long)r1), 0);
	assert_int_equal(sql_int(t, "SELECT escalated_at FROM alerts WHERE "
	    "id = %lld", (long long)r5), 0);

	/* Again, and through the queue: no second R8; R8 never escalates. */
	th_sql(t, "UPDATE alerts SET due_at = %lld WHERE id = %lld",
	    (long long)(now - 60), (long long)r8);
	assert_int_equal(alert_escalate(t->db, &w.laia), ST_OK);
	assert_int_equal(alert_queue(t->db, &w.laia, 0, &list, &n), ST_OK);
	assert_true(in_list(list, n, r8));
	assert_true(in_list(list, n, r4));	/* the late one stays open */
	assert_int_equal(list[0]->id, r8);	/* escalations first */
	alerts_free_list(list, n);
	assert_int_equal(alerts_of(t, w.ana.id, "R8"), 1);

	/* The R8 reaches a coordinator who is not in her care. */
	assert_int_equal(alert_open(t->db, &w.pau, r8, &a), ST_OK);
	assert_string_equal(a->source_type, "alert");
	assert_int_equal(a->source_id, r4);
	alert_free(a);

	/* Acknowledging the late alert afterwards raises nothing more. */
	assert_int_equal(alert_acknowledge(t->db, &w.laia, r4), ST_OK);
	assert_int_equal(alert_escalate(t->db, &w.laia), ST_OK);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alerts WHERE "
	    "rule = 'R8'"), 1);

	/* Someone else's late alert, noticed by opening the queue. */
	r4p = raise_alert(t, &w.laia, "R4", w.pere.id);
	th_sql(t, "UPDATE alerts SET due_at = %lld WHERE id = %lld",
	    (long long)(now - 1), (long long)r4p);
	/* A role that may not open the queue escalates nothing. */
	assert_int_equal(alert_queue(t->db, &w.jordi, 0, &list, &n),
	    ST_DENIED);
	assert_int_equal(alerts_of(t, w.pere.id, "R8"), 0);
	assert_int_equal(alert_queue(t->db, &w.pau, 0, &list, &n), ST_OK);
	alerts_free_list(list, n);
	assert_int_equal(alerts_of(t, w.pere.id, "R8"), 1);
	assert_int_equal(sql_int(t, "SELECT source_id FROM alerts WHERE "
	    "rule = 'R8' AND patient_id = %lld", (long long)w.pere.id), r4p);
	assert_int_equal(alert_queue(t->db, &w.pau, 0, &list, &n), ST_OK);
	alerts_free_list(list, n);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alerts WHERE "
	    "rule = 'R8'"), 2);
	assert_int_equal(audits(t, "alert.raise"), 6);
}

/* PHQ-9 item 9 = 2: R2, urgent, in the queue, crisis card first. */
static void
test_submit_r2(void **state)
{
	struct th		*t = *state;
	struct world		 w;
	struct quest_outcome	 out;
	struct alert		**list;
	struct form		*f = NULL;
	struct quest		 q;
	char			*why = NULL;
	int64_t			 id, open, urgent;
	size_t			 n, i;
	bool			 found = false;

	world_make(t, &w);
	assert_int_equal(submit_phq9(t, &w.ana, 2, 2, &out, &id), ST_OK);
	assert_true(out.alerts & R(2));
	assert_false(out.alerts & R(1));
	assert_false(out.alerts & R(5));
	assert_int_equal(out.missing, -1);
	assert_true(out.result.complete);
	assert_false(out.result.unknown);
	assert_int_equal(score_get(&out.result, "total")->value, 2);
	assert_true(out.show_score);
	assert_int_equal(alerts_of(t, w.ana.id, "R2"), 1);
	assert_int_equal(alerts_of(t, w.ana.id, "R1"), 0);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alerts WHERE "
	    "rule = 'R2' AND source_type = 'form' AND source_id = %lld",
	    (long long)id), 1);

	/* Her professional's queue: urgent, on top. */
	assert_int_equal(alert_queue(t->db, &w.laia, 0, &list, &n), ST_OK);
	assert_true(n >= 1);
	assert_string_equal(list[0]->rule, "R2");
	assert_int_equal(list[0]->priority, ALERT_URGENT);
	assert_int_equal(list[0]->patient_id, w.ana.id);
	assert_true(list[0]->due_at > list[0]->created_at);
	for (i = 0; i < n; i++)
		found |= strcmp(list[i]->rule, "R2") == 0;
	assert_true(found);
	alerts_free_list(list, n);
	assert_int_equal(alert_counts(t->db, &w.laia, &open, &urgent), ST_OK);
	assert_int_equal(urgent, 1);
	/* The shared queue too. */
	assert_int_equal(alert_counts(t->db, &w.pau, &open, &urgent), ST_OK);
	assert_int_equal(urgent, 1);

	/* Completed, audited, closed to more answers. */
	assert_int_equal(forms_get(t->db, id, w.ana.id, &f), ST_OK);
	assert_int_equal(f->state, FORM_COMPLETED);
	assert_true(f->completed_at > 0);
	form_free(f);
	assert_int_equal(audits(t, "form.submit"), 1);
	assert_int_equal(quest_open(t->db, &w.ana, "en", id, &q, &why),
	    ST_EXPIRED);
	assert_null(q.form);

	/* The raw answers are kept, item 9 among them. */
	assert_int_equal(sql_int(t, "SELECT value FROM form_answers WHERE "
	    "form_id = %lld AND item = 9", (long long)id), 2);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM form_answers "
	    "WHERE form_id = %lld", (long long)id), 9);

	/* A submitted form takes no more answers and no second submit. */
	{
		struct quest_outcome	again;
		int			v[PHQ9_ITEMS];

		id = give(t, w.ana.id, "phq9");
		assert_int_equal(quest_open(t->db, &w.ana, "en", id, &q, &why),
		    ST_OK);
		phq9(v, 2, 2);
		answer_all(t, &w.ana, &q, v, PHQ9_ITEMS);
		assert_int_equal(quest_submit(t->db, t->conf, &w.ana, &q,
		    &again), ST_OK);
		assert_int_equal(alerts_of(t, w.ana.id, "R2"), 2);
		assert_int_not_equal(quest_answer(t->db, &w.ana, &q, 8, 3),
		    ST_OK);
		assert_int_not_equal(quest_submit(t->db, t->conf, &w.ana, &q,
		    &again), ST_OK);
		quest_close(&q);
		assert_int_equal(alerts_of(t, w.ana.id, "R2"), 2);
		assert_int_equal(sql_int(t, "SELECT value FROM form_answers "
		    "WHERE form_id = %lld AND item = 9", (long long)id), 2);
		assert_int_equal(audits(t, "form.submit"), 2);
	}

	/* 3 is R2 as well, not R1. */
	assert_int_equal(submit_phq9(t, &w.ana, 3, 3, &out, NULL), ST_OK);
	assert_true(out.alerts & R(2));
	assert_false(out.alerts & R(1));
	assert_int_equal(alerts_of(t, w.ana.id, "R2"), 3);
}

/* PHQ-9 item 9 = 1: R1 (high), not R2; 0: neither. */
static void
test_submit_r1(void **state)
{
	struct th		*t = *state;
	struct world		 w;
	struct quest_outcome	 out;

	world_make(t, &w);
	assert_int_equal(submit_phq9(t, &w.ana, 1, 1, &out, NULL), ST_OK);
	assert_true(out.alerts & R(1));
	assert_false(out.alerts & R(2));
	assert_int_equal(alerts_of(t, w.ana.id, "R1"), 1);
	assert_int_equal(alerts_of(t, w.ana.id, "R2"), 0);
	assert_int_equal(sql_int(t, "SELECT priority FROM alerts WHERE "
	    "rule = 'R1'"), ALERT_HIGH);

	/* Item 9 = 0 below the cut-off: nothing (pere has no baseline). */
	assert_int_equal(submit_phq9(t, &w.pere, 9, 0, &out, NULL), ST_OK);
	assert_int_equal(out.alerts & (R(1) | R(2) | R(4) | R(5) | R(6)), 0);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alerts"), 1);
}

/* A severe total raises R4 and leaves R5 out; a moderate one R5 only. */
static void
test_submit_r4_r5(void **state)
{
	struct th		*t = *state;
	struct world		 w;
	struct quest_outcome	 out;

	world_make(t, &w);
	assert_int_equal(submit_phq9(t, &w.ana, 22, 0, &out, NULL), ST_OK);
	assert_int_equal(score_get(&out.result, "total")->value, 22);
	assert_string_equal(score_get(&out.result, "total")->band, "severe");
	assert_true(out.alerts & R(4));
	assert_false(out.alerts & (R(1) | R(2)));
	assert_int_equal(alerts_of(t, w.ana.id, "R4"), 1);
	assert_int_equal(alerts_of(t, w.ana.id, "R5"), 0);
	assert_int_equal(sql_int(t, "SELECT priority FROM alerts WHERE "
	    "rule = 'R4'"), ALERT_MEDIUM);
	/* What the patient is told follows what was raised: no R5. */
	assert_false(out.alerts & R(5));

	/* Pere's 12: R5 only, low, with no target time. */
	assert_int_equal(submit_phq9(t, &w.pere, 12, 0, &out, NULL), ST_OK);
	assert_true(out.alerts & R(5));
	assert_false(out.alerts & R(4));
	assert_int_equal(alerts_of(t, w.pere.id, "R5"), 1);
	assert_int_equal(alerts_of(t, w.pere.id, "R4"), 0);
	assert_int_equal(sql_int(t, "SELECT priority FROM alerts WHERE "
	    "rule = 'R5'"), ALERT_LOW);
	assert_int_equal(sql_int(t, "SELECT due_at FROM alerts WHERE "
	    "rule = 'R5'"), 0);

	/* At the boundaries: 20 is R4, 19 and 10 are R5, 9 nothing. */
	assert_int_equal(submit_phq9(t, &w.marta, 20, 0, &out, NULL), ST_OK);
	assert_int_equal(alerts_of(t, w.marta.id, "R4"), 1);
	assert_int_equal(submit_phq9(t, &w.marta, 19, 0, &out, NULL), ST_OK);
	assert_int_equal(alerts_of(t, w.marta.id, "R4"), 1);
	assert_int_equal(alerts_of(t, w.marta.id, "R5"), 1);
	assert_int_equal(submit_phq9(t, &w.marta, 10, 0, &out, NULL), ST_OK);
	assert_int_equal(alerts_of(t, w.marta.id, "R5"), 2);
	assert_int_equal(submit_phq9(t, &w.marta, 9, 0, &out, NULL), ST_OK);
	assert_int_equal(alerts_of(t, w.marta.id, "R5"), 2);
	assert_false(out.alerts & R(5));
}

/*
 * Item 9 can never be left out: submitting without it names it and
 * changes nothing; the optional item 10 can be skipped; values outside
 * the options are refused; answers survive closing and opening again.
 */
static void
test_submit_missing(void **state)
{
	struct th		*t = *state;
	struct world		 w;
	struct quest_outcome	 out;
	struct quest		 q;
	char			*why = NULL;
	int			 v[PHQ9_ITEMS];
	int64_t			 id;

	world_make(t, &w);
	id = give(t, w.ana.id, "phq9");
	assert_int_equal(form_state(t, id, w.ana.id), FORM_DUE);
	assert_int_equal(quest_open(t->db, &w.ana, "en", id, &q, &why),
	    ST_OK);
	assert_int_equal(q.in->nitems, PHQ9_ITEMS);
	assert_false(q.fallback);
	assert_int_equal(quest_missing(&q), 0);
	phq9(v, 16, 0);
	v[8] = M;
	v[9] = 1;
	answer_all(t, &w.ana, &q, v, PHQ9_ITEMS);
	assert_int_equal(quest_missing(&q), 8);
	memset(&out, 0x55, sizeof out);
	assert_int_equal(quest_submit(t->db, t->conf, &w.ana, &q, &out),
	    ST_INVALID);
	assert_int_equal(out.missing, 8);
	assert_int_equal(out.alerts, 0);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM alerts"), 0);
	assert_int_equal(form_state(t, id, w.ana.id), FORM_PARTIAL);
	assert_int_equal(audits(t, "form.submit"), 0);

	/* Item 9 cannot be skipped; item 10 can; nothing past the end. */
	assert_int_equal(quest_skip(t->db, &w.ana, &q, 8), ST_INVALID);
	assert_int_equal(quest_skip(t->db, &w.ana, &q, 0), ST_INVALID);
	assert_int_equal(quest_skip(t->db, &w.ana, &q, 9), ST_OK);
	assert_int_equal(q.answers.value[10], M);
	assert_int_equal(quest_skip(t->db, &w.ana, &q, 10), ST_NOTFOUND);

	/* Values outside the options. */
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 8, 4), ST_INVALID);
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 8, -1), ST_INVALID);
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 8, M), ST_INVALID);
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 0, 99), ST_INVALID);
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 10, 0), ST_NOTFOUND);
	assert_int_equal(q.answers.value[9], M);
	assert_int_equal(q.answers.value[1], 3);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM form_answers WHERE "
	    "form_id = %lld AND item = 9", (long long)id), 0);

	/* Someone else cannot answer or submit her form. */
	assert_int_equal(quest_answer(t->db, &w.pere, &q, 8, 0), ST_NOTFOUND);
	assert_int_equal(quest_skip(t->db, &w.pere, &q, 9), ST_NOTFOUND);
	assert_int_equal(quest_submit(t->db, t->conf, &w.pere, &q, &out),
	    ST_NOTFOUND);
	quest_close(&q);

	/* Resume: the answers kept, item 9 still missing, item 10 skipped. */
	assert_int_equal(quest_open(t->db, &w.ana, "en", id, &q, &why),
	    ST_OK);
	assert_int_equal(q.answers.value[1], 3);
	assert_int_equal(q.answers.value[9], M);
	assert_int_equal(q.answers.value[10], M);
	assert_int_equal(quest_missing(&q), 8);
	assert_int_equal(quest_submit(t->db, t->conf, &w.ana, &q, &out),
	    ST_INVALID);
	assert_int_equal(out.missing, 8);

	/* Answered (0 now, chosen, not assumed): it goes through. */
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 8, 0), ST_OK);
	assert_int_equal(quest_missing(&q), -1);
	assert_int_equal(quest_submit(t->db, t->conf, &w.ana, &q, &out),
	    ST_OK);
	assert_int_equal(out.missing, -1);
	assert_true(out.alerts & R(5));
	assert_int_equal(score_get(&out.result, "total")->value, 16);
	quest_close(&q);
	assert_int_equal(form_state(t, id, w.ana.id), FORM_COMPLETED);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM form_answers WHERE "
	    "form_id = %lld", (long long)id), 9);
}

/* R6: reliable deterioration from the first completed PHQ-9. */
static void
test_submit_r6(void **state)
{
	struct th		*t = *state;
	struct world		 w;
	struct quest_outcome	 out;

	world_make(t, &w);
	/* The baseline raises no R6. */
	assert_int_equal(submit_phq9(t, &w.ana, 8, 0, &out, NULL), ST_OK);
	assert_false(out.alerts & R(6));
	assert_int_equal(alerts_of(t, w.ana.id, "R6"), 0);
	/* +5: not yet. */
	assert_int_equal(submit_phq9(t, &w.ana, 13, 0, &out, NULL), ST_OK);
	assert_false(out.alerts & R(6));
	assert_int_equal(alerts_of(t, w.ana.id, "R6"), 0);
	/* +6 from the baseline (not +1 from the last form): R6. */
	assert_int_equal(submit_phq9(t, &w.ana, 14, 0, &out, NULL), ST_OK);
	assert_true(out.alerts & R(6));
	assert_int_equal(alerts_of(t, w.ana.id, "R6"), 1);
	assert_int_equal(sql_int(t, "SELECT priority FROM alerts WHERE "
	    "rule = 'R6'"), ALERT_MEDIUM);
	/* 8 then 15, as a second patient: R6 and R5. */
	assert_int_equal(submit_phq9(t, &w.pere, 8, 0, &out, NULL), ST_OK);
	assert_int_equal(submit_phq9(t, &w.pere, 15, 0, &out, NULL), ST_OK);
	assert_true(out.alerts & R(6));
	assert_int_equal(alerts_of(t, w.pere.id, "R6"), 1);
	assert_int_equal(alerts_of(t, w.pere.id, "R5"), 1);
	/* Another instrument's baseline does not count. */
	{
		int	g[7] = { 3, 3, 3, 3, 0, 0, 0 };

		assert_int_equal(submit(t, &w.ana, "gad7", g, 7, &out, NULL),
		    ST_OK);
		assert_false(out.alerts & R(6));
	}
}

/* The form keeps the version, language and convention it was given in. */
static void
test_form_record(void **state)
{
	struct th		*t = *state;
	struct world		 w;
	struct quest		 q;
	struct form		*f = NULL;
	char			*why = NULL;
	int64_t			 id, id2, id3;

	world_make(t, &w);
	id = give(t, w.ana.id, "phq9");
	assert_int_equal(quest_open(t->db, &w.ana, "es", id, &q, &why),
	    ST_OK);
	assert_false(q.fallback);
	assert_string_equal(q.lang, "es");
	/* Nothing is recorded before the first answer. */
	assert_int_equal(forms_get(t->db, id, w.ana.id, &f), ST_OK);
	assert_int_equal(f->started_at, 0);
	assert_int_equal(f->version, 0);
	form_free(f);
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 0, 1), ST_OK);
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 1, 2), ST_OK);
	quest_close(&q);
	assert_int_equal(forms_get(t->db, id, w.ana.id, &f), ST_OK);
	assert_int_equal(f->version, instrument_find("phq9")->version);
	assert_int_equal(f->version, 1);
	assert_string_equal(f->language, "es");
	assert_non_null(strstr(f->convention, "total=0-27"));
	assert_true(f->started_at > 0);
	assert_int_equal(f->state, FORM_PARTIAL);
	assert_int_equal(f->position, 1);
	assert_int_equal(f->patient_id, w.ana.id);
	assert_string_equal(f->instrument, "phq9");
	form_free(f);

	/* Catalan has no PHQ-9 file: English, and the fallback is said. */
	id2 = give(t, w.ana.id, "phq9");
	assert_int_equal(quest_open(t->db, &w.ana, "ca", id2, &q, &why),
	    ST_OK);
	assert_true(q.fallback);
	assert_string_equal(q.lang, "en");
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 0, 0), ST_OK);
	quest_close(&q);
	assert_int_equal(forms_get(t->db, id2, w.ana.id, &f), ST_OK);
	assert_string_equal(f->language, "en");
	form_free(f);

	/* K10's convention is stored as 1-5 for its total. */
	id3 = give(t, w.ana.id, "k10");
	assert_int_equal(quest_open(t->db, &w.ana, "en", id3, &q, &why),
	    ST_OK);
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 0, 0), ST_INVALID);
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 0, 5), ST_OK);
	quest_close(&q);
	assert_int_equal(forms_get(t->db, id3, w.ana.id, &f), ST_OK);
	assert_non_null(strstr(f->convention, "total="));
	assert_non_null(strstr(f->convention, "k6="));
	form_free(f);

	/* HADS ships no text: it is not given, and the file is named. */
	id = give(t, w.ana.id, "hads");
	assert_int_equal(quest_open(t->db, &w.ana, "en", id, &q, &why),
	    ST_NOTFOUND);
	assert_non_null(why);
	assert_non_null(strstr(why, "hads.en.txt"));
	free(why);
	why = NULL;
	assert_null(q.form);
}

/* quest_open: only the patient's own forms, and only while open. */
static void
test_open_rules(void **state)
{
	struct th	*t = *state;
	struct world	 w;
	struct quest	 q;
	char		*why = NULL;
	int64_t		 id, late, early, now = db_now();

	world_make(t, &w);
	id = give(t, w.ana.id, "phq9");
	assert_int_equal(quest_open(t->db, &w.pere, "en", id, &q, &why),
	    ST_NOTFOUND);
	assert_null(q.form);
	assert_int_equal(quest_open(t->db, &w.marta, "en", id, &q, &why),
	    ST_NOTFOUND);
	assert_int_equal(quest_open(t->db, &w.laia, "en", id, &q, &why),
	    ST_NOTFOUND);
	assert_int_equal(quest_open(t->db, &w.admin, "en", id, &q, &why),
	    ST_NOTFOUND);
	assert_int_equal(quest_open(t->db, &w.ana, "en", id + 1000, &q, &why),
	    ST_NOTFOUND);

	/* Closed: expired; not opened yet: not there. */
	assert_int_equal(forms_ensure(t->db, w.ana.id, "gad7", "past",
	    now - 10 * DAY, now - 3 * DAY, 0, &late), ST_OK);
	assert_int_equal(quest_open(t->db, &w.ana, "en", late, &q, &why),
	    ST_EXPIRED);
	assert_int_equal(forms_ensure(t->db, w.ana.id, "gad7", "future",
	    now + DAY, now + 8 * DAY, 0, &early), ST_OK);
	assert_int_equal(quest_open(t->db, &w.ana, "en", early, &q, &why),
	    ST_NOTFOUND);

	/* A form that closes while she answers takes no more answers. */
	assert_int_equal(quest_open(t->db, &w.ana, "en", id, &q, &why),
	    ST_OK);
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 0, 1), ST_OK);
	th_sql(t, "UPDATE forms SET closes_at = %lld WHERE id = %lld",
	    (long long)(now - 1), (long long)id);
	q.form->closes_at = now - 1;
	assert_int_equal(quest_answer(t->db, &w.ana, &q, 1, 1), ST_EXPIRED);
	quest_close(&q);

	/* A patient's due list holds only open forms she can answer. */
	{
		struct form	**list;
		size_t		  n, i;

		assert_int_equal(quest_due(t->db, t->conf, &w.laia, &list,
		    &n), ST_DENIED);
		assert_int_equal(quest_due(t->db, t->conf, &w.ana, &list, &n),
		    ST_OK);
		for (i = 0; i < n; i++) {
			assert_true(list[i]->opens_at <= db_now());
			assert_true(list[i]->closes_at > db_now());
			assert_true(list[i]->id != late);
			assert_true(list[i]->id != early);
			assert_true(list[i]->id != id);
		}
		forms_free_list(list, n);
		assert_int_equal(form_state(t, late, w.ana.id), FORM_MISSED);
		/* Her partial answer stays, marked missed. */
		assert_int_equal(form_state(t, id, w.ana.id), FORM_MISSED);
		assert_int_equal(sql_int(t, "SELECT count(*) FROM "
		    "form_answers WHERE form_id = %lld", (long long)id), 1);
		assert_int_equal(form_state(t, early, w.ana.id), FORM_DUE);
	}
}

/*
 * Who may send forms and read results: the professionals caring for the
 * patient (audited), the patient herself; anyone else finds nothing.
 */
static void
test_ownership(void **state)
{
	struct th		*t = *state;
	struct world		 w;
	struct quest_point	*pts = NULL;
	struct quest_outcome	 out;
	struct quest		 q;
	struct notification	**notes;
	char			*why = NULL;
	int64_t			 sent, views;
	size_t			 n, i;
	bool			 found = false;

	world_make(t, &w);

	/* Not her professional: not found, nothing given, nothing read. */
	assert_int_equal(quest_send(t->db, t->conf, &w.pau, w.ana.id, "phq9",
	    &why), ST_NOTFOUND);
	assert_int_equal(quest_history(t->db, t->conf, &w.pau, w.ana.id,
	    "phq9", &pts, &n), ST_NOTFOUND);
	assert_null(pts);
	assert_int_equal(n, 0);
	assert_int_equal(quest_send(t->db, t->conf, &w.jordi, w.ana.id, "phq9",
	    &why), ST_NOTFOUND);
	assert_int_equal(quest_history(t->db, t->conf, &w.jordi, w.ana.id,
	    "phq9", &pts, &n), ST_NOTFOUND);
	assert_int_equal(quest_history(t->db, t->conf, &w.admin, w.ana.id,
	    "phq9", &pts, &n), ST_NOTFOUND);
	assert_int_equal(quest_send(t->db, t->conf, &w.admin, w.ana.id, "phq9",
	    &why), ST_NOTFOUND);
	assert_int_equal(quest_history(t->db, t->conf, &w.recerca, w.ana.id,
	    "phq9", &pts, &n), ST_NOTFOUND);
	assert_int_equal(quest_history(t->db, t->conf, &w.pere, w.ana.id,
	    "phq9", &pts, &n), ST_NOTFOUND);
	assert_int_equal(quest_send(t->db, t->conf, &w.pere, w.ana.id, "phq9",
	    &why), ST_NOTFOUND);
	/* Nobody follows pere: that is no one's licence to read him. */
	assert_int_equal(quest_history(t->db, t->conf, &w.laia, w.pere.id,
	    "phq9", &pts, &n), ST_NOTFOUND);
	assert_int_equal(quest_send(t->db, t->conf, &w.laia, w.pere.id, "phq9",
	    &why), ST_NOTFOUND);
	/* Staff are not patients. */
	assert_int_equal(quest_send(t->db, t->conf, &w.laia, w.pau.id, "phq9",
	    &why), ST_NOTFOUND);
	assert_int_equal(quest_history(t->db, t->conf, &w.laia, w.pau.id,
	    "phq9", &pts, &n), ST_NOTFOUND);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM forms"), 0);
	assert_int_equal(audits(t, "results.view"), 0);
	assert_int_equal(audits(t, "form.send"), 0);

	/* Her professional sends a PHQ-9: a form, a note, an audit row. */
	assert_int_equal(quest_send(t->db, t->conf, &w.laia, w.ana.id, "phq9",
	    &why), ST_OK);
	assert_null(why);
	assert_int_equal(audits(t, "form.send"), 1);
	sent = sql_int(t, "SELECT id FROM forms WHERE patient_id = %lld AND "
	    "sent_by = %lld", (long long)w.ana.id, (long long)w.laia.id);
	assert_true(sent > 0);
	assert_int_equal(sql_int(t, "SELECT closes_at - opens_at FROM forms "
	    "WHERE id = %lld", (long long)sent) >= 6 * DAY, 1);
	assert_int_equal(notify_list(t->db, &w.ana, &notes, &n), ST_OK);
	for (i = 0; i < n; i++)
		found |= notes[i]->kind == NOTE_FORM_SENT &&
		    notes[i]->object_id == sent;
	notifications_free_list(notes, n);
	assert_true(found);
	/* An unknown instrument, or one without its text, is not sent. */
	assert_int_equal(quest_send(t->db, t->conf, &w.laia, w.ana.id,
	    "nosuch", &why), ST_NOTFOUND);
	assert_int_equal(quest_send(t->db, t->conf, &w.laia, w.ana.id, "hads",
	    &why), ST_NOTFOUND);
	assert_non_null(why);
	free(why);
	why = NULL;
	assert_int_equal(audits(t, "form.send"), 1);

	/* Only ana answers it. */
	assert_int_equal(quest_open(t->db, &w.pere, "en", sent, &q, &why),
	    ST_NOTFOUND);
	assert_int_equal(quest_open(t->db, &w.ana, "en", sent, &q, &why),
	    ST_OK);
	{
		int	v[PHQ9_ITEMS];

		phq9(v, 11, 0);
		answer_all(t, &w.ana, &q, v, PHQ9_ITEMS);
	}
	assert_int_equal(quest_submit(t->db, t->conf, &w.ana, &q, &out),
	    ST_OK);
	quest_close(&q);

	/* Her professional reads the history, audited each time. */
	views = audits(t, "results.view");
	assert_int_equal(quest_history(t->db, t->conf, &w.laia, w.ana.id,
	    "phq9", &pts, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pts[0].form_id, sent);
	assert_true(pts[0].at > 0);
	assert_int_equal(score_get(&pts[0].result, "total")->value, 11);
	quest_points_free(pts, n);
	pts = NULL;
	assert_int_equal(audits(t, "results.view"), views + 1);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM audit WHERE "
	    "action = 'results.view' AND actor_id = %lld AND patient = 'ana'",
	    (long long)w.laia.id), 1);
	/* The history of an instrument she never answered is empty. */
	assert_int_equal(quest_history(t->db, t->conf, &w.laia, w.ana.id,
	    "gad7", &pts, &n), ST_OK);
	assert_int_equal(n, 0);
	quest_points_free(pts, n);
	pts = NULL;

	/* She reads her own, unaudited, when the deployment allows it. */
	views = audits(t, "results.view");
	assert_int_equal(quest_history(t->db, t->conf, &w.ana, w.ana.id,
	    "phq9", &pts, &n), ST_OK);
	assert_int_equal(n, 1);
	quest_points_free(pts, n);
	pts = NULL;
	assert_int_equal(audits(t, "results.view"), views);
	t->conf->patients_see_scores = false;
	assert_int_equal(quest_history(t->db, t->conf, &w.ana, w.ana.id,
	    "phq9", &pts, &n), ST_DENIED);
	assert_null(pts);
	/* Staff still do. */
	assert_int_equal(quest_history(t->db, t->conf, &w.laia, w.ana.id,
	    "phq9", &pts, &n), ST_OK);
	quest_points_free(pts, n);

	/* Taken out of her care: not found again. */
	assert_int_equal(care_assign(t->db, &w.admin, w.ana.id, w.laia.id,
	    false), ST_OK);
	assert_int_equal(quest_history(t->db, t->conf, &w.laia, w.ana.id,
	    "phq9", &pts, &n), ST_NOTFOUND);
	assert_int_equal(quest_send(t->db, t->conf, &w.laia, w.ana.id, "phq9",
	    &why), ST_NOTFOUND);
}

/* count_forms counts patient's forms of a window pattern and state. */
static int64_t
count_forms(struct th *t, int64_t patient, const char *like, int state)
{
	return sql_int(t, "SELECT count(*) FROM forms WHERE patient_id = "
	    "%lld AND window LIKE '%s' AND (%d < 0 OR state = %d)",
	    (long long)patient, like, state, state);
}

/* checkins counts the R7 notes of a patient. */
static int64_t
checkins(struct th *t, int64_t patient)
{
	return sql_int(t, "SELECT count(*) FROM notifications WHERE "
	    "account_id = %lld AND kind = %d", (long long)patient,
	    NOTE_CHECKIN);
}

/*
 * The schedule: enrolment forms from the first care level, missed once
 * their week passed; the community's monthly forms; R7 when two
 * occasions in a row were missed, once.
 */
static void
test_sync(void **state)
{
	struct th	*t = *state;
	struct world	 w;
	struct form	**list;
	char		*err = NULL;
	int64_t		 now = db_now(), missed_notes, r7;
	size_t		 n, i;

	world_make(t, &w);
	assert_int_equal(t->conf->schedule.window_days, 7);

	/*
	 * Ana enrolled 30 days ago: her four enrolment forms were missed,
	 * one occasion; the first monthly form opens 28 to 31 days after,
	 * so it is open (or not yet there), never missed.
	 */
	assert_int_equal(care_levels_add(t->db, w.ana.id, CARE_MONITORING,
	    w.laia.id, now - 30 * DAY), ST_OK);
	assert_int_equal(quest_sync(t->db, t->conf, &w.laia, w.ana.id), ST_OK);
	assert_int_equal(count_forms(t, w.ana.id, "enrolment", -1), 4);
	assert_int_equal(count_forms(t, w.ana.id, "enrolment", FORM_MISSED),
	    4);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM forms WHERE "
	    "patient_id = %lld AND window = 'enrolment' AND instrument IN "
	    "('phq9', 'gad7', 'who5', 'k10')", (long long)w.ana.id), 4);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM forms WHERE "
	    "patient_id = %lld AND window = 'enrolment' AND closes_at - "
	    "opens_at = %d", (long long)w.ana.id, 7 * DAY), 4);
	assert_int_equal(count_forms(t, w.ana.id, "community %", FORM_MISSED),
	    0);
	assert_int_equal(alerts_of(t, w.ana.id, "R7"), 0);
	assert_int_equal(checkins(t, w.ana.id), 0);
	assert_int_equal(quest_due(t->db, t->conf, &w.ana, &list, &n), ST_OK);
	assert_int_equal(n, (size_t)count_forms(t, w.ana.id, "community %",
	    FORM_DUE));
	for (i = 0; i < n; i++) {
		assert_true(strcmp(list[i]->instrument, "who5") == 0 ||
		    strcmp(list[i]->instrument, "distress") == 0);
		assert_true(list[i]->closes_at > now);
	}
	forms_free_list(list, n);

	/*
	 * Pere enrolled 45 days ago: enrolment missed, then the first
	 * monthly WHO-5 and distress rating (opened 14 to 17 days ago)
	 * missed too: two occasions in a row, R7 and a note for him.
	 */
	assert_int_equal(care_levels_add(t->db, w.pere.id, CARE_COMMUNITY,
	    w.laia.id, now - 45 * DAY), ST_OK);
	assert_int_equal(quest_due(t->db, t->conf, &w.pere, &list, &n),
	    ST_OK);
	assert_int_equal(n, 0);
	forms_free_list(list, n);
	assert_int_equal(count_forms(t, w.pere.id, "enrolment", FORM_MISSED),
	    4);
	assert_int_equal(count_forms(t, w.pere.id, "community %", -1), 2);
	assert_int_equal(count_forms(t, w.pere.id, "community % #1",
	    FORM_MISSED), 2);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM forms WHERE "
	    "patient_id = %lld AND window LIKE 'community %%' AND instrument "
	    "IN ('who5', 'distress')", (long long)w.pere.id), 2);
	assert_int_equal(alerts_of(t, w.pere.id, "R7"), 1);
	assert_int_equal(sql_int(t, "SELECT priority FROM alerts WHERE "
	    "rule = 'R7'"), ALERT_LOW);
	assert_int_equal(checkins(t, w.pere.id), 1);

	/* Again, by anyone: no second R7, no second note, no new forms. */
	missed_notes = checkins(t, w.pere.id);
	assert_int_equal(quest_sync(t->db, t->conf, &w.pere, w.pere.id),
	    ST_OK);
	assert_int_equal(quest_sync(t->db, t->conf, &w.laia, w.pere.id),
	    ST_OK);
	assert_int_equal(alerts_of(t, w.pere.id, "R7"), 1);
	assert_int_equal(checkins(t, w.pere.id), missed_notes);
	assert_int_equal(count_forms(t, w.pere.id, "%", -1), 6);
	assert_int_equal(alerts_of(t, w.ana.id, "R7"), 0);
	/* The note is his, and says nothing of risk. */
	assert_int_equal(sql_int(t, "SELECT count(*) FROM notifications "
	    "WHERE kind = %d AND account_id <> %lld", NOTE_CHECKIN,
	    (long long)w.pere.id), 0);

	/* Every professional sees it: nobody follows pere. */
	r7 = sql_int(t, "SELECT id FROM alerts WHERE rule = 'R7'");
	assert_true(sees(t, &w.pau, r7));
	assert_true(sees(t, &w.laia, r7));

	/*
	 * Handled and closed: the same two missed occasions are no news,
	 * so the next sync must not raise R7 (and write to him) again;
	 * only a new missed occasion would.
	 */
	assert_int_equal(alert_acknowledge(t->db, &w.pau, r7), ST_OK);
	assert_int_equal(alert_record_action(t->db, &w.pau, r7,
	    ALERT_ACT_MESSAGE_SENT, "Wrote to him", &err), ST_OK);
	assert_int_equal(alert_close(t->db, &w.pau, r7), ST_OK);
	assert_int_equal(quest_sync(t->db, t->conf, &w.laia, w.pere.id),
	    ST_OK);
	assert_int_equal(alerts_of(t, w.pere.id, "R7"), 1);
	assert_int_equal(checkins(t, w.pere.id), missed_notes);
	/* A new missed occasion after that R7 is news: R7 again. */
	th_sql(t, "UPDATE alerts SET created_at = %lld WHERE id = %lld",
	    (long long)(now - 5 * DAY), (long long)r7);
	assert_int_equal(forms_ensure(t->db, w.pere.id, "who5", "late",
	    now - 8 * DAY, now - 1, 0, NULL), ST_OK);
	assert_int_equal(quest_sync(t->db, t->conf, &w.laia, w.pere.id),
	    ST_OK);
	assert_int_equal(alerts_of(t, w.pere.id, "R7"), 2);
	assert_int_equal(checkins(t, w.pere.id), missed_notes + 1);
	assert_int_equal(count_forms(t, w.pere.id, "late", FORM_MISSED), 1);

	/*
	 * Marta missed two forms her professional sent and one scheduled
	 * occasion: sends are not scheduled occasions, so no R7.
	 */
	assert_int_equal(care_levels_add(t->db, w.marta.id, CARE_MONITORING,
	    w.laia.id, now - 20 * DAY), ST_OK);
	assert_int_equal(forms_ensure(t->db, w.marta.id, "phq9", "sent 1",
	    now - 15 * DAY, now - 8 * DAY, w.laia.id, NULL), ST_OK);
	assert_int_equal(forms_ensure(t->db, w.marta.id, "gad7", "sent 2",
	    now - 9 * DAY, now - 2 * DAY, w.laia.id, NULL), ST_OK);
	assert_int_equal(quest_sync(t->db, t->conf, &w.marta, w.marta.id),
	    ST_OK);
	assert_int_equal(count_forms(t, w.marta.id, "sent %", FORM_MISSED), 2);
	assert_int_equal(alerts_of(t, w.marta.id, "R7"), 0);
}

/* set_last_login says when who last logged in (0: never). */
static void
set_last_login(struct th *t, int64_t who, int64_t at)
{
	th_sql(t, "UPDATE accounts SET last_login_at = %lld WHERE id = %lld",
	    (long long)at, (long long)who);
}

/*
 * R7's other trigger: 14 days without a visit while the last score met
 * R4 or R5, noticed when staff look at the patient (she is not away
 * while she is the one looking).
 */
static void
test_sync_away(void **state)
{
	struct th		*t = *state;
	struct world		 w;
	struct quest_outcome	 out;
	char			*err = NULL;
	int64_t			 now = db_now(), r7;

	world_make(t, &w);
	/* Ana's last PHQ-9 needed review; she has been away 14 days. */
	assert_int_equal(submit_phq9(t, &w.ana, 12, 0, &out, NULL), ST_OK);
	assert_true(out.alerts & R(5));
	set_last_login(t, w.ana.id, now - 14 * DAY + 3600);
	assert_int_equal(quest_sync(t->db, t->conf, &w.laia, w.ana.id), ST_OK);
	assert_int_equal(alerts_of(t, w.ana.id, "R7"), 0);
	set_last_login(t, w.ana.id, now - 14 * DAY);
	/* She herself, logged in now, is not away. */
	assert_int_equal(quest_sync(t->db, t->conf, &w.ana, w.ana.id), ST_OK);
	assert_int_equal(alerts_of(t, w.ana.id, "R7"), 0);
	assert_int_equal(quest_sync(t->db, t->conf, &w.laia, w.ana.id), ST_OK);
	assert_int_equal(alerts_of(t, w.ana.id, "R7"), 1);
	assert_int_equal(checkins(t, w.ana.id), 1);
	assert_int_equal(quest_sync(t->db, t->conf, &w.laia, w.ana.id), ST_OK);
	assert_int_equal(alerts_of(t, w.ana.id, "R7"), 1);
	/* Closed while she stays away: not raised again for that. */
	r7 = sql_int(t, "SELECT id FROM alerts WHERE rule = 'R7'");
	assert_int_equal(alert_acknowledge(t->db, &w.laia, r7), ST_OK);
	assert_int_equal(alert_record_action(t->db, &w.laia, r7,
	    ALERT_ACT_NO_ANSWER, "", &err), ST_OK);
	assert_int_equal(alert_close(t->db, &w.laia, r7), ST_OK);
	assert_int_equal(quest_sync(t->db, t->conf, &w.laia, w.ana.id), ST_OK);
	assert_int_equal(alerts_of(t, w.ana.id, "R7"), 1);
	assert_int_equal(checkins(t, w.ana.id), 1);
	/* An R7 from before her last visit does not count. */
	th_sql(t, "UPDATE alerts SET created_at = %lld WHERE id = %lld",
	    (long long)(now - 40 * DAY), (long long)r7);
	set_last_login(t, w.ana.id, now - 15 * DAY);
	assert_int_equal(quest_sync(t->db, t->conf, &w.laia, w.ana.id), ST_OK);
	assert_int_equal(alerts_of(t, w.ana.id, "R7"), 2);

	/* Pere's last score was fine: away as long, no R7. */
	assert_int_equal(submit_phq9(t, &w.pere, 12, 0, &out, NULL), ST_OK);
	assert_int_equal(submit_phq9(t, &w.pere, 5, 0, &out, NULL), ST_OK);
	set_last_login(t, w.pere.id, now - 30 * DAY);
	assert_int_equal(quest_sync(t->db, t->conf, &w.laia, w.pere.id), ST_OK);
	assert_int_equal(alerts_of(t, w.pere.id, "R7"), 0);

	/* Marta never logged in: no visit to count from. */
	assert_int_equal(submit_phq9(t, &w.marta, 21, 0, &out, NULL), ST_OK);
	set_last_login(t, w.marta.id, 0);
	assert_int_equal(quest_sync(t->db, t->conf, &w.laia, w.marta.id),
	    ST_OK);
	assert_int_equal(alerts_of(t, w.marta.id, "R7"), 0);
	/* Logged in 20 days ago after a severe score: R7. */
	set_last_login(t, w.marta.id, now - 20 * DAY);
	assert_int_equal(quest_sync(t->db, t->conf, &w.laia, w.marta.id),
	    ST_OK);
	assert_int_equal(alerts_of(t, w.marta.id, "R7"), 1);
}

/*
 * Care teams: assigned by professionals, admins and the operator only,
 * patients to professionals only, audited; the care level is set by the
 * patient's own team, a repeat is ST_EXISTS.
 */
static void
test_care(void **state)
{
	struct th			*t = *state;
	struct world			 w;
	struct actor			 op = th_operator();
	struct care_level_change	*h;
	struct account			*a = NULL;
	struct target			 tg;
	struct care_choice		*ch;
	int64_t				 assigned;
	size_t				 n, nch, i;
	int				 level;

	world_make(t, &w);		/* ana to laia, by admin */
	assert_int_equal(audits(t, "care.assign"), 1);
	assert_int_equal(sql_int(t, "SELECT assigned_by FROM care_team WHERE "
	    "patient_id = %lld", (long long)w.ana.id), w.admin.id);

	/* Who may assign. */
	assert_int_equal(care_assign(t->db, &w.jordi, w.pere.id, w.pau.id,
	    true), ST_DENIED);
	assert_int_equal(care_assign(t->db, &w.ana, w.ana.id, w.pau.id, true),
	    ST_DENIED);
	assert_int_equal(care_assign(t->db, &w.marta, w.marta.id, w.pau.id,
	    true), ST_DENIED);
	assert_int_equal(care_assign(t->db, &w.recerca, w.pere.id, w.pau.id,
	    true), ST_DENIED);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM care_team"), 1);
	assert_int_equal(care_assign(t->db, &w.laia, w.pere.id, w.pau.id,
	    true), ST_OK);
	assert_int_equal(care_assign(t->db, &op, w.marta.id, w.laia.id, true),
	    ST_OK);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM care_team WHERE "
	    "patient_id = %lld AND assigned_by IS NULL", (long long)w.marta.id),
	    1);
	assert_int_equal(audits(t, "care.assign"), 3);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM audit WHERE "
	    "action = 'care.assign' AND patient = 'pere' AND detail = 'pau' "
	    "AND actor_name = 'laia'"), 1);

	/* Whom: patients (experts too) to professionals. */
	assert_int_equal(care_assign(t->db, &w.admin, w.jordi.id, w.laia.id,
	    true), ST_INVALID);
	assert_int_equal(care_assign(t->db, &w.admin, w.pau.id, w.laia.id,
	    true), ST_INVALID);
	assert_int_equal(care_assign(t->db, &w.admin, w.ana.id, w.admin.id,
	    true), ST_INVALID);
	assert_int_equal(care_assign(t->db, &w.admin, w.ana.id, w.jordi.id,
	    true), ST_INVALID);
	assert_int_equal(care_assign(t->db, &w.admin, w.ana.id, w.pere.id,
	    true), ST_INVALID);
	assert_int_equal(care_assign(t->db, &w.admin, 9999, w.laia.id, true),
	    ST_NOTFOUND);
	assert_int_equal(care_assign(t->db, &w.admin, w.ana.id, 9999, true),
	    ST_NOTFOUND);
	/* Twice: the first stands. */
	assert_int_equal(care_assign(t->db, &w.admin, w.ana.id, w.laia.id,
	    true), ST_EXISTS);
	assert_int_equal(sql_int(t, "SELECT count(*) FROM care_team"), 3);
	assert_int_equal(audits(t, "care.assign"), 3);

	/* The target a professional gets for a patient. */
	assert_int_equal(care_target(t->db, &w.laia, w.ana.id, &tg), ST_OK);
	assert_true(tg.in_care);
	assert_false(tg.unassigned);
	assert_int_equal(care_target(t->db, &w.pau, w.ana.id, &tg), ST_OK);
	assert_false(tg.in_care);
	assert_false(tg.unassigned);
	assert_int_equal(care_patient(t->db, &w.jordi, ACT_RESULTS_SEE,
	    w.ana.id, &a, NULL), ST_NOTFOUND);
	assert_null(a);
	assert_int_equal(care_patient(t->db, &w.laia, ACT_RESULTS_SEE,
	    w.ana.id, &a, &tg), ST_OK);
	assert_string_equal(a->pseudonym, "ana");
	assert_true(tg.in_care);
	account_free(a);
	a = NULL;

	/* The care level: her own team only. */
	assert_int_equal(care_set_level(t->db, &w.pau, w.ana.id,
	    CARE_THERAPY), ST_NOTFOUND);
	assert_int_equal(care_set_level(t->db, &w.admin, w.ana.id,
	    CARE_THERAPY), ST_NOTFOUND);
	assert_int_equal(care_set_level(t->db, &w.ana, w.ana.id,
	    CARE_THERAPY), ST_NOTFOUND);
	assert_int_equal(care_set_level(t->db, &w.jordi, w.ana.id,
	    CARE_THERAPY), ST_NOTFOUND);
	assert_int_equal(care_set_level(t->db, &w.laia, w.ana.id,
	    CARE_LEVEL_COUNT), ST_INVALID);
	assert_int_equal(care_set_level(t->db, &w.laia, w.ana.id, -1),
	    ST_INVALID);
	assert_int_equal(audits(t, "care.level"), 0);
	assert_int_equal(care_set_level(t->db, &w.laia, w.ana.id,
	    CARE_THERAPY), ST_OK);
	assert_int_equal(care_set_level(t->db, &w.laia, w.ana.id,
	    CARE_THERAPY), ST_EXISTS);
	assert_int_equal(audits(t, "care.level"), 1);
	assert_int_equal(care_current_level(t->db, w.ana.id, &level, NULL),
	    ST_OK);
	assert_int_equal(level, CARE_THERAPY);
	assert_int_equal(care_set_level(t->db, &w.laia, w.ana.id,
	    CARE_COMMUNITY), ST_OK);
	assert_int_equal(audits(t, "care.level"), 2);
	assert_int_equal(care_levels_history(t->db, w.ana.id, &h, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].level, CARE_THERAPY);
	assert_int_equal(h[1].level, CARE_COMMUNITY);
	assert_string_equal(h[1].set_by, "laia");
	care_levels_free(h, n);
	assert_int_equal(care_current_level(t->db, w.pere.id, &level, NULL),
	    ST_OK);
	assert_int_equal(level, CARE_MONITORING);
	/* Monitoring by default can still be recorded, with its date. */
	if (care_team_add(t->db, w.pere.id, w.laia.id, 0) != ST_OK)
		fail_msg("pere into laia's care");
	assert_int_equal(care_set_level(t->db, &w.laia, w.pere.id,
	    CARE_MONITORING), ST_OK);
	assert_int_equal(care_set_level(t->db, &w.laia, w.pere.id,
	    CARE_MONITORING), ST_EXISTS);
	assert_string_equal(care_level_label(CARE_THERAPY), "therapy");
	assert_string_equal(care_level_label(CARE_LEVEL_COUNT), "?");

	/* Taking her out of the team: audited; again is not found. */
	assigned = audits(t, "care.unassign");
	assert_int_equal(care_assign(t->db, &w.laia, w.ana.id, w.laia.id,
	    false), ST_OK);
	assert_int_equal(audits(t, "care.unassign"), assigned + 1);
	assert_int_equal(care_assign(t->db, &w.laia, w.ana.id, w.laia.id,
	    false), ST_NOTFOUND);
	assert_int_equal(care_set_level(t->db, &w.laia, w.ana.id,
	    CARE_THERAPY), ST_NOTFOUND);
	assert_int_equal(care_target(t->db, &w.pau, w.ana.id, &tg), ST_OK);
	assert_true(tg.unassigned);

	/* The choices: every enabled professional, the team marked. */
	assert_int_equal(care_assign(t->db, &w.admin, w.ana.id, w.pau.id,
	    true), ST_OK);
	assert_int_equal(care_team_choices(t->db, &w.admin, w.ana.id, &ch,
	    &nch), ST_OK);
	assert_int_equal(nch, 2);
	for (i = 0; i < nch; i++)
		assert_int_equal(ch[i].in_team, ch[i].id == w.pau.id);
	care_choices_free(ch, nch);
	assert_int_equal(care_team_choices(t->db, &w.jordi, w.ana.id, &ch,
	    &nch), ST_DENIED);
	assert_int_equal(care_team_choices(t->db, &w.ana, w.ana.id, &ch,
	    &nch), ST_DENIED);
	assert_int_equal(care_team_choices(t->db, &w.laia, w.jordi.id, &ch,
	    &nch), ST_NOTFOUND);
}

/*
 * The caseload: an open alert first (the most urgent first), then a score
 * needing review, then missed forms, then nothing pending; only the
 * professional's own patients; staff without a caseload are refused.
 */
static void
test_caseload(void **state)
{
	struct th		*t = *state;
	struct world		 w;
	struct actor		 nuria, sofia, rosa;
	struct caseload_entry	*list = NULL;
	struct caseload_score	*sc = NULL;
	struct quest_outcome	 out;
	struct account		*a = NULL;
	size_t			 k;
	int64_t			 now = db_now(), id;
	size_t			 n = 0;

	world_make(t, &w);
	nuria = person(t, "nuria", ROLE_PATIENT);
	sofia = person(t, "sofia", ROLE_PATIENT);
	rosa = person(t, "rosa", ROLE_PATIENT);
	assert_int_equal(care_assign(t->db, &w.laia, w.pere.id, w.laia.id,
	    true), ST_OK);
	assert_int_equal(care_assign(t->db, &w.laia, w.marta.id, w.laia.id,
	    true), ST_OK);
	assert_int_equal(care_assign(t->db, &w.laia, nuria.id, w.laia.id,
	    true), ST_OK);
	assert_int_equal(care_assign(t->db, &w.laia, sofia.id, w.laia.id,
	    true), ST_OK);
	assert_int_equal(care_assign(t->db, &w.pau, rosa.id, w.pau.id, true),
	    ST_OK);

	assert_int_equal(submit_phq9(t, &nuria, 14, 2, &out, NULL), ST_OK);
	raise_alert(t, &w.laia, "R7", w.marta.id);
	assert_int_equal(submit_phq9(t, &w.pere, 12, 0, &out, NULL), ST_OK);
	assert_int_equal(forms_ensure(t->db, w.ana.id, "who5", "old", now -
	    10 * DAY, now - 3 * DAY, 0, &id), ST_OK);
	assert_int_equal(submit_phq9(t, &rosa, 22, 0, &out, NULL), ST_OK);

	assert_int_equal(caseload_list(t->db, t->conf, &w.laia, "en", &list,
	    &n), ST_OK);
	assert_int_equal(n, 5);
	assert_string_equal(list[0].pseudonym, "nuria");
	assert_int_equal(list[0].need, NEED_ALERT);
	assert_int_equal(list[0].top_priority, ALERT_URGENT);
	assert_non_null(strstr(list[0].reason, "Urgent"));
	assert_string_equal(list[1].pseudonym, "marta");
	assert_int_equal(list[1].need, NEED_ALERT);
	assert_string_equal(list[2].pseudonym, "pere");
	assert_int_equal(list[2].need, NEED_SCORE);
	assert_string_equal(list[2].reason, "PHQ-9 12: Moderate depressive "
	    "symptoms");
	assert_string_equal(list[3].pseudonym, "ana");
	assert_int_equal(list[3].need, NEED_FORMS);
	assert_string_equal(list[3].reason, "1 form missed");
	assert_string_equal(list[4].pseudonym, "sofia");
	assert_int_equal(list[4].need, NEED_NONE);
	caseload_free(list, n);
	assert_int_equal(audits(t, "caseload.view"), 1);

	/* pau follows rosa only; her severe score needs review. */
	assert_int_equal(caseload_list(t->db, t->conf, &w.pau, "en", &list,
	    &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].pseudonym, "rosa");
	assert_int_equal(list[0].need, NEED_SCORE);
	assert_int_equal(list[0].top_priority, ALERT_MEDIUM);
	caseload_free(list, n);

	/* One patient's record: her care team only, each view audited. */
	assert_int_equal(caseload_open(t->db, t->conf, &w.laia, w.pere.id,
	    &a, NULL), ST_OK);
	assert_string_equal(a->pseudonym, "pere");
	account_free(a);
	assert_int_equal(audits(t, "patient.view"), 1);
	assert_int_equal(caseload_open(t->db, t->conf, &w.pau, w.pere.id,
	    &a, NULL), ST_NOTFOUND);
	assert_null(a);
	assert_int_equal(caseload_open(t->db, t->conf, &w.laia, rosa.id,
	    &a, NULL), ST_NOTFOUND);
	assert_int_equal(caseload_open(t->db, t->conf, &w.jordi, w.pere.id,
	    &a, NULL), ST_NOTFOUND);
	assert_int_equal(caseload_open(t->db, t->conf, &w.pere, w.pere.id,
	    &a, NULL), ST_NOTFOUND);
	assert_int_equal(caseload_open(t->db, t->conf, &w.laia, w.laia.id,
	    &a, NULL), ST_NOTFOUND);
	assert_int_equal(audits(t, "patient.view"), 1);
	/* With her scores: one PHQ-9, no baseline besides it; one audit. */
	assert_int_equal(caseload_open(t->db, t->conf, &w.laia, w.pere.id,
	    &a, &sc), ST_OK);
	for (k = 0; instrument_at(k) != instrument_find("phq9"); k++)
		;
	assert_true(sc[k].has);
	assert_int_equal(sc[k].latest.scores[0].value, 12);
	assert_false(sc[k].has_base);
	for (k = 0; instrument_at(k) != instrument_find("who5"); k++)
		;
	assert_false(sc[k].has);
	free(sc);
	account_free(a);
	assert_int_equal(audits(t, "patient.view"), 2);
	assert_int_equal(audits(t, "results.view"), 0);

	assert_int_equal(caseload_list(t->db, t->conf, &w.jordi, "en", &list,
	    &n), ST_DENIED);
	assert_int_equal(caseload_list(t->db, t->conf, &w.ana, "en", &list,
	    &n), ST_DENIED);
	assert_int_equal(caseload_list(t->db, t->conf, &w.admin, "en", &list,
	    &n), ST_DENIED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_visibility),
		T(test_orphaned),
		cmocka_unit_test(test_visible_rules),
		T(test_lifecycle),
		T(test_escalation),
		T(test_submit_r2),
		T(test_submit_r1),
		T(test_submit_r4_r5),
		T(test_submit_missing),
		T(test_submit_r6),
		T(test_form_record),
		T(test_open_rules),
		T(test_ownership),
		T(test_sync),
		T(test_sync_away),
		T(test_care),
		T(test_caseload),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
