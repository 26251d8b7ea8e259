/*
 * bbsd.c: the Mirall SSH gateway.
 *
 * usage: bbsd [-dt] -c FILE
 *   -c FILE  configuration file (see bbs.conf.example)
 *   -d       serve one connection in the foreground, then exit (debugging)
 *   -t       check the configuration, host key, database and content
 *            (rules, password blocklist, pattern files, crisis cards),
 *            then exit
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <sodium.h>

#include "gateway.h"

/* usage prints the synopsis and exits with the usage code. */
static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: bbsd [-dt] -c FILE\n");
	exit(2);
}

/* bbsd_resolve_ui defaults ui_program to bbs-ui beside this binary. */
static int
bbsd_resolve_ui(struct conf *conf)
{
	char	exe[PATH_MAX];
	ssize_t	n;

	if (conf->ui_program == NULL || *conf->ui_program == '\0') {
		if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) ==
		    -1) {
			fprintf(stderr, "bbsd: /proc/self/exe: %s\n",
			    strerror(errno));
			return -1;
		}
		exe[n] = '\0';
		free(conf->ui_program);
		xasprintf(&conf->ui_program, "%s/bbs-ui", dirname(exe));
	}
	if (access(conf->ui_program, X_OK) == -1) {
		fprintf(stderr, "bbsd: %s: ui_program: %s\n", conf->path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * bbsd_keys checks the key ring of private messages: missing, readable
 * by others, kept beside the database or not opening what is stored,
 * the service does not start (security spec, "Encryption at rest").  The gateway never opens a
 * message, so it does not keep the keys: each interface process loads
 * them itself.
 */
static int
bbsd_keys(const struct conf *conf)
{
	struct db	*db = NULL;
	char		*err = NULL;
	bool		 created;
	int		 rc = 0;

	if (seal_setup(conf, false, &created, &err) != ST_OK)
		rc = 1;
	else if (db_open(conf->database, false, &db, NULL) == ST_OK &&
	    rotate_verify(db, conf, &err) != ST_OK)
		rc = 1;	/* a missing database is server_check's to report */
	if (rc != 0)
		fprintf(stderr, "bbsd: message keys: %s\n", err != NULL ? err :
		    "cannot be loaded");
	db_close(db);
	seal_unload();
	free(err);
	return rc;
}

/*
 * bbsd_content checks the files every session needs to check and answer
 * text: the pattern files (a bad one gives "FILE:LINE: message at offset
 * N"), the crisis cards, the questionnaires, the self-help modules and
 * the consent texts.  The gateway never checks text or scores answers itself, so it frees
 * them again; each interface process loads its own.
 */
static int
bbsd_content(const struct conf *conf)
{
	char	*err = NULL;
	int	 rc = 0;

	if (patterns_load(conf, &err) != ST_OK) {
		fprintf(stderr, "bbsd: %s\n", err);
		rc = 1;
	}
	patterns_free();
	free(err);
	err = NULL;
	if (crisis_check(conf, &err) != ST_OK) {
		fprintf(stderr, "bbsd: %s\n", err);
		rc = 1;
	}
	free(err);
	err = NULL;
	if (instruments_load(conf, &err) != ST_OK) {
		fprintf(stderr, "bbsd: %s\n", err);
		rc = 1;
	}
	instruments_free();
	free(err);
	err = NULL;
	if (modules_load(conf, &err) != ST_OK) {
		fprintf(stderr, "bbsd: %s\n", err);
		rc = 1;
	}
	modules_free();
	free(err);
	err = NULL;
	if (consent_texts_load(conf, &err) != ST_OK) {
		fprintf(stderr, "bbsd: %s\n", err);
		rc = 1;
	}
	consent_texts_free();
	free(err);
	return bbsd_keys(conf) != 0 ? 1 : rc;
}

int
main(int argc, char **argv)
{
	struct conf	*conf;
	const char	*path = NULL;
	char		*err = NULL;
	bool		 one = false, check = false;
	int		 ch, rc;

	while ((ch = getopt(argc, argv, "c:dt")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'd':
			one = true;
			break;
		case 't':
			check = true;
			break;
		default:
			usage();
		}
	}
	if (path == NULL || optind != argc)
		usage();
	umask(077);
	if ((conf = conf_load(path, &err)) == NULL) {
		fprintf(stderr, "bbsd: %s\n", err);
		free(err);
		return 1;
	}
	if (bbsd_resolve_ui(conf) == -1) {
		conf_free(conf);
		return 1;
	}
	if (sodium_init() == -1 || ssh_init() != SSH_OK) {
		fprintf(stderr, "bbsd: cannot initialise crypto libraries\n");
		conf_free(conf);
		return 1;
	}
	if (check) {
		rc = server_check(conf);
		if (bbsd_content(conf) != 0)
			rc = 1;
		if (rc != 0)
			fprintf(stderr, "bbsd: %s: check failed\n", conf->path);
		else
			printf("%s: configuration ok\n", conf->path);
		ssh_finalize();
		conf_free(conf);
		return rc;
	}
	if (bbsd_content(conf) != 0) {
		ssh_finalize();
		conf_free(conf);
		return 1;
	}
	log_open(conf->log_file, "bbsd");
	/* Computed once here, so every forked session checks at equal cost. */
	password_dummy_init(conf);
	log_info("starting " MIRALL_NAME " gateway, config %s", conf->path);
	rc = server_run(conf, one);
	ssh_finalize();
	conf_free(conf);
	return rc;
}
