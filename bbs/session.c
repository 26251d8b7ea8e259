/*
 * session.c: one SSH connection, in its own process.
 *
 * Key exchange, authentication and channel requests happen here.  The
 * "authenticated" flag is ours alone: it is set by our own successful
 * password or key check of an existing, active account (or the sign-up
 * user), never inferred from libssh's state or from message flow.  The UI
 * starts only after authentication, a session channel, a pty request and a
 * shell request, in that order.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "gateway.h"

#define SESSION_TICK_MS		250
#define SESSION_MAX_KEY_PROBES	20

volatile sig_atomic_t session_terminate;
static volatile sig_atomic_t session_in_kex;

/*
 * session_on_term marks that the listener wants every session to end.
 * Why the _exit: libssh's blocking key exchange retries on EINTR and never
 * sees the flag, so a peer that stalls it would hold the listener's
 * shutdown for its whole wait and then be SIGKILLed.  Before the key
 * exchange is done there is nothing to save or tell anyone.
 */
static void
session_on_term(int sig)
{
	(void)sig;
	if (session_in_kex)
		_exit(SESSION_EXIT_ERROR);
	session_terminate = 1;
}

/* session_harden limits what this process can become or leave behind. */
static void
session_harden(void)
{
	struct rlimit	rl = { 0, 0 };

	/* No core files: they would hold passwords and health data. */
	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* session_failure_pause adds a small random delay to every failure. */
static void
session_failure_pause(void)
{
	/* dropbear waits about 300 ms; randomised so it leaks nothing. */
	usleep(250000 + randombytes_uniform(100000));
}

/* session_open_db opens the database for authentication only. */
static struct db *
session_open_db(struct session *s)
{
	struct db	*db = NULL;
	char		*err = NULL;

	if (db_open(s->conf->database, false, &db, &err) != ST_OK) {
		log_warn("database: %s", err != NULL ? err : "cannot open");
		free(err);
		return NULL;
	}
	return db;
}

/* session_authenticated records a success and tells the listener. */
static void
session_authenticated(struct session *s, const char *user, int64_t id,
    const char *method)
{
	s->authenticated = true;
	s->account_id = id;
	s->method = method;
	snprintf(s->user, sizeof s->user, "%s", user);
	if (s->notify_fd != -1) {
		(void)write(s->notify_fd, "A", 1);
		close(s->notify_fd);
		s->notify_fd = -1;
	}
	log_info("auth ok: user=%s method=%s from %s", s->user, method,
	    s->source);
}

/* session_failed counts a failure and disconnects at the maximum. */
static int
session_failed(struct session *s, const char *user, const char *method)
{
	s->auth_failures++;
	log_info("auth failed: user=%.64s method=%s from %s", user, method,
	    s->source);
	session_failure_pause();
	if (s->auth_failures >= s->conf->max_auth_tries) {
		log_info("too many authentication failures from %s",
		    s->source);
		ssh_disconnect(s->ssh);
	}
	return SSH_AUTH_DENIED;
}

/* session_auth_password checks a password (libssh callback). */
static int
session_auth_password(ssh_session ssh, const char *user, const char *pw,
    void *userdata)
{
	struct session		*s = userdata;
	struct db		*db;
	enum auth_result	 r = AUTH_ERROR;
	int64_t			 id = 0;

	(void)ssh;
	if (s->authenticated || pw == NULL)
		return SSH_AUTH_DENIED;
	if ((db = session_open_db(s)) != NULL) {
		r = auth_password(db, s->conf, user, pw, s->source, &id);
		db_close(db);
	}
	/* libssh frees the password later; wipe it now. */
	sodium_memzero((char *)pw, strlen(pw));
	if (r == AUTH_OK) {
		session_authenticated(s, user, id, "password");
		return SSH_AUTH_SUCCESS;
	}
	return session_failed(s, user, "password");
}

/* session_key_fingerprint returns "SHA256:..." for a public key. */
static char *
session_key_fingerprint(ssh_key key)
{
	unsigned char	*hash = NULL;
	size_t		 hlen = 0;
	char		*fp, *copy;

	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) != SSH_OK)
		return NULL;
	fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	ssh_clean_pubkey_hash(&hash);
	if (fp == NULL)
		return NULL;
	copy = xstrdup(fp);
	ssh_string_free_char(fp);
	return copy;
}

/*
 * session_auth_pubkey answers key probes and signed key attempts.  A probe
 * (state NONE) succeeds only for a key registered to that account, unlike
 * the libssh example, which accepts every probe.
 */
