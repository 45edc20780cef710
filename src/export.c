/*
 * export.c - running an exporter plugin over the records.
 *
 * The exporter gets one sandbox for the whole export.  Everything the
 * engine does inside Lua (building an attempt's table, calling the
 * plugin) happens in one protected call per attempt, so a plugin that
 * fills its memory or loops forever fails that call with "FILE:LINE:
 * message" instead of taking the process down.  JSON goes through jansson
 * (json_encode), never through string concatenation in Lua.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lua.h>
#include <lauxlib.h>

#include "csv.h"
#include "export.h"
#include "plugin.h"
#include "sandbox.h"
#include "session.h"
#include "store.h"
#include "strv.h"
#include "util.h"
#include "words.h"

#define JSON_MAX_DEPTH	32		/* tables inside tables */
#define JSON_MAX_VALUES	200000		/* values in one json_encode call */

/* Registry key of the metatable that marks json_object() tables. */
static const char OBJECT_MARK_KEY = 'o';
/* Its address is json_null, the one value that encodes as null. */
static const char NULL_VALUE = 'n';

/* One export: the plugin's sandbox, the output and what went wrong. */
struct exporter {
	struct sandbox *sb;
	struct store *st;
	const struct export_options *o;
	FILE *out;
	const char *out_name;
	int write_errno;	/* the output failed: stop */
	int answers;		/* the plugin asked for answers */
	int driver;		/* stack index of the driver closure */
	char *pending;		/* JSON text not yet handed to Lua */
	char *msg;		/* why the walk over the attempts stopped */
	struct words words;	/* the school's, for the titles */
};

/* One call of the plugin: which function, and for "attempt" its data. */
struct call {
	const char *fn;
	const struct attempt *a;
	const struct answer *answers;
	size_t nanswers;
	/* a's titles, stored as written, with the school's words in: an
	 * export is read by people, in a spreadsheet or an LRS */
	char *pack_title, *module_title;
};

/* State of one json_encode: the tables being encoded (to find cycles),
 * how many values so far and the digits the reals need. */
struct json_enc {
	const void *path[JSON_MAX_DEPTH];
	int depth;
	long values;
	int precision;
	const char *err;
	char why[64];
};

static json_t *to_json(lua_State *L, int idx, struct json_enc *e);

/* The fewest significant digits that read back as exactly v, so 0.9 is
 * written 0.9 and not 0.90000000000000002. */
static int real_digits(double v)
{
	char s[40];
	int p;

	for (p = 1; p < 17; p++) {
		snprintf(s, sizeof(s), "%.*g", p, v);
		if (strtod(s, NULL) == v)
			return p;
	}
	return 17;
}

/* Nonzero when the table at idx was made with json_object(). */
static int json_marked(lua_State *L, int idx)
{
	int marked;

	if (!lua_getmetatable(L, idx))
		return 0;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &OBJECT_MARK_KEY);
	marked = lua_rawequal(L, -1, -2);
	lua_pop(L, 2);
	return marked;
}

/* Encodes the array part 1..n of the table at idx. */
static json_t *array_to_json(lua_State *L, int idx, lua_Integer n,
			     struct json_enc *e)
{
	json_t *arr = json_array();
	lua_Integer i;

