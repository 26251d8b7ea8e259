/*
 * list.c: a scrolling list of rows built on demand by the caller.
 *
 * Rows are user text (pseudonyms, titles), so each is drawn through
 * ui_put_text.  Keys the list does not use go back to the caller.
 */
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define LIST_TOP	2	/* first body row */
#define LIST_ROW_MAX	1024	/* bytes of one row */
#define LIST_CONTINUE	(-1)	/* no result yet: keep reading keys */

struct list_view {
	struct list	*l;
	size_t		 sel;
	size_t		 top;
	int		 rows;		/* rows shown at the last draw */
};

/* list_scroll keeps the selected row within h visible rows. */
static void
list_scroll(struct list_view *v, int h)
{
	size_t	n = v->l->n;

	if (v->sel < v->top)
		v->top = v->sel;
	else if (v->sel >= v->top + (size_t)h)
		v->top = v->sel - (size_t)h + 1;
	if (n > (size_t)h && v->top > n - (size_t)h)
		v->top = n - (size_t)h;
	if (n <= (size_t)h)
		v->top = 0;
}

/* list_draw_row draws row i at screen row y. */
static void
list_draw_row(struct list_view *v, size_t i, int y)
{
	char	buf[LIST_ROW_MAX];
	attr_t	attr;

	buf[0] = '\0';
	v->l->row(v->l->arg, i, buf, sizeof buf);
	attr = i == v->sel ? ui_attr(UI_C_SELECT) : A_NORMAL;
	attrset(attr);
	if (i == v->sel && COLS > 0)
		mvhline(y, 0, ' ', COLS);
	ui_put_text(y, 1, buf, COLS - 2);
	attrset(A_NORMAL);
}

/* list_draw draws the list as a layer. */
static void
list_draw(void *arg)
{
	struct list_view	*v = arg;
	const char		*empty;
	int			 y, h;
	size_t			 i;

	ui_frame(v->l->title, v->l->help);
	y = LIST_TOP;
	if (v->l->header != NULL && y <= LINES - 3) {
		ui_put_plain(y, 1, v->l->header, COLS - 2,
		    A_BOLD | A_UNDERLINE);
		y++;
	}
	h = LINES - 2 - y;
	v->rows = h > 0 ? h : 1;
	if (h <= 0)
		return;
	if (v->l->n == 0) {
		empty = v->l->empty != NULL ? v->l->empty :
		    _("There is nothing here yet.");
		ui_put_wrapped(y, 1, empty, COLS - 2, h, ui_attr(UI_C_DIM));
		return;
	}
	list_scroll(v, h);
	for (i = v->top; i < v->l->n && i < v->top + (size_t)h; i++)
		list_draw_row(v, i, y + (int)(i - v->top));
}

/* list_move handles a movement key; it returns false for other keys. */
static bool
list_move(struct list_view *v, int rc, wint_t ch)
{
	size_t	n = v->l->n, page = (size_t)v->rows;

	if (rc == OK && ch == 'k')
		ch = KEY_UP;
	else if (rc == OK && ch == 'j')
		ch = KEY_DOWN;
	else if (rc != KEY_CODE_YES)
		return false;
	switch (ch) {
	case KEY_UP:
		v->sel = v->sel > 0 ? v->sel - 1 : 0;
		break;
	case KEY_DOWN:
		v->sel = v->sel + 1 < n ? v->sel + 1 : v->sel;
		break;
	case KEY_PPAGE:
		v->sel = v->sel > page ? v->sel - page : 0;
		break;
	case KEY_NPAGE:
		if (v->sel + page < n)
			v->sel += page;
		else
			v->sel = n > 0 ? n - 1 : 0;
		break;
	case KEY_HOME:
		v->sel = 0;
		break;
	case KEY_END:
		v->sel = n > 0 ? n - 1 : 0;
		break;
	default:
		return false;
	}
	return true;
}

/* list_help explains the list's keys; it returns LIST_QUIT or continue. */
static int
list_help(struct list_view *v)
{
	char	*text;
	int	 rc;

	xasprintf(&text, "%s\n%s", _("Up and Down (or k and j): move\n"
	    "PgUp and PgDn: one page\n"
	    "Home and End: first and last row\n"
	    "Enter: open the highlighted row\n"
	    "Esc, q or Left: go back"),
	    v->l->help != NULL ? v->l->help : "");
	rc = dialog_message(_("List keys"), text);
	free(text);
	return rc == -1 ? LIST_QUIT : LIST_CONTINUE;
}

/* list_key acts on one key and returns a result or LIST_CONTINUE. */
static int
list_key(struct list_view *v, int rc, wint_t ch, wint_t *key)
{
	if (rc == KEY_CODE_YES && ch == UI_KEY_QUIT)
		return LIST_QUIT;
	if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
		return LIST_CONTINUE;
	if (ui_key_is_enter(rc, ch))
		return v->l->n > 0 ? LIST_SELECT : LIST_CONTINUE;
	if (ui_key_is_back(rc, ch))
		return LIST_BACK;
	if (rc == OK && ch == '?')
		return list_help(v);
	if (list_move(v, rc, ch))
		return LIST_CONTINUE;
	/*
	 * Why: KEY_* codes share their values with characters from U+0101
	 * on, so only such characters are dropped: a caller testing for
	 * KEY_DC must not get one from a letter like U+014A.
	 */
	if (rc == OK && ch >= KEY_MIN)
		return LIST_CONTINUE;
	if (key != NULL)
		*key = ch;
	return LIST_KEY;
}

/*
 * list_run shows the list and returns LIST_SELECT, LIST_BACK, LIST_KEY
 * (with the key in *key) or LIST_QUIT.  *sel is the selected row, in and
 * out.
 */
int
list_run(struct list *l, size_t *sel, wint_t *key)
{
	struct list_view	v;
	wint_t			ch;
	int			rc, result;

	memset(&v, 0, sizeof v);
	v.l = l;
	v.rows = 1;
	if (sel != NULL && *sel < l->n)
		v.sel = *sel;
	else if (sel != NULL && l->n > 0)
		v.sel = l->n - 1;
	ui_push(list_draw, &v);
	do {
		ui_redraw();
		rc = ui_getkey(&ch);
		result = list_key(&v, rc, ch, key);
	} while (result == LIST_CONTINUE);
	ui_pop();
	if (sel != NULL)
		*sel = v.sel;
	return result;
}

/*
 * list_screen_run shows a list screen until the user goes back; it returns
 * 0, or -1 when the session is ending.
 */
int
list_screen_run(struct list_screen *ls)
{
	wint_t	key = 0;
	int	rc = 0, st, r;

	for (;;) {
		ls->unload(ls);
		if ((st = ls->load(ls)) != ST_OK) {
			ls->list.n = 0;
			rc = ui_notice_status(st, NULL);
			break;
		}
		if (ls->sel >= ls->list.n)
			ls->sel = ls->list.n > 0 ? ls->list.n - 1 : 0;
		r = list_run(&ls->list, &ls->sel, &key);
		if (r == LIST_QUIT) {
			rc = -1;
			break;
		}
		if (r == LIST_BACK)
			break;
		if (r == LIST_SELECT && ls->sel >= ls->list.n)
			continue;
		if (ls->act != NULL &&
		    ls->act(ls, ls->sel, key, r == LIST_SELECT) == -1) {
			rc = -1;
			break;
		}
	}
	ls->unload(ls);
	return rc;
}
