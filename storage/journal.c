/*
 * journal.c: a patient's private journal.  Each entry is sealed (bound to
 * its row and to the patient) and says whether she shares it with her
 * professionals; who may read which is bbs/journal.c's rule.
 */
#include <stdlib.h>
#include <string.h>

#include "storage_int.h"

#define JOURNAL_COLUMNS \
	"id, patient_id, text, text_key, shared, created_at, updated_at "

/* journal_rows_free frees a list from journal_entries_of. */
void
journal_rows_free(struct journal_row *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		sealed_clear(&list[i].text);
	free(list);
}

/* journal_row reads one row of JOURNAL_COLUMNS into *j. */
static void
journal_row(sqlite3_stmt *stmt, struct journal_row *j)
{
	memset(j, 0, sizeof *j);
	j->id = sqlite3_column_int64(stmt, 0);
	j->patient_id = sqlite3_column_int64(stmt, 1);
	sealed_column(stmt, 2, 3, &j->text);
	j->shared = sqlite3_column_int(stmt, 4) != 0;
	j->created_at = sqlite3_column_int64(stmt, 5);
	j->updated_at = sqlite3_column_int64(stmt, 6);
}

/*
 * journal_entries_add adds an entry of patient's at now, shared or not,
 * without its text yet (sealed with the new id, then set with
 * journal_entries_set_text).
 */
int
journal_entries_add(struct db *db, int64_t patient, bool shared, int64_t now,
    int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*id = 0;
	if ((st = db_prepare(db, &stmt, "INSERT INTO journal_entries "
	    "(patient_id, shared, created_at, updated_at) VALUES (?1, ?2, ?3, "
	    "?3)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int(stmt, 2, shared);
	sqlite3_bind_int64(stmt, 3, now);
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * journal_entries_set_text stores entry id's sealed text, changed at now
 * (the time of the entry itself when it was just added).
 */
int
journal_entries_set_text(struct db *db, int64_t id, const struct sealed *s,
    int64_t now)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE journal_entries SET text = ?2, "
	    "text_key = ?3, updated_at = ?4 WHERE id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sealed_bind(stmt, 2, 3, s);
	sqlite3_bind_int64(stmt, 4, now);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* journal_entries_set_shared shares entry id, or stops sharing it. */
int
journal_entries_set_shared(struct db *db, int64_t id, bool shared)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE journal_entries SET shared = "
	    "?2 WHERE id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, shared);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* journal_entries_get reads entry id into *out (free with sealed_clear). */
int
journal_entries_get(struct db *db, int64_t id, struct journal_row *out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	memset(out, 0, sizeof *out);
	if ((st = db_prepare(db, &stmt, "SELECT " JOURNAL_COLUMNS
	    "FROM journal_entries WHERE id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	if ((st = db_step_row(db, stmt, "journal entry")) == ST_OK)
		journal_row(stmt, out);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * journal_entries_of lists patient's entries, newest first, only those
 * she shares when shared_only is set.
 */
int
journal_entries_of(struct db *db, int64_t patient, bool shared_only,
    struct journal_row **out, size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct journal_row	*list = NULL;
	size_t			 len = 0;
	int			 st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT " JOURNAL_COLUMNS
	    "FROM journal_entries WHERE patient_id = ?1 AND (?2 = 0 OR "
	    "shared = 1) ORDER BY created_at DESC, id DESC")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int(stmt, 2, shared_only);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		journal_row(stmt, &list[len++]);
	}
	if (rc != SQLITE_DONE) {
		st = db_fail(db, "journal entries");
		journal_rows_free(list, len);
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}