	if (!arr)
		return NULL;
	for (i = 1; i <= n; i++) {
		json_t *v;

		lua_rawgeti(L, idx, i);
		v = to_json(L, lua_gettop(L), e);
		lua_pop(L, 1);
		if (!v || json_array_append_new(arr, v) < 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* Encodes the table at idx, whose keys are all strings, as an object. */
static json_t *object_to_json(lua_State *L, int idx, struct json_enc *e)
{
	json_t *obj = json_object();

	if (!obj)
		return NULL;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		size_t len;
		const char *k = lua_tolstring(L, -2, &len);
		json_t *v;

		if (strlen(k) != len) {
			e->err = "an object key contains a NUL byte";
			goto fail;
		}
		v = to_json(L, lua_gettop(L), e);
		if (!v)
			goto fail;
		if (json_object_set_new(obj, k, v) < 0) {
			e->err = "an object key is not valid UTF-8";
			goto fail;
		}
		lua_pop(L, 1);
	}
	return obj;
fail:
	lua_pop(L, 2);
	json_decref(obj);
	return NULL;
}

/* Encodes a table: keys 1..n make an array, string keys an object, and an
 * empty table is [] unless json_object() made it. */
static json_t *table_to_json(lua_State *L, int idx, struct json_enc *e)
{
	const void *p = lua_topointer(L, idx);
	lua_Integer n = 0, max = 0;
	long strings = 0;
	int i, marked;
	json_t *j;

	for (i = 0; i < e->depth; i++)
		if (e->path[i] == p) {
			e->err = "a table contains itself";
			return NULL;
		}
	if (e->depth == JSON_MAX_DEPTH || !lua_checkstack(L, 4)) {
		e->err = "tables nested more than 32 deep";
		return NULL;
	}
	marked = json_marked(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -2) == LUA_TSTRING) {
			strings++;
		} else if (lua_isinteger(L, -2) && lua_tointeger(L, -2) > 0) {
			n++;
			if (lua_tointeger(L, -2) > max)
				max = lua_tointeger(L, -2);
		} else {
			lua_pop(L, 2);
			e->err = "table keys must be strings (an object) or "
				 "the whole numbers 1 to n (an array)";
			return NULL;
		}
		lua_pop(L, 1);
	}
	if (strings && n) {
		e->err = "a table has both string keys (an object) and number "
			 "keys (an array)";
		return NULL;
	}
	if (n && (max != n || marked)) {
		e->err = marked ? "a json_object() table has number keys" :
				  "an array has holes (nil before its end)";
		return NULL;
	}
	e->path[e->depth++] = p;
	if (strings || marked)
		j = object_to_json(L, idx, e);
	else
		j = array_to_json(L, idx, n, e);
	e->depth--;
	return j;
}

/* Converts the Lua value at idx (absolute) to a jansson value, or NULL
 * with e->err set.  Raises no Lua error, so nothing leaks. */
static json_t *to_json(lua_State *L, int idx, struct json_enc *e)
{
	json_t *j = NULL;
	int digits;

	if (++e->values > JSON_MAX_VALUES) {
		snprintf(e->why, sizeof(e->why), "more than %d values in one "
			 "call", JSON_MAX_VALUES);
		e->err = e->why;
		return NULL;
	}
	switch (lua_type(L, idx)) {
	case LUA_TNIL:
		return json_null();
	case LUA_TBOOLEAN:
		return json_boolean(lua_toboolean(L, idx));
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			return json_integer((json_int_t)lua_tointeger(L, idx));
		if (!isfinite(lua_tonumber(L, idx))) {
			e->err = "cannot encode NaN or infinity";
			return NULL;
		}
		digits = real_digits(lua_tonumber(L, idx));
		if (digits > e->precision)
			e->precision = digits;
		j = json_real(lua_tonumber(L, idx));
		break;
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);

		j = json_stringn(s, len);
		if (!j)
			e->err = "a string is not valid UTF-8";
		return j;
	}
	case LUA_TTABLE:
		return table_to_json(L, idx, e);
	case LUA_TLIGHTUSERDATA:
		if (lua_touserdata(L, idx) == &NULL_VALUE)
			return json_null();
		/* fall through */
	default:
		break;
	}
	if (!j && !e->err) {
		snprintf(e->why, sizeof(e->why), "cannot encode a %s",
			 lua_typename(L, lua_type(L, idx)));
		e->err = e->why;
	}
	return j;
}

/* json_encode(value): the value as compact JSON text, keys sorted so the
 * same value always gives the same bytes. */
