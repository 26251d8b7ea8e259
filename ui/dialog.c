/*
 * dialog.c: confirmation and message boxes over the current screen.
 *
 * A dialog is a layer, so a resize redraws the screen beneath it and then
 * the box, sized again to the new screen.  The box always fits: its text
 * is wrapped to the width available and cut to the rows available.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "ui.h"

#define DIALOG_WIDTH	60	/* text columns at most */
#define DIALOG_CHROME	5	/* border, blank, blank, buttons, border */
#define DIALOG_CONTINUE	2	/* no result yet: keep reading keys */

struct dialog {
	const char	*title;
	const char	*text;
	bool		 confirm;	/* Yes/No buttons, else "any key" */
	int		 choice;	/* 1 yes, 0 no */
};

/* The box's place on screen, computed at each draw. */
struct dialog_box {
	int	y;
	int	x;
	int	h;
	int	w;
	int	iw;		/* text width */
	int	rows;		/* text rows shown */
};

/* dialog_text_width returns the widest line of text wrapped to width. */
static int
dialog_text_width(const char *text, int width)
{
	struct ui_line	*lines = NULL;
	char		*clean, *line;
	size_t		 n, i;
	int		 w, max = 0;

	clean = text_sanitise(text, true);
	n = ui_wrap(clean, width, &lines);
	for (i = 0; i < n; i++) {
		line = xstrndup(clean + lines[i].start, lines[i].len);
		if ((w = ui_text_width(line)) > max)
			max = w;
		free(line);
	}
	free(lines);
	free(clean);
	return max;
}

/* dialog_layout sizes and centres the box for text and a footer. */
static void
dialog_layout(const struct dialog *d, int footer, struct dialog_box *b)
{
	int	n, want;

	b->iw = COLS - 6 < DIALOG_WIDTH ? COLS - 6 : DIALOG_WIDTH;
	if (b->iw < 1)
		b->iw = 1;
	want = dialog_text_width(d->text, b->iw);
	if (footer > want)
		want = footer;
	if (d->title != NULL && ui_text_width(d->title) + 4 > want)
		want = ui_text_width(d->title) + 4;
	if (want < b->iw)
		b->iw = want;
	n = ui_put_wrapped(0, 0, d->text, b->iw, 0, 0);
	b->h = n + DIALOG_CHROME;
	b->w = b->iw + 4;
	if (b->h > LINES)
		b->h = LINES;
	if (b->w > COLS)
		b->w = COLS;
	b->rows = b->h - DIALOG_CHROME > 0 ? b->h - DIALOG_CHROME : 0;
	b->y = (LINES - b->h) / 2;
	b->x = (COLS - b->w) / 2;
}

/* dialog_button draws one button label and returns its width. */
static int
dialog_button(int y, int x, const char *label, bool on, int maxcols)
{
	char	*s;
	int	 w;

	xasprintf(&s, "[ %s ]", label);
	w = ui_put_plain(y, x, s, maxcols,
	    on ? ui_attr(UI_C_SELECT) : ui_attr(UI_C_DIALOG));
	free(s);
	return w;
}

/* dialog_footer_width returns the columns the buttons or hint take. */
static int
dialog_footer_width(const struct dialog *d)
{
	if (!d->confirm)
		return ui_text_width(_("Press any key"));
	return ui_text_width(_("Yes")) + ui_text_width(_("No")) + 11;
}

/* dialog_draw draws the box as a layer over those below it. */
static void
dialog_draw(void *arg)
{
	struct dialog		*d = arg;
	struct dialog_box	 b;
	int			 fw, fy, fx, used;

	fw = dialog_footer_width(d);
	dialog_layout(d, fw, &b);
	ui_box(b.y, b.x, b.h, b.w, d->title);
	ui_put_wrapped(b.y + 2, b.x + 2, d->text, b.iw, b.rows,
	    ui_attr(UI_C_DIALOG));
	fy = b.y + b.h - 2;
	if (b.h < 3 || fy <= b.y)
		return;
	fx = b.x + (b.w - fw) / 2;
	if (fx < b.x + 1)
		fx = b.x + 1;
	if (!d->confirm) {
		ui_put_plain(fy, fx, _("Press any key"), b.w - 2,
		    ui_attr(UI_C_DIALOG) | A_BOLD);
		return;
	}
	used = dialog_button(fy, fx, _("Yes"), d->choice == 1,
	    b.x + b.w - 1 - fx);
	fx += used + 3;
	dialog_button(fy, fx, _("No"), d->choice == 0, b.x + b.w - 1 - fx);
}

/* dialog_initial returns the lower-case first letter of a word, or WEOF. */
static wint_t
dialog_initial(const char *word)
{
	wchar_t	*ws;
	wint_t	 c;

	ws = text_to_wcs(word, NULL);
	c = ws[0] != L'\0' ? towlower((wint_t)ws[0]) : WEOF;
	free(ws);
	return c;
}

/* dialog_confirm_key acts on one key: 1 yes, 0 no, -1 quit, or continue. */
static int
dialog_confirm_key(struct dialog *d, int rc, wint_t ch)
{
	wint_t	lc;

	if (rc == KEY_CODE_YES && ch == UI_KEY_QUIT)
		return -1;
	if (ui_key_is_enter(rc, ch))
		return d->choice;
	if (rc == KEY_CODE_YES) {
		if (ch == KEY_LEFT || ch == KEY_RIGHT || ch == KEY_BTAB)
			d->choice = !d->choice;
		return DIALOG_CONTINUE;
	}
	if (ch == 27)
		return 0;
	if (ch == '\t') {
		d->choice = !d->choice;
		return DIALOG_CONTINUE;
	}
	lc = towlower(ch);
	if (lc == 'y' || lc == dialog_initial(_("Yes")))
		return 1;
	if (lc == 'n' || lc == dialog_initial(_("No")))
		return 0;
	return DIALOG_CONTINUE;
}

/* dialog_message_key acts on one key: 0 done, -1 quit, or continue. */
static int
dialog_message_key(int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES && ch == UI_KEY_QUIT)
		return -1;
	if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
		return DIALOG_CONTINUE;
	return 0;
}

/* dialog_run shows a dialog until it has a result, then removes it. */
static int
dialog_run(struct dialog *d)
{
	wint_t	ch;
	int	rc, result, cursor;

	cursor = curs_set(0);
	ui_push(dialog_draw, d);
	do {
		ui_redraw();
		rc = ui_getkey(&ch);
		if (d->confirm)
			result = dialog_confirm_key(d, rc, ch);
		else
			result = dialog_message_key(rc, ch);
	} while (result == DIALOG_CONTINUE);
	ui_pop();
	if (result != -1)
		ui_redraw();
	if (cursor != ERR)
		curs_set(cursor);
	return result;
}

/*
 * dialog_confirm asks a yes/no question over the current screen; No is
 * highlighted first.  It returns 1 for yes, 0 for no (or Esc) and -1 when
 * the session is ending.
 */
int
dialog_confirm(const char *title, const char *question)
{
	struct dialog	d = { title, question, true, 0 };

	if (d.text == NULL)
		d.text = "";
	return dialog_run(&d);
}

/* dialog_message shows text until a key; 0, or -1 when the session ends. */
int
dialog_message(const char *title, const char *text)
{
	struct dialog	d = { title, text, false, 0 };

	if (d.text == NULL)
		d.text = "";
	return dialog_run(&d);
}
