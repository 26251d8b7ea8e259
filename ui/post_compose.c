/*
 * post_compose.c: writing a new thread, a reply or an edit.
 *
 * Whatever happens, what the member typed is never lost: when the checks
 * here or the server refuse the text (too long, a locked thread, contact
 * details), the member is told why and goes back to the editor with the
 * text as it was.  The checks here are a courtesy; bbs/forum.c checks
 * everything again and decides.
 *
 * Risk language never blocks a post.  The author gets a private,
 * supportive message and the crisis card at once, and is never shown a
 * risk label.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define COMPOSE_TITLE_FALLBACK	120	/* characters, without a config */

enum post_compose_kind { COMPOSE_THREAD, COMPOSE_REPLY, COMPOSE_EDIT };

struct post_compose {
	enum post_compose_kind	 kind;
	int64_t			 target;	/* board, thread or post */
	char			*title;		/* NULL: no title asked */
	size_t			 title_size;
	size_t			 title_max;	/* characters */
	char			*body;
	const char		*heading;	/* the editor's title */
	char			*named;		/* heading with the title */
	struct post_result	 res;
};

/* post_compose_blank tells whether text has nothing but white space. */
static bool
post_compose_blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

/* post_compose_suspended tells a suspended member before they write. */
static int
post_compose_suspended(void)
{
	char	 when[32], *reason = NULL, *text;
	int64_t	 until = 0;
	int	 rc;

	if (forum_posting_suspended(ui->db, &ui->actor, &until, &reason) !=
	    ST_OK || until <= 0) {
		free(reason);
		return 0;
	}
	ui_format_time(until, when, sizeof when);
	xasprintf(&text, _("A moderator has paused your posting until %s "
	    "(UTC). You can still read everything.%s%s"), when,
	    reason != NULL && *reason != '\0' ? "\n\n" : "",
	    reason != NULL ? reason : "");
	rc = ui_notice(_("Posting paused"), text);
	free(text);
	free(reason);
	return rc == -1 ? -1 : 1;
}

/* post_compose_title asks for the title: 1 given, 0 cancel, -1 quit. */
static int
post_compose_title(struct post_compose *c)
{
	struct field	f[] = {
		{ _("Title"), c->title, c->title_size, c->title_max, false },
	};
	int		rc;

	for (;;) {
		rc = form_run(c->kind == COMPOSE_EDIT ? _("Edit your post") :
		    _("New thread"), _("Give your thread a short title that "
		    "says what it is about. Please keep names, phone numbers "
		    "and addresses out of it: the community is anonymous."),
		    f, 1, _("Enter continue · Esc cancel"));
		if (rc != 1 || !post_compose_blank(c->title))
			return rc;
		if (ui_notice(_("New thread"), _("Please give your thread a "
		    "title.")) == -1)
			return -1;
	}
}

/*
 * post_compose_leave asks before throwing away text the editor took for
 * its starting point (after a refused send): 1 leave, 0 stay, -1 quit.
 * The editor itself asks about changes made since it opened.
 */
static int
post_compose_leave(const struct post_compose *c, bool tried)
{
	if (!tried || post_compose_blank(c->body))
		return 1;
	return dialog_confirm(_("Leave without posting?"),
	    c->kind == COMPOSE_EDIT ? _("Your changes will not be saved.") :
	    _("What you wrote will not be kept."));
}

/*
 * post_compose_contact warns when the text seems to hold contact details;
 * it returns 1 to post, 0 to edit again, -1 when the session is ending.
 */
static int
post_compose_contact(const struct post_compose *c)
{
	struct menu_item	items[2];
	unsigned		found;
	int			sel = 0, choice;

	found = patterns_check(c->body);
	if (c->title != NULL)
		found |= patterns_check(c->title);
	if (!(found & PAT_BIT(PAT_CONTACT)))
		return 1;
	items[0] = (struct menu_item){ 'e', _("Edit my text"), 0 };
	items[1] = (struct menu_item){ 'p', _("Post anyway"), 1 };
	choice = menu_run(_("Before you post"), _("This community is "
	    "anonymous, and your text seems to contain contact details: a "
	    "phone number, an e-mail or web address, or an ID number. To keep "
	    "you and others safe, please take them out.\n\nIf you post it "
	    "anyway, it will wait for a moderator before others can see it."),
	    items, 2, &sel);
	if (choice == MENU_QUIT)
		return -1;
	return choice == 1 ? 1 : 0;
}

/* post_compose_submit sends the text to the server; it returns a status. */
static int
post_compose_submit(struct post_compose *c, char **err)
{
	const struct actor	*a = &ui->actor;

	memset(&c->res, 0, sizeof c->res);
	switch (c->kind) {
	case COMPOSE_THREAD:
		return forum_new_thread(ui->db, ui->conf, a, c->target,
		    c->title, c->body, &c->res, err);
	case COMPOSE_REPLY:
		return forum_reply(ui->db, ui->conf, a, c->target, c->body,
		    &c->res, err);
	case COMPOSE_EDIT:
		return forum_edit(ui->db, ui->conf, a, c->target, c->title,
		    c->body, &c->res, err);
	}
	return ST_INVALID;
}

/*
 * post_compose_send checks and sends the text: 1 sent, 0 back to the
 * editor (the member was told why), -1 when the session is ending.
 */
