/*
 * chart.c: a score's course over time as lines of text.
 *
 * What a chart looks like (PHQ-9 at 80 columns in UTF-8, cut short; the
 * golden files in tests/unit/golden show whole ones):
 *
 *	PHQ-9 depression (total 0-27)
 *	27 ┤
 *	20 ┤······························ severe
 *	   │                 ┌────▲───┐
 *	15 ┤········┌────●───┘········│··· moderately severe
 *	   │        │                 │
 *	10 ┤····○───┘·················└─── moderate
 *	 0 ┤                               minimal
 *	   └────┬────────┬────────┬────────
 *	       12       15       19
 *	      05/01    19/01    02/02
 *	      2026
 *	○ baseline  ▲ reliable change (worse)
 *
 * The choices, and why:
 *  - The plot is CHART_ROWS rows high (one row at least per band).  Each
 *    band gets a whole number of rows in proportion to its span, so a
 *    point is always drawn inside the rows of its own band: with about
 *    two points a row, a linear scale would put 9 (mild) and 10
 *    (moderate) on the same row.  The row holding a band's lowest value
 *    carries that value as its y label, a dotted line across the plot
 *    (not for the lowest band, whose line is the x axis) and the band's
 *    name at the right edge when there is room, cut with an ellipsis.
 *  - Points are spaced evenly by their index, not by time: scheduled
 *    forms come every two weeks during a programme and months apart at
 *    follow-up, and time-proportional spacing would pile the dates on
 *    top of each other.  Every point has its date (strftime "%d/%m/%y",
 *    or "%d/%m" with a row of years when the spacing is narrow) and its
 *    exact score under the axis, since a row spans several values.
 *  - Consecutive points are joined by a step line ("─│┌┐└┘", in ASCII
 *    "-|+"), whose vertical part is halfway between them.  Only glyphs of
 *    the WGL4 set are used, which every terminal font of the last two
 *    decades draws: no rounded corners, braille or dashed box lines.
 *  - The first point is the baseline ("○", ASCII "o").  A point whose
 *    change from baseline is reliable is a triangle ("▲▼", ASCII "^v")
 *    pointing the way the score moved from the baseline, and the legend
 *    says what that way means for this score: up is worse for PHQ-9 and
 *    better for WHO-5.  The meaning comes from the caller (change: -1
 *    better, 1 worse); the chart only reads which way it went.
 *  - When the points do not all fit, the chart keeps the baseline (the
 *    reliable changes are measured from it) and the most recent points
 *    that fit, breaks the x axis ("≈", ASCII "~") between them and says
 *    so on the title line.
 *  - The plot grows with the width, up to CHART_SLOT_MAX columns a point;
 *    more points fit in a wider terminal.
 *  - Below CHART_MIN_WIDTH columns the chart is one line saying it does
 *    not fit, so that no line is ever wider than asked.  With no points
 *    it is one line: the title and "No scores yet."
 *
 * The lines, top to bottom: the title (with the note when points were
 * left out), the plot's rows, the x axis, the scores, the dates, the
 * years (short dates only), and the legend on one line or more.
 *
 * Widths are counted with wcwidth under C.UTF-8, the measure ncurses
 * draws with; control characters in the title or labels are dropped.
 * In ASCII mode every byte is printable ASCII: letters with accents lose
 * them ("Evolución" becomes "Evolucion") and other characters become
 * '?'.  Dates are in local time (the process's TZ).
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bbs.h"

#define CHART_ROWS		12	/* plot rows */
#define CHART_MIN_WIDTH		40	/* narrower: one line saying so */
#define CHART_SLOT_MIN		6	/* columns a point: "dd/mm" and a gap */
#define CHART_SLOT_MAX		16	/* wider terminals: up to this */
#define CHART_SLOT_LONGDATE	10	/* "dd/mm/yy" and two spaces */
#define CHART_PLOT_MIN		48	/* plot columns even for one point */
#define CHART_LABEL_MAX		24	/* columns of a band's name */
#define CHART_LABEL_MIN		4	/* fewer: no band names */

