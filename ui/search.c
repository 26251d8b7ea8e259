/*
 * search.c: full-text search of the boards and the library.
 *
 * The member types some words; the domain layer (bbs/search.c) turns them
 * into a safe query, so any input at all gives results or none, never an
 * error, and returns only what this member may read.  Each hit takes three
 * rows: what and where, then two of a snippet whose matched words are
 * drawn highlighted.  Enter opens the post in its thread or the article.
 *
 * The snippet marks matches with SEARCH_MARK_ON and SEARCH_MARK_OFF; it is
 * split on them and every run goes through ui_put_text, which sanitises.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define SEARCH_TOP		2	/* first body row */
#define SEARCH_ROWS		3	/* screen rows per hit */
#define SEARCH_TEXT_MAX		200	/* characters typed at most */
#define SEARCH_TEXT_BYTES	(SEARCH_TEXT_MAX * 4 + 1)
#define SEARCH_CONTINUE		(-2)	/* no result yet: keep reading keys */
#define SEARCH_OPEN		1	/* Enter on the selected hit */
#define SEARCH_AGAIN		2	/* a new search */
#define SEARCH_BACK		0

struct search_view {
	char			  text[SEARCH_TEXT_BYTES];
	struct search_hit	**hits;
	size_t			  n;
	size_t			  sel;
	size_t			  top;
	size_t			  shown;	/* hits on screen at the last draw */
};

/* search_ask asks for the words; 1 with text, 0 cancelled, -1 quit. */
static int
search_ask(char *text, size_t size)
{
	char		buf[SEARCH_TEXT_BYTES];
	struct field	f[] = {
		{ _("Words"), buf, sizeof buf, SEARCH_TEXT_MAX, false },
	};
	int		rc;

	snprintf(buf, sizeof buf, "%s", text);
	rc = form_run(_("Search"), _("Type a few words to find in the boards' "
	    "posts and the library's articles. Accents do not matter."), f, 1,
	    _("Enter search · Esc back"));
	if (rc == 1 && buf[strspn(buf, " ")] == '\0')
		rc = 0;
	if (rc == 1)
		snprintf(text, size, "%s", buf);
	return rc;
}

/* search_load runs the search again, keeping the selection in range. */
static void
search_load(struct search_view *v)
{
	search_free_list(v->hits, v->n);
	v->hits = NULL;
	v->n = 0;
	if (search_run(ui->db, &ui->actor, v->text, &v->hits, &v->n) !=
	    ST_OK) {
		v->hits = NULL;
		v->n = 0;
	}
	if (v->sel >= v->n)
		v->sel = v->n > 0 ? v->n - 1 : 0;
}

/* search_kind names what a hit is. */
static const char *
search_kind(const struct search_hit *h)
{
	return h->kind == SEARCH_ARTICLE ? _("article") : _("post");
}

/*
 * search_put_cut draws text in at most maxcols columns, ending with "…"
 * when it had to be cut, and returns the columns used.
 */
static int
search_put_cut(int y, int x, const char *text, int maxcols)
{
	int	used;

	if (maxcols <= 0)
		return 0;
	if (ui_text_width(text) <= maxcols)
		return ui_put_text(y, x, text, maxcols);
	used = ui_put_text(y, x, text, maxcols - 1);
	return used + ui_put_text(y, x + used, "…", 1);
}

/*
 * search_draw_head draws a hit's first row: kind and title on the left,
 * where and who on the right.  base is the row's attribute.
 */
static void
search_draw_head(const struct search_hit *h, int y, attr_t base)
{
	const char	*badge;
	char		*right;
	int		 x = 1, width = COLS - 2, rw;

	badge = role_badge(h->author_role);
	if (h->kind == SEARCH_POST && h->author_name != NULL &&
	    *h->author_name == '\0')
		xasprintf(&right, "%s · %s", h->where != NULL ? h->where : "",
		    _("former member"));
	else
		xasprintf(&right, "%s · %s%s%s", h->where != NULL ?
		    h->where : "", h->author_name != NULL ? h->author_name :
		    "", *badge != '\0' ? " " : "", badge);
	rw = ui_text_width(right);
	if (rw > width / 2)
		rw = width / 2;
	attrset(base | A_BOLD);
	/* The left part ends two columns before the right one starts. */
	x += ui_put_text(y, x, search_kind(h), width - rw - 1 - x);
	x += ui_put_text(y, x, ": ", width - rw - 1 - x);
	search_put_cut(y, x, h->title, width - rw - 1 - x);
	attrset(base);
	search_put_cut(y, 1 + width - rw, right, rw);
	free(right);
}

