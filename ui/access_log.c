/*
 * access_log.c: "Who has looked at my data" (privacy spec, "Audit"): for
 * a patient, the times someone on the staff read or acted on her data,
 * newest first, from the audit log (bbs/rights.c decides which rows).
 * One scrolling page: what the list is, then one line per access with
 * the date, who, their role and what they did.  Pseudonyms are user
 * text: the columns and the pager sanitise them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

static const int access_log_widths[] = { 16, 14, 14, 0 };

/* access_log_line appends one column-aligned line to *text. */
static void
access_log_line(char **text, const char **cells)
{
	char	line[512];

	ui_columns(line, sizeof line, access_log_widths, cells, 4);
	ui_appendf(text, "%s", line);
}

/* access_log_text builds the page: the explanation, then the accesses. */
static char *
access_log_text(const struct access_entry *list, size_t n)
{
	const char	*cells[4];
	char		*text = xstrdup(""), when[32];
	size_t		 i;

	ui_appendf(&text, "%s\n", _("Each time someone on the staff "
	    "opened your record, read your messages, questionnaires or "
	    "exercises, or acted on an alert about you, the service writes it "
	    "down. This is that list, newest first. Your own actions are not "
	    "listed, and neither are research exports, which never show who "
	    "you are."));
	if (n == 0) {
		ui_appendf(&text, "%s", _("Nobody on the staff has looked at "
		    "your data yet."));
		return text;
	}
	cells[0] = _("When");
	cells[1] = _("Who");
	cells[2] = _("Role");
	cells[3] = _("What");
	access_log_line(&text, cells);
	for (i = 0; i < n; i++) {
		ui_format_local(list[i].at, when, sizeof when);
		cells[0] = when;
		if (list[i].role < 0) {
			cells[1] = _("the service");
			cells[2] = _("administrator");
		} else {
			cells[1] = list[i].who;
			cells[2] = ui_role_label(list[i].role);
		}
		cells[3] = _(rights_action_label(list[i].what));
		access_log_line(&text, cells);
	}
	return text;
}

/* access_log_run shows the patient who on the staff looked at her data. */
int
access_log_run(void)
{
	struct access_entry	*list = NULL;
	char			*text;
	size_t			 n = 0;
	int			 st, rc;

	if ((st = rights_access_log(ui->db, &ui->actor, &list, &n)) != ST_OK)
		return ui_notice_status(st, NULL);
	text = access_log_text(list, n);
	rights_access_free(list, n);
	rc = pager_run(_("Who has looked at my data"), text, NULL);
	free(text);
	return rc;
}
