/*
 * store.c - the records in SQLite (store.h): opening, the schema and its
 * migrations, transactions and the prepared statements every kind of record
 * goes through (store-internal.h); each kind has a file, store-KIND.c.
 *
 * Pragmas follow SECURITY.md: WAL with synchronous=FULL, so that a commit
 * that returned is on disk; foreign keys; a busy timeout for a second
 * process (the web server and a terminal at once); writes in BEGIN
 * IMMEDIATE so two writers never deadlock on an upgrade.  The schema is
 * versioned with user_version and built by the migrations below, in order.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>
#include <sqlite3.h>

#include "store-internal.h"
#include "store.h"
#include "util.h"

/*
 * Migration N takes the schema from version N-1 to N.  Never edit one that
 * has shipped: add the next.
 */
static const char *const migrations[] = {
	/* 1: the first schema. */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value BLOB NOT NULL"
	");"
	"CREATE TABLE learners ("
	"  id INTEGER PRIMARY KEY,"
	"  ref TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  email TEXT,"
	"  role TEXT,"
	"  added TEXT NOT NULL"
	");"
	"CREATE TABLE attempts ("
	"  id INTEGER PRIMARY KEY,"
	"  uuid TEXT NOT NULL UNIQUE,"
	"  statement_id TEXT NOT NULL UNIQUE,"
	"  learner_id INTEGER NOT NULL"
	"    REFERENCES learners(id) ON DELETE CASCADE,"
	"  pack TEXT NOT NULL,"
	"  pack_title TEXT NOT NULL,"
	"  pack_version TEXT NOT NULL,"
	"  pack_hash TEXT NOT NULL,"
	"  pack_language TEXT,"
	"  module TEXT NOT NULL,"
	"  module_title TEXT NOT NULL,"
	"  seed INTEGER NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN"
	"    ('in progress', 'passed', 'not passed', 'abandoned')),"
	"  started TEXT NOT NULL,"
	"  ended TEXT,"
	"  score INTEGER NOT NULL DEFAULT 0,"
	"  max INTEGER NOT NULL DEFAULT 0,"
	"  percent INTEGER NOT NULL DEFAULT 0,"
	"  pass_mark INTEGER NOT NULL DEFAULT 0,"
	"  minutes INTEGER NOT NULL DEFAULT 0,"
	"  expires TEXT"
	");"
	"CREATE INDEX attempts_by_learner ON attempts(learner_id, pack, module);"
	"CREATE INDEX attempts_by_start ON attempts(started);"
	"CREATE TABLE answers ("
	"  attempt_id INTEGER NOT NULL"
	"    REFERENCES attempts(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  step TEXT NOT NULL,"
	"  input TEXT NOT NULL,"
	"  points INTEGER NOT NULL,"
	"  at TEXT NOT NULL,"
	"  PRIMARY KEY (attempt_id, seq)"
	") WITHOUT ROWID;"
	"CREATE TABLE certificates ("
	"  code TEXT PRIMARY KEY,"
	"  attempt_id INTEGER NOT NULL UNIQUE"
	"    REFERENCES attempts(id) ON DELETE CASCADE,"
	"  issued TEXT NOT NULL"
	");",
	/* 2: the web front end: sessions, sign-in links (hashes only). */
	"CREATE TABLE web_sessions ("
	"  token_hash TEXT PRIMARY KEY,"
	"  learner_id INTEGER REFERENCES learners(id) ON DELETE CASCADE,"
	"  admin INTEGER NOT NULL DEFAULT 0,"
	"  csrf TEXT NOT NULL,"
	"  created TEXT NOT NULL,"
	"  expires TEXT NOT NULL"
	");"
	"CREATE INDEX web_sessions_by_learner ON web_sessions(learner_id);"
	"CREATE TABLE signin_tokens ("
	"  token_hash TEXT PRIMARY KEY,"
	"  learner_id INTEGER NOT NULL UNIQUE"
	"    REFERENCES learners(id) ON DELETE CASCADE,"
	"  created TEXT NOT NULL"
	");",
	/*
	 * 3: learner and attempt ids are never used twice (AUTOINCREMENT),
	 * so that after `learner forget` a new attempt cannot take the number
	 * an erased one's certificate printed.  SQLite cannot add it to a
	 * table, so both are rebuilt as its ALTER TABLE page (section 7)
	 * says: new table, copy, drop, rename, indexes; migrate() runs it
	 * with foreign keys off and checks them before the commit.  The
	 * sequences start at the highest id kept.
	 */
	"CREATE TABLE new_learners ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  ref TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  email TEXT,"
	"  role TEXT,"
	"  added TEXT NOT NULL"
	");"
	"INSERT INTO new_learners (id, ref, name, email, role, added)"
	"  SELECT id, ref, name, email, role, added FROM learners;"
	"DROP TABLE learners;"
	"ALTER TABLE new_learners RENAME TO learners;"
	"CREATE TABLE new_attempts ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  uuid TEXT NOT NULL UNIQUE,"
	"  statement_id TEXT NOT NULL UNIQUE,"
	"  learner_id INTEGER NOT NULL"
	"    REFERENCES learners(id) ON DELETE CASCADE,"
	"  pack TEXT NOT NULL,"
	"  pack_title TEXT NOT NULL,"
	"  pack_version TEXT NOT NULL,"
	"  pack_hash TEXT NOT NULL,"
	"  pack_language TEXT,"
	"  module TEXT NOT NULL,"
	"  module_title TEXT NOT NULL,"
	"  seed INTEGER NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN"
	"    ('in progress', 'passed', 'not passed', 'abandoned')),"
	"  started TEXT NOT NULL,"
	"  ended TEXT,"
	"  score INTEGER NOT NULL DEFAULT 0,"
	"  max INTEGER NOT NULL DEFAULT 0,"
	"  percent INTEGER NOT NULL DEFAULT 0,"
	"  pass_mark INTEGER NOT NULL DEFAULT 0,"
	"  minutes INTEGER NOT NULL DEFAULT 0,"
	"  expires TEXT"
	");"
	"INSERT INTO new_attempts (id, uuid, statement_id, learner_id, pack,"
	"  pack_title, pack_version, pack_hash, pack_language, module,"
	"  module_title, seed, status, started, ended, score, max, percent,"
	"  pass_mark, minutes, expires)"
	"  SELECT id, uuid, statement_id, learner_id, pack, pack_title,"
	"  pack_version, pack_hash, pack_language, module, module_title, seed,"
	"  status, started, ended, score, max, percent, pass_mark, minutes,"
	"  expires FROM attempts;"
	"DROP TABLE attempts;"
	"ALTER TABLE new_attempts RENAME TO attempts;"
	"CREATE INDEX attempts_by_learner ON attempts(learner_id, pack, module);"
	"CREATE INDEX attempts_by_start ON attempts(started);"
	"DELETE FROM sqlite_sequence WHERE name IN ('learners', 'attempts');"
	"INSERT INTO sqlite_sequence (name, seq)"
	"  SELECT 'learners', max(id) FROM learners HAVING count(*) > 0;"
	"INSERT INTO sqlite_sequence (name, seq)"
	"  SELECT 'attempts', max(id) FROM attempts HAVING count(*) > 0;",
	/*
	 * 4: running a school (SPEC §4): each person's first day in post,
	 * the day they left, the admin role they hold and its password;
	 * groups, who must do which module by when, the school's settings,
	 * and the audit log of the admin side.  A person already on the
	 * roster started, as far as the records know, the day they were
	 * added.
	 */
	"ALTER TABLE learners ADD COLUMN start TEXT;"
	"ALTER TABLE learners ADD COLUMN left_on TEXT;"
	"ALTER TABLE learners ADD COLUMN access TEXT"
	"  CHECK (access IN ('dsl', 'deputy', 'viewer'));"
	"ALTER TABLE learners ADD COLUMN password TEXT;"
	"UPDATE learners SET start = substr(added, 1, 10);"
	"CREATE TABLE groups ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  created TEXT NOT NULL"
	");"
	"CREATE TABLE learner_groups ("
	"  learner_id INTEGER NOT NULL"
	"    REFERENCES learners(id) ON DELETE CASCADE,"
	"  group_id INTEGER NOT NULL"
	"    REFERENCES groups(id) ON DELETE CASCADE,"
	"  since TEXT NOT NULL,"
	"  PRIMARY KEY (learner_id, group_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX learner_groups_by_group ON learner_groups(group_id);"
	"CREATE TABLE assignments ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  pack TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  group_id INTEGER REFERENCES groups(id) ON DELETE CASCADE,"
	"  within_days INTEGER NOT NULL"
	"    CHECK (within_days BETWEEN 0 AND 3650),"
	"  created TEXT NOT NULL"
	");"
	"CREATE UNIQUE INDEX assignments_once"
	"  ON assignments(pack, module, ifnull(group_id, 0));"
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	");"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT '',"
	/* who acted, and whom the row is about: no foreign key, so the row
	 * stays when they are erased (and loses their details then) */
	"  actor_id INTEGER,"
	"  subject_id INTEGER"
	");"
	"CREATE INDEX audit_by_time ON audit(at);",
	/*
	 * 5: email (SPEC §4, Reminders): one-use sign-in links sent by
	 * email (hashes only, as the personal links), and every email sent
	 * to a person, with whether the server took it.  Both go with the
	 * person when they are erased: the log holds their address.
	 */
	"CREATE TABLE mail_links ("
	"  token_hash TEXT PRIMARY KEY,"
	"  learner_id INTEGER NOT NULL"
	"    REFERENCES learners(id) ON DELETE CASCADE,"
	"  created TEXT NOT NULL,"
	"  expires TEXT NOT NULL"
	");"
	"CREATE INDEX mail_links_by_learner ON mail_links(learner_id);"
	"CREATE TABLE mail_log ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  at TEXT NOT NULL,"
	"  learner_id INTEGER NOT NULL"
	"    REFERENCES learners(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('reminder', 'sign-in link')),"
	"  email TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT '',"
	"  error TEXT"
	");"
	"CREATE INDEX mail_log_by_learner ON mail_log(learner_id, kind, at);",
	/*
	 * 6: how far along an attempt is: each answer keeps the share of the
	 * module done after it, so that the catalogue can show an attempt's
	 * progress without replaying it.  Answers given before are NULL.
	 */
	/* in parentheses: one statement on two lines, not two elements
	 * missing their comma (clang's -Wstring-concatenation) */
	("ALTER TABLE answers ADD COLUMN progress INTEGER"
	 "  CHECK (progress BETWEEN 0 AND 100);"),
};

