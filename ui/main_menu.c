/*
 * main_menu.c: the main menu.  It lists only what exists and what the
 * account's role may use; each screen checks the permission again when
 * it acts, so the menu is a convenience, not the control.
 *
 * The counts beside the entries (new posts, posts waiting for a
 * moderator, new notifications, new messages and reported ones, mirror
 * experiences needing the user) are read again each time the menu is
 * shown, so they are never stale after a visit to a screen.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ui.h"

enum {
	MAIN_ACCOUNT,
	MAIN_INVITES,
	MAIN_ADMIN,
	MAIN_LOGOUT,
	MAIN_BOARDS,
	MAIN_LIBRARY,
	MAIN_SEARCH,
	MAIN_MODERATION,
	MAIN_NOTIFICATIONS,
	MAIN_QUESTIONNAIRES,
	MAIN_ALERTS,
	MAIN_PATIENTS,
	MAIN_MESSAGES,
	MAIN_MSG_REPORTS,
	MAIN_MIRROR,
	MAIN_PROGRAMME,
	MAIN_JOURNAL,
	MAIN_RESEARCH,
	MAIN_OUTCOMES,
	MAIN_COMMUNITY,		/* why the community is not offered */
};

#define MAIN_MENU_MAX	18	/* entries at most */

/* The counts shown in the menu; -1 when unknown or not for this role. */
struct main_menu_counts {
	int64_t	unread;		/* new posts in the boards */
	int64_t	waiting;	/* posts in the moderation queue */
	int64_t	urgent;		/* of which urgent */
	int64_t	notes;		/* unread notifications */
	int64_t	due;		/* questionnaires to answer */
	int64_t	alerts;		/* risk alerts open */
	int64_t	alerts_urgent;	/* of which urgent or escalated */
	int64_t	messages;	/* unread private messages */
	int64_t	inbox;		/* conversations waiting for an answer */
	int64_t	msg_reports;	/* reported messages to read */
	int64_t	mirror;		/* mirror experiences needing the user */
	int64_t	homework;	/* sessions with homework due */
	int64_t	feedback;	/* exercise feedback not yet seen */
};

/* The entries of one showing, with the labels they own. */
struct main_menu_entries {
	struct menu_item	 items[MAIN_MENU_MAX];
	char			*labels[MAIN_MENU_MAX];
	size_t			 n;
};

/* main_menu_may asks the permission table about one entry. */
static bool
main_menu_may(enum action act, int target_role)
{
	struct target	t = TARGET_NONE;

	t.role = target_role;
	return role_may(&ui->actor, act, &t);
}

/* main_menu_answers tells whether the user answers questionnaires. */
static bool
main_menu_answers(void)
{
	struct target	t = TARGET_NONE;

	t.owner_id = ui->actor.id;
	return role_may(&ui->actor, ACT_SELFHELP_DO, &t);
}

/*
 * main_menu_alerts tells whether the user handles risk alerts: those of
 * patients in her care or in the shared queue.
 */
static bool
main_menu_alerts(void)
{
	struct target	t = TARGET_NONE;

	t.in_care = t.unassigned = true;
	return role_may(&ui->actor, ACT_ALERTS, &t);
}

/*
 * main_menu_community tells whether the user may take part in the
 * community: a patient or expert who has not agreed to it sees why
 * instead of the boards, search and mirror experiences (and a database
 * error hides them too).  The domain checks the consent again.
 */
static bool
main_menu_community(void)
{
	bool	ok = false;

	if (consent_allows(ui->db, &ui->actor, CONSENT_COMMUNITY, &ok) !=
	    ST_OK)
		return false;
	return ok;
}

/*
 * main_menu_mirror tells whether the user takes part in mirror
 * experiences: asks for one, is an expert, or mediates.
 */
static bool
main_menu_mirror(void)
{
	return (main_menu_may(ACT_MIRROR_REQUEST, -1) ||
	    main_menu_may(ACT_MIRROR_BE_EXPERT, -1) ||
	    main_menu_may(ACT_MIRROR_MEDIATE, -1)) && main_menu_community();
}

