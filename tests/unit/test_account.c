/*
 * test_account.c: pseudonyms, sign-up with an invite, and an account's
 * own settings.
 *
 * A refused sign-up must leave nothing behind: no account, no audit row,
 * and the invite still unused for the person it was meant for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

#define DAY	86400

/* valid asks account_pseudonym_valid with the test conf. */
static int
valid(struct th *t, const char *name)
{
	return account_pseudonym_valid(t->conf, name);
}

/* invite makes an invite for role through the operator; returns its id. */
static int64_t
invite(struct th *t, int role, char code[INVITE_CODE_LEN + 1])
{
	struct actor	op = th_operator();
	int64_t		id = 0;

	assert_int_equal(invite_create(t->db, &op, role, DAY, code, &id),
	    ST_OK);
	return id;
}

/* invite_used_by returns who used the invite with code (0: nobody). */
static int64_t
invite_used_by(struct th *t, const char *code)
{
	struct invite	*inv = NULL;
	char		 hash[65];
	int64_t		 by;

	invite_code_hash(code, hash, sizeof hash);
	assert_int_equal(invites_find(t->db, hash, &inv), ST_OK);
	by = inv->used_by;
	invite_free(inv);
	return by;
}

/* accounts counts the accounts. */
static int64_t
accounts(struct th *t)
{
	int64_t	n;

	assert_int_equal(accounts_count(t->db, &n), ST_OK);
	return n;
}

/* signup runs account_signup from TH_SOURCE. */
static int
signup(struct th *t, const char *code, const char *name, const char *pw,
    const char *pw2, int64_t *id, char **why)
{
	return account_signup(t->db, t->conf, code, name, pw, pw2, TH_SOURCE,
	    id, why);
}

/*
 * refused checks that a sign-up fails with want, says why, and leaves no
 * account, no audit row and (when code names one) the invite unused.
 */
static void
refused(struct th *t, const char *code, const char *name, const char *pw,
    const char *pw2, int want, bool invite_exists)
{
	int64_t	 before, id = -1;
	size_t	 audits;
	char	*why = NULL;

	before = accounts(t);
	audits = th_audit_count(t);
	assert_int_equal(signup(t, code, name, pw, pw2, &id, &why), want);
	assert_int_equal(id, 0);
	assert_non_null(why);
	assert_true(strlen(why) > 10);
	free(why);
	assert_int_equal(accounts(t), before);
	assert_int_equal(th_audit_count(t), audits);
	if (invite_exists)
		assert_int_equal(invite_used_by(t, code), 0);
}

/* Three to twenty-four characters, both included. */
static void
test_pseudonym_length_bounds(void **state)
{
	struct th	*t = *state;

	assert_int_equal(valid(t, ""), ST_INVALID);
	assert_int_equal(valid(t, "ab"), ST_INVALID);
	assert_int_equal(valid(t, "abc"), ST_OK);
	assert_int_equal(valid(t, "abcdefghijklmnopqrstuvwx"), ST_OK);
	assert_int_equal(valid(t, "abcdefghijklmnopqrstuvwxy"), ST_INVALID);
}

/* Letters, digits, '.', '_' and '-' only. */
static void
test_pseudonym_characters(void **state)
{
	struct th	*t = *state;

	assert_int_equal(valid(t, "a.b_c-d"), ST_OK);
	assert_int_equal(valid(t, "Ana.M_1984-x"), ST_OK);
	assert_int_equal(valid(t, "..."), ST_OK);
	assert_int_equal(valid(t, "ana maria"), ST_INVALID);
	assert_int_equal(valid(t, " ana"), ST_INVALID);
	assert_int_equal(valid(t, "anaé"), ST_INVALID);
	assert_int_equal(valid(t, "Núria"), ST_INVALID);
	assert_int_equal(valid(t, "ana😀"), ST_INVALID);
	assert_int_equal(valid(t, "ana@home"), ST_INVALID);
	assert_int_equal(valid(t, "ana/b"), ST_INVALID);
	assert_int_equal(valid(t, "ana'b"), ST_INVALID);
	assert_int_equal(valid(t, "ana\tb"), ST_INVALID);
	assert_int_equal(valid(t, "ana\x1b[31m"), ST_INVALID);
}

