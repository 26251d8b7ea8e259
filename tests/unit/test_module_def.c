/*
 * test_module_def.c: the self-help module parser and registry.
 *
 * The fixtures are in tests/unit/modules/ (found from __FILE__, as
 * helpers.h finds content/): sample/ is a valid module in English and
 * Spanish, ok/ holds files at the limits that must be accepted, bad/ one
 * file per mistake a writer can make, each asserted with its exact
 * "FILE:LINE: message".  Loader tests build a small content directory in
 * /tmp from the fixtures; a translation that differs from the default
 * language is made by changing one line of sample/es.txt, and the error
 * must name that file and line.  What cannot sit in a text fixture (bytes
 * that are not UTF-8, a NUL, a 4001-byte line, an invisible character)
 * is written by the test.
 */
#include <sys/stat.h>

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"

#define ID32	"a-module-id-of-32-bytes-12345678"
#define ID33	ID32 "9"

static char	 tmpdir[] = "/tmp/test_module_def.XXXXXX";
static struct conf *conf;	/* content_dir: tmpdir */

/* fixture returns the path of a fixture, tests/unit/modules/<rel>. */
static char *
fixture(const char *rel)
{
	const char	*file = __FILE__, *at;
	char		*path;

	at = strstr(file, "test_module_def.c");
	assert_non_null(at);
	xasprintf(&path, "%.*smodules/%s", (int)(at - file), file, rel);
	return path;
}

/* slurp reads a whole file. */
static char *
slurp(const char *path)
{
	char	*buf, *err = NULL;

	buf = text_read_file(path, 1024 * 1024, &err);
	if (buf == NULL)
		fail_msg("%s", err);
	return buf;
}

