/*
 * sshkey.c: public keys that account owners register for key login.
 *
 * A key is pasted as one authorized_keys line ("ssh-ed25519 AAAA...
 * comment").  Its blob is checked here, field by field, against the SSH
 * wire format of its named type (RFC 4253, 5656, 8709 and OpenSSH's
 * security-key types), and stored with its OpenSSH-style SHA256
 * fingerprint, which is what the gateway matches on.  The gateway verifies
 * the signature with libssh at login; parsing here without libssh keeps
 * libssh and libcrypto out of the UI process, which halves what each
 * session costs in memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bbs.h"

#define SSHKEY_LINE_MAX	16384
#define SSHKEY_COMMENT_MAX 64
#define SSHKEY_RSA_MIN_BITS 2048

/* A cursor over a decoded key blob. */
struct sshkey_buf {
	const unsigned char	*p;
	size_t			 left;
};

/* sshkey_string reads one length-prefixed string; false if it overruns. */
static bool
sshkey_string(struct sshkey_buf *b, const unsigned char **s, size_t *len)
{
	size_t	n;

	if (b->left < 4)
		return false;
	n = (size_t)b->p[0] << 24 | (size_t)b->p[1] << 16 |
	    (size_t)b->p[2] << 8 | b->p[3];
	if (n > b->left - 4)
		return false;
	*s = b->p + 4;
	*len = n;
	b->p += 4 + n;
	b->left -= 4 + n;
	return true;
}

/* sshkey_expect reads a string that must equal want. */
static bool
sshkey_expect(struct sshkey_buf *b, const char *want)
{
	const unsigned char	*s;
	size_t			 len;

	return sshkey_string(b, &s, &len) && len == strlen(want) &&
	    memcmp(s, want, len) == 0;
}

/* sshkey_sized reads a string of exactly len bytes (0x04 first if point). */
static bool
sshkey_sized(struct sshkey_buf *b, size_t want, bool point)
{
	const unsigned char	*s;
	size_t			 len;

	return sshkey_string(b, &s, &len) && len == want &&
	    (!point || s[0] == 0x04);
}

/* sshkey_mpint_bits reads a positive mpint and returns its bit length. */
static size_t
sshkey_mpint_bits(struct sshkey_buf *b)
{
	const unsigned char	*s;
	size_t			 len, bits;
	unsigned char		 top;

	if (!sshkey_string(b, &s, &len) || len == 0 || (s[0] & 0x80))
		return 0;
	if (s[0] == 0) {
		/* A leading zero only where the next byte has its top bit. */
		if (len == 1 || !(s[1] & 0x80))
			return 0;
		s++;
		len--;
	}
	for (bits = len * 8, top = s[0]; !(top & 0x80); top <<= 1)
		bits--;
	return bits;
}

/*
 * sshkey_blob_valid checks that blob is a complete key of type name,
 * with nothing after it.  Modern types only: no DSA.
 */
static bool
sshkey_blob_valid(const char *name, const unsigned char *blob, size_t len)
{
	static const struct {
		const char	*type;
		const char	*curve;		/* NULL: ed25519 */
		size_t		 size;		/* key or point bytes */
		bool		 sk;		/* FIDO: an application follows */
	} kinds[] = {
		{ "ssh-ed25519", NULL, 32, false },
		{ "ecdsa-sha2-nistp256", "nistp256", 65, false },
		{ "ecdsa-sha2-nistp384", "nistp384", 97, false },
		{ "ecdsa-sha2-nistp521", "nistp521", 133, false },
		{ "sk-ssh-ed25519@openssh.com", NULL, 32, true },
		{ "sk-ecdsa-sha2-nistp256@openssh.com", "nistp256", 65, true },
	};
	struct sshkey_buf	 b = { blob, len };
	const unsigned char	*s;
	size_t			 i, n, ebits, nbits;

	if (!sshkey_expect(&b, name))
		return false;
	if (strcmp(name, "ssh-rsa") == 0) {
		ebits = sshkey_mpint_bits(&b);	/* the exponent, then n */
		nbits = sshkey_mpint_bits(&b);
		return ebits >= 2 && nbits >= SSHKEY_RSA_MIN_BITS &&
		    b.left == 0;
	}
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strcmp(name, kinds[i].type) != 0)
			continue;
		if (kinds[i].curve != NULL && !sshkey_expect(&b, kinds[i].curve))
			return false;
		if (!sshkey_sized(&b, kinds[i].size, kinds[i].curve != NULL))
			return false;
		if (kinds[i].sk && (!sshkey_string(&b, &s, &n) || n == 0))
			return false;
		return b.left == 0;
	}
	return false;
}

