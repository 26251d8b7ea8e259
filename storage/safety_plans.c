/*
 * safety_plans.c: each patient's safety plan, kept as one text per
 * section (bbs/safety.c names the sections).
 */
#include <stdlib.h>

#include "storage_int.h"

/*
 * safety_plans_get fills texts[0..n-1] with patient's sections (allocated;
 * "" when not written) and *updated with the latest change (0: never).
 */
int
safety_plans_get(struct db *db, int64_t patient, char **texts, size_t n,
    int64_t *updated)
{
	sqlite3_stmt	*stmt = NULL;
	size_t		 i;
	int		 st, rc, section;

	*updated = 0;
	for (i = 0; i < n; i++)
		texts[i] = NULL;
	if ((st = db_prepare(db, &stmt, "SELECT section, text, updated_at "
	    "FROM safety_plan_sections WHERE patient_id = ?")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		section = sqlite3_column_int(stmt, 0);
		if (section < 0 || (size_t)section >= n)
			continue;
		free(texts[section]);
		texts[section] = db_column_text(stmt, 1);
		if (sqlite3_column_int64(stmt, 2) > *updated)
			*updated = sqlite3_column_int64(stmt, 2);
	}
	if (rc != SQLITE_DONE)
		st = db_fail(db, "safety plan");
out:
	sqlite3_finalize(stmt);
	for (i = 0; i < n; i++) {
		if (texts[i] == NULL)
			texts[i] = xstrdup("");
	}
	return st;
}

/* safety_plans_set stores one section of patient's plan. */
int
safety_plans_set(struct db *db, int64_t patient, int section,
    const char *text)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	if ((st = db_prepare(db, &stmt, "INSERT INTO safety_plan_sections "
	    "(patient_id, section, text, updated_at) VALUES (?, ?, ?, ?) "
	    "ON CONFLICT DO UPDATE SET text = excluded.text, updated_at = "
	    "excluded.updated_at")) != ST_OK)
		goto out;
	sqlite3_bind_int64(stmt, 1, patient);
	sqlite3_bind_int(stmt, 2, section);
	sqlite3_bind_text(stmt, 3, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, db_now());
	st = db_step_done(db, stmt);
out:
	sqlite3_finalize(stmt);
	return st;
}
