/*
 * rules_accept.c: the community rules and data-use statement, which each
 * account accepts at its first login and again whenever they change.
 */
#include <stdlib.h>

#include "ui.h"

enum { RULES_ACCEPT, RULES_READ, RULES_LEAVE };

/*
 * rules_accept_run returns 1 when the account has accepted the current
 * rules (now or before), 0 when the user leaves, -1 when the session ends.
 */
int
rules_accept_run(void)
{
	struct menu_item	 items[] = {
		{ 'a', _("I accept the rules and the data-use statement"),
		    RULES_ACCEPT },
		{ 'r', _("Read them again"), RULES_READ },
		{ 'l', _("Leave without accepting"), RULES_LEAVE },
	};
	struct rules		 r;
	char			*err = NULL;
	int			 sel = 0, rc, choice;

	if (rules_load(ui->conf, ui->me->language, &r, &err) != ST_OK) {
		log_warn("%s", err != NULL ? err : "rules");
		free(err);
		ui_notice(_("Community rules"), _("The community rules cannot "
		    "be shown right now, so Mirall cannot continue. Please try "
		    "again later."));
		return 0;
	}
	if (ui->me->rules_version >= r.version) {
		rules_clear(&r);
		return 1;
	}
	for (choice = RULES_READ;;) {
		if (choice == RULES_READ &&
		    pager_run(_("Community rules"), r.text,
		    _("Space next page · q done reading")) == -1) {
			rc = -1;
			break;
		}
		choice = menu_run(_("Community rules"), _("Do you accept the "
		    "community rules and the data-use statement?"), items, 3,
		    &sel);
		if (choice == MENU_QUIT) {
			rc = -1;
			break;
		}
		if (choice == RULES_LEAVE || choice == MENU_BACK) {
			rc = 0;
			break;
		}
		if (choice == RULES_ACCEPT) {
			rc = account_accept_rules(ui->db, &ui->actor,
			    r.version) == ST_OK ? 1 : 0;
			if (rc == 1)
				ui->me->rules_version = r.version;
			else
				ui_notice_status(ST_DBERR, NULL);
			break;
		}
	}
	rules_clear(&r);
	return rc;
}
