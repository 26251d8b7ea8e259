/*
 * test_conf.c: the configuration parser, its errors and its units.
 *
 * Each test writes its file with mkstemp into one temporary directory,
 * removed at the end.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"

#define MAX_FILES	256

static char	 tmpdir[] = "/tmp/test_conf.XXXXXX";
static char	*files[MAX_FILES];
static size_t	 nfiles;

/* setup makes the temporary directory. */
static int
setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

/* teardown removes every file written and the directory. */
static int
teardown(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; i < nfiles; i++) {
		unlink(files[i]);
		free(files[i]);
	}
	rmdir(tmpdir);
	return 0;
}

/* write_conf writes text into a new file and returns its path. */
static const char *
write_conf(const char *text)
{
	char	*path;
	size_t	 len;
	int	 fd;

	assert_true(nfiles < MAX_FILES);
	xasprintf(&path, "%s/bbs.conf.XXXXXX", tmpdir);
	fd = mkstemp(path);
	assert_true(fd != -1);
	len = strlen(text);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	files[nfiles++] = path;
	return path;
}

/* load writes text and loads it, which must succeed. */
static struct conf *
load(const char *text)
{
	struct conf	*c;
	char		*err;

	c = conf_load(write_conf(text), &err);
	if (c == NULL)
		print_error("unexpected error: %s\n", err);
	assert_non_null(c);
	assert_null(err);
	return c;
}

/*
 * expect_error writes text, loads it, and checks the error: want is a
 * format with one %s for the file name.
 */
static void
expect_error(const char *text, const char *want)
{
	const char	*path;
	char		*err, *expected;

	path = write_conf(text);
	assert_null(conf_load(path, &err));
	assert_non_null(err);
	xasprintf(&expected, want, path);
	assert_string_equal(err, expected);
	free(expected);
	free(err);
}

/* in_tmpdir returns tmpdir joined with name, for comparisons. */
static char *
in_tmpdir(const char *name)
{
	char	 real[PATH_MAX], *s;

	assert_non_null(realpath(tmpdir, real));
	xasprintf(&s, "%s/%s", real, name);
	return s;
}

/* assert_path checks a stored path against tmpdir joined with name. */
static void
assert_path(const char *got, const char *name)
{
	char	*want;

	want = in_tmpdir(name);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(want);
}

