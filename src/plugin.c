/* plugin.c - finding and loading Lua plugins into a sandbox. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lua.h>
#include <lauxlib.h>

#include "plugin.h"
#include "sandbox.h"
#include "util.h"

/* Registry key of the table of plugins loaded into a state, by type. */
static const char LOADED_KEY = 'p';

char *plugin_find(const struct strv *dirs, const char *kind, const char *name)
{
	size_t i;

	if (!is_slug(name))
		return NULL;
	for (i = 0; i < dirs->n; i++) {
		char *path = xasprintf("%s/%s/%s.lua", dirs->v[i], kind, name);
		struct stat st;

		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return path;
		free(path);
	}
	return NULL;
}

void plugin_names(const struct strv *dirs, const char *kind,
		  struct strv *out)
{
	size_t i;

	for (i = 0; i < dirs->n; i++) {
		char *path = path_join(dirs->v[i], kind);
		DIR *dir = opendir(path);
		struct dirent *e;

		free(path);
		if (!dir)
			continue;
		while ((e = readdir(dir))) {
			size_t n = strlen(e->d_name);
			char *name;

			if (n <= 4 || strcmp(e->d_name + n - 4, ".lua"))
				continue;
			name = xstrndup(e->d_name, n - 4);
			if (is_slug(name))
				strv_add_once(out, name);
			free(name);
		}
		closedir(dir);
	}
	strv_sort(out);
}

void plugin_dirs(const struct strv *opt_dirs, struct strv *out)
{
	strv_search_path(out, opt_dirs, "VIGIL_PLUGINS", VIGIL_PLUGINDIR);
}

/* Pushes field api of the table argument.  Called through sandbox_call,
 * since the plugin may have left no memory for even the key. */
static int plugin_api(lua_State *L)
{
	lua_pushliteral(L, "api");
	lua_rawget(L, 1);
	return 1;
}

/* Calls fn(plugin, ...) under the sandbox, the plugin table being below
 * the nargs values on top (which it pops): the plugin stays on the stack.
 * Returns as sandbox_call does. */
static int call_on_plugin(struct sandbox *sb, lua_CFunction fn, int nargs,
			  int nresults, char **msg)
{
	lua_State *L = sandbox_state(sb);

	lua_pushcfunction(L, fn);
	lua_pushvalue(L, -(nargs + 2));
	lua_rotate(L, -(nargs + 2), 2);
	return sandbox_call(sb, nargs + 1, nresults, msg);
}

int plugin_load(struct sandbox *sb, const char *path, char **msg)
{
	lua_State *L = sandbox_state(sb);
	int r = sandbox_run_file(sb, path, 1, NULL, NULL, msg);

	if (r == SANDBOX_UNREAD)
		*msg = xasprintf("cannot read '%s': %s", path, strerror(errno));
	if (r < 0)
		return -1;
	if (lua_type(L, -1) != LUA_TTABLE) {
		*msg = xasprintf("%s: a plugin must return a table, not %s",
				 path, luaL_typename(L, -1));
		lua_pop(L, 1);
		return -1;
	}
	if (call_on_plugin(sb, plugin_api, 0, 1, msg) < 0) {
		lua_pop(L, 1);
		return -1;
	}
	if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < PLUGIN_API_OLDEST ||
	    lua_tointeger(L, -1) > PLUGIN_API) {
		char version[24] = "(missing)";

		if (lua_isinteger(L, -1))
			snprintf(version, sizeof(version), "%lld",
				 (long long)lua_tointeger(L, -1));
		*msg = xasprintf("%s: plugin API version %s is not supported "
				 "(this vigil supports %d to %d)", path,
				 version, PLUGIN_API_OLDEST, PLUGIN_API);
		lua_pop(L, 2);
		return -1;
	}
	lua_pop(L, 1);
	return 0;
}

int plugin_api_of(lua_State *L, int idx)
{
	int api;

	lua_pushliteral(L, "api");
	lua_rawget(L, idx < 0 ? idx - 1 : idx);
	api = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	return api;
}

/* The fields every question has, which the engine sets or checks itself
 * (doc/plugins.md): an API 2 plugin lists only the fields of its own. */