/* main_menu_research tells whether the user works with research data. */
static bool
main_menu_research(void)
{
	struct target	t = TARGET_NONE;

	t.research_consent = true;
	return role_may(&ui->actor, ACT_RESEARCH_EXPORT, &t);
}

/*
 * main_menu_lead tells whether the user is a clinical lead, who sees the
 * whole service's outcomes.
 */
static bool
main_menu_lead(void)
{
	return ui->me->role == ROLE_PROFESSIONAL &&
	    conf_is_clinical_lead(ui->conf, ui->me->pseudonym);
}

/*
 * main_menu_counted is an entry's label with its count (fmt takes one
 * %lld), or plain when there is nothing to count.
 */
static char *
main_menu_counted(const char *fmt, const char *plain, int64_t n)
{
	char	*s = NULL;

	if (n > 0)
		xasprintf(&s, fmt, (long long)n);
	else
		s = xstrdup(plain);
	return s;
}

/*
 * main_menu_counted2 is an entry's label with two counts a and b: both
 * (fmt both takes a then b), a alone (one), b alone (two; NULL when b
 * means nothing without a), or plain when there is nothing to count.
 */
static char *
main_menu_counted2(const char *both, const char *one, const char *two,
    const char *plain, int64_t a, int64_t b)
{
	char	*s = NULL;

	if (a > 0 && b > 0)
		xasprintf(&s, both, (long long)a, (long long)b);
	else if (a > 0)
		xasprintf(&s, one, (long long)a);
	else if (b > 0 && two != NULL)
		xasprintf(&s, two, (long long)b);
	else
		s = xstrdup(plain);
	return s;
}

/* main_menu_programme_label: homework due, feedback not read yet. */
static char *
main_menu_programme_label(int64_t due, int64_t feedback)
{
	return main_menu_counted2(_("My programme (%lld due, %lld new "
	    "feedback)"), _("My programme (%lld due)"), _("My programme "
	    "(%lld new feedback)"), _("My programme"), due, feedback);
}

/*
 * main_menu_messages_label: the new messages and, for a professional,
 * the conversations waiting for an answer.
 */
static char *
main_menu_messages_label(int64_t unread, int64_t waiting)
{
	return main_menu_counted2(_("Messages (%lld new, %lld waiting)"),
	    _("Messages (%lld new)"), _("Messages (%lld waiting)"),
	    _("Messages"), unread, waiting);
}

/* main_menu_alerts_label: the open alerts and the urgent among them. */
static char *
main_menu_alerts_label(int64_t open, int64_t urgent)
{
	return main_menu_counted2(_("Alerts (%lld open, %lld urgent)"),
	    _("Alerts (%lld open)"), NULL, _("Alerts"), open, urgent);
}

/* main_menu_queue_label: the posts waiting and the urgent among them. */
static char *
main_menu_queue_label(int64_t waiting, int64_t urgent)
{
	return main_menu_counted2(_("Moderation queue (%lld waiting, %lld "
	    "urgent)"), _("Moderation queue (%lld waiting)"), NULL,
	    _("Moderation queue"), waiting, urgent);
}

/* main_menu_due_label is "Questionnaires", with how many are due. */
static char *
main_menu_due_label(int64_t due)
{
	return main_menu_counted(_("Questionnaires (%lld to answer)"),
	    _("Questionnaires"), due);
}

/*
 * main_menu_counts_messages reads the counts of private messages, their
 * reports and mirror experiences.
 */
static void
main_menu_counts_messages(struct main_menu_counts *c)
{
	c->messages = c->inbox = c->msg_reports = c->mirror = -1;
	if (message_may_start(&ui->actor) && message_counts(ui->db,
	    &ui->actor, &c->messages, &c->inbox) != ST_OK)
		c->messages = c->inbox = -1;
	if (main_menu_may(ACT_MODERATE, -1) && message_report_count(ui->db,
	    &ui->actor, &c->msg_reports) != ST_OK)
		c->msg_reports = -1;
	if (main_menu_mirror() && mirror_counts(ui->db, &ui->actor,
	    &c->mirror) != ST_OK)
		c->mirror = -1;
}

