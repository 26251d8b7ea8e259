/*
 * mirror_view.c: one mirror experience: its topic, the patient's words,
 * her preference, its state and every change with its time, and the
 * ratings once closed.  The keys follow who is looking: the patient
 * cancels it or rates it; the expert proposed accepts or declines (with
 * a reason) and rates it; the professional proposes an expert, closes
 * it or cancels it; everyone in it opens the conversation.  bbs/mirror.c
 * checks every action again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define MIRROR_VIEW_NOTE_BYTES	(MIRROR_NOTE_MAX * 4 + 1)

/* What one request shows and what the viewer may do with it. */
struct mirror_view {
	struct mirror_request	*r;
	struct mirror_event	*ev;
	size_t			 nev;
	struct mirror_rating	*ratings;
	size_t			 nratings;
	bool			 owner;		/* she asked for it */
	bool			 expert;	/* she is its expert */
	bool			 mediate;	/* a professional */
	bool			 rated;		/* she rated it already */
};

/* mirror_view_may asks the permission table about a mirror action. */
static bool
mirror_view_may(enum action act)
{
	struct target	t = TARGET_NONE;

	return role_may(&ui->actor, act, &t);
}

/*
 * mirror_view_text_of is an opened text, "[cannot be opened]" when it
 * was stored but does not open, or none when nothing was stored (or
 * nothing written).
 */
static const char *
mirror_view_text_of(const struct sealed *s, const char *text,
    const char *none)
{
	if (text != NULL)
		return *text != '\0' ? text : none;
	if (s->blob != NULL)
		return _("[cannot be opened]");
	return none;
}

/*
 * mirror_view_unmatched tells whether nobody has accepted the request
 * yet: the patient may cancel it until then.
 */
static bool
mirror_view_unmatched(int state)
{
	return state == MIRROR_REQUESTED || state == MIRROR_PROPOSED ||
	    state == MIRROR_DECLINED;
}

/* mirror_view_explain tells the patient, plainly, where her request is. */
static const char *
mirror_view_explain(const struct mirror_view *v)
{
	switch (v->r->state) {
	case MIRROR_REQUESTED:
		return _("A professional will read your request and look for "
		    "someone who has lived something similar.");
	case MIRROR_PROPOSED:
		return _("A professional has asked someone who has lived "
		    "something similar. We are waiting for their answer.");
	case MIRROR_DECLINED:
		return _("The person asked cannot take this on just now. A "
		    "professional is looking for someone else.");
	case MIRROR_ACCEPTED:
	case MIRROR_ACTIVE:
		return _("Your conversation is open: press o to read and "
		    "write.");
	case MIRROR_CLOSED:
		return v->rated ? _("This mirror experience is closed. Thank "
		    "you for your rating.") : _("This mirror experience is "
		    "closed. Press r to say how it was for you.");
	default:
		return _("This request was cancelled.");
	}
}

/* mirror_view_people adds who asked, the expert and the professional. */
static void
mirror_view_people(const struct mirror_view *v, char **s)
{
	const struct mirror_request	*r = v->r;
	char				 when[64];

	if (!v->owner && r->patient != NULL)
		ui_appendf(s, _("Asked by: %s"), r->patient);
	ui_appendf(s, _("State: %s"), _(mirror_state_label(r->state)));
	ui_format_local(r->created_at, when, sizeof when);
	ui_appendf(s, _("Asked: %s"), when);
	if (r->expert != NULL && !v->expert)
		ui_appendf(s, _("Expert: %s"), r->expert);
	if (r->professional != NULL)
		ui_appendf(s, _("Professional: %s"), r->professional);
	if (r->conversation_id != 0)
		ui_appendf(s, "%s", _("Conversation: press o to open it."));
}

/*
 * mirror_view_event adds one change of state, with its time and note
 * (bbs/mirror.c leaves out whom the viewer may not know of, and notes
 * that are not hers to read).
 */
static void
mirror_view_event(const struct mirror_event *e, char **s)
{
	const char	*state, *note;
	char		 when[64];

	ui_format_local(e->at, when, sizeof when);
	state = _(mirror_state_label(e->state));
	if (e->state == MIRROR_PROPOSED && e->expert != NULL && e->by != NULL)
		ui_appendf(s, _("%s  proposed to %s by %s"), when, e->expert,
		    e->by);
	else if (e->by != NULL)
		ui_appendf(s, _("%s  %s, by %s"), when, state, e->by);
	else
		ui_appendf(s, "%s  %s", when, state);
	if ((note = mirror_view_text_of(&e->note, e->note_text, NULL)) ==
	    NULL || *note == '\0')
		return;
	if (e->state == MIRROR_DECLINED || e->state == MIRROR_CANCELLED)
		ui_appendf(s, _("    Reason: %s"), note);
	else
		ui_appendf(s, "    %s", note);
}

