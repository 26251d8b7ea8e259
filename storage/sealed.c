/*
 * sealed.c: sealed texts as storage sees them, an opaque blob and the id
 * of the key it was sealed with, and key rotation's view of every column
 * that holds one.  Storage never opens a sealed text (bbs/seal.c does).
 *
 * The sealed columns are a fixed list here: the SQL naming a table or a
 * column is built only from this table, never from input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage_int.h"

/* Where one sealed column lives, and what its texts are bound to. */
struct sealed_place {
	const char	*name;		/* table.column: bound into the AD */
	const char	*table;
	const char	*blob;		/* the column of the sealed record */
	const char	*key;		/* the column of its key id */
	const char	*bound;		/* the id the AD binds it to */
};

static const struct sealed_place sealed_places[SEALED_COLUMN_COUNT] = {
	[SEALED_CONV_SUBJECT] = {
		"conversations.subject", "conversations",
		"subject", "subject_key", "id"
	},
	[SEALED_MESSAGE_BODY] = {
		"messages.body", "messages",
		"body", "body_key", "conversation_id"
	},
	[SEALED_MIRROR_DETAILS] = {
		"mirror_requests.details", "mirror_requests",
		"details", "details_key", "id"
	},
	[SEALED_MIRROR_PREFERENCE] = {
		"mirror_requests.preference", "mirror_requests",
		"preference", "preference_key", "id"
	},
	[SEALED_MIRROR_NOTE] = {
		"mirror_events.note", "mirror_events",
		"note", "note_key", "request_id"
	},
	[SEALED_RATING_COMMENT] = {
		"mirror_ratings.comment", "mirror_ratings",
		"comment", "comment_key", "request_id"
	},
	[SEALED_EXERCISE_ANSWER] = {
		"exercise_answers.answer", "exercise_answers",
		"answer", "answer_key", "assignment_id"
	},
	[SEALED_FEEDBACK_TEXT] = {
		"exercise_feedback.text", "exercise_feedback",
		"text", "text_key", "answer_id"
	},
	[SEALED_JOURNAL_TEXT] = {
		"journal_entries.text", "journal_entries",
		"text", "text_key", "patient_id"
	},
};

/* sealed_place returns where col lives, or NULL for no such column. */
static const struct sealed_place *
sealed_place(enum sealed_column col)
{
	if ((int)col < 0 || col >= SEALED_COLUMN_COUNT)
		return NULL;
	return &sealed_places[col];
}

/* sealed_clear frees a sealed text's record and leaves it empty. */
void
sealed_clear(struct sealed *s)
{
	if (s == NULL)
		return;
	free(s->blob);
	memset(s, 0, sizeof *s);
}

/*
 * sealed_column reads a sealed text from the blob column blob and the key
 * column key of the current row: NULL blob and key 0 when there is none.
 * An empty blob is kept as an empty record, not as none.
 */
void
sealed_column(sqlite3_stmt *stmt, int blob, int key, struct sealed *s)
{
	const void	*p;
	int		 len;

	memset(s, 0, sizeof *s);
	if (sqlite3_column_type(stmt, blob) == SQLITE_NULL)
		return;
	p = sqlite3_column_blob(stmt, blob);
	len = sqlite3_column_bytes(stmt, blob);
	s->len = len > 0 ? (size_t)len : 0;
	s->blob = xmalloc(s->len > 0 ? s->len : 1);
	if (s->len > 0 && p != NULL)
		memcpy(s->blob, p, s->len);
	s->key = (uint32_t)sqlite3_column_int64(stmt, key);
}

/*
 * sealed_bind binds a sealed text to the parameters blob and key; none
 * (a NULL record) is bound as SQL NULL with key 0.
 */
void
sealed_bind(sqlite3_stmt *stmt, int blob, int key, const struct sealed *s)
{
	if (s == NULL || s->blob == NULL) {
		sqlite3_bind_null(stmt, blob);
		sqlite3_bind_int64(stmt, key, 0);
		return;
	}
	sqlite3_bind_blob64(stmt, blob, s->blob, s->len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, key, s->key);
}

