/*
 * conversation_view.c: reading one private conversation and acting on
 * it: reply, report a message, archive it for oneself, and (a
 * professional, on a conversation in the shared inbox) take it.
 *
 * The conversation is shown in the pager: a short header (its number,
 * who it is with, closed or in the shared inbox), then each message as
 * "author [badge] — date time" and the body indented under it, so no
 * text a member writes can pass for another message's header.  Opening
 * it marks it read; bbs/message.c decides who may see it (anyone else
 * gets "not found", whatever the number) and audits staff reading a
 * patient's conversation.  The pager sanitises everything it shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* What a key did: show the same text, read it again, or leave. */
enum { CV_SAME = 0, CV_REOPEN, CV_LEAVE, CV_QUIT = -1 };

struct conversation_view {
	int64_t			  id;
	struct conversation	 *c;
	struct message		**m;
	size_t			  n;
	bool			  pro;		/* a professional */
};

/*
 * conversation_view_body writes a body indented under its header,
 * wrapped to the pager's width, so every line of it is indented.
 */
static void
conversation_view_body(FILE *f, const char *text)
{
	struct ui_line	*wl = NULL;
	char		*clean;
	size_t		 nl, j;
	int		 width;

	clean = text_sanitise(text, true);
	width = COLS - 6 > 10 ? COLS - 6 : 10;
	nl = ui_wrap(clean, width, &wl);
	for (j = 0; j < nl; j++)
		fprintf(f, "  %.*s\n", (int)wl[j].len, clean + wl[j].start);
	free(wl);
	free(clean);
}

/* conversation_view_put writes one message: header, body, blank line. */
static void
conversation_view_put(FILE *f, const struct message *m)
{
	char	author[128], when[32];

	thread_list_author(author, sizeof author, m->author != NULL ?
	    m->author : "?", m->author_role);
	ui_format_local(m->created_at, when, sizeof when);
	fprintf(f, "%s — %s\n", author, when);
	conversation_view_body(f, m->text != NULL ? m->text :
	    _("[This message cannot be opened: the service's message key is "
	    "missing or wrong. The team has been told.]"));
	fputs("\n", f);
}

/*
 * conversation_view_append appends one message to *s as the conversation
 * shows it (for the moderators' reading of a reported message).
 */
void
conversation_view_append(char **s, const struct message *m)
{
	FILE	*f;
	char	*buf = NULL, *t;
	size_t	 len = 0;

	if ((f = open_memstream(&buf, &len)) == NULL)
		fatalx("open_memstream failed");
	conversation_view_put(f, m);
	fclose(f);
	xasprintf(&t, "%s%s", *s, buf);
	free(buf);
	free(*s);
	*s = t;
}

/* conversation_view_header writes the lines above the messages. */
static void
conversation_view_header(FILE *f, const struct conversation_view *v)
{
	const struct conversation	*c = v->c;
	char				 with[256], when[32], d[32];

	conversation_list_with(c, with, sizeof with);
	fprintf(f, _("Conversation %lld with %s"), (long long)c->id, with);
	fputs("\n", f);
	if (c->closed_at != 0) {
		ui_format_local(c->closed_at, when, sizeof when);
		fprintf(f, _("Closed %s: it takes no new messages, but you can "
		    "still read it."), when);
		fputs("\n", f);
	}
	if (c->shared)
		fprintf(f, "%s\n", v->pro ? _("In the shared inbox: the "
		    "patient has no care team yet. Any professional can "
		    "answer; press t to take it.") : _("In the shared inbox: "
		    "the first professional free will answer you."));
	if (v->pro && c->waiting_since > 0) {
		conversation_list_waited(db_now() - c->waiting_since, d,
		    sizeof d);
		fprintf(f, _("The patient has waited %s for an answer."), d);
		fputs("\n", f);
	}
	if (v->n > 1) {
		fprintf(f, ngettext("%zu message, oldest first: it opens on "
		    "the latest; Home goes to the first.", "%zu messages, "
		    "oldest first: it opens on the latest; Home goes to the "
		    "first.", (unsigned long)v->n), v->n);
		fputs("\n", f);
	}
	fputs("\n", f);
}

