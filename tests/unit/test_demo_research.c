/*
 * test_demo_research.c: the research side of bbsctl demo.  One demo
 * community is made for the whole group (as bbsctl demo makes it, with
 * the shipped content) and each test reads it: the 40 synthetic patients
 * are there and can never log in, the pilot study and its key exist, the
 * consents are recorded as the demo story says, and the outcome report
 * of the study has real figures, not suppressed cells.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <time.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

#define STUDY		"mirall_pilot"
#define SYNTHETIC	40

/* group_setup makes the demo community once, in a fresh database. */
static int
group_setup(void **state)
{
	struct th	*t;
	char		*err = NULL, *msg = NULL;
	int		 st;

	setenv("TZ", "UTC0", 1);
	tzset();
	if (th_setup(state) != 0)
		return -1;
	t = *state;
	if (th_keys(t) != 0)
		return -1;
	free(t->conf->content_dir);
	t->conf->content_dir = th_source_content();
	free(t->conf->study_keys);
	t->conf->study_keys = th_file(t, "studies");
	if (instruments_load(t->conf, &err) != ST_OK ||
	    modules_load(t->conf, &err) != ST_OK ||
	    consent_texts_load(t->conf, &err) != ST_OK) {
		fprintf(stderr, "content: %s\n", err != NULL ? err : "?");
		free(err);
		return -1;
	}
	alert_configure(t->conf);
	if ((st = demo_create(t->db, t->conf, &msg)) != ST_OK) {
		fprintf(stderr, "demo_create: %s: %s\n", status_str(st),
		    msg != NULL ? msg : "?");
		free(msg);
		return -1;
	}
	free(msg);
	return 0;
}

/* group_teardown removes the study key and everything else. */
static int
group_teardown(void **state)
{
	struct th	*t = *state;
	char		*p;

	xasprintf(&p, "%s/%s.key", t->conf->study_keys, STUDY);
	unlink(p);
	free(p);
	rmdir(t->conf->study_keys);
	instruments_free();
	modules_free();
	consent_texts_free();
	return th_teardown(state);
}

/* find reads account name, which must exist. */
static struct account *
find(struct th *t, const char *name)
{
	struct account	*a = NULL;

	assert_int_equal(accounts_find(t->db, name, &a), ST_OK);
	return a;
}

/* has tells whether id is in ids (n long). */
static bool
has(const int64_t *ids, size_t n, int64_t id)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (ids[i] == id)
			return true;
	}
	return false;
}

/*
 * Forty synthetic patients, synthetic-01 to synthetic-40 and no more:
 * patients, disabled, no password (not even the demo's) verifies, in
 * nobody's care, enrolled 3 to 9 months ago with the account dated then.
 */
static void
test_synthetic_patients(void **state)
{
	struct th	 *t = *state;
	struct account	 *a, **list = NULL;
	char		  name[32];
	int64_t		  now = db_now();
	size_t		  n = 0;
	int		  i;

	for (i = 1; i <= SYNTHETIC; i++) {
		snprintf(name, sizeof name, "synthetic-%02d", i);
		a = find(t, name);
		assert_int_equal(a->role, ROLE_PATIENT);
		assert_true(a->disabled);
		assert_false(password_verify(a->pwhash, DEMO_PASSWORD));
		assert_false(password_verify(a->pwhash, ""));
		assert_true(a->created_at <= now - 90 * 86400);
		assert_true(a->created_at >= now - 280 * 86400);
		account_free(a);
	}
	a = NULL;
	assert_int_equal(accounts_find(t->db, "synthetic-41", &a),
	    ST_NOTFOUND);
	assert_int_equal(accounts_list(t->db, "synthetic", &list, &n), ST_OK);
	assert_int_equal(n, SYNTHETIC);
	accounts_free_list(list, n);
}

/*
 * Their histories: care levels from enrolment (the account's date), forms
 * answered, modules finished, and nothing anyone else would see: no
 * alert, no care team, no post, no message.
 */
static void
test_synthetic_histories(void **state)
{
	struct th	*t = *state;
	sqlite3		*sq = th_raw(t);

#define SYNTH	"(SELECT id FROM accounts WHERE pseudonym LIKE 'synthetic-%')"
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM accounts a "
	    "WHERE pseudonym LIKE 'synthetic-%' AND created_at = (SELECT "
	    "min(set_at) FROM care_levels c WHERE c.patient_id = a.id)"),
	    SYNTHETIC);
	assert_int_equal(th_raw_int(sq, "SELECT count(DISTINCT patient_id) "
	    "FROM care_levels WHERE level IN (1, 3) AND patient_id IN "
	    SYNTH), SYNTHETIC - 3);
	assert_true(th_raw_int(sq, "SELECT count(*) FROM forms WHERE state "
	    "= 2 AND patient_id IN " SYNTH) > 10 * SYNTHETIC);
	assert_true(th_raw_int(sq, "SELECT count(*) FROM forms WHERE state "
	    "= 3 AND patient_id IN " SYNTH) > 0);
	/* Every completion inside its window, before now. */
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM forms WHERE "
	    "state = 2 AND (completed_at < opens_at OR completed_at >= "
	    "closes_at OR completed_at > strftime('%s', 'now')) AND "
	    "patient_id IN " SYNTH), 0);
	assert_true(th_raw_int(sq, "SELECT count(*) FROM module_events "
	    "WHERE kind = 'module.complete' AND patient_id IN " SYNTH) >= 10);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM alerts WHERE "
	    "patient_id IN " SYNTH), 0);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM care_team "
	    "WHERE patient_id IN " SYNTH), 0);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM posts WHERE "
	    "author_id IN " SYNTH), 0);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM messages "
	    "WHERE author_id IN " SYNTH), 0);
