/*
 * test_rights.c: a patient's rights over her data (privacy spec,
 * "Patients' rights" and "Audit").
 *
 * The export is everything about her (answers and scores, posts,
 * messages opened, module answers opened, consents, alerts) as valid
 * JSON, and nobody else's post, message or pseudonym outside her own
 * conversations; only the operator or an admin runs it, audited.  The
 * access log shows her a professional's read of her messages, not her
 * own actions nor reads of another patient's data.  Forgetting shows her
 * posts as by "" (the UI's "former member") or deletes them, keeps the
 * clinical rows, withdraws community consent, disables the account and
 * is audited; nobody but the operator or an admin may ask it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

#define ALL_ROLES	(ROLE_BIT(ROLE_PATIENT) | ROLE_BIT(ROLE_EXPERT) | \
	ROLE_BIT(ROLE_PROFESSIONAL) | ROLE_BIT(ROLE_MODERATOR) | \
	ROLE_BIT(ROLE_ADMIN))

/* The people and the things they wrote. */
static struct {
	struct th	*t;
	struct actor	 ana, pere, laia, jordi, admin, recerca, op;
	int64_t		 board;
	int64_t		 ana_post, pere_reply, pere_post;
	int64_t		 ana_thread, ana_conv, pere_conv;
	int64_t		 form, assignment;
} w;

/* give records a consent decision of who as herself. */
static void
give(const struct actor *who, enum consent_purpose p, bool yes)
{
	assert_int_equal(consent_record(w.t->db, who, who->id, p, NULL, yes,
	    "en"), ST_OK);
}

/* post_thread starts a thread; returns its first post. */
static int64_t
post_thread(const struct actor *a, const char *title, const char *body,
    int64_t *thread)
{
	struct post_result	 res;
	char			*err = NULL;

	assert_int_equal(forum_new_thread(w.t->db, w.t->conf, a, w.board,
	    title, body, &res, &err), ST_OK);
	free(err);
	if (thread != NULL)
		*thread = res.thread_id;
	return res.post_id;
}

/* post_reply answers a thread; returns the post. */
static int64_t
post_reply(const struct actor *a, int64_t thread, const char *body)
{
	struct post_result	 res;
	char			*err = NULL;

	assert_int_equal(forum_reply(w.t->db, w.t->conf, a, thread, body,
	    &res, &err), ST_OK);
	free(err);
	return res.post_id;
}

/* start starts a conversation (to NULL: her care team). */
static int64_t
start(const struct actor *a, const char *to, const char *body)
{
	char	*err = NULL;
	int64_t	 id = 0;

	assert_int_equal(message_start(w.t->db, w.t->conf, a, to, "A question",
	    body, &id, &err), ST_OK);
	free(err);
	return id;
}

/* reply adds a message to a conversation. */
static void
reply(const struct actor *a, int64_t conv, const char *body)
{
	char	*err = NULL;
	int64_t	 id;

	assert_int_equal(message_reply(w.t->db, w.t->conf, a, conv, body, &id,
	    &err), ST_OK);
	free(err);
}

/* opens opens a conversation as a (a staff read is audited). */
static void
opens(const struct actor *a, int64_t conv)
{
	struct conversation	 *c = NULL;
	struct message		**m = NULL;
	size_t			  n = 0;

	assert_int_equal(message_open(w.t->db, a, conv, &c, &m, &n), ST_OK);
	conversation_free(c);
	messages_free_list(m, n);
}

/* make_form gives ana a completed PHQ-9: items 1-9 at 1, total 9. */
static void
make_form(void)
{
	const struct instrument	*in = instrument_find("phq9");
	char			*conv;
	int64_t			 now = db_now();
	int			 i;

	assert_non_null(in);
	conv = quest_convention(in);
	assert_int_equal(db_begin(w.t->db), ST_OK);
	assert_int_equal(forms_ensure(w.t->db, w.ana.id, "phq9", "enrolment",
	    now - 3600, now + 86400, 0, &w.form), ST_OK);
	assert_int_equal(forms_start(w.t->db, w.form, in->version, "en",
	    conv), ST_OK);
	for (i = 1; i <= 9; i++)
		assert_int_equal(forms_answer(w.t->db, w.form, i, 1, i),
		    ST_OK);
	assert_int_equal(forms_answer(w.t->db, w.form, 10, 0, 10), ST_OK);
	assert_int_equal(forms_complete(w.t->db, w.form, now), ST_OK);
	assert_int_equal(db_commit(w.t->db), ST_OK);
	free(conv);
}

