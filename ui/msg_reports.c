/*
 * msg_reports.c: reported private messages, for moderators.
 *
 * A participant's report is the only way a moderator reads a private
 * message, and then only the one message reported, never the rest of
 * the conversation (safety spec, "Moderation").  The queue shows the
 * reason, who reported it and how long it has waited, risk reports
 * marked urgent; opening one reads the message (bbs/message.c audits the
 * read, and the screen says so) and the moderator closes the report with
 * an outcome.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct msg_reports_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	struct message_report	**list;
	size_t			  n;
	char			  header[256];
};

static const int msg_reports_widths[] = { 7, 36, 16, 10, 0 };

/* msg_reports_reason is a report reason in the user's language. */
static const char *
msg_reports_reason(int reason)
{
	const char	*label = message_report_reason_label(reason);

	return label != NULL && *label != '\0' ? _(label) : "?";
}

/* msg_reports_row formats one report: urgency, reason, reporter, age. */
static void
msg_reports_row(void *arg, size_t i, char *buf, size_t len)
{
	struct msg_reports_view		*v = arg;
	const struct message_report	*r = v->list[i];
	const char			*cells[5];
	char				 age[32], read[96];

	ui_format_duration(db_now() - r->created_at, age, sizeof age);
	read[0] = '\0';
	if (r->read_at != 0)
		snprintf(read, sizeof read, _("read by %s"), r->read_by !=
		    NULL ? r->read_by : "?");
	cells[0] = r->reason == MSG_REPORT_RISK ? _("URGENT") : "";
	cells[1] = msg_reports_reason(r->reason);
	cells[2] = r->reporter != NULL ? r->reporter : "?";
	cells[3] = age;
	cells[4] = read;
	ui_columns(buf, len, msg_reports_widths, cells, 5);
}

/* msg_reports_load reads the open reports. */
static int
msg_reports_load(struct list_screen *ls)
{
	struct msg_reports_view	*v = (struct msg_reports_view *)ls;
	int			 st;

	st = message_report_queue(ui->db, &ui->actor, &v->list, &v->n);
	if (st != ST_OK) {
		v->list = NULL;
		v->n = 0;
	}
	ls->list.n = v->n;
	return st;
}

/* msg_reports_unload frees the reports. */
static void
msg_reports_unload(struct list_screen *ls)
{
	struct msg_reports_view	*v = (struct msg_reports_view *)ls;

	message_reports_free_list(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/* msg_reports_text lays out the report and its one message. */
static char *
msg_reports_text(const struct message_report *r, const struct message *m)
{
	char	*s, when[32];

	s = xstrdup("");
	ui_appendf(&s, "%s", _("This read is recorded in the audit log. "
	    "Moderators read a private message only when a participant "
	    "reports it, and only that message."));
	ui_appendf(&s, "%s", "");
	if (r->reason == MSG_REPORT_RISK)
		ui_appendf(&s, "%s", _("URGENT: someone may not be safe."));
	ui_appendf(&s, _("Reason: %s"), msg_reports_reason(r->reason));
	ui_format_local(r->created_at, when, sizeof when);
	ui_appendf(&s, _("Reported by %s, %s"), r->reporter != NULL ?
	    r->reporter : "?", when);
	if (r->read_at != 0) {
		ui_format_local(r->read_at, when, sizeof when);
		ui_appendf(&s, _("Read before by %s, %s"), r->read_by != NULL ?
		    r->read_by : "?", when);
	}
	ui_appendf(&s, "%s", "");
	if (m != NULL)
		conversation_view_append(&s, m);
	return s;
}

/* msg_reports_decide asks for the outcome and closes the report. */
static int
msg_reports_decide(int64_t id)
{
	struct menu_item	items[MSG_OUTCOME_COUNT];
	size_t			n = 0;
	int			o, sel = 0, choice, st;

	for (o = MSG_OUTCOME_NONE; o < MSG_OUTCOME_COUNT; o++, n++)
		items[n] = (struct menu_item){ (wint_t)('1' + n),
		    _(message_report_outcome_label(o)), o };
	choice = menu_run(_("Close the report"), _("What was done about "
	    "this message?"), items, n, &sel);
	if (choice == MENU_QUIT)
		return -1;
	if (choice < 0)
		return 0;
	if ((st = message_report_resolve(ui->db, &ui->actor, id, choice)) !=
	    ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	ui_status(_("The report is closed."));
	return 1;
}

/*
 * msg_reports_open reads the reported message (audited by bbs/) until the
 * moderator goes back or closes the report; 0, or -1 when the session
 * is ending.
 */
static int
msg_reports_open(int64_t id)
{
	struct message_report	*r = NULL;
	struct message		*m = NULL;
	char			*text;
	wint_t			 key;
	int			 st, rc;

	if ((st = message_report_read(ui->db, &ui->actor, id, &r, &m)) !=
	    ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	text = msg_reports_text(r, m);
	for (;;) {
		rc = pager_run_keys(_("Reported message"), text,
		    _("d decide · Esc back"), "d", &key);
		if (rc != PAGER_KEY)
			break;
		if ((rc = msg_reports_decide(id)) != 0)
			break;
	}
	free(text);
	message_report_free(r);
	message_free(m);
	return rc == -1 ? -1 : 0;
}

/* msg_reports_act opens the selected report. */
static int
msg_reports_act(struct list_screen *ls, size_t i, wint_t key, bool select)
{
	struct msg_reports_view	*v = (struct msg_reports_view *)ls;

	(void)key;
	if (!select || i >= v->n)
		return 0;
	return msg_reports_open(v->list[i]->id);
}

/* msg_reports_run shows the reported messages; -1 when the session ends. */
int
msg_reports_run(void)
{
	struct msg_reports_view	 v;
	const char		*heads[5];

	memset(&v, 0, sizeof v);
	heads[0] = "";
	heads[1] = _("Reason");
	heads[2] = _("Reported by");
	heads[3] = _("Waiting");
	heads[4] = "";
	ui_columns(v.header, sizeof v.header, msg_reports_widths, heads, 5);
	v.ls.list.title = _("Reported messages");
	v.ls.list.header = v.header;
	v.ls.list.help = _("Enter read · Esc back");
	v.ls.list.row = msg_reports_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("No reported messages.");
	v.ls.load = msg_reports_load;
	v.ls.unload = msg_reports_unload;
	v.ls.act = msg_reports_act;
	return list_screen_run(&v.ls);
}
