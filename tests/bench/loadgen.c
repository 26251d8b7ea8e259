/*
 * loadgen.c: the benchmark's load generator.
 *
 * usage: loadgen --port P [--host 127.0.0.1] --mode idle|active|logins|
 *            bandwidth [--sessions N] [--concurrency C]
 *            [--user NAME | --user-prefix PREFIX --users K]
 *            [--password PW | --key FILE] [--cols 80] [--rows 24]
 *            [--term xterm-256color] [--ready TEXT] [--think-ms 2000]
 *            [--duration SECONDS] [--timeout SECONDS]
 *            [--board NAME --thread TITLE]
 *
 * One thread per session, each with a small stack, running libssh in
 * blocking mode.  Nothing sleeps to synchronise: a screen is ready when its
 * libvterm screen shows what is expected, waited for with a deadline.  The
 * think time between keys is the only deliberate pause.
 *
 * stdout carries two lines only, "READY <ok> <failed>" (idle and active,
 * once every session is ready or failed) and "RESULT {json}" at the end;
 * progress and errors go to stderr.  Beyond the keys the benchmark driver
 * reads, idle and active results have "dropped" (sessions that were ready
 * but failed or were closed before the end; counted in "failed"), and a
 * bandwidth step the terminal cannot send (vt100 has no PgDn) has null
 * values and a "skipped" reason.
 *
 * With --board and --thread (a thread of more than 20 posts on that
 * board), active and bandwidth mode also read: the board list, the
 * board's threads, the thread's first page scrolled down once, and its
 * second page.  A list's entry is reached by moving down until it is
 * highlighted.
 */
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "loadgen.h"

#if defined(__SANITIZE_ADDRESS__)
#define STACK_SIZE	(2048 * 1024)	/* ASan's redzones need room */
#else
#define STACK_SIZE	(256 * 1024)
#endif
#define ERRORS_KEPT	8	/* distinct error strings in the result */
#define ERRORS_SHOWN	20	/* errors printed to stderr */
#define QUIET_MS	200	/* bandwidth: no byte for this long */
#define PROGRESS_MS	1000	/* progress lines on stderr */
#define SELECT_MAX	40	/* moves to reach an entry of a list */

struct lg_opts	lg;
const char	*step_names[STEP_COUNT] = {
	"menu_move", "open_menu", "open_list", "page", "back", "list_move",
	"open_boards", "open_board", "open_thread", "thread_scroll",
	"thread_page"
};

/* One session of idle or active mode, run by its own thread. */
struct sess {
	int		idx;
	pthread_t	tid;
	bool		started;	/* the thread exists */
	bool		ready;
	bool		failed;		/* failed once ready */
	struct conn	c;
	double		connect_ms;
	struct tcp_count login;
	struct samples	lat[STEP_COUNT];
	struct samples	bytes[STEP_COUNT];
	struct samples	pkts[STEP_COUNT];
	bool		keyed;		/* the first key has been sent */
	double		first_key_bytes;
	uint64_t	rng;
};

/* What a moving step moves the highlight to. */
enum select { SEL_NONE, SEL_BOARD, SEL_THREAD };

/*
 * One key of a script, and the screen it leads to.  A step with sel is
 * repeated until the highlighted row shows that entry; a forum step is
 * left out without --thread.
 */
struct script_step {
	enum lg_key	 key;		/* LGK_COUNT: send ch */
	char		 ch;
	enum lg_step	 step;
	enum lg_cond	 cond;
	enum select	 sel;
	bool		 forum;
	const char	*name;		/* bandwidth mode's row */
};

/* The active script, repeated by every session. */
static const struct script_step script[] = {
	{ LGK_DOWN, 0, STEP_MENU_MOVE, COND_MOVED, SEL_NONE, false, NULL },
	{ LGK_UP, 0, STEP_MENU_MOVE, COND_MOVED, SEL_NONE, false, NULL },
	{ LGK_COUNT, 's', STEP_OPEN_MENU, COND_STAFF, SEL_NONE, false, NULL },
	{ LGK_COUNT, 'u', STEP_OPEN_LIST, COND_LIST, SEL_NONE, false, NULL },
	{ LGK_PGDN, 0, STEP_PAGE, COND_PAGED, SEL_NONE, false, NULL },
	{ LGK_ESC, 0, STEP_BACK, COND_STAFF, SEL_NONE, false, NULL },
	{ LGK_ESC, 0, STEP_BACK, COND_MAIN, SEL_NONE, false, NULL },
	{ LGK_COUNT, 'b', STEP_OPEN_BOARDS, COND_BOARDS, SEL_NONE, true,
	    NULL },
	{ LGK_DOWN, 0, STEP_LIST_MOVE, COND_MOVED, SEL_BOARD, true, NULL },
	{ LGK_COUNT, '\r', STEP_OPEN_BOARD, COND_THREADS, SEL_NONE, true,
	    NULL },
	{ LGK_DOWN, 0, STEP_LIST_MOVE, COND_MOVED, SEL_THREAD, true, NULL },
	{ LGK_COUNT, '\r', STEP_OPEN_THREAD, COND_THREAD, SEL_NONE, true,
	    NULL },
	{ LGK_PGDN, 0, STEP_THREAD_SCROLL, COND_SCROLLED, SEL_NONE, true,
	    NULL },
	{ LGK_COUNT, ']', STEP_THREAD_PAGE, COND_THREAD_PAGE, SEL_NONE, true,
	    NULL },
	{ LGK_ESC, 0, STEP_BACK, COND_THREADS, SEL_NONE, true, NULL },
	{ LGK_ESC, 0, STEP_BACK, COND_BOARDS, SEL_NONE, true, NULL },
	{ LGK_ESC, 0, STEP_BACK, COND_MAIN, SEL_NONE, true, NULL },
};

