/*
 * ctl_study.c: bbsctl's research commands.
 *
 *	study create ID --title T --protocol V --instruments "phq9 gad7"
 *	    [--event WINDOW=EVENT]... [--closed]
 *	study list
 *	export --study ID --out DIR
 *
 * The operator registers a study (its key file is created beside the
 * other keys, never in the database's directory) and exports it; the
 * rules are bbs/study.c's and bbs/export.c's.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bbs.h"
#include "bbsctl.h"

/*
 * ctl_study_args reads create's options into s; -1 (after a message)
 * when they are not right.
 */
static int
ctl_study_args(int argc, char **argv, struct study *s)
{
	int	i;

	s->recruiting = true;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--closed") == 0) {
			s->recruiting = false;
			continue;
		}
		if (i + 1 >= argc)
			return fail("%s: a value is missing", argv[i]);
		if (strcmp(argv[i], "--title") == 0)
			s->title = xstrdup(argv[++i]);
		else if (strcmp(argv[i], "--protocol") == 0)
			s->protocol = xstrdup(argv[++i]);
		else if (strcmp(argv[i], "--instruments") == 0)
			study_add_instruments(s, argv[++i]);
		else if (strcmp(argv[i], "--event") == 0) {
			if (study_add_event(s, argv[++i]) != ST_OK)
				return fail("%s: expected WINDOW=EVENT, such "
				    "as programme+4w=week_04_arm_1", argv[i]);
		} else
			return fail("%s: unknown option", argv[i]);
	}
	return 0;
}

/* ctl_study_create registers a study and creates its key file. */
static int
ctl_study_create(struct ctl *ctl, int argc, char **argv)
{
	struct study	*s;
	char		*err = NULL;
	int		 rc;

	if (argc < 1)
		usage();
	s = xcalloc(1, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", argv[0]);
	if (strlen(argv[0]) > STUDY_ID_MAX) {
		rc = fail("%s: a study id has at most %d characters", argv[0],
		    STUDY_ID_MAX);
		goto out;
	}
	if ((rc = ctl_study_args(argc - 1, argv + 1, s)) != 0 ||
	    (rc = ctl_open_db(ctl, false)) != 0 ||
	    (rc = ctl_clinical(ctl)) != 0)
		goto out;
	if (study_create(ctl->db, ctl->conf, &ctl->op, s, &err) != ST_OK) {
		rc = fail("%s", err != NULL ? err : "cannot create the study");
		goto out;
	}
	printf("created study %s (%s, protocol %s)\nkey file: %s\n"
	    "keep the key file and back it up apart from the database: "
	    "without it the study's record ids cannot be made again\n",
	    s->id, s->title, s->protocol, s->key_file);
out:
	free(err);
	study_free(s);
	return rc;
}

/* ctl_study_list prints every study. */
static int
ctl_study_list(struct ctl *ctl)
{
	struct study	**list;
	char		 date[32];
	struct tm	 tm;
	time_t		 t;
	size_t		 n, i, k;
	int		 rc, st;

	if ((rc = ctl_open_db(ctl, false)) != 0)
		return rc;
	if ((st = study_list(ctl->db, &list, &n)) != ST_OK)
		return fail("studies: %s", status_str(st));
	for (i = 0; i < n; i++) {
		t = (time_t)list[i]->created_at;
		gmtime_r(&t, &tm);
		strftime(date, sizeof date, "%Y-%m-%d", &tm);
		printf("%s\t%s\tprotocol %s\t%s\t%s\t", list[i]->id,
		    list[i]->title, list[i]->protocol, list[i]->recruiting ?
		    "recruiting" : "closed", date);
		for (k = 0; k < list[i]->ninstruments; k++)
			printf("%s%s", k > 0 ? " " : "",
			    list[i]->instruments[k]);
		printf("\n");
	}
	if (n == 0)
		printf("no studies\n");
	study_free_list(list, n);
	return 0;
}

/* ctl_study_recruit closes or opens a study's recruitment. */
static int
ctl_study_recruit(struct ctl *ctl, const char *id, bool recruiting)
{
	int	rc, st;

	if ((rc = ctl_open_db(ctl, false)) != 0)
		return rc;
	st = study_set_recruiting(ctl->db, &ctl->op, id, recruiting);
	if (st == ST_NOTFOUND)
		return fail("%s: no such study", id);
	if (st != ST_OK)
		return fail("%s: %s", id, status_str(st));
	printf("%s is %s\n", id, recruiting ? "recruiting: patients are "
	    "asked at their next login" : "closed: nobody is asked any more; "
	    "those who agreed stay in its exports until they withdraw");
	return 0;
}

/* cmd_study: bbsctl study create|list|close|open. */
int
cmd_study(struct ctl *ctl, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[0], "create") == 0)
		return ctl_study_create(ctl, argc - 1, argv + 1);
	if (argc == 1 && strcmp(argv[0], "list") == 0)
		return ctl_study_list(ctl);
	if (argc == 2 && strcmp(argv[0], "close") == 0)
		return ctl_study_recruit(ctl, argv[1], false);
	if (argc == 2 && strcmp(argv[0], "open") == 0)
		return ctl_study_recruit(ctl, argv[1], true);
	usage();
}

/* cmd_export: bbsctl export --study ID --out DIR. */
int
cmd_export(struct ctl *ctl, int argc, char **argv)
{
	struct export_counts	 c;
	const char		*study, *out;
	char			*err = NULL;
	int			 rc;

	study = ctl_option(argc, argv, "--study");
	out = ctl_option(argc, argv, "--out");
	if (study == NULL || out == NULL || argc != 4)
		usage();
	if ((rc = ctl_open_db(ctl, false)) != 0 ||
	    (rc = ctl_clinical(ctl)) != 0)
		return rc;
	if (export_study(ctl->db, ctl->conf, &ctl->op, study, out, &c,
	    &err) != ST_OK) {
		rc = fail("export: %s", err != NULL ? err : "failed");
		free(err);
		return rc;
	}
	printf("exported %s to %s: %lld participants, %lld rows, %lld "
	    "engagement rows, %lld dictionary fields\n", study, out,
	    (long long)c.records, (long long)c.rows, (long long)c.events,
	    (long long)c.fields);
	return 0;
}
