/*
 * module_exercise.c: one exercise of a self-help session: its question,
 * the patient's answer so far, her professional's feedback on it, and
 * the ways to fill it in, by kind:
 *
 *   text            the editor; Ctrl-S saves a draft, then asks whether
 *                   to submit it;
 *   rating          a number from 0 to 10 typed and Enter, as in the
 *                   questionnaires' long scales;
 *   checklist       number keys (or Enter on an item) tick and untick;
 *   thought record  one form with every field, or one field at a time
 *                   (the editor for a long text), numbers checked;
 *   activity plan   rows added with a, changed with Enter, deleted with d.
 *
 * What she types is kept as she typed it: a form or the editor saves a
 * draft as soon as she saves it, and leaving the screen saves what
 * changed there (ticks, a rating), submit false.  Submitting is always
 * her explicit choice (s, or yes when asked); what bbs/programme.c
 * refuses comes back with its reason and nothing typed is lost.  A
 * submitted answer can be read again, changed and submitted again.
 * Opening an exercise marks its feedback seen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui.h"

#define ME_ACTS_MAX	(MODULE_ITEMS_MAX + ACTIVITY_ROWS_MAX + 16)
#define ME_TEXT_BYTES	(EXERCISE_TEXT_MAX * 4 + 1)
#define ME_WHAT_MAX	200	/* code points of an activity */
#define ME_WHEN_MAX	100	/* code points of its time */
#define ME_NUM_BYTES	12	/* an int and its NUL */
#define ME_FIELDS	8	/* of a thought record */
#define ME_ROW_FIELDS	5	/* of an activity plan's row */

/* What a row on the exercise's screen does. */
enum me_act {
	ME_WRITE,	/* text: the editor */
	ME_SUBMIT,
	ME_TICK,	/* checklist item arg */
	ME_FORM,	/* thought record: the whole form */
	ME_FIELD,	/* thought record: field arg */
	ME_ROW,		/* activity plan: row arg */
	ME_ADD,		/* activity plan: a new row */
};

struct me_act_row {
	enum me_act	 act;
	int		 arg;
};

/* One exercise on screen. */
struct module_exercise_view {
	const struct programme_item	*it;
	const struct module_exercise	*ex;
	struct exercise_answer		*a;
	bool				 dirty;		/* changed, not saved */
	char				 typed[4];	/* rating digits */
	struct me_act_row		 acts[ME_ACTS_MAX];
	int				 nacts;
};

/* The fields of a thought record, in the order she fills them in. */
static const struct {
	const char	*label;
	int		 text;		/* enum thought_field, or -1 */
	int		 number;	/* 0 intensity, 1 new intensity, -1 */
} module_exercise_fields[ME_FIELDS] = {
	{ N_("Situation"), THOUGHT_SITUATION, -1 },
	{ N_("Automatic thought"), THOUGHT_AUTOMATIC, -1 },
	{ N_("Emotion"), THOUGHT_EMOTION, -1 },
	{ N_("Intensity (0-100)"), -1, 0 },
	{ N_("Evidence for"), THOUGHT_FOR, -1 },
	{ N_("Evidence against"), THOUGHT_AGAINST, -1 },
	{ N_("Balanced thought"), THOUGHT_BALANCED, -1 },
	{ N_("New intensity (0-100)"), -1, 1 },
};

/* The kinds as the patient reads them, by enum exercise_kind. */
static const char *const module_exercise_kinds[EX_KIND_COUNT] = {
	N_("Free text"),
	N_("Rating 0-10"),
	N_("Checklist"),
	N_("Thought record"),
	N_("Activity plan"),
};

/* module_exercise_kind is a kind's name in the user's language. */
const char *
module_exercise_kind(int kind)
{
	if (kind < 0 || kind >= EX_KIND_COUNT)
		return "?";
	return _(module_exercise_kinds[kind]);
}

/* module_exercise_unseen counts the feedback she has not seen yet. */
static size_t
module_exercise_unseen(const struct exercise_answer *a)
{
	size_t	i, n = 0;

	for (i = 0; a != NULL && i < a->nfeedback; i++) {
		if (a->feedback[i].seen_at == 0)
			n++;
	}
	return n;
}

/*
 * module_exercise_summary says where an exercise stands, for the list on
 * its page: "Rating 0-10 · submitted · feedback: new".
 */
void
module_exercise_summary(const struct module_exercise *ex,
    const struct exercise_answer *a, char *buf, size_t len)
{
	const char	*state, *fb = NULL;

	if (a == NULL || a->id == 0)
		state = _("not started");
	else if (!a->submitted)
		state = _("draft saved");
	else
		state = _("submitted");
	if (module_exercise_unseen(a) > 0)
		fb = _("feedback: new");
	else if (a != NULL && a->nfeedback > 0)
		fb = _("feedback: seen");
	snprintf(buf, len, "%s · %s%s%s%s%s", module_exercise_kind(ex->kind),
	    state, fb != NULL ? " · " : "", fb != NULL ? fb : "",
	    ex->optional ? " · " : "", ex->optional ? _("optional") : "");
}

