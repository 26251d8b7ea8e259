/*
 * test_programme.c: a patient's programme of self-help modules and her
 * journal.  A professional assigns a module to a patient in her care
 * (once; only a module that exists; only in care), sessions unlock in
 * order, all at once, or by a schedule of days; a session is finished
 * once its required exercises are submitted; drafts keep partial answers
 * as typed; the exercise forms are checked at their boundaries
 * (thought-record intensities, activity-plan rows and moods); feedback
 * is new until the patient sees it; journal entries reach a professional
 * only when shared.  Also: every id-taking function gives another patient
 * and a professional not in care "not found", staff reads leave audit
 * rows without text, the texts are sealed (not in the raw database, and
 * a blob moved to another row does not open), key rotation re-seals them,
 * and adherence counts what was done.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

#define FEEL		"tired-but-hopeful-this-morning"
#define SITUATION	"waiting-room-before-the-scan"
#define BALANCED	"the-last-three-scans-were-clear"
#define PLAN_WHAT	"walk-to-the-harbour-with-joan"
#define FEEDBACK	"well-noticed-keep-the-walks-going"
#define JOURNAL_PRIV	"a-private-line-about-the-night"
#define JOURNAL_SHARED	"a-shared-line-about-the-garden"

/* A module in order: three sessions, every kind of exercise. */
static const char steps_en[] =
	"% Steps, a module for the tests.\n"
	"@module steps\n"
	"@title Steps\n"
	"@version 1\n"
	"@unlock in-order\n"
	"@about\n"
	"A module for tests. It complements your care; it does not replace "
	"it.\n"
	"\n"
	"@session One\n"
	"@page First page\n"
	"Some text.\n"
	"\n"
	"@exercise feel text\n"
	"@prompt How do you feel?\n"
	"\n"
	"@exercise calm rating\n"
	"@prompt How calm are you?\n"
	"@low Not at all\n"
	"@high Completely\n"
	"@optional\n"
	"\n"
	"@page Second page\n"
	"More text.\n"
	"\n"
	"@session Two\n"
	"@page Thoughts\n"
	"Text.\n"
	"\n"
	"@exercise thoughts thought-record\n"
	"@prompt Fill in a thought record.\n"
	"\n"
	"@exercise ticks checklist\n"
	"@prompt Tick what applies.\n"
	"@item One\n"
	"@item Two\n"
	"@item Three\n"
	"@optional\n"
	"\n"
	"@session Three\n"
	"@page Plan\n"
	"Text.\n"
	"\n"
	"@exercise plan activity-plan\n"
	"@prompt Plan your week.\n";

/* A module whose sessions are all open at once. */
static const char open_en[] =
	"@module open-all\n"
	"@title Open all\n"
	"@version 1\n"
	"@unlock all\n"
	"@about\n"
	"All at once. It complements your care; it does not replace it.\n"
	"\n"
	"@session First\n"
	"@page Only page\n"
	"Text.\n"
	"\n"
	"@session Second\n"
	"@page Only page\n"
	"Text.\n"
	"\n"
	"@exercise note text\n"
	"@prompt Write a note.\n";

/* The people of a test, and its database. */
struct fx {
	struct th	 t;
	char		*content;	/* the fixture modules */
	struct actor	 ana;		/* patient: laia's */
	struct actor	 pere;		/* patient: laia's, oriol's */
	struct actor	 marta;		/* expert patient: nobody's */
	struct actor	 laia;		/* professional */
	struct actor	 oriol;		/* professional, not ana's */
	struct actor	 jordi;		/* moderator */
	struct actor	 op;		/* the local operator */
};

/* person creates an account of role and describes it as an actor. */
static struct actor
person(struct th *t, const char *name, int role)
{
	return th_actor(th_account(t, name, role, NULL), role, name);
}

