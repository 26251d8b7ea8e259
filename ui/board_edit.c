/*
 * board_edit.c: an administrator creates or edits a board: its name and
 * description, which roles read and post in it, and whether posts wait
 * for a moderator.  bbs/board.c checks the values and the permission;
 * researchers never read boards whatever the mask says (the permission
 * table sees to that).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

enum { BE_NAME, BE_DESC, BE_READ, BE_POST, BE_PREMOD, BE_SAVE,
    BE_ITEMS };

struct board_edit {
	struct board	*b;
	char		 name[BOARD_NAME_MAX * 4 + 1];
	char		 desc[BOARD_DESC_MAX * 4 + 1];
	bool		 changed;
	char		*labels[BE_ITEMS];
};

/* The keys that tick each role, in the order of enum role. */
static const wint_t board_edit_role_keys[ROLE_COUNT] = { 'p', 'e', 'f', 'm',
    'a', 'r' };

/* board_edit_roles_text lists the roles in a mask, for the menu. */
static char *
board_edit_roles_text(unsigned mask)
{
	char	*s = NULL, *t;
	int	 r;

	for (r = 0; r < ROLE_COUNT; r++) {
		if (!(mask & ROLE_BIT(r)))
			continue;
		if (s == NULL)
			s = xstrdup(ui_role_label(r));
		else {
			xasprintf(&t, "%s, %s", s, ui_role_label(r));
			free(s);
			s = t;
		}
	}
	return s != NULL ? s : xstrdup(_("nobody"));
}

/* board_edit_roles lets the administrator tick roles in *mask. */
static int
board_edit_roles(const char *title, unsigned *mask)
{
	struct menu_item	items[ROLE_COUNT];
	char			*labels[ROLE_COUNT];
	int			 r, sel = 0, choice;

	for (;;) {
		for (r = 0; r < ROLE_COUNT; r++) {
			xasprintf(&labels[r], "[%s] %s", *mask & ROLE_BIT(r) ?
			    "x" : " ", ui_role_label(r));
			items[r] = (struct menu_item){
			    board_edit_role_keys[r], labels[r], r };
		}
		choice = menu_run(title, _("Press a role's letter (or Enter) "
		    "to tick or untick it, and Esc when done. Researchers "
		    "never read the boards, whatever is ticked here."), items,
		    ROLE_COUNT, &sel);
		for (r = 0; r < ROLE_COUNT; r++)
			free(labels[r]);
		if (choice < 0)
			return choice == MENU_QUIT ? -1 : 0;
		*mask ^= ROLE_BIT(choice);
	}
}

/* board_edit_text edits the name and description: 1 changed, 0, -1. */
static int
board_edit_text(struct board_edit *e, bool name, bool desc)
{
	struct field	f[2];
	size_t		n = 0;
	int		rc;

	if (name)
		f[n++] = (struct field){ _("Name"), e->name, sizeof e->name,
		    BOARD_NAME_MAX, false };
	if (desc)
		f[n++] = (struct field){ _("Description"), e->desc,
		    sizeof e->desc, BOARD_DESC_MAX, false };
	rc = form_run(e->b->id == 0 ? _("New board") : _("Edit board"),
	    _("The name and a sentence that says what the board is for."), f,
	    n, _("Enter next · Esc cancel"));
	if (rc == 1)
		e->changed = true;
	return rc;
}

/* board_edit_items builds the menu entries with the current values. */
static void
board_edit_items(struct board_edit *e, struct menu_item *items)
{
	char	*r, *p;
	int	 i;

	for (i = 0; i < BE_ITEMS; i++)
		free(e->labels[i]);
	r = board_edit_roles_text(e->b->read_roles);
	p = board_edit_roles_text(e->b->post_roles);
	xasprintf(&e->labels[BE_NAME], "%s: %s", _("Name"), e->name);
	xasprintf(&e->labels[BE_DESC], "%s: %s", _("Description"), e->desc);
	xasprintf(&e->labels[BE_READ], "%s: %s", _("Who may read"), r);
	xasprintf(&e->labels[BE_POST], "%s: %s", _("Who may post"), p);
	xasprintf(&e->labels[BE_PREMOD], "%s: %s",
	    _("Posts wait for a moderator"),
	    e->b->premoderated ? _("yes") : _("no"));
	e->labels[BE_SAVE] = xstrdup(_("Save the board"));
	free(r);
	free(p);
	items[BE_NAME] = (struct menu_item){ 'n', e->labels[BE_NAME],
	    BE_NAME };
	items[BE_DESC] = (struct menu_item){ 'd', e->labels[BE_DESC],
	    BE_DESC };
	items[BE_READ] = (struct menu_item){ 'r', e->labels[BE_READ],
	    BE_READ };
	items[BE_POST] = (struct menu_item){ 'w', e->labels[BE_POST],
	    BE_POST };
	items[BE_PREMOD] = (struct menu_item){ 'm', e->labels[BE_PREMOD],
	    BE_PREMOD };
	items[BE_SAVE] = (struct menu_item){ 's', e->labels[BE_SAVE],
	    BE_SAVE };
}

