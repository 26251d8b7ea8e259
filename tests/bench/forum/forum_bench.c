/*
 * forum_bench.c: how fast the community answers a session, with a
 * generated community of a million posts.
 *
 * usage: forum_bench [-k] [-n posts] [-o database] [-r runs] [-s seed]
 *            [-t seconds]
 *        forum_bench -m -o database [-r runs] [-t seconds]
 *
 * It generates the community into a fresh database (-o, or one in a new
 * temporary folder), closes and reopens it as a server would find it, and
 * times what a session asks the domain layer for: the board list with its
 * counts, the main menu's unread total, a board's first page, a thread's
 * first page with its first unread post, and searches.  Each operation
 * runs a few times to warm up, then -r times (at most -t seconds each);
 * the table gives the median, the 95th percentile and the maximum.
 *
 * -k keeps the database (and writes DATABASE.ids beside it, which -m
 * reads to measure a kept database again without generating it).
 *
 * stdout: the table, then one line "RESULT {json}" for tests/bench/bench.py;
 * progress goes to stderr.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "forum_bench.h"

#define DEFAULT_POSTS	1000000
#define DEFAULT_RUNS	200
#define DEFAULT_SECONDS	10.0
#define WARMUP_RUNS	5
#define MIN_RUNS	10
#define PAGE_THREADS	22	/* a board page at 80x24 */
#define PAGE_POSTS	20
#define DEEP_PAGE	100	/* a page far down a board */

/* What an operation works on. */
struct ctx {
	struct db		*db;
	const struct actor	*who;
	int64_t			 board;
	int64_t			 thread;
	size_t			 offset;
	const char		*query;
	size_t			 hits;		/* returned by the last run */
};

/* One timed operation. */
struct op {
	const char	*key;		/* for the RESULT line */
	const char	*name;
	int		 who;		/* reader, newcomer, diligent */
	int		(*fn)(struct ctx *);
	double		 target_ms;	/* 0: no target */
	const char	*query;
	int		 deep;		/* a deep page */
};

/* A finished measurement. */
struct timing {
	double	first_ms;
	double	p50;
	double	p95;
	double	max;
	size_t	n;
	size_t	hits;
	int64_t	matches;	/* every post the query matches (-1: n/a) */
};

static struct {
	int64_t		 posts;
	const char	*path;
	bool		 keep;
	bool		 measure_only;
	int		 runs;
	double		 seconds;
	uint64_t	 seed;
} opt = { DEFAULT_POSTS, NULL, false, false, DEFAULT_RUNS, DEFAULT_SECONDS,
    20260601 };

/* now_ms returns the monotonic clock in milliseconds. */
static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* op_board_list is the board list, with threads and unread per board. */
static int
op_board_list(struct ctx *x)
{
	struct board	**list;
	size_t		  n;
	int		  st;

	if ((st = board_list(x->db, x->who, &list, &n)) == ST_OK)
		boards_free_list(list, n);
	x->hits = n;
	return st;
}

/* op_unread_total is the main menu's count of new posts. */
static int
op_unread_total(struct ctx *x)
{
	int64_t	n;
	int	st;

	st = board_unread_total(x->db, x->who, &n);
	x->hits = (size_t)n;
	return st;
}

/* op_board_page is one page of a board's threads. */
static int
op_board_page(struct ctx *x)
{
	struct thread	**list;
	size_t		  n;
	int64_t		  total;
	int		  st;

	if ((st = forum_threads(x->db, x->who, x->board, x->offset,
	    PAGE_THREADS, &list, &n, &total)) == ST_OK)
		threads_free_list(list, n);
	x->hits = n;
	return st;
}

/* op_thread_page is a thread's first page and where its unread begin. */
static int
op_thread_page(struct ctx *x)
{
	struct post	**list;
	size_t		  n, first;
	int64_t		  total;
	int		  st;

	if ((st = forum_first_unread(x->db, x->who, x->thread, &first)) !=
	    ST_OK)
		return st;
	if ((st = forum_posts(x->db, x->who, x->thread, 0, PAGE_POSTS, &list,
	    &n, &total)) == ST_OK)
		posts_free_list(list, n);
	x->hits = n;
	return st;
}

