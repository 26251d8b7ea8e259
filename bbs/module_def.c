/*
 * module_def.c: self-help modules as data, and their registry.
 *
 * A module is a directory content/modules/<id>/ holding one file per
 * language, <lang>.txt (en, es, ca), in the format content/modules/README.md
 * explains to the psychologists who write them: directives starting with
 * "@", comments starting with "%", and body text kept as written, which
 * module_blocks splits into paragraphs, headings and list items when the
 * UI draws it at the terminal's width.
 *
 * modules_load reads every module once per process.  Everything a writer
 * could get wrong is refused with "FILE:LINE: what is wrong": an unknown
 * or misplaced directive, a missing header line, an exercise without its
 * prompt, a bad id, text that is not UTF-8 or hides invisible characters.
 * A translation is read with the default language's module beside it and
 * must have the same structure, checked line by line as it is read: a
 * patient's progress is stored by session, page and exercise id, and must
 * mean the same whatever language she reads in.  A load is all or
 * nothing: the new registry replaces the old only when every file was
 * good.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

#define MODULE_DIR		"modules"
#define MODULE_FILE_MAX		(1024 * 1024)	/* bytes of one file */
#define MODULE_LINE_MAX		4000		/* bytes of one line */
#define MODULE_LANGS		3
#define MODULE_ID_CHARS		"abcdefghijklmnopqrstuvwxyz0123456789-"
#define MODULE_KINDS		"text, rating, checklist, thought-record, " \
				"activity-plan"

/* The languages a module may have, in the registry's order. */
static const char *const module_langs[MODULE_LANGS] = { "en", "es", "ca" };

/* The exercise kinds, by enum exercise_kind. */
static const char *const module_kinds[EX_KIND_COUNT] = {
	"text", "rating", "checklist", "thought-record", "activity-plan",
};

/* One module in every language it has; NULL where it has none. */
struct module_entry {
	struct module	*lang[MODULE_LANGS];
};

static struct module_entry	*module_list;
static size_t			 module_len;
static int			 module_default;	/* into module_langs */

/* Where the reader of one file is. */
enum module_state {
	MODULE_START,		/* before @module */
	MODULE_HEADER,		/* after @module, outside @about */
	MODULE_ABOUT,		/* the introduction's text */
	MODULE_SESSION,		/* after @session, before its first @page */
	MODULE_PAGE,		/* a page's text */
	MODULE_EXERCISE,	/* an exercise's directives */
};

/* A growing string. */
struct module_buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

/* The reader of one file: where it is, and what it has seen where. */
struct module_parse {
	const char		*path;
	int			 line;
	char			**err;
	const struct module	*ref;		/* the default's, or NULL */
	const char		*refname;	/* its file name, for errors */
	struct module		*m;
	enum module_state	 state;
	struct module_buf	 body;		/* text of @about or a page */
	bool			 body_open;	/* body is being read */
	bool			 prompt_open;	/* the prompt may go on */
	int			 module_line;
	int			 title_line;
	int			 version_line;
	int			 unlock_line;
	int			 about_line;
	int			 session_line;	/* of the current session */
	int			 page_line;	/* of the current page */
	int			*ex_lines;	/* of each @exercise */
};

/* module_fail sets *err to "FILE:LINE: message" and returns ST_INVALID. */
static int __attribute__((format(printf, 2, 3)))
module_fail(struct module_parse *p, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	free(*p->err);
	xasprintf(p->err, "%s:%d: %s", p->path, p->line > 0 ? p->line : 1,
	    msg);
	free(msg);
	return ST_INVALID;
}

