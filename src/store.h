/*
 * store.h - the records: one SQLite database of learners, attempts, their
 * answers and certificates (SPEC §3).
 *
 * The store is the only code that speaks SQL.  Every statement is prepared
 * and every result code checked; writes run in BEGIN IMMEDIATE transactions
 * with synchronous=FULL in WAL mode, so a function that returned 0 has put
 * its change on disk.  Functions return 0 (or a count, or 1 for "found"),
 * or -1 with a one-line message in *msg (malloc'd) that says what failed.
 *
 * Times are UTC text, "YYYY-MM-DDTHH:MM:SSZ"; dates are "YYYY-MM-DD".  Both
 * compare correctly as strings.
 */
#ifndef VIGIL_STORE_H
#define VIGIL_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The schema version this build creates and understands (user_version). */
#define STORE_SCHEMA	3

struct store;
struct answer;

struct learner {
	int64_t id;
	char *ref;	/* staff number or email: unique */
	char *name;
	char *email;	/* NULL if not known */
	char *role;	/* NULL if not known */
	char *added;	/* time */
};

enum attempt_status {
	ATTEMPT_IN_PROGRESS,
	ATTEMPT_PASSED,
	ATTEMPT_NOT_PASSED,
	ATTEMPT_ABANDONED	/* the pack changed before it was finished */
};

struct attempt {
	int64_t id;		/* what `vigil certificate ATTEMPT` takes */
	char uuid[37];		/* random; xAPI registration */
	char statement_id[37];	/* random; the xAPI statement's id */
	int64_t learner_id;
	char *learner_ref, *learner_name, *learner_email, *learner_role;
	char *pack, *pack_title, *pack_version, *pack_hash;
	char *pack_language;	/* e.g. "en-GB"; NULL if the pack gave none */
	char *module, *module_title;
	uint64_t seed;
	enum attempt_status status;
	char *started, *ended;	/* ended: NULL while in progress */
	/* Set when finished (zero before). */
	int score, max, percent, pass_mark, minutes;
	char *expires;		/* date; NULL if it never expires or no pass */
	char *certificate;	/* code, for a pass; else NULL */
};

/* What `learner forget` removed. */
struct forget_counts {
	int attempts, answers, certificates;
};

/* Which attempts store_attempts() visits; NULL/0 fields do not filter. */
struct attempt_filter {
	const char *learner;	/* learner ref */
	const char *pack;	/* pack id */
	const char *since;	/* date or time: last activity at or after */
	int finished;		/* only passed and not passed attempts */
};

/*
 * For a process whose threads all use databases (the web server), before
 * any is opened: turns off SQLite's count of memory in use, a global lock
 * the threads would otherwise queue on.  Returns 0, or -1 when it is too
 * late (a database was opened), which costs only speed.
 */
int store_setup_threads(void);

/*
 * Opens the database at path, creating it (and its folder) on first use
 * and migrating an older schema.  Refuses a database whose schema is newer
 * than STORE_SCHEMA.
 */
int store_open(const char *path, struct store **out, char **msg);
/*
 * The same for commands that only read or change existing records: a
 * missing file is an error, so that a mistyped --db is not answered from a
 * new, empty database.
 */
int store_open_existing(const char *path, struct store **out, char **msg);
void store_close(struct store *st);

/*
 * Nonzero when st may serve another request as it is: no transaction is
 * open and its path still names the file it opened (a database moved or
 * deleted under a running server must not go on taking answers).
 */
int store_reusable(struct store *st);

/* Nonzero when no transaction is open on st. */
int store_idle(struct store *st);

/* The text of a status as stored and shown: "in progress", "passed", ... */
const char *attempt_status_name(enum attempt_status s);

/* Learners. */
void learner_clear(struct learner *l);
/* 1 and *out filled when ref is known, 0 when not, -1 on error. */
int store_learner_get(struct store *st, const char *ref, struct learner *out,
		      char **msg);
/* The same by the learner's id. */
int store_learner_by_id(struct store *st, int64_t id, struct learner *out,
			char **msg);
/* Adds l (its id and added are set); a ref already present is an error. */
int store_learner_add(struct store *st, struct learner *l, char **msg);
/*
 * Adds or updates n learners in one transaction: all or none.  *added and
 * *updated count what changed (a learner whose fields are the same counts
 * in neither).
 */
int store_learner_import(struct store *st, struct learner *ls, size_t n,
			 int *added, int *updated, char **msg);
/* Every learner, by ref; *out is malloc'd (free each with learner_clear). */
int store_learner_list(struct store *st, struct learner **out, size_t *n,
		       char **msg);
/*
 * Erases a learner, their attempts, answers and certificates, so that no
 * trace is left in the database file (secure_delete, then a checkpoint that
 * empties the write-ahead log).  Returns 1 (and fills c) or 0 if unknown.
 */
int store_learner_forget(struct store *st, const char *ref,
			 struct forget_counts *c, char **msg);

