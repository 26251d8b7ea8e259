/*
 * demo_messages.c: the demo community's private conversations and
 * mirror experiences, so that inboxes, the professionals' waiting list
 * and the mirror queue have something to show.
 *
 * Invented people and invented words, loaded through the domain
 * functions (message.c, mirror.c) as if each person wrote them from her
 * own session: every text is checked, sealed and audited like any other.
 * A demo text the pattern checks would flag is an error here, so the
 * demo never raises an alert of its own.  The stories:
 *   ana    wrote to her care team about sleeping badly since the end of
 *          radiotherapy; laia answered; ana asked one more thing and
 *          waits for an answer.
 *   nuria  asked to move her appointment: waiting, unanswered.
 *   laia   asked oriol to cover her patients during a week off.
 *   marta  an expert patient, available for three topics.
 *   sofia  asked for a mirror experience about fear of recurrence;
 *          oriol proposed marta, who accepted; the three have started
 *          talking (active).
 *   pere   asked for one about returning to work: in the queue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

#define DEMO_LINES	4	/* messages of one demo conversation */

/* The people who write. */
enum demo_who {
	WHO_ANA = 0,
	WHO_PERE,
	WHO_NURIA,
	WHO_SOFIA,
	WHO_MARTA,
	WHO_LAIA,
	WHO_ORIOL,
	WHO_COUNT
};

static const char *const demo_names[WHO_COUNT] = {
	"ana", "pere", "nuria", "sofia", "marta", "laia", "oriol",
};

/* Their accounts, and each as an actor (pointing into her account). */
struct demo_cast {
	struct account	*account[WHO_COUNT];
	struct actor	 actor[WHO_COUNT];
};

/* One message: who writes it and what. */
struct demo_line {
	int		 who;		/* enum demo_who */
	const char	*text;		/* NULL: no more */
};

/*
 * A conversation: the first line's author starts it, to a named account
 * or (to NULL) her care team; the others answer in turn.
 */
struct demo_talk {
	const char		*to;
	const char		*subject;
	struct demo_line	 lines[DEMO_LINES];
};

static const struct demo_talk demo_talks[] = {
	{
		.to = NULL,
		.subject = "Sleeping badly since radiotherapy ended",
		.lines = {
			{ WHO_ANA, "Hello Laia. Since radiotherapy ended I "
			    "have been sleeping badly: I fall asleep all "
			    "right, but I wake around four and my mind "
			    "starts racing. My check-up is at the end of the "
			    "month and I think the worry about it is part of "
			    "this. Could we look at it together?" },
			{ WHO_LAIA, "Thank you for telling me, Ana. Sleep "
			    "often gets unsettled when treatment ends and a "
			    "check-up is coming, so what you describe makes "
			    "sense, and yes, let's take time for it at our "
			    "next session. Until then you could try a simple "
			    "wind-down: the same bedtime each night, screens "
			    "off half an hour before, and if you wake and "
			    "cannot settle, get up for a while and do "
			    "something quiet in dim light before going back "
			    "to bed." },
			{ WHO_ANA, "Thank you, that helps already. I will "
			    "try the wind-down this week and note how the "
			    "nights go, so we can look at it together. One "
			    "more question: should I also mention the sleep "
			    "to my oncologist at the check-up, or keep it for "
			    "our sessions?" },
		},
	},
	{
		.to = NULL,
		.subject = "Moving my appointment",
		.lines = {
			{ WHO_NURIA, "Hello. Could I move next week's "
			    "appointment to another day? I have a hospital "
			    "visit that morning and I don't think I will be "
			    "back in time. Any afternoon would suit me. "
			    "Thank you." },
		},
	},
	{
		.to = "oriol",
		.subject = "Covering my patients during my week off",
		.lines = {
			{ WHO_LAIA, "Hi Oriol. I am off the week after next "
			    "and wondered whether you could look after my "
			    "patients' messages and alerts while I am away. "
			    "I would add you to their care teams for that "
			    "week and leave you a short note on each of "
			    "them. Would that work for you?" },
			{ WHO_ORIOL, "Of course, happy to. Send me the notes "
			    "when you have them, and let's have a quick word "
			    "on the Friday before you go so nothing urgent "
			    "falls between us." },
		},
	},
};

/* Marta's expert profile. */
#define DEMO_EXPERT_TOPICS	((1U << TOPIC_RECURRENCE) | \
				 (1U << TOPIC_WORK) | (1U << TOPIC_CHILDREN))

