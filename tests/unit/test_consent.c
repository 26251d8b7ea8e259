/*
 * test_consent.c: consent per purpose (bbs/consent.c): the information
 * texts and their versions, who may record a decision, the latest
 * decision winning, research consent per study, the features that obey
 * consent at run time (boards, mirror experiences, being proposed as an
 * expert) and what withdrawing does.
 *
 * The shipped texts under content/consent/ are loaded (tests run from
 * the repository's top directory); broken ones are written into the
 * test's own directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

#define ALL_ROLES	(ROLE_BIT(ROLE_PATIENT) | ROLE_BIT(ROLE_EXPERT) | \
			 ROLE_BIT(ROLE_PROFESSIONAL) | \
			 ROLE_BIT(ROLE_MODERATOR) | ROLE_BIT(ROLE_ADMIN))

struct fx {
	struct th	 t;
	struct actor	 ana, pere, marta, laia, admin, op;
	int64_t		 board;
};

/* person creates an account of role and describes it as an actor. */
static struct actor
person(struct th *t, const char *name, int role)
{
	return th_actor(th_account(t, name, role, NULL), role, name);
}

/* study registers a study straight in the table (study.c is not ours). */
static void
study(struct fx *f, const char *id, const char *title, bool recruiting)
{
	sqlite3		*sq = th_raw(&f->t);
	sqlite3_stmt	*stmt = NULL;

	assert_int_equal(sqlite3_prepare_v2(sq, "INSERT INTO studies (id, "
	    "title, protocol, instruments, events, key_file, recruiting, "
	    "created_at) VALUES (?, ?, '1.0', 'phq9', '', '/nonexistent', ?, "
	    "1)", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, title, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, recruiting);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	sqlite3_close(sq);
}

/* setup: the shipped texts, a board, patients, an expert, staff. */
static int
setup(void **state)
{
	struct fx	*f;
	struct board	 b;
	char		*err = NULL;

	f = xcalloc(1, sizeof *f);
	if (th_open(&f->t) != 0)
		return -1;
	free(f->t.conf->content_dir);
	f->t.conf->content_dir = th_source_content();
	if (th_keys(&f->t) != 0 || patterns_load(f->t.conf, &err) != ST_OK ||
	    consent_texts_load(f->t.conf, &err) != ST_OK) {
		fprintf(stderr, "setup: %s\n", err != NULL ? err : "keys");
		return -1;
	}
	alert_configure(f->t.conf);
	f->ana = person(&f->t, "ana", ROLE_PATIENT);
	f->pere = person(&f->t, "pere", ROLE_PATIENT);
	f->marta = person(&f->t, "marta", ROLE_EXPERT);
	f->laia = person(&f->t, "laia", ROLE_PROFESSIONAL);
	f->admin = person(&f->t, "admin", ROLE_ADMIN);
	f->op = th_operator();
	memset(&b, 0, sizeof b);
	b.name = xstrdup("Introductions");
	b.description = xstrdup("a board for the tests");
	b.read_roles = b.post_roles = ALL_ROLES;
	assert_int_equal(board_save(f->t.db, &f->admin, &b, &err), ST_OK);
	free(b.name);
	free(b.description);
	f->board = b.id;
	*state = f;
	return 0;
}

/* rm_one removes one file or (emptied) directory for nftw. */
static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* teardown removes the written texts, then the database. */
static int
teardown(void **state)
{
	struct fx	*f = *state;
	char		*c;
	int		 rc;

	c = th_file(&f->t, "c");
	nftw(c, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	free(c);
	consent_texts_free();
	patterns_free();
	rc = th_close(&f->t);
	free(f);
	return rc;
}

/* put writes a file under the test directory, making its folders. */
static void
put(struct fx *f, const char *name, const char *text)
{
	char	*path, *dir, *slash;
	FILE	*fp;

	path = th_file(&f->t, name);
	dir = xstrdup(path);
	for (slash = dir + strlen(f->t.dir) + 1; (slash = strchr(slash,
	    '/')) != NULL; slash++) {
		*slash = '\0';
		mkdir(dir, 0700);
		*slash = '/';
	}
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
	free(dir);
	free(path);
}

/* fake_content writes a complete set of texts under the test directory. */
static void
fake_content(struct fx *f)
{
	static const char *names[] = { "care", "community", "expert",
	    "research" };
	char	 *p;
	size_t	  i;

	for (i = 0; i < 4; i++) {
		xasprintf(&p, "c/consent/%s/version", names[i]);
		put(f, p, "# the first text\n2\n");
		free(p);
		xasprintf(&p, "c/consent/%s/en.txt", names[i]);
		put(f, p, "About {study}.\n");
		free(p);
	}
	free(f->t.conf->content_dir);
	f->t.conf->content_dir = th_file(&f->t, "c");
}

/* load_fails loads the texts, expects a failure and returns *err. */
static char *
load_fails(struct fx *f)
{
	char	*err = NULL;

	assert_int_not_equal(consent_texts_load(f->t.conf, &err), ST_OK);
	assert_non_null(err);
	return err;
}

/* The shipped texts load, in every language, research naming the study. */
static void
test_texts_shipped(void **state)
{
	struct fx	*f = *state;
	const char	*langs[] = { "en", "es", "ca" }, *shown;
	char		*text;
	int		 p, i, v;

	for (p = 0; p < CONSENT_PURPOSES; p++) {
		for (i = 0; i < 3; i++) {
			assert_int_equal(consent_text(p, langs[i],
			    "Pilot study", &text, &v, &shown), ST_OK);
			assert_string_equal(shown, langs[i]);
			assert_int_equal(v, 1);
			assert_null(strstr(text, "{study}"));
			if (p == CONSENT_RESEARCH)
				assert_non_null(strstr(text, "Pilot study"));
			free(text);
		}
	}
	(void)f;
}

/* A malformed version file is named with its line. */
static void
test_texts_malformed(void **state)
{
	struct fx	*f = *state;
	char		*err, *text;
	int		 v;

	fake_content(f);
	assert_int_equal(consent_texts_load(f->t.conf, &err), ST_OK);
	assert_int_equal(consent_text(CONSENT_CARE, "en", NULL, &text, &v,
	    NULL), ST_OK);
	assert_int_equal(v, 2);
	free(text);

	put(f, "c/consent/community/version", "# note\n\nversion two\n");
	err = load_fails(f);
	assert_non_null(strstr(err, "consent/community/version:3:"));
	free(err);
	/* Nothing changed: the texts loaded before are still there. */
	assert_int_equal(consent_text(CONSENT_CARE, "en", NULL, &text, &v,
	    NULL), ST_OK);
	free(text);

	put(f, "c/consent/community/version", "1\n2\n");
	err = load_fails(f);
	assert_non_null(strstr(err, "consent/community/version:2:"));
	free(err);

	put(f, "c/consent/community/version", "0\n");
	err = load_fails(f);
	assert_non_null(strstr(err, "consent/community/version:1:"));
	free(err);

	put(f, "c/consent/community/version", "\n");
	err = load_fails(f);
	assert_non_null(strstr(err, "consent/community/version:1:"));
	free(err);

	put(f, "c/consent/community/version", "1\n");
	put(f, "c/consent/research/en.txt", "No study named here.\n");
	err = load_fails(f);
	assert_non_null(strstr(err, "consent/research/en.txt"));
	free(err);

	put(f, "c/consent/research/en.txt", "{study}\n");
	put(f, "c/consent/expert/en.txt", "  \n\n");
	err = load_fails(f);
	assert_non_null(strstr(err, "consent/expert/en.txt"));
	free(err);

	/* English is required. */
	put(f, "c/consent/expert/en.txt", "Expert.\n");
	put(f, "c/consent/expert/ca.txt", "Expert en català.\n");
	{
		char *p = th_file(&f->t, "c/consent/expert/en.txt");

		assert_int_equal(unlink(p), 0);
		free(p);
	}
	err = load_fails(f);
	assert_non_null(strstr(err, "consent/expert/en.txt"));
	free(err);
}

/* A language without its text falls back to English, and says so. */
static void
test_texts_fallback(void **state)
{
	struct fx	*f = *state;
	const char	*shown;
	char		*text, *err = NULL;
	int		 v;

	assert_int_equal(consent_text(CONSENT_CARE, "fr", NULL, &text, &v,
	    &shown), ST_OK);
	assert_string_equal(shown, "en");
	free(text);
	assert_int_equal(consent_text(CONSENT_CARE, NULL, NULL, &text, &v,
	    &shown), ST_OK);
	assert_string_equal(shown, "en");
	free(text);

	fake_content(f);
	put(f, "c/consent/expert/ca.txt", "Expert en català.\n");
	assert_int_equal(consent_texts_load(f->t.conf, &err), ST_OK);
	assert_int_equal(consent_text(CONSENT_EXPERT, "ca", NULL, &text, &v,
	    &shown), ST_OK);
	assert_string_equal(shown, "ca");
	assert_string_equal(text, "Expert en català.\n");
	free(text);
	assert_int_equal(consent_text(CONSENT_COMMUNITY, "ca", NULL, &text,
	    &v, &shown), ST_OK);
	assert_string_equal(shown, "en");
	free(text);
	/* The title is sanitised before it goes into the text. */
	assert_int_equal(consent_text(CONSENT_RESEARCH, "es", "A\x1b[2Jb",
	    &text, &v, &shown), ST_OK);
	assert_string_equal(shown, "en");
	assert_null(strchr(text, '\x1b'));
	free(text);

	consent_texts_free();
	assert_int_equal(consent_text(CONSENT_CARE, "en", NULL, &text, &v,
	    &shown), ST_NOTFOUND);
	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_CARE, NULL, true, "en"), ST_NOTFOUND);
}