static int l_json_encode(lua_State *L)
{
	struct exporter *ex = lua_touserdata(L, lua_upvalueindex(1));
	struct json_enc e = { .depth = 0 };
	size_t flags;
	json_t *j;

	luaL_checkany(L, 1);
	lua_settop(L, 1);
	free(ex->pending);
	ex->pending = NULL;
	j = to_json(L, 1, &e);
	if (!j)
		return luaL_error(L, "json_encode: %s",
				  e.err ? e.err : "out of memory");
	flags = JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY |
		JSON_REAL_PRECISION(e.precision ? e.precision : 17);
	ex->pending = json_dumps(j, flags);
	json_decref(j);
	if (!ex->pending)
		return luaL_error(L, "json_encode: out of memory");
	/* If this push fails, ex->pending is freed later. */
	lua_pushstring(L, ex->pending);
	free(ex->pending);
	ex->pending = NULL;
	return 1;
}

/* json_object([t]): marks t (or a new table) to encode as an object even
 * when it is empty. */
static int l_json_object(lua_State *L)
{
	if (lua_isnoneornil(L, 1)) {
		lua_settop(L, 0);
		lua_newtable(L);
	} else {
		luaL_checktype(L, 1, LUA_TTABLE);
		lua_settop(L, 1);
		if (lua_getmetatable(L, 1)) {
			if (!json_marked(L, 1))
				return luaL_error(L, "json_object: the table "
						  "already has a metatable");
			lua_pop(L, 1);
			return 1;
		}
	}
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &OBJECT_MARK_KEY) !=
	    LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushliteral(L, "json_object");
		lua_setfield(L, -2, "__metatable");
		lua_pushvalue(L, -1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &OBJECT_MARK_KEY);
	}
	lua_setmetatable(L, 1);
	return 1;
}

/*
 * csv_row(values [, n]): one CSV record, RFC 4180, ending in CRLF: values[1]
 * to values[n] (n defaults to #values), each quoted with its quotes
 * doubled; nil is an empty field.  A field whose text starts with = + - @,
 * a tab, CR, LF or NUL gets a ' in front, so that no spreadsheet takes it
 * for a formula (SECURITY.md, "Exports"; csv.h writes every CSV so).  In C
 * because it runs for every cell of a million-row export
 * (doc/performance.md).
 */
static int l_csv_row(lua_State *L)
{
	luaL_Buffer b;
	lua_Integer n, i;
	size_t total = 2, len;
	const char *v;
	char *out, *o;

	luaL_checktype(L, 1, LUA_TTABLE);
	n = luaL_opt(L, luaL_checkinteger, 2, (lua_Integer)lua_rawlen(L, 1));
	if (n < 0 || n > 100000)
		return luaL_error(L, "csv_row: %I fields is not a count "
				  "between 0 and 100000", n);
	lua_settop(L, 1);
	if (!lua_checkstack(L, (int)n + 8))
		return luaL_error(L, "csv_row: too many fields");
	/* First every value as text on the stack (which keeps it alive),
	 * sized, so that the record is written in one buffer. */
	for (i = 1; i <= n; i++) {
		int t = lua_rawgeti(L, 1, i);

		if (t == LUA_TBOOLEAN) {
			t = lua_toboolean(L, -1);
			lua_pop(L, 1);
			lua_pushstring(L, t ? "true" : "false");
		} else if (t == LUA_TNIL) {
			lua_pop(L, 1);
			lua_pushliteral(L, "");
		} else if (t != LUA_TSTRING && t != LUA_TNUMBER) {
			return luaL_error(L, "csv_row: field %I is a %s, not "
					  "text or a number", i,
					  lua_typename(L, t));
		}
		v = lua_tolstring(L, -1, &len);	/* numbers become text */
		total += csv_field_size(v, len) + 1;
	}
	o = out = luaL_buffinitsize(L, &b, total);
	for (i = 1; i <= n; i++) {
		v = lua_tolstring(L, (int)i + 1, &len);
		if (i > 1)
			*o++ = ',';
		o = csv_field_put(o, v, len);
	}
	*o++ = '\r';
	*o++ = '\n';
	luaL_pushresultsize(&b, (size_t)(o - out));
	return 1;
}

