/*
 * auth.c: password and public-key checks for the session process.
 *
 * Throttle, never lock out: pseudonyms are public in the community, so a
 * hard lockout would let anyone lock a patient out in a crisis.  Each
 * failure, by source address and by account name, grows the delay before
 * the next check from that source or for that name; the counters live in
 * the database, so reconnecting does not reset them, and a success resets
 * them.  Unknown names cost the same as known ones (a dummy argon2id
 * check) and get the same answer.
 */
#include <ctype.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bbs.h"

#define AUTH_FORGET_SECONDS	86400	/* failures older than this lapse */
#define AUTH_NAME_MAX		64

/* auth_key builds a throttle key; account names are folded to lowercase. */
static void
auth_key(char *buf, size_t len, const char *kind, const char *value)
{
	size_t	i, off;

	off = (size_t)snprintf(buf, len, "%s:", kind);
	for (i = 0; value[i] != '\0' && off + 1 < len && i < AUTH_NAME_MAX;
	    i++)
		buf[off++] = (char)tolower((unsigned char)value[i]);
	buf[off] = '\0';
}

/*
 * auth_throttle_delay_ms is the wait before a check after failures
 * consecutive failures: none for the first, then base doubling to max.
 */
int
auth_throttle_delay_ms(const struct conf *conf, int failures)
{
	long long	ms;

	if (failures <= 0)
		return 0;
	if (failures > 100)
		failures = 100;	/* never more than 100 are evaluated */
	ms = conf->throttle_base_ms;
	while (--failures > 0 && ms < conf->throttle_max_ms)
		ms *= 2;
	if (ms > conf->throttle_max_ms)
		ms = conf->throttle_max_ms;
	return (int)ms;
}

/* auth_recent_failures reads a counter, ignoring lapsed ones. */
static int
auth_recent_failures(struct db *db, const char *key)
{
	int64_t	last;
	int	failures;

	if (throttle_get(db, key, &failures, &last) != ST_OK)
		return 0;
	if (db_now() - last > AUTH_FORGET_SECONDS)
		return 0;
	return failures;
}

/* auth_pending_delay_ms is the delay owed by this name or this source. */
int
auth_pending_delay_ms(struct db *db, const struct conf *conf,
    const char *user, const char *source)
{
	char	key[128];
	int	a, b;

	auth_key(key, sizeof key, "user", user);
	a = auth_recent_failures(db, key);
	auth_key(key, sizeof key, "ip", source);
	b = auth_recent_failures(db, key);
	return auth_throttle_delay_ms(conf, a > b ? a : b);
}

/* auth_wait serves the delay owed before a check. */
static void
auth_wait(struct db *db, const struct conf *conf, const char *user,
    const char *source)
{
	int	ms;

	if ((ms = auth_pending_delay_ms(db, conf, user, source)) > 0)
		poll(NULL, 0, ms);
}

/* auth_login_actor describes who is trying to log in, for the audit. */
static void
auth_login_actor(struct actor *actor, const struct account *a,
    const char *user, const char *source, char *name, size_t len)
{
	char	*clean;
	size_t	 n;

	memset(actor, 0, sizeof *actor);
	/*
	 * An unknown name is attacker-chosen: it goes through the sanitiser
	 * like any text stored, and is kept short, cut between characters
	 * so what is stored stays valid UTF-8.
	 */
	clean = text_sanitise(a != NULL ? a->pseudonym : user, false);
	n = text_cut(clean, AUTH_NAME_MAX);
	snprintf(name, len, "%.*s", (int)n, clean);
	free(clean);
	actor->id = a != NULL ? a->id : 0;
	actor->role = a != NULL ? (enum role)a->role : ROLE_PATIENT;
	actor->name = name;
	actor->source = source;
}

/* auth_record_failure counts and audits a failed login, in one commit. */
static enum auth_result
auth_record_failure(struct db *db, const struct account *a, const char *user,
    const char *source, const char *method, const char *why)
{
	struct actor	actor;
	char		key[128], name[AUTH_NAME_MAX + 1], detail[128];
	int		st;

	auth_login_actor(&actor, a, user, source, name, sizeof name);
	snprintf(detail, sizeof detail, "%s: %s", method, why);
	if (db_begin(db) != ST_OK)
		return AUTH_FAIL;
	/* The counters and their audit row commit together, or not at all. */
	auth_key(key, sizeof key, "user", user);
	st = throttle_fail(db, key, db_now());
	auth_key(key, sizeof key, "ip", source);
	if (st == ST_OK)
		st = throttle_fail(db, key, db_now());
	if (st == ST_OK && a != NULL)
		st = accounts_login_failed(db, a->id);
	if (st == ST_OK)
		st = audit_append(db, &(struct audit_entry){
		    .actor_id = actor.id, .actor_name = name,
		    .actor_role = (char *)(a != NULL ? role_name(a->role) :
		    "unknown"), .action = "login", .object_type = "account",
		    .object_id = actor.id, .detail = detail, .allowed = false,
		    .source = (char *)source });
	if (st != ST_OK)
		db_rollback(db);
	else
		db_commit(db);
	return AUTH_FAIL;
}