/* The glyphs, in the order of chart_utf8 and chart_ascii. */
enum chart_glyph {
	CG_POINT,
	CG_BASE,
	CG_UP,		/* reliable change, score went up */
	CG_DOWN,	/* reliable change, score went down */
	CG_DOT,		/* a band's lower boundary */
	CG_H,
	CG_V,
	CG_LEFT_UP,	/* from the left, turning up */
	CG_UP_RIGHT,	/* from below, turning right */
	CG_LEFT_DOWN,	/* from the left, turning down */
	CG_DOWN_RIGHT,	/* from above, turning right */
	CG_YTICK,	/* y axis at a labelled row */
	CG_CORNER,	/* where the axes meet */
	CG_XTICK,	/* x axis under a point */
	CG_BREAK,	/* x axis where points were left out */
	CG_COUNT
};

static const uint32_t chart_utf8[CG_COUNT] = {
	0x25cf, 0x25cb, 0x25b2, 0x25bc, 0x00b7, 0x2500, 0x2502, 0x2518,
	0x250c, 0x2510, 0x2514, 0x2524, 0x2514, 0x252c, 0x2248
};

static const uint32_t chart_ascii[CG_COUNT] = {
	'*', 'o', '^', 'v', '.', '-', '|', '+',
	'+', '+', '+', '+', '+', '+', '~'
};

/* U+00C0 to U+00FF without their accents, for ASCII mode. */
static const char chart_latin1[] =
    "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTs"
    "aaaaaaaceeeeiiiidnooooo/ouuuuyty";

/* A growing string. */
struct chart_buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

/* The lines made so far. */
struct chart_lines {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

/* A stretch of the score's range: a band, or a gap the bands leave. */
struct chart_seg {
	int64_t		 low;
	int64_t		 high;
	const char	*label;		/* NULL: a gap */
	int		 rows;
	int		 base;		/* its lowest row, counted from 0 at
					   the bottom */
};

/* Everything one rendering works out. */
struct chart_ctx {
	const struct chart	*c;
	bool			 utf8;
	const uint32_t		*g;
	int			 width;
	int64_t			 lo;		/* the range, lo <= hi */
	int64_t			 hi;
	struct chart_seg	*seg;
	size_t			 nseg;
	int			 rows;		/* plot rows */
	int			 labw;		/* y label columns */
	int			 gutter;	/* labels, space, axis */
	int			 bandw;		/* band name columns, 0: none */
	int			 plotw;
	int			 slot;		/* columns a point */
	size_t			*shown;		/* indexes of drawn points */
	size_t			 nshown;
	bool			 skipped;	/* points left out after the
						   first shown */
	bool			 longdate;
	uint32_t		*grid;		/* rows x plotw */
	struct chart_lines	 out;
};

static locale_t	chart_ctype_locale = (locale_t)0;

/*
 * chart_ctype returns a C.UTF-8 locale for wcwidth, so that widths are
 * those ncurses draws with whatever the process locale is.
 */
static locale_t
chart_ctype(void)
{
	if (chart_ctype_locale == (locale_t)0) {
		chart_ctype_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8",
		    (locale_t)0);
		if (chart_ctype_locale == (locale_t)0)
			fatalx("the C.UTF-8 locale is missing");
	}
	return chart_ctype_locale;
}

