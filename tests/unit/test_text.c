/*
 * test_text.c: the sanitiser against hostile text, and the UTF-8 helpers.
 *
 * PCRE2 with UTF checking is the independent judge of validity: every
 * output is checked by it, and the hand-written decoder must agree with
 * it on every random input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "../../bbs/bbs.h"

#define RANDOM_CASES	20000

static pcre2_code	*utf_check;
static pcre2_match_data	*utf_match;

/* pcre2_valid tells, by PCRE2's own UTF check, whether s is UTF-8. */
static int
pcre2_valid(const char *s, size_t len)
{
	int	rc;

	rc = pcre2_match(utf_check, (PCRE2_SPTR)s, len, 0, 0, utf_match,
	    NULL);
	return rc >= 0;
}

/* setup compiles the empty pattern whose matching checks UTF-8. */
static int
setup(void **state)
{
	int		errcode;
	PCRE2_SIZE	erroff;

	(void)state;
	utf_check = pcre2_compile((PCRE2_SPTR)"", 0, PCRE2_UTF, &errcode,
	    &erroff, NULL);
	if (utf_check == NULL)
		return -1;
	utf_match = pcre2_match_data_create_from_pattern(utf_check, NULL);
	return 0;
}

/* teardown frees the pattern. */
static int
teardown(void **state)
{
	(void)state;
	pcre2_match_data_free(utf_match);
	pcre2_code_free(utf_check);
	return 0;
}

/* check_output asserts what every sanitised string must be. */
static void
check_output(const char *out, bool multiline)
{
	size_t		 len, off, n, marks;
	uint32_t	 cp;
	char		*again;

	len = strlen(out);
	assert_true(text_is_valid_utf8(out, len));
	assert_true(pcre2_valid(out, len));
	marks = 0;
	for (off = 0; off < len; off += n) {
		n = text_utf8_decode(out + off, len - off, &cp);
		if (cp == '\n')
			assert_true(multiline);
		else
			assert_false(cp < 0x20);
		assert_false(cp >= 0x7f && cp <= 0x9f);
		assert_false(cp >= 0x202a && cp <= 0x202e);
		assert_false(cp >= 0x2066 && cp <= 0x2069);
		assert_false(cp == 0x200e || cp == 0x200f || cp == 0x061c);
		assert_false(cp == 0x200b || cp == 0xfeff || cp == 0x00ad);
		assert_false(cp >= 0x2060 && cp <= 0x2064);
		assert_false(cp >= 0xe0000 && cp <= 0xe007f);
		assert_false(cp >= 0xe000 && cp <= 0xf8ff);
		assert_false(cp >= 0xf0000);
		assert_false(cp >= 0xfdd0 && cp <= 0xfdef);
		assert_false((cp & 0xfffe) == 0xfffe);
		/* Combining marks seen by glibc's C.UTF-8 table. */
		if ((cp >= 0x0300 && cp <= 0x036f) ||
		    (cp >= 0x20d0 && cp <= 0x20ff)) {
			assert_true(off > 0);
			marks++;
			assert_true(marks <= 4);
		} else
			marks = 0;
	}
	again = text_sanitise(out, multiline);
	assert_string_equal(again, out);
	free(again);
}

/* expect sanitises in and compares the result with want. */
static void
expect(const char *in, bool multiline, const char *want)
{
	char	*out;

	out = text_sanitise(in, multiline);
	if (strcmp(out, want) != 0)
		print_error("input \"%s\" (multiline %d)\n",
		    in != NULL ? in : "(null)", multiline);
	assert_string_equal(out, want);
	check_output(out, multiline);
	free(out);
}

/* expect_both checks in with multiline both false and true. */
static void
expect_both(const char *in, const char *want)
{
	expect(in, false, want);
	expect(in, true, want);
}

/* Plain Catalan, Spanish and English text comes out unchanged. */
static void
test_plain_text_unchanged(void **state)
{
	(void)state;
	expect_both("", "");
	expect_both("Hello, world!", "Hello, world!");
	expect_both("Què és la quimioteràpia?", "Què és la quimioteràpia?");
	expect_both("año", "año");
	expect_both("¿Cómo estás? ¡Bien! L·l, ç, ü, à",
	    "¿Cómo estás? ¡Bien! L·l, ç, ü, à");
	expect_both("日本語 and emoji 😀👍🏽", "日本語 and emoji 😀👍🏽");
	expect_both("~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./",
	    "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./");
	expect(NULL, false, "");
}