/* main_menu_counts reads the counts this role's entries show. */
static void
main_menu_counts(struct main_menu_counts *c)
{
	struct form	**forms;
	size_t		  n;

	c->unread = c->waiting = c->urgent = c->notes = -1;
	c->due = c->alerts = c->alerts_urgent = -1;
	main_menu_counts_messages(c);
	if (main_menu_answers() && quest_due(ui->db, ui->conf,
	    &ui->actor, &forms, &n) == ST_OK) {
		c->due = (int64_t)n;
		forms_free_list(forms, n);
	}
	if (main_menu_alerts() && alert_counts(ui->db, &ui->actor,
	    &c->alerts, &c->alerts_urgent) != ST_OK)
		c->alerts = c->alerts_urgent = -1;
	if (main_menu_may(ACT_BOARD_READ, -1) &&
	    board_unread_total(ui->db, &ui->actor, &c->unread) != ST_OK)
		c->unread = -1;
	if (main_menu_may(ACT_MODERATE, -1) &&
	    mod_queue_count(ui->db, &ui->actor, &c->waiting, &c->urgent) !=
	    ST_OK)
		c->waiting = c->urgent = -1;
	if (notify_unread(ui->db, &ui->actor, &c->notes) != ST_OK)
		c->notes = -1;
	c->homework = c->feedback = -1;
	if (main_menu_answers() && programme_counts(ui->db, ui->conf,
	    &ui->actor, &c->homework, &c->feedback) != ST_OK)
		c->homework = c->feedback = -1;
}

/* main_menu_add appends an entry whose label is already allocated. */
static void
main_menu_add(struct main_menu_entries *e, wint_t key, char *label, int id)
{
	if (e->n >= MAIN_MENU_MAX) {
		free(label);
		return;
	}
	e->labels[e->n] = label;
	e->items[e->n] = (struct menu_item){ key, label, id };
	e->n++;
}

/* main_menu_clear frees the labels of one showing. */
static void
main_menu_clear(struct main_menu_entries *e)
{
	size_t	i;

	for (i = 0; i < e->n; i++)
		free(e->labels[i]);
	e->n = 0;
}

/* main_menu_boards_label is "Boards", with the new posts when there are. */
static char *
main_menu_boards_label(int64_t unread)
{
	char	*s = NULL;

	if (unread >= READS_UNREAD_CAP)
		xasprintf(&s, _("Boards (%s new)"), "999+");
	else if (unread > 0)
		xasprintf(&s, _("Boards (%lld new)"), (long long)unread);
	else
		s = xstrdup(_("Boards"));
	return s;
}

/*
 * main_menu_add_talk adds "Messages" and "Mirror experiences": for a
 * professional right after her patients, for others after the boards.
 */
static void
main_menu_add_talk(struct main_menu_entries *e,
    const struct main_menu_counts *c)
{
	if (message_may_start(&ui->actor))
		main_menu_add(e, 'c', main_menu_messages_label(c->messages,
		    c->inbox), MAIN_MESSAGES);
	if (main_menu_mirror())
		main_menu_add(e, 'e', main_menu_counted(
		    _("Mirror experiences (%lld)"), _("Mirror experiences"),
		    c->mirror),
		    MAIN_MIRROR);
}

/*
 * main_menu_add_queues adds the moderation queue and the reported
 * messages, together.
 */
static void
main_menu_add_queues(struct main_menu_entries *e,
    const struct main_menu_counts *c)
{
	main_menu_add(e, 'm', main_menu_queue_label(c->waiting, c->urgent),
	    MAIN_MODERATION);
	main_menu_add(e, 't', main_menu_counted(
	    _("Reported messages (%lld)"), _("Reported messages"),
	    c->msg_reports),
	    MAIN_MSG_REPORTS);
}

/*
 * main_menu_build lists the entries this account may use.  When posts
 * or reported messages wait for a moderator, the queues come first:
 * urgent ones may be about someone's safety.
 */
