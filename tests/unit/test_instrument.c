/*
 * test_instrument.c: the questionnaire engine on the SHIPPED definitions,
 * and the definition parser on broken ones.
 *
 * The shipped files are read from content/ in the source tree (the tests
 * run from its root), so a change to a definition is tested here before
 * it reaches anyone.  The expected bands are written out below from
 * shared/spec/questionnaires.md, not read back from the definitions: the
 * definitions are checked against the spec, then every band is checked
 * at each boundary with answers that add up to the value.  The alert
 * rules are checked at their thresholds from the safety spec's table.
 * Broken files use a small content directory in /tmp, one test per kind
 * of error, each asserting the file, the line and the message.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])
#define R(n)		SCORE_ALERT(n)

static struct conf	*conf;		/* content_dir: the shipped content */
static struct conf	*tconf;		/* content_dir: tmpdir */
static char		 tmpdir[] = "/tmp/test_instrument.XXXXXX";

/* load_shipped loads the shipped questionnaires, which must be valid. */
static void
load_shipped(void)
{
	char	*err = NULL;

	if (instruments_load(conf, &err) != ST_OK)
		fail_msg("shipped questionnaires: %s", err);
	assert_null(err);
}

/* get returns a shipped instrument, which must exist. */
static const struct instrument *
get(const char *id)
{
	const struct instrument	*in;

	/* Loading again would free what earlier calls returned. */
	if ((in = instrument_find(id)) == NULL) {
		load_shipped();
		in = instrument_find(id);
	}
	if (in == NULL)
		fail_msg("no instrument %s", id);
	return in;
}

/* One band as the spec writes it. */
struct band_spec {
	int		 low;
	int		 high;
	const char	*id;
};

/* The bands of one score, from shared/spec/questionnaires.md. */
struct score_spec {
	const char		*instrument;
	const char		*score;
	int			 min;
	int			 max;
	struct band_spec	 bands[6];
};

static const struct score_spec spec_scores[] = {
	{ "phq9", "total", 0, 27, { { 0, 4, "minimal" }, { 5, 9, "mild" },
	    { 10, 14, "moderate" }, { 15, 19, "moderately_severe" },
	    { 20, 27, "severe" } } },
	{ "phq9", "phq2", 0, 6, { { 0, 2, "negative" },
	    { 3, 6, "positive" } } },
	{ "gad7", "total", 0, 21, { { 0, 4, "minimal" }, { 5, 9, "mild" },
	    { 10, 14, "moderate" }, { 15, 21, "severe" } } },
	{ "gad7", "gad2", 0, 6, { { 0, 2, "negative" },
	    { 3, 6, "positive" } } },
	{ "phq4", "total", 0, 12, { { 0, 2, "none" }, { 3, 5, "mild" },
	    { 6, 8, "moderate" }, { 9, 12, "severe" } } },
	{ "phq4", "anxiety", 0, 6, { { 0, 2, "negative" },
	    { 3, 6, "positive" } } },
	{ "phq4", "depression", 0, 6, { { 0, 2, "negative" },
	    { 3, 6, "positive" } } },
	{ "who5", "raw", 0, 25, { { 0, 0, NULL } } },
	{ "who5", "percent", 0, 100, { { 0, 28, "low" }, { 29, 50, "poor" },
	    { 51, 100, "good" } } },
	{ "k10", "total", 10, 50, { { 10, 15, "low" },
	    { 16, 21, "moderate" }, { 22, 29, "high" },
	    { 30, 50, "very_high" } } },
	{ "k10", "k6", 0, 24, { { 0, 12, "below" }, { 13, 24, "serious" } } },
	{ "distress", "total", 0, 10, { { 0, 3, "below" },
	    { 4, 10, "above" } } },
	{ "hads", "anxiety", 0, 21, { { 0, 7, "normal" },
	    { 8, 10, "borderline" }, { 11, 21, "abnormal" } } },
	{ "hads", "depression", 0, 21, { { 0, 7, "normal" },
	    { 8, 10, "borderline" }, { 11, 21, "abnormal" } } },
	{ "hads", "total", 0, 42, { { 0, 0, NULL } } },
};

/* spec_nbands counts the bands of a spec score. */
static size_t
spec_nbands(const struct score_spec *sp)
{
	size_t	n = 0;

	while (n < NITEMS(sp->bands) && sp->bands[n].id != NULL)
		n++;
	return n;
}

/* spec_band returns the spec's band for v, or NULL. */
static const char *
spec_band(const struct score_spec *sp, int v)
{
	size_t	i;

	for (i = 0; i < spec_nbands(sp); i++)
		if (v >= sp->bands[i].low && v <= sp->bands[i].high)
			return sp->bands[i].id;
	return NULL;
}

/* score_of returns score id of in, which must exist. */
static const struct instrument_score *
score_of(const struct instrument *in, const char *id)
{
	int	k;

	if ((k = instrument_score_index(in, id)) == -1)
		fail_msg("%s has no score %s", in->id, id);
	return &in->scores[k];
}

/* base_answers answers every item with its lowest option (checklists: none). */
static void
base_answers(const struct instrument *in, struct answers *a)
{
	size_t	i;

	score_answers_init(a);
	for (i = 0; i < in->nitems; i++)
		a->value[i + 1] = in->items[i].choices != NULL ? 0 :
		    in->items[i].options->min;
}

/*
 * build fills the items of score s so that it comes to v (which must be
 * reachable): each item gets the highest option that leaves a reachable
 * rest.  The shipped option sets are runs of whole numbers, so any sum
 * between the least and the most is reachable.
 */
static void
build(const struct instrument *in, const struct instrument_score *s, int v,
    struct answers *a)
{
	const struct instrument_options	*o;
	size_t				 i, j;
	int				 rest, lo, hi, pick, best;

	base_answers(in, a);
	assert_int_equal(v % s->times, 0);
	rest = v / s->times - (int)s->nitems * s->offset;
	for (i = 0; i < s->nitems; i++) {
		lo = hi = 0;
		for (j = i + 1; j < s->nitems; j++) {
			o = in->items[s->items[j] - 1].options;
			lo += o->min;
			hi += o->max;
		}
		o = in->items[s->items[i] - 1].options;
		best = SCORE_MISSING;
		for (j = 0; j < o->len; j++) {
			pick = o->values[j];
			if (rest - pick >= lo && rest - pick <= hi &&
			    (best == SCORE_MISSING || pick > best))
				best = pick;
		}
		if (best == SCORE_MISSING)
			fail_msg("%s %s: %d cannot be built", in->id, s->id, v);
		a->value[s->items[i]] = best;
		rest -= best;
	}
	assert_int_equal(rest, 0);
}

/* compute builds answers for score id at v and scores them. */
static void
compute(const struct instrument *in, const char *id, int v,
    struct score_result *r)
{
	struct answers	a;

