/*
 * quest_take.c: answering a questionnaire, one item per screen.
 *
 * Made for a slow link and a tired hand: the options carry number keys
 * and one keystroke answers and moves on; Left goes back, Right forward;
 * every answer is saved as it is given, so Esc leaves and the form opens
 * again where she stopped.  After the last item comes a review, where any
 * answer can be changed, and then submitting.  What follows submitting
 * comes from bbs/questionnaire.c: when an answer means she may be at
 * risk, the crisis card comes before anything else; otherwise the
 * score's plain meaning (if the deployment shows scores) and what happens
 * next.  Never a risk label.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define QUEST_KEYS_MAX	9	/* options answered by one digit */

struct quest_view {
	struct quest	 q;
	size_t		 k;		/* the item on screen */
	size_t		 hl;		/* the highlighted option */
	char		 typed[4];	/* digits typed, long scales */
	const char	*flash;
};

/* quest_take_text is the text of key in the form's language, or "". */
static const char *
quest_take_text(const struct quest_view *v, const char *key)
{
	const char	*s;

	s = instrument_text(v->q.in, v->q.lang, key);
	return s != NULL ? s : "";
}

/* quest_take_item_key builds the string key of the current item. */
static void
quest_take_item_key(const struct quest_view *v, char *buf, size_t len)
{
	snprintf(buf, len, "item.%d", v->q.in->items[v->k].number);
}

/* quest_take_nchoices is how many options or choices the item has. */
static size_t
quest_take_nchoices(const struct instrument_item *it)
{
	return it->choices != NULL ? it->choices->len : it->options->len;
}

/* quest_take_label is the text of the i-th option or choice of item. */
static const char *
quest_take_label(const struct quest_view *v, size_t i)
{
	const struct instrument_item	*it = &v->q.in->items[v->k];
	char				 key[160];

	if (it->choices != NULL)
		snprintf(key, sizeof key, "choice.%s.%s", it->choices->id,
		    it->choices->choices[i]);
	else
		snprintf(key, sizeof key, "option.%s.%d", it->options->id,
		    it->options->values[i]);
	return quest_take_text(v, key);
}

/* quest_take_chosen tells whether option or choice i is the answer. */
static bool
quest_take_chosen(const struct quest_view *v, size_t i)
{
	const struct instrument_item	*it = &v->q.in->items[v->k];
	int				 a = v->q.answers.value[it->number];

	if (a == SCORE_MISSING)
		return false;
	if (it->choices != NULL)
		return (a & (1 << i)) != 0;
	return it->options->values[i] == a;
}

/* quest_take_keylabel is what to press for option i: "1".."9" or value. */
static void
quest_take_keylabel(const struct quest_view *v, size_t i, char *buf,
    size_t len)
{
	const struct instrument_item	*it = &v->q.in->items[v->k];

	if (it->choices == NULL && it->options->len > QUEST_KEYS_MAX)
		snprintf(buf, len, "%2d", it->options->values[i]);
	else
		snprintf(buf, len, "%d", (int)i + 1);
}

/* quest_take_help is the status line for the current item. */
static const char *
quest_take_help(const struct quest_view *v)
{
	const struct instrument_item	*it = &v->q.in->items[v->k];

	if (it->choices != NULL)
		return _("number or Space: tick · Enter next · ← back · "
		    "Esc finish later");
	if (it->options->len > QUEST_KEYS_MAX)
		return _("type a number, Enter · ↑↓ choose · ← back · "
		    "Esc finish later");
	return _("number: answer · ↑↓ Enter · ← back · → next · "
	    "Esc finish later");
}

/* quest_take_draw draws the current item: a layer, redrawn on resize. */
static void
quest_take_draw(void *arg)
{
	struct quest_view		*v = arg;
	const struct instrument_item	*it = &v->q.in->items[v->k];
	char				 key[64], kl[16], *line;
	size_t				 i, n;
	int				 y, w;

	ui_frame(quest_take_text(v, "title"), quest_take_help(v));
	w = COLS - 4;
	if (w < 10 || LINES < 8)
		goto out;
	y = 2;
	xasprintf(&line, _("Question %zu of %zu"), v->k + 1, v->q.in->nitems);
	ui_put_plain(y++, 2, line, w, ui_attr(UI_C_DIM));
	free(line);
	if (v->q.fallback)
		y += ui_put_wrapped(y, 2, _("This questionnaire is not yet "
		    "available in your language, so it is shown in English."),
		    w, 2, ui_attr(UI_C_DIM));
	y++;
	y += ui_put_wrapped(y, 2, quest_take_text(v, "instructions"), w,
	    3, 0);
	y++;
	quest_take_item_key(v, key, sizeof key);
	y += ui_put_wrapped(y, 2, quest_take_text(v, key), w, 4, A_BOLD);
	y++;
	n = quest_take_nchoices(it);
	for (i = 0; i < n && y < LINES - 3; i++, y++) {
		quest_take_keylabel(v, i, kl, sizeof kl);
		if (it->choices != NULL)
			xasprintf(&line, "[%s] %s  %s",
			    quest_take_chosen(v, i) ? "x" : " ", kl,
			    quest_take_label(v, i));
		else
			xasprintf(&line, "%s %s  %s",
			    quest_take_chosen(v, i) ? ">" : " ", kl,
			    quest_take_label(v, i));
		ui_put_plain(y, 2, line, w, i == v->hl ?
		    ui_attr(UI_C_SELECT) : 0);
		free(line);
	}
	if (v->typed[0] != '\0' && y < LINES - 2) {
		xasprintf(&line, _("Your answer: %s_"), v->typed);
		ui_put_plain(++y, 2, line, w, A_BOLD);
		free(line);
	}
	if (v->flash != NULL && y < LINES - 2)
		ui_put_plain(++y, 2, v->flash, w, ui_attr(UI_C_ERROR));
out:
	wnoutrefresh(stdscr);
}

