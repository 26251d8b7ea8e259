/*
 * score.c: scores, bands and alert rules, all from the definitions.
 *
 * Nothing here knows a particular instrument: PHQ-9's total, WHO-5's
 * percentage and K10's K6 are all "sum of (item + offset) x times" as
 * their definition files say, and the alert rules R1 to R6 are the
 * definitions' own "alert" lines.  The safety rules this file keeps:
 *  - a missing item is never counted as 0: a score with any item missing
 *    is not computed, and says so;
 *  - a missing critical item (PHQ-9 item 9) makes the whole result
 *    "unknown" for alerts, which staff must look at: never "no alert";
 *  - a value that is not one of its item's options is refused.
 */
#include <math.h>
#include <string.h>

#include "bbs.h"

/* score_answers_init marks every item unanswered. */
void
score_answers_init(struct answers *a)
{
	size_t	i;

	for (i = 0; i < sizeof a->value / sizeof a->value[0]; i++)
		a->value[i] = SCORE_MISSING;
}

/* score_value_valid tells whether v is an allowed answer to item it. */
static bool
score_value_valid(const struct instrument_item *it, int v)
{
	size_t	i;

	if (it->choices != NULL)
		return v >= 0 && (it->choices->len >= 31 ||
		    v < (1 << it->choices->len));
	for (i = 0; i < it->options->len; i++)
		if (it->options->values[i] == v)
			return true;
	return false;
}

/* score_band finds the band holding v, or NULL. */
static const char *
score_band(const struct instrument_score *s, int v)
{
	size_t	i;

	for (i = 0; i < s->nbands; i++)
		if (v >= s->bands[i].low && v <= s->bands[i].high)
			return s->bands[i].id;
	return NULL;
}

/* score_one computes one score from the answers. */
static void
score_one(const struct instrument_score *s, const struct answers *a,
    struct score_value *out)
{
	size_t	i;
	int	sum = 0, v;

	memset(out, 0, sizeof *out);
	out->score = s;
	out->convention = s->convention;
	for (i = 0; i < s->nitems; i++) {
		if ((v = a->value[s->items[i]]) == SCORE_MISSING)
			return;		/* not complete: never a 0 */
		sum += v + s->offset;
	}
	out->complete = true;
	out->value = sum * s->times;
	out->band = score_band(s, out->value);
}

/*
 * score_compute scores answers a to in into r: every score with its
 * value, band and convention when all its items are answered; whether
 * every required item is answered; and "unknown" when a critical item is
 * missing.  ST_INVALID (r untouched) for a value that is not one of its
 * item's options, or an answer to an item the instrument does not have.
 */
int
score_compute(const struct instrument *in, const struct answers *a,
    struct score_result *r)
{
	const struct instrument_item	*it;
	size_t				 i;
	bool				 complete = true, unknown = false;
	int				 v;

	if (in == NULL || a == NULL || r == NULL ||
	    in->nscores > INSTRUMENT_MAX_SCORES)
		return ST_INVALID;
	for (i = 1; i <= INSTRUMENT_MAX_ITEMS; i++) {
		v = a->value[i];
		if (i > in->nitems) {
			if (v != SCORE_MISSING)
				return ST_INVALID;
			continue;
		}
		it = &in->items[i - 1];
		if (v == SCORE_MISSING) {
			if ((it->flags & ITEM_OPTIONAL) == 0)
				complete = false;
			if (it->flags & ITEM_CRITICAL)
				unknown = true;
			continue;
		}
		if (!score_value_valid(it, v))
			return ST_INVALID;
	}
	memset(r, 0, sizeof *r);
	r->instrument = in;
	r->answers = *a;
	r->answers.value[0] = SCORE_MISSING;
	r->complete = complete;
	r->unknown = unknown;
	r->nscores = in->nscores;
	for (i = 0; i < in->nscores; i++)
		score_one(&in->scores[i], a, &r->scores[i]);
	return ST_OK;
}

/* score_get returns the score called id of a result, or NULL. */
const struct score_value *
score_get(const struct score_result *r, const char *id)
{
	size_t	i;

	for (i = 0; i < r->nscores; i++)
		if (strcmp(r->scores[i].score->id, id) == 0)
			return &r->scores[i];
	return NULL;
}

/* score_test applies an alert operator. */
static bool
score_test(enum alert_op op, int v, int limit)
{
	switch (op) {
	case ALERT_EQ:
		return v == limit;
	case ALERT_GE:
		return v >= limit;
	case ALERT_LE:
		return v <= limit;
	case ALERT_GT:
		return v > limit;
	case ALERT_LT:
		return v < limit;
	}
	return false;
}

/*
 * score_rule evaluates one alert rule: 1 fires, 0 does not, -1 unknown
 * (what it looks at is missing).  A change rule without a usable baseline
 * does not fire.
 */
