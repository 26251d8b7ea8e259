/*
 * consents.c: consent decisions (privacy spec, "Consent").  A decision is
 * a new row, never an update: the information text's version and hash,
 * the language it was shown in, who recorded it and when.  The latest
 * row of an account's purpose (and study) is its state; no row is "not
 * decided yet".  The studies table is read here only for the consent
 * screens (id, title, recruiting).
 */
#include <stdlib.h>
#include <string.h>

#include "storage_int.h"

/* The purpose number of research in enum consent_purpose (bbs.h). */
#define CONSENTS_RESEARCH	3

/* consent_row_clear frees what a row holds. */
void
consent_row_clear(struct consent_row *r)
{
	free(r->study);
	free(r->hash);
	free(r->language);
	memset(r, 0, sizeof *r);
}

/* consent_studies_free frees a list from consents_studies. */
void
consent_studies_free(struct consent_study *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(list[i].id);
		free(list[i].title);
	}
	free(list);
}

/* consents_add stores a decision for account; *id is the new row. */
int
consents_add(struct db *db, int64_t account, const struct consent_row *r,
    int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*id = 0;
	if ((st = db_prepare(db, &stmt, "INSERT INTO consents (account_id, "
	    "purpose, study, given, text_version, text_hash, language, "
	    "recorded_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int(stmt, 2, r->purpose);
	sqlite3_bind_text(stmt, 3, r->study != NULL ? r->study : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(stmt, 4, r->given ? 1 : 0);
	sqlite3_bind_int(stmt, 5, r->version);
	sqlite3_bind_text(stmt, 6, r->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, r->language, -1, SQLITE_STATIC);
	if (r->recorded_by > 0)
		sqlite3_bind_int64(stmt, 8, r->recorded_by);
	sqlite3_bind_int64(stmt, 9, r->at != 0 ? r->at : db_now());
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * consents_latest reads account's latest decision on purpose (and study,
 * NULL or "" unless research) into *out; ST_NOTFOUND when she has not
 * decided.  The row id orders decisions made within the same second.
 */
int
consents_latest(struct db *db, int64_t account, int purpose,
    const char *study, struct consent_row *out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	memset(out, 0, sizeof *out);
	if ((st = db_prepare(db, &stmt, "SELECT purpose, study, given, "
	    "text_version, text_hash, language, coalesce(recorded_by, 0), at "
	    "FROM consents WHERE account_id = ? AND purpose = ? AND "
	    "study = ? ORDER BY id DESC LIMIT 1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int(stmt, 2, purpose);
	sqlite3_bind_text(stmt, 3, study != NULL ? study : "", -1,
	    SQLITE_STATIC);
	if ((st = db_step_row(db, stmt, "consent")) != ST_OK)
		goto out;
	out->purpose = sqlite3_column_int(stmt, 0);
	out->study = db_column_text(stmt, 1);
	out->given = sqlite3_column_int(stmt, 2) != 0;
	out->version = sqlite3_column_int(stmt, 3);
	out->hash = db_column_text(stmt, 4);
	out->language = db_column_text(stmt, 5);
	out->recorded_by = sqlite3_column_int64(stmt, 6);
	out->at = sqlite3_column_int64(stmt, 7);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * consents_research_ids lists the accounts whose latest research decision
 * for study is "given", ascending.
 */
int
consents_research_ids(struct db *db, const char *study, int64_t **out,
    size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT c.account_id FROM consents c "
	    "WHERE c.purpose = ?1 AND c.study = ?2 AND c.given = 1 AND "
	    "c.id = (SELECT max(d.id) FROM consents d WHERE d.account_id = "
	    "c.account_id AND d.purpose = ?1 AND d.study = ?2) "
	    "ORDER BY c.account_id")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, CONSENTS_RESEARCH);
	sqlite3_bind_text(stmt, 2, study, -1, SQLITE_STATIC);
	st = db_collect_ids(db, stmt, "research consents", out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* consents_study_read copies the current row into *s. */
static void
consents_study_read(sqlite3_stmt *stmt, struct consent_study *s)
{
	s->id = db_column_text(stmt, 0);
	s->title = db_column_text(stmt, 1);
	s->recruiting = sqlite3_column_int(stmt, 2) != 0;
}

/* consents_studies lists every study, oldest first. */
int
consents_studies(struct db *db, struct consent_study **out, size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct consent_study	*list = NULL;
	size_t			 len = 0;
	int			 st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT id, title, recruiting FROM "
	    "studies ORDER BY created_at, id")) != ST_OK)
		goto out;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		consents_study_read(stmt, &list[len++]);
	}
	if (rc != SQLITE_DONE) {
		consent_studies_free(list, len);
		st = db_fail(db, "studies");
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* consents_study reads one study; ST_NOTFOUND when there is none. */
int
consents_study(struct db *db, const char *id, struct consent_study *out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	memset(out, 0, sizeof *out);
	if ((st = db_prepare(db, &stmt, "SELECT id, title, recruiting FROM "
	    "studies WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if ((st = db_step_row(db, stmt, "study")) == ST_OK)
		consents_study_read(stmt, out);
out:
	sqlite3_finalize(stmt);
	return st;
}
