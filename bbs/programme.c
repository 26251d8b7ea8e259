/*
 * programme.c: a patient's programme of self-help modules.
 *
 * A professional assigns a module (module_def.c) to a patient in her care,
 * once, optionally unlocking one session every N days.  The patient works
 * through it at her own pace: the first session is open at once; with
 * "@unlock all" every session is, otherwise each opens when she has
 * finished the one before and, with a schedule, not before its day (the
 * assignment's day plus N days per session, from local midnight).  With
 * a schedule a session's exercises are due on the day the next session
 * opens.  Exercises are saved as typed (drafts, partial answers kept) and
 * submitted; a session is finished when its required exercises are
 * submitted, and the module when every session is.
 *
 * Who may do what comes from the permission table through care_patient:
 * assigning and writing feedback are ACT_ASSIGN_WORK (a professional, for
 * patients in her care); working on a module is ACT_SELFHELP_DO (her
 * own); reading answers and progress is ACT_RESULTS_SEE (her own, or a
 * professional caring for her, whose reads are audited naming the
 * patient, never a text).  Assignments and answers are looked up by id
 * and owner: anyone else's is "not found".
 *
 * An answer is kept as one text ("key<TAB>value" lines, escaped; see
 * programme_encode), sealed (seal.c) bound to its row and assignment;
 * feedback is sealed bound to its row and answer.  Every step is a
 * module_events row written in the same transaction as the change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bbs.h"

#define PROGRAMME_MAX_EVERY	60	/* days between sessions */
#define PROGRAMME_DUE_AHEAD	(7 * 86400)	/* homework shown as due */
#define PROGRAMME_FORMAT	1	/* of the answer's text */

/* The keys of a thought record's texts in an answer (enum thought_field). */
static const char *programme_thought_keys[THOUGHT_TEXTS] = {
	[THOUGHT_SITUATION] = "situation",
	[THOUGHT_AUTOMATIC] = "automatic",
	[THOUGHT_EMOTION] = "emotion",
	[THOUGHT_FOR] = "for",
	[THOUGHT_AGAINST] = "against",
	[THOUGHT_BALANCED] = "balanced",
};

/* A thought record's fields, named for the person filling it in. */
static const char *programme_thought_labels[THOUGHT_TEXTS] = {
	[THOUGHT_SITUATION] = N_("the situation"),
	[THOUGHT_AUTOMATIC] = N_("the automatic thought"),
	[THOUGHT_EMOTION] = N_("the emotion"),
	[THOUGHT_FOR] = N_("the evidence for"),
	[THOUGHT_AGAINST] = N_("the evidence against"),
	[THOUGHT_BALANCED] = N_("the balanced thought"),
};

/* One assignment with its module and the state of each session. */
struct programme_ctx {
	struct module_assignment	*a;
	const struct module		*def;
	bool				 fallback;
	struct session_state		*states;	/* def->nsessions */
};

/* programme_is_patient tells whether actor works on her own modules. */
static bool
programme_is_patient(const struct actor *actor)
{
	struct target	t = TARGET_NONE;

	t.owner_id = actor->id;
	return !actor->operator && actor->id > 0 &&
	    role_may(actor, ACT_SELFHELP_DO, &t);
}

/*
 * programme_def finds a module in lang (NULL: the default language, when
 * only its structure matters, the same in every language); a language it
 * lacks falls back to the default one, with *fallback set.
 */
static const struct module *
programme_def(const char *module, const char *lang, bool *fallback)
{
	return modules_get(module, lang, fallback);
}

/*
 * programme_day is local midnight of from's day plus days days: when a
 * scheduled session opens.
 */
static int64_t
programme_day(int64_t from, int days)
{
	struct tm	tm;
	time_t		t = (time_t)from;

	if (localtime_r(&t, &tm) == NULL)
		return from + (int64_t)days * 86400;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* programme_date formats a time as YYYY-MM-DD, local. */
static void
programme_date(int64_t at, char *buf, size_t len)
{
	struct tm	tm;
	time_t		t = (time_t)at;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d", &tm) == 0)
		snprintf(buf, len, "?");
}

/*
 * programme_submitted_ex tells whether the answers of an assignment hold
 * a submitted answer to exercise id.
 */
static bool
programme_submitted_ex(struct exercise_row **ex, size_t n, const char *id)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(ex[i]->exercise, id) == 0)
			return ex[i]->submitted_at > 0;
	}
	return false;
}

/*
 * programme_unlock decides whether session s is open now (the states
 * before it are filled in): the first, every one with "@unlock all", one
 * already started, else when the one before is finished and its day (with
 * a schedule) has come.  unlocks_at is that day while it is ahead and
 * the day is all she waits for: while the session before is unfinished,
 * that is what she waits for, and unlocks_at stays 0.
 */
static void
programme_unlock(const struct module_assignment *a, const struct module *def,
    struct session_state *st, size_t s, int64_t now)
{
	int64_t	day = 0;

	st[s].unlocks_at = 0;
	if (def->all_at_once || s == 0 || st[s].started_at > 0) {
		st[s].unlocked = true;
		return;
	}
	if (st[s - 1].completed_at == 0) {
		st[s].unlocked = false;
		return;
	}
	if (a->every_days > 0)
		day = programme_day(a->assigned_at, (int)s * a->every_days);
	if (day > now)
		st[s].unlocks_at = day;
	st[s].unlocked = st[s].unlocks_at == 0;
}

/*
 * programme_states works out the state of every session of assignment a
 * of module def now: what she did (opened, finished, the page she was
 * on, the required exercises submitted) and what is open or due.
 */
