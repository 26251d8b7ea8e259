/*
 * reads.c: what each account has read, for unread counts.
 *
 * Two marks: per thread, the last post read; per board, a floor below
 * which everything counts as read.  A new account's floor is the newest
 * post when it was made (accounts.read_floor), so it is not greeted with
 * years of "new" posts; the floor rises as the account catches up
 * (bbs/board.c), which keeps counting cheap: only posts above the floor
 * are ever looked at, and counts stop at READS_UNREAD_CAP.
 */
#include "storage_int.h"

/* reads_floor returns account's floor on a board. */
int
reads_floor(struct db *db, int64_t account, int64_t board, int64_t *floor)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*floor = 0;
	if ((st = db_prepare(db, &stmt, "SELECT " READS_FLOOR_SQL("?1",
	    "?2"))) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int64(stmt, 2, board);
	st = db_step_int64(db, stmt, "read floor", floor);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * reads_set_floor raises account's floor on a board (never lowers it) and
 * drops the thread marks it makes useless.
 */
int
reads_set_floor(struct db *db, int64_t account, int64_t board, int64_t floor)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO board_reads (account_id, "
	    "board_id, floor_id) VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE "
	    "SET floor_id = max(floor_id, excluded.floor_id)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int64(stmt, 2, board);
	sqlite3_bind_int64(stmt, 3, floor);
	if ((st = db_step_done(db, stmt)) != ST_OK)
		goto out;
	sqlite3_finalize(stmt);
	if ((st = db_prepare(db, &stmt, "DELETE FROM thread_reads WHERE "
	    "account_id = ?1 AND last_read_id <= ?3 AND thread_id IN "
	    "(SELECT id FROM threads WHERE board_id = ?2)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int64(stmt, 2, board);
	sqlite3_bind_int64(stmt, 3, floor);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* reads_mark records that account has read a thread up to post. */
int
reads_mark(struct db *db, int64_t account, int64_t thread, int64_t post)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO thread_reads (account_id, "
	    "thread_id, last_read_id) VALUES (?, ?, ?) ON CONFLICT DO UPDATE "
	    "SET last_read_id = max(last_read_id, excluded.last_read_id)")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int64(stmt, 2, thread);
	sqlite3_bind_int64(stmt, 3, post);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * reads_unread_board counts the visible posts of a board, in threads
 * others may see, above floor, not account's own and not yet read: at
 * most READS_UNREAD_CAP.  *first is the oldest of them (0: none); when
 * the count stops at the cap, *first is floor + 1, which raises nothing.
 *
 * It walks the threads with posts after the floor and after the
 * account's mark, newest first, and counts each one's unread posts on a
 * covering index, stopping at the cap: the work grows with the threads
 * that have new posts, not with the posts already read.
 */
int
reads_unread_board(struct db *db, int64_t account, int64_t board,
    int64_t floor, int64_t *n, int64_t *first)
{
	sqlite3_stmt	*threads = NULL, *count = NULL;
	int64_t		 c, oldest = 0;
	int		 st, rc;

	*n = *first = 0;
	/* "t.state = 0" and "state = 0" literally, for the partial indexes. */
	if ((st = db_prepare(db, &threads, "SELECT t.id, max(?3, "
	    "coalesce(r.last_read_id, 0)) FROM threads t LEFT JOIN "
	    "thread_reads r ON r.account_id = ?1 AND r.thread_id = t.id "
	    "WHERE t.board_id = ?2 AND t.state = 0 AND t.last_post_id > ?3 "
	    "AND t.last_post_id > coalesce(r.last_read_id, 0) "
	    "ORDER BY t.last_post_id DESC")) != ST_OK ||
	    (st = db_prepare(db, &count, "SELECT count(*), min(id) FROM "
	    "posts WHERE thread_id = ?1 AND id > ?2 AND state = 0 AND "
	    "author_id != ?3")) != ST_OK)
		goto out;
	sqlite3_bind_int64(threads, 1, account);
	sqlite3_bind_int64(threads, 2, board);
	sqlite3_bind_int64(threads, 3, floor);
	sqlite3_bind_int64(count, 3, account);
	while ((rc = sqlite3_step(threads)) == SQLITE_ROW) {
		sqlite3_bind_int64(count, 1, sqlite3_column_int64(threads, 0));
		sqlite3_bind_int64(count, 2, sqlite3_column_int64(threads, 1));
		if (sqlite3_step(count) != SQLITE_ROW) {
			st = db_fail(db, "count unread");
			goto out;
		}
		c = sqlite3_column_int64(count, 0);
		if (c > 0 && (oldest == 0 ||
		    sqlite3_column_int64(count, 1) < oldest))
			oldest = sqlite3_column_int64(count, 1);
		sqlite3_reset(count);
		if ((*n += c) >= READS_UNREAD_CAP) {
			*n = READS_UNREAD_CAP;
			*first = floor + 1;
			goto out;
		}
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "unread threads");
	else
		*first = oldest;
out:
	sqlite3_finalize(threads);
	sqlite3_finalize(count);
	return st;
}

/* reads_max_post returns the newest visible post of a board (0: none). */
int
reads_max_post(struct db *db, int64_t board, int64_t *max)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*max = 0;
	if ((st = db_prepare(db, &stmt, "SELECT coalesce(max(id), 0) FROM "
	    "posts WHERE board_id = ? AND state = 0")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, board);
	st = db_step_int64(db, stmt, "newest post", max);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * reads_oldest_waiting returns the oldest post of a board still waiting
 * for a moderator (0: none): floors stay below it, so once approved it
 * still counts as new.
 */
int
reads_oldest_waiting(struct db *db, int64_t board, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*id = 0;
	/*
	 * min(+id), not min(id): with a plain min(id) SQLite walks the whole
	 * table in rowid order looking for a match (400 ms at a million
	 * posts); "+" makes it read the small queue's partial index.
	 */
	if ((st = db_prepare(db, &stmt, "SELECT coalesce(min(+id), 0) FROM "
	    "posts WHERE state BETWEEN 1 AND 3 AND board_id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, board);
	st = db_step_int64(db, stmt, "oldest waiting post", id);
out:
	sqlite3_finalize(stmt);
	return st;
}