/* write_file writes text to dir/name, creating dir. */
static void
write_file(const char *dir, const char *name, const char *text)
{
	char	*path;
	FILE	*fp;

	(void)mkdir(dir, 0700);
	xasprintf(&path, "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

/* fixture_content writes the two fixture modules under dir/content. */
static char *
fixture_content(struct th *t)
{
	char	*content, *mods, *d;

	xasprintf(&content, "%s/content", t->dir);
	xasprintf(&mods, "%s/modules", content);
	(void)mkdir(content, 0700);
	(void)mkdir(mods, 0700);
	xasprintf(&d, "%s/steps", mods);
	write_file(d, "en.txt", steps_en);
	free(d);
	xasprintf(&d, "%s/open-all", mods);
	write_file(d, "en.txt", open_en);
	free(d);
	free(mods);
	return content;
}

/* remove_content removes what fixture_content wrote. */
static void
remove_content(const char *content)
{
	static const char *files[] = {
		"modules/steps/en.txt", "modules/open-all/en.txt",
		"modules/steps", "modules/open-all", "modules", "",
	};
	char	*p;
	size_t	 i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		xasprintf(&p, "%s/%s", content, files[i]);
		if (remove(p) != 0)
			fprintf(stderr, "remove %s failed\n", p);
		free(p);
	}
}

/* setup: a database with a key ring, the fixture modules and everyone. */
static int
setup(void **state)
{
	struct fx	*f;
	char		*err = NULL;

	f = xcalloc(1, sizeof *f);
	if (th_open(&f->t) != 0 || th_keys(&f->t) != 0)
		goto fail;
	f->content = fixture_content(&f->t);
	free(f->t.conf->content_dir);
	f->t.conf->content_dir = xstrdup(f->content);
	if (modules_load(f->t.conf, &err) != ST_OK) {
		fprintf(stderr, "modules_load: %s\n", err != NULL ? err : "?");
		free(err);
		goto fail;
	}
	f->ana = person(&f->t, "ana", ROLE_PATIENT);
	f->pere = person(&f->t, "pere", ROLE_PATIENT);
	f->marta = person(&f->t, "marta", ROLE_EXPERT);
	f->laia = person(&f->t, "laia", ROLE_PROFESSIONAL);
	f->oriol = person(&f->t, "oriol", ROLE_PROFESSIONAL);
	f->jordi = person(&f->t, "jordi", ROLE_MODERATOR);
	f->op = th_operator();
	assert_int_equal(care_assign(f->t.db, &f->op, f->ana.id, f->laia.id,
	    true), ST_OK);
	assert_int_equal(care_assign(f->t.db, &f->op, f->pere.id, f->laia.id,
	    true), ST_OK);
	assert_int_equal(care_assign(f->t.db, &f->op, f->pere.id, f->oriol.id,
	    true), ST_OK);
	*state = f;
	return 0;
fail:
	free(f);
	return -1;
}

/* teardown empties the registry and removes everything. */
static int
teardown(void **state)
{
	struct fx	*f = *state;
	int		 rc;

	modules_free();
	remove_content(f->content);
	free(f->content);
	rc = th_close(&f->t);
	free(f);
	return rc;
}

/* raw_int runs a query on a raw connection and returns its integer. */
static int64_t
raw_int(struct fx *f, const char *sql)
{
	sqlite3	*sq = th_raw(&f->t);
	int64_t	 v;

	v = th_raw_int(sq, sql);
	sqlite3_close(sq);
	return v;
}

/* raw_exec runs a change on a raw connection. */
static void
raw_exec(struct fx *f, const char *sql)
{
	sqlite3	*sq = th_raw(&f->t);

	assert_int_equal(th_raw_exec(sq, sql), SQLITE_OK);
	sqlite3_close(sq);
}

/* events counts patient's module events of kind. */
static int64_t
events(struct fx *f, const struct actor *who, const char *kind)
{
	int64_t	n = -1;

	assert_int_equal(module_events_count(f->t.db, who->id, kind, &n),
	    ST_OK);
	return n;
}

/* assign has laia assign module to who and returns the assignment id. */
static int64_t
assign(struct fx *f, const struct actor *who, const char *module, int every)
{
	char	*err = NULL, *sql;
	int64_t	 id;

	assert_int_equal(programme_assign(f->t.db, f->t.conf, &f->laia, who->id,
	    module, every, &err), ST_OK);
	assert_null(err);
	xasprintf(&sql, "SELECT id FROM module_assignments WHERE patient_id = "
	    "%lld AND module = '%s'", (long long)who->id, module);
	id = raw_int(f, sql);
	free(sql);
	assert_true(id > 0);
	return id;
}

/* item reads who's programme item of assignment id (own list). */
static struct programme_item *
item(struct fx *f, const struct actor *who, int64_t id, size_t *nlist)
{
	struct programme_item	*list = NULL;
	size_t			 n = 0, i;

	assert_int_equal(programme_list(f->t.db, f->t.conf, who, 0, "en",
	    &list, &n), ST_OK);
	for (i = 0; i < n; i++) {
		if (list[i].assignment_id == id) {
			*nlist = n;
			return list;
		}
	}
	fail_msg("assignment %lld not in the list", (long long)id);
	return NULL;
}

/* state_of copies the state of session s of assignment id for who. */
static struct session_state
state_of(struct fx *f, const struct actor *who, int64_t id, size_t s)
{
	struct programme_item	*list;
	struct session_state	 st;
	size_t			 n, i;

	list = item(f, who, id, &n);
	for (i = 0; list[i].assignment_id != id; i++)
		;
	assert_non_null(list[i].sessions);
	assert_true(s < list[i].def->nsessions);
	st = list[i].sessions[s];
	programme_free(list, n);
	return st;
}

/* blank makes an empty answer (nothing given yet). */
static struct exercise_answer
blank(void)
{
	struct exercise_answer	a;
	size_t			i;

	memset(&a, 0, sizeof a);
	a.rating = -1;
	a.intensity = -1;
	a.new_intensity = -1;
	for (i = 0; i < ACTIVITY_ROWS_MAX; i++) {
		a.rows[i].done = -1;
		a.rows[i].before = -1;
		a.rows[i].after = -1;
	}
	return a;
}

/* save has who save answer a to exercise ex; returns the status. */
static int
save(struct fx *f, const struct actor *who, int64_t id, const char *ex,
    const struct exercise_answer *a, bool submit)
{
	char	*err = NULL;
	int	 st;

	st = programme_answer_save(f->t.db, who, id, ex, a, submit, &err);
	if (st == ST_OK)
		assert_null(err);
	free(err);
	return st;
}

/* submit_text submits a text answer to ex and expects it kept. */
static void
submit_text(struct fx *f, int64_t id, const char *ex, const char *text)
{
	struct exercise_answer	a = blank();

	a.text = (char *)text;
	assert_int_equal(save(f, &f->ana, id, ex, &a, true), ST_OK);
}

/* full_thought fills a complete thought record (texts static). */
static struct exercise_answer
full_thought(int intensity, int new_intensity)
{
	struct exercise_answer	a = blank();

	a.thought[THOUGHT_SITUATION] = SITUATION;
	a.thought[THOUGHT_AUTOMATIC] = "it-is-back";
	a.thought[THOUGHT_EMOTION] = "fear";
	a.thought[THOUGHT_BALANCED] = BALANCED;
	a.intensity = intensity;
	a.new_intensity = new_intensity;
	return a;
}

/* finish has ana finish session s; returns the status (err in *errp). */
static int
finish(struct fx *f, int64_t id, size_t s, char **errp)
{
	char	*err = NULL;
	int	 st;

	st = programme_finish_session(f->t.db, &f->ana, id, s, &err);
	if (errp != NULL)
		*errp = err;
	else
		free(err);
	return st;
}

/* answer_id is the id of ana's answer to ex in assignment id. */
static int64_t
answer_id(struct fx *f, int64_t id, const char *ex)
{
	struct exercise_answer	*a = NULL;
	int64_t			 v;

	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, ex, &a),
	    ST_OK);
	v = a->id;
	exercise_answer_free(a);
	assert_true(v > 0);
	return v;
}