/* chart_buf_add appends len bytes. */
static void
chart_buf_add(struct chart_buf *b, const char *s, size_t len)
{
	size_t	cap;

	if (b->len + len + 1 > b->cap) {
		cap = b->cap == 0 ? 128 : b->cap;
		while (cap < b->len + len + 1)
			cap *= 2;
		b->s = xreallocarray(b->s, cap, 1);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

/* chart_buf_str appends a string. */
static void
chart_buf_str(struct chart_buf *b, const char *s)
{
	chart_buf_add(b, s, strlen(s));
}

/* chart_buf_cp appends one code point as UTF-8. */
static void
chart_buf_cp(struct chart_buf *b, uint32_t cp)
{
	char	tmp[4];

	chart_buf_add(b, tmp, text_utf8_encode(cp, tmp));
}

/* chart_buf_spaces appends n spaces. */
static void
chart_buf_spaces(struct chart_buf *b, int n)
{
	while (n-- > 0)
		chart_buf_add(b, " ", 1);
}

/*
 * chart_emit makes the buffer the next line, without trailing spaces,
 * and empties the buffer.
 */
static void
chart_emit(struct chart_lines *l, struct chart_buf *b)
{
	if (b->s == NULL)
		chart_buf_add(b, "", 0);
	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 32 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = b->s;
	memset(b, 0, sizeof *b);
}

/*
 * chart_ascii_of returns the ASCII stand-in of a code point that is not
 * ASCII: the letter without its accent, a few punctuation marks, else
 * '?'.
 */
static char
chart_ascii_of(uint32_t cp)
{
	if (cp >= 0xc0 && cp <= 0xff)
		return chart_latin1[cp - 0xc0];
	switch (cp) {
	case 0xa0:		/* no-break space */
		return ' ';
	case 0xa1:		/* ¡ */
		return '!';
	case 0xbf:		/* ¿ */
		return '?';
	case 0xb7:		/* Catalan l·l */
		return '.';
	case 0xaa:
		return 'a';
	case 0xba:
		return 'o';
	case 0xab: case 0xbb: case 0x201c: case 0x201d:
		return '"';
	case 0x2018: case 0x2019:
		return '\'';
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
		return '-';
	case 0x2026:
		return '.';
	}
	return '?';
}

/*
 * chart_glyph_of reads the code point at s (len > 0) and says how it is
 * drawn: *out gets the code point to write and the return value is its
 * columns, or -1 when it is dropped (controls; accents in ASCII mode).
 * *used gets the bytes read.
 */
static int
chart_glyph_of(const char *s, size_t len, bool utf8, uint32_t *out,
    size_t *used)
{
	uint32_t	cp;
	int		w;

	*used = text_utf8_decode(s, len, &cp);
	if (*used == 0 || *used > len) {
		*used = 1;
		cp = 0xfffd;
	}
	if (cp < 0x80) {
		*out = cp;
		return cp >= 0x20 && cp < 0x7f ? 1 : -1;
	}
	w = wcwidth((wchar_t)cp);
	if (w < 0 || (cp >= 0x80 && cp <= 0x9f))
		return -1;
	if (!utf8) {
		if (w == 0)
			return -1;
		*out = (uint32_t)(unsigned char)chart_ascii_of(cp);
		return 1;
	}
	*out = cp;
	return w;
}

/* chart_columns returns the columns s takes once drawn. */
static int
chart_columns(const char *s, bool utf8)
{
	locale_t	old;
	size_t		len, off, used;
	uint32_t	cp;
	int		cols, w;

	if (s == NULL)
		return 0;
	old = uselocale(chart_ctype());
	len = strlen(s);
	cols = 0;
	for (off = 0; off < len; off += used)
		if ((w = chart_glyph_of(s + off, len - off, utf8, &cp,
		    &used)) > 0)
			cols += w;
	uselocale(old);
	return cols;
}

/*
 * chart_fit appends s drawn in at most cols columns: cut with an
 * ellipsis ("…", ASCII ".") when it is wider.  It returns the columns
 * appended.
 */
static int
chart_fit(struct chart_buf *b, const char *s, int cols, bool utf8)
{
	locale_t	old;
	size_t		len, off, used;
	uint32_t	cp;
	int		total, room, done, w;

	if (s == NULL || cols <= 0)
		return 0;
	total = chart_columns(s, utf8);
	room = total <= cols ? cols : cols - 1;
	old = uselocale(chart_ctype());
	len = strlen(s);
	done = 0;
	for (off = 0; off < len; off += used) {
		if ((w = chart_glyph_of(s + off, len - off, utf8, &cp,
		    &used)) < 0)
			continue;
		if (done + w > room)
			break;
		chart_buf_cp(b, cp);
		done += w;
	}
	uselocale(old);
	if (total > cols) {
		/* "mild …" would read as two words. */
		while (b->len > 0 && b->s[b->len - 1] == ' ' && done > 0) {
			b->s[--b->len] = '\0';
			done--;
		}
		chart_buf_cp(b, utf8 ? 0x2026 : '.');
		done++;
	}
	return done;
}

/* chart_digits returns the columns of a number written in decimal. */
static int
chart_digits(int64_t v)
{
	char	tmp[32];

	return snprintf(tmp, sizeof tmp, "%lld", (long long)v);
}

/* chart_one_line makes the whole chart a single line of text. */
static char **
chart_one_line(const char *title, const char *msg, int width, bool utf8,
    size_t *nlines)
{
	struct chart_lines	 l;
	struct chart_buf	 b;
	int			 used = 0;

	memset(&l, 0, sizeof l);
	memset(&b, 0, sizeof b);
	if (title != NULL && chart_columns(title, utf8) > 0 &&
	    width > chart_columns(msg, utf8) + 2) {
		used = chart_fit(&b, title, width - chart_columns(msg, utf8) -
		    2, utf8);
		chart_buf_str(&b, "  ");
		used += 2;
	}
	chart_fit(&b, msg, width - used, utf8);
	chart_emit(&l, &b);
	*nlines = l.n;
	return l.v;
}

/* chart_add_seg appends one stretch of the range. */
static void
chart_add_seg(struct chart_ctx *x, int64_t low, int64_t high,
    const char *label)
{
	struct chart_seg	*s = &x->seg[x->nseg++];

	memset(s, 0, sizeof *s);
	s->low = low;
	s->high = high;
	s->label = label;
}

/*
 * chart_segments cuts the range into the bands, clipped to the range;
 * gaps the bands leave (bands are checked when loaded, but the chart
 * does not rely on it) become stretches without a name.
 */
static void
chart_segments(struct chart_ctx *x)
{
	const struct chart_band	*b;
	int64_t			 cur, blo, bhi;
	size_t			 i;

	x->seg = xcalloc(2 * x->c->nbands + 1, sizeof *x->seg);
	cur = x->lo;
	for (i = 0; i < x->c->nbands && cur <= x->hi; i++) {
		b = &x->c->bands[i];
		blo = b->low > cur ? b->low : cur;
		bhi = b->high < x->hi ? b->high : x->hi;
		if (bhi < blo)
			continue;
		if (blo > cur)
			chart_add_seg(x, cur, blo - 1, NULL);
		chart_add_seg(x, blo, bhi, b->label);
		cur = bhi + 1;
	}
	if (cur <= x->hi)
		chart_add_seg(x, cur, x->hi, NULL);
}

/*
 * chart_share returns how far stretch s is from its fair share of the
 * rows, scaled by the range's span: positive when it has too few.
 */
static int64_t
chart_share(const struct chart_ctx *x, const struct chart_seg *s)
{
	int64_t	span = x->hi - x->lo + 1;

	return (int64_t)x->rows * (s->high - s->low + 1) -
	    (int64_t)s->rows * span;
}

/*
 * chart_rows gives each stretch at least one row and the plot's rows in
 * proportion to their spans (largest remainder; ties to the lower).
 */
static void
chart_rows(struct chart_ctx *x)
{
	int64_t	span;
	size_t	i, best;
	int	sum, base;

	x->rows = CHART_ROWS;
	if ((int)x->nseg > x->rows)
		x->rows = (int)x->nseg;
	span = x->hi - x->lo + 1;
	sum = 0;
	for (i = 0; i < x->nseg; i++) {
		x->seg[i].rows = (int)((int64_t)x->rows *
		    (x->seg[i].high - x->seg[i].low + 1) / span);
		if (x->seg[i].rows < 1)
			x->seg[i].rows = 1;
		sum += x->seg[i].rows;
	}
	while (sum < x->rows) {
		for (best = 0, i = 1; i < x->nseg; i++)
			if (chart_share(x, &x->seg[i]) >
			    chart_share(x, &x->seg[best]))
				best = i;
		x->seg[best].rows++;
		sum++;
	}
	while (sum > x->rows) {
		best = x->nseg;
		for (i = 0; i < x->nseg; i++)
			if (x->seg[i].rows > 1 && (best == x->nseg ||
			    chart_share(x, &x->seg[i]) <
			    chart_share(x, &x->seg[best])))
				best = i;
		x->seg[best].rows--;
		sum--;
	}
	for (base = 0, i = 0; i < x->nseg; i++) {
		x->seg[i].base = base;
		base += x->seg[i].rows;
	}
}

/* chart_row_of returns the grid row (0 at the top) of a score. */
static int
chart_row_of(const struct chart_ctx *x, int64_t v)
{
	const struct chart_seg	*s;
	size_t			 i;
	int			 k;

	if (v < x->lo)
		v = x->lo;
	if (v > x->hi)
		v = x->hi;
	s = &x->seg[0];
	for (i = 0; i < x->nseg; i++)
		if (v >= x->seg[i].low && v <= x->seg[i].high)
			s = &x->seg[i];
	k = (int)((v - s->low) * s->rows / (s->high - s->low + 1));
	return x->rows - 1 - (s->base + k);
}

/*
 * chart_layout works out the columns: y labels, band names, the plot and
 * the points that fit in it.  It returns false when nothing fits.
 */
static bool
chart_layout(struct chart_ctx *x)
{
	const struct chart	*c = x->c;
	size_t			 i, fit, n = c->npoints;
	int			 slotmin, want, cap, w, room;

	x->labw = chart_digits(x->hi);
	for (i = 0; i < x->nseg; i++)
		if ((w = chart_digits(x->seg[i].low)) > x->labw)
			x->labw = w;
	x->gutter = x->labw + 2;
	slotmin = CHART_SLOT_MIN;
	for (i = 0; i < n; i++)
		if (chart_digits(c->points[i].value) + 1 > slotmin)
			slotmin = chart_digits(c->points[i].value) + 1;

	want = 0;
	for (i = 0; i < x->nseg; i++)
		if ((w = chart_columns(x->seg[i].label, x->utf8)) > want)
			want = w;
	cap = (x->width - x->gutter) / 4;
	if (cap > CHART_LABEL_MAX)
		cap = CHART_LABEL_MAX;
	x->bandw = cap < CHART_LABEL_MIN ? 0 : (want < cap ? want : cap);

	room = x->width - x->gutter - (x->bandw > 0 ? x->bandw + 1 : 0);
	if (room < slotmin)
		return false;
	fit = (size_t)(room / slotmin);
	x->nshown = n < fit ? n : fit;
	x->shown = xcalloc(x->nshown, sizeof *x->shown);
	if (x->nshown == n) {
		for (i = 0; i < n; i++)
			x->shown[i] = i;
	} else if (x->nshown == 1)
		x->shown[0] = n - 1;
	else {
		/* The baseline, then the most recent. */
		x->skipped = true;
		for (i = 1; i < x->nshown; i++)
			x->shown[i] = n - x->nshown + i;
	}
	x->slot = room / (int)x->nshown;
	if (x->slot > CHART_SLOT_MAX)
		x->slot = CHART_SLOT_MAX;
	x->plotw = x->slot * (int)x->nshown;
	if (x->plotw < CHART_PLOT_MIN)
		x->plotw = room < CHART_PLOT_MIN ? room : CHART_PLOT_MIN;
	x->longdate = x->slot >= CHART_SLOT_LONGDATE;
	return true;
}

/* chart_put sets one cell of the plot. */
static void
chart_put(struct chart_ctx *x, int row, int col, enum chart_glyph g)
{
	if (row >= 0 && row < x->rows && col >= 0 && col < x->plotw)
		x->grid[row * x->plotw + col] = x->g[g];
}

/* chart_col_of returns the plot column of the k-th shown point. */
static int
chart_col_of(const struct chart_ctx *x, size_t k)
{
	return (int)k * x->slot + x->slot / 2;
}

/*
 * chart_marker returns the glyph of point i: the baseline, a plain
 * point, or a triangle the way the score moved from the baseline.
 */
static enum chart_glyph
chart_marker(const struct chart *c, size_t i)
{
	const struct chart_point	*p = &c->points[i];
	int64_t				 d;

	if (i == 0)
		return CG_BASE;
	if (p->change == 0)
		return CG_POINT;
	d = (int64_t)p->value - c->points[0].value;
	if (d == 0)
		d = p->change;
	return d > 0 ? CG_UP : CG_DOWN;
}

/* chart_step draws the line from (c0, r0) to (c1, r1), c0 < c1. */
static void
chart_step(struct chart_ctx *x, int c0, int r0, int c1, int r1)
{
	int	mid, col, row;

	if (r0 == r1) {
		for (col = c0 + 1; col < c1; col++)
			chart_put(x, r0, col, CG_H);
		return;
	}
	mid = (c0 + c1) / 2;
	for (col = c0 + 1; col < mid; col++)
		chart_put(x, r0, col, CG_H);
	for (col = mid + 1; col < c1; col++)
		chart_put(x, r1, col, CG_H);
	for (row = (r0 < r1 ? r0 : r1) + 1; row < (r0 < r1 ? r1 : r0); row++)
		chart_put(x, row, mid, CG_V);
	/* Rows count down the screen: r1 < r0 is going up. */
	chart_put(x, r0, mid, r1 < r0 ? CG_LEFT_UP : CG_LEFT_DOWN);
	chart_put(x, r1, mid, r1 < r0 ? CG_UP_RIGHT : CG_DOWN_RIGHT);
}

/* chart_plot fills the grid: band lines, the line, then the points. */
static void
chart_plot(struct chart_ctx *x)
{
	const struct chart	*c = x->c;
	size_t			 i, k;
	int			 row, col;

	x->grid = xcalloc((size_t)x->rows * (size_t)x->plotw,
	    sizeof *x->grid);
	for (i = 0; i < (size_t)x->rows * (size_t)x->plotw; i++)
		x->grid[i] = ' ';
	for (i = 1; i < x->nseg; i++) {
		row = x->rows - 1 - x->seg[i].base;
		for (col = 0; col < x->plotw; col++)
			chart_put(x, row, col, CG_DOT);
	}
	for (k = 1; k < x->nshown; k++) {
		if (k == 1 && x->skipped)
			continue;
		chart_step(x, chart_col_of(x, k - 1),
		    chart_row_of(x, c->points[x->shown[k - 1]].value),
		    chart_col_of(x, k),
		    chart_row_of(x, c->points[x->shown[k]].value));
	}
	for (k = 0; k < x->nshown; k++)
		chart_put(x, chart_row_of(x, c->points[x->shown[k]].value),
		    chart_col_of(x, k), chart_marker(c, x->shown[k]));
}

/* chart_title adds the title line, with a note when points are left out. */
static void
chart_title(struct chart_ctx *x)
{
	struct chart_buf	 b;
	char			*note = NULL;
	int			 room;

	memset(&b, 0, sizeof b);
	if (x->skipped)
		xasprintf(&note, _("(the baseline and the last %zu of %zu "
		    "scores)"), x->nshown - 1, x->c->npoints);
	else if (x->nshown < x->c->npoints)
		xasprintf(&note, _("(the last %zu of %zu scores)"),
		    x->nshown, x->c->npoints);
	room = x->width;
	if (note != NULL)
		room -= chart_columns(note, x->utf8) + 2;
	if (room > 0 && chart_fit(&b, x->c->title, room, x->utf8) > 0 &&
	    note != NULL)
		chart_buf_str(&b, "  ");
	if (note != NULL)
		chart_fit(&b, note, x->width - chart_columns(b.s, x->utf8),
		    x->utf8);
	chart_emit(&x->out, &b);
	free(note);
}

/* chart_band_at returns the stretch whose lowest row is row, or NULL. */
static const struct chart_seg *
chart_band_at(const struct chart_ctx *x, int row)
{
	size_t	i;

	for (i = 0; i < x->nseg; i++)
		if (x->rows - 1 - x->seg[i].base == row)
			return &x->seg[i];
	return NULL;
}

/*
 * chart_plot_lines adds the plot's rows: y label, axis, the row of the
 * grid, and the band's name at the right edge.
 */
static void
chart_plot_lines(struct chart_ctx *x)
{
	const struct chart_seg	*s;
	struct chart_buf	 b;
	char			 num[32];
	int			 row, col;
	bool			 label;

	memset(&b, 0, sizeof b);
	for (row = 0; row < x->rows; row++) {
		s = chart_band_at(x, row);
		label = true;
		if (s != NULL)
			snprintf(num, sizeof num, "%*lld", x->labw,
			    (long long)s->low);
		else if (row == 0 && x->hi > x->seg[x->nseg - 1].low)
			snprintf(num, sizeof num, "%*lld", x->labw,
			    (long long)x->hi);
		else
			label = false;
		if (label)
			chart_buf_str(&b, num);
		else
			chart_buf_spaces(&b, x->labw);
		chart_buf_str(&b, " ");
		chart_buf_cp(&b, x->g[label ? CG_YTICK : CG_V]);
		for (col = 0; col < x->plotw; col++)
			chart_buf_cp(&b, x->grid[row * x->plotw + col]);
		if (s != NULL && s->label != NULL && x->bandw > 0) {
			chart_buf_str(&b, " ");
			chart_fit(&b, s->label, x->bandw, x->utf8);
		}
		chart_emit(&x->out, &b);
	}
}

/* chart_axis adds the x axis: a tick under each point, a break mark. */
static void
chart_axis(struct chart_ctx *x)
{
	struct chart_buf	 b;
	size_t			 k;
	int			 col, brk;

	memset(&b, 0, sizeof b);
	brk = x->skipped ? (chart_col_of(x, 0) + chart_col_of(x, 1)) / 2 :
	    -1;
	chart_buf_spaces(&b, x->labw + 1);
	chart_buf_cp(&b, x->g[CG_CORNER]);
	for (col = 0; col < x->plotw; col++) {
		for (k = 0; k < x->nshown; k++)
			if (chart_col_of(x, k) == col)
				break;
		if (k < x->nshown)
			chart_buf_cp(&b, x->g[CG_XTICK]);
		else
			chart_buf_cp(&b, x->g[col == brk ? CG_BREAK : CG_H]);
	}
	chart_emit(&x->out, &b);
}

/*
 * chart_under adds a row of short ASCII texts, one centred under each
 * shown point (NULL: none under that one).
 */
static void
chart_under(struct chart_ctx *x, char **texts)
{
	struct chart_buf	 b;
	char			*row;
	size_t			 k, len;
	int			 at;

	row = xmalloc((size_t)x->plotw + 1);
	memset(row, ' ', (size_t)x->plotw);
	row[x->plotw] = '\0';
	for (k = 0; k < x->nshown; k++) {
		if (texts[k] == NULL)
			continue;
		len = strlen(texts[k]);
		at = chart_col_of(x, k) - (int)len / 2;
		if (at < 0 || at + (int)len > x->plotw)
			continue;	/* chart_layout keeps it from happening */
		memcpy(row + at, texts[k], len);
	}
	memset(&b, 0, sizeof b);
	chart_buf_spaces(&b, x->gutter);
	chart_buf_str(&b, row);
	chart_emit(&x->out, &b);
	free(row);
}

/* chart_date formats a time in local time with fmt, ASCII digits only. */
static char *
chart_date(int64_t t, const char *fmt)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	char		 buf[32];

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(buf, sizeof buf, fmt, &tm) == 0)
		snprintf(buf, sizeof buf, "?");
	return xstrdup(buf);
}

