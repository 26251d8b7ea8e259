/*
 * programme_patient.c: a professional's view of one patient's self-help
 * programme: her adherence, each module assigned with its sessions done,
 * the next one and its schedule; from here assigning a module (with an
 * optional unlock schedule), a module's sessions, her submitted exercises
 * (programme_pro_answers.c) and the journal entries she shared.
 * bbs/programme.c and bbs/journal.c let only her care team in, and audit
 * what they read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* Unlocking one session every N days: N at most, and what is offered. */
#define PROGRAMME_PATIENT_DAYS_MAX	60
#define PROGRAMME_PATIENT_DAYS_DEFAULT	7

/* One showing of the programme: what was read for it. */
struct programme_patient {
	int64_t			 patient;
	const char		*who;		/* her pseudonym */
	struct programme_item	*items;
	size_t			 n;
	struct adherence	 adh;
};

/*
 * programme_patient_last says when she was last active: "last activity
 * 2026-12-01", or "no activity yet".
 */
static void
programme_patient_last(int64_t t, char *buf, size_t len)
{
	char	when[64];

	if (t == 0) {
		snprintf(buf, len, "%s", _("no activity yet"));
		return;
	}
	ui_format_date(t, when, sizeof when);
	snprintf(buf, len, _("last activity %s"), when);
}

/*
 * programme_patient_schedule says how a module's sessions unlock for her:
 * "one session every 7 days", or "at her own pace" with no schedule.
 */
static void
programme_patient_schedule(int every, char *buf, size_t len)
{
	if (every <= 0)
		snprintf(buf, len, "%s", _("at her own pace"));
	else
		snprintf(buf, len, ngettext("one session every %d day",
		    "one session every %d days", every), every);
}

/* programme_patient_title is a module's title, or its id without one. */
static const char *
programme_patient_title(const struct programme_item *it)
{
	return it->def != NULL ? it->def->title : it->module;
}

/*
 * programme_patient_next says what comes next in a module: the session
 * open to do (with its homework due date), when the next one unlocks,
 * or that every session is done.
 */
static void
programme_patient_next(const struct programme_item *it, char *buf,
    size_t len)
{
	const struct session_state	*ss;
	char				 when[64], due[96];
	size_t				 i, nsessions;

	if (it->def == NULL) {
		snprintf(buf, len, "%s", _("this module is no longer "
		    "installed"));
		return;
	}
	nsessions = it->def->nsessions;
	if (it->completed_at != 0 ||
	    (nsessions > 0 && it->sessions_done >= nsessions)) {
		snprintf(buf, len, "%s", _("all sessions done"));
		return;
	}
	if (it->next_session >= 0 && (size_t)it->next_session < nsessions) {
		ss = &it->sessions[it->next_session];
		due[0] = '\0';
		if (ss->due_at != 0) {
			ui_format_date(ss->due_at, when, sizeof when);
			snprintf(due, sizeof due, _(" (due %s)"), when);
		}
		snprintf(buf, len, _("next: session %d, %s%s"),
		    it->next_session + 1,
		    it->def->sessions[it->next_session].title, due);
		return;
	}
	for (i = 0; i < nsessions; i++) {
		ss = &it->sessions[i];
		if (ss->completed_at != 0)
			continue;
		if (!ss->unlocked && ss->unlocks_at != 0) {
			ui_format_date(ss->unlocks_at, when, sizeof when);
			snprintf(buf, len, _("next: session %zu opens %s"),
			    i + 1, when);
			return;
		}
		break;
	}
	snprintf(buf, len, "%s", _("next: none open yet"));
}

/* programme_patient_adherence adds her adherence across all modules. */
static void
programme_patient_adherence(const struct adherence *a, char **s)
{
	char	last[128], *done;

	programme_patient_last(a->last_activity, last, sizeof last);
	xasprintf(&done, ngettext("%lld exercise submitted",
	    "%lld exercises submitted", (unsigned long)a->exercises_submitted),
	    (long long)a->exercises_submitted);
	ui_appendf(s, _("Sessions %lld of %lld done · %s · modules %lld of "
	    "%lld completed · %s"), (long long)a->sessions_completed,
	    (long long)a->sessions_assigned, done,
	    (long long)a->modules_completed,
	    (long long)a->modules_assigned, last);
	free(done);
}