/* module_exercise_blank is an answer with nothing saved yet. */
static struct exercise_answer *
module_exercise_blank(const struct module_exercise_view *v)
{
	struct exercise_answer	*a;

	a = xcalloc(1, sizeof *a);
	a->assignment_id = v->it->assignment_id;
	snprintf(a->module, sizeof a->module, "%s", v->it->module);
	snprintf(a->exercise, sizeof a->exercise, "%s", v->ex->id);
	a->kind = v->ex->kind;
	a->rating = a->intensity = a->new_intensity = -1;
	return a;
}

/* module_exercise_load reads her answer (a blank one when none). */
static int
module_exercise_load(struct module_exercise_view *v)
{
	struct exercise_answer	*a = NULL;
	int			 st;

	st = programme_answer_get(ui->db, &ui->actor, v->it->assignment_id,
	    v->ex->id, &a);
	if (st == ST_NOTFOUND || (st == ST_OK && a == NULL))
		a = module_exercise_blank(v);
	else if (st != ST_OK)
		return st;
	exercise_answer_free(v->a);
	v->a = a;
	v->dirty = false;
	return ST_OK;
}

/*
 * module_exercise_save checks and saves the answer (submitted when
 * submit), then reads it back: 1 saved, 0 refused (the reason shown,
 * everything typed kept), -1 when the session is ending.
 */
static int
module_exercise_save(struct module_exercise_view *v, bool submit)
{
	char	*err = NULL;
	int	 st, rc;

	st = exercise_check(v->ex, v->a, submit, &err);
	if (st == ST_OK)
		st = programme_answer_save(ui->db, &ui->actor,
		    v->it->assignment_id, v->ex->id, v->a, submit, &err);
	if (st != ST_OK) {
		rc = ui_notice_status(st, err);
		free(err);
		return rc == -1 ? -1 : 0;
	}
	free(err);
	v->dirty = false;
	if ((st = module_exercise_load(v)) != ST_OK)
		log_warn("programme: answer read back: status %d", st);
	return 1;
}

/*
 * module_exercise_save_quietly keeps what changed when the session ends:
 * nobody is left to read a reason.
 */
static void
module_exercise_save_quietly(struct module_exercise_view *v)
{
	char	*err = NULL;

	if (!v->dirty)
		return;
	if (exercise_check(v->ex, v->a, false, &err) == ST_OK) {
		free(err);
		err = NULL;
		(void)programme_answer_save(ui->db, &ui->actor,
		    v->it->assignment_id, v->ex->id, v->a, false, &err);
	}
	free(err);
}

/*
 * module_exercise_submit submits the answer once she confirms: 1
 * submitted, 0 not, -1 when the session is ending.
 */
static int
module_exercise_submit(struct module_exercise_view *v)
{
	int	r;

	if (v->a->submitted && !v->dirty)
		return ui_notice(_("Already submitted"), _("Your professional "
		    "already has this answer, and sees any change you save "
		    "to it.")) == -1 ? -1 : 0;
	r = dialog_confirm(_("Submit"), _("Submit this to your professional?"));
	if (r != 1)
		return r;
	if ((r = module_exercise_save(v, true)) == 1)
		ui_status(_("Submitted to your professional."));
	return r;
}

/*
 * module_exercise_saved follows a draft saved from a form or the editor:
 * the question whether to submit it now.  r is module_exercise_save's.
 */
static int
module_exercise_saved(struct module_exercise_view *v, int r)
{
	if (r != 1)
		return r;
	ui_status(_("Draft saved."));
	r = dialog_confirm(_("Submit"), _("Submit this to your professional?"));
	if (r != 1)
		return r;
	if ((r = module_exercise_save(v, true)) == 1)
		ui_status(_("Submitted to your professional."));
	return r;
}

/*
 * module_exercise_number reads what was typed in a number field: empty
 * (*out -1), or a whole number from 0 to max, spaces around allowed.
 * false for anything else, so the form can say what it takes.
 */
bool
module_exercise_number(const char *s, int max, int *out)
{
	size_t	digits = 0;
	int	n = 0;

	s += strspn(s, " ");
	while (*s >= '0' && *s <= '9') {
		if (++digits > 3)
			return false;
		n = n * 10 + (*s++ - '0');
	}
	s += strspn(s, " ");
	if (*s != '\0')
		return false;
	if (digits == 0) {
		*out = -1;
		return true;
	}
	if (n > max)
		return false;
	*out = n;
	return true;
}

/*
 * module_exercise_yesno reads "done": empty (-1), yes or y (1), no or n
 * (0), in English or the user's language, any case; false otherwise.
 */
bool
module_exercise_yesno(const char *s, int *out)
{
	char	word[32];
	size_t	len;

	s += strspn(s, " ");
	snprintf(word, sizeof word, "%s", s);
	len = strlen(word);
	while (len > 0 && word[len - 1] == ' ')
		word[--len] = '\0';
	if (len == 0)
		*out = -1;
	/* TRANSLATORS: "y"/"yes" and "n"/"no" are what she may type in the
	 * Done field of an activity plan; English y and n work too. */
	else if (strcasecmp(word, "y") == 0 || strcasecmp(word, "yes") == 0 ||
	    strcasecmp(word, _("y")) == 0 || strcasecmp(word, _("yes")) == 0)
		*out = 1;
	else if (strcasecmp(word, "n") == 0 || strcasecmp(word, "no") == 0 ||
	    strcasecmp(word, _("n")) == 0 || strcasecmp(word, _("no")) == 0)
		*out = 0;
	else
		return false;
	return true;
}

