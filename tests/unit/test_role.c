/*
 * test_role.c: the permission table, walked cell by cell.
 *
 * The expectations below are the table of spec/roles.md typed again, cell
 * text and all, and read by a small interpreter of their own: they are not
 * a copy of role.c's table, so a slip in either shows up as a difference.
 * Every action is tried for every role against targets that vary every
 * field (owner, role, care, consent, unassigned) and against no target.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"

#define ACTOR_ID	42
#define OTHER_ID	7

/* One row of roles.md: the action and its cells, patient to researcher. */
struct spec_row {
	enum action	 action;
	const char	*what;
	const char	*cell[ROLE_COUNT];
};

static const struct spec_row spec[] = {
	{ ACT_BOARD_READ, "read community boards open to their role",
	    { "Y", "Y", "Y", "Y", "Y", "-" } },
	{ ACT_POST, "post and reply",
	    { "Y", "Y", "Y (shown with a role badge)", "Y (badge)",
	    "Y (badge)", "-" } },
	{ ACT_POST_EDIT, "edit or delete a post",
	    { "O", "O", "O", "O", "O", "-" } },
	{ ACT_POST_REPORT, "report a post",
	    { "Y", "Y", "Y", "Y", "Y", "-" } },
	{ ACT_MODERATE, "see the moderation queue, hide, restore, lock, move",
	    { "-", "-", "Y", "Y", "-", "-" } },
	{ ACT_SUSPEND_POSTING, "suspend a patient's posting for a period",
	    { "-", "-", "Y", "Y", "Y", "-" } },
	{ ACT_LIBRARY_WRITE, "write library articles",
	    { "-", "-", "Y", "-", "-", "-" } },
	{ ACT_LIBRARY_READ, "read library, search",
	    { "Y", "Y", "Y", "Y", "Y", "-" } },
	{ ACT_MESSAGE, "private messages",
	    { "with own care team", "with own care team",
	    "with any patient; with staff", "with staff", "with staff",
	    "-" } },
	{ ACT_MIRROR_REQUEST, "request a mirror experience",
	    { "Y", "Y", "-", "-", "-", "-" } },
	{ ACT_MIRROR_BE_EXPERT,
	    "be matched as the expert in a mirror experience",
	    { "-", "Y (if available)", "-", "-", "-", "-" } },
	{ ACT_MIRROR_MEDIATE, "match and mediate mirror experiences",
	    { "-", "-", "Y", "-", "-", "-" } },
	{ ACT_SELFHELP_DO,
	    "answer questionnaires, do self-help modules",
	    { "O", "O", "-", "-", "-", "-" } },
	{ ACT_RESULTS_SEE,
	    "see questionnaire results, charts, module answers",
	    { "O", "O", "C", "-", "-", "P (no free text)" } },
	{ ACT_ASSIGN_WORK, "assign questionnaires and modules",
	    { "-", "-", "C", "-", "-", "-" } },
	{ ACT_ALERTS, "see and handle risk alerts",
	    { "-", "-", "C (and any unassigned)", "-", "-", "-" } },
	{ ACT_ASSIGN_PATIENTS, "assign patients to professionals",
	    { "-", "-", "Y", "-", "Y", "-" } },
	{ ACT_INVITE_CREATE, "create invites",
	    { "-", "-", "patient, expert patient", "-", "any role", "-" } },
	{ ACT_ACCOUNT_ADMIN, "change roles, disable accounts, reset passwords",
	    { "-", "-", "-", "-", "Y", "-" } },
	{ ACT_AUDIT_READ, "read the audit log",
	    { "-", "-", "-", "-", "Y", "-" } },
	{ ACT_RESEARCH_EXPORT,
	    "export pseudonymised research data, aggregates",
	    { "-", "-", "-", "-", "-", "P" } },
	{ ACT_OWN_SETTINGS,
	    "manage own password, keys, language, research consent",
	    { "O", "O", "O", "O", "O", "O" } },
	/* From the admin's line in the list of roles: "boards". */
	{ ACT_BOARD_ADMIN, "create, edit, order and archive boards",
	    { "-", "-", "-", "-", "Y", "-" } },
};

#define SPEC_ROWS	(sizeof spec / sizeof spec[0])

/* What the operator (bbsctl) may do: run the service, nothing clinical. */
static const enum action operator_may[] = {
	ACT_ACCOUNT_ADMIN, ACT_INVITE_CREATE, ACT_AUDIT_READ,
	ACT_ASSIGN_PATIENTS
};

