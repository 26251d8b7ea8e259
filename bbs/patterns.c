/*
 * patterns.c: the anonymity and risk checks on text, with PCRE2.
 *
 * Three files in content/patterns/ hold one regular expression a line:
 * contact.txt (phone numbers, e-mail addresses, links, DNI/NIE numbers),
 * risk.txt (suicidal ideation and self-harm) and banned.txt (abuse, slurs,
 * spam).  They are data, written and reviewed by clinicians and
 * moderators; this file only reads, compiles and runs them.  Every
 * pattern is compiled once per process, at start-up, in UTF mode with
 * Unicode properties and ignoring case.  patterns_check tells which kinds
 * a text matches; the callers hold the post for a moderator, and risk
 * language also raises an alert.  Nothing here acts against the author.
 *
 * Matching is bounded: a match context caps the backtracking (match
 * limit), the nesting depth and the heap one pcre2_match may use, so no
 * text, however hostile, can make a pattern backtrack without end.  Any
 * error while matching (a limit reached, invalid UTF-8) counts as a match
 * of the kind being checked.  Failing safe costs a moderator a minute;
 * failing open would let through exactly the text that was built to get
 * past the check.  PCRE2 counts the match limit afresh at each starting
 * position, so it bounds the work per position, not per text: the
 * shipped patterns use bounded repeats, and the unit tests time them on
 * long hostile texts (content/patterns/README.md tells pattern writers).
 *
 * Besides the files, one rule lives here because the moderation policy
 * states it as a number: a text with more than PATTERNS_MAX_LINKS links
 * counts as contact details.  contact.txt already catches a single link;
 * the count still holds link spam if a deployment relaxes those patterns.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "bbs.h"

#define PATTERNS_MATCH_LIMIT	100000	/* backtracking steps per match */
#define PATTERNS_DEPTH_LIMIT	5000	/* nested backtracking frames */
#define PATTERNS_HEAP_LIMIT	8192	/* KiB of frames per match */
#define PATTERNS_MAX_LINKS	2

/*
 * UTF mode with Unicode properties, so \w, \d and \b know accented
 * letters, and ignoring case.  Never PCRE2_NO_UTF_CHECK: the text is
 * checked as it is matched.  \C (one byte, even inside a character) is
 * refused, since it could match half a UTF-8 sequence.
 */
#define PATTERNS_FLAGS \
	(PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_NEVER_BACKSLASH_C)

/*
 * What counts as one link for the link count: a scheme, "www." or a bare
 * domain under a common top-level domain, through to the next space.  The
 * top-level domain must be written in lower case, so "cansada.Es" (a full
 * stop without its space) is not a link.
 */
#define PATTERNS_LINK_RE \
	"(?:https?|ftp)://\\S+" \
	"|\\bwww\\d{0,3}\\.\\S+" \
	"|\\b[a-z0-9][a-z0-9-]{0,62}(?:\\.[a-z0-9-]{1,63}){0,8}" \
	"\\.(?-i:com|es|cat|org|net|eu|info|io|ly|gl)\\b\\S*"

/* One compiled pattern and the line of its file it came from. */
struct pattern {
	pcre2_code	*re;
	int		 line;
};

/* The compiled patterns of one file. */
struct pattern_set {
	struct pattern	*list;
	size_t		 len;
};

static const char *const patterns_names[PAT_COUNT] = {
	"patterns/contact.txt",
	"patterns/risk.txt",
	"patterns/banned.txt",
};

static struct pattern_set	 patterns_sets[PAT_COUNT];
static pcre2_code		*patterns_link;
static pcre2_match_context	*patterns_mctx;
static pcre2_match_data		*patterns_md;
static bool			 patterns_loaded;

/* patterns_set_free frees the compiled patterns of one file. */
static void
patterns_set_free(struct pattern_set *set)
{
	size_t	i;

	for (i = 0; i < set->len; i++)
		pcre2_code_free(set->list[i].re);
	free(set->list);
	set->list = NULL;
	set->len = 0;
}

/* patterns_error turns a PCRE2 error code into its message. */
static void
patterns_error(int code, char *buf, size_t len)
{
	if (pcre2_get_error_message(code, (PCRE2_UCHAR *)buf, len) < 0)
		snprintf(buf, len, "PCRE2 error %d", code);
}

/*
 * patterns_compile compiles the pattern at line of path.  A compile error
 * gives "FILE:LINE: message at offset N", the offset counted in bytes from
 * the start of the line as written.  A pattern that matches empty text
 * would hold every post, so it is refused too.
 */
