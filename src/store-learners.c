/*
 * store-learners.c - the roster's learners (store.h): add, import, list, and
 * forget, which leaves no trace of a learner in the file.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store-internal.h"
#include "store.h"
#include "util.h"

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
	l->ref = store_column_text(stmt, 1);
	l->name = store_column_text(stmt, 2);
	l->email = store_column_text(stmt, 3);
	l->role = store_column_text(stmt, 4);
	l->added = store_column_text(stmt, 5);
}

#define LEARNER_COLUMNS "id, ref, name, email, role, added"


static void learner_read_any(sqlite3_stmt *stmt, void *out)
{
	learner_read(stmt, out);
}

int store_learner_one(struct store *st, sqlite3_stmt *stmt,
		      struct learner *out, char **msg)
{
	return store_row_one(st, stmt, out, sizeof(*out), learner_read_any,
			     msg);
}

int store_learner_get(struct store *st, const char *ref, struct learner *out,
		      char **msg)
{
	sqlite3_stmt *stmt = store_prepare(st, msg, "SELECT " LEARNER_COLUMNS
					   " FROM learners WHERE ref = ?",
					   "t", ref);

	return store_learner_one(st, stmt, out, msg);
}

int store_learner_by_id(struct store *st, int64_t id, struct learner *out,
			char **msg)
{
	sqlite3_stmt *stmt = store_prepare(st, msg, "SELECT " LEARNER_COLUMNS
					   " FROM learners WHERE id = ?", "I",
					   id);

	return store_learner_one(st, stmt, out, msg);
}

/* Inserts l inside the caller's transaction. */
static int learner_insert(struct store *st, struct learner *l,
			  const char *now, char **msg)
{
	sqlite3_stmt *stmt;

	stmt = store_prepare(st, msg, "INSERT INTO learners (ref, name, email, "
			     "role, added) VALUES (?, ?, ?, ?, ?)", "ttttt",
			     l->ref, l->name, l->email, l->role, now);
	if (store_run(st, stmt, msg, "cannot add a learner") < 0)
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
	if (store_begin(st, msg) < 0)
		return -1;
	found = store_learner_get(st, l->ref, &old, msg);
	learner_clear(&old);
	if (found < 0)
		return store_rollback(st);
	if (found) {
		*msg = xasprintf("a learner with the reference '%s' is "
				 "already in the roster", l->ref);
		return store_rollback(st);
	}
	if (learner_insert(st, l, now, msg) < 0 || store_commit(st, msg) < 0)
		return store_rollback(st);
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
	if (store_begin(st, msg) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct learner old;
		int found = store_learner_get(st, ls[i].ref, &old, msg);

		if (found < 0)
			return store_rollback(st);
		if (!found) {
			if (learner_insert(st, &ls[i], now, msg) < 0)
				return store_rollback(st);
			(*added)++;
			continue;
		}
		ls[i].id = old.id;
		if (!same(old.name, ls[i].name) ||
		    !same(old.email, ls[i].email) ||
		    !same(old.role, ls[i].role)) {
			sqlite3_stmt *stmt = store_prepare(st, msg,
				"UPDATE learners SET name = ?, email = ?, "
				"role = ? WHERE id = ?", "tttI", ls[i].name,
				ls[i].email, ls[i].role, old.id);

			if (store_run(st, stmt, msg,
				      "cannot update a learner") < 0) {
				learner_clear(&old);
				return store_rollback(st);
			}
			(*updated)++;
		}
		learner_clear(&old);
	}
	if (store_commit(st, msg) < 0)
		return store_rollback(st);
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
	stmt = store_prepare(st, msg, "SELECT " LEARNER_COLUMNS
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
	store_done(st, stmt);
	if (rc != SQLITE_DONE) {
		while (*n)
			learner_clear(&(*out)[--*n]);
		free(*out);
		*out = NULL;
		return store_fail(st, msg, "cannot list the learners");
	}
	return 0;
}

/* Counts rows for one learner with a query taking the learner's id. */
static int count_rows(struct store *st, const char *sql, int64_t id,
		      int *count, char **msg)
{
	sqlite3_stmt *stmt = store_prepare(st, msg, sql, "I", id);

	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_done(st, stmt);
		return store_fail(st, msg, "cannot count rows");
	}
	*count = sqlite3_column_int(stmt, 0);
	store_done(st, stmt);
	return 0;
}

int store_learner_forget(struct store *st, const char *ref,
			 struct forget_counts *c, char **msg)
{
	struct learner l;
	sqlite3_stmt *stmt;
	int found;

	memset(c, 0, sizeof(*c));
	if (store_begin(st, msg) < 0)
		return -1;
	found = store_learner_get(st, ref, &l, msg);
	if (found <= 0) {
		store_rollback(st);
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
	stmt = store_prepare(st, msg, "DELETE FROM learners WHERE id = ?",
			     "I", l.id);
	if (store_run(st, stmt, msg, "cannot erase the learner") < 0 ||
	    store_commit(st, msg) < 0)
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
		return store_fail(st, msg, "the learner's rows are erased, "
				  "but the write-ahead log could not be "
				  "emptied (is another vigil running?)");
	return 1;
fail:
	learner_clear(&l);
	return store_rollback(st);
}