/* mirror_view_ratings adds the ratings given at closing. */
static void
mirror_view_ratings(const struct mirror_view *v, char **s)
{
	const struct mirror_rating	*g;
	const char			*comment;
	char				 when[64];
	size_t				 i;

	if (v->nratings == 0)
		return;
	ui_appendf(s, "\n%s", _("Ratings:"));
	for (i = 0; i < v->nratings; i++) {
		g = &v->ratings[i];
		ui_format_local(g->at, when, sizeof when);
		ui_appendf(s, _("%s  %s: %d of 5"), when, g->pseudonym != NULL ?
		    g->pseudonym : "?", g->rating);
		comment = mirror_view_text_of(&g->comment, g->comment_text,
		    NULL);
		if (comment != NULL && *comment != '\0')
			ui_appendf(s, "    %s", comment);
	}
}

/* mirror_view_text describes the request for the one looking at it. */
static char *
mirror_view_text(const struct mirror_view *v)
{
	const struct mirror_request	*r = v->r;
	char				*s;
	size_t				 i;

	s = xstrdup("");
	ui_appendf(&s, _("Topic: %s"), _(mirror_topic_label(r->topic)));
	if (v->owner)
		ui_appendf(&s, "%s", mirror_view_explain(v));
	ui_appendf(&s, "%s", "");
	mirror_view_people(v, &s);
	ui_appendf(&s, "\n%s", v->owner ? _("What you would like to talk "
	    "about:") : _("What they would like to talk about:"));
	ui_appendf(&s, "%s", mirror_view_text_of(&r->details,
	    r->details_text, _("none")));
	/* The preference is for the professionals: the expert has none. */
	if (v->owner || v->mediate) {
		ui_appendf(&s, "\n%s", _("Preference:"));
		ui_appendf(&s, "%s", mirror_view_text_of(&r->preference,
		    r->preference_text, _("none")));
	}
	ui_appendf(&s, "\n%s", _("History:"));
	for (i = 0; i < v->nev; i++)
		mirror_view_event(&v->ev[i], &s);
	mirror_view_ratings(v, &s);
	return s;
}

/* The keys of the view, each with its help. */
struct mirror_view_keys {
	char	keys[16];
	char	help[512];
};

/* mirror_view_key_add offers key, explained by help. */
static void
mirror_view_key_add(struct mirror_view_keys *k, char key, const char *help)
{
	size_t	n = strlen(k->keys), used = strlen(k->help);

	if (key != '\0' && n + 1 < sizeof k->keys) {
		k->keys[n] = key;
		k->keys[n + 1] = '\0';
	}
	snprintf(k->help + used, sizeof k->help - used, "%s%s",
	    used > 0 ? " · " : "", help);
}

/* mirror_view_keys lists what the viewer may do with the request now. */
static void
mirror_view_keys(const struct mirror_view *v, struct mirror_view_keys *k)
{
	int	state = v->r->state;

	k->keys[0] = k->help[0] = '\0';
	if (v->r->conversation_id != 0)
		mirror_view_key_add(k, 'o', _("o conversation"));
	if (v->expert && state == MIRROR_PROPOSED) {
		mirror_view_key_add(k, 'a', _("a accept"));
		mirror_view_key_add(k, 'd', _("d decline"));
	}
	if (v->owner && mirror_view_unmatched(state))
		mirror_view_key_add(k, 'c', _("c cancel the request"));
	if ((v->owner || v->expert) && state == MIRROR_CLOSED && !v->rated)
		mirror_view_key_add(k, 'r', _("r rate"));
	if (v->mediate && (state == MIRROR_REQUESTED ||
	    state == MIRROR_DECLINED))
		mirror_view_key_add(k, 'p', _("p propose an expert"));
	if (v->mediate && v->r->professional_id == ui->me->id &&
	    (state == MIRROR_ACCEPTED || state == MIRROR_ACTIVE))
		mirror_view_key_add(k, 'c', _("c close"));
	if (v->mediate && state != MIRROR_CLOSED && state != MIRROR_CANCELLED)
		mirror_view_key_add(k, 'x', _("x cancel"));
	mirror_view_key_add(k, '\0', _("Esc back"));
}

/*
 * mirror_view_reason asks for a reason in one line of note (size bytes,
 * kept as typed between tries); 1 given, 0 cancelled, -1 when the
 * session is ending.  A required reason is asked again while empty.
 */
static int
mirror_view_reason(const char *title, const char *intro, bool required,
    char *note, size_t size)
{
	struct field	f[] = {
		{ _("Reason"), note, size, MIRROR_NOTE_MAX, false },
	};
	int		rc;

	for (;;) {
		rc = form_run(title, intro, f, 1, _("Enter send · Esc "
		    "cancel"));
		if (rc != 1 || !required || note[strspn(note, " ")] != '\0')
			return rc;
		if (ui_notice(title, _("Please give a reason.")) == -1)
			return -1;
	}
}

