/*
 * studies.c: research studies, the record of each export, and the
 * engagement counts an export carries.  A study's secret key is never
 * here: only the path of its key file.  Who may register or export is
 * bbs/study.c's and bbs/export.c's rule.
 */
#include <stdlib.h>
#include <string.h>

#include "storage_int.h"

#define STUDY_COLUMNS	"id, title, protocol, instruments, events, " \
			"key_file, recruiting, coalesce(created_by, 0), " \
			"created_at "

/* study_row_clear frees what r holds and zeroes it. */
void
study_row_clear(struct study_row *r)
{
	free(r->id);
	free(r->title);
	free(r->protocol);
	free(r->instruments);
	free(r->events);
	free(r->key_file);
	memset(r, 0, sizeof *r);
}

/* study_rows_free frees a list from studies_list. */
void
study_rows_free(struct study_row *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		study_row_clear(&list[i]);
	free(list);
}

/* studies_read reads the row stmt is on (STUDY_COLUMNS) into r. */
static void
studies_read(sqlite3_stmt *stmt, struct study_row *r)
{
	r->id = db_column_text(stmt, 0);
	r->title = db_column_text(stmt, 1);
	r->protocol = db_column_text(stmt, 2);
	r->instruments = db_column_text(stmt, 3);
	r->events = db_column_text(stmt, 4);
	r->key_file = db_column_text(stmt, 5);
	r->recruiting = sqlite3_column_int(stmt, 6) != 0;
	r->created_by = sqlite3_column_int64(stmt, 7);
	r->created_at = sqlite3_column_int64(stmt, 8);
}

/* studies_create inserts a study; ST_EXISTS when its id is taken. */
int
studies_create(struct db *db, const struct study_row *r)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO studies (id, title, "
	    "protocol, instruments, events, key_file, recruiting, "
	    "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, r->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, r->protocol, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, r->instruments, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, r->events, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, r->key_file, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 7, r->recruiting ? 1 : 0);
	if (r->created_by > 0)
		sqlite3_bind_int64(stmt, 8, r->created_by);
	sqlite3_bind_int64(stmt, 9, r->created_at);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* studies_get reads the study with id into r (cleared on failure). */
int
studies_get(struct db *db, const char *id, struct study_row *r)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	memset(r, 0, sizeof *r);
	if ((st = db_prepare(db, &stmt, "SELECT " STUDY_COLUMNS "FROM studies "
	    "WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if ((st = db_step_row(db, stmt, "study")) == ST_OK)
		studies_read(stmt, r);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* studies_set_recruiting opens or closes a study's recruitment. */
int
studies_set_recruiting(struct db *db, const char *id, bool recruiting)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE studies SET recruiting = ? "
	    "WHERE id = ?")) != ST_OK)
		return st;
	sqlite3_bind_int(stmt, 1, recruiting);
	sqlite3_bind_text(stmt, 2, id, -1, SQLITE_STATIC);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
	sqlite3_finalize(stmt);
	return st;
}

