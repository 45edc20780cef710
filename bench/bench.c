/*
 * bench.c - the engine's benchmarks for `make bench` (bench/run.py), each
 * with the reference it is compared to, measured in the same process.
 *
 *   bench session PACKDIR PLUGINDIR N     replays of every module, N times
 *   bench store DB N                      durable answers through the store
 *   bench raw DB N                        the same rows through bare SQLite
 *   bench fill DB PACKDIR PLUGINDIR N     N finished attempts, for exports
 *   bench webprep DB PACKDIR PLUGINDIR MODULE N OUT
 *                                         N learners mid-module, signed in
 *
 * Results are printed as "name value" lines for the driver to read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lualib.h>
#include <sqlite3.h>

#include "pack.h"
#include "session.h"
#include "store.h"
#include "util.h"

#define SEED	42

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, char *msg)
{
	fprintf(stderr, "bench: %s: %s\n", what, msg ? msg : "failed");
	exit(1);
}

static struct pack *load_pack(const char *dir, const struct strv *plugins)
{
	struct diags d = DIAGS_INIT;
	struct pack *p = pack_load(dir, plugins, &d);

	if (!p || d.errors) {
		diag_print(&d, stderr);
		die(dir, "the pack does not load");
	}
	diag_free(&d);
	return p;
}

static struct module *load_module(const struct pack *p, size_t mi,
				  const struct strv *plugins)
{
	struct diags d = DIAGS_INIT;
	struct module *m = module_load(p, mi, plugins, &d);

	if (!m) {
		diag_print(&d, stderr);
		die(p->modules[mi].id, "the module does not load");
	}
	diag_free(&d);
	return m;
}

/* The input line a simple, deterministic learner gives to view v. */
static char *input_for(const struct view *v, size_t turn)
{
	struct buf b = BUF_INIT;
	size_t i;

	switch (v->kind) {
	case VIEW_ONE:
	case VIEW_MANY:
		return xasprintf("%zu", turn % v->noptions + 1);
	case VIEW_ORDER:
		for (i = 1; i <= v->noptions; i++)
			buf_addf(&b, "%s%zu", i > 1 ? "," : "", i);
		return buf_detach(&b);
	case VIEW_TEXT:
		return xstrdup("I would listen and tell the DSL the same day");
	default:
		return xstrdup("");
	}
}

/*
 * Plays module mi once to its end; returns the session (its answers are
 * the complete attempt) and, through kinds, each answered view's kind.
 */
static struct session *play(const struct pack *p, size_t mi,
			    const struct strv *plugins, enum view_kind **kinds)
{
	struct session *s;
	const struct view *v;
	struct feedback fb;
	char *msg = NULL, *in;
	size_t turn = 0;

	s = session_start(load_module(p, mi, plugins), SEED, &msg);
	if (!s)
		die("session_start", msg);
	*kinds = NULL;
	while ((v = session_view(s))->kind != VIEW_END) {
		if (turn > 10000)
			die(p->modules[mi].id, "the attempt never ends");
		*kinds = xrealloc(*kinds, (turn + 1) * sizeof(**kinds));
		(*kinds)[turn] = v->kind;
		in = input_for(v, turn);
		if (session_answer(s, in, &fb, &msg) != ANSWER_OK)
			die(in, msg);
		feedback_clear(&fb);
		free(in);
		turn++;
	}
	return s;
}

