/*
 * mirror_list.c: "Mirror experiences" from the main menu.  A patient (or
 * expert patient) first reads what a mirror experience is and chooses
 * between asking for one and her requests; an expert patient also has
 * the proposals made to her and her profile.  A professional goes
 * straight to the request queue, and from a request to the experts she
 * may propose.  bbs/mirror.c decides who sees what and checks every
 * action; the entries here only follow the permission table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

enum {
	MIRROR_MENU_ASK,
	MIRROR_MENU_MINE,
	MIRROR_MENU_EXPERT,
	MIRROR_MENU_PROFILE,
};

#define MIRROR_MENU_MAX	4

struct mirror_list_view {
	struct list_screen	  ls;		/* first: callbacks get it */
	enum mirror_list	  kind;		/* which list (storage.h) */
	struct mirror_request	**reqs;
	size_t			  n;
	char			  header[256];
};

static const int mirror_list_mine_widths[] = { 26, 22, 11, 0 };
static const int mirror_list_expert_widths[] = { 26, 14, 24, 0 };
static const int mirror_list_queue_widths[] = { 26, 12, 21, 0 };
static const int mirror_list_suggest_widths[] = { 18, 10, 0 };

/* mirror_list_may asks the permission table about a mirror action. */
static bool
mirror_list_may(enum action act)
{
	struct target	t = TARGET_NONE;

	return role_may(&ui->actor, act, &t);
}

/*
 * mirror_list_waiting tells whether the patient still waits for someone
 * to talk with.
 */
static bool
mirror_list_waiting(int state)
{
	return state == MIRROR_REQUESTED || state == MIRROR_PROPOSED ||
	    state == MIRROR_DECLINED;
}

/*
 * mirror_list_queue_state is the state as the queue shows it: whom it
 * was proposed to, who declined it (declined, or NULL).
 */
static void
mirror_list_queue_state(const struct mirror_request *r, const char *declined,
    char *buf, size_t len)
{
	if (r->state == MIRROR_DECLINED && declined != NULL)
		snprintf(buf, len, _("declined by %s"), declined);
	else if (r->state == MIRROR_PROPOSED && r->expert != NULL)
		snprintf(buf, len, _("proposed to %s"), r->expert);
	else
		snprintf(buf, len, "%s", _(mirror_state_label(r->state)));
}

/*
 * mirror_list_queue_wait says how long the patient has waited while
 * nobody has accepted, or since when the experience is under way.
 */
static void
mirror_list_queue_wait(const struct mirror_request *r, char *buf,
    size_t len)
{
	char	d[32];

	if (mirror_list_waiting(r->state)) {
		ui_format_duration(db_now() - r->created_at, d, sizeof d);
		snprintf(buf, len, _("waiting %s"), d);
	} else if (r->state == MIRROR_ACCEPTED || r->state == MIRROR_ACTIVE) {
		ui_format_date(r->updated_at, d, sizeof d);
		snprintf(buf, len, _("since %s"), d);
	} else
		ui_format_date(r->updated_at, buf, len);
}

/* mirror_list_row formats one request for the kind of list shown. */
static void
mirror_list_row(void *arg, size_t i, char *buf, size_t len)
{
	struct mirror_list_view		*v = arg;
	const struct mirror_request	*r = v->reqs[i];
	const char			*cells[4];
	char				 a[64], b[96];

	cells[0] = _(mirror_topic_label(r->topic));
	switch (v->kind) {
	case MIRROR_LIST_MINE:
		ui_format_date(r->created_at, a, sizeof a);
		ui_format_date(r->updated_at, b, sizeof b);
		cells[1] = _(mirror_state_label(r->state));
		cells[2] = a;
		cells[3] = b;
		ui_columns(buf, len, mirror_list_mine_widths, cells, 4);
		break;
	case MIRROR_LIST_EXPERT:
		ui_format_date(r->updated_at, a, sizeof a);
		cells[1] = r->patient != NULL ? r->patient : "";
		cells[2] = r->state == MIRROR_PROPOSED ?
		    _("waiting for your answer") :
		    _(mirror_state_label(r->state));
		cells[3] = a;
		ui_columns(buf, len, mirror_list_expert_widths, cells, 4);
		break;
	case MIRROR_LIST_QUEUE:
		mirror_list_queue_state(r, r->declined_by, a, sizeof a);
		mirror_list_queue_wait(r, b, sizeof b);
		cells[1] = r->patient != NULL ? r->patient : "";
		cells[2] = a;
		cells[3] = b;
		ui_columns(buf, len, mirror_list_queue_widths, cells, 4);
		break;
	}
}

