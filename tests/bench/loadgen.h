/*
 * loadgen.h: the benchmark's load generator, shared by its files in
 * tests/bench.
 *
 * The program opens many SSH sessions, reads what they show through a
 * libvterm screen, and measures the time and the bytes each screen takes.
 * Its command line and its READY and RESULT lines are a contract with
 * tests/bench/bench.py.
 */
#ifndef LOADGEN_H
#define LOADGEN_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libssh/libssh.h>
#include <vterm.h>

#define LG_READ_BUF	16384	/* bytes read from a channel at once */
#define LG_ERR_MAX	200	/* bytes of one error message */

enum lg_mode { MODE_IDLE, MODE_ACTIVE, MODE_LOGINS, MODE_BANDWIDTH };

/* The kinds of scripted step; each has its own latency and byte samples. */
enum lg_step {
	STEP_MENU_MOVE, STEP_OPEN_MENU, STEP_OPEN_LIST, STEP_PAGE, STEP_BACK,
	STEP_LIST_MOVE, STEP_OPEN_BOARDS, STEP_OPEN_BOARD, STEP_OPEN_THREAD,
	STEP_THREAD_SCROLL, STEP_THREAD_PAGE,
	STEP_COUNT
};

/* What a screen must show for a step to be over. */
enum lg_cond {
	COND_READY,	/* the --ready text anywhere */
	COND_MAIN,	/* the whole main menu */
	COND_STAFF,	/* the whole Staff administration menu */
	COND_LIST,	/* the whole accounts list */
	COND_MOVED,	/* the highlighted entry moved */
	COND_PAGED,	/* the list shows another page */
	COND_BOARDS,	/* the whole board list, with --board */
	COND_THREADS,	/* the whole thread list of --board */
	COND_THREAD,	/* the first page of --thread */
	COND_SCROLLED,	/* the thread view scrolled down */
	COND_THREAD_PAGE /* the thread view's second page */
};

/* The keys the script sends, as the server's terminfo expects them. */
enum lg_key { LGK_DOWN, LGK_UP, LGK_PGDN, LGK_ESC, LGK_COUNT };

struct lg_opts {
	const char		*host;
	int			 port;
	enum lg_mode		 mode;
	int			 sessions;
	int			 concurrency;
	const char		*user;
	const char		*user_prefix;
	int			 users;
	const char		*password;
	const char		*key_file;
	char			*key_text;	/* the private key file */
	int			 cols;
	int			 rows;
	const char		*term;
	const char		*ready;
	const char		*board;		/* walk: the board to read */
	const char		*thread;	/* walk: its 20+ post thread */
	int			 think_ms;
	double			 duration;	/* seconds */
	double			 timeout;	/* seconds */
	struct sockaddr_storage	 addr;
	socklen_t		 addrlen;
};

/* A growable list of samples. */
struct samples {
	double	*v;
	size_t	 n;
	size_t	 cap;
};

/* A terminal screen fed with what the server sends. */
struct screen {
	VTerm		*vt;
	VTermScreen	*vs;
	int		 rows;
	int		 cols;
};

/* What a condition compares with: the screen when the key was sent. */
struct cond_state {
	int	 hl;		/* highlighted row, or -1 */
	char	*first;		/* text of the first list row */
	char	*body;		/* text between title and status lines */
	bool	 list_full;	/* the list filled its page */
};

/* One SSH connection, with its screen. */
struct conn {
	int		 fd;
	bool		 fd_given;	/* libssh owns (and closes) fd */
	ssh_session	 ssh;
	ssh_channel	 ch;
	struct screen	 scr;
	bool		 has_screen;
	double		 t_start;	/* ms: TCP connect started */
	double		 t_ready;	/* ms: the last condition met */
	char		*buf;		/* LG_READ_BUF bytes */
	char		 err[LG_ERR_MAX];
};

/* TCP_INFO counters of a connection's socket. */
struct tcp_count {
	uint64_t	bytes;
	uint32_t	packets;
};

extern struct lg_opts	lg;
extern const char	*step_names[STEP_COUNT];

/* loadgen.c */
double	now_ms(void);
void	lg_error(int session, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	lg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *lg_user(int session, char *buf, size_t len);

/* conn.c */
int	conn_open(struct conn *, const char *user, bool shell);
int	conn_wait(struct conn *, enum lg_cond, const struct cond_state *,
	    double deadline);
int	conn_quiet(struct conn *, int quiet_ms, double deadline);
int	conn_drain(struct conn *);
int	conn_hold(struct conn *, int stop_fd);
int	conn_send(struct conn *, const char *, size_t);
int	conn_tcp_count(struct conn *, struct tcp_count *);
void	conn_close(struct conn *);

/* screen.c */
int	screen_init(struct screen *, int rows, int cols);
void	screen_free(struct screen *);
void	screen_feed(struct screen *, const char *, size_t);
size_t	screen_reply(struct screen *, char *, size_t);
bool	screen_check(struct screen *, enum lg_cond,
	    const struct cond_state *);
void	screen_state(struct screen *, struct cond_state *);
bool	screen_hl_has(struct screen *, const char *);
void	cond_state_free(struct cond_state *);
uint32_t *screen_chars(struct screen *);
size_t	screen_diff(const uint32_t *, const uint32_t *, size_t);
void	screen_dump(struct screen *, FILE *);

/* keys.c */
int	keys_load(const char *term);
const char *key_bytes(enum lg_key);

/* stats.c */
void	samples_add(struct samples *, double);
void	samples_merge(struct samples *, const struct samples *);
void	samples_free(struct samples *);
void	json_string(FILE *, const char *);
void	json_stats(FILE *, const char *, struct samples *, int decimals);

#endif /* LOADGEN_H */
