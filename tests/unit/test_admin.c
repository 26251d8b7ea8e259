/*
 * test_admin.c: account administration.
 *
 * roles.md: only the admin (and the local operator) changes roles,
 * disables accounts, resets passwords and reads the audit log.  Every
 * change is audited with who, what, which patient; a refusal changes
 * nothing, not even the audit trail.
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

/* The people of these tests; ana is the patient acted upon. */
struct people {
	struct actor	admin, patient, expert, pro, moderator, researcher,
			op;
	int64_t		ana;
};

static struct people
people(struct th *t)
{
	struct people	p;

	p.admin = th_actor(th_account(t, "adela", ROLE_ADMIN, NULL),
	    ROLE_ADMIN, "adela");
	p.ana = th_account(t, "ana", ROLE_PATIENT, NULL);
	p.patient = th_actor(p.ana, ROLE_PATIENT, "ana");
	p.expert = th_actor(th_account(t, "berta", ROLE_EXPERT, NULL),
	    ROLE_EXPERT, "berta");
	p.pro = th_actor(th_account(t, "Dr.Pau", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "Dr.Pau");
	p.moderator = th_actor(th_account(t, "mod", ROLE_MODERATOR, NULL),
	    ROLE_MODERATOR, "mod");
	p.researcher = th_actor(th_account(t, "rex", ROLE_RESEARCHER, NULL),
	    ROLE_RESEARCHER, "rex");
	p.op = th_operator();
	return p;
}

/* count_accounts counts every account. */
static int64_t
count_accounts(struct th *t)
{
	int64_t	n;

	assert_int_equal(accounts_count(t->db, &n), ST_OK);
	return n;
}

/* assert_same_account checks that nothing about an account changed. */
static void
assert_same_account(struct th *t, const struct account *before)
{
	struct account	*a;

	a = th_get(t, before->id);
	assert_string_equal(a->pseudonym, before->pseudonym);
	assert_int_equal(a->role, before->role);
	assert_int_equal(a->disabled, before->disabled);
	assert_string_equal(a->pwhash, before->pwhash);
	assert_int_equal(a->must_change_password, before->must_change_password);
	account_free(a);
}

/* Patients, experts, professionals, moderators, researchers: all denied. */
static void
test_every_function_denies_non_admins(void **state)
{
	struct th		 *t = *state;
	struct people		  p = people(t);
	const struct actor	 *who[] = { &p.patient, &p.expert, &p.pro,
				     &p.moderator, &p.researcher };
	struct account		 *before, **list, *one;
	struct audit_entry	**audit;
	char			 *otp, *msg;
	int64_t			  accounts, id;
	size_t			  audits, i, n;

	before = th_get(t, p.ana);
	accounts = count_accounts(t);
	audits = th_audit_count(t);
	for (i = 0; i < sizeof who / sizeof who[0]; i++) {
		list = (struct account **)1;
		assert_int_equal(admin_list_accounts(t->db, who[i], NULL,
		    &list, &n), ST_DENIED);
		assert_null(list);
		assert_int_equal(n, 0);
		one = (struct account *)1;
		assert_int_equal(admin_get_account(t->db, who[i], p.ana, &one),
		    ST_DENIED);
		assert_null(one);
		assert_int_equal(admin_set_role(t->db, who[i], p.ana,
		    ROLE_ADMIN), ST_DENIED);
		assert_int_equal(admin_set_disabled(t->db, who[i], p.ana, true,
		    "because"), ST_DENIED);
		assert_int_equal(admin_set_disabled(t->db, who[i], p.ana, false,
		    NULL), ST_DENIED);
		otp = (char *)1;
		assert_int_equal(admin_reset_password(t->db, t->conf, who[i],
		    p.ana, &otp), ST_DENIED);
		assert_null(otp);
		msg = (char *)1;
		assert_int_equal(admin_create_account(t->db, t->conf, who[i],
		    "newcomer", ROLE_ADMIN, NULL, true, &id, &msg), ST_DENIED);
		assert_null(msg);
		assert_int_equal(id, 0);
		audit = (struct audit_entry **)1;
		assert_int_equal(admin_audit_list(t->db, who[i], 0, 0, 100,
		    &audit, &n), ST_DENIED);
		assert_null(audit);
		assert_int_equal(n, 0);
	}
	assert_same_account(t, before);
	account_free(before);
	assert_int_equal(count_accounts(t), accounts);
	assert_int_equal(th_audit_count(t), audits);
}

/* An admin cannot lock themself out by mistake. */
static void
test_admin_cannot_change_self(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	struct account	*before;
	char		*otp = (char *)1;

	before = th_get(t, p.admin.id);
	assert_int_equal(admin_set_role(t->db, &p.admin, p.admin.id,
	    ROLE_PATIENT), ST_INVALID);
	assert_int_equal(admin_set_disabled(t->db, &p.admin, p.admin.id, true,
	    "leaving"), ST_INVALID);
	assert_int_equal(admin_reset_password(t->db, t->conf, &p.admin,
	    p.admin.id, &otp), ST_INVALID);
	assert_null(otp);
	assert_same_account(t, before);
	account_free(before);
	assert_int_equal(th_audit_count(t), 0);
}

/* A role change is audited with actor, action, object and patient. */
static void
test_set_role_is_audited(void **state)
{
	struct th		*t = *state;
	struct people		 p = people(t);
	struct audit_entry	*e;
	struct account		*a;

	assert_int_equal(admin_set_role(t->db, &p.admin, p.ana, ROLE_EXPERT),
	    ST_OK);
	a = th_get(t, p.ana);
	assert_int_equal(a->role, ROLE_EXPERT);
	account_free(a);
	e = th_audit_last(t);
	assert_int_equal(e->actor_id, p.admin.id);
	assert_string_equal(e->actor_name, "adela");
	assert_string_equal(e->actor_role, "admin");
	assert_string_equal(e->action, "account.role");
	assert_string_equal(e->object_type, "account");
	assert_int_equal(e->object_id, p.ana);
	assert_string_equal(e->patient, "ana");
	assert_string_equal(e->detail, "role expert");
	assert_string_equal(e->source, TH_SOURCE);
	assert_true(e->allowed);
	audit_entry_free(e);

	/* A staff member's account names no patient. */
	assert_int_equal(admin_set_role(t->db, &p.admin, p.moderator.id,
	    ROLE_PROFESSIONAL), ST_OK);
	e = th_audit_last(t);
	assert_int_equal(e->object_id, p.moderator.id);
	assert_null(e->patient);
	assert_string_equal(e->detail, "role professional");
	audit_entry_free(e);
	assert_int_equal(th_audit_count(t), 2);
}

/* No such role, no such account: refused, not audited. */
static void
test_set_role_refusals(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);

	assert_int_equal(admin_set_role(t->db, &p.admin, p.ana, -1),
	    ST_INVALID);
	assert_int_equal(admin_set_role(t->db, &p.admin, p.ana, ROLE_COUNT),
	    ST_INVALID);
	assert_int_equal(admin_set_role(t->db, &p.admin, p.ana + 1000,
	    ROLE_EXPERT), ST_NOTFOUND);
	assert_int_equal(admin_set_disabled(t->db, &p.admin, p.ana + 1000,
	    true, "gone"), ST_NOTFOUND);
	assert_int_equal(th_audit_count(t), 0);
}

