/*
 * posts.c: posts and their moderation state.
 *
 * A post is never removed: deleting one's own post empties its body (with
 * secure_delete on, the text is overwritten on disk) and leaves a marker;
 * a moderator hides, never deletes.  Every change of text goes through
 * the search index in the same transaction (storage/search.c).
 */
#include <stdint.h>
#include <stdlib.h>

#include "storage_int.h"

/* post_free frees a post; NULL is accepted. */
void
post_free(struct post *p)
{
	if (p == NULL)
		return;
	free(p->thread_title);
	free(p->author_name);
	free(p->body);
	free(p->mod_note);
	free(p);
}

/* posts_free_list frees a list of posts. */
void
posts_free_list(struct post **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		post_free(list[i]);
	free(list);
}

/*
 * The author's pseudonym as every query shows it: "" for a post whose
 * author was forgotten by the community (anonymised, privacy spec), which
 * the UI shows as "former member".  The author_id stays for the record.
 */
#define POSTS_AUTHOR_SQL \
	"CASE WHEN p.anonymised THEN '' ELSE a.pseudonym END"

#define POST_SELECT \
	"SELECT p.id, p.thread_id, p.board_id, t.title, p.author_id, " \
	POSTS_AUTHOR_SQL ", p.author_role, p.body, p.state, p.hold, p.urgent, " \
	"p.created_at, p.edited_at, p.deleted_at, p.queued_at, " \
	"p.mod_reason, p.mod_note, p.mod_at, (SELECT count(*) FROM reports r " \
	"WHERE r.post_id = p.id AND r.resolved_at = 0) " \
	"FROM posts p JOIN threads t ON t.id = p.thread_id " \
	"JOIN accounts a ON a.id = p.author_id "

/* posts_row reads one row of POST_SELECT. */
static struct post *
posts_row(sqlite3_stmt *stmt)
{
	struct post	*p;

	p = xcalloc(1, sizeof *p);
	p->id = sqlite3_column_int64(stmt, 0);
	p->thread_id = sqlite3_column_int64(stmt, 1);
	p->board_id = sqlite3_column_int64(stmt, 2);
	p->thread_title = db_column_text(stmt, 3);
	p->author_id = sqlite3_column_int64(stmt, 4);
	p->author_name = db_column_text(stmt, 5);
	p->author_role = sqlite3_column_int(stmt, 6);
	p->body = db_column_text(stmt, 7);
	p->state = sqlite3_column_int(stmt, 8);
	p->hold = (unsigned)sqlite3_column_int(stmt, 9);
	p->urgent = sqlite3_column_int(stmt, 10) != 0;
	p->created_at = sqlite3_column_int64(stmt, 11);
	p->edited_at = sqlite3_column_int64(stmt, 12);
	p->deleted_at = sqlite3_column_int64(stmt, 13);
	p->queued_at = sqlite3_column_int64(stmt, 14);
	p->mod_reason = sqlite3_column_int(stmt, 15);
	p->mod_note = db_column_text(stmt, 16);
	p->mod_at = sqlite3_column_int64(stmt, 17);
	p->reports = sqlite3_column_int64(stmt, 18);
	if (p->body == NULL)
		p->body = xstrdup("");
	return p;
}

/* posts_collect steps a POST_SELECT statement into a list. */
static int
posts_collect(struct db *db, sqlite3_stmt *stmt, struct post ***out,
    size_t *n)
{
	struct post	**list = NULL;
	size_t		  len = 0;
	int		  rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = posts_row(stmt);
	}
	if (rc != SQLITE_DONE) {
		posts_free_list(list, len);
		return db_fail(db, "list posts");
	}
	*out = list;
	*n = len;
	return ST_OK;
}

/*
 * posts_create adds a post to a thread, in its board, and to the search
 * index.  A post that is not visible enters the moderation queue now.
 */