static void
main_menu_build(struct main_menu_entries *e, const struct main_menu_counts *c)
{
	bool	mod, queue_first, pro = ui->me->role == ROLE_PROFESSIONAL;
	bool	community = main_menu_community();

	/* Someone may be at risk: open alerts come before anything. */
	if (main_menu_alerts())
		main_menu_add(e, 'r', main_menu_alerts_label(c->alerts,
		    c->alerts_urgent), MAIN_ALERTS);
	if (pro) {
		main_menu_add(e, 'p', xstrdup(_("My patients")),
		    MAIN_PATIENTS);
		main_menu_add_talk(e, c);
	}
	/* Due forms and homework are announced at the top, where she sees
	 * them. */
	if (main_menu_answers() && c->due > 0)
		main_menu_add(e, 'q', main_menu_due_label(c->due),
		    MAIN_QUESTIONNAIRES);
	if (main_menu_answers() && (c->homework > 0 || c->feedback > 0))
		main_menu_add(e, 'o', main_menu_programme_label(c->homework,
		    c->feedback), MAIN_PROGRAMME);
	mod = main_menu_may(ACT_MODERATE, -1);
	queue_first = mod && (c->waiting > 0 || c->msg_reports > 0);
	if (queue_first)
		main_menu_add_queues(e, c);
	if (!community)
		main_menu_add(e, 'b', xstrdup(_("Community: you have not "
		    "agreed to take part; Account > Consent")), MAIN_COMMUNITY);
	else if (main_menu_may(ACT_BOARD_READ, -1))
		main_menu_add(e, 'b', main_menu_boards_label(c->unread),
		    MAIN_BOARDS);
	if (!pro)
		main_menu_add_talk(e, c);
	if (main_menu_may(ACT_LIBRARY_READ, -1)) {
		main_menu_add(e, 'l', xstrdup(_("Library")), MAIN_LIBRARY);
		if (community)
			main_menu_add(e, 'f', xstrdup(_("Search")),
			    MAIN_SEARCH);
	}
	if (mod && !queue_first)
		main_menu_add_queues(e, c);
	if (main_menu_answers() && c->homework <= 0 && c->feedback <= 0)
		main_menu_add(e, 'o', main_menu_programme_label(c->homework,
		    c->feedback), MAIN_PROGRAMME);
	if (main_menu_answers())
		main_menu_add(e, 'j', xstrdup(_("My journal")), MAIN_JOURNAL);
	if (main_menu_answers() && c->due <= 0)
		main_menu_add(e, 'q', main_menu_due_label(c->due),
		    MAIN_QUESTIONNAIRES);
	if (main_menu_research())
		main_menu_add(e, 'r', xstrdup(_("Research")), MAIN_RESEARCH);
	if (main_menu_lead())
		main_menu_add(e, 'u', xstrdup(_("Service outcomes")),
		    MAIN_OUTCOMES);
	main_menu_add(e, 'n', main_menu_counted(
	    _("Notifications (%lld new)"), _("Notifications"), c->notes),
	    MAIN_NOTIFICATIONS);
	main_menu_add(e, 'a', xstrdup(_("Account")), MAIN_ACCOUNT);
	if (ui->me->role != ROLE_ADMIN &&
	    main_menu_may(ACT_INVITE_CREATE, ROLE_PATIENT))
		main_menu_add(e, 'i', xstrdup(_("Invites")), MAIN_INVITES);
	if (main_menu_may(ACT_ACCOUNT_ADMIN, -1))
		main_menu_add(e, 's', xstrdup(_("Staff administration")),
		    MAIN_ADMIN);
	main_menu_add(e, 'x', xstrdup(_("Log out")), MAIN_LOGOUT);
}

/* main_menu_say appends a sentence to the greeting *s. */
static void
main_menu_say(char **s, const char *sentence)
{
	char	*t = NULL;

	xasprintf(&t, "%s %s", *s, sentence);
	free(*s);
	*s = t;
}

