/*
 * rights.c: a patient's rights over her data (privacy spec, "Patients'
 * rights" and "Audit").
 *
 * Access and portability: rights_export_patient writes everything about
 * one patient as JSON for a right-of-access request, run by the operator
 * (bbsctl) or an admin, audited.  Her messages, module answers, journal
 * and mirror-request texts are opened with the key ring.  Decisions:
 * - Alerts about her are hers, with the staff's action notes and the
 *   alert's detail: they are notes about her care, and the right of
 *   access covers them.  The staff who acted are named by pseudonym.
 * - Other people appear only as the pseudonym of an author in her own
 *   conversations, of feedback she received, or of a staff step on her
 *   record; never another patient's post, request or profile.
 * - Requests proposed to her as an expert patient are the other
 *   patient's data and are left out.
 * - No password hash, no internal ids but the form/alert order.
 *
 * Access log: rights_access_log gives the patient the audit rows where a
 * staff member (professional, moderator, admin, or the operator at the
 * server) read or acted on her data.  Researchers' study exports are not
 * reads of her data by a person (pseudonymous aggregates), so they are
 * left out; so are her own actions and denied attempts.
 *
 * Erasure: rights_forget_posts anonymises her community posts ("former
 * member") or deletes them (then anonymises them too, so her pseudonym
 * leaves the thread lists); rights_forget does that for the operator on
 * request, withdraws her community consent, marks her forgotten and
 * disables the account.  Clinical records (questionnaires, alerts,
 * messages, modules) are kept for their retention period.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bbs.h"

/* A small JSON writer: two-space indentation, keys in the given order. */
#define RIGHTS_JSON_DEPTH	16

struct rights_json {
	FILE	*fp;
	int	 depth;
	bool	 first[RIGHTS_JSON_DEPTH + 1];
};

/* The machine names the export uses, stable across languages. */
static const char *const rights_purposes[] = {
	"care", "community", "expert", "research",
};
static const char *const rights_form_states[] = {
	"due", "partial", "completed", "missed",
};
static const char *const rights_priorities[] = {
	"low", "medium", "high", "urgent", "escalation",
};
static const char *const rights_alert_states[] = {
	"open", "acknowledged", "acted", "closed",
};
static const char *const rights_alert_actions[] = {
	"called", "no_answer", "referred_112", "referred_mental_health",
	"message_sent", "none_needed",
};
static const char *const rights_post_states[] = {
	"visible", "pending", "held", "reported", "hidden",
};
static const char *const rights_conv_kinds[] = {
	"care", "direct", "mirror",
};
static const char *const rights_exercise_kinds[] = {
	"text", "rating", "checklist", "thought_record", "activity_plan",
};
static const char *const rights_mirror_states[] = {
	"requested", "proposed", "accepted", "active", "closed", "declined",
	"cancelled",
};
static const char *const rights_care_levels[] = {
	"monitoring", "psychoeducation", "community", "therapy",
};

#define RIGHTS_NAME(t, i) \
	((i) >= 0 && (size_t)(i) < sizeof (t) / sizeof (t)[0] ? (t)[i] : \
	"unknown")

/* The staff roles whose reads a patient sees, by machine name. */
static const char *const rights_staff_roles[] = {
	"professional", "moderator", "admin", "operator", NULL,
};

/* Readable labels of the audit actions a patient may see (msgids). */
static const struct {
	const char	*action;
	const char	*label;
} rights_labels[] = {
	{ "patient.view", N_("opened your record") },
	{ "results.view", N_("looked at your results") },
	{ "form.send", N_("sent you a questionnaire") },
	{ "form.submit", N_("recorded a questionnaire") },
	{ "alert.view", N_("looked at an alert about you") },
	{ "alert.raise", N_("raised an alert about you") },
	{ "alert.acknowledge", N_("took charge of an alert") },
	{ "alert.action", N_("acted on an alert") },
	{ "alert.close", N_("closed an alert about you") },
	{ "care.assign", N_("joined your care team") },
	{ "care.unassign", N_("left your care team") },
	{ "care.level", N_("changed your level of care") },
	{ "message.read", N_("read your messages") },
	{ "message.send", N_("wrote to you") },
	{ "message.start", N_("started a conversation") },
	{ "message.take", N_("took your conversation") },
	{ "message.report_read", N_("read a reported message") },
	{ "message.report_resolve", N_("decided on a reported message") },
	{ "journal.read", N_("read your shared journal") },
	{ "safety_plan.view", N_("looked at your safety plan") },
	{ "safety_plan.edit", N_("changed your safety plan") },
	{ "module.assign", N_("added a module for you") },
	{ "module.answer_read", N_("read an exercise of yours") },
	{ "module.submitted_read", N_("read your exercises") },
	{ "module.feedback", N_("gave feedback on an exercise") },
	{ "module.progress", N_("looked at your modules") },
	{ "mirror.view", N_("looked at your mirror request") },
	{ "mirror.propose", N_("proposed a mentor for you") },
	{ "mirror.close", N_("closed your mirror experience") },
	{ "mirror.cancel", N_("cancelled your mirror request") },
	{ "moderation.hide", N_("hid one of your posts") },
	{ "moderation.approve", N_("approved one of your posts") },
	{ "moderation.restore", N_("restored one of your posts") },
	{ "moderation.suspend", N_("paused your posting") },
	{ "account.create", N_("created your account") },
	{ "account.disable", N_("disabled your account") },
	{ "account.enable", N_("enabled your account") },
	{ "account.role", N_("changed your role") },
	{ "account.password", N_("reset your password") },
	{ "consent.give", N_("recorded your consent") },
	{ "consent.withdraw", N_("recorded a consent withdrawn") },
	{ "rights.export", N_("copied your data for you") },
	{ "rights.forget", N_("took you off the community") },
	{ "rights.forget_posts", N_("anonymised or deleted posts") },
};

