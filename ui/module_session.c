/*
 * module_session.c: reading one session of a self-help module, a page at
 * a time, and the view every programme screen is drawn with.
 *
 * The view lays text out for the window: module text (headings in bold,
 * "•" bullets and numbered items with a hanging indent, *emphasis* drawn
 * bold without its asterisks) and user text, every line sanitised before
 * it is kept and drawn through ui_put_text.  Some lines form rows to
 * choose; the arrows move from row to row while they show, and scroll
 * the text when none does, as a text browser follows links.  A resize
 * lays the text out again.
 *
 * A session opens where she stopped (bbs/programme.c keeps the page);
 * Right and Left (or n and p) turn the pages and each turn is recorded,
 * so leaving at any point and coming back finds the same page.  After a
 * page's text come its exercises with where each stands; the last page
 * ends with "Finish this session", which bbs/programme.c refuses, with
 * its reason, while a required exercise is not submitted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define MS_TOP		2	/* first body row */
#define MS_MARGIN	2	/* columns left and right of the text */
#define MS_WIDTH_MIN	10	/* narrowest text, on a tiny window */
#define MS_CONTINUE	100	/* no result yet (not an MV_*) */

/* One screen line: sanitised text without markup, and its emphasis. */
struct module_line {
	char	*text;
	char	*marks;		/* per byte of text: 1 emphasised */
	int	 x;		/* columns from the margin */
	int	 attr;
	int	 item;		/* the row to choose it is part of, or -1 */
};

struct module_lines {
	struct module_line	*v;
	size_t			 n;
	size_t			 cap;
	int			 width;		/* laid out for this width */
	int			 item;		/* the row being added, or -1 */
};

/* The view while it runs. */
struct module_view_state {
	struct module_view	*v;
	struct module_lines	 ml;
	int			 rows;		/* text rows on screen */
	int			 nitems;
	bool			 laid;		/* laid out once */
};

/* One session on screen: the page shown and its exercises' answers. */
struct module_session_page {
	const struct programme_item	*it;
	const struct module		*m;
	size_t				 s;
	size_t				 page;
	struct exercise_answer		**answers;	/* NULL: not read */
	size_t				 nex;
	bool				 done;
};

static bool	module_session_plain;	/* ASCII marks, this session */

/* module_session_ascii tells whether marks are drawn in plain ASCII. */
bool
module_session_ascii(void)
{
	return module_session_plain;
}

/* module_session_add keeps one line of len bytes of text and marks. */
static void
module_session_add(struct module_lines *ml, const char *text,
    const char *marks, size_t len, int x, int attr)
{
	struct module_line	*l;

	if (ml->n == ml->cap) {
		ml->cap = ml->cap == 0 ? 64 : ml->cap * 2;
		ml->v = xreallocarray(ml->v, ml->cap, sizeof *ml->v);
	}
	l = &ml->v[ml->n++];
	l->text = xstrndup(text, len);
	l->marks = xcalloc(len + 1, 1);
	if (marks != NULL)
		memcpy(l->marks, marks, len);
	l->x = x;
	l->attr = attr;
	l->item = ml->item;
}

/* module_session_clear frees every line. */
static void
module_session_clear(struct module_lines *ml)
{
	size_t	i;

	for (i = 0; i < ml->n; i++) {
		free(ml->v[i].text);
		free(ml->v[i].marks);
	}
	free(ml->v);
	ml->v = NULL;
	ml->n = ml->cap = 0;
}

/*
 * module_session_emphasis copies sanitised text without the asterisks of
 * its *emphasis*, marking the emphasised bytes.  A pair counts when the
 * first '*' is followed and the second preceded by something other than
 * a space, so "2 * 3" and a lone '*' stay as written.
 */
static void
module_session_emphasis(const char *s, char **out, char **marks)
{
	const char	*e;
	size_t		 len, i, o;

	len = strlen(s);
	*out = xmalloc(len + 1);
	*marks = xcalloc(len + 1, 1);
	for (i = o = 0; i < len; ) {
		if (s[i] == '*' && s[i + 1] != '\0' && s[i + 1] != ' ' &&
		    s[i + 1] != '*' && (e = strchr(s + i + 1, '*')) != NULL &&
		    e[-1] != ' ') {
			for (i++; s + i < e; i++) {
				(*out)[o] = s[i];
				(*marks)[o++] = 1;
			}
			i++;	/* the closing '*' */
			continue;
		}
		(*out)[o++] = s[i++];
	}
	(*out)[o] = '\0';
}