/* assert_same_string compares two strings, either possibly NULL. */
static void
assert_same_string(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* assert_conf_equal compares every field of two confs. */
static void
assert_conf_equal(const struct conf *a, const struct conf *b)
{
	assert_same_string(a->path, b->path);
	assert_string_equal(a->listen_addr, b->listen_addr);
	assert_int_equal(a->listen_port, b->listen_port);
	assert_string_equal(a->database, b->database);
	assert_string_equal(a->host_key, b->host_key);
	assert_string_equal(a->content_dir, b->content_dir);
	assert_same_string(a->log_file, b->log_file);
	assert_same_string(a->ui_program, b->ui_program);
	assert_string_equal(a->signup_user, b->signup_user);
	assert_string_equal(a->default_language, b->default_language);
	assert_int_equal(a->max_sessions, b->max_sessions);
	assert_int_equal(a->max_unauthenticated, b->max_unauthenticated);
	assert_int_equal(a->max_unauthenticated_per_source,
	    b->max_unauthenticated_per_source);
	assert_int_equal(a->login_grace_time, b->login_grace_time);
	assert_int_equal(a->idle_timeout, b->idle_timeout);
	assert_int_equal(a->idle_warning, b->idle_warning);
	assert_int_equal(a->session_limit, b->session_limit);
	assert_int_equal(a->max_auth_tries, b->max_auth_tries);
	assert_int_equal(a->throttle_base_ms, b->throttle_base_ms);
	assert_int_equal(a->throttle_max_ms, b->throttle_max_ms);
	assert_int_equal(a->min_password_length, b->min_password_length);
	assert_int_equal(a->pwhash_opslimit, b->pwhash_opslimit);
	assert_int_equal(a->pwhash_memlimit, b->pwhash_memlimit);
	assert_int_equal(a->max_concurrent_hashes, b->max_concurrent_hashes);
	assert_int_equal(a->escape_delay_ms, b->escape_delay_ms);
	assert_int_equal(a->max_title_length, b->max_title_length);
	assert_int_equal(a->max_post_length, b->max_post_length);
	assert_int_equal(a->max_article_length, b->max_article_length);
	assert_string_equal(a->timezone, b->timezone);
	assert_memory_equal(&a->schedule, &b->schedule, sizeof a->schedule);
	assert_memory_equal(&a->staffed, &b->staffed, sizeof a->staffed);
	assert_int_equal(a->patients_see_scores, b->patients_see_scores);
	assert_same_string(a->coordinators, b->coordinators);
}

/* The defaults are the documented ones, paths in the current directory. */
static void
test_defaults(void **state)
{
	struct conf	*c;
	char		 cwd[PATH_MAX], *want;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof cwd));
	c = conf_defaults(NULL);
	assert_null(c->path);
	assert_string_equal(c->listen_addr, "127.0.0.1");
	assert_int_equal(c->listen_port, 2222);
	xasprintf(&want, "%s/mirall.db", cwd);
	assert_string_equal(c->database, want);
	free(want);
	xasprintf(&want, "%s/host_ed25519_key", cwd);
	assert_string_equal(c->host_key, want);
	free(want);
	xasprintf(&want, "%s/content", cwd);
	assert_string_equal(c->content_dir, want);
	free(want);
	assert_null(c->log_file);
	assert_null(c->ui_program);
	assert_string_equal(c->signup_user, "join");
	assert_string_equal(c->default_language, "en");
	assert_int_equal(c->max_sessions, 200);
	assert_int_equal(c->max_unauthenticated, 30);
	assert_int_equal(c->max_unauthenticated_per_source, 10);
	assert_int_equal(c->login_grace_time, 120);
	assert_int_equal(c->idle_warning, 60);
	assert_int_equal(c->idle_timeout, 900);
	assert_int_equal(c->session_limit, 43200);
	assert_int_equal(c->max_auth_tries, 6);
	assert_int_equal(c->throttle_base_ms, 250);
	assert_int_equal(c->throttle_max_ms, 30000);
	assert_int_equal(c->min_password_length, 15);
	assert_int_equal(c->pwhash_opslimit, 2);
	assert_int_equal(c->pwhash_memlimit, 64 << 20);
	assert_int_equal(c->max_concurrent_hashes, 8);
	assert_int_equal(c->escape_delay_ms, 25);
	assert_int_equal(c->max_title_length, 120);
	assert_int_equal(c->max_post_length, 8000);
	assert_int_equal(c->max_article_length, 30000);
	conf_free(c);

	/* A directory that does not exist is kept as written. */
	c = conf_defaults("/nonexistent/mirall/bbs.conf");
	assert_string_equal(c->path, "/nonexistent/mirall/bbs.conf");
	assert_string_equal(c->database, "/nonexistent/mirall/mirall.db");
	conf_free(c);

	/* A bare file name is in the current directory. */
	c = conf_defaults("bbs.conf");
	xasprintf(&want, "%s/bbs.conf", cwd);
	assert_string_equal(c->path, want);
	free(want);
	conf_free(c);

	conf_free(NULL);
}

/* An empty file, or one of comments, gives the defaults. */
static void
test_empty_and_comments(void **state)
{
	struct conf	*c, *d;
	const char	*path;

	(void)state;
	path = write_conf("");
	assert_non_null(c = conf_load(path, NULL));
	d = conf_defaults(path);
	assert_conf_equal(c, d);
	conf_free(c);
	conf_free(d);

	path = write_conf("# a comment\n\n   \t\n\t# indented comment\n"
	    "#listen = 1.2.3.4:5\n   ");
	assert_non_null(c = conf_load(path, NULL));
	d = conf_defaults(path);
	assert_conf_equal(c, d);
	conf_free(c);
	conf_free(d);
}