/* make_module gives ana a module with one submitted text answer. */
static void
make_module(void)
{
	struct sealed	s;
	int64_t		ex, now = db_now();

	assert_int_equal(db_begin(w.t->db), ST_OK);
	assert_int_equal(assignments_create(w.t->db, w.ana.id, "worry", 1, 3,
	    0, w.laia.id, now, &w.assignment), ST_OK);
	assert_int_equal(exercises_create(w.t->db, w.assignment, "worry_list",
	    EX_TEXT, 0, now, &ex), ST_OK);
	assert_int_equal(seal_text(SEAL_MODULES,
	    sealed_table(SEALED_EXERCISE_ANSWER), ex, w.assignment,
	    "v\t1\ntext\tmy lighthouse worry\\nsecond line\n", &s), ST_OK);
	assert_int_equal(exercises_set_answer(w.t->db, ex, &s, now, true),
	    ST_OK);
	sealed_clear(&s);
	assert_int_equal(db_commit(w.t->db), ST_OK);
}

/* setup: the cast, keys, content; ana's and pere's community life. */
static int
setup(void **state)
{
	struct board	 b;
	char		*err = NULL;

	memset(&w, 0, sizeof w);
	if (th_setup((void **)&w.t) != 0)
		return -1;
	free(w.t->conf->content_dir);
	w.t->conf->content_dir = th_source_content();
	if (th_keys(w.t) != 0 || patterns_load(w.t->conf, &err) != ST_OK ||
	    instruments_load(w.t->conf, &err) != ST_OK ||
	    consent_texts_load(w.t->conf, &err) != ST_OK) {
		fprintf(stderr, "setup: %s\n", err != NULL ? err : "keys");
		free(err);
		return -1;
	}
	alert_configure(w.t->conf);
#define P(who, role) w.who = th_actor(th_account(w.t, #who, role, NULL), \
	    role, #who)
	P(ana, ROLE_PATIENT);
	P(pere, ROLE_PATIENT);
	P(laia, ROLE_PROFESSIONAL);
	P(jordi, ROLE_MODERATOR);
	P(admin, ROLE_ADMIN);
	P(recerca, ROLE_RESEARCHER);
#undef P
	w.op = th_operator();
	give(&w.ana, CONSENT_CARE, true);
	give(&w.ana, CONSENT_COMMUNITY, true);
	give(&w.pere, CONSENT_CARE, true);
	give(&w.pere, CONSENT_COMMUNITY, true);
	assert_int_equal(db_begin(w.t->db), ST_OK);
	assert_int_equal(care_team_add(w.t->db, w.ana.id, w.laia.id,
	    w.laia.id), ST_OK);
	assert_int_equal(db_commit(w.t->db), ST_OK);
	memset(&b, 0, sizeof b);
	b.name = xstrdup("Introductions");
	b.description = xstrdup("a board for the tests");
	b.read_roles = b.post_roles = ALL_ROLES;
	assert_int_equal(board_save(w.t->db, &w.admin, &b, &err), ST_OK);
	w.board = b.id;
	free(b.name);
	free(b.description);
	w.ana_post = post_thread(&w.ana, "Hello from the coast",
	    "I walk to the lighthouse every morning", &w.ana_thread);
	w.pere_reply = post_reply(&w.pere, w.ana_thread,
	    "Perebody: the harbour is lovely too");
	w.pere_post = post_thread(&w.pere, "Pere's own thread",
	    "Pereown: gardening after chemo", NULL);
	w.ana_conv = start(&w.ana, NULL, "Anamessage: can we talk on Monday?");
	reply(&w.laia, w.ana_conv, "Laiareply: yes, at ten");
	w.pere_conv = start(&w.pere, NULL, "Peremessage: a private worry");
	make_form();
	make_module();
	assert_int_equal(help_now(w.t->db, &w.ana), ST_OK);
	*state = &w;
	return 0;
}

