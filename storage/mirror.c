/*
 * mirror.c: mirror experiences as storage keeps them: the patients'
 * requests, every change of their state with its time (mirror_events,
 * never rewritten, so waiting times can be reported), expert patients'
 * profiles and the ratings given at closing.  Texts arrive and leave
 * sealed (see sealed.c); who may see or change what is bbs/mirror.c's
 * rule, and every function here that reads one request takes its id only
 * after bbs/ has decided the reader may.
 */
#include <stdlib.h>
#include <string.h>

#include "storage_int.h"

/* The columns of a request, without its texts, and where they come from. */
#define MIRROR_COLUMNS \
	"r.id, r.patient_id, pa.pseudonym, r.topic, r.state, " \
	"coalesce(r.professional_id, 0), pr.pseudonym, " \
	"coalesce(r.expert_id, 0), ex.pseudonym, " \
	"coalesce(r.conversation_id, 0), r.created_at, r.updated_at "
#define MIRROR_TEXTS \
	", r.details, r.details_key, r.preference, r.preference_key "
#define MIRROR_FROM \
	"FROM mirror_requests r JOIN accounts pa ON pa.id = r.patient_id " \
	"LEFT JOIN accounts pr ON pr.id = r.professional_id " \
	"LEFT JOIN accounts ex ON ex.id = r.expert_id "

/* How many experiences an expert is in now: accepted or active. */
#define MIRROR_ACTIVE_SQL(acct) \
	"(SELECT count(*) FROM mirror_requests m WHERE m.expert_id = " acct \
	" AND m.state IN (?8, ?9))"

#define MIRROR_MAX_STATES	6

/*
 * A query over requests for one account (?1), with the states it names
 * bound from ?2 on: the states are enum values, kept out of the SQL text
 * so the enum stays the one place that numbers them.
 */
struct mirror_query {
	const char	*sql;
	int		 states[MIRROR_MAX_STATES];
	size_t		 nstates;
};

/* mirror_requests_list's lists, by enum mirror_list. */
static const struct mirror_query mirror_lists[] = {
	/*
	 * A professional's queue: everyone's requests waiting for a match,
	 * oldest first, then the ones she mediates that are under way, then
	 * those she closed in the last 90 days, newest first, so she can
	 * come back to their ratings.
	 */
	[MIRROR_LIST_QUEUE] = {
		"WHERE r.state IN (?2, ?3) OR (r.professional_id = ?1 AND "
		"(r.state IN (?4, ?5, ?6) OR (r.state = ?7 AND r.updated_at > "
		"CAST(strftime('%s', 'now') AS INTEGER) - 90 * 86400))) "
		"ORDER BY CASE WHEN r.state IN (?2, ?3) THEN 0 WHEN r.state = ?7 "
		"THEN 2 ELSE 1 END, CASE WHEN r.state = ?7 THEN -r.updated_at "
		"ELSE r.created_at END, r.id",
		{ MIRROR_REQUESTED, MIRROR_DECLINED, MIRROR_PROPOSED,
		  MIRROR_ACCEPTED, MIRROR_ACTIVE, MIRROR_CLOSED }, 6
	},
	/* A patient's own requests, newest first. */
	[MIRROR_LIST_MINE] = {
		"WHERE r.patient_id = ?1 ORDER BY r.created_at DESC, r.id DESC",
		{ 0 }, 0
	},
	/*
	 * An expert's: proposals waiting for her answer first, then the
	 * experiences she took part in, newest change first (one cancelled
	 * after she accepted it too, so it does not vanish unexplained).
	 */
	[MIRROR_LIST_EXPERT] = {
		"WHERE r.expert_id = ?1 AND (r.state IN (?2, ?3, ?4, ?5) OR "
		"(r.state = ?6 AND r.conversation_id IS NOT NULL)) ORDER BY "
		"r.state = ?2 DESC, r.updated_at DESC, r.id DESC",
		{ MIRROR_PROPOSED, MIRROR_ACCEPTED, MIRROR_ACTIVE,
		  MIRROR_CLOSED, MIRROR_CANCELLED }, 5
	},
};