/* module_exercise_act adds row what to the screen; its index or -1. */
static int
module_exercise_act(struct module_exercise_view *v, enum me_act act,
    int arg)
{
	if (v->nacts >= ME_ACTS_MAX)
		return -1;
	v->acts[v->nacts].act = act;
	v->acts[v->nacts].arg = arg;
	return v->nacts++;
}

/* module_exercise_row_start makes the lines that follow a row. */
static void
module_exercise_row_start(struct module_lines *ml,
    struct module_exercise_view *v, enum me_act act, int arg)
{
	module_session_item(ml, module_exercise_act(v, act, arg));
}

/* module_exercise_state says whether it is saved or submitted, and when. */
static void
module_exercise_state(struct module_lines *ml,
    const struct module_exercise_view *v)
{
	const struct exercise_answer	*a = v->a;
	char				*s, when[32];

	if (v->ex->optional)
		module_session_text(ml, _("This exercise is optional."), 0,
		    ui_attr(UI_C_DIM));
	if (v->dirty)
		s = xstrdup(_("Changed: it is saved as a draft when you "
		    "leave."));
	else if (a->id == 0)
		s = xstrdup(_("Not started."));
	else if (!a->submitted) {
		ui_format_local(a->updated_at, when, sizeof when);
		xasprintf(&s, _("Draft saved %s. Your professional cannot see "
		    "it until you submit it."), when);
	} else {
		ui_format_local(a->submitted_at, when, sizeof when);
		xasprintf(&s, _("Submitted %s."), when);
	}
	module_session_text(ml, s, 0, ui_attr(UI_C_DIM));
	free(s);
	if (a->unreadable)
		module_session_text(ml, _("Your saved answer cannot be opened."),
		    0, ui_attr(UI_C_ERROR));
}

/* module_exercise_feedback lays out the feedback, author and date. */
static void
module_exercise_feedback(struct module_lines *ml,
    const struct exercise_answer *a)
{
	const struct exercise_feedback	*f;
	char				*s, when[32];
	size_t				 i;

	if (a->nfeedback == 0)
		return;
	module_session_blank(ml);
	module_session_text(ml, _("Feedback from your professional"), 0,
	    A_BOLD);
	for (i = 0; i < a->nfeedback; i++) {
		f = &a->feedback[i];
		ui_format_local(f->at, when, sizeof when);
		if (f->seen_at == 0)
			xasprintf(&s, _("%s · %s · new"), f->author != NULL ?
			    f->author : "?", when);
		else
			xasprintf(&s, "%s · %s", f->author != NULL ?
			    f->author : "?", when);
		module_session_text(ml, s, 0, ui_attr(UI_C_DIM));
		free(s);
		module_session_text(ml, f->text != NULL ? f->text :
		    _("[cannot be opened]"), 2, 0);
	}
}

/* module_exercise_submit_row offers submitting when there is something. */
static void
module_exercise_submit_row(struct module_lines *ml,
    struct module_exercise_view *v, bool something)
{
	if (!something || (v->a->submitted && !v->dirty))
		return;
	module_session_blank(ml);
	module_exercise_row_start(ml, v, ME_SUBMIT, 0);
	module_session_text(ml, _("» Submit to your professional"), 0,
	    A_BOLD);
	module_session_item(ml, -1);
}

/* module_exercise_text_build: the answer written, then the actions. */
static void
module_exercise_text_build(struct module_lines *ml,
    struct module_exercise_view *v)
{
	const char	*t = v->a->text;
	bool		 written = t != NULL && *t != '\0';

	module_session_text(ml, _("Your answer:"), 0, A_BOLD);
	if (written)
		module_session_text(ml, t, 2, 0);
	else
		module_session_text(ml, _("(nothing written yet)"), 2,
		    ui_attr(UI_C_DIM));
	module_exercise_feedback(ml, v->a);
	module_session_blank(ml);
	module_exercise_row_start(ml, v, ME_WRITE, 0);
	module_session_text(ml, written ? _("» Change your answer") :
	    _("» Write your answer"), 0, A_BOLD);
	module_session_item(ml, -1);
	module_exercise_submit_row(ml, v, written);
}

/* module_exercise_rating_build: what 0 and 10 mean, the scale, typing. */
static void
module_exercise_rating_build(struct module_lines *ml,
    struct module_exercise_view *v)
{
	char	*s, *t, num[16];
	int	 i;

