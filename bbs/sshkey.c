/*
 * sshkey.c: public keys that account owners register for key login.
 *
 * A key is pasted as one authorized_keys line ("ssh-ed25519 AAAA...
 * comment").  libssh parses it, so only keys it can verify are stored,
 * with their OpenSSH-style SHA256 fingerprint, which is what the gateway
 * matches on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>
#include <sodium.h>

#include "bbs.h"

#define SSHKEY_LINE_MAX	16384
#define SSHKEY_COMMENT_MAX 64

/* sshkey_type_allowed accepts modern key types only (no DSA). */
static bool
sshkey_type_allowed(enum ssh_keytypes_e type)
{
	switch (type) {
	case SSH_KEYTYPE_ED25519:
	case SSH_KEYTYPE_ECDSA_P256:
	case SSH_KEYTYPE_ECDSA_P384:
	case SSH_KEYTYPE_ECDSA_P521:
	case SSH_KEYTYPE_RSA:
	case SSH_KEYTYPE_SK_ED25519:
	case SSH_KEYTYPE_SK_ECDSA:
		return true;
	default:
		return false;
	}
}

/*
 * sshkey_blob_is tells whether key, imported from b64 as type name, really
 * is what the line says.  libssh skips the blob's own type field, so
 * "ecdsa-sha2-nistp384" over a P-256 blob would be stored under the wrong
 * name, and it ignores bytes after the key.  The blob must name the same
 * type and be exactly what the key exports.
 */
static bool
sshkey_blob_is(ssh_key key, const char *name, const char *b64)
{
	unsigned char	*bin;
	char		*canon = NULL;
	size_t		 len, cap, n;
	bool		 ok = false;

	cap = strlen(b64) / 4 * 3 + 3;
	bin = xmalloc(cap);
	if (sodium_base642bin(bin, cap, b64, strlen(b64), NULL, &len, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || len < 4)
		goto out;
	n = (size_t)bin[0] << 24 | (size_t)bin[1] << 16 |
	    (size_t)bin[2] << 8 | bin[3];
	if (n != strlen(name) || n > len - 4 || memcmp(bin + 4, name, n) != 0)
		goto out;
	if (ssh_pki_export_pubkey_base64(key, &canon) != SSH_OK ||
	    strcmp(canon, b64) != 0)
		goto out;
	ok = true;
out:
	ssh_string_free_char(canon);
	free(bin);
	return ok;
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
	ssh_key		 key = NULL;
	unsigned char	*hash = NULL;
	size_t		 hlen, clen;
	char		*copy, *t, *b, *c, *save = NULL, *f;
	enum ssh_keytypes_e kt;
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
	kt = ssh_key_type_from_name(t);
	if (!sshkey_type_allowed(kt) ||
	    ssh_pki_import_pubkey_base64(b, kt, &key) != SSH_OK ||
	    !sshkey_blob_is(key, t, b)) {
		*why = xstrdup(_("That is not a public key Mirall can use. "
		    "Use an ed25519, ECDSA or RSA key (the .pub file)."));
		goto out;
	}
	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) != SSH_OK ||
	    (f = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash,
	    hlen)) == NULL) {
		*why = xstrdup(_("That key could not be read."));
		goto out;
	}
	*fp = xstrdup(f);
	ssh_string_free_char(f);
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
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(key);
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
