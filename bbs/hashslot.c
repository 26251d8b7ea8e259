/*
 * hashslot.c: at most max_concurrent_hashes argon2id computations at once,
 * across all session and UI processes.
 *
 * Why: each check takes its whole memory cost (64 MiB at the interactive
 * setting), so thirty logins at once would want two gigabytes.  A slot is
 * a byte-range lock on a small file beside the database: the kernel drops
 * it when the process ends, so a crash can never leak a slot.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "bbs.h"

#define HASHSLOT_RETRY_MS	20
#define HASHSLOT_MAX_WAIT_MS	30000

/* hashslot_try locks one slot byte without waiting. */
static bool
hashslot_try(int fd, int slot)
{
	struct flock	fl;

	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = slot;
	fl.l_len = 1;
	return fcntl(fd, F_SETLK, &fl) == 0;
}

/*
 * hashslot_acquire waits for a free slot and returns a handle for
 * hashslot_release, or -1 when the lock file cannot be used (the caller
 * then goes ahead: refusing every login would be worse).
 */
static int
hashslot_acquire(const struct conf *conf)
{
	char	*path = NULL;
	int	 fd, slot, first, waited, n;

	n = conf->max_concurrent_hashes > 0 ? conf->max_concurrent_hashes : 1;
	xasprintf(&path, "%s.hashlock", conf->database);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (fd == -1)
		return -1;
	first = (int)randombytes_uniform((uint32_t)n);
	for (waited = 0; waited < HASHSLOT_MAX_WAIT_MS;
	    waited += HASHSLOT_RETRY_MS) {
		for (slot = 0; slot < n; slot++)
			if (hashslot_try(fd, (first + slot) % n))
				return fd;
		poll(NULL, 0, HASHSLOT_RETRY_MS);
	}
	close(fd);
	return -1;
}

/* hashslot_release frees the slot (closing drops the lock). */
static void
hashslot_release(int fd)
{
	if (fd != -1)
		close(fd);
}

/* hashslot_hash hashes a password at the configured cost, within the cap. */
int
hashslot_hash(const struct conf *conf, const char *pw, char **out)
{
	int	slot, st;

	slot = hashslot_acquire(conf);
	st = password_hash(conf, pw, out);
	hashslot_release(slot);
	return st;
}

/*
 * hashslot_verify checks pw against hash within the cap.  A NULL hash (an
 * unknown account) is checked against the dummy hash, at the same cost,
 * and never matches.
 */
bool
hashslot_verify(const struct conf *conf, const char *hash, const char *pw)
{
	bool	ok = false;
	int	slot;

	slot = hashslot_acquire(conf);
	if (hash == NULL)
		password_dummy_verify(pw);
	else
		ok = password_verify(hash, pw);
	hashslot_release(slot);
	return ok;
}
