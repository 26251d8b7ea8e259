/*
 * mirror.c: mirror experiences (roles spec: request, be an expert,
 * mediate).
 *
 * A patient asks to talk with someone who lived the same; a professional
 * proposes an available expert patient; the expert accepts (a
 * three-party conversation opens, mediated by the professional) or
 * declines with a reason (the request goes back to the queue); the
 * professional closes it and patient and expert rate it.  States:
 *
 *	requested -> proposed -> accepted -> active -> closed
 *	              |    ^
 *	              v    |
 *	             declined
 *
 * and cancelled from any state before closed (the patient only before
 * acceptance).  Every change is a mirror_events row with its time, an
 * audit row, in one transaction.
 *
 * Who sees a request: its patient, the expert it is proposed to or
 * matched with, and every professional (mediating is theirs); anyone
 * else gets "not found", never "denied", so ids cannot be probed.  The
 * expert does not see the patient's preference, which is for the
 * professional; the patient does not see who was proposed until that
 * expert accepts, nor anyone's notes; notes (a decline or cancel reason)
 * are the professionals' and their author's.
 *
 * Texts are sealed (seal.c) bound to their row and to the request id.
 */
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

static const char *mirror_topics[MIRROR_TOPIC_COUNT] = {
	[TOPIC_RECONSTRUCTION] = N_("Breast reconstruction"),
	[TOPIC_WORK] = N_("Returning to work"),
	[TOPIC_RECURRENCE] = N_("Fear of recurrence"),
	[TOPIC_CHILDREN] = N_("Telling the children"),
	[TOPIC_BODY] = N_("Body image and intimacy"),
	[TOPIC_FATIGUE] = N_("Tiredness and energy"),
	[TOPIC_AFTER] = N_("Life after treatment ends"),
	[TOPIC_OTHER] = N_("Something else"),
};

static const char *mirror_states[MIRROR_STATE_COUNT] = {
	[MIRROR_REQUESTED] = N_("requested"),
	[MIRROR_PROPOSED] = N_("proposed"),
	[MIRROR_ACCEPTED] = N_("accepted"),
	[MIRROR_ACTIVE] = N_("under way"),
	[MIRROR_CLOSED] = N_("closed"),
	[MIRROR_DECLINED] = N_("declined"),
	[MIRROR_CANCELLED] = N_("cancelled"),
};

/* The texts people write here, for their checks and messages. */
enum mirror_field {
	FIELD_DETAILS = 0,
	FIELD_PREFERENCE,
	FIELD_REASON,
	FIELD_COMMENT,
};

static const struct {
	size_t		 max;
	const char	*empty;		/* when it must not be empty */
	const char	*toolong;	/* a format: max, then its length */
} mirror_fields[] = {
	[FIELD_DETAILS] = { MIRROR_TEXT_MAX,
	    N_("Please say in a few words what you would like to talk "
	    "about."),
	    N_("What you would like to talk about can be at most %zu "
	    "characters; yours has %zu.") },
	[FIELD_PREFERENCE] = { MIRROR_TEXT_MAX, NULL,	/* optional */
	    N_("A preference can be at most %zu characters; yours has "
	    "%zu.") },
	[FIELD_REASON] = { MIRROR_NOTE_MAX,
	    N_("Please give a reason."),
	    N_("The reason can be at most %zu characters; yours has %zu.") },
	[FIELD_COMMENT] = { MIRROR_NOTE_MAX, NULL,	/* optional */
	    N_("The comment can be at most %zu characters; yours has %zu.") },
};

/* mirror_topic_label names a topic: a msgid the UI translates. */
const char *
mirror_topic_label(int topic)
{
	if (topic < 0 || topic >= MIRROR_TOPIC_COUNT)
		return N_("unknown");
	return mirror_topics[topic];
}

/* mirror_state_label names a state: a msgid the UI translates. */
const char *
mirror_state_label(int state)
{
	if (state < 0 || state >= MIRROR_STATE_COUNT)
		return N_("unknown");
	return mirror_states[state];
}

/*
 * mirror_clean sanitises what someone wrote in a field into *out (NULL
 * when it is empty or only blanks, which only a field that is not
 * required may be) and checks its length; on ST_INVALID *err says what
 * to change.
 */
static int
mirror_clean(enum mirror_field f, bool required, const char *in, char **out,
    char **err)
{
	char	*s;
	size_t	 n;

	*out = NULL;
	s = text_sanitise(in != NULL ? in : "", true);
	if (s[strspn(s, " \n")] == '\0') {
		free(s);
		if (required && mirror_fields[f].empty == NULL)
			fatalx("mirror_clean: field %d cannot be required", f);
		if (required)
			return text_say(err, ST_INVALID, "%s",
			    _(mirror_fields[f].empty));
		return ST_OK;
	}
	if ((n = text_codepoints(s)) > mirror_fields[f].max) {
		free(s);
		return text_say(err, ST_INVALID, _(mirror_fields[f].toolong),
		    mirror_fields[f].max, n);
	}
	*out = s;
	return ST_OK;
}

/* mirror_is_professional tells whether actor mediates experiences. */
static bool
mirror_is_professional(const struct actor *actor)
{
	return role_may(actor, ACT_MIRROR_MEDIATE, NULL);
}

