/*
 * store.c - the records in SQLite (store.h).
 *
 * Pragmas follow SECURITY.md: WAL with synchronous=FULL, so that a commit
 * that returned is on disk; foreign keys; a busy timeout for a second
 * process (the web server and a terminal at once); writes in BEGIN
 * IMMEDIATE so two writers never deadlock on an upgrade.  The schema is
 * versioned with user_version and built by the migrations below, in order.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>
#include <sqlite3.h>

#include "session.h"
#include "store.h"
#include "util.h"

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
};

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
};

_Static_assert(ARRAY_SIZE(migrations) == STORE_SCHEMA,
	       "one migration per schema version");

static const char *const status_names[] = {
	[ATTEMPT_IN_PROGRESS] = "in progress",
	[ATTEMPT_PASSED] = "passed",
	[ATTEMPT_NOT_PASSED] = "not passed",
	[ATTEMPT_ABANDONED] = "abandoned",
};

const char *attempt_status_name(enum attempt_status s)
{
	return status_names[s];
}

static enum attempt_status status_parse(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(status_names); i++)
		if (s && !strcmp(s, status_names[i]))
			return (enum attempt_status)i;
	return ATTEMPT_ABANDONED;
}

/* Sets *msg to "WHAT: sqlite's message" and returns -1. */
static int fail(struct store *st, char **msg, const char *what)
{
	*msg = xasprintf("%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
	return -1;
}

/* Runs SQL that returns no rows. */
static int exec(struct store *st, const char *sql, char **msg)
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
 * Done with a statement from prepare(): reset (which ends its read of the
 * database, whatever its last step gave) and kept for its next use.
 */
static void done(struct store *st, sqlite3_stmt *stmt)
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

/*
 * Prepares sql, binding the arguments described by types: 't' text (NULL
 * binds NULL), 'i' int, 'I' int64, 'B' a blob given as a pointer and an
 * int length.  Returns the statement or NULL.
 */
static sqlite3_stmt *prepare(struct store *st, char **msg, const char *sql,
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
		fail(st, msg, "cannot prepare a query");
		return NULL;
	}
	/* A mismatch is a bug in this file: stop before reading garbage. */
	if ((size_t)sqlite3_bind_parameter_count(stmt) != strlen(types)) {
		fprintf(stderr, "vigil: bug: %zu values for %d parameters in "
			"'%s'\n", strlen(types),
			sqlite3_bind_parameter_count(stmt), sql);
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
		} else {
			rc = sqlite3_bind_int64(stmt, i + 1,
						va_arg(ap, int64_t));
		}
	}
	va_end(ap);
	if (rc != SQLITE_OK) {
		fail(st, msg, "cannot bind a value");
		done(st, stmt);
		return NULL;
	}
	return stmt;
}

/* Steps a statement that changes rows, and is done with it. */
static int run(struct store *st, sqlite3_stmt *stmt, char **msg,
	       const char *what)
{
	int rc;

	if (!stmt)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fail(st, msg, what);
		done(st, stmt);
		return -1;
	}
	done(st, stmt);
	return 0;
}

static int begin(struct store *st, char **msg)
{
	return exec(st, "BEGIN IMMEDIATE", msg);
}

static int commit(struct store *st, char **msg)
{
	return exec(st, "COMMIT", msg);
}

/* Rolls back after a failure; the first message is the one that matters. */
static int rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static char *column_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);

	return s ? xstrdup((const char *)s) : NULL;
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
	sqlite3_stmt *stmt = prepare(st, msg, "PRAGMA user_version", "");

	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		done(st, stmt);
		return fail(st, msg, "cannot read the schema version");
	}
	*version = sqlite3_column_int(stmt, 0);
	done(st, stmt);
	return 0;
}

/*
 * Fails when a row refers to one that is not there: a migration that
 * rebuilt a table with foreign keys off must leave none (the ALTER TABLE
 * page of SQLite's manual, section 7).
 */
static int check_foreign_keys(struct store *st, char **msg)
{
	sqlite3_stmt *stmt = prepare(st, msg, "PRAGMA foreign_key_check", "");
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
		done(st, stmt);
		return -1;
	}
	done(st, stmt);
	return rc == SQLITE_DONE ? 0 :
	       fail(st, msg, "cannot check the foreign keys");
}

