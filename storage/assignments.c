/*
 * assignments.c: modules assigned to patients, and the state of each
 * session of an assignment (started, completed, the page she was on).
 * A patient has a module at most once.  Who may assign, see or work on
 * one is bbs/programme.c's rule.
 */
#include <stdlib.h>
#include <string.h>

#include "storage_int.h"

#define ASSIGNMENT_COLUMNS \
	"a.id, a.patient_id, pa.pseudonym, a.module, a.version, a.sessions, " \
	"a.every_days, coalesce(a.assigned_by, 0), by_.pseudonym, " \
	"a.assigned_at, a.completed_at "
#define ASSIGNMENT_FROM \
	"FROM module_assignments a JOIN accounts pa ON pa.id = a.patient_id " \
	"LEFT JOIN accounts by_ ON by_.id = a.assigned_by "

/* module_assignment_free frees an assignment; NULL is accepted. */
void
module_assignment_free(struct module_assignment *a)
{
	if (a == NULL)
		return;
	free(a->patient);
	free(a->module);
	free(a->assigned_by_name);
	free(a);
}

/* module_assignments_free_list frees a list from assignments_of. */
void
module_assignments_free_list(struct module_assignment **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		module_assignment_free(list[i]);
	free(list);
}

/* assignments_row reads one row of ASSIGNMENT_COLUMNS. */
static struct module_assignment *
assignments_row(sqlite3_stmt *stmt)
{
	struct module_assignment	*a;

	a = xcalloc(1, sizeof *a);
	a->id = sqlite3_column_int64(stmt, 0);
	a->patient_id = sqlite3_column_int64(stmt, 1);
	a->patient = db_column_text(stmt, 2);
	a->module = db_column_text(stmt, 3);
	a->version = sqlite3_column_int(stmt, 4);
	a->sessions = sqlite3_column_int(stmt, 5);
	a->every_days = sqlite3_column_int(stmt, 6);
	a->assigned_by = sqlite3_column_int64(stmt, 7);
	a->assigned_by_name = db_column_text(stmt, 8);
	a->assigned_at = sqlite3_column_int64(stmt, 9);
	a->completed_at = sqlite3_column_int64(stmt, 10);
	if (a->module == NULL)
		a->module = xstrdup("");
	return a;
}

/*
 * assignments_create assigns module (its version and number of sessions
 * now) to patient, unlocking one session every every_days days (0: no
 * schedule), by professional by at now.  ST_EXISTS when she has it.
 */
