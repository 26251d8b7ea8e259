/*
 * bbsctl.c: the administrator's command line.
 *
 * usage: bbsctl -c FILE command [arguments]
 * Exit codes: 0 ok, 1 failure (with a message), 2 usage.
 *
 * bbsctl acts as the local operator: whoever can run it on the server can
 * read the database file anyway, so it is trusted with account
 * administration, but not with clinical data, and everything it changes
 * is audited like an admin's action in the UI.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "bbs.h"
#include "bbsctl.h"

/* usage prints the synopsis and exits with the usage code. */
void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: bbsctl -c FILE command [arguments]\n"
	    "commands:\n"
	    "  init [--admin NAME] [--password-file FILE]\n"
	    "  user add NAME --role ROLE [--password-file FILE]\n"
	    "  user list\n"
	    "  user role NAME ROLE\n"
	    "  user disable NAME --reason TEXT | user enable NAME\n"
	    "  user passwd NAME        (prints a one-time password)\n"
	    "  invite create --role ROLE [--expires 7d]\n"
	    "  invite list\n"
	    "  backup FILE\n"
	    "  check\n"
	    "  demo\n"
	    "  care assign|unassign PATIENT PROFESSIONAL\n"
	    "  sweep                   (missed forms and late alerts; cron)\n"
	    "  rotate-key [--batch N] [--finish]\n"
	    "                          (new message key, old records re-sealed)\n"
	    "  consent NAME PURPOSE give|withdraw [--study ID] [--language L]\n"
	    "          [--posts anonymise|delete]\n"
	    "                          (a decision the person gave on paper)\n"
	    "  study create ID --title T --protocol V --instruments \"a b\"\n"
	    "               [--event WINDOW=EVENT]... [--closed]\n"
	    "  study list | study close ID | study open ID\n"
	    "  export --study ID --out DIR\n"
	    "  report --study ID | --research | --service\n"
	    "  export-patient NAME --out FILE\n"
	    "  forget NAME --posts anonymise|delete\n"
	    "roles: patient, expert, professional, moderator, admin, "
	    "researcher\n");
	exit(EXIT_USAGE);
}