/* teardown frees the content and removes the database. */
static int
teardown(void **state)
{
	(void)state;
	patterns_free();
	instruments_free();
	consent_texts_free();
	return th_teardown((void **)&w.t);
}

/* export runs the export as actor into a string; returns the status. */
static int
export(const struct actor *actor, const char *name, char **out)
{
	FILE	*fp;
	char	*buf = NULL, *err = NULL;
	size_t	 len = 0;
	int	 st;

	assert_non_null(fp = open_memstream(&buf, &len));
	st = rights_export_patient(w.t->db, w.t->conf, actor, name, fp, &err);
	assert_int_equal(fclose(fp), 0);
	if (st != ST_OK)
		assert_non_null(err);
	free(err);
	*out = buf;
	return st;
}

/*
 * A minimal JSON validator (RFC 8259's grammar, without checking the
 * UTF-8 of strings): json_value consumes one value at *p.
 */
static bool json_value(const char **);

static void
json_ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
		(*p)++;
}

static bool
json_string(const char **p)
{
	const char	*s = *p;

	if (*s++ != '"')
		return false;
	while (*s != '"') {
		if ((unsigned char)*s < 0x20)
			return false;
		if (*s == '\\') {
			s++;
			if (*s == 'u') {
				if (strspn(s + 1, "0123456789abcdefABCDEF") <
				    4)
					return false;
				s += 4;
			} else if (strchr("\"\\/bfnrt", *s) == NULL ||
			    *s == '\0')
				return false;
		}
		s++;
	}
	*p = s + 1;
	return true;
}

static bool
json_members(const char **p, char close, bool object)
{
	(*p)++;
	json_ws(p);
	if (**p == close) {
		(*p)++;
		return true;
	}
	for (;;) {
		json_ws(p);
		if (object) {
			if (!json_string(p))
				return false;
			json_ws(p);
			if (*(*p)++ != ':')
				return false;
		}
		if (!json_value(p))
			return false;
		json_ws(p);
		if (**p == close) {
			(*p)++;
			return true;
		}
		if (*(*p)++ != ',')
			return false;
	}
}

static bool
json_value(const char **p)
{
	json_ws(p);
	switch (**p) {
	case '{':
		return json_members(p, '}', true);
	case '[':
		return json_members(p, ']', false);
	case '"':
		return json_string(p);
	default:
		break;
	}
	if (strncmp(*p, "true", 4) == 0 || strncmp(*p, "null", 4) == 0) {
		*p += 4;
		return true;
	}
	if (strncmp(*p, "false", 5) == 0) {
		*p += 5;
		return true;
	}
	if (**p == '-')
		(*p)++;
	if (strspn(*p, "0123456789") == 0)
		return false;
	*p += strspn(*p, "0123456789");
	return true;
}

/* json_valid tells whether s is exactly one JSON value. */
static bool
json_valid(const char *s)
{
	if (!json_value(&s))
		return false;
	json_ws(&s);
	return *s == '\0';
}

/* The validator itself rejects what is not JSON. */
static void
test_validator(void **state)
{
	(void)state;
	assert_true(json_valid("{\"a\": [1, true, null, \"x\\n\"]}"));
	assert_false(json_valid("{\"a\": [1, ]}"));
	assert_false(json_valid("{\"a\" 1}"));
	assert_false(json_valid("{\"a\": \"\x01\"}"));
	assert_false(json_valid("{} {}"));
	assert_true(json_valid("{\n  \"a\": {\n    \"b\": []\n  }\n}\n"));
}

