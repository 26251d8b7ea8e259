/*
 * session.c: what happens between logging in and the main menu: the
 * notice of failed sign-in attempts, the community rules, the consents
 * not decided yet, and a password change when an administrator reset it.
 */
#include <stdlib.h>

#include "ui.h"

/* ui_login makes account id the user of this UI; -1 if it may not log in. */
int
ui_login(int64_t id)
{
	struct account	*a = NULL;

	if (accounts_get(ui->db, id, &a) != ST_OK || a->disabled) {
		account_free(a);
		return -1;
	}
	account_free(ui->me);
	ui->me = a;
	account_actor(a, ui->source, &ui->actor);
	ui_set_language(a->language);
	return 0;
}

/* session_failed_notice tells the owner about failed sign-ins. */
static int
session_failed_notice(void)
{
	char	*msg = NULL;
	int	 failed = 0, rc;

	if (account_session_start(ui->db, ui->me->id, &failed) != ST_OK ||
	    failed == 0)
		return 0;
	xasprintf(&msg, ngettext("There was %d failed attempt to sign in to "
	    "your account since your last visit. If it was not you, consider "
	    "changing your password (Account, then Change password).",
	    "There were %d failed attempts to sign in to your account since "
	    "your last visit. If it was not you, consider changing your "
	    "password (Account, then Change password).", failed), failed);
	rc = dialog_message(_("Failed sign-in attempts"), msg);
	free(msg);
	return rc;
}

/* ui_session_run runs a logged-in session until logout or the end. */
void
ui_session_run(void)
{
	if (ui_login(ui->me->id) == -1)
		return;
	if (session_failed_notice() == -1)
		return;
	if (rules_accept_run() != 1)
		return;
	if (consent_first_run() != 1)
		return;
	if (ui->me->must_change_password && force_password_run() != 1)
		return;
	main_menu_run();
}
