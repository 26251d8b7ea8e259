/*
 * relay.c: bytes between the SSH channel and the pty master, window
 * changes, and the end of a session.
 *
 * Client data goes to the master as fast as the pty takes it (libssh keeps
 * what we do not take and stops reading the socket, which gives natural
 * flow control).  Master output is gathered and written to the channel in
 * one call, so a screen update leaves in as few packets as possible.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gateway.h"

#define RELAY_CHUNK		16384
#define RELAY_TICK_MS		250
#define RELAY_UI_GRACE		3	/* seconds the UI has to exit */
#define RELAY_CLOSE_WAIT_MS	2000
#define RELAY_GATHER_MS		2	/* quiet time that ends a screen update */

/* relay_send writes UI output to the client in one channel write. */
static void
relay_send(struct session *s, const char *buf, size_t len)
{
	if (s->channel != NULL && ssh_channel_is_open(s->channel))
		ssh_channel_write(s->channel, buf, (uint32_t)len);
}

/*
 * relay_pty_out copies what the UI wrote to the client.  The UI writes a
 * screen update in one write(), but the kernel may hand it over in pieces
 * (and a UI preempted mid-update writes late); reading on until the pty
 * stays quiet for RELAY_GATHER_MS sends the update as one SSH packet
 * instead of a trickle, which is what a slow link wants.
 */
static int
relay_pty_out(socket_t fd, int revents, void *userdata)
{
	struct session	*s = userdata;
	struct pollfd	 pfd;
	char		 buf[RELAY_CHUNK];
	size_t		 len = 0;
	ssize_t		 n;

	if ((revents & (POLLIN | POLLHUP | POLLERR)) == 0)
		return 0;
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (len < sizeof buf) {
		n = read(fd, buf + len, sizeof buf - len);
		if (n > 0) {
			len += (size_t)n;
			if (poll(&pfd, 1, RELAY_GATHER_MS) == 1 &&
			    (pfd.revents & POLLIN))
				continue;
			break;
		}
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			break;
		/* EIO or EOF: the UI closed its side of the pty. */
		if (len > 0)
			relay_send(s, buf, len);
		ssh_event_remove_fd(s->event, fd);
		return -1;
	}
	if (len > 0)
		relay_send(s, buf, len);
	return 0;
}

/* relay_drain sends what is left on the master once the UI has exited. */
static void
relay_drain(struct session *s)
{
	char	buf[RELAY_CHUNK];
	ssize_t	n;

	if (s->master == -1)
		return;
	while ((n = read(s->master, buf, sizeof buf)) > 0)
		relay_send(s, buf, (size_t)n);
}

/* relay_reap notes the UI's exit without blocking. */
static void
relay_reap(struct session *s)
{
	int	status;

	if (s->ui_exited || s->ui_pid <= 0)
		return;
	if (waitpid(s->ui_pid, &status, WNOHANG) == s->ui_pid) {
		s->ui_exited = true;
		s->ui_status = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
		if (WIFSIGNALED(status))
			log_warn("ui for %s ended by signal %d", s->user,
			    WTERMSIG(status));
	}
}

/* relay_stop_ui asks the UI to end, then insists. */
static void
relay_stop_ui(struct session *s, int sig)
{
	time_t	deadline;

	if (s->ui_exited)
		return;
	kill(s->ui_pid, sig);
	deadline = time(NULL) + RELAY_UI_GRACE;
	while (!s->ui_exited && time(NULL) < deadline) {
		if (s->client_gone)
			poll(NULL, 0, 50);
		else
			ssh_event_dopoll(s->event, 50);
		relay_reap(s);
	}
	if (!s->ui_exited) {
		kill(s->ui_pid, SIGKILL);
		waitpid(s->ui_pid, NULL, 0);
		s->ui_exited = true;
	}
}

/* relay_close ends the channel cleanly and waits briefly for the client. */
static void
relay_close(struct session *s)
{
	int	waited;

	if (s->client_gone || s->channel == NULL ||
	    !ssh_channel_is_open(s->channel))
		return;
	ssh_channel_request_send_exit_status(s->channel, s->ui_status);
	ssh_channel_send_eof(s->channel);
	ssh_channel_close(s->channel);
	for (waited = 0; waited < RELAY_CLOSE_WAIT_MS; waited += 50) {
		if (ssh_event_dopoll(s->event, 50) == SSH_ERROR ||
		    !ssh_is_connected(s->ssh))
			break;
	}
}

/*
 * relay_run relays until the UI exits, the client goes away, the session
 * limit passes or the listener asks everyone to leave.
 */
int
relay_run(struct session *s)
{
	time_t	limit;
	bool	terminating = false;

	if (ssh_event_add_fd(s->event, s->master, POLLIN, relay_pty_out,
	    s) != SSH_OK) {
		log_warn("cannot watch the pty");
		relay_stop_ui(s, SIGKILL);
		return -1;
	}
	/* A backstop: the UI itself ends idle and over-long sessions. */
	limit = s->started + s->conf->session_limit + 60;
	for (;;) {
		if (ssh_event_dopoll(s->event, RELAY_TICK_MS) == SSH_ERROR ||
		    !ssh_is_connected(s->ssh))
			s->client_gone = true;
		relay_reap(s);
		if (s->ui_exited || s->client_gone)
			break;
		if (s->channel == NULL || ssh_channel_is_closed(s->channel) ||
		    ssh_channel_is_eof(s->channel)) {
			s->client_gone = true;
			break;
		}
		if (session_terminate && !terminating) {
			/* The UI tells the user the service is going down. */
			terminating = true;
			kill(s->ui_pid, SIGTERM);
			limit = time(NULL) + RELAY_UI_GRACE;
		}
		if (time(NULL) >= limit)
			break;
	}
	if (!s->ui_exited)
		relay_stop_ui(s, s->client_gone ? SIGHUP : SIGTERM);
	relay_drain(s);
	ssh_event_remove_fd(s->event, s->master);
	relay_close(s);
	close(s->master);
	s->master = -1;
	return 0;
}
