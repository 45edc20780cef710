/*
 * sandbox.c - running untrusted pack and plugin code safely.
 *
 * Built from what went wrong elsewhere (SECURITY.md): the state is made with
 * lua_newstate and our own capped allocator, only the allowed libraries are
 * opened and then copied by name into each chunk's environment, chunks are
 * loaded as text only, and a count hook enforces an instruction budget and a
 * deadline on every call.  Once a limit trips, the hook fires on every
 * instruction and fails each time, so no pcall in pack code can swallow it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "memo.h"
#include "sandbox.h"
#include "strv.h"
#include "util.h"

/* The count hook fires every this many VM instructions. */
#define HOOK_EVERY 1000

struct sandbox {
	lua_State *L;
	size_t used, cap;
	long budget;			/* instructions left in this call */
	struct timespec deadline;	/* of this call */
	int spent;			/* a limit tripped: fail forever */
	const char *why;		/* which limit */
	char oom_where[256];		/* where the allocator said no */
	char trip_where[256];		/* where the limit tripped */
	struct strv chunks;		/* names of the chunks loaded */
};

static void sandbox_where(lua_State *L, char *out, size_t size);

/* Counts every byte the state holds and refuses to go past the cap. */
static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct sandbox *sb = ud;
	size_t old = ptr ? osize : 0;	/* osize is a type tag when ptr is NULL */
	void *p;

	if (nsize == 0) {
		free(ptr);
		sb->used -= old;
		return NULL;
	}
	if (nsize > old && sb->used - old + nsize > sb->cap) {
		/* Remember where this happened: Lua reports memory errors
		 * without a message handler, so without a position. */
		if (sb->L && !sb->oom_where[0])
			sandbox_where(sb->L, sb->oom_where,
				      sizeof(sb->oom_where));
		return NULL;
	}
	p = realloc(ptr, nsize);
	if (!p)
		return NULL;
	sb->used = sb->used - old + nsize;
	return p;
}

/* Where the running Lua code is: "FILE:LINE" of the innermost Lua function
 * with a line, or "?" when no Lua code runs. */
static void sandbox_where(lua_State *L, char *out, size_t size)
{
	lua_Debug ar;
	int level;

	for (level = 0; lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar))
			break;
		if (ar.currentline > 0) {
			/* the whole file name: short_src may be cut short */
			snprintf(out, size, "%s:%d",
				 ar.source[0] == '@' ? ar.source + 1 :
						       ar.short_src,
				 ar.currentline);
			return;
		}
	}
	snprintf(out, size, "?");
}

size_t sandbox_memory(const struct sandbox *sb)
{
	return sb->used;
}

int sandbox_caller_line(lua_State *L)
{
	lua_Debug ar;
	int level;

	for (level = 1; lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "l", &ar))
			break;
		if (ar.currentline > 0)
			return ar.currentline;
	}
	return 0;
}

