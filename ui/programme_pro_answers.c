/*
 * programme_pro_answers.c: the exercises a patient submitted, for a
 * professional caring for her, newest first: each read in full, laid
 * out by kind (a rating with what its ends mean, the ticked items of a
 * checklist, the fields of a thought record, an activity plan as a
 * table), with the feedback written so far; and writing feedback, which
 * she sees marked new.  bbs/programme.c checks who may read and write,
 * and audits each reading.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct programme_pro_answers {
	struct list_screen	  ls;	/* first: callbacks get it */
	int64_t			  patient;
	const char		 *who;		/* her pseudonym */
	struct exercise_answer	**list;
	size_t			  n;
	char			  title[128];
	char			  header[256];
};

/* The labels of a thought record's texts, by enum thought_field. */
static const char *const programme_pro_answers_thought_labels[] = {
	N_("Situation"),
	N_("Automatic thought"),
	N_("Emotion"),
	N_("Evidence for"),
	N_("Evidence against"),
	N_("Balanced thought"),
};

static const int programme_pro_answers_widths[] = { 20, 28, 10, 0 };
static const int programme_pro_answers_plan_widths[] = { 5, 6, 6, 0 };

/* programme_pro_answers_or_dash is text, or "-" when nothing is written. */
static const char *
programme_pro_answers_or_dash(const char *text)
{
	return text != NULL && *text != '\0' ? text : "-";
}

/* programme_pro_answers_module is a module in the reader's language. */
static const struct module *
programme_pro_answers_module(const char *id)
{
	bool	fallback;

	return modules_get(id, ui->me->language, &fallback);
}

/* programme_pro_answers_prompt is an exercise's question, or its id. */
static const char *
programme_pro_answers_prompt(const struct module *def, const char *id)
{
	const struct module_exercise	*ex;

	if (def != NULL && (ex = module_exercise(def, id)) != NULL &&
	    ex->prompt != NULL)
		return ex->prompt;
	return id;
}

/* programme_pro_answers_rating adds a rating and what its ends mean. */
static void
programme_pro_answers_rating(char **s, const struct module_exercise *ex,
    const struct exercise_answer *a)
{
	if (a->rating < 0)
		ui_appendf(s, "%s", _("No rating given."));
	else if (ex != NULL && ex->low != NULL && ex->high != NULL)
		ui_appendf(s, _("%d of 10 (0 = %s, 10 = %s)"), a->rating,
		    ex->low, ex->high);
	else
		ui_appendf(s, _("%d of 10"), a->rating);
}

/* programme_pro_answers_checklist adds every item, the ticked marked. */
static void
programme_pro_answers_checklist(char **s, const struct module_exercise *ex,
    const struct exercise_answer *a)
{
	size_t	i;

	if (a->checks == 0)
		ui_appendf(s, "%s", _("Nothing ticked."));
	if (ex == NULL)
		return;
	for (i = 0; i < ex->nitems && i < MODULE_ITEMS_MAX; i++)
		ui_appendf(s, "[%s] %s", (a->checks & (1u << i)) ? "x" : " ",
		    ex->items[i]);
}

/* programme_pro_answers_intensity formats an intensity 0-100, or "-". */
static void
programme_pro_answers_intensity(int v, char *buf, size_t len)
{
	if (v < 0)
		snprintf(buf, len, "%s", "-");
	else
		snprintf(buf, len, _("%d of 100"), v);
}

/* programme_pro_answers_thought adds a thought record, field by field. */
static void
programme_pro_answers_thought(char **s, const struct exercise_answer *a)
{
	char	v[32];
	size_t	i;

	for (i = 0; i < THOUGHT_TEXTS; i++) {
		ui_appendf(s, "%s: %s",
		    _(programme_pro_answers_thought_labels[i]),
		    programme_pro_answers_or_dash(a->thought[i]));
		if (i == THOUGHT_EMOTION) {
			programme_pro_answers_intensity(a->intensity, v,
			    sizeof v);
			ui_appendf(s, _("Intensity: %s"), v);
		}
	}
	programme_pro_answers_intensity(a->new_intensity, v, sizeof v);
	ui_appendf(s, _("New intensity: %s"), v);
}