/* A line break at the end is not part of a pseudonym either. */
static void
test_pseudonym_trailing_newline_refused(void **state)
{
	struct th	*t = *state;

	assert_int_equal(valid(t, "ana\n"), ST_INVALID);
	assert_int_equal(valid(t, "abcdefghijklmnopqrstuvwx\n"), ST_INVALID);
	assert_int_equal(valid(t, "\nana"), ST_INVALID);
	assert_int_equal(valid(t, "ana\r\n"), ST_INVALID);
}

/* Reserved names and the sign-up user are refused in any case. */
static void
test_pseudonym_reserved_names(void **state)
{
	struct th	*t = *state;
	const char	*names[] = { "root", "ROOT", "Mirall", "system",
			    "Operator", "staff", "SUPPORT", "nobody", "sshd",
			    "anonymous", "former-member", "Former-Member",
			    "join", "JOIN", "JoIn" };
	size_t		 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_int_equal(valid(t, names[i]), ST_INVALID);
	assert_int_equal(valid(t, "roots"), ST_OK);
	assert_int_equal(valid(t, "joiner"), ST_OK);

	/* The sign-up user is whatever the configuration names. */
	free(t->conf->signup_user);
	t->conf->signup_user = xstrdup("welcome");
	assert_int_equal(valid(t, "join"), ST_OK);
	assert_int_equal(valid(t, "Welcome"), ST_INVALID);
	free(t->conf->signup_user);
	t->conf->signup_user = NULL;
	assert_int_equal(valid(t, "welcome"), ST_OK);
	assert_int_equal(valid(t, "root"), ST_INVALID);
}

/* A sign-up takes the invite's role and uses the invite up. */
static void
test_signup_succeeds(void **state)
{
	struct th		*t = *state;
	struct account		*a;
	struct audit_entry	*e;
	char			 code[INVITE_CODE_LEN + 1], *why = NULL;
	int64_t			 inv, id = 0;

	free(t->conf->default_language);
	t->conf->default_language = xstrdup("ca");
	inv = invite(t, ROLE_EXPERT, code);
	assert_int_equal(signup(t, code, "Berta", TH_PASSWORD, TH_PASSWORD,
	    &id, &why), ST_OK);
	assert_null(why);
	assert_true(id > 0);

	a = th_get(t, id);
	assert_string_equal(a->pseudonym, "Berta");
	assert_int_equal(a->role, ROLE_EXPERT);
	assert_false(a->disabled);
	assert_false(a->must_change_password);
	assert_string_equal(a->language, "ca");
	assert_true(password_verify(a->pwhash, TH_PASSWORD));
	assert_false(password_verify(a->pwhash, TH_PASSWORD2));
	assert_null(strstr(a->pwhash, TH_PASSWORD));
	account_free(a);
	assert_int_equal(invite_used_by(t, code), id);

	e = th_audit_last(t);
	assert_string_equal(e->action, "account.signup");
	assert_int_equal(e->actor_id, id);
	assert_string_equal(e->actor_name, "Berta");
	assert_string_equal(e->actor_role, "expert");
	assert_string_equal(e->object_type, "invite");
	assert_int_equal(e->object_id, inv);
	assert_string_equal(e->source, TH_SOURCE);
	assert_true(e->allowed);
	assert_null(strstr(e->detail != NULL ? e->detail : "", TH_PASSWORD));
	audit_entry_free(e);
}

/* The code may be typed in lower case with spaces. */
static void
test_signup_accepts_code_as_typed(void **state)
{
	struct th	*t = *state;
	char		 code[INVITE_CODE_LEN + 1], typed[32], *why = NULL;
	int64_t		 id = 0;
	size_t		 i;

	invite(t, ROLE_PATIENT, code);
	for (i = 0; code[i] != '\0'; i++)
		typed[i] = code[i] == '-' ? ' ' : (char)(code[i] | 0x20);
	typed[i] = '\0';
	assert_int_equal(signup(t, typed, "ana", TH_PASSWORD, TH_PASSWORD,
	    &id, &why), ST_OK);
	assert_int_equal(invite_used_by(t, code), id);
}

