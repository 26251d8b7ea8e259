/*
 * library.c: the information library, reliable articles about life after
 * cancer that professionals write and everyone else in the community
 * reads (roles.md: researchers do not).
 *
 * Readers never learn that an archived article exists: for them it is
 * simply not found.  Professionals see archived articles, marked, so they
 * can bring one back.  Writing an article counts as reviewing it; a
 * professional may also confirm an unchanged article is still right.
 * Every change commits together with its audit row.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bbs.h"

/* Which field of an article a validation message is about. */
enum library_field {
	LIBRARY_CATEGORY,
	LIBRARY_TITLE,
	LIBRARY_BODY,
};

/* An import file may exceed the body's limit by this many bytes. */
#define LIBRARY_IMPORT_SLACK	65536

/* library_may_read tells whether the actor may read the library. */
static bool
library_may_read(const struct actor *actor)
{
	return role_may(actor, ACT_LIBRARY_READ, NULL);
}

/* library_may_write tells whether the actor may write the library. */
static bool
library_may_write(const struct actor *actor)
{
	return role_may(actor, ACT_LIBRARY_WRITE, NULL);
}

/*
 * library_clean sanitises one field and trims the white space around it:
 * spaces at both ends of a single line; for a body, blank lines before
 * the text and any white space after it.
 */
static char *
library_clean(const char *in, bool multiline)
{
	char	*s, *start, *p;
	size_t	 len;

	s = text_sanitise(in, multiline);
	start = s;
	if (multiline) {
		for (p = s; *p == ' ' || *p == '\n'; p++)
			if (*p == '\n')
				start = p + 1;
		if (*p == '\0')
			start = p;
	} else {
		while (*start == ' ')
			start++;
	}
	len = strlen(start);
	while (len > 0 && (start[len - 1] == ' ' ||
	    (multiline && start[len - 1] == '\n')))
		len--;
	memmove(s, start, len);
	s[len] = '\0';
	return s;
}

/*
 * library_check_one checks that a cleaned field holds 1 to max code
 * points; otherwise it sets *err to why, naming the limit.
 */
static int
library_check_one(enum library_field field, const char *s, int max,
    char **err)
{
	size_t	n;

	n = text_codepoints(s);
	if (n > 0 && n <= (size_t)max)
		return ST_OK;
	if (err == NULL)
		return ST_INVALID;
	switch (field) {
	case LIBRARY_CATEGORY:
		if (n == 0)
			*err = xstrdup(_("Please give the article a "
			    "category."));
		else
			xasprintf(err, ngettext("Categories can be at most %d "
			    "character; this one has %zu.", "Categories can "
			    "be at most %d characters; this one has %zu.",
			    (unsigned long)max), max, n);
		break;
	case LIBRARY_TITLE:
		if (n == 0)
			*err = xstrdup(_("Please give the article a title."));
		else
			xasprintf(err, ngettext("Titles can be at most %d "
			    "character; this one has %zu.", "Titles can be at "
			    "most %d characters; this one has %zu.",
			    (unsigned long)max), max, n);
		break;
	case LIBRARY_BODY:
		if (n == 0)
			*err = xstrdup(_("The article has no text yet."));
		else
			xasprintf(err, ngettext("Articles can be at most %d "
			    "character; this one has %zu.", "Articles can be "
			    "at most %d characters; this one has %zu.",
			    (unsigned long)max), max, n);
		break;
	}
	return ST_INVALID;
}

/*
 * library_check validates a cleaned article against the limits; on
 * ST_INVALID *field says which field is wrong and *err why.
 */
static int
library_check(const struct conf *conf, const struct article *a,
    enum library_field *field, char **err)
{
	if (library_check_one(LIBRARY_CATEGORY, a->category,
	    ARTICLE_CATEGORY_MAX, err) != ST_OK) {
		*field = LIBRARY_CATEGORY;
		return ST_INVALID;
	}
	if (library_check_one(LIBRARY_TITLE, a->title, conf->max_title_length,
	    err) != ST_OK) {
		*field = LIBRARY_TITLE;
		return ST_INVALID;
	}
	if (library_check_one(LIBRARY_BODY, a->body, conf->max_article_length,
	    err) != ST_OK) {
		*field = LIBRARY_BODY;
		return ST_INVALID;
	}
	return ST_OK;
}

/*
 * library_write creates or updates the cleaned article c inside a
 * transaction with its audit row; detail goes to the audit row.
 */