static int
post_compose_send(struct post_compose *c)
{
	char	*err = NULL;
	int	 rc, st;

	if (post_compose_blank(c->body))
		return ui_notice(c->heading, _("There is nothing to post yet. "
		    "Write a few words first.")) == -1 ? -1 : 0;
	if ((rc = post_compose_contact(c)) != 1)
		return rc;
	if ((st = post_compose_submit(c, &err)) == ST_OK)
		return 1;
	rc = ui_notice_status(st, err);
	free(err);
	return rc == -1 ? -1 : 0;
}

/* post_compose_outcome tells the author what happens to the post now. */
static int
post_compose_outcome(const struct post_compose *c)
{
	if (c->res.found & PAT_BIT(PAT_RISK)) {
		if (ui_notice(_("Thank you for sharing"), _("Thank you for "
		    "sharing this. It sounds like you may be going through "
		    "something very hard. Your post is kept for now, and a "
		    "professional of the team will read it.\n\nOn the next "
		    "screen you will find people you can talk to right "
		    "now.")) == -1)
			return -1;
		return crisis_card_run();
	}
	if (c->res.state != POST_VISIBLE)
		return ui_notice(_("Thank you"), _("Your post has been saved. "
		    "It will appear once a moderator has looked at it."));
	return 0;
}

/*
 * post_compose_run runs the title form (when there is a title), the
 * editor and the checks until the text is sent or the member gives up;
 * 1 sent, 0 given up, -1 when the session is ending.
 */
static int
post_compose_run(struct post_compose *c)
{
	size_t	max;
	bool	tried = false;
	int	rc;

	if (c->kind != COMPOSE_EDIT && (rc = post_compose_suspended()) != 0)
		return rc == -1 ? -1 : 0;
	if (c->title != NULL && (rc = post_compose_title(c)) != 1)
		return rc;
	if (c->kind == COMPOSE_THREAD) {
		xasprintf(&c->named, "%s: %s", c->heading, c->title);
		c->heading = c->named;
	}
	max = ui->conf->max_post_length > 0 ?
	    (size_t)ui->conf->max_post_length : 0;
	for (;;) {
		if ((rc = editor_run(c->heading, &c->body, max)) == -1)
			return -1;
		if (rc == 0) {
			if ((rc = post_compose_leave(c, tried)) != 0)
				return rc == -1 ? -1 : 0;
			continue;
		}
		if ((rc = post_compose_send(c)) != 0)
			break;
		tried = true;
	}
	if (rc == -1 || post_compose_outcome(c) == -1)
		return -1;
	return 1;
}

/* post_compose_init sets up a compose with an optional title buffer. */
static void
post_compose_init(struct post_compose *c, enum post_compose_kind kind,
    int64_t target, bool title, const char *body)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->target = target;
	c->body = body != NULL ? xstrdup(body) : NULL;
	if (!title)
		return;
	c->title_max = ui->conf->max_title_length > 0 ?
	    (size_t)ui->conf->max_title_length : COMPOSE_TITLE_FALLBACK;
	c->title_size = c->title_max * 4 + 1;
	c->title = xcalloc(1, c->title_size);
}

/* post_compose_clear frees what a compose holds. */
static void
post_compose_clear(struct post_compose *c)
{
	free(c->title);
	free(c->body);
	free(c->named);
	c->title = c->body = c->named = NULL;
}

/*
 * post_compose_thread starts a thread in board_id; it returns 1 with the
 * new thread and its first post, 0 when given up, -1 when the session is
 * ending.
 */
int
post_compose_thread(int64_t board_id, int64_t *thread_id, int64_t *post_id)
{
	struct post_compose	c;
	int			rc;

	post_compose_init(&c, COMPOSE_THREAD, board_id, true, NULL);
	c.heading = _("New thread");
	if ((rc = post_compose_run(&c)) == 1) {
		*thread_id = c.res.thread_id;
		*post_id = c.res.post_id;
	}
	post_compose_clear(&c);
	return rc;
}

/*
 * post_compose_reply replies in thread_id, starting from text (quoted
 * lines, or NULL); 1 with the new post's id, 0 given up, -1 quit.
 */
int
post_compose_reply(int64_t thread_id, const char *text, int64_t *post_id)
{
	struct post_compose	c;
	int			rc;

	post_compose_init(&c, COMPOSE_REPLY, thread_id, false, text);
	c.heading = _("Write a reply");
	if ((rc = post_compose_run(&c)) == 1)
		*post_id = c.res.post_id;
	post_compose_clear(&c);
	return rc;
}

/*
 * post_compose_edit edits the member's own post p; title is the thread's
 * title when p opens the thread (it may be changed too), else NULL.  It
 * returns 1 when saved, 0 when given up, -1 when the session is ending.
 */
int
post_compose_edit(const struct post *p, const char *title)
{
	struct post_compose	c;
	size_t			cut;
	int			rc;

	post_compose_init(&c, COMPOSE_EDIT, p->id, title != NULL, p->body);
	if (c.title != NULL) {
		cut = text_cut(title, c.title_size - 1);
		memcpy(c.title, title, cut);
		c.title[cut] = '\0';
	}
	c.heading = _("Edit your post");
	rc = post_compose_run(&c);
	post_compose_clear(&c);
	return rc;
}
