/*
 * test_forum.c: boards, threads, posts, unread counts, moderation and
 * search, through the domain functions the UI calls.
 *
 * Each test builds a small community: an admin makes an open board, a
 * board closed to patients and a pre-moderated board; two patients, a
 * professional and a moderator act in them.  The pattern files are the
 * shipped ones (tests run from the repository's top directory).
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

#define ALL_ROLES	(ROLE_BIT(ROLE_PATIENT) | ROLE_BIT(ROLE_EXPERT) | \
			 ROLE_BIT(ROLE_PROFESSIONAL) | \
			 ROLE_BIT(ROLE_MODERATOR) | ROLE_BIT(ROLE_ADMIN))
#define STAFF_ROLES	(ROLE_BIT(ROLE_PROFESSIONAL) | \
			 ROLE_BIT(ROLE_MODERATOR) | ROLE_BIT(ROLE_ADMIN))

struct community {
	struct th	*t;
	struct actor	 admin, ana, pere, laia, jordi, marta, recerca;
	int64_t		 open, staff, premod;
};

/* community_board makes a board as the admin. */
static int64_t
community_board(struct community *c, const char *name, unsigned rd,
    unsigned wr, bool premod)
{
	struct board	b;
	char		*err = NULL;

	memset(&b, 0, sizeof b);
	b.name = xstrdup(name);
	b.description = xstrdup("a board for the tests");
	b.read_roles = rd;
	b.post_roles = wr;
	b.premoderated = premod;
	assert_int_equal(board_save(c->t->db, &c->admin, &b, &err), ST_OK);
	assert_null(err);
	free(b.name);
	free(b.description);
	return b.id;
}

/* setup builds the community of every test. */
static int
setup(void **state)
{
	struct community	*c;
	char			*err = NULL;

	c = xcalloc(1, sizeof *c);
	if (th_setup((void **)&c->t) != 0)
		return -1;
	if (patterns_load(c->t->conf, &err) != ST_OK) {
		fprintf(stderr, "patterns: %s\n", err);
		return -1;
	}
#define P(who, name, role) \
	c->who = th_actor(th_account(c->t, name, role, NULL), role, name)
	P(admin, "admin", ROLE_ADMIN);
	P(ana, "ana", ROLE_PATIENT);
	P(pere, "pere", ROLE_PATIENT);
	P(laia, "laia", ROLE_PROFESSIONAL);
	P(jordi, "jordi", ROLE_MODERATOR);
	P(marta, "marta", ROLE_EXPERT);
	P(recerca, "recerca", ROLE_RESEARCHER);
#undef P
	/* The members agreed to take part in the community (test_consent). */
	th_consent_all(c->t->db, c->ana.id);
	th_consent_all(c->t->db, c->pere.id);
	th_consent_all(c->t->db, c->marta.id);
	c->open = community_board(c, "Introductions", ALL_ROLES, ALL_ROLES,
	    false);
	c->staff = community_board(c, "Staff room", STAFF_ROLES, STAFF_ROLES,
	    false);
	c->premod = community_board(c, "Ask a professional", ALL_ROLES,
	    ALL_ROLES, true);
	*state = c;
	return 0;
}

/* teardown removes the community. */
static int
teardown(void **state)
{
	struct community	*c = *state;
	int			 rc;

	rc = th_teardown((void **)&c->t);
	free(c);
	return rc;
}

/* thread starts a thread and returns the result; the call must work. */
static struct post_result
thread(struct community *c, const struct actor *a, int64_t board,
    const char *title, const char *body)
{
	struct post_result	 res;
	char			*err = NULL;

	assert_int_equal(forum_new_thread(c->t->db, c->t->conf, a, board,
	    title, body, &res, &err), ST_OK);
	assert_null(err);
	return res;
}

/* reply answers a thread; the call must work. */
static struct post_result
reply(struct community *c, const struct actor *a, int64_t thread_id,
    const char *body)
{
	struct post_result	 res;
	char			*err = NULL;

	assert_int_equal(forum_reply(c->t->db, c->t->conf, a, thread_id, body,
	    &res, &err), ST_OK);
	assert_null(err);
	return res;
}

/* sees tells whether a can open post id. */
static bool
sees(struct community *c, const struct actor *a, int64_t id)
{
	struct post	*p = NULL;
	int		 st;

	st = forum_post(c->t->db, a, id, &p);
	post_free(p);
	return st == ST_OK;
}

