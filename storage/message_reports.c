/*
 * message_reports.c: participants' reports of one message of a private
 * conversation, for the moderators.  A participant reports a message once;
 * a report keeps who read it last and when, and how it was resolved.
 */
#include <stdlib.h>

#include "storage_int.h"

#define REPORT_COLUMNS \
	"r.id, r.message_id, x.conversation_id, r.reporter_id, a.pseudonym, " \
	"r.reason, r.created_at, r.read_at, rb.pseudonym, r.resolved_at, " \
	"r.outcome "
#define REPORT_FROM \
	"FROM message_reports r JOIN messages x ON x.id = r.message_id " \
	"JOIN accounts a ON a.id = r.reporter_id " \
	"LEFT JOIN accounts rb ON rb.id = r.read_by "

/* message_report_free frees a report; NULL is accepted. */
void
message_report_free(struct message_report *r)
{
	if (r == NULL)
		return;
	free(r->reporter);
	free(r->read_by);
	free(r);
}

/* message_reports_free_list frees a list from message_reports_open. */
void
message_reports_free_list(struct message_report **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		message_report_free(list[i]);
	free(list);
}

/* message_reports_row reads one row of REPORT_COLUMNS. */
static struct message_report *
message_reports_row(sqlite3_stmt *stmt)
{
	struct message_report	*r;

	r = xcalloc(1, sizeof *r);
	r->id = sqlite3_column_int64(stmt, 0);
	r->message_id = sqlite3_column_int64(stmt, 1);
	r->conversation_id = sqlite3_column_int64(stmt, 2);
	r->reporter_id = sqlite3_column_int64(stmt, 3);
	r->reporter = db_column_text(stmt, 4);
	r->reason = sqlite3_column_int(stmt, 5);
	r->created_at = sqlite3_column_int64(stmt, 6);
	r->read_at = sqlite3_column_int64(stmt, 7);
	r->read_by = db_column_text(stmt, 8);
	r->resolved_at = sqlite3_column_int64(stmt, 9);
	r->outcome = sqlite3_column_int(stmt, 10);
	return r;
}

/*
 * message_reports_create records reporter's report of message for reason;
 * ST_EXISTS if she reported it already.
 */
int
message_reports_create(struct db *db, int64_t message, int64_t reporter,
    int reason, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO message_reports "
	    "(message_id, reporter_id, reason, created_at) VALUES "
	    "(?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, message);
	sqlite3_bind_int64(stmt, 2, reporter);
	sqlite3_bind_int(stmt, 3, reason);
	sqlite3_bind_int64(stmt, 4, db_now());
	if ((st = db_step_done(db, stmt)) == ST_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* message_reports_get reads report id. */
int
message_reports_get(struct db *db, int64_t id, struct message_report **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT " REPORT_COLUMNS REPORT_FROM
	    "WHERE r.id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	if ((st = db_step_row(db, stmt, "message report")) == ST_OK)
		*out = message_reports_row(stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* message_reports_open lists the unresolved reports, oldest first. */
int
message_reports_open(struct db *db, struct message_report ***out, size_t *n)
{
	sqlite3_stmt		 *stmt = NULL;
	struct message_report	**list = NULL;
	size_t			  len = 0;
	int			  st, rc;

	if ((st = db_prepare(db, &stmt, "SELECT " REPORT_COLUMNS REPORT_FROM
	    "WHERE r.resolved_at = 0 ORDER BY r.created_at, r.id")) != ST_OK)
		goto out;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = message_reports_row(stmt);
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "message reports");
out:
	sqlite3_finalize(stmt);
	if (st != ST_OK) {
		message_reports_free_list(list, len);
		list = NULL;
		len = 0;
	}
	*out = list;
	*n = len;
	return st;
}

/* message_reports_count_open counts the unresolved reports. */
int
message_reports_count_open(struct db *db, int64_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT count(*) FROM message_reports "
	    "WHERE resolved_at = 0")) != ST_OK)
		goto out;
	st = db_step_int64(db, stmt, "count message reports", n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * message_reports_change runs an update of report ?1 by ?2 at ?3 (and
 * outcome ?4); ST_NOTFOUND when it matched no report.
 */
static int
message_reports_change(struct db *db, const char *sql, int64_t id,
    int64_t by, int outcome)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, sql)) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, by);
	sqlite3_bind_int64(stmt, 3, db_now());
	sqlite3_bind_int(stmt, 4, outcome);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * message_reports_mark_read records that by read report id now; each
 * read replaces the last one, so the report shows who looked last.
 */
int
message_reports_mark_read(struct db *db, int64_t id, int64_t by)
{
	return message_reports_change(db, "UPDATE message_reports SET "
	    "read_by = ?2, read_at = ?3 WHERE id = ?1 AND ?4 = ?4", id, by, 0);
}

/* message_reports_resolve resolves an unresolved report (else ST_NOTFOUND). */
int
message_reports_resolve(struct db *db, int64_t id, int64_t by, int outcome)
{
	return message_reports_change(db, "UPDATE message_reports SET "
	    "resolved_by = ?2, resolved_at = ?3, outcome = ?4 WHERE id = ?1 "
	    "AND resolved_at = 0", id, by, outcome);
}