static int
library_write(struct db *db, const struct actor *actor, struct article *c,
    const char *detail)
{
	struct article	*old = NULL;
	int		 st;

	if ((st = db_begin(db)) != ST_OK)
		return st;
	if (c->id != 0) {
		if ((st = articles_get(db, c->id, &old)) != ST_OK)
			goto fail;
		c->author_id = old->author_id;
		c->created_at = old->created_at;
		c->archived = old->archived;
		if ((st = articles_update(db, c)) != ST_OK ||
		    (st = audit_record(db, actor, "library.edit", "article",
		    c->id, NULL, detail, true)) != ST_OK)
			goto fail;
	} else {
		c->author_id = actor->operator ? 0 : actor->id;
		c->created_at = c->updated_at;
		if ((st = articles_create(db, c, &c->id)) != ST_OK ||
		    (st = audit_record(db, actor, "library.create", "article",
		    c->id, NULL, detail, true)) != ST_OK)
			goto fail;
	}
	article_free(old);
	return db_commit(db);
fail:
	article_free(old);
	db_rollback(db);
	return st;
}

/*
 * library_store checks, cleans and writes article a, reviewed at reviewed
 * (0: now).  On ST_INVALID, *field and *err (when err is not NULL) say
 * what is wrong.  On ST_OK a's id and times are set; its text is not
 * touched (the caller owns it).
 */
static int
library_store(struct db *db, const struct conf *conf,
    const struct actor *actor, struct article *a, int64_t reviewed,
    const char *detail, enum library_field *field, char **err)
{
	struct article	c;
	int		st;

	if (!library_may_write(actor))
		return ST_DENIED;
	memset(&c, 0, sizeof c);
	c.id = a->id;
	c.category = library_clean(a->category, false);
	c.title = library_clean(a->title, false);
	c.body = library_clean(a->body, true);
	c.updated_at = db_now();
	c.reviewed_at = reviewed != 0 ? reviewed : c.updated_at;
	if ((st = library_check(conf, &c, field, err)) == ST_OK &&
	    (st = library_write(db, actor, &c, detail)) == ST_OK) {
		a->id = c.id;
		a->author_id = c.author_id;
		a->created_at = c.created_at;
		a->updated_at = c.updated_at;
		a->reviewed_at = c.reviewed_at;
	}
	free(c.category);
	free(c.title);
	free(c.body);
	return st;
}

/*
 * library_list returns the articles the actor may read, by category then
 * title, without their bodies; professionals also get archived ones.
 */
int
library_list(struct db *db, const struct actor *actor,
    struct article ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!library_may_read(actor))
		return ST_DENIED;
	return articles_list(db, library_may_write(actor), out, n);
}

/*
 * library_get reads one article for the actor; an archived one is not
 * found except by those who write the library.
 */
int
library_get(struct db *db, const struct actor *actor, int64_t id,
    struct article **out)
{
	int	st;

	*out = NULL;
	if (!library_may_read(actor))
		return ST_DENIED;
	if ((st = articles_get(db, id, out)) != ST_OK)
		return st;
	if ((*out)->archived && !library_may_write(actor)) {
		article_free(*out);
		*out = NULL;
		return ST_NOTFOUND;
	}
	return ST_OK;
}

/*
 * library_save creates article a (a->id 0; sets a->id) or updates its
 * category, title and body, after sanitising them and checking the
 * limits; saving marks it reviewed now.  On ST_INVALID, *err is a
 * translated message saying what to change.
 */
int
library_save(struct db *db, const struct conf *conf,
    const struct actor *actor, struct article *a, char **err)
{
	enum library_field	field;

	if (err != NULL)
		*err = NULL;
	return library_store(db, conf, actor, a, 0, NULL, &field, err);
}

