/*
 * boards.c: discussion boards.
 *
 * Who may read and post is a bit mask of roles per board; bbs/board.c
 * applies it together with the permission table.  Boards are never
 * deleted, only archived, so their threads keep a home.
 */
#include <stdlib.h>

#include "storage_int.h"

/* board_free frees a board; NULL is accepted. */
void
board_free(struct board *b)
{
	if (b == NULL)
		return;
	free(b->name);
	free(b->description);
	free(b);
}

/* boards_free_list frees a list from boards_list. */
void
boards_free_list(struct board **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		board_free(list[i]);
	free(list);
}

#define BOARD_SELECT \
	"SELECT id, name, description, position, read_roles, post_roles, " \
	"premoderated, archived FROM boards "

/* boards_row reads one row of BOARD_SELECT. */
static struct board *
boards_row(sqlite3_stmt *stmt)
{
	struct board	*b;

	b = xcalloc(1, sizeof *b);
	b->id = sqlite3_column_int64(stmt, 0);
	b->name = db_column_text(stmt, 1);
	b->description = db_column_text(stmt, 2);
	b->position = sqlite3_column_int(stmt, 3);
	b->read_roles = (unsigned)sqlite3_column_int(stmt, 4);
	b->post_roles = (unsigned)sqlite3_column_int(stmt, 5);
	b->premoderated = sqlite3_column_int(stmt, 6) != 0;
	b->archived = sqlite3_column_int(stmt, 7) != 0;
	return b;
}

/* boards_create adds a board at the end of the order. */
int
boards_create(struct db *db, const struct board *b, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO boards (name, "
	    "description, position, read_roles, post_roles, premoderated, "
	    "archived, created_at) VALUES (?, ?, (SELECT coalesce(max("
	    "position), 0) + 1 FROM boards), ?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, b->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, b->description, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, (int)b->read_roles);
	sqlite3_bind_int(stmt, 4, (int)b->post_roles);
	sqlite3_bind_int(stmt, 5, b->premoderated);
	sqlite3_bind_int(stmt, 6, b->archived);
	sqlite3_bind_int64(stmt, 7, db_now());
	if ((st = db_step_done(db, stmt)) == ST_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* boards_update stores a board's settings (not its position). */
int
boards_update(struct db *db, const struct board *b)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE boards SET name = ?, "
	    "description = ?, read_roles = ?, post_roles = ?, "
	    "premoderated = ?, archived = ? WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, b->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, b->description, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, (int)b->read_roles);
	sqlite3_bind_int(stmt, 4, (int)b->post_roles);
	sqlite3_bind_int(stmt, 5, b->premoderated);
	sqlite3_bind_int(stmt, 6, b->archived);
	sqlite3_bind_int64(stmt, 7, b->id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* boards_get reads one board by id. */
int
boards_get(struct db *db, int64_t id, struct board **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st, rc;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, BOARD_SELECT "WHERE id = ?")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*out = boards_row(stmt);
	else if (rc == SQLITE_DONE)
		st = ST_NOTFOUND;
	else
		st = db_fail(db, "get board");
out:
	sqlite3_finalize(stmt);
	return st;
}

/* boards_list returns the boards in order, archived ones when asked. */
int
boards_list(struct db *db, bool archived, struct board ***out, size_t *n)
{
	sqlite3_stmt	 *stmt = NULL;
	struct board	**list = NULL;
	size_t		  len = 0;
	int		  st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, BOARD_SELECT "WHERE archived = 0 OR ? "
	    "ORDER BY position, id")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, archived);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = boards_row(stmt);
	}
	if (rc != SQLITE_DONE) {
		boards_free_list(list, len);
		st = db_fail(db, "list boards");
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* boards_set_position puts a board at a place in the order. */
int
boards_set_position(struct db *db, int64_t id, int position)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE boards SET position = ? "
	    "WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, position);
	sqlite3_bind_int64(stmt, 2, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * boards_count_threads counts the threads of a board that viewer sees:
 * those whose opening post is visible, and their own; all when staff.
 */
int
boards_count_threads(struct db *db, int64_t board, int64_t viewer, bool all,
    int64_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*n = 0;
	/* Two ranges of threads_board_state: visible, then the others. */
	if ((st = db_prepare(db, &stmt, "SELECT (SELECT count(*) FROM threads "
	    "WHERE board_id = ?1 AND state = 0) + (SELECT count(*) FROM "
	    "threads WHERE board_id = ?1 AND state > 0 AND (?3 OR "
	    "author_id = ?2))")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, board);
	sqlite3_bind_int64(stmt, 2, viewer);
	sqlite3_bind_int(stmt, 3, all);
	st = db_step_int64(db, stmt, "count threads", n);
out:
	sqlite3_finalize(stmt);
	return st;
}
