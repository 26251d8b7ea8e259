/*
 * alert_queue.c: risk alerts for professionals: those of their patients
 * and the shared queue, urgent first, with age and response target.
 * Opening one shows what raised it and its history; from there it is
 * acknowledged, actions are recorded (a coded action and a note), and it
 * is closed.  bbs/alert.c decides who sees which and audits every step;
 * patients never reach this screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct alert_queue_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	int64_t			  patient;	/* 0: every patient */
	struct alert		**alerts;
	size_t			  n;
};

static const int alert_queue_widths[] = { 10, 12, 9, 19, 0 };

/* alert_queue_target says when a response is due, or how late it is. */
static void
alert_queue_target(const struct alert *a, char *buf, size_t len)
{
	char	d[32];
	int64_t	now = db_now();

	if (a->due_at == 0) {
		snprintf(buf, len, "%s", _("next review"));
		return;
	}
	if (a->acknowledged_at != 0) {
		snprintf(buf, len, "%s", _("acknowledged"));
		return;
	}
	if (a->due_at < now) {
		ui_format_duration(now - a->due_at, d, sizeof d);
		snprintf(buf, len, _("LATE %s"), d);
	} else {
		ui_format_duration(a->due_at - now, d, sizeof d);
		snprintf(buf, len, _("due in %s"), d);
	}
}

/* alert_queue_row formats one alert. */
static void
alert_queue_row(void *arg, size_t i, char *buf, size_t len)
{
	struct alert_queue_view	*v = arg;
	const struct alert	*a = v->alerts[i];
	const char		*cells[5];
	char			 prio[32], age[32], target[48];

	snprintf(prio, sizeof prio, "%s", alert_priority_label(a->priority));
	ui_format_duration(db_now() - a->created_at, age, sizeof age);
	alert_queue_target(a, target, sizeof target);
	cells[0] = a->priority == ALERT_ESCALATION ? _("ESCALATED") :
	    a->priority == ALERT_URGENT ? _("URGENT") : prio;
	cells[1] = a->patient;
	cells[2] = age;
	cells[3] = target;
	cells[4] = alert_rule_label(a->rule);
	ui_columns(buf, len, alert_queue_widths, cells, 5);
}

/* alert_queue_load reads the alerts this professional handles. */
static int
alert_queue_load(struct list_screen *ls)
{
	struct alert_queue_view	*v = (struct alert_queue_view *)ls;
	int			 st;

	st = alert_queue(ui->db, &ui->actor, v->patient, &v->alerts, &v->n);
	ls->list.n = v->n;
	return st;
}

/* alert_queue_unload frees the alerts. */
static void
alert_queue_unload(struct list_screen *ls)
{
	struct alert_queue_view	*v = (struct alert_queue_view *)ls;

	alerts_free_list(v->alerts, v->n);
	v->alerts = NULL;
	v->n = 0;
}

/* alert_queue_text describes an alert and its history, for staff. */
static char *
alert_queue_text(const struct alert *a)
{
	char	*s, when[64], target[48];
	size_t	 i;

	s = xstrdup("");
	ui_appendf(&s, "%s (%s)", alert_rule_label(a->rule), a->rule);
	ui_appendf(&s, _("Patient: %s"), a->patient);
	ui_appendf(&s, _("Priority: %s"),
	    alert_priority_label(a->priority));
	ui_format_local(a->created_at, when, sizeof when);
	ui_appendf(&s, _("Raised: %s"), when);
	alert_queue_target(a, target, sizeof target);
	if (a->due_at != 0) {
		ui_format_local(a->due_at, when, sizeof when);
		ui_appendf(&s, _("Response target: %s (%s)"), when,
		    target);
	} else
		ui_appendf(&s, "%s", _("Response target: the next "
		    "scheduled review"));
	if (a->detail != NULL && *a->detail != '\0')
		ui_appendf(&s, _("What raised it: %s"), a->detail);
	if (a->escalated_at != 0)
		ui_appendf(&s, "%s", _("Escalated to the coordinators: "
		    "nobody acknowledged it in time."));
	ui_appendf(&s, "%s", "");
	if (a->acknowledged_at != 0) {
		ui_format_local(a->acknowledged_at, when, sizeof when);
		ui_appendf(&s, _("Acknowledged by %s, %s"),
		    a->acknowledged_by != NULL ? a->acknowledged_by : "?",
		    when);
	} else
		ui_appendf(&s, "%s", _("Not acknowledged yet."));
	for (i = 0; i < a->nactions; i++) {
		ui_format_local(a->actions[i].at, when, sizeof when);
		ui_appendf(&s, _("Action, %s, %s: %s"), when,
		    a->actions[i].by != NULL ? a->actions[i].by : "?",
		    alert_action_label(a->actions[i].code));
		if (*a->actions[i].note != '\0')
			ui_appendf(&s, "    %s", a->actions[i].note);
	}
	if (a->closed_at != 0) {
		ui_format_local(a->closed_at, when, sizeof when);
		ui_appendf(&s, _("Closed by %s, %s"), a->closed_by != NULL ?
		    a->closed_by : "?", when);
	}
	return s;
}

