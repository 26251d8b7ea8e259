/*
 * demo_modules.c: the demo community's self-help programmes, so that "My
 * programme", the professional's view of it and the adherence line have
 * something real to show.
 *
 * Loaded through the domain functions (programme.c, journal.c) as each
 * person would do it from her session, so answers are checked, sealed
 * and counted like any other.  The story:
 *   ana    laia gave her "Understanding emotional distress" (at her own
 *          pace) and "Relaxation and breathing" (a session a week).  She
 *          finished the first session of the first, laia answered what
 *          she wrote, and she left her first thought record half done.
 *          She keeps a journal and shared one entry with laia.
 *   nuria  laia gave her "Returning to everyday life and work"; she has
 *          not started it yet.
 */
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

/* The people of the story, as actors of their accounts. */
struct demo_mod_cast {
	struct account	*ana, *nuria, *laia;
	struct actor	 a, l;
};

/* demo_mod_failed says which step failed and returns st. */
static int
demo_mod_failed(const char *what, int st, char *err, char **msg)
{
	xasprintf(msg, "modules: %s: %s", what, err != NULL ? err :
	    status_str(st));
	free(err);
	return st;
}

/* demo_mod_assignment finds the id of module assigned to patient. */
static int
demo_mod_assignment(struct db *db, const struct conf *conf,
    const struct actor *patient, const char *module, int64_t *id)
{
	struct programme_item	*items = NULL;
	size_t			 n = 0, i;
	int			 st;

	*id = 0;
	if ((st = programme_list(db, conf, patient, 0, "en", &items, &n)) !=
	    ST_OK)
		return st;
	for (i = 0; i < n; i++)
		if (strcmp(items[i].module, module) == 0)
			*id = items[i].assignment_id;
	programme_free(items, n);
	return *id != 0 ? ST_OK : ST_NOTFOUND;
}

/*
 * demo_mod_answer fills the answer to exercise of assignment through
 * fill and saves it, submitted or as a draft.
 */
static int
demo_mod_answer(struct db *db, const struct actor *a, int64_t assignment,
    const char *exercise, void (*fill)(struct exercise_answer *),
    bool submit, char **msg)
{
	struct exercise_answer	*ans = NULL;
	char			*err = NULL;
	int			 st;

	if ((st = programme_answer_get(db, a, assignment, exercise, &ans)) !=
	    ST_OK)
		return demo_mod_failed(exercise, st, NULL, msg);
	fill(ans);
	st = programme_answer_save(db, a, assignment, exercise, ans, submit,
	    &err);
	exercise_answer_free(ans);
	if (st != ST_OK)
		return demo_mod_failed(exercise, st, err, msg);
	return ST_OK;
}

/* What ana answered in the first session of "distress". */
static void
demo_mod_week(struct exercise_answer *ans)
{
	ans->rating = 6;
}

static void
demo_mod_signs(struct exercise_answer *ans)
{
	/* Sleep, worry, tiredness, check-ups. */
	ans->checks = 1U << 0 | 1U << 1 | 1U << 4 | 1U << 11;
}

static void
demo_mod_hardest(struct exercise_answer *ans)
{
	free(ans->text);
	ans->text = xstrdup("The nights. During the day I keep busy, but "
	    "when the house is quiet I start thinking about the next "
	    "check-up, and about my daughter. Everyone says I should be "
	    "happy it is over, and I am, but I feel more fragile now than "
	    "during the treatment.");
}

/* Her first thought record, half written when she stopped. */
static void
demo_mod_thought(struct exercise_answer *ans)
{
	free(ans->thought[THOUGHT_SITUATION]);
	free(ans->thought[THOUGHT_AUTOMATIC]);
	free(ans->thought[THOUGHT_EMOTION]);
	ans->thought[THOUGHT_SITUATION] = xstrdup("A twinge in my side while "
	    "cooking dinner.");
	ans->thought[THOUGHT_AUTOMATIC] = xstrdup("What if it is back?");
	ans->thought[THOUGHT_EMOTION] = xstrdup("Fear");
	ans->intensity = 75;
}

/* Before her first breathing practice. */
static void
demo_mod_tension(struct exercise_answer *ans)
{
	ans->rating = 7;
}