static int cmd_session(char **argv)
{
	struct strv plugins = STRV_INIT;
	struct pack *p;
	struct session **played, *s;
	const struct answer *ans;
	enum view_kind *kinds;
	size_t mi, n, nm, i, iters = strtoul(argv[2], NULL, 10);
	size_t steps = 0, fresh_iters = iters / 10 ? iters / 10 : 1;
	char *msg = NULL;
	double t0, floor_us, loaded_us, fresh_us;

	strv_push(&plugins, argv[1]);
	p = load_pack(argv[0], &plugins);
	nm = p->nmodules;
	played = xcalloc(nm, sizeof(*played));
	for (mi = 0; mi < nm; mi++) {
		played[mi] = play(p, mi, &plugins, &kinds);
		free(kinds);
		session_answers(played[mi], &n);
		steps += n;
		printf("module %s %zu\n", p->modules[mi].id, n);
	}

	/* The floor: a bare Lua state with the standard libraries. */
	t0 = now();
	for (i = 0; i < iters; i++) {
		lua_State *L = luaL_newstate();

		luaL_openlibs(L);
		lua_close(L);
	}
	floor_us = (now() - t0) * 1e6 / iters;

	/* Pack already loaded: a fresh module sandbox, then the replay. */
	t0 = now();
	for (i = 0; i < iters; i++)
		for (mi = 0; mi < nm; mi++) {
			ans = session_answers(played[mi], &n);
			s = session_replay(load_module(p, mi, &plugins), SEED,
					   ans, n, &msg);
			if (!s)
				die("session_replay", msg);
			session_free(s);
		}
	loaded_us = (now() - t0) * 1e6 / iters;

	/* From nothing, as a web request does: pack, module, replay. */
	t0 = now();
	for (i = 0; i < fresh_iters; i++)
		for (mi = 0; mi < nm; mi++) {
			struct pack *q = load_pack(argv[0], &plugins);

			ans = session_answers(played[mi], &n);
			s = session_replay(load_module(q, mi, &plugins), SEED,
					   ans, n, &msg);
			if (!s)
				die("session_replay", msg);
			session_free(s);
			pack_free(q);
		}
	fresh_us = (now() - t0) * 1e6 / fresh_iters;

	printf("iterations %zu\nfresh_iterations %zu\nmodules %zu\n"
	       "steps %zu\n", iters, fresh_iters, nm, steps);
	printf("floor_us %.2f\n", floor_us);
	printf("loaded_attempt_us %.2f\nloaded_step_us %.2f\n",
	       loaded_us / nm, loaded_us / steps);
	printf("fresh_attempt_us %.2f\nfresh_step_us %.2f\n",
	       fresh_us / nm, fresh_us / steps);
	for (mi = 0; mi < nm; mi++)
		session_free(played[mi]);
	free(played);
	pack_free(p);
	strv_free(&plugins);
	return 0;
}

/* A learner and an attempt in progress at a made-up pack. */
static int64_t new_attempt(struct store *st, const char *ref)
{
	struct learner l = { 0 };
	struct attempt a = { 0 };
	char *msg = NULL;
	int64_t id;

	l.ref = (char *)ref;
	l.name = (char *)"Bench Learner";
	if (store_learner_add(st, &l, &msg) < 0)
		die("store_learner_add", msg);
	a.learner_id = l.id;
	a.pack = a.pack_title = a.pack_version = a.pack_hash =
		a.module = a.module_title = (char *)"bench";
	a.seed = SEED;
	if (store_attempt_begin(st, &a, &msg) < 0)
		die("store_attempt_begin", msg);
	id = a.id;
	free(l.added);
	l.ref = l.name = NULL;
	a.pack = a.pack_title = a.pack_version = a.pack_hash = NULL;
	a.module = a.module_title = NULL;
	attempt_clear(&a);
	return id;
}

static int cmd_store(char **argv)
{
	struct store *st;
	struct answer ans = { (char *)"q1", (char *)"2", 1, NULL };
	size_t i, n = strtoul(argv[1], NULL, 10);
	char *msg = NULL;
	int64_t id;
	double t0;

	if (store_open(argv[0], &st, &msg) < 0)
		die(argv[0], msg);
	id = new_attempt(st, "bench");
	t0 = now();
	for (i = 0; i < n; i++)
		if (store_answer_add(st, id, i, &ans, &msg) < 0)
			die("store_answer_add", msg);
	printf("answers_per_s %.1f\n", n / (now() - t0));
	store_close(st);
	return 0;
}

static void exec_sql(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		die(sql, err);
}

/* The reference: the answers table's rows, one durable transaction each,
 * with the store's pragmas and nothing else. */
