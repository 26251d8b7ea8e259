/*
 * admin_accounts.c: administrators list, search and manage accounts.
 * Every action goes through bbs/admin.c, which checks the role and audits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct admin_accounts_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	struct account		**list;
	size_t			  n;
	char			  search[64];
	char			  title[128];
	char			  header[256];
};

static const int admin_accounts_widths[] = { 24, 16, 10, 16 };

/* admin_accounts_row formats one account for the list. */
static void
admin_accounts_row(void *arg, size_t i, char *buf, size_t len)
{
	struct admin_accounts_view	*v = arg;
	struct account		*a = v->list[i];
	char			 when[32];

	const char		*cells[4];

	ui_format_time(a->last_login_at, when, sizeof when);
	cells[0] = a->pseudonym;
	cells[1] = ui_role_label(a->role);
	cells[2] = a->disabled ? _("disabled") : _("active");
	cells[3] = when;
	ui_columns(buf, len, admin_accounts_widths, cells, 4);
}

/* admin_accounts_search asks for a part of a pseudonym. */
static int
admin_accounts_search(char *search, size_t size)
{
	struct field	f[] = {
		{ _("Pseudonym contains"), search, size, 24, false },
	};

	return form_run(_("Search accounts"), _("Type part of a pseudonym, "
	    "or leave it empty to list everyone."), f, 1, NULL);
}

/* admin_accounts_load reads the accounts matching the search. */
static int
admin_accounts_load(struct list_screen *ls)
{
	struct admin_accounts_view	*v = (struct admin_accounts_view *)ls;
	int				 st;

	st = admin_list_accounts(ui->db, &ui->actor, v->search, &v->list,
	    &v->n);
	ls->list.n = v->n;
	if (*v->search != '\0')
		snprintf(v->title, sizeof v->title, _("Accounts matching "
		    "\"%s\""), v->search);
	else
		snprintf(v->title, sizeof v->title, "%s", _("Accounts"));
	return st;
}

