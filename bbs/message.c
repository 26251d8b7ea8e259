/*
 * message.c: private conversations (roles spec, "private messages";
 * issue 6).
 *
 * Who may write to whom is the permission table's ACT_MESSAGE row; who
 * may see a conversation is decided here, once, by message_find: its
 * members; for a patient's conversation with her care team, also the
 * professionals caring for her now (a new member of the team sees what
 * the team was told); for one in the shared inbox, every professional.
 * Anyone else gets "not found", whatever the id.
 *
 * Subjects and bodies are sealed (seal.c) for their row and
 * conversation before they are stored, inside the transaction that
 * creates the row, so the database never holds them in clear.  Staff
 * reading a patient's conversation leave an audit row; the audit never
 * holds a text.
 */
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

/* The places texts are sealed for (bound into each record). */
#define SUBJECT_PLACE	sealed_table(SEALED_CONV_SUBJECT)
#define BODY_PLACE	sealed_table(SEALED_MESSAGE_BODY)

/* message_is_patient tells whether a role writes as a patient. */
static bool
message_is_patient(int role)
{
	return role == ROLE_PATIENT || role == ROLE_EXPERT;
}

/* message_purpose is what a conversation's texts are sealed for. */
static enum seal_purpose
message_purpose(const struct conversation *c)
{
	return c->kind == CONV_MIRROR ? SEAL_MIRROR : SEAL_MESSAGES;
}

/*
 * message_clean sanitises a subject (one line) or body into *out and
 * checks it is there and not too long; *err says the limit.
 */
static int
message_clean(const char *in, bool body, char **out, char **err)
{
	size_t	n, max = body ? MESSAGE_BODY_MAX : MESSAGE_SUBJECT_MAX;

	*out = text_sanitise(in != NULL ? in : "", body);
	n = text_codepoints(*out);
	if (strspn(*out, " \n") == strlen(*out)) {
		xasprintf(err, "%s", body ? _("The message is empty.") :
		    _("Please give the conversation a subject."));
		goto bad;
	}
	if (n > max) {
		xasprintf(err, body ?
		    _("Messages can be at most %zu characters; yours has %zu.") :
		    _("Subjects can be at most %zu characters; yours has %zu."),
		    max, n);
		goto bad;
	}
	return ST_OK;
bad:
	free(*out);
	*out = NULL;
	return ST_INVALID;
}

/* message_sealing_failed says why a text could not be stored. */
static void
message_sealing_failed(char **err)
{
	free(*err);
	xasprintf(err, "%s", _("Messages cannot be sent right now: the "
	    "service's message key is missing. The team has been told."));
	log_warn("messages: no key ring loaded (message_keys)");
}

/*
 * message_find returns the conversation id if actor may see it (see the
 * top of the file), read for actor; ST_NOTFOUND otherwise.
 */
int
message_find(struct db *db, const struct actor *actor, int64_t id,
    struct conversation **out)
{
	struct conversation	*c = NULL;
	bool			 ok = false;
	int			 st;

	*out = NULL;
	if (actor->operator || actor->id <= 0)
		return ST_NOTFOUND;
	if ((st = conversations_get(db, id, actor->id, &c)) != ST_OK)
		return st;
	if (c->member)
		ok = true;
	else if (actor->role == ROLE_PROFESSIONAL && c->patient_id != 0 &&
	    c->kind == CONV_CARE) {
		if (c->shared)
			ok = true;
		else if ((st = care_team_has(db, c->patient_id, actor->id,
		    &ok)) != ST_OK)
			goto fail;
	}
	if (!ok) {
		st = ST_NOTFOUND;
		goto fail;
	}
	*out = c;
	return ST_OK;
fail:
	conversation_free(c);
	return st;
}

/* message_open_title opens a conversation's subject for display. */
static void
message_open_title(struct conversation *c)
{
	free(c->title);
	c->title = seal_open(message_purpose(c), SUBJECT_PLACE, c->id,
	    c->id, &c->subject);
}

/*
 * message_store adds one message by actor to conversation c: the row,
 * its sealed body, the conversation's last activity and waiting time,
 * the author's read mark, and the conversation back in every other
 * member's list.  A patient's words matching the risk patterns raise
 * R3 for her care team: messages are not read outside staffed hours.
 * Inside the caller's transaction.
 */