/*
 * mirror_list_load reads the list: her requests; the proposals made to
 * her with the experiences she is the expert of; or the queue (with who
 * declined the declined ones, from bbs/mirror.c).
 */
static int
mirror_list_load(struct list_screen *ls)
{
	struct mirror_list_view	*v = (struct mirror_list_view *)ls;
	int			 st;

	switch (v->kind) {
	case MIRROR_LIST_QUEUE:
		st = mirror_queue(ui->db, &ui->actor, &v->reqs, &v->n);
		break;
	case MIRROR_LIST_EXPERT:
		st = mirror_proposals(ui->db, &ui->actor, &v->reqs, &v->n);
		break;
	default:
		st = mirror_mine(ui->db, &ui->actor, &v->reqs, &v->n);
		break;
	}
	ls->list.n = v->n;
	return st;
}

/* mirror_list_unload frees the requests. */
static void
mirror_list_unload(struct list_screen *ls)
{
	struct mirror_list_view	*v = (struct mirror_list_view *)ls;

	mirror_requests_free_list(v->reqs, v->n);
	v->reqs = NULL;
	v->n = 0;
}

/* mirror_list_act opens a request, or (her own list) asks for one. */
static int
mirror_list_act(struct list_screen *ls, size_t i, wint_t key, bool select)
{
	struct mirror_list_view	*v = (struct mirror_list_view *)ls;
	int			 rc;

	if (!select && key == 'n' && v->kind == MIRROR_LIST_MINE) {
		rc = mirror_request_run();
		if (rc == 1)
			ls->sel = 0;
		return rc == -1 ? -1 : 0;
	}
	if (!select || i >= v->n)
		return 0;
	return mirror_view_run(v->reqs[i]->id);
}

/* mirror_list_run shows one kind of list until the user goes back. */
static int
mirror_list_run(enum mirror_list kind)
{
	struct mirror_list_view	 v;
	const char		*heads[4];
	const int		*widths;

	memset(&v, 0, sizeof v);
	v.kind = kind;
	heads[0] = _("Topic");
	v.ls.list.help = _("Enter: open · Esc back");
	switch (kind) {
	case MIRROR_LIST_MINE:
		v.ls.list.title = _("My requests");
		v.ls.list.help = _("Enter: open · n ask for one · Esc back");
		v.ls.list.empty = _("You have not asked for a mirror "
		    "experience yet. Press n to ask for one.");
		heads[1] = _("State");
		heads[2] = _("Asked");
		heads[3] = _("Last change");
		widths = mirror_list_mine_widths;
		break;
	case MIRROR_LIST_EXPERT:
		v.ls.list.title = _("Proposals for you");
		v.ls.list.empty = _("No proposals for you just now. When a "
		    "professional thinks you could help someone, it will "
		    "appear here.");
		heads[1] = _("Asked by");
		heads[2] = _("State");
		heads[3] = _("Last change");
		widths = mirror_list_expert_widths;
		break;
	default:
		v.ls.list.title = _("Mirror experiences: requests");
		v.ls.list.empty = _("No requests for mirror experiences just "
		    "now.");
		heads[1] = _("Patient");
		heads[2] = _("State");
		heads[3] = _("Waiting");
		widths = mirror_list_queue_widths;
		break;
	}
	ui_columns(v.header, sizeof v.header, widths, heads, 4);
	v.ls.list.header = v.header;
	v.ls.list.row = mirror_list_row;
	v.ls.list.arg = &v;
	v.ls.load = mirror_list_load;
	v.ls.unload = mirror_list_unload;
	v.ls.act = mirror_list_act;
	return list_screen_run(&v.ls);
}

/*
 * mirror_list_counts reads how many requests she made and how many
 * proposals wait for her answer, for the menu; -1 when unknown.
 */