/* Every key is read into its field. */
static void
test_every_key(void **state)
{
	struct conf	*c;

	(void)state;
	c = load(
	    "listen = 0.0.0.0:22\n"
	    "database = /var/lib/mirall/m.db\n"
	    "host_key = keys/host\n"
	    "content_dir = /srv/content\n"
	    "log_file = /var/log/mirall.log\n"
	    "ui_program = /usr/libexec/bbs-ui\n"
	    "signup_user = new.user_1\n"
	    "default_language = ca\n"
	    "max_sessions = 50\n"
	    "max_unauthenticated = 20\n"
	    "max_unauthenticated_per_source = 3\n"
	    "login_grace_time = 1m\n"
	    "idle_timeout = 1h\n"
	    "session_limit = 2d\n"
	    "max_auth_tries = 3\n"
	    "throttle_base = 1s\n"
	    "throttle_max = 5m\n"
	    "min_password_length = 20\n"
	    "password_hash_ops = 4\n"
	    "password_hash_memory = 256M\n"
	    "max_concurrent_hashes = 2\n"
	    "escape_delay = 100ms\n");
	assert_string_equal(c->listen_addr, "0.0.0.0");
	assert_int_equal(c->listen_port, 22);
	assert_string_equal(c->database, "/var/lib/mirall/m.db");
	assert_path(c->host_key, "keys/host");
	assert_string_equal(c->content_dir, "/srv/content");
	assert_string_equal(c->log_file, "/var/log/mirall.log");
	assert_string_equal(c->ui_program, "/usr/libexec/bbs-ui");
	assert_string_equal(c->signup_user, "new.user_1");
	assert_string_equal(c->default_language, "ca");
	assert_int_equal(c->max_sessions, 50);
	assert_int_equal(c->max_unauthenticated, 20);
	assert_int_equal(c->max_unauthenticated_per_source, 3);
	assert_int_equal(c->login_grace_time, 60);
	assert_int_equal(c->idle_timeout, 3600);
	assert_int_equal(c->session_limit, 172800);
	assert_int_equal(c->max_auth_tries, 3);
	assert_int_equal(c->throttle_base_ms, 1000);
	assert_int_equal(c->throttle_max_ms, 300000);
	assert_int_equal(c->min_password_length, 20);
	assert_int_equal(c->pwhash_opslimit, 4);
	assert_int_equal(c->pwhash_memlimit, 256 << 20);
	assert_int_equal(c->max_concurrent_hashes, 2);
	assert_int_equal(c->escape_delay_ms, 100);
	conf_free(c);
}

/* The forms of listen: IPv4, a host name, IPv6 in brackets. */
static void
test_listen(void **state)
{
	struct conf	*c;

	(void)state;
	c = load("listen = [::1]:2222\n");
	assert_string_equal(c->listen_addr, "::1");
	assert_int_equal(c->listen_port, 2222);
	conf_free(c);
	c = load("listen = [::]:22\n");
	assert_string_equal(c->listen_addr, "::");
	conf_free(c);
	c = load("listen=localhost:65535\n");
	assert_string_equal(c->listen_addr, "localhost");
	assert_int_equal(c->listen_port, 65535);
	conf_free(c);

	expect_error("listen = ::1:2222\n", "%s:1: bad value for listen: "
	    "'::1:2222' (expected an address and port such as "
	    "127.0.0.1:2222 or [::1]:2222)");
	expect_error("listen = 127.0.0.1\n", "%s:1: bad value for listen: "
	    "'127.0.0.1' (expected an address and port such as "
	    "127.0.0.1:2222 or [::1]:2222)");
	expect_error("listen = [::1]2222\n", "%s:1: bad value for listen: "
	    "'[::1]2222' (expected an address and port such as "
	    "127.0.0.1:2222 or [::1]:2222)");
	expect_error("listen = [1.2.3.4]:22\n", "%s:1: bad value for listen: "
	    "'[1.2.3.4]:22' (expected an address and port such as "
	    "127.0.0.1:2222 or [::1]:2222)");
	expect_error("listen = 1.2.3.4:\n", "%s:1: bad value for listen: "
	    "'1.2.3.4:' (expected an address and port such as "
	    "127.0.0.1:2222 or [::1]:2222)");
	expect_error("listen = 1.2.3.4:0\n", "%s:1: bad value for listen: "
	    "'1.2.3.4:0' (expected a port from 1 to 65535)");
	expect_error("listen = 1.2.3.4:65536\n", "%s:1: bad value for "
	    "listen: '1.2.3.4:65536' (expected a port from 1 to 65535)");
	expect_error("listen = bad_host:22\n", "%s:1: bad value for listen: "
	    "'bad_host:22' (expected an address and port such as "
	    "127.0.0.1:2222 or [::1]:2222)");
}

