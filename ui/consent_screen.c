/*
 * consent_screen.c: consent per purpose (privacy spec, "Consent").  At a
 * first login, after the community rules, one screen for each purpose
 * not decided yet: its information text, then "Yes, I agree" or "No, I
 * do not agree".  In Account, every purpose with its state, where she
 * reads the text again and changes her decision; withdrawing says what
 * follows (posts anonymised or deleted, mirror experiences closed, the
 * account closed) before it is done.  The domain (bbs/consent.c) records
 * and audits each decision and checks it wherever it matters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

enum { CONSENT_YES, CONSENT_NO, CONSENT_READ, CONSENT_LEAVE };

/* What the person read: the text's version and language. */
struct consent_read {
	int		 version;
	char		 language[8];
};

struct consent_view {
	struct list_screen	 ls;		/* first: callbacks get it */
	struct consent_state	*list;
	size_t			 n;
	char			 header[256];
};

static const int consent_widths[] = { 34, 26, 0 };

/* consent_screen_title is a purpose's title; research names the study. */
static char *
consent_screen_title(const struct consent_state *c)
{
	char	*s = NULL;

	if (c->purpose == CONSENT_RESEARCH)
		xasprintf(&s, _("Research: %s"), c->title != NULL &&
		    *c->title != '\0' ? c->title : c->study);
	else
		s = xstrdup(_(consent_purpose_label(c->purpose)));
	return s;
}

/* consent_screen_question asks about one purpose, saying what it means. */
static char *
consent_screen_question(const struct consent_state *c)
{
	char	*s = NULL;

	switch (c->purpose) {
	case CONSENT_CARE:
		s = xstrdup(_("Do you agree to take part in Mirall's care? "
		    "Mirall cannot be used without it."));
		break;
	case CONSENT_COMMUNITY:
		s = xstrdup(_("Do you agree to take part in the community: "
		    "the boards and mirror experiences? You can use the rest "
		    "of Mirall without it and change your mind at any time "
		    "in Account > Consent."));
		break;
	case CONSENT_EXPERT:
		s = xstrdup(_("Do you agree to be proposed as an expert "
		    "patient in mirror experiences? You can change your mind "
		    "at any time in Account > Consent."));
		break;
	default:
		xasprintf(&s, _("Do you agree that your answers are used, "
		    "without your pseudonym, in the study \"%s\"? Your care "
		    "is the same whatever you decide, and you can change your "
		    "mind at any time in Account > Consent."),
		    c->title != NULL ? c->title : c->study);
		break;
	}
	return s;
}

/*
 * consent_screen_state describes a decision: "given on DATE", "declined
 * on DATE" or "not decided".
 */
static void
consent_screen_state(const struct consent_state *c, char *buf, size_t len)
{
	char	day[32];

	if (!c->decided) {
		snprintf(buf, len, "%s", _("not decided"));
		return;
	}
	ui_format_date(c->at, day, sizeof day);
	snprintf(buf, len, c->given ? _("given on %s") : _("declined on %s"),
	    day);
}

/*
 * consent_screen_read shows a purpose's information text in the pager,
 * saying when it is not in her language.  It returns 1 when read, 0
 * when the text cannot be shown (after saying so), -1 when the session
 * is ending.
 */
static int
consent_screen_read(const struct consent_state *c, const char *title,
    struct consent_read *r)
{
	const char	*lang = NULL;
	char		*text = NULL, *shown = NULL;
	int		 rc;

	if (consent_text(c->purpose, ui->me->language, c->title, &text,
	    &r->version, &lang) != ST_OK || text == NULL) {
		free(text);
		return ui_notice(title, _("This information text cannot be "
		    "shown right now. Please try again later.")) == -1 ? -1 : 0;
	}
	if (lang == NULL)
		lang = ui->me->language;
	snprintf(r->language, sizeof r->language, "%s", lang);
	if (strcmp(lang, ui->me->language) != 0)
		xasprintf(&shown, _("This text is shown in %s: it is not "
		    "available in your language yet.\n\n%s"),
		    ui_language_name(lang), text);
	else
		shown = xstrdup(text);
	rc = pager_run(title, shown, _("Space next page · q done reading"));
	free(shown);
	free(text);
	return rc == -1 ? -1 : 1;
}

/*
 * consent_screen_ask shows the text, then asks; first (a first login)
 * offers leaving for now.  It returns CONSENT_YES, CONSENT_NO,
 * CONSENT_LEAVE (Esc, or the text cannot be shown) or -1.
 */
