/*
 * fuzz_conf.c: a libFuzzer target for the configuration parser.
 *
 * Each input is written to one temporary file and loaded.  It must load or
 * fail with a message naming the file, never crash or leak.  The same
 * bytes also go to the duration and size parsers.
 */
#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../bbs/bbs.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	fuzz_path[] = "/tmp/fuzz_conf.XXXXXX";
static int	fuzz_fd = -1;

/* fuzz_check aborts with a message when a property does not hold. */
static void
fuzz_check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_conf: %s\n", what);
		abort();
	}
}

/* fuzz_cleanup removes the temporary file at exit. */
static void
fuzz_cleanup(void)
{
	unlink(fuzz_path);
}

/* LLVMFuzzerInitialize creates the temporary file. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_fd = mkstemp(fuzz_path);
	fuzz_check(fuzz_fd != -1, "mkstemp");
	atexit(fuzz_cleanup);
	return 0;
}

/* LLVMFuzzerTestOneInput runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf	*c;
	char		*err, *s;
	size_t		 bytes;
	int		 seconds;

	if (fuzz_fd == -1)
		LLVMFuzzerInitialize(NULL, NULL);
	fuzz_check(ftruncate(fuzz_fd, 0) == 0, "ftruncate");
	fuzz_check(pwrite(fuzz_fd, data, size, 0) == (ssize_t)size,
	    "pwrite");

	c = conf_load(fuzz_path, &err);
	if (c == NULL) {
		fuzz_check(err != NULL, "no error message");
		fuzz_check(strncmp(err, fuzz_path, strlen(fuzz_path)) == 0,
		    "error does not name the file");
		fuzz_check(strchr(err, '\n') == NULL &&
		    strchr(err, '\x1b') == NULL, "unescaped error");
		free(err);
	} else {
		fuzz_check(err == NULL, "error set on success");
		fuzz_check(c->listen_port >= 1 && c->listen_port <= 65535,
		    "port out of range");
		fuzz_check(c->database[0] == '/', "relative database path");
		fuzz_check(c->min_password_length >= 8 &&
		    c->min_password_length <= 64, "password length range");
		conf_free(c);
	}

	s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (conf_parse_duration(s, &seconds) == 0)
		fuzz_check(seconds >= 0 && seconds <= 365 * 86400,
		    "duration out of range");
	(void)conf_parse_size(s, &bytes);
	free(s);
	return 0;
}

#ifdef FUZZ_STANDALONE
/* main runs each file named, for compilers without libFuzzer. */
int
main(int argc, char **argv)
{
	FILE		*f;
	uint8_t		*buf;
	size_t		 len;
	int		 i;

	LLVMFuzzerInitialize(&argc, &argv);
	buf = xmalloc(1 << 20);
	for (i = 1; i < argc; i++) {
		if ((f = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			return 1;
		}
		len = fread(buf, 1, 1 << 20, f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
	}
	free(buf);
	return 0;
}
#endif