static int timespec_past(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > t->tv_sec ||
	       (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

/* Fails the running code once the budget or the deadline is used up. */
static void sandbox_hook(lua_State *L, lua_Debug *ar)
{
	struct sandbox *sb;

	(void)ar;
	lua_getallocf(L, (void **)&sb);
	if (!sb->spent) {
		sb->budget -= HOOK_EVERY;
		if (sb->budget <= 0)
			sb->why = "instruction limit";
		else if (timespec_past(&sb->deadline))
			sb->why = "time limit";
		else
			return;
		sb->spent = 1;
		sandbox_where(L, sb->trip_where, sizeof(sb->trip_where));
		/* From now on fail at every instruction, so that code running
		 * after a pcall caught this error fails too. */
		lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
	}
	/* Always name where it tripped: a later instruction that fails
	 * only because the sandbox is spent is not the author's mistake. */
	lua_pushfstring(L, "%s: %s exceeded (a loop that never ends?)",
			sb->trip_where, sb->why);
	lua_error(L);
}

/* string.rep, refusing results longer than SANDBOX_REP_CAP bytes. */
static int sb_str_rep(lua_State *L)
{
	size_t l, lsep;
	lua_Integer n;

	luaL_checklstring(L, 1, &l);
	n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	if (n > 0 && ((size_t)n > SANDBOX_REP_CAP ||
		      l + lsep > SANDBOX_REP_CAP ||
		      (l + lsep) * (size_t)n > SANDBOX_REP_CAP))
		return luaL_error(L, "string.rep result would be longer than "
				  "%d bytes", (int)SANDBOX_REP_CAP);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* string.find, always plain: Lua patterns can take exponential time inside
 * C, where the hook cannot stop them. */
static int sb_str_find(lua_State *L)
{
	luaL_checkstring(L, 1);
	luaL_checkstring(L, 2);
	lua_settop(L, 3);
	lua_pushboolean(L, 1);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 4, LUA_MULTRET);
	return lua_gettop(L);
}

/* string.match, gmatch and gsub: refused with a message that says why. */
static int sb_no_patterns(lua_State *L)
{
	return luaL_error(L, "string patterns (match, gmatch, gsub) are not "
			  "available in packs; use string.find, which "
			  "searches for plain text");
}

/* setmetatable, refusing __gc: finalizers run at times pack code cannot
 * be limited (and were behind a use-after-free in Redis). */
static int sb_setmetatable(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "__gc metamethods are not "
					  "allowed in packs");
		lua_pop(L, 1);
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* getmetatable, hiding the metatables of everything but tables. */
static int sb_getmetatable(lua_State *L)
{
	luaL_checkany(L, 1);
	if (lua_type(L, 1) != LUA_TTABLE) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 1, 1);
	return 1;
}

/* Reading an unknown global is almost always a typing mistake. */
static int sb_unknown_global(lua_State *L)
{
	const char *name = lua_type(L, 2) == LUA_TSTRING ?
				   lua_tostring(L, 2) : "?";
	return luaL_error(L, "unknown global '%s'", name);
}

static const char *const base_allowed[] = {
	"assert", "error", "ipairs", "next", "pairs", "pcall", "select",
	"tonumber", "tostring", "type", "xpcall", "_VERSION", NULL
};
static const char *const string_allowed[] = {
	"byte", "char", "format", "len", "lower", "reverse", "sub", "upper",
	NULL
};
static const char *const table_allowed[] = {
	/* not move: it loops in C over any range it is given */
	"concat", "insert", "pack", "remove", "sort", "unpack", NULL
};
static const char *const math_allowed[] = {
	"abs", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log",
	"max", "maxinteger", "min", "mininteger", "modf", "pi", "rad", "sin",
	"sqrt", "tan", "tointeger", "type", "ult", NULL
};
static const char *const utf8_allowed[] = {
	"char", "charpattern", "codepoint", "len", "offset", NULL
};

/* How many names a NULL-ended list holds: the size to make a table, so
 * that it is not grown (and copied) field by field in every sandbox. */
static int count(const char *const *names)
{
	int n = 0;

	while (names[n])
		n++;
	return n;
}

/* Copies the named fields of the table at src into the table at dst. */
static void copy_fields(lua_State *L, int src, int dst,
			const char *const *names)
{
	for (; *names; names++) {
		lua_getfield(L, src, *names);
		lua_setfield(L, dst, *names);
	}
}

/* Pushes the original library function lib.name. [-0, +1] */
static void push_original(lua_State *L, const char *lib, const char *name)
{
	if (lib) {
		luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
		lua_getfield(L, -1, lib);
		lua_getfield(L, -1, name);
		lua_replace(L, -3);
		lua_pop(L, 1);
	} else {
		lua_pushglobaltable(L);
		lua_getfield(L, -1, name);
		lua_remove(L, -2);
	}
}

/* Pushes a fresh copy of the sandboxed string library. [-0, +1] */
static void push_string_lib(lua_State *L)
{
	int t;

	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_getfield(L, -1, LUA_STRLIBNAME);
	lua_createtable(L, 0, count(string_allowed) + 5);
	t = lua_gettop(L);
	copy_fields(L, t - 1, t, string_allowed);
	push_original(L, LUA_STRLIBNAME, "rep");
	lua_pushcclosure(L, sb_str_rep, 1);
	lua_setfield(L, t, "rep");
	push_original(L, LUA_STRLIBNAME, "find");
	lua_pushcclosure(L, sb_str_find, 1);
	lua_setfield(L, t, "find");
	lua_pushcfunction(L, sb_no_patterns);
	lua_setfield(L, t, "match");
	lua_pushcfunction(L, sb_no_patterns);
	lua_setfield(L, t, "gmatch");
	lua_pushcfunction(L, sb_no_patterns);
	lua_setfield(L, t, "gsub");
	lua_replace(L, t - 2);
	lua_pop(L, 1);
}

/* Pushes a fresh copy of library lib with only the allowed names. */
static void push_lib_copy(lua_State *L, const char *lib,
			  const char *const *names)
{
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_getfield(L, -1, lib);
	lua_createtable(L, 0, count(names));
	copy_fields(L, -2, lua_gettop(L), names);
	lua_replace(L, -3);
	lua_pop(L, 1);
}

void sandbox_push_env(struct sandbox *sb)
{
	lua_State *L = sb->L;
	int env;

	/* the allowed base functions and seven more names, set below */
	lua_createtable(L, 0, count(base_allowed) + 7);
	env = lua_gettop(L);
	lua_pushglobaltable(L);
	copy_fields(L, -1, env, base_allowed);
	lua_pop(L, 1);
	push_original(L, NULL, "setmetatable");
	lua_pushcclosure(L, sb_setmetatable, 1);
	lua_setfield(L, env, "setmetatable");
	push_original(L, NULL, "getmetatable");
	lua_pushcclosure(L, sb_getmetatable, 1);
	lua_setfield(L, env, "getmetatable");
	push_string_lib(L);
	lua_setfield(L, env, "string");
	push_lib_copy(L, LUA_TABLIBNAME, table_allowed);
	lua_setfield(L, env, "table");
	push_lib_copy(L, LUA_MATHLIBNAME, math_allowed);
	lua_setfield(L, env, "math");
	push_lib_copy(L, LUA_UTF8LIBNAME, utf8_allowed);
	lua_setfield(L, env, "utf8");
	lua_pushvalue(L, env);
	lua_setfield(L, env, "_G");

	lua_newtable(L);	/* its metatable */
	lua_pushcfunction(L, sb_unknown_global);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, env);
}

