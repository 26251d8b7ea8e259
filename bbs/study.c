/*
 * study.c: research studies (privacy spec, "Research export").
 *
 * An admin or the operator registers a study: an id, a title, a protocol
 * version, the instruments it collects and how the schedule's windows
 * map to REDCap events.  Registering creates the study's secret key, 32
 * random bytes written as hex in <study_keys>/<id>.key (0600, in a 0700
 * directory that is not the database's), and the record id of a patient
 * in the study is the first 10 characters of
 * base32(HMAC-SHA-256(key, her internal account id in decimal)): stable
 * within a study, unlinkable across studies, and it reveals nothing.
 *
 * A form's window ("programme 2026-03-02 #2") names an occasion of one
 * patient; its window key ("programme+4w") names the time point every
 * patient shares, and a study maps window keys to events.  A study
 * registered without events takes the default names (baseline_arm_1,
 * week_04_arm_1, end_arm_1, fu_03m_arm_1, month_02_arm_1...) for every
 * window key; one registered with events exports only those.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "bbs.h"

#define STUDY_KEY_HEX	(2 * STUDY_KEY_LEN)
#define STUDY_TITLE_MAX	200
#define STUDY_PROTO_MAX	40

/* What a window key names. */
enum study_phase {
	STUDY_ENROLMENT = 0,
	STUDY_PROGRAMME,
	STUDY_END,
	STUDY_FOLLOWUP,
	STUDY_COMMUNITY,
};

/* A parsed window key: the phase, and for repeats the offset. */
struct study_key {
	enum study_phase	 phase;
	int			 n;
	enum schedule_unit	 unit;
};

static const char *study_units[] = { "d", "w", "mo" };

/*
 * study_name_valid tells whether s is [a-z][a-z0-9_]* and at most max
 * bytes: study ids, REDCap event and variable names.
 */
bool
study_name_valid(const char *s, size_t max)
{
	size_t	len;

	if (s == NULL || *s < 'a' || *s > 'z')
		return false;
	len = strlen(s);
	return len <= max &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == len;
}

/* study_offset reads "<N><unit>" (N 1..9999) into k; -1 when it is not. */
static int
study_offset(const char *s, bool months_only, struct study_key *k)
{
	char	*end;
	long	 n;
	size_t	 u;

	if (*s < '1' || *s > '9')
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || n < 1 || n > 9999)
		return -1;
	for (u = 0; u < sizeof study_units / sizeof study_units[0]; u++) {
		if (strcmp(end, study_units[u]) == 0)
			break;
	}
	if (u == sizeof study_units / sizeof study_units[0] ||
	    (months_only && u != SCHEDULE_MONTHS))
		return -1;
	k->n = (int)n;
	k->unit = (enum schedule_unit)u;
	return 0;
}

/*
 * study_key_parse reads a window key ("enrolment", "end",
 * "followup+3mo", "programme+4w", "community+2mo") into k; -1 when it
 * is not one.
 */
static int
study_key_parse(const char *s, struct study_key *k)
{
	memset(k, 0, sizeof *k);
	if (strcmp(s, "enrolment") == 0) {
		k->phase = STUDY_ENROLMENT;
		return 0;
	}
	if (strcmp(s, "end") == 0) {
		k->phase = STUDY_END;
		return 0;
	}
	if (strncmp(s, "followup+", 9) == 0) {
		k->phase = STUDY_FOLLOWUP;
		return study_offset(s + 9, true, k);
	}
	if (strncmp(s, "programme+", 10) == 0) {
		k->phase = STUDY_PROGRAMME;
		return study_offset(s + 10, false, k);
	}
	if (strncmp(s, "community+", 10) == 0) {
		k->phase = STUDY_COMMUNITY;
		return study_offset(s + 10, false, k);
	}
	return -1;
}

/* study_days is an offset in days, months counted as 30: for ordering. */
static int
study_days(const struct study_key *k)
{
	static const int	per[] = { 1, 7, 30 };

	return k->n * per[k->unit];
}

/*
 * study_default_event names the event of a window key when the study
 * gave none, and its place in the arm (*order).
 */