/* ESC and the CSI and OSC sequences it starts lose their ESC and BEL. */
static void
test_escape_sequences(void **state)
{
	(void)state;
	expect_both("\x1b[2J", "[2J");
	expect_both("a\x1b]0;title\x07z", "a]0;titlez");
	expect_both("\x1b[31mred\x1b[0m", "[31mred[0m");
	expect_both("\x1bP+q544e\x1b\\", "P+q544e\\");
	expect_both("nul\x01\x02\x03\x08\x0b\x0c\x0e\x1f\x7f" "end",
	    "nulend");
}

/* C1 controls are dropped encoded, and a raw C1 byte is invalid UTF-8. */
static void
test_c1_controls(void **state)
{
	(void)state;
	expect_both("a\xc2\x9b" "2Jb", "a2Jb");
	expect_both("a\xc2\x9d" "0;x\xc2\x9c" "b", "a0;xb");
	expect_both("\xc2\x85next", "next");
	expect_both("a\x9b" "2J", "a\xef\xbf\xbd" "2J");
	expect_both("\x9d\x9c", "\xef\xbf\xbd\xef\xbf\xbd");
}

/* Bidi embeddings, overrides, isolates and marks are dropped. */
static void
test_bidi(void **state)
{
	(void)state;
	expect_both("\u202Eevil", "evil");
	expect_both("file\u202Etxt.exe", "filetxt.exe");
	expect_both("\u202A\u202B\u202C\u202D\u202Ex", "x");
	expect_both("\u2066a\u2067b\u2068c\u2069", "abc");
	expect_both("a\u200Eb\u200Fc\u061Cd", "abcd");
}

/* Invisible characters are dropped. */
static void
test_invisible(void **state)
{
	(void)state;
	expect_both("ad\u200Bmin", "admin");
	expect_both("\uFEFFhello", "hello");
	expect_both("soft\u00ADhyphen", "softhyphen");
	expect_both("w\u2060j\u2061\u2062\u2063\u2064", "wj");
	expect_both("\u3164\uFFA0\u115Fname", "name");
	expect_both("a\u206Ab\u206Fc", "abc");
	expect_both("x\U000E0041\U000E007Fy\U000E0001", "xy");
	/* The flag of Scotland loses its tags and stays a black flag. */
	expect_both("\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063"
	    "\U000E0074\U000E007F", "\U0001F3F4");
}

/* Private use and noncharacters are dropped. */
static void
test_private_and_noncharacters(void **state)
{
	(void)state;
	expect_both("a\uE000b\uF8FFc", "abc");
	expect_both("\U000F0000\U000FFFFD\U00100000\U0010FFFDok", "ok");
	expect_both("\uFDD0\uFDEFx", "x");
	expect_both("\xef\xbf\xbe\xef\xbf\xbfx", "x");		/* U+FFFE/F */
	expect_both("\xf0\x9f\xbf\xbe\xf4\x8f\xbf\xbfx", "x");	/* 1FFFE */
	expect_both("\uFFFD", "\uFFFD");
}

/* Malformed UTF-8 becomes one U+FFFD per maximal invalid subpart. */
static void
test_invalid_utf8(void **state)
{
	(void)state;
	/* Overlong "/" in two and three bytes. */
	expect_both("\xc0\xaf", "\uFFFD\uFFFD");
	expect_both("\xe0\x80\xaf", "\uFFFD\uFFFD\uFFFD");
	expect_both("\xf0\x80\x80\xaf", "\uFFFD\uFFFD\uFFFD\uFFFD");
	/* A UTF-16 surrogate. */
	expect_both("\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD");
	expect_both("\xed\xbf\xbf", "\uFFFD\uFFFD\uFFFD");
	/* Above U+10FFFF, and bytes that never appear. */
	expect_both("\xf4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD");
	expect_both("\xf5\xfe\xff", "\uFFFD\uFFFD\uFFFD");
	/* Truncated sequences, at the end and in the middle. */
	expect_both("ab\xc3", "ab\uFFFD");
	expect_both("ab\xe2\x82", "ab\uFFFD");
	expect_both("ab\xf0\x9f\x98", "ab\uFFFD");
	expect_both("\xe2\x82z", "\uFFFDz");
	expect_both("\xc3\xc3\xa9", "\uFFFDé");
	expect_both("\x80\xbf", "\uFFFD\uFFFD");
}

