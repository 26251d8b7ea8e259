/*
 * alert.c: raising risk alerts.
 *
 * The rules' priorities and response targets come from the safety spec;
 * the questionnaires add the rules they evaluate, the queue and the
 * lifecycle (acknowledge, act, close, escalate) on top of this.
 */
#include <string.h>

#include "bbs.h"

/* What each rule that can be raised from here means. */
static const struct {
	const char	*rule;
	int		 priority;
	int		 target;	/* seconds to respond, in staffed hours */
} alert_rules[] = {
	/* R2: "Help now", or a high answer to PHQ-9 item 9. */
	{ "R2", ALERT_URGENT, 3600 },
	/* R3: risk content in a post or message, or a report of it. */
	{ "R3", ALERT_URGENT, 3600 },
};

/*
 * alert_raise opens an alert of rule about patient, caused by a source
 * object; it runs inside the caller's transaction and writes its audit
 * row there, so the alert and what raised it commit together.
 */
int
alert_raise(struct db *db, const struct actor *actor, const char *rule,
    int64_t patient, const char *source_type, int64_t source_id)
{
	struct account	*a = NULL;
	int64_t		 id;
	size_t		 i;
	int		 st;

	for (i = 0; i < sizeof alert_rules / sizeof alert_rules[0]; i++) {
		if (strcmp(alert_rules[i].rule, rule) == 0)
			break;
	}
	if (i == sizeof alert_rules / sizeof alert_rules[0])
		fatalx("alert_raise: unknown rule %s", rule);
	if ((st = accounts_get(db, patient, &a)) != ST_OK)
		return st;
	st = alerts_create(db, rule, alert_rules[i].priority, patient,
	    source_type, source_id, db_now() + alert_rules[i].target, &id);
	if (st == ST_OK)
		st = audit_record(db, actor, "alert.raise", "alert", id,
		    a->pseudonym, rule, true);
	account_free(a);
	return st;
}