/* module_buf_add appends len bytes of s. */
static void
module_buf_add(struct module_buf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = (b->len + len + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

/* module_ordinal gives "st", "nd", "rd" or "th" for n, for messages. */
static const char *
module_ordinal(size_t n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10) {
	case 1:
		return "st";
	case 2:
		return "nd";
	case 3:
		return "rd";
	default:
		return "th";
	}
}

/* exercise_kind_name names an exercise kind as the files write it. */
const char *
exercise_kind_name(int kind)
{
	if (kind < 0 || kind >= EX_KIND_COUNT)
		return "?";
	return module_kinds[kind];
}

/* module_kind returns the kind a file names, or -1. */
static int
module_kind(const char *name)
{
	int	i;

	for (i = 0; i < EX_KIND_COUNT; i++)
		if (strcmp(name, module_kinds[i]) == 0)
			return i;
	return -1;
}

/* module_lang_index returns the index of a language, or -1. */
static int
module_lang_index(const char *lang)
{
	int	i;

	if (lang == NULL)
		return -1;
	for (i = 0; i < MODULE_LANGS; i++)
		if (strcmp(lang, module_langs[i]) == 0)
			return i;
	return -1;
}

/* module_id_valid tells whether s is a module or exercise id. */
static bool
module_id_valid(const char *s)
{
	size_t	n = strlen(s);

	return n > 0 && n < MODULE_ID_MAX &&
	    strspn(s, MODULE_ID_CHARS) == n;
}

/* module_id_check refuses a bad id, saying what is wrong with it. */
static int
module_id_check(struct module_parse *p, const char *what, const char *id)
{
	size_t	n = strlen(id);

	if (n == 0 || strspn(id, MODULE_ID_CHARS) != n)
		return module_fail(p, "%s: '%s' is not an id: use lowercase "
		    "letters, digits and '-'", what, id);
	if (n >= MODULE_ID_MAX)
		return module_fail(p, "%s: the id '%s' is %zu bytes long, "
		    "more than %d", what, id, n, MODULE_ID_MAX - 1);
	return ST_OK;
}

/* module_exercise finds an exercise of a module by id. */
const struct module_exercise *
module_exercise(const struct module *m, const char *id)
{
	size_t	i;

	if (m == NULL || id == NULL)
		return NULL;
	for (i = 0; i < m->nexercises; i++)
		if (strcmp(m->exercises[i].id, id) == 0)
			return &m->exercises[i];
	return NULL;
}

/* module_free frees one module and everything it owns. */
void
module_free(struct module *m)
{
	struct module_exercise	*e;
	size_t			 i, j;

	if (m == NULL)
		return;
	for (i = 0; i < m->nsessions; i++) {
		for (j = 0; j < m->sessions[i].npages; j++) {
			free(m->sessions[i].pages[j].title);
			free(m->sessions[i].pages[j].body);
		}
		free(m->sessions[i].pages);
		free(m->sessions[i].title);
	}
	free(m->sessions);
	for (i = 0; i < m->nexercises; i++) {
		e = &m->exercises[i];
		free(e->prompt);
		free(e->low);
		free(e->high);
		for (j = 0; j < e->nitems; j++)
			free(e->items[j]);
		free(e->items);
	}
	free(m->exercises);
	free(m->title);
	free(m->about);
	free(m->path);
	free(m);
}

/*
 * module_text_check checks one line as read: not too long, no NUL, UTF-8,
 * and nothing the sanitiser would drop.  Why the last: the UI shows text
 * through text_sanitise, so an invisible character (a soft hyphen or a
 * zero-width space pasted from a word processor) would silently vanish
 * from the screen; the writer is told where it is instead.  Tabs are
 * allowed and count as spaces.
 */
static int
module_text_check(struct module_parse *p, char *line, size_t len)
{
	char		*copy, *clean;
	size_t		 a, b, col, n;
	uint32_t	 ca = 0, cb;
	int		 st = ST_OK;

	if (len > MODULE_LINE_MAX)
		return module_fail(p, "the line is %zu bytes long, more than "
		    "%d: break it into shorter lines", len, MODULE_LINE_MAX);
	if (memchr(line, '\0', len) != NULL)
		return module_fail(p, "a NUL byte: this is not a text file");
	if (!text_is_valid_utf8(line, len))
		return module_fail(p, "the text is not UTF-8: save the file "
		    "as UTF-8");
	copy = xstrndup(line, len);
	for (a = 0; a < len; a++)
		if (copy[a] == '\t')
			copy[a] = ' ';
	clean = text_sanitise(copy, false);
	if (strcmp(clean, copy) == 0)
		goto out;
	/* The sanitiser only drops or replaces: find the first it did. */
	for (a = b = 0, col = 1; copy[a] != '\0'; col++) {
		n = text_utf8_decode(copy + a, len - a, &ca);
		if (clean[b] == '\0')
			break;
		b += text_utf8_decode(clean + b, strlen(clean + b), &cb);
		if (ca != cb)
			break;
		a += n;
	}
	st = module_fail(p, "an invisible or control character, U+%04X, at "
	    "column %zu: delete it (it would not be shown)", (unsigned)ca,
	    col);
out:
	free(clean);
	free(copy);
	return st;
}

/* module_trim_body returns a body without its leading and ending blanks. */
static char *
module_trim_body(const char *s)
{
	size_t	n;

	while (*s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == '\n')
		n--;
	return xstrndup(s, n);
}

/* module_session returns the session being read. */
static struct module_session *
module_session(struct module_parse *p)
{
	return &p->m->sessions[p->m->nsessions - 1];
}

/* module_page returns the page being read. */
static struct module_page *
module_page(struct module_parse *p)
{
	struct module_session	*s = module_session(p);

	return &s->pages[s->npages - 1];
}

/* module_current returns the exercise being read. */
static struct module_exercise *
module_current(struct module_parse *p)
{
	return &p->m->exercises[p->m->nexercises - 1];
}

/*
 * module_flush ends the text being read, if any: the introduction's or a
 * page's, stored as written but for blank lines around it.
 */
static void
module_flush(struct module_parse *p)
{
	const char	*s = p->body.s != NULL ? p->body.s : "";

	if (!p->body_open)
		return;
	p->body_open = false;
	if (p->state == MODULE_ABOUT) {
		free(p->m->about);
		p->m->about = module_trim_body(s);
		p->state = MODULE_HEADER;
	} else if (p->state == MODULE_PAGE) {
		free(module_page(p)->body);
		module_page(p)->body = module_trim_body(s);
	}
	p->body.len = 0;
	if (p->body.s != NULL)
		p->body.s[0] = '\0';
}

/* module_ref_exercise checks an ended exercise against the default's. */
static int
module_ref_exercise(struct module_parse *p, const struct module_exercise *e)
{
	const struct module_exercise	*r;

	if (p->ref == NULL)
		return ST_OK;
	r = &p->ref->exercises[p->m->nexercises - 1];
	if (e->kind == EX_CHECKLIST && e->nitems < r->nitems)
		return module_fail(p, "checklist '%s' has %zu items, but %s "
		    "has %zu", e->id, e->nitems, p->refname, r->nitems);
	if (e->optional != r->optional)
		return module_fail(p, "exercise '%s' is %s here, but %s in %s",
		    e->id, e->optional ? "optional" : "required",
		    r->optional ? "optional" : "required", p->refname);
	return ST_OK;
}

/*
 * module_end_exercise checks the exercise being read, if any, now that it
 * is whole; errors name its @exercise line.
 */
static int
module_end_exercise(struct module_parse *p)
{
	struct module_exercise	*e;
	int			 here = p->line, st = ST_OK;

	if (p->state != MODULE_EXERCISE)
		return ST_OK;
	e = module_current(p);
	p->line = p->ex_lines[p->m->nexercises - 1];
	p->state = MODULE_PAGE;
	p->prompt_open = false;
	if (e->prompt == NULL)
		st = module_fail(p, "exercise '%s' has no @prompt: add "
		    "@prompt and its question", e->id);
	else if (e->kind == EX_RATING && (e->low == NULL || e->high == NULL))
		st = module_fail(p, "rating '%s' needs @low and @high: what 0 "
		    "and 10 mean", e->id);
	else if (e->kind == EX_CHECKLIST && e->nitems < 2)
		st = module_fail(p, "checklist '%s' has %zu item%s: it needs "
		    "2 to %d @item lines", e->id, e->nitems,
		    e->nitems == 1 ? "" : "s", MODULE_ITEMS_MAX);
	else
		st = module_ref_exercise(p, e);
	if (st == ST_OK)
		p->line = here;
	return st;
}

/*
 * module_end_page ends the page being read: it must hold something, and
 * in a translation every exercise the default has on it.
 */
static int
module_end_page(struct module_parse *p)
{
	const struct module_page	*pg, *rp;
	const struct module_exercise	*r;
	int				 st;

	if ((st = module_end_exercise(p)) != ST_OK)
		return st;
	if (p->state != MODULE_PAGE)
		return ST_OK;
	module_flush(p);
	p->state = MODULE_SESSION;
	pg = module_page(p);
	if ((pg->body == NULL || pg->body[0] == '\0') &&
	    pg->nexercises == 0) {
		p->line = p->page_line;
		return module_fail(p, "page %zu of session %zu is empty: it "
		    "has no text and no exercise",
		    module_session(p)->npages, p->m->nsessions);
	}
	if (p->ref == NULL)
		return ST_OK;
	rp = &p->ref->sessions[p->m->nsessions - 1].pages[
	    module_session(p)->npages - 1];
	if (pg->nexercises < rp->nexercises) {
		r = &p->ref->exercises[rp->first + pg->nexercises];
		return module_fail(p, "page %zu of session %zu ends before "
		    "exercise '%s' (%s), which %s has on it",
		    module_session(p)->npages, p->m->nsessions, r->id,
		    module_kinds[r->kind], p->refname);
	}
	return ST_OK;
}

/*
 * module_end_session ends the session being read: it needs a page, and in
 * a translation as many pages as the default's.
 */
static int
module_end_session(struct module_parse *p)
{
	const struct module_session	*s;
	size_t				 rn;
	int				 st;

	if ((st = module_end_page(p)) != ST_OK)
		return st;
	if (p->state != MODULE_SESSION)
		return ST_OK;
	s = module_session(p);
	if (s->npages == 0) {
		p->line = p->session_line;
		return module_fail(p, "session %zu has no @page: a session "
		    "needs at least one page", p->m->nsessions);
	}
	if (p->ref == NULL)
		return ST_OK;
	rn = p->ref->sessions[p->m->nsessions - 1].npages;
	if (s->npages < rn)
		return module_fail(p, "session %zu ends after %zu page%s, but "
		    "%s's session %zu has %zu", p->m->nsessions, s->npages,
		    s->npages == 1 ? "" : "s", p->refname, p->m->nsessions,
		    rn);
	return ST_OK;
}

/*
 * module_end_header checks, at the first @session (or the end of a file
 * without one), that the module's header is whole.
 */
static int
module_end_header(struct module_parse *p)
{
	static const char *const hint = "it comes before the first @session";

	if (p->title_line == 0)
		return module_fail(p, "@title is missing: %s", hint);
	if (p->version_line == 0)
		return module_fail(p, "@version is missing: %s", hint);
	if (p->unlock_line == 0)
		return module_fail(p, "@unlock is missing: %s", hint);
	if (p->about_line == 0)
		return module_fail(p, "@about is missing: the module's "
		    "introduction, before the first @session");
	if (p->m->about[0] == '\0') {
		p->line = p->about_line;
		return module_fail(p, "@about has no text: write the module's "
		    "introduction on the lines after it");
	}
	return ST_OK;
}

/* module_word splits "WORD REST": WORD ends at a blank; REST may be "". */
static char *
module_word(char *s, char **rest)
{
	char	*e;

	e = s + strcspn(s, " \t");
	*rest = e + strspn(e, " \t");
	*e = '\0';
	return s;
}

/* module_d_module: "@module ID", the first directive. */
static int
module_d_module(struct module_parse *p, char *arg, const char *expected)
{
	char	*id, *rest;
	int	 st;

	if (p->state != MODULE_START)
		return module_fail(p, "a second @module (the first is on line "
		    "%d)", p->module_line);
	id = module_word(arg, &rest);
	if (*id == '\0' || *rest != '\0')
		return module_fail(p, "@module needs one id: @module ID");
	if ((st = module_id_check(p, "@module", id)) != ST_OK)
		return st;
	if (expected != NULL && strcmp(id, expected) != 0)
		return module_fail(p, "@module %s does not match the "
		    "directory name, %s", id, expected);
	snprintf(p->m->id, sizeof p->m->id, "%s", id);
	p->module_line = p->line;
	p->state = MODULE_HEADER;
	return ST_OK;
}

/* module_header_place refuses a header directive outside the header. */
static int
module_header_place(struct module_parse *p, const char *d, int seen)
{
	if (p->state != MODULE_HEADER && p->state != MODULE_ABOUT)
		return module_fail(p, "@%s after the first @session: the "
		    "module's @title, @version, @unlock and @about come "
		    "before it", d);
	if (seen != 0)
		return module_fail(p, "a second @%s (the first is on line %d)",
		    d, seen);
	return ST_OK;
}

/* module_d_version: "@version N", N >= 1. */
static int
module_d_version(struct module_parse *p, const char *arg)
{
	char	*end;
	long	 v;
	int	 st;

	if ((st = module_header_place(p, "version", p->version_line)) !=
	    ST_OK)
		return st;
	errno = 0;
	v = strtol(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || errno != 0 ||
	    v < 1 || v > INT_MAX)
		return module_fail(p, "@version must be a whole number from "
		    "1, not '%s'", arg);
	if (p->ref != NULL && p->ref->version != v)
		return module_fail(p, "@version %ld, but %s has @version %d",
		    v, p->refname, p->ref->version);
	p->m->version = (int)v;
	p->version_line = p->line;
	return ST_OK;
}

/* module_d_unlock: "@unlock in-order|all". */
static int
module_d_unlock(struct module_parse *p, const char *arg)
{
	int	st;

	if ((st = module_header_place(p, "unlock", p->unlock_line)) != ST_OK)
		return st;
	if (strcmp(arg, "in-order") == 0)
		p->m->all_at_once = false;
	else if (strcmp(arg, "all") == 0)
		p->m->all_at_once = true;
	else
		return module_fail(p, "@unlock must be in-order or all, not "
		    "'%s'", arg);
	if (p->ref != NULL && p->ref->all_at_once != p->m->all_at_once)
		return module_fail(p, "@unlock %s, but %s has @unlock %s", arg,
		    p->refname, p->ref->all_at_once ? "all" : "in-order");
	p->unlock_line = p->line;
	return ST_OK;
}

/* module_d_title: "@title TEXT". */
static int
module_d_title(struct module_parse *p, const char *arg)
{
	int	st;

	if ((st = module_header_place(p, "title", p->title_line)) != ST_OK)
		return st;
	if (*arg == '\0')
		return module_fail(p, "@title needs its text: @title TEXT");
	p->m->title = xstrdup(arg);
	p->title_line = p->line;
	return ST_OK;
}

/* module_d_about: "@about", the introduction's text follows. */
static int
module_d_about(struct module_parse *p, const char *arg)
{
	int	st;

	if ((st = module_header_place(p, "about", p->about_line)) != ST_OK)
		return st;
	if (*arg != '\0')
		return module_fail(p, "@about takes no text on its line: the "
		    "introduction goes on the lines after it");
	p->about_line = p->line;
	p->state = MODULE_ABOUT;
	p->body_open = true;
	return ST_OK;
}

/* module_d_session: "@session TITLE". */
static int
module_d_session(struct module_parse *p, const char *arg)
{
	struct module	*m = p->m;
	int		 st;

	if (p->state == MODULE_HEADER || p->state == MODULE_ABOUT) {
		module_flush(p);
		if ((st = module_end_header(p)) != ST_OK)
			return st;
	} else if ((st = module_end_session(p)) != ST_OK)
		return st;
	if (*arg == '\0')
		return module_fail(p, "@session needs its title: @session "
		    "TITLE");
	if (p->ref != NULL && m->nsessions == p->ref->nsessions)
		return module_fail(p, "session %zu, but %s has only %zu "
		    "session%s", m->nsessions + 1, p->refname,
		    p->ref->nsessions, p->ref->nsessions == 1 ? "" : "s");
	m->sessions = xreallocarray(m->sessions, m->nsessions + 1,
	    sizeof *m->sessions);
	memset(&m->sessions[m->nsessions], 0, sizeof *m->sessions);
	m->sessions[m->nsessions++].title = xstrdup(arg);
	p->session_line = p->line;
	p->state = MODULE_SESSION;
	return ST_OK;
}

/* module_d_page: "@page TITLE", in a session. */
static int
module_d_page(struct module_parse *p, const char *arg)
{
	struct module_session	*s;
	struct module_page	*pg;
	size_t			 rn;
	int			 st;

	if (p->state != MODULE_SESSION && p->state != MODULE_PAGE &&
	    p->state != MODULE_EXERCISE)
		return module_fail(p, "@page before any @session: a page "
		    "belongs to a session");
	if ((st = module_end_page(p)) != ST_OK)
		return st;
	if (*arg == '\0')
		return module_fail(p, "@page needs its title: @page TITLE");
	s = module_session(p);
	if (p->ref != NULL) {
		rn = p->ref->sessions[p->m->nsessions - 1].npages;
		if (s->npages == rn)
			return module_fail(p, "page %zu of session %zu, but "
			    "%s's session %zu has only %zu page%s",
			    s->npages + 1, p->m->nsessions, p->refname,
			    p->m->nsessions, rn, rn == 1 ? "" : "s");
	}
	s->pages = xreallocarray(s->pages, s->npages + 1, sizeof *s->pages);
	pg = &s->pages[s->npages++];
	memset(pg, 0, sizeof *pg);
	pg->title = xstrdup(arg);
	pg->first = p->m->nexercises;
	p->page_line = p->line;
	p->state = MODULE_PAGE;
	p->body_open = true;
	return ST_OK;
}

/*
 * module_ref_place checks, in a translation, that the default language
 * has the same exercise at this place: same id, same kind, same page.
 */
static int
module_ref_place(struct module_parse *p, const char *id, int kind)
{
	const struct module_exercise	*r;
	size_t				 k = p->m->nexercises;
	size_t				 sn = p->m->nsessions - 1;
	size_t				 pn = module_session(p)->npages - 1;

	if (p->ref == NULL)
		return ST_OK;
	r = k < p->ref->nexercises ? &p->ref->exercises[k] : NULL;
	if (r == NULL || r->session != sn || r->page != pn)
		return module_fail(p, "exercise '%s', but %s has no more "
		    "exercises on page %zu of session %zu", id, p->refname,
		    pn + 1, sn + 1);
	if (strcmp(r->id, id) != 0 || (int)r->kind != kind)
		return module_fail(p, "exercise '%s' (%s), but %s has "
		    "exercise '%s' (%s) here", id, module_kinds[kind],
		    p->refname, r->id, module_kinds[r->kind]);
	return ST_OK;
}

/* module_d_exercise: "@exercise ID KIND", on a page after its text. */
static int
module_d_exercise(struct module_parse *p, char *arg)
{
	struct module_exercise	*e;
	const struct module_exercise *dup;
	char			*id, *kind, *rest;
	int			 k, st;

	if (p->state != MODULE_PAGE && p->state != MODULE_EXERCISE)
		return module_fail(p, "@exercise before any @page: an "
		    "exercise belongs to a page");
	module_flush(p);
	if ((st = module_end_exercise(p)) != ST_OK)
		return st;
	id = module_word(arg, &rest);
	kind = module_word(rest, &rest);
	if (*kind == '\0' || *rest != '\0')
		return module_fail(p, "@exercise needs an id and a kind: "
		    "@exercise ID KIND (%s)", MODULE_KINDS);
	if ((st = module_id_check(p, "@exercise", id)) != ST_OK)
		return st;
	if ((k = module_kind(kind)) == -1)
		return module_fail(p, "@exercise: unknown kind '%s' (%s)", kind,
		    MODULE_KINDS);
	if ((dup = module_exercise(p->m, id)) != NULL)
		return module_fail(p, "exercise id '%s' is used twice (first "
		    "on line %d)", id, p->ex_lines[dup - p->m->exercises]);
	if ((st = module_ref_place(p, id, k)) != ST_OK)
		return st;
	p->m->exercises = xreallocarray(p->m->exercises,
	    p->m->nexercises + 1, sizeof *p->m->exercises);
	p->ex_lines = xreallocarray(p->ex_lines, p->m->nexercises + 1,
	    sizeof *p->ex_lines);
	p->ex_lines[p->m->nexercises] = p->line;
	e = &p->m->exercises[p->m->nexercises++];
	memset(e, 0, sizeof *e);
	snprintf(e->id, sizeof e->id, "%s", id);
	e->kind = (enum exercise_kind)k;
	e->session = p->m->nsessions - 1;
	e->page = module_session(p)->npages - 1;
	module_page(p)->nexercises++;
	p->state = MODULE_EXERCISE;
	return ST_OK;
}

/*
 * module_exercise_place refuses an exercise directive outside an
 * exercise, or outside the kind it belongs to.
 */
static int
module_exercise_place(struct module_parse *p, const char *d, int kind)
{
	const struct module_exercise	*e;

	if (p->state != MODULE_EXERCISE) {
		if (kind == EX_CHECKLIST)
			return module_fail(p, "@%s outside a checklist: it "
			    "follows @exercise ID checklist", d);
		if (kind == EX_RATING)
			return module_fail(p, "@%s outside a rating: it "
			    "follows @exercise ID rating", d);
		return module_fail(p, "@%s outside an exercise: it follows "
		    "@exercise ID KIND", d);
	}
	e = module_current(p);
	if (kind != -1 && (int)e->kind != kind)
		return module_fail(p, "@%s in exercise '%s' (%s): only a %s "
		    "exercise has it", d, e->id, module_kinds[e->kind],
		    module_kinds[kind]);
	return ST_OK;
}

/* module_d_text: "@prompt TEXT", "@low TEXT" or "@high TEXT". */
static int
module_d_text(struct module_parse *p, const char *d, const char *arg)
{
	struct module_exercise	*e;
	char			**to;
	int			 st;

	if ((st = module_exercise_place(p, d,
	    strcmp(d, "prompt") == 0 ? -1 : EX_RATING)) != ST_OK)
		return st;
	e = module_current(p);
	if (d[0] == 'p')
		to = &e->prompt;
	else
		to = d[0] == 'l' ? &e->low : &e->high;
	if (*to != NULL)
		return module_fail(p, "a second @%s in exercise '%s'", d,
		    e->id);
	if (*arg == '\0')
		return module_fail(p, "@%s needs its text: @%s TEXT", d, d);
	*to = xstrdup(arg);
	p->prompt_open = d[0] == 'p';
	return ST_OK;
}

/* module_d_item: "@item TEXT", a checklist's option. */
static int
module_d_item(struct module_parse *p, const char *arg)
{
	struct module_exercise	*e;
	size_t			 rn;
	int			 st;

	if ((st = module_exercise_place(p, "item", EX_CHECKLIST)) != ST_OK)
		return st;
	e = module_current(p);
	if (*arg == '\0')
		return module_fail(p, "@item needs its text: @item TEXT");
	if (e->nitems == MODULE_ITEMS_MAX)
		return module_fail(p, "checklist '%s' has more than %d items",
		    e->id, MODULE_ITEMS_MAX);
	if (p->ref != NULL) {
		rn = p->ref->exercises[p->m->nexercises - 1].nitems;
		if (e->nitems == rn)
			return module_fail(p, "a %zu%s item in checklist '%s', "
			    "but %s's has %zu", e->nitems + 1,
			    module_ordinal(e->nitems + 1), e->id, p->refname,
			    rn);
	}
	e->items = xreallocarray(e->items, e->nitems + 1, sizeof *e->items);
	e->items[e->nitems++] = xstrdup(arg);
	return ST_OK;
}

/* module_d_optional: "@optional", the exercise need not be submitted. */
static int
module_d_optional(struct module_parse *p, const char *arg)
{
	struct module_exercise	*e;
	int			 st;

	if ((st = module_exercise_place(p, "optional", -1)) != ST_OK)
		return st;
	e = module_current(p);
	if (*arg != '\0')
		return module_fail(p, "@optional takes nothing after it");
	if (e->optional)
		return module_fail(p, "a second @optional in exercise '%s'",
		    e->id);
	e->optional = true;
	return ST_OK;
}

/* module_known tells whether the len bytes at d name a directive. */
static bool
module_known(const char *d, size_t len)
{
	static const char *const known[] = {
		"module", "title", "version", "unlock", "about", "session",
		"page", "exercise", "prompt", "low", "high", "item",
		"optional",
	};
	size_t	i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strlen(known[i]) == len && strncmp(d, known[i], len) == 0)
			return true;
	return false;
}