	build(in, score_of(in, id), v, &a);
	assert_int_equal(score_compute(in, &a, r), ST_OK);
	assert_true(score_get(r, id)->complete);
	assert_int_equal(score_get(r, id)->value, v);
}

/* alerts_at scores answers making score id v and returns the rules. */
static unsigned
alerts_at(const struct instrument *in, const char *id, int v,
    const struct score_result *base, const struct cutoffs *c)
{
	struct score_result	r;
	unsigned		rules;

	compute(in, id, v, &r);
	assert_int_equal(score_alerts(in, &r, base, c, &rules), ST_OK);
	return rules;
}

/* The shipped set loads, and HADS refuses without its text. */
static void
test_shipped_load(void **state)
{
	static const char *const ids[] = {
		"distress", "gad7", "hads", "k10", "phq4", "phq9", "who5",
	};
	const struct instrument	*in;
	char			*why = NULL;
	size_t			 i;

	(void)state;
	load_shipped();
	assert_int_equal(instrument_count(), NITEMS(ids));
	for (i = 0; i < NITEMS(ids); i++) {
		assert_non_null(in = instrument_at(i));
		assert_string_equal(in->id, ids[i]);
		assert_ptr_equal(instrument_find(ids[i]), in);
		assert_true(in->version >= 1);
		assert_non_null(in->citation);
		if (strcmp(in->id, "hads") == 0)
			continue;
		assert_int_equal(in->licence, INSTRUMENT_FREE);
		assert_int_equal(instrument_available(in, "en", &why), ST_OK);
		assert_null(why);
		assert_true(instrument_has_language(in, "en"));
		assert_true(instrument_has_language(in, "es"));
		assert_non_null(instrument_text(in, "es", "title"));
	}
	assert_null(instrument_find("nope"));
	assert_null(instrument_at(NITEMS(ids)));
	assert_int_equal(get("phq9")->period, 14);
	assert_int_equal(get("k10")->period, 30);
	assert_int_equal(get("distress")->period, 7);
	/* Loading again replaces the registry cleanly. */
	instruments_free();
	assert_int_equal(instrument_count(), 0);
	load_shipped();
	load_shipped();
	assert_int_equal(instrument_count(), NITEMS(ids));
}

/* Catalan falls back to English until a Catalan file exists. */
static void
test_language_fallback(void **state)
{
	const struct instrument	*in;
	char			*why = NULL;

	(void)state;
	in = get("phq9");
	if (instrument_has_language(in, "ca"))
		skip();
	assert_string_equal(instrument_text(in, "ca", "item.9"),
	    instrument_text(in, "en", "item.9"));
	assert_int_equal(instrument_available(in, "ca", &why), ST_OK);
	assert_null(instrument_text(in, "en", "item.11"));
	assert_null(instrument_text(in, "en", "nothing"));
	assert_string_equal(instrument_text(in, "xx", "title"),
	    instrument_text(in, "en", "title"));
}

/* HADS is scoring only: it refuses to run and names the file it needs. */
static void
test_hads_refuses(void **state)
{
	const struct instrument	*in;
	char			*why = NULL, *want;

	(void)state;
	in = get("hads");
	assert_int_equal(in->licence, INSTRUMENT_OPERATOR);
	assert_int_equal(in->nitems, 14);
	assert_false(instrument_has_language(in, "en"));
	assert_null(instrument_text(in, "en", "title"));
	assert_null(instrument_text(in, "es", "item.1"));
	assert_int_equal(instrument_available(in, "es", &why), ST_NOTFOUND);
	xasprintf(&want, "HADS needs %s/questionnaires/hads.en.txt, which "
	    "the operator supplies under its licence", conf->content_dir);
	assert_string_equal(why, want);
	free(want);
	free(why);
}

/* Every shipped score is the spec's: range and bands, nothing extra. */
static void
test_bands_match_spec(void **state)
{
	const struct score_spec		*sp;
	const struct instrument		*in;
	const struct instrument_score	*s;
	size_t				 i, j, n, total = 0;

	(void)state;
	load_shipped();
	for (i = 0; i < NITEMS(spec_scores); i++) {
		sp = &spec_scores[i];
		in = get(sp->instrument);
		s = score_of(in, sp->score);
		assert_int_equal(s->min, sp->min);
		assert_int_equal(s->max, sp->max);
		n = spec_nbands(sp);
		assert_int_equal(s->nbands, n);
		for (j = 0; j < n; j++) {
			assert_int_equal(s->bands[j].low, sp->bands[j].low);
			assert_int_equal(s->bands[j].high, sp->bands[j].high);
			assert_string_equal(s->bands[j].id, sp->bands[j].id);
		}
	}
	for (i = 0; i < instrument_count(); i++)
		total += instrument_at(i)->nscores;
	assert_int_equal(total, NITEMS(spec_scores));
}

/*
 * check_value scores answers making score sp v (rounded by dir to the
 * next value the score can take, for WHO-5's multiples of 4) and checks
 * the band is the spec's.  Values outside the range cannot be reached.
 */
static void
check_value(const struct instrument *in, const struct score_spec *sp,
    const struct instrument_score *s, int v, int dir)
{
	struct score_result	 r;
	const char		*band, *want;

	while (v % s->times != 0)
		v += dir;
	if (v < s->min || v > s->max)
		return;		/* impossible: no answers make it */
	compute(in, sp->score, v, &r);
	band = score_get(&r, sp->score)->band;
	want = spec_band(sp, v);
	if (want == NULL || band == NULL || strcmp(band, want) != 0)
		fail_msg("%s %s = %d: band %s, spec %s", in->id, sp->score, v,
		    band != NULL ? band : "none", want != NULL ? want : "none");
}

/* Every band of every instrument at low-1, low, high and high+1. */
static void
test_bands_boundaries(void **state)
{
	const struct score_spec		*sp;
	const struct instrument		*in;
	const struct instrument_score	*s;
	size_t				 i, j;

	(void)state;
	load_shipped();
	for (i = 0; i < NITEMS(spec_scores); i++) {
		sp = &spec_scores[i];
		in = get(sp->instrument);
		s = score_of(in, sp->score);
		for (j = 0; j < spec_nbands(sp); j++) {
			if (j == 0)
				assert_true(sp->bands[j].low - 1 < s->min);
			if (j == spec_nbands(sp) - 1)
				assert_true(sp->bands[j].high + 1 > s->max);
			check_value(in, sp, s, sp->bands[j].low - 1, -1);
			check_value(in, sp, s, sp->bands[j].low, 1);
			check_value(in, sp, s, sp->bands[j].high, -1);
			check_value(in, sp, s, sp->bands[j].high + 1, 1);
		}
	}
}