int
assignments_create(struct db *db, int64_t patient, const char *module,
    int version, int sessions, int every_days, int64_t by, int64_t now,
    int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*id = 0;
	if ((st = db_prepare(db, &stmt, "INSERT INTO module_assignments "
	    "(patient_id, module, version, sessions, every_days, "
	    "assigned_by, assigned_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_text(stmt, 2, module, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 3, version);
	sqlite3_bind_int(stmt, 4, sessions);
	sqlite3_bind_int(stmt, 5, every_days);
	if (by > 0)
		sqlite3_bind_int64(stmt, 6, by);
	else
		sqlite3_bind_null(stmt, 6);
	sqlite3_bind_int64(stmt, 7, now);
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* assignments_get reads assignment id. */
int
assignments_get(struct db *db, int64_t id, struct module_assignment **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT " ASSIGNMENT_COLUMNS
	    ASSIGNMENT_FROM "WHERE a.id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	if ((st = db_step_row(db, stmt, "module assignment")) == ST_OK)
		*out = assignments_row(stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* assignments_of lists patient's assignments, oldest first. */
int
assignments_of(struct db *db, int64_t patient,
    struct module_assignment ***out, size_t *n)
{
	sqlite3_stmt		 *stmt = NULL;
	struct module_assignment **list = NULL;
	size_t			  len = 0;
	int			  st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT " ASSIGNMENT_COLUMNS
	    ASSIGNMENT_FROM "WHERE a.patient_id = ?1 ORDER BY a.assigned_at, "
	    "a.id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = assignments_row(stmt);
	}
	if (rc != SQLITE_DONE) {
		st = db_fail(db, "module assignments");
		module_assignments_free_list(list, len);
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* assignments_complete records that assignment id was completed at. */
int
assignments_complete(struct db *db, int64_t id, int64_t at)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE module_assignments SET "
	    "completed_at = ?2 WHERE id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, at);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * assignments_sessions lists the sessions of assignment id she has
 * opened, by number; a session she never opened has no row.
 */
int
assignments_sessions(struct db *db, int64_t id,
    struct module_session_row **out, size_t *n)
{
	sqlite3_stmt			*stmt = NULL;
	struct module_session_row	*list = NULL, *r;
	size_t				 len = 0;
	int				 st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT session, started_at, "
	    "completed_at, last_page FROM module_sessions WHERE "
	    "assignment_id = ?1 ORDER BY session")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		r = &list[len++];
		r->session = sqlite3_column_int(stmt, 0);
		r->started_at = sqlite3_column_int64(stmt, 1);
		r->completed_at = sqlite3_column_int64(stmt, 2);
		r->last_page = sqlite3_column_int(stmt, 3);
	}
	if (rc != SQLITE_DONE) {
		st = db_fail(db, "module sessions");
		free(list);
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * assignments_session_start records that session of assignment id was
 * started at now, unless it was already: *first tells whether this was
 * the first time.
 */
int
assignments_session_start(struct db *db, int64_t id, int session,
    int64_t now, bool *first)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*first = false;
	if ((st = db_prepare(db, &stmt, "INSERT INTO module_sessions "
	    "(assignment_id, session, started_at) VALUES (?1, ?2, ?3) "
	    "ON CONFLICT (assignment_id, session) DO NOTHING")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, session);
	sqlite3_bind_int64(stmt, 3, now);
	if ((st = db_step_changed(db, stmt, ST_EXISTS)) == ST_OK)
		*first = true;
	else if (st == ST_EXISTS)
		st = ST_OK;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* assignments_session_page keeps the page she is on in a started session. */
int
assignments_session_page(struct db *db, int64_t id, int session, int page)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE module_sessions SET "
	    "last_page = ?3 WHERE assignment_id = ?1 AND session = ?2")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, session);
	sqlite3_bind_int(stmt, 3, page);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * assignments_session_complete records that a started session was
 * completed at now (the first time only: finishing it again keeps the
 * first date).  ST_NOTFOUND when it was never started.
 */
int
assignments_session_complete(struct db *db, int64_t id, int session,
    int64_t now)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE module_sessions SET "
	    "completed_at = CASE WHEN completed_at = 0 THEN ?3 ELSE "
	    "completed_at END WHERE assignment_id = ?1 AND session = ?2")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, session);
	sqlite3_bind_int64(stmt, 3, now);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * assignments_tally counts patient's adherence: modules assigned and
 * completed, sessions assigned (as the modules had them when assigned)
 * and completed, exercises submitted, and her last activity (the newest
 * event of her own).
 */
int
assignments_tally(struct db *db, int64_t patient, struct module_tally *t)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	memset(t, 0, sizeof *t);
	if ((st = db_prepare(db, &stmt, "SELECT "
	    "(SELECT count(*) FROM module_assignments WHERE patient_id = ?1), "
	    "(SELECT count(*) FROM module_assignments WHERE patient_id = ?1 "
	    "AND completed_at > 0), "
	    "(SELECT coalesce(sum(sessions), 0) FROM module_assignments "
	    "WHERE patient_id = ?1), "
	    "(SELECT count(*) FROM module_sessions s JOIN module_assignments "
	    "a ON a.id = s.assignment_id WHERE a.patient_id = ?1 AND "
	    "s.completed_at > 0 AND s.session < a.sessions), "
	    "(SELECT count(*) FROM exercise_answers e JOIN module_assignments "
	    "a ON a.id = e.assignment_id WHERE a.patient_id = ?1 AND "
	    "e.submitted_at > 0)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	if ((st = db_step_row(db, stmt, "module tally")) != ST_OK) {
		if (st == ST_NOTFOUND)
			st = db_fail(db, "module tally");
		goto out;
	}
	t->modules_assigned = sqlite3_column_int64(stmt, 0);
	t->modules_completed = sqlite3_column_int64(stmt, 1);
	t->sessions_assigned = sqlite3_column_int64(stmt, 2);
	t->sessions_completed = sqlite3_column_int64(stmt, 3);
	t->exercises_submitted = sqlite3_column_int64(stmt, 4);
	st = module_events_last(db, patient, 0, &t->last_activity);
out:
	sqlite3_finalize(stmt);
	return st;
}