_Static_assert(ARRAY_SIZE(migrations) == STORE_SCHEMA,
	       "one migration per schema version");


/* Sets *msg to "WHAT: sqlite's message" and returns -1. */
int store_fail(struct store *st, char **msg, const char *what)
{
	*msg = xasprintf("%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
	return -1;
}

/* Runs SQL that returns no rows. */
int store_exec(struct store *st, const char *sql, char **msg)
{
	char *err = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		*msg = xasprintf("%s: %s", st->path,
				 err ? err : sqlite3_errmsg(st->db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/*
 * Done with a statement from store_prepare(): reset (which ends its read of
 * the database, whatever its last step gave) and kept for its next use.
 */
void store_done(struct store *st, sqlite3_stmt *stmt)
{
	if (!stmt)
		return;
	sqlite3_reset(stmt);	/* repeats the last step's error: seen */
	if (sqlite3_clear_bindings(stmt) == SQLITE_OK &&
	    st->nidle < STMT_CACHE) {
		st->idle[st->nidle++] = stmt;
		return;
	}
	sqlite3_finalize(stmt);
}

/* The letters store_prepare() binds (store-internal.h says what each takes). */
static const char bind_letters[] = "tiIB";

/*
 * Prepares sql, or takes it from the statements kept, and binds the
 * arguments described by types (see store-internal.h).
 */
sqlite3_stmt *store_prepare(struct store *st, char **msg, const char *sql,
			    const char *types, ...)
{
	sqlite3_stmt *stmt;
	va_list ap;
	int i, rc = SQLITE_OK;

	for (i = (int)st->nidle - 1; i >= 0; i--)
		if (!strcmp(sqlite3_sql(st->idle[i]), sql))
			break;
	if (i >= 0) {
		stmt = st->idle[i];
		st->idle[i] = st->idle[--st->nidle];
	} else if (sqlite3_prepare_v3(st->db, sql, -1,
				      SQLITE_PREPARE_PERSISTENT, &stmt,
				      NULL) != SQLITE_OK) {
		store_fail(st, msg, "cannot prepare a query");
		return NULL;
	}
	/*
	 * A mismatch or an unknown letter is a bug in the caller: stop
	 * before va_arg reads an argument as what it is not.
	 */
	if ((size_t)sqlite3_bind_parameter_count(stmt) != strlen(types)) {
		fprintf(stderr, "vigil: bug: %zu values for %d parameters in "
			"'%s'\n", strlen(types),
			sqlite3_bind_parameter_count(stmt), sql);
		abort();
	}
	if (strspn(types, bind_letters) != strlen(types)) {
		fprintf(stderr, "vigil: bug: unknown type letter '%c' in '%s' "
			"for '%s'\n", types[strspn(types, bind_letters)],
			types, sql);
		abort();
	}
	va_start(ap, types);
	for (i = 0; types[i] && rc == SQLITE_OK; i++) {
		if (types[i] == 't') {
			const char *s = va_arg(ap, const char *);

			rc = s ? sqlite3_bind_text(stmt, i + 1, s, -1,
						   SQLITE_TRANSIENT) :
				 sqlite3_bind_null(stmt, i + 1);
		} else if (types[i] == 'i') {
			rc = sqlite3_bind_int(stmt, i + 1, va_arg(ap, int));
		} else if (types[i] == 'B') {
			const void *p = va_arg(ap, const void *);

			rc = sqlite3_bind_blob(stmt, i + 1, p, va_arg(ap, int),
					       SQLITE_TRANSIENT);
		} else {	/* 'I' */
			rc = sqlite3_bind_int64(stmt, i + 1,
						va_arg(ap, int64_t));
		}
	}
	va_end(ap);
	if (rc != SQLITE_OK) {
		store_fail(st, msg, "cannot bind a value");
		store_done(st, stmt);
		return NULL;
	}
	return stmt;
}

/* Steps a statement that changes rows, and is done with it. */
int store_run(struct store *st, sqlite3_stmt *stmt, char **msg,
	      const char *what)
{
	int rc;

	if (!stmt)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_fail(st, msg, what);
		store_done(st, stmt);
		return -1;
	}
	store_done(st, stmt);
	return 0;
}

/* Writers take the lock at once, so two never deadlock on an upgrade. */
int store_begin(struct store *st, char **msg)
{
	return store_exec(st, "BEGIN IMMEDIATE", msg);
}

/* Ends the transaction store_begin() opened: its writes are on disk. */
int store_commit(struct store *st, char **msg)
{
	return store_exec(st, "COMMIT", msg);
}

/* Rolls back after a failure; the first message is the one that matters. */
int store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* A column's text as a copy the caller owns; NULL stays NULL. */
char *store_column_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);

	return s ? xstrdup((const char *)s) : NULL;
}

/*
 * Steps a query for at most one row, read into out (zeroed first, size
 * bytes) by read: 1 found, 0 not, -1 error.  Is done with the statement.
 */
int store_row_one(struct store *st, sqlite3_stmt *stmt, void *out,
		  size_t size, void (*read)(sqlite3_stmt *, void *),
		  char **msg)
{
	int rc;

	memset(out, 0, size);
	if (!stmt)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read(stmt, out);
	else if (rc != SQLITE_DONE)
		store_fail(st, msg, "cannot read the records");
	store_done(st, stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int store_rows(struct store *st, sqlite3_stmt *stmt, size_t size,
	       void (*read)(sqlite3_stmt *stmt, void *elem),
	       void (*clear)(void *elem), void *out, size_t *n,
	       const char *what, char **msg)
{
	unsigned char *v = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	memset(out, 0, sizeof(v));
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			v = xrealloc(v, cap * size);
		}
		memset(v + *n * size, 0, size);
		read(stmt, v + (*n)++ * size);
	}
	if (rc != SQLITE_DONE) {
		char *why = xasprintf("cannot list %s", what);

		store_fail(st, msg, why);
		free(why);
		store_done(st, stmt);
		while (*n)
			clear(v + --*n * size);
		free(v);
		return -1;
	}
	store_done(st, stmt);
	memcpy(out, &v, sizeof(v));
	return 0;
}

static void read_text(sqlite3_stmt *stmt, void *out)
{
	*(char **)out = store_column_text(stmt, 0);
}

static void read_int64(sqlite3_stmt *stmt, void *out)
{
	*(int64_t *)out = sqlite3_column_int64(stmt, 0);
}

int store_text_one(struct store *st, sqlite3_stmt *stmt, char **out,
		   char **msg)
{
	return store_row_one(st, stmt, out, sizeof(*out), read_text, msg);
}

int store_int64_one(struct store *st, sqlite3_stmt *stmt, int64_t *out,
		    char **msg)
{
	return store_row_one(st, stmt, out, sizeof(*out), read_int64, msg);
}

/* Creates the folder that will hold the database, and its parents. */
static int make_parent(const char *path, char **msg)
{
	char *dir = xstrdup(path), *p;
	int ret = 0;

	p = strrchr(dir, '/');
	if (!p || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
				*msg = xasprintf("cannot create '%s': %s", dir,
						 strerror(errno));
				ret = -1;
				break;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	free(dir);
	return ret;
}

/* Reads PRAGMA user_version into *version. */
static int schema_version(struct store *st, int *version, char **msg)
{
	sqlite3_stmt *stmt = store_prepare(st, msg, "PRAGMA user_version", "");

	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_done(st, stmt);
		return store_fail(st, msg, "cannot read the schema version");
	}
	*version = sqlite3_column_int(stmt, 0);
	store_done(st, stmt);
	return 0;
}

/*
 * Fails when a row refers to one that is not there: a migration that
 * rebuilt a table with foreign keys off must leave none (the ALTER TABLE
 * page of SQLite's manual, section 7).
 */
static int check_foreign_keys(struct store *st, char **msg)
{
	sqlite3_stmt *stmt = store_prepare(st, msg, "PRAGMA foreign_key_check",
					   "");
	int rc;

	if (!stmt)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*msg = xasprintf("%s: a row of '%s' refers to a missing row "
				 "of '%s'; the schema was not upgraded",
				 st->path,
				 (const char *)sqlite3_column_text(stmt, 0),
				 (const char *)sqlite3_column_text(stmt, 2));
		store_done(st, stmt);
		return -1;
	}
	store_done(st, stmt);
	return rc == SQLITE_DONE ? 0 :
	       store_fail(st, msg, "cannot check the foreign keys");
}

