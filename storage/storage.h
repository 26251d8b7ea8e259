/*
 * storage.h: the public interface of the storage layer.
 *
 * Storage owns the SQLite file: opening it with the pragmas the security
 * spec requires, migrating its schema, and one table family per file.
 * Every function binds its values as parameters.  Storage functions that
 * write do not open transactions themselves: the caller (bbs/) wraps each
 * write, together with its audit row, in db_begin()/db_commit(), so the
 * access and its record commit or fail together.
 *
 * Storage includes neither bbs/ nor ui/.
 */
#ifndef STORAGE_H
#define STORAGE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One table of result codes for storage and domain functions. */
enum status {
	ST_OK = 0,
	ST_NOTFOUND,	/* no such record, or not one the caller may see */
	ST_EXISTS,	/* a unique value is taken */
	ST_INVALID,	/* a value breaks a rule */
	ST_DENIED,	/* the permission table said no */
	ST_EXPIRED,	/* an invite or one-time value ran out */
	ST_USED,	/* a single-use value was already used */
	ST_DISABLED,	/* the account may not log in */
	ST_BUSY,	/* the database stayed locked past the retries */
	ST_DBERR,	/* SQLite failed; details were logged */
	ST_TOONEW,	/* the database was written by a newer program */
	ST_IOERR,	/* a file could not be read or written */
};

/* status_str returns a short English description of a status code. */
const char	*status_str(int);

/* xmalloc.c: allocation that aborts on exhaustion. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list);
void	 fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/* db.c: connection, pragmas, migrations, transactions. */
struct db;

#define DB_SCHEMA_VERSION 8

/*
 * db_open opens (creating if asked) the database at path and migrates it to
 * DB_SCHEMA_VERSION.  On failure it returns a status and, when err is not
 * NULL, sets *err to an allocated message the caller frees.
 */
int	 db_open(const char *, bool, struct db **, char **);
void	 db_close(struct db *);
int	 db_begin(struct db *);
int	 db_commit(struct db *);
void	 db_rollback(struct db *);
int	 db_user_version(struct db *);
int	 db_integrity(struct db *, char **);
int	 db_backup(struct db *, const char *, char **);
int64_t	 db_data_version(struct db *);
int64_t	 db_now(void);

/* accounts.c */
struct account {
	int64_t	 id;
	char	*pseudonym;
	int	 role;
	char	*pwhash;
	bool	 disabled;
	bool	 must_change_password;
	char	 language[8];
	int	 rules_version;
	int	 failed_logins;		/* since the last successful login */
	int64_t	 created_at;
	int64_t	 last_login_at;
};

void	 account_free(struct account *);
void	 accounts_free_list(struct account **, size_t);
int	 accounts_create(struct db *, const char *, int, const char *, bool,
	    const char *, int64_t *);
int	 accounts_get(struct db *, int64_t, struct account **);
int	 accounts_find(struct db *, const char *, struct account **);
int	 accounts_list(struct db *, const char *, struct account ***, size_t *);
int	 accounts_count(struct db *, int64_t *);
int	 accounts_set_role(struct db *, int64_t, int);
int	 accounts_set_disabled(struct db *, int64_t, bool);
int	 accounts_set_password(struct db *, int64_t, const char *, bool);
int	 accounts_set_language(struct db *, int64_t, const char *);
int	 accounts_set_rules_version(struct db *, int64_t, int);
int	 accounts_login_succeeded(struct db *, int64_t, int64_t);
int	 accounts_login_failed(struct db *, int64_t);

/* keys.c: SSH public keys registered for login. */
struct pubkey {
	int64_t	 id;
	int64_t	 account_id;
	char	*type;
	char	*blob;		/* base64, as in authorized_keys */
	char	*fingerprint;	/* "SHA256:..." */
	char	*comment;
	int64_t	 created_at;
};

void	 keys_free(struct pubkey *);
void	 keys_free_list(struct pubkey **, size_t);
int	 keys_add(struct db *, int64_t, const char *, const char *,
	    const char *, const char *, int64_t *);
int	 keys_list(struct db *, int64_t, struct pubkey ***, size_t *);
int	 keys_remove(struct db *, int64_t, int64_t);
int	 keys_find(struct db *, const char *, struct pubkey **);

/* invites.c: single-use sign-up codes, stored only as hashes. */
struct invite {
	int64_t	 id;
	char	 hint[8];	/* first characters of the code, for lists */
	int	 role;
	int64_t	 created_by;
	char	*created_by_name;
	int64_t	 created_at;
	int64_t	 expires_at;
	int64_t	 used_by;	/* 0 while unused */
	char	*used_by_name;
	int64_t	 used_at;
};

void	 invite_free(struct invite *);
void	 invites_free_list(struct invite **, size_t);
int	 invites_create(struct db *, const char *, const char *, int, int64_t,
	    int64_t, int64_t *);
int	 invites_find(struct db *, const char *, struct invite **);
int	 invites_mark_used(struct db *, int64_t, int64_t, int64_t);
int	 invites_list(struct db *, int64_t, struct invite ***, size_t *);

/* throttle.c: failed-login counters that survive reconnects. */
int	 throttle_get(struct db *, const char *, int *, int64_t *);
int	 throttle_fail(struct db *, const char *, int64_t);
int	 throttle_reset(struct db *, const char *);

