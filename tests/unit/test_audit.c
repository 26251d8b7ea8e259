/*
 * test_audit.c: the append-only, hash-chained audit trail.
 *
 * The tampering tests do what someone holding the file could do: open it
 * with plain SQLite beside the program, drop the triggers and edit rows.
 * audit_verify must then name the first row that no longer fits.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

/* append writes one row in its own transaction. */
static void
append(struct th *t, const struct audit_entry *e)
{
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(audit_append(t->db, e), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
}

/*
 * fill appends n rows: actors 1, 2 and 3 in turn, each acting on account
 * (i % 4) + 1, every fifth row on an invite instead.
 */
static void
fill(struct th *t, int n)
{
	char	detail[32];
	int	i;

	assert_int_equal(db_begin(t->db), ST_OK);
	for (i = 1; i <= n; i++) {
		snprintf(detail, sizeof detail, "row %d", i);
		assert_int_equal(audit_append(t->db, &(struct audit_entry){
		    .actor_id = (i - 1) % 3 + 1, .actor_name = "someone",
		    .actor_role = "admin", .action = "account.role",
		    .object_type = i % 5 == 0 ? "invite" : "account",
		    .object_id = i % 4 + 1,
		    .patient = i % 2 == 0 ? "ana" : NULL,
		    .detail = i % 7 == 0 ? NULL : detail,
		    .allowed = i % 3 != 0, .source = "192.0.2.1" }), ST_OK);
	}
	assert_int_equal(db_commit(t->db), ST_OK);
}

/* verify runs audit_verify and checks its answer. */
static void
verify(struct th *t, int want, int64_t want_rows, int64_t want_bad)
{
	int64_t	rows = -1, bad = -1;

	assert_int_equal(audit_verify(t->db, &rows, &bad), want);
	assert_int_equal(rows, want_rows);
	assert_int_equal(bad, want_bad);
}

/* tamper drops the triggers and runs sql on a raw connection. */
static void
tamper(struct th *t, const char *sql)
{
	sqlite3	*sq;

	sq = th_raw(t);
	assert_int_equal(th_raw_exec(sq, "DROP TRIGGER audit_no_update; "
	    "DROP TRIGGER audit_no_delete"), SQLITE_OK);
	assert_int_equal(th_raw_exec(sq, sql), SQLITE_OK);
	assert_int_equal(sqlite3_changes(sq), 1);
	sqlite3_close(sq);
}

/* Appending outside a transaction is a program bug: the process stops. */
static void
test_append_outside_transaction_aborts(void **state)
{
	struct th	*t = *state;
	pid_t		 pid;
	int		 status;

	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		audit_append(t->db, &(struct audit_entry){
		    .actor_name = "x", .actor_role = "admin", .action = "a",
		    .source = "local" });
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_int_equal(th_audit_count(t), 0);
}

/* An entry without an actor, an action or a source is never written. */
static void
test_append_without_action_aborts(void **state)
{
	struct th	*t = *state;
	struct db	*db;
	pid_t		 pid;
	int		 status;

	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		/* The child uses its own connection, as bbsd's children do. */
		if (db_open(t->path, false, &db, NULL) != ST_OK ||
		    db_begin(db) != ST_OK)
			_exit(2);
		audit_append(db, &(struct audit_entry){
		    .actor_name = "x", .actor_role = "admin",
		    .source = "local" });
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_int_equal(th_audit_count(t), 0);
}

/* An empty trail verifies, with no rows checked. */
static void
test_empty_chain_verifies(void **state)
{
	verify(*state, ST_OK, 0, 0);
}

/* A long chain, written over many transactions, verifies whole. */
static void
test_chain_verifies_over_many_rows(void **state)
{
	struct th	*t = *state;
	int		 i;

	for (i = 0; i < 10; i++)
		fill(t, 25);
	verify(t, ST_OK, 250, 0);
	fill(t, 1);
	verify(t, ST_OK, 251, 0);
}

/* A row reads back as written; a zero time becomes now. */
static void
test_rows_read_back_as_written(void **state)
{
	struct th		 *t = *state;
	struct audit_entry	**list;
	size_t			  n;
	int64_t			  before, after;

	append(t, &(struct audit_entry){ .at = 1000, .actor_id = 7,
	    .actor_name = "Carla", .actor_role = "admin",
	    .action = "account.disable", .object_type = "account",
	    .object_id = 9, .patient = "ana", .detail = "spam, señal",
	    .allowed = false, .source = "2001:db8::1" });
	before = db_now();
	append(t, &(struct audit_entry){ .actor_name = "operator",
	    .actor_role = "operator", .action = "backup", .allowed = true,
	    .source = "local" });
	after = db_now();

	assert_int_equal(audit_list(t->db, 0, 0, 10, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[1]->id, 1);
	assert_int_equal(list[1]->at, 1000);
	assert_int_equal(list[1]->actor_id, 7);
	assert_string_equal(list[1]->actor_name, "Carla");
	assert_string_equal(list[1]->actor_role, "admin");
	assert_string_equal(list[1]->action, "account.disable");
	assert_string_equal(list[1]->object_type, "account");
	assert_int_equal(list[1]->object_id, 9);
	assert_string_equal(list[1]->patient, "ana");
	assert_string_equal(list[1]->detail, "spam, señal");
	assert_false(list[1]->allowed);
	assert_string_equal(list[1]->source, "2001:db8::1");

	assert_int_equal(list[0]->id, 2);
	assert_in_range(list[0]->at, before, after);
	assert_int_equal(list[0]->actor_id, 0);
	assert_null(list[0]->object_type);
	assert_null(list[0]->patient);
	assert_null(list[0]->detail);
	assert_true(list[0]->allowed);
	audit_free_list(list, n);
	verify(t, ST_OK, 2, 0);
}

/* audit_record names the operator and fills in a missing source. */
static void
test_record_names_operator_and_accounts(void **state)
{
	struct th		*t = *state;
	struct audit_entry	*e;
	struct actor		 op = th_operator(), pro;

	pro = th_actor(5, ROLE_PROFESSIONAL, "Dr.Pau");
	op.source = NULL;
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(audit_record(t->db, &op, "invite.create", "invite",
	    3, NULL, "role patient", true), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	e = th_audit_last(t);
	assert_int_equal(e->actor_id, 0);
	assert_string_equal(e->actor_name, "operator");
	assert_string_equal(e->actor_role, "operator");
	assert_string_equal(e->source, "local");
	assert_string_equal(e->object_type, "invite");
	assert_int_equal(e->object_id, 3);
	audit_entry_free(e);

	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(audit_record(t->db, &pro, "results.view", "account",
	    8, "ana", NULL, false), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	e = th_audit_last(t);
	assert_int_equal(e->actor_id, 5);
	assert_string_equal(e->actor_name, "Dr.Pau");
	assert_string_equal(e->actor_role, "professional");
	assert_string_equal(e->patient, "ana");
	assert_string_equal(e->source, TH_SOURCE);
	assert_false(e->allowed);
	audit_entry_free(e);
	verify(t, ST_OK, 2, 0);
}

/* The triggers refuse UPDATE and DELETE from any connection. */
static void
test_update_and_delete_are_refused(void **state)
{
	struct th	*t = *state;
	sqlite3		*sq;
	char		*detail;

	fill(t, 5);
	sq = th_raw(t);
	assert_int_equal(th_raw_exec(sq, "UPDATE audit SET detail = 'x' "
	    "WHERE id = 2"), SQLITE_CONSTRAINT);
	assert_non_null(strstr(sqlite3_errmsg(sq), "append-only"));
	assert_int_equal(th_raw_exec(sq, "DELETE FROM audit WHERE id = 2"),
	    SQLITE_CONSTRAINT);
	assert_non_null(strstr(sqlite3_errmsg(sq), "append-only"));
	assert_int_equal(th_raw_exec(sq, "DELETE FROM audit"),
	    SQLITE_CONSTRAINT);
	detail = th_raw_text(sq, "SELECT detail FROM audit WHERE id = 2");
	assert_string_equal(detail, "row 2");
	free(detail);
	sqlite3_close(sq);
	assert_int_equal(th_audit_count(t), 5);
	verify(t, ST_OK, 5, 0);
}

/* Changing a detail breaks that row's hash. */
static void
test_changed_detail_is_detected(void **state)
{
	struct th	*t = *state;

	fill(t, 10);
	tamper(t, "UPDATE audit SET detail = 'nothing happened' WHERE id = 5");
	verify(t, ST_INVALID, 4, 5);
}

/* Turning a refusal into a grant breaks the hash too. */
static void
test_changed_allowed_is_detected(void **state)
{
	struct th	*t = *state;

	fill(t, 10);
	tamper(t, "UPDATE audit SET allowed = 1 WHERE id = 3");
	verify(t, ST_INVALID, 2, 3);
}

/* So does removing the patient's name from a row. */
static void
test_removed_patient_is_detected(void **state)
{
	struct th	*t = *state;

	fill(t, 10);
	tamper(t, "UPDATE audit SET patient = NULL WHERE id = 8");
	verify(t, ST_INVALID, 7, 8);
}

/* A row's stored link to the one before must be the real one. */
static void
test_changed_link_is_detected(void **state)
{
	struct th	*t = *state;

	fill(t, 10);
	tamper(t, "UPDATE audit SET prev_hash = "
	    "'2222222222222222222222222222222222222222222222222222222222222222'"
	    " WHERE id = 7");
	verify(t, ST_INVALID, 6, 7);
}

/* Deleting a row in the middle breaks the link of the next one. */
static void
test_deleted_middle_row_is_detected(void **state)
{
	struct th	*t = *state;

	fill(t, 10);
	tamper(t, "DELETE FROM audit WHERE id = 6");
	verify(t, ST_INVALID, 5, 7);
}

/* Deleting the first row is found at once. */
static void
test_deleted_first_row_is_detected(void **state)
{
	struct th	*t = *state;

	fill(t, 3);
	tamper(t, "DELETE FROM audit WHERE id = 1");
	verify(t, ST_INVALID, 0, 2);
}

/* A stored hash that does not match its row is found at that row. */
static void
test_rewritten_hash_is_detected(void **state)
{
	struct th	*t = *state;

	fill(t, 6);
	tamper(t, "UPDATE audit SET hash = "
	    "'1111111111111111111111111111111111111111111111111111111111111111'"
	    " WHERE id = 4");
	verify(t, ST_INVALID, 3, 4);
}

/*
 * An edit that also recomputes the row's own hash still breaks the link
 * of the row after it.  The program itself computes the forged hash: the
 * same first row with another detail, appended to a second database.
 */
static void
test_edit_with_recomputed_hash_breaks_next_link(void **state)
{
	struct th		*t = *state, other;
	struct audit_entry	 e = { .at = 1000, .actor_id = 1,
				    .actor_name = "carla",
				    .actor_role = "admin",
				    .action = "account.disable",
				    .object_type = "account", .object_id = 2,
				    .detail = "harassment", .allowed = true,
				    .source = "local" };
	sqlite3			*sq;
	char			*forged, *sql;

	append(t, &e);
	fill(t, 3);

	assert_int_equal(th_open(&other), 0);
	e.detail = "at their own request";
	append(&other, &e);
	sq = th_raw(&other);
	forged = th_raw_text(sq, "SELECT hash FROM audit WHERE id = 1");
	sqlite3_close(sq);
	assert_int_equal(th_close(&other), 0);
	assert_non_null(forged);

	xasprintf(&sql, "UPDATE audit SET detail = 'at their own request', "
	    "hash = '%s' WHERE id = 1", forged);
	tamper(t, sql);
	free(sql);
	free(forged);
	verify(t, ST_INVALID, 1, 2);
}

/* A row inserted by hand with an invented hash is found. */
static void
test_forged_row_is_detected(void **state)
{
	struct th	*t = *state;
	sqlite3		*sq;

	fill(t, 3);
	sq = th_raw(t);
	assert_int_equal(th_raw_exec(sq, "INSERT INTO audit (id, at, "
	    "actor_id, actor_name, actor_role, action, allowed, source, "
	    "prev_hash, hash) SELECT 4, at, 1, 'someone', 'admin', "
	    "'account.role', 1, 'local', hash, hash FROM audit WHERE id = 3"),
	    SQLITE_OK);
	sqlite3_close(sq);
	verify(t, ST_INVALID, 3, 4);
}

/* assert_ids checks the ids of a listing, in order. */
static void
assert_ids(struct audit_entry **list, size_t n, const int64_t *want,
    size_t wn)
{
	size_t	i;

	assert_int_equal(n, wn);
	for (i = 0; i < n; i++)
		assert_int_equal(list[i]->id, want[i]);
}

/* The list is newest first and pages backwards with before. */
static void
test_list_newest_first_with_paging(void **state)
{
	struct th		 *t = *state;
	struct audit_entry	**list;
	size_t			  n;
	const int64_t		  p1[] = { 10, 9, 8, 7 }, p2[] = { 6, 5, 4, 3 },
				  p3[] = { 2, 1 };

	fill(t, 10);
	assert_int_equal(audit_list(t->db, 0, 0, 4, &list, &n), ST_OK);
	assert_ids(list, n, p1, 4);
	audit_free_list(list, n);
	assert_int_equal(audit_list(t->db, 0, 7, 4, &list, &n), ST_OK);
	assert_ids(list, n, p2, 4);
	audit_free_list(list, n);
	assert_int_equal(audit_list(t->db, 0, 3, 4, &list, &n), ST_OK);
	assert_ids(list, n, p3, 2);
	audit_free_list(list, n);
	assert_int_equal(audit_list(t->db, 0, 1, 4, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_null(list);
	assert_int_equal(audit_list(t->db, 0, 0, 0, &list, &n), ST_OK);
	assert_int_equal(n, 0);
}

/*
 * Filtering by account keeps the rows it acted in and the rows done to
 * it as an account, not rows about an invite with the same number.
 */
static void
test_list_filters_by_actor_or_object_account(void **state)
{
	struct th		 *t = *state;
	struct audit_entry	**list;
	size_t			  n, i;
	/*
	 * Account 2: actor in rows 2, 5, 8, 11, 14; object (i % 4 + 1 == 2,
	 * object_type account) in rows 1, 9, 13 (5 is an invite row but
	 * already matches as actor).
	 */
	const int64_t		  two[] = { 14, 13, 11, 9, 8, 5, 2, 1 },
				  page[] = { 8, 5, 2 };

	fill(t, 15);
	assert_int_equal(audit_list(t->db, 2, 0, 100, &list, &n), ST_OK);
	assert_ids(list, n, two, 8);
	for (i = 0; i < n; i++)
		assert_true(list[i]->actor_id == 2 ||
		    (strcmp(list[i]->object_type, "account") == 0 &&
		    list[i]->object_id == 2));
	audit_free_list(list, n);

	assert_int_equal(audit_list(t->db, 2, 9, 3, &list, &n), ST_OK);
	assert_ids(list, n, page, 3);
	audit_free_list(list, n);

	assert_int_equal(audit_list(t->db, 99, 0, 100, &list, &n), ST_OK);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_setup, th_teardown)
		T(test_append_outside_transaction_aborts),
		T(test_append_without_action_aborts),
		T(test_empty_chain_verifies),
		T(test_chain_verifies_over_many_rows),
		T(test_rows_read_back_as_written),
		T(test_record_names_operator_and_accounts),
		T(test_update_and_delete_are_refused),
		T(test_changed_detail_is_detected),
		T(test_changed_allowed_is_detected),
		T(test_removed_patient_is_detected),
		T(test_changed_link_is_detected),
		T(test_deleted_middle_row_is_detected),
		T(test_deleted_first_row_is_detected),
		T(test_rewritten_hash_is_detected),
		T(test_edit_with_recomputed_hash_breaks_next_link),
		T(test_forged_row_is_detected),
		T(test_list_newest_first_with_paging),
		T(test_list_filters_by_actor_or_object_account),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
