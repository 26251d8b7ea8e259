/*
 * research.c: "Research", a researcher's studies.  The list shows each
 * registered study (id, title, protocol version, recruiting or closed,
 * how many participants consent to it) and, last, every consenting
 * participant together; a study opens on its outcome dashboard and the
 * list of its exports (when, by whom, how many participants, rows and
 * engagement events, and the directory written).
 *
 * Nothing here names a patient: the counts come from consent and export
 * records, and the dashboard from bbs/outcome.c's aggregates.  The
 * studies' list and counts hold nobody's data, so the role test below is
 * their only gate; the dashboard and the exports are checked again by
 * the domain.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

enum {
	RESEARCH_DASHBOARD,
	RESEARCH_EXPORTS,
};

struct research_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	struct study		**list;
	size_t			  n;
	int64_t			 *counts;	/* participants; -1 unknown */
	char			  header[256];
};

struct research_exports_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	const char		 *study;
	struct study_export_row	 *list;
	size_t			  n;
	char			  header[256];
};

static const int research_widths[] = { 14, 30, 8, 10, 0 };
static const int research_exports_widths[] = { 16, 12, 6, 6, 6, 0 };

/* research_may tells whether the user works with pseudonymised data. */
static bool
research_may(void)
{
	struct target	t = TARGET_NONE;

	t.research_consent = true;
	return role_may(&ui->actor, ACT_RESEARCH_EXPORT, &t);
}

/* research_status is "recruiting" or "closed". */
static const char *
research_status(const struct study *s)
{
	return s->recruiting ? _("recruiting") : _("closed");
}