/* alert_queue_action asks for a coded action and a note, and records it. */
static int
alert_queue_action(int64_t id)
{
	struct menu_item	 items[ALERT_ACT_COUNT];
	struct field		 f;
	char			 note[ALERT_NOTE_MAX * 4 + 1], *err = NULL;
	int			 i, sel = 0, code, rc, st;

	for (i = 0; i < ALERT_ACT_COUNT; i++)
		items[i] = (struct menu_item){ '1' + i, alert_action_label(i),
		    i };
	code = menu_run(_("Record an action"), _("What was done?"), items,
	    ALERT_ACT_COUNT, &sel);
	if (code == MENU_QUIT)
		return -1;
	if (code < 0)
		return 0;
	note[0] = '\0';
	f = (struct field){ _("Note"), note, sizeof note, ALERT_NOTE_MAX,
	    false };
	rc = form_run(_("Record an action"), code == ALERT_ACT_NONE_NEEDED ?
	    _("Say why no action is needed.") : _("Add a note for the team "
	    "(optional)."), &f, 1, NULL);
	if (rc != 1)
		return rc;
	st = alert_record_action(ui->db, &ui->actor, id, code, note, &err);
	rc = st == ST_OK ? 0 : ui_notice_status(st, err);
	free(err);
	return rc;
}

/*
 * alert_queue_open shows one alert until the user goes back; its keys
 * acknowledge, record an action, close, and open the patient's view.
 */
static int
alert_queue_open(int64_t id)
{
	struct alert	*a = NULL;
	char		*text;
	wint_t		 key;
	int		 st, rc;

	for (;;) {
		if ((st = alert_open(ui->db, &ui->actor, id, &a)) != ST_OK)
			return ui_notice_status(st, NULL) == -1 ? -1 : 0;
		text = alert_queue_text(a);
		rc = pager_run_keys(_("Alert"), text, a->state == ALERT_CLOSED ?
		    _("p patient · Esc back") : _("k acknowledge · r record "
		    "action · c close · p patient · Esc back"), "krcp", &key);
		free(text);
		if (rc != PAGER_KEY)
			break;
		st = ST_OK;
		if (key == 'k')
			st = alert_acknowledge(ui->db, &ui->actor, id);
		else if (key == 'r')
			rc = alert_queue_action(id);
		else if (key == 'c')
			st = alert_close(ui->db, &ui->actor, id);
		else if (key == 'p')
			rc = a->in_care ? patient_view_run(a->patient_id) :
			    ui_notice(_("Alert"), _("This patient is not in your "
			    "care: the full record is open to the care team "
			    "only."));
		if (st == ST_INVALID)
			rc = ui_notice(_("Alert"), key == 'c' ? _("Record what "
			    "was done before closing the alert.") : _("The "
			    "alert was already acknowledged."));
		else if (st != ST_OK)
			rc = ui_notice_status(st, NULL);
		alert_free(a);
		a = NULL;
		if (rc == -1)
			return -1;
	}
	alert_free(a);
	return rc == -1 ? -1 : 0;
}

/* alert_queue_act opens the selected alert. */
static int
alert_queue_act(struct list_screen *ls, size_t i, wint_t key, bool select)
{
	struct alert_queue_view	*v = (struct alert_queue_view *)ls;

	(void)key;
	if (!select || i >= v->n)
		return 0;
	return alert_queue_open(v->alerts[i]->id);
}

/*
 * alert_queue_run shows the alerts of one patient or (0) all the actor
 * handles; -1 when the session is ending.
 */
int
alert_queue_run(int64_t patient)
{
	struct alert_queue_view	v;

	memset(&v, 0, sizeof v);
	v.patient = patient;
	v.ls.list.title = _("Alerts");
	v.ls.list.help = _("Enter: open · Esc back");
	v.ls.list.row = alert_queue_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("No open alerts.");
	v.ls.load = alert_queue_load;
	v.ls.unload = alert_queue_unload;
	v.ls.act = alert_queue_act;
	return list_screen_run(&v.ls);
}
