/*
 * db.c: the SQLite connection, its pragmas, schema migrations and
 * transactions.
 *
 * One connection per process, opened after fork.  Every write runs inside
 * BEGIN IMMEDIATE: a deferred transaction that later needs the write lock
 * fails at once with SQLITE_BUSY whatever the busy timeout, while
 * IMMEDIATE waits for the lock up front.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "storage_int.h"

#define DB_BUSY_TIMEOUT_MS	5000
#define DB_BEGIN_TRIES		3

/*
 * Migrations, one per schema version; migrations[i] takes a database from
 * version i to i + 1.  Never edit a released migration: add a new one.
 */
static const char *migrations[] = {
	/* 0 -> 1: accounts, keys, invites, throttling, audit. */
	"CREATE TABLE accounts ("
	"  id INTEGER PRIMARY KEY,"
	"  pseudonym TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  role INTEGER NOT NULL CHECK (role BETWEEN 0 AND 5),"
	"  pwhash TEXT NOT NULL,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  must_change_password INTEGER NOT NULL DEFAULT 0,"
	"  language TEXT NOT NULL DEFAULT 'en',"
	"  rules_version INTEGER NOT NULL DEFAULT 0,"
	"  failed_logins INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  last_login_at INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE ssh_keys ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  type TEXT NOT NULL,"
	"  blob TEXT NOT NULL,"
	"  fingerprint TEXT NOT NULL UNIQUE,"
	"  comment TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX ssh_keys_account ON ssh_keys(account_id);"
	"CREATE TABLE invites ("
	"  id INTEGER PRIMARY KEY,"
	"  code_hash TEXT NOT NULL UNIQUE,"
	"  hint TEXT NOT NULL,"
	"  role INTEGER NOT NULL CHECK (role BETWEEN 0 AND 5),"
	"  created_by INTEGER REFERENCES accounts(id),"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  used_by INTEGER REFERENCES accounts(id),"
	"  used_at INTEGER"
	");"
	"CREATE TABLE login_throttle ("
	"  key TEXT PRIMARY KEY,"
	"  failures INTEGER NOT NULL,"
	"  last_at INTEGER NOT NULL"
	");"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  actor_id INTEGER,"
	"  actor_name TEXT NOT NULL,"
	"  actor_role TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  object_type TEXT,"
	"  object_id INTEGER,"
	"  patient TEXT,"
	"  detail TEXT,"
	"  allowed INTEGER NOT NULL,"
	"  source TEXT NOT NULL,"
	"  prev_hash TEXT NOT NULL,"
	"  hash TEXT NOT NULL"
	");"
	"CREATE INDEX audit_actor ON audit(actor_id);"
	"CREATE INDEX audit_object ON audit(object_type, object_id);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",

	/*
	 * 1 -> 2: boards, threads, posts, reports, read marks, posting
	 * suspensions, the library, search indexes, notifications, alerts.
	 *
	 * Thread statistics (visible posts, last visible post, the opening
	 * post's state) are kept by triggers so no writer can forget them.
	 * The full-text indexes are external-content FTS5 tables kept by
	 * storage/search.c: with trusted_schema OFF, SQLite 3.40 refuses
	 * FTS5 inside triggers.
	 */
	"ALTER TABLE accounts ADD COLUMN read_floor INTEGER NOT NULL "
	"  DEFAULT 0;"
	"CREATE TABLE boards ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  position INTEGER NOT NULL,"
	"  read_roles INTEGER NOT NULL,"
	"  post_roles INTEGER NOT NULL,"
	"  premoderated INTEGER NOT NULL DEFAULT 0,"
	"  archived INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE threads ("
	"  id INTEGER PRIMARY KEY,"
	"  board_id INTEGER NOT NULL REFERENCES boards(id),"
	"  title TEXT NOT NULL,"
	"  author_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  created_at INTEGER NOT NULL,"
	"  first_post_id INTEGER,"
	"  state INTEGER NOT NULL DEFAULT 0,"
	"  pinned INTEGER NOT NULL DEFAULT 0,"
	"  locked INTEGER NOT NULL DEFAULT 0,"
	"  posts INTEGER NOT NULL DEFAULT 0,"
	"  last_post_id INTEGER NOT NULL DEFAULT 0,"
	"  last_post_at INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX threads_board ON threads(board_id, pinned, last_post_id);"
	"CREATE INDEX threads_board_state ON threads(board_id, state);"
	"CREATE TABLE posts ("
	"  id INTEGER PRIMARY KEY,"
	"  thread_id INTEGER NOT NULL REFERENCES threads(id),"
	"  board_id INTEGER NOT NULL REFERENCES boards(id),"
	"  author_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  author_role INTEGER NOT NULL,"
	"  body TEXT NOT NULL,"
	"  state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 4),"
	"  hold INTEGER NOT NULL DEFAULT 0,"
	"  urgent INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  edited_at INTEGER NOT NULL DEFAULT 0,"
	"  deleted_at INTEGER NOT NULL DEFAULT 0,"
	"  queued_at INTEGER NOT NULL DEFAULT 0,"
	"  mod_reason INTEGER NOT NULL DEFAULT -1,"
	"  mod_note TEXT,"
	"  mod_by INTEGER REFERENCES accounts(id),"
	"  mod_at INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX posts_thread ON posts(thread_id, id);"
	"CREATE INDEX posts_board_visible ON posts(board_id, id, thread_id, "
	"  author_id) WHERE state = 0;"
	"CREATE INDEX posts_queue ON posts(urgent, queued_at) WHERE state "
	"  BETWEEN 1 AND 3;"
	"CREATE INDEX posts_author ON posts(author_id);"
	"CREATE INDEX posts_thread_visible ON posts(thread_id, id, author_id, "
	"  state) WHERE state = 0;"
	"CREATE INDEX threads_board_active ON threads(board_id, last_post_id) "
	"  WHERE state = 0;"
	"CREATE TRIGGER posts_stats_insert AFTER INSERT ON posts BEGIN"
	"  UPDATE threads SET"
	"    first_post_id = coalesce(first_post_id, NEW.id),"
	"    posts = posts + (NEW.state = 0),"
	"    last_post_id = CASE WHEN NEW.state = 0 THEN NEW.id"
	"      ELSE last_post_id END,"
	"    last_post_at = CASE WHEN NEW.state = 0 THEN NEW.created_at"
	"      ELSE last_post_at END,"
	"    state = CASE WHEN coalesce(first_post_id, NEW.id) = NEW.id"
	"      THEN NEW.state ELSE state END"
	"  WHERE id = NEW.thread_id; END;"
	"CREATE TRIGGER posts_stats_update AFTER UPDATE OF state ON posts"
	"  WHEN OLD.state != NEW.state BEGIN"
	"  UPDATE threads SET"
	"    posts = (SELECT count(*) FROM posts WHERE thread_id = NEW.thread_id"
	"      AND state = 0),"
	"    last_post_id = coalesce((SELECT max(id) FROM posts"
	"      WHERE thread_id = NEW.thread_id AND state = 0), 0),"
	"    state = CASE WHEN first_post_id = NEW.id THEN NEW.state"
	"      ELSE state END"
	"  WHERE id = NEW.thread_id;"
	"  UPDATE threads SET last_post_at = coalesce((SELECT created_at"
	"      FROM posts WHERE id = threads.last_post_id), 0)"
	"  WHERE id = NEW.thread_id; END;"
	"CREATE TABLE reports ("
	"  id INTEGER PRIMARY KEY,"
	"  post_id INTEGER NOT NULL REFERENCES posts(id),"
	"  reporter_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  reason INTEGER NOT NULL,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL,"
	"  resolved_at INTEGER NOT NULL DEFAULT 0,"
	"  resolved_by INTEGER REFERENCES accounts(id),"
	"  UNIQUE (post_id, reporter_id)"
	");"
	"CREATE TABLE thread_reads ("
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  thread_id INTEGER NOT NULL REFERENCES threads(id),"
	"  last_read_id INTEGER NOT NULL,"
	"  PRIMARY KEY (account_id, thread_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE board_reads ("
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  board_id INTEGER NOT NULL REFERENCES boards(id),"
	"  floor_id INTEGER NOT NULL,"
	"  PRIMARY KEY (account_id, board_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE posting_suspensions ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  until INTEGER NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  by_id INTEGER REFERENCES accounts(id),"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX posting_suspensions_account ON "
	"  posting_suspensions(account_id, until);"
	"CREATE TABLE articles ("
	"  id INTEGER PRIMARY KEY,"
	"  category TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  author_id INTEGER REFERENCES accounts(id),"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  reviewed_at INTEGER NOT NULL,"
	"  archived INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX articles_category ON articles(category, title);"
	"CREATE VIEW post_search_content AS SELECT p.id AS id,"
	"  CASE WHEN t.first_post_id = p.id THEN t.title ELSE '' END AS title,"
	"  p.body AS body FROM posts p JOIN threads t ON t.id = p.thread_id;"
	"CREATE VIRTUAL TABLE post_fts USING fts5(title, body,"
	"  content='post_search_content', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 2');"
	"CREATE VIRTUAL TABLE article_fts USING fts5(title, body,"
	"  content='articles', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 2');"
	"CREATE TABLE notifications ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  kind INTEGER NOT NULL,"
	"  object_id INTEGER NOT NULL DEFAULT 0,"
	"  reason INTEGER NOT NULL DEFAULT -1,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  until INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  read_at INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX notifications_account ON notifications(account_id, id);"
	"CREATE TABLE alerts ("
	"  id INTEGER PRIMARY KEY,"
	"  rule TEXT NOT NULL,"
	"  priority INTEGER NOT NULL,"
	"  patient_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  source_type TEXT NOT NULL,"
	"  source_id INTEGER NOT NULL DEFAULT 0,"
	"  state INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  due_at INTEGER NOT NULL"
	");"
	"CREATE INDEX alerts_open ON alerts(state, priority, created_at);"
	"CREATE INDEX alerts_patient ON alerts(patient_id);",

	/*
	 * 2 -> 3: the moderation log, for the monthly report (actions by
	 * reason, time from entering the queue to a decision).  The audit
	 * trail records the same actions; this table keeps what a report
	 * needs, in columns.
	 */
	"CREATE TABLE moderation_log ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  action TEXT NOT NULL,"
	"  reason INTEGER NOT NULL DEFAULT -1,"
	"  moderator_id INTEGER REFERENCES accounts(id),"
	"  object_type TEXT NOT NULL,"
	"  object_id INTEGER NOT NULL,"
	"  queued_at INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX moderation_log_at ON moderation_log(at);"
	"CREATE INDEX reports_created ON reports(created_at);",

	/* 3 -> 4: each patient's own safety plan, one row per section. */
	"CREATE TABLE safety_plan_sections ("
	"  patient_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  section INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  PRIMARY KEY (patient_id, section)"
	") WITHOUT ROWID;",

	/*
	 * 4 -> 5: questionnaires and the clinical follow-up.  Care teams
	 * and the care-level history say who follows a patient and in
	 * which phase; forms are the questionnaires given to her (from the
	 * schedule or sent by a professional) with every raw answer;
	 * scores are always derived from the answers by the engine, never
	 * stored alone.  Alerts gain their lifecycle: acknowledged, actions,
	 * closed, escalated; every step keeps who and when.
	 */
	"CREATE TABLE care_team ("
	"  patient_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  professional_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  assigned_by INTEGER REFERENCES accounts(id),"
	"  assigned_at INTEGER NOT NULL,"
	"  PRIMARY KEY (patient_id, professional_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX care_team_professional ON care_team(professional_id);"
	"CREATE TABLE care_levels ("
	"  id INTEGER PRIMARY KEY,"
	"  patient_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  level INTEGER NOT NULL,"
	"  set_by INTEGER REFERENCES accounts(id),"
	"  set_at INTEGER NOT NULL"
	");"
	"CREATE INDEX care_levels_patient ON care_levels(patient_id, set_at);"
	"CREATE TABLE forms ("
	"  id INTEGER PRIMARY KEY,"
	"  patient_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  instrument TEXT NOT NULL,"
	"  window TEXT NOT NULL,"
	"  opens_at INTEGER NOT NULL,"
	"  closes_at INTEGER NOT NULL,"
	"  sent_by INTEGER REFERENCES accounts(id),"
	"  state INTEGER NOT NULL DEFAULT 0,"
	"  version INTEGER NOT NULL DEFAULT 0,"
	"  language TEXT NOT NULL DEFAULT '',"
	"  convention TEXT NOT NULL DEFAULT '',"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  started_at INTEGER NOT NULL DEFAULT 0,"
	"  completed_at INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (patient_id, window, instrument)"
	");"
	"CREATE INDEX forms_patient ON forms(patient_id, state, closes_at);"
	"CREATE TABLE form_answers ("
	"  form_id INTEGER NOT NULL REFERENCES forms(id),"
	"  item INTEGER NOT NULL,"
	"  value INTEGER NOT NULL,"
	"  answered_at INTEGER NOT NULL,"
	"  PRIMARY KEY (form_id, item)"
	") WITHOUT ROWID;"
	"ALTER TABLE alerts ADD COLUMN detail TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE alerts ADD COLUMN acknowledged_by INTEGER "
	"  REFERENCES accounts(id);"
	"ALTER TABLE alerts ADD COLUMN acknowledged_at INTEGER NOT NULL "
	"  DEFAULT 0;"
	"ALTER TABLE alerts ADD COLUMN closed_by INTEGER REFERENCES accounts(id);"
	"ALTER TABLE alerts ADD COLUMN closed_at INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE alerts ADD COLUMN escalated_at INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE alert_actions ("
	"  id INTEGER PRIMARY KEY,"
	"  alert_id INTEGER NOT NULL REFERENCES alerts(id),"
	"  code INTEGER NOT NULL,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  by_id INTEGER REFERENCES accounts(id),"
	"  at INTEGER NOT NULL"
	");"
	"CREATE INDEX alert_actions_alert ON alert_actions(alert_id);",

	/*
	 * 5 -> 6: private conversations and mirror experiences.  Every
	 * text people write here (subjects, bodies, requests, reasons,
	 * comments) is stored sealed (bbs/seal.c), never in clear: the
	 * column holds the sealed record and a _key column the key id it
	 * was sealed with, so rotation finds the rows left under old keys.
	 * Conversations and messages are never deleted; a member archives
	 * a conversation for herself only.  A mirror request keeps every
	 * change of state with its time in mirror_events.
	 */
	"CREATE TABLE conversations ("
	"  id INTEGER PRIMARY KEY,"
	"  kind INTEGER NOT NULL,"
	"  patient_id INTEGER REFERENCES accounts(id),"
	"  shared INTEGER NOT NULL DEFAULT 0,"
	"  subject BLOB,"
	"  subject_key INTEGER NOT NULL DEFAULT 0,"
	"  created_by INTEGER NOT NULL REFERENCES accounts(id),"
	"  created_at INTEGER NOT NULL,"
	"  last_message INTEGER NOT NULL DEFAULT 0,"
	"  last_at INTEGER NOT NULL,"
	"  waiting_since INTEGER NOT NULL DEFAULT 0,"
	"  closed_by INTEGER REFERENCES accounts(id),"
	"  closed_at INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX conversations_patient ON conversations(patient_id);"
	"CREATE INDEX conversations_shared ON conversations(shared, "
	"  waiting_since) WHERE shared = 1;"
	"CREATE INDEX conversations_subject_key ON conversations(subject_key);"
	"CREATE TABLE conversation_members ("
	"  conversation_id INTEGER NOT NULL REFERENCES conversations(id),"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  joined_at INTEGER NOT NULL,"
	"  last_read INTEGER NOT NULL DEFAULT 0,"
	"  archived INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (conversation_id, account_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX conversation_members_account ON "
	"  conversation_members(account_id, archived);"
	"CREATE TABLE messages ("
	"  id INTEGER PRIMARY KEY,"
	"  conversation_id INTEGER NOT NULL REFERENCES conversations(id),"
	"  author_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  created_at INTEGER NOT NULL,"
	"  body BLOB,"
	"  body_key INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX messages_conversation ON messages(conversation_id, id);"
	"CREATE INDEX messages_body_key ON messages(body_key);"
	"CREATE TABLE message_reports ("
	"  id INTEGER PRIMARY KEY,"
	"  message_id INTEGER NOT NULL REFERENCES messages(id),"
	"  reporter_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  reason INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  read_by INTEGER REFERENCES accounts(id),"
	"  read_at INTEGER NOT NULL DEFAULT 0,"
	"  resolved_by INTEGER REFERENCES accounts(id),"
	"  resolved_at INTEGER NOT NULL DEFAULT 0,"
	"  outcome INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (message_id, reporter_id)"
	");"
	"CREATE INDEX message_reports_open ON message_reports(resolved_at, "
	"  created_at);"
	"CREATE TABLE expert_profiles ("
	"  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),"
	"  topics INTEGER NOT NULL DEFAULT 0,"
	"  available INTEGER NOT NULL DEFAULT 0,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE TABLE mirror_requests ("
	"  id INTEGER PRIMARY KEY,"
	"  patient_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  topic INTEGER NOT NULL,"
	"  state INTEGER NOT NULL DEFAULT 0,"
	"  details BLOB,"
	"  details_key INTEGER NOT NULL DEFAULT 0,"
	"  preference BLOB,"
	"  preference_key INTEGER NOT NULL DEFAULT 0,"
	"  professional_id INTEGER REFERENCES accounts(id),"
	"  expert_id INTEGER REFERENCES accounts(id),"
	"  conversation_id INTEGER REFERENCES conversations(id),"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX mirror_requests_state ON mirror_requests(state, "
	"  created_at);"
	"CREATE INDEX mirror_requests_patient ON mirror_requests(patient_id);"
	"CREATE INDEX mirror_requests_expert ON mirror_requests(expert_id);"
	"CREATE TABLE mirror_events ("
	"  id INTEGER PRIMARY KEY,"
	"  request_id INTEGER NOT NULL REFERENCES mirror_requests(id),"
	"  state INTEGER NOT NULL,"
	"  by_id INTEGER REFERENCES accounts(id),"
	"  expert_id INTEGER REFERENCES accounts(id),"
	"  at INTEGER NOT NULL,"
	"  note BLOB,"
	"  note_key INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX mirror_events_request ON mirror_events(request_id, id);"
	"CREATE TABLE mirror_ratings ("
	"  id INTEGER PRIMARY KEY,"
	"  request_id INTEGER NOT NULL REFERENCES mirror_requests(id),"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),"
	"  comment BLOB,"
	"  comment_key INTEGER NOT NULL DEFAULT 0,"
	"  at INTEGER NOT NULL,"
	"  UNIQUE (request_id, account_id)"
	");",

	/*
	 * 6 -> 7: self-help modules.  A module is assigned to a patient
	 * once (the module itself is content, named by its id); each of its
	 * sessions keeps when she started and finished it and the page she
	 * was on; each exercise's answer is one sealed record (drafts and
	 * submitted ones), and the professional's feedback on it another.
	 * The journal keeps her entries sealed, with whether she shares
	 * each.  module_events keeps every step with its time, so adherence
	 * and research counts need no text.  As in 5 -> 6, every text is
	 * stored sealed with its key id in a _key column.
	 */
	"CREATE TABLE module_assignments ("
	"  id INTEGER PRIMARY KEY,"
	"  patient_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  module TEXT NOT NULL,"
	"  version INTEGER NOT NULL DEFAULT 0,"
	"  sessions INTEGER NOT NULL DEFAULT 0,"
	"  every_days INTEGER NOT NULL DEFAULT 0 CHECK (every_days BETWEEN "
	"    0 AND 60),"
	"  assigned_by INTEGER REFERENCES accounts(id),"
	"  assigned_at INTEGER NOT NULL,"
	"  completed_at INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (patient_id, module)"
	");"
	"CREATE TABLE module_sessions ("
	"  assignment_id INTEGER NOT NULL REFERENCES module_assignments(id),"
	"  session INTEGER NOT NULL,"
	"  started_at INTEGER NOT NULL DEFAULT 0,"
	"  completed_at INTEGER NOT NULL DEFAULT 0,"
	"  last_page INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (assignment_id, session)"
	") WITHOUT ROWID;"
	"CREATE TABLE exercise_answers ("
	"  id INTEGER PRIMARY KEY,"
	"  assignment_id INTEGER NOT NULL REFERENCES module_assignments(id),"
	"  exercise TEXT NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  session INTEGER NOT NULL,"
	"  answer BLOB,"
	"  answer_key INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  submitted_at INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (assignment_id, exercise)"
	");"
	"CREATE INDEX exercise_answers_submitted ON exercise_answers("
	"  submitted_at) WHERE submitted_at > 0;"
	"CREATE INDEX exercise_answers_answer_key ON exercise_answers("
	"  answer_key);"
	"CREATE TABLE exercise_feedback ("
	"  id INTEGER PRIMARY KEY,"
	"  answer_id INTEGER NOT NULL REFERENCES exercise_answers(id),"
	"  author_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  text BLOB,"
	"  text_key INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  seen_at INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX exercise_feedback_answer ON exercise_feedback(answer_id,"
	"  id);"
	"CREATE INDEX exercise_feedback_text_key ON exercise_feedback("
	"  text_key);"
	"CREATE TABLE journal_entries ("
	"  id INTEGER PRIMARY KEY,"
	"  patient_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  text BLOB,"
	"  text_key INTEGER NOT NULL DEFAULT 0,"
	"  shared INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX journal_entries_patient ON journal_entries(patient_id,"
	"  created_at);"
	"CREATE INDEX journal_entries_text_key ON journal_entries(text_key);"
	"CREATE TABLE module_events ("
	"  id INTEGER PRIMARY KEY,"
	"  patient_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  assignment_id INTEGER REFERENCES module_assignments(id),"
	"  kind TEXT NOT NULL,"
	"  session INTEGER NOT NULL DEFAULT -1,"
	"  exercise TEXT,"
	"  at INTEGER NOT NULL"
	");"
	"CREATE INDEX module_events_patient ON module_events(patient_id, at);"
	"CREATE INDEX module_events_assignment ON module_events("
	"  assignment_id, at);",

	/*
	 * 7 -> 8: consent per purpose, research studies and their exports,
	 * and a member's right to be forgotten by the community.  Consent
	 * rows are never updated nor deleted (triggers refuse it, as for the
	 * audit log): each decision is a new row with the
	 * information text's version and hash, when, and who recorded it,
	 * and the latest row of a purpose (and study) is its state.  A
	 * study's secret key lives in a file outside the database
	 * (key_file); only its path is here.  An anonymised post keeps its
	 * author for the clinical record but shows "former member".
	 */
	"CREATE TABLE consents ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  purpose INTEGER NOT NULL,"
	"  study TEXT NOT NULL DEFAULT '',"
	"  given INTEGER NOT NULL CHECK (given IN (0, 1)),"
	"  text_version INTEGER NOT NULL,"
	"  text_hash TEXT NOT NULL,"
	"  language TEXT NOT NULL,"
	"  recorded_by INTEGER REFERENCES accounts(id),"
	"  at INTEGER NOT NULL"
	");"
	"CREATE INDEX consents_account ON consents(account_id, purpose, study,"
	"  id);"
	"CREATE INDEX consents_study ON consents(study, purpose, account_id,"
	"  id);"
	"CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents"
	"  BEGIN SELECT RAISE(ABORT, 'consent decisions are append-only');"
	"  END;"
	"CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents"
	"  BEGIN SELECT RAISE(ABORT, 'consent decisions are append-only');"
	"  END;"
	"CREATE TABLE studies ("
	"  id TEXT PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  protocol TEXT NOT NULL,"
	"  instruments TEXT NOT NULL,"
	"  events TEXT NOT NULL,"
	"  key_file TEXT NOT NULL,"
	"  recruiting INTEGER NOT NULL DEFAULT 1,"
	"  created_by INTEGER REFERENCES accounts(id),"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE study_exports ("
	"  id INTEGER PRIMARY KEY,"
	"  study TEXT NOT NULL REFERENCES studies(id),"
	"  by_id INTEGER REFERENCES accounts(id),"
	"  at INTEGER NOT NULL,"
	"  dir TEXT NOT NULL,"
	"  records INTEGER NOT NULL,"
	"  rows INTEGER NOT NULL,"
	"  events INTEGER NOT NULL"
	");"
	"CREATE INDEX study_exports_study ON study_exports(study, at);"
	"ALTER TABLE posts ADD COLUMN anonymised INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE accounts ADD COLUMN forgotten_at INTEGER NOT NULL "
	"  DEFAULT 0;"
	"CREATE INDEX audit_patient ON audit(patient, id);",
};

_Static_assert(sizeof migrations / sizeof migrations[0] == DB_SCHEMA_VERSION,
    "one migration per schema version");

static const char *status_strs[] = {
	[ST_OK] = "ok",
	[ST_NOTFOUND] = "not found",
	[ST_EXISTS] = "already exists",
	[ST_INVALID] = "invalid value",
	[ST_DENIED] = "not allowed",
	[ST_EXPIRED] = "expired",
	[ST_USED] = "already used",
	[ST_DISABLED] = "account disabled",
	[ST_BUSY] = "database busy",
	[ST_DBERR] = "database error",
	[ST_TOONEW] = "database is newer than this program",
	[ST_IOERR] = "input/output error",
};

/* status_str returns a short English description of a status code. */
const char *
status_str(int st)
{
	if (st < 0 || (size_t)st >= sizeof status_strs / sizeof status_strs[0])
		return "unknown status";
	return status_strs[st];
}

/* db_now returns the current time in seconds since the epoch, UTC. */
int64_t
db_now(void)
{
	return (int64_t)time(NULL);
}

/* db_fail turns the connection's last error into a status code. */
int
db_fail(struct db *db, const char *what)
{
	int	rc;

	rc = sqlite3_extended_errcode(db->sq);
	fprintf(stderr, "storage: %s: %s\n", what, sqlite3_errmsg(db->sq));
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return ST_BUSY;
	return ST_DBERR;
}

/* db_prepare compiles one statement; the caller finalises it. */
int
db_prepare(struct db *db, sqlite3_stmt **stmt, const char *sql)
{
	if (sqlite3_prepare_v2(db->sq, sql, -1, stmt, NULL) != SQLITE_OK) {
		*stmt = NULL;
		return db_fail(db, sql);
	}
	return ST_OK;
}

/* db_exec runs SQL without parameters (schema, pragmas, BEGIN). */
int
db_exec(struct db *db, const char *sql)
{
	if (sqlite3_exec(db->sq, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, sql);
	return ST_OK;
}

/* db_step_done steps a write statement that returns no rows. */
int
db_step_done(struct db *db, sqlite3_stmt *stmt)
{
	int	rc;

	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE)
		return ST_OK;
	if ((sqlite3_extended_errcode(db->sq)) == SQLITE_CONSTRAINT_UNIQUE ||
	    sqlite3_extended_errcode(db->sq) == SQLITE_CONSTRAINT_PRIMARYKEY)
		return ST_EXISTS;
	return db_fail(db, sqlite3_sql(stmt));
}

/*
 * db_step_changed runs a change like db_step_done, and returns none
 * (ST_NOTFOUND, or ST_EXISTS for an insert that may do nothing) when it
 * changed no row.
 */
int
db_step_changed(struct db *db, sqlite3_stmt *stmt, int none)
{
	int	st;

	if ((st = db_step_done(db, stmt)) == ST_OK &&
	    sqlite3_changes(db->sq) == 0)
		st = none;
	return st;
}

/*
 * db_step_int64 steps a query that yields one row of one integer (a
 * count, an id, a time) into *v; what names it in the log on failure.
 */
int
db_step_int64(struct db *db, sqlite3_stmt *stmt, const char *what, int64_t *v)
{
	if (sqlite3_step(stmt) != SQLITE_ROW)
		return db_fail(db, what);
	*v = sqlite3_column_int64(stmt, 0);
	return ST_OK;
}

/*
 * db_step_row steps a query that yields at most one row: ST_OK with the
 * row ready to read, ST_NOTFOUND when there is none (what names it in
 * the log on failure).
 */
int
db_step_row(struct db *db, sqlite3_stmt *stmt, const char *what)
{
	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		return ST_OK;
	case SQLITE_DONE:
		return ST_NOTFOUND;
	default:
		return db_fail(db, what);
	}
}