/* mirror_is_patient tells whether request r is actor's own. */
static bool
mirror_is_patient(const struct actor *actor, const struct mirror_request *r)
{
	struct target	t = TARGET_NONE;

	t.owner_id = r->patient_id;
	return actor->id > 0 && r->patient_id == actor->id &&
	    role_may(actor, ACT_MIRROR_REQUEST, &t);
}

/* mirror_is_expert tells whether r is proposed to or matched with actor. */
static bool
mirror_is_expert(const struct actor *actor, const struct mirror_request *r)
{
	return actor->id > 0 && r->expert_id == actor->id &&
	    role_may(actor, ACT_MIRROR_BE_EXPERT, NULL);
}

/*
 * mirror_expert_consents tells whether expert agreed to be an expert
 * patient and to take part in the community: only then is she proposed.
 */
static bool
mirror_expert_consents(struct db *db, int64_t expert)
{
	bool	mentor = false, community = false;

	return consent_given(db, expert, CONSENT_EXPERT, NULL, &mentor) ==
	    ST_OK && consent_given(db, expert, CONSENT_COMMUNITY, NULL,
	    &community) == ST_OK && mentor && community;
}

/* mirror_visible tells whether actor may see request r at all. */
static bool
mirror_visible(const struct actor *actor, const struct mirror_request *r)
{
	return mirror_is_professional(actor) || mirror_is_patient(actor, r) ||
	    mirror_is_expert(actor, r);
}

/*
 * mirror_expert_shown tells whether a non-professional viewer of r may
 * know that expert was concerned: herself, or the expert who accepted
 * (a proposal is between the professional and the expert until then).
 */
static bool
mirror_expert_shown(const struct actor *actor, const struct mirror_request *r,
    int64_t expert)
{
	if (mirror_is_professional(actor) || expert == actor->id)
		return true;
	return expert == r->expert_id && r->conversation_id > 0;
}

/* mirror_redact takes out of r what actor may not see of it. */
static void
mirror_redact(const struct actor *actor, struct mirror_request *r)
{
	if (mirror_is_professional(actor))
		return;
	if (!mirror_is_patient(actor, r)) {
		/* The preference is for the professional who matches. */
		sealed_clear(&r->preference);
		free(r->preference_text);
		r->preference_text = NULL;
	}
	if (r->expert_id > 0 && !mirror_expert_shown(actor, r, r->expert_id)) {
		r->expert_id = 0;
		free(r->expert);
		r->expert = NULL;
	}
}

/*
 * mirror_seal seals text for column col of row, bound to request; an
 * empty text (NULL) is stored as none.
 */
static int
mirror_seal(enum sealed_column col, int64_t row, int64_t request,
    const char *text, struct sealed *out)
{
	int	st;

	memset(out, 0, sizeof *out);
	if (text == NULL)
		return ST_OK;
	if ((st = seal_text(SEAL_MIRROR, sealed_table(col), row, request,
	    text, out)) != ST_OK) {
		log_warn("mirror request %lld: a text cannot be sealed: %s",
		    (long long)request, status_str(st));
		return ST_IOERR;
	}
	return ST_OK;
}

/* mirror_open opens a sealed text of col: NULL for none or unopenable. */
static char *
mirror_open(enum sealed_column col, int64_t row, int64_t request,
    const struct sealed *s)
{
	if (s->blob == NULL)
		return NULL;
	return seal_open(SEAL_MIRROR, sealed_table(col), row, request, s);
}

/*
 * mirror_note_event records that r entered its state now, by by, with
 * expert concerned and a note (NULL: none) sealed to the event's row.
 */
static int
mirror_note_event(struct db *db, const struct mirror_request *r, int64_t by,
    int64_t expert, const char *note)
{
	struct sealed	s;
	int64_t		id;
	int		st;

	if ((st = mirror_events_add(db, r->id, r->state, by, expert,
	    r->updated_at, &id)) != ST_OK || note == NULL)
		return st;
	if ((st = mirror_seal(SEALED_MIRROR_NOTE, id, r->id, note, &s)) ==
	    ST_OK)
		st = mirror_events_set_note(db, id, &s);
	sealed_clear(&s);
	return st;
}

/*
 * mirror_change moves r to state inside the caller's transaction: the
 * request, its event (expert concerned, note) and the audit row.  The
 * audit names the action and, as detail, at most a pseudonym: never a
 * text.
 */
static int
mirror_change(struct db *db, const struct actor *actor,
    struct mirror_request *r, int state, int64_t expert, const char *note,
    const char *action, const char *detail)
{
	int	st;

	r->state = state;
	r->updated_at = db_now();
	if ((st = mirror_requests_update(db, r)) != ST_OK ||
	    (st = mirror_note_event(db, r, actor->id, expert, note)) != ST_OK)
		return st;
	return audit_record(db, actor, action, "mirror", r->id, r->patient,
	    detail, true);
}

/*
 * mirror_begin opens a transaction and reads request id for actor: "not
 * found" (rolled back) when it does not exist or actor may not see it.
 */
static int
mirror_begin(struct db *db, const struct actor *actor, int64_t id,
    struct mirror_request **out)
{
	int	st;

