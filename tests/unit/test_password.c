/*
 * test_password.c: the password policy, hashing and one-time passwords.
 *
 * The tests run in order: the first ones run before any blocklist is
 * loaded, to show that the other rules hold without one.  Hashes use
 * small limits (one pass, 8 MiB) so the suite stays quick.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"

#define MIN_LEN		15
#define SMALL_MEM	(8U * 1024 * 1024)

static struct conf	conf;
static char		tmpdir[] = "/tmp/test_password.XXXXXX";

/* conf_small fills conf with the policy defaults and cheap hash limits. */
static void
conf_small(struct conf *c, int min)
{
	memset(c, 0, sizeof *c);
	c->min_password_length = min;
	c->pwhash_opslimit = 1;
	c->pwhash_memlimit = SMALL_MEM;
}

/* check runs password_check with the test conf, no confirmation. */
static enum pw_problem
check(const char *pw, const char *pseudonym)
{
	return password_check(&conf, pw, NULL, pseudonym);
}

/*
 * make_pw returns n code points cycling through seven different ones of
 * unit bytes each (unit 1, 2, 3 or 4), so the result is no pattern.
 */
static char *
make_pw(size_t n, int unit)
{
	static const char	*sets[5][7] = {
		{ NULL },
		{ "q", "7", "x", "k", "#", "m", "2" },
		{ "ñ", "á", "é", "í", "ó", "ú", "ç" },
		{ "€", "→", "★", "ẞ", "☂", "ℓ", "♫" },
		{ "😀", "🌍", "🎉", "🚀", "🌈", "🍀", "🐢" },
	};
	char			*pw, *p;
	size_t			 i;

	pw = p = xmalloc(n * unit + 1);
	for (i = 0; i < n; i++) {
		assert_int_equal(strlen(sets[unit][i % 7]), unit);
		memcpy(p, sets[unit][i % 7], unit);
		p += unit;
	}
	*p = '\0';
	return pw;
}

/* repeat returns s repeated n times. */
static char *
repeat(const char *s, size_t n)
{
	char	*out;
	size_t	 len, i;

	len = strlen(s);
	out = xmalloc(len * n + 1);
	for (i = 0; i < n; i++)
		memcpy(out + i * len, s, len);
	out[len * n] = '\0';
	return out;
}

/* write_file creates dir/name with the given text and returns its path. */
static char *
write_file(const char *name, const char *text)
{
	char	*path;
	FILE	*f;

	xasprintf(&path, "%s/%s", tmpdir, name);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* source_blocklist returns the path of content/passwords/blocklist.txt. */
static char *
source_blocklist(void)
{
	const char	*file = __FILE__, *at;
	char		*path;

	/*
	 * Relative to the directory make ran in, the root of the source
	 * tree, where tests/run runs the tests.
	 */
	at = strstr(file, "tests/unit/test_password.c");
	assert_non_null(at);
	xasprintf(&path, "%.*scontent/passwords/blocklist.txt",
	    (int)(at - file), file);
	return path;
}

/* setup makes the test conf and a directory for list files. */
static int
setup(void **state)
{
	(void)state;
	conf_small(&conf, MIN_LEN);
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	return 0;
}

/* teardown removes the list files and their directory. */
static int
teardown(void **state)
{
	static const char	*names[] = { "list.txt", "other.txt" };
	char			*path;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		xasprintf(&path, "%s/%s", tmpdir, names[i]);
		unlink(path);
		free(path);
	}
	return rmdir(tmpdir);
}

/* Without a blocklist, only the other rules apply. */
static void
test_no_blocklist(void **state)
{
	(void)state;
	assert_int_equal(check("correcthorsebatterystaple", NULL), PW_OK);
	assert_int_equal(check("qwertyuiopasdfgh", NULL), PW_OK);
}