/* hex_of returns the hex SHA-256 of a file's bytes. */
static void
hex_of(const char *path, char hex[65])
{
	unsigned char	 md[crypto_hash_sha256_BYTES];
	char		*raw, *err = NULL;

	assert_non_null(raw = text_read_file(path, 1 << 20, &err));
	crypto_hash_sha256(md, (unsigned char *)raw, strlen(raw));
	sodium_bin2hex(hex, 65, md, sizeof md);
	free(raw);
}

/* The stored hash is the hash of the file in the language shown. */
static void
test_hash_stored(void **state)
{
	struct fx		*f = *state;
	struct consent_row	 r;
	char			 hex[65], *path;

	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_COMMUNITY, NULL, true, "es"), ST_OK);
	assert_int_equal(consents_latest(f->t.db, f->ana.id,
	    CONSENT_COMMUNITY, NULL, &r), ST_OK);
	xasprintf(&path, "%s/consent/community/es.txt",
	    f->t.conf->content_dir);
	hex_of(path, hex);
	free(path);
	assert_string_equal(r.hash, hex);
	assert_string_equal(r.language, "es");
	assert_int_equal(r.version, 1);
	assert_int_equal(r.recorded_by, f->ana.id);
	assert_true(r.given);
	consent_row_clear(&r);

	/* A language without a text is recorded as the English shown. */
	assert_int_equal(consent_record(f->t.db, &f->op, f->pere.id,
	    CONSENT_CARE, NULL, false, "fr"), ST_OK);
	assert_int_equal(consents_latest(f->t.db, f->pere.id, CONSENT_CARE,
	    NULL, &r), ST_OK);
	xasprintf(&path, "%s/consent/care/en.txt", f->t.conf->content_dir);
	hex_of(path, hex);
	free(path);
	assert_string_equal(r.hash, hex);
	assert_string_equal(r.language, "en");
	assert_int_equal(r.recorded_by, 0);
	assert_false(r.given);
	consent_row_clear(&r);
}

