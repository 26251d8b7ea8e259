/*
 * instrument_def.c: reading one definition file, <id>.def: its
 * directives, and the checks made once the whole file is read (bands that
 * cover each score's range with no gap or overlap, alert rules that can
 * fire, the header lines every instrument needs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instrument_int.h"

/* instrument_options_find finds an option set by id. */
struct instrument_options *
instrument_options_find(const struct instrument *in, const char *id)
{
	size_t	i;

	for (i = 0; i < in->noptions; i++)
		if (strcmp(in->options[i]->id, id) == 0)
			return in->options[i];
	return NULL;
}

/* instrument_choices_find finds a choice set by id. */
struct instrument_choices *
instrument_choices_find(const struct instrument *in, const char *id)
{
	size_t	i;

	for (i = 0; i < in->nchoices; i++)
		if (strcmp(in->choices[i]->id, id) == 0)
			return in->choices[i];
	return NULL;
}

/* instrument_score_index returns the index of score id, or -1. */
int
instrument_score_index(const struct instrument *in, const char *id)
{
	size_t	i;

	for (i = 0; i < in->nscores; i++)
		if (strcmp(in->scores[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* instrument_d_options: "options ID V1 V2 ...". */
static int
instrument_d_options(struct instrument_parse *p, struct instrument *in,
    char **w, size_t n)
{
	struct instrument_options	*o;
	size_t				 i, j;
	int				 v;

	if (n < 2 || !instrument_id_valid(w[1]))
		return instrument_fail(p, "options needs an id of lower-case "
		    "letters, digits and _, then its values");
	if (strcmp(w[1], "checklist") == 0)
		return instrument_fail(p, "\"checklist\" cannot name an "
		    "option set");
	if (instrument_options_find(in, w[1]) != NULL)
		return instrument_fail(p, "option set %s is defined twice",
		    w[1]);
	if (n < 4)
		return instrument_fail(p, "option set %s needs at least two "
		    "values", w[1]);
	if (n - 2 > INSTRUMENT_MAX_OPTIONS)
		return instrument_fail(p, "option set %s has more than %d "
		    "values", w[1], INSTRUMENT_MAX_OPTIONS);
	o = xcalloc(1, sizeof *o);
	o->values = xcalloc(n - 2, sizeof *o->values);
	o->id = xstrdup(w[1]);
	in->options = xreallocarray(in->options, in->noptions + 1,
	    sizeof *in->options);
	in->options[in->noptions++] = o;
	for (i = 2; i < n; i++) {
		if (!instrument_int(w[i], -INSTRUMENT_VALUE_MAX,
		    INSTRUMENT_VALUE_MAX, &v))
			return instrument_fail(p, "option value \"%s\" is not "
			    "a whole number from %d to %d", w[i],
			    -INSTRUMENT_VALUE_MAX, INSTRUMENT_VALUE_MAX);
		for (j = 0; j < o->len; j++)
			if (o->values[j] == v)
				return instrument_fail(p, "option set %s has "
				    "the value %d twice", o->id, v);
		o->values[o->len++] = v;
		if (o->len == 1 || v < o->min)
			o->min = v;
		if (o->len == 1 || v > o->max)
			o->max = v;
	}
	return ST_OK;
}

/* instrument_d_choices: "choices ID C1 C2 ...". */
static int
instrument_d_choices(struct instrument_parse *p, struct instrument *in,
    char **w, size_t n)
{
	struct instrument_choices	*c;
	size_t				 i, j;

	if (n < 2 || !instrument_id_valid(w[1]))
		return instrument_fail(p, "choices needs an id of lower-case "
		    "letters, digits and _, then its choices");
	if (instrument_choices_find(in, w[1]) != NULL)
		return instrument_fail(p, "choice set %s is defined twice",
		    w[1]);
	if (n < 4)
		return instrument_fail(p, "choice set %s needs at least two "
		    "choices", w[1]);
	if (n - 2 > INSTRUMENT_MAX_CHOICES)
		return instrument_fail(p, "choice set %s has more than %d "
		    "choices", w[1], INSTRUMENT_MAX_CHOICES);
	c = xcalloc(1, sizeof *c);
	c->choices = xcalloc(n - 2, sizeof *c->choices);
	c->id = xstrdup(w[1]);
	in->choices = xreallocarray(in->choices, in->nchoices + 1,
	    sizeof *in->choices);
	in->choices[in->nchoices++] = c;
	for (i = 2; i < n; i++) {
		if (!instrument_id_valid(w[i]))
			return instrument_fail(p, "choice \"%s\" is not an id "
			    "of lower-case letters, digits and _", w[i]);
		for (j = 0; j < c->len; j++)
			if (strcmp(c->choices[j], w[i]) == 0)
				return instrument_fail(p, "choice set %s has "
				    "%s twice", c->id, w[i]);
		c->choices[c->len++] = xstrdup(w[i]);
	}
	return ST_OK;
}

/* instrument_d_item: "item N SET [flags]" or "item N checklist SET [flags]". */
static int
instrument_d_item(struct instrument_parse *p, struct instrument *in,
    char **w, size_t n)
{
	struct instrument_item	 it;
	size_t			 i = 3;
	int			 num;

	memset(&it, 0, sizeof it);
	if (n < 3 || !instrument_int(w[1], 1, INSTRUMENT_MAX_ITEMS, &num))
		return instrument_fail(p, "item needs a number from 1 to %d, "
		    "then an option set", INSTRUMENT_MAX_ITEMS);
	if ((size_t)num != in->nitems + 1)
		return instrument_fail(p, "item %d is out of order: expected "
		    "item %zu", num, in->nitems + 1);
	it.number = num;
	if (strcmp(w[2], "checklist") == 0) {
		if (n < 4)
			return instrument_fail(p, "item %d: checklist needs a "
			    "choice set", num);
		if ((it.choices = instrument_choices_find(in, w[3])) == NULL)
			return instrument_fail(p, "item %d: unknown choice set "
			    "%s", num, w[3]);
		it.flags |= ITEM_UNSCORED;
		i = 4;
	} else if ((it.options = instrument_options_find(in, w[2])) == NULL)
		return instrument_fail(p, "item %d: unknown option set %s",
		    num, w[2]);
	for (; i < n; i++) {
		if (strcmp(w[i], "critical") == 0)
			it.flags |= ITEM_CRITICAL;
		else if (strcmp(w[i], "optional") == 0)
			it.flags |= ITEM_OPTIONAL;
		else if (strcmp(w[i], "unscored") == 0)
			it.flags |= ITEM_UNSCORED;
		else
			return instrument_fail(p, "item %d: unknown flag "
			    "\"%s\" (critical, optional or unscored)", num,
			    w[i]);
	}
	if ((it.flags & ITEM_CRITICAL) && (it.flags & ITEM_OPTIONAL))
		return instrument_fail(p, "item %d: a critical item cannot be "
		    "optional", num);
	if ((it.flags & ITEM_CRITICAL) && it.choices != NULL)
		return instrument_fail(p, "item %d: a checklist cannot be "
		    "critical", num);
	in->items = xreallocarray(in->items, in->nitems + 1,
	    sizeof *in->items);
	in->items[in->nitems++] = it;
	return ST_OK;
}

/*
 * instrument_item_list parses "1-9", "1,2", "2,4,5,8-10" into s->items,
 * each an existing, scored, single-choice item, none twice.
 */
static int
instrument_item_list(struct instrument_parse *p, const struct instrument *in,
    struct instrument_score *s, char *list)
{
	const struct instrument_item	*it;
	char				*tok, *dash, *save = NULL;
	int				 lo, hi, k;
	size_t				 j;

	for (tok = strtok_r(list, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if ((dash = strchr(tok, '-')) != NULL)
			*dash++ = '\0';
		if (!instrument_int(tok, 1, INSTRUMENT_MAX_ITEMS, &lo) ||
		    (dash != NULL &&
		    !instrument_int(dash, 1, INSTRUMENT_MAX_ITEMS, &hi)))
			return instrument_fail(p, "score %s: the item list "
			    "does not parse (write 1-9 or 1,2 or 2,4,8-10)",
			    s->id);
		if (dash == NULL)
			hi = lo;
		if (hi < lo)
			return instrument_fail(p, "score %s: the range %d-%d "
			    "runs backwards", s->id, lo, hi);
		for (k = lo; k <= hi; k++) {
			if ((size_t)k > in->nitems)
				return instrument_fail(p, "score %s: unknown "
				    "item %d", s->id, k);
			it = &in->items[k - 1];
			if (it->choices != NULL)
				return instrument_fail(p, "score %s: item %d "
				    "is a checklist, which has no value to "
				    "add", s->id, k);
			if (it->flags & ITEM_UNSCORED)
				return instrument_fail(p, "score %s: item %d "
				    "is unscored", s->id, k);
			for (j = 0; j < s->nitems; j++)
				if (s->items[j] == k)
					return instrument_fail(p, "score %s: "
					    "item %d is listed twice", s->id,
					    k);
			s->items = xreallocarray(s->items, s->nitems + 1,
			    sizeof *s->items);
			s->items[s->nitems++] = k;
		}
	}
	if (s->nitems == 0)
		return instrument_fail(p, "score %s has no items", s->id);
	return ST_OK;
}

/* instrument_score_range computes a score's min, max and default label. */
static void
instrument_score_range(const struct instrument *in, struct instrument_score *s)
{
	const struct instrument_options	*o;
	size_t				 i;
	int				 lo = 0, hi = 0;

	for (i = 0; i < s->nitems; i++) {
		o = in->items[s->items[i] - 1].options;
		lo += o->min + s->offset;
		hi += o->max + s->offset;
	}
	s->min = lo * s->times;
	s->max = hi * s->times;
	xasprintf(&s->convention, "%d-%d", s->min, s->max);
}

/* instrument_d_score: "score ID sum LIST [offset N] [times N]". */
static int
instrument_d_score(struct instrument_parse *p, struct instrument *in,
    char **w, size_t n)
{
	struct instrument_score	*s;
	size_t			 i;
	int			 st;

	if (n < 4 || !instrument_id_valid(w[1]))
		return instrument_fail(p, "score needs an id, \"sum\" and an "
		    "item list");
	if (instrument_score_index(in, w[1]) != -1)
		return instrument_fail(p, "score %s is defined twice", w[1]);
	if (strcmp(w[2], "sum") != 0)
		return instrument_fail(p, "score %s: unknown method \"%s\" "
		    "(only sum)", w[1], w[2]);
	if (in->nscores == INSTRUMENT_MAX_SCORES)
		return instrument_fail(p, "more than %d scores",
		    INSTRUMENT_MAX_SCORES);
	in->scores = xreallocarray(in->scores, in->nscores + 1,
	    sizeof *in->scores);
	s = &in->scores[in->nscores++];
	memset(s, 0, sizeof *s);
	s->id = xstrdup(w[1]);
	s->times = 1;
	p->score_line[in->nscores - 1] = p->line;
	if ((st = instrument_item_list(p, in, s, w[3])) != ST_OK)
		return st;
	for (i = 4; i < n; i += 2) {
		if (i + 1 >= n)
			return instrument_fail(p, "score %s: %s needs a "
			    "number", s->id, w[i]);
		if (strcmp(w[i], "offset") == 0) {
			if (!instrument_int(w[i + 1], -INSTRUMENT_VALUE_MAX,
			    INSTRUMENT_VALUE_MAX, &s->offset))
				return instrument_fail(p, "score %s: offset "
				    "\"%s\" is not a whole number", s->id,
				    w[i + 1]);
		} else if (strcmp(w[i], "times") == 0) {
			if (!instrument_int(w[i + 1], 1, INSTRUMENT_TIMES_MAX,
			    &s->times))
				return instrument_fail(p, "score %s: times "
				    "\"%s\" is not a whole number from 1 to "
				    "%d", s->id, w[i + 1],
				    INSTRUMENT_TIMES_MAX);
		} else
			return instrument_fail(p, "score %s: unknown modifier "
			    "\"%s\" (offset or times)", s->id, w[i]);
	}
	instrument_score_range(in, s);
	return ST_OK;
}

/* instrument_score_word finds the score a directive names, or fails. */
static int
instrument_score_word(struct instrument_parse *p, const struct instrument *in,
    const char *what, const char *id, struct instrument_score **s)
{
	int	i;

	if ((i = instrument_score_index(in, id)) == -1)
		return instrument_fail(p, "%s names unknown score %s", what,
		    id);
	*s = &in->scores[i];
	return ST_OK;
}

/* instrument_d_convention: "convention SCORE LABEL". */
static int
instrument_d_convention(struct instrument_parse *p, struct instrument *in,
    char **w, size_t n, char *rest)
{
	struct instrument_score	*s;
	int			 st;

	if (n < 2 || rest == NULL)
		return instrument_fail(p, "convention needs a score and a "
		    "label");
	if ((st = instrument_score_word(p, in, "convention", w[1], &s)) !=
	    ST_OK)
		return st;
	free(s->convention);
	s->convention = xstrdup(rest);
	return ST_OK;
}

/* instrument_d_band: "band SCORE LOW HIGH ID". */
static int
instrument_d_band(struct instrument_parse *p, struct instrument *in,
    char **w, size_t n)
{
	struct instrument_score	*s;
	struct instrument_band	*b;
	int			 st, lo, hi;
	size_t			 i;

	if (n != 5)
		return instrument_fail(p, "band needs a score, low, high and "
		    "an id");
	if ((st = instrument_score_word(p, in, "band", w[1], &s)) != ST_OK)
		return st;
	if (!instrument_int(w[2], INT_MIN / 2, INT_MAX / 2, &lo) ||
	    !instrument_int(w[3], INT_MIN / 2, INT_MAX / 2, &hi))
		return instrument_fail(p, "band of %s: low and high must be "
		    "whole numbers", s->id);
	if (!instrument_id_valid(w[4]))
		return instrument_fail(p, "band id \"%s\" is not lower-case "
		    "letters, digits and _", w[4]);
	if (hi < lo)
		return instrument_fail(p, "band %s of %s: %d-%d runs "
		    "backwards", w[4], s->id, lo, hi);
	if (lo < s->min || hi > s->max)
		return instrument_fail(p, "band %s (%d-%d) is outside the "
		    "range of score %s, %d-%d", w[4], lo, hi, s->id, s->min,
		    s->max);
	for (i = 0; i < s->nbands; i++)
		if (strcmp(s->bands[i].id, w[4]) == 0)
			return instrument_fail(p, "score %s has band %s twice",
			    s->id, w[4]);
	if (s->nbands == 64)
		return instrument_fail(p, "score %s has too many bands",
		    s->id);
	s->bands = xreallocarray(s->bands, s->nbands + 1, sizeof *s->bands);
	b = &s->bands[s->nbands];
	b->id = xstrdup(w[4]);
	b->low = lo;
	b->high = hi;
	p->band_line[s - in->scores][s->nbands++] = p->line;
	return ST_OK;
}

/* instrument_d_cutoff: "cutoff SCORE N". */
static int
instrument_d_cutoff(struct instrument_parse *p, struct instrument *in,
    char **w, size_t n)
{
	struct instrument_score	*s;
	int			 st, v;

	if (n != 3)
		return instrument_fail(p, "cutoff needs a score and a number");
	if ((st = instrument_score_word(p, in, "cutoff", w[1], &s)) != ST_OK)
		return st;
	if (s->has_cutoff)
		return instrument_fail(p, "score %s has two cut-offs", s->id);
	if (!instrument_int(w[2], INT_MIN / 2, INT_MAX / 2, &v))
		return instrument_fail(p, "cut-off \"%s\" is not a whole "
		    "number", w[2]);
	if (v < s->min || v > s->max)
		return instrument_fail(p, "cut-off %d is outside the range of "
		    "score %s, %d-%d", v, s->id, s->min, s->max);
	s->has_cutoff = true;
	s->cutoff = v;
	p->cutoff_line[s - in->scores] = p->line;
	return ST_OK;
}

/*
 * instrument_d_caseness: "caseness SCORE N", the score from which a
 * person counts as a case in outcome reports (privacy spec).  It may
 * differ from the screening cut-off: reports use the conventional
 * thresholds whatever a deployment screens with.
 */
static int
instrument_d_caseness(struct instrument_parse *p, struct instrument *in,
    char **w, size_t n)
{
	struct instrument_score	*s;
	int			 st, v;

	if (n != 3)
		return instrument_fail(p, "caseness needs a score and a "
		    "number");
	if ((st = instrument_score_word(p, in, "caseness", w[1], &s)) !=
	    ST_OK)
		return st;
	if (s->has_caseness)
		return instrument_fail(p, "score %s has two caseness "
		    "thresholds", s->id);
	if (!instrument_int(w[2], INT_MIN / 2, INT_MAX / 2, &v))
		return instrument_fail(p, "caseness \"%s\" is not a whole "
		    "number", w[2]);
	if (v <= s->min || v > s->max)
		return instrument_fail(p, "caseness %d of score %s must be "
		    "above %d and at most %d", v, s->id, s->min, s->max);
	s->has_caseness = true;
	s->caseness = v;
	return ST_OK;
}

/*
 * instrument_d_reliable: "reliable SCORE N", the change in points that
 * counts as reliable improvement (down) or deterioration (up) in outcome
 * reports.
 */
static int
instrument_d_reliable(struct instrument_parse *p, struct instrument *in,
    char **w, size_t n)
{
	struct instrument_score	*s;
	int			 st, v;

	if (n != 3)
		return instrument_fail(p, "reliable needs a score and a "
		    "number");
	if ((st = instrument_score_word(p, in, "reliable", w[1], &s)) !=
	    ST_OK)
		return st;
	if (s->has_reliable)
		return instrument_fail(p, "score %s has two reliable-change "
		    "thresholds", s->id);
	if (!instrument_int(w[2], INT_MIN / 2, INT_MAX / 2, &v))
		return instrument_fail(p, "reliable change \"%s\" is not a "
		    "whole number", w[2]);
	if (v < 1 || v > s->max - s->min)
		return instrument_fail(p, "reliable change %d of score %s must "
		    "be from 1 to %d", v, s->id, s->max - s->min);
	s->has_reliable = true;
	s->reliable = v;
	return ST_OK;
}

/* instrument_op parses an alert operator. */
static bool
instrument_op(const char *s, enum alert_op *op)
{
	static const char *const ops[] = { "=", ">=", "<=", ">", "<" };
	size_t	i;

	for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		if (strcmp(s, ops[i]) == 0) {
			*op = (enum alert_op)i;
			return true;
		}
	}
	return false;
}

/* instrument_d_alert: "alert RN item N|score ID|change ID OP VALUE". */
static int
instrument_d_alert(struct instrument_parse *p, struct instrument *in,
    char **w, size_t n)
{
	struct instrument_alert	 a;
	struct instrument_score	*s;
	int			 st;

	memset(&a, 0, sizeof a);
	a.line = p->line;
	if (n != 6)
		return instrument_fail(p, "alert needs a rule, a subject "
		    "(item N, score ID or change ID), an operator and a "
		    "value");
	if (w[1][0] != 'R' || !instrument_int(w[1] + 1, 1, 6, &a.rule))
		return instrument_fail(p, "alert rule \"%s\" is not one of R1 "
		    "to R6", w[1]);
	if (strcmp(w[2], "item") == 0) {
		a.subject = ALERT_ITEM;
		if (!instrument_int(w[3], 1, INSTRUMENT_MAX_ITEMS, &a.item) ||
		    (size_t)a.item > in->nitems)
			return instrument_fail(p, "alert %s names unknown item "
			    "%s", w[1], w[3]);
		if (in->items[a.item - 1].choices != NULL)
			return instrument_fail(p, "alert %s: item %d is a "
			    "checklist", w[1], a.item);
	} else if (strcmp(w[2], "score") == 0 || strcmp(w[2], "change") == 0) {
		a.subject = w[2][0] == 's' ? ALERT_SCORE : ALERT_CHANGE;
		if ((st = instrument_score_word(p, in, "alert", w[3], &s)) !=
		    ST_OK)
			return st;
		a.score = (size_t)(s - in->scores);
	} else
		return instrument_fail(p, "alert %s: unknown subject \"%s\" "
		    "(item, score or change)", w[1], w[2]);
	if (!instrument_op(w[4], &a.op))
		return instrument_fail(p, "alert %s: unknown operator \"%s\" "
		    "(=, >=, <=, > or <)", w[1], w[4]);
	if (strcmp(w[5], "cutoff") == 0) {
		if (a.subject != ALERT_SCORE)
			return instrument_fail(p, "alert %s: only a score can "
			    "be compared with its cut-off", w[1]);
		a.cutoff = true;
	} else if (!instrument_int(w[5], INT_MIN / 2, INT_MAX / 2, &a.value))
		return instrument_fail(p, "alert %s: \"%s\" is not a whole "
		    "number or \"cutoff\"", w[1], w[5]);
	in->alerts = xreallocarray(in->alerts, in->nalerts + 1,
	    sizeof *in->alerts);
	in->alerts[in->nalerts++] = a;
	return ST_OK;
}

/* instrument_d_rci: "rci SCORE SD1 R". */
static int
instrument_d_rci(struct instrument_parse *p, struct instrument *in, char **w,
    size_t n)
{
	struct instrument_score	*s;
	int			 st;
	double			 sd, r;

	if (n != 4)
		return instrument_fail(p, "rci needs a score, SD1 and r");
	if ((st = instrument_score_word(p, in, "rci", w[1], &s)) != ST_OK)
		return st;
	if (!instrument_double(w[2], &sd) || sd <= 0)
		return instrument_fail(p, "rci of %s: SD1 \"%s\" is not a "
		    "positive number", s->id, w[2]);
	if (!instrument_double(w[3], &r) || r < 0 || r >= 1)
		return instrument_fail(p, "rci of %s: reliability \"%s\" is "
		    "not a number from 0 to below 1", s->id, w[3]);
	s->has_rci = true;
	s->rci_sd1 = sd;
	s->rci_r = r;
	return ST_OK;
}

/* instrument_d_header handles instrument, version, name, period, licence. */
static int
instrument_d_header(struct instrument_parse *p, struct instrument *in,
    char **w, size_t n, char *rest, const char *fileid)
{
	const char	*d = w[0];

	if (strcmp(d, "instrument") == 0) {
		if (p->seen_instrument)
			return instrument_fail(p, "a second instrument line");
		if (n != 2 || !instrument_id_valid(w[1]))
			return instrument_fail(p, "instrument needs an id of "
			    "lower-case letters, digits and _");
		if (strcmp(w[1], fileid) != 0)
			return instrument_fail(p, "instrument %s does not "
			    "match the file name (%s.def)", w[1], fileid);
		p->seen_instrument = true;
	} else if (strcmp(d, "version") == 0) {
		if (p->seen_version)
			return instrument_fail(p, "a second version line");
		if (n != 2 || !instrument_int(w[1], 1, INT_MAX, &in->version))
			return instrument_fail(p, "version must be a positive "
			    "whole number");
		p->seen_version = true;
	} else if (strcmp(d, "period") == 0) {
		if (p->seen_period)
			return instrument_fail(p, "a second period line");
		if (n != 2 || !instrument_int(w[1], 1, INSTRUMENT_PERIOD_MAX,
		    &in->period))
			return instrument_fail(p, "period must be a number of "
			    "days from 1 to %d", INSTRUMENT_PERIOD_MAX);
		p->seen_period = true;
	} else if (strcmp(d, "licence") == 0) {
		if (p->seen_licence)
			return instrument_fail(p, "a second licence line");
		if (n == 2 && strcmp(w[1], "free") == 0)
			in->licence = INSTRUMENT_FREE;
		else if (n == 2 && strcmp(w[1], "operator") == 0)
			in->licence = INSTRUMENT_OPERATOR;
		else
			return instrument_fail(p, "licence must be free or "
			    "operator");
		p->seen_licence = true;
	} else if (strcmp(d, "name") == 0 || strcmp(d, "citation") == 0) {
		if (rest == NULL)
			return instrument_fail(p, "%s needs text", d);
		if (d[0] == 'n') {
			if (p->seen_name)
				return instrument_fail(p, "a second name line");
			in->name = xstrdup(rest);
			p->seen_name = true;
		} else {
			if (p->seen_citation)
				return instrument_fail(p, "a second citation "
				    "line");
			in->citation = xstrdup(rest);
			p->seen_citation = true;
		}
	} else
		return instrument_fail(p, "unknown directive \"%s\"", d);
	return ST_OK;
}

/* instrument_directive parses one non-blank, non-comment line. */
static int
instrument_directive(struct instrument_parse *p, struct instrument *in,
    char *line, const char *fileid)
{
	char	*w[INSTRUMENT_MAX_OPTIONS + 8], *rest = NULL, *copy;
	size_t	 n, max = sizeof w / sizeof w[0];
	int	 st;

	copy = xstrdup(line);
	n = instrument_split(copy, w, 1, 1, &rest);
	if (strcmp(w[0], "name") == 0 || strcmp(w[0], "citation") == 0) {
		st = instrument_d_header(p, in, w, n, rest, fileid);
		goto out;
	}
	if (strcmp(w[0], "convention") == 0) {
		free(copy);
		copy = xstrdup(line);
		n = instrument_split(copy, w, 2, 2, &rest);
		st = instrument_d_convention(p, in, w, n, rest);
		goto out;
	}
	free(copy);
	copy = xstrdup(line);
	n = instrument_split(copy, w, max, max, NULL);
	if (n == max) {
		st = instrument_fail(p, "too many words");
		goto out;
	}
	if (strcmp(w[0], "options") == 0)
		st = instrument_d_options(p, in, w, n);
	else if (strcmp(w[0], "choices") == 0)
		st = instrument_d_choices(p, in, w, n);
	else if (strcmp(w[0], "item") == 0)
		st = instrument_d_item(p, in, w, n);
	else if (strcmp(w[0], "score") == 0)
		st = instrument_d_score(p, in, w, n);
	else if (strcmp(w[0], "band") == 0)
		st = instrument_d_band(p, in, w, n);
	else if (strcmp(w[0], "cutoff") == 0)
		st = instrument_d_cutoff(p, in, w, n);
	else if (strcmp(w[0], "alert") == 0)
		st = instrument_d_alert(p, in, w, n);
	else if (strcmp(w[0], "rci") == 0)
		st = instrument_d_rci(p, in, w, n);
	else if (strcmp(w[0], "caseness") == 0)
		st = instrument_d_caseness(p, in, w, n);
	else if (strcmp(w[0], "reliable") == 0)
		st = instrument_d_reliable(p, in, w, n);
	else
		st = instrument_d_header(p, in, w, n, NULL, fileid);
out:
	free(copy);
	return st;
}

/*
 * instrument_bands_check sorts a score's bands and checks they cover its
 * whole range with no gap and no overlap.
 */
static int
instrument_bands_check(struct instrument_parse *p, struct instrument *in,
    size_t k)
{
	struct instrument_score	*s = &in->scores[k];
	struct instrument_band	 tb;
	int			*lines = p->band_line[k], tl;
	size_t			 i, j;

	if (s->nbands == 0)
		return ST_OK;
	for (i = 1; i < s->nbands; i++) {
		for (j = i; j > 0 && s->bands[j - 1].low > s->bands[j].low;
		    j--) {
			tb = s->bands[j];
			s->bands[j] = s->bands[j - 1];
			s->bands[j - 1] = tb;
			tl = lines[j];
			lines[j] = lines[j - 1];
			lines[j - 1] = tl;
		}
	}
	p->line = lines[0];
	if (s->bands[0].low > s->min)
		return instrument_fail(p, "the bands of score %s leave a gap: "
		    "%d to %d is in no band", s->id, s->min,
		    s->bands[0].low - 1);
	for (i = 1; i < s->nbands; i++) {
		p->line = lines[i];
		if (s->bands[i].low <= s->bands[i - 1].high)
			return instrument_fail(p, "band %s overlaps band %s "
			    "(line %d) of score %s", s->bands[i].id,
			    s->bands[i - 1].id, lines[i - 1], s->id);
		if (s->bands[i].low > s->bands[i - 1].high + 1)
			return instrument_fail(p, "the bands of score %s leave "
			    "a gap: %d to %d is in no band", s->id,
			    s->bands[i - 1].high + 1, s->bands[i].low - 1);
	}
	p->line = lines[s->nbands - 1];
	if (s->bands[s->nbands - 1].high < s->max)
		return instrument_fail(p, "the bands of score %s leave a gap: "
		    "%d to %d is in no band", s->id,
		    s->bands[s->nbands - 1].high + 1, s->max);
	return ST_OK;
}

/* instrument_alert_range gives the values an alert's subject can take. */
static void
instrument_alert_range(const struct instrument *in,
    const struct instrument_alert *a, int *lo, int *hi)
{
	const struct instrument_score	*s = &in->scores[a->score];

	switch (a->subject) {
	case ALERT_ITEM:
		*lo = in->items[a->item - 1].options->min;
		*hi = in->items[a->item - 1].options->max;
		break;
	case ALERT_SCORE:
		*lo = s->min;
		*hi = s->max;
		break;
	case ALERT_CHANGE:
		*lo = s->min - s->max;
		*hi = s->max - s->min;
		break;
	}
}

/*
 * instrument_alerts_check checks, once the whole file is read, that every
 * rule using "cutoff" has one and that every rule can fire at all.
 */
static int
instrument_alerts_check(struct instrument_parse *p, struct instrument *in)
{
	const struct instrument_alert	*a;
	bool				 ok;
	size_t				 i;
	int				 lo = 0, hi = 0, v;

	for (i = 0; i < in->nalerts; i++) {
		a = &in->alerts[i];
		p->line = a->line;
		if (a->cutoff && !in->scores[a->score].has_cutoff)
			return instrument_fail(p, "alert R%d compares with the "
			    "cut-off, but score %s has none", a->rule,
			    in->scores[a->score].id);
		if (a->cutoff)
			continue;
		instrument_alert_range(in, a, &lo, &hi);
		v = a->value;
		switch (a->op) {
		case ALERT_EQ:
			ok = v >= lo && v <= hi;
			break;
		case ALERT_GE:
			ok = v <= hi;
			break;
		case ALERT_LE:
			ok = v >= lo;
			break;
		case ALERT_GT:
			ok = v < hi;
			break;
		default:
			ok = v > lo;
			break;
		}
		if (!ok)
			return instrument_fail(p, "alert R%d can never fire: "
			    "its subject only takes values %d to %d", a->rule,
			    lo, hi);
	}
	return ST_OK;
}

/* instrument_end checks what only the whole file can tell. */
static int
instrument_end(struct instrument_parse *p, struct instrument *in, int last)
{
	static const char *const need[] = {
		"instrument", "version", "name", "period", "licence"
	};
	bool	seen[5];
	size_t	i;
	int	st;

	seen[0] = p->seen_instrument;
	seen[1] = p->seen_version;
	seen[2] = p->seen_name;
	seen[3] = p->seen_period;
	seen[4] = p->seen_licence;
	p->line = last;
	for (i = 0; i < 5; i++)
		if (!seen[i])
			return instrument_fail(p, "the file has no %s line",
			    need[i]);
	if (in->nitems == 0)
		return instrument_fail(p, "the file has no items");
	for (i = 0; i < in->nscores; i++)
		if ((st = instrument_bands_check(p, in, i)) != ST_OK)
			return st;
	return instrument_alerts_check(p, in);
}

/* instrument_parse_def reads one definition file. */
int
instrument_parse_def(const char *path, const char *fileid,
    struct instrument **out, char **err)
{
	struct instrument_parse	*p;
	struct instrument	*in;
	char			*buf, *pos, *l;
	int			 st = ST_OK;

	*out = NULL;
	if ((buf = text_read_file(path, INSTRUMENT_FILE_MAX, err)) == NULL)
		return ST_IOERR;
	p = xcalloc(1, sizeof *p);
	p->path = path;
	p->err = err;
	in = xcalloc(1, sizeof *in);
	in->id = xstrdup(fileid);
	in->file = xstrdup(path);
	pos = buf;
	while (st == ST_OK && (l = instrument_next_line(&pos, &p->line)) !=
	    NULL) {
		if (*l == '\0' || *l == '#')
			continue;
		st = instrument_directive(p, in, l, fileid);
	}
	if (st == ST_OK)
		st = instrument_end(p, in, p->line);
	free(buf);
	free(p);
	if (st != ST_OK) {
		instrument_free(in);
		return st;
	}
	*out = in;
	return ST_OK;
}