/* Lengths count code points: one byte or four, each is one. */
static void
test_length_boundaries(void **state)
{
	static const size_t	ok[] = { MIN_LEN, 16, 64,
				    PASSWORD_MAX_CODEPOINTS };
	char			*pw;
	size_t			 i;
	int			 unit;

	(void)state;
	for (unit = 1; unit <= 4; unit++) {
		pw = make_pw(MIN_LEN - 1, unit);
		assert_int_equal(check(pw, NULL), PW_TOO_SHORT);
		free(pw);
		for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
			pw = make_pw(ok[i], unit);
			assert_int_equal(check(pw, NULL), PW_OK);
			free(pw);
		}
		pw = make_pw(PASSWORD_MAX_CODEPOINTS + 1, unit);
		assert_int_equal(check(pw, NULL), PW_TOO_LONG);
		free(pw);
	}

	/* Fifteen "ñ" are long enough; they fail only as a pattern. */
	pw = repeat("ñ", 15);
	assert_int_equal(strlen(pw), 30);
	assert_int_equal(check(pw, NULL), PW_REPETITIVE);
	free(pw);
	pw = repeat("ñ", 14);
	assert_int_equal(check(pw, NULL), PW_TOO_SHORT);
	free(pw);

	assert_int_equal(check("", NULL), PW_TOO_SHORT);
	assert_int_equal(check("piña colada en la playa", NULL), PW_OK);
	assert_int_equal(check("un cafè amb llet", NULL), PW_OK);
}

/* The minimum comes from conf but never goes below 8. */
static void
test_minimum_setting(void **state)
{
	struct conf	c;

	(void)state;
	conf_small(&c, 8);
	assert_int_equal(password_check(&c, "tq8#zp2w", NULL, NULL), PW_OK);
	assert_int_equal(password_check(&c, "tq8#zp2", NULL, NULL),
	    PW_TOO_SHORT);
	conf_small(&c, 0);
	assert_int_equal(password_check(&c, "xkq7", NULL, NULL),
	    PW_TOO_SHORT);
	assert_int_equal(password_check(&c, "tq8#zp2w", NULL, NULL), PW_OK);
	conf_small(&c, 20);
	assert_int_equal(password_check(&c, "tq8#zp2w-river-sto", NULL, NULL),
	    PW_TOO_SHORT);
	assert_int_equal(password_check(&c, "tq8#zp2w-river-stone", NULL,
	    NULL), PW_OK);
	assert_int_equal(password_check(NULL, "tq8#zp2w-river", NULL, NULL),
	    PW_TOO_SHORT);
	assert_int_equal(password_check(NULL, "tq8#zp2w-river-s", NULL, NULL),
	    PW_OK);
}

/* The confirmation must be the same; it is checked before length. */
static void
test_mismatch(void **state)
{
	(void)state;
	assert_int_equal(password_check(&conf, "a quiet river at dawn",
	    "a quiet river at dawn", NULL), PW_OK);
	assert_int_equal(password_check(&conf, "a quiet river at dawn",
	    "a quiet river at dusk", NULL), PW_MISMATCH);
	assert_int_equal(password_check(&conf, "a quiet river at dawn",
	    "A quiet river at dawn", NULL), PW_MISMATCH);
	assert_int_equal(password_check(&conf, "a quiet river at dawn", "",
	    NULL), PW_MISMATCH);
	assert_int_equal(password_check(&conf, "short", "shorx", NULL),
	    PW_MISMATCH);
	assert_int_equal(password_check(&conf, "short", "short", NULL),
	    PW_TOO_SHORT);
}

