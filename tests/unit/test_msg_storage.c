/*
 * test_msg_storage.c: the storage of private conversations, straight
 * through storage/: a professional's inbox and its order, unread counts
 * (never one's own messages) and read marks, archiving for oneself only,
 * taking from the shared inbox and closing once, key rotation's view of
 * the sealed columns with its optimistic check, and message reports.
 *
 * Storage never opens a sealed text, so the blobs here are any bytes.
 * Times are given to conversations_touch directly, never with sleeps.
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

/* The people of a test. */
struct people {
	int64_t	ana;		/* patient, in laia's care */
	int64_t	pere;		/* patient nobody follows */
	int64_t	laia;		/* professional */
	int64_t	pau;		/* professional */
};

/* people_make creates everyone and puts ana in laia's care. */
static void
people_make(struct th *t, struct people *p)
{
	p->ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	p->pere = th_account(t, "pere", ROLE_PATIENT, NULL);
	p->laia = th_account(t, "laia", ROLE_PROFESSIONAL, NULL);
	p->pau = th_account(t, "pau", ROLE_PROFESSIONAL, NULL);
	assert_int_equal(care_team_add(t->db, p->ana, p->laia, 0), ST_OK);
}

/* conv makes a conversation with its members (0-terminated list). */
static int64_t
conv(struct th *t, int kind, int64_t patient, bool shared, int64_t by,
    const int64_t *members)
{
	int64_t	id = 0;

	assert_int_equal(conversations_create(t->db, kind, patient, shared, by,
	    &id), ST_OK);
	assert_true(id > 0);
	for (; *members != 0; members++)
		assert_int_equal(conversation_members_add(t->db, id, *members),
		    ST_OK);
	return id;
}

/* say adds a message by author to c, with a fake sealed body. */
static int64_t
say(struct th *t, int64_t c, int64_t author)
{
	unsigned char	 bytes[] = { 0x00, 0xff, 0x42, 0x00, 0x17 };
	struct sealed	 body = { bytes, sizeof bytes, 1 };
	int64_t		 id = 0;

	assert_int_equal(messages_create(t->db, c, author, &id), ST_OK);
	assert_int_equal(messages_set_body(t->db, id, &body), ST_OK);
	return id;
}

/* reader_unread reads c for reader and returns her unread count. */
static int64_t
reader_unread(struct th *t, int64_t c, int64_t reader)
{
	struct conversation	*cv = NULL;
	int64_t			 n;

	assert_int_equal(conversations_get(t->db, c, reader, &cv), ST_OK);
	n = cv->unread;
	conversation_free(cv);
	return n;
}

/* unread_total is conversations_unread_total for account. */
static int64_t
unread_total(struct th *t, int64_t account)
{
	int64_t	n = -1;

	assert_int_equal(conversations_unread_total(t->db, account, &n),
	    ST_OK);
	return n;
}

/*
 * The inbox: waiting patients first, the longest wait first, then the
 * latest activity; only patients' conversations that are not mirror
 * experiences, that she is in and has not archived, that are care
 * conversations of her patients she has not joined, or that are shared.
 */