/*
 * Runs the migration after *version in one transaction, unless another
 * process did while we waited for the lock; *version is then the new one.
 */
static int migrate_one(struct store *st, int *version, char **msg)
{
	char *sql;
	int ret;

	if (begin(st, msg) < 0)
		return -1;
	if (schema_version(st, version, msg) < 0)
		return rollback(st);
	if (*version >= STORE_SCHEMA)
		return commit(st, msg) < 0 ? rollback(st) : 0;
	sql = xasprintf("%s; PRAGMA user_version = %d", migrations[*version],
			*version + 1);
	ret = exec(st, sql, msg);
	free(sql);
	if (ret < 0 || check_foreign_keys(st, msg) < 0 || commit(st, msg) < 0)
		return rollback(st);
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
	if (exec(st, "PRAGMA foreign_keys = OFF", msg) < 0)
		return -1;
	while (version < STORE_SCHEMA && ret == 0)
		ret = migrate_one(st, &version, msg);
	/* After a failure the caller closes the connection. */
	if (ret == 0)
		ret = exec(st, "PRAGMA foreign_keys = ON", msg);
	return ret;
}

/* Reads the per-database secret for certificate codes, making it once. */
static int load_secret(struct store *st, char **msg)
{
	sqlite3_stmt *stmt;
	int rc;

	/* Usually there: read it without taking the write lock. */
	stmt = prepare(st, msg, "SELECT value FROM meta WHERE key = 'secret'",
		       "");
	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_bytes(stmt, 0) == SECRET_LEN) {
		memcpy(st->secret, sqlite3_column_blob(stmt, 0), SECRET_LEN);
		done(st, stmt);
		return 0;
	}
	done(st, stmt);
	if (begin(st, msg) < 0)
		return -1;
	stmt = prepare(st, msg, "SELECT value FROM meta WHERE key = 'secret'",
		       "");
	if (!stmt)
		return rollback(st);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(stmt, 0) == SECRET_LEN) {
		memcpy(st->secret, sqlite3_column_blob(stmt, 0), SECRET_LEN);
		done(st, stmt);
		return commit(st, msg) < 0 ? rollback(st) : 0;
	}
	done(st, stmt);
	if (rc == SQLITE_ROW) {
		*msg = xasprintf("%s: the certificate secret is damaged",
				 st->path);
		return rollback(st);
	}
	if (rc != SQLITE_DONE) {
		fail(st, msg, "cannot read the certificate secret");
		return rollback(st);
	}
	randombytes_buf(st->secret, SECRET_LEN);
	stmt = prepare(st, msg, "INSERT INTO meta (key, value) "
		       "VALUES ('secret', ?)", "B", st->secret, SECRET_LEN);
	if (run(st, stmt, msg, "cannot store the certificate secret") < 0 ||
	    commit(st, msg) < 0)
		return rollback(st);
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
			fail(st, msg, "cannot open the database");
		else
			*msg = xasprintf("%s: cannot open the database", path);
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	if (sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS) != SQLITE_OK) {
		fail(st, msg, "cannot set a busy timeout");
		goto fail;
	}
	/*
	 * journal_mode answers with a row; exec ignores it.  A file that is
	 * not a database fails here with "file is not a database".
	 */
	if (exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
		 "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON", msg) < 0)
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
	free(st);
}

int store_check(struct store *st, char **msg)
{
	sqlite3_stmt *stmt = prepare(st, msg, "PRAGMA integrity_check", "");
	const char *r;
	int ret = 0;

	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		done(st, stmt);
		return fail(st, msg, "cannot check the database");
	}
	r = (const char *)sqlite3_column_text(stmt, 0);
	if (!r || strcmp(r, "ok")) {
		*msg = xasprintf("%s: integrity check: %s", st->path,
				 r ? r : "no answer");
		ret = -1;
	}
	done(st, stmt);
	return ret;
}

/* ---- backups ---- */

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

/* ---- learners ---- */

void learner_clear(struct learner *l)
{
	free(l->ref);
	free(l->name);
	free(l->email);
	free(l->role);
	free(l->added);
	memset(l, 0, sizeof(*l));
}

static void learner_read(sqlite3_stmt *stmt, struct learner *l)
{
	l->id = sqlite3_column_int64(stmt, 0);
	l->ref = column_text(stmt, 1);
	l->name = column_text(stmt, 2);
	l->email = column_text(stmt, 3);
	l->role = column_text(stmt, 4);
	l->added = column_text(stmt, 5);
}