static const char *const ENGINE_FIELDS[] = {
	"id", "type", "text", "options", "items", "score", "feedback",
	"line", "when", "shuffle",
};

/* The engine's fields a type may refuse, giving its reason. */
static const char *const REFUSABLE[] = { "score", "shuffle" };

/* Whether s is one of the n names in v. */
static int is_one_of(const char *s, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, v[i]))
			return 1;
	return 0;
}

/*
 * Checks that field k of the plugin table (argument 1) is nil or a table
 * of names to values of type vtype (not false): names from the n in
 * engine if given, else names of the plugin's own.  Pushes a problem or
 * nothing.
 */
static int check_field_list(lua_State *L, const char *k, int vtype,
			    const char *const *engine, size_t n,
			    const char *example)
{
	int t;

	lua_pushstring(L, k);
	t = lua_rawget(L, 1);
	if (t == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (t == LUA_TTABLE) {
		lua_pushnil(L);
		while (lua_next(L, -2)) {
			const char *name;

			if (lua_type(L, -2) != LUA_TSTRING ||
			    lua_type(L, -1) != vtype || !lua_toboolean(L, -1))
				goto bad;
			name = lua_tostring(L, -2);
			if (engine && !is_one_of(name, engine, n)) {
				lua_pushfstring(L, "the plugin's '%s' may name "
						"only 'score' and 'shuffle'", k);
				return 1;
			}
			if (!engine && is_one_of(name, ENGINE_FIELDS,
						 ARRAY_SIZE(ENGINE_FIELDS))) {
				lua_pushfstring(L, "the plugin's '%s' names "
						"'%s', a field every question "
						"has", k, name);
				return 1;
			}
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
		return 0;
	}
bad:
	lua_pushfstring(L, "the plugin's '%s' must be a table like %s", k,
			example);
	return 1;
}

/*
 * Checks that the plugin table (argument 1) is a question type of its API
 * and returns nil, or a string saying what is wrong.  Runs under
 * sandbox_call, since the plugin may have left memory almost full.
 */
static int l_question_shape(lua_State *L)
{
	/* API 1 needs all four; from API 2 check and max may be left out,
	 * and so may every function a later API adds */
	static const char *const funcs[] = { "present", "grade", "check",
					     "max" };
	int api = plugin_api_of(L, 1);
	const char *input;
	size_t i;
	int t;

	lua_settop(L, 1);
	lua_pushliteral(L, "input");
	lua_rawget(L, 1);
	input = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
	if (strcmp(input, "one") && strcmp(input, "many") &&
	    strcmp(input, "order") && strcmp(input, "text")) {
		lua_pushliteral(L, "the plugin's input must be \"one\", "
				   "\"many\", \"order\" or \"text\"");
		return 1;
	}
	lua_pop(L, 1);
	for (i = 0; i < ARRAY_SIZE(funcs); i++) {
		lua_pushstring(L, funcs[i]);
		t = lua_rawget(L, 1);
		lua_pop(L, 1);
		if (t == LUA_TFUNCTION || (t == LUA_TNIL && api >= 2 && i >= 2))
			continue;
		if (t == LUA_TNIL || api < 2 || i < 2)
			lua_pushfstring(L, "the plugin has no function '%s'",
					funcs[i]);
		else
			lua_pushfstring(L, "the plugin's '%s' must be a "
					"function", funcs[i]);
		return 1;
	}
	if (api >= 2 &&
	    (check_field_list(L, "fields", LUA_TBOOLEAN, NULL, 0,
			      "{ answer = true }") ||
	     check_field_list(L, "refuse", LUA_TSTRING, REFUSABLE,
			      ARRAY_SIZE(REFUSABLE),
			      "{ shuffle = \"a reason\" }")))
		return 1;
	lua_pushnil(L);
	return 1;
}

/* Checks that the plugin table on top is a question type of its API. */
static int plugin_check(struct sandbox *sb, const char *path, char **msg)
{
	lua_State *L = sandbox_state(sb);

	if (call_on_plugin(sb, l_question_shape, 0, 1, msg) < 0)
		return -1;
	if (lua_type(L, -1) == LUA_TSTRING) {
		*msg = xasprintf("%s: %s", path, lua_tostring(L, -1));
		lua_pop(L, 1);
		return -1;
	}
	lua_pop(L, 1);
	return 0;
}

/* Pushes what a wrong value is in a message: the number itself, as
 * tostring writes it, else "a TYPE". */
static void push_describe(lua_State *L, int idx)
{
	if (lua_type(L, idx) == LUA_TNUMBER)
		luaL_tolstring(L, idx, NULL);
	else
		lua_pushfstring(L, "a %s", luaL_typename(L, idx));
}

/* Calls report (argument 3) with the message on top and the field. */
static void report(lua_State *L, const char *field)
{
	lua_pushvalue(L, 3);
	lua_insert(L, -2);
	lua_pushstring(L, field);
	lua_call(L, 2, 0);
}

/* Reports field k of q (argument 2) if it is set and the plugin
 * (argument 1) refuses it, with the plugin's reason; 1 if the plugin
 * refuses k, else 0. */
static int check_refused(lua_State *L, const char *k)
{
	int refused = 0;

	lua_pushliteral(L, "refuse");
	if (lua_rawget(L, 1) == LUA_TTABLE) {
		lua_pushstring(L, k);
		refused = lua_rawget(L, -2) == LUA_TSTRING;
		lua_pushstring(L, k);
		if (refused && lua_rawget(L, 2) != LUA_TNIL) {
			lua_pushfstring(L, "%s, remove %s",
					lua_tostring(L, -2), k);
			report(L, k);
		}
		lua_pop(L, 2);
	}
	lua_pop(L, 1);
	return refused;
}

/* Orders names for qsort, so messages come in the same order each time. */
static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether the field name on top is in the plugin's (argument 1) fields,
 * the table at own. */
static int is_own(lua_State *L, int own)
{
	int yes;

	if (lua_type(L, own) != LUA_TTABLE)
		return 0;
	lua_pushvalue(L, -1);
	yes = lua_rawget(L, own) == LUA_TBOOLEAN && lua_toboolean(L, -1);
	lua_pop(L, 1);
	return yes;
}

/* Reports each field of q (argument 2) that is neither the engine's nor
 * in the plugin's (argument 1) fields, in name order. */
static void check_unknown(lua_State *L)
{
	const char **names;
	const char *type;
	size_t n = 0, cap = 0, i;
	int own;

	lua_pushliteral(L, "fields");
	lua_rawget(L, 1);
	own = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, 2)) {
		lua_pop(L, 1);
		cap++;
	}
	/* a userdata, so that the collector frees it even if report fails */
	names = lua_newuserdatauv(L, (cap ? cap : 1) * sizeof(*names), 0);
	lua_pushnil(L);
	while (lua_next(L, 2)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING ||
		    is_one_of(lua_tostring(L, -1), ENGINE_FIELDS,
			      ARRAY_SIZE(ENGINE_FIELDS)) ||
		    is_own(L, own))
			continue;
		if (n < cap)	/* the strings stay anchored as q's keys */
			names[n++] = lua_tostring(L, -1);
	}
	qsort(names, n, sizeof(*names), cmp_name);
	lua_pushliteral(L, "type");
	lua_rawget(L, 2);
	type = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
	for (i = 0; i < n; i++) {
		lua_pushfstring(L, "unknown field '%s' in %s %s question",
				names[i], *type && strchr("aeiou", *type) ?
				"an" : "a", type);
		report(L, names[i]);
	}
	lua_pop(L, 3);
}

