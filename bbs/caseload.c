/*
 * caseload.c: what a professional sees of the patients in her care: the
 * caseload sorted by need, and one patient's summary.
 *
 * Need, most pressing first (issue 5, safety spec): an open alert (the
 * highest priority first), then a score needing review (an open R4 or R5,
 * or a latest score at their thresholds), then missed forms, then the
 * rest.  Every view is audited: it shows clinical data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

#define CASELOAD_MISSED_DAYS	90	/* missed forms that still count */

/* caseload_free frees a list from caseload_list. */
void
caseload_free(struct caseload_entry *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(list[i].pseudonym);
		free(list[i].reason);
	}
	free(list);
}

/*
 * caseload_latest scores patient's first (baseline) and latest completed
 * form of each loaded instrument into a new array s, indexed like the
 * registry; s[k].has false when she has none of instrument k.
 */
static int
caseload_latest(struct db *db, int64_t patient, struct caseload_score **out)
{
	struct caseload_score	*s;
	struct form		**list;
	size_t			 n, k;
	int			 st = ST_OK;

	s = xcalloc(instrument_count() + 1, sizeof *s);
	for (k = 0; k < instrument_count() && st == ST_OK; k++) {
		if ((st = forms_completed(db, patient, instrument_at(k)->id,
		    &list, &n)) != ST_OK)
			break;
		if (n > 0 && quest_result(db, list[n - 1], &s[k].latest) ==
		    ST_OK) {
			s[k].has = true;
			s[k].at = list[n - 1]->completed_at;
		}
		if (n > 1 && quest_result(db, list[0], &s[k].base) == ST_OK)
			s[k].has_base = true;
		forms_free_list(list, n);
	}
	if (st != ST_OK) {
		free(s);
		s = NULL;
	}
	*out = s;
	return st;
}

/*
 * caseload_is_review tells whether an alert is about a score needing
 * review (R4, R5), which ranks after the other open alerts.
 */
static bool
caseload_is_review(const struct alert *a)
{
	return strcmp(a->rule, "R4") == 0 || strcmp(a->rule, "R5") == 0;
}

/* caseload_score_need sets e's need from latest scores at R4 or R5. */
static void
caseload_score_need(const struct conf *conf, const char *lang,
    struct caseload_entry *e, const struct caseload_score *scores)
{
	const struct instrument	*in;
	const struct score_value *v;
	const char		*band;
	unsigned		 bits;
	size_t			 k;
	char			 key[128];

	for (k = 0; k < instrument_count(); k++) {
		if (!scores[k].has)
			continue;
		in = instrument_at(k);
		if (score_alerts(in, &scores[k].latest, NULL, &conf->cutoffs,
		    &bits) != ST_OK ||
		    (bits & (SCORE_ALERT(4) | SCORE_ALERT(5))) == 0)
			continue;
		v = &scores[k].latest.scores[instrument_primary(in)];
		band = v->band;
		if (band != NULL) {
			snprintf(key, sizeof key, "band.%s.%s", v->score->id,
			    v->band);
			if ((band = instrument_text(in, lang, key)) == NULL)
				band = v->band;
		}
		e->need = NEED_SCORE;
		if (bits & SCORE_ALERT(4))
			e->top_priority = ALERT_MEDIUM;
		free(e->reason);
		xasprintf(&e->reason, "%s %d: %s", in->name, v->value,
		    band != NULL ? band : "");
		if (bits & SCORE_ALERT(4))
			return;		/* the severe one says most */
	}
}

/*
 * caseload_alert_need sets e's need from her open alerts, sorted most
 * pressing first: any alert but R4/R5 makes an alert need; R4/R5 alone
 * a score that needs review.
 */
static void
caseload_alert_need(struct caseload_entry *e, struct alert **alerts,
    size_t na)
{
	size_t	i;

	e->open_alerts = (int64_t)na;
	if (na == 0)
		return;
	for (i = 0; i < na && caseload_is_review(alerts[i]); i++)
		;
	if (i == na)
		i = 0;		/* only R4/R5: the first, R4 before R5 */
	e->need = caseload_is_review(alerts[i]) ? NEED_SCORE : NEED_ALERT;
	e->top_priority = alerts[i]->priority;
	free(e->reason);
	if (na == 1 || e->need == NEED_SCORE)
		e->reason = xstrdup(alert_rule_label(alerts[i]->rule));
	else
		xasprintf(&e->reason, ngettext("%s, and %zu more alert",
		    "%s, and %zu more alerts", na - 1),
		    alert_rule_label(alerts[i]->rule), na - 1);
}

/* caseload_forms_need sets e's need from forms missed lately. */
static int
caseload_forms_need(struct db *db, struct caseload_entry *e)
{
	static const int	 missed_state[] = { FORM_MISSED };
	struct form		**missed = NULL;
	size_t			 nm = 0, i;
	int64_t			 since;
	int			 st;

	if ((st = forms_list(db, e->patient_id, missed_state, 1, &missed,
	    &nm)) != ST_OK)
		return st;
	since = db_now() - CASELOAD_MISSED_DAYS * 86400;
	for (i = 0; i < nm; i++) {
		if (missed[i]->closes_at > since)
			e->missed++;
	}
	forms_free_list(missed, nm);
	if (e->missed > 0) {
		e->need = NEED_FORMS;
		free(e->reason);
		xasprintf(&e->reason, ngettext("%lld form missed",
		    "%lld forms missed", (unsigned long)e->missed),
		    (long long)e->missed);
	}
	return ST_OK;
}

