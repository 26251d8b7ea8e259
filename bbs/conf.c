/*
 * conf.c: the one configuration parser.
 *
 * The file holds lines "key = value".  A line whose first non-blank
 * character is '#' is a comment, blank lines are ignored, and a value in
 * double quotes keeps its spaces (\" and \\ escape a quote and a
 * backslash inside).  There are no inline comments: "a # b" is the value.
 *
 * Why so strict: a typo in a limit must not silently leave the default
 * in place on a server that holds health data, so an unknown key, a bad
 * or out-of-range value, a duplicate key or a line without '=' stops the
 * load with "FILE:LINE: what is wrong".
 *
 * Relative paths are resolved against the directory of the configuration
 * file and stored absolute, because bbsd and the UI it execs need not run
 * from that directory.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "bbs.h"

#define CONF_MAX_LINE		4096
#define CONF_MAX_DURATION_MS	(365LL * 86400 * 1000)	/* 365d */
#define CONF_MAX_NAME		32
#define CONF_MAX_HOST		253
#define CONF_QUOTE_MAX		64	/* bytes of a value quoted in errors */

/* How a key's value is read. */
enum conf_type {
	CONF_LISTEN,		/* addr:port or [v6addr]:port */
	CONF_PATH,		/* a file name, resolved */
	CONF_PATH_OPTIONAL,	/* a file name or empty for the default */
	CONF_NAME,		/* an SSH user name */
	CONF_LANGUAGE,		/* en, es or ca */
	CONF_NUMBER,		/* int */
	CONF_SECONDS,		/* int seconds, from a duration */
	CONF_MILLISECONDS,	/* int milliseconds, from a duration */
	CONF_OPS,		/* unsigned long long */
	CONF_BYTES,		/* size_t, from a size */
	CONF_BOOL,		/* yes or no */
	CONF_TIMEZONE,		/* a zone of the system's tz database */
	CONF_NAMES,		/* account names separated by blanks */
	CONF_SCHEDULE,		/* a schedule_* key, read by schedule.c */
	CONF_STAFFED,		/* staffed hours, read by staffed.c */
};

/* What conf_set found wrong. */
enum conf_fault {
	CONF_OK = 0,
	CONF_BAD,		/* not the expected form */
	CONF_RANGE,		/* the right form, outside the range */
	CONF_DETAIL,		/* wrong, and *detail says how */
};

struct conf_key {
	const char	*name;
	enum conf_type	 type;
	size_t		 offset;
	long long	 min;		/* in the stored unit */
	long long	 max;
	const char	*expect;	/* "expected ..." for a bad form */
	const char	*range;		/* "expected ..." out of range */
};

#define CONF_OFF(f)	offsetof(struct conf, f)

static void	conf_cutoffs_free(struct cutoffs *);

/*
 * The keys.  Why these ranges: each bounds a resource an attacker can make
 * us spend (processes, memory, time) or a protection an operator could
 * switch off by mistake; the ends are what is still sensible to run.
 */
