/*
 * patient_data.c: what a patient's rights over her data read and change
 * (privacy spec, "Patients' rights"): her consent decisions and alerts
 * for an access request, the audit rows where the staff read or acted
 * on her data, and the mark that the community forgot her.  Who may ask
 * is bbs/rights.c's rule.
 */
#include <stdlib.h>

#include "storage_int.h"

/* patient_consents_free frees a list of consent decisions. */
void
patient_consents_free(struct patient_consent *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(list[i].study);
		free(list[i].text_hash);
		free(list[i].language);
		free(list[i].recorded_by);
	}
	free(list);
}

/*
 * patient_data_consents lists every consent decision of account, oldest
 * first, with who recorded it (NULL: the operator).
 */
int
patient_data_consents(struct db *db, int64_t account,
    struct patient_consent **out, size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct patient_consent	*list = NULL, *c;
	size_t			 len = 0;
	int			 st, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT c.purpose, c.study, c.given, "
	    "c.text_version, c.text_hash, c.language, a.pseudonym, c.at "
	    "FROM consents c LEFT JOIN accounts a ON a.id = c.recorded_by "
	    "WHERE c.account_id = ? ORDER BY c.id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		c = &list[len++];
		c->purpose = sqlite3_column_int(stmt, 0);
		c->study = db_column_text(stmt, 1);
		c->given = sqlite3_column_int(stmt, 2) != 0;
		c->text_version = sqlite3_column_int(stmt, 3);
		c->text_hash = db_column_text(stmt, 4);
		c->language = db_column_text(stmt, 5);
		c->recorded_by = db_column_text(stmt, 6);
		c->at = sqlite3_column_int64(stmt, 7);
	}
	if (rc != SQLITE_DONE) {
		patient_consents_free(list, len);
		st = db_fail(db, "list consents");
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/* patient_data_alerts lists the ids of every alert about patient. */
int
patient_data_alerts(struct db *db, int64_t patient, int64_t **ids,
    size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*ids = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT id FROM alerts WHERE "
	    "patient_id = ? ORDER BY id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	st = db_collect_ids(db, stmt, "alerts of patient", ids, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * patient_data_staff_reads lists, newest first, the allowed audit rows
 * naming pseudonym as the patient concerned whose actor is not the
 * patient herself (self) and acted in one of the staff roles given by
 * their machine names in roles (NULL-terminated): at, actor_name,
 * actor_role and action are set.
 */
int
patient_data_staff_reads(struct db *db, const char *pseudonym, int64_t self,
    const char *const *roles, struct audit_entry ***out, size_t *n)
{
	sqlite3_stmt		 *stmt = NULL;
	struct audit_entry	**list = NULL, *e;
	size_t			  len = 0;
	int			  st, rc, i;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT id, at, actor_name, "
	    "actor_role, action, object_type, coalesce(object_id, 0) "
	    "FROM audit WHERE patient = ?1 AND allowed = 1 AND "
	    "coalesce(actor_id, 0) <> ?2 AND actor_role IN (?3, ?4, ?5, ?6) "
	    "ORDER BY id DESC")) != ST_OK)
		goto out;
	sqlite3_bind_text(stmt, 1, pseudonym, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, self);
	for (i = 0; i < 4 && roles != NULL && roles[i] != NULL; i++)
		sqlite3_bind_text(stmt, 3 + i, roles[i], -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		e = xcalloc(1, sizeof *e);
		e->id = sqlite3_column_int64(stmt, 0);
		e->at = sqlite3_column_int64(stmt, 1);
		e->actor_name = db_column_text(stmt, 2);
		e->actor_role = db_column_text(stmt, 3);
		e->action = db_column_text(stmt, 4);
		e->object_type = db_column_text(stmt, 5);
		e->object_id = sqlite3_column_int64(stmt, 6);
		e->allowed = true;
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len++] = e;
	}
	if (rc != SQLITE_DONE) {
		audit_free_list(list, len);
		st = db_fail(db, "staff reads");
		goto out;
	}
	*out = list;
	*n = len;
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * patient_data_forgotten marks account forgotten by the community at at
 * and disables it: she can no longer log in, her clinical records stay.
 */
int
patient_data_forgotten(struct db *db, int64_t account, int64_t at)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "UPDATE accounts SET forgotten_at = ?, "
	    "disabled = 1 WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, at);
	sqlite3_bind_int64(stmt, 2, account);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* patient_data_forgotten_at reads when account was forgotten (0: never). */
int
patient_data_forgotten_at(struct db *db, int64_t account, int64_t *at)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*at = 0;
	if ((st = db_prepare(db, &stmt, "SELECT forgotten_at FROM accounts "
	    "WHERE id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, account);
	if ((st = db_step_row(db, stmt, "forgotten_at")) == ST_OK)
		*at = sqlite3_column_int64(stmt, 0);
out:
	sqlite3_finalize(stmt);
	return st;
}