/* module_directive reads one "@..." line. */
static int
module_directive(struct module_parse *p, char *line, const char *expected)
{
	char	*d, *arg;

	d = module_word(line + 1, &arg);
	if (!module_known(d, strlen(d)))
		return module_fail(p, "unknown directive @%s (see "
		    "content/modules/README.md)", d);
	p->prompt_open = false;
	if (strcmp(d, "module") == 0)
		return module_d_module(p, arg, expected);
	if (p->state == MODULE_START)
		return module_fail(p, "@%s before @module: a module file "
		    "starts with @module ID", d);
	if (p->state == MODULE_ABOUT && strcmp(d, "about") != 0)
		module_flush(p);
	if (strcmp(d, "title") == 0)
		return module_d_title(p, arg);
	if (strcmp(d, "version") == 0)
		return module_d_version(p, arg);
	if (strcmp(d, "unlock") == 0)
		return module_d_unlock(p, arg);
	if (strcmp(d, "about") == 0)
		return module_d_about(p, arg);
	if (strcmp(d, "session") == 0)
		return module_d_session(p, arg);
	if (strcmp(d, "page") == 0)
		return module_d_page(p, arg);
	if (strcmp(d, "exercise") == 0)
		return module_d_exercise(p, arg);
	if (strcmp(d, "item") == 0)
		return module_d_item(p, arg);
	if (strcmp(d, "optional") == 0)
		return module_d_optional(p, arg);
	return module_d_text(p, d, arg);
}