/*
 * Runs the migration after *version in one transaction, unless another
 * process did while we waited for the lock; *version is then the new one.
 */
static int migrate_one(struct store *st, int *version, char **msg)
{
	char *sql;
	int ret;

	if (store_begin(st, msg) < 0)
		return -1;
	if (schema_version(st, version, msg) < 0)
		return store_rollback(st);
	if (*version >= STORE_SCHEMA)
		return store_commit(st, msg) < 0 ? store_rollback(st) : 0;
	sql = xasprintf("%s; PRAGMA user_version = %d", migrations[*version],
			*version + 1);
	ret = store_exec(st, sql, msg);
	free(sql);
	if (ret < 0 || check_foreign_keys(st, msg) < 0 ||
	    store_commit(st, msg) < 0)
		return store_rollback(st);
	++*version;
	return 0;
}

/*
 * Brings the schema up to STORE_SCHEMA, one migration per transaction,
 * with foreign keys off while they run so that a table can be rebuilt
 * without its dependants' rows cascading away (the pragma does nothing
 * inside a transaction, hence here).
 */
static int migrate(struct store *st, char **msg)
{
	int version, ret = 0;

	if (schema_version(st, &version, msg) < 0)
		return -1;
	if (version > STORE_SCHEMA) {
		*msg = xasprintf("%s: the database is from a newer vigil "
				 "(schema %d; this vigil knows up to %d); "
				 "upgrade vigil to use it", st->path, version,
				 STORE_SCHEMA);
		return -1;
	}
	if (version == STORE_SCHEMA)
		return 0;
	if (store_exec(st, "PRAGMA foreign_keys = OFF", msg) < 0)
		return -1;
	while (version < STORE_SCHEMA && ret == 0)
		ret = migrate_one(st, &version, msg);
	/* After a failure the caller closes the connection. */
	if (ret == 0)
		ret = store_exec(st, "PRAGMA foreign_keys = ON", msg);
	return ret;
}