/* The export holds her data, opened and scored, and no one else's. */
static void
test_export_holds_hers_only(void **state)
{
	struct audit_entry	*e;
	struct account		*a;
	char			*json = NULL;

	(void)state;
	assert_int_equal(export(&w.op, "ana", &json), ST_OK);
	assert_true(json_valid(json));
	/* Her account, never the password hash. */
	assert_non_null(strstr(json, "\"pseudonym\": \"ana\""));
	a = th_get(w.t, w.ana.id);
	assert_null(strstr(json, a->pwhash));
	assert_null(strstr(json, "argon2"));
	account_free(a);
	/* Consents, questionnaire answers and the engine's score. */
	assert_non_null(strstr(json, "\"purpose\": \"community\""));
	assert_non_null(strstr(json, "\"instrument\": \"phq9\""));
	assert_non_null(strstr(json, "\"score\": \"total\",\n"));
	assert_non_null(strstr(json, "\"value\": 9,"));
	assert_non_null(strstr(json, "\"band\": \"mild\""));
	/* Her post, her messages opened, laia's answer in her conversation. */
	assert_non_null(strstr(json, "I walk to the lighthouse every morning"));
	assert_non_null(strstr(json, "\"thread\": \"Hello from the coast\""));
	assert_non_null(strstr(json, "Anamessage: can we talk on Monday?"));
	assert_non_null(strstr(json, "Laiareply: yes, at ten"));
	assert_non_null(strstr(json, "\"subject\": \"A question\""));
	/* Her module answer opened, its escapes decoded (JSON's \n). */
	assert_non_null(strstr(json, "\"text\": \"my lighthouse worry\\n"
	    "second line\""));
	assert_non_null(strstr(json, "\"module\": \"worry\""));
	/* The alert Help now raised. */
	assert_non_null(strstr(json, "\"rule\": \"R2\""));
	/* Nobody else's post, message or pseudonym. */
	assert_null(strstr(json, "Perebody"));
	assert_null(strstr(json, "Pereown"));
	assert_null(strstr(json, "Pere's own thread"));
	assert_null(strstr(json, "Peremessage"));
	assert_null(strstr(json, "pere"));
	/* Audited, naming her. */
	e = th_audit_last(w.t);
	assert_string_equal(e->action, "rights.export");
	assert_string_equal(e->patient, "ana");
	assert_true(e->allowed);
	audit_entry_free(e);
	free(json);
}

/*
 * Only the operator (an administrator at the server): an admin of the
 * interface reads no clinical data; only a patient's account.
 */
static void
test_export_refused(void **state)
{
	struct audit_entry	*e;
	char			*json = NULL;

	(void)state;
	assert_int_equal(export(&w.admin, "pere", &json), ST_DENIED);
	free(json);
	assert_int_equal(export(&w.op, "pere", &json), ST_OK);
	assert_true(json_valid(json));
	assert_non_null(strstr(json, "Pereown"));
	assert_null(strstr(json, "lighthouse"));
	free(json);
	assert_int_equal(export(&w.laia, "ana", &json), ST_DENIED);
	assert_true(json == NULL || *json == '\0');
	free(json);
	e = th_audit_last(w.t);
	assert_string_equal(e->action, "rights.export");
	assert_false(e->allowed);
	audit_entry_free(e);
	assert_int_equal(export(&w.recerca, "ana", &json), ST_DENIED);
	free(json);
	assert_int_equal(export(&w.ana, "ana", &json), ST_DENIED);
	free(json);
	assert_int_equal(export(&w.op, "nobody", &json), ST_NOTFOUND);
	free(json);
	assert_int_equal(export(&w.op, "laia", &json), ST_NOTFOUND);
	free(json);
}

/* find_access tells whether the log holds who doing what. */
static bool
find_access(const struct access_entry *l, size_t n, const char *who,
    const char *what)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(l[i].who, who) == 0 && strcmp(l[i].what, what) == 0)
			return true;
	return false;
}

