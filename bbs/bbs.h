/*
 * bbs.h: the public interface of bbs/, the gateway and the domain rules.
 *
 * Domain code here never includes curses: every rule is testable without a
 * terminal.  ui/ and the programs call these functions; each action that
 * changes or reveals data asks role_may() itself, with the acting account,
 * so no screen can skip the check.
 */
#ifndef BBS_H
#define BBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <libintl.h>
#include <wchar.h>

#include "../storage/storage.h"

#define MIRALL_NAME	"Mirall"

/* Every user-facing string is a gettext message id. */
#ifndef _
#define _(s)	gettext(s)
#endif
#ifndef N_
#define N_(s)	(s)
#endif

/*
 * schedule.c: when scheduled questionnaires open and close (questionnaires
 * spec, "Schedule").  The deployment's schedule comes from the config
 * (schedule_* keys); a patient's forms follow from her enrolment and the
 * history of her care level.  All date arithmetic is in the deployment's
 * time zone (the process's TZ, set from the config's timezone key): a form
 * opens at local midnight of its date and closes at local midnight
 * window_days later; "every 1mo" from 31 January is 28 or 29 February,
 * then 31 March (counted from the start, never drifting).
 */
enum care_level {
	CARE_MONITORING = 0,
	CARE_PSYCHOEDUCATION,
	CARE_COMMUNITY,
	CARE_THERAPY,
	CARE_LEVEL_COUNT
};

#define SCHEDULE_MAX_FORMS	8	/* instruments in one schedule list */
#define SCHEDULE_MAX_FOLLOWUPS	8
#define SCHEDULE_ID_MAX		32	/* bytes of an instrument id, NUL too */
#define SCHEDULE_WINDOW_MAX	64	/* bytes of a window name, NUL too */

enum schedule_unit {
	SCHEDULE_DAYS = 0,
	SCHEDULE_WEEKS,
	SCHEDULE_MONTHS,
};

/* "phq4 every 2w": an instrument repeated through a phase. */
struct schedule_repeat {
	char			 instrument[SCHEDULE_ID_MAX];
	int			 every;
	enum schedule_unit	 unit;
};

struct schedule {
	/* At enrolment, at the end of a programme and at each follow-up. */
	char			 enrolment[SCHEDULE_MAX_FORMS][SCHEDULE_ID_MAX];
	size_t			 nenrolment;
	/* During a programme (care level psychoeducation or therapy). */
	struct schedule_repeat	 programme[SCHEDULE_MAX_FORMS];
	size_t			 nprogramme;
	/* Outside a programme (monitoring or community). */
	struct schedule_repeat	 community[SCHEDULE_MAX_FORMS];
	size_t			 ncommunity;
	/* Months after the end of a programme. */
	int			 followups[SCHEDULE_MAX_FOLLOWUPS];
	size_t			 nfollowups;
	int			 window_days;	/* a form stays open */
};

/* A stretch of one care level: from (inclusive) to to (0: still). */
struct care_period {
	enum care_level		 level;
	int64_t			 from;
	int64_t			 to;
};

/* One scheduled form: window names it uniquely for the patient. */
struct schedule_slot {
	char			 window[SCHEDULE_WINDOW_MAX];
	char			 instrument[SCHEDULE_ID_MAX];
	int64_t			 opens;
	int64_t			 closes;
};

void		 schedule_defaults(struct schedule *);
int		 schedule_parse(struct schedule *, const char *, const char *,
		    char **);
int		 schedule_check(const struct schedule *, char **);
int		 schedule_slots(const struct schedule *, int64_t,
		    const struct care_period *, size_t, int64_t,
		    struct schedule_slot **, size_t *);
bool		 care_level_in_programme(enum care_level);
int64_t		 schedule_add(int64_t, int, enum schedule_unit);
int64_t		 schedule_day_start(int64_t);

/*
 * staffed.c: the service's staffed hours ("mon-fri 09:00-17:00" in the
 * config, in the deployment's time zone), and response targets counted
 * in them: an alert raised at night is due an hour after opening time,
 * not an hour after it was raised.
 */
struct staffed {
	unsigned	 days;		/* bit d: tm_wday d (0 Sunday) */
	int		 open;		/* minutes after midnight */
	int		 close;		/* minutes after midnight, > open */
};

void		 staffed_defaults(struct staffed *);
int		 staffed_parse(struct staffed *, const char *, char **);
bool		 staffed_is_open(const struct staffed *, int64_t);
int64_t		 staffed_add(const struct staffed *, int64_t, int);
int64_t		 staffed_day_end(const struct staffed *, int64_t, int);
char		*staffed_describe(const struct staffed *);

/* A deployment's cut-off for one score (config key <id>_<score>_cutoff). */
struct cutoff_override {
	const char	*instrument;
	const char	*score;
	int		 value;
	unsigned	 line;		/* of the config, 0 if none */
};

struct cutoffs {
	const struct cutoff_override	*list;
	size_t				 len;
};

/* conf.c: the one configuration parser. */
struct conf {
	char		*path;		/* the file read */
	char		*listen_addr;
	int		 listen_port;
	char		*database;
	char		*host_key;
	char		*content_dir;
	char		*log_file;	/* NULL or "": standard error */
	char		*ui_program;	/* the UI binary the session execs */
	char		*signup_user;
	char		*default_language;
	int		 max_sessions;
	int		 max_unauthenticated;
	int		 max_unauthenticated_per_source;
	int		 login_grace_time;	/* seconds */
	int		 idle_timeout;		/* seconds */
	int		 idle_warning;		/* seconds of warning before */
	int		 session_limit;		/* seconds */
	int		 max_auth_tries;
	int		 throttle_base_ms;
	int		 throttle_max_ms;
	int		 min_password_length;
	unsigned long long pwhash_opslimit;
	size_t		 pwhash_memlimit;	/* bytes */
	int		 max_concurrent_hashes;
	int		 escape_delay_ms;
	int		 max_title_length;	/* code points */
	int		 max_post_length;	/* code points */
	int		 max_article_length;	/* code points */
	char		*timezone;	/* the deployment's, for dates */
	struct schedule	 schedule;
	struct staffed	 staffed;
	struct cutoffs	 cutoffs;	/* <instrument>_<score>_cutoff keys */
	bool		 patients_see_scores;
	char		*coordinators;	/* account names; NULL: every
					   professional */
	char		*message_keys;	/* the key ring of sealed texts */
	char		*study_keys;	/* directory of the studies' keys */
	char		*clinical_leads; /* account names; NULL: none */
	char		*outcome_measures; /* the primary distress measures */
};

/*
 * conf_load reads path into a new conf.  On error it returns NULL and sets
 * *err to "FILE:LINE: what is wrong" (allocated).
 */
struct conf	*conf_load(const char *, char **);
struct conf	*conf_defaults(const char *);
void		 conf_free(struct conf *);
int		 conf_parse_duration(const char *, int *);
int		 conf_parse_size(const char *, size_t *);
int		 conf_check_content(const struct conf *, char **);
char		*conf_quote_len(const char *, size_t);
int		 conf_value_fail(char **, const char *, const char *, size_t);
bool		 conf_is_coordinator(const struct conf *, const char *);
bool		 conf_is_clinical_lead(const struct conf *, const char *);

/* log.c: one log for every process, with non-printable bytes escaped. */
void	 log_open(const char *, const char *);
void	 log_reopen(void);
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
int	 log_fd(void);

/*
 * text.c: the one sanitiser for user text and the UTF-8 helpers.
 *
 * text_sanitise returns a new string that is valid UTF-8 with no C0
 * (except LF when multiline), DEL, C1, bidi controls, invisible or
 * private-use characters, CR/CRLF turned into LF, tabs into spaces,
 * invalid sequences replaced by U+FFFD, and no more than four combining
 * marks in a row.  With multiline false, LF becomes a space.
 * text_sanitise(text_sanitise(x)) == text_sanitise(x).
 */