/* audit.c: the append-only, hash-chained audit trail. */
struct audit_entry {
	int64_t	 id;
	int64_t	 at;
	int64_t	 actor_id;	/* 0: the local operator (bbsctl) */
	char	*actor_name;
	char	*actor_role;
	char	*action;	/* "login", "account.role", ... */
	char	*object_type;	/* "account", "invite", ... or NULL */
	int64_t	 object_id;
	char	*patient;	/* pseudonym of the patient concerned, or NULL */
	char	*detail;	/* reason or short non-clinical detail */
	bool	 allowed;
	char	*source;	/* source address, or "local" */
};

void	 audit_entry_free(struct audit_entry *);
void	 audit_free_list(struct audit_entry **, size_t);
int	 audit_append(struct db *, const struct audit_entry *);
int	 audit_list(struct db *, int64_t, int64_t, int, struct audit_entry ***,
	    size_t *);
int	 audit_verify(struct db *, int64_t *, int64_t *);

/* boards.c: discussion boards. */
#define ROLE_BIT(r)	(1U << (r))

struct board {
	int64_t		 id;
	char		*name;
	char		*description;
	int		 position;
	unsigned	 read_roles;	/* ROLE_BIT of each role that reads */
	unsigned	 post_roles;	/* ROLE_BIT of each role that posts */
	bool		 premoderated;
	bool		 archived;
	int64_t		 threads;	/* threads the viewer sees (lists) */
	int64_t		 unread;	/* the viewer's new posts, capped */
};

void	 board_free(struct board *);
void	 boards_free_list(struct board **, size_t);
int	 boards_create(struct db *, const struct board *, int64_t *);
int	 boards_update(struct db *, const struct board *);
int	 boards_get(struct db *, int64_t, struct board **);
int	 boards_list(struct db *, bool, struct board ***, size_t *);
int	 boards_set_position(struct db *, int64_t, int);
int	 boards_count_threads(struct db *, int64_t, int64_t, bool, int64_t *);

/* threads.c: threads of posts in a board. */
struct thread {
	int64_t		 id;
	int64_t		 board_id;
	char		*board_name;
	char		*title;
	int64_t		 author_id;
	char		*author_name;
	int		 author_role;
	int64_t		 created_at;
	int64_t		 first_post_id;
	int		 state;		/* the opening post's state */
	bool		 pinned;
	bool		 locked;
	int64_t		 posts;		/* visible posts */
	int64_t		 last_post_id;	/* last visible post */
	int64_t		 last_post_at;
	int64_t		 last_read_id;	/* the viewer's mark (lists) */
};

void	 thread_free(struct thread *);
void	 threads_free_list(struct thread **, size_t);
int	 threads_create(struct db *, int64_t, const char *, int64_t, int64_t *);
int	 threads_get(struct db *, int64_t, int64_t, struct thread **);
int	 threads_list(struct db *, int64_t, int64_t, bool, size_t, size_t,
	    struct thread ***, size_t *);
int	 threads_set_title(struct db *, int64_t, const char *);
int	 threads_set_pinned(struct db *, int64_t, bool);
int	 threads_set_locked(struct db *, int64_t, bool);
int	 threads_move(struct db *, int64_t, int64_t);

/* posts.c: posts and their moderation state. */
enum post_state {
	POST_VISIBLE = 0,
	POST_PENDING,		/* waits for a moderator's approval */
	POST_HELD,		/* risk language: held from others */
	POST_REPORTED,		/* reported: hidden from others until decided */
	POST_HIDDEN,		/* hidden by a moderator */
};

/* Why a post was held for a moderator (bits). */
#define POST_HOLD_PREMODERATED	0x01
#define POST_HOLD_CONTACT	0x02
#define POST_HOLD_BANNED	0x04
#define POST_HOLD_RISK		0x08

struct post {
	int64_t		 id;
	int64_t		 thread_id;
	int64_t		 board_id;
	char		*thread_title;	/* queue and search rows */
	int64_t		 author_id;
	char		*author_name;
	int		 author_role;	/* the role when it was written */
	char		*body;
	int		 state;
	unsigned	 hold;
	bool		 urgent;
	int64_t		 created_at;
	int64_t		 edited_at;
	int64_t		 deleted_at;
	int64_t		 queued_at;
	int		 mod_reason;	/* -1: none */
	char		*mod_note;
	int64_t		 mod_at;
	int64_t		 reports;	/* unresolved reports (queue) */
};

void	 post_free(struct post *);
void	 posts_free_list(struct post **, size_t);
int	 posts_create(struct db *, int64_t, int64_t, int, const char *, int,
	    unsigned, bool, int64_t *);
int	 posts_get(struct db *, int64_t, struct post **);
int	 posts_list(struct db *, int64_t, int64_t, bool, size_t, size_t,
	    struct post ***, size_t *);
int	 posts_count(struct db *, int64_t, int64_t, bool, int64_t, int64_t *);
int	 posts_set_body(struct db *, int64_t, const char *);
int	 posts_delete(struct db *, int64_t);
int	 posts_set_state(struct db *, int64_t, int, unsigned, bool);
int	 posts_set_moderation(struct db *, int64_t, int, int, const char *,
	    int64_t);
int	 posts_queue(struct db *, size_t, size_t, struct post ***, size_t *);
int	 posts_queue_count(struct db *, int64_t *, int64_t *);

/* reports.c: members' reports of posts. */
struct report {
	int64_t		 id;
	int64_t		 post_id;
	int64_t		 reporter_id;
	char		*reporter_name;
	int		 reason;
	char		*note;
	int64_t		 created_at;
	int64_t		 resolved_at;
};

void	 report_free(struct report *);
void	 reports_free_list(struct report **, size_t);
int	 reports_create(struct db *, int64_t, int64_t, int, const char *,
	    int64_t *);
