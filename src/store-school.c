/*
 * store-school.c - what running a school adds to the records (store.h,
 * SPEC §4): groups of staff and who is in them, assignments of modules,
 * the school's settings, and the audit log that every change on the admin
 * side writes to in the change's own transaction.
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

void store_set_actor(struct store *st, const char *actor, int64_t id)
{
	free(st->actor);
	st->actor = actor ? xstrdup(actor) : NULL;
	st->actor_id = id;
}

int store_audit_row(struct store *st, const char *action, const char *detail,
		    int64_t subject, char **msg)
{
	char now[TIME_LEN];
	sqlite3_stmt *stmt;

	fmt_time(vigil_now(), now);
	stmt = store_prepare(st, msg, "INSERT INTO audit (at, actor, action, "
			     "detail, actor_id, subject_id) VALUES (?, ?, ?, "
			     "?, nullif(?, 0), nullif(?, 0))", "ttttII", now,
			     st->actor ? st->actor : "command line", action,
			     detail ? detail : "", st->actor_id, subject);
	return store_run(st, stmt, msg, "cannot write the audit log");
}

int store_audit(struct store *st, const char *action, const char *detail,
		int64_t subject, char **msg)
{
	/* One statement is its own transaction, written through as any. */
	return store_audit_row(st, action, detail, subject, msg);
}

int store_audit_forget(struct store *st, int64_t id, char **msg)
{
	sqlite3_stmt *stmt;

	stmt = store_prepare(st, msg, "UPDATE audit SET detail = 'a person "
			     "since erased', subject_id = NULL WHERE "
			     "subject_id = ?", "I", id);
	if (store_run(st, stmt, msg, "cannot clear the audit log") < 0)
		return -1;
	stmt = store_prepare(st, msg, "UPDATE audit SET actor = 'a person "
			     "since erased', actor_id = NULL WHERE actor_id = "
			     "?", "I", id);
	return store_run(st, stmt, msg, "cannot clear the audit log");
}

/* Calls fn for each row stmt (id, at, actor, action, detail) gives. */
static int audit_rows(struct store *st, sqlite3_stmt *stmt,
		      int (*fn)(void *ctx, const struct audit_entry *e),
		      void *ctx, char **msg)
{
	int rc, ret = 0;

	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct audit_entry e;

		e.id = sqlite3_column_int64(stmt, 0);
		e.at = (const char *)sqlite3_column_text(stmt, 1);
		e.actor = (const char *)sqlite3_column_text(stmt, 2);
		e.action = (const char *)sqlite3_column_text(stmt, 3);
		e.detail = (const char *)sqlite3_column_text(stmt, 4);
		ret = fn(ctx, &e);
		if (ret)
			break;
	}
	store_done(st, stmt);
	if (!ret && rc != SQLITE_DONE)
		return store_fail(st, msg, "cannot read the audit log");
	return ret;
}

int store_audit_walk(struct store *st, const char *since,
		     int (*fn)(void *ctx, const struct audit_entry *e),
		     void *ctx, char **msg)
{
	return audit_rows(st, store_prepare(st, msg, "SELECT id, at, actor, "
					    "action, detail FROM audit WHERE "
					    "at >= coalesce(?, '') ORDER BY "
					    "id", "t", since), fn, ctx, msg);
}

int store_audit_newest(struct store *st, int64_t skip, int64_t limit,
		       int (*fn)(void *ctx, const struct audit_entry *e),
		       void *ctx, char **msg)
{
	return audit_rows(st, store_prepare(st, msg, "SELECT id, at, actor, "
					    "action, detail FROM audit ORDER "
					    "BY id DESC LIMIT ? OFFSET ?",
					    "II", limit, skip), fn, ctx, msg);
}

int store_audit_count(struct store *st, int64_t *n, char **msg)
{
	sqlite3_stmt *stmt = store_prepare(st, msg, "SELECT count(*) FROM "
					   "audit", "");

	*n = 0;
	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_done(st, stmt);
		return store_fail(st, msg, "cannot count the audit log");
	}
	*n = sqlite3_column_int64(stmt, 0);
	store_done(st, stmt);
	return 0;
}

/* ---- groups ---- */

void group_info_clear(struct group_info *g)
{
	free(g->name);
	free(g->created);
	memset(g, 0, sizeof(*g));
}

/* store_rows: a group with its count of people in post. */
static void group_read(sqlite3_stmt *stmt, void *elem)
{
	struct group_info *g = elem;

	g->id = sqlite3_column_int64(stmt, 0);
	g->name = store_column_text(stmt, 1);
	g->created = store_column_text(stmt, 2);
	g->members = sqlite3_column_int(stmt, 3);
}

