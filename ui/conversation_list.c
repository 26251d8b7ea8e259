/*
 * conversation_list.c: "Messages", the actor's private conversations.
 *
 * Each row has the new messages, the subject, who the conversation is
 * with and its last activity.  A professional's list is her inbox
 * (bbs/message.c orders it): whoever has waited longest for an answer
 * comes first, with how long ("waiting 2 d 3 h"), and conversations in
 * the shared inbox are marked.  From here a conversation is opened,
 * started, archived for oneself (or brought back), or opened by its
 * number.  Everything is checked again by bbs/message.c: a number the
 * member may not see is "not found", whoever's it is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define CONVERSATION_LIST_COLS	5

struct conversation_list_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	struct conversation	**list;
	size_t			  n;
	bool			  archived;	/* showing the archived ones */
	bool			  inbox;	/* a professional's: waits */
	int			  cols;		/* COLS the header is for */
	char			  header[512];
};

/*
 * conversation_list_waited formats how long someone has waited: "2 d 3 h"
 * past a day (a day alone hides half a day of waiting), else as
 * ui_format_duration does.
 */
void
conversation_list_waited(int64_t secs, char *buf, size_t len)
{
	if (secs < 86400) {
		ui_format_duration(secs > 0 ? secs : 0, buf, len);
		return;
	}
	snprintf(buf, len, _("%lld d %lld h"), (long long)(secs / 86400),
	    (long long)(secs % 86400 / 3600));
}

/*
 * conversation_list_others writes the members but the reader: pseudonyms
 * never hold ", ", so the list splits there safely.
 */
static void
conversation_list_others(const char *members, char *buf, size_t len)
{
	const char	*p, *end;
	size_t		 used = 0, n;
	const char	*me = ui->me != NULL ? ui->me->pseudonym : "";

	if (len == 0)
		return;
	buf[0] = '\0';
	for (p = members != NULL ? members : ""; *p != '\0'; p = end) {
		if ((end = strstr(p, ", ")) == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n > 0 && !(strlen(me) == n && strncmp(p, me, n) == 0)) {
			snprintf(buf + used, len - used, "%s%.*s",
			    used > 0 ? ", " : "", (int)n, p);
			used = strlen(buf);
		}
		if (*end != '\0')
			end += 2;
	}
}

/*
 * conversation_list_with says who a conversation is with, for its reader:
 * a patient writing to her team sees "Your care team" (or the shared
 * inbox while nobody has taken it), anyone else the other members.
 */
void
conversation_list_with(const struct conversation *c, char *buf, size_t len)
{
	if (!role_is_staff(ui->actor.role) && c->kind == CONV_CARE &&
	    c->patient_id == ui->actor.id) {
		snprintf(buf, len, "%s", c->shared ? _("Shared inbox") :
		    _("Your care team"));
		return;
	}
	conversation_list_others(c->members, buf, len);
	if (buf[0] == '\0' && len > 0)
		snprintf(buf, len, "%s", c->patient != NULL ? c->patient : "-");
}

/* conversation_list_widths sizes the columns: the subject grows. */
static void
conversation_list_widths(const struct conversation_list_view *v, int *w)
{
	int	title;

	w[0] = 10;			/* "12 nuevos" */
	w[2] = COLS < 70 ? 10 : COLS < 100 ? 14 : 16;	/* with */
	w[3] = v->inbox ? 16 : 0;	/* last message */
	w[4] = 0;			/* waiting: the rest */
	title = COLS - 2 - (w[0] + 1) - (w[2] + 1) - 17 - (v->inbox ? 16 : 0);
	w[1] = title > 12 ? title - 1 : 12;
}

/* conversation_list_header sets the column headings for the width. */
static void
conversation_list_header(struct conversation_list_view *v)
{
	const char	*heads[CONVERSATION_LIST_COLS];
	int		 w[CONVERSATION_LIST_COLS];

	conversation_list_widths(v, w);
	heads[0] = "";
	heads[1] = _("Subject");
	heads[2] = _("With");
	heads[3] = _("Last message");
	heads[4] = _("Waiting");
	ui_columns(v->header, sizeof v->header, w, heads, v->inbox ?
	    CONVERSATION_LIST_COLS : CONVERSATION_LIST_COLS - 1);
	v->cols = COLS;
}

/* conversation_list_title writes the subject with its marks. */
static void
conversation_list_title(const struct conversation *c, char *buf, size_t len)
{
	buf[0] = '\0';
	if (c->closed_at != 0)
		snprintf(buf, len, "%s ", _("[closed]"));
	if (c->shared)	/* short: the subject must still show at 80 */
		snprintf(buf + strlen(buf), len - strlen(buf), "%s ",
		    _("[shared]"));
	snprintf(buf + strlen(buf), len - strlen(buf), "%s", c->title != NULL ?
	    c->title : _("[cannot be opened]"));
}

