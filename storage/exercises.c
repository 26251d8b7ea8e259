/*
 * exercises.c: a patient's answers to the exercises of her modules, one
 * row per exercise of an assignment (a draft until she submits it), and
 * her professional's feedback on them.  Answers and feedback arrive and
 * leave sealed (see sealed.c): the answer bound to its assignment, the
 * feedback to its answer.
 */
#include <stdlib.h>
#include <string.h>

#include "storage_int.h"

/* The columns of an answer, without its text, and where they come from. */
#define EXERCISE_COLUMNS \
	"e.id, e.assignment_id, a.patient_id, a.module, e.exercise, e.kind, " \
	"e.session, e.created_at, e.updated_at, e.submitted_at "
#define EXERCISE_TEXT	", e.answer, e.answer_key "
#define EXERCISE_FROM \
	"FROM exercise_answers e JOIN module_assignments a ON " \
	"a.id = e.assignment_id "

/* exercise_row_free frees an answer row; NULL is accepted. */
void
exercise_row_free(struct exercise_row *e)
{
	if (e == NULL)
		return;
	free(e->module);
	free(e->exercise);
	sealed_clear(&e->answer);
	free(e);
}

/* exercise_rows_free_list frees a list of answer rows. */
void
exercise_rows_free_list(struct exercise_row **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		exercise_row_free(list[i]);
	free(list);
}

/* feedback_rows_free frees a list from exercise_feedback_list. */
void
feedback_rows_free(struct feedback_row *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(list[i].author);
		sealed_clear(&list[i].text);
	}
	free(list);
}

/*
 * exercises_row reads one row of EXERCISE_COLUMNS, and of EXERCISE_TEXT
 * after them when text is set.
 */
static struct exercise_row *
exercises_row(sqlite3_stmt *stmt, bool text)
{
	struct exercise_row	*e;

	e = xcalloc(1, sizeof *e);
	e->id = sqlite3_column_int64(stmt, 0);
	e->assignment_id = sqlite3_column_int64(stmt, 1);
	e->patient_id = sqlite3_column_int64(stmt, 2);
	e->module = db_column_text(stmt, 3);
	e->exercise = db_column_text(stmt, 4);
	e->kind = sqlite3_column_int(stmt, 5);
	e->session = sqlite3_column_int(stmt, 6);
	e->created_at = sqlite3_column_int64(stmt, 7);
	e->updated_at = sqlite3_column_int64(stmt, 8);
	e->submitted_at = sqlite3_column_int64(stmt, 9);
	if (e->module == NULL)
		e->module = xstrdup("");
	if (e->exercise == NULL)
		e->exercise = xstrdup("");
	if (text)
		sealed_column(stmt, 10, 11, &e->answer);
	return e;
}

/*
 * exercises_collect steps a query of answer rows into an allocated list,
 * with their texts when text is set.
 */
static int
exercises_collect(struct db *db, sqlite3_stmt *stmt, bool text,
    struct exercise_row ***out, size_t *n)
{
	struct exercise_row	**list = NULL;
	size_t			  len = 0;
	int			  rc;

	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = exercises_row(stmt, text);
	}
	if (rc != SQLITE_DONE) {
		exercise_rows_free_list(list, len);
		return db_fail(db, "exercise answers");
	}
	*out = list;
	*n = len;
	return ST_OK;
}

/*
 * exercises_create adds the row of exercise (of kind, in session) of
 * assignment, without its answer yet (it is sealed with the new id, then
 * set with exercises_set_answer).  ST_EXISTS when it has one.
 */
