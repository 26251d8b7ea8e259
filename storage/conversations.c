/*
 * conversations.c: private conversations and their members.  Storage only
 * stores and lists: who may see or write is bbs/message.c's rule.  A
 * conversation is never deleted; each member has her own read mark and
 * archives it for herself only.  Subjects are sealed (see sealed.c).
 */
#include <stdlib.h>
#include <string.h>

#include "storage_int.h"

/*
 * The columns of a conversation as read for the account ?1: whether she
 * is a member, has archived it, and how many messages by others came
 * after her read mark (0 when she is not a member).  Members are listed
 * by account id: the members table is keyed on (conversation, account),
 * so the subquery yields them in that order.
 */
#define CONV_COLUMNS \
	"c.id, c.kind, coalesce(c.patient_id, 0), p.pseudonym, c.shared, " \
	"c.subject, c.subject_key, c.created_by, c.created_at, " \
	"c.last_message, c.last_at, c.waiting_since, c.closed_at, " \
	"m.account_id IS NOT NULL, coalesce(m.archived, 0), " \
	"CASE WHEN m.account_id IS NULL THEN 0 ELSE (SELECT count(*) FROM " \
	"messages x WHERE x.conversation_id = c.id AND x.id > m.last_read " \
	"AND x.author_id <> ?1) END, " \
	"(SELECT group_concat(pseudonym, ', ') FROM (SELECT a.pseudonym " \
	"FROM conversation_members cm JOIN accounts a ON a.id = " \
	"cm.account_id WHERE cm.conversation_id = c.id ORDER BY " \
	"cm.account_id)) "
#define CONV_FROM \
	"FROM conversations c LEFT JOIN accounts p ON p.id = c.patient_id " \
	"LEFT JOIN conversation_members m ON m.conversation_id = c.id AND " \
	"m.account_id = ?1 "

/*
 * A professional's (?1) inbox, after CONV_FROM: the patients'
 * conversations she is a member of and has not archived, her patients'
 * conversations with their care team, and the shared inbox.  The IN
 * list narrows the rows by index before the exact rule.
 */
#define CONV_INBOX \
	"WHERE c.id IN (SELECT conversation_id FROM conversation_members " \
	"WHERE account_id = ?1 AND archived = 0 UNION SELECT id FROM " \
	"conversations WHERE shared = 1 UNION SELECT k.id FROM " \
	"care_team t JOIN conversations k ON k.patient_id = t.patient_id " \
	"WHERE t.professional_id = ?1 AND k.kind = 0) " \
	"AND c.patient_id IS NOT NULL AND c.kind <> 2 AND " \
	"((m.account_id IS NOT NULL AND m.archived = 0) OR " \
	"(c.kind = 0 AND m.account_id IS NULL AND EXISTS (SELECT 1 FROM " \
	"care_team t WHERE t.patient_id = c.patient_id AND " \
	"t.professional_id = ?1)) OR c.shared = 1) "

/* conversation_free frees a conversation; NULL is accepted. */
void
conversation_free(struct conversation *c)
{
	if (c == NULL)
		return;
	free(c->patient);
	sealed_clear(&c->subject);
	free(c->title);
	free(c->members);
	free(c);
}

/* conversations_free_list frees a list of conversations. */
void
conversations_free_list(struct conversation **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		conversation_free(list[i]);
	free(list);
}

/* conversations_row reads one row of CONV_COLUMNS. */
static struct conversation *
conversations_row(sqlite3_stmt *stmt)
{
	struct conversation	*c;

	c = xcalloc(1, sizeof *c);
	c->id = sqlite3_column_int64(stmt, 0);
	c->kind = sqlite3_column_int(stmt, 1);
	c->patient_id = sqlite3_column_int64(stmt, 2);
	c->patient = db_column_text(stmt, 3);
	c->shared = sqlite3_column_int(stmt, 4) != 0;
	sealed_column(stmt, 5, 6, &c->subject);
	c->created_by = sqlite3_column_int64(stmt, 7);
	c->created_at = sqlite3_column_int64(stmt, 8);
	c->last_message = sqlite3_column_int64(stmt, 9);
	c->last_at = sqlite3_column_int64(stmt, 10);
	c->waiting_since = sqlite3_column_int64(stmt, 11);
	c->closed_at = sqlite3_column_int64(stmt, 12);
	c->member = sqlite3_column_int(stmt, 13) != 0;
	c->archived = sqlite3_column_int(stmt, 14) != 0;
	c->unread = sqlite3_column_int64(stmt, 15);
	c->members = db_column_text(stmt, 16);
	if (c->members == NULL)
		c->members = xstrdup("");
	return c;
}

/*
 * conversations_collect steps a prepared query of CONV_COLUMNS into a list
 * (NULL and 0 on failure, what naming it in the log).
 */
