/*
 * questionnaire.c: the questionnaires a patient is given and answers.
 *
 * Forms come from the deployment's schedule (quest_sync turns the
 * schedule's slots into forms and records the missed ones) or from a
 * professional (quest_send).  Answers are kept one by one as she goes;
 * submitting scores them with the engine, raises the alert rules of the
 * instrument's definition in the same transaction, and tells the UI what
 * the patient must see first.  A form is looked up by id and owner: any
 * other's is "not found".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

#define QUEST_DISENGAGED_DAYS	14	/* R7: days without a visit */

/* quest_is_patient tells whether actor answers questionnaires herself. */
static bool
quest_is_patient(const struct actor *actor)
{
	struct target	t = TARGET_NONE;

	t.owner_id = actor->id;
	return !actor->operator && role_may(actor, ACT_SELFHELP_DO, &t);
}

/*
 * quest_result scores a stored form: its answers through the engine.
 * ST_NOTFOUND when the instrument is no longer loaded.
 */
int
quest_result(struct db *db, const struct form *f, struct score_result *r)
{
	const struct instrument	*in;
	struct form_answer	*a;
	struct answers		 ans;
	size_t			 i, n;
	int			 st;

	if ((in = instrument_find(f->instrument)) == NULL)
		return ST_NOTFOUND;
	if ((st = forms_answers(db, f->id, &a, &n)) != ST_OK)
		return st;
	score_answers_init(&ans);
	for (i = 0; i < n; i++) {
		if (a[i].item >= 1 && a[i].item <= INSTRUMENT_MAX_ITEMS)
			ans.value[a[i].item] = a[i].value;
	}
	free(a);
	return score_compute(in, &ans, r);
}

/*
 * quest_disengaged raises R7 when patient missed her last two scheduled
 * occasions, or has not visited for QUEST_DISENGAGED_DAYS while her last
 * score met R4 or R5; she gets a gentle note too.  Once per open R7.
 */
static int
quest_disengaged(struct db *db, const struct conf *conf,
    const struct actor *actor, int64_t patient, int64_t now)
{
	struct account	*a = NULL;
	struct form	**done = NULL;
	struct score_result r;
	const char	*why = NULL;
	bool		 missed[2], open;
	int64_t		 last, newest;
	unsigned	 bits;
	size_t		 n = 0, nd = 0, i, k;
	int		 st;

	if ((st = alerts_open_exists(db, patient, "R7", NULL, &open)) !=
	    ST_OK || open)
		return st;
	/* Once per episode: a closed R7 comes back only on news. */
	if ((st = alerts_last_created(db, patient, "R7", &last)) != ST_OK)
		return st;
	if ((st = forms_recent_windows(db, patient, now, 2, missed, &n,
	    &newest)) != ST_OK)
		return st;
	if (n == 2 && missed[0] && missed[1] && newest > last)
		why = "two scheduled occasions missed in a row";
	if (why == NULL && actor->id != patient) {
		if ((st = accounts_get(db, patient, &a)) != ST_OK)
			return st;
		if (a->last_login_at > 0 && now - a->last_login_at >=
		    QUEST_DISENGAGED_DAYS * 86400 &&
		    last < a->last_login_at) {
			int states[] = { FORM_COMPLETED };

			if ((st = forms_list(db, patient, states, 1, &done,
			    &nd)) != ST_OK)
				goto out;
			/* The latest completed form is the last score. */
			for (i = k = 0; i < nd; i++) {
				if (done[i]->completed_at >=
				    done[k]->completed_at)
					k = i;
			}
			for (i = k; i < nd; i++) {
				if (quest_result(db, done[i], &r) == ST_OK &&
				    score_alerts(r.instrument, &r, NULL,
				    &conf->cutoffs, &bits) == ST_OK &&
				    (bits & (SCORE_ALERT(4) |
				    SCORE_ALERT(5))) != 0)
					why = "no visit for 14 days after a "
					    "score that needed review";
				break;
			}
		}
	}
	if (why == NULL)
		goto out;
	if ((st = alert_raise(db, actor, "R7", patient, "forms", 0, why)) ==
	    ST_OK)
		st = notifications_add(db, patient, NOTE_CHECKIN, 0, -1, NULL,
		    0);
out:
	forms_free_list(done, nd);
	account_free(a);
	return st;
}