/*
 * module_session_lay wraps text (sanitised; marks may be NULL) at x, the
 * first line after prefix and the others under the first's text, a
 * hanging indent.
 */
static void
module_session_lay(struct module_lines *ml, const char *text,
    const char *marks, const char *prefix, int x, int attr)
{
	struct ui_line	*wl = NULL;
	char		*first, *fmarks;
	size_t		 n, i, plen;
	int		 pw, width;

	plen = prefix != NULL ? strlen(prefix) : 0;
	pw = prefix != NULL ? ui_text_width(prefix) : 0;
	width = ml->width - x - pw;
	if (width < MS_WIDTH_MIN)
		width = MS_WIDTH_MIN;
	n = ui_wrap(text, width, &wl);
	for (i = 0; i < n; i++) {
		if (i > 0 || plen == 0) {
			module_session_add(ml, text + wl[i].start, marks != NULL ?
			    marks + wl[i].start : NULL, wl[i].len, x + pw, attr);
			continue;
		}
		xasprintf(&first, "%s%.*s", prefix, (int)wl[i].len,
		    text + wl[i].start);
		fmarks = xcalloc(plen + wl[i].len + 1, 1);
		if (marks != NULL)
			memcpy(fmarks + plen, marks + wl[i].start, wl[i].len);
		module_session_add(ml, first, fmarks, strlen(first), x, attr);
		free(fmarks);
		free(first);
	}
	free(wl);
}

/* module_session_marked lays out one line of module text, with prefix. */
static void
module_session_marked(struct module_lines *ml, const char *text,
    const char *prefix, int x, int attr)
{
	char	*clean, *plain, *marks;

	clean = text_sanitise(text != NULL ? text : "", false);
	module_session_emphasis(clean, &plain, &marks);
	module_session_lay(ml, plain, marks, prefix, x, attr);
	free(marks);
	free(plain);
	free(clean);
}

/*
 * module_session_para lays out a paragraph of module text (one line, its
 * *emphasis* drawn bold) at x columns from the margin, with attr, after
 * prefix (may be NULL) with the other lines under the first's text.
 */
void
module_session_para(struct module_lines *ml, const char *prefix,
    const char *text, int x, int attr)
{
	module_session_marked(ml, text, prefix, x, attr);
}

/*
 * module_session_unmarked is module text sanitised on one line without
 * the asterisks of its emphasis, for a title or a form's introduction.
 */
char *
module_session_unmarked(const char *text)
{
	char	*clean, *plain, *marks;

	clean = text_sanitise(text != NULL ? text : "", false);
	module_session_emphasis(clean, &plain, &marks);
	free(marks);
	free(clean);
	return plain;
}

/*
 * module_session_text lays out user text (or program text) as written:
 * sanitised, its newlines kept, no markup.
 */
void
module_session_text(struct module_lines *ml, const char *text, int x,
    int attr)
{
	char	*clean;

	clean = text_sanitise(text != NULL ? text : "", true);
	module_session_lay(ml, clean, NULL, NULL, x, attr);
	free(clean);
}

/* module_session_blank adds an empty line, part of no row. */
void
module_session_blank(struct module_lines *ml)
{
	int	item = ml->item;

	ml->item = -1;
	module_session_add(ml, "", NULL, 0, 0, 0);
	ml->item = item;
}

/* module_session_item makes the lines that follow part of row i (-1). */
void
module_session_item(struct module_lines *ml, int i)
{
	ml->item = i;
}

/* module_session_list_after tells whether block b continues a list. */
static bool
module_session_list_after(const struct module_block *b,
    const struct module_block *prev)
{
	return (b->kind == BLOCK_BULLET || b->kind == BLOCK_NUMBERED) &&
	    b->kind == prev->kind;
}

/*
 * module_session_blocks lays out module body text: paragraphs, headings
 * in bold, bullet and numbered items with a hanging indent, a blank line
 * between blocks but not between the items of one list.
 */
