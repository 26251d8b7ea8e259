/*
 * care.c: care teams (which professionals follow a patient) and the
 * history of a patient's care level.  Changes are never overwritten: a
 * new level is a new row, so the course of care can be shown.
 */
#include <stdlib.h>

#include "storage_int.h"

/* care_team_add puts professional in patient's care team. */
int
care_team_add(struct db *db, int64_t patient, int64_t professional,
    int64_t by)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO care_team (patient_id, "
	    "professional_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?) "
	    "ON CONFLICT DO NOTHING")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int64(stmt, 2, professional);
	if (by > 0)
		sqlite3_bind_int64(stmt, 3, by);
	sqlite3_bind_int64(stmt, 4, db_now());
	st = db_step_changed(db, stmt, ST_EXISTS);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* care_team_remove takes professional out of patient's care team. */
int
care_team_remove(struct db *db, int64_t patient, int64_t professional)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "DELETE FROM care_team WHERE "
	    "patient_id = ? AND professional_id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int64(stmt, 2, professional);
	st = db_step_changed(db, stmt, ST_NOTFOUND);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* care_team_int runs a query with two ids that yields one integer. */
static int
care_team_int(struct db *db, const char *sql, int64_t a, int64_t b,
    int64_t *v)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*v = 0;
	if ((st = db_prepare(db, &stmt, sql)) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, a);
	sqlite3_bind_int64(stmt, 2, b);
	st = db_step_int64(db, stmt, "care team", v);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* care_team_has tells whether professional is in patient's care team. */
int
care_team_has(struct db *db, int64_t patient, int64_t professional,
    bool *has)
{
	int64_t	v;
	int	st;

	st = care_team_int(db, "SELECT EXISTS (SELECT 1 FROM care_team WHERE "
	    "patient_id = ? AND professional_id = ?)", patient, professional,
	    &v);
	*has = v != 0;
	return st;
}

/*
 * care_team_count counts the professionals caring for patient: enabled
 * accounts still of role 2 (professional), so a team of people who have
 * left sends her alerts to the shared queue instead of to nobody.
 */
int
care_team_count(struct db *db, int64_t patient, int64_t *n)
{
	return care_team_int(db, "SELECT count(*) FROM care_team t JOIN "
	    "accounts a ON a.id = t.professional_id WHERE t.patient_id = ? "
	    "AND a.role = 2 AND a.disabled = 0 AND ?2 = ?2", patient, 0, n);
}

/* care_members_free frees a list from care_team_list. */
void
care_members_free(struct care_member *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(list[i].pseudonym);
	free(list);
}

/* care_team_list lists patient's care team, by pseudonym. */
int
care_team_list(struct db *db, int64_t patient, struct care_member **out,
    size_t *n)
{
	sqlite3_stmt		*stmt = NULL;
	struct care_member	*list = NULL;
	size_t			 len = 0;
	int			 st, rc;

	if ((st = db_prepare(db, &stmt, "SELECT a.id, a.pseudonym, "
	    "t.assigned_at FROM care_team t JOIN accounts a ON a.id = "
	    "t.professional_id WHERE t.patient_id = ? ORDER BY "
	    "a.pseudonym")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len].id = sqlite3_column_int64(stmt, 0);
		list[len].pseudonym = db_column_text(stmt, 1);
		list[len].assigned_at = sqlite3_column_int64(stmt, 2);
		len++;
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "care team");
out:
	sqlite3_finalize(stmt);
	if (st != ST_OK) {
		care_members_free(list, len);
		list = NULL;
		len = 0;
	}
	*out = list;
	*n = len;
	return st;
}

/* care_team_patients lists the ids of the patients professional follows. */
int
care_team_patients(struct db *db, int64_t professional, int64_t **out,
    size_t *n)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, &stmt, "SELECT patient_id FROM care_team "
	    "WHERE professional_id = ? ORDER BY patient_id")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, professional);
	st = db_collect_ids(db, stmt, "caseload", out, n);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* care_levels_add records patient's new care level, set by by at at. */
int
care_levels_add(struct db *db, int64_t patient, int level, int64_t by,
    int64_t at)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO care_levels (patient_id, "
	    "level, set_by, set_at) VALUES (?, ?, ?, ?)")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int(stmt, 2, level);
	if (by > 0)
		sqlite3_bind_int64(stmt, 3, by);
	sqlite3_bind_int64(stmt, 4, at);
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}

/* care_levels_free frees a history from care_levels_history. */
void
care_levels_free(struct care_level_change *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(list[i].set_by);
	free(list);
}

/* care_levels_history lists patient's care levels, oldest first. */
int
care_levels_history(struct db *db, int64_t patient,
    struct care_level_change **out, size_t *n)
{
	sqlite3_stmt			*stmt = NULL;
	struct care_level_change	*list = NULL;
	size_t				 len = 0;
	int				 st, rc;

	if ((st = db_prepare(db, &stmt, "SELECT c.level, a.pseudonym, "
	    "c.set_at FROM care_levels c LEFT JOIN accounts a ON a.id = "
	    "c.set_by WHERE c.patient_id = ? ORDER BY c.set_at, c.id")) !=
	    ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, len + 1, sizeof *list);
		list[len].level = sqlite3_column_int(stmt, 0);
		list[len].set_by = sqlite3_column_type(stmt, 1) ==
		    SQLITE_NULL ? NULL : db_column_text(stmt, 1);
		list[len].at = sqlite3_column_int64(stmt, 2);
		len++;
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "care levels");
out:
	sqlite3_finalize(stmt);
	if (st != ST_OK) {
		care_levels_free(list, len);
		list = NULL;
		len = 0;
	}
	*out = list;
	*n = len;
	return st;
}
