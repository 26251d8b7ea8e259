/*
 * mod_actions.c: the moderator's dialogues that change something: hiding
 * a post with a reason, suspending a member's posting for a period, and
 * moving a thread to another board.  The domain layer (bbs/moderation.c)
 * checks the role, does it and audits it; these screens only ask.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* The bytes a note of MOD_NOTE_MAX code points may take, with the NUL. */
#define MOD_NOTE_BYTES	(MOD_NOTE_MAX * 4 + 1)

/* The hotkeys of the hide reasons, in enum hide_reason order. */
static const wint_t mod_hide_keys[HIDE_COUNT] = {
	'1', '2', '3', '4', '5', '6', '7', '8', '9'
};

/* The suspension periods offered, in days. */
static const int mod_suspend_days[] = { 1, 3, 7, 30 };
#define MOD_SUSPEND_PERIODS \
	(sizeof mod_suspend_days / sizeof mod_suspend_days[0])

/* mod_actions_pick_reason asks why the post is hidden. */
static int
mod_actions_pick_reason(void)
{
	struct menu_item	items[HIDE_COUNT];
	int			i, sel = 0;

	for (i = 0; i < HIDE_COUNT; i++)
		items[i] = (struct menu_item){ mod_hide_keys[i],
		    _(hide_reason_label(i)), i };
	return menu_run(_("Hide post"), _("Why is this post hidden? The "
	    "author will be told the reason privately (except for spam)."),
	    items, HIDE_COUNT, &sel);
}

/* mod_actions_note asks for an optional note to the author. */
static int
mod_actions_note(int reason, char *note, size_t size)
{
	struct field	 f[] = {
		{ _("Note"), note, size, MOD_NOTE_MAX, false },
	};
	char		*intro = NULL;
	int		 rc;

	xasprintf(&intro, _("Reason: %s.\n\nYou may add a short note to the "
	    "author in your own words, for example what to change. Leave it "
	    "empty for none. Enter hides the post; Esc goes back."),
	    _(hide_reason_label(reason)));
	rc = form_run(_("Hide post"), intro, f, 1, NULL);
	free(intro);
	return rc;
}

/*
 * mod_hide_run hides a post with a reason and an optional note to its
 * author.  It returns 0 (done or cancelled) or -1 when the session ends.
 */
int
mod_hide_run(int64_t post_id)
{
	char	*note;
	int	 reason, rc, st;

	if ((reason = mod_actions_pick_reason()) < 0)
		return reason == MENU_QUIT ? -1 : 0;
	note = xcalloc(1, MOD_NOTE_BYTES);
	if ((rc = mod_actions_note(reason, note, MOD_NOTE_BYTES)) != 1)
		goto out;
	if ((st = mod_hide(ui->db, &ui->actor, post_id, reason, note)) !=
	    ST_OK) {
		rc = ui_notice_status(st, NULL);
		goto out;
	}
	rc = ui_notice(_("Hide post"), reason == HIDE_SPAM ? _("The post is "
	    "hidden. Spam is not explained to its author.") : _("The post is "
	    "hidden. Its author will be told privately why; nobody else is "
	    "told."));
out:
	free(note);
	return rc == -1 ? -1 : 0;
}

/* mod_actions_pick_days asks how long the suspension lasts. */
static int
mod_actions_pick_days(const char *name)
{
	struct menu_item	 items[MOD_SUSPEND_PERIODS];
	static const wint_t	 keys[MOD_SUSPEND_PERIODS] = { '1', '3', '7',
				     'm' };
	char			*labels[MOD_SUSPEND_PERIODS], *intro = NULL;
	size_t			 i;
	int			 sel = 0, choice;

	for (i = 0; i < MOD_SUSPEND_PERIODS; i++) {
		xasprintf(&labels[i], ngettext("%d day", "%d days",
		    (unsigned long)mod_suspend_days[i]), mod_suspend_days[i]);
		items[i] = (struct menu_item){ keys[i], labels[i],
		    mod_suspend_days[i] };
	}
	xasprintf(&intro, _("For how long may %s not post? They can still "
	    "read the boards and the library."), name);
	choice = menu_run(_("Suspend posting"), intro, items,
	    MOD_SUSPEND_PERIODS, &sel);
	for (i = 0; i < MOD_SUSPEND_PERIODS; i++)
		free(labels[i]);
	free(intro);
	return choice;
}

/*
 * mod_actions_suspend_reason asks for the reason, which the member sees;
 * it insists on one.  It returns 1 with a reason, 0 cancelled, -1 quit.
 */
static int
mod_actions_suspend_reason(char *reason, size_t size)
{
	struct field	f[] = {
		{ _("Reason"), reason, size, MOD_NOTE_MAX, false },
	};
	int		rc;

	for (;;) {
		rc = form_run(_("Suspend posting"), _("Why? The member will "
		    "see this reason, so write it plainly and kindly."), f, 1,
		    NULL);
		if (rc != 1)
			return rc;
		if (text_codepoints(reason) > 0 && strspn(reason, " ") !=
		    strlen(reason))
			return 1;
		if (ui_notice(_("Suspend posting"), _("Please write a reason: "
		    "the member will be told it.")) == -1)
			return -1;
	}
}

