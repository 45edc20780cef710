/*
 * packtest.c - `pack test`: the author's playthroughs, an exploration of
 * every way through each module, and what the playthroughs leave unreached.
 *
 * Test files run in a sandbox of their own with one word, `playthrough`,
 * whose tables are copied into C before anything is played, so a test
 * file's code never runs beside the pack's.  Every playthrough and every
 * explored path drives a real session of a freshly loaded module.  A
 * session cannot be copied, so the exploration rebuilds one by giving the
 * answers that led to a state again: replay is exact (session.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <lua.h>
#include <lauxlib.h>
#include <sodium.h>

#include "diag.h"
#include "pack.h"
#include "packtest.h"
#include "sandbox.h"
#include "session.h"
#include "util.h"

/* Every session starts from this seed; answers are given by their text,
 * so the shuffles it fixes do not matter. */
#define PACKTEST_SEED 1
/* What the exploration writes in a reflection. */
#define SAMPLE_TEXT "An answer written by pack test."
/* Option texts longer than this get no "did you mean". */
#define SUGGEST_MAX 400
/* The most of a feedback text quoted in a message, in bytes. */
#define QUOTE_MAX 240
/* The most playthroughs one test file may define. */
#define MAX_PLAYTHROUGHS 10000
/* The most answers one playthrough may give, as a session takes. */
#define MAX_PLAYTHROUGH_ANSWERS 10000

/* Facts longer than this are kept as their BLAKE2b hash, which bounds the
 * memory of an exploration whose state grows large. */
#define KEY_HASH_OVER 256

#define NONE ((size_t)-1)

/* ---- text ---------------------------------------------------------------- */

/* Appends s as a Lua string literal, so that what a message shows can be
 * pasted into a playthrough. */
static void add_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)ch);
		} else if (ch == '\n') {
			buf_adds(b, "\\n");
		} else if (ch < 0x20 || ch == 0x7f) {
			buf_addf(b, "\\%03u", ch);
		} else {
			buf_addc(b, (char)ch);
		}
	}
	buf_addc(b, '"');
}

/* s as a Lua string literal, malloc'd. */
static char *quoted(const char *s)
{
	struct buf b = BUF_INIT;

	add_quoted(&b, s);
	return buf_detach(&b);
}

/* Appends texts as "a", "b", "c". */
static void add_quoted_list(struct buf *b, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(b, ", ");
		add_quoted(b, v[i]);
	}
}

/* Appends texts as { "a", "b" }, the way a playthrough lists several. */
static void add_braced_list(struct buf *b, const char *const *v, size_t n)
{
	buf_adds(b, n ? "{ " : "{ }");
	add_quoted_list(b, v, n);
	if (n)
		buf_adds(b, " }");
}

/*
 * A copy of s with each run of white space made one space, trimmed, and
 * (if fold) lower-cased: where an author breaks the lines of a text is not
 * what a test is about.
 */
static char *squash(const char *s, int fold)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	int space = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = (char)(fold && *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a'
							      : *s);
	}
	*o = '\0';
	return out;
}

/* At most max bytes of s, cut between characters, marked when cut. */
static char *shorten(const char *s, size_t max)
{
	if (strlen(s) <= max)
		return xstrdup(s);
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return xasprintf("%.*s...", (int)max, s);
}

/*
 * " (did you mean "X"?)" for the option an author most likely meant by
 * text: the same but for case and spacing, a near miss, or the only option
 * that contains it.  "" when none is obvious.
 */
static char *suggest_option(const char *text, const char *const *opts,
			    size_t n)
{
	char *want = squash(text, 1);
	size_t i, best = NONE, bestd = NONE, len = strlen(want), inside = 0,
		  inside_at = NONE;
	struct buf b = BUF_INIT;

	for (i = 0; i < n && bestd; i++) {
		char *got = squash(opts[i], 1);
		size_t dist;

		if (!strcmp(got, want)) {
			dist = 0;
		} else if (len <= SUGGEST_MAX && strlen(got) <= SUGGEST_MAX) {
			dist = edit_distance(want, got);
		} else {
			dist = NONE;
		}
		if (*want && strstr(got, want)) {
			inside++;
			inside_at = i;
		}
		if (dist < bestd) {
			bestd = dist;
			best = i;
		}
		free(got);
	}
	free(want);
	/* a near miss: a few letters, or a quarter of a long text */
	if (best != NONE && bestd && (bestd >= len ||
				      (bestd > 2 && bestd * 4 > len)))
		best = NONE;
	if (best == NONE && inside == 1)
		best = inside_at;
	if (best == NONE)
		return xstrdup("");
	buf_adds(&b, " (did you mean ");
	add_quoted(&b, opts[best]);
	buf_adds(&b, "?)");
	return buf_detach(&b);
}

/* Adds s to v unless it is there already. */
static void strv_add_once(struct strv *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], s))
			return;
	strv_push(v, s);
}

/* Nonzero when s is in v (the lists are a step's options: short). */
static int strv_has(const struct strv *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], s))
			return 1;
	return 0;
}

/* ---- the pack under test ------------------------------------------------ */

/* What one module's tests found, for the coverage report. */
struct modinfo {
	struct module *ref;	/* loaded once: ids, lines, option lines */
	unsigned char *reached;	/* per step: shown to some playthrough */
	struct strv *chosen;	/* per step: labels some playthrough chose */
	unsigned char *showable;	/* per step: on an explored path */
	struct strv *seen;	/* per step: labels shown on an explored path */
	int playthroughs;	/* how many play this module */
};

struct packrun {
	struct pack *p;
	const struct strv *plugin_dirs;
	const struct packtest_options *o;
	struct packtest_counts *c;
	struct modinfo *mods;
};

/* Prints diagnostics after what is already on the test lines' stream. */
static void print_diags(struct packrun *pr, struct diags *d)
{
	if (!d->n)
		return;
	fflush(pr->o->out);
	diag_sort(d);
	diag_print(d, pr->o->err);
	fflush(pr->o->err);
}

static void report(struct packrun *pr, int ok, struct diags *d,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Counts one test and prints its line, then its diagnostics. */
static void report(struct packrun *pr, int ok, struct diags *d,
		   const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	char *safe;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* The line names steps and quotes the pack's texts. */
	safe = term_safe(b.s ? b.s : "", 0);
	fprintf(pr->o->out, "%s%s\n", ok ? "ok - " : "FAILED - ", safe);
	free(safe);
	buf_free(&b);
	if (d)
		print_diags(pr, d);
	if (ok)
		pr->c->passed++;
	else
		pr->c->failed++;
}

/* "step 'id' (FILE:LINE)", naming the step the author can look at. */
static char *step_where(const struct module *m, size_t si)
{
	return xasprintf("step '%s' (%s:%d)", m->steps[si].id, m->file,
			 m->steps[si].line);
}

/* ---- reading playthroughs ------------------------------------------------ */

struct pt_answer {
	struct strv texts;	/* option texts, or a reflection's text */
	char *feedback;		/* what the feedback must contain, or NULL */
	char *step;		/* the step it must answer, or NULL */
};

struct playthrough {
	char *name, *file;
	int line;		/* of the playthrough call */
	int given;		/* its table was given */
	char *module;
	int result;		/* 1 passed, 0 not passed, -1 not given */
	int score, percent;	/* -1 when not given */
	struct pt_answer *answers;
	size_t nanswers;
	struct diags problems;	/* mistakes in how it is written */
};

struct playthroughs {
	struct playthrough *v;
	size_t n, cap;
};

/* What the word `playthrough` adds to while a test file runs. */
struct reader {
	struct playthroughs *pts;
	const char *file;
};

static void pt_diag(struct diags *d, const struct playthrough *pt,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Adds "TESTFILE:LINE: error: playthrough "NAME": message" to d. */
static void pt_diag(struct diags *d, const struct playthrough *pt,
		    const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_add(d, DIAG_ERROR, pt->file, pt->line, "playthrough \"%s\": %s",
		 pt->name, b.s);
	buf_free(&b);
}

/* Frees what a playthrough holds (not pt itself, an array element). */
static void pt_free(struct playthrough *pt)
{
	size_t i;

	for (i = 0; i < pt->nanswers; i++) {
		strv_free(&pt->answers[i].texts);
		free(pt->answers[i].feedback);
		free(pt->answers[i].step);
	}
	free(pt->answers);
	free(pt->name);
	free(pt->file);
	free(pt->module);
	diag_free(&pt->problems);
}

/* Reads text field key of the answer table at idx into *out. */
static void answer_text_field(struct playthrough *pt, lua_State *L, int idx,
			      lua_Integer ai, const char *key, char **out)
{
	int t;

	lua_pushstring(L, key);
	t = lua_rawget(L, idx);
	if (t == LUA_TSTRING)
		*out = xstrdup(lua_tostring(L, -1));
	else if (t != LUA_TNIL)
		pt_diag(&pt->problems, pt, "answer %lld: %s must be text in "
			"quotes, not %s", (long long)ai, key,
			lua_typename(L, t));
	lua_pop(L, 1);
}

/* Reads answer ai, { "text", ..., feedback = ..., step = ... }, at -1. */
static void answer_table(struct playthrough *pt, lua_State *L,
			 lua_Integer ai, struct pt_answer *a)
{
	static const char *const names[] = { "feedback", "step" };
	int idx = lua_absindex(L, -1);
	lua_Integer n = (lua_Integer)lua_rawlen(L, idx), j;
	struct strv unknown = STRV_INIT;
	size_t k;

	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -2) == LUA_TSTRING) {
			const char *key = lua_tostring(L, -2);

			if (strcmp(key, "feedback") && strcmp(key, "step"))
				strv_push(&unknown, key);
		} else if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 ||
			   lua_tointeger(L, -2) > n) {
			pt_diag(&pt->problems, pt, "answer %lld has an entry "
				"that is neither an option's text nor a named "
				"field", (long long)ai);
		}
		lua_pop(L, 1);
	}
	/* sorted: a table's fields come in no fixed order */
	strv_sort(&unknown);
	for (k = 0; k < unknown.n; k++) {
		char *s = did_you_mean(unknown.v[k], names, ARRAY_SIZE(names));

		pt_diag(&pt->problems, pt, "answer %lld has an unknown field "
			"'%s'%s", (long long)ai, unknown.v[k], *s ? s :
			"; an answer may say feedback = ... and step = ...");
		free(s);
	}
	strv_free(&unknown);
	if (n == 0)
		pt_diag(&pt->problems, pt, "answer %lld lists no option text",
			(long long)ai);
	for (j = 1; j <= n; j++) {
		int t = lua_rawgeti(L, idx, j);

		if (t == LUA_TSTRING)
			strv_push(&a->texts, lua_tostring(L, -1));
		else
			pt_diag(&pt->problems, pt, "answer %lld: entry %lld "
				"must be an option's text in quotes, not %s",
				(long long)ai, (long long)j,
				lua_typename(L, t));
		lua_pop(L, 1);
	}
	answer_text_field(pt, L, idx, ai, "feedback", &a->feedback);
	answer_text_field(pt, L, idx, ai, "step", &a->step);
}