/* Disabling takes a reason; a reason that sanitises to nothing is none. */
static void
test_disable_requires_reason(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	struct account	*a;

	assert_int_equal(admin_set_disabled(t->db, &p.admin, p.ana, true,
	    NULL), ST_INVALID);
	assert_int_equal(admin_set_disabled(t->db, &p.admin, p.ana, true, ""),
	    ST_INVALID);
	assert_int_equal(admin_set_disabled(t->db, &p.admin, p.ana, true,
	    "\x1b\x07\x7f"), ST_INVALID);
	a = th_get(t, p.ana);
	assert_false(a->disabled);
	account_free(a);
	assert_int_equal(th_audit_count(t), 0);
}

/* The reason is stored sanitised as the audit detail. */
static void
test_disable_stores_sanitised_reason(void **state)
{
	struct th		*t = *state;
	struct people		 p = people(t);
	struct audit_entry	*e;
	struct account		*a;
	const char		*reason = "spam \x1b[31mlinks\x1b]0;pwned\x07 "
				    "\xc2\x9b" "2J\r\nagain";
	char			*clean, *lines, *nl;

	assert_int_equal(admin_set_disabled(t->db, &p.admin, p.ana, true,
	    reason), ST_OK);
	a = th_get(t, p.ana);
	assert_true(a->disabled);
	account_free(a);
	e = th_audit_last(t);
	assert_string_equal(e->action, "account.disable");
	assert_int_equal(e->object_id, p.ana);
	assert_string_equal(e->patient, "ana");
	assert_non_null(e->detail);
	/* A reason may have lines; nothing else that moves the cursor. */
	lines = xstrdup(e->detail);
	for (nl = lines; (nl = strchr(nl, '\n')) != NULL; nl++)
		*nl = ' ';
	assert_false(th_has_control(lines));
	free(lines);
	assert_null(strchr(e->detail, '\x1b'));
	assert_null(strchr(e->detail, '\x07'));
	assert_null(strchr(e->detail, '\r'));
	assert_null(strstr(e->detail, "\xc2\x9b"));
	assert_non_null(strstr(e->detail, "spam"));
	assert_non_null(strstr(e->detail, "again"));
	clean = text_sanitise(reason, true);
	assert_string_equal(e->detail, clean);
	free(clean);
	audit_entry_free(e);

	/* Enabling needs no reason. */
	assert_int_equal(admin_set_disabled(t->db, &p.admin, p.ana, false,
	    NULL), ST_OK);
	a = th_get(t, p.ana);
	assert_false(a->disabled);
	account_free(a);
	e = th_audit_last(t);
	assert_string_equal(e->action, "account.enable");
	assert_null(e->detail);
	audit_entry_free(e);
}

