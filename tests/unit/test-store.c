/*
 * test-store.c - the store on a real SQLite file in a temporary folder: a
 * database is only created by store_open; store_is_own_file knows the
 * database and the files beside it by any name, whether or not they exist;
 * learners, attempts and their answers, certificates, web sessions and
 * sign-in links, backups; ids are never used twice; a newer schema is
 * refused; store_prepare binds each type letter and aborts on an unknown
 * one.  Prints TAP ("ok N - what"); exits 1 if any check failed.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "session.h"
#include "store-internal.h"
#include "store.h"
#include "util.h"
#include "tap.h"

/* Nonzero when path exists. */
static int exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Checks store_is_own_file(st, dir/name) against want. */
static void own(struct store *st, const char *dir, const char *name, int want,
		const char *what)
{
	char *path = xasprintf("%s/%s", dir, name);

	check(!store_is_own_file(st, path) == !want, what);
	free(path);
}

/* Adds a learner, for its id (0 when it fails). */
static int64_t add(struct store *st, const char *ref)
{
	struct learner l = { 0 };
	char *msg = NULL;
	int64_t id;

	l.ref = xstrdup(ref);
	l.name = xstrdup("A Name");
	if (store_learner_add(st, &l, &msg) < 0) {
		fprintf(stderr, "%s\n", msg);
		free(msg);
		learner_clear(&l);
		return 0;
	}
	id = l.id;
	learner_clear(&l);
	return id;
}

/* Prints and frees *msg when a call failed, so a failing check says why. */
static void say(char **msg)
{
	if (*msg)
		fprintf(stderr, "# %s\n", *msg);
	free(*msg);
	*msg = NULL;
}

/* Learners: add, find by ref and id, refuse a second ref, import, list,
 * forget with its counts. */
static void test_learners(struct store *st)
{
	struct learner l = { 0 }, got, *ls, in[2] = { { 0 } };
	struct forget_counts fc;
	int added, updated;
	char *msg = NULL;
	size_t n, i;

	l.ref = xstrdup("L1");
	l.name = xstrdup("Ann Example");
	l.email = xstrdup("ann@example.org");
	check(store_learner_add(st, &l, &msg) == 0 && l.id > 0 && l.added,
	      "learner_add sets the id and the time added");
	say(&msg);
	check(store_learner_get(st, "L1", &got, &msg) == 1 &&
	      got.id == l.id && !strcmp(got.name, "Ann Example") &&
	      !strcmp(got.email, "ann@example.org") && !got.role,
	      "learner_get finds it by ref, a missing role NULL");
	learner_clear(&got);
	check(store_learner_by_id(st, l.id, &got, &msg) == 1 &&
	      !strcmp(got.ref, "L1"), "learner_by_id finds it by id");
	learner_clear(&got);
	check(store_learner_get(st, "nobody", &got, &msg) == 0 && !got.ref,
	      "an unknown ref is not found, and not an error");
	check(store_learner_add(st, &l, &msg) < 0 && msg &&
	      strstr(msg, "'L1'"), "a second learner with the ref is refused");
	free(msg);
	msg = NULL;

	in[0].ref = xstrdup("L1");
	in[0].name = xstrdup("Ann Changed");
	in[0].email = xstrdup("ann@example.org");
	in[1].ref = xstrdup("L2");
	in[1].name = xstrdup("Bo Example");
	check(store_learner_import(st, in, 2, &added, &updated, &msg) == 0 &&
	      added == 1 && updated == 1 && in[0].id == l.id,
	      "learner_import adds one and updates one");
	say(&msg);
	check(store_learner_import(st, in, 2, &added, &updated, &msg) == 0 &&
	      added == 0 && updated == 0,
	      "the same import again changes nothing");
	say(&msg);
	check(store_learner_list(st, &ls, &n, &msg) == 0, "learner_list");
	say(&msg);
	/* A and C from main are there too; the list is by ref. */
	for (i = 1; i < n; i++)
		if (strcmp(ls[i - 1].ref, ls[i].ref) >= 0)
			break;
	check(n >= 2 && i == n, "lists every learner in order of ref");
	for (i = 0; i < n; i++) {
		if (!strcmp(ls[i].ref, "L1"))
			check(!strcmp(ls[i].name, "Ann Changed"),
			      "with the imported name");
		learner_clear(&ls[i]);
	}
	free(ls);

	check(store_learner_forget(st, "L2", &fc, &msg) == 1 &&
	      fc.attempts == 0 && fc.answers == 0 && fc.certificates == 0,
	      "learner_forget erases a learner with no attempts");
	say(&msg);
	check(store_learner_get(st, "L2", &got, &msg) == 0,
	      "who is then not found");
	check(store_learner_forget(st, "L2", &fc, &msg) == 0,
	      "forgetting an unknown learner answers 0");
	say(&msg);
	learner_clear(&in[0]);
	learner_clear(&in[1]);
	learner_clear(&l);
}

