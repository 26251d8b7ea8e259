/*
 * outcome_dashboard.c: the outcomes the service reports (privacy spec,
 * "Outcomes the service reports"), for a researcher (one study, or every
 * consenting participant) or the clinical lead (the whole service).
 *
 * bbs/outcome.c computes the figures and suppresses small cells; this
 * screen lays them out as text in a pager: a section per outcome, each
 * share as "k of n, p% (95% CI lo-hi%)" with a bar and the interval's
 * whisker under it, the means and medians as figures, and a short
 * footer of definitions.  What a share looks like at 80 columns:
 *
 *	  Reliable improvement, intention to treat: 18 of 30, 60% (95% CI ...
 *	    │██████████████████████████████                    │ 60%
 *	                          ├────────●──────┤
 *
 * The bar is the share, to half a column with block characters ("█",
 * and "▌" for the half);
 * the whisker spans the 95% interval with the share marked.  'a'
 * switches to plain ASCII ("[####    ]", "|---*---|") for terminals that
 * cannot draw the blocks.  A suppressed share says "fewer than 5" and
 * has no bar, so its size cannot be read from the drawing either.
 * (bbs/chart.c draws a score's course over time, a different picture;
 * the glyphs here are from the same WGL4 set every terminal font draws,
 * which has no finer blocks, and the ASCII switch works as in
 * ui/progress.c.)
 *
 * The report holds counts only: no pseudonym, post or message ever
 * reaches this screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui.h"

#define DASH_INDENT	4	/* columns before a bar */
#define DASH_BAR_MAX	50	/* columns of a bar at most */
#define DASH_BAR_MIN	10	/* fewer: no bars, figures only */
#define DASH_PCT_COLS	5	/* " 100%" after a bar */
#define DASH_CELL_COLS	14	/* a cell of the alerts' table */

static bool	outcome_dashboard_ascii;	/* the last choice */

/* outcome_dashboard_pct rounds a fraction (0..1) to a whole percent. */
static int
outcome_dashboard_pct(double x)
{
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 100;
	return (int)(x * 100 + 0.5);
}

/*
 * outcome_dashboard_hidden tells whether a share must not be shown:
 * marked suppressed by the report, or small enough that it should have
 * been (the screen does not rely on the report alone).
 */
static bool
outcome_dashboard_hidden(const struct outcome_share *s)
{
	return s->suppressed || s->n < OUTCOME_MIN_CELL ||
	    (s->k > 0 && s->k < OUTCOME_MIN_CELL) || s->k > s->n;
}

/*
 * outcome_dashboard_share writes a share for a reader: "18 of 30, 60%
 * (95% CI 42–75%)"; "fewer than 5 of 30" when the patients counted are
 * too few to show, "fewer than 5" when the whole group is.
 */
void
outcome_dashboard_share(const struct outcome_share *s, bool utf8, char *buf,
    size_t len)
{
	char	pct[16], ci[32];

	if (s->n < OUTCOME_MIN_CELL) {
		snprintf(buf, len, "%s", _("fewer than 5"));
		return;
	}
	if (outcome_dashboard_hidden(s)) {
		snprintf(buf, len, _("fewer than 5 of %d"), s->n);
		return;
	}
	snprintf(pct, sizeof pct, "%d%%", outcome_dashboard_pct((double)s->k /
	    s->n));
	snprintf(ci, sizeof ci, "%d%s%d%%", outcome_dashboard_pct(s->lo),
	    utf8 ? "–" : "-", outcome_dashboard_pct(s->hi));
	snprintf(buf, len, _("%d of %d, %s (95%% CI %s)"), s->k, s->n, pct,
	    ci);
}

/*
 * outcome_dashboard_mean writes a mean or a median of the given kind:
 * "+12.4 points (SD 14.2, n = 24)", "2.1 (SD 1.3, n = 36)", "5.2 h (n =
 * 40)"; "fewer than 5" when suppressed.
 */
void
outcome_dashboard_mean(const struct outcome_mean *m, enum outcome_figure kind,
    char *buf, size_t len)
{
	if (m->suppressed || m->n < OUTCOME_MIN_CELL) {
		snprintf(buf, len, "%s", _("fewer than 5"));
		return;
	}
	switch (kind) {
	case OUTCOME_FIG_CHANGE:
		snprintf(buf, len, _("%+.1f points (SD %.1f, n = %d)"),
		    m->value, m->sd, m->n);
		break;
	case OUTCOME_FIG_HOURS:
		snprintf(buf, len, _("%.1f h (n = %d)"), m->value, m->n);
		break;
	default:
		snprintf(buf, len, _("%.1f (SD %.1f, n = %d)"), m->value,
		    m->sd, m->n);
		break;
	}
}

