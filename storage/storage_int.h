/*
 * storage_int.h: helpers shared by the files of storage/ only.
 */
#ifndef STORAGE_INT_H
#define STORAGE_INT_H

#include <sqlite3.h>

#include "storage.h"

struct db {
	sqlite3	*sq;
	char	*path;
};

/*
 * The rule for an account's read floor on a board, as SQL: the floor the
 * account reached there, else the newest post when the account was made.
 * acct and board are SQL expressions (parameters or columns).
 */
#define READS_FLOOR_SQL(acct, board) \
	"coalesce((SELECT floor_id FROM board_reads WHERE account_id = " \
	acct " AND board_id = " board "), (SELECT read_floor FROM accounts " \
	"WHERE id = " acct "), 0)"

int	 db_prepare(struct db *, sqlite3_stmt **, const char *);
int	 db_fail(struct db *, const char *);
int	 db_exec(struct db *, const char *);
char	*db_column_text(sqlite3_stmt *, int);
int	 db_step_done(struct db *, sqlite3_stmt *);
int	 db_step_changed(struct db *, sqlite3_stmt *, int);
int	 db_step_int64(struct db *, sqlite3_stmt *, const char *, int64_t *);
int	 db_step_row(struct db *, sqlite3_stmt *, const char *);
int	 db_collect_ids(struct db *, sqlite3_stmt *, const char *, int64_t **,
	    size_t *);

/* sealed.c: a sealed text's blob and key columns, read and bound. */
void	 sealed_column(sqlite3_stmt *, int, int, struct sealed *);
void	 sealed_bind(sqlite3_stmt *, int, int, const struct sealed *);

#endif