/*
 * rights_action_label returns a plain description of an audit action
 * (a msgid the UI translates), or a generic one for an action without
 * its own label.
 */
const char *
rights_action_label(const char *action)
{
	size_t	i;

	for (i = 0; i < sizeof rights_labels / sizeof rights_labels[0]; i++)
		if (action != NULL && strcmp(action, rights_labels[i].action)
		    == 0)
			return rights_labels[i].label;
	if (action != NULL && strncmp(action, "moderation.", 11) == 0)
		return N_("moderated one of your posts");
	return N_("looked at or changed your data");
}

/* rights_may_manage: the operator or an admin. */
static bool
rights_may_manage(const struct actor *actor)
{
	return actor->operator || (actor->role == ROLE_ADMIN && actor->id > 0);
}

/* rights_is_patient: the roles with a clinical record. */
static bool
rights_is_patient(int role)
{
	return role == ROLE_PATIENT || role == ROLE_EXPERT;
}

/* rights_json_indent starts a new line at the current depth. */
static void
rights_json_indent(struct rights_json *j)
{
	int	i;

	fputc('\n', j->fp);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->fp);
}

/* rights_json_key starts a member (key NULL: an array element). */
static void
rights_json_key(struct rights_json *j, const char *key)
{
	if (j->depth == 0)
		return;
	if (!j->first[j->depth])
		fputc(',', j->fp);
	j->first[j->depth] = false;
	rights_json_indent(j);
	if (key != NULL) {
		text_json(j->fp, key);
		fputs(": ", j->fp);
	}
}