/* The bandwidth walk: one of each step, the login first. */
static const struct script_step bw_script[] = {
	{ LGK_COUNT, 0, STEP_COUNT, COND_READY, SEL_NONE, false, "login" },
	{ LGK_DOWN, 0, STEP_MENU_MOVE, COND_MOVED, SEL_NONE, false,
	    "menu_move" },
	{ LGK_COUNT, 's', STEP_OPEN_MENU, COND_STAFF, SEL_NONE, false,
	    "open_menu" },
	{ LGK_COUNT, 'u', STEP_OPEN_LIST, COND_LIST, SEL_NONE, false,
	    "open_list" },
	{ LGK_PGDN, 0, STEP_PAGE, COND_PAGED, SEL_NONE, false, "page" },
	{ LGK_ESC, 0, STEP_BACK, COND_STAFF, SEL_NONE, false, "back" },
	{ LGK_ESC, 0, STEP_BACK, COND_MAIN, SEL_NONE, true, "back_main" },
	{ LGK_COUNT, 'b', STEP_OPEN_BOARDS, COND_BOARDS, SEL_NONE, true,
	    "open_boards" },
	{ LGK_DOWN, 0, STEP_LIST_MOVE, COND_MOVED, SEL_BOARD, true,
	    "board_move" },
	{ LGK_COUNT, '\r', STEP_OPEN_BOARD, COND_THREADS, SEL_NONE, true,
	    "open_board" },
	{ LGK_DOWN, 0, STEP_LIST_MOVE, COND_MOVED, SEL_THREAD, true,
	    "thread_move" },
	{ LGK_COUNT, '\r', STEP_OPEN_THREAD, COND_THREAD, SEL_NONE, true,
	    "open_thread" },
	{ LGK_PGDN, 0, STEP_THREAD_SCROLL, COND_SCROLLED, SEL_NONE, true,
	    "thread_scroll" },
	{ LGK_COUNT, ']', STEP_THREAD_PAGE, COND_THREAD_PAGE, SEL_NONE, true,
	    "thread_page" },
	{ LGK_ESC, 0, STEP_BACK, COND_THREADS, SEL_NONE, true,
	    "back_thread" },
};
#define BW_STEPS	(sizeof bw_script / sizeof bw_script[0])

/* What the session threads share with the main thread. */
static struct {
	pthread_mutex_t	mtx;
	pthread_cond_t	cond;
	sem_t		slots;		/* connections setting up */
	int		ready;
	int		failed;
	bool		go;		/* active: the script starts */
	double		t_go;
	double		t_end;
	int		stop[2];	/* idle: closing stop[1] ends holds */
} run = {
	.mtx = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER
};

static pthread_mutex_t	 err_mtx = PTHREAD_MUTEX_INITIALIZER;
static char		*errs[ERRORS_KEPT];
static size_t		 nerrs;
static long		 err_total;

/* now_ms returns the monotonic clock in milliseconds. */
double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* sleep_until sleeps until the monotonic time t (ms): the think time. */
static void
sleep_until(double t)
{
	struct timespec	ts;

	ts.tv_sec = (time_t)(t / 1000.0);
	ts.tv_nsec = (long)((t - (double)ts.tv_sec * 1000.0) * 1e6);
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	    EINTR)
		;
}

/* lg_note prints a progress or warning line on stderr. */
void
lg_note(const char *fmt, ...)
{
	va_list	ap;

	flockfile(stderr);
	fputs("loadgen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

/*
 * lg_error records an error of a session (-1: of none): the first few
 * distinct strings go into the result, the first few errors to stderr.
 */
void
lg_error(int session, const char *fmt, ...)
{
	va_list	ap;
	char	msg[LG_ERR_MAX];
	size_t	i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&err_mtx);
	err_total++;
	for (i = 0; i < nerrs && strcmp(errs[i], msg) != 0; i++)
		;
	if (i == nerrs && nerrs < ERRORS_KEPT)
		errs[nerrs++] = strdup(msg);
	if (err_total <= ERRORS_SHOWN) {
		if (session >= 0)
			lg_note("session %d: %s", session, msg);
		else
			lg_note("%s", msg);
	} else if (err_total == ERRORS_SHOWN + 1)
		lg_note("more errors follow; not shown");
	pthread_mutex_unlock(&err_mtx);
}

/* lg_user returns the user name of session i. */
const char *
lg_user(int i, char *buf, size_t len)
{
	if (lg.user_prefix == NULL)
		return lg.user;
	snprintf(buf, len, "%s%04d", lg.user_prefix, i % lg.users);
	return buf;
}

/* rng_next returns a uniform double in [0, 1) (xorshift64*). */
static double
rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (double)((*s * 2685821657736338717ULL) >> 11) /
	    9007199254740992.0;
}

