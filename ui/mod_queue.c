/*
 * mod_queue.c: the moderation queue, for professionals and moderators.
 *
 * Pending (pre-moderated or with contact details), held (risk language,
 * banned words) and reported posts wait here, urgent first and then the
 * oldest, with how long each has waited.  Opening one shows its text and
 * reports and what can be done: approve, hide with a reason, restore,
 * read it in its thread, suspend its author's posting.  The domain layer
 * refuses all of it to other roles; patients never reach this screen.
 *
 * The queue is read a page at a time as rows come into view, so it stays
 * quick however long it grows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define MOD_QUEUE_PAGE	100	/* posts read at once */

struct mod_queue_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	struct post		**page;		/* the cached page of rows */
	size_t			  page_n;
	size_t			  page_off;
	bool			  page_bad;	/* the last read failed */
	char			  header[256];
};

static const int mod_queue_widths[] = { 7, 24, 11, 20, 0 };

/* mod_queue_page_free drops the cached page. */
static void
mod_queue_page_free(struct mod_queue_view *v)
{
	posts_free_list(v->page, v->page_n);
	v->page = NULL;
	v->page_n = 0;
	v->page_off = 0;
}

/* mod_queue_post returns row i, reading its page when needed, or NULL. */
static struct post *
mod_queue_post(struct mod_queue_view *v, size_t i)
{
	size_t	off;

	if (v->page != NULL && i >= v->page_off &&
	    i < v->page_off + v->page_n)
		return v->page[i - v->page_off];
	off = i - i % MOD_QUEUE_PAGE;
	if (v->page_bad && off == v->page_off)
		return NULL;
	mod_queue_page_free(v);
	v->page_off = off;
	v->page_bad = mod_queue(ui->db, &ui->actor, off, MOD_QUEUE_PAGE,
	    &v->page, &v->page_n) != ST_OK;
	if (v->page_bad) {
		v->page = NULL;
		v->page_n = 0;
	}
	if (i >= v->page_off && i < v->page_off + v->page_n)
		return v->page[i - v->page_off];
	return NULL;
}

/* mod_queue_waiting formats how long a post has waited. */
static void
mod_queue_waiting(int64_t since, char *buf, size_t len)
{
	ui_format_duration(since > 0 ? db_now() - since : 0, buf, len);
}

/* mod_queue_append adds ", what" (or "what" first) to buf. */
static void
mod_queue_append(char *buf, size_t len, const char *what)
{
	size_t	used = strlen(buf);

	if (used >= len)
		return;
	snprintf(buf + used, len - used, "%s%s", used > 0 ? ", " : "", what);
}

/*
 * mod_queue_why says why a post waits: risk language, contact details,
 * banned words, premoderated, N reports; the most pressing first.
 */
static void
mod_queue_why(const struct post *p, char *buf, size_t len)
{
	char	reports[64];

	buf[0] = '\0';
	if (p->hold & POST_HOLD_RISK)
		mod_queue_append(buf, len, _("risk language"));
	if (p->hold & POST_HOLD_CONTACT)
		mod_queue_append(buf, len, _("contact details"));
	if (p->hold & POST_HOLD_BANNED)
		mod_queue_append(buf, len, _("banned words"));
	if (p->hold & POST_HOLD_PREMODERATED)
		mod_queue_append(buf, len, _("premoderated"));
	if (p->reports > 0) {
		snprintf(reports, sizeof reports, ngettext("%lld report",
		    "%lld reports", (unsigned long)p->reports),
		    (long long)p->reports);
		mod_queue_append(buf, len, reports);
	}
	if (buf[0] != '\0')
		return;
	if (p->state == POST_REPORTED)
		mod_queue_append(buf, len, _("reported"));
	else if (p->state == POST_HELD)
		mod_queue_append(buf, len, _("held for review"));
	else
		mod_queue_append(buf, len, _("awaiting approval"));
}

/*
 * mod_queue_author formats "name [BADGE]" (no badge for members), or
 * "former member" for a post whose author the community forgot.
 */
static void
mod_queue_author(const struct post *p, char *buf, size_t len)
{
	const char	*badge = role_badge(p->author_role);

	if (p->author_name != NULL && *p->author_name == '\0')
		snprintf(buf, len, "%s", _("former member"));
	else
		snprintf(buf, len, "%s%s%s", p->author_name != NULL ?
		    p->author_name : "?", *badge != '\0' ? " " : "", badge);
}