static void group_clear_any(void *g)
{
	group_info_clear(g);
}

int store_group_list(struct store *st, struct group_info **out, size_t *n,
		     char **msg)
{
	return store_rows(st, store_prepare(st, msg, "SELECT g.id, g.name, "
					    "g.created, (SELECT count(*) FROM "
					    "learner_groups lg JOIN learners "
					    "l ON l.id = lg.learner_id WHERE "
					    "lg.group_id = g.id AND "
					    "l.left_on IS NULL) FROM groups g "
					    "ORDER BY g.name", ""),
			  sizeof(**out), group_read, group_clear_any, out, n,
			  "the groups", msg);
}

/* The id of the group called name (any case): 1, 0 if none, -1 error. */
static int group_id(struct store *st, const char *name, int64_t *id,
		    char **msg)
{
	return store_int64_one(st, store_prepare(st, msg, "SELECT id FROM "
						 "groups WHERE name = ?", "t",
						 name), id, msg);
}

/* Makes the group name inside the caller's transaction, unless there. */
static int group_make(struct store *st, const char *name, int64_t *id,
		      int *made, char **msg)
{
	char now[TIME_LEN];
	sqlite3_stmt *stmt;
	int found = group_id(st, name, id, msg);

	*made = 0;
	if (found)
		return found < 0 ? -1 : 0;
	fmt_time(vigil_now(), now);
	stmt = store_prepare(st, msg, "INSERT INTO groups (name, created) "
			     "VALUES (?, ?)", "tt", name, now);
	if (store_run(st, stmt, msg, "cannot add the group") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	*made = 1;
	return store_audit_row(st, "group added", name, 0, msg);
}

int store_group_add(struct store *st, const char *name, char **msg)
{
	int64_t id;
	int made;

	if (store_begin(st, msg) < 0)
		return -1;
	if (group_make(st, name, &id, &made, msg) < 0 ||
	    store_commit(st, msg) < 0)
		return store_rollback(st);
	return made;
}

int store_group_rename(struct store *st, const char *from, const char *to,
		       char **msg)
{
	int64_t id, other;
	int found;
	sqlite3_stmt *stmt;
	char *detail;

	if (store_begin(st, msg) < 0)
		return -1;
	found = group_id(st, from, &id, msg);
	if (found <= 0) {
		store_rollback(st);
		return found;
	}
	found = group_id(st, to, &other, msg);
	if (found < 0)
		return store_rollback(st);
	if (found && other != id) {
		*msg = xasprintf("there is already a group called '%s'", to);
		return store_rollback(st);
	}
	stmt = store_prepare(st, msg, "UPDATE groups SET name = ? WHERE id = ?",
			     "tI", to, id);
	detail = xasprintf("%s, now %s", from, to);
	if (store_run(st, stmt, msg, "cannot rename the group") < 0 ||
	    store_audit_row(st, "group renamed", detail, 0, msg) < 0 ||
	    store_commit(st, msg) < 0) {
		free(detail);
		return store_rollback(st);
	}
	free(detail);
	return 1;
}

int store_group_remove(struct store *st, const char *name, char **msg)
{
	int64_t id;
	int found;
	sqlite3_stmt *stmt;

	if (store_begin(st, msg) < 0)
		return -1;
	found = group_id(st, name, &id, msg);
	if (found <= 0) {
		store_rollback(st);
		return found;
	}
	/* Memberships and assignments go with it (ON DELETE CASCADE). */
	stmt = store_prepare(st, msg, "DELETE FROM groups WHERE id = ?", "I",
			     id);
	if (store_run(st, stmt, msg, "cannot remove the group") < 0 ||
	    store_audit_row(st, "group removed", name, 0, msg) < 0 ||
	    store_commit(st, msg) < 0)
		return store_rollback(st);
	return 1;
}

int store_groups_set(struct store *st, int64_t learner_id,
		     const struct strv *groups, const char *today, char **msg)
{
	sqlite3_stmt *stmt;
	struct strv keep = STRV_INIT;
	size_t i;
	int ret = -1;

	/* Ids of the groups to be in, made as needed. */
	for (i = 0; i < groups->n; i++) {
		int64_t id;
		int made;
		char num[24];

		if (group_make(st, groups->v[i], &id, &made, msg) < 0)
			goto out;
		snprintf(num, sizeof(num), "%lld", (long long)id);
		strv_push(&keep, num);
		/* Joining keeps the day first joined. */
		stmt = store_prepare(st, msg, "INSERT OR IGNORE INTO "
				     "learner_groups (learner_id, group_id, "
				     "since) VALUES (?, ?, ?)", "IIt",
				     learner_id, id, today);
		if (store_run(st, stmt, msg, "cannot add to the group") < 0)
			goto out;
	}
	/* Then out of every other: the list is short, so one statement per
	 * membership held is plenty. */
	stmt = store_prepare(st, msg, "SELECT group_id FROM learner_groups "
			     "WHERE learner_id = ?", "I", learner_id);
	if (!stmt)
		goto out;
	{
		struct strv drop = STRV_INIT;
		int rc;

		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			const char *g = (const char *)
				sqlite3_column_text(stmt, 0);

			if (!strv_has(&keep, g))
				strv_push(&drop, g);
		}
		store_done(st, stmt);
		if (rc != SQLITE_DONE) {
			strv_free(&drop);
			store_fail(st, msg, "cannot read the groups");
			goto out;
		}
		for (i = 0; i < drop.n; i++) {
			stmt = store_prepare(st, msg, "DELETE FROM "
					     "learner_groups WHERE learner_id "
					     "= ? AND group_id = ?", "II",
					     learner_id,
					     (int64_t)strtoll(drop.v[i], NULL,
							      10));
			if (store_run(st, stmt, msg, "cannot leave the "
				      "group") < 0) {
				strv_free(&drop);
				goto out;
			}
		}
		strv_free(&drop);
	}
	ret = 0;
out:
	strv_free(&keep);
	return ret;
}