/* mirror_requests_count's counts, by enum mirror_count. */
static const struct mirror_query mirror_counts_sql[] = {
	[MIRROR_COUNT_UNMATCHED] = {
		"SELECT count(*) FROM mirror_requests WHERE state IN (?2, ?3) "
		"AND ?1 = ?1",
		{ MIRROR_REQUESTED, MIRROR_DECLINED }, 2
	},
	[MIRROR_COUNT_PROPOSED] = {
		"SELECT count(*) FROM mirror_requests WHERE expert_id = ?1 "
		"AND state = ?2",
		{ MIRROR_PROPOSED }, 1
	},
	[MIRROR_COUNT_UNRATED] = {
		"SELECT count(*) FROM mirror_requests r WHERE r.patient_id = "
		"?1 AND r.state = ?2 AND NOT EXISTS (SELECT 1 FROM "
		"mirror_ratings g WHERE g.request_id = r.id AND g.account_id = "
		"?1)",
		{ MIRROR_CLOSED }, 1
	},
};

/* mirror_bind_states binds a query's states from parameter 2 on. */
static void
mirror_bind_states(sqlite3_stmt *stmt, const struct mirror_query *q)
{
	size_t	i;

	for (i = 0; i < q->nstates; i++)
		sqlite3_bind_int(stmt, (int)i + 2, q->states[i]);
}

/* mirror_bind_id binds an id, 0 standing for none (SQL NULL). */
static void
mirror_bind_id(sqlite3_stmt *stmt, int col, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(stmt, col, id);
	else
		sqlite3_bind_null(stmt, col);
}

/* mirror_request_free frees a request; NULL is accepted. */
void
mirror_request_free(struct mirror_request *r)
{
	if (r == NULL)
		return;
	free(r->patient);
	free(r->professional);
	free(r->expert);
	free(r->declined_by);
	sealed_clear(&r->details);
	sealed_clear(&r->preference);
	free(r->details_text);
	free(r->preference_text);
	free(r);
}

/* mirror_requests_free_list frees a list of requests. */
void
mirror_requests_free_list(struct mirror_request **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		mirror_request_free(list[i]);
	free(list);
}

/* mirror_events_free frees a list from mirror_events_list. */
void
mirror_events_free(struct mirror_event *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(list[i].by);
		free(list[i].expert);
		sealed_clear(&list[i].note);
		free(list[i].note_text);
	}
	free(list);
}

/* expert_profiles_free frees a list from expert_profiles_available. */
void
expert_profiles_free(struct expert_profile *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(list[i].pseudonym);
	free(list);
}

/* mirror_ratings_free frees a list from mirror_ratings_list. */
void
mirror_ratings_free(struct mirror_rating *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(list[i].pseudonym);
		sealed_clear(&list[i].comment);
		free(list[i].comment_text);
	}
	free(list);
}

/*
 * mirror_requests_row reads one row of MIRROR_COLUMNS, and of
 * MIRROR_TEXTS after them when texts is set.
 */
static struct mirror_request *
mirror_requests_row(sqlite3_stmt *stmt, bool texts)
{
	struct mirror_request	*r;

	r = xcalloc(1, sizeof *r);
	r->id = sqlite3_column_int64(stmt, 0);
	r->patient_id = sqlite3_column_int64(stmt, 1);
	r->patient = db_column_text(stmt, 2);
	r->topic = sqlite3_column_int(stmt, 3);
	r->state = sqlite3_column_int(stmt, 4);
	r->professional_id = sqlite3_column_int64(stmt, 5);
	r->professional = db_column_text(stmt, 6);
	r->expert_id = sqlite3_column_int64(stmt, 7);
	r->expert = db_column_text(stmt, 8);
	r->conversation_id = sqlite3_column_int64(stmt, 9);
	r->created_at = sqlite3_column_int64(stmt, 10);
	r->updated_at = sqlite3_column_int64(stmt, 11);
	if (texts) {
		sealed_column(stmt, 12, 13, &r->details);
		sealed_column(stmt, 14, 15, &r->preference);
	}
	return r;
}

/*
 * mirror_requests_create adds patient's request on topic, requested at
 * now and without texts yet (they are sealed with the new id, then set
 * with mirror_requests_set_texts).
 */