/* Targets: every combination of the fields, and no target at all. */
#define OWNERS		3
#define TROLES		(ROLE_COUNT + 2)
#define FIXTURES	(OWNERS * TROLES * 8)

static struct target	fixtures[FIXTURES];

/* make_fixtures fills fixtures with every combination of fields. */
static void
make_fixtures(void)
{
	static const int64_t	owners[OWNERS] = { ACTOR_ID, OTHER_ID, 0 };
	static const int	roles[TROLES] = { -1, ROLE_PATIENT,
				    ROLE_EXPERT, ROLE_PROFESSIONAL,
				    ROLE_MODERATOR, ROLE_ADMIN,
				    ROLE_RESEARCHER, 99 };
	size_t			n = 0;
	int			o, r, bits;

	for (o = 0; o < OWNERS; o++) {
		for (r = 0; r < TROLES; r++) {
			for (bits = 0; bits < 8; bits++) {
				fixtures[n].owner_id = owners[o];
				fixtures[n].role = roles[r];
				fixtures[n].in_care = (bits & 1) != 0;
				fixtures[n].research_consent = (bits & 2) != 0;
				fixtures[n].unassigned = (bits & 4) != 0;
				n++;
			}
		}
	}
}

/* is_one_of tells whether r is one of the n roles listed. */
static bool
is_one_of(int r, int n, ...)
{
	va_list	ap;
	bool	found = false;

	va_start(ap, n);
	while (n-- > 0) {
		if (va_arg(ap, int) == r)
			found = true;
	}
	va_end(ap);
	return found;
}

/* spec_allows reads one cell of roles.md for an actor and a target. */
static bool
spec_allows(const char *cell, const struct actor *a, const struct target *t)
{
	if (cell[0] == 'Y')
		return true;
	if (strcmp(cell, "-") == 0)
		return false;
	if (t == NULL)
		return false;
	if (strcmp(cell, "O") == 0)
		return t->owner_id == a->id;
	if (strcmp(cell, "C") == 0)
		return t->in_care;
	if (strcmp(cell, "C (and any unassigned)") == 0)
		return t->in_care || t->unassigned;
	if (cell[0] == 'P')
		return t->research_consent;
	if (strcmp(cell, "with own care team") == 0)
		/* Issue 6: with no care team, the shared inbox. */
		return (t->in_care || t->unassigned) &&
		    t->role == ROLE_PROFESSIONAL;
	if (strcmp(cell, "with any patient; with staff") == 0)
		return is_one_of(t->role, 5, ROLE_PATIENT, ROLE_EXPERT,
		    ROLE_PROFESSIONAL, ROLE_MODERATOR, ROLE_ADMIN);
	if (strcmp(cell, "with staff") == 0)
		return is_one_of(t->role, 3, ROLE_PROFESSIONAL,
		    ROLE_MODERATOR, ROLE_ADMIN);
	if (strcmp(cell, "patient, expert patient") == 0)
		return is_one_of(t->role, 2, ROLE_PATIENT, ROLE_EXPERT);
	if (strcmp(cell, "any role") == 0)
		return t->role >= 0 && t->role < ROLE_COUNT;
	fail_msg("a cell the test cannot read: \"%s\"", cell);
	return false;
}

/* check_one compares role_may with the expectation and names a mismatch. */
static void
check_one(const struct actor *a, enum action act, const struct target *t,
    bool want, const char *what)
{
	if (role_may(a, act, t) == want)
		return;
	if (t == NULL) {
		fail_msg("%s: %s%s, no target: want %s", what,
		    a->operator ? "operator as " : "", role_name(a->role),
		    want ? "allow" : "deny");
	}
	fail_msg("%s: %s%s, target owner %lld role %d care %d consent %d "
	    "unassigned %d: want %s", what, a->operator ? "operator as " : "",
	    role_name(a->role), (long long)t->owner_id, t->role, t->in_care,
	    t->research_consent, t->unassigned, want ? "allow" : "deny");
}

/* Each action in enum action has exactly one row in the spec table. */
static void
test_spec_covers_every_action(void **state)
{
	int	seen[ACT_COUNT];
	size_t	i;
	int	a;

	(void)state;
	memset(seen, 0, sizeof seen);
	for (i = 0; i < SPEC_ROWS; i++) {
		assert_in_range(spec[i].action, 0, ACT_COUNT - 1);
		seen[spec[i].action]++;
	}
	for (a = 0; a < ACT_COUNT; a++)
		assert_int_equal(seen[a], 1);
}