	*out = NULL;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = mirror_requests_get(db, id, out)) == ST_OK &&
	    !mirror_visible(actor, *out)) {
		mirror_request_free(*out);
		*out = NULL;
		st = ST_NOTFOUND;
	}
	if (st != ST_OK)
		db_rollback(db);
	return st;
}

/* mirror_end commits a change begun by mirror_begin, or rolls it back. */
static int
mirror_end(struct db *db, int st, struct mirror_request *r)
{
	if (st == ST_OK)
		st = db_commit(db);
	else
		db_rollback(db);
	mirror_request_free(r);
	return st;
}

/*
 * mirror_store_texts seals the new request's details and preference with
 * its id and stores them.
 */
static int
mirror_store_texts(struct db *db, int64_t id, const char *details,
    const char *preference)
{
	struct sealed	d, p;
	int		st;

	memset(&p, 0, sizeof p);
	if ((st = mirror_seal(SEALED_MIRROR_DETAILS, id, id, details, &d)) ==
	    ST_OK && (st = mirror_seal(SEALED_MIRROR_PREFERENCE, id, id,
	    preference, &p)) == ST_OK)
		st = mirror_requests_set_texts(db, id, &d, &p);
	sealed_clear(&d);
	sealed_clear(&p);
	return st;
}

/*
 * mirror_insert stores a checked request for actor in one transaction:
 * the row, its sealed texts, the first event and the audit row.  A
 * patient with an open request gets ST_EXISTS.
 */
static int
mirror_insert(struct db *db, const struct actor *actor, int topic,
    const char *details, const char *preference, int64_t *id)
{
	struct mirror_request	*r = NULL;
	int64_t			 open;
	int			 st;

	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = mirror_requests_open_of(db, actor->id, &open)) != ST_OK)
		goto out;
	if (open > 0) {
		st = ST_EXISTS;
		goto out;
	}
	if ((st = mirror_requests_create(db, actor->id, topic, db_now(),
	    id)) != ST_OK ||
	    (st = mirror_store_texts(db, *id, details, preference)) != ST_OK ||
	    (st = mirror_requests_get(db, *id, &r)) != ST_OK ||
	    (st = mirror_note_event(db, r, actor->id, 0, NULL)) != ST_OK)
		goto out;
	st = audit_record(db, actor, "mirror.request", "mirror", *id,
	    r->patient, NULL, true);
out:
	if (st != ST_OK)
		*id = 0;
	return mirror_end(db, st, r);
}

/*
 * mirror_request asks for a mirror experience on topic, with details
 * (may be empty unless the topic is "something else") and a preference
 * (optional).  One open request at a time: a second is ST_EXISTS.  On
 * ST_INVALID, ST_EXISTS or ST_IOERR *err says why; *id is the new
 * request.
 */
int
mirror_request(struct db *db, const struct actor *actor, int topic,
    const char *details, const char *preference, int64_t *id, char **err)
{
	char	*d = NULL, *p = NULL;
	int	 st;

	*id = 0;
	*err = NULL;
	if (!role_may(actor, ACT_MIRROR_REQUEST, NULL) || actor->id <= 0)
		return text_say(err, ST_DENIED, "%s", _("Only patients can "
		    "ask for a mirror experience."));
	if ((st = consent_require(db, actor, CONSENT_COMMUNITY)) == ST_DENIED)
		return text_say(err, st, "%s", _("Mirror experiences are part "
		    "of the community. You can agree to community "
		    "participation in Account, under Consent."));
	if (st != ST_OK)
		return st;
	if (topic < 0 || topic >= MIRROR_TOPIC_COUNT)
		return text_say(err, ST_INVALID, "%s",
		    _("Please choose a topic from the list."));
	/* "Something else" says what in the details. */
	if ((st = mirror_clean(FIELD_DETAILS, topic == TOPIC_OTHER, details,
	    &d, err)) != ST_OK ||
	    (st = mirror_clean(FIELD_PREFERENCE, false, preference, &p,
	    err)) != ST_OK)
		goto out;
	st = mirror_insert(db, actor, topic, d, p, id);
	if (st == ST_EXISTS)
		text_say(err, st, "%s", _("You already have a mirror "
		    "experience under way. You can ask for another once it "
		    "is closed or cancelled."));
	seal_kept(err, st);
out:
	free(d);
	free(p);
	return st;
}

/* mirror_list_for lists which for actor, redacted for her. */
static int
mirror_list_for(struct db *db, const struct actor *actor, int which,
    struct mirror_request ***out, size_t *n)
{
	size_t	i;
	int	st;

	if ((st = mirror_requests_list(db, which, actor->id, out, n)) !=
	    ST_OK)
		return st;
	for (i = 0; i < *n; i++)
		mirror_redact(actor, (*out)[i]);
	return ST_OK;
}

/*
 * mirror_mine lists actor's own requests, newest first (without texts:
 * mirror_get opens them).
 */
int
mirror_mine(struct db *db, const struct actor *actor,
    struct mirror_request ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!role_may(actor, ACT_MIRROR_REQUEST, NULL))
		return ST_DENIED;
	return mirror_list_for(db, actor, MIRROR_LIST_MINE, out, n);
}

/*
 * mirror_decliner names in r who declined it last: a declined request no
 * longer names an expert, and the professional matching it again needs
 * to know whom not to ask twice.  Only the pseudonym, never the note.
 */