#define LEARNER_COLUMNS "id, ref, name, email, role, added"

/*
 * Steps a query for at most one row, read into out (zeroed first, size
 * bytes) by read: 1 found, 0 not, -1 error.  Is done with the statement.
 */
static int row_one(struct store *st, sqlite3_stmt *stmt, void *out,
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
		fail(st, msg, "cannot read the records");
	done(st, stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static void learner_read_any(sqlite3_stmt *stmt, void *out)
{
	learner_read(stmt, out);
}

static int learner_one(struct store *st, sqlite3_stmt *stmt,
		       struct learner *out, char **msg)
{
	return row_one(st, stmt, out, sizeof(*out), learner_read_any, msg);
}

int store_learner_get(struct store *st, const char *ref, struct learner *out,
		      char **msg)
{
	return learner_one(st, prepare(st, msg, "SELECT " LEARNER_COLUMNS
			   " FROM learners WHERE ref = ?", "t", ref), out,
			   msg);
}

int store_learner_by_id(struct store *st, int64_t id, struct learner *out,
			char **msg)
{
	return learner_one(st, prepare(st, msg, "SELECT " LEARNER_COLUMNS
			   " FROM learners WHERE id = ?", "I", id), out, msg);
}

/* Inserts l inside the caller's transaction. */
static int learner_insert(struct store *st, struct learner *l,
			  const char *now, char **msg)
{
	sqlite3_stmt *stmt;

	stmt = prepare(st, msg, "INSERT INTO learners (ref, name, email, "
		       "role, added) VALUES (?, ?, ?, ?, ?)", "ttttt",
		       l->ref, l->name, l->email, l->role, now);
	if (run(st, stmt, msg, "cannot add a learner") < 0)
		return -1;
	l->id = sqlite3_last_insert_rowid(st->db);
	free(l->added);
	l->added = xstrdup(now);
	return 0;
}

int store_learner_add(struct store *st, struct learner *l, char **msg)
{
	struct learner old;
	char now[TIME_LEN];
	int found;

	fmt_time(vigil_now(), now);
	if (begin(st, msg) < 0)
		return -1;
	found = store_learner_get(st, l->ref, &old, msg);
	learner_clear(&old);
	if (found < 0)
		return rollback(st);
	if (found) {
		*msg = xasprintf("a learner with the reference '%s' is "
				 "already in the roster", l->ref);
		return rollback(st);
	}
	if (learner_insert(st, l, now, msg) < 0 || commit(st, msg) < 0)
		return rollback(st);
	return 0;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int store_learner_import(struct store *st, struct learner *ls, size_t n,
			 int *added, int *updated, char **msg)
{
	char now[TIME_LEN];
	size_t i;

	*added = *updated = 0;
	fmt_time(vigil_now(), now);
	if (begin(st, msg) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct learner old;
		int found = store_learner_get(st, ls[i].ref, &old, msg);

		if (found < 0)
			return rollback(st);
		if (!found) {
			if (learner_insert(st, &ls[i], now, msg) < 0)
				return rollback(st);
			(*added)++;
			continue;
		}
		ls[i].id = old.id;
		if (!same(old.name, ls[i].name) ||
		    !same(old.email, ls[i].email) ||
		    !same(old.role, ls[i].role)) {
			sqlite3_stmt *stmt = prepare(st, msg,
				"UPDATE learners SET name = ?, email = ?, "
				"role = ? WHERE id = ?", "tttI", ls[i].name,
				ls[i].email, ls[i].role, old.id);

			if (run(st, stmt, msg, "cannot update a learner") < 0) {
				learner_clear(&old);
				return rollback(st);
			}
			(*updated)++;
		}
		learner_clear(&old);
	}
	if (commit(st, msg) < 0)
		return rollback(st);
	return 0;
}

int store_learner_list(struct store *st, struct learner **out, size_t *n,
		       char **msg)
{
	sqlite3_stmt *stmt;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	stmt = prepare(st, msg, "SELECT " LEARNER_COLUMNS
		       " FROM learners ORDER BY ref", "");
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		learner_read(stmt, &(*out)[(*n)++]);
	}
	done(st, stmt);
	if (rc != SQLITE_DONE) {
		while (*n)
			learner_clear(&(*out)[--*n]);
		free(*out);
		*out = NULL;
		return fail(st, msg, "cannot list the learners");
	}
	return 0;
}

/* Counts rows for one learner with a query taking the learner's id. */
static int count_rows(struct store *st, const char *sql, int64_t id,
		      int *count, char **msg)
{
	sqlite3_stmt *stmt = prepare(st, msg, sql, "I", id);

	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		done(st, stmt);
		return fail(st, msg, "cannot count rows");
	}
	*count = sqlite3_column_int(stmt, 0);
	done(st, stmt);
	return 0;
}

int store_learner_forget(struct store *st, const char *ref,
			 struct forget_counts *c, char **msg)
{
	struct learner l;
	sqlite3_stmt *stmt;
	int found;

	memset(c, 0, sizeof(*c));
	if (begin(st, msg) < 0)
		return -1;
	found = store_learner_get(st, ref, &l, msg);
	if (found <= 0) {
		rollback(st);
		return found;
	}
	if (count_rows(st, "SELECT count(*) FROM attempts "
		       "WHERE learner_id = ?", l.id, &c->attempts, msg) < 0 ||
	    count_rows(st, "SELECT count(*) FROM answers JOIN attempts "
		       "ON attempts.id = answers.attempt_id "
		       "WHERE learner_id = ?", l.id, &c->answers, msg) < 0 ||
	    count_rows(st, "SELECT count(*) FROM certificates JOIN attempts "
		       "ON attempts.id = certificates.attempt_id "
		       "WHERE learner_id = ?", l.id, &c->certificates,
		       msg) < 0)
		goto fail;
	/* Answers and certificates go with the attempts (ON DELETE CASCADE). */
	stmt = prepare(st, msg, "DELETE FROM learners WHERE id = ?", "I", l.id);
	if (run(st, stmt, msg, "cannot erase the learner") < 0 ||
	    commit(st, msg) < 0)
		goto fail;
	learner_clear(&l);
	/*
	 * secure_delete has zeroed the freed content in the database pages,
	 * but the write-ahead log still holds older copies of those pages:
	 * copy it back and empty it.  A reader holding the log open (the web
	 * server mid-request) makes this fail with SQLITE_BUSY; say so rather
	 * than claim the person is gone from the file.
	 */
	if (sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
				      NULL, NULL) != SQLITE_OK)
		return fail(st, msg, "the learner's rows are erased, but the "
			    "write-ahead log could not be emptied (is "
			    "another vigil running?)");
	return 1;
fail:
	learner_clear(&l);
	return rollback(st);
}