static int
message_store(struct db *db, const struct actor *actor,
    const struct conversation *c, const char *body, int64_t *id)
{
	struct sealed	sealed;
	int		wait = CONV_WAIT_KEEP, st;

	if ((st = messages_create(db, c->id, actor->id, id)) != ST_OK)
		return st;
	if ((st = seal_text(message_purpose(c), BODY_PLACE, *id, c->id, body,
	    &sealed)) != ST_OK)
		return st;
	st = messages_set_body(db, *id, &sealed);
	sealed_clear(&sealed);
	if (st != ST_OK)
		return st;
	if (c->patient_id != 0 && c->kind != CONV_MIRROR)
		wait = message_is_patient(actor->role) ? CONV_WAIT_START :
		    CONV_WAIT_STOP;
	if ((st = conversations_touch(db, c->id, *id, db_now(), wait)) !=
	    ST_OK ||
	    (st = conversation_members_read(db, c->id, actor->id, *id)) !=
	    ST_OK ||
	    (st = conversation_members_unarchive_others(db, c->id,
	    actor->id)) != ST_OK)
		return st;
	if (c->kind == CONV_MIRROR && (st = mirror_note_message(db, c->id)) !=
	    ST_OK)
		return st;
	if (message_is_patient(actor->role) &&
	    (patterns_check(body) & PAT_BIT(PAT_RISK)))
		st = alert_raise(db, actor, "R3", actor->id, "message", *id,
		    "risk language in a private message");
	return st;
}

/*
 * message_recipient resolves whom actor starts a conversation with: a
 * named account, or (name NULL or empty) a patient's own care team.
 * *kind, *patient and *shared describe the conversation to create and
 * *to the named account (0 for the care team).
 */
static int
message_recipient(struct db *db, const struct actor *actor, const char *name,
    int *kind, int64_t *patient, bool *shared, int64_t *to)
{
	struct account	*a = NULL;
	struct target	 t = TARGET_NONE;
	int64_t		 team;
	int		 st;

	*kind = CONV_DIRECT;
	*patient = 0;
	*shared = false;
	*to = 0;
	if (name == NULL || *name == '\0') {
		if (!message_is_patient(actor->role))
			return ST_NOTFOUND;
		if ((st = care_team_count(db, actor->id, &team)) != ST_OK)
			return st;
		t.role = ROLE_PROFESSIONAL;
		t.in_care = team > 0;
		t.unassigned = team == 0;
		if (!role_may(actor, ACT_MESSAGE, &t))
			return ST_NOTFOUND;
		*kind = CONV_CARE;
		*patient = actor->id;
		*shared = team == 0;
		return ST_OK;
	}
	if ((st = accounts_find(db, name, &a)) != ST_OK)
		return st;
	st = ST_NOTFOUND;
	if (a->disabled || a->id == actor->id)
		goto out;
	t.role = a->role;
	if (message_is_patient(actor->role) &&
	    care_team_has(db, actor->id, a->id, &t.in_care) != ST_OK)
		goto out;
	if (!role_may(actor, ACT_MESSAGE, &t))
		goto out;
	if (message_is_patient(actor->role)) {
		/* A patient naming her professional writes to her team. */
		*kind = CONV_CARE;
		*patient = actor->id;
	} else {
		*patient = message_is_patient(a->role) ? a->id : 0;
		*to = a->id;
	}
	st = ST_OK;
out:
	account_free(a);
	return st;
}

/* message_add_team makes a patient's care team members of conversation. */
static int
message_add_team(struct db *db, int64_t conv, int64_t patient)
{
	struct care_member	*team = NULL;
	size_t			 n = 0, i;
	int			 st;

	if ((st = care_team_list(db, patient, &team, &n)) != ST_OK)
		return st;
	for (i = 0; i < n && st == ST_OK; i++)
		st = conversation_members_add(db, conv, team[i].id);
	care_members_free(team, n);
	return st;
}