/* PHQ-9 item 9 missing is never 0: no total, and alerts are unknown. */
static void
test_phq9_item9_missing(void **state)
{
	const struct instrument	*in;
	struct score_result	 r;
	struct answers		 a;
	unsigned		 rules;
	int			 i;

	(void)state;
	in = get("phq9");
	score_answers_init(&a);
	for (i = 1; i <= 8; i++)
		a.value[i] = 3;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_true(r.unknown);
	assert_false(r.complete);
	assert_false(score_get(&r, "total")->complete);
	assert_null(score_get(&r, "total")->band);
	assert_true(score_get(&r, "phq2")->complete);
	assert_int_equal(score_get(&r, "phq2")->value, 6);
	assert_int_equal(score_alerts(in, &r, NULL, NULL, &rules), ST_OK);
	assert_true(rules & SCORE_ALERT_UNKNOWN);
	assert_false(rules & (R(1) | R(2) | R(4) | R(5) | R(6)));

	/* Item 9 = 0 and everything else 0: known, and no alert. */
	base_answers(in, &a);
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_false(r.unknown);
	assert_true(r.complete);
	assert_int_equal(score_get(&r, "total")->value, 0);
	assert_int_equal(score_alerts(in, &r, NULL, NULL, &rules), ST_OK);
	assert_int_equal(rules, 0);

	/* Item 10 is optional and unscored. */
	a.value[10] = SCORE_MISSING;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_true(r.complete);
	assert_false(r.unknown);
}

/* A missing ordinary item leaves its scores uncomputed, not lower. */
static void
test_missing_not_zero(void **state)
{
	const struct instrument	*in;
	struct score_result	 r;
	struct answers		 a;
	unsigned		 rules;

	(void)state;
	in = get("gad7");
	build(in, score_of(in, "total"), 12, &a);
	a.value[5] = SCORE_MISSING;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_false(r.complete);
	assert_false(r.unknown);
	assert_false(score_get(&r, "total")->complete);
	assert_true(score_get(&r, "gad2")->complete);
	assert_int_equal(score_alerts(in, &r, NULL, NULL, &rules), ST_OK);
	assert_true(rules & SCORE_ALERT_UNKNOWN);
}

/* A value that is not one of its item's options is refused. */
static void
test_invalid_values(void **state)
{
	const struct instrument	*in;
	struct score_result	 r;
	struct answers		 a;

	(void)state;
	in = get("phq9");
	base_answers(in, &a);
	a.value[1] = 4;
	assert_int_equal(score_compute(in, &a, &r), ST_INVALID);
	a.value[1] = -1;
	assert_int_equal(score_compute(in, &a, &r), ST_INVALID);
	base_answers(in, &a);
	a.value[11] = 0;	/* PHQ-9 has 10 items */
	assert_int_equal(score_compute(in, &a, &r), ST_INVALID);
	in = get("k10");
	base_answers(in, &a);
	a.value[3] = 0;		/* K10 answers are 1 to 5 */
	assert_int_equal(score_compute(in, &a, &r), ST_INVALID);
	in = get("who5");
	base_answers(in, &a);
	a.value[2] = 6;
	assert_int_equal(score_compute(in, &a, &r), ST_INVALID);
	in = get("distress");
	base_answers(in, &a);
	a.value[1] = 11;
	assert_int_equal(score_compute(in, &a, &r), ST_INVALID);
	a.value[1] = 5;
	a.value[2] = 1 << 5;	/* five problem areas: bits 0 to 4 */
	assert_int_equal(score_compute(in, &a, &r), ST_INVALID);
	a.value[2] = (1 << 0) | (1 << 4);
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_int_equal(score_get(&r, "total")->value, 5);
	assert_int_equal(r.answers.value[2], 0x11);
	/* The checklist is optional. */
	a.value[2] = SCORE_MISSING;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_true(r.complete);
}

/* PHQ-2, GAD-2 and PHQ-4's subscales from the same answers. */
static void
test_subscales(void **state)
{
	const struct instrument	*in;
	struct score_result	 r;
	struct answers		 a;

	(void)state;
	in = get("phq9");
	base_answers(in, &a);
	a.value[1] = 1;
	a.value[2] = 2;
	a.value[3] = 3;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_int_equal(score_get(&r, "phq2")->value, 3);
	assert_string_equal(score_get(&r, "phq2")->band, "positive");
	assert_int_equal(score_get(&r, "total")->value, 6);
	assert_string_equal(score_get(&r, "total")->convention, "0-27");

	in = get("gad7");
	base_answers(in, &a);
	a.value[1] = 2;
	a.value[3] = 3;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_int_equal(score_get(&r, "gad2")->value, 2);
	assert_string_equal(score_get(&r, "gad2")->band, "negative");
	assert_int_equal(score_get(&r, "total")->value, 5);

	in = get("phq4");
	base_answers(in, &a);
	a.value[1] = 3;		/* nervous */
	a.value[2] = 0;		/* worrying */
	a.value[3] = 1;		/* interest */
	a.value[4] = 2;		/* down */
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_int_equal(score_get(&r, "anxiety")->value, 3);
	assert_string_equal(score_get(&r, "anxiety")->band, "positive");
	assert_int_equal(score_get(&r, "depression")->value, 3);
	assert_string_equal(score_get(&r, "depression")->band, "positive");
	assert_int_equal(score_get(&r, "total")->value, 6);
	assert_string_equal(score_get(&r, "total")->band, "moderate");
	a.value[4] = 1;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_string_equal(score_get(&r, "depression")->band, "negative");
}

/* WHO-5: percent = raw x 4, never (raw - 5) x 4; 28 alerts, 32 not. */
static void
test_who5(void **state)
{
	const struct instrument	*in;
	struct score_result	 r, base;
	struct answers		 a;
	unsigned		 rules;
	int			 i;

	(void)state;
	in = get("who5");
	assert_int_equal(in->items[0].options->values[0], 5);
	assert_int_equal(in->items[0].options->values[5], 0);
	score_answers_init(&a);
	for (i = 1; i <= 5; i++)
		a.value[i] = 1;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_int_equal(score_get(&r, "raw")->value, 5);
	assert_int_equal(score_get(&r, "percent")->value, 20);
	assert_null(score_get(&r, "raw")->band);
	assert_string_equal(score_get(&r, "raw")->convention, "0-25");
	assert_string_equal(score_get(&r, "percent")->convention, "0-100");
	for (i = 1; i <= 5; i++)
		a.value[i] = 5;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_int_equal(score_get(&r, "percent")->value, 100);

	assert_true(alerts_at(in, "percent", 28, NULL, NULL) & R(5));
	assert_false(alerts_at(in, "percent", 32, NULL, NULL) & R(5));
	assert_false(alerts_at(in, "percent", 100, NULL, NULL) & R(5));
	assert_true(alerts_at(in, "percent", 0, NULL, NULL) & R(5));

	/* R6: down 10 points or more from baseline. */
	compute(in, "percent", 60, &base);
	assert_true(alerts_at(in, "percent", 48, &base, NULL) & R(6));
	assert_false(alerts_at(in, "percent", 52, &base, NULL) & R(6));
	assert_false(alerts_at(in, "percent", 72, &base, NULL) & R(6));
	compute(in, "percent", 20, &r);
	assert_int_equal(score_alerts(in, &r, NULL, NULL, &rules), ST_OK);
	assert_int_equal(rules, R(5));
}