/* fail prints a message and returns the failure code. */
int
fail(const char *fmt, ...)
{
	va_list	ap;

	fputs("bbsctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* ctl_open_db opens the database, creating it only when asked. */
int
ctl_open_db(struct ctl *ctl, bool create)
{
	char	*err = NULL;
	int	 rc;

	if (!create && access(ctl->conf->database, F_OK) == -1)
		return fail("%s: no database; run 'bbsctl init' (or 'bbsctl "
		    "demo' for a demo) first", ctl->conf->database);
	if (db_open(ctl->conf->database, create, &ctl->db, &err) != ST_OK) {
		rc = fail("%s", err != NULL ? err : "cannot open the database");
		free(err);
		return rc;
	}
	return 0;
}

/* ctl_read_password reads a password from a file's first line or a tty. */
static char *
ctl_read_password(const char *file)
{
	struct termios	 t, saved;
	FILE		*f;
	char		*line = NULL, *again = NULL;
	size_t		 cap = 0, cap2 = 0;
	bool		 tty;

	if (file != NULL) {
		if ((f = fopen(file, "r")) == NULL) {
			fail("%s: %s", file, strerror(errno));
			return NULL;
		}
		if (getline(&line, &cap, f) == -1) {
			fclose(f);
			fail("%s: empty file", file);
			free(line);
			return NULL;
		}
		fclose(f);
		line[strcspn(line, "\r\n")] = '\0';
		return line;
	}
	tty = tcgetattr(STDIN_FILENO, &saved) == 0;
	if (tty) {
		t = saved;
		t.c_lflag &= ~ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
	}
	fprintf(stderr, "Password: ");
	if (getline(&line, &cap, stdin) == -1)
		goto bad;
	fprintf(stderr, "\nPassword again: ");
	if (getline(&again, &cap2, stdin) == -1)
		goto bad;
	fputc('\n', stderr);
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	line[strcspn(line, "\r\n")] = '\0';
	again[strcspn(again, "\r\n")] = '\0';
	if (strcmp(line, again) != 0) {
		fail("the two passwords do not match");
		goto wipe;
	}
	sodium_memzero(again, strlen(again));
	free(again);
	return line;
bad:
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	fail("no password given");
wipe:
	if (line != NULL)
		sodium_memzero(line, strlen(line));
	if (again != NULL)
		sodium_memzero(again, strlen(again));
	free(line);
	free(again);
	return NULL;
}

/* ctl_free_password wipes and frees a password. */
static void
ctl_free_password(char *pw)
{
	if (pw != NULL) {
		sodium_memzero(pw, strlen(pw));
		free(pw);
	}
}

/* ctl_option finds "--name VALUE" in argv and removes nothing. */
const char *
ctl_option(int argc, char **argv, const char *name)
{
	int	i;

	for (i = 0; i < argc - 1; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

/* ctl_find looks an account up by pseudonym. */
int
ctl_find(struct ctl *ctl, const char *name, struct account **a)
{
	int	st;

	if ((st = accounts_find(ctl->db, name, a)) == ST_NOTFOUND)
		return fail("%s: no such account", name);
	if (st != ST_OK)
		return fail("%s: %s", name, status_str(st));
	return 0;
}

/*
 * ctl_create creates an account.  The password comes from pwfile, from
 * the terminal when prompt is set, or else is a one-time password printed
 * for the owner to change at first login.
 */
static int
ctl_create(struct ctl *ctl, const char *name, int role, const char *pwfile,
    bool prompt)
{
	char	*pw = NULL, *msg = NULL;
	int64_t	 id;
	int	 st, rc = 0;

	if ((pwfile != NULL || prompt) &&
	    (pw = ctl_read_password(pwfile)) == NULL)
		return 1;
	st = admin_create_account(ctl->db, ctl->conf, &ctl->op, name, role, pw,
	    true, &id, &msg);
	if (st != ST_OK)
		rc = fail("%s: %s", name, msg != NULL ? msg : status_str(st));
	else if (msg != NULL)
		printf("created %s (%s); one-time password, to be changed at "
		    "first login: %s\n", name, role_name(role), msg);
	else
		printf("created %s (%s)\n", name, role_name(role));
	free(msg);
	ctl_free_password(pw);
	return rc;
}

/*
 * ctl_keys loads the key ring of private messages, creating it (0600,
 * in its own directory) when create is set and it does not exist yet.
 */
int
ctl_keys(struct ctl *ctl, bool create)
{
	char	*err = NULL;
	bool	 created;
	int	 rc = 0;

	if (seal_setup(ctl->conf, create, &created, &err) != ST_OK) {
		rc = fail("message keys: %s", err != NULL ? err : "?");
		free(err);
	} else if (created)
		printf("message keys created in %s: keep this file apart "
		    "from the database and its backups, and back it up "
		    "separately\n", ctl->conf->message_keys);
	return rc;
}

/* cmd_init creates the database and the first administrator. */
static int
cmd_init(struct ctl *ctl, int argc, char **argv)
{
	const char	*name = ctl_option(argc, argv, "--admin");
	const char	*pwfile = ctl_option(argc, argv, "--password-file");
	int64_t		 count;
	int		 rc;

	if ((rc = ctl_open_db(ctl, true)) != 0)
		return rc;
	if (accounts_count(ctl->db, &count) != ST_OK)
		return fail("cannot count accounts");
	if (count > 0)
		return fail("%s already has accounts; nothing to do",
		    ctl->conf->database);
	if ((rc = ctl_keys(ctl, true)) != 0)
		return rc;
	if (name == NULL)
		name = "admin";
	if (pwfile == NULL && !isatty(STDIN_FILENO))
		return fail("give --password-file FILE, or run from a "
		    "terminal to type the password");
	return ctl_create(ctl, name, ROLE_ADMIN, pwfile, true);
}

/*
 * ctl_print_name prints a name from the database padded to width characters.
 * Why sanitised: a name in an old or edited database may hold terminal
 * commands, and this output goes to the operator's terminal.
 */
static void
ctl_print_name(const char *name, int width)
{
	char	*clean;
	size_t	 n;

	clean = text_sanitise(name != NULL ? name : "", false);
	n = text_codepoints(clean);
	printf("%s%*s", clean, n < (size_t)width ? width - (int)n : 0, "");
	free(clean);
}

/* ctl_print_account prints one line of the account list. */
static void
ctl_print_account(const struct account *a)
{
	char	when[32] = "never";

	if (a->last_login_at > 0)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M",
		    gmtime(&(time_t){ a->last_login_at }));
	ctl_print_name(a->pseudonym, 24);
	printf(" %-13s %-9s %s\n", role_name(a->role),
	    a->disabled ? "disabled" : "active", when);
}

/* cmd_user runs the user subcommands. */
static int
cmd_user(struct ctl *ctl, int argc, char **argv)
{
	struct account	**list = NULL, *a = NULL;
	const char	 *rolearg, *reason = ctl_option(argc, argv, "--reason");
	char		 *otp = NULL;
	size_t		  n, i;
	int		  rc, st, role;

	if (argc < 1)
		usage();
	if ((rc = ctl_open_db(ctl, false)) != 0)
		return rc;
	if (strcmp(argv[0], "list") == 0) {
		if ((st = admin_list_accounts(ctl->db, &ctl->op, NULL, &list,
		    &n)) != ST_OK)
			return fail("%s", status_str(st));
		printf("%-24s %-13s %-9s %s\n", "PSEUDONYM", "ROLE", "STATUS",
		    "LAST LOGIN (UTC)");
		for (i = 0; i < n; i++)
			ctl_print_account(list[i]);
		accounts_free_list(list, n);
		return 0;
	}
	if (argc < 2)
		usage();
	if (strcmp(argv[0], "add") == 0) {
		if ((rolearg = ctl_option(argc, argv, "--role")) == NULL)
			usage();
		if ((role = role_parse(rolearg)) == -1)
			return fail("%s: unknown role", rolearg);
		return ctl_create(ctl, argv[1], role,
		    ctl_option(argc, argv, "--password-file"), false);
	}
	if ((rc = ctl_find(ctl, argv[1], &a)) != 0)
		return rc;
	if (strcmp(argv[0], "role") == 0 && argc == 3) {
		if ((role = role_parse(argv[2])) == -1)
			rc = fail("%s: unknown role", argv[2]);
		else if ((st = admin_set_role(ctl->db, &ctl->op, a->id,
		    role)) != ST_OK)
			rc = fail("%s: %s", a->pseudonym, status_str(st));
		else
			printf("%s is now %s\n", a->pseudonym, role_name(role));
	} else if (strcmp(argv[0], "disable") == 0 ||
	    strcmp(argv[0], "enable") == 0) {
		if (argv[0][0] == 'd' && reason == NULL)
			rc = fail("user disable: give --reason TEXT (it goes "
			    "into the audit log)");
		else if ((st = admin_set_disabled(ctl->db, &ctl->op, a->id,
		    argv[0][0] == 'd', reason)) != ST_OK)
			rc = fail("%s: %s", a->pseudonym, status_str(st));
		else
			printf("%s %sd\n", a->pseudonym, argv[0]);
	} else if (strcmp(argv[0], "passwd") == 0 && argc == 2) {
		if ((st = admin_reset_password(ctl->db, ctl->conf, &ctl->op,
		    a->id, &otp)) != ST_OK)
			rc = fail("%s: %s", a->pseudonym, status_str(st));
		else
			printf("one-time password for %s, to be changed at "
			    "next login: %s\n", a->pseudonym, otp);
		free(otp);
	} else {
		account_free(a);
		usage();
	}
	account_free(a);
	return rc;
}

/* cmd_invite creates or lists invites. */
static int
cmd_invite(struct ctl *ctl, int argc, char **argv)
{
	struct invite	**list = NULL;
	const char	 *rolearg, *exparg;
	char		  code[INVITE_CODE_LEN + 1], when[32];
	int64_t		  id;
	size_t		  n, i;
	int		  rc, st, role, secs = 7 * 86400;

	if (argc < 1)
		usage();
	if ((rc = ctl_open_db(ctl, false)) != 0)
		return rc;
	if (strcmp(argv[0], "list") == 0) {
		if ((st = invite_list(ctl->db, &ctl->op, &list, &n)) != ST_OK)
			return fail("%s", status_str(st));
		printf("%-6s %-13s %-17s %s\n", "HINT", "ROLE",
		    "EXPIRES (UTC)", "STATUS");
		for (i = 0; i < n; i++) {
			strftime(when, sizeof when, "%Y-%m-%d %H:%M",
			    gmtime(&(time_t){ list[i]->expires_at }));
			printf("%-6s %-13s %-17s %s", list[i]->hint,
			    role_name(list[i]->role), when,
			    list[i]->used_by ? "used by " :
			    list[i]->expires_at <= db_now() ? "expired" :
			    "unused");
			ctl_print_name(list[i]->used_by_name, 0);
			putchar('\n');
		}
		invites_free_list(list, n);
		return 0;
	}
	if (strcmp(argv[0], "create") != 0)
		usage();
	if ((rolearg = ctl_option(argc, argv, "--role")) == NULL)
		usage();
	if ((role = role_parse(rolearg)) == -1)
		return fail("%s: unknown role", rolearg);
	if ((exparg = ctl_option(argc, argv, "--expires")) != NULL &&
	    conf_parse_duration(exparg, &secs) == -1)
		return fail("--expires %s: expected a duration such as 7d "
		    "or 12h", exparg);
	if ((st = invite_create(ctl->db, &ctl->op, role, secs, code, &id)) ==
	    ST_INVALID)
		return fail("--expires: an invite lasts from 1 hour to 90 days");
	if (st != ST_OK)
		return fail("%s", status_str(st));
	printf("%s\n", code);
	return 0;
}

/*
 * ctl_check_content verifies the content every session needs: the pattern
 * files (a bad one gives "FILE:LINE: message at offset N"), the crisis
 * cards, the questionnaire definitions and texts, the self-help modules
 * and the consent texts.
 */
static int
ctl_check_content(struct ctl *ctl)
{
	char	*err = NULL;
	int	 rc = 0;

	if (patterns_load(ctl->conf, &err) != ST_OK)
		rc = fail("%s", err != NULL ? err : "patterns");
	else
		printf("patterns: ok\n");
	patterns_free();
	free(err);
	err = NULL;
	if (crisis_check(ctl->conf, &err) != ST_OK)
		rc = fail("%s", err != NULL ? err : "crisis cards");
	else
		printf("crisis cards: ok\n");
	free(err);
	err = NULL;
	if (instruments_load(ctl->conf, &err) != ST_OK)
		rc = fail("%s", err != NULL ? err : "questionnaires");
	else
		printf("questionnaires: %zu ok\n", instrument_count());
	instruments_free();
	free(err);
	err = NULL;
	if (modules_load(ctl->conf, &err) != ST_OK)
		rc = fail("%s", err != NULL ? err : "self-help modules");
	else
		printf("self-help modules: %zu ok\n", modules_count());
	modules_free();
	free(err);
	err = NULL;
	if (consent_texts_load(ctl->conf, &err) != ST_OK)
		rc = fail("%s", err != NULL ? err : "consent texts");
	else
		printf("consent texts: ok\n");
	consent_texts_free();
	free(err);
	return rc;
}

/*
 * cmd_check verifies the database, its schema and the audit chain, and the
 * content: pattern files, crisis cards, questionnaires.
 */
static int
cmd_check(struct ctl *ctl)
{
	char	*report = NULL;
	int64_t	 rows, bad;
	int	 rc;

	if ((rc = ctl_open_db(ctl, false)) != 0)
		return rc;
	if (db_integrity(ctl->db, &report) != ST_OK) {
		rc = fail("integrity check failed: %s",
		    report ? report : "?");
		free(report);
		return rc;
	}
	printf("integrity: ok\nschema version: %d\n",
	    db_user_version(ctl->db));
	if (audit_verify(ctl->db, &rows, &bad) != ST_OK)
		return fail("audit chain broken at row %" PRId64, bad);
	printf("audit chain: ok (%" PRId64 " rows)\n", rows);
	if ((rc = ctl_keys(ctl, false)) != 0)
		return rc;
	if (rotate_verify(ctl->db, ctl->conf, &report) != ST_OK) {
		rc = fail("message keys: %s", report != NULL ? report :
		    "cannot check the stored texts");
		free(report);
		return rc;
	}
	if (rotate_pending(ctl->db, &rows) != ST_OK)
		return fail("cannot count the records under older keys");
	if (rows > 0)
		printf("message keys: ok (current key %u; %" PRId64 " records "
		    "under older keys: run bbsctl rotate-key --finish)\n",
		    seal_current(), rows);
	else
		printf("message keys: ok (current key %u)\n", seal_current());
	return ctl_check_content(ctl);
}

/* cmd_backup copies the live database with SQLite's backup API. */
static int
cmd_backup(struct ctl *ctl, const char *dest)
{
	char	*err = NULL;
	int	 rc;

	if ((rc = ctl_open_db(ctl, false)) != 0)
		return rc;
	if (db_backup(ctl->db, dest, &err) != ST_OK) {
		rc = fail("%s", err ? err : "backup failed");
		free(err);
		return rc;
	}
	printf("backup written to %s\n", dest);
	return 0;
}

/*
 * cmd_care assigns a patient to a professional's care, or takes her out:
 * "care assign|unassign PATIENT PROFESSIONAL".
 */
static int
cmd_care(struct ctl *ctl, int argc, char **argv)
{
	struct account	*p = NULL, *pro = NULL;
	bool		 add;
	int		 rc, st;

	if (argc != 3 || (strcmp(argv[0], "assign") != 0 &&
	    strcmp(argv[0], "unassign") != 0))
		usage();
	add = argv[0][0] == 'a';
	if ((rc = ctl_open_db(ctl, false)) != 0)
		return rc;
	if ((rc = ctl_find(ctl, argv[1], &p)) != 0 ||
	    (rc = ctl_find(ctl, argv[2], &pro)) != 0)
		goto out;
	if ((st = care_assign(ctl->db, &ctl->op, p->id, pro->id, add)) ==
	    ST_INVALID)
		rc = fail("care: %s must be a patient and %s a professional",
		    p->pseudonym, pro->pseudonym);
	else if (st != ST_OK)
		rc = fail("care: %s", status_str(st));
	else
		printf("%s is %s %s's care\n", p->pseudonym, add ? "now in" :
		    "no longer in", pro->pseudonym);
out:
	account_free(p);
	account_free(pro);
	return rc;
}

/*
 * ctl_clinical loads the questionnaires, the self-help modules, the
 * consent texts and the text-check patterns (a message written on
 * someone's behalf, such as the note that ends a mirror experience,
 * passes them like any other) and gives the alert rules the config, for
 * the commands that touch forms, alerts, programmes and consents.
 */
int
ctl_clinical(struct ctl *ctl)
{
	char	*err = NULL;
	int	 rc;

	if (instruments_load(ctl->conf, &err) != ST_OK ||
	    modules_load(ctl->conf, &err) != ST_OK ||
	    consent_texts_load(ctl->conf, &err) != ST_OK ||
	    patterns_load(ctl->conf, &err) != ST_OK) {
		rc = fail("%s", err != NULL ? err : "clinical content");
		free(err);
		return rc;
	}
	alert_configure(ctl->conf);
	return 0;
}

/*
 * cmd_sweep records the forms that closed unanswered, raises R7 and
 * escalates alerts past their target: run it from cron every few minutes
 * so this happens on time even when no professional is logged in.
 */
static int
cmd_sweep(struct ctl *ctl)
{
	size_t	n;
	int	rc, st;

	if ((rc = ctl_open_db(ctl, false)) != 0 ||
	    (rc = ctl_clinical(ctl)) != 0)
		return rc;
	if ((st = quest_sweep(ctl->db, ctl->conf, &ctl->op, &n)) != ST_OK)
		return fail("sweep: %s", status_str(st));
	printf("sweep: %zu patient%s up to date\n", n, n == 1 ? "" : "s");
	return 0;
}

/*
 * cmd_rotate_key adds a message key and re-seals every record under an
 * older one, in batches, while bbsd keeps running; --finish only
 * re-seals (after an interrupted run).  A deployment without a key ring
 * yet gets its first key.
 */
static int
cmd_rotate_key(struct ctl *ctl, int argc, char **argv)
{
	const char	*batch = ctl_option(argc, argv, "--batch");
	char		*err = NULL, *end;
	int64_t		 moved;
	long		 n = 500;
	bool		 finish = false, created;
	int		 i, rc, st;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "--finish") == 0)
			finish = true;
	if (batch != NULL && ((n = strtol(batch, &end, 10)) < 1 ||
	    n > 100000 || *end != '\0'))
		return fail("--batch: a number of rows from 1 to 100000");
	if ((rc = ctl_open_db(ctl, false)) != 0)
		return rc;
	if (seal_setup(ctl->conf, true, &created, &err) != ST_OK) {
		rc = fail("message keys: %s", err != NULL ? err : "?");
		free(err);
		return rc;
	}
	st = rotate_run(ctl->db, ctl->conf, &ctl->op, (size_t)n,
	    !finish && !created, &moved, &err);
	if (st != ST_OK) {
		rc = fail("rotate-key: %s", err != NULL ? err :
		    status_str(st));
		free(err);
		return rc;
	}
	printf("message keys: key %u is current; %lld records re-sealed\n",
	    seal_current(), (long long)moved);
	return 0;
}

/* cmd_demo fills a new database with the demo community. */
static int
cmd_demo(struct ctl *ctl)
{
	char	*msg = NULL;
	int	 rc;

	if ((rc = ctl_open_db(ctl, true)) != 0)
		return rc;
	/* The demo patients answer questionnaires: load and check them. */
	if ((rc = ctl_clinical(ctl)) != 0)
		return rc;
	if ((rc = ctl_keys(ctl, true)) != 0)
		return rc;
	if (demo_create(ctl->db, ctl->conf, &msg) != ST_OK)
		rc = fail("demo: %s", msg ? msg : "failed");
	else
		fputs(msg, stdout);
	free(msg);
	return rc;
}

/* ctl_operator describes the person running bbsctl for the audit log. */
static void
ctl_operator(struct ctl *ctl)
{
	struct passwd	*pw = getpwuid(getuid());

	snprintf(ctl->opname, sizeof ctl->opname, "bbsctl (%s)",
	    pw != NULL ? pw->pw_name : "?");
	ctl->op.operator = true;
	ctl->op.role = ROLE_ADMIN;
	ctl->op.name = ctl->opname;
	ctl->op.source = "local";
}

/* ctl_blocklist loads the password blocklist from content/. */
static int
ctl_blocklist(struct conf *conf)
{
	char	*path = NULL, *err = NULL;
	int	 rc = 0;

	xasprintf(&path, "%s/passwords/blocklist.txt", conf->content_dir);
	if (password_blocklist_load(path, &err) != ST_OK) {
		rc = fail("%s", err ? err : path);
		free(err);
	}
	free(path);
	return rc;
}

int
main(int argc, char **argv)
{
	struct ctl	 ctl;
	const char	*path = NULL;
	char		*err = NULL;
	int		 ch, rc;

	setlocale(LC_ALL, "C.UTF-8");
	while ((ch = getopt(argc, argv, "+c:")) != -1) {
		if (ch != 'c')
			usage();
		path = optarg;
	}
	argc -= optind;
	argv += optind;
	if (path == NULL || argc < 1)
		usage();
	umask(077);
	memset(&ctl, 0, sizeof ctl);
	if (sodium_init() == -1)
		return fail("cannot initialise libsodium");
	if ((ctl.conf = conf_load(path, &err)) == NULL) {
		rc = fail("%s", err);
		free(err);
		return rc;
	}
	ctl_operator(&ctl);
	if ((rc = ctl_blocklist(ctl.conf)) != 0)
		goto out;
	if (strcmp(argv[0], "init") == 0)
		rc = cmd_init(&ctl, argc - 1, argv + 1);
	else if (strcmp(argv[0], "user") == 0)
		rc = cmd_user(&ctl, argc - 1, argv + 1);
	else if (strcmp(argv[0], "invite") == 0)
		rc = cmd_invite(&ctl, argc - 1, argv + 1);
	else if (strcmp(argv[0], "backup") == 0 && argc == 2)
		rc = cmd_backup(&ctl, argv[1]);
	else if (strcmp(argv[0], "check") == 0 && argc == 1)
		rc = cmd_check(&ctl);
	else if (strcmp(argv[0], "demo") == 0 && argc == 1)
		rc = cmd_demo(&ctl);
	else if (strcmp(argv[0], "care") == 0)
		rc = cmd_care(&ctl, argc - 1, argv + 1);
	else if (strcmp(argv[0], "sweep") == 0 && argc == 1)
		rc = cmd_sweep(&ctl);
	else if (strcmp(argv[0], "rotate-key") == 0)
		rc = cmd_rotate_key(&ctl, argc - 1, argv + 1);
	else if (strcmp(argv[0], "consent") == 0)
		rc = cmd_consent(&ctl, argc - 1, argv + 1);
	else if (strcmp(argv[0], "study") == 0)
		rc = cmd_study(&ctl, argc - 1, argv + 1);
	else if (strcmp(argv[0], "export") == 0)
		rc = cmd_export(&ctl, argc - 1, argv + 1);
	else if (strcmp(argv[0], "report") == 0)
		rc = cmd_report(&ctl, argc - 1, argv + 1);
	else if (strcmp(argv[0], "export-patient") == 0)
		rc = cmd_export_patient(&ctl, argc - 1, argv + 1);
	else if (strcmp(argv[0], "forget") == 0)
		rc = cmd_forget(&ctl, argc - 1, argv + 1);
	else
		usage();
out:
	db_close(ctl.db);
	conf_free(ctl.conf);
	return rc;
}
