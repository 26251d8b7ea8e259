/*
 * module_events.c: every step of a patient's self-help work (assigned,
 * session opened and completed, exercise saved and submitted, feedback
 * written and seen, journal entries), with its time and never a text,
 * written in the same transaction as the change, so adherence and later
 * research exports can count them.
 */
#include <stdlib.h>
#include <string.h>

#include "storage_int.h"

/*
 * The kinds written by someone other than the patient: her own activity
 * is every other kind.
 */
#define MODULE_EVENTS_NOT_HERS	"('assigned', 'feedback')"

/*
 * module_events_add records kind for patient at at: for assignment (0:
 * none, a journal event), session (-1: none) and exercise (NULL: none).
 */
int
module_events_add(struct db *db, int64_t patient, int64_t assignment,
    const char *kind, int session, const char *exercise, int64_t at)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO module_events "
	    "(patient_id, assignment_id, kind, session, exercise, at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	if (assignment > 0)
		sqlite3_bind_int64(stmt, 2, assignment);
	else
		sqlite3_bind_null(stmt, 2);
	sqlite3_bind_text(stmt, 3, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 4, session);
	if (exercise != NULL)
		sqlite3_bind_text(stmt, 5, exercise, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, 5);
	sqlite3_bind_int64(stmt, 6, at);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* module_events_count counts patient's events of kind (NULL: all). */
int
module_events_count(struct db *db, int64_t patient, const char *kind,
    int64_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT count(*) FROM module_events "
	    "WHERE patient_id = ?1 AND (?2 IS NULL OR kind = ?2)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	if (kind != NULL)
		sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, 2);
	st = db_step_int64(db, stmt, "module events", n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * module_events_last is the time of patient's newest activity of her own
 * in assignment (0: in any, journal included); 0 when there is none.
 */
int
module_events_last(struct db *db, int64_t patient, int64_t assignment,
    int64_t *at)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*at = 0;
	if ((st = db_prepare(db, &stmt, "SELECT coalesce(max(at), 0) FROM "
	    "module_events WHERE patient_id = ?1 AND (?2 = 0 OR "
	    "assignment_id = ?2) AND kind NOT IN " MODULE_EVENTS_NOT_HERS)) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int64(stmt, 2, assignment);
	st = db_step_int64(db, stmt, "last module activity", at);
out:
	sqlite3_finalize(stmt);
	return st;
}