/* usage prints the synopsis and exits with status 2. */
static void __attribute__((noreturn))
usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "loadgen: %s\n", why);
	fprintf(stderr, "usage: loadgen --port P [--host 127.0.0.1] --mode "
	    "idle|active|logins|bandwidth\n"
	    "        [--sessions N] [--concurrency C]\n"
	    "        [--user NAME | --user-prefix PREFIX --users K]\n"
	    "        [--password PW | --key FILE] [--cols 80] [--rows 24]\n"
	    "        [--term xterm-256color] [--ready TEXT] "
	    "[--think-ms 2000]\n"
	    "        [--duration SECONDS] [--timeout SECONDS]\n"
	    "        [--board NAME --thread TITLE]\n");
	exit(2);
}

/* opt_num parses a number within [min, max] or exits. */
static double
opt_num(const char *name, const char *s, double min, double max)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "loadgen: --%s: %s is not a number from %g "
		    "to %g\n", name, s, min, max);
		exit(2);
	}
	return v;
}

/* read_file returns the contents of a small text file, or NULL. */
static char *
read_file(const char *path)
{
	FILE	*fp;
	char	*text = NULL;
	long	 len;

	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 ||
	    len > 1 << 20 || fseek(fp, 0, SEEK_SET) != 0)
		goto out;
	if ((text = calloc(1, (size_t)len + 1)) == NULL)
		goto out;
	if (fread(text, 1, (size_t)len, fp) != (size_t)len) {
		free(text);
		text = NULL;
	}
out:
	fclose(fp);
	return text;
}

/* parse_key loads --key once and checks that libssh can use it. */
static void
parse_key(void)
{
	ssh_key	key = NULL;

	if ((lg.key_text = read_file(lg.key_file)) == NULL) {
		fprintf(stderr, "loadgen: cannot read %s: %s\n", lg.key_file,
		    strerror(errno));
		exit(2);
	}
	if (ssh_pki_import_privkey_base64(lg.key_text, NULL, NULL, NULL,
	    &key) != SSH_OK) {
		fprintf(stderr, "loadgen: %s is not a private key libssh can "
		    "use (without a passphrase)\n", lg.key_file);
		exit(2);
	}
	ssh_key_free(key);
}

/* resolve_host looks --host up once, for every connection. */
static void
resolve_host(void)
{
	struct addrinfo	hints, *res = NULL;
	char		port[16];
	int		rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof port, "%d", lg.port);
	if ((rc = getaddrinfo(lg.host, port, &hints, &res)) != 0) {
		fprintf(stderr, "loadgen: %s: %s\n", lg.host,
		    gai_strerror(rc));
		exit(2);
	}
	memcpy(&lg.addr, res->ai_addr, res->ai_addrlen);
	lg.addrlen = res->ai_addrlen;
	freeaddrinfo(res);
}

/* parse_mode turns --mode into a mode. */
static enum lg_mode
parse_mode(const char *s)
{
	static const char	*names[] = { "idle", "active", "logins",
				    "bandwidth" };
	size_t			 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum lg_mode)i;
	usage("--mode is idle, active, logins or bandwidth");
}