/* An unknown code is refused and counted against the source. */
static void
test_signup_unknown_invite(void **state)
{
	struct th	*t = *state;

	refused(t, "ABCD-EFGH-JKLM", "ana", TH_PASSWORD, TH_PASSWORD,
	    ST_NOTFOUND, false);
	assert_int_equal(th_throttle(t, "invite:" TH_SOURCE), 1);
	refused(t, "", "ana", TH_PASSWORD, TH_PASSWORD, ST_NOTFOUND, false);
	refused(t, "not a code at all", "ana", TH_PASSWORD, TH_PASSWORD,
	    ST_NOTFOUND, false);
	assert_int_equal(th_throttle(t, "invite:" TH_SOURCE), 3);
	assert_int_equal(th_throttle(t, "invite:198.51.100.1"), 0);
}

/* A used invite is refused and stays with its first user. */
static void
test_signup_used_invite(void **state)
{
	struct th	*t = *state;
	char		 code[INVITE_CODE_LEN + 1], *why = NULL;
	int64_t		 id = 0;

	invite(t, ROLE_PATIENT, code);
	assert_int_equal(signup(t, code, "ana", TH_PASSWORD, TH_PASSWORD,
	    &id, &why), ST_OK);
	refused(t, code, "bruno", TH_PASSWORD2, TH_PASSWORD2, ST_USED, false);
	assert_int_equal(invite_used_by(t, code), id);
}

