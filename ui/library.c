/*
 * library.c: the information library.  Everyone who may read it gets the
 * articles by category and reads one in the pager; professionals also
 * write, edit, confirm as reviewed and archive articles from the list.
 * bbs/library.c checks every action and every limit again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui.h"

struct library_view {
	struct list_screen	  ls;	/* first: callbacks get it */
	struct article		**list;
	size_t			  n;
	bool			  writer;	/* may write articles */
	int64_t			  want;		/* select after reload */
	char			  header[256];
};

static const int library_widths[] = { 20, 10, 0 };

/* library_date formats the day of a UTC time; 0 is "never". */
static void
library_date(int64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (t == 0 || gmtime_r(&tt, &tm) == NULL) {
		snprintf(buf, len, "%s", _("never"));
		return;
	}
	strftime(buf, len, "%Y-%m-%d", &tm);
}

/* library_row formats one article: category, last review, title. */
static void
library_row(void *arg, size_t i, char *buf, size_t len)
{
	struct library_view	*v = arg;
	struct article		*a = v->list[i];
	char			 when[32], *title = NULL;
	const char		*cells[3];

	library_date(a->reviewed_at, when, sizeof when);
	if (a->archived)
		xasprintf(&title, _("[archived] %s"), a->title);
	cells[0] = a->category;
	cells[1] = when;
	cells[2] = title != NULL ? title : a->title;
	ui_columns(buf, len, library_widths, cells, 3);
	free(title);
}

/* library_fill copies s into a form buffer of size bytes, whole chars. */
static void
library_fill(char *buf, size_t size, const char *s)
{
	size_t	n;

	if (s == NULL)
		s = "";
	n = text_cut(s, size - 1);
	memcpy(buf, s, n);
	buf[n] = '\0';
}

/* library_blank tells whether a form value holds nothing but spaces. */
static bool
library_blank(const char *s)
{
	return s[strspn(s, " ")] == '\0';
}

/*
 * library_write_body edits the body of a under etitle and saves the
 * article; when the save is refused it says why and goes back to the
 * editor with the text kept.  It returns 1 saved, 0 back to the form,
 * 2 given up, -1 when the session is ending.
 */
static int
library_write_body(struct article *a, const char *etitle)
{
	char	*why = NULL;
	int	 rc, st;

	for (;;) {
		rc = editor_run(etitle, &a->body,
		    (size_t)ui->conf->max_article_length);
		if (rc != 1)
			return rc;
		st = library_save(ui->db, ui->conf, &ui->actor, a, &why);
		if (st == ST_OK)
			return 1;
		rc = ui_notice_status(st, why);
		free(why);
		why = NULL;
		if (rc == -1)
			return -1;
		if (st != ST_INVALID)
			return 2;
	}
}

/*
 * library_compose asks for the category and title of a (new when a->id
 * is 0), then its text, until it is saved or the writer gives up.  It
 * returns 1 when saved (a->id set), 0 otherwise, -1 when the session is
 * ending.  a->body is replaced by what was typed.
 */
static int
library_compose(struct article *a)
{
	char		 cat[ARTICLE_CATEGORY_MAX * 4 + 1], *title, *etitle;
	struct field	 f[2];
	struct article	 w;
	size_t		 tsize;
	int		 rc;

	tsize = (size_t)ui->conf->max_title_length * 4 + 1;
	title = xmalloc(tsize);
	library_fill(cat, sizeof cat, a->category);
	library_fill(title, tsize, a->title);
	f[0] = (struct field){ _("Category"), cat, sizeof cat,
	    ARTICLE_CATEGORY_MAX, false };
	f[1] = (struct field){ _("Title"), title, tsize,
	    (size_t)ui->conf->max_title_length, false };
	for (;;) {
		rc = form_run(a->id == 0 ? _("New article") :
		    _("Edit article"), _("Choose a category (use the same "
		    "words as other articles to keep them together) and a "
		    "title. Next you write the text; Ctrl-S saves it."), f, 2,
		    NULL);
		if (rc != 1)
			break;
		if (library_blank(cat) || library_blank(title)) {
			if ((rc = ui_notice(_("Not done"), _("Please give the "
			    "article a category and a title."))) == -1)
				break;
			continue;
		}
		w = *a;
		w.category = cat;
		w.title = title;
		xasprintf(&etitle, _("Text of “%s”"), title);
		rc = library_write_body(&w, etitle);
		free(etitle);
		a->body = w.body;
		a->id = w.id;
		if (rc != 0)
			break;
	}
	free(title);
	if (rc == 2)
		rc = 0;
	return rc;
}

/* library_new writes a new article, in the highlighted one's category. */
static int
library_new(struct library_view *v, size_t sel)
{
	struct article	a;
	int		rc;

	memset(&a, 0, sizeof a);
	if (sel < v->n)
		a.category = v->list[sel]->category;
	rc = library_compose(&a);
	free(a.body);
	if (rc == 1) {
		v->want = a.id;
		ui_status(_("The article is now in the library."));
		rc = 0;
	}
	return rc;
}