static pcre2_code *
patterns_compile(const char *path, int line, const char *pat, size_t skip,
    char **err)
{
	pcre2_code		*re;
	pcre2_match_data	*md;
	PCRE2_SIZE		 off;
	char			 msg[256];
	int			 code, rc;

	re = pcre2_compile((PCRE2_SPTR)pat, strlen(pat), PATTERNS_FLAGS,
	    &code, &off, NULL);
	if (re == NULL) {
		patterns_error(code, msg, sizeof msg);
		xasprintf(err, "%s:%d: %s at offset %zu", path, line, msg,
		    (size_t)off + skip);
		return NULL;
	}
	md = pcre2_match_data_create(1, NULL);
	if (md == NULL)
		fatalx("pcre2_match_data_create: out of memory");
	rc = pcre2_match(re, (PCRE2_SPTR)"", 0, 0, 0, md, patterns_mctx);
	pcre2_match_data_free(md);
	if (rc >= 0) {
		xasprintf(err, "%s:%d: matches empty text, so it would hold "
		    "every post", path, line);
		pcre2_code_free(re);
		return NULL;
	}
	return re;
}

/*
 * patterns_read reads and compiles one pattern file into set.  One pattern
 * a line; blank lines and lines whose first non-blank character is '#'
 * are skipped; spaces and tabs around a pattern are ignored (write \x20
 * for a space at either end).
 */
static int
patterns_read(const char *path, struct pattern_set *set, char **err)
{
	FILE		*f;
	pcre2_code	*re;
	char		*buf = NULL, *p;
	size_t		 cap = 0, alloc = 0, skip;
	ssize_t		 n;
	int		 line = 0, st = ST_IOERR;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		return ST_IOERR;
	}
	while ((n = getline(&buf, &cap, f)) != -1) {
		line++;
		while (n > 0 && strchr("\r\n \t", buf[n - 1]) != NULL)
			buf[--n] = '\0';
		skip = strspn(buf, " \t");
		p = buf + skip;
		if (*p == '\0' || *p == '#')
			continue;
		if ((re = patterns_compile(path, line, p, skip, err)) == NULL)
			goto out;
		if (set->len == alloc) {
			alloc = alloc == 0 ? 64 : alloc * 2;
			set->list = xreallocarray(set->list, alloc,
			    sizeof *set->list);
		}
		set->list[set->len].re = re;
		set->list[set->len++].line = line;
	}
	if (ferror(f)) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		goto out;
	}
	st = ST_OK;
out:
	free(buf);
	fclose(f);
	return st;
}

/* patterns_init makes the match context, match data and link pattern. */
static void
patterns_init(void)
{
	PCRE2_SIZE	off;
	int		code;

	if (patterns_mctx != NULL)
		return;
	if ((patterns_mctx = pcre2_match_context_create(NULL)) == NULL ||
	    (patterns_md = pcre2_match_data_create(1, NULL)) == NULL)
		fatalx("pcre2: out of memory");
	pcre2_set_match_limit(patterns_mctx, PATTERNS_MATCH_LIMIT);
	pcre2_set_depth_limit(patterns_mctx, PATTERNS_DEPTH_LIMIT);
	pcre2_set_heap_limit(patterns_mctx, PATTERNS_HEAP_LIMIT);
	patterns_link = pcre2_compile((PCRE2_SPTR)PATTERNS_LINK_RE,
	    PCRE2_ZERO_TERMINATED, PATTERNS_FLAGS, &code, &off, NULL);
	if (patterns_link == NULL)
		fatalx("the link pattern does not compile");
}

/*
 * patterns_load reads and compiles the three pattern files under
 * conf->content_dir.  It may be called again to reload: the new patterns
 * replace the old only when every file compiled; on failure the old ones
 * stay, ST_IOERR is returned and *err is "FILE:LINE: message at offset N"
 * or "FILE: reason" (allocated).
 */
int
patterns_load(const struct conf *conf, char **err)
{
	struct pattern_set	 sets[PAT_COUNT];
	char			*path;
	int			 k, st = ST_OK;

	*err = NULL;
	patterns_init();
	memset(sets, 0, sizeof sets);
	for (k = 0; k < PAT_COUNT && st == ST_OK; k++) {
		xasprintf(&path, "%s/%s", conf->content_dir,
		    patterns_names[k]);
		st = patterns_read(path, &sets[k], err);
		free(path);
	}
	for (k = 0; k < PAT_COUNT; k++) {
		if (st != ST_OK) {
			patterns_set_free(&sets[k]);
			continue;
		}
		patterns_set_free(&patterns_sets[k]);
		patterns_sets[k] = sets[k];
	}
	if (st == ST_OK)
		patterns_loaded = true;
	return st;
}