/* An invite past its expiry, even by a second, is refused. */
static void
test_signup_expired_invite(void **state)
{
	struct th	*t = *state;
	const char	*code = "ABCD-EFGH-JKLM";
	char		 hash[65];
	int64_t		 id;

	invite_code_hash(code, hash, sizeof hash);
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(invites_create(t->db, hash, "ABCD", ROLE_PATIENT, 0,
	    db_now() - 1, &id), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	refused(t, code, "ana", TH_PASSWORD, TH_PASSWORD, ST_EXPIRED, true);
	/* Expiry is not guessing: the source is not slowed down for it. */
	assert_int_equal(th_throttle(t, "invite:" TH_SOURCE), 0);
}

/* A bad, reserved or sign-up pseudonym is refused. */
static void
test_signup_bad_pseudonym(void **state)
{
	struct th	*t = *state;
	char		 code[INVITE_CODE_LEN + 1];

	invite(t, ROLE_PATIENT, code);
	refused(t, code, "a", TH_PASSWORD, TH_PASSWORD, ST_INVALID, true);
	refused(t, code, "ana maria", TH_PASSWORD, TH_PASSWORD, ST_INVALID,
	    true);
	refused(t, code, "Root", TH_PASSWORD, TH_PASSWORD, ST_INVALID, true);
	refused(t, code, "join", TH_PASSWORD, TH_PASSWORD, ST_INVALID, true);
	refused(t, code, "ana\n", TH_PASSWORD, TH_PASSWORD, ST_INVALID, true);
}

/* A pseudonym taken in another case is taken. */
static void
test_signup_taken_pseudonym(void **state)
{
	struct th	*t = *state;
	char		 code[INVITE_CODE_LEN + 1];

	th_account(t, "ana", ROLE_PATIENT, NULL);
	invite(t, ROLE_PATIENT, code);
	refused(t, code, "ANA", TH_PASSWORD, TH_PASSWORD, ST_EXISTS, true);
	refused(t, code, "ana", TH_PASSWORD, TH_PASSWORD, ST_EXISTS, true);
}

/* The password policy and the confirmation apply at sign-up. */
static void
test_signup_password_refused(void **state)
{
	struct th	*t = *state;
	char		 code[INVITE_CODE_LEN + 1];

	invite(t, ROLE_PATIENT, code);
	refused(t, code, "ana", "short pass", "short pass", ST_INVALID, true);
	refused(t, code, "ana", "aaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaa",
	    ST_INVALID, true);
	refused(t, code, "ana", TH_PASSWORD, TH_PASSWORD2, ST_INVALID, true);
	refused(t, code, "ana", TH_PASSWORD, "", ST_INVALID, true);
	/* Fourteen characters against a minimum of fifteen. */
	refused(t, code, "ana", "violet tide ha", "violet tide ha",
	    ST_INVALID, true);
}

/* actor_for reads account id and makes it the actor. */
static struct actor
actor_for(struct th *t, int64_t id, struct account **a)
{
	struct actor	actor;

	*a = th_get(t, id);
	account_actor(*a, TH_SOURCE, &actor);
	return actor;
}

/* The current password must be right, and the new one new and good. */
static void
test_change_password_refusals(void **state)
{
	struct th	*t = *state;
	struct account	*a, *after;
	struct actor	 me;
	char		*why = NULL;
	int64_t		 id;

	id = th_account(t, "ana", ROLE_PATIENT, NULL);
	me = actor_for(t, id, &a);

	assert_int_equal(account_change_password(t->db, t->conf, &me,
	    TH_PASSWORD2, "a brand new passphrase", "a brand new passphrase",
	    &why), ST_DENIED);
	assert_non_null(why);
	free(why);
	assert_int_equal(account_change_password(t->db, t->conf, &me,
	    TH_PASSWORD, TH_PASSWORD, TH_PASSWORD, &why), ST_INVALID);
	assert_non_null(why);
	free(why);
	assert_int_equal(account_change_password(t->db, t->conf, &me,
	    TH_PASSWORD, "too short", "too short", &why), ST_INVALID);
	assert_non_null(why);
	free(why);
	assert_int_equal(account_change_password(t->db, t->conf, &me,
	    TH_PASSWORD, TH_PASSWORD2, "amber field morning kettles", &why),
	    ST_INVALID);
	assert_non_null(why);
	free(why);

	after = th_get(t, id);
	assert_string_equal(after->pwhash, a->pwhash);
	account_free(after);
	account_free(a);
	assert_int_equal(th_audit_count(t), 0);
}

/* A good change stores the new password and clears must-change. */
static void
test_change_password_succeeds(void **state)
{
	struct th		*t = *state;
	struct account		*a;
	struct audit_entry	*e;
	struct actor		 me;
	char			*why = NULL;
	int64_t			 id;

	id = th_account(t, "ana", ROLE_PATIENT, NULL);
	assert_int_equal(db_begin(t->db), ST_OK);
	a = th_get(t, id);
	assert_int_equal(accounts_set_password(t->db, id, a->pwhash, true),
	    ST_OK);
	account_free(a);
	assert_int_equal(db_commit(t->db), ST_OK);

	me = actor_for(t, id, &a);
	assert_true(a->must_change_password);
	assert_int_equal(account_change_password(t->db, t->conf, &me,
	    TH_PASSWORD, TH_PASSWORD2, TH_PASSWORD2, &why), ST_OK);
	assert_null(why);
	account_free(a);

	a = th_get(t, id);
	assert_false(a->must_change_password);
	assert_true(password_verify(a->pwhash, TH_PASSWORD2));
	assert_false(password_verify(a->pwhash, TH_PASSWORD));
	account_free(a);
	e = th_audit_last(t);
	assert_string_equal(e->action, "account.password");
	assert_int_equal(e->actor_id, id);
	assert_int_equal(e->object_id, id);
	assert_null(e->detail);
	audit_entry_free(e);
}

/* Only an account changes its own settings: never the operator. */
static void
test_own_settings_denied_to_operator(void **state)
{
	struct th	*t = *state;
	struct actor	 op = th_operator(), nobody;
	char		*why = NULL;

	assert_int_equal(account_change_password(t->db, t->conf, &op,
	    TH_PASSWORD, TH_PASSWORD2, TH_PASSWORD2, &why), ST_DENIED);
	assert_int_equal(account_set_language(t->db, &op, "es"), ST_DENIED);
	assert_int_equal(account_accept_rules(t->db, &op, 1), ST_DENIED);
	/* An actor with no account id owns nothing. */
	nobody = th_actor(0, ROLE_PATIENT, "nobody");
	assert_int_equal(account_set_language(t->db, &nobody, "es"),
	    ST_DENIED);
	assert_int_equal(th_audit_count(t), 0);
}

/* English, Spanish and Catalan, spelt exactly so. */
static void
test_set_language(void **state)
{
	struct th	*t = *state;
	struct account	*a;
	struct actor	 me;
	const char	*bad[] = { "fr", "", "ES", "es_ES", "en ", "e" };
	size_t		 i;
	int64_t		 id;

	id = th_account(t, "ana", ROLE_PATIENT, NULL);
	me = th_actor(id, ROLE_PATIENT, "ana");
	assert_int_equal(account_set_language(t->db, &me, "es"), ST_OK);
	assert_int_equal(account_set_language(t->db, &me, "ca"), ST_OK);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(account_set_language(t->db, &me, bad[i]),
		    ST_INVALID);
	assert_int_equal(account_set_language(t->db, &me, NULL), ST_INVALID);
	a = th_get(t, id);
	assert_string_equal(a->language, "ca");
	account_free(a);
	assert_true(account_language_valid("en"));
	assert_false(account_language_valid(NULL));

	me.id = id + 50;
	assert_int_equal(account_set_language(t->db, &me, "en"), ST_NOTFOUND);
}

/* Accepting the rules stores the version and says so in the audit. */
static void
test_accept_rules(void **state)
{
	struct th		*t = *state;
	struct account		*a;
	struct audit_entry	*e;
	struct actor		 me;
	int64_t			 id;

	id = th_account(t, "Dr.Pau", ROLE_PROFESSIONAL, NULL);
	me = th_actor(id, ROLE_PROFESSIONAL, "Dr.Pau");
	assert_int_equal(account_accept_rules(t->db, &me, 3), ST_OK);
	a = th_get(t, id);
	assert_int_equal(a->rules_version, 3);
	account_free(a);
	e = th_audit_last(t);
	assert_string_equal(e->action, "rules.accept");
	assert_string_equal(e->object_type, "account");
	assert_int_equal(e->object_id, id);
	assert_int_equal(e->actor_id, id);
	assert_string_equal(e->detail, "version 3");
	audit_entry_free(e);

	me.id = id + 50;
	assert_int_equal(account_accept_rules(t->db, &me, 4), ST_NOTFOUND);
	assert_int_equal(th_audit_count(t), 1);
}

/* A session start reports the failed logins since the last, once. */
static void
test_session_start_reports_and_resets_failures(void **state)
{
	struct th	*t = *state;
	struct account	*a;
	int64_t		 id, before, after;
	int		 failed = -1, i;

	id = th_account(t, "ana", ROLE_PATIENT, NULL);
	assert_int_equal(db_begin(t->db), ST_OK);
	for (i = 0; i < 4; i++)
		assert_int_equal(accounts_login_failed(t->db, id), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);

	before = db_now();
	assert_int_equal(account_session_start(t->db, id, &failed), ST_OK);
	after = db_now();
	assert_int_equal(failed, 4);
	a = th_get(t, id);
	assert_int_equal(a->failed_logins, 0);
	assert_in_range(a->last_login_at, before, after);
	account_free(a);

	assert_int_equal(account_session_start(t->db, id, &failed), ST_OK);
	assert_int_equal(failed, 0);

	failed = -1;
	assert_int_equal(account_session_start(t->db, id + 9, &failed),
	    ST_NOTFOUND);
	assert_int_equal(failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_setup, th_teardown)
		T(test_pseudonym_length_bounds),
		T(test_pseudonym_characters),
		T(test_pseudonym_trailing_newline_refused),
		T(test_pseudonym_reserved_names),
		T(test_signup_succeeds),
		T(test_signup_accepts_code_as_typed),
		T(test_signup_unknown_invite),
		T(test_signup_used_invite),
		T(test_signup_expired_invite),
		T(test_signup_bad_pseudonym),
		T(test_signup_taken_pseudonym),
		T(test_signup_password_refused),
		T(test_change_password_refusals),
		T(test_change_password_succeeds),
		T(test_own_settings_denied_to_operator),
		T(test_set_language),
		T(test_accept_rules),
		T(test_session_start_reports_and_resets_failures),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