/* parse_args fills lg from the command line, or exits. */
static void
parse_args(int argc, char **argv)
{
	static const struct option	opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "host", required_argument, NULL, 'h' },
		{ "mode", required_argument, NULL, 'm' },
		{ "sessions", required_argument, NULL, 'n' },
		{ "concurrency", required_argument, NULL, 'c' },
		{ "user", required_argument, NULL, 'u' },
		{ "user-prefix", required_argument, NULL, 'U' },
		{ "users", required_argument, NULL, 'K' },
		{ "password", required_argument, NULL, 'P' },
		{ "key", required_argument, NULL, 'k' },
		{ "cols", required_argument, NULL, 'C' },
		{ "rows", required_argument, NULL, 'R' },
		{ "term", required_argument, NULL, 'T' },
		{ "ready", required_argument, NULL, 'r' },
		{ "think-ms", required_argument, NULL, 't' },
		{ "duration", required_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, 'o' },
		{ "board", required_argument, NULL, 'B' },
		{ "thread", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 }
	};
	bool	has_mode = false;
	int	ch;

	lg.host = "127.0.0.1";
	lg.sessions = 1;
	lg.concurrency = 50;
	lg.cols = 80;
	lg.rows = 24;
	lg.term = "xterm-256color";
	lg.ready = "Main menu";
	lg.think_ms = 2000;
	lg.duration = 10;
	lg.timeout = 30;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			lg.port = (int)opt_num("port", optarg, 1, 65535);
			break;
		case 'h':
			lg.host = optarg;
			break;
		case 'm':
			lg.mode = parse_mode(optarg);
			has_mode = true;
			break;
		case 'n':
			lg.sessions = (int)opt_num("sessions", optarg, 1,
			    1000000);
			break;
		case 'c':
			lg.concurrency = (int)opt_num("concurrency", optarg, 1,
			    100000);
			break;
		case 'u':
			lg.user = optarg;
			break;
		case 'U':
			lg.user_prefix = optarg;
			break;
		case 'K':
			lg.users = (int)opt_num("users", optarg, 1, 1000000);
			break;
		case 'P':
			lg.password = optarg;
			break;
		case 'k':
			lg.key_file = optarg;
			break;
		case 'C':
			lg.cols = (int)opt_num("cols", optarg, 10, 1000);
			break;
		case 'R':
			lg.rows = (int)opt_num("rows", optarg, 5, 500);
			break;
		case 'T':
			lg.term = optarg;
			break;
		case 'r':
			lg.ready = optarg;
			break;
		case 't':
			lg.think_ms = (int)opt_num("think-ms", optarg, 0,
			    3600000);
			break;
		case 'd':
			lg.duration = opt_num("duration", optarg, 0, 86400);
			break;
		case 'o':
			lg.timeout = opt_num("timeout", optarg, 0.1, 86400);
			break;
		case 'B':
			lg.board = optarg;
			break;
		case 'H':
			lg.thread = optarg;
			break;
		default:
			usage(NULL);
		}
	}
	if (optind != argc)
		usage("unexpected arguments");
	if (lg.port == 0 || !has_mode)
		usage("--port and --mode are required");
	if ((lg.user == NULL) == (lg.user_prefix == NULL))
		usage("give --user, or --user-prefix with --users");
	if (lg.user_prefix != NULL && lg.users == 0)
		usage("--user-prefix needs --users");
	if ((lg.password == NULL) == (lg.key_file == NULL))
		usage("give --password or --key");
	if (*lg.ready == '\0')
		usage("--ready must not be empty");
	if ((lg.board == NULL) != (lg.thread == NULL) ||
	    (lg.board != NULL && (*lg.board == '\0' || *lg.thread == '\0')))
		usage("give both --board and --thread, not empty");
	if (lg.key_file != NULL)
		parse_key();
	resolve_host();
}

/* raise_limits lets the process open a descriptor per session and more. */
static void
raise_limits(void)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			lg_note("cannot raise RLIMIT_NOFILE: %s",
			    strerror(errno));
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY &&
	    (rlim_t)lg.sessions + 64 > rl.rlim_cur)
		lg_note("RLIMIT_NOFILE is %llu: fewer than %d sessions will "
		    "connect", (unsigned long long)rl.rlim_cur, lg.sessions);
}

/* session_login connects session s and waits until it is ready. */
static int
session_login(struct sess *s)
{
	char	ubuf[256];
	double	deadline;

	if (conn_open(&s->c, lg_user(s->idx, ubuf, sizeof ubuf), true) == -1)
		return -1;
	deadline = s->c.t_start + lg.timeout * 1000;
	if (conn_wait(&s->c, COND_READY, NULL, deadline) == -1)
		return -1;
	s->connect_ms = s->c.t_ready - s->c.t_start;
	conn_tcp_count(&s->c, &s->login);
	/*
	 * Why: the title can arrive before the rest of the first screen,
	 * and the script's first key needs the whole menu.
	 */
	if (lg.mode == MODE_ACTIVE && conn_wait(&s->c, COND_MAIN, NULL,
	    now_ms() + lg.timeout * 1000) == -1)
		return -1;
	return 0;
}

/*
 * step_key returns the bytes a step sends, or NULL when the terminal has
 * no such key; the thread view also scrolls with the space bar.
 */
static const char *
step_key(const struct script_step *ss, size_t *len)
{
	const char	*b;

	*len = 0;
	if (ss->key == LGK_COUNT) {
		*len = 1;
		return &ss->ch;
	}
	if ((b = key_bytes(ss->key)) == NULL &&
	    ss->step == STEP_THREAD_SCROLL)
		b = " ";
	if (b != NULL)
		*len = strlen(b);
	return b;
}

/* step_left_out tells whether this run leaves a step out. */
static bool
step_left_out(const struct script_step *ss)
{
	size_t	len;

	return (ss->forum && lg.thread == NULL) ||
	    (ss->key != LGK_COUNT && step_key(ss, &len) == NULL);
}

/* step_selected tells whether a moving step has reached its entry. */
static bool
step_selected(struct conn *c, const struct script_step *ss)
{
	const char	*text = ss->sel == SEL_BOARD ? lg.board :
			    ss->sel == SEL_THREAD ? lg.thread : NULL;

	return text != NULL && screen_hl_has(&c->scr, text);
}

/* session_step sends one scripted key and waits for its screen. */
static int
session_step(struct sess *s, const struct script_step *ss)
{
	struct cond_state	st = { -1, NULL, NULL, false };
	struct tcp_count	before, after;
	const char		*bytes;
	size_t			 len;
	double			 t0;
	int			 rc = -1;

	if (conn_drain(&s->c) == -1)
		goto out;
	screen_state(&s->c.scr, &st);
	bytes = step_key(ss, &len);
	conn_tcp_count(&s->c, &before);
	t0 = now_ms();
	if (conn_send(&s->c, bytes, len) == -1)
		goto out;
	if (conn_wait(&s->c, ss->cond, &st, t0 + lg.timeout * 1000) == -1)
		goto out;
	conn_tcp_count(&s->c, &after);
	samples_add(&s->lat[ss->step], s->c.t_ready - t0);
	/*
	 * The session's first key makes libssh grow the channel window once
	 * (a 36-byte WINDOW_ADJUST): its bytes are kept apart, so the
	 * per-step figures show what each kind of step costs.
	 */
	if (!s->keyed) {
		s->keyed = true;
		s->first_key_bytes = (double)(after.bytes - before.bytes);
	} else {
		samples_add(&s->bytes[ss->step],
		    (double)(after.bytes - before.bytes));
		samples_add(&s->pkts[ss->step],
		    (double)(after.packets - before.packets));
	}
	rc = 0;
out:
	cond_state_free(&st);
	return rc;
}