/*
 * quest_sync brings patient's forms up to date at now: every scheduled
 * form that has opened exists, the ones that closed unanswered are
 * missed, and disengagement (R7) is raised when it shows.
 */
int
quest_sync(struct db *db, const struct conf *conf, const struct actor *actor,
    int64_t patient)
{
	struct care_period	*periods = NULL;
	struct schedule_slot	*slots = NULL;
	size_t			 np = 0, ns = 0, i;
	int64_t			 enrolled, now;
	int			 st, changed;

	now = db_now();
	if ((st = care_periods(db, patient, &enrolled, &periods, &np)) !=
	    ST_OK)
		return st;
	if ((st = schedule_slots(&conf->schedule, enrolled, periods, np, now,
	    &slots, &ns)) != ST_OK)
		goto out;
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	for (i = 0; i < ns && (st == ST_OK || st == ST_EXISTS); i++) {
		/* Forms the deployment no longer ships are not given. */
		if (instrument_find(slots[i].instrument) == NULL)
			continue;
		st = forms_ensure(db, patient, slots[i].instrument,
		    slots[i].window, slots[i].opens, slots[i].closes, 0,
		    NULL);
	}
	if (st == ST_EXISTS)
		st = ST_OK;
	if (st == ST_OK)
		st = forms_mark_missed(db, patient, now, &changed);
	if (st == ST_OK)
		st = quest_disengaged(db, conf, actor, patient, now);
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
out:
	free(periods);
	free(slots);
	return st;
}

/*
 * quest_due lists the actor's own forms open now (due or partly
 * answered), soonest closing first, after bringing them up to date.
 */
int
quest_due(struct db *db, const struct conf *conf, const struct actor *actor,
    struct form ***out, size_t *n)
{
	static const int states[] = { FORM_DUE, FORM_PARTIAL };
	struct form	**list;
	size_t		 i, len, kept;
	int64_t		 now;
	int		 st;

	*out = NULL;
	*n = 0;
	if (!quest_is_patient(actor))
		return ST_DENIED;
	if ((st = quest_sync(db, conf, actor, actor->id)) != ST_OK)
		return st;
	if ((st = forms_list(db, actor->id, states, 2, &list, &len)) != ST_OK)
		return st;
	now = db_now();
	for (i = kept = 0; i < len; i++) {
		if (list[i]->opens_at <= now && list[i]->closes_at > now &&
		    instrument_find(list[i]->instrument) != NULL)
			list[kept++] = list[i];
		else
			form_free(list[i]);
	}
	*out = list;
	*n = kept;
	return ST_OK;
}

/* quest_close frees what quest_open filled. */
void
quest_close(struct quest *q)
{
	form_free(q->form);
	memset(q, 0, sizeof *q);
}

/*
 * quest_open opens the actor's own form id to answer: open now, of an
 * instrument that can be given in her language (or in English, fallback
 * set), with the answers she already gave.  ST_EXPIRED once closed;
 * ST_NOTFOUND with *why when the operator must supply the text.
 */
int
quest_open(struct db *db, const struct actor *actor, const char *lang,
    int64_t id, struct quest *q, char **why)
{
	struct form_answer	*a = NULL;
	size_t			 i, n;
	int64_t			 now;
	int			 st;

	memset(q, 0, sizeof *q);
	*why = NULL;
	if (!quest_is_patient(actor))
		return ST_NOTFOUND;
	if ((st = forms_get(db, id, actor->id, &q->form)) != ST_OK)
		return st;
	now = db_now();
	if (q->form->state == FORM_COMPLETED || q->form->state ==
	    FORM_MISSED || q->form->closes_at <= now) {
		st = ST_EXPIRED;
		goto fail;
	}
	if (q->form->opens_at > now) {
		st = ST_NOTFOUND;
		goto fail;
	}
	if ((q->in = instrument_find(q->form->instrument)) == NULL) {
		st = ST_NOTFOUND;
		goto fail;
	}
	if ((st = instrument_available(q->in, lang, why)) != ST_OK)
		goto fail;
	q->fallback = !instrument_has_language(q->in, lang);
	q->lang = q->fallback ? "en" : lang;
	score_answers_init(&q->answers);
	if ((st = forms_answers(db, id, &a, &n)) != ST_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if (a[i].item >= 1 && (size_t)a[i].item <= q->in->nitems)
			q->answers.value[a[i].item] = a[i].value;
	}
	free(a);
	return ST_OK;
fail:
	quest_close(q);
	return st;
}

