/*
 * store-sessions.c - what the web front end keeps (store.h): sessions,
 * sign-in links (personal, and one-use ones sent by email) and the admin
 * password; of tokens, only their hashes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "store-internal.h"
#include "store.h"
#include "util.h"

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
	if (admin)
		snprintf(out->access, sizeof(out->access), "dsl");
	snprintf(out->expires, sizeof(out->expires), "%s", expires);
	/* An admin session belongs to no learner. */
	if (admin)
		stmt = store_prepare(st, msg, "INSERT INTO web_sessions "
				     "(token_hash, learner_id, admin, csrf, "
				     "created, expires) VALUES (?, NULL, 1, ?, "
				     "?, ?)", "tttt", hash, out->csrf, now,
				     expires);
	else
		stmt = store_prepare(st, msg, "INSERT INTO web_sessions "
				     "(token_hash, learner_id, admin, csrf, "
				     "created, expires) VALUES (?, ?, 0, ?, ?, "
				     "?)", "tIttt", hash, learner_id, out->csrf,
				     now, expires);
	if (store_run(st, stmt, msg, "cannot record the session") < 0) {
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
	/* The role is read with the session, so that a role taken away or
	 * a person who has left is refused at their next request. */
	stmt = store_prepare(st, msg, "SELECT coalesce(s.learner_id, 0), "
			     "s.admin, s.csrf, s.expires, CASE WHEN s.admin "
			     "THEN 'dsl' ELSE coalesce(l.access, '') END "
			     "FROM web_sessions s LEFT JOIN learners l ON "
			     "l.id = s.learner_id WHERE s.token_hash = ? AND "
			     "s.expires > ? AND (s.admin OR l.left_on IS "
			     "NULL)", "tt", hash, now);
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
		snprintf(out->access, sizeof(out->access), "%s",
			 (const char *)sqlite3_column_text(stmt, 4));
	} else if (rc != SQLITE_DONE) {
		store_fail(st, msg, "cannot read a session");
	}
	store_done(st, stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int store_session_delete(struct store *st, const char *token, char **msg)
{
	char hash[65], now[TIME_LEN];
	sqlite3_stmt *stmt;

	store_token_hash(token, hash);
	fmt_time(vigil_now(), now);
	/* Expired sessions go at the same time: nothing else sweeps them. */
	stmt = store_prepare(st, msg, "DELETE FROM web_sessions WHERE "
			     "token_hash = ? OR expires <= ?", "tt", hash, now);
	return store_run(st, stmt, msg, "cannot end the session");
}

int store_signin_token_new(struct store *st, int64_t learner_id,
			   char **token, char **msg)
{
	char hash[65], now[TIME_LEN];
	sqlite3_stmt *stmt;

	struct learner l;
	int found;

	fmt_time(vigil_now(), now);
	token_new(token, hash);
	if (store_begin(st, msg) < 0)
		goto fail;
	found = store_learner_by_id(st, learner_id, &l, msg);
	if (found == 0)
		*msg = xstrdup("no such learner");
	if (found <= 0)
		goto fail;
	/* One link per learner: a new one replaces the old.  The audit log
	 * says it was made, and for whom (SPEC §4: roster changes). */
	stmt = store_prepare(st, msg, "INSERT OR REPLACE INTO signin_tokens "
			     "(token_hash, learner_id, created) VALUES (?, ?, "
			     "?)", "tIt", hash, learner_id, now);
	if (store_run(st, stmt, msg, "cannot record the sign-in link") < 0 ||
	    store_audit_row(st, "sign-in link made", l.ref, l.id, msg) < 0 ||
	    store_commit(st, msg) < 0) {
		learner_clear(&l);
		goto fail;
	}
	learner_clear(&l);
	return 0;
fail:
	store_rollback(st);
	sodium_memzero(*token, strlen(*token));
	free(*token);
	*token = NULL;
	return -1;
}

int store_signin_token_use(struct store *st, const char *token, int take,
			   struct learner *out, char **msg)
{
	char hash[65], now[TIME_LEN];
	sqlite3_stmt *stmt;
	int found;

	store_token_hash(token, hash);
	fmt_time(vigil_now(), now);
	/* A leaver cannot sign in (SPEC §4). */
	stmt = store_prepare(st, msg, "SELECT " LEARNER_COLUMNS_OF("l")
			     " FROM signin_tokens t JOIN learners l ON l.id = "
			     "t.learner_id WHERE t.token_hash = ? AND "
			     "l.left_on IS NULL", "t", hash);
	found = store_learner_one(st, stmt, out, msg);
	if (found)
		return found;
	/* A link sent by email works until it expires, and once: used in
	 * the same transaction as it is found, so two tabs cannot both. */
	if (take && store_begin(st, msg) < 0)
		return -1;
	stmt = store_prepare(st, msg, "SELECT " LEARNER_COLUMNS_OF("l")
			     " FROM mail_links t JOIN learners l ON l.id = "
			     "t.learner_id WHERE t.token_hash = ? AND "
			     "t.expires > ? AND l.left_on IS NULL", "tt", hash,
			     now);
	found = store_learner_one(st, stmt, out, msg);
	if (!take)
		return found;
	if (found > 0 &&
	    (store_run(st, store_prepare(st, msg, "DELETE FROM mail_links "
					 "WHERE token_hash = ? OR expires <= "
					 "?", "tt", hash, now), msg,
		       "cannot use up the sign-in link") < 0 ||
	     store_commit(st, msg) < 0)) {
		learner_clear(out);
		return store_rollback(st);
	}
	if (found <= 0) {
		store_rollback(st);
		return found;
	}
	return 1;
}

int store_mail_link_new(struct store *st, int64_t learner_id, int seconds,
			char **token, char **msg)
{
	char hash[65], now[TIME_LEN], expires[TIME_LEN];
	time_t t = vigil_now();

	fmt_time(t, now);
	fmt_time(t + seconds, expires);
	token_new(token, hash);
	/* Expired links go as new ones are made: nothing else sweeps them. */
	if (store_begin(st, msg) < 0 ||
	    store_run(st, store_prepare(st, msg, "DELETE FROM mail_links "
					"WHERE expires <= ?", "t", now), msg,
		      "cannot sweep the expired sign-in links") < 0 ||
	    store_run(st, store_prepare(st, msg, "INSERT INTO mail_links "
					"(token_hash, learner_id, created, "
					"expires) VALUES (?, ?, ?, ?)", "tItt",
					hash, learner_id, now, expires), msg,
		      "cannot record the sign-in link") < 0 ||
	    store_commit(st, msg) < 0) {
		store_rollback(st);
		sodium_memzero(*token, strlen(*token));
		free(*token);
		*token = NULL;
		return -1;
	}
	return 0;
}

int store_admin_password_set(struct store *st, const char *hash, char **msg)
{
	if (store_begin(st, msg) < 0)
		return -1;
	/* A new password signs out whoever signed in with the old one. */
	if (store_run(st, store_prepare(st, msg, "INSERT OR REPLACE INTO "
					"meta (key, value) VALUES "
					"('admin_password', ?)", "t", hash),
		      msg, "cannot store the admin password") < 0 ||
	    store_run(st, store_prepare(st, msg, "DELETE FROM web_sessions "
					"WHERE admin = 1", ""), msg,
		      "cannot end the admin sessions") < 0 ||
	    store_audit_row(st, "set-up account password set", "", 0,
			    msg) < 0 ||
	    store_commit(st, msg) < 0)
		return store_rollback(st);
	return 0;
}

int store_admin_password_get(struct store *st, char **hash, char **msg)
{
	return store_text_one(st, store_prepare(st, msg, "SELECT value FROM "
						"meta WHERE key = "
						"'admin_password'", ""), hash,
			      msg);
}
