/*
 * conn.c: one SSH connection over a socket of our own, so that its
 * TCP_INFO counters can be read; libssh runs in blocking mode, in the
 * thread that owns the connection.
 *
 * Once ssh_connect has been called libssh owns the socket and closes it,
 * so nothing here closes it again: another thread may already have been
 * given the same descriptor number.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
/* glibc's struct tcp_info lacks tcpi_bytes_received. */
#include <linux/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loadgen.h"

#define CONN_DUMPS	3	/* screens shown for conditions never met */

static const char	*cond_names[] = {
	"the ready text", "the main menu", "the Staff administration menu",
	"the accounts list", "the highlight to move", "the next page",
	"the board list", "the thread list", "the thread's first page",
	"the thread to scroll", "the thread's second page"
};
static int		 conn_dumps;

/* conn_fail records why the connection failed and returns -1. */
static int __attribute__((format(printf, 2, 3)))
conn_fail(struct conn *c, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof c->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* conn_tcp connects the socket, within the timeout. */
static int
conn_tcp(struct conn *c)
{
	struct pollfd	pfd;
	socklen_t	len;
	int		one = 1, err = 0, rc, flags;

	c->fd = socket(lg.addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0);
	if (c->fd == -1)
		return conn_fail(c, "socket: %m");
	if (connect(c->fd, (struct sockaddr *)&lg.addr, lg.addrlen) == -1) {
		if (errno != EINPROGRESS)
			return conn_fail(c, "connect: %m");
		pfd.fd = c->fd;
		pfd.events = POLLOUT;
		do
			rc = poll(&pfd, 1, (int)(lg.timeout * 1000));
		while (rc == -1 && errno == EINTR);
		if (rc == -1)
			return conn_fail(c, "poll: %m");
		if (rc == 0)
			return conn_fail(c, "connect: timed out");
		len = sizeof err;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
			err = errno;
		if (err != 0) {
			errno = err;
			return conn_fail(c, "connect: %m");
		}
	}
	if ((flags = fcntl(c->fd, F_GETFL)) == -1 ||
	    fcntl(c->fd, F_SETFL, flags & ~O_NONBLOCK) == -1)
		return conn_fail(c, "fcntl: %m");
	/* As OpenSSH does for an interactive session: keys leave at once. */
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return 0;
}

/* conn_options configures the session: no config files, no host check. */
static int
conn_options(struct conn *c, const char *user)
{
	unsigned int	port = (unsigned int)lg.port;
	long		timeout = (long)(lg.timeout + 0.999);
	int		verbosity = SSH_LOG_NOLOG;
	bool		config = false;

	if (ssh_options_set(c->ssh, SSH_OPTIONS_HOST, lg.host) != 0 ||
	    ssh_options_set(c->ssh, SSH_OPTIONS_PORT, &port) != 0 ||
	    ssh_options_set(c->ssh, SSH_OPTIONS_USER, user) != 0 ||
	    ssh_options_set(c->ssh, SSH_OPTIONS_TIMEOUT, &timeout) != 0 ||
	    ssh_options_set(c->ssh, SSH_OPTIONS_LOG_VERBOSITY,
	    &verbosity) != 0 ||
	    ssh_options_set(c->ssh, SSH_OPTIONS_PROCESS_CONFIG, &config) != 0 ||
	    ssh_options_set(c->ssh, SSH_OPTIONS_KNOWNHOSTS, "/dev/null") != 0 ||
	    ssh_options_set(c->ssh, SSH_OPTIONS_GLOBAL_KNOWNHOSTS,
	    "/dev/null") != 0)
		return conn_fail(c, "ssh options: %s", ssh_get_error(c->ssh));
	/* Last, so that libssh is given the socket only if it connects. */
	if (ssh_options_set(c->ssh, SSH_OPTIONS_FD, &c->fd) != 0)
		return conn_fail(c, "ssh options: %s", ssh_get_error(c->ssh));
	return 0;
}

/* conn_auth authenticates with the key or the password. */
static int
conn_auth(struct conn *c)
{
	ssh_key	key = NULL;
	int	rc;

	if (lg.key_text != NULL) {
		/* Imported per session: cheap, and nothing shared to race. */
		if (ssh_pki_import_privkey_base64(lg.key_text, NULL, NULL,
		    NULL, &key) != SSH_OK)
			return conn_fail(c, "cannot import the key");
		rc = ssh_userauth_publickey(c->ssh, NULL, key);
		ssh_key_free(key);
	} else
		rc = ssh_userauth_password(c->ssh, NULL, lg.password);
	if (rc == SSH_AUTH_SUCCESS)
		return 0;
	if (rc == SSH_AUTH_DENIED || rc == SSH_AUTH_PARTIAL)
		return conn_fail(c, "authentication denied");
	return conn_fail(c, "authentication: %s", ssh_get_error(c->ssh));
}

/* conn_shell opens a session channel with a pty and a shell. */
static int
conn_shell(struct conn *c)
{
	if ((c->ch = ssh_channel_new(c->ssh)) == NULL)
		return conn_fail(c, "ssh_channel_new failed");
	if (ssh_channel_open_session(c->ch) != SSH_OK)
		return conn_fail(c, "channel: %s", ssh_get_error(c->ssh));
	if (ssh_channel_request_pty_size(c->ch, lg.term, lg.cols,
	    lg.rows) != SSH_OK)
		return conn_fail(c, "pty request: %s", ssh_get_error(c->ssh));
	if (ssh_channel_request_shell(c->ch) != SSH_OK)
		return conn_fail(c, "shell request: %s",
		    ssh_get_error(c->ssh));
	if (screen_init(&c->scr, lg.rows, lg.cols) == -1)
		return conn_fail(c, "vterm_new failed");
	c->has_screen = true;
	return 0;
}

/*
 * conn_open connects, authenticates as user and, when shell is set, opens
 * a pty and a shell.  c->t_start is when the TCP connect started and
 * c->t_ready when authentication succeeded.  On failure c->err says why;
 * the caller always calls conn_close.
 */
int
conn_open(struct conn *c, const char *user, bool shell)
{
	memset(c, 0, sizeof *c);
	c->fd = -1;
	if ((c->buf = malloc(LG_READ_BUF)) == NULL)
		return conn_fail(c, "out of memory");
	c->t_start = now_ms();
	if (conn_tcp(c) == -1)
		return -1;
	if ((c->ssh = ssh_new()) == NULL)
		return conn_fail(c, "ssh_new failed");
	if (conn_options(c, user) == -1)
		return -1;
	c->fd_given = true;
	if (ssh_connect(c->ssh) != SSH_OK)
		return conn_fail(c, "handshake: %s", ssh_get_error(c->ssh));
	if (conn_auth(c) == -1)
		return -1;
	c->t_ready = now_ms();
	if (shell && conn_shell(c) == -1)
		return -1;
	return 0;
}

/* conn_take feeds what was read to the screen and answers its queries. */
static void
conn_take(struct conn *c, int n)
{
	char	reply[256];
	size_t	len;

	screen_feed(&c->scr, c->buf, (size_t)n);
	while ((len = screen_reply(&c->scr, reply, sizeof reply)) > 0)
		ssh_channel_write(c->ch, reply, (uint32_t)len);
}

/* conn_gone tells why a read found nothing more to come. */
static int
conn_gone(struct conn *c, int n)
{
	if (n == SSH_ERROR && ssh_get_error_code(c->ssh) != SSH_NO_ERROR)
		return conn_fail(c, "read: %s", ssh_get_error(c->ssh));
	return conn_fail(c, "the server closed the session");
}

/*
 * conn_read waits up to timeout_ms for output and feeds it to the
 * screen; it returns the bytes read, 0 on a timeout, -1 on an error.
 */
static int
conn_read(struct conn *c, int timeout_ms)
{
	int	n;

	n = ssh_channel_read_timeout(c->ch, c->buf, LG_READ_BUF, 0,
	    timeout_ms);
	if (n < 0)
		return conn_gone(c, n);
	if (n == 0) {
		if (ssh_channel_is_eof(c->ch) || ssh_channel_is_closed(c->ch))
			return conn_gone(c, n);
		return 0;
	}
	conn_take(c, n);
	return n;
}

/*
 * conn_wait reads until the screen meets cond, or until deadline (ms);
 * c->t_ready is when the condition became true, right after the bytes
 * that made it so were processed.
 */
int
conn_wait(struct conn *c, enum lg_cond cond, const struct cond_state *st,
    double deadline)
{
	double	left;
	int	dump;

	for (;;) {
		if (screen_check(&c->scr, cond, st)) {
			c->t_ready = now_ms();
			return 0;
		}
		if ((left = deadline - now_ms()) <= 0)
			break;
		if (conn_read(c, left > 1000 ? 1000 : (int)left + 1) == -1)
			return -1;
	}
	dump = __atomic_fetch_add(&conn_dumps, 1, __ATOMIC_RELAXED);
	if (dump < CONN_DUMPS) {
		flockfile(stderr);
		fprintf(stderr, "loadgen: never saw %s; the screen:\n",
		    cond_names[cond]);
		screen_dump(&c->scr, stderr);
		funlockfile(stderr);
	}
	return conn_fail(c, "timed out waiting for %s", cond_names[cond]);
}

/*
 * conn_quiet reads until no byte has come for quiet_ms, so that late bytes
 * are counted with the step that caused them; a stream that never stops
 * is cut at deadline.
 */
int
conn_quiet(struct conn *c, int quiet_ms, double deadline)
{
	int	n;

	for (;;) {
		if ((n = conn_read(c, quiet_ms)) == -1)
			return -1;
		if (n == 0 || now_ms() >= deadline)
			return 0;
	}
}

/* conn_drain feeds whatever output has already arrived, without waiting. */
int
conn_drain(struct conn *c)
{
	int	n;

	for (;;) {
		n = ssh_channel_read_nonblocking(c->ch, c->buf, LG_READ_BUF, 0);
		if (n < 0)
			return conn_gone(c, n);
		if (n == 0) {
			if (ssh_channel_is_eof(c->ch) ||
			    ssh_channel_is_closed(c->ch))
				return conn_gone(c, n);
			return 0;
		}
		conn_take(c, n);
	}
}

/*
 * conn_hold keeps the session open, reading what comes so the server never
 * blocks, until stop_fd becomes readable (or hangs up); it sleeps in poll
 * between outputs, so a thousand held sessions cost no CPU.  Returns 0
 * when stopped, -1 when the session ended first.
 */
int
conn_hold(struct conn *c, int stop_fd)
{
	struct pollfd	pfd[2];
	int		rc;

	for (;;) {
		if (conn_drain(c) == -1)
			return -1;
		pfd[0].fd = c->fd;
		pfd[0].events = POLLIN;
		pfd[1].fd = stop_fd;
		pfd[1].events = POLLIN;
		do
			rc = poll(pfd, 2, -1);
		while (rc == -1 && errno == EINTR);
		if (rc == -1)
			return conn_fail(c, "poll: %m");
		if (pfd[1].revents != 0)
			return 0;
	}
}

/* conn_send writes bytes to the channel. */
int
conn_send(struct conn *c, const char *buf, size_t len)
{
	if (ssh_channel_write(c->ch, buf, (uint32_t)len) != (int)len)
		return conn_fail(c, "write: %s", ssh_get_error(c->ssh));
	return 0;
}

/* conn_tcp_count reads the bytes and segments received on the socket. */
int
conn_tcp_count(struct conn *c, struct tcp_count *tc)
{
	struct tcp_info	ti;
	socklen_t	len = sizeof ti;

	memset(tc, 0, sizeof *tc);
	/* libssh closes the socket on a fatal error: the number is reused. */
	if (c->fd == -1 || (c->fd_given && ssh_get_fd(c->ssh) != c->fd))
		return -1;
	memset(&ti, 0, sizeof ti);
	if (getsockopt(c->fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == -1 ||
	    len < offsetof(struct tcp_info, tcpi_segs_in) +
	    sizeof ti.tcpi_segs_in)
		return -1;
	tc->bytes = ti.tcpi_bytes_received;
	tc->packets = ti.tcpi_segs_in;
	return 0;
}

/* conn_close ends the session politely and frees everything. */
void
conn_close(struct conn *c)
{
	if (c->ch != NULL)
		ssh_channel_free(c->ch);
	c->ch = NULL;
	if (c->ssh != NULL) {
		ssh_disconnect(c->ssh);
		ssh_free(c->ssh);
	}
	c->ssh = NULL;
	if (!c->fd_given && c->fd != -1)
		close(c->fd);
	c->fd = -1;
	if (c->has_screen)
		screen_free(&c->scr);
	c->has_screen = false;
	free(c->buf);
	c->buf = NULL;
}
