/*
 * text.c: the one sanitiser for user text, and the UTF-8 helpers.
 *
 * Every piece of text a user typed passes through text_sanitise when it is
 * stored and again when it is drawn.  The terminal, not ncurses, interprets
 * what we send: ncurses passes bidi overrides and zero-width characters
 * straight through, so this file is the defence against text that moves
 * the cursor, retitles the window, reorders a line or hides itself.
 *
 * The rules (security.md, "Text from users"):
 *  - the output is valid UTF-8; each maximal invalid subpart of the input
 *    becomes one U+FFFD;
 *  - CRLF, lone CR and U+2028/U+2029 become LF, a tab becomes one space,
 *    and without multiline every LF becomes a space;
 *  - C0 controls other than LF, DEL, C1, bidi controls, invisible and
 *    default-ignorable characters, private use and noncharacters are
 *    dropped;
 *  - ZWJ and ZWNJ are kept only after a base character or after a
 *    variation selector that follows one (so emoji sequences such as
 *    U+2764 U+FE0F U+200D U+1FA79 survive); variation selectors only
 *    right after a base character;
 *  - a combining mark (a code point of zero width) is kept only when
 *    something precedes it on its line and fewer than four marks precede
 *    it in a row.
 *
 * Idempotence: every decision depends only on the code point and on what
 * has already been kept (never on what was dropped or on the raw input),
 * and every code point the sanitiser emits is one it would keep again in
 * the same kept context.  So a second pass sees exactly the first pass's
 * decisions and changes nothing.
 */
#include <errno.h>
#include <stdarg.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <sodium.h>

#include "bbs.h"

#define TEXT_REPLACEMENT	0xfffdU
#define TEXT_MAX_CODEPOINT	0x10ffffU
#define TEXT_MAX_MARKS		4	/* what one ncurses cell holds */

/* What a code point is to the sanitiser. */
enum text_class {
	TEXT_NONE,	/* nothing kept yet */
	TEXT_LF,
	TEXT_SPACE,
	TEXT_BASE,	/* anything visible that marks may attach to */
	TEXT_MARK,	/* zero width: combining marks */
	TEXT_JOINER,	/* ZWJ, ZWNJ */
	TEXT_VS,	/* variation selectors */
	TEXT_DROP
};

struct text_range {
	uint32_t	lo;
	uint32_t	hi;
};

/*
 * Code points dropped wherever they appear, sorted for a binary search.
 * C0, DEL, C1 and the noncharacters are tested in text_classify.
 */
static const struct text_range text_dropped[] = {
	{ 0x00ad, 0x00ad },	/* soft hyphen: invisible */
	{ 0x034f, 0x034f },	/* combining grapheme joiner: invisible */
	{ 0x061c, 0x061c },	/* Arabic letter mark: bidi */
	{ 0x115f, 0x1160 },	/* Hangul fillers: blank names */
	{ 0x17b4, 0x17b5 },	/* Khmer inherent vowels: invisible */
	{ 0x180e, 0x180e },	/* Mongolian vowel separator: invisible */
	{ 0x200b, 0x200b },	/* zero width space */
	{ 0x200e, 0x200f },	/* LRM, RLM: bidi */
	{ 0x202a, 0x202e },	/* bidi embeddings and overrides */
	{ 0x2060, 0x206f },	/* word joiner, invisible operators,
				   bidi isolates, deprecated format */
	{ 0x3164, 0x3164 },	/* Hangul filler: blank names */
	{ 0xe000, 0xf8ff },	/* private use */
	{ 0xfdd0, 0xfdef },	/* noncharacters */
	{ 0xfeff, 0xfeff },	/* byte order mark: invisible */
	{ 0xffa0, 0xffa0 },	/* halfwidth Hangul filler */
	{ 0xfff0, 0xfffb },	/* unassigned specials, interlinear
				   annotation controls */
	{ 0x1bca0, 0x1bca3 },	/* shorthand format controls */
	{ 0x1d173, 0x1d17a },	/* musical format controls */
	{ 0xe0000, 0xe00ff },	/* tag characters: invisible */
	{ 0xe01f0, 0xe0fff },	/* default ignorable, unassigned */
	{ 0xf0000, 0x10ffff },	/* supplementary private use */
};