int	 reports_list(struct db *, int64_t, struct report ***, size_t *);
int	 reports_resolve(struct db *, int64_t, int64_t);
int	 reports_count_by_reason(struct db *, int64_t, int64_t, int64_t *,
	    size_t);

/* modlog.c: moderators' decisions, for the monthly report. */
struct modlog_row {
	int64_t		 at;
	char		 action[16];
	int		 reason;	/* -1: none */
	int64_t		 queued_at;	/* 0: it never waited in the queue */
};

int	 modlog_add(struct db *, const char *, int, int64_t, const char *,
	    int64_t, int64_t);
int	 modlog_list(struct db *, int64_t, int64_t, struct modlog_row **,
	    size_t *);
/* reads.c: what each account has read. */
#define READS_UNREAD_CAP	1000	/* counts stop here ("999+") */
int	 reads_floor(struct db *, int64_t, int64_t, int64_t *);
int	 reads_set_floor(struct db *, int64_t, int64_t, int64_t);
int	 reads_mark(struct db *, int64_t, int64_t, int64_t);
int	 reads_unread_board(struct db *, int64_t, int64_t, int64_t, int64_t *,
	    int64_t *);
int	 reads_max_post(struct db *, int64_t, int64_t *);
int	 reads_oldest_waiting(struct db *, int64_t, int64_t *);

/* suspensions.c: posting suspended for a period. */
int	 suspensions_add(struct db *, int64_t, int64_t, const char *, int64_t);
int	 suspensions_active(struct db *, int64_t, int64_t *, char **);
int	 suspensions_lift(struct db *, int64_t);

/* articles.c: the information library. */
struct article {
	int64_t		 id;
	char		*category;
	char		*title;
	char		*body;
	int64_t		 author_id;
	char		*author_name;
	int64_t		 created_at;
	int64_t		 updated_at;
	int64_t		 reviewed_at;
	bool		 archived;
};

void	 article_free(struct article *);
void	 articles_free_list(struct article **, size_t);
int	 articles_create(struct db *, const struct article *, int64_t *);
int	 articles_update(struct db *, const struct article *);
int	 articles_get(struct db *, int64_t, struct article **);
int	 articles_list(struct db *, bool, struct article ***, size_t *);
int	 articles_set_reviewed(struct db *, int64_t, int64_t);
int	 articles_set_archived(struct db *, int64_t, bool);

/* search.c: the full-text indexes (FTS5) and ranked queries. */
enum search_kind { SEARCH_POST, SEARCH_ARTICLE };

struct search_hit {
	int		 kind;
	int64_t		 id;		/* post or article */
	int64_t		 thread_id;	/* posts */
	char		*title;		/* thread or article title */
	char		*where;		/* board name or category */
	char		*author_name;
	int		 author_role;
	char		*snippet;	/* matches between \x01 and \x02 */
	int64_t		 created_at;
	double		 rank;
};

#define SEARCH_MARK_ON	'\x01'
#define SEARCH_MARK_OFF	'\x02'

void	 search_hit_free(struct search_hit *);
void	 search_free_list(struct search_hit **, size_t);
int	 search_index_post(struct db *, int64_t, bool);
int	 search_index_article(struct db *, int64_t, bool);
int	 search_posts(struct db *, const char *, unsigned, size_t,
	    struct search_hit ***, size_t *);
int	 search_articles(struct db *, const char *, size_t,
	    struct search_hit ***, size_t *);

/* notifications.c: private notes from the service to one account. */
enum notification_kind {
	NOTE_POST_HIDDEN = 1,	/* a moderator hid your post: reason, note */
	NOTE_POST_APPROVED,	/* your held post is now visible */
	NOTE_POST_RESTORED,	/* your hidden post is visible again */
	NOTE_SUSPENDED,		/* posting suspended until, note */
	NOTE_FORM_SENT,		/* a professional sent a questionnaire */
	NOTE_CHECKIN,		/* R7: we have not heard from you */
	NOTE_MODULE_ASSIGNED,	/* a module was added to her programme */
};

struct notification {
	int64_t		 id;
	int64_t		 account_id;
	int		 kind;
	int64_t		 object_id;	/* the post */
	int		 reason;
	char		*note;
	int64_t		 until;
	int64_t		 created_at;
	int64_t		 read_at;
	char		*thread_title;	/* of the post, when there is one */
};

void	 notification_free(struct notification *);
void	 notifications_free_list(struct notification **, size_t);
int	 notifications_add(struct db *, int64_t, int, int64_t, int,
	    const char *, int64_t);
int	 notifications_list(struct db *, int64_t, size_t,
	    struct notification ***, size_t *);
int	 notifications_unread(struct db *, int64_t, int64_t *);
int	 notifications_mark_read(struct db *, int64_t);

/* alerts.c: risk alerts (safety spec R1 to R8). */
enum alert_priority {
	ALERT_LOW = 0,
	ALERT_MEDIUM,
	ALERT_HIGH,
	ALERT_URGENT,
	ALERT_ESCALATION,
};

/* An alert's state: each step keeps who and when. */
enum alert_state {
	ALERT_OPEN = 0,
	ALERT_ACKNOWLEDGED,
	ALERT_ACTED,		/* at least one action recorded */
	ALERT_CLOSED,
};

/* An action recorded on an alert (safety spec's coded actions). */
enum alert_action_code {
	ALERT_ACT_CALLED = 0,
	ALERT_ACT_NO_ANSWER,
	ALERT_ACT_REFERRED_112,
	ALERT_ACT_REFERRED_MHC,
	ALERT_ACT_MESSAGE_SENT,
	ALERT_ACT_NONE_NEEDED,	/* with a reason in the note */
	ALERT_ACT_COUNT
};

