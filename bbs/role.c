/*
 * role.c: roles and the one permission table.
 *
 * Every check in the program ends here: role_may() looks up what the
 * actor's role is granted for an action and, when the grant depends on the
 * object, tests the target.  The table below is the one in the roles
 * specification (spec/roles.md), row for row and column for column: change
 * both together or neither.
 *
 * Anything the table does not grant is refused: a missing actor, an
 * unknown role or action, or a conditional grant without a target.
 */
#include <stdbool.h>
#include <stddef.h>
#include <strings.h>

#include "bbs.h"

#ifndef N_
#define N_(s)	(s)
#endif

/* What a cell of the table grants. */
enum grant {
	G_NO = 0,		/* - */
	G_YES,			/* Y: whatever the target */
	G_OWN,			/* O: only their own */
	G_CARE,			/* C: only patients in their care */
	G_CARE_OR_UNASSIGNED,	/* C, and any patient nobody cares for */
	G_PSEUDO,		/* P: only patients who gave research consent */
	G_CARE_TEAM,		/* a professional caring for the actor */
	G_PATIENT_OR_STAFF,	/* any patient, expert or staff member */
	G_STAFF,		/* a professional, moderator or admin */
	G_INVITE_PATIENT,	/* invites for patients and expert patients */
	G_ANY_ROLE,		/* invites for any existing role */
};

/*
 * The table, one row per action and one column per role in the order of
 * roles.md: patient, expert patient, professional, moderator, admin,
 * researcher.  Rows not listed are all G_NO.
 */
static const enum grant role_table[ACT_COUNT][ROLE_COUNT] = {
	/*			   patient	expert
				   professional	moderator
				   admin	researcher */
	[ACT_BOARD_READ] =	 { G_YES,	G_YES,
				   G_YES,	G_YES,
				   G_YES,	G_NO },
	[ACT_POST] =		 { G_YES,	G_YES,
				   G_YES,	G_YES,
				   G_YES,	G_NO },
	[ACT_POST_EDIT] =	 { G_OWN,	G_OWN,
				   G_OWN,	G_OWN,
				   G_OWN,	G_NO },
	[ACT_POST_REPORT] =	 { G_YES,	G_YES,
				   G_YES,	G_YES,
				   G_YES,	G_NO },
	[ACT_MODERATE] =	 { G_NO,	G_NO,
				   G_YES,	G_YES,
				   G_NO,	G_NO },
	[ACT_SUSPEND_POSTING] =	 { G_NO,	G_NO,
				   G_YES,	G_YES,
				   G_YES,	G_NO },
	[ACT_LIBRARY_WRITE] =	 { G_NO,	G_NO,
				   G_YES,	G_NO,
				   G_NO,	G_NO },
	[ACT_LIBRARY_READ] =	 { G_YES,	G_YES,
				   G_YES,	G_YES,
				   G_YES,	G_NO },
	[ACT_MESSAGE] =		 { G_CARE_TEAM,	G_CARE_TEAM,
				   G_PATIENT_OR_STAFF, G_STAFF,
				   G_STAFF,	G_NO },
	[ACT_MIRROR_REQUEST] =	 { G_YES,	G_YES,
				   G_NO,	G_NO,
				   G_NO,	G_NO },
	[ACT_MIRROR_BE_EXPERT] = { G_NO,	G_YES,
				   G_NO,	G_NO,
				   G_NO,	G_NO },
	[ACT_MIRROR_MEDIATE] =	 { G_NO,	G_NO,
				   G_YES,	G_NO,
				   G_NO,	G_NO },
	[ACT_SELFHELP_DO] =	 { G_OWN,	G_OWN,
				   G_NO,	G_NO,
				   G_NO,	G_NO },
	[ACT_RESULTS_SEE] =	 { G_OWN,	G_OWN,
				   G_CARE,	G_NO,
				   G_NO,	G_PSEUDO },
	[ACT_ASSIGN_WORK] =	 { G_NO,	G_NO,
				   G_CARE,	G_NO,
				   G_NO,	G_NO },
	[ACT_ALERTS] =		 { G_NO,	G_NO,
				   G_CARE_OR_UNASSIGNED, G_NO,
				   G_NO,	G_NO },
	[ACT_ASSIGN_PATIENTS] =	 { G_NO,	G_NO,
				   G_YES,	G_NO,
				   G_YES,	G_NO },
	[ACT_INVITE_CREATE] =	 { G_NO,	G_NO,
				   G_INVITE_PATIENT, G_NO,
				   G_ANY_ROLE,	G_NO },
	[ACT_ACCOUNT_ADMIN] =	 { G_NO,	G_NO,
				   G_NO,	G_NO,
				   G_YES,	G_NO },
	[ACT_AUDIT_READ] =	 { G_NO,	G_NO,
				   G_NO,	G_NO,
				   G_YES,	G_NO },
	[ACT_RESEARCH_EXPORT] =	 { G_NO,	G_NO,
				   G_NO,	G_NO,
				   G_NO,	G_PSEUDO },
	[ACT_OWN_SETTINGS] =	 { G_OWN,	G_OWN,
				   G_OWN,	G_OWN,
				   G_OWN,	G_OWN },
	/*
	 * Not a row of the table but the admin's line in its list of roles
	 * ("accounts, invites, boards, configuration"): creating, editing,
	 * ordering and archiving boards.
	 */
	[ACT_BOARD_ADMIN] =	 { G_NO,	G_NO,
				   G_NO,	G_NO,
				   G_YES,	G_NO },
};