static int
mirror_decliner(struct db *db, struct mirror_request *r)
{
	struct mirror_event	*ev = NULL;
	size_t			 n = 0, i;
	int			 st;

	if ((st = mirror_events_list(db, r->id, &ev, &n)) != ST_OK)
		return st;
	for (i = n; i-- > 0;) {
		if (ev[i].state != MIRROR_DECLINED)
			continue;
		if (ev[i].expert != NULL)
			r->declined_by = xstrdup(ev[i].expert);
		break;
	}
	mirror_events_free(ev, n);
	return ST_OK;
}

/*
 * mirror_queue lists, for a professional, the requests waiting for a
 * match (requested or declined), oldest first, then those she mediates
 * under way (proposed, accepted, active).  Without texts.
 */
int
mirror_queue(struct db *db, const struct actor *actor,
    struct mirror_request ***out, size_t *n)
{
	size_t	i;
	int	st;

	*out = NULL;
	*n = 0;
	if (!mirror_is_professional(actor))
		return ST_DENIED;
	if ((st = mirror_list_for(db, actor, MIRROR_LIST_QUEUE, out, n)) !=
	    ST_OK)
		return st;
	for (i = 0; i < *n && st == ST_OK; i++)
		if ((*out)[i]->state == MIRROR_DECLINED)
			st = mirror_decliner(db, (*out)[i]);
	if (st != ST_OK) {
		mirror_requests_free_list(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}

/*
 * mirror_proposals lists, for an expert patient, the requests proposed
 * to her (first) and the experiences she is or was in.  Without texts.
 */
int
mirror_proposals(struct db *db, const struct actor *actor,
    struct mirror_request ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!role_may(actor, ACT_MIRROR_BE_EXPERT, NULL))
		return ST_DENIED;
	return mirror_list_for(db, actor, MIRROR_LIST_EXPERT, out, n);
}

/*
 * mirror_redact_event takes out of event e what actor may not see: the
 * note unless she is a professional or wrote it, and an expert she may
 * not know of (and that expert as its author).  Notes she may see are
 * opened.
 */
static void
mirror_redact_event(const struct actor *actor, const struct mirror_request *r,
    struct mirror_event *e)
{
	if (e->expert_id > 0 && !mirror_expert_shown(actor, r, e->expert_id)) {
		if (e->by_id == e->expert_id) {
			e->by_id = 0;
			free(e->by);
			e->by = NULL;
		}
		e->expert_id = 0;
		free(e->expert);
		e->expert = NULL;
	}
	if (mirror_is_professional(actor) ||
	    (e->by_id > 0 && e->by_id == actor->id))
		e->note_text = mirror_open(SEALED_MIRROR_NOTE, e->id, r->id,
		    &e->note);
	else
		sealed_clear(&e->note);
}

/*
 * mirror_open_texts opens r's details and preference: "" when there is
 * none, NULL when it cannot be opened.
 */
static void
mirror_open_texts(struct mirror_request *r)
{
	r->details_text = r->details.blob == NULL ? xstrdup("") :
	    mirror_open(SEALED_MIRROR_DETAILS, r->id, r->id, &r->details);
	r->preference_text = r->preference.blob == NULL ? xstrdup("") :
	    mirror_open(SEALED_MIRROR_PREFERENCE, r->id, r->id,
	    &r->preference);
}

/*
 * mirror_get reads request id for actor with its texts opened and its
 * changes of state, oldest first, each redacted for her (see the top of
 * the file).  A professional's read is audited.
 */
int
mirror_get(struct db *db, const struct actor *actor, int64_t id,
    struct mirror_request **out, struct mirror_event **events, size_t *n)
{
	struct mirror_request	*r = NULL;
	struct mirror_event	*ev = NULL;
	size_t			 nev = 0, i;
	int			 st;

	*out = NULL;
	*events = NULL;
	*n = 0;
	if ((st = mirror_requests_get(db, id, &r)) != ST_OK)
		return st;
	if (!mirror_visible(actor, r)) {
		st = ST_NOTFOUND;
		goto fail;
	}
	if ((st = mirror_events_list(db, id, &ev, &nev)) != ST_OK)
		goto fail;
	if (mirror_is_professional(actor) && (st = audit_view(db, actor,
	    "mirror.view", "mirror", id, r->patient, NULL)) != ST_OK)
		goto fail;
	mirror_open_texts(r);
	for (i = 0; i < nev; i++)
		mirror_redact_event(actor, r, &ev[i]);
	mirror_redact(actor, r);
	*out = r;
	*events = ev;
	*n = nev;
	return ST_OK;
fail:
	mirror_events_free(ev, nev);
	mirror_request_free(r);
	return st;
}

/*
 * mirror_suggest lists, for a professional matching request id, the
 * expert patients available now, not its patient: those whose topics
 * hold the request's first, then the others, each group with those in
 * fewer experiences now (p->active) first.
 */
int
mirror_suggest(struct db *db, const struct actor *actor, int64_t id,
    struct expert_profile **out, size_t *n)
{
	struct mirror_request	*r = NULL;
	struct expert_profile	*list = NULL;
	struct actor		 ea;
	size_t			 len = 0, i, kept = 0;
	int			 st;

