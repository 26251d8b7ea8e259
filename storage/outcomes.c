/*
 * outcomes.c: the counts and times behind the outcomes the service
 * reports (bbs/outcome.c decides who may see them and what they mean).
 *
 * Every query here reads only counts, times and ids, never a text.  A
 * set of patients travels to SQL as one bound parameter, a JSON array of
 * ids ("[3,7,12]") that json_each() unpacks, so the set can be of any
 * size without building SQL from values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage_int.h"

/* Roles as bbs/bbs.h numbers them: storage keeps them as integers. */
#define OUTCOMES_ROLE_PATIENT		0
#define OUTCOMES_ROLE_EXPERT		1
#define OUTCOMES_ROLE_PROFESSIONAL	2

/* A patient's set, as SQL reads it. */
#define OUTCOMES_IN_SET(col) \
	col " IN (SELECT value FROM json_each(?1))"

/* outcomes_json writes ids as a JSON array of integers. */
static char *
outcomes_json(const int64_t *ids, size_t n)
{
	char	*s;
	size_t	 cap, len = 0, i;

	cap = 3 + n * 21;
	s = xmalloc(cap);
	s[len++] = '[';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s%lld",
		    i > 0 ? "," : "", (long long)ids[i]);
	s[len++] = ']';
	s[len] = '\0';
	return s;
}

/* outcomes_prepare prepares sql and binds the set of ids as ?1. */
static int
outcomes_prepare(struct db *db, sqlite3_stmt **stmt, const char *sql,
    const int64_t *ids, size_t n)
{
	int	st;

	if ((st = db_prepare(db, stmt, sql)) != ST_OK)
		return st;
	if (ids != NULL)
		sqlite3_bind_text(*stmt, 1, outcomes_json(ids, n), -1, free);
	return ST_OK;
}

/*
 * outcomes_patients lists every patient and expert patient, ascending:
 * the service's patients, whatever their consent for research.
 */
int
outcomes_patients(struct db *db, int64_t **ids, size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*ids = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT id FROM accounts WHERE role "
	    "IN (?, ?) ORDER BY id")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, OUTCOMES_ROLE_PATIENT);
	sqlite3_bind_int(stmt, 2, OUTCOMES_ROLE_EXPERT);
	st = db_collect_ids(db, stmt, "outcome patients", ids, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* outcomes_count steps a query yielding one row of n, k and patients. */
static int
outcomes_count(struct db *db, sqlite3_stmt *stmt, const char *what,
    struct outcomes_count *c)
{
	int	st;

	memset(c, 0, sizeof *c);
	if ((st = db_step_row(db, stmt, what)) != ST_OK)
		return st == ST_NOTFOUND ? db_fail(db, what) : st;
	c->n = sqlite3_column_int64(stmt, 0);
	c->k = sqlite3_column_int64(stmt, 1);
	c->patients = sqlite3_column_int64(stmt, 2);
	return ST_OK;
}

/*
 * outcomes_modules counts the modules assigned to the patients of ids
 * (n) and those completed (k): marked complete, or with a
 * "module.complete" event.
 */
int
outcomes_modules(struct db *db, const int64_t *ids, size_t n,
    struct outcomes_count *c)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = outcomes_prepare(db, &stmt, "SELECT count(*), "
	    "coalesce(sum(a.completed_at > 0 OR EXISTS (SELECT 1 FROM "
	    "module_events e WHERE e.assignment_id = a.id AND e.kind = "
	    "'module.complete')), 0), count(DISTINCT a.patient_id) "
	    "FROM module_assignments a WHERE " OUTCOMES_IN_SET("a.patient_id"),
	    ids, n)) != ST_OK)
		goto out;
	st = outcomes_count(db, stmt, "outcome modules", c);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * outcomes_forms counts the scheduled forms (not sent by hand) of the
 * patients of ids that closed by now (n) and those completed within
 * their window (k).
 */
