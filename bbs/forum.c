/*
 * forum.c: threads and posts as a member reads and writes them.
 *
 * Every function looks its object up through what the actor may see: a
 * board the actor's role reads, a thread whose opening post is visible
 * (or the actor's own, or any for moderators), a post that is visible (or
 * the actor's own, or any for moderators).  Anything else is "not found",
 * whatever the id.
 *
 * Text is checked before it is stored: too long is refused with the
 * limit; contact details, banned words and risk language are stored but
 * held for a moderator (bbs/patterns.c).  Staff posts are not held: they
 * publish service information, and the risk rule concerns patients.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

/* forum_may_moderate tells whether the actor moderates the boards. */
bool
forum_may_moderate(const struct actor *actor)
{
	return role_may(actor, ACT_MODERATE, NULL);
}

/* forum_may_edit tells whether the actor may edit or delete a post. */
bool
forum_may_edit(const struct actor *actor, const struct post *p)
{
	struct target	t = TARGET_NONE;

	t.owner_id = p->author_id;
	return p->deleted_at == 0 && role_may(actor, ACT_POST_EDIT, &t);
}

/* forum_sees tells whether the actor sees an object in state by author. */
static bool
forum_sees(const struct actor *actor, int state, int64_t author)
{
	return state == POST_VISIBLE || author == actor->id ||
	    forum_may_moderate(actor);
}

/* forum_threads returns a page of a board's threads the actor sees. */
int
forum_threads(struct db *db, const struct actor *actor, int64_t board,
    size_t offset, size_t limit, struct thread ***out, size_t *n,
    int64_t *total)
{
	struct board	*b = NULL;
	bool		 all = forum_may_moderate(actor);
	int		 st;

	*out = NULL;
	*n = 0;
	*total = 0;
	if ((st = board_get(db, actor, board, &b)) != ST_OK)
		return st;
	board_free(b);
	if ((st = boards_count_threads(db, board, actor->id, all, total)) !=
	    ST_OK)
		return st;
	return threads_list(db, board, actor->id, all, offset, limit, out, n);
}

/* forum_thread returns a thread the actor may see; ST_NOTFOUND if not. */
int
forum_thread(struct db *db, const struct actor *actor, int64_t id,
    struct thread **out)
{
	struct board	*b = NULL;
	int		 st;

	if ((st = threads_get(db, id, actor->id, out)) != ST_OK)
		return st;
	if ((st = board_get(db, actor, (*out)->board_id, &b)) != ST_OK ||
	    !forum_sees(actor, (*out)->state, (*out)->author_id)) {
		thread_free(*out);
		*out = NULL;
		if (st != ST_DENIED)	/* no community consent */
			st = ST_NOTFOUND;
	}
	board_free(b);
	return st;
}

/* forum_posts returns a page of the posts of a thread the actor sees. */
int
forum_posts(struct db *db, const struct actor *actor, int64_t thread,
    size_t offset, size_t limit, struct post ***out, size_t *n,
    int64_t *total)
{
	struct thread	*t = NULL;
	bool		 all = forum_may_moderate(actor);
	int		 st;

	*out = NULL;
	*n = 0;
	*total = 0;
	if ((st = forum_thread(db, actor, thread, &t)) != ST_OK)
		return st;
	thread_free(t);
	if ((st = posts_count(db, thread, actor->id, all, INT64_MAX, total)) !=
	    ST_OK)
		return st;
	return posts_list(db, thread, actor->id, all, offset, limit, out, n);
}

/* forum_post returns one post the actor may see; ST_NOTFOUND if not. */
int
forum_post(struct db *db, const struct actor *actor, int64_t id,
    struct post **out)
{
	struct thread	*t = NULL;
	int		 st;

	if ((st = posts_get(db, id, out)) != ST_OK)
		return st;
	if ((st = forum_thread(db, actor, (*out)->thread_id, &t)) != ST_OK ||
	    !forum_sees(actor, (*out)->state, (*out)->author_id)) {
		post_free(*out);
		*out = NULL;
		if (st != ST_DENIED)	/* no community consent */
			st = ST_NOTFOUND;
	}
	thread_free(t);
	return st;
}