/* module_body_line reads one line that is not a directive or comment. */
static int
module_body_line(struct module_parse *p, const char *line)
{
	const char	*t = line + strspn(line, " \t");
	char		*s;

	switch (p->state) {
	case MODULE_ABOUT:
	case MODULE_PAGE:
		if (*t == '\0' && p->body.len == 0)
			return ST_OK;
		module_buf_add(&p->body, line, strlen(line));
		module_buf_add(&p->body, "\n", 1);
		return ST_OK;
	case MODULE_EXERCISE:
		if (*t == '\0') {
			p->prompt_open = false;
			return ST_OK;
		}
		if (p->prompt_open) {
			s = module_current(p)->prompt;
			xasprintf(&module_current(p)->prompt, "%s %s", s, t);
			free(s);
			return ST_OK;
		}
		return module_fail(p, "text in exercise '%s' outside its "
		    "@prompt: a page's text goes before its exercises (start a "
		    "new @page for more)", module_current(p)->id);
	default:
		break;
	}
	if (*t == '\0')
		return ST_OK;
	if (p->state == MODULE_START)
		return module_fail(p, "text before @module: a module file "
		    "starts with @module ID");
	if (p->state == MODULE_HEADER)
		return module_fail(p, "text outside @about: the module's "
		    "introduction goes after an @about line");
	return module_fail(p, "text before the session's first @page: a "
	    "session's text goes on its pages");
}

