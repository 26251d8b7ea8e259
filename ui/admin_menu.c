/*
 * admin_menu.c: Staff administration, for administrators.
 */
#include "ui.h"

enum { ADM_ACCOUNTS, ADM_INVITES, ADM_AUDIT, ADM_STUDIES };

/* admin_menu_run shows the administration menu. */
int
admin_menu_run(void)
{
	struct menu_item	items[4];
	struct target		t = TARGET_NONE;
	int			sel = 0, choice, rc = 0;

	/* The entry is hidden from others; this is the check that counts. */
	if (!role_may(&ui->actor, ACT_ACCOUNT_ADMIN, &t))
		return ui_notice_status(ST_DENIED, NULL);
	while (rc != -1) {
		items[0] = (struct menu_item){ 'u', _("Accounts"),
		    ADM_ACCOUNTS };
		items[1] = (struct menu_item){ 'i', _("Invites"), ADM_INVITES };
		items[2] = (struct menu_item){ 'l', _("Audit log"), ADM_AUDIT };
		items[3] = (struct menu_item){ 'r', _("Research studies"),
		    ADM_STUDIES };
		choice = menu_run(_("Staff administration"), NULL, items, 4,
		    &sel);
		if (choice == MENU_QUIT)
			return -1;
		if (choice == MENU_BACK)
			return 0;
		if (choice == ADM_ACCOUNTS)
			rc = admin_accounts_run();
		else if (choice == ADM_INVITES)
			rc = admin_invites_run();
		else if (choice == ADM_STUDIES)
			rc = admin_studies_run();
		else
			rc = admin_audit_run(0);
	}
	return rc;
}
