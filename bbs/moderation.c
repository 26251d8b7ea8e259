/*
 * moderation.c: members' reports, the moderation queue and what
 * moderators do, following the safety spec: a reported post is hidden
 * from others until a moderator decides; hiding is never deleting; the
 * author is told why (except for spam); every action is audited with the
 * moderator, the object and the reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bbs.h"

/* Report reasons: labels (msgids) and stable names for the audit. */
static const struct {
	const char	*label;
	const char	*name;
} report_reasons[REPORT_COUNT] = {
	[REPORT_PERSONAL] = { N_("It shares personal details"), "personal" },
	[REPORT_UNKIND] = { N_("It is unkind, offensive or discriminating"),
	    "unkind" },
	[REPORT_SPAM] = { N_("It is spam or advertising"), "spam" },
	[REPORT_MISINFO] = { N_("It gives misleading medical information"),
	    "misinformation" },
	[REPORT_RISK] = { N_("I am worried about someone's safety"), "risk" },
	[REPORT_OTHER] = { N_("Something else"), "other" },
};

/* Hide reasons, from the safety spec's list of what is removed. */
static const struct {
	const char	*label;
	const char	*name;
} hide_reasons[HIDE_COUNT] = {
	[HIDE_PERSONAL] = { N_("personal details (phone, address, e-mail, "
	    "full names, record numbers)"), "personal" },
	[HIDE_ABUSE] = { N_("abuse or personal attacks"), "abuse" },
	[HIDE_DISCRIMINATION] = { N_("discrimination"), "discrimination" },
	[HIDE_SPAM] = { N_("spam, advertising or fund-raising"), "spam" },
	[HIDE_MISINFO] = { N_("misleading or false medical information"),
	    "misinformation" },
	[HIDE_RECRUITMENT] = { N_("surveys or recruitment not approved by "
	    "the team"), "recruitment" },
	[HIDE_SELF_HARM_DETAIL] = { N_("detailed descriptions of self-harm "
	    "or suicide methods"), "self-harm-detail" },
	[HIDE_COPIED] = { N_("copied material passed off as one's own"),
	    "copied" },
	[HIDE_OTHER] = { N_("another reason, explained in the note"),
	    "other" },
};

/* report_reason_label returns a report reason's msgid. */
const char *
report_reason_label(int r)
{
	if (r < 0 || r >= REPORT_COUNT)
		return N_("unknown");
	return report_reasons[r].label;
}

/* hide_reason_label returns a hide reason's msgid. */
const char *
hide_reason_label(int r)
{
	if (r < 0 || r >= HIDE_COUNT)
		return N_("unknown");
	return hide_reasons[r].label;
}

/*
 * mod_patient names the author for the audit when it is a patient; an
 * anonymised post (a former member's) names nobody.
 */
static const char *
mod_patient(const struct post *p)
{
	if (p->author_name == NULL || *p->author_name == '\0')
		return NULL;
	return p->author_role == ROLE_PATIENT ||
	    p->author_role == ROLE_EXPERT ? p->author_name : NULL;
}

/* mod_note cleans a moderator's or member's note; NULL if too long. */
static char *
mod_note(const char *note)
{
	char	*s;

	s = text_sanitise(note != NULL ? note : "", true);
	if (text_codepoints(s) > MOD_NOTE_MAX) {
		free(s);
		return NULL;
	}
	return s;
}

/*
 * mod_report records a member's report of a post the member can see:
 * the post is hidden from others until a moderator decides, and a report
 * of risk makes it urgent and raises R3 for its author.
 */
int
mod_report(struct db *db, const struct actor *actor, int64_t id, int reason,
    const char *note)
{
	struct post	*p = NULL;
	char		*clean = NULL;
	bool		 risk = reason == REPORT_RISK;
	int		 st, state;

	if (!role_may(actor, ACT_POST_REPORT, NULL))
		return ST_DENIED;
	if (reason < 0 || reason >= REPORT_COUNT ||
	    (clean = mod_note(note)) == NULL)
		return ST_INVALID;
	if ((st = forum_post(db, actor, id, &p)) != ST_OK)
		goto out;
	if (p->author_id == actor->id || p->deleted_at != 0) {
		st = ST_INVALID;
		goto out;
	}
	state = p->state == POST_VISIBLE ? POST_REPORTED : p->state;
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = reports_create(db, id, actor->id, reason, clean, NULL)) !=
	    ST_OK ||
	    (st = posts_set_state(db, id, state, p->hold, p->urgent ||
	    risk)) != ST_OK ||
	    (risk && !p->urgent && mod_patient(p) != NULL &&
	    (st = alert_raise(db, actor, "R3", p->author_id, "report", id,
	    "a post reported as risk")) != ST_OK) ||
	    (st = audit_record(db, actor, "post.report", "post", id,
	    mod_patient(p), report_reasons[reason].name, true)) != ST_OK) {
		db_rollback(db);
		goto out;
	}
	st = db_commit(db);