/* admin_accounts_unload frees the rows. */
static void
admin_accounts_unload(struct list_screen *ls)
{
	struct admin_accounts_view	*v = (struct admin_accounts_view *)ls;

	accounts_free_list(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/* admin_accounts_act: Enter opens an account, / searches. */
static int
admin_accounts_act(struct list_screen *ls, size_t sel, wint_t key,
    bool select)
{
	struct admin_accounts_view	*v = (struct admin_accounts_view *)ls;

	if (select)
		return admin_account_view_run(v->list[sel]->id);
	if (key == '/' || key == 's')
		return admin_accounts_search(v->search, sizeof v->search);
	return 0;
}

/* admin_accounts_run lists accounts; / searches, Enter opens one. */
int
admin_accounts_run(void)
{
	struct admin_accounts_view	v;
	const char			*heads[4];

	memset(&v, 0, sizeof v);
	heads[0] = _("Pseudonym");
	heads[1] = _("Role");
	heads[2] = _("Status");
	heads[3] = _("Last login (UTC)");
	ui_columns(v.header, sizeof v.header, admin_accounts_widths, heads, 4);
	v.ls.list.title = v.title;
	v.ls.list.header = v.header;
	v.ls.list.help = _("Enter open · / search");
	v.ls.list.row = admin_accounts_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("No accounts match.");
	v.ls.load = admin_accounts_load;
	v.ls.unload = admin_accounts_unload;
	v.ls.act = admin_accounts_act;
	return list_screen_run(&v.ls);
}

/* admin_account_role lets the admin pick a new role. */
static int
admin_account_role(const struct account *a)
{
	struct menu_item	items[ROLE_COUNT];
	static const wint_t	keys[ROLE_COUNT] = { 'p', 'e', 'f', 'm', 'a',
				    'r' };
	int			i, sel = a->role, choice, st;

	for (i = 0; i < ROLE_COUNT; i++)
		items[i] = (struct menu_item){ keys[i], ui_role_label(i), i };
	choice = menu_run(_("Change role"), a->pseudonym, items, ROLE_COUNT,
	    &sel);
	if (choice == MENU_QUIT)
		return -1;
	if (choice < 0 || choice == a->role)
		return 0;
	if ((st = admin_set_role(ui->db, &ui->actor, a->id, choice)) != ST_OK)
		return ui_notice_status(st, st == ST_INVALID ?
		    _("You cannot change your own role.") : NULL);
	return 0;
}

/*
 * admin_account_disable disables (with a reason, written in the editor and
 * kept in the audit log) or enables the account after confirmation.
 */
static int
admin_account_disable(const struct account *a)
{
	char	*q = NULL, *reason = NULL;
	int	 rc, st;

	xasprintf(&q, a->disabled ? _("Enable %s? They will be able to log in "
	    "again.") : _("Disable %s? They will not be able to log in by "
	    "any method until enabled again."), a->pseudonym);
	rc = dialog_confirm(a->disabled ? _("Enable account") :
	    _("Disable account"), q);
	free(q);
	if (rc != 1)
		return rc;
	if (!a->disabled) {
		reason = xstrdup("");
		rc = editor_run(_("Reason for disabling (kept in the audit "
		    "log)"), &reason, ADMIN_REASON_MAX);
		if (rc != 1 || *reason == '\0') {
			free(reason);
			return rc == -1 ? -1 : 0;
		}
	}
	st = admin_set_disabled(ui->db, &ui->actor, a->id, !a->disabled,
	    reason);
	free(reason);
	if (st != ST_OK)
		return ui_notice_status(st, st == ST_INVALID && a->id ==
		    ui->me->id ? _("You cannot disable your own account.") :
		    NULL);
	return 0;
}

/* admin_account_reset gives the account a one-time password, shown once. */
static int
admin_account_reset(const struct account *a)
{
	char	*q = NULL, *otp = NULL, *msg = NULL;
	int	 rc, st;

	xasprintf(&q, _("Reset the password of %s? Their current password "
	    "stops working at once."), a->pseudonym);
	rc = dialog_confirm(_("Reset password"), q);
	free(q);
	if (rc != 1)
		return rc;
	if ((st = admin_reset_password(ui->db, ui->conf, &ui->actor, a->id,
	    &otp)) != ST_OK)
		return ui_notice_status(st, st == ST_INVALID ?
		    _("Change your own password from the Account menu.") :
		    NULL);
	xasprintf(&msg, _("One-time password for %s:\n\n    %s\n\nGive it "
	    "to them privately. It is shown only now; they must choose a new "
	    "password when they next log in."), a->pseudonym, otp);
	rc = ui_notice(_("Reset password"), msg);
	free(msg);
	free(otp);
	return rc;
}

/* admin_account_text describes one account. */
static char *
admin_account_text(const struct account *a)
{
	char	created[32], last[32], *s = NULL;

	ui_format_time(a->created_at, created, sizeof created);
	ui_format_time(a->last_login_at, last, sizeof last);
	xasprintf(&s, _("Role: %s\nStatus: %s\nCreated (UTC): %s\nLast login "
	    "(UTC): %s\nLanguage: %s\nMust change password: %s"),
	    ui_role_label(a->role), a->disabled ? _("disabled") : _("active"),
	    created, last, a->language,
	    a->must_change_password ? _("yes") : _("no"));
	return s;
}

/* admin_account_view_run shows one account and what can be done to it. */
int
admin_account_view_run(int64_t id)
{
	struct account		*a = NULL;
	struct menu_item	 items[5];
	char			*text = NULL;
	size_t			 nitems;
	int			 sel = 0, choice, rc = 0, st;

	while (rc != -1) {
		account_free(a);
		free(text);
		text = NULL;
		if ((st = admin_get_account(ui->db, &ui->actor, id, &a)) !=
		    ST_OK) {
			a = NULL;
			rc = ui_notice_status(st, NULL);
			break;
		}
		text = admin_account_text(a);
		items[0] = (struct menu_item){ 'r', _("Change role"), 0 };
		items[1] = (struct menu_item){ 'd', a->disabled ?
		    _("Enable account") : _("Disable account"), 1 };
		items[2] = (struct menu_item){ 'p', _("Reset password"), 2 };
		items[3] = (struct menu_item){ 'l', _("Audit log of this "
		    "account"), 3 };
		nitems = 4;
		/* Admins assign patients to professionals (roles.md). */
		if (a->role == ROLE_PATIENT || a->role == ROLE_EXPERT)
			items[nitems++] = (struct menu_item){ 'c',
			    _("Care team"), 4 };
		choice = menu_run(a->pseudonym, text, items, nitems, &sel);
		if (choice == MENU_QUIT)
			rc = -1;
		else if (choice == MENU_BACK)
			break;
		else if (choice == 0)
			rc = admin_account_role(a);
		else if (choice == 1)
			rc = admin_account_disable(a);
		else if (choice == 2)
			rc = admin_account_reset(a);
		else if (choice == 4)
			rc = care_team_run(a->id, a->pseudonym);
		else
			rc = admin_audit_run(a->id);
	}
	account_free(a);
	free(text);
	return rc;
}