static int
session_auth_pubkey(ssh_session ssh, const char *user, struct ssh_key_struct
    *key, char state, void *userdata)
{
	struct session		*s = userdata;
	struct db		*db;
	enum auth_result	 r = AUTH_ERROR;
	char			*fp;
	int64_t			 id = 0;
	bool			 signed_ok;

	(void)ssh;
	if (s->authenticated)
		return SSH_AUTH_DENIED;
	if (state == SSH_PUBLICKEY_STATE_NONE &&
	    ++s->key_probes > SESSION_MAX_KEY_PROBES)
		return session_failed(s, user, "publickey");
	if (state != SSH_PUBLICKEY_STATE_NONE &&
	    state != SSH_PUBLICKEY_STATE_VALID)
		return session_failed(s, user, "publickey");
	if ((fp = session_key_fingerprint(key)) == NULL)
		return SSH_AUTH_DENIED;
	signed_ok = state == SSH_PUBLICKEY_STATE_VALID;
	if ((db = session_open_db(s)) != NULL) {
		r = auth_pubkey(db, s->conf, user, fp, s->source, signed_ok,
		    &id);
		db_close(db);
	}
	free(fp);
	if (r != AUTH_OK)
		return signed_ok ? session_failed(s, user, "publickey") :
		    SSH_AUTH_DENIED;
	if (!signed_ok)
		return SSH_AUTH_SUCCESS;	/* "this key would do" */
	session_authenticated(s, user, id, "publickey");
	return SSH_AUTH_SUCCESS;
}

/* session_auth_none lets only the sign-up user in without a secret. */
static int
session_auth_none(ssh_session ssh, const char *user, void *userdata)
{
	struct session	*s = userdata;

	(void)ssh;
	if (s->authenticated || s->conf->signup_user == NULL ||
	    *s->conf->signup_user == '\0' ||
	    strcasecmp(user, s->conf->signup_user) != 0)
		return SSH_AUTH_DENIED;
	s->signup = true;
	session_authenticated(s, s->conf->signup_user, 0, "none (sign-up)");
	return SSH_AUTH_SUCCESS;
}

/* session_pty_request validates TERM and size; the UI is not started yet. */
static int
session_pty_request(ssh_session ssh, ssh_channel channel, const char *term,
    int cols, int rows, int pxw, int pxh, void *userdata)
{
	struct session	*s = userdata;

	(void)ssh;
	(void)channel;
	(void)pxw;
	(void)pxh;
	if (!s->authenticated || s->pty_requested || s->shell_requested)
		return -1;
	if (term == NULL || *term == '\0')
		term = "vt100";
	if (!pty_term_valid(term)) {
		log_info("refused TERM from %s", s->source);
		term = "vt100";
	}
	snprintf(s->term, sizeof s->term, "%s", term);
	s->cols = cols;
	s->rows = rows;
	pty_clamp(&s->cols, &s->rows);
	s->pty_requested = true;
	return 0;
}

/* session_shell_request starts the UI once everything is in order. */
static int
session_shell_request(ssh_session ssh, ssh_channel channel, void *userdata)
{
	struct session	*s = userdata;

	(void)ssh;
	(void)channel;
	if (!s->authenticated || s->shell_requested)
		return -1;
	s->shell_requested = true;
	if (!s->pty_requested)
		s->no_pty_shell = true;
	return 0;
}

/* session_window_change resizes the pty, which the UI sees as a resize. */
static int
session_window_change(ssh_session ssh, ssh_channel channel, int cols,
    int rows, int pxw, int pxh, void *userdata)
{
	(void)ssh;
	(void)channel;
	(void)pxw;
	(void)pxh;
	pty_resize(userdata, cols, rows);
	return 0;
}

/* session_data gives client keystrokes to the UI through the pty. */
static int
session_data(ssh_session ssh, ssh_channel channel, void *data, uint32_t len,
    int is_stderr, void *userdata)
{
	struct session	*s = userdata;
	ssize_t		 n;

	(void)ssh;
	(void)channel;
	(void)is_stderr;
	if (s->master == -1)
		return (int)len;	/* nothing runs yet: discard */
	n = write(s->master, data, len);
	if (n == -1)
		return (errno == EAGAIN || errno == EINTR) ? 0 : (int)len;
	return (int)n;
}

/* session_channel_open accepts the first session channel only. */
static ssh_channel
session_channel_open(ssh_session ssh, void *userdata)
{
	struct session	*s = userdata;

	if (!s->authenticated || s->channel != NULL)
		return NULL;
	if ((s->channel = ssh_channel_new(ssh)) == NULL)
		return NULL;
	/*
	 * Callbacks go on inside the open callback, so a pty-req sent right
	 * behind the open is not lost.  exec, subsystem (sftp), env, x11
	 * and agent requests have no callback: libssh refuses them.
	 */
	memset(&s->channel_cb, 0, sizeof s->channel_cb);
	s->channel_cb.userdata = s;
	s->channel_cb.channel_pty_request_function = session_pty_request;
	s->channel_cb.channel_shell_request_function = session_shell_request;
	s->channel_cb.channel_pty_window_change_function =
	    session_window_change;
	s->channel_cb.channel_data_function = session_data;
	ssh_callbacks_init(&s->channel_cb);
	ssh_set_channel_callbacks(s->channel, &s->channel_cb);
	return s->channel;
}

/* session_setup_callbacks installs the server callbacks before kex. */
static void
session_setup_callbacks(struct session *s)
{
	memset(&s->server_cb, 0, sizeof s->server_cb);
	s->server_cb.userdata = s;
	s->server_cb.auth_password_function = session_auth_password;
	s->server_cb.auth_pubkey_function = session_auth_pubkey;
	s->server_cb.auth_none_function = session_auth_none;
	s->server_cb.channel_open_request_session_function =
	    session_channel_open;
	ssh_callbacks_init(&s->server_cb);
	ssh_set_server_callbacks(s->ssh, &s->server_cb);
	ssh_set_auth_methods(s->ssh, SSH_AUTH_METHOD_PASSWORD |
	    SSH_AUTH_METHOD_PUBLICKEY);
}

