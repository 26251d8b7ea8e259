/*
 * test_chart.c: progress charts drawn as text.
 *
 * Golden files: each golden test renders a chart and compares it, line
 * by line, with tests/unit/golden/chart_<name>.txt in the source tree
 * (found from __FILE__, as helpers.h finds content/).  After a deliberate
 * change to the drawing, look at the new rendering and rewrite the files
 * with
 *
 *	UPDATE_GOLDEN=1 build/tests/test_chart
 *
 * run from the top directory; then read them (cat) before committing.
 *
 * Beyond the golden text, properties that would catch a regression the
 * golden files cannot: no line wider than asked (counted with wcwidth,
 * as ncurses does) at several widths in both modes; ASCII mode is
 * printable ASCII only, even with an accented title and band names;
 * every band boundary is a y label; every score is drawn inside the
 * rows of its own band; the triangles follow the caller's reliable
 * change and point the way the score moved.  Dates are in UTC: main sets
 * TZ=UTC0.
 */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

static const struct chart_band phq9_bands[] = {
	{ 0, 4, "minimal" },
	{ 5, 9, "mild" },
	{ 10, 14, "moderate" },
	{ 15, 19, "moderately severe" },
	{ 20, 27, "severe" },
};

static const struct chart_band who5_bands[] = {
	{ 0, 28, "very low" },
	{ 29, 50, "poor" },
	{ 51, 100, "good" },
};

/* The wording of the shipped string file: longer than a chart's room. */
static const struct chart_band who5_long_bands[] = {
	{ 0, 28, "Bienestar muy bajo (28 o menos): probable depresión, "
	    "valorar con el PHQ-9" },
	{ 29, 50, "Bienestar bajo (29 a 50): considerar el PHQ-9" },
	{ 51, 100, "Buen bienestar (más de 50)" },
};

static const struct chart_band k10_bands[] = {
	{ 10, 15, "low" },
	{ 16, 21, "moderate" },
	{ 22, 29, "high" },
	{ 30, 50, "very high" },
};

/* day returns noon UTC of a date. */
static int64_t
day(int y, int m, int d)
{
	struct tm	tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	return (int64_t)timegm(&tm);
}

/*
 * PHQ-9 every few weeks: baseline 12, a reliable deterioration to 19,
 * then a reliable improvement to 6 and 4 (the caller's RCI says which).
 */
static struct chart_point phq9_points[6];

static void
phq9_init(void)
{
	static const int	v[] = { 12, 15, 19, 11, 6, 4 };
	static const int	ch[] = { 0, 0, 1, 0, -1, -1 };
	static const int	md[][2] = { { 1, 5 }, { 1, 19 }, { 2, 2 },
				    { 3, 2 }, { 4, 13 }, { 6, 8 } };
	size_t			i;

	for (i = 0; i < NITEMS(phq9_points); i++) {
		phq9_points[i].t = day(2026, md[i][0], md[i][1]);
		phq9_points[i].value = v[i];
		phq9_points[i].change = ch[i];
	}
}

static struct chart
phq9_chart(const struct chart_point *p, size_t n)
{
	struct chart	c = {
		.title = "PHQ-9 depression (total 0-27)",
		.min = 0, .max = 27,
		.bands = phq9_bands, .nbands = NITEMS(phq9_bands),
		.points = p, .npoints = n,
	};

	return c;
}

/*
 * WHO-5 percentage (higher is better) across a new year: a reliable
 * improvement upwards, then a reliable deterioration downwards.
 */
static const struct chart_point who5_points[] = {
	{ 0, 36, 0 },
	{ 0, 44, 0 },
	{ 0, 60, -1 },
	{ 0, 68, -1 },
	{ 0, 48, 0 },
	{ 0, 20, 1 },
	{ 0, 28, 0 },
};
static struct chart_point who5_dated[NITEMS(who5_points)];

static void
who5_init(void)
{
	static const int	ymd[][3] = { { 2025, 10, 6 }, { 2025, 11, 3 },
				    { 2025, 12, 1 }, { 2026, 1, 12 },
				    { 2026, 2, 9 }, { 2026, 3, 9 },
				    { 2026, 4, 6 } };
	size_t			i;

	for (i = 0; i < NITEMS(who5_points); i++) {
		who5_dated[i] = who5_points[i];
		who5_dated[i].t = day(ymd[i][0], ymd[i][1], ymd[i][2]);
	}
}