/* quest_take_set_hl puts the highlight on the current answer. */
static void
quest_take_set_hl(struct quest_view *v)
{
	size_t	i, n;

	v->hl = 0;
	v->typed[0] = '\0';
	n = quest_take_nchoices(&v->q.in->items[v->k]);
	for (i = 0; i < n; i++) {
		if (quest_take_chosen(v, i)) {
			v->hl = i;
			break;
		}
	}
}

/*
 * quest_take_answer saves option i of the current item; 1 moves on,
 * 0 stays (a failure shown), -1 ends.
 */
static int
quest_take_answer(struct quest_view *v, size_t i)
{
	const struct instrument_item	*it = &v->q.in->items[v->k];
	int				 value, st;

	if (it->choices != NULL) {
		value = v->q.answers.value[it->number] == SCORE_MISSING ? 0 :
		    v->q.answers.value[it->number];
		value ^= 1 << i;
	} else
		value = it->options->values[i];
	if ((st = quest_answer(ui->db, &ui->actor, &v->q, v->k, value)) !=
	    ST_OK) {
		if (ui_notice_status(st, st == ST_EXPIRED ? _("This "
		    "questionnaire has closed.") : NULL) == -1)
			return -1;
		return st == ST_EXPIRED ? -2 : 0;
	}
	v->hl = i;
	return it->choices != NULL ? 0 : 1;
}

/* quest_take_typed answers a long scale with the number typed. */
static int
quest_take_typed(struct quest_view *v)
{
	const struct instrument_item	*it = &v->q.in->items[v->k];
	size_t				 i;
	int				 n;

	n = atoi(v->typed);
	v->typed[0] = '\0';
	for (i = 0; i < it->options->len; i++) {
		if (it->options->values[i] == n)
			return quest_take_answer(v, i);
	}
	v->flash = _("That number is not one of the answers.");
	return 0;
}

/* quest_take_may_leave tells whether the item may be left unanswered. */
static bool
quest_take_may_leave(const struct quest_view *v)
{
	const struct instrument_item	*it = &v->q.in->items[v->k];

	if (v->q.answers.value[it->number] != SCORE_MISSING ||
	    it->choices != NULL)
		return true;
	return (it->flags & ITEM_OPTIONAL) && !(it->flags & ITEM_CRITICAL);
}

/*
 * quest_take_key handles one key on an item: 1 next item, -1 previous,
 * 0 stay, 2 leave (saved), -2 the session is ending, 3 closed.
 */
