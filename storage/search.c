/*
 * search.c: the full-text indexes and ranked queries (SQLite FTS5).
 *
 * Both indexes are external-content tables: the text lives once, in posts
 * and articles, and FTS5 keeps only its tokens.  Such an index must be
 * told the old text before a row changes, so every writer calls
 * search_index_*(remove) before the change and (add) after it, in the same
 * transaction.  (With trusted_schema OFF, SQLite 3.40 refuses FTS5 in
 * triggers, so this cannot be a trigger.)  The tokenizer folds case and
 * accents: "quimioterapia" finds "quimioteràpia".
 *
 * Queries here take FTS5 syntax already built by bbs/search.c from what
 * the user typed; the filters decide what the searcher may see.
 */
#include <stdlib.h>

#include "storage_int.h"

/* search_hit_free frees a hit; NULL is accepted. */
void
search_hit_free(struct search_hit *h)
{
	if (h == NULL)
		return;
	free(h->title);
	free(h->where);
	free(h->author_name);
	free(h->snippet);
	free(h);
}

/* search_free_list frees a list of hits. */
void
search_free_list(struct search_hit **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		search_hit_free(list[i]);
	free(list);
}

/* search_index_row adds a row to an index or removes it from it. */
static int
search_index_row(struct db *db, const char *add, const char *remove,
    int64_t id, bool removing)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, removing ? remove : add)) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * search_index_post adds post id (with its thread's title when it opens
 * the thread) to the index, or removes it using the text stored now.
 */
int
search_index_post(struct db *db, int64_t id, bool remove)
{
	return search_index_row(db,
	    "INSERT INTO post_fts (rowid, title, body) SELECT id, title, body "
	    "FROM post_search_content WHERE id = ?",
	    "INSERT INTO post_fts (post_fts, rowid, title, body) SELECT "
	    "'delete', id, title, body FROM post_search_content WHERE id = ?",
	    id, remove);
}

/* search_index_article adds an article to the index or removes it. */
int
search_index_article(struct db *db, int64_t id, bool remove)
{
	return search_index_row(db,
	    "INSERT INTO article_fts (rowid, title, body) SELECT id, title, "
	    "body FROM articles WHERE id = ?",
	    "INSERT INTO article_fts (article_fts, rowid, title, body) SELECT "
	    "'delete', id, title, body FROM articles WHERE id = ?",
	    id, remove);
}

/* search_collect steps a query with the hit columns into a list. */
static int
search_collect(struct db *db, sqlite3_stmt *stmt, int kind,
    struct search_hit ***out, size_t *n)
{
	struct search_hit	**list = NULL, *h;
	size_t			  len = 0;
	int			  rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		h = xcalloc(1, sizeof *h);
		h->kind = kind;
		h->id = sqlite3_column_int64(stmt, 0);
		h->thread_id = sqlite3_column_int64(stmt, 1);
		h->title = db_column_text(stmt, 2);
		h->where = db_column_text(stmt, 3);
		h->author_name = db_column_text(stmt, 4);
		h->author_role = sqlite3_column_int(stmt, 5);
		h->snippet = db_column_text(stmt, 6);
		h->created_at = sqlite3_column_int64(stmt, 7);
		h->rank = sqlite3_column_double(stmt, 8);
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = h;
	}
	if (rc != SQLITE_DONE) {
		search_free_list(list, len);
		/* A malformed query is the caller's bug, but never fatal. */
		return db_fail(db, "search");
	}
	*out = list;
	*n = len;
	return ST_OK;
}

/*
 * search_posts returns the best matches among visible posts, in visible
 * threads of open boards that one of the roles in mask may read.
 */
int
search_posts(struct db *db, const char *query, unsigned mask, size_t limit,
    struct search_hit ***out, size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT p.id, p.thread_id, t.title, "
	    "b.name, CASE WHEN p.anonymised THEN '' ELSE a.pseudonym END, "
	    "p.author_role, snippet(post_fts, -1, "
	    "char(1), char(2), '…', 16), p.created_at, "
	    "bm25(post_fts, 4.0, 1.0) AS r FROM post_fts "
	    "JOIN posts p ON p.id = post_fts.rowid "
	    "JOIN threads t ON t.id = p.thread_id "
	    "JOIN boards b ON b.id = p.board_id "
	    "JOIN accounts a ON a.id = p.author_id "
	    "WHERE post_fts MATCH ?1 AND p.state = 0 AND p.deleted_at = 0 "
	    "AND t.state = 0 AND b.archived = 0 AND (b.read_roles & ?2) != 0 "
	    "ORDER BY r LIMIT ?3")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, query, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, (int)mask);
	sqlite3_bind_int64(stmt, 3, (int64_t)limit);
	st = search_collect(db, stmt, SEARCH_POST, out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* search_articles returns the best matches among library articles. */
int
search_articles(struct db *db, const char *query, size_t limit,
    struct search_hit ***out, size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT ar.id, 0, ar.title, "
	    "ar.category, a.pseudonym, coalesce(a.role, -1), "
	    "snippet(article_fts, -1, char(1), char(2), '…', 16), "
	    "ar.updated_at, bm25(article_fts, 4.0, 1.0) AS r "
	    "FROM article_fts JOIN articles ar ON ar.id = article_fts.rowid "
	    "LEFT JOIN accounts a ON a.id = ar.author_id "
	    "WHERE article_fts MATCH ?1 AND ar.archived = 0 "
	    "ORDER BY r LIMIT ?2")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, query, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, (int64_t)limit);
	st = search_collect(db, stmt, SEARCH_ARTICLE, out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}