/*
 * session_start returns where a session starts the script: both of its
 * parts start and end at the main menu, and with the reading walk every
 * other session starts with it, so that a short run has every step.
 */
static size_t
session_start(const struct sess *s)
{
	size_t	i;

	if (lg.thread == NULL || s->idx % 2 == 0)
		return 0;
	for (i = 0; !script[i].forum; i++)
		;
	return i;
}

/*
 * session_active runs the script until the end of the run: the first key
 * at a random moment of the first think time, then a key every think time
 * after the previous screen was ready.  A moving step repeats until its
 * entry is highlighted (no key at all when it already is).  A step in
 * progress at the end is finished; no key is sent after it.
 */
static int
session_active(struct sess *s)
{
	const size_t	n = sizeof script / sizeof script[0];
	double		next;
	size_t		i = session_start(s);
	int		moves = 0;

	next = run.t_go + rng_next(&s->rng) * lg.think_ms;
	for (;;) {
		if (step_left_out(&script[i]) || (script[i].sel != SEL_NONE &&
		    step_selected(&s->c, &script[i]))) {
			i = (i + 1) % n;
			moves = 0;
			continue;
		}
		if (script[i].sel != SEL_NONE && ++moves > SELECT_MAX) {
			snprintf(s->c.err, sizeof s->c.err, "%s is not in the "
			    "list", script[i].sel == SEL_BOARD ? lg.board :
			    lg.thread);
			return -1;
		}
		if (next >= run.t_end)
			return 0;
		sleep_until(next);
		if (session_step(s, &script[i]) == -1)
			return -1;
		if (script[i].sel == SEL_NONE)
			i = (i + 1) % n;
		next = s->c.t_ready + lg.think_ms;
	}
}

/* session_main is the thread of one session in idle and active mode. */
static void *
session_main(void *arg)
{
	struct sess	*s = arg;
	int		 rc;

	while (sem_wait(&run.slots) == -1 && errno == EINTR)
		;
	rc = session_login(s);
	sem_post(&run.slots);
	if (rc == -1)
		lg_error(s->idx, "%s", s->c.err);
	pthread_mutex_lock(&run.mtx);
	if (rc == 0)
		run.ready++;
	else
		run.failed++;
	s->ready = rc == 0;
	pthread_cond_broadcast(&run.cond);
	pthread_mutex_unlock(&run.mtx);
	if (rc == -1)
		goto out;
	if (lg.mode == MODE_IDLE) {
		if (conn_hold(&s->c, run.stop[0]) == -1) {
			s->failed = true;
			lg_error(s->idx, "while held: %s", s->c.err);
		}
		goto out;
	}
	pthread_mutex_lock(&run.mtx);
	while (!run.go)
		pthread_cond_wait(&run.cond, &run.mtx);
	pthread_mutex_unlock(&run.mtx);
	if (session_active(s) == -1) {
		s->failed = true;
		lg_error(s->idx, "%s", s->c.err);
	}
out:
	conn_close(&s->c);
	return NULL;
}

/* wait_ready waits until every started session is ready or has failed. */
static void
wait_ready(int started)
{
	struct timespec	ts;
	double		next = now_ms() + PROGRESS_MS;

	pthread_mutex_lock(&run.mtx);
	while (run.ready + run.failed < started) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&run.cond, &run.mtx, &ts);
		if (now_ms() >= next) {
			lg_note("%d/%d sessions ready, %d failed", run.ready,
			    lg.sessions, run.failed);
			next = now_ms() + PROGRESS_MS;
		}
	}
	pthread_mutex_unlock(&run.mtx);
}

/* wait_stdin_eof reads and discards standard input until its end. */
static void
wait_stdin_eof(void)
{
	char	buf[512];
	ssize_t	n;

	for (;;) {
		n = read(STDIN_FILENO, buf, sizeof buf);
		if (n == 0 || (n == -1 && errno != EINTR))
			return;
	}
}

/* print_errors prints the "errors" member of the result. */
static void
print_errors(FILE *fp)
{
	size_t	i;

	fputs("\"errors\": [", fp);
	pthread_mutex_lock(&err_mtx);
	for (i = 0; i < nerrs; i++) {
		if (i > 0)
			fputs(", ", fp);
		json_string(fp, errs[i]);
	}
	pthread_mutex_unlock(&err_mtx);
	fputs("]", fp);
}

