/*
 * test_library.c: the information library.
 *
 * roles.md: only professionals write articles; patients, expert patients,
 * professionals, moderators and admins read them, researchers do not.
 * Archived articles vanish for readers, even by id.  Limits hold at the
 * boundary, text is sanitised, every change is audited, the search index
 * follows edits, and article files import with their review date.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

/* The people of these tests. */
struct people {
	struct actor	pro, pro2, patient, expert, moderator, admin,
			researcher, op;
};

static struct people
people(struct th *t)
{
	struct people	p;

	p.pro = th_actor(th_account(t, "Dr.Pau", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "Dr.Pau");
	p.pro2 = th_actor(th_account(t, "Dr.Rita", ROLE_PROFESSIONAL, NULL),
	    ROLE_PROFESSIONAL, "Dr.Rita");
	p.patient = th_actor(th_account(t, "ana", ROLE_PATIENT, NULL),
	    ROLE_PATIENT, "ana");
	p.expert = th_actor(th_account(t, "berta", ROLE_EXPERT, NULL),
	    ROLE_EXPERT, "berta");
	p.moderator = th_actor(th_account(t, "mod", ROLE_MODERATOR, NULL),
	    ROLE_MODERATOR, "mod");
	p.admin = th_actor(th_account(t, "adela", ROLE_ADMIN, NULL),
	    ROLE_ADMIN, "adela");
	p.researcher = th_actor(th_account(t, "rex", ROLE_RESEARCHER, NULL),
	    ROLE_RESEARCHER, "rex");
	p.op = th_operator();
	return p;
}

/* save writes a new article as a; returns the status, *id the new id. */
static int
save(struct th *t, const struct actor *a, const char *cat,
    const char *title, const char *body, int64_t *id, char **err)
{
	struct article	art;
	int		st;

	memset(&art, 0, sizeof art);
	art.category = (char *)cat;
	art.title = (char *)title;
	art.body = (char *)body;
	st = library_save(t->db, t->conf, a, &art, err);
	if (id != NULL)
		*id = art.id;
	return st;
}

/* publish writes a new article as a professional and returns its id. */
static int64_t
publish(struct th *t, const struct actor *pro, const char *title,
    const char *body)
{
	char	*err = NULL;
	int64_t	 id = 0;

	assert_int_equal(save(t, pro, "Emotional health", title, body, &id,
	    &err), ST_OK);
	assert_null(err);
	assert_true(id > 0);
	return id;
}

/* stored counts the rows of the articles table. */
static int
stored(struct th *t)
{
	sqlite3	*sq = th_raw(t);
	char	*s;
	int	 n;

	s = th_raw_text(sq, "SELECT count(*) FROM articles");
	n = atoi(s);
	free(s);
	sqlite3_close(sq);
	return n;
}

/* repeat returns n copies of the UTF-8 character c. */
static char *
repeat(const char *c, size_t n)
{
	size_t	 len = strlen(c), i;
	char	*s;

	s = xmalloc(len * n + 1);
	for (i = 0; i < n; i++)
		memcpy(s + i * len, c, len);
	s[len * n] = '\0';
	return s;
}

/* Only professionals write; every other role and the operator are denied. */
static void
test_write_only_professional(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	const struct actor *no[] = { &p.patient, &p.expert, &p.moderator,
			    &p.admin, &p.researcher, &p.op };
	struct article	 art;
	char		*err = NULL;
	int64_t		 id, other = 0;
	size_t		 i;

	id = publish(t, &p.pro, "Sleep after treatment", "Some text.");
	for (i = 0; i < sizeof no / sizeof *no; i++) {
		assert_int_equal(save(t, no[i], "Sleep", "Mine", "Text.",
		    &other, &err), ST_DENIED);
		assert_int_equal(other, 0);
		memset(&art, 0, sizeof art);
		art.id = id;
		art.category = "Sleep";
		art.title = "Changed";
		art.body = "Changed.";
		assert_int_equal(library_save(t->db, t->conf, no[i], &art,
		    &err), ST_DENIED);
		assert_int_equal(library_mark_reviewed(t->db, no[i], id),
		    ST_DENIED);
		assert_int_equal(library_archive(t->db, no[i], id, true),
		    ST_DENIED);
	}
	assert_int_equal(stored(t), 1);
	/* Any professional may keep any article up to date. */
	memset(&art, 0, sizeof art);
	art.id = id;
	art.category = "Sleep";
	art.title = "Sleep after treatment";
	art.body = "Better text.";
	assert_int_equal(library_save(t->db, t->conf, &p.pro2, &art, &err),
	    ST_OK);
	assert_int_equal(library_mark_reviewed(t->db, &p.pro2, id), ST_OK);
	assert_int_equal(library_archive(t->db, &p.pro2, id, true), ST_OK);
}

/* Everyone but researchers (and the operator) reads the library. */
static void
test_read_roles(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	const struct actor *yes[] = { &p.patient, &p.expert, &p.pro,
			    &p.moderator, &p.admin };
	const struct actor *no[] = { &p.researcher, &p.op };
	struct article	**list, *a;
	size_t		  i, n;
	int64_t		  id;

	id = publish(t, &p.pro, "Fatigue", "Rest is not laziness.");
	for (i = 0; i < sizeof yes / sizeof *yes; i++) {
		assert_int_equal(library_list(t->db, yes[i], &list, &n),
		    ST_OK);
		assert_int_equal(n, 1);
		assert_string_equal(list[0]->title, "Fatigue");
		assert_string_equal(list[0]->author_name, "Dr.Pau");
		articles_free_list(list, n);
		assert_int_equal(library_get(t->db, yes[i], id, &a), ST_OK);
		assert_string_equal(a->body, "Rest is not laziness.");
		assert_string_equal(a->author_name, "Dr.Pau");
		article_free(a);
	}
	for (i = 0; i < sizeof no / sizeof *no; i++) {
		assert_int_equal(library_list(t->db, no[i], &list, &n),
		    ST_DENIED);
		assert_null(list);
		assert_int_equal(n, 0);
		assert_int_equal(library_get(t->db, no[i], id, &a),
		    ST_DENIED);
		assert_null(a);
	}
	assert_int_equal(library_get(t->db, &p.patient, id + 100, &a),
	    ST_NOTFOUND);
}

/* The list is by category, then title. */
static void
test_list_order(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	struct article	**list;
	char		 *err = NULL;
	size_t		  n;

	assert_int_equal(save(t, &p.pro, "Sleep", "Naps", "x", NULL, &err),
	    ST_OK);
	assert_int_equal(save(t, &p.pro, "Family", "Talking to children", "x",
	    NULL, &err), ST_OK);
	assert_int_equal(save(t, &p.pro, "Sleep", "Insomnia", "x", NULL,
	    &err), ST_OK);
	assert_int_equal(library_list(t->db, &p.patient, &list, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[0]->title, "Talking to children");
	assert_string_equal(list[1]->title, "Insomnia");
	assert_string_equal(list[2]->title, "Naps");
	articles_free_list(list, n);
}

/* Readers never see an archived article, even by id; writers see it. */
static void
test_archived_hidden_from_readers(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	const struct actor *readers[] = { &p.patient, &p.expert,
			    &p.moderator, &p.admin };
	struct article	**list, *a;
	size_t		  i, n;
	int64_t		  id, keep;

	id = publish(t, &p.pro, "Old advice", "Outdated.");
	keep = publish(t, &p.pro, "Current advice", "Fine.");
	assert_int_equal(library_archive(t->db, &p.pro, id, true), ST_OK);
	for (i = 0; i < sizeof readers / sizeof *readers; i++) {
		assert_int_equal(library_get(t->db, readers[i], id, &a),
		    ST_NOTFOUND);
		assert_null(a);
		assert_int_equal(library_list(t->db, readers[i], &list, &n),
		    ST_OK);
		assert_int_equal(n, 1);
		assert_int_equal(list[0]->id, keep);
		articles_free_list(list, n);
	}
	assert_int_equal(library_get(t->db, &p.pro2, id, &a), ST_OK);
	assert_true(a->archived);
	article_free(a);
	assert_int_equal(library_list(t->db, &p.pro2, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_true(list[0]->id == id ? list[0]->archived :
	    list[1]->archived);
	articles_free_list(list, n);

	/* Brought back, readers see it again. */
	assert_int_equal(library_archive(t->db, &p.pro, id, false), ST_OK);
	assert_int_equal(library_get(t->db, &p.patient, id, &a), ST_OK);
	assert_false(a->archived);
	article_free(a);
	assert_int_equal(library_archive(t->db, &p.pro, id + 100, true),
	    ST_NOTFOUND);
	assert_int_equal(library_mark_reviewed(t->db, &p.pro, id + 100),
	    ST_NOTFOUND);
}

/*
 * limit_case saves an article whose field (0 category, 1 title, 2 body)
 * has n copies of c, the others valid; it returns the status.
 */
static int
limit_case(struct th *t, const struct actor *pro, int field, size_t n,
    char **err)
{
	char	*s;
	int	 st;

	s = repeat("é", n);
	st = save(t, pro, field == 0 ? s : "Category", field == 1 ? s :
	    "Title", field == 2 ? s : "Body.", NULL, err);
	free(s);
	return st;
}

/* Exactly the limit is accepted, one more refused, nothing stored. */
static void
test_limits_at_boundary(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	size_t		 max[3];
	char		*err = NULL, *want = NULL;
	const char	*what[3] = { "Categories", "Titles", "Articles" };
	int		 f, rows;

	t->conf->max_article_length = 2000;
	max[0] = ARTICLE_CATEGORY_MAX;
	max[1] = (size_t)t->conf->max_title_length;
	max[2] = (size_t)t->conf->max_article_length;
	for (f = 0; f < 3; f++) {
		rows = stored(t);
		assert_int_equal(limit_case(t, &p.pro, f, max[f], &err),
		    ST_OK);
		assert_null(err);
		assert_int_equal(stored(t), rows + 1);
		assert_int_equal(limit_case(t, &p.pro, f, max[f] + 1, &err),
		    ST_INVALID);
		assert_non_null(err);
		xasprintf(&want, "%s can be at most %zu characters; this one "
		    "has %zu.", what[f], max[f], max[f] + 1);
		assert_string_equal(err, want);
		free(want);
		free(err);
		err = NULL;
		assert_int_equal(stored(t), rows + 1);
		/* Empty (or only blanks) is refused too. */
		assert_int_equal(limit_case(t, &p.pro, f, 0, &err),
		    ST_INVALID);
		assert_non_null(err);
		free(err);
		err = NULL;
		assert_int_equal(stored(t), rows + 1);
	}
	assert_int_equal(save(t, &p.pro, "   ", "Title", "Body", NULL, &err),
	    ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(save(t, &p.pro, "Cat", "Title", " \n\n  \n", NULL,
	    &err), ST_INVALID);
	free(err);
	assert_int_equal(stored(t), 3);
}

/* An edit over the limit leaves the stored article as it was. */
static void
test_edit_over_limit_keeps_article(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	struct article	 art, *a;
	char		*err = NULL, *big;
	int64_t		 id;

	id = publish(t, &p.pro, "Keep me", "Original text.");
	big = repeat("a", (size_t)t->conf->max_title_length + 11);
	memset(&art, 0, sizeof art);
	art.id = id;
	art.category = "Other";
	art.title = big;
	art.body = "New text.";
	assert_int_equal(library_save(t->db, t->conf, &p.pro, &art, &err),
	    ST_INVALID);
	assert_non_null(strstr(err, "120"));
	assert_non_null(strstr(err, "131"));
	free(err);
	free(big);
	assert_int_equal(library_get(t->db, &p.pro, id, &a), ST_OK);
	assert_string_equal(a->title, "Keep me");
	assert_string_equal(a->body, "Original text.");
	article_free(a);
	/* Updating an article that does not exist finds nothing. */
	art.id = id + 100;
	art.title = "Fine";
	assert_int_equal(library_save(t->db, t->conf, &p.pro, &art, &err),
	    ST_NOTFOUND);
	assert_int_equal(stored(t), 1);
}

/* Terminal controls never reach the table; the body keeps its lines. */
static void
test_text_is_sanitised(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	struct article	*a;
	char		*err = NULL;
	int64_t		 id;

	assert_int_equal(save(t, &p.pro, "  Sleep\x1b[2J ", "\x1b]0;pwned\x07"
	    "Night\ntime\r\n", "\n\nFirst line\x1b[31m\r\nSecond\x9b"
	    "line\xe2\x80\xae\n\n", &id, &err), ST_OK);
	assert_int_equal(library_get(t->db, &p.patient, id, &a), ST_OK);
	assert_false(th_has_control(a->category));
	assert_false(th_has_control(a->title));
	assert_null(strchr(a->title, '\n'));
	assert_string_equal(a->category, "Sleep[2J");
	assert_int_equal(strncmp(a->body, "First line", 10), 0);
	assert_non_null(strchr(a->body, '\n'));
	assert_null(strchr(a->body, '\x1b'));
	assert_null(strchr(a->body, '\r'));
	assert_null(strstr(a->body, "\xe2\x80\xae"));
	assert_int_equal(a->body[strlen(a->body) - 1], 'e');
	article_free(a);
}

/* Saving marks reviewed now; marking reviewed leaves updated_at alone. */
static void
test_review_times(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	struct article	 art, *a;
	sqlite3		*sq;
	char		*err = NULL, sql[128];
	int64_t		 id, now;

	id = publish(t, &p.pro, "Times", "Text.");
	sq = th_raw(t);
	snprintf(sql, sizeof sql, "UPDATE articles SET created_at = 100, "
	    "updated_at = 100, reviewed_at = 100 WHERE id = %lld",
	    (long long)id);
	assert_int_equal(th_raw_exec(sq, sql), SQLITE_OK);
	sqlite3_close(sq);
	now = db_now();
	assert_int_equal(library_mark_reviewed(t->db, &p.pro2, id), ST_OK);
	assert_int_equal(library_get(t->db, &p.pro, id, &a), ST_OK);
	assert_true(a->reviewed_at >= now);
	assert_int_equal(a->updated_at, 100);
	article_free(a);

	memset(&art, 0, sizeof art);
	art.id = id;
	art.category = "Cat";
	art.title = "Times";
	art.body = "New text.";
	assert_int_equal(library_save(t->db, t->conf, &p.pro2, &art, &err),
	    ST_OK);
	assert_int_equal(library_get(t->db, &p.pro, id, &a), ST_OK);
	assert_true(a->updated_at >= now);
	assert_true(a->reviewed_at >= now);
	assert_int_equal(a->created_at, 100);
	/* The author stays the one who first wrote it. */
	assert_string_equal(a->author_name, "Dr.Pau");
	article_free(a);
}

/* check_audit asserts the newest audit row is action on article id. */
static void
check_audit(struct th *t, const struct actor *who, const char *action,
    int64_t id)
{
	struct audit_entry	*e;

	e = th_audit_last(t);
	assert_string_equal(e->action, action);
	assert_string_equal(e->object_type, "article");
	assert_int_equal(e->object_id, id);
	assert_int_equal(e->actor_id, who->id);
	assert_true(e->allowed);
	audit_entry_free(e);
}

/* Each change writes its audit row; a refused one writes nothing. */
static void
test_changes_are_audited(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	struct article	 art;
	char		*err = NULL;
	size_t		 before;
	int64_t		 id, rows, bad;

	id = publish(t, &p.pro, "Audited", "Text.");
	check_audit(t, &p.pro, "library.create", id);
	memset(&art, 0, sizeof art);
	art.id = id;
	art.category = "Cat";
	art.title = "Audited";
	art.body = "More text.";
	assert_int_equal(library_save(t->db, t->conf, &p.pro2, &art, &err),
	    ST_OK);
	check_audit(t, &p.pro2, "library.edit", id);
	assert_int_equal(library_mark_reviewed(t->db, &p.pro, id), ST_OK);
	check_audit(t, &p.pro, "library.review", id);
	assert_int_equal(library_archive(t->db, &p.pro, id, true), ST_OK);
	check_audit(t, &p.pro, "library.archive", id);
	assert_int_equal(library_archive(t->db, &p.pro, id, false), ST_OK);
	check_audit(t, &p.pro, "library.archive", id);

	before = th_audit_count(t);
	assert_int_equal(save(t, &p.pro, "", "No category", "x", NULL, &err),
	    ST_INVALID);
	free(err);
	assert_int_equal(save(t, &p.patient, "C", "T", "x", NULL, &err),
	    ST_DENIED);
	assert_int_equal(library_archive(t->db, &p.pro, id + 100, true),
	    ST_NOTFOUND);
	assert_int_equal(th_audit_count(t), before);
	assert_int_equal(audit_verify(t->db, &rows, &bad), ST_OK);
}

/* has_article tells whether a search by who for text finds article id. */
static bool
has_article(struct th *t, const struct actor *who, const char *text,
    int64_t id)
{
	struct search_hit	**hits = NULL;
	size_t			  n = 0, i;
	bool			  found = false;

	assert_int_equal(search_run(t->db, who, text, &hits, &n), ST_OK);
	for (i = 0; i < n; i++)
		if (hits[i]->kind == SEARCH_ARTICLE && hits[i]->id == id)
			found = true;
	search_free_list(hits, n);
	return found;
}

/* Search finds articles, follows edits and leaves out archived ones. */
static void
test_search_follows_articles(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	struct article	 art;
	char		*err = NULL;
	int64_t		 id;

	id = publish(t, &p.pro, "Quimioteràpia i cansament",
	    "Tiredness after chemotherapy is common.");
	assert_true(has_article(t, &p.patient, "quimioterapia", id));
	assert_true(has_article(t, &p.patient, "tiredness", id));

	memset(&art, 0, sizeof art);
	art.id = id;
	art.category = "Fatigue";
	art.title = "Fatigue";
	art.body = "Exhaustion after radiotherapy is common.";
	assert_int_equal(library_save(t->db, t->conf, &p.pro, &art, &err),
	    ST_OK);
	assert_false(has_article(t, &p.patient, "tiredness", id));
	assert_false(has_article(t, &p.patient, "quimioterapia", id));
	assert_true(has_article(t, &p.patient, "exhaustion", id));

	assert_int_equal(library_archive(t->db, &p.pro, id, true), ST_OK);
	assert_false(has_article(t, &p.patient, "exhaustion", id));
	assert_int_equal(library_archive(t->db, &p.pro, id, false), ST_OK);
	assert_true(has_article(t, &p.patient, "exhaustion", id));
}

/* write_file writes text to name in the test directory; returns the path. */
static char *
write_file(struct th *t, const char *name, const char *text)
{
	char	*path;
	FILE	*f;

	path = th_file(t, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	return path;
}

/* An article file imports with its review date, at UTC midnight. */
static void
test_import(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	struct article	**list, *a;
	struct tm	 tm;
	char		*path, *err = NULL;
	size_t		  n;

	path = write_file(t, "distress.txt", "@category Emotional health\n"
	    "@title   What is emotional distress after cancer?  \r\n"
	    "@reviewed 2026-11-01\n"
	    "\n"
	    "First paragraph.\n\nSecond paragraph.\n");
	assert_int_equal(library_import(t->db, t->conf, &p.pro, path, &err),
	    ST_OK);
	assert_null(err);
	assert_int_equal(library_list(t->db, &p.patient, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(library_get(t->db, &p.patient, list[0]->id, &a),
	    ST_OK);
	articles_free_list(list, n);
	assert_string_equal(a->category, "Emotional health");
	assert_string_equal(a->title,
	    "What is emotional distress after cancer?");
	assert_string_equal(a->body, "First paragraph.\n\nSecond paragraph.");
	assert_string_equal(a->author_name, "Dr.Pau");
	memset(&tm, 0, sizeof tm);
	tm.tm_year = 2026 - 1900;
	tm.tm_mon = 10;
	tm.tm_mday = 1;
	assert_int_equal(a->reviewed_at, (int64_t)timegm(&tm));
	article_free(a);
	check_audit(t, &p.pro, "library.create", 1);

	/* Without @reviewed it counts as reviewed now. */
	free(path);
	path = write_file(t, "sleep.txt", "@title Sleep\n@category Sleep\n\n"
	    "Body");
	assert_int_equal(library_import(t->db, t->conf, &p.pro, path, &err),
	    ST_OK);
	assert_int_equal(library_import(t->db, t->conf, &p.patient, path,
	    &err), ST_DENIED);
	assert_non_null(err);
	free(err);
	free(path);
	assert_int_equal(stored(t), 2);
}

/* import_error imports text and checks the error starts FILE:LINE:. */
static void
import_error(struct th *t, const struct actor *pro, const char *text,
    int line, const char *part)
{
	char	*path, *err = NULL, *want;

	path = write_file(t, "bad.txt", text);
	assert_int_not_equal(library_import(t->db, t->conf, pro, path, &err),
	    ST_OK);
	assert_non_null(err);
	xasprintf(&want, "%s:%d: ", path, line);
	if (strncmp(err, want, strlen(want)) != 0 ||
	    strstr(err, part) == NULL)
		fail_msg("want \"%s...%s\", got \"%s\"", want, part, err);
	free(want);
	free(err);
	free(path);
}

/* Bad article files say where and what, and store nothing. */
static void
test_import_errors(void **state)
{
	struct th	*t = *state;
	struct people	 p = people(t);
	char		*big, *text, *err = NULL, *path;

	import_error(t, &p.pro, "@category A\n@author me\n\nBody\n", 2,
	    "unknown directive @author");
	import_error(t, &p.pro, "@category A\n\nBody\n", 2, "missing @title");
	import_error(t, &p.pro, "@title T\n\nBody\n", 2, "missing @category");
	import_error(t, &p.pro, "@category A\n@title T\n@reviewed 2026-02-30"
	    "\n\nBody\n", 3, "@reviewed");
	import_error(t, &p.pro, "@category A\n@title T\n@reviewed 1 Nov"
	    "\n\nBody\n", 3, "@reviewed");
	import_error(t, &p.pro, "@category A\n@title T\n@title U\n\nBody\n",
	    3, "twice");
	import_error(t, &p.pro, "@category A\n@title\n\nBody\n", 2,
	    "needs a value");
	import_error(t, &p.pro, "@category A\nTitle: T\n\nBody\n", 2,
	    "expected a directive");
	import_error(t, &p.pro, "@category A\n@title T\n", 2,
	    "no blank line");
	import_error(t, &p.pro, "@category A\n@title T\n\n\n  \n", 4,
	    "no text");
	big = repeat("x", (size_t)t->conf->max_title_length + 1);
	xasprintf(&text, "@category A\n@reviewed 2026-11-01\n@title %s\n\n"
	    "Body\n", big);
	import_error(t, &p.pro, text, 3, "Titles can be at most");
	free(text);
	free(big);
	assert_int_equal(stored(t), 0);

	path = th_file(t, "missing.txt");
	assert_int_equal(library_import(t->db, t->conf, &p.pro, path, &err),
	    ST_IOERR);
	assert_non_null(strstr(err, path));
	free(err);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_setup, th_teardown)
		T(test_write_only_professional),
		T(test_read_roles),
		T(test_list_order),
		T(test_archived_hidden_from_readers),
		T(test_limits_at_boundary),
		T(test_edit_over_limit_keeps_article),
		T(test_text_is_sanitised),
		T(test_review_times),
		T(test_changes_are_audited),
		T(test_search_follows_articles),
		T(test_import),
		T(test_import_errors),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