static void
study_default_event(const struct study_key *k, char *out, size_t len,
    int *order)
{
	static const char	*programme[] = { "day", "week", "pmonth" };
	static const char	*community[] = { "cday", "cweek", "month" };

	switch (k->phase) {
	case STUDY_ENROLMENT:
		snprintf(out, len, "baseline_arm_1");
		break;
	case STUDY_PROGRAMME:
		snprintf(out, len, "%s_%02d_arm_1", programme[k->unit], k->n);
		break;
	case STUDY_END:
		snprintf(out, len, "end_arm_1");
		break;
	case STUDY_FOLLOWUP:
		snprintf(out, len, "fu_%02dm_arm_1", k->n);
		break;
	case STUDY_COMMUNITY:
		snprintf(out, len, "%s_%02d_arm_1", community[k->unit], k->n);
		break;
	}
	*order = (int)k->phase * 1000000 + (k->phase == STUDY_ENROLMENT ||
	    k->phase == STUDY_END ? 0 : study_days(k));
}

/*
 * study_event_for finds the event a window key goes to in s, and its
 * place in the arm (*order, smaller first): the study's own map in the
 * order given, or the default names.  ST_NOTFOUND: not exported.
 */
int
study_event_for(const struct study *s, const char *window, char *event,
    size_t len, int *order)
{
	struct study_key	k;
	size_t			i;

	*order = 0;
	if (study_key_parse(window, &k) == -1)
		return ST_NOTFOUND;
	if (s->nevents == 0) {
		study_default_event(&k, event, len, order);
		return ST_OK;
	}
	for (i = 0; i < s->nevents; i++) {
		if (strcmp(s->events[i].window, window) == 0) {
			snprintf(event, len, "%s", s->events[i].event);
			*order = (int)i;
			return ST_OK;
		}
	}
	return ST_NOTFOUND;
}

/* study_repeat finds instrument's repeat in a schedule list, or NULL. */
static const struct schedule_repeat *
study_repeat(const struct schedule_repeat *list, size_t n,
    const char *instrument)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(list[i].instrument, instrument) == 0)
			return &list[i];
	}
	return NULL;
}

/*
 * study_window_key turns a form's window into the time point every
 * patient shares: "enrolment"; "end <date>" -> "end"; "followup <date>
 * +3mo" -> "followup+3mo"; "programme <date> #k" -> "programme+<k x
 * every><unit>" with the instrument's repeat in the config's schedule
 * (phq4 every 2w, #2 -> "programme+4w"), the same for "community".
 * ST_NOTFOUND for anything else (a form sent ad hoc): not exported.
 */
int
study_window_key(const struct conf *conf, const char *window,
    const char *instrument, char *out, size_t len)
{
	const struct schedule_repeat	*rep = NULL;
	const char			*p, *name;
	char				*end;
	long				 k, months;

	if (window == NULL || len == 0)
		return ST_NOTFOUND;
	*out = '\0';
	if (strcmp(window, "enrolment") == 0) {
		snprintf(out, len, "enrolment");
		return ST_OK;
	}
	if (strncmp(window, "end ", 4) == 0) {
		snprintf(out, len, "end");
		return ST_OK;
	}
	if (strncmp(window, "followup ", 9) == 0) {
		if ((p = strstr(window, " +")) == NULL)
			return ST_NOTFOUND;
		months = strtol(p + 2, &end, 10);
		if (months < 1 || strcmp(end, "mo") != 0)
			return ST_NOTFOUND;
		snprintf(out, len, "followup+%ldmo", months);
		return ST_OK;
	}
	if (strncmp(window, "programme ", 10) == 0) {
		name = "programme";
		rep = study_repeat(conf->schedule.programme,
		    conf->schedule.nprogramme, instrument);
	} else if (strncmp(window, "community ", 10) == 0) {
		name = "community";
		rep = study_repeat(conf->schedule.community,
		    conf->schedule.ncommunity, instrument);
	} else
		return ST_NOTFOUND;
	if (rep == NULL || (p = strstr(window, " #")) == NULL)
		return ST_NOTFOUND;
	k = strtol(p + 2, &end, 10);
	if (k < 1 || k > 100000 || *end != '\0')
		return ST_NOTFOUND;
	snprintf(out, len, "%s+%ld%s", name, k * rep->every,
	    study_units[rep->unit]);
	return ST_OK;
}

/*
 * study_key_read reads the key file at path: 64 hex digits and a
 * newline, refused when group or others may use it (like the message
 * key ring).  *err says what is wrong.
 */