/* given reads ana's state of p. */
static bool
given(struct fx *f, int64_t who, int p, const char *s)
{
	bool	ok = true;

	assert_int_equal(consent_given(f->t.db, who, p, s, &ok), ST_OK);
	return ok;
}

/* The latest decision wins; no decision is no consent. */
static void
test_latest_wins(void **state)
{
	struct fx	*f = *state;

	assert_false(given(f, f->ana.id, CONSENT_COMMUNITY, NULL));
	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_COMMUNITY, NULL, true, "en"), ST_OK);
	assert_true(given(f, f->ana.id, CONSENT_COMMUNITY, NULL));
	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_COMMUNITY, NULL, false, "en"), ST_OK);
	assert_false(given(f, f->ana.id, CONSENT_COMMUNITY, NULL));
	assert_int_equal(consent_record(f->t.db, &f->admin, f->ana.id,
	    CONSENT_COMMUNITY, NULL, true, "ca"), ST_OK);
	assert_true(given(f, f->ana.id, CONSENT_COMMUNITY, NULL));
	/* Other purposes and people are untouched. */
	assert_false(given(f, f->ana.id, CONSENT_CARE, NULL));
	assert_false(given(f, f->pere.id, CONSENT_COMMUNITY, NULL));
}

/* A decision, once stored, cannot be changed or removed, even in SQL. */
static void
test_append_only(void **state)
{
	struct fx	*f = *state;
	sqlite3		*sq;

	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_COMMUNITY, NULL, false, "en"), ST_OK);
	sq = th_raw(&f->t);
	assert_int_not_equal(th_raw_exec(sq, "UPDATE consents SET given = 1"),
	    SQLITE_OK);
	assert_int_not_equal(th_raw_exec(sq, "DELETE FROM consents"),
	    SQLITE_OK);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM consents WHERE "
	    "given = 0"), 1);
	sqlite3_close(sq);
	assert_false(given(f, f->ana.id, CONSENT_COMMUNITY, NULL));
}

