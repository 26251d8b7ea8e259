/*
 * alerts.c: risk alerts (safety spec, R1 to R8) and their lifecycle.
 * Alerts are never deleted: each step (acknowledged, an action, closed,
 * escalated) keeps who and when, so time to acknowledge and time to close
 * can be reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage_int.h"

#define ALERT_COLUMNS \
	"a.id, a.rule, a.priority, a.patient_id, p.pseudonym, a.source_type, " \
	"a.source_id, a.detail, a.state, a.created_at, a.due_at, " \
	"a.acknowledged_at, ak.pseudonym, a.closed_at, cl.pseudonym, " \
	"a.escalated_at, " \
	"EXISTS (SELECT 1 FROM care_team t WHERE t.patient_id = a.patient_id " \
	"AND t.professional_id = ?1), " \
	/* role 2 is a professional: a disabled or former one follows \
	 * nobody, so her patients' alerts go to the shared queue. */ \
	"EXISTS (SELECT 1 FROM care_team t JOIN accounts c ON c.id = " \
	"t.professional_id WHERE t.patient_id = a.patient_id AND " \
	"c.role = 2 AND c.disabled = 0) "
#define ALERT_FROM \
	"FROM alerts a JOIN accounts p ON p.id = a.patient_id " \
	"LEFT JOIN accounts ak ON ak.id = a.acknowledged_by " \
	"LEFT JOIN accounts cl ON cl.id = a.closed_by "

/* alert_free frees an alert; NULL is accepted. */
void
alert_free(struct alert *a)
{
	size_t	i;

	if (a == NULL)
		return;
	free(a->patient);
	free(a->source_type);
	free(a->detail);
	free(a->acknowledged_by);
	free(a->closed_by);
	for (i = 0; i < a->nactions; i++) {
		free(a->actions[i].note);
		free(a->actions[i].by);
	}
	free(a->actions);
	free(a);
}

/* alerts_free_list frees a list from alerts_list_open. */
void
alerts_free_list(struct alert **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		alert_free(list[i]);
	free(list);
}

/* alerts_row reads one row of ALERT_COLUMNS. */
static struct alert *
alerts_row(sqlite3_stmt *stmt)
{
	struct alert	*a;
	const char	*rule;

	a = xcalloc(1, sizeof *a);
	a->id = sqlite3_column_int64(stmt, 0);
	rule = (const char *)sqlite3_column_text(stmt, 1);
	snprintf(a->rule, sizeof a->rule, "%s", rule != NULL ? rule : "");
	a->priority = sqlite3_column_int(stmt, 2);
	a->patient_id = sqlite3_column_int64(stmt, 3);
	a->patient = db_column_text(stmt, 4);
	a->source_type = db_column_text(stmt, 5);
	a->source_id = sqlite3_column_int64(stmt, 6);
	a->detail = db_column_text(stmt, 7);
	a->state = sqlite3_column_int(stmt, 8);
	a->created_at = sqlite3_column_int64(stmt, 9);
	a->due_at = sqlite3_column_int64(stmt, 10);
	a->acknowledged_at = sqlite3_column_int64(stmt, 11);
	if (sqlite3_column_type(stmt, 12) != SQLITE_NULL)
		a->acknowledged_by = db_column_text(stmt, 12);
	a->closed_at = sqlite3_column_int64(stmt, 13);
	if (sqlite3_column_type(stmt, 14) != SQLITE_NULL)
		a->closed_by = db_column_text(stmt, 14);
	a->escalated_at = sqlite3_column_int64(stmt, 15);
	a->in_care = sqlite3_column_int(stmt, 16) != 0;
	a->cared = sqlite3_column_int(stmt, 17) != 0;
	return a;
}

/*
 * alerts_create opens an alert of rule (e.g. "R3") about a patient, from a
 * source ("post", "form", ...), due for a response at due (0: no target);
 * detail says for staff what raised it.
 */