static int
quest_take_key(struct quest_view *v, int rc, wint_t ch)
{
	const struct instrument_item	*it = &v->q.in->items[v->k];
	size_t				 n = quest_take_nchoices(it);
	bool				 longscale;
	int				 r;

	longscale = it->choices == NULL && n > QUEST_KEYS_MAX;
	v->flash = NULL;
	if (rc == KEY_CODE_YES && ch == KEY_UP) {
		v->hl = v->hl > 0 ? v->hl - 1 : 0;
		return 0;
	}
	if (rc == KEY_CODE_YES && ch == KEY_DOWN) {
		v->hl = v->hl + 1 < n ? v->hl + 1 : v->hl;
		return 0;
	}
	if (rc == KEY_CODE_YES && (ch == KEY_LEFT || ch == KEY_PPAGE))
		return -1;
	if ((rc == KEY_CODE_YES && (ch == KEY_RIGHT || ch == KEY_NPAGE)) ||
	    (ui_key_is_enter(rc, ch) && it->choices != NULL)) {
		/* Going on from a checklist with nothing ticked: "none". */
		if (it->choices != NULL &&
		    v->q.answers.value[it->number] == SCORE_MISSING &&
		    quest_answer(ui->db, &ui->actor, &v->q, v->k, 0) != ST_OK)
			return 0;
		if (quest_take_may_leave(v))
			return 1;
		v->flash = (it->flags & ITEM_CRITICAL) ? _("This question "
		    "needs an answer: it helps your team know how you are.") :
		    _("This question needs an answer.");
		return 0;
	}
	if (rc == OK && ch == 27)
		return 2;
	if (ui_key_is_enter(rc, ch)) {
		if (longscale && v->typed[0] != '\0')
			r = quest_take_typed(v);
		else
			r = quest_take_answer(v, v->hl);
		return r == -2 ? 3 : r == -1 ? -2 : r;
	}
	if (rc == OK && it->choices != NULL && ch == ' ') {
		r = quest_take_answer(v, v->hl);
		return r == -2 ? 3 : r == -1 ? -2 : 0;
	}
	if (rc == OK && ch >= '0' && ch <= '9') {
		if (longscale) {
			if (strlen(v->typed) < 2) {
				v->typed[strlen(v->typed) + 1] = '\0';
				v->typed[strlen(v->typed)] = (char)ch;
			}
			return 0;
		}
		if (ch == '0' || (size_t)(ch - '0') > n)
			return 0;
		r = quest_take_answer(v, (size_t)(ch - '1'));
		return r == -2 ? 3 : r == -1 ? -2 : r;
	}
	if (((rc == KEY_CODE_YES && ch == KEY_BACKSPACE) ||
	    (rc == OK && (ch == 127 || ch == 8))) && v->typed[0] != '\0')
		v->typed[strlen(v->typed) - 1] = '\0';
	return 0;
}

/*
 * quest_take_items walks the items from v->k: 1 when past the last, 0
 * when she leaves (answers kept), -1 when the session is ending.
 */
static int
quest_take_items(struct quest_view *v)
{
	wint_t	ch;
	int	rc, r;

	quest_take_set_hl(v);
	ui_push(quest_take_draw, v);
	for (;;) {
		ui_redraw();
		if ((rc = ui_getkey(&ch)) == ERR)
			continue;
		if (rc == KEY_CODE_YES && ch == UI_KEY_QUIT) {
			r = -1;
			break;
		}
		if (rc == KEY_CODE_YES && (ch == UI_KEY_TICK || ch == KEY_RESIZE))
			continue;
		r = quest_take_key(v, rc, ch);
		if (r == -2) {
			r = -1;
			break;
		}
		if (r == 2 || r == 3) {
			r = 0;
			break;
		}
		if (r == -1 && v->k > 0) {
			v->k--;
			quest_take_set_hl(v);
		} else if (r == 1) {
			if (v->k + 1 == v->q.in->nitems) {
				r = 1;
				break;
			}
			v->k++;
			quest_take_set_hl(v);
		}
	}
	ui_pop();
	return r;
}

/* quest_take_answer_text is the text of an item's answer, for review. */
static char *
quest_take_answer_text(struct quest_view *v, size_t k)
{
	const struct instrument_item	*it = &v->q.in->items[k];
	size_t				 save = v->k, i, n;
	char				*s = NULL, *t;

	if (v->q.answers.value[it->number] == SCORE_MISSING)
		return xstrdup(_("(no answer)"));
	v->k = k;
	n = quest_take_nchoices(it);
	for (i = 0; i < n; i++) {
		if (!quest_take_chosen(v, i))
			continue;
		xasprintf(&t, "%s%s%s", s != NULL ? s : "", s != NULL ?
		    "; " : "", quest_take_label(v, i));
		free(s);
		s = t;
	}
	v->k = save;
	return s != NULL ? s : xstrdup(_("none"));
}

/* quest_take_review_row formats one review row. */
static void
quest_take_review_row(void *arg, size_t i, char *buf, size_t len)
{
	struct quest_view	*v = arg;
	char			 key[64], *ans;
	const char		*text;

	if (i == v->q.in->nitems) {
		snprintf(buf, len, "%s", _("» Submit my answers"));
		return;
	}
	snprintf(key, sizeof key, "item.%d", v->q.in->items[i].number);
	text = quest_take_text(v, key);
	ans = quest_take_answer_text(v, i);
	snprintf(buf, len, "%zu. %.40s%s — %s", i + 1, text,
	    strlen(text) > 40 ? "…" : "", ans);
	free(ans);
}

/*
 * quest_take_review shows every answer: Enter on one changes it, on the
 * last row submits.  It returns 1 to submit, 2 to change v->k, 0 to
 * leave, -1 when the session is ending.
 */