/* Research consent is per study: the ids follow the latest decision. */
static void
test_research_ids(void **state)
{
	struct fx	*f = *state;
	int64_t		*ids = NULL;
	size_t		 n = 0;

	study(f, "alpha", "Alpha study", true);
	study(f, "beta", "Beta study", true);
	assert_int_equal(consent_record(f->t.db, &f->pere, f->pere.id,
	    CONSENT_RESEARCH, "alpha", true, "en"), ST_OK);
	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_RESEARCH, "alpha", true, "en"), ST_OK);
	assert_int_equal(consent_record(f->t.db, &f->marta, f->marta.id,
	    CONSENT_RESEARCH, "alpha", true, "en"), ST_OK);
	assert_int_equal(consent_record(f->t.db, &f->pere, f->pere.id,
	    CONSENT_RESEARCH, "alpha", false, "en"), ST_OK);
	assert_int_equal(consent_record(f->t.db, &f->marta, f->marta.id,
	    CONSENT_RESEARCH, "beta", false, "en"), ST_OK);
	assert_int_equal(consent_research_ids(f->t.db, "alpha", &ids, &n),
	    ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], f->ana.id);
	assert_int_equal(ids[1], f->marta.id);
	free(ids);
	assert_int_equal(consent_research_ids(f->t.db, "beta", &ids, &n),
	    ST_OK);
	assert_int_equal(n, 0);
	free(ids);
	assert_int_equal(consent_research_ids(f->t.db, "gamma", &ids, &n),
	    ST_OK);
	assert_int_equal(n, 0);
	free(ids);
	assert_int_equal(consent_research_ids(f->t.db, NULL, &ids, &n),
	    ST_INVALID);
	assert_true(given(f, f->ana.id, CONSENT_RESEARCH, "alpha"));
	assert_false(given(f, f->ana.id, CONSENT_RESEARCH, "beta"));
	/* A study must exist, and only research names one. */
	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_RESEARCH, "gamma", true, "en"), ST_NOTFOUND);
	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_RESEARCH, NULL, true, "en"), ST_INVALID);
	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_CARE, "alpha", true, "en"), ST_INVALID);
}

/* Consent applies to patients and expert patients; staff are allowed. */
static void
test_applies_allows(void **state)
{
	struct fx	*f = *state;
	struct actor	 researcher;
	bool		 ok;
	int		 p;

	for (p = 0; p < CONSENT_PURPOSES; p++) {
		assert_true(consent_applies(ROLE_EXPERT, p));
		assert_true(consent_applies(ROLE_PATIENT, p) ==
		    (p != CONSENT_EXPERT));
		assert_false(consent_applies(ROLE_PROFESSIONAL, p));
		assert_false(consent_applies(ROLE_MODERATOR, p));
		assert_false(consent_applies(ROLE_ADMIN, p));
		assert_false(consent_applies(ROLE_RESEARCHER, p));
	}
	researcher = person(&f->t, "recerca", ROLE_RESEARCHER);
	assert_int_equal(consent_allows(f->t.db, &f->laia, CONSENT_COMMUNITY,
	    &ok), ST_OK);
	assert_true(ok);
	assert_int_equal(consent_allows(f->t.db, &researcher, CONSENT_CARE,
	    &ok), ST_OK);
	assert_true(ok);
	assert_int_equal(consent_allows(f->t.db, &f->op, CONSENT_COMMUNITY,
	    &ok), ST_OK);
	assert_true(ok);
	assert_int_equal(consent_allows(f->t.db, &f->ana, CONSENT_COMMUNITY,
	    &ok), ST_OK);
	assert_false(ok);
	assert_int_equal(consent_require(f->t.db, &f->ana, CONSENT_COMMUNITY),
	    ST_DENIED);
	/* Being an expert does not concern a patient: allowed. */
	assert_int_equal(consent_allows(f->t.db, &f->ana, CONSENT_EXPERT,
	    &ok), ST_OK);
	assert_true(ok);
	assert_int_equal(consent_allows(f->t.db, &f->marta, CONSENT_EXPERT,
	    &ok), ST_OK);
	assert_false(ok);
	/* Research is per study: consent_given. */
	assert_int_equal(consent_allows(f->t.db, &f->ana, CONSENT_RESEARCH,
	    &ok), ST_INVALID);
	/* Staff cannot record a purpose that does not apply to them. */
	assert_int_equal(consent_record(f->t.db, &f->admin, f->laia.id,
	    CONSENT_CARE, NULL, true, "en"), ST_INVALID);
	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_EXPERT, NULL, true, "en"), ST_INVALID);
}