void
module_session_blocks(struct module_lines *ml, const char *body)
{
	struct module_block	*b = NULL;
	char			 num[24];
	size_t			 n = 0, i;

	if (module_blocks(body != NULL ? body : "", &b, &n) != ST_OK) {
		module_session_text(ml, body, 0, 0);
		return;
	}
	for (i = 0; i < n; i++) {
		if (i > 0 && !module_session_list_after(&b[i], &b[i - 1]))
			module_session_blank(ml);
		switch (b[i].kind) {
		case BLOCK_HEADING:
			module_session_marked(ml, b[i].text, NULL, 0, A_BOLD);
			break;
		case BLOCK_BULLET:
			module_session_marked(ml, b[i].text,
			    module_session_plain ? "- " : "• ", 0, 0);
			break;
		case BLOCK_NUMBERED:
			snprintf(num, sizeof num, "%d. ", b[i].number);
			module_session_marked(ml, b[i].text, num, 0, 0);
			break;
		default:
			module_session_marked(ml, b[i].text, NULL, 0, 0);
			break;
		}
	}
	module_blocks_free(b, n);
}

/* module_session_range finds the lines of row i; false when it has none. */
static bool
module_session_range(const struct module_view_state *s, int i,
    size_t *first, size_t *last)
{
	size_t	k;
	bool	found = false;

	*first = *last = 0;
	for (k = 0; k < s->ml.n; k++) {
		if (s->ml.v[k].item != i)
			continue;
		if (!found)
			*first = k;
		*last = k;
		found = true;
	}
	return found;
}

/* module_session_shows tells whether row i's first line is on screen. */
static bool
module_session_shows(const struct module_view_state *s, int i)
{
	size_t	first, last;

	if (i < 0 || !module_session_range(s, i, &first, &last))
		return false;
	return first >= s->v->top && first < s->v->top + (size_t)s->rows;
}

/* module_session_meets tells whether any line of row i is on screen. */
static bool
module_session_meets(const struct module_view_state *s, int i)
{
	size_t	first = 0, last = 0;

	if (i < 0 || !module_session_range(s, i, &first, &last))
		return false;
	return last >= s->v->top && first < s->v->top + (size_t)s->rows;
}

/* module_session_clamp keeps the first line shown within the text. */
static void
module_session_clamp(struct module_view_state *s)
{
	size_t	rows = (size_t)s->rows;

	if (s->ml.n <= rows)
		s->v->top = 0;
	else if (s->v->top > s->ml.n - rows)
		s->v->top = s->ml.n - rows;
}

/* module_session_show scrolls so row i shows whole, when it fits. */
static void
module_session_show(struct module_view_state *s, int i)
{
	size_t	first = 0, last = 0, rows = (size_t)s->rows;

	if (!module_session_range(s, i, &first, &last))
		return;
	if (last >= s->v->top + rows)
		s->v->top = last - rows + 1;
	if (first < s->v->top)
		s->v->top = first;
	module_session_clamp(s);
}

/* module_session_fix chooses a row on screen when the chosen one left. */
static void
module_session_fix(struct module_view_state *s)
{
	int	i;

	if (module_session_meets(s, s->v->sel))
		return;
	s->v->sel = -1;
	for (i = 0; i < s->nitems; i++) {
		if (module_session_shows(s, i)) {
			s->v->sel = i;
			return;
		}
	}
}

/* module_session_layout lays the text out again when the width changed. */
static void
module_session_layout(struct module_view_state *s)
{
	size_t	i;
	int	width;

	width = COLS - 2 * MS_MARGIN;
	if (width < MS_WIDTH_MIN)
		width = MS_WIDTH_MIN;
	s->rows = LINES - 2 - MS_TOP > 0 ? LINES - 2 - MS_TOP : 1;
	if (width != s->ml.width || s->ml.v == NULL) {
		module_session_clear(&s->ml);
		s->ml.width = width;
		s->ml.item = -1;
		s->v->build(&s->ml, s->v->arg);
		s->nitems = 0;
		for (i = 0; i < s->ml.n; i++) {
			if (s->ml.v[i].item >= s->nitems)
				s->nitems = s->ml.v[i].item + 1;
		}
		/* Laid out again at a new width: keep the chosen row shown. */
		if (s->laid && s->v->sel >= 0)
			module_session_show(s, s->v->sel);
	}
	module_session_clamp(s);
	if (s->laid)
		return;
	s->laid = true;
	if (s->v->sel >= s->nitems)
		s->v->sel = s->nitems - 1;
	if (s->v->fit && !module_session_shows(s, s->v->sel))
		s->v->sel = -1;
	else if (s->v->sel >= 0)
		module_session_show(s, s->v->sel);
}