/* ---- attempts ---- */

void attempt_clear(struct attempt *a)
{
	free(a->learner_ref);
	free(a->learner_name);
	free(a->learner_email);
	free(a->learner_role);
	free(a->pack);
	free(a->pack_title);
	free(a->pack_version);
	free(a->pack_hash);
	free(a->pack_language);
	free(a->module);
	free(a->module_title);
	free(a->started);
	free(a->ended);
	free(a->expires);
	free(a->certificate);
	memset(a, 0, sizeof(*a));
}

#define ATTEMPT_COLUMNS \
	"a.id, a.uuid, a.statement_id, a.learner_id, l.ref, l.name, " \
	"l.email, l.role, a.pack, a.pack_title, a.pack_version, " \
	"a.pack_hash, a.module, a.module_title, a.seed, a.status, " \
	"a.started, a.ended, a.score, a.max, a.percent, a.pass_mark, " \
	"a.minutes, a.expires, c.code, a.pack_language "
#define ATTEMPT_FROM \
	"FROM attempts a JOIN learners l ON l.id = a.learner_id " \
	"LEFT JOIN certificates c ON c.attempt_id = a.id "

static void copy_uuid(char dst[37], const unsigned char *s)
{
	snprintf(dst, 37, "%s", s ? (const char *)s : "");
}

