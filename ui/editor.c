/*
 * editor.c: a full-screen multi-line text editor, the view of textbuf.
 *
 * Lines are wrapped one column short of the screen, so the cursor after a
 * full line still has a cell to stand in.  The text is sanitised before
 * editing and only printable characters and newlines are inserted, so the
 * buffer can be drawn as it is.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "ui.h"

#define EDITOR_TOP	1	/* first text row */
#define EDITOR_CONTINUE	2	/* no result yet: keep reading keys */
#define EDITOR_CTRL(c)	((c) & 0x1f)

struct editor {
	const char	*title;
	char		*orig;		/* the sanitised text we started with */
	struct textbuf	 tb;
	size_t		 top;		/* first visual line shown */
};

/* editor_width returns the wrap width for the current screen. */
static int
editor_width(void)
{
	return COLS - 1 > 0 ? COLS - 1 : 1;
}

/* editor_rows returns how many text rows the screen has. */
static int
editor_rows(void)
{
	return LINES - 2 - EDITOR_TOP > 0 ? LINES - 2 - EDITOR_TOP : 1;
}

/*
 * editor_draw_line draws the characters from start to end (exclusive) on
 * row y, clipped to the width; it returns the columns up to index cursor
 * (meaningful when the cursor is on this line).
 */
static int
editor_draw_line(const struct editor *e, size_t start, size_t end, int y,
    size_t cursor)
{
	const wchar_t	*s = e->tb.s;
	size_t		 i, count = 0;
	int		 cols = 0, ccol = 0, w, width;

	width = editor_width();
	for (i = start; i < end; i++) {
		if (i == cursor)
			ccol = cols;
		if (s[i] == L'\n' || (w = wcwidth(s[i])) < 0)
			break;
		if (cols + w > width)
			break;
		cols += w;
		count++;
	}
	if (cursor >= i)
		ccol = cols;
	if (count > 0)
		mvaddnwstr(y, 0, s + start, (int)count);
	return ccol;
}

/* editor_draw_info draws the keys and the character count. */
static void
editor_draw_info(const struct editor *e)
{
	char	*count;
	attr_t	 attr;
	int	 w, x;

	if (LINES < 3)
		return;
	if (e->tb.max == SIZE_MAX)
		xasprintf(&count, ngettext("%zu character", "%zu characters",
		    e->tb.len), e->tb.len);
	else
		xasprintf(&count, ngettext("%zu/%zu character",
		    "%zu/%zu characters", e->tb.max), e->tb.len, e->tb.max);
	attr = e->tb.len >= e->tb.max ? ui_attr(UI_C_ERROR) :
	    ui_attr(UI_C_DIM);
	w = ui_text_width(count);
	x = COLS - w - 1 > 1 ? COLS - w - 1 : 1;
	ui_put_plain(LINES - 2, x, count, COLS - x - 1, attr);
	ui_put_plain(LINES - 2, 1, _("Ctrl-S save · Esc cancel"), x - 3,
	    ui_attr(UI_C_DIM));
	free(count);
}

/* editor_draw draws the text as a layer and leaves the cursor in place. */
static void
editor_draw(void *arg)
{
	struct editor	*e = arg;
	size_t		*starts = NULL, n, line, i, end;
	int		 h, col, ccol = 0;

	ui_frame(e->title, NULL);
	editor_draw_info(e);
	if (LINES - 2 <= EDITOR_TOP)
		return;
	h = editor_rows();
	n = textbuf_wrap(&e->tb, editor_width(), &starts);
	line = textbuf_line_of(starts, n, e->tb.cursor);
	if (line < e->top)
		e->top = line;
	else if (line >= e->top + (size_t)h)
		e->top = line - (size_t)h + 1;
	for (i = e->top; i < n && i < e->top + (size_t)h; i++) {
		end = i + 1 < n ? starts[i + 1] : e->tb.len;
		col = editor_draw_line(e, starts[i], end,
		    EDITOR_TOP + (int)(i - e->top), e->tb.cursor);
		if (i == line)
			ccol = col;
	}
	move(EDITOR_TOP + (int)(line - e->top), ccol);
	free(starts);
}

/* editor_help explains the editor's keys; it returns -1 or continue. */
static int
editor_help(void)
{
	if (dialog_message(_("Editor keys"), _("Arrows, PgUp, PgDn, Home and "
	    "End: move\n"
	    "Enter: new line\n"
	    "Backspace and Delete: erase\n"
	    "Ctrl-S or F2: save\n"
	    "Esc: cancel")) == -1)
		return -1;
	return EDITOR_CONTINUE;
}

