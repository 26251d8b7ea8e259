/*
 * audit.c: how the domain layer writes audit rows.
 *
 * One helper so every row names its actor the same way: the account's
 * pseudonym and role, or "operator" for bbsctl run on the server.
 */
#include <string.h>

#include "bbs.h"

/*
 * audit_record appends a row for actor inside the caller's transaction.
 * detail must never hold a password, a message body or a score.
 */
int
audit_record(struct db *db, const struct actor *actor, const char *action,
    const char *object_type, int64_t object_id, const char *patient,
    const char *detail, bool allowed)
{
	struct audit_entry	e;

	memset(&e, 0, sizeof e);
	e.actor_id = actor->operator ? 0 : actor->id;
	e.actor_name = (char *)(actor->name != NULL ? actor->name : "-");
	e.actor_role = (char *)(actor->operator ? "operator" :
	    role_name(actor->role));
	e.action = (char *)action;
	e.object_type = (char *)object_type;
	e.object_id = object_id;
	e.patient = (char *)patient;
	e.detail = (char *)detail;
	e.allowed = allowed;
	e.source = (char *)(actor->source != NULL ? actor->source : "local");
	return audit_append(db, &e);
}

/*
 * audit_view records that actor looked at someone's private data, in a
 * transaction of its own: a read needs its row as much as a change does.
 */
int
audit_view(struct db *db, const struct actor *actor, const char *action,
    const char *object_type, int64_t object_id, const char *patient,
    const char *detail)
{
	int	st;

	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = audit_record(db, actor, action, object_type, object_id,
	    patient, detail, true)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}
