/*
 * test_seal.c: encryption at rest.  A sealed text opens only in its own
 * place (row, table, conversation, purpose) and only with its key; any
 * altered byte makes it fail, never garbage; rotation keeps old records
 * readable; the key file is created 0600, never replaced, and refused
 * when others may read it or when it is malformed (file and line named).
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "../../bbs/bbs.h"

static char	dir[64];
static char	*ring, *other;

static const char *const text = "Avui m'he sentit millor. ¿Y tú?";

/* place is row 7 of messages, conversation 3. */
static struct seal_place
place(void)
{
	return (struct seal_place){ SEAL_MESSAGES, "messages", 7, 3 };
}

/* write_file puts s in dir/name with mode, returning the path. */
static char *
write_file(const char *name, const char *s, mode_t mode)
{
	char	*path;
	FILE	*f;

	xasprintf(&path, "%s/%s", dir, name);
	(void)unlink(path);
	assert_non_null(f = fopen(path, "w"));
	fputs(s, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

/* expect_load_error loads path and expects st with err == want. */
static void
expect_load_error(const char *path, int st, const char *want)
{
	char	*err = NULL;

	assert_int_equal(seal_load(path, &err), st);
	assert_non_null(err);
	assert_non_null(strstr(err, want));
	free(err);
}

/* sealed seals text for where, which must succeed. */
static unsigned char *
sealed(const struct seal_place *where, size_t *len)
{
	unsigned char	*blob = NULL;

	assert_int_equal(seal_encrypt(where, text, strlen(text), &blob, len),
	    ST_OK);
	return blob;
}

/* opens tells what seal_decrypt gives for blob in where. */
static int
opens(const struct seal_place *where, const unsigned char *blob,
    size_t len)
{
	char	*plain = NULL;
	size_t	 n;
	int	 st;

	st = seal_decrypt(where, blob, len, &plain, &n);
	if (st == ST_OK) {
		assert_int_equal(n, strlen(text));
		assert_string_equal(plain, text);
	} else
		assert_null(plain);
	free(plain);
	return st;
}

/* The key file is made 0600, holds one key, and is never replaced. */
static void
test_create(void **state)
{
	struct stat	 sb;
	char		*err = NULL, *before, *after;

	(void)state;
	assert_int_equal(seal_create(ring, &err), ST_OK);
	assert_null(err);
	assert_int_equal(stat(ring, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	before = text_read_file(ring, 4096, &err);
	assert_non_null(before);
	assert_int_equal(seal_create(ring, &err), ST_EXISTS);
	assert_non_null(strstr(err, "already exists"));
	free(err);
	after = text_read_file(ring, 4096, &err);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_int_equal(seal_load(ring, &err), ST_OK);
	assert_int_equal(seal_current(), 1);
}

/* A round trip; the blob holds no plain text; an empty text seals too. */
static void
test_round_trip(void **state)
{
	struct seal_place	 w = place();
	unsigned char		*blob, *empty = NULL;
	char			*plain = NULL;
	size_t			 len, elen, n;

	(void)state;
	blob = sealed(&w, &len);
	assert_int_equal(len, strlen(text) + 1 + 4 + 24 + 16);
	assert_null(memmem(blob, len, "millor", 6));
	assert_int_equal(seal_key_of(blob, len), seal_current());
	assert_int_equal(opens(&w, blob, len), ST_OK);
	assert_int_equal(seal_encrypt(&w, "", 0, &empty, &elen), ST_OK);
	assert_int_equal(seal_decrypt(&w, empty, elen, &plain, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_string_equal(plain, "");
	free(plain);
	free(empty);
	free(blob);
}

/* Every altered byte, and every other place, fails to open. */
static void
test_tamper_and_move(void **state)
{
	struct seal_place	 w = place(), x;
	unsigned char		*blob;
	size_t			 len, i;
	int			 st;

	(void)state;
	blob = sealed(&w, &len);
	for (i = 0; i < len; i++) {
		blob[i] ^= 0x01;
		st = opens(&w, blob, len);
		assert_true(st == ST_INVALID || st == ST_NOTFOUND);
		blob[i] ^= 0x01;
	}
	assert_int_equal(opens(&w, blob, len - 1), ST_INVALID);
	assert_int_equal(opens(&w, blob, 10), ST_INVALID);
	x = w;
	x.row = 8;
	assert_int_equal(opens(&x, blob, len), ST_INVALID);
	x = w;
	x.conversation = 4;
	assert_int_equal(opens(&x, blob, len), ST_INVALID);
	x = w;
	x.table = "mirror_notes";
	assert_int_equal(opens(&x, blob, len), ST_INVALID);
	x = w;
	x.purpose = SEAL_MIRROR;
	assert_int_equal(opens(&x, blob, len), ST_INVALID);
	assert_int_equal(opens(&w, blob, len), ST_OK);
	free(blob);
}

/*
 * Rotation: a new key becomes current, old records still open; a ring
 * without the new key says so; another ring's key 1 does not open ours.
 */
static void
test_rotation(void **state)
{
	struct seal_place	 w = place();
	unsigned char		*old, *new;
	char			*err = NULL, *copy, *saved;
	size_t			 olen, nlen;
	uint32_t		 id = 0;

	(void)state;
	saved = text_read_file(ring, 4096, &err);
	assert_non_null(saved);
	old = sealed(&w, &olen);
	assert_int_equal(seal_key_of(old, olen), 1);
	assert_int_equal(seal_add_key(ring, &id, &err), ST_OK);
	assert_int_equal(id, 2);
	assert_int_equal(seal_current(), 2);
	new = sealed(&w, &nlen);
	assert_int_equal(seal_key_of(new, nlen), 2);
	assert_int_equal(opens(&w, old, olen), ST_OK);
	assert_int_equal(opens(&w, new, nlen), ST_OK);

	/* The ring as it was before rotation lacks key 2. */
	copy = write_file("before.keys", saved, 0600);
	assert_int_equal(seal_load(copy, &err), ST_OK);
	assert_int_equal(opens(&w, new, nlen), ST_NOTFOUND);
	assert_int_equal(opens(&w, old, olen), ST_OK);

	/* Another deployment's key 1 is a wrong key: it fails, cleanly. */
	(void)unlink(other);
	assert_int_equal(seal_create(other, &err), ST_OK);
	assert_int_equal(seal_load(other, &err), ST_OK);
	assert_int_equal(opens(&w, old, olen), ST_INVALID);

	assert_int_equal(seal_load(ring, &err), ST_OK);
	free(copy);
	free(saved);
	free(old);
	free(new);
}

/* Bad key files are refused, naming the file (and line); the ring stays. */
static void
test_bad_files(void **state)
{
	struct seal_place	 w = place();
	unsigned char		*blob;
	char			*p, *q, good[128], hex[65];
	size_t			 len;

	(void)state;
	assert_int_equal(seal_load(ring, &(char *){ NULL }), ST_OK);
	blob = sealed(&w, &len);
	memset(hex, 'a', 64);
	hex[64] = '\0';
	snprintf(good, sizeof good, "1 %s\n", hex);

	p = write_file("open.keys", good, 0644);
	expect_load_error(p, ST_INVALID, "chmod 600");
	free(p);
	p = write_file("open.keys", good, 0620);
	expect_load_error(p, ST_INVALID, "readable or writable by others");
	free(p);
	xasprintf(&q, "# note\n%s\n2 %.63s\n", good, hex);
	p = write_file("short.keys", q, 0600);
	expect_load_error(p, ST_INVALID, "short.keys:4: expected a key id "
	    "and 64 hex digits");
	free(p);
	free(q);
	xasprintf(&q, "%s2 %.63sg\n", good, hex);
	p = write_file("nothex.keys", q, 0600);
	expect_load_error(p, ST_INVALID, "nothex.keys:2:");
	free(p);
	free(q);
	xasprintf(&q, "%s1 %s\n", good, hex);
	p = write_file("twice.keys", q, 0600);
	expect_load_error(p, ST_INVALID, "twice.keys:2: key ids must "
	    "increase");
	free(p);
	free(q);
	p = write_file("empty.keys", "# nothing\n", 0600);
	expect_load_error(p, ST_INVALID, "no key in the file");
	free(p);
	xasprintf(&p, "%s/missing.keys", dir);
	expect_load_error(p, ST_IOERR, "No such file");
	free(p);

	/* None of that replaced the ring loaded before. */
	assert_int_equal(opens(&w, blob, len), ST_OK);
	free(blob);
}

/* No ring loaded: nothing is sealed, nothing opens. */
static void
test_no_ring(void **state)
{
	struct seal_place	 w = place();
	unsigned char		*blob = NULL, *b2;
	size_t			 len, l2;

	(void)state;
	b2 = sealed(&w, &l2);
	seal_unload();
	assert_int_equal(seal_current(), 0);
	assert_int_equal(seal_encrypt(&w, "x", 1, &blob, &len), ST_NOTFOUND);
	assert_null(blob);
	assert_int_equal(opens(&w, b2, l2), ST_NOTFOUND);
	free(b2);
	assert_int_equal(seal_load(ring, &(char *){ NULL }), ST_OK);
}

/* group_setup makes the directory for the key files. */
static int
group_setup(void **state)
{
	(void)state;
	if (sodium_init() == -1)
		return -1;
	snprintf(dir, sizeof dir, "/tmp/test_seal.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	xasprintf(&ring, "%s/message.keys", dir);
	xasprintf(&other, "%s/other.keys", dir);
	return 0;
}

/* group_teardown removes the directory and forgets the keys. */
static int
group_teardown(void **state)
{
	char	*cmd;

	(void)state;
	seal_unload();
	xasprintf(&cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
	free(ring);
	free(other);
	return 0;
}

int
main(void)
{
	/* In order: the first creates the ring the others use. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_tamper_and_move),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_no_ring),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