	module_session_para(ml, "0 = ", v->ex->low, 0, 0);
	module_session_para(ml, "10 = ", v->ex->high, 0, 0);
	module_session_blank(ml);
	s = xstrdup("");
	for (i = 0; i <= 10; i++) {
		if (i == v->a->rating)
			snprintf(num, sizeof num, "[%d]", i);
		else
			snprintf(num, sizeof num, " %d ", i);
		xasprintf(&t, "%s%s%s", s, i > 0 ? " " : "", num);
		free(s);
		s = t;
	}
	module_session_text(ml, s, 0, 0);
	free(s);
	if (v->a->rating >= 0)
		xasprintf(&s, _("Your rating: %d"), v->a->rating);
	else
		s = xstrdup(_("Your rating: none yet"));
	module_session_text(ml, s, 0, 0);
	free(s);
	if (v->typed[0] != '\0') {
		xasprintf(&s, _("Your answer: %s_"), v->typed);
		module_session_text(ml, s, 0, A_BOLD);
		free(s);
	}
	module_session_text(ml, _("Type a number from 0 to 10, then Enter."),
	    0, ui_attr(UI_C_DIM));
	module_exercise_feedback(ml, v->a);
	module_exercise_submit_row(ml, v, v->a->rating >= 0);
}

/* module_exercise_checklist_build: the items, ticked or not. */
static void
module_exercise_checklist_build(struct module_lines *ml,
    struct module_exercise_view *v)
{
	char	prefix[40];
	size_t	i;

	module_session_text(ml, _("Tick what applies: press its number, or "
	    "Enter on it."), 0, ui_attr(UI_C_DIM));
	module_session_blank(ml);
	for (i = 0; i < v->ex->nitems; i++) {
		snprintf(prefix, sizeof prefix, "[%s] %zu. ",
		    (v->a->checks & (1u << i)) ? "x" : " ", i + 1);
		module_exercise_row_start(ml, v, ME_TICK, (int)i);
		module_session_para(ml, prefix, v->ex->items[i], 0, 0);
		module_session_item(ml, -1);
	}
	module_exercise_feedback(ml, v->a);
	module_exercise_submit_row(ml, v, true);
}

/* module_exercise_number_text is a number field's value, or "". */
static void
module_exercise_number_text(int n, char *buf, size_t len)
{
	if (n < 0)
		buf[0] = '\0';
	else
		snprintf(buf, len, "%d", n);
}

/* module_exercise_field_value is field k of the thought record as text. */
static const char *
module_exercise_field_value(const struct exercise_answer *a, size_t k,
    char *buf, size_t len)
{
	int	t = module_exercise_fields[k].text;

	if (t >= 0)
		return a->thought[t] != NULL ? a->thought[t] : "";
	module_exercise_number_text(module_exercise_fields[k].number == 0 ?
	    a->intensity : a->new_intensity, buf, len);
	return buf;
}

/* module_exercise_thought_build: the form's row, then every field. */
static void
module_exercise_thought_build(struct module_lines *ml,
    struct module_exercise_view *v)
{
	const char	*val;
	char		 num[ME_NUM_BYTES];
	bool		 any = false;
	size_t		 k;

	module_exercise_row_start(ml, v, ME_FORM, 0);
	module_session_text(ml, _("» Fill in the thought record"), 0, A_BOLD);
	module_session_item(ml, -1);
	module_session_blank(ml);
	for (k = 0; k < ME_FIELDS; k++) {
		val = module_exercise_field_value(v->a, k, num, sizeof num);
		any = any || *val != '\0';
		module_exercise_row_start(ml, v, ME_FIELD, (int)k);
		module_session_text(ml, _(module_exercise_fields[k].label), 0,
		    A_BOLD);
		if (*val != '\0')
			module_session_text(ml, val, 2, 0);
		else
			module_session_text(ml, _("(empty)"), 2,
			    ui_attr(UI_C_DIM));
		module_session_item(ml, -1);
	}
	module_exercise_feedback(ml, v->a);
	module_exercise_submit_row(ml, v, any);
}

/* module_exercise_row_lines describes row i of an activity plan. */
static void
module_exercise_row_lines(struct module_lines *ml,
    const struct activity_row *r, size_t i)
{
	char	*s, *t;

	xasprintf(&s, "%zu. %s%s%s", i + 1, r->what != NULL ? r->what : "",
	    r->when != NULL && *r->when != '\0' ? " — " : "",
	    r->when != NULL ? r->when : "");
	module_session_text(ml, s, 0, 0);
	free(s);
	s = xstrdup("");
	if (r->done >= 0) {
		xasprintf(&t, "%s", r->done ? _("done") : _("not done"));
		free(s);
		s = t;
	}
	if (r->before >= 0) {
		xasprintf(&t, _("%s%smood before: %d"), s, *s ? " · " : "",
		    r->before);
		free(s);
		s = t;
	}
	if (r->after >= 0) {
		xasprintf(&t, _("%s%smood after: %d"), s, *s ? " · " : "",
		    r->after);
		free(s);
		s = t;
	}
	if (*s != '\0')
		module_session_text(ml, s, 3, ui_attr(UI_C_DIM));
	free(s);
}

/* module_exercise_plan_build: the rows, then adding one. */
static void
module_exercise_plan_build(struct module_lines *ml,
    struct module_exercise_view *v)
{
	size_t	i;

	if (v->a->nrows == 0)
		module_session_text(ml, _("(no rows yet)"), 0,
		    ui_attr(UI_C_DIM));
	for (i = 0; i < v->a->nrows; i++) {
		module_exercise_row_start(ml, v, ME_ROW, (int)i);
		module_exercise_row_lines(ml, &v->a->rows[i], i);
		module_session_item(ml, -1);
	}
	if (v->a->nrows < ACTIVITY_ROWS_MAX) {
		module_session_blank(ml);
		module_exercise_row_start(ml, v, ME_ADD, 0);
		module_session_text(ml, _("» Add a row"), 0, A_BOLD);
		module_session_item(ml, -1);
	}
	module_exercise_feedback(ml, v->a);
	module_exercise_submit_row(ml, v, v->a->nrows > 0);
}