int
study_key_read(const char *path, unsigned char key[STUDY_KEY_LEN],
    char **err)
{
	struct stat	 sb;
	char		 buf[STUDY_KEY_HEX + 8];
	const char	*end;
	ssize_t		 n;
	int		 fd, st = ST_OK;

	*err = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		return ST_IOERR;
	}
	if (fstat(fd, &sb) == -1) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		st = ST_IOERR;
		goto out;
	}
	if (!S_ISREG(sb.st_mode) || (sb.st_mode & 077) != 0) {
		xasprintf(err, "%s: not a regular file of mode 600 (mode "
		    "%03o); run chmod 600 %s", path,
		    (unsigned)(sb.st_mode & 0777), path);
		st = ST_INVALID;
		goto out;
	}
	n = read(fd, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	if (n < STUDY_KEY_HEX || (n > STUDY_KEY_HEX &&
	    strspn(buf + STUDY_KEY_HEX, "\r\n") != (size_t)n - STUDY_KEY_HEX) ||
	    sodium_hex2bin(key, STUDY_KEY_LEN, buf, STUDY_KEY_HEX, NULL, NULL,
	    &end) != 0 || end != buf + STUDY_KEY_HEX) {
		xasprintf(err, "%s: expected %d hex digits", path,
		    STUDY_KEY_HEX);
		st = ST_INVALID;
	}
out:
	sodium_memzero(buf, sizeof buf);
	close(fd);
	return st;
}

/* study_base32 writes the first len characters of base32(in), RFC 4648. */
static void
study_base32(const unsigned char *in, size_t inlen, char *out, size_t len)
{
	static const char	alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned		acc = 0;
	size_t			i = 0, o = 0;
	int			bits = 0;

	while (o < len) {
		if (bits < 5) {
			acc = (acc << 8) | (i < inlen ? in[i] : 0);
			i++;
			bits += 8;
		}
		out[o++] = alphabet[(acc >> (bits - 5)) & 0x1f];
		bits -= 5;
	}
	out[o] = '\0';
}

/* study_record_id_key is the record id of patient under key. */
void
study_record_id_key(const unsigned char key[STUDY_KEY_LEN], int64_t patient,
    char out[STUDY_RECORD_ID_LEN + 1])
{
	unsigned char	mac[crypto_auth_hmacsha256_BYTES];
	char		id[32];
	int		len;

	len = snprintf(id, sizeof id, "%lld", (long long)patient);
	crypto_auth_hmacsha256(mac, (const unsigned char *)id, (size_t)len,
	    key);
	study_base32(mac, sizeof mac, out, STUDY_RECORD_ID_LEN);
	sodium_memzero(mac, sizeof mac);
}

/*
 * study_record_id is patient's record id in s, its key read from the
 * key file each time (ST_INVALID for a key file others may read).
 */
int
study_record_id(const struct study *s, int64_t patient,
    char out[STUDY_RECORD_ID_LEN + 1])
{
	unsigned char	key[STUDY_KEY_LEN];
	char		*err = NULL;
	int		 st;

	out[0] = '\0';
	if ((st = study_key_read(s->key_file, key, &err)) != ST_OK) {
		log_warn("study %s: %s", s->id, err);
		free(err);
		return st;
	}
	study_record_id_key(key, patient, out);
	sodium_memzero(key, sizeof key);
	return ST_OK;
}

/* study_free frees a study. */
void
study_free(struct study *s)
{
	size_t	i;

	if (s == NULL)
		return;
	free(s->title);
	free(s->protocol);
	for (i = 0; i < s->ninstruments; i++)
		free(s->instruments[i]);
	free(s->instruments);
	for (i = 0; i < s->nevents; i++) {
		free(s->events[i].window);
		free(s->events[i].event);
	}
	free(s->events);
	free(s->key_file);
	free(s);
}

/* study_free_list frees a list from study_list. */
void
study_free_list(struct study **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		study_free(list[i]);
	free(list);
}

/* study_from_row builds a study from its stored row. */
static struct study *
study_from_row(const struct study_row *r)
{
	struct study	*s;
	char		*copy, *w, *save, *eq;

	s = xcalloc(1, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", r->id);
	s->title = xstrdup(r->title);
	s->protocol = xstrdup(r->protocol);
	s->key_file = xstrdup(r->key_file);
	s->recruiting = r->recruiting;
	s->created_at = r->created_at;
	copy = xstrdup(r->instruments);
	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		s->instruments = xreallocarray(s->instruments,
		    s->ninstruments + 1, sizeof *s->instruments);
		s->instruments[s->ninstruments++] = xstrdup(w);
	}
	free(copy);
	copy = xstrdup(r->events);
	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		if ((eq = strchr(w, '=')) == NULL)
			continue;
		*eq = '\0';
		s->events = xreallocarray(s->events, s->nevents + 1,
		    sizeof *s->events);
		s->events[s->nevents].window = xstrdup(w);
		s->events[s->nevents++].event = xstrdup(eq + 1);
	}
	free(copy);
	return s;
}

