/*
 * programme_list.c: "My programme", the self-help modules a patient's
 * professional assigned her, and the page of each module: its
 * introduction and its sessions, done, open or locked (until she
 * finishes the one before, or until a date when her professional set a
 * schedule), the next step highlighted.  Both are read again after every
 * visit to a session, so what they say is never stale.  bbs/programme.c
 * gives her only her own programme and decides what is open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui.h"

/* One showing of the programme (or of one module in it). */
struct programme_list_view {
	struct programme_item	*items;
	size_t			 n;
	struct programme_item	*it;		/* the module shown, or NULL */
};

/* programme_list_load reads her programme, in her language. */
static int
programme_list_load(struct programme_list_view *v)
{
	programme_free(v->items, v->n);
	v->items = NULL;
	v->n = 0;
	v->it = NULL;
	return programme_list(ui->db, ui->conf, &ui->actor, 0,
	    ui->me->language, &v->items, &v->n);
}

/* programme_list_title is a module's title, or its id without one. */
static const char *
programme_list_title(const struct programme_item *it)
{
	return it->def != NULL ? it->def->title : it->module;
}

/* programme_list_nsessions is how many sessions a module has. */
static size_t
programme_list_nsessions(const struct programme_item *it)
{
	return it->def != NULL ? it->def->nsessions : 0;
}

/* programme_list_done tells whether every session of it is done. */
static bool
programme_list_done(const struct programme_item *it)
{
	size_t	n = programme_list_nsessions(it);

	return it->completed_at != 0 || (n > 0 && it->sessions_done >= n);
}

/* programme_list_due is the soonest homework due in an open session. */
static int64_t
programme_list_due(const struct programme_item *it)
{
	int64_t	due = 0;
	size_t	i;

	for (i = 0; i < programme_list_nsessions(it); i++) {
		if (!it->sessions[i].unlocked ||
		    it->sessions[i].completed_at != 0 ||
		    it->sessions[i].due_at == 0)
			continue;
		if (due == 0 || it->sessions[i].due_at < due)
			due = it->sessions[i].due_at;
	}
	return due;
}

/*
 * programme_list_next says where she is in a module: "session 2 of 3",
 * when the next one opens, or that all are done.
 */
static void
programme_list_next(const struct programme_item *it, char *buf, size_t len)
{
	size_t	i, n = programme_list_nsessions(it);
	char	when[32];

	if (programme_list_done(it)) {
		if (n == 1)
			snprintf(buf, len, "%s", _("the session is done"));
		else
			snprintf(buf, len, _("all %zu sessions done"), n);
		return;
	}
	if (it->next_session >= 0 && (size_t)it->next_session < n) {
		snprintf(buf, len, _("session %d of %zu"),
		    it->next_session + 1, n);
		return;
	}
	for (i = 0; i < n && it->sessions[i].completed_at != 0; i++)
		continue;
	if (i < n && it->sessions[i].unlocks_at != 0) {
		ui_format_date(it->sessions[i].unlocks_at, when, sizeof when);
		snprintf(buf, len, _("session %zu opens on %s"), i + 1, when);
	} else
		snprintf(buf, len, _("session %zu of %zu"), i < n ? i + 1 : n,
		    n);
}

/* programme_list_progress says what is done: sessions and exercises. */
static void
programme_list_progress(const struct programme_item *it, char *buf,
    size_t len)
{
	char	next[128], sessions[128], exercises[128];
	size_t	n = programme_list_nsessions(it);

	programme_list_next(it, next, sizeof next);
	snprintf(sessions, sizeof sessions, ngettext("%zu of %zu session done",
	    "%zu of %zu sessions done", n), it->sessions_done, n);
	exercises[0] = '\0';
	if (it->exercises_required > 0)
		snprintf(exercises, sizeof exercises, ngettext(
		    " · %zu of %zu exercise submitted",
		    " · %zu of %zu exercises submitted",
		    it->exercises_required), it->exercises_submitted,
		    it->exercises_required);
	snprintf(buf, len, "%s · %s%s", next, sessions, exercises);
}

/* programme_list_news says what waits for her: homework due, feedback. */
static void
programme_list_news(const struct programme_item *it, char *buf, size_t len)
{
	char	when[32];
	int64_t	due;

	buf[0] = '\0';
	if ((due = programme_list_due(it)) != 0) {
		ui_format_date(due, when, sizeof when);
		snprintf(buf, len, _("due %s"), when);
	}
	if (it->new_feedback > 0)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
		    buf[0] != '\0' ? " · " : "", _("new feedback"));
}

/* programme_list_fallback says the module is not in her language. */
void
programme_list_fallback(struct module_lines *ml,
    const struct programme_item *it, int x)
{
	char	*s = NULL;

	if (!it->fallback || it->def == NULL)
		return;
	xasprintf(&s, _("This module is not available in your language "
	    "yet; it is shown in %s."), ui_language_name(it->def->lang));
	module_session_text(ml, s, x, ui_attr(UI_C_DIM));
	free(s);
}

