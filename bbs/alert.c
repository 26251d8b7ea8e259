/*
 * alert.c: risk alerts (safety spec, R1 to R8).
 *
 * The rules' priorities, response targets and who sees them are the
 * table of the safety spec, here once; what triggers R1 to R6 lives in
 * the questionnaire definitions (score.c evaluates them), R3 comes from
 * the boards' checks and reports, R7 from the follow-up sweep (care.c)
 * and R8 from alert_escalate.  Targets count staffed hours: an alert
 * raised at night is due an hour after opening, not at 1 a.m.
 */
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

/* When a rule's response is due. */
enum alert_due_kind {
	DUE_NONE = 0,		/* the next scheduled review */
	DUE_HOUR,		/* one staffed hour */
	DUE_SAME_DAY,	/* the end of this working day */
	DUE_TWO_DAYS,	/* within 2 working days */
	DUE_FIVE_DAYS,	/* within 5 working days */
	DUE_AT_ONCE,
};

/* Who sees a rule's alerts besides the patient's care team. */
enum alert_audience {
	AUDIENCE_CARE = 0,	/* the care team (the shared queue if none) */
	AUDIENCE_SHARED,	/* the care team and the shared queue */
	AUDIENCE_COORDINATORS,	/* the coordinators only */
};

static const struct {
	const char		*rule;
	int			 priority;
	enum alert_due_kind	 target;
	enum alert_audience	 audience;
	const char		*label;		/* for staff */
} alert_rules[] = {
	{ "R1", ALERT_HIGH, DUE_SAME_DAY, AUDIENCE_SHARED,
	  N_("Thoughts of death or self-harm on some days") },
	/* R2 goes to the coordinators too: they are professionals. */
	{ "R2", ALERT_URGENT, DUE_HOUR, AUDIENCE_SHARED,
	  N_("Urgent: possible risk of suicide or self-harm") },
	{ "R3", ALERT_URGENT, DUE_HOUR, AUDIENCE_CARE,
	  N_("Risk content in a post or message") },
	{ "R4", ALERT_MEDIUM, DUE_TWO_DAYS, AUDIENCE_CARE,
	  N_("Severe score") },
	{ "R5", ALERT_LOW, DUE_NONE, AUDIENCE_CARE,
	  N_("Above a screening cut-off: needs review") },
	{ "R6", ALERT_MEDIUM, DUE_TWO_DAYS, AUDIENCE_CARE,
	  N_("Reliable deterioration from baseline") },
	{ "R7", ALERT_LOW, DUE_FIVE_DAYS, AUDIENCE_CARE,
	  N_("Disengagement: forms missed or no logins") },
	{ "R8", ALERT_ESCALATION, DUE_AT_ONCE, AUDIENCE_COORDINATORS,
	  N_("Escalation: an alert passed its target unacknowledged") },
};
#define ALERT_NRULES	(sizeof alert_rules / sizeof alert_rules[0])

static const char *alert_priorities[] = {
	[ALERT_LOW] = N_("low"),
	[ALERT_MEDIUM] = N_("medium"),
	[ALERT_HIGH] = N_("high"),
	[ALERT_URGENT] = N_("urgent"),
	[ALERT_ESCALATION] = N_("escalation"),
};

static const char *alert_actions[ALERT_ACT_COUNT] = {
	[ALERT_ACT_CALLED] = N_("Called the patient"),
	[ALERT_ACT_NO_ANSWER] = N_("Called, no answer"),
	[ALERT_ACT_REFERRED_112] = N_("Referred to 112"),
	[ALERT_ACT_REFERRED_MHC] = N_("Referred to the mental-health centre"),
	[ALERT_ACT_MESSAGE_SENT] = N_("Message sent"),
	[ALERT_ACT_NONE_NEEDED] = N_("No action needed (reason in the note)"),
};

/*
 * The deployment's config, for its staffed hours and coordinators; it
 * lives as long as the process (or the test) that set it.
 */