	*out = NULL;
	*n = 0;
	if (!mirror_is_professional(actor))
		return ST_DENIED;
	if ((st = mirror_requests_get(db, id, &r)) != ST_OK)
		return st;
	if ((st = expert_profiles_available(db, ROLE_EXPERT, r->patient_id,
	    r->topic, &list, &len)) != ST_OK)
		goto out;
	/* The table and her consent decide, whatever the query. */
	for (i = 0; i < len; i++) {
		memset(&ea, 0, sizeof ea);
		ea.id = list[i].account_id;
		ea.role = ROLE_EXPERT;
		if (role_may(&ea, ACT_MIRROR_BE_EXPERT, NULL) &&
		    mirror_expert_consents(db, ea.id))
			list[kept++] = list[i];
		else
			free(list[i].pseudonym);
	}
	*out = list;
	*n = kept;
out:
	mirror_request_free(r);
	return st;
}

/*
 * mirror_expert_ok tells whether account expert may be proposed for r:
 * an enabled expert patient the table lets be one, available in her
 * profile, and not r's patient.  *name is her pseudonym.
 */
static bool
mirror_expert_ok(struct db *db, const struct mirror_request *r,
    int64_t expert, char **name)
{
	struct account		*a = NULL;
	struct expert_profile	 p;
	struct actor		 ea;
	bool			 ok;

	*name = NULL;
	memset(&p, 0, sizeof p);
	if (expert <= 0 || expert == r->patient_id ||
	    accounts_get(db, expert, &a) != ST_OK)
		return false;
	account_actor(a, "local", &ea);
	ok = a->role == ROLE_EXPERT && !a->disabled &&
	    role_may(&ea, ACT_MIRROR_BE_EXPERT, NULL) &&
	    mirror_expert_consents(db, expert) &&
	    expert_profiles_get(db, expert, &p) == ST_OK && p.available;
	if (ok)
		*name = xstrdup(a->pseudonym);
	free(p.pseudonym);
	account_free(a);
	return ok;
}

/*
 * mirror_propose proposes expert for request id (requested, or declined
 * by another expert); actor becomes its mediating professional.  On
 * ST_INVALID *err says why.
 */
int
mirror_propose(struct db *db, const struct actor *actor, int64_t id,
    int64_t expert, char **err)
{
	struct mirror_request	*r;
	char			*name = NULL;
	int			 st;

	*err = NULL;
	if (!mirror_is_professional(actor))
		return text_say(err, ST_DENIED, "%s", _("Only professionals "
		    "propose mirror experiences."));
	if ((st = mirror_begin(db, actor, id, &r)) != ST_OK)
		return st;
	if (r->state != MIRROR_REQUESTED && r->state != MIRROR_DECLINED) {
		st = text_say(err, ST_INVALID, "%s", _("This request is not "
		    "waiting for someone to be proposed."));
		goto out;
	}
	if (!mirror_expert_ok(db, r, expert, &name)) {
		st = text_say(err, ST_INVALID, "%s", _("That person is not "
		    "available as an expert patient now."));
		goto out;
	}
	r->professional_id = actor->id;
	r->expert_id = expert;
	st = mirror_change(db, actor, r, MIRROR_PROPOSED, expert, NULL,
	    "mirror.propose", name);
out:
	free(name);
	return mirror_end(db, st, r);
}

/*
 * mirror_accept: the expert a request is proposed to accepts; the
 * three-party conversation opens (its id in *conv).  ST_INVALID when the
 * proposal is not waiting for her answer.
 */
int
mirror_accept(struct db *db, const struct actor *actor, int64_t id,
    int64_t *conv)
{
	struct mirror_request	*r;
	int			 st;

	*conv = 0;
	if (!role_may(actor, ACT_MIRROR_BE_EXPERT, NULL))
		return ST_DENIED;
	if ((st = mirror_begin(db, actor, id, &r)) != ST_OK)
		return st;
	if (r->state != MIRROR_PROPOSED || !mirror_is_expert(actor, r)) {
		st = ST_INVALID;
		goto out;
	}
	/* The subject is the topic's msgid: each reader translates it. */
	if ((st = message_create_mirror(db, r->id, r->patient_id,
	    r->expert_id, r->professional_id, mirror_topics[r->topic],
	    &r->conversation_id)) != ST_OK)
		goto out;
	if ((st = mirror_change(db, actor, r, MIRROR_ACCEPTED, r->expert_id,
	    NULL, "mirror.accept", NULL)) == ST_OK)
		*conv = r->conversation_id;
out:
	if (st != ST_OK)
		*conv = 0;
	return mirror_end(db, st, r);
}

/*
 * mirror_decline: the expert a request is proposed to declines, with a
 * reason (for the professional); the request goes back to the queue.
 */
int
mirror_decline(struct db *db, const struct actor *actor, int64_t id,
    const char *reason, char **err)
{
	struct mirror_request	*r;
	char			*note;
	int64_t			 expert;
	int			 st;

	*err = NULL;
	if (!role_may(actor, ACT_MIRROR_BE_EXPERT, NULL))
		return ST_DENIED;
	if ((st = mirror_clean(FIELD_REASON, true, reason, &note, err)) !=
	    ST_OK)
		return st;
	if ((st = mirror_begin(db, actor, id, &r)) != ST_OK)
		goto done;
	if (r->state != MIRROR_PROPOSED || !mirror_is_expert(actor, r)) {
		st = text_say(err, ST_INVALID, "%s", _("This proposal is no "
		    "longer waiting for your answer."));
		goto out;
	}
	expert = r->expert_id;
	r->expert_id = 0;
	st = mirror_change(db, actor, r, MIRROR_DECLINED, expert, note,
	    "mirror.decline", NULL);
out:
	st = seal_kept(err, mirror_end(db, st, r));
done:
	free(note);
	return st;
}

/*
 * mirror_cancel_allowed tells whether actor may cancel r now: its
 * patient before an expert accepted, a professional any time before it
 * closes.  ST_DENIED for someone who sees it but may never cancel it.
 */
static int
mirror_cancel_allowed(const struct actor *actor, const struct mirror_request *r,
    char **err)
{
	if (r->state == MIRROR_CLOSED || r->state == MIRROR_CANCELLED)
		return text_say(err, ST_INVALID, "%s", _("This mirror "
		    "experience has already ended."));
	if (mirror_is_professional(actor))
		return ST_OK;
	if (!mirror_is_patient(actor, r))
		return text_say(err, ST_DENIED, "%s", _("Only the person who "
		    "asked, or a professional, can cancel it."));
	if (r->state == MIRROR_ACCEPTED || r->state == MIRROR_ACTIVE)
		return text_say(err, ST_INVALID, "%s", _("The conversation "
		    "has started: ask the professional in it to close it."));
	return ST_OK;
}

/*
 * mirror_cancel cancels request id with an optional reason (seen by the
 * professionals): its patient while it is not under way, a professional
 * any time before it closes (the conversation, if any, closes too).
 */
int
mirror_cancel(struct db *db, const struct actor *actor, int64_t id,
    const char *reason, char **err)
{
	struct mirror_request	*r;
	char			*note;
	int			 st;

	*err = NULL;
	if ((st = mirror_clean(FIELD_REASON, false, reason, &note, err)) !=
	    ST_OK)
		return st;
	if ((st = mirror_begin(db, actor, id, &r)) != ST_OK)
		goto done;
	if ((st = mirror_cancel_allowed(actor, r, err)) != ST_OK)
		goto out;
	if (r->conversation_id > 0 && (st = conversations_close(db,
	    r->conversation_id, actor->id)) == ST_NOTFOUND)
		st = ST_OK;	/* closed already */
	if (st == ST_OK)
		st = mirror_change(db, actor, r, MIRROR_CANCELLED, r->expert_id,
		    note, "mirror.cancel", NULL);
out:
	st = seal_kept(err, mirror_end(db, st, r));
done:
	free(note);
	return st;
}

/*
 * mirror_close: the mediating professional closes an accepted or active
 * experience and its conversation; then patient and expert may rate it.
 */
int
mirror_close(struct db *db, const struct actor *actor, int64_t id)
{
	struct mirror_request	*r;
	int			 st;

	if (!mirror_is_professional(actor))
		return ST_DENIED;
	if ((st = mirror_begin(db, actor, id, &r)) != ST_OK)
		return st;
	if (r->professional_id != actor->id) {
		st = ST_DENIED;
		goto out;
	}
	if (r->state != MIRROR_ACCEPTED && r->state != MIRROR_ACTIVE) {
		st = ST_INVALID;
		goto out;
	}
	if ((st = conversations_close(db, r->conversation_id, actor->id)) ==
	    ST_NOTFOUND)
		st = ST_OK;	/* closed already */
	if (st == ST_OK)
		st = mirror_change(db, actor, r, MIRROR_CLOSED, r->expert_id,
		    NULL, "mirror.close", NULL);
out:
	return mirror_end(db, st, r);
}

/*
 * mirror_store_rating records actor's rating of r with its comment
 * sealed to the rating's row; ST_EXISTS when she has rated it.
 */
static int
mirror_store_rating(struct db *db, const struct actor *actor,
    const struct mirror_request *r, int rating, const char *comment)
{
	struct sealed	s;
	int64_t		id;
	int		st;

	if ((st = mirror_ratings_add(db, r->id, actor->id, rating, db_now(),
	    &id)) != ST_OK)
		return st;
	if (comment != NULL) {
		if ((st = mirror_seal(SEALED_RATING_COMMENT, id, r->id,
		    comment, &s)) == ST_OK)
			st = mirror_ratings_set_comment(db, id, &s);
		sealed_clear(&s);
		if (st != ST_OK)
			return st;
	}
	return audit_record(db, actor, "mirror.rate", "mirror", r->id,
	    r->patient, NULL, true);
}

/*
 * mirror_rate: the patient or the expert of a closed experience rates it
 * 1 to 5, with an optional comment, once each (a second is ST_EXISTS).
 */
int
mirror_rate(struct db *db, const struct actor *actor, int64_t id, int rating,
    const char *comment, char **err)
{
	struct mirror_request	*r;
	char			*text;
	int			 st;

	*err = NULL;
	if (rating < 1 || rating > 5)
		return text_say(err, ST_INVALID, "%s", _("Please choose a "
		    "rating from 1 to 5."));
	if ((st = mirror_clean(FIELD_COMMENT, false, comment, &text, err)) !=
	    ST_OK)
		return st;
	if ((st = mirror_begin(db, actor, id, &r)) != ST_OK)
		goto done;
	if (!mirror_is_patient(actor, r) && !mirror_is_expert(actor, r))
		st = text_say(err, ST_DENIED, "%s", _("Only the patient and "
		    "the expert patient rate a mirror experience."));
	else if (r->state != MIRROR_CLOSED)
		st = text_say(err, ST_INVALID, "%s", _("A mirror experience "
		    "can be rated once it is closed."));
	else if ((st = mirror_store_rating(db, actor, r, rating, text)) ==
	    ST_EXISTS)
		text_say(err, st, "%s", _("You have already rated this "
		    "mirror experience."));
	st = seal_kept(err, mirror_end(db, st, r));
done:
	free(text);
	return st;
}

/*
 * mirror_ratings lists request id's ratings with their comments opened:
 * all of them for a professional, her own for the patient or expert.
 */
int
mirror_ratings(struct db *db, const struct actor *actor, int64_t id,
    struct mirror_rating **out, size_t *n)
{
	struct mirror_request	*r = NULL;
	struct mirror_rating	*list = NULL;
	size_t			 len = 0, i, kept = 0;
	bool			 all;
	int			 st;