/* K10 1-5 and K6 0-4 from the same answers, conventions stored. */
static void
test_k10(void **state)
{
	const struct instrument	*in;
	struct score_result	 r;
	struct answers		 a;
	int			 i;

	(void)state;
	in = get("k10");
	assert_int_equal(in->nitems, 10);
	score_answers_init(&a);
	for (i = 1; i <= 10; i++)
		a.value[i] = 1;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_int_equal(score_get(&r, "total")->value, 10);
	assert_int_equal(score_get(&r, "k6")->value, 0);
	assert_string_equal(score_get(&r, "total")->convention, "1-5");
	assert_string_equal(score_get(&r, "k6")->convention, "0-4");
	for (i = 1; i <= 10; i++)
		a.value[i] = 5;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_int_equal(score_get(&r, "total")->value, 50);
	assert_int_equal(score_get(&r, "k6")->value, 24);
	/* K6 is items 2, 4, 5, 8, 9 and 10, each minus 1. */
	for (i = 1; i <= 10; i++)
		a.value[i] = 1;
	a.value[2] = 5;		/* nervous: in K6 */
	a.value[3] = 5;		/* so nervous...: not in K6 */
	a.value[10] = 3;	/* worthless: in K6 */
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_int_equal(score_get(&r, "total")->value, 20);
	assert_int_equal(score_get(&r, "k6")->value, 6);
	assert_string_equal(score_get(&r, "k6")->band, "below");
	/* A missing item leaves K10 uncomputed, not 1 lower. */
	a.value[7] = SCORE_MISSING;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_false(score_get(&r, "total")->complete);
	assert_true(score_get(&r, "k6")->complete);
}

/* The distress rating and its problem areas. */
static void
test_distress(void **state)
{
	const struct instrument	*in;
	struct score_result	 r;
	struct answers		 a;

	(void)state;
	in = get("distress");
	assert_int_equal(in->nitems, 2);
	assert_non_null(in->items[1].choices);
	assert_int_equal(in->items[1].choices->len, 5);
	assert_string_equal(in->items[1].choices->choices[3], "family");
	assert_true(in->items[1].flags & ITEM_OPTIONAL);
	assert_false(in->items[0].flags & (ITEM_OPTIONAL | ITEM_CRITICAL));
	score_answers_init(&a);
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_false(r.complete);
	assert_false(score_get(&r, "total")->complete);
	a.value[1] = 7;
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	assert_true(r.complete);
	assert_string_equal(score_get(&r, "total")->band, "above");
	assert_string_equal(score_get(&r, "total")->convention, "0-10");
}

/* PHQ-9's rules R1, R2, R4, R5 and R6 at their thresholds. */
static void
test_alerts_phq9(void **state)
{
	static const struct cutoff_override	 o12[] = {
		{ "phq9", "total", 12, 0 } };
	static const struct cutoff_override	 o8[] = {
		{ "phq9", "total", 8, 0 } };
	const struct cutoffs	 c12 = { o12, 1 }, c8 = { o8, 1 };
	const struct instrument	*in;
	struct score_result	 r, base;
	struct answers		 a;
	unsigned		 rules;
	int			 v;

	(void)state;
	in = get("phq9");
	/* R1: item 9 = 1 (not 2); R2: item 9 of 2 or more. */
	for (v = 0; v <= 3; v++) {
		base_answers(in, &a);
		a.value[9] = v;
		assert_int_equal(score_compute(in, &a, &r), ST_OK);
		assert_int_equal(score_alerts(in, &r, NULL, NULL, &rules),
		    ST_OK);
		assert_int_equal(rules, v == 0 ? 0 : v == 1 ? R(1) : R(2));
	}
	/* R4: total 20 or more. */
	assert_false(alerts_at(in, "total", 19, NULL, NULL) & R(4));
	assert_true(alerts_at(in, "total", 20, NULL, NULL) & R(4));
	assert_true(alerts_at(in, "total", 27, NULL, NULL) & R(4));
	/* R5: the cut-off, 10 by default, or the deployment's. */
	assert_false(alerts_at(in, "total", 9, NULL, NULL) & R(5));
	assert_true(alerts_at(in, "total", 10, NULL, NULL) & R(5));
	assert_false(alerts_at(in, "total", 11, NULL, &c12) & R(5));
	assert_true(alerts_at(in, "total", 12, NULL, &c12) & R(5));
	assert_false(alerts_at(in, "total", 7, NULL, &c8) & R(5));
	assert_true(alerts_at(in, "total", 8, NULL, &c8) & R(5));
	assert_int_equal(instrument_cutoff(in, 0, &c12, &v), ST_OK);
	assert_int_equal(v, 12);
	assert_int_equal(instrument_cutoff(in, 0, NULL, &v), ST_OK);
	assert_int_equal(v, 10);
	assert_int_equal(instrument_cutoff(in, 1, NULL, &v), ST_NOTFOUND);
	/* R6: up 6 or more from baseline; no baseline, no change alert. */
	compute(in, "total", 5, &base);
	assert_false(alerts_at(in, "total", 10, &base, NULL) & R(6));
	assert_true(alerts_at(in, "total", 11, &base, NULL) & R(6));
	assert_false(alerts_at(in, "total", 0, &base, NULL) & R(6));
	assert_false(alerts_at(in, "total", 27, NULL, NULL) & R(6));
	/* A baseline of another instrument is refused. */
	compute(get("gad7"), "total", 5, &base);
	compute(in, "total", 5, &r);
	assert_int_equal(score_alerts(in, &r, &base, NULL, &rules),
	    ST_INVALID);
}

/* GAD-7's R4, R5 (with an override) and R6. */
static void
test_alerts_gad7(void **state)
{
	static const struct cutoff_override	 o8[] = {
		{ "gad7", "total", 8, 0 } };
	const struct cutoffs	 c8 = { o8, 1 };
	const struct instrument	*in;
	struct score_result	 base;

	(void)state;
	in = get("gad7");
	assert_false(alerts_at(in, "total", 14, NULL, NULL) & R(4));
	assert_true(alerts_at(in, "total", 15, NULL, NULL) & R(4));
	assert_false(alerts_at(in, "total", 9, NULL, NULL) & R(5));
	assert_true(alerts_at(in, "total", 10, NULL, NULL) & R(5));
	assert_true(alerts_at(in, "total", 8, NULL, &c8) & R(5));
	assert_false(alerts_at(in, "total", 7, NULL, &c8) & R(5));
	compute(in, "total", 3, &base);
	assert_false(alerts_at(in, "total", 6, &base, NULL) & R(6));
	assert_true(alerts_at(in, "total", 7, &base, NULL) & R(6));
	assert_int_equal(alerts_at(in, "total", 4, NULL, NULL), 0);
}

