/*
 * thread_view.c: reading a thread, a page of posts at a time.
 *
 * The page's posts are laid out as one column of lines (a header per
 * post, any state note, the body wrapped to the window, a blank line) and
 * laid out again when the width changes, so long posts re-flow on a
 * resize.  One post is "current": its header is highlighted and the keys
 * reply, quote, edit, report or moderate act on it.  What has been shown
 * is marked read.  Every action is checked again by bbs/; a key the role
 * may not use only gets a short message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define THREAD_VIEW_PAGE	20	/* posts read at a time */
#define THREAD_VIEW_TOP		2	/* first body row */
#define THREAD_VIEW_CONTINUE	1	/* no result yet: keep reading keys */
#define THREAD_VIEW_NONE	((size_t)-1)

enum thread_view_kind { TV_HEADER, TV_NOTE, TV_TEXT, TV_QUOTE, TV_GONE,
    TV_BLANK };

struct thread_view_line {
	size_t		 post;		/* index in the page */
	int		 kind;
	char		*text;		/* sanitised, or NULL */
};

struct thread_view {
	int64_t			 thread_id;
	struct thread		*t;
	struct board		*board;		/* NULL if it cannot be read */
	struct post		**posts;
	size_t			 n;
	int64_t			 total;
	size_t			 page;
	size_t			 npages;
	struct thread_view_line	*lines;
	size_t			 nlines;
	size_t			 cap;
	size_t			*heads;		/* each post's header line */
	size_t			 nheads;
	int			 width;		/* laid out for; 0: again */
	size_t			 top;
	int			 rows;
	size_t			 cur;		/* current post in the page */
	size_t			 want;		/* post to bring into view */
	bool			 want_end;	/* show the page's end */
	int64_t			 seen;		/* highest post id shown */
	int64_t			 marked;	/* highest marked read */
	bool			 mod;
	bool			 gone;		/* no longer visible: leave */
};

/*
 * thread_view_state names a post state for the marks beside posts and
 * threads, translated; NULL for a visible post.
 */
const char *
thread_view_state(int state)
{
	switch (state) {
	case POST_PENDING:
		return _("awaiting approval");
	case POST_HELD:
		return _("held for review");
	case POST_REPORTED:
		return _("reported, hidden from others");
	case POST_HIDDEN:
		return _("hidden by a moderator");
	}
	return NULL;
}

/* thread_view_add appends a line (text is taken over). */
static void
thread_view_add(struct thread_view *v, size_t post, int kind, char *text)
{
	if (v->nlines == v->cap) {
		v->cap = v->cap == 0 ? 64 : v->cap * 2;
		v->lines = xreallocarray(v->lines, v->cap, sizeof *v->lines);
	}
	v->lines[v->nlines].post = post;
	v->lines[v->nlines].kind = kind;
	v->lines[v->nlines].text = text;
	v->nlines++;
}

/* thread_view_free_lines drops the layout. */
static void
thread_view_free_lines(struct thread_view *v)
{
	size_t	i;

	for (i = 0; i < v->nlines; i++)
		free(v->lines[i].text);
	free(v->lines);
	free(v->heads);
	v->lines = NULL;
	v->heads = NULL;
	v->nlines = v->cap = v->nheads = 0;
}

/* thread_view_header writes a post's header: number, author, times. */
static char *
thread_view_header(const struct thread_view *v, size_t i)
{
	const struct post	*p = v->posts[i];
	char			 author[128], when[32], edited[32], *s;

	thread_list_author(author, sizeof author, p->author_name,
	    p->author_role);
	ui_format_time(p->created_at, when, sizeof when);
	if (p->edited_at == 0 || p->deleted_at != 0) {
		xasprintf(&s, "#%zu  %s · %s", v->page * THREAD_VIEW_PAGE +
		    i + 1, author, when);
		return s;
	}
	ui_format_time(p->edited_at, edited, sizeof edited);
	xasprintf(&s, _("#%zu  %s · %s · edited %s"), v->page *
	    THREAD_VIEW_PAGE + i + 1, author, when, edited);
	return s;
}

