/*
 * test_mirror.c: mirror experiences.  A patient asks, a professional
 * proposes an available expert patient (suggested in order), the expert
 * accepts or declines, the first message makes it active, the mediator
 * closes it and patient and expert rate it once each.  Also: what each
 * role sees of a request (someone else's id is "not found"; the expert
 * never gets the preference), wrong states refused, one open request per
 * patient, the length limits at their boundary, an event with its time
 * for every change, and the texts sealed: not in the raw database file,
 * its WAL, nor its columns, and a blob moved to another row opens to
 * nothing rather than to garbage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

#define DETAILS		"scan-anxiety-before-every-checkup"
#define PREFERENCE	"someone-who-was-treated-at-forty"
#define REASON		"travelling-for-three-weeks-sorry"
#define COMMENT		"she-listened-and-it-helped-a-lot"

/* The people of a test, and its database. */
struct fx {
	struct th	 t;
	struct actor	 ana;		/* patient */
	struct actor	 pere;		/* another patient */
	struct actor	 marta;		/* expert: recurrence, work */
	struct actor	 joan;		/* expert: recurrence */
	struct actor	 eva;		/* expert: work only */
	struct actor	 rosa;		/* expert, not available */
	struct actor	 laia;		/* professional */
	struct actor	 oriol;		/* professional */
	struct actor	 jordi;		/* moderator */
};

/*
 * person creates an account of role and describes it as an actor;
 * patients and experts agree to every purpose (test_consent.c tests
 * what happens when they do not).
 */
static struct actor
person(struct th *t, const char *name, int role)
{
	struct actor	a;

	a = th_actor(th_account(t, name, role, NULL), role, name);
	if (role == ROLE_PATIENT || role == ROLE_EXPERT)
		th_consent_all(t->db, a.id);
	return a;
}

/* bit is a topic's bit in a profile. */
static unsigned
bit(int topic)
{
	return 1U << topic;
}

/* setup: a database with a key ring, everyone, and the experts' profiles. */
static int
setup(void **state)
{
	struct fx	*f;
	char		*err = NULL;

	f = xcalloc(1, sizeof *f);
	if (th_open(&f->t) != 0)
		goto fail;
	/* Messages in the conversation are checked for risk language. */
	free(f->t.conf->content_dir);
	f->t.conf->content_dir = th_source_content();
	if (th_keys(&f->t) != 0 || patterns_load(f->t.conf, &err) != ST_OK) {
		fprintf(stderr, "setup: %s\n", err != NULL ? err : "keys");
		free(err);
		goto fail;
	}
	alert_configure(f->t.conf);
	f->ana = person(&f->t, "ana", ROLE_PATIENT);
	f->pere = person(&f->t, "pere", ROLE_PATIENT);
	f->marta = person(&f->t, "marta", ROLE_EXPERT);
	f->joan = person(&f->t, "joan", ROLE_EXPERT);
	f->eva = person(&f->t, "eva", ROLE_EXPERT);
	f->rosa = person(&f->t, "rosa", ROLE_EXPERT);
	f->laia = person(&f->t, "laia", ROLE_PROFESSIONAL);
	f->oriol = person(&f->t, "oriol", ROLE_PROFESSIONAL);
	f->jordi = person(&f->t, "jordi", ROLE_MODERATOR);
	assert_int_equal(mirror_profile_set(f->t.db, &f->marta,
	    bit(TOPIC_RECURRENCE) | bit(TOPIC_WORK), true), ST_OK);
	assert_int_equal(mirror_profile_set(f->t.db, &f->joan,
	    bit(TOPIC_RECURRENCE), true), ST_OK);
	assert_int_equal(mirror_profile_set(f->t.db, &f->eva,
	    bit(TOPIC_WORK), true), ST_OK);
	assert_int_equal(mirror_profile_set(f->t.db, &f->rosa,
	    bit(TOPIC_RECURRENCE), false), ST_OK);
	*state = f;
	return 0;
fail:
	free(f);
	return -1;
}

/* teardown frees the patterns and closes the database. */
static int
teardown(void **state)
{
	struct fx	*f = *state;
	int		 rc;

	patterns_free();
	rc = th_close(&f->t);
	free(f);
	return rc;
}

/* ask makes who's request on topic and returns its id. */
static int64_t
ask(struct fx *f, const struct actor *who, int topic, const char *details,
    const char *preference)
{
	int64_t	 id = 0;
	char	*err = NULL;

	assert_int_equal(mirror_request(f->t.db, who, topic, details,
	    preference, &id, &err), ST_OK);
	assert_null(err);
	assert_true(id > 0);
	return id;
}

/* propose has laia propose expert for request id. */
static void
propose(struct fx *f, int64_t id, const struct actor *expert)
{
	char	*err = NULL;

	assert_int_equal(mirror_propose(f->t.db, &f->laia, id, expert->id,
	    &err), ST_OK);
	assert_null(err);
}

/* accept has expert accept request id and returns the conversation. */
static int64_t
accept(struct fx *f, int64_t id, const struct actor *expert)
{
	int64_t	conv = 0;

	assert_int_equal(mirror_accept(f->t.db, expert, id, &conv), ST_OK);
	assert_true(conv > 0);
	return conv;
}

/* say has who write body in conversation conv. */
static void
say(struct fx *f, const struct actor *who, int64_t conv, const char *body)
{
	int64_t	 msg = 0;
	char	*err = NULL;

	assert_int_equal(message_reply(f->t.db, f->t.conf, who, conv, body,
	    &msg, &err), ST_OK);
	assert_null(err);
	assert_true(msg > 0);
}