static int
conversations_collect(struct db *db, sqlite3_stmt *stmt, const char *what,
    struct conversation ***out, size_t *n)
{
	struct conversation	**list = NULL;
	size_t			  len = 0;
	int			  rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = conversations_row(stmt);
	}
	*out = NULL;
	*n = 0;
	if (rc != SQLITE_DONE) {
		conversations_free_list(list, len);
		return db_fail(db, what);
	}
	*out = list;
	*n = len;
	return ST_OK;
}

/*
 * conversations_create opens a conversation of kind about patient (0: one
 * between staff), in the shared inbox or not, made by created_by now.
 * Its subject is stored apart (conversations_set_subject) because it is
 * sealed bound to the id made here.
 */
int
conversations_create(struct db *db, int kind, int64_t patient, bool shared,
    int64_t created_by, int64_t *id)
{
	sqlite3_stmt	*stmt = NULL;
	int64_t		 now = db_now();
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO conversations (kind, "
	    "patient_id, shared, created_by, created_at, last_at) VALUES "
	    "(?, ?, ?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, kind);
	if (patient > 0)
		sqlite3_bind_int64(stmt, 2, patient);
	sqlite3_bind_int(stmt, 3, shared ? 1 : 0);
	sqlite3_bind_int64(stmt, 4, created_by);
	sqlite3_bind_int64(stmt, 5, now);
	sqlite3_bind_int64(stmt, 6, now);
	if ((st = db_step_done(db, stmt)) == ST_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* conversations_set_subject stores conversation id's sealed subject. */
int
conversations_set_subject(struct db *db, int64_t id,
    const struct sealed *subject)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE conversations SET "
	    "subject = ?1, subject_key = ?2 WHERE id = ?3")) != ST_OK)
		goto out;
	sealed_bind(stmt, 1, 2, subject);
	sqlite3_bind_int64(stmt, 3, id);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * conversations_get reads conversation id as seen by reader (0: nobody,
 * then member, archived and unread are unset).
 */
int
conversations_get(struct db *db, int64_t id, int64_t reader,
    struct conversation **out)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT " CONV_COLUMNS CONV_FROM
	    "WHERE c.id = ?2")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, reader);
	sqlite3_bind_int64(stmt, 2, id);
	if ((st = db_step_row(db, stmt, "conversation")) == ST_OK)
		*out = conversations_row(stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * conversations_of lists the conversations account is a member of, those
 * she archived or those she did not, latest activity first.
 */
int
conversations_of(struct db *db, int64_t account, bool archived,
    struct conversation ***out, size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT " CONV_COLUMNS CONV_FROM
	    "WHERE m.account_id = ?1 AND m.archived = ?2 "
	    "ORDER BY c.last_at DESC, c.id DESC")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	sqlite3_bind_int(stmt, 2, archived ? 1 : 0);
	st = conversations_collect(db, stmt, "conversations", out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * conversations_inbox lists a professional's inbox: the patients'
 * conversations (never mirror experiences) she is a member of and has not
 * archived, the care conversations of the patients she follows that she
 * has not joined yet, and the shared inbox.  Patients waiting for an
 * answer come first, the longest wait first; then latest activity.  The
 * IN list only narrows the search to what the indexes find quickly; the
 * conditions after it are the rule.
 */
int
conversations_inbox(struct db *db, int64_t professional,
    struct conversation ***out, size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT " CONV_COLUMNS CONV_FROM
	    CONV_INBOX "ORDER BY c.waiting_since = 0, c.waiting_since, "
	    "c.last_at DESC, c.id DESC")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, professional);
	st = conversations_collect(db, stmt, "inbox", out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * conversations_inbox_waiting counts the conversations of professional's
 * inbox where a patient waits for an answer: the main menu's figure,
 * without reading the conversations.
 */
int
conversations_inbox_waiting(struct db *db, int64_t professional, int64_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT count(*) " CONV_FROM
	    CONV_INBOX "AND c.waiting_since > 0")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, professional);
	st = db_step_int64(db, stmt, "inbox waiting", n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * conversations_touch records message_id, written at at, as conversation
 * id's latest, and what it does to the waiting time (enum
 * conversation_wait): a wait starts only if none is running, so it
 * counts from the first unanswered message.
 */
int
conversations_touch(struct db *db, int64_t id, int64_t message_id,
    int64_t at, int wait)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE conversations SET "
	    "last_message = ?2, last_at = ?3, waiting_since = CASE ?4 "
	    "WHEN 1 THEN CASE WHEN waiting_since = 0 THEN ?3 ELSE "
	    "waiting_since END WHEN 2 THEN 0 ELSE waiting_since END "
	    "WHERE id = ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, message_id);
	sqlite3_bind_int64(stmt, 3, at);
	sqlite3_bind_int(stmt, 4, wait);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* conversations_change runs an update of conversation ?1 (by ?2, at ?3). */
static int
conversations_change(struct db *db, const char *sql, int64_t id,
    int64_t by)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, sql)) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, by);
	sqlite3_bind_int64(stmt, 3, db_now());
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * conversations_take takes a conversation out of the shared inbox; only
 * one professional can: for the next one it is no longer shared, and
 * she gets ST_NOTFOUND.
 */
