/*
 * store-learners.c - the roster's learners (store.h): add, import, edit,
 * leavers, roles, list, and forget, which leaves no trace of a learner in
 * the file.  Every change writes its audit row in its own transaction
 * (store-school.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	free(l->start);
	free(l->left);
	free(l->access);
	strv_free(&l->groups);
	memset(l, 0, sizeof(*l));
}

/* Reads the columns LEARNER_COLUMNS_OF names, in that order. */
static void learner_read(sqlite3_stmt *stmt, struct learner *l)
{
	const char *groups;

	memset(l, 0, sizeof(*l));
	l->id = sqlite3_column_int64(stmt, 0);
	l->ref = store_column_text(stmt, 1);
	l->name = store_column_text(stmt, 2);
	l->email = store_column_text(stmt, 3);
	l->role = store_column_text(stmt, 4);
	l->added = store_column_text(stmt, 5);
	l->start = store_column_text(stmt, 6);
	l->left = store_column_text(stmt, 7);
	l->access = store_column_text(stmt, 8);
	groups = (const char *)sqlite3_column_text(stmt, 9);
	/* Names hold no control characters (group_check): a line break
	 * separates them. */
	while (groups && *groups) {
		size_t len = strcspn(groups, "\n");
		char *name = xstrndup(groups, len);

		strv_push(&l->groups, name);
		free(name);
		groups += len + (groups[len] == '\n');
	}
	strv_sort(&l->groups);
}

#define LEARNER_COLUMNS LEARNER_COLUMNS_OF("learners")

static void learner_read_any(sqlite3_stmt *stmt, void *out)
{
	learner_read(stmt, out);
}

