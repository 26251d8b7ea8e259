/*
 * consent.c: consent per purpose (privacy spec, "Consent").
 *
 * Each purpose has an information text under content/consent/<purpose>/:
 * a file "version" holding one whole number and one <lang>.txt per
 * language (en is the fallback).  A decision is stored with the version
 * and the SHA-256 of the text file's bytes in the language shown, so
 * what she read can be proven later.  Raising the version does not ask
 * anyone again by itself: the decision she made stays hers, and the
 * Account screen shows that the text has changed since.
 *
 * Consent applies to patients and expert patients only; for every other
 * role (and the operator) every purpose is allowed.  The features that
 * need a purpose ask consent_require at their entry points, so a screen
 * cannot skip the check.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "bbs.h"

#define CONSENT_MAX_BYTES	(64 * 1024)
#define CONSENT_LANGS		3
#define CONSENT_HASH_HEX	(crypto_hash_sha256_BYTES * 2 + 1)
#define CONSENT_STUDY_MARK	"{study}"

static const char *consent_names[CONSENT_PURPOSES] = {
	[CONSENT_CARE] = "care",
	[CONSENT_COMMUNITY] = "community",
	[CONSENT_EXPERT] = "expert",
	[CONSENT_RESEARCH] = "research",
};

static const char *consent_labels[CONSENT_PURPOSES] = {
	[CONSENT_CARE] = N_("Care participation"),
	[CONSENT_COMMUNITY] = N_("Community participation"),
	[CONSENT_EXPERT] = N_("Expert patient"),
	[CONSENT_RESEARCH] = N_("Research use"),
};

/* en first: it is the fallback and the one every purpose must have. */
static const char *consent_langs[CONSENT_LANGS] = { "en", "es", "ca" };

/* One purpose's texts as loaded: text[i] NULL when lang i has none. */
struct consent_set {
	bool	 loaded;
	int	 version;
	char	*text[CONSENT_LANGS];		/* sanitised */
	char	 hash[CONSENT_LANGS][CONSENT_HASH_HEX];	/* of the file */
};

static struct consent_set consent_sets[CONSENT_PURPOSES];

/* consent_purpose_name names a purpose as in content/ and bbsctl. */
const char *
consent_purpose_name(enum consent_purpose p)
{
	if ((int)p < 0 || p >= CONSENT_PURPOSES)
		return "?";
	return consent_names[p];
}

/* consent_purpose_parse reads a purpose's name; -1 when unknown. */
int
consent_purpose_parse(const char *s)
{
	int	i;

	for (i = 0; i < CONSENT_PURPOSES; i++)
		if (s != NULL && strcmp(s, consent_names[i]) == 0)
			return i;
	return -1;
}

/* consent_purpose_label names a purpose for people (translated). */
const char *
consent_purpose_label(enum consent_purpose p)
{
	if ((int)p < 0 || p >= CONSENT_PURPOSES)
		return "?";
	return _(consent_labels[p]);
}

/* consent_set_clear frees one purpose's texts. */
static void
consent_set_clear(struct consent_set *s)
{
	int	i;

	for (i = 0; i < CONSENT_LANGS; i++)
		free(s->text[i]);
	memset(s, 0, sizeof *s);
}

/* consent_texts_free forgets every loaded text. */
void
consent_texts_free(void)
{
	int	p;

	for (p = 0; p < CONSENT_PURPOSES; p++)
		consent_set_clear(&consent_sets[p]);
}

/*
 * consent_version_parse reads a version file: blank lines and lines
 * starting with # are ignored, and exactly one line holds a whole number
 * from 1.  On error *err names the file and the line.
 */
static int
consent_version_parse(const char *path, const char *raw, int *version,
    char **err)
{
	const char	*line = raw, *nl;
	char		 buf[32], *end;
	size_t		 len;
	long		 v;
	int		 lineno = 0;

	*version = 0;
	for (; *line != '\0'; line = nl != NULL ? nl + 1 : line + len) {
		lineno++;
		nl = strchr(line, '\n');
		len = nl != NULL ? (size_t)(nl - line) : strlen(line);
		while (len > 0 && (line[len - 1] == ' ' ||
		    line[len - 1] == '\t' || line[len - 1] == '\r'))
			len--;
		if (len == 0 || line[0] == '#')
			continue;
		if (*version != 0)
			return text_say(err, ST_INVALID, "%s:%d: only one "
			    "version number is expected", path, lineno);
		v = -1;
		if (len < sizeof buf) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			errno = 0;
			v = strtol(buf, &end, 10);
			if (end == buf || *end != '\0' || errno != 0)
				v = -1;
		}
		if (v < 1 || v > 1000000)
			return text_say(err, ST_INVALID, "%s:%d: expected a "
			    "positive whole number", path, lineno);
		*version = (int)v;
	}
	if (*version == 0)
		return text_say(err, ST_INVALID, "%s:%d: expected a positive "
		    "whole number", path, lineno > 0 ? lineno : 1);
	return ST_OK;
}