static int
programme_states(struct db *db, const struct module_assignment *a,
    const struct module *def, int64_t now, struct session_state **out)
{
	struct module_session_row	*rows = NULL;
	struct exercise_row		**ex = NULL;
	struct session_state		*st;
	const struct module_exercise	*e;
	size_t				 nrows = 0, nex = 0, i, s;
	int				 rc;

	*out = NULL;
	if ((rc = assignments_sessions(db, a->id, &rows, &nrows)) != ST_OK)
		return rc;
	if ((rc = exercises_of(db, a->id, &ex, &nex)) != ST_OK) {
		free(rows);
		return rc;
	}
	st = xcalloc(def->nsessions > 0 ? def->nsessions : 1, sizeof *st);
	for (i = 0; i < nrows; i++) {
		if (rows[i].session < 0 ||
		    (size_t)rows[i].session >= def->nsessions)
			continue;
		s = (size_t)rows[i].session;
		st[s].started_at = rows[i].started_at;
		st[s].completed_at = rows[i].completed_at;
		st[s].last_page = rows[i].last_page;
	}
	for (i = 0; i < def->nexercises; i++) {
		e = &def->exercises[i];
		if (e->session >= def->nsessions)
			continue;
		/* With a schedule, homework is due when the next opens. */
		if (a->every_days > 0)
			st[e->session].due_at = programme_day(a->assigned_at,
			    (int)(e->session + 1) * a->every_days);
		if (e->optional)
			continue;
		st[e->session].required++;
		if (programme_submitted_ex(ex, nex, e->id))
			st[e->session].submitted++;
	}
	for (s = 0; s < def->nsessions; s++)
		programme_unlock(a, def, st, s, now);
	free(rows);
	exercise_rows_free_list(ex, nex);
	*out = st;
	return ST_OK;
}

/* programme_ctx_clear frees what programme_ctx_load read. */
static void
programme_ctx_clear(struct programme_ctx *c)
{
	module_assignment_free(c->a);
	free(c->states);
	memset(c, 0, sizeof *c);
}

/*
 * programme_ctx_load reads assignment a's module (in lang) and session
 * states into c, taking a: "not found" when its module is gone.
 */
static int
programme_ctx_load(struct db *db, struct module_assignment *a,
    const char *lang, struct programme_ctx *c)
{
	int	st;

	memset(c, 0, sizeof *c);
	c->a = a;
	if ((c->def = programme_def(a->module, lang, &c->fallback)) == NULL) {
		programme_ctx_clear(c);
		return ST_NOTFOUND;
	}
	if ((st = programme_states(db, a, c->def, db_now(), &c->states)) !=
	    ST_OK)
		programme_ctx_clear(c);
	return st;
}

/*
 * programme_own reads assignment id for its patient working on it:
 * anyone else's, or anyone who does not do self-help, gets "not found".
 */
static int
programme_own(struct db *db, const struct actor *actor, int64_t id,
    struct programme_ctx *c)
{
	struct module_assignment	*a = NULL;
	int				 st;

	memset(c, 0, sizeof *c);
	if (!programme_is_patient(actor))
		return ST_NOTFOUND;
	if ((st = assignments_get(db, id, &a)) != ST_OK)
		return st;
	if (a->patient_id != actor->id) {
		module_assignment_free(a);
		return ST_NOTFOUND;
	}
	return programme_ctx_load(db, a, NULL, c);
}

/* programme_locked says why session s of c is not open yet. */
static int
programme_locked(const struct programme_ctx *c, size_t s, char **err)
{
	char	date[32];

	if (s > 0 && c->states[s - 1].completed_at == 0 &&
	    !c->def->all_at_once)
		return text_say(err, ST_INVALID, _("This session opens "
		    "when you finish session %zu."), s);
	programme_date(c->states[s].unlocks_at, date, sizeof date);
	return text_say(err, ST_INVALID, _("This session opens on %s."),
	    date);
}

/* programme_event records a step of c's assignment now. */
static int
programme_event(struct db *db, const struct module_assignment *a,
    const char *kind, int session, const char *exercise)
{
	return module_events_add(db, a->patient_id, a->id, kind, session,
	    exercise, db_now());
}

/* programme_end commits the transaction when st is ST_OK, else rolls back. */
static int
programme_end(struct db *db, int st)
{
	if (st == ST_OK)
		return db_commit(db);
	db_rollback(db);
	return st;
}

/*
 * programme_assign gives patient (in actor's care) module module_id,
 * opening one session every every_days days (0: no schedule, else 1 to
 * 60).  ST_NOTFOUND for a patient actor may not assign to or a module
 * that does not exist, ST_EXISTS when she has it already, ST_INVALID for
 * a schedule out of range; *err says why.
 */
int
programme_assign(struct db *db, const struct conf *conf,
    const struct actor *actor, int64_t patient, const char *module_id,
    int every_days, char **err)
{
	const struct module	*def;
	struct account		*p = NULL;
	int64_t			 id = 0;
	bool			 fb;
	int			 st;

	*err = NULL;
	if ((st = care_patient(db, actor, ACT_ASSIGN_WORK, patient, &p,
	    NULL)) == ST_NOTFOUND)
		return text_say(err, st, "%s", _("You can assign modules "
		    "only to patients in your care."));
	if (st != ST_OK)
		return st;
	if (every_days < 0 || every_days > PROGRAMME_MAX_EVERY) {
		st = text_say(err, ST_INVALID, _("Sessions can open every "
		    "1 to %d days, or with no schedule."), PROGRAMME_MAX_EVERY);
		goto out;
	}
	if (module_id == NULL || (def = modules_get(module_id,
	    p->language[0] != '\0' ? p->language : conf->default_language,
	    &fb)) == NULL) {
		st = text_say(err, ST_NOTFOUND, "%s", _("There is no such "
		    "module."));
		goto out;
	}
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	st = assignments_create(db, patient, def->id, def->version,
	    (int)def->nsessions, every_days, actor->id, db_now(), &id);
	if (st == ST_OK)
		st = module_events_add(db, patient, id, "assigned", -1, NULL,
		    db_now());
	if (st == ST_OK)
		st = notifications_add(db, patient, NOTE_MODULE_ASSIGNED, id,
		    -1, NULL, 0);
	if (st == ST_OK)
		st = audit_record(db, actor, "module.assign",
		    "module_assignment", id, p->pseudonym, def->id, true);
	if ((st = programme_end(db, st)) == ST_EXISTS)
		text_say(err, st, _("%s already has this module."),
		    p->pseudonym);
out:
	account_free(p);
	return st;
}

/*
 * programme_session_ok checks session s of c for working on it: it
 * exists and is open (else *err says when it opens).
 */
static int
programme_session_ok(const struct programme_ctx *c, size_t s, char **err)
{
	if (s >= c->def->nsessions)
		return ST_NOTFOUND;
	if (!c->states[s].unlocked)
		return programme_locked(c, s, err);
	return ST_OK;
}

/*
 * programme_open_session opens session (0-based) of assignment for its
 * patient: a locked one is ST_INVALID with *err saying when it opens.
 * The first opening is kept as its start; every opening is an event.
 */
