/*
 * care.c: who follows a patient and in which phase of care.
 *
 * The care team gives the "C" of the permission table: a professional
 * sees the clinical data of the patients assigned to her.  Assigning is
 * open to professionals and admins (roles.md) and audited; the care level
 * (monitoring, psychoeducation, community, therapy) is a clinical
 * decision of the patient's own team, kept as a history, and it drives
 * the questionnaire schedule.
 */
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

static const char *care_level_labels[CARE_LEVEL_COUNT] = {
	[CARE_MONITORING] = N_("monitoring"),
	[CARE_PSYCHOEDUCATION] = N_("psychoeducation"),
	[CARE_COMMUNITY] = N_("community"),
	[CARE_THERAPY] = N_("therapy"),
};

/* care_level_label names a care level (translated). */
const char *
care_level_label(int level)
{
	if (level < 0 || level >= CARE_LEVEL_COUNT)
		return "?";
	return _(care_level_labels[level]);
}

/* care_is_patient tells whether a role has a clinical record. */
static bool
care_is_patient(int role)
{
	return role == ROLE_PATIENT || role == ROLE_EXPERT;
}

/*
 * care_target describes patient as the target of actor's action: her own
 * record, in actor's care, or followed by nobody.
 */
int
care_target(struct db *db, const struct actor *actor, int64_t patient,
    struct target *t)
{
	int64_t	n;
	bool	has;
	int	st;

	*t = TARGET_NONE;
	t->owner_id = patient;
	if (actor->operator || actor->id <= 0)
		return ST_OK;
	if ((st = care_team_has(db, patient, actor->id, &has)) != ST_OK ||
	    (st = care_team_count(db, patient, &n)) != ST_OK)
		return st;
	t->in_care = has;
	t->unassigned = n == 0;
	return ST_OK;
}

/*
 * care_patient looks up a patient's account for actor's action on her
 * clinical record: "not found" for anyone who is not a patient, or whom
 * the permission table does not let actor act on, so ids cannot be
 * probed.  On success the target is in *t (when t is not NULL).
 */
int
care_patient(struct db *db, const struct actor *actor, enum action act,
    int64_t patient, struct account **out, struct target *t)
{
	struct account	*a = NULL;
	struct target	 tt;
	int		 st;

	*out = NULL;
	if ((st = accounts_get(db, patient, &a)) != ST_OK)
		return st;
	if (!care_is_patient(a->role)) {
		st = ST_NOTFOUND;
		goto fail;
	}
	if ((st = care_target(db, actor, patient, &tt)) != ST_OK)
		goto fail;
	if (!role_may(actor, act, &tt)) {
		st = ST_NOTFOUND;
		goto fail;
	}
	if (t != NULL)
		*t = tt;
	*out = a;
	return ST_OK;
fail:
	account_free(a);
	return st;
}

/*
 * care_assign adds professional to patient's care team, or takes her
 * out (add false); audited with both names.
 */
int
care_assign(struct db *db, const struct actor *actor, int64_t patient,
    int64_t professional, bool add)
{
	struct account	*p = NULL, *pro = NULL;
	int		 st;

	if (!role_may(actor, ACT_ASSIGN_PATIENTS, NULL))
		return ST_DENIED;
	if ((st = accounts_get(db, patient, &p)) != ST_OK ||
	    (st = accounts_get(db, professional, &pro)) != ST_OK)
		goto out;
	if (!care_is_patient(p->role) || pro->role != ROLE_PROFESSIONAL) {
		st = ST_INVALID;
		goto out;
	}
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	st = add ? care_team_add(db, patient, professional,
	    actor->operator ? 0 : actor->id) :
	    care_team_remove(db, patient, professional);
	if (st == ST_OK)
		st = audit_record(db, actor, add ? "care.assign" :
		    "care.unassign", "account", patient, p->pseudonym,
		    pro->pseudonym, true);
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
out:
	account_free(p);
	account_free(pro);
	return st;
}

/*
 * care_set_level records patient's new care level, a decision of the
 * professionals caring for her; audited.  Setting the level she has is
 * ST_EXISTS.
 */
