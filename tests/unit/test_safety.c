/*
 * test_safety.c: "Help now" and the safety plan.
 *
 * Help now raises one urgent R2 per patient while it stays open (each
 * press still audited) and nothing for staff; the safety plan is the
 * patient's own, limited per section, sanitised, audited when it changes.
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

/* open_r2 counts the open R2 alerts of a patient. */
static int
open_r2(struct th *t, int64_t patient)
{
	sqlite3	*sq;
	char	*sql, *v;
	int	 n;

	xasprintf(&sql, "SELECT count(*) FROM alerts WHERE rule = 'R2' AND "
	    "state = 0 AND patient_id = %lld", (long long)patient);
	assert_int_equal(sqlite3_open(t->path, &sq), SQLITE_OK);
	v = th_raw_text(sq, sql);
	n = atoi(v);
	free(v);
	free(sql);
	sqlite3_close(sq);
	return n;
}

/* Help now: one open R2 per patient, each press audited; none for staff. */
static void
test_help_now(void **state)
{
	struct th	*t = *state;
	struct actor	 ana, laia, rec;
	size_t		 before;

	ana = th_actor(th_account(t, "ana", ROLE_PATIENT, NULL), ROLE_PATIENT,
	    "ana");
	laia = th_actor(th_account(t, "laia", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "laia");
	rec = th_actor(th_account(t, "recerca", ROLE_RESEARCHER, NULL),
	    ROLE_RESEARCHER, "recerca");
	before = th_audit_count(t);
	assert_int_equal(help_now(t->db, &ana), ST_OK);
	assert_int_equal(open_r2(t, ana.id), 1);
	assert_int_equal(th_audit_count(t), before + 1);
	assert_int_equal(help_now(t->db, &ana), ST_OK);
	assert_int_equal(open_r2(t, ana.id), 1);
	assert_int_equal(th_audit_count(t), before + 2);
	assert_int_equal(help_now(t->db, &laia), ST_OK);
	assert_int_equal(help_now(t->db, &rec), ST_OK);
	assert_int_equal(open_r2(t, laia.id), 0);
	assert_int_equal(th_audit_count(t), before + 2);
}

/* The plan: own only, limited per section, sanitised, audited on change. */
static void
test_safety_plan(void **state)
{
	struct th		*t = *state;
	struct actor		 ana, laia;
	struct safety_plan	 plan, got;
	char			*err = NULL, *big;
	size_t			 before;

	ana = th_actor(th_account(t, "ana", ROLE_PATIENT, NULL), ROLE_PATIENT,
	    "ana");
	laia = th_actor(th_account(t, "laia", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "laia");
	assert_int_equal(safety_plan_get(t->db, &laia, &got), ST_DENIED);
	assert_int_equal(safety_plan_get(t->db, &ana, &got), ST_OK);
	assert_int_equal(got.updated_at, 0);
	assert_string_equal(got.section[SAFETY_WHAT_HELPS], "");
	safety_plan_clear(&got);

	memset(&plan, 0, sizeof plan);
	plan.section[SAFETY_WHAT_HELPS] = xstrdup("A walk by the sea\x1b[2J.");
	plan.section[SAFETY_PEOPLE] = xstrdup("My sister Marta");
	before = th_audit_count(t);
	assert_int_equal(safety_plan_save(t->db, &laia, &plan, &err),
	    ST_DENIED);
	assert_int_equal(safety_plan_save(t->db, &ana, &plan, &err), ST_OK);
	assert_int_equal(th_audit_count(t), before + 1);
	assert_int_equal(safety_plan_get(t->db, &ana, &got), ST_OK);
	assert_true(got.updated_at > 0);
	assert_null(strchr(got.section[SAFETY_WHAT_HELPS], '\x1b'));
	assert_string_equal(got.section[SAFETY_PEOPLE], "My sister Marta");
	assert_string_equal(got.section[SAFETY_WARNING_SIGNS], "");
	safety_plan_clear(&got);
	/* Saving the same plan again changes nothing and audits nothing. */
	assert_int_equal(safety_plan_save(t->db, &ana, &plan, &err), ST_OK);
	assert_int_equal(th_audit_count(t), before + 1);

	/* Exactly the limit is kept; one more says the limit, stores nothing. */
	big = xcalloc(1, SAFETY_SECTION_MAX + 2);
	memset(big, 'x', SAFETY_SECTION_MAX);
	free(plan.section[SAFETY_SURROUNDINGS]);
	plan.section[SAFETY_SURROUNDINGS] = big;
	assert_int_equal(safety_plan_save(t->db, &ana, &plan, &err), ST_OK);
	big[SAFETY_SECTION_MAX] = 'x';
	free(plan.section[SAFETY_PEOPLE]);
	plan.section[SAFETY_PEOPLE] = xstrdup("changed");
	assert_int_equal(safety_plan_save(t->db, &ana, &plan, &err),
	    ST_INVALID);
	assert_non_null(strstr(err, "2000"));
	free(err);
	assert_int_equal(safety_plan_get(t->db, &ana, &got), ST_OK);
	assert_string_equal(got.section[SAFETY_PEOPLE], "My sister Marta");
	assert_int_equal(strlen(got.section[SAFETY_SURROUNDINGS]),
	    SAFETY_SECTION_MAX);
	safety_plan_clear(&got);
	safety_plan_clear(&plan);
}

/* Every section has a label and a hint. */
static void
test_sections(void **state)
{
	int	i;

	(void)state;
	for (i = 0; i < SAFETY_SECTIONS; i++) {
		assert_true(strlen(safety_section_label(i)) > 0);
		assert_true(strlen(safety_section_hint(i)) > 0);
	}
	assert_string_equal(safety_section_label(SAFETY_SECTIONS), "unknown");
}

/*
 * The professionals caring for her read her plan, each read audited;
 * anyone else, a moderator or a professional outside her care, gets
 * "not found".
 */
static void
test_safety_plan_read(void **state)
{
	struct th		*t = *state;
	struct actor		 ana, laia, pau, jordi;
	struct safety_plan	 plan, got;
	char			*err = NULL;
	size_t			 before;

	ana = th_actor(th_account(t, "ana", ROLE_PATIENT, NULL), ROLE_PATIENT,
	    "ana");
	laia = th_actor(th_account(t, "laia", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "laia");
	pau = th_actor(th_account(t, "pau", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "pau");
	jordi = th_actor(th_account(t, "jordi", ROLE_MODERATOR, NULL),
	    ROLE_MODERATOR, "jordi");
	memset(&plan, 0, sizeof plan);
	plan.section[SAFETY_PEOPLE] = "My sister Rosa";
	assert_int_equal(safety_plan_save(t->db, &ana, &plan, &err), ST_OK);
	assert_int_equal(care_assign(t->db, &laia, ana.id, laia.id, true),
	    ST_OK);

	before = th_audit_count(t);
	assert_int_equal(safety_plan_read(t->db, &laia, ana.id, &got), ST_OK);
	assert_string_equal(got.section[SAFETY_PEOPLE], "My sister Rosa");
	safety_plan_clear(&got);
	assert_int_equal(th_audit_count(t), before + 1);
	assert_int_equal(safety_plan_read(t->db, &pau, ana.id, &got),
	    ST_NOTFOUND);
	assert_int_equal(safety_plan_read(t->db, &jordi, ana.id, &got),
	    ST_NOTFOUND);
	assert_int_equal(safety_plan_read(t->db, &laia, jordi.id, &got),
	    ST_NOTFOUND);
	assert_int_equal(th_audit_count(t), before + 1);
	/* Her own read is not a staff view: no audit row. */
	assert_int_equal(safety_plan_read(t->db, &ana, ana.id, &got), ST_OK);
	safety_plan_clear(&got);
	assert_int_equal(th_audit_count(t), before + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_setup, th_teardown)
		T(test_help_now),
		T(test_safety_plan),
		cmocka_unit_test(test_sections),
		T(test_safety_plan_read),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