/* Every action, every role, every target agrees with roles.md. */
static void
test_matrix(void **state)
{
	struct actor	a;
	size_t		i, f;
	int		r;

	(void)state;
	make_fixtures();
	for (i = 0; i < SPEC_ROWS; i++) {
		for (r = 0; r < ROLE_COUNT; r++) {
			memset(&a, 0, sizeof a);
			a.id = ACTOR_ID;
			a.role = r;
			a.name = "someone";
			a.source = "192.0.2.1";
			check_one(&a, spec[i].action, NULL,
			    spec_allows(spec[i].cell[r], &a, NULL),
			    spec[i].what);
			for (f = 0; f < FIXTURES; f++) {
				check_one(&a, spec[i].action, &fixtures[f],
				    spec_allows(spec[i].cell[r], &a,
				    &fixtures[f]), spec[i].what);
			}
		}
	}
}

/* actor_of returns an ordinary actor with id ACTOR_ID and role r. */
static struct actor
actor_of(int r)
{
	struct actor	a;

	memset(&a, 0, sizeof a);
	a.id = ACTOR_ID;
	a.role = r;
	a.name = "someone";
	a.source = "192.0.2.1";
	return a;
}

/* The conditional grants, as sentences, with matching and other targets. */
static void
test_conditional_examples(void **state)
{
	struct actor	patient = actor_of(ROLE_PATIENT);
	struct actor	expert = actor_of(ROLE_EXPERT);
	struct actor	pro = actor_of(ROLE_PROFESSIONAL);
	struct actor	mod = actor_of(ROLE_MODERATOR);
	struct actor	admin = actor_of(ROLE_ADMIN);
	struct actor	res = actor_of(ROLE_RESEARCHER);
	struct target	t;

	(void)state;

	/* Own post or another's. */
	t = TARGET_NONE;
	t.owner_id = ACTOR_ID;
	assert_true(role_may(&patient, ACT_POST_EDIT, &t));
	assert_true(role_may(&admin, ACT_POST_EDIT, &t));
	assert_false(role_may(&res, ACT_POST_EDIT, &t));
	t.owner_id = OTHER_ID;
	assert_false(role_may(&patient, ACT_POST_EDIT, &t));
	assert_false(role_may(&mod, ACT_POST_EDIT, &t));

	/* Results: own, in care, with consent. */
	t = TARGET_NONE;
	t.owner_id = ACTOR_ID;
	assert_true(role_may(&patient, ACT_RESULTS_SEE, &t));
	assert_false(role_may(&pro, ACT_RESULTS_SEE, &t));
	t.owner_id = OTHER_ID;
	assert_false(role_may(&expert, ACT_RESULTS_SEE, &t));
	t.in_care = true;
	assert_true(role_may(&pro, ACT_RESULTS_SEE, &t));
	assert_false(role_may(&res, ACT_RESULTS_SEE, &t));
	assert_false(role_may(&admin, ACT_RESULTS_SEE, &t));
	t.in_care = false;
	assert_false(role_may(&pro, ACT_RESULTS_SEE, &t));
	t.research_consent = true;
	assert_true(role_may(&res, ACT_RESULTS_SEE, &t));
	assert_true(role_may(&res, ACT_RESEARCH_EXPORT, &t));
	assert_false(role_may(&pro, ACT_RESULTS_SEE, &t));
	t.research_consent = false;
	assert_false(role_may(&res, ACT_RESULTS_SEE, &t));
	assert_false(role_may(&res, ACT_RESEARCH_EXPORT, &t));

	/* Alerts: in care, or nobody's yet. */
	t = TARGET_NONE;
	assert_false(role_may(&pro, ACT_ALERTS, &t));
	t.unassigned = true;
	assert_true(role_may(&pro, ACT_ALERTS, &t));
	assert_false(role_may(&admin, ACT_ALERTS, &t));
	t.unassigned = false;
	t.in_care = true;
	assert_true(role_may(&pro, ACT_ALERTS, &t));
	assert_true(role_may(&pro, ACT_ASSIGN_WORK, &t));
	t.in_care = false;
	assert_false(role_may(&pro, ACT_ASSIGN_WORK, &t));

	/* Invites: a professional for patients, an admin for anyone. */
	t = TARGET_NONE;
	t.role = ROLE_PATIENT;
	assert_true(role_may(&pro, ACT_INVITE_CREATE, &t));
	t.role = ROLE_EXPERT;
	assert_true(role_may(&pro, ACT_INVITE_CREATE, &t));
	t.role = ROLE_PROFESSIONAL;
	assert_false(role_may(&pro, ACT_INVITE_CREATE, &t));
	assert_true(role_may(&admin, ACT_INVITE_CREATE, &t));
	t.role = ROLE_ADMIN;
	assert_false(role_may(&pro, ACT_INVITE_CREATE, &t));
	assert_true(role_may(&admin, ACT_INVITE_CREATE, &t));
	assert_false(role_may(&mod, ACT_INVITE_CREATE, &t));
	t.role = -1;
	assert_false(role_may(&admin, ACT_INVITE_CREATE, &t));
	t.role = ROLE_COUNT;
	assert_false(role_may(&admin, ACT_INVITE_CREATE, &t));

	/* Messages: patients with their care team, staff with staff. */
	t = TARGET_NONE;
	t.role = ROLE_PROFESSIONAL;
	t.in_care = true;
	assert_true(role_may(&patient, ACT_MESSAGE, &t));
	assert_true(role_may(&expert, ACT_MESSAGE, &t));
	t.in_care = false;
	assert_false(role_may(&patient, ACT_MESSAGE, &t));
	assert_true(role_may(&mod, ACT_MESSAGE, &t));
	/* Nobody follows her: the shared inbox of the professionals. */
	t.unassigned = true;
	assert_true(role_may(&patient, ACT_MESSAGE, &t));
	t.role = ROLE_MODERATOR;
	assert_false(role_may(&patient, ACT_MESSAGE, &t));
	t.unassigned = false;
	t.role = ROLE_PATIENT;
	t.in_care = true;
	assert_false(role_may(&patient, ACT_MESSAGE, &t));
	t.in_care = false;
	assert_true(role_may(&pro, ACT_MESSAGE, &t));
	assert_false(role_may(&mod, ACT_MESSAGE, &t));
	assert_false(role_may(&admin, ACT_MESSAGE, &t));
	t.role = ROLE_MODERATOR;
	assert_false(role_may(&patient, ACT_MESSAGE, &t));
	assert_true(role_may(&pro, ACT_MESSAGE, &t));
	assert_true(role_may(&admin, ACT_MESSAGE, &t));
	t.role = ROLE_RESEARCHER;
	assert_false(role_may(&pro, ACT_MESSAGE, &t));
	assert_false(role_may(&admin, ACT_MESSAGE, &t));
	assert_false(role_may(&res, ACT_MESSAGE, &t));

	/* Unconditional grants need no target. */
	assert_true(role_may(&patient, ACT_BOARD_READ, NULL));
	assert_true(role_may(&expert, ACT_MIRROR_BE_EXPERT, NULL));
	assert_false(role_may(&patient, ACT_MIRROR_BE_EXPERT, NULL));
	assert_true(role_may(&admin, ACT_ACCOUNT_ADMIN, NULL));
	assert_false(role_may(&res, ACT_BOARD_READ, NULL));
}