int store_memberships(struct store *st,
		      int (*fn)(void *ctx, int64_t learner_id,
				int64_t group_id, const char *since),
		      void *ctx, char **msg)
{
	sqlite3_stmt *stmt = store_prepare(st, msg, "SELECT learner_id, "
					   "group_id, since FROM "
					   "learner_groups", "");
	int rc, ret = 0;

	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ret = fn(ctx, sqlite3_column_int64(stmt, 0),
			 sqlite3_column_int64(stmt, 1),
			 (const char *)sqlite3_column_text(stmt, 2));
		if (ret)
			break;
	}
	store_done(st, stmt);
	if (!ret && rc != SQLITE_DONE)
		return store_fail(st, msg, "cannot read the groups");
	return ret;
}

/* ---- assignments ---- */

void assignment_clear(struct assignment *a)
{
	free(a->pack);
	free(a->module);
	free(a->group);
	free(a->created);
	memset(a, 0, sizeof(*a));
}

/* "PACK/MODULE for GROUP" (or "for everyone"), for the audit log. */
static char *assignment_words(const char *pack, const char *module,
			      const char *group)
{
	return xasprintf("%s/%s for %s", pack, module,
			 group ? group : "everyone");
}

/* The group's id for an assignment (0: everyone); a group that does not
 * exist is an error. */
static int assignment_group(struct store *st, const char *group,
			    int64_t *id, char **msg)
{
	int found;

	*id = 0;
	if (!group)
		return 0;
	found = group_id(st, group, id, msg);
	if (found == 0)
		*msg = xasprintf("there is no group called '%s'", group);
	return found == 1 ? 0 : -1;
}

int store_assign(struct store *st, const char *pack, const char *module,
		 const char *group, int within, char **msg)
{
	char now[TIME_LEN], *words = NULL, *detail = NULL;
	sqlite3_stmt *stmt;
	int64_t gid;
	int rc, old = -1, ret = -1;

	fmt_time(vigil_now(), now);
	if (store_begin(st, msg) < 0)
		return -1;
	if (assignment_group(st, group, &gid, msg) < 0)
		goto out;
	stmt = store_prepare(st, msg, "SELECT within_days FROM assignments "
			     "WHERE pack = ? AND module = ? AND "
			     "ifnull(group_id, 0) = ?", "ttI", pack, module,
			     gid);
	if (!stmt)
		goto out;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		old = sqlite3_column_int(stmt, 0);
	store_done(st, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, msg, "cannot read the assignments");
		goto out;
	}
	words = assignment_words(pack, module, group);
	if (old == within) {
		ret = 0;
		goto out;
	}
	if (old >= 0)
		stmt = store_prepare(st, msg, "UPDATE assignments SET "
				     "within_days = ? WHERE pack = ? AND "
				     "module = ? AND ifnull(group_id, 0) = ?",
				     "ittI", within, pack, module, gid);
	else if (gid)
		stmt = store_prepare(st, msg, "INSERT INTO assignments (pack, "
				     "module, group_id, within_days, created) "
				     "VALUES (?, ?, ?, ?, ?)", "ttIit", pack,
				     module, gid, within, now);
	else
		stmt = store_prepare(st, msg, "INSERT INTO assignments (pack, "
				     "module, group_id, within_days, created) "
				     "VALUES (?, ?, NULL, ?, ?)", "ttit", pack,
				     module, within, now);
	detail = xasprintf("%s, within %d %s", words, within,
			   plural(within, "day", "days"));
	if (store_run(st, stmt, msg, "cannot record the assignment") < 0 ||
	    store_audit_row(st, old >= 0 ? "assignment changed" :
			    "module assigned", detail, 0, msg) < 0)
		goto out;
	ret = old < 0;
