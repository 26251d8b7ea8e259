/*
 * forms.c: the questionnaires given to a patient, and her raw answers,
 * kept item by item as she answers so that she can stop and resume.
 * Scores are never stored: the engine derives them from these answers.
 */
#include <stdlib.h>

#include "storage_int.h"

#define FORM_COLUMNS \
	"id, patient_id, instrument, window, opens_at, closes_at, " \
	"coalesce(sent_by, 0), state, version, language, convention, " \
	"position, started_at, completed_at "

/* form_free frees a form; NULL is accepted. */
void
form_free(struct form *f)
{
	if (f == NULL)
		return;
	free(f->instrument);
	free(f->window);
	free(f->language);
	free(f->convention);
	free(f);
}

/* forms_free_list frees a list of forms. */
void
forms_free_list(struct form **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		form_free(list[i]);
	free(list);
}

/* forms_row reads one row of FORM_COLUMNS. */
static struct form *
forms_row(sqlite3_stmt *stmt)
{
	struct form	*f;

	f = xcalloc(1, sizeof *f);
	f->id = sqlite3_column_int64(stmt, 0);
	f->patient_id = sqlite3_column_int64(stmt, 1);
	f->instrument = db_column_text(stmt, 2);
	f->window = db_column_text(stmt, 3);
	f->opens_at = sqlite3_column_int64(stmt, 4);
	f->closes_at = sqlite3_column_int64(stmt, 5);
	f->sent_by = sqlite3_column_int64(stmt, 6);
	f->state = sqlite3_column_int(stmt, 7);
	f->version = sqlite3_column_int(stmt, 8);
	f->language = db_column_text(stmt, 9);
	f->convention = db_column_text(stmt, 10);
	f->position = sqlite3_column_int(stmt, 11);
	f->started_at = sqlite3_column_int64(stmt, 12);
	f->completed_at = sqlite3_column_int64(stmt, 13);
	return f;
}

/* forms_collect steps a prepared query of FORM_COLUMNS into a list. */
static int
forms_collect(struct db *db, sqlite3_stmt *stmt, struct form ***out,
    size_t *n)
{
	struct form	**list = NULL;
	size_t		 len = 0;
	int		 rc, st = ST_OK;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = forms_row(stmt);
	}
	if (rc != SQLITE_DONE) {
		st = db_fail(db, "forms");
		forms_free_list(list, len);
		list = NULL;
		len = 0;
	}
	*out = list;
	*n = len;
	return st;
}

/*
 * forms_ensure gives patient the form of instrument for window (opening
 * and closing then; sent_by 0 for the schedule), unless she already has
 * it: *id is the form either way, and ST_EXISTS says it was there.
 */