static int
score_rule(const struct instrument *in, const struct instrument_alert *al,
    const struct score_result *now, const struct score_result *base,
    const struct cutoffs *c)
{
	const struct score_value	*sv, *bv;
	int				 v, limit = al->value;

	switch (al->subject) {
	case ALERT_ITEM:
		if ((v = now->answers.value[al->item]) == SCORE_MISSING)
			return -1;
		break;
	case ALERT_SCORE:
		sv = &now->scores[al->score];
		if (!sv->complete)
			return -1;
		v = sv->value;
		if (al->cutoff && instrument_cutoff(in, al->score, c,
		    &limit) != ST_OK)
			return -1;	/* the loader makes this impossible */
		break;
	case ALERT_CHANGE:
		sv = &now->scores[al->score];
		if (base == NULL)
			return 0;
		bv = &base->scores[al->score];
		if (!bv->complete)
			return 0;
		if (!sv->complete)
			return -1;
		v = sv->value - bv->value;
		break;
	default:
		return -1;
	}
	return score_test(al->op, v, limit) ? 1 : 0;
}

/*
 * score_alerts evaluates the alert rules of in's definition on a result
 * (and, for change rules, a baseline result of the same instrument, or
 * NULL: no change alert).  "cutoff" is the deployment's override in c
 * when it has one, else the definition's.  *rules gets SCORE_ALERT(n)
 * for each rule Rn that fires, and SCORE_ALERT_UNKNOWN when a critical
 * item is missing or a rule could not be evaluated for missing answers:
 * staff must look, it is never "no alert".
 */
int
score_alerts(const struct instrument *in, const struct score_result *now,
    const struct score_result *base, const struct cutoffs *c,
    unsigned *rules)
{
	size_t	i;
	int	rc;

	*rules = 0;
	if (in == NULL || now == NULL || now->instrument != in ||
	    now->nscores != in->nscores ||
	    (base != NULL && (base->instrument == NULL ||
	    strcmp(base->instrument->id, in->id) != 0 ||
	    base->nscores != in->nscores)))
		return ST_INVALID;
	if (now->unknown)
		*rules |= SCORE_ALERT_UNKNOWN;
	for (i = 0; i < in->nalerts; i++) {
		rc = score_rule(in, &in->alerts[i], now, base, c);
		if (rc < 0)
			*rules |= SCORE_ALERT_UNKNOWN;
		else if (rc > 0)
			*rules |= SCORE_ALERT(in->alerts[i].rule);
	}
	return ST_OK;
}

/*
 * score_rci is the reliable change index of Jacobson and Truax from x1 to
 * x2: (x2 - x1) / (SD1 * sqrt(2) * sqrt(1 - r)).
 */
double
score_rci(double x1, double x2, double sd1, double r)
{
	double	sdiff;

	sdiff = sd1 * sqrt(2.0 * (1.0 - r));
	if (!(sdiff > 0))
		return 0;
	return (x2 - x1) / sdiff;
}

/* score_rci_reliable tells whether a change index is reliable: |RC| > 1.96. */
bool
score_rci_reliable(double rc)
{
	return rc > SCORE_RCI_RELIABLE || rc < -SCORE_RCI_RELIABLE;
}

/*
 * score_change says whether the change of score k of in from a baseline
 * x1 to x2 is reliable: 1 reliably worse, -1 reliably better, 0 not.
 * The definition's reliable-deterioration rule (R6, "change total >= 6")
 * gives the threshold and which way is worse, the conventional one the
 * spec reports with, and the same either way (PHQ-9 down 6 is a reliable
 * improvement); a score without one uses the reliable change index.
 */
int
score_change(const struct instrument *in, size_t k, int x1, int x2)
{
	const struct instrument_alert	*al;
	const struct instrument_score	*s = &in->scores[k];
	size_t				 i;
	int				 d = x2 - x1, limit;
	bool				 up;

	for (i = 0; i < in->nalerts; i++) {
		al = &in->alerts[i];
		if (al->rule != 6 || al->subject != ALERT_CHANGE ||
		    al->score != k || al->cutoff)
			continue;
		up = al->op == ALERT_GE || al->op == ALERT_GT;
		limit = al->value < 0 ? -al->value : al->value;
		if (al->op == ALERT_GT || al->op == ALERT_LT)
			limit++;
		if (d >= limit)
			return up ? 1 : -1;
		if (-d >= limit)
			return up ? -1 : 1;
		return 0;
	}
	if (!s->has_rci || !score_rci_reliable(score_rci(x1, x2, s->rci_sd1,
	    s->rci_r)))
		return 0;
	return d > 0 ? 1 : -1;
}