/* Variation selectors, sorted. */
static const struct text_range text_selectors[] = {
	{ 0x180b, 0x180d },	/* Mongolian free variation selectors */
	{ 0x180f, 0x180f },
	{ 0xfe00, 0xfe0f },
	{ 0xe0100, 0xe01ef },
};

static locale_t	text_ctype_locale = (locale_t)0;

/* text_in_ranges tells whether cp lies in one of n sorted ranges. */
static bool
text_in_ranges(uint32_t cp, const struct text_range *r, size_t n)
{
	size_t	lo, hi, mid;

	lo = 0;
	hi = n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/*
 * text_ctype returns a C.UTF-8 locale for wcwidth.
 *
 * Why: ncurses decides what goes into one cell with wcwidth under the UI's
 * C.UTF-8 locale; measuring marks the same way, whatever the process
 * locale, keeps "four marks" meaning what ncurses holds.  Processes are
 * single-threaded, so the lazy creation needs no lock.
 */
static locale_t
text_ctype(void)
{
	if (text_ctype_locale == (locale_t)0) {
		text_ctype_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8",
		    (locale_t)0);
		if (text_ctype_locale == (locale_t)0)
			fatalx("the C.UTF-8 locale is missing");
	}
	return text_ctype_locale;
}

/*
 * text_classify classifies a code point; the caller has made C.UTF-8 the
 * thread's locale.
 */
static enum text_class
text_classify(uint32_t cp)
{
	if (cp == '\n')
		return TEXT_LF;
	if (cp == ' ')
		return TEXT_SPACE;
	if (cp > 0x20 && cp < 0x7f)
		return TEXT_BASE;
	/* Why: C0, DEL and C1 include ESC, CSI and OSC, terminal commands. */
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return TEXT_DROP;
	/* Why: noncharacters are not for interchange; U+xxFFFE/U+xxFFFF. */
	if ((cp & 0xfffe) == 0xfffe)
		return TEXT_DROP;
	if (text_in_ranges(cp, text_dropped,
	    sizeof text_dropped / sizeof text_dropped[0]))
		return TEXT_DROP;
	if (cp == 0x200c || cp == 0x200d)
		return TEXT_JOINER;
	if (text_in_ranges(cp, text_selectors,
	    sizeof text_selectors / sizeof text_selectors[0]))
		return TEXT_VS;
	if (wcwidth((wchar_t)cp) == 0)
		return TEXT_MARK;
	return TEXT_BASE;
}

/*
 * text_decode decodes one code point from s (len > 0) strictly: no
 * overlongs, surrogates or values above U+10FFFF.  It returns the bytes
 * consumed and sets *valid; an invalid sequence consumes its maximal
 * subpart (at least one byte) and yields U+FFFD.
 */
