/*
 * admin_studies.c: "Research studies", for administrators.  The list
 * shows every registered study (id, title, protocol version, recruiting
 * or closed, when it was registered, how many exports were written);
 * n registers a new one, Enter shows its details (questionnaires, the
 * map of windows to REDCap events, its key file and its exports), c
 * closes its recruitment and o opens it again.
 *
 * Everything goes through bbs/study.c, which checks the role again and
 * writes the audit rows; this screen only gathers what the administrator
 * typed, the way bbsctl study create reads its arguments.  Nothing here
 * names a patient: an export's row says when and which staff member (or
 * the operator) wrote it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* bbs/study.c's limits, in bytes; and what the lists may take. */
#define ADMIN_STUDIES_TITLE	200
#define ADMIN_STUDIES_PROTO	40
#define ADMIN_STUDIES_LIST	400

struct admin_studies_view {
	struct list_screen	  ls;	/* first: callbacks get it */
	struct study		**list;
	size_t			  n;
	int64_t			 *exports; /* per study; -1 unknown */
	char			  header[256];
};

/* What the new study's form holds, kept between tries. */
struct admin_studies_form {
	char	id[STUDY_ID_MAX * 4 + 1];
	char	title[ADMIN_STUDIES_TITLE * 4 + 1];
	char	protocol[ADMIN_STUDIES_PROTO * 4 + 1];
	char	instruments[ADMIN_STUDIES_LIST * 4 + 1];
	char	events[ADMIN_STUDIES_LIST * 4 + 1];
};

static const int admin_studies_widths[] = { 14, 24, 8, 10, 10, 0 };

/* admin_studies_status is "recruiting" or "closed". */
static const char *
admin_studies_status(const struct study *s)
{
	return s->recruiting ? _("recruiting") : _("closed");
}