static struct chart
who5_chart(const struct chart_band *bands)
{
	struct chart	c = {
		.title = "WHO-5 well-being (percentage)",
		.min = 0, .max = 100,
		.bands = bands, .nbands = 3,
		.points = who5_dated, .npoints = NITEMS(who5_dated),
	};

	return c;
}

/* K10 monthly: distress falling from very high to moderate. */
static struct chart_point k10_points[5];

static void
k10_init(void)
{
	static const int	v[] = { 34, 31, 27, 22, 18 };
	static const int	ch[] = { 0, 0, -1, -1, -1 };
	size_t			i;

	for (i = 0; i < NITEMS(k10_points); i++) {
		k10_points[i].t = day(2026, (int)i + 2, 1);
		k10_points[i].value = v[i];
		k10_points[i].change = ch[i];
	}
}

static struct chart
k10_chart(void)
{
	struct chart	c = {
		.title = "K10 psychological distress (10-50)",
		.min = 10, .max = 50,
		.bands = k10_bands, .nbands = NITEMS(k10_bands),
		.points = k10_points, .npoints = NITEMS(k10_points),
	};

	return c;
}

/* Fortnightly PHQ-9 for most of a year: more points than 80 columns. */
static struct chart_point many_points[24];

static void
many_init(void)
{
	static const int	v[] = { 16, 17, 15, 18, 14, 13, 12, 14, 11, 9,
				    10, 8, 9, 7, 8, 6, 7, 5, 6, 4, 5, 3, 4, 2 };
	size_t			i;

	for (i = 0; i < NITEMS(many_points); i++) {
		many_points[i].t = day(2025, 9, 1) + (int64_t)i * 14 * 86400;
		many_points[i].value = v[i];
		many_points[i].change = 16 - v[i] >= 6 ? -1 : 0;
	}
}

/* golden_dir returns tests/unit/golden in the source tree. */
static char *
golden_dir(void)
{
	const char	*file = __FILE__, *at;
	char		*path;

	at = strstr(file, "tests/unit/test_chart.c");
	assert_non_null(at);
	xasprintf(&path, "%.*stests/unit/golden", (int)(at - file), file);
	return path;
}