/* board_edit_save stores the board: 1 saved, 0 not (told why), -1 quit. */
static int
board_edit_save(struct board_edit *e)
{
	char	*err = NULL;
	int	 st, rc;

	free(e->b->name);
	free(e->b->description);
	e->b->name = xstrdup(e->name);
	e->b->description = xstrdup(e->desc);
	if ((st = board_save(ui->db, &ui->actor, e->b, &err)) == ST_OK) {
		ui_status(_("The board is saved."));
		return 1;
	}
	rc = ui_notice_status(st, err);
	free(err);
	return rc == -1 ? -1 : 0;
}

/* board_edit_leave asks before dropping changes: 1 leave, 0 stay. */
static int
board_edit_leave(const struct board_edit *e)
{
	if (!e->changed)
		return 1;
	return dialog_confirm(_("Leave without saving?"), _("Your changes "
	    "to this board will be lost."));
}

/* board_edit_choose acts on one menu choice: 1 done, 0 go on, -1 quit. */
static int
board_edit_choose(struct board_edit *e, int choice)
{
	unsigned	old;
	int		rc = 0;

	switch (choice) {
	case MENU_QUIT:
		return -1;
	case MENU_BACK:
		return board_edit_leave(e);
	case BE_NAME:
	case BE_DESC:
		rc = board_edit_text(e, choice == BE_NAME, choice == BE_DESC);
		break;
	case BE_READ:
	case BE_POST:
		old = choice == BE_READ ? e->b->read_roles : e->b->post_roles;
		rc = board_edit_roles(choice == BE_READ ? _("Who may read") :
		    _("Who may post"), choice == BE_READ ? &e->b->read_roles :
		    &e->b->post_roles);
		if (old != (choice == BE_READ ? e->b->read_roles :
		    e->b->post_roles))
			e->changed = true;
		break;
	case BE_PREMOD:
		e->b->premoderated = !e->b->premoderated;
		e->changed = true;
		break;
	case BE_SAVE:
		return board_edit_save(e);
	}
	return rc == -1 ? -1 : 0;
}

/* board_edit_new makes a new board open to every role that reads. */
static struct board *
board_edit_new(void)
{
	struct board	*b;
	int		 r;

	b = xcalloc(1, sizeof *b);
	b->name = xstrdup("");
	b->description = xstrdup("");
	for (r = 0; r < ROLE_COUNT; r++) {
		if (r == ROLE_RESEARCHER)
			continue;
		b->read_roles |= ROLE_BIT(r);
		b->post_roles |= ROLE_BIT(r);
	}
	return b;
}

/* board_edit_loop shows the board's menu until saved or left. */
static int
board_edit_loop(struct board_edit *e)
{
	struct menu_item	items[BE_ITEMS];
	int			sel = 0, rc;

	if (e->b->id == 0 && (rc = board_edit_text(e, true, true)) != 1)
		return rc;
	do {
		board_edit_items(e, items);
		rc = board_edit_choose(e, menu_run(e->b->id == 0 ?
		    _("New board") : _("Edit board"), _("Choose what to "
		    "change, then save."), items, BE_ITEMS, &sel));
	} while (rc == 0);
	return rc == -1 ? -1 : 0;
}

/*
 * board_edit_run edits board id, or creates one when id is 0; it returns
 * 0, or -1 when the session is ending.
 */
int
board_edit_run(int64_t id)
{
	struct board_edit	e;
	int			st, rc, i;

	if (!role_may(&ui->actor, ACT_BOARD_ADMIN, NULL))
		return ui_notice_status(ST_DENIED, NULL) == -1 ? -1 : 0;
	memset(&e, 0, sizeof e);
	if (id == 0)
		e.b = board_edit_new();
	else if ((st = board_get(ui->db, &ui->actor, id, &e.b)) != ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	snprintf(e.name, sizeof e.name, "%s", e.b->name != NULL ?
	    e.b->name : "");
	snprintf(e.desc, sizeof e.desc, "%s", e.b->description != NULL ?
	    e.b->description : "");
	rc = board_edit_loop(&e);
	for (i = 0; i < BE_ITEMS; i++)
		free(e.labels[i]);
	board_free(e.b);
	return rc;
}