int
posts_create(struct db *db, int64_t thread, int64_t author, int role,
    const char *body, int state, unsigned hold, bool urgent, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int64_t		 now = db_now(), pid;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO posts (thread_id, "
	    "board_id, author_id, author_role, body, state, hold, urgent, "
	    "created_at, queued_at) VALUES (?1, (SELECT board_id FROM threads "
	    "WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, thread);
	sqlite3_bind_int64(stmt, 2, author);
	sqlite3_bind_int(stmt, 3, role);
	sqlite3_bind_text(stmt, 4, body, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 5, state);
	sqlite3_bind_int(stmt, 6, (int)hold);
	sqlite3_bind_int(stmt, 7, urgent);
	sqlite3_bind_int64(stmt, 8, now);
	sqlite3_bind_int64(stmt, 9, state == POST_VISIBLE ? 0 : now);
	if ((st = db_step_done(db, stmt)) != ST_OK)
		goto out;
	pid = sqlite3_last_insert_rowid(db->sq);
	if ((st = search_index_post(db, pid, false)) == ST_OK && id != NULL)
		*id = pid;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* posts_get reads one post by id, whatever its state. */
int
posts_get(struct db *db, int64_t id, struct post **out)
{
	sqlite3_stmt	 *stmt = NULL;
	struct post	**list = NULL;
	size_t		  n = 0;
	int		  st;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, POST_SELECT "WHERE p.id = ?")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	if ((st = posts_collect(db, stmt, &list, &n)) != ST_OK)
		goto out;
	if (n == 0)
		st = ST_NOTFOUND;
	else
		*out = list[0];
	free(list);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * posts_list returns a page of a thread's posts, oldest first, as viewer
 * sees them: every post when all is set, otherwise visible posts and
 * viewer's own.
 */
int
posts_list(struct db *db, int64_t thread, int64_t viewer, bool all,
    size_t offset, size_t limit, struct post ***out, size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, POST_SELECT "WHERE p.thread_id = ?1 "
	    "AND (?3 OR p.state = 0 OR p.author_id = ?2) ORDER BY p.id "
	    "LIMIT ?4 OFFSET ?5")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, thread);
	sqlite3_bind_int64(stmt, 2, viewer);
	sqlite3_bind_int(stmt, 3, all);
	sqlite3_bind_int64(stmt, 4, (int64_t)limit);
	sqlite3_bind_int64(stmt, 5, (int64_t)offset);
	st = posts_collect(db, stmt, out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * posts_count counts the posts of a thread viewer sees (as posts_list)
 * whose id is below before (INT64_MAX: all of them).
 */
int
posts_count(struct db *db, int64_t thread, int64_t viewer, bool all,
    int64_t before, int64_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT count(*) FROM posts p WHERE "
	    "p.thread_id = ?1 AND p.id < ?4 AND (?3 OR p.state = 0 OR "
	    "p.author_id = ?2)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, thread);
	sqlite3_bind_int64(stmt, 2, viewer);
	sqlite3_bind_int(stmt, 3, all);
	sqlite3_bind_int64(stmt, 4, before);
	st = db_step_int64(db, stmt, "count posts", n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* posts_rewrite replaces a body, keeping the search index in step. */
static int
posts_rewrite(struct db *db, int64_t id, const char *sql, const char *body)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = search_index_post(db, id, true)) != ST_OK)
		return st;
	if ((st = db_prepare(db, &stmt, sql)) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, db_now());
	sqlite3_bind_int64(stmt, 3, id);
	if ((st = db_step_done(db, stmt)) != ST_OK)
		goto out;
	if (sqlite3_changes(db->sq) == 0)
		st = ST_NOTFOUND;
	else
		st = search_index_post(db, id, false);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* posts_set_body stores an edited body and when it was edited. */
int
posts_set_body(struct db *db, int64_t id, const char *body)
{
	return posts_rewrite(db, id, "UPDATE posts SET body = ?, "
	    "edited_at = ? WHERE id = ?", body);
}

/* posts_delete empties a post its author deleted. */
int
posts_delete(struct db *db, int64_t id)
{
	return posts_rewrite(db, id, "UPDATE posts SET body = ?, "
	    "deleted_at = ? WHERE id = ?", "");
}

/*
 * posts_set_state moves a post to state; entering the moderation queue
 * stamps the time it started waiting.
 */
int
posts_set_state(struct db *db, int64_t id, int state, unsigned hold,
    bool urgent)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE posts SET state = ?1, "
	    "hold = ?2, urgent = ?3, queued_at = CASE WHEN ?1 BETWEEN 1 AND 3 "
	    "THEN CASE WHEN state BETWEEN 1 AND 3 THEN queued_at ELSE ?4 END "
	    "ELSE 0 END WHERE id = ?5")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, state);
	sqlite3_bind_int(stmt, 2, (int)hold);
	sqlite3_bind_int(stmt, 3, urgent);
	sqlite3_bind_int64(stmt, 4, db_now());
	sqlite3_bind_int64(stmt, 5, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * posts_set_moderation records a moderator's decision: the new state,
 * the reason (-1: none) and note, and who decided.  The post leaves the
 * queue.
 */
int
posts_set_moderation(struct db *db, int64_t id, int state, int reason,
    const char *note, int64_t by)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE posts SET state = ?, "
	    "mod_reason = ?, mod_note = ?, mod_by = ?, mod_at = ?, "
	    "urgent = 0, hold = 0, queued_at = 0 WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, state);
	sqlite3_bind_int(stmt, 2, reason);
	if (note != NULL && *note != '\0')
		sqlite3_bind_text(stmt, 3, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, by);
	sqlite3_bind_int64(stmt, 5, db_now());
	sqlite3_bind_int64(stmt, 6, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* posts_queue returns the moderation queue: urgent first, oldest first. */
int
posts_queue(struct db *db, size_t offset, size_t limit, struct post ***out,
    size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, POST_SELECT "WHERE p.state BETWEEN 1 "
	    "AND 3 ORDER BY p.urgent DESC, p.queued_at, p.id "
	    "LIMIT ? OFFSET ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, (int64_t)limit);
	sqlite3_bind_int64(stmt, 2, (int64_t)offset);
	st = posts_collect(db, stmt, out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* posts_queue_count counts the queue and its urgent part. */
int
posts_queue_count(struct db *db, int64_t *n, int64_t *urgent)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*n = *urgent = 0;
	if ((st = db_prepare(db, &stmt, "SELECT count(*), coalesce(sum("
	    "urgent), 0) FROM posts WHERE state BETWEEN 1 AND 3")) != ST_OK)
		goto out;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*n = sqlite3_column_int64(stmt, 0);
		*urgent = sqlite3_column_int64(stmt, 1);
	} else
		st = db_fail(db, "count queue");
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * posts_of_author lists every post author wrote, in any state, oldest
 * first: a member's own posts for her right of access (privacy spec).
 */
int
posts_of_author(struct db *db, int64_t author, struct post ***out,
    size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, POST_SELECT "WHERE p.author_id = ? "
	    "ORDER BY p.id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, author);
	st = posts_collect(db, stmt, out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * posts_undeleted_of lists the ids of author's posts not deleted yet,
 * for deleting them all when she is forgotten.
 */
int
posts_undeleted_of(struct db *db, int64_t author, int64_t **ids, size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*ids = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT id FROM posts WHERE "
	    "author_id = ? AND deleted_at = 0 ORDER BY id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, author);
	st = db_collect_ids(db, stmt, "posts of author", ids, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * posts_anonymise marks every post of author anonymised: from now on
 * each query shows "" as its author.  The index holds no author, so the
 * search index needs no change.  *count is how many posts changed.
 */
int
posts_anonymise(struct db *db, int64_t author, int64_t *count)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*count = 0;
	if ((st = db_prepare(db, &stmt, "UPDATE posts SET anonymised = 1 "
	    "WHERE author_id = ? AND anonymised = 0")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, author);
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*count = sqlite3_changes(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}