/* conversation_view_text lays the conversation out for the pager. */
static char *
conversation_view_text(const struct conversation_view *v)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 len = 0, i;

	if ((f = open_memstream(&buf, &len)) == NULL)
		fatalx("open_memstream failed");
	conversation_view_header(f, v);
	for (i = 0; i < v->n; i++)
		conversation_view_put(f, v->m[i]);
	if (v->n == 0)
		fprintf(f, "%s\n", _("No messages yet."));
	fclose(f);
	return buf;
}

/* conversation_view_help_add appends " · piece" (or piece) to *s. */
static void
conversation_view_help_add(char **s, const char *piece)
{
	char	*t;

	xasprintf(&t, "%s%s%s", *s, **s != '\0' ? " · " : "", piece);
	free(*s);
	*s = t;
}

/* conversation_view_help is the key help for what the reader may do. */
static char *
conversation_view_help(const struct conversation_view *v)
{
	char	*s = xstrdup("");

	if (v->c->closed_at == 0)
		conversation_view_help_add(&s, _("r reply"));
	if (v->pro && v->c->shared)
		conversation_view_help_add(&s, _("t take"));
	conversation_view_help_add(&s, _("! report"));
	if (v->c->member)
		conversation_view_help_add(&s, v->c->archived ?
		    _("a unarchive") : _("a archive"));
	conversation_view_help_add(&s, _("Esc back"));
	return s;
}

/* conversation_view_blank tells whether text has nothing but spaces. */
static bool
conversation_view_blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

/*
 * conversation_view_send sends a reply: 1 sent, 0 refused (the member
 * was told why and goes back to her text), -1 when the session ends.
 */
static int
conversation_view_send(struct conversation_view *v, const char *body)
{
	char	*err = NULL;
	int64_t	 msg = 0;
	int	 st, rc;

	if (conversation_view_blank(body))
		return ui_notice(_("Write a reply"), _("There is nothing to "
		    "send yet. Write a few words first.")) == -1 ? -1 : 0;
	st = message_reply(ui->db, ui->conf, &ui->actor, v->id, body, &msg,
	    &err);
	if (st == ST_OK) {
		free(err);
		return 1;
	}
	rc = ui_notice_status(st, err);
	free(err);
	return rc == -1 ? -1 : 0;
}

/*
 * conversation_view_reply writes and sends a reply; what was typed is
 * kept when the send is refused, until the member gives it up.
 */
static int
conversation_view_reply(struct conversation_view *v)
{
	char	*body = NULL;
	bool	 tried = false;
	int	 rc;

	if (v->c->closed_at != 0)
		return ui_notice(_("This conversation is closed"), _("It takes "
		    "no new messages, but you can still read it.")) == -1 ?
		    CV_QUIT : CV_SAME;
	for (;;) {
		if ((rc = editor_run(_("Write a reply"), &body,
		    MESSAGE_BODY_MAX)) == -1)
			break;
		if (rc == 0) {
			/* Given up: ask only about a refused text. */
			if (tried && !conversation_view_blank(body) &&
			    (rc = dialog_confirm(_("Leave without sending?"),
			    _("What you wrote will not be kept."))) == 0)
				continue;
			rc = rc == -1 ? -1 : 0;
			break;
		}
		if ((rc = conversation_view_send(v, body)) != 0)
			break;
		tried = true;
	}
	free(body);
	if (rc != 1)
		return rc == -1 ? CV_QUIT : CV_SAME;
	ui_status(_("Your message is sent."));
	return CV_REOPEN;
}

static const int conversation_view_pick_widths[] = { 16, 16, 0 };

/* The messages a member may report: others', by index. */
struct conversation_view_pick {
	const struct conversation_view	*v;
	size_t				*idx;
	size_t				 n;
};

/* conversation_view_pick_row formats one message for the choice. */
static void
conversation_view_pick_row(void *arg, size_t i, char *buf, size_t len)
{
	struct conversation_view_pick	*p = arg;
	const struct message		*m = p->v->m[p->idx[i]];
	const char			*cells[3];
	char				 author[128], when[32];

	thread_list_author(author, sizeof author, m->author != NULL ?
	    m->author : "?", m->author_role);
	ui_format_local(m->created_at, when, sizeof when);
	cells[0] = author;
	cells[1] = when;
	cells[2] = m->text != NULL ? m->text : _("[cannot be opened]");
	ui_columns(buf, len, conversation_view_pick_widths, cells, 3);
}

