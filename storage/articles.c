/*
 * articles.c: the information library's articles.
 *
 * The article_fts index (FTS5, external content on this table) does not
 * follow the table by itself: an external-content index forgets a row
 * only when told the exact tokens it indexed, so every change of title or
 * body takes the old text out of the index before the row changes and
 * puts the new text in after (search_index_article in search.c reads the
 * current row each time).  Archived articles stay indexed; searching
 * leaves them out.
 */
#include <stdio.h>
#include <stdlib.h>

#include "storage_int.h"

/* article_free frees an article; NULL is accepted. */
void
article_free(struct article *a)
{
	if (a == NULL)
		return;
	free(a->category);
	free(a->title);
	free(a->body);
	free(a->author_name);
	free(a);
}

/* articles_free_list frees a list from articles_list. */
void
articles_free_list(struct article **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		article_free(list[i]);
	free(list);
}

/* The columns articles_row reads; column 3 is the body (or NULL). */
#define ARTICLE_COLUMNS(body) \
	"SELECT a.id, a.category, a.title, " body ", a.author_id, " \
	"u.pseudonym, a.created_at, a.updated_at, a.reviewed_at, a.archived " \
	"FROM articles a LEFT JOIN accounts u ON u.id = a.author_id "

/* articles_row builds an article from the current row of a select. */
static struct article *
articles_row(sqlite3_stmt *stmt)
{
	struct article	*a;

	a = xcalloc(1, sizeof *a);
	a->id = sqlite3_column_int64(stmt, 0);
	a->category = db_column_text(stmt, 1);
	a->title = db_column_text(stmt, 2);
	a->body = db_column_text(stmt, 3);
	a->author_id = sqlite3_column_int64(stmt, 4);
	a->author_name = db_column_text(stmt, 5);
	a->created_at = sqlite3_column_int64(stmt, 6);
	a->updated_at = sqlite3_column_int64(stmt, 7);
	a->reviewed_at = sqlite3_column_int64(stmt, 8);
	a->archived = sqlite3_column_int(stmt, 9) != 0;
	return a;
}

/*
 * articles_create stores a new article and indexes it for search.  Its
 * times are taken from a, each 0 meaning now; author_id 0 stores none.
 */
int
articles_create(struct db *db, const struct article *a, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int64_t		 now = db_now(), newid = 0;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO articles (category, "
	    "title, body, author_id, created_at, updated_at, reviewed_at, "
	    "archived) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, a->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, a->body, -1, SQLITE_STATIC);
	if (a->author_id != 0)
		sqlite3_bind_int64(stmt, 4, a->author_id);
	sqlite3_bind_int64(stmt, 5, a->created_at != 0 ? a->created_at : now);
	sqlite3_bind_int64(stmt, 6, a->updated_at != 0 ? a->updated_at : now);
	sqlite3_bind_int64(stmt, 7, a->reviewed_at != 0 ? a->reviewed_at :
	    now);
	sqlite3_bind_int(stmt, 8, a->archived ? 1 : 0);
	if ((st = db_step_done(db, stmt)) != ST_OK)
		goto out;
	newid = sqlite3_last_insert_rowid(db->sq);
	if ((st = search_index_article(db, newid, false)) != ST_OK)
		goto out;
	if (id != NULL)
		*id = newid;
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * articles_update replaces an article's category, title, body, updated_at
 * and reviewed_at (author, creation time and archived stay), moving its
 * search index entry from the old text to the new.
 */
int
articles_update(struct db *db, const struct article *a)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	/* The old tokens leave the index while the old row is still there. */
	if ((st = search_index_article(db, a->id, true)) != ST_OK)
		goto out;
	if ((st = db_prepare(db, &stmt, "UPDATE articles SET category = ?, "
	    "title = ?, body = ?, updated_at = ?, reviewed_at = ? "
	    "WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, a->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, a->body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, a->updated_at);
	sqlite3_bind_int64(stmt, 5, a->reviewed_at);
	sqlite3_bind_int64(stmt, 6, a->id);
	if ((st = db_step_done(db, stmt)) != ST_OK)
		goto out;
	if (sqlite3_changes(db->sq) == 0) {
		st = ST_NOTFOUND;
		goto out;
	}
	st = search_index_article(db, a->id, false);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* articles_get reads one article, body included, archived or not. */
int
articles_get(struct db *db, int64_t id, struct article **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st, rc;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, ARTICLE_COLUMNS("a.body")
	    "WHERE a.id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = articles_row(stmt);
	else if (rc == SQLITE_DONE)
		st = ST_NOTFOUND;
	else
		st = db_fail(db, "get article");
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * articles_list returns the articles (archived ones too when asked) by
 * category then title, without their bodies (body is NULL): a list never
 * shows them, and a library may hold many long articles.
 */
int
articles_list(struct db *db, bool include_archived, struct article ***out,
    size_t *n)
{
	sqlite3_stmt	 *stmt = NULL;
	struct article	**list = NULL;
	size_t		  len = 0;
	int		  st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, ARTICLE_COLUMNS("NULL")
	    "WHERE ?1 OR a.archived = 0 "
	    "ORDER BY a.category COLLATE NOCASE, a.title COLLATE NOCASE, "
	    "a.id")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, include_archived ? 1 : 0);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = articles_row(stmt);
	}
	if (rc != SQLITE_DONE) {
		articles_free_list(list, len);
		st = db_fail(db, "list articles");
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* articles_set_reviewed records when an article was last reviewed. */
int
articles_set_reviewed(struct db *db, int64_t id, int64_t at)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE articles SET reviewed_at = ? "
	    "WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, at);
	sqlite3_bind_int64(stmt, 2, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* articles_set_archived archives an article or brings it back. */
int
articles_set_archived(struct db *db, int64_t id, bool archived)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE articles SET archived = ? "
	    "WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, archived ? 1 : 0);
	sqlite3_bind_int64(stmt, 2, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}