/* programme_list_build lays out every module as a row to choose. */
static void
programme_list_build(struct module_lines *ml, void *arg)
{
	struct programme_list_view	*v = arg;
	const struct programme_item	*it;
	char				*title, line[512];
	size_t				 i;

	module_session_text(ml, _("Self-help modules chosen with your "
	    "professional. Go at your own pace: what you write is kept."), 0,
	    ui_attr(UI_C_DIM));
	if (v->n == 0) {
		module_session_blank(ml);
		module_session_text(ml, _("Nothing in your programme yet. Your "
		    "professional can add self-help modules to it."), 0, 0);
		return;
	}
	for (i = 0; i < v->n; i++) {
		it = &v->items[i];
		module_session_blank(ml);
		module_session_item(ml, (int)i);
		if (programme_list_done(it))
			xasprintf(&title, "%s %s", programme_list_title(it),
			    module_session_ascii() ? _("[done]") : "✓");
		else
			title = xstrdup(programme_list_title(it));
		module_session_text(ml, title, 0, A_BOLD);
		free(title);
		if (it->def == NULL) {
			module_session_text(ml, _("This module is no longer "
			    "available."), 2, ui_attr(UI_C_DIM));
			module_session_item(ml, -1);
			continue;
		}
		programme_list_progress(it, line, sizeof line);
		module_session_text(ml, line, 2, 0);
		programme_list_news(it, line, sizeof line);
		if (line[0] != '\0')
			module_session_text(ml, line, 2, A_BOLD);
		programme_list_fallback(ml, it, 2);
		module_session_item(ml, -1);
	}
}

/*
 * programme_list_session_state says where session s stands: done, open
 * (where she stopped, homework due, exercises submitted) or what it
 * waits for.
 */
static void
programme_list_session_state(const struct programme_item *it, size_t s,
    char *buf, size_t len)
{
	const struct session_state	*ss = &it->sessions[s];
	const struct module_session	*ms = &it->def->sessions[s];
	char				 when[32];
	size_t				 used;

	if (ss->completed_at != 0) {
		ui_format_date(ss->completed_at, when, sizeof when);
		snprintf(buf, len, _("done on %s"), when);
		return;
	}
	if (!ss->unlocked) {
		if (ss->unlocks_at != 0) {
			ui_format_date(ss->unlocks_at, when, sizeof when);
			snprintf(buf, len, _("opens on %s"), when);
		} else
			snprintf(buf, len, _("opens when you finish session "
			    "%zu"), s);
		return;
	}
	if (ss->started_at != 0 && ms->npages > 1)
		snprintf(buf, len, _("open · you stopped at page %d of %zu"),
		    ss->last_page + 1, ms->npages);
	else
		snprintf(buf, len, "%s", _("open"));
	used = strlen(buf);
	if (ss->due_at != 0 && used < len) {
		ui_format_date(ss->due_at, when, sizeof when);
		snprintf(buf + used, len - used, _(" · due %s"), when);
		used = strlen(buf);
	}
	if (ss->required > 0 && used < len)
		snprintf(buf + used, len - used, ngettext(
		    " · %zu of %zu exercise submitted",
		    " · %zu of %zu exercises submitted", ss->required),
		    ss->submitted, ss->required);
}

/* programme_list_mark is the mark before a session: done, next, none. */
static const char *
programme_list_mark(const struct programme_item *it, size_t s)
{
	bool	ascii = module_session_ascii();

	if (it->sessions[s].completed_at != 0)
		return ascii ? "x " : "✓ ";
	if (it->next_session >= 0 && (size_t)it->next_session == s)
		return ascii ? "> " : "▸ ";
	return "  ";
}

/* programme_list_module_build lays out a module's page. */
static void
programme_list_module_build(struct module_lines *ml, void *arg)
{
	struct programme_list_view	*v = arg;
	const struct programme_item	*it = v->it;
	char				*s, when[32], state[256];
	size_t				 i;

	programme_list_fallback(ml, it, 0);
	ui_format_date(it->assigned_at, when, sizeof when);
	if (it->assigned_by != NULL)
		xasprintf(&s, _("Added to your programme by %s on %s."),
		    it->assigned_by, when);
	else
		xasprintf(&s, _("Added to your programme on %s."), when);
	module_session_text(ml, s, 0, ui_attr(UI_C_DIM));
	free(s);
	module_session_blank(ml);
	module_session_blocks(ml, it->def->about);
	module_session_blank(ml);
	module_session_text(ml, _("Sessions"), 0, A_BOLD | A_UNDERLINE);
	for (i = 0; i < it->def->nsessions; i++) {
		module_session_item(ml, (int)i);
		xasprintf(&s, "%s%zu. %s", programme_list_mark(it, i), i + 1,
		    it->def->sessions[i].title);
		module_session_text(ml, s, 0, it->sessions[i].unlocked &&
		    it->sessions[i].completed_at == 0 ? A_BOLD : 0);
		free(s);
		programme_list_session_state(it, i, state, sizeof state);
		module_session_text(ml, state, 5, ui_attr(UI_C_DIM));
		module_session_item(ml, -1);
	}
}

