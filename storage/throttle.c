/*
 * throttle.c: failed-login counters keyed by source address or pseudonym.
 *
 * Kept in the database, not in a process, so the delay a failing source or
 * account earns survives reconnects and restarts.  The delay itself is a
 * rule of bbs/auth.c; storage only counts.
 */
#include "storage_int.h"

/* throttle_get reads the failure count and time of the last failure. */
int
throttle_get(struct db *db, const char *key, int *failures, int64_t *last)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st, rc;

	*failures = 0;
	*last = 0;
	if ((st = db_prepare(db, &stmt, "SELECT failures, last_at FROM "
	    "login_throttle WHERE key = ?")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*failures = sqlite3_column_int(stmt, 0);
		*last = sqlite3_column_int64(stmt, 1);
	} else if (rc != SQLITE_DONE)
		st = db_fail(db, "read throttle");
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * throttle_fail counts one more failure.  The count stops at 100: the
 * spec never evaluates more than 100 consecutive failures.
 */
int
throttle_fail(struct db *db, const char *key, int64_t now)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO login_throttle (key, "
	    "failures, last_at) VALUES (?1, 1, ?2) ON CONFLICT(key) DO UPDATE "
	    "SET failures = min(failures + 1, 100), last_at = ?2")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, now);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* throttle_reset forgets the failures of key after a success. */
int
throttle_reset(struct db *db, const char *key)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt,
	    "DELETE FROM login_throttle WHERE key = ?")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}
