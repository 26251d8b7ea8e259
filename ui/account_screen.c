/*
 * account_screen.c: the Account menu: password, SSH keys, language and,
 * for patients, their safety plan, their consents and who on the staff
 * looked at their data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ui.h"

enum {
	ACC_PASSWORD,
	ACC_KEYS,
	ACC_LANGUAGE,
	ACC_SAFETY,
	ACC_CONSENT,
	ACC_ACCESS_LOG,
};

/*
 * account_password_run changes the user's password; forced is set when an
 * administrator's reset requires it.  Returns 1 when changed, 0 when
 * cancelled, -1 when the session ends.
 */
int
account_password_run(bool forced)
{
	char		 old[1024] = "", pw[1024] = "", pw2[1024] = "";
	struct field	 f[] = {
		{ forced ? _("One-time password") : _("Current password"),
		    old, sizeof old, PASSWORD_MAX_CODEPOINTS, true },
		{ _("New password"), pw, sizeof pw, PASSWORD_MAX_CODEPOINTS,
		    true },
		{ _("New password again"), pw2, sizeof pw2,
		    PASSWORD_MAX_CODEPOINTS, true },
	};
	char		*why = NULL, *intro = NULL;
	int		 rc, st;

	xasprintf(&intro, forced ? _("An administrator reset your password. "
	    "Please choose a new one now: at least %d characters. A few "
	    "unrelated words make a good password.") : _("Choose a new "
	    "password of at least %d characters. A few unrelated words make "
	    "a good password."), ui->conf->min_password_length);
	for (;;) {
		if ((rc = form_run(_("Change password"), intro, f, 3,
		    NULL)) != 1)
			break;
		st = account_change_password(ui->db, ui->conf, &ui->actor, old,
		    pw, pw2, &why);
		if (st == ST_OK) {
			ui->me->must_change_password = false;
			rc = ui_notice(_("Change password"),
			    _("Your password has been changed.")) == -1 ? -1 : 1;
			break;
		}
		rc = ui_notice_status(st, why);
		free(why);
		why = NULL;
		if (rc == -1)
			break;
	}
	sodium_memzero(old, sizeof old);
	sodium_memzero(pw, sizeof pw);
	sodium_memzero(pw2, sizeof pw2);
	free(intro);
	return rc;
}

/* force_password_run insists on a new password after a reset. */
int
force_password_run(void)
{
	int	rc;

	while ((rc = account_password_run(true)) == 0) {
		if (dialog_confirm(_("Change password"), _("You need a new "
		    "password to continue. Leave Mirall for now?")) != 0)
			return 0;
	}
	return rc;
}

/* account_language_run lets the user pick the interface language. */
int
account_language_run(void)
{
	static const char	*codes[] = { "en", "es", "ca" };
	struct menu_item	 items[] = {
		{ 'e', "English", 0 },
		{ 's', "Español", 1 },
		{ 'c', "Català", 2 },
	};
	int			 sel = 0, choice, st;

	for (choice = 0; choice < 3; choice++)
		if (strcmp(ui->me->language, codes[choice]) == 0)
			sel = choice;
	choice = menu_run(_("Language"), _("Choose the language of the "
	    "interface."), items, 3, &sel);
	if (choice == MENU_QUIT)
		return -1;
	if (choice < 0)
		return 0;
	if ((st = account_set_language(ui->db, &ui->actor, codes[choice])) !=
	    ST_OK)
		return ui_notice_status(st, NULL);
	snprintf(ui->me->language, sizeof ui->me->language, "%s",
	    codes[choice]);
	ui_set_language(codes[choice]);
	return 0;
}

/* account_screen_run shows the Account menu. */
int
account_screen_run(void)
{
	struct menu_item	items[6];
	size_t			n;
	int			sel = 0, choice, rc = 0;

	while (rc != -1) {
		items[0] = (struct menu_item){ 'p', _("Change password"),
		    ACC_PASSWORD };
		items[1] = (struct menu_item){ 'k', _("SSH keys"), ACC_KEYS };
		items[2] = (struct menu_item){ 'l', _("Language"),
		    ACC_LANGUAGE };
		n = 3;
		if (ui->me->role == ROLE_PATIENT ||
		    ui->me->role == ROLE_EXPERT) {
			items[n++] = (struct menu_item){ 's',
			    _("My safety plan"), ACC_SAFETY };
			items[n++] = (struct menu_item){ 'c', _("Consent"),
			    ACC_CONSENT };
			items[n++] = (struct menu_item){ 'w',
			    _("Who has looked at my data"), ACC_ACCESS_LOG };
		}
		choice = menu_run(_("Account"), NULL, items, n, &sel);
		if (choice == MENU_QUIT)
			return -1;
		if (choice == MENU_BACK)
			return 0;
		if (choice == ACC_PASSWORD)
			rc = account_password_run(false);
		else if (choice == ACC_KEYS)
			rc = account_keys_run();
		else if (choice == ACC_SAFETY)
			rc = safety_plan_run();
		else if (choice == ACC_CONSENT)
			rc = consent_screen_run();
		else if (choice == ACC_ACCESS_LOG)
			rc = access_log_run();
		else
			rc = account_language_run();
	}
	return rc;
}