/*
 * quest_convention names the scoring conventions of in ("total=0-27;
 * phq2=0-6"), stored with every form so scores are never mixed.
 */
char *
quest_convention(const struct instrument *in)
{
	char	*s, *t;
	size_t	 i;

	s = xstrdup("");
	for (i = 0; i < in->nscores; i++) {
		xasprintf(&t, "%s%s%s=%s", s, i > 0 ? ";" : "",
		    in->scores[i].id, in->scores[i].convention != NULL ?
		    in->scores[i].convention : "");
		free(s);
		s = t;
	}
	return s;
}

/* quest_valid tells whether value answers item it of q's instrument. */
static bool
quest_valid(const struct instrument_item *it, int value)
{
	size_t	i;

	if (it->choices != NULL)
		return value >= 0 && (it->choices->len >= 31 ||
		    value < (1 << it->choices->len));
	for (i = 0; i < it->options->len; i++) {
		if (it->options->values[i] == value)
			return true;
	}
	return false;
}

/*
 * quest_answer keeps the answer to the k-th item (0-based) of q: an
 * option's value, or a checklist's bit mask.  The first answer records
 * the instrument's version, the language and the scoring convention.
 */
int
quest_answer(struct db *db, const struct actor *actor, struct quest *q,
    size_t k, int value)
{
	const struct instrument_item	*it;
	char				*conv;
	int				 st;

	if (q->form == NULL || q->form->patient_id != actor->id ||
	    k >= q->in->nitems)
		return ST_NOTFOUND;
	it = &q->in->items[k];
	if (!quest_valid(it, value))
		return ST_INVALID;
	if (q->form->closes_at <= db_now())
		return ST_EXPIRED;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	conv = quest_convention(q->in);
	st = forms_start(db, q->form->id, q->in->version, q->lang, conv);
	free(conv);
	if (st == ST_OK)
		st = forms_answer(db, q->form->id, it->number, value, (int)k);
	if (st != ST_OK) {
		db_rollback(db);
		return st;
	}
	if ((st = db_commit(db)) == ST_OK)
		q->answers.value[it->number] = value;
	return st;
}

/* quest_skip leaves the k-th item of q unanswered, when it may be. */
int
quest_skip(struct db *db, const struct actor *actor, struct quest *q,
    size_t k)
{
	const struct instrument_item	*it;
	int				 st;

	if (q->form == NULL || q->form->patient_id != actor->id ||
	    k >= q->in->nitems)
		return ST_NOTFOUND;
	it = &q->in->items[k];
	if ((it->flags & ITEM_OPTIONAL) == 0 || (it->flags & ITEM_CRITICAL))
		return ST_INVALID;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = forms_clear_answer(db, q->form->id, it->number, (int)k)) !=
	    ST_OK) {
		db_rollback(db);
		return st;
	}
	if ((st = db_commit(db)) == ST_OK)
		q->answers.value[it->number] = SCORE_MISSING;
	return st;
}

/* quest_missing is the first required item of q not answered, or -1. */
int
quest_missing(const struct quest *q)
{
	const struct instrument_item	*it;
	size_t				 k;

	for (k = 0; k < q->in->nitems; k++) {
		it = &q->in->items[k];
		if ((it->flags & ITEM_OPTIONAL) && !(it->flags & ITEM_CRITICAL))
			continue;
		if (q->answers.value[it->number] == SCORE_MISSING)
			return (int)k;
	}
	return -1;
}

/* quest_baseline scores patient's first completed form of in, if any. */
static int
quest_baseline(struct db *db, int64_t patient, const struct instrument *in,
    int64_t except, struct score_result *r, bool *found)
{
	struct form	**list;
	size_t		 n, i;
	int		 st;

	*found = false;
	if ((st = forms_completed(db, patient, in->id, &list, &n)) != ST_OK)
		return st;
	for (i = 0; i < n; i++) {
		if (list[i]->id == except)
			continue;
		if (quest_result(db, list[i], r) == ST_OK)
			*found = true;
		break;
	}
	forms_free_list(list, n);
	return ST_OK;
}