/*
 * chart_x_labels adds the rows under the axis: each point's score, its
 * date, and with short dates the year under the first point and where
 * it changes.
 */
static void
chart_x_labels(struct chart_ctx *x)
{
	const struct chart_point	*p;
	char				**texts, *prev = NULL;
	size_t				  k;

	texts = xcalloc(x->nshown, sizeof *texts);
	for (k = 0; k < x->nshown; k++)
		xasprintf(&texts[k], "%d", x->c->points[x->shown[k]].value);
	chart_under(x, texts);
	for (k = 0; k < x->nshown; k++) {
		free(texts[k]);
		p = &x->c->points[x->shown[k]];
		texts[k] = chart_date(p->t, x->longdate ? "%d/%m/%y" : "%d/%m");
	}
	chart_under(x, texts);
	if (!x->longdate) {
		for (k = 0; k < x->nshown; k++) {
			free(texts[k]);
			texts[k] = chart_date(x->c->points[x->shown[k]].t,
			    "%Y");
			if (prev != NULL && strcmp(prev, texts[k]) == 0) {
				free(texts[k]);
				texts[k] = NULL;
			} else
				prev = texts[k];
		}
		chart_under(x, texts);
	}
	for (k = 0; k < x->nshown; k++)
		free(texts[k]);
	free(texts);
}