/* Invalid UTF-8 and control characters come first. */
static void
test_invalid_text(void **state)
{
	static const char	*bad[] = {
		"a quiet river\tat dawn",
		"a quiet river\nat dawn",
		"a quiet river at dawn\r",
		"\x1b[31ma quiet river at dawn",
		"a quiet river at dawn\x7f",
		"a quiet river \xc2\x9b at dawn",	/* U+009B, CSI */
		"a quiet river \xc2\x85 at dawn",	/* U+0085, NEL */
		"a quiet river \xff at dawn",
		"a quiet river \xc0\xaf at dawn",	/* overlong "/" */
		"a quiet river \xed\xa0\x80 at dawn",	/* a surrogate */
		"a quiet river \xf4\x90\x80\x80 at dawn", /* > U+10FFFF */
		"a quiet river \xf8\x88\x80\x80\x80 at dawn",
		"a quiet river at dawn \xe2\x82",	/* cut short */
		"a quiet river at dawn \x80",
	};
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(check(bad[i], NULL), PW_INVALID_TEXT);
		assert_int_equal(password_check(&conf, bad[i], "other", NULL),
		    PW_INVALID_TEXT);
	}
	assert_int_equal(check(NULL, NULL), PW_INVALID_TEXT);

	/* Printable Unicode is fine, emoji and spaces included. */
	assert_int_equal(check("a quiet river 😀 at dawn", NULL), PW_OK);
	assert_int_equal(check("a quiet river\xc2\xa0" "at dawn", NULL),
	    PW_OK);
}

/* The pseudonym and the service's name do not count. */
static void
test_context(void **state)
{
	(void)state;
	assert_int_equal(check("xcarmetaxcarmeta", "Carmeta"), PW_CONTEXT);
	assert_int_equal(check("CARMETA-carmeta-2026", "carmeta"),
	    PW_CONTEXT);
	assert_int_equal(check("carmeta likes long walks", "Carmeta"),
	    PW_OK);
	assert_int_equal(check("MiRaLL-mirall-26", NULL), PW_CONTEXT);
	assert_int_equal(check("mirall mirall mirall", "someone"),
	    PW_CONTEXT);
	assert_int_equal(check("mirall in the morning light", NULL), PW_OK);

	/* Both words together. */
	assert_int_equal(check("carmeta@mirall.cat", "carmeta"), PW_CONTEXT);

	/* Unicode case folding for pseudonyms beyond ASCII. */
	assert_int_equal(check("NÚRIA-núria-2026", "Núria"), PW_CONTEXT);
	assert_int_equal(check("núria walks by the river", "NÚRIA"), PW_OK);

	/* Pseudonyms of fewer than three code points are not removed. */
	assert_int_equal(check("jojo-river-stone", "jo"), PW_OK);
	assert_int_equal(check("jojo-river-stone", "joj"), PW_CONTEXT);

	/* An invalid pseudonym is ignored, not a crash. */
	assert_int_equal(check("a quiet river at dawn", "\xff\xfe\xfd"),
	    PW_OK);
}

/* Repeated units and straight runs are refused; near misses are not. */
static void
test_repetitive(void **state)
{
	static const char	*bad[] = {
		"aaaaaaaaaaaaaaaa",
		"abcabcabcabcabcabc",
		"1212121212121212",
		"abcdabcdabcdabcd",
		"AbcaBCabcABCabcabc",
		"ñéñéñéñéñéñéñéñé",
		"😀🌍😀🌍😀🌍😀🌍😀🌍😀🌍😀🌍😀🌍",
		"!!!!!!!!!!!!!!!!!!!!!!!!",
		"abcdefghijklmnop",
		"ABCDEFGHIJKLMNOP",
		"abcdefGHIJKLMNOPqrs",
		"123456789012345",
		"987654321098765",
		"zyxwvutsrqponmlk",
		"xyzabcdefghijklm",
		"opqrstuvwxyz{|}~",
	};
	static const char	*good[] = {
		"aaaaaaaaaaaaaaab",
		"baaaaaaaaaaaaaaa",
		"abcabcabcabcabcabd",
		"abcabcabcabcabcab",
		"abcdeabcdeabcde",
		"abcdefghijklmnoq",
		"abcdefghijklmnopp",
		"1234567890123457",
		"123456789-123456",
		"abcdedcbabcdedcb",
		"1212121212121213",
		"ñéñéñéñéñéñéñéñá",
	};
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (check(bad[i], NULL) != PW_REPETITIVE)
			fail_msg("\"%s\" was not refused as a pattern",
			    bad[i]);
	}
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (check(good[i], NULL) != PW_OK)
			fail_msg("\"%s\" was refused", good[i]);
	}
}