/* quest_detail says for staff what raised rule r on result res. */
static char *
quest_detail(const struct score_result *res, const struct score_result *base,
    int r)
{
	const struct instrument	*in = res->instrument;
	size_t			 p = instrument_primary(in);
	const struct score_value *v = &res->scores[p], *b;
	char			*s;
	size_t			 k;

	for (k = 0; k < in->nitems; k++) {
		if ((in->items[k].flags & ITEM_CRITICAL) && (r == 1 || r == 2)) {
			xasprintf(&s, "%s item %d = %d", in->name,
			    in->items[k].number,
			    res->answers.value[in->items[k].number]);
			return s;
		}
	}
	if (r == 6 && base != NULL && (b = &base->scores[p])->complete) {
		xasprintf(&s, "%s %s %d -> %d (baseline)", in->name,
		    v->score->id, b->value, v->value);
		return s;
	}
	if (v->complete)
		xasprintf(&s, "%s %s = %d (%s)", in->name, v->score->id,
		    v->value, v->band != NULL ? v->band : "-");
	else
		xasprintf(&s, "%s: incomplete", in->name);
	return s;
}

/*
 * quest_raise raises the rules in bits for the form just submitted.
 * R5 ("needs review") is left out when R4 fired on the same form: the
 * severe score already asks for more.
 */
static int
quest_raise(struct db *db, const struct actor *actor, const struct quest *q,
    const struct score_result *res, const struct score_result *base,
    unsigned bits)
{
	char	 rule[16], *detail;
	int	 r, st = ST_OK;

	if (bits & SCORE_ALERT(4))
		bits &= ~SCORE_ALERT(5);
	for (r = 1; r <= 6 && st == ST_OK; r++) {
		if ((bits & SCORE_ALERT(r)) == 0)
			continue;
		snprintf(rule, sizeof rule, "R%d", r);
		detail = quest_detail(res, base, r);
		st = alert_raise(db, actor, rule, actor->id, "form",
		    q->form->id, detail);
		free(detail);
	}
	return st;
}

/*
 * quest_submit completes q once every required item is answered (else
 * ST_INVALID and out->missing the item), scores it, and raises its alert
 * rules with the form, in one transaction.  out tells the UI what the
 * patient sees: the alerts raised decide whether the crisis card comes
 * first.
 */
int
quest_submit(struct db *db, const struct conf *conf,
    const struct actor *actor, struct quest *q, struct quest_outcome *out)
{
	struct score_result	 base;
	bool			 has_base;
	unsigned		 bits;
	int			 st;

	memset(out, 0, sizeof *out);
	out->missing = -1;
	if (q->form == NULL || q->form->patient_id != actor->id)
		return ST_NOTFOUND;
	if ((out->missing = quest_missing(q)) != -1)
		return ST_INVALID;
	if (q->form->closes_at <= db_now())
		return ST_EXPIRED;
	if ((st = score_compute(q->in, &q->answers, &out->result)) != ST_OK)
		return st;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = quest_baseline(db, actor->id, q->in, q->form->id, &base,
	    &has_base)) != ST_OK)
		goto fail;
	if ((st = score_alerts(q->in, &out->result, has_base ? &base : NULL,
	    &conf->cutoffs, &bits)) != ST_OK)
		goto fail;
	/* R5 is left out when R4 fires on the same form. */
	if (bits & SCORE_ALERT(4))
		bits &= ~SCORE_ALERT(5);
	if ((st = forms_complete(db, q->form->id, db_now())) != ST_OK)
		goto fail;
	if ((st = quest_raise(db, actor, q, &out->result,
	    has_base ? &base : NULL, bits)) != ST_OK)
		goto fail;
	if ((st = audit_record(db, actor, "form.submit", "form", q->form->id,
	    actor->name, q->in->id, true)) != ST_OK)
		goto fail;
	if ((st = db_commit(db)) != ST_OK)
		return st;
	out->alerts = bits;
	out->show_score = conf->patients_see_scores;
	if (bits & SCORE_ALERT(2))
		out->contact_by = alert_due_for("R2", db_now());
	else if (bits & SCORE_ALERT(1))
		out->contact_by = alert_due_for("R1", db_now());
	q->form->state = FORM_COMPLETED;
	return ST_OK;
