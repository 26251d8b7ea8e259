/*
 * journal.c: a patient's private journal.
 *
 * She writes entries for herself (ACT_SELFHELP_DO, her own) and chooses,
 * entry by entry, to share them with the professionals caring for her.
 * She sees all hers; a professional in her care sees only the shared
 * ones, and each such read is audited naming her, never a text; anyone
 * else gets "not found", and so does anyone's entry id but her own.
 * Entries are sealed (seal.c) bound to their row and to her; every
 * change is a module_events row, in the same transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "bbs.h"

/* journal_is_patient tells whether actor keeps a journal of her own. */
static bool
journal_is_patient(const struct actor *actor)
{
	struct target	t = TARGET_NONE;

	t.owner_id = actor->id;
	return !actor->operator && actor->id > 0 &&
	    role_may(actor, ACT_SELFHELP_DO, &t);
}

/*
 * journal_clean sanitises an entry's text into *out: 1 to
 * EXERCISE_TEXT_MAX code points, else ST_INVALID with *err saying so.
 */
static int
journal_clean(const char *text, char **out, char **err)
{
	char	*s;
	size_t	 n;

	*out = NULL;
	s = text_sanitise(text != NULL ? text : "", true);
	if (s[strspn(s, " \n")] == '\0') {
		text_wipe(s);
		return text_say(err, ST_INVALID, "%s", _("Please write "
		    "something first."));
	}
	if ((n = text_codepoints(s)) > EXERCISE_TEXT_MAX) {
		text_wipe(s);
		return text_say(err, ST_INVALID, _("An entry can be at most "
		    "%d characters; this one has %zu."), EXERCISE_TEXT_MAX, n);
	}
	*out = s;
	return ST_OK;
}

/*
 * journal_seal seals text for entry id of patient and stores it as
 * changed now, inside the caller's transaction.
 */
static int
journal_seal(struct db *db, int64_t id, int64_t patient, const char *text)
{
	struct sealed	s;
	int		st;

	if (seal_text(SEAL_MODULES, sealed_table(SEALED_JOURNAL_TEXT), id,
	    patient, text, &s) != ST_OK) {
		log_warn("journal entry %lld: cannot be sealed", (long long)id);
		return ST_IOERR;
	}
	st = journal_entries_set_text(db, id, &s, db_now());
	sealed_clear(&s);
	return st;
}

/* journal_end commits when st is ST_OK, else rolls back; says why. */
static int
journal_end(struct db *db, int st, char **err)
{
	if (st == ST_OK)
		return db_commit(db);
	db_rollback(db);
	return seal_kept(err, st);
}

/*
 * journal_write adds an entry to actor's own journal, shared with her
 * professionals or not; *id is the new entry.  On ST_INVALID or ST_IOERR
 * *err says why.
 */
int
journal_write(struct db *db, const struct actor *actor, const char *text,
    bool shared, int64_t *id, char **err)
{
	char	*clean = NULL;
	int	 st;

	*id = 0;
	*err = NULL;
	if (!journal_is_patient(actor))
		return ST_DENIED;
	if ((st = journal_clean(text, &clean, err)) != ST_OK)
		return st;
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	st = journal_entries_add(db, actor->id, shared, db_now(), id);
	if (st == ST_OK)
		st = journal_seal(db, *id, actor->id, clean);
	if (st == ST_OK)
		st = module_events_add(db, actor->id, 0, "journal.write", -1,
		    NULL, db_now());
	if (st == ST_OK && shared)
		st = module_events_add(db, actor->id, 0, "journal.share", -1,
		    NULL, db_now());
	if ((st = journal_end(db, st, err)) != ST_OK)
		*id = 0;
out:
	text_wipe(clean);
	return st;
}

/*
 * journal_own reads entry id for its author: anyone else's is "not
 * found".  The caller frees r->text with sealed_clear.
 */
static int
journal_own(struct db *db, const struct actor *actor, int64_t id,
    struct journal_row *r)
{
	int	st;

	memset(r, 0, sizeof *r);
	if (!journal_is_patient(actor))
		return ST_NOTFOUND;
	if ((st = journal_entries_get(db, id, r)) != ST_OK)
		return st;
	if (r->patient_id != actor->id) {
		sealed_clear(&r->text);
		return ST_NOTFOUND;
	}
	return ST_OK;
}

/* journal_update changes the text of one of actor's own entries. */
int
journal_update(struct db *db, const struct actor *actor, int64_t id,
    const char *text, char **err)
{
	struct journal_row	 r;
	char			*clean = NULL;
	int			 st;

	*err = NULL;
	if ((st = journal_own(db, actor, id, &r)) != ST_OK)
		return st;
	sealed_clear(&r.text);
	if ((st = journal_clean(text, &clean, err)) != ST_OK)
		return st;
	if ((st = db_begin(db)) != ST_OK)
		goto out;
	st = journal_seal(db, id, actor->id, clean);
	if (st == ST_OK)
		st = module_events_add(db, actor->id, 0, "journal.update", -1,
		    NULL, db_now());
	st = journal_end(db, st, err);
out:
	text_wipe(clean);
	return st;
}

/*
 * journal_share shares one of actor's own entries with her professionals
 * (on), or stops sharing it; a change is an event.
 */
int
journal_share(struct db *db, const struct actor *actor, int64_t id, bool on)
{
	struct journal_row	r;
	int			st;

	if ((st = journal_own(db, actor, id, &r)) != ST_OK)
		return st;
	sealed_clear(&r.text);
	if (r.shared == on)
		return ST_OK;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	st = journal_entries_set_shared(db, id, on);
	if (st == ST_OK)
		st = module_events_add(db, actor->id, 0, on ? "journal.share" :
		    "journal.unshare", -1, NULL, db_now());
	return journal_end(db, st, NULL);
}

/* journal_entries_free frees a list from journal_list. */
void
journal_entries_free(struct journal_entry *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		text_wipe(list[i].text);
	free(list);
}

/*
 * journal_list gives patient's entries (0: actor's own), newest first,
 * opened: all of them for her; for a professional caring for her only
 * those she shares, the read audited first.
 */
int
journal_list(struct db *db, const struct actor *actor, int64_t patient,
    struct journal_entry **out, size_t *n)
{
	struct account		*p = NULL;
	struct journal_row	*rows = NULL;
	struct journal_entry	*list = NULL;
	size_t			 len = 0, i;
	bool			 staff;
	int			 st;

	*out = NULL;
	*n = 0;
	if (patient == 0)
		patient = actor->id;
	if ((st = care_patient(db, actor, ACT_RESULTS_SEE, patient, &p,
	    NULL)) != ST_OK)
		return st;
	staff = actor->id != patient;
	if ((st = journal_entries_of(db, patient, staff, &rows, &len)) !=
	    ST_OK)
		goto out;
	if (staff && (st = audit_view(db, actor, "journal.read", "account",
	    patient, p->pseudonym, NULL)) != ST_OK)
		goto out;
	list = len > 0 ? xcalloc(len, sizeof *list) : NULL;
	for (i = 0; i < len; i++) {
		list[i].id = rows[i].id;
		list[i].shared = rows[i].shared;
		list[i].created_at = rows[i].created_at;
		list[i].updated_at = rows[i].updated_at;
		list[i].text = seal_open(SEAL_MODULES,
		    sealed_table(SEALED_JOURNAL_TEXT), rows[i].id, patient,
		    &rows[i].text);
		list[i].unreadable = list[i].text == NULL;
	}
	*out = list;
	*n = len;
out:
	journal_rows_free(rows, len);
	account_free(p);
	return st;
}