/*
 * The local operator (bbsctl run by the system's owner) is not an account
 * and has no role in the community: it may set the service up and look
 * after accounts, and nothing that touches clinical data or speaks in the
 * community.
 */
static const enum grant role_operator_table[ACT_COUNT] = {
	[ACT_ASSIGN_PATIENTS] = G_YES,
	[ACT_INVITE_CREATE] = G_ANY_ROLE,
	[ACT_ACCOUNT_ADMIN] = G_YES,
	[ACT_AUDIT_READ] = G_YES,
};

/* Machine names, stored in config, audit rows and CLI arguments: stable. */
static const char *role_names[ROLE_COUNT] = {
	"patient", "expert", "professional", "moderator", "admin",
	"researcher"
};

/* Display names, msgids the UI translates. */
static const char *role_labels[ROLE_COUNT] = {
	N_("patient"), N_("expert patient"), N_("professional"),
	N_("moderator"), N_("administrator"), N_("researcher")
};

/* role_valid tells whether r names an existing role. */
static bool
role_valid(int r)
{
	return r >= 0 && r < ROLE_COUNT;
}

/* role_grant_holds tells whether a grant covers this actor and target. */
static bool
role_grant_holds(enum grant g, const struct actor *a, const struct target *t)
{
	if (g == G_NO)
		return false;
	if (g == G_YES)
		return true;

	/* Every other grant depends on the object: no target, no access. */
	if (t == NULL)
		return false;

	switch (g) {
	case G_OWN:
		/*
		 * Ids start at 1: a zeroed target (owner_id 0) must never
		 * count as anyone's own.
		 */
		return a->id > 0 && t->owner_id == a->id;
	case G_CARE:
		return t->in_care;
	case G_CARE_OR_UNASSIGNED:
		/* An alert nobody follows yet must reach some clinician. */
		return t->in_care || t->unassigned;
	case G_PSEUDO:
		/*
		 * Consent is the gate; pseudonymising and leaving out free
		 * text is the caller's part of P.
		 */
		return t->research_consent;
	case G_CARE_TEAM:
		/*
		 * Patients write only to the professionals caring for them
		 * (or, while nobody does, to the shared inbox every
		 * professional reads), never to other patients or to
		 * non-clinical staff.
		 */
		return (t->in_care || t->unassigned) &&
		    t->role == ROLE_PROFESSIONAL;
	case G_PATIENT_OR_STAFF:
		/* Researchers are neither patients nor staff. */
		return role_valid(t->role) && t->role != ROLE_RESEARCHER;
	case G_STAFF:
		return role_is_staff(t->role);
	case G_INVITE_PATIENT:
		/*
		 * A clinician verifies a patient's diagnosis before inviting
		 * them; staff accounts are created by the administrator.
		 */
		return t->role == ROLE_PATIENT || t->role == ROLE_EXPERT;
	case G_ANY_ROLE:
		return role_valid(t->role);
	default:
		return false;
	}
}

/*
 * role_may tells whether actor a may do action on target t.  t may be NULL
 * for actions that do not depend on an object; a conditional grant with a
 * NULL target is refused.
 */
bool
role_may(const struct actor *a, enum action action, const struct target *t)
{
	/* Deny by default: anything malformed is refused, never guessed. */
	if (a == NULL || (int)action < 0 || (int)action >= ACT_COUNT)
		return false;

	/*
	 * The operator's role field is ignored: bbsctl's powers are fixed
	 * here, so a local administrative tool can never read clinical data
	 * whatever role it was given.
	 */
	if (a->operator)
		return role_grant_holds(role_operator_table[action], a, t);

	if (!role_valid((int)a->role))
		return false;
	return role_grant_holds(role_table[action][a->role], a, t);
}

/* role_name returns the stable machine name of a role. */
const char *
role_name(int r)
{
	if (!role_valid(r))
		return "unknown";
	return role_names[r];
}

/*
 * role_label returns the English display name of a role, a msgid the UI
 * translates with _().
 */
const char *
role_label(int r)
{
	if (!role_valid(r))
		return N_("unknown");
	return role_labels[r];
}

/*
 * role_parse returns the role a machine name (any case) stands for, or -1.
 */
int
role_parse(const char *name)
{
	int	r;

	if (name == NULL)
		return -1;
	if (strcasecmp(name, "expert-patient") == 0 ||
	    strcasecmp(name, "expert_patient") == 0)
		return ROLE_EXPERT;
	for (r = 0; r < ROLE_COUNT; r++) {
		if (strcasecmp(name, role_names[r]) == 0)
			return r;
	}
	return -1;
}

/*
 * role_badge returns the short badge shown beside a staff member's name,
 * or "" for other roles.  Badges are the same in every language and must
 * not be passed to gettext: gettext("") returns the catalogue's header.
 */
const char *
role_badge(int r)
{
	/*
	 * Staff speak with a badge so nobody mistakes a clinician's or a
	 * moderator's words for a peer's, or the other way round.
	 */
	switch (r) {
	case ROLE_PROFESSIONAL:
		return "[PRO]";
	case ROLE_MODERATOR:
		return "[MOD]";
	case ROLE_ADMIN:
		return "[ADMIN]";
	default:
		return "";
	}
}

/* role_is_staff tells whether r is a professional, moderator or admin. */
bool
role_is_staff(int r)
{
	return r == ROLE_PROFESSIONAL || r == ROLE_MODERATOR ||
	    r == ROLE_ADMIN;
}