/* sshkey_fingerprint is "SHA256:" and the unpadded base64 of the digest. */
static char *
sshkey_fingerprint(const unsigned char *blob, size_t len)
{
	unsigned char	md[crypto_hash_sha256_BYTES];
	char		b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
			    sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
	char		*fp;

	crypto_hash_sha256(md, blob, len);
	sodium_bin2base64(b64, sizeof b64, md, sizeof md,
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	xasprintf(&fp, "SHA256:%s", b64);
	return fp;
}

/*
 * sshkey_decode decodes canonical base64 (as ssh-keygen writes it) into a
 * new buffer; anything else is refused, so one key has one stored form.
 */
static unsigned char *
sshkey_decode(const char *b64, size_t *len)
{
	unsigned char	*bin;
	char		*again;
	size_t		 cap, n;

	cap = strlen(b64) / 4 * 3 + 3;
	bin = xmalloc(cap);
	if (sodium_base642bin(bin, cap, b64, strlen(b64), NULL, &n, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || n == 0) {
		free(bin);
		return NULL;
	}
	again = xmalloc(sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_ORIGINAL));
	sodium_bin2base64(again, sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_ORIGINAL), bin, n,
	    sodium_base64_VARIANT_ORIGINAL);
	if (strcmp(again, b64) != 0) {
		free(again);
		free(bin);
		return NULL;
	}
	free(again);
	*len = n;
	return bin;
}

/*
 * sshkey_parse splits and checks one authorized_keys line.  On success the
 * type, base64 blob, sanitised comment and fingerprint are allocated for
 * the caller; on failure *why says what is wrong.
 */
int
sshkey_parse(const char *line, char **type, char **blob, char **comment,
    char **fp, char **why)
{
	unsigned char	*bin = NULL;
	size_t		 binlen, clen;
	char		*copy, *t, *b, *c, *save = NULL;
	int		 st = ST_INVALID;

	*type = *blob = *comment = *fp = *why = NULL;
	if (strlen(line) > SSHKEY_LINE_MAX) {
		*why = xstrdup(_("That key is too long."));
		return ST_INVALID;
	}
	copy = xstrdup(line);
	t = strtok_r(copy, " \t\r\n", &save);
	b = strtok_r(NULL, " \t\r\n", &save);
	c = strtok_r(NULL, "\r\n", &save);
	if (t == NULL || b == NULL) {
		*why = xstrdup(_("Paste the whole public key line, such as "
		    "the contents of ~/.ssh/id_ed25519.pub."));
		goto out;
	}
	if ((bin = sshkey_decode(b, &binlen)) == NULL ||
	    !sshkey_blob_valid(t, bin, binlen)) {
		*why = xstrdup(_("That is not a public key Mirall can use. "
		    "Use an ed25519, ECDSA or RSA key (the .pub file)."));
		goto out;
	}
	*fp = sshkey_fingerprint(bin, binlen);
	*type = xstrdup(t);
	*blob = xstrdup(b);
	if (c != NULL)
		c += strspn(c, " \t");
	*comment = text_sanitise(c != NULL ? c : "", false);
	clen = strlen(*comment);
	while (clen > 0 && (*comment)[clen - 1] == ' ')
		clen--;
	(*comment)[clen] = '\0';
	(*comment)[text_cut(*comment, SSHKEY_COMMENT_MAX)] = '\0';
	st = ST_OK;
out:
	free(bin);
	free(copy);
	return st;
}

/* sshkey_allowed: keys are the owner's own settings. */
static bool
sshkey_allowed(const struct actor *actor)
{
	struct target	t = TARGET_NONE;

	t.owner_id = actor->id;
	return !actor->operator && role_may(actor, ACT_OWN_SETTINGS, &t);
}

/* sshkey_add registers a pasted key for the actor's own account. */
int
sshkey_add(struct db *db, const struct actor *actor, const char *line,
    char **why)
{
	struct pubkey	**list = NULL;
	size_t		  n = 0;
	char		 *type, *blob, *comment, *fp;
	int64_t		  id;
	int		  st;

	*why = NULL;
	if (!sshkey_allowed(actor))
		return ST_DENIED;
	if ((st = sshkey_parse(line, &type, &blob, &comment, &fp, why)) !=
	    ST_OK)
		return st;
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = keys_list(db, actor->id, &list, &n)) == ST_OK &&
	    n >= SSHKEY_MAX_PER_ACCOUNT) {
		xasprintf(why, ngettext("You can register up to %d key. "
		    "Remove one first.", "You can register up to %d keys. "
		    "Remove one first.", SSHKEY_MAX_PER_ACCOUNT),
		    SSHKEY_MAX_PER_ACCOUNT);
		st = ST_INVALID;
	}
	if (st == ST_OK && (st = keys_add(db, actor->id, type, blob, fp,
	    comment, &id)) == ST_EXISTS)
		*why = xstrdup(_("That key is already registered."));
	if (st == ST_OK)
		st = audit_record(db, actor, "key.add", "ssh_key", id, NULL,
		    fp, true);
	if (st != ST_OK) {
		db_rollback(db);
		goto out;
	}
	st = db_commit(db);
out:
	keys_free_list(list, n);
	free(type);
	free(blob);
	free(comment);
	free(fp);
	return st;
}

/* sshkey_remove removes one of the actor's own keys (id and owner). */
int
sshkey_remove(struct db *db, const struct actor *actor, int64_t id)
{
	int	st;

	if (!sshkey_allowed(actor))
		return ST_DENIED;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = keys_remove(db, actor->id, id)) != ST_OK ||
	    (st = audit_record(db, actor, "key.remove", "ssh_key", id, NULL,
	    NULL, true)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/* sshkey_list lists the actor's own keys. */
int
sshkey_list(struct db *db, const struct actor *actor, struct pubkey ***out,
    size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!sshkey_allowed(actor))
		return ST_DENIED;
	return keys_list(db, actor->id, out, n);
}