int
alerts_create(struct db *db, const char *rule, int priority, int64_t patient,
    const char *source_type, int64_t source_id, int64_t due,
    const char *detail, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO alerts (rule, priority, "
	    "patient_id, source_type, source_id, created_at, due_at, detail) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, rule, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, priority);
	sqlite3_bind_int64(stmt, 3, patient);
	sqlite3_bind_text(stmt, 4, source_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, source_id);
	sqlite3_bind_int64(stmt, 6, db_now());
	sqlite3_bind_int64(stmt, 7, due);
	sqlite3_bind_text(stmt, 8, detail != NULL ? detail : "", -1,
	    SQLITE_STATIC);
	if ((st = db_step_done(db, stmt)) == ST_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* alerts_count_open counts the alerts not closed. */
int
alerts_count_open(struct db *db, int64_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT count(*) FROM alerts WHERE "
	    "state < 3")) != ST_OK)
		goto out;
	st = db_step_int64(db, stmt, "count alerts", n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * alerts_open_exists tells whether patient already has an alert of rule
 * raised from source_type (NULL: from anything) that is not closed.
 */
int
alerts_open_exists(struct db *db, int64_t patient, const char *rule,
    const char *source_type, bool *exists)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*exists = false;
	if ((st = db_prepare(db, &stmt, "SELECT 1 FROM alerts WHERE "
	    "patient_id = ? AND rule = ? AND (?3 IS NULL OR source_type = ?3) "
	    "AND state < 3 LIMIT 1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_text(stmt, 2, rule, -1, SQLITE_STATIC);
	if (source_type != NULL)
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

/*
 * alerts_last_created is when patient's newest alert of rule was raised,
 * whatever its state (0: never).
 */
int
alerts_last_created(struct db *db, int64_t patient, const char *rule,
    int64_t *at)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*at = 0;
	if ((st = db_prepare(db, &stmt, "SELECT coalesce(max(created_at), 0) "
	    "FROM alerts WHERE patient_id = ? AND rule = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_text(stmt, 2, rule, -1, SQLITE_STATIC);
	st = db_step_int64(db, stmt, "last alert", at);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* alerts_actions reads the actions recorded on a. */
static int
alerts_actions(struct db *db, struct alert *a)
{
	sqlite3_stmt	*stmt = NULL;
	struct alert_action *x;
	int		 st, rc;

	if ((st = db_prepare(db, &stmt, "SELECT x.id, x.code, x.note, "
	    "b.pseudonym, x.at FROM alert_actions x LEFT JOIN accounts b ON "
	    "b.id = x.by_id WHERE x.alert_id = ? ORDER BY x.id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, a->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		a->actions = xreallocarray(a->actions, a->nactions + 1,
		    sizeof *a->actions);
		x = &a->actions[a->nactions++];
		x->id = sqlite3_column_int64(stmt, 0);
		x->code = sqlite3_column_int(stmt, 1);
		x->note = db_column_text(stmt, 2);
		x->by = sqlite3_column_type(stmt, 3) == SQLITE_NULL ? NULL :
		    db_column_text(stmt, 3);
		x->at = sqlite3_column_int64(stmt, 4);
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "alert actions");
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * alerts_get reads alert id with its actions, in_care saying whether
 * viewer follows the patient.  Who may see it is the caller's rule.
 */
int
alerts_get(struct db *db, int64_t id, int64_t viewer, struct alert **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT " ALERT_COLUMNS ALERT_FROM
	    "WHERE a.id = ?2")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, viewer);
	sqlite3_bind_int64(stmt, 2, id);
	if ((st = db_step_row(db, stmt, "alert")) != ST_OK)
		goto out;
	*out = alerts_row(stmt);
	if ((st = alerts_actions(db, *out)) != ST_OK) {
		alert_free(*out);
		*out = NULL;
	}
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * alerts_list_open lists the alerts not closed, of one patient or (patient
 * 0) of everyone, most pressing first: by priority, then oldest.  Who may
 * see which is the caller's rule.
 */
int
alerts_list_open(struct db *db, int64_t viewer, int64_t patient,
    struct alert ***out, size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	struct alert	**list = NULL;
	size_t		 len = 0;
	int		 st, rc;

	if ((st = db_prepare(db, &stmt, "SELECT " ALERT_COLUMNS ALERT_FROM
	    "WHERE a.state < 3 AND (?2 = 0 OR a.patient_id = ?2) "
	    "ORDER BY a.priority DESC, a.created_at, a.id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, viewer);
	sqlite3_bind_int64(stmt, 2, patient);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = alerts_row(stmt);
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "alerts");
out:
	sqlite3_finalize(stmt);
	if (st != ST_OK) {
		alerts_free_list(list, len);
		list = NULL;
		len = 0;
	}
	*out = list;
	*n = len;
	return st;
}

/* alerts_update runs one state change; ST_NOTFOUND if none matched. */
static int
alerts_update(struct db *db, const char *sql, int64_t id, int64_t by)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, sql)) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, by);
	sqlite3_bind_int64(stmt, 2, db_now());
	sqlite3_bind_int64(stmt, 3, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* alerts_acknowledge marks an open alert acknowledged by by. */
int
alerts_acknowledge(struct db *db, int64_t id, int64_t by)
{
	return alerts_update(db, "UPDATE alerts SET state = 1, "
	    "acknowledged_by = ?1, acknowledged_at = ?2 WHERE id = ?3 AND "
	    "state = 0", id, by);
}

/* alerts_add_action records an action on an acknowledged alert. */
int
alerts_add_action(struct db *db, int64_t id, int64_t by, int code,
    const char *note)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = alerts_update(db, "UPDATE alerts SET state = 2 WHERE "
	    "id = ?3 AND state IN (1, 2) AND ?1 = ?1 AND ?2 = ?2", id,
	    by)) != ST_OK)
		return st;
	if ((st = db_prepare(db, &stmt, "INSERT INTO alert_actions "
	    "(alert_id, code, note, by_id, at) VALUES (?, ?, ?, ?, ?)")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, code);
	sqlite3_bind_text(stmt, 3, note != NULL ? note : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, by);
	sqlite3_bind_int64(stmt, 5, db_now());
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* alerts_close closes an alert that has an action recorded. */
int
alerts_close(struct db *db, int64_t id, int64_t by)
{
	return alerts_update(db, "UPDATE alerts SET state = 3, "
	    "closed_by = ?1, closed_at = ?2 WHERE id = ?3 AND state = 2",
	    id, by);
}

/*
 * alerts_overdue lists the alerts past their target at now that nobody
 * has acknowledged and that were not escalated yet (never an R8 itself).
 */
int
alerts_overdue(struct db *db, int64_t now, int64_t **ids, size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*ids = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT id FROM alerts WHERE "
	    "state = 0 AND due_at > 0 AND due_at < ? AND escalated_at = 0 "
	    "AND rule <> 'R8' ORDER BY id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, now);
	st = db_collect_ids(db, stmt, "overdue alerts", ids, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* alerts_mark_escalated records that alert id was escalated now. */
int
alerts_mark_escalated(struct db *db, int64_t id)
{
	return alerts_update(db, "UPDATE alerts SET escalated_at = ?2 "
	    "WHERE id = ?3 AND escalated_at = 0 AND ?1 = ?1", id, 0);
}
