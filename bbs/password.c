/*
 * password.c: password hashing and the password policy.
 *
 * The policy follows NIST SP 800-63B-4: a long minimum (15 by default,
 * never below 8), at least 64 allowed, every Unicode code point counts as
 * one, no composition rules and no truncation; instead, passwords are
 * checked against a blocklist of common and breached passwords, against
 * the words of their context (the pseudonym and the service's name) and
 * against trivial patterns, and the person is told why, kindly.
 *
 * Hashes are argon2id strings from libsodium at the configured limits;
 * they carry their own parameters, so older hashes still verify and are
 * replaced at the next login (password_needs_rehash).
 *
 * Copies of passwords made here are wiped before they are freed.  The
 * patterns, the blocklist and the dummy hash are per process state, made
 * once; sessions are processes, not threads.
 */
#include <sys/types.h>

#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <sodium.h>

#include "bbs.h"

/* NIST: 15 for a password as the only factor, and never fewer than 8. */
#define PASSWORD_DEFAULT_MIN	15
#define PASSWORD_FLOOR		8
#define PASSWORD_CONTEXT_MIN	3	/* shorter pseudonyms are not removed */
#define PASSWORD_SERVICE_WORD	MIRALL_NAME	/* matched in any case */

#define PASSWORD_MATCH_LIMIT	100000
#define PASSWORD_DEPTH_LIMIT	10000

/* One-time passwords: 4 groups of 5 from 32 symbols, 100 bits. */
#define OTP_ALPHABET		"abcdefghijkmnpqrstuvwxyz23456789"
#define OTP_GROUPS		4
#define OTP_GROUP_LEN		5
#define OTP_LEN			(OTP_GROUPS * (OTP_GROUP_LEN + 1) - 1)
#define OTP_MAX_TRIES		100

static pcre2_code		*password_re_control;
static pcre2_code		*password_re_repeat;
static pcre2_code		*password_re_service;
static pcre2_match_context	*password_mctx;

static char			**password_blocklist;
static size_t			  password_blocklist_len;

static char			  password_dummy_hash[crypto_pwhash_STRBYTES];
static bool			  password_dummy_ready;

/* password_sodium makes sure libsodium is initialised; it is idempotent. */
static void
password_sodium(void)
{
	if (sodium_init() < 0)
		fatalx("sodium_init failed");
}

/* password_compile compiles one of the fixed patterns, or dies. */
static pcre2_code *
password_compile(const char *pattern, uint32_t options)
{
	pcre2_code	*re;
	PCRE2_SIZE	 off;
	int		 error;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    options, &error, &off, NULL);
	if (re == NULL)
		fatalx("password pattern %s: error %d at %zu", pattern, error,
		    (size_t)off);
	return re;
}

/* password_patterns compiles the fixed patterns on first use. */
static void
password_patterns(void)
{
	if (password_mctx != NULL)
		return;

	/*
	 * PCRE2_UTF without PCRE2_NO_UTF_CHECK: matching checks that the
	 * whole subject is valid UTF-8 first, which is the validity test.
	 * \p{Cc} is C0, DEL and C1.
	 */
	password_re_control = password_compile("\\p{Cc}", PCRE2_UTF);

	/*
	 * One unit of one to four code points repeated to fill the whole
	 * password, in any case: "aaaa...", "abcABCabc...", "1212...".  The
	 * unit is bounded, so backtracking is at most four tries per start.
	 */
	password_re_repeat = password_compile("\\A(.{1,4})\\1+\\z",
	    PCRE2_UTF | PCRE2_DOTALL | PCRE2_CASELESS);

	password_re_service = password_compile(PASSWORD_SERVICE_WORD,
	    PCRE2_UTF | PCRE2_LITERAL | PCRE2_CASELESS);

	/* Limits, so no input can make a match run away. */
	if ((password_mctx = pcre2_match_context_create(NULL)) == NULL)
		fatalx("out of memory (pcre2 match context)");
	pcre2_set_match_limit(password_mctx, PASSWORD_MATCH_LIMIT);
	pcre2_set_depth_limit(password_mctx, PASSWORD_DEPTH_LIMIT);
}