/* joined returns the lines as one text, each ended by a newline. */
static char *
joined(char **lines, size_t n)
{
	size_t	i, len = 1;
	char	*s;

	for (i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	s = xmalloc(len);
	s[0] = '\0';
	for (i = 0; i < n; i++) {
		strcat(s, lines[i]);
		strcat(s, "\n");
	}
	return s;
}

/* read_all reads a whole file, or returns NULL. */
static char *
read_all(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 len;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = xmalloc((size_t)len + 1);
	if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fclose(f);
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/*
 * golden renders c and compares it with golden/chart_<name>.txt, or
 * writes that file when UPDATE_GOLDEN=1.
 */
static void
golden(const char *name, const struct chart *c, int width, bool utf8)
{
	const char	*update = getenv("UPDATE_GOLDEN");
	char		**lines, *got, *want, *dir, *path;
	size_t		  n;
	FILE		 *f;

	lines = chart_render(c, width, utf8, &n);
	assert_non_null(lines);
	got = joined(lines, n);
	chart_free(lines, n);
	dir = golden_dir();
	xasprintf(&path, "%s/chart_%s.txt", dir, name);
	if (update != NULL && strcmp(update, "1") == 0) {
		if ((f = fopen(path, "w")) == NULL ||
		    fputs(got, f) == EOF || fclose(f) != 0)
			fail_msg("%s: %s", path, strerror(errno));
		print_message("wrote %s\n", path);
	} else {
		if ((want = read_all(path)) == NULL)
			fail_msg("%s: %s (UPDATE_GOLDEN=1 writes it)", path,
			    strerror(errno));
		if (strcmp(got, want) != 0)
			fail_msg("%s differs; the rendering is:\n%s", path,
			    got);
		free(want);
	}
	free(path);
	free(dir);
	free(got);
}

/* columns returns the terminal columns of a line, -1 if unprintable. */
static int
columns(const char *s)
{
	wchar_t	*ws;
	size_t	 n;
	int	 w;

	n = mbstowcs(NULL, s, 0);
	assert_true(n != (size_t)-1);
	ws = xcalloc(n + 1, sizeof *ws);
	mbstowcs(ws, s, n + 1);
	w = wcswidth(ws, n);
	free(ws);
	return w;
}

static void
test_golden_phq9(void **state)
{
	struct chart	c = phq9_chart(phq9_points, NITEMS(phq9_points));

	(void)state;
	golden("phq9_utf8", &c, 80, true);
	golden("phq9_ascii", &c, 80, false);
}

static void
test_golden_who5(void **state)
{
	struct chart	c = who5_chart(who5_bands);

	(void)state;
	golden("who5_utf8", &c, 80, true);
	golden("who5_ascii", &c, 80, false);
}

static void
test_golden_k10(void **state)
{
	struct chart	c = k10_chart();

	(void)state;
	golden("k10_utf8", &c, 80, true);
	golden("k10_ascii", &c, 80, false);
}

static void
test_golden_one_point(void **state)
{
	struct chart	c = phq9_chart(phq9_points, 1);

	(void)state;
	golden("one_utf8", &c, 80, true);
	golden("one_ascii", &c, 80, false);
}

static void
test_golden_no_points(void **state)
{
	struct chart	c = phq9_chart(NULL, 0);
	char		**lines;
	size_t		  n;

	(void)state;
	golden("none_utf8", &c, 80, true);
	golden("none_ascii", &c, 80, false);
	lines = chart_render(&c, 80, true, &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(lines[0], "No scores yet."));
	chart_free(lines, n);
}

static void
test_golden_wide(void **state)
{
	struct chart	c = phq9_chart(phq9_points, NITEMS(phq9_points));

	(void)state;
	golden("phq9_wide_utf8", &c, 120, true);
	golden("phq9_wide_ascii", &c, 120, false);
}

static void
test_golden_many(void **state)
{
	struct chart	c = phq9_chart(many_points, NITEMS(many_points));

	(void)state;
	golden("many_utf8", &c, 80, true);
	golden("many_ascii", &c, 80, false);
}

/* Scores outside the range, for charts whose bands are odd. */
static const struct chart_point odd_points[] = {
	{ 1767225600, -5, 0 },
	{ 1767830400, 40, 1 },
	{ 1768435200, 12, -1 },
	{ 1769040000, 99999, 0 },
};

/* Bands with a gap (5 to 9), an overlap and one outside the range. */
static const struct chart_band gap_bands[] = {
	{ 0, 4, "minimal" },
	{ 10, 16, "moderate" },
	{ 15, 19, "moderately severe" },
	{ 20, 40, "severe" },
	{ 50, 60, "beyond" },
};

/* Every chart the property tests draw. */
static size_t
all_charts(struct chart *out)
{
	size_t	n = 0;

	out[n++] = phq9_chart(phq9_points, NITEMS(phq9_points));
	out[n++] = phq9_chart(phq9_points, 1);
	out[n++] = phq9_chart(phq9_points, 2);
	out[n++] = phq9_chart(NULL, 0);
	out[n++] = phq9_chart(many_points, NITEMS(many_points));
	out[n++] = who5_chart(who5_bands);
	out[n++] = who5_chart(who5_long_bands);
	out[n++] = k10_chart();
	/* A translated title with accents and wide characters. */
	out[n] = who5_chart(who5_long_bands);
	out[n++].title = "Evolución del bienestar «WHO-5» · 幸福感指数 "
	    "(porcentaje, más alto es mejor) con un título muy largo";
	out[n] = phq9_chart(phq9_points, NITEMS(phq9_points));
	out[n++].title = "Línea\tcon\x1b[31m controles\r";
	/* Shapes the loader refuses, drawn anyway. */
	out[n] = phq9_chart(odd_points, NITEMS(odd_points));
	out[n++].nbands = 0;
	out[n] = phq9_chart(odd_points, NITEMS(odd_points));
	out[n].bands = gap_bands;
	out[n++].nbands = NITEMS(gap_bands);
	out[n] = phq9_chart(odd_points, NITEMS(odd_points));
	out[n].min = -30;
	out[n++].max = 100000;
	out[n] = phq9_chart(odd_points, NITEMS(odd_points));
	out[n].max = 0;
	out[n].bands = NULL;
	out[n++].nbands = 0;
	out[n] = phq9_chart(phq9_points, NITEMS(phq9_points));
	out[n++].title = NULL;
	return n;
}

static void
test_width(void **state)
{
	static const int	 widths[] = { 40, 80, 81, 120, 200 };
	struct chart		 c[24];
	char			**lines;
	size_t			 nc, i, w, m, n, l;
	int			 cols;

	(void)state;
	nc = all_charts(c);
	for (i = 0; i < nc; i++)
		for (w = 0; w < NITEMS(widths); w++)
			for (m = 0; m < 2; m++) {
				lines = chart_render(&c[i], widths[w], m == 0,
				    &n);
				assert_true(n >= 1);
				for (l = 0; l < n; l++) {
					cols = columns(lines[l]);
					if (cols < 0 || cols > widths[w])
						fail_msg("chart %zu width %d "
						    "%s line %zu: %d columns: "
						    "%s", i, widths[w],
						    m == 0 ? "utf8" : "ascii",
						    l, cols, lines[l]);
				}
				chart_free(lines, n);
			}
}

static void
test_ascii_only(void **state)
{
	static const int	 widths[] = { 40, 80, 81, 120, 200 };
	struct chart		 c[24];
	const unsigned char	*p;
	char			**lines;
	size_t			 nc, i, w, n, l;

	(void)state;
	nc = all_charts(c);
	for (i = 0; i < nc; i++)
		for (w = 0; w < NITEMS(widths); w++) {
			lines = chart_render(&c[i], widths[w], false, &n);
			for (l = 0; l < n; l++)
				for (p = (const unsigned char *)lines[l];
				    *p != '\0'; p++)
					if (*p < 0x20 || *p > 0x7e)
						fail_msg("chart %zu width %d "
						    "line %zu: byte %02x: %s",
						    i, widths[w], l, *p,
						    lines[l]);
			chart_free(lines, n);
		}
}

/*
 * label_row returns the index of the line labelled v on the y axis
 * ("   10 ┤" or "   10 +"), or -1.
 */
static int
label_row(char **lines, size_t n, int v)
{
	char	 want[32];
	size_t	 i;
	char	*end;
	long	 got;

	snprintf(want, sizeof want, "%d", v);
	for (i = 1; i < n; i++) {
		got = strtol(lines[i], &end, 10);
		if (end == lines[i] || got != v || *end != ' ')
			continue;
		if (strncmp(end, " \xe2\x94\xa4", 4) == 0 ||
		    strncmp(end, " +", 2) == 0)
			return (int)i;
	}
	return -1;
}

/* sane tells whether the bands cover the range end to end. */
static bool
sane(const struct chart *c)
{
	size_t	b;

	if (c->nbands == 0 || c->bands[0].low != c->min ||
	    c->bands[c->nbands - 1].high != c->max)
		return false;
	for (b = 1; b < c->nbands; b++)
		if (c->bands[b].low != c->bands[b - 1].high + 1)
			return false;
	return true;
}

static void
test_band_labels(void **state)
{
	static const int	 widths[] = { 40, 80, 81, 120, 200 };
	struct chart		 c[24];
	char			**lines;
	size_t			 nc, i, w, m, n, b;

	(void)state;
	nc = all_charts(c);
	for (i = 0; i < nc; i++) {
		if (c[i].npoints == 0)
			continue;
		for (w = 0; w < NITEMS(widths); w++)
			for (m = 0; m < 2; m++) {
				lines = chart_render(&c[i], widths[w], m == 0,
				    &n);
				for (b = 0; sane(&c[i]) && b < c[i].nbands;
				    b++)
					if (label_row(lines, n,
					    c[i].bands[b].low) < 0)
						fail_msg("chart %zu width %d: "
						    "no y label %d", i,
						    widths[w],
						    c[i].bands[b].low);
				assert_true(label_row(lines, n, c[i].min) >= 0);
				assert_true(label_row(lines, n, c[i].max) >= 0);
				chart_free(lines, n);
			}
	}
}

/* marker_row returns the line holding the baseline marker, or -1. */
static int
marker_row(char **lines, size_t n)
{
	size_t	i;

	for (i = 1; i < n - 1; i++)
		if (strstr(lines[i], "○") != NULL)
			return (int)i;
	return -1;
}

/*
 * Every score is drawn in the rows of its band: at or above the row of
 * its band's lowest value, below the row of the next band's.
 */
static void
test_points_in_their_band(void **state)
{
	struct chart_point	 p = { 0, 0, 0 };
	struct chart		 c = phq9_chart(&p, 1);
	const struct chart	 k = k10_chart();
	struct chart		 cs[2];
	char			**lines;
	size_t			 n, b, j;
	int			 v, row;

	(void)state;
	cs[0] = c;
	cs[1] = k;
	cs[1].points = &p;
	cs[1].npoints = 1;
	for (j = 0; j < 2; j++)
		for (v = cs[j].min; v <= cs[j].max; v++) {
			p.value = v;
			lines = chart_render(&cs[j], 80, true, &n);
			row = marker_row(lines, n);
			assert_true(row > 0);
			for (b = 0; b < cs[j].nbands; b++)
				if (v >= cs[j].bands[b].low &&
				    v <= cs[j].bands[b].high)
					break;
			assert_true(b < cs[j].nbands);
			assert_true(row <= label_row(lines, n,
			    cs[j].bands[b].low));
			if (b + 1 < cs[j].nbands)
				assert_true(row > label_row(lines, n,
				    cs[j].bands[b + 1].low));
			chart_free(lines, n);
		}
}

/* count counts the occurrences of needle in the plot lines. */
static size_t
count(char **lines, size_t n, const char *needle)
{
	size_t	 i, k = 0;
	char	*at;

	for (i = 0; i < n; i++)
		for (at = lines[i]; (at = strstr(at, needle)) != NULL; at++)
			k++;
	return k;
}

/* legend returns the last line, where the legend is. */
static const char *
legend(char **lines, size_t n)
{
	return lines[n - 1];
}

static void
test_reliable_change_marks(void **state)
{
	struct chart	  c = phq9_chart(phq9_points, NITEMS(phq9_points));
	struct chart	  w = who5_chart(who5_bands);
	char		**lines;
	size_t		  n;

	(void)state;
	/* PHQ-9: one deterioration (up), two improvements (down). */
	lines = chart_render(&c, 80, true, &n);
	assert_int_equal(count(lines, n - 1, "▲"), 1);
	assert_int_equal(count(lines, n - 1, "▼"), 2);
	assert_int_equal(count(lines, n - 1, "○"), 1);
	assert_int_equal(count(lines, n - 1, "●"), 2);
	assert_non_null(strstr(legend(lines, n),
	    "▲ reliable change (worse)"));
	assert_non_null(strstr(legend(lines, n),
	    "▼ reliable change (better)"));
	assert_non_null(strstr(legend(lines, n), "○ baseline"));
	chart_free(lines, n);

	/* WHO-5: higher is better, so up means better. */
	lines = chart_render(&w, 80, true, &n);
	assert_int_equal(count(lines, n - 1, "▲"), 2);
	assert_int_equal(count(lines, n - 1, "▼"), 1);
	chart_free(lines, n);
	lines = chart_render(&w, 80, false, &n);
	assert_non_null(strstr(legend(lines, n),
	    "^ reliable change (better)"));
	assert_non_null(strstr(legend(lines, n),
	    "v reliable change (worse)"));
	chart_free(lines, n);

	/* No reliable change: no triangle in the legend. */
	c.npoints = 2;
	lines = chart_render(&c, 80, true, &n);
	assert_null(strstr(legend(lines, n), "reliable"));
	assert_int_equal(count(lines, n, "▲") + count(lines, n, "▼"), 0);
	chart_free(lines, n);
}

/* axis_line returns the x axis: the line that starts with a corner. */
static const char *
axis_line(char **lines, size_t n)
{
	size_t		 i;
	const char	*p;

	for (i = 1; i < n; i++) {
		for (p = lines[i]; *p == ' '; p++)
			;
		if (strncmp(p, "└", strlen("└")) == 0)
			return lines[i];
	}
	fail_msg("no x axis");
	return NULL;
}

static void
test_many_points(void **state)
{
	struct chart	  c = phq9_chart(many_points, NITEMS(many_points));
	char		**lines;
	const char	 *axis, *at;
	size_t		  n, last, total;

	(void)state;
	lines = chart_render(&c, 80, true, &n);
	at = strstr(lines[0], "(the baseline and the last ");
	assert_non_null(at);
	assert_int_equal(sscanf(at, "(the baseline and the last %zu of %zu",
	    &last, &total), 2);
	assert_int_equal(total, 24);
	assert_true(last >= 6 && last < 23);
	/* The baseline, a break, then the latest: a tick under each. */
	axis = axis_line(lines, n);
	assert_int_equal(count((char **)&axis, 1, "┬"), last + 1);
	assert_int_equal(count((char **)&axis, 1, "≈"), 1);
	assert_int_equal(count(lines, n - 1, "○"), 1);
	assert_int_equal(count(lines, n - 1, "●") + count(lines, n - 1, "▼"),
	    last);
	assert_non_null(strstr(lines[n - 3], "01/09"));		/* baseline */
	assert_non_null(strstr(lines[n - 3], "20/07"));		/* latest */
	assert_null(strstr(lines[n - 3], "04/07"));		/* left out */
	chart_free(lines, n);

	/* Wider: all of them fit, and nothing says otherwise. */
	lines = chart_render(&c, 200, true, &n);
	assert_null(strstr(lines[0], "(the"));
	axis = axis_line(lines, n);
	assert_int_equal(count((char **)&axis, 1, "┬"), 24);
	assert_int_equal(count((char **)&axis, 1, "≈"), 0);
	chart_free(lines, n);
}

static void
test_narrow(void **state)
{
	struct chart	  c = phq9_chart(phq9_points, NITEMS(phq9_points));
	char		**lines;
	size_t		  n;

	(void)state;
	lines = chart_render(&c, 39, true, &n);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0], "Too narrow for a chart.");
	chart_free(lines, n);
	lines = chart_render(&c, 10, false, &n);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0], "Too narro.");
	chart_free(lines, n);
	lines = chart_render(&c, 0, true, &n);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0], "");
	chart_free(lines, n);
	lines = chart_render(&c, 40, true, &n);
	assert_true(n > 12);
	chart_free(lines, n);
}

