/*
 * conversation_new.c: starting a private conversation.
 *
 * A patient writes to her care team (or, while she has none, to the
 * shared inbox every professional sees): she gives a subject and the
 * message.  Staff also say whom to (a pseudonym).  What was typed is
 * never lost: when bbs/message.c refuses (nobody of that name one may
 * write to, a text too long), the member is told why in her language and
 * goes back to the form, then the editor, with everything as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define CONVERSATION_NEW_NAME	24	/* a pseudonym's characters */

struct conversation_new {
	bool	 to_asked;	/* staff: a "To" field */
	char	 to[CONVERSATION_NEW_NAME * 4 + 1];
	char	 subject[MESSAGE_SUBJECT_MAX * 4 + 1];
	char	*body;
	char	*heading;	/* the editor's title */
	bool	 tried;		/* a send was refused: the text is kept */
	int64_t	 id;
};

/* conversation_new_blank tells whether text has nothing but white space. */
static bool
conversation_new_blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

/* conversation_new_intro is the form's explanation for the role. */
static const char *
conversation_new_intro(const struct conversation_new *c)
{
	if (c->to_asked)
		return _("Write to a patient or a member of staff: give their "
		    "pseudonym and a short subject.");
	return _("Your message goes to your care team, the professionals who "
	    "follow you (or, while you have none, to the team's shared "
	    "inbox). Give it a short subject first.");
}

/*
 * conversation_new_form asks for the recipient (staff) and the subject
 * until both are there: 1 given, 0 cancelled, -1 when the session ends.
 */
static int
conversation_new_form(struct conversation_new *c)
{
	struct field	 f[2];
	size_t		 n = 0;
	int		 rc;

	if (c->to_asked)
		f[n++] = (struct field){ _("To"), c->to, sizeof c->to,
		    CONVERSATION_NEW_NAME, false };
	f[n++] = (struct field){ _("Subject"), c->subject, sizeof c->subject,
	    MESSAGE_SUBJECT_MAX, false };
	for (;;) {
		rc = form_run(_("New message"), conversation_new_intro(c), f,
		    n, _("Enter continue · Esc cancel"));
		if (rc != 1)
			return rc;
		if (c->to_asked && conversation_new_blank(c->to))
			rc = ui_notice(_("New message"), _("Please give the "
			    "pseudonym of the person you are writing to."));
		else if (conversation_new_blank(c->subject))
			rc = ui_notice(_("New message"), _("Please give your "
			    "message a subject."));
		else
			return 1;
		if (rc == -1)
			return -1;
	}
}

/*
 * conversation_new_leave asks before throwing away a message kept after
 * a refused send: 1 leave, 0 stay, -1 when the session is ending.  The
 * editor itself asks about changes made since it opened.
 */
static int
conversation_new_leave(const struct conversation_new *c)
{
	if (!c->tried || conversation_new_blank(c->body))
		return 1;
	return dialog_confirm(_("Leave without sending?"), _("What you wrote "
	    "will not be kept."));
}

/*
 * conversation_new_write runs the editor until there is a message to
 * send: 1 written, 0 given up, -1 when the session is ending.
 */
static int
conversation_new_write(struct conversation_new *c)
{
	int	rc;

	free(c->heading);
	xasprintf(&c->heading, "%s: %s", _("New message"), c->subject);
	for (;;) {
		if ((rc = editor_run(c->heading, &c->body,
		    MESSAGE_BODY_MAX)) == -1)
			return -1;
		if (rc == 0) {
			if ((rc = conversation_new_leave(c)) != 0)
				return rc == -1 ? -1 : 0;
			continue;
		}
		if (!conversation_new_blank(c->body))
			return 1;
		if (ui_notice(_("New message"), _("There is nothing to send "
		    "yet. Write a few words first.")) == -1)
			return -1;
	}
}

/*
 * conversation_new_send sends the conversation: 1 sent, 0 refused (the
 * member was told why), -1 when the session is ending.
 */
static int
conversation_new_send(struct conversation_new *c)
{
	char	*err = NULL;
	int	 st, rc;

	st = message_start(ui->db, ui->conf, &ui->actor, c->to_asked ? c->to :
	    NULL, c->subject, c->body, &c->id, &err);
	if (st == ST_OK) {
		free(err);
		return 1;
	}
	rc = ui_notice_status(st, err);
	free(err);
	c->tried = true;
	return rc == -1 ? -1 : 0;
}

/* conversation_new_loop runs form, editor and send until done: 1, 0, -1. */
static int
conversation_new_loop(struct conversation_new *c)
{
	int	rc;

	for (;;) {
		if ((rc = conversation_new_form(c)) == 0) {
			/* Esc on the form after a refusal: ask first. */
			if ((rc = conversation_new_leave(c)) != 0)
				return rc == -1 ? -1 : 0;
			continue;
		}
		if (rc == -1)
			return -1;
		if ((rc = conversation_new_write(c)) != 1)
			return rc;
		if ((rc = conversation_new_send(c)) != 0)
			return rc;
	}
}

/*
 * conversation_new_run starts a conversation, to the account named to
 * (staff; NULL: asked) or to the patient's care team, then opens it.  It
 * returns 1 when sent, 0 when given up, -1 when the session is ending.
 */
int
conversation_new_run(const char *to)
{
	struct conversation_new	c;
	size_t			cut;
	int			rc;

	if (!message_may_start(&ui->actor))
		return ui_notice(_("New message"), _("Your role cannot write "
		    "private messages.")) == -1 ? -1 : 0;
	memset(&c, 0, sizeof c);
	c.to_asked = role_is_staff(ui->actor.role);
	if (c.to_asked && to != NULL) {
		cut = text_cut(to, sizeof c.to - 1);
		memcpy(c.to, to, cut);
		c.to[cut] = '\0';
	}
	rc = conversation_new_loop(&c);
	free(c.body);
	free(c.heading);
	if (rc != 1)
		return rc;
	ui_status(_("Your message is sent."));
	return conversation_view_run(c.id) == -1 ? -1 : 1;
}