/*
 * check(q, report) of a question type, arguments 1 to 3 being the plugin,
 * q and report.  From API 2 the engine then checks the fields every
 * question has, in the order the API 1 plugins did: score, shuffle, and
 * fields neither the engine nor the plugin knows.
 */
static int l_question_check(lua_State *L)
{
	lua_Integer v;
	int isnum;

	lua_settop(L, 3);
	lua_pushliteral(L, "check");
	if (lua_rawget(L, 1) == LUA_TFUNCTION) {
		lua_pushvalue(L, 2);
		lua_pushvalue(L, 3);
		lua_call(L, 2, 0);
	} else {
		lua_pop(L, 1);
	}
	if (plugin_api_of(L, 1) < 2)
		return 0;
	lua_pushliteral(L, "score");
	if (lua_rawget(L, 2) != LUA_TNIL && !check_refused(L, "score")) {
		isnum = lua_type(L, -1) == LUA_TNUMBER;
		v = isnum ? lua_tointegerx(L, -1, &isnum) : 0;
		if (!isnum || v < 0) {
			push_describe(L, -1);
			lua_pushfstring(L, "score must be a whole number, 0 "
					"or more, found %s", lua_tostring(L, -1));
			lua_remove(L, -2);
			report(L, "score");
		}
	}
	lua_pop(L, 1);
	lua_pushliteral(L, "shuffle");
	if (lua_rawget(L, 2) != LUA_TNIL && !check_refused(L, "shuffle") &&
	    lua_type(L, -1) != LUA_TBOOLEAN) {
		push_describe(L, -1);
		lua_pushfstring(L, "shuffle must be true or false, found %s",
				lua_tostring(L, -1));
		lua_remove(L, -2);
		report(L, "shuffle");
	}
	lua_pop(L, 1);
	check_unknown(L);
	return 0;
}

