/*
 * account.c: the rules of an account's own life: pseudonyms, sign-up with
 * an invite, changing one's password and language, accepting the rules.
 *
 * Messages returned through why are translated, ready for the screen; the
 * caller frees them.  Slow work (argon2id) happens before the write
 * transaction opens, so no one waits on the database lock for it.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "bbs.h"

#define PSEUDONYM_PATTERN	"^[A-Za-z0-9._-]{3,24}$"

/* Names that would confuse people or the gateway. */
static const char *account_reserved[] = {
	"root", "mirall", "system", "operator", "staff", "support",
	"nobody", "sshd", "anonymous", "former-member",
};

/* account_why sets *why to a translated message, if asked for. */
static void
account_why(char **why, const char *msg)
{
	if (why != NULL)
		*why = xstrdup(msg);
}

/*
 * account_pseudonym_valid checks a pseudonym: 3 to 24 of letters, digits,
 * '.', '_' and '-', not a reserved name or the sign-up user.
 */
int
account_pseudonym_valid(const struct conf *conf, const char *name)
{
	static pcre2_code	*re;
	pcre2_match_data	*md;
	int			 errcode, rc;
	PCRE2_SIZE		 erroff;
	size_t			 i;

	if (re == NULL) {
		/*
		 * DOLLAR_ENDONLY: by default "$" also matches before a final
		 * newline, which would let "ana\n" in beside "ana".
		 */
		re = pcre2_compile((PCRE2_SPTR)PSEUDONYM_PATTERN,
		    PCRE2_ZERO_TERMINATED, PCRE2_DOLLAR_ENDONLY, &errcode,
		    &erroff, NULL);
		if (re == NULL)
			fatalx("pseudonym pattern does not compile");
	}
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)name, strlen(name), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	if (rc < 0)
		return ST_INVALID;
	if (conf->signup_user != NULL &&
	    strcasecmp(name, conf->signup_user) == 0)
		return ST_INVALID;
	for (i = 0; i < sizeof account_reserved / sizeof *account_reserved; i++)
		if (strcasecmp(name, account_reserved[i]) == 0)
			return ST_INVALID;
	return ST_OK;
}

/* account_language_valid accepts the interface languages on offer. */
bool
account_language_valid(const char *lang)
{
	return lang != NULL && (strcmp(lang, "en") == 0 ||
	    strcmp(lang, "es") == 0 || strcmp(lang, "ca") == 0);
}

/* account_actor describes an account as the actor of an action. */
void
account_actor(const struct account *a, const char *source,
    struct actor *actor)
{
	memset(actor, 0, sizeof *actor);
	actor->id = a->id;
	actor->role = (enum role)a->role;
	actor->name = a->pseudonym;
	actor->source = source;
}

/*
 * account_invite_throttle makes guessing codes slow: each wrong code from
 * a source grows the wait before its next try, as for passwords.
 */
static void
account_invite_throttle(struct db *db, const struct conf *conf,
    const char *source, bool failed)
{
	char	key[96];
	int64_t	last;
	int	failures;

	snprintf(key, sizeof key, "invite:%s", source);
	if (failed) {
		if (db_begin(db) == ST_OK) {
			if (throttle_fail(db, key, db_now()) == ST_OK)
				db_commit(db);
			else
				db_rollback(db);
		}
		return;
	}
	if (throttle_get(db, key, &failures, &last) == ST_OK && failures > 0)
		poll(NULL, 0, auth_throttle_delay_ms(conf, failures));
}

/* account_check_invite finds a usable invite for code. */
static int
account_check_invite(struct db *db, const char *code, struct invite **inv,
    char **why)
{
	char	hash[2 * 32 + 1];
	int	st;

	*inv = NULL;
	invite_code_hash(code, hash, sizeof hash);
	if ((st = invites_find(db, hash, inv)) == ST_NOTFOUND) {
		account_why(why, _("That invite code is not valid. Check it "
		    "and try again, or ask your care team for a new one."));
		return ST_NOTFOUND;
	}
	if (st != ST_OK)
		return st;
	if ((*inv)->used_by != 0) {
		account_why(why, _("That invite has already been used. Ask "
		    "your care team for a new one."));
		st = ST_USED;
	} else if ((*inv)->expires_at <= db_now()) {
		account_why(why, _("That invite has expired. Ask your care "
		    "team for a new one."));
		st = ST_EXPIRED;
	}
	if (st != ST_OK) {
		invite_free(*inv);
		*inv = NULL;
	}
	return st;
}

/* account_check_new_password applies the password policy. */
static int
account_check_new_password(const struct conf *conf, const char *pw,
    const char *pw2, const char *pseudonym, char **why)
{
	enum pw_problem	p;

	if ((p = password_check(conf, pw, pw2, pseudonym)) == PW_OK)
		return ST_OK;
	if (why != NULL)
		*why = password_problem_text(conf, p);
	return ST_INVALID;
}

/*
 * account_signup creates an account from an invite.  The invite is marked
 * used in the same transaction that creates the account, and only if it
 * is still unused, so two people racing with one code cannot both join.
 */