/*
 * outcome_dashboard_cells returns the columns of a bar for a text width,
 * or 0 when there is no room for one.
 */
static int
outcome_dashboard_cells(int width)
{
	int	cells;

	cells = width - DASH_INDENT - 2 - DASH_PCT_COLS;
	if (cells > DASH_BAR_MAX)
		cells = DASH_BAR_MAX;
	return cells < DASH_BAR_MIN ? 0 : cells;
}

/* outcome_dashboard_cell returns the bar column a fraction falls in. */
static int
outcome_dashboard_cell(double x, int cells)
{
	int	c;

	if (x <= 0)
		return 0;
	c = (int)(x * cells);
	return c >= cells ? cells - 1 : c;
}

/* outcome_dashboard_trim drops the trailing spaces of s. */
static void
outcome_dashboard_trim(char *s)
{
	size_t	len = strlen(s);

	while (len > 0 && s[len - 1] == ' ')
		s[--len] = '\0';
}

/* outcome_dashboard_fill appends the bar of p (0..1) in cells columns. */
static void
outcome_dashboard_fill(char **bar, double p, int cells, bool utf8)
{
	char	*t;
	int	 halves, i, used;

	if (utf8) {
		halves = (int)(p * cells * 2 + 0.5);
		for (i = 0; i < halves / 2; i++) {
			xasprintf(&t, "%s█", *bar);
			free(*bar);
			*bar = t;
		}
		used = halves / 2;
		if (halves % 2 != 0) {
			xasprintf(&t, "%s▌", *bar);
			free(*bar);
			*bar = t;
			used++;
		}
	} else {
		used = (int)(p * cells + 0.5);
		for (i = 0; i < used; i++) {
			xasprintf(&t, "%s#", *bar);
			free(*bar);
			*bar = t;
		}
	}
	xasprintf(&t, "%s%*s", *bar, cells - used, "");
	free(*bar);
	*bar = t;
}

/*
 * outcome_dashboard_whisker returns the interval's line: lo to hi drawn
 * "├──●──┤" (ASCII "|--*--|") in the bar's columns, the share marked.
 */
static char *
outcome_dashboard_whisker(double p, double lo, double hi, int cells,
    bool utf8)
{
	char		*w, *t;
	const char	*g;
	int		 clo, chi, cp, i;

	clo = outcome_dashboard_cell(lo, cells);
	chi = outcome_dashboard_cell(hi, cells);
	cp = outcome_dashboard_cell(p, cells);
	xasprintf(&w, "%*s", DASH_INDENT + 1, "");
	for (i = 0; i <= chi; i++) {
		if (i == cp)
			g = utf8 ? "●" : "*";
		else if (i < clo)
			g = " ";
		else if (i == clo)
			g = utf8 ? "├" : "|";
		else if (i == chi)
			g = utf8 ? "┤" : "|";
		else
			g = utf8 ? "─" : "-";
		xasprintf(&t, "%s%s", w, g);
		free(w);
		w = t;
	}
	return w;
}

/*
 * outcome_dashboard_bar draws share s for a text of width columns: *bar
 * is the share between two end marks with its percentage after them,
 * *whisker the 95% interval under it with the share marked; both are
 * allocated.  It returns false and draws nothing for a share that is
 * not shown (too few patients) or when the width leaves no room.
 */
bool
outcome_dashboard_bar(const struct outcome_share *s, int width, bool utf8,
    char **bar, char **whisker)
{
	char	*t;
	double	 p, lo, hi;
	int	 cells;

	*bar = *whisker = NULL;
	if (outcome_dashboard_hidden(s) ||
	    (cells = outcome_dashboard_cells(width)) == 0)
		return false;
	p = (double)s->k / s->n;
	lo = s->lo < 0 ? 0 : s->lo;
	hi = s->hi > 1 ? 1 : s->hi;
	if (lo > p)
		lo = p;
	if (hi < p)
		hi = p;
	xasprintf(bar, "%*s%s", DASH_INDENT, "", utf8 ? "│" : "[");
	outcome_dashboard_fill(bar, p, cells, utf8);
	xasprintf(&t, "%s%s %d%%", *bar, utf8 ? "│" : "]",
	    outcome_dashboard_pct(p));
	free(*bar);
	*bar = t;
	*whisker = outcome_dashboard_whisker(p, lo, hi, cells, utf8);
	outcome_dashboard_trim(*whisker);
	return true;
}