/*
 * password_match runs re over s and returns 1 for a match, 0 for none, or
 * a negative PCRE2 error (invalid UTF-8, a limit reached).
 */
static int
password_match(const pcre2_code *re, const char *s)
{
	pcre2_match_data	*md;
	int			 rc;

	if ((md = pcre2_match_data_create_from_pattern(re, NULL)) == NULL)
		fatalx("out of memory (pcre2 match data)");
	rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md,
	    password_mctx);
	pcre2_match_data_free(md);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return rc;
	return 1;
}

/* password_wipe_free wipes and frees a copy of a password. */
static void
password_wipe_free(char *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}

/* password_ascii_lower folds one byte to ASCII lower case. */
static unsigned char
password_ascii_lower(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 'a';
	return c;
}

/* password_fold returns a copy of s with ASCII letters in lower case. */
static char *
password_fold(const char *s)
{
	char	*copy;
	size_t	 i;

	copy = xstrdup(s);
	for (i = 0; copy[i] != '\0'; i++)
		copy[i] = password_ascii_lower((unsigned char)copy[i]);
	return copy;
}

/* password_min returns the minimum length in force. */
static int
password_min(const struct conf *conf)
{
	int	min;

	min = conf != NULL ? conf->min_password_length : PASSWORD_DEFAULT_MIN;

	/*
	 * A missing or mistaken setting must not make one-character
	 * passwords acceptable: NIST's floor holds whatever the file says.
	 */
	if (min < PASSWORD_FLOOR)
		min = PASSWORD_FLOOR;
	return min;
}

/* password_text_ok tells whether pw is valid UTF-8 without controls. */
static bool
password_text_ok(const char *pw)
{
	password_patterns();

	/* Any error, a UTF-8 fault above all, refuses the text. */
	return password_match(password_re_control, pw) == 0;
}

/* password_cmp orders blocklist entries for qsort and bsearch. */
static int
password_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* password_blocklisted tells whether pw, folded, is on the blocklist. */
static bool
password_blocklisted(const char *pw)
{
	char	*key;
	bool	 found;

	if (password_blocklist_len == 0)
		return false;
	key = password_fold(pw);
	found = bsearch(&key, password_blocklist, password_blocklist_len,
	    sizeof *password_blocklist, password_cmp) != NULL;
	password_wipe_free(key);
	return found;
}

/*
 * password_remove deletes every match of re from buf in place.  It
 * returns false if PCRE2 failed.
 */
static bool
password_remove(const pcre2_code *re, char *buf)
{
	PCRE2_UCHAR	*out;
	PCRE2_SIZE	 outlen;
	size_t		 len;
	int		 rc;

	/* Removing only shortens: the output fits in the input's size. */
	len = strlen(buf);
	outlen = len + 1;
	out = xmalloc(outlen);
	rc = pcre2_substitute(re, (PCRE2_SPTR)buf, len, 0,
	    PCRE2_SUBSTITUTE_GLOBAL, NULL, password_mctx,
	    (PCRE2_SPTR)"", 0, out, &outlen);
	if (rc >= 0)
		memcpy(buf, out, outlen + 1);
	sodium_memzero(out, len + 1);
	free(out);
	return rc >= 0;
}

/*
 * password_context_left returns how many code points of pw remain once
 * every occurrence, in any case, of the pseudonym (if long enough) and of
 * the service's name is taken out.
 */
static size_t
password_context_left(const char *pw, const char *pseudonym)
{
	pcre2_code	*re = NULL;
	PCRE2_SIZE	 off;
	char		*buf;
	size_t		 left = 0;
	int		 error;

	buf = xstrdup(pw);
	if (pseudonym != NULL &&
	    text_codepoints(pseudonym) >= PASSWORD_CONTEXT_MIN) {
		/*
		 * A literal, caseless UTF pattern: Unicode case folding, so
		 * "NÚRIA" counts as "Núria".  An invalid pseudonym does not
		 * compile and is skipped: sign-up refuses it anyway.
		 */
		re = pcre2_compile((PCRE2_SPTR)pseudonym,
		    PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF | PCRE2_LITERAL | PCRE2_CASELESS, &error, &off,
		    NULL);
		if (re != NULL && !password_remove(re, buf))
			goto out;
	}
	if (!password_remove(password_re_service, buf))
		goto out;
	left = text_codepoints(buf);

out:
	/* On a PCRE2 failure nothing is left: refuse rather than guess. */
	pcre2_code_free(re);
	password_wipe_free(buf);
	return left;
}

