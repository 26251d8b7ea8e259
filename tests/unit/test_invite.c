/*
 * test_invite.c: invite codes, who may make them and who may list them.
 *
 * roles.md: professionals invite patients and expert patients, admins (and
 * the local operator) invite any role, nobody else invites.  Codes are
 * stored only as hashes.
 */
#include <ctype.h>
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

#define ALPHABET	"ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#define HOUR		3600
#define NCODES		64

/* The people of these tests. */
struct people {
	struct actor	admin, pro, pro2, patient, expert, moderator,
			researcher, op;
};

static struct people
people(struct th *t)
{
	struct people	p;

	p.admin = th_actor(th_account(t, "adela", ROLE_ADMIN, NULL),
	    ROLE_ADMIN, "adela");
	p.pro = th_actor(th_account(t, "Dr.Pau", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "Dr.Pau");
	p.pro2 = th_actor(th_account(t, "Dr.Rita", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "Dr.Rita");
	p.patient = th_actor(th_account(t, "ana", ROLE_PATIENT, NULL),
	    ROLE_PATIENT, "ana");
	p.expert = th_actor(th_account(t, "berta", ROLE_EXPERT, NULL),
	    ROLE_EXPERT, "berta");
	p.moderator = th_actor(th_account(t, "mod", ROLE_MODERATOR, NULL),
	    ROLE_MODERATOR, "mod");
	p.researcher = th_actor(th_account(t, "rex", ROLE_RESEARCHER, NULL),
	    ROLE_RESEARCHER, "rex");
	p.op = th_operator();
	return p;
}

/* norm normalises in and returns whether it was accepted. */
static bool
norm(const char *in, char out[16])
{
	memset(out, 'x', 16);
	return invite_code_normalise(in, out, 16);
}

/* invites_total counts every invite, seen as the operator. */
static size_t
invites_total(struct th *t)
{
	struct invite	**list;
	struct actor	  op = th_operator();
	size_t		  n;

	assert_int_equal(invite_list(t->db, &op, &list, &n), ST_OK);
	invites_free_list(list, n);
	return n;
}

/* create makes an invite for role valid a day; returns the status. */
static int
create(struct th *t, const struct actor *a, int role)
{
	char	code[INVITE_CODE_LEN + 1];
	int64_t	id = 0;

	return invite_create(t->db, a, role, 24 * HOUR, code, &id);
}

/* Case, dashes and spaces do not matter. */
static void
test_normalise_ignores_case_dashes_and_spaces(void **state)
{
	char	out[16];

	(void)state;
	assert_true(norm("ABCD-EFGH-JKLM", out));
	assert_string_equal(out, "ABCDEFGHJKLM");
	assert_true(norm("abcd efgh jklm", out));
	assert_string_equal(out, "ABCDEFGHJKLM");
	assert_true(norm("  aBcD--eFgH - jKlM ", out));
	assert_string_equal(out, "ABCDEFGHJKLM");
	assert_true(norm("XYZ2-3456-789A", out));
	assert_string_equal(out, "XYZ23456789A");
}

/* Exactly twelve characters: eleven or thirteen are not a code. */
static void
test_normalise_refuses_wrong_length(void **state)
{
	char	out[16];

	(void)state;
	assert_false(norm("", out));
	assert_false(norm("----", out));
	assert_false(norm("ABCD-EFGH-JKL", out));
	assert_false(norm("ABCD-EFGH-JKLMN", out));
	assert_false(norm("ABCD-EFGH-JKLM-ABCD-EFGH-JKLM", out));
	/* An output buffer without room for twelve and a NUL is refused. */
	assert_false(invite_code_normalise("ABCD-EFGH-JKLM", out, 12));
	assert_true(invite_code_normalise("ABCD-EFGH-JKLM", out, 13));
}

/* I, O, 0 and 1 are never part of a code, in either case. */
static void
test_normalise_refuses_look_alikes(void **state)
{
	char	out[16];

	(void)state;
	assert_false(norm("ABCD-EFGH-JKLI", out));
	assert_false(norm("ABCD-EFGH-JKLi", out));
	assert_false(norm("ABCD-EFGH-JKLO", out));
	assert_false(norm("ABCD-EFGH-JKLo", out));
	assert_false(norm("ABCD-EFGH-JKL0", out));
	assert_false(norm("ABCD-EFGH-JKL1", out));
	/* Nor anything outside the alphabet. */
	assert_false(norm("ABCD_EFGH_JKLM", out));
	assert_false(norm("ABCD\tEFGH\tJKLM", out));
	assert_false(norm("ÁBCD-EFGH-JKLM", out));
	assert_false(norm("ABCD-EFGH-JKL\xff", out));
}

/* Every generated code is XXXX-XXXX-XXXX from the alphabet, and new. */
static void
test_generated_codes_have_format_and_differ(void **state)
{
	struct th	*t = *state;
	struct actor	 op = th_operator();
	char		 codes[NCODES][INVITE_CODE_LEN + 1], out[16];
	int64_t		 id;
	int		 i, j, k;

	for (i = 0; i < NCODES; i++) {
		assert_int_equal(invite_create(t->db, &op, ROLE_PATIENT,
		    24 * HOUR, codes[i], &id), ST_OK);
		assert_int_equal(strlen(codes[i]), INVITE_CODE_LEN);
		for (k = 0; k < INVITE_CODE_LEN; k++) {
			if (k == 4 || k == 9)
				assert_int_equal(codes[i][k], '-');
			else
				assert_non_null(strchr(ALPHABET, codes[i][k]));
		}
		assert_true(norm(codes[i], out));
		for (j = 0; j < i; j++)
			assert_string_not_equal(codes[i], codes[j]);
	}
}

/* An admin invites any role; so does the local operator. */
static void
test_admin_and_operator_invite_any_role(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	int		 role;

	for (role = 0; role < ROLE_COUNT; role++) {
		assert_int_equal(create(t, &p.admin, role), ST_OK);
		assert_int_equal(create(t, &p.op, role), ST_OK);
	}
	assert_int_equal(invites_total(t), 2 * ROLE_COUNT);
}

/* A professional invites patients and expert patients, nobody else. */
static void
test_professional_invites_patients_only(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	size_t		 audits;

	assert_int_equal(create(t, &p.pro, ROLE_PATIENT), ST_OK);
	assert_int_equal(create(t, &p.pro, ROLE_EXPERT), ST_OK);
	audits = th_audit_count(t);
	assert_int_equal(create(t, &p.pro, ROLE_PROFESSIONAL), ST_DENIED);
	assert_int_equal(create(t, &p.pro, ROLE_MODERATOR), ST_DENIED);
	assert_int_equal(create(t, &p.pro, ROLE_ADMIN), ST_DENIED);
	assert_int_equal(create(t, &p.pro, ROLE_RESEARCHER), ST_DENIED);
	assert_int_equal(invites_total(t), 2);
	assert_int_equal(th_audit_count(t), audits);
}

/* Patients, expert patients, moderators and researchers invite nobody. */
static void
test_other_roles_are_denied(void **state)
{
	struct th		*t = *state;
	struct people		 p = people(t);
	const struct actor	*who[] = { &p.patient, &p.expert,
				    &p.moderator, &p.researcher };
	size_t			 i;
	int			 role;

	for (i = 0; i < sizeof who / sizeof who[0]; i++)
		for (role = 0; role < ROLE_COUNT; role++)
			assert_int_equal(create(t, who[i], role), ST_DENIED);
	assert_int_equal(invites_total(t), 0);
	assert_int_equal(th_audit_count(t), 0);
}

/* A role that does not exist is invalid, whoever asks. */
static void
test_unknown_role_is_invalid(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);

	assert_int_equal(create(t, &p.admin, -1), ST_INVALID);
	assert_int_equal(create(t, &p.admin, ROLE_COUNT), ST_INVALID);
	assert_int_equal(create(t, &p.op, ROLE_COUNT), ST_INVALID);
	assert_int_equal(invites_total(t), 0);
}

/* An invite lasts between one hour and ninety days, both included. */
static void
test_expiry_bounds(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	struct invite	**list;
	char		 code[INVITE_CODE_LEN + 1];
	int64_t		 id, before, after;
	size_t		 n;

	assert_int_equal(invite_create(t->db, &p.pro, ROLE_PATIENT, HOUR - 1,
	    code, &id), ST_INVALID);
	assert_int_equal(invite_create(t->db, &p.pro, ROLE_PATIENT, 0,
	    code, &id), ST_INVALID);
	assert_int_equal(invite_create(t->db, &p.pro, ROLE_PATIENT, -HOUR,
	    code, &id), ST_INVALID);
	assert_int_equal(invite_create(t->db, &p.pro, ROLE_PATIENT,
	    INVITE_MAX_EXPIRY + 1, code, &id), ST_INVALID);
	assert_int_equal(invites_total(t), 0);

	before = db_now();
	assert_int_equal(invite_create(t->db, &p.pro, ROLE_PATIENT, HOUR,
	    code, &id), ST_OK);
	assert_int_equal(invite_create(t->db, &p.pro, ROLE_PATIENT,
	    90 * 86400, code, &id), ST_OK);
	after = db_now();
	assert_int_equal(invite_list(t->db, &p.pro, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_in_range(list[1]->expires_at, before + HOUR, after + HOUR);
	assert_in_range(list[0]->expires_at, before + 90 * 86400,
	    after + 90 * 86400);
	invites_free_list(list, n);
}

/* Each invite made writes one audit row naming its maker. */
static void
test_creation_is_audited(void **state)
{
	struct th		*t = *state;
	struct people		 p = people(t);
	struct audit_entry	*e;
	char			 code[INVITE_CODE_LEN + 1];
	int64_t			 id = 0;

	assert_int_equal(invite_create(t->db, &p.pro, ROLE_EXPERT, 48 * HOUR,
	    code, &id), ST_OK);
	assert_int_equal(th_audit_count(t), 1);
	e = th_audit_last(t);
	assert_string_equal(e->action, "invite.create");
	assert_string_equal(e->object_type, "invite");
	assert_int_equal(e->object_id, id);
	assert_int_equal(e->actor_id, p.pro.id);
	assert_string_equal(e->actor_name, "Dr.Pau");
	assert_string_equal(e->actor_role, "professional");
	assert_string_equal(e->detail, "role expert, valid 48 h");
	assert_non_null(e->source);
	assert_string_equal(e->source, TH_SOURCE);
	assert_true(e->allowed);
	/* The code itself is never written to the audit trail. */
	assert_null(strstr(e->detail, code));
	audit_entry_free(e);

	assert_int_equal(create(t, &p.op, ROLE_ADMIN), ST_OK);
	assert_int_equal(th_audit_count(t), 2);
	e = th_audit_last(t);
	assert_string_equal(e->actor_role, "operator");
	assert_int_equal(e->actor_id, 0);
	audit_entry_free(e);
}

/* Only a hash is stored; the code, typed any way, finds it. */
static void
test_stored_hash_is_not_the_code(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	struct invite	*inv = NULL;
	sqlite3		*sq;
	char		 code[INVITE_CODE_LEN + 1], canon[16], hash[65];
	char		 typed[INVITE_CODE_LEN + 4], *stored, *sql;
	int64_t		 id = 0;
	size_t		 i, o;

	assert_int_equal(invite_create(t->db, &p.admin, ROLE_PATIENT,
	    24 * HOUR, code, &id), ST_OK);
	assert_true(norm(code, canon));
	invite_code_hash(code, hash, sizeof hash);
	assert_int_equal(strlen(hash), 64);

	sq = th_raw(t);
	xasprintf(&sql, "SELECT code_hash FROM invites WHERE id = %lld",
	    (long long)id);
	stored = th_raw_text(sq, sql);
	free(sql);
	assert_non_null(stored);
	assert_string_equal(stored, hash);
	assert_null(strstr(stored, canon));
	assert_string_not_equal(stored, code);
	free(stored);
	/* No column of the table holds the code or its last eight letters. */
	xasprintf(&sql, "SELECT count(*) FROM invites WHERE "
	    "instr(upper(code_hash || hint), '%s') OR "
	    "instr(upper(code_hash || hint), '%s')", canon, canon + 4);
	stored = th_raw_text(sq, sql);
	free(sql);
	assert_string_equal(stored, "0");
	free(stored);
	sqlite3_close(sq);

	/* Lower case with spaces, as someone might type it. */
	for (i = o = 0; code[i] != '\0'; i++)
		typed[o++] = code[i] == '-' ? ' ' :
		    (char)tolower((unsigned char)code[i]);
	typed[o] = '\0';
	invite_code_hash(typed, hash, sizeof hash);
	assert_int_equal(invites_find(t->db, hash, &inv), ST_OK);
	assert_int_equal(inv->id, id);
	assert_int_equal(inv->role, ROLE_PATIENT);
	assert_int_equal(strncmp(inv->hint, code, 4), 0);
	invite_free(inv);

	/* Garbage hashes to something that finds nothing. */
	invite_code_hash("not a code", hash, sizeof hash);
	assert_int_equal(invites_find(t->db, hash, &inv), ST_NOTFOUND);
}

/* An admin sees every invite, a professional only their own. */
static void
test_list_admin_all_professional_own(void **state)
{
	struct th	 *t = *state;
	struct people	  p = people(t);
	struct invite	**list;
	size_t		  n, i;

	assert_int_equal(create(t, &p.pro, ROLE_PATIENT), ST_OK);
	assert_int_equal(create(t, &p.pro, ROLE_EXPERT), ST_OK);
	assert_int_equal(create(t, &p.pro2, ROLE_PATIENT), ST_OK);
	assert_int_equal(create(t, &p.admin, ROLE_MODERATOR), ST_OK);
	assert_int_equal(create(t, &p.op, ROLE_ADMIN), ST_OK);

	assert_int_equal(invite_list(t->db, &p.admin, &list, &n), ST_OK);
	assert_int_equal(n, 5);
	invites_free_list(list, n);
	assert_int_equal(invite_list(t->db, &p.op, &list, &n), ST_OK);
	assert_int_equal(n, 5);
	invites_free_list(list, n);

	assert_int_equal(invite_list(t->db, &p.pro, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		assert_int_equal(list[i]->created_by, p.pro.id);
		assert_string_equal(list[i]->created_by_name, "Dr.Pau");
	}
	invites_free_list(list, n);
	assert_int_equal(invite_list(t->db, &p.pro2, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0]->created_by, p.pro2.id);
	invites_free_list(list, n);
}

/* Nobody else may list invites. */
static void
test_list_denied_to_others(void **state)
{
	struct th		 *t = *state;
	struct people		  p = people(t);
	const struct actor	 *who[] = { &p.patient, &p.expert,
				     &p.moderator, &p.researcher };
	struct invite		**list = (struct invite **)1;
	size_t			  n = 99, i;

	assert_int_equal(create(t, &p.admin, ROLE_PATIENT), ST_OK);
	for (i = 0; i < sizeof who / sizeof who[0]; i++) {
		assert_int_equal(invite_list(t->db, who[i], &list, &n),
		    ST_DENIED);
		assert_null(list);
		assert_int_equal(n, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_setup, th_teardown)
		cmocka_unit_test(test_normalise_ignores_case_dashes_and_spaces),
		cmocka_unit_test(test_normalise_refuses_wrong_length),
		cmocka_unit_test(test_normalise_refuses_look_alikes),
		T(test_generated_codes_have_format_and_differ),
		T(test_admin_and_operator_invite_any_role),
		T(test_professional_invites_patients_only),
		T(test_other_roles_are_denied),
		T(test_unknown_role_is_invalid),
		T(test_expiry_bounds),
		T(test_creation_is_audited),
		T(test_stored_hash_is_not_the_code),
		T(test_list_admin_all_professional_own),
		T(test_list_denied_to_others),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