/* thread_view_note explains a post not everyone sees, or NULL. */
static char *
thread_view_note(const struct post *p)
{
	const char	*state;
	char		*s;

	if ((state = thread_view_state(p->state)) == NULL)
		return NULL;
	if (p->state == POST_HIDDEN && p->mod_reason >= 0 &&
	    p->mod_reason < HIDE_COUNT)
		xasprintf(&s, "(%s: %s)", state,
		    _(hide_reason_label(p->mod_reason)));
	else
		xasprintf(&s, "(%s)", state);
	return s;
}

/* thread_view_is_quote tells whether a source line is a quote ("> "). */
static bool
thread_view_is_quote(const char *line)
{
	return line[0] == '>';
}

/* thread_view_body wraps post i's body into lines. */
static void
thread_view_body(struct thread_view *v, size_t i)
{
	struct ui_line	*wl = NULL;
	char		*clean;
	size_t		 nl, j, start;
	bool		 quote = false;

	clean = text_sanitise(v->posts[i]->body != NULL ?
	    v->posts[i]->body : "", true);
	nl = ui_wrap(clean, v->width, &wl);
	for (j = 0; j < nl; j++) {
		start = wl[j].start;
		/* A line right after a newline starts a source line. */
		if (start == 0 || clean[start - 1] == '\n')
			quote = thread_view_is_quote(clean + start);
		thread_view_add(v, i, quote ? TV_QUOTE : TV_TEXT,
		    xstrndup(clean + start, wl[j].len));
	}
	free(wl);
	free(clean);
}

/* thread_view_post lays out post i: header, note, body, blank line. */
static void
thread_view_post(struct thread_view *v, size_t i)
{
	char	*note;

	v->heads[i] = v->nlines;
	thread_view_add(v, i, TV_HEADER, thread_view_header(v, i));
	if ((note = thread_view_note(v->posts[i])) != NULL)
		thread_view_add(v, i, TV_NOTE, note);
	if (v->posts[i]->deleted_at != 0)
		thread_view_add(v, i, TV_GONE, xstrdup(_("Deleted by its "
		    "author")));
	else
		thread_view_body(v, i);
	thread_view_add(v, i, TV_BLANK, NULL);
}

/* thread_view_max_top is the last line that may be at the top. */
static size_t
thread_view_max_top(const struct thread_view *v)
{
	return v->nlines > (size_t)v->rows ? v->nlines - (size_t)v->rows : 0;
}

/*
 * thread_view_layout lays the page out again when the width changed or
 * the posts were read again, keeping the same text at the top.
 */
static void
thread_view_layout(struct thread_view *v)
{
	size_t	apost = 0, aoff = 0, i;
	int	width;

	width = COLS - 4 > 0 ? COLS - 4 : 1;
	v->rows = LINES - 2 - THREAD_VIEW_TOP > 0 ?
	    LINES - 2 - THREAD_VIEW_TOP : 1;
	if (width != v->width || v->lines == NULL) {
		if (v->nlines > 0 && v->top < v->nlines) {
			apost = v->lines[v->top].post;
			aoff = v->top - v->heads[apost];
		}
		thread_view_free_lines(v);
		v->width = width;
		v->heads = xcalloc(v->n > 0 ? v->n : 1, sizeof *v->heads);
		v->nheads = v->n;
		for (i = 0; i < v->n; i++)
			thread_view_post(v, i);
		if (apost >= v->n)
			apost = aoff = 0;
		v->top = v->n > 0 ? v->heads[apost] + aoff : 0;
	}
	if (v->want != THREAD_VIEW_NONE && v->want < v->n)
		v->top = v->heads[v->want];
	v->want = THREAD_VIEW_NONE;
	if (v->want_end)
		v->top = thread_view_max_top(v);
	v->want_end = false;
	if (v->top > thread_view_max_top(v))
		v->top = thread_view_max_top(v);
}