/* module_line reads one line of the file, NUL-terminated in place. */
static int
module_line(struct module_parse *p, char *line, size_t len,
    const char *expected)
{
	const char	*t;
	int		 st;

	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	if ((st = module_text_check(p, line, len)) != ST_OK)
		return st;
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		line[--len] = '\0';
	if (line[0] == '%')
		return ST_OK;
	if (line[0] == '@')
		return module_directive(p, line, expected);
	/* Why: an indented directive would silently become page text. */
	t = line + strspn(line, " \t");
	if (t != line && *t == '@' && module_known(t + 1, strcspn(t + 1,
	    " \t")))
		return module_fail(p, "@%.*s is indented: a directive starts "
		    "at the beginning of the line", (int)strcspn(t + 1, " \t"),
		    t + 1);
	return module_body_line(p, line);
}

/* module_end checks what only the end of the file can tell. */
static int
module_end(struct module_parse *p)
{
	size_t	rn;
	int	st;

	if (p->state == MODULE_START)
		return module_fail(p, "the file has no @module line: it "
		    "starts with @module ID");
	if (p->m->nsessions == 0) {
		module_flush(p);
		if ((st = module_end_header(p)) != ST_OK)
			return st;
		return module_fail(p, "the module has no @session");
	}
	if ((st = module_end_session(p)) != ST_OK)
		return st;
	if (p->ref != NULL && p->m->nsessions < p->ref->nsessions) {
		rn = p->ref->nsessions;
		return module_fail(p, "the file ends after %zu session%s, but "
		    "%s has %zu", p->m->nsessions,
		    p->m->nsessions == 1 ? "" : "s", p->refname, rn);
	}
	return ST_OK;
}