/* caseload_entry_fill works out one patient's need and its reason. */
static int
caseload_entry_fill(struct db *db, const struct conf *conf,
    const struct actor *actor, const char *lang, struct caseload_entry *e)
{
	struct alert		**alerts = NULL;
	struct caseload_score	*scores = NULL;
	size_t			 na = 0;
	int			 st;

	e->need = NEED_NONE;
	e->reason = xstrdup("");
	if ((st = quest_sync(db, conf, actor, e->patient_id)) != ST_OK ||
	    (st = care_current_level(db, e->patient_id, &e->level,
	    NULL)) != ST_OK ||
	    (st = alert_queue(db, actor, e->patient_id, &alerts, &na)) !=
	    ST_OK)
		goto out;
	caseload_alert_need(e, alerts, na);
	if (e->need == NEED_ALERT)
		goto out;
	if ((st = caseload_latest(db, e->patient_id, &scores)) != ST_OK)
		goto out;
	/* Her latest scores say which instrument, whatever the alerts. */
	caseload_score_need(conf, lang, e, scores);
	if (e->need == NEED_NONE)
		st = caseload_forms_need(db, e);
out:
	alerts_free_list(alerts, na);
	free(scores);
	return st;
}

/* caseload_cmp orders by need, then priority, then pseudonym. */
static int
caseload_cmp(const void *a, const void *b)
{
	const struct caseload_entry *x = a, *y = b;

	if (x->need != y->need)
		return x->need < y->need ? -1 : 1;
	if (x->top_priority != y->top_priority)
		return x->top_priority > y->top_priority ? -1 : 1;
	if (x->missed != y->missed)
		return x->missed > y->missed ? -1 : 1;
	return strcasecmp(x->pseudonym, y->pseudonym);
}

/*
 * caseload_list lists the patients in actor's care, most in need first,
 * each with the reason; lang is the reader's, for band labels.  Audited.
 */
int
caseload_list(struct db *db, const struct conf *conf,
    const struct actor *actor, const char *lang,
    struct caseload_entry **out, size_t *n)
{
	struct caseload_entry	*list = NULL;
	struct account		*a;
	int64_t			*ids = NULL;
	size_t			 len = 0, i, k = 0;
	int			 st;

	*out = NULL;
	*n = 0;
	if (actor->operator || actor->role != ROLE_PROFESSIONAL)
		return ST_DENIED;
	if ((st = care_team_patients(db, actor->id, &ids, &len)) != ST_OK)
		return st;
	list = len > 0 ? xcalloc(len, sizeof *list) : NULL;
	for (i = 0; i < len; i++) {
		if (care_patient(db, actor, ACT_RESULTS_SEE, ids[i], &a,
		    NULL) != ST_OK)
			continue;
		list[k].patient_id = a->id;
		list[k].pseudonym = xstrdup(a->pseudonym);
		list[k].last_login = a->last_login_at;
		account_free(a);
		if ((st = caseload_entry_fill(db, conf, actor, lang,
		    &list[k++])) != ST_OK)
			goto fail;
	}
	qsort(list, k, sizeof *list, caseload_cmp);
	if ((st = audit_view(db, actor, "caseload.view", "account",
	    actor->id, NULL, NULL)) != ST_OK)
		goto fail;
	free(ids);
	*out = list;
	*n = k;
	return ST_OK;
fail:
	free(ids);
	caseload_free(list, k);
	return st;
}

/*
 * caseload_open opens patient's record for actor (a professional caring
 * for her): brings her forms up to date, audits the view once, and gives
 * her account and, when scores is not NULL, her first and latest score
 * of each instrument (see caseload_latest; the caller frees it).  Anyone
 * else gets "not found".
 */
int
caseload_open(struct db *db, const struct conf *conf,
    const struct actor *actor, int64_t patient, struct account **out,
    struct caseload_score **scores)
{
	int	st;

	*out = NULL;
	if (scores != NULL)
		*scores = NULL;
	/* Her own record is not a staff view: patients have their screens. */
	if (actor->id == patient)
		return ST_NOTFOUND;
	if ((st = care_patient(db, actor, ACT_RESULTS_SEE, patient, out,
	    NULL)) != ST_OK)
		return st;
	if ((st = quest_sync(db, conf, actor, patient)) != ST_OK ||
	    (scores != NULL && (st = caseload_latest(db, patient,
	    scores)) != ST_OK) ||
	    (st = audit_view(db, actor, "patient.view", "account", patient,
	    (*out)->pseudonym, NULL)) != ST_OK) {
		account_free(*out);
		*out = NULL;
		if (scores != NULL) {
			free(*scores);
			*scores = NULL;
		}
	}
	return st;
}
