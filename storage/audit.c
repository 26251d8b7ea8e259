/*
 * audit.c: the append-only, hash-chained audit trail.
 *
 * Why a chain: triggers stop UPDATE and DELETE through SQLite, but someone
 * with the file can still edit it.  Each row's hash covers its content and
 * the previous row's hash, so any edit, insertion or removal in the middle
 * breaks every hash after it, and audit_verify (bbsctl check) finds it.
 * audit_append must run inside the caller's transaction, which also holds
 * the write lock, so two processes cannot chain onto the same row.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "storage_int.h"

#define AUDIT_HASH_HEX	(crypto_generichash_BYTES * 2 + 1)
#define AUDIT_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* audit_entry_free frees an entry; NULL is accepted. */
void
audit_entry_free(struct audit_entry *e)
{
	if (e == NULL)
		return;
	free(e->actor_name);
	free(e->actor_role);
	free(e->action);
	free(e->object_type);
	free(e->patient);
	free(e->detail);
	free(e->source);
	free(e);
}

/* audit_free_list frees a list from audit_list. */
void
audit_free_list(struct audit_entry **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		audit_entry_free(list[i]);
	free(list);
}

/* audit_hash_str feeds one length-prefixed field, so fields cannot blur. */
static void
audit_hash_str(crypto_generichash_state *h, const char *s)
{
	char	len[32];

	if (s == NULL) {
		crypto_generichash_update(h, (const unsigned char *)"-;", 2);
		return;
	}
	snprintf(len, sizeof len, "%zu:", strlen(s));
	crypto_generichash_update(h, (const unsigned char *)len, strlen(len));
	crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
	crypto_generichash_update(h, (const unsigned char *)";", 1);
}

static void
audit_hash_int(crypto_generichash_state *h, int64_t v)
{
	char	buf[32];

	snprintf(buf, sizeof buf, "%" PRId64, v);
	audit_hash_str(h, buf);
}

/* audit_hash computes the hex hash of an entry chained onto prev. */
static void
audit_hash(const char *prev, const struct audit_entry *e,
    char out[AUDIT_HASH_HEX])
{
	crypto_generichash_state	h;
	unsigned char			md[crypto_generichash_BYTES];

	crypto_generichash_init(&h, NULL, 0, sizeof md);
	audit_hash_str(&h, prev);
	audit_hash_int(&h, e->id);
	audit_hash_int(&h, e->at);
	audit_hash_int(&h, e->actor_id);
	audit_hash_str(&h, e->actor_name);
	audit_hash_str(&h, e->actor_role);
	audit_hash_str(&h, e->action);
	audit_hash_str(&h, e->object_type);
	audit_hash_int(&h, e->object_id);
	audit_hash_str(&h, e->patient);
	audit_hash_str(&h, e->detail);
	audit_hash_int(&h, e->allowed);
	audit_hash_str(&h, e->source);
	crypto_generichash_final(&h, md, sizeof md);
	sodium_bin2hex(out, AUDIT_HASH_HEX, md, sizeof md);
}

/* audit_last reads the id and hash of the newest row (genesis if none). */
static int
audit_last(struct db *db, int64_t *id, char hash[AUDIT_HASH_HEX])
{
	sqlite3_stmt	*stmt = NULL;
	const char	*h;
	int		 st, rc;

	*id = 0;
	snprintf(hash, AUDIT_HASH_HEX, "%s", AUDIT_GENESIS);
	if ((st = db_prepare(db, &stmt, "SELECT id, hash FROM audit "
	    "ORDER BY id DESC LIMIT 1")) != ST_OK)
		goto out;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		h = (const char *)sqlite3_column_text(stmt, 1);
		snprintf(hash, AUDIT_HASH_HEX, "%s", h ? h : "");
	} else if (rc != SQLITE_DONE)
		st = db_fail(db, "read last audit row");
out:
	sqlite3_finalize(stmt);
	return st;
}

static void
bind_text_or_null(sqlite3_stmt *stmt, int col, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(stmt, col, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, col);
}

/*
 * audit_append writes one row, chained onto the newest.  The caller holds a
 * write transaction (db_begin) that also carries the action recorded.
 */