/* library_mark_reviewed records that the article was checked today. */
int
library_mark_reviewed(struct db *db, const struct actor *actor, int64_t id)
{
	int	st;

	if (!library_may_write(actor))
		return ST_DENIED;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = articles_set_reviewed(db, id, db_now())) != ST_OK ||
	    (st = audit_record(db, actor, "library.review", "article", id,
	    NULL, NULL, true)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/* library_archive takes an article from readers, or gives it back. */
int
library_archive(struct db *db, const struct actor *actor, int64_t id,
    bool archived)
{
	int	st;

	if (!library_may_write(actor))
		return ST_DENIED;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = articles_set_archived(db, id, archived)) != ST_OK ||
	    (st = audit_record(db, actor, "library.archive", "article", id,
	    NULL, archived ? "archived" : "unarchived", true)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/* What library_import reads from one article file. */
struct library_file {
	const char	*path;
	char		*category;
	char		*title;
	int64_t		 reviewed;	/* 0: none given */
	int		 line[3];	/* where each field starts */
	int		 end;		/* the blank line before the body */
	char		*body;
};

/* library_parse_date reads YYYY-MM-DD as UTC midnight; 0 if it is not. */
static int64_t
library_parse_date(const char *s)
{
	struct tm	tm, back;
	time_t		t;
	size_t		i;
	int		y, m, d;

	if (strlen(s) != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' :
		    !isdigit((unsigned char)s[i]))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1970)
		return 0;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	if ((t = timegm(&tm)) == (time_t)-1 || gmtime_r(&t, &back) == NULL ||
	    back.tm_year != y - 1900 || back.tm_mon != m - 1 ||
	    back.tm_mday != d)
		return 0;
	return (int64_t)t;
}

/*
 * library_directive reads one "@name value" line (NUL-terminated, no
 * line break) into lf; on failure *err says what is wrong.
 */
static int
library_directive(struct library_file *lf, char *line, int ln, char **err)
{
	static const char	*names[] = { "category", "title", "reviewed" };
	char			*name, *value, **slot;
	size_t			 i, len;

	name = line + 1;
	len = strcspn(name, " \t");
	value = name + len;
	if (*value != '\0')
		*value++ = '\0';
	value += strspn(value, " \t");
	len = strlen(value);
	while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\t'))
		value[--len] = '\0';
	for (i = 0; i < 3; i++)
		if (strcmp(name, names[i]) == 0)
			break;
	if (i == 3) {
		xasprintf(err, "%s:%d: unknown directive @%s (expected "
		    "@category, @title or @reviewed)", lf->path, ln, name);
		return ST_INVALID;
	}
	if (lf->line[i] != 0) {
		xasprintf(err, "%s:%d: @%s given twice (first on line %d)",
		    lf->path, ln, name, lf->line[i]);
		return ST_INVALID;
	}
	if (*value == '\0') {
		xasprintf(err, "%s:%d: @%s needs a value", lf->path, ln, name);
		return ST_INVALID;
	}
	lf->line[i] = ln;
	if (i == 2) {
		if ((lf->reviewed = library_parse_date(value)) == 0) {
			xasprintf(err, "%s:%d: @reviewed needs a date like "
			    "2026-11-01, not \"%s\"", lf->path, ln, value);
			return ST_INVALID;
		}
		return ST_OK;
	}
	slot = i == 0 ? &lf->category : &lf->title;
	*slot = xstrdup(value);
	return ST_OK;
}

/*
 * library_parse splits an article file into its directives and body;
 * on failure *err is "FILE:LINE: what is wrong".
 */
static int
library_parse(struct library_file *lf, char *buf, char **err)
{
	char	*p = buf, *nl;
	size_t	 len;
	int	 ln, last = 1;

	for (ln = 1; *p != '\0'; ln++) {
		last = ln;
		if ((nl = strchr(p, '\n')) != NULL)
			*nl = '\0';
		len = strlen(p);
		if (len > 0 && p[len - 1] == '\r')
			p[--len] = '\0';
		if (len == 0 && nl != NULL) {
			lf->end = ln;
			lf->body = nl + 1;
			break;
		}
		if (*p != '@') {
			xasprintf(err, "%s:%d: expected a directive such as "
			    "@title, or a blank line before the body",
			    lf->path, ln);
			return ST_INVALID;
		}
		if (library_directive(lf, p, ln, err) != ST_OK)
			return ST_INVALID;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	if (lf->body == NULL) {
		xasprintf(err, "%s:%d: no blank line and body after the "
		    "directives", lf->path, last);
		return ST_INVALID;
	}
	if (lf->category == NULL || lf->title == NULL) {
		xasprintf(err, "%s:%d: missing @%s before the body", lf->path,
		    lf->end, lf->category == NULL ? "category" : "title");
		return ST_INVALID;
	}
	return ST_OK;
}

/*
 * library_import reads one article file (directives @category, @title
 * and optionally @reviewed YYYY-MM-DD, a blank line, then the body to the
 * end of the file) and saves it as a new article by the actor, with every
 * check library_save makes.  Without @reviewed it counts as reviewed now.
 * On failure *err is "FILE:LINE: what is wrong" (or "FILE: ...").
 */
int
library_import(struct db *db, const struct conf *conf,
    const struct actor *actor, const char *path, char **err)
{
	struct library_file	 lf;
	struct article		 a;
	enum library_field	 field = LIBRARY_BODY;
	char			*buf = NULL, *why = NULL;
	int			 st;

	*err = NULL;
	memset(&lf, 0, sizeof lf);
	lf.path = path;
	if (!library_may_write(actor)) {
		xasprintf(err, "%s: only professionals may write library "
		    "articles", path);
		return ST_DENIED;
	}
	if ((buf = text_read_file(path, (size_t)conf->max_article_length *
	    4 + LIBRARY_IMPORT_SLACK, err)) == NULL)
		return ST_IOERR;
	if ((st = library_parse(&lf, buf, err)) != ST_OK)
		goto out;
	memset(&a, 0, sizeof a);
	a.category = lf.category;
	a.title = lf.title;
	a.body = lf.body;
	st = library_store(db, conf, actor, &a, lf.reviewed, "import", &field,
	    &why);
	if (st == ST_INVALID)
		xasprintf(err, "%s:%d: %s", path, field == LIBRARY_BODY ?
		    lf.end + 1 : lf.line[field], why != NULL ? why : "invalid");
	else if (st != ST_OK)
		xasprintf(err, "%s: %s", path, status_str(st));
out:
	free(why);
	free(lf.category);
	free(lf.title);
	free(buf);
	return st;
}