/* Opens the allowed libraries and protects the string metatable. */
static int sandbox_setup(lua_State *L)
{
	static const luaL_Reg libs[] = {
		{ LUA_GNAME, luaopen_base },
		{ LUA_STRLIBNAME, luaopen_string },
		{ LUA_TABLIBNAME, luaopen_table },
		{ LUA_MATHLIBNAME, luaopen_math },
		{ LUA_UTF8LIBNAME, luaopen_utf8 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(libs); i++) {
		luaL_requiref(L, libs[i].name, libs[i].func, 1);
		lua_pop(L, 1);
	}
	/* Strings index a private copy of the sandboxed library, so no pack
	 * can change what ("x"):rep means for another chunk, and the
	 * metatable itself is hidden. */
	lua_pushliteral(L, "");
	if (!lua_getmetatable(L, -1))
		return luaL_error(L, "strings have no metatable");
	push_string_lib(L);
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);
	return 0;
}

struct sandbox *sandbox_new(void)
{
	struct sandbox *sb = xcalloc(1, sizeof(*sb));

	sb->cap = SANDBOX_MEMORY_CAP;
	sb->L = lua_newstate(sandbox_alloc, sb);
	if (!sb->L) {
		free(sb);
		return NULL;
	}
	lua_pushcfunction(sb->L, sandbox_setup);
	if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) {
		sandbox_free(sb);
		return NULL;
	}
	return sb;
}

void sandbox_free(struct sandbox *sb)
{
	if (!sb)
		return;
	if (sb->L)
		lua_close(sb->L);
	strv_free(&sb->chunks);
	free(sb);
}

lua_State *sandbox_state(struct sandbox *sb)
{
	return sb->L;
}

