/*
 * quest_list.c: "Questionnaires", the patient's forms to answer now (from
 * the schedule or sent by her team), the soonest closing first, and her
 * progress charts when the deployment shows patients their scores.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct quest_list_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	struct form		**forms;
	size_t			  n;
	bool			  progress;	/* a last row: My progress */
};

static const int quest_list_widths[] = { 44, 0 };

/* quest_list_name is the title of a form's questionnaire, in her language. */
static const char *
quest_list_name(const struct form *f)
{
	const struct instrument	*in;
	const char		*s;

	if ((in = instrument_find(f->instrument)) == NULL)
		return f->instrument;
	if ((s = instrument_text(in, ui->me->language, "title")) == NULL)
		return in->name;
	return s;
}

/*
 * quest_list_row formats one form: its title, until when, and whether
 * she started it or her team sent it.
 */
static void
quest_list_row(void *arg, size_t i, char *buf, size_t len)
{
	struct quest_list_view	*v = arg;
	const struct form	*f;
	const char		*cells[2], *note;
	char			 until[96], when[32];

	if (i == v->n) {
		snprintf(buf, len, "%s", _("» My progress"));
		return;
	}
	f = v->forms[i];
	ui_format_last_day(f->closes_at, when, sizeof when);
	note = f->state == FORM_PARTIAL ? _("started") : f->sent_by != 0 ?
	    _("from your team") : NULL;
	if (note != NULL)
		snprintf(until, sizeof until, _("until %s · %s"), when, note);
	else
		snprintf(until, sizeof until, _("until %s"), when);
	cells[0] = quest_list_name(f);
	cells[1] = until;
	ui_columns(buf, len, quest_list_widths, cells, 2);
}

/* quest_list_load reads the forms due now. */
static int
quest_list_load(struct list_screen *ls)
{
	struct quest_list_view	*v = (struct quest_list_view *)ls;
	int			 st;

	st = quest_due(ui->db, ui->conf, &ui->actor, &v->forms, &v->n);
	v->progress = ui->conf->patients_see_scores;
	ls->list.n = v->n + (v->progress ? 1 : 0);
	return st;
}

/* quest_list_unload frees the forms. */
static void
quest_list_unload(struct list_screen *ls)
{
	struct quest_list_view	*v = (struct quest_list_view *)ls;

	forms_free_list(v->forms, v->n);
	v->forms = NULL;
	v->n = 0;
}

/* quest_list_act opens a form to answer, or the progress charts. */
static int
quest_list_act(struct list_screen *ls, size_t i, wint_t key, bool select)
{
	struct quest_list_view	*v = (struct quest_list_view *)ls;

	(void)key;
	if (!select)
		return 0;
	if (i == v->n)
		return progress_run(ui->me->id, NULL);
	return quest_take_run(v->forms[i]->id);
}

/* quest_list_run shows the patient's questionnaires; -1 ends the session. */
int
quest_list_run(void)
{
	struct quest_list_view	v;

	memset(&v, 0, sizeof v);
	v.ls.list.title = _("Questionnaires");
	v.ls.list.help = _("Enter: answer · Esc back");
	v.ls.list.row = quest_list_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("Nothing to answer just now. Thank you!");
	v.ls.load = quest_list_load;
	v.ls.unload = quest_list_unload;
	v.ls.act = quest_list_act;
	return list_screen_run(&v.ls);
}