/*
 * db_collect_ids steps a query whose first column is an id into an
 * allocated list (NULL and 0 on failure, what naming it in the log).
 */
int
db_collect_ids(struct db *db, sqlite3_stmt *stmt, const char *what,
    int64_t **out, size_t *n)
{
	int64_t	*list = NULL;
	size_t	 len = 0;
	int	 rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = sqlite3_column_int64(stmt, 0);
	}
	*out = NULL;
	*n = 0;
	if (rc != SQLITE_DONE) {
		free(list);
		return db_fail(db, what);
	}
	*out = list;
	*n = len;
	return ST_OK;
}

/* db_column_text copies a text column, or returns NULL for SQL NULL. */
char *
db_column_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char	*s;

	if ((s = sqlite3_column_text(stmt, col)) == NULL)
		return NULL;
	return xstrdup((const char *)s);
}

/* db_user_version returns the schema version stored in the file. */
int
db_user_version(struct db *db)
{
	sqlite3_stmt	*stmt = NULL;
	int		 v = -1;

	if (db_prepare(db, &stmt, "PRAGMA user_version") != ST_OK)
		goto out;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
out:
	sqlite3_finalize(stmt);
	return v;
}

/* db_data_version changes whenever another connection commits. */
int64_t
db_data_version(struct db *db)
{
	sqlite3_stmt	*stmt = NULL;
	int64_t		 v = -1;

	if (db_prepare(db, &stmt, "PRAGMA data_version") != ST_OK)
		goto out;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
out:
	sqlite3_finalize(stmt);
	return v;
}

