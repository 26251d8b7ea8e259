/*
 * accounts.c: the accounts table.
 *
 * Pseudonyms are unique without regard to case (COLLATE NOCASE), so "Ana"
 * and "ana" can never be two people.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage_int.h"

#define ACCOUNT_COLUMNS \
	"id, pseudonym, role, pwhash, disabled, must_change_password, " \
	"language, rules_version, failed_logins, created_at, last_login_at"

/* account_free frees an account; NULL is accepted. */
void
account_free(struct account *a)
{
	if (a == NULL)
		return;
	free(a->pseudonym);
	if (a->pwhash != NULL) {
		memset(a->pwhash, 0, strlen(a->pwhash));
		free(a->pwhash);
	}
	free(a);
}

/* accounts_free_list frees a list from accounts_list. */
void
accounts_free_list(struct account **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		account_free(list[i]);
	free(list);
}

/* accounts_row reads one row selected with ACCOUNT_COLUMNS. */
static struct account *
accounts_row(sqlite3_stmt *stmt)
{
	struct account	*a;
	const char	*lang;

	a = xcalloc(1, sizeof *a);
	a->id = sqlite3_column_int64(stmt, 0);
	a->pseudonym = db_column_text(stmt, 1);
	a->role = sqlite3_column_int(stmt, 2);
	a->pwhash = db_column_text(stmt, 3);
	a->disabled = sqlite3_column_int(stmt, 4) != 0;
	a->must_change_password = sqlite3_column_int(stmt, 5) != 0;
	lang = (const char *)sqlite3_column_text(stmt, 6);
	snprintf(a->language, sizeof a->language, "%s", lang ? lang : "en");
	a->rules_version = sqlite3_column_int(stmt, 7);
	a->failed_logins = sqlite3_column_int(stmt, 8);
	a->created_at = sqlite3_column_int64(stmt, 9);
	a->last_login_at = sqlite3_column_int64(stmt, 10);
	return a;
}

/* accounts_create inserts an account; ST_EXISTS if the pseudonym is taken. */
int
accounts_create(struct db *db, const char *pseudonym, int role,
    const char *pwhash, bool must_change, const char *language, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO accounts (pseudonym, "
	    "role, pwhash, must_change_password, language, created_at, "
	    "read_floor) VALUES (?, ?, ?, ?, ?, ?, (SELECT coalesce(max(id), "
	    "0) FROM posts))")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, pseudonym, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, role);
	sqlite3_bind_text(stmt, 3, pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 4, must_change);
	sqlite3_bind_text(stmt, 5, language, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, db_now());
	if ((st = db_step_done(db, stmt)) == ST_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* accounts_one runs a query expected to select at most one account. */
static int
accounts_one(struct db *db, sqlite3_stmt *stmt, struct account **out)
{
	int	rc;

	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = accounts_row(stmt);
		return ST_OK;
	}
	if (rc == SQLITE_DONE)
		return ST_NOTFOUND;
	return db_fail(db, "select account");
}

/* accounts_get looks an account up by id. */
int
accounts_get(struct db *db, int64_t id, struct account **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT " ACCOUNT_COLUMNS
	    " FROM accounts WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	st = accounts_one(db, stmt, out);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* accounts_find looks an account up by pseudonym, ignoring case. */
int
accounts_find(struct db *db, const char *pseudonym, struct account **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT " ACCOUNT_COLUMNS
	    " FROM accounts WHERE pseudonym = ?")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, pseudonym, -1, SQLITE_STATIC);
	st = accounts_one(db, stmt, out);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * accounts_list returns the accounts whose pseudonym contains search (all
 * when search is NULL or empty), ordered by pseudonym.
 */
int
accounts_list(struct db *db, const char *search, struct account ***out,
    size_t *n)
{
	sqlite3_stmt	 *stmt = NULL;
	struct account	**list = NULL;
	size_t		  len = 0;
	int		  st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT " ACCOUNT_COLUMNS
	    " FROM accounts WHERE ?1 IS NULL OR"
	    " instr(lower(pseudonym), lower(?1)) > 0"
	    " ORDER BY pseudonym COLLATE NOCASE")) != ST_OK)
		goto out;
	if (search != NULL && *search != '\0')
		sqlite3_bind_text(stmt, 1, search, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = accounts_row(stmt);
	}
	if (rc != SQLITE_DONE) {
		accounts_free_list(list, len);
		st = db_fail(db, "list accounts");
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* accounts_count counts all accounts. */
int
accounts_count(struct db *db, int64_t *count)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*count = 0;
	if ((st = db_prepare(db, &stmt, "SELECT count(*) FROM accounts")) !=
	    ST_OK)
		goto out;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		st = db_fail(db, "count accounts");
		goto out;
	}
	*count = sqlite3_column_int64(stmt, 0);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* accounts_update runs an UPDATE with one bound value and the id last. */
static int
accounts_update(struct db *db, const char *sql, int64_t id,
    const char *text, int64_t num)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, sql)) != ST_OK)
		goto out;
	if (text != NULL)
		sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(stmt, 1, num);
	sqlite3_bind_int64(stmt, 2, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* accounts_set_role changes an account's role. */
int
accounts_set_role(struct db *db, int64_t id, int role)
{
	return accounts_update(db, "UPDATE accounts SET role = ? WHERE id = ?",
	    id, NULL, role);
}

/* accounts_set_disabled disables or enables an account. */
int
accounts_set_disabled(struct db *db, int64_t id, bool disabled)
{
	return accounts_update(db,
	    "UPDATE accounts SET disabled = ? WHERE id = ?", id, NULL,
	    disabled);
}

/* accounts_set_password stores a new hash and the must-change flag. */
int
accounts_set_password(struct db *db, int64_t id, const char *pwhash,
    bool must_change)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE accounts SET pwhash = ?, "
	    "must_change_password = ? WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, must_change);
	sqlite3_bind_int64(stmt, 3, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* accounts_set_language stores the interface language code. */
int
accounts_set_language(struct db *db, int64_t id, const char *lang)
{
	return accounts_update(db,
	    "UPDATE accounts SET language = ? WHERE id = ?", id, lang, 0);
}

/* accounts_set_rules_version records which rules version was accepted. */
int
accounts_set_rules_version(struct db *db, int64_t id, int version)
{
	return accounts_update(db,
	    "UPDATE accounts SET rules_version = ? WHERE id = ?", id, NULL,
	    version);
}

/* accounts_login_succeeded stamps the login and clears the failure count. */
int
accounts_login_succeeded(struct db *db, int64_t id, int64_t now)
{
	return accounts_update(db, "UPDATE accounts SET last_login_at = ?, "
	    "failed_logins = 0 WHERE id = ?", id, NULL, now);
}

/* accounts_login_failed counts a failed login, to tell the owner later. */
int
accounts_login_failed(struct db *db, int64_t id)
{
	return accounts_update(db, "UPDATE accounts SET failed_logins = "
	    "min(failed_logins + ?, 1000000) WHERE id = ?", id, NULL, 1);
}