static int
quest_take_review(struct quest_view *v)
{
	struct list	l;
	size_t		sel;
	wint_t		ch;
	int		r;

	memset(&l, 0, sizeof l);
	l.title = _("Check your answers");
	l.help = _("Enter: change an answer, or submit · Esc finish later");
	l.n = v->q.in->nitems + 1;
	l.row = quest_take_review_row;
	l.arg = v;
	sel = l.n - 1;
	for (;;) {
		r = list_run(&l, &sel, &ch);
		if (r == LIST_QUIT)
			return -1;
		if (r == LIST_BACK)
			return 0;
		if (r != LIST_SELECT)
			continue;
		if (sel == v->q.in->nitems)
			return 1;
		v->k = sel;
		return 2;
	}
}

/* quest_take_meaning is the meaning of the first score, for the patient. */
static const char *
quest_take_meaning(const struct quest_view *v, const struct quest_outcome *o)
{
	const struct score_value	*s =
	    &o->result.scores[instrument_primary(v->q.in)];
	char				 key[128];

	if (o->result.nscores == 0 || !s->complete || s->band == NULL)
		return NULL;
	snprintf(key, sizeof key, "meaning.%s.%s", s->score->id, s->band);
	return instrument_text(v->q.in, v->q.lang, key);
}

/*
 * quest_take_outcome shows what follows submitting: the crisis card first
 * when an answer meant risk, then the meaning and what happens next.
 */
static int
quest_take_outcome(struct quest_view *v, const struct quest_outcome *o)
{
	const char	*meaning = NULL, *next;
	char		*text, when[64];
	int		 rc;

	if (o->alerts & (SCORE_ALERT(1) | SCORE_ALERT(2))) {
		if (crisis_card_run() == -1)
			return -1;
	}
	if (o->show_score)
		meaning = quest_take_meaning(v, o);
	if (o->alerts & (SCORE_ALERT(1) | SCORE_ALERT(2))) {
		ui_format_local(o->contact_by, when, sizeof when);
		xasprintf(&text, _("Thank you for telling us. A professional "
		    "from your team will contact you by %s.\n\nMirall is not "
		    "watched around the clock: if you are in danger now, call "
		    "112, and for suicidal thoughts 024, at any hour. Ctrl-G "
		    "shows Help now on any screen."), when);
	} else {
		/* The safety spec: R4 says the team was told; R5, R6 do not. */
		if (o->alerts & SCORE_ALERT(4))
			next = _("Your care team has been told, and will be in "
			    "touch with you.");
		else
			next = _("Your answers are saved. Your care team will "
			    "look at them at your next review.");
		xasprintf(&text, "%s%s%s", meaning != NULL ? meaning : "",
		    meaning != NULL ? "\n\n" : "", next);
	}
	rc = pager_run(_("Thank you"), text, _("↑↓ scroll · Esc back"));
	free(text);
	return rc == -1 ? -1 : 0;
}

/* quest_take_submit submits; 1 done, 2 an item needs an answer, -1 end. */
static int
quest_take_submit(struct quest_view *v)
{
	struct quest_outcome	o;
	int			st;

	st = quest_submit(ui->db, ui->conf, &ui->actor, &v->q, &o);
	if (st == ST_INVALID && o.missing >= 0) {
		v->k = (size_t)o.missing;
		v->flash = _("This question needs an answer.");
		return 2;
	}
	if (st != ST_OK)
		return ui_notice_status(st, st == ST_EXPIRED ? _("This "
		    "questionnaire has closed.") : NULL) == -1 ? -1 : 1;
	return quest_take_outcome(v, &o) == -1 ? -1 : 1;
}

/*
 * quest_take_run lets the signed-in patient answer form id, from where
 * she stopped; 0 back, -1 when the session is ending.
 */
int
quest_take_run(int64_t id)
{
	struct quest_view	 v;
	char			*why = NULL;
	int			 st, r;

	memset(&v, 0, sizeof v);
	st = quest_open(ui->db, &ui->actor, ui->me->language, id, &v.q, &why);
	if (st != ST_OK) {
		if (why != NULL)
			log_warn("questionnaire: %s", why);
		free(why);
		return ui_notice_status(st, st == ST_EXPIRED ? _("This "
		    "questionnaire has closed.") : NULL) == -1 ? -1 : 0;
	}
	/* Resume after the last item she answered. */
	v.k = v.q.form->position >= 0 && (size_t)v.q.form->position <
	    v.q.in->nitems ? (size_t)v.q.form->position : 0;
	if (v.k + 1 < v.q.in->nitems &&
	    v.q.answers.value[v.q.in->items[v.k].number] != SCORE_MISSING)
		v.k++;
	for (;;) {
		if ((r = quest_take_items(&v)) != 1)
			break;
		r = quest_take_review(&v);
		if (r == 1)
			r = quest_take_submit(&v);
		if (r != 2)
			break;
	}
	quest_close(&v.q);
	return r == -1 ? -1 : 0;
}