/* write(s, ...): appends strings to the output; a failed write stops the
 * export, even if the plugin catches the error. */
static int l_write(lua_State *L)
{
	struct exporter *ex = lua_touserdata(L, lua_upvalueindex(1));
	int i, n = lua_gettop(L);

	for (i = 1; i <= n; i++)
		if (lua_type(L, i) != LUA_TSTRING)
			return luaL_error(L, "write takes strings, not %s "
					  "(argument %d)", luaL_typename(L, i),
					  i);
	for (i = 1; i <= n && !ex->write_errno; i++) {
		size_t len;
		const char *s = lua_tolstring(L, i, &len);

		errno = 0;
		if (len && fwrite(s, 1, len, ex->out) != len)
			ex->write_errno = errno ? errno : EIO;
	}
	if (ex->write_errno)
		return luaL_error(L, "cannot write the output");
	return 0;
}

/* Sets field k of the table on top to the string v, unless v is NULL. */
static void set_str(lua_State *L, const char *k, const char *v)
{
	if (!v)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

/* Sets field k of the table on top to the integer v. */
static void set_int(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

/* Pushes the table a plugin sees for one attempt (doc/plugins.md). */
static void push_attempt(lua_State *L, const struct call *c, int answers)
{
	const struct attempt *a = c->a;
	char seed[24];
	time_t t0, t1;
	size_t i;

	lua_createtable(L, 0, 24);
	set_int(L, "id", a->id);
	set_str(L, "uuid", a->uuid[0] ? a->uuid : NULL);
	set_str(L, "statement_id", a->statement_id[0] ? a->statement_id :
							  NULL);
	set_str(L, "status", attempt_status_name(a->status));
	lua_createtable(L, 0, 4);
	set_str(L, "ref", a->learner_ref);
	set_str(L, "name", a->learner_name);
	set_str(L, "email", a->learner_email);
	set_str(L, "role", a->learner_role);
	lua_setfield(L, -2, "learner");
	lua_createtable(L, 0, 5);
	set_str(L, "id", a->pack);
	set_str(L, "title", c->pack_title);
	set_str(L, "version", a->pack_version);
	set_str(L, "hash", a->pack_hash);
	set_str(L, "language", a->pack_language);
	lua_setfield(L, -2, "pack");
	lua_createtable(L, 0, 2);
	set_str(L, "id", a->module);
	set_str(L, "title", c->module_title);
	lua_setfield(L, -2, "module");
	snprintf(seed, sizeof(seed), "%" PRIu64, a->seed);
	set_str(L, "seed", seed);
	set_str(L, "started", a->started);
	set_str(L, "ended", a->ended);
	if (a->status == ATTEMPT_PASSED || a->status == ATTEMPT_NOT_PASSED) {
		set_int(L, "score", a->score);
		set_int(L, "max", a->max);
		set_int(L, "percent", a->percent);
		set_int(L, "pass_mark", a->pass_mark);
		set_int(L, "minutes", a->minutes);
	}
	set_str(L, "expires", a->expires);
	set_str(L, "certificate", a->certificate);
	if (a->started && a->ended && parse_time(a->started, &t0) == 0 &&
	    parse_time(a->ended, &t1) == 0 && t1 >= t0)
		set_int(L, "duration", (lua_Integer)(t1 - t0));
	if (!answers)
		return;
	lua_createtable(L, (int)c->nanswers, 0);
	for (i = 0; i < c->nanswers; i++) {
		lua_createtable(L, 0, 4);
		set_str(L, "step", c->answers[i].step_id);
		set_str(L, "input", c->answers[i].input);
		set_int(L, "points", c->answers[i].points);
		set_str(L, "at", c->answers[i].at);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "answers");
}

/*
 * The driver, called once per plugin call inside sandbox_call: its
 * upvalues are the plugin table, write, options and the exporter; its
 * argument is the struct call.  Building the arguments here, under the protected call,
 * means running out of sandbox memory is an error, not an abort.
 */
static int l_driver(lua_State *L)
{
	const struct call *c = lua_touserdata(L, 1);
	struct exporter *ex = lua_touserdata(L, lua_upvalueindex(4));
	int nargs = 2;

	lua_settop(L, 0);
	lua_pushstring(L, c->fn);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TFUNCTION) {
		if (lua_isnil(L, -1) && !c->a)
			return 0;	/* begin and finish are optional */
		return luaL_error(L, "the exporter's '%s' is not a function",
				  c->fn);
	}
	if (c->a) {
		push_attempt(L, c, ex->answers);
		nargs++;
	}
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_pushvalue(L, lua_upvalueindex(3));
	lua_call(L, nargs, 0);
	return 0;
}

/* Checks field k of the plugin table (argument 1): a function when
 * required, else a function or nil.  Pushes a problem or nothing. */
static int check_function(lua_State *L, const char *k, int required)
{
	int t;

	lua_pushstring(L, k);
	t = lua_rawget(L, 1);
	lua_pop(L, 1);
	if (t == LUA_TFUNCTION || (t == LUA_TNIL && !required))
		return 0;
	lua_pushfstring(L, "the exporter has no function '%s'", k);
	return 1;
}

/* Checks field k of the plugin table: a string of the characters in
 * allowed (what says which in words).  Pushes a problem or nothing. */
static int check_word(lua_State *L, const char *k, const char *allowed,
		      const char *what)
{
	const char *s;

	lua_pushstring(L, k);
	lua_rawget(L, 1);
	s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
	lua_pop(L, 1);
	if (*s && strspn(s, allowed) == strlen(s))
		return 0;
	lua_pushfstring(L, "the exporter's '%s' must be %s", k, what);
	return 1;
}

/* The helpers of the library table, which API 1 exporters find as
 * globals of their own. */
static const char *const LIBRARY[] = { "csv_row", "json_encode",
				       "json_object", "json_null" };

/* Pushes the library table `vigil` of an exporter's helpers. */
static void push_library(lua_State *L, struct exporter *ex)
{
	lua_createtable(L, 0, ARRAY_SIZE(LIBRARY));
	lua_pushlightuserdata(L, ex);
	lua_pushcclosure(L, l_json_encode, 1);
	lua_setfield(L, -2, "json_encode");
	lua_pushcfunction(L, l_json_object);
	lua_setfield(L, -2, "json_object");
	lua_pushlightuserdata(L, (void *)&NULL_VALUE);
	lua_setfield(L, -2, "json_null");
	lua_pushcfunction(L, l_csv_row);
	lua_setfield(L, -2, "csv_row");
}

/*
 * Sets each helper of the library table at lib as a global of the
 * environment at env, or with unset, clears each global that is still
 * the library's (an exporter's own global of the same name stays).
 */
static void library_globals(lua_State *L, int env, int lib, int unset)
{
	size_t i;

	env = lua_absindex(L, env);
	lib = lua_absindex(L, lib);
	for (i = 0; i < ARRAY_SIZE(LIBRARY); i++) {
		lua_pushstring(L, LIBRARY[i]);
		lua_getfield(L, lib, LIBRARY[i]);
		if (unset) {
			lua_pushstring(L, LIBRARY[i]);
			lua_rawget(L, env);
			if (!lua_rawequal(L, -1, -2)) {
				lua_pop(L, 3);
				continue;
			}
			lua_pop(L, 2);
			lua_pushnil(L);
		}
		lua_rawset(L, env);
	}
}

/*
 * Checks the plugin table (argument 1) and returns the driver closure, or
 * a string saying what is wrong; from API 2, takes the helpers' globals
 * (environment, argument 3) away, the exporter having the library table
 * (argument 4).  Runs under sandbox_call, like the driver, since the
 * plugin's own code may have left memory almost full.
 */
static int l_setup(lua_State *L)
{
	struct exporter *ex = lua_touserdata(L, 2);

	if (plugin_api_of(L, 1) >= 2)
		library_globals(L, 3, 4, 1);
	lua_settop(L, 2);

	if (check_function(L, "attempt", 1) || check_function(L, "begin", 0) ||
	    check_function(L, "finish", 0) ||
	    check_word(L, "media_type", "abcdefghijklmnopqrstuvwxyz"
		       "0123456789/.+-", "a media type like \"text/csv\"") ||
	    check_word(L, "extension", "abcdefghijklmnopqrstuvwxyz"
		       "0123456789", "a file extension like \"csv\""))
		return 1;
	lua_pushliteral(L, "answers");
	switch (lua_rawget(L, 1)) {
	case LUA_TNIL:
		break;
	case LUA_TBOOLEAN:
		ex->answers = lua_toboolean(L, -1);
		break;
	default:
		lua_pushliteral(L, "the exporter's 'answers' must be true or "
				   "false");
		return 1;
	}
	lua_pop(L, 1);
	lua_pushvalue(L, 1);
	lua_pushlightuserdata(L, ex);
	lua_pushcclosure(L, l_write, 1);
	lua_createtable(L, 0, 2);
	set_str(L, "base", ex->o->base);
	set_str(L, "language", ex->o->language);
	lua_pushlightuserdata(L, ex);
	lua_pushcclosure(L, l_driver, 4);
	return 1;
}

/* Runs one plugin call; on failure sets ex->msg. */
static int exporter_call(struct exporter *ex, const struct call *c)
{
	lua_State *L = sandbox_state(ex->sb);
	char *m = NULL;
	int r;

	lua_pushvalue(L, ex->driver);
	lua_pushlightuserdata(L, (void *)c);
	r = sandbox_call(ex->sb, 1, 0, &m);
	if (ex->write_errno) {
		/* whatever the plugin made of it, the output failed */
		free(m);
		ex->msg = xasprintf("cannot write '%s': %s", ex->out_name,
				    strerror(ex->write_errno));
		return -1;
	}
	if (r < 0) {
		ex->msg = m;
		return -1;
	}
	return 0;
}

/* Called by store_attempts for each attempt: 0 to go on, 1 to stop. */
static int export_attempt(void *ctx, const struct attempt *a)
{
	struct exporter *ex = ctx;
	struct call c = { "attempt", a, NULL, 0, NULL, NULL };
	struct answer *answers = NULL;
	struct sandbox_budget outer;
	int r;

	if (ex->answers) {
		if (store_answers(ex->st, a->id, &answers, &c.nanswers,
				  &ex->msg) < 0)
			return 1;
		c.answers = answers;
	}
	/* Made here, not while Lua runs, so that a Lua error cannot leak
	 * them. */
	c.pack_title = words_title(&ex->words, a->pack_title, NULL);
	c.module_title = words_title(&ex->words, a->module_title, NULL);
	/* Each attempt is a unit of work of its own: an export's work grows
	 * with the records, which no plugin chooses. */
	sandbox_budget_enter(&outer);
	r = exporter_call(ex, &c);
	sandbox_budget_leave(&outer);
	free(c.pack_title);
	free(c.module_title);
	answers_free(answers, c.nanswers);
	return r < 0 ? 1 : 0;
}

int export_run(struct store *st, const char *path,
	       const struct export_options *o, FILE *out,
	       const char *out_name, char **msg)
{
	struct exporter ex = { .st = st, .o = o, .out = out,
			       .out_name = out_name, .words = WORDS_INIT };
	struct call begin = { "begin", NULL, NULL, 0, NULL, NULL };
	struct call finish = { "finish", NULL, NULL, 0, NULL, NULL };
	lua_State *L;
	char *smsg = NULL;
	int r, ret = -1;

	if (words_load(&ex.words, st, msg) < 0) {
		words_free(&ex.words);
		return -1;
	}
	ex.sb = sandbox_new();
	if (!ex.sb) {
		words_free(&ex.words);
		*msg = xstrdup("cannot start Lua for the exporter");
		return -1;
	}
	L = sandbox_state(ex.sb);
	push_library(L, &ex);
	sandbox_push_env(ex.sb);
	lua_pushvalue(L, -2);
	lua_setfield(L, -2, "vigil");
	library_globals(L, -1, -2, 0);
	lua_pushvalue(L, -1);
	if (plugin_load(ex.sb, path, msg) < 0)
		goto out;
	lua_pushcfunction(L, l_setup);
	lua_insert(L, -2);
	lua_pushlightuserdata(L, &ex);
	lua_pushvalue(L, -4);
	lua_pushvalue(L, -6);
	if (sandbox_call(ex.sb, 4, 1, msg) < 0)
		goto out;
	if (lua_type(L, -1) == LUA_TSTRING) {
		*msg = xasprintf("%s: %s", path, lua_tostring(L, -1));
		goto out;
	}
	ex.driver = lua_gettop(L);

	if (exporter_call(&ex, &begin) < 0)
		goto fail;
	r = store_attempts(st, o->filter, export_attempt, &ex, &smsg);
	if (r < 0) {
		*msg = smsg;
		goto out;
	}
	if (r > 0)
		goto fail;
	if (exporter_call(&ex, &finish) < 0)
		goto fail;
	ret = 0;
	goto out;
fail:
	*msg = ex.msg ? ex.msg : xstrdup("the export stopped");
	ex.msg = NULL;
out:
	free(ex.msg);
	free(ex.pending);
	sandbox_free(ex.sb);
	words_free(&ex.words);
	return ret;
}

char *export_find(const struct strv *plugin_dirs, const char *format)
{
	return plugin_find(plugin_dirs, "exporters", format);
}

void export_formats(const struct strv *plugin_dirs, struct strv *out)
{
	struct strv all = STRV_INIT;
	size_t i;

	for (i = 0; i < plugin_dirs->n; i++) {
		char *dir = path_join(plugin_dirs->v[i], "exporters");
		DIR *d = opendir(dir);
		struct dirent *de;

		while (d && (de = readdir(d))) {
			size_t len = strlen(de->d_name);
			char *name;

			if (len < 5 || strcmp(de->d_name + len - 4, ".lua"))
				continue;
			name = xstrndup(de->d_name, len - 4);
			if (is_slug(name))
				strv_push(&all, name);
			free(name);
		}
		if (d)
			closedir(d);
		free(dir);
	}
	strv_sort(&all);
	for (i = 0; i < all.n; i++)
		if (i == 0 || strcmp(all.v[i], all.v[i - 1]))
			strv_push(out, all.v[i]);
	strv_free(&all);
}

int export_base_ok(const char *s)
{
	const char *host, *p;

	if (!strncmp(s, "https://", 8))
		host = s + 8;
	else if (!strncmp(s, "http://", 7))
		host = s + 7;
	else
		return 0;
	if (!*host || *host == '/')
		return 0;
	for (p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		/* printable ASCII only, and nothing that would end the path
		 * (? #) or is not allowed in an IRI at all */
		if (ch <= 0x20 || ch >= 0x7f || strchr("\"<>\\^`{|}?#", ch))
			return 0;
		if (ch == '%' && !(isxdigit((unsigned char)p[1]) &&
				   isxdigit((unsigned char)p[2])))
			return 0;
	}
	return 1;
}

char *export_base_of(struct store *st, char **msg)
{
	char *url = NULL, *base;
	int found = store_setting_get(st, "base_url", &url, msg);

	if (found < 0)
		return NULL;
	/* The setting was checked when set; a value from an older vigil
	 * that is not an address falls back rather than make bad IRIs. */
	if (!found || !*url || !export_base_ok(url)) {
		free(url);
		return xstrdup(EXPORT_BASE_DEFAULT);
	}
	base = xasprintf("%s%s", url, url[strlen(url) - 1] == '/' ? "" : "/");
	free(url);
	return base;
}