/* editor_cancel asks before dropping changes: 0 cancel, -1 quit, or go on. */
static int
editor_cancel(struct editor *e)
{
	char	*now;
	bool	 changed;

	now = textbuf_text(&e->tb);
	changed = strcmp(now, e->orig) != 0;
	free(now);
	if (!changed)
		return 0;
	switch (dialog_confirm(_("Discard changes"),
	    _("Discard your changes?"))) {
	case 1:
		return 0;
	case -1:
		return -1;
	}
	return EDITOR_CONTINUE;
}

/* editor_page moves the cursor one screen up or down. */
static void
editor_page(struct editor *e, bool down)
{
	int	i, h;

	h = editor_rows() > 1 ? editor_rows() - 1 : 1;
	for (i = 0; i < h; i++) {
		if (down)
			textbuf_down(&e->tb, editor_width());
		else
			textbuf_up(&e->tb, editor_width());
	}
}

/* editor_insert inserts c, telling the user when the text is full. */
static void
editor_insert(struct editor *e, wchar_t c)
{
	if (!textbuf_insert(&e->tb, c))
		ui_flash(_("The text has reached its maximum length."));
}

/* editor_move handles a function key; it returns false for others. */
static bool
editor_move(struct editor *e, wint_t ch)
{
	switch (ch) {
	case KEY_LEFT:
		textbuf_left(&e->tb);
		break;
	case KEY_RIGHT:
		textbuf_right(&e->tb);
		break;
	case KEY_UP:
		textbuf_up(&e->tb, editor_width());
		break;
	case KEY_DOWN:
		textbuf_down(&e->tb, editor_width());
		break;
	case KEY_PPAGE:
	case KEY_NPAGE:
		editor_page(e, ch == KEY_NPAGE);
		break;
	case KEY_HOME:
		textbuf_home(&e->tb);
		break;
	case KEY_END:
		textbuf_end(&e->tb);
		break;
	case KEY_BACKSPACE:
		textbuf_backspace(&e->tb);
		break;
	case KEY_DC:
		textbuf_delete(&e->tb);
		break;
	case KEY_ENTER:
		editor_insert(e, L'\n');
		break;
	default:
		return false;
	}
	return true;
}

/* editor_char handles a typed character or control key. */
static void
editor_char(struct editor *e, wint_t ch)
{
	switch (ch) {
	case '\r':
	case '\n':
		editor_insert(e, L'\n');
		break;
	case '\t':
		editor_insert(e, L' ');
		break;
	case 127:
	case EDITOR_CTRL('h'):
		textbuf_backspace(&e->tb);
		break;
	case EDITOR_CTRL('d'):
		textbuf_delete(&e->tb);
		break;
	case EDITOR_CTRL('a'):
		textbuf_home(&e->tb);
		break;
	case EDITOR_CTRL('e'):
		textbuf_end(&e->tb);
		break;
	default:
		if (iswprint(ch))
			editor_insert(e, (wchar_t)ch);
		break;
	}
}

/* editor_key acts on one key: 1 save, 0 cancel, -1 quit, or continue. */
static int
editor_key(struct editor *e, int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES) {
		if (ch == UI_KEY_QUIT)
			return -1;
		if (ch == KEY_F(2))
			return 1;
		if (ch == KEY_F(1))
			return editor_help();
		editor_move(e, ch);
		return EDITOR_CONTINUE;
	}
	if (ch == EDITOR_CTRL('s'))
		return 1;
	if (ch == 27)
		return editor_cancel(e);
	editor_char(e, ch);
	return EDITOR_CONTINUE;
}

/*
 * editor_run edits *text (may be NULL: empty) under title, at most max
 * characters (0: no limit).  It returns 1 on save with *text replaced (the
 * old string freed), 0 on cancel and -1 when the session is ending, both
 * with *text unchanged.
 */
int
editor_run(const char *title, char **text, size_t max)
{
	struct editor	e;
	wint_t		ch;
	int		rc, result, cursor;

	memset(&e, 0, sizeof e);
	e.title = title;
	e.orig = text_sanitise(*text != NULL ? *text : "", true);
	textbuf_init(&e.tb, e.orig, max);
	cursor = curs_set(1);
	ui_push(editor_draw, &e);
	do {
		ui_redraw();
		rc = ui_getkey(&ch);
		result = editor_key(&e, rc, ch);
	} while (result == EDITOR_CONTINUE);
	ui_pop();
	if (cursor != ERR)
		curs_set(cursor);
	if (result == 1) {
		free(*text);
		*text = textbuf_text(&e.tb);
	}
	textbuf_free(&e.tb);
	free(e.orig);
	return result;
}
