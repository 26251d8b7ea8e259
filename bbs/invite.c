/*
 * invite.c: invite codes.
 *
 * A code is 12 characters from a 32-letter alphabet without look-alikes
 * (no 0/O, 1/I), 60 random bits, shown as XXXX-XXXX-XXXX so it can be
 * read over the phone.  Only its hash is stored.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bbs.h"

#define INVITE_ALPHABET		"ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#define INVITE_CHARS		12
#define INVITE_MIN_EXPIRY	3600
#define INVITE_HASH_OPS		2
#define INVITE_HASH_MEM		(16 * 1024 * 1024)

/*
 * invite_code_normalise turns what a person typed into the canonical 12
 * characters: case and dashes or spaces do not matter.
 */
bool
invite_code_normalise(const char *in, char *out, size_t len)
{
	size_t	n = 0;
	int	c;

	if (len < INVITE_CHARS + 1)
		return false;
	for (; *in != '\0'; in++) {
		if (*in == '-' || *in == ' ')
			continue;
		c = toupper((unsigned char)*in);
		if (c == '\0' || strchr(INVITE_ALPHABET, c) == NULL ||
		    n == INVITE_CHARS)
			return false;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n == INVITE_CHARS;
}

/*
 * invite_code_hash hashes the normalised code (garbage hashes too) with
 * argon2id at a fixed salt, so it can be looked up.  Why slow: the list
 * shows four characters of each code, leaving 40 unknown bits; a fast
 * hash would let anyone holding a copy of the database find a live code
 * in hours, while at tens of milliseconds a guess it takes millennia.
 */
void
invite_code_hash(const char *code, char *hex, size_t len)
{
	static const unsigned char salt[crypto_pwhash_SALTBYTES] =
	    "mirall-invite-01";
	unsigned char	md[32];
	char		norm[INVITE_CHARS + 1];

	if (!invite_code_normalise(code, norm, sizeof norm))
		snprintf(norm, sizeof norm, "-");	/* matches nothing */
	if (crypto_pwhash(md, sizeof md, norm, strlen(norm), salt,
	    INVITE_HASH_OPS, INVITE_HASH_MEM, crypto_pwhash_ALG_ARGON2ID13) !=
	    0)
		fatalx("out of memory hashing an invite code");
	sodium_bin2hex(hex, len, md, sizeof md);
}

/* invite_generate makes a fresh random code, formatted with dashes. */
static void
invite_generate(char code[INVITE_CODE_LEN + 1])
{
	size_t	i, o = 0;

	for (i = 0; i < INVITE_CHARS; i++) {
		if (i > 0 && i % 4 == 0)
			code[o++] = '-';
		code[o++] = INVITE_ALPHABET[randombytes_uniform(32)];
	}
	code[o] = '\0';
}

/*
 * invite_create makes an invite giving role, valid for expires seconds,
 * and writes its code (shown once, never stored) into code.
 */
int
invite_create(struct db *db, const struct actor *actor, int role,
    int expires, char code[INVITE_CODE_LEN + 1], int64_t *id)
{
	struct target	t = TARGET_NONE;
	char		hash[2 * 32 + 1], detail[64];
	int		st;

	t.role = role;
	if (role < 0 || role >= ROLE_COUNT)
		return ST_INVALID;
	if (!role_may(actor, ACT_INVITE_CREATE, &t))
		return ST_DENIED;
	if (expires < INVITE_MIN_EXPIRY || expires > INVITE_MAX_EXPIRY)
		return ST_INVALID;
	invite_generate(code);
	invite_code_hash(code, hash, sizeof hash);
	snprintf(detail, sizeof detail, "role %s, valid %d h", role_name(role),
	    expires / 3600);
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = invites_create(db, hash, (char[5]){ code[0], code[1],
	    code[2], code[3], '\0' }, role, actor->operator ? 0 : actor->id,
	    db_now() + expires, id)) != ST_OK ||
	    (st = audit_record(db, actor, "invite.create", "invite", *id, NULL,
	    detail, true)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/*
 * invite_list returns the invites the actor may see: all for an admin or
 * the operator, their own for a professional.
 */
int
invite_list(struct db *db, const struct actor *actor, struct invite ***out,
    size_t *n)
{
	struct target	t = TARGET_NONE;

	*out = NULL;
	*n = 0;
	if (actor->operator || actor->role == ROLE_ADMIN)
		return invites_list(db, -1, out, n);
	t.role = ROLE_PATIENT;
	if (!role_may(actor, ACT_INVITE_CREATE, &t))
		return ST_DENIED;
	return invites_list(db, actor->id, out, n);
}
