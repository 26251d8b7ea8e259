/*
 * reports.c: members' reports of posts.  One report per member and post;
 * resolving closes every open report of a post at once.
 */
#include <stdlib.h>

#include "storage_int.h"

/* report_free frees a report; NULL is accepted. */
void
report_free(struct report *r)
{
	if (r == NULL)
		return;
	free(r->reporter_name);
	free(r->note);
	free(r);
}

/* reports_free_list frees a list from reports_list. */
void
reports_free_list(struct report **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		report_free(list[i]);
	free(list);
}

/* reports_create records a report; ST_EXISTS if this member already did. */
int
reports_create(struct db *db, int64_t post, int64_t reporter, int reason,
    const char *note, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO reports (post_id, "
	    "reporter_id, reason, note, created_at) VALUES (?, ?, ?, ?, ?) "
	    "ON CONFLICT DO UPDATE SET reason = excluded.reason, note = "
	    "excluded.note, created_at = excluded.created_at, resolved_at = 0, "
	    "resolved_by = NULL")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, post);
	sqlite3_bind_int64(stmt, 2, reporter);
	sqlite3_bind_int(stmt, 3, reason);
	sqlite3_bind_text(stmt, 4, note != NULL ? note : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, db_now());
	if ((st = db_step_done(db, stmt)) == ST_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* reports_list returns a post's open reports, oldest first. */
int
reports_list(struct db *db, int64_t post, struct report ***out, size_t *n)
{
	sqlite3_stmt	 *stmt = NULL;
	struct report	**list = NULL, *r;
	size_t		  len = 0;
	int		  st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT r.id, r.post_id, "
	    "r.reporter_id, a.pseudonym, r.reason, r.note, r.created_at, "
	    "r.resolved_at FROM reports r JOIN accounts a ON a.id = "
	    "r.reporter_id WHERE r.post_id = ? AND r.resolved_at = 0 "
	    "ORDER BY r.id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, post);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		r = xcalloc(1, sizeof *r);
		r->id = sqlite3_column_int64(stmt, 0);
		r->post_id = sqlite3_column_int64(stmt, 1);
		r->reporter_id = sqlite3_column_int64(stmt, 2);
		r->reporter_name = db_column_text(stmt, 3);
		r->reason = sqlite3_column_int(stmt, 4);
		r->note = db_column_text(stmt, 5);
		r->created_at = sqlite3_column_int64(stmt, 6);
		r->resolved_at = sqlite3_column_int64(stmt, 7);
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = r;
	}
	if (rc != SQLITE_DONE) {
		reports_free_list(list, len);
		st = db_fail(db, "list reports");
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* reports_resolve closes every open report of a post. */
int
reports_resolve(struct db *db, int64_t post, int64_t by)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE reports SET resolved_at = ?, "
	    "resolved_by = ? WHERE post_id = ? AND resolved_at = 0")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, db_now());
	sqlite3_bind_int64(stmt, 2, by);
	sqlite3_bind_int64(stmt, 3, post);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * reports_count_by_reason counts the reports members made in [from, to),
 * by reason, into counts[0..n-1]; other reasons are ignored.
 */
int
reports_count_by_reason(struct db *db, int64_t from, int64_t to,
    int64_t *counts, size_t n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st, rc, reason;
	size_t		 i;

	for (i = 0; i < n; i++)
		counts[i] = 0;
	if ((st = db_prepare(db, &stmt, "SELECT reason, count(*) FROM reports "
	    "WHERE created_at >= ? AND created_at < ? GROUP BY reason")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		reason = sqlite3_column_int(stmt, 0);
		if (reason >= 0 && (size_t)reason < n)
			counts[reason] = sqlite3_column_int64(stmt, 1);
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "count reports");
out:
	sqlite3_finalize(stmt);
	return st;
}