/* conversation_list_row formats one conversation for the list. */
static void
conversation_list_row(void *arg, size_t i, char *buf, size_t len)
{
	struct conversation_list_view	*v = arg;
	const struct conversation	*c = v->list[i];
	const char			*cells[CONVERSATION_LIST_COLS];
	char				 fresh[32], title[512], with[256];
	char				 when[32], wait[64], d[32];
	int				 w[CONVERSATION_LIST_COLS];

	if (v->cols != COLS)
		conversation_list_header(v);
	conversation_list_widths(v, w);
	fresh[0] = wait[0] = '\0';
	if (c->unread > 0)
		snprintf(fresh, sizeof fresh, ngettext("%lld new", "%lld new",
		    (unsigned long)c->unread), (long long)c->unread);
	conversation_list_title(c, title, sizeof title);
	conversation_list_with(c, with, sizeof with);
	ui_format_local(c->last_at, when, sizeof when);
	if (c->waiting_since > 0) {
		conversation_list_waited(db_now() - c->waiting_since, d,
		    sizeof d);
		snprintf(wait, sizeof wait, _("waiting %s"), d);
	}
	cells[0] = fresh;
	cells[1] = title;
	cells[2] = with;
	cells[3] = when;
	cells[4] = wait;
	ui_columns(buf, len, w, cells, v->inbox ? CONVERSATION_LIST_COLS :
	    CONVERSATION_LIST_COLS - 1);
}

/* conversation_list_texts sets the title, key help and empty text. */
static void
conversation_list_texts(struct conversation_list_view *v)
{
	struct list	*l = &v->ls.list;

	if (v->archived) {
		l->title = _("Archived messages");
		l->help = _("Enter open · a unarchive · v current · g go to "
		    "number");
		l->empty = _("No archived conversations. Press v to go back "
		    "to your messages.");
		return;
	}
	l->title = _("Messages");
	l->help = _("Enter open · n new · a archive · v archived · g go to "
	    "number");
	if (!message_may_start(&ui->actor))
		l->empty = _("No conversations yet.");
	else if (role_is_staff(ui->actor.role))
		l->empty = _("No conversations here. Press n to write to a "
		    "patient or a member of staff, or v to see the ones you "
		    "archived.");
	else
		l->empty = _("No conversations here. Press n to write to your "
		    "care team, or v to see the ones you archived.");
}

/* conversation_list_load reads the conversations of the current view. */
static int
conversation_list_load(struct list_screen *ls)
{
	struct conversation_list_view	*v =
	    (struct conversation_list_view *)ls;
	int				 st;

	conversation_list_texts(v);
	st = message_list(ui->db, &ui->actor, v->archived, &v->list, &v->n);
	if (st != ST_OK) {
		v->list = NULL;
		v->n = 0;
	}
	ls->list.n = v->n;
	conversation_list_header(v);
	return st;
}

/* conversation_list_unload frees the conversations. */
static void
conversation_list_unload(struct list_screen *ls)
{
	struct conversation_list_view	*v =
	    (struct conversation_list_view *)ls;

	conversations_free_list(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/* conversation_list_archive puts the conversation away, or back. */
static int
conversation_list_archive(struct conversation_list_view *v, size_t i)
{
	const struct conversation	*c;
	int				 st;

	if (i >= v->n)
		return 0;
	c = v->list[i];
	if (!c->member) {
		ui_flash(_("You can archive a conversation once you have "
		    "written in it."));
		return 0;
	}
	st = message_archive(ui->db, &ui->actor, c->id, !v->archived);
	if (st != ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	ui_status(v->archived ? _("The conversation is back in your "
	    "messages.") : _("Archived. It comes back to your messages when "
	    "someone writes in it."));
	return 0;
}

/*
 * conversation_list_goto opens a conversation by its number (shown at the
 * top of every conversation), for when someone refers to one.
 */
static int
conversation_list_goto(void)
{
	struct field	 f;
	char		 num[24], *end;
	long long	 id;
	int		 rc;

	num[0] = '\0';
	f = (struct field){ _("Number"), num, sizeof num, 18, false };
	if ((rc = form_run(_("Open a conversation"), _("Each conversation "
	    "has a number, shown at the top when you read it."), &f, 1,
	    NULL)) != 1)
		return rc;
	id = strtoll(num, &end, 10);
	if (end == num || *end != '\0' || id <= 0) {
		ui_flash(_("A conversation number is a whole number, such as "
		    "12."));
		return 0;
	}
	return conversation_view_run((int64_t)id);
}

/* conversation_list_act runs Enter or a key on the selected row. */
static int
conversation_list_act(struct list_screen *ls, size_t i, wint_t key,
    bool select)
{
	struct conversation_list_view	*v =
	    (struct conversation_list_view *)ls;
	int				 rc = 0;

	if (select)
		return i < v->n ? conversation_view_run(v->list[i]->id) : 0;
	switch (key) {
	case 'n':
		if (!message_may_start(&ui->actor)) {
			ui_flash(_("Your role cannot write private "
			    "messages."));
			break;
		}
		rc = conversation_new_run(NULL);
		break;
	case 'v':
		v->archived = !v->archived;
		ls->sel = 0;
		break;
	case 'a':
		rc = conversation_list_archive(v, i);
		break;
	case 'g':
		rc = conversation_list_goto();
		break;
	}
	return rc == -1 ? -1 : 0;
}

/*
 * conversation_list_run shows the actor's conversations until she goes
 * back; -1 when the session is ending.
 */
int
conversation_list_run(void)
{
	struct conversation_list_view	v;

	memset(&v, 0, sizeof v);
	v.inbox = ui->actor.role == ROLE_PROFESSIONAL;
	v.ls.list.header = v.header;
	v.ls.list.row = conversation_list_row;
	v.ls.list.arg = &v;
	v.ls.load = conversation_list_load;
	v.ls.unload = conversation_list_unload;
	v.ls.act = conversation_list_act;
	conversation_list_texts(&v);
	return list_screen_run(&v.ls);
}
