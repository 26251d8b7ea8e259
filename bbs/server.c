/*
 * server.c: the listener.  It loads the host key once, accepts
 * connections, applies the connection limits and forks one session process
 * per connection.  It never opens the database.
 *
 * Limits, checked before forking:
 * - max_sessions: all connections at once, logged in or not;
 * - max_unauthenticated (and per source): connections still in key
 *   exchange or authentication, each of which may cost an argon2id check;
 * - a per-source penalty: a source whose connections keep ending in failed
 *   authentication is refused for a growing time that expires (OpenSSH's
 *   PerSourcePenalties are the model).
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gateway.h"

#define SERVER_TICK_MS		250
#define SERVER_STOP_WAIT	5	/* seconds children have to finish */
#define PENALTY_SLOTS		256
#define PENALTY_FREE_FAILS	3	/* failing connections before a penalty */
#define PENALTY_BASE		5	/* seconds, doubled per further failure */
#define PENALTY_MAX		900
#define PENALTY_FORGET		3600

struct child {
	pid_t	 pid;
	int	 notify;		/* read end: 'A' once authenticated */
	bool	 authenticated;
	char	 source[64];
};

struct penalty {
	char	 source[64];
	int	 failures;
	time_t	 until;
	time_t	 last;
};

static volatile sig_atomic_t	server_quit, server_hup, server_chld;
static struct child		*children;
static size_t			 nchildren;
static struct penalty		 penalties[PENALTY_SLOTS];

/* server_on_signal only sets flags; the main loop does the work. */
static void
server_on_signal(int sig)
{
	switch (sig) {
	case SIGTERM:
	case SIGINT:
		server_quit = 1;
		break;
	case SIGHUP:
		server_hup = 1;
		break;
	case SIGCHLD:
		server_chld = 1;
		break;
	}
}

/* server_signals installs the flag-setting handlers. */
static void
server_signals(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = server_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* server_host_key loads the ed25519 host key, creating it if absent. */
static ssh_key
server_host_key(const char *path)
{
	ssh_key		 key = NULL, pub = NULL;
	struct stat	 sb;
	unsigned char	*hash = NULL;
	size_t		 hlen;
	char		*fp;
	mode_t		 old;

	if (stat(path, &sb) == -1) {
		if (errno != ENOENT) {
			log_warn("%s: %s", path, strerror(errno));
			return NULL;
		}
		if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK) {
			log_warn("cannot generate a host key");
			return NULL;
		}
		old = umask(077);
		if (ssh_pki_export_privkey_file(key, NULL, NULL, NULL, path) !=
		    SSH_OK) {
			umask(old);
			log_warn("%s: cannot write the host key", path);
			ssh_key_free(key);
			return NULL;
		}
		umask(old);
		chmod(path, 0600);
		log_info("created host key %s", path);
	} else {
		/* Like sshd: a key others can read is not a secret. */
		if ((sb.st_mode & 077) != 0) {
			log_warn("%s: host key is readable by others "
			    "(mode %04o); chmod 600 it", path,
			    (unsigned)(sb.st_mode & 07777));
			return NULL;
		}
		if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL,
		    &key) != SSH_OK) {
			log_warn("%s: cannot read the host key", path);
			return NULL;
		}
	}
	if (ssh_key_type(key) != SSH_KEYTYPE_ED25519) {
		log_warn("%s: host key must be ed25519", path);
		ssh_key_free(key);
		return NULL;
	}
	if (ssh_pki_export_privkey_to_pubkey(key, &pub) == SSH_OK &&
	    ssh_get_publickey_hash(pub, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) == SSH_OK) {
		fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash,
		    hlen);
		log_info("host key fingerprint: ED25519 %s", fp ? fp : "?");
		ssh_string_free_char(fp);
		ssh_clean_pubkey_hash(&hash);
	}
	ssh_key_free(pub);
	return key;
}

/* server_bind_option sets one option and reports a failure. */
static int
server_bind_option(ssh_bind bind, enum ssh_bind_options_e opt,
    const void *value, const char *what)
{
	if (ssh_bind_options_set(bind, opt, value) != SSH_OK) {
		log_warn("cannot set %s: %s", what, ssh_get_error(bind));
		return -1;
	}
	return 0;
}

