/*
 * test_export.c: a study's export in REDCap's formats.  The dictionary
 * has REDCap's 18 columns and every shipped instrument's variables are
 * names REDCap takes; choices read "0, Not at all | 1, Several days".
 * Only consenting patients are in it (never one who declined or
 * withdrew); a missed form carries NASK and <form>_complete 0, a skipped
 * item ASKU; no free text ever (a phrase written into a post, a message
 * and an exercise answer is in no exported file); the manifest's counts
 * match the files; an export is audited and never overwritten.
 * Consents are rows written with SQL, as a decision recorded earlier.
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

#define PHRASE	"periwinkle-zeppelin-quartz-7741"
#define DAY	86400

/* The people and the study of one test. */
struct world {
	struct th	*t;
	struct actor	 op;
	int64_t		 ana;		/* consents, answers */
	int64_t		 pere;		/* declined */
	int64_t		 marta;		/* consented, withdrew */
	int64_t		 nuria;		/* never asked */
	char		 ana_id[11];
	char		 pere_id[11];
	char		 marta_id[11];
	char		*out;
};

/* sql_count runs a counting query on a raw connection. */
static int64_t
sql_count(struct th *t, const char *q)
{
	sqlite3	*sq = th_raw(t);
	int64_t	 n;

	n = th_raw_int(sq, q);
	sqlite3_close(sq);
	return n;
}

/* consent records a research decision for study. */
static void
consent(struct th *t, int64_t who, const char *study, int given)
{
	th_sql(t, "INSERT INTO consents (account_id, purpose, study, given, "
	    "text_version, text_hash, language, at) VALUES (%lld, %d, '%s', "
	    "%d, 1, 'test', 'en', %lld)", (long long)who, CONSENT_RESEARCH,
	    study, given, (long long)db_now());
}