int plugin_question_check(struct sandbox *sb, char **msg)
{
	return call_on_plugin(sb, l_question_check, 2, 0, msg);
}

/* max(q) of a question type, arguments 1 and 2 being the plugin and q;
 * without one (API 2), the author's score, else 1. */
static int l_question_max(lua_State *L)
{
	lua_Integer v;
	int isint;

	lua_settop(L, 2);
	lua_pushliteral(L, "max");
	if (lua_rawget(L, 1) == LUA_TFUNCTION) {
		lua_pushvalue(L, 2);
		lua_call(L, 1, 1);
		return 1;
	}
	lua_pushliteral(L, "score");
	isint = lua_rawget(L, 2) == LUA_TNUMBER;
	v = isint ? lua_tointegerx(L, -1, &isint) : 0;
	lua_pushinteger(L, isint ? v : 1);
	return 1;
}

int plugin_question_max(struct sandbox *sb, char **msg)
{
	return call_on_plugin(sb, l_question_max, 1, 1, msg);
}

/* No plugin for type: says so, with the types there are. */
static char *unknown_type(const struct strv *dirs, const char *type)
{
	struct strv names = STRV_INIT;
	struct buf b = BUF_INIT;
	char *s;
	size_t i;

	plugin_names(dirs, "questions", &names);
	buf_addf(&b, "no plugin provides the question type '%s'", type);
	s = did_you_mean(type, (const char *const *)names.v, names.n);
	buf_adds(&b, s);
	free(s);
	if (!names.n)
		buf_adds(&b, "; no question types are installed (see "
			 "--plugins)");
	for (i = 0; i < names.n; i++)
		buf_addf(&b, "%s%s", i ? ", " : "; the types installed are: ",
			 names.v[i]);
	strv_free(&names);
	return buf_detach(&b);
}

int plugin_push_question(struct sandbox *sb, const struct strv *dirs,
			 const char *type, char **msg)
{
	lua_State *L = sandbox_state(sb);
	char *path;

	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &LOADED_KEY) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &LOADED_KEY);
	}
	if (lua_getfield(L, -1, type) == LUA_TTABLE) {
		lua_remove(L, -2);
		return 0;
	}
	lua_pop(L, 1);

	path = plugin_find(dirs, "questions", type);
	if (!path) {
		*msg = unknown_type(dirs, type);
		goto fail;
	}
	sandbox_push_env(sb);
	if (plugin_load(sb, path, msg) < 0) {
		free(path);
		goto fail;
	}
	if (plugin_check(sb, path, msg) < 0) {
		lua_pop(L, 1);
		free(path);
		goto fail;
	}
	free(path);
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, type);
	lua_remove(L, -2);
	return 0;
fail:
	lua_pop(L, 1);
	return -1;
}