out:
	free(words);
	free(detail);
	if (ret < 0 || store_commit(st, msg) < 0)
		return store_rollback(st);
	return ret;
}

int store_unassign(struct store *st, const char *pack, const char *module,
		   const char *group, char **msg)
{
	sqlite3_stmt *stmt;
	int64_t gid;
	char *words;
	int changed;

	if (store_begin(st, msg) < 0)
		return -1;
	if (assignment_group(st, group, &gid, msg) < 0)
		return store_rollback(st);
	stmt = store_prepare(st, msg, "DELETE FROM assignments WHERE pack = ? "
			     "AND module = ? AND ifnull(group_id, 0) = ?",
			     "ttI", pack, module, gid);
	if (store_run(st, stmt, msg, "cannot remove the assignment") < 0)
		return store_rollback(st);
	changed = sqlite3_changes(st->db);
	words = assignment_words(pack, module, group);
	if ((changed && store_audit_row(st, "module unassigned", words,
					0, msg) < 0) ||
	    store_commit(st, msg) < 0) {
		free(words);
		return store_rollback(st);
	}
	free(words);
	return changed > 0;
}

/* store_rows: an assignment with its group's name. */
static void assignment_read(sqlite3_stmt *stmt, void *elem)
{
	struct assignment *a = elem;

	a->id = sqlite3_column_int64(stmt, 0);
	a->pack = store_column_text(stmt, 1);
	a->module = store_column_text(stmt, 2);
	a->group = store_column_text(stmt, 3);
	a->group_id = sqlite3_column_int64(stmt, 4);
	a->within = sqlite3_column_int(stmt, 5);
	a->created = store_column_text(stmt, 6);
}

static void assignment_clear_any(void *a)
{
	assignment_clear(a);
}

int store_assignment_list(struct store *st, struct assignment **out,
			  size_t *n, char **msg)
{
	return store_rows(st, store_prepare(st, msg, "SELECT a.id, a.pack, "
					    "a.module, g.name, "
					    "ifnull(a.group_id, 0), "
					    "a.within_days, a.created FROM "
					    "assignments a LEFT JOIN groups g "
					    "ON g.id = a.group_id ORDER BY "
					    "a.pack, a.module, a.group_id IS "
					    "NOT NULL, g.name", ""),
			  sizeof(**out), assignment_read, assignment_clear_any,
			  out, n, "the assignments", msg);
}

/* ---- settings ---- */

int store_setting_get(struct store *st, const char *key, char **value,
		      char **msg)
{
	return store_text_one(st, store_prepare(st, msg, "SELECT value FROM "
						"settings WHERE key = ?", "t",
						key), value, msg);
}

int store_setting_set(struct store *st, const char *key, const char *value,
		      int secret, char **msg)
{
	sqlite3_stmt *stmt;
	char *detail;

	if (store_begin(st, msg) < 0)
		return -1;
	if (value)
		stmt = store_prepare(st, msg, "INSERT INTO settings (key, "
				     "value) VALUES (?1, ?2) ON CONFLICT (key) "
				     "DO UPDATE SET value = ?2", "tt", key,
				     value);
	else
		stmt = store_prepare(st, msg, "DELETE FROM settings WHERE "
				     "key = ?", "t", key);
	if (!value)
		detail = xasprintf("%s: unset", key);
	else if (secret)
		detail = xasprintf("%s: changed", key);
	else
		detail = xasprintf("%s = %s", key, value);
	if (store_run(st, stmt, msg, "cannot change the setting") < 0 ||
	    store_audit_row(st, "setting changed", detail, 0, msg) < 0 ||
	    store_commit(st, msg) < 0) {
		free(detail);
		return store_rollback(st);
	}
	free(detail);
	return 0;
}