/* thread_view_draw_line draws layout line i on row y. */
static void
thread_view_draw_line(struct thread_view *v, size_t i, int y)
{
	struct thread_view_line	*l = &v->lines[i];
	attr_t			 attr;

	switch (l->kind) {
	case TV_HEADER:
		attr = l->post == v->cur ? ui_attr(UI_C_SELECT) | A_BOLD :
		    A_BOLD;
		attrset(attr);
		if (l->post == v->cur)
			mvhline(y, 0, ' ', COLS);
		ui_put_text(y, 1, l->text, COLS - 2);
		attrset(A_NORMAL);
		break;
	case TV_NOTE:
		ui_put_plain(y, 2, l->text, v->width, ui_attr(UI_C_HOTKEY));
		break;
	case TV_TEXT:
		ui_put_plain(y, 2, l->text, v->width, A_NORMAL);
		break;
	case TV_QUOTE:
	case TV_GONE:
		ui_put_plain(y, 2, l->text, v->width, ui_attr(UI_C_DIM));
		break;
	}
}

/* thread_view_draw_position says which page and posts are shown. */
static void
thread_view_draw_position(const struct thread_view *v)
{
	char	*s;

	if (LINES < 4)
		return;
	if (v->n == 0)
		s = xstrdup(_("No posts to show"));
	else if (v->npages > 1)
		xasprintf(&s, _("Page %zu of %zu · posts %zu–%zu of %lld · "
		    "] next page · [ previous page"), v->page + 1, v->npages,
		    v->page * THREAD_VIEW_PAGE + 1, v->page * THREAD_VIEW_PAGE +
		    v->n, (long long)v->total);
	else
		xasprintf(&s, _("Page %zu of %zu · posts %zu–%zu of %lld"),
		    v->page + 1, v->npages, v->page * THREAD_VIEW_PAGE + 1,
		    v->page * THREAD_VIEW_PAGE + v->n, (long long)v->total);
	ui_put_plain(LINES - 2, 1, s, COLS - 2, ui_attr(UI_C_DIM));
	free(s);
}

/* thread_view_help_line is the status line's key help for the role. */
static const char *
thread_view_help_line(const struct thread_view *v)
{
	if (v->mod)
		return _("n/p post · r reply · h hide · a approve");
	return _("n/p post · r reply · Q quote · ! report");
}

/* thread_view_draw draws the visible lines as a layer. */
static void
thread_view_draw(void *arg)
{
	struct thread_view	*v = arg;
	size_t			 i;
	int64_t			 id;

	thread_view_layout(v);
	ui_frame(v->t->title, thread_view_help_line(v));
	if (LINES - 2 <= THREAD_VIEW_TOP)
		return;
	if (v->t->locked)
		ui_put_plain(1, 1, _("This thread is locked: you can read it, "
		    "but it takes no new replies."), COLS - 2,
		    ui_attr(UI_C_DIM));
	if (v->n == 0)
		ui_put_wrapped(THREAD_VIEW_TOP, 2, _("There are no posts to "
		    "show here."), v->width, v->rows, ui_attr(UI_C_DIM));
	for (i = v->top; i < v->nlines && i < v->top + (size_t)v->rows;
	    i++) {
		thread_view_draw_line(v, i, THREAD_VIEW_TOP + (int)(i -
		    v->top));
		/* A post is read once its last line has been on screen. */
		if (i + 1 < v->nlines && v->lines[i + 1].kind == TV_BLANK &&
		    (id = v->posts[v->lines[i].post]->id) > v->seen)
			v->seen = id;
	}
	thread_view_draw_position(v);
}

/* thread_view_mark_read records what has been shown. */
static void
thread_view_mark_read(struct thread_view *v)
{
	if (v->seen <= v->marked)
		return;
	if (forum_mark_read(ui->db, &ui->actor, v->thread_id, v->seen) ==
	    ST_OK)
		v->marked = v->seen;
}

/*
 * thread_view_load reads page (clamped to the pages there are) and makes
 * post cur of it current; it returns a status.
 */
static int
thread_view_load(struct thread_view *v, size_t page, size_t cur)
{
	int	st;

	for (;;) {
		posts_free_list(v->posts, v->n);
		v->posts = NULL;
		v->n = 0;
		st = forum_posts(ui->db, &ui->actor, v->thread_id, page *
		    THREAD_VIEW_PAGE, THREAD_VIEW_PAGE, &v->posts, &v->n,
		    &v->total);
		if (st != ST_OK) {
			v->posts = NULL;
			v->n = 0;
			v->total = 0;
		}
		v->npages = v->total > 0 ? ((size_t)v->total +
		    THREAD_VIEW_PAGE - 1) / THREAD_VIEW_PAGE : 1;
		if (st != ST_OK || page < v->npages || page == 0)
			break;
		page = v->npages - 1;
	}
	if (page != v->page)
		v->top = 0;
	v->page = page;
	v->cur = v->n > 0 && cur >= v->n ? v->n - 1 : cur;
	v->width = 0;
	return st;
}

