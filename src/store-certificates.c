/*
 * store-certificates.c - finishing an attempt, and the certificate code a
 * pass gets (store.h): a keyed MAC of the attempt, so codes cannot be
 * guessed or made without the database.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "store-internal.h"
#include "store.h"
#include "util.h"

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
	if (store_begin(st, msg) < 0)
		return -1;
	stmt = store_prepare(st, msg, "UPDATE attempts SET status = ?, "
			     "ended = ?, score = ?, max = ?, percent = ?, "
			     "pass_mark = ?, minutes = ?, expires = ? WHERE "
			     "id = ? AND status = 'in progress'", "ttiiiiitI",
			     attempt_status_name(a->status), now, a->score,
			     a->max, a->percent, a->pass_mark,
			     passed ? a->minutes : 0,
			     passed && renew_after_days > 0 ? expires : NULL,
			     a->id);
	if (store_run(st, stmt, msg, "cannot record the result") < 0)
		return store_rollback(st);
	if (sqlite3_changes(st->db) != 1) {
		*msg = xasprintf("%s: attempt %" PRId64 " is not in progress",
				 st->path, a->id);
		return store_rollback(st);
	}
	if (passed) {
		certificate_code(st, a->uuid, code);
		stmt = store_prepare(st, msg, "INSERT INTO certificates "
				     "(code, attempt_id, issued) VALUES (?, ?, "
				     "?)", "tIt", code, a->id, now);
		if (store_run(st, stmt, msg,
			      "cannot issue the certificate") < 0)
			return store_rollback(st);
	}
	if (store_commit(st, msg) < 0)
		return store_rollback(st);
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
	sqlite3_stmt *stmt;
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
	stmt = store_prepare(st, msg, "SELECT " ATTEMPT_COLUMNS ATTEMPT_FROM
			     "WHERE c.code = ? AND a.status = 'passed'", "t",
			     norm);
	found = store_attempt_one(st, stmt, out, msg);
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
