/*
 * notifications.c: private notes from the service to one account, such
 * as why a moderator hid a post.  Stored as a kind and its values, not as
 * text, so each is shown in the reader's language.
 */
#include <stdlib.h>

#include "storage_int.h"

/* notification_free frees a notification; NULL is accepted. */
void
notification_free(struct notification *n)
{
	if (n == NULL)
		return;
	free(n->note);
	free(n->thread_title);
	free(n);
}

/* notifications_free_list frees a list from notifications_list. */
void
notifications_free_list(struct notification **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		notification_free(list[i]);
	free(list);
}

/* notifications_add leaves a note for an account. */
int
notifications_add(struct db *db, int64_t account, int kind, int64_t object,
    int reason, const char *note, int64_t until)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO notifications "
	    "(account_id, kind, object_id, reason, note, until, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int(stmt, 2, kind);
	sqlite3_bind_int64(stmt, 3, object);
	sqlite3_bind_int(stmt, 4, reason);
	sqlite3_bind_text(stmt, 5, note != NULL ? note : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, until);
	sqlite3_bind_int64(stmt, 7, db_now());
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* notifications_list returns account's newest notes, at most limit. */
int
notifications_list(struct db *db, int64_t account, size_t limit,
    struct notification ***out, size_t *n)
{
	sqlite3_stmt		 *stmt = NULL;
	struct notification	**list = NULL, *x;
	size_t			  len = 0;
	int			  st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT n.id, n.account_id, n.kind, "
	    "n.object_id, n.reason, n.note, n.until, n.created_at, n.read_at, "
	    "t.title FROM notifications n LEFT JOIN posts p ON p.id = "
	    "n.object_id AND n.kind != ?3 LEFT JOIN threads t ON t.id = "
	    "p.thread_id WHERE n.account_id = ?1 ORDER BY n.id DESC "
	    "LIMIT ?2")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int64(stmt, 2, (int64_t)limit);
	sqlite3_bind_int(stmt, 3, NOTE_SUSPENDED);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		x = xcalloc(1, sizeof *x);
		x->id = sqlite3_column_int64(stmt, 0);
		x->account_id = sqlite3_column_int64(stmt, 1);
		x->kind = sqlite3_column_int(stmt, 2);
		x->object_id = sqlite3_column_int64(stmt, 3);
		x->reason = sqlite3_column_int(stmt, 4);
		x->note = db_column_text(stmt, 5);
		x->until = sqlite3_column_int64(stmt, 6);
		x->created_at = sqlite3_column_int64(stmt, 7);
		x->read_at = sqlite3_column_int64(stmt, 8);
		x->thread_title = db_column_text(stmt, 9);
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = x;
	}
	if (rc != SQLITE_DONE) {
		notifications_free_list(list, len);
		st = db_fail(db, "list notifications");
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* notifications_unread counts account's unread notes. */
int
notifications_unread(struct db *db, int64_t account, int64_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT count(*) FROM notifications "
	    "WHERE account_id = ? AND read_at = 0")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	st = db_step_int64(db, stmt, "count notifications", n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* notifications_mark_read marks all of account's notes read. */
int
notifications_mark_read(struct db *db, int64_t account)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE notifications SET read_at = ? "
	    "WHERE account_id = ? AND read_at = 0")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, db_now());
	sqlite3_bind_int64(stmt, 2, account);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}
