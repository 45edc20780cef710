/*
 * store-mail.c - the mail log (store.h): every email sent to a person, a
 * reminder or a sign-in link, and whether the server accepted it.  The
 * reminder rule reads it (a person is reminded at most once in
 * remind_every_days, counting only what the server took), and the DSL's
 * reminders page shows it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store-internal.h"
#include "store.h"
#include "util.h"

int store_mail_log_add(struct store *st, int64_t learner_id,
		       const char *kind, const char *email,
		       const char *detail, const char *error, char **msg)
{
	char now[TIME_LEN];

	fmt_time(vigil_now(), now);
	return store_run(st, store_prepare(st, msg, "INSERT INTO mail_log "
					   "(at, learner_id, kind, email, "
					   "detail, error) VALUES (?, ?, ?, "
					   "?, ?, ?)", "tItttt", now,
					   learner_id, kind, email,
					   detail ? detail : "", error), msg,
			 "cannot write the mail log");
}

int store_mail_log_count(struct store *st, int64_t *n, char **msg)
{
	*n = 0;
	return store_int64_one(st, store_prepare(st, msg, "SELECT count(*) "
						 "FROM mail_log", ""), n,
			       msg) < 0 ? -1 : 0;
}

int store_mail_log_newest(struct store *st, int64_t skip, int64_t limit,
			  int (*fn)(void *ctx, const struct mail_log_entry *e),
			  void *ctx, char **msg)
{
	sqlite3_stmt *stmt;
	int rc, ret = 0;

	stmt = store_prepare(st, msg, "SELECT m.id, m.at, l.ref, l.name, "
			     "m.kind, m.email, m.detail, coalesce(m.error, "
			     "'') FROM mail_log m JOIN learners l ON l.id = "
			     "m.learner_id ORDER BY m.id DESC LIMIT ? OFFSET "
			     "?", "II", limit, skip);
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct mail_log_entry e;

		e.id = sqlite3_column_int64(stmt, 0);
		e.at = (const char *)sqlite3_column_text(stmt, 1);
		e.ref = (const char *)sqlite3_column_text(stmt, 2);
		e.name = (const char *)sqlite3_column_text(stmt, 3);
		e.kind = (const char *)sqlite3_column_text(stmt, 4);
		e.email = (const char *)sqlite3_column_text(stmt, 5);
		e.detail = (const char *)sqlite3_column_text(stmt, 6);
		e.error = (const char *)sqlite3_column_text(stmt, 7);
		ret = fn(ctx, &e);
		if (ret)
			break;
	}
	store_done(st, stmt);
	if (!ret && rc != SQLITE_DONE)
		return store_fail(st, msg, "cannot read the mail log");
	return ret;
}

int store_reminded(struct store *st,
		   int (*fn)(void *ctx, int64_t learner_id, const char *at),
		   void *ctx, char **msg)
{
	sqlite3_stmt *stmt;
	int rc, ret = 0;

	/* Only what the server accepted: a failed send is tried again. */
	stmt = store_prepare(st, msg, "SELECT learner_id, max(at) FROM "
			     "mail_log WHERE kind = 'reminder' AND error IS "
			     "NULL GROUP BY learner_id", "");
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ret = fn(ctx, sqlite3_column_int64(stmt, 0),
			 (const char *)sqlite3_column_text(stmt, 1));
		if (ret)
			break;
	}
	store_done(st, stmt);
	if (!ret && rc != SQLITE_DONE)
		return store_fail(st, msg, "cannot read the mail log");
	return ret;
}

int store_reminded_last(struct store *st, int64_t learner_id,
			char at[TIME_LEN], char **msg)
{
	char *v = NULL;
	int found;

	at[0] = '\0';
	found = store_text_one(st, store_prepare(st, msg, "SELECT max(at) "
						 "FROM mail_log WHERE "
						 "learner_id = ? AND kind = "
						 "'reminder' AND error IS NULL",
						 "I", learner_id), &v, msg);
	if (found > 0 && v)
		snprintf(at, TIME_LEN, "%s", v);
	free(v);
	return found < 0 ? -1 : at[0] != '\0';
}