/* module_exercise_build lays out the exercise for the view. */
static void
module_exercise_build(struct module_lines *ml, void *arg)
{
	struct module_exercise_view	*v = arg;

	v->nacts = 0;
	module_session_para(ml, NULL, v->ex->prompt, 0, A_BOLD);
	module_exercise_state(ml, v);
	module_session_blank(ml);
	switch (v->ex->kind) {
	case EX_TEXT:
		module_exercise_text_build(ml, v);
		break;
	case EX_RATING:
		module_exercise_rating_build(ml, v);
		break;
	case EX_CHECKLIST:
		module_exercise_checklist_build(ml, v);
		break;
	case EX_THOUGHT_RECORD:
		module_exercise_thought_build(ml, v);
		break;
	case EX_ACTIVITY_PLAN:
		module_exercise_plan_build(ml, v);
		break;
	default:
		break;
	}
}

/*
 * module_exercise_write edits a text answer: each save in the editor
 * keeps a draft and asks whether to submit; a refused draft opens the
 * editor again on what she wrote.  0, or -1 when the session is ending.
 */
static int
module_exercise_write(struct module_exercise_view *v)
{
	char	*text, *title;
	int	 r;

	text = v->a->text != NULL ? xstrdup(v->a->text) : NULL;
	title = module_session_unmarked(v->ex->prompt);
	for (;;) {
		if ((r = editor_run(title, &text, EXERCISE_TEXT_MAX)) != 1)
			break;
		/* Nothing written: nothing to keep or to send yet. */
		if (text == NULL || text[strspn(text, " \t\r\n")] == '\0') {
			ui_status(_("Nothing written yet."));
			r = 0;
			break;
		}
		free(v->a->text);
		v->a->text = xstrdup(text);
		v->dirty = true;
		if ((r = module_exercise_save(v, false)) != 0) {
			r = module_exercise_saved(v, r);
			break;
		}
	}
	free(title);
	free(text);
	return r == -1 ? -1 : 0;
}

/* module_exercise_rate sets the rating typed, saves it, asks to submit. */
static int
module_exercise_rate(struct module_exercise_view *v)
{
	int	n;

	if (!module_exercise_number(v->typed, 10, &n) || n < 0) {
		v->typed[0] = '\0';
		ui_flash(_("The rating is a number from 0 to 10."));
		return 0;
	}
	v->typed[0] = '\0';
	v->a->rating = n;
	v->dirty = true;
	return module_exercise_saved(v, module_exercise_save(v, false));
}

/* module_exercise_type handles a digit or Backspace on a rating. */
static void
module_exercise_type(struct module_exercise_view *v, int rc, wint_t ch)
{
	size_t	len = strlen(v->typed);

	if (rc == OK && ch >= '0' && ch <= '9') {
		if (len < 2) {
			v->typed[len] = (char)ch;
			v->typed[len + 1] = '\0';
		}
		return;
	}
	if (((rc == KEY_CODE_YES && ch == KEY_BACKSPACE) ||
	    (rc == OK && (ch == 127 || ch == 8))) && len > 0)
		v->typed[len - 1] = '\0';
}

/* module_exercise_tick ticks or unticks checklist item i. */
static void
module_exercise_tick(struct module_exercise_view *v, size_t i)
{
	if (i >= v->ex->nitems || i >= 32)
		return;
	v->a->checks ^= 1u << i;
	v->dirty = true;
}

/* module_exercise_fields_init fills form fields from a thought record. */
static void
module_exercise_fields_init(const struct exercise_answer *a,
    struct field *f, char **vals)
{
	char	num[ME_NUM_BYTES];
	size_t	k;
	bool	text;

	for (k = 0; k < ME_FIELDS; k++) {
		text = module_exercise_fields[k].text >= 0;
		f[k].label = _(module_exercise_fields[k].label);
		f[k].size = text ? ME_TEXT_BYTES : ME_NUM_BYTES;
		f[k].max_chars = text ? EXERCISE_TEXT_MAX : 3;
		f[k].masked = false;
		vals[k] = xcalloc(f[k].size, 1);
		snprintf(vals[k], f[k].size, "%s",
		    module_exercise_field_value(a, k, num, sizeof num));
		f[k].value = vals[k];
	}
}

/*
 * module_exercise_numbers reads the two intensities of a thought record
 * from the form; NULL, or what is wrong.
 */
static const char *
module_exercise_numbers(char **vals, int *intensity, int *new_intensity)
{
	size_t	k;
	int	n;

	for (k = 0; k < ME_FIELDS; k++) {
		if (module_exercise_fields[k].number < 0)
			continue;
		if (!module_exercise_number(vals[k], 100, &n))
			return module_exercise_fields[k].number == 0 ?
			    _("Intensity is a number from 0 to 100.") :
			    _("New intensity is a number from 0 to 100.");
		if (module_exercise_fields[k].number == 0)
			*intensity = n;
		else
			*new_intensity = n;
	}
	return NULL;
}