/* Only herself, an admin or the operator record a decision. */
static void
test_record_who(void **state)
{
	struct fx	*f = *state;
	struct consent_state	*list;
	size_t		 n;

	assert_int_equal(consent_record(f->t.db, &f->ana, f->pere.id,
	    CONSENT_COMMUNITY, NULL, true, "en"), ST_DENIED);
	assert_int_equal(consent_record(f->t.db, &f->laia, f->pere.id,
	    CONSENT_COMMUNITY, NULL, true, "en"), ST_DENIED);
	assert_int_equal(consent_record(f->t.db, &f->marta, f->pere.id,
	    CONSENT_CARE, NULL, false, "en"), ST_DENIED);
	assert_false(given(f, f->pere.id, CONSENT_COMMUNITY, NULL));
	assert_int_equal(consent_list(f->t.db, &f->ana, f->pere.id, &list,
	    &n), ST_DENIED);
	assert_int_equal(consent_list(f->t.db, &f->laia, f->pere.id, &list,
	    &n), ST_DENIED);
	assert_int_equal(consent_record(f->t.db, &f->admin, f->pere.id,
	    CONSENT_COMMUNITY, NULL, true, "en"), ST_OK);
	assert_int_equal(consent_record(f->t.db, &f->op, f->pere.id,
	    CONSENT_CARE, NULL, true, "en"), ST_OK);
	assert_int_equal(consent_record(f->t.db, &f->admin, 9999,
	    CONSENT_CARE, NULL, true, "en"), ST_NOTFOUND);
	assert_int_equal(consent_record(f->t.db, &f->admin, f->pere.id,
	    CONSENT_PURPOSES, NULL, true, "en"), ST_INVALID);
}

/* Each decision is audited with the patient's pseudonym. */
static void
test_audit(void **state)
{
	struct fx		*f = *state;
	struct audit_entry	*e;
	size_t			 before = th_audit_count(&f->t);

	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_CARE, NULL, true, "en"), ST_OK);
	e = th_audit_last(&f->t);
	assert_string_equal(e->action, "consent.give");
	assert_string_equal(e->object_type, "account");
	assert_int_equal(e->object_id, f->ana.id);
	assert_string_equal(e->patient, "ana");
	assert_int_equal(e->actor_id, f->ana.id);
	assert_non_null(strstr(e->detail, "care v1"));
	audit_entry_free(e);
	assert_int_equal(consent_record(f->t.db, &f->op, f->ana.id,
	    CONSENT_COMMUNITY, NULL, false, "es"), ST_OK);
	e = th_audit_last(&f->t);
	assert_string_equal(e->action, "consent.withdraw");
	assert_string_equal(e->patient, "ana");
	assert_int_equal(e->actor_id, 0);
	audit_entry_free(e);
	assert_int_equal(th_audit_count(&f->t), before + 2);
	/* A refusal records nothing. */
	assert_int_equal(consent_record(f->t.db, &f->pere, f->ana.id,
	    CONSENT_CARE, NULL, false, "en"), ST_DENIED);
	assert_int_equal(th_audit_count(&f->t), before + 2);
}

/* The Account list and the first-login list. */
static void
test_list_pending(void **state)
{
	struct fx		*f = *state;
	struct consent_state	*list;
	size_t			 n;

	study(f, "alpha", "Alpha study", true);
	study(f, "closed", "Closed study", false);
	assert_int_equal(consent_list(f->t.db, &f->ana, f->ana.id, &list,
	    &n), ST_OK);
	assert_int_equal(n, 4);		/* care, community, 2 studies */
	assert_int_equal(list[0].purpose, CONSENT_CARE);
	assert_int_equal(list[1].purpose, CONSENT_COMMUNITY);
	assert_int_equal(list[2].purpose, CONSENT_RESEARCH);
	assert_string_equal(list[2].study, "alpha");
	assert_string_equal(list[2].title, "Alpha study");
	assert_false(list[0].decided);
	assert_int_equal(list[0].text_version, 1);
	consent_states_free(list, n);

	assert_int_equal(consent_pending(f->t.db, &f->marta, f->marta.id,
	    &list, &n), ST_OK);
	assert_int_equal(n, 4);		/* + expert; not the closed study */
	assert_int_equal(list[2].purpose, CONSENT_EXPERT);
	assert_string_equal(list[3].study, "alpha");
	consent_states_free(list, n);

	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_CARE, NULL, true, "en"), ST_OK);
	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_RESEARCH, "alpha", false, "en"), ST_OK);
	assert_int_equal(consent_pending(f->t.db, &f->ana, f->ana.id, &list,
	    &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].purpose, CONSENT_COMMUNITY);
	consent_states_free(list, n);
	assert_int_equal(consent_list(f->t.db, &f->admin, f->ana.id, &list,
	    &n), ST_OK);
	assert_true(list[0].decided && list[0].given);
	assert_int_equal(list[0].version, 1);
	assert_true(list[0].at > 0);
	assert_true(list[2].decided && !list[2].given);
	consent_states_free(list, n);
	/* Staff have nothing to decide. */
	assert_int_equal(consent_pending(f->t.db, &f->laia, f->laia.id,
	    &list, &n), ST_OK);
	assert_int_equal(n, 0);
	free(list);
}