/* study_get reads the study with id. */
int
study_get(struct db *db, const char *id, struct study **out)
{
	struct study_row	r;
	int			st;

	*out = NULL;
	if (!study_name_valid(id, STUDY_ID_MAX))
		return ST_NOTFOUND;
	if ((st = studies_get(db, id, &r)) != ST_OK)
		return st;
	*out = study_from_row(&r);
	study_row_clear(&r);
	return ST_OK;
}

/* study_list lists every study, newest first. */
int
study_list(struct db *db, struct study ***out, size_t *n)
{
	struct study_row	*rows;
	size_t			 i, len;
	int			 st;

	*out = NULL;
	*n = 0;
	if ((st = studies_list(db, &rows, &len)) != ST_OK)
		return st;
	if (len > 0)
		*out = xcalloc(len, sizeof **out);
	for (i = 0; i < len; i++)
		(*out)[i] = study_from_row(&rows[i]);
	*n = len;
	study_rows_free(rows, len);
	return ST_OK;
}

/* study_fail sets *err to a message and returns st. */
static int __attribute__((format(printf, 3, 4)))
study_fail(char **err, int st, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	xvasprintf(err, fmt, ap);
	va_end(ap);
	return st;
}

/* study_line_ok tells whether s is one line of valid UTF-8. */
static bool
study_line_ok(const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
	}
	return text_is_valid_utf8(s, strlen(s));
}

/* study_check checks what s describes, before anything is created. */
static int
study_check(const struct study *s, char **err)
{
	struct study_key	k;
	size_t			i, j;

	if (!study_name_valid(s->id, STUDY_ID_MAX))
		return study_fail(err, ST_INVALID, "%s: a study id is a "
		    "lowercase letter, then lowercase letters, digits or _, "
		    "at most %d", s->id, STUDY_ID_MAX);
	if (s->title == NULL || *s->title == '\0' ||
	    strlen(s->title) > STUDY_TITLE_MAX || !study_line_ok(s->title))
		return study_fail(err, ST_INVALID, "a study needs a title "
		    "(one line, at most %d bytes)", STUDY_TITLE_MAX);
	if (s->protocol == NULL || *s->protocol == '\0' ||
	    strlen(s->protocol) > STUDY_PROTO_MAX ||
	    strcspn(s->protocol, " \t\r\n") != strlen(s->protocol))
		return study_fail(err, ST_INVALID, "a study needs a protocol "
		    "version (one word, at most %d bytes)", STUDY_PROTO_MAX);
	if (s->ninstruments == 0 || s->ninstruments > STUDY_INSTRUMENTS_MAX)
		return study_fail(err, ST_INVALID, "a study collects 1 to %d "
		    "questionnaires", STUDY_INSTRUMENTS_MAX);
	for (i = 0; i < s->ninstruments; i++) {
		if (instrument_find(s->instruments[i]) == NULL)
			return study_fail(err, ST_INVALID, "%s: no such "
			    "questionnaire", s->instruments[i]);
		for (j = 0; j < i; j++)
			if (strcmp(s->instruments[i], s->instruments[j]) == 0)
				return study_fail(err, ST_INVALID, "%s: named "
				    "twice", s->instruments[i]);
	}
	for (i = 0; i < s->nevents; i++) {
		if (s->events[i].window == NULL ||
		    study_key_parse(s->events[i].window, &k) == -1)
			return study_fail(err, ST_INVALID, "%s: not a window "
			    "(enrolment, end, followup+3mo, programme+4w, "
			    "community+2mo)", s->events[i].window != NULL ?
			    s->events[i].window : "");
		if (!study_name_valid(s->events[i].event, STUDY_EVENT_MAX))
			return study_fail(err, ST_INVALID, "%s: an event name "
			    "is a lowercase letter, then lowercase letters, "
			    "digits or _, at most %d (such as week_04_arm_1)",
			    s->events[i].event != NULL ? s->events[i].event :
			    "", STUDY_EVENT_MAX);
		for (j = 0; j < i; j++) {
			if (strcmp(s->events[i].window,
			    s->events[j].window) == 0 ||
			    strcmp(s->events[i].event, s->events[j].event) ==
			    0)
				return study_fail(err, ST_INVALID, "%s=%s: a "
				    "window or an event named twice",
				    s->events[i].window, s->events[i].event);
		}
	}
	return ST_OK;
}