/* put writes len bytes to tmpdir/rel, making its directories. */
static void
put(const char *rel, const char *text, size_t len)
{
	char	*path, *slash;
	FILE	*f;

	xasprintf(&path, "%s/%s", tmpdir, rel);
	for (slash = strchr(path + strlen(tmpdir) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(path);
}

/* put_str writes a string to tmpdir/rel. */
static void
put_str(const char *rel, const char *text)
{
	put(rel, text, strlen(text));
}

/* put_fixture copies a fixture to tmpdir/rel. */
static void
put_fixture(const char *rel, const char *fix)
{
	char	*path, *text;

	path = fixture(fix);
	text = slurp(path);
	put_str(rel, text);
	free(text);
	free(path);
}

/*
 * put_es_changed writes the sample module in tmpdir, with sample/es.txt
 * changed: the first "from" replaced by "to".
 */
static void
put_es_changed(const char *from, const char *to)
{
	char	*path, *text, *at, *changed;

	put_fixture("modules/sample/en.txt", "sample/en.txt");
	path = fixture("sample/es.txt");
	text = slurp(path);
	if ((at = strstr(text, from)) == NULL)
		fail_msg("not in es.txt: %s", from);
	xasprintf(&changed, "%.*s%s%s", (int)(at - text), text, to,
	    at + strlen(from));
	put_str("modules/sample/es.txt", changed);
	free(changed);
	free(text);
	free(path);
}

/* rm_one removes one entry, for nftw. */
static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* rm_tmp removes tmpdir/rel, a file or an empty directory. */
static void
rm_tmp(const char *rel)
{
	char	*path;

	xasprintf(&path, "%s/%s", tmpdir, rel);
	assert_int_equal(remove(path), 0);
	free(path);
}

/* setup makes an empty content directory and a config pointing at it. */
static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_module_def.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	conf = conf_defaults(NULL);
	free(conf->content_dir);
	conf->content_dir = xstrdup(tmpdir);
	return 0;
}

/* teardown empties the registry and removes the content directory. */
static int
teardown(void **state)
{
	(void)state;
	modules_free();
	conf_free(conf);
	conf = NULL;
	return nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* load_fails loads tmpdir's modules, which must fail with want. */
static void
load_fails(const char *want_tail)
{
	char	*err = NULL, *want;

	assert_int_equal(modules_load(conf, &err), ST_INVALID);
	assert_non_null(err);
	xasprintf(&want, "%s/%s", tmpdir, want_tail);
	assert_string_equal(err, want);
	free(want);
	free(err);
}

/* load_ok loads tmpdir's modules, which must be good. */
static void
load_ok(void)
{
	char	*err = NULL;

	if (modules_load(conf, &err) != ST_OK)
		fail_msg("modules_load: %s", err);
	assert_null(err);
}

/* parse_fixture parses a fixture file with module id "sample". */
static int
parse_fixture(const char *rel, const char *id, struct module **m,
    char **err)
{
	char	*path;
	int	 st;

	path = fixture(rel);
	*err = NULL;
	st = module_parse_file(path, id, m, err);
	free(path);
	return st;
}

/* The sample module, parsed, has everything its file says. */
static void
test_parse_sample(void **state)
{
	const struct module_exercise	*e;
	const struct module_page	*pg;
	struct module			*m;
	char				*err;

	(void)state;
	assert_int_equal(parse_fixture("sample/en.txt", "sample", &m, &err),
	    ST_OK);
	assert_null(err);
	assert_string_equal(m->id, "sample");
	assert_string_equal(m->lang, "en");
	assert_string_equal(m->title, "A sample module");
	assert_int_equal(m->version, 2);
	assert_false(m->all_at_once);
	assert_string_equal(m->about, "A short module to test the parser.\n"
	    "This module complements your care; it does not replace it.");
	assert_int_equal(m->nsessions, 2);
	assert_string_equal(m->sessions[0].title, "Getting started");
	assert_string_equal(m->sessions[1].title, "Working with thoughts");
	assert_int_equal(m->sessions[0].npages, 2);
	assert_int_equal(m->sessions[1].npages, 2);

	pg = &m->sessions[0].pages[0];
	assert_string_equal(pg->title, "What this is");
	assert_string_equal(pg->body, "## Why it helps\n"
	    "Some people notice *tension* in the body\n"
	    "after treatment.\n"
	    "\n"
	    "- shoulders that stay up\n"
	    "  and stiff\n"
	    "- a clenched jaw\n"
	    "\n"
	    "1. Breathe in.\n"
	    "2. Breathe out.");
	assert_int_equal(pg->first, 0);
	assert_int_equal(pg->nexercises, 2);
	pg = &m->sessions[0].pages[1];
	assert_string_equal(pg->body, "Tick what applies.");
	assert_int_equal(pg->first, 2);
	assert_int_equal(pg->nexercises, 1);
	pg = &m->sessions[1].pages[0];
	assert_int_equal(pg->first, 3);
	assert_int_equal(pg->nexercises, 2);
	pg = &m->sessions[1].pages[1];
	assert_string_equal(pg->title, "Closing");
	assert_string_equal(pg->body, "That is all for now.");
	assert_int_equal(pg->first, 5);
	assert_int_equal(pg->nexercises, 0);

	assert_int_equal(m->nexercises, 5);
	e = &m->exercises[0];
	assert_string_equal(e->id, "tension-now");
	assert_int_equal(e->kind, EX_RATING);
	/* A prompt continues on the next line, joined by a space. */
	assert_string_equal(e->prompt,
	    "How tense does your body feel right now?");
	assert_string_equal(e->low, "Completely relaxed");
	assert_string_equal(e->high, "As tense as ever");
	assert_false(e->optional);
	assert_int_equal(e->session, 0);
	assert_int_equal(e->page, 0);
	e = &m->exercises[1];
	assert_string_equal(e->id, "note");
	assert_int_equal(e->kind, EX_TEXT);
	assert_string_equal(e->prompt, "What did you notice?");
	assert_null(e->low);
	e = module_exercise(m, "signs");
	assert_ptr_equal(e, &m->exercises[2]);
	assert_int_equal(e->kind, EX_CHECKLIST);
	assert_true(e->optional);
	assert_int_equal(e->nitems, 3);
	assert_string_equal(e->items[0], "Tight shoulders");
	assert_string_equal(e->items[2], "Shallow breathing");
	assert_int_equal(e->session, 0);
	assert_int_equal(e->page, 1);
	e = &m->exercises[3];
	assert_string_equal(e->id, "record-1");
	assert_int_equal(e->kind, EX_THOUGHT_RECORD);
	assert_int_equal(e->session, 1);
	assert_int_equal(e->page, 0);
	e = &m->exercises[4];
	assert_string_equal(e->id, "plan");
	assert_int_equal(e->kind, EX_ACTIVITY_PLAN);
	assert_null(module_exercise(m, "nope"));
	assert_null(module_exercise(m, "tension"));
	module_free(m);
}

/* The files at the limits are accepted: 2 and 20 items, 32-byte ids. */
static void
test_parse_limits(void **state)
{
	struct module	*m;
	char		*err;

	(void)state;
	assert_int_equal(parse_fixture("ok/items-2.txt", "sample", &m, &err),
	    ST_OK);
	assert_int_equal(m->exercises[0].nitems, 2);
	assert_string_equal(m->lang, "");	/* not a language's file */
	module_free(m);
	assert_int_equal(parse_fixture("ok/items-20.txt", "sample", &m,
	    &err), ST_OK);
	assert_int_equal(m->exercises[0].nitems, MODULE_ITEMS_MAX);
	assert_string_equal(m->exercises[0].items[19], "Option 20");
	module_free(m);
	assert_int_equal(strlen(ID32), MODULE_ID_MAX - 1);
	assert_int_equal(parse_fixture("ok/id-32.txt", ID32, &m, &err),
	    ST_OK);
	assert_string_equal(m->id, ID32);
	assert_string_equal(m->exercises[0].id, ID32);
	module_free(m);
	/* Without an expected id, any valid one is taken. */
	assert_int_equal(parse_fixture("ok/id-32.txt", NULL, &m, &err),
	    ST_OK);
	module_free(m);
	assert_null(err);
}

/* One malformed fixture and the error it must give. */
struct bad_case {
	const char	*file;
	int		 line;
	const char	*message;
};

static const struct bad_case bad_cases[] = {
	{ "unknown-directive", 11,
	  "unknown directive @slider (see content/modules/README.md)" },
	{ "exercise-before-page", 9,
	  "@exercise before any @page: an exercise belongs to a page" },
	{ "item-on-page", 11,
	  "@item outside a checklist: it follows @exercise ID checklist" },
	{ "item-in-rating", 13,
	  "@item in exercise 'r' (rating): only a checklist exercise has "
	  "it" },
	{ "low-in-text", 13,
	  "@low in exercise 'x' (text): only a rating exercise has it" },
	{ "prompt-on-page", 11,
	  "@prompt outside an exercise: it follows @exercise ID KIND" },
	{ "no-title", 7,
	  "@title is missing: it comes before the first @session" },
	{ "no-version", 7,
	  "@version is missing: it comes before the first @session" },
	{ "no-unlock", 7,
	  "@unlock is missing: it comes before the first @session" },
	{ "no-about", 6,
	  "@about is missing: the module's introduction, before the first "
	  "@session" },
	{ "about-empty", 6,
	  "@about has no text: write the module's introduction on the lines "
	  "after it" },
	{ "title-after-session", 11,
	  "@title after the first @session: the module's @title, @version, "
	  "@unlock and @about come before it" },
	{ "module-not-first", 2,
	  "@title before @module: a module file starts with @module ID" },
	{ "text-before-module", 2,
	  "text before @module: a module file starts with @module ID" },
	{ "no-module", 2,
	  "the file has no @module line: it starts with @module ID" },
	{ "session-no-pages", 8,
	  "session 1 has no @page: a session needs at least one page" },
	{ "text-in-session", 9,
	  "text before the session's first @page: a session's text goes on "
	  "its pages" },
	{ "exercise-no-prompt", 11,
	  "exercise 'x' has no @prompt: add @prompt and its question" },
	{ "rating-no-high", 11,
	  "rating 'r' needs @low and @high: what 0 and 10 mean" },
	{ "items-1", 11,
	  "checklist 'c' has 1 item: it needs 2 to 20 @item lines" },
	{ "items-21", 33, "checklist 'c' has more than 20 items" },
	{ "duplicate-id", 14,
	  "exercise id 'x' is used twice (first on line 11)" },
	{ "bad-id", 11,
	  "@exercise: 'Tension_Now' is not an id: use lowercase letters, "
	  "digits and '-'" },
	{ "id-33", 11,
	  "@exercise: the id '" ID33 "' is 33 bytes long, more than 32" },
	{ "module-id-33", 2,
	  "@module: the id '" ID33 "' is 33 bytes long, more than 32" },
	{ "wrong-module", 2,
	  "@module other does not match the directory name, sample" },
	{ "unknown-kind", 11,
	  "@exercise: unknown kind 'slider' (text, rating, checklist, "
	  "thought-record, activity-plan)" },
	{ "text-after-exercise", 14,
	  "text in exercise 'x' outside its @prompt: a page's text goes "
	  "before its exercises (start a new @page for more)" },
	{ "empty-page", 9,
	  "page 1 of session 1 is empty: it has no text and no exercise" },
	{ "no-session", 8, "the module has no @session" },
	{ "bad-version", 4,
	  "@version must be a whole number from 1, not 'one'" },
	{ "bad-unlock", 5,
	  "@unlock must be in-order or all, not 'daily'" },
	{ "indented-directive", 11,
	  "@exercise is indented: a directive starts at the beginning of "
	  "the line" },
};

/* Every malformed fixture is refused with its exact FILE:LINE: what. */
static void
test_parse_bad(void **state)
{
	const struct bad_case	*c;
	struct module		*m;
	char			*err, *rel, *path, *want;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		c = &bad_cases[i];
		xasprintf(&rel, "bad/%s.txt", c->file);
		path = fixture(rel);
		xasprintf(&want, "%s:%d: %s", path, c->line, c->message);
		m = (struct module *)1;
		assert_int_equal(parse_fixture(rel, "sample", &m, &err),
		    ST_INVALID);
		assert_null(m);
		if (err == NULL || strcmp(err, want) != 0)
			fail_msg("%s:\n  got  %s\n  want %s", c->file,
			    err != NULL ? err : "(none)", want);
		free(err);
		free(want);
		free(path);
		free(rel);
	}
}

/* parse_written parses tmpdir/x.txt as written by the test. */
static int
parse_written(const char *text, size_t len, char **err)
{
	struct module	*m;
	char		*path;
	int		 st;

	put("x.txt", text, len);
	xasprintf(&path, "%s/x.txt", tmpdir);
	*err = NULL;
	st = module_parse_file(path, "sample", &m, err);
	module_free(m);
	free(path);
	return st;
}

/* written_fails asserts the tmp file's error, after "tmpdir/x.txt:". */
static void
written_fails(const char *text, size_t len, const char *want_tail)
{
	char	*err, *want;

	assert_int_equal(parse_written(text, len, &err), ST_INVALID);
	xasprintf(&want, "%s/x.txt:%s", tmpdir, want_tail);
	assert_non_null(err);
	assert_string_equal(err, want);
	free(want);
	free(err);
}

#define HEAD	"@module sample\n@title T\n@version 1\n@unlock all\n@about\n"

/* Bytes that are not UTF-8, a NUL and invisible characters are refused. */
static void
test_parse_bytes(void **state)
{
	static const char bad_utf8[] = HEAD "Caf\xe9 text.\n@session S\n";
	static const char nul[] = HEAD "About\0text.\n@session S\n";
	static const char shy[] = HEAD "Abo\xc2\xadut.\n@session S\n";
	static const char zwsp[] = HEAD "Ab\xe2\x80\x8bout.\n@session S\n";
	static const char esc[] = HEAD "About \x1b[31m.\n@session S\n";

	(void)state;
	written_fails(bad_utf8, sizeof bad_utf8 - 1,
	    "6: the text is not UTF-8: save the file as UTF-8");
	written_fails(nul, sizeof nul - 1,
	    "6: a NUL byte: this is not a text file");
	written_fails(shy, sizeof shy - 1,
	    "6: an invisible or control character, U+00AD, at column 4: "
	    "delete it (it would not be shown)");
	written_fails(zwsp, sizeof zwsp - 1,
	    "6: an invisible or control character, U+200B, at column 3: "
	    "delete it (it would not be shown)");
	written_fails(esc, sizeof esc - 1,
	    "6: an invisible or control character, U+001B, at column 7: "
	    "delete it (it would not be shown)");
}

/* A line of 4000 bytes is read; one of 4001 is refused. */
static void
test_parse_long_line(void **state)
{
	char	*text, *err, line[4002];

	(void)state;
	memset(line, 'a', 4000);
	line[4000] = '\0';
	xasprintf(&text, HEAD "%s\n@session S\n@page P\nText.\n", line);
	assert_int_equal(parse_written(text, strlen(text), &err), ST_OK);
	assert_null(err);
	free(text);
	strcat(line, "a");
	xasprintf(&text, HEAD "%s\n@session S\n@page P\nText.\n", line);
	written_fails(text, strlen(text), "6: the line is 4001 bytes long, "
	    "more than 4000: break it into shorter lines");
	free(text);
}

/* CRLF line ends, a byte order mark, tabs and comments are all fine. */
static void
test_parse_tolerated(void **state)
{
	static const char text[] = "\xef\xbb\xbf% A comment\r\n"
	    "@module\tsample\r\n@title  Tabs\tand spaces  \r\n@version 1\r\n"
	    "@unlock all\r\n@about\r\nAbout\ttext.\r\n%@not a directive\r\n"
	    "@session S\r\n@page P\r\nText.\r\n  @someone's words\r\n";
	struct module	*m;
	char		*path, *err = NULL;

	(void)state;
	put("x.txt", text, sizeof text - 1);
	xasprintf(&path, "%s/x.txt", tmpdir);
	assert_int_equal(module_parse_file(path, "sample", &m, &err), ST_OK);
	assert_string_equal(m->title, "Tabs\tand spaces");
	assert_string_equal(m->about, "About\ttext.");
	/* Indented, "@" that names no directive is text. */
	assert_string_equal(m->sessions[0].pages[0].body,
	    "Text.\n  @someone's words");
	assert_string_equal(m->path, path);
	module_free(m);
	/* A file that does not exist is not found, not invalid. */
	free(path);
	xasprintf(&path, "%s/none.txt", tmpdir);
	assert_int_equal(module_parse_file(path, "sample", &m, &err),
	    ST_NOTFOUND);
	assert_null(m);
	assert_non_null(err);
	free(err);
	free(path);
}

/*
 * Two languages load; a missing language falls back to the default with
 * the flag set; README.md and plain files beside the modules are skipped.
 */
static void
test_load_fallback(void **state)
{
	const struct module	*m;
	bool			 fb;

	(void)state;
	put_fixture("modules/sample/en.txt", "sample/en.txt");
	put_fixture("modules/sample/es.txt", "sample/es.txt");
	put_fixture("modules/second/en.txt", "ok/items-2.txt");
	put_str("modules/README.md", "# not a module\n");
	put_str("modules/notes.txt", "not a module either\n");
	/* items-2.txt says @module sample: in second/ that is an error. */
	load_fails("modules/second/en.txt:2: @module sample does not match "
	    "the directory name, second");
	put_fixture("modules/second/en.txt", "ok/id-32.txt");
	load_fails("modules/second/en.txt:2: @module " ID32 " does not "
	    "match the directory name, second");
	put_fixture("modules/" ID32 "/en.txt", "ok/id-32.txt");
	rm_tmp("modules/second/en.txt");
	rm_tmp("modules/second");
	load_ok();
	assert_int_equal(modules_count(), 2);
	/* Sorted by id: "a-module-..." before "sample". */
	fb = true;
	m = modules_at(0, "en", &fb);
	assert_non_null(m);
	assert_string_equal(m->id, ID32);
	assert_false(fb);
	m = modules_at(1, "es", &fb);
	assert_string_equal(m->id, "sample");
	assert_string_equal(m->lang, "es");
	assert_string_equal(m->title, "Un módulo de ejemplo");
	assert_false(fb);
	assert_null(modules_at(2, "en", &fb));

	m = modules_get("sample", "ca", &fb);
	assert_non_null(m);
	assert_string_equal(m->lang, "en");
	assert_true(fb);
	m = modules_get("sample", "fr", &fb);
	assert_string_equal(m->lang, "en");
	assert_true(fb);
	m = modules_get("sample", NULL, &fb);
	assert_string_equal(m->lang, "en");
	assert_false(fb);
	m = modules_get(ID32, "es", &fb);
	assert_string_equal(m->lang, "en");
	assert_true(fb);
	m = modules_get("sample", "es", NULL);
	assert_string_equal(m->lang, "es");
	assert_string_equal(module_exercise(m, "signs")->items[0],
	    "Hombros tensos");
	assert_null(modules_get("samples", "en", &fb));
	assert_null(modules_get("a", "en", &fb));
	assert_null(modules_get("zzz", "en", &fb));
	assert_false(fb);
}

/* Another default language: every module needs it; English falls back. */
static void
test_load_default_language(void **state)
{
	const struct module	*m;
	bool			 fb;

	(void)state;
	free(conf->default_language);
	conf->default_language = xstrdup("es");
	put_fixture("modules/sample/en.txt", "sample/en.txt");
	put_fixture("modules/sample/es.txt", "sample/es.txt");
	load_ok();
	m = modules_get("sample", "en", &fb);
	assert_string_equal(m->lang, "en");
	assert_false(fb);
	m = modules_get("sample", "ca", &fb);
	assert_string_equal(m->lang, "es");
	assert_true(fb);
	m = modules_get("sample", NULL, &fb);
	assert_string_equal(m->lang, "es");
	assert_false(fb);
	put_fixture("modules/only-en/en.txt", "sample/en.txt");
	load_fails("modules/only-en: no es.txt: every module needs a file in "
	    "the default language, es");
	/* A failed load keeps what was loaded. */
	assert_int_equal(modules_count(), 1);
	assert_non_null(modules_get("sample", "es", &fb));
}

/* No modules directory is no modules; an empty module directory is not. */
static void
test_load_missing(void **state)
{
	char	*p;

	(void)state;
	load_ok();
	assert_int_equal(modules_count(), 0);
	assert_null(modules_at(0, "en", NULL));
	assert_null(modules_get("sample", "en", NULL));
	xasprintf(&p, "%s/modules", tmpdir);
	assert_int_equal(mkdir(p, 0700), 0);
	load_ok();
	assert_int_equal(modules_count(), 0);
	free(p);
	xasprintf(&p, "%s/modules/empty", tmpdir);
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	load_fails("modules/empty: no en.txt: every module needs a file in "
	    "the default language, en");
}

/* Directories that cannot be modules, and unknown language files. */
static void
test_load_names(void **state)
{
	char	*a, *b;

	(void)state;
	put_fixture("modules/Sample/en.txt", "sample/en.txt");
	load_fails("modules/Sample: 'Sample' is not a module id: lowercase "
	    "letters, digits and '-', at most 32 bytes");
	xasprintf(&a, "%s/modules/Sample", tmpdir);
	xasprintf(&b, "%s/modules/sample", tmpdir);
	assert_int_equal(rename(a, b), 0);
	free(a);
	free(b);
	put_fixture("modules/sample/fr.txt", "sample/en.txt");
	load_fails("modules/sample/fr.txt:1: unknown language 'fr': a "
	    "module's files are en.txt, es.txt and ca.txt");
}

/* A translation with its own mistake names its own file. */
static void
test_load_translation_error(void **state)
{
	(void)state;
	put_es_changed("@page Cierre\n", "@pagina Cierre\n");
	load_fails("modules/sample/es.txt:53: unknown directive @pagina "
	    "(see content/modules/README.md)");
}

/* One way a translation can differ, and the error it must give. */
struct mismatch {
	const char	*from;
	const char	*to;
	const char	*want;	/* after tmpdir/modules/sample/es.txt: */
};

static const struct mismatch mismatches[] = {
	{ "@version 2\n", "@version 3\n",
	  "5: @version 3, but en.txt has @version 2" },
	{ "@unlock in-order\n", "@unlock all\n",
	  "6: @unlock all, but en.txt has @unlock in-order" },
	/* The second session cut: the file ends on line 42. */
	{ "@session Trabajar con los pensamientos\n"
	  "@page Un registro de pensamientos\n"
	  "Escribe un momento.\n\n"
	  "@exercise record-1 thought-record\n"
	  "@prompt Piensa en un momento de esta semana.\n\n"
	  "@exercise plan activity-plan\n"
	  "@prompt Planifica tres actividades pequeñas.\n\n"
	  "@page Cierre\n"
	  "Esto es todo por ahora.\n", "",
	  "42: the file ends after 1 session, but en.txt has 2" },
	{ "Esto es todo por ahora.\n",
	  "Esto es todo por ahora.\n@session Otra\n@page X\nTexto.\n",
	  "55: session 3, but en.txt has only 2 sessions" },
	/* The last page cut: the file ends on line 52. */
	{ "@page Cierre\nEsto es todo por ahora.\n", "",
	  "52: session 2 ends after 1 page, but en.txt's session 2 has 2" },
	{ "Esto es todo por ahora.\n",
	  "Esto es todo por ahora.\n@page Otra\nMás.\n",
	  "55: page 3 of session 2, but en.txt's session 2 has only 2 "
	  "pages" },
	/* A page added in the middle: the page before it ends too soon. */
	{ "@page Cómo estás\n", "@page Cómo\nMás.\n@page Cómo estás\n",
	  "35: page 2 of session 1 ends before exercise 'signs' "
	  "(checklist), which en.txt has on it" },
	{ "@exercise note text\n", "@exercise notes text\n",
	  "30: exercise 'notes' (text), but en.txt has exercise 'note' "
	  "(text) here" },
	{ "@exercise note text\n", "@exercise note rating\n",
	  "30: exercise 'note' (rating), but en.txt has exercise 'note' "
	  "(text) here" },
	/* The exercise missing from page 1: found where the page ends. */
	{ "@exercise note text\n@prompt ¿Qué has notado?\n", "",
	  "31: page 1 of session 1 ends before exercise 'note' (text), "
	  "which en.txt has on it" },
	{ "@prompt ¿Qué has notado?\n",
	  "@prompt ¿Qué has notado?\n\n@exercise extra text\n@prompt ¿Y?\n",
	  "33: exercise 'extra', but en.txt has no more exercises on page 1 "
	  "of session 1" },
	{ "@item Respiración corta\n", "",
	  "36: checklist 'signs' has 2 items, but en.txt has 3" },
	{ "@item Respiración corta\n",
	  "@item Respiración corta\n@item Otra\n",
	  "42: a 4th item in checklist 'signs', but en.txt's has 3" },
	{ "@optional\n", "",
	  "36: exercise 'signs' is required here, but optional in en.txt" },
};

/* Each structural difference names the translation's file and line. */
static void
test_load_mismatch(void **state)
{
	const struct mismatch	*c;
	char			*want, *err;
	size_t			 i;

	(void)state;
	put_es_changed("@title Un módulo de ejemplo\n",
	    "@title Otro título\n");
	load_ok();
	assert_string_equal(modules_get("sample", "es", NULL)->title,
	    "Otro título");
	for (i = 0; i < sizeof mismatches / sizeof mismatches[0]; i++) {
		c = &mismatches[i];
		put_es_changed(c->from, c->to);
		err = NULL;
		assert_int_equal(modules_load(conf, &err), ST_INVALID);
		xasprintf(&want, "%s/modules/sample/es.txt:%s", tmpdir,
		    c->want);
		if (err == NULL || strcmp(err, want) != 0)
			fail_msg("case %zu:\n  got  %s\n  want %s", i,
			    err != NULL ? err : "(none)", want);
		free(want);
		free(err);
	}
	/* The registry from before the failures is still there. */
	assert_string_equal(modules_get("sample", "es", NULL)->title,
	    "Otro título");
}

/* One block as module_blocks must make it. */
struct want_block {
	enum module_block_kind	 kind;
	int			 number;
	const char		*text;
};

/* blocks_are checks body's blocks against want. */
static void
blocks_are(const char *body, const struct want_block *want, size_t n)
{
	struct module_block	*b;
	size_t			 nb, i;

	assert_int_equal(module_blocks(body, &b, &nb), ST_OK);
	if (nb != n) {
		for (i = 0; i < nb; i++)
			print_message("block %zu: %d %d '%s'\n", i, b[i].kind,
			    b[i].number, b[i].text);
		fail_msg("%zu blocks, want %zu", nb, n);
	}
	for (i = 0; i < n; i++) {
		assert_int_equal(b[i].kind, want[i].kind);
		if (want[i].kind == BLOCK_NUMBERED)
			assert_int_equal(b[i].number, want[i].number);
		assert_string_equal(b[i].text, want[i].text);
	}
	module_blocks_free(b, nb);
}

/* Every kind of block, emphasis kept, and what is not a marker. */
static void
test_blocks(void **state)
{
	static const char body[] =
	    "## Heading\n"
	    "A paragraph\n"
	    "   that continues.  \n"
	    "\n"
	    "- bullet one\n"
	    "  continued\n"
	    "- bullet two\n"
	    "Not a continuation.\n"
	    "\n\n"
	    "1. first\n"
	    "2. second\n"
	    "   more\n"
	    "10. tenth\n"
	    "\n"
	    "Some *emphasis* here and a lone * star.\n"
	    "## Next heading\n"
	    "after heading\n"
	    "#Not a heading, -not a bullet, 1.5 not numbered\n"
	    "\n"
	    "-not a bullet\n"
	    "1.5 not numbered\n";
	static const struct want_block want[] = {
		{ BLOCK_HEADING, 0, "Heading" },
		{ BLOCK_PARAGRAPH, 0, "A paragraph that continues." },
		{ BLOCK_BULLET, 0, "bullet one continued" },
		{ BLOCK_BULLET, 0, "bullet two" },
		{ BLOCK_PARAGRAPH, 0, "Not a continuation." },
		{ BLOCK_NUMBERED, 1, "first" },
		{ BLOCK_NUMBERED, 2, "second more" },
		{ BLOCK_NUMBERED, 10, "tenth" },
		{ BLOCK_PARAGRAPH, 0,
		  "Some *emphasis* here and a lone * star." },
		{ BLOCK_HEADING, 0, "Next heading" },
		{ BLOCK_PARAGRAPH, 0, "after heading #Not a heading, -not a "
		  "bullet, 1.5 not numbered" },
		{ BLOCK_PARAGRAPH, 0, "-not a bullet 1.5 not numbered" },
	};
	struct module_block	*b;
	size_t			 n;

	(void)state;
	blocks_are(body, want, sizeof want / sizeof want[0]);
	assert_int_equal(module_blocks("", &b, &n), ST_OK);
	assert_int_equal(n, 0);
	module_blocks_free(b, n);
	assert_int_equal(module_blocks(NULL, &b, &n), ST_OK);
	assert_int_equal(n, 0);
	module_blocks_free(b, n);
	assert_int_equal(module_blocks("\n  \n\n", &b, &n), ST_OK);
	assert_int_equal(n, 0);
	module_blocks_free(b, n);
}

/* The sample page, as the UI will get it. */
static void
test_blocks_sample(void **state)
{
	static const struct want_block want[] = {
		{ BLOCK_HEADING, 0, "Why it helps" },
		{ BLOCK_PARAGRAPH, 0,
		  "Some people notice *tension* in the body after "
		  "treatment." },
		{ BLOCK_BULLET, 0, "shoulders that stay up and stiff" },
		{ BLOCK_BULLET, 0, "a clenched jaw" },
		{ BLOCK_NUMBERED, 1, "Breathe in." },
		{ BLOCK_NUMBERED, 2, "Breathe out." },
	};
	struct module	*m;
	char		*err;

	(void)state;
	assert_int_equal(parse_fixture("sample/en.txt", "sample", &m, &err),
	    ST_OK);
	blocks_are(m->sessions[0].pages[0].body, want,
	    sizeof want / sizeof want[0]);
	module_free(m);
}

/* The kind names are the words the files use. */
static void
test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(exercise_kind_name(EX_TEXT), "text");
	assert_string_equal(exercise_kind_name(EX_RATING), "rating");
	assert_string_equal(exercise_kind_name(EX_CHECKLIST), "checklist");
	assert_string_equal(exercise_kind_name(EX_THOUGHT_RECORD),
	    "thought-record");
	assert_string_equal(exercise_kind_name(EX_ACTIVITY_PLAN),
	    "activity-plan");
	assert_string_equal(exercise_kind_name(EX_KIND_COUNT), "?");
	assert_string_equal(exercise_kind_name(-1), "?");
}