/* new_thread tries a thread on the board as a. */
static int
new_thread(struct fx *f, const struct actor *a, int64_t *thread)
{
	struct post_result	 res;
	char			*err = NULL;
	int			 st;

	memset(&res, 0, sizeof res);
	st = forum_new_thread(f->t.db, f->t.conf, a, f->board, "Hello",
	    "A first post about the weather.", &res, &err);
	free(err);
	*thread = res.thread_id;
	return st;
}

/* Without community consent: no boards, no posting; with it, both. */
static void
test_gating_boards(void **state)
{
	struct fx	 *f = *state;
	struct board	**boards = NULL, *b = NULL;
	struct thread	**threads = NULL, *th = NULL;
	struct search_hit **hits = NULL;
	int64_t		  thread, total;
	size_t		  n;

	/* Staff need no consent. */
	assert_int_equal(new_thread(f, &f->laia, &thread), ST_OK);
	assert_int_equal(board_list(f->t.db, &f->laia, &boards, &n), ST_OK);
	boards_free_list(boards, n);

	assert_int_equal(board_list(f->t.db, &f->ana, &boards, &n),
	    ST_DENIED);
	assert_int_equal(board_get(f->t.db, &f->ana, f->board, &b),
	    ST_DENIED);
	assert_null(b);
	assert_int_equal(forum_threads(f->t.db, &f->ana, f->board, 0, 10,
	    &threads, &n, &total), ST_DENIED);
	assert_int_equal(forum_thread(f->t.db, &f->ana, thread, &th),
	    ST_DENIED);
	assert_null(th);
	assert_int_equal(new_thread(f, &f->ana, &thread), ST_DENIED);
	/* Search still finds the library, never posts. */
	assert_int_equal(search_run(f->t.db, &f->ana, "weather", &hits, &n),
	    ST_OK);
	assert_int_equal(n, 0);
	search_free_list(hits, n);
	/* Declining is the same as not deciding. */
	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_COMMUNITY, NULL, false, "en"), ST_OK);
	assert_int_equal(board_list(f->t.db, &f->ana, &boards, &n),
	    ST_DENIED);

	assert_int_equal(consent_record(f->t.db, &f->ana, f->ana.id,
	    CONSENT_COMMUNITY, NULL, true, "en"), ST_OK);
	assert_int_equal(board_list(f->t.db, &f->ana, &boards, &n), ST_OK);
	assert_int_equal(n, 1);
	boards_free_list(boards, n);
	assert_int_equal(forum_threads(f->t.db, &f->ana, f->board, 0, 10,
	    &threads, &n, &total), ST_OK);
	assert_int_equal(n, 1);
	threads_free_list(threads, n);
	assert_int_equal(new_thread(f, &f->ana, &thread), ST_OK);
	assert_int_equal(search_run(f->t.db, &f->ana, "weather", &hits, &n),
	    ST_OK);
	assert_true(n >= 1);
	search_free_list(hits, n);
}

/* ask has who ask for a mirror experience on fear of recurrence. */
static int
ask(struct fx *f, const struct actor *who, int64_t *id)
{
	char	*err = NULL;
	int	 st;

	st = mirror_request(f->t.db, who, TOPIC_RECURRENCE, "", NULL, id,
	    &err);
	free(err);
	return st;
}

/* suggested tells whether expert is among those suggested for id. */
static bool
suggested(struct fx *f, int64_t id, int64_t expert)
{
	struct expert_profile	*list = NULL;
	size_t			 n = 0, i;
	bool			 found = false;

	assert_int_equal(mirror_suggest(f->t.db, &f->laia, id, &list, &n),
	    ST_OK);
	for (i = 0; i < n; i++)
		if (list[i].account_id == expert)
			found = true;
	expert_profiles_free(list, n);
	return found;
}

/*
 * Mirror experiences need community consent to ask; an expert is
 * suggested and proposed only with her expert-patient consent.
 */