/* rights_json_open opens an object ('{') or array ('[') at key. */
static void
rights_json_open(struct rights_json *j, const char *key, char c)
{
	rights_json_key(j, key);
	fputc(c, j->fp);
	if (j->depth < RIGHTS_JSON_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

/* rights_json_close closes what rights_json_open opened. */
static void
rights_json_close(struct rights_json *j, char c)
{
	bool	empty = j->first[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (!empty)
		rights_json_indent(j);
	fputc(c, j->fp);
}

static void
rights_json_str(struct rights_json *j, const char *key, const char *s)
{
	rights_json_key(j, key);
	text_json(j->fp, s);
}

static void
rights_json_int(struct rights_json *j, const char *key, int64_t v)
{
	rights_json_key(j, key);
	fprintf(j->fp, "%lld", (long long)v);
}

static void
rights_json_bool(struct rights_json *j, const char *key, bool v)
{
	rights_json_key(j, key);
	fputs(v ? "true" : "false", j->fp);
}

/* rights_json_time writes t as UTC ISO 8601, or null for 0 (never). */
static void
rights_json_time(struct rights_json *j, const char *key, int64_t t)
{
	struct tm	tm;
	time_t		tt = (time_t)t;
	char		buf[32];

	rights_json_key(j, key);
	if (t <= 0 || gmtime_r(&tt, &tm) == NULL) {
		fputs("null", j->fp);
		return;
	}
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	text_json(j->fp, buf);
}

/* rights_export_account writes her account, without the password hash. */
static int
rights_export_account(struct db *db, struct rights_json *j,
    const struct account *a)
{
	int64_t	forgotten;
	int	st;

	if ((st = patient_data_forgotten_at(db, a->id, &forgotten)) != ST_OK)
		return st;
	rights_json_open(j, "account", '{');
	rights_json_str(j, "pseudonym", a->pseudonym);
	rights_json_str(j, "role", role_name(a->role));
	rights_json_str(j, "language", a->language);
	rights_json_time(j, "created", a->created_at);
	rights_json_time(j, "last_login", a->last_login_at);
	rights_json_bool(j, "disabled", a->disabled);
	rights_json_time(j, "forgotten", forgotten);
	rights_json_close(j, '}');
	return ST_OK;
}

/* rights_export_consents writes every consent decision, oldest first. */
static int
rights_export_consents(struct db *db, struct rights_json *j, int64_t id)
{
	struct patient_consent	*c = NULL;
	size_t			 n = 0, i;
	int			 st;

	if ((st = patient_data_consents(db, id, &c, &n)) != ST_OK)
		return st;
	rights_json_open(j, "consents", '[');
	for (i = 0; i < n; i++) {
		rights_json_open(j, NULL, '{');
		rights_json_str(j, "purpose", RIGHTS_NAME(rights_purposes,
		    c[i].purpose));
		rights_json_str(j, "study", c[i].study != NULL &&
		    *c[i].study != '\0' ? c[i].study : NULL);
		rights_json_bool(j, "given", c[i].given);
		rights_json_int(j, "text_version", c[i].text_version);
		rights_json_str(j, "text_hash", c[i].text_hash);
		rights_json_str(j, "language", c[i].language);
		rights_json_str(j, "recorded_by", c[i].recorded_by != NULL ?
		    c[i].recorded_by : "operator");
		rights_json_time(j, "at", c[i].at);
		rights_json_close(j, '}');
	}
	rights_json_close(j, ']');
	patient_consents_free(c, n);
	return ST_OK;
}

/* rights_export_scores writes a form's scores computed by the engine. */
static void
rights_export_scores(struct db *db, struct rights_json *j,
    const struct form *f)
{
	struct score_result	 r;
	const struct score_value *v;
	size_t			 i;

	rights_json_open(j, "scores", '[');
	if (f->state == FORM_COMPLETED && quest_result(db, f, &r) == ST_OK) {
		for (i = 0; i < r.nscores; i++) {
			v = &r.scores[i];
			rights_json_open(j, NULL, '{');
			rights_json_str(j, "score", v->score != NULL ?
			    v->score->id : NULL);
			rights_json_key(j, "value");
			if (v->complete)
				fprintf(j->fp, "%d", v->value);
			else
				fputs("null", j->fp);
			rights_json_str(j, "band", v->complete ? v->band :
			    NULL);
			rights_json_str(j, "range", v->convention);
			rights_json_close(j, '}');
		}
	}
	rights_json_close(j, ']');
}

/* rights_export_form writes one questionnaire with its answers. */
static int
rights_export_form(struct db *db, struct rights_json *j, const struct form *f)
{
	struct form_answer	*a = NULL;
	size_t			 n = 0, i;
	int			 st;

	if ((st = forms_answers(db, f->id, &a, &n)) != ST_OK)
		return st;
	rights_json_open(j, NULL, '{');
	rights_json_str(j, "instrument", f->instrument);
	rights_json_int(j, "version", f->version);
	rights_json_str(j, "window", f->window);
	rights_json_str(j, "state", RIGHTS_NAME(rights_form_states,
	    f->state));
	rights_json_str(j, "language", f->language);
	rights_json_bool(j, "sent_by_staff", f->sent_by != 0);
	rights_json_time(j, "opens", f->opens_at);
	rights_json_time(j, "closes", f->closes_at);
	rights_json_time(j, "started", f->started_at);
	rights_json_time(j, "completed", f->completed_at);
	rights_json_open(j, "answers", '[');
	for (i = 0; i < n; i++) {
		rights_json_open(j, NULL, '{');
		rights_json_int(j, "item", a[i].item);
		rights_json_int(j, "value", a[i].value);
		rights_json_close(j, '}');
	}
	rights_json_close(j, ']');
	rights_export_scores(db, j, f);
	rights_json_close(j, '}');
	free(a);
	return ST_OK;
}

/* rights_export_forms writes every questionnaire given to her. */
static int
rights_export_forms(struct db *db, struct rights_json *j, int64_t id)
{
	static const int	 all[] = { FORM_DUE, FORM_PARTIAL,
	    FORM_COMPLETED, FORM_MISSED };
	struct form		**f = NULL;
	size_t			  n = 0, i;
	int			  st;

	if ((st = forms_list(db, id, all, 4, &f, &n)) != ST_OK)
		return st;
	rights_json_open(j, "questionnaires", '[');
	for (i = 0; i < n && st == ST_OK; i++)
		st = rights_export_form(db, j, f[i]);
	rights_json_close(j, ']');
	forms_free_list(f, n);
	return st;
}

/* rights_export_alert writes one alert with its recorded actions. */
static void
rights_export_alert(struct rights_json *j, const struct alert *a)
{
	size_t	i;

	rights_json_open(j, NULL, '{');
	rights_json_str(j, "rule", a->rule);
	rights_json_str(j, "priority", RIGHTS_NAME(rights_priorities,
	    a->priority));
	rights_json_str(j, "state", RIGHTS_NAME(rights_alert_states,
	    a->state));
	rights_json_str(j, "detail", a->detail);
	rights_json_time(j, "raised", a->created_at);
	rights_json_time(j, "due", a->due_at);
	rights_json_time(j, "acknowledged", a->acknowledged_at);
	rights_json_str(j, "acknowledged_by", a->acknowledged_by);
	rights_json_time(j, "escalated", a->escalated_at);
	rights_json_time(j, "closed", a->closed_at);
	rights_json_str(j, "closed_by", a->closed_by);
	rights_json_open(j, "actions", '[');
	for (i = 0; i < a->nactions; i++) {
		rights_json_open(j, NULL, '{');
		rights_json_str(j, "code", RIGHTS_NAME(rights_alert_actions,
		    a->actions[i].code));
		rights_json_str(j, "note", a->actions[i].note);
		rights_json_str(j, "by", a->actions[i].by);
		rights_json_time(j, "at", a->actions[i].at);
		rights_json_close(j, '}');
	}
	rights_json_close(j, ']');
	rights_json_close(j, '}');
}

/* rights_export_alerts writes every alert about her, oldest first. */
static int
rights_export_alerts(struct db *db, struct rights_json *j, int64_t id)
{
	struct alert	*a;
	int64_t		*ids = NULL;
	size_t		 n = 0, i;
	int		 st;

	if ((st = patient_data_alerts(db, id, &ids, &n)) != ST_OK)
		return st;
	rights_json_open(j, "alerts", '[');
	for (i = 0; i < n; i++) {
		if ((st = alerts_get(db, ids[i], 0, &a)) != ST_OK)
			break;
		rights_export_alert(j, a);
		alert_free(a);
	}
	rights_json_close(j, ']');
	free(ids);
	return st;
}

/* rights_export_care writes the history of her level of care. */
static int
rights_export_care(struct db *db, struct rights_json *j, int64_t id)
{
	struct care_level_change	*c = NULL;
	size_t				 n = 0, i;
	int				 st;

	if ((st = care_levels_history(db, id, &c, &n)) != ST_OK)
		return st;
	rights_json_open(j, "care_levels", '[');
	for (i = 0; i < n; i++) {
		rights_json_open(j, NULL, '{');
		rights_json_str(j, "level", RIGHTS_NAME(rights_care_levels,
		    c[i].level));
		rights_json_str(j, "set_by", c[i].set_by);
		rights_json_time(j, "at", c[i].at);
		rights_json_close(j, '}');
	}
	rights_json_close(j, ']');
	care_levels_free(c, n);
	return ST_OK;
}

/* rights_export_posts writes the community posts she wrote. */
static int
rights_export_posts(struct db *db, struct rights_json *j, int64_t id)
{
	struct post	**p = NULL;
	struct board	 *b = NULL;
	size_t		  n = 0, i;
	int		  st;

	if ((st = posts_of_author(db, id, &p, &n)) != ST_OK)
		return st;
	rights_json_open(j, "posts", '[');
	for (i = 0; i < n; i++) {
		if (b == NULL || b->id != p[i]->board_id) {
			board_free(b);
			b = NULL;
			if ((st = boards_get(db, p[i]->board_id, &b)) !=
			    ST_OK)
				break;
		}
		rights_json_open(j, NULL, '{');
		rights_json_str(j, "board", b->name);
		rights_json_str(j, "thread", p[i]->thread_title);
		rights_json_str(j, "body", p[i]->body);
		rights_json_str(j, "state", RIGHTS_NAME(rights_post_states,
		    p[i]->state));
		rights_json_time(j, "written", p[i]->created_at);
		rights_json_time(j, "edited", p[i]->edited_at);
		rights_json_time(j, "deleted", p[i]->deleted_at);
		rights_json_close(j, '}');
	}
	rights_json_close(j, ']');
	board_free(b);
	posts_free_list(p, n);
	return st;
}

/* rights_conv_purpose: the key purpose of a conversation's texts. */
static enum seal_purpose
rights_conv_purpose(const struct conversation *c)
{
	return c->kind == CONV_MIRROR ? SEAL_MIRROR : SEAL_MESSAGES;
}

/* rights_export_conversation writes one conversation and its messages. */
static int
rights_export_conversation(struct db *db, struct rights_json *j,
    const struct conversation *c)
{
	struct message	**m = NULL;
	char		 *text;
	size_t		  n = 0, i;
	int		  st;

	if ((st = messages_list(db, c->id, &m, &n)) != ST_OK)
		return st;
	rights_json_open(j, NULL, '{');
	rights_json_str(j, "kind", RIGHTS_NAME(rights_conv_kinds, c->kind));
	text = c->subject.blob == NULL ? NULL : seal_open(
	    rights_conv_purpose(c), sealed_table(SEALED_CONV_SUBJECT), c->id,
	    c->id, &c->subject);
	rights_json_str(j, "subject", text);
	text_wipe(text);
	rights_json_time(j, "started", c->created_at);
	rights_json_time(j, "closed", c->closed_at);
	rights_json_open(j, "messages", '[');
	for (i = 0; i < n; i++) {
		rights_json_open(j, NULL, '{');
		rights_json_str(j, "author", m[i]->author);
		rights_json_str(j, "author_role", role_name(m[i]->author_role));
		rights_json_time(j, "at", m[i]->created_at);
		text = m[i]->body.blob == NULL ? NULL : seal_open(
		    rights_conv_purpose(c), sealed_table(SEALED_MESSAGE_BODY),
		    m[i]->id, c->id, &m[i]->body);
		rights_json_str(j, "text", text);
		text_wipe(text);
		rights_json_close(j, '}');
	}
	rights_json_close(j, ']');
	rights_json_close(j, '}');
	messages_free_list(m, n);
	return ST_OK;
}

/* rights_export_messages writes the conversations she is in. */
static int
rights_export_messages(struct db *db, struct rights_json *j, int64_t id)
{
	struct conversation	**c = NULL;
	size_t			  n = 0, i;
	int			  st = ST_OK, archived;

	rights_json_open(j, "conversations", '[');
	for (archived = 0; archived < 2 && st == ST_OK; archived++) {
		if ((st = conversations_of(db, id, archived, &c, &n)) != ST_OK)
			break;
		for (i = 0; i < n && st == ST_OK; i++)
			st = rights_export_conversation(db, j, c[i]);
		conversations_free_list(c, n);
	}
	rights_json_close(j, ']');
	return st;
}

/*
 * rights_json_answer writes an exercise's opened answer as an object:
 * its "key<TAB>value" lines (programme.c's format, escaped \\ \t \n)
 * become members, an activity plan's "row" lines an array of rows.
 */
static void
rights_json_answer(struct rights_json *j, char *text)
{
	char	*line, *next, *f[6], *r, *w;
	size_t	 n, i;
	bool	 rows = false;

	rights_json_open(j, "answer", '{');
	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		for (n = 0, f[n++] = line; n < 6 &&
		    (r = strchr(f[n - 1], '\t')) != NULL; n++) {
			*r = '\0';
			f[n] = r + 1;
		}
		for (i = 0; i < n; i++) {
			for (r = w = f[i]; *r != '\0'; r++, w++) {
				if (*r == '\\' && r[1] != '\0') {
					r++;
					*w = *r == 't' ? '\t' : *r == 'n' ?
					    '\n' : *r;
				} else
					*w = *r;
			}
			*w = '\0';
		}
		if (n < 2 || strcmp(f[0], "v") == 0)
			continue;
		if (strcmp(f[0], "row") != 0) {
			rights_json_str(j, f[0], f[1]);
			continue;
		}
		if (!rows)
			rights_json_open(j, "rows", '[');
		rows = true;
		rights_json_open(j, NULL, '[');
		for (i = 1; i < n; i++)
			rights_json_str(j, NULL, f[i]);
		rights_json_close(j, ']');
	}
	if (rows)
		rights_json_close(j, ']');
	rights_json_close(j, '}');
}

/* rights_export_feedback writes the feedback she received on an answer. */
static int
rights_export_feedback(struct db *db, struct rights_json *j, int64_t answer)
{
	struct feedback_row	*f = NULL;
	char			*text;
	size_t			 n = 0, i;
	int			 st;

	if ((st = exercise_feedback_list(db, answer, &f, &n)) != ST_OK)
		return st;
	rights_json_open(j, "feedback", '[');
	for (i = 0; i < n; i++) {
		rights_json_open(j, NULL, '{');
		rights_json_str(j, "author", f[i].author);
		rights_json_time(j, "at", f[i].created_at);
		text = seal_open(SEAL_MODULES,
		    sealed_table(SEALED_FEEDBACK_TEXT), f[i].id, answer,
		    &f[i].text);
		rights_json_str(j, "text", text);
		text_wipe(text);
		rights_json_close(j, '}');
	}
	rights_json_close(j, ']');
	feedback_rows_free(f, n);
	return ST_OK;
}

/* rights_export_exercise writes one of her exercise answers, opened. */
static int
rights_export_exercise(struct db *db, struct rights_json *j, int64_t id,
    int64_t assignment)
{
	struct exercise_row	*row = NULL;
	char			*text;
	int			 st;

	if ((st = exercises_get(db, id, &row)) != ST_OK)
		return st;
	rights_json_open(j, NULL, '{');
	rights_json_str(j, "exercise", row->exercise);
	rights_json_int(j, "session", row->session + 1);
	rights_json_str(j, "kind", RIGHTS_NAME(rights_exercise_kinds,
	    row->kind));
	rights_json_time(j, "started", row->created_at);
	rights_json_time(j, "updated", row->updated_at);
	rights_json_time(j, "submitted", row->submitted_at);
	text = row->answer.blob == NULL ? NULL : seal_open(SEAL_MODULES,
	    sealed_table(SEALED_EXERCISE_ANSWER), row->id, assignment,
	    &row->answer);
	if (text != NULL) {
		rights_json_answer(j, text);
		text_wipe(text);
	} else
		rights_json_str(j, "answer", NULL);
	st = rights_export_feedback(db, j, row->id);
	rights_json_close(j, '}');
	exercise_row_free(row);
	return st;
}

/* rights_export_assignment writes one module: sessions and answers. */
static int
rights_export_assignment(struct db *db, struct rights_json *j,
    const struct module_assignment *a)
{
	struct module_session_row	 *s = NULL;
	struct exercise_row		**ex = NULL;
	size_t				  ns = 0, ne = 0, i;
	int				  st;

	if ((st = assignments_sessions(db, a->id, &s, &ns)) != ST_OK)
		return st;
	if ((st = exercises_of(db, a->id, &ex, &ne)) != ST_OK) {
		free(s);
		return st;
	}
	rights_json_open(j, NULL, '{');
	rights_json_str(j, "module", a->module);
	rights_json_int(j, "version", a->version);
	rights_json_str(j, "assigned_by", a->assigned_by_name);
	rights_json_time(j, "assigned", a->assigned_at);
	rights_json_time(j, "completed", a->completed_at);
	rights_json_open(j, "sessions", '[');
	for (i = 0; i < ns; i++) {
		rights_json_open(j, NULL, '{');
		rights_json_int(j, "session", s[i].session + 1);
		rights_json_time(j, "started", s[i].started_at);
		rights_json_time(j, "completed", s[i].completed_at);
		rights_json_close(j, '}');
	}
	rights_json_close(j, ']');
	rights_json_open(j, "answers", '[');
	for (i = 0; i < ne && st == ST_OK; i++)
		st = rights_export_exercise(db, j, ex[i]->id, a->id);
	rights_json_close(j, ']');
	rights_json_close(j, '}');
	free(s);
	exercise_rows_free_list(ex, ne);
	return st;
}

/* rights_export_modules writes her self-help modules and journal. */
static int
rights_export_modules(struct db *db, struct rights_json *j, int64_t id)
{
	struct module_assignment	**a = NULL;
	struct journal_row		 *jr = NULL;
	char				 *text;
	size_t				  n = 0, i;
	int				  st;

	if ((st = assignments_of(db, id, &a, &n)) != ST_OK)
		return st;
	rights_json_open(j, "modules", '[');
	for (i = 0; i < n && st == ST_OK; i++)
		st = rights_export_assignment(db, j, a[i]);
	rights_json_close(j, ']');
	module_assignments_free_list(a, n);
	if (st != ST_OK ||
	    (st = journal_entries_of(db, id, false, &jr, &n)) != ST_OK)
		return st;
	rights_json_open(j, "journal", '[');
	for (i = n; i-- > 0;) {		/* oldest first */
		rights_json_open(j, NULL, '{');
		rights_json_time(j, "written", jr[i].created_at);
		rights_json_time(j, "updated", jr[i].updated_at);
		rights_json_bool(j, "shared", jr[i].shared);
		text = jr[i].text.blob == NULL ? NULL : seal_open(SEAL_MODULES,
		    sealed_table(SEALED_JOURNAL_TEXT), jr[i].id, id,
		    &jr[i].text);
		rights_json_str(j, "text", text);
		text_wipe(text);
		rights_json_close(j, '}');
	}
	rights_json_close(j, ']');
	journal_rows_free(jr, n);
	return ST_OK;
}

/* rights_export_mirror writes her mirror-experience requests. */
static int
rights_export_mirror(struct db *db, struct rights_json *j, int64_t id)
{
	struct mirror_request	**list = NULL, *r;
	char			 *text;
	size_t			  n = 0, i;
	int			  st;

	if ((st = mirror_requests_list(db, MIRROR_LIST_MINE, id, &list, &n)) !=
	    ST_OK)
		return st;
	rights_json_open(j, "mirror_requests", '[');
	for (i = 0; i < n; i++) {
		if ((st = mirror_requests_get(db, list[i]->id, &r)) != ST_OK)
			break;
		rights_json_open(j, NULL, '{');
		rights_json_str(j, "topic", mirror_topic_label(r->topic));
		rights_json_str(j, "state", RIGHTS_NAME(rights_mirror_states,
		    r->state));
		rights_json_time(j, "requested", r->created_at);
		rights_json_time(j, "updated", r->updated_at);
		text = r->details.blob == NULL ? NULL : seal_open(SEAL_MIRROR,
		    sealed_table(SEALED_MIRROR_DETAILS), r->id, r->id,
		    &r->details);
		rights_json_str(j, "details", text);
		text_wipe(text);
		text = r->preference.blob == NULL ? NULL : seal_open(
		    SEAL_MIRROR, sealed_table(SEALED_MIRROR_PREFERENCE), r->id,
		    r->id, &r->preference);
		rights_json_str(j, "preference", text);
		text_wipe(text);
		rights_json_close(j, '}');
		mirror_request_free(r);
	}
	rights_json_close(j, ']');
	mirror_requests_free_list(list, n);
	return st;
}

/* rights_export_all writes the whole document for account a. */
static int
rights_export_all(struct db *db, FILE *out, const struct account *a)
{
	struct rights_json	j;
	int			st;

	memset(&j, 0, sizeof j);
	j.fp = out;
	rights_json_open(&j, NULL, '{');
	rights_json_str(&j, "format", "mirall-patient-export");
	rights_json_int(&j, "format_version", 1);
	rights_json_time(&j, "generated", time(NULL));
	rights_json_str(&j, "software", MIRALL_NAME);
	if ((st = rights_export_account(db, &j, a)) != ST_OK ||
	    (st = rights_export_consents(db, &j, a->id)) != ST_OK ||
	    (st = rights_export_forms(db, &j, a->id)) != ST_OK ||
	    (st = rights_export_alerts(db, &j, a->id)) != ST_OK ||
	    (st = rights_export_care(db, &j, a->id)) != ST_OK ||
	    (st = rights_export_posts(db, &j, a->id)) != ST_OK ||
	    (st = rights_export_messages(db, &j, a->id)) != ST_OK ||
	    (st = rights_export_modules(db, &j, a->id)) != ST_OK ||
	    (st = rights_export_mirror(db, &j, a->id)) != ST_OK)
		return st;
	rights_json_close(&j, '}');
	fputc('\n', out);
	if (fflush(out) != 0 || ferror(out))
		return ST_IOERR;
	return ST_OK;
}

/*
 * rights_find looks the patient up by pseudonym: ST_NOTFOUND for an
 * unknown name or an account without a clinical record.
 */
static int
rights_find(struct db *db, const char *pseudonym, struct account **out,
    char **err)
{
	int	st;

	*out = NULL;
	if (pseudonym == NULL ||
	    (st = accounts_find(db, pseudonym, out)) == ST_NOTFOUND) {
		text_say(err, 0, "%s", "no such account");
		return ST_NOTFOUND;
	}
	if (st != ST_OK)
		return st;
	if (!rights_is_patient((*out)->role)) {
		account_free(*out);
		*out = NULL;
		text_say(err, 0, "%s", "not a patient's account");
		return ST_NOTFOUND;
	}
	return ST_OK;
}

/* rights_denied records a refused request and returns ST_DENIED. */
static int
rights_denied(struct db *db, const struct actor *actor, const char *action,
    const char *pseudonym)
{
	if (db_begin(db) == ST_OK) {
		if (audit_record(db, actor, action, "account", 0, pseudonym,
		    NULL, false) == ST_OK)
			db_commit(db);
		else
			db_rollback(db);
	}
	return ST_DENIED;
}

/*
 * rights_export_patient writes everything about patient pseudonym to out
 * as JSON (UTF-8, stable key order, dates in UTC ISO 8601), for a
 * right-of-access request: the operator only (bbsctl, run by an
 * administrator at the server; an admin of the interface reads no
 * clinical data).  The read is
 * audited before anything is written.  The key ring must be loaded for
 * the sealed texts (they are null when a text cannot be opened).
 */
int
rights_export_patient(struct db *db, const struct conf *conf,
    const struct actor *actor, const char *pseudonym, FILE *out, char **err)
{
	struct account	*a = NULL;
	int		 st;

	(void)conf;
	if (err != NULL)
		*err = NULL;
	if (!actor->operator) {
		text_say(err, 0, "%s", "only the operator (bbsctl) may "
		    "export a patient's data");
		return rights_denied(db, actor, "rights.export", pseudonym);
	}
	if ((st = rights_find(db, pseudonym, &a, err)) != ST_OK)
		return st;
	if ((st = audit_view(db, actor, "rights.export", "account", a->id,
	    a->pseudonym, "right of access")) != ST_OK)
		goto out;
	if ((st = rights_export_all(db, out, a)) != ST_OK)
		text_say(err, 0, "%s", st == ST_IOERR ? "cannot write the "
		    "file" : status_str(st));
out:
	account_free(a);
	return st;
}

/* rights_access_free frees what rights_access_log returned. */
void
rights_access_free(struct access_entry *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(list[i].who);
		free(list[i].what);
	}
	free(list);
}

/*
 * rights_access_log lists for a patient (the actor herself) who on the
 * staff read or acted on her data, newest first: who is the staff
 * member's pseudonym ("" for the operator at the server, role -1), what
 * the audit action (rights_action_label describes it).
 */
int
rights_access_log(struct db *db, const struct actor *actor,
    struct access_entry **out, size_t *n)
{
	struct audit_entry	**rows = NULL;
	struct access_entry	 *list;
	size_t			  nrows = 0, i;
	int			  st;

	*out = NULL;
	*n = 0;
	if (actor->operator || actor->id <= 0 || actor->name == NULL ||
	    !rights_is_patient(actor->role))
		return ST_DENIED;
	if ((st = patient_data_staff_reads(db, actor->name, actor->id,
	    rights_staff_roles, &rows, &nrows)) != ST_OK)
		return st;
	list = nrows > 0 ? xcalloc(nrows, sizeof *list) : NULL;
	for (i = 0; i < nrows; i++) {
		list[i].at = rows[i]->at;
		if (strcmp(rows[i]->actor_role, "operator") == 0) {
			list[i].who = xstrdup("");
			list[i].role = -1;
		} else {
			list[i].who = xstrdup(rows[i]->actor_name);
			list[i].role = role_parse(rows[i]->actor_role);
		}
		list[i].what = xstrdup(rows[i]->action);
	}
	audit_free_list(rows, nrows);
	*out = list;
	*n = nrows;
	return ST_OK;
}

/*
 * rights_forget_posts takes account's community posts out of the
 * community, in a transaction of its own: FORGET_ANONYMISE shows them as
 * "former member"; FORGET_DELETE deletes each (posts_delete, which keeps
 * the search index in step) and anonymises the markers left.  The
 * member herself (withdrawing community consent), an admin or the
 * operator.  *count is how many posts changed; audited.
 */
int
rights_forget_posts(struct db *db, const struct actor *actor,
    int64_t account, int mode, int64_t *count)
{
	struct account	*a = NULL;
	int64_t		*ids = NULL, anonymised = 0;
	size_t		 n = 0, i;
	char		 detail[64];
	int		 st;

	if (count != NULL)
		*count = 0;
	if (mode != FORGET_ANONYMISE && mode != FORGET_DELETE)
		return ST_INVALID;
	if (!rights_may_manage(actor) && (actor->operator ||
	    actor->id != account))
		return ST_DENIED;
	if ((st = accounts_get(db, account, &a)) != ST_OK)
		return st;
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if (mode == FORGET_DELETE &&
	    (st = posts_undeleted_of(db, account, &ids, &n)) != ST_OK)
		goto fail;
	for (i = 0; i < n; i++)
		if ((st = posts_delete(db, ids[i])) != ST_OK)
			goto fail;
	if ((st = posts_anonymise(db, account, &anonymised)) != ST_OK)
		goto fail;
	snprintf(detail, sizeof detail, "%s: %lld posts", mode ==
	    FORGET_DELETE ? "deleted" : "anonymised", (long long)(mode ==
	    FORGET_DELETE ? (int64_t)n : anonymised));
	if ((st = audit_record(db, actor, "rights.forget_posts", "account",
	    account, a->pseudonym, detail, true)) != ST_OK)
		goto fail;
	if ((st = db_commit(db)) == ST_OK && count != NULL)
		*count = mode == FORGET_DELETE ? (int64_t)n : anonymised;
	goto out;
fail:
	db_rollback(db);
out:
	free(ids);
	account_free(a);
	return st;
}

/*
 * rights_forget forgets patient pseudonym from the community at her
 * request (privacy spec, "Erasure"), for the operator or an admin: her
 * community consent withdrawn with what follows (posts anonymised or
 * deleted, mirror experiences ended), the account marked forgotten and
 * disabled.  Her clinical records are kept
 * for their retention period.  Each step is audited.
 */
int
rights_forget(struct db *db, const struct actor *actor, const char *pseudonym,
    int mode, char **err)
{
	struct account	*a = NULL;
	int64_t		 count;
	char		 reason[160];
	int		 st;

	if (err != NULL)
		*err = NULL;
	if (!rights_may_manage(actor)) {
		text_say(err, 0, "%s", "only an administrator may do that");
		return rights_denied(db, actor, "rights.forget", pseudonym);
	}
	if (mode != FORGET_ANONYMISE && mode != FORGET_DELETE) {
		text_say(err, 0, "%s", "posts: anonymise or delete");
		return ST_INVALID;
	}
	if ((st = rights_find(db, pseudonym, &a, err)) != ST_OK)
		return st;
	/* As if she withdrew community consent: posts, mirror experiences. */
	if ((st = consent_withdraw(db, actor, a->id, CONSENT_COMMUNITY, NULL,
	    a->language, mode, &count)) != ST_OK) {
		text_say(err, 0, "community consent: %s", status_str(st));
		goto out;
	}
	snprintf(reason, sizeof reason, "right to erasure: community posts "
	    "%s (%lld); clinical records kept for their retention period",
	    mode == FORGET_DELETE ? "deleted" : "anonymised",
	    (long long)count);
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	if ((st = patient_data_forgotten(db, a->id, db_now())) != ST_OK ||
	    (st = audit_record(db, actor, "rights.forget", "account", a->id,
	    a->pseudonym, reason, true)) != ST_OK) {
		db_rollback(db);
		goto out;
	}
	st = db_commit(db);
out:
	account_free(a);
	return st;
}
