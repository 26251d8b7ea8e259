/*
 * help_now.c: "Help now" (Ctrl-G on every screen) and the patient's own
 * safety plan.
 *
 * Help now puts the emergency numbers on screen before it does anything
 * else, then tells the team (bbs/safety.c raises R2 for a patient), then
 * shows the full crisis card, and after it the patient's safety plan if
 * she has written one.  Nothing here may stop the card from showing: a
 * failure to tell the team is said only after the card, kindly.  Patients
 * never see risk labels here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define HELP_NOW_VIEW	(-10)	/* menu id: view the whole plan */

/* help_now_is_patient tells whether the signed-in user keeps a plan. */
static bool
help_now_is_patient(void)
{
	return ui->me != NULL && (ui->me->role == ROLE_PATIENT ||
	    ui->me->role == ROLE_EXPERT);
}

/*
 * help_now_flash paints the emergency numbers at once, with no database
 * work before it, so they are on screen even if telling the team is slow.
 */
static void
help_now_flash(void)
{
	int	w;

	ui_frame(_("Help now"), NULL);
	w = COLS - 4;
	if (w < 10 || LINES < 4)
		goto out;
	ui_put_wrapped(2, 2, _("If you are in danger now, call 112. For "
	    "suicidal thoughts, call 024 (24 h, free)."), w, LINES - 4,
	    A_BOLD);
out:
	wnoutrefresh(stdscr);
	doupdate();
}

/* help_now_section returns a plan's section, "" when it is empty. */
static const char *
help_now_section(const struct safety_plan *plan, int i)
{
	return plan->section[i] != NULL ? plan->section[i] : "";
}

/* help_now_plan_text builds the plan as one text: labels, empty ones out. */
static char *
help_now_plan_text(const struct safety_plan *plan, const char *intro)
{
	char	*text, *next;
	int	 i;

	text = xstrdup(intro != NULL ? intro : "");
	for (i = 0; i < SAFETY_SECTIONS; i++) {
		if (*help_now_section(plan, i) == '\0')
			continue;
		xasprintf(&next, "%s%s%s\n%s", text, *text != '\0' ? "\n\n" :
		    "", _(safety_section_label(i)), help_now_section(plan, i));
		free(text);
		text = next;
	}
	return text;
}

/* help_now_told is the line about the team and the hours. */
static const char *
help_now_told(void)
{
	return _("Your care team has been told that you asked for help. "
	    "Mirall is not watched 24/7: outside the staffed hours on the "
	    "card, call the numbers on it.");
}

/*
 * help_now_offer_plan shows the patient's plan after the card, or offers
 * to write one.  told is false when the team could not be told.  Returns
 * -1 when the session is ending.
 */
static int
help_now_offer_plan(bool told)
{
	struct safety_plan	 plan;
	char			*text = NULL, *ask = NULL;
	int			 rc = 0, st;

	memset(&plan, 0, sizeof plan);
	st = safety_plan_get(ui->db, &ui->actor, &plan);
	if (st == ST_OK && plan.updated_at != 0) {
		text = help_now_plan_text(&plan, told ? help_now_told() : NULL);
		rc = pager_run(_("My safety plan"), text,
		    _("↑↓ scroll · Esc back"));
		goto out;
	}
	xasprintf(&ask, "%s%s%s", told ? help_now_told() : "", told ?
	    "\n\n" : "", _("You have not written a safety plan yet: what "
	    "helps you, and whom to call, when things get hard. You can write "
	    "it now or later (Account, then My safety plan). Write it now?"));
	if ((rc = dialog_confirm(_("Help now"), ask)) == 1)
		rc = safety_plan_run();
out:
	free(ask);
	free(text);
	safety_plan_clear(&plan);
	return rc == -1 ? -1 : 0;
}

/*
 * help_now_run shows the crisis card at once, tells the team, and offers
 * the patient her safety plan.  Before sign-in it shows the card only.
 * It returns 0, or -1 when the session is ending.
 */
int
help_now_run(void)
{
	bool	told = false;
	int	st = ST_OK;

	help_now_flash();
	if (ui->me != NULL && ui->db != NULL) {
		st = help_now(ui->db, &ui->actor);
		told = st == ST_OK;
	}
	if (crisis_card_run() == -1)
		return -1;
	if (ui->me == NULL)
		return 0;
	if (st != ST_OK && ui_notice(_("Help now"), _("We could not tell "
	    "your team automatically just now. Please do not wait for us: "
	    "if you are in danger, call 112, and for suicidal thoughts, call "
	    "024. Both answer day and night.")) == -1)
		return -1;
	if (!help_now_is_patient())
		return 0;
	return help_now_offer_plan(told);
}

/*
 * safety_plan_show_run shows patient's plan to a professional caring for
 * her (the read is audited); -1 when the session is ending.
 */