/* study_mkdirs creates dir and its missing parents, 0700. */
static int
study_mkdirs(const char *dir)
{
	char	*p, *slash;
	int	 rc = 0;

	p = xstrdup(dir);
	for (slash = strchr(p + 1, '/'); slash != NULL && rc == 0;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST)
			rc = -1;
		*slash = '/';
	}
	if (rc == 0 && mkdir(p, 0700) == -1 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/*
 * study_key_dir makes sure the key directory exists (0700) and is not
 * the database's own directory, whose files go wherever the database
 * goes.
 */
static int
study_key_dir(const struct conf *conf, char **err)
{
	char	*dbdir, *slash, real1[PATH_MAX], real2[PATH_MAX];
	int	 st = ST_OK;

	if (conf->study_keys == NULL || *conf->study_keys == '\0')
		return study_fail(err, ST_INVALID, "no study_keys directory "
		    "in the config");
	if (study_mkdirs(conf->study_keys) == -1 ||
	    realpath(conf->study_keys, real1) == NULL)
		return study_fail(err, ST_IOERR, "%s: %s", conf->study_keys,
		    strerror(errno));
	dbdir = xstrdup(conf->database != NULL ? conf->database : ".");
	if ((slash = strrchr(dbdir, '/')) != NULL)
		*slash = '\0';
	else {
		free(dbdir);
		dbdir = xstrdup(".");
	}
	if (*dbdir == '\0') {
		free(dbdir);
		dbdir = xstrdup("/");
	}
	if (realpath(dbdir, real2) != NULL && strcmp(real1, real2) == 0)
		st = study_fail(err, ST_INVALID, "%s: the study keys must "
		    "not live in the database's directory; set study_keys to "
		    "a directory of their own", conf->study_keys);
	free(dbdir);
	return st;
}

/*
 * study_key_create writes a fresh key to path: 64 hex digits and a
 * newline, mode 0600; an existing file is never replaced (ST_EXISTS).
 */
static int
study_key_create(const char *path, char **err)
{
	unsigned char	key[STUDY_KEY_LEN];
	char		hex[STUDY_KEY_HEX + 2];
	size_t		len;
	int		fd, st = ST_OK;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1)
		return study_fail(err, errno == EEXIST ? ST_EXISTS : ST_IOERR,
		    "%s: %s", path, errno == EEXIST ? "already exists; a "
		    "study key is never replaced" : strerror(errno));
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	len = strlen(hex);
	hex[len++] = '\n';
	if (fchmod(fd, 0600) == -1 || write(fd, hex, len) != (ssize_t)len ||
	    fsync(fd) == -1)
		st = study_fail(err, ST_IOERR, "%s: %s", path,
		    strerror(errno));
	if (close(fd) == -1 && st == ST_OK)
		st = study_fail(err, ST_IOERR, "%s: %s", path,
		    strerror(errno));
	sodium_memzero(key, sizeof key);
	sodium_memzero(hex, sizeof hex);
	if (st != ST_OK)
		unlink(path);
	return st;
}

/* study_join joins the instruments or events of s for storage. */
static char *
study_join(const struct study *s, bool events)
{
	char	*out, *t;
	size_t	 i, n = events ? s->nevents : s->ninstruments;

	out = xstrdup("");
	for (i = 0; i < n; i++) {
		if (events)
			xasprintf(&t, "%s%s%s=%s", out, i > 0 ? " " : "",
			    s->events[i].window, s->events[i].event);
		else
			xasprintf(&t, "%s%s%s", out, i > 0 ? " " : "",
			    s->instruments[i]);
		free(out);
		out = t;
	}
	return out;
}

/* study_store inserts s with its audit row, in one transaction. */
static int
study_store(struct db *db, const struct actor *actor, struct study *s,
    char **err)
{
	struct study_row	r;
	int			st;

	memset(&r, 0, sizeof r);
	r.id = s->id;
	r.title = s->title;
	r.protocol = s->protocol;
	r.instruments = study_join(s, false);
	r.events = study_join(s, true);
	r.key_file = s->key_file;
	r.recruiting = s->recruiting;
	r.created_by = actor->operator ? 0 : actor->id;
	r.created_at = s->created_at = db_now();
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = studies_create(db, &r)) != ST_OK ||
	    (st = audit_record(db, actor, "study.create", "study", 0, NULL,
	    s->id, true)) != ST_OK) {
		db_rollback(db);
		goto out;
	}
	st = db_commit(db);