/* op_search is a search as the search screen runs it. */
static int
op_search(struct ctx *x)
{
	struct search_hit	**hits;
	size_t			  n;
	int			  st;

	if ((st = search_run(x->db, x->who, x->query, &hits, &n)) == ST_OK)
		search_free_list(hits, n);
	x->hits = n;
	return st;
}

static const struct op ops[] = {
	{ "board_list", "board list (threads, unread per board)", 0,
	    op_board_list, 10, NULL, 0 },
	{ "board_list_new", "board list (threads, unread per board)", 1,
	    op_board_list, 10, NULL, 0 },
	{ "unread_total", "main menu unread total", 0, op_unread_total, 10,
	    NULL, 0 },
	{ "unread_total_new", "main menu unread total", 1, op_unread_total,
	    10, NULL, 0 },
	{ "board_list_diligent", "board list (threads, unread per board)", 2,
	    op_board_list, 10, NULL, 0 },
	{ "unread_total_diligent", "main menu unread total", 2,
	    op_unread_total, 10, NULL, 0 },
	{ "board_page", "board first page (22 threads)", 0, op_board_page, 10,
	    NULL, 0 },
	{ "board_page_new", "board first page (22 threads)", 1, op_board_page,
	    10, NULL, 0 },
	{ "board_page_deep", "board page 100", 0, op_board_page, 0, NULL,
	    DEEP_PAGE },
	{ "thread_page", "thread first page (20 posts) + first unread", 0,
	    op_thread_page, 10, NULL, 0 },
	{ "thread_page_new", "thread first page (20 posts) + first unread", 1,
	    op_thread_page, 10, NULL, 0 },
	{ "search_two", "search, two words", 0, op_search, 50,
	    "cansancio dormir", 0 },
	{ "search_two_en", "search, two words", 0, op_search, 50,
	    "tired sleep", 0 },
	{ "search_one", "search, one word", 0, op_search, 0, "cansancio", 0 },
	{ "search_rare", "search, a rare word", 0, op_search, 0,
	    "braquiterapia", 0 },
};
#define NOPS	(sizeof ops / sizeof ops[0])

/* cmp_double orders doubles for qsort. */
static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* percentile returns the p-th percentile (nearest rank) of sorted v. */
static double
percentile(const double *v, size_t n, double p)
{
	size_t	k = (size_t)(p / 100.0 * (double)n + 0.999999);

	if (k < 1)
		k = 1;
	return v[(k > n ? n : k) - 1];
}

/*
 * measure runs an operation WARMUP_RUNS times (the first is reported on
 * its own), then opt.runs times or for opt.seconds, whichever ends first.
 */
static void
measure(const struct op *o, struct ctx *x, struct timing *t)
{
	double	*v, t0, start;
	size_t	 n = 0;
	int	 i, st;

	v = xcalloc((size_t)opt.runs, sizeof *v);
	for (i = 0; i < WARMUP_RUNS; i++) {
		t0 = now_ms();
		if ((st = o->fn(x)) != ST_OK)
			fatalx("forum_bench: %s: %s", o->key, status_str(st));
		if (i == 0)
			t->first_ms = now_ms() - t0;
	}
	start = now_ms();
	while (n < (size_t)opt.runs && (n < MIN_RUNS ||
	    now_ms() - start < opt.seconds * 1000)) {
		t0 = now_ms();
		if ((st = o->fn(x)) != ST_OK)
			fatalx("forum_bench: %s: %s", o->key, status_str(st));
		v[n++] = now_ms() - t0;
	}
	qsort(v, n, sizeof *v, cmp_double);
	t->n = n;
	t->p50 = percentile(v, n, 50);
	t->p95 = percentile(v, n, 95);
	t->max = v[n - 1];
	t->hits = x->hits;
	free(v);
}

