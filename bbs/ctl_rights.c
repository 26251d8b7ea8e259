/*
 * ctl_rights.c: the operator's commands for patients' rights (privacy
 * spec, "Patients' rights"): a copy of everything about a patient for a
 * right-of-access request, and forgetting a member by the community.
 *
 *   bbsctl export-patient NAME --out FILE
 *   bbsctl forget NAME --posts anonymise|delete
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bbs.h"
#include "bbsctl.h"

/*
 * ctl_rights_create opens a new file for writing, mode 0600: it never
 * replaces a file that exists (nor follows a link there).
 */
static FILE *
ctl_rights_create(const char *path)
{
	FILE	*fp;
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1)
		return NULL;
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(path);
	}
	return fp;
}

/*
 * cmd_export_patient writes everything about one patient as JSON to a
 * new file, for her right of access; audited.
 */
int
cmd_export_patient(struct ctl *ctl, int argc, char **argv)
{
	const char	*out = ctl_option(argc, argv, "--out");
	char		*err = NULL;
	FILE		*fp;
	int		 rc, st;

	if (argc != 3 || out == NULL || strcmp(argv[1], "--out") != 0)
		usage();
	if ((rc = ctl_open_db(ctl, false)) != 0 ||
	    (rc = ctl_clinical(ctl)) != 0 || (rc = ctl_keys(ctl, false)) != 0)
		return rc;
	if ((fp = ctl_rights_create(out)) == NULL)
		return fail("%s: %s", out, errno == EEXIST ? "exists already; "
		    "not replaced" : strerror(errno));
	st = rights_export_patient(ctl->db, ctl->conf, &ctl->op, argv[0], fp,
	    &err);
	if (fclose(fp) != 0 && st == ST_OK) {
		st = ST_IOERR;
		free(err);
		err = xstrdup(strerror(errno));
	}
	if (st != ST_OK) {
		unlink(out);
		rc = fail("export-patient %s: %s", argv[0], err != NULL ? err :
		    status_str(st));
		free(err);
		return rc;
	}
	printf("exported %s's data to %s (JSON, mode 0600); the export is "
	    "in the audit log\n", argv[0], out);
	return 0;
}

/*
 * cmd_forget forgets a member by the community as she asked: her posts
 * anonymised or deleted, community consent withdrawn, the account
 * disabled; clinical records kept.  It asks nothing: the request was
 * hers, checked before the command is run.
 */
int
cmd_forget(struct ctl *ctl, int argc, char **argv)
{
	const char	*posts = ctl_option(argc, argv, "--posts");
	struct account	*a = NULL;
	struct post	**list = NULL;
	size_t		  n = 0;
	char		*err = NULL;
	int		 mode, rc, st;

	if (argc != 3 || posts == NULL || strcmp(argv[1], "--posts") != 0)
		usage();
	if (strcmp(posts, "anonymise") == 0 || strcmp(posts, "anonymize") == 0)
		mode = FORGET_ANONYMISE;
	else if (strcmp(posts, "delete") == 0)
		mode = FORGET_DELETE;
	else
		return fail("--posts: anonymise or delete");
	/* Ending her mirror experiences writes sealed notes and messages. */
	if ((rc = ctl_open_db(ctl, false)) != 0 ||
	    (rc = ctl_clinical(ctl)) != 0 || (rc = ctl_keys(ctl, false)) != 0)
		return rc;
	/* How many posts she wrote, to say what was done. */
	if (accounts_find(ctl->db, argv[0], &a) == ST_OK &&
	    posts_of_author(ctl->db, a->id, &list, &n) == ST_OK)
		posts_free_list(list, n);
	account_free(a);
	if ((st = rights_forget(ctl->db, &ctl->op, argv[0], mode, &err)) !=
	    ST_OK) {
		rc = fail("forget %s: %s", argv[0], err != NULL ? err :
		    status_str(st));
		free(err);
		return rc;
	}
	printf("%s: %zu community post%s %s (the author shown as \"former "
	    "member\"), community consent withdrawn, account disabled; "
	    "questionnaires, alerts, messages and modules kept for their "
	    "retention period\n", argv[0], n, n == 1 ? "" : "s",
	    mode == FORGET_DELETE ? "deleted" : "anonymised");
	return 0;
}