/* message_create makes the conversation row with its sealed subject. */
static int
message_create(struct db *db, int kind, int64_t patient, bool shared,
    int64_t by, const char *subject, struct conversation **out)
{
	struct sealed	sealed;
	int64_t		id;
	int		st;

	*out = NULL;
	if ((st = conversations_create(db, kind, patient, shared, by, &id)) !=
	    ST_OK)
		return st;
	if ((st = seal_text(kind == CONV_MIRROR ? SEAL_MIRROR : SEAL_MESSAGES,
	    SUBJECT_PLACE, id, id, subject, &sealed)) != ST_OK)
		return st;
	st = conversations_set_subject(db, id, &sealed);
	sealed_clear(&sealed);
	if (st == ST_OK)
		st = conversation_members_add(db, id, by);
	if (st == ST_OK)
		st = conversations_get(db, id, by, out);
	return st;
}

/* message_patient_name is the pseudonym an audit row names, or NULL. */
static const char *
message_patient_name(const struct conversation *c)
{
	return c->patient_id != 0 ? c->patient : NULL;
}

/*
 * message_start starts a conversation: to names the account (NULL or
 * empty: a patient's care team, or the shared inbox while she has
 * none), with its subject and first message.  ST_NOTFOUND when there is
 * nobody of that name actor may write to; *err says why in the user's
 * language whenever the status is not ST_OK.
 */
int
message_start(struct db *db, const struct conf *conf,
    const struct actor *actor, const char *to, const char *subject,
    const char *body, int64_t *id, char **err)
{
	struct conversation	*c = NULL;
	char			*s = NULL, *b = NULL;
	int64_t			 patient, other, msg;
	bool			 shared;
	int			 kind, st;

	(void)conf;
	*id = 0;
	*err = NULL;
	if ((st = message_clean(subject, false, &s, err)) != ST_OK ||
	    (st = message_clean(body, true, &b, err)) != ST_OK)
		goto out;
	if ((st = message_recipient(db, actor, to, &kind, &patient, &shared,
	    &other)) != ST_OK) {
		if (st == ST_NOTFOUND)
			xasprintf(err, _("There is no one called %s you can "
			    "write to."), to != NULL ? to : "");
		goto out;
	}
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = message_create(db, kind, patient, shared, actor->id, s,
	    &c)) != ST_OK)
		goto fail;
	if (kind == CONV_CARE)
		st = message_add_team(db, c->id, patient);
	else
		st = conversation_members_add(db, c->id, other);
	if (st != ST_OK || (st = message_store(db, actor, c, b, &msg)) !=
	    ST_OK || (st = audit_record(db, actor, "message.start",
	    "conversation", c->id, message_patient_name(c), NULL, true)) !=
	    ST_OK)
		goto fail;
	if ((st = db_commit(db)) == ST_OK)
		*id = c->id;
	goto out;
fail:
	db_rollback(db);
	if (st == ST_NOTFOUND && *err == NULL)
		message_sealing_failed(err);
out:
	if (st != ST_OK && *err == NULL)
		xasprintf(err, "%s", _("The message could not be sent. "
		    "Please try again."));
	conversation_free(c);
	free(s);
	free(b);
	return st;
}

/*
 * message_join makes a professional who writes in a conversation she
 * sees as care team or from the shared inbox a member; writing in the
 * shared inbox takes the conversation.
 */
static int
message_join(struct db *db, const struct actor *actor,
    struct conversation *c)
{
	int	st;

	if (c->member)
		return ST_OK;
	if (c->shared) {
		if ((st = conversations_take(db, c->id)) != ST_OK)
			return st;
		c->shared = false;
	}
	if ((st = conversation_members_add(db, c->id, actor->id)) == ST_OK)
		c->member = true;
	return st;
}

/*
 * message_reply adds actor's message to conversation id; *err says why
 * when it is refused (closed, empty, too long).
 */
int
message_reply(struct db *db, const struct conf *conf,
    const struct actor *actor, int64_t id, const char *body, int64_t *msg,
    char **err)
{
	struct conversation	*c = NULL;
	char			*b = NULL;
	int			 st;

	(void)conf;
	*msg = 0;
	*err = NULL;
	if ((st = message_clean(body, true, &b, err)) != ST_OK)
		goto out;
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = message_find(db, actor, id, &c)) != ST_OK)
		goto fail;
	if (c->closed_at != 0) {
		xasprintf(err, "%s", _("This conversation is closed."));
		st = ST_INVALID;
		goto fail;
	}
	if ((st = message_join(db, actor, c)) != ST_OK ||
	    (st = message_store(db, actor, c, b, msg)) != ST_OK ||
	    (st = audit_record(db, actor, "message.send", "conversation",
	    c->id, message_patient_name(c), NULL, true)) != ST_OK)
		goto fail;
	st = db_commit(db);
	goto out;