/*
 * password_seq_step returns +1 or -1 when b follows or precedes a in a
 * straight run (digits wrap 9 to 0, letters z to a), or 0.
 */
static int
password_seq_step(unsigned char a, unsigned char b)
{
	if (b == a + 1 || (a == '9' && b == '0') || (a == 'z' && b == 'a'))
		return 1;
	if (b + 1 == a || (a == '0' && b == '9') || (a == 'a' && b == 'z'))
		return -1;
	return 0;
}

/*
 * password_sequential tells whether pw is one straight run of consecutive
 * ASCII characters, up or down, in any case: "abcdefghijklmnop",
 * "123456789012345", "zyxwvutsrqponmlk".
 */
static bool
password_sequential(const char *pw)
{
	const unsigned char	*p = (const unsigned char *)pw;
	unsigned char		 a, b;
	size_t			 i;
	int			 step = 0, d;

	if (p[0] == '\0' || p[1] == '\0')
		return false;
	for (i = 1; p[i] != '\0'; i++) {
		if (p[i - 1] >= 0x80 || p[i] >= 0x80)
			return false;
		a = password_ascii_lower(p[i - 1]);
		b = password_ascii_lower(p[i]);
		d = password_seq_step(a, b);
		if (d == 0 || (step != 0 && d != step))
			return false;
		step = d;
	}
	return true;
}

/* password_repetitive tells whether pw is a repeated unit or a run. */
static bool
password_repetitive(const char *pw)
{
	/*
	 * A PCRE2 error (a limit reached) counts as repetitive: refusing a
	 * password is safe, accepting an unchecked one is not.
	 */
	if (password_match(password_re_repeat, pw) != 0)
		return true;
	return password_sequential(pw);
}

/*
 * password_policy applies the rules after the text and the confirmation
 * were checked: length, blocklist, context, patterns.
 */
static enum pw_problem
password_policy(int min, const char *pw, const char *pseudonym)
{
	size_t	n;

	password_patterns();

	/* Every code point counts as one; nothing is ever truncated. */
	n = text_codepoints(pw);
	if (n < (size_t)min)
		return PW_TOO_SHORT;
	if (n > PASSWORD_MAX_CODEPOINTS)
		return PW_TOO_LONG;
	if (password_blocklisted(pw))
		return PW_BLOCKLISTED;
	if (password_context_left(pw, pseudonym) < (size_t)min)
		return PW_CONTEXT;
	if (password_repetitive(pw))
		return PW_REPETITIVE;
	return PW_OK;
}

/*
 * password_check tells whether pw may be set as a new password.  pw_again,
 * when not NULL, is the confirmation typed a second time; pseudonym, when
 * not NULL, is the account's.  The first problem found is returned.
 */
enum pw_problem
password_check(const struct conf *conf, const char *pw, const char *pw_again,
    const char *pseudonym)
{
	if (pw == NULL || !password_text_ok(pw))
		return PW_INVALID_TEXT;

	/* Both strings come from the person typing: no timing to hide. */
	if (pw_again != NULL && strcmp(pw, pw_again) != 0)
		return PW_MISMATCH;

	return password_policy(password_min(conf), pw, pseudonym);
}

/*
 * password_problem_text returns an allocated explanation of a problem in
 * the current language, for the person choosing a password.
 */
