/*
 * signup.c: joining Mirall with an invite (ssh join@host).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ui.h"

#define SIGNUP_TRIES	5

/* signup_welcome tells the new member how to come back. */
static int
signup_welcome(const char *name)
{
	char	*msg = NULL;
	int	 rc;

	xasprintf(&msg, _("Welcome to Mirall, %s. Your account is ready.\n\n"
	    "Next time, connect with:\n  ssh -p %d %s@<this server>\n"
	    "and log in with your password."), name, ui->conf->listen_port,
	    name);
	rc = dialog_message(_("Welcome"), msg);
	free(msg);
	return rc;
}

/* signup_run shows the sign-up form; 1 once an account exists. */
int
signup_run(void)
{
	char		 code[64] = "", name[64] = "", pw[1024] = "",
			 pw2[1024] = "";
	struct field	 f[] = {
		{ _("Invite code"), code, sizeof code, 20, false },
		{ _("Pseudonym"), name, sizeof name, 24, false },
		{ _("Password"), pw, sizeof pw, PASSWORD_MAX_CODEPOINTS, true },
		{ _("Password again"), pw2, sizeof pw2,
		    PASSWORD_MAX_CODEPOINTS, true },
	};
	char		*why = NULL, *intro = NULL;
	int64_t		 id;
	int		 i, rc = 0, st;

	xasprintf(&intro, _("Welcome. To join Mirall you need the invite code "
	    "your care team gave you.\n\nChoose a pseudonym: the name others "
	    "will see. Do not use your real name. It has 3 to 24 characters: "
	    "letters, digits, '.', '_' or '-'.\n\nChoose a password of at "
	    "least %d characters. A few unrelated words make a good one."),
	    ui->conf->min_password_length);
	for (i = 0; i < SIGNUP_TRIES; i++) {
		if ((rc = form_run(_("Join Mirall"), intro, f, 4,
		    _("Tab next field · Enter join · Esc leave"))) != 1)
			break;
		st = account_signup(ui->db, ui->conf, code, name, pw, pw2,
		    ui->source, &id, &why);
		sodium_memzero(pw2, sizeof pw2);
		if (st == ST_OK && ui_login(id) == 0) {
			sodium_memzero(pw, sizeof pw);
			rc = signup_welcome(name) == -1 ? -1 : 1;
			break;
		}
		sodium_memzero(pw, sizeof pw);
		rc = ui_notice_status(st, why);
		free(why);
		why = NULL;
		if (rc == -1)
			break;
		rc = 0;
	}
	sodium_memzero(pw, sizeof pw);
	sodium_memzero(pw2, sizeof pw2);
	free(intro);
	return rc;
}