/* The mirror experience under way: sofia's request, then its talk. */
static const char demo_sofia_details[] =
    "Since my treatment ended I keep thinking the cancer will come back. "
    "Every ache makes me worry, and it gets worse in the weeks before a "
    "check-up. I would like to talk with someone who has lived with this "
    "fear and found a way to carry it.";
static const char demo_sofia_preference[] =
    "Someone who also had breast cancer, if possible.";

static const struct demo_line demo_mirror_lines[DEMO_LINES] = {
	{ WHO_ORIOL, "Hello Sofia and Marta, and thank you both for being "
	    "here. Sofia would like to talk with someone who knows the fear "
	    "of recurrence from the inside, and Marta has offered to share "
	    "her experience. I will read along and join in when it helps; "
	    "take your time." },
	{ WHO_SOFIA, "Hello Marta, thank you for accepting. My last "
	    "treatment was in the spring, and since then I check my body all "
	    "the time and read far too much online. People tell me I should "
	    "be glad it is over, and I am, but the fear is always there. How "
	    "was it for you?" },
	{ WHO_MARTA, "Hello Sofia, I'm glad you wrote. I recognise a lot of "
	    "this: in my first year after treatment I checked every little "
	    "thing, and the days before a check-up were the hardest. What "
	    "helped me was writing the worries down and taking the questions "
	    "to my team instead of to the internet; slowly the fear got "
	    "quieter, even if it never left completely. Feeling it does not "
	    "mean you are ungrateful." },
};

/* The request waiting in the queue: pere's, with no preference. */
static const char demo_pere_details[] =
    "I am due back at work in two months and I am not sure I can manage a "
    "full day yet. I would like to hear from someone who went back to "
    "work after treatment: how they planned it and what they told their "
    "colleagues.";

/* demo_messages_cast looks up every demo account that writes. */
static int
demo_messages_cast(struct db *db, struct demo_cast *cast, char **msg)
{
	size_t	i;
	int	st;

	memset(cast, 0, sizeof *cast);
	for (i = 0; i < WHO_COUNT; i++) {
		if ((st = accounts_find(db, demo_names[i],
		    &cast->account[i])) != ST_OK) {
			xasprintf(msg, "messages: %s: %s", demo_names[i],
			    status_str(st));
			return st;
		}
		account_actor(cast->account[i], "local", &cast->actor[i]);
	}
	return ST_OK;
}

/* demo_messages_cast_free frees the accounts of a cast. */
static void
demo_messages_cast_free(struct demo_cast *cast)
{
	size_t	i;

	for (i = 0; i < WHO_COUNT; i++)
		account_free(cast->account[i]);
}

/*
 * demo_messages_clean refuses a demo text the pattern checks flag: it
 * would raise an alert or be held, which the demo must never do by
 * accident.
 */
static int
demo_messages_clean(const char *who, const char *text, char **msg)
{
	if (text == NULL || patterns_check(text) == 0)
		return ST_OK;
	xasprintf(msg, "messages: %s: a demo text matches the pattern "
	    "checks: %.40s...", who, text);
	return ST_INVALID;
}

/*
 * demo_messages_failed says in *msg what failed: what someone was
 * doing, and why (err, taken, or the status).
 */
static int
demo_messages_failed(const char *who, const char *what, int st, char *err,
    char **msg)
{
	xasprintf(msg, "messages: %s: %s: %s", who, what,
	    err != NULL ? err : status_str(st));
	free(err);
	return st;
}

/* demo_messages_say adds line to conversation conv. */
static int
demo_messages_say(struct db *db, const struct conf *conf,
    const struct demo_cast *cast, int64_t conv, const struct demo_line *line,
    char **msg)
{
	const char	*who = demo_names[line->who];
	char		*err = NULL;
	int64_t		 id;
	int		 st;

	if ((st = demo_messages_clean(who, line->text, msg)) != ST_OK)
		return st;
	if ((st = message_reply(db, conf, &cast->actor[line->who], conv,
	    line->text, &id, &err)) != ST_OK)
		return demo_messages_failed(who, "replying", st, err, msg);
	free(err);
	return ST_OK;
}