/*
 * search_draw_snippet draws the snippet word by word in rows lines from
 * (y, x), the matched runs highlighted, wrapping at spaces.  The marks
 * are ASCII, so splitting on them never cuts a character, and every word
 * goes through ui_put_text, which sanitises.
 */
static void
search_draw_snippet(const char *snippet, int y, int x, int rows, attr_t base,
    attr_t match)
{
	const char	*p;
	char		*word;
	size_t		 len;
	bool		 on = false;
	int		 col = x, right = COLS - 1, last = y + rows - 1, w;

	for (p = snippet != NULL ? snippet : ""; *p != '\0' && y <= last;) {
		if (*p == SEARCH_MARK_ON || *p == SEARCH_MARK_OFF) {
			on = *p++ == SEARCH_MARK_ON;
			continue;
		}
		if (*p == ' ' || *p == '\n' || *p == '\t') {
			if (col > x && col < right)
				col++;
			p++;
			continue;
		}
		len = strcspn(p, "\x01\x02 \n\t");
		word = xstrndup(p, len);
		w = ui_text_width(word);
		if (col > x && col + w > right) {
			y++;
			col = x;
		}
		attrset(on ? match : base);
		if (y <= last)
			col += ui_put_text(y, col, word, right - col);
		free(word);
		p += len;
	}
	attrset(A_NORMAL);
}

/* search_draw_hit draws hit i from row y, in at most rows rows. */
static void
search_draw_hit(struct search_view *v, size_t i, int y, int rows)
{
	const struct search_hit	*h = v->hits[i];
	attr_t			 base, match;
	int			 r;

	if (i == v->sel) {
		base = ui_attr(UI_C_SELECT);
		match = base | A_BOLD | A_UNDERLINE;
		attrset(base);
		for (r = 0; r < rows; r++)
			mvhline(y + r, 0, ' ', COLS);
	} else {
		base = A_NORMAL;
		match = ui_attr(UI_C_HOTKEY) | A_UNDERLINE;
	}
	search_draw_head(h, y, base);
	if (rows > 1)
		search_draw_snippet(h->snippet, y + 1, 4, rows - 1, base,
		    match);
	attrset(A_NORMAL);
}

/* search_summary is the line above the hits: how many, for what. */
static char *
search_summary(const struct search_view *v)
{
	char	*s = NULL;

	if (v->n == 0)
		xasprintf(&s, _("No results for \"%s\"."), v->text);
	else
		xasprintf(&s, ngettext("%zu result for \"%s\":",
		    "%zu results for \"%s\":", v->n), v->n, v->text);
	return s;
}

/* search_scroll keeps the selected hit within h visible hits. */
static void
search_scroll(struct search_view *v, size_t h)
{
	if (v->sel < v->top)
		v->top = v->sel;
	else if (v->sel >= v->top + h)
		v->top = v->sel - h + 1;
	if (v->n <= h)
		v->top = 0;
	else if (v->top > v->n - h)
		v->top = v->n - h;
}

/* search_draw draws the results as a layer. */
static void
search_draw(void *arg)
{
	struct search_view	*v = arg;
	char			*s;
	int			 y, rows;
	size_t			 h, i;

	ui_frame(_("Search"), _("Enter open · s new search · Esc back"));
	if (LINES - 3 < SEARCH_TOP || COLS < 4)
		return;
	s = search_summary(v);
	attrset(A_BOLD);
	ui_put_text(SEARCH_TOP, 1, s, COLS - 2);
	attrset(A_NORMAL);
	free(s);
	y = SEARCH_TOP + 2;
	rows = LINES - 2 - y;
	v->shown = 1;
	if (rows < 1)
		return;
	if (v->n == 0) {
		ui_put_wrapped(y, 1, _("Try fewer words, or other words with "
		    "the same meaning. Press s to search again."), COLS - 2,
		    rows, ui_attr(UI_C_DIM));
		return;
	}
	h = (size_t)rows / SEARCH_ROWS;
	if (h == 0)
		h = 1;
	v->shown = h;
	search_scroll(v, h);
	for (i = v->top; i < v->n && i < v->top + h; i++)
		search_draw_hit(v, i, y + (int)(i - v->top) * SEARCH_ROWS,
		    rows < SEARCH_ROWS ? rows : SEARCH_ROWS);
}

