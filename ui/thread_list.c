/*
 * thread_list.c: the threads of one board, a page at a time.
 *
 * A board may hold any number of threads, so the list keeps only one page
 * of them (THREAD_LIST_PAGE) and reads another when the list widget asks
 * for a row outside it; the widget asks only for the rows it shows.
 * Moderators lock, pin and move threads from here; bbs/moderation.c
 * checks that they may.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define THREAD_LIST_PAGE	100	/* threads read at a time */
#define THREAD_LIST_COLS	5

struct thread_list_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	int64_t			  board_id;
	struct board		 *board;
	struct thread		**cache;
	size_t			  ncache;
	size_t			  off;		/* index of cache[0] */
	int64_t			  total;
	bool			  mod;
	int			  cols;		/* COLS the header is for */
	char			  header[512];
};

/*
 * thread_list_author writes a pseudonym with its role badge, so members
 * can tell clinical voices apart.  An author the community forgot (her
 * posts anonymised: storage gives "") is a "former member".
 */
void
thread_list_author(char *buf, size_t len, const char *name, int role)
{
	const char	*badge = role_badge(role);

	if (name != NULL && *name == '\0') {
		snprintf(buf, len, "%s", _("former member"));
		return;
	}

	if (*badge != '\0')
		snprintf(buf, len, "%s %s", name != NULL ? name : "", badge);
	else
		snprintf(buf, len, "%s", name != NULL ? name : "");
}

/* thread_list_widths sizes the columns to the screen: the title grows. */
static void
thread_list_widths(int *w)
{
	int	title;

	w[0] = 1;		/* new */
	w[2] = COLS < 60 ? 10 : 16;	/* author */
	w[3] = 7;		/* replies */
	w[4] = 0;		/* last activity: the rest */
	title = COLS - 2 - (w[0] + 1) - (w[2] + 1) - (w[3] + 1) - 16;
	w[1] = title > 12 ? title - 1 : 12;
}

/* thread_list_header sets the column headings for the current width. */
static void
thread_list_header(struct thread_list_view *v)
{
	const char	*heads[THREAD_LIST_COLS];
	int		 w[THREAD_LIST_COLS];

	thread_list_widths(w);
	heads[0] = "";
	heads[1] = _("Thread");
	heads[2] = _("Started by");
	heads[3] = _("Replies");
	heads[4] = _("Last post (UTC)");
	ui_columns(v->header, sizeof v->header, w, heads, THREAD_LIST_COLS);
	v->cols = COLS;
}

/* thread_list_fetch reads the page of threads holding row i. */
static int
thread_list_fetch(struct thread_list_view *v, size_t i)
{
	int	st;

	threads_free_list(v->cache, v->ncache);
	v->cache = NULL;
	v->ncache = 0;
	v->off = i - i % THREAD_LIST_PAGE;
	st = forum_threads(ui->db, &ui->actor, v->board_id, v->off,
	    THREAD_LIST_PAGE, &v->cache, &v->ncache, &v->total);
	if (st != ST_OK) {
		v->cache = NULL;
		v->ncache = 0;
	}
	return st;
}

/* thread_list_get returns thread i, reading its page if needed. */
static struct thread *
thread_list_get(struct thread_list_view *v, size_t i)
{
	if (i < v->off || i >= v->off + v->ncache) {
		if (thread_list_fetch(v, i) != ST_OK)
			return NULL;
	}
	if (i < v->off || i >= v->off + v->ncache)
		return NULL;
	return v->cache[i - v->off];
}

/* thread_list_title writes the title with its pinned and other marks. */
static void
thread_list_title(char *buf, size_t len, const struct thread *t)
{
	const char	*state;

	state = t->state != POST_VISIBLE ? thread_view_state(t->state) : NULL;
	snprintf(buf, len, "%s%s%s%s", t->pinned ? _("[pinned]") : "",
	    t->pinned ? " " : "", t->locked ? _("[locked]") : "",
	    t->locked ? " " : "");
	if (state != NULL)
		snprintf(buf + strlen(buf), len - strlen(buf), "[%s] ", state);
	snprintf(buf + strlen(buf), len - strlen(buf), "%s", t->title);
}

/* thread_list_row formats one thread for the list. */
static void
thread_list_row(void *arg, size_t i, char *buf, size_t len)
{
	struct thread_list_view	*v = arg;
	struct thread		*t;
	char			 title[512], author[128], replies[24];
	char			 when[32];
	const char		*cells[THREAD_LIST_COLS];
	int			 w[THREAD_LIST_COLS];

	if (v->cols != COLS)
		thread_list_header(v);
	if ((t = thread_list_get(v, i)) == NULL) {
		snprintf(buf, len, "%s", _("(could not be read)"));
		return;
	}
	thread_list_widths(w);
	thread_list_title(title, sizeof title, t);
	thread_list_author(author, sizeof author, t->author_name,
	    t->author_role);
	snprintf(replies, sizeof replies, "%lld",
	    (long long)(t->posts > 0 ? t->posts - 1 : 0));
	ui_format_time(t->last_post_at, when, sizeof when);
	cells[0] = t->last_post_id > t->last_read_id ? "*" : "";
	cells[1] = title;
	cells[2] = author;
	cells[3] = replies;
	cells[4] = when;
	ui_columns(buf, len, w, cells, THREAD_LIST_COLS);
}

