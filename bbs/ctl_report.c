/*
 * ctl_report.c: bbsctl report, the outcomes the service reports as a
 * plain-text table for a paper (bbs/outcome.c computes and prints them).
 *
 *	bbsctl report --study ID	a study's consenting patients
 *	bbsctl report --research	patients consenting to any study
 *	bbsctl report --service		every patient (the clinical lead's)
 *
 * The operator may ask for any of them; each is audited.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"
#include "bbsctl.h"

/*
 * report_parse reads the one scope argument; --all is the older name of
 * --research.
 */
static int
report_parse(int argc, char **argv, enum outcome_scope *scope,
    const char **study)
{
	*study = NULL;
	if (argc == 2 && strcmp(argv[0], "--study") == 0) {
		*scope = OUTCOME_STUDY;
		*study = argv[1];
		return 0;
	}
	if (argc != 1)
		return -1;
	if (strcmp(argv[0], "--research") == 0 ||
	    strcmp(argv[0], "--all") == 0)
		*scope = OUTCOME_RESEARCH;
	else if (strcmp(argv[0], "--service") == 0)
		*scope = OUTCOME_SERVICE;
	else
		return -1;
	return 0;
}

/* cmd_report prints the outcome report of a scope on standard output. */
int
cmd_report(struct ctl *ctl, int argc, char **argv)
{
	struct outcome_report	*r;
	enum outcome_scope	 scope;
	const char		*study;
	int			 rc, st;

	if (report_parse(argc, argv, &scope, &study) != 0)
		usage();
	if ((rc = ctl_open_db(ctl, false)) != 0 ||
	    (rc = ctl_clinical(ctl)) != 0)
		return rc;
	r = xcalloc(1, sizeof *r);
	st = outcome_compute(ctl->db, ctl->conf, &ctl->op, scope, study, r);
	if (st == ST_NOTFOUND && scope == OUTCOME_STUDY)
		rc = fail("%s: no such study", study);
	else if (st != ST_OK)
		rc = fail("report: %s", status_str(st));
	else if (outcome_print(stdout, r) != ST_OK || fflush(stdout) != 0)
		rc = fail("report: cannot write the report");
	free(r);
	return rc;
}
