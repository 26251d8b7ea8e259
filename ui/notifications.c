/*
 * notifications.c: the service's private notes to one member, newest
 * first: a moderator hid, approved or restored their post, or their
 * posting is suspended.  Each is told as a plain sentence in the member's
 * language, with the reason; nobody else sees them.
 *
 * Opening the screen marks them read; those that were new when it opened
 * stay marked "new" until the member leaves it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct notifications_view {
	struct notification	**notes;
	size_t			  n;
	char			  header[256];
};

static const int notifications_widths[] = { 5, 16, 0 };

/* notifications_cat appends add to *s, which it reallocates. */
static void
notifications_cat(char **s, const char *add)
{
	char	*t = NULL;

	xasprintf(&t, "%s%s%s", *s != NULL ? *s : "",
	    *s != NULL && **s != '\0' ? " " : "", add);
	free(*s);
	*s = t;
}

/*
 * notifications_note appends a moderator's note as a sentence of its own,
 * with a full stop when the moderator did not end it.
 */
static void
notifications_note(char **s, const char *note)
{
	size_t	 n = strlen(note);
	bool	 ended;
	char	*t = NULL;

	ended = strchr(".!?", note[n - 1]) != NULL ||
	    (n >= 3 && strcmp(note + n - 3, "…") == 0);
	notifications_cat(s, note);
	if (ended)
		return;
	xasprintf(&t, "%s.", *s);
	free(*s);
	*s = t;
}

/* notifications_hidden tells a member why a moderator hid their post. */
static char *
notifications_hidden(const struct notification *nt)
{
	const char	*label;
	char		*s = NULL;

	label = nt->reason >= 0 && nt->reason < HIDE_COUNT ?
	    _(hide_reason_label(nt->reason)) : _("not given");
	if (nt->thread_title != NULL && *nt->thread_title != '\0')
		xasprintf(&s, _("A moderator hid your post in \"%s\". "
		    "Reason: %s."), nt->thread_title, label);
	else
		xasprintf(&s, _("A moderator hid one of your posts. "
		    "Reason: %s."), label);
	if (nt->note != NULL && *nt->note != '\0')
		notifications_note(&s, nt->note);
	if (nt->reason == HIDE_PERSONAL)
		notifications_cat(&s, _("You can edit the post to remove the "
		    "personal details; it will then be reviewed again."));
	return s;
}

/* notifications_titled formats a sentence about the post's thread. */
static char *
notifications_titled(const struct notification *nt, const char *with,
    const char *without)
{
	char	*s = NULL;

	if (nt->thread_title != NULL && *nt->thread_title != '\0')
		xasprintf(&s, with, nt->thread_title);
	else
		s = xstrdup(without);
	return s;
}

/* notifications_suspended tells a member their posting is suspended. */
static char *
notifications_suspended(const struct notification *nt)
{
	char	*s = NULL, until[32];
	char	*reason = NULL;

	ui_format_time(nt->until, until, sizeof until);
	xasprintf(&s, _("Your posting is suspended until %s (UTC)."), until);
	if (nt->note != NULL && *nt->note != '\0') {
		xasprintf(&reason, _("Reason: %s"), nt->note);
		notifications_cat(&s, reason);
		free(reason);
	}
	notifications_cat(&s, _("You can still read the boards and the "
	    "library."));
	return s;
}