/* print_steps prints one object keyed by step kind. */
static void
print_steps(FILE *fp, const char *name, struct samples *by, int decimals)
{
	int	i;

	json_string(fp, name);
	fputs(": {", fp);
	for (i = 0; i < STEP_COUNT; i++) {
		if (i > 0)
			fputs(", ", fp);
		json_stats(fp, step_names[i], &by[i], decimals);
	}
	fputs("}", fp);
}

/* print_sessions prints the RESULT line of idle and active mode. */
static void
print_sessions(struct sess *ss, int dropped)
{
	struct samples	cr = { 0 }, lb = { 0 }, lp = { 0 }, all = { 0 };
	struct samples	fk = { 0 };
	struct samples	lat[STEP_COUNT], by[STEP_COUNT], pk[STEP_COUNT];
	int		i, j, ok = 0;

	memset(lat, 0, sizeof lat);
	memset(by, 0, sizeof by);
	memset(pk, 0, sizeof pk);
	for (i = 0; i < lg.sessions; i++) {
		if (!ss[i].ready)
			continue;
		ok += !ss[i].failed;
		samples_add(&cr, ss[i].connect_ms);
		samples_add(&lb, (double)ss[i].login.bytes);
		samples_add(&lp, (double)ss[i].login.packets);
		if (ss[i].keyed)
			samples_add(&fk, ss[i].first_key_bytes);
		for (j = 0; j < STEP_COUNT; j++) {
			samples_merge(&all, &ss[i].lat[j]);
			samples_merge(&lat[j], &ss[i].lat[j]);
			samples_merge(&by[j], &ss[i].bytes[j]);
			samples_merge(&pk[j], &ss[i].pkts[j]);
		}
	}
	printf("RESULT {\"mode\": \"%s\", \"sessions\": %d, \"ok\": %d, "
	    "\"failed\": %d, \"dropped\": %d, ", lg.mode == MODE_IDLE ?
	    "idle" : "active", lg.sessions, ok, lg.sessions - ok, dropped);
	print_errors(stdout);
	fputs(", ", stdout);
	json_stats(stdout, "connect_to_ready_ms", &cr, 3);
	fputs(", ", stdout);
	json_stats(stdout, "login_bytes", &lb, 0);
	fputs(", ", stdout);
	json_stats(stdout, "login_packets", &lp, 0);
	if (lg.mode == MODE_ACTIVE) {
		fputs(", ", stdout);
		json_stats(stdout, "keystroke_ms", &all, 3);
		fputs(", ", stdout);
		print_steps(stdout, "keystroke_ms_by_step", lat, 3);
		fputs(", ", stdout);
		print_steps(stdout, "bytes_by_step", by, 0);
		fputs(", ", stdout);
		print_steps(stdout, "packets_by_step", pk, 0);
		fputs(", ", stdout);
		json_stats(stdout, "first_key_bytes", &fk, 0);
	}
	fputs("}\n", stdout);
	fflush(stdout);
	samples_free(&cr);
	samples_free(&lb);
	samples_free(&lp);
	samples_free(&all);
	samples_free(&fk);
	for (j = 0; j < STEP_COUNT; j++) {
		samples_free(&lat[j]);
		samples_free(&by[j]);
		samples_free(&pk[j]);
	}
}

/* thread_attr makes the attributes of a session thread: a small stack. */
static void
thread_attr(pthread_attr_t *attr)
{
	pthread_attr_init(attr);
	if (pthread_attr_setstacksize(attr, STACK_SIZE) != 0)
		lg_note("cannot set a %d KiB stack", STACK_SIZE / 1024);
}

/*
 * run_sessions runs idle or active mode: it starts a thread per session,
 * at most --concurrency of them connecting at once, prints READY when
 * every one is ready or failed, then holds them until standard input ends
 * (idle) or runs the script for --duration seconds (active).
 */
static int
run_sessions(void)
{
	pthread_attr_t	 attr;
	struct sess	*ss;
	int		 i, j, err, dropped = 0;

	if ((ss = calloc((size_t)lg.sessions, sizeof *ss)) == NULL) {
		lg_note("out of memory");
		return 1;
	}
	if (sem_init(&run.slots, 0, (unsigned int)lg.concurrency) == -1 ||
	    pipe2(run.stop, O_CLOEXEC) == -1) {
		lg_note("cannot set up: %s", strerror(errno));
		free(ss);
		return 1;
	}
	thread_attr(&attr);
	for (i = 0; i < lg.sessions; i++) {
		ss[i].idx = i;
		ss[i].rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1) ^
		    (uint64_t)getpid();
		if ((err = pthread_create(&ss[i].tid, &attr, session_main,
		    &ss[i])) != 0) {
			lg_error(i, "pthread_create: %s", strerror(err));
			pthread_mutex_lock(&run.mtx);
			run.failed++;
			pthread_mutex_unlock(&run.mtx);
			continue;
		}
		ss[i].started = true;
	}
	pthread_attr_destroy(&attr);
	wait_ready(lg.sessions);
	lg_note("%d sessions ready, %d failed", run.ready, run.failed);
	printf("READY %d %d\n", run.ready, run.failed);
	fflush(stdout);
	if (lg.mode == MODE_IDLE) {
		wait_stdin_eof();
		lg_note("standard input ended: disconnecting");
		close(run.stop[1]);
		run.stop[1] = -1;
	} else {
		pthread_mutex_lock(&run.mtx);
		run.t_go = now_ms();
		run.t_end = run.t_go + lg.duration * 1000;
		run.go = true;
		pthread_cond_broadcast(&run.cond);
		pthread_mutex_unlock(&run.mtx);
	}
	for (i = 0; i < lg.sessions; i++)
		if (ss[i].started)
			pthread_join(ss[i].tid, NULL);
	for (i = 0; i < lg.sessions; i++)
		dropped += ss[i].ready && ss[i].failed;
	print_sessions(ss, dropped);
	for (i = 0; i < lg.sessions; i++)
		for (j = 0; j < STEP_COUNT; j++) {
			samples_free(&ss[i].lat[j]);
			samples_free(&ss[i].bytes[j]);
			samples_free(&ss[i].pkts[j]);
		}
	free(ss);
	if (run.stop[1] != -1)
		close(run.stop[1]);
	close(run.stop[0]);
	sem_destroy(&run.slots);
	return 0;
}