/* main_menu_intro greets the user and says what is new, briefly. */
static char *
main_menu_intro(const struct main_menu_counts *c)
{
	char	*s = NULL;

	if (c->unread >= READS_UNREAD_CAP)
		xasprintf(&s, _("Hello, %s. More than %d new posts in the "
		    "boards."), ui->me->pseudonym, READS_UNREAD_CAP - 1);
	else if (c->unread > 0)
		xasprintf(&s, ngettext("Hello, %s. %lld new post in the "
		    "boards.", "Hello, %s. %lld new posts in the boards.",
		    (unsigned long)c->unread), ui->me->pseudonym,
		    (long long)c->unread);
	else
		xasprintf(&s, _("Hello, %s."), ui->me->pseudonym);
	if (c->due > 0)
		main_menu_say(&s, ngettext("A questionnaire is waiting for "
		    "you.", "Some questionnaires are waiting for you.",
		    (unsigned long)c->due));
	if (c->homework > 0)
		main_menu_say(&s, _("Homework in your programme is due "
		    "soon."));
	if (c->feedback > 0)
		main_menu_say(&s, ngettext("Your professional has answered "
		    "an exercise.", "Your professional has answered some "
		    "exercises.", (unsigned long)c->feedback));
	if (c->messages > 0)
		main_menu_say(&s, ngettext("A new private message is waiting "
		    "for you.", "New private messages are waiting for you.",
		    (unsigned long)c->messages));
	if (c->alerts_urgent > 0)
		main_menu_say(&s, ngettext("An urgent alert is open.",
		    "Urgent alerts are open.", (unsigned long)c->alerts_urgent));
	if (c->urgent > 0)
		main_menu_say(&s, ngettext("An urgent post waits for a "
		    "moderator.", "Urgent posts wait for a moderator.",
		    (unsigned long)c->urgent));
	return s;
}

/* main_menu_open runs the screen behind an entry; -1 ends the session. */
static int
main_menu_open(int choice)
{
	switch (choice) {
	case MAIN_ACCOUNT:
		return account_screen_run();
	case MAIN_INVITES:
		return admin_invites_run();
	case MAIN_ADMIN:
		return admin_menu_run();
	case MAIN_BOARDS:
		return boards_run();
	case MAIN_LIBRARY:
		return library_run();
	case MAIN_SEARCH:
		return search_screen_run();
	case MAIN_MODERATION:
		return mod_queue_run();
	case MAIN_NOTIFICATIONS:
		return notifications_run();
	case MAIN_QUESTIONNAIRES:
		return quest_list_run();
	case MAIN_ALERTS:
		return alert_queue_run(0);
	case MAIN_PATIENTS:
		return caseload_run();
	case MAIN_MESSAGES:
		return conversation_list_run();
	case MAIN_MSG_REPORTS:
		return msg_reports_run();
	case MAIN_MIRROR:
		return mirror_run();
	case MAIN_PROGRAMME:
		return programme_run();
	case MAIN_JOURNAL:
		return journal_run();
	case MAIN_RESEARCH:
		return research_run();
	case MAIN_OUTCOMES:
		return outcome_dashboard_run(OUTCOME_SERVICE, NULL);
	case MAIN_COMMUNITY:
		return consent_screen_run();
	default:
		return 0;
	}
}

/*
 * main_menu_find returns the index of the entry with id, or 0.  Entries
 * move (the queue comes first while posts wait), so the highlight follows
 * the entry, not its place.
 */
static int
main_menu_find(const struct main_menu_entries *e, int id)
{
	size_t	i;

	for (i = 0; i < e->n; i++) {
		if (e->items[i].id == id)
			return (int)i;
	}
	return 0;
}

/*
 * main_menu_run shows the main menu until logout or the end; it returns
 * 0 after a logout and -1 when the session is ending.
 */
int
main_menu_run(void)
{
	struct main_menu_entries	 e;
	struct main_menu_counts		 c;
	char				*intro = NULL;
	int				 sel, last = -1, choice, rc = 0;

	e.n = 0;
	while (!ui->quit) {
		main_menu_clear(&e);
		main_menu_counts(&c);
		main_menu_build(&e, &c);
		free(intro);
		intro = main_menu_intro(&c);
		sel = main_menu_find(&e, last);
		choice = menu_run(_("Main menu"), intro, e.items, e.n, &sel);
		if (choice == MENU_QUIT) {
			rc = -1;
			break;
		}
		if (choice == MAIN_LOGOUT || choice == MENU_BACK) {
			rc = dialog_confirm(_("Log out"),
			    _("Do you want to log out of Mirall?"));
			if (rc == 1) {
				rc = 0;
				break;
			}
		} else {
			last = choice;
			rc = main_menu_open(choice);
		}
		if (rc == -1)
			break;
	}
	main_menu_clear(&e);
	free(intro);
	return rc;
}