/* Reads the per-database secret for certificate codes, making it once. */
static int load_secret(struct store *st, char **msg)
{
	sqlite3_stmt *stmt;
	int rc;

	/* Usually there: read it without taking the write lock. */
	stmt = store_prepare(st, msg, "SELECT value FROM meta WHERE "
			     "key = 'secret'", "");
	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_bytes(stmt, 0) == SECRET_LEN) {
		memcpy(st->secret, sqlite3_column_blob(stmt, 0), SECRET_LEN);
		store_done(st, stmt);
		return 0;
	}
	store_done(st, stmt);
	if (store_begin(st, msg) < 0)
		return -1;
	stmt = store_prepare(st, msg, "SELECT value FROM meta WHERE "
			     "key = 'secret'", "");
	if (!stmt)
		return store_rollback(st);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(stmt, 0) == SECRET_LEN) {
		memcpy(st->secret, sqlite3_column_blob(stmt, 0), SECRET_LEN);
		store_done(st, stmt);
		return store_commit(st, msg) < 0 ? store_rollback(st) : 0;
	}
	store_done(st, stmt);
	if (rc == SQLITE_ROW) {
		*msg = xasprintf("%s: the certificate secret is damaged",
				 st->path);
		return store_rollback(st);
	}
	if (rc != SQLITE_DONE) {
		store_fail(st, msg, "cannot read the certificate secret");
		return store_rollback(st);
	}
	randombytes_buf(st->secret, SECRET_LEN);
	stmt = store_prepare(st, msg, "INSERT INTO meta (key, value) "
			     "VALUES ('secret', ?)", "B", st->secret,
			     SECRET_LEN);
	if (store_run(st, stmt, msg,
		      "cannot store the certificate secret") < 0 ||
	    store_commit(st, msg) < 0)
		return store_rollback(st);
	return 0;
}