/* The operator may run the service and nothing clinical, whatever role. */
static void
test_operator(void **state)
{
	struct actor	a;
	struct target	none = TARGET_NONE;
	size_t		i, f;
	int		r, act;
	bool		listed, want;

	(void)state;
	make_fixtures();
	for (r = -1; r <= ROLE_COUNT; r++) {
		memset(&a, 0, sizeof a);
		a.id = 0;
		a.role = r;
		a.name = "operator";
		a.source = "local";
		a.operator = true;
		for (act = 0; act < ACT_COUNT; act++) {
			listed = false;
			for (i = 0; i < sizeof operator_may /
			    sizeof operator_may[0]; i++) {
				if (operator_may[i] == (enum action)act)
					listed = true;
			}
			/* An invite needs the role it gives. */
			want = listed && act != ACT_INVITE_CREATE;
			check_one(&a, act, NULL, want, "operator");
			check_one(&a, act, &none, want, "operator");
			for (f = 0; f < FIXTURES; f++) {
				want = listed;
				if (act == ACT_INVITE_CREATE) {
					want = fixtures[f].role >= 0 &&
					    fixtures[f].role < ROLE_COUNT;
				}
				check_one(&a, act, &fixtures[f], want,
				    "operator");
			}
		}
	}

	/* Nothing clinical, even with the flags set. */
	memset(&a, 0, sizeof a);
	a.role = ROLE_PROFESSIONAL;
	a.operator = true;
	none.in_care = true;
	none.research_consent = true;
	none.unassigned = true;
	assert_false(role_may(&a, ACT_RESULTS_SEE, &none));
	assert_false(role_may(&a, ACT_ALERTS, &none));
	assert_false(role_may(&a, ACT_OWN_SETTINGS, &none));
	assert_true(role_may(&a, ACT_AUDIT_READ, NULL));
}