int
mirror_requests_create(struct db *db, int64_t patient, int topic,
    int64_t now, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*id = 0;
	if ((st = db_prepare(db, &stmt, "INSERT INTO mirror_requests "
	    "(patient_id, topic, state, created_at, updated_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?4)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int(stmt, 2, topic);
	sqlite3_bind_int(stmt, 3, MIRROR_REQUESTED);
	sqlite3_bind_int64(stmt, 4, now);
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* mirror_requests_set_texts sets a request's sealed texts (NULL: none). */
int
mirror_requests_set_texts(struct db *db, int64_t id,
    const struct sealed *details, const struct sealed *preference)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE mirror_requests SET "
	    "details = ?2, details_key = ?3, preference = ?4, "
	    "preference_key = ?5 WHERE id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sealed_bind(stmt, 2, 3, details);
	sealed_bind(stmt, 4, 5, preference);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* mirror_requests_get reads request id with its sealed texts. */
int
mirror_requests_get(struct db *db, int64_t id, struct mirror_request **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT " MIRROR_COLUMNS MIRROR_TEXTS
	    MIRROR_FROM "WHERE r.id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	if ((st = db_step_row(db, stmt, "mirror request")) == ST_OK)
		*out = mirror_requests_row(stmt, true);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * mirror_requests_update stores r's state, mediator, expert, conversation
 * and updated_at (its texts are not touched).
 */
int
mirror_requests_update(struct db *db, const struct mirror_request *r)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE mirror_requests SET "
	    "state = ?2, professional_id = ?3, expert_id = ?4, "
	    "conversation_id = ?5, updated_at = ?6 WHERE id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, r->id);
	sqlite3_bind_int(stmt, 2, r->state);
	mirror_bind_id(stmt, 3, r->professional_id);
	mirror_bind_id(stmt, 4, r->expert_id);
	mirror_bind_id(stmt, 5, r->conversation_id);
	sqlite3_bind_int64(stmt, 6, r->updated_at);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* mirror_int runs a query with one id (?1) that yields one integer. */
static int
mirror_int(struct db *db, const struct mirror_query *q, int64_t id,
    const char *what, int64_t *v)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*v = 0;
	if ((st = db_prepare(db, &stmt, q->sql)) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	mirror_bind_states(stmt, q);
	st = db_step_int64(db, stmt, what, v);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * mirror_requests_open_of finds patient's open request (requested, being
 * matched, declined and waiting for another expert, or under way): its
 * id, or 0 when she has none.
 */
int
mirror_requests_open_of(struct db *db, int64_t patient, int64_t *id)
{
	static const struct mirror_query q = {
		"SELECT coalesce((SELECT id FROM mirror_requests WHERE "
		"patient_id = ?1 AND state IN (?2, ?3, ?4, ?5, ?6) ORDER BY id "
		"LIMIT 1), 0)",
		{ MIRROR_REQUESTED, MIRROR_PROPOSED, MIRROR_ACCEPTED,
		  MIRROR_ACTIVE, MIRROR_DECLINED }, 5
	};

	return mirror_int(db, &q, patient, "open mirror request", id);
}

/*
 * mirror_requests_of_conversation finds the request whose conversation
 * is conv: its id, or 0 when conv is not a mirror experience's.
 */
int
mirror_requests_of_conversation(struct db *db, int64_t conv, int64_t *id)
{
	static const struct mirror_query q = {
		"SELECT coalesce((SELECT id FROM mirror_requests WHERE "
		"conversation_id = ?1 ORDER BY id LIMIT 1), 0)", { 0 }, 0
	};

	return mirror_int(db, &q, conv, "mirror conversation", id);
}

/*
 * mirror_last_author is the author of the newest message of conversation
 * conv (the one just written, inside the writer's transaction); 0 when
 * there is none.
 */
int
mirror_last_author(struct db *db, int64_t conv, int64_t *author)
{
	static const struct mirror_query q = {
		"SELECT coalesce((SELECT author_id FROM messages WHERE "
		"conversation_id = ?1 ORDER BY id DESC LIMIT 1), 0)", { 0 }, 0
	};

	return mirror_int(db, &q, conv, "mirror message author", author);
}

/* mirror_requests_count counts what enum mirror_count says for account. */
int
mirror_requests_count(struct db *db, int which, int64_t account, int64_t *n)
{
	*n = 0;
	if (which < 0 || (size_t)which >=
	    sizeof mirror_counts_sql / sizeof mirror_counts_sql[0])
		return ST_INVALID;
	return mirror_int(db, &mirror_counts_sql[which], account,
	    "mirror count", n);
}

/*
 * mirror_requests_list lists requests without their texts, which (enum
 * mirror_list) for account.
 */
int
mirror_requests_list(struct db *db, int which, int64_t account,
    struct mirror_request ***out, size_t *n)
{
	sqlite3_stmt		 *stmt = NULL;
	struct mirror_request	**list = NULL;
	size_t			  len = 0;
	char			 *sql;
	int			  st, rc;

	*out = NULL;
	*n = 0;
	if (which < 0 || (size_t)which >=
	    sizeof mirror_lists / sizeof mirror_lists[0])
		return ST_INVALID;
	xasprintf(&sql, "SELECT " MIRROR_COLUMNS MIRROR_FROM "%s",
	    mirror_lists[which].sql);
	st = db_prepare(db, &stmt, sql);
	free(sql);
	if (st != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	mirror_bind_states(stmt, &mirror_lists[which]);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = mirror_requests_row(stmt, false);
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "mirror requests");
out:
	sqlite3_finalize(stmt);
	if (st != ST_OK) {
		mirror_requests_free_list(list, len);
		list = NULL;
		len = 0;
	}
	*out = list;
	*n = len;
	return st;
}

/*
 * mirror_events_add records that request entered state at at, by by
 * (0: nobody, the system) with expert (0: none) concerned; the note,
 * sealed with the new id, is set after with mirror_events_set_note.
 */
int
mirror_events_add(struct db *db, int64_t request, int state, int64_t by,
    int64_t expert, int64_t at, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*id = 0;
	if ((st = db_prepare(db, &stmt, "INSERT INTO mirror_events "
	    "(request_id, state, by_id, expert_id, at) VALUES (?1, ?2, ?3, "
	    "?4, ?5)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, request);
	sqlite3_bind_int(stmt, 2, state);
	mirror_bind_id(stmt, 3, by);
	mirror_bind_id(stmt, 4, expert);
	sqlite3_bind_int64(stmt, 5, at);
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* mirror_events_set_note sets an event's sealed note. */
int
mirror_events_set_note(struct db *db, int64_t id, const struct sealed *note)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE mirror_events SET note = ?2, "
	    "note_key = ?3 WHERE id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sealed_bind(stmt, 2, 3, note);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* mirror_events_list lists request's changes of state, oldest first. */
int
mirror_events_list(struct db *db, int64_t request, struct mirror_event **out,
    size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct mirror_event	*list = NULL, *e;
	size_t			 len = 0;
	int			 st, rc;

	if ((st = db_prepare(db, &stmt, "SELECT e.id, e.state, "
	    "coalesce(e.by_id, 0), b.pseudonym, coalesce(e.expert_id, 0), "
	    "x.pseudonym, e.at, e.note, e.note_key FROM mirror_events e "
	    "LEFT JOIN accounts b ON b.id = e.by_id LEFT JOIN accounts x ON "
	    "x.id = e.expert_id WHERE e.request_id = ?1 ORDER BY e.id")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, request);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		e = &list[len++];
		memset(e, 0, sizeof *e);
		e->id = sqlite3_column_int64(stmt, 0);
		e->state = sqlite3_column_int(stmt, 1);
		e->by_id = sqlite3_column_int64(stmt, 2);
		e->by = db_column_text(stmt, 3);
		e->expert_id = sqlite3_column_int64(stmt, 4);
		e->expert = db_column_text(stmt, 5);
		e->at = sqlite3_column_int64(stmt, 6);
		sealed_column(stmt, 7, 8, &e->note);
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "mirror events");
out:
	sqlite3_finalize(stmt);
	if (st != ST_OK) {
		mirror_events_free(list, len);
		list = NULL;
		len = 0;
	}
	*out = list;
	*n = len;
	return st;
}

/* expert_profiles_row reads one profile row (see expert_profiles_get). */
static void
expert_profiles_row(sqlite3_stmt *stmt, struct expert_profile *p)
{
	memset(p, 0, sizeof *p);
	p->account_id = sqlite3_column_int64(stmt, 0);
	p->pseudonym = db_column_text(stmt, 1);
	p->topics = (unsigned)sqlite3_column_int64(stmt, 2);
	p->available = sqlite3_column_int(stmt, 3) != 0;
	p->updated_at = sqlite3_column_int64(stmt, 4);
	p->active = sqlite3_column_int64(stmt, 5);
}

/*
 * expert_profiles_get reads account's profile into *p (p->pseudonym
 * allocated): an account that has never set one has no topics and is not
 * available.  ST_NOTFOUND when there is no such account.
 */
int
expert_profiles_get(struct db *db, int64_t account, struct expert_profile *p)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	memset(p, 0, sizeof *p);
	if ((st = db_prepare(db, &stmt, "SELECT a.id, a.pseudonym, "
	    "coalesce(p.topics, 0), coalesce(p.available, 0), "
	    "coalesce(p.updated_at, 0), " MIRROR_ACTIVE_SQL("a.id") " FROM "
	    "accounts a LEFT JOIN expert_profiles p ON p.account_id = a.id "
	    "WHERE a.id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int(stmt, 8, MIRROR_ACCEPTED);
	sqlite3_bind_int(stmt, 9, MIRROR_ACTIVE);
	if ((st = db_step_row(db, stmt, "expert profile")) == ST_OK)
		expert_profiles_row(stmt, p);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* expert_profiles_set stores account's topics and availability. */
int
expert_profiles_set(struct db *db, int64_t account, unsigned topics,
    bool available, int64_t now)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO expert_profiles "
	    "(account_id, topics, available, updated_at) VALUES (?1, ?2, ?3, "
	    "?4) ON CONFLICT (account_id) DO UPDATE SET topics = "
	    "excluded.topics, available = excluded.available, updated_at = "
	    "excluded.updated_at")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int64(stmt, 2, topics);
	sqlite3_bind_int(stmt, 3, available ? 1 : 0);
	sqlite3_bind_int64(stmt, 4, now);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * expert_profiles_available lists the enabled accounts of role (the
 * expert patients) available now, but exclude: those whose topics hold
 * topic first, then the others; within each, the ones in fewer
 * experiences now first.
 */
int
expert_profiles_available(struct db *db, int role, int64_t exclude,
    int topic, struct expert_profile **out, size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct expert_profile	*list = NULL;
	size_t			 len = 0;
	int			 st, rc;

	if ((st = db_prepare(db, &stmt, "SELECT a.id, a.pseudonym, p.topics, "
	    "p.available, p.updated_at, " MIRROR_ACTIVE_SQL("a.id") " AS "
	    "active FROM expert_profiles p JOIN accounts a ON a.id = "
	    "p.account_id WHERE a.role = ?1 AND a.disabled = 0 AND "
	    "p.available = 1 AND a.id <> ?2 ORDER BY (p.topics >> ?3) & 1 "
	    "DESC, active, a.pseudonym, a.id")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, role);
	sqlite3_bind_int64(stmt, 2, exclude);
	sqlite3_bind_int(stmt, 3, topic);
	sqlite3_bind_int(stmt, 8, MIRROR_ACCEPTED);
	sqlite3_bind_int(stmt, 9, MIRROR_ACTIVE);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		expert_profiles_row(stmt, &list[len++]);
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "available experts");
out:
	sqlite3_finalize(stmt);
	if (st != ST_OK) {
		expert_profiles_free(list, len);
		list = NULL;
		len = 0;
	}
	*out = list;
	*n = len;
	return st;
}

/*
 * mirror_ratings_add records account's rating of request, once: a second
 * is ST_EXISTS.  The comment, sealed with the new id, is set after.
 */
int
mirror_ratings_add(struct db *db, int64_t request, int64_t account,
    int rating, int64_t at, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*id = 0;
	if ((st = db_prepare(db, &stmt, "INSERT INTO mirror_ratings "
	    "(request_id, account_id, rating, at) VALUES (?1, ?2, ?3, ?4)")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, request);
	sqlite3_bind_int64(stmt, 2, account);
	sqlite3_bind_int(stmt, 3, rating);
	sqlite3_bind_int64(stmt, 4, at);
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* mirror_ratings_set_comment sets a rating's sealed comment. */
int
mirror_ratings_set_comment(struct db *db, int64_t id,
    const struct sealed *comment)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE mirror_ratings SET "
	    "comment = ?2, comment_key = ?3 WHERE id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sealed_bind(stmt, 2, 3, comment);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* mirror_ratings_list lists request's ratings, in the order given. */
int
mirror_ratings_list(struct db *db, int64_t request,
    struct mirror_rating **out, size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct mirror_rating	*list = NULL, *g;
	size_t			 len = 0;
	int			 st, rc;

	if ((st = db_prepare(db, &stmt, "SELECT g.id, g.account_id, "
	    "a.pseudonym, g.rating, g.comment, g.comment_key, g.at FROM "
	    "mirror_ratings g JOIN accounts a ON a.id = g.account_id WHERE "
	    "g.request_id = ?1 ORDER BY g.id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, request);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		g = &list[len++];
		memset(g, 0, sizeof *g);
		g->id = sqlite3_column_int64(stmt, 0);
		g->account_id = sqlite3_column_int64(stmt, 1);
		g->pseudonym = db_column_text(stmt, 2);
		g->rating = sqlite3_column_int(stmt, 3);
		sealed_column(stmt, 4, 5, &g->comment);
		g->at = sqlite3_column_int64(stmt, 6);
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "mirror ratings");
out:
	sqlite3_finalize(stmt);
	if (st != ST_OK) {
		mirror_ratings_free(list, len);
		list = NULL;
		len = 0;
	}
	*out = list;
	*n = len;
	return st;
}
