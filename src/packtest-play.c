/*
 * packtest-play.c - the author's playthroughs (tests/NAME.lua).  A test
 * file runs in a sandbox of its own with one word, `playthrough`, whose
 * tables are copied into C before anything is played, so a test file's
 * code never runs beside the pack's.  Each playthrough then drives a real
 * session of a freshly loaded module and fails exactly where a learner's
 * attempt would differ.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lua.h>
#include <lauxlib.h>

#include "explain.h"
#include "packtest-internal.h"
#include "sandbox.h"
#include "session.h"

/* Option texts longer than this get no "did you mean". */
#define SUGGEST_MAX 400
/* The most of a feedback text quoted in a message, in bytes. */
#define QUOTE_MAX 240
/* The most playthroughs one test file may define. */
#define MAX_PLAYTHROUGHS 10000
/* The most answers one playthrough may give, as a session takes. */
#define MAX_PLAYTHROUGH_ANSWERS 10000

/* ---- text ---------------------------------------------------------------- */

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
	packtest_add_quoted(&b, opts[best]);
	buf_adds(&b, "?)");
	return buf_detach(&b);
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
	char *msg = NULL, *src = NULL;
	size_t srclen = 0;
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
	r = sandbox_run_file(sb, path, 0, &src, &srclen, &msg);
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
		char *plain = explain_lua_error(src, srclen, msg);

		diag_add_lua(d, DIAG_ERROR, path, 0, plain ? plain : msg);
		free(plain);
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
	free(src);
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
	packtest_add_quoted_list(b, v->options, v->noptions);
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
		int k = packtest_option_index(v, a->texts.v[i]);
		char *q = packtest_quoted(a->texts.v[i]);

		if (k < 0) {
			char *s = suggest_option(a->texts.v[i], v->options,
						 v->noptions);
			struct buf opts = BUF_INIT;

			packtest_add_quoted_list(&opts, v->options,
						 v->noptions);
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
	q = packtest_quoted(a->feedback);
	if (!shown) {
		pt_diag(d, pt, "answer %zu expects feedback containing %s, but "
			"%s shows no feedback", ai, q, wh);
		goto out;
	}
	got = squash(shown, 0);
	if (!strstr(got, want)) {
		char *cut = shorten(got, QUOTE_MAX), *qs = packtest_quoted(cut);

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
			packtest_add_quoted(&b, t->v[0]);
		else
			packtest_add_braced(&b, (const char *const *)t->v,
					    t->n);
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

/* Runs every test file's playthroughs, each as one test. */
void packtest_play(struct packrun *pr, const char *dir)
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
		packtest_print_diags(pr, &d);
		diag_free(&d);
		free(tdir);
	}
	for (i = 0; i < files.n; i++) {
		struct diags d = DIAGS_INIT;

		if (read_tests(files.v[i], &pts, &d) < 0)
			packtest_report(pr, 0, &d, "%s", files.v[i]);
		else
			packtest_print_diags(pr, &d);
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
			packtest_report(pr, ok, &d, "%s: playthrough \"%s\"",
					pt->module, pt->name);
		else
			packtest_report(pr, ok, &d, "playthrough \"%s\"",
					pt->name);
		diag_free(&d);
		pt_free(pt);
	}
	free(pts.v);
	strv_free(&files);
}

void packtest_check_files(const char *dir, struct diags *d)
{
	struct strv files = STRV_INIT;
	struct playthroughs pts = { NULL, 0, 0 };
	size_t i, j;

	list_tests(dir, &files);
	for (i = 0; i < files.n; i++)
		read_tests(files.v[i], &pts, d);
	for (i = 0; i < pts.n; i++) {
		const struct diags *pd = &pts.v[i].problems;

		for (j = 0; j < pd->n; j++)
			diag_add(d, pd->v[j].level, pd->v[j].file,
				 pd->v[j].line, "%s", pd->v[j].message);
		pt_free(&pts.v[i]);
	}
	free(pts.v);
	strv_free(&files);
}
