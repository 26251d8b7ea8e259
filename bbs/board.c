/*
 * board.c: boards, who may read and post in them, and their
 * administration.
 *
 * A board's role masks narrow the permission table, never widen it: a
 * researcher reads no board whatever its mask says, because
 * ACT_BOARD_READ is checked first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

#define BOARD_ALL_ROLES	((1U << ROLE_COUNT) - 1)

/* board_may_read tells whether the actor may read a board. */
bool
board_may_read(const struct actor *actor, const struct board *b)
{
	if (!role_may(actor, ACT_BOARD_READ, NULL) || actor->role < 0 ||
	    actor->role >= ROLE_COUNT)
		return false;
	if (b->archived && !role_may(actor, ACT_BOARD_ADMIN, NULL))
		return false;
	return (b->read_roles & ROLE_BIT(actor->role)) != 0;
}

/* board_may_post tells whether the actor may start threads or reply. */
bool
board_may_post(const struct actor *actor, const struct board *b)
{
	return board_may_read(actor, b) && !b->archived &&
	    role_may(actor, ACT_POST, NULL) &&
	    (b->post_roles & ROLE_BIT(actor->role)) != 0;
}

/*
 * board_unread counts the actor's new posts on a board and, while at it,
 * raises the actor's floor to just below the oldest unread post (and
 * below the oldest post waiting for a moderator, which may yet become
 * visible), so the next count starts there.
 */