out:
	free(clean);
	post_free(p);
	return st;
}

/* mod_queue returns a page of the moderation queue. */
int
mod_queue(struct db *db, const struct actor *actor, size_t offset,
    size_t limit, struct post ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!forum_may_moderate(actor))
		return ST_DENIED;
	return posts_queue(db, offset, limit, out, n);
}

/* mod_queue_count counts the queue and its urgent part. */
int
mod_queue_count(struct db *db, const struct actor *actor, int64_t *n,
    int64_t *urgent)
{
	*n = *urgent = 0;
	if (!forum_may_moderate(actor))
		return ST_DENIED;
	return posts_queue_count(db, n, urgent);
}

/* mod_reports returns the open reports of a post. */
int
mod_reports(struct db *db, const struct actor *actor, int64_t id,
    struct report ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!forum_may_moderate(actor))
		return ST_DENIED;
	return reports_list(db, id, out, n);
}

/*
 * mod_record writes a moderator's action to the audit trail and to the
 * moderation log the monthly report reads, in the caller's transaction.
 * action is "approve", "hide", ...; the audit names it "moderation.*".
 */
static int
mod_record(struct db *db, const struct actor *actor, const char *action,
    const char *type, int64_t id, const char *patient, const char *detail,
    int reason, int64_t queued_at)
{
	char	name[64];
	int	st;

	snprintf(name, sizeof name, "moderation.%s", action);
	if ((st = audit_record(db, actor, name, type, id, patient, detail,
	    true)) != ST_OK)
		return st;
	return modlog_add(db, action, reason, actor->id, type, id, queued_at);
}

/*
 * mod_decide moves a post to state with a reason and note, resolves its
 * reports, tells its author (kind, unless 0) and audits the action, all
 * in one transaction.
 */