fail:
	db_rollback(db);
	if (st == ST_NOTFOUND && c != NULL && *err == NULL)
		message_sealing_failed(err);
out:
	if (st == ST_NOTFOUND && *err == NULL)
		xasprintf(err, "%s", _("Conversation not found."));
	else if (st != ST_OK && *err == NULL)
		xasprintf(err, "%s", _("The message could not be sent. "
		    "Please try again."));
	conversation_free(c);
	free(b);
	return st;
}

/* message_by_wait orders an inbox: the longest wait first, then recent. */
static int
message_by_wait(const void *a, const void *b)
{
	const struct conversation	*x = *(struct conversation *const *)a;
	const struct conversation	*y = *(struct conversation *const *)b;

	if ((x->waiting_since != 0) != (y->waiting_since != 0))
		return x->waiting_since != 0 ? -1 : 1;
	if (x->waiting_since != y->waiting_since)
		return x->waiting_since < y->waiting_since ? -1 : 1;
	if (x->last_at != y->last_at)
		return x->last_at > y->last_at ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

/* message_merge appends the conversations of more not already in list. */
static void
message_merge(struct conversation ***list, size_t *n,
    struct conversation **more, size_t nmore)
{
	size_t	i, j;

	*list = xreallocarray(*list, *n + nmore + 1, sizeof **list);
	for (i = 0; i < nmore; i++) {
		for (j = 0; j < *n && (*list)[j]->id != more[i]->id; j++)
			;
		if (j < *n)
			conversation_free(more[i]);
		else
			(*list)[(*n)++] = more[i];
	}
	free(more);
}

/*
 * message_list lists actor's conversations (archived: the ones she put
 * away), subjects opened.  A professional's list is her inbox: it also
 * holds her patients' conversations with their care team and the shared
 * inbox, and whoever has waited longest for an answer comes first.
 */
int
message_list(struct db *db, const struct actor *actor, bool archived,
    struct conversation ***out, size_t *n)
{
	struct conversation	**list = NULL, **inbox = NULL;
	size_t			  len = 0, ninbox = 0, i;
	int			  st;

	*out = NULL;
	*n = 0;
	if (!message_may_start(actor))
		return ST_DENIED;
	if ((st = conversations_of(db, actor->id, archived, &list, &len)) !=
	    ST_OK)
		return st;
	if (actor->role == ROLE_PROFESSIONAL && !archived) {
		if ((st = conversations_inbox(db, actor->id, &inbox,
		    &ninbox)) != ST_OK) {
			conversations_free_list(list, len);
			return st;
		}
		message_merge(&list, &len, inbox, ninbox);
		qsort(list, len, sizeof *list, message_by_wait);
	}
	for (i = 0; i < len; i++)
		message_open_title(list[i]);
	*out = list;
	*n = len;
	return ST_OK;
}

/*
 * message_mark_read records that actor read c up to message last, and
 * when actor is staff and c a patient's, the audit row of that read: in
 * one transaction, before anything is shown.
 */
static int
message_mark_read(struct db *db, const struct actor *actor,
    const struct conversation *c, int64_t last)
{
	int	st;

	if ((st = db_begin(db)) != ST_OK)
		return st;
	if (role_is_staff(actor->role) && c->patient_id != 0 &&
	    (st = audit_record(db, actor, "message.read", "conversation",
	    c->id, c->patient, NULL, true)) != ST_OK)
		goto fail;
	if (c->member && last > 0 && (st = conversation_members_read(db,
	    c->id, actor->id, last)) != ST_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

/*
 * message_open reads conversation id for actor with its messages, texts
 * opened (NULL when one cannot be), and marks it read.  A staff member
 * reading a patient's conversation is audited before anything is
 * returned.
 */
int
message_open(struct db *db, const struct actor *actor, int64_t id,
    struct conversation **out, struct message ***msgs, size_t *n)
{
	struct conversation	*c = NULL;
	struct message		**list = NULL;
	size_t			  len = 0, i;
	int			  st;

	*out = NULL;
	*msgs = NULL;
	*n = 0;
	if ((st = message_find(db, actor, id, &c)) != ST_OK)
		return st;
	if ((st = messages_list(db, c->id, &list, &len)) != ST_OK ||
	    (st = message_mark_read(db, actor, c, len > 0 ?
	    list[len - 1]->id : 0)) != ST_OK)
		goto fail;
	for (i = 0; i < len; i++)
		list[i]->text = seal_open(message_purpose(c), BODY_PLACE,
		    list[i]->id, c->id, &list[i]->body);
	message_open_title(c);
	*out = c;
	*msgs = list;
	*n = len;
	return ST_OK;
fail:
	messages_free_list(list, len);
	conversation_free(c);
	return st;
}

/*
 * message_take takes a conversation from the shared inbox: the taking
 * professional becomes its member and it leaves the others' inboxes.
 * ST_NOTFOUND when someone took it first.
 */
int
message_take(struct db *db, const struct actor *actor, int64_t id)
{
	struct conversation	*c = NULL;
	int			 st;

	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = message_find(db, actor, id, &c)) != ST_OK)
		goto fail;
	if (!c->shared) {
		st = ST_NOTFOUND;
		goto fail;
	}
	if ((st = message_join(db, actor, c)) != ST_OK ||
	    (st = audit_record(db, actor, "message.take", "conversation",
	    c->id, message_patient_name(c), NULL, true)) != ST_OK)
		goto fail;
	conversation_free(c);
	return db_commit(db);
fail:
	conversation_free(c);
	db_rollback(db);
	return st;
}

/*
 * message_archive puts a conversation away for actor only (or back);
 * nobody else's list changes, and nothing is deleted.
 */
int
message_archive(struct db *db, const struct actor *actor, int64_t id,
    bool archive)
{
	struct conversation	*c = NULL;
	int			 st;

	if ((st = message_find(db, actor, id, &c)) != ST_OK)
		return st;
	if (!c->member)
		st = ST_NOTFOUND;
	else if ((st = db_begin(db)) == ST_OK) {
		if ((st = conversation_members_archive(db, id, actor->id,
		    archive)) == ST_OK)
			st = db_commit(db);
		else
			db_rollback(db);
	}
	conversation_free(c);
	return st;
}

/*
 * message_counts reads what the main menu shows: unread messages, and
 * for a professional the conversations waiting for an answer in her
 * inbox (-1 for anyone else).
 */
int
message_counts(struct db *db, const struct actor *actor, int64_t *unread,
    int64_t *waiting)
{
	int	st;

	*unread = 0;
	*waiting = -1;
	if (!message_may_start(actor))
		return ST_DENIED;
	if ((st = conversations_unread_total(db, actor->id, unread)) !=
	    ST_OK || actor->role != ROLE_PROFESSIONAL)
		return st;
	return conversations_inbox_waiting(db, actor->id, waiting);
}

/*
 * message_may_start tells whether actor's role writes private messages
 * at all: to her care team (or the shared inbox) for a patient, to
 * staff for staff.
 */
bool
message_may_start(const struct actor *actor)
{
	struct target	t = TARGET_NONE;

	t.role = ROLE_PROFESSIONAL;
	t.in_care = t.unassigned = true;
	return !actor->operator && role_may(actor, ACT_MESSAGE, &t);
}

/*
 * message_create_mirror opens the three-party conversation of a mirror
 * experience (mirror.c, inside its transaction): the patient, the
 * expert and the mediating professional, who starts it.
 */
int
message_create_mirror(struct db *db, int64_t request, int64_t patient,
    int64_t expert, int64_t professional, const char *subject,
    int64_t *id)
{
	struct conversation	*c = NULL;
	int			 st;

	*id = 0;
	if (request <= 0 || patient <= 0 || expert <= 0 || professional <= 0)
		fatalx("message_create_mirror: request %lld without its "
		    "three parties", (long long)request);
	if ((st = message_create(db, CONV_MIRROR, patient, false,
	    professional, subject, &c)) != ST_OK)
		return st;
	if ((st = conversation_members_add(db, c->id, patient)) == ST_OK &&
	    (st = conversation_members_add(db, c->id, expert)) == ST_OK)
		*id = c->id;
	conversation_free(c);
	return st;
}