/* module_session_draw_line draws line l at row y, its emphasis bold. */
static void
module_session_draw_line(const struct module_line *l, int y, bool chosen)
{
	attr_t	base, a;
	size_t	i, j, len;
	char	*seg;
	int	x, maxx;

	base = chosen ? ui_attr(UI_C_SELECT) | (l->attr & A_BOLD) :
	    (attr_t)l->attr;
	if (chosen) {
		attrset(ui_attr(UI_C_SELECT));
		mvhline(y, 0, ' ', COLS);
	}
	x = MS_MARGIN + l->x;
	maxx = COLS - MS_MARGIN;
	len = strlen(l->text);
	for (i = 0; i < len && x < maxx; i = j) {
		for (j = i; j < len && l->marks[j] == l->marks[i]; j++)
			continue;
		a = base | (l->marks[i] ? A_BOLD : 0);
		seg = xstrndup(l->text + i, j - i);
		attrset(a);
		x += ui_put_text(y, x, seg, maxx - x);
		free(seg);
	}
	attrset(A_NORMAL);
}

/* module_session_draw draws the view as a layer. */
static void
module_session_draw(void *arg)
{
	struct module_view_state	*s = arg;
	const struct module_line	*l;
	char				*pos;
	size_t				 i, last;

	ui_frame(s->v->title, s->v->help);
	if (LINES - 2 <= MS_TOP)
		return;
	module_session_layout(s);
	for (i = s->v->top; i < s->ml.n && i < s->v->top + (size_t)s->rows;
	    i++) {
		l = &s->ml.v[i];
		module_session_draw_line(l, MS_TOP + (int)(i - s->v->top),
		    l->item >= 0 && l->item == s->v->sel);
	}
	if (s->ml.n <= (size_t)s->rows)
		return;
	last = s->v->top + (size_t)s->rows;
	xasprintf(&pos, _("Lines %zu–%zu of %zu"), s->v->top + 1,
	    last < s->ml.n ? last : s->ml.n, s->ml.n);
	ui_put_plain(LINES - 2, 1, pos, COLS - 2, ui_attr(UI_C_DIM));
	free(pos);
}

/* module_session_down goes to the next row on screen, or scrolls. */
static void
module_session_down(struct module_view_state *s)
{
	size_t	first = 0, last = 0;
	int	next;

	next = s->v->sel + 1;
	if (s->v->sel < 0) {
		/* From the text shown: its first row at or below the top. */
		for (next = 0; next < s->nitems; next++) {
			if (module_session_range(s, next, &first, &last) &&
			    first >= s->v->top)
				break;
		}
	}
	if (next < s->nitems && module_session_shows(s, next)) {
		s->v->sel = next;
		module_session_show(s, next);
		return;
	}
	if (s->v->top + (size_t)s->rows < s->ml.n) {
		s->v->top++;
		module_session_fix(s);
	}
}

/* module_session_up goes to the row above on screen, or scrolls. */
static void
module_session_up(struct module_view_state *s)
{
	int	prev = s->v->sel - 1;

	if (s->v->sel > 0 && module_session_shows(s, prev)) {
		s->v->sel = prev;
		module_session_show(s, prev);
		return;
	}
	if (s->v->top > 0) {
		s->v->top--;
		module_session_fix(s);
	}
}

/* module_session_scroll moves the text by delta lines. */
static void
module_session_scroll(struct module_view_state *s, long delta)
{
	if (delta < 0 && (size_t)-delta > s->v->top)
		s->v->top = 0;
	else if (delta < 0)
		s->v->top -= (size_t)-delta;
	else
		s->v->top += (size_t)delta;
	module_session_clamp(s);
	module_session_fix(s);
}

/* module_session_edge chooses the last (or first) row on screen. */
static void
module_session_edge(struct module_view_state *s, bool last)
{
	int	i;

	for (i = last ? s->nitems - 1 : 0; i >= 0 && i < s->nitems;
	    i += last ? -1 : 1) {
		if (module_session_shows(s, i)) {
			s->v->sel = i;
			return;
		}
	}
}