/* patterns_free frees every compiled pattern. */
void
patterns_free(void)
{
	int	k;

	for (k = 0; k < PAT_COUNT; k++)
		patterns_set_free(&patterns_sets[k]);
	pcre2_code_free(patterns_link);
	pcre2_match_data_free(patterns_md);
	pcre2_match_context_free(patterns_mctx);
	patterns_link = NULL;
	patterns_md = NULL;
	patterns_mctx = NULL;
	patterns_loaded = false;
}

/* patterns_file names the file of a kind, relative to content_dir. */
const char *
patterns_file(int kind)
{
	if (kind < 0 || kind >= PAT_COUNT)
		return NULL;
	return patterns_names[kind];
}

/*
 * patterns_fold returns a copy of text without combining accents
 * (U+0300 to U+036F), so "i" followed by a combining acute matches "[ií]"
 * as the precomposed "í" does.  Text that is not valid UTF-8 is copied
 * unchanged, for PCRE2 to report.
 */
static char *
patterns_fold(const char *text, size_t *len)
{
	const unsigned char	*s = (const unsigned char *)text;
	char			*out;
	size_t			 i, o = 0, n = strlen(text);

	out = xmalloc(n + 1);
	if (!text_is_valid_utf8(text, n)) {
		memcpy(out, text, n + 1);
		*len = n;
		return out;
	}
	for (i = 0; i < n; i++) {
		if ((s[i] == 0xcc && s[i + 1] >= 0x80 && s[i + 1] <= 0xbf) ||
		    (s[i] == 0xcd && s[i + 1] >= 0x80 && s[i + 1] <= 0xaf)) {
			i++;
			continue;
		}
		out[o++] = (char)s[i];
	}
	out[o] = '\0';
	*len = o;
	return out;
}

/*
 * patterns_match runs one pattern on text from offset start: 1 for a
 * match, 0 for none, -1 for an error (logged), which every caller counts
 * as a match: failing safe.  what and line name the pattern in the log.
 */
static int
patterns_match(const pcre2_code *re, const char *text, size_t len,
    size_t start, const char *what, int line)
{
	char	msg[256];
	int	rc;

	rc = pcre2_match(re, (PCRE2_SPTR)text, len, start, 0, patterns_md,
	    patterns_mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	patterns_error(rc, msg, sizeof msg);
	if (line > 0)
		log_warn("%s:%d: %s; the text is held as if it matched", what,
		    line, msg);
	else
		log_warn("%s: %s; the text is held as if it matched", what,
		    msg);
	return -1;
}

/*
 * patterns_links tells whether text holds more than PATTERNS_MAX_LINKS
 * links; an error while counting counts as too many.
 */
static bool
patterns_links(const char *text, size_t len)
{
	PCRE2_SIZE	*ov;
	size_t		 start = 0;
	int		 count = 0, rc;

	while (start < len) {
		rc = patterns_match(patterns_link, text, len, start,
		    "link count", 0);
		if (rc == 0)
			break;
		ov = pcre2_get_ovector_pointer(patterns_md);
		if (rc < 0 || ov[1] <= start || ov[1] > len)
			return true;
		if (++count > PATTERNS_MAX_LINKS)
			return true;
		start = ov[1];
	}
	return false;
}

/*
 * patterns_check returns PAT_BIT(kind) for each kind of pattern text
 * matches.  Calling it before patterns_load succeeded is a bug: every
 * program loads the patterns at start and stops if they are bad.
 */
unsigned
patterns_check(const char *text)
{
	const struct pattern_set	*set;
	unsigned			 found = 0;
	char				*s;
	size_t				 len, i;
	int				 k;

	if (!patterns_loaded)
		fatalx("patterns_check: the patterns were never loaded");
	if (text == NULL)
		fatalx("patterns_check: no text");
	s = patterns_fold(text, &len);
	for (k = 0; k < PAT_COUNT; k++) {
		set = &patterns_sets[k];
		for (i = 0; i < set->len; i++) {
			if (patterns_match(set->list[i].re, s, len, 0,
			    patterns_names[k], set->list[i].line) != 0) {
				found |= PAT_BIT(k);
				break;
			}
		}
	}
	if ((found & PAT_BIT(PAT_CONTACT)) == 0 && patterns_links(s, len))
		found |= PAT_BIT(PAT_CONTACT);
	free(s);
	return found;
}