/* consent_hash writes the hex SHA-256 of text's bytes into hex. */
static void
consent_hash(const char *text, char hex[CONSENT_HASH_HEX])
{
	unsigned char	md[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(md, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(hex, CONSENT_HASH_HEX, md, sizeof md);
}

/*
 * consent_load_text reads one language's text of purpose p from dir into
 * s; a missing file is fine except for English.
 */
static int
consent_load_text(const char *dir, int p, int lang, struct consent_set *s,
    char **err)
{
	char	*path = NULL, *raw = NULL;
	int	 st = ST_OK;

	xasprintf(&path, "%s/%s.txt", dir, consent_langs[lang]);
	if (lang != 0 && access(path, F_OK) == -1 && errno == ENOENT)
		goto out;
	if ((raw = text_read_file(path, CONSENT_MAX_BYTES, err)) == NULL) {
		st = ST_IOERR;
		goto out;
	}
	if (raw[strspn(raw, " \t\r\n")] == '\0') {
		st = text_say(err, ST_INVALID, "%s: the text is empty", path);
		goto out;
	}
	if (p == CONSENT_RESEARCH && strstr(raw, CONSENT_STUDY_MARK) == NULL) {
		st = text_say(err, ST_INVALID, "%s: the research text must "
		    "name the study with %s", path, CONSENT_STUDY_MARK);
		goto out;
	}
	consent_hash(raw, s->hash[lang]);
	s->text[lang] = text_sanitise(raw, true);
out:
	free(raw);
	free(path);
	return st;
}

/* consent_load_set reads purpose p's version and texts into s. */
static int
consent_load_set(const struct conf *conf, int p, struct consent_set *s,
    char **err)
{
	char	*dir = NULL, *path = NULL, *raw = NULL;
	int	 lang, st;

	memset(s, 0, sizeof *s);
	xasprintf(&dir, "%s/consent/%s", conf->content_dir, consent_names[p]);
	xasprintf(&path, "%s/version", dir);
	if ((raw = text_read_file(path, 1024, err)) == NULL) {
		st = ST_IOERR;
		goto out;
	}
	if ((st = consent_version_parse(path, raw, &s->version, err)) !=
	    ST_OK)
		goto out;
	for (lang = 0; lang < CONSENT_LANGS; lang++)
		if ((st = consent_load_text(dir, p, lang, s, err)) != ST_OK)
			goto out;
	s->loaded = true;
out:
	if (st != ST_OK)
		consent_set_clear(s);
	free(raw);
	free(path);
	free(dir);
	return st;
}

/*
 * consent_texts_load reads every purpose's texts from content/consent/;
 * on error nothing changes and *err says which file (and line) is wrong.
 */
int
consent_texts_load(const struct conf *conf, char **err)
{
	struct consent_set	sets[CONSENT_PURPOSES];
	int			p, q, st;

	*err = NULL;
	for (p = 0; p < CONSENT_PURPOSES; p++) {
		if ((st = consent_load_set(conf, p, &sets[p], err)) != ST_OK) {
			for (q = 0; q < p; q++)
				consent_set_clear(&sets[q]);
			return st;
		}
	}
	consent_texts_free();
	memcpy(consent_sets, sets, sizeof consent_sets);
	return ST_OK;
}

/*
 * consent_pick finds the text of p to show in lang: lang's own, else
 * English.  -1 when the texts are not loaded.
 */
static int
consent_pick(enum consent_purpose p, const char *lang)
{
	int	i;

	if ((int)p < 0 || p >= CONSENT_PURPOSES || !consent_sets[p].loaded)
		return -1;
	for (i = 0; i < CONSENT_LANGS; i++)
		if (lang != NULL && strcmp(lang, consent_langs[i]) == 0 &&
		    consent_sets[p].text[i] != NULL)
			return i;
	return 0;
}

/* consent_replace returns text with every {study} replaced by title. */
static char *
consent_replace(const char *text, const char *title)
{
	const char	*at;
	char		*out = NULL, *clean, *next;

	clean = text_sanitise(title != NULL ? title : "", false);
	out = xstrdup("");
	while ((at = strstr(text, CONSENT_STUDY_MARK)) != NULL) {
		xasprintf(&next, "%s%.*s%s", out, (int)(at - text), text,
		    clean);
		free(out);
		out = next;
		text = at + strlen(CONSENT_STUDY_MARK);
	}
	xasprintf(&next, "%s%s", out, text);
	free(out);
	free(clean);
	return next;
}

/*
 * consent_text gives the information text of p in lang (English when
 * lang has none: *shown says which is shown), research's with the study's
 * title in place of {study}, and its version.  ST_NOTFOUND when the
 * texts are not loaded.
 */
int
consent_text(enum consent_purpose p, const char *lang,
    const char *study_title, char **text, int *version, const char **shown)
{
	int	i;

	*text = NULL;
	if ((i = consent_pick(p, lang)) == -1)
		return ST_NOTFOUND;
	if (p == CONSENT_RESEARCH)
		*text = consent_replace(consent_sets[p].text[i], study_title);
	else
		*text = xstrdup(consent_sets[p].text[i]);
	if (version != NULL)
		*version = consent_sets[p].version;
	if (shown != NULL)
		*shown = consent_langs[i];
	return ST_OK;
}

/* consent_applies tells whether a role is asked about purpose p. */
bool
consent_applies(int role, enum consent_purpose p)
{
	if (role != ROLE_PATIENT && role != ROLE_EXPERT)
		return false;
	if (p == CONSENT_EXPERT)
		return role == ROLE_EXPERT;
	return (int)p >= 0 && p < CONSENT_PURPOSES;
}

/*
 * consent_given tells whether account's latest decision on p (and study,
 * for research) gave consent; not deciding is not giving.
 */
int
consent_given(struct db *db, int64_t account, enum consent_purpose p,
    const char *study, bool *given)
{
	struct consent_row	r;
	int			st;

	*given = false;
	st = consents_latest(db, account, p, p == CONSENT_RESEARCH ? study :
	    NULL, &r);
	if (st == ST_NOTFOUND)
		return ST_OK;
	if (st == ST_OK)
		*given = r.given;
	consent_row_clear(&r);
	return st;
}

/*
 * consent_allows tells whether actor may use what purpose p covers: yes
 * when p does not apply to her role (staff, the operator), else her
 * latest decision.  Research is per study: ask consent_given.
 */
int
consent_allows(struct db *db, const struct actor *actor,
    enum consent_purpose p, bool *ok)
{
	*ok = true;
	if ((int)p < 0 || p >= CONSENT_PURPOSES || p == CONSENT_RESEARCH)
		return ST_INVALID;
	if (actor->operator || actor->id <= 0 ||
	    !consent_applies(actor->role, p))
		return ST_OK;
	return consent_given(db, actor->id, p, NULL, ok);
}

/*
 * consent_require is consent_allows for an entry point: ST_OK, or
 * ST_DENIED ("not allowed") without consent.
 */
int
consent_require(struct db *db, const struct actor *actor,
    enum consent_purpose p)
{
	bool	ok;
	int	st;

	if ((st = consent_allows(db, actor, p, &ok)) != ST_OK)
		return st;
	return ok ? ST_OK : ST_DENIED;
}

/*
 * consent_may_act tells whether actor may see and record account's
 * consents: herself, an admin (a decision given on paper) or the
 * operator.
 */
static bool
consent_may_act(const struct actor *actor, int64_t account)
{
	if (actor->operator)
		return true;
	if (actor->id > 0 && actor->id == account)
		return true;
	return role_may(actor, ACT_ACCOUNT_ADMIN, NULL);
}

/*
 * consent_study_ok checks the study of a decision: research names an
 * existing study, no other purpose names one.
 */
static int
consent_study_ok(struct db *db, enum consent_purpose p, const char *study)
{
	struct consent_study	s;
	int			st;

	if (p != CONSENT_RESEARCH)
		return study == NULL || *study == '\0' ? ST_OK : ST_INVALID;
	if (study == NULL || *study == '\0' || strlen(study) > STUDY_ID_MAX)
		return ST_INVALID;
	st = consents_study(db, study, &s);
	free(s.id);
	free(s.title);
	return st;
}

/* consent_store inserts a decision and its audit row in one transaction. */
static int
consent_store(struct db *db, const struct actor *actor,
    const struct account *a, const struct consent_row *r)
{
	char	detail[128];
	int64_t	id;
	int	st;

	snprintf(detail, sizeof detail, "%s%s%s v%d %s",
	    consent_names[r->purpose], *r->study != '\0' ? " " : "", r->study,
	    r->version, r->language);
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = consents_add(db, a->id, r, &id)) != ST_OK ||
	    (st = audit_record(db, actor, r->given ? "consent.give" :
	    "consent.withdraw", "account", a->id, a->pseudonym, detail,
	    true)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/*
 * consent_record records account's decision on purpose p (and study, for
 * research; NULL otherwise), made on the text in language (English when
 * it has none), recorded by actor: herself, an admin or the operator.
 * ST_DENIED for anyone else; ST_INVALID for a purpose that does not
 * apply to her or a study where none belongs; ST_NOTFOUND for an
 * unknown account or study, or when the texts are not loaded.
 */
int
consent_record(struct db *db, const struct actor *actor, int64_t account,
    enum consent_purpose p, const char *study, bool give,
    const char *language)
{
	struct consent_row	 r;
	struct account		*a = NULL;
	int			 i, st;

	if ((int)p < 0 || p >= CONSENT_PURPOSES)
		return ST_INVALID;
	if (!consent_may_act(actor, account))
		return ST_DENIED;
	if ((st = accounts_get(db, account, &a)) != ST_OK)
		return st;
	if (!consent_applies(a->role, p)) {
		st = ST_INVALID;
		goto out;
	}
	if ((st = consent_study_ok(db, p, study)) != ST_OK)
		goto out;
	if ((i = consent_pick(p, language)) == -1) {
		log_warn("consent: the %s texts are not loaded",
		    consent_names[p]);
		st = ST_NOTFOUND;
		goto out;
	}
	memset(&r, 0, sizeof r);
	r.purpose = p;
	r.study = (char *)(p == CONSENT_RESEARCH ? study : "");
	r.given = give;
	r.version = consent_sets[p].version;
	r.hash = consent_sets[p].hash[i];
	r.language = (char *)consent_langs[i];
	r.recorded_by = actor->operator ? 0 : actor->id;
	r.at = db_now();
	st = consent_store(db, actor, a, &r);
out:
	account_free(a);
	return st;
}

/*
 * consent_research_ids lists the accounts whose latest research decision
 * for study is "given", ascending: who may appear in its exports and
 * aggregates.
 */
int
consent_research_ids(struct db *db, const char *study, int64_t **ids,
    size_t *n)
{
	*ids = NULL;
	*n = 0;
	if (study == NULL || *study == '\0')
		return ST_INVALID;
	return consents_research_ids(db, study, ids, n);
}

/* consent_states_free frees a list from consent_list. */
void
consent_states_free(struct consent_state *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(list[i].title);
	free(list);
}

/* consent_state_fill reads account's latest decision into *s. */
static int
consent_state_fill(struct db *db, int64_t account, struct consent_state *s)
{
	struct consent_row	r;
	int			st;

	s->text_version = consent_sets[s->purpose].loaded ?
	    consent_sets[s->purpose].version : 0;
	st = consents_latest(db, account, s->purpose, s->study, &r);
	if (st == ST_NOTFOUND)
		return ST_OK;
	if (st == ST_OK) {
		s->decided = true;
		s->given = r.given;
		s->version = r.version;
		s->at = r.at;
	}
	consent_row_clear(&r);
	return st;
}

/* consent_add_state appends one purpose (or study) to a list. */
static struct consent_state *
consent_add_state(struct consent_state **list, size_t *n,
    enum consent_purpose p)
{
	struct consent_state	*s;

	*list = xreallocarray(*list, *n + 1, sizeof **list);
	s = &(*list)[(*n)++];
	memset(s, 0, sizeof *s);
	s->purpose = p;
	return s;
}

/* consent_add_studies appends one research line per study. */
static int
consent_add_studies(struct db *db, int64_t account,
    struct consent_state **list, size_t *n)
{
	struct consent_study	*studies = NULL;
	struct consent_state	*s;
	size_t			 ns = 0, i;
	int			 st;

	if ((st = consents_studies(db, &studies, &ns)) != ST_OK)
		return st;
	for (i = 0; i < ns && st == ST_OK; i++) {
		s = consent_add_state(list, n, CONSENT_RESEARCH);
		snprintf(s->study, sizeof s->study, "%s", studies[i].id);
		s->title = xstrdup(studies[i].title);
		s->recruiting = studies[i].recruiting;
		st = consent_state_fill(db, account, s);
	}
	consent_studies_free(studies, ns);
	return st;
}

/*
 * consent_list lists account's consents for the Account screen: every
 * purpose that applies to her, research once per study, each with its
 * state, version and date.  Herself, an admin or the operator only.
 */
int
consent_list(struct db *db, const struct actor *actor, int64_t account,
    struct consent_state **out, size_t *n)
{
	struct consent_state	*list = NULL;
	struct account		*a = NULL;
	size_t			 len = 0;
	int			 p, st;

	*out = NULL;
	*n = 0;
	if (!consent_may_act(actor, account))
		return ST_DENIED;
	if ((st = accounts_get(db, account, &a)) != ST_OK)
		return st;
	for (p = 0; p < CONSENT_RESEARCH && st == ST_OK; p++)
		if (consent_applies(a->role, p))
			st = consent_state_fill(db, account,
			    consent_add_state(&list, &len, p));
	if (st == ST_OK && consent_applies(a->role, CONSENT_RESEARCH))
		st = consent_add_studies(db, account, &list, &len);
	account_free(a);
	if (st != ST_OK) {
		consent_states_free(list, len);
		return st;
	}
	*out = list;
	*n = len;
	return ST_OK;
}

/*
 * consent_pending lists what the first login asks account: the purposes
 * she has not decided on, research only for studies still recruiting.
 */
int
consent_pending(struct db *db, const struct actor *actor, int64_t account,
    struct consent_state **out, size_t *n)
{
	size_t	i, kept = 0;
	int	st;

	if ((st = consent_list(db, actor, account, out, n)) != ST_OK)
		return st;
	for (i = 0; i < *n; i++) {
		if ((*out)[i].decided || ((*out)[i].purpose ==
		    CONSENT_RESEARCH && !(*out)[i].recruiting)) {
			free((*out)[i].title);
			continue;
		}
		(*out)[kept++] = (*out)[i];
	}
	*n = kept;
	return ST_OK;
}

/*
 * consent_close_account closes account after she withdrew care
 * participation: disabled like an admin would, but as her own decision;
 * her clinical records stay as the law requires.  Audited.
 */
static int
consent_close_account(struct db *db, const struct actor *actor,
    int64_t account)
{
	struct account	*a = NULL;
	int		 st;

	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = accounts_get(db, account, &a)) != ST_OK ||
	    (st = accounts_set_disabled(db, account, true)) != ST_OK ||
	    (st = audit_record(db, actor, "account.close", "account",
	    account, a->pseudonym, "care participation withdrawn",
	    true)) != ST_OK)
		db_rollback(db);
	else
		st = db_commit(db);
	account_free(a);
	return st;
}

/*
 * consent_withdraw records that account withdraws p (and study) and does
 * what follows: care closes her account; community forgets her posts as
 * she chose (posts: FORGET_ANONYMISE or FORGET_DELETE) and ends her
 * mirror experiences; expert closes those she accompanies; research
 * leaves her out of the next exports.  *n counts the posts (community)
 * or experiences (expert) concerned.
 */
int
consent_withdraw(struct db *db, const struct actor *actor, int64_t account,
    enum consent_purpose p, const char *study, const char *language,
    int posts, int64_t *n)
{
	int64_t	ended;
	int	st;

	*n = 0;
	if (p == CONSENT_COMMUNITY && posts != FORGET_ANONYMISE &&
	    posts != FORGET_DELETE)
		return ST_INVALID;
	if ((st = consent_record(db, actor, account, p, study, false,
	    language)) != ST_OK)
		return st;
	switch (p) {
	case CONSENT_CARE:
		return consent_close_account(db, actor, account);
	case CONSENT_COMMUNITY:
		if ((st = rights_forget_posts(db, actor, account, posts,
		    n)) != ST_OK)
			return st;
		return mirror_member_withdrawn(db, actor, account, &ended);
	case CONSENT_EXPERT:
		return mirror_expert_withdrawn(db, actor, account, n);
	default:
		return ST_OK;
	}
}