/* module_exercise_thought_set copies checked form values into the answer. */
static void
module_exercise_thought_set(struct module_exercise_view *v, char **vals,
    int intensity, int new_intensity)
{
	size_t	k;
	int	t;

	for (k = 0; k < ME_FIELDS; k++) {
		if ((t = module_exercise_fields[k].text) < 0)
			continue;
		free(v->a->thought[t]);
		v->a->thought[t] = xstrdup(vals[k]);
	}
	v->a->intensity = intensity;
	v->a->new_intensity = new_intensity;
	v->dirty = true;
}

/*
 * module_exercise_thought_form fills in the whole thought record in one
 * form, asked again (as typed) while a number is wrong or the draft is
 * refused; 0, or -1 when the session is ending.
 */
static int
module_exercise_thought_form(struct module_exercise_view *v)
{
	struct field	 f[ME_FIELDS];
	char		*vals[ME_FIELDS], *intro;
	const char	*bad;
	size_t		 k;
	int		 r, in, newin;

	module_exercise_fields_init(v->a, f, vals);
	intro = module_session_unmarked(v->ex->prompt);
	for (;;) {
		r = form_run(_("Thought record"), intro, f, ME_FIELDS,
		    _("Tab or Enter: next field · Ctrl-S save · Esc cancel"));
		if (r != 1)
			break;
		in = v->a->intensity;
		newin = v->a->new_intensity;
		if ((bad = module_exercise_numbers(vals, &in, &newin)) !=
		    NULL) {
			if ((r = ui_notice(_("Thought record"), bad)) == -1)
				break;
			continue;
		}
		module_exercise_thought_set(v, vals, in, newin);
		if ((r = module_exercise_save(v, false)) != 0) {
			r = module_exercise_saved(v, r);
			break;
		}
	}
	for (k = 0; k < ME_FIELDS; k++)
		free(vals[k]);
	free(intro);
	return r == -1 ? -1 : 0;
}

/*
 * module_exercise_thought_number asks for one intensity alone; 0, or -1
 * when the session is ending.
 */
static int
module_exercise_thought_number(struct module_exercise_view *v, size_t k)
{
	struct field	 f;
	char		 val[ME_NUM_BYTES], num[ME_NUM_BYTES];
	int		 r, n;

	snprintf(val, sizeof val, "%s",
	    module_exercise_field_value(v->a, k, num, sizeof num));
	f.label = _(module_exercise_fields[k].label);
	f.value = val;
	f.size = sizeof val;
	f.max_chars = 3;
	f.masked = false;
	for (;;) {
		if ((r = form_run(_("Thought record"), NULL, &f, 1,
		    _("Enter save · Esc cancel"))) != 1)
			break;
		if (module_exercise_number(val, 100, &n))
			break;
		if ((r = ui_notice(_("Thought record"),
		    module_exercise_fields[k].number == 0 ?
		    _("Intensity is a number from 0 to 100.") :
		    _("New intensity is a number from 0 to 100."))) == -1)
			break;
	}
	if (r != 1)
		return r == -1 ? -1 : 0;
	if (module_exercise_fields[k].number == 0)
		v->a->intensity = n;
	else
		v->a->new_intensity = n;
	v->dirty = true;
	return module_exercise_save(v, false) == -1 ? -1 : 0;
}

/*
 * module_exercise_thought_field changes one field of the thought record:
 * a text in the editor, a number in a one-line form.  0, or -1.
 */
static int
module_exercise_thought_field(struct module_exercise_view *v, size_t k)
{
	char	*text;
	int	 t, r;

	if (k >= ME_FIELDS)
		return 0;
	if ((t = module_exercise_fields[k].text) < 0)
		return module_exercise_thought_number(v, k);
	text = v->a->thought[t] != NULL ? xstrdup(v->a->thought[t]) : NULL;
	r = editor_run(_(module_exercise_fields[k].label), &text,
	    EXERCISE_TEXT_MAX);
	if (r == 1) {
		free(v->a->thought[t]);
		v->a->thought[t] = xstrdup(text != NULL ? text : "");
		v->dirty = true;
		r = module_exercise_save(v, false);
	}
	free(text);
	return r == -1 ? -1 : 0;
}

/* The form of one row of an activity plan, with its buffers. */
struct me_row_form {
	struct field	 f[ME_ROW_FIELDS];
	char		 what[ME_WHAT_MAX * 4 + 1];
	char		 when[ME_WHEN_MAX * 4 + 1];
	char		 done[16];
	char		 before[ME_NUM_BYTES];
	char		 after[ME_NUM_BYTES];
};

