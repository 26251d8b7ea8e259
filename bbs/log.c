/*
 * log.c: one log for every process, with non-printable bytes escaped.
 *
 * Each line is "2026-11-28T10:00:00Z progname[pid]: message", written with
 * a single write(2) to a file opened with O_APPEND, so lines from the
 * listener, sessions and UIs never interleave.  Messages carry text users
 * chose (pseudonyms, addresses, terminal names): every byte that is not
 * printable ASCII, and the backslash, is written as \xNN, so no message
 * can send a terminal sequence to whoever reads the log, fake a second
 * line, or be confused with an escape.
 *
 * Nothing here is safe in a signal handler: handlers set flags and the
 * main loop calls log_reopen on SIGHUP.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bbs.h"

#define LOG_MAX_MESSAGE	2048	/* bytes of escaped message per line */
#define LOG_MAX_NAME	64	/* bytes of escaped program name */
#define LOG_MAX_PREFIX	(32 + LOG_MAX_NAME + 32 + 16)

static int	 log_fdnum = STDERR_FILENO;
static char	*log_path;
static char	 log_name[LOG_MAX_NAME + 1] = "mirall";

/*
 * log_escape appends s to buf at offset o, writing every byte that is not
 * printable ASCII, and the backslash, as \xNN.  It writes at most max
 * bytes (buf has room for them), sets *cut when s did not fit, and returns
 * the new offset.
 */
static size_t
log_escape(char *buf, size_t o, const char *s, size_t max, bool *cut)
{
	const unsigned char	*u;
	size_t			 end;

	*cut = false;
	end = o + max;
	for (u = (const unsigned char *)s; *u != '\0'; u++) {
		if (*u < 0x20 || *u > 0x7e || *u == '\\') {
			if (o + 4 > end)
				break;
			snprintf(buf + o, 5, "\\x%02x", *u);
			o += 4;
		} else {
			if (o + 1 > end)
				break;
			buf[o++] = *u;
		}
	}
	*cut = (*u != '\0');
	return o;
}

/* log_open_file opens path for appending, or returns -1. */
static int
log_open_file(const char *path)
{
	/* Why 0600: log lines name accounts and addresses. */
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
}

/*
 * log_write writes one line.  A short write is finished rather than lost;
 * on a regular file opened with O_APPEND it happens only when the disk is
 * full.
 */
static void
log_write(const char *line, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(log_fdnum, line, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		line += n;
		len -= n;
	}
}

/* log_line formats and writes one line, its message after prefix. */
static void
log_line(const char *prefix, const char *fmt, va_list ap)
{
	char		 line[LOG_MAX_PREFIX + LOG_MAX_MESSAGE + 8];
	char		*msg;
	struct tm	 tm;
	time_t		 now;
	size_t		 o;
	bool		 cut;
	int		 saved;

	/* Why: callers may log and then report errno. */
	saved = errno;
	xvasprintf(&msg, fmt, ap);

	now = time(NULL);
	if (gmtime_r(&now, &tm) == NULL ||
	    (o = strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%SZ", &tm)) == 0)
		o = snprintf(line, sizeof line, "%lld", (long long)now);
	o += snprintf(line + o, LOG_MAX_PREFIX - o, " %s[%ld]: %s",
	    log_name, (long)getpid(), prefix);
	if (o >= LOG_MAX_PREFIX)	/* not reached: the prefix is sized */
		o = LOG_MAX_PREFIX - 1;
	o = log_escape(line, o, msg, LOG_MAX_MESSAGE, &cut);
	if (cut) {
		memcpy(line + o, "...", 3);
		o += 3;
	}
	line[o++] = '\n';
	log_write(line, o);

	free(msg);
	errno = saved;
}

/*
 * log_open sends the log to path, or to standard error when path is NULL
 * or empty, with lines named progname.  If path cannot be opened the log
 * stays on standard error and says why.
 */
void
log_open(const char *path, const char *progname)
{
	bool	cut;
	size_t	o;
	int	fd;

	if (progname != NULL) {
		o = log_escape(log_name, 0, progname, LOG_MAX_NAME, &cut);
		log_name[o] = '\0';
	}
	free(log_path);
	log_path = NULL;
	if (log_fdnum != STDERR_FILENO)
		close(log_fdnum);
	log_fdnum = STDERR_FILENO;
	if (path == NULL || *path == '\0')
		return;

	log_path = xstrdup(path);
	if ((fd = log_open_file(path)) == -1) {
		log_warn("cannot open log file %s: %s", path,
		    strerror(errno));
		return;
	}
	log_fdnum = fd;
}

/*
 * log_reopen opens the log file again, after it was rotated; the main
 * loop calls it when SIGHUP arrived.  On failure the old file is kept.
 */
void
log_reopen(void)
{
	int	fd;

	if (log_path == NULL)
		return;
	if ((fd = log_open_file(log_path)) == -1) {
		log_warn("cannot reopen log file %s: %s", log_path,
		    strerror(errno));
		return;
	}
	if (log_fdnum != STDERR_FILENO)
		close(log_fdnum);
	log_fdnum = fd;
}

/* log_info writes an informational line. */
void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_line("", fmt, ap);
	va_end(ap);
}

/* log_warn writes a line prefixed "warning: ". */
void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_line("warning: ", fmt, ap);
	va_end(ap);
}

/* log_fd returns the descriptor the log writes to. */
int
log_fd(void)
{
	return log_fdnum;
}
