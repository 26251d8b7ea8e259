/*
 * ctl_consent.c: bbsctl consent, a decision a person gave on paper (or
 * by phone to her team), recorded by the operator:
 *
 *	bbsctl consent NAME PURPOSE give|withdraw [--study ID]
 *	    [--language L] [--posts anonymise|delete]
 *
 * PURPOSE is care, community, expert or research (research needs
 * --study).  The text's version and hash are those of the language she
 * read (--language, else her account's).  Withdrawing has the same
 * consequences as in Account: care closes the account, community
 * anonymises or deletes her posts (--posts is then required), expert
 * closes her mirror experiences under way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bbs.h"
#include "bbsctl.h"

/* ctl_consent_posts reads --posts: FORGET_*, or -1 when missing or bad. */
static int
ctl_consent_posts(const char *arg)
{
	if (arg == NULL)
		return -1;
	if (strcmp(arg, "anonymise") == 0 || strcmp(arg, "anonymize") == 0)
		return FORGET_ANONYMISE;
	if (strcmp(arg, "delete") == 0)
		return FORGET_DELETE;
	return -1;
}

/* ctl_consent_why explains a refusal of consent_record. */
static int
ctl_consent_why(const struct account *a, int purpose, const char *study,
    int st)
{
	if (st == ST_INVALID && study == NULL && purpose == CONSENT_RESEARCH)
		return fail("consent: research needs --study ID");
	if (st == ST_INVALID && study != NULL && purpose != CONSENT_RESEARCH)
		return fail("consent: --study belongs to research only");
	if (st == ST_INVALID)
		return fail("consent: %s is not asked about %s (%s)",
		    a->pseudonym, consent_purpose_name(purpose),
		    role_name(a->role));
	if (st == ST_NOTFOUND && study != NULL)
		return fail("consent: %s: no such study", study);
	return fail("consent: %s", status_str(st));
}

/* ctl_consent_print prints the decision now stored for a. */
static void
ctl_consent_print(struct ctl *ctl, const struct account *a, int purpose,
    const char *study)
{
	struct consent_row	 r;
	char			 when[32] = "?", *name;

	if (consents_latest(ctl->db, a->id, purpose, study, &r) != ST_OK)
		return;
	strftime(when, sizeof when, "%Y-%m-%d %H:%M",
	    gmtime(&(time_t){ r.at }));
	name = text_sanitise(a->pseudonym, false);
	printf("recorded: %s %s %s%s%s (text version %d, %s, sha256 %.12s...) "
	    "at %s UTC\n", name, r.given ? "gives" : "withdraws",
	    consent_purpose_name(purpose), study != NULL ? " " : "",
	    study != NULL ? study : "", r.version, r.language, r.hash, when);
	free(name);
	consent_row_clear(&r);
}

/* ctl_consent_after says what withdrawing did beyond the record. */
static void
ctl_consent_after(int purpose, int posts, int64_t n)
{
	switch (purpose) {
	case CONSENT_CARE:
		printf("account closed; clinical records kept\n");
		break;
	case CONSENT_COMMUNITY:
		printf("%lld post%s %s\n", (long long)n, n == 1 ? "" : "s",
		    posts == FORGET_DELETE ? "deleted" : "anonymised");
		break;
	case CONSENT_EXPERT:
		printf("%lld mirror experience%s under way closed\n",
		    (long long)n, n == 1 ? "" : "s");
		break;
	default:
		printf("left out of the study's exports from now on\n");
		break;
	}
}

/* ctl_consent_apply records the decision and its consequences. */
static int
ctl_consent_apply(struct ctl *ctl, const struct account *a, int purpose,
    bool give, const char *study, const char *lang, int posts)
{
	int64_t	n = 0;
	int	rc, st;

	/* Ending mirror experiences writes sealed notes and messages. */
	if (!give && (purpose == CONSENT_EXPERT ||
	    purpose == CONSENT_COMMUNITY) && (rc = ctl_keys(ctl, false)) != 0)
		return rc;
	if (give)
		st = consent_record(ctl->db, &ctl->op, a->id, purpose, study,
		    true, lang);
	else
		st = consent_withdraw(ctl->db, &ctl->op, a->id, purpose, study,
		    lang, posts, &n);
	if (st != ST_OK)
		return ctl_consent_why(a, purpose, study, st);
	ctl_consent_print(ctl, a, purpose, study);
	if (!give)
		ctl_consent_after(purpose, posts, n);
	return 0;
}

/* cmd_consent runs "consent NAME PURPOSE give|withdraw [options]". */
int
cmd_consent(struct ctl *ctl, int argc, char **argv)
{
	struct account	*a = NULL;
	const char	*study = ctl_option(argc, argv, "--study");
	const char	*lang = ctl_option(argc, argv, "--language");
	const char	*postarg = ctl_option(argc, argv, "--posts");
	int		 purpose, posts = FORGET_ANONYMISE, rc;
	bool		 give;

	if (argc < 3 || (strcmp(argv[2], "give") != 0 &&
	    strcmp(argv[2], "withdraw") != 0))
		usage();
	give = argv[2][0] == 'g';
	if ((purpose = consent_purpose_parse(argv[1])) == -1)
		return fail("%s: unknown purpose (care, community, expert, "
		    "research)", argv[1]);
	if (lang != NULL && !account_language_valid(lang))
		return fail("--language %s: expected en, es or ca", lang);
	if (!give && purpose == CONSENT_COMMUNITY &&
	    (posts = ctl_consent_posts(postarg)) == -1)
		return fail("consent: withdrawing community participation "
		    "needs --posts anonymise|delete (her choice)");
	if ((rc = ctl_open_db(ctl, false)) != 0 ||
	    (rc = ctl_clinical(ctl)) != 0 ||
	    (rc = ctl_find(ctl, argv[0], &a)) != 0)
		return rc;
	rc = ctl_consent_apply(ctl, a, purpose, give, study,
	    lang != NULL ? lang : a->language, posts);
	account_free(a);
	return rc;
}