/* stored reads request id straight from storage (no view audited). */
static struct mirror_request *
stored(struct fx *f, int64_t id)
{
	struct mirror_request	*r = NULL;

	assert_int_equal(mirror_requests_get(f->t.db, id, &r), ST_OK);
	assert_non_null(r);
	return r;
}

/* state_of is request id's state now. */
static int
state_of(struct fx *f, int64_t id)
{
	struct mirror_request	*r = stored(f, id);
	int			 s = r->state;

	mirror_request_free(r);
	return s;
}

/* raw_int runs a query on a raw connection and returns its integer. */
static int64_t
raw_int(struct fx *f, const char *sql)
{
	sqlite3		*sq = th_raw(&f->t);
	int64_t		 v;

	v = th_raw_int(sq, sql);
	sqlite3_close(sq);
	return v;
}

/* repeat returns n copies of the UTF-8 character s. */
static char *
repeat(const char *s, size_t n)
{
	size_t	 l = strlen(s), i;
	char	*out;

	out = xmalloc(l * n + 1);
	for (i = 0; i < n; i++)
		memcpy(out + i * l, s, l);
	out[l * n] = '\0';
	return out;
}

/* counts is what mirror_counts says for who. */
static int64_t
counts(struct fx *f, const struct actor *who)
{
	int64_t	n = -1;

	assert_int_equal(mirror_counts(f->t.db, who, &n), ST_OK);
	return n;
}

/* find tells whether id is in a list, and at which index (-1: not). */
static int
find(struct mirror_request **list, size_t n, int64_t id)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (list[i]->id == id)
			return (int)i;
	}
	return -1;
}

/* in_list tells where id is in list which of who (-1: not in it). */
static int
in_list(struct fx *f, const struct actor *who, int which, int64_t id)
{
	struct mirror_request	**list = NULL;
	size_t			  n = 0;
	int			  at, st;

	if (which == MIRROR_LIST_QUEUE)
		st = mirror_queue(f->t.db, who, &list, &n);
	else if (which == MIRROR_LIST_MINE)
		st = mirror_mine(f->t.db, who, &list, &n);
	else
		st = mirror_proposals(f->t.db, who, &list, &n);
	assert_int_equal(st, ST_OK);
	at = find(list, n, id);
	mirror_requests_free_list(list, n);
	return at;
}

/* The whole path: request, proposal, acceptance, messages, closing, ratings. */
static void
test_happy_path(void **state)
{
	struct fx		*f = *state;
	struct mirror_request	*r = NULL;
	struct mirror_event	*ev = NULL;
	struct mirror_rating	*rt = NULL;
	struct conversation	*c = NULL;
	size_t			 nev = 0, nrt = 0;
	int64_t			 id, conv;
	char			*err = NULL;

	id = ask(f, &f->ana, TOPIC_RECURRENCE, DETAILS, PREFERENCE);
	assert_int_equal(state_of(f, id), MIRROR_REQUESTED);
	assert_int_equal(in_list(f, &f->ana, MIRROR_LIST_MINE, id), 0);
	assert_int_equal(in_list(f, &f->laia, MIRROR_LIST_QUEUE, id), 0);
	assert_int_equal(in_list(f, &f->oriol, MIRROR_LIST_QUEUE, id), 0);
	assert_int_equal(counts(f, &f->laia), 1);
	assert_int_equal(counts(f, &f->marta), 0);

	propose(f, id, &f->marta);
	r = stored(f, id);
	assert_int_equal(r->state, MIRROR_PROPOSED);
	assert_int_equal(r->professional_id, f->laia.id);
	assert_int_equal(r->expert_id, f->marta.id);
	mirror_request_free(r);
	assert_int_equal(counts(f, &f->laia), 0);
	assert_int_equal(counts(f, &f->marta), 1);
	assert_int_equal(in_list(f, &f->marta, MIRROR_LIST_EXPERT, id), 0);
	/* Under way, it stays in the queue of the one who mediates. */
	assert_int_equal(in_list(f, &f->laia, MIRROR_LIST_QUEUE, id), 0);
	assert_int_equal(in_list(f, &f->oriol, MIRROR_LIST_QUEUE, id), -1);

	conv = accept(f, id, &f->marta);
	r = stored(f, id);
	assert_int_equal(r->state, MIRROR_ACCEPTED);
	assert_int_equal(r->conversation_id, conv);
	mirror_request_free(r);
	assert_int_equal(counts(f, &f->marta), 0);

	/* The first message makes it active; later ones change nothing. */
	say(f, &f->ana, conv, "Hello, thank you for answering.");
	assert_int_equal(state_of(f, id), MIRROR_ACTIVE);
	say(f, &f->marta, conv, "Hello ana.");
	say(f, &f->laia, conv, "I am here too.");
	assert_int_equal(state_of(f, id), MIRROR_ACTIVE);

	assert_int_equal(counts(f, &f->ana), 0);
	assert_int_equal(mirror_close(f->t.db, &f->laia, id), ST_OK);
	assert_int_equal(state_of(f, id), MIRROR_CLOSED);
	assert_int_equal(conversations_get(f->t.db, conv, f->laia.id, &c),
	    ST_OK);
	assert_true(c->closed_at > 0);
	conversation_free(c);
	assert_int_equal(counts(f, &f->ana), 1);
	/* Closed, it stays in its mediator's queue for the ratings only. */
	assert_true(in_list(f, &f->laia, MIRROR_LIST_QUEUE, id) >= 0);
	assert_int_equal(in_list(f, &f->oriol, MIRROR_LIST_QUEUE, id), -1);

	assert_int_equal(mirror_rate(f->t.db, &f->ana, id, 5, COMMENT, &err),
	    ST_OK);
	assert_null(err);
	assert_int_equal(mirror_rate(f->t.db, &f->marta, id, 4, NULL, &err),
	    ST_OK);
	assert_null(err);
	assert_int_equal(counts(f, &f->ana), 0);

	/* The professional reads both ratings; each rater her own. */
	assert_int_equal(mirror_ratings(f->t.db, &f->laia, id, &rt, &nrt),
	    ST_OK);
	assert_int_equal(nrt, 2);
	assert_int_equal(rt[0].account_id, f->ana.id);
	assert_int_equal(rt[0].rating, 5);
	assert_string_equal(rt[0].comment_text, COMMENT);
	assert_int_equal(rt[1].rating, 4);
	assert_null(rt[1].comment_text);
	mirror_ratings_free(rt, nrt);
	assert_int_equal(mirror_ratings(f->t.db, &f->marta, id, &rt, &nrt),
	    ST_OK);
	assert_int_equal(nrt, 1);
	assert_int_equal(rt[0].account_id, f->marta.id);
	mirror_ratings_free(rt, nrt);

	/* The history, in order, with who did each. */
	assert_int_equal(mirror_get(f->t.db, &f->laia, id, &r, &ev, &nev),
	    ST_OK);
	assert_int_equal(nev, 5);
	assert_int_equal(ev[0].state, MIRROR_REQUESTED);
	assert_int_equal(ev[0].by_id, f->ana.id);
	assert_int_equal(ev[1].state, MIRROR_PROPOSED);
	assert_int_equal(ev[1].by_id, f->laia.id);
	assert_int_equal(ev[1].expert_id, f->marta.id);
	assert_int_equal(ev[2].state, MIRROR_ACCEPTED);
	assert_int_equal(ev[2].by_id, f->marta.id);
	assert_int_equal(ev[3].state, MIRROR_ACTIVE);
	assert_int_equal(ev[3].by_id, f->ana.id);
	assert_int_equal(ev[4].state, MIRROR_CLOSED);
	assert_int_equal(ev[4].by_id, f->laia.id);
	assert_string_equal(r->details_text, DETAILS);
	assert_string_equal(r->preference_text, PREFERENCE);
	mirror_events_free(ev, nev);
	mirror_request_free(r);

	/* Closed, the patient may ask again. */
	ask(f, &f->ana, TOPIC_WORK, "", NULL);
}

