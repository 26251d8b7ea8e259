/*
 * test_message.c: private conversations (bbs/message.c, message_report.c)
 * and key rotation (bbs/rotate.c): who may write to whom, the whole
 * matrix of roles; care-team and shared-inbox visibility; "not found"
 * for anyone else's ids; unread and waiting counts; archive; reports and
 * R3; sealed texts never in clear, tampering and row swapping detected;
 * rotation re-seals every row and the texts still open.
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

/* The cast of every test: one account per role, two of some. */
struct cast {
	struct th	*t;
	struct actor	 ana, pere, marta, laia, oriol, jordi, admin, recerca;
};

static struct cast	cast;

/* setup: a database with the cast, keys, patterns; ana in laia's care. */
static int
setup(void **state)
{
	struct th	*t;
	char		*err = NULL;

	if (th_setup(state) != 0)
		return -1;
	t = *state;
	free(t->conf->content_dir);
	t->conf->content_dir = th_source_content();
	if (th_keys(t) != 0 || patterns_load(t->conf, &err) != ST_OK) {
		fprintf(stderr, "setup: %s\n", err != NULL ? err : "keys");
		free(err);
		return -1;
	}
	alert_configure(t->conf);
	memset(&cast, 0, sizeof cast);
	cast.t = t;
#define CAST(who, role) cast.who = th_actor(th_account(t, #who, role, NULL), \
	    role, #who)
	CAST(ana, ROLE_PATIENT);
	CAST(pere, ROLE_PATIENT);
	CAST(marta, ROLE_EXPERT);
	CAST(laia, ROLE_PROFESSIONAL);
	CAST(oriol, ROLE_PROFESSIONAL);
	CAST(jordi, ROLE_MODERATOR);
	CAST(admin, ROLE_ADMIN);
	CAST(recerca, ROLE_RESEARCHER);
#undef CAST
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(care_team_add(t->db, cast.ana.id, cast.laia.id,
	    cast.laia.id), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	return 0;
}

/* teardown frees the patterns and closes the database. */
static int
teardown(void **state)
{
	patterns_free();
	return th_teardown(state);
}

/* start starts a conversation and returns its status (and *id). */
static int
start(const struct actor *a, const char *to, const char *body, int64_t *id)
{
	char	*err = NULL;
	int64_t	 dummy;
	int	 st;

	st = message_start(cast.t->db, cast.t->conf, a, to, "A question",
	    body, id != NULL ? id : &dummy, &err);
	if (st != ST_OK)
		assert_non_null(err);
	free(err);
	return st;
}

/* reply adds a message and returns its status. */
static int
reply(const struct actor *a, int64_t conv, const char *body)
{
	char	*err = NULL;
	int64_t	 msg;
	int	 st;

	st = message_reply(cast.t->db, cast.t->conf, a, conv, body, &msg,
	    &err);
	free(err);
	return st;
}

/* opens tells whether a can open conversation conv. */
static int
opens(const struct actor *a, int64_t conv)
{
	struct conversation	 *c = NULL;
	struct message		**m = NULL;
	size_t			  n = 0;
	int			  st;

	st = message_open(cast.t->db, a, conv, &c, &m, &n);
	conversation_free(c);
	messages_free_list(m, n);
	return st;
}

/* The matrix: who may start a conversation with whom. */
static void
test_who_may_write(void **state)
{
	static const struct {
		const char	*from;
		const char	*to;	/* NULL: her care team */
		int		 st;
	} cases[] = {
		/* A patient: her care team, by name or not, nobody else. */
		{ "ana", NULL, ST_OK },
		{ "ana", "laia", ST_OK },
		{ "ana", "oriol", ST_NOTFOUND },
		{ "ana", "pere", ST_NOTFOUND },
		{ "ana", "marta", ST_NOTFOUND },
		{ "ana", "jordi", ST_NOTFOUND },
		{ "ana", "admin", ST_NOTFOUND },
		{ "ana", "recerca", ST_NOTFOUND },
		{ "ana", "nobody", ST_NOTFOUND },
		/* Without a care team: the shared inbox. */
		{ "pere", NULL, ST_OK },
		{ "pere", "laia", ST_NOTFOUND },
		/* An expert patient writes as a patient, never to one. */
		{ "marta", NULL, ST_OK },
		{ "marta", "ana", ST_NOTFOUND },
		/* A professional: any patient, any staff, no researcher. */
		{ "laia", "pere", ST_OK },
		{ "laia", "marta", ST_OK },
		{ "laia", "oriol", ST_OK },
		{ "laia", "jordi", ST_OK },
		{ "laia", "admin", ST_OK },
		{ "laia", "recerca", ST_NOTFOUND },
		{ "laia", "laia", ST_NOTFOUND },
		{ "laia", NULL, ST_NOTFOUND },
		/* Moderators and admins: staff only. */
		{ "jordi", "laia", ST_OK },
		{ "jordi", "admin", ST_OK },
		{ "jordi", "ana", ST_NOTFOUND },
		{ "admin", "jordi", ST_OK },
		{ "admin", "ana", ST_NOTFOUND },
		/* Researchers: nobody. */
		{ "recerca", "laia", ST_NOTFOUND },
		{ "recerca", NULL, ST_NOTFOUND },
	};
	const struct actor	*from;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		from = strcmp(cases[i].from, "ana") == 0 ? &cast.ana :
		    strcmp(cases[i].from, "pere") == 0 ? &cast.pere :
		    strcmp(cases[i].from, "marta") == 0 ? &cast.marta :
		    strcmp(cases[i].from, "laia") == 0 ? &cast.laia :
		    strcmp(cases[i].from, "jordi") == 0 ? &cast.jordi :
		    strcmp(cases[i].from, "admin") == 0 ? &cast.admin :
		    &cast.recerca;
		if (start(from, cases[i].to, "Hello", NULL) != cases[i].st)
			fail_msg("%s -> %s: expected %s", cases[i].from,
			    cases[i].to != NULL ? cases[i].to : "(care team)",
			    status_str(cases[i].st));
	}
	assert_false(message_may_start(&cast.recerca));
	assert_true(message_may_start(&cast.pere));
	assert_true(message_may_start(&cast.jordi));
}

