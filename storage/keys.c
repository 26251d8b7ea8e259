/*
 * keys.c: SSH public keys registered by account owners.
 *
 * A key belongs to one account (the fingerprint is unique), so a key login
 * names exactly one person.  Removal is by id and owner together.
 */
#include <stdlib.h>

#include "storage_int.h"

/* keys_free frees a key record; NULL is accepted. */
void
keys_free(struct pubkey *k)
{
	if (k == NULL)
		return;
	free(k->type);
	free(k->blob);
	free(k->fingerprint);
	free(k->comment);
	free(k);
}

/* keys_free_list frees a list from keys_list. */
void
keys_free_list(struct pubkey **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		keys_free(list[i]);
	free(list);
}

static struct pubkey *
keys_row(sqlite3_stmt *stmt)
{
	struct pubkey	*k;

	k = xcalloc(1, sizeof *k);
	k->id = sqlite3_column_int64(stmt, 0);
	k->account_id = sqlite3_column_int64(stmt, 1);
	k->type = db_column_text(stmt, 2);
	k->blob = db_column_text(stmt, 3);
	k->fingerprint = db_column_text(stmt, 4);
	k->comment = db_column_text(stmt, 5);
	k->created_at = sqlite3_column_int64(stmt, 6);
	return k;
}

#define KEY_COLUMNS \
	"id, account_id, type, blob, fingerprint, comment, created_at"

/* keys_add registers a key; ST_EXISTS when the fingerprint is known. */
int
keys_add(struct db *db, int64_t account, const char *type, const char *blob,
    const char *fp, const char *comment, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO ssh_keys (account_id, "
	    "type, blob, fingerprint, comment, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_text(stmt, 2, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, blob, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, fp, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, comment != NULL ? comment : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, db_now());
	if ((st = db_step_done(db, stmt)) == ST_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* keys_list returns an account's keys, oldest first. */
int
keys_list(struct db *db, int64_t account, struct pubkey ***out, size_t *n)
{
	sqlite3_stmt	 *stmt = NULL;
	struct pubkey	**list = NULL;
	size_t		  len = 0;
	int		  st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT " KEY_COLUMNS " FROM ssh_keys"
	    " WHERE account_id = ? ORDER BY id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = keys_row(stmt);
	}
	if (rc != SQLITE_DONE) {
		keys_free_list(list, len);
		st = db_fail(db, "list keys");
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* keys_remove deletes key id only if it belongs to account. */
int
keys_remove(struct db *db, int64_t account, int64_t id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt,
	    "DELETE FROM ssh_keys WHERE id = ? AND account_id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, account);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* keys_find looks a key up by its SHA256 fingerprint. */
int
keys_find(struct db *db, const char *fp, struct pubkey **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st, rc;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT " KEY_COLUMNS
	    " FROM ssh_keys WHERE fingerprint = ?")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, fp, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = keys_row(stmt);
	else if (rc == SQLITE_DONE)
		st = ST_NOTFOUND;
	else
		st = db_fail(db, "find key");
out:
	sqlite3_finalize(stmt);
	return st;
}
