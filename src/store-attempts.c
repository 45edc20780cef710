/*
 * store-attempts.c - attempts and their answers (store.h): begin, answer,
 * abandon, and the walks over them; finishing is in store-certificates.c.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "session.h"
#include "store-internal.h"
#include "store.h"
#include "util.h"

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
	a->learner_ref = store_column_text(stmt, 4);
	a->learner_name = store_column_text(stmt, 5);
	a->learner_email = store_column_text(stmt, 6);
	a->learner_role = store_column_text(stmt, 7);
	a->pack = store_column_text(stmt, 8);
	a->pack_title = store_column_text(stmt, 9);
	a->pack_version = store_column_text(stmt, 10);
	a->pack_hash = store_column_text(stmt, 11);
	a->module = store_column_text(stmt, 12);
	a->module_title = store_column_text(stmt, 13);
	a->seed = (uint64_t)sqlite3_column_int64(stmt, 14);
	a->status = status_parse((const char *)sqlite3_column_text(stmt, 15));
	a->started = store_column_text(stmt, 16);
	a->ended = store_column_text(stmt, 17);
	a->score = sqlite3_column_int(stmt, 18);
	a->max = sqlite3_column_int(stmt, 19);
	a->percent = sqlite3_column_int(stmt, 20);
	a->pass_mark = sqlite3_column_int(stmt, 21);
	a->minutes = sqlite3_column_int(stmt, 22);
	a->expires = store_column_text(stmt, 23);
	a->certificate = store_column_text(stmt, 24);
	a->pack_language = store_column_text(stmt, 25);
	a->progress = sqlite3_column_int(stmt, 26);
}

static void attempt_read_any(sqlite3_stmt *stmt, void *out)
{
	attempt_read(stmt, out);
}

int store_attempt_one(struct store *st, sqlite3_stmt *stmt,
		      struct attempt *out, char **msg)
{
	return store_row_one(st, stmt, out, sizeof(*out), attempt_read_any,
			     msg);
}

int store_attempt_current(struct store *st, int64_t learner_id,
			  const char *pack, const char *module,
			  struct attempt *out, char **msg)
{
	sqlite3_stmt *stmt;

	stmt = store_prepare(st, msg, "SELECT " ATTEMPT_COLUMNS ATTEMPT_FROM
			     "WHERE a.learner_id = ? AND a.pack = ? "
			     "AND a.module = ? AND a.status = 'in progress' "
			     "ORDER BY a.id DESC LIMIT 1", "Itt", learner_id,
			     pack, module);
	return store_attempt_one(st, stmt, out, msg);
}

int store_attempt_get(struct store *st, int64_t id, struct attempt *out,
		      char **msg)
{
	sqlite3_stmt *stmt;

	stmt = store_prepare(st, msg, "SELECT " ATTEMPT_COLUMNS ATTEMPT_FROM
			     "WHERE a.id = ?", "I", id);
	return store_attempt_one(st, stmt, out, msg);
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
	stmt = store_prepare(st, msg, "INSERT INTO attempts (uuid, "
			     "statement_id, learner_id, pack, pack_title, "
			     "pack_version, pack_hash, pack_language, module, "
			     "module_title, seed, status, started) VALUES (?, "
			     "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'in progress', ?)",
			     "ttItttttttIt", a->uuid, a->statement_id,
			     a->learner_id, a->pack, a->pack_title,
			     a->pack_version, a->pack_hash, a->pack_language,
			     a->module, a->module_title, (int64_t)a->seed,
			     now);
	/* A single INSERT is its own transaction. */
	if (store_run(st, stmt, msg, "cannot record the attempt") < 0)
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
	sqlite3_stmt *stmt;

	fmt_time(vigil_now(), now);
	stmt = store_prepare(st, msg, "UPDATE attempts SET status = "
			     "'abandoned', ended = ? WHERE id = ? AND "
			     "status = 'in progress'", "tI", now, id);
	return store_run(st, stmt, msg, "cannot mark the attempt abandoned");
}

int store_answer_add(struct store *st, int64_t attempt_id, size_t seq,
		     const struct answer *ans, char **msg)
{
	char now[TIME_LEN];
	sqlite3_stmt *stmt;

	fmt_time(vigil_now(), now);
	stmt = store_prepare(st, msg, "INSERT INTO answers (attempt_id, seq, "
			     "step, input, points, at, progress) VALUES (?, ?, "
			     "?, ?, ?, ?, ?)", "IIttiti", attempt_id,
			     (int64_t)seq, ans->step_id, ans->input,
			     ans->points, now, ans->progress);
	return store_run(st, stmt, msg, "cannot record the answer");
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
	stmt = store_prepare(st, msg, "SELECT step, input, points, at, "
			     "ifnull(progress, 0) FROM answers WHERE "
			     "attempt_id = ? ORDER BY seq", "I",
			     attempt_id);
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct answer *a;

		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		a = &(*out)[(*n)++];
		a->step_id = store_column_text(stmt, 0);
		a->input = store_column_text(stmt, 1);
		a->points = sqlite3_column_int(stmt, 2);
		a->at = store_column_text(stmt, 3);
		a->progress = sqlite3_column_int(stmt, 4);
		if (!a->step_id)
			a->step_id = xstrdup("");
		if (!a->input)
			a->input = xstrdup("");
	}
	store_done(st, stmt);
	if (rc != SQLITE_DONE) {
		answers_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_fail(st, msg, "cannot read the answers");
	}
	return 0;
}