struct alert_action {
	int64_t	 id;
	int	 code;
	char	*note;
	char	*by;			/* pseudonym */
	int64_t	 at;
};

struct alert {
	int64_t	 id;
	char	 rule[4];
	int	 priority;
	int64_t	 patient_id;
	char	*patient;		/* pseudonym */
	char	*source_type;
	int64_t	 source_id;
	char	*detail;		/* for staff */
	int	 state;
	int64_t	 created_at;
	int64_t	 due_at;		/* 0: no target */
	int64_t	 acknowledged_at;
	char	*acknowledged_by;	/* pseudonym or NULL */
	int64_t	 closed_at;
	char	*closed_by;
	int64_t	 escalated_at;
	bool	 in_care;		/* of the viewer */
	bool	 cared;			/* the patient has a care team */
	struct alert_action *actions;
	size_t	 nactions;
};

void	 alert_free(struct alert *);
void	 alerts_free_list(struct alert **, size_t);
int	 alerts_create(struct db *, const char *, int, int64_t, const char *,
	    int64_t, int64_t, const char *, int64_t *);
int	 alerts_count_open(struct db *, int64_t *);
int	 alerts_open_exists(struct db *, int64_t, const char *, const char *,
	    bool *);
int	 alerts_last_created(struct db *, int64_t, const char *, int64_t *);
int	 alerts_get(struct db *, int64_t, int64_t, struct alert **);
int	 alerts_list_open(struct db *, int64_t, int64_t, struct alert ***,
	    size_t *);
int	 alerts_acknowledge(struct db *, int64_t, int64_t);
int	 alerts_add_action(struct db *, int64_t, int64_t, int, const char *);
int	 alerts_close(struct db *, int64_t, int64_t);
int	 alerts_overdue(struct db *, int64_t, int64_t **, size_t *);
int	 alerts_mark_escalated(struct db *, int64_t);

/* safety_plans.c: each patient's safety plan, a text per section. */
int	 safety_plans_get(struct db *, int64_t, char **, size_t, int64_t *);
int	 safety_plans_set(struct db *, int64_t, int, const char *);

/*
 * care.c: who follows a patient (her care team) and her care level over
 * time (monitoring, psychoeducation, community, therapy).
 */
struct care_level_change {
	int	 level;
	char	*set_by;		/* pseudonym or NULL */
	int64_t	 at;
};

struct care_member {
	int64_t	 id;
	char	*pseudonym;
	int64_t	 assigned_at;
};

int	 care_team_add(struct db *, int64_t, int64_t, int64_t);
int	 care_team_remove(struct db *, int64_t, int64_t);
int	 care_team_has(struct db *, int64_t, int64_t, bool *);
int	 care_team_count(struct db *, int64_t, int64_t *);
int	 care_team_list(struct db *, int64_t, struct care_member **,
	    size_t *);
int	 care_team_patients(struct db *, int64_t, int64_t **, size_t *);
void	 care_members_free(struct care_member *, size_t);
int	 care_levels_add(struct db *, int64_t, int, int64_t, int64_t);
int	 care_levels_history(struct db *, int64_t,
	    struct care_level_change **, size_t *);
void	 care_levels_free(struct care_level_change *, size_t);

/*
 * forms.c: questionnaires given to a patient and her raw answers.  A
 * form belongs to one window (a scheduled occasion, or an ad hoc send);
 * answers are kept item by item as she goes, so she can stop and resume.
 */
enum form_state {
	FORM_DUE = 0,		/* open, nothing answered yet */
	FORM_PARTIAL,		/* open, some answers kept */
	FORM_COMPLETED,
	FORM_MISSED,		/* closed unanswered or unfinished */
};

struct form_answer {
	int	 item;
	int	 value;
};

struct form {
	int64_t	 id;
	int64_t	 patient_id;
	char	*instrument;
	char	*window;
	int64_t	 opens_at;
	int64_t	 closes_at;
	int64_t	 sent_by;		/* 0: from the schedule */
	int	 state;
	int	 version;
	char	*language;
	char	*convention;
	int	 position;		/* the item she was on */
	int64_t	 started_at;
	int64_t	 completed_at;
};

void	 form_free(struct form *);
void	 forms_free_list(struct form **, size_t);
int	 forms_ensure(struct db *, int64_t, const char *, const char *,
	    int64_t, int64_t, int64_t, int64_t *);
int	 forms_get(struct db *, int64_t, int64_t, struct form **);
int	 forms_list(struct db *, int64_t, const int *, size_t,
	    struct form ***, size_t *);
int	 forms_completed(struct db *, int64_t, const char *, struct form ***,
	    size_t *);
int	 forms_mark_missed(struct db *, int64_t, int64_t, int *);
int	 forms_start(struct db *, int64_t, int, const char *, const char *);
int	 forms_answer(struct db *, int64_t, int, int, int);
int	 forms_clear_answer(struct db *, int64_t, int, int);
int	 forms_answers(struct db *, int64_t, struct form_answer **, size_t *);
int	 forms_complete(struct db *, int64_t, int64_t);
int	 forms_recent_windows(struct db *, int64_t, int64_t, size_t,
	    bool *, size_t *, int64_t *);

/*
 * Sealed texts.  Storage keeps what people write in conversations and
 * mirror experiences only as sealed records (bbs/seal.c makes and opens
 * them); it never sees the clear text.  A sealed blob travels with its
 * key id, which is also a column so key rotation finds old rows.
 */
