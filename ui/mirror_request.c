/*
 * mirror_request.c: a patient asks for a mirror experience: a topic from
 * the list, in her own words what she would like to talk about, and any
 * preference about the person.  bbs/mirror.c checks she may, checks the
 * texts and seals them; when it refuses, she sees why and keeps what she
 * wrote.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define MIRROR_REQUEST_BYTES	(MIRROR_TEXT_MAX * 4 + 1)

/* mirror_request_topic asks what it is about: a topic, or MENU_BACK/QUIT. */
static int
mirror_request_topic(void)
{
	struct menu_item	items[MIRROR_TOPIC_COUNT];
	int			t, sel = 0;

	for (t = 0; t < MIRROR_TOPIC_COUNT; t++)
		items[t] = (struct menu_item){ (wint_t)('1' + t),
		    _(mirror_topic_label(t)), t };
	return menu_run(_("Ask for a mirror experience"), _("What is it "
	    "about? Choose the topic closest to what you would like to talk "
	    "about. You can say more on the next screen."), items,
	    MIRROR_TOPIC_COUNT, &sel);
}

/* mirror_request_blank tells whether a text has nothing but spaces. */
static bool
mirror_request_blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

/* mirror_request_preference asks for any preference: 1, 0 back, -1. */
static int
mirror_request_preference(char *pref, size_t size)
{
	struct field	f[] = {
		{ _("Preference"), pref, size, MIRROR_TEXT_MAX, false },
	};

	return form_run(_("Ask for a mirror experience"), _("Any preference? "
	    "(for example someone of a similar age, or who had the same "
	    "treatment)\n\nYou can leave this empty. Enter sends your "
	    "request; Esc goes back to your text."), f, 1, _("Enter send · "
	    "Esc back to your text"));
}

/*
 * mirror_request_open tells whether she has a request open already
 * (asked, being matched or under way): bbs/mirror.c allows one at a time,
 * and she is told so before she writes, not after.
 */
static bool
mirror_request_open(void)
{
	struct mirror_request	**reqs = NULL;
	size_t			  n = 0, i;
	bool			  open = false;

	if (mirror_mine(ui->db, &ui->actor, &reqs, &n) != ST_OK)
		return false;
	for (i = 0; i < n; i++) {
		if (reqs[i]->state != MIRROR_CLOSED &&
		    reqs[i]->state != MIRROR_CANCELLED)
			open = true;
	}
	mirror_requests_free_list(reqs, n);
	return open;
}

/* mirror_request_thanks says what happens next. */
static int
mirror_request_thanks(void)
{
	return ui_notice(_("Request sent"), _("Thank you. A professional of "
	    "the team will read your request and look for someone who has "
	    "lived something similar. You can follow it under My "
	    "requests."));
}

/*
 * mirror_request_run asks for a mirror experience; it returns 1 when a
 * request was made, 0 when not, -1 when the session is ending.
 */
int
mirror_request_run(void)
{
	char	*details = NULL, *pref, *err;
	int64_t	 id;
	int	 topic, rc, st;

	if (mirror_request_open())
		return ui_notice(_("Ask for a mirror experience"), _("You "
		    "already have a mirror experience under way. You can ask "
		    "for another once it is closed or cancelled.")) == -1 ?
		    -1 : 0;
	if ((topic = mirror_request_topic()) < 0)
		return topic == MENU_QUIT ? -1 : 0;
	pref = xcalloc(1, MIRROR_REQUEST_BYTES);
	for (;;) {
		rc = editor_run(_("What would you like to talk about?"),
		    &details, MIRROR_TEXT_MAX);
		if (rc != 1)
			goto out;
		if ((rc = mirror_request_preference(pref,
		    MIRROR_REQUEST_BYTES)) == -1)
			goto out;
		if (rc == 0)
			continue;
		err = NULL;
		st = mirror_request(ui->db, &ui->actor, topic, details,
		    mirror_request_blank(pref) ? NULL : pref, &id, &err);
		if (st == ST_OK)
			break;
		rc = ui_notice_status(st, err);
		free(err);
		if (rc == -1 || st != ST_INVALID)
			goto out;
	}
	rc = mirror_request_thanks() == -1 ? -1 : 1;
out:
	free(details);
	free(pref);
	return rc;
}
