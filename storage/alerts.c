/*
 * alerts.c: risk alerts (safety spec, R1 to R8).  Alerts are never
 * deleted; the questionnaires add their queue and lifecycle here.
 */
#include "storage_int.h"

/*
 * alerts_create opens an alert of rule (e.g. "R3") about a patient, from a
 * source ("post", "report", ...), due for a response at due.
 */
int
alerts_create(struct db *db, const char *rule, int priority, int64_t patient,
    const char *source_type, int64_t source_id, int64_t due, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO alerts (rule, priority, "
	    "patient_id, source_type, source_id, created_at, due_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, rule, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, priority);
	sqlite3_bind_int64(stmt, 3, patient);
	sqlite3_bind_text(stmt, 4, source_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, source_id);
	sqlite3_bind_int64(stmt, 6, db_now());
	sqlite3_bind_int64(stmt, 7, due);
	if ((st = db_step_done(db, stmt)) == ST_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* alerts_count_open counts the alerts still open. */
int
alerts_count_open(struct db *db, int64_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT count(*) FROM alerts WHERE "
	    "state = 0")) != ST_OK)
		goto out;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*n = sqlite3_column_int64(stmt, 0);
	else
		st = db_fail(db, "count alerts");
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * alerts_open_exists tells whether patient already has an open alert of
 * rule raised from source_type.
 */
int
alerts_open_exists(struct db *db, int64_t patient, const char *rule,
    const char *source_type, bool *exists)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*exists = false;
	if ((st = db_prepare(db, &stmt, "SELECT 1 FROM alerts WHERE "
	    "patient_id = ? AND rule = ? AND source_type = ? AND state = 0 "
	    "LIMIT 1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_text(stmt, 2, rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, source_type, -1, SQLITE_STATIC);
	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		*exists = true;
		break;
	case SQLITE_DONE:
		break;
	default:
		st = db_fail(db, "open alert");
	}
out:
	sqlite3_finalize(stmt);
	return st;
}