static int
consent_screen_ask(const struct consent_state *c, const char *title,
    const char *question, bool first, struct consent_read *r)
{
	struct menu_item	 items[4];
	size_t			 n = 0;
	int			 sel = 0, choice = CONSENT_READ, rc;

	items[n++] = (struct menu_item){ 'y', _("Yes, I agree"),
	    CONSENT_YES };
	items[n++] = (struct menu_item){ 'n', _("No, I do not agree"),
	    CONSENT_NO };
	items[n++] = (struct menu_item){ 'r', _("Read the text again"),
	    CONSENT_READ };
	if (first)
		items[n++] = (struct menu_item){ 'l', _("Leave Mirall for "
		    "now and decide next time"), CONSENT_LEAVE };
	for (;;) {
		if (choice == CONSENT_READ &&
		    (rc = consent_screen_read(c, title, r)) != 1)
			return rc == -1 ? -1 : CONSENT_LEAVE;
		choice = menu_run(title, question, items, n, &sel);
		if (choice == MENU_QUIT)
			return -1;
		if (choice == MENU_BACK || choice == CONSENT_LEAVE)
			return CONSENT_LEAVE;
		if (choice != CONSENT_READ)
			return choice;
	}
}

/* consent_screen_study is the study of a research line, else NULL. */
static const char *
consent_screen_study(const struct consent_state *c)
{
	return c->purpose == CONSENT_RESEARCH ? c->study : NULL;
}

/*
 * consent_screen_care_declined explains that Mirall cannot be used
 * without care participation, and how to come back; the session ends.
 */
static int
consent_screen_care_declined(void)
{
	ui_notice(_("Mirall cannot be used without it"), _("Taking part in "
	    "Mirall's care is how your professionals look after you here, so "
	    "Mirall cannot be used without it. Your decision has been "
	    "recorded and nothing else has been kept.\n\nIf you change your "
	    "mind, log in again and agree, or talk to the professional or "
	    "team who invited you. You will now be logged out."));
	return 0;
}

/*
 * consent_first_one asks about one purpose at a first login: i of n.
 * It returns 1 to go on, 0 when the session ends (she left, or declined
 * care), -1 when it is ending anyway.
 */
static int
consent_first_one(const struct consent_state *c, size_t i, size_t n)
{
	struct consent_read	 r;
	char			*label, *title = NULL, *question;
	int			 choice, st;

	memset(&r, 0, sizeof r);
	label = consent_screen_title(c);
	xasprintf(&title, _("%s (%zu of %zu)"), label, i + 1, n);
	question = consent_screen_question(c);
	choice = consent_screen_ask(c, title, question, true, &r);
	free(question);
	free(title);
	free(label);
	if (choice == -1 || choice == CONSENT_LEAVE)
		return choice == -1 ? -1 : 0;
	st = consent_record(ui->db, &ui->actor, ui->me->id, c->purpose,
	    consent_screen_study(c), choice == CONSENT_YES, r.language);
	if (st != ST_OK) {
		ui_notice_status(st, NULL);
		return 0;
	}
	if (c->purpose == CONSENT_CARE && choice == CONSENT_NO)
		return consent_screen_care_declined();
	return 1;
}

/*
 * consent_first_care puts care first in the list when she declined it
 * before (consent_pending lists only what is not decided): Mirall cannot
 * be used without it, so each login asks again.
 */
static int
consent_first_care(struct consent_state **list, size_t *n)
{
	struct consent_state	*l;
	size_t			 i;
	bool			 ok = false;
	int			 st;

	if ((st = consent_allows(ui->db, &ui->actor, CONSENT_CARE, &ok)) !=
	    ST_OK || ok)
		return st;
	for (i = 0; i < *n; i++)
		if ((*list)[i].purpose == CONSENT_CARE)
			return ST_OK;
	l = xreallocarray(*list, *n + 1, sizeof **list);
	memmove(l + 1, l, *n * sizeof *l);
	memset(l, 0, sizeof *l);
	l->purpose = CONSENT_CARE;
	l->decided = true;
	*list = l;
	(*n)++;
	return ST_OK;
}

/*
 * consent_first_run asks, at login, about every purpose not decided yet
 * (care, community, expert for an expert patient, and each recruiting
 * study), one screen each, and care again when she declined it.  It
 * returns 1 when all are decided and care is given, 0 when the session
 * ends, -1 when it is ending anyway.
 */
