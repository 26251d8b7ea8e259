/*
 * message_report.c: reporting a private message (safety spec,
 * "Moderation": moderators read a private message only when a
 * participant reports it, and that read is audited).
 *
 * A participant reports one message for abuse, risk or another reason.
 * A risk report raises R3 for the patient concerned at once: the author
 * when she is a patient, else the patient of the conversation.  A
 * moderator sees the queue of reports without any text, and opening one
 * shows that one message and nothing else of the conversation, with an
 * audit row written before the text is returned.
 */
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

static const char *message_report_reasons[MSG_REPORT_COUNT] = {
	[MSG_REPORT_ABUSE] = N_("Abusive, unkind or inappropriate"),
	[MSG_REPORT_RISK] = N_("I am worried about someone's safety"),
	[MSG_REPORT_OTHER] = N_("Something else"),
};

static const char *message_report_outcomes[MSG_OUTCOME_COUNT] = {
	[MSG_OUTCOME_NONE] = N_("Nothing against the rules"),
	[MSG_OUTCOME_REMINDED] = N_("The author was reminded of the rules"),
	[MSG_OUTCOME_CLINICAL] = N_("Passed to the clinical team"),
};

/* message_report_reason_label is a reason's msgid, for the UI. */
const char *
message_report_reason_label(int r)
{
	if (r < 0 || r >= MSG_REPORT_COUNT)
		return N_("unknown");
	return message_report_reasons[r];
}

/* message_report_outcome_label is an outcome's msgid, for the UI. */
const char *
message_report_outcome_label(int o)
{
	if (o < MSG_OUTCOME_NONE || o >= MSG_OUTCOME_COUNT)
		return N_("unknown");
	return message_report_outcomes[o];
}

/*
 * message_report_patient is whom a risk report is about: the message's
 * author if she is a patient, else the conversation's patient (0 when
 * the conversation is between staff).
 */
static int64_t
message_report_patient(const struct message *m, const struct conversation *c)
{
	if (m->author_role == ROLE_PATIENT || m->author_role == ROLE_EXPERT)
		return m->author_id;
	return c->patient_id;
}

/*
 * message_report records actor's report of message id, which she must be
 * able to see and not have written; ST_EXISTS when she reported it
 * already.  A risk report raises R3 in the same transaction.
 */
int
message_report(struct db *db, const struct actor *actor, int64_t id,
    int reason, int64_t *report)
{
	struct conversation	*c = NULL;
	struct message		*m = NULL;
	int64_t			 patient;
	int			 st;

	*report = 0;
	if (reason < 0 || reason >= MSG_REPORT_COUNT)
		return ST_INVALID;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = messages_get(db, id, &m)) != ST_OK ||
	    (st = message_find(db, actor, m->conversation_id, &c)) != ST_OK)
		goto fail;
	if (m->author_id == actor->id) {
		st = ST_INVALID;
		goto fail;
	}
	if ((st = message_reports_create(db, id, actor->id, reason,
	    report)) != ST_OK ||
	    (st = audit_record(db, actor, "message.report", "message", id,
	    c->patient_id != 0 ? c->patient : NULL,
	    message_report_reasons[reason], true)) != ST_OK)
		goto fail;
	patient = message_report_patient(m, c);
	if (reason == MSG_REPORT_RISK && patient != 0 &&
	    (st = alert_raise(db, actor, "R3", patient, "message", id,
	    "a private message reported as a risk by a participant")) !=
	    ST_OK)
		goto fail;
	st = db_commit(db);
	goto out;
fail:
	db_rollback(db);
out:
	message_free(m);
	conversation_free(c);
	return st;
}

/* message_report_queue lists the open reports, oldest first: no text. */
int
message_report_queue(struct db *db, const struct actor *actor,
    struct message_report ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!role_may(actor, ACT_MODERATE, NULL))
		return ST_DENIED;
	return message_reports_open(db, out, n);
}

/* message_report_count counts the open reports, for the main menu. */
int
message_report_count(struct db *db, const struct actor *actor, int64_t *n)
{
	*n = 0;
	if (!role_may(actor, ACT_MODERATE, NULL))
		return ST_DENIED;
	return message_reports_count_open(db, n);
}

/*
 * message_report_read gives a moderator the reported message, and only
 * it, text opened (NULL when it cannot be); the read is audited first.
 */
int
message_report_read(struct db *db, const struct actor *actor, int64_t id,
    struct message_report **rout, struct message **mout)
{
	struct message_report	*r = NULL;
	struct conversation	*c = NULL;
	struct message		*m = NULL;
	int			 st;

	*rout = NULL;
	*mout = NULL;
	if (!role_may(actor, ACT_MODERATE, NULL))
		return ST_DENIED;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = message_reports_get(db, id, &r)) != ST_OK ||
	    (st = messages_get(db, r->message_id, &m)) != ST_OK ||
	    (st = conversations_get(db, m->conversation_id, 0, &c)) != ST_OK)
		goto fail;
	if ((st = audit_record(db, actor, "message.report_read", "message",
	    m->id, c->patient_id != 0 ? c->patient : NULL, NULL, true)) !=
	    ST_OK || (st = message_reports_mark_read(db, id, actor->id)) !=
	    ST_OK)
		goto fail;
	if ((st = db_commit(db)) != ST_OK)
		goto out;
	m->text = seal_open(c->kind == CONV_MIRROR ? SEAL_MIRROR :
	    SEAL_MESSAGES, sealed_table(SEALED_MESSAGE_BODY), m->id, c->id,
	    &m->body);
	*rout = r;
	*mout = m;
	r = NULL;
	m = NULL;
	goto out;
fail:
	db_rollback(db);
out:
	message_report_free(r);
	message_free(m);
	conversation_free(c);
	return st;
}

/* message_report_resolve closes a report with its outcome; audited. */
int
message_report_resolve(struct db *db, const struct actor *actor, int64_t id,
    int outcome)
{
	int	st;

	if (!role_may(actor, ACT_MODERATE, NULL))
		return ST_DENIED;
	if (outcome < MSG_OUTCOME_NONE || outcome >= MSG_OUTCOME_COUNT)
		return ST_INVALID;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = message_reports_resolve(db, id, actor->id, outcome)) !=
	    ST_OK || (st = audit_record(db, actor, "message.report_resolve",
	    "message_report", id, NULL, message_report_outcomes[outcome],
	    true)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}
