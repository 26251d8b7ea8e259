/*
 * demo_dates.c: what only the demo needs of storage.  bbsctl demo makes
 * months of care in a database created today; a patient's account was
 * created when she enrolled (accounts.created_at is her enrolment for
 * the research exports), so the demo moves each patient's creation back
 * to her first care level, as if she had joined then.
 */
#include "storage_int.h"

/* Roles as bbs/bbs.h numbers them: storage keeps them as integers. */
#define DEMO_DATES_ROLE_PATIENT	0
#define DEMO_DATES_ROLE_EXPERT	1

/*
 * demo_dates_enrolled moves the creation of every patient and expert
 * patient whose first care level is older back to that level's time;
 * *changed counts them.
 */
int
demo_dates_enrolled(struct db *db, int64_t *changed)
{
	sqlite3_stmt	*stmt = NULL;
	int		 st;

	*changed = 0;
	if ((st = db_prepare(db, &stmt, "UPDATE accounts SET created_at = "
	    "(SELECT min(c.set_at) FROM care_levels c WHERE c.patient_id = "
	    "accounts.id) WHERE role IN (?1, ?2) AND created_at > "
	    "(SELECT coalesce(min(c.set_at), created_at) FROM care_levels c "
	    "WHERE c.patient_id = accounts.id)")) != ST_OK)
		goto out;
	sqlite3_bind_int(stmt, 1, DEMO_DATES_ROLE_PATIENT);
	sqlite3_bind_int(stmt, 2, DEMO_DATES_ROLE_EXPERT);
	if ((st = db_step_done(db, stmt)) == ST_OK)
		*changed = sqlite3_changes(db->sq);
out:
	sqlite3_finalize(stmt);
	return st;
}
