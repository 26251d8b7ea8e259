/*
 * main.c: bbs-ui, the Mirall text interface, one process per login.
 *
 * usage: bbs-ui -c FILE [--account ID | --signup] [--from ADDRESS]
 *
 * bbsd starts it on a pty after authentication, with --account (or
 * --signup for the invite sign-up user).  Run by hand in a terminal with
 * neither, it asks for a pseudonym and password itself: the lab demo.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "ui.h"

struct ui	*ui;
static struct ui ui_state;

/* usage prints the synopsis and exits with the usage code. */
static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: bbs-ui -c FILE [--account ID | --signup] "
	    "[--from ADDRESS]\n");
	exit(2);
}

/* main_locale fixes a UTF-8 locale and finds the message catalogues. */
static void
main_locale(void)
{
	char	exe[PATH_MAX], *dir = NULL;
	ssize_t	n;

	/* Never the client's locale: a fixed UTF-8 one, LANGUAGE per account. */
	setlocale(LC_ALL, "C.UTF-8");
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) != -1) {
		exe[n] = '\0';
		xasprintf(&dir, "%s/locale", dirname(exe));
		bindtextdomain("mirall", dir);
		free(dir);
	}
	bind_textdomain_codeset("mirall", "UTF-8");
	textdomain("mirall");
}

/*
 * main_stderr sends standard error to the log, never to the terminal,
 * where a stray message would corrupt the screen.
 */
static void
main_stderr(const struct conf *conf)
{
	int	fd;

	if (conf->log_file != NULL && *conf->log_file != '\0') {
		log_open(conf->log_file, "bbs-ui");
		dup2(log_fd(), STDERR_FILENO);
		return;
	}
	if ((fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) != -1) {
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	log_open(NULL, "bbs-ui");
}

/* main_blocklist loads the password blocklist (used when passwords change). */
static void
main_blocklist(const struct conf *conf)
{
	char	*path = NULL, *err = NULL;

	xasprintf(&path, "%s/passwords/blocklist.txt", conf->content_dir);
	if (password_blocklist_load(path, &err) != ST_OK) {
		log_warn("%s", err != NULL ? err : path);
		free(err);
	}
	free(path);
}

/*
 * main_content compiles the checks on posted text and loads the
 * questionnaires and self-help modules, once for this process, and gives
 * the alert rules the staffed hours.  A bad pattern, questionnaire or
 * module file is a broken installation: the interface stops, with
 * "FILE:LINE: what" in the log.
 */
static int
main_content(const struct conf *conf)
{
	char	*err = NULL;
	bool	 created;

	if (patterns_load(conf, &err) != ST_OK ||
	    instruments_load(conf, &err) != ST_OK ||
	    modules_load(conf, &err) != ST_OK ||
	    consent_texts_load(conf, &err) != ST_OK) {
		log_warn("%s", err != NULL ? err : "content: cannot load");
		free(err);
		return -1;
	}
	alert_configure(conf);
	/*
	 * Without its keys the interface still runs (Help now, the boards,
	 * questionnaires); messages say they are unavailable.
	 */
	if (seal_setup(conf, false, &created, &err) != ST_OK) {
		log_warn("message keys: %s", err != NULL ? err : "?");
		free(err);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "account", required_argument, NULL, 'a' },
		{ "signup", no_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*path = NULL;
	char		*err = NULL, *end;
	int64_t		 id = 0;
	bool		 signup = false;
	int		 ch, rc = 1;

	ui = &ui_state;
	snprintf(ui->source, sizeof ui->source, "local");
	while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'a':
			id = strtoll(optarg, &end, 10);
			if (*end != '\0' || id <= 0)
				usage();
			break;
		case 's':
			signup = true;
			break;
		case 'f':
			snprintf(ui->source, sizeof ui->source, "%s", optarg);
			break;
		default:
			usage();
		}
	}
	if (path == NULL || optind != argc || (signup && id != 0))
		usage();
	main_locale();
	if ((ui->conf = conf_load(path, &err)) == NULL) {
		fprintf(stderr, "bbs-ui: %s\n", err);
		return 1;
	}
	if (sodium_init() == -1)
		return 1;
	main_stderr(ui->conf);
	main_blocklist(ui->conf);
	if (main_content(ui->conf) == -1) {
		fprintf(stdout, "Mirall is not available right now.\r\n");
		return 1;
	}
	if (db_open(ui->conf->database, false, &ui->db, &err) != ST_OK) {
		log_warn("database: %s", err != NULL ? err : "cannot open");
		fprintf(stdout, "Mirall is not available right now.\r\n");
		return 1;
	}
	ui_set_language(ui->conf->default_language);
	if (id != 0 && ui_login(id) == -1)
		goto out;
	ui->started = ui->last_input = (int64_t)time(NULL);
	if (ui_init() == -1)
		goto out;
	if (signup)
		rc = signup_run() == 1 ? 0 : 1;
	else if (id == 0) {
		password_dummy_init(ui->conf);
		rc = login_local_run() == 1 ? 0 : 1;
	}
	else
		rc = 0;
	if (rc == 0 && ui->me != NULL)
		ui_session_run();
	ui_end();
	rc = 0;
out:
	account_free(ui->me);
	db_close(ui->db);
	conf_free(ui->conf);
	return rc;
}