/* demo_messages_talk starts conversation t and adds its answers. */
static int
demo_messages_talk(struct db *db, const struct conf *conf,
    const struct demo_cast *cast, const struct demo_talk *t, char **msg)
{
	const struct demo_line	*first = &t->lines[0];
	const char		*who = demo_names[first->who];
	char			*err = NULL;
	int64_t			 conv;
	size_t			 i;
	int			 st;

	if ((st = demo_messages_clean(who, t->subject, msg)) != ST_OK ||
	    (st = demo_messages_clean(who, first->text, msg)) != ST_OK)
		return st;
	if ((st = message_start(db, conf, &cast->actor[first->who], t->to,
	    t->subject, first->text, &conv, &err)) != ST_OK)
		return demo_messages_failed(who, t->subject, st, err, msg);
	free(err);
	for (i = 1; i < DEMO_LINES && t->lines[i].text != NULL; i++) {
		if ((st = demo_messages_say(db, conf, cast, conv,
		    &t->lines[i], msg)) != ST_OK)
			return st;
	}
	return ST_OK;
}

/*
 * demo_messages_request makes who's mirror request about topic; *id is
 * the request.
 */
static int
demo_messages_request(struct db *db, const struct demo_cast *cast, int who,
    int topic, const char *details, const char *preference, int64_t *id,
    char **msg)
{
	char	*err = NULL;
	int	 st;

	if ((st = demo_messages_clean(demo_names[who], details, msg)) !=
	    ST_OK || (st = demo_messages_clean(demo_names[who], preference,
	    msg)) != ST_OK)
		return st;
	if ((st = mirror_request(db, &cast->actor[who], topic, details,
	    preference, id, &err)) != ST_OK)
		return demo_messages_failed(demo_names[who],
		    "requesting a mirror experience", st, err, msg);
	free(err);
	return ST_OK;
}

/*
 * demo_messages_mirror makes marta an available expert, then runs
 * sofia's experience up to its first messages: requested, proposed by
 * oriol, accepted by marta, and the three talking.
 */
static int
demo_messages_mirror(struct db *db, const struct conf *conf,
    const struct demo_cast *cast, char **msg)
{
	char	*err = NULL;
	int64_t	 req, conv;
	size_t	 i;
	int	 st;

	if ((st = mirror_profile_set(db, &cast->actor[WHO_MARTA],
	    DEMO_EXPERT_TOPICS, true)) != ST_OK)
		return demo_messages_failed("marta", "expert profile", st,
		    NULL, msg);
	if ((st = demo_messages_request(db, cast, WHO_SOFIA,
	    TOPIC_RECURRENCE, demo_sofia_details, demo_sofia_preference, &req,
	    msg)) != ST_OK)
		return st;
	if ((st = mirror_propose(db, &cast->actor[WHO_ORIOL], req,
	    cast->account[WHO_MARTA]->id, &err)) != ST_OK)
		return demo_messages_failed("oriol", "proposing marta", st,
		    err, msg);
	free(err);
	if ((st = mirror_accept(db, &cast->actor[WHO_MARTA], req, &conv)) !=
	    ST_OK)
		return demo_messages_failed("marta", "accepting", st, NULL,
		    msg);
	if (conv <= 0)
		return demo_messages_failed("marta", "accepting", ST_NOTFOUND,
		    xstrdup("no conversation opened"), msg);
	for (i = 0; i < DEMO_LINES && demo_mirror_lines[i].text != NULL;
	    i++) {
		if ((st = demo_messages_say(db, conf, cast, conv,
		    &demo_mirror_lines[i], msg)) != ST_OK)
			return st;
	}
	return ST_OK;
}

/*
 * demo_messages loads the demo's conversations and mirror experiences
 * into a database holding the demo accounts with their care teams
 * (demo_care) and the patterns loaded, and its key ring loaded.
 * *summary gets a line to print; on failure *msg says what failed.
 */
int
demo_messages(struct db *db, const struct conf *conf, char **summary,
    char **msg)
{
	struct demo_cast	 cast;
	int64_t			 req;
	size_t			 i, ntalks;
	int			 st;

	*summary = NULL;
	ntalks = sizeof demo_talks / sizeof demo_talks[0];
	if ((st = demo_messages_cast(db, &cast, msg)) != ST_OK)
		goto out;
	for (i = 0; i < ntalks; i++) {
		if ((st = demo_messages_talk(db, conf, &cast, &demo_talks[i],
		    msg)) != ST_OK)
			goto out;
	}
	if ((st = demo_messages_mirror(db, conf, &cast, msg)) != ST_OK ||
	    (st = demo_messages_request(db, &cast, WHO_PERE, TOPIC_WORK,
	    demo_pere_details, NULL, &req, msg)) != ST_OK)
		goto out;
	xasprintf(summary, "Messages: %zu conversations, 2 mirror experiences "
	    "(1 under way, 1 waiting for a match)\n", ntalks + 1);
out:
	demo_messages_cast_free(&cast);
	return st;
}