/* Anything malformed is refused. */
static void
test_invalid(void **state)
{
	struct actor	a = actor_of(ROLE_ADMIN);
	struct target	t = TARGET_NONE;

	(void)state;
	assert_false(role_may(NULL, ACT_BOARD_READ, NULL));
	assert_false(role_may(NULL, ACT_OWN_SETTINGS, &t));
	assert_false(role_may(&a, (enum action)-1, NULL));
	assert_false(role_may(&a, ACT_COUNT, NULL));
	assert_false(role_may(&a, (enum action)1000, NULL));

	a.role = (enum role)-1;
	assert_false(role_may(&a, ACT_BOARD_READ, NULL));
	a.role = ROLE_COUNT;
	assert_false(role_may(&a, ACT_BOARD_READ, NULL));
	a.role = (enum role)99;
	assert_false(role_may(&a, ACT_BOARD_READ, NULL));

	/* A conditional grant without a target. */
	a = actor_of(ROLE_PATIENT);
	assert_false(role_may(&a, ACT_OWN_SETTINGS, NULL));
	assert_false(role_may(&a, ACT_POST_EDIT, NULL));
	a = actor_of(ROLE_PROFESSIONAL);
	assert_false(role_may(&a, ACT_INVITE_CREATE, NULL));
	assert_false(role_may(&a, ACT_RESULTS_SEE, NULL));

	/* An actor without an id owns nothing, not even a zeroed target. */
	a = actor_of(ROLE_PATIENT);
	a.id = 0;
	t = TARGET_NONE;
	assert_false(role_may(&a, ACT_OWN_SETTINGS, &t));
	assert_false(role_may(&a, ACT_POST_EDIT, &t));
}

/* Names, labels and badges. */
static void
test_names(void **state)
{
	static const char	*names[ROLE_COUNT] = { "patient", "expert",
				    "professional", "moderator", "admin",
				    "researcher" };
	static const char	*labels[ROLE_COUNT] = { "patient",
				    "expert patient", "professional",
				    "moderator", "administrator",
				    "researcher" };
	int			r;

	(void)state;
	for (r = 0; r < ROLE_COUNT; r++) {
		assert_string_equal(role_name(r), names[r]);
		assert_int_equal(role_parse(role_name(r)), r);
		assert_string_equal(role_label(r), labels[r]);
	}
	assert_int_equal(role_parse("expert-patient"), ROLE_EXPERT);
	assert_int_equal(role_parse("expert_patient"), ROLE_EXPERT);
	assert_int_equal(role_parse("Admin"), ROLE_ADMIN);
	assert_int_equal(role_parse("administrator"), -1);
	assert_int_equal(role_parse(""), -1);
	assert_int_equal(role_parse("patient "), -1);
	assert_int_equal(role_parse("root"), -1);
	assert_int_equal(role_parse(NULL), -1);

	/* Out of range never crashes a printf. */
	assert_non_null(role_name(-1));
	assert_non_null(role_name(ROLE_COUNT));
	assert_int_equal(role_parse(role_name(-1)), -1);
	assert_non_null(role_label(ROLE_COUNT));

	assert_string_equal(role_badge(ROLE_PROFESSIONAL), "[PRO]");
	assert_string_equal(role_badge(ROLE_MODERATOR), "[MOD]");
	assert_string_equal(role_badge(ROLE_ADMIN), "[ADMIN]");
	assert_string_equal(role_badge(ROLE_PATIENT), "");
	assert_string_equal(role_badge(ROLE_EXPERT), "");
	assert_string_equal(role_badge(ROLE_RESEARCHER), "");
	assert_string_equal(role_badge(-1), "");

	for (r = -1; r <= ROLE_COUNT; r++) {
		assert_int_equal(role_is_staff(r), r == ROLE_PROFESSIONAL ||
		    r == ROLE_MODERATOR || r == ROLE_ADMIN);
	}
}

/* main runs the role tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_covers_every_action),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_conditional_examples),
		cmocka_unit_test(test_operator),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