/* notifications_text renders a note as a sentence in the user's language. */
static char *
notifications_text(const struct notification *nt)
{
	switch (nt->kind) {
	case NOTE_POST_HIDDEN:
		return notifications_hidden(nt);
	case NOTE_POST_APPROVED:
		return notifications_titled(nt, _("Your post in \"%s\" has "
		    "been approved and is now visible."), _("Your post has "
		    "been approved and is now visible."));
	case NOTE_POST_RESTORED:
		return notifications_titled(nt, _("A moderator restored your "
		    "post in \"%s\": it is visible again."), _("A moderator "
		    "restored your post: it is visible again."));
	case NOTE_SUSPENDED:
		return notifications_suspended(nt);
	case NOTE_FORM_SENT:
		return xstrdup(_("Your care team has sent you a questionnaire. "
		    "You will find it under Questionnaires."));
	case NOTE_MODULE_ASSIGNED:
		return xstrdup(_("Your professional has added a self-help "
		    "module to your programme. You will find it under My "
		    "programme."));
	case NOTE_CHECKIN:
		return xstrdup(_("We have not heard from you for a while, and "
		    "we hope you are doing all right. Whenever you feel like "
		    "it, your questionnaires and your care team are here."));
	default:
		return xstrdup(_("A note from the service."));
	}
}

/* notifications_row formats one note: new marker, time, the sentence. */
static void
notifications_row(void *arg, size_t i, char *buf, size_t len)
{
	struct notifications_view	*v = arg;
	struct notification		*nt = v->notes[i];
	const char			*cells[3];
	char				*text, when[32];

	text = notifications_text(nt);
	ui_format_time(nt->created_at, when, sizeof when);
	cells[0] = nt->read_at == 0 ? _("new") : "";
	cells[1] = when;
	cells[2] = text;
	ui_columns(buf, len, notifications_widths, cells, 3);
	free(text);
}

/* notifications_open shows the post a note is about, in its thread. */
static int
notifications_open(const struct notification *nt)
{
	struct post	*p = NULL;
	int		 rc;

	if (nt->object_id == 0 || nt->kind == NOTE_SUSPENDED)
		return 0;
	if (forum_post(ui->db, &ui->actor, nt->object_id, &p) != ST_OK)
		return ui_notice(_("Notifications"), _("That post can no "
		    "longer be opened."));
	rc = thread_view_run(p->thread_id, p->id);
	post_free(p);
	return rc;
}

/* notifications_show shows a note's whole text. */
static int
notifications_show(const struct notification *nt)
{
	char	*text, when[32], *msg = NULL;
	int	 rc;

	text = notifications_text(nt);
	ui_format_time(nt->created_at, when, sizeof when);
	xasprintf(&msg, "%s (UTC)\n\n%s", when, text);
	rc = dialog_message(_("Notification"), msg);
	free(msg);
	free(text);
	return rc;
}

/* notifications_loop runs the list until the user goes back. */
static int
notifications_loop(struct notifications_view *v)
{
	struct list	l;
	size_t		sel = 0;
	wint_t		key = 0;
	int		r, rc = 0;

	memset(&l, 0, sizeof l);
	l.title = _("Notifications");
	l.header = v->header;
	l.help = _("Enter read · o open the post");
	l.n = v->n;
	l.row = notifications_row;
	l.arg = v;
	l.empty = _("No notifications. When a moderator acts on one of your "
	    "posts, you will be told here.");
	while (rc != -1) {
		r = list_run(&l, &sel, &key);
		if (r == LIST_QUIT)
			rc = -1;
		else if (r == LIST_BACK)
			break;
		else if (r == LIST_SELECT && sel < v->n)
			rc = notifications_show(v->notes[sel]);
		else if (r == LIST_KEY && key == 'o' && sel < v->n)
			rc = notifications_open(v->notes[sel]);
	}
	return rc;
}

/* notifications_run lists the user's notes and marks them read. */
int
notifications_run(void)
{
	struct notifications_view	 v;
	const char			*heads[3];
	int				 st, rc;

	memset(&v, 0, sizeof v);
	if ((st = notify_list(ui->db, &ui->actor, &v.notes, &v.n)) != ST_OK)
		return ui_notice_status(st, NULL);
	if (v.n > 0)
		(void)notify_mark_read(ui->db, &ui->actor);
	heads[0] = "";
	heads[1] = _("When (UTC)");
	heads[2] = _("What happened");
	ui_columns(v.header, sizeof v.header, notifications_widths, heads, 3);
	rc = notifications_loop(&v);
	notifications_free_list(v.notes, v.n);
	return rc;
}