static const struct conf_key conf_keys[] = {
	{ "listen", CONF_LISTEN, 0, 1, 65535,
	  "an address and port such as 127.0.0.1:2222 or [::1]:2222",
	  "a port from 1 to 65535" },
	{ "database", CONF_PATH, CONF_OFF(database), 0, 0,
	  "a file name such as mirall.db", NULL },
	{ "host_key", CONF_PATH, CONF_OFF(host_key), 0, 0,
	  "a file name such as host_ed25519_key", NULL },
	{ "message_keys", CONF_PATH, CONF_OFF(message_keys), 0, 0,
	  "a file name outside the database's directory, such as "
	  "keys/messages.key", NULL },
	{ "content_dir", CONF_PATH, CONF_OFF(content_dir), 0, 0,
	  "a directory name such as content", NULL },
	{ "log_file", CONF_PATH_OPTIONAL, CONF_OFF(log_file), 0, 0,
	  "a file name, or nothing for standard error", NULL },
	{ "ui_program", CONF_PATH_OPTIONAL, CONF_OFF(ui_program), 0, 0,
	  "a file name, or nothing for bbs-ui beside bbsd", NULL },
	{ "signup_user", CONF_NAME, CONF_OFF(signup_user), 0, 0,
	  "a name of letters, digits, '.', '_' or '-' such as join", NULL },
	{ "default_language", CONF_LANGUAGE, CONF_OFF(default_language),
	  0, 0, "one of en, es, ca", NULL },
	{ "max_sessions", CONF_NUMBER, CONF_OFF(max_sessions), 1, 10000,
	  "a number such as 200", "a number from 1 to 10000" },
	{ "max_unauthenticated", CONF_NUMBER,
	  CONF_OFF(max_unauthenticated), 1, 10000,
	  "a number such as 30", "a number from 1 to 10000" },
	{ "max_unauthenticated_per_source", CONF_NUMBER,
	  CONF_OFF(max_unauthenticated_per_source), 1, 10000,
	  "a number such as 10", "a number from 1 to 10000" },
	{ "login_grace_time", CONF_SECONDS, CONF_OFF(login_grace_time),
	  1, 3600,
	  "a duration such as 120s", "a duration from 1s to 1h" },
	{ "idle_timeout", CONF_SECONDS, CONF_OFF(idle_timeout), 1, 86400,
	  "a duration such as 15m", "a duration from 1s to 24h" },
	{ "idle_warning", CONF_SECONDS, CONF_OFF(idle_warning), 1, 3600,
	  "a duration such as 1m", "a duration from 1s to 1h" },
	{ "session_limit", CONF_SECONDS, CONF_OFF(session_limit), 1, 604800,
	  "a duration such as 12h", "a duration from 1s to 7d" },
	{ "max_auth_tries", CONF_NUMBER, CONF_OFF(max_auth_tries), 1, 100,
	  "a number such as 6", "a number from 1 to 100" },
	{ "throttle_base", CONF_MILLISECONDS, CONF_OFF(throttle_base_ms),
	  0, 10000,
	  "a duration such as 250ms", "a duration from 0s to 10s" },
	{ "throttle_max", CONF_MILLISECONDS, CONF_OFF(throttle_max_ms),
	  0, 3600000,
	  "a duration such as 30s", "a duration from 0s to 1h" },
	{ "min_password_length", CONF_NUMBER,
	  CONF_OFF(min_password_length), 8, 64,
	  "a number such as 15", "a number from 8 to 64" },
	{ "password_hash_ops", CONF_OPS, CONF_OFF(pwhash_opslimit), 1, 10,
	  "a number such as 2", "a number from 1 to 10" },
	{ "password_hash_memory", CONF_BYTES, CONF_OFF(pwhash_memlimit),
	  8LL << 20, 1LL << 30,
	  "a size such as 64M", "a size from 8M to 1G" },
	{ "max_concurrent_hashes", CONF_NUMBER,
	  CONF_OFF(max_concurrent_hashes), 1, 256,
	  "a number such as 8", "a number from 1 to 256" },
	{ "escape_delay", CONF_MILLISECONDS, CONF_OFF(escape_delay_ms),
	  10, 1000,
	  "a duration such as 25ms", "a duration from 10ms to 1000ms" },
	{ "max_title_length", CONF_NUMBER, CONF_OFF(max_title_length), 20, 300,
	  "a number such as 120", "a number from 20 to 300" },
	{ "max_post_length", CONF_NUMBER, CONF_OFF(max_post_length), 500,
	  100000, "a number such as 8000", "a number from 500 to 100000" },
	{ "max_article_length", CONF_NUMBER, CONF_OFF(max_article_length),
	  1000, 200000, "a number such as 30000",
	  "a number from 1000 to 200000" },
	{ "timezone", CONF_TIMEZONE, CONF_OFF(timezone), 0, 0,
	  "a time zone such as Europe/Madrid", NULL },
	{ "staffed_hours", CONF_STAFFED, 0, 0, 0, NULL, NULL },
	{ "schedule_enrolment", CONF_SCHEDULE, 0, 0, 0, NULL, NULL },
	{ "schedule_programme", CONF_SCHEDULE, 0, 0, 0, NULL, NULL },
	{ "schedule_community", CONF_SCHEDULE, 0, 0, 0, NULL, NULL },
	{ "schedule_followups", CONF_SCHEDULE, 0, 0, 0, NULL, NULL },
	{ "schedule_window", CONF_SCHEDULE, 0, 0, 0, NULL, NULL },
	{ "patients_see_scores", CONF_BOOL, CONF_OFF(patients_see_scores),
	  0, 0, "yes or no", NULL },
	{ "coordinators", CONF_NAMES, CONF_OFF(coordinators), 0, 0,
	  "account names separated by spaces", NULL },
	{ "clinical_leads", CONF_NAMES, CONF_OFF(clinical_leads), 0, 0,
	  "account names separated by spaces", NULL },
	{ "outcome_measures", CONF_NAMES, CONF_OFF(outcome_measures), 0, 0,
	  "questionnaire ids separated by spaces, such as phq9 gad7", NULL },
	{ "study_keys", CONF_PATH, CONF_OFF(study_keys), 0, 0,
	  "a directory name outside the database's directory, such as "
	  "keys/studies", NULL },
};

