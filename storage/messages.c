/*
 * messages.c: the messages of private conversations.  A message is never
 * deleted or edited; its body is sealed (see sealed.c) and stored apart
 * from the row because it is sealed bound to the id made here.
 */
#include <stdlib.h>

#include "storage_int.h"

#define MESSAGE_COLUMNS \
	"x.id, x.conversation_id, x.author_id, a.pseudonym, a.role, " \
	"x.created_at, x.body, x.body_key "
#define MESSAGE_FROM \
	"FROM messages x JOIN accounts a ON a.id = x.author_id "

/* message_free frees a message; NULL is accepted. */
void
message_free(struct message *m)
{
	if (m == NULL)
		return;
	free(m->author);
	sealed_clear(&m->body);
	free(m->text);
	free(m);
}

/* messages_free_list frees a list from messages_list. */
void
messages_free_list(struct message **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		message_free(list[i]);
	free(list);
}

/* messages_row reads one row of MESSAGE_COLUMNS. */
static struct message *
messages_row(sqlite3_stmt *stmt)
{
	struct message	*m;

	m = xcalloc(1, sizeof *m);
	m->id = sqlite3_column_int64(stmt, 0);
	m->conversation_id = sqlite3_column_int64(stmt, 1);
	m->author_id = sqlite3_column_int64(stmt, 2);
	m->author = db_column_text(stmt, 3);
	m->author_role = sqlite3_column_int(stmt, 4);
	m->created_at = sqlite3_column_int64(stmt, 5);
	sealed_column(stmt, 6, 7, &m->body);
	return m;
}

/* messages_create adds a message by author to conversation, body unset. */
int
messages_create(struct db *db, int64_t conversation, int64_t author,
    int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO messages "
	    "(conversation_id, author_id, created_at) VALUES (?, ?, ?)")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, conversation);
	sqlite3_bind_int64(stmt, 2, author);
	sqlite3_bind_int64(stmt, 3, db_now());
	if ((st = db_step_done(db, stmt)) == ST_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* messages_set_body stores message id's sealed body. */
int
messages_set_body(struct db *db, int64_t id, const struct sealed *body)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE messages SET body = ?1, "
	    "body_key = ?2 WHERE id = ?3")) != ST_OK)
		goto out;
	sealed_bind(stmt, 1, 2, body);
	sqlite3_bind_int64(stmt, 3, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* messages_get reads message id with its author's pseudonym and role. */
int
messages_get(struct db *db, int64_t id, struct message **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
	    "WHERE x.id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	if ((st = db_step_row(db, stmt, "message")) == ST_OK)
		*out = messages_row(stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* messages_list lists the messages of conversation, oldest first. */
int
messages_list(struct db *db, int64_t conversation, struct message ***out,
    size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	struct message	**list = NULL;
	size_t		  len = 0;
	int		  st, rc;

	if ((st = db_prepare(db, &stmt, "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
	    "WHERE x.conversation_id = ? ORDER BY x.id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, conversation);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = messages_row(stmt);
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "messages");
out:
	sqlite3_finalize(stmt);
	if (st != ST_OK) {
		messages_free_list(list, len);
		list = NULL;
		len = 0;
	}
	*out = list;
	*n = len;
	return st;
}