/* db_pragmas applies the per-connection settings the security spec asks. */
static int
db_pragmas(struct db *db)
{
	sqlite3_busy_timeout(db->sq, DB_BUSY_TIMEOUT_MS);
	return db_exec(db,
	    "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA trusted_schema=OFF;"
	    "PRAGMA secure_delete=ON;"
	    "PRAGMA temp_store=MEMORY;"
	    "PRAGMA journal_size_limit=67108864;");
}

/* db_migrate brings the schema up to DB_SCHEMA_VERSION, one step a tx. */
static int
db_migrate(struct db *db, char **err)
{
	char	*sql = NULL;
	int	 v, st;

	if ((v = db_user_version(db)) < 0)
		return ST_DBERR;
	if (v > DB_SCHEMA_VERSION) {
		if (err != NULL)
			xasprintf(err, "%s: database schema version %d is newer "
			    "than this program understands (%d); run a newer "
			    "Mirall", db->path, v, DB_SCHEMA_VERSION);
		return ST_TOONEW;
	}
	for (; v < DB_SCHEMA_VERSION; v++) {
		if ((st = db_begin(db)) != ST_OK)
			return st;
		xasprintf(&sql, "%s; PRAGMA user_version=%d;", migrations[v],
		    v + 1);
		st = db_exec(db, sql);
		free(sql);
		if (st != ST_OK) {
			db_rollback(db);
			if (err != NULL)
				xasprintf(err, "%s: migration to version %d "
				    "failed", db->path, v + 1);
			return st;
		}
		if ((st = db_commit(db)) != ST_OK)
			return st;
	}
	return ST_OK;
}