/* module_session_move handles a movement key; false for other keys. */
static bool
module_session_move(struct module_view_state *s, int rc, wint_t ch)
{
	long	page = s->rows > 1 ? s->rows - 1 : 1;

	if (rc == OK) {
		if (ch == 'j')
			ch = KEY_DOWN;
		else if (ch == 'k')
			ch = KEY_UP;
		else if (ch == ' ')
			ch = KEY_NPAGE;
		else if (ch == 'b')
			ch = KEY_PPAGE;
		else
			return false;
	}
	switch (ch) {
	case KEY_DOWN:
		module_session_down(s);
		break;
	case KEY_UP:
		module_session_up(s);
		break;
	case KEY_NPAGE:
		module_session_scroll(s, page);
		break;
	case KEY_PPAGE:
		module_session_scroll(s, -page);
		break;
	case KEY_HOME:
		module_session_scroll(s, -(long)s->ml.n);
		module_session_edge(s, false);
		break;
	case KEY_END:
		module_session_scroll(s, (long)s->ml.n);
		module_session_edge(s, true);
		break;
	default:
		return false;
	}
	return true;
}

/* module_session_help explains the view's keys; -1 or continue. */
static int
module_session_help(const struct module_view *v)
{
	char	*text;
	int	 rc;

	xasprintf(&text, "%s\n%s", _("Up and Down (or k and j): move and "
	    "scroll\n"
	    "PgUp and PgDn (or b and Space): one page\n"
	    "Home and End: start and end\n"
	    "Enter: open the highlighted row\n"
	    "Esc or q: go back"), v->help != NULL ? v->help : "");
	rc = dialog_message(_("Reading keys"), text);
	free(text);
	return rc == -1 ? MV_QUIT : MS_CONTINUE;
}

/* module_session_key acts on one key: a result or MS_CONTINUE. */
static int
module_session_key(struct module_view_state *s, int rc, wint_t ch)
{
	struct module_view	*v = s->v;

	if (rc == KEY_CODE_YES && ch == UI_KEY_QUIT)
		return MV_QUIT;
	if (rc == KEY_CODE_YES && (ch == KEY_RESIZE || ch == UI_KEY_TICK))
		return MS_CONTINUE;
	if (ui_key_is_enter(rc, ch)) {
		if (!module_session_meets(s, v->sel))
			v->sel = -1;
		return MV_SELECT;
	}
	if (v->pages && rc == KEY_CODE_YES &&
	    (ch == KEY_LEFT || ch == KEY_RIGHT)) {
		v->rc = rc;
		v->key = ch;
		return MV_KEY;
	}
	if (ui_key_is_back(rc, ch))
		return MV_BACK;
	if (rc == OK && ch == '?')
		return module_session_help(v);
	if (module_session_move(s, rc, ch))
		return MS_CONTINUE;
	/* As list.c: KEY_* values from U+0101 on are characters here. */
	if (rc == OK && ch >= KEY_MIN)
		return MS_CONTINUE;
	v->rc = rc;
	v->key = ch;
	return MV_KEY;
}

/*
 * module_session_view shows the text v->build lays out until a result:
 * MV_SELECT, MV_BACK, MV_KEY or MV_QUIT (see ui.h).
 */
int
module_session_view(struct module_view *v)
{
	struct module_view_state	s;
	wint_t				ch;
	int				rc, r;

	memset(&s, 0, sizeof s);
	s.v = v;
	s.rows = 1;
	s.ml.item = -1;
	ui_push(module_session_draw, &s);
	do {
		ui_redraw();
		rc = ui_getkey(&ch);
		r = module_session_key(&s, rc, ch);
	} while (r == MS_CONTINUE);
	ui_pop();
	module_session_clear(&s.ml);
	return r;
}

/* module_session_free_answers frees the answers of the page shown. */
static void
module_session_free_answers(struct module_session_page *p)
{
	size_t	i;

	for (i = 0; i < p->nex; i++)
		exercise_answer_free(p->answers[i]);
	free(p->answers);
	p->answers = NULL;
	p->nex = 0;
}

/* module_session_page_of is the page shown. */
static const struct module_page *
module_session_page_of(const struct module_session_page *p)
{
	return &p->m->sessions[p->s].pages[p->page];
}

