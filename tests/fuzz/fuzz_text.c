/*
 * fuzz_text.c: a libFuzzer target for the sanitiser.
 *
 * The first byte chooses multiline; the rest, up to a NUL, is the text.
 * The output must be valid UTF-8 (by the decoder and by PCRE2), free of
 * controls, and a fixed point: sanitising it again changes nothing, in
 * either mode.  The decoder and PCRE2 must agree on the raw input.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "../../bbs/bbs.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static pcre2_code	*fuzz_utf;
static pcre2_match_data	*fuzz_match;

/* fuzz_check aborts with a message when a property does not hold. */
static void
fuzz_check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_text: %s\n", what);
		abort();
	}
}

/* fuzz_pcre2_valid tells, by PCRE2's UTF check, whether s is UTF-8. */
static bool
fuzz_pcre2_valid(const char *s, size_t len)
{
	int		errcode;
	PCRE2_SIZE	erroff;

	if (fuzz_utf == NULL) {
		fuzz_utf = pcre2_compile((PCRE2_SPTR)"", 0, PCRE2_UTF,
		    &errcode, &erroff, NULL);
		fuzz_check(fuzz_utf != NULL, "pcre2_compile");
		fuzz_match = pcre2_match_data_create_from_pattern(fuzz_utf,
		    NULL);
	}
	return pcre2_match(fuzz_utf, (PCRE2_SPTR)s, len, 0, 0, fuzz_match,
	    NULL) >= 0;
}

/* fuzz_output checks one sanitised string made with multiline. */
static void
fuzz_output(const char *out, bool multiline)
{
	char		*again, *back;
	wchar_t		*ws;
	size_t		 len, off, n, nw;
	uint32_t	 cp;

	len = strlen(out);
	fuzz_check(text_is_valid_utf8(out, len), "output not UTF-8");
	fuzz_check(fuzz_pcre2_valid(out, len), "output not UTF-8 (PCRE2)");
	for (off = 0; off < len; off += n) {
		n = text_utf8_decode(out + off, len - off, &cp);
		fuzz_check(n > 0, "decoder consumed nothing");
		fuzz_check(cp != '\n' || multiline, "LF in a single line");
		fuzz_check(cp == '\n' || cp >= 0x20, "C0 control");
		fuzz_check(cp < 0x7f || cp > 0x9f, "DEL or C1 control");
		fuzz_check(cp < 0x202a || cp > 0x202e, "bidi override");
		fuzz_check(cp < 0x2066 || cp > 0x2069, "bidi isolate");
		fuzz_check(cp != 0x200b && cp != 0xfeff && cp != 0xad,
		    "invisible");
		fuzz_check(cp < 0xe000 || cp > 0xf8ff, "private use");
		fuzz_check((cp & 0xfffe) != 0xfffe, "noncharacter");
	}

	again = text_sanitise(out, multiline);
	fuzz_check(strcmp(again, out) == 0, "not idempotent");
	free(again);

	ws = text_to_wcs(out, &nw);
	fuzz_check(nw == text_codepoints(out), "wide length");
	back = text_from_wcs(ws, nw);
	fuzz_check(strcmp(back, out) == 0, "wide round trip");
	free(back);
	free(ws);
}

/* LLVMFuzzerTestOneInput runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*in, *out, *single;
	bool	 multiline;

	if (size == 0)
		return 0;
	multiline = data[0] & 1;
	in = xmalloc(size);
	memcpy(in, data + 1, size - 1);
	in[size - 1] = '\0';

	fuzz_check(text_is_valid_utf8(in, size - 1) ==
	    fuzz_pcre2_valid(in, size - 1), "decoder and PCRE2 disagree");

	out = text_sanitise(in, multiline);
	fuzz_output(out, multiline);
	/* Stored multiline, drawn on one line: still a fixed point. */
	single = text_sanitise(out, false);
	fuzz_output(single, false);
	free(single);
	free(out);
	free(in);
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