static int
board_unread(struct db *db, const struct actor *actor, int64_t board,
    int64_t *n)
{
	int64_t	floor, first, newest, to, waiting;
	int	st;

	if ((st = reads_floor(db, actor->id, board, &floor)) != ST_OK ||
	    (st = reads_unread_board(db, actor->id, board, floor, n,
	    &first)) != ST_OK)
		return st;
	if (first != 0)
		to = first - 1;
	else if ((st = reads_max_post(db, board, &newest)) != ST_OK)
		return st;
	else
		to = newest;
	/* Only worth a write when the floor moves far enough. */
	if (to <= floor + 50)
		return ST_OK;
	if ((st = reads_oldest_waiting(db, board, &waiting)) != ST_OK)
		return st;
	if (waiting != 0 && to >= waiting)
		to = waiting - 1;
	if (to <= floor + 50)
		return ST_OK;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = reads_set_floor(db, actor->id, board, to)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/*
 * board_list_counts returns the boards the actor may read, with the
 * actor's new posts and, when asked, the threads the actor sees; archived
 * boards for admins only.
 */
static int
board_list_counts(struct db *db, const struct actor *actor, bool threads,
    struct board ***out, size_t *n)
{
	struct board	**all = NULL, **list = NULL;
	size_t		  nall = 0, len = 0, i;
	bool		  staff;
	int		  st;

	*out = NULL;
	*n = 0;
	if (!role_may(actor, ACT_BOARD_READ, NULL))
		return ST_DENIED;
	if ((st = consent_require(db, actor, CONSENT_COMMUNITY)) != ST_OK)
		return st;
	staff = role_may(actor, ACT_MODERATE, NULL);
	if ((st = boards_list(db, role_may(actor, ACT_BOARD_ADMIN, NULL),
	    &all, &nall)) != ST_OK)
		return st;
	list = xcalloc(nall + 1, sizeof *list);
	for (i = 0; i < nall; i++) {
		if (!board_may_read(actor, all[i])) {
			board_free(all[i]);
			continue;
		}
		list[len++] = all[i];
		if (st == ST_OK && threads)
			st = boards_count_threads(db, all[i]->id, actor->id,
			    staff, &all[i]->threads);
		if (st == ST_OK)
			st = board_unread(db, actor, all[i]->id,
			    &all[i]->unread);
	}
	free(all);
	if (st != ST_OK) {
		boards_free_list(list, len);
		return st;
	}
	*out = list;
	*n = len;
	return ST_OK;
}

/* board_list lists the boards with their thread and unread counts. */
int
board_list(struct db *db, const struct actor *actor, struct board ***out,
    size_t *n)
{
	return board_list_counts(db, actor, true, out, n);
}

/*
 * board_get returns a board the actor may read; ST_NOTFOUND otherwise,
 * ST_DENIED for a member without community consent.
 */
int
board_get(struct db *db, const struct actor *actor, int64_t id,
    struct board **out)
{
	int	st;

	*out = NULL;
	if ((st = consent_require(db, actor, CONSENT_COMMUNITY)) != ST_OK ||
	    (st = boards_get(db, id, out)) != ST_OK)
		return st;
	if (!board_may_read(actor, *out)) {
		board_free(*out);
		*out = NULL;
		return ST_NOTFOUND;
	}
	return ST_OK;
}

/* board_unread_total adds up the actor's new posts over every board. */
int
board_unread_total(struct db *db, const struct actor *actor, int64_t *n)
{
	struct board	**list;
	size_t		  len, i;
	int		  st;

	*n = 0;
	/* The main menu shows no thread counts: only unread ones. */
	if ((st = board_list_counts(db, actor, false, &list, &len)) != ST_OK)
		return st;
	for (i = 0; i < len; i++) {
		if (!list[i]->archived)
			*n += list[i]->unread;
	}
	boards_free_list(list, len);
	return ST_OK;
}

/* board_check_text sanitises a board's texts and checks their lengths. */
static int
board_check_text(struct board *b, char **err)
{
	char	*s;

	s = text_sanitise(b->name != NULL ? b->name : "", false);
	free(b->name);
	b->name = s;
	s = text_sanitise(b->description != NULL ? b->description : "",
	    false);
	free(b->description);
	b->description = s;
	if (text_codepoints(b->name) == 0 || *b->name == ' ') {
		xasprintf(err, "%s", _("A board needs a name."));
		return ST_INVALID;
	}
	if (text_codepoints(b->name) > BOARD_NAME_MAX) {
		xasprintf(err, _("Board names can be at most %d characters; "
		    "this one has %zu."), BOARD_NAME_MAX,
		    text_codepoints(b->name));
		return ST_INVALID;
	}
	if (text_codepoints(b->description) > BOARD_DESC_MAX) {
		xasprintf(err, _("Descriptions can be at most %d characters; "
		    "this one has %zu."), BOARD_DESC_MAX,
		    text_codepoints(b->description));
		return ST_INVALID;
	}
	return ST_OK;
}

/* board_check_roles checks a board's role masks. */
static int
board_check_roles(const struct board *b, char **err)
{
	if ((b->read_roles & ~BOARD_ALL_ROLES) != 0 ||
	    (b->post_roles & ~BOARD_ALL_ROLES) != 0)
		fatalx("board_check_roles: role mask out of range");
	if (b->read_roles == 0) {
		xasprintf(err, "%s", _("Choose at least one role that may "
		    "read the board."));
		return ST_INVALID;
	}
	if ((b->post_roles & ~b->read_roles) != 0) {
		xasprintf(err, "%s", _("Everyone who may post on a board must "
		    "also be able to read it."));
		return ST_INVALID;
	}
	return ST_OK;
}

/*
 * board_save creates a board (b->id 0; its new id is set) or updates one;
 * admins only.  On ST_INVALID or ST_EXISTS, *err says what to change.
 */
int
board_save(struct db *db, const struct actor *actor, struct board *b,
    char **err)
{
	bool	create = b->id == 0;
	int	st;

	*err = NULL;
	if (!role_may(actor, ACT_BOARD_ADMIN, NULL))
		return ST_DENIED;
	if ((st = board_check_text(b, err)) != ST_OK ||
	    (st = board_check_roles(b, err)) != ST_OK)
		return st;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	st = create ? boards_create(db, b, &b->id) : boards_update(db, b);
	if (st == ST_OK)
		st = audit_record(db, actor, create ? "board.create" :
		    b->archived ? "board.archive" : "board.edit", "board",
		    b->id, NULL, b->name, true);
	if (st != ST_OK) {
		db_rollback(db);
		if (create)
			b->id = 0;
		if (st == ST_EXISTS)
			xasprintf(err, "%s", _("A board with that name already "
			    "exists."));
		return st;
	}
	return db_commit(db);
}

/*
 * board_move moves a board one place up (delta -1) or down (+1): the
 * boards are numbered 1..n in their order, with the two swapped.
 */
int
board_move(struct db *db, const struct actor *actor, int64_t id, int delta)
{
	struct board	**list = NULL, *tmp;
	size_t		  n = 0, i, j;
	int		  st;

	if (!role_may(actor, ACT_BOARD_ADMIN, NULL))
		return ST_DENIED;
	if (delta != -1 && delta != 1)
		return ST_INVALID;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = boards_list(db, true, &list, &n)) != ST_OK)
		goto fail;
	for (i = 0; i < n && list[i]->id != id; i++)
		continue;
	st = i == n ? ST_NOTFOUND : ST_OK;
	/* Already first or last: nothing to do. */
	if (i == n || (delta < 0 && i == 0) || (delta > 0 && i + 1 == n))
		goto fail;
	tmp = list[i];
	list[i] = list[i + delta];
	list[i + delta] = tmp;
	for (j = 0; j < n && st == ST_OK; j++) {
		if (list[j]->position != (int)j + 1)
			st = boards_set_position(db, list[j]->id, (int)j + 1);
	}
	if (st != ST_OK || (st = audit_record(db, actor, "board.move",
	    "board", id, NULL, delta < 0 ? "up" : "down", true)) != ST_OK)
		goto fail;
	boards_free_list(list, n);
	return db_commit(db);
fail:
	boards_free_list(list, n);
	db_rollback(db);
	return st;
}