/* research_count writes a count of participants, "-" when unknown. */
static void
research_count(int64_t n, char *buf, size_t len)
{
	if (n < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%" PRId64, n);
}

/*
 * research_row formats one study; the row after the studies is every
 * consenting participant.
 */
static void
research_row(void *arg, size_t i, char *buf, size_t len)
{
	struct research_view	*v = arg;
	const struct study	*s;
	const char		*cells[5];
	char			 count[32];

	if (i >= v->n) {
		cells[0] = _("(all)");
		cells[1] = _("All consenting participants");
		cells[2] = cells[3] = cells[4] = "";
		ui_columns(buf, len, research_widths, cells, 5);
		return;
	}
	s = v->list[i];
	research_count(v->counts[i], count, sizeof count);
	cells[0] = s->id;
	cells[1] = s->title;
	cells[2] = s->protocol;
	cells[3] = research_status(s);
	cells[4] = count;
	ui_columns(buf, len, research_widths, cells, 5);
}

/* research_participants counts the participants consenting to a study. */
static int64_t
research_participants(const char *study)
{
	int64_t	*ids = NULL;
	size_t	 n = 0;

	if (consent_research_ids(ui->db, study, &ids, &n) != ST_OK)
		return -1;
	free(ids);
	return (int64_t)n;
}

/* research_load reads the studies and their participants. */
static int
research_load(struct list_screen *ls)
{
	struct research_view	*v = (struct research_view *)ls;
	size_t			 i;
	int			 st;

	if ((st = study_list(ui->db, &v->list, &v->n)) != ST_OK)
		return st;
	v->counts = xcalloc(v->n > 0 ? v->n : 1, sizeof *v->counts);
	for (i = 0; i < v->n; i++)
		v->counts[i] = research_participants(v->list[i]->id);
	ls->list.n = v->n + 1;
	return ST_OK;
}

/* research_unload frees the studies. */
static void
research_unload(struct list_screen *ls)
{
	struct research_view	*v = (struct research_view *)ls;

	study_free_list(v->list, v->n);
	free(v->counts);
	v->list = NULL;
	v->counts = NULL;
	v->n = 0;
}

/* research_by names who ran an export: a staff member or the operator. */
static const char *
research_by(const struct study_export_row *e)
{
	return e->by != NULL ? e->by : _("operator");
}

/* research_exports_row formats one export. */
static void
research_exports_row(void *arg, size_t i, char *buf, size_t len)
{
	struct research_exports_view	*v = arg;
	const struct study_export_row	*e = &v->list[i];
	const char			*cells[6];
	char				 when[32], rec[24], rows[24], ev[24];

	ui_format_time(e->at, when, sizeof when);
	research_count(e->records, rec, sizeof rec);
	research_count(e->rows, rows, sizeof rows);
	research_count(e->events, ev, sizeof ev);
	cells[0] = when;
	cells[1] = research_by(e);
	cells[2] = rec;
	cells[3] = rows;
	cells[4] = ev;
	cells[5] = e->dir != NULL ? e->dir : "";
	ui_columns(buf, len, research_exports_widths, cells, 6);
}

/* research_exports_load reads the study's exports. */
static int
research_exports_load(struct list_screen *ls)
{
	struct research_exports_view	*v = (struct research_exports_view *)ls;
	int				 st;

	st = study_exports(ui->db, &ui->actor, v->study, &v->list, &v->n);
	ls->list.n = v->n;
	return st;
}

/* research_exports_unload frees the exports. */
static void
research_exports_unload(struct list_screen *ls)
{
	struct research_exports_view	*v = (struct research_exports_view *)ls;

	study_export_rows_free(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/* research_exports_act shows every field of an export (Enter). */
static int
research_exports_act(struct list_screen *ls, size_t i, wint_t key,
    bool select)
{
	struct research_exports_view	*v = (struct research_exports_view *)ls;
	const struct study_export_row	*e;
	char				 when[32], *text = NULL;
	int				 rc;

	(void)key;
	if (!select || i >= v->n)
		return 0;
	e = &v->list[i];
	ui_format_time(e->at, when, sizeof when);
	xasprintf(&text, _("Time (UTC): %s\nBy: %s\nParticipants: %" PRId64
	    "\nRows of the long file: %" PRId64 "\nEngagement events: %"
	    PRId64 "\nDirectory: %s"), when, research_by(e),
	    e->records, e->rows, e->events, e->dir != NULL ? e->dir : "-");
	rc = pager_run(_("Export"), text, NULL);
	free(text);
	return rc;
}

/* research_exports_run lists a study's exports, newest first. */
static int
research_exports_run(const struct study *s)
{
	struct research_exports_view	 v;
	const char			*heads[6];

	memset(&v, 0, sizeof v);
	v.study = s->id;
	heads[0] = _("When (UTC)");
	heads[1] = _("By");
	heads[2] = _("People");
	heads[3] = _("Rows");
	heads[4] = _("Events");
	heads[5] = _("Directory");
	ui_columns(v.header, sizeof v.header, research_exports_widths, heads,
	    6);
	v.ls.list.title = _("Exports");
	v.ls.list.header = v.header;
	v.ls.list.help = _("Enter details · Esc back");
	v.ls.list.row = research_exports_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("No exports of this study yet. The operator "
	    "writes one with bbsctl export --study.");
	v.ls.load = research_exports_load;
	v.ls.unload = research_exports_unload;
	v.ls.act = research_exports_act;
	return list_screen_run(&v.ls);
}

/* research_intro describes a study above its menu. */
static char *
research_intro(const struct study *s, int64_t participants)
{
	const struct instrument	*in;
	char			*text = NULL, *list = xstrdup(""), *t;
	char			 count[32];
	size_t			 i;

	for (i = 0; i < s->ninstruments; i++) {
		in = instrument_find(s->instruments[i]);
		xasprintf(&t, "%s%s%s", list, i > 0 ? ", " : "",
		    in != NULL ? in->name : s->instruments[i]);
		free(list);
		list = t;
	}
	research_count(participants, count, sizeof count);
	xasprintf(&text, _("Study %s, protocol %s, %s.\nQuestionnaires: %s.\n"
	    "Consenting participants: %s."), s->id, s->protocol,
	    research_status(s), *list != '\0' ? list : "-", count);
	free(list);
	return text;
}

/* research_study_run is one study's menu: dashboard and exports. */
static int
research_study_run(const struct study *s, int64_t participants)
{
	struct menu_item	 items[2];
	char			*intro;
	int			 choice, sel = 0, rc = 0;

	items[0] = (struct menu_item){ 'd', _("Outcome dashboard"),
	    RESEARCH_DASHBOARD };
	items[1] = (struct menu_item){ 'e', _("Exports"), RESEARCH_EXPORTS };
	intro = research_intro(s, participants);
	while (rc == 0) {
		choice = menu_run(s->title, intro, items, 2, &sel);
		if (choice == MENU_QUIT)
			rc = -1;
		else if (choice == MENU_BACK)
			break;
		else if (choice == RESEARCH_DASHBOARD)
			rc = outcome_dashboard_run(OUTCOME_STUDY, s->id);
		else if (choice == RESEARCH_EXPORTS)
			rc = research_exports_run(s);
	}
	free(intro);
	return rc;
}

/*
 * research_act opens a study, or the dashboard of every consenting
 * participant from the last row.
 */
static int
research_act(struct list_screen *ls, size_t i, wint_t key, bool select)
{
	struct research_view	*v = (struct research_view *)ls;

	(void)key;
	if (!select)
		return 0;
	if (i >= v->n)
		return outcome_dashboard_run(OUTCOME_RESEARCH, NULL);
	return research_study_run(v->list[i], v->counts[i]);
}

/* research_run shows the studies; -1 when the session is ending. */
int
research_run(void)
{
	struct research_view	 v;
	const char		*heads[5];

	if (!research_may())
		return ui_notice_status(ST_DENIED, NULL) == -1 ? -1 : 0;
	memset(&v, 0, sizeof v);
	heads[0] = _("Study");
	heads[1] = _("Title");
	heads[2] = _("Protocol");
	heads[3] = _("Status");
	heads[4] = _("People");
	ui_columns(v.header, sizeof v.header, research_widths, heads, 5);
	v.ls.list.title = _("Research");
	v.ls.list.header = v.header;
	v.ls.list.help = _("Enter open · Esc back");
	v.ls.list.row = research_row;
	v.ls.list.arg = &v;
	v.ls.load = research_load;
	v.ls.unload = research_unload;
	v.ls.act = research_act;
	return list_screen_run(&v.ls);
}