int
account_signup(struct db *db, const struct conf *conf, const char *code,
    const char *pseudonym, const char *pw, const char *pw2,
    const char *source, int64_t *id, char **why)
{
	struct invite	*inv = NULL;
	struct actor	 actor;
	char		*hash = NULL;
	int		 st;

	*id = 0;
	if (why != NULL)
		*why = NULL;
	account_invite_throttle(db, conf, source, false);
	if ((st = account_check_invite(db, code, &inv, why)) != ST_OK) {
		if (st == ST_NOTFOUND)
			account_invite_throttle(db, conf, source, true);
		goto out;
	}
	if ((st = account_pseudonym_valid(conf, pseudonym)) != ST_OK) {
		account_why(why, _("A pseudonym has 3 to 24 characters: "
		    "letters, digits, '.', '_' or '-'. Please choose another."));
		goto out;
	}
	if ((st = account_check_new_password(conf, pw, pw2, pseudonym,
	    why)) != ST_OK)
		goto out;
	if ((st = hashslot_hash(conf, pw, &hash)) != ST_OK)
		goto out;
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	st = accounts_create(db, pseudonym, inv->role, hash, false,
	    conf->default_language, id);
	if (st == ST_EXISTS)
		account_why(why, _("That pseudonym is already taken. Please "
		    "choose another."));
	if (st == ST_OK && (st = invites_mark_used(db, inv->id, *id,
	    db_now())) == ST_USED)
		account_why(why, _("That invite has already been used. Ask "
		    "your care team for a new one."));
	if (st == ST_OK) {
		memset(&actor, 0, sizeof actor);
		actor.id = *id;
		actor.role = (enum role)inv->role;
		actor.name = pseudonym;
		actor.source = source;
		st = audit_record(db, &actor, "account.signup", "invite",
		    inv->id, NULL, role_name(inv->role), true);
	}
	if (st != ST_OK) {
		db_rollback(db);
		*id = 0;
		goto out;
	}
	st = db_commit(db);
out:
	invite_free(inv);
	free(hash);
	return st;
}

/*
 * account_change_password changes the actor's own password after checking
 * the current one.  It also clears a must-change flag.
 */
int
account_change_password(struct db *db, const struct conf *conf,
    const struct actor *actor, const char *old, const char *pw,
    const char *pw2, char **why)
{
	struct account	*a = NULL;
	struct target	 t = TARGET_NONE;
	char		*hash = NULL;
	int		 st;

	if (why != NULL)
		*why = NULL;
	t.owner_id = actor->id;
	if (!role_may(actor, ACT_OWN_SETTINGS, &t))
		return ST_DENIED;
	if ((st = accounts_get(db, actor->id, &a)) != ST_OK)
		return st;
	if (!hashslot_verify(conf, a->pwhash, old)) {
		account_why(why, _("Your current password is not right."));
		st = ST_DENIED;
		goto out;
	}
	if (strcmp(old, pw) == 0) {
		if (why != NULL)
			*why = password_problem_text(conf, PW_SAME_AS_OLD);
		st = ST_INVALID;
		goto out;
	}
	if ((st = account_check_new_password(conf, pw, pw2, a->pseudonym,
	    why)) != ST_OK)
		goto out;
	if ((st = hashslot_hash(conf, pw, &hash)) != ST_OK)
		goto out;
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = accounts_set_password(db, a->id, hash, false)) != ST_OK ||
	    (st = audit_record(db, actor, "account.password", "account",
	    a->id, NULL, NULL, true)) != ST_OK) {
		db_rollback(db);
		goto out;
	}
	st = db_commit(db);
out:
	free(hash);
	account_free(a);
	return st;
}

/* account_set_language stores the actor's interface language. */
int
account_set_language(struct db *db, const struct actor *actor,
    const char *lang)
{
	struct target	t = TARGET_NONE;
	int		st;

	t.owner_id = actor->id;
	if (!role_may(actor, ACT_OWN_SETTINGS, &t))
		return ST_DENIED;
	if (!account_language_valid(lang))
		return ST_INVALID;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = accounts_set_language(db, actor->id, lang)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/* account_accept_rules records that the actor accepted rules version v. */
int
account_accept_rules(struct db *db, const struct actor *actor, int version)
{
	struct target	t = TARGET_NONE;
	char		detail[32];
	int		st;

	t.owner_id = actor->id;
	if (!role_may(actor, ACT_OWN_SETTINGS, &t))
		return ST_DENIED;
	snprintf(detail, sizeof detail, "version %d", version);
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = accounts_set_rules_version(db, actor->id, version)) !=
	    ST_OK || (st = audit_record(db, actor, "rules.accept", "account",
	    actor->id, NULL, detail, true)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/*
 * account_session_start stamps the start of a session and returns how many
 * failed logins happened since the last one, to tell the owner.
 */
int
account_session_start(struct db *db, int64_t id, int *failed)
{
	struct account	*a = NULL;
	int		 st;

	*failed = 0;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = accounts_get(db, id, &a)) == ST_OK) {
		*failed = a->failed_logins;
		st = accounts_login_succeeded(db, id, db_now());
	}
	account_free(a);
	if (st != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}