char *
password_problem_text(const struct conf *conf, enum pw_problem problem)
{
	char	*s;
	int	 n;

	switch (problem) {
	case PW_OK:
		return xstrdup(gettext("That password can be used."));
	case PW_TOO_SHORT:
		n = password_min(conf);
		xasprintf(&s, ngettext("Use at least %d character. A "
		    "passphrase of a few unrelated words is easy to remember "
		    "and hard to guess.", "Use at least %d characters. A "
		    "passphrase of a few unrelated words is easy to remember "
		    "and hard to guess.", n), n);
		return s;
	case PW_TOO_LONG:
		n = PASSWORD_MAX_CODEPOINTS;
		xasprintf(&s, ngettext("Use at most %d character.",
		    "Use at most %d characters.", n), n);
		return s;
	case PW_MISMATCH:
		return xstrdup(gettext("The two passwords do not match."));
	case PW_BLOCKLISTED:
		return xstrdup(gettext("That password appears in lists of "
		    "common or leaked passwords, so it would be easy to "
		    "guess. Please choose another."));
	case PW_CONTEXT:
		return xstrdup(gettext("Your password should not be mostly "
		    "your pseudonym or the name of the service."));
	case PW_REPETITIVE:
		return xstrdup(gettext("That password is a repeated pattern "
		    "or a simple sequence, so it would be easy to guess. A "
		    "few unrelated words work better."));
	case PW_INVALID_TEXT:
		return xstrdup(gettext("That password contains characters "
		    "that cannot be used, such as control characters. Please "
		    "type it again."));
	case PW_SAME_AS_OLD:
		return xstrdup(gettext("The new password must be different "
		    "from the current one."));
	}
	return xstrdup(gettext("That password cannot be used. Please choose "
	    "another."));
}

/* password_list_free frees a blocklist array. */
static void
password_list_free(char **list, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		free(list[i]);
	free(list);
}

/*
 * password_blocklist_load reads the blocklist at path, one password per
 * line, lines starting with '#' and blank lines skipped, and makes it the
 * list in force.  On failure the previous list stays, ST_IOERR is returned
 * and *err, when err is not NULL, is set to "PATH: reason" (allocated).
 */
int
password_blocklist_load(const char *path, char **err)
{
	FILE	 *f = NULL;
	char	 *line = NULL, **list = NULL;
	size_t	  cap = 0, len = 0, alloc = 0, i, j;
	ssize_t	  n;
	int	  st = ST_IOERR, e;

	if (err != NULL)
		*err = NULL;
	if (path == NULL) {
		e = EINVAL;
		goto fail;
	}
	if ((f = fopen(path, "r")) == NULL) {
		e = errno;
		goto fail;
	}
	while ((n = getline(&line, &cap, f)) != -1) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (len == alloc) {
			alloc = alloc == 0 ? 256 : alloc * 2;
			list = xreallocarray(list, alloc, sizeof *list);
		}

		/* Stored folded, so the match ignores ASCII case. */
		list[len++] = password_fold(line);
	}
	if (ferror(f)) {
		e = errno;
		goto fail;
	}

	qsort(list, len, sizeof *list, password_cmp);
	for (i = j = 0; i < len; i++) {
		if (j > 0 && strcmp(list[i], list[j - 1]) == 0)
			free(list[i]);
		else
			list[j++] = list[i];
	}
	len = j;

	password_list_free(password_blocklist, password_blocklist_len);
	password_blocklist = list;
	password_blocklist_len = len;
	list = NULL;
	len = 0;
	st = ST_OK;
	goto out;

fail:
	if (err != NULL)
		xasprintf(err, "%s: %s", path != NULL ? path : "(null)",
		    strerror(e));
out:
	password_list_free(list, len);
	free(line);
	if (f != NULL)
		fclose(f);
	return st;
}

/*
 * password_hash hashes pw with argon2id at the configured limits and sets
 * *out to the allocated hash string.  It returns ST_INVALID if libsodium
 * refused (limits out of range, out of memory).
 */
int
password_hash(const struct conf *conf, const char *pw, char **out)
{
	char	hash[crypto_pwhash_STRBYTES];

	*out = NULL;
	if (conf == NULL || pw == NULL)
		return ST_INVALID;
	password_sodium();
	if (crypto_pwhash_str(hash, pw, strlen(pw), conf->pwhash_opslimit,
	    conf->pwhash_memlimit) != 0)
		return ST_INVALID;
	*out = xstrdup(hash);
	return ST_OK;
}