#define CONF_NKEYS	(sizeof conf_keys / sizeof conf_keys[0])

/* conf_error sets *err, when err is not NULL, to a formatted message. */
static void __attribute__((format(printf, 2, 3)))
conf_error(char **err, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(err, fmt, ap);
	va_end(ap);
}

/*
 * conf_quote_len returns a copy of s (at most len bytes) fit to print in
 * an error: bytes that are not printable ASCII become \xNN and a long
 * value is cut.  Why: the message reaches a terminal or a log, and the
 * file may hold anything.
 */
char *
conf_quote_len(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	char			*q;
	size_t			 i, o;

	q = xmalloc(CONF_QUOTE_MAX * 4 + 4);
	o = 0;
	for (i = 0; i < len && u[i] != '\0'; i++) {
		if (i == CONF_QUOTE_MAX) {
			memcpy(q + o, "...", 3);
			o += 3;
			break;
		}
		if (u[i] < 0x20 || u[i] > 0x7e || u[i] == '\\') {
			snprintf(q + o, 5, "\\x%02x", u[i]);
			o += 4;
		} else
			q[o++] = u[i];
	}
	q[o] = '\0';
	return q;
}

/* conf_quote is conf_quote_len for a whole string. */
static char *
conf_quote(const char *s)
{
	return conf_quote_len(s, strlen(s));
}

/*
 * conf_value_fail sets *err to fmt with the quoted token (len bytes) in
 * place of its %s, for the parsers of structured values (schedule.c,
 * staffed.c), and returns ST_INVALID.
 */
int
conf_value_fail(char **err, const char *fmt, const char *tok, size_t len)
{
	char	*q;

	q = conf_quote_len(tok, len);
	xasprintf(err, fmt, q);
	free(q);
	return ST_INVALID;
}

/*
 * conf_number reads decimal digits at *sp into *v, advancing *sp; it fails
 * without digits or above limit.  No sign is accepted.
 */