int
conversations_take(struct db *db, int64_t id)
{
	return conversations_change(db, "UPDATE conversations SET shared = 0 "
	    "WHERE id = ?1 AND shared = 1 AND ?2 = ?2 AND ?3 = ?3", id, 0);
}

/* conversations_close closes an open conversation (else ST_NOTFOUND). */
int
conversations_close(struct db *db, int64_t id, int64_t by)
{
	return conversations_change(db, "UPDATE conversations SET "
	    "closed_by = ?2, closed_at = ?3 WHERE id = ?1 AND closed_at = 0",
	    id, by);
}

/*
 * conversations_unread_total counts the messages by others that account
 * has not read in all her conversations, archived ones too: a new
 * message brings an archived conversation back anyway.
 */
int
conversations_unread_total(struct db *db, int64_t account, int64_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT count(*) FROM "
	    "conversation_members m JOIN messages x ON x.conversation_id = "
	    "m.conversation_id AND x.id > m.last_read WHERE m.account_id = ?1 "
	    "AND x.author_id <> ?1")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	st = db_step_int64(db, stmt, "unread messages", n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* conversation_members_add makes account a member (nothing if she is). */
int
conversation_members_add(struct db *db, int64_t id, int64_t account)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT OR IGNORE INTO "
	    "conversation_members (conversation_id, account_id, joined_at) "
	    "VALUES (?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, account);
	sqlite3_bind_int64(stmt, 3, db_now());
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* conversation_members_free frees a list from conversation_members_list. */
void
conversation_members_free(struct conversation_member *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(list[i].pseudonym);
	free(list);
}

/* conversation_members_list lists the members of id, by account id. */
int
conversation_members_list(struct db *db, int64_t id,
    struct conversation_member **out, size_t *n)
{
	sqlite3_stmt			*stmt = NULL;
	struct conversation_member	*list = NULL, *m;
	size_t				 len = 0;
	int				 st, rc;

	if ((st = db_prepare(db, &stmt, "SELECT m.account_id, a.pseudonym, "
	    "a.role, m.last_read, m.archived FROM conversation_members m "
	    "JOIN accounts a ON a.id = m.account_id WHERE "
	    "m.conversation_id = ? ORDER BY m.account_id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		m = &list[len++];
		m->id = sqlite3_column_int64(stmt, 0);
		m->pseudonym = db_column_text(stmt, 1);
		m->role = sqlite3_column_int(stmt, 2);
		m->last_read = sqlite3_column_int64(stmt, 3);
		m->archived = sqlite3_column_int(stmt, 4) != 0;
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "conversation members");
out:
	sqlite3_finalize(stmt);
	if (st != ST_OK) {
		conversation_members_free(list, len);
		list = NULL;
		len = 0;
	}
	*out = list;
	*n = len;
	return st;
}

/*
 * conversation_members_set runs an update of member ?2 of conversation
 * ?1 with the value ?3; ST_NOTFOUND when she is not a member.
 */
static int
conversation_members_set(struct db *db, const char *sql, int64_t id,
    int64_t account, int64_t value)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, sql)) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, account);
	sqlite3_bind_int64(stmt, 3, value);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * conversation_members_read moves account's read mark in id up to
 * message_id; it never moves back, so an old page read late does not
 * make newer messages unread again.
 */
int
conversation_members_read(struct db *db, int64_t id, int64_t account,
    int64_t message_id)
{
	return conversation_members_set(db, "UPDATE conversation_members SET "
	    "last_read = max(last_read, ?3) WHERE conversation_id = ?1 AND "
	    "account_id = ?2", id, account, message_id);
}

/* conversation_members_archive archives id for account, or brings it back. */
int
conversation_members_archive(struct db *db, int64_t id, int64_t account,
    bool archived)
{
	return conversation_members_set(db, "UPDATE conversation_members SET "
	    "archived = ?3 WHERE conversation_id = ?1 AND account_id = ?2",
	    id, account, archived ? 1 : 0);
}

/*
 * conversation_members_unarchive_others brings id back for every member
 * but except (who just wrote in it).
 */
int
conversation_members_unarchive_others(struct db *db, int64_t id,
    int64_t except)
{
	int	st;

	st = conversation_members_set(db, "UPDATE conversation_members SET "
	    "archived = 0 WHERE conversation_id = ?1 AND account_id <> ?2 AND "
	    "archived <> ?3", id, except, 0);
	return st == ST_NOTFOUND ? ST_OK : st;
}