/*
 * db_open opens the database at path, creating it (mode 0600) when create
 * is set, applies the pragmas and migrates the schema.
 */
int
db_open(const char *path, bool create, struct db **out, char **err)
{
	struct db	*db;
	int		 flags, st, fd;

	*out = NULL;
	if (err != NULL)
		*err = NULL;
	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (create) {
		/* Create the file ourselves so its mode is 0600 whatever the umask. */
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd == -1) {
			if (err != NULL)
				xasprintf(err, "%s: %s", path, strerror(errno));
			return ST_IOERR;
		}
		close(fd);
	}
	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->sq, flags, NULL) != SQLITE_OK) {
		if (err != NULL)
			xasprintf(err, "%s: %s", path, db->sq != NULL ?
			    sqlite3_errmsg(db->sq) : "cannot open");
		db_close(db);
		return ST_IOERR;
	}
	sqlite3_extended_result_codes(db->sq, 1);
	if ((st = db_pragmas(db)) != ST_OK) {
		if (err != NULL)
			xasprintf(err, "%s: %s", path, sqlite3_errmsg(db->sq));
		db_close(db);
		return st;
	}
	if ((st = db_migrate(db, err)) != ST_OK) {
		db_close(db);
		return st;
	}
	*out = db;
	return ST_OK;
}