/* admin_studies_count writes a count, "-" when unknown. */
static void
admin_studies_count(int64_t n, char *buf, size_t len)
{
	if (n < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%" PRId64, n);
}

/* admin_studies_row formats one study for the list. */
static void
admin_studies_row(void *arg, size_t i, char *buf, size_t len)
{
	struct admin_studies_view	*v = arg;
	const struct study		*s = v->list[i];
	const char			*cells[6];
	char				 date[32], count[32];

	ui_format_date(s->created_at, date, sizeof date);
	admin_studies_count(v->exports[i], count, sizeof count);
	cells[0] = s->id;
	cells[1] = s->title;
	cells[2] = s->protocol;
	cells[3] = admin_studies_status(s);
	cells[4] = date;
	cells[5] = count;
	ui_columns(buf, len, admin_studies_widths, cells, 6);
}

/* admin_studies_exports counts a study's exports; -1 when unknown. */
static int64_t
admin_studies_exports(const char *study)
{
	struct study_export_row	*rows = NULL;
	size_t			 n = 0;

	if (study_exports(ui->db, &ui->actor, study, &rows, &n) != ST_OK)
		return -1;
	study_export_rows_free(rows, n);
	return (int64_t)n;
}

/* admin_studies_load reads the studies and counts their exports. */
static int
admin_studies_load(struct list_screen *ls)
{
	struct admin_studies_view	*v = (struct admin_studies_view *)ls;
	size_t				 i;
	int				 st;

	if ((st = study_list(ui->db, &v->list, &v->n)) != ST_OK)
		return st;
	v->exports = xcalloc(v->n > 0 ? v->n : 1, sizeof *v->exports);
	for (i = 0; i < v->n; i++)
		v->exports[i] = admin_studies_exports(v->list[i]->id);
	ls->list.n = v->n;
	return ST_OK;
}

/* admin_studies_unload frees the studies. */
static void
admin_studies_unload(struct list_screen *ls)
{
	struct admin_studies_view	*v = (struct admin_studies_view *)ls;

	study_free_list(v->list, v->n);
	free(v->exports);
	v->list = NULL;
	v->exports = NULL;
	v->n = 0;
}

/* admin_studies_instruments appends the study's questionnaires to *text. */
static void
admin_studies_instruments(char **text, const struct study *s)
{
	const struct instrument	*in;
	size_t			 i;

	ui_appendf(text, "%s", _("Questionnaires:"));
	for (i = 0; i < s->ninstruments; i++) {
		in = instrument_find(s->instruments[i]);
		ui_appendf(text, "  %s  %s", s->instruments[i], in != NULL ?
		    in->name : _("(not loaded)"));
	}
}

/* admin_studies_events appends the map of windows to events to *text. */
static void
admin_studies_events(char **text, const struct study *s)
{
	size_t	i;

	ui_appendf(text, "%s", _("Events (window = REDCap event):"));
	if (s->nevents == 0)
		ui_appendf(text, "  %s", _("the default names for every "
		    "window (enrolment = baseline_arm_1, programme+4w = "
		    "week_04_arm_1, end = end_arm_1, followup+3mo = "
		    "fu_03m_arm_1...)"));
	for (i = 0; i < s->nevents; i++)
		ui_appendf(text, "  %s = %s", s->events[i].window,
		    s->events[i].event);
}

/*
 * admin_studies_export_list appends the study's exports to *text: when
 * and by which staff member (or the operator), how many participants,
 * and the directory; never who the participants are.
 */
static void
admin_studies_export_list(char **text, const struct study *s)
{
	struct study_export_row	*rows = NULL;
	size_t			 n = 0, i;
	char			 when[32];
	int			 st;

	ui_appendf(text, "%s", _("Exports (newest first):"));
	if ((st = study_exports(ui->db, &ui->actor, s->id, &rows, &n)) !=
	    ST_OK) {
		ui_appendf(text, "  %s", _("The exports cannot be read now."));
		return;
	}
	if (n == 0)
		ui_appendf(text, "  %s", _("none yet"));
	for (i = 0; i < n; i++) {
		ui_format_time(rows[i].at, when, sizeof when);
		ui_appendf(text, _("  %s UTC, by %s: %" PRId64 " participants, "
		    "%" PRId64 " rows"), when, rows[i].by != NULL ?
		    rows[i].by : _("the operator"), rows[i].records,
		    rows[i].rows);
		ui_appendf(text, "    %s", rows[i].dir != NULL ? rows[i].dir :
		    "-");
	}
	study_export_rows_free(rows, n);
}

/* admin_studies_text describes a study in full, for its details. */
static char *
admin_studies_text(const struct study *s)
{
	char	*text = xstrdup(""), date[32];

	ui_format_time(s->created_at, date, sizeof date);
	ui_appendf(&text, _("Study: %s"), s->id);
	ui_appendf(&text, _("Title: %s"), s->title);
	ui_appendf(&text, _("Protocol version: %s"), s->protocol);
	ui_appendf(&text, _("Registered: %s UTC"), date);
	ui_appendf(&text, "%s", s->recruiting ? _("Recruiting: yes; patients "
	    "who have not decided are asked at their next login.") :
	    _("Recruiting: no; nobody is asked any more, and those who "
	    "agreed stay in its exports until they withdraw."));
	ui_appendf(&text, "%s", "");
	admin_studies_instruments(&text, s);
	ui_appendf(&text, "%s", "");
	admin_studies_events(&text, s);
	ui_appendf(&text, "%s", "");
	ui_appendf(&text, _("Key file: %s"), s->key_file != NULL ?
	    s->key_file : "-");
	ui_appendf(&text, "%s", _("Back it up apart from the database: "
	    "without it the study's record ids cannot be made again."));
	ui_appendf(&text, "%s", "");
	admin_studies_export_list(&text, s);
	return text;
}

/*
 * admin_studies_recruit closes (or opens again) a study's recruitment
 * after saying what that means; -1 when the session is ending.
 */
static int
admin_studies_recruit(const struct study *s, bool open)
{
	char	*q = NULL;
	int	 rc, st;

	if (s->recruiting == open) {
		ui_status(open ? _("This study is already recruiting.") :
		    _("This study is already closed."));
		return 0;
	}
	if (open)
		xasprintf(&q, _("Open recruitment for %s again? Patients who "
		    "have not decided about it will be asked at their next "
		    "login."), s->id);
	else
		xasprintf(&q, _("Close recruitment for %s? Nobody will be "
		    "asked about it any more; those who agreed stay in its "
		    "exports until they withdraw."), s->id);
	rc = dialog_confirm(open ? _("Open recruitment") :
	    _("Close recruitment"), q);
	free(q);
	if (rc != 1)
		return rc;
	if ((st = study_set_recruiting(ui->db, &ui->actor, s->id, open)) !=
	    ST_OK)
		return ui_notice_status(st, NULL);
	ui_status(open ? _("The study is recruiting again.") :
	    _("The study's recruitment is closed."));
	return 0;
}

/* admin_studies_details shows a study; c and o act on it from there. */
static int
admin_studies_details(const struct study *s)
{
	char	*text;
	wint_t	 key = 0;
	int	 rc;

	text = admin_studies_text(s);
	rc = pager_run_keys(s->title, text, _("c close · o reopen · q back"),
	    "co", &key);
	free(text);
	if (rc == PAGER_KEY)
		return admin_studies_recruit(s, key == 'o');
	return rc;
}

/*
 * admin_studies_events_read splits "WINDOW=EVENT ..." into s's events;
 * ST_INVALID (with *err) for a word without '='.
 */
static int
admin_studies_events_read(struct study *s, const char *list, char **err)
{
	char	*copy, *w, *save;
	int	 st = ST_OK;

	copy = xstrdup(list);
	for (w = strtok_r(copy, " \t,", &save); w != NULL;
	    w = strtok_r(NULL, " \t,", &save)) {
		if ((st = study_add_event(s, w)) != ST_OK) {
			xasprintf(err, _("%s: an event is WINDOW=EVENT, such "
			    "as programme+4w=week_04_arm_1"), w);
			break;
		}
	}
	free(copy);
	return st;
}

/* admin_studies_intro is the form's help: the loaded questionnaires. */
static char *
admin_studies_intro(void)
{
	const struct instrument	*in;
	char			*list = xstrdup(""), *t, *text = NULL;
	size_t			 i;

	for (i = 0; i < instrument_count(); i++) {
		if ((in = instrument_at(i)) == NULL)
			continue;
		xasprintf(&t, "%s%s%s (%s)", list, *list != '\0' ? ", " : "",
		    in->id, in->name);
		free(list);
		list = t;
	}
	xasprintf(&text, _("Id: lowercase letters, digits and _, such as "
	    "wellbeing_2026. Protocol: one word, such as 1.2. Questionnaires: "
	    "their ids, separated by spaces; loaded: %s. Events: optional, "
	    "WINDOW=EVENT separated by spaces (enrolment=baseline_arm_1 "
	    "programme+4w=week_04_arm_1); empty takes the default names."),
	    *list != '\0' ? list : "-");
	free(list);
	return text;
}

/*
 * admin_studies_try registers the study the form describes: ST_OK with
 * the key file's path in *key, or a status with *err saying why.
 */
static int
admin_studies_try(const struct admin_studies_form *f, char **key, char **err)
{
	struct study	*s;
	int		 st;

	*key = *err = NULL;
	s = xcalloc(1, sizeof *s);
	s->recruiting = true;
	if (strlen(f->id) > STUDY_ID_MAX) {
		xasprintf(err, _("A study id has at most %d characters."),
		    STUDY_ID_MAX);
		st = ST_INVALID;
		goto out;
	}
	memcpy(s->id, f->id, strlen(f->id) + 1);	/* fits: checked above */
	s->title = xstrdup(f->title);
	s->protocol = xstrdup(f->protocol);
	study_add_instruments(s, f->instruments);
	if ((st = admin_studies_events_read(s, f->events, err)) != ST_OK)
		goto out;
	if ((st = study_create(ui->db, ui->conf, &ui->actor, s, err)) ==
	    ST_OK)
		*key = xstrdup(s->key_file);
out:
	study_free(s);
	return st;
}

/*
 * admin_studies_create asks for a new study until it is registered or
 * the administrator gives up; what was typed stays after an error.
 */
static int
admin_studies_create(void)
{
	struct admin_studies_form	 f;
	struct field			 fields[5];
	char				*intro, *key = NULL, *err = NULL;
	char				*msg = NULL;
	int				 rc, st;

	memset(&f, 0, sizeof f);
	fields[0] = (struct field){ _("Id"), f.id, sizeof f.id, STUDY_ID_MAX,
	    false };
	fields[1] = (struct field){ _("Title"), f.title, sizeof f.title,
	    ADMIN_STUDIES_TITLE, false };
	fields[2] = (struct field){ _("Protocol version"), f.protocol,
	    sizeof f.protocol, ADMIN_STUDIES_PROTO, false };
	fields[3] = (struct field){ _("Questionnaires"), f.instruments,
	    sizeof f.instruments, ADMIN_STUDIES_LIST, false };
	fields[4] = (struct field){ _("Events"), f.events, sizeof f.events,
	    ADMIN_STUDIES_LIST, false };
	intro = admin_studies_intro();
	for (;;) {
		rc = form_run(_("New study"), intro, fields, 5,
		    _("Ctrl-S register · Esc cancel"));
		if (rc != 1)
			break;
		if ((st = admin_studies_try(&f, &key, &err)) == ST_OK)
			break;
		rc = ui_notice_status(st, err);
		free(err);
		err = NULL;
		if (rc == -1)
			break;
	}
	free(intro);
	if (rc != 1)
		return rc == -1 ? -1 : 0;
	xasprintf(&msg, _("Study %s is registered and recruiting.\n\nIts key "
	    "file was created at\n  %s\nBack it up apart from the database: "
	    "without it the study's record ids cannot be made again.\n\n"
	    "Patients who have not decided about it will be asked at their "
	    "next login."), f.id, key);
	rc = ui_notice(_("New study"), msg);
	free(msg);
	free(key);
	return rc;
}

/* admin_studies_act: n new study, Enter details, c close, o open. */
static int
admin_studies_act(struct list_screen *ls, size_t sel, wint_t key,
    bool select)
{
	struct admin_studies_view	*v = (struct admin_studies_view *)ls;

	if (!select && key == 'n')
		return admin_studies_create();
	if (sel >= v->n)
		return 0;
	if (select)
		return admin_studies_details(v->list[sel]);
	if (key == 'c' || key == 'o')
		return admin_studies_recruit(v->list[sel], key == 'o');
	return 0;
}

/* admin_studies_run lists the research studies, for administrators. */
int
admin_studies_run(void)
{
	struct admin_studies_view	 v;
	struct target			 t = TARGET_NONE;
	const char			*heads[6];

	/* The menu hides it from others; study.c checks again. */
	if (!role_may(&ui->actor, ACT_ACCOUNT_ADMIN, &t))
		return ui_notice_status(ST_DENIED, NULL);
	memset(&v, 0, sizeof v);
	heads[0] = _("Id");
	heads[1] = _("Title");
	heads[2] = _("Protocol");
	heads[3] = _("Status");
	heads[4] = _("Created");
	heads[5] = _("Exports");
	ui_columns(v.header, sizeof v.header, admin_studies_widths, heads, 6);
	v.ls.list.title = _("Research studies");
	v.ls.list.header = v.header;
	v.ls.list.help = _("n new · c close · o reopen");
	v.ls.list.row = admin_studies_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("No studies yet. Press n to register one.");
	v.ls.load = admin_studies_load;
	v.ls.unload = admin_studies_unload;
	v.ls.act = admin_studies_act;
	return list_screen_run(&v.ls);
}
