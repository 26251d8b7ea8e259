/*
 * gateway.h: shared by the files of the SSH gateway (bbsd only):
 * server.c (listener), session.c (one connection), relay.c (pty relay),
 * pty.c (starting the UI).  Not part of bbs.h: nothing else needs it.
 */
#ifndef GATEWAY_H
#define GATEWAY_H

#include <sys/types.h>

#include <signal.h>
#include <stdbool.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "bbs.h"

/* Session process exit codes the listener reads. */
#define SESSION_EXIT_OK		0
#define SESSION_EXIT_ERROR	1
#define SESSION_EXIT_AUTHFAIL	3	/* only failed authentication */

#define TERM_MAX	64
#define PTY_MAX_COLS	500
#define PTY_MAX_ROWS	300

/* One connection's state, owned by the session process. */
struct session {
	struct conf	*conf;
	ssh_session	 ssh;
	ssh_event	 event;
	ssh_channel	 channel;
	struct ssh_server_callbacks_struct	server_cb;
	struct ssh_channel_callbacks_struct	channel_cb;
	char		 source[64];
	int		 notify_fd;	/* tells the listener "authenticated" */

	/* Authentication: set only by our own checks, never by libssh. */
	bool		 authenticated;
	bool		 signup;
	int64_t		 account_id;
	char		 user[64];
	const char	*method;
	int		 auth_failures;
	int		 key_probes;

	/* Channel requests, in the order the spec allows. */
	bool		 pty_requested;
	bool		 shell_requested;
	bool		 no_pty_shell;
	char		 term[TERM_MAX];
	int		 cols, rows;

	/* The UI process and the pty relay. */
	pid_t		 ui_pid;
	int		 master;
	bool		 ui_exited;
	int		 ui_status;
	bool		 client_gone;
	time_t		 started;
};

/* server.c */
int	 server_run(struct conf *, bool);
int	 server_check(struct conf *);

/* session.c */
int	 session_run(struct conf *, ssh_bind, int, const char *, int);
extern volatile sig_atomic_t session_terminate;

/* relay.c */
int	 relay_run(struct session *);

/* pty.c */
bool	 pty_term_valid(const char *);
void	 pty_clamp(int *, int *);
int	 pty_start_ui(struct session *);
void	 pty_resize(struct session *, int, int);

#endif