static int
conf_number(const char **sp, unsigned long long limit, unsigned long long *v)
{
	const char		*s;
	unsigned long long	 n;
	unsigned int		 d;

	s = *sp;
	if (*s < '0' || *s > '9')
		return -1;
	for (n = 0; *s >= '0' && *s <= '9'; s++) {
		d = *s - '0';
		if (n > (limit - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*sp = s;
	*v = n;
	return 0;
}

/*
 * conf_duration_ms parses "15m" into milliseconds: a number and one of
 * ms, s, m, h, d (none means seconds), up to 365 days.
 */
static int
conf_duration_ms(const char *s, long long *ms)
{
	unsigned long long	n, unit;

	if (s == NULL || conf_number(&s, CONF_MAX_DURATION_MS, &n) != 0)
		return -1;
	if (strcmp(s, "ms") == 0)
		unit = 1;
	else if (*s == '\0' || strcmp(s, "s") == 0)
		unit = 1000;
	else if (strcmp(s, "m") == 0)
		unit = 60 * 1000;
	else if (strcmp(s, "h") == 0)
		unit = 3600 * 1000;
	else if (strcmp(s, "d") == 0)
		unit = 86400 * 1000;
	else
		return -1;
	if (n > CONF_MAX_DURATION_MS / unit)
		return -1;
	*ms = (long long)(n * unit);
	return 0;
}

/*
 * conf_parse_duration parses a duration such as "7d" into whole seconds;
 * it returns 0, or -1 for a bad form, a fraction of a second or more than
 * 365 days.
 */
int
conf_parse_duration(const char *s, int *seconds)
{
	long long	ms;

	if (conf_duration_ms(s, &ms) != 0 || ms % 1000 != 0)
		return -1;
	*seconds = (int)(ms / 1000);
	return 0;
}

/*
 * conf_parse_size parses a size such as "64M" into bytes: a number and
 * optionally K, M or G (powers of 1024).  It returns 0, or -1 for a bad
 * form or a size that does not fit.
 */
int
conf_parse_size(const char *s, size_t *bytes)
{
	unsigned long long	n, unit;

	if (s == NULL || conf_number(&s, SIZE_MAX, &n) != 0)
		return -1;
	if (*s == '\0')
		unit = 1;
	else if (strcmp(s, "K") == 0)
		unit = 1ULL << 10;
	else if (strcmp(s, "M") == 0)
		unit = 1ULL << 20;
	else if (strcmp(s, "G") == 0)
		unit = 1ULL << 30;
	else
		return -1;
	if (n > SIZE_MAX / unit)
		return -1;
	*bytes = (size_t)(n * unit);
	return 0;
}

/* conf_join returns path resolved against dir, or a copy if absolute. */
static char *
conf_join(const char *dir, const char *path)
{
	char	*s;
	size_t	 len;

	if (path[0] == '/')
		return xstrdup(path);
	len = strlen(dir);
	if (len > 0 && dir[len - 1] == '/')
		xasprintf(&s, "%s%s", dir, path);
	else
		xasprintf(&s, "%s/%s", dir, path);
	return s;
}

/*
 * conf_dir returns the absolute directory of path, or the current
 * directory when path is NULL.  A directory that cannot be resolved is
 * kept as written.
 */
static char *
conf_dir(const char *path)
{
	char	 buf[PATH_MAX], *dir, *slash, *abs;

	if (path == NULL) {
		if (getcwd(buf, sizeof buf) == NULL)
			return xstrdup(".");
		return xstrdup(buf);
	}
	if ((slash = strrchr(path, '/')) == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, slash - path);
	if (realpath(dir, buf) != NULL) {
		free(dir);
		return xstrdup(buf);
	}
	if (dir[0] != '/' && getcwd(buf, sizeof buf) != NULL) {
		abs = conf_join(buf, dir);
		free(dir);
		return abs;
	}
	return dir;
}

/* conf_new returns the defaults with paths resolved against dir. */
static struct conf *
conf_new(const char *dir, const char *path)
{
	struct conf	*c;
	const char	*base;

	c = xcalloc(1, sizeof *c);
	if (path != NULL) {
		base = strrchr(path, '/');
		c->path = conf_join(dir, base != NULL ? base + 1 : path);
	}
	c->listen_addr = xstrdup("127.0.0.1");
	c->listen_port = 2222;
	c->database = conf_join(dir, "mirall.db");
	c->host_key = conf_join(dir, "host_ed25519_key");
	c->message_keys = conf_join(dir, "keys/messages.key");
	c->study_keys = conf_join(dir, "keys/studies");
	c->content_dir = conf_join(dir, "content");
	c->log_file = NULL;
	c->ui_program = NULL;
	c->signup_user = xstrdup("join");
	c->default_language = xstrdup("en");
	c->max_sessions = 200;
	c->max_unauthenticated = 30;
	c->max_unauthenticated_per_source = 10;
	c->login_grace_time = 120;
	c->idle_timeout = 15 * 60;
	c->idle_warning = 60;
	c->session_limit = 12 * 3600;
	c->max_auth_tries = 6;
	c->throttle_base_ms = 250;
	c->throttle_max_ms = 30 * 1000;
	c->min_password_length = 15;
	c->pwhash_opslimit = 2;
	c->pwhash_memlimit = 64 << 20;
	c->max_concurrent_hashes = 8;
	c->escape_delay_ms = 25;
	c->max_title_length = 120;
	c->max_post_length = 8000;
	c->max_article_length = 30000;
	c->timezone = xstrdup("Europe/Madrid");
	schedule_defaults(&c->schedule);
	staffed_defaults(&c->staffed);
	c->patients_see_scores = true;
	c->coordinators = NULL;
	c->clinical_leads = NULL;
	c->outcome_measures = xstrdup("phq9 gad7");
	return c;
}

/*
 * conf_defaults returns the defaults, with relative paths resolved against
 * the directory of path (the current directory when path is NULL).
 */
struct conf *
conf_defaults(const char *path)
{
	struct conf	*c;
	char		*dir;

	dir = conf_dir(path);
	c = conf_new(dir, path);
	free(dir);
	return c;
}

/* conf_free frees a conf; NULL is accepted. */
void
conf_free(struct conf *c)
{
	if (c == NULL)
		return;
	free(c->path);
	free(c->listen_addr);
	free(c->database);
	free(c->host_key);
	free(c->message_keys);
	free(c->content_dir);
	free(c->log_file);
	free(c->ui_program);
	free(c->signup_user);
	free(c->default_language);
	free(c->timezone);
	free(c->coordinators);
	free(c->clinical_leads);
	free(c->outcome_measures);
	free(c->study_keys);
	conf_cutoffs_free(&c->cutoffs);
	free(c);
}

/* conf_hostname tells whether s is a plausible host name. */
static bool
conf_hostname(const char *s, size_t len)
{
	size_t	i;

	if (len == 0 || len > CONF_MAX_HOST || s[0] == '-' || s[0] == '.')
		return false;
	for (i = 0; i < len; i++) {
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < 'A' || s[i] > 'Z') &&
		    (s[i] < '0' || s[i] > '9') && s[i] != '-' && s[i] != '.')
			return false;
	}
	return true;
}

/*
 * conf_listen parses "addr:port", "name:port" or "[v6addr]:port" into
 * c->listen_addr (without brackets) and c->listen_port.
 */
static enum conf_fault
conf_listen(struct conf *c, const char *v)
{
	unsigned char		 sa[sizeof(struct in6_addr)];
	char			*host;
	const char		*port, *end;
	unsigned long long	 n;
	enum conf_fault		 fault;

	host = NULL;
	fault = CONF_BAD;
	if (v[0] == '[') {
		if ((end = strchr(v, ']')) == NULL || end[1] != ':')
			goto out;
		host = xstrndup(v + 1, end - v - 1);
		if (inet_pton(AF_INET6, host, sa) != 1)
			goto out;
		port = end + 2;
	} else {
		/* Why: an IPv6 address needs brackets to tell its port. */
		if ((end = strchr(v, ':')) == NULL || strchr(end + 1, ':'))
			goto out;
		host = xstrndup(v, end - v);
		if (inet_pton(AF_INET, host, sa) != 1 &&
		    !conf_hostname(host, strlen(host)))
			goto out;
		port = end + 1;
	}
	if (conf_number(&port, 1000000, &n) != 0 || *port != '\0')
		goto out;
	if (n < 1 || n > 65535) {
		fault = CONF_RANGE;
		goto out;
	}
	free(c->listen_addr);
	c->listen_addr = host;
	c->listen_port = (int)n;
	host = NULL;
	fault = CONF_OK;
out:
	free(host);
	return fault;
}

/* conf_name tells whether s is a usable SSH user name for sign-up. */
static bool
conf_name(const char *s)
{
	size_t	i, len;

	len = strlen(s);
	if (len == 0 || len > CONF_MAX_NAME)
		return false;
	for (i = 0; i < len; i++) {
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < 'A' || s[i] > 'Z') &&
		    (s[i] < '0' || s[i] > '9') && s[i] != '.' && s[i] != '_' &&
		    s[i] != '-')
			return false;
	}
	return true;
}

