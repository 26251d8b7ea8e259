/*
 * main_menu.c: the main menu.  It lists only what exists and what the
 * account's role may use; each screen checks the permission again when
 * it acts, so the menu is a convenience, not the control.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ui.h"

enum { MAIN_ACCOUNT, MAIN_INVITES, MAIN_ADMIN, MAIN_LOGOUT };

/* main_menu_may asks the permission table about one entry. */
static bool
main_menu_may(enum action act, int target_role)
{
	struct target	t = TARGET_NONE;

	t.role = target_role;
	return role_may(&ui->actor, act, &t);
}

/* main_menu_run shows the main menu until logout or the end. */
int
main_menu_run(void)
{
	struct menu_item	 items[4];
	char			*intro = NULL;
	size_t			 n;
	int			 sel = 0, choice, rc = 0;

	while (!ui->quit) {
		n = 0;
		items[n++] = (struct menu_item){ 'a', _("Account"),
		    MAIN_ACCOUNT };
		if (ui->me->role != ROLE_ADMIN &&
		    main_menu_may(ACT_INVITE_CREATE, ROLE_PATIENT))
			items[n++] = (struct menu_item){ 'i', _("Invites"),
			    MAIN_INVITES };
		if (main_menu_may(ACT_ACCOUNT_ADMIN, -1))
			items[n++] = (struct menu_item){ 's',
			    _("Staff administration"), MAIN_ADMIN };
		items[n++] = (struct menu_item){ 'x', _("Log out"),
		    MAIN_LOGOUT };
		free(intro);
		xasprintf(&intro, _("Hello, %s."), ui->me->pseudonym);
		choice = menu_run(_("Main menu"), intro, items, n, &sel);
		if (choice == MENU_QUIT) {
			rc = -1;
			break;
		}
		if (choice == MAIN_ACCOUNT)
			rc = account_screen_run();
		else if (choice == MAIN_INVITES)
			rc = admin_invites_run();
		else if (choice == MAIN_ADMIN)
			rc = admin_menu_run();
		else if (choice == MAIN_LOGOUT || choice == MENU_BACK) {
			rc = dialog_confirm(_("Log out"),
			    _("Do you want to log out of Mirall?"));
			if (rc == 1) {
				rc = 0;
				break;
			}
		}
		if (rc == -1)
			break;
	}
	free(intro);
	return rc;
}