/* module_session_load reads the answers of the page's exercises. */
static void
module_session_load(struct module_session_page *p)
{
	const struct module_page	*pg = module_session_page_of(p);
	size_t				 i;

	module_session_free_answers(p);
	p->nex = pg->nexercises;
	p->answers = xcalloc(p->nex + 1, sizeof *p->answers);
	for (i = 0; i < p->nex; i++) {
		if (programme_answer_get(ui->db, &ui->actor,
		    p->it->assignment_id, p->m->exercises[pg->first + i].id,
		    &p->answers[i]) != ST_OK)
			p->answers[i] = NULL;
	}
}

/* module_session_exercises lays out the page's exercises, as rows. */
static void
module_session_exercises(struct module_lines *ml,
    const struct module_session_page *p)
{
	const struct module_page	*pg = module_session_page_of(p);
	const struct module_exercise	*ex;
	char				 num[24], state[256];
	size_t				 i;

	for (i = 0; i < p->nex; i++) {
		ex = &p->m->exercises[pg->first + i];
		module_session_blank(ml);
		module_session_item(ml, (int)i);
		snprintf(num, sizeof num, "%zu. ", i + 1);
		module_session_marked(ml, ex->prompt, num, 0, A_BOLD);
		module_exercise_summary(ex, p->answers[i], state, sizeof state);
		module_session_text(ml, state, (int)strlen(num), 0);
		module_session_item(ml, -1);
	}
}

/* module_session_build lays out one page: where, text, exercises, end. */
static void
module_session_build(struct module_lines *ml, void *arg)
{
	struct module_session_page	*p = arg;
	const struct module_session	*ss = &p->m->sessions[p->s];
	const struct module_page	*pg = module_session_page_of(p);
	char				*s, when[32];

	xasprintf(&s, _("Session %zu of %zu · page %zu of %zu"), p->s + 1,
	    p->m->nsessions, p->page + 1, ss->npages);
	module_session_text(ml, s, 0, ui_attr(UI_C_DIM));
	free(s);
	module_session_text(ml, ss->title, 0, ui_attr(UI_C_DIM));
	programme_list_fallback(ml, p->it, 0);
	module_session_blank(ml);
	module_session_text(ml, pg->title, 0, A_BOLD | A_UNDERLINE);
	module_session_blank(ml);
	module_session_blocks(ml, pg->body);
	module_session_exercises(ml, p);
	module_session_blank(ml);
	if (p->page + 1 < ss->npages) {
		module_session_text(ml, _("Press → or n for the next page."), 0,
		    ui_attr(UI_C_DIM));
		return;
	}
	if (p->done) {
		ui_format_date(p->it->sessions[p->s].completed_at, when,
		    sizeof when);
		xasprintf(&s, _("You finished this session on %s."), when);
		module_session_text(ml, s, 0, ui_attr(UI_C_DIM));
		free(s);
		return;
	}
	module_session_item(ml, (int)p->nex);
	module_session_text(ml, _("» Finish this session"), 0, A_BOLD);
	module_session_item(ml, -1);
}

/* module_session_turn goes to page, recording it; false when none. */
static bool
module_session_turn(struct module_session_page *p, struct module_view *v,
    long delta)
{
	size_t	npages = p->m->sessions[p->s].npages;
	int	st;

	if (delta < 0 && p->page == 0) {
		ui_flash(_("This is the first page."));
		return false;
	}
	if (delta > 0 && p->page + 1 >= npages) {
		ui_flash(_("This is the last page of the session."));
		return false;
	}
	p->page = delta < 0 ? p->page - 1 : p->page + 1;
	v->top = 0;
	v->sel = -1;
	if ((st = programme_position(ui->db, &ui->actor, p->it->assignment_id,
	    p->s, (int)p->page)) != ST_OK)
		log_warn("programme: page of assignment %lld: status %d",
		    (long long)p->it->assignment_id, st);
	return true;
}

/*
 * module_session_finish finishes the session: 1 done, 0 refused (the
 * reason shown), -1 when the session is ending.
 */