/* programme_list_find finds the module of an assignment in the list. */
static struct programme_item *
programme_list_find(struct programme_list_view *v, int64_t assignment)
{
	size_t	i;

	for (i = 0; i < v->n; i++) {
		if (v->items[i].assignment_id == assignment)
			return &v->items[i];
	}
	return NULL;
}

/*
 * programme_list_open opens session s, or says what it waits for; 0, or
 * -1 when the session is ending.
 */
static int
programme_list_open(const struct programme_item *it, size_t s)
{
	char	*why, when[32];
	int	 rc;

	if (s >= it->def->nsessions)
		return 0;
	if (it->sessions[s].unlocked)
		return module_session_run(it, s);
	if (it->sessions[s].unlocks_at != 0) {
		ui_format_date(it->sessions[s].unlocks_at, when, sizeof when);
		xasprintf(&why, _("This session opens on %s."), when);
	} else
		xasprintf(&why, _("This session opens when you finish session "
		    "%zu."), s);
	rc = ui_notice(_("Not open yet"), why);
	free(why);
	return rc == -1 ? -1 : 0;
}

/* programme_list_started tells whether she has begun any session. */
static bool
programme_list_started(const struct programme_item *it)
{
	size_t	i;

	for (i = 0; i < it->def->nsessions; i++) {
		if (it->sessions[i].started_at != 0)
			return true;
	}
	return false;
}

/*
 * programme_list_module shows the page of one module in her programme
 * (read again each time) until she goes back; 0, or -1 when the session
 * is ending.  The next session is chosen; on the first visit the page
 * opens at its introduction.
 */
static int
programme_list_module(struct programme_list_view *v, int64_t assignment)
{
	struct module_view	mv;
	int			st, r, rc = 0;
	bool			first = true;

	memset(&mv, 0, sizeof mv);
	mv.help = _("Enter or number: open a session · Esc back");
	mv.build = programme_list_module_build;
	mv.arg = v;
	for (;;) {
		if ((st = programme_list_load(v)) != ST_OK)
			return ui_notice_status(st, NULL) == -1 ? -1 : 0;
		if ((v->it = programme_list_find(v, assignment)) == NULL ||
		    v->it->def == NULL)
			return ui_notice_status(ST_NOTFOUND, NULL) == -1 ?
			    -1 : 0;
		mv.title = programme_list_title(v->it);
		if (first) {
			mv.sel = v->it->next_session;
			mv.fit = !programme_list_started(v->it);
			first = false;
		} else
			mv.fit = false;
		if ((r = module_session_view(&mv)) == MV_QUIT)
			return -1;
		if (r == MV_BACK)
			return 0;
		if (r == MV_SELECT && mv.sel >= 0)
			rc = programme_list_open(v->it, (size_t)mv.sel);
		else if (r == MV_KEY && mv.rc == OK && mv.key >= '1' &&
		    mv.key <= '9') {
			mv.sel = (int)(mv.key - '1');
			rc = programme_list_open(v->it, (size_t)mv.sel);
		}
		if (rc == -1)
			return -1;
	}
}

/*
 * programme_run shows the signed-in patient's programme; Enter opens a
 * module's page.  0, or -1 when the session is ending.
 */
int
programme_run(void)
{
	struct programme_list_view	v;
	struct module_view		mv;
	struct target			t = TARGET_NONE;
	int64_t				chosen = 0;
	int				st, r, rc = 0;

	t.owner_id = ui->actor.id;
	if (!role_may(&ui->actor, ACT_SELFHELP_DO, &t))
		return ui_notice_status(ST_DENIED, NULL) == -1 ? -1 : 0;
	memset(&v, 0, sizeof v);
	memset(&mv, 0, sizeof mv);
	mv.title = _("My programme");
	mv.help = _("Enter: open · Esc back");
	mv.build = programme_list_build;
	mv.arg = &v;
	for (;;) {
		if ((st = programme_list_load(&v)) != ST_OK) {
			rc = ui_notice_status(st, NULL);
			break;
		}
		if (mv.sel < 0 || (size_t)mv.sel >= v.n)
			mv.sel = v.n > 0 ? 0 : -1;
		if ((r = module_session_view(&mv)) == MV_QUIT) {
			rc = -1;
			break;
		}
		if (r == MV_BACK)
			break;
		if (r != MV_SELECT || mv.sel < 0 || (size_t)mv.sel >= v.n)
			continue;
		chosen = v.items[mv.sel].assignment_id;
		if ((rc = programme_list_module(&v, chosen)) == -1)
			break;
	}
	programme_free(v.items, v.n);
	return rc == -1 ? -1 : 0;
}
