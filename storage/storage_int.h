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

int	 db_prepare(struct db *, sqlite3_stmt **, const char *);
int	 db_fail(struct db *, const char *);
int	 db_exec(struct db *, const char *);
char	*db_column_text(sqlite3_stmt *, int);
int	 db_step_done(struct db *, sqlite3_stmt *);

#endif