/* module_exercise_row_form_init fills the form from row r (may be NULL). */
static void
module_exercise_row_form_init(struct me_row_form *rf,
    const struct activity_row *r)
{
	static const char *const	 labels[ME_ROW_FIELDS] = {
		N_("What"), N_("When"), N_("Done (y/n)"),
		N_("Mood before (0-10)"), N_("Mood after (0-10)"),
	};
	char				*vals[ME_ROW_FIELDS];
	size_t				 sizes[ME_ROW_FIELDS], max[ME_ROW_FIELDS];
	size_t				 k;

	memset(rf, 0, sizeof *rf);
	vals[0] = rf->what;
	vals[1] = rf->when;
	vals[2] = rf->done;
	vals[3] = rf->before;
	vals[4] = rf->after;
	sizes[0] = sizeof rf->what;
	sizes[1] = sizeof rf->when;
	sizes[2] = sizeof rf->done;
	sizes[3] = sizes[4] = ME_NUM_BYTES;
	max[0] = ME_WHAT_MAX;
	max[1] = ME_WHEN_MAX;
	max[2] = 3;
	max[3] = max[4] = 2;
	for (k = 0; k < ME_ROW_FIELDS; k++)
		rf->f[k] = (struct field){ _(labels[k]), vals[k], sizes[k],
		    max[k], false };
	if (r == NULL)
		return;
	snprintf(rf->what, sizeof rf->what, "%s", r->what != NULL ?
	    r->what : "");
	snprintf(rf->when, sizeof rf->when, "%s", r->when != NULL ?
	    r->when : "");
	if (r->done >= 0)
		snprintf(rf->done, sizeof rf->done, "%s", r->done ? _("yes") :
		    _("no"));
	module_exercise_number_text(r->before, rf->before, sizeof rf->before);
	module_exercise_number_text(r->after, rf->after, sizeof rf->after);
}

/* module_exercise_row_check reads the form into out; NULL or what is wrong. */
static const char *
module_exercise_row_check(const struct me_row_form *rf,
    struct activity_row *out)
{
	if (rf->what[strspn(rf->what, " ")] == '\0')
		return _("Say what you plan to do.");
	if (!module_exercise_yesno(rf->done, &out->done))
		return _("Done is y for yes or n for no, or empty.");
	if (!module_exercise_number(rf->before, 10, &out->before))
		return _("Mood before is a number from 0 to 10.");
	if (!module_exercise_number(rf->after, 10, &out->after))
		return _("Mood after is a number from 0 to 10.");
	return NULL;
}

/*
 * module_exercise_row edits row i of the activity plan, or adds one when
 * i is past the last; asked again (as typed) while something is wrong.
 * 0, or -1 when the session is ending.
 */
static int
module_exercise_row(struct module_exercise_view *v, size_t i)
{
	struct me_row_form	*rf;
	struct activity_row	 got, *r;
	const char		*bad;
	int			 rc;

	if (i >= v->a->nrows && v->a->nrows >= ACTIVITY_ROWS_MAX) {
		char	*s;

		xasprintf(&s, _("A plan has at most %d rows. Delete one to "
		    "add another."), ACTIVITY_ROWS_MAX);
		rc = ui_notice(_("The plan is full"), s);
		free(s);
		return rc == -1 ? -1 : 0;
	}
	rf = xmalloc(sizeof *rf);
	module_exercise_row_form_init(rf, i < v->a->nrows ? &v->a->rows[i] :
	    NULL);
	for (;;) {
		rc = form_run(i < v->a->nrows ? _("Change a row") :
		    _("Add a row"), _("What you plan to do and when; then, once "
		    "done, whether you did it and your mood before and after, "
		    "from 0 to 10. Leave empty what you do not know yet."),
		    rf->f, ME_ROW_FIELDS,
		    _("Tab or Enter: next field · Ctrl-S save · Esc cancel"));
		if (rc != 1)
			break;
		memset(&got, 0, sizeof got);
		if ((bad = module_exercise_row_check(rf, &got)) == NULL)
			break;
		if ((rc = ui_notice(_("Activity plan"), bad)) == -1)
			break;
	}
	if (rc == 1) {
		if (i >= v->a->nrows)
			i = v->a->nrows++;
		r = &v->a->rows[i];
		free(r->what);
		free(r->when);
		r->what = xstrdup(rf->what);
		r->when = xstrdup(rf->when);
		r->done = got.done;
		r->before = got.before;
		r->after = got.after;
		v->dirty = true;
		rc = module_exercise_save(v, false);
	}
	free(rf);
	return rc == -1 ? -1 : 0;
}

/* module_exercise_delete deletes row i of the plan, once she confirms. */
static int
module_exercise_delete(struct module_exercise_view *v, size_t i)
{
	struct activity_row	*r;
	int			 rc;

	if (i >= v->a->nrows)
		return 0;
	r = &v->a->rows[i];
	if ((rc = dialog_confirm(_("Delete this row?"), r->what != NULL ?
	    r->what : "")) != 1)
		return rc;
	free(r->what);
	free(r->when);
	memmove(r, r + 1, (v->a->nrows - i - 1) * sizeof *r);
	v->a->nrows--;
	memset(&v->a->rows[v->a->nrows], 0, sizeof *r);
	v->dirty = true;
	return module_exercise_save(v, false) == -1 ? -1 : 0;
}

/* module_exercise_chosen is the act of the row chosen, or NULL. */
static const struct me_act_row *
module_exercise_chosen(const struct module_exercise_view *v,
    const struct module_view *mv)
{
	if (mv->sel < 0 || mv->sel >= v->nacts)
		return NULL;
	return &v->acts[mv->sel];
}

