/*
 * login_local.c: the login form for a UI started by hand in a terminal
 * (the lab demo).  Over SSH the gateway has already authenticated.
 */
#include <string.h>

#include <sodium.h>

#include "ui.h"

#define LOGIN_TRIES	3

/* login_local_run asks for a pseudonym and password; 1 when logged in. */
int
login_local_run(void)
{
	char		 name[64] = "", pw[1024] = "";
	struct field	 f[] = {
		{ _("Pseudonym"), name, sizeof name, 24, false },
		{ _("Password"), pw, sizeof pw, PASSWORD_MAX_CODEPOINTS, true },
	};
	enum auth_result r;
	int64_t		 id;
	int		 i, rc;

	for (i = 0; i < LOGIN_TRIES; i++) {
		rc = form_run(_("Log in"), _("Welcome to Mirall. Log in with "
		    "your pseudonym and password."), f, 2, NULL);
		if (rc != 1) {
			sodium_memzero(pw, sizeof pw);
			return rc;
		}
		r = auth_password(ui->db, ui->conf, name, pw, ui->source, &id);
		sodium_memzero(pw, sizeof pw);
		if (r == AUTH_OK && ui_login(id) == 0)
			return 1;
		if (dialog_message(_("Log in"), _("That pseudonym and password "
		    "do not match an active account.")) == -1)
			return -1;
	}
	return 0;
}