/* programme_patient_module adds one module of the overview, numbered. */
static void
programme_patient_module(const struct programme_item *it, size_t i,
    char **s)
{
	char	next[512], sched[96], last[128];
	size_t	nsessions;

	nsessions = it->def != NULL ? it->def->nsessions : 0;
	ui_appendf(s, "\n%zu. %s", i + 1, programme_patient_title(it));
	programme_patient_next(it, next, sizeof next);
	ui_appendf(s, _("   Sessions %zu of %zu done · %s"),
	    it->sessions_done, nsessions, next);
	programme_patient_schedule(it->every_days, sched, sizeof sched);
	programme_patient_last(it->last_activity, last, sizeof last);
	ui_appendf(s, _("   Schedule: %s · %s"), sched, last);
	if (it->new_feedback > 0)
		ui_appendf(s, _("   Feedback she has not read yet: %lld"),
		    (long long)it->new_feedback);
}

/* programme_patient_text is the overview: adherence, then each module. */
static char *
programme_patient_text(const struct programme_patient *p)
{
	char	*s;
	size_t	 i;

	s = xstrdup("");
	/* Without a module there is nothing to count yet. */
	if (p->n == 0) {
		ui_appendf(&s, "%s", _("No module assigned yet. Press a to "
		    "assign one."));
		return s;
	}
	programme_patient_adherence(&p->adh, &s);
	for (i = 0; i < p->n; i++)
		programme_patient_module(&p->items[i], i, &s);
	return s;
}

/*
 * programme_patient_session adds one session of a module: its state
 * (done, in progress, open, locked), exercises submitted and due date.
 */
static void
programme_patient_session(const struct programme_item *it, size_t i,
    char **s)
{
	const struct session_state	*ss = &it->sessions[i];
	const struct module_session	*ms = &it->def->sessions[i];
	char				 when[64], state[160], subs[96];
	char				 due[96];

	ui_appendf(s, _("\nSession %zu: %s"), i + 1, ms->title);
	if (ss->completed_at != 0) {
		ui_format_date(ss->completed_at, when, sizeof when);
		snprintf(state, sizeof state, _("done %s"), when);
	} else if (ss->unlocked && ss->started_at != 0)
		snprintf(state, sizeof state, _("in progress, page %d of %zu"),
		    ss->last_page + 1, ms->npages);
	else if (ss->unlocked)
		snprintf(state, sizeof state, "%s", _("open, not started"));
	else if (i > 0 && it->sessions[i - 1].completed_at == 0 &&
	    !it->def->all_at_once)
		snprintf(state, sizeof state, _("locked: opens when session "
		    "%zu is done"), i);
	else {
		ui_format_date(ss->unlocks_at, when, sizeof when);
		snprintf(state, sizeof state, _("locked: opens %s"), when);
	}
	subs[0] = due[0] = '\0';
	if (ss->required > 0)
		snprintf(subs, sizeof subs, ngettext(" · %zu of %zu exercise "
		    "submitted", " · %zu of %zu exercises submitted",
		    (unsigned long)ss->required), ss->submitted, ss->required);
	if (ss->due_at != 0 && ss->completed_at == 0) {
		ui_format_date(ss->due_at, when, sizeof when);
		snprintf(due, sizeof due, _(" · due %s"), when);
	}
	ui_appendf(s, "   %s%s%s", state, subs, due);
}