/* One worker of logins mode. */
struct worker {
	pthread_t	tid;
	bool		started;
	int		ok;
	int		failed;
	double		t_done;
	struct samples	ms;
};

static int	login_seq;	/* logins started, for the user names */

/* worker_main connects, authenticates and disconnects until the end. */
static void *
worker_main(void *arg)
{
	struct worker	*w = arg;
	struct conn	 c;
	char		 ubuf[256];
	int		 i;

	while (now_ms() < run.t_end) {
		i = __atomic_fetch_add(&login_seq, 1, __ATOMIC_RELAXED);
		if (conn_open(&c, lg_user(i, ubuf, sizeof ubuf), false) == 0) {
			samples_add(&w->ms, c.t_ready - c.t_start);
			w->ok++;
		} else {
			lg_error(i, "%s", c.err);
			w->failed++;
		}
		conn_close(&c);
	}
	w->t_done = now_ms();
	return NULL;
}

/* run_logins runs logins mode: --concurrency workers for --duration. */
static int
run_logins(void)
{
	pthread_attr_t	 attr;
	struct worker	*w;
	struct samples	 ms = { 0 };
	double		 t_last;
	int		 i, err, ok = 0, failed = 0;

	if ((w = calloc((size_t)lg.concurrency, sizeof *w)) == NULL) {
		lg_note("out of memory");
		return 1;
	}
	thread_attr(&attr);
	run.t_go = now_ms();
	run.t_end = run.t_go + lg.duration * 1000;
	for (i = 0; i < lg.concurrency; i++) {
		if ((err = pthread_create(&w[i].tid, &attr, worker_main,
		    &w[i])) != 0)
			lg_error(-1, "pthread_create: %s", strerror(err));
		else
			w[i].started = true;
	}
	pthread_attr_destroy(&attr);
	t_last = run.t_go;
	for (i = 0; i < lg.concurrency; i++) {
		if (!w[i].started)
			continue;
		pthread_join(w[i].tid, NULL);
		ok += w[i].ok;
		failed += w[i].failed;
		samples_merge(&ms, &w[i].ms);
		samples_free(&w[i].ms);
		if (w[i].t_done > t_last)
			t_last = w[i].t_done;
	}
	printf("RESULT {\"mode\": \"logins\", \"sessions\": %d, \"ok\": %d, "
	    "\"failed\": %d, ", ok + failed, ok, failed);
	print_errors(stdout);
	printf(", \"logins_per_second\": %.3f, ", t_last > run.t_go ?
	    ok / ((t_last - run.t_go) / 1000.0) : 0.0);
	json_stats(stdout, "login_ms", &ms, 3);
	fputs("}\n", stdout);
	fflush(stdout);
	samples_free(&ms);
	free(w);
	return 0;
}

/* One measured step of bandwidth mode. */
struct bw_step {
	const char	*name;
	bool		 skipped;
	const char	*why;		/* skipped because */
	uint64_t	 bytes;
	uint32_t	 packets;
	size_t		 cells;
};

/*
 * bw_measure sends bytes (none for the login), waits for cond and then
 * for QUIET_MS of silence, and records what the step cost.
 */
static int
bw_measure(struct conn *c, const char *bytes, size_t len, enum lg_cond cond,
    struct bw_step *out)
{
	struct cond_state	 st = { -1, NULL, NULL, false };
	struct tcp_count	 before = { 0, 0 }, after;
	uint32_t		*a = NULL, *b = NULL;
	double			 t0;
	int			 rc = -1;