/* module_exercise_select acts on Enter; 0, or -1 when the session ends. */
static int
module_exercise_select(struct module_exercise_view *v,
    const struct module_view *mv)
{
	const struct me_act_row	*a;

	if (v->ex->kind == EX_RATING && v->typed[0] != '\0')
		return module_exercise_rate(v) == -1 ? -1 : 0;
	if ((a = module_exercise_chosen(v, mv)) == NULL)
		return 0;
	switch (a->act) {
	case ME_WRITE:
		return module_exercise_write(v);
	case ME_SUBMIT:
		return module_exercise_submit(v) == -1 ? -1 : 0;
	case ME_TICK:
		module_exercise_tick(v, (size_t)a->arg);
		return 0;
	case ME_FORM:
		return module_exercise_thought_form(v);
	case ME_FIELD:
		return module_exercise_thought_field(v, (size_t)a->arg);
	case ME_ROW:
		return module_exercise_row(v, (size_t)a->arg);
	case ME_ADD:
		return module_exercise_row(v, v->a->nrows);
	}
	return 0;
}

/* module_exercise_key acts on a key; 0, or -1 when the session ends. */
static int
module_exercise_key(struct module_exercise_view *v,
    const struct module_view *mv)
{
	const struct me_act_row	*a;
	wint_t			 ch = mv->key;
	bool			 c = mv->rc == OK;

	if (c && ch == 's')
		return module_exercise_submit(v) == -1 ? -1 : 0;
	switch (v->ex->kind) {
	case EX_TEXT:
		if (c && ch == 'e')
			return module_exercise_write(v);
		break;
	case EX_RATING:
		module_exercise_type(v, mv->rc, ch);
		break;
	case EX_CHECKLIST:
		if (c && ch >= '1' && ch <= '9')
			module_exercise_tick(v, (size_t)(ch - '1'));
		break;
	case EX_ACTIVITY_PLAN:
		if (c && ch == 'a')
			return module_exercise_row(v, v->a->nrows);
		if (c && ch == 'd') {
			a = module_exercise_chosen(v, mv);
			if (a == NULL || a->act != ME_ROW) {
				ui_flash(_("Choose a row first."));
				return 0;
			}
			return module_exercise_delete(v, (size_t)a->arg) ==
			    -1 ? -1 : 0;
		}
		break;
	default:
		break;
	}
	return 0;
}

/*
 * module_exercise_leave saves what changed on leaving: 1 leave, 0 stay,
 * -1 when the session is ending.  A refused draft is shown and she
 * chooses to stay (to change it) or leave without it.
 */
static int
module_exercise_leave(struct module_exercise_view *v)
{
	int	r;

	if (!v->dirty)
		return 1;
	if ((r = module_exercise_save(v, false)) != 0)
		return r;
	return dialog_confirm(_("Leave without saving?"), _("Your changes "
	    "could not be saved as they are. Leave and lose them?"));
}

/* module_exercise_help is the status line's key help for a kind. */
static const char *
module_exercise_help(int kind)
{
	switch (kind) {
	case EX_TEXT:
		return _("Enter: choose · e write · s submit · Esc back");
	case EX_RATING:
		return _("0-10 then Enter: your rating · s submit · Esc back");
	case EX_CHECKLIST:
		return _("number or Enter: tick · s submit · Esc back");
	case EX_THOUGHT_RECORD:
		return _("Enter: fill in · s submit · Esc back");
	default:
		return _("a add · Enter change · d delete · s submit · "
		    "Esc back");
	}
}

/*
 * module_exercise_seen marks the feedback on her answer seen, now that
 * she has opened it (the screen still shows which was new).
 */
static void
module_exercise_seen(const struct module_exercise_view *v)
{
	int	st;

	if (v->a->id == 0 || module_exercise_unseen(v->a) == 0)
		return;
	if ((st = programme_feedback_seen(ui->db, &ui->actor, v->a->id)) !=
	    ST_OK)
		log_warn("programme: feedback seen: status %d", st);
}

/*
 * module_exercise_run shows exercise ex of a module in the patient's
 * programme until she leaves it; 0, or -1 when the session is ending.
 */
int
module_exercise_run(const struct programme_item *it,
    const struct module_exercise *ex)
{
	struct module_exercise_view	v;
	struct module_view		mv;
	int				st, r, rc = 0;

	memset(&v, 0, sizeof v);
	v.it = it;
	v.ex = ex;
	if ((st = module_exercise_load(&v)) != ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	module_exercise_seen(&v);
	memset(&mv, 0, sizeof mv);
	mv.title = _("Exercise");
	mv.help = module_exercise_help(ex->kind);
	mv.build = module_exercise_build;
	mv.arg = &v;
	mv.sel = ex->kind == EX_RATING ? -1 : 0;
	for (;;) {
		r = module_session_view(&mv);
		if (r == MV_QUIT) {
			rc = -1;
			break;
		}
		if (r == MV_BACK) {
			if ((rc = module_exercise_leave(&v)) != 0)
				break;
			continue;
		}
		if (r == MV_SELECT)
			rc = module_exercise_select(&v, &mv);
		else
			rc = module_exercise_key(&v, &mv);
		if (rc == -1)
			break;
	}
	if (rc == -1)
		module_exercise_save_quietly(&v);
	exercise_answer_free(v.a);
	return rc == -1 ? -1 : 0;
}