/* PHQ-4, K10 and the distress rating at their thresholds. */
static void
test_alerts_others(void **state)
{
	static const struct cutoff_override	 o5[] = {
		{ "distress", "total", 5, 0 } };
	const struct cutoffs	 c5 = { o5, 1 };
	const struct instrument	*in;

	(void)state;
	in = get("phq4");
	assert_int_equal(alerts_at(in, "total", 8, NULL, NULL), 0);
	assert_int_equal(alerts_at(in, "total", 9, NULL, NULL), R(4));
	in = get("k10");
	assert_int_equal(alerts_at(in, "total", 21, NULL, NULL), 0);
	assert_int_equal(alerts_at(in, "total", 22, NULL, NULL), R(5));
	assert_int_equal(alerts_at(in, "total", 29, NULL, NULL), R(5));
	assert_int_equal(alerts_at(in, "total", 30, NULL, NULL), R(4) | R(5));
	in = get("distress");
	assert_int_equal(alerts_at(in, "total", 3, NULL, NULL), 0);
	assert_int_equal(alerts_at(in, "total", 4, NULL, NULL), R(5));
	assert_int_equal(alerts_at(in, "total", 4, NULL, &c5), 0);
	assert_int_equal(alerts_at(in, "total", 5, NULL, &c5), R(5));
	assert_int_equal(alerts_at(in, "total", 7, NULL, NULL), R(5));
	assert_int_equal(alerts_at(in, "total", 8, NULL, NULL), R(4) | R(5));
	in = get("hads");
	assert_int_equal(in->nalerts, 0);
	assert_int_equal(alerts_at(in, "total", 42, NULL, NULL), 0);
}

/* HADS keying: reverse-keyed items score 3 for their first answer. */
static void
test_hads_scoring(void **state)
{
	const struct instrument	*in;
	struct score_result	 r;
	struct answers		 a;
	int			 i;

	(void)state;
	in = get("hads");
	score_answers_init(&a);
	for (i = 1; i <= 14; i++)
		a.value[i] = in->items[i - 1].options->values[0];
	assert_int_equal(score_compute(in, &a, &r), ST_OK);
	/* First answers: 3 on items 1,3,5,6,8,10,11,13; 0 on the rest. */
	assert_int_equal(score_get(&r, "anxiety")->value, 15);
	assert_int_equal(score_get(&r, "depression")->value, 9);
	assert_int_equal(score_get(&r, "total")->value, 24);
	assert_string_equal(score_get(&r, "anxiety")->band, "abnormal");
	assert_string_equal(score_get(&r, "depression")->band, "borderline");
}

/* The reliable change index, and PHQ-9's constants. */
static void
test_rci(void **state)
{
	const struct instrument_score	*s;
	double				 rc;

	(void)state;
	s = score_of(get("phq9"), "total");
	assert_true(s->has_rci);
	assert_true(s->rci_sd1 == 5.7);
	assert_true(s->rci_r == 0.84);
	/* 7 / (5.7 * sqrt(2) * sqrt(0.16)) = 2.1709 */
	rc = score_rci(10, 17, s->rci_sd1, s->rci_r);
	assert_true(rc > 2.170 && rc < 2.172);
	assert_true(score_rci_reliable(rc));
	rc = score_rci(10, 16, s->rci_sd1, s->rci_r);
	assert_true(rc > 1.860 && rc < 1.862);
	assert_false(score_rci_reliable(rc));
	rc = score_rci(17, 10, s->rci_sd1, s->rci_r);
	assert_true(rc < -2.170 && rc > -2.172);
	assert_true(score_rci_reliable(rc));
	assert_false(score_rci_reliable(1.96));
	assert_false(score_rci_reliable(-1.96));
}

/*
 * Reliable change as charts and staff views mark it: the definition's R6
 * threshold both ways (PHQ-9 6, GAD-7 4, WHO-5 10 percentage points, where
 * lower is worse), nothing for a score without a rule or an index.
 */
static void
test_score_change(void **state)
{
	const struct instrument	*phq9 = get("phq9"), *gad7 = get("gad7");
	const struct instrument	*who5 = get("who5"), *k10 = get("k10");
	int			 pct;

	(void)state;
	assert_int_equal(score_change(phq9, 0, 16, 10), -1);
	assert_int_equal(score_change(phq9, 0, 16, 11), 0);
	assert_int_equal(score_change(phq9, 0, 8, 14), 1);
	assert_int_equal(score_change(phq9, 0, 8, 13), 0);
	assert_int_equal(score_change(phq9, 0, 8, 8), 0);
	assert_int_equal(score_change(gad7, 0, 12, 8), -1);
	assert_int_equal(score_change(gad7, 0, 12, 9), 0);
	assert_int_equal(score_change(gad7, 0, 5, 9), 1);
	pct = instrument_score_index(who5, "percent");
	assert_int_equal((size_t)pct, instrument_primary(who5));
	assert_int_equal(score_change(who5, pct, 60, 50), 1);
	assert_int_equal(score_change(who5, pct, 60, 51), 0);
	assert_int_equal(score_change(who5, pct, 40, 52), -1);
	assert_int_equal(score_change(who5, pct, 40, 49), 0);
	assert_int_equal(score_change(k10, 0, 10, 50), 0);
	/* PHQ-2 has no rule of its own and no index. */
	assert_int_equal(score_change(phq9, (size_t)instrument_score_index(
	    phq9, "phq2"), 0, 6), 0);
}

/*
 * A small valid instrument for the broken-file tests: each test replaces
 * one line (numbered as in the file) and expects one error.
 */
static const char *const tdef[] = {
	"# a test instrument",			/* 1 */
	"instrument t",				/* 2 */
	"version 1",				/* 3 */
	"name T",				/* 4 */
	"period 14",				/* 5 */
	"licence free",				/* 6 */
	"options f 0 1 2 3",			/* 7 */
	"choices c a b",			/* 8 */
	"item 1 f",				/* 9 */
	"item 2 f critical",			/* 10 */
	"item 3 checklist c optional",		/* 11 */
	"item 4 f optional unscored",		/* 12 */
	"score total sum 1,2",			/* 13 */
	"band total 0 2 low",			/* 14 */
	"band total 3 6 high",			/* 15 */
	"cutoff total 3",			/* 16 */
	"alert R1 item 2 = 1",			/* 17 */
	"alert R5 score total >= cutoff",	/* 18 */
	"rci total 2.5 0.8",			/* 19 */
};