/*
 * module_read reads a whole file of at most MODULE_FILE_MAX bytes:
 * ST_NOTFOUND when it does not exist, ST_IOERR when it cannot be read.
 */
static int
module_read(const char *path, char **bufp, size_t *lenp, char **err)
{
	FILE	*f;
	char	*buf;
	size_t	 len;
	int	 st = ST_IOERR;

	*bufp = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		return errno == ENOENT ? ST_NOTFOUND : ST_IOERR;
	}
	buf = xmalloc(MODULE_FILE_MAX + 2);
	len = fread(buf, 1, MODULE_FILE_MAX + 1, f);
	if (ferror(f))
		xasprintf(err, "%s: %s", path, strerror(errno));
	else if (len > MODULE_FILE_MAX) {
		xasprintf(err, "%s: larger than %d bytes", path,
		    MODULE_FILE_MAX);
		st = ST_INVALID;
	} else
		st = ST_OK;
	fclose(f);
	if (st != ST_OK) {
		free(buf);
		return st;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return ST_OK;
}

/*
 * module_parse reads one language file of module expected (NULL: any id);
 * with ref, the default language's module, the file must have its
 * structure.
 */
static int
module_parse(const char *path, const char *expected, const struct module *ref,
    struct module **out, char **err)
{
	struct module_parse	 p;
	char			*buf, *pos, *end, *e;
	size_t			 len;
	int			 st;

	*out = NULL;
	if ((st = module_read(path, &buf, &len, err)) != ST_OK)
		return st;
	memset(&p, 0, sizeof p);
	p.path = path;
	p.err = err;
	p.ref = ref;
	if (ref != NULL)
		p.refname = (e = strrchr(ref->path, '/')) != NULL ? e + 1 :
		    ref->path;
	p.m = xcalloc(1, sizeof *p.m);
	p.m->path = xstrdup(path);
	pos = buf;
	end = buf + len;
	/* Why: some editors start a UTF-8 file with a byte order mark. */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		pos += 3;
	while (st == ST_OK && pos < end) {
		if ((e = memchr(pos, '\n', end - pos)) == NULL)
			e = end;
		*e = '\0';
		p.line++;
		st = module_line(&p, pos, e - pos, expected);
		pos = e + 1;
	}
	if (st == ST_OK)
		st = module_end(&p);
	free(p.body.s);
	free(p.ex_lines);
	free(buf);
	if (st != ST_OK) {
		module_free(p.m);
		return st;
	}
	*out = p.m;
	return ST_OK;
}

/*
 * module_parse_file reads one language file, content/modules/<id>/<lang>.txt;
 * expected_id (NULL: any) is the directory's name, which @module must
 * repeat.  On error *err (allocated) is "FILE:LINE: what is wrong" with
 * ST_INVALID, or "FILE: reason" with ST_NOTFOUND or ST_IOERR.
 */