static size_t
text_decode(const unsigned char *s, size_t len, uint32_t *cp, bool *valid)
{
	uint32_t	c;
	size_t		need, i;
	unsigned char	lo, hi;

	*cp = TEXT_REPLACEMENT;
	*valid = false;
	lo = 0x80;
	hi = 0xbf;
	if (s[0] < 0x80) {
		*cp = s[0];
		*valid = true;
		return 1;
	}
	if (s[0] < 0xc2)		/* continuation, or overlong C0/C1 */
		return 1;
	if (s[0] < 0xe0) {
		need = 1;
		c = s[0] & 0x1f;
	} else if (s[0] < 0xf0) {
		need = 2;
		c = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (s[0] < 0xf5) {
		need = 3;
		c = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else
		return 1;
	for (i = 1; i <= need; i++) {
		if (i >= len || s[i] < lo || s[i] > hi)
			return i;
		c = (c << 6) | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = c;
	*valid = true;
	return need + 1;
}

/*
 * text_utf8_decode decodes the code point at s, reading at most len bytes.
 * It returns the bytes consumed (at least 1 when len > 0, 0 when len is 0)
 * and sets *cp, to U+FFFD for an invalid or truncated sequence.
 */
size_t
text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	bool	valid;

	if (len == 0) {
		*cp = TEXT_REPLACEMENT;
		return 0;
	}
	return text_decode((const unsigned char *)s, len, cp, &valid);
}

/*
 * text_utf8_encode writes cp as UTF-8 into buf (room for 4 bytes) and
 * returns the byte count; a surrogate or a value above U+10FFFF is written
 * as U+FFFD.
 */
size_t
text_utf8_encode(uint32_t cp, char *buf)
{
	unsigned char	*b;

	b = (unsigned char *)buf;
	if (cp > TEXT_MAX_CODEPOINT || (cp >= 0xd800 && cp <= 0xdfff))
		cp = TEXT_REPLACEMENT;
	if (cp < 0x80) {
		b[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = 0xc0 | (cp >> 6);
		b[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = 0xe0 | (cp >> 12);
		b[1] = 0x80 | ((cp >> 6) & 0x3f);
		b[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	b[0] = 0xf0 | (cp >> 18);
	b[1] = 0x80 | ((cp >> 12) & 0x3f);
	b[2] = 0x80 | ((cp >> 6) & 0x3f);
	b[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/*
 * text_codepoints counts the code points of a NUL-terminated string; each
 * invalid sequence counts as one.  NULL counts as empty.
 */
size_t
text_codepoints(const char *s)
{
	size_t		len, off, count;
	uint32_t	cp;

	if (s == NULL)
		return 0;
	len = strlen(s);
	count = 0;
	for (off = 0; off < len; count++)
		off += text_utf8_decode(s + off, len - off, &cp);
	return count;
}

/* text_is_valid_utf8 tells whether len bytes at s are strict UTF-8. */
bool
text_is_valid_utf8(const char *s, size_t len)
{
	const unsigned char	*p;
	size_t			 off;
	uint32_t		 cp;
	bool			 valid;

	p = (const unsigned char *)s;
	for (off = 0; off < len; ) {
		off += text_decode(p + off, len - off, &cp, &valid);
		if (!valid)
			return false;
	}
	return true;
}

/*
 * text_to_wcs converts UTF-8 to a new NUL-terminated wide string, whatever
 * the locale (wchar_t is UCS-4 on glibc); invalid sequences become U+FFFD.
 * It sets *n, when n is not NULL, to the number of wide characters.
 */
wchar_t *
text_to_wcs(const char *s, size_t *n)
{
	wchar_t		*ws;
	size_t		 len, off, count, i;
	uint32_t	 cp;

	if (s == NULL)
		s = "";
	len = strlen(s);
	count = text_codepoints(s);
	ws = xreallocarray(NULL, count + 1, sizeof *ws);
	for (off = 0, i = 0; off < len; i++) {
		off += text_utf8_decode(s + off, len - off, &cp);
		ws[i] = (wchar_t)cp;
	}
	ws[i] = L'\0';
	if (n != NULL)
		*n = i;
	return ws;
}

/*
 * text_from_wcs converts at most n wide characters, stopping at a NUL, to
 * a new UTF-8 string; values that are not Unicode scalar values become
 * U+FFFD.
 */
char *
text_from_wcs(const wchar_t *ws, size_t n)
{
	char		*s;
	size_t		 i, o;
	uint32_t	 cp;

	if (ws == NULL)
		n = 0;
	if (n > (SIZE_MAX - 1) / 4)
		fatalx("%s: %zu wide characters", __func__, n);
	s = xmalloc(n * 4 + 1);
	o = 0;
	for (i = 0; i < n && ws[i] != L'\0'; i++) {
		if (ws[i] < 0)
			cp = TEXT_REPLACEMENT;
		else
			cp = (uint32_t)ws[i];
		o += text_utf8_encode(cp, s + o);
	}
	s[o] = '\0';
	return s;
}

/*
 * text_keep decides whether a code point of class cls may follow what has
 * been kept so far: prev is the class of the last kept code point and
 * marks the number of combining marks that end the kept text.
 */
static bool
text_keep(enum text_class cls, enum text_class prev, int marks)
{
	switch (cls) {
	case TEXT_DROP:
		return false;
	case TEXT_JOINER:
		/*
		 * Why: a joiner only means something between two visible
		 * characters; anywhere else it is an invisible character,
		 * and a run of them would hide text.  After a selector is
		 * allowed for emoji such as U+2764 U+FE0F U+200D U+1FA79.
		 */
		return prev == TEXT_BASE || prev == TEXT_VS;
	case TEXT_VS:
		/* Why: a selector chooses how its base looks, no more. */
		return prev == TEXT_BASE;
	case TEXT_MARK:
		/*
		 * Why: ncurses attaches a mark at the start of a line to
		 * the cell before it, which may be a frame or a badge; and
		 * one cell holds a base and four marks, so longer stacks
		 * only serve to spill over neighbouring lines.
		 */
		if (prev == TEXT_NONE || prev == TEXT_LF)
			return false;
		return marks < TEXT_MAX_MARKS;
	default:
		return true;
	}
}

/*
 * text_sanitise returns a new sanitised copy of s (see the top of this
 * file); NULL is treated as empty.  With multiline false the result holds
 * no LF.
 */
char *
text_sanitise(const char *s, bool multiline)
{
	enum text_class	 cls, prev;
	locale_t	 old;
	char		*out;
	size_t		 len, off, n, o;
	uint32_t	 cp;
	int		 marks;

	if (s == NULL)
		s = "";
	len = strlen(s);
	/* One input byte yields at most one U+FFFD, three bytes. */
	if (len > (SIZE_MAX - 1) / 3)
		fatalx("%s: %zu bytes", __func__, len);
	out = xmalloc(len * 3 + 1);
	old = uselocale(text_ctype());

	o = 0;
	prev = TEXT_NONE;
	marks = 0;
	for (off = 0; off < len; off += n) {
		n = text_utf8_decode(s + off, len - off, &cp);
		if (cp == '\r') {
			/* CRLF is one line break, not two. */
			if (off + n < len && s[off + n] == '\n')
				n++;
			cp = '\n';
		} else if (cp == 0x2028 || cp == 0x2029)
			cp = '\n';
		else if (cp == '\t')
			cp = ' ';
		if (cp == '\n' && !multiline)
			cp = ' ';

		cls = text_classify(cp);
		if (!text_keep(cls, prev, marks))
			continue;
		if (cls == TEXT_MARK)
			marks++;
		else
			marks = 0;
		prev = cls;
		o += text_utf8_encode(cp, out + o);
	}
	out[o] = '\0';

	uselocale(old);
	return xreallocarray(out, o + 1, 1);
}

/*
 * text_cut returns the length of the longest prefix of s of at most max
 * bytes that ends between characters, so a cut string stays valid UTF-8.
 */
size_t
text_cut(const char *s, size_t max)
{
	size_t	n;

	if ((n = strlen(s)) <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* text_format_time formats a UTC time for messages: "2026-11-28 14:05 UTC". */
void
text_format_time(int64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(buf, len,
	    "%Y-%m-%d %H:%M UTC", &tm) == 0)
		snprintf(buf, len, "?");
}

/*
 * text_read_file reads a whole file of at most max bytes that must be
 * UTF-8 text without NUL bytes; on failure *err says why.
 */
char *
text_read_file(const char *path, size_t max, char **err)
{
	FILE	*f;
	char	*buf;
	size_t	 len;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(max + 2);
	len = fread(buf, 1, max + 1, f);
	if (ferror(f)) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (len > max) {
		xasprintf(err, "%s: larger than %zu bytes", path, max);
		goto fail;
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len) != NULL || !text_is_valid_utf8(buf, len)) {
		xasprintf(err, "%s: not UTF-8 text", path);
		goto fail;
	}
	fclose(f);
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

/*
 * text_say sets *err (when err is not NULL) to a message for the person
 * acting and returns st, so a check in a domain function fails in one
 * line.
 */
int
text_say(char **err, int st, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL)
		return st;
	free(*err);
	va_start(ap, fmt);
	xvasprintf(err, fmt, ap);
	va_end(ap);
	return st;
}

/* text_wipe clears and frees a text that held someone's private words. */
void
text_wipe(char *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}

/*
 * text_json writes s as a JSON string (NULL: null), for the files Mirall
 * hands out (a patient's data, an export's manifest); text that is not
 * valid UTF-8 is sanitised first, so the file always parses.
 */
void
text_json(FILE *fp, const char *s)
{
	const unsigned char	*p;
	char			*clean = NULL;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	if (!text_is_valid_utf8(s, strlen(s)))
		s = clean = text_sanitise(s, true);
	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p == '\r')
			fputs("\\r", fp);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
	free(clean);
}