static void attempt_read(sqlite3_stmt *stmt, struct attempt *a)
{
	a->id = sqlite3_column_int64(stmt, 0);
	copy_uuid(a->uuid, sqlite3_column_text(stmt, 1));
	copy_uuid(a->statement_id, sqlite3_column_text(stmt, 2));
	a->learner_id = sqlite3_column_int64(stmt, 3);
	a->learner_ref = column_text(stmt, 4);
	a->learner_name = column_text(stmt, 5);
	a->learner_email = column_text(stmt, 6);
	a->learner_role = column_text(stmt, 7);
	a->pack = column_text(stmt, 8);
	a->pack_title = column_text(stmt, 9);
	a->pack_version = column_text(stmt, 10);
	a->pack_hash = column_text(stmt, 11);
	a->module = column_text(stmt, 12);
	a->module_title = column_text(stmt, 13);
	a->seed = (uint64_t)sqlite3_column_int64(stmt, 14);
	a->status = status_parse((const char *)sqlite3_column_text(stmt, 15));
	a->started = column_text(stmt, 16);
	a->ended = column_text(stmt, 17);
	a->score = sqlite3_column_int(stmt, 18);
	a->max = sqlite3_column_int(stmt, 19);
	a->percent = sqlite3_column_int(stmt, 20);
	a->pass_mark = sqlite3_column_int(stmt, 21);
	a->minutes = sqlite3_column_int(stmt, 22);
	a->expires = column_text(stmt, 23);
	a->certificate = column_text(stmt, 24);
	a->pack_language = column_text(stmt, 25);
}

static void attempt_read_any(sqlite3_stmt *stmt, void *out)
{
	attempt_read(stmt, out);
}

static int attempt_one(struct store *st, sqlite3_stmt *stmt,
		       struct attempt *out, char **msg)
{
	return row_one(st, stmt, out, sizeof(*out), attempt_read_any, msg);
}

int store_attempt_current(struct store *st, int64_t learner_id,
			  const char *pack, const char *module,
			  struct attempt *out, char **msg)
{
	return attempt_one(st, prepare(st, msg, "SELECT " ATTEMPT_COLUMNS
			   ATTEMPT_FROM "WHERE a.learner_id = ? AND a.pack = ? "
			   "AND a.module = ? AND a.status = 'in progress' "
			   "ORDER BY a.id DESC LIMIT 1", "Itt", learner_id,
			   pack, module), out, msg);
}

int store_attempt_get(struct store *st, int64_t id, struct attempt *out,
		      char **msg)
{
	return attempt_one(st, prepare(st, msg, "SELECT " ATTEMPT_COLUMNS
			   ATTEMPT_FROM "WHERE a.id = ?", "I", id), out, msg);
}

/* A random (version 4) UUID in its text form. */
static void uuid4(char out[37])
{
	unsigned char b[16];

	randombytes_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4],
		 b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
		 b[14], b[15]);
}

int store_attempt_begin(struct store *st, struct attempt *a, char **msg)
{
	char now[TIME_LEN];
	sqlite3_stmt *stmt;

	fmt_time(vigil_now(), now);
	uuid4(a->uuid);
	uuid4(a->statement_id);
	stmt = prepare(st, msg, "INSERT INTO attempts (uuid, statement_id, "
		       "learner_id, pack, pack_title, pack_version, pack_hash, "
		       "pack_language, module, module_title, seed, status, "
		       "started) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		       "'in progress', ?)", "ttItttttttIt", a->uuid,
		       a->statement_id, a->learner_id, a->pack, a->pack_title,
		       a->pack_version, a->pack_hash, a->pack_language,
		       a->module, a->module_title, (int64_t)a->seed, now);
	/* A single INSERT is its own transaction. */
	if (run(st, stmt, msg, "cannot record the attempt") < 0)
		return -1;
	a->id = sqlite3_last_insert_rowid(st->db);
	a->status = ATTEMPT_IN_PROGRESS;
	free(a->started);
	a->started = xstrdup(now);
	return 0;
}

int store_attempt_abandon(struct store *st, int64_t id, char **msg)
{
	char now[TIME_LEN];

	fmt_time(vigil_now(), now);
	return run(st, prepare(st, msg, "UPDATE attempts SET status = "
			       "'abandoned', ended = ? WHERE id = ? AND "
			       "status = 'in progress'", "tI", now, id),
		   msg, "cannot mark the attempt abandoned");
}

int store_answer_add(struct store *st, int64_t attempt_id, size_t seq,
		     const struct answer *ans, char **msg)
{
	char now[TIME_LEN];

	fmt_time(vigil_now(), now);
	return run(st, prepare(st, msg, "INSERT INTO answers (attempt_id, seq, "
			       "step, input, points, at) VALUES (?, ?, ?, ?, "
			       "?, ?)", "IIttit", attempt_id, (int64_t)seq,
			       ans->step_id, ans->input, ans->points, now),
		   msg, "cannot record the answer");
}