static const struct conf *alert_conf;

/*
 * alert_configure gives the process the deployment's config; until then
 * the defaults (Monday to Friday, 9 to 17, every professional a
 * coordinator) hold.  conf must outlive every later alert call.
 */
void
alert_configure(const struct conf *conf)
{
	alert_conf = conf;
}

/* alert_rule_index finds rule in the table, or -1. */
static int
alert_rule_index(const char *rule)
{
	size_t	i;

	for (i = 0; i < ALERT_NRULES; i++) {
		if (strcmp(alert_rules[i].rule, rule) == 0)
			return (int)i;
	}
	return -1;
}

/* alert_rule_label is what staff read for a rule (translated). */
const char *
alert_rule_label(const char *rule)
{
	int	i;

	if ((i = alert_rule_index(rule)) == -1)
		return rule;
	return _(alert_rules[i].label);
}

/* alert_priority_label names a priority (translated). */
const char *
alert_priority_label(int p)
{
	if (p < 0 || p > ALERT_ESCALATION)
		return "?";
	return _(alert_priorities[p]);
}

/* alert_action_label names a coded action (translated). */
const char *
alert_action_label(int code)
{
	if (code < 0 || code >= ALERT_ACT_COUNT)
		return "?";
	return _(alert_actions[code]);
}

/* alert_due is when a response to rule raised at t is due; 0: none. */
static int64_t
alert_due(enum alert_due_kind target, int64_t t)
{
	struct staffed	s;

	if (alert_conf != NULL)
		s = alert_conf->staffed;
	else
		staffed_defaults(&s);
	switch (target) {
	case DUE_NONE:
		return 0;
	case DUE_HOUR:
		return staffed_add(&s, t, 3600);
	case DUE_SAME_DAY:
		return staffed_day_end(&s, t, 0);
	case DUE_TWO_DAYS:
		return staffed_day_end(&s, t, 2);
	case DUE_FIVE_DAYS:
		return staffed_day_end(&s, t, 5);
	case DUE_AT_ONCE:
		return t;
	}
	return t;
}

/* alert_due_for is when a response to rule raised at t is due; 0: none. */
int64_t
alert_due_for(const char *rule, int64_t t)
{
	int	i;

	if ((i = alert_rule_index(rule)) == -1)
		return 0;
	return alert_due(alert_rules[i].target, t);
}

/*
 * alert_raise opens an alert of rule about patient, caused by a source
 * object, with detail for staff (what raised it: never shown to the
 * patient, never logged).  It runs inside the caller's transaction and
 * writes its audit row there, so the alert and its cause commit together.
 */
int
alert_raise(struct db *db, const struct actor *actor, const char *rule,
    int64_t patient, const char *source_type, int64_t source_id,
    const char *detail)
{
	struct account	*a = NULL;
	int64_t		 id;
	int		 i, st;

	if ((i = alert_rule_index(rule)) == -1)
		fatalx("alert_raise: unknown rule %s", rule);
	if ((st = accounts_get(db, patient, &a)) != ST_OK)
		return st;
	st = alerts_create(db, rule, alert_rules[i].priority, patient,
	    source_type, source_id, alert_due(alert_rules[i].target,
	    db_now()), detail, &id);
	if (st == ST_OK)
		st = audit_record(db, actor, "alert.raise", "alert", id,
		    a->pseudonym, rule, true);
	account_free(a);
	return st;
}

/* alert_is_coordinator tells whether actor is a clinical coordinator. */
static bool
alert_is_coordinator(const struct actor *actor)
{
	if (actor->role != ROLE_PROFESSIONAL)
		return false;
	if (alert_conf == NULL)
		return true;
	return actor->name != NULL && conf_is_coordinator(alert_conf,
	    actor->name);
}