char	*text_sanitise(const char *, bool);
void	 text_json(FILE *, const char *);
int	 text_say(char **, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	 text_wipe(char *);
size_t	 text_utf8_decode(const char *, size_t, uint32_t *);
size_t	 text_utf8_encode(uint32_t, char *);
size_t	 text_codepoints(const char *);
size_t	 text_cut(const char *, size_t);
bool	 text_is_valid_utf8(const char *, size_t);
wchar_t	*text_to_wcs(const char *, size_t *);
char	*text_from_wcs(const wchar_t *, size_t);
void	 text_format_time(int64_t, char *, size_t);
char	*text_read_file(const char *, size_t, char **);

/* role.c: roles and the one permission table. */
enum role {
	ROLE_PATIENT = 0,
	ROLE_EXPERT,
	ROLE_PROFESSIONAL,
	ROLE_MODERATOR,
	ROLE_ADMIN,
	ROLE_RESEARCHER,
	ROLE_COUNT
};

enum action {
	ACT_BOARD_READ,
	ACT_POST,
	ACT_POST_EDIT,
	ACT_POST_REPORT,
	ACT_MODERATE,
	ACT_SUSPEND_POSTING,
	ACT_LIBRARY_WRITE,
	ACT_LIBRARY_READ,
	ACT_MESSAGE,
	ACT_MIRROR_REQUEST,
	ACT_MIRROR_BE_EXPERT,
	ACT_MIRROR_MEDIATE,
	ACT_SELFHELP_DO,
	ACT_RESULTS_SEE,
	ACT_ASSIGN_WORK,
	ACT_ALERTS,
	ACT_ASSIGN_PATIENTS,
	ACT_INVITE_CREATE,
	ACT_ACCOUNT_ADMIN,
	ACT_AUDIT_READ,
	ACT_RESEARCH_EXPORT,
	ACT_OWN_SETTINGS,
	ACT_BOARD_ADMIN,
	ACT_COUNT
};

/* Who acts: an account, or the local operator (bbsctl, id 0). */
struct actor {
	int64_t		 id;
	enum role	 role;
	const char	*name;
	const char	*source;	/* client address, or "local" */
	bool		 operator;	/* bbsctl run by the system's operator */
};

/*
 * What the action is done to.  Fields a rule does not need stay zero:
 * owner_id for "only their own", role for invites (the role the invite
 * gives) and messages (the other party's role), in_care when the actor
 * cares for (or is cared for by) the target, consent for research.
 */
struct target {
	int64_t		 owner_id;
	int		 role;		/* -1: not relevant */
	bool		 in_care;
	bool		 research_consent;
	bool		 unassigned;
};

#define TARGET_NONE ((struct target){ 0, -1, false, false, false })

bool		 role_may(const struct actor *, enum action,
		    const struct target *);
const char	*role_name(int);
const char	*role_label(int);
int		 role_parse(const char *);
const char	*role_badge(int);
bool		 role_is_staff(int);

/* password.c: hashing and the password policy. */
enum pw_problem {
	PW_OK = 0,
	PW_TOO_SHORT,
	PW_TOO_LONG,
	PW_MISMATCH,
	PW_BLOCKLISTED,
	PW_CONTEXT,
	PW_REPETITIVE,
	PW_INVALID_TEXT,
	PW_SAME_AS_OLD,
};

#define PASSWORD_MAX_CODEPOINTS	256

int		 password_hash(const struct conf *, const char *, char **);
bool		 password_verify(const char *, const char *);
bool		 password_needs_rehash(const struct conf *, const char *);
/*
 * password_dummy_init computes the hash password_dummy_verify checks
 * against, at the configured cost: call it once at start, before forking.
 */
void		 password_dummy_init(const struct conf *);
void		 password_dummy_verify(const char *);
enum pw_problem	 password_check(const struct conf *, const char *,
		    const char *, const char *);
char		*password_problem_text(const struct conf *, enum pw_problem);
int		 password_blocklist_load(const char *, char **);
char		*password_generate_otp(void);

/* account.c: pseudonyms, sign-up, own settings, first-login rules. */
int		 account_pseudonym_valid(const struct conf *, const char *);
int		 account_signup(struct db *, const struct conf *, const char *,
		    const char *, const char *, const char *, const char *,
		    int64_t *, char **);
int		 account_change_password(struct db *, const struct conf *,
		    const struct actor *, const char *, const char *,
		    const char *, char **);
int		 account_set_language(struct db *, const struct actor *,
		    const char *);
int		 account_accept_rules(struct db *, const struct actor *, int);
bool		 account_language_valid(const char *);
void		 account_actor(const struct account *, const char *,
		    struct actor *);
int		 account_session_start(struct db *, int64_t, int *);

/* hashslot.c: a cap on concurrent argon2id checks across processes. */
int		 hashslot_hash(const struct conf *, const char *, char **);
bool		 hashslot_verify(const struct conf *, const char *,
		    const char *);

/* invite.c: invite codes. */
#define INVITE_CODE_LEN		14	/* "XXXX-XXXX-XXXX" */
#define INVITE_MAX_EXPIRY	(90 * 86400)
int		 invite_create(struct db *, const struct actor *, int, int,
		    char [INVITE_CODE_LEN + 1], int64_t *);
int		 invite_list(struct db *, const struct actor *,
		    struct invite ***, size_t *);
void		 invite_code_hash(const char *, char *, size_t);
bool		 invite_code_normalise(const char *, char *, size_t);

/* admin.c: account administration, each action checked and audited. */
int		 admin_list_accounts(struct db *, const struct actor *,
		    const char *, struct account ***, size_t *);
int		 admin_get_account(struct db *, const struct actor *, int64_t,
		    struct account **);
int		 admin_set_role(struct db *, const struct actor *, int64_t,
		    int);
#define ADMIN_REASON_MAX	500
int		 admin_set_disabled(struct db *, const struct actor *, int64_t,
		    bool, const char *);
int		 admin_reset_password(struct db *, const struct conf *,
		    const struct actor *, int64_t, char **);
int		 admin_audit_list(struct db *, const struct actor *, int64_t,
		    int64_t, int, struct audit_entry ***, size_t *);
int		 admin_create_account(struct db *, const struct conf *,
		    const struct actor *, const char *, int, const char *,
		    bool, int64_t *, char **);

/* audit helpers shared by the domain files. */
int		 audit_record(struct db *, const struct actor *, const char *,
		    const char *, int64_t, const char *, const char *, bool);
int		 audit_view(struct db *, const struct actor *, const char *,
		    const char *, int64_t, const char *, const char *);

/* sshkey.c: public keys in authorized_keys form. */
#define SSHKEY_MAX_PER_ACCOUNT	10
int		 sshkey_parse(const char *, char **, char **, char **,
		    char **, char **);
int		 sshkey_add(struct db *, const struct actor *, const char *,
		    char **);
int		 sshkey_remove(struct db *, const struct actor *, int64_t);
int		 sshkey_list(struct db *, const struct actor *,
		    struct pubkey ***, size_t *);

/* auth.c: password and key checks for the session process. */
enum auth_result {
	AUTH_OK = 0,
	AUTH_FAIL,		/* wrong name, password or key: one answer */
	AUTH_ERROR,		/* the database failed */
};

enum auth_result auth_password(struct db *, const struct conf *,
		    const char *, const char *, const char *, int64_t *);
enum auth_result auth_pubkey(struct db *, const struct conf *, const char *,
		    const char *, const char *, bool, int64_t *);
int		 auth_throttle_delay_ms(const struct conf *, int);
int		 auth_pending_delay_ms(struct db *, const struct conf *,
		    const char *, const char *);

/* rules.c: the community rules and data-use statement from content/. */
struct rules {
	int	 version;
	char	*text;
};

int		 rules_load(const struct conf *, const char *, struct rules *,
		    char **);
void		 rules_clear(struct rules *);

/* demo.c: a demo community. */
#define DEMO_PASSWORD	"mirall-demo-2026"
int		 demo_create(struct db *, const struct conf *, char **);
int		 demo_care(struct db *, const struct conf *, char **, char **);
int		 demo_messages(struct db *, const struct conf *, char **,
		    char **);
int		 demo_modules(struct db *, const struct conf *, char **,
		    char **);
int		 demo_forum_load(struct db *, const struct conf *, const char *,
		    char **);
int		 demo_research(struct db *, const struct conf *, char **,
		    char **);
int		 demo_enrolments(struct db *, char **);
struct instrument_score;
bool		 demo_in_score(const struct instrument_score *, int);

/*
 * patterns.c: the anonymity and risk checks on text, PCRE2 patterns read
 * from content/patterns/ and compiled once per process.  patterns_load
 * fails with "FILE:LINE: message at offset N"; patterns_check returns the
 * PAT_BIT of every kind found (an error while matching counts as found)
 * and must not be called before a successful patterns_load.
 */
enum pattern_kind {
	PAT_CONTACT = 0,	/* phone, e-mail, URL, DNI/NIE */
	PAT_RISK,		/* suicidal ideation, self-harm */
	PAT_BANNED,		/* words the community does not accept */
	PAT_COUNT
};
#define PAT_BIT(k)	(1U << (k))

int		 patterns_load(const struct conf *, char **);
void		 patterns_free(void);
unsigned	 patterns_check(const char *);
const char	*patterns_file(int);

/*
 * crisis.c: the crisis card from content/crisis/, per language, English
 * the fallback.  On ST_IOERR *text is still a short built-in card to show.
 */
int		 crisis_card(const struct conf *, const char *, char **,
		    char **);
int		 crisis_check(const struct conf *, char **);

/*
 * alert.c: risk alerts R1 to R8 (safety spec): raising them with their
 * priority and response target (counted in staffed hours), who sees
 * which, and their lifecycle: acknowledge, record actions, close, and
 * escalation (R8) of an alert nobody acknowledged by its target.
 * alert_configure gives the process the staffed hours and coordinators.
 */
#define ALERT_NOTE_MAX	2000		/* characters of an action's note */

void		 alert_configure(const struct conf *);
int		 alert_raise(struct db *, const struct actor *, const char *,
		    int64_t, const char *, int64_t, const char *);
int64_t		 alert_due_for(const char *, int64_t);
const char	*alert_rule_label(const char *);
const char	*alert_priority_label(int);
const char	*alert_action_label(int);
bool		 alert_visible(const struct actor *, const struct alert *);
int		 alert_escalate(struct db *, const struct actor *);
int		 alert_queue(struct db *, const struct actor *, int64_t,
		    struct alert ***, size_t *);
int		 alert_counts(struct db *, const struct actor *, int64_t *,
		    int64_t *);
int		 alert_open(struct db *, const struct actor *, int64_t,
		    struct alert **);
int		 alert_acknowledge(struct db *, const struct actor *, int64_t);
int		 alert_record_action(struct db *, const struct actor *,
		    int64_t, int, const char *, char **);
int		 alert_close(struct db *, const struct actor *, int64_t);

/*
 * safety.c: "Help now" and the patient's own safety plan (safety spec).
 * help_now records that a patient asked for help now and raises R2 (one
 * open R2 from Help now per patient at a time, so pressing again does not
 * flood the queue); for anyone else it records nothing and succeeds.
 */
enum safety_section {
	SAFETY_WARNING_SIGNS = 0,	/* what tells me a crisis may be coming */
	SAFETY_WHAT_HELPS,		/* things I can do on my own */
	SAFETY_PEOPLE,			/* people and places that help */
	SAFETY_PROFESSIONALS,		/* professionals and services to call */
	SAFETY_SURROUNDINGS,		/* making my surroundings safe */
	SAFETY_SECTIONS
};

#define SAFETY_SECTION_MAX	2000	/* characters of one section */

struct safety_plan {
	char		*section[SAFETY_SECTIONS];	/* "" when empty */
	int64_t		 updated_at;			/* 0: never written */
};

const char	*safety_section_label(int);
const char	*safety_section_hint(int);
int		 help_now(struct db *, const struct actor *);
int		 safety_plan_get(struct db *, const struct actor *,
		    struct safety_plan *);
int		 safety_plan_save(struct db *, const struct actor *,
		    const struct safety_plan *, char **);
void		 safety_plan_clear(struct safety_plan *);
int		 safety_plan_read(struct db *, const struct actor *, int64_t,
		    struct safety_plan *);

/* board.c: boards, who reads and posts in them, their administration. */
#define BOARD_NAME_MAX		60
#define BOARD_DESC_MAX		300
bool		 board_may_read(const struct actor *, const struct board *);
bool		 board_may_post(const struct actor *, const struct board *);
int		 board_list(struct db *, const struct actor *, struct board ***,
		    size_t *);
int		 board_get(struct db *, const struct actor *, int64_t,
		    struct board **);
int		 board_save(struct db *, const struct actor *, struct board *,
		    char **);
int		 board_move(struct db *, const struct actor *, int64_t, int);
int		 board_unread_total(struct db *, const struct actor *,
		    int64_t *);

/* forum.c: threads and posts as a member sees and writes them. */
struct post_result {
	int64_t		 thread_id;
	int64_t		 post_id;
	int		 state;		/* enum post_state */
	unsigned	 hold;		/* POST_HOLD_* */
	unsigned	 found;		/* PAT_BIT of what the checks found */
};

int		 forum_threads(struct db *, const struct actor *, int64_t,
		    size_t, size_t, struct thread ***, size_t *, int64_t *);
int		 forum_thread(struct db *, const struct actor *, int64_t,
		    struct thread **);
int		 forum_posts(struct db *, const struct actor *, int64_t, size_t,
		    size_t, struct post ***, size_t *, int64_t *);
int		 forum_post(struct db *, const struct actor *, int64_t,
		    struct post **);
int		 forum_post_index(struct db *, const struct actor *, int64_t,
		    int64_t, size_t *);
int		 forum_first_unread(struct db *, const struct actor *, int64_t,
		    size_t *);
int		 forum_mark_read(struct db *, const struct actor *, int64_t,
		    int64_t);
int		 forum_posting_suspended(struct db *, const struct actor *,
		    int64_t *, char **);
int		 forum_new_thread(struct db *, const struct conf *,
		    const struct actor *, int64_t, const char *, const char *,
		    struct post_result *, char **);
int		 forum_reply(struct db *, const struct conf *,
		    const struct actor *, int64_t, const char *,
		    struct post_result *, char **);
int		 forum_edit(struct db *, const struct conf *,
		    const struct actor *, int64_t, const char *, const char *,
		    struct post_result *, char **);
int		 forum_delete(struct db *, const struct actor *, int64_t);
bool		 forum_may_edit(const struct actor *, const struct post *);
bool		 forum_may_moderate(const struct actor *);

/* moderation.c: reports, the queue and moderators' actions. */
enum report_reason {
	REPORT_PERSONAL = 0,	/* personal details */
	REPORT_UNKIND,		/* unkind, offensive, discriminating */
	REPORT_SPAM,		/* spam, advertising, fund-raising */
	REPORT_MISINFO,		/* misleading medical information */
	REPORT_RISK,		/* worried about someone's safety */
	REPORT_OTHER,
	REPORT_COUNT
};

enum hide_reason {
	HIDE_PERSONAL = 0,	/* personal identifiers: edit and it returns */
	HIDE_ABUSE,
	HIDE_DISCRIMINATION,
	HIDE_SPAM,
	HIDE_MISINFO,
	HIDE_RECRUITMENT,
	HIDE_SELF_HARM_DETAIL,
	HIDE_COPIED,
	HIDE_OTHER,
	HIDE_COUNT
};

#define MOD_NOTE_MAX		500
const char	*report_reason_label(int);
const char	*hide_reason_label(int);
int		 mod_report(struct db *, const struct actor *, int64_t, int,
		    const char *);
int		 mod_queue(struct db *, const struct actor *, size_t, size_t,
		    struct post ***, size_t *);
int		 mod_queue_count(struct db *, const struct actor *, int64_t *,
		    int64_t *);
int		 mod_reports(struct db *, const struct actor *, int64_t,
		    struct report ***, size_t *);
int		 mod_approve(struct db *, const struct actor *, int64_t);
int		 mod_hide(struct db *, const struct actor *, int64_t, int,
		    const char *);
int		 mod_restore(struct db *, const struct actor *, int64_t);
int		 mod_lock(struct db *, const struct actor *, int64_t, bool);
int		 mod_pin(struct db *, const struct actor *, int64_t, bool);
int		 mod_move(struct db *, const struct actor *, int64_t, int64_t);
int		 mod_suspend(struct db *, const struct actor *, int64_t, int,
		    const char *);

/*
 * The monthly moderation report (safety spec): actions by reason, and the
 * time from entering the queue to a decision.
 */
enum mod_action {
	MODACT_APPROVE = 0,
	MODACT_HIDE,
	MODACT_RESTORE,
	MODACT_LOCK,
	MODACT_UNLOCK,
	MODACT_PIN,
	MODACT_UNPIN,
	MODACT_MOVE,
	MODACT_SUSPEND,
	MODACT_COUNT
};

struct mod_month {
	int64_t		 from;			/* the month, UTC */
	int64_t		 to;
	int64_t		 actions[MODACT_COUNT];
	int64_t		 hidden[HIDE_COUNT];	/* hides by reason */
	int64_t		 reports[REPORT_COUNT];	/* received, by reason */
	int64_t		 decided;		/* waiting posts decided */
	int64_t		 median_wait;		/* seconds; -1: none */
	int64_t		 waiting;		/* in the queue now */
};

const char	*mod_action_label(int);
int		 mod_month(struct db *, const struct actor *, int, int,
		    struct mod_month *);

/* library.c: the information library. */
#define ARTICLE_CATEGORY_MAX	40
int		 library_list(struct db *, const struct actor *,
		    struct article ***, size_t *);
int		 library_get(struct db *, const struct actor *, int64_t,
		    struct article **);
int		 library_save(struct db *, const struct conf *,
		    const struct actor *, struct article *, char **);
int		 library_mark_reviewed(struct db *, const struct actor *,
		    int64_t);
int		 library_archive(struct db *, const struct actor *, int64_t,
		    bool);
int		 library_import(struct db *, const struct conf *,
		    const struct actor *, const char *, char **);

/* search.c: full-text search of what the searcher may read. */
#define SEARCH_MAX_HITS		50
#define SEARCH_MAX_TERMS	8
char		*search_query(const char *);
int		 search_run(struct db *, const struct actor *, const char *,
		    struct search_hit ***, size_t *);

/* notify.c: the service's private notes to one account. */
int		 notify_list(struct db *, const struct actor *,
		    struct notification ***, size_t *);
int		 notify_unread(struct db *, const struct actor *, int64_t *);
int		 notify_mark_read(struct db *, const struct actor *);

/*
 * instrument.c / score.c: questionnaires as data.
 *
 * Each instrument is a definition file content/questionnaires/<id>.def
 * (items, option sets, scores, bands, cut-offs, alert rules) and one
 * string file per language, <id>.<lang>.txt; the format is documented in
 * content/questionnaires/README.md.  instruments_load reads and checks
 * them all once per process; a bad file is a load error naming
 * "FILE:LINE: what is wrong", never a run-time surprise.  The registry is
 * read-only afterwards: the pointers it hands out stay valid until the
 * next successful instruments_load or instruments_free.
 */
#include <limits.h>

#define INSTRUMENT_MAX_ITEMS	64	/* items of one instrument */
#define INSTRUMENT_MAX_SCORES	16	/* scores of one instrument */
#define INSTRUMENT_MAX_CHOICES	31	/* choices of one checklist */
#define INSTRUMENT_ID_MAX	32	/* bytes of any id */

enum instrument_licence {
	INSTRUMENT_FREE = 0,	/* text and scoring ship with Mirall */
	INSTRUMENT_OPERATOR,	/* the operator supplies the text */
};

#define ITEM_CRITICAL	0x1U	/* a risk item: never skipped, never 0 */
#define ITEM_OPTIONAL	0x2U	/* may be skipped */
#define ITEM_UNSCORED	0x4U	/* asked, in no score */

/* An option set: values in display order. */
struct instrument_options {
	char		*id;
	int		*values;
	size_t		 len;
	int		 min;
	int		 max;
};

/* A choice set of a checklist item. */
struct instrument_choices {
	char		*id;
	char		**choices;
	size_t		 len;
};

/* One item: exactly one of options and choices is set. */
struct instrument_item {
	int				 number;	/* 1..nitems */
	const struct instrument_options	*options;
	const struct instrument_choices	*choices;	/* a checklist */
	unsigned			 flags;		/* ITEM_* */
};

/* A band of a score, low and high inclusive. */
struct instrument_band {
	char		*id;
	int		 low;
	int		 high;
};

/* A score: (sum of (item value + offset)) x times. */
struct instrument_score {
	char			*id;
	int			*items;		/* item numbers */
	size_t			 nitems;
	int			 offset;
	int			 times;
	int			 min;		/* computed from the items */
	int			 max;
	char			*convention;	/* e.g. "0-27", "1-5" */
	struct instrument_band	*bands;		/* sorted by low */
	size_t			 nbands;
	bool			 has_cutoff;
	int			 cutoff;	/* the definition's default */
	bool			 has_rci;
	double			 rci_sd1;
	double			 rci_r;
	/* Outcome reporting (privacy spec): a case at or above caseness. */
	bool			 has_caseness;
	int			 caseness;
	bool			 has_reliable;
	int			 reliable;	/* a reliable change, points */
};

enum alert_subject {
	ALERT_ITEM = 0,		/* an item's value */
	ALERT_SCORE,		/* a score's value */
	ALERT_CHANGE,		/* a score's change from baseline */
};

enum alert_op {
	ALERT_EQ = 0,
	ALERT_GE,
	ALERT_LE,
	ALERT_GT,
	ALERT_LT,
};

/* An alert rule of a definition: "alert R5 score total >= cutoff". */
struct instrument_alert {
	int			 rule;		/* 1..6: R1..R6 */
	enum alert_subject	 subject;
	int			 item;		/* ALERT_ITEM */
	size_t			 score;		/* index in scores */
	enum alert_op		 op;
	bool			 cutoff;	/* compare with the cut-off */
	int			 value;		/* otherwise with this */
	int			 line;
};

struct instrument_strings;

#define INSTRUMENT_LANGS	3	/* en, es, ca: en is the fallback */

struct instrument {
	char				 *id;
	char				 *file;		/* the .def path */
	int				  version;
	char				 *name;		/* "PHQ-9" */
	int				  period;	/* days looked back */
	enum instrument_licence		  licence;
	char				 *citation;
	struct instrument_options	**options;
	size_t				  noptions;
	struct instrument_choices	**choices;
	size_t				  nchoices;
	struct instrument_item		 *items;
	size_t				  nitems;
	struct instrument_score		 *scores;
	size_t				  nscores;
	struct instrument_alert		 *alerts;
	size_t				  nalerts;
	struct instrument_strings	 *strings[INSTRUMENT_LANGS];
};

int		 instruments_load(const struct conf *, char **);
void		 instruments_free(void);
size_t		 instrument_count(void);
const struct instrument *instrument_at(size_t);
const struct instrument *instrument_find(const char *);
int		 instrument_score_index(const struct instrument *,
		    const char *);
const char	*instrument_text(const struct instrument *, const char *,
		    const char *);
size_t		 instrument_primary(const struct instrument *);
bool		 instrument_has_language(const struct instrument *,
		    const char *);
int		 instrument_available(const struct instrument *, const char *,
		    char **);
int		 instrument_ref_check(const char *, const char *, char **);
int		 instrument_cutoffs_check(const struct cutoffs *, char **);
int		 instrument_cutoff(const struct instrument *, size_t,
		    const struct cutoffs *, int *);

/*
 * score.c: scores, bands and alert rules from a definition.  Answers are
 * indexed by item number: the chosen value, or for a checklist item the
 * bit mask of its chosen choices (bit i: the i-th choice); SCORE_MISSING
 * when unanswered.  A missing item is never counted as 0.
 */
#define SCORE_MISSING		INT_MIN

struct answers {
	int	value[INSTRUMENT_MAX_ITEMS + 1];	/* [0] unused */
};

struct score_value {
	const struct instrument_score	*score;
	bool				 complete;	/* all items answered */
	int				 value;		/* when complete */
	const char			*band;		/* band id or NULL */
	const char			*convention;
};

struct score_result {
	const struct instrument	*instrument;
	struct answers		 answers;
	struct score_value	 scores[INSTRUMENT_MAX_SCORES];
	size_t			 nscores;
	bool			 complete;	/* every required item */
	bool			 unknown;	/* a critical item missing */
};

/* score_alerts: bit per rule; SCORE_ALERT_UNKNOWN: staff must look. */
#define SCORE_ALERT(r)		(1U << (r))
#define SCORE_ALERT_UNKNOWN	(1U << 0)
#define SCORE_RCI_RELIABLE	1.96

void		 score_answers_init(struct answers *);
int		 score_compute(const struct instrument *,
		    const struct answers *, struct score_result *);
const struct score_value *score_get(const struct score_result *,
		    const char *);
int		 score_alerts(const struct instrument *,
		    const struct score_result *, const struct score_result *,
		    const struct cutoffs *, unsigned *);
double		 score_rci(double, double, double, double);
bool		 score_rci_reliable(double);
int		 score_change(const struct instrument *, size_t, int, int);

/*
 * care.c: care teams and care levels.  care_patient is the one lookup of
 * a patient's clinical record for an action: anyone actor may not act on
 * is "not found".
 */
struct care_choice {
	int64_t		 id;
	char		*pseudonym;
	bool		 in_team;
};

const char	*care_level_label(int);
int		 care_team_choices(struct db *, const struct actor *, int64_t,
		    struct care_choice **, size_t *);
void		 care_choices_free(struct care_choice *, size_t);
int		 care_target(struct db *, const struct actor *, int64_t,
		    struct target *);
int		 care_patient(struct db *, const struct actor *, enum action,
		    int64_t, struct account **, struct target *);
int		 care_assign(struct db *, const struct actor *, int64_t,
		    int64_t, bool);
int		 care_set_level(struct db *, const struct actor *, int64_t,
		    int);
int		 care_current_level(struct db *, int64_t, int *, bool *);
int		 care_periods(struct db *, int64_t, int64_t *,
		    struct care_period **, size_t *);

/*
 * questionnaire.c: forms given to a patient (from the schedule or sent by
 * a professional), answering them item by item, submitting with the
 * alert rules of the definition, and the history of scores.
 */
struct quest {
	struct form			*form;
	const struct instrument		*in;
	const char			*lang;		/* of the text shown */
	bool				 fallback;	/* English instead */
	struct answers			 answers;
};

struct quest_outcome {
	struct score_result	 result;
	unsigned		 alerts;	/* SCORE_ALERT bits raised */
	bool			 show_score;	/* the deployment's choice */
	int64_t			 contact_by;	/* R1/R2: staff respond by */
	int			 missing;	/* required item left, or -1 */
};

struct quest_point {
	int64_t			 form_id;
	int64_t			 at;		/* completed */
	struct score_result	 result;
};

char		*quest_convention(const struct instrument *);
int		 quest_result(struct db *, const struct form *,
		    struct score_result *);
int		 quest_sync(struct db *, const struct conf *,
		    const struct actor *, int64_t);
int		 quest_due(struct db *, const struct conf *,
		    const struct actor *, struct form ***, size_t *);
int		 quest_open(struct db *, const struct actor *, const char *,
		    int64_t, struct quest *, char **);
void		 quest_close(struct quest *);
int		 quest_answer(struct db *, const struct actor *,
		    struct quest *, size_t, int);
int		 quest_skip(struct db *, const struct actor *, struct quest *,
		    size_t);
int		 quest_missing(const struct quest *);
int		 quest_submit(struct db *, const struct conf *,
		    const struct actor *, struct quest *,
		    struct quest_outcome *);
int		 quest_send(struct db *, const struct conf *,
		    const struct actor *, int64_t, const char *, char **);
int		 quest_history(struct db *, const struct conf *,
		    const struct actor *, int64_t, const char *,
		    struct quest_point **, size_t *);
void		 quest_points_free(struct quest_point *, size_t);
int		 quest_sweep(struct db *, const struct conf *,
		    const struct actor *, size_t *);

/*
 * caseload.c: a professional's patients, most in need first: an open
 * alert, then a latest score at R4 or R5, then missed forms.
 */
enum caseload_need {
	NEED_ALERT = 0,
	NEED_SCORE,
	NEED_FORMS,
	NEED_NONE,
};

struct caseload_entry {
	int64_t			 patient_id;
	char			*pseudonym;
	int			 level;		/* enum care_level */
	enum caseload_need	 need;
	int			 top_priority;	/* of her open alerts */
	int64_t			 open_alerts;
	int64_t			 missed;	/* forms, recently */
	char			*reason;	/* translated */
	int64_t			 last_login;
};

int		 caseload_list(struct db *, const struct conf *,
		    const struct actor *, const char *,
		    struct caseload_entry **, size_t *);
void		 caseload_free(struct caseload_entry *, size_t);
/* A patient's first (baseline) and latest score of one instrument. */
struct caseload_score {
	bool			 has;
	int64_t			 at;		/* the latest, completed */
	struct score_result	 latest;
	bool			 has_base;	/* a first one besides it */
	struct score_result	 base;
};

int		 caseload_open(struct db *, const struct conf *,
		    const struct actor *, int64_t, struct account **,
		    struct caseload_score **);

/*
 * seal.c: encryption at rest of private texts (XChaCha20-Poly1305 under
 * a per-purpose subkey of a master key from a 0600 key ring file).  A
 * record is bound to its place: the same blob in another row, table or
 * conversation does not open.
 */
#define SEAL_MAX_KEYS	64

enum seal_purpose {
	SEAL_MESSAGES = 1,	/* private message bodies */
	SEAL_MIRROR,		/* mirror-experience texts */
	SEAL_MODULES,		/* exercise answers, feedback, journal */
};

struct seal_place {
	enum seal_purpose	 purpose;
	const char		*table;
	int64_t			 row;
	int64_t			 conversation;
};

int		 seal_create(const char *, char **);
int		 seal_load(const char *, char **);
void		 seal_unload(void);
int		 seal_add_key(const char *, uint32_t *, char **);
uint32_t	 seal_current(void);
uint32_t	 seal_key_of(const unsigned char *, size_t);
int		 seal_encrypt(const struct seal_place *, const void *, size_t,
		    unsigned char **, size_t *);
int		 seal_decrypt(const struct seal_place *, const unsigned char *,
		    size_t, char **, size_t *);
int		 seal_setup(const struct conf *, bool, bool *, char **);
int		 seal_refresh(void);
int		 seal_text(enum seal_purpose, const char *, int64_t, int64_t,
		    const char *, struct sealed *);
char		*seal_open(enum seal_purpose, const char *, int64_t, int64_t,
		    const struct sealed *);
int		 seal_kept(char **, int);

/*
 * rotate.c: key rotation.  rotate_run adds a key to the ring (it becomes
 * current) and re-seals every record left under an older key, in
 * transactions of batch rows, so a running bbsd is never locked out for
 * long; *moved is how many records were re-sealed.  Run again, it
 * finishes what an interrupted run left.
 */
int		 rotate_run(struct db *, const struct conf *,
		    const struct actor *, size_t, bool, int64_t *, char **);
int		 rotate_pending(struct db *, int64_t *);
int		 rotate_verify(struct db *, const struct conf *, char **);

/*
 * message.c: private conversations (roles spec, "private messages").
 * A patient writes to her care team, or to the shared inbox that every
 * professional sees while she has none; a professional writes to any
 * patient and to staff; moderators and admins write to staff.  Who may
 * see a conversation: its members; for a patient's conversation with
 * her care team, also the professionals caring for her now; for one in
 * the shared inbox, every professional.  Anything else is "not found".
 * Every read of a patient's conversation by staff is audited.  Texts are
 * sealed before they reach the database.
 */
#define MESSAGE_SUBJECT_MAX	100	/* code points */
#define MESSAGE_BODY_MAX	4000	/* code points */

enum msg_report_reason {
	MSG_REPORT_ABUSE = 0,	/* abusive, unkind or inappropriate */
	MSG_REPORT_RISK,	/* worried about someone's safety: R3 */
	MSG_REPORT_OTHER,
	MSG_REPORT_COUNT
};

enum msg_report_outcome {
	MSG_OUTCOME_NONE = 1,	/* nothing against the rules */
	MSG_OUTCOME_REMINDED,	/* the author was reminded of the rules */
	MSG_OUTCOME_CLINICAL,	/* passed to the clinical team */
	MSG_OUTCOME_COUNT
};

int		 message_start(struct db *, const struct conf *,
		    const struct actor *, const char *, const char *,
		    const char *, int64_t *, char **);
int		 message_reply(struct db *, const struct conf *,
		    const struct actor *, int64_t, const char *, int64_t *,
		    char **);
int		 message_list(struct db *, const struct actor *, bool,
		    struct conversation ***, size_t *);
int		 message_open(struct db *, const struct actor *, int64_t,
		    struct conversation **, struct message ***, size_t *);
int		 message_take(struct db *, const struct actor *, int64_t);
int		 message_archive(struct db *, const struct actor *, int64_t,
		    bool);
int		 message_counts(struct db *, const struct actor *, int64_t *,
		    int64_t *);
bool		 message_may_start(const struct actor *);
const char	*message_report_reason_label(int);
const char	*message_report_outcome_label(int);
int		 message_report(struct db *, const struct actor *, int64_t,
		    int, int64_t *);
int		 message_report_queue(struct db *, const struct actor *,
		    struct message_report ***, size_t *);
int		 message_report_count(struct db *, const struct actor *,
		    int64_t *);
int		 message_report_read(struct db *, const struct actor *,
		    int64_t, struct message_report **, struct message **);
int		 message_report_resolve(struct db *, const struct actor *,
		    int64_t, int);
int		 message_find(struct db *, const struct actor *, int64_t,
		    struct conversation **);
/* For mirror.c: inside the caller's transaction. */
int		 message_create_mirror(struct db *, int64_t, int64_t, int64_t,
		    int64_t, const char *, int64_t *);

/*
 * mirror.c: mirror experiences.  A patient (or expert patient) asks to
 * talk with someone who lived the same; a professional picks an
 * available expert patient (those whose topics match come first) and
 * proposes; the expert accepts or declines with a reason; on acceptance
 * a three-party conversation opens (patient, expert, the professional,
 * who sees everything and closes it); at closing patient and expert rate
 * it 1 to 5.  Every change of state is kept with its time.  Each party
 * sees the others by pseudonym only.
 */
enum mirror_topic {
	TOPIC_RECONSTRUCTION = 0,	/* breast reconstruction */
	TOPIC_WORK,			/* returning to work */
	TOPIC_RECURRENCE,		/* fear of recurrence */
	TOPIC_CHILDREN,			/* telling the children */
	TOPIC_BODY,			/* body image and intimacy */
	TOPIC_FATIGUE,			/* tiredness and energy */
	TOPIC_AFTER,			/* life after treatment ends */
	TOPIC_OTHER,			/* something else: the details say */
	MIRROR_TOPIC_COUNT
};

#define MIRROR_TEXT_MAX		1000	/* code points of a request text */
#define MIRROR_NOTE_MAX		500	/* of a reason or a comment */

const char	*mirror_topic_label(int);
const char	*mirror_state_label(int);
int		 mirror_request(struct db *, const struct actor *, int,
		    const char *, const char *, int64_t *, char **);
int		 mirror_mine(struct db *, const struct actor *,
		    struct mirror_request ***, size_t *);
int		 mirror_queue(struct db *, const struct actor *,
		    struct mirror_request ***, size_t *);
int		 mirror_proposals(struct db *, const struct actor *,
		    struct mirror_request ***, size_t *);
int		 mirror_get(struct db *, const struct actor *, int64_t,
		    struct mirror_request **, struct mirror_event **,
		    size_t *);
int		 mirror_suggest(struct db *, const struct actor *, int64_t,
		    struct expert_profile **, size_t *);
int		 mirror_propose(struct db *, const struct actor *, int64_t,
		    int64_t, char **);
int		 mirror_accept(struct db *, const struct actor *, int64_t,
		    int64_t *);
int		 mirror_decline(struct db *, const struct actor *, int64_t,
		    const char *, char **);
int		 mirror_cancel(struct db *, const struct actor *, int64_t,
		    const char *, char **);
int		 mirror_close(struct db *, const struct actor *, int64_t);
int		 mirror_rate(struct db *, const struct actor *, int64_t, int,
		    const char *, char **);
int		 mirror_ratings(struct db *, const struct actor *, int64_t,
		    struct mirror_rating **, size_t *);
int		 mirror_profile_get(struct db *, const struct actor *,
		    struct expert_profile *);
int		 mirror_profile_set(struct db *, const struct actor *,
		    unsigned, bool);
int		 mirror_counts(struct db *, const struct actor *, int64_t *);
/* For message.c: a message in a mirror conversation (caller's txn). */
int		 mirror_note_message(struct db *, int64_t);
/* For consent.c: an expert patient withdrew (closes hers gracefully). */
int		 mirror_expert_withdrawn(struct db *, const struct actor *,
		    int64_t, int64_t *);
int		 mirror_member_withdrawn(struct db *, const struct actor *,
		    int64_t, int64_t *);

/*
 * chart.c: a score's course over time drawn as text lines that fit a
 * width, with the band boundaries marked, in UTF-8 block characters or
 * plain ASCII.  Pure text: the UI puts the lines on screen.
 */
struct chart_point {
	int64_t		 t;		/* when the form was completed */
	int		 value;
	int		 change;	/* -1 reliably better, 1 worse, 0 */
};

struct chart_band {
	int		 low;		/* inclusive */
	int		 high;
	const char	*label;		/* short, already translated */
};

struct chart {
	const char		*title;		/* already translated */
	int			 min;		/* the score's range */
	int			 max;
	const struct chart_band	*bands;		/* sorted by low */
	size_t			 nbands;
	const struct chart_point *points;	/* sorted by t */
	size_t			 npoints;
};

char		**chart_render(const struct chart *, int, bool, size_t *);
void		 chart_free(char **, size_t);


/*
 * module_def.c: self-help modules as data (content/modules/<id>/<lang>.txt,
 * format in content/modules/README.md).  modules_load reads and checks
 * every module and language once per process; each error names the file
 * and line.  A translation must have the default language's structure.
 */
#define MODULE_ID_MAX		33	/* bytes of an id, NUL too */
#define MODULE_ITEMS_MAX	20	/* checklist options */

enum exercise_kind {
	EX_TEXT = 0,		/* free text, the editor */
	EX_RATING,		/* 0 to 10 */
	EX_CHECKLIST,		/* any of the items */
	EX_THOUGHT_RECORD,	/* the fixed fields of a thought record */
	EX_ACTIVITY_PLAN,	/* rows: what, when, done, mood before/after */
	EX_KIND_COUNT
};

struct module_exercise {
	char		 id[MODULE_ID_MAX];
	enum exercise_kind kind;
	char		*prompt;
	char		*low;		/* rating: what 0 means */
	char		*high;		/* rating: what 10 means */
	char		**items;	/* checklist */
	size_t		 nitems;
	bool		 optional;
	size_t		 session;	/* 0-based */
	size_t		 page;		/* 0-based, within the session */
};

struct module_page {
	char		*title;
	char		*body;		/* body text as written (see README) */
	size_t		 first;		/* its exercises: index into */
	size_t		 nexercises;	/* module->exercises */
};

struct module_session {
	char			*title;
	struct module_page	*pages;
	size_t			 npages;
};

struct module {
	char			 id[MODULE_ID_MAX];
	char			 lang[8];
	int			 version;
	bool			 all_at_once;	/* @unlock all */
	char			*title;
	char			*about;
	struct module_session	*sessions;
	size_t			 nsessions;
	struct module_exercise	*exercises;	/* all, in order */
	size_t			 nexercises;
	char			*path;		/* the file read */
};

/* A block of body text: what the UI wraps and draws. */
enum module_block_kind {
	BLOCK_PARAGRAPH = 0,
	BLOCK_HEADING,
	BLOCK_BULLET,
	BLOCK_NUMBERED,
};

struct module_block {
	enum module_block_kind	 kind;
	int			 number;	/* BLOCK_NUMBERED */
	char			*text;	/* joined lines; *emphasis* kept */
};

int		 modules_load(const struct conf *, char **);
void		 modules_free(void);
size_t		 modules_count(void);
const struct module *modules_at(size_t, const char *, bool *);
const struct module *modules_get(const char *, const char *, bool *);
const struct module_exercise *module_exercise(const struct module *,
		    const char *);
int		 module_parse_file(const char *, const char *,
		    struct module **, char **);
void		 module_free(struct module *);
int		 module_blocks(const char *, struct module_block **, size_t *);
void		 module_blocks_free(struct module_block *, size_t);
const char	*exercise_kind_name(int);

/*
 * programme.c: a patient's programme of modules (issue 7).  Professionals
 * assign modules to patients in their care (optionally unlocking one
 * session every N days); the patient works through them at her own pace:
 * sessions unlock in order (or all at once), exercises are saved as typed
 * (drafts) and submitted; a session is complete when its required
 * exercises are submitted and she finishes it.  Her professional reads
 * what she submitted (audited) and writes feedback, which she sees marked
 * new.  Every step is recorded as an event for adherence and research
 * counts.  Answers and feedback are sealed (seal.c) like messages.
 */
#define THOUGHT_TEXTS		6	/* situation, automatic thought,
					   emotion, evidence for, evidence
					   against, balanced thought */
#define ACTIVITY_ROWS_MAX	14
#define EXERCISE_TEXT_MAX	4000	/* code points of one text */
#define FEEDBACK_MAX		4000

enum thought_field {
	THOUGHT_SITUATION = 0,
	THOUGHT_AUTOMATIC,
	THOUGHT_EMOTION,
	THOUGHT_FOR,
	THOUGHT_AGAINST,
	THOUGHT_BALANCED,
};

struct activity_row {
	char		*what;
	char		*when;
	int		 done;		/* -1 not yet said, 0 no, 1 yes */
	int		 before;	/* mood 0-10, -1 none */
	int		 after;
};

struct exercise_feedback {
	int64_t		 id;
	char		*author;	/* pseudonym */
	char		*text;		/* opened; NULL: cannot be */
	int64_t		 at;
	int64_t		 seen_at;	/* 0: not yet seen by the patient */
};

struct exercise_answer {
	int64_t		 id;		/* 0: nothing saved yet */
	int64_t		 assignment_id;
	char		 module[MODULE_ID_MAX];
	char		 exercise[MODULE_ID_MAX];
	enum exercise_kind kind;
	bool		 submitted;
	int64_t		 updated_at;
	int64_t		 submitted_at;
	char		*text;				/* EX_TEXT */
	int		 rating;			/* EX_RATING, -1 */
	uint32_t	 checks;			/* EX_CHECKLIST */
	char		*thought[THOUGHT_TEXTS];	/* EX_THOUGHT_RECORD */
	int		 intensity;			/* 0-100, -1 */
	int		 new_intensity;			/* 0-100, -1 */
	struct activity_row rows[ACTIVITY_ROWS_MAX];	/* EX_ACTIVITY_PLAN */
	size_t		 nrows;
	struct exercise_feedback *feedback;
	size_t		 nfeedback;
	bool		 unreadable;	/* sealed text that did not open */
};

struct session_state {
	bool		 unlocked;
	int64_t		 unlocks_at;	/* 0: now or by order */
	int64_t		 due_at;	/* homework due, 0: none */
	int		 last_page;	/* where she stopped, 0-based */
	int64_t		 started_at;
	int64_t		 completed_at;
	size_t		 required;	/* exercises to submit */
	size_t		 submitted;
};

struct programme_item {
	int64_t			 assignment_id;
	int64_t			 patient_id;
	char			 module[MODULE_ID_MAX];
	const struct module	*def;		/* in the reader's language */
	bool			 fallback;	/* not in her language */
	int			 every_days;	/* 0: no schedule */
	int64_t			 assigned_at;
	char			*assigned_by;	/* pseudonym */
	int64_t			 completed_at;	/* 0: not yet */
	struct session_state	*sessions;	/* def->nsessions */
	size_t			 sessions_done;
	size_t			 exercises_submitted;
	size_t			 exercises_required;
	int64_t			 last_activity;
	int64_t			 new_feedback;	/* not yet seen */
	int			 next_session;	/* -1: none open to do */
};

struct adherence {
	int64_t		 modules_assigned;
	int64_t		 modules_completed;
	int64_t		 sessions_assigned;
	int64_t		 sessions_completed;
	int64_t		 exercises_submitted;
	int64_t		 last_activity;	/* 0: never */
};

struct journal_entry {
	int64_t		 id;
	char		*text;		/* opened; NULL: cannot be */
	bool		 shared;
	int64_t		 created_at;
	int64_t		 updated_at;
	bool		 unreadable;
};

int		 programme_list(struct db *, const struct conf *,
		    const struct actor *, int64_t, const char *,
		    struct programme_item **, size_t *);
void		 programme_free(struct programme_item *, size_t);
int		 programme_assign(struct db *, const struct conf *,
		    const struct actor *, int64_t, const char *, int,
		    char **);
int		 programme_open_session(struct db *, const struct actor *,
		    int64_t, size_t, char **);
int		 programme_position(struct db *, const struct actor *,
		    int64_t, size_t, int);
int		 programme_finish_session(struct db *, const struct actor *,
		    int64_t, size_t, char **);
int		 programme_answer_get(struct db *, const struct actor *,
		    int64_t, const char *, struct exercise_answer **);
int		 programme_answer_save(struct db *, const struct actor *,
		    int64_t, const char *, const struct exercise_answer *,
		    bool, char **);
void		 exercise_answer_free(struct exercise_answer *);
void		 exercise_answers_free_list(struct exercise_answer **,
		    size_t);
int		 exercise_check(const struct module_exercise *,
		    const struct exercise_answer *, bool, char **);
int		 programme_submitted(struct db *, const struct actor *,
		    int64_t, struct exercise_answer ***, size_t *);
int		 programme_feedback(struct db *, const struct actor *,
		    int64_t, const char *, char **);
int		 programme_feedback_seen(struct db *, const struct actor *,
		    int64_t);
int		 programme_counts(struct db *, const struct conf *,
		    const struct actor *, int64_t *, int64_t *);
int		 programme_adherence(struct db *, const struct actor *,
		    int64_t, struct adherence *);
int		 journal_write(struct db *, const struct actor *,
		    const char *, bool, int64_t *, char **);
int		 journal_update(struct db *, const struct actor *, int64_t,
		    const char *, char **);
int		 journal_share(struct db *, const struct actor *, int64_t,
		    bool);
int		 journal_list(struct db *, const struct actor *, int64_t,
		    struct journal_entry **, size_t *);
void		 journal_entries_free(struct journal_entry *, size_t);

/*
 * consent.c: consent per purpose (privacy spec, "Consent").  Care
 * participation is needed for any use; community participation for the
 * boards and mirror experiences; expert patient for being matched as a
 * mentor; research use per study for appearing in its exports and
 * aggregates.  Each purpose has a versioned information text per
 * language under content/consent/; every decision is a new row with the
 * text's version and hash, the time and who recorded it, and audited.
 * Consent applies to patients and expert patients only.
 */
enum consent_purpose {
	CONSENT_CARE = 0,
	CONSENT_COMMUNITY,
	CONSENT_EXPERT,
	CONSENT_RESEARCH,	/* one per study */
	CONSENT_PURPOSES
};

#define STUDY_ID_MAX	32	/* [a-z][a-z0-9_]*, at most this long */

int		 consent_texts_load(const struct conf *, char **);
void		 consent_texts_free(void);
bool		 consent_applies(int, enum consent_purpose);
int		 consent_allows(struct db *, const struct actor *,
		    enum consent_purpose, bool *);
int		 consent_given(struct db *, int64_t, enum consent_purpose,
		    const char *, bool *);
int		 consent_record(struct db *, const struct actor *, int64_t,
		    enum consent_purpose, const char *, bool, const char *);
int		 consent_research_ids(struct db *, const char *, int64_t **,
		    size_t *);

/*
 * One line of a person's consents (Account screen, first login): a
 * purpose, or one study for research.  version is the text she decided
 * on (0: undecided), text_version the text now; at is when she decided.
 */
struct consent_state {
	enum consent_purpose	 purpose;
	char			 study[STUDY_ID_MAX + 1]; /* research only */
	char			*title;		/* the study's, or NULL */
	bool			 recruiting;	/* the study takes people */
	bool			 decided;
	bool			 given;
	int			 version;
	int			 text_version;
	int64_t			 at;
};

const char	*consent_purpose_name(enum consent_purpose);
int		 consent_purpose_parse(const char *);
const char	*consent_purpose_label(enum consent_purpose);
int		 consent_text(enum consent_purpose, const char *,
		    const char *, char **, int *, const char **);
int		 consent_require(struct db *, const struct actor *,
		    enum consent_purpose);
int		 consent_list(struct db *, const struct actor *, int64_t,
		    struct consent_state **, size_t *);
int		 consent_pending(struct db *, const struct actor *, int64_t,
		    struct consent_state **, size_t *);
void		 consent_states_free(struct consent_state *, size_t);
int		 consent_withdraw(struct db *, const struct actor *, int64_t,
		    enum consent_purpose, const char *, const char *, int,
		    int64_t *);

/*
 * study.c: research studies.  An admin (or the operator) registers a
 * study: its id, title, protocol version, instruments and how schedule
 * windows map to REDCap events.  Its secret key lives in a file of its
 * own, mode 0600, outside the database; a participant's record id in
 * the study is the first 10 characters of base32(HMAC-SHA-256(key,
 * internal patient id)): stable in a study, unlinkable across studies.
 */
#define STUDY_RECORD_ID_LEN	10

struct study_event {
	char		*window;	/* "enrolment", "programme+4w", ... */
	char		*event;		/* "baseline_arm_1", ... */
};

struct study {
	char			 id[STUDY_ID_MAX + 1];
	char			*title;
	char			*protocol;
	char			**instruments;
	size_t			 ninstruments;
	struct study_event	*events;
	size_t			 nevents;
	char			*key_file;
	bool			 recruiting;
	int64_t			 created_at;
};

int		 study_create(struct db *, const struct conf *,
		    const struct actor *, struct study *, char **);
int		 study_get(struct db *, const char *, struct study **);
int		 study_set_recruiting(struct db *, const struct actor *,
		    const char *, bool);
void		 study_add_instruments(struct study *, const char *);
int		 study_add_event(struct study *, const char *);
int		 study_list(struct db *, struct study ***, size_t *);
void		 study_free(struct study *);
void		 study_free_list(struct study **, size_t);
int		 study_record_id(const struct study *, int64_t,
		    char [STUDY_RECORD_ID_LEN + 1]);
int		 study_window_key(const struct conf *, const char *,
		    const char *, char *, size_t);
int		 study_exports(struct db *, const struct actor *, const char *,
		    struct study_export_row **, size_t *);

/* The key itself, and the event a window key goes to (export.c). */
#define STUDY_KEY_LEN		32
#define STUDY_EVENT_MAX		100	/* REDCap unique event names */
#define STUDY_INSTRUMENTS_MAX	10

int		 study_key_read(const char *, unsigned char [STUDY_KEY_LEN],
		    char **);
void		 study_record_id_key(const unsigned char [STUDY_KEY_LEN],
		    int64_t, char [STUDY_RECORD_ID_LEN + 1]);
int		 study_event_for(const struct study *, const char *, char *,
		    size_t, int *);
bool		 study_name_valid(const char *, size_t);

/* export.c: a study's export in REDCap's formats (privacy spec). */
#define MIRALL_VERSION	"0.8.0"	/* the software, in export manifests */
struct export_counts {
	int64_t		 records;	/* participants */
	int64_t		 rows;		/* rows of the long file */
	int64_t		 events;	/* rows of the engagement file */
	int64_t		 fields;	/* rows of the data dictionary */
};

int		 export_study(struct db *, const struct conf *,
		    const struct actor *, const char *, const char *,
		    struct export_counts *, char **);

/*
 * outcome.c: the outcomes the service reports (privacy spec, "Outcomes
 * the service reports"), per study (consenting patients only) or for the
 * whole service (the clinical lead).  Any cell of fewer than
 * OUTCOME_MIN_CELL patients is suppressed.
 */
#define OUTCOME_MIN_CELL	5

enum outcome_scope {
	OUTCOME_STUDY = 0,	/* one study's consenting patients */
	OUTCOME_RESEARCH,	/* consenting to any study */
	OUTCOME_SERVICE,	/* every patient: the clinical lead only */
};

/* k of n patients, with a 95% Wilson interval. */
struct outcome_share {
	int		 n;
	int		 k;
	double		 lo;		/* fractions, 0..1 */
	double		 hi;
	bool		 suppressed;
};

/* A mean over n patients (or a median of n events). */
struct outcome_mean {
	int		 n;
	double		 value;
	double		 sd;
	bool		 suppressed;
};

#define OUTCOME_MEASURES_MAX	4
#define OUTCOME_PRIORITIES	3	/* urgent, high, routine */

struct outcome_report {
	enum outcome_scope	 scope;
	char			 study[STUDY_ID_MAX + 1];
	char			 measures[OUTCOME_MEASURES_MAX][16];
	size_t			 nmeasures;
	int			 patients;	/* in scope */
	/* Reduced distress: started a programme above caseness. */
	int			 eligible;
	int			 completers;	/* with an end score */
	struct outcome_share	 improved_itt;
	struct outcome_share	 improved_completers;
	struct outcome_share	 deteriorated;
	struct outcome_share	 recovered;
	/* Quality of life (WHO-5 percent, baseline to end). */
	struct outcome_mean	 who5_change;
	struct outcome_share	 who5_improved10;
	/* Adherence. */
	struct outcome_share	 modules_completed;	/* of assigned */
	struct outcome_share	 forms_in_window;	/* of scheduled */
	/* Engagement, per patient. */
	struct outcome_mean	 active_days_week;
	struct outcome_mean	 posts;
	struct outcome_mean	 messages_to_staff;
	struct outcome_share	 mirror_completed;	/* of requested */
	/* Service quality, medians in hours. */
	struct outcome_mean	 first_reply_hours;
	struct outcome_mean	 alert_ack_hours[OUTCOME_PRIORITIES];
	struct outcome_mean	 alert_close_hours[OUTCOME_PRIORITIES];
	struct outcome_mean	 moderation_hours;
};

/*
 * outcome_wilson(k, n, &lo, &hi); outcome_share_set(s, k, n);
 * outcome_mean_set(m, n, value, sd).  A suppressed cell keeps only its n.
 * The alert times are by priority group: outcome_priority_label(i).
 */
void		 outcome_wilson(int, int, double *, double *);
void		 outcome_share_set(struct outcome_share *, int, int);
void		 outcome_share_suppress(struct outcome_share *);
void		 outcome_mean_set(struct outcome_mean *, int, double, double);
void		 outcome_mean_suppress(struct outcome_mean *);
const char	*outcome_priority_label(size_t);
const char	*outcome_scope_name(enum outcome_scope);
int		 outcome_compute(struct db *, const struct conf *,
		    const struct actor *, enum outcome_scope, const char *,
		    struct outcome_report *);
int		 outcome_print(FILE *, const struct outcome_report *);
int		 outcome_measures_check(const struct conf *, char **);

/*
 * rights.c: a patient's rights over her data (privacy spec, "Patients'
 * rights"): everything about her as JSON for an access request, who on
 * the staff looked at her data, and being forgotten by the community.
 */
struct access_entry {
	int64_t		 at;
	char		*who;		/* staff pseudonym */
	int		 role;
	char		*what;		/* the audit action */
};

#define FORGET_ANONYMISE	0	/* posts shown as "former member" */
#define FORGET_DELETE		1	/* posts deleted */

int		 rights_export_patient(struct db *, const struct conf *,
		    const struct actor *, const char *, FILE *, char **);
int		 rights_access_log(struct db *, const struct actor *,
		    struct access_entry **, size_t *);
void		 rights_access_free(struct access_entry *, size_t);
int		 rights_forget_posts(struct db *, const struct actor *,
		    int64_t, int, int64_t *);
int		 rights_forget(struct db *, const struct actor *, const char *,
		    int, char **);
const char	*rights_action_label(const char *);

#endif