/* Fills the fields of an attempt that store_attempt_begin records. */
static void attempt_fill(struct attempt *a, int64_t learner_id)
{
	memset(a, 0, sizeof(*a));
	a->learner_id = learner_id;
	a->pack = xstrdup("p");
	a->pack_title = xstrdup("Pack");
	a->pack_version = xstrdup("1");
	a->pack_hash = xstrdup("h");
	a->module = xstrdup("m");
	a->module_title = xstrdup("Module");
	a->seed = UINT64_C(0xfedcba9876543210);
}

/* Counts the attempts store_attempts visits. */
static int count_one(void *ctx, const struct attempt *a)
{
	(void)a;
	++*(int *)ctx;
	return 0;
}

/* Stops store_attempts at the first attempt, with 7. */
static int stop_at_one(void *ctx, const struct attempt *a)
{
	(void)ctx;
	(void)a;
	return 7;
}

/* Attempts: begin, resume, answer, finish with a certificate, verify it,
 * list and abandon; a forgotten attempt's id is not used again. */
static void test_attempts(struct store *st)
{
	struct attempt a, b, got;
	struct answer ans[2] = { { (char *)"s1", (char *)"yes", 2, NULL, 40 },
				 { (char *)"s2", (char *)"b", 0, NULL, 70 } };
	struct attempt_filter all = { 0 }, mine = { "T1", "p", NULL, 1 };
	struct forget_counts fc;
	struct answer *read;
	char *msg = NULL, *code;
	int64_t lid = add(st, "T1"), first;
	size_t n;
	int count;

	attempt_fill(&a, lid);
	check(store_attempt_begin(st, &a, &msg) == 0 && a.id > 0 &&
	      strlen(a.uuid) == 36 && strlen(a.statement_id) == 36 &&
	      a.status == ATTEMPT_IN_PROGRESS && a.started,
	      "attempt_begin sets the id, uuids, status and start");
	say(&msg);
	check(store_attempt_current(st, lid, "p", "m", &got, &msg) == 1 &&
	      got.id == a.id && got.seed == a.seed &&
	      !strcmp(got.learner_ref, "T1") && !got.ended,
	      "attempt_current finds it in progress, seed intact");
	attempt_clear(&got);
	check(store_attempt_current(st, lid, "p", "other", &got, &msg) == 0,
	      "but not at another module");
	check(store_answer_add(st, a.id, 0, &ans[0], &msg) == 0 &&
	      store_answer_add(st, a.id, 1, &ans[1], &msg) == 0,
	      "answer_add records two answers");
	say(&msg);
	check(store_answer_add(st, a.id, 1, &ans[1], &msg) < 0,
	      "an answer's number is recorded once");
	free(msg);
	msg = NULL;
	check(store_answers(st, a.id, &read, &n, &msg) == 0 && n == 2 &&
	      !strcmp(read[0].step_id, "s1") && read[0].points == 2 &&
	      !strcmp(read[1].input, "b") && read[1].at &&
	      read[0].progress == 40 && read[1].progress == 70,
	      "answers reads them back in order, with the time and share done");
	say(&msg);
	answers_free(read, n);
	check(store_attempt_current(st, lid, "p", "m", &got, &msg) == 1 &&
	      got.progress == 70,
	      "an attempt's share done is its newest answer's");
	say(&msg);
	attempt_clear(&got);

	a.score = 2;
	a.max = 2;
	a.percent = 100;
	a.pass_mark = 80;
	a.minutes = 5;
	a.status = ATTEMPT_PASSED;
	check(store_attempt_finish(st, &a, 365, &msg) == 0 && a.ended &&
	      a.expires && a.certificate && strlen(a.certificate) == 14 &&
	      a.certificate[4] == '-' && a.certificate[9] == '-',
	      "a pass is finished with an expiry and a certificate code");
	say(&msg);
	check(store_attempt_finish(st, &a, 365, &msg) < 0 && msg &&
	      strstr(msg, "not in progress"), "and cannot be finished twice");
	free(msg);
	msg = NULL;
	check(store_attempt_get(st, a.id, &got, &msg) == 1 &&
	      got.status == ATTEMPT_PASSED && got.minutes == 5 &&
	      !strcmp(got.certificate, a.certificate),
	      "attempt_get reads the result and the code");
	attempt_clear(&got);

	check(store_verify(st, a.certificate, &got, &msg) == 1 &&
	      got.id == a.id, "verify accepts the code");
	attempt_clear(&got);
	code = xstrdup(a.certificate);
	memmove(code + 4, code + 5, strlen(code + 5) + 1);
	for (n = 0; code[n]; n++)
		if (code[n] >= 'A' && code[n] <= 'Z')
			code[n] = (char)(code[n] - 'A' + 'a');
	check(store_verify(st, code, &got, &msg) == 1 && got.id == a.id,
	      "in lower case, without a dash");
	attempt_clear(&got);
	code[0] = code[0] == '0' ? '1' : '0';
	check(store_verify(st, code, &got, &msg) == 0,
	      "a code changed by one character does not verify");
	check(store_verify(st, "not a code", &got, &msg) == 0,
	      "nor does something else");
	free(code);
	say(&msg);

	attempt_fill(&b, lid);
	check(store_attempt_begin(st, &b, &msg) == 0 && b.id > a.id,
	      "a second attempt");
	say(&msg);
	b.status = ATTEMPT_NOT_PASSED;
	b.minutes = 5;
	check(store_attempt_finish(st, &b, 365, &msg) == 0 &&
	      !b.certificate && !b.expires && b.minutes == 0,
	      "a fail gets no certificate, expiry or minutes");
	say(&msg);
	count = 0;
	check(store_attempts(st, &all, count_one, &count, &msg) == 0 &&
	      count == 2, "attempts visits every attempt");
	count = 0;
	mine.finished = 1;
	check(store_attempts(st, &mine, count_one, &count, &msg) == 0 &&
	      count == 2, "and those a filter selects");
	mine.pack = "other";
	count = 0;
	check(store_attempts(st, &mine, count_one, &count, &msg) == 0 &&
	      count == 0, "and none of another pack");
	check(store_attempts(st, &all, stop_at_one, NULL, &msg) == 7,
	      "a nonzero return stops the walk and is returned");
	say(&msg);
	attempt_clear(&b);

	attempt_fill(&b, lid);
	check(store_attempt_begin(st, &b, &msg) == 0 &&
	      store_attempt_abandon(st, b.id, &msg) == 0 &&
	      store_attempt_get(st, b.id, &got, &msg) == 1 &&
	      got.status == ATTEMPT_ABANDONED && got.ended,
	      "attempt_abandon marks it abandoned");
	say(&msg);
	attempt_clear(&got);
	check(store_attempt_current(st, lid, "p", "m", &got, &msg) == 0,
	      "and it is not resumed");
	first = b.id;
	attempt_clear(&b);

	check(store_learner_forget(st, "T1", &fc, &msg) == 1 &&
	      fc.attempts == 3 && fc.answers == 2 && fc.certificates == 1,
	      "forget counts the attempts, answers and certificates");
	say(&msg);
	check(store_verify(st, a.certificate, &got, &msg) == 0,
	      "the forgotten learner's certificate no longer verifies");
	attempt_fill(&b, add(st, "T2"));
	check(store_attempt_begin(st, &b, &msg) == 0 && b.id > first,
	      "the next attempt takes a new id, not an erased one's");
	say(&msg);
	attempt_clear(&b);
	attempt_clear(&a);
}