/* raw_open opens a second, read-only connection for what the API hides. */
static sqlite3 *
raw_open(const char *path)
{
	sqlite3	*sq = NULL;

	if (sqlite3_open_v2(path, &sq, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		fatalx("forum_bench: %s: %s", path, sqlite3_errmsg(sq));
	sqlite3_busy_timeout(sq, 5000);
	return sq;
}

/* raw_int runs a query returning one integer, with an optional text. */
static int64_t
raw_int(sqlite3 *sq, const char *sql, const char *arg)
{
	sqlite3_stmt	*stmt = NULL;
	int64_t		 v = -1;

	if (sqlite3_prepare_v2(sq, sql, -1, &stmt, NULL) != SQLITE_OK)
		fatalx("forum_bench: %s: %s", sql, sqlite3_errmsg(sq));
	if (arg != NULL)
		sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* query_matches counts the posts a typed query matches, as search would. */
static int64_t
query_matches(sqlite3 *sq, const char *typed)
{
	char	*q = search_query(typed);
	int64_t	 n;

	if (q == NULL)
		return 0;
	n = raw_int(sq, "SELECT count(*) FROM post_fts WHERE post_fts MATCH ?",
	    q);
	free(q);
	return n;
}

/* file_size returns a file's size in bytes, 0 when it does not exist. */
static int64_t
file_size(const char *path, const char *suffix)
{
	struct stat	 sb;
	char		*p;
	int64_t		 n = 0;

	xasprintf(&p, "%s%s", path, suffix);
	if (stat(p, &sb) == 0)
		n = (int64_t)sb.st_size;
	free(p);
	return n;
}

/* ids_write saves what -m needs to measure a kept database again. */
static void
ids_write(const struct community *c)
{
	FILE	*fp;
	char	*p;

	xasprintf(&p, "%s.ids", opt.path);
	if ((fp = fopen(p, "w")) == NULL)
		fatalx("forum_bench: %s: %s", p, strerror(errno));
	fprintf(fp, "%lld %lld %lld %lld %lld %lld %lld %lld %lld %lld "
	    "%.3f\n",
	    (long long)c->posts, (long long)c->threads,
	    (long long)c->accounts, (long long)c->big_board,
	    (long long)c->long_thread, (long long)c->long_thread_posts,
	    (long long)c->reader, (long long)c->newcomer,
	    (long long)c->diligent, (long long)c->marks, c->seconds);
	fclose(fp);
	free(p);
}

/* ids_read reads what ids_write saved. */
static void
ids_read(struct community *c)
{
	FILE		*fp;
	char		*p;
	long long	 v[10];

	xasprintf(&p, "%s.ids", opt.path);
	if ((fp = fopen(p, "r")) == NULL)
		fatalx("forum_bench: %s: %s (made by -k)", p, strerror(errno));
	if (fscanf(fp, "%lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lf",
	    &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8],
	    &v[9], &c->seconds) != 11)
		fatalx("forum_bench: %s: unreadable", p);
	fclose(fp);
	free(p);
	c->posts = v[0];
	c->threads = v[1];
	c->accounts = v[2];
	c->big_board = v[3];
	c->long_thread = v[4];
	c->long_thread_posts = v[5];
	c->reader = v[6];
	c->newcomer = v[7];
	c->diligent = v[8];
	c->marks = v[9];
	c->posts_per_second = c->seconds > 0 ? (double)c->posts / c->seconds :
	    0;
}

/* db_reopen opens the database as a starting server would. */
static struct db *
db_reopen(const char *path)
{
	struct db	*db = NULL;
	char		*err = NULL;

	if (db_open(path, false, &db, &err) != ST_OK)
		fatalx("forum_bench: %s: %s", path, err != NULL ? err : "?");
	return db;
}

/* usage prints the synopsis and exits with status 2. */
static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: forum_bench [-k] [-n posts] [-o database] "
	    "[-r runs] [-s seed] [-t seconds]\n"
	    "       forum_bench -m -o database [-r runs] [-t seconds]\n");
	exit(2);
}

