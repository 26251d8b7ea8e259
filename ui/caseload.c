/*
 * caseload.c: "My patients", a professional's caseload, most in need
 * first (an open alert, then a score needing review, then missed forms)
 * with the reason, and the way to add a patient to her care.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct caseload_view {
	struct list_screen	 ls;		/* first: callbacks get it */
	struct caseload_entry	*list;
	size_t			 n;
};

static const int caseload_widths[] = { 20, 16, 0 };

/* caseload_row formats one patient: pseudonym, care level, reason. */
static void
caseload_row(void *arg, size_t i, char *buf, size_t len)
{
	struct caseload_view		*v = arg;
	const struct caseload_entry	*e = &v->list[i];
	const char			*cells[3];

	cells[0] = e->pseudonym;
	cells[1] = care_level_label(e->level);
	cells[2] = *e->reason != '\0' ? e->reason : _("nothing pending");
	ui_columns(buf, len, caseload_widths, cells, 3);
}

/* caseload_load reads the caseload, sorted by need. */
static int
caseload_load(struct list_screen *ls)
{
	struct caseload_view	*v = (struct caseload_view *)ls;
	int			 st;

	st = caseload_list(ui->db, ui->conf, &ui->actor, ui->me->language,
	    &v->list, &v->n);
	ls->list.n = v->n;
	return st;
}

/* caseload_unload frees the caseload. */
static void
caseload_unload(struct list_screen *ls)
{
	struct caseload_view	*v = (struct caseload_view *)ls;

	caseload_free(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/* caseload_add asks for a pseudonym and takes that patient into care. */
static int
caseload_add(void)
{
	struct account	*a = NULL;
	struct field	 f;
	char		 name[128];
	int		 rc, st;

	name[0] = '\0';
	f = (struct field){ _("Pseudonym"), name, sizeof name, 32, false };
	if ((rc = form_run(_("Add a patient to my care"), _("The patient's "
	    "pseudonym. The assignment is recorded in the audit log."), &f, 1,
	    NULL)) != 1)
		return rc;
	if ((st = accounts_find(ui->db, name, &a)) == ST_OK)
		st = care_assign(ui->db, &ui->actor, a->id, ui->actor.id, true);
	account_free(a);
	if (st == ST_EXISTS)
		return ui_notice(_("My patients"), _("That patient is already "
		    "in your care."));
	if (st == ST_INVALID || st == ST_NOTFOUND)
		return ui_notice(_("My patients"), _("There is no patient "
		    "with that pseudonym."));
	return st == ST_OK ? 0 : ui_notice_status(st, NULL);
}

/* caseload_act opens a patient's view, or adds one ('a'). */
static int
caseload_act(struct list_screen *ls, size_t i, wint_t key, bool select)
{
	struct caseload_view	*v = (struct caseload_view *)ls;

	if (!select)
		return key == 'a' ? caseload_add() : 0;
	if (i >= v->n)
		return 0;
	return patient_view_run(v->list[i].patient_id);
}

/* caseload_run shows the caseload; -1 when the session is ending. */
int
caseload_run(void)
{
	struct caseload_view	v;

	memset(&v, 0, sizeof v);
	v.ls.list.title = _("My patients");
	v.ls.list.help = _("Enter open · a add a patient · Esc back");
	v.ls.list.row = caseload_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("No patients in your care yet. Press a to add "
	    "one.");
	v.ls.load = caseload_load;
	v.ls.unload = caseload_unload;
	v.ls.act = caseload_act;
	return list_screen_run(&v.ls);
}