/* session_wait_shell polls until a shell is requested or the end. */
static int
session_wait_shell(struct session *s)
{
	while (!s->shell_requested) {
		if (session_terminate)
			return -1;
		if (ssh_event_dopoll(s->event, SESSION_TICK_MS) == SSH_ERROR ||
		    !ssh_is_connected(s->ssh))
			return -1;
		if (!s->authenticated &&
		    s->auth_failures >= s->conf->max_auth_tries)
			return -1;
	}
	return 0;
}

/* session_no_terminal explains that a terminal is needed, then closes. */
static void
session_no_terminal(struct session *s)
{
	static const char msg[] = "Mirall needs a terminal. "
	    "Connect with: ssh -t\r\n";

	ssh_channel_write_stderr(s->channel, msg, sizeof msg - 1);
	s->ui_status = 1;
}

/*
 * session_socket sets the connection's socket options: TCP keepalive, so
 * the kernel finds dead peers for us, and no Nagle delay, so a screen
 * update written in more than one packet is not held back waiting for the
 * client's delayed ACK (as OpenSSH does for interactive sessions).
 */
static void
session_socket(int fd)
{
	int	on = 1, idle = 60, intvl = 15, cnt = 4;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);

	/* ssh_send_keepalive always reports success; TCP finds the dead. */
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
}

/* session_end_channel closes the channel when no UI ever ran. */
static void
session_end_channel(struct session *s)
{
	int	waited;

	if (s->channel == NULL || !ssh_channel_is_open(s->channel))
		return;
	ssh_channel_request_send_exit_status(s->channel, s->ui_status);
	ssh_channel_send_eof(s->channel);
	ssh_channel_close(s->channel);
	for (waited = 0; waited < 1000; waited += 50)
		if (ssh_event_dopoll(s->event, 50) == SSH_ERROR ||
		    !ssh_is_connected(s->ssh))
			break;
}

/*
 * session_run serves one accepted connection and returns the process exit
 * code.  The caller has forked; bind holds the host key already loaded.
 */
int
session_run(struct conf *conf, ssh_bind bind, int fd, const char *source,
    int notify_fd)
{
	struct session	 s;
	struct sigaction sa;
	int		 code = SESSION_EXIT_ERROR;

	memset(&s, 0, sizeof s);
	s.conf = conf;
	s.master = -1;
	s.notify_fd = notify_fd;
	s.started = time(NULL);
	snprintf(s.source, sizeof s.source, "%s", source);
	snprintf(s.user, sizeof s.user, "-");

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = session_on_term;
	session_in_kex = 1;
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);	/* the listener's reaper would steal it */
	signal(SIGALRM, SIG_DFL);	/* the grace time backstop kills us */
	session_harden();
	alarm(conf->login_grace_time);
	session_socket(fd);

	if ((s.ssh = ssh_new()) == NULL)
		goto out;
	if (ssh_bind_accept_fd(bind, s.ssh, fd) != SSH_OK) {
		log_warn("accept from %s: %s", source, ssh_get_error(bind));
		goto out;
	}
	ssh_bind_free(bind);	/* the session has its own copy of the key */
	bind = NULL;
	session_setup_callbacks(&s);
	/* Anything but SSH_OK is failure: SSH_AGAIN means a timeout. */
	if (ssh_handle_key_exchange(s.ssh) != SSH_OK) {
		log_info("key exchange with %s failed: %s", source,
		    ssh_get_error(s.ssh));
		goto out;
	}
	session_in_kex = 0;
	if ((s.event = ssh_event_new()) == NULL ||
	    ssh_event_add_session(s.event, s.ssh) != SSH_OK)
		goto out;
	if (session_wait_shell(&s) == -1)
		goto out;
	/* The grace time covers everything up to the shell request. */
	alarm(0);
	if (s.no_pty_shell)
		session_no_terminal(&s);
	else if (pty_start_ui(&s) == 0) {
		log_info("session start: user=%s term=%s size=%dx%d",
		    s.user, s.term, s.cols, s.rows);
		relay_run(&s);
	}
	code = SESSION_EXIT_OK;
out:
	if (!s.authenticated && s.auth_failures > 0)
		code = SESSION_EXIT_AUTHFAIL;
	if (s.event != NULL && s.master == -1)
		session_end_channel(&s);
	if (s.authenticated)
		log_info("session end: user=%s from %s duration=%llds", s.user,
		    s.source, (long long)(time(NULL) - s.started));
	if (s.event != NULL) {
		ssh_event_remove_session(s.event, s.ssh);
		ssh_event_free(s.event);
	}
	if (s.ssh != NULL) {
		ssh_disconnect(s.ssh);
		ssh_free(s.ssh);
	}
	if (bind != NULL)
		ssh_bind_free(bind);
	return code;
}