/*
 * The modules Mirall ships load, in English and Spanish (Catalan falls
 * back to English and says so), and each says it complements care and
 * where to find help now.
 */
static void
test_shipped_modules(void **state)
{
	static const char *ids[] = { "distress", "everyday", "recurrence",
	    "relaxation" };
	const struct module	*m;
	const char		*file = __FILE__, *at;
	char			*err = NULL;
	bool			 fallback;
	size_t			 i;

	(void)state;
	at = strstr(file, "tests/unit/test_module_def.c");
	assert_non_null(at);
	free(conf->content_dir);
	xasprintf(&conf->content_dir, "%.*scontent", (int)(at - file), file);
	if (modules_load(conf, &err) != ST_OK)
		fail_msg("%s", err);
	assert_int_equal(modules_count(), 4);
	for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		assert_non_null(m = modules_get(ids[i], "es", &fallback));
		assert_false(fallback);
		assert_non_null(strstr(m->about, "112"));
		assert_non_null(m = modules_get(ids[i], "en", &fallback));
		assert_false(fallback);
		assert_non_null(strstr(m->about, "112"));
		assert_non_null(strstr(m->about, "not replace"));
		assert_true(m->nsessions >= 3);
		assert_true(m->nexercises >= 4);
		assert_non_null(m = modules_get(ids[i], "ca", &fallback));
		assert_true(fallback);
		assert_string_equal(m->lang, "en");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_sample),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test_setup_teardown(test_parse_bytes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_long_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_tolerated, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_fallback, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_default_language,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_missing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_names, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_translation_error,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_mismatch, setup,
		    teardown),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_blocks_sample),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test_setup_teardown(test_shipped_modules, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