/* The access log: staff reads of her data, newest first, nothing else. */
static void
test_access_log(void **state)
{
	struct access_entry	*l = NULL;
	size_t			 n = 0, i;
	char			*json = NULL;

	(void)state;
	assert_int_equal(rights_access_log(w.t->db, &w.ana, &l, &n), ST_OK);
	assert_false(find_access(l, n, "laia", "message.read"));
	rights_access_free(l, n);
	opens(&w.ana, w.ana_conv);		/* her own read */
	opens(&w.laia, w.ana_conv);		/* a professional's */
	opens(&w.laia, w.pere_conv);		/* another patient's */
	assert_int_equal(export(&w.op, "ana", &json), ST_OK);
	free(json);
	assert_int_equal(rights_access_log(w.t->db, &w.ana, &l, &n), ST_OK);
	assert_true(n >= 2);
	assert_true(find_access(l, n, "laia", "message.read"));
	/* The operator's export: no name, role -1, newest first. */
	assert_string_equal(l[0].who, "");
	assert_int_equal(l[0].role, -1);
	assert_string_equal(l[0].what, "rights.export");
	for (i = 0; i < n; i++) {
		assert_string_not_equal(l[i].who, "ana");
		assert_string_not_equal(l[i].who, "pere");
		assert_string_not_equal(l[i].who, "recerca");
		if (i + 1 < n)
			assert_true(l[i].at >= l[i + 1].at);
		if (*l[i].who != '\0')
			assert_true(role_is_staff(l[i].role));
	}
	assert_string_equal(rights_action_label("message.read"),
	    "read your messages");
	assert_non_null(rights_action_label("something.new"));
	rights_access_free(l, n);
	/* Pere's log has laia's read of his conversation, not of ana's. */
	assert_int_equal(rights_access_log(w.t->db, &w.pere, &l, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].who, "laia");
	assert_int_equal(l[0].role, ROLE_PROFESSIONAL);
	rights_access_free(l, n);
	/* Only a patient reads her own log. */
	assert_int_equal(rights_access_log(w.t->db, &w.laia, &l, &n),
	    ST_DENIED);
	assert_int_equal(rights_access_log(w.t->db, &w.op, &l, &n),
	    ST_DENIED);
}

/* clinical counts ana's clinical rows, which forgetting must keep. */
static int64_t
clinical(void)
{
	sqlite3	*sq = th_raw(w.t);
	char	*sql;
	int64_t	 n;

	xasprintf(&sql, "SELECT (SELECT count(*) FROM forms WHERE patient_id "
	    "= %lld) + (SELECT count(*) FROM form_answers) + (SELECT count(*) "
	    "FROM alerts WHERE patient_id = %lld) + (SELECT count(*) FROM "
	    "messages) + (SELECT count(*) FROM exercise_answers) + (SELECT "
	    "count(*) FROM module_assignments)", (long long)w.ana.id,
	    (long long)w.ana.id);
	n = th_raw_int(sq, sql);
	free(sql);
	sqlite3_close(sq);
	return n;
}

/* author_of returns the author name a post is shown with. */
static char *
author_of(int64_t id)
{
	struct post	*p = NULL;
	char		*s;

	assert_int_equal(posts_get(w.t->db, id, &p), ST_OK);
	s = xstrdup(p->author_name);
	post_free(p);
	return s;
}

/* search_author finds text as laia and returns the first hit's author. */
static char *
search_author(const char *text)
{
	struct search_hit	**list = NULL;
	size_t			  n = 0;
	char			 *s = NULL;

	assert_int_equal(search_run(w.t->db, &w.laia, text, &list, &n), ST_OK);
	if (n > 0)
		s = xstrdup(list[0]->author_name);
	search_free_list(list, n);
	return s;
}

/* forgotten checks what forgetting ana did besides her posts. */
static void
forgotten(int64_t before)
{
	struct account		*a;
	struct audit_entry	**list = NULL;
	size_t			  n = 0, i;
	bool			  ok = true, posts = false, forget = false;
	sqlite3			 *sq;

	assert_int_equal(clinical(), before);
	a = th_get(w.t, w.ana.id);
	assert_true(a->disabled);
	account_free(a);
	sq = th_raw(w.t);
	assert_true(th_raw_int(sq, "SELECT forgotten_at FROM accounts WHERE "
	    "pseudonym = 'ana'") > 0);
	sqlite3_close(sq);
	assert_int_equal(consent_given(w.t->db, w.ana.id, CONSENT_COMMUNITY,
	    NULL, &ok), ST_OK);
	assert_false(ok);
	assert_int_equal(audit_list(w.t->db, 0, 0, 10, &list, &n), ST_OK);
	for (i = 0; i < n; i++) {
		if (strcmp(list[i]->action, "rights.forget_posts") == 0)
			posts = true;
		if (strcmp(list[i]->action, "rights.forget") == 0 &&
		    list[i]->allowed) {
			forget = true;
			assert_string_equal(list[i]->patient, "ana");
			assert_non_null(strstr(list[i]->detail,
			    "clinical records kept"));
		}
	}
	audit_free_list(list, n);
	assert_true(posts && forget);
}

