/*
 * safety.c: "Help now" and the patient's own safety plan (safety spec).
 *
 * Help now never waits on anything: the interface shows the crisis card
 * first and then calls help_now, which raises an urgent R2 alert for a
 * patient.  Pressing it again while that alert is still open only adds an
 * audit row, so a frightened patient cannot flood the queue and the team
 * still sees each press.  The safety plan belongs to the patient, who
 * writes and reads it; the professionals caring for her will read it
 * once care teams exist (issue 6), audited.
 */
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

/* The sections: labels and hints, msgids the UI translates. */
static const struct {
	const char	*label;
	const char	*hint;
} safety_sections[SAFETY_SECTIONS] = {
	[SAFETY_WARNING_SIGNS] = { N_("My warning signs"),
	    N_("Thoughts, feelings, situations or behaviours that tell you a "
	    "crisis may be starting.") },
	[SAFETY_WHAT_HELPS] = { N_("What helps me"),
	    N_("Things you can do on your own to feel a little better or get "
	    "through a hard moment: places, activities, words to yourself.") },
	[SAFETY_PEOPLE] = { N_("People I can turn to"),
	    N_("People and places that help you feel less alone, and people "
	    "you can ask for help, with how to reach them.") },
	[SAFETY_PROFESSIONALS] = { N_("Professionals and services to call"),
	    N_("Your care team, your GP or mental health centre, and the "
	    "lines on the crisis card: 112 and 024.") },
	[SAFETY_SURROUNDINGS] = { N_("Making my surroundings safe"),
	    N_("What you can do, perhaps with someone you trust, to keep "
	    "things you could use to hurt yourself out of reach.") },
};

/* safety_section_label returns a section's title (a msgid). */
const char *
safety_section_label(int s)
{
	if (s < 0 || s >= SAFETY_SECTIONS)
		return N_("unknown");
	return safety_sections[s].label;
}

/* safety_section_hint says what a section is for (a msgid). */
const char *
safety_section_hint(int s)
{
	if (s < 0 || s >= SAFETY_SECTIONS)
		return N_("unknown");
	return safety_sections[s].hint;
}

/* safety_is_patient tells whether the actor has a safety plan and alerts. */
static bool
safety_is_patient(const struct actor *actor)
{
	return !actor->operator && actor->id > 0 &&
	    (actor->role == ROLE_PATIENT || actor->role == ROLE_EXPERT);
}

/*
 * help_now records that the actor asked for help now: for a patient, an
 * urgent R2 alert, or an audit row when one is already open.
 */
int
help_now(struct db *db, const struct actor *actor)
{
	bool	open;
	int	st;

	if (!safety_is_patient(actor))
		return ST_OK;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = alerts_open_exists(db, actor->id, "R2", "help_now",
	    &open)) != ST_OK)
		goto fail;
	if (open)
		st = audit_record(db, actor, "help_now", "account", actor->id,
		    actor->name, "R2 already open", true);
	else
		st = alert_raise(db, actor, "R2", actor->id, "help_now", 0,
		    "Help now");
	if (st != ST_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return st;
}

/* safety_plan_clear frees a plan's texts. */
void
safety_plan_clear(struct safety_plan *plan)
{
	int	i;

	for (i = 0; i < SAFETY_SECTIONS; i++) {
		free(plan->section[i]);
		plan->section[i] = NULL;
	}
	plan->updated_at = 0;
}

/* safety_plan_get reads the actor's own plan. */
int
safety_plan_get(struct db *db, const struct actor *actor,
    struct safety_plan *plan)
{
	memset(plan, 0, sizeof *plan);
	if (!safety_is_patient(actor))
		return ST_DENIED;
	return safety_plans_get(db, actor->id, plan->section, SAFETY_SECTIONS,
	    &plan->updated_at);
}

/*
 * safety_plan_read reads patient's plan for a professional caring for
 * her (safety spec: "the professionals caring for her can read it"), and
 * audits the read; anyone else gets "not found".
 */
int
safety_plan_read(struct db *db, const struct actor *actor, int64_t patient,
    struct safety_plan *plan)
{
	struct account	*p = NULL;
	int		 st;

	memset(plan, 0, sizeof *plan);
	if (actor->id == patient)
		return safety_plan_get(db, actor, plan);
	if ((st = care_patient(db, actor, ACT_RESULTS_SEE, patient, &p,
	    NULL)) != ST_OK)
		return st;
	if ((st = audit_view(db, actor, "safety_plan.view", "account",
	    patient, p->pseudonym, NULL)) == ST_OK)
		st = safety_plans_get(db, patient, plan->section,
		    SAFETY_SECTIONS, &plan->updated_at);
	account_free(p);
	return st;
}

/*
 * safety_plan_save stores the sections of the actor's own plan that
 * changed, each sanitised and at most SAFETY_SECTION_MAX characters; on
 * ST_INVALID *err names the section and the limit.
 */
int
safety_plan_save(struct db *db, const struct actor *actor,
    const struct safety_plan *plan, char **err)
{
	struct safety_plan	 old;
	char			*clean[SAFETY_SECTIONS] = { NULL };
	int			 i, st, changed = 0;

	*err = NULL;
	if ((st = safety_plan_get(db, actor, &old)) != ST_OK)
		return st;
	for (i = 0; i < SAFETY_SECTIONS; i++) {
		clean[i] = text_sanitise(plan->section[i] != NULL ?
		    plan->section[i] : "", true);
		if (text_codepoints(clean[i]) > SAFETY_SECTION_MAX) {
			xasprintf(err, _("\"%s\" can be at most %d characters; "
			    "yours has %zu."), _(safety_section_label(i)),
			    SAFETY_SECTION_MAX, text_codepoints(clean[i]));
			st = ST_INVALID;
			goto out;
		}
	}
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	for (i = 0; i < SAFETY_SECTIONS && st == ST_OK; i++) {
		if (strcmp(clean[i], old.section[i]) == 0)
			continue;
		changed++;
		st = safety_plans_set(db, actor->id, i, clean[i]);
	}
	if (st == ST_OK && changed > 0)
		st = audit_record(db, actor, "safety_plan.edit", "account",
		    actor->id, actor->name, NULL, true);
	if (st != ST_OK) {
		db_rollback(db);
		goto out;
	}
	st = db_commit(db);
out:
	for (i = 0; i < SAFETY_SECTIONS; i++)
		free(clean[i]);
	safety_plan_clear(&old);
	return st;
}