struct sealed {
	unsigned char	*blob;		/* NULL: none */
	size_t		 len;
	uint32_t	 key;
};

void	 sealed_clear(struct sealed *);

/*
 * sealed.c: key rotation's view of every sealed column.  The columns are
 * a fixed list here; rows are named by (column, row id) and carry the id
 * their associated data binds them to (conversation or mirror request;
 * for modules: the assignment, the answer, the patient).
 */
enum sealed_column {
	SEALED_CONV_SUBJECT = 0,	/* conversations.subject */
	SEALED_MESSAGE_BODY,		/* messages.body */
	SEALED_MIRROR_DETAILS,		/* mirror_requests.details */
	SEALED_MIRROR_PREFERENCE,	/* mirror_requests.preference */
	SEALED_MIRROR_NOTE,		/* mirror_events.note */
	SEALED_RATING_COMMENT,		/* mirror_ratings.comment */
	SEALED_EXERCISE_ANSWER,		/* exercise_answers.answer */
	SEALED_FEEDBACK_TEXT,		/* exercise_feedback.text */
	SEALED_JOURNAL_TEXT,		/* journal_entries.text */
	SEALED_COLUMN_COUNT
};

struct sealed_row {
	int64_t		 row;
	int64_t		 bound;		/* conversation or request id */
	struct sealed	 text;
};

const char *sealed_table(enum sealed_column);
void	 sealed_rows_free(struct sealed_row *, size_t);
int	 sealed_stale(struct db *, enum sealed_column, uint32_t, size_t,
	    struct sealed_row **, size_t *);
int	 sealed_count_stale(struct db *, enum sealed_column, uint32_t,
	    int64_t *);
int	 sealed_rewrite(struct db *, enum sealed_column, int64_t, uint32_t,
	    const struct sealed *);

/*
 * conversations.c, messages.c: private conversations.  Storage only
 * stores and lists; who may see or write is bbs/message.c's rule, and
 * every function here that reads one conversation takes its id only
 * after bbs/ has decided the reader may.
 */
enum conversation_kind {
	CONV_CARE = 0,		/* a patient and her care team (or inbox) */
	CONV_DIRECT,		/* a professional and a patient, or staff */
	CONV_MIRROR,		/* a mirror experience: patient, expert,
				   mediating professional */
};

struct conversation {
	int64_t		 id;
	int		 kind;		/* enum conversation_kind */
	int64_t		 patient_id;	/* 0: between staff */
	char		*patient;	/* her pseudonym, or NULL */
	bool		 shared;	/* in the shared inbox, not taken */
	struct sealed	 subject;
	char		*title;		/* opened by bbs/; NULL: cannot be */
	int64_t		 created_by;
	int64_t		 created_at;
	int64_t		 last_message;	/* id, 0: none yet */
	int64_t		 last_at;
	int64_t		 waiting_since;	/* a patient waits for staff */
	int64_t		 closed_at;	/* 0: open */
	/* For the account the list was read for: */
	bool		 member;
	bool		 archived;
	int64_t		 unread;	/* messages after her last read */
	char		*members;	/* "ana, laia": pseudonyms, by id */
};

struct message {
	int64_t		 id;
	int64_t		 conversation_id;
	int64_t		 author_id;
	char		*author;	/* pseudonym */
	int		 author_role;
	int64_t		 created_at;
	struct sealed	 body;
	char		*text;		/* opened by bbs/; NULL: cannot be */
};

struct conversation_member {
	int64_t		 id;
	char		*pseudonym;
	int		 role;
	int64_t		 last_read;
	bool		 archived;
};

void	 conversation_free(struct conversation *);
void	 conversations_free_list(struct conversation **, size_t);
int	 conversations_create(struct db *, int, int64_t, bool, int64_t,
	    int64_t *);
int	 conversations_set_subject(struct db *, int64_t,
	    const struct sealed *);
int	 conversations_get(struct db *, int64_t, int64_t,
	    struct conversation **);
int	 conversations_of(struct db *, int64_t, bool,
	    struct conversation ***, size_t *);
int	 conversations_inbox(struct db *, int64_t,
	    struct conversation ***, size_t *);
int	 conversations_inbox_waiting(struct db *, int64_t, int64_t *);
int	 conversations_touch(struct db *, int64_t, int64_t, int64_t, int);
int	 conversations_take(struct db *, int64_t);
int	 conversations_close(struct db *, int64_t, int64_t);
int	 conversations_unread_total(struct db *, int64_t, int64_t *);
int	 conversation_members_add(struct db *, int64_t, int64_t);
int	 conversation_members_list(struct db *, int64_t,
	    struct conversation_member **, size_t *);
void	 conversation_members_free(struct conversation_member *, size_t);
int	 conversation_members_read(struct db *, int64_t, int64_t, int64_t);
int	 conversation_members_archive(struct db *, int64_t, int64_t, bool);
int	 conversation_members_unarchive_others(struct db *, int64_t,
	    int64_t);

/* What conversations_touch does to the conversation's waiting time. */
enum conversation_wait {
	CONV_WAIT_KEEP = 0,	/* a message that changes nothing */
	CONV_WAIT_START,	/* a patient wrote: waiting since now, unless
				   she was waiting already */
	CONV_WAIT_STOP,		/* staff answered */
};

void	 message_free(struct message *);
void	 messages_free_list(struct message **, size_t);
int	 messages_create(struct db *, int64_t, int64_t, int64_t *);
int	 messages_set_body(struct db *, int64_t, const struct sealed *);
int	 messages_get(struct db *, int64_t, struct message **);
int	 messages_list(struct db *, int64_t, struct message ***, size_t *);

