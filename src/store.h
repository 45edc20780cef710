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

#include "strv.h"
#include "util.h"

/* The schema version this build creates and understands (user_version). */
#define STORE_SCHEMA	6

struct store;
struct answer;

struct learner {
	int64_t id;
	char *ref;	/* staff number or email: unique */
	char *name;
	char *email;	/* NULL if not known */
	char *role;	/* the job (free text); NULL if not known */
	char *added;	/* time */
	char *start;	/* date: first day in post; NULL if not known */
	char *left;	/* date the person left; NULL while in post */
	char *access;	/* admin role: "dsl", "deputy", "viewer" or NULL */
	struct strv groups;	/* group names, sorted; filled when read */
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
	int progress;		/* the share done (percent) after its newest
				   answer; 0 before any or for older records */
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

/*
 * Who is making the changes that follow on st, as the audit log names them
 * (SPEC §4), and their learner id (0 for none): "command line" until set;
 * the web server sets the signed-in person for each request.  Every function below that changes the roster,
 * roles, groups, assignments or settings writes its audit row in the same
 * transaction as the change, so the log cannot miss one.
 */
void store_set_actor(struct store *st, const char *actor, int64_t id);
/* Adds an audit row on its own (sign-ins, reminders sent); subject: the
 * learner it is about, or 0.  When a learner is erased, the rows about
 * them or by them keep what happened but lose who. */
int store_audit(struct store *st, const char *action, const char *detail,
		int64_t subject, char **msg);
struct audit_entry {
	int64_t id;
	const char *at, *actor, *action, *detail;	/* valid during fn */
};
/* Calls fn for each audit row at or after since (a date or time; NULL:
 * all), oldest first; a nonzero return stops the walk and is returned. */
int store_audit_walk(struct store *st, const char *since,
		     int (*fn)(void *ctx, const struct audit_entry *e),
		     void *ctx, char **msg);
/* The number of audit rows, and a page of them newest first: the rows
 * from the skip-th newest, at most limit (a page of the DSL's log). */
int store_audit_count(struct store *st, int64_t *n, char **msg);
int store_audit_newest(struct store *st, int64_t skip, int64_t limit,
		       int (*fn)(void *ctx, const struct audit_entry *e),
		       void *ctx, char **msg);

/*
 * The roster's changes beyond add and import.  Each returns 1 when ref is
 * known and the change is made (or was already so), 0 when ref is unknown,
 * -1 on error.
 *
 * store_learner_edit changes the fields named in `fields` (LEARNER_*) to
 * l's values; LEARNER_GROUPS replaces the person's groups, making any
 * group not yet known.  A role may be given only to a person in post.
 */
#define LEARNER_NAME	(1u << 0)
#define LEARNER_EMAIL	(1u << 1)
#define LEARNER_ROLE	(1u << 2)
#define LEARNER_GROUPS	(1u << 3)
#define LEARNER_START	(1u << 4)
int store_learner_edit(struct store *st, const char *ref,
		       const struct learner *l, unsigned fields, char **msg);
/* Marks a leaver (on is a date) or brings them back; a leaver's admin
 * role and sessions end. */
int store_learner_leave(struct store *st, const char *ref, const char *on,
			char **msg);
int store_learner_return(struct store *st, const char *ref, char **msg);
/* Gives an admin role ("dsl", "deputy", "viewer"), or takes it away
 * (access NULL, which also removes the person's password). */
int store_learner_grant(struct store *st, const char *ref,
			const char *access, char **msg);
/* A person's admin password hash (Argon2id, crypto_pwhash_str); only a
 * person who holds a role has one. */
int store_learner_password_set(struct store *st, const char *ref,
			       const char *hash, char **msg);
/* 1 and *hash (malloc'd) when the learner with this id has one, else 0. */
int store_learner_password_get(struct store *st, int64_t id, char **hash,
			       char **msg);
/* The learner whose ref or email (either case) is who: 1 and *out filled,
 * 0 when nobody or more than one person matches. */
int store_learner_find(struct store *st, const char *who,
		       struct learner *out, char **msg);

/*
 * Groups of staff ("Teaching staff", "Governors").  Names are unique
 * whatever their case; group_check() in learner.h says what a name may
 * hold.
 */
struct group_info {
	int64_t id;
	char *name, *created;
	int members;		/* people in post in the group */
};
void group_info_clear(struct group_info *g);
/* Every group by name; *out malloc'd (free each with group_info_clear). */
int store_group_list(struct store *st, struct group_info **out, size_t *n,
		     char **msg);
/* 1 when added, 0 when a group of that name is already there. */
int store_group_add(struct store *st, const char *name, char **msg);
/* 1 when renamed, 0 when there is no group `from`; a name in use by
 * another group is an error. */
int store_group_rename(struct store *st, const char *from, const char *to,
		       char **msg);
/* Removes a group, its memberships and its assignments: 1, or 0 if none. */
int store_group_remove(struct store *st, const char *name, char **msg);

/*
 * Assignments: who must complete which module, within how many days of
 * starting (SPEC §4).  group NULL means everyone.
 */
#define ASSIGN_WITHIN_DEFAULT	30
#define ASSIGN_WITHIN_MAX	3650
struct assignment {
	int64_t id;
	char *pack, *module;
	char *group;		/* NULL: everyone */
	int64_t group_id;	/* 0: everyone */
	int within;		/* days */
	char *created;		/* time */
};
void assignment_clear(struct assignment *a);
/* Assigns (or changes the days of an existing assignment): 1 when new,
 * 0 when changed or already so; a group that does not exist is an error. */
int store_assign(struct store *st, const char *pack, const char *module,
		 const char *group, int within, char **msg);
/* 1 when removed, 0 when there was no such assignment. */
int store_unassign(struct store *st, const char *pack, const char *module,
		   const char *group, char **msg);
/* Every assignment, by pack, module, then group (everyone first). */
int store_assignment_list(struct store *st, struct assignment **out,
			  size_t *n, char **msg);

/*
 * Group memberships for the due-date rule: calls fn for each person's
 * membership (learner id, group id, the day they joined it).
 */
int store_memberships(struct store *st,
		      int (*fn)(void *ctx, int64_t learner_id,
				int64_t group_id, const char *since),
		      void *ctx, char **msg);

/* School settings (settings.h knows the keys and checks the values):
 * 1 and *value (malloc'd) when set, 0 when not. */
int store_setting_get(struct store *st, const char *key, char **value,
		      char **msg);
/* Sets a value, or unsets it (value NULL).  secret: the audit log says
 * that it changed, not what to. */
int store_setting_set(struct store *st, const char *key, const char *value,
		      int secret, char **msg);

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
 * What the standing of a person with a module needs of an attempt, for a
 * whole school at once: a lighter walk than store_attempts (no learner,
 * titles or certificate).  Finished and in-progress attempts, oldest first,
 * of everyone or (learner_id not 0) of one person; the strings are valid
 * during fn only.
 */
struct attempt_brief {
	int64_t id, learner_id;
	const char *pack, *module;
	enum attempt_status status;
	const char *started, *ended, *expires;	/* NULL when not set */
};
int store_attempt_briefs(struct store *st, int64_t learner_id,
			 int (*fn)(void *ctx, const struct attempt_brief *a),
			 void *ctx, char **msg);

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
	int admin;		/* the school's set-up account */
	char access[8];		/* the admin role now: "dsl" (the set-up
				   account too), "deputy", "viewer", or "" */
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
/*
 * 1 and *out filled when token is a learner's current sign-in link: their
 * personal link, or a one-use link sent by email that has not expired.
 * With take, a one-use link is used up (the personal link stays).
 */
int store_signin_token_use(struct store *st, const char *token, int take,
			   struct learner *out, char **msg);
/* A new one-use sign-in link for the learner, working for seconds (sent
 * by email: a reminder's, or one the person asked for). */
int store_mail_link_new(struct store *st, int64_t learner_id, int seconds,
			char **token, char **msg);

/*
 * The mail log: every email sent to a person (SPEC §4, Reminders), and
 * whether the server accepted it.  kind is "reminder" or "sign-in link";
 * detail says what it held ("2 modules"); error is NULL when the server
 * accepted it, else what went wrong.  A person's rows go when they are
 * erased, since they hold their address.
 */
int store_mail_log_add(struct store *st, int64_t learner_id,
		       const char *kind, const char *email,
		       const char *detail, const char *error, char **msg);
struct mail_log_entry {
	int64_t id;
	const char *at, *ref, *name, *kind, *email, *detail;
	const char *error;	/* "" when the server accepted it */
};
/* The number of rows, and a page of them newest first (as the audit's). */
int store_mail_log_count(struct store *st, int64_t *n, char **msg);
int store_mail_log_newest(struct store *st, int64_t skip, int64_t limit,
			  int (*fn)(void *ctx, const struct mail_log_entry *e),
			  void *ctx, char **msg);
/* Calls fn with each learner's last reminder the server accepted. */
int store_reminded(struct store *st,
		   int (*fn)(void *ctx, int64_t learner_id, const char *at),
		   void *ctx, char **msg);
/* One learner's: 1 with at filled, 0 when there is none. */
int store_reminded_last(struct store *st, int64_t learner_id,
			char at[TIME_LEN], char **msg);
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