/* Relative paths are taken from the configuration file's directory. */
static void
test_relative_paths(void **state)
{
	struct conf	*c;
	const char	*path;
	char		*rel, *cwd;

	(void)state;
	c = load("database = data/m.db\ncontent_dir = ./content\n"
	    "host_key = ../keys/k\nlog_file = mirall.log\n"
	    "ui_program = bin/bbs-ui\n");
	assert_path(c->database, "data/m.db");
	assert_path(c->content_dir, "./content");
	assert_path(c->host_key, "../keys/k");
	assert_path(c->log_file, "mirall.log");
	assert_path(c->ui_program, "bin/bbs-ui");
	conf_free(c);

	/* Defaults too, and the file's own path, whatever the cwd. */
	path = write_conf("idle_timeout = 20m\n");
	cwd = getcwd(NULL, 0);
	assert_int_equal(chdir(tmpdir), 0);
	rel = strrchr(path, '/') + 1;
	assert_non_null(c = conf_load(rel, NULL));
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	assert_path(c->database, "mirall.db");
	assert_path(c->host_key, "host_ed25519_key");
	assert_path(c->content_dir, "content");
	assert_path(c->path, rel);
	conf_free(c);

	/* Empty optional paths mean the built-in choice. */
	c = load("log_file =\nui_program = \"\"\n");
	assert_null(c->log_file);
	assert_null(c->ui_program);
	conf_free(c);
	expect_error("database =\n", "%s:1: bad value for database: '' "
	    "(expected a file name such as mirall.db)");
}

/* Quotes keep spaces and allow escaped quotes. */
static void
test_quoted_values(void **state)
{
	struct conf	*c;

	(void)state;
	c = load("content_dir = \"my content \"\n"
	    "database = \"a \\\"b\\\" \\\\ c\"   \n"
	    "signup_user=\"join\"\n"
	    "host_key =   spaced name  \t\n");
	assert_path(c->content_dir, "my content ");
	assert_path(c->database, "a \"b\" \\ c");
	assert_string_equal(c->signup_user, "join");
	assert_path(c->host_key, "spaced name");
	conf_free(c);

	expect_error("database = \"open\n", "%s:1: missing closing '\"'");
	expect_error("database = \"a\" b\n",
	    "%s:1: text after the closing '\"'");
}

/* Line ends in CRLF are accepted; a missing final LF too. */
static void
test_line_ends(void **state)
{
	struct conf	*c;

	(void)state;
	c = load("# comment\r\nidle_timeout = 10m\r\nmax_sessions = 7");
	assert_int_equal(c->idle_timeout, 600);
	assert_int_equal(c->max_sessions, 7);
	conf_free(c);
}

/* Each error names the file and the line. */
static void
test_errors(void **state)
{
	(void)state;
	expect_error("# one\n\nfoo = 1\n", "%s:3: unknown key 'foo'");
	expect_error("idle_timeout = x\n", "%s:1: bad value for "
	    "idle_timeout: 'x' (expected a duration such as 15m)");
	expect_error("\n\nlisten 127.0.0.1:22\n", "%s:3: missing '='");
	expect_error("listen = 127.0.0.1:1\nlisten = 127.0.0.1:2\n",
	    "%s:2: duplicate key 'listen'");
	expect_error("= 5\n", "%s:1: missing key before '='");
	expect_error("Listen = 127.0.0.1:1\n", "%s:1: unknown key 'Listen'");
	/* No inline comments: the rest of the line is the value. */
	expect_error("idle_timeout = 15m # a comment\n", "%s:1: bad value "
	    "for idle_timeout: '15m # a comment' (expected a duration such "
	    "as 15m)");
	expect_error("max_sessions = -1\n", "%s:1: bad value for "
	    "max_sessions: '-1' (expected a number such as 200)");
	expect_error("max_sessions = 0\n", "%s:1: bad value for "
	    "max_sessions: '0' (expected a number from 1 to 10000)");
	expect_error("max_sessions = 99999999999999999999999\n",
	    "%s:1: bad value for max_sessions: '99999999999999999999999' "
	    "(expected a number from 1 to 10000)");
	expect_error("default_language = fr\n", "%s:1: bad value for "
	    "default_language: 'fr' (expected one of en, es, ca)");
	expect_error("signup_user = a b\n", "%s:1: bad value for "
	    "signup_user: 'a b' (expected a name of letters, digits, '.', "
	    "'_' or '-' such as join)");
	expect_error("max_auth_tries =\n", "%s:1: bad value for "
	    "max_auth_tries: '' (expected a number such as 6)");
	/* Hostile bytes are escaped in the message. */
	expect_error("\x1b[2J = 1\n", "%s:1: unknown key '\\x1b[2J'");
	expect_error("signup_user = \"a\x1b]0;x\x07\"\n", "%s:1: bad value "
	    "for signup_user: 'a\\x1b]0;x\\x07' (expected a name of "
	    "letters, digits, '.', '_' or '-' such as join)");
	expect_error("signup_user = caf\xc3\xa9\n", "%s:1: bad value for "
	    "signup_user: 'caf\\xc3\\xa9' (expected a name of letters, "
	    "digits, '.', '_' or '-' such as join)");
}