/* Web sessions, sign-in links and the admin password. */
static void test_sessions(struct store *st)
{
	struct web_session ws, got;
	struct learner l;
	char *token, *admin, *old, *link, *hash, *msg = NULL;
	char th[65];
	int64_t lid = add(st, "W1");

	check(store_session_create(st, lid, 0, 3600, &token, &ws, &msg) == 0 &&
	      token && strlen(ws.csrf) == 32 && ws.learner_id == lid,
	      "session_create gives a token and a form token");
	say(&msg);
	check(store_session_get(st, token, &got, &msg) == 1 &&
	      got.learner_id == lid && !got.admin &&
	      !strcmp(got.csrf, ws.csrf), "session_get finds it by its token");
	store_token_hash(token, th);
	check(store_session_get(st, th, &got, &msg) == 0,
	      "but not by its hash, which is what the file holds");
	check(store_session_delete(st, token, &msg) == 0 &&
	      store_session_get(st, token, &got, &msg) == 0,
	      "session_delete ends it");
	say(&msg);
	free(token);
	check(store_session_create(st, lid, 0, -10, &token, &ws, &msg) == 0 &&
	      store_session_get(st, token, &got, &msg) == 0,
	      "an expired session is not found");
	say(&msg);
	free(token);

	check(store_signin_token_new(st, lid, &old, &msg) == 0 &&
	      store_signin_token_new(st, lid, &link, &msg) == 0,
	      "signin_token_new, twice");
	say(&msg);
	check(store_signin_token_use(st, link, 1, &l, &msg) == 1 && l.id == lid,
	      "signin_token_use names the learner");
	learner_clear(&l);
	check(store_signin_token_use(st, old, 1, &l, &msg) == 0,
	      "the link it replaced signs nobody in");
	free(old);
	free(link);

	check(store_admin_password_get(st, &hash, &msg) == 0 && !hash,
	      "no admin password at first");
	check(store_session_create(st, 0, 1, 3600, &admin, &ws, &msg) == 0 &&
	      store_session_create(st, lid, 0, 3600, &token, &ws, &msg) == 0,
	      "an admin session and a learner's");
	say(&msg);
	check(store_session_get(st, admin, &got, &msg) == 1 && got.admin &&
	      got.learner_id == 0, "the admin session is the admin's");
	check(store_admin_password_set(st, "$argon2id$x", &msg) == 0 &&
	      store_admin_password_get(st, &hash, &msg) == 1 &&
	      !strcmp(hash, "$argon2id$x"), "admin_password_set and _get");
	say(&msg);
	free(hash);
	check(store_session_get(st, admin, &got, &msg) == 0 &&
	      store_session_get(st, token, &got, &msg) == 1,
	      "a new password ends the admin's sessions, no learner's");
	free(admin);
	free(token);
}

