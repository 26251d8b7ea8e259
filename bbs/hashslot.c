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
int
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
void
hashslot_release(int fd)
{
	if (fd != -1)
		close(fd);
}
