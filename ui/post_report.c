/*
 * post_report.c: a member reports a post to the moderators, with a reason
 * from a short list and, if they like, a few words of their own.  The
 * post is hidden from others until a moderator decides (bbs/moderation.c
 * does that and checks that the member may report).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* post_report_reason asks why; it returns a reason, MENU_BACK or QUIT. */
static int
post_report_reason(void)
{
	struct menu_item	items[REPORT_COUNT];
	int			r, sel = 0;

	for (r = 0; r < REPORT_COUNT; r++)
		items[r] = (struct menu_item){ (wint_t)('1' + r),
		    _(report_reason_label(r)), r };
	return menu_run(_("Report a post"), _("Why are you reporting this "
	    "post? Only the moderators read your report."), items,
	    REPORT_COUNT, &sel);
}

/* post_report_note asks for optional words: 1 given, 0 cancel, -1 quit. */
static int
post_report_note(char *note, size_t size)
{
	struct field	f[] = {
		{ _("Anything to add"), note, size, MOD_NOTE_MAX, false },
	};

	return form_run(_("Report a post"), _("If you like, tell the "
	    "moderators a little more. You can leave this empty and press "
	    "Enter."), f, 1, _("Enter send · Esc cancel"));
}

/* post_report_thanks tells the member what happens next. */
static int
post_report_thanks(int reason)
{
	char	*text;
	int	 rc;

	xasprintf(&text, "%s%s%s", _("Thank you for telling us. A moderator "
	    "will look at this post soon. Until then it is hidden from "
	    "others."), reason == REPORT_RISK ? "\n\n" : "",
	    reason == REPORT_RISK ? _("If you think someone is in danger "
	    "now, call 112.") : "");
	rc = ui_notice(_("Report sent"), text);
	free(text);
	return rc;
}

/*
 * post_report_run reports post_id; it returns 1 when reported, 0 when
 * not, -1 when the session is ending.
 */
int
post_report_run(int64_t post_id)
{
	char	note[MOD_NOTE_MAX * 4 + 1];
	int	reason, rc, st;

	if ((reason = post_report_reason()) < 0)
		return reason == MENU_QUIT ? -1 : 0;
	note[0] = '\0';
	if ((rc = post_report_note(note, sizeof note)) != 1)
		return rc;
	st = mod_report(ui->db, &ui->actor, post_id, reason,
	    note[0] != '\0' ? note : NULL);
	if (st != ST_OK)
		return ui_notice_status(st, st == ST_INVALID ? _("This post "
		    "cannot be reported: it is your own or it was deleted.") :
		    NULL) == -1 ? -1 : 0;
	return post_report_thanks(reason) == -1 ? -1 : 1;
}