/* outcome_dashboard_heading appends a section's heading, underlined. */
static void
outcome_dashboard_heading(char **text, const char *title, bool utf8)
{
	char	*line, *t;
	int	 i, n;

	line = xstrdup("");
	n = ui_text_width(title);
	for (i = 0; i < n; i++) {
		xasprintf(&t, "%s%s", line, utf8 ? "─" : "-");
		free(line);
		line = t;
	}
	ui_appendf(text, "%s", "");
	ui_appendf(text, "%s", title);
	ui_appendf(text, "%s", line);
	free(line);
}

/*
 * outcome_dashboard_add_share appends a share: its label and figures on
 * one line (two when they do not fit), then its bar and whisker.
 */
static void
outcome_dashboard_add_share(char **text, const char *label,
    const struct outcome_share *s, int width, bool utf8)
{
	char	 fig[128], *bar, *whisker;

	outcome_dashboard_share(s, utf8, fig, sizeof fig);
	if (2 + ui_text_width(label) + 2 + ui_text_width(fig) <= width)
		ui_appendf(text, "  %s: %s", label, fig);
	else {
		ui_appendf(text, "  %s:", label);
		ui_appendf(text, "%*s%s", DASH_INDENT, "", fig);
	}
	if (outcome_dashboard_bar(s, width, utf8, &bar, &whisker)) {
		ui_appendf(text, "%s", bar);
		ui_appendf(text, "%s", whisker);
	}
	free(bar);
	free(whisker);
}

/* outcome_dashboard_add_mean appends a mean or median and its label. */
static void
outcome_dashboard_add_mean(char **text, const char *label,
    const struct outcome_mean *m, enum outcome_figure kind, int width)
{
	char	fig[128];

	outcome_dashboard_mean(m, kind, fig, sizeof fig);
	if (2 + ui_text_width(label) + 2 + ui_text_width(fig) <= width)
		ui_appendf(text, "  %s: %s", label, fig);
	else {
		ui_appendf(text, "  %s:", label);
		ui_appendf(text, "%*s%s", DASH_INDENT, "", fig);
	}
}

/*
 * outcome_dashboard_count writes a count of patients, "fewer than 5"
 * between 1 and 4.
 */
static void
outcome_dashboard_count(int n, char *buf, size_t len)
{
	if (n > 0 && n < OUTCOME_MIN_CELL)
		snprintf(buf, len, "%s", _("fewer than 5"));
	else
		snprintf(buf, len, "%d", n);
}

