/*
 * mod_report.c: the monthly moderation report the safety spec asks for:
 * for each of the last twelve months, what moderators did (hides by
 * reason), the reports members made (by reason), and the median time a
 * waiting post took to be decided.  Moderators and professionals only;
 * bbs/moderation.c refuses anyone else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui.h"

#define MOD_REPORT_MONTHS	12

struct mod_report_view {
	struct list_screen	 ls;		/* first: callbacks get it */
	struct mod_month	 months[MOD_REPORT_MONTHS];
	int			 year[MOD_REPORT_MONTHS];
	int			 month[MOD_REPORT_MONTHS];
	char			 header[256];
};

static const int mod_report_widths[] = { 9, 10, 8, 9, 0 };

/* mod_report_wait formats a month's median wait, or "-" without one. */
static void
mod_report_wait(const struct mod_month *m, char *buf, size_t len)
{
	if (m->median_wait < 0)
		snprintf(buf, len, "-");
	else
		ui_format_duration(m->median_wait, buf, len);
}

/* mod_report_row formats one month for the list. */
static void
mod_report_row(void *arg, size_t i, char *buf, size_t len)
{
	struct mod_report_view	*v = arg;
	const struct mod_month	*m = &v->months[i];
	char			 when[16], approved[16], hidden[16];
	char			 reports[16], wait[32];
	const char		*cells[5];
	int64_t			 nrep = 0;
	int			 r;

	for (r = 0; r < REPORT_COUNT; r++)
		nrep += m->reports[r];
	snprintf(when, sizeof when, "%04d-%02d", v->year[i], v->month[i]);
	snprintf(approved, sizeof approved, "%lld",
	    (long long)m->actions[MODACT_APPROVE]);
	snprintf(hidden, sizeof hidden, "%lld",
	    (long long)m->actions[MODACT_HIDE]);
	snprintf(reports, sizeof reports, "%lld", (long long)nrep);
	mod_report_wait(m, wait, sizeof wait);
	cells[0] = when;
	cells[1] = approved;
	cells[2] = hidden;
	cells[3] = reports;
	cells[4] = wait;
	ui_columns(buf, len, mod_report_widths, cells, 5);
}

/* mod_report_cat appends text to *s. */
static void
mod_report_cat(char **s, const char *text)
{
	char	*t = NULL;

	xasprintf(&t, "%s%s", *s, text);
	free(*s);
	*s = t;
}

/*
 * mod_report_section appends a heading and "label  count" for each count
 * that is not 0, or "none".
 */
static void
mod_report_section(char **s, const char *heading, const char *(*label)(int),
    const int64_t *counts, int n)
{
	char	*line = NULL;
	int	 k, pad, shown = 0;

	mod_report_cat(s, heading);
	mod_report_cat(s, "\n");
	for (k = 0; k < n; k++) {
		if (counts[k] == 0)
			continue;
		/* Pad by display columns: labels hold accented letters. */
		pad = 44 - ui_text_width(_(label(k)));
		xasprintf(&line, "  %s%*s %lld\n", _(label(k)),
		    pad > 0 ? pad : 0, "", (long long)counts[k]);
		mod_report_cat(s, line);
		free(line);
		shown++;
	}
	if (shown == 0) {
		xasprintf(&line, "  %s\n", _("none"));
		mod_report_cat(s, line);
		free(line);
	}
	mod_report_cat(s, "\n");
}

/* mod_report_text writes out one month's report. */
static char *
mod_report_text(const struct mod_report_view *v, size_t i)
{
	const struct mod_month	*m = &v->months[i];
	char			*s = NULL, *t = NULL, wait[32];

	xasprintf(&s, _("Moderation report for %04d-%02d (UTC)"), v->year[i],
	    v->month[i]);
	mod_report_cat(&s, "\n\n");
	mod_report_section(&s, _("What moderators did:"), mod_action_label,
	    m->actions, MODACT_COUNT);
	mod_report_section(&s, _("Posts hidden, by reason:"),
	    hide_reason_label, m->hidden, HIDE_COUNT);
	mod_report_section(&s, _("Reports from members, by reason:"),
	    report_reason_label, m->reports, REPORT_COUNT);
	mod_report_wait(m, wait, sizeof wait);
	xasprintf(&t, _("%sPosts decided after waiting in the queue: %lld\n"
	    "Median time from the queue to a decision: %s\n"
	    "Waiting in the queue now: %lld\n"), s, (long long)m->decided,
	    wait, (long long)m->waiting);
	free(s);
	return t;
}

/* mod_report_load reads the last twelve months, this one first. */
static int
mod_report_load(struct list_screen *ls)
{
	struct mod_report_view	*v = (struct mod_report_view *)ls;
	time_t			 now = time(NULL);
	struct tm		 tm;
	int			 i, y, mo, st;

	gmtime_r(&now, &tm);
	y = tm.tm_year + 1900;
	mo = tm.tm_mon + 1;
	for (i = 0; i < MOD_REPORT_MONTHS; i++) {
		v->year[i] = y;
		v->month[i] = mo;
		if ((st = mod_month(ui->db, &ui->actor, y, mo, &v->months[i])) !=
		    ST_OK)
			return st;
		if (--mo == 0) {
			mo = 12;
			y--;
		}
	}
	ls->list.n = MOD_REPORT_MONTHS;
	return ST_OK;
}

/* mod_report_unload: the months live in the view; nothing to free. */
static void
mod_report_unload(struct list_screen *ls)
{
	ls->list.n = 0;
}

/* mod_report_act: Enter shows the month's full report. */
static int
mod_report_act(struct list_screen *ls, size_t sel, wint_t key, bool select)
{
	struct mod_report_view	*v = (struct mod_report_view *)ls;
	char			*text;
	int			 rc;

	(void)key;
	if (!select || sel >= MOD_REPORT_MONTHS)
		return 0;
	text = mod_report_text(v, sel);
	rc = pager_run(_("Moderation report"), text, NULL);
	free(text);
	return rc == -1 ? -1 : 0;
}

/* mod_report_run lists the last twelve months of moderation. */
int
mod_report_run(void)
{
	struct mod_report_view	*v;
	const char		*heads[5];
	int			 rc;

	v = xcalloc(1, sizeof *v);
	heads[0] = _("Month");
	heads[1] = _("Approved");
	heads[2] = _("Hidden");
	heads[3] = _("Reports");
	heads[4] = _("Median wait");
	ui_columns(v->header, sizeof v->header, mod_report_widths, heads, 5);
	v->ls.list.title = _("Moderation report");
	v->ls.list.header = v->header;
	v->ls.list.help = _("Enter details");
	v->ls.list.row = mod_report_row;
	v->ls.list.arg = v;
	v->ls.load = mod_report_load;
	v->ls.unload = mod_report_unload;
	v->ls.act = mod_report_act;
	rc = list_screen_run(&v->ls);
	free(v);
	return rc;
}
