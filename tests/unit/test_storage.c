/*
 * test_storage.c: the storage layer on a real SQLite file.
 *
 * Every test gets a fresh database in its own temporary directory.  The
 * pragma test reads the connection itself (storage_int.h), because the
 * settings the security spec asks for are per connection and a second
 * connection would not show them.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"
#include "../../storage/storage_int.h"
#include "helpers.h"

/* pragma_int reads an integer pragma on the storage connection. */
static int64_t
pragma_int(struct db *db, const char *sql)
{
	sqlite3_stmt	*stmt = NULL;
	int64_t		 v;

	assert_int_equal(sqlite3_prepare_v2(db->sq, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* pragma_text reads a text pragma on the storage connection. */
static char *
pragma_text(struct db *db, const char *sql)
{
	sqlite3_stmt	*stmt = NULL;
	char		*v;

	assert_int_equal(sqlite3_prepare_v2(db->sq, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return v;
}

/* mode_of returns the permission bits of path, which must exist. */
static mode_t
mode_of(const char *path)
{
	struct stat	sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mode & 07777;
}

/* new_account creates an account through storage in its own transaction. */
static int64_t
new_account(struct db *db, const char *name, int role)
{
	int64_t	id = 0;

	assert_int_equal(db_begin(db), ST_OK);
	assert_int_equal(accounts_create(db, name, role, "$hash$", false, "en",
	    &id), ST_OK);
	assert_int_equal(db_commit(db), ST_OK);
	return id;
}

/* IN_TX runs one storage write in its own transaction and commits it. */
#define IN_TX(db, call) do {					\
	assert_int_equal(db_begin(db), ST_OK);			\
	assert_int_equal((call), ST_OK);			\
	assert_int_equal(db_commit(db), ST_OK);			\
} while (0)

/* A new database file is private to its owner, whatever the umask. */
static void
test_open_creates_file_mode_0600(void **state)
{
	struct th	*t = *state;
	struct db	*db = NULL;
	char		*path, *wal, *err = NULL;
	mode_t		 old;

	path = th_file(t, "fresh.db");
	xasprintf(&wal, "%s-wal", path);
	old = umask(0);
	assert_int_equal(db_open(path, true, &db, &err), ST_OK);
	umask(old);
	assert_non_null(db);
	assert_null(err);
	assert_int_equal(mode_of(path), 0600);
	new_account(db, "ana", ROLE_PATIENT);
	/* The write-ahead log holds the same data and gets the same mode. */
	assert_int_equal(mode_of(wal), 0600);
	db_close(db);
	free(wal);
	free(path);
}

/* The connection carries every pragma security.md lists. */
static void
test_open_sets_wal_foreign_keys_and_version(void **state)
{
	struct th	*t = *state;
	char		*mode;

	mode = pragma_text(t->db, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	assert_int_equal(pragma_int(t->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(pragma_int(t->db, "PRAGMA synchronous"), 2);
	assert_int_equal(pragma_int(t->db, "PRAGMA trusted_schema"), 0);
	assert_int_equal(pragma_int(t->db, "PRAGMA secure_delete"), 1);
	assert_int_equal(pragma_int(t->db, "PRAGMA temp_store"), 2);
	assert_true(pragma_int(t->db, "PRAGMA journal_size_limit") > 0);
	assert_true(pragma_int(t->db, "PRAGMA busy_timeout") >= 1000);
	assert_int_equal(pragma_int(t->db, "PRAGMA user_version"),
	    DB_SCHEMA_VERSION);
	assert_int_equal(db_user_version(t->db), DB_SCHEMA_VERSION);
}

/* Foreign keys are enforced: a key or invite for no account is refused. */
static void
test_foreign_keys_refuse_rows_for_missing_accounts(void **state)
{
	struct th	*t = *state;
	int64_t		 id = 0;

	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_not_equal(keys_add(t->db, 4242, "ssh-ed25519", "AAAA",
	    "SHA256:x", NULL, &id), ST_OK);
	assert_int_not_equal(invites_create(t->db, "hash", "ABCD",
	    ROLE_PATIENT, 4242, db_now() + 3600, &id), ST_OK);
	db_rollback(t->db);
}

/* Opening an existing database again changes nothing and loses nothing. */
static void
test_reopen_is_idempotent(void **state)
{
	struct th	*t = *state;
	struct account	*a = NULL;
	char		*err = NULL;
	int64_t		 id, count;
	int		 i;

	id = new_account(t->db, "ana", ROLE_PATIENT);
	for (i = 0; i < 3; i++) {
		db_close(t->db);
		t->db = NULL;
		assert_int_equal(db_open(t->path, i % 2 == 0, &t->db, &err),
		    ST_OK);
		assert_null(err);
		assert_int_equal(db_user_version(t->db), DB_SCHEMA_VERSION);
		assert_int_equal(accounts_count(t->db, &count), ST_OK);
		assert_int_equal(count, 1);
		assert_int_equal(accounts_find(t->db, "ana", &a), ST_OK);
		assert_int_equal(a->id, id);
		account_free(a);
	}
	assert_int_equal(mode_of(t->path), 0600);
}

/* A database from a newer program is refused, untouched, with a reason. */
static void
test_newer_schema_is_refused(void **state)
{
	struct th	*t = *state;
	struct db	*db = (struct db *)1;
	sqlite3		*sq;
	char		*err = NULL, sql[64], *v;

	sq = th_raw(t);
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d",
	    DB_SCHEMA_VERSION + 1);
	assert_int_equal(th_raw_exec(sq, sql), SQLITE_OK);
	sqlite3_close(sq);

	assert_int_equal(db_open(t->path, false, &db, &err), ST_TOONEW);
	assert_null(db);
	assert_non_null(err);
	assert_non_null(strstr(err, "newer"));
	free(err);

	sq = th_raw(t);
	v = th_raw_text(sq, "PRAGMA user_version");
	assert_int_equal(atoi(v), DB_SCHEMA_VERSION + 1);
	free(v);
	sqlite3_close(sq);
}

/* Without create, a missing file is an error and is not made. */
static void
test_missing_file_without_create_fails_cleanly(void **state)
{
	struct th	*t = *state;
	struct db	*db = (struct db *)1;
	struct stat	 sb;
	char		*path, *err = NULL;

	path = th_file(t, "absent.db");
	assert_int_equal(db_open(path, false, &db, &err), ST_IOERR);
	assert_null(db);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	free(err);
	assert_int_equal(stat(path, &sb), -1);
	assert_int_equal(errno, ENOENT);
	free(path);

	/* Nor can it be created in a directory that does not exist. */
	path = th_file(t, "no/such/dir/x.db");
	assert_int_equal(db_open(path, true, &db, &err), ST_IOERR);
	assert_null(db);
	assert_non_null(err);
	free(err);
	free(path);
}

/* A rolled-back write leaves nothing; rollback outside one is harmless. */
static void
test_rollback_discards_the_write(void **state)
{
	struct th	*t = *state;
	int64_t		 id, count;

	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(accounts_create(t->db, "ana", ROLE_PATIENT, "$h$",
	    false, "en", &id), ST_OK);
	db_rollback(t->db);
	db_rollback(t->db);
	assert_int_equal(accounts_count(t->db, &count), ST_OK);
	assert_int_equal(count, 0);
}

/* data_version moves when another connection commits. */
static void
test_data_version_sees_other_connections(void **state)
{
	struct th	*t = *state;
	sqlite3		*sq;
	int64_t		 before;

	before = db_data_version(t->db);
	assert_true(before >= 0);
	assert_int_equal(db_data_version(t->db), before);
	sq = th_raw(t);
	assert_int_equal(th_raw_exec(sq, "INSERT INTO login_throttle "
	    "VALUES ('k', 1, 1)"), SQLITE_OK);
	sqlite3_close(sq);
	assert_int_not_equal(db_data_version(t->db), before);
}

/* An account reads back as created and is found in any case. */
static void
test_accounts_create_get_find_ignoring_case(void **state)
{
	struct th	*t = *state;
	struct account	*a = NULL, *b = NULL;
	int64_t		 id = 0, before, after;

	before = db_now();
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(accounts_create(t->db, "Ana", ROLE_EXPERT, "$h1$",
	    true, "es", &id), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	after = db_now();
	assert_true(id > 0);

	assert_int_equal(accounts_get(t->db, id, &a), ST_OK);
	assert_int_equal(a->id, id);
	assert_string_equal(a->pseudonym, "Ana");
	assert_int_equal(a->role, ROLE_EXPERT);
	assert_string_equal(a->pwhash, "$h1$");
	assert_false(a->disabled);
	assert_true(a->must_change_password);
	assert_string_equal(a->language, "es");
	assert_int_equal(a->rules_version, 0);
	assert_int_equal(a->failed_logins, 0);
	assert_in_range(a->created_at, before, after);
	assert_int_equal(a->last_login_at, 0);

	assert_int_equal(accounts_find(t->db, "ANA", &b), ST_OK);
	assert_int_equal(b->id, id);
	assert_string_equal(b->pseudonym, "Ana");
	account_free(b);
	assert_int_equal(accounts_find(t->db, "ana", &b), ST_OK);
	assert_int_equal(b->id, id);
	account_free(b);
	account_free(a);

	b = (struct account *)1;
	assert_int_equal(accounts_find(t->db, "Anna", &b), ST_NOTFOUND);
	assert_null(b);
	b = (struct account *)1;
	assert_int_equal(accounts_get(t->db, id + 1, &b), ST_NOTFOUND);
	assert_null(b);
}

/* "ana" and "ANA" can never be two people. */
static void
test_accounts_duplicate_in_other_case_exists(void **state)
{
	struct th	*t = *state;
	int64_t		 id = 0, count;

	new_account(t->db, "Ana", ROLE_PATIENT);
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(accounts_create(t->db, "aNA", ROLE_ADMIN, "$h$",
	    false, "en", &id), ST_EXISTS);
	assert_int_equal(accounts_create(t->db, "Ana", ROLE_ADMIN, "$h$",
	    false, "en", &id), ST_EXISTS);
	db_rollback(t->db);
	assert_int_equal(accounts_count(t->db, &count), ST_OK);
	assert_int_equal(count, 1);
}

/* list_names checks that a listing holds exactly names, in order. */
static void
list_names(struct db *db, const char *search, const char **names, size_t n)
{
	struct account	**list = NULL;
	size_t		  len, i;

	assert_int_equal(accounts_list(db, search, &list, &len), ST_OK);
	assert_int_equal(len, n);
	for (i = 0; i < n; i++)
		assert_string_equal(list[i]->pseudonym, names[i]);
	if (n == 0)
		assert_null(list);
	accounts_free_list(list, len);
}

/* Listing searches a substring in any case and sorts by pseudonym. */
static void
test_accounts_list_searches_and_orders(void **state)
{
	struct th	*t = *state;
	const char	*all[] = { "Ana", "anabel", "bruno", "Carla", "x_y" };
	const char	*an[] = { "Ana", "anabel" };
	const char	*under[] = { "x_y" };
	const char	*bel[] = { "anabel" };
	int64_t		 count;

	new_account(t->db, "bruno", ROLE_PATIENT);
	new_account(t->db, "x_y", ROLE_PATIENT);
	new_account(t->db, "Carla", ROLE_PROFESSIONAL);
	new_account(t->db, "anabel", ROLE_PATIENT);
	new_account(t->db, "Ana", ROLE_ADMIN);

	list_names(t->db, NULL, all, 5);
	list_names(t->db, "", all, 5);
	list_names(t->db, "AN", an, 2);
	list_names(t->db, "BEL", bel, 1);
	/* A substring, not a LIKE pattern: "_" is only itself. */
	list_names(t->db, "_", under, 1);
	list_names(t->db, "%", NULL, 0);
	list_names(t->db, "zzz", NULL, 0);
	assert_int_equal(accounts_count(t->db, &count), ST_OK);
	assert_int_equal(count, 5);
}

/* Each setter changes its own field and nothing else. */
static void
test_accounts_setters_store_their_field(void **state)
{
	struct th	*t = *state;
	struct account	*a;
	int64_t		 id;

	id = new_account(t->db, "ana", ROLE_PATIENT);

	IN_TX(t->db, accounts_set_role(t->db, id, ROLE_EXPERT));
	IN_TX(t->db, accounts_set_disabled(t->db, id, true));
	IN_TX(t->db, accounts_set_password(t->db, id, "$new$", true));
	IN_TX(t->db, accounts_set_language(t->db, id, "ca"));
	IN_TX(t->db, accounts_set_rules_version(t->db, id, 3));
	a = th_get(t, id);
	assert_int_equal(a->role, ROLE_EXPERT);
	assert_true(a->disabled);
	assert_string_equal(a->pwhash, "$new$");
	assert_true(a->must_change_password);
	assert_string_equal(a->language, "ca");
	assert_int_equal(a->rules_version, 3);
	assert_string_equal(a->pseudonym, "ana");
	account_free(a);

	IN_TX(t->db, accounts_set_disabled(t->db, id, false));
	IN_TX(t->db, accounts_set_password(t->db, id, "$newer$", false));
	a = th_get(t, id);
	assert_false(a->disabled);
	assert_false(a->must_change_password);
	assert_string_equal(a->pwhash, "$newer$");
	account_free(a);

	/* The schema's CHECK keeps roles within the six that exist. */
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_not_equal(accounts_set_role(t->db, id, ROLE_COUNT), ST_OK);
	assert_int_not_equal(accounts_set_role(t->db, id, -1), ST_OK);
	db_rollback(t->db);
	a = th_get(t, id);
	assert_int_equal(a->role, ROLE_EXPERT);
	account_free(a);
}

/* Failed logins count up; a success clears them and stamps the time. */
static void
test_accounts_login_failed_and_succeeded(void **state)
{
	struct th	*t = *state;
	struct account	*a;
	int64_t		 id, other;
	int		 i;

	id = new_account(t->db, "ana", ROLE_PATIENT);
	other = new_account(t->db, "bruno", ROLE_PATIENT);
	for (i = 0; i < 3; i++)
		IN_TX(t->db, accounts_login_failed(t->db, id));
	a = th_get(t, id);
	assert_int_equal(a->failed_logins, 3);
	assert_int_equal(a->last_login_at, 0);
	account_free(a);
	a = th_get(t, other);
	assert_int_equal(a->failed_logins, 0);
	account_free(a);

	IN_TX(t->db, accounts_login_succeeded(t->db, id, 1234567));
	a = th_get(t, id);
	assert_int_equal(a->failed_logins, 0);
	assert_int_equal(a->last_login_at, 1234567);
	account_free(a);
}

/* Every update of an account that does not exist says so. */
static void
test_accounts_updates_on_missing_id_are_notfound(void **state)
{
	struct th	*t = *state;
	int64_t		 id;

	id = new_account(t->db, "ana", ROLE_PATIENT) + 100;
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(accounts_set_role(t->db, id, ROLE_ADMIN),
	    ST_NOTFOUND);
	assert_int_equal(accounts_set_disabled(t->db, id, true), ST_NOTFOUND);
	assert_int_equal(accounts_set_password(t->db, id, "$h$", false),
	    ST_NOTFOUND);
	assert_int_equal(accounts_set_language(t->db, id, "es"), ST_NOTFOUND);
	assert_int_equal(accounts_set_rules_version(t->db, id, 2),
	    ST_NOTFOUND);
	assert_int_equal(accounts_login_succeeded(t->db, id, 1), ST_NOTFOUND);
	assert_int_equal(accounts_login_failed(t->db, id), ST_NOTFOUND);
	assert_int_equal(db_commit(t->db), ST_OK);
}

/* Keys are added, listed oldest first and found by fingerprint. */
static void
test_keys_add_list_find(void **state)
{
	struct th	 *t = *state;
	struct pubkey	**list = NULL, *k = NULL;
	size_t		  n;
	int64_t		  ana, bruno, k1 = 0, k2 = 0, k3 = 0;

	ana = new_account(t->db, "ana", ROLE_PATIENT);
	bruno = new_account(t->db, "bruno", ROLE_PATIENT);
	IN_TX(t->db, keys_add(t->db, ana, "ssh-ed25519", "AAAA1", "SHA256:a1",
	    "laptop", &k1));
	IN_TX(t->db, keys_add(t->db, bruno, "ssh-rsa", "AAAA2", "SHA256:b1",
	    NULL, &k2));
	IN_TX(t->db, keys_add(t->db, ana, "ssh-ed25519", "AAAA3", "SHA256:a2",
	    "phone", &k3));

	assert_int_equal(keys_list(t->db, ana, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0]->id, k1);
	assert_int_equal(list[1]->id, k3);
	assert_int_equal(list[0]->account_id, ana);
	assert_string_equal(list[0]->type, "ssh-ed25519");
	assert_string_equal(list[0]->blob, "AAAA1");
	assert_string_equal(list[0]->fingerprint, "SHA256:a1");
	assert_string_equal(list[0]->comment, "laptop");
	assert_true(list[0]->created_at > 0);
	keys_free_list(list, n);

	assert_int_equal(keys_find(t->db, "SHA256:b1", &k), ST_OK);
	assert_int_equal(k->id, k2);
	assert_int_equal(k->account_id, bruno);
	assert_string_equal(k->comment, "");	/* NULL is stored as "" */
	keys_free(k);

	k = (struct pubkey *)1;
	assert_int_equal(keys_find(t->db, "SHA256:zz", &k), ST_NOTFOUND);
	assert_null(k);
	assert_int_equal(keys_list(t->db, ana + bruno + 7, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_null(list);
}

/* A fingerprint names one key of one person. */
static void
test_keys_duplicate_fingerprint_exists(void **state)
{
	struct th	 *t = *state;
	struct pubkey	**list;
	size_t		  n;
	int64_t		  ana, bruno, id;

	ana = new_account(t->db, "ana", ROLE_PATIENT);
	bruno = new_account(t->db, "bruno", ROLE_PATIENT);
	IN_TX(t->db, keys_add(t->db, ana, "ssh-ed25519", "AAAA", "SHA256:a",
	    NULL, &id));
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(keys_add(t->db, ana, "ssh-ed25519", "AAAA",
	    "SHA256:a", NULL, &id), ST_EXISTS);
	assert_int_equal(keys_add(t->db, bruno, "ssh-ed25519", "AAAA",
	    "SHA256:a", NULL, &id), ST_EXISTS);
	db_rollback(t->db);
	assert_int_equal(keys_list(t->db, bruno, &list, &n), ST_OK);
	assert_int_equal(n, 0);
}

/* Removing a key takes its id and its owner; a stranger's id is unknown. */
static void
test_keys_remove_requires_id_and_owner(void **state)
{
	struct th	*t = *state;
	struct pubkey	*k = NULL;
	int64_t		 ana, bruno, id = 0;

	ana = new_account(t->db, "ana", ROLE_PATIENT);
	bruno = new_account(t->db, "bruno", ROLE_PATIENT);
	IN_TX(t->db, keys_add(t->db, ana, "ssh-ed25519", "AAAA", "SHA256:a",
	    NULL, &id));

	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(keys_remove(t->db, bruno, id), ST_NOTFOUND);
	assert_int_equal(keys_remove(t->db, ana, id + 1), ST_NOTFOUND);
	assert_int_equal(db_commit(t->db), ST_OK);
	assert_int_equal(keys_find(t->db, "SHA256:a", &k), ST_OK);
	assert_int_equal(k->account_id, ana);
	keys_free(k);

	IN_TX(t->db, keys_remove(t->db, ana, id));
	assert_int_equal(keys_find(t->db, "SHA256:a", &k), ST_NOTFOUND);
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(keys_remove(t->db, ana, id), ST_NOTFOUND);
	db_rollback(t->db);
}

/* An invite reads back with its creator; a hash is unique. */
static void
test_invites_create_find(void **state)
{
	struct th	*t = *state;
	struct invite	*inv = NULL;
	int64_t		 ana, id = 0, id2;

	ana = new_account(t->db, "ana", ROLE_PROFESSIONAL);
	IN_TX(t->db, invites_create(t->db, "hash-1", "ABCD", ROLE_EXPERT, ana,
	    999999, &id));
	assert_int_equal(invites_find(t->db, "hash-1", &inv), ST_OK);
	assert_int_equal(inv->id, id);
	assert_string_equal(inv->hint, "ABCD");
	assert_int_equal(inv->role, ROLE_EXPERT);
	assert_int_equal(inv->created_by, ana);
	assert_string_equal(inv->created_by_name, "ana");
	assert_true(inv->created_at > 0);
	assert_int_equal(inv->expires_at, 999999);
	assert_int_equal(inv->used_by, 0);
	assert_null(inv->used_by_name);
	assert_int_equal(inv->used_at, 0);
	invite_free(inv);

	inv = (struct invite *)1;
	assert_int_equal(invites_find(t->db, "hash-2", &inv), ST_NOTFOUND);
	assert_null(inv);
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(invites_create(t->db, "hash-1", "WXYZ", ROLE_PATIENT,
	    ana, 1, &id2), ST_EXISTS);
	db_rollback(t->db);
}

/* An invite is used once: the second use is refused and changes nothing. */
static void
test_invites_mark_used_twice_is_used(void **state)
{
	struct th	*t = *state;
	struct invite	*inv = NULL;
	int64_t		 ana, bruno, carla, id = 0;

	ana = new_account(t->db, "ana", ROLE_PROFESSIONAL);
	bruno = new_account(t->db, "bruno", ROLE_PATIENT);
	carla = new_account(t->db, "carla", ROLE_PATIENT);
	IN_TX(t->db, invites_create(t->db, "h", "ABCD", ROLE_PATIENT, ana,
	    db_now() + 3600, &id));
	IN_TX(t->db, invites_mark_used(t->db, id, bruno, 777));
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(invites_mark_used(t->db, id, carla, 888), ST_USED);
	assert_int_equal(db_commit(t->db), ST_OK);

	assert_int_equal(invites_find(t->db, "h", &inv), ST_OK);
	assert_int_equal(inv->used_by, bruno);
	assert_string_equal(inv->used_by_name, "bruno");
	assert_int_equal(inv->used_at, 777);
	invite_free(inv);
}

/* Lists are newest first: all of them, or one creator's. */
static void
test_invites_list_all_or_by_creator(void **state)
{
	struct th	 *t = *state;
	struct invite	**list = NULL;
	size_t		  n;
	int64_t		  ana, bruno, carla, i1, i2, i3, i4;

	ana = new_account(t->db, "ana", ROLE_PROFESSIONAL);
	bruno = new_account(t->db, "bruno", ROLE_ADMIN);
	carla = new_account(t->db, "carla", ROLE_PROFESSIONAL);
	IN_TX(t->db, invites_create(t->db, "h1", "AAAA", 0, ana, 10, &i1));
	IN_TX(t->db, invites_create(t->db, "h2", "BBBB", 0, bruno, 10, &i2));
	IN_TX(t->db, invites_create(t->db, "h3", "CCCC", 1, ana, 10, &i3));
	/* created_by 0 is the local operator: stored as no account. */
	IN_TX(t->db, invites_create(t->db, "h4", "DDDD", 4, 0, 10, &i4));

	assert_int_equal(invites_list(t->db, -1, &list, &n), ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(list[0]->id, i4);
	assert_int_equal(list[0]->created_by, 0);
	assert_null(list[0]->created_by_name);
	assert_int_equal(list[1]->id, i3);
	assert_int_equal(list[2]->id, i2);
	assert_int_equal(list[3]->id, i1);
	invites_free_list(list, n);

	assert_int_equal(invites_list(t->db, ana, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0]->id, i3);
	assert_int_equal(list[1]->id, i1);
	assert_string_equal(list[1]->created_by_name, "ana");
	invites_free_list(list, n);

	assert_int_equal(invites_list(t->db, bruno, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0]->id, i2);
	invites_free_list(list, n);

	assert_int_equal(invites_list(t->db, carla, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_null(list);
}

/* Failures count per key up to 100; a reset forgets them. */
static void
test_throttle_counts_caps_and_resets(void **state)
{
	struct th	*t = *state;
	int64_t		 last = -1;
	int		 failures = -1, i;

	assert_int_equal(throttle_get(t->db, "user:nobody", &failures, &last),
	    ST_OK);
	assert_int_equal(failures, 0);
	assert_int_equal(last, 0);

	IN_TX(t->db, throttle_fail(t->db, "user:ana", 100));
	IN_TX(t->db, throttle_fail(t->db, "user:ana", 200));
	assert_int_equal(throttle_get(t->db, "user:ana", &failures, &last),
	    ST_OK);
	assert_int_equal(failures, 2);
	assert_int_equal(last, 200);
	assert_int_equal(th_throttle(t, "ip:192.0.2.1"), 0);

	assert_int_equal(db_begin(t->db), ST_OK);
	for (i = 0; i < 99; i++)
		assert_int_equal(throttle_fail(t->db, "ip:192.0.2.1", 300),
		    ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	assert_int_equal(th_throttle(t, "ip:192.0.2.1"), 99);
	IN_TX(t->db, throttle_fail(t->db, "ip:192.0.2.1", 300));
	assert_int_equal(th_throttle(t, "ip:192.0.2.1"), 100);
	IN_TX(t->db, throttle_fail(t->db, "ip:192.0.2.1", 300));
	assert_int_equal(th_throttle(t, "ip:192.0.2.1"), 100);

	IN_TX(t->db, throttle_reset(t->db, "ip:192.0.2.1"));
	assert_int_equal(th_throttle(t, "ip:192.0.2.1"), 0);
	assert_int_equal(th_throttle(t, "user:ana"), 2);
	IN_TX(t->db, throttle_reset(t->db, "user:never-failed"));
}

/* A backup is a private, complete, working copy. */
static void
test_backup_copies_rows(void **state)
{
	struct th		 *t = *state;
	struct db		 *copy = NULL;
	struct account		 *a = NULL;
	struct audit_entry	**list = NULL;
	char			 *dest, *err = NULL, *report = NULL;
	int64_t			  id, rows, bad;
	size_t			  n;

	id = new_account(t->db, "ana", ROLE_PATIENT);
	IN_TX(t->db, audit_append(t->db, &(struct audit_entry){
	    .actor_name = "operator", .actor_role = "operator",
	    .action = "test", .allowed = true, .source = "local" }));
	dest = th_file(t, "backup.db");
	assert_int_equal(db_backup(t->db, dest, &err), ST_OK);
	assert_null(err);
	assert_int_equal(mode_of(dest), 0600);

	assert_int_equal(db_open(dest, false, &copy, &err), ST_OK);
	assert_int_equal(accounts_find(copy, "ana", &a), ST_OK);
	assert_int_equal(a->id, id);
	account_free(a);
	assert_int_equal(audit_list(copy, 0, 0, 10, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0]->action, "test");
	audit_free_list(list, n);
	assert_int_equal(audit_verify(copy, &rows, &bad), ST_OK);
	assert_int_equal(rows, 1);
	assert_int_equal(db_integrity(copy, &report), ST_OK);
	assert_null(report);
	db_close(copy);
	free(dest);
}

/* A backup never overwrites a file that is already there. */
static void
test_backup_refuses_existing_destination(void **state)
{
	struct th	*t = *state;
	char		*dest, *err = NULL, buf[16] = "";
	int		 fd;

	dest = th_file(t, "taken.db");
	fd = open(dest, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd != -1);
	assert_int_equal(write(fd, "keep", 4), 4);
	close(fd);

	assert_int_equal(db_backup(t->db, dest, &err), ST_IOERR);
	assert_non_null(err);
	assert_non_null(strstr(err, dest));
	free(err);
	fd = open(dest, O_RDONLY);
	assert_true(fd != -1);
	assert_int_equal(read(fd, buf, sizeof buf - 1), 4);
	close(fd);
	assert_string_equal(buf, "keep");
	free(dest);

	dest = th_file(t, "no/such/dir/backup.db");
	assert_int_equal(db_backup(t->db, dest, &err), ST_IOERR);
	assert_non_null(err);
	free(err);
	free(dest);
}

/* A healthy database passes integrity_check with no report. */
static void
test_integrity_ok(void **state)
{
	struct th	*t = *state;
	char		*report = (char *)1;

	new_account(t->db, "ana", ROLE_PATIENT);
	assert_int_equal(db_integrity(t->db, &report), ST_OK);
	assert_null(report);
}

/* Every status has a description; anything else is "unknown status". */
static void
test_status_str_covers_every_code(void **state)
{
	int	st;

	(void)state;
	for (st = ST_OK; st <= ST_IOERR; st++) {
		assert_non_null(status_str(st));
		assert_string_not_equal(status_str(st), "unknown status");
	}
	assert_string_equal(status_str(ST_OK), "ok");
	assert_string_equal(status_str(ST_IOERR + 1), "unknown status");
	assert_string_equal(status_str(-1), "unknown status");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_setup, th_teardown)
		T(test_open_creates_file_mode_0600),
		T(test_open_sets_wal_foreign_keys_and_version),
		T(test_foreign_keys_refuse_rows_for_missing_accounts),
		T(test_reopen_is_idempotent),
		T(test_newer_schema_is_refused),
		T(test_missing_file_without_create_fails_cleanly),
		T(test_rollback_discards_the_write),
		T(test_data_version_sees_other_connections),
		T(test_accounts_create_get_find_ignoring_case),
		T(test_accounts_duplicate_in_other_case_exists),
		T(test_accounts_list_searches_and_orders),
		T(test_accounts_setters_store_their_field),
		T(test_accounts_login_failed_and_succeeded),
		T(test_accounts_updates_on_missing_id_are_notfound),
		T(test_keys_add_list_find),
		T(test_keys_duplicate_fingerprint_exists),
		T(test_keys_remove_requires_id_and_owner),
		T(test_invites_create_find),
		T(test_invites_mark_used_twice_is_used),
		T(test_invites_list_all_or_by_creator),
		T(test_throttle_counts_caps_and_resets),
		T(test_backup_copies_rows),
		T(test_backup_refuses_existing_destination),
		T(test_integrity_ok),
		cmocka_unit_test(test_status_str_covers_every_code),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