/*
 * server_make_bind prepares the libssh bind: the host key and the modern
 * algorithms of the security spec.  The system's libssh server config is
 * not read, so no file on the machine can widen them.
 */
static ssh_bind
server_make_bind(struct conf *conf)
{
	ssh_bind	bind;
	ssh_key		key;
	bool		no = false;
	static const char *kex = "curve25519-sha256,curve25519-sha256@libssh.org";
	static const char *ciphers = "chacha20-poly1305@openssh.com,"
	    "aes256-gcm@openssh.com,aes128-gcm@openssh.com";
	static const char *macs = "hmac-sha2-256-etm@openssh.com,"
	    "hmac-sha2-512-etm@openssh.com";

	if ((bind = ssh_bind_new()) == NULL)
		return NULL;
	if (server_bind_option(bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &no,
	    "process config") == -1)
		goto fail;
	if ((key = server_host_key(conf->host_key)) == NULL)
		goto fail;
	/* The bind owns the key from here on. */
	if (server_bind_option(bind, SSH_BIND_OPTIONS_IMPORT_KEY, key,
	    "host key") == -1 ||
	    server_bind_option(bind, SSH_BIND_OPTIONS_HOSTKEY_ALGORITHMS,
	    "ssh-ed25519", "host key algorithms") == -1 ||
	    server_bind_option(bind, SSH_BIND_OPTIONS_KEY_EXCHANGE, kex,
	    "key exchange") == -1 ||
	    server_bind_option(bind, SSH_BIND_OPTIONS_CIPHERS_C_S, ciphers,
	    "ciphers") == -1 ||
	    server_bind_option(bind, SSH_BIND_OPTIONS_CIPHERS_S_C, ciphers,
	    "ciphers") == -1 ||
	    server_bind_option(bind, SSH_BIND_OPTIONS_HMAC_C_S, macs,
	    "MACs") == -1 ||
	    server_bind_option(bind, SSH_BIND_OPTIONS_HMAC_S_C, macs,
	    "MACs") == -1)
		goto fail;
	return bind;
fail:
	ssh_bind_free(bind);
	return NULL;
}

/* server_resolve looks up conf->listen_addr; NULL (logged) on failure. */
static struct addrinfo *
server_resolve(struct conf *conf)
{
	struct addrinfo	 hints, *res = NULL;
	char		 port[16];
	int		 rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	snprintf(port, sizeof port, "%d", conf->listen_port);
	if ((rc = getaddrinfo(conf->listen_addr, port, &hints, &res)) != 0) {
		log_warn("listen address %s: %s", conf->listen_addr,
		    gai_strerror(rc));
		return NULL;
	}
	return res;
}

/* server_listen opens the listening socket on conf->listen_addr. */
static int
server_listen(struct conf *conf)
{
	struct addrinfo	*res;
	int		 fd = -1, on = 1;

	if ((res = server_resolve(conf)) == NULL)
		return -1;
	fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0);
	if (fd == -1)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if (bind(fd, res->ai_addr, res->ai_addrlen) == -1 ||
	    listen(fd, 128) == -1)
		goto fail;
	freeaddrinfo(res);
	log_info("listening on %s port %d", conf->listen_addr,
	    conf->listen_port);
	return fd;
fail:
	log_warn("listen on %s port %d: %s", conf->listen_addr,
	    conf->listen_port, strerror(errno));
	if (fd != -1)
		close(fd);
	freeaddrinfo(res);
	return -1;
}

/* server_penalty finds (or makes) the penalty slot of a source. */
static struct penalty *
server_penalty(const char *source, bool create)
{
	struct penalty	*p, *oldest = &penalties[0];
	size_t		 i;

	for (i = 0; i < PENALTY_SLOTS; i++) {
		p = &penalties[i];
		if (strcmp(p->source, source) == 0)
			return p;
		if (p->last < oldest->last)
			oldest = p;
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof *oldest);
	snprintf(oldest->source, sizeof oldest->source, "%s", source);
	return oldest;
}