/* thread_list_help shows only the keys this member may use here. */
static void
thread_list_help(struct thread_list_view *v)
{
	bool	may_post = board_may_post(&ui->actor, v->board);

	v->ls.list.empty = may_post ? _("No threads yet. Press n to start "
	    "the first one.") : _("No threads yet.");
	if (v->mod)
		v->ls.list.help = _("n new · l lock · p pin · m move");
	else
		v->ls.list.help = may_post ? _("Enter read · n new thread") :
		    _("Enter read");
}

/* thread_list_load reads the board and the page around the selection. */
static int
thread_list_load(struct list_screen *ls)
{
	struct thread_list_view	*v = (struct thread_list_view *)ls;
	int			 st;

	if ((st = board_get(ui->db, &ui->actor, v->board_id, &v->board)) !=
	    ST_OK)
		return st;
	ls->list.title = v->board->name;
	if ((st = thread_list_fetch(v, ls->sel)) != ST_OK)
		return st;
	if (v->ncache == 0 && v->total > 0 &&
	    (st = thread_list_fetch(v, 0)) != ST_OK)
		return st;
	ls->list.n = v->total > 0 ? (size_t)v->total : 0;
	thread_list_help(v);
	thread_list_header(v);
	return ST_OK;
}

/* thread_list_unload frees the board and the cached page. */
static void
thread_list_unload(struct list_screen *ls)
{
	struct thread_list_view	*v = (struct thread_list_view *)ls;

	threads_free_list(v->cache, v->ncache);
	v->cache = NULL;
	v->ncache = 0;
	v->off = 0;
	board_free(v->board);
	v->board = NULL;
	ls->list.title = _("Board");
}

/* thread_list_new starts a thread, then opens it. */
static int
thread_list_new(struct thread_list_view *v)
{
	int64_t	thread_id = 0, post_id = 0;
	int	rc;

	if (!board_may_post(&ui->actor, v->board))
		return ui_notice(v->board->name, _("This board is for "
		    "reading: your role cannot start threads here. You are "
		    "welcome to read everything in it.")) == -1 ? -1 : 0;
	if ((rc = post_compose_thread(v->board_id, &thread_id, &post_id)) !=
	    1)
		return rc;
	v->ls.sel = 0;
	return thread_view_run(thread_id, post_id);
}

/* thread_list_mod runs a moderator's key on thread t. */
static int
thread_list_mod(struct thread *t, wint_t key)
{
	int	st;

	if (key == 'm')
		return mod_move_run(t->id);
	if (key == 'l')
		st = mod_lock(ui->db, &ui->actor, t->id, !t->locked);
	else
		st = mod_pin(ui->db, &ui->actor, t->id, !t->pinned);
	if (st != ST_OK)
		return ui_notice_status(st, NULL);
	if (key == 'l')
		ui_status(t->locked ? _("The thread is open again.") :
		    _("The thread is locked."));
	else
		ui_status(t->pinned ? _("The thread is no longer pinned.") :
		    _("The thread is pinned."));
	return 0;
}

/* thread_list_act opens a thread, starts one, or runs a moderator's key. */
static int
thread_list_act(struct list_screen *ls, size_t sel, wint_t key, bool select)
{
	struct thread_list_view	*v = (struct thread_list_view *)ls;
	struct thread		*t;
	int			 rc;

	t = ls->list.n > 0 ? thread_list_get(v, sel) : NULL;
	if (select)
		return t != NULL ? thread_view_run(t->id, 0) : 0;
	if (key == 'n')
		return thread_list_new(v);
	if (key != 'l' && key != 'p' && key != 'm')
		return 0;
	if (!v->mod) {
		ui_flash(_("Only moderators can do that."));
		return 0;
	}
	if (t == NULL)
		return 0;
	rc = thread_list_mod(t, key);
	return rc == -1 ? -1 : 0;
}

/* thread_list_run lists the threads of board_id; Enter opens one. */
int
thread_list_run(int64_t board_id)
{
	struct thread_list_view	v;

	memset(&v, 0, sizeof v);
	v.board_id = board_id;
	v.mod = forum_may_moderate(&ui->actor);
	v.ls.list.title = _("Board");
	v.ls.list.header = v.header;
	v.ls.list.help = _("Enter read");
	v.ls.list.row = thread_list_row;
	v.ls.list.arg = &v;
	v.ls.load = thread_list_load;
	v.ls.unload = thread_list_unload;
	v.ls.act = thread_list_act;
	return list_screen_run(&v.ls);
}