void answers_free(struct answer *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].step_id);
		free(a[i].input);
		free(a[i].at);
	}
	free(a);
}

int store_answers(struct store *st, int64_t attempt_id, struct answer **out,
		  size_t *n, char **msg)
{
	sqlite3_stmt *stmt;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	stmt = prepare(st, msg, "SELECT step, input, points, at FROM answers "
		       "WHERE attempt_id = ? ORDER BY seq", "I", attempt_id);
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct answer *a;

		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		a = &(*out)[(*n)++];
		a->step_id = column_text(stmt, 0);
		a->input = column_text(stmt, 1);
		a->points = sqlite3_column_int(stmt, 2);
		a->at = column_text(stmt, 3);
		if (!a->step_id)
			a->step_id = xstrdup("");
		if (!a->input)
			a->input = xstrdup("");
	}
	done(st, stmt);
	if (rc != SQLITE_DONE) {
		answers_free(*out, *n);
		*out = NULL;
		*n = 0;
		return fail(st, msg, "cannot read the answers");
	}
	return 0;
}

/* ---- completion and certificates ---- */

#define CODE_CHARS	12
/* Crockford's base32: no I, L, O or U, so codes survive being read aloud. */
static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/*
 * The certificate code of an attempt: a keyed BLAKE2b MAC of its uuid under
 * the database's secret, 60 bits of it written as XXXX-XXXX-XXXX.
 */
static void certificate_code(const struct store *st, const char *uuid,
			     char out[CODE_CHARS + 3])
{
	static const char domain[] = "vigil certificate 1";
	unsigned char mac[16], in[sizeof(domain) + 36];
	uint64_t bits = 0;
	size_t i, o = 0;

	memcpy(in, domain, sizeof(domain));
	memcpy(in + sizeof(domain), uuid, 36);
	crypto_generichash(mac, sizeof(mac), in, sizeof(in), st->secret,
			   SECRET_LEN);
	for (i = 0; i < 8; i++)
		bits = bits << 8 | mac[i];
	for (i = 0; i < CODE_CHARS; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = crockford[(bits >> (64 - 5 * (i + 1))) & 31];
	}
	out[o] = '\0';
}

int store_attempt_finish(struct store *st, struct attempt *a,
			 int renew_after_days, char **msg)
{
	char now[TIME_LEN], expires[DATE_LEN], code[CODE_CHARS + 3];
	time_t t = vigil_now();
	sqlite3_stmt *stmt;
	int passed = a->status == ATTEMPT_PASSED;

	fmt_time(t, now);
	if (passed && renew_after_days > 0)
		fmt_date(t + (time_t)renew_after_days * 86400, expires);
	if (begin(st, msg) < 0)
		return -1;
	stmt = prepare(st, msg, "UPDATE attempts SET status = ?, ended = ?, "
		       "score = ?, max = ?, percent = ?, pass_mark = ?, "
		       "minutes = ?, expires = ? WHERE id = ? AND "
		       "status = 'in progress'", "ttiiiiitI",
		       attempt_status_name(a->status), now, a->score, a->max,
		       a->percent, a->pass_mark, passed ? a->minutes : 0,
		       passed && renew_after_days > 0 ? expires : NULL, a->id);
	if (run(st, stmt, msg, "cannot record the result") < 0)
		return rollback(st);
	if (sqlite3_changes(st->db) != 1) {
		*msg = xasprintf("%s: attempt %" PRId64 " is not in progress",
				 st->path, a->id);
		return rollback(st);
	}
	if (passed) {
		certificate_code(st, a->uuid, code);
		stmt = prepare(st, msg, "INSERT INTO certificates (code, "
			       "attempt_id, issued) VALUES (?, ?, ?)", "tIt",
			       code, a->id, now);
		if (run(st, stmt, msg, "cannot issue the certificate") < 0)
			return rollback(st);
	}
	if (commit(st, msg) < 0)
		return rollback(st);
	free(a->ended);
	a->ended = xstrdup(now);
	free(a->expires);
	a->expires = passed && renew_after_days > 0 ? xstrdup(expires) : NULL;
	free(a->certificate);
	a->certificate = passed ? xstrdup(code) : NULL;
	if (!passed)
		a->minutes = 0;
	return 0;
}