/* Assigning: only to patients in care, once, only modules that exist. */
static void
test_assign(void **state)
{
	struct fx		*f = *state;
	struct audit_entry	*e;
	char			*err = NULL;
	int64_t			 id, unread;

	id = assign(f, &f->ana, "steps", 0);
	e = th_audit_last(&f->t);
	assert_string_equal(e->action, "module.assign");
	assert_string_equal(e->patient, "ana");
	assert_int_equal(e->object_id, id);
	audit_entry_free(e);
	assert_int_equal(events(f, &f->ana, "assigned"), 1);
	/* She is told, privately. */
	assert_int_equal(notifications_unread(f->t.db, f->ana.id, &unread),
	    ST_OK);
	assert_int_equal(unread, 1);

	/* Twice: exists, and says so. */
	assert_int_equal(programme_assign(f->t.db, f->t.conf, &f->laia,
	    f->ana.id, "steps", 0, &err), ST_EXISTS);
	assert_non_null(err);
	assert_non_null(strstr(err, "ana"));
	free(err);
	err = NULL;
	/* A module that does not exist. */
	assert_int_equal(programme_assign(f->t.db, f->t.conf, &f->laia,
	    f->ana.id, "no-such-module", 0, &err), ST_NOTFOUND);
	assert_non_null(err);
	free(err);
	err = NULL;
	/* Not in her care, not a professional, not a patient. */
	assert_int_equal(programme_assign(f->t.db, f->t.conf, &f->oriol,
	    f->ana.id, "open-all", 0, &err), ST_NOTFOUND);
	free(err);
	err = NULL;
	assert_int_equal(programme_assign(f->t.db, f->t.conf, &f->ana,
	    f->ana.id, "open-all", 0, &err), ST_NOTFOUND);
	free(err);
	err = NULL;
	assert_int_equal(programme_assign(f->t.db, f->t.conf, &f->jordi,
	    f->ana.id, "open-all", 0, &err), ST_NOTFOUND);
	free(err);
	err = NULL;
	assert_int_equal(programme_assign(f->t.db, f->t.conf, &f->laia,
	    f->laia.id, "open-all", 0, &err), ST_NOTFOUND);
	free(err);
	err = NULL;
	/* The schedule: 0 or 1 to 60 days. */
	assert_int_equal(programme_assign(f->t.db, f->t.conf, &f->laia,
	    f->ana.id, "open-all", 61, &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(programme_assign(f->t.db, f->t.conf, &f->laia,
	    f->ana.id, "open-all", -1, &err), ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(raw_int(f, "SELECT count(*) FROM module_assignments"),
	    1);
	assign(f, &f->ana, "open-all", 60);
	assert_int_equal(raw_int(f, "SELECT every_days FROM module_assignments "
	    "WHERE module = 'open-all'"), 60);
}

/* In order: session 2 opens when session 1 is finished. */
static void
test_unlock_in_order(void **state)
{
	struct fx		*f = *state;
	struct programme_item	*list;
	struct session_state	 s;
	size_t			 n;
	char			*err = NULL;
	int64_t			 id;

	id = assign(f, &f->ana, "steps", 0);
	list = item(f, &f->ana, id, &n);
	assert_int_equal(n, 1);
	assert_non_null(list[0].def);
	assert_false(list[0].fallback);
	assert_int_equal(list[0].def->nsessions, 3);
	assert_true(list[0].sessions[0].unlocked);
	assert_false(list[0].sessions[1].unlocked);
	assert_false(list[0].sessions[2].unlocked);
	assert_int_equal(list[0].sessions[1].unlocks_at, 0);
	assert_int_equal(list[0].sessions[0].due_at, 0);
	assert_int_equal(list[0].next_session, 0);
	assert_int_equal(list[0].sessions[0].required, 1);
	assert_int_equal(list[0].exercises_required, 3);
	assert_string_equal(list[0].assigned_by, "laia");
	programme_free(list, n);

	assert_int_equal(programme_open_session(f->t.db, &f->ana, id, 1,
	    &err), ST_INVALID);
	assert_non_null(err);
	assert_string_equal(err, "This session opens when you finish "
	    "session 1.");
	free(err);
	err = NULL;
	assert_int_equal(programme_open_session(f->t.db, &f->ana, id, 0,
	    &err), ST_OK);
	assert_null(err);
	/* No such session. */
	assert_int_equal(programme_open_session(f->t.db, &f->ana, id, 3,
	    &err), ST_NOTFOUND);
	free(err);
	err = NULL;
	/* The page she is on is kept, within the session's pages. */
	assert_int_equal(programme_position(f->t.db, &f->ana, id, 0, 1),
	    ST_OK);
	assert_int_equal(programme_position(f->t.db, &f->ana, id, 0, 2),
	    ST_INVALID);
	assert_int_equal(programme_position(f->t.db, &f->ana, id, 1, 0),
	    ST_INVALID);
	s = state_of(f, &f->ana, id, 0);
	assert_int_equal(s.last_page, 1);
	assert_true(s.started_at > 0);
	assert_int_equal(s.completed_at, 0);

	/* Finishing needs the required exercise; the optional one not. */
	assert_int_equal(finish(f, id, 0, &err), ST_INVALID);
	assert_non_null(err);
	assert_string_equal(err, "1 exercise of this session still needs to "
	    "be submitted.");
	free(err);
	err = NULL;
	submit_text(f, id, "feel", FEEL);
	assert_int_equal(finish(f, id, 0, NULL), ST_OK);
	s = state_of(f, &f->ana, id, 0);
	assert_true(s.completed_at > 0);
	assert_int_equal(s.submitted, 1);
	s = state_of(f, &f->ana, id, 1);
	assert_true(s.unlocked);
	assert_false(state_of(f, &f->ana, id, 2).unlocked);
	list = item(f, &f->ana, id, &n);
	assert_int_equal(list[0].next_session, 1);
	assert_int_equal(list[0].sessions_done, 1);
	programme_free(list, n);
	assert_int_equal(programme_open_session(f->t.db, &f->ana, id, 1,
	    &err), ST_OK);
	assert_int_equal(events(f, &f->ana, "session.open"), 2);
	assert_int_equal(events(f, &f->ana, "session.complete"), 1);
	/* Finishing again changes nothing. */
	assert_int_equal(finish(f, id, 0, NULL), ST_OK);
	assert_int_equal(events(f, &f->ana, "session.complete"), 1);
}

/* @unlock all: every session is open at once. */
static void
test_unlock_all(void **state)
{
	struct fx		*f = *state;
	struct programme_item	*list;
	size_t			 n;
	char			*err = NULL;
	int64_t			 id;

	id = assign(f, &f->ana, "open-all", 0);
	list = item(f, &f->ana, id, &n);
	assert_true(list[0].sessions[0].unlocked);
	assert_true(list[0].sessions[1].unlocked);
	assert_int_equal(list[0].sessions[0].required, 0);
	programme_free(list, n);
	assert_int_equal(programme_open_session(f->t.db, &f->ana, id, 1,
	    &err), ST_OK);
	assert_null(err);
	/* The second finished first; the module ends with the first. */
	submit_text(f, id, "note", "a note");
	assert_int_equal(finish(f, id, 1, NULL), ST_OK);
	assert_int_equal(events(f, &f->ana, "module.complete"), 0);
	assert_int_equal(finish(f, id, 0, NULL), ST_OK);
	assert_int_equal(events(f, &f->ana, "module.complete"), 1);
	list = item(f, &f->ana, id, &n);
	assert_true(list[0].completed_at > 0);
	assert_int_equal(list[0].next_session, -1);
	assert_int_equal(list[0].sessions_done, 2);
	programme_free(list, n);
}

/* day_start is local midnight of t's day plus days. */
static int64_t
day_start(int64_t t, int days)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	assert_non_null(localtime_r(&tt, &tm));
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* A schedule: a session opens on its day, and homework is due then. */
static void
test_schedule(void **state)
{
	struct fx		*f = *state;
	struct session_state	 s;
	struct tm		 tm;
	time_t			 tt;
	char			*err = NULL, want[64], date[16], *sql;
	int64_t			 id, at, due, fb;

	id = assign(f, &f->ana, "steps", 7);
	at = raw_int(f, "SELECT assigned_at FROM module_assignments");
	s = state_of(f, &f->ana, id, 0);
	assert_true(s.unlocked);
	assert_int_equal(s.due_at, day_start(at, 7));
	/* Due within a week: it counts at login. */
	assert_int_equal(programme_counts(f->t.db, f->t.conf, &f->ana, &due,
	    &fb), ST_OK);
	assert_int_equal(due, 1);
	assert_int_equal(fb, 0);
	/* Others have no homework. */
	assert_int_equal(programme_counts(f->t.db, f->t.conf, &f->laia, &due,
	    &fb), ST_OK);
	assert_int_equal(due, 0);

	/* Session 1 unfinished: that is what session 2 waits for, and
	 * not its date. */
	s = state_of(f, &f->ana, id, 1);
	assert_false(s.unlocked);
	assert_int_equal(s.unlocks_at, 0);
	submit_text(f, id, "feel", FEEL);
	assert_int_equal(finish(f, id, 0, NULL), ST_OK);
	/* Finished, but its day has not come. */
	s = state_of(f, &f->ana, id, 1);
	assert_false(s.unlocked);
	assert_int_equal(s.unlocks_at, day_start(at, 7));
	tt = (time_t)s.unlocks_at;
	assert_non_null(localtime_r(&tt, &tm));
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	snprintf(want, sizeof want, "This session opens on %s.", date);
	assert_int_equal(programme_open_session(f->t.db, &f->ana, id, 1,
	    &err), ST_INVALID);
	assert_non_null(err);
	assert_string_equal(err, want);
	free(err);
	err = NULL;
	assert_int_equal(programme_counts(f->t.db, f->t.conf, &f->ana, &due,
	    &fb), ST_OK);
	assert_int_equal(due, 0);

	/* Six days later: still not. */
	xasprintf(&sql, "UPDATE module_assignments SET assigned_at = %lld",
	    (long long)(at - 6 * 86400));
	raw_exec(f, sql);
	free(sql);
	assert_false(state_of(f, &f->ana, id, 1).unlocked);
	/* Eight days later: open, its homework due a week after. */
	xasprintf(&sql, "UPDATE module_assignments SET assigned_at = %lld",
	    (long long)(at - 8 * 86400));
	raw_exec(f, sql);
	free(sql);
	s = state_of(f, &f->ana, id, 1);
	assert_true(s.unlocked);
	assert_int_equal(s.unlocks_at, 0);
	assert_int_equal(s.due_at, day_start(at - 8 * 86400, 14));
	assert_int_equal(programme_open_session(f->t.db, &f->ana, id, 1,
	    &err), ST_OK);
	/* Session 3 waits for session 2 first. */
	assert_int_equal(programme_open_session(f->t.db, &f->ana, id, 2,
	    &err), ST_INVALID);
	assert_string_equal(err, "This session opens when you finish "
	    "session 2.");
	free(err);
	err = NULL;
	/* Long overdue homework still counts. */
	xasprintf(&sql, "UPDATE module_assignments SET assigned_at = %lld",
	    (long long)(at - 40 * 86400));
	raw_exec(f, sql);
	free(sql);
	assert_int_equal(programme_counts(f->t.db, f->t.conf, &f->ana, &due,
	    &fb), ST_OK);
	assert_int_equal(due, 1);

	/* Without a schedule nothing is ever due. */
	id = assign(f, &f->pere, "steps", 0);
	assert_int_equal(state_of(f, &f->pere, id, 0).due_at, 0);
	assert_int_equal(programme_counts(f->t.db, f->t.conf, &f->pere, &due,
	    &fb), ST_OK);
	assert_int_equal(due, 0);
}

/* Drafts keep what she typed; submitting, and submitting again. */
static void
test_draft_then_submit(void **state)
{
	struct fx		*f = *state;
	struct exercise_answer	 a = blank(), *got = NULL;
	char			*err = NULL;
	int64_t			 id, sub1;

	id = assign(f, &f->ana, "steps", 0);
	a.text = "half a thought";
	assert_int_equal(save(f, &f->ana, id, "feel", &a, false), ST_OK);
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "feel",
	    &got), ST_OK);
	assert_true(got->id > 0);
	assert_int_equal(got->kind, EX_TEXT);
	assert_false(got->submitted);
	assert_string_equal(got->text, "half a thought");
	assert_string_equal(got->module, "steps");
	assert_string_equal(got->exercise, "feel");
	exercise_answer_free(got);
	/* A draft does not finish the session. */
	assert_int_equal(finish(f, id, 0, NULL), ST_INVALID);
	/* Nothing to send yet: refused on submit only. */
	a.text = "  \n ";
	assert_int_equal(save(f, &f->ana, id, "feel", &a, true), ST_INVALID);
	a.text = "line one\twith a tab\nline two \\ and a backslash";
	assert_int_equal(save(f, &f->ana, id, "feel", &a, true), ST_OK);
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "feel",
	    &got), ST_OK);
	assert_true(got->submitted);
	assert_true(got->submitted_at > 0);
	/* Sanitised: the tab became a space; the rest kept as typed. */
	assert_string_equal(got->text,
	    "line one with a tab\nline two \\ and a backslash");
	sub1 = got->submitted_at;
	exercise_answer_free(got);
	assert_int_equal(events(f, &f->ana, "exercise.save"), 1);
	assert_int_equal(events(f, &f->ana, "exercise.submit"), 1);

	/* Changed and sent again: still one answer, still submitted. */
	a.text = FEEL;
	assert_int_equal(save(f, &f->ana, id, "feel", &a, true), ST_OK);
	/* Saved as a draft once sent, it must stay complete. */
	a.text = "";
	assert_int_equal(programme_answer_save(f->t.db, &f->ana, id, "feel",
	    &a, false, &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "feel",
	    &got), ST_OK);
	assert_true(got->submitted);
	assert_true(got->submitted_at >= sub1);
	assert_string_equal(got->text, FEEL);
	exercise_answer_free(got);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM exercise_answers"),
	    1);
	/* Unknown exercises and locked sessions are refused. */
	assert_int_equal(save(f, &f->ana, id, "no-such", &a, false),
	    ST_NOTFOUND);
	a = full_thought(10, 5);
	assert_int_equal(programme_answer_save(f->t.db, &f->ana, id,
	    "thoughts", &a, false, &err), ST_INVALID);
	assert_string_equal(err, "This session opens when you finish "
	    "session 1.");
	free(err);
	/* Nothing saved yet reads as an empty answer. */
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "calm",
	    &got), ST_OK);
	assert_int_equal(got->id, 0);
	assert_int_equal(got->kind, EX_RATING);
	assert_int_equal(got->rating, -1);
	exercise_answer_free(got);
}