/* mod_queue_row formats one waiting post for the list. */
static void
mod_queue_row(void *arg, size_t i, char *buf, size_t len)
{
	struct mod_queue_view	*v = arg;
	struct post		*p;
	const char		*cells[5];
	char			 why[160], wait[32], author[96];

	if ((p = mod_queue_post(v, i)) == NULL) {
		snprintf(buf, len, "%s", "…");
		return;
	}
	mod_queue_why(p, why, sizeof why);
	mod_queue_waiting(p->queued_at, wait, sizeof wait);
	mod_queue_author(p, author, sizeof author);
	cells[0] = p->urgent ? _("URGENT") : "";
	cells[1] = why;
	cells[2] = wait;
	cells[3] = p->thread_title;
	cells[4] = author;
	ui_columns(buf, len, mod_queue_widths, cells, 5);
}

/* mod_queue_load counts the queue; rows are read as they are shown. */
static int
mod_queue_load(struct list_screen *ls)
{
	int64_t	n = 0, urgent = 0;
	int	st;

	st = mod_queue_count(ui->db, &ui->actor, &n, &urgent);
	ls->list.n = st == ST_OK && n > 0 ? (size_t)n : 0;
	return st;
}

/* mod_queue_unload frees the cached rows. */
static void
mod_queue_unload(struct list_screen *ls)
{
	struct mod_queue_view	*v = (struct mod_queue_view *)ls;

	mod_queue_page_free(v);
	v->page_bad = false;
}

/* mod_queue_state_label says where a post stands, for moderators. */
static char *
mod_queue_state_label(const struct post *p)
{
	char	*s = NULL;

	switch (p->state) {
	case POST_VISIBLE:
		s = xstrdup(_("visible to everyone"));
		break;
	case POST_PENDING:
		s = xstrdup(_("awaiting approval"));
		break;
	case POST_HELD:
		s = xstrdup(_("held for review"));
		break;
	case POST_REPORTED:
		s = xstrdup(_("reported, hidden from others"));
		break;
	default:
		if (p->mod_reason >= 0 && p->mod_reason < HIDE_COUNT)
			xasprintf(&s, _("hidden by a moderator: %s"),
			    _(hide_reason_label(p->mod_reason)));
		else
			s = xstrdup(_("hidden by a moderator"));
		break;
	}
	return s;
}

/* mod_queue_cat appends add to *s, which it reallocates. */
static void
mod_queue_cat(char **s, const char *add)
{
	char	*t = NULL;

	xasprintf(&t, "%s%s", *s != NULL ? *s : "", add);
	free(*s);
	*s = t;
}

/* mod_queue_reports_text appends the reports, one line each. */
static void
mod_queue_reports_text(char **s, struct report **r, size_t n)
{
	char	*line = NULL, when[32];
	size_t	 i;

	if (n == 0)
		return;
	mod_queue_cat(s, "\n\n");
	xasprintf(&line, ngettext("%zu report:", "%zu reports:", n), n);
	mod_queue_cat(s, line);
	for (i = 0; i < n; i++) {
		free(line);
		ui_format_time(r[i]->created_at, when, sizeof when);
		mod_queue_cat(s, "\n");
		xasprintf(&line, _("- %s, by %s, %s"),
		    _(report_reason_label(r[i]->reason)),
		    r[i]->reporter_name != NULL ? r[i]->reporter_name : "?",
		    when);
		mod_queue_cat(s, line);
		if (r[i]->note != NULL && *r[i]->note != '\0') {
			free(line);
			xasprintf(&line, ": \"%s\"", r[i]->note);
			mod_queue_cat(s, line);
		}
	}
	free(line);
}