int store_setup_threads(void)
{
	return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? 0 :
									 -1;
}

/*
 * Opens (with create, creating) the database at path, its folder first,
 * and brings it to this schema.
 */
static int open_db(const char *path, int create, struct store **out,
		   char **msg)
{
	struct store *st;
	struct stat sb;
	int rc;

	*out = NULL;
	if (create && make_parent(path, msg) < 0)
		return -1;
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
			     (create ? SQLITE_OPEN_CREATE : 0) |
			     SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (st->db)
			store_fail(st, msg, "cannot open the database");
		else
			*msg = xasprintf("%s: cannot open the database", path);
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	if (sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS) != SQLITE_OK) {
		store_fail(st, msg, "cannot set a busy timeout");
		goto fail;
	}
	/*
	 * journal_mode answers with a row; exec ignores it.  A file that is
	 * not a database fails here with "file is not a database".
	 */
	if (store_exec(st, "PRAGMA journal_mode = WAL; "
		       "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
		       "PRAGMA secure_delete = ON", msg) < 0)
		goto fail;
	if (migrate(st, msg) < 0 || load_secret(st, msg) < 0)
		goto fail;
	if (stat(path, &sb) == 0) {
		st->dev = sb.st_dev;
		st->ino = sb.st_ino;
	}
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