/* search_move moves the selection for a movement key. */
static void
search_move(struct search_view *v, int rc, wint_t ch)
{
	size_t	page = v->shown > 0 ? v->shown : 1;

	if (rc == OK && ch == 'k')
		ch = KEY_UP;
	else if (rc == OK && ch == 'j')
		ch = KEY_DOWN;
	else if (rc != KEY_CODE_YES)
		return;
	if (v->n == 0)
		return;
	if (ch == KEY_UP && v->sel > 0)
		v->sel--;
	else if (ch == KEY_DOWN && v->sel + 1 < v->n)
		v->sel++;
	else if (ch == KEY_PPAGE)
		v->sel = v->sel > page ? v->sel - page : 0;
	else if (ch == KEY_NPAGE)
		v->sel = v->sel + page < v->n ? v->sel + page : v->n - 1;
	else if (ch == KEY_HOME)
		v->sel = 0;
	else if (ch == KEY_END)
		v->sel = v->n - 1;
}

/* search_help explains the keys; it returns -1 when the session ends. */
static int
search_help(void)
{
	return dialog_message(_("Search keys"), _("Up and Down (or k and j): "
	    "move\nPgUp and PgDn: one page\nEnter: open the post in its "
	    "thread, or the article\ns or /: search for other words\n"
	    "Esc, q or Left: go back\n\nHighlighted words are the ones that "
	    "matched."));
}

/* search_key acts on one key and returns a result or SEARCH_CONTINUE. */
static int
search_key(struct search_view *v, int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES && ch == UI_KEY_QUIT)
		return -1;
	if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
		return SEARCH_CONTINUE;
	if (ui_key_is_enter(rc, ch))
		return v->n > 0 ? SEARCH_OPEN : SEARCH_CONTINUE;
	if (ui_key_is_back(rc, ch))
		return SEARCH_BACK;
	if (rc == OK && (ch == 's' || ch == '/'))
		return SEARCH_AGAIN;
	if (rc == OK && ch == '?')
		return search_help() == -1 ? -1 : SEARCH_CONTINUE;
	search_move(v, rc, ch);
	return SEARCH_CONTINUE;
}

/* search_results shows the hits until the user acts on them. */
static int
search_results(struct search_view *v)
{
	wint_t	ch;
	int	rc, result;

	ui_push(search_draw, v);
	do {
		ui_redraw();
		rc = ui_getkey(&ch);
		result = search_key(v, rc, ch);
	} while (result == SEARCH_CONTINUE);
	ui_pop();
	return result;
}

/* search_open opens a hit: the post in its thread, or the article. */
static int
search_open(const struct search_hit *h)
{
	if (h->kind == SEARCH_ARTICLE)
		return library_article_run(h->id);
	return thread_view_run(h->thread_id, h->id);
}

/*
 * search_screen_run asks for words and shows what matches, until the user
 * goes back; it returns 0, or -1 when the session is ending.
 */
int
search_screen_run(void)
{
	struct search_view	*v;
	int			 rc, r;

	v = xcalloc(1, sizeof *v);
	if ((rc = search_ask(v->text, sizeof v->text)) != 1)
		goto out;
	search_load(v);
	for (;;) {
		if ((r = search_results(v)) == -1) {
			rc = -1;
			break;
		}
		if (r == SEARCH_BACK) {
			rc = 0;
			break;
		}
		if (r == SEARCH_OPEN)
			rc = search_open(v->hits[v->sel]);
		else if ((rc = search_ask(v->text, sizeof v->text)) == 1) {
			v->sel = v->top = 0;
			rc = 0;
		}
		if (rc == -1)
			break;
		search_load(v);
	}
out:
	search_free_list(v->hits, v->n);
	free(v);
	return rc == -1 ? -1 : 0;
}