/* programme_patient_sessions shows one module's sessions and their state. */
static int
programme_patient_sessions(const struct programme_patient *p, size_t k)
{
	const struct programme_item	*it = &p->items[k];
	char				*text, *title, when[64], sched[96];
	char				 last[128];
	size_t				 i;
	int				 rc;

	text = xstrdup("");
	ui_format_date(it->assigned_at, when, sizeof when);
	programme_patient_schedule(it->every_days, sched, sizeof sched);
	ui_appendf(&text, _("Assigned %s by %s · %s"), when,
	    it->assigned_by != NULL ? it->assigned_by : "-", sched);
	programme_patient_last(it->last_activity, last, sizeof last);
	ui_appendf(&text, ngettext("Sessions %zu of %zu done · %zu of %zu "
	    "required exercise submitted · %s", "Sessions %zu of %zu done · "
	    "%zu of %zu required exercises submitted · %s",
	    (unsigned long)it->exercises_required), it->sessions_done,
	    it->def != NULL ? it->def->nsessions : 0,
	    it->exercises_submitted, it->exercises_required, last);
	if (it->completed_at != 0) {
		ui_format_date(it->completed_at, when, sizeof when);
		ui_appendf(&text, _("Completed %s."), when);
	}
	if (it->fallback)
		ui_appendf(&text, "%s", _("This module has no translation in "
		    "your language: it is shown in the service's default "
		    "language."));
	if (it->def == NULL)
		ui_appendf(&text, "\n%s", _("This module is no longer "
		    "installed."));
	for (i = 0; it->def != NULL && i < it->def->nsessions; i++)
		programme_patient_session(it, i, &text);
	xasprintf(&title, _("Programme: %s · %s"), p->who,
	    programme_patient_title(it));
	rc = pager_run(title, text, _("↑↓ scroll · Esc back"));
	free(title);
	free(text);
	return rc;
}

/* programme_patient_open lets her professional pick a module to open. */
static int
programme_patient_open(const struct programme_patient *p)
{
	struct menu_item	*items;
	size_t			 i;
	int			 sel = 0, choice;

	if (p->n == 1)
		return programme_patient_sessions(p, 0);
	items = xcalloc(p->n, sizeof *items);
	for (i = 0; i < p->n; i++)
		items[i] = (struct menu_item){ i < 9 ? '1' + (wint_t)i : 0,
		    programme_patient_title(&p->items[i]), (int)i };
	choice = menu_run(_("Open a module"), _("Its sessions, with their "
	    "state and due dates."), items, p->n, &sel);
	free(items);
	if (choice == MENU_QUIT)
		return -1;
	if (choice < 0)
		return 0;
	return programme_patient_sessions(p, (size_t)choice);
}

/* programme_patient_assigned tells whether she has module id already. */
static bool
programme_patient_assigned(const struct programme_patient *p,
    const char *id)
{
	size_t	i;

	for (i = 0; i < p->n; i++) {
		if (strcmp(p->items[i].module, id) == 0)
			return true;
	}
	return false;
}

/*
 * programme_patient_pick asks which module to assign, among those she
 * does not have: its index for modules_at, -1 when none is chosen, -2
 * when the session is ending.
 */
static int
programme_patient_pick(const struct programme_patient *p)
{
	struct menu_item	*items;
	const struct module	*m;
	size_t			 i, n, count;
	int			 sel = 0, choice;
	char			*intro;
	bool			 fallback;

	count = modules_count();
	items = xcalloc(count > 0 ? count : 1, sizeof *items);
	for (i = n = 0; i < count; i++) {
		m = modules_at(i, ui->me->language, &fallback);
		if (m == NULL || programme_patient_assigned(p, m->id))
			continue;
		items[n] = (struct menu_item){ n < 9 ? '1' + (wint_t)n : 0,
		    m->title, (int)i };
		n++;
	}
	if (n == 0) {
		free(items);
		return ui_notice(_("Assign a module"), count == 0 ?
		    _("There are no modules installed.") :
		    _("Every module is already assigned to her.")) == -1 ?
		    -2 : -1;
	}
	xasprintf(&intro, _("Choose a module for %s."), p->who);
	choice = menu_run(_("Assign a module"), intro, items, n, &sel);
	free(intro);
	free(items);
	if (choice == MENU_QUIT)
		return -2;
	return choice < 0 ? -1 : choice;
}