/*
 * The clinical keys: time zone, staffed hours, schedule, whether patients
 * see scores, coordinators and cut-off lines; each bad value names the
 * file and line.
 */
static void
test_clinical_keys(void **state)
{
	struct conf	*c;
	const char	*path;
	char		*err;

	(void)state;
	c = load("timezone = America/New_York\nstaffed_hours = sat,sun "
	    "10:00-14:00\nschedule_window = 10d\npatients_see_scores = no\n"
	    "coordinators = laia  oriol\nphq9_total_cutoff = 12\n"
	    "distress_total_cutoff = 5\n");
	assert_string_equal(c->timezone, "America/New_York");
	assert_string_equal(getenv("TZ"), "America/New_York");
	assert_int_equal(c->staffed.days, (1U << 0) | (1U << 6));
	assert_int_equal(c->staffed.open, 600);
	assert_int_equal(c->schedule.window_days, 10);
	assert_false(c->patients_see_scores);
	assert_true(conf_is_coordinator(c, "oriol"));
	assert_true(conf_is_coordinator(c, "Laia"));
	assert_false(conf_is_coordinator(c, "pau"));
	assert_int_equal(c->cutoffs.len, 2);
	assert_string_equal(c->cutoffs.list[0].instrument, "phq9");
	assert_string_equal(c->cutoffs.list[0].score, "total");
	assert_int_equal(c->cutoffs.list[0].value, 12);
	assert_int_equal(c->cutoffs.list[0].line, 6);
	conf_free(c);
	c = load("coordinators =\n");
	assert_null(c->coordinators);
	assert_true(conf_is_coordinator(c, "anyone"));
	conf_free(c);

	expect_error("\ntimezone = Mars/Olympus\n", "%s:2: bad value for "
	    "timezone: 'Mars/Olympus' (expected a time zone such as "
	    "Europe/Madrid)");
	expect_error("timezone = ../../etc/passwd\n", "%s:1: bad value for "
	    "timezone: '../../etc/passwd' (expected a time zone such as "
	    "Europe/Madrid)");
	expect_error("patients_see_scores = maybe\n", "%s:1: bad value for "
	    "patients_see_scores: 'maybe' (expected yes or no)");
	expect_error("coordinators = laia,oriol\n", "%s:1: bad value for "
	    "coordinators: 'laia,oriol' (expected account names separated "
	    "by spaces)");
	expect_error("phq9_total_cutoff = ten\n", "%s:1: bad value for "
	    "phq9_total_cutoff: 'ten' (expected a score such as 10)");
	expect_error("phq9_total_cutoff = 10\nphq9_total_cutoff = 12\n",
	    "%s:2: duplicate key 'phq9_total_cutoff'");
	expect_error("total_cutoff = 10\n", "%s:1: unknown key "
	    "'total_cutoff'");
	expect_error("schedule_window = 0d\n", "%s:1: bad value for "
	    "schedule_window: '0d' ('0d' is out of range: expected 1d to "
	    "90d)");

	/* Which instruments exist is checked once they are loaded. */
	path = write_conf("\n\nphq10_total_cutoff = 10\n");
	assert_non_null(c = conf_load(path, &err));
	assert_int_equal(conf_check_content(c, &err), ST_INVALID);
	assert_non_null(strstr(err, ":3: phq10_total_cutoff: unknown "
	    "instrument phq10"));
	free(err);
	conf_free(c);
}

/* A NUL byte in a line stops the load. */
static void
test_nul_byte(void **state)
{
	const char	*path;
	char		*err, *want;
	int		 fd;

	(void)state;
	path = write_conf("");
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "max_sessions = 1\0\n", 18), 18);
	close(fd);
	assert_null(conf_load(path, &err));
	xasprintf(&want, "%s:1: NUL byte in line", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
}

