/*
 * store-internal.h - what the parts of the store share (store.h is the
 * public header): the connection, and the helpers every record kind uses
 * to prepare, bind, step and be done with a statement inside a
 * transaction.  store.c holds these; store-learners.c, store-attempts.c,
 * store-certificates.c, store-sessions.c and store-backup.c each hold one
 * kind of record.
 */
#ifndef VIGIL_STORE_INTERNAL_H
#define VIGIL_STORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <sqlite3.h>

#include "store.h"

#define BUSY_TIMEOUT_MS	5000
#define SECRET_LEN	32

/* Statements kept prepared between uses: compiling SQL was a sixth of a
 * web request, whose connections are kept (web.c). */
#define STMT_CACHE 48

struct store {
	sqlite3 *db;
	sqlite3_stmt *idle[STMT_CACHE];	/* reset, bindings cleared */
	size_t nidle;
	char *path;
	dev_t dev;		/* the file opened, to tell if it was replaced */
	ino_t ino;
	unsigned char secret[SECRET_LEN];
	char *actor;		/* who the audit log names (store_set_actor) */
	int64_t actor_id;	/* and their learner id, or 0 */
};

/* Sets *msg to "PATH: WHAT: sqlite's message" and returns -1. */
int store_fail(struct store *st, char **msg, const char *what);
/* Runs SQL that returns no rows. */
int store_exec(struct store *st, const char *sql, char **msg);
/*
 * Prepares sql (kept prepared between uses), binding one argument for each
 * letter of types:
 *   't'  a const char *: text, or NULL for SQL NULL
 *   'i'  an int
 *   'I'  an int64_t (cast sizes and counts: a va_arg must match exactly)
 *   'B'  a blob, as two arguments: a const void * and an int length
 * Returns the statement, or NULL with *msg set.  A letter not listed here,
 * or a count of letters other than the statement's parameters, is a bug in
 * the caller: it aborts before reading the wrong arguments.
 */
sqlite3_stmt *store_prepare(struct store *st, char **msg, const char *sql,
			    const char *types, ...);
/* Done with a statement from store_prepare: reset and kept for reuse. */
void store_done(struct store *st, sqlite3_stmt *stmt);
/* Steps a statement (NULL: the prepare failed) that changes rows, and is
 * done with it; what names the failure in *msg. */
int store_run(struct store *st, sqlite3_stmt *stmt, char **msg,
	      const char *what);
/*
 * Steps a query for at most one row, read into out (zeroed first, size
 * bytes) by read: 1 found, 0 not, -1 error.  Is done with the statement.
 */
int store_row_one(struct store *st, sqlite3_stmt *stmt, void *out,
		  size_t size, void (*read)(sqlite3_stmt *, void *),
		  char **msg);
/*
 * Reads every row of stmt into a new array of elements of size bytes,
 * each zeroed and filled by read: 0 with the array at *(T **)out (NULL
 * when there are none, free it and clear each element) and *n, or -1,
 * having cleared what was read, with *msg saying "cannot list WHAT".  Is
 * done with the statement.
 */
int store_rows(struct store *st, sqlite3_stmt *stmt, size_t size,
	       void (*read)(sqlite3_stmt *stmt, void *elem),
	       void (*clear)(void *elem), void *out, size_t *n,
	       const char *what, char **msg);
/* A query for one value: its first column of at most one row, as text
 * (malloc'd, NULL for SQL NULL) or as a whole number: 1 found, 0 not, -1
 * error.  Is done with the statement. */
int store_text_one(struct store *st, sqlite3_stmt *stmt, char **out,
		   char **msg);
int store_int64_one(struct store *st, sqlite3_stmt *stmt, int64_t *out,
		    char **msg);
/* BEGIN IMMEDIATE: writers take the lock first, so two never deadlock. */
int store_begin(struct store *st, char **msg);
int store_commit(struct store *st, char **msg);
/* Rolls back after a failure (if a transaction is open); returns -1. */
int store_rollback(struct store *st);
/* Column i as malloc'd text, or NULL for SQL NULL. */
char *store_column_text(sqlite3_stmt *stmt, int i);

/* A learner's columns, from the learners table under the name t. */
#define LEARNER_COLUMNS_OF(t) \
	t ".id, " t ".ref, " t ".name, " t ".email, " t ".role, " \
	t ".added, " t ".start, " t ".left_on, " t ".access, " \
	"(SELECT group_concat(g.name, char(10)) FROM learner_groups lg " \
	"JOIN groups g ON g.id = lg.group_id WHERE lg.learner_id = " t ".id)"
/* The learner a query's one row names, its columns LEARNER_COLUMNS_OF:
 * 1 found, 0 not, -1 error.  Is done with the statement. */
int store_learner_one(struct store *st, sqlite3_stmt *stmt,
		      struct learner *out, char **msg);

/* Writes an audit row inside the caller's transaction (store-school.c);
 * subject: the learner it is about (0: none), whose details it loses if
 * they are erased. */
int store_audit_row(struct store *st, const char *action,
		    const char *detail, int64_t subject, char **msg);
/* Inside the caller's transaction: the audit rows by or about learner id
 * lose who (store-school.c). */
int store_audit_forget(struct store *st, int64_t id, char **msg);
/* Puts learner l in exactly the groups named (making those not yet
 * known), inside the caller's transaction; today is the date joined. */
int store_groups_set(struct store *st, int64_t learner_id,
		     const struct strv *groups, const char *today,
		     char **msg);

/* An attempt with its learner and certificate: SELECT ATTEMPT_COLUMNS
 * ATTEMPT_FROM WHERE ..., read by store_attempt_one. */
#define ATTEMPT_COLUMNS \
	"a.id, a.uuid, a.statement_id, a.learner_id, l.ref, l.name, " \
	"l.email, l.role, a.pack, a.pack_title, a.pack_version, " \
	"a.pack_hash, a.module, a.module_title, a.seed, a.status, " \
	"a.started, a.ended, a.score, a.max, a.percent, a.pass_mark, " \
	"a.minutes, a.expires, c.code, a.pack_language, " \
	"(SELECT ifnull(progress, 0) FROM answers WHERE attempt_id = a.id " \
	"ORDER BY seq DESC LIMIT 1) "
#define ATTEMPT_FROM \
	"FROM attempts a JOIN learners l ON l.id = a.learner_id " \
	"LEFT JOIN certificates c ON c.attempt_id = a.id "
/* The same for an attempt. */
int store_attempt_one(struct store *st, sqlite3_stmt *stmt,
		      struct attempt *out, char **msg);

#endif