/* A reason is at most ADMIN_REASON_MAX characters, not bytes. */
static void
test_disable_reason_length(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	char		*reason;
	size_t		 i;

	reason = xmalloc(2 * (ADMIN_REASON_MAX + 1) + 1);
	for (i = 0; i < ADMIN_REASON_MAX + 1; i++)
		memcpy(reason + 2 * i, "é", 2);
	reason[2 * (ADMIN_REASON_MAX + 1)] = '\0';
	assert_int_equal(admin_set_disabled(t->db, &p.admin, p.ana, true,
	    reason), ST_INVALID);
	reason[2 * ADMIN_REASON_MAX] = '\0';
	assert_int_equal(admin_set_disabled(t->db, &p.admin, p.ana, true,
	    reason), ST_OK);
	free(reason);
	assert_int_equal(th_audit_count(t), 1);
}

/* A reset gives a one-time password that works once set. */
static void
test_reset_password_gives_otp(void **state)
{
	struct th		*t = *state;
	struct people		 p = people(t);
	struct audit_entry	*e;
	struct account		*a;
	char			*otp = NULL;

	assert_int_equal(admin_reset_password(t->db, t->conf, &p.admin, p.ana,
	    &otp), ST_OK);
	assert_non_null(otp);
	assert_true(strlen(otp) >= 15);
	a = th_get(t, p.ana);
	assert_true(a->must_change_password);
	assert_true(password_verify(a->pwhash, otp));
	assert_false(password_verify(a->pwhash, TH_PASSWORD));
	account_free(a);

	e = th_audit_last(t);
	assert_string_equal(e->action, "account.password-reset");
	assert_int_equal(e->object_id, p.ana);
	assert_string_equal(e->patient, "ana");
	assert_null(e->detail);
	audit_entry_free(e);
	free(otp);

	otp = (char *)1;
	assert_int_equal(admin_reset_password(t->db, t->conf, &p.admin,
	    p.ana + 1000, &otp), ST_NOTFOUND);
	assert_null(otp);
	assert_int_equal(th_audit_count(t), 1);
}