/* steps_at_two assigns steps to ana and finishes its first session. */
static int64_t
steps_at_two(struct fx *f)
{
	int64_t	id;

	id = assign(f, &f->ana, "steps", 0);
	submit_text(f, id, "feel", FEEL);
	assert_int_equal(finish(f, id, 0, NULL), ST_OK);
	return id;
}

/* Partial answers come back as typed, fields left out stay empty. */
static void
test_partial_kept(void **state)
{
	struct fx		*f = *state;
	struct exercise_answer	 a = blank(), *got = NULL;
	int64_t			 id;

	id = steps_at_two(f);
	a.thought[THOUGHT_SITUATION] = SITUATION;
	a.thought[THOUGHT_AGAINST] = "";	/* blank: not kept */
	a.intensity = 70;
	assert_int_equal(save(f, &f->ana, id, "thoughts", &a, false), ST_OK);
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "thoughts",
	    &got), ST_OK);
	assert_false(got->submitted);
	assert_int_equal(got->kind, EX_THOUGHT_RECORD);
	assert_string_equal(got->thought[THOUGHT_SITUATION], SITUATION);
	assert_null(got->thought[THOUGHT_AUTOMATIC]);
	assert_null(got->thought[THOUGHT_AGAINST]);
	assert_int_equal(got->intensity, 70);
	assert_int_equal(got->new_intensity, -1);
	exercise_answer_free(got);

	/* A checklist's ticks. */
	a = blank();
	a.checks = 0x5;
	assert_int_equal(save(f, &f->ana, id, "ticks", &a, false), ST_OK);
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "ticks",
	    &got), ST_OK);
	assert_int_equal(got->checks, 0x5);
	exercise_answer_free(got);

	/* An activity plan with half-filled rows. */
	assert_int_equal(finish(f, id, 1, NULL), ST_INVALID);
	a = full_thought(80, 40);
	assert_int_equal(save(f, &f->ana, id, "thoughts", &a, true), ST_OK);
	assert_int_equal(finish(f, id, 1, NULL), ST_OK);
	a = blank();
	a.nrows = 2;
	a.rows[0].what = PLAN_WHAT;
	a.rows[0].before = 3;
	a.rows[1].when = "Saturday\tmorning";
	a.rows[1].done = 1;
	assert_int_equal(save(f, &f->ana, id, "plan", &a, false), ST_OK);
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "plan",
	    &got), ST_OK);
	assert_int_equal(got->nrows, 2);
	assert_string_equal(got->rows[0].what, PLAN_WHAT);
	assert_null(got->rows[0].when);
	assert_int_equal(got->rows[0].done, -1);
	assert_int_equal(got->rows[0].before, 3);
	assert_int_equal(got->rows[0].after, -1);
	assert_null(got->rows[1].what);
	assert_string_equal(got->rows[1].when, "Saturday morning");
	assert_int_equal(got->rows[1].done, 1);
	exercise_answer_free(got);
}