/*
 * chart_legend_meaning returns what a triangle means on this chart, from
 * the first shown point drawn with it: 1 worse, -1 better, 0 unused.
 */
static int
chart_legend_meaning(const struct chart_ctx *x, enum chart_glyph g)
{
	size_t	k;

	for (k = 0; k < x->nshown; k++)
		if (chart_marker(x->c, x->shown[k]) == g)
			return x->c->points[x->shown[k]].change > 0 ? 1 : -1;
	return 0;
}

/*
 * chart_legend adds the legend: the baseline and each triangle that is
 * drawn, as many items a line as fit.
 */
static void
chart_legend(struct chart_ctx *x)
{
	static const enum chart_glyph	 tri[2] = { CG_UP, CG_DOWN };
	struct chart_buf		 b, item;
	const char			*what[3];
	enum chart_glyph		 glyph[3];
	size_t				 n = 0, i;
	int				 m, used = 0, w;

	if (x->shown[0] == 0) {
		glyph[n] = CG_BASE;
		what[n++] = _("baseline");
	}
	for (i = 0; i < 2; i++) {
		if ((m = chart_legend_meaning(x, tri[i])) == 0)
			continue;
		glyph[n] = tri[i];
		what[n++] = m > 0 ? _("reliable change (worse)") :
		    _("reliable change (better)");
	}
	memset(&b, 0, sizeof b);
	for (i = 0; i < n; i++) {
		memset(&item, 0, sizeof item);
		chart_buf_cp(&item, x->g[glyph[i]]);
		chart_buf_str(&item, " ");
		chart_buf_str(&item, what[i]);
		w = chart_columns(item.s, x->utf8);
		if (used > 0 && used + 2 + w > x->width) {
			chart_emit(&x->out, &b);
			used = 0;
		}
		if (used > 0) {
			chart_buf_str(&b, "  ");
			used += 2;
		}
		used += chart_fit(&b, item.s, x->width - used, x->utf8);
		free(item.s);
	}
	if (used > 0)
		chart_emit(&x->out, &b);
}