/*
 * conversation_view_pick asks which message to report (others' only;
 * the latest is highlighted); it returns the index in v->m, or -1 when
 * none was chosen, -2 when the session is ending.
 */
static long
conversation_view_pick(const struct conversation_view *v)
{
	struct conversation_view_pick	 p;
	struct list			 l;
	size_t				 i, sel;
	wint_t				 key;
	long				 r = -1;
	int				 rc;

	p.v = v;
	p.idx = xcalloc(v->n > 0 ? v->n : 1, sizeof *p.idx);
	for (i = p.n = 0; i < v->n; i++)
		if (v->m[i]->author_id != ui->actor.id)
			p.idx[p.n++] = i;
	if (p.n == 0)
		ui_flash(_("There is no message from someone else to report "
		    "here."));
	else if (p.n == 1)
		r = (long)p.idx[0];
	else {
		memset(&l, 0, sizeof l);
		l.title = _("Report a message");
		l.help = _("Enter choose · Esc cancel");
		l.n = p.n;
		l.row = conversation_view_pick_row;
		l.arg = &p;
		sel = p.n - 1;
		while ((rc = list_run(&l, &sel, &key)) == LIST_KEY)
			continue;
		if (rc == LIST_QUIT)
			r = -2;
		else if (rc == LIST_SELECT && sel < p.n)
			r = (long)p.idx[sel];
	}
	free(p.idx);
	return r;
}

/* conversation_view_reason asks why: a reason, MENU_BACK or MENU_QUIT. */
static int
conversation_view_reason(void)
{
	struct menu_item	items[MSG_REPORT_COUNT];
	int			r, sel = 0;

	for (r = 0; r < MSG_REPORT_COUNT; r++)
		items[r] = (struct menu_item){ (wint_t)('1' + r),
		    _(message_report_reason_label(r)), r };
	return menu_run(_("Report a message"), _("Why are you reporting this "
	    "message? A moderator will read this one message and nothing "
	    "else of the conversation."), items, MSG_REPORT_COUNT, &sel);
}

/* conversation_view_thanks tells the member what happens next. */
static int
conversation_view_thanks(int reason)
{
	char	*text;
	int	 rc;

	xasprintf(&text, "%s%s%s", _("Thank you for telling us. A moderator "
	    "will read this message soon."), reason == MSG_REPORT_RISK ?
	    "\n\n" : "", reason == MSG_REPORT_RISK ? _("If you think someone "
	    "is in danger now, call 112.") : "");
	rc = ui_notice(_("Report sent"), text);
	free(text);
	return rc;
}

/* conversation_view_report reports one message of the conversation. */
static int
conversation_view_report(struct conversation_view *v)
{
	int64_t	report = 0;
	long	i;
	int	reason, st, rc;

	if ((i = conversation_view_pick(v)) < 0)
		return i == -2 ? CV_QUIT : CV_SAME;
	if ((reason = conversation_view_reason()) < 0)
		return reason == MENU_QUIT ? CV_QUIT : CV_SAME;
	st = message_report(ui->db, &ui->actor, v->m[i]->id, reason,
	    &report);
	if (st == ST_EXISTS)
		rc = ui_notice(_("Report a message"), _("You have already "
		    "reported this message. A moderator will read it."));
	else if (st == ST_INVALID)
		rc = ui_notice_status(st, _("This message cannot be reported: "
		    "it is your own."));
	else if (st != ST_OK)
		rc = ui_notice_status(st, NULL);
	else
		rc = conversation_view_thanks(reason);
	return rc == -1 ? CV_QUIT : CV_SAME;
}