/* message_reports.c: participants' reports of one message. */
struct message_report {
	int64_t		 id;
	int64_t		 message_id;
	int64_t		 conversation_id;
	int64_t		 reporter_id;
	char		*reporter;	/* pseudonym */
	int		 reason;
	int64_t		 created_at;
	int64_t		 read_at;
	char		*read_by;	/* pseudonym or NULL */
	int64_t		 resolved_at;
	int		 outcome;
};

void	 message_report_free(struct message_report *);
void	 message_reports_free_list(struct message_report **, size_t);
int	 message_reports_create(struct db *, int64_t, int64_t, int,
	    int64_t *);
int	 message_reports_get(struct db *, int64_t, struct message_report **);
int	 message_reports_open(struct db *, struct message_report ***,
	    size_t *);
int	 message_reports_count_open(struct db *, int64_t *);
int	 message_reports_mark_read(struct db *, int64_t, int64_t);
int	 message_reports_resolve(struct db *, int64_t, int64_t, int);

/*
 * mirror.c: mirror experiences: the patients' requests with every change
 * of state, expert patients' profiles, and the ratings at closing.
 */
enum mirror_state {
	MIRROR_REQUESTED = 0,
	MIRROR_PROPOSED,
	MIRROR_ACCEPTED,
	MIRROR_ACTIVE,
	MIRROR_CLOSED,
	MIRROR_DECLINED,
	MIRROR_CANCELLED,
	MIRROR_STATE_COUNT
};

struct mirror_request {
	int64_t		 id;
	int64_t		 patient_id;
	char		*patient;	/* pseudonym */
	int		 topic;		/* enum mirror_topic (bbs.h) */
	int		 state;
	struct sealed	 details;
	struct sealed	 preference;
	char		*details_text;	/* opened by bbs/ */
	char		*preference_text;
	int64_t		 professional_id;	/* mediator, 0: none yet */
	char		*professional;
	int64_t		 expert_id;	/* proposed or matched, 0: none */
	char		*expert;
	char		*declined_by;	/* the queue: who declined last */
	int64_t		 conversation_id;	/* 0: none yet */
	int64_t		 created_at;
	int64_t		 updated_at;
};

struct mirror_event {
	int64_t		 id;
	int		 state;
	int64_t		 by_id;
	char		*by;		/* pseudonym or NULL */
	int64_t		 expert_id;
	char		*expert;
	int64_t		 at;
	struct sealed	 note;
	char		*note_text;	/* opened by bbs/ */
};

struct expert_profile {
	int64_t		 account_id;
	char		*pseudonym;
	unsigned	 topics;	/* bit t: enum mirror_topic t */
	bool		 available;
	int64_t		 updated_at;
	int64_t		 active;	/* experiences accepted or active */
};

struct mirror_rating {
	int64_t		 id;
	int64_t		 account_id;
	char		*pseudonym;
	int		 rating;
	struct sealed	 comment;
	char		*comment_text;	/* opened by bbs/ */
	int64_t		 at;
};

void	 mirror_request_free(struct mirror_request *);
void	 mirror_requests_free_list(struct mirror_request **, size_t);
void	 mirror_events_free(struct mirror_event *, size_t);
void	 expert_profiles_free(struct expert_profile *, size_t);
void	 mirror_ratings_free(struct mirror_rating *, size_t);

/* What mirror_requests_list lists for an account (lists carry no texts). */
enum mirror_list {
	MIRROR_LIST_QUEUE = 0,	/* a professional's: to match, oldest first,
				   then those she mediates under way */
	MIRROR_LIST_MINE,	/* a patient's own, newest first */
	MIRROR_LIST_EXPERT,	/* proposed to an expert, or with her */
};

/* What mirror_requests_count counts for an account. */
enum mirror_count {
	MIRROR_COUNT_UNMATCHED = 0,	/* anyone's, waiting for a match */
	MIRROR_COUNT_PROPOSED,		/* proposed to her, unanswered */
	MIRROR_COUNT_UNRATED,		/* hers, closed, not rated by her */
};

int	 mirror_requests_create(struct db *, int64_t, int, int64_t,
	    int64_t *);
int	 mirror_requests_set_texts(struct db *, int64_t,
	    const struct sealed *, const struct sealed *);
int	 mirror_requests_get(struct db *, int64_t, struct mirror_request **);
int	 mirror_requests_update(struct db *, const struct mirror_request *);
int	 mirror_requests_open_of(struct db *, int64_t, int64_t *);
int	 mirror_requests_of_conversation(struct db *, int64_t, int64_t *);
int	 mirror_requests_count(struct db *, int, int64_t, int64_t *);
int	 mirror_requests_list(struct db *, int, int64_t,
	    struct mirror_request ***, size_t *);
int	 mirror_last_author(struct db *, int64_t, int64_t *);
int	 mirror_events_add(struct db *, int64_t, int, int64_t, int64_t,
	    int64_t, int64_t *);
int	 mirror_events_set_note(struct db *, int64_t, const struct sealed *);
int	 mirror_events_list(struct db *, int64_t, struct mirror_event **,
	    size_t *);
int	 expert_profiles_get(struct db *, int64_t, struct expert_profile *);
int	 expert_profiles_set(struct db *, int64_t, unsigned, bool, int64_t);
int	 expert_profiles_available(struct db *, int, int64_t, int,
	    struct expert_profile **, size_t *);