/* A disabled account cannot be written to. */
static void
test_disabled_recipient(void **state)
{
	struct th	*t = *state;

	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(accounts_set_disabled(t->db, cast.oriol.id, true),
	    ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	assert_int_equal(start(&cast.laia, "oriol", "Hi", NULL), ST_NOTFOUND);
}

/* The care team sees a patient's conversation; others get not found. */
static void
test_care_team_visibility(void **state)
{
	struct th	*t = *state;
	int64_t		 conv;

	assert_int_equal(start(&cast.ana, NULL, "My first message", &conv),
	    ST_OK);
	assert_int_equal(opens(&cast.ana, conv), ST_OK);
	assert_int_equal(opens(&cast.laia, conv), ST_OK);
	/* Not in her care, not a member: not found, like a wrong id. */
	assert_int_equal(opens(&cast.oriol, conv), ST_NOTFOUND);
	assert_int_equal(opens(&cast.pere, conv), ST_NOTFOUND);
	assert_int_equal(opens(&cast.marta, conv), ST_NOTFOUND);
	assert_int_equal(opens(&cast.jordi, conv), ST_NOTFOUND);
	assert_int_equal(opens(&cast.admin, conv), ST_NOTFOUND);
	assert_int_equal(opens(&cast.recerca, conv), ST_NOTFOUND);
	assert_int_equal(opens(&cast.pere, conv + 1000), ST_NOTFOUND);
	assert_int_equal(reply(&cast.pere, conv, "Let me in"), ST_NOTFOUND);
	assert_int_equal(message_archive(t->db, &cast.pere, conv, true),
	    ST_NOTFOUND);
	/* Joining her team shows the conversation to the new member. */
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(care_team_add(t->db, cast.ana.id, cast.oriol.id,
	    cast.laia.id), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	assert_int_equal(opens(&cast.oriol, conv), ST_OK);
	assert_int_equal(reply(&cast.oriol, conv, "I am Oriol, hello"),
	    ST_OK);
}

/* The shared inbox: every professional sees it until one takes it. */
static void
test_shared_inbox(void **state)
{
	struct th		 *t = *state;
	struct conversation	**list = NULL;
	size_t			  n = 0;
	int64_t			  conv;

	assert_int_equal(start(&cast.pere, NULL, "Is anybody there?", &conv),
	    ST_OK);
	assert_int_equal(message_list(t->db, &cast.laia, false, &list, &n),
	    ST_OK);
	assert_int_equal(n, 1);
	assert_true(list[0]->shared);
	assert_string_equal(list[0]->title, "A question");
	conversations_free_list(list, n);
	assert_int_equal(opens(&cast.oriol, conv), ST_OK);
	assert_int_equal(opens(&cast.jordi, conv), ST_NOTFOUND);
	assert_int_equal(message_take(t->db, &cast.oriol, conv), ST_OK);
	assert_int_equal(message_take(t->db, &cast.laia, conv), ST_NOTFOUND);
	/* Taken: it left laia's inbox. */
	assert_int_equal(opens(&cast.laia, conv), ST_NOTFOUND);
	assert_int_equal(opens(&cast.oriol, conv), ST_OK);
	assert_int_equal(opens(&cast.pere, conv), ST_OK);
}

/* Replying from the shared inbox takes the conversation too. */
static void
test_shared_reply_takes(void **state)
{
	int64_t	conv;

	(void)state;
	assert_int_equal(start(&cast.pere, NULL, "Hello?", &conv), ST_OK);
	assert_int_equal(reply(&cast.laia, conv, "Hello Pere, I am Laia"),
	    ST_OK);
	assert_int_equal(opens(&cast.oriol, conv), ST_NOTFOUND);
	assert_int_equal(opens(&cast.laia, conv), ST_OK);
}

/* counts reads unread and waiting for a. */
static void
counts(const struct actor *a, int64_t unread, int64_t waiting)
{
	int64_t	u, w;

	assert_int_equal(message_counts(cast.t->db, a, &u, &w), ST_OK);
	assert_int_equal(u, unread);
	assert_int_equal(w, waiting);
}

/* Unread counts and the waiting time move as people read and answer. */
static void
test_unread_and_waiting(void **state)
{
	int64_t	conv;

	(void)state;
	counts(&cast.laia, 0, 0);
	assert_int_equal(start(&cast.ana, NULL, "One", &conv), ST_OK);
	counts(&cast.ana, 0, -1);	/* her own message is not news */
	counts(&cast.laia, 1, 1);
	assert_int_equal(reply(&cast.ana, conv, "Two"), ST_OK);
	counts(&cast.laia, 2, 1);
	assert_int_equal(opens(&cast.laia, conv), ST_OK);
	counts(&cast.laia, 0, 1);	/* read, still not answered */
	assert_int_equal(reply(&cast.laia, conv, "Answer"), ST_OK);
	counts(&cast.laia, 0, 0);
	counts(&cast.ana, 1, -1);
	assert_int_equal(opens(&cast.ana, conv), ST_OK);
	counts(&cast.ana, 0, -1);
}

/* The professional's inbox: the longest wait first, answered last. */
static void
test_inbox_order(void **state)
{
	struct th		 *t = *state;
	struct conversation	**list = NULL;
	size_t			  n = 0;
	int64_t			  answered, recent, oldest;
	sqlite3			 *raw;
	char			  sql[128];

	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(care_team_add(t->db, cast.pere.id, cast.laia.id,
	    cast.laia.id), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	assert_int_equal(start(&cast.ana, NULL, "answered", &answered),
	    ST_OK);
	assert_int_equal(reply(&cast.laia, answered, "done"), ST_OK);
	assert_int_equal(start(&cast.ana, NULL, "recent", &recent), ST_OK);
	assert_int_equal(start(&cast.pere, NULL, "oldest", &oldest), ST_OK);
	raw = th_raw(t);
	snprintf(sql, sizeof sql, "UPDATE conversations SET waiting_since "
	    "= waiting_since - 86400 WHERE id = %lld", (long long)oldest);
	assert_int_equal(th_raw_exec(raw, sql), 0);
	sqlite3_close(raw);
	assert_int_equal(message_list(t->db, &cast.laia, false, &list, &n),
	    ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0]->id, oldest);
	assert_int_equal(list[1]->id, recent);
	assert_int_equal(list[2]->id, answered);
	assert_int_equal(list[2]->waiting_since, 0);
	conversations_free_list(list, n);
}

/* Archiving is one's own; a new message brings it back. */
static void
test_archive(void **state)
{
	struct th		 *t = *state;
	struct conversation	**list = NULL;
	size_t			  n = 0;
	int64_t			  conv;

	assert_int_equal(start(&cast.ana, NULL, "Hi", &conv), ST_OK);
	assert_int_equal(message_archive(t->db, &cast.ana, conv, true), ST_OK);
	assert_int_equal(message_list(t->db, &cast.ana, false, &list, &n),
	    ST_OK);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(message_list(t->db, &cast.ana, true, &list, &n),
	    ST_OK);
	assert_int_equal(n, 1);
	conversations_free_list(list, n);
	/* Still in laia's list: archiving is for oneself only. */
	assert_int_equal(message_list(t->db, &cast.laia, false, &list, &n),
	    ST_OK);
	assert_int_equal(n, 1);
	conversations_free_list(list, n);
	assert_int_equal(reply(&cast.laia, conv, "Are you well?"), ST_OK);
	assert_int_equal(message_list(t->db, &cast.ana, false, &list, &n),
	    ST_OK);
	assert_int_equal(n, 1);
	conversations_free_list(list, n);
}

/* Staff reads of a patient's conversation are audited; hers are not. */
static void
test_staff_read_audited(void **state)
{
	struct th		*t = *state;
	struct audit_entry	*e;
	size_t			 before;
	int64_t			 conv;

	assert_int_equal(start(&cast.ana, NULL, "Hi", &conv), ST_OK);
	before = th_audit_count(t);
	assert_int_equal(opens(&cast.ana, conv), ST_OK);
	assert_int_equal(th_audit_count(t), before);
	assert_int_equal(opens(&cast.laia, conv), ST_OK);
	assert_int_equal(th_audit_count(t), before + 1);
	e = th_audit_last(t);
	assert_string_equal(e->action, "message.read");
	assert_string_equal(e->patient, "ana");
	assert_int_equal(e->object_id, conv);
	assert_null(e->detail);
	audit_entry_free(e);
}

/* Lengths: the limits pass, one more is refused with the limit named. */
static void
test_limits(void **state)
{
	struct th	*t = *state;
	char		*body, *subject, *err = NULL;
	int64_t		 id;

	body = xmalloc(MESSAGE_BODY_MAX + 2);
	memset(body, 'a', MESSAGE_BODY_MAX + 1);
	body[MESSAGE_BODY_MAX + 1] = '\0';
	assert_int_equal(message_start(t->db, t->conf, &cast.ana, NULL, "S",
	    body, &id, &err), ST_INVALID);
	assert_non_null(strstr(err, "4000"));
	free(err);
	err = NULL;
	body[MESSAGE_BODY_MAX] = '\0';
	assert_int_equal(message_start(t->db, t->conf, &cast.ana, NULL, "S",
	    body, &id, &err), ST_OK);
	subject = xmalloc(MESSAGE_SUBJECT_MAX + 2);
	memset(subject, 's', MESSAGE_SUBJECT_MAX + 1);
	subject[MESSAGE_SUBJECT_MAX + 1] = '\0';
	assert_int_equal(message_start(t->db, t->conf, &cast.ana, NULL,
	    subject, "x", &id, &err), ST_INVALID);
	free(err);
	err = NULL;
	subject[MESSAGE_SUBJECT_MAX] = '\0';
	assert_int_equal(message_start(t->db, t->conf, &cast.ana, NULL,
	    subject, "x", &id, &err), ST_OK);
	assert_int_equal(message_start(t->db, t->conf, &cast.ana, NULL, "S",
	    " \n ", &id, &err), ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(message_reply(t->db, t->conf, &cast.ana, id, "",
	    &id, &err), ST_INVALID);
	free(err);
	free(body);
	free(subject);
}

/* A closed conversation takes no more messages. */
static void
test_closed(void **state)
{
	struct th	*t = *state;
	int64_t		 conv;

	assert_int_equal(start(&cast.ana, NULL, "Hi", &conv), ST_OK);
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(conversations_close(t->db, conv, cast.laia.id),
	    ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	assert_int_equal(reply(&cast.ana, conv, "Still there?"), ST_INVALID);
}

/* Texts are sealed: the file, its WAL and a backup never hold them. */
static void
test_never_in_clear(void **state)
{
	struct th		 *t = *state;
	struct conversation	 *c = NULL;
	struct message		**m = NULL;
	size_t			  n = 0;
	char			 *wal, *copy, *err = NULL;
	int64_t			  conv;

	assert_int_equal(message_start(t->db, t->conf, &cast.ana, NULL,
	    "Subject marigold-7731", "Body heliotrope-4420", &conv, &err),
	    ST_OK);
	assert_int_equal(message_open(t->db, &cast.ana, conv, &c, &m, &n),
	    ST_OK);
	assert_string_equal(c->title, "Subject marigold-7731");
	assert_int_equal(n, 1);
	assert_string_equal(m[0]->text, "Body heliotrope-4420");
	conversation_free(c);
	messages_free_list(m, n);
	wal = th_file(t, "mirall.db-wal");
	copy = th_file(t, "copy.db");
	assert_int_equal(db_backup(t->db, copy, &err), ST_OK);
	assert_false(th_path_holds(t->path, "marigold-7731"));
	assert_false(th_path_holds(wal, "marigold-7731"));
	assert_false(th_path_holds(copy, "marigold-7731"));
	assert_false(th_path_holds(t->path, "heliotrope-4420"));
	assert_false(th_path_holds(wal, "heliotrope-4420"));
	assert_false(th_path_holds(copy, "heliotrope-4420"));
	/* The search itself works: the key file holds what it holds. */
	assert_true(th_path_holds(t->conf->message_keys, "Mirall message keys"));
	free(wal);
	free(copy);
}

/* text_of opens conversation conv as a and returns message i's text. */
static char *
text_of(const struct actor *a, int64_t conv, size_t i)
{
	struct conversation	 *c = NULL;
	struct message		**m = NULL;
	size_t			  n = 0;
	char			 *text;

	assert_int_equal(message_open(cast.t->db, a, conv, &c, &m, &n),
	    ST_OK);
	assert_true(i < n);
	text = m[i]->text != NULL ? xstrdup(m[i]->text) : NULL;
	conversation_free(c);
	messages_free_list(m, n);
	return text;
}

/* A body moved to another row, or altered, does not open: no garbage. */
static void
test_swap_and_tamper(void **state)
{
	struct th	*t = *state;
	sqlite3		*raw;
	char		 sql[256], *s;
	int64_t		 c1, c2;

	assert_int_equal(start(&cast.ana, NULL, "first", &c1), ST_OK);
	assert_int_equal(reply(&cast.ana, c1, "second"), ST_OK);
	assert_int_equal(start(&cast.ana, NULL, "other", &c2), ST_OK);
	raw = th_raw(t);
	/* The second message's body copied over the first (same conv). */
	snprintf(sql, sizeof sql, "UPDATE messages SET body = (SELECT body "
	    "FROM messages WHERE conversation_id = %lld ORDER BY id DESC "
	    "LIMIT 1) WHERE id = (SELECT min(id) FROM messages WHERE "
	    "conversation_id = %lld)", (long long)c1, (long long)c1);
	assert_int_equal(th_raw_exec(raw, sql), 0);
	/* The other conversation's body moved into the second message. */
	snprintf(sql, sizeof sql, "UPDATE messages SET body = (SELECT body "
	    "FROM messages WHERE conversation_id = %lld) WHERE id = (SELECT "
	    "max(id) FROM messages WHERE conversation_id = %lld)",
	    (long long)c2, (long long)c1);
	assert_int_equal(th_raw_exec(raw, sql), 0);
	/* One byte of the other conversation's ciphertext flipped. */
	snprintf(sql, sizeof sql, "UPDATE messages SET body = "
	    "substr(body, 1, 40) || x'00' || substr(body, 42) WHERE "
	    "conversation_id = %lld", (long long)c2);
	assert_int_equal(th_raw_exec(raw, sql), 0);
	sqlite3_close(raw);
	assert_null(text_of(&cast.ana, c1, 0));
	assert_null(text_of(&cast.ana, c1, 1));
	s = text_of(&cast.ana, c2, 0);
	assert_null(s);
}

/* Without the key ring nothing is sent, and nothing is stored in clear. */
static void
test_no_key(void **state)
{
	struct th	*t = *state;
	char		*err = NULL;
	int64_t		 id, before, after;
	sqlite3		*raw;

	raw = th_raw(t);
	before = th_raw_int(raw, "SELECT count(*) FROM messages");
	seal_unload();
	assert_int_equal(message_start(t->db, t->conf, &cast.ana, NULL, "S",
	    "body", &id, &err), ST_NOTFOUND);
	assert_non_null(strstr(err, "key"));
	free(err);
	after = th_raw_int(raw, "SELECT count(*) FROM messages");
	assert_int_equal(before, after);
	sqlite3_close(raw);
}

/* A patient's words of risk raise R3 for her care team. */
static void
test_risk_words(void **state)
{
	struct th	*t = *state;
	bool		 open;

	assert_int_equal(start(&cast.ana, NULL, "Some days I am tired of "
	    "living", NULL), ST_OK);
	assert_int_equal(alerts_open_exists(t->db, cast.ana.id, "R3",
	    "message", &open), ST_OK);
	assert_true(open);
	/* Ordinary words of living with cancer raise nothing. */
	assert_int_equal(start(&cast.pere, NULL, "I am scared of the scan",
	    NULL), ST_OK);
	assert_int_equal(alerts_open_exists(t->db, cast.pere.id, "R3",
	    "message", &open), ST_OK);
	assert_false(open);
}

/* last_message is the id of conversation conv's newest message. */
static int64_t
last_message(struct th *t, int64_t conv)
{
	struct conversation	*c = NULL;
	int64_t			 id;

	assert_int_equal(conversations_get(t->db, conv, 0, &c), ST_OK);
	id = c->last_message;
	conversation_free(c);
	return id;
}

/* Reports: by participants only, once; a moderator reads only that one. */
static void
test_reports(void **state)
{
	struct th		 *t = *state;
	struct message_report	**q = NULL, *r = NULL;
	struct message		 *m = NULL;
	struct audit_entry	 *e;
	size_t			  n = 0;
	int64_t			  conv, msg, rep, count;
	bool			  open;

	assert_int_equal(start(&cast.ana, NULL, "Hi", &conv), ST_OK);
	assert_int_equal(reply(&cast.ana, conv, "Nobody cares, goodbye"),
	    ST_OK);
	msg = last_message(t, conv);
	assert_int_equal(message_report(t->db, &cast.pere, msg,
	    MSG_REPORT_RISK, &rep), ST_NOTFOUND);
	assert_int_equal(message_report(t->db, &cast.ana, msg,
	    MSG_REPORT_RISK, &rep), ST_INVALID);
	assert_int_equal(message_report(t->db, &cast.laia, msg,
	    MSG_REPORT_COUNT, &rep), ST_INVALID);
	assert_int_equal(message_report(t->db, &cast.laia, msg,
	    MSG_REPORT_RISK, &rep), ST_OK);
	assert_int_equal(message_report(t->db, &cast.laia, msg,
	    MSG_REPORT_RISK, &rep), ST_EXISTS);
	assert_int_equal(alerts_open_exists(t->db, cast.ana.id, "R3",
	    "message", &open), ST_OK);
	assert_true(open);
	assert_int_equal(message_report_queue(t->db, &cast.ana, &q, &n),
	    ST_DENIED);
	assert_int_equal(message_report_queue(t->db, &cast.jordi, &q, &n),
	    ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(message_report_count(t->db, &cast.jordi, &count),
	    ST_OK);
	assert_int_equal(count, 1);
	assert_int_equal(message_report_count(t->db, &cast.ana, &count),
	    ST_DENIED);
	rep = q[0]->id;
	message_reports_free_list(q, n);
	/* The moderator still cannot open the conversation itself. */
	assert_int_equal(opens(&cast.jordi, conv), ST_NOTFOUND);
	assert_int_equal(message_report_read(t->db, &cast.ana, rep, &r, &m),
	    ST_DENIED);
	assert_int_equal(message_report_read(t->db, &cast.jordi, rep, &r, &m),
	    ST_OK);
	assert_string_equal(m->text, "Nobody cares, goodbye");
	e = th_audit_last(t);
	assert_string_equal(e->action, "message.report_read");
	assert_string_equal(e->patient, "ana");
	assert_int_equal(e->object_id, msg);
	audit_entry_free(e);
	message_report_free(r);
	message_free(m);
	assert_int_equal(message_report_resolve(t->db, &cast.jordi, rep,
	    MSG_OUTCOME_CLINICAL), ST_OK);
	assert_int_equal(message_report_resolve(t->db, &cast.jordi, rep,
	    MSG_OUTCOME_NONE), ST_NOTFOUND);
	assert_int_equal(message_report_resolve(t->db, &cast.jordi, rep, 0),
	    ST_INVALID);
}

/* Rotation: a new key, every row re-sealed under it, texts still open. */
static void
test_rotation(void **state)
{
	struct th	*t = *state;
	struct actor	 op = th_operator();
	sqlite3		*raw;
	char		*err = NULL, *s;
	int64_t		 conv, moved;

	assert_int_equal(start(&cast.ana, NULL, "before rotation", &conv),
	    ST_OK);
	assert_int_equal(reply(&cast.laia, conv, "also before"), ST_OK);
	assert_int_equal(seal_current(), 1);
	/* Batches of one: several transactions, as under load. */
	assert_int_equal(rotate_run(t->db, t->conf, &op, 1, true, &moved,
	    &err), ST_OK);
	assert_int_equal(seal_current(), 2);
	assert_int_equal(moved, 3);	/* a subject and two bodies */
	raw = th_raw(t);
	assert_int_equal(th_raw_int(raw, "SELECT count(*) FROM messages "
	    "WHERE body_key != 2"), 0);
	assert_int_equal(th_raw_int(raw, "SELECT count(*) FROM conversations "
	    "WHERE subject_key != 2"), 0);
	sqlite3_close(raw);
	s = text_of(&cast.ana, conv, 1);
	assert_string_equal(s, "also before");
	free(s);
	assert_int_equal(rotate_pending(t->db, &moved), ST_OK);
	assert_int_equal(moved, 0);
	/* New messages use the new key; finishing again moves nothing. */
	assert_int_equal(reply(&cast.ana, conv, "after"), ST_OK);
	assert_int_equal(rotate_run(t->db, t->conf, &op, 10, false, &moved,
	    &err), ST_OK);
	assert_int_equal(moved, 0);
}

/* Rotation leaves a record that does not open as it is, and says so. */
static void
test_rotation_bad_row(void **state)
{
	struct th	*t = *state;
	struct actor	 op = th_operator();
	sqlite3		*raw;
	char		*err = NULL;
	int64_t		 c1, c2, moved;

	assert_int_equal(start(&cast.ana, NULL, "one", &c1), ST_OK);
	assert_int_equal(start(&cast.ana, NULL, "two", &c2), ST_OK);
	raw = th_raw(t);
	assert_int_equal(th_raw_exec(raw, "UPDATE messages SET body = "
	    "substr(body, 1, 40) || x'00' || substr(body, 42) WHERE id = "
	    "(SELECT min(id) FROM messages)"), 0);
	assert_int_equal(rotate_run(t->db, t->conf, &op, 1, true, &moved,
	    &err), ST_INVALID);
	assert_non_null(strstr(err, "1 records"));
	free(err);
	assert_int_equal(moved, 3);
	assert_int_equal(th_raw_int(raw, "SELECT count(*) FROM messages "
	    "WHERE body_key = 1"), 1);
	sqlite3_close(raw);
	assert_int_equal(rotate_pending(t->db, &moved), ST_OK);
	assert_int_equal(moved, 1);	/* bbsctl check reports it */
}

/* The ring must open what is stored; one altered record alone is fine. */
static void
test_verify(void **state)
{
	struct th	*t = *state;
	sqlite3		*raw;
	char		*err = NULL, *other;
	int64_t		 c1, c2;

	assert_int_equal(rotate_verify(t->db, t->conf, &err), ST_OK);
	assert_int_equal(start(&cast.ana, NULL, "one", &c1), ST_OK);
	assert_int_equal(start(&cast.ana, NULL, "two", &c2), ST_OK);
	raw = th_raw(t);
	assert_int_equal(th_raw_exec(raw, "UPDATE messages SET body = "
	    "substr(body, 1, 40) || x'00' || substr(body, 42) WHERE id = "
	    "(SELECT min(id) FROM messages)"), 0);
	sqlite3_close(raw);
	assert_int_equal(rotate_verify(t->db, t->conf, &err), ST_OK);
	/* Another deployment's ring: nothing opens, and it says so. */
	other = th_file(t, "other.key");
	assert_int_equal(seal_create(other, &err), ST_OK);
	assert_int_equal(seal_load(other, &err), ST_OK);
	assert_int_equal(rotate_verify(t->db, t->conf, &err), ST_INVALID);
	assert_non_null(strstr(err, "do not open the stored texts"));
	assert_non_null(strstr(err, t->conf->message_keys));
	free(err);
	unlink(other);
	free(other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_who_may_write),
		T(test_disabled_recipient),
		T(test_care_team_visibility),
		T(test_shared_inbox),
		T(test_shared_reply_takes),
		T(test_unread_and_waiting),
		T(test_inbox_order),
		T(test_archive),
		T(test_staff_read_audited),
		T(test_limits),
		T(test_closed),
		T(test_never_in_clear),
		T(test_swap_and_tamper),
		T(test_no_key),
		T(test_risk_words),
		T(test_reports),
		T(test_rotation),
		T(test_rotation_bad_row),
		T(test_verify),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