int store_verify(struct store *st, const char *code, struct attempt *out,
		 char **msg)
{
	char raw[CODE_CHARS], norm[CODE_CHARS + 3], again[CODE_CHARS + 3];
	size_t n = 0, i, o = 0;
	const char *p;
	int found;

	memset(out, 0, sizeof(*out));
	for (p = code; *p; p++) {
		char c = *p;

		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (!strchr(crockford, c) || n == CODE_CHARS)
			return 0;
		raw[n++] = c;
	}
	if (n != CODE_CHARS)
		return 0;
	for (i = 0; i < CODE_CHARS; i++) {
		if (i && i % 4 == 0)
			norm[o++] = '-';
		norm[o++] = raw[i];
	}
	norm[o] = '\0';
	found = attempt_one(st, prepare(st, msg, "SELECT " ATTEMPT_COLUMNS
			    ATTEMPT_FROM "WHERE c.code = ? AND "
			    "a.status = 'passed'", "t", norm), out, msg);
	if (found <= 0)
		return found;
	/* A row edited by hand does not verify: the code must match its MAC. */
	certificate_code(st, out->uuid, again);
	if (sodium_memcmp(again, norm, sizeof(norm)) != 0) {
		attempt_clear(out);
		return 0;
	}
	return 1;
}

int store_attempts(struct store *st, const struct attempt_filter *f,
		   int (*fn)(void *ctx, const struct attempt *a), void *ctx,
		   char **msg)
{
	sqlite3_stmt *stmt;
	int rc, ret = 0;

	stmt = prepare(st, msg, "SELECT " ATTEMPT_COLUMNS ATTEMPT_FROM
		       "WHERE (?1 IS NULL OR l.ref = ?1) "
		       "AND (?2 IS NULL OR a.pack = ?2) "
		       "AND (?3 IS NULL OR coalesce(a.ended, a.started) >= ?3) "
		       "AND (?4 = 0 OR a.status IN ('passed', 'not passed')) "
		       "ORDER BY a.started, a.id", "ttti", f->learner, f->pack,
		       f->since, f->finished);
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct attempt a;

		attempt_read(stmt, &a);
		ret = fn(ctx, &a);
		attempt_clear(&a);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = fail(st, msg, "cannot read the attempts");
	done(st, stmt);
	return ret;
}

/* ---- the web front end: sessions, sign-in links, the admin password ---- */

#define TOKEN_BYTES	32

/*
 * A new random token, as the browser or the link carries it (base64url),
 * and its hash as stored: a database reader cannot use what it finds.
 */