/* The thought record's intensities: 0 to 100, -1 in a draft only. */
static void
test_thought_bounds(void **state)
{
	struct fx			*f = *state;
	const struct module		*m;
	const struct module_exercise	*ex;
	struct exercise_answer		 a;
	char				*err = NULL;
	int64_t				 id;

	assert_non_null(m = modules_get("steps", "en", NULL));
	assert_non_null(ex = module_exercise(m, "thoughts"));
	assert_int_equal(ex->kind, EX_THOUGHT_RECORD);

	a = full_thought(-1, -1);
	assert_int_equal(exercise_check(ex, &a, false, NULL), ST_OK);
	assert_int_equal(exercise_check(ex, &a, true, &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	a = full_thought(101, 50);
	assert_int_equal(exercise_check(ex, &a, false, &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	a = full_thought(50, 101);
	assert_int_equal(exercise_check(ex, &a, false, NULL), ST_INVALID);
	a = full_thought(-2, 50);
	assert_int_equal(exercise_check(ex, &a, false, NULL), ST_INVALID);
	a = full_thought(100, 0);
	assert_int_equal(exercise_check(ex, &a, true, NULL), ST_OK);
	a = full_thought(0, 100);
	assert_int_equal(exercise_check(ex, &a, true, NULL), ST_OK);

	/* Submitting asks for the fields it needs, naming them. */
	a = full_thought(60, 30);
	a.thought[THOUGHT_BALANCED] = NULL;
	a.thought[THOUGHT_EMOTION] = " ";
	assert_int_equal(exercise_check(ex, &a, false, NULL), ST_OK);
	assert_int_equal(exercise_check(ex, &a, true, &err), ST_INVALID);
	assert_string_equal(err, "Before submitting, please fill in: the "
	    "emotion, the balanced thought.");
	free(err);
	err = NULL;
	/* Evidence for and against may stay empty. */
	a = full_thought(60, 30);
	assert_null(a.thought[THOUGHT_FOR]);
	assert_int_equal(exercise_check(ex, &a, true, NULL), ST_OK);

	/* The same through saving. */
	id = steps_at_two(f);
	a = full_thought(101, -1);
	assert_int_equal(save(f, &f->ana, id, "thoughts", &a, false),
	    ST_INVALID);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM exercise_answers "
	    "WHERE exercise = 'thoughts'"), 0);
	a = full_thought(-1, -1);
	assert_int_equal(save(f, &f->ana, id, "thoughts", &a, false), ST_OK);
	assert_int_equal(save(f, &f->ana, id, "thoughts", &a, true),
	    ST_INVALID);
	a = full_thought(100, 100);
	assert_int_equal(save(f, &f->ana, id, "thoughts", &a, true), ST_OK);
}

/* text_of returns n copies of "é" (two bytes, one code point). */
static char *
text_of(size_t n)
{
	char	*s;
	size_t	 i;

	s = xmalloc(2 * n + 1);
	for (i = 0; i < n; i++)
		memcpy(s + 2 * i, "\xc3\xa9", 2);
	s[2 * n] = '\0';
	return s;
}

/* The activity plan's rows and moods, ratings, ticks and text lengths. */
static void
test_form_bounds(void **state)
{
	struct fx			*f = *state;
	const struct module		*m;
	const struct module_exercise	*plan, *calm, *ticks, *feel;
	struct exercise_answer		 a;
	char				*err = NULL, *s;

	(void)f;
	assert_non_null(m = modules_get("steps", NULL, NULL));
	assert_non_null(plan = module_exercise(m, "plan"));
	assert_non_null(calm = module_exercise(m, "calm"));
	assert_non_null(ticks = module_exercise(m, "ticks"));
	assert_non_null(feel = module_exercise(m, "feel"));

	a = blank();
	a.nrows = ACTIVITY_ROWS_MAX;
	assert_int_equal(exercise_check(plan, &a, false, NULL), ST_OK);
	/* Rows but nothing planned: a draft, not something to send. */
	assert_int_equal(exercise_check(plan, &a, true, &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	a.rows[ACTIVITY_ROWS_MAX - 1].what = PLAN_WHAT;
	assert_int_equal(exercise_check(plan, &a, true, NULL), ST_OK);
	a.nrows = ACTIVITY_ROWS_MAX + 1;
	assert_int_equal(exercise_check(plan, &a, false, NULL), ST_INVALID);
	a = blank();
	a.nrows = 1;
	a.rows[0].what = PLAN_WHAT;
	a.rows[0].before = 10;
	a.rows[0].after = 0;
	a.rows[0].done = 0;
	assert_int_equal(exercise_check(plan, &a, true, NULL), ST_OK);
	a.rows[0].before = 11;
	assert_int_equal(exercise_check(plan, &a, false, NULL), ST_INVALID);
	a.rows[0].before = -2;
	assert_int_equal(exercise_check(plan, &a, false, NULL), ST_INVALID);
	a.rows[0].before = -1;
	a.rows[0].after = 11;
	assert_int_equal(exercise_check(plan, &a, false, NULL), ST_INVALID);
	a.rows[0].after = -1;
	a.rows[0].done = 2;
	assert_int_equal(exercise_check(plan, &a, false, NULL), ST_INVALID);
	a.rows[0].done = -1;
	assert_int_equal(exercise_check(plan, &a, true, NULL), ST_OK);

	/* A rating: 0 to 10, -1 in a draft only. */
	a = blank();
	assert_int_equal(exercise_check(calm, &a, false, NULL), ST_OK);
	assert_int_equal(exercise_check(calm, &a, true, NULL), ST_INVALID);
	a.rating = 10;
	assert_int_equal(exercise_check(calm, &a, true, NULL), ST_OK);
	a.rating = 11;
	assert_int_equal(exercise_check(calm, &a, false, NULL), ST_INVALID);

	/* A checklist of three items: bits 0 to 2 only; none is an answer. */
	a = blank();
	assert_int_equal(exercise_check(ticks, &a, true, NULL), ST_OK);
	a.checks = 0x7;
	assert_int_equal(exercise_check(ticks, &a, true, NULL), ST_OK);
	a.checks = 0x8;
	assert_int_equal(exercise_check(ticks, &a, false, NULL), ST_INVALID);

	/* Texts: EXERCISE_TEXT_MAX code points, not bytes. */
	a = blank();
	a.text = s = text_of(EXERCISE_TEXT_MAX);
	assert_int_equal(exercise_check(feel, &a, true, NULL), ST_OK);
	free(s);
	a.text = s = text_of(EXERCISE_TEXT_MAX + 1);
	assert_int_equal(exercise_check(feel, &a, false, &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	a = blank();
	a.nrows = 1;
	a.rows[0].what = s;
	assert_int_equal(exercise_check(plan, &a, false, NULL), ST_INVALID);
	free(s);
}

/* Another patient gets "not found" from every function taking an id. */
static void
test_other_patient(void **state)
{
	struct fx		*f = *state;
	struct exercise_answer	 a = blank(), *got = NULL, **list = NULL;
	struct programme_item	*items = NULL;
	struct journal_entry	*je = NULL;
	struct adherence	 ad;
	size_t			 n = 0;
	char			*err = NULL;
	int64_t			 id, ans, entry, mine;

	id = assign(f, &f->ana, "steps", 0);
	mine = assign(f, &f->pere, "steps", 0);
	submit_text(f, id, "feel", FEEL);
	ans = answer_id(f, id, "feel");
	assert_int_equal(programme_feedback(f->t.db, &f->laia, ans, FEEDBACK,
	    &err), ST_OK);
	assert_int_equal(journal_write(f->t.db, &f->ana, JOURNAL_SHARED, true,
	    &entry, &err), ST_OK);

	assert_int_equal(programme_open_session(f->t.db, &f->pere, id, 0,
	    &err), ST_NOTFOUND);
	assert_null(err);
	assert_int_equal(programme_position(f->t.db, &f->pere, id, 0, 0),
	    ST_NOTFOUND);
	assert_int_equal(programme_finish_session(f->t.db, &f->pere, id, 0,
	    &err), ST_NOTFOUND);
	a.text = "overwrite";
	assert_int_equal(programme_answer_save(f->t.db, &f->pere, id, "feel",
	    &a, true, &err), ST_NOTFOUND);
	assert_int_equal(programme_answer_get(f->t.db, &f->pere, id, "feel",
	    &got), ST_NOTFOUND);
	assert_null(got);
	assert_int_equal(programme_feedback_seen(f->t.db, &f->pere, ans),
	    ST_NOTFOUND);
	assert_int_equal(programme_feedback(f->t.db, &f->pere, ans, "mine",
	    &err), ST_NOTFOUND);
	assert_int_equal(programme_submitted(f->t.db, &f->pere, f->ana.id,
	    &list, &n), ST_NOTFOUND);
	assert_null(list);
	assert_int_equal(programme_list(f->t.db, f->t.conf, &f->pere,
	    f->ana.id, "en", &items, &n), ST_NOTFOUND);
	assert_int_equal(programme_adherence(f->t.db, &f->pere, f->ana.id,
	    &ad), ST_NOTFOUND);
	assert_int_equal(journal_update(f->t.db, &f->pere, entry, "mine",
	    &err), ST_NOTFOUND);
	assert_int_equal(journal_share(f->t.db, &f->pere, entry, false),
	    ST_NOTFOUND);
	assert_int_equal(journal_list(f->t.db, &f->pere, f->ana.id, &je, &n),
	    ST_NOTFOUND);
	/* Ids that do not exist are the same "not found". */
	assert_int_equal(programme_open_session(f->t.db, &f->pere, 9999, 0,
	    &err), ST_NOTFOUND);
	assert_int_equal(programme_feedback_seen(f->t.db, &f->pere, 9999),
	    ST_NOTFOUND);
	/* An expert patient is a patient too: not someone else's. */
	assert_int_equal(programme_answer_get(f->t.db, &f->marta, id, "feel",
	    &got), ST_NOTFOUND);
	assert_int_equal(programme_open_session(f->t.db, &f->marta, id, 0,
	    &err), ST_NOTFOUND);
	/* Her own id works, and nothing of ana's changed. */
	assert_int_equal(programme_open_session(f->t.db, &f->pere, mine, 0,
	    &err), ST_OK);
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "feel",
	    &got), ST_OK);
	assert_string_equal(got->text, FEEL);
	assert_int_equal(got->nfeedback, 1);
	assert_int_equal(got->feedback[0].seen_at, 0);
	exercise_answer_free(got);
	assert_null(err);
}

/* A professional not caring for her, or staff who are not clinicians. */
static void
test_not_in_care(void **state)
{
	struct fx		*f = *state;
	struct exercise_answer	 a = blank(), *got = NULL, **list = NULL;
	struct programme_item	*items = NULL;
	struct journal_entry	*je = NULL;
	struct adherence	 ad;
	size_t			 n = 0, audits;
	char			*err = NULL;
	int64_t			 id, ans, entry;

	id = assign(f, &f->ana, "steps", 0);
	submit_text(f, id, "feel", FEEL);
	ans = answer_id(f, id, "feel");
	assert_int_equal(journal_write(f->t.db, &f->ana, JOURNAL_SHARED, true,
	    &entry, &err), ST_OK);
	audits = th_audit_count(&f->t);

	assert_int_equal(programme_answer_get(f->t.db, &f->oriol, id, "feel",
	    &got), ST_NOTFOUND);
	assert_int_equal(programme_submitted(f->t.db, &f->oriol, f->ana.id,
	    &list, &n), ST_NOTFOUND);
	assert_int_equal(programme_feedback(f->t.db, &f->oriol, ans, FEEDBACK,
	    &err), ST_NOTFOUND);
	assert_int_equal(programme_list(f->t.db, f->t.conf, &f->oriol,
	    f->ana.id, "en", &items, &n), ST_NOTFOUND);
	assert_int_equal(programme_adherence(f->t.db, &f->oriol, f->ana.id,
	    &ad), ST_NOTFOUND);
	assert_int_equal(journal_list(f->t.db, &f->oriol, f->ana.id, &je, &n),
	    ST_NOTFOUND);
	assert_int_equal(programme_answer_get(f->t.db, &f->jordi, id, "feel",
	    &got), ST_NOTFOUND);
	assert_int_equal(journal_list(f->t.db, &f->jordi, f->ana.id, &je, &n),
	    ST_NOTFOUND);
	/* A professional, even in care, does not work on her modules. */
	assert_int_equal(programme_open_session(f->t.db, &f->laia, id, 0,
	    &err), ST_NOTFOUND);
	a.text = "written by someone else";
	assert_int_equal(programme_answer_save(f->t.db, &f->laia, id, "feel",
	    &a, true, &err), ST_NOTFOUND);
	assert_int_equal(programme_feedback_seen(f->t.db, &f->laia, ans),
	    ST_NOTFOUND);
	assert_int_equal(journal_update(f->t.db, &f->laia, entry, "x", &err),
	    ST_NOTFOUND);
	/* Nothing read, nothing audited. */
	assert_int_equal(th_audit_count(&f->t), audits);
	assert_null(err);
}

/* find_audit counts audit rows of action naming patient. */
static int64_t
find_audit(struct fx *f, const char *action, const char *patient)
{
	char	*sql;
	int64_t	 n;

	xasprintf(&sql, "SELECT count(*) FROM audit WHERE action = '%s' AND "
	    "patient = '%s'", action, patient);
	n = raw_int(f, sql);
	free(sql);
	return n;
}

/* Feedback: on a submitted answer, new for her until she sees it. */
static void
test_feedback(void **state)
{
	struct fx		*f = *state;
	struct exercise_answer	 a = blank(), *got = NULL;
	struct programme_item	*list;
	struct audit_entry	*e;
	size_t			 n;
	char			*err = NULL, *long_text;
	int64_t			 id, ans, due, fb;

	id = assign(f, &f->ana, "steps", 0);
	a.text = "a draft";
	assert_int_equal(save(f, &f->ana, id, "feel", &a, false), ST_OK);
	ans = answer_id(f, id, "feel");
	/* Not on a draft. */
	assert_int_equal(programme_feedback(f->t.db, &f->laia, ans, FEEDBACK,
	    &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	/* The professional does not see her draft. */
	assert_int_equal(programme_answer_get(f->t.db, &f->laia, id, "feel",
	    &got), ST_OK);
	assert_int_equal(got->id, 0);
	assert_null(got->text);
	exercise_answer_free(got);
	assert_int_equal(find_audit(f, "module.answer_read", "ana"), 0);

	submit_text(f, id, "feel", FEEL);
	assert_int_equal(programme_feedback(f->t.db, &f->laia, ans, "  \n",
	    &err), ST_INVALID);
	free(err);
	err = NULL;
	long_text = text_of(FEEDBACK_MAX + 1);
	assert_int_equal(programme_feedback(f->t.db, &f->laia, ans, long_text,
	    &err), ST_INVALID);
	free(err);
	err = NULL;
	free(long_text);
	assert_int_equal(programme_feedback(f->t.db, &f->laia, ans, FEEDBACK,
	    &err), ST_OK);
	assert_null(err);
	e = th_audit_last(&f->t);
	assert_string_equal(e->action, "module.feedback");
	assert_string_equal(e->patient, "ana");
	assert_true(e->detail == NULL || strstr(e->detail, FEEDBACK) == NULL);
	audit_entry_free(e);
	assert_int_equal(events(f, &f->ana, "feedback"), 1);

	/* New for her, at login and in her programme. */
	assert_int_equal(programme_counts(f->t.db, f->t.conf, &f->ana, &due,
	    &fb), ST_OK);
	assert_int_equal(fb, 1);
	list = item(f, &f->ana, id, &n);
	assert_int_equal(list[0].new_feedback, 1);
	programme_free(list, n);
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "feel",
	    &got), ST_OK);
	assert_int_equal(got->nfeedback, 1);
	assert_string_equal(got->feedback[0].text, FEEDBACK);
	assert_string_equal(got->feedback[0].author, "laia");
	assert_int_equal(got->feedback[0].seen_at, 0);
	assert_true(got->feedback[0].at > 0);
	exercise_answer_free(got);

	/* Seen: only she marks it. */
	assert_int_equal(programme_feedback_seen(f->t.db, &f->laia, ans),
	    ST_NOTFOUND);
	assert_int_equal(programme_feedback_seen(f->t.db, &f->ana, ans),
	    ST_OK);
	assert_int_equal(programme_counts(f->t.db, f->t.conf, &f->ana, &due,
	    &fb), ST_OK);
	assert_int_equal(fb, 0);
	assert_int_equal(events(f, &f->ana, "feedback.seen"), 1);
	/* Seeing it again is no new event. */
	assert_int_equal(programme_feedback_seen(f->t.db, &f->ana, ans),
	    ST_OK);
	assert_int_equal(events(f, &f->ana, "feedback.seen"), 1);
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "feel",
	    &got), ST_OK);
	assert_true(got->feedback[0].seen_at > 0);
	exercise_answer_free(got);
}

/* Staff reads are audited, naming the patient and never a text. */
static void
test_audit_staff_reads(void **state)
{
	struct fx		*f = *state;
	struct exercise_answer	*got = NULL, **list = NULL;
	struct programme_item	*items = NULL;
	struct audit_entry	*e;
	size_t			 n = 0, audits;
	int64_t			 id;

	id = assign(f, &f->ana, "steps", 0);
	submit_text(f, id, "feel", FEEL);
	/* Her own reads are not audited. */
	audits = th_audit_count(&f->t);
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "feel",
	    &got), ST_OK);
	exercise_answer_free(got);
	assert_int_equal(programme_submitted(f->t.db, &f->ana, f->ana.id,
	    &list, &n), ST_OK);
	exercise_answers_free_list(list, n);
	assert_int_equal(th_audit_count(&f->t), audits);

	assert_int_equal(programme_answer_get(f->t.db, &f->laia, id, "feel",
	    &got), ST_OK);
	assert_string_equal(got->text, FEEL);
	assert_true(got->submitted);
	exercise_answer_free(got);
	e = th_audit_last(&f->t);
	assert_string_equal(e->action, "module.answer_read");
	assert_string_equal(e->patient, "ana");
	assert_string_equal(e->actor_name, "laia");
	assert_true(e->detail == NULL || strstr(e->detail, FEEL) == NULL);
	audit_entry_free(e);

	assert_int_equal(programme_submitted(f->t.db, &f->laia, f->ana.id,
	    &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0]->text, FEEL);
	assert_string_equal(list[0]->exercise, "feel");
	assert_int_equal(list[0]->assignment_id, id);
	exercise_answers_free_list(list, n);
	assert_int_equal(find_audit(f, "module.submitted_read", "ana"), 1);

	assert_int_equal(programme_list(f->t.db, f->t.conf, &f->laia,
	    f->ana.id, "en", &items, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].patient_id, f->ana.id);
	assert_int_equal(items[0].exercises_submitted, 1);
	programme_free(items, n);
	assert_int_equal(find_audit(f, "module.progress", "ana"), 1);
	/* No audit row holds a text of hers. */
	assert_int_equal(raw_int(f, "SELECT count(*) FROM audit WHERE "
	    "coalesce(detail, '') LIKE '%tired-but%'"), 0);
}