/* Reads whole-number field key into *out (-1 when absent). */
static void pt_int(struct playthrough *pt, lua_State *L, const char *key,
		   lua_Integer lo, lua_Integer hi, int *out)
{
	int t, isint = 0;
	lua_Integer v = 0;

	lua_pushstring(L, key);
	t = lua_rawget(L, 1);
	if (t == LUA_TNUMBER)
		v = lua_tointegerx(L, -1, &isint);
	if (t == LUA_TNUMBER && isint && v >= lo && v <= hi)
		*out = (int)v;
	else if (t != LUA_TNIL)
		pt_diag(&pt->problems, pt, "%s must be a whole number from "
			"%lld to %lld", key, (long long)lo, (long long)hi);
	lua_pop(L, 1);
}

/* Reads a playthrough's table (at 1) into pt, noting every mistake. */
static void pt_read(struct playthrough *pt, lua_State *L)
{
	static const char *const names[] = { "module", "result", "score",
					     "percent" };
	lua_Integer n = (lua_Integer)lua_rawlen(L, 1), i;
	struct strv unknown = STRV_INIT;
	unsigned meant = 0;	/* names an unknown field was taken for */
	size_t k;
	int t;

	lua_pushnil(L);
	while (lua_next(L, 1)) {
		if (lua_type(L, -2) == LUA_TSTRING) {
			const char *key = lua_tostring(L, -2);

			for (k = 0; k < ARRAY_SIZE(names) &&
				    strcmp(key, names[k]); k++)
				;
			if (k == ARRAY_SIZE(names))
				strv_push(&unknown, key);
		} else if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 ||
			   lua_tointeger(L, -2) > n) {
			pt_diag(&pt->problems, pt, "has an entry that is "
				"neither an answer in the list nor a named "
				"field");
		}
		lua_pop(L, 1);
	}
	/* sorted: a table's fields come in no fixed order */
	strv_sort(&unknown);
	for (k = 0; k < unknown.n; k++) {
		size_t c = closest_name(unknown.v[k], names,
					ARRAY_SIZE(names));

		if (c != NONE) {
			meant |= 1u << c;
			pt_diag(&pt->problems, pt, "unknown field '%s' (did "
				"you mean '%s'?)", unknown.v[k], names[c]);
		} else {
			pt_diag(&pt->problems, pt, "unknown field '%s'; a "
				"playthrough has module, result, score, "
				"percent and its answers", unknown.v[k]);
		}
	}
	strv_free(&unknown);
	lua_pushliteral(L, "module");
	t = lua_rawget(L, 1);
	if (t == LUA_TSTRING) {
		pt->module = xstrdup(lua_tostring(L, -1));
	} else if (t != LUA_TNIL) {
		pt_diag(&pt->problems, pt, "module must be a module id in "
			"quotes, not %s", lua_typename(L, t));
	} else if (!(meant & 1)) {
		pt_diag(&pt->problems, pt, "needs module = \"module-id\", the "
			"module it plays");
	}
	lua_pop(L, 1);
	lua_pushliteral(L, "result");
	t = lua_rawget(L, 1);
	if (t == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "passed")) {
		pt->result = 1;
	} else if (t == LUA_TSTRING && !strcmp(lua_tostring(L, -1),
					       "not passed")) {
		pt->result = 0;
	} else if (t == LUA_TSTRING) {
		pt_diag(&pt->problems, pt, "result must be \"passed\" or \"not "
			"passed\", not \"%s\"", lua_tostring(L, -1));
	} else if (t != LUA_TNIL) {
		pt_diag(&pt->problems, pt, "result must be \"passed\" or \"not "
			"passed\" in quotes, not %s", lua_typename(L, t));
	} else if (!(meant & 2)) {
		pt_diag(&pt->problems, pt, "needs result = \"passed\" or "
			"result = \"not passed\"");
	}
	lua_pop(L, 1);
	pt_int(pt, L, "score", 0, 1000000, &pt->score);
	pt_int(pt, L, "percent", 0, 100, &pt->percent);
	if (n > MAX_PLAYTHROUGH_ANSWERS) {
		pt_diag(&pt->problems, pt, "has %lld answers; a session takes "
			"at most %d", (long long)n, MAX_PLAYTHROUGH_ANSWERS);
		return;
	}
	pt->answers = xcalloc((size_t)n + 1, sizeof(*pt->answers));
	for (i = 1; i <= n; i++) {
		struct pt_answer *a = &pt->answers[pt->nanswers++];

		t = lua_rawgeti(L, 1, i);
		if (t == LUA_TSTRING)
			strv_push(&a->texts, lua_tostring(L, -1));
		else if (t == LUA_TTABLE)
			answer_table(pt, L, i, a);
		else
			pt_diag(&pt->problems, pt, "answer %lld must be an "
				"option's text in quotes or a table of texts, "
				"not %s", (long long)i, lua_typename(L, t));
		lua_pop(L, 1);
	}
}

/* The function playthrough "NAME" returns: takes the table. */
static int word_playthrough_table(lua_State *L)
{
	struct reader *rd = lua_touserdata(L, lua_upvalueindex(1));
	struct playthrough *pt =
		&rd->pts->v[lua_tointeger(L, lua_upvalueindex(2))];

	if (pt->given)
		return luaL_error(L, "playthrough \"%s\" is given a table "
				  "twice", pt->name);
	if (lua_type(L, 1) != LUA_TTABLE)
		return luaL_error(L, "playthrough \"%s\" needs a table: "
				  "playthrough \"%s\" { module = \"...\", "
				  "..., result = \"passed\" }", pt->name,
				  pt->name);
	pt->given = 1;
	lua_settop(L, 1);
	pt_read(pt, L);
	return 0;
}

/* playthrough "NAME" { ... }: the name call, on the playthrough's line. */
static int word_playthrough(lua_State *L)
{
	struct reader *rd = lua_touserdata(L, lua_upvalueindex(1));
	struct playthroughs *pts = rd->pts;
	struct playthrough *pt;

	if (lua_type(L, 1) != LUA_TSTRING)
		return luaL_error(L, "playthrough needs a name, then a table: "
				  "playthrough \"name\" { module = \"...\", "
				  "... }");
	if (pts->n >= MAX_PLAYTHROUGHS)
		return luaL_error(L, "more than %d playthroughs",
				  MAX_PLAYTHROUGHS);
	if (pts->n == pts->cap) {
		pts->cap = pts->cap ? pts->cap * 2 : 16;
		pts->v = xrealloc(pts->v, pts->cap * sizeof(*pts->v));
	}
	pt = &pts->v[pts->n++];
	memset(pt, 0, sizeof(*pt));
	pt->name = xstrdup(lua_tostring(L, 1));
	pt->file = xstrdup(rd->file);
	pt->line = sandbox_caller_line(L);
	pt->result = pt->score = pt->percent = -1;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushinteger(L, (lua_Integer)(pts->n - 1));
	lua_pushcclosure(L, word_playthrough_table, 2);
	return 1;
}

/*
 * Runs one test file in a sandbox of its own, adding its playthroughs to
 * pts.  Returns -1 when the file itself fails (the reason in d); warnings
 * may go to d either way.
 */