/* programme_pro_answers_mood formats a mood 0-10, or "-". */
static void
programme_pro_answers_mood(int v, char *buf, size_t len)
{
	if (v < 0)
		snprintf(buf, len, "%s", "-");
	else
		snprintf(buf, len, "%d", v);
}

/* programme_pro_answers_plan_row adds one row of the table. */
static void
programme_pro_answers_plan_row(char **s, const char **cells)
{
	char	*row;
	size_t	 len;

	/* Sanitising may grow a cell: room for every byte to triple. */
	len = 4 * (strlen(cells[0]) + strlen(cells[1]) + strlen(cells[2]) +
	    strlen(cells[3])) + 64;
	row = xmalloc(len);
	ui_columns(row, len, programme_pro_answers_plan_widths, cells, 4);
	ui_appendf(s, "%s", row);
	free(row);
}

/*
 * programme_pro_answers_plan adds an activity plan as a small table; what
 * was planned comes last, so a long one wraps rather than being cut.
 */
static void
programme_pro_answers_plan(char **s, const struct exercise_answer *a)
{
	const struct activity_row	*r;
	const char			*cells[4];
	char				 before[16], after[16], *what;
	size_t				 i;

	if (a->nrows == 0) {
		ui_appendf(s, "%s", _("No activity planned."));
		return;
	}
	ui_appendf(s, "%s", _("Mood before and after, 0 to 10."));
	cells[0] = _("Done");
	cells[1] = _("Before");
	cells[2] = _("After");
	cells[3] = _("What (when)");
	programme_pro_answers_plan_row(s, cells);
	for (i = 0; i < a->nrows && i < ACTIVITY_ROWS_MAX; i++) {
		r = &a->rows[i];
		programme_pro_answers_mood(r->before, before, sizeof before);
		programme_pro_answers_mood(r->after, after, sizeof after);
		if (r->when != NULL && *r->when != '\0')
			xasprintf(&what, "%s (%s)",
			    programme_pro_answers_or_dash(r->what), r->when);
		else
			what = xstrdup(programme_pro_answers_or_dash(r->what));
		cells[0] = r->done == 1 ? _("yes") : r->done == 0 ? _("no") :
		    "-";
		cells[1] = before;
		cells[2] = after;
		cells[3] = what;
		programme_pro_answers_plan_row(s, cells);
		free(what);
	}
}

/*
 * programme_pro_answers_render adds an answer to *s, laid out for reading
 * by its kind; def is its module (may be NULL: then the kind's own layout
 * without the module's words).
 */
void
programme_pro_answers_render(char **s, const struct module *def,
    const struct exercise_answer *a)
{
	const struct module_exercise	*ex;

	ex = def != NULL ? module_exercise(def, a->exercise) : NULL;
	if (a->unreadable) {
		ui_appendf(s, "%s", _("[cannot be opened]"));
		return;
	}
	switch (a->kind) {
	case EX_TEXT:
		ui_appendf(s, "%s", programme_pro_answers_or_dash(a->text));
		break;
	case EX_RATING:
		programme_pro_answers_rating(s, ex, a);
		break;
	case EX_CHECKLIST:
		programme_pro_answers_checklist(s, ex, a);
		break;
	case EX_THOUGHT_RECORD:
		programme_pro_answers_thought(s, a);
		break;
	case EX_ACTIVITY_PLAN:
		programme_pro_answers_plan(s, a);
		break;
	default:
		ui_appendf(s, "%s", "-");
		break;
	}
}

