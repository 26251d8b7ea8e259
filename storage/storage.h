/*
 * storage.h: the public interface of the storage layer.
 *
 * Storage owns the SQLite file: opening it with the pragmas the security
 * spec requires, migrating its schema, and one table family per file.
 * Every function binds its values as parameters.  Storage functions that
 * write do not open transactions themselves: the caller (bbs/) wraps each
 * write, together with its audit row, in db_begin()/db_commit(), so the
 * access and its record commit or fail together.
 *
 * Storage includes neither bbs/ nor ui/.
 */
#ifndef STORAGE_H
#define STORAGE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One table of result codes for storage and domain functions. */
enum status {
	ST_OK = 0,
	ST_NOTFOUND,	/* no such record, or not one the caller may see */
	ST_EXISTS,	/* a unique value is taken */
	ST_INVALID,	/* a value breaks a rule */
	ST_DENIED,	/* the permission table said no */
	ST_EXPIRED,	/* an invite or one-time value ran out */
	ST_USED,	/* a single-use value was already used */
	ST_DISABLED,	/* the account may not log in */
	ST_BUSY,	/* the database stayed locked past the retries */
	ST_DBERR,	/* SQLite failed; details were logged */
	ST_TOONEW,	/* the database was written by a newer program */
	ST_IOERR,	/* a file could not be read or written */
};

/* status_str returns a short English description of a status code. */
const char	*status_str(int);

/* xmalloc.c: allocation that aborts on exhaustion. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list);
void	 fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/* db.c: connection, pragmas, migrations, transactions. */
struct db;

#define DB_SCHEMA_VERSION 1

/*
 * db_open opens (creating if asked) the database at path and migrates it to
 * DB_SCHEMA_VERSION.  On failure it returns a status and, when err is not
 * NULL, sets *err to an allocated message the caller frees.
 */
int	 db_open(const char *, bool, struct db **, char **);
void	 db_close(struct db *);
int	 db_begin(struct db *);
int	 db_commit(struct db *);
void	 db_rollback(struct db *);
int	 db_user_version(struct db *);
int	 db_integrity(struct db *, char **);
int	 db_backup(struct db *, const char *, char **);
int64_t	 db_data_version(struct db *);
int64_t	 db_now(void);

/* accounts.c */
struct account {
	int64_t	 id;
	char	*pseudonym;
	int	 role;
	char	*pwhash;
	bool	 disabled;
	bool	 must_change_password;
	char	 language[8];
	int	 rules_version;
	int	 failed_logins;		/* since the last successful login */
	int64_t	 created_at;
	int64_t	 last_login_at;
};

void	 account_free(struct account *);
void	 accounts_free_list(struct account **, size_t);
int	 accounts_create(struct db *, const char *, int, const char *, bool,
	    const char *, int64_t *);
int	 accounts_get(struct db *, int64_t, struct account **);
int	 accounts_find(struct db *, const char *, struct account **);
int	 accounts_list(struct db *, const char *, struct account ***, size_t *);
int	 accounts_count(struct db *, int64_t *);
int	 accounts_set_role(struct db *, int64_t, int);
int	 accounts_set_disabled(struct db *, int64_t, bool);
int	 accounts_set_password(struct db *, int64_t, const char *, bool);
int	 accounts_set_language(struct db *, int64_t, const char *);
int	 accounts_set_rules_version(struct db *, int64_t, int);
int	 accounts_login_succeeded(struct db *, int64_t, int64_t);
int	 accounts_login_failed(struct db *, int64_t);

/* keys.c: SSH public keys registered for login. */
struct pubkey {
	int64_t	 id;
	int64_t	 account_id;
	char	*type;
	char	*blob;		/* base64, as in authorized_keys */
	char	*fingerprint;	/* "SHA256:..." */
	char	*comment;
	int64_t	 created_at;
};

void	 keys_free(struct pubkey *);
void	 keys_free_list(struct pubkey **, size_t);
int	 keys_add(struct db *, int64_t, const char *, const char *,
	    const char *, const char *, int64_t *);
int	 keys_list(struct db *, int64_t, struct pubkey ***, size_t *);
int	 keys_remove(struct db *, int64_t, int64_t);
int	 keys_find(struct db *, const char *, struct pubkey **);

/* invites.c: single-use sign-up codes, stored only as hashes. */
struct invite {
	int64_t	 id;
	char	 hint[8];	/* first characters of the code, for lists */
	int	 role;
	int64_t	 created_by;
	char	*created_by_name;
	int64_t	 created_at;
	int64_t	 expires_at;
	int64_t	 used_by;	/* 0 while unused */
	char	*used_by_name;
	int64_t	 used_at;
};

void	 invite_free(struct invite *);
void	 invites_free_list(struct invite **, size_t);
int	 invites_create(struct db *, const char *, const char *, int, int64_t,
	    int64_t, int64_t *);
int	 invites_find(struct db *, const char *, struct invite **);
int	 invites_mark_used(struct db *, int64_t, int64_t, int64_t);
int	 invites_list(struct db *, int64_t, struct invite ***, size_t *);

/* throttle.c: failed-login counters that survive reconnects. */
int	 throttle_get(struct db *, const char *, int *, int64_t *);
int	 throttle_fail(struct db *, const char *, int64_t);
int	 throttle_reset(struct db *, const char *);

/* audit.c: the append-only, hash-chained audit trail. */
struct audit_entry {
	int64_t	 id;
	int64_t	 at;
	int64_t	 actor_id;	/* 0: the local operator (bbsctl) */
	char	*actor_name;
	char	*actor_role;
	char	*action;	/* "login", "account.role", ... */
	char	*object_type;	/* "account", "invite", ... or NULL */
	int64_t	 object_id;
	char	*patient;	/* pseudonym of the patient concerned, or NULL */
	char	*detail;	/* reason or short non-clinical detail */
	bool	 allowed;
	char	*source;	/* source address, or "local" */
};

void	 audit_entry_free(struct audit_entry *);
void	 audit_free_list(struct audit_entry **, size_t);
int	 audit_append(struct db *, const struct audit_entry *);
int	 audit_list(struct db *, int64_t, int64_t, int, struct audit_entry ***,
	    size_t *);
int	 audit_verify(struct db *, int64_t *, int64_t *);

#endif