/* Ranges: the ends are accepted, one step outside is not. */
static void
test_ranges(void **state)
{
	struct conf	*c;

	(void)state;
	c = load("min_password_length = 8\nescape_delay = 10ms\n"
	    "password_hash_memory = 8M\npassword_hash_ops = 10\n"
	    "throttle_base = 0\nlogin_grace_time = 1h\n");
	assert_int_equal(c->min_password_length, 8);
	assert_int_equal(c->escape_delay_ms, 10);
	assert_int_equal(c->pwhash_memlimit, 8 << 20);
	assert_int_equal(c->pwhash_opslimit, 10);
	assert_int_equal(c->throttle_base_ms, 0);
	assert_int_equal(c->login_grace_time, 3600);
	conf_free(c);
	c = load("min_password_length = 64\nescape_delay = 1s\n"
	    "password_hash_memory = 1G\nsession_limit = 7d\n"
	    "idle_timeout = 86400\n");
	assert_int_equal(c->min_password_length, 64);
	assert_int_equal(c->escape_delay_ms, 1000);
	assert_int_equal(c->pwhash_memlimit, 1 << 30);
	assert_int_equal(c->session_limit, 604800);
	assert_int_equal(c->idle_timeout, 86400);
	conf_free(c);

	c = load("max_title_length = 20\nmax_post_length = 500\n"
	    "max_article_length = 1000\n");
	assert_int_equal(c->max_title_length, 20);
	assert_int_equal(c->max_post_length, 500);
	assert_int_equal(c->max_article_length, 1000);
	conf_free(c);
	c = load("max_title_length = 300\nmax_post_length = 100000\n"
	    "max_article_length = 200000\n");
	assert_int_equal(c->max_title_length, 300);
	assert_int_equal(c->max_post_length, 100000);
	assert_int_equal(c->max_article_length, 200000);
	conf_free(c);
	expect_error("max_title_length = 301\n", "%s:1: bad value for "
	    "max_title_length: '301' (expected a number from 20 to 300)");
	expect_error("max_post_length = 499\n", "%s:1: bad value for "
	    "max_post_length: '499' (expected a number from 500 to 100000)");
	expect_error("max_article_length = 200001\n", "%s:1: bad value for "
	    "max_article_length: '200001' (expected a number from 1000 to "
	    "200000)");
	expect_error("min_password_length = 7\n", "%s:1: bad value for "
	    "min_password_length: '7' (expected a number from 8 to 64)");
	expect_error("min_password_length = 65\n", "%s:1: bad value for "
	    "min_password_length: '65' (expected a number from 8 to 64)");
	expect_error("escape_delay = 9ms\n", "%s:1: bad value for "
	    "escape_delay: '9ms' (expected a duration from 10ms to 1000ms)");
	expect_error("escape_delay = 1001ms\n", "%s:1: bad value for "
	    "escape_delay: '1001ms' (expected a duration from 10ms to "
	    "1000ms)");
	expect_error("password_hash_memory = 8191K\n", "%s:1: bad value for "
	    "password_hash_memory: '8191K' (expected a size from 8M to 1G)");
	expect_error("password_hash_memory = 1025M\n", "%s:1: bad value for "
	    "password_hash_memory: '1025M' (expected a size from 8M to 1G)");
	expect_error("password_hash_memory = 64MB\n", "%s:1: bad value for "
	    "password_hash_memory: '64MB' (expected a size such as 64M)");
	expect_error("password_hash_ops = 0\n", "%s:1: bad value for "
	    "password_hash_ops: '0' (expected a number from 1 to 10)");
	expect_error("idle_timeout = 0\n", "%s:1: bad value for "
	    "idle_timeout: '0' (expected a duration from 1s to 24h)");
	expect_error("idle_timeout = 1m\n", "%s: idle_warning (60s) must be "
	    "shorter than idle_timeout (60s)");
	expect_error("idle_timeout = 10s\nidle_warning = 30s\n", "%s: "
	    "idle_warning (30s) must be shorter than idle_timeout (10s)");
	expect_error("idle_timeout = 25h\n", "%s:1: bad value for "
	    "idle_timeout: '25h' (expected a duration from 1s to 24h)");
	expect_error("idle_timeout = 1500ms\n", "%s:1: bad value for "
	    "idle_timeout: '1500ms' (expected a duration such as 15m)");
	expect_error("session_limit = 8d\n", "%s:1: bad value for "
	    "session_limit: '8d' (expected a duration from 1s to 7d)");
	expect_error("throttle_max = 2h\n", "%s:1: bad value for "
	    "throttle_max: '2h' (expected a duration from 0s to 1h)");
	expect_error("max_concurrent_hashes = 257\n", "%s:1: bad value for "
	    "max_concurrent_hashes: '257' (expected a number from 1 to 256)");
}