static int
module_session_finish(struct module_session_page *p)
{
	char	*err = NULL;
	int	 st, rc;

	st = programme_finish_session(ui->db, &ui->actor,
	    p->it->assignment_id, p->s, &err);
	if (st != ST_OK) {
		rc = ui_notice_status(st, err);
		free(err);
		return rc == -1 ? -1 : 0;
	}
	free(err);
	rc = ui_notice(_("Session finished"), _("Well done: you have "
	    "finished this session. Your professional can see your "
	    "progress."));
	return rc == -1 ? -1 : 1;
}

/*
 * module_session_act acts on a key or row of the page: 1 leave, 0 stay,
 * -1 when the session is ending.
 */
static int
module_session_act(struct module_session_page *p, struct module_view *v,
    int r)
{
	const struct module_page	*pg = module_session_page_of(p);
	size_t				 i;

	if (r == MV_SELECT && v->sel >= 0 && (size_t)v->sel < p->nex)
		return module_exercise_run(p->it,
		    &p->m->exercises[pg->first + (size_t)v->sel]) == -1 ?
		    -1 : 0;
	if (r == MV_SELECT && v->sel >= 0 && (size_t)v->sel == p->nex &&
	    !p->done)
		return module_session_finish(p);
	if (r != MV_KEY)
		return 0;
	if ((v->rc == KEY_CODE_YES && v->key == KEY_RIGHT) ||
	    (v->rc == OK && v->key == 'n'))
		module_session_turn(p, v, 1);
	else if ((v->rc == KEY_CODE_YES && v->key == KEY_LEFT) ||
	    (v->rc == OK && v->key == 'p'))
		module_session_turn(p, v, -1);
	else if (v->rc == OK && v->key == 'a')
		module_session_plain = !module_session_plain;
	else if (v->rc == OK && v->key == 'f' &&
	    p->page + 1 == p->m->sessions[p->s].npages && !p->done)
		return module_session_finish(p);
	else if (v->rc == OK && v->key >= '1' && v->key <= '9') {
		i = (size_t)(v->key - '1');
		if (i < p->nex) {
			v->sel = (int)i;
			return module_exercise_run(p->it,
			    &p->m->exercises[pg->first + i]) == -1 ? -1 : 0;
		}
	}
	return 0;
}

/* module_session_page_help is the status line's key help for the page. */
static const char *
module_session_page_help(const struct module_session_page *p)
{
	if (p->page + 1 < p->m->sessions[p->s].npages)
		return _("→ n next page · ← p previous · number: exercise · "
		    "Esc back");
	if (!p->done)
		return _("f finish · ← p previous · number: exercise · "
		    "Esc back");
	return _("← p previous · number: exercise · Esc back");
}

/*
 * module_session_run opens session s of a module in the patient's
 * programme at the page where she stopped, and shows its pages until
 * she leaves or finishes it; 0 back, -1 when the session is ending.
 */
int
module_session_run(const struct programme_item *it, size_t s)
{
	struct module_session_page	p;
	struct module_view		v;
	char				*err = NULL, *title;
	int				 st, r, rc = 0;

	if (it->def == NULL || s >= it->def->nsessions)
		return ui_notice_status(ST_NOTFOUND, NULL) == -1 ? -1 : 0;
	st = programme_open_session(ui->db, &ui->actor, it->assignment_id, s,
	    &err);
	if (st != ST_OK) {
		rc = ui_notice_status(st, err);
		free(err);
		return rc == -1 ? -1 : 0;
	}
	free(err);
	memset(&p, 0, sizeof p);
	p.it = it;
	p.m = it->def;
	p.s = s;
	p.done = it->sessions[s].completed_at != 0;
	if (it->sessions[s].last_page > 0)
		p.page = (size_t)it->sessions[s].last_page;
	if (p.page >= p.m->sessions[s].npages)
		p.page = p.m->sessions[s].npages - 1;
	xasprintf(&title, "%s", p.m->title);
	memset(&v, 0, sizeof v);
	v.title = title;
	v.pages = true;
	v.fit = true;
	v.build = module_session_build;
	v.arg = &p;
	v.sel = -1;
	for (;;) {
		module_session_load(&p);
		v.help = module_session_page_help(&p);
		if ((r = module_session_view(&v)) == MV_QUIT) {
			rc = -1;
			break;
		}
		if (r == MV_BACK)
			break;
		if ((rc = module_session_act(&p, &v, r)) != 0)
			break;
	}
	module_session_free_answers(&p);
	free(title);
	return rc == -1 ? -1 : 0;
}
