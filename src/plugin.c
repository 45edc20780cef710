/* plugin.c - finding and loading Lua plugins into a sandbox. */
#include "config.h"

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
	lua_pushcfunction(L, plugin_api);
	lua_pushvalue(L, -2);
	if (sandbox_call(sb, 1, 1, msg) < 0) {
		lua_pop(L, 1);
		return -1;
	}
	if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) != PLUGIN_API) {
		char version[24] = "(missing)";

		if (lua_isinteger(L, -1))
			snprintf(version, sizeof(version), "%lld",
				 (long long)lua_tointeger(L, -1));
		*msg = xasprintf("%s: plugin API version %s is not supported "
				 "(this vigil supports %d)", path, version,
				 PLUGIN_API);
		lua_pop(L, 2);
		return -1;
	}
	lua_pop(L, 1);
	return 0;
}

/* Checks that the plugin table on top is a question type. */
static int plugin_check(lua_State *L, const char *path, char **msg)
{
	static const char *const funcs[] = { "check", "max", "present",
					     "grade" };
	const char *input;
	size_t i;

	lua_pushliteral(L, "input");
	lua_rawget(L, -2);
	input = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
	if (strcmp(input, "one") && strcmp(input, "many") &&
	    strcmp(input, "order") && strcmp(input, "text")) {
		*msg = xasprintf("%s: the plugin's input must be \"one\", "
				 "\"many\", \"order\" or \"text\"", path);
		lua_pop(L, 1);
		return -1;
	}
	lua_pop(L, 1);
	for (i = 0; i < ARRAY_SIZE(funcs); i++) {
		lua_pushstring(L, funcs[i]);
		if (lua_rawget(L, -2) != LUA_TFUNCTION) {
			*msg = xasprintf("%s: the plugin has no function '%s'",
					 path, funcs[i]);
			lua_pop(L, 1);
			return -1;
		}
		lua_pop(L, 1);
	}
	return 0;
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
		*msg = xasprintf("no plugin provides the question type '%s'",
				 type);
		goto fail;
	}
	sandbox_push_env(sb);
	if (plugin_load(sb, path, msg) < 0) {
		free(path);
		goto fail;
	}
	if (plugin_check(L, path, msg) < 0) {
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
