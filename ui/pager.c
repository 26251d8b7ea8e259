/*
 * pager.c: scroll through a long text, wrapped to the window.
 *
 * The text is sanitised once (keeping its newlines) and wrapped again
 * whenever the width changes, so a resize re-flows it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define PAGER_TOP	2	/* first body row */
#define PAGER_CONTINUE	1	/* no result yet: keep reading keys */

struct pager {
	const char	*title;
	const char	*help;
	char		*text;		/* sanitised */
	struct ui_line	*lines;
	size_t		 nlines;
	int		 width;		/* the lines are wrapped to this */
	size_t		 top;
	int		 rows;		/* rows shown at the last draw */
	const char	*keys;		/* extra keys that return, or NULL */
	wint_t		 key;		/* the one pressed */
	bool		 at_end;	/* start at the last page */
};

/* pager_layout wraps the text again when the width changed. */
static void
pager_layout(struct pager *p)
{
	size_t	at;
	int	width;

	width = COLS - 4 > 0 ? COLS - 4 : 1;
	p->rows = LINES - 2 - PAGER_TOP > 0 ? LINES - 2 - PAGER_TOP : 1;
	if (width != p->width || p->lines == NULL) {
		/* Keep the text at the top in view across a re-wrap. */
		at = p->lines != NULL ? p->lines[p->top].start : 0;
		free(p->lines);
		p->nlines = ui_wrap(p->text, width, &p->lines);
		p->width = width;
		for (p->top = 0; p->top + 1 < p->nlines &&
		    p->lines[p->top + 1].start <= at; p->top++)
			continue;
	}
	if (p->at_end) {
		p->top = p->nlines;	/* clamped to the last page below */
		p->at_end = false;
	}
	if (p->nlines <= (size_t)p->rows)
		p->top = 0;
	else if (p->top > p->nlines - (size_t)p->rows)
		p->top = p->nlines - (size_t)p->rows;
}

/* pager_draw_position shows which lines are on screen. */
static void
pager_draw_position(struct pager *p)
{
	char	*s;
	size_t	 last;

	if (LINES < 3)
		return;
	last = p->top + (size_t)p->rows;
	if (last > p->nlines)
		last = p->nlines;
	xasprintf(&s, _("Lines %zu–%zu of %zu"), p->top + 1, last,
	    p->nlines);
	ui_put_plain(LINES - 2, 1, s, COLS - 2, ui_attr(UI_C_DIM));
	free(s);
}

/* pager_draw draws the visible part of the text as a layer. */
static void
pager_draw(void *arg)
{
	struct pager	*p = arg;
	struct ui_line	*l;
	char		*line;
	size_t		 i;

	pager_layout(p);
	ui_frame(p->title, p->help != NULL ? p->help :
	    _("↑↓ scroll · Esc back"));
	if (LINES - 2 <= PAGER_TOP)
		return;
	for (i = p->top; i < p->nlines && i < p->top + (size_t)p->rows; i++) {
		l = &p->lines[i];
		line = xstrndup(p->text + l->start, l->len);
		ui_put_plain(PAGER_TOP + (int)(i - p->top), 2, line, p->width,
		    A_NORMAL);
		free(line);
	}
	pager_draw_position(p);
}

/* pager_scroll moves the view by delta lines, within the text. */
static void
pager_scroll(struct pager *p, long delta)
{
	size_t	max;

	max = p->nlines > (size_t)p->rows ? p->nlines - (size_t)p->rows : 0;
	if (delta < 0 && (size_t)-delta > p->top)
		p->top = 0;
	else if (delta < 0)
		p->top -= (size_t)-delta;
	else if (p->top + (size_t)delta > max)
		p->top = max;
	else
		p->top += (size_t)delta;
}

/* pager_help explains the pager's keys; it returns -1 or continue. */
static int
pager_help(void)
{
	if (dialog_message(_("Reading keys"), _("Up and Down (or k and j): "
	    "one line\n"
	    "PgUp and PgDn (or b and Space): one page\n"
	    "Home and End: start and end\n"
	    "Esc, q or Left: go back")) == -1)
		return -1;
	return PAGER_CONTINUE;
}

/* pager_key acts on one key: 0 back, -1 quit, or PAGER_CONTINUE. */
static int
pager_key(struct pager *p, int rc, wint_t ch)
{
	long	page = p->rows > 1 ? p->rows - 1 : 1;

	if (rc == KEY_CODE_YES && ch == UI_KEY_QUIT)
		return -1;
	if (ui_key_is_back(rc, ch))
		return 0;
	if (rc == OK) {
		if (p->keys != NULL && ch > 0 && ch < 128 &&
		    strchr(p->keys, (int)ch) != NULL) {
			p->key = ch;
			return PAGER_KEY;
		}
		if (ch == '?')
			return pager_help();
		if (ch == 'k')
			pager_scroll(p, -1);
		else if (ch == 'j' || ch == '\r' || ch == '\n')
			pager_scroll(p, 1);
		else if (ch == ' ')
			pager_scroll(p, page);
		else if (ch == 'b')
			pager_scroll(p, -page);
		return PAGER_CONTINUE;
	}
	if (ch == KEY_UP)
		pager_scroll(p, -1);
	else if (ch == KEY_DOWN || ch == KEY_ENTER)
		pager_scroll(p, 1);
	else if (ch == KEY_PPAGE)
		pager_scroll(p, -page);
	else if (ch == KEY_NPAGE)
		pager_scroll(p, page);
	else if (ch == KEY_HOME)
		p->top = 0;
	else if (ch == KEY_END)
		pager_scroll(p, (long)p->nlines);
	return PAGER_CONTINUE;
}

/*
 * pager_run shows text (user text is fine: it is sanitised) under title;
 * help is the status line's key help, or NULL.  It returns 0 when the
 * user goes back and -1 when the session is ending.
 */
int
pager_run(const char *title, const char *text, const char *help)
{
	return pager_run_keys(title, text, help, NULL, NULL);
}

/*
 * pager_run_keys is pager_run where the characters in keys also return:
 * PAGER_KEY (2) with the key in *key, for a screen's own actions.
 */
int
pager_run_keys(const char *title, const char *text, const char *help,
    const char *keys, wint_t *key)
{
	return pager_run_from(title, text, help, keys, key, false);
}

/*
 * pager_run_from is pager_run_keys starting at the last page when at_end
 * is set: a conversation opens on its newest messages.
 */
int
pager_run_from(const char *title, const char *text, const char *help,
    const char *keys, wint_t *key, bool at_end)
{
	struct pager	p;
	wint_t		ch;
	int		rc, result;

	memset(&p, 0, sizeof p);
	p.title = title;
	p.help = help;
	p.keys = keys;
	p.at_end = at_end;
	p.text = text_sanitise(text != NULL ? text : "", true);
	p.rows = 1;
	ui_push(pager_draw, &p);
	do {
		ui_redraw();
		rc = ui_getkey(&ch);
		result = pager_key(&p, rc, ch);
	} while (result == PAGER_CONTINUE);
	ui_pop();
	free(p.lines);
	free(p.text);
	if (result == PAGER_KEY && key != NULL)
		*key = p.key;
	return result;
}