int
consent_first_run(void)
{
	struct consent_state	*list = NULL;
	size_t			 n = 0, i;
	int			 rc = 1;

	if (consent_pending(ui->db, &ui->actor, ui->me->id, &list, &n) !=
	    ST_OK || consent_first_care(&list, &n) != ST_OK) {
		consent_states_free(list, n);
		ui_notice(_("Consent"), _("Your consents cannot be read right "
		    "now, so Mirall cannot continue. Please try again later."));
		return 0;
	}
	for (i = 0; i < n && rc == 1; i++)
		rc = consent_first_one(&list[i], i, n);
	consent_states_free(list, n);
	return rc;
}

/*
 * consent_screen_posts asks what happens to her posts when she leaves
 * the community: FORGET_ANONYMISE or FORGET_DELETE in *forget.  It
 * returns 1 when chosen (and, for deleting, confirmed), 0 when she
 * changed her mind, -1 when the session is ending.
 */
static int
consent_screen_posts(const char *title, int *forget)
{
	struct menu_item	items[] = {
		{ 'a', _("Keep them, shown as written by a \"former "
		    "member\""), FORGET_ANONYMISE },
		{ 'd', _("Delete them"), FORGET_DELETE },
	};
	int			sel = 0, choice;

	choice = menu_run(title, _("You will no longer see the boards or "
	    "mirror experiences; one under way closes with a note to the "
	    "others in it. What should happen to the posts you wrote? Esc "
	    "keeps your consent as it is."), items, 2, &sel);
	if (choice == MENU_QUIT)
		return -1;
	if (choice < 0)
		return 0;
	*forget = choice;
	if (choice == FORGET_DELETE)
		return dialog_confirm(title, _("Delete every post you wrote "
		    "in the community? This cannot be undone."));
	return 1;
}

/*
 * consent_screen_confirm says what withdrawing a purpose means and asks
 * to go on; for the community, what happens to her posts.  It returns 1
 * to withdraw, 0 not to, -1 when the session is ending.
 */
static int
consent_screen_confirm(const struct consent_state *c, const char *title,
    int *forget)
{
	switch (c->purpose) {
	case CONSENT_CARE:
		return dialog_confirm(title, _("Withdrawing your consent to "
		    "care closes your account: you will be logged out and "
		    "cannot log in again. Your clinical records are kept as "
		    "the law requires. Close your account?"));
	case CONSENT_COMMUNITY:
		return consent_screen_posts(title, forget);
	case CONSENT_EXPERT:
		return dialog_confirm(title, _("You will no longer be "
		    "proposed as an expert patient, and your mirror "
		    "experiences under way will be closed, with a note to the "
		    "other person and the mediator. Withdraw your consent?"));
	default:
		return dialog_confirm(title, _("You will be left out of this "
		    "study's future exports; what was exported before cannot "
		    "be recalled. Your care stays the same. Withdraw your "
		    "consent?"));
	}
}

/*
 * consent_screen_withdraw withdraws a purpose she had given, after
 * saying what follows.  Withdrawing care closes her account: it returns
 * -1 then, so the session ends.
 */
static int
consent_screen_withdraw(const struct consent_state *c, const char *title,
    const struct consent_read *r)
{
	int64_t	 posts = 0;
	int	 forget = FORGET_ANONYMISE, rc, st;
	char	*msg = NULL;

	if ((rc = consent_screen_confirm(c, title, &forget)) != 1)
		return rc;
	st = consent_withdraw(ui->db, &ui->actor, ui->me->id, c->purpose,
	    consent_screen_study(c), r->language, forget, &posts);
	if (st != ST_OK)
		return ui_notice_status(st, NULL);
	if (c->purpose == CONSENT_CARE) {
		ui_notice(_("Your account is closed"), _("Your consent to care "
		    "has been withdrawn and your account is closed. Thank you "
		    "for having been part of Mirall. If you want to come back, "
		    "talk to the professional or team who invited you."));
		return -1;
	}
	if (c->purpose == CONSENT_COMMUNITY)
		xasprintf(&msg, forget == FORGET_DELETE ? ngettext("Your "
		    "consent has been withdrawn and your %lld post deleted.",
		    "Your consent has been withdrawn and your %lld posts "
		    "deleted.", (unsigned long)posts) : ngettext("Your consent "
		    "has been withdrawn; your %lld post now shows \"former "
		    "member\".", "Your consent has been withdrawn; your %lld "
		    "posts now show \"former member\".", (unsigned long)posts),
		    (long long)posts);
	else
		msg = xstrdup(_("Your consent has been withdrawn."));
	rc = ui_notice(title, msg);
	free(msg);
	return rc;
}