int
outcomes_forms(struct db *db, const int64_t *ids, size_t n, int64_t now,
    struct outcomes_count *c)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = outcomes_prepare(db, &stmt, "SELECT count(*), "
	    "coalesce(sum(state = 2 AND completed_at <= closes_at), 0), "
	    "count(DISTINCT patient_id) FROM forms WHERE sent_by IS NULL "
	    "AND closes_at <= ?2 AND " OUTCOMES_IN_SET("patient_id"), ids,
	    n)) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 2, now);
	st = outcomes_count(db, stmt, "outcome forms", c);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * outcomes_mirror counts the mirror experiences the patients of ids
 * requested (n) and those completed (k): closed after being under way.
 */
int
outcomes_mirror(struct db *db, const int64_t *ids, size_t n,
    struct outcomes_count *c)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = outcomes_prepare(db, &stmt, "SELECT count(*), "
	    "coalesce(sum(r.state = ?2 AND EXISTS (SELECT 1 FROM "
	    "mirror_events e WHERE e.request_id = r.id AND e.state = ?3)), "
	    "0), count(DISTINCT r.patient_id) FROM mirror_requests r WHERE "
	    OUTCOMES_IN_SET("r.patient_id"), ids, n)) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 2, MIRROR_CLOSED);
	sqlite3_bind_int(stmt, 3, MIRROR_ACTIVE);
	st = outcomes_count(db, stmt, "outcome mirror", c);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * outcomes_engagement counts one patient's active days (local dates with
 * anything she did in the audit trail or her modules), posts, and
 * messages she wrote to professionals (care and direct conversations).
 */
