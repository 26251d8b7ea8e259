/*
 * menu.c: a vertical menu where every entry has a hotkey shown on screen.
 *
 * An entry's hotkey wins over the movement keys (j, k, q and ?), so a menu
 * may use any letter it shows.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "ui.h"

#define MENU_CONTINUE	(-3)	/* no result yet: keep reading keys */
#define MENU_TOP	2	/* first body row */

struct menu {
	const char		*title;
	const char		*intro;
	const struct menu_item	*items;
	size_t			 n;
	size_t			 sel;
	size_t			 top;
};

/* menu_scroll keeps the selected entry within h visible rows. */
static void
menu_scroll(struct menu *m, int h)
{
	if (m->sel < m->top)
		m->top = m->sel;
	else if (m->sel >= m->top + (size_t)h)
		m->top = m->sel - (size_t)h + 1;
	if (m->n > (size_t)h && m->top > m->n - (size_t)h)
		m->top = m->n - (size_t)h;
}

/* menu_draw_item draws entry i on row y: "  a  Label". */
static void
menu_draw_item(struct menu *m, size_t i, int y)
{
	const struct menu_item	*it = &m->items[i];
	attr_t			 base, key;
	wchar_t			 hk[2];

	base = i == m->sel ? ui_attr(UI_C_SELECT) : A_NORMAL;
	key = i == m->sel ? base | A_BOLD : ui_attr(UI_C_HOTKEY);
	if (i == m->sel && COLS > 2) {
		attrset(base);
		mvhline(y, 1, ' ', COLS - 2);
	}
	if (it->hotkey != 0 && COLS > 3 && wcwidth((wchar_t)it->hotkey) > 0) {
		hk[0] = (wchar_t)it->hotkey;
		hk[1] = L'\0';
		attrset(key);
		mvaddnwstr(y, 2, hk, 1);
	}
	attrset(base);
	ui_put_text(y, 5, it->label, COLS - 6);
	attrset(A_NORMAL);
}

/* menu_draw draws the menu as a layer: frame, intro, then the entries. */
static void
menu_draw(void *arg)
{
	struct menu	*m = arg;
	int		 bottom, avail, need, introrows, shown, y, h;
	size_t		 i;

	ui_frame(m->title, _("↑↓ move · Enter choose · Esc back"));
	bottom = LINES - 3;
	avail = bottom - MENU_TOP + 1;
	if (avail <= 0)
		return;
	/* The entries come first: the intro gets what they leave. */
	need = m->n < (size_t)avail ? (int)m->n : avail;
	introrows = avail - need - 1;
	y = MENU_TOP;
	if (m->intro != NULL && *m->intro != '\0' && introrows > 0) {
		shown = ui_put_wrapped(y, 2, m->intro, COLS - 4, introrows,
		    A_NORMAL);
		y += (shown < introrows ? shown : introrows) + 1;
	}
	h = bottom - y + 1;
	if (h <= 0 || m->n == 0)
		return;
	menu_scroll(m, h);
	for (i = m->top; i < m->n && i < m->top + (size_t)h; i++)
		menu_draw_item(m, i, y + (int)(i - m->top));
}

/* menu_hotkey returns the entry whose hotkey is ch, or -1. */
static int
menu_hotkey(const struct menu *m, wint_t ch)
{
	size_t	i;

	for (i = 0; i < m->n; i++) {
		if (m->items[i].hotkey != 0 &&
		    towlower(m->items[i].hotkey) == towlower(ch))
			return (int)i;
	}
	return -1;
}

/* menu_help explains the menu's keys; it returns MENU_QUIT or MENU_CONTINUE. */
static int
menu_help(void)
{
	if (dialog_message(_("Menu keys"), _("Up and Down (or k and j): move\n"
	    "Home and End: first and last entry\n"
	    "Enter: choose the highlighted entry\n"
	    "The letter shown before an entry: choose it at once\n"
	    "Esc, q or Left: go back")) == -1)
		return MENU_QUIT;
	return MENU_CONTINUE;
}

/* menu_move handles a movement key; it returns false for other keys. */
static bool
menu_move(struct menu *m, int rc, wint_t ch)
{
	if (m->n == 0)
		return false;
	if ((rc == KEY_CODE_YES && ch == KEY_UP) || (rc == OK && ch == 'k')) {
		if (m->sel > 0)
			m->sel--;
	} else if ((rc == KEY_CODE_YES && ch == KEY_DOWN) ||
	    (rc == OK && ch == 'j')) {
		if (m->sel + 1 < m->n)
			m->sel++;
	} else if (rc == KEY_CODE_YES && (ch == KEY_HOME || ch == KEY_PPAGE))
		m->sel = 0;
	else if (rc == KEY_CODE_YES && (ch == KEY_END || ch == KEY_NPAGE))
		m->sel = m->n - 1;
	else
		return false;
	return true;
}

/* menu_key acts on one key and returns a result or MENU_CONTINUE. */
static int
menu_key(struct menu *m, int rc, wint_t ch)
{
	int	i;

	if (rc == KEY_CODE_YES && ch == UI_KEY_QUIT)
		return MENU_QUIT;
	if (rc == OK && (i = menu_hotkey(m, ch)) != -1) {
		m->sel = (size_t)i;
		return m->items[i].id;
	}
	if (ui_key_is_enter(rc, ch) && m->n > 0)
		return m->items[m->sel].id;
	if (menu_move(m, rc, ch))
		return MENU_CONTINUE;
	if (ui_key_is_back(rc, ch))
		return MENU_BACK;
	if (rc == OK && ch == '?')
		return menu_help();
	return MENU_CONTINUE;
}

/*
 * menu_run shows a full-screen menu and returns the id of the entry
 * chosen, MENU_BACK or MENU_QUIT.  *sel (may be NULL) is the highlighted
 * index, in and out.
 */
int
menu_run(const char *title, const char *intro, const struct menu_item *items,
    size_t n, int *sel)
{
	struct menu	m;
	wint_t		ch;
	int		rc, result;

	memset(&m, 0, sizeof m);
	m.title = title;
	m.intro = intro;
	m.items = items;
	m.n = n;
	if (sel != NULL && *sel > 0 && (size_t)*sel < n)
		m.sel = (size_t)*sel;
	ui_push(menu_draw, &m);
	do {
		ui_redraw();
		rc = ui_getkey(&ch);
		result = menu_key(&m, rc, ch);
	} while (result == MENU_CONTINUE);
	ui_pop();
	if (sel != NULL)
		*sel = (int)m.sel;
	return result;
}