/* A declined proposal goes back to the queue; another expert accepts. */
static void
test_decline_then_other(void **state)
{
	struct fx		 *f = *state;
	struct mirror_request	 *r = NULL, **list = NULL;
	struct mirror_event	 *ev = NULL;
	size_t			  nev = 0, nlist = 0;
	int64_t			 id;
	char			*err = NULL;

	id = ask(f, &f->ana, TOPIC_RECURRENCE, DETAILS, PREFERENCE);
	propose(f, id, &f->marta);

	/* A reason is required. */
	assert_int_equal(mirror_decline(f->t.db, &f->marta, id, " \n ", &err),
	    ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(state_of(f, id), MIRROR_PROPOSED);

	assert_int_equal(mirror_decline(f->t.db, &f->marta, id, REASON, &err),
	    ST_OK);
	assert_null(err);
	r = stored(f, id);
	assert_int_equal(r->state, MIRROR_DECLINED);
	assert_int_equal(r->expert_id, 0);
	mirror_request_free(r);

	/* Back in every professional's queue; no longer the expert's. */
	assert_int_equal(in_list(f, &f->oriol, MIRROR_LIST_QUEUE, id), 0);
	assert_int_equal(mirror_queue(f->t.db, &f->oriol, &list, &nlist),
	    ST_OK);
	assert_string_equal(list[0]->declined_by, "marta");
	assert_null(list[0]->details_text);	/* lists carry no text */
	mirror_requests_free_list(list, nlist);
	assert_int_equal(counts(f, &f->laia), 1);
	assert_int_equal(in_list(f, &f->marta, MIRROR_LIST_EXPERT, id), -1);
	assert_int_equal(mirror_get(f->t.db, &f->marta, id, &r, &ev, &nev),
	    ST_NOTFOUND);
	assert_int_equal(mirror_accept(f->t.db, &f->marta, id, &(int64_t){0}),
	    ST_NOTFOUND);

	/* The professional reads the reason and who declined. */
	assert_int_equal(mirror_get(f->t.db, &f->laia, id, &r, &ev, &nev),
	    ST_OK);
	assert_int_equal(nev, 3);
	assert_int_equal(ev[2].state, MIRROR_DECLINED);
	assert_int_equal(ev[2].expert_id, f->marta.id);
	assert_int_equal(ev[2].by_id, f->marta.id);
	assert_string_equal(ev[2].note_text, REASON);
	mirror_events_free(ev, nev);
	mirror_request_free(r);

	/* The patient sees states and times: no reason, no expert. */
	assert_int_equal(mirror_get(f->t.db, &f->ana, id, &r, &ev, &nev),
	    ST_OK);
	assert_int_equal(nev, 3);
	assert_int_equal(ev[2].state, MIRROR_DECLINED);
	assert_true(ev[2].at > 0);
	assert_null(ev[2].note_text);
	assert_null(ev[2].note.blob);
	assert_int_equal(ev[2].expert_id, 0);
	assert_null(ev[2].expert);
	assert_int_equal(ev[2].by_id, 0);
	assert_int_equal(ev[1].expert_id, 0);
	mirror_events_free(ev, nev);
	mirror_request_free(r);

	/* Another professional proposes another expert, who accepts. */
	assert_int_equal(mirror_propose(f->t.db, &f->oriol, id, f->joan.id,
	    &err), ST_OK);
	accept(f, id, &f->joan);
	r = stored(f, id);
	assert_int_equal(r->state, MIRROR_ACCEPTED);
	assert_int_equal(r->expert_id, f->joan.id);
	assert_int_equal(r->professional_id, f->oriol.id);
	mirror_request_free(r);

	/* Now the patient knows her expert, and still not the first one. */
	assert_int_equal(mirror_get(f->t.db, &f->ana, id, &r, &ev, &nev),
	    ST_OK);
	assert_int_equal(r->expert_id, f->joan.id);
	assert_string_equal(r->expert, "joan");
	assert_int_equal(nev, 5);
	assert_int_equal(ev[2].expert_id, 0);
	assert_int_equal(ev[3].expert_id, f->joan.id);
	mirror_events_free(ev, nev);
	mirror_request_free(r);

	/* The new expert does not see the first one's reason either. */
	assert_int_equal(mirror_get(f->t.db, &f->joan, id, &r, &ev, &nev),
	    ST_OK);
	assert_null(ev[2].note_text);
	assert_int_equal(ev[2].expert_id, 0);
	mirror_events_free(ev, nev);
	mirror_request_free(r);
}

/* Steps out of order, and people who may not take them. */
static void
test_state_errors(void **state)
{
	struct fx	*f = *state;
	int64_t		 id, own, conv;
	char		*err = NULL;

	id = ask(f, &f->ana, TOPIC_RECURRENCE, DETAILS, NULL);

	/* A patient does not propose: the action is not hers. */
	assert_int_equal(mirror_propose(f->t.db, &f->ana, id, f->marta.id,
	    &err), ST_DENIED);
	free(err);
	err = NULL;
	/* Nor does an expert accept what was never proposed to her. */
	assert_int_equal(mirror_accept(f->t.db, &f->marta, id, &conv),
	    ST_NOTFOUND);

	/* Only an available, enabled expert patient may be proposed. */
	assert_int_equal(mirror_propose(f->t.db, &f->laia, id, f->rosa.id,
	    &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(mirror_propose(f->t.db, &f->laia, id, f->pere.id,
	    &err), ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(mirror_propose(f->t.db, &f->laia, id, f->oriol.id,
	    &err), ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(mirror_propose(f->t.db, &f->laia, id, 9999, &err),
	    ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(db_begin(f->t.db), ST_OK);
	assert_int_equal(accounts_set_disabled(f->t.db, f->eva.id, true),
	    ST_OK);
	assert_int_equal(db_commit(f->t.db), ST_OK);
	assert_int_equal(mirror_propose(f->t.db, &f->laia, id, f->eva.id,
	    &err), ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(state_of(f, id), MIRROR_REQUESTED);

	/* An expert asking for herself is not proposed to herself. */
	own = ask(f, &f->joan, TOPIC_RECURRENCE, DETAILS, NULL);
	assert_int_equal(mirror_propose(f->t.db, &f->laia, own, f->joan.id,
	    &err), ST_INVALID);
	free(err);
	err = NULL;

	propose(f, id, &f->marta);
	/* Proposed already: not waiting for a match. */
	assert_int_equal(mirror_propose(f->t.db, &f->laia, id, f->joan.id,
	    &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	/* Closing before acceptance is a wrong state. */
	assert_int_equal(mirror_close(f->t.db, &f->laia, id), ST_INVALID);

	conv = accept(f, id, &f->marta);
	assert_int_equal(mirror_accept(f->t.db, &f->marta, id, &conv),
	    ST_INVALID);
	assert_int_equal(conv, 0);
	assert_int_equal(mirror_decline(f->t.db, &f->marta, id, REASON,
	    &err), ST_INVALID);
	free(err);
	err = NULL;

	/* Under way, the patient asks the professional to close it. */
	assert_int_equal(mirror_cancel(f->t.db, &f->ana, id, NULL, &err),
	    ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	/* The expert in it never cancels it. */
	assert_int_equal(mirror_cancel(f->t.db, &f->marta, id, NULL, &err),
	    ST_DENIED);
	free(err);
	err = NULL;

	/* Rating before closing. */
	assert_int_equal(mirror_rate(f->t.db, &f->ana, id, 4, NULL, &err),
	    ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;

	/* Only the mediating professional closes it. */
	assert_int_equal(mirror_close(f->t.db, &f->oriol, id), ST_DENIED);
	assert_int_equal(mirror_close(f->t.db, &f->ana, id), ST_DENIED);
	assert_int_equal(mirror_close(f->t.db, &f->laia, id), ST_OK);
	assert_int_equal(mirror_close(f->t.db, &f->laia, id), ST_INVALID);
	assert_int_equal(mirror_cancel(f->t.db, &f->laia, id, NULL, &err),
	    ST_INVALID);
	free(err);
	err = NULL;

	/* Ratings: 1 to 5, once each, by patient and expert only. */
	assert_int_equal(mirror_rate(f->t.db, &f->ana, id, 0, NULL, &err),
	    ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(mirror_rate(f->t.db, &f->ana, id, 6, NULL, &err),
	    ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(mirror_rate(f->t.db, &f->laia, id, 3, NULL, &err),
	    ST_DENIED);
	free(err);
	err = NULL;
	assert_int_equal(mirror_rate(f->t.db, &f->ana, id, 1, NULL, &err),
	    ST_OK);
	assert_int_equal(mirror_rate(f->t.db, &f->ana, id, 2, NULL, &err),
	    ST_EXISTS);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(raw_int(f, "SELECT rating FROM mirror_ratings"), 1);
	assert_int_equal(mirror_rate(f->t.db, &f->pere, id, 2, NULL, &err),
	    ST_NOTFOUND);
	free(err);
}

/* Who sees a request, and what of it. */
static void
test_visibility(void **state)
{
	struct fx		*f = *state;
	struct mirror_request	*r = NULL, **list = NULL;
	struct mirror_event	*ev = NULL;
	struct mirror_rating	*rt = NULL;
	struct expert_profile	*ex = NULL;
	struct audit_entry	*a;
	size_t			 nev = 0, n = 0;
	int64_t			 id, conv, none = 0;
	char			*err = NULL;

	id = ask(f, &f->ana, TOPIC_RECURRENCE, DETAILS, PREFERENCE);

	/* Another patient, an expert it is not proposed to, a moderator. */
	assert_int_equal(mirror_get(f->t.db, &f->pere, id, &r, &ev, &nev),
	    ST_NOTFOUND);
	assert_null(r);
	assert_int_equal(mirror_get(f->t.db, &f->marta, id, &r, &ev, &nev),
	    ST_NOTFOUND);
	assert_int_equal(mirror_get(f->t.db, &f->jordi, id, &r, &ev, &nev),
	    ST_NOTFOUND);
	assert_int_equal(mirror_cancel(f->t.db, &f->pere, id, NULL, &err),
	    ST_NOTFOUND);
	assert_int_equal(mirror_ratings(f->t.db, &f->pere, id, &rt, &n),
	    ST_NOTFOUND);
	assert_int_equal(mirror_get(f->t.db, &f->laia, 9999, &r, &ev, &nev),
	    ST_NOTFOUND);
	assert_int_equal(in_list(f, &f->pere, MIRROR_LIST_MINE, id), -1);

	/* Lists and suggestions belong to their roles. */
	assert_int_equal(mirror_queue(f->t.db, &f->ana, &list, &n), ST_DENIED);
	assert_int_equal(mirror_queue(f->t.db, &f->jordi, &list, &n),
	    ST_DENIED);
	assert_int_equal(mirror_proposals(f->t.db, &f->ana, &list, &n),
	    ST_DENIED);
	assert_int_equal(mirror_mine(f->t.db, &f->laia, &list, &n), ST_DENIED);
	assert_int_equal(mirror_suggest(f->t.db, &f->ana, id, &ex, &n),
	    ST_DENIED);
	assert_int_equal(mirror_request(f->t.db, &f->laia, TOPIC_WORK, "x",
	    NULL, &none, &err), ST_DENIED);
	assert_int_equal(none, 0);
	free(err);
	err = NULL;

	/* Before she accepts, the patient does not learn who was asked. */
	propose(f, id, &f->marta);
	assert_int_equal(mirror_get(f->t.db, &f->ana, id, &r, &ev, &nev),
	    ST_OK);
	assert_int_equal(r->state, MIRROR_PROPOSED);
	assert_int_equal(r->expert_id, 0);
	assert_null(r->expert);
	assert_string_equal(r->details_text, DETAILS);
	assert_string_equal(r->preference_text, PREFERENCE);
	mirror_events_free(ev, nev);
	mirror_request_free(r);

	/* The expert: the topic and details, never the preference. */
	assert_int_equal(mirror_get(f->t.db, &f->marta, id, &r, &ev, &nev),
	    ST_OK);
	assert_int_equal(r->topic, TOPIC_RECURRENCE);
	assert_string_equal(r->details_text, DETAILS);
	assert_null(r->preference_text);
	assert_null(r->preference.blob);
	assert_string_equal(r->patient, "ana");
	mirror_events_free(ev, nev);
	mirror_request_free(r);
	assert_int_equal(mirror_get(f->t.db, &f->joan, id, &r, &ev, &nev),
	    ST_NOTFOUND);
	assert_int_equal(mirror_accept(f->t.db, &f->joan, id, &conv),
	    ST_NOTFOUND);
	assert_int_equal(mirror_decline(f->t.db, &f->joan, id, REASON, &err),
	    ST_NOTFOUND);

	/* A professional sees everything, and her read is audited. */
	assert_int_equal(mirror_get(f->t.db, &f->oriol, id, &r, &ev, &nev),
	    ST_OK);
	assert_string_equal(r->preference_text, PREFERENCE);
	assert_string_equal(r->expert, "marta");
	a = th_audit_last(&f->t);
	assert_string_equal(a->action, "mirror.view");
	assert_string_equal(a->actor_name, "oriol");
	assert_int_equal(a->object_id, id);
	assert_string_equal(a->patient, "ana");
	assert_null(a->detail);
	audit_entry_free(a);
	mirror_events_free(ev, nev);
	mirror_request_free(r);

	/* The patient's own read is not a staff view. */
	assert_int_equal(mirror_get(f->t.db, &f->ana, id, &r, &ev, &nev),
	    ST_OK);
	a = th_audit_last(&f->t);
	assert_string_equal(a->action, "mirror.view");
	assert_string_equal(a->actor_name, "oriol");
	audit_entry_free(a);
	mirror_events_free(ev, nev);
	mirror_request_free(r);

	/* Accepted: the patient knows her expert now. */
	accept(f, id, &f->marta);
	assert_int_equal(mirror_get(f->t.db, &f->ana, id, &r, &ev, &nev),
	    ST_OK);
	assert_string_equal(r->expert, "marta");
	mirror_events_free(ev, nev);
	mirror_request_free(r);
}

/* Suggestions: matching topic first, fewer experiences first, no others. */
static void
test_suggest(void **state)
{
	struct fx		*f = *state;
	struct expert_profile	*ex = NULL;
	size_t			 n = 0;
	int64_t			 busy, id, own;

	/*
	 * joan is in one experience now: marta comes first among those who
	 * match, though joan comes first by name.
	 */
	busy = ask(f, &f->pere, TOPIC_RECURRENCE, "", NULL);
	propose(f, busy, &f->joan);
	accept(f, busy, &f->joan);

	id = ask(f, &f->ana, TOPIC_RECURRENCE, DETAILS, NULL);
	assert_int_equal(mirror_suggest(f->t.db, &f->laia, id, &ex, &n), ST_OK);
	/* rosa is not available: left out. */
	assert_int_equal(n, 3);
	assert_int_equal(ex[0].account_id, f->marta.id);
	assert_int_equal(ex[0].active, 0);
	assert_string_equal(ex[0].pseudonym, "marta");
	assert_true(ex[0].topics & bit(TOPIC_RECURRENCE));
	assert_int_equal(ex[1].account_id, f->joan.id);
	assert_int_equal(ex[1].active, 1);
	/* eva does not match: last, though she is free and first by name. */
	assert_int_equal(ex[2].account_id, f->eva.id);
	assert_int_equal(ex[2].active, 0);
	assert_false(ex[2].topics & bit(TOPIC_RECURRENCE));
	expert_profiles_free(ex, n);

	/* For work, eva and marta match; then joan, who does not. */
	assert_int_equal(mirror_cancel(f->t.db, &f->ana, id, NULL,
	    &(char *){NULL}), ST_OK);
	id = ask(f, &f->ana, TOPIC_WORK, "", NULL);
	assert_int_equal(mirror_suggest(f->t.db, &f->laia, id, &ex, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ex[0].account_id, f->eva.id);
	assert_int_equal(ex[1].account_id, f->marta.id);
	assert_int_equal(ex[2].account_id, f->joan.id);
	expert_profiles_free(ex, n);

	/* An expert asking is never suggested to herself. */
	own = ask(f, &f->joan, TOPIC_RECURRENCE, DETAILS, NULL);
	assert_int_equal(mirror_suggest(f->t.db, &f->laia, own, &ex, &n),
	    ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ex[0].account_id, f->marta.id);
	assert_int_equal(ex[1].account_id, f->eva.id);
	expert_profiles_free(ex, n);

	/* Unavailable, she drops out of the suggestions. */
	assert_int_equal(mirror_profile_set(f->t.db, &f->marta,
	    bit(TOPIC_WORK), false), ST_OK);
	assert_int_equal(mirror_suggest(f->t.db, &f->laia, own, &ex, &n),
	    ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ex[0].account_id, f->eva.id);
	expert_profiles_free(ex, n);
	assert_int_equal(mirror_suggest(f->t.db, &f->laia, 9999, &ex, &n),
	    ST_NOTFOUND);
}

/* One open request per patient. */
static void
test_one_open(void **state)
{
	struct fx	*f = *state;
	int64_t		 id, other = 0;
	char		*err = NULL;

	id = ask(f, &f->ana, TOPIC_RECURRENCE, DETAILS, NULL);
	assert_int_equal(mirror_request(f->t.db, &f->ana, TOPIC_WORK, "again",
	    NULL, &other, &err), ST_EXISTS);
	assert_non_null(err);
	assert_int_equal(other, 0);
	free(err);
	err = NULL;

	/* Declined, it is still open: waiting for another expert. */
	propose(f, id, &f->marta);
	assert_int_equal(mirror_decline(f->t.db, &f->marta, id, REASON, &err),
	    ST_OK);
	assert_int_equal(mirror_request(f->t.db, &f->ana, TOPIC_WORK, "again",
	    NULL, &other, &err), ST_EXISTS);
	free(err);
	err = NULL;
	assert_int_equal(raw_int(f, "SELECT count(*) FROM mirror_requests"),
	    1);

	/* Another patient is not held back by it. */
	ask(f, &f->pere, TOPIC_WORK, "", NULL);

	/* Cancelled, she may ask again. */
	assert_int_equal(mirror_cancel(f->t.db, &f->ana, id, "changed my mind",
	    &err), ST_OK);
	assert_null(err);
	assert_int_equal(state_of(f, id), MIRROR_CANCELLED);
	ask(f, &f->ana, TOPIC_WORK, "", NULL);
}

/* The length limits at their boundary, in code points, and what is required. */
static void
test_lengths(void **state)
{
	struct fx	*f = *state;
	char		*max, *over, *nmax, *nover, *err = NULL;
	int64_t		 id = 0, busy;

	/* Two bytes each: the limits count characters, not bytes. */
	max = repeat("\xc3\xa9", MIRROR_TEXT_MAX);
	over = repeat("\xc3\xa9", MIRROR_TEXT_MAX + 1);
	nmax = repeat("\xc3\xa9", MIRROR_NOTE_MAX);
	nover = repeat("\xc3\xa9", MIRROR_NOTE_MAX + 1);

	assert_int_equal(mirror_request(f->t.db, &f->ana, TOPIC_OTHER, over,
	    NULL, &id, &err), ST_INVALID);
	assert_non_null(err);
	assert_non_null(strstr(err, "1000"));
	assert_non_null(strstr(err, "1001"));
	free(err);
	err = NULL;
	assert_int_equal(mirror_request(f->t.db, &f->ana, TOPIC_WORK, "x",
	    over, &id, &err), ST_INVALID);
	assert_non_null(strstr(err, "1001"));
	free(err);
	err = NULL;
	/* "Something else" says what; other topics may leave it empty. */
	assert_int_equal(mirror_request(f->t.db, &f->ana, TOPIC_OTHER, " \n",
	    NULL, &id, &err), ST_INVALID);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(mirror_request(f->t.db, &f->ana, -1, "x", NULL, &id,
	    &err), ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(mirror_request(f->t.db, &f->ana, MIRROR_TOPIC_COUNT,
	    "x", NULL, &id, &err), ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(raw_int(f, "SELECT count(*) FROM mirror_requests"),
	    0);

	id = ask(f, &f->ana, TOPIC_OTHER, max, max);

	/* Reasons and comments: MIRROR_NOTE_MAX. */
	propose(f, id, &f->marta);
	assert_int_equal(mirror_decline(f->t.db, &f->marta, id, nover, &err),
	    ST_INVALID);
	assert_non_null(strstr(err, "501"));
	free(err);
	err = NULL;
	assert_int_equal(mirror_decline(f->t.db, &f->marta, id, nmax, &err),
	    ST_OK);
	assert_int_equal(mirror_cancel(f->t.db, &f->ana, id, nover, &err),
	    ST_INVALID);
	free(err);
	err = NULL;
	assert_int_equal(mirror_cancel(f->t.db, &f->ana, id, nmax, &err),
	    ST_OK);

	busy = ask(f, &f->pere, TOPIC_WORK, "", NULL);
	propose(f, busy, &f->marta);
	accept(f, busy, &f->marta);
	assert_int_equal(mirror_close(f->t.db, &f->laia, busy), ST_OK);
	assert_int_equal(mirror_rate(f->t.db, &f->pere, busy, 3, nover, &err),
	    ST_INVALID);
	assert_non_null(strstr(err, "500"));
	free(err);
	err = NULL;
	assert_int_equal(mirror_rate(f->t.db, &f->pere, busy, 3, nmax, &err),
	    ST_OK);

	free(max);
	free(over);
	free(nmax);
	free(nover);
}

/*
 * The texts are sealed: not in any column, the database file or its WAL;
 * a blob moved to another request's row opens to nothing.
 */
static void
test_sealed(void **state)
{
	struct fx		*f = *state;
	struct mirror_request	*r = NULL;
	struct mirror_event	*ev = NULL;
	size_t			 nev = 0;
	sqlite3			*sq;
	int64_t			 id, other;
	int			 seen;
	char			*err = NULL;

	id = ask(f, &f->ana, TOPIC_RECURRENCE, DETAILS, PREFERENCE);
	propose(f, id, &f->marta);
	assert_int_equal(mirror_decline(f->t.db, &f->marta, id, REASON, &err),
	    ST_OK);
	propose(f, id, &f->joan);
	accept(f, id, &f->joan);
	assert_int_equal(mirror_close(f->t.db, &f->laia, id), ST_OK);
	assert_int_equal(mirror_rate(f->t.db, &f->ana, id, 5, COMMENT, &err),
	    ST_OK);

	assert_false(th_blobs_hold(&f->t, "SELECT details FROM mirror_requests",
	    DETAILS, &seen));
	assert_int_equal(seen, 1);
	assert_false(th_blobs_hold(&f->t, "SELECT preference FROM "
	    "mirror_requests", PREFERENCE, &seen));
	assert_int_equal(seen, 1);
	assert_false(th_blobs_hold(&f->t, "SELECT note FROM mirror_events",
	    REASON, &seen));
	assert_int_equal(seen, 1);
	assert_false(th_blobs_hold(&f->t, "SELECT comment FROM mirror_ratings",
	    COMMENT, &seen));
	assert_int_equal(seen, 1);
	assert_true(raw_int(f, "SELECT details_key FROM mirror_requests") > 0);
	assert_true(raw_int(f, "SELECT count(*) FROM mirror_events WHERE "
	    "note IS NOT NULL AND note_key > 0") == 1);
	/* Nowhere in the files either, nor in the audit trail. */
	assert_false(th_file_holds(&f->t, "mirall.db", DETAILS));
	assert_false(th_file_holds(&f->t, "mirall.db-wal", DETAILS));
	assert_false(th_file_holds(&f->t, "mirall.db", PREFERENCE));
	assert_false(th_file_holds(&f->t, "mirall.db-wal", PREFERENCE));
	assert_false(th_file_holds(&f->t, "mirall.db", REASON));
	assert_false(th_file_holds(&f->t, "mirall.db-wal", REASON));
	assert_false(th_file_holds(&f->t, "mirall.db", COMMENT));
	assert_false(th_file_holds(&f->t, "mirall.db-wal", COMMENT));
	/* (The check above would see them: a known clear text is found.) */
	assert_true(th_file_holds(&f->t, "mirall.db-wal", "marta") ||
	    th_file_holds(&f->t, "mirall.db", "marta"));

	/* Another request's details moved onto this one: nothing, not junk. */
	other = ask(f, &f->pere, TOPIC_WORK, "pere-own-words-here", NULL);
	sq = th_raw(&f->t);
	assert_int_equal(th_raw_exec(sq, "UPDATE mirror_requests SET "
	    "(details, details_key) = (SELECT details, details_key FROM "
	    "mirror_requests WHERE patient_id = (SELECT id FROM accounts "
	    "WHERE pseudonym = 'ana')) WHERE patient_id = (SELECT id FROM "
	    "accounts WHERE pseudonym = 'pere')"), SQLITE_OK);
	/* And a decline reason moved onto another event of its request. */
	assert_int_equal(th_raw_exec(sq, "UPDATE mirror_events SET (note, "
	    "note_key) = (SELECT note, note_key FROM mirror_events WHERE note "
	    "IS NOT NULL) WHERE id = (SELECT min(id) FROM mirror_events)"),
	    SQLITE_OK);
	sqlite3_close(sq);
	assert_int_equal(mirror_get(f->t.db, &f->laia, other, &r, &ev, &nev),
	    ST_OK);
	assert_null(r->details_text);
	assert_string_equal(r->preference_text, "");
	mirror_events_free(ev, nev);
	mirror_request_free(r);
	assert_int_equal(mirror_get(f->t.db, &f->laia, id, &r, &ev, &nev),
	    ST_OK);
	assert_string_equal(r->details_text, DETAILS);
	assert_null(ev[0].note_text);
	assert_int_equal(ev[2].state, MIRROR_DECLINED);
	assert_string_equal(ev[2].note_text, REASON);
	mirror_events_free(ev, nev);
	mirror_request_free(r);
}

/* Every change leaves an event with its time and the request's time. */
static void
test_events(void **state)
{
	struct fx		*f = *state;
	struct mirror_request	*r = NULL;
	struct mirror_event	*ev = NULL;
	struct audit_entry	*a;
	static const int	 path[] = {
		MIRROR_REQUESTED, MIRROR_PROPOSED, MIRROR_DECLINED,
		MIRROR_PROPOSED, MIRROR_ACCEPTED, MIRROR_CANCELLED
	};
	size_t			 nev = 0, i;
	int64_t			 id, conv, later;
	char			*err = NULL;

	id = ask(f, &f->ana, TOPIC_CHILDREN, "", NULL);
	propose(f, id, &f->marta);
	assert_int_equal(mirror_decline(f->t.db, &f->marta, id, REASON, &err),
	    ST_OK);
	propose(f, id, &f->joan);
	conv = accept(f, id, &f->joan);
	/* A professional may cancel one under way: its conversation closes. */
	assert_int_equal(mirror_cancel(f->t.db, &f->oriol, id, NULL, &err),
	    ST_OK);
	assert_null(err);
	assert_true(raw_int(f, "SELECT closed_at FROM conversations") > 0);
	/* Cancelled after she accepted, it stays in the expert's list. */
	assert_int_equal(in_list(f, &f->joan, MIRROR_LIST_EXPERT, id), 0);
	(void)conv;

	a = th_audit_last(&f->t);
	assert_string_equal(a->action, "mirror.cancel");
	assert_string_equal(a->object_type, "mirror");
	assert_string_equal(a->patient, "ana");
	audit_entry_free(a);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM audit WHERE "
	    "action LIKE 'mirror.%' AND action <> 'mirror.profile'"), 6);

	assert_int_equal(mirror_get(f->t.db, &f->laia, id, &r, &ev, &nev),
	    ST_OK);
	assert_int_equal(nev, sizeof path / sizeof path[0]);
	for (i = 0; i < nev; i++) {
		assert_int_equal(ev[i].state, path[i]);
		assert_true(ev[i].at >= r->created_at);
		assert_true(ev[i].at > 0);
		assert_true(i == 0 || ev[i].at >= ev[i - 1].at);
	}
	assert_int_equal(ev[5].by_id, f->oriol.id);
	assert_int_equal(r->updated_at, ev[nev - 1].at);
	mirror_events_free(ev, nev);
	mirror_request_free(r);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM mirror_events WHERE "
	    "at <= 0"), 0);

	/* A request cancelled by its patient: two events, the note hers. */
	later = ask(f, &f->pere, TOPIC_FATIGUE, "", NULL);
	assert_int_equal(mirror_cancel(f->t.db, &f->pere, later, REASON,
	    &err), ST_OK);
	assert_int_equal(mirror_get(f->t.db, &f->pere, later, &r, &ev, &nev),
	    ST_OK);
	assert_int_equal(nev, 2);
	assert_int_equal(ev[1].state, MIRROR_CANCELLED);
	assert_string_equal(ev[1].note_text, REASON);
	mirror_events_free(ev, nev);
	mirror_request_free(r);
}

/* Profiles, counts for other roles, labels. */
static void
test_profile(void **state)
{
	struct fx		*f = *state;
	struct expert_profile	 p;
	struct actor		 kim;

	kim = person(&f->t, "kim", ROLE_EXPERT);
	assert_int_equal(mirror_profile_get(f->t.db, &kim, &p), ST_OK);
	assert_int_equal(p.topics, 0);
	assert_false(p.available);
	assert_null(p.pseudonym);

	assert_int_equal(mirror_profile_set(f->t.db, &kim,
	    1U << MIRROR_TOPIC_COUNT, true), ST_INVALID);
	assert_int_equal(mirror_profile_set(f->t.db, &kim,
	    (1U << MIRROR_TOPIC_COUNT) - 1, true), ST_OK);
	assert_int_equal(mirror_profile_get(f->t.db, &kim, &p), ST_OK);
	assert_int_equal(p.topics, (1U << MIRROR_TOPIC_COUNT) - 1);
	assert_true(p.available);
	assert_true(p.updated_at > 0);

	assert_int_equal(mirror_profile_set(f->t.db, &f->ana, 1, true),
	    ST_DENIED);
	assert_int_equal(mirror_profile_get(f->t.db, &f->laia, &p),
	    ST_DENIED);
	assert_int_equal(counts(f, &f->jordi), 0);

	assert_string_equal(mirror_topic_label(TOPIC_RECONSTRUCTION),
	    "Breast reconstruction");
	assert_string_equal(mirror_topic_label(TOPIC_OTHER), "Something else");
	assert_string_equal(mirror_topic_label(MIRROR_TOPIC_COUNT), "unknown");
	assert_string_equal(mirror_state_label(MIRROR_DECLINED), "declined");
	assert_string_equal(mirror_state_label(-1), "unknown");
	/* A message somewhere else changes no experience. */
	assert_int_equal(mirror_note_message(f->t.db, 9999), ST_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_happy_path),
		T(test_decline_then_other),
		T(test_state_errors),
		T(test_visibility),
		T(test_suggest),
		T(test_one_open),
		T(test_lengths),
		T(test_sealed),
		T(test_events),
		T(test_profile),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