int
outcomes_engagement(struct db *db, int64_t patient,
    struct outcomes_engagement *e)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	memset(e, 0, sizeof *e);
	if ((st = db_prepare(db, &stmt, "SELECT "
	    "(SELECT count(*) FROM (SELECT date(at, 'unixepoch', "
	    "'localtime') FROM audit WHERE actor_id = ?1 UNION "
	    "SELECT date(at, 'unixepoch', 'localtime') FROM module_events "
	    "WHERE patient_id = ?1)), "
	    "(SELECT count(*) FROM posts WHERE author_id = ?1), "
	    "(SELECT count(*) FROM messages m JOIN conversations c ON "
	    "c.id = m.conversation_id WHERE m.author_id = ?1 AND c.kind IN "
	    "(?2, ?3))")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int(stmt, 2, CONV_CARE);
	sqlite3_bind_int(stmt, 3, CONV_DIRECT);
	if ((st = db_step_row(db, stmt, "outcome engagement")) != ST_OK) {
		if (st == ST_NOTFOUND)
			st = db_fail(db, "outcome engagement");
		goto out;
	}
	e->active_days = sqlite3_column_int64(stmt, 0);
	e->posts = sqlite3_column_int64(stmt, 1);
	e->messages = sqlite3_column_int64(stmt, 2);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* The queries of outcomes_times: rows of (patient, seconds). */
static const char *const outcomes_time_sql[OUTCOMES_TIME_COUNT] = {
	/*
	 * From a patient's first message in a care or direct conversation
	 * to the first message a professional wrote after it.
	 */
	[OUTCOMES_FIRST_REPLY] =
	    "SELECT patient_id, reply - t0 FROM (SELECT c.patient_id, f.t0, "
	    "(SELECT min(m.created_at) FROM messages m JOIN accounts a ON "
	    "a.id = m.author_id WHERE m.conversation_id = c.id AND a.role = "
	    "?2 AND m.created_at >= f.t0) AS reply FROM conversations c "
	    "JOIN (SELECT m.conversation_id, min(m.created_at) AS t0 FROM "
	    "messages m JOIN conversations c2 ON c2.id = m.conversation_id "
	    "WHERE m.author_id = c2.patient_id GROUP BY m.conversation_id) f "
	    "ON f.conversation_id = c.id WHERE c.kind IN (?3, ?4) AND "
	    OUTCOMES_IN_SET("c.patient_id") ") WHERE reply IS NOT NULL",
	[OUTCOMES_ALERT_ACK] =
	    "SELECT patient_id, acknowledged_at - created_at FROM alerts "
	    "WHERE acknowledged_at > 0 AND priority BETWEEN ?2 AND ?3 AND "
	    OUTCOMES_IN_SET("patient_id"),
	[OUTCOMES_ALERT_CLOSE] =
	    "SELECT patient_id, closed_at - created_at FROM alerts "
	    "WHERE closed_at > 0 AND priority BETWEEN ?2 AND ?3 AND "
	    OUTCOMES_IN_SET("patient_id"),
	/* With no set (?1 NULL): every post that waited in the queue. */
	[OUTCOMES_MODERATION] =
	    "SELECT author_id, mod_at - queued_at FROM posts WHERE "
	    "queued_at > 0 AND mod_at >= queued_at AND (?1 IS NULL OR "
	    OUTCOMES_IN_SET("author_id") ")",
};

/* outcomes_times_clear frees the hours of t. */
void
outcomes_times_clear(struct outcomes_times *t)
{
	free(t->hours);
	memset(t, 0, sizeof *t);
}

/* outcomes_times_bind binds what a kind of time needs besides the set. */
static void
outcomes_times_bind(sqlite3_stmt *stmt, enum outcomes_time kind, int lo,
    int hi)
{
	switch (kind) {
	case OUTCOMES_FIRST_REPLY:
		sqlite3_bind_int(stmt, 2, OUTCOMES_ROLE_PROFESSIONAL);
		sqlite3_bind_int(stmt, 3, CONV_CARE);
		sqlite3_bind_int(stmt, 4, CONV_DIRECT);
		break;
	case OUTCOMES_ALERT_ACK:
	case OUTCOMES_ALERT_CLOSE:
		sqlite3_bind_int(stmt, 2, lo);
		sqlite3_bind_int(stmt, 3, hi);
		break;
	default:
		break;
	}
}

/* outcomes_id_cmp orders ids for qsort. */
static int
outcomes_id_cmp(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * outcomes_times collects the times of one kind, in hours, for the
 * patients of ids (ids NULL: everyone, for moderation only), with how
 * many patients they concern.  lo and hi bound an alert's priority.
 */
int
outcomes_times(struct db *db, enum outcomes_time kind, const int64_t *ids,
    size_t n, int lo, int hi, struct outcomes_times *t)
{
	sqlite3_stmt	*stmt = NULL;
	int64_t		*who = NULL;
	size_t		 i;
	int		 rc, st;

	memset(t, 0, sizeof *t);
	if (kind < 0 || kind >= OUTCOMES_TIME_COUNT ||
	    (ids == NULL && kind != OUTCOMES_MODERATION))
		return ST_INVALID;
	if ((st = outcomes_prepare(db, &stmt, outcomes_time_sql[kind], ids,
	    n)) != ST_OK)
		goto out;
	outcomes_times_bind(stmt, kind, lo, hi);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		t->hours = xreallocarray(t->hours, t->n + 1,
		    sizeof *t->hours);
		who = xreallocarray(who, t->n + 1, sizeof *who);
		who[t->n] = sqlite3_column_int64(stmt, 0);
		t->hours[t->n++] = sqlite3_column_int64(stmt, 1) / 3600.0;
	}
	if (rc != SQLITE_DONE) {
		st = db_fail(db, "outcome times");
		outcomes_times_clear(t);
		goto out;
	}
	/* Distinct patients: sorted, each change of id is one more. */
	if (t->n > 0)
		qsort(who, t->n, sizeof *who, outcomes_id_cmp);
	for (i = 0; i < t->n; i++)
		if (i == 0 || who[i] != who[i - 1])
			t->patients++;
out:
	free(who);
	sqlite3_finalize(stmt);
	return st;
}