static void
test_gating_mirror(void **state)
{
	struct fx	*f = *state;
	int64_t		 id = 0;
	char		*err = NULL;

	assert_int_equal(mirror_profile_set(f->t.db, &f->marta,
	    1U << TOPIC_RECURRENCE, true), ST_OK);
	assert_int_equal(ask(f, &f->ana, &id), ST_DENIED);
	assert_int_equal(id, 0);
	th_consent_all(f->t.db, f->ana.id);
	assert_int_equal(ask(f, &f->ana, &id), ST_OK);
	assert_true(id > 0);

	/* marta: community yes, expert not decided, then declined. */
	assert_int_equal(consent_record(f->t.db, &f->marta, f->marta.id,
	    CONSENT_COMMUNITY, NULL, true, "en"), ST_OK);
	assert_false(suggested(f, id, f->marta.id));
	assert_int_equal(mirror_propose(f->t.db, &f->laia, id, f->marta.id,
	    &err), ST_INVALID);
	free(err);
	assert_int_equal(consent_record(f->t.db, &f->marta, f->marta.id,
	    CONSENT_EXPERT, NULL, false, "en"), ST_OK);
	assert_false(suggested(f, id, f->marta.id));
	assert_int_equal(consent_record(f->t.db, &f->marta, f->marta.id,
	    CONSENT_EXPERT, NULL, true, "en"), ST_OK);
	assert_true(suggested(f, id, f->marta.id));
	assert_int_equal(mirror_propose(f->t.db, &f->laia, id, f->marta.id,
	    &err), ST_OK);
	assert_null(err);
}

/* Withdrawing community consent anonymises (or deletes) her posts. */
static void
test_withdraw_community(void **state)
{
	struct fx	*f = *state;
	sqlite3		*sq;
	int64_t		 thread, n;
	struct board	**boards;
	size_t		 nb;

	th_consent_all(f->t.db, f->ana.id);
	th_consent_all(f->t.db, f->pere.id);
	assert_int_equal(new_thread(f, &f->ana, &thread), ST_OK);
	assert_int_equal(new_thread(f, &f->pere, &thread), ST_OK);
	assert_int_equal(consent_withdraw(f->t.db, &f->ana, f->ana.id,
	    CONSENT_COMMUNITY, NULL, "en", 7, &n), ST_INVALID);
	assert_true(given(f, f->ana.id, CONSENT_COMMUNITY, NULL));
	assert_int_equal(consent_withdraw(f->t.db, &f->pere, f->ana.id,
	    CONSENT_COMMUNITY, NULL, "en", FORGET_ANONYMISE, &n), ST_DENIED);
	assert_int_equal(consent_withdraw(f->t.db, &f->ana, f->ana.id,
	    CONSENT_COMMUNITY, NULL, "en", FORGET_ANONYMISE, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_false(given(f, f->ana.id, CONSENT_COMMUNITY, NULL));
	assert_int_equal(board_list(f->t.db, &f->ana, &boards, &nb),
	    ST_DENIED);
	sq = th_raw(&f->t);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM posts p JOIN "
	    "accounts a ON a.id = p.author_id WHERE a.pseudonym = 'ana' AND "
	    "p.anonymised = 1"), 1);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM posts p JOIN "
	    "accounts a ON a.id = p.author_id WHERE a.pseudonym = 'pere' AND "
	    "p.anonymised = 1"), 0);
	sqlite3_close(sq);
	/* The operator, for a decision given on paper: deleted. */
	assert_int_equal(consent_withdraw(f->t.db, &f->op, f->pere.id,
	    CONSENT_COMMUNITY, NULL, "ca", FORGET_DELETE, &n), ST_OK);
	assert_int_equal(n, 1);
}

/* Withdrawing care participation closes the account. */
static void
test_withdraw_care(void **state)
{
	struct fx		*f = *state;
	struct account		*a;
	struct audit_entry	*e;
	int64_t			 n;

	th_consent_all(f->t.db, f->ana.id);
	assert_int_equal(consent_withdraw(f->t.db, &f->ana, f->ana.id,
	    CONSENT_CARE, NULL, "en", 0, &n), ST_OK);
	a = th_get(&f->t, f->ana.id);
	assert_true(a->disabled);
	account_free(a);
	e = th_audit_last(&f->t);
	assert_string_equal(e->action, "account.close");
	assert_string_equal(e->patient, "ana");
	audit_entry_free(e);
	assert_false(given(f, f->ana.id, CONSENT_CARE, NULL));
	/* Research: only the record. */
	study(f, "alpha", "Alpha study", true);
	assert_int_equal(consent_record(f->t.db, &f->pere, f->pere.id,
	    CONSENT_RESEARCH, "alpha", true, "en"), ST_OK);
	assert_int_equal(consent_withdraw(f->t.db, &f->pere, f->pere.id,
	    CONSENT_RESEARCH, "alpha", "en", 0, &n), ST_OK);
	assert_false(given(f, f->pere.id, CONSENT_RESEARCH, "alpha"));
	a = th_get(&f->t, f->pere.id);
	assert_false(a->disabled);
	account_free(a);
}

/*
 * under_way gives marta (an expert) ana's mirror experience, accepted
 * (*a, conversation *conv), and has joan ask for one too (*b); *joan is
 * her actor.
 */