/*
 * conf_timezone tells whether v names a zone of the system's tz database:
 * a name glibc would not find is silently UTC, and a schedule's dates
 * would quietly move by hours.
 */
static bool
conf_timezone(const char *v)
{
	char	*path;
	bool	 ok;

	if (*v == '\0' || strlen(v) > 64 || v[0] == '/' || strstr(v, "..") ||
	    v[strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789/_+-")] != '\0')
		return false;
	xasprintf(&path, "/usr/share/zoneinfo/%s", v);
	ok = access(path, R_OK) == 0;
	free(path);
	return ok;
}

/* conf_names tells whether v is account names separated by blanks. */
static bool
conf_names(const char *v)
{
	char	*copy, *w, *save;
	bool	 ok;

	ok = true;
	copy = xstrdup(v);
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if (!conf_name(w))
			ok = false;
	}
	free(copy);
	return ok;
}

/* conf_set_text handles the keys whose value is text of some form. */
static enum conf_fault
conf_set_text(struct conf *c, const struct conf_key *k, const char *v,
    char **detail)
{
	char	**sp;

	sp = (char **)((char *)c + k->offset);
	switch (k->type) {
	case CONF_BOOL:
		if (strcmp(v, "yes") == 0)
			*(bool *)((char *)c + k->offset) = true;
		else if (strcmp(v, "no") == 0)
			*(bool *)((char *)c + k->offset) = false;
		else
			return CONF_BAD;
		return CONF_OK;
	case CONF_TIMEZONE:
		if (!conf_timezone(v))
			return CONF_BAD;
		free(*sp);
		*sp = xstrdup(v);
		return CONF_OK;
	case CONF_NAMES:
		if (!conf_names(v))
			return CONF_BAD;
		free(*sp);
		*sp = v[strspn(v, " \t")] == '\0' ? NULL : xstrdup(v);
		return CONF_OK;
	case CONF_SCHEDULE:
		if (schedule_parse(&c->schedule, k->name, v, detail) != ST_OK)
			return CONF_DETAIL;
		return CONF_OK;
	case CONF_STAFFED:
		if (staffed_parse(&c->staffed, v, detail) != ST_OK)
			return CONF_DETAIL;
		return CONF_OK;
	default:
		break;
	}
	return CONF_BAD;
}

/* conf_set stores value v for key k in c, paths resolved against dir. */
static enum conf_fault
conf_set(struct conf *c, const struct conf_key *k, const char *v,
    const char *dir, char **detail)
{
	char			**sp;
	const char		 *p;
	unsigned long long	  n;
	long long		  ms;
	size_t			  bytes;

	sp = (char **)((char *)c + k->offset);
	switch (k->type) {
	case CONF_LISTEN:
		return conf_listen(c, v);
	case CONF_PATH:
	case CONF_PATH_OPTIONAL:
		if (*v == '\0') {
			if (k->type == CONF_PATH)
				return CONF_BAD;
			free(*sp);
			*sp = NULL;
			return CONF_OK;
		}
		free(*sp);
		*sp = conf_join(dir, v);
		return CONF_OK;
	case CONF_NAME:
		if (!conf_name(v))
			return CONF_BAD;
		free(*sp);
		*sp = xstrdup(v);
		return CONF_OK;
	case CONF_LANGUAGE:
		if (strcmp(v, "en") != 0 && strcmp(v, "es") != 0 &&
		    strcmp(v, "ca") != 0)
			return CONF_BAD;
		free(*sp);
		*sp = xstrdup(v);
		return CONF_OK;
	case CONF_NUMBER:
	case CONF_OPS:
		if (*v == '\0' || v[strspn(v, "0123456789")] != '\0')
			return CONF_BAD;
		p = v;
		if (conf_number(&p, ULLONG_MAX, &n) != 0)
			return CONF_RANGE;	/* digits, too many */
		if (n < (unsigned long long)k->min ||
		    n > (unsigned long long)k->max)
			return CONF_RANGE;
		if (k->type == CONF_OPS)
			*(unsigned long long *)((char *)c + k->offset) = n;
		else
			*(int *)((char *)c + k->offset) = (int)n;
		return CONF_OK;
	case CONF_SECONDS:
	case CONF_MILLISECONDS:
		if (conf_duration_ms(v, &ms) != 0)
			return CONF_BAD;
		if (k->type == CONF_SECONDS) {
			if (ms % 1000 != 0)
				return CONF_BAD;
			ms /= 1000;
		}
		if (ms < k->min || ms > k->max)
			return CONF_RANGE;
		*(int *)((char *)c + k->offset) = (int)ms;
		return CONF_OK;
	case CONF_BYTES:
		if (conf_parse_size(v, &bytes) != 0)
			return CONF_BAD;
		if (bytes < (unsigned long long)k->min ||
		    bytes > (unsigned long long)k->max)
			return CONF_RANGE;
		*(size_t *)((char *)c + k->offset) = bytes;
		return CONF_OK;
	default:
		return conf_set_text(c, k, v, detail);
	}
}

/*
 * conf_is_cutoff_key tells whether key has the form of a deployment's
 * cut-off, <instrument>_<score>_cutoff ("phq9_total_cutoff").  Which
 * instruments and scores exist is checked once they are loaded
 * (instrument_cutoffs_check), because the config is read first.
 */
static bool
conf_is_cutoff_key(const char *key)
{
	const char	*end, *sep;
	size_t		 len;

	len = strlen(key);
	if (len <= 7 || strcmp(key + len - 7, "_cutoff") != 0)
		return false;
	end = key + len - 7;
	if ((sep = memchr(key, '_', end - key)) == NULL || sep == key ||
	    sep + 1 == end)
		return false;
	return key[strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_")] ==
	    '\0';
}

/* conf_cutoff stores the cut-off line "phq9_total_cutoff = 12". */
static int
conf_cutoff(struct conf *c, const char *path, u_int lineno, const char *key,
    const char *value, char **err)
{
	struct cutoff_override	*list, *o;
	const char		*sep, *p;
	unsigned long long	 n;
	char			*ins, *score, *q;
	size_t			 i;

	sep = strchr(key, '_');
	ins = xstrndup(key, sep - key);
	score = xstrndup(sep + 1, strlen(sep + 1) - 7);
	for (i = 0; i < c->cutoffs.len; i++) {
		o = (struct cutoff_override *)&c->cutoffs.list[i];
		if (strcmp(o->instrument, ins) == 0 &&
		    strcmp(o->score, score) == 0) {
			conf_error(err, "%s:%u: duplicate key '%s'", path,
			    lineno, key);
			goto fail;
		}
	}
	p = value;
	if (conf_number(&p, 100000, &n) != 0 || *p != '\0') {
		q = conf_quote(value);
		conf_error(err, "%s:%u: bad value for %s: '%s' (expected a "
		    "score such as 10)", path, lineno, key, q);
		free(q);
		goto fail;
	}
	list = xreallocarray((void *)c->cutoffs.list, c->cutoffs.len + 1,
	    sizeof *list);
	o = &list[c->cutoffs.len];
	o->instrument = ins;
	o->score = score;
	o->value = (int)n;
	o->line = lineno;
	c->cutoffs.list = list;
	c->cutoffs.len++;
	return 0;
fail:
	free(ins);
	free(score);
	return -1;
}

/* conf_cutoffs_free frees the cut-off lines of a conf. */
static void
conf_cutoffs_free(struct cutoffs *c)
{
	size_t	i;

	for (i = 0; i < c->len; i++) {
		free((char *)c->list[i].instrument);
		free((char *)c->list[i].score);
	}
	free((void *)c->list);
	c->list = NULL;
	c->len = 0;
}

/* conf_blank tells whether ch is a blank between tokens. */
static bool
conf_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/*
 * conf_line parses one line (without its end) into c; seen marks the keys
 * already set.  It returns 0, or -1 with *err set.
 */
static int
conf_line(struct conf *c, const char *dir, const char *path, u_int lineno,
    char *line, bool *seen, char **err)
{
	const struct conf_key	*k;
	char			*p, *key, *keyend, *value, *o, *q, *detail;
	size_t			 i;
	enum conf_fault		 fault;

	p = line;
	while (conf_blank(*p))
		p++;
	if (*p == '\0' || *p == '#')
		return 0;

	key = p;
	while (*p != '\0' && *p != '=' && !conf_blank(*p))
		p++;
	keyend = p;
	while (conf_blank(*p))
		p++;
	if (*p != '=') {
		conf_error(err, "%s:%u: missing '='", path, lineno);
		return -1;
	}
	if (keyend == key) {
		conf_error(err, "%s:%u: missing key before '='", path, lineno);
		return -1;
	}
	*keyend = '\0';
	p++;
	while (conf_blank(*p))
		p++;

	if (*p == '"') {
		value = o = ++p;
		while (*p != '\0' && *p != '"') {
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			*o++ = *p++;
		}
		if (*p != '"') {
			conf_error(err, "%s:%u: missing closing '\"'", path,
			    lineno);
			return -1;
		}
		p++;
		while (conf_blank(*p))
			p++;
		if (*p != '\0') {
			conf_error(err, "%s:%u: text after the closing '\"'",
			    path, lineno);
			return -1;
		}
		*o = '\0';
	} else {
		value = p;
		p += strlen(p);
		while (p > value && conf_blank(p[-1]))
			*--p = '\0';
	}

	k = NULL;
	for (i = 0; i < CONF_NKEYS; i++) {
		if (strcmp(conf_keys[i].name, key) == 0) {
			k = &conf_keys[i];
			break;
		}
	}
	if (k == NULL && conf_is_cutoff_key(key))
		return conf_cutoff(c, path, lineno, key, value, err);
	if (k == NULL) {
		q = conf_quote(key);
		conf_error(err, "%s:%u: unknown key '%s'", path, lineno, q);
		free(q);
		return -1;
	}
	if (seen[i]) {
		conf_error(err, "%s:%u: duplicate key '%s'", path, lineno,
		    k->name);
		return -1;
	}
	seen[i] = true;

	detail = NULL;
	if ((fault = conf_set(c, k, value, dir, &detail)) != CONF_OK) {
		q = conf_quote(value);
		if (fault == CONF_DETAIL)
			conf_error(err, "%s:%u: bad value for %s: '%s' (%s)",
			    path, lineno, k->name, q, detail);
		else
			conf_error(err, "%s:%u: bad value for %s: '%s' "
			    "(expected %s)", path, lineno, k->name, q,
			    fault == CONF_RANGE ? k->range : k->expect);
		free(q);
		free(detail);
		return -1;
	}
	return 0;
}

/*
 * conf_load reads the file at path over the defaults.  It returns a new
 * conf, or NULL with *err (when err is not NULL) set to an allocated
 * "FILE:LINE: what is wrong" or "FILE: system error".
 */
struct conf *
conf_load(const char *path, char **err)
{
	struct conf	*c;
	FILE		*f;
	char		*line, *dir;
	size_t		 cap;
	ssize_t		 len;
	u_int		 lineno;
	bool		 seen[CONF_NKEYS];

	c = NULL;
	f = NULL;
	line = NULL;
	dir = NULL;
	cap = 0;
	lineno = 0;
	memset(seen, 0, sizeof seen);
	if (err != NULL)
		*err = NULL;

	if (path == NULL) {
		conf_error(err, "no configuration file given");
		goto fail;
	}
	if ((f = fopen(path, "re")) == NULL) {
		conf_error(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	dir = conf_dir(path);
	c = conf_new(dir, path);

	while ((len = getline(&line, &cap, f)) != -1) {
		lineno++;
		if ((size_t)len != strlen(line)) {
			conf_error(err, "%s:%u: NUL byte in line", path,
			    lineno);
			goto fail;
		}
		if (len > CONF_MAX_LINE) {
			conf_error(err, "%s:%u: line too long", path, lineno);
			goto fail;
		}
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (conf_line(c, dir, path, lineno, line, seen, err) != 0)
			goto fail;
	}
	if (ferror(f)) {
		conf_error(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	/*
	 * Every date of the service (a form's window, an alert's target)
	 * is the deployment's, whichever zone the machine runs in.
	 */
	if (setenv("TZ", c->timezone, 1) != 0)
		fatalx("setenv TZ");
	tzset();
	/* A warning as long as the timeout would never be shown. */
	if (c->idle_warning >= c->idle_timeout) {
		conf_error(err, "%s: idle_warning (%ds) must be shorter than "
		    "idle_timeout (%ds)", path, c->idle_warning,
		    c->idle_timeout);
		goto fail;
	}
	goto out;

fail:
	conf_free(c);
	c = NULL;
out:
	if (f != NULL)
		fclose(f);
	free(line);
	free(dir);
	return c;
}

/*
 * conf_check_content checks what the config says about content loaded
 * after it: the cut-off lines name loaded instruments and scores, and the
 * schedule names loaded instruments.  *err is "FILE:LINE: ..." or
 * "FILE: ...".
 */
int
conf_check_content(const struct conf *c, char **err)
{
	struct cutoffs	 one;
	char		*e;
	size_t		 i;

	*err = NULL;
	for (i = 0; i < c->cutoffs.len; i++) {
		one.list = &c->cutoffs.list[i];
		one.len = 1;
		if (instrument_cutoffs_check(&one, &e) != ST_OK) {
			xasprintf(err, "%s:%u: %s", c->path != NULL ?
			    c->path : "config", c->cutoffs.list[i].line, e);
			free(e);
			return ST_INVALID;
		}
	}
	if (schedule_check(&c->schedule, &e) != ST_OK ||
	    outcome_measures_check(c, &e) != ST_OK) {
		xasprintf(err, "%s: %s", c->path != NULL ? c->path : "config",
		    e);
		free(e);
		return ST_INVALID;
	}
	return ST_OK;
}

/* conf_name_listed tells whether name is a word of the blank-separated list. */
static bool
conf_name_listed(const char *list, const char *name)
{
	char	*copy, *w, *save;
	bool	 found = false;

	copy = xstrdup(list);
	for (w = strtok_r(copy, " \t", &save); w != NULL && !found;
	    w = strtok_r(NULL, " \t", &save))
		found = strcasecmp(w, name) == 0;
	free(copy);
	return found;
}

/*
 * conf_is_clinical_lead tells whether the account name is one of the
 * clinical leads, who see the service's outcome dashboard; with none
 * configured, nobody is.
 */
bool
conf_is_clinical_lead(const struct conf *c, const char *name)
{
	return c->clinical_leads != NULL &&
	    conf_name_listed(c->clinical_leads, name);
}

/*
 * conf_is_coordinator tells whether the account name is one of the
 * clinical coordinators, who see urgent alerts and escalations; with no
 * coordinators configured, every professional is one.
 */
bool
conf_is_coordinator(const struct conf *c, const char *name)
{
	if (c->coordinators == NULL)
		return true;
	return conf_name_listed(c->coordinators, name);
}