/* mod_queue_item_text describes a post for the moderator. */
static char *
mod_queue_item_text(const struct post *p, struct report **r, size_t nr)
{
	struct board	*b = NULL;
	char		*s = NULL, *line = NULL, *state, why[160], wait[32];
	char		 author[96], when[32];

	if (p->urgent) {
		mod_queue_cat(&s, _("URGENT: someone may not be safe."));
		mod_queue_cat(&s, "\n");
	}
	mod_queue_author(p, author, sizeof author);
	ui_format_time(p->created_at, when, sizeof when);
	if (board_get(ui->db, &ui->actor, p->board_id, &b) == ST_OK)
		xasprintf(&line, _("In \"%s\" (%s), by %s, %s."),
		    p->thread_title != NULL ? p->thread_title : "", b->name,
		    author, when);
	else
		xasprintf(&line, _("In \"%s\", by %s, %s."),
		    p->thread_title != NULL ? p->thread_title : "", author,
		    when);
	board_free(b);
	mod_queue_cat(&s, line);
	mod_queue_cat(&s, "\n");
	free(line);
	state = mod_queue_state_label(p);
	if (p->state != POST_VISIBLE && p->state != POST_HIDDEN) {
		mod_queue_why(p, why, sizeof why);
		mod_queue_waiting(p->queued_at, wait, sizeof wait);
		xasprintf(&line, _("State: %s (%s), waiting %s."), state,
		    why, wait);
	} else
		xasprintf(&line, _("State: %s."), state);
	mod_queue_cat(&s, line);
	free(line);
	free(state);
	mod_queue_cat(&s, "\n\n");
	mod_queue_cat(&s, p->deleted_at != 0 ? _("Deleted by its author.") :
	    p->body);
	mod_queue_reports_text(&s, r, nr);
	return s;
}

/* mod_queue_approve publishes a post after confirmation. */
static int
mod_queue_approve(const struct post *p)
{
	int	rc, st;

	rc = dialog_confirm(_("Approve"), _("Publish this post? Everyone "
	    "who reads the board will see it, and its reports are closed."));
	if (rc != 1)
		return rc;
	if ((st = mod_approve(ui->db, &ui->actor, p->id)) != ST_OK)
		return ui_notice_status(st, NULL);
	ui_status(_("Approved: the post is visible now."));
	return 0;
}

/* mod_queue_restore makes a hidden post visible again. */
static int
mod_queue_restore(const struct post *p)
{
	int	rc, st;

	rc = dialog_confirm(_("Restore"), _("Make this post visible again? "
	    "Its author will be told."));
	if (rc != 1)
		return rc;
	if ((st = mod_restore(ui->db, &ui->actor, p->id)) != ST_OK)
		return ui_notice_status(st, NULL);
	ui_status(_("Restored: the post is visible again."));
	return 0;
}

enum {
	MOD_ITEM_READ,
	MOD_ITEM_APPROVE,
	MOD_ITEM_HIDE,
	MOD_ITEM_RESTORE,
	MOD_ITEM_OPEN,
	MOD_ITEM_SUSPEND,
};

/* mod_queue_item_menu lists what can be done to the post now. */
static size_t
mod_queue_item_menu(const struct post *p, struct menu_item *items,
    char **suspend)
{
	struct target	t = TARGET_NONE;
	size_t		n = 0;

	items[n++] = (struct menu_item){ 'r', _("Read the whole post and "
	    "its reports"), MOD_ITEM_READ };
	if (p->state != POST_VISIBLE && p->state != POST_HIDDEN)
		items[n++] = (struct menu_item){ 'a', _("Approve: publish it"),
		    MOD_ITEM_APPROVE };
	if (p->state != POST_HIDDEN)
		items[n++] = (struct menu_item){ 'h', _("Hide it, with a "
		    "reason for the author"), MOD_ITEM_HIDE };
	else
		items[n++] = (struct menu_item){ 'u', _("Restore: make it "
		    "visible again"), MOD_ITEM_RESTORE };
	items[n++] = (struct menu_item){ 'o', _("Open the thread at this "
	    "post"), MOD_ITEM_OPEN };
	/* Only members' posting is suspended (bbs/moderation.c). */
	t.owner_id = p->author_id;
	if ((p->author_role == ROLE_PATIENT || p->author_role == ROLE_EXPERT) &&
	    role_may(&ui->actor, ACT_SUSPEND_POSTING, &t)) {
		xasprintf(suspend, _("Suspend posting by %s"),
		    p->author_name == NULL ? "?" : *p->author_name == '\0' ?
		    _("former member") : p->author_name);
		items[n++] = (struct menu_item){ 's', *suspend,
		    MOD_ITEM_SUSPEND };
	}
	return n;
}