/* Forget, anonymise: "" as the author everywhere, clinical rows kept. */
static void
test_forget_anonymise(void **state)
{
	struct thread	*t = NULL;
	char		*err = NULL, *s;
	int64_t		 before = clinical();

	(void)state;
	s = author_of(w.ana_post);
	assert_string_equal(s, "ana");
	free(s);
	assert_int_equal(rights_forget(w.t->db, &w.laia, "ana",
	    FORGET_ANONYMISE, &err), ST_DENIED);
	free(err);
	err = NULL;
	assert_int_equal(rights_forget(w.t->db, &w.ana, "ana",
	    FORGET_ANONYMISE, &err), ST_DENIED);
	free(err);
	err = NULL;
	assert_int_equal(rights_forget(w.t->db, &w.op, "ana", 7, &err),
	    ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(rights_forget(w.t->db, &w.op, "ana",
	    FORGET_ANONYMISE, &err), ST_OK);
	assert_null(err);
	s = author_of(w.ana_post);
	assert_string_equal(s, "");
	free(s);
	s = author_of(w.pere_reply);
	assert_string_equal(s, "pere");
	free(s);
	assert_int_equal(threads_get(w.t->db, w.ana_thread, w.pere.id, &t),
	    ST_OK);
	assert_string_equal(t->author_name, "");
	thread_free(t);
	s = search_author("lighthouse");
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	forgotten(before);
}

/* Forget, delete: the body gone from the post and the index. */
static void
test_forget_delete(void **state)
{
	struct post	*p = NULL;
	char		*err = NULL, *s;
	int64_t		 before = clinical();

	(void)state;
	s = search_author("lighthouse");
	assert_non_null(s);
	free(s);
	assert_int_equal(rights_forget(w.t->db, &w.admin, "ana", FORGET_DELETE,
	    &err), ST_OK);
	assert_int_equal(posts_get(w.t->db, w.ana_post, &p), ST_OK);
	assert_string_equal(p->body, "");
	assert_true(p->deleted_at > 0);
	assert_string_equal(p->author_name, "");
	post_free(p);
	assert_null(search_author("lighthouse"));
	s = search_author("harbour");
	assert_non_null(s);
	assert_string_equal(s, "pere");
	free(s);
	forgotten(before);
}

/* Her own withdrawal forgets only her posts; nobody else's account. */
static void
test_forget_posts_herself(void **state)
{
	int64_t	n = -1;
	char	*s;

	(void)state;
	assert_int_equal(rights_forget_posts(w.t->db, &w.pere, w.ana.id,
	    FORGET_ANONYMISE, &n), ST_DENIED);
	assert_int_equal(rights_forget_posts(w.t->db, &w.jordi, w.ana.id,
	    FORGET_ANONYMISE, &n), ST_DENIED);
	assert_int_equal(rights_forget_posts(w.t->db, &w.ana, w.ana.id, 5,
	    &n), ST_INVALID);
	assert_int_equal(rights_forget_posts(w.t->db, &w.ana, w.ana.id,
	    FORGET_ANONYMISE, &n), ST_OK);
	assert_int_equal(n, 1);
	s = author_of(w.ana_post);
	assert_string_equal(s, "");
	free(s);
	s = author_of(w.pere_post);
	assert_string_equal(s, "pere");
	free(s);
	/* Again: nothing left to change. */
	assert_int_equal(rights_forget_posts(w.t->db, &w.ana, w.ana.id,
	    FORGET_ANONYMISE, &n), ST_OK);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validator),
		cmocka_unit_test_setup_teardown(test_export_holds_hers_only,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_access_log, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_forget_anonymise, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_forget_delete, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_forget_posts_herself,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