/* Durations: units, bounds and bad forms. */
static void
test_parse_duration(void **state)
{
	int	s;

	(void)state;
	assert_int_equal(conf_parse_duration("0", &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(conf_parse_duration("45", &s), 0);
	assert_int_equal(s, 45);
	assert_int_equal(conf_parse_duration("45s", &s), 0);
	assert_int_equal(s, 45);
	assert_int_equal(conf_parse_duration("15m", &s), 0);
	assert_int_equal(s, 900);
	assert_int_equal(conf_parse_duration("12h", &s), 0);
	assert_int_equal(s, 43200);
	assert_int_equal(conf_parse_duration("7d", &s), 0);
	assert_int_equal(s, 604800);
	assert_int_equal(conf_parse_duration("3000ms", &s), 0);
	assert_int_equal(s, 3);
	assert_int_equal(conf_parse_duration("0ms", &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(conf_parse_duration("007m", &s), 0);
	assert_int_equal(s, 420);
	/* The maximum, 365 days, in every unit. */
	assert_int_equal(conf_parse_duration("365d", &s), 0);
	assert_int_equal(s, 31536000);
	assert_int_equal(conf_parse_duration("8760h", &s), 0);
	assert_int_equal(s, 31536000);
	assert_int_equal(conf_parse_duration("525600m", &s), 0);
	assert_int_equal(s, 31536000);
	assert_int_equal(conf_parse_duration("31536000", &s), 0);
	assert_int_equal(s, 31536000);
	assert_int_equal(conf_parse_duration("31536000000ms", &s), 0);
	assert_int_equal(s, 31536000);

	s = -7;
	assert_int_equal(conf_parse_duration("366d", &s), -1);
	assert_int_equal(conf_parse_duration("8761h", &s), -1);
	assert_int_equal(conf_parse_duration("31536001", &s), -1);
	assert_int_equal(conf_parse_duration("31536001000ms", &s), -1);
	assert_int_equal(conf_parse_duration("99999999999999999999d", &s),
	    -1);
	assert_int_equal(conf_parse_duration("18446744073709551617", &s),
	    -1);
	assert_int_equal(conf_parse_duration("1500ms", &s), -1);
	assert_int_equal(conf_parse_duration("-1", &s), -1);
	assert_int_equal(conf_parse_duration("-1s", &s), -1);
	assert_int_equal(conf_parse_duration("+1s", &s), -1);
	assert_int_equal(conf_parse_duration("", &s), -1);
	assert_int_equal(conf_parse_duration("s", &s), -1);
	assert_int_equal(conf_parse_duration("1x", &s), -1);
	assert_int_equal(conf_parse_duration("1S", &s), -1);
	assert_int_equal(conf_parse_duration("1w", &s), -1);
	assert_int_equal(conf_parse_duration("1 s", &s), -1);
	assert_int_equal(conf_parse_duration(" 1s", &s), -1);
	assert_int_equal(conf_parse_duration("1s ", &s), -1);
	assert_int_equal(conf_parse_duration("1.5h", &s), -1);
	assert_int_equal(conf_parse_duration("1h30m", &s), -1);
	assert_int_equal(conf_parse_duration("1mss", &s), -1);
	assert_int_equal(conf_parse_duration("0x10", &s), -1);
	assert_int_equal(conf_parse_duration(NULL, &s), -1);
	assert_int_equal(s, -7);
}

/* Sizes: suffixes, bounds and bad forms. */
static void
test_parse_size(void **state)
{
	size_t	b;

	(void)state;
	assert_int_equal(conf_parse_size("0", &b), 0);
	assert_int_equal(b, 0);
	assert_int_equal(conf_parse_size("0G", &b), 0);
	assert_int_equal(b, 0);
	assert_int_equal(conf_parse_size("512", &b), 0);
	assert_int_equal(b, 512);
	assert_int_equal(conf_parse_size("1K", &b), 0);
	assert_int_equal(b, 1024);
	assert_int_equal(conf_parse_size("64M", &b), 0);
	assert_int_equal(b, 64 << 20);
	assert_int_equal(conf_parse_size("1G", &b), 0);
	assert_int_equal(b, 1 << 30);
	assert_int_equal(conf_parse_size("18446744073709551615", &b), 0);
	assert_true(b == SIZE_MAX);
	assert_int_equal(conf_parse_size("17179869183G", &b), 0);
	assert_true(b == SIZE_MAX - ((1ULL << 30) - 1));

	b = 7;
	assert_int_equal(conf_parse_size("18446744073709551616", &b), -1);
	assert_int_equal(conf_parse_size("17179869184G", &b), -1);
	assert_int_equal(conf_parse_size("99999999999999999999999K", &b),
	    -1);
	assert_int_equal(conf_parse_size("-1", &b), -1);
	assert_int_equal(conf_parse_size("-1M", &b), -1);
	assert_int_equal(conf_parse_size("+1", &b), -1);
	assert_int_equal(conf_parse_size("", &b), -1);
	assert_int_equal(conf_parse_size("M", &b), -1);
	assert_int_equal(conf_parse_size("1T", &b), -1);
	assert_int_equal(conf_parse_size("1k", &b), -1);
	assert_int_equal(conf_parse_size("1KB", &b), -1);
	assert_int_equal(conf_parse_size("1 M", &b), -1);
	assert_int_equal(conf_parse_size("1.5G", &b), -1);
	assert_int_equal(conf_parse_size(NULL, &b), -1);
	assert_int_equal(b, 7);
}

/* A missing file, or a directory, gives the system's reason. */
static void
test_missing_file(void **state)
{
	char	*err, *path, *want;

	(void)state;
	xasprintf(&path, "%s/does-not-exist.conf", tmpdir);
	assert_null(conf_load(path, &err));
	xasprintf(&want, "%s: No such file or directory", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	free(path);

	assert_null(conf_load(tmpdir, &err));
	xasprintf(&want, "%s: Is a directory", tmpdir);
	assert_string_equal(err, want);
	free(want);
	free(err);

	assert_null(conf_load(NULL, &err));
	assert_non_null(err);
	free(err);
	assert_null(conf_load("/nonexistent/bbs.conf", NULL));
}

/* example_path finds bbs.conf.example from here or from the source. */
static char *
example_path(void)
{
	char	*dir, *path, *slash;

	if (access("bbs.conf.example", R_OK) == 0)
		return xstrdup("bbs.conf.example");
	dir = xstrdup(__FILE__);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else
		strcpy(dir, ".");
	xasprintf(&path, "%s/../../bbs.conf.example", dir);
	free(dir);
	if (access(path, R_OK) == 0)
		return path;
	free(path);
	return NULL;
}

/*
 * The example documents every key with the default the code has: with
 * its "#key = value" lines uncommented it loads to the defaults.
 */
static void
test_example_matches_defaults(void **state)
{
	struct conf	*c, *d;
	FILE		*f;
	char		*path, *line, *text, *p;
	size_t		 cap, len, keys;
	ssize_t		 n;
	const char	*written;

	(void)state;
	if ((path = example_path()) == NULL)
		skip();
	assert_non_null(f = fopen(path, "r"));
	line = NULL;
	cap = 0;
	text = xstrdup("");
	keys = 0;
	while ((n = getline(&line, &cap, f)) != -1) {
		p = line;
		len = strspn(line + 1, "abcdefghijklmnopqrstuvwxyz0123456789_");
		if (line[0] == '#' && len > 0 &&
		    strncmp(line + 1 + len, " =", 2) == 0) {
			p = line + 1;
			keys++;
		}
		xasprintf(&p, "%s%s", text, p);
		free(text);
		text = p;
	}
	free(line);
	fclose(f);
	free(path);
	assert_int_equal(keys, 42);

	written = write_conf(text);
	free(text);
	c = conf_load(written, &text);
	if (c == NULL)
		print_error("%s\n", text);
	assert_non_null(c);
	d = conf_defaults(written);
	assert_conf_equal(c, d);
	/* The cut-offs it shows are the definitions' defaults. */
	assert_int_equal(c->cutoffs.len, 3);
	assert_string_equal(c->cutoffs.list[0].instrument, "phq9");
	assert_int_equal(c->cutoffs.list[0].value, 10);
	assert_string_equal(c->cutoffs.list[2].instrument, "distress");
	assert_int_equal(c->cutoffs.list[2].value, 4);
	conf_free(c);
	conf_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_empty_and_comments),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_relative_paths),
		cmocka_unit_test(test_quoted_values),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_clinical_keys),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_parse_duration),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_example_matches_defaults),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