	*out = NULL;
	*n = 0;
	if ((st = mirror_requests_get(db, id, &r)) != ST_OK)
		return st;
	if (!mirror_visible(actor, r)) {
		st = ST_NOTFOUND;
		goto out;
	}
	if ((st = mirror_ratings_list(db, id, &list, &len)) != ST_OK)
		goto out;
	all = mirror_is_professional(actor);
	for (i = 0; i < len; i++) {
		if (!all && list[i].account_id != actor->id) {
			free(list[i].pseudonym);
			sealed_clear(&list[i].comment);
			continue;
		}
		list[kept] = list[i];
		list[kept].comment_text = mirror_open(SEALED_RATING_COMMENT,
		    list[kept].id, id, &list[kept].comment);
		kept++;
	}
	*out = list;
	*n = kept;
out:
	mirror_request_free(r);
	return st;
}

/*
 * mirror_profile_get reads the acting expert patient's own profile (no
 * topics, not available until she sets one); p->pseudonym is left NULL.
 */
int
mirror_profile_get(struct db *db, const struct actor *actor,
    struct expert_profile *p)
{
	int	st;

	memset(p, 0, sizeof *p);
	if (!role_may(actor, ACT_MIRROR_BE_EXPERT, NULL) || actor->id <= 0)
		return ST_DENIED;
	st = expert_profiles_get(db, actor->id, p);
	free(p->pseudonym);
	p->pseudonym = NULL;
	return st;
}

/*
 * mirror_profile_set stores the acting expert's topics (bit t: enum
 * mirror_topic t) and whether she is available now; audited.
 */
int
mirror_profile_set(struct db *db, const struct actor *actor, unsigned topics,
    bool available)
{
	int	st;

	if (!role_may(actor, ACT_MIRROR_BE_EXPERT, NULL) || actor->id <= 0)
		return ST_DENIED;
	if (topics >= 1U << MIRROR_TOPIC_COUNT)
		return ST_INVALID;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = expert_profiles_set(db, actor->id, topics, available,
	    db_now())) == ST_OK)
		st = audit_record(db, actor, "mirror.profile", "account",
		    actor->id, actor->name, available ? "available" :
		    "not available", true);
	if (st != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/*
 * mirror_counts is what waits for actor, for the main menu: requests to
 * match for a professional, proposals to answer for an expert patient,
 * closed experiences to rate for a patient; 0 for anyone else.
 */
int
mirror_counts(struct db *db, const struct actor *actor, int64_t *n)
{
	*n = 0;
	if (mirror_is_professional(actor))
		return mirror_requests_count(db, MIRROR_COUNT_UNMATCHED,
		    actor->id, n);
	if (role_may(actor, ACT_MIRROR_BE_EXPERT, NULL))
		return mirror_requests_count(db, MIRROR_COUNT_PROPOSED,
		    actor->id, n);
	if (role_may(actor, ACT_MIRROR_REQUEST, NULL))
		return mirror_requests_count(db, MIRROR_COUNT_UNRATED,
		    actor->id, n);
	return ST_OK;
}

/*
 * mirror_note_message: a message was written in conversation conv
 * (inside message.c's transaction).  The first one in an accepted
 * experience makes it active, recorded as a change by its author.  Any
 * other conversation or state: nothing to do.
 */
int
mirror_note_message(struct db *db, int64_t conv)
{
	struct mirror_request	*r = NULL;
	int64_t			 id, author;
	int			 st;

	if ((st = mirror_requests_of_conversation(db, conv, &id)) != ST_OK ||
	    id == 0)
		return st;
	if ((st = mirror_requests_get(db, id, &r)) != ST_OK)
		return st;
	if (r->state == MIRROR_ACCEPTED &&
	    (st = mirror_last_author(db, conv, &author)) == ST_OK) {
		r->state = MIRROR_ACTIVE;
		r->updated_at = db_now();
		if ((st = mirror_requests_update(db, r)) == ST_OK)
			st = mirror_note_event(db, r, author, r->expert_id,
			    NULL);
	}
	mirror_request_free(r);
	return st;
}

/*
 * mirror_withdraw_one ends request id gracefully after one of its
 * members withdrew her consent (who; expert tells which side she is
 * on): a closing note in her name in the conversation under way (the
 * mediating professional reads it there), then the experience closes.
 * A proposal still waiting for the expert goes back to the queue; a
 * request not under way is cancelled when its patient withdraws.  The
 * event's note tells the professionals why.
 */
static int
mirror_withdraw_one(struct db *db, const struct actor *actor,
    const struct actor *who, int64_t id, bool expert)
{
	struct mirror_request	*r = NULL;
	char			*err = NULL;
	const char		*note, *bye;
	int64_t			 msg, ex;
	int			 st;

	if (expert) {
		bye = _("I have stepped back from being an expert patient, so "
		    "this conversation closes now. Thank you for sharing this "
		    "time with me. The professional who was with us is still "
		    "here for you.");
		note = _("The expert patient withdrew her consent to be one.");
	} else {
		bye = _("I have stopped taking part in the community, so this "
		    "conversation closes now. Thank you both for this time.");
		note = _("The member withdrew her consent to take part in the "
		    "community.");
	}
	if ((st = mirror_requests_get(db, id, &r)) != ST_OK)
		return st;
	if (r->conversation_id > 0 && (r->state == MIRROR_ACCEPTED ||
	    r->state == MIRROR_ACTIVE))
		(void)message_reply(db, NULL, who, r->conversation_id, bye,
		    &msg, &err);
	free(err);
	mirror_request_free(r);
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = mirror_requests_get(db, id, &r)) != ST_OK)
		goto out;
	ex = r->expert_id;
	if (r->state == MIRROR_ACCEPTED || r->state == MIRROR_ACTIVE) {
		if ((st = conversations_close(db, r->conversation_id,
		    who->id)) == ST_NOTFOUND)
			st = ST_OK;	/* closed already */
		if (st == ST_OK)
			st = mirror_change(db, actor, r, MIRROR_CLOSED, ex,
			    note, "mirror.withdraw", NULL);
	} else if (expert && r->state == MIRROR_PROPOSED) {
		r->expert_id = 0;
		st = mirror_change(db, actor, r, MIRROR_DECLINED, ex, note,
		    "mirror.withdraw", NULL);
	} else if (!expert && (r->state == MIRROR_REQUESTED ||
	    r->state == MIRROR_PROPOSED || r->state == MIRROR_DECLINED))
		st = mirror_change(db, actor, r, MIRROR_CANCELLED, ex, note,
		    "mirror.withdraw", NULL);