static void learner_clear_any(void *l)
{
	learner_clear(l);
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

/* Inserts l inside the caller's transaction: a person with no first day
 * given starts today. */
static int learner_insert(struct store *st, struct learner *l,
			  const char *now, char **msg)
{
	sqlite3_stmt *stmt;
	char today[DATE_LEN];

	snprintf(today, sizeof(today), "%.10s", now);
	if (!l->start)
		l->start = xstrdup(today);
	stmt = store_prepare(st, msg, "INSERT INTO learners (ref, name, email, "
			     "role, added, start, access) VALUES (?, ?, ?, ?, "
			     "?, ?, ?)", "ttttttt", l->ref, l->name, l->email,
			     l->role, now, l->start, l->access);
	if (store_run(st, stmt, msg, "cannot add a learner") < 0)
		return -1;
	l->id = sqlite3_last_insert_rowid(st->db);
	free(l->added);
	l->added = xstrdup(now);
	if (store_groups_set(st, l->id, &l->groups, today, msg) < 0)
		return -1;
	return store_audit_row(st, "learner added", l->ref, l->id, msg);
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

/* Nonzero when two sorted lists of group names hold the same names. */
static int same_groups(const struct strv *a, const struct strv *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcasecmp(a->v[i], b->v[i]))
			return 0;
	return 1;
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
		strv_sort(&ls[i].groups);
		if (!ls[i].start)
			ls[i].start = old.start ? xstrdup(old.start) : NULL;
		if (!same(old.name, ls[i].name) ||
		    !same(old.email, ls[i].email) ||
		    !same(old.role, ls[i].role) ||
		    !same(old.start, ls[i].start) ||
		    !same_groups(&old.groups, &ls[i].groups)) {
			sqlite3_stmt *stmt = store_prepare(st, msg,
				"UPDATE learners SET name = ?, email = ?, "
				"role = ?, start = ? WHERE id = ?", "ttttI",
				ls[i].name, ls[i].email, ls[i].role,
				ls[i].start, old.id);
			char today[DATE_LEN];

			snprintf(today, sizeof(today), "%.10s", now);
			if (store_run(st, stmt, msg,
				      "cannot update a learner") < 0 ||
			    store_groups_set(st, old.id, &ls[i].groups, today,
					     msg) < 0 ||
			    store_audit_row(st, "learner changed", old.ref,
					    old.id, msg) < 0) {
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
	return store_rows(st, store_prepare(st, msg, "SELECT "
					    LEARNER_COLUMNS " FROM learners "
					    "ORDER BY ref", ""),
			  sizeof(**out), learner_read_any, learner_clear_any,
			  out, n, "the learners", msg);
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
	/* Answers and certificates go with the attempts (ON DELETE CASCADE).
	 * The audit row says that someone was erased, never who (SPEC §4). */
	stmt = store_prepare(st, msg, "DELETE FROM learners WHERE id = ?",
			     "I", l.id);
	if (store_run(st, stmt, msg, "cannot erase the learner") < 0 ||
	    store_audit_forget(st, l.id, msg) < 0 ||
	    store_audit_row(st, "learner erased", "", 0, msg) < 0 ||
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


/*
 * Runs one change to the learner ref in its own transaction: change()
 * gets the learner as recorded and makes the change (with its audit row);
 * 1 done, 0 ref unknown, -1 error.
 */
static int learner_change(struct store *st, const char *ref,
			  int (*change)(struct store *st, struct learner *old,
					const void *arg, char **msg),
			  const void *arg, char **msg)
{
	struct learner old;
	int found;

	if (store_begin(st, msg) < 0)
		return -1;
	found = store_learner_get(st, ref, &old, msg);
	if (found <= 0) {
		store_rollback(st);
		return found;
	}
	if (change(st, &old, arg, msg) < 0 || store_commit(st, msg) < 0) {
		learner_clear(&old);
		return store_rollback(st);
	}
	learner_clear(&old);
	return 1;
}

struct edit {
	const struct learner *l;
	unsigned fields;
};

/* learner_change: the fields an edit names. */
static int edit_change(struct store *st, struct learner *old,
		       const void *arg, char **msg)
{
	const struct edit *e = arg;
	const struct learner *l = e->l;
	sqlite3_stmt *stmt;
	char today[DATE_LEN];

	stmt = store_prepare(st, msg, "UPDATE learners SET name = ?, email = "
			     "?, role = ?, start = ? WHERE id = ?", "ttttI",
			     e->fields & LEARNER_NAME ? l->name : old->name,
			     e->fields & LEARNER_EMAIL ? l->email : old->email,
			     e->fields & LEARNER_ROLE ? l->role : old->role,
			     e->fields & LEARNER_START ? l->start : old->start,
			     old->id);
	if (store_run(st, stmt, msg, "cannot change the learner") < 0)
		return -1;
	fmt_date(vigil_now(), today);
	if ((e->fields & LEARNER_GROUPS) &&
	    store_groups_set(st, old->id, &l->groups, today, msg) < 0)
		return -1;
	return store_audit_row(st, "learner changed", old->ref, old->id, msg);
}

int store_learner_edit(struct store *st, const char *ref,
		       const struct learner *l, unsigned fields, char **msg)
{
	struct edit e = { l, fields };

	return learner_change(st, ref, edit_change, &e, msg);
}

/* learner_change: marks a leaver, whose role and sessions end. */
static int leave_change(struct store *st, struct learner *old,
			const void *arg, char **msg)
{
	const char *on = arg;
	sqlite3_stmt *stmt;
	char *detail;
	int ret;

	stmt = store_prepare(st, msg, "UPDATE learners SET left_on = ?, "
			     "access = NULL, password = NULL WHERE id = ?",
			     "tI", on, old->id);
	if (store_run(st, stmt, msg, "cannot mark the leaver") < 0)
		return -1;
	stmt = store_prepare(st, msg, "DELETE FROM web_sessions WHERE "
			     "learner_id = ?", "I", old->id);
	if (store_run(st, stmt, msg, "cannot end the leaver's sessions") < 0)
		return -1;
	detail = xasprintf("%s, on %s", old->ref, on);
	ret = store_audit_row(st, "learner left", detail, old->id, msg);
	free(detail);
	return ret;
}

int store_learner_leave(struct store *st, const char *ref, const char *on,
			char **msg)
{
	return learner_change(st, ref, leave_change, on, msg);
}

/* learner_change: a leaver back in post. */
static int return_change(struct store *st, struct learner *old,
			 const void *arg, char **msg)
{
	sqlite3_stmt *stmt;

	(void)arg;
	if (!old->left)
		return 0;
	stmt = store_prepare(st, msg, "UPDATE learners SET left_on = NULL "
			     "WHERE id = ?", "I", old->id);
	if (store_run(st, stmt, msg, "cannot bring the learner back") < 0)
		return -1;
	return store_audit_row(st, "learner returned", old->ref, old->id, msg);
}

int store_learner_return(struct store *st, const char *ref, char **msg)
{
	return learner_change(st, ref, return_change, NULL, msg);
}

/* learner_change: gives or takes away an admin role. */
static int grant_change(struct store *st, struct learner *old,
			const void *arg, char **msg)
{
	const char *access = arg;
	sqlite3_stmt *stmt;
	char *detail;
	int ret;

	if (access && old->left) {
		*msg = xasprintf("%s has left; bring them back first (vigil "
				 "learner return)", old->ref);
		return -1;
	}
	if (same(access, old->access))
		return 0;
	/* A password is for a role: it goes with it. */
	if (access)
		stmt = store_prepare(st, msg, "UPDATE learners SET access = ? "
				     "WHERE id = ?", "tI", access, old->id);
	else
		stmt = store_prepare(st, msg, "UPDATE learners SET access = "
				     "NULL, password = NULL WHERE id = ?", "I",
				     old->id);
	if (store_run(st, stmt, msg, "cannot change the role") < 0)
		return -1;
	if (access)
		detail = xasprintf("%s: %s", old->ref, access);
	else
		detail = xasprintf("%s: no role (was %s)", old->ref,
				   old->access ? old->access : "none");
	ret = store_audit_row(st, access ? "role given" : "role taken away",
			      detail, old->id, msg);
	free(detail);
	return ret;
}

int store_learner_grant(struct store *st, const char *ref,
			const char *access, char **msg)
{
	return learner_change(st, ref, grant_change, access, msg);
}

/* learner_change: a role holder's password. */
static int password_change(struct store *st, struct learner *old,
			   const void *arg, char **msg)
{
	sqlite3_stmt *stmt;

	if (!old->access) {
		*msg = xasprintf("%s holds no role; give one first (vigil "
				 "learner grant)", old->ref);
		return -1;
	}
	stmt = store_prepare(st, msg, "UPDATE learners SET password = ? WHERE "
			     "id = ?", "tI", (const char *)arg, old->id);
	if (store_run(st, stmt, msg, "cannot set the password") < 0)
		return -1;
	return store_audit_row(st, "password set", old->ref, old->id, msg);
}

int store_learner_password_set(struct store *st, const char *ref,
			       const char *hash, char **msg)
{
	return learner_change(st, ref, password_change, hash, msg);
}

int store_learner_password_get(struct store *st, int64_t id, char **hash,
			       char **msg)
{
	return store_text_one(st, store_prepare(st, msg, "SELECT password "
						"FROM learners WHERE id = ? "
						"AND password IS NOT NULL AND "
						"access IS NOT NULL AND "
						"left_on IS NULL", "I", id),
			      hash, msg);
}

int store_learner_find(struct store *st, const char *who,
		       struct learner *out, char **msg)
{
	sqlite3_stmt *stmt;
	int rc, found;

	found = store_learner_get(st, who, out, msg);
	if (found)
		return found;
	stmt = store_prepare(st, msg, "SELECT " LEARNER_COLUMNS " FROM "
			     "learners WHERE lower(ref) = lower(?1) OR "
			     "lower(email) = lower(?1) LIMIT 2", "t", who);
	if (!stmt)
		return -1;
	memset(out, 0, sizeof(*out));
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		learner_read(stmt, out);
		rc = sqlite3_step(stmt);
		/* Two people answer to it: neither is meant for sure. */
		if (rc == SQLITE_ROW)
			learner_clear(out);
	}
	store_done(st, stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE) {
		learner_clear(out);
		return store_fail(st, msg, "cannot find the learner");
	}
	return out->ref ? 1 : 0;
}