/* server_penalise notes a connection that ended in failed logins. */
static void
server_penalise(const char *source)
{
	struct penalty	*p;
	time_t		 now = time(NULL);
	int		 secs;

	p = server_penalty(source, true);
	if (now - p->last > PENALTY_FORGET)
		p->failures = 0;
	p->failures++;
	p->last = now;
	if (p->failures >= PENALTY_FREE_FAILS) {
		secs = PENALTY_BASE << (p->failures - PENALTY_FREE_FAILS < 8 ?
		    p->failures - PENALTY_FREE_FAILS : 8);
		if (secs > PENALTY_MAX)
			secs = PENALTY_MAX;
		p->until = now + secs;
		log_info("source %s penalised for %ds after repeated failed "
		    "logins", source, secs);
	}
}

/* server_reap collects exited session processes. */
static void
server_reap(void)
{
	pid_t	pid;
	int	status;
	size_t	i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < nchildren; i++)
			if (children[i].pid == pid)
				break;
		if (i == nchildren)
			continue;
		if (WIFEXITED(status) &&
		    WEXITSTATUS(status) == SESSION_EXIT_AUTHFAIL)
			server_penalise(children[i].source);
		if (children[i].notify != -1)
			close(children[i].notify);
		children[i] = children[--nchildren];
	}
}

/* server_read_notify marks children that have authenticated. */
static void
server_read_notify(struct pollfd *pfd, size_t n)
{
	struct penalty	*p;
	char		 c;
	size_t		 i, j;

	for (i = 0; i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		for (j = 0; j < nchildren; j++) {
			if (children[j].notify != pfd[i].fd)
				continue;
			if (read(pfd[i].fd, &c, 1) == 1 && c == 'A') {
				children[j].authenticated = true;
				if ((p = server_penalty(children[j].source,
				    false)) != NULL)
					p->failures = 0;
			}
			close(children[j].notify);
			children[j].notify = -1;
		}
	}
}

/* server_admit decides whether a new connection may proceed. */
static const char *
server_admit(struct conf *conf, const char *source)
{
	struct penalty	*p;
	size_t		 i;
	int		 unauth = 0, unauth_source = 0;

	if ((int)nchildren >= conf->max_sessions)
		return "too many sessions";
	for (i = 0; i < nchildren; i++) {
		if (children[i].authenticated)
			continue;
		unauth++;
		if (strcmp(children[i].source, source) == 0)
			unauth_source++;
	}
	if (unauth >= conf->max_unauthenticated)
		return "too many unauthenticated connections";
	if (unauth_source >= conf->max_unauthenticated_per_source)
		return "too many unauthenticated connections from this source";
	if ((p = server_penalty(source, false)) != NULL &&
	    p->until > time(NULL))
		return "source penalised for failed logins";
	return NULL;
}

/* server_source formats the peer's address. */
static void
server_source(struct sockaddr_storage *ss, char *buf, size_t len)
{
	if (getnameinfo((struct sockaddr *)ss, sizeof *ss, buf, len, NULL, 0,
	    NI_NUMERICHOST) != 0)
		snprintf(buf, len, "unknown");
}

/* server_spawn forks the session process for an accepted connection. */
static void
server_spawn(struct conf *conf, ssh_bind bind, int lfd, int fd,
    const char *source)
{
	int	pipefd[2];
	pid_t	pid;
	size_t	i;
	int	code;

	if (pipe2(pipefd, O_CLOEXEC) == -1) {
		log_warn("pipe: %s", strerror(errno));
		return;
	}
	switch ((pid = fork())) {
	case -1:
		log_warn("fork: %s", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return;
	case 0:
		close(lfd);
		close(pipefd[0]);
		for (i = 0; i < nchildren; i++)
			if (children[i].notify != -1)
				close(children[i].notify);
		code = session_run(conf, bind, fd, source, pipefd[1]);
		_exit(code);
	}
	close(pipefd[1]);
	children = xreallocarray(children, nchildren + 1, sizeof *children);
	children[nchildren].pid = pid;
	children[nchildren].notify = pipefd[0];
	children[nchildren].authenticated = false;
	snprintf(children[nchildren].source,
	    sizeof children[nchildren].source, "%s", source);
	nchildren++;
}

/* server_accept takes one pending connection, if any. */
static void
server_accept(struct conf *conf, ssh_bind bind, int lfd, bool *served)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof ss;
	const char		*why;
	char			 source[64];
	int			 fd;

	fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
	if (fd == -1) {
		if (errno == EMFILE || errno == ENFILE) {
			log_warn("accept: %s", strerror(errno));
			poll(NULL, 0, 100);	/* back off briefly */
		}
		return;
	}
	server_source(&ss, source, sizeof source);
	if ((why = server_admit(conf, source)) != NULL) {
		log_info("dropped connection from %s: %s", source, why);
		close(fd);
		return;
	}
	log_info("connection from %s", source);
	server_spawn(conf, bind, lfd, fd, source);
	close(fd);
	*served = true;
}