/* The blocklist: one per line, comments skipped, any ASCII case. */
static void
test_blocklist(void **state)
{
	char	*path, *other, *missing, *err = NULL;

	(void)state;
	path = write_file("list.txt",
	    "# common passwords\n"
	    "\n"
	    "CorrectHorseBatteryStaple\n"
	    "correct horse battery staple\n"
	    "windowslineending\r\n"
	    "contraseñacontraseña\n"
	    "# not a password but a comment\n"
	    "lastlinewithoutnewline");
	assert_int_equal(password_blocklist_load(path, &err), ST_OK);
	assert_null(err);

	assert_int_equal(check("correcthorsebatterystaple", NULL),
	    PW_BLOCKLISTED);
	assert_int_equal(check("CORRECTHORSEBATTERYSTAPLE", NULL),
	    PW_BLOCKLISTED);
	assert_int_equal(check("Correct Horse Battery Staple", NULL),
	    PW_BLOCKLISTED);
	assert_int_equal(check("WindowsLineEnding", NULL), PW_BLOCKLISTED);
	assert_int_equal(check("contraseñacontraseña", NULL),
	    PW_BLOCKLISTED);
	assert_int_equal(check("lastlinewithoutnewline", NULL),
	    PW_BLOCKLISTED);

	/* Exact matches only. */
	assert_int_equal(check("correcthorsebatterystaple!", NULL), PW_OK);
	assert_int_equal(check("correcthorsebatterystapl", NULL), PW_OK);
	assert_int_equal(check(" correcthorsebatterystaple", NULL), PW_OK);
	assert_int_equal(check("# not a password but a comment", NULL),
	    PW_OK);

	/* A failed load reports the file and keeps the list in force. */
	xasprintf(&missing, "%s/missing.txt", tmpdir);
	assert_int_equal(password_blocklist_load(missing, &err), ST_IOERR);
	assert_non_null(err);
	{
		char	*want;

		xasprintf(&want, "%s: No such file or directory", missing);
		assert_string_equal(err, want);
		free(want);
	}
	free(err);
	err = NULL;
	assert_int_equal(password_blocklist_load(missing, NULL), ST_IOERR);
	assert_int_equal(password_blocklist_load(tmpdir, &err), ST_IOERR);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(check("correcthorsebatterystaple", NULL),
	    PW_BLOCKLISTED);

	/* A new load replaces the list. */
	other = write_file("other.txt", "anotherlongpassword\n");
	assert_int_equal(password_blocklist_load(other, &err), ST_OK);
	assert_int_equal(check("anotherlongpassword", NULL), PW_BLOCKLISTED);
	assert_int_equal(check("correcthorsebatterystaple", NULL), PW_OK);

	free(path);
	free(other);
	free(missing);
}

/*
 * The shipped blocklist loads, each entry is long enough to matter at the
 * lowest minimum (8), and each is refused as blocklisted.
 */