int
programme_open_session(struct db *db, const struct actor *actor,
    int64_t assignment, size_t session, char **err)
{
	struct programme_ctx	c;
	bool			first;
	int			st;

	*err = NULL;
	if ((st = programme_own(db, actor, assignment, &c)) != ST_OK)
		return st;
	if ((st = programme_session_ok(&c, session, err)) != ST_OK)
		goto out;
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	st = assignments_session_start(db, c.a->id, (int)session, db_now(),
	    &first);
	if (st == ST_OK)
		st = programme_event(db, c.a, "session.open", (int)session,
		    NULL);
	st = programme_end(db, st);
out:
	programme_ctx_clear(&c);
	return st;
}

/*
 * programme_position keeps the page (0-based) she is on in an open
 * session, so she resumes there.
 */
int
programme_position(struct db *db, const struct actor *actor,
    int64_t assignment, size_t session, int page)
{
	struct programme_ctx	c;
	bool			first;
	int			st;

	if ((st = programme_own(db, actor, assignment, &c)) != ST_OK)
		return st;
	if ((st = programme_session_ok(&c, session, NULL)) != ST_OK)
		goto out;
	if (page < 0 || (size_t)page >= c.def->sessions[session].npages) {
		st = ST_INVALID;
		goto out;
	}
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = assignments_session_start(db, c.a->id, (int)session,
	    db_now(), &first)) == ST_OK)
		st = assignments_session_page(db, c.a->id, (int)session, page);
	st = programme_end(db, st);
out:
	programme_ctx_clear(&c);
	return st;
}

/* programme_all_done tells whether every session of c is finished. */
static bool
programme_all_done(const struct programme_ctx *c)
{
	size_t	s;

	for (s = 0; s < c->def->nsessions; s++) {
		if (c->states[s].completed_at == 0)
			return false;
	}
	return true;
}

/*
 * programme_complete records in the caller's transaction that session s
 * of c is finished (once), and the module when it was the last one.
 */
static int
programme_complete(struct db *db, struct programme_ctx *c, size_t s)
{
	int64_t	now = db_now();
	bool	first;
	int	st;

	if (c->states[s].completed_at > 0)
		return ST_OK;
	if ((st = assignments_session_start(db, c->a->id, (int)s, now,
	    &first)) != ST_OK ||
	    (st = assignments_session_complete(db, c->a->id, (int)s, now)) !=
	    ST_OK ||
	    (st = programme_event(db, c->a, "session.complete", (int)s,
	    NULL)) != ST_OK)
		return st;
	c->states[s].completed_at = now;
	if (c->a->completed_at > 0 || !programme_all_done(c))
		return ST_OK;
	if ((st = assignments_complete(db, c->a->id, now)) != ST_OK)
		return st;
	return programme_event(db, c->a, "module.complete", -1, NULL);
}

/*
 * programme_finish_session finishes an open session: ST_INVALID, with
 * *err saying how many, while required exercises are not submitted.
 * Finishing the last session finishes the module.
 */
int
programme_finish_session(struct db *db, const struct actor *actor,
    int64_t assignment, size_t session, char **err)
{
	struct programme_ctx	c;
	size_t			missing;
	int			st;

	*err = NULL;
	if ((st = programme_own(db, actor, assignment, &c)) != ST_OK)
		return st;
	if ((st = programme_session_ok(&c, session, err)) != ST_OK)
		goto out;
	missing = c.states[session].required - c.states[session].submitted;
	if (missing > 0) {
		st = text_say(err, ST_INVALID, ngettext("%zu exercise "
		    "of this session still needs to be submitted.", "%zu "
		    "exercises of this session still need to be submitted.",
		    missing),
		    missing);
		goto out;
	}
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	st = programme_end(db, programme_complete(db, &c, session));
out:
	programme_ctx_clear(&c);
	return st;
}

/* exercise_answer_init empties an answer of kind: nothing given yet. */
static void
exercise_answer_init(struct exercise_answer *a, enum exercise_kind kind)
{
	size_t	i;

	memset(a, 0, sizeof *a);
	a->kind = kind;
	a->rating = -1;
	a->intensity = -1;
	a->new_intensity = -1;
	for (i = 0; i < ACTIVITY_ROWS_MAX; i++) {
		a->rows[i].done = -1;
		a->rows[i].before = -1;
		a->rows[i].after = -1;
	}
}

/* exercise_answer_clear frees what an answer holds, not the answer. */
static void
exercise_answer_clear(struct exercise_answer *a)
{
	size_t	i;

	text_wipe(a->text);
	for (i = 0; i < THOUGHT_TEXTS; i++)
		text_wipe(a->thought[i]);
	for (i = 0; i < ACTIVITY_ROWS_MAX; i++) {
		text_wipe(a->rows[i].what);
		text_wipe(a->rows[i].when);
	}
	for (i = 0; i < a->nfeedback; i++) {
		free(a->feedback[i].author);
		text_wipe(a->feedback[i].text);
	}
	free(a->feedback);
	memset(a, 0, sizeof *a);
}

/* exercise_answer_free frees an answer; NULL is accepted. */
void
exercise_answer_free(struct exercise_answer *a)
{
	if (a == NULL)
		return;
	exercise_answer_clear(a);
	free(a);
}

/* exercise_answers_free_list frees a list from programme_submitted. */
void
exercise_answers_free_list(struct exercise_answer **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		exercise_answer_free(list[i]);
	free(list);
}

/*
 * programme_text_ok checks that one text is at most EXERCISE_TEXT_MAX
 * code points.
 */
static int
programme_text_ok(const char *s, char **err)
{
	size_t	n;

	if (s != NULL && (n = text_codepoints(s)) > EXERCISE_TEXT_MAX)
		return text_say(err, ST_INVALID, _("An answer can be at "
		    "most %d characters; this one has %zu."),
		    EXERCISE_TEXT_MAX, n);
	return ST_OK;
}

/* programme_blank tells whether a text is missing or only blanks. */
static bool
programme_blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\n")] == '\0';
}

