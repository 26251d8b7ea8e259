/*
 * test_study.c: research studies.  A study's record ids are stable in
 * the study, different across studies, ten characters of base32 and
 * exactly the first ten of base32(HMAC-SHA-256(key, decimal id)), which
 * the test computes itself from the key file with libsodium and a base32
 * of its own.  The key file is 0600 in a 0700 directory, never replaced,
 * and refused once others may read it.  Window keys for every kind of
 * window, the default event names, and the checks of study_create.
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

/* setup opens a database, loads the shipped questionnaires, sets keys. */
static int
setup(void **state)
{
	struct th	*t;

	if (th_setup(state) != 0)
		return -1;
	t = *state;
	if (th_instruments(t) != 0)
		return -1;
	free(t->conf->study_keys);
	xasprintf(&t->conf->study_keys, "%s/keys/studies", t->dir);
	return 0;
}

/* teardown removes the study keys, then the database. */
static int
teardown(void **state)
{
	struct th	*t = *state;
	char		*cmd;

	xasprintf(&cmd, "rm -rf '%s/keys/studies'", t->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	instruments_free();
	return th_teardown(state);
}

/* study_new describes a study of phq9 and gad7 without events. */
static struct study *
study_new(const char *id)
{
	struct study	*s;

	s = xcalloc(1, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", id);
	s->title = xstrdup("A test study");
	s->protocol = xstrdup("1.0");
	s->instruments = xcalloc(2, sizeof *s->instruments);
	s->instruments[0] = xstrdup("phq9");
	s->instruments[1] = xstrdup("gad7");
	s->ninstruments = 2;
	s->recruiting = true;
	return s;
}

/* create registers a study and returns create's status. */
static int
create(struct th *t, const struct actor *a, struct study *s)
{
	char	*err = NULL;
	int	 st;

	st = study_create(t->db, t->conf, a, s, &err);
	if (st == ST_OK)
		assert_null(err);
	else
		assert_non_null(err);
	free(err);
	return st;
}

/* make creates study id as the operator and reads it back. */
static struct study *
make(struct th *t, const char *id)
{
	struct actor	 op = th_operator();
	struct study	*s = study_new(id), *got = NULL;

	assert_int_equal(create(t, &op, s), ST_OK);
	study_free(s);
	assert_int_equal(study_get(t->db, id, &got), ST_OK);
	return got;
}

/* my_base32 is an independent RFC 4648 base32 of the first 10 chars. */
static void
my_base32(const unsigned char *in, char out[11])
{
	const char	*abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	uint64_t	 v = 0;
	int		 i;

	/* 10 characters are 50 bits: the first 7 bytes hold them. */
	for (i = 0; i < 7; i++)
		v = (v << 8) | in[i];
	v >>= 6;
	for (i = 9; i >= 0; i--) {
		out[i] = abc[v & 31];
		v >>= 5;
	}
	out[10] = '\0';
}

/* expected computes the record id of patient from the key file. */
static void
expected(const char *keyfile, int64_t patient, char out[11])
{
	unsigned char	 key[32], mac[32];
	char		 hex[80], num[32];
	FILE		*f;

	assert_non_null(f = fopen(keyfile, "r"));
	assert_non_null(fgets(hex, sizeof hex, f));
	fclose(f);
	assert_int_equal(strlen(hex), 65);
	assert_int_equal(hex[64], '\n');
	assert_int_equal(sodium_hex2bin(key, sizeof key, hex, 64, NULL, NULL,
	    NULL), 0);
	snprintf(num, sizeof num, "%lld", (long long)patient);
	crypto_auth_hmacsha256(mac, (unsigned char *)num, strlen(num), key);
	my_base32(mac, out);
}

/* Record ids: the known answer, stable, unlinkable across studies. */
static void
test_record_ids(void **state)
{
	struct th	*t = *state;
	struct study	*a, *b;
	char		 id1[11], id2[11], idb[11], want[11];
	int64_t		 ana, pere;

	ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	pere = th_account(t, "pere", ROLE_PATIENT, NULL);
	a = make(t, "alpha");
	b = make(t, "beta_2");
	assert_int_equal(study_record_id(a, ana, id1), ST_OK);
	assert_int_equal(strlen(id1), STUDY_RECORD_ID_LEN);
	assert_int_equal(strspn(id1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 10);
	expected(a->key_file, ana, want);
	assert_string_equal(id1, want);
	assert_int_equal(study_record_id(a, ana, id2), ST_OK);
	assert_string_equal(id1, id2);
	assert_int_equal(study_record_id(a, pere, id2), ST_OK);
	assert_string_not_equal(id1, id2);
	expected(a->key_file, pere, want);
	assert_string_equal(id2, want);
	assert_int_equal(study_record_id(b, ana, idb), ST_OK);
	assert_string_not_equal(id1, idb);
	expected(b->key_file, ana, want);
	assert_string_equal(idb, want);
	study_free(a);
	study_free(b);
}

/* The key file: 0600 in 0700, never replaced, refused when readable. */
static void
test_key_file(void **state)
{
	struct th	*t = *state;
	struct actor	 op = th_operator();
	struct study	*a, *s;
	struct stat	 sb;
	char		 rec[11], *path;
	FILE		*f;

	a = make(t, "alpha");
	xasprintf(&path, "%s/alpha.key", t->conf->study_keys);
	assert_string_equal(a->key_file, path);
	free(path);
	assert_int_equal(stat(a->key_file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(t->conf->study_keys, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);

	/* The same id again: refused, the key untouched. */
	s = study_new("alpha");
	assert_int_equal(create(t, &op, s), ST_EXISTS);
	study_free(s);

	/* A key file already there (a lost database?): never replaced. */
	xasprintf(&path, "%s/gamma.key", t->conf->study_keys);
	assert_non_null(f = fopen(path, "w"));
	fputs("old\n", f);
	fclose(f);
	s = study_new("gamma");
	assert_int_equal(create(t, &op, s), ST_EXISTS);
	study_free(s);
	assert_true(th_path_holds(path, "old"));
	assert_int_equal(study_get(t->db, "gamma", &s), ST_NOTFOUND);
	free(path);

	/* Group-readable: refused. */
	assert_int_equal(study_record_id(a, 1, rec), ST_OK);
	assert_int_equal(chmod(a->key_file, 0640), 0);
	assert_int_equal(study_record_id(a, 1, rec), ST_INVALID);
	assert_int_equal(chmod(a->key_file, 0604), 0);
	assert_int_equal(study_record_id(a, 1, rec), ST_INVALID);
	assert_int_equal(chmod(a->key_file, 0600), 0);
	assert_int_equal(study_record_id(a, 1, rec), ST_OK);
	study_free(a);
}

/* A key directory that is the database's own is refused. */
static void
test_key_dir_beside_database(void **state)
{
	struct th	*t = *state;
	struct actor	 op = th_operator();
	struct study	*s;

	free(t->conf->study_keys);
	t->conf->study_keys = xstrdup(t->dir);
	s = study_new("alpha");
	assert_int_equal(create(t, &op, s), ST_INVALID);
	study_free(s);
	assert_false(th_file_holds(t, "alpha.key", ""));
	free(t->conf->study_keys);
	xasprintf(&t->conf->study_keys, "%s/keys/studies", t->dir);
}

/* What study_create checks before anything is created. */
static void
test_create_checks(void **state)
{
	struct th	*t = *state;
	struct actor	 op = th_operator(), admin, pro, res;
	struct study	*s;
	static const char *bad_ids[] = {
		"Alpha", "1alpha", "_alpha", "al-pha", "al pha", "",
	};
	sqlite3		*sq;
	size_t		 i;

	admin = th_actor(th_account(t, "admin", ROLE_ADMIN, NULL),
	    ROLE_ADMIN, "admin");
	pro = th_actor(th_account(t, "laia", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "laia");
	res = th_actor(th_account(t, "recerca", ROLE_RESEARCHER, NULL),
	    ROLE_RESEARCHER, "recerca");
	for (i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
		s = study_new("x");
		snprintf(s->id, sizeof s->id, "%s", bad_ids[i]);
		assert_int_equal(create(t, &op, s), ST_INVALID);
		study_free(s);
	}
	/* 32 characters is the longest. */
	s = study_new("a2345678901234567890123456789012");
	assert_int_equal(create(t, &op, s), ST_OK);
	study_free(s);

	s = study_new("notitle");
	free(s->title);
	s->title = xstrdup("");
	assert_int_equal(create(t, &op, s), ST_INVALID);
	free(s->title);
	s->title = NULL;
	assert_int_equal(create(t, &op, s), ST_INVALID);
	study_free(s);

	s = study_new("noproto");
	free(s->protocol);
	s->protocol = NULL;
	assert_int_equal(create(t, &op, s), ST_INVALID);
	study_free(s);

	s = study_new("unknown");
	free(s->instruments[1]);
	s->instruments[1] = xstrdup("nosuch");
	assert_int_equal(create(t, &op, s), ST_INVALID);
	study_free(s);

	s = study_new("toomany");
	for (i = 0; s->ninstruments <= STUDY_INSTRUMENTS_MAX; i++) {
		s->instruments = xreallocarray(s->instruments,
		    s->ninstruments + 1, sizeof *s->instruments);
		s->instruments[s->ninstruments++] = xstrdup("who5");
	}
	assert_int_equal(create(t, &op, s), ST_INVALID);
	study_free(s);

	s = study_new("bad_window");
	s->events = xcalloc(1, sizeof *s->events);
	s->events[0].window = xstrdup("programme+4x");
	s->events[0].event = xstrdup("week_04_arm_1");
	s->nevents = 1;
	assert_int_equal(create(t, &op, s), ST_INVALID);
	free(s->events[0].window);
	s->events[0].window = xstrdup("programme+4w");
	free(s->events[0].event);
	s->events[0].event = xstrdup("Week 4");
	assert_int_equal(create(t, &op, s), ST_INVALID);
	free(s->events[0].event);
	s->events[0].event = xstrdup("week_04_arm_1");

	/* Only an admin or the operator registers one. */
	assert_int_equal(create(t, &pro, s), ST_DENIED);
	assert_int_equal(create(t, &res, s), ST_DENIED);
	assert_int_equal(create(t, &admin, s), ST_OK);
	study_free(s);
	sq = th_raw(t);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM audit WHERE "
	    "action = 'study.create'"), 2);
	sqlite3_close(sq);
}

/* window checks one window key. */
static void
window(struct th *t, const char *w, const char *instrument, const char *want)
{
	char	out[SCHEDULE_WINDOW_MAX];
	int	st;

	st = study_window_key(t->conf, w, instrument, out, sizeof out);
	if (want == NULL)
		assert_int_equal(st, ST_NOTFOUND);
	else {
		assert_int_equal(st, ST_OK);
		assert_string_equal(out, want);
	}
}

/* Window keys of every form of window, programme repeats included. */
static void
test_window_keys(void **state)
{
	struct th	*t = *state;

	/* The default schedule: phq4 every 2w, phq9 every 4w; who5 1mo. */
	window(t, "enrolment", "phq9", "enrolment");
	window(t, "end 2026-03-02", "gad7", "end");
	window(t, "followup 2026-03-02 +3mo", "phq9", "followup+3mo");
	window(t, "followup 2026-03-02 +12mo", "who5", "followup+12mo");
	window(t, "programme 2026-03-02 #1", "phq4", "programme+2w");
	window(t, "programme 2026-03-02 #2", "phq4", "programme+4w");
	window(t, "programme 2026-03-02 #1", "phq9", "programme+4w");
	window(t, "programme 2026-03-02 #3", "phq9", "programme+12w");
	window(t, "community 2026-01-05 #2", "who5", "community+2mo");
	window(t, "community 2026-01-05 #1", "distress", "community+1mo");
	/* Not repeated in that phase, sent ad hoc, or not a window. */
	window(t, "programme 2026-03-02 #1", "who5", NULL);
	window(t, "community 2026-01-05 #1", "phq9", NULL);
	window(t, "sent 1767225600", "phq9", NULL);
	window(t, "test 1", "phq9", NULL);
	window(t, "programme 2026-03-02 #x", "phq4", NULL);

	/* A deployment repeating in days. */
	t->conf->schedule.programme[0].every = 10;
	t->conf->schedule.programme[0].unit = SCHEDULE_DAYS;
	window(t, "programme 2026-03-02 #2", "phq4", "programme+20d");
}

/* event checks the event a window key goes to in s. */
static void
event(const struct study *s, const char *key, const char *want, int *order)
{
	char	out[STUDY_EVENT_MAX + 1];
	int	st;

	st = study_event_for(s, key, out, sizeof out, order);
	if (want == NULL)
		assert_int_equal(st, ST_NOTFOUND);
	else {
		assert_int_equal(st, ST_OK);
		assert_string_equal(out, want);
	}
}

/* Default event names, and a study's own map in its order. */
static void
test_events(void **state)
{
	struct th	*t = *state;
	struct actor	 op = th_operator();
	struct study	*s, *got;
	int		 o1, o2, o3, o4;

	s = make(t, "defaults");
	assert_int_equal(s->nevents, 0);
	event(s, "enrolment", "baseline_arm_1", &o1);
	event(s, "programme+4w", "week_04_arm_1", &o2);
	event(s, "end", "end_arm_1", &o3);
	event(s, "followup+3mo", "fu_03m_arm_1", &o4);
	assert_true(o1 < o2 && o2 < o3 && o3 < o4);
	event(s, "programme+12w", "week_12_arm_1", &o1);
	assert_true(o2 < o1);
	event(s, "community+2mo", "month_02_arm_1", &o1);
	event(s, "sent", NULL, &o1);
	study_free(s);

	s = study_new("mapped");
	s->events = xcalloc(2, sizeof *s->events);
	s->events[0].window = xstrdup("enrolment");
	s->events[0].event = xstrdup("t0_arm_1");
	s->events[1].window = xstrdup("followup+6mo");
	s->events[1].event = xstrdup("t1_arm_1");
	s->nevents = 2;
	assert_int_equal(create(t, &op, s), ST_OK);
	study_free(s);
	assert_int_equal(study_get(t->db, "mapped", &got), ST_OK);
	assert_int_equal(got->nevents, 2);
	assert_int_equal(got->ninstruments, 2);
	assert_string_equal(got->instruments[1], "gad7");
	event(got, "enrolment", "t0_arm_1", &o1);
	event(got, "followup+6mo", "t1_arm_1", &o2);
	assert_true(o1 < o2);
	event(got, "followup+3mo", NULL, &o1);
	event(got, "programme+4w", NULL, &o1);
	study_free(got);
}

/* study_list, and who may list a study's exports. */
static void
test_list_and_exports(void **state)
{
	struct th		*t = *state;
	struct study		**list, *s;
	struct study_export_row	*ex;
	struct actor		 op = th_operator(), pro, res, pat;
	size_t			 n;

	s = make(t, "one");
	study_free(s);
	s = make(t, "two");
	study_free(s);
	assert_int_equal(study_list(t->db, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_true(list[0]->recruiting);
	study_free_list(list, n);

	pro = th_actor(th_account(t, "laia", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "laia");
	res = th_actor(th_account(t, "recerca", ROLE_RESEARCHER, NULL),
	    ROLE_RESEARCHER, "recerca");
	pat = th_actor(th_account(t, "ana", ROLE_PATIENT, NULL),
	    ROLE_PATIENT, "ana");
	assert_int_equal(study_exports(t->db, &pro, "one", &ex, &n),
	    ST_DENIED);
	assert_int_equal(study_exports(t->db, &pat, "one", &ex, &n),
	    ST_DENIED);
	assert_int_equal(study_exports(t->db, &res, "one", &ex, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(study_exports(t->db, &op, "one", &ex, &n), ST_OK);
	study_export_rows_free(ex, n);
}

/*
 * Closing recruitment: admins and the operator only, audited; a closed
 * study is no longer asked at login, and those who agreed stay in it.
 */
static void
test_close_recruiting(void **state)
{
	struct th		*t = *state;
	struct study		*s;
	struct actor		 op = th_operator(), res, pat;
	struct audit_entry	*e;
	struct consent_state	*list;
	struct consent_row	 c = { .purpose = CONSENT_RESEARCH,
				       .study = "one", .given = true,
				       .version = 1, .hash = "h",
				       .language = "en" };
	size_t			 n, i;
	int64_t			*ids, row;
	bool			 asked;

	s = make(t, "one");
	study_free(s);
	res = th_actor(th_account(t, "recerca", ROLE_RESEARCHER, NULL),
	    ROLE_RESEARCHER, "recerca");
	pat = th_actor(th_account(t, "ana", ROLE_PATIENT, NULL),
	    ROLE_PATIENT, "ana");
	c.at = db_now();
	assert_int_equal(consents_add(t->db, pat.id, &c, &row), ST_OK);
	assert_int_equal(study_set_recruiting(t->db, &res, "one", false),
	    ST_DENIED);
	assert_int_equal(study_set_recruiting(t->db, &op, "none", false),
	    ST_NOTFOUND);
	assert_int_equal(study_set_recruiting(t->db, &op, "one", false),
	    ST_OK);
	e = th_audit_last(t);
	assert_string_equal(e->action, "study.close");
	audit_entry_free(e);
	assert_int_equal(study_get(t->db, "one", &s), ST_OK);
	assert_false(s->recruiting);
	study_free(s);
	/* Still in it. */
	assert_int_equal(consent_research_ids(t->db, "one", &ids, &n), ST_OK);
	assert_int_equal(n, 1);
	free(ids);
	/* A new patient is not asked. */
	pat = th_actor(th_account(t, "pere", ROLE_PATIENT, NULL),
	    ROLE_PATIENT, "pere");
	assert_int_equal(consent_pending(t->db, &pat, pat.id, &list, &n),
	    ST_OK);
	for (i = 0, asked = false; i < n; i++)
		asked |= list[i].purpose == CONSENT_RESEARCH;
	assert_false(asked);
	consent_states_free(list, n);
	assert_int_equal(study_set_recruiting(t->db, &op, "one", true),
	    ST_OK);
	assert_int_equal(consent_pending(t->db, &pat, pat.id, &list, &n),
	    ST_OK);
	for (i = 0, asked = false; i < n; i++)
		asked |= list[i].purpose == CONSENT_RESEARCH;
	assert_true(asked);
	consent_states_free(list, n);
}

/* The lists the CLI and the admin screen read, before study_create. */
static void
test_add_lists(void **state)
{
	struct study	*s;

	(void)state;
	s = xcalloc(1, sizeof *s);
	study_add_instruments(s, " phq9,gad7\twho5 ");
	assert_int_equal(s->ninstruments, 3);
	assert_string_equal(s->instruments[0], "phq9");
	assert_string_equal(s->instruments[2], "who5");
	study_add_instruments(s, "");
	assert_int_equal(s->ninstruments, 3);
	assert_int_equal(study_add_event(s, "enrolment=baseline_arm_1"),
	    ST_OK);
	assert_int_equal(study_add_event(s, "=x"), ST_OK);	/* create refuses */
	assert_int_equal(study_add_event(s, "no_equals"), ST_INVALID);
	assert_int_equal(s->nevents, 2);
	assert_string_equal(s->events[0].window, "enrolment");
	assert_string_equal(s->events[0].event, "baseline_arm_1");
	assert_string_equal(s->events[1].window, "");
	study_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_record_ids, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_key_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_key_dir_beside_database,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_checks, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_window_keys, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
		cmocka_unit_test(test_add_lists),
		cmocka_unit_test_setup_teardown(test_close_recruiting, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list_and_exports, setup,
		    teardown),
	};

	if (sodium_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