#undef SYNTH
	sqlite3_close(sq);
}

/* The pilot study, with its key file 0600 in a directory 0700. */
static void
test_study(void **state)
{
	struct th	*t = *state;
	struct study	*s = NULL;
	struct stat	 sb;

	assert_int_equal(study_get(t->db, STUDY, &s), ST_OK);
	assert_string_equal(s->title,
	    "Mirall pilot: distress and quality of life");
	assert_string_equal(s->protocol, "1.0");
	assert_int_equal(s->ninstruments, 3);
	assert_string_equal(s->instruments[0], "phq9");
	assert_string_equal(s->instruments[1], "gad7");
	assert_string_equal(s->instruments[2], "who5");
	assert_true(s->recruiting);
	assert_int_equal(stat(s->key_file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, 65);
	assert_int_equal(stat(t->conf->study_keys, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	study_free(s);
}

/*
 * Consents: 35 synthetic patients and ana, nuria, sofia and marta give
 * the pilot's research use, pere declines it; every patient has decided
 * care and community, marta expert; each decision recorded by herself.
 */
static void
test_consents(void **state)
{
	struct th	*t = *state;
	struct account	*pere = find(t, "pere"), *ana = find(t, "ana");
	struct account	*marta = find(t, "marta");
	int64_t		*ids = NULL;
	size_t		 n = 0;
	sqlite3		*sq = th_raw(t);
	bool		 ok;

	assert_int_equal(consent_research_ids(t->db, STUDY, &ids, &n), ST_OK);
	assert_int_equal(n, 35 + 4);
	assert_false(has(ids, n, pere->id));
	assert_true(has(ids, n, ana->id));
	assert_true(has(ids, n, marta->id));
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM accounts WHERE "
	    "pseudonym LIKE 'synthetic-%' AND id IN (SELECT account_id FROM "
	    "consents c WHERE purpose = 3 AND study = 'mirall_pilot' AND "
	    "given = 1)"), 35);
	assert_int_equal(consent_given(t->db, pere->id, CONSENT_RESEARCH,
	    STUDY, &ok), ST_OK);
	assert_false(ok);
	assert_int_equal(consent_given(t->db, marta->id, CONSENT_EXPERT, NULL,
	    &ok), ST_OK);
	assert_true(ok);
	/* Every patient and expert decided care, community and the study. */
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM accounts a "
	    "WHERE role IN (0, 1) AND (SELECT count(DISTINCT purpose || "
	    "study) FROM consents c WHERE c.account_id = a.id AND (purpose "
	    "IN (0, 1) OR (purpose = 3 AND study = 'mirall_pilot'))) = 3"),
	    SYNTHETIC + 5);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM consents WHERE "
	    "recorded_by IS NOT account_id"), 0);
	sqlite3_close(sq);
	free(ids);
	account_free(pere);
	account_free(ana);
	account_free(marta);
}

/*
 * The study's outcome report has real figures: enough eligible patients,
 * improvement shown (not suppressed) both ways, fewer completers than
 * eligible, WHO-5 up, modules counted; the whole service counts more.
 */
static void
test_outcomes(void **state)
{
	struct th		*t = *state;
	struct outcome_report	 r, all;
	struct actor		 op = th_operator();

	assert_int_equal(outcome_compute(t->db, t->conf, &op, OUTCOME_STUDY,
	    STUDY, &r), ST_OK);
	assert_true(r.eligible >= 20);
	assert_true(r.completers < r.eligible);
	assert_false(r.improved_itt.suppressed);
	assert_int_equal(r.improved_itt.n, r.eligible);
	assert_true(r.improved_itt.k >= OUTCOME_MIN_CELL);
	/* About 55 to 65% of them improve reliably. */
	assert_true(r.improved_itt.k * 100 >= 50 * r.eligible);
	assert_true(r.improved_itt.k * 100 <= 70 * r.eligible);
	assert_false(r.improved_completers.suppressed);
	assert_int_equal(r.improved_completers.n, r.completers);
	assert_false(r.recovered.suppressed);
	assert_false(r.who5_change.suppressed);
	assert_true(r.who5_change.value > 0.0);
	assert_false(r.who5_improved10.suppressed);
	assert_false(r.modules_completed.suppressed);
	assert_true(r.modules_completed.k > 0);
	assert_true(r.modules_completed.k < r.modules_completed.n);
	assert_false(r.forms_in_window.suppressed);

	assert_int_equal(outcome_compute(t->db, t->conf, &op, OUTCOME_SERVICE,
	    NULL, &all), ST_OK);
	assert_int_equal(all.patients, SYNTHETIC + 5);
	assert_int_equal(all.eligible, 34);
	assert_true(all.eligible > r.eligible);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_synthetic_patients),
		cmocka_unit_test(test_synthetic_histories),
		cmocka_unit_test(test_study),
		cmocka_unit_test(test_consents),
		cmocka_unit_test(test_outcomes),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