static void
mirror_list_counts(bool expert, int64_t *mine, int64_t *proposed)
{
	struct mirror_request	**reqs = NULL;
	size_t			  n = 0, i;

	*mine = *proposed = -1;
	if (mirror_mine(ui->db, &ui->actor, &reqs, &n) == ST_OK) {
		*mine = (int64_t)n;
		mirror_requests_free_list(reqs, n);
	}
	reqs = NULL;
	n = 0;
	if (expert && mirror_proposals(ui->db, &ui->actor, &reqs, &n) ==
	    ST_OK) {
		*proposed = 0;
		for (i = 0; i < n; i++)
			*proposed += reqs[i]->state == MIRROR_PROPOSED;
		mirror_requests_free_list(reqs, n);
	}
}

/* mirror_list_intro is what a mirror experience is, in plain words. */
static char *
mirror_list_intro(bool expert)
{
	char	*s;

	xasprintf(&s, "%s%s%s", _("Sometimes it helps to talk with someone "
	    "who has been there. In a mirror experience, a professional of "
	    "the team puts you in touch with someone who has lived something "
	    "similar, and stays in the conversation with you both. You see "
	    "each other's pseudonyms only."), expert ? "\n\n" : "",
	    expert ? _("As an expert patient, you may also be asked to share "
	    "your own experience with someone.") : "");
	return s;
}

/*
 * mirror_list_menu builds the menu's entries; labels holds the ones it
 * allocates, for the caller to free.
 */
static size_t
mirror_list_menu(bool expert, struct menu_item *items, char **labels)
{
	int64_t	mine, proposed;
	size_t	n = 0;

	mirror_list_counts(expert, &mine, &proposed);
	labels[0] = xstrdup(_("Ask for a mirror experience"));
	if (mine > 0)
		xasprintf(&labels[1], _("My requests (%lld)"),
		    (long long)mine);
	else
		labels[1] = xstrdup(_("My requests"));
	if (proposed > 0)
		xasprintf(&labels[2], ngettext("Proposals for you (%lld "
		    "waiting for your answer)", "Proposals for you (%lld "
		    "waiting for your answer)", (unsigned long)proposed),
		    (long long)proposed);
	else
		labels[2] = xstrdup(_("Proposals for you"));
	labels[3] = xstrdup(_("My expert profile"));
	items[n++] = (struct menu_item){ 'n', labels[0], MIRROR_MENU_ASK };
	items[n++] = (struct menu_item){ 'r', labels[1], MIRROR_MENU_MINE };
	if (!expert)
		return n;
	items[n++] = (struct menu_item){ 'e', labels[2],
	    MIRROR_MENU_EXPERT };
	items[n++] = (struct menu_item){ 'p', labels[3],
	    MIRROR_MENU_PROFILE };
	return n;
}

/*
 * mirror_list_patient is the patient's (and expert patient's) way in:
 * what a mirror experience is, then her requests, the proposals made
 * to her and her profile.
 */
static int
mirror_list_patient(bool expert)
{
	struct menu_item	 items[MIRROR_MENU_MAX];
	char			*labels[MIRROR_MENU_MAX], *intro;
	size_t			 n, i;
	int			 sel = 0, choice, rc = 0;

	intro = mirror_list_intro(expert);
	while (rc != -1) {
		n = mirror_list_menu(expert, items, labels);
		choice = menu_run(_("Mirror experiences"), intro, items, n,
		    &sel);
		for (i = 0; i < MIRROR_MENU_MAX; i++)
			free(labels[i]);
		if (choice == MENU_QUIT)
			rc = -1;
		else if (choice < 0)
			break;
		else if (choice == MIRROR_MENU_ASK)
			rc = mirror_request_run();
		else if (choice == MIRROR_MENU_MINE)
			rc = mirror_list_run(MIRROR_LIST_MINE);
		else if (choice == MIRROR_MENU_EXPERT)
			rc = mirror_list_run(MIRROR_LIST_EXPERT);
		else if (choice == MIRROR_MENU_PROFILE)
			rc = mirror_profile_run();
	}
	free(intro);
	return rc == -1 ? -1 : 0;
}

/* mirror_run is "Mirror experiences": what it shows depends on the role. */
int
mirror_run(void)
{
	if (mirror_list_may(ACT_MIRROR_MEDIATE))
		return mirror_list_run(MIRROR_LIST_QUEUE);
	if (mirror_list_may(ACT_MIRROR_REQUEST))
		return mirror_list_patient(
		    mirror_list_may(ACT_MIRROR_BE_EXPERT));
	return ui_notice(_("Mirror experiences"), _("Mirror experiences are "
	    "for patients and the professionals who mediate them.")) == -1 ?
	    -1 : 0;
}