static void
test_shipped_blocklist(void **state)
{
	struct conf	 c;
	char		*path, *err = NULL, *line = NULL, *upper;
	size_t		 cap = 0, entries = 0, i;
	ssize_t		 n;
	FILE		*f;

	(void)state;
	path = source_blocklist();
	if (password_blocklist_load(path, &err) != ST_OK)
		fail_msg("%s", err);

	conf_small(&c, 8);
	assert_non_null(f = fopen(path, "r"));
	while ((n = getline(&line, &cap, f)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		entries++;
		if (password_check(&c, line, NULL, NULL) != PW_BLOCKLISTED)
			fail_msg("\"%s\" is not refused as blocklisted",
			    line);
		for (i = 0; line[i] != '\0'; i++) {
			if (line[i] >= 'A' && line[i] <= 'Z')
				fail_msg("\"%s\" is not lower case", line);
		}
		upper = xstrdup(line);
		for (i = 0; upper[i] != '\0'; i++) {
			if (upper[i] >= 'a' && upper[i] <= 'z')
				upper[i] = upper[i] - 'a' + 'A';
		}
		assert_int_equal(password_check(&c, upper, NULL, NULL),
		    PW_BLOCKLISTED);
		free(upper);
	}
	fclose(f);
	free(line);
	assert_true(entries >= 200);

	assert_int_equal(check("qwertyuiopasdfgh", NULL), PW_BLOCKLISTED);
	assert_int_equal(check("correcthorsebatterystaple", NULL),
	    PW_BLOCKLISTED);
	assert_int_equal(check("passwordpassword", NULL), PW_BLOCKLISTED);
	assert_int_equal(check("iloveyouiloveyou", NULL), PW_BLOCKLISTED);
	assert_int_equal(check("barcelona1234567", NULL), PW_BLOCKLISTED);
	assert_int_equal(check("a quiet river at dawn", NULL), PW_OK);
	free(path);
}

/* A hash verifies its password and nothing else. */
static void
test_hash_verify(void **state)
{
	struct conf	 c;
	char		*hash = NULL, *hash2 = NULL, *long_pw, *prefix;

	(void)state;
	assert_int_equal(password_hash(&conf, "a quiet river at dawn", &hash),
	    ST_OK);
	assert_non_null(hash);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_true(password_verify(hash, "a quiet river at dawn"));
	assert_false(password_verify(hash, "a quiet river at dusk"));
	assert_false(password_verify(hash, ""));
	assert_false(password_verify(hash, NULL));
	assert_false(password_verify(NULL, "a quiet river at dawn"));
	assert_false(password_verify("not a hash", "a quiet river at dawn"));

	/* Salted: the same password hashes differently twice. */
	assert_int_equal(password_hash(&conf, "a quiet river at dawn",
	    &hash2), ST_OK);
	assert_string_not_equal(hash, hash2);
	free(hash2);

	/* Rehash when the configured limits change. */
	assert_false(password_needs_rehash(&conf, hash));
	c = conf;
	c.pwhash_opslimit = 2;
	assert_true(password_needs_rehash(&c, hash));
	c = conf;
	c.pwhash_memlimit = 2 * SMALL_MEM;
	assert_true(password_needs_rehash(&c, hash));
	assert_true(password_needs_rehash(&conf, "not a hash"));
	assert_true(password_needs_rehash(&conf, NULL));
	free(hash);

	/* No truncation: the whole of a long password counts. */
	long_pw = make_pw(PASSWORD_MAX_CODEPOINTS, 4);
	prefix = xstrndup(long_pw, strlen(long_pw) - 4);
	assert_int_equal(password_hash(&conf, long_pw, &hash), ST_OK);
	assert_true(password_verify(hash, long_pw));
	assert_false(password_verify(hash, prefix));
	free(hash);
	free(prefix);
	free(long_pw);

	/* Limits libsodium refuses give ST_INVALID and no hash. */
	c = conf;
	c.pwhash_memlimit = 0;
	hash = (char *)1;
	assert_int_equal(password_hash(&c, "a quiet river at dawn", &hash),
	    ST_INVALID);
	assert_null(hash);
	c = conf;
	c.pwhash_opslimit = 0;
	assert_int_equal(password_hash(&c, "a quiet river at dawn", &hash),
	    ST_INVALID);
	assert_null(hash);
}

/* elapsed_ms returns the milliseconds since start. */
static double
elapsed_ms(const struct timespec *start)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1e3 +
	    (now.tv_nsec - start->tv_nsec) / 1e6;
}

/* cmp_double orders doubles for qsort. */
static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * An unknown pseudonym costs what a known one costs: the dummy verify runs
 * at the configured limits.  Medians of several runs, within a factor of
 * three (the INTERACTIVE limits would be about sixteen times these).
 */