/* exercise_check_thought checks a thought record (see exercise_check). */
static int
exercise_check_thought(const struct exercise_answer *a, bool submit,
    char **err)
{
	char	*missing = NULL, *t;
	size_t	 i;
	int	 st;

	for (i = 0; i < THOUGHT_TEXTS; i++) {
		if ((st = programme_text_ok(a->thought[i], err)) != ST_OK)
			return st;
	}
	if (a->intensity < -1 || a->intensity > 100)
		return text_say(err, ST_INVALID, "%s", _("Intensity is a "
		    "number from 0 to 100."));
	if (a->new_intensity < -1 || a->new_intensity > 100)
		return text_say(err, ST_INVALID, "%s", _("New intensity "
		    "is a number from 0 to 100."));
	if (submit && a->intensity == -1)
		return text_say(err, ST_INVALID, "%s", _("Please say how "
		    "strong the emotion was, from 0 to 100."));
	if (submit && a->new_intensity == -1)
		return text_say(err, ST_INVALID, "%s", _("Please say how "
		    "strong the emotion is now, from 0 to 100."));
	if (!submit)
		return ST_OK;
	for (i = 0; i < THOUGHT_TEXTS; i++) {
		if (i == THOUGHT_FOR || i == THOUGHT_AGAINST ||
		    !programme_blank(a->thought[i]))
			continue;
		if (missing == NULL)
			missing = xstrdup(_(programme_thought_labels[i]));
		else {
			xasprintf(&t, "%s, %s", missing,
			    _(programme_thought_labels[i]));
			free(missing);
			missing = t;
		}
	}
	if (missing == NULL)
		return ST_OK;
	st = text_say(err, ST_INVALID, _("Before submitting, please "
	    "fill in: %s."), missing);
	free(missing);
	return st;
}

/* exercise_check_plan checks an activity plan (see exercise_check). */
static int
exercise_check_plan(const struct exercise_answer *a, bool submit, char **err)
{
	const struct activity_row	*r;
	bool				 any = false;
	size_t				 i;
	int				 st;

	if (a->nrows > ACTIVITY_ROWS_MAX)
		return text_say(err, ST_INVALID, _("A plan can have at "
		    "most %d activities."), ACTIVITY_ROWS_MAX);
	for (i = 0; i < a->nrows; i++) {
		r = &a->rows[i];
		if ((st = programme_text_ok(r->what, err)) != ST_OK ||
		    (st = programme_text_ok(r->when, err)) != ST_OK)
			return st;
		if (r->done < -1 || r->done > 1)
			return text_say(err, ST_INVALID, "%s", _("Please "
			    "say yes or no for whether you did it."));
		if (r->before < -1 || r->before > 10 || r->after < -1 ||
		    r->after > 10)
			return text_say(err, ST_INVALID, "%s", _("Mood "
			    "goes from 0 to 10."));
		if (!programme_blank(r->what))
			any = true;
	}
	if (submit && !any)
		return text_say(err, ST_INVALID, "%s", _("Please plan at "
		    "least one activity before submitting."));
	return ST_OK;
}

/*
 * exercise_check validates answer a to exercise ex: texts of at most
 * EXERCISE_TEXT_MAX code points, a rating of 0 to 10, ticks of listed
 * items only, a thought record's intensities of 0 to 100, an activity
 * plan's rows and moods in range.  A draft may leave anything out (-1,
 * NULL); submit also asks for what the exercise needs.  On ST_INVALID
 * *err (when err is not NULL) says what to change.
 */
int
exercise_check(const struct module_exercise *ex,
    const struct exercise_answer *a, bool submit, char **err)
{
	uint32_t	mask;

	if (ex == NULL || a == NULL)
		return ST_INVALID;
	switch (ex->kind) {
	case EX_TEXT:
		if (programme_text_ok(a->text, err) != ST_OK)
			return ST_INVALID;
		if (submit && programme_blank(a->text))
			return text_say(err, ST_INVALID, "%s",
			    _("Please write your answer before submitting it."));
		return ST_OK;
	case EX_RATING:
		if (a->rating < (submit ? 0 : -1) || a->rating > 10)
			return text_say(err, ST_INVALID, "%s",
			    _("Please choose a number from 0 to 10."));
		return ST_OK;
	case EX_CHECKLIST:
		mask = ex->nitems >= 32 ? UINT32_MAX :
		    (UINT32_C(1) << ex->nitems) - 1;
		if ((a->checks & ~mask) != 0)
			return text_say(err, ST_INVALID, "%s",
			    _("Please tick only the options listed."));
		return ST_OK;
	case EX_THOUGHT_RECORD:
		return exercise_check_thought(a, submit, err);
	case EX_ACTIVITY_PLAN:
		return exercise_check_plan(a, submit, err);
	default:
		return ST_INVALID;
	}
}

/* programme_clean_text sanitises one text: NULL when blank. */
static char *
programme_clean_text(const char *in, bool multiline)
{
	char	*s;

	if (in == NULL)
		return NULL;
	s = text_sanitise(in, multiline);
	if (programme_blank(s)) {
		text_wipe(s);
		return NULL;
	}
	return s;
}

/*
 * programme_clean copies into out what in holds for exercise ex's kind,
 * its texts sanitised (the other kinds' fields are left out).
 */
static void
programme_clean(const struct module_exercise *ex,
    const struct exercise_answer *in, struct exercise_answer *out)
{
	size_t	i;

	exercise_answer_init(out, ex->kind);
	switch (ex->kind) {
	case EX_TEXT:
		out->text = programme_clean_text(in->text, true);
		break;
	case EX_RATING:
		out->rating = in->rating;
		break;
	case EX_CHECKLIST:
		out->checks = in->checks;
		break;
	case EX_THOUGHT_RECORD:
		for (i = 0; i < THOUGHT_TEXTS; i++)
			out->thought[i] = programme_clean_text(in->thought[i],
			    true);
		out->intensity = in->intensity;
		out->new_intensity = in->new_intensity;
		break;
	case EX_ACTIVITY_PLAN:
		/* More rows than fit is refused by exercise_check. */
		out->nrows = in->nrows;
		for (i = 0; i < in->nrows && i < ACTIVITY_ROWS_MAX; i++) {
			out->rows[i].what = programme_clean_text(
			    in->rows[i].what, false);
			out->rows[i].when = programme_clean_text(
			    in->rows[i].when, false);
			out->rows[i].done = in->rows[i].done;
			out->rows[i].before = in->rows[i].before;
			out->rows[i].after = in->rows[i].after;
		}
		break;
	default:
		break;
	}
}

/* programme_put writes s escaped: backslash, tab and newline. */
static void
programme_put(FILE *fp, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		default:
			fputc(*s, fp);
			break;
		}
	}
}

