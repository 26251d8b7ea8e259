/*
 * board_list.c: the list of boards a member may read, with how many
 * threads and new posts each has.  Administrators also create, edit,
 * reorder and archive boards here; bbs/board.c checks that they may.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define BOARD_LIST_COLS	4

struct board_list_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	struct board		**list;
	size_t			  n;
	bool			  admin;
	int			  cols;		/* COLS the header is for */
	char			  header[256];
};

/* board_list_widths sizes the columns: the name narrows on small screens. */
static void
board_list_widths(int *w)
{
	int	name;

	w[1] = 7;		/* threads */
	w[2] = 6;		/* new */
	w[3] = 0;		/* about: the rest */
	name = COLS - 2 - (w[1] + 1) - (w[2] + 1) - 12 - 1;
	w[0] = name > 28 ? 28 : name < 12 ? 12 : name;
}

/* board_list_header sets the column headings for the current width. */
static void
board_list_header(struct board_list_view *v)
{
	const char	*heads[BOARD_LIST_COLS];
	int		 w[BOARD_LIST_COLS];

	board_list_widths(w);
	heads[0] = _("Board");
	heads[1] = _("Threads");
	heads[2] = _("New");
	heads[3] = _("About");
	ui_columns(v->header, sizeof v->header, w, heads, BOARD_LIST_COLS);
	v->cols = COLS;
}

/* board_list_count formats a count, "999+" from the cap on. */
static void
board_list_count(char *buf, size_t len, int64_t n)
{
	if (n >= READS_UNREAD_CAP)
		snprintf(buf, len, "%d+", READS_UNREAD_CAP - 1);
	else
		snprintf(buf, len, "%lld", (long long)n);
}

/* board_list_row formats one board for the list. */
static void
board_list_row(void *arg, size_t i, char *buf, size_t len)
{
	struct board_list_view	*v = arg;
	struct board		*b = v->list[i];
	char			 name[256], threads[24], unread[24];
	const char		*cells[BOARD_LIST_COLS];
	int			 w[BOARD_LIST_COLS];

	if (v->cols != COLS)
		board_list_header(v);
	board_list_widths(w);
	if (b->archived)
		snprintf(name, sizeof name, "%s %s", b->name,
		    _("(archived)"));
	else
		snprintf(name, sizeof name, "%s", b->name);
	snprintf(threads, sizeof threads, "%lld", (long long)b->threads);
	board_list_count(unread, sizeof unread, b->unread);
	cells[0] = name;
	cells[1] = threads;
	cells[2] = b->unread > 0 ? unread : "";
	cells[3] = b->description;
	ui_columns(buf, len, w, cells, BOARD_LIST_COLS);
}

/* board_list_load reads the boards the actor may read. */
static int
board_list_load(struct list_screen *ls)
{
	struct board_list_view	*v = (struct board_list_view *)ls;
	int			 st;

	st = board_list(ui->db, &ui->actor, &v->list, &v->n);
	ls->list.n = v->n;
	board_list_header(v);
	return st;
}

/* board_list_unload frees the rows. */
static void
board_list_unload(struct list_screen *ls)
{
	struct board_list_view	*v = (struct board_list_view *)ls;

	boards_free_list(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/* board_list_archive archives or brings back board b, after asking. */
static int
board_list_archive(const struct board *b)
{
	struct board	*cur = NULL;
	char		*q, *err = NULL;
	int		 rc, st;

	xasprintf(&q, b->archived ? _("Bring back the board \"%s\"? Members "
	    "will see it again.") : _("Archive the board \"%s\"? Members will "
	    "no longer see it; nothing in it is deleted."), b->name);
	rc = dialog_confirm(b->archived ? _("Bring back board") :
	    _("Archive board"), q);
	free(q);
	if (rc != 1)
		return rc;
	if ((st = board_get(ui->db, &ui->actor, b->id, &cur)) == ST_OK) {
		cur->archived = !cur->archived;
		st = board_save(ui->db, &ui->actor, cur, &err);
	}
	rc = 0;
	if (st != ST_OK)
		rc = ui_notice_status(st, err);
	else
		ui_status(cur->archived ? _("The board is archived.") :
		    _("The board is back."));
	free(err);
	board_free(cur);
	return rc;
}

/* board_list_move moves the board at sel one place up or down. */
static int
board_list_move(struct board_list_view *v, size_t sel, int delta)
{
	int	st;

	if ((delta < 0 && sel == 0) || (delta > 0 && sel + 1 >= v->n))
		return 0;
	if ((st = board_move(ui->db, &ui->actor, v->list[sel]->id, delta)) !=
	    ST_OK)
		return ui_notice_status(st, NULL);
	v->ls.sel = delta < 0 ? sel - 1 : sel + 1;
	return 0;
}

/* board_list_admin acts on an administrator's key; -2: not such a key. */
static int
board_list_admin(struct board_list_view *v, size_t sel, wint_t key)
{
	bool	have = sel < v->n;

	switch (key) {
	case 'n':
		return board_edit_run(0);
	case 'e':
		return have ? board_edit_run(v->list[sel]->id) : 0;
	case '+':
	case 'u':
		return have ? board_list_move(v, sel, -1) : 0;
	case '-':
	case 'd':
		return have ? board_list_move(v, sel, 1) : 0;
	case 'a':
		return have ? board_list_archive(v->list[sel]) : 0;
	}
	return -2;
}

/* board_list_act opens a board, or runs an administrator's key. */
static int
board_list_act(struct list_screen *ls, size_t sel, wint_t key, bool select)
{
	struct board_list_view	*v = (struct board_list_view *)ls;
	int			 rc;

	if (select)
		return sel < v->n ? thread_list_run(v->list[sel]->id) : 0;
	if (!v->admin) {
		if (key > 0 && key < 128 &&
		    strchr("ne+-uda", (int)key) != NULL)
			ui_flash(_("Only administrators can change boards."));
		return 0;
	}
	if ((rc = board_list_admin(v, sel, key)) == -2)
		return 0;
	return rc == -1 ? -1 : 0;
}

/* boards_run lists the boards; Enter opens one. */
int
boards_run(void)
{
	struct board_list_view	v;

	memset(&v, 0, sizeof v);
	v.admin = role_may(&ui->actor, ACT_BOARD_ADMIN, NULL);
	v.ls.list.title = _("Boards");
	v.ls.list.header = v.header;
	v.ls.list.help = v.admin ? _("n new · e edit · +/- move · "
	    "a archive") : _("Enter open");
	v.ls.list.row = board_list_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = v.admin ? _("There are no boards yet. Press n to "
	    "create one.") : _("There are no boards for you to read yet.");
	v.ls.load = board_list_load;
	v.ls.unload = board_list_unload;
	v.ls.act = board_list_act;
	return list_screen_run(&v.ls);
}
