/*
 * suspensions.c: posting suspended for a period.  Rows are kept after
 * they end (or are lifted), as the account's moderation history.
 */
#include "storage_int.h"

/* suspensions_add suspends account's posting until a time. */
int
suspensions_add(struct db *db, int64_t account, int64_t until,
    const char *reason, int64_t by)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO posting_suspensions "
	    "(account_id, until, reason, by_id, created_at) "
	    "VALUES (?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int64(stmt, 2, until);
	sqlite3_bind_text(stmt, 3, reason, -1, SQLITE_STATIC);
	if (by != 0)
		sqlite3_bind_int64(stmt, 4, by);
	sqlite3_bind_int64(stmt, 5, db_now());
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * suspensions_active sets *until to the end of account's longest running
 * suspension (0: none) and *reason to its reason (allocated) when asked.
 */
int
suspensions_active(struct db *db, int64_t account, int64_t *until,
    char **reason)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st, rc;

	*until = 0;
	if (reason != NULL)
		*reason = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT until, reason FROM "
	    "posting_suspensions WHERE account_id = ? AND until > ? "
	    "ORDER BY until DESC LIMIT 1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int64(stmt, 2, db_now());
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*until = sqlite3_column_int64(stmt, 0);
		if (reason != NULL)
			*reason = db_column_text(stmt, 1);
	} else if (rc != SQLITE_DONE)
		st = db_fail(db, "suspension");
out:
	sqlite3_finalize(stmt);
	return st;
}

/* suspensions_lift ends account's running suspensions now. */
int
suspensions_lift(struct db *db, int64_t account)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE posting_suspensions SET "
	    "until = ?1 WHERE account_id = ?2 AND until > ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, db_now());
	sqlite3_bind_int64(stmt, 2, account);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}