/* Without a password, a new account gets a one-time one. */
static void
test_create_account_without_password_gives_otp(void **state)
{
	struct th		*t = *state;
	struct people		 p = people(t);
	struct audit_entry	*e;
	struct account		*a;
	char			*msg = NULL;
	int64_t			 id = 0;

	assert_int_equal(admin_create_account(t->db, t->conf, &p.admin,
	    "carla", ROLE_PATIENT, NULL, true, &id, &msg), ST_OK);
	assert_true(id > 0);
	assert_non_null(msg);
	a = th_get(t, id);
	assert_string_equal(a->pseudonym, "carla");
	assert_int_equal(a->role, ROLE_PATIENT);
	assert_true(a->must_change_password);
	assert_true(password_verify(a->pwhash, msg));
	account_free(a);
	e = th_audit_last(t);
	assert_string_equal(e->action, "account.create");
	assert_int_equal(e->object_id, id);
	assert_string_equal(e->patient, "carla");
	assert_string_equal(e->detail, "role patient");
	assert_null(strstr(e->detail, msg));
	audit_entry_free(e);
	free(msg);

	/* With a password, none is made and no change is forced. */
	msg = NULL;
	assert_int_equal(admin_create_account(t->db, t->conf, &p.admin,
	    "Dr.Rita", ROLE_PROFESSIONAL, TH_PASSWORD, true, &id, &msg),
	    ST_OK);
	assert_null(msg);
	a = th_get(t, id);
	assert_false(a->must_change_password);
	assert_true(password_verify(a->pwhash, TH_PASSWORD));
	account_free(a);
	e = th_audit_last(t);
	assert_null(e->patient);
	audit_entry_free(e);
}

/* Creation refuses bad names, taken names, bad roles and weak passwords. */
static void
test_create_account_refusals(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	char		*msg;
	int64_t		 id, before;
	size_t		 audits;

	before = count_accounts(t);
	audits = th_audit_count(t);
	assert_int_equal(admin_create_account(t->db, t->conf, &p.admin,
	    "a b", ROLE_PATIENT, NULL, true, &id, &msg), ST_INVALID);
	assert_non_null(msg);
	free(msg);
	assert_int_equal(admin_create_account(t->db, t->conf, &p.admin,
	    "root", ROLE_PATIENT, NULL, true, &id, &msg), ST_INVALID);
	free(msg);
	assert_int_equal(admin_create_account(t->db, t->conf, &p.admin,
	    "ANA", ROLE_PATIENT, NULL, true, &id, &msg), ST_EXISTS);
	assert_non_null(msg);
	free(msg);
	assert_int_equal(id, 0);
	assert_int_equal(admin_create_account(t->db, t->conf, &p.admin,
	    "carla", ROLE_COUNT, NULL, true, &id, &msg), ST_INVALID);
	assert_int_equal(admin_create_account(t->db, t->conf, &p.admin,
	    "carla", ROLE_PATIENT, "short", true, &id, &msg), ST_INVALID);
	assert_non_null(msg);
	free(msg);
	assert_int_equal(count_accounts(t), before);
	assert_int_equal(th_audit_count(t), audits);

	/* bbsctl may skip the policy on purpose (a demo, an import). */
	assert_int_equal(admin_create_account(t->db, t->conf, &p.admin,
	    "carla", ROLE_PATIENT, "short", false, &id, &msg), ST_OK);
	assert_null(msg);
	assert_int_equal(count_accounts(t), before + 1);
}

