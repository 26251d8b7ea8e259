/*
 * rotate.c: rotating the key of sealed texts (security spec, "Encryption
 * at rest": a key ring and batched re-encryption).
 *
 * A new key is appended to the ring and becomes current: from then on
 * every process seals with it (seal_text notices the changed file).  The
 * records sealed under older keys are then opened and sealed again, a
 * batch per transaction, so sessions keep writing meanwhile.  A record
 * rewritten by someone else between reading and writing it is left to
 * the next pass.  Old keys stay in the ring: a backup taken before the
 * rotation still opens with this ring.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bbs.h"

/* The purpose each sealed column was sealed for. */
static const enum seal_purpose rotate_purpose[SEALED_COLUMN_COUNT] = {
	[SEALED_CONV_SUBJECT] = SEAL_MESSAGES,
	[SEALED_MESSAGE_BODY] = SEAL_MESSAGES,
	[SEALED_MIRROR_DETAILS] = SEAL_MIRROR,
	[SEALED_MIRROR_PREFERENCE] = SEAL_MIRROR,
	[SEALED_MIRROR_NOTE] = SEAL_MIRROR,
	[SEALED_RATING_COMMENT] = SEAL_MIRROR,
	[SEALED_EXERCISE_ANSWER] = SEAL_MODULES,
	[SEALED_FEEDBACK_TEXT] = SEAL_MODULES,
	[SEALED_JOURNAL_TEXT] = SEAL_MODULES,
};

/*
 * rotate_purpose_of is the purpose of a sealed column; a conversation's
 * subject and messages in a mirror conversation are SEAL_MIRROR when the
 * conversation is one, which rotate_row asks the conversation for.
 */
static enum seal_purpose
rotate_purpose_of(struct db *db, enum sealed_column col, int64_t bound)
{
	struct conversation	*c = NULL;
	enum seal_purpose	 p = rotate_purpose[col];

	if ((col == SEALED_CONV_SUBJECT || col == SEALED_MESSAGE_BODY) &&
	    conversations_get(db, bound, 0, &c) == ST_OK &&
	    c->kind == CONV_MIRROR)
		p = SEAL_MIRROR;
	conversation_free(c);
	return p;
}

/* rotate_row re-seals one record under the current key. */
static int
rotate_row(struct db *db, enum sealed_column col, struct sealed_row *r,
    bool *moved)
{
	struct sealed		 fresh;
	enum seal_purpose	 p;
	char			*text;
	int			 st;

	*moved = false;
	p = rotate_purpose_of(db, col, r->bound);
	if ((text = seal_open(p, sealed_table(col), r->row, r->bound,
	    &r->text)) == NULL)
		return ST_INVALID;
	st = seal_text(p, sealed_table(col), r->row, r->bound, text, &fresh);
	sodium_memzero(text, strlen(text));
	free(text);
	if (st != ST_OK)
		return st;
	st = sealed_rewrite(db, col, r->row, r->text.key, &fresh);
	sealed_clear(&fresh);
	if (st == ST_NOTFOUND)
		return ST_OK;	/* rewritten meanwhile: the next pass sees */
	*moved = st == ST_OK;
	return st;
}

/*
 * rotate_batch re-seals up to batch records of one column in one
 * transaction; *n is how many were re-sealed.  Records that cannot be
 * opened stay stale and come back in every pass, so the pass asks for
 * batch more than the *bad it met last time, and *bad becomes this
 * pass's count.
 */
static int
rotate_batch(struct db *db, enum sealed_column col, size_t batch,
    size_t *n, int64_t *bad)
{
	struct sealed_row	*rows = NULL;
	size_t			 nrows = 0, i;
	int64_t			 seen = 0;
	bool			 moved;
	int			 st;

	*n = 0;
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = sealed_stale(db, col, seal_current(), batch + (size_t)*bad,
	    &rows, &nrows)) != ST_OK)
		goto fail;
	for (i = 0; i < nrows; i++) {
		st = rotate_row(db, col, &rows[i], &moved);
		if (st == ST_INVALID) {
			seen++;
			continue;
		}
		if (st != ST_OK)
			goto fail;
		if (moved)
			(*n)++;
	}
	sealed_rows_free(rows, nrows);
	*bad = seen;
	return db_commit(db);
