/*
 * demo.c: a demo community for the lab and for trying Mirall out.
 *
 * Demo data never belongs in a real deployment, so demo_create refuses a
 * database that already holds accounts.  Every demo account shares the
 * documented password DEMO_PASSWORD, which is why it skips the password
 * policy (that password names the service).  Its people, posts and
 * questionnaire answers are invented (demo_care.c has the clinical side).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"


static const struct {
	const char	*name;
	enum role	 role;
} demo_accounts[] = {
	{ "admin", ROLE_ADMIN },
	{ "ana", ROLE_PATIENT },
	{ "marta", ROLE_EXPERT },
	{ "laia", ROLE_PROFESSIONAL },
	{ "oriol", ROLE_PROFESSIONAL },
	{ "jordi", ROLE_MODERATOR },
	{ "recerca", ROLE_RESEARCHER },
	{ "pere", ROLE_PATIENT },
	{ "nuria", ROLE_PATIENT },
	{ "sofia", ROLE_PATIENT },
};

/* demo_articles_filter picks the article files of a directory. */
static int
demo_articles_filter(const struct dirent *d)
{
	size_t	n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 4 &&
	    strcmp(d->d_name + n - 4, ".txt") == 0;
}

/* demo_articles imports the library articles, written by the professional. */
static int
demo_articles(struct db *db, const struct conf *conf, char **msg)
{
	struct dirent	**names = NULL;
	struct account	 *a = NULL;
	struct actor	  actor;
	char		 *dir, *path;
	int		  n, i, st = ST_OK;

	xasprintf(&dir, "%s/demo/articles", conf->content_dir);
	if ((n = scandir(dir, &names, demo_articles_filter, alphasort)) < 0) {
		xasprintf(msg, "%s: cannot read the directory", dir);
		free(dir);
		return ST_IOERR;
	}
	if ((st = accounts_find(db, "laia", &a)) == ST_OK)
		account_actor(a, "local", &actor);
	for (i = 0; i < n; i++) {
		if (st == ST_OK) {
			xasprintf(&path, "%s/%s", dir, names[i]->d_name);
			st = library_import(db, conf, &actor, path, msg);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	free(dir);
	account_free(a);
	return st;
}

/* demo_content loads the demo boards, posts and library. */
static int
demo_content(struct db *db, const struct conf *conf, char **msg)
{
	char	*path;
	int	 st;

	if ((st = patterns_load(conf, msg)) != ST_OK)
		return st;
	xasprintf(&path, "%s/demo/forum.txt", conf->content_dir);
	st = demo_forum_load(db, conf, path, msg);
	free(path);
	if (st == ST_OK)
		st = demo_articles(db, conf, msg);
	return st;
}

/*
 * demo_create fills an empty database with the demo accounts, their
 * community, their care (teams, levels, questionnaires; the caller has
 * loaded the questionnaires and configured alerts), the research side
 * (consents, the demo study and synthetic patients: demo_research.c) and
 * an invite for trying the sign-up screen.  *msg gets a summary to
 * print, or on failure an explanation.
 */
int
demo_create(struct db *db, const struct conf *conf, char **msg)
{
	struct actor	 op;
	char		 code[INVITE_CODE_LEN + 1], *why = NULL, *out = NULL;
	char		*tmp, *care = NULL, *talk = NULL, *work = NULL;
	char		*study = NULL;
	int64_t		 count, id;
	size_t		 i;
	int		 st;

	*msg = NULL;
	if ((st = accounts_count(db, &count)) != ST_OK)
		return st;
	if (count > 0) {
		xasprintf(msg, "the database already holds %lld account(s); "
		    "demo data is only for a new, empty database",
		    (long long)count);
		return ST_EXISTS;
	}
	memset(&op, 0, sizeof op);
	op.operator = true;
	op.role = ROLE_ADMIN;
	op.name = "bbsctl demo";
	op.source = "local";
	xasprintf(&out, "Demo accounts (password %s):\n", DEMO_PASSWORD);
	for (i = 0; i < sizeof demo_accounts / sizeof *demo_accounts; i++) {
		if ((st = admin_create_account(db, conf, &op,
		    demo_accounts[i].name, demo_accounts[i].role,
		    DEMO_PASSWORD, false, &id, &why)) != ST_OK) {
			xasprintf(msg, "%s: %s", demo_accounts[i].name,
			    why != NULL ? why : status_str(st));
			goto fail;
		}
		xasprintf(&tmp, "%s  %-8s %s\n", out, demo_accounts[i].name,
		    role_label(demo_accounts[i].role));
		free(out);
		out = tmp;
	}
	/* Consents first: the community's features obey them. */
	if ((st = demo_research(db, conf, &study, msg)) != ST_OK ||
	    (st = demo_content(db, conf, msg)) != ST_OK)
		goto fail;
	if ((st = demo_care(db, conf, &care, msg)) != ST_OK ||
	    (st = demo_messages(db, conf, &talk, msg)) != ST_OK ||
	    (st = demo_modules(db, conf, &work, msg)) != ST_OK ||
	    (st = demo_enrolments(db, msg)) != ST_OK)
		goto fail;
	if ((st = invite_create(db, &op, ROLE_PATIENT, 30 * 86400, code,
	    &id)) != ST_OK) {
		xasprintf(msg, "invite: %s", status_str(st));
		goto fail;
	}
	xasprintf(msg, "%s%s%s%s%sInvite code for trying the sign-up (ssh "
	    "join@...): %s\n", out, care, talk, work, study, code);
	free(out);
	free(care);
	free(talk);
	free(work);
	free(study);
	return ST_OK;
fail:
	free(why);
	free(out);
	free(care);
	free(talk);
	free(work);
	free(study);
	return st;
}
