/*
 * notify.c: the service's private notes to one account.  Each account
 * reads only its own: the actor is the owner, always.
 */
#include "bbs.h"

#define NOTIFY_LIST_MAX	100

/* notify_list returns the actor's newest notes. */
int
notify_list(struct db *db, const struct actor *actor,
    struct notification ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (actor->operator || actor->id <= 0)
		return ST_DENIED;
	return notifications_list(db, actor->id, NOTIFY_LIST_MAX, out, n);
}

/* notify_unread counts the actor's unread notes. */
int
notify_unread(struct db *db, const struct actor *actor, int64_t *n)
{
	*n = 0;
	if (actor->operator || actor->id <= 0)
		return ST_DENIED;
	return notifications_unread(db, actor->id, n);
}

/* notify_mark_read marks the actor's notes read. */
int
notify_mark_read(struct db *db, const struct actor *actor)
{
	int	st;

	if (actor->operator || actor->id <= 0)
		return ST_DENIED;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = notifications_mark_read(db, actor->id)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}