/* The local operator administers accounts and is named as such. */
static void
test_operator_is_allowed(void **state)
{
	struct th		 *t = *state;
	struct people		  p = people(t);
	struct audit_entry	 *e, **list;
	struct account		**accounts;
	char			 *otp = NULL;
	int64_t			  id;
	size_t			  n;

	assert_int_equal(admin_set_role(t->db, &p.op, p.admin.id,
	    ROLE_MODERATOR), ST_OK);
	e = th_audit_last(t);
	assert_int_equal(e->actor_id, 0);
	assert_string_equal(e->actor_role, "operator");
	assert_string_equal(e->source, "local");
	audit_entry_free(e);
	assert_int_equal(admin_set_disabled(t->db, &p.op, p.ana, true,
	    "asked by phone"), ST_OK);
	assert_int_equal(admin_reset_password(t->db, t->conf, &p.op, p.ana,
	    &otp), ST_OK);
	free(otp);
	assert_int_equal(admin_create_account(t->db, t->conf, &p.op, "newadm",
	    ROLE_ADMIN, NULL, true, &id, &otp), ST_OK);
	free(otp);
	assert_int_equal(admin_list_accounts(t->db, &p.op, "ad", &accounts,
	    &n), ST_OK);
	assert_int_equal(n, 2);	/* adela, newadm */
	accounts_free_list(accounts, n);
	assert_int_equal(admin_audit_list(t->db, &p.op, 0, 0, 100, &list, &n),
	    ST_OK);
	assert_int_equal(n, 4);
	audit_free_list(list, n);
}

/* An admin reads the audit log, all of it or one account's. */
static void
test_admin_reads_audit(void **state)
{
	struct th		 *t = *state;
	struct people		  p = people(t);
	struct audit_entry	**list;
	size_t			  n;

	assert_int_equal(admin_set_role(t->db, &p.admin, p.ana, ROLE_EXPERT),
	    ST_OK);
	assert_int_equal(admin_set_role(t->db, &p.admin, p.pro.id,
	    ROLE_MODERATOR), ST_OK);
	assert_int_equal(admin_audit_list(t->db, &p.admin, 0, 0, 100, &list,
	    &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0]->object_id, p.pro.id);
	audit_free_list(list, n);
	assert_int_equal(admin_audit_list(t->db, &p.admin, p.ana, 0, 100,
	    &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0]->object_id, p.ana);
	audit_free_list(list, n);
}

/* Listing and reading accounts work for an admin. */
static void
test_admin_lists_and_gets_accounts(void **state)
{
	struct th	 *t = *state;
	struct people	  p = people(t);
	struct account	**list, *a = NULL;
	size_t		  n;

	assert_int_equal(admin_list_accounts(t->db, &p.admin, NULL, &list,
	    &n), ST_OK);
	assert_int_equal(n, 6);
	accounts_free_list(list, n);
	assert_int_equal(admin_list_accounts(t->db, &p.admin, "D", &list,
	    &n), ST_OK);
	assert_int_equal(n, 3);	/* adela, Dr.Pau, mod */
	accounts_free_list(list, n);
	assert_int_equal(admin_get_account(t->db, &p.admin, p.ana, &a), ST_OK);
	assert_string_equal(a->pseudonym, "ana");
	account_free(a);
	assert_int_equal(admin_get_account(t->db, &p.admin, p.ana + 1000, &a),
	    ST_NOTFOUND);
	assert_null(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_setup, th_teardown)
		T(test_every_function_denies_non_admins),
		T(test_admin_cannot_change_self),
		T(test_set_role_is_audited),
		T(test_set_role_refusals),
		T(test_disable_requires_reason),
		T(test_disable_stores_sanitised_reason),
		T(test_disable_reason_length),
		T(test_reset_password_gives_otp),
		T(test_create_account_without_password_gives_otp),
		T(test_create_account_refusals),
		T(test_operator_is_allowed),
		T(test_admin_reads_audit),
		T(test_admin_lists_and_gets_accounts),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