/*
 * programme_patient_days asks every how many days a session unlocks:
 * 1 to 60 into *every; 1 given, 0 cancelled, -1 when the session ends.
 */
static int
programme_patient_days(int *every)
{
	struct field	 f;
	char		 value[8], *end, *intro, *again;
	long		 n;
	int		 rc;

	snprintf(value, sizeof value, "%d", PROGRAMME_PATIENT_DAYS_DEFAULT);
	xasprintf(&intro, _("A new session opens for her every N days from "
	    "today, 1 to %d."), PROGRAMME_PATIENT_DAYS_MAX);
	xasprintf(&again, _("Give a number of days from 1 to %d."),
	    PROGRAMME_PATIENT_DAYS_MAX);
	for (;;) {
		f = (struct field){ _("Every how many days"), value,
		    sizeof value, 2, false };
		if ((rc = form_run(_("Unlock sessions"), intro, &f, 1,
		    NULL)) != 1)
			break;
		n = strtol(value, &end, 10);
		if (end != value && *end == '\0' && n >= 1 &&
		    n <= PROGRAMME_PATIENT_DAYS_MAX) {
			*every = (int)n;
			break;
		}
		if ((rc = ui_notice(_("Unlock sessions"), again)) == -1)
			break;
	}
	free(intro);
	free(again);
	return rc;
}

/*
 * programme_patient_unlock asks how sessions unlock: 0 as she goes (the
 * module's own order), or one every N days.  1 given, 0 cancelled, -1
 * when the session is ending.
 */
static int
programme_patient_unlock(int *every)
{
	struct menu_item	items[2];
	int			sel = 0, choice;

	items[0] = (struct menu_item){ '1', _("All as she goes"), 0 };
	items[1] = (struct menu_item){ '2', _("One every N days"), 1 };
	choice = menu_run(_("Unlock sessions"), _("As she goes: sessions "
	    "open as the module says, one after another or all at once. "
	    "One every N days: a new session opens every N days from "
	    "today."), items, 2, &sel);
	if (choice == MENU_QUIT)
		return -1;
	if (choice < 0)
		return 0;
	*every = 0;
	return choice == 0 ? 1 : programme_patient_days(every);
}

/*
 * programme_patient_assign assigns her a module she does not have yet,
 * with its unlock schedule, once confirmed.
 */
static int
programme_patient_assign(const struct programme_patient *p)
{
	const struct module	*m;
	char			*q, *err = NULL, sched[96];
	int			 idx, every = 0, rc, st;
	bool			 fallback;

	if ((idx = programme_patient_pick(p)) < 0)
		return idx == -2 ? -1 : 0;
	if ((rc = programme_patient_unlock(&every)) != 1)
		return rc;
	if ((m = modules_at((size_t)idx, ui->me->language, &fallback)) ==
	    NULL)
		return ui_notice_status(ST_NOTFOUND, NULL);
	programme_patient_schedule(every, sched, sizeof sched);
	xasprintf(&q, _("Assign “%s” to %s, %s?"), m->title, p->who, sched);
	rc = dialog_confirm(_("Assign a module"), q);
	free(q);
	if (rc != 1)
		return rc;
	st = programme_assign(ui->db, ui->conf, &ui->actor, p->patient, m->id,
	    every, &err);
	if (st == ST_OK)
		ui_status(_("The module is assigned."));
	else
		rc = ui_notice_status(st, err);
	free(err);
	return rc == -1 ? -1 : 0;
}

/*
 * programme_patient_journal shows the journal entries she chose to share
 * with her care team, oldest first, opening on the newest.
 */