out:
	return mirror_end(db, st, r);
}

/*
 * mirror_withdrawn ends what account takes part in, as the patient who
 * asked (expert false) or as the expert (true).  *n counts those ended.
 */
static int
mirror_withdrawn(struct db *db, const struct actor *actor, int64_t account,
    bool expert, int64_t *n)
{
	struct mirror_request	**list = NULL;
	struct account		 *a = NULL;
	struct actor		  who;
	size_t			  len = 0, i;
	int			  st, s;

	if ((st = accounts_get(db, account, &a)) != ST_OK)
		return st;
	account_actor(a, "local", &who);
	if ((st = mirror_requests_list(db, expert ? MIRROR_LIST_EXPERT :
	    MIRROR_LIST_MINE, account, &list, &len)) != ST_OK)
		goto out;
	for (i = 0; i < len && st == ST_OK; i++) {
		s = list[i]->state;
		if (s == MIRROR_CLOSED || s == MIRROR_CANCELLED)
			continue;
		if (expert && (list[i]->expert_id != account ||
		    s == MIRROR_REQUESTED || s == MIRROR_DECLINED))
			continue;
		if (!expert && list[i]->patient_id != account)
			continue;
		if ((st = mirror_withdraw_one(db, actor, &who, list[i]->id,
		    expert)) == ST_OK)
			(*n)++;
	}
	mirror_requests_free_list(list, len);
out:
	account_free(a);
	return st;
}

/*
 * mirror_member_withdrawn: account withdrew her community consent,
 * without which nobody takes part in mirror experiences: her own
 * requests end (cancelled, or closed with a note when under way), and
 * so do those she accompanies as an expert.  *n counts those ended.
 */
int
mirror_member_withdrawn(struct db *db, const struct actor *actor,
    int64_t account, int64_t *n)
{
	int64_t	as_expert = 0;
	int	st;

	*n = 0;
	if ((st = mirror_withdrawn(db, actor, account, false, n)) != ST_OK)
		return st;
	st = mirror_withdrawn(db, actor, account, true, &as_expert);
	*n += as_expert;
	return st;
}

/*
 * mirror_expert_withdrawn: expert patient expert withdrew her consent to
 * be one (consent.c checked who may record it); what she accompanies
 * ends gracefully (mirror_withdraw_one).  *n counts those ended.
 */
int
mirror_expert_withdrawn(struct db *db, const struct actor *actor,
    int64_t expert, int64_t *n)
{
	*n = 0;
	return mirror_withdrawn(db, actor, expert, true, n);
}
