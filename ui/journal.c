/*
 * journal.c: "My journal", the patient's private journal.  The list shows
 * each entry's date, its first line and whether it is shared; n writes a
 * new one (asked whether to share it once written), Enter reads one,
 * where e changes it and s shares it or stops sharing it.  An entry is
 * private unless she shares it: bbs/journal.c lets her professional read
 * only the shared ones, and audits it.  What she wrote is never lost to
 * a refusal: the editor opens again on it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define JOURNAL_FIRST_LINE	80	/* bytes of an entry shown in the list */

struct journal_view {
	struct list_screen	 ls;		/* first: callbacks get it */
	struct journal_entry	*entries;
	size_t			 n;
};

static const int journal_widths[] = { 12, 10, 0 };

/* journal_first_line copies the first line of an entry's text. */
static void
journal_first_line(const struct journal_entry *e, char *buf, size_t len)
{
	const char	*t;
	size_t		 n, cut;

	if (e->text == NULL) {
		snprintf(buf, len, "%s", _("[cannot be opened]"));
		return;
	}
	t = e->text + strspn(e->text, " \n");
	n = strcspn(t, "\n");
	cut = n <= JOURNAL_FIRST_LINE ? n : text_cut(t, JOURNAL_FIRST_LINE);
	snprintf(buf, len, "%.*s%s", (int)cut, t, cut < n ? "…" : "");
}

/* journal_format formats one entry: date, shared or not, first line. */
static void
journal_format(void *arg, size_t i, char *buf, size_t len)
{
	struct journal_view		*v = arg;
	const struct journal_entry	*e = &v->entries[i];
	const char			*cells[3];
	char				 when[32], first[JOURNAL_FIRST_LINE + 8];

	ui_format_date(e->created_at, when, sizeof when);
	journal_first_line(e, first, sizeof first);
	cells[0] = when;
	cells[1] = e->shared ? _("[shared]") : "";
	cells[2] = first;
	ui_columns(buf, len, journal_widths, cells, 3);
}

/* journal_load reads her entries, newest first. */
static int
journal_load(struct list_screen *ls)
{
	struct journal_view	*v = (struct journal_view *)ls;
	int			 st;

	st = journal_list(ui->db, &ui->actor, 0, &v->entries, &v->n);
	ls->list.n = v->n;
	return st;
}

/* journal_unload frees the entries. */
static void
journal_unload(struct list_screen *ls)
{
	struct journal_view	*v = (struct journal_view *)ls;

	journal_entries_free(v->entries, v->n);
	v->entries = NULL;
	v->n = 0;
}

/*
 * journal_new writes a new entry and asks whether to share it; a refused
 * entry opens the editor again on what she wrote.  0, or -1 when the
 * session is ending (what she wrote is still kept, private).
 */
static int
journal_new(void)
{
	char	*text = NULL, *err = NULL;
	int64_t	 id;
	int	 r, share, st;

	for (;;) {
		if ((r = editor_run(_("New journal entry"), &text,
		    EXERCISE_TEXT_MAX)) != 1)
			break;
		if (text == NULL || text[strspn(text, " \n")] == '\0') {
			r = 0;
			break;
		}
		share = dialog_confirm(_("Share"),
		    _("Share this entry with your professional?"));
		st = journal_write(ui->db, &ui->actor, text, share == 1, &id,
		    &err);
		if (share == -1) {
			r = -1;
			break;
		}
		if (st == ST_OK) {
			ui_status(share == 1 ? _("Saved and shared with your "
			    "professional.") : _("Saved. Only you can read "
			    "it."));
			break;
		}
		r = ui_notice_status(st, err);
		free(err);
		err = NULL;
		if (r == -1)
			break;
	}
	free(err);
	free(text);
	return r == -1 ? -1 : 0;
}

/* journal_find finds entry id among those read. */
static const struct journal_entry *
journal_find(const struct journal_view *v, int64_t id)
{
	size_t	i;

	for (i = 0; i < v->n; i++) {
		if (v->entries[i].id == id)
			return &v->entries[i];
	}
	return NULL;
}