/* conversation_view_archive puts the conversation away (or back). */
static int
conversation_view_archive(struct conversation_view *v)
{
	bool	archive = !v->c->archived;
	int	st;

	if (!v->c->member) {
		ui_flash(_("You can archive a conversation once you have "
		    "written in it."));
		return CV_SAME;
	}
	if ((st = message_archive(ui->db, &ui->actor, v->id, archive)) !=
	    ST_OK)
		return ui_notice_status(st, NULL) == -1 ? CV_QUIT : CV_SAME;
	if (!archive) {
		ui_status(_("The conversation is back in your messages."));
		return CV_REOPEN;
	}
	ui_status(_("Archived. It comes back to your messages when someone "
	    "writes in it."));
	return CV_LEAVE;
}

/* conversation_view_take takes a conversation from the shared inbox. */
static int
conversation_view_take(struct conversation_view *v)
{
	int	rc, st;

	if (!v->pro || !v->c->shared) {
		ui_flash(_("Only a professional can take a conversation, and "
		    "only from the shared inbox."));
		return CV_SAME;
	}
	if ((rc = dialog_confirm(_("Take this conversation?"), _("It leaves "
	    "the shared inbox and you answer it from now on."))) != 1)
		return rc == -1 ? CV_QUIT : CV_SAME;
	st = message_take(ui->db, &ui->actor, v->id);
	if (st == ST_NOTFOUND)
		return ui_notice(_("Messages"), _("Another professional has "
		    "already taken this conversation.")) == -1 ? CV_QUIT :
		    CV_LEAVE;
	if (st != ST_OK)
		return ui_notice_status(st, NULL) == -1 ? CV_QUIT : CV_SAME;
	ui_status(_("You have taken this conversation."));
	return CV_REOPEN;
}

/* conversation_view_key runs one action key. */
static int
conversation_view_key(struct conversation_view *v, wint_t key)
{
	switch (key) {
	case 'r':
		return conversation_view_reply(v);
	case '!':
		return conversation_view_report(v);
	case 'a':
		return conversation_view_archive(v);
	case 't':
		return conversation_view_take(v);
	}
	return CV_SAME;
}

/* conversation_view_close drops what message_open gave. */
static void
conversation_view_close(struct conversation_view *v)
{
	messages_free_list(v->m, v->n);
	conversation_free(v->c);
	v->m = NULL;
	v->c = NULL;
	v->n = 0;
}

/*
 * conversation_view_open reads the conversation (marking it read); it
 * returns ST_OK, or tells the member and returns the status.
 */
static int
conversation_view_open(struct conversation_view *v, int *rc)
{
	int	st;

	*rc = 0;
	st = message_open(ui->db, &ui->actor, v->id, &v->c, &v->m, &v->n);
	if (st == ST_OK)
		return ST_OK;
	v->c = NULL;
	v->m = NULL;
	v->n = 0;
	if (st == ST_NOTFOUND)
		*rc = ui_notice(_("Messages"), _("Conversation not found."));
	else
		*rc = ui_notice_status(st, NULL);
	return st;
}

/*
 * conversation_view_run shows conversation id until the member goes
 * back; a conversation she may not see is "not found".  It returns 0, or
 * -1 when the session is ending.
 */
int
conversation_view_run(int64_t id)
{
	struct conversation_view	 v;
	char				*text = NULL, *help = NULL;
	wint_t				 key;
	int				 rc = 0, what = CV_REOPEN;

	memset(&v, 0, sizeof v);
	v.id = id;
	v.pro = ui->actor.role == ROLE_PROFESSIONAL;
	for (;;) {
		if (what == CV_REOPEN) {
			conversation_view_close(&v);
			free(text);
			free(help);
			text = help = NULL;
			if (conversation_view_open(&v, &rc) != ST_OK)
				break;
			text = conversation_view_text(&v);
			help = conversation_view_help(&v);
		}
		rc = pager_run_from(v.c->title != NULL ? v.c->title :
		    _("[cannot be opened]"), text, help, "r!at", &key, true);
		if (rc != PAGER_KEY)
			break;
		if ((what = conversation_view_key(&v, key)) == CV_QUIT) {
			rc = -1;
			break;
		}
		if (what == CV_LEAVE) {
			rc = 0;
			break;
		}
	}
	conversation_view_close(&v);
	free(text);
	free(help);
	return rc == -1 ? -1 : 0;
}