/*
 * mirror_view_failed shows why an action was refused and frees err; it
 * returns 1 when the user may correct what she typed and try again, 0
 * when not, -1 when the session is ending.
 */
static int
mirror_view_failed(int st, char *err)
{
	int	rc;

	rc = ui_notice_status(st, err);
	free(err);
	if (rc == -1)
		return -1;
	return st == ST_INVALID ? 1 : 0;
}

/*
 * mirror_view_cancel cancels the request: the patient with an optional
 * reason, a professional with a required one.
 */
static int
mirror_view_cancel(const struct mirror_view *v)
{
	char	*note, *err = NULL;
	int	 rc, st;

	rc = dialog_confirm(_("Cancel the request"), v->owner ?
	    _("Do you want to cancel this request? You can ask again "
	    "whenever you like.") : _("Cancel this request? The patient "
	    "sees that it was cancelled; your reason stays with the "
	    "professionals."));
	if (rc != 1)
		return rc;
	note = xcalloc(1, MIRROR_VIEW_NOTE_BYTES);
	do {
		rc = mirror_view_reason(_("Cancel the request"), v->owner ?
		    _("If you like, tell the team why. You can leave this "
		    "empty and press Enter.") : _("Why is it cancelled?"),
		    !v->owner, note, MIRROR_VIEW_NOTE_BYTES);
		if (rc != 1)
			break;
		err = NULL;
		st = mirror_cancel(ui->db, &ui->actor, v->r->id,
		    *note != '\0' ? note : NULL, &err);
		rc = st == ST_OK ? 0 : mirror_view_failed(st, err);
	} while (rc == 1);
	free(note);
	return rc;
}

/* mirror_view_decline declines a proposal, with the reason required. */
static int
mirror_view_decline(const struct mirror_view *v)
{
	char	*note, *err = NULL;
	int	 rc, st = ST_INVALID;

	note = xcalloc(1, MIRROR_VIEW_NOTE_BYTES);
	do {
		rc = mirror_view_reason(_("Decline"), _("Please say briefly "
		    "why you decline. The professional reads it, and it helps "
		    "them find someone else. It is fine to say that you do "
		    "not feel up to it just now."), true, note,
		    MIRROR_VIEW_NOTE_BYTES);
		if (rc != 1)
			break;
		err = NULL;
		st = mirror_decline(ui->db, &ui->actor, v->r->id, note, &err);
		rc = st == ST_OK ? 0 : mirror_view_failed(st, err);
	} while (rc == 1);
	free(note);
	if (rc == 0 && st == ST_OK)
		rc = ui_notice(_("Decline"), _("Thank you for letting us "
		    "know."));
	return rc;
}

/*
 * mirror_view_accept accepts a proposal and offers to open the
 * conversation it starts.
 */
static int
mirror_view_accept(const struct mirror_view *v)
{
	int64_t	conv = 0;
	int	rc, st;

	rc = dialog_confirm(_("Accept"), _("Accept this mirror experience? "
	    "A private conversation opens for you, the person who asked and "
	    "the professional."));
	if (rc != 1)
		return rc;
	if ((st = mirror_accept(ui->db, &ui->actor, v->r->id, &conv)) !=
	    ST_OK)
		return ui_notice_status(st, NULL);
	if (conv == 0)
		return ui_notice(_("Accept"), _("Thank you. The conversation "
		    "opens soon."));
	rc = dialog_confirm(_("Accept"), _("Thank you. The conversation is "
	    "open. Open it now?"));
	if (rc != 1)
		return rc;
	return conversation_view_run(conv);
}

/* mirror_view_close ends an experience, after asking. */
static int
mirror_view_close(const struct mirror_view *v)
{
	int	rc, st;

	rc = dialog_confirm(_("Close"), _("Close this mirror experience? "
	    "The conversation ends, and the patient and the expert are asked "
	    "to rate it."));
	if (rc != 1)
		return rc;
	if ((st = mirror_close(ui->db, &ui->actor, v->r->id)) != ST_OK)
		return ui_notice_status(st, NULL);
	return 0;
}

/* mirror_view_score asks for a rating, 1 to 5; MENU_BACK or MENU_QUIT. */
static int
mirror_view_score(void)
{
	struct menu_item	items[5];
	int			sel = 4;

	items[0] = (struct menu_item){ '1', _("Not helpful"), 1 };
	items[1] = (struct menu_item){ '2', _("A little helpful"), 2 };
	items[2] = (struct menu_item){ '3', _("Somewhat helpful"), 3 };
	items[3] = (struct menu_item){ '4', _("Helpful"), 4 };
	items[4] = (struct menu_item){ '5', _("Very helpful"), 5 };
	return menu_run(_("Rate this experience"), _("How was this mirror "
	    "experience for you? Press a number from 1 (not helpful) to 5 "
	    "(very helpful)."), items, 5, &sel);
}