/* The newest first, submitted ones only, in programme_submitted. */
static void
test_submitted_order(void **state)
{
	struct fx		*f = *state;
	struct exercise_answer	 a = blank(), **list = NULL;
	size_t			 n = 0;
	int64_t			 id, other;

	id = assign(f, &f->ana, "steps", 0);
	other = assign(f, &f->ana, "open-all", 0);
	submit_text(f, id, "feel", FEEL);
	a.rating = 4;
	assert_int_equal(save(f, &f->ana, id, "calm", &a, false), ST_OK);
	raw_exec(f, "UPDATE exercise_answers SET submitted_at = "
	    "submitted_at - 100");
	submit_text(f, other, "note", "second");
	assert_int_equal(programme_submitted(f->t.db, &f->laia, f->ana.id,
	    &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->exercise, "note");
	assert_string_equal(list[0]->module, "open-all");
	assert_string_equal(list[1]->exercise, "feel");
	assert_int_equal(list[1]->kind, EX_TEXT);
	exercise_answers_free_list(list, n);
}

/* The journal: hers entirely; a professional sees what she shares. */
static void
test_journal(void **state)
{
	struct fx		*f = *state;
	struct journal_entry	*je = NULL;
	size_t			 n = 0;
	char			*err = NULL, *s;
	int64_t			 priv, shared, id;

	assert_int_equal(journal_write(f->t.db, &f->ana, JOURNAL_PRIV, false,
	    &priv, &err), ST_OK);
	assert_null(err);
	raw_exec(f, "UPDATE journal_entries SET created_at = created_at - 60");
	assert_int_equal(journal_write(f->t.db, &f->ana, JOURNAL_SHARED, true,
	    &shared, &err), ST_OK);
	assert_true(priv > 0 && shared > priv);

	assert_int_equal(journal_list(f->t.db, &f->ana, 0, &je, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(je[0].id, shared);
	assert_string_equal(je[0].text, JOURNAL_SHARED);
	assert_true(je[0].shared);
	assert_string_equal(je[1].text, JOURNAL_PRIV);
	assert_false(je[1].shared);
	journal_entries_free(je, n);
	assert_int_equal(find_audit(f, "journal.read", "ana"), 0);

	assert_int_equal(journal_list(f->t.db, &f->laia, f->ana.id, &je, &n),
	    ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(je[0].text, JOURNAL_SHARED);
	journal_entries_free(je, n);
	assert_int_equal(find_audit(f, "journal.read", "ana"), 1);

	/* Shared, then not. */
	assert_int_equal(journal_share(f->t.db, &f->ana, priv, true), ST_OK);
	assert_int_equal(journal_list(f->t.db, &f->laia, f->ana.id, &je, &n),
	    ST_OK);
	assert_int_equal(n, 2);
	journal_entries_free(je, n);
	assert_int_equal(journal_share(f->t.db, &f->ana, priv, false), ST_OK);
	assert_int_equal(journal_share(f->t.db, &f->ana, shared, false),
	    ST_OK);
	assert_int_equal(journal_list(f->t.db, &f->laia, f->ana.id, &je, &n),
	    ST_OK);
	assert_int_equal(n, 0);
	journal_entries_free(je, n);
	assert_int_equal(events(f, &f->ana, "journal.share"), 2);
	assert_int_equal(events(f, &f->ana, "journal.unshare"), 2);

	/* Her own entry changes; lengths 1 to EXERCISE_TEXT_MAX. */
	assert_int_equal(journal_update(f->t.db, &f->ana, priv, "rewritten",
	    &err), ST_OK);
	assert_int_equal(journal_update(f->t.db, &f->ana, priv, " \n ", &err),
	    ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	s = text_of(EXERCISE_TEXT_MAX + 1);
	assert_int_equal(journal_write(f->t.db, &f->ana, s, false, &id, &err),
	    ST_INVALID);
	assert_int_equal(id, 0);
	free(err);
	err = NULL;
	free(s);
	s = text_of(EXERCISE_TEXT_MAX);
	assert_int_equal(journal_write(f->t.db, &f->ana, s, false, &id, &err),
	    ST_OK);
	free(s);
	assert_int_equal(journal_list(f->t.db, &f->ana, 0, &je, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(je[2].text, "rewritten");
	assert_true(je[2].updated_at >= je[2].created_at);
	journal_entries_free(je, n);
	/* Staff keep no journal of their own here. */
	assert_int_equal(journal_write(f->t.db, &f->laia, "x", false, &id,
	    &err), ST_DENIED);
	/* Someone else's entry is not found, even to share or read. */
	assert_int_equal(journal_share(f->t.db, &f->pere, priv, true),
	    ST_NOTFOUND);
	assert_int_equal(journal_update(f->t.db, &f->ana, 9999, "x", &err),
	    ST_NOTFOUND);
	assert_null(err);
}

/* stored_in_clear tells whether the raw files or columns hold text. */
static bool
stored_in_clear(struct fx *f, const char *text)
{
	int	seen;

	return th_file_holds(&f->t, "mirall.db", text) ||
	    th_file_holds(&f->t, "mirall.db-wal", text) ||
	    th_blobs_hold(&f->t, "SELECT answer FROM exercise_answers", text,
	    &seen) ||
	    th_blobs_hold(&f->t, "SELECT text FROM exercise_feedback", text,
	    &seen) ||
	    th_blobs_hold(&f->t, "SELECT text FROM journal_entries", text,
	    &seen);
}

/* Texts are sealed: nowhere in clear, and a moved blob does not open. */
static void
test_sealed(void **state)
{
	struct fx		*f = *state;
	struct exercise_answer	 a, *got = NULL;
	struct journal_entry	*je = NULL;
	size_t			 n = 0;
	char			*err = NULL;
	int64_t			 id, ans, entry;
	int			 seen;

	id = steps_at_two(f);
	ans = answer_id(f, id, "feel");
	a = full_thought(90, 20);
	assert_int_equal(save(f, &f->ana, id, "thoughts", &a, true), ST_OK);
	assert_int_equal(programme_feedback(f->t.db, &f->laia, ans, FEEDBACK,
	    &err), ST_OK);
	assert_int_equal(journal_write(f->t.db, &f->ana, JOURNAL_PRIV, false,
	    &entry, &err), ST_OK);
	assert_false(stored_in_clear(f, FEEL));
	assert_false(stored_in_clear(f, SITUATION));
	assert_false(stored_in_clear(f, BALANCED));
	assert_false(stored_in_clear(f, FEEDBACK));
	assert_false(stored_in_clear(f, JOURNAL_PRIV));
	/* Every text is there, sealed under the current key. */
	assert_false(th_blobs_hold(&f->t, "SELECT answer FROM exercise_answers",
	    FEEL, &seen));
	assert_int_equal(seen, 2);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM exercise_answers "
	    "WHERE answer_key = 0"), 0);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM exercise_feedback "
	    "WHERE text_key = 0 OR text IS NULL"), 0);

	/* The thought record's blob moved onto the text answer's row. */
	raw_exec(f, "UPDATE exercise_answers SET answer = (SELECT answer FROM "
	    "exercise_answers WHERE exercise = 'thoughts') WHERE exercise = "
	    "'feel'");
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "feel",
	    &got), ST_OK);
	assert_true(got->unreadable);
	assert_null(got->text);
	exercise_answer_free(got);
	/* A journal entry moved to another patient does not open. */
	raw_exec(f, "UPDATE journal_entries SET patient_id = (SELECT id FROM "
	    "accounts WHERE pseudonym = 'pere')");
	assert_int_equal(journal_list(f->t.db, &f->pere, 0, &je, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(je[0].id, entry);
	assert_true(je[0].unreadable);
	assert_null(je[0].text);
	journal_entries_free(je, n);
	assert_null(err);
}

/* Key rotation re-seals answers, feedback and journal entries. */
static void
test_rotation(void **state)
{
	struct fx		*f = *state;
	struct exercise_answer	*got = NULL;
	struct journal_entry	*je = NULL;
	size_t			 n = 0;
	char			*err = NULL;
	int64_t			 id, ans, entry, moved = 0, pending = -1;

	id = assign(f, &f->ana, "steps", 0);
	submit_text(f, id, "feel", FEEL);
	ans = answer_id(f, id, "feel");
	assert_int_equal(programme_feedback(f->t.db, &f->laia, ans, FEEDBACK,
	    &err), ST_OK);
	assert_int_equal(journal_write(f->t.db, &f->ana, JOURNAL_PRIV, false,
	    &entry, &err), ST_OK);
	assert_int_equal(rotate_run(f->t.db, f->t.conf, &f->op, 1, true,
	    &moved, &err), ST_OK);
	assert_null(err);
	assert_int_equal(moved, 3);
	assert_int_equal(rotate_pending(f->t.db, &pending), ST_OK);
	assert_int_equal(pending, 0);
	assert_int_equal(programme_answer_get(f->t.db, &f->ana, id, "feel",
	    &got), ST_OK);
	assert_false(got->unreadable);
	assert_string_equal(got->text, FEEL);
	assert_string_equal(got->feedback[0].text, FEEDBACK);
	exercise_answer_free(got);
	assert_int_equal(journal_list(f->t.db, &f->ana, 0, &je, &n), ST_OK);
	assert_string_equal(je[0].text, JOURNAL_PRIV);
	journal_entries_free(je, n);
	assert_int_equal(rotate_verify(f->t.db, f->t.conf, &err), ST_OK);
	assert_null(err);
}

/* Adherence: what was assigned, done and submitted, and when last. */
static void
test_adherence(void **state)
{
	struct fx		*f = *state;
	struct exercise_answer	 a;
	struct adherence	 ad;
	int64_t			 id, other;

	assert_int_equal(programme_adherence(f->t.db, &f->laia, f->ana.id,
	    &ad), ST_OK);
	assert_int_equal(ad.modules_assigned, 0);
	assert_int_equal(ad.last_activity, 0);

	id = steps_at_two(f);
	other = assign(f, &f->ana, "open-all", 0);
	/* Assigning is not her activity. */
	assert_int_equal(programme_adherence(f->t.db, &f->laia, f->ana.id,
	    &ad), ST_OK);
	assert_int_equal(ad.modules_assigned, 2);
	assert_int_equal(ad.modules_completed, 0);
	assert_int_equal(ad.sessions_assigned, 5);
	assert_int_equal(ad.sessions_completed, 1);
	assert_int_equal(ad.exercises_submitted, 1);
	assert_true(ad.last_activity > 0);

	a = full_thought(50, 10);
	assert_int_equal(save(f, &f->ana, id, "thoughts", &a, true), ST_OK);
	assert_int_equal(finish(f, id, 1, NULL), ST_OK);
	a = blank();
	a.nrows = 1;
	a.rows[0].what = PLAN_WHAT;
	assert_int_equal(save(f, &f->ana, id, "plan", &a, true), ST_OK);
	assert_int_equal(finish(f, id, 2, NULL), ST_OK);
	raw_exec(f, "UPDATE module_events SET at = 1000");
	submit_text(f, other, "note", "n");

	assert_int_equal(programme_adherence(f->t.db, &f->ana, f->ana.id, &ad),
	    ST_OK);
	assert_int_equal(ad.modules_assigned, 2);
	assert_int_equal(ad.modules_completed, 1);
	assert_int_equal(ad.sessions_assigned, 5);
	assert_int_equal(ad.sessions_completed, 3);
	assert_int_equal(ad.exercises_submitted, 4);
	assert_true(ad.last_activity > 1000);
	assert_int_equal(events(f, &f->ana, "module.complete"), 1);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM module_events WHERE "
	    "assignment_id IS NULL"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_assign),
		T(test_unlock_in_order),
		T(test_unlock_all),
		T(test_schedule),
		T(test_draft_then_submit),
		T(test_partial_kept),
		T(test_thought_bounds),
		T(test_form_bounds),
		T(test_other_patient),
		T(test_not_in_care),
		T(test_feedback),
		T(test_audit_staff_reads),
		T(test_submitted_order),
		T(test_journal),
		T(test_sealed),
		T(test_rotation),
		T(test_adherence),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