static const char *const tstr[] = {
	"# strings",				/* 1 */
	"title = A test",			/* 2 */
	"instructions = How often?",		/* 3 */
	"item.1 = One",				/* 4 */
	"item.2 = Two",				/* 5 */
	"item.3 = Three",			/* 6 */
	"item.4 = Four",			/* 7 */
	"option.f.0 = Never",			/* 8 */
	"option.f.1 = Sometimes",		/* 9 */
	"option.f.2 = Often",			/* 10 */
	"option.f.3 = Always",			/* 11 */
	"choice.c.a = Choice A",		/* 12 */
	"choice.c.b = Choice B",		/* 13 */
	"band.total.low = Low",			/* 14 */
	"band.total.high = High",		/* 15 */
	"meaning.total.low = All is\\nwell.",	/* 16 */
	"meaning.total.high = Your team will look.",	/* 17 */
};

/* tmp_path returns the path of name in the temporary questionnaires. */
static char *
tmp_path(const char *name)
{
	char	*path;

	xasprintf(&path, "%s/questionnaires/%s", tmpdir, name);
	return path;
}

/*
 * tmp_write writes lines to name, line `line` (1-based) replaced by with
 * (NULL: dropped; 0: no change), and extra appended when not NULL.
 */
static void
tmp_write(const char *name, const char *const *lines, size_t n, size_t line,
    const char *with, const char *extra)
{
	char	*path;
	FILE	*f;
	size_t	 i;

	path = tmp_path(name);
	assert_non_null(f = fopen(path, "w"));
	for (i = 0; i < n; i++) {
		if (i + 1 == line && with == NULL)
			fputs("# dropped\n", f);	/* keep the numbering */
		else
			fprintf(f, "%s\n", i + 1 == line ? with : lines[i]);
	}
	if (extra != NULL)
		fprintf(f, "%s\n", extra);
	assert_int_equal(fclose(f), 0);
	free(path);
}

/* tmp_remove removes name from the temporary questionnaires. */
static void
tmp_remove(const char *name)
{
	char	*path;

	path = tmp_path(name);
	unlink(path);
	free(path);
}

/*
 * expect_error loads the temporary directory, which must fail with
 * ST_INVALID and "DIR/questionnaires/FILE:LINE: MSG"; the registry
 * loaded before (the shipped one) must stay whole.
 */
static void
expect_error(const char *file, int line, const char *msg)
{
	char	*err = NULL, *want, *path;

	load_shipped();
	path = tmp_path(file);
	xasprintf(&want, "%s:%d: %s", path, line, msg);
	assert_int_equal(instruments_load(tconf, &err), ST_INVALID);
	assert_non_null(err);
	if (strcmp(err, want) != 0)
		fail_msg("got \"%s\"\nwant \"%s\"", err, want);
	assert_int_equal(instrument_count(), 7);
	assert_non_null(instrument_find("phq9"));
	assert_null(instrument_find("t"));
	free(want);
	free(path);
	free(err);
}

/* bad_def writes t.def with line replaced and expects the error. */
static void
bad_def(size_t line, const char *with, const char *extra, int errline,
    const char *msg)
{
	tmp_write("t.def", tdef, NITEMS(tdef), line, with, extra);
	tmp_write("t.en.txt", tstr, NITEMS(tstr), 0, NULL, NULL);
	expect_error("t.def", errline, msg);
}

/* bad_str writes t.en.txt with line replaced and expects the error. */
static void
bad_str(size_t line, const char *with, const char *extra, int errline,
    const char *msg)
{
	tmp_write("t.def", tdef, NITEMS(tdef), 0, NULL, NULL);
	tmp_write("t.en.txt", tstr, NITEMS(tstr), line, with, extra);
	expect_error("t.en.txt", errline, msg);
}

/* The test instrument itself loads, with its strings. */
static void
test_tmp_valid(void **state)
{
	const struct instrument	*in;
	char			*err = NULL, *why = NULL;

	(void)state;
	tmp_write("t.def", tdef, NITEMS(tdef), 0, NULL, NULL);
	tmp_write("t.en.txt", tstr, NITEMS(tstr), 0, NULL, NULL);
	if (instruments_load(tconf, &err) != ST_OK)
		fail_msg("%s", err);
	assert_int_equal(instrument_count(), 1);
	in = instrument_find("t");
	assert_non_null(in);
	assert_string_equal(instrument_text(in, "en", "meaning.total.low"),
	    "All is\nwell.");
	assert_string_equal(instrument_text(in, "es", "choice.c.b"),
	    "Choice B");
	assert_int_equal(instrument_available(in, "ca", &why), ST_OK);
	assert_int_equal(in->items[1].flags, ITEM_CRITICAL);
	assert_int_equal(in->items[2].flags, ITEM_OPTIONAL | ITEM_UNSCORED);
	assert_int_equal(in->items[3].flags, ITEM_OPTIONAL | ITEM_UNSCORED);
	/* An operator instrument with its text supplied can be given. */
	tmp_write("t.def", tdef, NITEMS(tdef), 6, "licence operator", NULL);
	assert_int_equal(instruments_load(tconf, &err), ST_OK);
	in = instrument_find("t");
	assert_int_equal(in->licence, INSTRUMENT_OPERATOR);
	assert_int_equal(instrument_available(in, "es", &why), ST_OK);
	/* Without it, it says which file the operator must supply. */
	tmp_remove("t.en.txt");
	assert_int_equal(instruments_load(tconf, &err), ST_OK);
	in = instrument_find("t");
	assert_int_equal(instrument_available(in, "en", &why), ST_NOTFOUND);
	assert_non_null(strstr(why, "T needs "));
	assert_non_null(strstr(why, "/questionnaires/t.en.txt, which the "
	    "operator supplies under its licence"));
	free(why);
}

/* Unknown directives, and ids and numbers that do not parse. */
static void
test_bad_parse(void **state)
{
	(void)state;
	bad_def(5, "perod 14", NULL, 5, "unknown directive \"perod\"");
	bad_def(3, "version one", NULL, 3,
	    "version must be a positive whole number");
	bad_def(3, "version 0", NULL, 3,
	    "version must be a positive whole number");
	bad_def(5, "period 2w", NULL, 5,
	    "period must be a number of days from 1 to 366");
	bad_def(6, "licence paid", NULL, 6, "licence must be free or operator");
	bad_def(7, "options F 0 1 2 3", NULL, 7, "options needs an id of "
	    "lower-case letters, digits and _, then its values");
	bad_def(7, "options f 0 1 x 3", NULL, 7, "option value \"x\" is not a "
	    "whole number from -1000 to 1000");
	bad_def(14, "band total 0 2 Low", NULL, 14, "band id \"Low\" is not "
	    "lower-case letters, digits and _");
	bad_def(14, "band total 0 two low", NULL, 14, "band of total: low and "
	    "high must be whole numbers");
	bad_def(16, "cutoff total ten", NULL, 16,
	    "cut-off \"ten\" is not a whole number");
	bad_def(17, "alert R9 item 2 = 1", NULL, 17,
	    "alert rule \"R9\" is not one of R1 to R6");
	bad_def(17, "alert R1 item 2 == 1", NULL, 17, "alert R1: unknown "
	    "operator \"==\" (=, >=, <=, > or <)");
	bad_def(17, "alert R1 item 2 = one", NULL, 17, "alert R1: \"one\" is "
	    "not a whole number or \"cutoff\"");
	bad_def(19, "rci total 2.5 1.2", NULL, 19, "rci of total: "
	    "reliability \"1.2\" is not a number from 0 to below 1");
	bad_def(13, "score total sum 1,x", NULL, 13, "score total: the item "
	    "list does not parse (write 1-9 or 1,2 or 2,4,8-10)");
	bad_def(9, "item 1 f sometimes", NULL, 9, "item 1: unknown flag "
	    "\"sometimes\" (critical, optional or unscored)");
}