int	 mirror_ratings_add(struct db *, int64_t, int64_t, int, int64_t,
	    int64_t *);
int	 mirror_ratings_set_comment(struct db *, int64_t,
	    const struct sealed *);
int	 mirror_ratings_list(struct db *, int64_t, struct mirror_rating **,
	    size_t *);

/*
 * assignments.c, exercises.c, journal.c, module_events.c: self-help
 * modules.  A module (content, named by its id) is assigned to a patient
 * once; each session she works on keeps when she started and finished
 * it and the page she was on.  Each exercise's answer is one sealed
 * record, a draft until she submits it; feedback on it is sealed too,
 * and so is every journal entry.  module_events keeps each step with its
 * time for adherence and research counts.  Who may see or change what
 * is bbs/programme.c's and bbs/journal.c's rule: every function here
 * that takes an id takes it after bbs/ has decided the reader may.
 */
struct module_assignment {
	int64_t		 id;
	int64_t		 patient_id;
	char		*patient;		/* pseudonym */
	char		*module;
	int		 version;		/* the module's then */
	int		 sessions;		/* its sessions then */
	int		 every_days;		/* 0: no schedule */
	int64_t		 assigned_by;
	char		*assigned_by_name;	/* pseudonym or NULL */
	int64_t		 assigned_at;
	int64_t		 completed_at;		/* 0: not yet */
};

struct module_session_row {
	int		 session;		/* 0-based */
	int64_t		 started_at;
	int64_t		 completed_at;
	int		 last_page;
};

/* What adherence counts for one patient, all modules together. */
struct module_tally {
	int64_t		 modules_assigned;
	int64_t		 modules_completed;
	int64_t		 sessions_assigned;
	int64_t		 sessions_completed;
	int64_t		 exercises_submitted;
	int64_t		 last_activity;		/* 0: never */
};

void	 module_assignment_free(struct module_assignment *);
void	 module_assignments_free_list(struct module_assignment **, size_t);
int	 assignments_create(struct db *, int64_t, const char *, int, int,
	    int, int64_t, int64_t, int64_t *);
int	 assignments_get(struct db *, int64_t, struct module_assignment **);
int	 assignments_of(struct db *, int64_t, struct module_assignment ***,
	    size_t *);
int	 assignments_complete(struct db *, int64_t, int64_t);
int	 assignments_sessions(struct db *, int64_t,
	    struct module_session_row **, size_t *);
int	 assignments_session_start(struct db *, int64_t, int, int64_t,
	    bool *);
int	 assignments_session_page(struct db *, int64_t, int, int);
int	 assignments_session_complete(struct db *, int64_t, int, int64_t);
int	 assignments_tally(struct db *, int64_t, struct module_tally *);

struct exercise_row {
	int64_t		 id;
	int64_t		 assignment_id;
	int64_t		 patient_id;
	char		*module;
	char		*exercise;
	int		 kind;
	int		 session;
	struct sealed	 answer;	/* lists without texts: none */
	int64_t		 created_at;
	int64_t		 updated_at;
	int64_t		 submitted_at;	/* 0: a draft */
};

struct feedback_row {
	int64_t		 id;
	int64_t		 answer_id;
	int64_t		 author_id;
	char		*author;	/* pseudonym */
	struct sealed	 text;
	int64_t		 created_at;
	int64_t		 seen_at;	/* 0: not yet seen */
};

void	 exercise_row_free(struct exercise_row *);
void	 exercise_rows_free_list(struct exercise_row **, size_t);
void	 feedback_rows_free(struct feedback_row *, size_t);
int	 exercises_create(struct db *, int64_t, const char *, int, int,
	    int64_t, int64_t *);
int	 exercises_set_answer(struct db *, int64_t, const struct sealed *,
	    int64_t, bool);
int	 exercises_get(struct db *, int64_t, struct exercise_row **);
int	 exercises_find(struct db *, int64_t, const char *,
	    struct exercise_row **);
int	 exercises_of(struct db *, int64_t, struct exercise_row ***,
	    size_t *);
int	 exercises_submitted(struct db *, int64_t, struct exercise_row ***,
	    size_t *);
int	 exercise_feedback_add(struct db *, int64_t, int64_t, int64_t,
	    int64_t *);
int	 exercise_feedback_set_text(struct db *, int64_t,
	    const struct sealed *);
int	 exercise_feedback_list(struct db *, int64_t, struct feedback_row **,
	    size_t *);
int	 exercise_feedback_mark_seen(struct db *, int64_t, int64_t, int *);
int	 exercise_feedback_unseen(struct db *, int64_t, int64_t, int64_t *);

struct journal_row {
	int64_t		 id;
	int64_t		 patient_id;
	struct sealed	 text;
	bool		 shared;
	int64_t		 created_at;
	int64_t		 updated_at;
};

void	 journal_rows_free(struct journal_row *, size_t);
int	 journal_entries_add(struct db *, int64_t, bool, int64_t, int64_t *);
int	 journal_entries_set_text(struct db *, int64_t, const struct sealed *,
	    int64_t);
int	 journal_entries_set_shared(struct db *, int64_t, bool);
int	 journal_entries_get(struct db *, int64_t, struct journal_row *);
int	 journal_entries_of(struct db *, int64_t, bool, struct journal_row **,
	    size_t *);

int	 module_events_add(struct db *, int64_t, int64_t, const char *, int,
	    const char *, int64_t);
int	 module_events_count(struct db *, int64_t, const char *, int64_t *);
int	 module_events_last(struct db *, int64_t, int64_t, int64_t *);

