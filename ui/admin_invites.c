/*
 * admin_invites.c: creating and listing invites.  Administrators invite
 * any role; professionals invite patients and expert patients (the
 * permission table in bbs/role.c decides, not this screen).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct admin_invites_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	struct invite		**list;
	size_t			  n;
	char			  header[256];
};

static const int admin_invites_widths[] = { 6, 16, 16, 8, 14, 0 };

/* admin_invites_status describes where an invite stands. */
static const char *
admin_invites_status(const struct invite *inv)
{
	if (inv->used_by != 0)
		return _("used");
	if (inv->expires_at <= db_now())
		return _("expired");
	return _("unused");
}

/* admin_invites_row formats one invite for the list. */
static void
admin_invites_row(void *arg, size_t i, char *buf, size_t len)
{
	struct admin_invites_view	*v = arg;
	struct invite		*inv = v->list[i];
	char			 when[32];

	char			 code[16];
	const char		*cells[6];

	ui_format_time(inv->expires_at, when, sizeof when);
	snprintf(code, sizeof code, "%s…", inv->hint);
	cells[0] = code;
	cells[1] = ui_role_label(inv->role);
	cells[2] = when;
	cells[3] = admin_invites_status(inv);
	cells[4] = inv->created_by_name ? inv->created_by_name :
	    _("operator");
	cells[5] = inv->used_by_name;
	ui_columns(buf, len, admin_invites_widths, cells, 6);
}

/* admin_invites_pick_role asks which role the invite gives. */
static int
admin_invites_pick_role(void)
{
	struct menu_item	items[ROLE_COUNT];
	static const wint_t	keys[ROLE_COUNT] = { 'p', 'e', 'f', 'm', 'a',
				    'r' };
	struct target		t = TARGET_NONE;
	size_t			n = 0;
	int			i, sel = 0;

	for (i = 0; i < ROLE_COUNT; i++) {
		t.role = i;
		if (role_may(&ui->actor, ACT_INVITE_CREATE, &t))
			items[n++] = (struct menu_item){ keys[i],
			    ui_role_label(i), i };
	}
	return menu_run(_("New invite"), _("Which role will the new account "
	    "have?"), items, n, &sel);
}

/* admin_invites_pick_expiry asks how long the invite stays valid. */
static int
admin_invites_pick_expiry(void)
{
	struct menu_item	items[] = {
		{ '1', _("1 day"), 1 },
		{ '7', _("7 days"), 7 },
		{ '3', _("30 days"), 30 },
	};
	int			sel = 1, days;

	days = menu_run(_("New invite"), _("How long may it be used?"), items,
	    3, &sel);
	return days > 0 ? days * 86400 : days;
}

/* admin_invites_create makes a new invite and shows its code once. */
static int
admin_invites_create(void)
{
	char	code[INVITE_CODE_LEN + 1], *msg = NULL;
	int64_t	id;
	int	role, secs, st, rc;

	if ((role = admin_invites_pick_role()) < 0)
		return role == MENU_QUIT ? -1 : 0;
	if ((secs = admin_invites_pick_expiry()) <= 0)
		return secs == MENU_QUIT ? -1 : 0;
	if ((st = invite_create(ui->db, &ui->actor, role, secs, code, &id)) !=
	    ST_OK)
		return ui_notice_status(st, NULL);
	xasprintf(&msg, _("Invite code:\n\n    %s\n\nGive it to the person "
	    "you are inviting, with these steps: connect with\n  ssh -p %d "
	    "%s@<this server>\nand type the code. It works once and is shown "
	    "only now."), code, ui->conf->listen_port,
	    ui->conf->signup_user);
	rc = ui_notice(_("New invite"), msg);
	free(msg);
	return rc;
}

/* admin_invites_load reads the invites the actor may see. */
static int
admin_invites_load(struct list_screen *ls)
{
	struct admin_invites_view	*v = (struct admin_invites_view *)ls;
	int				 st;

	st = invite_list(ui->db, &ui->actor, &v->list, &v->n);
	ls->list.n = v->n;
	return st;
}

/* admin_invites_unload frees the rows. */
static void
admin_invites_unload(struct list_screen *ls)
{
	struct admin_invites_view	*v = (struct admin_invites_view *)ls;

	invites_free_list(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/* admin_invites_act: n makes a new invite. */
static int
admin_invites_act(struct list_screen *ls, size_t sel, wint_t key,
    bool select)
{
	(void)ls;
	(void)sel;
	if (!select && key == 'n')
		return admin_invites_create();
	return 0;
}

/* admin_invites_run lists invites; n makes a new one. */
int
admin_invites_run(void)
{
	struct admin_invites_view	v;
	const char			*heads[6];

	memset(&v, 0, sizeof v);
	heads[0] = _("Code");
	heads[1] = _("Role");
	heads[2] = _("Expires (UTC)");
	heads[3] = _("Status");
	heads[4] = _("Created by");
	heads[5] = _("Used by");
	ui_columns(v.header, sizeof v.header, admin_invites_widths, heads, 6);
	v.ls.list.title = _("Invites");
	v.ls.list.header = v.header;
	v.ls.list.help = _("n new invite");
	v.ls.list.row = admin_invites_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("No invites yet. Press n to create one.");
	v.ls.load = admin_invites_load;
	v.ls.unload = admin_invites_unload;
	v.ls.act = admin_invites_act;
	return list_screen_run(&v.ls);
}