static int read_tests(const char *path, struct playthroughs *pts,
		      struct diags *d)
{
	struct sandbox *sb = sandbox_new();
	struct reader rd = { pts, path };
	size_t first = pts->n, i, j;
	char *msg = NULL;
	lua_State *L;
	int r, ret = -1;

	if (!sb) {
		diag_add(d, DIAG_ERROR, path, 0, "cannot start Lua");
		return -1;
	}
	L = sandbox_state(sb);
	sandbox_push_env(sb);
	lua_pushlightuserdata(L, &rd);
	lua_pushcclosure(L, word_playthrough, 1);
	lua_setfield(L, -2, "playthrough");
	r = sandbox_run_file(sb, path, 0, NULL, NULL, &msg);
	if (r == SANDBOX_UNREAD) {
		if (errno == EFBIG)
			diag_add(d, DIAG_ERROR, path, 0, "the file is larger "
				 "than %u bytes", SANDBOX_SOURCE_CAP);
		else
			diag_add(d, DIAG_ERROR, path, 0, "cannot read the "
				 "file: %s", strerror(errno));
		goto out;
	}
	if (r < 0) {
		diag_add_lua(d, DIAG_ERROR, path, 0, msg);
		free(msg);
		/* A playthrough whose table the error cut short is not a
		 * mistake of its own: drop it rather than report it too. */
		for (i = j = first; i < pts->n; i++) {
			if (pts->v[i].given)
				pts->v[j++] = pts->v[i];
			else
				pt_free(&pts->v[i]);
		}
		pts->n = j;
		goto out;
	}
	for (i = first; i < pts->n; i++)
		if (!pts->v[i].given)
			pt_diag(&pts->v[i].problems, &pts->v[i], "has no "
				"table: write playthrough \"%s\" { module = "
				"\"...\", ..., result = \"passed\" }",
				pts->v[i].name);
	if (pts->n == first)
		diag_add(d, DIAG_WARNING, path, 0, "this file has no "
			 "playthrough \"name\" { ... }");
	ret = 0;
out:
	sandbox_free(sb);
	return ret;
}