out:
	if (st == ST_EXISTS)
		study_fail(err, st, "%s: a study with this id exists",
		    s->id);
	else if (st != ST_OK)
		study_fail(err, st, "%s: %s", s->id, status_str(st));
	free(r.instruments);
	free(r.events);
	return st;
}

/*
 * study_add_instruments adds the questionnaire ids of a list separated
 * by blanks or commas ("phq9 gad7 who5") to s; study_create checks them.
 */
void
study_add_instruments(struct study *s, const char *list)
{
	char	*copy, *w, *save;

	copy = xstrdup(list);
	for (w = strtok_r(copy, " \t,", &save); w != NULL;
	    w = strtok_r(NULL, " \t,", &save)) {
		s->instruments = xreallocarray(s->instruments,
		    s->ninstruments + 1, sizeof *s->instruments);
		s->instruments[s->ninstruments++] = xstrdup(w);
	}
	free(copy);
}

/*
 * study_add_event adds one "WINDOW=EVENT" to s's event map: ST_INVALID
 * without '='; study_create checks the names.
 */
int
study_add_event(struct study *s, const char *pair)
{
	const char	*eq;

	if ((eq = strchr(pair, '=')) == NULL)
		return ST_INVALID;
	s->events = xreallocarray(s->events, s->nevents + 1,
	    sizeof *s->events);
	s->events[s->nevents].window = xstrndup(pair, (size_t)(eq - pair));
	s->events[s->nevents++].event = xstrdup(eq + 1);
	return ST_OK;
}

/*
 * study_set_recruiting closes a study's recruitment (nobody is asked
 * for it at login any more; those who agreed stay in it until they
 * withdraw) or opens it again.  An admin or the operator; audited.
 */
int
study_set_recruiting(struct db *db, const struct actor *actor,
    const char *id, bool recruiting)
{
	int	st;

	if (!actor->operator && !role_may(actor, ACT_ACCOUNT_ADMIN, NULL))
		return ST_DENIED;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = studies_set_recruiting(db, id, recruiting)) != ST_OK ||
	    (st = audit_record(db, actor, recruiting ? "study.open" :
	    "study.close", "study", 0, NULL, id, true)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/*
 * study_create registers s (its id, title, protocol, instruments and
 * events filled in; recruiting as given) for an admin or the operator:
 * it checks everything, creates the key file and stores the study with
 * its audit row.  s->key_file and s->created_at are set.  *err says
 * what is wrong.
 */
int
study_create(struct db *db, const struct conf *conf, const struct actor *actor,
    struct study *s, char **err)
{
	struct study	*old = NULL;
	char		*path = NULL;
	int		 st;

	*err = NULL;
	if (!actor->operator && actor->role != ROLE_ADMIN)
		return study_fail(err, ST_DENIED, "only an administrator "
		    "registers a study");
	if ((st = study_check(s, err)) != ST_OK)
		return st;
	if ((st = study_get(db, s->id, &old)) == ST_OK) {
		study_free(old);
		return study_fail(err, ST_EXISTS, "%s: a study with this id "
		    "exists", s->id);
	}
	if (st != ST_NOTFOUND)
		return study_fail(err, st, "%s: %s", s->id, status_str(st));
	if ((st = study_key_dir(conf, err)) != ST_OK)
		return st;
	xasprintf(&path, "%s/%s.key", conf->study_keys, s->id);
	if ((st = study_key_create(path, err)) != ST_OK) {
		free(path);
		return st;
	}
	free(s->key_file);
	s->key_file = path;
	if ((st = study_store(db, actor, s, err)) != ST_OK)
		unlink(path);
	return st;
}

/*
 * study_exports lists a study's exports, newest first, for researchers,
 * admins and the operator (by NULL: the operator ran it).  A list of
 * exports is not patient data: no audit row.
 */
int
study_exports(struct db *db, const struct actor *actor, const char *study,
    struct study_export_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!actor->operator && actor->role != ROLE_ADMIN &&
	    actor->role != ROLE_RESEARCHER)
		return ST_DENIED;
	return studies_exports(db, study, out, n);
}
