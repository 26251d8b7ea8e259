/*
 * account_keys.c: the user's SSH public keys, for logging in without a
 * password.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define KEY_LINE_MAX	8192

struct account_keys_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	struct pubkey		**list;
	size_t			  n;
	char			  header[256];
};

/* Fingerprints are 50 columns ("SHA256:" and 43 of base64). */
static const int account_keys_widths[] = { 11, 50, 0 };

/* account_keys_row formats one key for the list. */
static void
account_keys_row(void *arg, size_t i, char *buf, size_t len)
{
	struct account_keys_view	*v = arg;
	const char			*cells[3];

	cells[0] = v->list[i]->type;
	cells[1] = v->list[i]->fingerprint;
	cells[2] = v->list[i]->comment;
	ui_columns(buf, len, account_keys_widths, cells, 3);
}

/* account_keys_show shows everything about one key. */
static int
account_keys_show(struct account_keys_view *v, size_t sel)
{
	char	when[32], *text = NULL;
	int	rc;

	if (sel >= v->n)
		return 0;
	ui_format_time(v->list[sel]->created_at, when, sizeof when);
	xasprintf(&text, _("Type: %s\nFingerprint: %s\nComment: %s\n"
	    "Added (UTC): %s"), v->list[sel]->type, v->list[sel]->fingerprint,
	    v->list[sel]->comment, when);
	rc = ui_notice(_("SSH key"), text);
	free(text);
	return rc;
}

/* account_keys_add asks for a public key line and registers it. */
static int
account_keys_add(void)
{
	char		*line, *why = NULL;
	struct field	 f[1];
	int		 rc, st;

	line = xcalloc(1, KEY_LINE_MAX);
	f[0] = (struct field){ _("Public key"), line, KEY_LINE_MAX,
	    KEY_LINE_MAX - 1, false };
	rc = form_run(_("Add an SSH key"), _("Paste one line from your public "
	    "key file, for example ~/.ssh/id_ed25519.pub on your computer. "
	    "Never paste a private key (a file without .pub)."), f, 1, NULL);
	if (rc == 1) {
		st = sshkey_add(ui->db, &ui->actor, line, &why);
		rc = st == ST_OK ? ui_notice(_("SSH keys"), _("Key added. You "
		    "can now log in with it without a password.")) :
		    ui_notice_status(st, why);
		free(why);
	}
	free(line);
	return rc;
}

/* account_keys_remove removes the selected key after confirmation. */
static int
account_keys_remove(struct account_keys_view *v, size_t sel)
{
	char	*q = NULL;
	int	 rc, st;

	if (sel >= v->n)
		return 0;
	xasprintf(&q, _("Remove the key %s? You will no longer be able to log "
	    "in with it."), v->list[sel]->fingerprint);
	rc = dialog_confirm(_("Remove key"), q);
	free(q);
	if (rc != 1)
		return rc;
	if ((st = sshkey_remove(ui->db, &ui->actor, v->list[sel]->id)) !=
	    ST_OK)
		return ui_notice_status(st, NULL);
	return 0;
}

/* account_keys_load reads the user's keys. */
static int
account_keys_load(struct list_screen *ls)
{
	struct account_keys_view	*v = (struct account_keys_view *)ls;
	int				 st;

	st = sshkey_list(ui->db, &ui->actor, &v->list, &v->n);
	ls->list.n = v->n;
	return st;
}

/* account_keys_unload frees the rows. */
static void
account_keys_unload(struct list_screen *ls)
{
	struct account_keys_view	*v = (struct account_keys_view *)ls;

	keys_free_list(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/* account_keys_act: Enter shows a key, a adds one, d removes one. */
static int
account_keys_act(struct list_screen *ls, size_t sel, wint_t key,
    bool select)
{
	struct account_keys_view	*v = (struct account_keys_view *)ls;

	if (select)
		return account_keys_show(v, sel);
	if (key == 'a')
		return account_keys_add();
	if (key == 'd' || key == KEY_DC)
		return account_keys_remove(v, sel);
	return 0;
}

/* account_keys_run lists the keys; a adds, d removes. */
int
account_keys_run(void)
{
	struct account_keys_view	v;
	const char			*heads[3];

	memset(&v, 0, sizeof v);
	heads[0] = _("Type");
	heads[1] = _("Fingerprint");
	heads[2] = _("Comment");
	ui_columns(v.header, sizeof v.header, account_keys_widths, heads, 3);
	v.ls.list.title = _("SSH keys");
	v.ls.list.header = v.header;
	v.ls.list.help = _("a add · d remove");
	v.ls.list.row = account_keys_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("You have no SSH keys. Press a to add one.");
	v.ls.load = account_keys_load;
	v.ls.unload = account_keys_unload;
	v.ls.act = account_keys_act;
	return list_screen_run(&v.ls);
}