static void token_new(char **token, char hash[65])
{
	unsigned char raw[TOKEN_BYTES];
	size_t len = sodium_base64_ENCODED_LEN(TOKEN_BYTES,
				sodium_base64_VARIANT_URLSAFE_NO_PADDING);

	randombytes_buf(raw, sizeof(raw));
	*token = xmalloc(len);
	sodium_bin2base64(*token, len, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	store_token_hash(*token, hash);
}

void store_token_hash(const char *token, char hash[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
			   strlen(token), NULL, 0);
	sodium_bin2hex(hash, 65, h, sizeof(h));
}

int store_session_create(struct store *st, int64_t learner_id, int admin,
			 int lifetime, char **token, struct web_session *out,
			 char **msg)
{
	char hash[65], now[TIME_LEN], expires[TIME_LEN];
	unsigned char csrf[16];
	sqlite3_stmt *stmt;
	time_t t = vigil_now();

	fmt_time(t, now);
	fmt_time(t + lifetime, expires);
	token_new(token, hash);
	randombytes_buf(csrf, sizeof(csrf));
	memset(out, 0, sizeof(*out));
	sodium_bin2hex(out->csrf, sizeof(out->csrf), csrf, sizeof(csrf));
	out->learner_id = learner_id;
	out->admin = admin;
	snprintf(out->expires, sizeof(out->expires), "%s", expires);
	/* An admin session belongs to no learner. */
	if (admin)
		stmt = prepare(st, msg, "INSERT INTO web_sessions (token_hash, "
			       "learner_id, admin, csrf, created, expires) "
			       "VALUES (?, NULL, 1, ?, ?, ?)", "tttt", hash,
			       out->csrf, now, expires);
	else
		stmt = prepare(st, msg, "INSERT INTO web_sessions (token_hash, "
			       "learner_id, admin, csrf, created, expires) "
			       "VALUES (?, ?, 0, ?, ?, ?)", "tIttt", hash,
			       learner_id, out->csrf, now, expires);
	if (run(st, stmt, msg, "cannot record the session") < 0) {
		free(*token);
		*token = NULL;
		return -1;
	}
	return 0;
}

int store_session_get(struct store *st, const char *token,
		      struct web_session *out, char **msg)
{
	char hash[65], now[TIME_LEN];
	sqlite3_stmt *stmt;
	int rc;

	memset(out, 0, sizeof(*out));
	store_token_hash(token, hash);
	fmt_time(vigil_now(), now);
	stmt = prepare(st, msg, "SELECT coalesce(learner_id, 0), admin, csrf, "
		       "expires FROM web_sessions WHERE token_hash = ? AND "
		       "expires > ?", "tt", hash, now);
	if (!stmt)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->learner_id = sqlite3_column_int64(stmt, 0);
		out->admin = sqlite3_column_int(stmt, 1);
		snprintf(out->csrf, sizeof(out->csrf), "%s",
			 (const char *)sqlite3_column_text(stmt, 2));
		snprintf(out->expires, sizeof(out->expires), "%s",
			 (const char *)sqlite3_column_text(stmt, 3));
	} else if (rc != SQLITE_DONE) {
		fail(st, msg, "cannot read a session");
	}
	done(st, stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int store_session_delete(struct store *st, const char *token, char **msg)
{
	char hash[65], now[TIME_LEN];

	store_token_hash(token, hash);
	fmt_time(vigil_now(), now);
	/* Expired sessions go at the same time: nothing else sweeps them. */
	return run(st, prepare(st, msg, "DELETE FROM web_sessions WHERE "
			       "token_hash = ? OR expires <= ?", "tt", hash,
			       now), msg, "cannot end the session");
}

int store_signin_token_new(struct store *st, int64_t learner_id,
			   char **token, char **msg)
{
	char hash[65], now[TIME_LEN];

	fmt_time(vigil_now(), now);
	token_new(token, hash);
	/* One link per learner: a new one replaces the old. */
	if (run(st, prepare(st, msg, "INSERT OR REPLACE INTO signin_tokens "
			    "(token_hash, learner_id, created) VALUES (?, ?, "
			    "?)", "tIt", hash, learner_id, now), msg,
		"cannot record the sign-in link") < 0) {
		free(*token);
		*token = NULL;
		return -1;
	}
	return 0;
}

int store_signin_token_use(struct store *st, const char *token,
			   struct learner *out, char **msg)
{
	char hash[65];

	store_token_hash(token, hash);
	return learner_one(st, prepare(st, msg, "SELECT l.id, l.ref, l.name, "
			   "l.email, l.role, l.added FROM signin_tokens t JOIN "
			   "learners l ON l.id = t.learner_id WHERE "
			   "t.token_hash = ?", "t", hash), out, msg);
}

int store_admin_password_set(struct store *st, const char *hash, char **msg)
{
	if (begin(st, msg) < 0)
		return -1;
	/* A new password signs out whoever signed in with the old one. */
	if (run(st, prepare(st, msg, "INSERT OR REPLACE INTO meta (key, "
			    "value) VALUES ('admin_password', ?)", "t", hash),
		msg, "cannot store the admin password") < 0 ||
	    run(st, prepare(st, msg, "DELETE FROM web_sessions WHERE admin = 1",
			    ""), msg, "cannot end the admin sessions") < 0 ||
	    commit(st, msg) < 0)
		return rollback(st);
	return 0;
}

int store_admin_password_get(struct store *st, char **hash, char **msg)
{
	sqlite3_stmt *stmt;
	int rc;

	*hash = NULL;
	stmt = prepare(st, msg, "SELECT value FROM meta WHERE key = "
		       "'admin_password'", "");
	if (!stmt)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*hash = column_text(stmt, 0);
	else if (rc != SQLITE_DONE)
		fail(st, msg, "cannot read the admin password");
	done(st, stmt);
	return rc == SQLITE_ROW && *hash ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