/* programme_pro_answers_feedback_list adds the feedback written so far. */
static void
programme_pro_answers_feedback_list(char **s,
    const struct exercise_answer *a)
{
	const struct exercise_feedback	*f;
	char				 when[64], seen[64];
	size_t				 i;

	ui_appendf(s, "\n%s", _("Feedback:"));
	if (a->nfeedback == 0) {
		ui_appendf(s, "%s", _("No feedback yet. Press f to write "
		    "some."));
		return;
	}
	for (i = 0; i < a->nfeedback; i++) {
		f = &a->feedback[i];
		ui_format_local(f->at, when, sizeof when);
		if (f->seen_at != 0) {
			ui_format_local(f->seen_at, seen, sizeof seen);
			ui_appendf(s, _("%s, %s · seen by her %s"),
			    programme_pro_answers_or_dash(f->author), when,
			    seen);
		} else
			ui_appendf(s, _("%s, %s · not seen by her yet"),
			    programme_pro_answers_or_dash(f->author), when);
		ui_appendf(s, "%s\n", f->text != NULL ? f->text :
		    _("[cannot be opened]"));
	}
}

/*
 * programme_pro_answers_text is one answer to read: where it comes from,
 * the question, when it was submitted, the answer and its feedback.
 */
static char *
programme_pro_answers_text(const struct exercise_answer *a)
{
	const struct module		*def;
	const struct module_exercise	*ex;
	char				*s, when[64];

	s = xstrdup("");
	def = programme_pro_answers_module(a->module);
	ex = def != NULL ? module_exercise(def, a->exercise) : NULL;
	if (def != NULL && ex != NULL && ex->session < def->nsessions)
		ui_appendf(&s, _("%s · session %zu, %s"), def->title,
		    ex->session + 1, def->sessions[ex->session].title);
	else
		ui_appendf(&s, "%s", def != NULL ? def->title : a->module);
	ui_appendf(&s, "%s", programme_pro_answers_prompt(def, a->exercise));
	if (a->submitted) {
		ui_format_local(a->submitted_at, when, sizeof when);
		ui_appendf(&s, _("Submitted %s"), when);
	} else
		ui_appendf(&s, "%s", _("Not submitted yet."));
	ui_appendf(&s, "\n%s", _("Her answer:"));
	programme_pro_answers_render(&s, def, a);
	programme_pro_answers_feedback_list(&s, a);
	return s;
}

/* programme_pro_answers_blank tells whether text has nothing but spaces. */
static bool
programme_pro_answers_blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

/*
 * programme_pro_answers_send sends feedback: 1 sent, 0 refused (she was
 * told why and goes back to her text), -1 when the session ends.
 */
static int
programme_pro_answers_send(int64_t answer, const char *text)
{
	char	*err = NULL;
	int	 st, rc;

	if (programme_pro_answers_blank(text))
		return ui_notice(_("Write feedback"), _("There is nothing to "
		    "send yet. Write a few words first.")) == -1 ? -1 : 0;
	st = programme_feedback(ui->db, &ui->actor, answer, text, &err);
	if (st == ST_OK) {
		free(err);
		return 1;
	}
	rc = ui_notice_status(st, err);
	free(err);
	return rc == -1 ? -1 : 0;
}

/*
 * programme_pro_answers_feedback writes feedback on an answer; what was
 * typed is kept when it is refused, until the writer gives it up.  -1
 * when the session is ending.
 */
static int
programme_pro_answers_feedback(const struct programme_pro_answers *v,
    int64_t answer)
{
	char	*text = NULL, *title;
	bool	 tried = false;
	int	 rc;

	xasprintf(&title, _("Feedback for %s"), v->who);
	for (;;) {
		if ((rc = editor_run(title, &text, FEEDBACK_MAX)) == -1)
			break;
		if (rc == 0) {
			/* Given up: ask only about a refused text. */
			if (tried && !programme_pro_answers_blank(text) &&
			    (rc = dialog_confirm(_("Leave without sending?"),
			    _("What you wrote will not be kept."))) == 0)
				continue;
			rc = rc == -1 ? -1 : 0;
			break;
		}
		if ((rc = programme_pro_answers_send(answer, text)) != 0)
			break;
		tried = true;
	}
	free(text);
	free(title);
	if (rc == 1)
		ui_status(_("Your feedback is sent. She sees it marked new."));
	return rc == -1 ? -1 : 0;
}

/*
 * programme_pro_answers_view reads answer i in full, reread after each
 * feedback so the new one shows; f writes feedback.
 */