/* programme_field writes a "key<TAB>value" line for a text given. */
static void
programme_field(FILE *fp, const char *key, const char *value)
{
	if (value == NULL)
		return;
	fprintf(fp, "%s\t", key);
	programme_put(fp, value);
	fputc('\n', fp);
}

/*
 * programme_encode turns an answer of kind into the text that is sealed:
 * "v<TAB>1", then one line per field given, "key<TAB>value", values
 * escaped (\\, \t, \n); an activity's row is one line "row", what, when,
 * done, before, after.
 */
static char *
programme_encode(const struct exercise_answer *a, enum exercise_kind kind)
{
	const struct activity_row	*r;
	FILE				*fp;
	char				*buf = NULL;
	size_t				 len = 0, i;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		fatalx("open_memstream failed");
	fprintf(fp, "v\t%d\n", PROGRAMME_FORMAT);
	switch (kind) {
	case EX_TEXT:
		programme_field(fp, "text", a->text);
		break;
	case EX_RATING:
		fprintf(fp, "rating\t%d\n", a->rating);
		break;
	case EX_CHECKLIST:
		fprintf(fp, "checks\t%lu\n", (unsigned long)a->checks);
		break;
	case EX_THOUGHT_RECORD:
		for (i = 0; i < THOUGHT_TEXTS; i++)
			programme_field(fp, programme_thought_keys[i],
			    a->thought[i]);
		fprintf(fp, "intensity\t%d\nnew_intensity\t%d\n",
		    a->intensity, a->new_intensity);
		break;
	case EX_ACTIVITY_PLAN:
		for (i = 0; i < a->nrows && i < ACTIVITY_ROWS_MAX; i++) {
			r = &a->rows[i];
			fputs("row\t", fp);
			programme_put(fp, r->what);
			fputc('\t', fp);
			programme_put(fp, r->when);
			fprintf(fp, "\t%d\t%d\t%d\n", r->done, r->before,
			    r->after);
		}
		break;
	default:
		break;
	}
	if (fclose(fp) != 0 || buf == NULL)
		fatalx("open_memstream failed");
	return buf;
}

/* programme_unescape undoes programme_put in place. */
static void
programme_unescape(char *s)
{
	char	*w = s;

	for (; *s != '\0'; s++) {
		if (*s != '\\' || s[1] == '\0') {
			*w++ = *s;
			continue;
		}
		s++;
		*w++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
	}
	*w = '\0';
}

/* programme_int reads a number from lo to hi; anything else is -1. */
static int
programme_int(const char *s, int lo, int hi)
{
	char	*end;
	long	 v;

	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	return (int)v;
}

/*
 * programme_split cuts line at tabs into at most max unescaped fields;
 * returns how many.
 */