static int
mod_decide(struct db *db, const struct actor *actor, const struct post *p,
    int state, int reason, const char *note, int kind, const char *action,
    const char *detail)
{
	int	st;

	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = posts_set_moderation(db, p->id, state, reason, note,
	    actor->id)) != ST_OK ||
	    (st = reports_resolve(db, p->id, actor->id)) != ST_OK ||
	    (kind != 0 && (st = notifications_add(db, p->author_id, kind,
	    p->id, reason, note, 0)) != ST_OK) ||
	    (st = mod_record(db, actor, action, "post", p->id,
	    mod_patient(p), detail, reason, p->queued_at)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/* mod_get looks a post up for a moderator. */
static int
mod_get(struct db *db, const struct actor *actor, int64_t id,
    struct post **p)
{
	*p = NULL;
	if (!forum_may_moderate(actor))
		return ST_DENIED;
	return posts_get(db, id, p);
}

/*
 * mod_approve publishes a post that waits or was reported; its author is
 * told when the post had been held back from the start.
 */
int
mod_approve(struct db *db, const struct actor *actor, int64_t id)
{
	struct post	*p = NULL;
	int		 st, kind;

	if ((st = mod_get(db, actor, id, &p)) != ST_OK)
		return st;
	if (p->state == POST_VISIBLE || p->state == POST_HIDDEN) {
		post_free(p);
		return ST_INVALID;
	}
	kind = p->state == POST_REPORTED ? 0 : NOTE_POST_APPROVED;
	st = mod_decide(db, actor, p, POST_VISIBLE, -1, NULL, kind,
	    "approve", NULL);
	post_free(p);
	return st;
}

/* mod_hide hides a post with a reason; the author is told privately. */
int
mod_hide(struct db *db, const struct actor *actor, int64_t id, int reason,
    const char *note)
{
	struct post	*p = NULL;
	char		*clean = NULL;
	int		 st;

	if (reason < 0 || reason >= HIDE_COUNT)
		return ST_INVALID;
	if ((st = mod_get(db, actor, id, &p)) != ST_OK)
		return st;
	if (p->state == POST_HIDDEN)
		st = ST_INVALID;
	else if ((clean = mod_note(note)) == NULL)
		st = ST_INVALID;
	else
		st = mod_decide(db, actor, p, POST_HIDDEN, reason, clean,
		    reason == HIDE_SPAM ? 0 : NOTE_POST_HIDDEN,
		    "hide", hide_reasons[reason].name);
	free(clean);
	post_free(p);
	return st;
}

/* mod_restore makes a hidden post visible again. */
int
mod_restore(struct db *db, const struct actor *actor, int64_t id)
{
	struct post	*p = NULL;
	int		 st;

	if ((st = mod_get(db, actor, id, &p)) != ST_OK)
		return st;
	if (p->state != POST_HIDDEN)
		st = ST_INVALID;
	else
		st = mod_decide(db, actor, p, POST_VISIBLE, -1, NULL,
		    NOTE_POST_RESTORED, "restore", NULL);
	post_free(p);
	return st;
}

/* mod_thread_change applies one change to a thread and audits it. */
static int
mod_thread_change(struct db *db, const struct actor *actor, int64_t id,
    int (*set)(struct db *, int64_t, bool), bool on, const char *action)
{
	struct thread	*t = NULL;
	int		 st;

	if (!forum_may_moderate(actor))
		return ST_DENIED;
	if ((st = threads_get(db, id, 0, &t)) != ST_OK)
		return st;
	thread_free(t);
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = set(db, id, on)) != ST_OK ||
	    (st = mod_record(db, actor, action, "thread", id, NULL, NULL, -1,
	    0)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/* mod_lock locks a thread against replies, or unlocks it. */
int
mod_lock(struct db *db, const struct actor *actor, int64_t id, bool on)
{
	return mod_thread_change(db, actor, id, threads_set_locked, on,
	    on ? "lock" : "unlock");
}

/* mod_pin pins a thread to the top of its board, or unpins it. */
int
mod_pin(struct db *db, const struct actor *actor, int64_t id, bool on)
{
	return mod_thread_change(db, actor, id, threads_set_pinned, on,
	    on ? "pin" : "unpin");
}

/* mod_move moves a thread to another open board. */
int
mod_move(struct db *db, const struct actor *actor, int64_t id, int64_t board)
{
	struct thread	*t = NULL;
	struct board	*b = NULL;
	int		 st;

	if (!forum_may_moderate(actor))
		return ST_DENIED;
	if ((st = threads_get(db, id, 0, &t)) != ST_OK ||
	    (st = boards_get(db, board, &b)) != ST_OK)
		goto out;
	if (b->archived || t->board_id == board) {
		st = ST_INVALID;
		goto out;
	}
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = threads_move(db, id, board)) != ST_OK ||
	    (st = mod_record(db, actor, "move", "thread", id, NULL, b->name,
	    -1, 0)) != ST_OK) {
		db_rollback(db);
		goto out;
	}
	st = db_commit(db);
out:
	thread_free(t);
	board_free(b);
	return st;
}

/*
 * mod_suspend suspends a patient's or expert patient's posting for a
 * number of days (1 to 365), with a reason the member is shown.
 */
int
mod_suspend(struct db *db, const struct actor *actor, int64_t account,
    int days, const char *reason)
{
	struct account	*a = NULL;
	char		*clean = NULL, detail[64];
	int64_t		 until;
	int		 st;

	if (!role_may(actor, ACT_SUSPEND_POSTING, NULL))
		return ST_DENIED;
	if (days < 1 || days > 365 || (clean = mod_note(reason)) == NULL ||
	    *clean == '\0') {
		free(clean);
		return ST_INVALID;
	}
	if ((st = accounts_get(db, account, &a)) != ST_OK)
		goto out;
	if (a->role != ROLE_PATIENT && a->role != ROLE_EXPERT) {
		st = ST_DENIED;
		goto out;
	}
	until = db_now() + (int64_t)days * 86400;
	snprintf(detail, sizeof detail, "%d days", days);
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = suspensions_add(db, account, until, clean, actor->id)) !=
	    ST_OK ||
	    (st = notifications_add(db, account, NOTE_SUSPENDED, 0, -1, clean,
	    until)) != ST_OK ||
	    (st = mod_record(db, actor, "suspend", "account", account,
	    a->pseudonym, detail, -1, 0)) != ST_OK) {
		db_rollback(db);
		goto out;
	}
	st = db_commit(db);
