/*
 * invites.c: single-use sign-up invites.
 *
 * Only a slow hash of each code is stored (bbs/invite.c), so a copy of
 * the database (or a backup) gives nobody a working invite.  The hint is the first few
 * characters, enough for staff to tell invites apart in a list.
 */
#include <stdio.h>
#include <stdlib.h>

#include "storage_int.h"

/* invite_free frees an invite; NULL is accepted. */
void
invite_free(struct invite *inv)
{
	if (inv == NULL)
		return;
	free(inv->created_by_name);
	free(inv->used_by_name);
	free(inv);
}

/* invites_free_list frees a list from invites_list. */
void
invites_free_list(struct invite **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		invite_free(list[i]);
	free(list);
}

#define INVITE_SELECT \
	"SELECT i.id, i.hint, i.role, i.created_by, c.pseudonym, " \
	"i.created_at, i.expires_at, i.used_by, u.pseudonym, i.used_at " \
	"FROM invites i LEFT JOIN accounts c ON c.id = i.created_by " \
	"LEFT JOIN accounts u ON u.id = i.used_by "

static struct invite *
invites_row(sqlite3_stmt *stmt)
{
	struct invite	*inv;
	const char	*hint;

	inv = xcalloc(1, sizeof *inv);
	inv->id = sqlite3_column_int64(stmt, 0);
	hint = (const char *)sqlite3_column_text(stmt, 1);
	snprintf(inv->hint, sizeof inv->hint, "%s", hint ? hint : "");
	inv->role = sqlite3_column_int(stmt, 2);
	inv->created_by = sqlite3_column_int64(stmt, 3);
	inv->created_by_name = db_column_text(stmt, 4);
	inv->created_at = sqlite3_column_int64(stmt, 5);
	inv->expires_at = sqlite3_column_int64(stmt, 6);
	inv->used_by = sqlite3_column_int64(stmt, 7);
	inv->used_by_name = db_column_text(stmt, 8);
	inv->used_at = sqlite3_column_int64(stmt, 9);
	return inv;
}

/* invites_create stores a new invite (created_by 0: the local operator). */
int
invites_create(struct db *db, const char *code_hash, const char *hint,
    int role, int64_t created_by, int64_t expires_at, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO invites (code_hash, "
	    "hint, role, created_by, created_at, expires_at) "
	    "VALUES (?, ?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, code_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, hint, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, role);
	if (created_by != 0)
		sqlite3_bind_int64(stmt, 4, created_by);
	sqlite3_bind_int64(stmt, 5, db_now());
	sqlite3_bind_int64(stmt, 6, expires_at);
	if ((st = db_step_done(db, stmt)) == ST_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* invites_find looks an invite up by the hash of its code. */
int
invites_find(struct db *db, const char *code_hash, struct invite **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st, rc;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, INVITE_SELECT
	    "WHERE i.code_hash = ?")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, code_hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = invites_row(stmt);
	else if (rc == SQLITE_DONE)
		st = ST_NOTFOUND;
	else
		st = db_fail(db, "find invite");
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * invites_mark_used records who used an invite.  The WHERE clause makes the
 * check and the use one step: a second use gets ST_USED even if two
 * sign-ups race.
 */
int
invites_mark_used(struct db *db, int64_t id, int64_t account, int64_t now)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE invites SET used_by = ?, "
	    "used_at = ? WHERE id = ? AND used_by IS NULL")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int64(stmt, 2, now);
	sqlite3_bind_int64(stmt, 3, id);
	st = db_step_changed(db, stmt, ST_USED);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * invites_list returns invites newest first: all of them when created_by
 * is -1, otherwise only those created by that account.
 */
int
invites_list(struct db *db, int64_t created_by, struct invite ***out,
    size_t *n)
{
	sqlite3_stmt	 *stmt = NULL;
	struct invite	**list = NULL;
	size_t		  len = 0;
	int		  st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, INVITE_SELECT
	    "WHERE ?1 = -1 OR i.created_by = ?1 ORDER BY i.id DESC")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, created_by);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = invites_row(stmt);
	}
	if (rc != SQLITE_DONE) {
		invites_free_list(list, len);
		st = db_fail(db, "list invites");
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}