int store_open(const char *path, struct store **out, char **msg)
{
	return open_db(path, 1, out, msg);
}

int store_open_existing(const char *path, struct store **out, char **msg)
{
	struct stat sb;

	*out = NULL;
	/* Asked first for a message that says what to check; opening
	 * without SQLITE_OPEN_CREATE closes the race with a rename. */
	if (stat(path, &sb) < 0) {
		if (errno == ENOENT)
			*msg = xasprintf("there is no records database at '%s' "
					 "(nothing has been recorded yet, or "
					 "--db or $VIGIL_DB names the wrong "
					 "file)", path);
		else
			*msg = xasprintf("cannot open '%s': %s", path,
					 strerror(errno));
		return -1;
	}
	return open_db(path, 0, out, msg);
}

int store_idle(struct store *st)
{
	return sqlite3_get_autocommit(st->db);
}

int store_reusable(struct store *st)
{
	struct stat sb;

	return store_idle(st) && stat(st->path, &sb) == 0 &&
	       sb.st_dev == st->dev && sb.st_ino == st->ino;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	while (st->nidle)
		sqlite3_finalize(st->idle[--st->nidle]);
	/* sqlite3_close_v2 cannot fail for a handle with nothing pending. */
	sqlite3_close_v2(st->db);
	sodium_memzero(st->secret, sizeof(st->secret));
	free(st->path);
	free(st->actor);
	free(st);
}

int store_check(struct store *st, char **msg)
{
	sqlite3_stmt *stmt = store_prepare(st, msg, "PRAGMA integrity_check",
					   "");
	const char *r;
	int ret = 0;

	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_done(st, stmt);
		return store_fail(st, msg, "cannot check the database");
	}
	r = (const char *)sqlite3_column_text(stmt, 0);
	if (!r || strcmp(r, "ok")) {
		*msg = xasprintf("%s: integrity check: %s", st->path,
				 r ? r : "no answer");
		ret = -1;
	}
	store_done(st, stmt);
	return ret;
}