/* Reads column 0 of SELECT ?1 bound by store_prepare as its type name. */
static int bound_type(sqlite3_stmt *stmt)
{
	return stmt && sqlite3_step(stmt) == SQLITE_ROW ?
	       sqlite3_column_type(stmt, 0) : -1;
}

/* store_prepare's type letters, and the abort on an unknown one. */
static void test_prepare(struct store *st)
{
	static const unsigned char blob[3] = { 0, 1, 2 };
	sqlite3_stmt *stmt;
	char *msg = NULL, buf[256] = "";
	int fd[2], status = 0;
	ssize_t len;
	pid_t pid;

	stmt = store_prepare(st, &msg, "SELECT ?", "t", "text");
	check(bound_type(stmt) == SQLITE_TEXT &&
	      !strcmp((const char *)sqlite3_column_text(stmt, 0), "text"),
	      "prepare: 't' binds text");
	store_done(st, stmt);
	stmt = store_prepare(st, &msg, "SELECT ?", "t", (const char *)NULL);
	check(bound_type(stmt) == SQLITE_NULL, "a NULL 't' binds NULL");
	store_done(st, stmt);
	stmt = store_prepare(st, &msg, "SELECT ?", "i", -7);
	check(bound_type(stmt) == SQLITE_INTEGER &&
	      sqlite3_column_int(stmt, 0) == -7, "'i' binds an int");
	store_done(st, stmt);
	stmt = store_prepare(st, &msg, "SELECT ?", "I", INT64_C(1) << 40);
	check(bound_type(stmt) == SQLITE_INTEGER &&
	      sqlite3_column_int64(stmt, 0) == INT64_C(1) << 40,
	      "'I' binds an int64");
	store_done(st, stmt);
	stmt = store_prepare(st, &msg, "SELECT ?", "B", blob, 3);
	check(bound_type(stmt) == SQLITE_BLOB &&
	      sqlite3_column_bytes(stmt, 0) == 3 &&
	      !memcmp(sqlite3_column_blob(stmt, 0), blob, 3),
	      "'B' binds a blob of the length given");
	store_done(st, stmt);
	say(&msg);

	if (pipe(fd) < 0) {
		perror("pipe");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		/* An int64 passed under a letter the store does not know. */
		store_prepare(st, &msg, "SELECT ?", "u", INT64_C(1));
		_exit(0);
	}
	close(fd[1]);
	len = pid > 0 ? read(fd[0], buf, sizeof(buf) - 1) : -1;
	buf[len > 0 ? len : 0] = '\0';
	close(fd[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	check(pid > 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
	      "an unknown type letter aborts");
	check(strstr(buf, "unknown type letter 'u'") != NULL,
	      "saying which letter");
}

/* A backup is a database of its own with the records, checked. */
static void test_backup(struct store *st, const char *dir)
{
	struct backup_counts bc;
	struct learner l;
	struct store *copy = NULL;
	char *path = xasprintf("%s/copy.db", dir), *msg = NULL;
	FILE *f = fopen(path, "w");

	if (f)
		fclose(f);
	check(store_backup(st, path, &bc, &msg) == 0 && bc.learners >= 4 &&
	      bc.attempts == 1 && bc.answers == 0,
	      "backup copies the records and counts them");
	say(&msg);
	check(store_open_existing(path, &copy, &msg) == 0 &&
	      store_learner_get(copy, "W1", &l, &msg) == 1,
	      "the copy opens and holds the learners");
	say(&msg);
	learner_clear(&l);
	check(copy && store_check(copy, &msg) == 0, "and passes its check");
	say(&msg);
	store_close(copy);
	free(path);
}

/* A database from a newer vigil (a higher user_version) is refused. */
static void test_newer_schema(const char *dir)
{
	char *path = xasprintf("%s/newer.db", dir), *msg = NULL, *sql;
	struct store *st = NULL;
	sqlite3 *db = NULL;

	sql = xasprintf("PRAGMA user_version = %d", STORE_SCHEMA + 1);
	check(sqlite3_open(path, &db) == SQLITE_OK &&
	      sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK,
	      "a database with the next schema version");
	sqlite3_close(db);
	free(sql);
	check(store_open(path, &st, &msg) < 0 && !st && msg &&
	      strstr(msg, "newer vigil"), "store_open refuses it");
	free(msg);
	free(path);
}

int main(void)
{
	char dir[] = "/tmp/vigil-test-store.XXXXXX";
	struct forget_counts fc;
	struct store *st = NULL;
	char *db, *missing, *msg = NULL, *cmd;
	int64_t a, b, c;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	db = xasprintf("%s/vigil.db", dir);
	missing = xasprintf("%s/no/such.db", dir);

	check(store_open_existing(missing, &st, &msg) < 0 && !st,
	      "store_open_existing refuses a missing database");
	check(msg && strstr(msg, missing) != NULL, "naming its path");
	cmd = xasprintf("%s/no", dir);
	check(!exists(missing) && !exists(cmd), "and creates nothing");
	free(cmd);
	free(msg);
	msg = NULL;

	check(store_open(db, &st, &msg) == 0, "store_open creates one");
	own(st, dir, "vigil.db", 1, "the database is its own file");
	own(st, dir, "./vigil.db", 1, "by another name");
	own(st, dir, "no/../vigil.db", 0,
	    "a path through a missing folder names nothing");
	own(st, dir, "vigil.db-wal", 1, "so is its -wal (there while open)");
	own(st, dir, "vigil.db-journal", 1, "and its -journal, not there");
	own(st, dir, "vigil.db-shm", 1, "and its -shm");
	own(st, dir, "vigil.db.bak", 0, "another file is not");
	own(st, dir, "backup.db", 0, "nor one that is not there");
	cmd = xasprintf("%s/link.db", dir);
	check(symlink(db, cmd) == 0, "a symbolic link to it");
	own(st, dir, "link.db", 1, "is known for what it points to");
	free(cmd);

	a = add(st, "A");
	b = add(st, "B");
	check(a > 0 && b > a, "two learners");
	check(store_learner_forget(st, "B", &fc, &msg) == 1, "forget one");
	c = add(st, "C");
	check(c > b, "the next learner takes a new id, not the erased one's");

	test_learners(st);
	test_attempts(st);
	test_sessions(st);
	test_prepare(st);
	test_backup(st, dir);

	store_close(st);
	test_newer_schema(dir);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
	free(db);
	free(missing);
	free(msg);
	return tap_done();
}