/* mirror_view_rate asks for a rating and an optional comment. */
static int
mirror_view_rate(const struct mirror_view *v)
{
	struct field	 f;
	char		*comment, *err = NULL;
	int		 score, rc, st = ST_INVALID;

	if ((score = mirror_view_score()) < 0)
		return score == MENU_QUIT ? -1 : 0;
	comment = xcalloc(1, MIRROR_VIEW_NOTE_BYTES);
	f = (struct field){ _("Comment"), comment, MIRROR_VIEW_NOTE_BYTES,
	    MIRROR_NOTE_MAX, false };
	do {
		rc = form_run(_("Rate this experience"), _("If you like, add a "
		    "few words about how it was. You can leave this empty and "
		    "press Enter."), &f, 1, _("Enter send · Esc cancel"));
		if (rc != 1)
			break;
		err = NULL;
		st = mirror_rate(ui->db, &ui->actor, v->r->id, score,
		    *comment != '\0' ? comment : NULL, &err);
		rc = st == ST_OK ? 0 : mirror_view_failed(st, err);
	} while (rc == 1);
	free(comment);
	if (rc == 0 && st == ST_OK)
		rc = ui_notice(_("Rate this experience"), _("Thank you for "
		    "your rating."));
	return rc;
}

/* mirror_view_act does what key asks; -1 when the session is ending. */
static int
mirror_view_act(const struct mirror_view *v, wint_t key)
{
	switch (key) {
	case 'o':
		return conversation_view_run(v->r->conversation_id);
	case 'a':
		return mirror_view_accept(v);
	case 'd':
		return mirror_view_decline(v);
	case 'c':
		return v->mediate ? mirror_view_close(v) :
		    mirror_view_cancel(v);
	case 'x':
		return mirror_view_cancel(v);
	case 'r':
		return mirror_view_rate(v);
	case 'p':
		return mirror_list_propose(v->r) == -1 ? -1 : 0;
	default:
		return 0;
	}
}

/* mirror_view_clear frees what one showing read. */
static void
mirror_view_clear(struct mirror_view *v)
{
	mirror_request_free(v->r);
	mirror_events_free(v->ev, v->nev);
	mirror_ratings_free(v->ratings, v->nratings);
	memset(v, 0, sizeof *v);
}

/*
 * mirror_view_load reads the request, its history and, once closed, its
 * ratings, and works out who the viewer is in it.
 */
static int
mirror_view_load(int64_t id, struct mirror_view *v)
{
	size_t	i;
	int	st;

	memset(v, 0, sizeof *v);
	if ((st = mirror_get(ui->db, &ui->actor, id, &v->r, &v->ev,
	    &v->nev)) != ST_OK)
		return st;
	v->owner = v->r->patient_id == ui->me->id;
	v->expert = v->r->expert_id == ui->me->id && !v->owner &&
	    mirror_view_may(ACT_MIRROR_BE_EXPERT);
	v->mediate = mirror_view_may(ACT_MIRROR_MEDIATE);
	if (v->r->state != MIRROR_CLOSED ||
	    mirror_ratings(ui->db, &ui->actor, id, &v->ratings,
	    &v->nratings) != ST_OK) {
		v->ratings = NULL;
		v->nratings = 0;
	}
	for (i = 0; i < v->nratings; i++) {
		if (v->ratings[i].account_id == ui->me->id)
			v->rated = true;
	}
	return ST_OK;
}

/*
 * mirror_view_run shows request id until the user goes back; it returns
 * 0, or -1 when the session is ending.
 */
int
mirror_view_run(int64_t id)
{
	struct mirror_view	 v;
	struct mirror_view_keys	 k;
	char			*text;
	wint_t			 key;
	bool			 acted = false;
	int			 st, rc;

	for (;;) {
		if ((st = mirror_view_load(id, &v)) != ST_OK) {
			/* Declined or cancelled: it may be gone from view. */
			if (acted && st == ST_NOTFOUND)
				return 0;
			return ui_notice_status(st, NULL) == -1 ? -1 : 0;
		}
		text = mirror_view_text(&v);
		mirror_view_keys(&v, &k);
		rc = pager_run_keys(_("Mirror experience"), text, k.help,
		    k.keys, &key);
		free(text);
		if (rc != PAGER_KEY) {
			mirror_view_clear(&v);
			return rc == -1 ? -1 : 0;
		}
		rc = mirror_view_act(&v, key);
		mirror_view_clear(&v);
		if (rc == -1)
			return -1;
		acted = true;
	}
}