/* form gives patient a form of instrument in window; its id. */
static int64_t
form(struct th *t, int64_t patient, const char *instrument, const char *window)
{
	int64_t	id = 0, now = db_now();

	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(forms_ensure(t->db, patient, instrument, window,
	    now - DAY, now + 6 * DAY, 0, &id), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	return id;
}

/*
 * answer completes form id with values for items 1..n (INT_MIN: left
 * unanswered), completed days after enrolment.
 */
static void
answer(struct th *t, int64_t id, const int *v, int n, int64_t at)
{
	int	i;

	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(forms_start(t->db, id, 1, "en", "test"), ST_OK);
	for (i = 0; i < n; i++)
		if (v[i] != INT_MIN)
			assert_int_equal(forms_answer(t->db, id, i + 1, v[i],
			    i), ST_OK);
	assert_int_equal(forms_complete(t->db, id, at), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
}

/* free_text writes the phrase into a post, a message and an exercise. */
static void
free_text(struct th *t, int64_t who)
{
	int64_t	now = db_now();

	th_sql(t, "INSERT INTO boards (name, position, read_roles, post_roles, "
	    "created_at) VALUES ('b', 1, 1, 1, %lld)", (long long)now);
	th_sql(t, "INSERT INTO threads (board_id, title, author_id, created_at) "
	    "VALUES (1, 'Title " PHRASE "', %lld, %lld)", (long long)who,
	    (long long)now);
	th_sql(t, "INSERT INTO posts (thread_id, board_id, author_id, "
	    "author_role, body, created_at) VALUES (1, 1, %lld, 0, 'Body "
	    PHRASE "', %lld)", (long long)who, (long long)now);
	th_sql(t, "UPDATE threads SET first_post_id = 1");
	th_sql(t, "INSERT INTO posts (thread_id, board_id, author_id, "
	    "author_role, body, created_at) VALUES (1, 1, %lld, 0, 'Reply "
	    PHRASE "', %lld)", (long long)who, (long long)now);
	th_sql(t, "INSERT INTO conversations (kind, patient_id, created_by, "
	    "created_at, last_at, subject) VALUES (0, %lld, %lld, %lld, %lld, "
	    "CAST('Subject " PHRASE "' AS BLOB))", (long long)who,
	    (long long)who, (long long)now, (long long)now);
	th_sql(t, "INSERT INTO messages (conversation_id, author_id, created_at, "
	    "body) VALUES (1, %lld, %lld, CAST('Message " PHRASE "' AS "
	    "BLOB))", (long long)who, (long long)now);
	th_sql(t, "INSERT INTO module_assignments (patient_id, module, "
	    "assigned_at) VALUES (%lld, 'm', %lld)", (long long)who,
	    (long long)now);
	th_sql(t, "INSERT INTO exercise_answers (assignment_id, exercise, kind, "
	    "session, answer, created_at, updated_at, submitted_at) VALUES "
	    "(1, 'e', 0, 0, CAST('Exercise " PHRASE "' AS BLOB), %lld, %lld, "
	    "%lld)", (long long)now, (long long)now, (long long)now);
	th_sql(t, "INSERT INTO module_events (patient_id, assignment_id, kind, "
	    "session, exercise, at) VALUES (%lld, 1, 'exercise.submit', 0, "
	    "'e', %lld)", (long long)who, (long long)now);
	th_sql(t, "INSERT INTO audit (at, actor_id, actor_name, actor_role, "
	    "action, allowed, source, prev_hash, hash) VALUES (%lld, %lld, "
	    "'ana', 'patient', 'login', 1, 'x', '', '')", (long long)now,
	    (long long)who);
}

/* setup: questionnaires, a study, four patients and their forms. */
static int
setup(void **state)
{
	static const int phq9[] = { 1, 2, 0, 3, 1, 0, 2, 1, 0, INT_MIN };
	static const int gad7[] = { 1, 1, 1, 1, 1, 1, 1 };
	struct world	*w;
	struct th	*t;
	struct study	*s;
	char		*err = NULL;
	int64_t		 id, now = db_now();

	if (th_setup(state) != 0)
		return -1;
	t = *state;
	w = xcalloc(1, sizeof *w);
	w->t = t;
	*state = w;
	if (th_instruments(t) != 0)
		return -1;
	free(t->conf->study_keys);
	xasprintf(&t->conf->study_keys, "%s/keys/studies", t->dir);
	w->op = th_operator();
	s = xcalloc(1, sizeof *s);
	snprintf(s->id, sizeof s->id, "pilot");
	s->title = xstrdup("Pilot, \"distress\" and QoL");
	s->protocol = xstrdup("1.0");
	s->instruments = xcalloc(3, sizeof *s->instruments);
	s->instruments[0] = xstrdup("phq9");
	s->instruments[1] = xstrdup("gad7");
	s->instruments[2] = xstrdup("distress");
	s->ninstruments = 3;
	assert_int_equal(study_create(t->db, t->conf, &w->op, s, &err), ST_OK);
	w->ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	w->pere = th_account(t, "pere", ROLE_PATIENT, NULL);
	w->marta = th_account(t, "marta", ROLE_EXPERT, NULL);
	w->nuria = th_account(t, "nuria", ROLE_PATIENT, NULL);
	assert_int_equal(study_record_id(s, w->ana, w->ana_id), ST_OK);
	assert_int_equal(study_record_id(s, w->pere, w->pere_id), ST_OK);
	assert_int_equal(study_record_id(s, w->marta, w->marta_id), ST_OK);
	study_free(s);
	/* Enrolled ten days ago. */
	th_sql(t, "UPDATE accounts SET created_at = %lld", (long long)(now -
	    10 * DAY));
	consent(t, w->ana, "pilot", 1);
	consent(t, w->pere, "pilot", 0);
	consent(t, w->marta, "pilot", 1);
	consent(t, w->marta, "pilot", 0);
	consent(t, w->nuria, "other", 1);

	/* ana: PHQ-9 at enrolment (item 10 skipped), GAD-7 missed. */
	id = form(t, w->ana, "phq9", "enrolment");
	answer(t, id, phq9, 10, now - 9 * DAY);
	id = form(t, w->ana, "gad7", "enrolment");
	th_sql(t, "UPDATE forms SET state = 3 WHERE id = %lld", (long long)id);
	/* A programme PHQ-9 (#1: four weeks), and one sent ad hoc. */
	id = form(t, w->ana, "phq9", "programme 2026-01-05 #1");
	answer(t, id, phq9, 9, now - 2 * DAY);
	id = form(t, w->ana, "phq9", "sent 12345");
	answer(t, id, phq9, 9, now - DAY);
	/* An item checklist: physical and family chosen (bits 0 and 3). */
	id = form(t, w->ana, "distress", "enrolment");
	answer(t, id, (const int[]){ 6, 9 }, 2, now - 9 * DAY);
	/* The others answered too: they must not show. */
	id = form(t, w->pere, "gad7", "enrolment");
	answer(t, id, gad7, 7, now - 9 * DAY);
	id = form(t, w->marta, "gad7", "enrolment");
	answer(t, id, gad7, 7, now - 9 * DAY);
	free_text(t, w->ana);
	xasprintf(&w->out, "%s/export1", t->dir);
	return 0;
}

/* teardown removes the exports and the keys, then the database. */
static int
teardown(void **state)
{
	struct world	*w = *state;
	struct th	*t = w->t;
	char		*cmd;

	xasprintf(&cmd, "rm -rf '%s/keys/studies' '%s'/export*", t->dir,
	    t->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(w->out);
	free(w);
	instruments_free();
	*state = t;
	return th_teardown(state);
}

/* slurp reads a file of the export into memory. */
static char *
slurp(const char *dir, const char *name)
{
	FILE	*f;
	char	*path, *buf;
	long	 len;

	xasprintf(&path, "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("%s: cannot open", path);
	free(path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)len + 1);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/*
 * csv_fields splits one CSV record at *p (RFC 4180) into fields, moving
 * *p past it; the number of fields, 0 at the end.
 */
static size_t
csv_fields(const char **p, char ***out)
{
	const char	*s = *p;
	char		*f;
	size_t		 n = 0, len;
	bool		 quoted;

	*out = NULL;
	if (*s == '\0')
		return 0;
	for (;;) {
		f = xmalloc(strlen(s) + 1);
		len = 0;
		quoted = *s == '"';
		if (quoted) {
			for (s++; *s != '\0'; s++) {
				if (*s == '"' && s[1] == '"')
					f[len++] = *s++;
				else if (*s == '"')
					break;
				else
					f[len++] = *s;
			}
			assert_int_equal(*s, '"');
			s++;
		} else
			while (*s != ',' && *s != '\r' && *s != '\n' &&
			    *s != '\0')
				f[len++] = *s++;
		f[len] = '\0';
		*out = xreallocarray(*out, n + 1, sizeof **out);
		(*out)[n++] = f;
		if (*s == ',') {
			s++;
			continue;
		}
		assert_true(s[0] == '\r' && s[1] == '\n');
		*p = s + 2;
		return n;
	}
}

/* fields_free frees csv_fields's list. */
static void
fields_free(char **f, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(f[i]);
	free(f);
}

/* column is the index of name in a header, which must hold it. */
static size_t
column(char **h, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(h[i], name) == 0)
			return i;
	fail_msg("no column %s", name);
	return 0;
}

/* export runs export_study as actor into dir; its status. */
static int
export(struct world *w, const struct actor *a, const char *dir,
    struct export_counts *c)
{
	char	*err = NULL;
	int	 st;

	st = export_study(w->t->db, w->t->conf, a, "pilot", dir, c, &err);
	if (st != ST_OK)
		assert_non_null(err);
	free(err);
	return st;
}

/* The dictionary's exact header and the variables' rules. */
static void
test_dictionary(void **state)
{
	static const char *header[] = {
		"Variable / Field Name", "Form Name", "Section Header",
		"Field Type", "Field Label",
		"Choices, Calculations, OR Slider Labels", "Field Note",
		"Text Validation Type OR Show Slider Number",
		"Text Validation Min", "Text Validation Max", "Identifier?",
		"Branching Logic (Show field only if...)", "Required Field?",
		"Custom Alignment", "Question Number (surveys only)",
		"Matrix Group Name", "Matrix Ranking?", "Field Annotation",
	};
	struct world		*w = *state;
	struct export_counts	 c;
	char			*dict, **f;
	const char		*p;
	size_t			 n, i, rows = 0;
	bool			 seen_phq9_1 = false, seen_box = false;

	assert_int_equal(export(w, &w->op, w->out, &c), ST_OK);
	p = dict = slurp(w->out, "pilot_datadictionary.csv");
	n = csv_fields(&p, &f);
	assert_int_equal(n, 18);
	for (i = 0; i < 18; i++)
		assert_string_equal(f[i], header[i]);
	fields_free(f, n);
	while ((n = csv_fields(&p, &f)) > 0) {
		rows++;
		assert_int_equal(n, 18);
		assert_true(study_name_valid(f[0], 26));
		if (rows == 1)
			assert_string_equal(f[0], "record_id");
		if (strcmp(f[0], "phq9_1") == 0) {
			seen_phq9_1 = true;
			assert_string_equal(f[1], "phq9");
			assert_string_equal(f[3], "radio");
			assert_string_equal(f[5], "0, Not at all | 1, Several "
			    "days | 2, More than half the days | 3, Nearly "
			    "every day");
			assert_non_null(strstr(f[6], "NASK"));
			assert_non_null(strstr(f[6], "ASKU"));
		}
		if (strcmp(f[0], "distress_2") == 0) {
			seen_box = true;
			assert_string_equal(f[3], "checkbox");
			assert_true(strncmp(f[5], "1, Physical", 11) == 0);
		}
		if (strcmp(f[0], "phq9_total") == 0) {
			assert_string_equal(f[3], "text");
			assert_string_equal(f[7], "integer");
			assert_string_equal(f[8], "0");
			assert_string_equal(f[9], "27");
		}
		/* REDCap makes <form>_complete itself. */
		assert_null(strstr(f[0], "_complete"));
		fields_free(f, n);
	}
	assert_true(seen_phq9_1 && seen_box);
	assert_int_equal((int64_t)rows, c.fields);
	free(dict);
}

/* Every shipped instrument's variables are names REDCap takes. */
static void
test_every_instrument(void **state)
{
	struct world		*w = *state;
	struct th		*t = w->t;
	struct study		*s;
	struct export_counts	 c;
	char			*err = NULL, *dict, **f, *dir;
	const char		*p;
	size_t			 i, n, rows = 0;

	s = xcalloc(1, sizeof *s);
	snprintf(s->id, sizeof s->id, "everything");
	s->title = xstrdup("Every questionnaire");
	s->protocol = xstrdup("2");
	assert_true(instrument_count() >= 7);
	for (i = 0; i < instrument_count(); i++) {
		s->instruments = xreallocarray(s->instruments, i + 1,
		    sizeof *s->instruments);
		s->instruments[s->ninstruments++] =
		    xstrdup(instrument_at(i)->id);
	}
	assert_int_equal(study_create(t->db, t->conf, &w->op, s, &err), ST_OK);
	study_free(s);
	consent(t, w->ana, "everything", 1);
	xasprintf(&dir, "%s/export_all", t->dir);
	assert_int_equal(export_study(t->db, t->conf, &w->op, "everything",
	    dir, &c, &err), ST_OK);
	assert_int_equal(c.records, 1);
	p = dict = slurp(dir, "everything_datadictionary.csv");
	n = csv_fields(&p, &f);
	fields_free(f, n);
	while ((n = csv_fields(&p, &f)) > 0) {
		rows++;
		assert_int_equal(n, 18);
		if (!study_name_valid(f[0], 26))
			fail_msg("%s: not a REDCap variable name", f[0]);
		fields_free(f, n);
	}
	assert_true(rows > 50);
	free(dict);
	free(dir);
}

/* Consent filtering, missed forms, skipped items and checklists. */
static void
test_records(void **state)
{
	struct world		*w = *state;
	struct export_counts	 c;
	char			*text, **h, **f;
	const char		*p;
	size_t			 nh, n, rows = 0;
	bool			 base = false, week = false;

	assert_int_equal(export(w, &w->op, w->out, &c), ST_OK);
	assert_int_equal(c.records, 1);
	assert_int_equal(c.rows, 2);
	p = text = slurp(w->out, "pilot_long.csv");
	nh = csv_fields(&p, &h);
	assert_string_equal(h[0], "record_id");
	assert_string_equal(h[1], "redcap_event_name");
	assert_string_equal(h[2], "redcap_repeat_instrument");
	assert_string_equal(h[3], "redcap_repeat_instance");
	while ((n = csv_fields(&p, &f)) > 0) {
		rows++;
		assert_int_equal(n, nh);
		assert_string_equal(f[0], w->ana_id);
		if (strcmp(f[1], "baseline_arm_1") == 0) {
			base = true;
			assert_int_equal(rows, 1);
			assert_string_equal(f[column(h, nh, "phq9_day")], "1");
			assert_string_equal(f[column(h, nh, "phq9_1")], "1");
			assert_string_equal(f[column(h, nh, "phq9_4")], "3");
			assert_string_equal(f[column(h, nh, "phq9_10")],
			    "ASKU");
			assert_string_equal(f[column(h, nh, "phq9_total")],
			    "10");
			assert_string_equal(f[column(h, nh, "phq9_complete")],
			    "2");
			assert_string_equal(f[column(h, nh, "gad7_1")], "NASK");
			assert_string_equal(f[column(h, nh, "gad7_total")],
			    "NASK");
			assert_string_equal(f[column(h, nh, "gad7_day")],
			    "NASK");
			assert_string_equal(f[column(h, nh, "gad7_complete")],
			    "0");
			assert_string_equal(f[column(h, nh,
			    "distress_1")], "6");
			assert_string_equal(f[column(h, nh,
			    "distress_2___1")], "1");
			assert_string_equal(f[column(h, nh,
			    "distress_2___2")], "0");
			assert_string_equal(f[column(h, nh,
			    "distress_2___4")], "1");
		} else {
			assert_string_equal(f[1], "week_04_arm_1");
			week = true;
			assert_string_equal(f[column(h, nh, "phq9_day")], "8");
			assert_string_equal(f[column(h, nh, "gad7_1")], "");
			assert_string_equal(f[column(h, nh, "gad7_complete")],
			    "");
		}
		fields_free(f, n);
	}
	fields_free(h, nh);
	assert_true(base && week);
	assert_null(strstr(text, w->pere_id));
	assert_null(strstr(text, w->marta_id));
	free(text);

	/* The wide file: one row, variables suffixed by event. */
	p = text = slurp(w->out, "pilot_wide.csv");
	nh = csv_fields(&p, &h);
	column(h, nh, "phq9_total_baseline");
	column(h, nh, "phq9_total_week_04");
	column(h, nh, "gad7_complete_baseline");
	n = csv_fields(&p, &f);
	assert_int_equal(n, nh);
	assert_string_equal(f[0], w->ana_id);
	assert_string_equal(f[column(h, nh, "phq9_total_baseline")], "10");
	assert_string_equal(f[column(h, nh, "gad7_1_baseline")], "NASK");
	fields_free(f, n);
	assert_int_equal(csv_fields(&p, &f), 0);
	fields_free(h, nh);
	free(text);
}

/* Engagement counts, no free text anywhere, the manifest, the audit. */
static void
test_engagement_text_manifest(void **state)
{
	static const char *files[] = {
		"pilot_datadictionary.csv", "pilot_long.csv",
		"pilot_wide.csv", "pilot_engagement.csv", "manifest.json",
	};
	struct world		*w = *state;
	struct th		*t = w->t;
	struct export_counts	 c;
	char			*text, *path, want[64];
	size_t			 i;

	assert_int_equal(export(w, &w->op, w->out, &c), ST_OK);
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		xasprintf(&path, "%s/%s", w->out, files[i]);
		assert_false(th_path_holds(path, PHRASE));
		assert_false(th_path_holds(path, "ana"));
		free(path);
	}
	text = slurp(w->out, "pilot_engagement.csv");
	assert_true(strncmp(text, "record_id,day,event_type,count\r\n",
	    32) == 0);
	snprintf(want, sizeof want, "%s,10,post,1\r\n", w->ana_id);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof want, "%s,10,reply,1\r\n", w->ana_id);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof want, "%s,10,message_to_staff,1\r\n",
	    w->ana_id);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof want, "%s,10,exercise_submit,1\r\n", w->ana_id);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof want, "%s,10,login,1\r\n", w->ana_id);
	assert_non_null(strstr(text, want));
	free(text);

	text = slurp(w->out, "manifest.json");
	assert_non_null(strstr(text, "\"study\": \"pilot\""));
	assert_non_null(strstr(text, "\"title\": \"Pilot, \\\"distress\\\" "
	    "and QoL\""));
	assert_non_null(strstr(text, "\"protocol_version\": \"1.0\""));
	assert_non_null(strstr(text, "\"software\": \"Mirall " MIRALL_VERSION
	    "\""));
	assert_non_null(strstr(text, "\"participants\": 1,"));
	assert_non_null(strstr(text, "\"pilot_long.csv\": 2,"));
	assert_non_null(strstr(text, "\"pilot_wide.csv\": 1,"));
	assert_non_null(strstr(text, "\"NASK\""));
	assert_non_null(strstr(text, "\"total\": {\"variable\": "
	    "\"phq9_total\", \"convention\": \"0-27\""));
	free(text);

	assert_int_equal(sql_count(t, "SELECT count(*) FROM study_exports "
	    "WHERE study = 'pilot' AND records = 1 AND rows = 2"), 1);
	assert_int_equal(sql_count(t, "SELECT count(*) FROM audit WHERE "
	    "action = 'export.study' AND allowed = 1"), 1);
}