/* Attempts. */
void attempt_clear(struct attempt *a);
/*
 * The learner's newest in-progress attempt at pack/module: 1 and *out
 * filled, or 0 when there is none.
 */
int store_attempt_current(struct store *st, int64_t learner_id,
			  const char *pack, const char *module,
			  struct attempt *out, char **msg);
/*
 * Records a new attempt from a's learner_id, pack fields, module fields and
 * seed; sets its id, uuids, status (in progress) and started.
 */
int store_attempt_begin(struct store *st, struct attempt *a, char **msg);
/* Marks an in-progress attempt abandoned (kept, never resumed). */
int store_attempt_abandon(struct store *st, int64_t id, char **msg);
/*
 * Commits answer number seq (0-based) of an attempt.  When this returns 0
 * the answer is on disk.
 */
int store_answer_add(struct store *st, int64_t attempt_id, size_t seq,
		     const struct answer *ans, char **msg);
/* An attempt's answers in order (free with answers_free). */
int store_answers(struct store *st, int64_t attempt_id, struct answer **out,
		  size_t *n, char **msg);
void answers_free(struct answer *a, size_t n);
/*
 * Finishes an in-progress attempt from a's score, max, percent, pass_mark,
 * minutes and status (passed or not passed).  Sets ended; for a pass sets
 * expires (ended + renew_after_days, none if 0) and issues a certificate
 * code.  One transaction.
 */
int store_attempt_finish(struct store *st, struct attempt *a,
			 int renew_after_days, char **msg);
/* 1 and *out filled when the attempt exists, 0 if not. */
int store_attempt_get(struct store *st, int64_t id, struct attempt *out,
		      char **msg);
/*
 * Calls fn for each attempt that f selects, oldest first (by start, then
 * id).  A nonzero return from fn stops the walk and is returned.
 */
int store_attempts(struct store *st, const struct attempt_filter *f,
		   int (*fn)(void *ctx, const struct attempt *a), void *ctx,
		   char **msg);

/*
 * Certificates.  Codes are 12 characters of Crockford base32 grouped as
 * XXXX-XXXX-XXXX: a keyed MAC of the attempt under a per-database secret,
 * so they cannot be guessed or made without the database.
 * store_verify() accepts a code in any case, with or without dashes or
 * spaces, and O/I/L read as 0/1/1: 1 and *out filled when it certifies a
 * pass in this database, 0 if not.
 */
int store_verify(struct store *st, const char *code, struct attempt *out,
		 char **msg);

/*
 * The web front end.  Session cookies and sign-in links carry random
 * tokens; the database keeps only their hashes (store_token_hash), so
 * that someone who reads the file cannot sign in with what they find.
 */
struct web_session {
	int64_t learner_id;	/* 0 for the admin */
	int admin;
	char csrf[33];		/* the token every form of the session carries */
	char expires[TIME_LEN];
};
void store_token_hash(const char *token, char hash[65]);
/* A new session for a learner (or the admin) lasting lifetime seconds;
 * *token (malloc'd) is the cookie's value. */
int store_session_create(struct store *st, int64_t learner_id, int admin,
			 int lifetime, char **token, struct web_session *out,
			 char **msg);
/* 1 and *out filled for a session that exists and has not expired. */
int store_session_get(struct store *st, const char *token,
		      struct web_session *out, char **msg);
/* Ends a session (signing out), and sweeps expired ones. */
int store_session_delete(struct store *st, const char *token, char **msg);
/* A new personal sign-in link token for the learner, replacing the old. */
int store_signin_token_new(struct store *st, int64_t learner_id,
			   char **token, char **msg);
/* 1 and *out filled when token is a learner's current sign-in link. */
int store_signin_token_use(struct store *st, const char *token,
			   struct learner *out, char **msg);
/* The admin password's hash (crypto_pwhash_str, Argon2id); setting it
 * ends every admin session. */
int store_admin_password_set(struct store *st, const char *hash, char **msg);
/* 1 and *hash (malloc'd) when set, 0 when not. */
int store_admin_password_get(struct store *st, char **hash, char **msg);

/* Checks the database file (PRAGMA integrity_check): 0 when ok. */
int store_check(struct store *st, char **msg);

/* What a backup holds. */
struct backup_counts {
	int learners, attempts, answers;
};
/*
 * Nonzero when path names st's database or a file SQLite keeps beside it
 * (-wal, -shm, -journal), whether or not that file exists yet: a backup
 * written there would destroy the records it copies.
 */
int store_is_own_file(struct store *st, const char *path);
/*
 * Copies the records into the empty file at path with SQLite's online
 * backup: a consistent snapshot even while other processes (vigil serve)
 * write, which they go on doing meanwhile.  The copy is checked (PRAGMA
 * integrity_check) and left as one self-contained file (rollback journal,
 * not WAL); c counts what it holds.  Writing path under its final name
 * is the caller's part, and so is naming it in a message: *msg says only
 * what failed.
 */
int store_backup(struct store *st, const char *path, struct backup_counts *c,
		 char **msg);

#endif