/* At most four combining marks follow one another. */
static void
test_combining_marks(void **state)
{
	(void)state;
	expect_both("e\u0301\u0302\u0303\u0304\u0305x",
	    "e\u0301\u0302\u0303\u0304x");
	expect_both("e\u0301\u0302\u0303\u0304", "e\u0301\u0302\u0303\u0304");
	expect_both("Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358a\u0359",
	    "Z\u0351\u0352\u0353\u0354a\u0359");
	/* Decomposed Catalan keeps its accents. */
	expect_both("Que\u0300 e\u0301s", "Que\u0300 e\u0301s");
	/* Nothing to attach to at the start of the text or of a line. */
	expect_both("\u0301\u0302start", "start");
	expect("a\n\u0301b", true, "a\nb");
	expect("a\n\u0301b", false, "a \u0301b");
	/* A dropped character does not split a run of marks. */
	expect_both("e\u0301\u0302\u0303\u200B\u0304\u0305\u0306",
	    "e\u0301\u0302\u0303\u0304");
	expect_both("e\u0301\u0302\x1b\u0303\u0304\u0305",
	    "e\u0301\u0302\u0303\u0304");
}

/* ZWJ and ZWNJ survive only between visible characters. */
static void
test_joiners(void **state)
{
	(void)state;
	/* At the start, after a space or a line, or doubled: dropped. */
	expect_both("\u200Dhello", "hello");
	expect_both("\u200C\u200Dhello", "hello");
	expect_both("a \u200Db", "a b");
	expect("a\n\u200Db", true, "a\nb");
	expect_both("a\u200D\u200D\u200Db", "a\u200Db");
	expect_both("a\u0301\u200Db", "a\u0301b");
	/* Inside an emoji sequence: kept. */
	expect_both("\U0001F468\u200D\U0001F469\u200D\U0001F467",
	    "\U0001F468\u200D\U0001F469\u200D\U0001F467");
	expect_both("\U0001F469\U0001F3FD\u200D\u2695\uFE0F",
	    "\U0001F469\U0001F3FD\u200D\u2695\uFE0F");
	/* Mending heart and rainbow flag: a ZWJ after a selector. */
	expect_both("\u2764\uFE0F\u200D\U0001FA79",
	    "\u2764\uFE0F\u200D\U0001FA79");
	expect_both("\U0001F3F3\uFE0F\u200D\U0001F308",
	    "\U0001F3F3\uFE0F\u200D\U0001F308");
	/* Persian uses ZWNJ between letters. */
	expect_both("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
	    "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645");
	/*
	 * A dropped control between a base and a ZWJ: the ZWJ follows the
	 * base in what is kept, so it stays, and a second pass agrees.
	 */
	expect_both("a\x01\u200Db", "a\u200Db");
	expect_both("a\u202E\u200Db", "a\u200Db");
	/* A dropped control between a space and a ZWJ changes nothing. */
	expect_both(" \x01\u200Db", " b");
	/* The trailing ZWJ after a base is kept, stable at the end. */
	expect_both("a\u200D", "a\u200D");
}

/* Variation selectors only right after a base character. */
static void
test_variation_selectors(void **state)
{
	(void)state;
	expect_both("\uFE0Fx", "x");
	expect_both("\u2764\uFE0F", "\u2764\uFE0F");
	expect_both("\u2764\uFE0F\uFE0F\uFE0E", "\u2764\uFE0F");
	expect_both("a \uFE0F", "a ");
	expect_both("a\u200D\uFE0F", "a\u200D");
	expect_both("\u8FBB\U000E0100", "\u8FBB\U000E0100");
	/* Keycap: digit, selector, enclosing keycap mark. */
	expect_both("1\uFE0F\u20E3", "1\uFE0F\u20E3");
}

/* Line ends: CRLF and CR are LF; without multiline every LF a space. */
static void
test_line_ends(void **state)
{
	(void)state;
	expect("a\r\nb\rc\nd", true, "a\nb\nc\nd");
	expect("a\r\nb\rc\nd", false, "a b c d");
	expect("\r\r\n\n", true, "\n\n\n");
	expect("\r\r\n\n", false, "   ");
	expect("a\r", true, "a\n");
	expect("a\r\x01\n", true, "a\n\n");
	expect("line\u2028next\u2029end", true, "line\nnext\nend");
	expect("line\u2028next", false, "line next");
	expect_both("a\tb\t\tc", "a b  c");
}