/* thread_view_goto makes page/index current and brings it into view. */
static int
thread_view_goto(struct thread_view *v, size_t index)
{
	int	st;

	st = thread_view_load(v, index / THREAD_VIEW_PAGE,
	    index % THREAD_VIEW_PAGE);
	v->want = v->cur;
	return st;
}

/*
 * thread_view_refresh reads the thread and the page again after a change.
 * A thread the member no longer sees (they reported its opening post, say)
 * is left at once.
 */
static int
thread_view_refresh(struct thread_view *v)
{
	struct thread	*t = NULL;
	int		 st;

	if ((st = forum_thread(ui->db, &ui->actor, v->thread_id, &t)) !=
	    ST_OK) {
		v->gone = st == ST_NOTFOUND;
		return st;
	}
	thread_free(v->t);
	v->t = t;
	return thread_view_load(v, v->page, v->cur);
}

/* thread_view_follow makes the post at the top current after a scroll. */
static void
thread_view_follow(struct thread_view *v)
{
	size_t	h;

	if (v->n == 0 || v->nlines == 0 || v->cur >= v->nheads)
		return;
	h = v->heads[v->cur];
	if (h >= v->top && h < v->top + (size_t)v->rows)
		return;
	v->cur = v->lines[v->top < v->nlines ? v->top : v->nlines - 1].post;
}

/* thread_view_scroll moves the view by delta lines, turning pages. */
static void
thread_view_scroll(struct thread_view *v, long delta, bool turn)
{
	size_t	max = thread_view_max_top(v);

	if (turn && delta > 0 && v->top >= max && v->page + 1 < v->npages) {
		thread_view_load(v, v->page + 1, 0);
		v->want = 0;
		return;
	}
	if (turn && delta < 0 && v->top == 0 && v->page > 0) {
		thread_view_load(v, v->page - 1, THREAD_VIEW_PAGE - 1);
		v->want_end = true;
		return;
	}
	if (delta < 0 && (size_t)-delta > v->top)
		v->top = 0;
	else if (delta < 0)
		v->top -= (size_t)-delta;
	else if (v->top + (size_t)delta > max)
		v->top = max;
	else
		v->top += (size_t)delta;
	thread_view_follow(v);
}

/* thread_view_step makes the next (1) or previous (-1) post current. */
static void
thread_view_step(struct thread_view *v, int dir)
{
	if (dir > 0 && v->cur + 1 < v->n)
		v->cur++;
	else if (dir < 0 && v->cur > 0)
		v->cur--;
	else if (dir > 0 && v->page + 1 < v->npages)
		thread_view_load(v, v->page + 1, 0);
	else if (dir < 0 && v->page > 0)
		thread_view_load(v, v->page - 1, THREAD_VIEW_PAGE - 1);
	else {
		ui_flash(dir > 0 ? _("This is the last post.") :
		    _("This is the first post."));
		return;
	}
	v->want = v->cur;
}

/* thread_view_turn shows the next (1) or previous (-1) page. */
static void
thread_view_turn(struct thread_view *v, int dir)
{
	if (dir > 0 && v->page + 1 < v->npages)
		thread_view_load(v, v->page + 1, 0);
	else if (dir < 0 && v->page > 0)
		thread_view_load(v, v->page - 1, 0);
	else {
		ui_flash(dir > 0 ? _("This is the last page.") :
		    _("This is the first page."));
		return;
	}
	v->want = 0;
}