/* forum_post_index finds where a post stands among those the actor sees. */
int
forum_post_index(struct db *db, const struct actor *actor, int64_t thread,
    int64_t id, size_t *index)
{
	struct post	*p = NULL;
	int64_t		 before;
	int		 st;

	*index = 0;
	if ((st = forum_post(db, actor, id, &p)) != ST_OK)
		return st;
	if (p->thread_id != thread)
		st = ST_NOTFOUND;
	else if ((st = posts_count(db, thread, actor->id,
	    forum_may_moderate(actor), id, &before)) == ST_OK)
		*index = (size_t)before;
	post_free(p);
	return st;
}

/*
 * forum_first_unread finds the first post of a thread the actor has not
 * read, as an index among those the actor sees; 0 when all are read.
 */
int
forum_first_unread(struct db *db, const struct actor *actor, int64_t thread,
    size_t *index)
{
	struct thread	*t = NULL;
	int64_t		 read, total;
	bool		 all = forum_may_moderate(actor);
	int		 st;

	*index = 0;
	if ((st = forum_thread(db, actor, thread, &t)) != ST_OK)
		return st;
	if ((st = posts_count(db, thread, actor->id, all, t->last_read_id + 1,
	    &read)) == ST_OK &&
	    (st = posts_count(db, thread, actor->id, all, INT64_MAX,
	    &total)) == ST_OK && read < total)
		*index = (size_t)read;
	thread_free(t);
	return st;
}