/* journal_text is what the reader shows: when, shared or not, the text. */
static char *
journal_text(const struct journal_entry *e)
{
	char	*s, when[32], changed[32];

	ui_format_local(e->created_at, when, sizeof when);
	s = xstrdup("");
	if (e->updated_at > e->created_at) {
		ui_format_local(e->updated_at, changed, sizeof changed);
		ui_appendf(&s, _("Written %s, changed %s"), when, changed);
	} else
		ui_appendf(&s, _("Written %s"), when);
	ui_appendf(&s, "%s", e->shared ? _("Shared with your professional.") :
	    _("Private: only you can read it."));
	ui_appendf(&s, "%s", "");
	ui_appendf(&s, "%s", e->text != NULL ? e->text :
	    _("[cannot be opened]"));
	return s;
}

/*
 * journal_edit changes entry e; a refusal opens the editor again on
 * what she wrote.  0, or -1 when the session is ending.
 */
static int
journal_edit(const struct journal_entry *e)
{
	char	*text, *err = NULL;
	int	 r, st;

	if (e->text == NULL)
		return ui_notice(_("My journal"), _("This entry cannot be "
		    "opened, so it cannot be changed.")) == -1 ? -1 : 0;
	text = xstrdup(e->text);
	for (;;) {
		if ((r = editor_run(_("Change journal entry"), &text,
		    EXERCISE_TEXT_MAX)) != 1)
			break;
		if ((st = journal_update(ui->db, &ui->actor, e->id, text,
		    &err)) == ST_OK) {
			ui_status(_("Saved."));
			break;
		}
		r = ui_notice_status(st, err);
		free(err);
		err = NULL;
		if (r == -1)
			break;
	}
	free(err);
	free(text);
	return r == -1 ? -1 : 0;
}

/* journal_toggle shares entry e, or stops sharing it, once she confirms. */
static int
journal_toggle(const struct journal_entry *e)
{
	int	r, st;

	if (e->shared)
		r = dialog_confirm(_("Stop sharing"), _("Stop sharing this "
		    "entry? Your professional will no longer be able to read "
		    "it."));
	else
		r = dialog_confirm(_("Share"),
		    _("Share this entry with your professional?"));
	if (r != 1)
		return r;
	if ((st = journal_share(ui->db, &ui->actor, e->id, !e->shared)) !=
	    ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	ui_status(e->shared ? _("This entry is private again.") :
	    _("Shared with your professional."));
	return 0;
}

/*
 * journal_read shows entry id, read again after each change, until she
 * goes back; 0, or -1 when the session is ending.
 */
static int
journal_read(struct journal_view *v, int64_t id)
{
	const struct journal_entry	*e;
	char				*text;
	wint_t				 key;
	int				 r, st;

	for (;;) {
		journal_unload(&v->ls);
		if ((st = journal_load(&v->ls)) != ST_OK)
			return ui_notice_status(st, NULL) == -1 ? -1 : 0;
		if ((e = journal_find(v, id)) == NULL)
			return ui_notice_status(ST_NOTFOUND, NULL) == -1 ?
			    -1 : 0;
		text = journal_text(e);
		r = pager_run_keys(_("Journal entry"), text, e->shared ?
		    _("e edit · s stop sharing · Esc back") :
		    _("e edit · s share · Esc back"), "es", &key);
		free(text);
		if (r != PAGER_KEY)
			return r == -1 ? -1 : 0;
		if (key == 'e')
			r = journal_edit(e);
		else
			r = journal_toggle(e);
		if (r == -1)
			return -1;
	}
}

/* journal_act reads an entry (Enter) or writes a new one (n). */
static int
journal_act(struct list_screen *ls, size_t i, wint_t key, bool select)
{
	struct journal_view	*v = (struct journal_view *)ls;

	if (select && i < v->n)
		return journal_read(v, v->entries[i].id);
	if (!select && key == 'n') {
		ls->sel = 0;
		return journal_new();
	}
	return 0;
}

/* journal_run shows the signed-in patient's journal; -1 ends the session. */
int
journal_run(void)
{
	struct journal_view	v;
	struct target		t = TARGET_NONE;

	t.owner_id = ui->actor.id;
	if (!role_may(&ui->actor, ACT_SELFHELP_DO, &t))
		return ui_notice_status(ST_DENIED, NULL) == -1 ? -1 : 0;
	memset(&v, 0, sizeof v);
	v.ls.list.title = _("My journal");
	v.ls.list.help = _("Enter: read · n new entry · Esc back");
	v.ls.list.row = journal_format;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("Your journal is empty. Press n to write your "
	    "first entry. It stays private unless you choose to share it "
	    "with your professional.");
	v.ls.load = journal_load;
	v.ls.unload = journal_unload;
	v.ls.act = journal_act;
	return list_screen_run(&v.ls);
}