out:
	free(clean);
	account_free(a);
	return st;
}

/* The actions the report counts: labels (msgids) and logged names. */
static const struct {
	const char	*label;
	const char	*name;
} mod_actions[MODACT_COUNT] = {
	[MODACT_APPROVE] = { N_("approved"), "approve" },
	[MODACT_HIDE] = { N_("hidden"), "hide" },
	[MODACT_RESTORE] = { N_("restored"), "restore" },
	[MODACT_LOCK] = { N_("threads locked"), "lock" },
	[MODACT_UNLOCK] = { N_("threads unlocked"), "unlock" },
	[MODACT_PIN] = { N_("threads pinned"), "pin" },
	[MODACT_UNPIN] = { N_("threads unpinned"), "unpin" },
	[MODACT_MOVE] = { N_("threads moved"), "move" },
	[MODACT_SUSPEND] = { N_("posting suspended"), "suspend" },
};

/* mod_action_label returns an action's msgid for the report. */
const char *
mod_action_label(int a)
{
	if (a < 0 || a >= MODACT_COUNT)
		return N_("unknown");
	return mod_actions[a].label;
}

/* mod_wait_cmp orders waiting times for the median. */
static int
mod_wait_cmp(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* mod_month_count adds the logged decisions to the report. */
static void
mod_month_count(struct mod_month *m, const struct modlog_row *rows, size_t n)
{
	int64_t	*waits;
	size_t	 i, nw = 0;
	int	 a;

	waits = xcalloc(n + 1, sizeof *waits);
	for (i = 0; i < n; i++) {
		for (a = 0; a < MODACT_COUNT; a++) {
			if (strcmp(rows[i].action, mod_actions[a].name) == 0)
				break;
		}
		if (a == MODACT_COUNT)
			continue;
		m->actions[a]++;
		if (a == MODACT_HIDE && rows[i].reason >= 0 &&
		    rows[i].reason < HIDE_COUNT)
			m->hidden[rows[i].reason]++;
		if (rows[i].queued_at > 0 && rows[i].at >= rows[i].queued_at)
			waits[nw++] = rows[i].at - rows[i].queued_at;
	}
	m->decided = (int64_t)nw;
	m->median_wait = -1;
	if (nw > 0) {
		qsort(waits, nw, sizeof *waits, mod_wait_cmp);
		m->median_wait = nw % 2 ? waits[nw / 2] :
		    (waits[nw / 2 - 1] + waits[nw / 2]) / 2;
	}
	free(waits);
}

/*
 * mod_month reports on one calendar month (UTC; month 1 to 12): what
 * moderators did, hides by reason, reports received by reason, how long
 * waiting posts waited for a decision (median), and what waits now.
 */
int
mod_month(struct db *db, const struct actor *actor, int year, int month,
    struct mod_month *m)
{
	struct modlog_row	*rows = NULL;
	struct tm		 tm;
	size_t			 n = 0;
	int64_t			 urgent;
	int			 st;

	memset(m, 0, sizeof *m);
	if (!forum_may_moderate(actor))
		return ST_DENIED;
	if (year < 2000 || year > 9999 || month < 1 || month > 12)
		return ST_INVALID;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = 1;
	m->from = (int64_t)timegm(&tm);
	tm.tm_mon = month % 12;
	tm.tm_year = year - 1900 + (month == 12);
	m->to = (int64_t)timegm(&tm);
	if ((st = modlog_list(db, m->from, m->to, &rows, &n)) != ST_OK ||
	    (st = reports_count_by_reason(db, m->from, m->to, m->reports,
	    REPORT_COUNT)) != ST_OK ||
	    (st = posts_queue_count(db, &m->waiting, &urgent)) != ST_OK)
		goto out;
	mod_month_count(m, rows, n);
out:
	free(rows);
	return st;
}