/* Lists DIR/tests/NAME.lua, sorted.  Returns -1 when there is no folder. */
static int list_tests(const char *dir, struct strv *out)
{
	char *tdir = path_join(dir, "tests");
	DIR *dh = opendir(tdir);
	struct dirent *e;

	if (!dh) {
		free(tdir);
		return -1;
	}
	while ((e = readdir(dh))) {
		size_t n = strlen(e->d_name);
		struct stat st;
		char *path;

		if (e->d_name[0] == '.' || n < 5 ||
		    strcmp(e->d_name + n - 4, ".lua"))
			continue;
		path = path_join(tdir, e->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			strv_push(out, path);
		free(path);
	}
	closedir(dh);
	free(tdir);
	strv_sort(out);
	return 0;
}

/* ---- running a playthrough ---------------------------------------------- */

/* Appends what the view asks for: "one of: ...", "a written answer". */
static void add_asks(struct buf *b, const struct view *v)
{
	switch (v->kind) {
	case VIEW_ONE:
		buf_adds(b, "one of: ");
		break;
	case VIEW_MANY:
		buf_adds(b, "one or more of: ");
		break;
	case VIEW_ORDER:
		buf_adds(b, "all of these, in order: ");
		break;
	default:
		buf_adds(b, "a written answer");
		return;
	}
	add_quoted_list(b, v->options, v->noptions);
}

/* The index of the option showing exactly text, or -1. */
static int option_index(const struct view *v, const char *text)
{
	size_t i;

	for (i = 0; i < v->noptions; i++)
		if (!strcmp(v->options[i], text))
			return (int)i;
	return -1;
}

/*
 * The input line that gives answer ai (a) at the view, which shows the
 * step described by wh; NULL with *why when the answer does not fit.
 */
static char *answer_line(const struct view *v, const struct pt_answer *a,
			 size_t ai, const char *wh, char **why)
{
	struct buf b = BUF_INIT, asks = BUF_INIT;
	size_t i, j;

	add_asks(&asks, v);
	if (v->kind == VIEW_TEXT) {
		if (a->texts.n == 1) {
			buf_free(&asks);
			return xstrdup(a->texts.v[0]);
		}
		*why = xasprintf("answer %zu gives %zu texts, but %s asks for "
				 "a written answer: give it as one text", ai,
				 a->texts.n, wh);
		goto bad;
	}
	if (v->kind == VIEW_ONE && a->texts.n != 1) {
		*why = xasprintf("answer %zu gives %zu texts, but %s takes %s",
				 ai, a->texts.n, wh, asks.s);
		goto bad;
	}
	if (v->kind == VIEW_ORDER && a->texts.n != v->noptions) {
		*why = xasprintf("answer %zu gives %zu of the %zu items of "
				 "%s, which asks for %s", ai, a->texts.n,
				 v->noptions, wh, asks.s);
		goto bad;
	}
	for (i = 0; i < a->texts.n; i++) {
		int k = option_index(v, a->texts.v[i]);
		char *q = quoted(a->texts.v[i]);

		if (k < 0) {
			char *s = suggest_option(a->texts.v[i], v->options,
						 v->noptions);
			struct buf opts = BUF_INIT;

			add_quoted_list(&opts, v->options, v->noptions);
			*why = xasprintf("answer %zu: %s is not an option at "
					 "%s%s; the options are: %s", ai, q,
					 wh, s, opts.s);
			buf_free(&opts);
			free(s);
			free(q);
			goto bad;
		}
		for (j = 0; j < i; j++) {
			if (!strcmp(a->texts.v[j], a->texts.v[i])) {
				*why = xasprintf("answer %zu gives %s twice",
						 ai, q);
				free(q);
				goto bad;
			}
		}
		free(q);
		buf_addf(&b, "%s%d", i ? "," : "", k + 1);
	}
	buf_free(&asks);
	return buf_detach(&b);
bad:
	buf_free(&asks);
	buf_free(&b);
	return NULL;
}

/* Checks that the feedback shown contains what answer ai expects. */
static void check_feedback(struct diags *d, const struct playthrough *pt,
			   const struct pt_answer *a, size_t ai,
			   const char *wh, const char *shown)
{
	char *want, *got, *q;

	if (!a->feedback)
		return;
	want = squash(a->feedback, 0);
	q = quoted(a->feedback);
	if (!shown) {
		pt_diag(d, pt, "answer %zu expects feedback containing %s, but "
			"%s shows no feedback", ai, q, wh);
		goto out;
	}
	got = squash(shown, 0);
	if (!strstr(got, want)) {
		char *cut = shorten(got, QUOTE_MAX), *qs = quoted(cut);

		pt_diag(d, pt, "answer %zu expects feedback containing %s, but "
			"the feedback at %s reads: %s", ai, q, wh, qs);
		free(qs);
		free(cut);
	}
	free(got);
out:
	free(q);
	free(want);
}

/* Checks the end of the module against the playthrough's expectations. */
static void check_result(struct diags *d, const struct playthrough *pt,
			 const struct view *v)
{
	if (pt->result >= 0 && pt->result != v->passed)
		pt_diag(d, pt, "expects result = \"%s\", but the module ended "
			"%s with %d/%d (%d%%), pass mark %d%%",
			pt->result ? "passed" : "not passed",
			v->passed ? "passed" : "not passed", v->score, v->max,
			v->percent, v->pass_mark);
	if (pt->score >= 0 && pt->score != v->score)
		pt_diag(d, pt, "expects score = %d, but the score is %d (of "
			"%d)", pt->score, v->score, v->max);
	if (pt->percent >= 0 && pt->percent != v->percent)
		pt_diag(d, pt, "expects percent = %d, but the percent is %d "
			"(%d/%d)", pt->percent, v->percent, v->score, v->max);
}

/* " (did you mean 'X'?); its modules are: a, b" for an unknown module. */
static char *suggest_module(const struct pack *p, const char *id)
{
	const char **ids = xcalloc(p->nmodules + 1, sizeof(*ids));
	struct buf b = BUF_INIT;
	char *s;
	size_t i;

	for (i = 0; i < p->nmodules; i++)
		ids[i] = p->modules[i].id;
	s = did_you_mean(id, ids, p->nmodules);
	buf_adds(&b, s);
	buf_adds(&b, "; its modules are: ");
	for (i = 0; i < p->nmodules; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", ids[i]);
	free(s);
	free(ids);
	return buf_detach(&b);
}

/*
 * Plays pt on a fresh session, noting what it reaches for the coverage.
 * Problems go to d; returns 0 when it passed, -1 otherwise.
 */
static int run_playthrough(struct packrun *pr, struct playthrough *pt,
			   struct diags *d)
{
	int mi = pack_module_index(pr->p, pt->module);
	struct diags ld = DIAGS_INIT;
	struct modinfo *md;
	struct module *m;
	struct session *s = NULL;
	size_t ai = 0, before = d->errors;
	char *msg = NULL;

	if (mi < 0) {
		char *s2 = suggest_module(pr->p, pt->module);

		pt_diag(d, pt, "pack '%s' has no module '%s'%s", pr->p->id,
			pt->module, s2);
		free(s2);
		return -1;
	}
	md = &pr->mods[mi];
	md->playthroughs++;
	/* A playthrough is what a server request that replays a finished
	 * attempt runs: it gets one run budget, as that request does. */
	sandbox_budget_begin();
	m = module_load(pr->p, (size_t)mi, pr->plugin_dirs, &ld);
	diag_free(&ld);
	if (!m) {
		pt_diag(d, pt, "module '%s' did not load", pt->module);
		return -1;
	}
	s = session_start(m, PACKTEST_SEED, &msg);
	if (!s) {
		pt_diag(d, pt, "pack code failed at the start of the module: "
			"%s", msg);
		free(msg);
		return -1;
	}
	for (;;) {
		const struct view *v = session_view(s);
		const struct pt_answer *a = NULL;
		enum view_kind kind = v->kind;	/* v changes on answering */
		struct feedback fb;
		enum answer_status st;
		size_t si;
		char *line, *wh;

		if (kind == VIEW_END)
			break;
		si = v->number - 1;
		md->reached[si] = 1;
		wh = step_where(md->ref, si);
		if (v->kind == VIEW_PAGE) {
			line = xstrdup("");
		} else if (ai == pt->nanswers) {
			struct buf asks = BUF_INIT;

			add_asks(&asks, v);
			pt_diag(d, pt, "the answers ran out at %s, which asks "
				"for %s", wh, asks.s);
			buf_free(&asks);
			free(wh);
			goto out;
		} else {
			a = &pt->answers[ai++];
			if (a->step && strcmp(a->step, v->step_id)) {
				pt_diag(d, pt, "answer %zu is for step '%s', "
					"but the module is at %s", ai, a->step,
					wh);
				free(wh);
				goto out;
			}
			line = answer_line(v, a, ai, wh, &msg);
			if (!line) {
				pt_diag(d, pt, "%s", msg);
				free(msg);
				free(wh);
				goto out;
			}
		}
		st = session_answer(s, line, &fb, &msg);
		free(line);
		if (st != ANSWER_OK) {
			if (st == ANSWER_FAILED)
				pt_diag(d, pt, "pack code failed at %s: %s",
					wh, msg);
			else
				pt_diag(d, pt, "answer %zu is refused at %s: "
					"%s", ai, wh, msg);
			free(msg);
			free(wh);
			goto out;
		}
		if (a) {
			size_t i;

			if (kind != VIEW_TEXT)
				for (i = 0; i < a->texts.n; i++)
					strv_add_once(&md->chosen[si],
						      a->texts.v[i]);
			check_feedback(d, pt, a, ai, wh, fb.text);
		}
		feedback_clear(&fb);
		free(wh);
		if (d->errors > before)
			goto out;
	}
	if (ai < pt->nanswers) {
		struct buf b = BUF_INIT;
		const struct strv *t = &pt->answers[ai].texts;

		if (t->n == 1)
			add_quoted(&b, t->v[0]);
		else
			add_braced_list(&b, (const char *const *)t->v, t->n);
		pt_diag(d, pt, "the module ended with %zu answer%s left over, "
			"from answer %zu: %s", pt->nanswers - ai,
			pt->nanswers - ai == 1 ? "" : "s", ai + 1, b.s);
		buf_free(&b);
	}
	check_result(d, pt, session_view(s));
out:
	session_free(s);
	return d->errors > before ? -1 : 0;
}

/* ---- exploring ---------------------------------------------------------- */

/* A way from one state to the next: the answer given. */
struct edge {
	size_t from, to;
	char *label;	/* as a playthrough writes it; "" for a page */
	size_t next;	/* the next edge from the same state, or NONE */
};

/* A state of a session: the step shown, the facts, the score so far. */
struct node {
	char *key;
	size_t step;	/* the step shown; NONE at the end */
	int end, passed, percent;
	int open;	/* never explored: the cap was reached */
	int failed;	/* pack code failed on some answer here */
	size_t edges;	/* the first edge from here, or NONE */
};

/* Pack code that failed on some path. */
struct failure {
	size_t node;	/* where the answer was given; NONE at the start */
	char *label;	/* the answer, or NULL */
	char *msg;	/* "FILE:LINE: message" */
	size_t len;	/* answers on the shortest way there */
};

/* A state on the way being explored, with the answers still to try. */
struct frame {
	size_t node;
	char *via;		/* the input that led here; NULL at the start */
	int deficit;		/* question points missed on the way here */
	struct session *s;	/* this state's session, not yet answered */
	struct session *ready;	/* a question's, already answered */
	int ready_deficit;	/* what that answer missed of the best */
	struct strv inputs, labels;
	size_t next;
};

/* What answering a question in every way found: the answer to go on with
 * when the question shows again in another state. */
struct tried {
	char *input;		/* NULL until the question has been tried */
	char *label;
	struct strv opts;	/* the options input numbers */
};

struct explorer {
	struct packrun *pr;
	size_t mi;
	struct modinfo *md;
	struct tried *tried;	/* per step */
	struct node *nodes;
	size_t nnodes, capnodes;
	struct edge *edges;
	size_t nedges, capedges;
	size_t *slots;		/* hash of keys: node index + 1, 0 if free */
	size_t nslots;
	struct failure *fails;
	size_t nfails, capfails;
	struct frame *frames;
	size_t nframes, capframes;
	size_t nopen;		/* states left unexplored at a limit */
	int cut_states, cut_depth, cut_time;	/* which limits were hit */
	struct timespec deadline;
};

/* Puts state n in the first free slot from its hash on. */
static void slots_put(struct explorer *ex, size_t n)
{
	size_t i = (size_t)str_hash(ex->nodes[n].key) & (ex->nslots - 1);

	while (ex->slots[i])
		i = (i + 1) & (ex->nslots - 1);
	ex->slots[i] = n + 1;
}

/* The node with this key (taken), added if new; *added says which. */
static size_t node_get(struct explorer *ex, char *key, int *added)
{
	size_t i, n;

	if (ex->nslots) {
		i = (size_t)str_hash(key) & (ex->nslots - 1);
		for (; ex->slots[i]; i = (i + 1) & (ex->nslots - 1)) {
			if (!strcmp(ex->nodes[ex->slots[i] - 1].key, key)) {
				free(key);
				*added = 0;
				return ex->slots[i] - 1;
			}
		}
	}
	if (ex->nnodes == ex->capnodes) {
		ex->capnodes = ex->capnodes ? ex->capnodes * 2 : 64;
		ex->nodes = xrealloc(ex->nodes,
				     ex->capnodes * sizeof(*ex->nodes));
	}
	n = ex->nnodes++;
	memset(&ex->nodes[n], 0, sizeof(ex->nodes[n]));
	ex->nodes[n].key = key;
	ex->nodes[n].step = NONE;
	ex->nodes[n].edges = NONE;
	if (ex->nnodes * 2 > ex->nslots) {
		free(ex->slots);
		ex->nslots = ex->nslots ? ex->nslots * 2 : 256;
		ex->slots = xcalloc(ex->nslots, sizeof(*ex->slots));
		for (i = 0; i < ex->nnodes; i++)
			slots_put(ex, i);
	} else {
		slots_put(ex, n);
	}
	*added = 1;
	return n;
}

/*
 * The key of the state session s is in: the step shown, the facts, and
 * the score, counting deficit (points of questions whose right answer was
 * not among those tried) as earned, since the exploration looks for what a
 * learner who answers well can reach.
 */
static char *node_key(struct session *s, int deficit)
{
	const struct view *v = session_view(s);
	int score, max;
	char *state, *key;

	session_score(s, &score, &max);
	if (v->kind == VIEW_END)
		return xasprintf("end %d/%d", score + deficit, max);
	state = session_state_key(s);
	if (strlen(state) > KEY_HASH_OVER) {
		unsigned char h[32];
		char hex[65];

		if (crypto_generichash(h, sizeof(h), (unsigned char *)state,
				       strlen(state), NULL, 0) != 0)
			abort();	/* only for sizes out of range */
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		free(state);
		state = xasprintf("#%s", hex);
	}
	key = xasprintf("%zu %d/%d %s", v->number - 1, score + deficit, max,
			state);
	free(state);
	return key;
}

/* Records that answering label at state from leads to state to. */
static void edge_add(struct explorer *ex, size_t from, size_t to,
		     const char *label)
{
	struct edge *e;

	if (ex->nedges == ex->capedges) {
		ex->capedges = ex->capedges ? ex->capedges * 2 : 64;
		ex->edges = xrealloc(ex->edges,
				     ex->capedges * sizeof(*ex->edges));
	}
	e = &ex->edges[ex->nedges];
	e->from = from;
	e->to = to;
	e->label = xstrdup(label);
	e->next = ex->nodes[from].edges;
	ex->nodes[from].edges = ex->nedges++;
}

/* Records pack code failing at node when given label (msg is taken). */
static void failure_add(struct explorer *ex, size_t node, const char *label,
			char *msg)
{
	struct failure *f;

	if (ex->nfails == ex->capfails) {
		ex->capfails = ex->capfails ? ex->capfails * 2 : 16;
		ex->fails = xrealloc(ex->fails,
				     ex->capfails * sizeof(*ex->fails));
	}
	f = &ex->fails[ex->nfails++];
	f->node = node;
	f->label = label ? xstrdup(label) : NULL;
	f->msg = msg ? msg : xstrdup("pack code failed");
	f->len = 0;
	if (node != NONE)
		ex->nodes[node].failed = 1;
}

/*
 * A fresh session in the state of frame depth - 1: the module loaded
 * again and the answers that led there given again.  NULL with *msg if
 * that does not give the same session (pack code that is not
 * deterministic, or a time limit that tripped only this time).
 */
static struct session *replay(struct explorer *ex, size_t depth, char **msg)
{
	struct diags d = DIAGS_INIT;
	struct module *m = module_load(ex->pr->p, ex->mi, ex->pr->plugin_dirs,
				       &d);
	struct session *s;
	struct answer *answers;
	char *why = NULL;
	size_t i;

	diag_free(&d);
	if (!m) {
		*msg = xasprintf("%s: the module did not load again",
				 ex->md->ref->file);
		return NULL;
	}
	s = session_start(m, PACKTEST_SEED, msg);
	if (!s)
		return NULL;
	/* the answer that led to frame i was given at frame i - 1's step */
	answers = xcalloc(depth, sizeof(*answers));	/* nframes: >= 1 */
	for (i = 1; i < depth; i++) {
		answers[i - 1].step_id =
			m->steps[ex->nodes[ex->frames[i - 1].node].step].id;
		answers[i - 1].input = ex->frames[i].via;
	}
	if (session_give(s, answers, depth - 1, &why) < 0) {
		*msg = xasprintf("%s: giving the same answers again gave a "
				 "different result: %s", ex->md->ref->file,
				 why ? why : "refused");
		free(why);
		session_free(s);
		s = NULL;
	}
	free(answers);
	return s;
}

/* Adds one answer to try: its input line and its label (taken). */
static void add_trial(struct strv *in, struct strv *lab, const char *input,
		      char *label)
{
	strv_push(in, input);
	strv_push(lab, label);
	free(label);
}

/* Each kind of answer worth trying at the question view v. */
static void trial_answers(const struct view *v, struct strv *in,
			  struct strv *lab)
{
	const char *const *o = v->options;
	size_t n = v->noptions, i;
	struct buf b = BUF_INIT, l = BUF_INIT;

	switch (v->kind) {
	case VIEW_ONE:
		for (i = 0; i < n; i++) {
			char num[32];

			snprintf(num, sizeof(num), "%zu", i + 1);
			add_trial(in, lab, num, quoted(o[i]));
		}
		break;
	case VIEW_MANY:
		add_trial(in, lab, "", xstrdup("{ }"));
		for (i = 0; i < n; i++) {
			char num[32];

			snprintf(num, sizeof(num), "%zu", i + 1);
			add_braced_list(&l, o + i, 1);
			add_trial(in, lab, num, buf_detach(&l));
		}
		if (n > 1) {
			for (i = 0; i < n; i++)
				buf_addf(&b, "%s%zu", i ? "," : "", i + 1);
			add_braced_list(&l, o, n);
			add_trial(in, lab, b.s, buf_detach(&l));
		}
		break;
	case VIEW_ORDER:
		for (i = 0; i < n; i++)
			buf_addf(&b, "%s%zu", i ? "," : "", i + 1);
		add_braced_list(&l, o, n);
		add_trial(in, lab, b.s, buf_detach(&l));
		buf_free(&b);
		buf_adds(&l, "{ ");
		for (i = n; i > 0; i--) {
			buf_addf(&b, "%s%zu", i < n ? "," : "", i);
			if (i < n)
				buf_adds(&l, ", ");
			add_quoted(&l, o[i - 1]);
		}
		buf_adds(&l, " }");
		add_trial(in, lab, b.s, buf_detach(&l));
		break;
	default:
		add_trial(in, lab, SAMPLE_TEXT, quoted(SAMPLE_TEXT));
		add_trial(in, lab, "", xstrdup("\"\""));
		break;
	}
	buf_free(&b);
	buf_free(&l);
}

/*
 * The input that gives at view v the answer that input gave when the
 * options shown were opts: the same texts, wherever they are shown now.
 * NULL when the options are not the same.
 */
static char *remap_input(const char *input, const struct strv *opts,
			 const struct view *v)
{
	struct buf b = BUF_INIT;
	const char *p = input;

	if (v->kind == VIEW_TEXT)
		return xstrdup(input);
	if (opts->n != v->noptions)
		return NULL;
	while (*p) {
		char *end;
		long k = strtol(p, &end, 10);
		int at;

		if (end == p || k < 1 || (size_t)k > opts->n ||
		    (*end && *end != ',') ||
		    (at = option_index(v, opts->v[k - 1])) < 0) {
			buf_free(&b);
			return NULL;
		}
		buf_addf(&b, "%s%d", b.len ? "," : "", at + 1);
		p = *end ? end + 1 : end;
	}
	if (!b.len)
		return NULL;
	return buf_detach(&b);
}

/*
 * Gives the question at frame f (step si) every kind of answer, each on a
 * session of its own, to see that its grading never fails.  A question's
 * answer changes the score but never the way on, so the path goes on with
 * the answer that scored best, which is kept for when the question shows
 * again in another state: plugins never see the state, so trying every
 * answer there would find nothing new.  Where the answers tried are not
 * all there are (several choices, an order), the right one may not be
 * among them: the points missed are then counted as earned.
 */
static void try_answers(struct explorer *ex, struct frame *f, size_t si)
{
	struct strv in = STRV_INIT, lab = STRV_INIT, opts = STRV_INIT;
	struct session *best = NULL;
	const struct view *v = session_view(f->s);
	enum view_kind kind = v->kind;
	struct tried *t = &ex->tried[si];
	int bestpoints = -1, score0, max0;
	size_t i, bi = 0;

	trial_answers(v, &in, &lab);
	for (i = 0; i < v->noptions; i++)
		strv_push(&opts, v->options[i]);
	session_score(f->s, &score0, &max0);
	for (i = 0; i < in.n; i++) {
		struct session *s = f->s;
		struct feedback fb;
		enum answer_status st;
		char *msg = NULL;
		int points;

		f->s = NULL;
		if (!s && !(s = replay(ex, ex->nframes, &msg))) {
			failure_add(ex, f->node, NULL, msg);
			break;
		}
		st = session_answer(s, in.v[i], &fb, &msg);
		points = fb.points;
		feedback_clear(&fb);
		if (st == ANSWER_OK && points > bestpoints) {
			session_free(best);
			best = s;
			bestpoints = points;
			bi = i;
			continue;
		}
		if (st == ANSWER_FAILED)
			failure_add(ex, f->node, lab.v[i], msg);
		else
			free(msg);	/* none at all, or an empty text */
		session_free(s);
	}
	session_free(f->s);
	f->s = NULL;
	if (best) {
		int score, max;

		session_score(best, &score, &max);
		f->ready = best;
		if (max > max0 && (kind == VIEW_MANY || kind == VIEW_ORDER))
			f->ready_deficit = (max - max0) - (score - score0);
		strv_push(&f->inputs, in.v[bi]);
		strv_push(&f->labels, lab.v[bi]);
		free(t->input);
		free(t->label);
		strv_free(&t->opts);
		t->input = xstrdup(in.v[bi]);
		t->label = xstrdup(lab.v[bi]);
		t->opts = opts;
		opts = (struct strv)STRV_INIT;
	}
	strv_free(&in);
	strv_free(&lab);
	strv_free(&opts);
}

/*
 * Takes session s, which is in state n, into the exploration: notes what
 * it shows and pushes a frame with the answers to try there.  via (taken)
 * is the input that led here.
 */
static void visit(struct explorer *ex, size_t n, struct session *s,
		  char *via, int deficit)
{
	const struct view *v = session_view(s);
	struct modinfo *md = ex->md;
	struct frame *f;
	size_t si, i;

	if (v->kind == VIEW_END) {
		int score, max;

		session_score(s, &score, &max);
		score += deficit;
		ex->nodes[n].end = 1;
		ex->nodes[n].passed = (long)score * 100 >=
				      (long)v->pass_mark * max;
		ex->nodes[n].percent = max ? (int)((long)score * 100 / max)
					   : 100;
		session_free(s);
		free(via);
		return;
	}
	si = v->number - 1;
	ex->nodes[n].step = si;
	md->showable[si] = 1;
	if (ex->nframes == ex->capframes) {
		ex->capframes = ex->capframes ? ex->capframes * 2 : 64;
		ex->frames = xrealloc(ex->frames,
				      ex->capframes * sizeof(*ex->frames));
	}
	f = &ex->frames[ex->nframes++];
	memset(f, 0, sizeof(*f));
	f->node = n;
	f->via = via;
	f->s = s;
	f->deficit = deficit;
	if (v->kind == VIEW_PAGE) {
		strv_push(&f->inputs, "");
		strv_push(&f->labels, "");
		return;
	}
	for (i = 0; i < v->noptions; i++)
		strv_add_once(&md->seen[si], v->options[i]);
	if (md->ref->steps[si].kind != STEP_SCENE) {
		const struct tried *t = &ex->tried[si];
		char *in = t->input ? remap_input(t->input, &t->opts, v) : NULL;

		if (!in) {
			try_answers(ex, f, si);
			return;
		}
		strv_push(&f->inputs, in);
		strv_push(&f->labels, t->label);
		free(in);
		return;
	}
	for (i = 0; i < v->noptions; i++) {
		char num[32], *q = quoted(v->options[i]);

		snprintf(num, sizeof(num), "%zu", i + 1);
		strv_push(&f->inputs, num);
		strv_push(&f->labels, q);
		free(q);
	}
}

/* Leaves the state on top of the stack: every answer there is tried. */
static void frame_pop(struct explorer *ex)
{
	struct frame *f = &ex->frames[--ex->nframes];

	free(f->via);
	session_free(f->s);
	session_free(f->ready);
	strv_free(&f->inputs);
	strv_free(&f->labels);
}

/*
 * Explores every state reachable from the start, depth first: each scene
 * choice, and each question with every kind of answer.  A state already
 * seen (same step, facts and score) is not explored again, which is what
 * ends loops.
 */
static void explore_all(struct explorer *ex)
{
	struct module *m;
	struct session *s;
	struct diags d = DIAGS_INIT;
	char *msg = NULL;
	int added;
	size_t root;

	sandbox_budget_begin();
	m = module_load(ex->pr->p, ex->mi, ex->pr->plugin_dirs, &d);
	diag_free(&d);
	if (!m) {
		failure_add(ex, NONE, NULL, xasprintf("%s: the module did not "
						      "load again",
						      ex->md->ref->file));
		return;
	}
	s = session_start(m, PACKTEST_SEED, &msg);
	if (!s) {
		failure_add(ex, NONE, NULL, msg);
		return;
	}
	root = node_get(ex, node_key(s, 0), &added);
	visit(ex, root, s, NULL, 0);
	while (ex->nframes) {
		struct frame *f = &ex->frames[ex->nframes - 1];
		size_t i, from = f->node, child;
		int deficit = f->deficit;
		char *input;

		if (timespec_past(&ex->deadline)) {
			/* what is left of the way being explored counts as
			 * able to reach the end: unknown, not a dead end */
			ex->cut_time = 1;
			for (i = 0; i < ex->nframes; i++)
				ex->nodes[ex->frames[i].node].open = 1;
			while (ex->nframes)
				frame_pop(ex);
			break;
		}
		if (f->next >= f->inputs.n) {
			frame_pop(ex);
			continue;
		}
		/* each answer tried, with the replay it may need, is one unit
		 * of work, as one request of a take is */
		sandbox_budget_begin();
		i = f->next++;
		if (f->ready) {
			s = f->ready;
			f->ready = NULL;
			deficit += f->ready_deficit;
		} else {
			struct feedback fb;
			enum answer_status st;
			enum view_kind kind;
			int score0, max0, score, max;

			s = f->s;
			f->s = NULL;
			if (!s && !(s = replay(ex, ex->nframes, &msg))) {
				failure_add(ex, from, NULL, msg);
				msg = NULL;
				continue;
			}
			kind = session_view(s)->kind;
			session_score(s, &score0, &max0);
			st = session_answer(s, f->inputs.v[i], &fb, &msg);
			feedback_clear(&fb);
			if (st != ANSWER_OK) {
				failure_add(ex, from, f->labels.v[i], msg);
				msg = NULL;
				session_free(s);
				continue;
			}
			/* as try_answers() counts it */
			session_score(s, &score, &max);
			if (max > max0 && (kind == VIEW_MANY ||
					   kind == VIEW_ORDER))
				deficit += (max - max0) - (score - score0);
		}
		child = node_get(ex, node_key(s, deficit), &added);
		edge_add(ex, from, child, f->labels.v[i]);
		input = xstrdup(f->inputs.v[i]);
		if (!added) {
			session_free(s);
			free(input);
		} else if (ex->nnodes - ex->nopen > PACKTEST_STATE_CAP ||
			   ex->nframes >= PACKTEST_DEPTH_CAP) {
			if (ex->nframes >= PACKTEST_DEPTH_CAP)
				ex->cut_depth = 1;
			else
				ex->cut_states = 1;
			ex->nodes[child].open = 1;
			ex->nopen++;
			session_free(s);
			free(input);
		} else {
			visit(ex, child, s, input, deficit);	/* f moves */
		}
	}
}

/* "reached by: "a" > "b"", the shortest way from the start to node n and
 * then last; pages add nothing. */
static char *reached_by(const struct explorer *ex, const size_t *parent,
			size_t n, const char *last)
{
	struct strv labels = STRV_INIT;
	struct buf b = BUF_INIT;
	size_t i, count = 0;

	if (last && *last)
		strv_push(&labels, last);
	while (n != NONE && parent[n] != NONE) {
		const struct edge *e = &ex->edges[parent[n]];

		if (*e->label)
			strv_push(&labels, e->label);
		n = e->from;
	}
	for (i = labels.n; i > 0; i--) {
		buf_adds(&b, count++ ? " > " : "reached by: ");
		buf_adds(&b, labels.v[i - 1]);
	}
	if (!count)
		buf_adds(&b, "at the start of the module");
	strv_free(&labels);
	return buf_detach(&b);
}

/* For qsort: failures by message, the shortest way first within one. */
static int cmp_failure(const void *a, const void *b)
{
	const struct failure *x = a, *y = b;
	int c = strcmp(x->msg, y->msg);

	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* The line of `key =` in file, or 0: where the author set it. */
static int line_of_field(const char *file, const char *key)
{
	char *src;
	size_t len, klen = strlen(key);
	const char *p;
	int line = 1;

	if (read_file(file, SANDBOX_SOURCE_CAP, &src, &len) < 0)
		return 0;
	for (p = src; *p; p++) {
		if (*p == '\n') {
			line++;
		} else if (!strncmp(p, key, klen) &&
			   (p == src || p[-1] == ' ' || p[-1] == '\t' ||
			    p[-1] == '{' || p[-1] == ',' || p[-1] == '\n')) {
			const char *q = p + klen;

			while (*q == ' ' || *q == '\t')
				q++;
			if (q[0] == '=' && q[1] != '=') {
				free(src);
				return line;
			}
		}
	}
	free(src);
	return 0;
}

/*
 * Numbers the strongly connected components of the dead states (those
 * from which the end cannot be reached) into comp, NONE for live ones, by
 * Tarjan's algorithm without recursion; returns how many.  Every answer
 * from a dead state leads to a dead state, so the components with no way
 * out are where a learner goes round for ever.
 */
static size_t dead_components(const struct explorer *ex,
			      const unsigned char *live, size_t *comp)
{
	size_t n = ex->nnodes, counter = 0, ncomp = 0, sp = 0, cp = 0, r;
	size_t *idx = xcalloc(n + 1, sizeof(*idx));
	size_t *low = xcalloc(n + 1, sizeof(*low));
	size_t *stk = xcalloc(n + 1, sizeof(*stk));
	size_t *cs_node = xcalloc(n + 1, sizeof(*cs_node));
	size_t *cs_edge = xcalloc(n + 1, sizeof(*cs_edge));
	unsigned char *on = xcalloc(n + 1, 1);

	for (r = 0; r < n; r++)
		idx[r] = comp[r] = NONE;
	for (r = 0; r < n; r++) {
		if (live[r] || idx[r] != NONE)
			continue;
		idx[r] = low[r] = counter++;
		stk[sp++] = r;
		on[r] = 1;
		cs_node[cp] = r;
		cs_edge[cp++] = ex->nodes[r].edges;
		while (cp) {
			size_t v = cs_node[cp - 1], e = cs_edge[cp - 1], w;

			if (e != NONE) {
				cs_edge[cp - 1] = ex->edges[e].next;
				w = ex->edges[e].to;
				if (live[w])
					continue;
				if (idx[w] == NONE) {
					idx[w] = low[w] = counter++;
					stk[sp++] = w;
					on[w] = 1;
					cs_node[cp] = w;
					cs_edge[cp++] = ex->nodes[w].edges;
				} else if (on[w] && idx[w] < low[v]) {
					low[v] = idx[w];
				}
				continue;
			}
			if (low[v] == idx[v]) {
				do {
					w = stk[--sp];
					on[w] = 0;
					comp[w] = ncomp;
				} while (w != v);
				ncomp++;
			}
			if (--cp && low[v] < low[cs_node[cp - 1]])
				low[cs_node[cp - 1]] = low[v];
		}
	}
	free(idx);
	free(low);
	free(stk);
	free(cs_node);
	free(cs_edge);
	free(on);
	return ncomp;
}

/* A dead state, for grouping them by component and step. */
struct dead {
	size_t comp, step, node;
};

/* For qsort: dead states by component, then by step in file order. */
static int cmp_dead(const void *a, const void *b)
{
	const struct dead *x = a, *y = b;

	if (x->comp != y->comp)
		return (x->comp > y->comp) - (x->comp < y->comp);
	return (x->step > y->step) - (x->step < y->step);
}

/* A set of dead states with no way out: where a learner goes round. */
struct trap {
	char *steps;	/* the steps it goes round, in file order */
	size_t nsteps;
	size_t near;	/* its state nearest the start */
	size_t dist;
};

/* For qsort: traps nearest the start first, so a repeat is the farther. */
static int cmp_trap(const void *a, const void *b)
{
	const struct trap *x = a, *y = b;

	return (x->dist > y->dist) - (x->dist < y->dist);
}

/*
 * Reports each trap a learner can fall into, once per set of steps it goes
 * round (in another state, a different score say, it is the same mistake),
 * at its state nearest the start, with the answers that lead there.
 */
static void report_dead_ends(const struct explorer *ex,
			     const unsigned char *live, const size_t *dist,
			     const size_t *parent, struct diags *d)
{
	const struct module *m = ex->md->ref;
	size_t n = ex->nnodes, i, j, k, e, ndead = 0, ntraps = 0, ncomp;
	size_t *comp = xcalloc(n + 1, sizeof(*comp));
	struct dead *dv = xcalloc(n + 1, sizeof(*dv));
	struct trap *traps;
	struct strv seen = STRV_INIT;
	unsigned char *sink;

	ncomp = dead_components(ex, live, comp);
	sink = xcalloc(ncomp + 1, 1);
	traps = xcalloc(ncomp + 1, sizeof(*traps));
	memset(sink, 1, ncomp);
	for (i = 0; i < n; i++) {
		if (comp[i] == NONE)
			continue;
		for (e = ex->nodes[i].edges; e != NONE; e = ex->edges[e].next)
			if (comp[ex->edges[e].to] != comp[i])
				sink[comp[i]] = 0;
		if (ex->nodes[i].step != NONE && dist[i] != NONE) {
			dv[ndead].comp = comp[i];
			dv[ndead].step = ex->nodes[i].step;
			dv[ndead++].node = i;
		}
	}
	if (ndead)
		qsort(dv, ndead, sizeof(*dv), cmp_dead);
	for (i = 0; i < ndead; i = j) {
		struct trap *t = &traps[ntraps];
		struct buf steps = BUF_INIT;
		size_t named;

		for (j = i; j < ndead && dv[j].comp == dv[i].comp; j++)
			;
		if (!sink[dv[i].comp])
			continue;
		t->near = dv[i].node;
		for (k = i; k < j; k++)
			if (dist[dv[k].node] < dist[t->near])
				t->near = dv[k].node;
		for (k = i; k < j; k++)
			t->nsteps += k == i || dv[k].step != dv[k - 1].step;
		for (k = i, named = 0; k < j; k++) {
			if (k > i && dv[k].step == dv[k - 1].step)
				continue;
			named++;
			buf_addf(&steps, "%s'%s'", named == 1 ? "" :
				 named == t->nsteps ? " and " : ", ",
				 m->steps[dv[k].step].id);
		}
		t->dist = dist[t->near];
		t->steps = buf_detach(&steps);
		ntraps++;
	}
	if (ntraps)
		qsort(traps, ntraps, sizeof(*traps), cmp_trap);
	for (i = 0; i < ntraps; i++) {
		const struct trap *t = &traps[i];
		const struct step *st = &m->steps[ex->nodes[t->near].step];
		char *way;

		if (strv_has(&seen, t->steps))
			continue;
		strv_push(&seen, t->steps);
		way = reached_by(ex, parent, t->near, NULL);
		diag_add(d, DIAG_ERROR, m->file, st->line, "dead end at step "
			 "'%s': no answer leads to the end of the module; %s%s"
			 "%s%s", st->id, way, t->nsteps > 1 ? " (from there "
			 "every answer leads round steps " : "",
			 t->nsteps > 1 ? t->steps : "",
			 t->nsteps > 1 ? ")" : "");
		free(way);
	}
	for (i = 0; i < ntraps; i++)
		free(traps[i].steps);
	free(traps);
	strv_free(&seen);
	free(dv);
	free(sink);
	free(comp);
}

/*
 * Turns the explored states into diagnostics: pack code that failed (once
 * per message, by the shortest way), dead ends (once per step, where the
 * way in is shortest), a pass mark no way reaches, steps never shown.
 */
static void explore_report(struct explorer *ex, struct diags *d)
{
	const struct module *m = ex->md->ref;
	size_t n = ex->nnodes, i, e, qn = 0, before = d->errors;
	unsigned char *live = xcalloc(n + 1, 1);
	size_t *queue = xcalloc(n + 1, sizeof(*queue));
	size_t *dist = xcalloc(n + 1, sizeof(*dist));
	size_t *parent = xcalloc(n + 1, sizeof(*parent));
	size_t *rhead = xcalloc(n + 1, sizeof(*rhead));
	size_t *rnext = xcalloc(ex->nedges + 1, sizeof(*rnext));
	int ends = 0, passes = 0, best = -1;

	/* the shortest way from the start to each state */
	for (i = 0; i < n; i++)
		dist[i] = parent[i] = rhead[i] = NONE;
	if (n) {
		dist[0] = 0;
		queue[qn++] = 0;
	}
	for (i = 0; i < qn; i++)
		for (e = ex->nodes[queue[i]].edges; e != NONE;
		     e = ex->edges[e].next) {
			size_t to = ex->edges[e].to;

			if (dist[to] == NONE) {
				dist[to] = dist[queue[i]] + 1;
				parent[to] = e;
				queue[qn++] = to;
			}
		}
	/* the states from which the end (or something already reported, or
	 * left unexplored) can be reached */
	for (e = 0; e < ex->nedges; e++) {
		rnext[e] = rhead[ex->edges[e].to];
		rhead[ex->edges[e].to] = e;
	}
	qn = 0;
	for (i = 0; i < n; i++) {
		const struct node *nd = &ex->nodes[i];

		if (nd->end || nd->open || nd->failed) {
			live[i] = 1;
			queue[qn++] = i;
		}
		if (nd->end) {
			ends++;
			passes += nd->passed;
			if (nd->percent > best)
				best = nd->percent;
		}
	}
	for (i = 0; i < qn; i++)
		for (e = rhead[queue[i]]; e != NONE; e = rnext[e]) {
			size_t from = ex->edges[e].from;

			if (!live[from]) {
				live[from] = 1;
				queue[qn++] = from;
			}
		}
	/* pack code that failed, once per message */
	for (i = 0; i < ex->nfails; i++) {
		struct failure *f = &ex->fails[i];

		f->len = f->node == NONE ? 0 : dist[f->node] + 1;
	}
	if (ex->nfails)
		qsort(ex->fails, ex->nfails, sizeof(*ex->fails), cmp_failure);
	for (i = 0; i < ex->nfails; i++) {
		const struct failure *f = &ex->fails[i];
		char *way, *msg;

		if (i && !strcmp(f->msg, ex->fails[i - 1].msg))
			continue;
		way = reached_by(ex, parent, f->node, f->label);
		msg = xasprintf("%s; %s", f->msg, way);
		diag_add_lua(d, DIAG_ERROR, m->file, 0, msg);
		free(msg);
		free(way);
	}
	report_dead_ends(ex, live, dist, parent, d);
	if (d->errors == before && ends && !passes)
		diag_add(d, DIAG_ERROR, m->file,
			 line_of_field(m->file, "pass_mark"), "no way through "
			 "the module reaches its pass mark of %d%%: the best "
			 "any way scores is %d%%",
			 m->pass_mark, best);
	if (ex->cut_states)
		diag_add(d, DIAG_WARNING, m->file, 0, "exploration stopped "
			 "after %d states: the ways through beyond them are "
			 "not checked", PACKTEST_STATE_CAP);
	if (ex->cut_depth)
		diag_add(d, DIAG_WARNING, m->file, 0, "ways through longer "
			 "than %d answers are not followed further (does pack "
			 "code keep changing the state?)", PACKTEST_DEPTH_CAP);
	if (ex->cut_time)
		diag_add(d, DIAG_WARNING, m->file, 0, "exploration stopped "
			 "after %d seconds: the ways through beyond are not "
			 "checked", PACKTEST_TIME_CAP);
	if (!ex->cut_states && !ex->cut_depth && !ex->cut_time &&
	    d->errors == before)
		for (i = 0; i < m->nsteps; i++)
			if (m->steps[i].kind != STEP_FINISH &&
			    !ex->md->showable[i])
				diag_add(d, DIAG_WARNING, m->file,
					 m->steps[i].line, "step '%s' is never "
					 "shown: no way through the module "
					 "reaches it", m->steps[i].id);
	free(live);
	free(queue);
	free(dist);
	free(parent);
	free(rhead);
	free(rnext);
}

/* Frees what an exploration built (not ex, which is on the stack). */
static void explorer_free(struct explorer *ex)
{
	size_t i;

	while (ex->nframes)
		frame_pop(ex);
	free(ex->frames);
	for (i = 0; i < ex->nnodes; i++)
		free(ex->nodes[i].key);
	free(ex->nodes);
	for (i = 0; i < ex->nedges; i++)
		free(ex->edges[i].label);
	free(ex->edges);
	for (i = 0; i < ex->nfails; i++) {
		free(ex->fails[i].label);
		free(ex->fails[i].msg);
	}
	free(ex->fails);
	free(ex->slots);
	for (i = 0; i < ex->md->ref->nsteps; i++) {
		free(ex->tried[i].input);
		free(ex->tried[i].label);
		strv_free(&ex->tried[i].opts);
	}
	free(ex->tried);
}

/* Explores module mi and reports it as one test. */
static void explore_module(struct packrun *pr, size_t mi)
{
	struct explorer ex;
	struct diags d = DIAGS_INIT;
	size_t n;

	memset(&ex, 0, sizeof(ex));
	ex.pr = pr;
	ex.mi = mi;
	ex.md = &pr->mods[mi];
	ex.tried = xcalloc(ex.md->ref->nsteps + 1, sizeof(*ex.tried));
	clock_gettime(CLOCK_MONOTONIC, &ex.deadline);
	ex.deadline.tv_sec += PACKTEST_TIME_CAP;
	explore_all(&ex);
	explore_report(&ex, &d);
	n = ex.nnodes - ex.nopen;
	report(pr, d.errors == 0, &d, "%s: exploration, %zu state%s",
	       pr->p->modules[mi].id, n, n == 1 ? "" : "s");
	explorer_free(&ex);
	diag_free(&d);
}

/* ---- coverage ----------------------------------------------------------- */

/* The line of the choice or option labelled label at step si, else the
 * step's own line. */
static int label_line(const struct module *m, size_t si, const char *label)
{
	const struct step *st = &m->steps[si];
	lua_State *L = sandbox_state(m->sb);
	int line = st->line, top = lua_gettop(L);
	size_t i;

	for (i = 0; i < st->nchoices; i++)
		if (st->choices[i].text && !strcmp(st->choices[i].text, label))
			return st->choices[i].line;
	if (st->kind != STEP_QUESTION || st->q_ref == LUA_NOREF)
		return line;
	lua_rawgeti(L, LUA_REGISTRYINDEX, st->q_ref);
	lua_pushliteral(L, "options");
	if (lua_rawget(L, -2) == LUA_TTABLE) {
		lua_Integer j, n = (lua_Integer)lua_rawlen(L, -1);

		for (j = 1; j <= n; j++) {
			if (lua_rawgeti(L, -1, j) == LUA_TTABLE) {
				lua_pushliteral(L, "text");
				if (lua_rawget(L, -2) == LUA_TSTRING &&
				    !strcmp(lua_tostring(L, -1), label)) {
					lua_pushliteral(L, "line");
					if (lua_rawget(L, -3) == LUA_TNUMBER)
						line = (int)lua_tointeger(L,
									  -1);
					lua_settop(L, top);
					return line;
				}
				lua_pop(L, 1);
			}
			lua_pop(L, 1);
		}
	}
	lua_settop(L, top);
	return line;
}

/* Prints module mi's coverage and what no playthrough reaches; with
 * strict, counts it as a test. */
static void coverage_module(struct packrun *pr, size_t mi)
{
	const struct modinfo *md = &pr->mods[mi];
	const struct module *m = md->ref;
	const char *id = pr->p->modules[mi].id;
	FILE *out = pr->o->out;
	size_t i, j, steps = 0, reached = 0, choices = 0, chosen = 0;

	for (i = 0; i < m->nsteps; i++) {
		if (!md->showable[i])
			continue;
		steps++;
		reached += md->reached[i];
		choices += md->seen[i].n;
		for (j = 0; j < md->seen[i].n; j++)
			chosen += strv_has(&md->chosen[i], md->seen[i].v[j]);
	}
	fprintf(out, "%s: playthroughs reach %zu/%zu steps, %zu/%zu choices%s"
		"\n", id, reached, steps, chosen, choices,
		md->playthroughs ? "" : " (no playthrough plays this module)");
	for (i = 0; i < m->nsteps && md->playthroughs; i++) {
		if (!md->showable[i])
			continue;
		if (!md->reached[i]) {
			fprintf(out, "  %s:%d: step '%s' is not reached by any "
				"playthrough\n", m->file, m->steps[i].line,
				m->steps[i].id);
			continue;
		}
		for (j = 0; j < md->seen[i].n; j++) {
			const char *label = md->seen[i].v[j];
			char *q, *safe;

			if (strv_has(&md->chosen[i], label))
				continue;
			q = quoted(label);
			safe = term_safe(q, 1);	/* quoted() leaves C1 */
			fprintf(out, "  %s:%d: %s at step '%s' is not chosen "
				"by any playthrough\n", m->file,
				label_line(m, i, label), safe, m->steps[i].id);
			free(safe);
			free(q);
		}
	}
	if (pr->o->strict)
		report(pr, reached == steps && chosen == choices, NULL,
		       "%s: coverage%s", id, reached == steps &&
		       chosen == choices ? "" : " (--strict: every step and "
		       "choice must be reached)");
}

/* ---- the pack as a whole ------------------------------------------------ */

static void modinfo_free(struct modinfo *md)
{
	size_t i, n = md->ref ? md->ref->nsteps : 0;

	for (i = 0; i < n; i++) {
		strv_free(&md->chosen[i]);
		strv_free(&md->seen[i]);
	}
	free(md->chosen);
	free(md->seen);
	free(md->reached);
	free(md->showable);
	module_free(md->ref);
}

/* Runs every test file's playthroughs, each as one test. */
static void run_tests(struct packrun *pr, const char *dir)
{
	struct strv files = STRV_INIT;
	struct playthroughs pts = { NULL, 0, 0 };
	int folder = list_tests(dir, &files) == 0;
	size_t i;

	if (!files.n) {
		struct diags d = DIAGS_INIT;
		char *tdir = path_join(dir, "tests");

		diag_add(&d, DIAG_WARNING, tdir, 0, "%s: write playthroughs "
			 "in tests/NAME.lua; every module is still explored",
			 folder ? "no test files" : "no tests folder");
		print_diags(pr, &d);
		diag_free(&d);
		free(tdir);
	}
	for (i = 0; i < files.n; i++) {
		struct diags d = DIAGS_INIT;

		if (read_tests(files.v[i], &pts, &d) < 0)
			report(pr, 0, &d, "%s", files.v[i]);
		else
			print_diags(pr, &d);
		diag_free(&d);
	}
	for (i = 0; i < pts.n; i++) {
		struct playthrough *pt = &pts.v[i];
		struct diags d = DIAGS_INIT;
		int ok;

		if (pt->problems.n) {
			ok = 0;
			diag_free(&d);
			d = pt->problems;
			pt->problems = (struct diags)DIAGS_INIT;
		} else {
			ok = run_playthrough(pr, pt, &d) == 0;
		}
		if (pt->module && pack_module_index(pr->p, pt->module) >= 0)
			report(pr, ok, &d, "%s: playthrough \"%s\"", pt->module,
			       pt->name);
		else
			report(pr, ok, &d, "playthrough \"%s\"", pt->name);
		diag_free(&d);
		pt_free(pt);
	}
	free(pts.v);
	strv_free(&files);
}

int packtest_run(const char *dir, const struct strv *plugin_dirs,
		 const struct packtest_options *o, struct packtest_counts *c)
{
	struct packrun pr;
	struct diags d = DIAGS_INIT;
	int failed = c->failed;
	size_t i, nmods = 0;

	memset(&pr, 0, sizeof(pr));
	pr.plugin_dirs = plugin_dirs;
	pr.o = o;
	pr.c = c;
	fprintf(o->out, "testing %s\n", dir);
	sandbox_budget_begin();	/* loading the pack and its modules */
	pr.p = pack_load(dir, plugin_dirs, &d);
	if (!pr.p || d.errors) {
		report(&pr, 0, &d, "%s: the pack does not load", dir);
		goto out;
	}
	pr.mods = xcalloc(pr.p->nmodules + 1, sizeof(*pr.mods));
	for (nmods = 0; nmods < pr.p->nmodules; nmods++) {
		struct modinfo *md = &pr.mods[nmods];
		size_t n;

		md->ref = module_load(pr.p, nmods, plugin_dirs, &d);
		if (!md->ref) {
			report(&pr, 0, &d, "%s: the pack does not load", dir);
			goto out;
		}
		n = md->ref->nsteps + 1;
		md->reached = xcalloc(n, 1);
		md->showable = xcalloc(n, 1);
		md->chosen = xcalloc(n, sizeof(*md->chosen));
		md->seen = xcalloc(n, sizeof(*md->seen));
	}
	run_tests(&pr, dir);
	for (i = 0; i < pr.p->nmodules; i++)
		explore_module(&pr, i);
	for (i = 0; i < pr.p->nmodules; i++)
		coverage_module(&pr, i);
out:
	for (i = 0; i < nmods; i++)
		modinfo_free(&pr.mods[i]);
	free(pr.mods);
	pack_free(pr.p);
	diag_free(&d);
	fflush(o->out);
	return c->failed > failed ? -1 : 0;
}