/* unread returns a's new posts over every board. */
static int64_t
unread(struct community *c, const struct actor *a)
{
	int64_t	n = -1;

	assert_int_equal(board_unread_total(c->t->db, a, &n), ST_OK);
	return n;
}

/* hits counts what a finds for text; the search must not fail. */
static size_t
hits(struct community *c, const struct actor *a, const char *text)
{
	struct search_hit	**list = NULL;
	size_t			  n = 0;

	assert_int_equal(search_run(c->t->db, a, text, &list, &n), ST_OK);
	search_free_list(list, n);
	return n;
}

/* Boards: who sees which, and who may manage them. */
static void
test_boards_follow_roles(void **state)
{
	struct community	 *c = *state;
	struct board		**list = NULL, *b = NULL, nb;
	size_t			  n = 0;
	char			 *err = NULL;

	assert_int_equal(board_list(c->t->db, &c->ana, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	boards_free_list(list, n);
	assert_int_equal(board_list(c->t->db, &c->laia, &list, &n), ST_OK);
	assert_int_equal(n, 3);
	boards_free_list(list, n);
	/* Guessing the id of a closed board gives "not found". */
	assert_int_equal(board_get(c->t->db, &c->ana, c->staff, &b),
	    ST_NOTFOUND);
	assert_null(b);
	assert_int_equal(board_list(c->t->db, &c->recerca, &list, &n),
	    ST_DENIED);
	/* Only admins manage boards. */
	memset(&nb, 0, sizeof nb);
	nb.name = xstrdup("Mine");
	nb.read_roles = nb.post_roles = ALL_ROLES;
	assert_int_equal(board_save(c->t->db, &c->laia, &nb, &err),
	    ST_DENIED);
	assert_int_equal(board_save(c->t->db, &c->ana, &nb, &err), ST_DENIED);
	assert_int_equal(board_move(c->t->db, &c->jordi, c->open, 1),
	    ST_DENIED);
	/* Posting roles must read; a name is needed and unique. */
	nb.read_roles = ROLE_BIT(ROLE_ADMIN);
	assert_int_equal(board_save(c->t->db, &c->admin, &nb, &err),
	    ST_INVALID);
	assert_non_null(err);
	free(err);
	nb.read_roles = ALL_ROLES;
	free(nb.name);
	nb.name = xstrdup("introductions");
	assert_int_equal(board_save(c->t->db, &c->admin, &nb, &err),
	    ST_EXISTS);
	free(err);
	free(nb.name);
	free(nb.description);
}

/* Reordering: a board moves one place; the ends stay put. */
static void
test_board_move(void **state)
{
	struct community	 *c = *state;
	struct board		**list = NULL;
	size_t			  n = 0;

	assert_int_equal(board_move(c->t->db, &c->admin, c->premod, -1),
	    ST_OK);
	assert_int_equal(board_move(c->t->db, &c->admin, c->premod, -1),
	    ST_OK);
	assert_int_equal(board_move(c->t->db, &c->admin, c->premod, -1),
	    ST_OK);
	assert_int_equal(board_move(c->t->db, &c->admin, c->open, 1), ST_OK);
	assert_int_equal(board_list(c->t->db, &c->laia, &list, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0]->id, c->premod);
	assert_int_equal(list[1]->id, c->staff);
	assert_int_equal(list[2]->id, c->open);
	boards_free_list(list, n);
	assert_int_equal(board_move(c->t->db, &c->admin, 999, 1),
	    ST_NOTFOUND);
}

/* Posting where the role may only read is refused with a reason. */
static void
test_post_needs_post_role(void **state)
{
	struct community	*c = *state;
	struct post_result	 res;
	char			*err = NULL;
	int64_t			 ro;

	ro = community_board(c, "Notices", ALL_ROLES, STAFF_ROLES, false);
	assert_int_equal(forum_new_thread(c->t->db, c->t->conf, &c->ana, ro,
	    "Hello", "Hi", &res, &err), ST_DENIED);
	assert_non_null(err);
	free(err);
	assert_int_equal(forum_new_thread(c->t->db, c->t->conf, &c->ana,
	    c->staff, "Hello", "Hi", &res, &err), ST_NOTFOUND);
	assert_int_equal(forum_new_thread(c->t->db, c->t->conf, &c->recerca,
	    c->open, "Hello", "Hi", &res, &err), ST_NOTFOUND);
	res = thread(c, &c->laia, ro, "Group on Tuesday", "Welcome all.");
	assert_int_equal(res.state, POST_VISIBLE);
}

/* A thread and replies, the badge role, and paging positions. */
static void
test_post_and_reply(void **state)
{
	struct community	 *c = *state;
	struct post_result	  t, r;
	struct post		**posts = NULL;
	size_t			  n = 0, idx;
	int64_t			  total = 0;

	t = thread(c, &c->ana, c->open, "Hello from Girona", "I am new.");
	assert_int_equal(t.state, POST_VISIBLE);
	r = reply(c, &c->laia, t.thread_id, "Welcome, Ana.");
	reply(c, &c->pere, t.thread_id, "Hi Ana!");
	assert_int_equal(forum_posts(c->t->db, &c->pere, t.thread_id, 1, 20,
	    &posts, &n, &total), ST_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 2);
	assert_int_equal(posts[0]->author_role, ROLE_PROFESSIONAL);
	assert_string_equal(role_badge(posts[0]->author_role), "[PRO]");
	posts_free_list(posts, n);
	assert_int_equal(forum_post_index(c->t->db, &c->pere, t.thread_id,
	    r.post_id, &idx), ST_OK);
	assert_int_equal(idx, 1);
}

/* Unread counts: others' new posts, not one's own, gone once read. */
static void
test_unread_counts(void **state)
{
	struct community	*c = *state;
	struct post_result	 t, r;
	size_t			 first;

	assert_int_equal(unread(c, &c->pere), 0);
	t = thread(c, &c->ana, c->open, "Sleep", "I cannot sleep.");
	reply(c, &c->ana, t.thread_id, "Still awake.");
	assert_int_equal(unread(c, &c->ana), 0);
	assert_int_equal(unread(c, &c->pere), 2);
	assert_int_equal(forum_first_unread(c->t->db, &c->pere, t.thread_id,
	    &first), ST_OK);
	assert_int_equal(first, 0);
	assert_int_equal(forum_mark_read(c->t->db, &c->pere, t.thread_id,
	    t.post_id), ST_OK);
	assert_int_equal(unread(c, &c->pere), 1);
	assert_int_equal(forum_first_unread(c->t->db, &c->pere, t.thread_id,
	    &first), ST_OK);
	assert_int_equal(first, 1);
	r = reply(c, &c->pere, t.thread_id, "Me neither.");
	/* Writing a reply marks the thread read up to it. */
	assert_int_equal(unread(c, &c->pere), 0);
	assert_int_equal(unread(c, &c->ana), 1);
	assert_int_equal(forum_mark_read(c->t->db, &c->ana, t.thread_id,
	    r.post_id), ST_OK);
	assert_int_equal(unread(c, &c->ana), 0);
	/* A post staff hide no longer counts. */
	r = reply(c, &c->pere, t.thread_id, "Buy my pillow.");
	assert_int_equal(unread(c, &c->ana), 1);
	assert_int_equal(mod_hide(c->t->db, &c->jordi, r.post_id, HIDE_SPAM,
	    ""), ST_OK);
	assert_int_equal(unread(c, &c->ana), 0);
}

/* Counting stops at the cap; reading everything brings it to zero. */
static void
test_unread_cap(void **state)
{
	struct community	*c = *state;
	struct post_result	 t;
	int64_t			 id = 0;
	int			 i;

	t = thread(c, &c->pere, c->open, "Long one", "The first post.");
	assert_int_equal(db_begin(c->t->db), ST_OK);
	for (i = 0; i < READS_UNREAD_CAP + 5; i++)
		assert_int_equal(posts_create(c->t->db, t.thread_id, c->pere.id,
		    ROLE_PATIENT, "again", POST_VISIBLE, 0, false, &id), ST_OK);
	assert_int_equal(db_commit(c->t->db), ST_OK);
	assert_int_equal(unread(c, &c->ana), READS_UNREAD_CAP);
	assert_int_equal(forum_mark_read(c->t->db, &c->ana, t.thread_id, id),
	    ST_OK);
	assert_int_equal(unread(c, &c->ana), 0);
	assert_int_equal(unread(c, &c->pere), 0);
}

/*
 * The floor that keeps counting cheap never passes a post that waits for
 * approval: once approved, it still counts as new for those who caught up.
 */
static void
test_unread_after_late_approval(void **state)
{
	struct community	*c = *state;
	struct post_result	 held, busy;
	int64_t			 id = 0;
	int			 i;

	held = thread(c, &c->ana, c->premod, "Late", "Waiting for approval.");
	assert_int_equal(held.state, POST_PENDING);
	busy = thread(c, &c->laia, c->premod, "Busy", "Many answers.");
	assert_int_equal(db_begin(c->t->db), ST_OK);
	for (i = 0; i < 200; i++)
		assert_int_equal(posts_create(c->t->db, busy.thread_id,
		    c->laia.id, ROLE_PROFESSIONAL, "answer", POST_VISIBLE, 0,
		    false, &id), ST_OK);
	assert_int_equal(db_commit(c->t->db), ST_OK);
	assert_int_equal(forum_mark_read(c->t->db, &c->pere, busy.thread_id,
	    id), ST_OK);
	assert_int_equal(unread(c, &c->pere), 0);
	assert_int_equal(mod_approve(c->t->db, &c->jordi, held.post_id),
	    ST_OK);
	assert_int_equal(unread(c, &c->pere), 1);
}

/* Limits: exactly the maximum is fine, one more says the limit. */
static void
test_limits(void **state)
{
	struct community	*c = *state;
	struct post_result	 res;
	char			*title, *body, *err = NULL;
	int			 max_t = c->t->conf->max_title_length;
	int			 max_p = c->t->conf->max_post_length;

	title = xcalloc(1, (size_t)max_t * 2 + 2);
	memset(title, 'a', (size_t)max_t);
	body = xcalloc(1, (size_t)max_p * 2 + 2);
	memset(body, 'b', (size_t)max_p);
	assert_int_equal(forum_new_thread(c->t->db, c->t->conf, &c->ana,
	    c->open, title, body, &res, &err), ST_OK);
	title[max_t] = 'a';
	assert_int_equal(forum_new_thread(c->t->db, c->t->conf, &c->ana,
	    c->open, title, "short", &res, &err), ST_INVALID);
	assert_non_null(strstr(err, "120"));
	free(err);
	err = NULL;
	title[max_t] = '\0';
	body[max_p] = 'b';
	assert_int_equal(forum_reply(c->t->db, c->t->conf, &c->ana,
	    res.thread_id == 0 ? 1 : res.thread_id, body, &res, &err),
	    ST_INVALID);
	assert_non_null(strstr(err, "8000"));
	assert_non_null(strstr(err, "8001"));
	free(err);
	err = NULL;
	/* Code points count, not bytes: 8000 "é" fit. */
	free(body);
	body = xcalloc(1, (size_t)max_p * 2 + 1);
	for (int i = 0; i < max_p; i++)
		memcpy(body + 2 * i, "\xc3\xa9", 2);
	assert_int_equal(forum_new_thread(c->t->db, c->t->conf, &c->ana,
	    c->open, "Accents", body, &res, &err), ST_OK);
	assert_int_equal(forum_new_thread(c->t->db, c->t->conf, &c->ana,
	    c->open, "  ", "x", &res, &err), ST_INVALID);
	free(err);
	free(title);
	free(body);
}

/* Editing and deleting one's own post; never another's. */
static void
test_edit_and_delete_own(void **state)
{
	struct community	*c = *state;
	struct post_result	 t, r, res;
	struct post		*p = NULL;
	char			*err = NULL;

	t = thread(c, &c->ana, c->open, "Radiotherapy", "Day one: tired.");
	r = reply(c, &c->pere, t.thread_id, "Hang in there.");
	assert_int_equal(forum_edit(c->t->db, c->t->conf, &c->ana, t.post_id,
	    "Radiotherapy diary", "Day one: very tired.", &res, &err), ST_OK);
	assert_int_equal(forum_post(c->t->db, &c->pere, t.post_id, &p), ST_OK);
	assert_true(p->edited_at > 0);
	assert_string_equal(p->body, "Day one: very tired.");
	assert_string_equal(p->thread_title, "Radiotherapy diary");
	post_free(p);
	assert_int_equal(forum_edit(c->t->db, c->t->conf, &c->ana, r.post_id,
	    NULL, "changed", &res, &err), ST_DENIED);
	assert_int_equal(forum_edit(c->t->db, c->t->conf, &c->jordi,
	    r.post_id, NULL, "changed", &res, &err), ST_DENIED);
	assert_int_equal(forum_delete(c->t->db, &c->ana, r.post_id),
	    ST_DENIED);
	assert_int_equal(forum_delete(c->t->db, &c->pere, r.post_id), ST_OK);
	assert_int_equal(forum_post(c->t->db, &c->ana, r.post_id, &p), ST_OK);
	assert_true(p->deleted_at > 0);
	assert_string_equal(p->body, "");
	post_free(p);
	/* The search index follows edits and deletions. */
	assert_int_equal(hits(c, &c->pere, "diary"), 1);
	assert_int_equal(hits(c, &c->pere, "hang"), 0);
}

/* A pre-moderated board holds a post until a moderator approves it. */
static void
test_premoderated_board(void **state)
{
	struct community	 *c = *state;
	struct post_result	  t;
	struct notification	**notes = NULL;
	size_t			  n = 0;
	int64_t			  queued, urgent;

	t = thread(c, &c->ana, c->premod, "Question on scans", "Is it normal "
	    "to feel anxious before each scan?");
	assert_int_equal(t.state, POST_PENDING);
	assert_int_equal(t.hold, POST_HOLD_PREMODERATED);
	assert_true(sees(c, &c->ana, t.post_id));
	assert_false(sees(c, &c->pere, t.post_id));
	assert_int_equal(unread(c, &c->pere), 0);
	assert_int_equal(hits(c, &c->pere, "scans"), 0);
	assert_int_equal(mod_queue_count(c->t->db, &c->laia, &queued,
	    &urgent), ST_OK);
	assert_int_equal(queued, 1);
	assert_int_equal(urgent, 0);
	assert_int_equal(mod_approve(c->t->db, &c->ana, t.post_id), ST_DENIED);
	assert_int_equal(mod_approve(c->t->db, &c->laia, t.post_id), ST_OK);
	assert_true(sees(c, &c->pere, t.post_id));
	assert_int_equal(hits(c, &c->pere, "scans"), 1);
	assert_int_equal(notify_list(c->t->db, &c->ana, &notes, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(notes[0]->kind, NOTE_POST_APPROVED);
	notifications_free_list(notes, n);
	/* Staff answers in a pre-moderated board are not held. */
	assert_int_equal(reply(c, &c->laia, t.thread_id, "Yes, very common.")
	    .state, POST_VISIBLE);
}

/* A report hides the post from others; a moderator then hides it. */
static void
test_report_then_hide(void **state)
{
	struct community	 *c = *state;
	struct post_result	  t, r;
	struct notification	**notes = NULL;
	struct report		**reports = NULL;
	struct post		**queue = NULL;
	size_t			  n = 0;

	t = thread(c, &c->ana, c->open, "Tiredness", "Anyone else exhausted?");
	r = reply(c, &c->pere, t.thread_id, "Miracle juice cures it, "
	    "stop your chemo.");
	assert_int_equal(mod_report(c->t->db, &c->pere, r.post_id,
	    REPORT_MISINFO, ""), ST_INVALID);	/* one's own */
	assert_int_equal(mod_report(c->t->db, &c->ana, r.post_id,
	    REPORT_MISINFO, "this is dangerous"), ST_OK);
	assert_false(sees(c, &c->marta, r.post_id));
	assert_true(sees(c, &c->pere, r.post_id));
	assert_true(sees(c, &c->jordi, r.post_id));
	assert_int_equal(mod_queue(c->t->db, &c->ana, 0, 10, &queue, &n),
	    ST_DENIED);
	assert_int_equal(mod_queue(c->t->db, &c->jordi, 0, 10, &queue, &n),
	    ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(queue[0]->reports, 1);
	posts_free_list(queue, n);
	assert_int_equal(mod_reports(c->t->db, &c->jordi, r.post_id, &reports,
	    &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(reports[0]->reason, REPORT_MISINFO);
	reports_free_list(reports, n);
	assert_int_equal(mod_hide(c->t->db, &c->ana, r.post_id, HIDE_MISINFO,
	    ""), ST_DENIED);
	assert_int_equal(mod_hide(c->t->db, &c->jordi, r.post_id, HIDE_MISINFO,
	    "Please talk to your team before changing treatment."), ST_OK);
	assert_false(sees(c, &c->ana, r.post_id));
	assert_int_equal(hits(c, &c->ana, "miracle juice"), 0);
	assert_int_equal(hits(c, &c->jordi, "miracle juice"), 0);
	assert_int_equal(notify_list(c->t->db, &c->pere, &notes, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(notes[0]->kind, NOTE_POST_HIDDEN);
	assert_int_equal(notes[0]->reason, HIDE_MISINFO);
	assert_string_equal(notes[0]->thread_title, "Tiredness");
	notifications_free_list(notes, n);
	assert_int_equal(mod_restore(c->t->db, &c->jordi, r.post_id), ST_OK);
	assert_true(sees(c, &c->ana, r.post_id));
}

/* Risk language: held from others, urgent, R3 raised, never blocked. */
static void
test_risk_language(void **state)
{
	struct community	*c = *state;
	struct post_result	 t;
	int64_t			 queued, urgent, alerts;

	t = thread(c, &c->ana, c->open, "Tonight", "Some nights I just want "
	    "to die.");
	assert_int_equal(t.state, POST_HELD);
	assert_true(t.found & PAT_BIT(PAT_RISK));
	assert_true(sees(c, &c->ana, t.post_id));
	assert_false(sees(c, &c->pere, t.post_id));
	assert_true(sees(c, &c->laia, t.post_id));
	assert_int_equal(mod_queue_count(c->t->db, &c->jordi, &queued,
	    &urgent), ST_OK);
	assert_int_equal(urgent, 1);
	assert_int_equal(alerts_count_open(c->t->db, &alerts), ST_OK);
	assert_int_equal(alerts, 1);
}

/* Contact details are stored but wait for a moderator. */
static void
test_contact_details_held(void **state)
{
	struct community	*c = *state;
	struct post_result	 t;

	t = thread(c, &c->ana, c->open, "Walks", "Write to me at "
	    "ana.garcia@example.com and we can walk together.");
	assert_int_equal(t.state, POST_PENDING);
	assert_true(t.hold & POST_HOLD_CONTACT);
	assert_false(sees(c, &c->pere, t.post_id));
}

/* A locked thread refuses members' replies; moderators still answer. */
static void
test_locked_thread(void **state)
{
	struct community	*c = *state;
	struct post_result	 t, res;
	char			*err = NULL;

	t = thread(c, &c->ana, c->open, "Wigs", "Where to buy one?");
	assert_int_equal(mod_lock(c->t->db, &c->ana, t.thread_id, true),
	    ST_DENIED);
	assert_int_equal(mod_lock(c->t->db, &c->jordi, t.thread_id, true),
	    ST_OK);
	assert_int_equal(forum_reply(c->t->db, c->t->conf, &c->pere,
	    t.thread_id, "Try the hospital shop", &res, &err), ST_DENIED);
	assert_non_null(err);
	free(err);
	reply(c, &c->jordi, t.thread_id, "Locked: see the pinned thread.");
	assert_int_equal(mod_lock(c->t->db, &c->jordi, t.thread_id, false),
	    ST_OK);
	reply(c, &c->pere, t.thread_id, "Thanks");
}

/* Suspension stops posting for the period, with the reason. */
static void
test_suspension(void **state)
{
	struct community	*c = *state;
	struct post_result	 res;
	char			*err = NULL;

	assert_int_equal(mod_suspend(c->t->db, &c->ana, c->pere.id, 3,
	    "insults"), ST_DENIED);
	assert_int_equal(mod_suspend(c->t->db, &c->jordi, c->laia.id, 3,
	    "insults"), ST_DENIED);
	assert_int_equal(mod_suspend(c->t->db, &c->jordi, c->pere.id, 0,
	    "insults"), ST_INVALID);
	assert_int_equal(mod_suspend(c->t->db, &c->jordi, c->pere.id, 3, ""),
	    ST_INVALID);
	assert_int_equal(mod_suspend(c->t->db, &c->admin, c->pere.id, 3,
	    "insults to another member"), ST_OK);
	assert_int_equal(forum_new_thread(c->t->db, c->t->conf, &c->pere,
	    c->open, "Hi", "Hello", &res, &err), ST_DENIED);
	assert_non_null(strstr(err, "insults to another member"));
	free(err);
}

/* Moving a thread, pinning: moderators only, audited. */
static void
test_move_and_pin(void **state)
{
	struct community	*c = *state;
	struct post_result	 t;
	struct thread		*th = NULL;
	size_t			 before;

	t = thread(c, &c->ana, c->open, "Question", "About scans");
	before = th_audit_count(c->t);
	assert_int_equal(mod_move(c->t->db, &c->ana, t.thread_id, c->premod),
	    ST_DENIED);
	assert_int_equal(mod_move(c->t->db, &c->jordi, t.thread_id,
	    c->premod), ST_OK);
	assert_int_equal(mod_pin(c->t->db, &c->jordi, t.thread_id, true),
	    ST_OK);
	assert_int_equal(th_audit_count(c->t), before + 2);
	assert_int_equal(forum_thread(c->t->db, &c->pere, t.thread_id, &th),
	    ST_OK);
	assert_int_equal(th->board_id, c->premod);
	assert_true(th->pinned);
	thread_free(th);
	/* Its posts moved too: they count on the new board. */
	assert_int_equal(unread(c, &c->pere), 1);
}

/* The monthly report counts decisions by reason and the median wait. */
static void
test_month_report(void **state)
{
	struct community	*c = *state;
	struct post_result	 t, r, pend;
	struct mod_month	 m;
	struct tm		 tm;
	time_t			 now = time(NULL);
	int64_t			 wait;

	gmtime_r(&now, &tm);
	t = thread(c, &c->ana, c->open, "Fatigue", "Any tips?");
	r = reply(c, &c->pere, t.thread_id, "Buy my miracle pills.");
	pend = thread(c, &c->ana, c->premod, "Scans", "Anxious before scans.");
	assert_int_equal(mod_report(c->t->db, &c->ana, r.post_id,
	    REPORT_SPAM, ""), ST_OK);
	assert_int_equal(mod_hide(c->t->db, &c->jordi, r.post_id, HIDE_SPAM,
	    ""), ST_OK);
	assert_int_equal(mod_approve(c->t->db, &c->laia, pend.post_id),
	    ST_OK);
	assert_int_equal(mod_lock(c->t->db, &c->jordi, t.thread_id, true),
	    ST_OK);
	assert_int_equal(mod_month(c->t->db, &c->ana, tm.tm_year + 1900,
	    tm.tm_mon + 1, &m), ST_DENIED);
	assert_int_equal(mod_month(c->t->db, &c->jordi, tm.tm_year + 1900,
	    13, &m), ST_INVALID);
	assert_int_equal(mod_month(c->t->db, &c->jordi, tm.tm_year + 1900,
	    tm.tm_mon + 1, &m), ST_OK);
	assert_int_equal(m.actions[MODACT_HIDE], 1);
	assert_int_equal(m.actions[MODACT_APPROVE], 1);
	assert_int_equal(m.actions[MODACT_LOCK], 1);
	assert_int_equal(m.actions[MODACT_RESTORE], 0);
	assert_int_equal(m.hidden[HIDE_SPAM], 1);
	assert_int_equal(m.reports[REPORT_SPAM], 1);
	assert_int_equal(m.decided, 2);
	assert_true(m.median_wait >= 0 && m.median_wait <= 2);
	assert_int_equal(m.waiting, 0);
	assert_true(m.from <= (int64_t)now && (int64_t)now < m.to);
	/* Three more waits (100, 300, 200 s) beside two of 0: median 100. */
	assert_int_equal(db_begin(c->t->db), ST_OK);
	assert_int_equal(modlog_add(c->t->db, "approve", -1, c->jordi.id,
	    "post", 1, db_now() - 100), ST_OK);
	assert_int_equal(modlog_add(c->t->db, "approve", -1, c->jordi.id,
	    "post", 1, db_now() - 300), ST_OK);
	assert_int_equal(modlog_add(c->t->db, "hide", HIDE_ABUSE, c->jordi.id,
	    "post", 1, db_now() - 200), ST_OK);
	assert_int_equal(db_commit(c->t->db), ST_OK);
	assert_int_equal(mod_month(c->t->db, &c->laia, tm.tm_year + 1900,
	    tm.tm_mon + 1, &m), ST_OK);
	assert_int_equal(m.decided, 5);
	wait = m.median_wait;
	assert_true(wait >= 99 && wait <= 102);
	assert_int_equal(m.hidden[HIDE_ABUSE], 1);
	/* December ends at the new year. */
	assert_int_equal(mod_month(c->t->db, &c->laia, 2025, 12, &m), ST_OK);
	assert_int_equal(m.to - m.from, 31 * 86400);
	assert_int_equal(m.actions[MODACT_HIDE], 0);
}

/* Search: accents fold, hostile syntax never fails, closed boards hide. */
static void
test_search(void **state)
{
	struct community	*c = *state;
	static const char	*hostile[] = {
		"\"", "*", "NEAR(", "-", "\"unbalanced", "a OR b", "NOT",
		"quimio*", "(", ")", "^", ":", "title:x", "\"\"\"", "'", "",
		"   ", "NEAR(a b, 5)", "{a b}", "-quimioterapia", "a AND",
		"\xf0\x9f\x98\x80", "+", "OR OR OR",
	};
	size_t			 i;

	thread(c, &c->ana, c->open, "Quimioteràpia i cansament",
	    "La quimioteràpia em deixa sense forces.");
	thread(c, &c->laia, c->staff, "Quimioterapia: turnos",
	    "Reunión sobre quimioterapia.");
	assert_int_equal(hits(c, &c->pere, "quimioterapia"), 1);
	assert_int_equal(hits(c, &c->pere, "QUIMIOTERÀPIA"), 1);
	assert_int_equal(hits(c, &c->laia, "quimioterapia"), 2);
	assert_int_equal(hits(c, &c->pere, "quimio"), 1);
	assert_int_equal(hits(c, &c->pere, "sense forces"), 1);
	assert_int_equal(hits(c, &c->pere, "forces sense"), 1);
	assert_int_equal(hits(c, &c->pere, "-quimioterapia"), 1);
	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
		(void)hits(c, &c->pere, hostile[i]);
	assert_int_equal(hits(c, &c->pere, "\"quimioterapia"), 1);
	assert_int_equal(hits(c, &c->pere, "quimioterapia*)"), 1);
	/* Words are ANDed: "near" is just a word nobody wrote. */
	assert_int_equal(hits(c, &c->pere, "NEAR(quimioterapia"), 0);
}

/* The query builder quotes every word and drops all syntax. */
static void
test_search_query(void **state)
{
	char	*q;

	(void)state;
	assert_null(search_query(""));
	assert_null(search_query("\" * ( ) - : ^ ( \"\" {} + ."));
	q = search_query("sleep");
	assert_string_equal(q, "\"sleep\" *");
	free(q);
	q = search_query("NEAR(a b");
	assert_string_equal(q, "\"NEAR\" \"a\" \"b\"");
	free(q);
	q = search_query("\"fear of\" recurrence-");
	assert_string_equal(q, "\"fear\" \"of\" \"recurrence\"");
	free(q);
	q = search_query("quimioteràpia");
	assert_string_equal(q, "\"quimioteràpia\" *");
	free(q);
	q = search_query("a b c d e f g h i j k");
	assert_string_equal(q, "\"a\" \"b\" \"c\" \"d\" \"e\" \"f\" \"g\" "
	    "\"h\"");
	free(q);
}

/* Guessing ids of hidden posts or closed boards' threads: not found. */
static void
test_ids_cannot_be_guessed(void **state)
{
	struct community	 *c = *state;
	struct post_result	  t, h;
	struct thread		 *th = NULL;
	struct post		**posts = NULL;
	size_t			  n = 0;
	int64_t			  total = 0;

	t = thread(c, &c->laia, c->staff, "Rota", "Who covers Friday?");
	assert_int_equal(forum_thread(c->t->db, &c->ana, t.thread_id, &th),
	    ST_NOTFOUND);
	assert_int_equal(forum_posts(c->t->db, &c->ana, t.thread_id, 0, 10,
	    &posts, &n, &total), ST_NOTFOUND);
	assert_false(sees(c, &c->ana, t.post_id));
	h = thread(c, &c->pere, c->open, "Spam", "Visit www.example.com");
	assert_false(sees(c, &c->ana, h.post_id));
	assert_int_equal(forum_thread(c->t->db, &c->ana, h.thread_id, &th),
	    ST_NOTFOUND);
	assert_false(sees(c, &c->ana, 999999));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_boards_follow_roles),
		T(test_board_move),
		T(test_post_needs_post_role),
		T(test_post_and_reply),
		T(test_unread_counts),
		T(test_unread_cap),
		T(test_unread_after_late_approval),
		T(test_limits),
		T(test_edit_and_delete_own),
		T(test_premoderated_board),
		T(test_report_then_hide),
		T(test_risk_language),
		T(test_contact_details_held),
		T(test_locked_thread),
		T(test_suspension),
		T(test_move_and_pin),
		T(test_month_report),
		T(test_search),
		cmocka_unit_test(test_search_query),
		T(test_ids_cannot_be_guessed),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