/*
 * sealed_table names the place of col, "table.column": it is part of
 * what a sealed record is bound to, so a record cannot be moved to
 * another table, or to another column of its own row.
 */
const char *
sealed_table(enum sealed_column col)
{
	const struct sealed_place	*p;

	if ((p = sealed_place(col)) == NULL)
		return "";
	return p->name;
}

/* sealed_rows_free frees a list from sealed_stale. */
void
sealed_rows_free(struct sealed_row *rows, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		sealed_clear(&rows[i].text);
	free(rows);
}

/*
 * sealed_prepare compiles the query of col's rows sealed under a key other
 * than ?1: the rows themselves by id, at most ?2 of them, or (count) how
 * many there are.
 */
static int
sealed_prepare(struct db *db, enum sealed_column col, bool count,
    sqlite3_stmt **stmt)
{
	const struct sealed_place	*p;
	char				*sql;
	int				 st;

	*stmt = NULL;
	if ((p = sealed_place(col)) == NULL)
		return ST_INVALID;
	if (count)
		xasprintf(&sql, "SELECT count(*) FROM %s WHERE %s IS NOT NULL "
		    "AND %s <> ?1", p->table, p->blob, p->key);
	else
		xasprintf(&sql, "SELECT id, %s, %s, %s FROM %s WHERE %s IS NOT "
		    "NULL AND %s <> ?1 ORDER BY id LIMIT ?2", p->bound, p->blob,
		    p->key, p->table, p->blob, p->key);
	st = db_prepare(db, stmt, sql);
	free(sql);
	return st;
}

/*
 * sealed_stale lists at most limit rows of col whose text was sealed under
 * a key other than current, by id, for rotation to re-seal them.
 */
int
sealed_stale(struct db *db, enum sealed_column col, uint32_t current,
    size_t limit, struct sealed_row **out, size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct sealed_row	*rows = NULL, *r;
	size_t			 len = 0;
	int			 st, rc;

	if ((st = sealed_prepare(db, col, false, &stmt)) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, current);
	sqlite3_bind_int64(stmt, 2, limit > INT64_MAX ? INT64_MAX :
	    (int64_t)limit);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rows = xreallocarray(rows, len + 1, sizeof *rows);
		r = &rows[len++];
		r->row = sqlite3_column_int64(stmt, 0);
		r->bound = sqlite3_column_int64(stmt, 1);
		sealed_column(stmt, 2, 3, &r->text);
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "stale sealed rows");
out:
	sqlite3_finalize(stmt);
	if (st != ST_OK) {
		sealed_rows_free(rows, len);
		rows = NULL;
		len = 0;
	}
	*out = rows;
	*n = len;
	return st;
}

/* sealed_count_stale counts what sealed_stale would list, all of it. */
int
sealed_count_stale(struct db *db, enum sealed_column col, uint32_t current,
    int64_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*n = 0;
	if ((st = sealed_prepare(db, col, true, &stmt)) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, current);
	st = db_step_int64(db, stmt, "count stale sealed rows", n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * sealed_rewrite replaces the text of one row of col with fresh, only if
 * it is still sealed under old: a writer that changed it meanwhile wins,
 * and then nothing happens and ST_NOTFOUND is returned.
 */
int
sealed_rewrite(struct db *db, enum sealed_column col, int64_t row,
    uint32_t old, const struct sealed *fresh)
{
	const struct sealed_place	*p;
	sqlite3_stmt			*stmt = NULL;
	char				*sql;
	int				 st;

	if ((p = sealed_place(col)) == NULL)
		return ST_INVALID;
	xasprintf(&sql, "UPDATE %s SET %s = ?1, %s = ?2 WHERE id = ?3 AND "
	    "%s = ?4", p->table, p->blob, p->key, p->key);
	st = db_prepare(db, &stmt, sql);
	free(sql);
	if (st != ST_OK)
		goto out;
	sealed_bind(stmt, 1, 2, fresh);
	sqlite3_bind_int64(stmt, 3, row);
	sqlite3_bind_int64(stmt, 4, old);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}