/* library_edit edits the highlighted article. */
static int
library_edit(struct library_view *v, size_t sel)
{
	struct article	*a = NULL;
	int		 rc, st;

	if ((st = library_get(ui->db, &ui->actor, v->list[sel]->id, &a)) !=
	    ST_OK)
		return ui_notice_status(st, NULL);
	rc = library_compose(a);
	article_free(a);
	if (rc == 1) {
		v->want = v->list[sel]->id;
		ui_status(_("Your changes are saved."));
		rc = 0;
	}
	return rc;
}

/* library_review records that the highlighted article was checked today. */
static int
library_review(struct library_view *v, size_t sel)
{
	int	st;

	if ((st = library_mark_reviewed(ui->db, &ui->actor,
	    v->list[sel]->id)) != ST_OK)
		return ui_notice_status(st, NULL);
	ui_status(_("Marked as reviewed today."));
	return 0;
}

/* library_toggle_archive archives the highlighted article or restores it. */
static int
library_toggle_archive(struct library_view *v, size_t sel)
{
	struct article	*a = v->list[sel];
	char		*q = NULL;
	int		 rc, st;

	xasprintf(&q, a->archived ? _("Bring “%s” back to the library? "
	    "Everyone who reads the library will see it again.") :
	    _("Archive “%s”? Readers will no longer see it; professionals "
	    "still can, and can bring it back."), a->title);
	rc = dialog_confirm(a->archived ? _("Bring back article") :
	    _("Archive article"), q);
	free(q);
	if (rc != 1)
		return rc;
	if ((st = library_archive(ui->db, &ui->actor, a->id, !a->archived)) !=
	    ST_OK)
		return ui_notice_status(st, NULL);
	v->want = a->id;
	return 0;
}

/* library_load reads the articles the actor may see. */
static int
library_load(struct list_screen *ls)
{
	struct library_view	*v = (struct library_view *)ls;
	size_t			 i;
	int			 st;

	st = library_list(ui->db, &ui->actor, &v->list, &v->n);
	ls->list.n = v->n;
	for (i = 0; v->want != 0 && i < v->n; i++)
		if (v->list[i]->id == v->want)
			ls->sel = i;
	v->want = 0;
	return st;
}

/* library_unload frees the rows. */
static void
library_unload(struct list_screen *ls)
{
	struct library_view	*v = (struct library_view *)ls;

	articles_free_list(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/*
 * library_act: Enter reads an article; professionals also have n new,
 * e edit, r reviewed today and a archive or bring back.
 */
static int
library_act(struct list_screen *ls, size_t sel, wint_t key, bool select)
{
	struct library_view	*v = (struct library_view *)ls;

	if (select)
		return library_article_run(v->list[sel]->id);
	if (!v->writer)
		return 0;
	if (key == 'n')
		return library_new(v, sel);
	if (v->n == 0 || sel >= v->n)
		return 0;
	if (key == 'e')
		return library_edit(v, sel);
	if (key == 'r')
		return library_review(v, sel);
	if (key == 'a')
		return library_toggle_archive(v, sel);
	return 0;
}

/* library_run lists the library's articles by category. */
int
library_run(void)
{
	struct library_view	v;
	const char		*heads[3];

	memset(&v, 0, sizeof v);
	v.writer = role_may(&ui->actor, ACT_LIBRARY_WRITE, NULL);
	heads[0] = _("Category");
	heads[1] = _("Reviewed");
	heads[2] = _("Title");
	ui_columns(v.header, sizeof v.header, library_widths, heads, 3);
	v.ls.list.title = _("Library");
	v.ls.list.header = v.header;
	v.ls.list.help = v.writer ? _("n new · e edit · r reviewed · "
	    "a archive") : _("Enter read");
	v.ls.list.row = library_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = v.writer ? _("The library has no articles yet. "
	    "Press n to write the first one.") : _("The library has no "
	    "articles yet.");
	v.ls.load = library_load;
	v.ls.unload = library_unload;
	v.ls.act = library_act;
	return list_screen_run(&v.ls);
}

/* library_article_text lays out an article: a short header, then it. */
static char *
library_article_text(const struct article *a)
{
	char	 when[32], *s = NULL, *head = NULL;

	library_date(a->reviewed_at, when, sizeof when);
	xasprintf(&head, _("%s\nCategory: %s\nWritten by %s\nLast reviewed: "
	    "%s"), a->title, a->category, a->author_name != NULL ?
	    a->author_name : _("a former member of the team"), when);
	xasprintf(&s, "%s%s\n\n%s", head, a->archived ? _("\nArchived: "
	    "only professionals can see this article.") : "", a->body);
	free(head);
	return s;
}

/* library_article_run shows one article in the pager. */
int
library_article_run(int64_t id)
{
	struct article	*a = NULL;
	char		*text;
	int		 rc, st;

	if ((st = library_get(ui->db, &ui->actor, id, &a)) != ST_OK)
		return ui_notice_status(st, NULL);
	text = library_article_text(a);
	rc = pager_run(a->title, text, NULL);
	free(text);
	article_free(a);
	return rc;
}