/*
 * consent_screen_change shows one purpose's text and lets her change her
 * decision; choosing what she had already decided on the same text
 * changes nothing.
 */
static int
consent_screen_change(const struct consent_state *c)
{
	struct consent_read	 r;
	char			 state[64], *title, *question, *q = NULL;
	int			 choice, rc = 0, st;
	bool			 give;

	memset(&r, 0, sizeof r);
	title = consent_screen_title(c);
	question = consent_screen_question(c);
	consent_screen_state(c, state, sizeof state);
	xasprintf(&q, _("Your decision: %s.\n\n%s"), state, question);
	choice = consent_screen_ask(c, title, q, false, &r);
	if (choice == -1 || choice == CONSENT_LEAVE) {
		rc = choice == -1 ? -1 : 0;
		goto out;
	}
	give = choice == CONSENT_YES;
	if (c->decided && c->given == give && (!give ||
	    c->version == r.version)) {
		rc = ui_notice(title, _("Nothing has changed: this was "
		    "already your decision."));
		goto out;
	}
	if (!give && ((c->decided && c->given) ||
	    c->purpose == CONSENT_CARE)) {
		rc = consent_screen_withdraw(c, title, &r);
		goto out;
	}
	st = consent_record(ui->db, &ui->actor, ui->me->id, c->purpose,
	    consent_screen_study(c), give, r.language);
	if (st != ST_OK)
		rc = ui_notice_status(st, NULL);
	else
		rc = ui_notice(title, give ? _("Thank you: your consent has "
		    "been recorded.") : _("Your decision has been recorded."));
out:
	free(q);
	free(question);
	free(title);
	return rc;
}

/* consent_screen_row formats one purpose for the list. */
static void
consent_screen_row(void *arg, size_t i, char *buf, size_t len)
{
	struct consent_view	*v = arg;
	const struct consent_state *c = &v->list[i];
	char			 state[64], version[64], *title;
	const char		*cells[3];

	title = consent_screen_title(c);
	consent_screen_state(c, state, sizeof state);
	if (c->decided && c->version != c->text_version)
		snprintf(version, sizeof version, _("version %d (now %d)"),
		    c->version, c->text_version);
	else
		snprintf(version, sizeof version, _("version %d"),
		    c->text_version);
	cells[0] = title;
	cells[1] = state;
	cells[2] = version;
	ui_columns(buf, len, consent_widths, cells, 3);
	free(title);
}

/* consent_screen_load reads her consents. */
static int
consent_screen_load(struct list_screen *ls)
{
	struct consent_view	*v = (struct consent_view *)ls;
	int			 st;

	st = consent_list(ui->db, &ui->actor, ui->me->id, &v->list, &v->n);
	ls->list.n = v->n;
	return st;
}

/* consent_screen_unload frees the rows. */
static void
consent_screen_unload(struct list_screen *ls)
{
	struct consent_view	*v = (struct consent_view *)ls;

	consent_states_free(v->list, v->n);
	v->list = NULL;
	v->n = 0;
}

/* consent_screen_act: Enter reads a purpose's text and changes it. */
static int
consent_screen_act(struct list_screen *ls, size_t sel, wint_t key,
    bool select)
{
	struct consent_view	*v = (struct consent_view *)ls;

	(void)key;
	if (!select || sel >= v->n)
		return 0;
	return consent_screen_change(&v->list[sel]);
}

/*
 * consent_screen_run lists every purpose with her decision, when, and
 * the text's version; Enter reads the text and changes the decision.
 * It returns -1 when the session ends (she closed her account).
 */
int
consent_screen_run(void)
{
	struct consent_view	 v;
	const char		*heads[3];

	memset(&v, 0, sizeof v);
	heads[0] = _("Purpose");
	heads[1] = _("Your decision");
	heads[2] = _("Text");
	ui_columns(v.header, sizeof v.header, consent_widths, heads, 3);
	v.ls.list.title = _("Consent");
	v.ls.list.header = v.header;
	v.ls.list.help = _("Enter read and change");
	v.ls.list.row = consent_screen_row;
	v.ls.list.arg = &v;
	v.ls.list.empty = _("Consent is asked of patients only: there is "
	    "nothing to decide here.");
	v.ls.load = consent_screen_load;
	v.ls.unload = consent_screen_unload;
	v.ls.act = consent_screen_act;
	return list_screen_run(&v.ls);
}