/* Items naming unknown sets; option sets without (or repeated) values. */
static void
test_bad_sets(void **state)
{
	(void)state;
	bad_def(9, "item 1 g", NULL, 9, "item 1: unknown option set g");
	bad_def(11, "item 3 checklist d optional", NULL, 11,
	    "item 3: unknown choice set d");
	bad_def(7, "options f", NULL, 7,
	    "option set f needs at least two values");
	bad_def(7, "options f 0", NULL, 7,
	    "option set f needs at least two values");
	bad_def(7, "options f 0 1 1 3", NULL, 7,
	    "option set f has the value 1 twice");
	bad_def(8, "choices c a a", NULL, 8, "choice set c has a twice");
	bad_def(10, "item 2 f critical optional", NULL, 10,
	    "item 2: a critical item cannot be optional");
}

/* Items out of order. */
static void
test_bad_order(void **state)
{
	(void)state;
	bad_def(10, "item 3 f critical", NULL, 10,
	    "item 3 is out of order: expected item 2");
	bad_def(9, "item 0 f", NULL, 9,
	    "item needs a number from 1 to 64, then an option set");
}

/* Scores, bands, cut-offs, alerts and rci naming unknown things. */
static void
test_bad_refs(void **state)
{
	(void)state;
	bad_def(13, "score total sum 1,2,5", NULL, 13,
	    "score total: unknown item 5");
	bad_def(14, "band sum 0 2 low", NULL, 14,
	    "band names unknown score sum");
	bad_def(16, "cutoff all 3", NULL, 16,
	    "cutoff names unknown score all");
	bad_def(18, "alert R5 score all >= cutoff", NULL, 18,
	    "alert names unknown score all");
	bad_def(18, "alert R6 change all >= 2", NULL, 18,
	    "alert names unknown score all");
	bad_def(17, "alert R1 item 7 = 1", NULL, 17,
	    "alert R1 names unknown item 7");
	bad_def(19, "rci all 2.5 0.8", NULL, 19, "rci names unknown score all");
	bad_def(16, "# no cut-off", NULL, 18, "alert R5 compares with the "
	    "cut-off, but score total has none");
	bad_def(17, "alert R1 item 2 = 4", NULL, 17, "alert R1 can never fire: "
	    "its subject only takes values 0 to 3");
}

/* A score over a checklist or an unscored item. */
static void
test_bad_score_items(void **state)
{
	(void)state;
	bad_def(13, "score total sum 1-3", NULL, 13, "score total: item 3 is "
	    "a checklist, which has no value to add");
	bad_def(13, "score total sum 1,2,4", NULL, 13,
	    "score total: item 4 is unscored");
	bad_def(13, "score total sum 1,2,1", NULL, 13,
	    "score total: item 1 is listed twice");
}

/* Bands with a gap, an overlap, or outside the range; the cut-off too. */
static void
test_bad_bands(void **state)
{
	char	*err = NULL;

	(void)state;
	bad_def(15, "band total 4 6 high", NULL, 15, "the bands of score total "
	    "leave a gap: 3 to 3 is in no band");
	bad_def(15, "band total 2 6 high", NULL, 15, "band high overlaps band "
	    "low (line 14) of score total");
	bad_def(15, "band total 3 5 high", NULL, 15, "the bands of score total "
	    "leave a gap: 6 to 6 is in no band");
	bad_def(14, "band total 1 2 low", NULL, 14, "the bands of score total "
	    "leave a gap: 0 to 0 is in no band");
	bad_def(15, "band total 3 7 high", NULL, 15, "band high (3-7) is "
	    "outside the range of score total, 0-6");
	bad_def(14, "band total -1 2 low", NULL, 14, "band low (-1-2) is "
	    "outside the range of score total, 0-6");
	bad_def(14, "band total 2 0 low", NULL, 14,
	    "band low of total: 2-0 runs backwards");
	/* Bands may come in any order; they are checked sorted. */
	bad_def(14, "band total 3 6 high", NULL, 15,
	    "score total has band high twice");
	bad_def(14, NULL, "band total 0 3 low", 15, "band high overlaps band "
	    "low (line 20) of score total");
	tmp_write("t.def", tdef, NITEMS(tdef), 14, NULL, "band total 0 2 low");
	tmp_write("t.en.txt", tstr, NITEMS(tstr), 0, NULL, NULL);
	if (instruments_load(tconf, &err) != ST_OK)
		fail_msg("%s", err);
	assert_string_equal(instrument_find("t")->scores[0].bands[0].id, "low");
	bad_def(16, "cutoff total 7", NULL, 16,
	    "cut-off 7 is outside the range of score total, 0-6");
}

/* The instrument id must be the file name's; the header must be whole. */
static void
test_bad_header(void **state)
{
	(void)state;
	bad_def(2, "instrument u", NULL, 2,
	    "instrument u does not match the file name (t.def)");
	bad_def(3, NULL, NULL, 19, "the file has no version line");
	bad_def(4, NULL, NULL, 19, "the file has no name line");
	bad_def(5, NULL, NULL, 19, "the file has no period line");
	bad_def(6, NULL, NULL, 19, "the file has no licence line");
	bad_def(2, NULL, NULL, 19, "the file has no instrument line");
	bad_def(3, "version 2", "version 3", 20, "a second version line");
}

