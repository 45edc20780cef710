/*
 * store-backup.c - backups of the records (store.h): SQLite's online
 * backup into an empty file, checked and left as one file that stands
 * alone.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "store-internal.h"
#include "store.h"
#include "util.h"

/* Nonzero when a and b name the same folder entry or the same file. */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	char *da, *db, *ba, *bb;
	int same = 0;

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	/* Neither is there yet, or one is: compare folder and name. */
	da = xstrdup(a);
	db = xstrdup(b);
	ba = strrchr(da, '/');
	bb = strrchr(db, '/');
	if (ba)
		*ba++ = '\0';
	if (bb)
		*bb++ = '\0';
	if (!strcmp(ba ? ba : da, bb ? bb : db) &&
	    stat(ba ? (*da ? da : "/") : ".", &sa) == 0 &&
	    stat(bb ? (*db ? db : "/") : ".", &sb) == 0)
		same = sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	free(da);
	free(db);
	return same;
}

int store_is_own_file(struct store *st, const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
						"-journal" };
	size_t i;
	int own = 0;

	for (i = 0; i < ARRAY_SIZE(suffixes) && !own; i++) {
		char *name = xasprintf("%s%s", st->path, suffixes[i]);

		own = same_file(path, name);
		free(name);
	}
	return own;
}

/* Counts the rows of the backup's tables, into c. */
static int backup_count(sqlite3 *db, struct backup_counts *c)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM learners), "
			       "(SELECT count(*) FROM attempts), "
			       "(SELECT count(*) FROM answers)", -1, &stmt,
			       NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		c->learners = sqlite3_column_int(stmt, 0);
		c->attempts = sqlite3_column_int(stmt, 1);
		c->answers = sqlite3_column_int(stmt, 2);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* The answer of PRAGMA integrity_check on the backup: 0 when "ok". */
static int backup_check(sqlite3 *db)
{
	sqlite3_stmt *stmt;
	const unsigned char *r;
	int ok = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt,
			       NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		r = sqlite3_column_text(stmt, 0);
		ok = r && !strcmp((const char *)r, "ok");
	}
	sqlite3_finalize(stmt);
	return ok ? 0 : -1;
}

int store_backup(struct store *st, const char *path, struct backup_counts *c,
		 char **msg)
{
	sqlite3 *db = NULL;
	sqlite3_backup *b;
	int rc, waited = 0;

	memset(c, 0, sizeof(*c));
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		*msg = xasprintf("cannot open the copy: %s",
				 db ? sqlite3_errmsg(db) : "out of memory");
		goto fail;
	}
	b = sqlite3_backup_init(db, "main", st->db, "main");
	if (!b) {
		*msg = xasprintf("cannot begin the copy: %s",
				 sqlite3_errmsg(db));
		goto fail;
	}
	/*
	 * Every page in one step, which is one read transaction on the
	 * source: in WAL mode it sees one snapshot however many answers are
	 * committed meanwhile, and writers are not held up.  Copying a few
	 * pages per step would let go of the snapshot between steps, and a
	 * write by another process would restart the copy, which under a
	 * steady load might never finish.  Only taking the read lock can be
	 * refused (SQLITE_BUSY while another process recovers the log): wait
	 * as the other connections do.
	 */
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED) {
		if (waited >= BUSY_TIMEOUT_MS)
			break;
		sqlite3_sleep(50);
		waited += 50;
	}
	if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE) {
		*msg = xasprintf("cannot copy the records: %s",
				 sqlite3_errstr(rc == SQLITE_DONE ?
						sqlite3_errcode(db) : rc));
		goto fail;
	}
	/*
	 * The copy's header says WAL, as the source's does; a rollback
	 * journal makes it one file that stands alone.  journal_mode answers
	 * with a row, which exec ignores.
	 */
	if (sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL,
			 NULL) != SQLITE_OK) {
		*msg = xasprintf("cannot make the copy stand alone: %s",
				 sqlite3_errmsg(db));
		goto fail;
	}
	if (backup_check(db) < 0) {
		*msg = xstrdup("the copy does not pass the integrity check");
		goto fail;
	}
	if (backup_count(db, c) < 0) {
		*msg = xasprintf("cannot count the copy's records: %s",
				 sqlite3_errmsg(db));
		goto fail;
	}
	if (sqlite3_close(db) != SQLITE_OK) {
		*msg = xasprintf("cannot close the copy: %s",
				 sqlite3_errmsg(db));
		db = NULL;	/* left for the process's end */
		goto fail;
	}
	return 0;
fail:
	sqlite3_close_v2(db);
	return -1;
}

