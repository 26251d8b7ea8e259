/*
 * helpers.h: what the database tests share.
 *
 * Each test file is its own program, so everything here is static inline:
 * a temporary directory made with mkdtemp holding a fresh database, a
 * configuration with cheap hashing (one pass, 8 MiB) and a short throttle,
 * accounts made straight through storage, actors, and a second raw SQLite
 * connection for what the API deliberately cannot do (reading the schema,
 * tampering with the audit trail).
 *
 * Include it after <cmocka.h> and bbs.h.
 */
#ifndef TEST_HELPERS_H
#define TEST_HELPERS_H

#include <sys/stat.h>

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#define TH_SMALL_MEM	(8U * 1024 * 1024)
#define TH_SOURCE	"192.0.2.7"		/* TEST-NET-1 */
#define TH_PASSWORD	"violet tide harbour lantern"
#define TH_PASSWORD2	"amber field morning kettle"

/* One test database: its directory, file, connection and configuration. */
struct th {
	char		 dir[64];
	char		*path;
	struct db	*db;
	struct conf	*conf;
};

/*
 * th_open makes a temporary directory and a fresh database in it, with a
 * configuration whose hashing and throttling are fast.
 */
static inline int
th_open(struct th *t)
{
	char	*err = NULL;

	memset(t, 0, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/mirall-test.XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		return -1;
	xasprintf(&t->path, "%s/mirall.db", t->dir);
	t->conf = conf_defaults(NULL);
	free(t->conf->database);
	t->conf->database = xstrdup(t->path);
	t->conf->pwhash_opslimit = 1;
	t->conf->pwhash_memlimit = TH_SMALL_MEM;
	t->conf->throttle_base_ms = 1;
	t->conf->throttle_max_ms = 4;
	password_dummy_init(t->conf);
	if (db_open(t->path, true, &t->db, &err) != ST_OK) {
		fprintf(stderr, "db_open: %s\n", err != NULL ? err : "?");
		free(err);
		return -1;
	}
	return 0;
}

/* th_close closes the database and removes the whole directory. */
static inline int
th_close(struct th *t)
{
	struct dirent	*de;
	DIR		*d;
	char		*p;

	db_close(t->db);
	t->db = NULL;
	conf_free(t->conf);
	t->conf = NULL;
	free(t->path);
	t->path = NULL;
	/* th_keys's key ring, in a directory apart as in a deployment. */
	xasprintf(&p, "%s/keys/messages.key", t->dir);
	unlink(p);
	free(p);
	xasprintf(&p, "%s/keys", t->dir);
	rmdir(p);
	free(p);
	seal_unload();
	if ((d = opendir(t->dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			xasprintf(&p, "%s/%s", t->dir, de->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	return rmdir(t->dir);
}

/*
 * th_keys gives the test a key ring for sealed texts (messages, mirror
 * experiences): keys/messages.key beside the database, created and
 * loaded as bbsctl init does.
 */
static inline int
th_keys(struct th *t)
{
	char	*err = NULL;
	bool	 created;

	free(t->conf->message_keys);
	xasprintf(&t->conf->message_keys, "%s/keys/messages.key", t->dir);
	if (seal_setup(t->conf, true, &created, &err) != ST_OK) {
		fprintf(stderr, "seal_setup: %s\n", err != NULL ? err : "?");
		free(err);
		return -1;
	}
	return 0;
}

/* th_setup and th_teardown wrap th_open and th_close for cmocka. */
static inline int
th_setup(void **state)
{
	struct th	*t;

	t = xcalloc(1, sizeof *t);
	if (th_open(t) != 0) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static inline int
th_teardown(void **state)
{
	struct th	*t = *state;
	int		 rc;

	rc = th_close(t);
	free(t);
	return rc;
}

/* th_file returns an allocated path for name inside the test directory. */
static inline char *
th_file(const struct th *t, const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", t->dir, name);
	return p;
}

/*
 * th_account creates an account straight through storage, with password
 * pw hashed at the test cost (NULL: TH_PASSWORD), and returns its id.
 */
static inline int64_t
th_account(struct th *t, const char *name, int role, const char *pw)
{
	char	*hash = NULL;
	int64_t	 id = 0;

	assert_int_equal(password_hash(t->conf, pw != NULL ? pw : TH_PASSWORD,
	    &hash), ST_OK);
	assert_int_equal(db_begin(t->db), ST_OK);
	assert_int_equal(accounts_create(t->db, name, role, hash, false, "en",
	    &id), ST_OK);
	assert_int_equal(db_commit(t->db), ST_OK);
	free(hash);
	assert_true(id > 0);
	return id;
}

/* th_actor describes account id as an actor coming from TH_SOURCE. */
static inline struct actor
th_actor(int64_t id, int role, const char *name)
{
	struct actor	a;

	memset(&a, 0, sizeof a);
	a.id = id;
	a.role = (enum role)role;
	a.name = name;
	a.source = TH_SOURCE;
	return a;
}

/* th_operator describes the local operator running bbsctl. */
static inline struct actor
th_operator(void)
{
	struct actor	a;

	memset(&a, 0, sizeof a);
	a.role = ROLE_ADMIN;	/* ignored for the operator */
	a.name = "operator";
	a.source = "local";
	a.operator = true;
	return a;
}

/*
 * th_consent_all records, straight through storage, that account id
 * agrees to care, community and expert-patient participation (as a
 * patient does at first login), so tests of the boards and mirror
 * experiences run without the consent texts loaded.
 */
static inline void
th_consent_all(struct db *db, int64_t id)
{
	struct consent_row	r;
	int64_t			row;
	int			p;

	memset(&r, 0, sizeof r);
	r.study = (char *)"";
	r.given = true;
	r.version = 1;
	r.hash = (char *)"test";
	r.language = (char *)"en";
	for (p = CONSENT_CARE; p < CONSENT_RESEARCH; p++) {
		r.purpose = p;
		assert_int_equal(consents_add(db, id, &r, &row), ST_OK);
	}
}

/* th_get reads account id, which must exist. */
static inline struct account *
th_get(struct th *t, int64_t id)
{
	struct account	*a = NULL;

	assert_int_equal(accounts_get(t->db, id, &a), ST_OK);
	assert_non_null(a);
	return a;
}

/* th_audit_count counts every row of the audit trail. */
static inline size_t
th_audit_count(struct th *t)
{
	struct audit_entry	**list;
	size_t			  n;

	assert_int_equal(audit_list(t->db, 0, 0, 1000000, &list, &n), ST_OK);
	audit_free_list(list, n);
	return n;
}

/* th_audit_last returns the newest audit row; the caller frees it. */
static inline struct audit_entry *
th_audit_last(struct th *t)
{
	struct audit_entry	**list, *e;
	size_t			  n;

	assert_int_equal(audit_list(t->db, 0, 0, 1, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	e = list[0];
	free(list);
	return e;
}

/* th_throttle reads the failure count of one throttle key. */
static inline int
th_throttle(struct th *t, const char *key)
{
	int64_t	last;
	int	failures;

	assert_int_equal(throttle_get(t->db, key, &failures, &last), ST_OK);
	return failures;
}

/* th_raw opens a second, plain SQLite connection to the test database. */
static inline sqlite3 *
th_raw(struct th *t)
{
	sqlite3	*sq = NULL;

	assert_int_equal(sqlite3_open_v2(t->path, &sq, SQLITE_OPEN_READWRITE,
	    NULL), SQLITE_OK);
	sqlite3_busy_timeout(sq, 5000);
	return sq;
}

/* th_raw_exec runs SQL on a raw connection and returns SQLite's code. */
static inline int
th_raw_exec(sqlite3 *sq, const char *sql)
{
	return sqlite3_exec(sq, sql, NULL, NULL, NULL);
}

/*
 * th_sql formats a statement and runs it on a raw connection, which must
 * succeed: test data no domain function would write (backdated forms,
 * rows of another program's shape).
 */
static inline void __attribute__((format(printf, 2, 3)))
th_sql(struct th *t, const char *fmt, ...)
{
	va_list	 ap;
	sqlite3	*sq;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	sq = th_raw(t);
	assert_int_equal(th_raw_exec(sq, s), SQLITE_OK);
	sqlite3_close(sq);
	free(s);
}

/* th_raw_int runs a query on a raw connection and returns its integer. */
static inline int64_t
th_raw_int(sqlite3 *sq, const char *sql)
{
	sqlite3_stmt	*stmt = NULL;
	int64_t		 v = -1;

	assert_int_equal(sqlite3_prepare_v2(sq, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/*
 * th_raw_text runs a query on a raw connection and returns its first
 * column of its first row, allocated, or NULL when there is no row.
 */
static inline char *
th_raw_text(sqlite3 *sq, const char *sql)
{
	sqlite3_stmt		*stmt = NULL;
	const unsigned char	*s;
	char			*out = NULL;

	assert_int_equal(sqlite3_prepare_v2(sq, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    (s = sqlite3_column_text(stmt, 0)) != NULL)
		out = xstrdup((const char *)s);
	sqlite3_finalize(stmt);
	return out;
}

/*
 * th_has_control tells whether s holds a C0 control (ESC, BEL...), DEL or
 * a C1 control (U+0080 to U+009F, such as CSI).
 */
static inline bool
th_has_control(const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return true;
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return true;
	}
	return false;
}

/*
 * th_source_content returns the path of content/ in the source tree,
 * relative to where make ran (the top directory, where the tests run).
 */
static inline char *
th_source_content(void)
{
	const char	*file = __FILE__, *at;
	char		*path;

	at = strstr(file, "tests/unit/helpers.h");
	assert_non_null(at);
	xasprintf(&path, "%.*scontent", (int)(at - file), file);
	return path;
}

/*
 * th_instruments points t's config at the shipped content and loads its
 * questionnaires; -1 (after a message) when they do not load.
 */
static inline int
th_instruments(struct th *t)
{
	char	*err = NULL;

	free(t->conf->content_dir);
	t->conf->content_dir = th_source_content();
	if (instruments_load(t->conf, &err) != ST_OK) {
		fprintf(stderr, "instruments_load: %s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

/*
 * th_path_holds tells whether the file at path holds text anywhere in its
 * bytes (false when there is no such file): the check that what people
 * wrote never reaches the database, its WAL or a backup in clear.
 */
static inline bool
th_path_holds(const char *path, const char *text)
{
	FILE	*fp;
	char	*buf;
	long	 len;
	bool	 found;

	if ((fp = fopen(path, "rb")) == NULL)
		return false;
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	assert_true(len >= 0);
	rewind(fp);
	buf = xmalloc((size_t)len + 1);
	assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	found = memmem(buf, (size_t)len, text, strlen(text)) != NULL;
	free(buf);
	return found;
}

/* th_file_holds is th_path_holds for file name in the test directory. */
static inline bool
th_file_holds(const struct th *t, const char *name, const char *text)
{
	char	*path;
	bool	 found;

	path = th_file(t, name);
	found = th_path_holds(path, text);
	free(path);
	return found;
}

/*
 * th_blobs_hold tells whether any value of the first column of sql, read
 * raw as bytes, holds text; *seen counts the values that are not NULL.
 */
static inline bool
th_blobs_hold(struct th *t, const char *sql, const char *text, int *seen)
{
	sqlite3		*sq = th_raw(t);
	sqlite3_stmt	*stmt = NULL;
	const void	*p;
	bool		 found = false;
	int		 len;

	*seen = 0;
	assert_int_equal(sqlite3_prepare_v2(sq, sql, -1, &stmt, NULL),
	    SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (sqlite3_column_type(stmt, 0) == SQLITE_NULL)
			continue;
		(*seen)++;
		p = sqlite3_column_blob(stmt, 0);
		len = sqlite3_column_bytes(stmt, 0);
		if (p != NULL && memmem(p, (size_t)len, text,
		    strlen(text)) != NULL)
			found = true;
	}
	sqlite3_finalize(stmt);
	sqlite3_close(sq);
	return found;
}

#endif