/* String files: missing and unknown keys, repeats, bad lines. */
static void
test_bad_strings(void **state)
{
	(void)state;
	bad_str(5, NULL, NULL, 17, "missing key item.2");
	bad_str(9, NULL, NULL, 17, "missing key option.f.1");
	bad_str(13, NULL, NULL, 17, "missing key choice.c.b");
	bad_str(15, NULL, NULL, 17, "missing key band.total.high");
	bad_str(16, NULL, NULL, 17, "missing key meaning.total.low");
	bad_str(2, NULL, NULL, 17, "missing key title");
	bad_str(7, "item.5 = Five", NULL, 7, "unknown key item.5");
	bad_str(7, "option.f.4 = More", NULL, 7, "unknown key option.f.4");
	bad_str(7, "band.total.mid = Mid", NULL, 7,
	    "unknown key band.total.mid");
	bad_str(7, "titel = Oops", NULL, 7, "unknown key titel");
	bad_str(7, "item.01 = Four", NULL, 7, "unknown key item.01");
	bad_str(0, NULL, "item.1 = Again", 18,
	    "key item.1 is given twice (first at line 4)");
	bad_str(7, "item.4 Four", NULL, 7, "expected key = text");
	bad_str(7, "item.4 =", NULL, 7, "key item.4 has no text");
}

/* A string file for no instrument, or in an unknown language. */
static void
test_bad_stray(void **state)
{
	char	*err = NULL, *want;

	(void)state;
	tmp_write("t.def", tdef, NITEMS(tdef), 0, NULL, NULL);
	tmp_write("t.en.txt", tstr, NITEMS(tstr), 0, NULL, NULL);
	tmp_write("u.en.txt", tstr, NITEMS(tstr), 0, NULL, NULL);
	assert_int_equal(instruments_load(tconf, &err), ST_INVALID);
	xasprintf(&want, "%s/questionnaires/u.en.txt:1: no instrument u is "
	    "defined (%s/questionnaires/u.def is missing)", tmpdir, tmpdir);
	assert_string_equal(err, want);
	free(want);
	free(err);
	tmp_remove("u.en.txt");
	tmp_write("t.fr.txt", tstr, NITEMS(tstr), 0, NULL, NULL);
	assert_int_equal(instruments_load(tconf, &err), ST_INVALID);
	assert_non_null(strstr(err, "t.fr.txt:1: unknown language \"fr\" "
	    "(en, es or ca)"));
	free(err);
	tmp_remove("t.fr.txt");
}

/* References from the config or a schedule to instruments and scores. */
static void
test_bad_references(void **state)
{
	static const struct cutoff_override	ok[] = {
		{ "phq9", "total", 8, 0 }, { "gad7", "total", 8, 0 } };
	static const struct cutoff_override	nope[] = {
		{ "phq10", "total", 8, 0 } };
	static const struct cutoff_override	noscore[] = {
		{ "phq9", "sum", 8, 0 } };
	static const struct cutoff_override	nocut[] = {
		{ "phq9", "phq2", 3, 0 } };
	static const struct cutoff_override	range[] = {
		{ "phq9", "total", 28, 0 } };
	struct cutoffs	c;
	char		*err = NULL;

	(void)state;
	load_shipped();
	assert_int_equal(instrument_ref_check("bbs.conf:12", "phq9", &err),
	    ST_OK);
	assert_null(err);
	assert_int_equal(instrument_ref_check("bbs.conf:12", "phq10", &err),
	    ST_INVALID);
	assert_string_equal(err, "bbs.conf:12: unknown instrument phq10");
	free(err);
	c.list = ok;
	c.len = NITEMS(ok);
	assert_int_equal(instrument_cutoffs_check(&c, &err), ST_OK);
	assert_int_equal(instrument_cutoffs_check(NULL, &err), ST_OK);
	c.list = nope;
	c.len = 1;
	assert_int_equal(instrument_cutoffs_check(&c, &err), ST_INVALID);
	assert_string_equal(err,
	    "phq10_total_cutoff: unknown instrument phq10");
	free(err);
	c.list = noscore;
	assert_int_equal(instrument_cutoffs_check(&c, &err), ST_INVALID);
	assert_string_equal(err, "phq9_sum_cutoff: PHQ-9 has no score sum");
	free(err);
	c.list = nocut;
	assert_int_equal(instrument_cutoffs_check(&c, &err), ST_INVALID);
	assert_string_equal(err, "phq9_phq2_cutoff: score phq2 of PHQ-9 has "
	    "no cut-off to change");
	free(err);
	c.list = range;
	assert_int_equal(instrument_cutoffs_check(&c, &err), ST_INVALID);
	assert_string_equal(err, "phq9_total_cutoff: 28 is outside the range "
	    "of the score, 0-27");
	free(err);
}

/* setup makes the configurations and the temporary content directory. */
static int
setup(void **state)
{
	char	*dir;

	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	xasprintf(&dir, "%s/questionnaires", tmpdir);
	mkdir(dir, 0700);
	free(dir);
	conf = conf_defaults(NULL);
	free(conf->content_dir);
	conf->content_dir = th_source_content();
	tconf = conf_defaults(NULL);
	free(tconf->content_dir);
	tconf->content_dir = xstrdup(tmpdir);
	/* Its only instrument is "t": no schedule naming the real ones. */
	memset(&tconf->schedule, 0, sizeof tconf->schedule);
	tconf->schedule.window_days = 7;
	/* Nor outcome measures. */
	free(tconf->outcome_measures);
	tconf->outcome_measures = NULL;
	return 0;
}

/* teardown removes the temporary content and frees what setup made. */
static int
teardown(void **state)
{
	char	*dir;

	(void)state;
	tmp_remove("t.def");
	tmp_remove("t.en.txt");
	tmp_remove("u.en.txt");
	tmp_remove("t.fr.txt");
	xasprintf(&dir, "%s/questionnaires", tmpdir);
	rmdir(dir);
	free(dir);
	rmdir(tmpdir);
	instruments_free();
	conf_free(conf);
	conf_free(tconf);
	return 0;
}

/* main runs the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_load),
		cmocka_unit_test(test_language_fallback),
		cmocka_unit_test(test_hads_refuses),
		cmocka_unit_test(test_bands_match_spec),
		cmocka_unit_test(test_bands_boundaries),
		cmocka_unit_test(test_phq9_item9_missing),
		cmocka_unit_test(test_missing_not_zero),
		cmocka_unit_test(test_invalid_values),
		cmocka_unit_test(test_subscales),
		cmocka_unit_test(test_who5),
		cmocka_unit_test(test_k10),
		cmocka_unit_test(test_distress),
		cmocka_unit_test(test_alerts_phq9),
		cmocka_unit_test(test_alerts_gad7),
		cmocka_unit_test(test_alerts_others),
		cmocka_unit_test(test_hads_scoring),
		cmocka_unit_test(test_rci),
		cmocka_unit_test(test_score_change),
		cmocka_unit_test(test_tmp_valid),
		cmocka_unit_test(test_bad_parse),
		cmocka_unit_test(test_bad_sets),
		cmocka_unit_test(test_bad_order),
		cmocka_unit_test(test_bad_refs),
		cmocka_unit_test(test_bad_score_items),
		cmocka_unit_test(test_bad_bands),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_strings),
		cmocka_unit_test(test_bad_stray),
		cmocka_unit_test(test_bad_references),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