static void
under_way(struct fx *f, struct actor *joan, int64_t *a, int64_t *b,
    int64_t *conv)
{
	char	*err = NULL;

	*joan = person(&f->t, "joan", ROLE_PATIENT);
	th_consent_all(f->t.db, f->ana.id);
	th_consent_all(f->t.db, joan->id);
	th_consent_all(f->t.db, f->marta.id);
	assert_int_equal(mirror_profile_set(f->t.db, &f->marta,
	    1U << TOPIC_RECURRENCE, true), ST_OK);
	assert_int_equal(ask(f, &f->ana, a), ST_OK);
	assert_int_equal(ask(f, joan, b), ST_OK);
	assert_int_equal(mirror_propose(f->t.db, &f->laia, *a, f->marta.id,
	    &err), ST_OK);
	assert_int_equal(mirror_accept(f->t.db, &f->marta, *a, conv), ST_OK);
}

/*
 * Withdrawing expert consent closes her experience under way with a
 * note in the conversation, and sends a waiting proposal back.
 */
static void
test_withdraw_expert(void **state)
{
	struct fx		*f = *state;
	struct mirror_request	*r = NULL;
	struct actor		 joan;
	int64_t			 a, b, conv, n;
	char			*err = NULL;
	sqlite3			*sq;

	under_way(f, &joan, &a, &b, &conv);
	assert_int_equal(mirror_propose(f->t.db, &f->laia, b, f->marta.id,
	    &err), ST_OK);

	assert_int_equal(consent_withdraw(f->t.db, &f->marta, f->marta.id,
	    CONSENT_EXPERT, NULL, "en", 0, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(mirror_requests_get(f->t.db, a, &r), ST_OK);
	assert_int_equal(r->state, MIRROR_CLOSED);
	mirror_request_free(r);
	assert_int_equal(mirror_requests_get(f->t.db, b, &r), ST_OK);
	assert_int_equal(r->state, MIRROR_DECLINED);
	assert_int_equal(r->expert_id, 0);
	mirror_request_free(r);
	sq = th_raw(&f->t);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM conversations "
	    "WHERE closed_at > 0"), 1);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM messages m JOIN "
	    "accounts a ON a.id = m.author_id WHERE a.pseudonym = 'marta'"),
	    1);
	sqlite3_close(sq);
	/* No longer suggested for a new request. */
	assert_false(suggested(f, b, f->marta.id));
}

/*
 * Withdrawing community consent ends the member's mirror experiences:
 * one under way closes with a note in her name, a waiting one is
 * cancelled; another patient's request is untouched.
 */
static void
test_withdraw_community_mirror(void **state)
{
	struct fx		*f = *state;
	struct mirror_request	*r = NULL;
	struct actor		 joan;
	int64_t			 a, b, conv, n;
	sqlite3			*sq;

	under_way(f, &joan, &a, &b, &conv);

	assert_int_equal(consent_withdraw(f->t.db, &f->ana, f->ana.id,
	    CONSENT_COMMUNITY, NULL, "en", FORGET_ANONYMISE, &n), ST_OK);
	assert_int_equal(mirror_requests_get(f->t.db, a, &r), ST_OK);
	assert_int_equal(r->state, MIRROR_CLOSED);
	mirror_request_free(r);
	assert_int_equal(mirror_requests_get(f->t.db, b, &r), ST_OK);
	assert_int_equal(r->state, MIRROR_REQUESTED);
	mirror_request_free(r);
	sq = th_raw(&f->t);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM conversations "
	    "WHERE closed_at > 0"), 1);
	assert_int_equal(th_raw_int(sq, "SELECT count(*) FROM messages m JOIN "
	    "accounts a ON a.id = m.author_id WHERE a.pseudonym = 'ana'"), 1);
	sqlite3_close(sq);

	/* joan's request, not under way, is cancelled when she withdraws. */
	assert_int_equal(consent_withdraw(f->t.db, &joan, joan.id,
	    CONSENT_COMMUNITY, NULL, "en", FORGET_DELETE, &n), ST_OK);
	assert_int_equal(mirror_requests_get(f->t.db, b, &r), ST_OK);
	assert_int_equal(r->state, MIRROR_CANCELLED);
	mirror_request_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_texts_shipped),
		T(test_texts_malformed),
		T(test_texts_fallback),
		T(test_hash_stored),
		T(test_latest_wins),
		T(test_append_only),
		T(test_research_ids),
		T(test_applies_allows),
		T(test_record_who),
		T(test_audit),
		T(test_list_pending),
		T(test_gating_boards),
		T(test_gating_mirror),
		T(test_withdraw_community),
		T(test_withdraw_care),
		T(test_withdraw_expert),
		T(test_withdraw_community_mirror),
#undef T
	};

	if (sodium_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