/* outcome_dashboard_measures writes the primary measures' names. */
static void
outcome_dashboard_measures(const struct outcome_report *r, char *buf,
    size_t len)
{
	const struct instrument	*in;
	size_t			 i, used = 0;
	int			 w;

	buf[0] = '\0';
	for (i = 0; i < r->nmeasures && i < OUTCOME_MEASURES_MAX; i++) {
		in = instrument_find(r->measures[i]);
		w = snprintf(buf + used, len - used, "%s%s", i > 0 ? ", " : "",
		    in != NULL ? in->name : r->measures[i]);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
}

/* outcome_dashboard_distress appends "Reduced distress". */
static void
outcome_dashboard_distress(char **text, const struct outcome_report *r,
    int width, bool utf8)
{
	char	eligible[32], completers[32], measures[128];

	outcome_dashboard_measures(r, measures, sizeof measures);
	outcome_dashboard_heading(text, _("Reduced distress"), utf8);
	ui_appendf(text, _("  Primary measures: %s"), measures);
	outcome_dashboard_count(r->eligible, eligible, sizeof eligible);
	outcome_dashboard_count(r->completers, completers, sizeof completers);
	ui_appendf(text, _("  Started a programme above caseness: %s"),
	    eligible);
	ui_appendf(text, _("  With an end-of-treatment score (completers): "
	    "%s"), completers);
	outcome_dashboard_add_share(text, _("Reliable improvement, "
	    "intention to treat"), &r->improved_itt, width, utf8);
	outcome_dashboard_add_share(text, _("Reliable improvement, "
	    "completers"), &r->improved_completers, width, utf8);
	outcome_dashboard_add_share(text, _("Reliably deteriorated"),
	    &r->deteriorated, width, utf8);
	outcome_dashboard_add_share(text, _("Recovered"), &r->recovered,
	    width, utf8);
}

/* outcome_dashboard_quality appends "Quality of life". */
static void
outcome_dashboard_quality(char **text, const struct outcome_report *r,
    int width, bool utf8)
{
	outcome_dashboard_heading(text, _("Quality of life (WHO-5)"), utf8);
	outcome_dashboard_add_mean(text, _("Mean change, start to end"),
	    &r->who5_change, OUTCOME_FIG_CHANGE, width);
	outcome_dashboard_add_share(text, _("Improved by 10 points or more"),
	    &r->who5_improved10, width, utf8);
}

/* outcome_dashboard_adherence appends "Adherence". */
static void
outcome_dashboard_adherence(char **text, const struct outcome_report *r,
    int width, bool utf8)
{
	outcome_dashboard_heading(text, _("Adherence"), utf8);
	outcome_dashboard_add_share(text, _("Modules completed, of assigned"),
	    &r->modules_completed, width, utf8);
	outcome_dashboard_add_share(text, _("Scheduled questionnaires "
	    "completed in their window"), &r->forms_in_window, width, utf8);
}

/* outcome_dashboard_engagement appends "Engagement". */
static void
outcome_dashboard_engagement(char **text, const struct outcome_report *r,
    int width, bool utf8)
{
	outcome_dashboard_heading(text, _("Engagement (per patient)"), utf8);
	outcome_dashboard_add_mean(text, _("Active days a week"),
	    &r->active_days_week, OUTCOME_FIG_MEAN, width);
	outcome_dashboard_add_mean(text, _("Posts"), &r->posts,
	    OUTCOME_FIG_MEAN, width);
	outcome_dashboard_add_mean(text, _("Messages to professionals"),
	    &r->messages_to_staff, OUTCOME_FIG_MEAN, width);
	outcome_dashboard_add_share(text, _("Mirror experiences completed, "
	    "of requested"), &r->mirror_completed, width, utf8);
}

/* outcome_dashboard_cell_text writes one cell of the alerts' table. */
static void
outcome_dashboard_cell_text(const struct outcome_mean *m, bool utf8,
    char *buf, size_t len)
{
	if (m->suppressed || m->n < OUTCOME_MIN_CELL)
		snprintf(buf, len, "%s", utf8 ? "—" : "--");
	else
		snprintf(buf, len, _("%.1f h"), m->value);
}

/*
 * outcome_dashboard_service appends "Service quality": medians, and the
 * alerts' as a table by priority.
 */
static void
outcome_dashboard_service(char **text, const struct outcome_report *r,
    int width, bool utf8)
{
	static const char	*prio[OUTCOME_PRIORITIES] = {
		N_("urgent"), N_("high"), N_("routine")
	};
	static const int	 widths[] = { 16, DASH_CELL_COLS, 0 };
	const char		*cells[3];
	char			 row[256], ack[32], cl[32];
	size_t			 i;

	outcome_dashboard_heading(text, _("Service quality (medians)"), utf8);
	outcome_dashboard_add_mean(text, _("Time to a professional's first "
	    "answer"), &r->first_reply_hours, OUTCOME_FIG_HOURS, width);
	outcome_dashboard_add_mean(text, _("Moderation, time to action"),
	    &r->moderation_hours, OUTCOME_FIG_HOURS, width);
	ui_appendf(text, "  %s", _("Risk alerts, by priority:"));
	cells[0] = "";
	cells[1] = _("acknowledged");
	cells[2] = _("closed");
	ui_columns(row, sizeof row, widths, cells, 3);
	ui_appendf(text, "    %s", row);
	for (i = 0; i < OUTCOME_PRIORITIES; i++) {
		outcome_dashboard_cell_text(&r->alert_ack_hours[i], utf8, ack,
		    sizeof ack);
		outcome_dashboard_cell_text(&r->alert_close_hours[i], utf8, cl,
		    sizeof cl);
		cells[0] = _(prio[i]);
		cells[1] = ack;
		cells[2] = cl;
		ui_columns(row, sizeof row, widths, cells, 3);
		ui_appendf(text, "    %s", row);
	}
	ui_appendf(text, _("    %s: fewer than 5 alerts"), utf8 ? "—" : "--");
}

/* outcome_dashboard_footer appends the definitions. */
static void
outcome_dashboard_footer(char **text, bool utf8)
{
	outcome_dashboard_heading(text, _("Definitions"), utf8);
	ui_appendf(text, "%s", _("Eligible: started a treatment programme "
	    "with a baseline score in the clinical range (caseness) on a "
	    "primary measure."));
	ui_appendf(text, "%s", _("Reliable improvement: a primary measure "
	    "fell by its reliable-change threshold or more, and none rose "
	    "by it. Reliably deteriorated: one rose by it. Recovered: a case "
	    "at baseline, below caseness on every measure at the end."));
	ui_appendf(text, "%s", _("Intention to treat counts a missing end "
	    "score as not improved; completers are those with an end "
	    "score."));
	ui_appendf(text, _("Bars show the share; the whisker %s its 95%% "
	    "confidence interval (Wilson)."), utf8 ? "├─●─┤" : "|-*-|");
	ui_appendf(text, "%s", _("Figures about fewer than 5 patients are "
	    "not shown."));
}

/*
 * outcome_dashboard_text lays out report r for a text of width columns
 * under the line scope (what the figures are about); the caller frees
 * it.
 */
char *
outcome_dashboard_text(const struct outcome_report *r, const char *scope,
    int width, bool utf8)
{
	char	*text, patients[32];

	text = xstrdup("");
	ui_appendf(&text, "%s", scope);
	outcome_dashboard_count(r->patients, patients, sizeof patients);
	ui_appendf(&text, _("Patients in scope: %s"), patients);
	outcome_dashboard_distress(&text, r, width, utf8);
	outcome_dashboard_quality(&text, r, width, utf8);
	outcome_dashboard_adherence(&text, r, width, utf8);
	outcome_dashboard_engagement(&text, r, width, utf8);
	outcome_dashboard_service(&text, r, width, utf8);
	outcome_dashboard_footer(&text, utf8);
	return text;
}

/* outcome_dashboard_scope writes what the figures are about. */
static char *
outcome_dashboard_scope(enum outcome_scope scope, const char *id)
{
	struct study	*s = NULL;
	char		*line = NULL, when[32];

	ui_format_local(time(NULL), when, sizeof when);
	switch (scope) {
	case OUTCOME_STUDY:
		if (study_get(ui->db, id, &s) == ST_OK)
			xasprintf(&line, _("Study: %s (%s), consenting "
			    "participants. Computed %s."), s->title, s->id,
			    when);
		else
			xasprintf(&line, _("Study: %s, consenting "
			    "participants. Computed %s."), id, when);
		study_free(s);
		break;
	case OUTCOME_RESEARCH:
		xasprintf(&line, _("All participants consenting to a study. "
		    "Computed %s."), when);
		break;
	default:
		xasprintf(&line, _("Every patient of the service. Computed "
		    "%s."), when);
		break;
	}
	return line;
}

/*
 * outcome_dashboard_run computes the outcomes of scope (study: the
 * study's id for OUTCOME_STUDY) and shows them; r computes them again,
 * a switches between block characters and ASCII.  The domain checks who
 * may see which scope.  It returns 0, or -1 when the session is ending.
 */
int
outcome_dashboard_run(enum outcome_scope scope, const char *study)
{
	struct outcome_report	 r;
	char			*text, *line = NULL;
	const char		*title;
	wint_t			 key = 'r';
	int			 st, rc = PAGER_KEY, width;

	title = scope == OUTCOME_SERVICE ? _("Service outcomes") :
	    _("Outcome dashboard");
	while (rc == PAGER_KEY) {
		if (key == 'a')
			outcome_dashboard_ascii = !outcome_dashboard_ascii;
		else {
			memset(&r, 0, sizeof r);
			if ((st = outcome_compute(ui->db, ui->conf, &ui->actor,
			    scope, study, &r)) != ST_OK) {
				free(line);
				return ui_notice_status(st, NULL) == -1 ?
				    -1 : 0;
			}
			free(line);
			line = outcome_dashboard_scope(scope, study);
		}
		width = COLS - 4 > 20 ? COLS - 4 : 20;
		text = outcome_dashboard_text(&r, line, width,
		    !outcome_dashboard_ascii);
		/* The status line keeps the keys that come first. */
		rc = pager_run_keys(title, text, outcome_dashboard_ascii ?
		    _("r refresh · a block characters · ↑↓ scroll · Esc back") :
		    _("r refresh · a plain ASCII · ↑↓ scroll · Esc back"), "ra",
		    &key);
		free(text);
	}
	free(line);
	return rc == -1 ? -1 : 0;
}