/* The sanitiser does not depend on the process locale. */
static void
test_locale_independent(void **state)
{
	char	*out;

	(void)state;
	/* The test runs in the "C" locale; marks still count. */
	out = text_sanitise("e\u0301\u0302\u0303\u0304\u0305", false);
	assert_string_equal(out, "e\u0301\u0302\u0303\u0304");
	free(out);
}

/* Every single code point, alone and after a base, sanitises stably. */
static void
test_every_codepoint(void **state)
{
	char		 in[16], *out;
	uint32_t	 cp;
	size_t		 n;

	(void)state;
	for (cp = 1; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		in[0] = 'a';
		n = 1 + text_utf8_encode(cp, in + 1);
		n += text_utf8_encode(0x301, in + n);
		in[n] = '\0';
		out = text_sanitise(in, cp & 1);
		assert_true(text_is_valid_utf8(out, strlen(out)));
		check_output(out, cp & 1);
		free(out);
	}
}

/* random_next is xorshift64*: fixed seed, repeatable. */
static uint64_t
random_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Fragments that random strings are made from, most of them hostile. */
static const char *fragments[] = {
	"a", "Z", " ", "\t", "\r", "\n", "\r\n", "\x1b", "[2J", "\x07",
	"\x7f", "\xc2\x9b", "\x9b", "\u202E", "\u2066", "\u200B", "\u200C",
	"\u200D", "\uFE0F", "\U000E0100", "\u0301", "\u20E3", "\uFEFF",
	"\u00AD", "\U000E0041", "\uE000", "\uFDD0", "\xef\xbf\xbe", "\xc0",
	"\xaf", "\xed\xa0\x80", "\xe2\x82", "\xf0\x9f", "\xf4\x90\x80\x80",
	"à", "ñ", "😀", "\U0001F3FD", "\u2764", "\u0645", "\u2028", "\x01",
};

/* Random strings: valid output, agreement with PCRE2, idempotence. */
static void
test_random(void **state)
{
	char		 in[256], *out;
	uint64_t	 seed, r;
	size_t		 len, flen, i;
	int		 parts, j;

	(void)state;
	seed = 0x6d6972616c6cULL;	/* "mirall" */
	for (i = 0; i < RANDOM_CASES; i++) {
		r = random_next(&seed);
		parts = r % 24;
		len = 0;
		for (j = 0; j < parts; j++) {
			r = random_next(&seed);
			if (r % 3 == 0) {
				/* A random byte other than NUL. */
				in[len++] = (char)(1 + (r >> 8) % 255);
				continue;
			}
			flen = strlen(fragments[(r >> 8) %
			    (sizeof fragments / sizeof fragments[0])]);
			if (len + flen >= sizeof in)
				break;
			memcpy(in + len, fragments[(r >> 8) %
			    (sizeof fragments / sizeof fragments[0])], flen);
			len += flen;
		}
		in[len] = '\0';
		assert_int_equal(text_is_valid_utf8(in, len),
		    pcre2_valid(in, len));
		out = text_sanitise(in, i & 1);
		check_output(out, i & 1);
		free(out);
	}
}

/* Encoding and decoding round-trip every scalar value. */
static void
test_encode_decode(void **state)
{
	char		 buf[4];
	uint32_t	 cp, back;
	size_t		 n;

	(void)state;
	for (cp = 0; cp <= 0x10ffff; cp++) {
		n = text_utf8_encode(cp, buf);
		if (cp >= 0xd800 && cp <= 0xdfff) {
			assert_int_equal(n, 3);
			assert_memory_equal(buf, "\xef\xbf\xbd", 3);
			continue;
		}
		assert_int_equal(text_utf8_decode(buf, n, &back), n);
		assert_int_equal(back, cp);
		assert_true(text_is_valid_utf8(buf, n));
	}
	assert_int_equal(text_utf8_encode(0x110000, buf), 3);
	assert_int_equal(text_utf8_decode("", 0, &back), 0);
	assert_int_equal(text_utf8_decode("\xff", 1, &back), 1);
	assert_int_equal(back, 0xfffd);
	assert_int_equal(text_utf8_decode("\xe2\x82\xac", 2, &back), 2);
	assert_int_equal(back, 0xfffd);
	assert_int_equal(text_utf8_decode("\xe2\x82\xac", 3, &back), 3);
	assert_int_equal(back, 0x20ac);
	assert_false(text_is_valid_utf8("\xc0\xaf", 2));
	assert_true(text_is_valid_utf8("a\0b", 3));
}