int
exercises_create(struct db *db, int64_t assignment, const char *exercise,
    int kind, int session, int64_t now, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*id = 0;
	if ((st = db_prepare(db, &stmt, "INSERT INTO exercise_answers "
	    "(assignment_id, exercise, kind, session, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?5)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, assignment);
	sqlite3_bind_text(stmt, 2, exercise, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 3, kind);
	sqlite3_bind_int(stmt, 4, session);
	sqlite3_bind_int64(stmt, 5, now);
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * exercises_set_answer stores answer id's sealed text as changed at now;
 * submit marks it submitted at now too (a draft saved over a submitted
 * answer leaves it submitted).
 */
int
exercises_set_answer(struct db *db, int64_t id, const struct sealed *s,
    int64_t now, bool submit)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE exercise_answers SET "
	    "answer = ?2, answer_key = ?3, updated_at = ?4, submitted_at = "
	    "CASE WHEN ?5 THEN ?4 ELSE submitted_at END WHERE id = ?1")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sealed_bind(stmt, 2, 3, s);
	sqlite3_bind_int64(stmt, 4, now);
	sqlite3_bind_int(stmt, 5, submit);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* exercises_get reads answer id with its sealed text. */
int
exercises_get(struct db *db, int64_t id, struct exercise_row **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT " EXERCISE_COLUMNS
	    EXERCISE_TEXT EXERCISE_FROM "WHERE e.id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	if ((st = db_step_row(db, stmt, "exercise answer")) == ST_OK)
		*out = exercises_row(stmt, true);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* exercises_find reads the answer to exercise of assignment, with its text. */
int
exercises_find(struct db *db, int64_t assignment, const char *exercise,
    struct exercise_row **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT " EXERCISE_COLUMNS
	    EXERCISE_TEXT EXERCISE_FROM "WHERE e.assignment_id = ?1 AND "
	    "e.exercise = ?2")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, assignment);
	sqlite3_bind_text(stmt, 2, exercise, -1, SQLITE_TRANSIENT);
	if ((st = db_step_row(db, stmt, "exercise answer")) == ST_OK)
		*out = exercises_row(stmt, true);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * exercises_of lists the answers of assignment, drafts too, without
 * their texts (progress counts), by session and id.
 */
int
exercises_of(struct db *db, int64_t assignment, struct exercise_row ***out,
    size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT " EXERCISE_COLUMNS
	    EXERCISE_FROM "WHERE e.assignment_id = ?1 ORDER BY e.session, "
	    "e.id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, assignment);
	st = exercises_collect(db, stmt, false, out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * exercises_submitted lists patient's submitted answers with their
 * texts, the most recently submitted first.
 */
int
exercises_submitted(struct db *db, int64_t patient, struct exercise_row ***out,
    size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT " EXERCISE_COLUMNS
	    EXERCISE_TEXT EXERCISE_FROM "WHERE a.patient_id = ?1 AND "
	    "e.submitted_at > 0 ORDER BY e.submitted_at DESC, e.id DESC")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	st = exercises_collect(db, stmt, true, out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * exercise_feedback_add adds author's feedback on answer at now, without
 * its text yet (sealed with the new id, then set with
 * exercise_feedback_set_text).
 */
int
exercise_feedback_add(struct db *db, int64_t answer, int64_t author,
    int64_t now, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*id = 0;
	if ((st = db_prepare(db, &stmt, "INSERT INTO exercise_feedback "
	    "(answer_id, author_id, created_at) VALUES (?1, ?2, ?3)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, answer);
	sqlite3_bind_int64(stmt, 2, author);
	sqlite3_bind_int64(stmt, 3, now);
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* exercise_feedback_set_text stores feedback id's sealed text. */
int
exercise_feedback_set_text(struct db *db, int64_t id, const struct sealed *s)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE exercise_feedback SET "
	    "text = ?2, text_key = ?3 WHERE id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sealed_bind(stmt, 2, 3, s);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* exercise_feedback_list lists the feedback on answer, oldest first, sealed. */
int
exercise_feedback_list(struct db *db, int64_t answer,
    struct feedback_row **out, size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct feedback_row	*list = NULL, *f;
	size_t			 len = 0;
	int			 st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT f.id, f.answer_id, "
	    "f.author_id, ac.pseudonym, f.text, f.text_key, f.created_at, "
	    "f.seen_at FROM exercise_feedback f JOIN accounts ac ON "
	    "ac.id = f.author_id WHERE f.answer_id = ?1 ORDER BY f.id")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, answer);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		f = &list[len++];
		f->id = sqlite3_column_int64(stmt, 0);
		f->answer_id = sqlite3_column_int64(stmt, 1);
		f->author_id = sqlite3_column_int64(stmt, 2);
		f->author = db_column_text(stmt, 3);
		sealed_column(stmt, 4, 5, &f->text);
		f->created_at = sqlite3_column_int64(stmt, 6);
		f->seen_at = sqlite3_column_int64(stmt, 7);
	}
	if (rc != SQLITE_DONE) {
		st = db_fail(db, "exercise feedback");
		feedback_rows_free(list, len);
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * exercise_feedback_mark_seen marks the feedback on answer not yet seen as seen
 * at now; *changed is how many were new.
 */
int
exercise_feedback_mark_seen(struct db *db, int64_t answer, int64_t now,
    int *changed)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*changed = 0;
	if ((st = db_prepare(db, &stmt, "UPDATE exercise_feedback SET "
	    "seen_at = ?2 WHERE answer_id = ?1 AND seen_at = 0")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, answer);
	sqlite3_bind_int64(stmt, 2, now);
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*changed = sqlite3_changes(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * exercise_feedback_unseen counts the feedback patient has not seen yet, on the
 * answers of assignment (0: of all her assignments).
 */
int
exercise_feedback_unseen(struct db *db, int64_t patient, int64_t assignment,
    int64_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT count(*) FROM "
	    "exercise_feedback f JOIN exercise_answers e ON e.id = "
	    "f.answer_id JOIN module_assignments a ON a.id = e.assignment_id "
	    "WHERE a.patient_id = ?1 AND (?2 = 0 OR a.id = ?2) AND "
	    "f.seen_at = 0")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int64(stmt, 2, assignment);
	st = db_step_int64(db, stmt, "unseen feedback", n);
out:
	sqlite3_finalize(stmt);
	return st;
}