fail:
	sealed_rows_free(rows, nrows);
	db_rollback(db);
	return st;
}

/* rotate_column re-seals a whole column, batch by batch. */
static int
rotate_column(struct db *db, enum sealed_column col, size_t batch,
    int64_t *moved, int64_t *bad)
{
	int64_t	colbad = 0, prev;
	size_t	n;
	int	st;

	/* Done when a pass moves nothing and meets no new bad record. */
	do {
		prev = colbad;
		if ((st = rotate_batch(db, col, batch, &n, &colbad)) != ST_OK)
			return st;
		*moved += (int64_t)n;
	} while (n > 0 || colbad > prev);
	*bad += colbad;
	return ST_OK;
}

/*
 * rotate_run adds a key (unless only finishing, add false) and re-seals
 * every record under an older one.  Records that cannot be opened (a
 * key missing from the ring) are left as they are and counted in *err.
 */
int
rotate_run(struct db *db, const struct conf *conf, const struct actor *actor,
    size_t batch, bool add, int64_t *moved, char **err)
{
	uint32_t	id = seal_current();
	int64_t		bad = 0;
	char		detail[64];
	int		col, st;

	*moved = 0;
	*err = NULL;
	if (batch == 0)
		batch = 500;
	if (add && (st = seal_add_key(conf->message_keys, &id, err)) != ST_OK)
		return st;
	for (col = 0; col < SEALED_COLUMN_COUNT; col++) {
		if ((st = rotate_column(db, col, batch, moved, &bad)) != ST_OK) {
			xasprintf(err, "re-sealing %s: %s", sealed_table(col),
			    status_str(st));
			return st;
		}
	}
	snprintf(detail, sizeof detail, "key %u, %lld re-sealed", id,
	    (long long)*moved);
	if ((st = db_begin(db)) != ST_OK)
		return st;
	if ((st = audit_record(db, actor, "keys.rotate", "keys", id, NULL,
	    detail, true)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	if ((st = db_commit(db)) != ST_OK)
		return st;
	if (bad > 0) {
		xasprintf(err, "%lld records could not be opened with the "
		    "key ring and were left as they are", (long long)bad);
		return ST_INVALID;
	}
	return ST_OK;
}

/*
 * rotate_pending counts the records still sealed under an older key than
 * the current one: after a finished rotation, none.
 */
int
rotate_pending(struct db *db, int64_t *n)
{
	int64_t	k;
	int	col, st;

	*n = 0;
	for (col = 0; col < SEALED_COLUMN_COUNT; col++) {
		if ((st = sealed_count_stale(db, col, seal_current(), &k)) !=
		    ST_OK)
			return st;
		*n += k;
	}
	return ST_OK;
}

/*
 * rotate_verify checks that the loaded ring opens what is stored: in
 * each sealed column, the oldest few records.  A column where none of
 * them opens means a wrong or incomplete key ring (one altered record
 * alone does not stop the service); *err names the column and the file.
 */
int
rotate_verify(struct db *db, const struct conf *conf, char **err)
{
	struct sealed_row	*rows = NULL;
	size_t			 n = 0, i, opened;
	char			*text;
	int			 col, st;

	*err = NULL;
	for (col = 0; col < SEALED_COLUMN_COUNT; col++) {
		/* Key id 0 is never used: every sealed record is "stale". */
		if ((st = sealed_stale(db, col, 0, 3, &rows, &n)) != ST_OK)
			return st;
		for (i = opened = 0; i < n; i++) {
			text = seal_open(rotate_purpose_of(db, col,
			    rows[i].bound), sealed_table(col), rows[i].row,
			    rows[i].bound, &rows[i].text);
			if (text != NULL)
				opened++;
			free(text);
		}
		sealed_rows_free(rows, n);
		if (n > 0 && opened == 0) {
			xasprintf(err, "%s: the keys do not open the stored "
			    "texts (%s): is this the deployment's key ring?",
			    conf->message_keys, sealed_table(col));
			return ST_INVALID;
		}
	}
	return ST_OK;
}