/* thread_view_move handles a movement key; false for other keys. */
static bool
thread_view_move(struct thread_view *v, int rc, wint_t ch)
{
	long	page = v->rows > 1 ? v->rows - 1 : 1;

	if (rc == OK) {
		switch (ch) {
		case 'k':
			thread_view_scroll(v, -1, false);
			return true;
		case 'j':
			thread_view_scroll(v, 1, false);
			return true;
		case ' ':
			thread_view_scroll(v, page, true);
			return true;
		case 'b':
			thread_view_scroll(v, -page, true);
			return true;
		case 'n':
		case 'p':
			thread_view_step(v, ch == 'n' ? 1 : -1);
			return true;
		case ']':
		case '>':
		case '[':
		case '<':
			thread_view_turn(v, ch == ']' || ch == '>' ? 1 : -1);
			return true;
		}
		return false;
	}
	switch (ch) {
	case KEY_UP:
		thread_view_scroll(v, -1, false);
		break;
	case KEY_DOWN:
		thread_view_scroll(v, 1, false);
		break;
	case KEY_PPAGE:
		thread_view_scroll(v, -page, true);
		break;
	case KEY_NPAGE:
		thread_view_scroll(v, page, true);
		break;
	case KEY_HOME:
		v->top = 0;
		thread_view_follow(v);
		break;
	case KEY_END:
		v->top = thread_view_max_top(v);
		thread_view_follow(v);
		break;
	default:
		return false;
	}
	return true;
}

/* thread_view_current is the current post, or NULL on an empty page. */
static struct post *
thread_view_current(const struct thread_view *v)
{
	return v->cur < v->n ? v->posts[v->cur] : NULL;
}

/* thread_view_may_reply tells the member kindly when they cannot reply. */
static int
thread_view_may_reply(const struct thread_view *v)
{
	if (v->t->locked && !v->mod)
		return ui_notice(_("This thread is locked"), _("This thread "
		    "takes no new replies, but you can still read it. If you "
		    "would like to talk about it, you are welcome to start a "
		    "new thread on the board.")) == -1 ? -1 : 0;
	if (v->board == NULL || !board_may_post(&ui->actor, v->board))
		return ui_notice(_("Reading only"), _("On this board your role "
		    "can read but not post. You are welcome to read "
		    "everything in it.")) == -1 ? -1 : 0;
	return 1;
}

/*
 * thread_view_quote builds a reply quoting the current post's lines.  It
 * starts with an empty line, where the editor's cursor starts, so what
 * the member types is never glued to a quoted line.
 */
static char *
thread_view_quote(const struct post *p)
{
	char	*clean, *line, *next, *out, *t;

	clean = text_sanitise(p->body != NULL ? p->body : "", true);
	out = xstrdup("\n");
	for (line = clean; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		xasprintf(&t, "%s> %s\n", out, line);
		free(out);
		out = t;
	}
	free(clean);
	return out;
}

/* thread_view_jump shows post_id, after the page is read again. */
static int
thread_view_jump(struct thread_view *v, int64_t post_id)
{
	size_t	index;
	int	st;

	if ((st = thread_view_refresh(v)) != ST_OK)
		return st;
	if (forum_post_index(ui->db, &ui->actor, v->thread_id, post_id,
	    &index) == ST_OK)
		return thread_view_goto(v, index);
	return ST_OK;
}

/* thread_view_reply replies, quoting the current post when asked. */
static int
thread_view_reply(struct thread_view *v, bool quote)
{
	struct post	*p = thread_view_current(v);
	char		*text = NULL;
	int64_t		 post_id = 0;
	int		 rc;

	if ((rc = thread_view_may_reply(v)) != 1)
		return rc;
	if (quote) {
		if (p == NULL || p->deleted_at != 0) {
			ui_flash(_("There is nothing to quote here."));
			return 0;
		}
		text = thread_view_quote(p);
	}
	rc = post_compose_reply(v->thread_id, text, &post_id);
	free(text);
	if (rc == 1)
		thread_view_jump(v, post_id);
	return rc == -1 ? -1 : 0;
}

/* thread_view_own checks that the current post is the member's own. */
static struct post *
thread_view_own(const struct thread_view *v)
{
	struct post	*p = thread_view_current(v);

	if (p == NULL)
		return NULL;
	if (!forum_may_edit(&ui->actor, p)) {
		ui_flash(p->deleted_at != 0 ? _("This post has been deleted.") :
		    _("You can only change your own posts."));
		return NULL;
	}
	return p;
}