int
module_parse_file(const char *path, const char *expected_id,
    struct module **out, char **err)
{
	const char	*base;
	char		*stem;
	int		 k, st;

	if ((st = module_parse(path, expected_id, NULL, out, err)) != ST_OK)
		return st;
	base = (base = strrchr(path, '/')) != NULL ? base + 1 : path;
	stem = xstrndup(base, strcspn(base, "."));
	if ((k = module_lang_index(stem)) != -1)
		snprintf((*out)->lang, sizeof (*out)->lang, "%s",
		    module_langs[k]);
	free(stem);
	return ST_OK;
}

/* module_entry_free frees one module in all its languages. */
static void
module_entry_free(struct module_entry *e)
{
	int	i;

	for (i = 0; i < MODULE_LANGS; i++)
		module_free(e->lang[i]);
}

/* module_list_free frees a whole registry. */
static void
module_list_free(struct module_entry *list, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		module_entry_free(&list[i]);
	free(list);
}

/* module_cmp orders names for a load order sorted by id. */
static int
module_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * module_read_dir lists the names in dir but hidden ones, sorted;
 * ST_NOTFOUND when dir does not exist, ST_IOERR when it cannot be read.
 */
static int
module_read_dir(const char *dir, char ***names, size_t *len, char **err)
{
	struct dirent	*de;
	DIR		*d;
	int		 saved;

	*names = NULL;
	*len = 0;
	if ((d = opendir(dir)) == NULL) {
		saved = errno;
		xasprintf(err, "%s: %s", dir, strerror(saved));
		return saved == ENOENT ? ST_NOTFOUND : ST_IOERR;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		*names = xreallocarray(*names, *len + 1, sizeof **names);
		(*names)[(*len)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*len > 1)	/* qsort's base may not be NULL, even for none */
		qsort(*names, *len, sizeof **names, module_cmp);
	return ST_OK;
}

/* module_names_free frees what module_read_dir listed. */
static void
module_names_free(char **names, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		free(names[i]);
	free(names);
}

/*
 * module_strays refuses a language file of a language Mirall does not
 * have ("fr.txt", "EN.txt"): it would never be shown, and its writer
 * should know.
 */
static int
module_strays(const char *dir, char **err)
{
	char	**names, *lang;
	size_t	  len, i, n;
	int	  st;

	if ((st = module_read_dir(dir, &names, &len, err)) != ST_OK)
		return st;
	for (i = 0; i < len && st == ST_OK; i++) {
		n = strlen(names[i]);
		if (n <= 4 || strcmp(names[i] + n - 4, ".txt") != 0)
			continue;
		lang = xstrndup(names[i], n - 4);
		if (module_lang_index(lang) == -1) {
			xasprintf(err, "%s/%s:1: unknown language '%s': a "
			    "module's files are en.txt, es.txt and ca.txt",
			    dir, names[i], lang);
			st = ST_INVALID;
		}
		free(lang);
	}
	module_names_free(names, len);
	return st;
}

/*
 * module_load_one reads the module in dir/id: the default language first,
 * which must exist, then each other language present, which must have
 * its structure.
 */
static int
module_load_one(const char *dir, const char *id, int def,
    struct module_entry *e, char **err)
{
	char	*mdir, *path;
	int	 i, k, st;

	memset(e, 0, sizeof *e);
	xasprintf(&mdir, "%s/%s", dir, id);
	if (!module_id_valid(id)) {
		xasprintf(err, "%s: '%s' is not a module id: lowercase "
		    "letters, digits and '-', at most %d bytes", mdir, id,
		    MODULE_ID_MAX - 1);
		st = ST_INVALID;
		goto out;
	}
	if ((st = module_strays(mdir, err)) != ST_OK)
		goto out;
	for (i = 0; i < MODULE_LANGS && st == ST_OK; i++) {
		k = i == 0 ? def : (i <= def ? i - 1 : i);
		xasprintf(&path, "%s/%s.txt", mdir, module_langs[k]);
		st = module_parse(path, id, i == 0 ? NULL : e->lang[def],
		    &e->lang[k], err);
		free(path);
		if (st == ST_NOTFOUND && i == 0) {
			free(*err);
			xasprintf(err, "%s: no %s.txt: every module needs a "
			    "file in the default language, %s", mdir,
			    module_langs[def], module_langs[def]);
			st = ST_INVALID;
		} else if (st == ST_NOTFOUND) {
			free(*err);
			*err = NULL;
			st = ST_OK;
		} else if (st == ST_OK)
			snprintf(e->lang[k]->lang, sizeof e->lang[k]->lang,
			    "%s", module_langs[k]);
	}
out:
	if (st != ST_OK)
		module_entry_free(e);
	free(mdir);
	return st;
}

/* module_is_dir tells whether path is a directory (symbolic links too). */
static bool
module_is_dir(const char *path)
{
	struct stat	sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/*
 * module_load_all reads every module directory of dir into a new registry,
 * sorted by id; no dir at all is no modules.
 */
static int
module_load_all(const char *dir, int def, struct module_entry **listp,
    size_t *lenp, char **err)
{
	struct module_entry	*list = NULL;
	char			**names, *path;
	size_t			  nnames, len = 0, i;
	bool			  isdir;
	int			  st;

	*listp = NULL;
	*lenp = 0;
	st = module_read_dir(dir, &names, &nnames, err);
	if (st == ST_NOTFOUND) {
		free(*err);
		*err = NULL;
		return ST_OK;
	}
	for (i = 0; i < nnames && st == ST_OK; i++) {
		xasprintf(&path, "%s/%s", dir, names[i]);
		isdir = module_is_dir(path);
		free(path);
		if (!isdir || strcmp(names[i], "README.md") == 0)
			continue;
		list = xreallocarray(list, len + 1, sizeof *list);
		if ((st = module_load_one(dir, names[i], def, &list[len],
		    err)) == ST_OK)
			len++;
	}
	module_names_free(names, nnames);
	if (st != ST_OK) {
		module_list_free(list, len);
		return st;
	}
	*listp = list;
	*lenp = len;
	return ST_OK;
}

/*
 * modules_load reads every module of content_dir/modules into the
 * registry.  The new registry replaces the old only when everything was
 * good; otherwise the old one stays and *err (allocated) is "FILE:LINE:
 * what is wrong" with ST_INVALID, or "FILE: reason" with ST_IOERR.
 */
int
modules_load(const struct conf *conf, char **err)
{
	struct module_entry	*list;
	char			*dir;
	size_t			 len;
	int			 def, st;

	*err = NULL;
	if ((def = module_lang_index(conf->default_language)) == -1)
		def = 0;
	xasprintf(&dir, "%s/%s", conf->content_dir, MODULE_DIR);
	st = module_load_all(dir, def, &list, &len, err);
	free(dir);
	if (st != ST_OK)
		return st;
	module_list_free(module_list, module_len);
	module_list = list;
	module_len = len;
	module_default = def;
	return ST_OK;
}

/* modules_free empties the registry. */
void
modules_free(void)
{
	module_list_free(module_list, module_len);
	module_list = NULL;
	module_len = 0;
}

/* modules_count returns how many modules are loaded. */
size_t
modules_count(void)
{
	return module_len;
}

/*
 * module_pick returns a module in lang (NULL: the default language), or
 * in the default language with *fallback set when it has no such file.
 */
static const struct module *
module_pick(const struct module_entry *e, const char *lang, bool *fallback)
{
	int	k;

	k = lang == NULL ? module_default : module_lang_index(lang);
	if (fallback != NULL)
		*fallback = k == -1 || e->lang[k] == NULL;
	if (k == -1 || e->lang[k] == NULL)
		return e->lang[module_default];
	return e->lang[k];
}

/*
 * modules_at returns the i-th module in id order, in lang (see
 * module_pick), or NULL past the end.
 */
const struct module *
modules_at(size_t i, const char *lang, bool *fallback)
{
	if (fallback != NULL)
		*fallback = false;
	if (i >= module_len)
		return NULL;
	return module_pick(&module_list[i], lang, fallback);
}

/* modules_get returns module id in lang (see module_pick), or NULL. */
const struct module *
modules_get(const char *id, const char *lang, bool *fallback)
{
	size_t	lo = 0, hi = module_len, mid;
	int	c;

	if (fallback != NULL)
		*fallback = false;
	if (id == NULL)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(id, module_list[mid].lang[module_default]->id);
		if (c == 0)
			return module_pick(&module_list[mid], lang, fallback);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* module_block_add appends a block of kind with text. */
static void
module_block_add(struct module_block **b, size_t *n, int kind, int number,
    const char *text, size_t len)
{
	*b = xreallocarray(*b, *n + 1, sizeof **b);
	(*b)[*n].kind = (enum module_block_kind)kind;
	(*b)[*n].number = number;
	(*b)[*n].text = xstrndup(text, len);
	(*n)++;
}

/* module_block_join appends a line to the last block, after a space. */
static void
module_block_join(struct module_block *b, const char *text, size_t len)
{
	char	*s;

	xasprintf(&s, "%s %.*s", b->text, (int)len, text);
	free(b->text);
	b->text = s;
}

/*
 * module_numbered tells whether t starts a numbered item, "N. text", and
 * sets *number and *skip (the bytes before the text).
 */
static bool
module_numbered(const char *t, size_t len, int *number, size_t *skip)
{
	size_t	d = 0;
	int	v = 0;

	while (d < len && d < 6 && t[d] >= '0' && t[d] <= '9')
		v = v * 10 + (t[d++] - '0');
	if (d == 0 || d + 2 > len || t[d] != '.' || t[d + 1] != ' ')
		return false;
	*number = v;
	*skip = d + 2;
	return true;
}

/*
 * module_blocks splits body text into blocks: "## " headings, "- "
 * bullets and "N. " numbered items (continued by lines indented by two
 * spaces or more), and paragraphs (the lines up to a blank line).  The
 * lines of a block are joined with single spaces; *emphasis* stays in
 * the text, for the UI to draw.
 */
int
module_blocks(const char *body, struct module_block **out, size_t *nout)
{
	struct module_block	*b = NULL;
	const char		*l, *e, *t;
	size_t			 n = 0, len, ind, skip;
	bool			 open = false, item = false;
	int			 num;

	for (l = body != NULL ? body : ""; *l != '\0'; l = *e ? e + 1 : e) {
		e = l + strcspn(l, "\n");
		ind = strspn(l, " \t");
		t = l + ind;
		len = e - t;
		while (len > 0 && strchr(" \t\r", t[len - 1]) != NULL)
			len--;
		if (len == 0) {
			open = false;
			continue;
		}
		if (ind < 2 && len > 3 && strncmp(t, "## ", 3) == 0) {
			skip = 3 + strspn(t + 3, " \t");
			module_block_add(&b, &n, BLOCK_HEADING, 0, t + skip,
			    len - skip);
			open = false;
		} else if (ind < 2 && len > 2 && strncmp(t, "- ", 2) == 0) {
			skip = 2 + strspn(t + 2, " \t");
			module_block_add(&b, &n, BLOCK_BULLET, 0, t + skip,
			    len - skip);
			open = item = true;
		} else if (ind < 2 && module_numbered(t, len, &num, &skip)) {
			skip += strspn(t + skip, " \t");
			module_block_add(&b, &n, BLOCK_NUMBERED, num, t + skip,
			    len - skip);
			open = item = true;
		} else if (open && (!item || ind >= 2))
			module_block_join(&b[n - 1], t, len);
		else {
			module_block_add(&b, &n, BLOCK_PARAGRAPH, 0, t, len);
			open = true;
			item = false;
		}
	}
	*out = b;
	*nout = n;
	return ST_OK;
}

/* module_blocks_free frees what module_blocks made. */
void
module_blocks_free(struct module_block *b, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(b[i].text);
	free(b);
}