/* password_verify tells whether pw matches the stored hash. */
bool
password_verify(const char *hash, const char *pw)
{
	if (hash == NULL || pw == NULL)
		return false;
	password_sodium();
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

/*
 * password_needs_rehash tells whether hash was made with other limits than
 * the configured ones (or is not a hash this build understands).
 */
bool
password_needs_rehash(const struct conf *conf, const char *hash)
{
	if (conf == NULL || hash == NULL)
		return true;
	password_sodium();
	return crypto_pwhash_str_needs_rehash(hash, conf->pwhash_opslimit,
	    conf->pwhash_memlimit) != 0;
}

/*
 * password_dummy_init hashes a random secret at the configured limits (at
 * libsodium's INTERACTIVE limits when conf is NULL or its limits are
 * refused) for password_dummy_verify.
 *
 * Why: a login for a pseudonym that does not exist must cost what a login
 * for one that does costs, or the time taken tells who is a member.  A
 * verify costs what the hash's own parameters say, so the dummy hash must
 * be made at the configured limits.  Call it in the parent before it forks
 * sessions, so no session pays for it during an authentication.
 */
void
password_dummy_init(const struct conf *conf)
{
	unsigned char	secret[32];
	int		rc = -1;

	password_sodium();

	/* Random: no password can ever verify against the dummy. */
	randombytes_buf(secret, sizeof secret);
	if (conf != NULL) {
		rc = crypto_pwhash_str(password_dummy_hash,
		    (const char *)secret, sizeof secret,
		    conf->pwhash_opslimit, conf->pwhash_memlimit);
	}
	if (rc != 0) {
		rc = crypto_pwhash_str(password_dummy_hash,
		    (const char *)secret, sizeof secret,
		    crypto_pwhash_OPSLIMIT_INTERACTIVE,
		    crypto_pwhash_MEMLIMIT_INTERACTIVE);
	}
	sodium_memzero(secret, sizeof secret);
	password_dummy_ready = rc == 0;
}

/*
 * password_dummy_verify verifies pw against the dummy hash and ignores
 * the result, for unknown pseudonyms.  Without password_dummy_init it
 * makes the hash on first use at the INTERACTIVE limits (the default).
 */
void
password_dummy_verify(const char *pw)
{
	int	rc;

	if (!password_dummy_ready)
		password_dummy_init(NULL);
	if (!password_dummy_ready)
		return;
	if (pw == NULL)
		pw = "";

	/* The answer is always no; only the time it takes matters. */
	rc = crypto_pwhash_str_verify(password_dummy_hash, pw, strlen(pw));
	(void)rc;
}

/*
 * password_generate_otp returns a new one-time password for an
 * administrator's reset: 20 symbols from an alphabet without look-alikes
 * (no 0, O, 1, l or I: lower case only, no o either), grouped
 * "xxxxx-xxxxx-xxxxx-xxxxx", allocated.  It passes the policy at any
 * minimum up to its 23 characters.
 */
char *
password_generate_otp(void)
{
	char	*otp;
	size_t	 i, j;
	int	 tries;

	password_sodium();
	otp = xmalloc(OTP_LEN + 1);
	for (tries = 0; tries < OTP_MAX_TRIES; tries++) {
		for (i = j = 0; i < OTP_GROUPS * OTP_GROUP_LEN; i++) {
			if (i > 0 && i % OTP_GROUP_LEN == 0)
				otp[j++] = '-';
			/* Uniform, no modulo bias: 100 bits in all. */
			otp[j++] = OTP_ALPHABET[randombytes_uniform(
			    sizeof OTP_ALPHABET - 1)];
		}
		otp[j] = '\0';

		/* The same rules as a chosen password (a blocklist hit). */
		if (password_policy(OTP_LEN, otp, NULL) == PW_OK)
			return otp;
	}
	fatalx("no one-time password passed the policy in %d tries",
	    OTP_MAX_TRIES);
}