static size_t
programme_split(char *line, char **f, size_t max)
{
	size_t	n = 0, i;
	char	*tab;

	while (n < max) {
		f[n++] = line;
		if ((tab = strchr(line, '\t')) == NULL)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	for (i = 0; i < n; i++)
		programme_unescape(f[i]);
	return n;
}

/* programme_decode_row adds an activity row from its fields. */
static void
programme_decode_row(struct exercise_answer *a, char **f, size_t n)
{
	struct activity_row	*r;

	if (n != 6 || a->nrows >= ACTIVITY_ROWS_MAX)
		return;
	r = &a->rows[a->nrows++];
	r->what = *f[1] != '\0' ? xstrdup(f[1]) : NULL;
	r->when = *f[2] != '\0' ? xstrdup(f[2]) : NULL;
	r->done = programme_int(f[3], -1, 1);
	r->before = programme_int(f[4], -1, 10);
	r->after = programme_int(f[5], -1, 10);
}

/* programme_decode_line reads one "key<TAB>value" line into a. */
static void
programme_decode_line(struct exercise_answer *a, char *line)
{
	char	*f[6];
	size_t	 n, i;

	if ((n = programme_split(line, f, 6)) < 2)
		return;
	if (strcmp(f[0], "row") == 0) {
		programme_decode_row(a, f, n);
		return;
	}
	if (strcmp(f[0], "text") == 0 && a->text == NULL)
		a->text = xstrdup(f[1]);
	else if (strcmp(f[0], "rating") == 0)
		a->rating = programme_int(f[1], 0, 10);
	else if (strcmp(f[0], "checks") == 0)
		a->checks = (uint32_t)strtoul(f[1], NULL, 10);
	else if (strcmp(f[0], "intensity") == 0)
		a->intensity = programme_int(f[1], 0, 100);
	else if (strcmp(f[0], "new_intensity") == 0)
		a->new_intensity = programme_int(f[1], 0, 100);
	for (i = 0; i < THOUGHT_TEXTS; i++) {
		if (strcmp(f[0], programme_thought_keys[i]) == 0 &&
		    a->thought[i] == NULL)
			a->thought[i] = xstrdup(f[1]);
	}
}

/* programme_decode reads what programme_encode wrote into a (clobbers s). */
static void
programme_decode(char *s, struct exercise_answer *a)
{
	char	*line, *next;

	for (line = s; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		programme_decode_line(a, line);
	}
}

/*
 * programme_seal_answer seals the text of answer row id (of assignment)
 * and stores it, submitted or not.
 */
static int
programme_seal_answer(struct db *db, int64_t id, int64_t assignment,
    const char *text, bool submit)
{
	struct sealed	s;
	int		st;

	if ((st = seal_text(SEAL_MODULES, sealed_table(SEALED_EXERCISE_ANSWER),
	    id, assignment, text, &s)) != ST_OK) {
		log_warn("exercise answer %lld: cannot be sealed: %s",
		    (long long)id, status_str(st));
		return ST_IOERR;
	}
	st = exercises_set_answer(db, id, &s, db_now(), submit);
	sealed_clear(&s);
	return st;
}

/*
 * programme_store writes checked answer a to exercise ex of c's
 * assignment in one transaction: the row (made the first time), its
 * sealed text, the event and, for a submission, the audit row.
 */
static int
programme_store(struct db *db, const struct actor *actor,
    const struct programme_ctx *c, const struct module_exercise *ex,
    int64_t id, const struct exercise_answer *a, bool submit)
{
	char	*text;
	int	 st;

	text = programme_encode(a, ex->kind);
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if (id == 0)
		st = exercises_create(db, c->a->id, ex->id, ex->kind,
		    (int)ex->session, db_now(), &id);
	if (st == ST_OK)
		st = programme_seal_answer(db, id, c->a->id, text, submit);
	if (st == ST_OK)
		st = programme_event(db, c->a, submit ? "exercise.submit" :
		    "exercise.save", (int)ex->session, ex->id);
	if (st == ST_OK && submit)
		st = audit_record(db, actor, "module.submit", "exercise_answer",
		    id, c->a->patient, ex->id, true);
	st = programme_end(db, st);
out:
	text_wipe(text);
	return st;
}

/*
 * programme_answer_save keeps the patient's answer to exercise_id of
 * assignment (in an open session) as typed: a draft keeps whatever she
 * gave so far, submit sends it (and may send it again after a change).
 * Once submitted, an answer stays submitted, so a later save must be
 * complete too.  On ST_INVALID or ST_IOERR *err says why.
 */
int
programme_answer_save(struct db *db, const struct actor *actor,
    int64_t assignment, const char *exercise_id,
    const struct exercise_answer *answer, bool submit, char **err)
{
	struct programme_ctx		 c;
	const struct module_exercise	*ex;
	struct exercise_row		*row = NULL;
	struct exercise_answer		 clean;
	int				 st;

	*err = NULL;
	exercise_answer_init(&clean, EX_TEXT);
	if (answer == NULL || exercise_id == NULL)
		return ST_INVALID;
	if ((st = programme_own(db, actor, assignment, &c)) != ST_OK)
		return st;
	if ((ex = module_exercise(c.def, exercise_id)) == NULL) {
		st = ST_NOTFOUND;
		goto out;
	}
	if ((st = programme_session_ok(&c, ex->session, err)) != ST_OK)
		goto out;
	st = exercises_find(db, c.a->id, ex->id, &row);
	if (st != ST_OK && st != ST_NOTFOUND)
		goto out;
	programme_clean(ex, answer, &clean);
	if ((st = exercise_check(ex, &clean, submit || (row != NULL &&
	    row->submitted_at > 0), err)) != ST_OK)
		goto out;
	st = programme_store(db, actor, &c, ex, row != NULL ? row->id : 0,
	    &clean, submit);
	seal_kept(err, st);
out:
	exercise_answer_clear(&clean);
	exercise_row_free(row);
	programme_ctx_clear(&c);
	return st;
}

/*
 * programme_open_feedback reads and opens the feedback on answer row
 * into a.
 */
static int
programme_open_feedback(struct db *db, const struct exercise_row *row,
    struct exercise_answer *a)
{
	struct feedback_row	*f = NULL;
	size_t			 n = 0, i;
	int			 st;

	if ((st = exercise_feedback_list(db, row->id, &f, &n)) != ST_OK)
		return st;
	a->feedback = n > 0 ? xcalloc(n, sizeof *a->feedback) : NULL;
	a->nfeedback = n;
	for (i = 0; i < n; i++) {
		a->feedback[i].id = f[i].id;
		a->feedback[i].author = xstrdup(f[i].author != NULL ?
		    f[i].author : "");
		a->feedback[i].text = seal_open(SEAL_MODULES,
		    sealed_table(SEALED_FEEDBACK_TEXT), f[i].id, row->id,
		    &f[i].text);
		a->feedback[i].at = f[i].created_at;
		a->feedback[i].seen_at = f[i].seen_at;
	}
	feedback_rows_free(f, n);
	return ST_OK;
}

/*
 * programme_answer_from makes the answer of a stored row (NULL: nothing
 * saved yet) to exercise id of kind in assignment: opened, with its
 * feedback, when open is set.
 */
static int
programme_answer_from(struct db *db, const struct module_assignment *asg,
    const char *id, enum exercise_kind kind, const struct exercise_row *row,
    bool open, struct exercise_answer **out)
{
	struct exercise_answer	*a;
	char			*text;
	int			 st = ST_OK;

	a = xmalloc(sizeof *a);
	exercise_answer_init(a, kind);
	a->assignment_id = asg->id;
	snprintf(a->module, sizeof a->module, "%s", asg->module);
	snprintf(a->exercise, sizeof a->exercise, "%s", id);
	if (row != NULL && open) {
		a->id = row->id;
		a->submitted = row->submitted_at > 0;
		a->updated_at = row->updated_at;
		a->submitted_at = row->submitted_at;
		text = seal_open(SEAL_MODULES,
		    sealed_table(SEALED_EXERCISE_ANSWER), row->id, asg->id,
		    &row->answer);
		if (text == NULL)
			a->unreadable = true;
		else {
			programme_decode(text, a);
			text_wipe(text);
		}
		st = programme_open_feedback(db, row, a);
	}
	if (st != ST_OK) {
		exercise_answer_free(a);
		return st;
	}
	*out = a;
	return ST_OK;
}

/*
 * programme_reader decides whether actor may read the answers of
 * assignment a: its patient, or a professional caring for her (then
 * *staff is set: her reads are audited).  Anyone else: "not found".
 */
static int
programme_reader(struct db *db, const struct actor *actor,
    const struct module_assignment *a, bool *staff)
{
	struct account	*p = NULL;
	int		 st;

	*staff = false;
	if ((st = care_patient(db, actor, ACT_RESULTS_SEE, a->patient_id, &p,
	    NULL)) != ST_OK)
		return st;
	account_free(p);
	*staff = actor->id != a->patient_id;
	return ST_OK;
}

/*
 * programme_answer_get reads the answer to exercise_id of assignment with
 * its feedback, opened: for its patient (drafts too; id 0 when nothing is
 * saved yet) or a professional caring for her (a submitted answer only,
 * the read audited first; id 0 otherwise).
 */
int
programme_answer_get(struct db *db, const struct actor *actor,
    int64_t assignment, const char *exercise_id, struct exercise_answer **out)
{
	struct module_assignment	*a = NULL;
	const struct module		*def;
	const struct module_exercise	*ex;
	struct exercise_row		*row = NULL;
	bool				 staff, show;
	int				 st;

	*out = NULL;
	if (exercise_id == NULL)
		return ST_NOTFOUND;
	if ((st = assignments_get(db, assignment, &a)) != ST_OK)
		return st;
	if ((st = programme_reader(db, actor, a, &staff)) != ST_OK)
		goto out;
	if ((def = programme_def(a->module, NULL, NULL)) == NULL ||
	    (ex = module_exercise(def, exercise_id)) == NULL) {
		st = ST_NOTFOUND;
		goto out;
	}
	st = exercises_find(db, a->id, ex->id, &row);
	if (st != ST_OK && st != ST_NOTFOUND)
		goto out;
	show = row != NULL && (!staff || row->submitted_at > 0);
	if (show && staff && (st = audit_view(db, actor, "module.answer_read",
	    "exercise_answer", row->id, a->patient, ex->id)) != ST_OK)
		goto out;
	st = programme_answer_from(db, a, ex->id, ex->kind, row, show, out);
out:
	exercise_row_free(row);
	module_assignment_free(a);
	return st;
}

/*
 * programme_submitted lists patient's submitted answers, the most
 * recently submitted first, opened with their feedback: for her, or a
 * professional caring for her (audited once for the list).
 */
int
programme_submitted(struct db *db, const struct actor *actor,
    int64_t patient, struct exercise_answer ***out, size_t *n)
{
	struct account		 *p = NULL;
	struct exercise_row	**rows = NULL;
	struct exercise_answer	**list = NULL;
	struct module_assignment  asg;
	size_t			  len = 0, i;
	int			  st;

	*out = NULL;
	*n = 0;
	if ((st = care_patient(db, actor, ACT_RESULTS_SEE, patient, &p,
	    NULL)) != ST_OK)
		return st;
	if ((st = exercises_submitted(db, patient, &rows, &len)) != ST_OK)
		goto out;
	if (actor->id != patient && (st = audit_view(db, actor,
	    "module.submitted_read", "account", patient, p->pseudonym,
	    NULL)) != ST_OK)
		goto out;
	list = len > 0 ? xcalloc(len, sizeof *list) : NULL;
	for (i = 0; i < len && st == ST_OK; i++) {
		memset(&asg, 0, sizeof asg);
		asg.id = rows[i]->assignment_id;
		asg.module = rows[i]->module;
		st = programme_answer_from(db, &asg, rows[i]->exercise,
		    (enum exercise_kind)rows[i]->kind, rows[i], true, &list[i]);
	}
	if (st != ST_OK) {
		exercise_answers_free_list(list, len);
		goto out;
	}
	*out = list;
	*n = len;
out:
	exercise_rows_free_list(rows, len);
	account_free(p);
	return st;
}

/*
 * programme_feedback_text sanitises feedback into *out: 1 to FEEDBACK_MAX
 * code points.
 */
static int
programme_feedback_text(const char *text, char **out, char **err)
{
	size_t	n;

	*out = programme_clean_text(text, true);
	if (*out == NULL)
		return text_say(err, ST_INVALID, "%s", _("Please write "
		    "your feedback."));
	if ((n = text_codepoints(*out)) > FEEDBACK_MAX) {
		text_wipe(*out);
		*out = NULL;
		return text_say(err, ST_INVALID, _("Feedback can be at "
		    "most %d characters; yours has %zu."), FEEDBACK_MAX, n);
	}
	return ST_OK;
}

/*
 * programme_feedback_store adds actor's feedback text on row in one
 * transaction: the row, its sealed text, the event, the audit row.
 */
static int
programme_feedback_store(struct db *db, const struct actor *actor,
    const struct exercise_row *row, const char *patient, const char *text)
{
	struct sealed	s;
	int64_t		id;
	int		st;

	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = exercise_feedback_add(db, row->id, actor->id, db_now(),
	    &id)) != ST_OK)
		goto out;
	if (seal_text(SEAL_MODULES, sealed_table(SEALED_FEEDBACK_TEXT), id,
	    row->id, text, &s) != ST_OK) {
		log_warn("feedback %lld: cannot be sealed", (long long)id);
		st = ST_IOERR;
		goto out;
	}
	st = exercise_feedback_set_text(db, id, &s);
	sealed_clear(&s);
	if (st == ST_OK)
		st = module_events_add(db, row->patient_id, row->assignment_id,
		    "feedback", row->session, row->exercise, db_now());
	if (st == ST_OK)
		st = audit_record(db, actor, "module.feedback",
		    "exercise_answer", row->id, patient, row->exercise, true);