/* auth_record_success resets the counters and audits the login. */
static enum auth_result
auth_record_success(struct db *db, const struct account *a, const char *user,
    const char *source, const char *method)
{
	struct actor	actor;
	char		key[128], name[AUTH_NAME_MAX + 1];
	int		st;

	auth_login_actor(&actor, a, user, source, name, sizeof name);
	if ((st = db_begin(db)) != ST_OK)
		return AUTH_ERROR;
	auth_key(key, sizeof key, "user", user);
	throttle_reset(db, key);
	auth_key(key, sizeof key, "ip", source);
	throttle_reset(db, key);
	if ((st = audit_record(db, &actor, "login", "account", a->id,
	    a->role == ROLE_PATIENT || a->role == ROLE_EXPERT ? a->pseudonym :
	    NULL, method, true)) != ST_OK) {
		db_rollback(db);
		return AUTH_ERROR;
	}
	return db_commit(db) == ST_OK ? AUTH_OK : AUTH_ERROR;
}

/* auth_rehash stores a new hash when the configured cost changed. */
static void
auth_rehash(struct db *db, const struct conf *conf, const struct account *a,
    const char *pw)
{
	char	*hash = NULL;

	if (!password_needs_rehash(conf, a->pwhash))
		return;
	if (hashslot_hash(conf, pw, &hash) == ST_OK && db_begin(db) == ST_OK) {
		if (accounts_set_password(db, a->id, hash,
		    a->must_change_password) == ST_OK)
			db_commit(db);
		else
			db_rollback(db);
	}
	free(hash);
}

/*
 * auth_password checks user's password.  It returns AUTH_OK with *id set
 * only for an existing, enabled account whose password matched.
 */
enum auth_result
auth_password(struct db *db, const struct conf *conf, const char *user,
    const char *pw, const char *source, int64_t *id)
{
	struct account		*a = NULL;
	enum auth_result	 r;
	bool			 ok;
	int			 st;

	*id = 0;
	auth_wait(db, conf, user, source);
	st = accounts_find(db, user, &a);
	if (st != ST_OK && st != ST_NOTFOUND)
		return AUTH_ERROR;
	ok = hashslot_verify(conf, a != NULL ? a->pwhash : NULL, pw);
	if (!ok || a->disabled) {
		r = auth_record_failure(db, a, user, source, "password",
		    a == NULL ? "unknown account" : !ok ? "wrong password" :
		    "account disabled");
		account_free(a);
		return r;
	}
	auth_rehash(db, conf, a, pw);
	if ((r = auth_record_success(db, a, user, source, "password")) ==
	    AUTH_OK)
		*id = a->id;
	account_free(a);
	return r;
}

/*
 * auth_pubkey checks that the key with fingerprint fp is registered to the
 * enabled account user.  For a probe (signed false) it only answers; for a
 * verified signature it also records the login.
 */
enum auth_result
auth_pubkey(struct db *db, const struct conf *conf, const char *user,
    const char *fp, const char *source, bool signed_ok, int64_t *id)
{
	struct pubkey		*k = NULL;
	struct account		*a = NULL;
	enum auth_result	 r = AUTH_FAIL;
	const char		*why;
	int			 st;

	*id = 0;
	if (signed_ok)
		auth_wait(db, conf, user, source);
	if ((st = keys_find(db, fp, &k)) != ST_OK)
		goto fail;
	if ((st = accounts_get(db, k->account_id, &a)) != ST_OK)
		goto fail;
	if (strcasecmp(a->pseudonym, user) != 0 || a->disabled)
		goto fail;
	if (!signed_ok)
		r = AUTH_OK;
	else if ((r = auth_record_success(db, a, user, source, "publickey")) ==
	    AUTH_OK)
		*id = a->id;
	goto out;
fail:
	if (st != ST_OK && st != ST_NOTFOUND)
		r = AUTH_ERROR;
	else if (signed_ok) {
		/*
		 * The failure belongs to the name tried, as for passwords:
		 * never to the owner of a key presented for another name.
		 */
		why = "key not registered";
		if (a != NULL && strcasecmp(a->pseudonym, user) == 0) {
			if (a->disabled)
				why = "account disabled";
		} else {
			account_free(a);
			if (accounts_find(db, user, &a) != ST_OK)
				a = NULL;
		}
		r = auth_record_failure(db, a, user, source, "publickey", why);
	}
out:
	keys_free(k);
	account_free(a);
	return r;
}