/*
 * chart_render draws chart c in lines of at most width columns, with
 * UTF-8 glyphs or, when utf8 is false, printable ASCII only.  The lines
 * have no newline; *nlines gets their count (at least 1); free them with
 * chart_free.
 */
char **
chart_render(const struct chart *c, int width, bool utf8, size_t *nlines)
{
	struct chart_ctx	 x;
	char			**lines;

	if (width < CHART_MIN_WIDTH)
		return chart_one_line(NULL, _("Too narrow for a chart."),
		    width, utf8, nlines);
	if (c->npoints == 0)
		return chart_one_line(c->title, _("No scores yet."), width,
		    utf8, nlines);

	memset(&x, 0, sizeof x);
	x.c = c;
	x.utf8 = utf8;
	x.g = utf8 ? chart_utf8 : chart_ascii;
	x.width = width;
	x.lo = c->min;
	x.hi = c->max > c->min ? c->max : c->min;
	chart_segments(&x);
	chart_rows(&x);
	if (!chart_layout(&x)) {
		lines = chart_one_line(NULL, _("Too narrow for a chart."),
		    width, utf8, nlines);
		goto out;
	}
	chart_plot(&x);
	chart_title(&x);
	chart_plot_lines(&x);
	chart_axis(&x);
	chart_x_labels(&x);
	chart_legend(&x);
	lines = x.out.v;
	*nlines = x.out.n;
out:
	free(x.grid);
	free(x.shown);
	free(x.seg);
	return lines;
}

/* chart_free frees the n lines chart_render returned. */
void
chart_free(char **lines, size_t n)
{
	size_t	i;

	if (lines == NULL)
		return;
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