/* Arms the budget and the deadline for one call into Lua. */
static void sandbox_arm(struct sandbox *sb)
{
	clock_gettime(CLOCK_MONOTONIC, &sb->deadline);
	sb->deadline.tv_sec += SANDBOX_DEADLINE_MS / 1000;
	sb->deadline.tv_nsec += (long)(SANDBOX_DEADLINE_MS % 1000) * 1000000L;
	if (sb->deadline.tv_nsec >= 1000000000L) {
		sb->deadline.tv_sec++;
		sb->deadline.tv_nsec -= 1000000000L;
	}
	sb->budget = SANDBOX_BUDGET;
	sb->oom_where[0] = '\0';
	lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

/* Gives errors without a position the position of the running code; never
 * calls back into Lua (no __tostring), since the error may be a limit. */
static int sandbox_msgh(lua_State *L)
{
	char where[256];

	if (lua_type(L, 1) == LUA_TSTRING) {
		const char *msg = lua_tostring(L, 1);
		const char *colon = strchr(msg, ':');

		if (colon && colon[1] >= '0' && colon[1] <= '9')
			return 1;	/* already "FILE:LINE: ..." */
		sandbox_where(L, where, sizeof(where));
		lua_pushfstring(L, "%s: %s", where, msg);
		return 1;
	}
	sandbox_where(L, where, sizeof(where));
	lua_pushfstring(L, "%s: error with a %s value instead of a message",
			where, luaL_typename(L, 1));
	return 1;
}

/*
 * Lua shortens long chunk names in its messages to "...TAIL"; gives msg
 * (which it takes) the whole name of the chunk loaded here that ends in
 * TAIL, so the author is always shown the file as they named it.
 */
static char *whole_name(struct sandbox *sb, char *msg)
{
	const char *tail = msg + 3, *colon = strchr(tail, ':');
	size_t n, i;

	if (strncmp(msg, "...", 3) || !colon)
		return msg;
	n = (size_t)(colon - tail);
	for (i = 0; i < sb->chunks.n; i++) {
		const char *name = sb->chunks.v[i];
		size_t len = strlen(name);

		if (len >= n && !strncmp(name + len - n, tail, n)) {
			char *whole = xasprintf("%s%s", name, colon);

			free(msg);
			return whole;
		}
	}
	return msg;
}

/* Turns a failed pcall's status and message into "FILE:LINE: text". */
static char *sandbox_message(struct sandbox *sb, int status)
{
	const char *msg = lua_type(sb->L, -1) == LUA_TSTRING ?
				  lua_tostring(sb->L, -1) : NULL;

	if (status == LUA_ERRMEM)
		return xasprintf("%s: memory limit of %u MiB exceeded",
				 sb->oom_where[0] ? sb->oom_where : "?",
				 SANDBOX_MEMORY_CAP >> 20);
	if (sb->spent && (!msg || !strstr(msg, "exceeded")))
		return whole_name(sb, xasprintf("%s (%s exceeded)",
						msg ? msg : "?", sb->why));
	if (status == LUA_ERRERR)
		return whole_name(sb, xstrdup(msg ? msg :
						   "error in error handling"));
	return whole_name(sb, xstrdup(msg ? msg : "unknown error"));
}

/* Nonzero when msg contains a "FILE:LINE:" position. */
static int has_position(const char *msg)
{
	const char *p;

	for (p = strchr(msg, ':'); p; p = strchr(p + 1, ':')) {
		const char *q = p + 1;

		while (*q >= '0' && *q <= '9')
			q++;
		if (q > p + 1 && *q == ':')
			return 1;
	}
	return 0;
}

/* The first line where brackets nest deeper than the parser can follow. */
static int nesting_line(const char *code, size_t len)
{
	size_t i;
	int depth = 0, line = 1;

	for (i = 0; i < len; i++) {
		if (code[i] == '\n')
			line++;
		else if (code[i] == '(' || code[i] == '{' || code[i] == '[')
			depth++;
		else if (code[i] == ')' || code[i] == '}' || code[i] == ']')
			depth--;
		if (depth > 150)
			return line;
	}
	return 1;
}

/*
 * Compiled chunks are kept in the memo (memo.h): parsing was most of the
 * cost of a fresh sandbox.  The first time a file compiles, its function is
 * dumped with its debug information (so messages keep their lines); a later
 * load of the very same bytes under the same name loads that dump.
 *
 * This does not open the door that "source only" closes (SECURITY.md): a
 * binary chunk given to sandbox_load is still refused above, and the only
 * bytecode ever loaded is what Lua's own compiler made in this process from
 * source that passed the same checks, held in memory, never written out and
 * never read from outside.  A hit needs the whole source to be equal.
 */
static int chunk_writer(lua_State *L, const void *p, size_t sz, void *ud)
{
	(void)L;
	buf_add(ud, p, sz);
	return 0;
}

int sandbox_load(struct sandbox *sb, const char *code, size_t len,
		 const char *name, char **msg)
{
	char *chunkname, *cached;
	size_t cachedlen = 0;
	int status;

	if (sb->spent) {
		*msg = xasprintf("%s: %s exceeded earlier", name, sb->why);
		lua_pop(sb->L, 1);
		return -1;
	}
	if (len > 0 && code[0] == LUA_SIGNATURE[0]) {
		*msg = xasprintf("%s:1: binary (precompiled) chunks are not "
				 "allowed; give the Lua source", name);
		lua_pop(sb->L, 1);
		return -1;
	}
	strv_push(&sb->chunks, name);
	chunkname = xasprintf("@%s", name);
	cached = memo_get(MEMO_LUA_CHUNK, name, code, len, &cachedlen);
	sandbox_arm(sb);
	if (cached)	/* our own dump of this very source (see above) */
		status = luaL_loadbufferx(sb->L, cached, cachedlen,
					  chunkname, "b");
	else
		status = luaL_loadbufferx(sb->L, code, len, chunkname, "t");
	lua_sethook(sb->L, NULL, 0, 0);
	free(chunkname);
	free(cached);
	if (status == LUA_OK && !cached) {
		struct buf dump = BUF_INIT;

		if (lua_dump(sb->L, chunk_writer, &dump, 0) == 0 && dump.len)
			memo_put(MEMO_LUA_CHUNK, name, code, len, dump.s,
				 dump.len);
		buf_free(&dump);
	}
	if (status != LUA_OK) {
		if (status == LUA_ERRMEM)
			*msg = xasprintf("%s: memory limit of %u MiB exceeded "
					 "while reading the file", name,
					 SANDBOX_MEMORY_CAP >> 20);
		else if (status == LUA_ERRSYNTAX &&
			 strstr(lua_tostring(sb->L, -1), "binary"))
			*msg = xasprintf("%s:1: binary (precompiled) chunks are "
					 "not allowed; give the Lua source",
					 name);
		else if (!has_position(lua_tostring(sb->L, -1)))
			/* the parser ran out of C stack: no position */
			*msg = xasprintf("%s:%d: too deeply nested (%s)", name,
					 nesting_line(code, len),
					 lua_tostring(sb->L, -1));
		else
			*msg = sandbox_message(sb, status);
		lua_pop(sb->L, 2);	/* message and env */
		return -1;
	}
	/* The environment is the chunk's first upvalue, _ENV. */
	lua_insert(sb->L, -2);
	if (!lua_setupvalue(sb->L, -2, 1))
		lua_pop(sb->L, 1);
	return 0;
}

int sandbox_call(struct sandbox *sb, int nargs, int nresults, char **msg)
{
	lua_State *L = sb->L;
	int base, status;

	if (sb->spent) {
		*msg = xasprintf("%s exceeded earlier; this session cannot go on",
				 sb->why);
		lua_pop(L, nargs + 1);
		return -1;
	}
	base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, sandbox_msgh);
	lua_insert(L, base);
	sandbox_arm(sb);
	status = lua_pcall(L, nargs, nresults, base);
	lua_sethook(L, NULL, 0, 0);
	if (status == LUA_OK && sb->spent) {
		/* The limit tripped, pack code caught the error and returned
		 * normally: the call still failed. */
		lua_settop(L, base - 1);
		*msg = xasprintf("%s: %s exceeded (a loop that never ends?)",
				 sb->trip_where, sb->why);
		return -1;
	}
	if (status != LUA_OK) {
		*msg = sandbox_message(sb, status);
		lua_settop(L, base - 1);
		return -1;
	}
	lua_remove(L, base);
	return 0;
}