fail:
	db_rollback(db);
	return st;
}

/*
 * quest_send gives patient (in the actor's care) the instrument now,
 * open for the schedule's window; she gets a note.  ST_NOTFOUND with *why
 * when its text is missing in every language she could read.
 */
int
quest_send(struct db *db, const struct conf *conf, const struct actor *actor,
    int64_t patient, const char *instrument, char **why)
{
	const struct instrument	*in;
	struct account		*p = NULL;
	char			 window[SCHEDULE_WINDOW_MAX];
	int64_t			 now, id;
	int			 st;

	*why = NULL;
	if ((st = care_patient(db, actor, ACT_ASSIGN_WORK, patient, &p,
	    NULL)) != ST_OK)
		return st;
	if ((in = instrument_find(instrument)) == NULL) {
		st = ST_NOTFOUND;
		goto out;
	}
	if ((st = instrument_available(in, p->language, why)) != ST_OK)
		goto out;
	now = db_now();
	snprintf(window, sizeof window, "sent %lld", (long long)now);
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	st = forms_ensure(db, patient, in->id, window, now,
	    schedule_add(now, conf->schedule.window_days, SCHEDULE_DAYS),
	    actor->id, &id);
	if (st == ST_OK)
		st = notifications_add(db, patient, NOTE_FORM_SENT, id, -1,
		    NULL, 0);
	if (st == ST_OK)
		st = audit_record(db, actor, "form.send", "form", id,
		    p->pseudonym, in->id, true);
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
out:
	account_free(p);
	return st;
}

/* quest_points_free frees a history from quest_history. */
void
quest_points_free(struct quest_point *list, size_t n)
{
	(void)n;
	free(list);
}

/*
 * quest_history gives patient's completed forms of instrument with their
 * scores, oldest (the baseline) first, for the patient herself (when the
 * deployment shows patients their scores) or a professional caring for
 * her; a staff read is audited.
 */
int
quest_history(struct db *db, const struct conf *conf,
    const struct actor *actor, int64_t patient, const char *instrument,
    struct quest_point **out, size_t *n)
{
	struct account	*p = NULL;
	struct form	**list = NULL;
	struct quest_point *pts = NULL;
	size_t		 len = 0, i, k = 0;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = care_patient(db, actor, ACT_RESULTS_SEE, patient, &p,
	    NULL)) != ST_OK)
		return st;
	if (actor->id == patient && !conf->patients_see_scores) {
		st = ST_DENIED;
		goto out;
	}
	if ((st = forms_completed(db, patient, instrument, &list, &len)) !=
	    ST_OK)
		goto out;
	pts = len > 0 ? xcalloc(len, sizeof *pts) : NULL;
	for (i = 0; i < len; i++) {
		if (quest_result(db, list[i], &pts[k].result) != ST_OK)
			continue;
		pts[k].form_id = list[i]->id;
		pts[k].at = list[i]->completed_at;
		k++;
	}
	if (actor->id != patient)
		st = audit_view(db, actor, "results.view", "account",
		    patient, p->pseudonym, instrument);
out:
	forms_free_list(list, len);
	account_free(p);
	if (st != ST_OK) {
		free(pts);
		return st;
	}
	*out = pts;
	*n = k;
	return ST_OK;
}

/*
 * quest_sweep brings every patient's forms up to date and escalates
 * overdue alerts, for bbsctl sweep run from cron: so missed forms, R7 and
 * R8 are recorded on time even when no professional is logged in.
 * *patients counts the patients seen.
 */
int
quest_sweep(struct db *db, const struct conf *conf, const struct actor *actor,
    size_t *patients)
{
	struct account	**all = NULL;
	size_t		  n = 0, i;
	int		  st;

	*patients = 0;
	if ((st = accounts_list(db, NULL, &all, &n)) != ST_OK)
		return st;
	for (i = 0; i < n && st == ST_OK; i++) {
		if (all[i]->role != ROLE_PATIENT && all[i]->role != ROLE_EXPERT)
			continue;
		st = quest_sync(db, conf, actor, all[i]->id);
		(*patients)++;
	}
	accounts_free_list(all, n);
	if (st == ST_OK)
		st = alert_escalate(db, actor);
	return st;
}