/*
 * mod_suspend_run suspends an account's posting for a period, with a
 * reason shown to them.  It returns 0, or -1 when the session ends.
 */
int
mod_suspend_run(int64_t account_id, const char *name)
{
	char	*reason, *q = NULL;
	int	 days, rc, st;

	if (name == NULL)
		name = "?";
	if ((days = mod_actions_pick_days(name)) < 0)
		return days == MENU_QUIT ? -1 : 0;
	reason = xcalloc(1, MOD_NOTE_BYTES);
	if ((rc = mod_actions_suspend_reason(reason, MOD_NOTE_BYTES)) != 1)
		goto out;
	xasprintf(&q, ngettext("Suspend posting by %s for %d day? They will "
	    "be told why.", "Suspend posting by %s for %d days? They will be "
	    "told why.", (unsigned long)days), name, days);
	if ((rc = dialog_confirm(_("Suspend posting"), q)) != 1)
		goto out;
	if ((st = mod_suspend(ui->db, &ui->actor, account_id, days,
	    reason)) != ST_OK) {
		rc = ui_notice_status(st, st == ST_DENIED ? _("Only patients "
		    "and expert patients can have their posting suspended.") :
		    NULL);
		goto out;
	}
	free(q);
	xasprintf(&q, _("%s cannot post until the suspension ends. They "
	    "have been told the reason."), name);
	rc = ui_notice(_("Suspend posting"), q);
out:
	free(q);
	free(reason);
	return rc == -1 ? -1 : 0;
}

/* mod_actions_board_key is the hotkey of the i-th board: 1-9, then a-z. */
static wint_t
mod_actions_board_key(size_t i)
{
	if (i < 9)
		return (wint_t)('1' + i);
	if (i < 9 + 26)
		return (wint_t)('a' + (i - 9));
	return 0;
}

/*
 * mod_actions_pick_board asks for the board a thread moves to; it returns
 * the board's id, 0 when cancelled or -1 when the session ends.
 */
static int64_t
mod_actions_pick_board(const struct thread *t)
{
	struct board		**boards = NULL;
	struct menu_item	 *items;
	char			 *intro = NULL;
	size_t			  n = 0, i, m = 0;
	int			  sel = 0, choice, st;
	int64_t			  id = 0;

	if ((st = board_list(ui->db, &ui->actor, &boards, &n)) != ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	items = xcalloc(n + 1, sizeof *items);
	for (i = 0; i < n; i++) {
		if (boards[i]->id == t->board_id || boards[i]->archived)
			continue;
		items[m] = (struct menu_item){ mod_actions_board_key(m),
		    boards[i]->name, (int)i };
		m++;
	}
	if (m == 0) {
		id = ui_notice(_("Move thread"), _("There is no other board "
		    "to move it to.")) == -1 ? -1 : 0;
		goto out;
	}
	xasprintf(&intro, _("Move \"%s\" to which board?"), t->title);
	choice = menu_run(_("Move thread"), intro, items, m, &sel);
	if (choice == MENU_QUIT)
		id = -1;
	else if (choice >= 0 && (size_t)choice < n)
		id = boards[choice]->id;
out:
	free(intro);
	free(items);
	boards_free_list(boards, n);
	return id;
}

/*
 * mod_move_run moves a thread to another board after confirmation.  It
 * returns 0, or -1 when the session ends.
 */
int
mod_move_run(int64_t thread_id)
{
	struct thread	*t = NULL;
	struct board	*b = NULL;
	char		*q = NULL;
	int64_t		 to;
	int		 rc = 0, st;

	if ((st = forum_thread(ui->db, &ui->actor, thread_id, &t)) != ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	if ((to = mod_actions_pick_board(t)) <= 0) {
		rc = (int)to;
		goto out;
	}
	if ((st = board_get(ui->db, &ui->actor, to, &b)) != ST_OK) {
		rc = ui_notice_status(st, NULL);
		goto out;
	}
	xasprintf(&q, _("Move \"%s\" to the board \"%s\"? Who may read it "
	    "then depends on that board."), t->title, b->name);
	if ((rc = dialog_confirm(_("Move thread"), q)) != 1)
		goto out;
	if ((st = mod_move(ui->db, &ui->actor, thread_id, to)) != ST_OK) {
		rc = ui_notice_status(st, NULL);
		goto out;
	}
	free(q);
	xasprintf(&q, _("The thread is now in \"%s\"."), b->name);
	rc = ui_notice(_("Move thread"), q);
out:
	free(q);
	board_free(b);
	thread_free(t);
	return rc == -1 ? -1 : 0;
}