/* server_stop tells every session to end and waits a few seconds. */
static void
server_stop(void)
{
	time_t	deadline;
	size_t	i;

	log_info("shutting down: ending %zu session(s)", nchildren);
	for (i = 0; i < nchildren; i++)
		kill(children[i].pid, SIGTERM);
	deadline = time(NULL) + SERVER_STOP_WAIT;
	while (nchildren > 0 && time(NULL) < deadline) {
		poll(NULL, 0, 50);
		server_reap();
	}
	for (i = 0; i < nchildren; i++)
		kill(children[i].pid, SIGKILL);
	while (nchildren > 0 && waitpid(-1, NULL, 0) > 0)
		server_reap();
	server_reap();
}

/*
 * server_run serves until SIGTERM; with one set it serves a single
 * connection (for debugging) and returns when it ends.
 */
int
server_run(struct conf *conf, bool one)
{
	struct pollfd	*pfd = NULL;
	ssh_bind	 bind;
	size_t		 i, n;
	bool		 served = false;
	int		 lfd;

	server_signals();
	if ((bind = server_make_bind(conf)) == NULL)
		return 1;
	if ((lfd = server_listen(conf)) == -1) {
		ssh_bind_free(bind);
		return 1;
	}
	while (!server_quit) {
		if (server_hup) {
			server_hup = 0;
			log_reopen();
			log_info("log reopened");
		}
		server_chld = 0;
		server_reap();
		if (one && served && nchildren == 0)
			break;
		pfd = xreallocarray(pfd, nchildren + 1, sizeof *pfd);
		pfd[0].fd = (one && served) ? -1 : lfd;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		for (i = 0, n = 1; i < nchildren; i++) {
			if (children[i].notify == -1)
				continue;
			pfd[n].fd = children[i].notify;
			pfd[n].events = POLLIN;
			pfd[n++].revents = 0;
		}
		if (poll(pfd, n, SERVER_TICK_MS) <= 0)
			continue;
		server_read_notify(pfd + 1, n - 1);
		if (pfd[0].revents & POLLIN)
			server_accept(conf, bind, lfd, &served);
	}
	close(lfd);
	server_stop();
	free(pfd);
	free(children);
	ssh_bind_free(bind);
	log_info("stopped");
	return 0;
}

/*
 * server_check verifies what bbsd -t can without serving: the host key
 * (when it exists: created on first start otherwise), the listen address,
 * the database and its schema version, and the content bbsd and the UI
 * read.  Problems go to standard error; it returns 0 when all is well.
 */
int
server_check(struct conf *conf)
{
	struct addrinfo	*res;
	struct rules	 rules;
	struct db	*db = NULL;
	struct stat	 sb;
	ssh_key		 key;
	char		*err = NULL, *path = NULL;
	int		 bad = 0;

	if (stat(conf->host_key, &sb) == 0) {
		if ((key = server_host_key(conf->host_key)) == NULL)
			bad = 1;
		ssh_key_free(key);
	}
	if ((res = server_resolve(conf)) == NULL)
		bad = 1;
	else
		freeaddrinfo(res);
	if (access(conf->database, F_OK) == -1) {
		log_warn("%s: no database; run bbsctl init", conf->database);
		bad = 1;
	} else if (db_open(conf->database, false, &db, &err) != ST_OK) {
		log_warn("%s", err != NULL ? err : conf->database);
		bad = 1;
	}
	db_close(db);
	free(err);
	err = NULL;
	if (rules_load(conf, "en", &rules, &err) != ST_OK) {
		log_warn("%s", err != NULL ? err : "rules");
		bad = 1;
	}
	rules_clear(&rules);
	free(err);
	err = NULL;
	xasprintf(&path, "%s/passwords/blocklist.txt", conf->content_dir);
	if (password_blocklist_load(path, &err) != ST_OK) {
		log_warn("%s", err != NULL ? err : path);
		bad = 1;
	}
	free(path);
	free(err);
	return bad;
}