int
care_set_level(struct db *db, const struct actor *actor, int64_t patient,
    int level)
{
	struct account	*p = NULL;
	int		 cur, st;
	bool		 set;

	if (level < 0 || level >= CARE_LEVEL_COUNT)
		return ST_INVALID;
	if ((st = care_patient(db, actor, ACT_ASSIGN_WORK, patient, &p,
	    NULL)) != ST_OK)
		return st;
	if ((st = care_current_level(db, patient, &cur, &set)) != ST_OK)
		goto out;
	/* Monitoring by default may still be recorded, with its date. */
	if (set && cur == level) {
		st = ST_EXISTS;
		goto out;
	}
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = care_levels_add(db, patient, level, actor->id,
	    db_now())) == ST_OK)
		st = audit_record(db, actor, "care.level", "account", patient,
		    p->pseudonym, care_level_labels[level], true);
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
out:
	account_free(p);
	return st;
}

/*
 * care_current_level is patient's care level now: monitoring when her
 * team has set none (*set false; set may be NULL).
 */
int
care_current_level(struct db *db, int64_t patient, int *level, bool *set)
{
	struct care_level_change	*h;
	size_t				 n;
	int				 st;

	*level = CARE_MONITORING;
	if (set != NULL)
		*set = false;
	if ((st = care_levels_history(db, patient, &h, &n)) != ST_OK)
		return st;
	if (n > 0)
		*level = h[n - 1].level;
	if (set != NULL)
		*set = n > 0;
	care_levels_free(h, n);
	return ST_OK;
}

/*
 * care_periods gives what the schedule needs: when patient enrolled (the
 * first care level her team set, else her account's creation) and her
 * care levels as contiguous periods.
 */
int
care_periods(struct db *db, int64_t patient, int64_t *enrolled,
    struct care_period **out, size_t *n)
{
	struct care_level_change	*h = NULL;
	struct care_period		*p;
	struct account			*a = NULL;
	size_t				 i, len;
	int				 st;

	*out = NULL;
	*n = 0;
	if ((st = accounts_get(db, patient, &a)) != ST_OK)
		return st;
	*enrolled = a->created_at;
	account_free(a);
	if ((st = care_levels_history(db, patient, &h, &len)) != ST_OK)
		return st;
	/* The team taking her in (her first care level) is her enrolment. */
	if (len > 0)
		*enrolled = h[0].at;
	p = len > 0 ? xcalloc(len, sizeof *p) : NULL;
	for (i = 0; i < len; i++) {
		p[i].level = h[i].level;
		p[i].from = h[i].at;
		p[i].to = i + 1 < len ? h[i + 1].at : 0;
	}
	care_levels_free(h, len);
	*out = p;
	*n = len;
	return ST_OK;
}

/* care_choices_free frees a list from care_team_choices. */
void
care_choices_free(struct care_choice *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(list[i].pseudonym);
	free(list);
}

/*
 * care_team_choices lists every enabled professional, marking those in
 * patient's care team, for whoever may assign patients (professionals and
 * admins); anyone else, or a patient id that is not a patient, gets an
 * error.
 */
int
care_team_choices(struct db *db, const struct actor *actor, int64_t patient,
    struct care_choice **out, size_t *n)
{
	struct account		**all = NULL, *p = NULL;
	struct care_choice	*list = NULL;
	size_t			 len = 0, i, k = 0;
	bool			 has;
	int			 st;

	*out = NULL;
	*n = 0;
	if (!role_may(actor, ACT_ASSIGN_PATIENTS, NULL))
		return ST_DENIED;
	if ((st = accounts_get(db, patient, &p)) != ST_OK)
		return st;
	if (!care_is_patient(p->role)) {
		account_free(p);
		return ST_NOTFOUND;
	}
	account_free(p);
	if ((st = accounts_list(db, NULL, &all, &len)) != ST_OK)
		return st;
	list = len > 0 ? xcalloc(len, sizeof *list) : NULL;
	for (i = 0; i < len && st == ST_OK; i++) {
		if (all[i]->role != ROLE_PROFESSIONAL || all[i]->disabled)
			continue;
		if ((st = care_team_has(db, patient, all[i]->id, &has)) !=
		    ST_OK)
			break;
		list[k].id = all[i]->id;
		list[k].pseudonym = xstrdup(all[i]->pseudonym);
		list[k].in_team = has;
		k++;
	}
	accounts_free_list(all, len);
	if (st != ST_OK) {
		care_choices_free(list, k);
		return st;
	}
	*out = list;
	*n = k;
	return ST_OK;
}
