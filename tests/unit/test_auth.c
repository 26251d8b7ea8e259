/*
 * test_auth.c: password and key checks, throttling and their audit rows.
 *
 * security.md: throttle, never lock out; count by account name and by
 * source; reset on success; never more than 100 failures evaluated.
 * Every failure and success writes an audit row in the same commit.
 */
#include <limits.h>
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

#define OTHER_SOURCE	"198.51.100.9"
#define ANA_FP		"SHA256:ana-laptop"

/* login runs auth_password from TH_SOURCE. */
static enum auth_result
login(struct th *t, const char *user, const char *pw, int64_t *id)
{
	return auth_password(t->db, t->conf, user, pw, TH_SOURCE, id);
}

/* key runs auth_pubkey from TH_SOURCE. */
static enum auth_result
key(struct th *t, const char *user, const char *fp, bool signed_ok,
    int64_t *id)
{
	return auth_pubkey(t->db, t->conf, user, fp, TH_SOURCE, signed_ok, id);
}

/* failed_logins reads an account's failure count. */
static int
failed_logins(struct th *t, int64_t id)
{
	struct account	*a;
	int		 n;

	a = th_get(t, id);
	n = a->failed_logins;
	account_free(a);
	return n;
}

/* set_disabled disables or enables an account through storage. */
static void
set_disabled(struct th *t, int64_t id, bool disabled)
{
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(accounts_set_disabled(t->db, id, disabled), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
}

/* add_key registers fingerprint fp for account id through storage. */
static void
add_key(struct th *t, int64_t id, const char *fp)
{
	int64_t	kid;

	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(keys_add(t->db, id, "ssh-ed25519", "AAAA", fp, NULL,
	    &kid), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
}

/* fail_n counts n failures for a throttle key, at time at. */
static void
fail_n(struct th *t, const char *k, int n, int64_t at)
{
	assert_int_equal(db_begin(t->db), ST_OK);
	while (n-- > 0)
		assert_int_equal(throttle_fail(t->db, k, at), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
}

/*
 * assert_failure_row checks the newest audit row: a refused login by
 * actor (id and name), with detail.
 */
static void
assert_failure_row(struct th *t, int64_t actor, const char *name,
    const char *role, const char *detail)
{
	struct audit_entry	*e;

	e = th_audit_last(t);
	assert_string_equal(e->action, "login");
	assert_false(e->allowed);
	assert_int_equal(e->actor_id, actor);
	assert_string_equal(e->actor_name, name);
	assert_string_equal(e->actor_role, role);
	assert_string_equal(e->object_type, "account");
	assert_int_equal(e->object_id, actor);
	assert_string_equal(e->detail, detail);
	assert_string_equal(e->source, TH_SOURCE);
	audit_entry_free(e);
}

/* The right password lets the owner in, whatever the case of the name. */
static void
test_password_ok(void **state)
{
	struct th		*t = *state;
	struct audit_entry	*e;
	int64_t			 ana, id = 0;

	ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	assert_int_equal(login(t, "ana", TH_PASSWORD, &id), AUTH_OK);
	assert_int_equal(id, ana);
	id = 0;
	assert_int_equal(login(t, "ANA", TH_PASSWORD, &id), AUTH_OK);
	assert_int_equal(id, ana);

	assert_int_equal(th_audit_count(t), 2);
	e = th_audit_last(t);
	assert_string_equal(e->action, "login");
	assert_true(e->allowed);
	assert_int_equal(e->actor_id, ana);
	assert_string_equal(e->actor_name, "ana");
	assert_string_equal(e->actor_role, "patient");
	assert_int_equal(e->object_id, ana);
	assert_string_equal(e->patient, "ana");
	assert_string_equal(e->detail, "password");
	assert_string_equal(e->source, TH_SOURCE);
	audit_entry_free(e);
	assert_int_equal(th_throttle(t, "user:ana"), 0);
	assert_int_equal(th_throttle(t, "ip:" TH_SOURCE), 0);
}

/* A staff login names no patient. */
static void
test_staff_login_names_no_patient(void **state)
{
	struct th		*t = *state;
	struct audit_entry	*e;
	int64_t			 id;

	th_account(t, "Dr.Pau", ROLE_PROFESSIONAL, NULL);
	assert_int_equal(login(t, "dr.pau", TH_PASSWORD, &id), AUTH_OK);
	e = th_audit_last(t);
	assert_true(e->allowed);
	assert_null(e->patient);
	assert_string_equal(e->actor_name, "Dr.Pau");
	audit_entry_free(e);
}

/* A wrong password fails, counts by name and source, and is audited. */
static void
test_wrong_password_fails_and_counts(void **state)
{
	struct th	*t = *state;
	int64_t		 ana, id = -1;

	ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	assert_int_equal(login(t, "Ana", TH_PASSWORD2, &id), AUTH_FAIL);
	assert_int_equal(id, 0);
	assert_int_equal(th_throttle(t, "user:ana"), 1);
	assert_int_equal(th_throttle(t, "ip:" TH_SOURCE), 1);
	assert_int_equal(failed_logins(t, ana), 1);
	assert_int_equal(th_audit_count(t), 1);
	assert_failure_row(t, ana, "ana", "patient",
	    "password: wrong password");

	assert_int_equal(login(t, "ana", "", &id), AUTH_FAIL);
	assert_int_equal(th_throttle(t, "user:ana"), 2);
	assert_int_equal(th_throttle(t, "ip:" TH_SOURCE), 2);
	assert_int_equal(failed_logins(t, ana), 2);
}

/* An unknown name gets the same answer, counted and audited. */
static void
test_unknown_user_fails_and_counts(void **state)
{
	struct th	*t = *state;
	int64_t		 id = -1;

	th_account(t, "ana", ROLE_PATIENT, NULL);
	assert_int_equal(login(t, "Nobody.Here", TH_PASSWORD, &id),
	    AUTH_FAIL);
	assert_int_equal(id, 0);
	assert_int_equal(th_throttle(t, "user:nobody.here"), 1);
	assert_int_equal(th_throttle(t, "ip:" TH_SOURCE), 1);
	assert_failure_row(t, 0, "Nobody.Here", "unknown",
	    "password: unknown account");
}

/* An attacker's long name is kept to 64 characters, in audit and keys. */
static void
test_unknown_user_name_truncated_to_64(void **state)
{
	struct th		*t = *state;
	struct audit_entry	*e;
	char			 name[201], k[80];
	int64_t			 id;

	memset(name, 'X', 200);
	name[200] = '\0';
	assert_int_equal(login(t, name, TH_PASSWORD, &id), AUTH_FAIL);
	e = th_audit_last(t);
	assert_int_equal(strlen(e->actor_name), 64);
	assert_int_equal(strspn(e->actor_name, "X"), 64);
	audit_entry_free(e);
	snprintf(k, sizeof k, "user:%.64s", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	assert_int_equal(th_throttle(t, k), 1);

	/* 63 letters and a two-byte one: the cut never splits a character. */
	memset(name, 'a', 63);
	snprintf(name + 63, sizeof name - 63, "é");
	assert_int_equal(login(t, name, TH_PASSWORD, &id), AUTH_FAIL);
	e = th_audit_last(t);
	assert_true(strlen(e->actor_name) <= 64);
	assert_true(text_is_valid_utf8(e->actor_name,
	    strlen(e->actor_name)));
	assert_int_equal(strspn(e->actor_name, "a"), 63);
	audit_entry_free(e);
}

/* An attacker's name is sanitised before it is stored. */
static void
test_unknown_user_name_is_sanitised(void **state)
{
	struct th		*t = *state;
	struct audit_entry	*e;
	int64_t			 id;

	assert_int_equal(login(t, "\x1b]0;owned\x07" "eve\x1b[2J\xc2\x9b" "1m",
	    TH_PASSWORD, &id), AUTH_FAIL);
	e = th_audit_last(t);
	assert_false(th_has_control(e->actor_name));
	assert_non_null(strstr(e->actor_name, "eve"));
	audit_entry_free(e);

	assert_int_equal(login(t, "bad\xff\xfe", TH_PASSWORD, &id), AUTH_FAIL);
	e = th_audit_last(t);
	assert_true(text_is_valid_utf8(e->actor_name,
	    strlen(e->actor_name)));
	audit_entry_free(e);
}

/* A disabled account does not log in, even with the right password. */
static void
test_disabled_account_fails(void **state)
{
	struct th	*t = *state;
	int64_t		 ana, id = -1;

	ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	set_disabled(t, ana, true);
	assert_int_equal(login(t, "ana", TH_PASSWORD, &id), AUTH_FAIL);
	assert_int_equal(id, 0);
	assert_int_equal(th_throttle(t, "user:ana"), 1);
	assert_int_equal(th_throttle(t, "ip:" TH_SOURCE), 1);
	assert_failure_row(t, ana, "ana", "patient",
	    "password: account disabled");

	set_disabled(t, ana, false);
	assert_int_equal(login(t, "ana", TH_PASSWORD, &id), AUTH_OK);
	assert_int_equal(id, ana);
}

/*
 * A success clears the name's and the source's counters, but the
 * account's own count stays until the session tells its owner.
 */
static void
test_success_resets_throttle(void **state)
{
	struct th	*t = *state;
	int64_t		 ana, id;

	ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	assert_int_equal(login(t, "ana", TH_PASSWORD2, &id), AUTH_FAIL);
	assert_int_equal(login(t, "ana", TH_PASSWORD2, &id), AUTH_FAIL);
	assert_int_equal(th_throttle(t, "user:ana"), 2);
	assert_int_equal(auth_pending_delay_ms(t->db, t->conf, "ana",
	    TH_SOURCE), 2);
	assert_int_equal(login(t, "ana", TH_PASSWORD, &id), AUTH_OK);
	assert_int_equal(th_throttle(t, "user:ana"), 0);
	assert_int_equal(th_throttle(t, "ip:" TH_SOURCE), 0);
	assert_int_equal(auth_pending_delay_ms(t->db, t->conf, "ana",
	    TH_SOURCE), 0);
	assert_int_equal(failed_logins(t, ana), 2);
	assert_int_equal(th_audit_count(t), 3);
}

/* A login rehashes a password stored at old limits, keeping its flags. */
static void
test_rehash_when_limits_change(void **state)
{
	struct th	*t = *state;
	struct conf	 newer = *t->conf;
	struct account	*a;
	char		*old;
	int64_t		 ana, id;

	ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	a = th_get(t, ana);
	old = xstrdup(a->pwhash);
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(accounts_set_password(t->db, ana, a->pwhash, true),
	    ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	account_free(a);

	/* Same limits: the stored hash stays. */
	assert_int_equal(login(t, "ana", TH_PASSWORD, &id), AUTH_OK);
	a = th_get(t, ana);
	assert_string_equal(a->pwhash, old);
	account_free(a);

	newer.pwhash_opslimit = 2;
	assert_true(password_needs_rehash(&newer, old));
	assert_int_equal(auth_password(t->db, &newer, "ana", TH_PASSWORD,
	    TH_SOURCE, &id), AUTH_OK);
	a = th_get(t, ana);
	assert_string_not_equal(a->pwhash, old);
	assert_true(password_verify(a->pwhash, TH_PASSWORD));
	assert_false(password_needs_rehash(&newer, a->pwhash));
	assert_true(a->must_change_password);
	account_free(a);

	/* A wrong password never rehashes. */
	newer.pwhash_opslimit = 3;
	a = th_get(t, ana);
	free(old);
	old = xstrdup(a->pwhash);
	account_free(a);
	assert_int_equal(auth_password(t->db, &newer, "ana", TH_PASSWORD2,
	    TH_SOURCE, &id), AUTH_FAIL);
	a = th_get(t, ana);
	assert_string_equal(a->pwhash, old);
	account_free(a);
	free(old);
}

/* No delay at first, then base, doubling up to the cap. */
static void
test_throttle_delay_doubles_to_cap(void **state)
{
	struct th	*t = *state;
	struct conf	 c = *t->conf;

	c.throttle_base_ms = 250;
	c.throttle_max_ms = 30000;
	assert_int_equal(auth_throttle_delay_ms(&c, -1), 0);
	assert_int_equal(auth_throttle_delay_ms(&c, 0), 0);
	assert_int_equal(auth_throttle_delay_ms(&c, 1), 250);
	assert_int_equal(auth_throttle_delay_ms(&c, 2), 500);
	assert_int_equal(auth_throttle_delay_ms(&c, 3), 1000);
	assert_int_equal(auth_throttle_delay_ms(&c, 7), 16000);
	assert_int_equal(auth_throttle_delay_ms(&c, 8), 30000);
	assert_int_equal(auth_throttle_delay_ms(&c, 9), 30000);
	assert_int_equal(auth_throttle_delay_ms(&c, 100), 30000);
	assert_int_equal(auth_throttle_delay_ms(&c, 101), 30000);
	assert_int_equal(auth_throttle_delay_ms(&c, INT_MAX), 30000);

	/* The cap is reached exactly, and never passed. */
	c.throttle_max_ms = 2000;
	assert_int_equal(auth_throttle_delay_ms(&c, 4), 2000);
	assert_int_equal(auth_throttle_delay_ms(&c, 5), 2000);
	/* A base above the cap is cut to the cap. */
	c.throttle_base_ms = 5000;
	assert_int_equal(auth_throttle_delay_ms(&c, 1), 2000);
	/* Large settings do not overflow. */
	c.throttle_base_ms = INT_MAX / 2 + 1;
	c.throttle_max_ms = INT_MAX;
	assert_int_equal(auth_throttle_delay_ms(&c, 100), INT_MAX);
}

/* The delay owed is the larger of the name's and the source's. */
static void
test_pending_delay_takes_larger(void **state)
{
	struct th	*t = *state;
	struct conf	 c = *t->conf;
	int64_t		 now = db_now();

	c.throttle_base_ms = 100;
	c.throttle_max_ms = 100000;
	assert_int_equal(auth_pending_delay_ms(t->db, &c, "ana", TH_SOURCE),
	    0);
	fail_n(t, "user:ana", 3, now);
	fail_n(t, "ip:" TH_SOURCE, 1, now);
	assert_int_equal(auth_pending_delay_ms(t->db, &c, "ana", TH_SOURCE),
	    400);
	assert_int_equal(auth_pending_delay_ms(t->db, &c, "ANA",
	    OTHER_SOURCE), 400);
	assert_int_equal(auth_pending_delay_ms(t->db, &c, "bruno", TH_SOURCE),
	    100);
	fail_n(t, "ip:" TH_SOURCE, 4, now);
	assert_int_equal(auth_pending_delay_ms(t->db, &c, "ana", TH_SOURCE),
	    1600);
	assert_int_equal(auth_pending_delay_ms(t->db, &c, "bruno",
	    OTHER_SOURCE), 0);

	/* Failures older than a day have lapsed. */
	fail_n(t, "user:carla", 5, now - 86400 - 60);
	assert_int_equal(auth_pending_delay_ms(t->db, &c, "carla",
	    OTHER_SOURCE), 0);
	fail_n(t, "user:dora", 5, now - 86400 + 60);
	assert_int_equal(auth_pending_delay_ms(t->db, &c, "dora",
	    OTHER_SOURCE), 1600);
}

/* A registered key logs its own account in: probe, then signature. */
static void
test_pubkey_own_account_ok(void **state)
{
	struct th		*t = *state;
	struct audit_entry	*e;
	int64_t			 ana, id = -1;

	ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	add_key(t, ana, ANA_FP);
	fail_n(t, "user:ana", 2, db_now());

	assert_int_equal(key(t, "ana", ANA_FP, false, &id), AUTH_OK);
	assert_int_equal(id, 0);
	assert_int_equal(th_audit_count(t), 0);
	assert_int_equal(th_throttle(t, "user:ana"), 2);

	assert_int_equal(key(t, "Ana", ANA_FP, true, &id), AUTH_OK);
	assert_int_equal(id, ana);
	assert_int_equal(th_throttle(t, "user:ana"), 0);
	e = th_audit_last(t);
	assert_string_equal(e->action, "login");
	assert_true(e->allowed);
	assert_int_equal(e->actor_id, ana);
	assert_string_equal(e->detail, "publickey");
	audit_entry_free(e);
}

/*
 * Someone else's key never logs in as another name, and the failure is
 * charged to the name tried, not to the key's owner.
 */
static void
test_pubkey_for_another_user_fails(void **state)
{
	struct th	*t = *state;
	int64_t		 ana, bruno, id = -1;

	ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	bruno = th_account(t, "bruno", ROLE_PATIENT, NULL);
	add_key(t, ana, ANA_FP);

	assert_int_equal(key(t, "bruno", ANA_FP, false, &id), AUTH_FAIL);
	assert_int_equal(th_audit_count(t), 0);
	assert_int_equal(key(t, "bruno", ANA_FP, true, &id), AUTH_FAIL);
	assert_int_equal(id, 0);
	assert_int_equal(th_throttle(t, "user:bruno"), 1);
	assert_int_equal(th_throttle(t, "user:ana"), 0);
	assert_int_equal(th_throttle(t, "ip:" TH_SOURCE), 1);
	assert_int_equal(failed_logins(t, ana), 0);
	assert_int_equal(failed_logins(t, bruno), 1);
	assert_failure_row(t, bruno, "bruno", "patient",
	    "publickey: key not registered");

	/* And for a name nobody has. */
	assert_int_equal(key(t, "carla", ANA_FP, true, &id), AUTH_FAIL);
	assert_failure_row(t, 0, "carla", "unknown",
	    "publickey: key not registered");
	assert_int_equal(failed_logins(t, ana), 0);
}

/* A disabled account's key does not log in. */
static void
test_pubkey_disabled_account_fails(void **state)
{
	struct th	*t = *state;
	int64_t		 ana, id = -1;

	ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	add_key(t, ana, ANA_FP);
	set_disabled(t, ana, true);
	assert_int_equal(key(t, "ana", ANA_FP, false, &id), AUTH_FAIL);
	assert_int_equal(key(t, "ana", ANA_FP, true, &id), AUTH_FAIL);
	assert_int_equal(id, 0);
	assert_int_equal(th_throttle(t, "user:ana"), 1);
	assert_failure_row(t, ana, "ana", "patient",
	    "publickey: account disabled");
}

/* An unknown key fails; a probe leaves no trace, a signature does. */
static void
test_pubkey_unknown_fingerprint_fails(void **state)
{
	struct th	*t = *state;
	int64_t		 ana, id = -1;

	ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	add_key(t, ana, ANA_FP);
	assert_int_equal(key(t, "ana", "SHA256:someone-else", false, &id),
	    AUTH_FAIL);
	assert_int_equal(th_audit_count(t), 0);
	assert_int_equal(th_throttle(t, "user:ana"), 0);
	assert_int_equal(key(t, "ana", "SHA256:someone-else", true, &id),
	    AUTH_FAIL);
	assert_int_equal(id, 0);
	assert_int_equal(th_throttle(t, "user:ana"), 1);
	assert_int_equal(failed_logins(t, ana), 1);
	assert_failure_row(t, ana, "ana", "patient",
	    "publickey: key not registered");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_setup, th_teardown)
		T(test_password_ok),
		T(test_staff_login_names_no_patient),
		T(test_wrong_password_fails_and_counts),
		T(test_unknown_user_fails_and_counts),
		T(test_unknown_user_name_truncated_to_64),
		T(test_unknown_user_name_is_sanitised),
		T(test_disabled_account_fails),
		T(test_success_resets_throttle),
		T(test_rehash_when_limits_change),
		T(test_throttle_delay_doubles_to_cap),
		T(test_pending_delay_takes_larger),
		T(test_pubkey_own_account_ok),
		T(test_pubkey_for_another_user_fails),
		T(test_pubkey_disabled_account_fails),
		T(test_pubkey_unknown_fingerprint_fails),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
