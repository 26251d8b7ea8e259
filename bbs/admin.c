/*
 * admin.c: account administration.  Each action asks the permission table
 * with the acting account, and each change is audited in the transaction
 * that makes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

/* admin_allowed asks the one permission table about account admin. */
static bool
admin_allowed(const struct actor *actor)
{
	struct target	t = TARGET_NONE;

	return role_may(actor, ACT_ACCOUNT_ADMIN, &t);
}

/* admin_patient names the account in the audit when it is a patient's. */
static const char *
admin_patient(const struct account *a)
{
	if (a->role == ROLE_PATIENT || a->role == ROLE_EXPERT)
		return a->pseudonym;
	return NULL;
}

/* admin_list_accounts lists accounts whose pseudonym contains search. */
int
admin_list_accounts(struct db *db, const struct actor *actor,
    const char *search, struct account ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!admin_allowed(actor))
		return ST_DENIED;
	return accounts_list(db, search, out, n);
}

/* admin_get_account reads one account for the administration screens. */
int
admin_get_account(struct db *db, const struct actor *actor, int64_t id,
    struct account **out)
{
	*out = NULL;
	if (!admin_allowed(actor))
		return ST_DENIED;
	return accounts_get(db, id, out);
}

/* admin_change runs one audited change to account id. */
static int
admin_change(struct db *db, const struct actor *actor, int64_t id,
    const char *action, int (*apply)(struct db *, int64_t, const void *),
    const void *arg, const char *detail)
{
	struct account	*a = NULL;
	int		 st;

	if (!admin_allowed(actor))
		return ST_DENIED;
	/* Nobody takes away their own access by mistake. */
	if (!actor->operator && id == actor->id)
		return ST_INVALID;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = accounts_get(db, id, &a)) != ST_OK ||
	    (st = apply(db, id, arg)) != ST_OK ||
	    (st = audit_record(db, actor, action, "account", id,
	    admin_patient(a), detail, true)) != ST_OK) {
		db_rollback(db);
		goto out;
	}
	st = db_commit(db);
out:
	account_free(a);
	return st;
}

static int
admin_apply_role(struct db *db, int64_t id, const void *arg)
{
	return accounts_set_role(db, id, *(const int *)arg);
}

static int
admin_apply_disabled(struct db *db, int64_t id, const void *arg)
{
	return accounts_set_disabled(db, id, *(const bool *)arg);
}

static int
admin_apply_password(struct db *db, int64_t id, const void *arg)
{
	return accounts_set_password(db, id, arg, true);
}

/* admin_set_role gives account id a new role. */
int
admin_set_role(struct db *db, const struct actor *actor, int64_t id, int role)
{
	char	detail[64];

	if (!admin_allowed(actor))
		return ST_DENIED;
	if (role < 0 || role >= ROLE_COUNT)
		return ST_INVALID;
	snprintf(detail, sizeof detail, "role %s", role_name(role));
	return admin_change(db, actor, id, "account.role", admin_apply_role,
	    &role, detail);
}

/*
 * admin_set_disabled disables or enables account id.  A reason is required
 * to disable (it goes into the audit log, sanitised); it is optional to
 * enable.
 */
int
admin_set_disabled(struct db *db, const struct actor *actor, int64_t id,
    bool disabled, const char *reason)
{
	char	*clean = NULL;
	int	 st;

	if (!admin_allowed(actor))
		return ST_DENIED;
	if (reason != NULL) {
		clean = text_sanitise(reason, true);
		if (text_codepoints(clean) > ADMIN_REASON_MAX) {
			free(clean);
			return ST_INVALID;
		}
	}
	if (disabled && (clean == NULL || *clean == '\0')) {
		free(clean);
		return ST_INVALID;
	}
	st = admin_change(db, actor, id, disabled ? "account.disable" :
	    "account.enable", admin_apply_disabled, &disabled, clean);
	free(clean);
	return st;
}

/*
 * admin_reset_password gives account id a one-time password, returned in
 * *otp to show once; the owner must change it at the next login.
 */
int
admin_reset_password(struct db *db, const struct conf *conf,
    const struct actor *actor, int64_t id, char **otp)
{
	char	*hash = NULL;
	int	 st;

	*otp = NULL;
	if (!admin_allowed(actor))
		return ST_DENIED;
	*otp = password_generate_otp();
	if ((st = hashslot_hash(conf, *otp, &hash)) == ST_OK)
		st = admin_change(db, actor, id, "account.password-reset",
		    admin_apply_password, hash, NULL);
	free(hash);
	if (st != ST_OK) {
		free(*otp);
		*otp = NULL;
	}
	return st;
}

/*
 * admin_create_account creates an account directly (bbsctl).  With no
 * password, a one-time password is made and returned in *msg, and the
 * owner must change it at the first login; on failure *msg explains.
 */
int
admin_create_account(struct db *db, const struct conf *conf,
    const struct actor *actor, const char *name, int role, const char *pw,
    bool check_policy, int64_t *id, char **msg)
{
	enum pw_problem	 p;
	char		*hash = NULL, *otp = NULL, detail[64];
	int		 st;

	*id = 0;
	*msg = NULL;
	if (!admin_allowed(actor))
		return ST_DENIED;
	if (role < 0 || role >= ROLE_COUNT)
		return ST_INVALID;
	if (account_pseudonym_valid(conf, name) != ST_OK) {
		*msg = xstrdup(_("A pseudonym has 3 to 24 characters: "
		    "letters, digits, '.', '_' or '-', and some names are "
		    "reserved."));
		return ST_INVALID;
	}
	if (pw == NULL)
		pw = otp = password_generate_otp();
	else if (check_policy &&
	    (p = password_check(conf, pw, NULL, name)) != PW_OK) {
		*msg = password_problem_text(conf, p);
		return ST_INVALID;
	}
	if ((st = hashslot_hash(conf, pw, &hash)) != ST_OK)
		goto out;
	snprintf(detail, sizeof detail, "role %s", role_name(role));
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = accounts_create(db, name, role, hash, otp != NULL,
	    conf->default_language, id)) != ST_OK ||
	    (st = audit_record(db, actor, "account.create", "account", *id,
	    role == ROLE_PATIENT || role == ROLE_EXPERT ? name : NULL, detail,
	    true)) != ST_OK) {
		db_rollback(db);
		if (st == ST_EXISTS)
			*msg = xstrdup(_("That pseudonym is already taken."));
		goto out;
	}
	if ((st = db_commit(db)) == ST_OK && otp != NULL) {
		*msg = otp;
		otp = NULL;
	}
out:
	free(hash);
	free(otp);
	return st;
}

/*
 * admin_audit_list reads the audit log, newest first, for the admin
 * screen: rows before id before (0: newest), of account (0: all).
 */
int
admin_audit_list(struct db *db, const struct actor *actor, int64_t account,
    int64_t before, int limit, struct audit_entry ***out, size_t *n)
{
	struct target	t = TARGET_NONE;

	*out = NULL;
	*n = 0;
	if (!role_may(actor, ACT_AUDIT_READ, &t))
		return ST_DENIED;
	return audit_list(db, account, before, limit, out, n);
}