static void
test_inbox(void **state)
{
	struct th		 *t = *state;
	struct people		  p;
	struct conversation	**list;
	size_t			  n;
	int64_t			  c1, c2, c3, c4, c7, c8, waiting;

	people_make(t, &p);
	c1 = conv(t, CONV_CARE, p.ana, false, p.ana, (int64_t[]){ p.ana, 0 });
	c2 = conv(t, CONV_DIRECT, p.pere, true, p.pere,
	    (int64_t[]){ p.pere, 0 });
	c3 = conv(t, CONV_DIRECT, p.pere, false, p.laia,
	    (int64_t[]){ p.pere, p.laia, 0 });
	c4 = conv(t, CONV_DIRECT, p.pere, false, p.laia,
	    (int64_t[]){ p.pere, p.laia, 0 });
	/* Never in an inbox: a mirror experience, one between staff. */
	conv(t, CONV_MIRROR, p.ana, true, p.laia,
	    (int64_t[]){ p.ana, p.laia, 0 });
	conv(t, CONV_CARE, 0, true, p.laia, (int64_t[]){ p.laia, 0 });
	c7 = conv(t, CONV_DIRECT, p.ana, false, p.pau, (int64_t[]){ p.pau, 0 });
	c8 = conv(t, CONV_DIRECT, p.pere, false, p.laia,
	    (int64_t[]){ p.laia, 0 });

	assert_int_equal(conversations_touch(t->db, c1, 0, 100,
	    CONV_WAIT_START), ST_OK);
	/* A second patient message does not restart her wait. */
	assert_int_equal(conversations_touch(t->db, c1, 0, 150,
	    CONV_WAIT_START), ST_OK);
	assert_int_equal(conversations_touch(t->db, c2, 0, 50,
	    CONV_WAIT_START), ST_OK);
	assert_int_equal(conversations_touch(t->db, c3, 0, 300,
	    CONV_WAIT_KEEP), ST_OK);
	assert_int_equal(conversations_touch(t->db, c4, 0, 200,
	    CONV_WAIT_KEEP), ST_OK);
	assert_int_equal(conversations_touch(t->db, c8, 0, 900,
	    CONV_WAIT_START), ST_OK);
	assert_int_equal(conversation_members_archive(t->db, c8, p.laia, true),
	    ST_OK);
	assert_int_equal(conversations_touch(t->db, 9999, 0, 1,
	    CONV_WAIT_KEEP), ST_NOTFOUND);

	assert_int_equal(conversations_inbox(t->db, p.laia, &list, &n), ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(list[0]->id, c2);
	assert_int_equal(list[0]->waiting_since, 50);
	assert_true(list[0]->shared);
	assert_false(list[0]->member);
	assert_string_equal(list[0]->patient, "pere");
	assert_int_equal(list[1]->id, c1);
	assert_int_equal(list[1]->waiting_since, 100);
	assert_int_equal(list[1]->last_at, 150);
	assert_false(list[1]->member);
	assert_int_equal(list[2]->id, c3);
	assert_true(list[2]->member);
	assert_string_equal(list[2]->members, "pere, laia");
	assert_int_equal(list[3]->id, c4);
	conversations_free_list(list, n);
	/* The menu's count: the two that wait, from the same rule. */
	assert_int_equal(conversations_inbox_waiting(t->db, p.laia, &waiting),
	    ST_OK);
	assert_int_equal(waiting, 2);

	/* pau follows nobody: only the shared inbox. */
	assert_int_equal(conversations_inbox(t->db, p.pau, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0]->id, c2);
	assert_int_equal(list[1]->id, c7);
	conversations_free_list(list, n);

	/* Answered, c2 no longer waits and goes among the rest. */
	assert_int_equal(conversations_touch(t->db, c2, 0, 250,
	    CONV_WAIT_STOP), ST_OK);
	/* Once laia joined c1 and archived it, it leaves her inbox. */
	assert_int_equal(conversation_members_add(t->db, c1, p.laia), ST_OK);
	assert_int_equal(conversation_members_archive(t->db, c1, p.laia, true),
	    ST_OK);
	assert_int_equal(conversations_inbox(t->db, p.laia, &list, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0]->id, c3);
	assert_int_equal(list[1]->id, c2);
	assert_int_equal(list[1]->waiting_since, 0);
	assert_int_equal(list[2]->id, c4);
	conversations_free_list(list, n);
	assert_int_equal(conversations_inbox_waiting(t->db, p.laia, &waiting),
	    ST_OK);
	assert_int_equal(waiting, 0);	/* c2 answered, c1 archived */
}

/*
 * Unread counts: messages after the reader's read mark, never her own,
 * 0 for whoever is not a member; the mark never moves back.
 */
static void
test_unread(void **state)
{
	struct th		*t = *state;
	struct people		 p;
	struct conversation	*cv = NULL;
	int64_t			 c, m1, m2, m3, m4;

	people_make(t, &p);
	c = conv(t, CONV_DIRECT, p.ana, false, p.laia,
	    (int64_t[]){ p.laia, p.ana, 0 });
	m1 = say(t, c, p.ana);
	m2 = say(t, c, p.ana);
	m3 = say(t, c, p.laia);
	assert_true(m1 < m2 && m2 < m3);

	assert_int_equal(reader_unread(t, c, p.laia), 2);
	assert_int_equal(reader_unread(t, c, p.ana), 1);
	assert_int_equal(reader_unread(t, c, p.pau), 0);
	assert_int_equal(unread_total(t, p.laia), 2);
	assert_int_equal(unread_total(t, p.ana), 1);
	assert_int_equal(unread_total(t, p.pau), 0);

	assert_int_equal(conversations_get(t->db, c, p.pau, &cv), ST_OK);
	assert_false(cv->member);
	assert_string_equal(cv->patient, "ana");
	assert_string_equal(cv->members, "ana, laia");
	assert_null(cv->subject.blob);
	assert_int_equal(cv->subject.key, 0);
	conversation_free(cv);
	assert_int_equal(conversations_get(t->db, c, 0, &cv), ST_OK);
	assert_false(cv->member);
	assert_int_equal(cv->unread, 0);
	conversation_free(cv);
	assert_int_equal(conversations_get(t->db, c + 100, p.ana, &cv),
	    ST_NOTFOUND);
	assert_null(cv);

	assert_int_equal(conversation_members_read(t->db, c, p.laia, m1),
	    ST_OK);
	assert_int_equal(reader_unread(t, c, p.laia), 1);
	assert_int_equal(conversation_members_read(t->db, c, p.laia, m3),
	    ST_OK);
	assert_int_equal(reader_unread(t, c, p.laia), 0);
	/* An old page read late does not move the mark back. */
	assert_int_equal(conversation_members_read(t->db, c, p.laia, m1),
	    ST_OK);
	assert_int_equal(reader_unread(t, c, p.laia), 0);
	assert_int_equal(unread_total(t, p.laia), 0);
	assert_int_equal(conversation_members_read(t->db, c, p.pau, m3),
	    ST_NOTFOUND);

	/* Archived conversations still count in the total. */
	assert_int_equal(conversation_members_archive(t->db, c, p.laia, true),
	    ST_OK);
	m4 = say(t, c, p.ana);
	assert_int_equal(unread_total(t, p.laia), 1);
	assert_int_equal(conversation_members_read(t->db, c, p.laia, m4),
	    ST_OK);
	assert_int_equal(unread_total(t, p.laia), 0);
}

/* Archiving is for oneself; a new message brings it back for the others. */
static void
test_archive(void **state)
{
	struct th			 *t = *state;
	struct people			  p;
	struct conversation		**list;
	struct conversation_member	 *mem;
	size_t				  n;
	int64_t				  c, d;

	people_make(t, &p);
	c = conv(t, CONV_DIRECT, p.ana, false, p.laia,
	    (int64_t[]){ p.ana, p.laia, 0 });
	d = conv(t, CONV_CARE, p.ana, false, p.ana, (int64_t[]){ p.ana, 0 });
	assert_int_equal(conversations_touch(t->db, c, 0, 500,
	    CONV_WAIT_KEEP), ST_OK);
	assert_int_equal(conversations_touch(t->db, d, 0, 400,
	    CONV_WAIT_KEEP), ST_OK);
	/* Adding twice is harmless. */
	assert_int_equal(conversation_members_add(t->db, c, p.ana), ST_OK);

	assert_int_equal(conversations_of(t->db, p.ana, false, &list, &n),
	    ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0]->id, c);
	assert_int_equal(list[1]->id, d);
	assert_true(list[0]->member);
	assert_false(list[0]->archived);
	conversations_free_list(list, n);

	assert_int_equal(conversation_members_archive(t->db, c, p.ana, true),
	    ST_OK);
	assert_int_equal(conversation_members_archive(t->db, c, p.laia, true),
	    ST_OK);
	assert_int_equal(conversation_members_archive(t->db, c, p.pau, true),
	    ST_NOTFOUND);
	assert_int_equal(conversations_of(t->db, p.ana, false, &list, &n),
	    ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0]->id, d);
	conversations_free_list(list, n);
	assert_int_equal(conversations_of(t->db, p.ana, true, &list, &n),
	    ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0]->id, c);
	assert_true(list[0]->archived);
	conversations_free_list(list, n);

	/* laia writes: ana gets it back, laia keeps hers archived. */
	assert_int_equal(conversation_members_unarchive_others(t->db, c,
	    p.laia), ST_OK);
	assert_int_equal(conversation_members_list(t->db, c, &mem, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(mem[0].id, p.ana);
	assert_string_equal(mem[0].pseudonym, "ana");
	assert_int_equal(mem[0].role, ROLE_PATIENT);
	assert_false(mem[0].archived);
	assert_int_equal(mem[1].id, p.laia);
	assert_int_equal(mem[1].role, ROLE_PROFESSIONAL);
	assert_true(mem[1].archived);
	assert_int_equal(mem[1].last_read, 0);
	conversation_members_free(mem, n);
	/* Nothing left to bring back is not an error. */
	assert_int_equal(conversation_members_unarchive_others(t->db, d,
	    p.ana), ST_OK);

	assert_int_equal(conversations_of(t->db, p.pau, false, &list, &n),
	    ST_OK);
	assert_int_equal(n, 0);
	conversations_free_list(list, n);
}

/* Taking from the shared inbox and closing both happen once only. */
static void
test_take_close(void **state)
{
	struct th		*t = *state;
	struct people		 p;
	struct conversation	*cv = NULL;
	int64_t			 c, d;

	people_make(t, &p);
	c = conv(t, CONV_CARE, p.pere, true, p.pere, (int64_t[]){ p.pere, 0 });
	d = conv(t, CONV_CARE, p.pere, false, p.pere, (int64_t[]){ 0 });

	assert_int_equal(conversations_take(t->db, c), ST_OK);
	assert_int_equal(conversations_take(t->db, c), ST_NOTFOUND);
	assert_int_equal(conversations_take(t->db, d), ST_NOTFOUND);
	assert_int_equal(conversations_get(t->db, c, p.laia, &cv), ST_OK);
	assert_false(cv->shared);
	assert_int_equal(cv->closed_at, 0);
	conversation_free(cv);

	assert_int_equal(conversations_close(t->db, c, p.laia), ST_OK);
	assert_int_equal(conversations_close(t->db, c, p.pau), ST_NOTFOUND);
	assert_int_equal(conversations_close(t->db, c + 100, p.pau),
	    ST_NOTFOUND);
	assert_int_equal(conversations_get(t->db, c, p.laia, &cv), ST_OK);
	assert_true(cv->closed_at > 0);
	assert_int_equal(cv->created_by, p.pere);
	assert_int_equal(cv->kind, CONV_CARE);
	assert_int_equal(cv->patient_id, p.pere);
	conversation_free(cv);
}

/* Messages: the body round-trips byte for byte, listed by id. */
static void
test_messages(void **state)
{
	struct th	 *t = *state;
	struct people	  p;
	struct message	 *m = NULL, **list;
	struct sealed	  empty = { NULL, 0, 0 };
	size_t		  n;
	int64_t		  c, m1, m2;

	people_make(t, &p);
	c = conv(t, CONV_DIRECT, p.ana, false, p.laia,
	    (int64_t[]){ p.ana, p.laia, 0 });
	m1 = say(t, c, p.laia);
	assert_int_equal(messages_create(t->db, c, p.ana, &m2), ST_OK);

	assert_int_equal(messages_get(t->db, m1, &m), ST_OK);
	assert_int_equal(m->conversation_id, c);
	assert_string_equal(m->author, "laia");
	assert_int_equal(m->author_role, ROLE_PROFESSIONAL);
	assert_int_equal(m->body.len, 5);
	assert_memory_equal(m->body.blob, "\x00\xff\x42\x00\x17", 5);
	assert_int_equal(m->body.key, 1);
	assert_true(m->created_at > 0);
	assert_null(m->text);
	message_free(m);
	assert_int_equal(messages_get(t->db, m2 + 1, &m), ST_NOTFOUND);

	assert_int_equal(messages_list(t->db, c, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0]->id, m1);
	assert_int_equal(list[1]->id, m2);
	assert_null(list[1]->body.blob);
	assert_int_equal(list[1]->body.len, 0);
	messages_free_list(list, n);
	assert_int_equal(messages_set_body(t->db, m2 + 1, &empty),
	    ST_NOTFOUND);
}

/* stale_count is sealed_count_stale of col against key current. */
static int64_t
stale_count(struct th *t, enum sealed_column col, uint32_t current)
{
	int64_t	n = -1;

	assert_int_equal(sealed_count_stale(t->db, col, current, &n), ST_OK);
	return n;
}

/*
 * Rotation's view: rows sealed under another key than the current one,
 * by id, with what they are bound to; a rewrite happens only if the row
 * is still under the key rotation read.
 */
static void
test_sealed(void **state)
{
	struct th		*t = *state;
	struct people		 p;
	struct sealed_row	*rows;
	struct message		*m = NULL;
	struct conversation	*cv = NULL;
	unsigned char		 a[] = "old", b[] = "new", w[] = "writer";
	struct sealed		 olds = { a, 3, 1 }, fresh = { b, 3, 2 };
	struct sealed		 mine = { w, 6, 3 }, s;
	size_t			 n;
	int64_t			 c, d, m1, m2, m3, m4;

	people_make(t, &p);
	c = conv(t, CONV_DIRECT, p.ana, false, p.laia, (int64_t[]){ 0 });
	d = conv(t, CONV_DIRECT, p.ana, false, p.laia, (int64_t[]){ 0 });
	assert_int_equal(conversations_set_subject(t->db, c, &olds), ST_OK);
	assert_int_equal(conversations_set_subject(t->db, d + 1, &olds),
	    ST_NOTFOUND);
	m1 = say(t, d, p.ana);			/* key 1 */
	assert_int_equal(messages_create(t->db, c, p.ana, &m2), ST_OK);
	m3 = say(t, c, p.ana);			/* key 1 */
	m4 = say(t, d, p.ana);
	assert_int_equal(messages_set_body(t->db, m4, &fresh), ST_OK);

	/* m2 has no body: nothing to re-seal; m4 is current already. */
	assert_int_equal(stale_count(t, SEALED_MESSAGE_BODY, 2), 2);
	assert_int_equal(stale_count(t, SEALED_MESSAGE_BODY, 1), 1);
	assert_int_equal(stale_count(t, SEALED_CONV_SUBJECT, 2), 1);
	assert_int_equal(sealed_count_stale(t->db, SEALED_COLUMN_COUNT, 2,
	    &(int64_t){ 0 }), ST_INVALID);

	assert_int_equal(sealed_stale(t->db, SEALED_MESSAGE_BODY, 2, 1, &rows,
	    &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].row, m1);
	assert_int_equal(rows[0].bound, d);
	assert_int_equal(rows[0].text.key, 1);
	assert_int_equal(rows[0].text.len, 5);
	sealed_rows_free(rows, n);
	assert_int_equal(sealed_stale(t->db, SEALED_MESSAGE_BODY, 2, 10, &rows,
	    &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[1].row, m3);
	assert_int_equal(rows[1].bound, c);
	sealed_rows_free(rows, n);
	assert_int_equal(sealed_stale(t->db, SEALED_CONV_SUBJECT, 2, 10, &rows,
	    &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].row, c);
	assert_int_equal(rows[0].bound, c);
	assert_memory_equal(rows[0].text.blob, "old", 3);
	sealed_rows_free(rows, n);

	/* Re-sealed under key 2, m1 is no longer stale; only once. */
	assert_int_equal(sealed_rewrite(t->db, SEALED_MESSAGE_BODY, m1, 1,
	    &fresh), ST_OK);
	assert_int_equal(sealed_rewrite(t->db, SEALED_MESSAGE_BODY, m1, 1,
	    &fresh), ST_NOTFOUND);
	assert_int_equal(stale_count(t, SEALED_MESSAGE_BODY, 2), 1);
	assert_int_equal(messages_get(t->db, m1, &m), ST_OK);
	assert_int_equal(m->body.key, 2);
	assert_memory_equal(m->body.blob, "new", 3);
	message_free(m);

	/* A writer changed m3 after rotation read it: the writer wins. */
	assert_int_equal(messages_set_body(t->db, m3, &mine), ST_OK);
	assert_int_equal(sealed_rewrite(t->db, SEALED_MESSAGE_BODY, m3, 1,
	    &fresh), ST_NOTFOUND);
	assert_int_equal(messages_get(t->db, m3, &m), ST_OK);
	assert_int_equal(m->body.key, 3);
	assert_int_equal(m->body.len, 6);
	assert_memory_equal(m->body.blob, "writer", 6);
	message_free(m);
	/* Only that row changes. */
	assert_int_equal(sealed_rewrite(t->db, SEALED_CONV_SUBJECT, c, 1,
	    &fresh), ST_OK);
	assert_int_equal(conversations_get(t->db, c, 0, &cv), ST_OK);
	assert_int_equal(cv->subject.key, 2);
	conversation_free(cv);
	assert_int_equal(conversations_get(t->db, d, 0, &cv), ST_OK);
	assert_null(cv->subject.blob);
	conversation_free(cv);

	/* Each column is its own place: table and column. */
	assert_string_equal(sealed_table(SEALED_CONV_SUBJECT),
	    "conversations.subject");
	assert_string_equal(sealed_table(SEALED_MESSAGE_BODY), "messages.body");
	assert_string_equal(sealed_table(SEALED_MIRROR_DETAILS),
	    "mirror_requests.details");
	assert_string_equal(sealed_table(SEALED_MIRROR_PREFERENCE),
	    "mirror_requests.preference");
	assert_string_equal(sealed_table(SEALED_MIRROR_NOTE),
	    "mirror_events.note");
	assert_string_equal(sealed_table(SEALED_RATING_COMMENT),
	    "mirror_ratings.comment");

	s.blob = xmalloc(4);
	s.len = 4;
	s.key = 9;
	sealed_clear(&s);
	assert_null(s.blob);
	assert_int_equal(s.len, 0);
	assert_int_equal(s.key, 0);
}

/*
 * The mirror columns: written with raw SQL (mirror.c is not this file's
 * subject), each is found under its own key column and bound to its
 * request.
 */
static void
test_sealed_mirror(void **state)
{
	struct th		*t = *state;
	struct people		 p;
	struct sealed_row	*rows;
	struct sealed		 fresh = { (unsigned char *)"z", 1, 7 };
	size_t			 n;
	sqlite3			*sq;
	char			*sql;

	people_make(t, &p);
	sq = th_raw(t);
	xasprintf(&sql, "INSERT INTO mirror_requests (id, patient_id, topic, "
	    "details, details_key, preference, preference_key, created_at, "
	    "updated_at) VALUES (40, %lld, 0, X'01', 1, X'02', 7, 1, 1), "
	    "(41, %lld, 0, NULL, 0, X'03', 1, 1, 1);"
	    "INSERT INTO mirror_events (id, request_id, state, at, note, "
	    "note_key) VALUES (70, 41, 0, 1, X'04', 1);"
	    "INSERT INTO mirror_ratings (id, request_id, account_id, rating, "
	    "comment, comment_key, at) VALUES (90, 40, %lld, 5, X'05', 1, 1);",
	    (long long)p.ana, (long long)p.pere, (long long)p.ana);
	assert_int_equal(th_raw_exec(sq, sql), SQLITE_OK);
	free(sql);
	sqlite3_close(sq);

	assert_int_equal(stale_count(t, SEALED_MIRROR_DETAILS, 7), 1);
	assert_int_equal(stale_count(t, SEALED_MIRROR_PREFERENCE, 7), 1);
	assert_int_equal(sealed_stale(t->db, SEALED_MIRROR_PREFERENCE, 7, 10,
	    &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].row, 41);
	assert_int_equal(rows[0].bound, 41);
	sealed_rows_free(rows, n);
	assert_int_equal(sealed_stale(t->db, SEALED_MIRROR_NOTE, 7, 10,
	    &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].row, 70);
	assert_int_equal(rows[0].bound, 41);
	sealed_rows_free(rows, n);
	assert_int_equal(sealed_stale(t->db, SEALED_RATING_COMMENT, 7, 10,
	    &rows, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].row, 90);
	assert_int_equal(rows[0].bound, 40);
	sealed_rows_free(rows, n);

	/* Re-sealing details leaves the preference of the same row alone. */
	assert_int_equal(sealed_rewrite(t->db, SEALED_MIRROR_DETAILS, 40, 1,
	    &fresh), ST_OK);
	assert_int_equal(stale_count(t, SEALED_MIRROR_DETAILS, 7), 0);
	assert_int_equal(stale_count(t, SEALED_MIRROR_PREFERENCE, 7), 1);
	assert_int_equal(sealed_rewrite(t->db, SEALED_MIRROR_PREFERENCE, 40, 1,
	    &fresh), ST_NOTFOUND);
	assert_int_equal(sealed_rewrite(t->db, SEALED_COLUMN_COUNT, 40, 1,
	    &fresh), ST_INVALID);
}

/* Reports: one per reporter and message, read by many, resolved once. */
static void
test_reports(void **state)
{
	struct th		 *t = *state;
	struct people		  p;
	struct message_report	 *r = NULL, **list;
	size_t			  n;
	int64_t			  c, m, r1 = 0, r2 = 0, r3 = 0, count;

	people_make(t, &p);
	c = conv(t, CONV_DIRECT, p.ana, false, p.laia,
	    (int64_t[]){ p.ana, p.laia, 0 });
	m = say(t, c, p.laia);

	assert_int_equal(message_reports_create(t->db, m, p.ana, 2, &r1),
	    ST_OK);
	assert_int_equal(message_reports_create(t->db, m, p.ana, 1, &r3),
	    ST_EXISTS);
	assert_int_equal(r3, 0);
	assert_int_equal(message_reports_create(t->db, m, p.laia, 1, &r2),
	    ST_OK);
	assert_true(r1 > 0 && r2 > r1);

	assert_int_equal(message_reports_get(t->db, r1, &r), ST_OK);
	assert_int_equal(r->message_id, m);
	assert_int_equal(r->conversation_id, c);
	assert_int_equal(r->reporter_id, p.ana);
	assert_string_equal(r->reporter, "ana");
	assert_int_equal(r->reason, 2);
	assert_true(r->created_at > 0);
	assert_null(r->read_by);
	assert_int_equal(r->read_at, 0);
	assert_int_equal(r->resolved_at, 0);
	message_report_free(r);
	assert_int_equal(message_reports_get(t->db, r2 + 1, &r), ST_NOTFOUND);

	assert_int_equal(message_reports_count_open(t->db, &count), ST_OK);
	assert_int_equal(count, 2);
	assert_int_equal(message_reports_open(t->db, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0]->id, r1);
	assert_int_equal(list[1]->id, r2);
	message_reports_free_list(list, n);

	/* Each read replaces the last one. */
	assert_int_equal(message_reports_mark_read(t->db, r1, p.pau), ST_OK);
	assert_int_equal(message_reports_mark_read(t->db, r1, p.laia), ST_OK);
	assert_int_equal(message_reports_mark_read(t->db, r2 + 1, p.laia),
	    ST_NOTFOUND);
	assert_int_equal(message_reports_get(t->db, r1, &r), ST_OK);
	assert_string_equal(r->read_by, "laia");
	assert_true(r->read_at > 0);
	message_report_free(r);

	assert_int_equal(message_reports_resolve(t->db, r1, p.pau, 3), ST_OK);
	assert_int_equal(message_reports_resolve(t->db, r1, p.laia, 1),
	    ST_NOTFOUND);
	assert_int_equal(message_reports_get(t->db, r1, &r), ST_OK);
	assert_int_equal(r->outcome, 3);
	assert_true(r->resolved_at > 0);
	message_report_free(r);
	assert_int_equal(message_reports_count_open(t->db, &count), ST_OK);
	assert_int_equal(count, 1);
	assert_int_equal(message_reports_open(t->db, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0]->id, r2);
	message_reports_free_list(list, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_setup, th_teardown)
		T(test_inbox),
		T(test_unread),
		T(test_archive),
		T(test_take_close),
		T(test_messages),
		T(test_sealed),
		T(test_sealed_mirror),
		T(test_reports),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