out:
	return programme_end(db, st);
}

/*
 * programme_feedback writes a professional's feedback on a submitted
 * answer of a patient in her care; sealed.  On ST_INVALID or ST_IOERR
 * *err says why; anyone else's answer is "not found".
 */
int
programme_feedback(struct db *db, const struct actor *actor,
    int64_t answer_id, const char *text, char **err)
{
	struct exercise_row	*row = NULL;
	struct account		*p = NULL;
	char			*clean = NULL;
	int			 st;

	*err = NULL;
	if ((st = exercises_get(db, answer_id, &row)) != ST_OK)
		return st;
	if ((st = care_patient(db, actor, ACT_ASSIGN_WORK, row->patient_id,
	    &p, NULL)) != ST_OK)
		goto out;
	if (row->submitted_at == 0) {
		st = text_say(err, ST_INVALID, "%s", _("Feedback can be "
		    "written once the exercise has been sent."));
		goto out;
	}
	if ((st = programme_feedback_text(text, &clean, err)) != ST_OK)
		goto out;
	st = seal_kept(err, programme_feedback_store(db, actor, row,
	    p->pseudonym, clean));
out:
	text_wipe(clean);
	account_free(p);
	exercise_row_free(row);
	return st;
}

/*
 * programme_feedback_seen marks the feedback on the patient's own answer
 * as seen; anyone else's answer is "not found".
 */
int
programme_feedback_seen(struct db *db, const struct actor *actor,
    int64_t answer_id)
{
	struct exercise_row	*row = NULL;
	int			 changed, st;

	if (!programme_is_patient(actor))
		return ST_NOTFOUND;
	if ((st = exercises_get(db, answer_id, &row)) != ST_OK)
		return st;
	if (row->patient_id != actor->id) {
		st = ST_NOTFOUND;
		goto out;
	}
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	st = exercise_feedback_mark_seen(db, row->id, db_now(), &changed);
	if (st == ST_OK && changed > 0)
		st = module_events_add(db, row->patient_id, row->assignment_id,
		    "feedback.seen", row->session, row->exercise, db_now());
	st = programme_end(db, st);
out:
	exercise_row_free(row);
	return st;
}