/* studies_list lists every study, newest first. */
int
studies_list(struct db *db, struct study_row **out, size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct study_row	*list = NULL;
	size_t			 len = 0;
	int			 st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT " STUDY_COLUMNS "FROM studies "
	    "ORDER BY created_at DESC, id")) != ST_OK)
		goto out;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		studies_read(stmt, &list[len++]);
	}
	if (rc != SQLITE_DONE) {
		st = db_fail(db, "studies");
		study_rows_free(list, len);
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * studies_add_export records an export of study by account (0: the
 * operator) into dir with its counts; *id is the new row's.
 */
int
studies_add_export(struct db *db, const char *study, int64_t by, int64_t at,
    const char *dir, int64_t records, int64_t rows, int64_t events,
    int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*id = 0;
	if ((st = db_prepare(db, &stmt, "INSERT INTO study_exports (study, "
	    "by_id, at, dir, records, rows, events) VALUES (?, ?, ?, ?, ?, "
	    "?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, study, -1, SQLITE_STATIC);
	if (by > 0)
		sqlite3_bind_int64(stmt, 2, by);
	sqlite3_bind_int64(stmt, 3, at);
	sqlite3_bind_text(stmt, 4, dir, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, records);
	sqlite3_bind_int64(stmt, 6, rows);
	sqlite3_bind_int64(stmt, 7, events);
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* study_export_rows_free frees a list from studies_exports. */
void
study_export_rows_free(struct study_export_row *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(list[i].by);
		free(list[i].dir);
	}
	free(list);
}

/* studies_exports lists study's exports, newest first. */
int
studies_exports(struct db *db, const char *study,
    struct study_export_row **out, size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct study_export_row	*list = NULL, *e;
	size_t			 len = 0;
	int			 st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT x.id, a.pseudonym, x.at, "
	    "x.dir, x.records, x.rows, x.events FROM study_exports x LEFT "
	    "JOIN accounts a ON a.id = x.by_id WHERE x.study = ? ORDER BY "
	    "x.at DESC, x.id DESC")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, study, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		e = &list[len++];
		e->id = sqlite3_column_int64(stmt, 0);
		e->by = db_column_text(stmt, 1);
		e->at = sqlite3_column_int64(stmt, 2);
		e->dir = db_column_text(stmt, 3);
		e->records = sqlite3_column_int64(stmt, 4);
		e->rows = sqlite3_column_int64(stmt, 5);
		e->events = sqlite3_column_int64(stmt, 6);
	}
	if (rc != SQLITE_DONE) {
		st = db_fail(db, "study exports");
		study_export_rows_free(list, len);
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * The engagement events of one patient (?1) since her enrolment (?2),
 * as times and types only: never a text.  Posts opening a thread are
 * "post", the others "reply"; her messages in a mirror experience are
 * "mirror_message", the others go to her care team ("message_to_staff").
 */
#define ENGAGEMENT_SQL \
	"SELECT (at - ?2) / 86400 AS day, type, count(*) FROM (" \
	"  SELECT at, 'login' AS type FROM audit WHERE actor_id = ?1 AND " \
	"    action = 'login' AND allowed = 1" \
	"  UNION ALL SELECT p.created_at, CASE WHEN p.id = t.first_post_id " \
	"    THEN 'post' ELSE 'reply' END FROM posts p JOIN threads t ON " \
	"    t.id = p.thread_id WHERE p.author_id = ?1" \
	"  UNION ALL SELECT m.created_at, CASE c.kind WHEN 2 THEN " \
	"    'mirror_message' ELSE 'message_to_staff' END FROM messages m " \
	"    JOIN conversations c ON c.id = m.conversation_id WHERE " \
	"    m.author_id = ?1" \
	"  UNION ALL SELECT created_at, 'mirror_request' FROM " \
	"    mirror_requests WHERE patient_id = ?1" \
	"  UNION ALL SELECT completed_at, 'form_complete' FROM forms WHERE " \
	"    patient_id = ?1 AND state = 2" \
	"  UNION ALL SELECT at, CASE kind" \
	"    WHEN 'session.open' THEN 'module_session_open'" \
	"    WHEN 'session.complete' THEN 'module_session_complete'" \
	"    WHEN 'exercise.submit' THEN 'exercise_submit'" \
	"    WHEN 'module.complete' THEN 'module_complete'" \
	"    ELSE 'journal_write' END FROM module_events WHERE " \
	"    patient_id = ?1 AND kind IN ('session.open', " \
	"    'session.complete', 'exercise.submit', 'module.complete', " \
	"    'journal.write')" \
	") WHERE at >= ?2 GROUP BY day, type ORDER BY day, type"

/*
 * studies_engagement counts patient's engagement events per day since
 * enrolled (a time) and per type, by day then type.
 */
int
studies_engagement(struct db *db, int64_t patient, int64_t enrolled,
    struct engagement_row **out, size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct engagement_row	*list = NULL, *e;
	const unsigned char	*type;
	size_t			 len = 0;
	int			 st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, ENGAGEMENT_SQL)) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int64(stmt, 2, enrolled);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		e = &list[len++];
		memset(e, 0, sizeof *e);
		e->day = sqlite3_column_int64(stmt, 0);
		if ((type = sqlite3_column_text(stmt, 1)) != NULL)
			strncpy(e->type, (const char *)type,
			    sizeof e->type - 1);
		e->count = sqlite3_column_int64(stmt, 2);
	}
	if (rc != SQLITE_DONE) {
		st = db_fail(db, "engagement");
		free(list);
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}
