/*
 * threads.c: threads of posts.
 *
 * A thread's counters (visible posts, last visible post, the opening
 * post's state) are kept by triggers on posts (storage/db.c), so every
 * reader here gets them without counting.
 */
#include <stdlib.h>

#include "storage_int.h"

/* thread_free frees a thread; NULL is accepted. */
void
thread_free(struct thread *t)
{
	if (t == NULL)
		return;
	free(t->board_name);
	free(t->title);
	free(t->author_name);
	free(t);
}

/* threads_free_list frees a list from threads_list. */
void
threads_free_list(struct thread **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		thread_free(list[i]);
	free(list);
}

/*
 * The viewer's read mark on a thread: its own mark or the board's floor,
 * whichever is later (?2 is the viewer, t the thread).
 */
#define THREAD_READ_MARK \
	"max(coalesce((SELECT last_read_id FROM thread_reads WHERE " \
	"account_id = ?2 AND thread_id = t.id), 0), " \
	READS_FLOOR_SQL("?2", "t.board_id") ")"

/* The author is "" when her opening post was anonymised (posts.c). */
#define THREAD_SELECT \
	"SELECT t.id, t.board_id, b.name, t.title, t.author_id, " \
	"CASE WHEN coalesce((SELECT anonymised FROM posts WHERE id = " \
	"t.first_post_id), 0) THEN '' ELSE a.pseudonym END, a.role, " \
	"t.created_at, t.first_post_id, t.state, t.pinned, t.locked, " \
	"t.posts, t.last_post_id, t.last_post_at, " THREAD_READ_MARK " " \
	"FROM threads t JOIN boards b ON b.id = t.board_id " \
	"JOIN accounts a ON a.id = t.author_id "

/* threads_row reads one row of THREAD_SELECT. */
static struct thread *
threads_row(sqlite3_stmt *stmt)
{
	struct thread	*t;

	t = xcalloc(1, sizeof *t);
	t->id = sqlite3_column_int64(stmt, 0);
	t->board_id = sqlite3_column_int64(stmt, 1);
	t->board_name = db_column_text(stmt, 2);
	t->title = db_column_text(stmt, 3);
	t->author_id = sqlite3_column_int64(stmt, 4);
	t->author_name = db_column_text(stmt, 5);
	t->author_role = sqlite3_column_int(stmt, 6);
	t->created_at = sqlite3_column_int64(stmt, 7);
	t->first_post_id = sqlite3_column_int64(stmt, 8);
	t->state = sqlite3_column_int(stmt, 9);
	t->pinned = sqlite3_column_int(stmt, 10) != 0;
	t->locked = sqlite3_column_int(stmt, 11) != 0;
	t->posts = sqlite3_column_int64(stmt, 12);
	t->last_post_id = sqlite3_column_int64(stmt, 13);
	t->last_post_at = sqlite3_column_int64(stmt, 14);
	t->last_read_id = sqlite3_column_int64(stmt, 15);
	return t;
}

/* threads_create adds an empty thread; its first post follows at once. */
int
threads_create(struct db *db, int64_t board, const char *title,
    int64_t author, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;
	int64_t		 now = db_now();

	if ((st = db_prepare(db, &stmt, "INSERT INTO threads (board_id, "
	    "title, author_id, created_at, last_post_at) VALUES "
	    "(?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, board);
	sqlite3_bind_text(stmt, 2, title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, author);
	sqlite3_bind_int64(stmt, 4, now);
	sqlite3_bind_int64(stmt, 5, now);
	if ((st = db_step_done(db, stmt)) == ST_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * threads_get reads one thread, with viewer's read mark (viewer 0: no
 * one, mark 0).
 */
int
threads_get(struct db *db, int64_t id, int64_t viewer, struct thread **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st, rc;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, THREAD_SELECT "WHERE t.id = ?1")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, viewer);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*out = threads_row(stmt);
	else if (rc == SQLITE_DONE)
		st = ST_NOTFOUND;
	else
		st = db_fail(db, "get thread");
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * threads_list returns a page of a board's threads as viewer sees them,
 * pinned first, then by latest visible post: all threads when all is set,
 * otherwise those whose opening post is visible and viewer's own.
 */
int
threads_list(struct db *db, int64_t board, int64_t viewer, bool all,
    size_t offset, size_t limit, struct thread ***out, size_t *n)
{
	sqlite3_stmt	 *stmt = NULL;
	struct thread	**list = NULL;
	size_t		  len = 0;
	int		  st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, THREAD_SELECT "WHERE t.board_id = ?1 "
	    "AND (?3 OR t.state = 0 OR t.author_id = ?2) "
	    "ORDER BY t.pinned DESC, t.last_post_id DESC LIMIT ?4 OFFSET ?5"))
	    != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, board);
	sqlite3_bind_int64(stmt, 2, viewer);
	sqlite3_bind_int(stmt, 3, all);
	sqlite3_bind_int64(stmt, 4, (int64_t)limit);
	sqlite3_bind_int64(stmt, 5, (int64_t)offset);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = threads_row(stmt);
	}
	if (rc != SQLITE_DONE) {
		threads_free_list(list, len);
		st = db_fail(db, "list threads");
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* threads_set_int sets one integer column of a thread. */
static int
threads_set_int(struct db *db, const char *sql, int64_t id, int64_t v)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, sql)) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, v);
	sqlite3_bind_int64(stmt, 2, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* threads_set_pinned pins or unpins a thread. */
int
threads_set_pinned(struct db *db, int64_t id, bool on)
{
	return threads_set_int(db, "UPDATE threads SET pinned = ? "
	    "WHERE id = ?", id, on);
}

/* threads_set_locked locks or unlocks a thread. */
int
threads_set_locked(struct db *db, int64_t id, bool on)
{
	return threads_set_int(db, "UPDATE threads SET locked = ? "
	    "WHERE id = ?", id, on);
}

/*
 * threads_set_title changes a title and its entry in the search index,
 * which holds the title with the opening post.
 */
int
threads_set_title(struct db *db, int64_t id, const char *title)
{
	sqlite3_stmt	*stmt = NULL;
	struct thread	*t = NULL;
	int		 st;

	if ((st = threads_get(db, id, 0, &t)) != ST_OK)
		goto out;
	if (t->first_post_id != 0 &&
	    (st = search_index_post(db, t->first_post_id, true)) != ST_OK)
		goto out;
	if ((st = db_prepare(db, &stmt, "UPDATE threads SET title = ? "
	    "WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, id);
	if ((st = db_step_done(db, stmt)) != ST_OK)
		goto out;
	if (t->first_post_id != 0)
		st = search_index_post(db, t->first_post_id, false);
out:
	sqlite3_finalize(stmt);
	thread_free(t);
	return st;
}

/* threads_move moves a thread, and its posts, to another board. */
int
threads_move(struct db *db, int64_t id, int64_t board)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = threads_set_int(db, "UPDATE threads SET board_id = ? "
	    "WHERE id = ?", id, board)) != ST_OK)
		return st;
	if ((st = db_prepare(db, &stmt, "UPDATE posts SET board_id = ? "
	    "WHERE thread_id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, board);
	sqlite3_bind_int64(stmt, 2, id);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}