static int
programme_pro_answers_view(struct programme_pro_answers *v, size_t i)
{
	struct exercise_answer	*a = NULL;
	char			*text, *title;
	wint_t			 key;
	int			 st, rc;

	xasprintf(&title, _("Exercise: %s"), v->who);
	for (;;) {
		if ((st = programme_answer_get(ui->db, &ui->actor,
		    v->list[i]->assignment_id, v->list[i]->exercise, &a)) !=
		    ST_OK) {
			rc = ui_notice_status(st, NULL);
			break;
		}
		text = programme_pro_answers_text(a);
		rc = pager_run_keys(title, text, _("f write feedback · Esc "
		    "back"), "f", &key);
		free(text);
		if (rc == PAGER_KEY)
			rc = programme_pro_answers_feedback(v, a->id) == -1 ?
			    -1 : PAGER_KEY;
		exercise_answer_free(a);
		a = NULL;
		if (rc != PAGER_KEY)
			break;
	}
	free(title);
	return rc == -1 ? -1 : 0;
}

/* programme_pro_answers_row formats one: module, question, date, state. */
static void
programme_pro_answers_row(void *arg, size_t i, char *buf, size_t len)
{
	struct programme_pro_answers	*v = arg;
	const struct exercise_answer	*a = v->list[i];
	const struct module		*def;
	const char			*cells[4];
	char				 when[64];

	def = programme_pro_answers_module(a->module);
	ui_format_date(a->submitted_at, when, sizeof when);
	cells[0] = def != NULL ? def->title : a->module;
	cells[1] = programme_pro_answers_prompt(def, a->exercise);
	cells[2] = when;
	cells[3] = a->nfeedback > 0 ? _("feedback given") :
	    _("no feedback yet");
	ui_columns(buf, len, programme_pro_answers_widths, cells, 4);
}

/*
 * programme_pro_answers_load reads what she submitted, newest first (as
 * programme_submitted gives it).
 */
static int
programme_pro_answers_load(struct list_screen *ls)
{
	struct programme_pro_answers	*v;
	int				 st;

	v = (struct programme_pro_answers *)ls;
	st = programme_submitted(ui->db, &ui->actor, v->patient, &v->list,
	    &v->n);
	ls->list.n = v->n;
	return st;
}

/* programme_pro_answers_unload frees the answers. */
static void
programme_pro_answers_unload(struct list_screen *ls)
{
	struct programme_pro_answers	*v;

	v = (struct programme_pro_answers *)ls;
	exercise_answers_free_list(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/* programme_pro_answers_act reads the answer (Enter) or answers it (f). */
static int
programme_pro_answers_act(struct list_screen *ls, size_t i, wint_t key,
    bool select)
{
	struct programme_pro_answers	*v;

	v = (struct programme_pro_answers *)ls;
	if (i >= v->n)
		return 0;
	if (select)
		return programme_pro_answers_view(v, i);
	if (key == 'f')
		return programme_pro_answers_feedback(v, v->list[i]->id);
	return 0;
}

/*
 * programme_pro_answers_run lists the exercises patient (named who)
 * submitted, for her professional; -1 when the session is ending.
 */
int
programme_pro_answers_run(int64_t patient, const char *who)
{
	struct programme_pro_answers	 v;
	const char			*cells[4];

	memset(&v, 0, sizeof v);
	v.patient = patient;
	v.who = who;
	snprintf(v.title, sizeof v.title, _("Exercises: %s"), who);
	cells[0] = _("Module");
	cells[1] = _("Exercise");
	cells[2] = _("Submitted");
	cells[3] = _("Feedback");
	ui_columns(v.header, sizeof v.header, programme_pro_answers_widths,
	    cells, 4);
	v.ls.list.title = v.title;
	v.ls.list.header = v.header;
	v.ls.list.help = _("Enter read · f feedback · Esc back");
	v.ls.list.row = programme_pro_answers_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("She has not submitted any exercises yet.");
	v.ls.load = programme_pro_answers_load;
	v.ls.unload = programme_pro_answers_unload;
	v.ls.act = programme_pro_answers_act;
	return list_screen_run(&v.ls);
}
