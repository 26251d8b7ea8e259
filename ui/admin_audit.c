/*
 * admin_audit.c: the audit log for administrators, newest first,
 * optionally for one account.  Names in the log may be attacker-chosen
 * (failed logins), so rows go through the sanitiser like all user text.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define AUDIT_PAGE	500

struct admin_audit_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	struct audit_entry	**list;
	size_t			  n;
	int64_t			  account;	/* 0: everyone */
	char			  header[256];
};

static const int admin_audit_widths[] = { 16, 14, 18, 7, 12, 0 };

/* admin_audit_row formats one audit row for the list. */
static void
admin_audit_row(void *arg, size_t i, char *buf, size_t len)
{
	struct admin_audit_view	*v = arg;
	struct audit_entry	*e = v->list[i];
	char			 when[32];

	const char		*cells[6];

	ui_format_time(e->at, when, sizeof when);
	cells[0] = when;
	cells[1] = e->actor_name;
	cells[2] = e->action;
	cells[3] = e->allowed ? _("ok") : _("DENIED");
	cells[4] = e->patient;
	cells[5] = e->detail;
	ui_columns(buf, len, admin_audit_widths, cells, 6);
}

/* admin_audit_detail shows every field of one row. */
static int
admin_audit_detail(const struct audit_entry *e)
{
	char	when[32], *text = NULL;
	int	rc;

	ui_format_time(e->at, when, sizeof when);
	xasprintf(&text, _("Row: %" PRId64 "\nTime (UTC): %s\nActor: %s (%s)\n"
	    "Action: %s\nObject: %s %" PRId64 "\nPatient: %s\nDetail: %s\n"
	    "Result: %s\nSource: %s"), e->id, when, e->actor_name,
	    role_parse(e->actor_role) >= 0 ?
	    ui_role_label(role_parse(e->actor_role)) : e->actor_role,
	    e->action, e->object_type ? e->object_type : "-",
	    e->object_id, e->patient ? e->patient : "-",
	    e->detail ? e->detail : "-", e->allowed ? _("allowed") :
	    _("denied"), e->source);
	rc = pager_run(_("Audit entry"), text, NULL);
	free(text);
	return rc;
}

/* admin_audit_filter asks for a pseudonym to filter by; 0 clears the filter. */
static int
admin_audit_filter(int64_t *account)
{
	char		 name[64] = "";
	struct field	 f[] = {
		{ _("Pseudonym"), name, sizeof name, 24, false },
	};
	struct account	*a = NULL;
	int		 rc;

	rc = form_run(_("Filter the audit log"), _("Show only what one "
	    "account did or what was done to it. Leave empty for "
	    "everything."), f, 1, NULL);
	if (rc != 1)
		return rc;
	if (*name == '\0') {
		*account = 0;
		return 0;
	}
	if (accounts_find(ui->db, name, &a) != ST_OK)
		return ui_notice(_("Filter the audit log"), _("There is no "
		    "account with that pseudonym."));
	*account = a->id;
	account_free(a);
	return 0;
}

/* admin_audit_load reads the newest rows, for one account or all. */
static int
admin_audit_load(struct list_screen *ls)
{
	struct admin_audit_view	*v = (struct admin_audit_view *)ls;
	int			 st;

	st = admin_audit_list(ui->db, &ui->actor, v->account, 0, AUDIT_PAGE,
	    &v->list, &v->n);
	ls->list.n = v->n;
	ls->list.title = v->account != 0 ? _("Audit log (one account)") :
	    _("Audit log");
	return st;
}

/* admin_audit_unload frees the rows. */
static void
admin_audit_unload(struct list_screen *ls)
{
	struct admin_audit_view	*v = (struct admin_audit_view *)ls;

	audit_free_list(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/* admin_audit_act: Enter shows a row, f filters by account. */
static int
admin_audit_act(struct list_screen *ls, size_t sel, wint_t key, bool select)
{
	struct admin_audit_view	*v = (struct admin_audit_view *)ls;

	if (select)
		return admin_audit_detail(v->list[sel]);
	if (key == 'f') {
		ls->sel = 0;
		return admin_audit_filter(&v->account);
	}
	return 0;
}

/* admin_audit_run browses the audit log (account 0: everyone). */
int
admin_audit_run(int64_t account)
{
	struct admin_audit_view	v;
	const char		*heads[6];

	memset(&v, 0, sizeof v);
	v.account = account;
	heads[0] = _("Time (UTC)");
	heads[1] = _("Actor");
	heads[2] = _("Action");
	heads[3] = _("Result");
	heads[4] = _("Patient");
	heads[5] = _("Detail");
	ui_columns(v.header, sizeof v.header, admin_audit_widths, heads, 6);
	v.ls.list.header = v.header;
	v.ls.list.help = _("Enter details · f filter");
	v.ls.list.row = admin_audit_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("The audit log is empty.");
	v.ls.load = admin_audit_load;
	v.ls.unload = admin_audit_unload;
	v.ls.act = admin_audit_act;
	return list_screen_run(&v.ls);
}