	screen_state(&c->scr, &st);
	a = screen_chars(&c->scr);
	if (len > 0)
		conn_tcp_count(c, &before);
	t0 = len > 0 ? now_ms() : c->t_start;
	if (len > 0 && conn_send(c, bytes, len) == -1)
		goto out;
	if (conn_wait(c, cond, &st, t0 + lg.timeout * 1000) == -1)
		goto out;
	if (conn_quiet(c, QUIET_MS, now_ms() + lg.timeout * 1000) == -1)
		goto out;
	if (conn_tcp_count(c, &after) == -1) {
		snprintf(c->err, sizeof c->err, "TCP_INFO unavailable");
		goto out;
	}
	b = screen_chars(&c->scr);
	if (a == NULL || b == NULL) {
		snprintf(c->err, sizeof c->err, "out of memory");
		goto out;
	}
	out->bytes = after.bytes - before.bytes;
	out->packets = after.packets - before.packets;
	out->cells = screen_diff(a, b, (size_t)c->scr.rows * c->scr.cols);
	lg_note("%s: %llu bytes, %u packets, %zu cells changed (ready after "
	    "%.1f ms)", out->name, (unsigned long long)out->bytes,
	    out->packets, out->cells, c->t_ready - t0);
	rc = 0;
out:
	free(a);
	free(b);
	cond_state_free(&st);
	return rc;
}

/*
 * bw_select moves down until a moving step's entry is highlighted; the
 * first move is the step's row, the others are not counted.
 */
static int
bw_select(struct conn *c, const struct script_step *ss, struct bw_step *out)
{
	struct bw_step	 extra;
	const char	*bytes;
	size_t		 len;
	int		 moves;

	bytes = step_key(ss, &len);
	if (step_selected(c, ss)) {
		out->skipped = true;
		out->why = "the entry was highlighted already";
		return 0;
	}
	if (bw_measure(c, bytes, len, ss->cond, out) == -1)
		return -1;
	for (moves = 1; !step_selected(c, ss); moves++) {
		if (moves >= SELECT_MAX) {
			snprintf(c->err, sizeof c->err, "%s is not in the "
			    "list", ss->sel == SEL_BOARD ? lg.board :
			    lg.thread);
			return -1;
		}
		memset(&extra, 0, sizeof extra);
		extra.name = ss->name;
		if (bw_measure(c, bytes, len, ss->cond, &extra) == -1)
			return -1;
	}
	return 0;
}

/* bw_print prints the RESULT line of bandwidth mode. */
static void
bw_print(const struct bw_step *steps, size_t done, int ok)
{
	size_t	i;

	printf("RESULT {\"mode\": \"bandwidth\", \"sessions\": 1, \"ok\": %d, "
	    "\"failed\": %d, ", ok, !ok);
	print_errors(stdout);
	fputs(", \"steps\": [", stdout);
	for (i = 0; i < done; i++) {
		printf("%s{\"step\": \"%s\", ", i > 0 ? ", " : "",
		    steps[i].name);
		if (steps[i].skipped) {
			printf("\"bytes\": null, \"packets\": null, "
			    "\"cells_changed\": null, \"skipped\": ");
			json_string(stdout, steps[i].why);
			fputs("}", stdout);
		} else
			printf("\"bytes\": %llu, \"packets\": %u, "
			    "\"cells_changed\": %zu}",
			    (unsigned long long)steps[i].bytes,
			    steps[i].packets, steps[i].cells);
	}
	fputs("]}\n", stdout);
	fflush(stdout);
}

/*
 * run_bandwidth runs bandwidth mode: one session walks bw_script, each
 * step measured on its own.
 */
static int
run_bandwidth(void)
{
	struct bw_step			 steps[BW_STEPS];
	const struct script_step	*ss;
	struct conn			 c;
	const char			*bytes, *at = "login";
	char				 ubuf[256];
	size_t				 i, len, done = 0;
	int				 ok = 0;

	memset(steps, 0, sizeof steps);
	if (conn_open(&c, lg_user(0, ubuf, sizeof ubuf), true) == -1)
		goto out;
	for (i = 0; i < BW_STEPS; i++) {
		ss = &bw_script[i];
		if (ss->forum && lg.thread == NULL)
			continue;
		at = steps[done].name = ss->name;
		bytes = step_key(ss, &len);
		if (i == 0) {
			if (bw_measure(&c, NULL, 0, ss->cond, &steps[done]) ==
			    -1)
				goto out;
		} else if (bytes == NULL) {
			steps[done].skipped = true;
			steps[done].why = "the terminal has no PgDn key";
		} else if (ss->sel != SEL_NONE) {
			if (bw_select(&c, ss, &steps[done]) == -1)
				goto out;
		} else if (bw_measure(&c, bytes, len, ss->cond, &steps[done]) ==
		    -1)
			goto out;
		done++;
	}
	ok = 1;
out:
	if (!ok)
		lg_error(0, "%s: %s", at, c.err);
	conn_close(&c);
	bw_print(steps, done, ok);
	return ok ? 0 : 1;
}

/* main runs the mode the command line asks for. */
int
main(int argc, char **argv)
{
	int	rc;

	parse_args(argc, argv);
	signal(SIGPIPE, SIG_IGN);
	raise_limits();
	if (ssh_init() != SSH_OK) {
		lg_note("ssh_init failed");
		return 1;
	}
	ssh_set_log_level(SSH_LOG_NOLOG);
	if ((lg.mode == MODE_ACTIVE || lg.mode == MODE_BANDWIDTH) &&
	    keys_load(lg.term) == -1)
		return 2;
	if (lg.mode == MODE_LOGINS)
		rc = run_logins();
	else if (lg.mode == MODE_BANDWIDTH)
		rc = run_bandwidth();
	else
		rc = run_sessions();
	ssh_finalize();
	free(lg.key_text);
	return rc;
}