/* mod_queue_item_act does what was chosen on the post. */
static int
mod_queue_item_act(const struct post *p, int choice, const char *text)
{
	switch (choice) {
	case MOD_ITEM_READ:
		return pager_run(_("Moderation · post"), text, NULL);
	case MOD_ITEM_APPROVE:
		return mod_queue_approve(p);
	case MOD_ITEM_HIDE:
		return mod_hide_run(p->id);
	case MOD_ITEM_RESTORE:
		return mod_queue_restore(p);
	case MOD_ITEM_OPEN:
		return thread_view_run(p->thread_id, p->id);
	case MOD_ITEM_SUSPEND:
		return mod_suspend_run(p->author_id, p->author_name != NULL &&
		    *p->author_name == '\0' ? _("former member") :
		    p->author_name);
	default:
		return 0;
	}
}

/* mod_queue_decided tells whether the post has left the queue's states. */
static bool
mod_queue_decided(const struct post *p, int first_state)
{
	return p->state != first_state && (p->state == POST_VISIBLE ||
	    p->state == POST_HIDDEN);
}

/*
 * mod_queue_item_run shows one post with its reports and the actions on
 * it, until the moderator goes back or decides; it returns 0 or -1.
 */
static int
mod_queue_item_run(int64_t post_id)
{
	struct post		 *p = NULL;
	struct report		**reports = NULL;
	struct menu_item	  items[6];
	char			 *text = NULL, *suspend = NULL;
	size_t			  nr = 0, n;
	int			  sel = 0, first = -1, choice, rc = 0, st;

	while (rc != -1) {
		post_free(p);
		reports_free_list(reports, nr);
		p = NULL;
		reports = NULL;
		nr = 0;
		if ((st = forum_post(ui->db, &ui->actor, post_id, &p)) !=
		    ST_OK) {
			p = NULL;
			rc = ui_notice_status(st, NULL);
			break;
		}
		if (first == -1)
			first = p->state;
		else if (mod_queue_decided(p, first))
			break;
		if (mod_reports(ui->db, &ui->actor, post_id, &reports, &nr) !=
		    ST_OK) {
			reports = NULL;
			nr = 0;
		}
		free(text);
		free(suspend);
		suspend = NULL;
		text = mod_queue_item_text(p, reports, nr);
		n = mod_queue_item_menu(p, items, &suspend);
		choice = menu_run(_("Moderation · post"), text, items, n, &sel);
		if (choice == MENU_QUIT)
			rc = -1;
		else if (choice == MENU_BACK)
			break;
		else
			rc = mod_queue_item_act(p, choice, text);
	}
	post_free(p);
	reports_free_list(reports, nr);
	free(text);
	free(suspend);
	return rc;
}

/*
 * mod_queue_act: Enter opens a post; a approves, h hides, o opens it in its
 * thread; r shows the monthly report, even with an empty queue.
 */
static int
mod_queue_act(struct list_screen *ls, size_t sel, wint_t key, bool select)
{
	struct mod_queue_view	*v = (struct mod_queue_view *)ls;
	struct post		*p;

	if (!select && key == 'r')
		return mod_report_run();
	if ((p = mod_queue_post(v, sel)) == NULL)
		return 0;
	if (select)
		return mod_queue_item_run(p->id);
	switch (key) {
	case 'a':
		return mod_queue_approve(p);
	case 'h':
		return mod_hide_run(p->id);
	case 'o':
		return thread_view_run(p->thread_id, p->id);
	default:
		return 0;
	}
}

/* mod_queue_run shows the moderation queue until the user goes back. */
int
mod_queue_run(void)
{
	struct mod_queue_view	 v;
	const char		*heads[5];
	int			 rc;

	memset(&v, 0, sizeof v);
	heads[0] = "";
	heads[1] = _("Why held");
	heads[2] = _("Waiting");
	heads[3] = _("Thread");
	heads[4] = _("Author");
	ui_columns(v.header, sizeof v.header, mod_queue_widths, heads, 5);
	v.ls.list.title = _("Moderation queue");
	v.ls.list.header = v.header;
	v.ls.list.help = _("a approve · h hide · o thread · r report");
	v.ls.list.row = mod_queue_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("Nothing is waiting for a moderator. Thank you "
	    "for looking after the community.");
	v.ls.load = mod_queue_load;
	v.ls.unload = mod_queue_unload;
	v.ls.act = mod_queue_act;
	rc = list_screen_run(&v.ls);
	return rc;
}