int
safety_plan_show_run(int64_t patient, const char *who)
{
	struct safety_plan	 plan;
	char			*text = NULL, *title = NULL;
	int			 rc, st;

	if ((st = safety_plan_read(ui->db, &ui->actor, patient, &plan)) !=
	    ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	xasprintf(&title, _("Safety plan: %s"), who);
	if (plan.updated_at == 0)
		rc = ui_notice(title, _("No safety plan written yet."));
	else {
		text = help_now_plan_text(&plan, NULL);
		rc = pager_run(title, text, _("↑↓ scroll · Esc back"));
	}
	free(text);
	free(title);
	safety_plan_clear(&plan);
	return rc == -1 ? -1 : 0;
}

/* safety_plan_mark is the menu label of one section with its state. */
static char *
safety_plan_mark(const struct safety_plan *plan, int i)
{
	char	*s;

	xasprintf(&s, "%s (%s)", _(safety_section_label(i)),
	    *help_now_section(plan, i) != '\0' ? _("written") : _("empty"));
	return s;
}

/*
 * safety_plan_edit edits section i until it is saved or the editor is
 * left; a refused save shows why and goes back to the editor with the
 * text kept.  Returns -1 when the session is ending.
 */
static int
safety_plan_edit(struct safety_plan *plan, int i)
{
	char	*text, *old, *why = NULL, *title;
	int	 rc, st;

	text = xstrdup(help_now_section(plan, i));
	xasprintf(&title, "%s · %s", _("My safety plan"),
	    _(safety_section_label(i)));
	if ((rc = ui_notice(_(safety_section_label(i)),
	    _(safety_section_hint(i)))) == -1)
		goto out;
	for (;;) {
		if ((rc = editor_run(title, &text, SAFETY_SECTION_MAX)) != 1)
			break;
		old = plan->section[i];
		plan->section[i] = text;
		st = safety_plan_save(ui->db, &ui->actor, plan, &why);
		plan->section[i] = old;
		if (st == ST_OK) {
			rc = 0;
			break;
		}
		rc = ui_notice_status(st, why);
		free(why);
		why = NULL;
		if (rc == -1)
			break;
	}
out:
	free(title);
	free(text);
	return rc == -1 ? -1 : 0;
}

/* safety_plan_view shows the whole plan in the pager. */
static int
safety_plan_view(const struct safety_plan *plan)
{
	char	*text;
	int	 rc;

	text = help_now_plan_text(plan, NULL);
	if (*text == '\0') {
		free(text);
		text = xstrdup(_("Your safety plan is empty so far. Choose a "
		    "part of it to write."));
	}
	rc = pager_run(_("My safety plan"), text, _("↑↓ scroll · Esc back"));
	free(text);
	return rc;
}

/* safety_plan_menu asks which part of the plan to open. */
static int
safety_plan_menu(const struct safety_plan *plan, int *sel)
{
	struct menu_item	 items[SAFETY_SECTIONS + 1];
	char			*labels[SAFETY_SECTIONS];
	int			 i, choice;

	for (i = 0; i < SAFETY_SECTIONS; i++) {
		labels[i] = safety_plan_mark(plan, i);
		items[i] = (struct menu_item){ (wint_t)('1' + i), labels[i],
		    i };
	}
	items[i] = (struct menu_item){ 'v', _("View the whole plan"),
	    HELP_NOW_VIEW };
	choice = menu_run(_("My safety plan"), _("A plan for hard moments, in "
	    "your own words. Only you and the professionals caring for you "
	    "can read it."), items, SAFETY_SECTIONS + 1, sel);
	for (i = 0; i < SAFETY_SECTIONS; i++)
		free(labels[i]);
	return choice;
}

/*
 * safety_plan_run lets the patient write and read her own safety plan,
 * one section at a time.  Returns 0, or -1 when the session is ending.
 */
int
safety_plan_run(void)
{
	struct safety_plan	plan;
	int			sel = 0, choice, st, rc = 0;

	if (!help_now_is_patient())
		return ui_notice_status(ST_DENIED, NULL) == -1 ? -1 : 0;
	while (rc != -1) {
		memset(&plan, 0, sizeof plan);
		if ((st = safety_plan_get(ui->db, &ui->actor, &plan)) !=
		    ST_OK && st != ST_NOTFOUND) {
			safety_plan_clear(&plan);
			return ui_notice_status(st, NULL) == -1 ? -1 : 0;
		}
		choice = safety_plan_menu(&plan, &sel);
		if (choice == MENU_QUIT)
			rc = -1;
		else if (choice == MENU_BACK) {
			safety_plan_clear(&plan);
			break;
		} else if (choice == HELP_NOW_VIEW)
			rc = safety_plan_view(&plan);
		else
			rc = safety_plan_edit(&plan, choice);
		safety_plan_clear(&plan);
	}
	return rc == -1 ? -1 : 0;
}