static void
test_dummy_verify_cost(void **state)
{
	struct timespec	 start;
	double		 real[7], dummy[7], ratio;
	char		*hash = NULL;
	size_t		 i;

	(void)state;
	password_dummy_init(&conf);
	assert_int_equal(password_hash(&conf, "a quiet river at dawn", &hash),
	    ST_OK);
	for (i = 0; i < 7; i++) {
		clock_gettime(CLOCK_MONOTONIC, &start);
		assert_false(password_verify(hash, "guess"));
		real[i] = elapsed_ms(&start);
		clock_gettime(CLOCK_MONOTONIC, &start);
		password_dummy_verify("guess");
		dummy[i] = elapsed_ms(&start);
	}
	qsort(real, 7, sizeof real[0], cmp_double);
	qsort(dummy, 7, sizeof dummy[0], cmp_double);
	ratio = dummy[3] / real[3];
	if (ratio < 1.0 / 3 || ratio > 3)
		fail_msg("dummy %.1f ms, real %.1f ms", dummy[3], real[3]);
	password_dummy_verify(NULL);
	password_dummy_verify("");
	free(hash);
}

/* One-time passwords: the format, the alphabet, and the policy. */
static void
test_otp(void **state)
{
	static const char	 alphabet[] =
	    "abcdefghijkmnpqrstuvwxyz23456789";
	struct conf		 c;
	char			*otp[200];
	size_t			 i, j, k;

	(void)state;
	conf_small(&c, 23);
	for (i = 0; i < 200; i++) {
		otp[i] = password_generate_otp();
		assert_int_equal(strlen(otp[i]), 23);
		for (j = 0; j < 23; j++) {
			if (j == 5 || j == 11 || j == 17) {
				assert_int_equal(otp[i][j], '-');
				continue;
			}
			assert_non_null(strchr(alphabet, otp[i][j]));
			assert_null(strchr("0O1lI", otp[i][j]));
		}
		assert_int_equal(check(otp[i], NULL), PW_OK);
		assert_int_equal(password_check(&c, otp[i], otp[i], NULL),
		    PW_OK);
		for (k = 0; k < i; k++)
			assert_string_not_equal(otp[i], otp[k]);
	}
	for (i = 0; i < 200; i++)
		free(otp[i]);
}

/* Every problem has a kind, non-empty explanation. */
static void
test_problem_text(void **state)
{
	struct conf	 c;
	char		*s;
	int		 p;

	(void)state;
	for (p = PW_OK; p <= PW_SAME_AS_OLD; p++) {
		s = password_problem_text(&conf, p);
		assert_non_null(s);
		assert_true(strlen(s) > 10);
		free(s);
	}
	s = password_problem_text(&conf, PW_TOO_SHORT);
	assert_string_equal(s, "Use at least 15 characters. A passphrase of "
	    "a few unrelated words is easy to remember and hard to guess.");
	free(s);
	conf_small(&c, 3);
	s = password_problem_text(&c, PW_TOO_SHORT);
	assert_non_null(strstr(s, "at least 8 characters"));
	free(s);
	s = password_problem_text(&conf, PW_TOO_LONG);
	assert_non_null(strstr(s, "256"));
	free(s);
	s = password_problem_text(&conf, PW_MISMATCH);
	assert_string_equal(s, "The two passwords do not match.");
	free(s);
	s = password_problem_text(&conf, PW_SAME_AS_OLD);
	assert_string_equal(s,
	    "The new password must be different from the current one.");
	free(s);
	s = password_problem_text(&conf, (enum pw_problem)99);
	assert_non_null(s);
	free(s);
}

/* main runs the password tests in order. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_blocklist),
		cmocka_unit_test(test_length_boundaries),
		cmocka_unit_test(test_minimum_setting),
		cmocka_unit_test(test_mismatch),
		cmocka_unit_test(test_invalid_text),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_repetitive),
		cmocka_unit_test(test_blocklist),
		cmocka_unit_test(test_shipped_blocklist),
		cmocka_unit_test(test_hash_verify),
		cmocka_unit_test(test_dummy_verify_cost),
		cmocka_unit_test(test_otp),
		cmocka_unit_test(test_problem_text),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