/*
 * alert_visible tells whether actor may see and handle alert a: the
 * permission table's "C, and any unassigned", where "unassigned" is the
 * shared queue: an alert of a patient nobody follows, the R1 and R2 the
 * spec sends to the shared queue as well, and R8 for coordinators.
 */
bool
alert_visible(const struct actor *actor, const struct alert *a)
{
	struct target	t = TARGET_NONE;
	int		i;

	if ((i = alert_rule_index(a->rule)) == -1)
		return false;
	t.in_care = a->in_care;
	switch (alert_rules[i].audience) {
	case AUDIENCE_CARE:
		t.unassigned = !a->cared;
		break;
	case AUDIENCE_SHARED:
		t.unassigned = true;
		break;
	case AUDIENCE_COORDINATORS:
		t.in_care = false;
		t.unassigned = alert_is_coordinator(actor);
		break;
	}
	return role_may(actor, ACT_ALERTS, &t);
}

/*
 * alert_escalate raises R8 for every alert past its target that nobody
 * acknowledged; the actor whose session noticed it is in the audit row.
 */
int
alert_escalate(struct db *db, const struct actor *actor)
{
	struct alert	*a = NULL;
	int64_t		*ids = NULL;
	size_t		 i, n;
	char		*detail;
	int		 st;

	if ((st = alerts_overdue(db, db_now(), &ids, &n)) != ST_OK || n == 0)
		goto out;
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	for (i = 0; i < n && st == ST_OK; i++) {
		if ((st = alerts_get(db, ids[i], 0, &a)) != ST_OK)
			break;
		xasprintf(&detail, "%s #%lld", a->rule, (long long)a->id);
		if ((st = alerts_mark_escalated(db, a->id)) == ST_OK)
			st = alert_raise(db, actor, "R8", a->patient_id,
			    "alert", a->id, detail);
		free(detail);
		alert_free(a);
		a = NULL;
	}
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
out:
	free(ids);
	return st;
}

/*
 * alert_queue_read lists the alerts actor may handle, of one patient or
 * (0) of all, most pressing first, after escalating what is overdue.
 */
static int
alert_queue_read(struct db *db, const struct actor *actor, int64_t patient,
    struct alert ***out, size_t *n)
{
	struct alert	**all;
	size_t		 i, len, kept;
	int		 st;

	*out = NULL;
	*n = 0;
	if (!role_may(actor, ACT_ALERTS, &(struct target){ 0, -1, true, false,
	    true }))
		return ST_DENIED;
	if ((st = alert_escalate(db, actor)) != ST_OK)
		return st;
	if ((st = alerts_list_open(db, actor->id, patient, &all, &len)) !=
	    ST_OK)
		return st;
	for (i = kept = 0; i < len; i++) {
		if (alert_visible(actor, all[i]))
			all[kept++] = all[i];
		else
			alert_free(all[i]);
	}
	*out = all;
	*n = kept;
	return ST_OK;
}

/*
 * alert_queue is alert_queue_read for a screen: the whole queue names
 * patients and what raised their alerts, so showing it is audited (one
 * patient's alerts are shown inside her audited record).
 */
int
alert_queue(struct db *db, const struct actor *actor, int64_t patient,
    struct alert ***out, size_t *n)
{
	int	st;