/* demo_mod_ana works through what laia gave her. */
static int
demo_mod_ana(struct db *db, const struct conf *conf,
    const struct demo_mod_cast *c, char **msg)
{
	struct exercise_answer	*ans = NULL;
	char			*err = NULL;
	int64_t			 distress, relax;
	int			 st;

	if ((st = demo_mod_assignment(db, conf, &c->a, "distress",
	    &distress)) != ST_OK ||
	    (st = demo_mod_assignment(db, conf, &c->a, "relaxation",
	    &relax)) != ST_OK)
		return demo_mod_failed("ana's programme", st, NULL, msg);
	if ((st = programme_open_session(db, &c->a, distress, 0, &err)) !=
	    ST_OK)
		return demo_mod_failed("distress session 1", st, err, msg);
	if ((st = demo_mod_answer(db, &c->a, distress, "distress-week",
	    demo_mod_week, true, msg)) != ST_OK ||
	    (st = demo_mod_answer(db, &c->a, distress, "distress-signs",
	    demo_mod_signs, true, msg)) != ST_OK ||
	    (st = demo_mod_answer(db, &c->a, distress, "hardest-part",
	    demo_mod_hardest, true, msg)) != ST_OK)
		return st;
	if ((st = programme_finish_session(db, &c->a, distress, 0, &err)) !=
	    ST_OK)
		return demo_mod_failed("finishing session 1", st, err, msg);
	if ((st = programme_answer_get(db, &c->l, distress, "hardest-part",
	    &ans)) != ST_OK)
		return demo_mod_failed("laia reading", st, NULL, msg);
	st = programme_feedback(db, &c->l, ans->id, "Thank you for writing "
	    "this so honestly, Ana. Feeling more fragile after treatment "
	    "than during it is something many people describe: while it "
	    "lasts there is a plan to follow, and afterwards there is room "
	    "for everything that was put aside. Let's use your nights as "
	    "the first thing we look at together; the next session, on "
	    "thoughts and feelings, will help with that.", &err);
	exercise_answer_free(ans);
	if (st != ST_OK)
		return demo_mod_failed("laia's feedback", st, err, msg);
	if ((st = programme_open_session(db, &c->a, distress, 1, &err)) !=
	    ST_OK)
		return demo_mod_failed("distress session 2", st, err, msg);
	if ((st = programme_position(db, &c->a, distress, 1, 2)) != ST_OK ||
	    (st = demo_mod_answer(db, &c->a, distress, "first-thought-record",
	    demo_mod_thought, false, msg)) != ST_OK)
		return st;
	if ((st = programme_open_session(db, &c->a, relax, 0, &err)) != ST_OK)
		return demo_mod_failed("relaxation session 1", st, err, msg);
	return demo_mod_answer(db, &c->a, relax, "tension-before-breathing",
	    demo_mod_tension, true, msg);
}

/* demo_mod_journal writes ana's two journal entries, one shared. */
static int
demo_mod_journal(struct db *db, const struct demo_mod_cast *c, char **msg)
{
	char	*err = NULL;
	int64_t	 id;
	int	 st;

	if ((st = journal_write(db, &c->a, "Walked to the market with Marc "
	    "this morning. First time in weeks I did not think about the "
	    "hospital for a whole hour.", false, &id, &err)) != ST_OK)
		return demo_mod_failed("ana's journal", st, err, msg);
	if ((st = journal_write(db, &c->a, "Bad night again. Tried the slow "
	    "breathing at four in the morning: it did not make me sleep, "
	    "but the racing stopped for a while. I would like to talk about "
	    "the nights with Laia.", true, &id, &err)) != ST_OK)
		return demo_mod_failed("ana's journal", st, err, msg);
	return ST_OK;
}

/* demo_mod_cast_load finds the three accounts, and ana's and laia's actors. */
static int
demo_mod_cast_load(struct db *db, struct demo_mod_cast *c, char **msg)
{
	int	st;

	memset(c, 0, sizeof *c);
	if ((st = accounts_find(db, "ana", &c->ana)) != ST_OK ||
	    (st = accounts_find(db, "nuria", &c->nuria)) != ST_OK ||
	    (st = accounts_find(db, "laia", &c->laia)) != ST_OK)
		return demo_mod_failed("the demo accounts", st, NULL, msg);
	account_actor(c->ana, "local", &c->a);
	account_actor(c->laia, "local", &c->l);
	return ST_OK;
}

/*
 * demo_modules loads the demo's programmes into a database holding the
 * demo accounts and care teams, with the modules and key ring loaded.
 * *summary gets a line to print; on failure *msg says what failed.
 */
int
demo_modules(struct db *db, const struct conf *conf, char **summary,
    char **msg)
{
	static const struct {
		const char	*module;
		int		 every_days;
		bool		 ana;
	} assign[] = {
		{ "distress", 0, true },
		{ "relaxation", 7, true },
		{ "everyday", 0, false },
	};
	struct demo_mod_cast	 c;
	char			*err = NULL;
	size_t			 i;
	int			 st;

	*summary = NULL;
	if ((st = demo_mod_cast_load(db, &c, msg)) != ST_OK)
		goto out;
	for (i = 0; i < sizeof assign / sizeof assign[0]; i++) {
		if ((st = programme_assign(db, conf, &c.l, assign[i].ana ?
		    c.ana->id : c.nuria->id, assign[i].module,
		    assign[i].every_days, &err)) != ST_OK) {
			st = demo_mod_failed(assign[i].module, st, err, msg);
			goto out;
		}
	}
	if ((st = demo_mod_ana(db, conf, &c, msg)) != ST_OK ||
	    (st = demo_mod_journal(db, &c, msg)) != ST_OK)
		goto out;
	xasprintf(summary, "Self-help: %zu modules assigned, ana's first "
	    "session done with feedback\n", sizeof assign / sizeof assign[0]);
out:
	account_free(c.ana);
	account_free(c.nuria);
	account_free(c.laia);
	return st;
}