/* Who may export; an export is never overwritten; withdrawal counts. */
static void
test_access_and_withdrawal(void **state)
{
	struct world		*w = *state;
	struct th		*t = w->t;
	struct export_counts	 c;
	struct actor		 pro, res, admin;
	struct study_export_row	*ex;
	struct stat		 sb;
	char			*dir, *text;
	size_t			 n;

	pro = th_actor(th_account(t, "laia", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "laia");
	admin = th_actor(th_account(t, "admin", ROLE_ADMIN, NULL),
	    ROLE_ADMIN, "admin");
	res = th_actor(th_account(t, "recerca", ROLE_RESEARCHER, NULL),
	    ROLE_RESEARCHER, "recerca");
	assert_int_equal(export(w, &pro, w->out, &c), ST_DENIED);
	assert_int_equal(export(w, &admin, w->out, &c), ST_DENIED);
	assert_int_equal(stat(w->out, &sb), -1);
	assert_int_equal(sql_count(t, "SELECT count(*) FROM audit WHERE "
	    "action = 'export.study' AND allowed = 0"), 2);
	assert_int_equal(export(w, &res, w->out, &c), ST_OK);
	assert_int_equal(stat(w->out, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(export(w, &res, w->out, &c), ST_EXISTS);
	assert_int_equal(export_study(t->db, t->conf, &res, "nosuch",
	    w->out, &c, &text), ST_NOTFOUND);
	free(text);
	assert_int_equal(study_exports(t->db, &res, "pilot", &ex, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ex[0].by, "recerca");
	assert_int_equal(ex[0].records, 1);
	study_export_rows_free(ex, n);

	/* ana withdraws: the next export is empty. */
	consent(t, w->ana, "pilot", 0);
	xasprintf(&dir, "%s/export2", t->dir);
	assert_int_equal(export(w, &res, dir, &c), ST_OK);
	assert_int_equal(c.records, 0);
	assert_int_equal(c.rows, 0);
	text = slurp(dir, "pilot_long.csv");
	assert_null(strstr(text, w->ana_id));
	free(text);
	text = slurp(dir, "pilot_engagement.csv");
	assert_null(strstr(text, w->ana_id));
	free(text);
	free(dir);

	/* A group-readable key: refused, nothing written. */
	xasprintf(&dir, "%s/keys/studies/pilot.key", t->dir);
	assert_int_equal(chmod(dir, 0640), 0);
	free(dir);
	xasprintf(&dir, "%s/export3", t->dir);
	assert_int_equal(export(w, &res, dir, &c), ST_INVALID);
	assert_int_equal(stat(dir, &sb), -1);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dictionary, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_every_instrument, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_records, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_engagement_text_manifest,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_and_withdrawal,
		    setup, teardown),
	};

	if (sodium_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