/* Code points are counted, each invalid sequence as one. */
static void
test_codepoints(void **state)
{
	(void)state;
	assert_int_equal(text_codepoints(""), 0);
	assert_int_equal(text_codepoints(NULL), 0);
	assert_int_equal(text_codepoints("año"), 3);
	assert_int_equal(text_codepoints("Què és"), 6);
	assert_int_equal(text_codepoints("😀x"), 2);
	assert_int_equal(text_codepoints("\xff\xfe"), 2);
	assert_int_equal(text_codepoints("a\xe2\x82"), 2);
}

/* Wide strings convert both ways without the locale. */
static void
test_wide(void **state)
{
	wchar_t		*ws;
	char		*s;
	size_t		 n;
	const wchar_t	 bad[] = { L'a', 0xd800, 0x110000, -1, L'b', 0, L'c' };

	(void)state;
	ws = text_to_wcs("Què 😀", &n);
	assert_int_equal(n, 5);
	assert_int_equal(ws[1], 0x75);
	assert_int_equal(ws[2], 0xe8);
	assert_int_equal(ws[4], 0x1f600);
	assert_int_equal(ws[5], 0);
	s = text_from_wcs(ws, n);
	assert_string_equal(s, "Què 😀");
	free(s);
	free(ws);

	ws = text_to_wcs("a\xff" "b", NULL);
	assert_int_equal(ws[1], 0xfffd);
	assert_int_equal(ws[2], L'b');
	free(ws);

	ws = text_to_wcs("", &n);
	assert_int_equal(n, 0);
	assert_int_equal(ws[0], 0);
	free(ws);

	s = text_from_wcs(bad, sizeof bad / sizeof bad[0]);
	assert_string_equal(s, "a\uFFFD\uFFFD\uFFFDb");
	free(s);
	s = text_from_wcs(bad, 1);
	assert_string_equal(s, "a");
	free(s);
	s = text_from_wcs(NULL, 5);
	assert_string_equal(s, "");
	free(s);
}

/* text_cut never splits a character and never exceeds the limit. */
static void
test_cut(void **state)
{
	(void)state;
	assert_int_equal(text_cut("", 4), 0);
	assert_int_equal(text_cut("abc", 3), 3);
	assert_int_equal(text_cut("abcd", 3), 3);
	/* "añb": ñ is two bytes at offsets 1-2. */
	assert_int_equal(text_cut("a\xc3\xb1" "b", 2), 1);
	assert_int_equal(text_cut("a\xc3\xb1" "b", 3), 3);
	/* an emoji (four bytes) is kept whole or dropped whole */
	assert_int_equal(text_cut("\xf0\x9f\x98\x80x", 3), 0);
	assert_int_equal(text_cut("\xf0\x9f\x98\x80x", 4), 4);
	assert_int_equal(text_cut("abc", 0), 0);
}

/* json writes s with text_json and returns what was written. */
static char *
json(const char *s)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	assert_non_null(f = open_memstream(&buf, &len));
	text_json(f, s);
	fclose(f);
	return buf;
}

/* JSON strings: quotes, backslashes and controls escaped; NULL is null. */
static void
test_json(void **state)
{
	char	*out;

	(void)state;
	out = json(NULL);
	assert_string_equal(out, "null");
	free(out);
	out = json("");
	assert_string_equal(out, "\"\"");
	free(out);
	out = json("a \"b\" \\ c\n\t\r\x01\x1f\x7f");
	assert_string_equal(out,
	    "\"a \\\"b\\\" \\\\ c\\n\\t\\r\\u0001\\u001f\\u007f\"");
	free(out);
	/* UTF-8 stays as it is. */
	out = json("caf\xc3\xa9 \xe2\x80\x94");
	assert_string_equal(out, "\"caf\xc3\xa9 \xe2\x80\x94\"");
	free(out);
	/* Invalid UTF-8 never reaches the file. */
	out = json("bad \xff\xfe byte");
	assert_null(strchr(out, '\xff'));
	assert_null(strchr(out, '\xfe'));
	assert_non_null(strstr(out, "byte"));
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_plain_text_unchanged),
		cmocka_unit_test(test_escape_sequences),
		cmocka_unit_test(test_c1_controls),
		cmocka_unit_test(test_bidi),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_private_and_noncharacters),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_combining_marks),
		cmocka_unit_test(test_joiners),
		cmocka_unit_test(test_variation_selectors),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_locale_independent),
		cmocka_unit_test(test_every_codepoint),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_encode_decode),
		cmocka_unit_test(test_codepoints),
		cmocka_unit_test(test_wide),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