	if ((st = alert_queue_read(db, actor, patient, out, n)) != ST_OK ||
	    patient != 0 || *n == 0)
		return st;
	if ((st = audit_view(db, actor, "alert.queue", "alert", 0, NULL,
	    NULL)) != ST_OK) {
		alerts_free_list(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}

/* alert_counts counts the alerts actor may handle, and the urgent ones. */
int
alert_counts(struct db *db, const struct actor *actor, int64_t *open,
    int64_t *urgent)
{
	struct alert	**list;
	size_t		 i, n;
	int		 st;

	*open = *urgent = 0;
	if ((st = alert_queue_read(db, actor, 0, &list, &n)) != ST_OK)
		return st;
	*open = (int64_t)n;
	for (i = 0; i < n; i++) {
		if (list[i]->priority >= ALERT_URGENT)
			(*urgent)++;
	}
	alerts_free_list(list, n);
	return ST_OK;
}

/*
 * alert_open reads alert id for actor with its actions, and audits the
 * view; an alert actor may not handle is "not found".
 */
int
alert_open(struct db *db, const struct actor *actor, int64_t id,
    struct alert **out)
{
	struct alert	*a;
	int		 st;

	*out = NULL;
	if ((st = alerts_get(db, id, actor->id, &a)) != ST_OK)
		return st;
	if (!alert_visible(actor, a)) {
		alert_free(a);
		return ST_NOTFOUND;
	}
	if ((st = audit_view(db, actor, "alert.view", "alert", id,
	    a->patient, a->rule)) != ST_OK) {
		alert_free(a);
		return st;
	}
	*out = a;
	return ST_OK;
}

/*
 * alert_step runs one lifecycle step on alert id for actor in a
 * transaction with its audit row; ST_INVALID when the alert is not in a
 * state that allows the step.
 */
static int
alert_step(struct db *db, const struct actor *actor, int64_t id,
    const char *action, int code, const char *note)
{
	struct alert	*a = NULL;
	int		 st;

	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = alerts_get(db, id, actor->id, &a)) != ST_OK)
		goto fail;
	if (!alert_visible(actor, a)) {
		st = ST_NOTFOUND;
		goto fail;
	}
	if (strcmp(action, "alert.acknowledge") == 0)
		st = alerts_acknowledge(db, id, actor->id);
	else if (strcmp(action, "alert.action") == 0)
		st = alerts_add_action(db, id, actor->id, code, note);
	else
		st = alerts_close(db, id, actor->id);
	if (st == ST_NOTFOUND)
		st = ST_INVALID;	/* it exists: the state was wrong */
	if (st != ST_OK)
		goto fail;
	if ((st = audit_record(db, actor, action, "alert", id, a->patient,
	    code >= 0 ? alert_actions[code] : a->rule, true)) != ST_OK)
		goto fail;
	alert_free(a);
	return db_commit(db);
fail:
	db_rollback(db);
	alert_free(a);
	return st;
}

/* alert_acknowledge: actor has seen alert id and takes it. */
int
alert_acknowledge(struct db *db, const struct actor *actor, int64_t id)
{
	return alert_step(db, actor, id, "alert.acknowledge", -1, NULL);
}

/*
 * alert_record_action records a coded action with a note (sanitised, at
 * most ALERT_NOTE_MAX characters; required for "no action needed").  On
 * ST_INVALID *err says what to change.
 */
int
alert_record_action(struct db *db, const struct actor *actor, int64_t id,
    int code, const char *note, char **err)
{
	char	*clean;
	int	 st;

	*err = NULL;
	if (code < 0 || code >= ALERT_ACT_COUNT)
		return ST_INVALID;
	clean = text_sanitise(note != NULL ? note : "", true);
	if (text_codepoints(clean) > ALERT_NOTE_MAX) {
		xasprintf(err, _("The note can be at most %d characters."),
		    ALERT_NOTE_MAX);
		st = ST_INVALID;
		goto out;
	}
	if (code == ALERT_ACT_NONE_NEEDED &&
	    clean[strspn(clean, " \n")] == '\0') {
		*err = xstrdup(_("Say in the note why no action is needed."));
		st = ST_INVALID;
		goto out;
	}
	st = alert_step(db, actor, id, "alert.action", code, clean);
	if (st == ST_INVALID)
		*err = xstrdup(_("An action can be recorded once the alert "
		    "is acknowledged, and until it is closed."));
out:
	free(clean);
	return st;
}

/* alert_close closes alert id once an action is recorded. */
int
alert_close(struct db *db, const struct actor *actor, int64_t id)
{
	return alert_step(db, actor, id, "alert.close", -1, NULL);
}