/* forum_mark_read records that the actor read a thread up to a post. */
int
forum_mark_read(struct db *db, const struct actor *actor, int64_t thread,
    int64_t post)
{
	struct thread	*t = NULL;
	int		 st;

	if ((st = forum_thread(db, actor, thread, &t)) != ST_OK)
		return st;
	if (post <= t->last_read_id) {
		thread_free(t);
		return ST_OK;
	}
	thread_free(t);
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = reads_mark(db, actor->id, thread, post)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/* forum_posting_suspended tells whether the actor's posting is suspended. */
int
forum_posting_suspended(struct db *db, const struct actor *actor,
    int64_t *until, char **reason)
{
	return suspensions_active(db, actor->id, until, reason);
}

/* forum_board_open checks that the actor may post on board b. */
static int
forum_board_open(const struct actor *actor, const struct board *b,
    char **err)
{
	if (board_may_post(actor, b))
		return ST_OK;
	xasprintf(err, "%s", _("Only some roles may post on this board. You "
	    "can still read it."));
	return ST_DENIED;
}

/*
 * forum_may_write checks what any new text needs: the role may post and
 * the account is not suspended.  *err explains a refusal.
 */
static int
forum_may_write(struct db *db, const struct actor *actor, char **err)
{
	char	when[64], *reason = NULL;
	int64_t	until;
	int	st;

	if (!role_may(actor, ACT_POST, NULL))
		return ST_DENIED;
	if ((st = suspensions_active(db, actor->id, &until, &reason)) !=
	    ST_OK)
		return st;
	if (until == 0)
		return ST_OK;
	text_format_time(until, when, sizeof when);
	xasprintf(err, _("Your posting is suspended until %s. Reason: %s"),
	    when, reason);
	free(reason);
	return ST_DENIED;
}

/*
 * forum_clean sanitises a text into *out and checks its length: *err says
 * the limit when it is empty or too long.
 */
static int
forum_clean(const char *in, bool multiline, int max, const char *what,
    char **out, char **err)
{
	size_t	n;

	*out = text_sanitise(in != NULL ? in : "", multiline);
	n = text_codepoints(*out);
	if (strspn(*out, " \n") == strlen(*out)) {
		xasprintf(err, strcmp(what, "title") == 0 ?
		    _("Please give the thread a title.") :
		    _("The post is empty."));
		goto bad;
	}
	if (n > (size_t)max) {
		xasprintf(err, strcmp(what, "title") == 0 ?
		    _("Titles can be at most %d characters; yours has %zu.") :
		    _("Posts can be at most %d characters; yours has %zu."),
		    max, n);
		goto bad;
	}
	return ST_OK;
bad:
	free(*out);
	*out = NULL;
	return ST_INVALID;
}

/*
 * forum_classify decides a new or edited text's state from what the
 * checks found: risk language is held (urgent), contact details and
 * banned words wait for approval, and so does anything on a pre-moderated
 * board.  Staff are not held.
 */
static void
forum_classify(const struct actor *actor, const struct board *b,
    const char *title, const char *body, struct post_result *res)
{
	char	*all;

	xasprintf(&all, "%s\n%s", title != NULL ? title : "", body);
	res->found = patterns_check(all);
	free(all);
	res->state = POST_VISIBLE;
	res->hold = 0;
	if (role_is_staff(actor->role))
		return;
	if (res->found & PAT_BIT(PAT_CONTACT))
		res->hold |= POST_HOLD_CONTACT;
	if (res->found & PAT_BIT(PAT_BANNED))
		res->hold |= POST_HOLD_BANNED;
	if (b->premoderated)
		res->hold |= POST_HOLD_PREMODERATED;
	if (res->found & PAT_BIT(PAT_RISK)) {
		res->hold |= POST_HOLD_RISK;
		res->state = POST_HELD;
	} else if (res->hold != 0)
		res->state = POST_PENDING;
}

/* forum_store_post adds a classified post and raises R3 when it is risk. */
static int
forum_store_post(struct db *db, const struct actor *actor, int64_t thread,
    const char *body, struct post_result *res)
{
	int	st;

	if ((st = posts_create(db, thread, actor->id, actor->role, body,
	    res->state, res->hold, res->state == POST_HELD,
	    &res->post_id)) != ST_OK)
		return st;
	res->thread_id = thread;
	if (res->state == POST_HELD)
		st = alert_raise(db, actor, "R3", actor->id, "post",
		    res->post_id, "risk language in a new post");
	return st;
}

/* forum_new_thread starts a thread on a board with its first post. */
int
forum_new_thread(struct db *db, const struct conf *conf,
    const struct actor *actor, int64_t board, const char *title,
    const char *body, struct post_result *res, char **err)
{
	struct board	*b = NULL;
	char		*t = NULL, *text = NULL;
	int64_t		 thread;
	int		 st;

	memset(res, 0, sizeof *res);
	*err = NULL;
	if ((st = board_get(db, actor, board, &b)) != ST_OK)
		return st;
	if ((st = forum_board_open(actor, b, err)) != ST_OK)
		goto out;
	if ((st = forum_may_write(db, actor, err)) != ST_OK ||
	    (st = forum_clean(title, false, conf->max_title_length, "title",
	    &t, err)) != ST_OK ||
	    (st = forum_clean(body, true, conf->max_post_length, "post",
	    &text, err)) != ST_OK)
		goto out;
	forum_classify(actor, b, t, text, res);
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = threads_create(db, board, t, actor->id, &thread)) != ST_OK ||
	    (st = forum_store_post(db, actor, thread, text, res)) != ST_OK ||
	    (st = reads_mark(db, actor->id, thread, res->post_id)) != ST_OK) {
		db_rollback(db);
		goto out;
	}
	st = db_commit(db);
out:
	if (st != ST_OK)
		memset(res, 0, sizeof *res);
	board_free(b);
	free(t);
	free(text);
	return st;
}

/* forum_reply adds a reply to a thread. */
int
forum_reply(struct db *db, const struct conf *conf, const struct actor *actor,
    int64_t thread, const char *body, struct post_result *res, char **err)
{
	struct thread	*t = NULL;
	struct board	*b = NULL;
	char		*text = NULL;
	int		 st;

	memset(res, 0, sizeof *res);
	*err = NULL;
	if ((st = forum_thread(db, actor, thread, &t)) != ST_OK ||
	    (st = board_get(db, actor, t->board_id, &b)) != ST_OK)
		goto out;
	if ((st = forum_board_open(actor, b, err)) != ST_OK)
		goto out;
	if (t->locked && !forum_may_moderate(actor)) {
		xasprintf(err, "%s", _("This thread is locked: it can be read "
		    "but not answered."));
		st = ST_DENIED;
		goto out;
	}
	if ((st = forum_may_write(db, actor, err)) != ST_OK ||
	    (st = forum_clean(body, true, conf->max_post_length, "post",
	    &text, err)) != ST_OK)
		goto out;
	forum_classify(actor, b, NULL, text, res);
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = forum_store_post(db, actor, thread, text, res)) != ST_OK ||
	    (st = reads_mark(db, actor->id, thread, res->post_id)) != ST_OK) {
		db_rollback(db);
		goto out;
	}
	st = db_commit(db);