int
audit_append(struct db *db, const struct audit_entry *in)
{
	struct audit_entry	 e = *in;
	sqlite3_stmt		*stmt = NULL;
	char			 prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
	int64_t			 last;
	int			 st;

	if (sqlite3_get_autocommit(db->sq))
		fatalx("audit_append outside a transaction");
	if ((st = audit_last(db, &last, prev)) != ST_OK)
		goto out;
	e.id = last + 1;
	if (e.at == 0)
		e.at = db_now();
	if (e.actor_name == NULL || e.actor_role == NULL || e.action == NULL ||
	    e.source == NULL)
		fatalx("audit entry without actor, action or source");
	audit_hash(prev, &e, hash);
	if ((st = db_prepare(db, &stmt, "INSERT INTO audit (id, at, actor_id, "
	    "actor_name, actor_role, action, object_type, object_id, patient, "
	    "detail, allowed, source, prev_hash, hash) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, e.id);
	sqlite3_bind_int64(stmt, 2, e.at);
	sqlite3_bind_int64(stmt, 3, e.actor_id);
	sqlite3_bind_text(stmt, 4, e.actor_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, e.actor_role, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, e.action, -1, SQLITE_STATIC);
	bind_text_or_null(stmt, 7, e.object_type);
	sqlite3_bind_int64(stmt, 8, e.object_id);
	bind_text_or_null(stmt, 9, e.patient);
	bind_text_or_null(stmt, 10, e.detail);
	sqlite3_bind_int(stmt, 11, e.allowed);
	sqlite3_bind_text(stmt, 12, e.source, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 13, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 14, hash, -1, SQLITE_STATIC);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

#define AUDIT_COLUMNS \
	"id, at, actor_id, actor_name, actor_role, action, object_type, " \
	"object_id, patient, detail, allowed, source, prev_hash, hash"

static struct audit_entry *
audit_row(sqlite3_stmt *stmt)
{
	struct audit_entry	*e;

	e = xcalloc(1, sizeof *e);
	e->id = sqlite3_column_int64(stmt, 0);
	e->at = sqlite3_column_int64(stmt, 1);
	e->actor_id = sqlite3_column_int64(stmt, 2);
	e->actor_name = db_column_text(stmt, 3);
	e->actor_role = db_column_text(stmt, 4);
	e->action = db_column_text(stmt, 5);
	e->object_type = db_column_text(stmt, 6);
	e->object_id = sqlite3_column_int64(stmt, 7);
	e->patient = db_column_text(stmt, 8);
	e->detail = db_column_text(stmt, 9);
	e->allowed = sqlite3_column_int(stmt, 10) != 0;
	e->source = db_column_text(stmt, 11);
	return e;
}

/*
 * audit_list returns up to limit rows, newest first, with ids below before
 * (0: from the newest).  When account is not 0, only rows where that
 * account acted or was the object.
 */
int
audit_list(struct db *db, int64_t account, int64_t before, int limit,
    struct audit_entry ***out, size_t *n)
{
	sqlite3_stmt		 *stmt = NULL;
	struct audit_entry	**list = NULL;
	size_t			  len = 0;
	int			  st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT " AUDIT_COLUMNS " FROM audit "
	    "WHERE (?1 = 0 OR actor_id = ?1 OR (object_type = 'account' AND "
	    "object_id = ?1)) AND (?2 = 0 OR id < ?2) "
	    "ORDER BY id DESC LIMIT ?3")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int64(stmt, 2, before);
	sqlite3_bind_int(stmt, 3, limit);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = audit_row(stmt);
	}
	if (rc != SQLITE_DONE) {
		audit_free_list(list, len);
		st = db_fail(db, "list audit");
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * audit_verify walks the whole chain.  It returns ST_OK with *rows set to
 * the number of rows checked, or ST_INVALID with *bad set to the first row
 * whose link or hash does not match.
 */
int
audit_verify(struct db *db, int64_t *rows, int64_t *bad)
{
	sqlite3_stmt		*stmt = NULL;
	struct audit_entry	*e;
	char			 prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
	const char		*stored_prev, *stored;
	int			 st, rc;

	*rows = 0;
	*bad = 0;
	snprintf(prev, sizeof prev, "%s", AUDIT_GENESIS);
	if ((st = db_prepare(db, &stmt, "SELECT " AUDIT_COLUMNS
	    " FROM audit ORDER BY id")) != ST_OK)
		goto out;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		e = audit_row(stmt);
		stored_prev = (const char *)sqlite3_column_text(stmt, 12);
		stored = (const char *)sqlite3_column_text(stmt, 13);
		audit_hash(prev, e, hash);
		if (e->id != *rows + 1 || stored_prev == NULL ||
		    stored == NULL || strcmp(stored_prev, prev) != 0 ||
		    strcmp(stored, hash) != 0) {
			*bad = e->id;
			audit_entry_free(e);
			st = ST_INVALID;
			goto out;
		}
		snprintf(prev, sizeof prev, "%s", stored);
		audit_entry_free(e);
		(*rows)++;
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "verify audit");
out:
	sqlite3_finalize(stmt);
	return st;
}