static int cmd_raw(char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *ins, *begin, *commit;
	size_t i, n = strtoul(argv[1], NULL, 10);
	double t0;

	if (sqlite3_open(argv[0], &db) != SQLITE_OK)
		die(argv[0], (char *)sqlite3_errmsg(db));
	exec_sql(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
		 "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;"
		 "CREATE TABLE answers (attempt_id INTEGER NOT NULL,"
		 " seq INTEGER NOT NULL, step TEXT NOT NULL,"
		 " input TEXT NOT NULL, points INTEGER NOT NULL,"
		 " at TEXT NOT NULL, PRIMARY KEY (attempt_id, seq))"
		 " WITHOUT ROWID");
	if (sqlite3_prepare_v2(db, "INSERT INTO answers VALUES (1, ?, 'q1',"
			       " '2', 1, '2026-01-01T00:00:00Z')", -1, &ins,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL) != SQLITE_OK)
		die("prepare", (char *)sqlite3_errmsg(db));
	t0 = now();
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)i);
		if (sqlite3_step(begin) != SQLITE_DONE ||
		    sqlite3_step(ins) != SQLITE_DONE ||
		    sqlite3_step(commit) != SQLITE_DONE)
			die("insert", (char *)sqlite3_errmsg(db));
		sqlite3_reset(begin);
		sqlite3_reset(ins);
		sqlite3_reset(commit);
	}
	printf("answers_per_s %.1f\n", n / (now() - t0));
	sqlite3_finalize(ins);
	sqlite3_finalize(begin);
	sqlite3_finalize(commit);
	sqlite3_close(db);
	return 0;
}

/*
 * N finished attempts of the pack's modules by N/10 learners, written in
 * one transaction straight into the store's schema (the store commits
 * each attempt on its own, which would take hours for a million).
 */