/* thread_view_edit edits the member's own current post. */
static int
thread_view_edit(struct thread_view *v)
{
	struct post	*p;
	int		 rc;

	if ((p = thread_view_own(v)) == NULL)
		return 0;
	rc = post_compose_edit(p, p->id == v->t->first_post_id ?
	    v->t->title : NULL);
	if (rc == 1)
		thread_view_refresh(v);
	return rc == -1 ? -1 : 0;
}

/* thread_view_delete deletes the member's own current post, after asking. */
static int
thread_view_delete(struct thread_view *v)
{
	struct post	*p;
	int		 rc, st;

	if ((p = thread_view_own(v)) == NULL)
		return 0;
	if ((rc = dialog_confirm(_("Delete your post?"), _("It will show as "
	    "\"Deleted by its author\" and cannot be brought back."))) != 1)
		return rc;
	if ((st = forum_delete(ui->db, &ui->actor, p->id)) != ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	thread_view_refresh(v);
	ui_status(_("Your post is deleted."));
	return 0;
}

/* thread_view_report reports the current post to the moderators. */
static int
thread_view_report(struct thread_view *v)
{
	struct post	*p = thread_view_current(v);
	int		 rc;

	if (p == NULL)
		return 0;
	if (p->deleted_at != 0) {
		ui_flash(_("This post has been deleted."));
		return 0;
	}
	if (p->author_id == ui->actor.id) {
		ui_flash(_("This is your own post: you can edit or delete it "
		    "instead."));
		return 0;
	}
	if ((rc = post_report_run(p->id)) == 1)
		thread_view_refresh(v);
	return rc == -1 ? -1 : 0;
}

/* thread_view_mod_done reports a moderator's action and reads again. */
static int
thread_view_mod_done(struct thread_view *v, int st, const char *done)
{
	if (st != ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	thread_view_refresh(v);
	ui_status(done);
	return 0;
}

/* thread_view_moderate runs a moderator's key on the current post. */
static int
thread_view_moderate(struct thread_view *v, wint_t key)
{
	struct post	*p = thread_view_current(v);

	if (key == 'l')
		return thread_view_mod_done(v, mod_lock(ui->db, &ui->actor,
		    v->thread_id, !v->t->locked), v->t->locked ?
		    _("The thread is open again.") :
		    _("The thread is locked."));
	if (p == NULL)
		return 0;
	switch (key) {
	case 'h':
		if (mod_hide_run(p->id) == -1)
			return -1;
		thread_view_refresh(v);
		return 0;
	case 'a':
		if (p->state == POST_VISIBLE || p->state == POST_HIDDEN)
			break;
		return thread_view_mod_done(v, mod_approve(ui->db, &ui->actor,
		    p->id), _("The post is approved."));
	case 'u':
		if (p->state != POST_HIDDEN)
			break;
		return thread_view_mod_done(v, mod_restore(ui->db, &ui->actor,
		    p->id), _("The post is visible again."));
	}
	ui_flash(key == 'a' ? _("Only a post that waits for a moderator can "
	    "be approved.") : _("Only a hidden post can be restored."));
	return 0;
}

/* thread_view_suspend pauses the current post's author's posting. */
static int
thread_view_suspend(struct thread_view *v)
{
	struct post	*p = thread_view_current(v);

	if (!role_may(&ui->actor, ACT_SUSPEND_POSTING, NULL)) {
		ui_flash(_("Only moderators can do that."));
		return 0;
	}
	if (p == NULL)
		return 0;
	return mod_suspend_run(p->author_id, p->author_name != NULL &&
	    *p->author_name == '\0' ? _("former member") : p->author_name) ==
	    -1 ? -1 : 0;
}

/* thread_view_help explains the keys the role may use. */
static int
thread_view_help(const struct thread_view *v)
{
	char	*text;
	int	 rc;

	xasprintf(&text, "%s%s", _("Up and Down (or k and j): one line\n"
	    "PgUp and PgDn (or b and Space): one screen\n"
	    "n and p: next and previous post\n"
	    "] and [ (or > and <): next and previous page of posts\n"
	    "r: reply\n"
	    "Q or \": reply quoting the highlighted post\n"
	    "e and d: edit or delete your own post\n"
	    "!: report the post to the moderators\n"
	    "Esc, q or Left: go back"), v->mod ? _("\n"
	    "h: hide the post · a: approve it · u: restore it\n"
	    "s: pause the author's posting · l: lock or unlock the thread") :
	    "");
	rc = dialog_message(_("Reading keys"), text);
	free(text);
	return rc == -1 ? -1 : THREAD_VIEW_CONTINUE;
}

/* thread_view_action runs an action key; it returns -1 or continue. */
static int
thread_view_action(struct thread_view *v, wint_t ch)
{
	int	rc = 0;

	switch (ch) {
	case 'r':
		rc = thread_view_reply(v, false);
		break;
	case 'Q':
	case '"':
		rc = thread_view_reply(v, true);
		break;
	case 'e':
		rc = thread_view_edit(v);
		break;
	case 'd':
		rc = thread_view_delete(v);
		break;
	case '!':
		rc = thread_view_report(v);
		break;
	case 's':
		rc = thread_view_suspend(v);
		break;
	case 'h':
	case 'a':
	case 'u':
	case 'l':
		if (v->mod)
			rc = thread_view_moderate(v, ch);
		else
			ui_flash(_("Only moderators can do that."));
		break;
	}
	if (rc == -1)
		return -1;
	return v->gone ? 0 : THREAD_VIEW_CONTINUE;
}

/* thread_view_key acts on one key: 0 back, -1 quit, or continue. */
static int
thread_view_key(struct thread_view *v, int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES && ch == UI_KEY_QUIT)
		return -1;
	if (ui_key_is_back(rc, ch))
		return 0;
	if (thread_view_move(v, rc, ch))
		return THREAD_VIEW_CONTINUE;
	if (rc != OK)
		return THREAD_VIEW_CONTINUE;
	if (ch == '?')
		return thread_view_help(v);
	return thread_view_action(v, ch);
}

/* thread_view_start finds where to open: post_id, else the first unread. */
static int
thread_view_start(struct thread_view *v, int64_t post_id)
{
	size_t	index = 0;

	if (post_id != 0 && forum_post_index(ui->db, &ui->actor, v->thread_id,
	    post_id, &index) != ST_OK) {
		ui_flash(_("That post is not there any more."));
		post_id = 0;
	}
	if (post_id == 0 && forum_first_unread(ui->db, &ui->actor,
	    v->thread_id, &index) != ST_OK)
		index = 0;
	return thread_view_goto(v, index);
}

/* thread_view_loop shows the thread until the member goes back. */
static int
thread_view_loop(struct thread_view *v)
{
	wint_t	ch;
	int	rc, result;

	ui_push(thread_view_draw, v);
	do {
		ui_redraw();
		thread_view_mark_read(v);
		rc = ui_getkey(&ch);
		result = thread_view_key(v, rc, ch);
	} while (result == THREAD_VIEW_CONTINUE);
	ui_pop();
	return result;
}

/*
 * thread_view_run reads thread_id, opening at post_id (0: at the first
 * unread post); it returns 0, or -1 when the session is ending.
 */
int
thread_view_run(int64_t thread_id, int64_t post_id)
{
	struct thread_view	v;
	int			st, rc;

	memset(&v, 0, sizeof v);
	v.thread_id = thread_id;
	v.want = THREAD_VIEW_NONE;
	v.mod = forum_may_moderate(&ui->actor);
	if ((st = forum_thread(ui->db, &ui->actor, thread_id, &v.t)) != ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	v.marked = v.t->last_read_id;
	if (board_get(ui->db, &ui->actor, v.t->board_id, &v.board) != ST_OK)
		v.board = NULL;
	if ((st = thread_view_start(&v, post_id)) != ST_OK)
		rc = ui_notice_status(st, NULL) == -1 ? -1 : 0;
	else
		rc = thread_view_loop(&v);
	thread_view_free_lines(&v);
	posts_free_list(v.posts, v.n);
	board_free(v.board);
	thread_free(v.t);
	return rc;
}