/* parse_args fills opt from the command line. */
static void
parse_args(int argc, char **argv)
{
	int	ch;

	while ((ch = getopt(argc, argv, "kmn:o:r:s:t:")) != -1) {
		switch (ch) {
		case 'k':
			opt.keep = true;
			break;
		case 'm':
			opt.measure_only = true;
			break;
		case 'n':
			opt.posts = strtoll(optarg, NULL, 10);
			break;
		case 'o':
			opt.path = optarg;
			break;
		case 'r':
			opt.runs = atoi(optarg);
			break;
		case 's':
			opt.seed = strtoull(optarg, NULL, 10);
			break;
		case 't':
			opt.seconds = atof(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || opt.posts < 1000 || opt.runs < MIN_RUNS ||
	    opt.seconds <= 0 || (opt.measure_only && opt.path == NULL))
		usage();
}

/* who_name names the account an operation runs as. */
static const char *
who_name(int who)
{
	return who == 0 ? "reader" : who == 1 ? "newcomer" : "diligent";
}

/* result_of says whether a timing met its target. */
static const char *
result_of(const struct op *o, const struct timing *t)
{
	if (o->target_ms <= 0)
		return "-";
	return t->p50 < o->target_ms && t->p95 < o->target_ms ? "met" :
	    "missed";
}

/* print_table prints the human-readable table on stdout. */
static void
print_table(const struct community *c, const struct timing *t,
    int64_t dbsize, int64_t walsize, int64_t fts, int64_t text)
{
	char	target[16];
	size_t	i;

	printf("\nCommunity: %lld posts in %lld threads on %d boards by %lld "
	    "members; generated in %.0f s (%.0f posts/s).\n",
	    (long long)c->posts, (long long)c->threads, FB_BOARDS,
	    (long long)c->accounts, c->seconds, c->posts_per_second);
	printf("Database: %.1f MiB (WAL %.1f MiB); post text %.1f MiB, "
	    "search index %.1f MiB.\n", dbsize / 1048576.0,
	    walsize / 1048576.0, text / 1048576.0, fts / 1048576.0);
	printf("Reader: joined after 40%% of the posts, %lld thread marks; "
	    "thread %lld has %lld posts.\n\n", (long long)c->marks,
	    (long long)c->long_thread, (long long)c->long_thread_posts);
	printf("%-46s %-9s %5s %8s %8s %8s %8s %7s %s\n", "operation",
	    "account", "runs", "first", "p50", "p95", "max", "target",
	    "result");
	for (i = 0; i < NOPS; i++) {
		if (ops[i].target_ms > 0)
			snprintf(target, sizeof target, "<%.0f",
			    ops[i].target_ms);
		else
			snprintf(target, sizeof target, "-");
		printf("%-46s %-9s %5zu %8.2f %8.2f %8.2f %8.2f %7s %s",
		    ops[i].name, who_name(ops[i].who), t[i].n, t[i].first_ms,
		    t[i].p50, t[i].p95, t[i].max, target,
		    result_of(&ops[i], &t[i]));
		if (ops[i].query != NULL)
			printf("  \"%s\": %lld posts match, %zu shown",
			    ops[i].query, (long long)t[i].matches, t[i].hits);
		printf("\n");
	}
	printf("(milliseconds)\n\n");
}

/* print_result prints the RESULT line bench.py reads. */
static void
print_result(const struct community *c, const struct timing *t,
    int64_t dbsize, int64_t walsize, int64_t fts, int64_t text)
{
	size_t	i;

	printf("RESULT {\"posts\": %lld, \"threads\": %lld, \"boards\": %d, "
	    "\"accounts\": %lld, \"generate_seconds\": %.1f, "
	    "\"posts_per_second\": %.0f, \"db_bytes\": %lld, "
	    "\"wal_bytes\": %lld, \"fts_bytes\": %lld, \"text_bytes\": %lld, "
	    "\"reader_marks\": %lld, \"thread_posts\": %lld, \"ops\": [",
	    (long long)c->posts, (long long)c->threads, FB_BOARDS,
	    (long long)c->accounts, c->seconds, c->posts_per_second,
	    (long long)dbsize, (long long)walsize, (long long)fts,
	    (long long)text, (long long)c->marks,
	    (long long)c->long_thread_posts);
	for (i = 0; i < NOPS; i++) {
		printf("%s{\"key\": \"%s\", \"name\": \"%s\", \"account\": "
		    "\"%s\", \"runs\": %zu, \"first_ms\": %.3f, "
		    "\"p50_ms\": %.3f, \"p95_ms\": %.3f, \"max_ms\": %.3f, "
		    "\"rows\": %zu", i > 0 ? ", " : "", ops[i].key,
		    ops[i].name, who_name(ops[i].who), t[i].n, t[i].first_ms,
		    t[i].p50, t[i].p95, t[i].max, t[i].hits);
		if (ops[i].target_ms > 0)
			printf(", \"target_ms\": %.0f, \"met\": %s",
			    ops[i].target_ms, strcmp(result_of(&ops[i], &t[i]),
			    "met") == 0 ? "true" : "false");
		if (ops[i].query != NULL)
			printf(", \"query\": \"%s\", \"matches\": %lld",
			    ops[i].query, (long long)t[i].matches);
		printf("}");
	}
	printf("]}\n");
	fflush(stdout);
}

/* remove_db removes the database, its WAL and the folder made for it. */
static void
remove_db(const char *dir)
{
	const char	*suffix[] = { "", "-wal", "-shm", ".ids" };
	char		*p;
	size_t		 i;

	for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		xasprintf(&p, "%s%s", opt.path, suffix[i]);
		(void)unlink(p);
		free(p);
	}
	if (dir != NULL)
		(void)rmdir(dir);
}

/* run_ops times every operation. */
static void
run_ops(struct db *db, const struct community *c, sqlite3 *raw,
    struct timing *t)
{
	struct actor	reader = { c->reader, ROLE_PATIENT, "fb-reader",
			    "local", false };
	struct actor	newcomer = { c->newcomer, ROLE_PATIENT, "fb-newcomer",
			    "local", false };
	struct actor	diligent = { c->diligent, ROLE_PATIENT, "fb-diligent",
			    "local", false };
	struct ctx	x;
	size_t		i;

	for (i = 0; i < NOPS; i++) {
		memset(&x, 0, sizeof x);
		x.db = db;
		x.who = ops[i].who == 0 ? &reader : ops[i].who == 1 ?
		    &newcomer : &diligent;
		x.board = c->big_board;
		x.thread = c->long_thread;
		x.offset = (size_t)ops[i].deep * PAGE_THREADS;
		x.query = ops[i].query;
		fprintf(stderr, "forum_bench: %s (%s)\n", ops[i].name,
		    who_name(ops[i].who));
		measure(&ops[i], &x, &t[i]);
		t[i].matches = ops[i].query != NULL ?
		    query_matches(raw, ops[i].query) : -1;
	}
}

/* main generates (or opens) the community and measures it. */
int
main(int argc, char **argv)
{
	struct community	 c;
	struct timing		 t[NOPS];
	struct db		*db;
	sqlite3			*raw;
	char			*dir = NULL, *path = NULL, *err = NULL;
	const char		*tmp;
	int64_t			 dbsize, walsize, fts, text;

	parse_args(argc, argv);
	memset(&c, 0, sizeof c);
	memset(t, 0, sizeof t);
	if (opt.path == NULL) {
		tmp = getenv("TMPDIR");
		xasprintf(&dir, "%s/forum-bench.XXXXXX", tmp != NULL &&
		    *tmp != '\0' ? tmp : "/tmp");
		if (mkdtemp(dir) == NULL)
			fatalx("forum_bench: mkdtemp %s: %s", dir,
			    strerror(errno));
		xasprintf(&path, "%s/forum.db", dir);
		opt.path = path;
	}
	if (opt.measure_only)
		ids_read(&c);
	else {
		if (access(opt.path, F_OK) == 0)
			fatalx("forum_bench: %s exists; give a new path",
			    opt.path);
		if (db_open(opt.path, true, &c.db, &err) != ST_OK)
			fatalx("forum_bench: %s: %s", opt.path,
			    err != NULL ? err : "?");
		fprintf(stderr, "forum_bench: generating %lld posts into %s\n",
		    (long long)opt.posts, opt.path);
		generate_community(&c, opt.posts, opt.seed);
		db_close(c.db);
		if (opt.keep)
			ids_write(&c);
	}
	words_init();
	db = db_reopen(opt.path);
	raw = raw_open(opt.path);
	dbsize = file_size(opt.path, "");
	fprintf(stderr, "forum_bench: sizing the text and the index\n");
	text = raw_int(raw, "SELECT sum(length(body)) FROM posts", NULL);
	fts = raw_int(raw, "SELECT sum(length(block)) FROM post_fts_data",
	    NULL);
	run_ops(db, &c, raw, t);
	walsize = file_size(opt.path, "-wal");
	sqlite3_close(raw);
	db_close(db);
	print_table(&c, t, dbsize, walsize, fts, text);
	print_result(&c, t, dbsize, walsize, fts, text);
	if (!opt.keep && !opt.measure_only)
		remove_db(dir);
	else
		fprintf(stderr, "forum_bench: kept %s\n", opt.path);
	words_free();
	free(path);
	free(dir);
	return 0;
}