int
forms_ensure(struct db *db, int64_t patient, const char *instrument,
    const char *window, int64_t opens, int64_t closes, int64_t sent_by,
    int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;
	bool		 added;

	if ((st = db_prepare(db, &stmt, "INSERT INTO forms (patient_id, "
	    "instrument, window, opens_at, closes_at, sent_by) VALUES "
	    "(?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_text(stmt, 2, instrument, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, window, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, opens);
	sqlite3_bind_int64(stmt, 5, closes);
	if (sent_by > 0)
		sqlite3_bind_int64(stmt, 6, sent_by);
	if ((st = db_step_done(db, stmt)) != ST_OK)
		goto out;
	added = sqlite3_changes(db->sq) > 0;
	sqlite3_finalize(stmt);
	stmt = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT id FROM forms WHERE "
	    "patient_id = ? AND window = ? AND instrument = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_text(stmt, 2, window, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, instrument, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		st = db_fail(db, "form");
		goto out;
	}
	if (id != NULL)
		*id = sqlite3_column_int64(stmt, 0);
	st = added ? ST_OK : ST_EXISTS;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* forms_get reads form id of patient: anyone else's is "not found". */
int
forms_get(struct db *db, int64_t id, int64_t patient, struct form **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT " FORM_COLUMNS "FROM forms "
	    "WHERE id = ? AND patient_id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, patient);
	if ((st = db_step_row(db, stmt, "form")) == ST_OK)
		*out = forms_row(stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * forms_list lists patient's forms in any of the given states, by the
 * time they open.
 */
int
forms_list(struct db *db, int64_t patient, const int *states, size_t nstates,
    struct form ***out, size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	unsigned	 mask = 0;
	size_t		 i;
	int		 st;

	*out = NULL;
	*n = 0;
	for (i = 0; i < nstates; i++)
		mask |= 1U << states[i];
	if ((st = db_prepare(db, &stmt, "SELECT " FORM_COLUMNS "FROM forms "
	    "WHERE patient_id = ? AND ((1 << state) & ?) != 0 "
	    "ORDER BY opens_at, id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int(stmt, 2, (int)mask);
	st = forms_collect(db, stmt, out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * forms_completed lists patient's completed forms of instrument, oldest
 * first: the first is her baseline.
 */
int
forms_completed(struct db *db, int64_t patient, const char *instrument,
    struct form ***out, size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT " FORM_COLUMNS "FROM forms "
	    "WHERE patient_id = ? AND instrument = ? AND state = 2 "
	    "ORDER BY completed_at, id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_text(stmt, 2, instrument, -1, SQLITE_STATIC);
	st = forms_collect(db, stmt, out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * forms_mark_missed records as missed patient's forms that closed by now
 * unanswered or unfinished (their partial answers stay); *changed counts
 * them.
 */
int
forms_mark_missed(struct db *db, int64_t patient, int64_t now, int *changed)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*changed = 0;
	if ((st = db_prepare(db, &stmt, "UPDATE forms SET state = 3 WHERE "
	    "patient_id = ? AND state IN (0, 1) AND closes_at <= ?")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int64(stmt, 2, now);
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*changed = sqlite3_changes(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * forms_start records, at the first answer, what the form is answered
 * with: the instrument's version, the language and the scoring
 * convention.
 */
int
forms_start(struct db *db, int64_t id, int version, const char *language,
    const char *convention)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE forms SET version = ?, "
	    "language = ?, convention = ?, started_at = ? WHERE id = ? AND "
	    "started_at = 0")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, version);
	sqlite3_bind_text(stmt, 2, language, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, convention, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, db_now());
	sqlite3_bind_int64(stmt, 5, id);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* forms_position moves an open form on to item position (for resume). */
static int
forms_position(struct db *db, int64_t id, int position)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE forms SET position = ?, "
	    "state = 1 WHERE id = ? AND state IN (0, 1)")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, position);
	sqlite3_bind_int64(stmt, 2, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* forms_answer keeps one answer of an open form. */
int
forms_answer(struct db *db, int64_t id, int item, int value, int position)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = forms_position(db, id, position)) != ST_OK)
		return st;
	if ((st = db_prepare(db, &stmt, "INSERT INTO form_answers (form_id, "
	    "item, value, answered_at) VALUES (?, ?, ?, ?) ON CONFLICT DO "
	    "UPDATE SET value = excluded.value, answered_at = "
	    "excluded.answered_at")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, item);
	sqlite3_bind_int(stmt, 3, value);
	sqlite3_bind_int64(stmt, 4, db_now());
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* forms_clear_answer removes one answer of an open form (a skip). */
int
forms_clear_answer(struct db *db, int64_t id, int item, int position)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = forms_position(db, id, position)) != ST_OK)
		return st;
	if ((st = db_prepare(db, &stmt, "DELETE FROM form_answers WHERE "
	    "form_id = ? AND item = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, item);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* forms_answers lists a form's answers by item. */
int
forms_answers(struct db *db, int64_t id, struct form_answer **out, size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct form_answer	*list = NULL;
	size_t			 len = 0;
	int			 st, rc;

	if ((st = db_prepare(db, &stmt, "SELECT item, value FROM form_answers "
	    "WHERE form_id = ? ORDER BY item")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len].item = sqlite3_column_int(stmt, 0);
		list[len].value = sqlite3_column_int(stmt, 1);
		len++;
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "answers");
out:
	sqlite3_finalize(stmt);
	if (st != ST_OK) {
		free(list);
		list = NULL;
		len = 0;
	}
	*out = list;
	*n = len;
	return st;
}

/* forms_complete marks an open form completed at at. */
int
forms_complete(struct db *db, int64_t id, int64_t at)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE forms SET state = 2, "
	    "completed_at = ? WHERE id = ? AND state IN (0, 1)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, at);
	sqlite3_bind_int64(stmt, 2, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * forms_recent_windows looks at patient's last k scheduled occasions that
 * closed by now, newest first: missed[i] tells whether nothing of the
 * i-th was completed.  An occasion is the forms that open together (at
 * the same local midnight): four forms unanswered on one day are one
 * missed occasion.
 */
int
forms_recent_windows(struct db *db, int64_t patient, int64_t now, size_t k,
    bool *missed, size_t *n, int64_t *newest)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st, rc;

	*n = 0;
	*newest = 0;
	if ((st = db_prepare(db, &stmt, "SELECT max(state = 2), "
	    "max(closes_at) FROM forms "
	    "WHERE patient_id = ? AND sent_by IS NULL GROUP BY opens_at "
	    "HAVING max(closes_at) <= ? ORDER BY max(closes_at) DESC "
	    "LIMIT ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int64(stmt, 2, now);
	sqlite3_bind_int64(stmt, 3, (int64_t)k);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && *n < k) {
		if (*n == 0)
			*newest = sqlite3_column_int64(stmt, 1);
		missed[(*n)++] = sqlite3_column_int(stmt, 0) == 0;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = db_fail(db, "recent forms");
out:
	sqlite3_finalize(stmt);
	return st;
}
