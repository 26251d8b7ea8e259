/*
 * modlog.c: moderators' decisions, kept for the monthly report the safety
 * spec asks for: actions counted by reason, and the time from a post
 * entering the queue to a moderator's decision.
 */
#include <stdio.h>
#include <stdlib.h>

#include "storage_int.h"

/*
 * modlog_add records one decision on an object ("post", "thread",
 * "account"); queued_at is when the post started waiting (0: it did not).
 */
int
modlog_add(struct db *db, const char *action, int reason, int64_t moderator,
    const char *object_type, int64_t object_id, int64_t queued_at)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO moderation_log (at, "
	    "action, reason, moderator_id, object_type, object_id, queued_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, db_now());
	sqlite3_bind_text(stmt, 2, action, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, reason);
	if (moderator != 0)
		sqlite3_bind_int64(stmt, 4, moderator);
	sqlite3_bind_text(stmt, 5, object_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, object_id);
	sqlite3_bind_int64(stmt, 7, queued_at);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* modlog_list returns the decisions taken in [from, to), oldest first. */
int
modlog_list(struct db *db, int64_t from, int64_t to, struct modlog_row **out,
    size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct modlog_row	*rows = NULL, *r;
	size_t			 len = 0;
	int			 st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT at, action, reason, queued_at "
	    "FROM moderation_log WHERE at >= ? AND at < ? ORDER BY at")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rows = xreallocarray(rows, len + 1, sizeof *rows);
		r = &rows[len++];
		r->at = sqlite3_column_int64(stmt, 0);
		snprintf(r->action, sizeof r->action, "%s",
		    (const char *)sqlite3_column_text(stmt, 1));
		r->reason = sqlite3_column_int(stmt, 2);
		r->queued_at = sqlite3_column_int64(stmt, 3);
	}
	if (rc != SQLITE_DONE) {
		free(rows);
		st = db_fail(db, "list moderation log");
		goto out;
	}
	*out = rows;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}