out:
	if (st != ST_OK)
		memset(res, 0, sizeof *res);
	thread_free(t);
	board_free(b);
	free(text);
	return st;
}

/*
 * forum_edit_state decides an edited post's state: risk found now holds
 * it; a post a moderator hid goes back to the queue to be looked at
 * again; otherwise new holds make a visible post wait, and a post already
 * in the queue stays there.
 */
static void
forum_edit_state(const struct post *p, struct post_result *res)
{
	if (res->state == POST_HELD)
		return;
	if (p->state == POST_HIDDEN) {
		res->state = POST_PENDING;
		return;
	}
	if (p->state != POST_VISIBLE) {
		res->state = p->state;
		res->hold |= p->hold;
	}
}

/* forum_edit_store writes an edit and its consequences. */
static int
forum_edit_store(struct db *db, const struct actor *actor,
    const struct post *p, const struct thread *t, const char *title,
    const char *text, struct post_result *res)
{
	int	st;

	if ((st = posts_set_body(db, p->id, text)) != ST_OK)
		return st;
	if (title != NULL && (st = threads_set_title(db, t->id, title)) !=
	    ST_OK)
		return st;
	if (res->state != p->state || res->hold != p->hold) {
		if ((st = posts_set_state(db, p->id, res->state, res->hold,
		    res->state == POST_HELD || p->urgent)) != ST_OK)
			return st;
	}
	if (res->state == POST_HELD && p->state != POST_HELD)
		st = alert_raise(db, actor, "R3", actor->id, "post", p->id,
		    "risk language in an edited post");
	return st;
}

/*
 * forum_edit changes the actor's own post, and the thread's title when
 * the post opens the thread and title is not NULL.
 */
int
forum_edit(struct db *db, const struct conf *conf, const struct actor *actor,
    int64_t id, const char *title, const char *body, struct post_result *res,
    char **err)
{
	struct post	*p = NULL;
	struct thread	*t = NULL;
	struct board	*b = NULL;
	char		*tt = NULL, *text = NULL;
	int		 st;

	memset(res, 0, sizeof *res);
	*err = NULL;
	if ((st = forum_post(db, actor, id, &p)) != ST_OK ||
	    (st = threads_get(db, p->thread_id, 0, &t)) != ST_OK ||
	    (st = boards_get(db, t->board_id, &b)) != ST_OK)
		goto out;
	if (!forum_may_edit(actor, p)) {
		st = ST_DENIED;
		goto out;
	}
	if (t->first_post_id != p->id)
		title = NULL;
	if ((st = forum_may_write(db, actor, err)) != ST_OK ||
	    (title != NULL && (st = forum_clean(title, false,
	    conf->max_title_length, "title", &tt, err)) != ST_OK) ||
	    (st = forum_clean(body, true, conf->max_post_length, "post",
	    &text, err)) != ST_OK)
		goto out;
	forum_classify(actor, b, tt, text, res);
	forum_edit_state(p, res);
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = forum_edit_store(db, actor, p, t, tt, text, res)) != ST_OK) {
		db_rollback(db);
		goto out;
	}
	res->post_id = p->id;
	res->thread_id = p->thread_id;
	st = db_commit(db);
out:
	post_free(p);
	thread_free(t);
	board_free(b);
	free(tt);
	free(text);
	return st;
}

/* forum_delete empties the actor's own post, leaving a marker. */
int
forum_delete(struct db *db, const struct actor *actor, int64_t id)
{
	struct post	*p = NULL;
	int		 st;

	if ((st = forum_post(db, actor, id, &p)) != ST_OK)
		return st;
	if (!forum_may_edit(actor, p)) {
		post_free(p);
		return ST_DENIED;
	}
	post_free(p);
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = posts_delete(db, id)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}