static int
programme_patient_journal(const struct programme_patient *p)
{
	struct journal_entry	*e = NULL;
	char			*text, *title, when[64], edited[64];
	size_t			 n = 0, i, shown = 0;
	int			 st, rc;

	if ((st = journal_list(ui->db, &ui->actor, p->patient, &e, &n)) !=
	    ST_OK)
		return ui_notice_status(st, NULL);
	text = xstrdup("");
	ui_appendf(&text, "%s", _("The entries she chose to share with you, "
	    "oldest first."));
	/* journal_list gives the newest first. */
	for (i = n; i-- > 0;) {
		if (!e[i].shared)
			continue;
		shown++;
		ui_format_local(e[i].created_at, when, sizeof when);
		if (e[i].updated_at > e[i].created_at) {
			ui_format_local(e[i].updated_at, edited,
			    sizeof edited);
			ui_appendf(&text, _("\n%s · edited %s"), when, edited);
		} else
			ui_appendf(&text, "\n%s", when);
		ui_appendf(&text, "%s", e[i].text != NULL && !e[i].unreadable ?
		    e[i].text : _("[cannot be opened]"));
	}
	if (shown == 0)
		ui_appendf(&text, "\n%s", _("She has not shared any journal "
		    "entries with you."));
	journal_entries_free(e, n);
	xasprintf(&title, _("Shared journal: %s"), p->who);
	rc = pager_run_from(title, text, _("↑↓ scroll · Esc back"), NULL,
	    NULL, true);
	free(title);
	free(text);
	return rc;
}

/* programme_patient_keys sets the keys the overview answers to. */
static void
programme_patient_keys(const struct programme_patient *p, char *keys,
    size_t len)
{
	size_t	i, n = 0;

	if (p->n > 0 && n + 2 < len) {
		keys[n++] = '\r';
		keys[n++] = '\n';
	}
	for (i = 0; i < p->n && i < 9 && n + 1 < len; i++)
		keys[n++] = (char)('1' + i);
	keys[n] = '\0';
	if (n + sizeof "axj" <= len)
		memcpy(keys + n, "axj", sizeof "axj");
}

/* programme_patient_act acts on one key of the overview. */
static int
programme_patient_act(struct programme_patient *p, wint_t key)
{
	if (key == 'a')
		return programme_patient_assign(p);
	if (key == 'x')
		return programme_pro_answers_run(p->patient, p->who);
	if (key == 'j')
		return programme_patient_journal(p);
	if (key >= '1' && key <= '9' && (size_t)(key - '1') < p->n)
		return programme_patient_sessions(p, (size_t)(key - '1'));
	return programme_patient_open(p);
}

/* programme_patient_load reads her modules and adherence. */
static int
programme_patient_load(struct programme_patient *p)
{
	int	st;

	st = programme_list(ui->db, ui->conf, &ui->actor, p->patient,
	    ui->me->language, &p->items, &p->n);
	if (st != ST_OK)
		return st;
	memset(&p->adh, 0, sizeof p->adh);
	return programme_adherence(ui->db, &ui->actor, p->patient, &p->adh);
}

/*
 * programme_patient_run shows the programme of patient (named who) to a
 * professional caring for her; anyone else sees "not found".  -1 when the
 * session is ending.
 */
int
programme_patient_run(int64_t patient, const char *who)
{
	struct programme_patient	 p;
	char				*text, *title, keys[16];
	wint_t				 key;
	int				 st, rc;

	memset(&p, 0, sizeof p);
	p.patient = patient;
	p.who = who;
	xasprintf(&title, _("Programme: %s"), who);
	for (;;) {
		if ((st = programme_patient_load(&p)) != ST_OK) {
			rc = ui_notice_status(st, NULL) == -1 ? -1 : 0;
			break;
		}
		text = programme_patient_text(&p);
		programme_patient_keys(&p, keys, sizeof keys);
		rc = pager_run_keys(title, text, p.n > 0 ?
		    _("Enter open · a assign · x exercises · j journal · "
		    "Esc back") : _("a assign · x exercises · j journal · "
		    "Esc back"), keys, &key);
		free(text);
		if (rc == PAGER_KEY)
			rc = programme_patient_act(&p, key) == -1 ? -1 :
			    PAGER_KEY;
		programme_free(p.items, p.n);
		p.items = NULL;
		p.n = 0;
		if (rc != PAGER_KEY)
			break;
	}
	programme_free(p.items, p.n);
	free(title);
	return rc == -1 ? -1 : 0;
}