static int cmd_fill(char **argv)
{
	struct strv plugins = STRV_INIT;
	struct store *st;
	struct pack *p;
	sqlite3 *db;
	sqlite3_stmt *stmt;
	size_t n = strtoul(argv[3], NULL, 10);
	char *msg = NULL, *sql;

	strv_push(&plugins, argv[2]);
	p = load_pack(argv[1], &plugins);
	if (store_open(argv[0], &st, &msg) < 0)
		die(argv[0], msg);
	store_close(st);
	if (sqlite3_open(argv[0], &db) != SQLITE_OK)
		die(argv[0], (char *)sqlite3_errmsg(db));
	exec_sql(db, "BEGIN");
	sql = xasprintf(
		"WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
		"FROM i WHERE n < %zu) INSERT INTO learners "
		"SELECT n, 'staff-' || n, 'Learner ' || n, 'l' || n || "
		"'@school.example', 'Teacher', '2026-01-01T00:00:00Z' FROM i",
		n / 10 ? n / 10 : 1);
	exec_sql(db, sql);
	free(sql);
	sql = xasprintf(
		"WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
		"FROM i WHERE n < %zu) INSERT INTO attempts SELECT n, "
		"printf('00000000-0000-4000-8000-%%012d', n), "
		"printf('00000000-0000-4000-9000-%%012d', n), "
		"(n - 1) %% %zu + 1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, n, "
		"CASE WHEN n %% 4 THEN 'passed' ELSE 'not passed' END, "
		"'2026-01-01T09:00:00Z', '2026-01-01T09:20:00Z', "
		"n %% 10, 10, n %% 10 * 10, 80, 20, "
		"CASE WHEN n %% 4 THEN '2027-01-01' END FROM i",
		n, n / 10 ? n / 10 : 1);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		die("fill", (char *)sqlite3_errmsg(db));
	sqlite3_bind_text(stmt, 1, p->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, p->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, p->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, p->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, p->language, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, p->modules[0].id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, p->modules[0].title, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		die("fill", (char *)sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	free(sql);
	exec_sql(db, "COMMIT");
	sqlite3_close(db);
	pack_free(p);
	strv_free(&plugins);
	printf("attempts %zu\n", n);
	return 0;
}

/* Appends s to b percent-encoded, as a form value. */
static void add_encoded(struct buf *b, const char *s)
{
	for (; *s; s++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			   "0123456789-_.", *s))
			buf_addc(b, *s);
		else
			buf_addf(b, "%%%02X", (unsigned char)*s);
}

/* The form that posts answer ans (to a view of kind k), without csrf. */
static void add_form(struct buf *b, const struct answer *ans, size_t seq,
		     enum view_kind k)
{
	char *in = xstrdup(ans->input), *tok, *save = NULL;
	size_t pos = 0;

	buf_adds(b, "step=");
	add_encoded(b, ans->step_id);
	buf_addf(b, "&seq=%zu", seq);
	if (k == VIEW_TEXT) {
		buf_adds(b, "&text=");
		add_encoded(b, in);
	} else if (k != VIEW_PAGE) {
		for (tok = strtok_r(in, ", ", &save); tok;
		     tok = strtok_r(NULL, ", ", &save)) {
			pos++;
			if (k == VIEW_ORDER)
				buf_addf(b, "&pos-%s=%zu", tok, pos);
			else
				buf_addf(b, "&choice=%s", tok);
		}
	}
	buf_addc(b, '\n');
	free(in);
}

/*
 * N learners, each with an attempt in progress at MODULE (all with the
 * same seed, so the same answers fit each) and a signed-in web session.
 * OUT gets "TOKEN CSRF" per learner; OUT.answers one form per answer of
 * a complete attempt.
 */
static int cmd_webprep(char **argv)
{
	struct strv plugins = STRV_INIT;
	struct store *st;
	struct pack *p;
	struct session *s;
	struct learner *ls;
	const struct answer *ans;
	enum view_kind *kinds;
	struct buf forms = BUF_INIT;
	size_t i, n = strtoul(argv[4], NULL, 10), na;
	char *msg = NULL, *path;
	int mi, added, updated;
	FILE *out;

	strv_push(&plugins, argv[2]);
	p = load_pack(argv[1], &plugins);
	mi = pack_module_index(p, argv[3]);
	if (mi < 0)
		die(argv[3], "no such module");
	s = play(p, (size_t)mi, &plugins, &kinds);
	ans = session_answers(s, &na);
	for (i = 0; i < na; i++)
		add_form(&forms, &ans[i], i, kinds[i]);
	path = xasprintf("%s.answers", argv[5]);
	out = fopen(path, "w");
	if (!out || fwrite(forms.s, 1, forms.len, out) != forms.len ||
	    fclose(out))
		die(path, "cannot write");
	free(path);

	if (store_open(argv[0], &st, &msg) < 0)
		die(argv[0], msg);
	ls = xcalloc(n, sizeof(*ls));
	for (i = 0; i < n; i++) {
		ls[i].ref = xasprintf("staff-%zu", i);
		ls[i].name = xasprintf("Learner %zu", i);
	}
	if (store_learner_import(st, ls, n, &added, &updated, &msg) < 0)
		die("store_learner_import", msg);
	out = fopen(argv[5], "w");
	if (!out)
		die(argv[5], "cannot write");
	for (i = 0; i < n; i++) {
		struct learner l;
		struct attempt a = { 0 };
		struct web_session ws;
		char *token;

		if (store_learner_get(st, ls[i].ref, &l, &msg) != 1)
			die("store_learner_get", msg);
		a.learner_id = l.id;
		a.pack = p->id;
		a.pack_title = p->title;
		a.pack_version = p->version;
		a.pack_hash = p->hash;
		a.pack_language = p->language;
		a.module = p->modules[mi].id;
		a.module_title = p->modules[mi].title;
		a.seed = SEED;
		if (store_attempt_begin(st, &a, &msg) < 0)
			die("store_attempt_begin", msg);
		if (store_session_create(st, l.id, 0, 86400, &token, &ws,
					 &msg) < 0)
			die("store_session_create", msg);
		fprintf(out, "%s %s\n", token, ws.csrf);
		free(token);
		free(a.started);
		learner_clear(&l);
		learner_clear(&ls[i]);
	}
	if (fclose(out))
		die(argv[5], "cannot write");
	free(ls);
	store_close(st);
	printf("learners %zu\nanswers %zu\n", n, na);
	buf_free(&forms);
	free(kinds);
	session_free(s);
	pack_free(p);
	strv_free(&plugins);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int nargs;
		int (*fn)(char **argv);
	} cmds[] = {
		{ "session", 3, cmd_session },
		{ "store", 2, cmd_store },
		{ "raw", 2, cmd_raw },
		{ "fill", 4, cmd_fill },
		{ "webprep", 6, cmd_webprep },
	};
	size_t i;

	for (i = 0; argc > 1 && i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name) &&
		    argc - 2 == cmds[i].nargs)
			return cmds[i].fn(argv + 2);
	fprintf(stderr, "usage: bench session|store|raw|fill|webprep ARGS\n");
	return 2;
}