/* db_close closes the connection; NULL is accepted. */
void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	sqlite3_close(db->sq);
	free(db->path);
	free(db);
}

/* db_begin starts a write transaction, waiting for the lock. */
int
db_begin(struct db *db)
{
	int	i, rc;

	for (i = 0; i < DB_BEGIN_TRIES; i++) {
		rc = sqlite3_exec(db->sq, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return ST_OK;
		if ((rc & 0xff) != SQLITE_BUSY)
			break;
	}
	return db_fail(db, "BEGIN IMMEDIATE");
}

/* db_commit commits; on failure the transaction is rolled back. */
int
db_commit(struct db *db)
{
	int	st;

	if ((st = db_exec(db, "COMMIT")) != ST_OK)
		db_rollback(db);
	return st;
}

/* db_rollback abandons the open transaction, if any. */
void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->sq))
		sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * db_integrity runs PRAGMA integrity_check and returns ST_OK when SQLite
 * answers "ok"; otherwise *report holds its first lines.
 */
int
db_integrity(struct db *db, char **report)
{
	sqlite3_stmt	*stmt = NULL;
	const char	*line;
	int		 st = ST_OK;

	*report = NULL;
	if ((st = db_prepare(db, &stmt, "PRAGMA integrity_check(20)")) != ST_OK)
		goto out;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		line = (const char *)sqlite3_column_text(stmt, 0);
		if (line != NULL && strcmp(line, "ok") == 0)
			continue;
		st = ST_DBERR;
		if (*report == NULL)
			*report = xstrdup(line != NULL ? line : "?");
	}
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * db_backup copies the live database to dest with SQLite's online backup
 * API, which is safe while other processes write.
 */
int
db_backup(struct db *db, const char *dest, char **err)
{
	sqlite3		*to = NULL;
	sqlite3_backup	*b = NULL;
	int		 rc, st = ST_OK, fd;

	*err = NULL;
	fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		xasprintf(err, "%s: %s", dest, strerror(errno));
		return ST_IOERR;
	}
	close(fd);
	if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		xasprintf(err, "%s: %s", dest, sqlite3_errmsg(to));
		st = ST_IOERR;
		goto out;
	}
	if ((b = sqlite3_backup_init(to, "main", db->sq, "main")) == NULL) {
		xasprintf(err, "%s: %s", dest, sqlite3_errmsg(to));
		st = ST_DBERR;
		goto out;
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	if (rc != SQLITE_DONE) {
		xasprintf(err, "%s: %s", dest, sqlite3_errstr(rc));
		st = ST_DBERR;
	}
out:
	if (b != NULL)
		sqlite3_backup_finish(b);
	sqlite3_close(to);
	if (st != ST_OK)
		unlink(dest);
	return st;
}