/* The experts a request may be proposed to, and the request. */
struct mirror_list_suggest {
	const struct mirror_request	*req;
	struct expert_profile		*experts;
	size_t				 n;
};

/*
 * mirror_list_suggest_row formats one available expert: pseudonym,
 * whether her topics include the request's, and how many experiences she
 * has under way.
 */
static void
mirror_list_suggest_row(void *arg, size_t i, char *buf, size_t len)
{
	struct mirror_list_suggest	*s = arg;
	const struct expert_profile	*e = &s->experts[i];
	const char			*cells[3];
	char				*active;
	bool				 match;

	match = s->req->topic >= 0 && s->req->topic < MIRROR_TOPIC_COUNT &&
	    (e->topics & (1u << s->req->topic)) != 0;
	xasprintf(&active, ngettext("%lld active experience",
	    "%lld active experiences", (unsigned long)e->active),
	    (long long)e->active);
	cells[0] = e->pseudonym != NULL ? e->pseudonym : "";
	cells[1] = match ? _("matches") : "";
	cells[2] = active;
	ui_columns(buf, len, mirror_list_suggest_widths, cells, 3);
	free(active);
}

/*
 * mirror_list_suggest_pick confirms and sends the proposal to expert e;
 * 1 sent, 0 not, -1 when the session is ending.
 */
static int
mirror_list_suggest_pick(const struct mirror_list_suggest *s,
    const struct expert_profile *e)
{
	char	*q, *err = NULL;
	int	 rc, st;

	xasprintf(&q, _("Propose this mirror experience to %s? They will "
	    "read the topic and the patient's words, and accept or "
	    "decline."), e->pseudonym != NULL ? e->pseudonym : "?");
	rc = dialog_confirm(_("Propose an expert"), q);
	free(q);
	if (rc != 1)
		return rc;
	st = mirror_propose(ui->db, &ui->actor, s->req->id, e->account_id,
	    &err);
	if (st != ST_OK) {
		rc = ui_notice_status(st, err);
		free(err);
		return rc == -1 ? -1 : 0;
	}
	xasprintf(&q, _("Proposed to %s. You will see the answer in the "
	    "request queue."), e->pseudonym != NULL ? e->pseudonym : "?");
	rc = ui_notice(_("Propose an expert"), q);
	free(q);
	return rc == -1 ? -1 : 1;
}

/*
 * mirror_list_propose lists the experts request r may be proposed to,
 * those whose topics match first, and proposes to the one chosen; 1
 * proposed, 0 not, -1 when the session is ending.
 */
int
mirror_list_propose(const struct mirror_request *r)
{
	struct mirror_list_suggest	 s;
	struct list			 l;
	const char			*heads[3];
	char				 title[256], header[256];
	size_t				 sel = 0;
	int				 st, rc = 0;

	memset(&s, 0, sizeof s);
	s.req = r;
	if ((st = mirror_suggest(ui->db, &ui->actor, r->id, &s.experts,
	    &s.n)) != ST_OK)
		return ui_notice_status(st, NULL) == -1 ? -1 : 0;
	snprintf(title, sizeof title, _("Propose an expert: %s"),
	    _(mirror_topic_label(r->topic)));
	heads[0] = _("Expert");
	heads[1] = _("Topic");
	heads[2] = _("Under way");
	ui_columns(header, sizeof header, mirror_list_suggest_widths, heads,
	    3);
	memset(&l, 0, sizeof l);
	l.title = title;
	l.header = header;
	l.help = _("Enter: propose · Esc back");
	l.n = s.n;
	l.row = mirror_list_suggest_row;
	l.arg = &s;
	l.empty = _("No expert patient is available just now.");
	for (;;) {
		rc = list_run(&l, &sel, NULL);
		if (rc == LIST_QUIT) {
			rc = -1;
			break;
		}
		if (rc == LIST_BACK) {
			rc = 0;
			break;
		}
		if (rc != LIST_SELECT || sel >= s.n)
			continue;
		if ((rc = mirror_list_suggest_pick(&s, &s.experts[sel])) != 0)
			break;
	}
	expert_profiles_free(s.experts, s.n);
	return rc;
}