/* programme_free frees a list from programme_list. */
void
programme_free(struct programme_item *items, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(items[i].assigned_by);
		free(items[i].sessions);
	}
	free(items);
}

/*
 * programme_fill makes the item of assignment a (taken) for the list, in
 * lang.  A module no longer in the content keeps its item, with def and
 * sessions NULL and nothing to do.
 */
static int
programme_fill(struct db *db, struct module_assignment *a, const char *lang,
    struct programme_item *it)
{
	struct programme_ctx	c;
	size_t			s;
	int			st;

	memset(it, 0, sizeof *it);
	it->assignment_id = a->id;
	it->patient_id = a->patient_id;
	snprintf(it->module, sizeof it->module, "%s", a->module);
	it->every_days = a->every_days;
	it->assigned_at = a->assigned_at;
	it->assigned_by = a->assigned_by_name != NULL ?
	    xstrdup(a->assigned_by_name) : NULL;
	it->completed_at = a->completed_at;
	it->next_session = -1;
	if ((st = module_events_last(db, a->patient_id, a->id,
	    &it->last_activity)) != ST_OK ||
	    (st = exercise_feedback_unseen(db, a->patient_id, a->id,
	    &it->new_feedback)) != ST_OK) {
		module_assignment_free(a);
		return st;
	}
	if ((st = programme_ctx_load(db, a, lang, &c)) == ST_NOTFOUND)
		return ST_OK;	/* the module is gone: a was freed */
	if (st != ST_OK)
		return st;
	it->def = c.def;
	it->fallback = c.fallback;
	it->sessions = c.states;
	c.states = NULL;
	for (s = 0; s < c.def->nsessions; s++) {
		if (it->sessions[s].completed_at > 0)
			it->sessions_done++;
		else if (it->sessions[s].unlocked && it->next_session < 0)
			it->next_session = (int)s;
		it->exercises_submitted += it->sessions[s].submitted;
		it->exercises_required += it->sessions[s].required;
	}
	programme_ctx_clear(&c);
	return ST_OK;
}

/*
 * programme_list gives patient's modules (0: actor's own) with the state
 * of every session, in lang (NULL: the deployment's default language):
 * for her, or a professional caring for her (audited as a view of her
 * record).
 */
int
programme_list(struct db *db, const struct conf *conf,
    const struct actor *actor, int64_t patient, const char *lang,
    struct programme_item **out, size_t *n)
{
	struct account		  *p = NULL;
	struct module_assignment **list = NULL;
	struct programme_item	  *items = NULL;
	size_t			   len = 0, i;
	int			   st;

	*out = NULL;
	*n = 0;
	if (patient == 0)
		patient = actor->id;
	if (lang == NULL)
		lang = conf->default_language;
	if ((st = care_patient(db, actor, ACT_RESULTS_SEE, patient, &p,
	    NULL)) != ST_OK)
		return st;
	if ((st = assignments_of(db, patient, &list, &len)) != ST_OK)
		goto out;
	if (actor->id != patient && (st = audit_view(db, actor,
	    "module.progress", "account", patient, p->pseudonym, NULL)) !=
	    ST_OK)
		goto out;
	items = len > 0 ? xcalloc(len, sizeof *items) : NULL;
	for (i = 0; i < len; i++) {
		/* programme_fill takes the assignment. */
		st = programme_fill(db, list[i], lang, &items[i]);
		list[i] = NULL;
		if (st != ST_OK)
			break;
	}
	if (st != ST_OK) {
		programme_free(items, len);
		goto out;
	}
	*out = items;
	*n = len;
out:
	module_assignments_free_list(list, len);
	account_free(p);
	return st;
}

/*
 * programme_due counts the sessions of c whose homework is due within
 * PROGRAMME_DUE_AHEAD of now, or overdue: open and not finished.
 */
static int64_t
programme_due(const struct programme_ctx *c, int64_t now)
{
	int64_t	n = 0;
	size_t	s;

	for (s = 0; s < c->def->nsessions; s++) {
		if (c->states[s].unlocked && c->states[s].completed_at == 0 &&
		    c->states[s].due_at > 0 &&
		    c->states[s].due_at <= now + PROGRAMME_DUE_AHEAD)
			n++;
	}
	return n;
}

/*
 * programme_counts gives what a patient sees at login: the sessions whose
 * homework is due (within a week, or past) and the feedback she has not
 * seen yet.  Anyone else has none.
 */
int
programme_counts(struct db *db, const struct conf *conf,
    const struct actor *actor, int64_t *due, int64_t *new_feedback)
{
	struct module_assignment **list = NULL;
	struct programme_ctx	   c;
	size_t			   len = 0, i;
	int			   st;

	*due = 0;
	*new_feedback = 0;
	if (!programme_is_patient(actor))
		return ST_OK;
	if ((st = assignments_of(db, actor->id, &list, &len)) != ST_OK)
		return st;
	for (i = 0; i < len; i++) {
		if (list[i]->completed_at > 0)
			continue;
		st = programme_ctx_load(db, list[i], conf->default_language,
		    &c);
		list[i] = NULL;		/* taken */
		if (st == ST_NOTFOUND)
			continue;
		if (st != ST_OK)
			goto out;
		*due += programme_due(&c, db_now());
		programme_ctx_clear(&c);
	}
	st = exercise_feedback_unseen(db, actor->id, 0, new_feedback);
out:
	module_assignments_free_list(list, len);
	return st;
}

/*
 * programme_adherence counts patient's adherence: sessions completed over
 * assigned, modules completed over assigned, exercises submitted, her
 * last activity.  For her, or a professional caring for her.
 */
int
programme_adherence(struct db *db, const struct actor *actor,
    int64_t patient, struct adherence *out)
{
	struct account		*p = NULL;
	struct module_tally	 t;
	int			 st;

	memset(out, 0, sizeof *out);
	if ((st = care_patient(db, actor, ACT_RESULTS_SEE, patient, &p,
	    NULL)) != ST_OK)
		return st;
	account_free(p);
	if ((st = assignments_tally(db, patient, &t)) != ST_OK)
		return st;
	out->modules_assigned = t.modules_assigned;
	out->modules_completed = t.modules_completed;
	out->sessions_assigned = t.sessions_assigned;
	out->sessions_completed = t.sessions_completed;
	out->exercises_submitted = t.exercises_submitted;
	out->last_activity = t.last_activity;
	return ST_OK;
}