/* A wider terminal spaces the points further apart, up to a cap. */
static void
test_wider_grows(void **state)
{
	struct chart	  c = phq9_chart(phq9_points, NITEMS(phq9_points));
	static const int  widths[] = { 80, 100, 120, 200 };
	char		**lines;
	size_t		  n, i;
	int		  w[NITEMS(widths)];

	(void)state;
	for (i = 0; i < NITEMS(widths); i++) {
		lines = chart_render(&c, widths[i], true, &n);
		w[i] = columns(axis_line(lines, n));
		chart_free(lines, n);
	}
	assert_true(w[1] > w[0]);
	assert_true(w[2] > w[1]);
	assert_int_equal(w[3], w[2]);		/* capped */
	assert_true(w[3] < 120);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_golden_phq9),
		cmocka_unit_test(test_golden_who5),
		cmocka_unit_test(test_golden_k10),
		cmocka_unit_test(test_golden_one_point),
		cmocka_unit_test(test_golden_no_points),
		cmocka_unit_test(test_golden_wide),
		cmocka_unit_test(test_golden_many),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_ascii_only),
		cmocka_unit_test(test_band_labels),
		cmocka_unit_test(test_points_in_their_band),
		cmocka_unit_test(test_reliable_change_marks),
		cmocka_unit_test(test_many_points),
		cmocka_unit_test(test_narrow),
		cmocka_unit_test(test_wider_grows),
	};

	setenv("TZ", "UTC0", 1);
	tzset();
	setlocale(LC_ALL, "C.UTF-8");
	phq9_init();
	who5_init();
	k10_init();
	many_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