/*
 * studies.c: research studies (bbs/study.c owns the rules), the record
 * of their exports, and the engagement counts an export carries.  The
 * instruments are stored blank-separated, the events as blank-separated
 * "WINDOW=EVENT" pairs.
 */
struct study_row {
	char	*id;
	char	*title;
	char	*protocol;
	char	*instruments;
	char	*events;
	char	*key_file;
	bool	 recruiting;
	int64_t	 created_by;	/* 0: the operator */
	int64_t	 created_at;
};

struct study_export_row {
	int64_t	 id;
	char	*by;		/* pseudonym, NULL: the operator */
	int64_t	 at;
	char	*dir;
	int64_t	 records;
	int64_t	 rows;
	int64_t	 events;
};

/* Engagement events of one patient: a count per day and type. */
struct engagement_row {
	int64_t	 day;		/* since enrolment */
	char	 type[32];
	int64_t	 count;
};

void	 study_row_clear(struct study_row *);
void	 study_rows_free(struct study_row *, size_t);
int	 studies_create(struct db *, const struct study_row *);
int	 studies_get(struct db *, const char *, struct study_row *);
int	 studies_list(struct db *, struct study_row **, size_t *);
int	 studies_set_recruiting(struct db *, const char *, bool);
int	 studies_add_export(struct db *, const char *, int64_t, int64_t,
	    const char *, int64_t, int64_t, int64_t, int64_t *);
int	 studies_exports(struct db *, const char *,
	    struct study_export_row **, size_t *);
void	 study_export_rows_free(struct study_export_row *, size_t);
int	 studies_engagement(struct db *, int64_t, int64_t,
	    struct engagement_row **, size_t *);

/*
 * consents.c: consent decisions, one row each, never updated; the
 * latest row of a purpose (and study) is its state.
 */
struct consent_row {
	int		 purpose;	/* enum consent_purpose (bbs.h) */
	char		*study;		/* "" unless research */
	bool		 given;
	int		 version;
	char		*hash;
	char		*language;
	int64_t		 recorded_by;	/* 0: the operator */
	int64_t		 at;
};

/* A study as the consent screens need it. */
struct consent_study {
	char		*id;
	char		*title;
	bool		 recruiting;
};

void	 consent_row_clear(struct consent_row *);
void	 consent_studies_free(struct consent_study *, size_t);
int	 consents_add(struct db *, int64_t, const struct consent_row *,
	    int64_t *);
int	 consents_latest(struct db *, int64_t, int, const char *,
	    struct consent_row *);
int	 consents_research_ids(struct db *, const char *, int64_t **,
	    size_t *);
int	 consents_studies(struct db *, struct consent_study **, size_t *);
int	 consents_study(struct db *, const char *, struct consent_study *);

/* posts.c, patient_data.c: a patient's rights over her data (rights.c). */
struct patient_consent {
	int		 purpose;	/* enum consent_purpose (bbs.h) */
	char		*study;		/* "" unless research */
	bool		 given;
	int		 text_version;
	char		*text_hash;
	char		*language;
	char		*recorded_by;	/* pseudonym; NULL: the operator */
	int64_t		 at;
};

int	 posts_of_author(struct db *, int64_t, struct post ***, size_t *);
int	 posts_undeleted_of(struct db *, int64_t, int64_t **, size_t *);
int	 posts_anonymise(struct db *, int64_t, int64_t *);
void	 patient_consents_free(struct patient_consent *, size_t);
int	 patient_data_consents(struct db *, int64_t, struct patient_consent **,
	    size_t *);
int	 patient_data_alerts(struct db *, int64_t, int64_t **, size_t *);
int	 patient_data_staff_reads(struct db *, const char *, int64_t,
	    const char *const *, struct audit_entry ***, size_t *);
int	 patient_data_forgotten(struct db *, int64_t, int64_t);
int	 patient_data_forgotten_at(struct db *, int64_t, int64_t *);

/*
 * outcomes.c: counts and times for the outcome report (bbs/outcome.c),
 * over a set of patients; never a text.
 */
struct outcomes_count {
	int64_t		 n;		/* of all */
	int64_t		 k;		/* that did */
	int64_t		 patients;	/* whom n concerns */
};

struct outcomes_engagement {
	int64_t		 active_days;
	int64_t		 posts;
	int64_t		 messages;	/* to professionals */
};

enum outcomes_time {
	OUTCOMES_FIRST_REPLY = 0,	/* a professional's first answer */
	OUTCOMES_ALERT_ACK,
	OUTCOMES_ALERT_CLOSE,
	OUTCOMES_MODERATION,		/* queued to a moderator's action */
	OUTCOMES_TIME_COUNT
};

struct outcomes_times {
	double		*hours;
	size_t		 n;
	int64_t		 patients;	/* distinct ones */
};

int	 outcomes_patients(struct db *, int64_t **, size_t *);
int	 outcomes_modules(struct db *, const int64_t *, size_t,
	    struct outcomes_count *);
int	 outcomes_forms(struct db *, const int64_t *, size_t, int64_t,
	    struct outcomes_count *);
int	 outcomes_mirror(struct db *, const int64_t *, size_t,
	    struct outcomes_count *);
int	 outcomes_engagement(struct db *, int64_t,
	    struct outcomes_engagement *);
int	 outcomes_times(struct db *, enum outcomes_time, const int64_t *,
	    size_t, int, int, struct outcomes_times *);
void	 outcomes_times_clear(struct outcomes_times *);

/* demo_dates.c: the demo's accounts created at their enrolment. */
int	 demo_dates_enrolled(struct db *, int64_t *);

#endif
