/*
 * care_team.c: a patient's care team, for administrators and
 * professionals: every professional listed, those caring for her marked;
 * Enter adds or removes one.  bbs/care.c checks who may and audits each
 * change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct care_team_view {
	struct list_screen	 ls;		/* first: callbacks get it */
	int64_t			 patient;
	struct care_choice	*list;
	size_t			 n;
	char			 title[128];
};

/* care_team_row formats one professional, marked when in the team. */
static void
care_team_row(void *arg, size_t i, char *buf, size_t len)
{
	struct care_team_view	*v = arg;

	snprintf(buf, len, "[%s] %s", v->list[i].in_team ? "x" : " ",
	    v->list[i].pseudonym);
}

/* care_team_load reads the professionals and the team. */
static int
care_team_load(struct list_screen *ls)
{
	struct care_team_view	*v = (struct care_team_view *)ls;
	int			 st;

	st = care_team_choices(ui->db, &ui->actor, v->patient, &v->list,
	    &v->n);
	ls->list.n = v->n;
	return st;
}

/* care_team_unload frees the list. */
static void
care_team_unload(struct list_screen *ls)
{
	struct care_team_view	*v = (struct care_team_view *)ls;

	care_choices_free(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/* care_team_act adds the selected professional, or takes her out. */
static int
care_team_act(struct list_screen *ls, size_t i, wint_t key, bool select)
{
	struct care_team_view	*v = (struct care_team_view *)ls;
	int			 st;

	if ((!select && key != ' ') || i >= v->n)
		return 0;
	st = care_assign(ui->db, &ui->actor, v->patient, v->list[i].id,
	    !v->list[i].in_team);
	return st == ST_OK ? 0 : ui_notice_status(st, NULL);
}

/*
 * care_team_run shows the care team of patient (named who); -1 when the
 * session is ending.
 */
int
care_team_run(int64_t patient, const char *who)
{
	struct care_team_view	v;

	memset(&v, 0, sizeof v);
	v.patient = patient;
	snprintf(v.title, sizeof v.title, _("Care team: %s"), who);
	v.ls.list.title = v.title;
	v.ls.list.help = _("Enter: add or remove · Esc back");
	v.ls.list.row = care_team_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("There are no professionals yet.");
	v.ls.load = care_team_load;
	v.ls.unload = care_team_unload;
	v.ls.act = care_team_act;
	return list_screen_run(&v.ls);
}
