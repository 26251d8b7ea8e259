/*
 * pty.c: the pseudo-terminal and the UI process on it.
 *
 * Why a separate, exec'd UI process: the pty slave becomes its controlling
 * terminal, so a resize on the master reaches ncurses as KEY_RESIZE; a
 * crash there cannot touch the SSH session; and exec gives it a fresh
 * address space without the host key, libssh state or the heap that held
 * the password.
 */
#include <sys/ioctl.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <utmp.h>

#include "gateway.h"

/*
 * pty_term_valid accepts a TERM of [a-z0-9.+_-] under 64 characters: it
 * picks a terminfo file, so nothing that could walk a path gets through.
 */
bool
pty_term_valid(const char *term)
{
	size_t	i;

	if (term == NULL || *term == '\0' || strlen(term) >= TERM_MAX)
		return false;
	for (i = 0; term[i] != '\0'; i++) {
		if ((term[i] >= 'a' && term[i] <= 'z') ||
		    (term[i] >= '0' && term[i] <= '9') ||
		    strchr(".+_-", term[i]) != NULL)
			continue;
		return false;
	}
	return true;
}

/* pty_clamp makes a client's terminal size sane: 0 means 80x24. */
void
pty_clamp(int *cols, int *rows)
{
	if (*cols <= 0 || *rows <= 0) {
		*cols = 80;
		*rows = 24;
	}
	if (*cols > PTY_MAX_COLS)
		*cols = PTY_MAX_COLS;
	if (*rows > PTY_MAX_ROWS)
		*rows = PTY_MAX_ROWS;
}

/* pty_resize passes a window change to the UI through the pty. */
void
pty_resize(struct session *s, int cols, int rows)
{
	struct winsize	ws;

	pty_clamp(&cols, &rows);
	s->cols = cols;
	s->rows = rows;
	if (s->master == -1)
		return;
	memset(&ws, 0, sizeof ws);
	ws.ws_col = cols;
	ws.ws_row = rows;
	if (ioctl(s->master, TIOCSWINSZ, &ws) == -1)
		log_warn("TIOCSWINSZ: %s", strerror(errno));
}

/* Variables of the server's own environment the UI may inherit. */
static const char *pty_pass_env[] = {
	"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS",
};

/* pty_exec_ui runs in the child: it becomes the UI and never returns. */
static void __attribute__((noreturn))
pty_exec_ui(struct session *s, int slave)
{
	char	 idbuf[32], *argv[10], *envp[8], *value;
	char	*term = NULL;
	size_t	 i, envc = 0;
	int	 argc = 0;

	if (login_tty(slave) == -1)
		_exit(127);
	closefrom(STDERR_FILENO + 1);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGALRM, SIG_DFL);

	argv[argc++] = "bbs-ui";
	argv[argc++] = "-c";
	argv[argc++] = s->conf->path;
	argv[argc++] = "--from";
	argv[argc++] = s->source;
	if (s->signup)
		argv[argc++] = "--signup";
	else {
		snprintf(idbuf, sizeof idbuf, "%lld", (long long)s->account_id);
		argv[argc++] = "--account";
		argv[argc++] = idbuf;
	}
	argv[argc] = NULL;

	/*
	 * A fresh environment: nothing the client sent (LANG, LC_*, LINES,
	 * COLUMNS) reaches the UI, only the validated TERM.  The operator's
	 * sanitizer settings pass through, for the check-asan build.
	 */
	if (asprintf(&term, "TERM=%s", s->term) == -1)
		_exit(127);
	envp[envc++] = term;
	envp[envc++] = "LANG=C.UTF-8";
	envp[envc++] = "LC_ALL=C.UTF-8";
	envp[envc++] = "PATH=/usr/bin:/bin";
	for (i = 0; i < sizeof pty_pass_env / sizeof *pty_pass_env; i++) {
		if ((value = getenv(pty_pass_env[i])) == NULL)
			continue;
		if (asprintf(&envp[envc++], "%s=%s", pty_pass_env[i], value) ==
		    -1)
			_exit(127);
	}
	envp[envc] = NULL;
	execve(s->conf->ui_program, argv, envp);
	_exit(127);
}

/* pty_start_ui opens the pty at the requested size and forks the UI. */
int
pty_start_ui(struct session *s)
{
	struct winsize	ws;
	int		master, slave;
	pid_t		pid;

	memset(&ws, 0, sizeof ws);
	ws.ws_col = s->cols;
	ws.ws_row = s->rows;
	if (openpty(&master, &slave, NULL, NULL, &ws) == -1) {
		log_warn("openpty: %s", strerror(errno));
		return -1;
	}
	switch ((pid = fork())) {
	case -1:
		log_warn("fork: %s", strerror(errno));
		close(master);
		close(slave);
		return -1;
	case 0:
		close(master);
		pty_exec_ui(s, slave);
	}
	close(slave);
	if (fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK) == -1 ||
	    fcntl(master, F_SETFD, FD_CLOEXEC) == -1)
		log_warn("fcntl pty: %s", strerror(errno));
	s->master = master;
	s->ui_pid = pid;
	return 0;
}