int store_attempts(struct store *st, const struct attempt_filter *f,
		   int (*fn)(void *ctx, const struct attempt *a), void *ctx,
		   char **msg)
{
	sqlite3_stmt *stmt;
	int rc, ret = 0;

	stmt = store_prepare(st, msg, "SELECT " ATTEMPT_COLUMNS ATTEMPT_FROM
			     "WHERE (?1 IS NULL OR l.ref = ?1) "
			     "AND (?2 IS NULL OR a.pack = ?2) "
			     "AND (?3 IS NULL OR "
			     "coalesce(a.ended, a.started) >= ?3) "
			     "AND (?4 = 0 OR "
			     "a.status IN ('passed', 'not passed')) "
			     "ORDER BY a.started, a.id", "ttti", f->learner,
			     f->pack, f->since, f->finished);
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
		ret = store_fail(st, msg, "cannot read the attempts");
	store_done(st, stmt);
	return ret;
}


/* A brief read from the table, its strings in one block after it. */
struct held_brief {
	struct attempt_brief b;
	char text[];
};

/* The briefs of one walk, in blocks that never move, freed at once. */
#define HELD_BLOCK	65536
struct held_block {
	struct held_block *next;
	size_t used;
	_Alignas(max_align_t) char data[HELD_BLOCK];
};

/* Room for size bytes (aligned for a held_brief) in the blocks at *top. */
static void *held_alloc(struct held_block **top, size_t size)
{
	size = (size + _Alignof(max_align_t) - 1) &
	       ~(size_t)(_Alignof(max_align_t) - 1);
	if (size > HELD_BLOCK)
		return NULL;
	if (!*top || HELD_BLOCK - (*top)->used < size) {
		struct held_block *b = xmalloc(sizeof(*b));

		b->next = *top;
		b->used = 0;
		*top = b;
	}
	(*top)->used += size;
	return (*top)->data + (*top)->used - size;
}

/* qsort: oldest first, by start then id. */
static int held_cmp(const void *pa, const void *pb)
{
	const struct held_brief *a = *(struct held_brief *const *)pa;
	const struct held_brief *b = *(struct held_brief *const *)pb;
	int c = strcmp(a->b.started, b->b.started);

	if (c)
		return c;
	return (a->b.id > b->b.id) - (a->b.id < b->b.id);
}

/* Copies column i of the row into *o (NULL stays NULL), moving *o on. */
static const char *hold_text(sqlite3_stmt *stmt, int i, char **o)
{
	const char *v = (const char *)sqlite3_column_text(stmt, i);
	size_t n;

	if (!v)
		return NULL;
	n = strlen(v) + 1;
	memcpy(*o, v, n);
	*o += n;
	return *o - n;
}

/*
 * The whole table is read, so it is read in its own order and sorted
 * here (when it needs to be): walking the index of start times fetches
 * each row on its own from another page, and SQLite's sorter copies every
 * row twice; together those were three quarters of the time of the DSL's
 * pages (doc/performance.md).
 */
int store_attempt_briefs(struct store *st, int64_t learner_id,
			 int (*fn)(void *ctx, const struct attempt_brief *a),
			 void *ctx, char **msg)
{
	struct held_brief **held = NULL;
	struct held_block *blocks = NULL, *next;
	sqlite3_stmt *stmt;
	size_t n = 0, cap = 0, i;
	int rc, ret = 0, sorted = 1;

	/* Abandoned attempts count for nothing (cpd_fold).  One person's
	 * are found by the index; a whole school's are read in the table's
	 * own order, which is the fastest way through them all. */
	if (learner_id)
		stmt = store_prepare(st, msg, "SELECT id, learner_id, pack, "
				     "module, status, started, ended, expires "
				     "FROM attempts WHERE learner_id = ? AND "
				     "status <> 'abandoned'", "I", learner_id);
	else
		stmt = store_prepare(st, msg, "SELECT id, learner_id, pack, "
				     "module, status, started, ended, expires "
				     "FROM attempts NOT INDEXED WHERE status <> "
				     "'abandoned'", "");
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct held_brief *h;
		size_t len = 0;
		char *o;
		int c;

		for (c = 2; c <= 7; c++)
			len += (size_t)sqlite3_column_bytes(stmt, c) + 1;
		h = held_alloc(&blocks, sizeof(*h) + len);
		if (!h) {
			rc = SQLITE_TOOBIG;
			break;
		}
		o = h->text;
		h->b.id = sqlite3_column_int64(stmt, 0);
		h->b.learner_id = sqlite3_column_int64(stmt, 1);
		h->b.pack = hold_text(stmt, 2, &o);
		h->b.module = hold_text(stmt, 3, &o);
		h->b.status = status_parse((const char *)
					   sqlite3_column_text(stmt, 4));
		h->b.started = hold_text(stmt, 5, &o);
		h->b.ended = hold_text(stmt, 6, &o);
		h->b.expires = hold_text(stmt, 7, &o);
		if (!h->b.pack || !h->b.module || !h->b.started) {
			/* NOT NULL columns: SQLite ran out of memory */
			rc = SQLITE_NOMEM;
			break;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointers, not structs */
			held = xrealloc(held, cap * sizeof(*held));
		}
		held[n++] = h;
		sorted = sorted && (n == 1 || held_cmp(&held[n - 2],
						       &held[n - 1]) <= 0);
	}
	store_done(st, stmt);
	if (rc != SQLITE_DONE) {
		ret = store_fail(st, msg, "cannot read the attempts");
		goto out;
	}
	/* Attempts are numbered as they begin, so the table is in order
	 * already unless a clock was set back. */
	if (!sorted)
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointers, not structs */
		qsort(held, n, sizeof(*held), held_cmp);
	for (i = 0; i < n && !ret; i++)
		ret = fn(ctx, &held[i]->b);
out:
	for (; blocks; blocks = next) {
		next = blocks->next;
		free(blocks);
	}
	free(held);
	return ret;
}
