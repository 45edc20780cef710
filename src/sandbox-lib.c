/*
 * sandbox-lib.c - the libraries pack code may call (sandbox.c runs it).
 *
 * Hooks do not run inside C functions, so every library function a pack can
 * call is wrapped or rewritten here to charge the work it does (bytes
 * copied, compared or scanned, elements moved) to the run's budget with
 * sandbox_charge, which checks the deadline as it goes.  Only the allowed
 * libraries are opened, and each chunk gets its own copy of them
 * (sandbox_push_env).
 */
#define _GNU_SOURCE 1	/* memmem */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "sandbox-internal.h"
#include "sandbox.h"
#include "util.h"

/* n * k, or the most a size_t holds: a charge must never wrap round. */
static size_t mul_sat(size_t n, size_t k)
{
	return n > SIZE_MAX / k ? SIZE_MAX : n * k;
}

/* What copying n bytes is charged: a quarter of a unit each, as memcpy
 * and its kind do several bytes in the time of one VM instruction. */
static size_t copied(size_t n)
{
	return n / 4 + 1;
}

/* The length of the value at idx if it is a string, else 0: what turning
 * it into a number (which Lua does for any numeric argument) reads. */
static size_t strlen_at(lua_State *L, int idx)
{
	return lua_type(L, idx) == LUA_TSTRING ? lua_rawlen(L, idx) : 0;
}

/* An integer argument, charged for reading a string given for it. */
static lua_Integer opt_int(lua_State *L, int idx, lua_Integer def)
{
	sandbox_charge(L, strlen_at(L, idx) + 1);
	return luaL_optinteger(L, idx, def);
}

/*
 * A library function whose work is bounded by its arguments and results,
 * called through a wrapper that charges them: upvalue 1 is the function,
 * upvalue 2 says which arguments are read whole (FROM..TO, 0 for none; a
 * string given for a number is read whole too) and what of the results is
 * made (POST: COUNT the values returned, BYTES the strings built too, as
 * copied).  CHARGE16 charges each byte read sixteen times over, for format,
 * whose %q escapes byte by byte (a snprintf for some).
 */
#define CHARGE(from, to, post) ((from) | (to) << 8 | (post) << 16)
#define CHARGE16(from, to, post) (CHARGE(from, to, post) | 1 << 20)
#define ALL 0xff
#define COUNT 1
#define BYTES 2

static int sb_charged(lua_State *L)
{
	int how = (int)lua_tointeger(L, lua_upvalueindex(2));
	int from = how & 0xff, to = (how >> 8) & 0xff, n = lua_gettop(L);
	size_t units = (size_t)n + 1;
	int i;

	if (to > n)
		to = n;
	for (i = from ? from : n + 1; i <= to; i++)
		units += mul_sat(strlen_at(L, i), how >> 20 ? 16 : 1);
	sandbox_charge(L, units);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	if ((how >> 16) & 0xf) {
		n = lua_gettop(L);
		for (units = (size_t)n, i = 1;
		     i <= n && ((how >> 16) & 0xf) == BYTES; i++)
			units += copied(strlen_at(L, i));
		sandbox_charge(L, units);
	}
	return lua_gettop(L);
}

/* string.rep, refusing results longer than SANDBOX_REP_CAP bytes; made by
 * doubling what is already written, so a short string repeated a million
 * times is a few copies, not a million. */
static int sb_str_rep(lua_State *L)
{
	size_t l, lsep, unit, body, total, done, k;
	const char *s = luaL_checklstring(L, 1, &l), *sep;
	lua_Integer n;
	luaL_Buffer b;
	char *p;

	sandbox_charge(L, strlen_at(L, 2) + 1);
	n = luaL_checkinteger(L, 2);
	sep = luaL_optlstring(L, 3, "", &lsep);
	if (n <= 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	if ((size_t)n > SANDBOX_REP_CAP || l + lsep > SANDBOX_REP_CAP ||
	    (l + lsep) * (size_t)n > SANDBOX_REP_CAP)
		return luaL_error(L, "string.rep result would be longer than "
				  "%d bytes", (int)SANDBOX_REP_CAP);
	unit = l + lsep;
	body = unit * (size_t)(n - 1);	/* the copies followed by sep */
	total = body + l;
	sandbox_charge(L, copied(total));
	p = luaL_buffinitsize(L, &b, total);
	if (body) {
		memcpy(p, s, l);
		memcpy(p + l, sep, lsep);
		for (done = unit; done < body; done += k) {
			k = done < body - done ? done : body - done;
			memcpy(p + done, p, k);
		}
	}
	memcpy(p + body, s, l);
	luaL_pushresultsize(&b, total);
	return 1;
}

/*
 * string.find, always plain: Lua patterns can take exponential time inside
 * C, where the hook cannot stop them.  Lua's own plain search is O(n*m);
 * memmem is linear, and the bytes it may read are charged first.
 */
static int sb_str_find(lua_State *L)
{
	size_t ls, lp, init;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	const char *hit;
	lua_Integer pos;

	pos = opt_int(L, 3, 1);
	/* as Lua's posrelatI, made 0-based */
	if (pos > 0)
		init = (size_t)pos - 1;
	else if (pos == 0 || pos < -(lua_Integer)ls)
		init = 0;
	else
		init = ls + (size_t)pos;
	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	sandbox_charge(L, copied((ls - init) + lp));
	hit = memmem(s + init, ls - init, p, lp);
	if (!hit) {
		luaL_pushfail(L);
		return 1;
	}
	lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
	lua_pushinteger(L, (lua_Integer)(hit - s) + (lua_Integer)lp);
	return 2;
}

/*
 * pcall and xpcall, which make a refusal Lua raised at once (without the
 * second try that would make it final: lauxlib's buffers ask the allocator
 * directly) final all the same once pack code catches it: a state left
 * full must not go on as if nothing happened.
 */
static int sb_pcall(lua_State *L)
{
	struct sandbox *sb;
	unsigned long before;
	int n;

	lua_getallocf(L, (void **)&sb);
	before = sb->nrefused;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	n = lua_gettop(L);
	if (sb->nrefused != before && n >= 2 && !lua_toboolean(L, 1) &&
	    lua_type(L, 2) == LUA_TSTRING &&
	    !strcmp(lua_tostring(L, 2), "not enough memory"))
		/* final, where it refused */
		sandbox_spend(sb, sandbox_memory_limit);
	return n;
}

/* string.match, gmatch and gsub: refused with a message that says why. */
static int sb_no_patterns(lua_State *L)
{
	return luaL_error(L, "string patterns (match, gmatch, gsub) are not "
			  "available in packs; use string.find, which "
			  "searches for plain text");
}

/* #t for the table functions; __len may run pack code, hooked. */
static lua_Integer table_len(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	return luaL_len(L, 1);
}

/*
 * What one lua_geti or lua_seti on argument 1 is charged: a value with a
 * metatable may send it along a chain of up to 2000 __index tables, all
 * inside C.  Charging such a chain as 64 makes the clock be read often
 * enough that the deadline still holds.
 */
static size_t access_cost(lua_State *L)
{
	if (!lua_getmetatable(L, 1))
		return 1;
	lua_pop(L, 1);
	return 64;
}

/* table.insert, as Lua's, charged for every element it moves. */
static int sb_tinsert(lua_State *L)
{
	lua_Integer e = table_len(L), pos, i;

	e = (lua_Integer)((lua_Unsigned)e + 1u);	/* first empty slot */
	switch (lua_gettop(L)) {
	case 2:
		pos = e;
		break;
	case 3:
		pos = opt_int(L, 2, 0);
		luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2,
			      "position out of bounds");
		sandbox_charge(L, mul_sat((size_t)(e - pos), access_cost(L)));
		for (i = e; i > pos; i--) {
			lua_geti(L, 1, i - 1);
			lua_seti(L, 1, i);
		}
		break;
	default:
		return luaL_error(L, "wrong number of arguments to 'insert'");
	}
	lua_seti(L, 1, pos);
	return 0;
}

/* table.remove, as Lua's, charged for every element it moves. */
static int sb_tremove(lua_State *L)
{
	lua_Integer size = table_len(L), pos = opt_int(L, 2, size);

	if (pos != size)	/* given: in [1, size + 1] */
		luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size,
			      2, "position out of bounds");
	lua_geti(L, 1, pos);
	if (pos < size)
		sandbox_charge(L, mul_sat((size_t)(size - pos),
					  access_cost(L)));
	for (; pos < size; pos++) {
		lua_geti(L, 1, pos + 1);
		lua_seti(L, 1, pos);
	}
	lua_pushnil(L);
	lua_seti(L, 1, pos);
	return 1;
}

/* table.unpack, as Lua's, charged for every value it gives. */
static int sb_tunpack(lua_State *L)
{
	lua_Integer i = opt_int(L, 2, 1), e;
	lua_Unsigned n;

	e = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : opt_int(L, 3, 0);
	if (i > e)
		return 0;
	n = (lua_Unsigned)e - (lua_Unsigned)i;
	if (n >= (unsigned int)INT_MAX || !lua_checkstack(L, (int)(++n)))
		return luaL_error(L, "too many results to unpack");
	sandbox_charge(L, mul_sat((size_t)n, access_cost(L)));
	for (; i < e; i++)
		lua_geti(L, 1, i);
	lua_geti(L, 1, e);
	return (int)n;
}

/* table.concat, as Lua's, charged for every element and byte it adds. */
static int sb_tconcat(lua_State *L)
{
	luaL_Buffer b;
	lua_Integer last = table_len(L), i;
	size_t lsep;
	const char *sep = luaL_optlstring(L, 2, "", &lsep);

	i = opt_int(L, 3, 1);
	last = opt_int(L, 4, last);
	luaL_buffinit(L, &b);
	for (; i <= last; i++) {
		lua_geti(L, 1, i);
		if (!lua_isstring(L, -1))
			return luaL_error(L, "invalid value (at index %I) in "
					  "table for 'concat'",
					  (LUAI_UACINT)i);
		sandbox_charge(L, copied(strlen_at(L, -1) + lsep) +
				  access_cost(L));
		luaL_addvalue(&b);
		if (i < last)
			luaL_addlstring(&b, sep, lsep);
		if (i == LUA_MAXINTEGER)
			break;
	}
	luaL_pushresult(&b);
	return 1;
}

/* Nonzero when the value at a sorts before the one at b, charged by the
 * bytes a comparison of two strings reads; with a comparison function
 * (argument 2) the hook charges its instructions. */
static int sort_less(lua_State *L, int a, int b)
{
	size_t cost = 2 * access_cost(L);	/* the values compared */
	int less;

	if (lua_isnil(L, 2)) {
		if (lua_type(L, a) == LUA_TSTRING &&
		    lua_type(L, b) == LUA_TSTRING) {
			size_t la = lua_rawlen(L, a), lb = lua_rawlen(L, b);

			cost += la < lb ? la : lb;
		}
		sandbox_charge(L, cost);
		return lua_compare(L, a, b, LUA_OPLT);
	}
	sandbox_charge(L, cost);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, a);
	lua_pushvalue(L, b);
	lua_call(L, 2, 1);
	less = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return less;
}

/* Moves t[root] down the heap t[1..end] to where it belongs. */
static void sift(lua_State *L, lua_Integer root, lua_Integer end)
{
	int v, c;
	lua_Integer child;

	lua_geti(L, 1, root);
	v = lua_gettop(L);
	while (root <= end / 2) {
		child = 2 * root;
		lua_geti(L, 1, child);
		c = lua_gettop(L);
		if (child < end) {
			lua_geti(L, 1, child + 1);
			if (sort_less(L, c, c + 1)) {
				lua_replace(L, c);
				child++;
			} else {
				lua_pop(L, 1);
			}
		}
		if (!sort_less(L, v, c)) {
			lua_pop(L, 1);
			break;
		}
		lua_seti(L, 1, root);
		root = child;
	}
	lua_seti(L, 1, root);
}

/*
 * table.sort as a heap sort: every comparison is charged (Lua's own sort
 * compares strings inside C, where the hook never runs), the worst case is
 * n log n, and it needs no random pivot, so a sort gives the same order on
 * every run, which replaying a session relies on.
 */
static int sb_tsort(lua_State *L)
{
	lua_Integer n = table_len(L), i;

	luaL_argcheck(L, n < INT_MAX, 1, "array too big");
	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_settop(L, 2);
	if (n < 2)
		return 0;
	for (i = n / 2; i >= 1; i--)
		sift(L, i, n);
	for (i = n; i > 1; i--) {
		lua_geti(L, 1, 1);
		lua_geti(L, 1, i);
		lua_seti(L, 1, 1);
		lua_seti(L, 1, i);
		sift(L, 1, i - 1);
	}
	return 0;
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

/* What the sandbox offers of a library, and how each function is charged:
 * a spec made with CHARGE; NONE for what is copied as it is (constant work,
 * or not a function); OWN for a function rewritten here, WRAP for one that
 * checks its arguments and then calls the original. */
struct offer {
	const char *name;
	int how;
	lua_CFunction own;
};
#define NONE (-1)
#define WRAP (-2)	/* own, with the original as upvalue 1 */
#define OWN (-3)

static const struct offer base_offer[] = {
	{ "assert", NONE, NULL },
	{ "error", CHARGE(2, 2, 0), NULL },
	{ "ipairs", NONE, NULL },
	{ "next", NONE, NULL },
	{ "pairs", NONE, NULL },
	{ "pcall", WRAP, sb_pcall },
	{ "select", CHARGE(1, 1, COUNT), NULL },
	{ "tonumber", CHARGE(1, ALL, 0), NULL },
	{ "tostring", NONE, NULL },
	{ "type", NONE, NULL },
	{ "xpcall", WRAP, sb_pcall },
	{ "_VERSION", NONE, NULL },
	{ NULL, 0, NULL }
};
static const struct offer string_offer[] = {
	{ "byte", CHARGE(2, 3, COUNT), NULL },
	{ "char", CHARGE(1, ALL, BYTES), NULL },
	{ "format", CHARGE16(1, ALL, BYTES), NULL },
	{ "len", NONE, NULL },
	{ "lower", CHARGE(1, 1, BYTES), NULL },
	{ "reverse", CHARGE(1, 1, BYTES), NULL },
	{ "sub", CHARGE(2, 3, BYTES), NULL },
	{ "upper", CHARGE(1, 1, BYTES), NULL },
	{ "rep", OWN, sb_str_rep },
	{ "find", OWN, sb_str_find },
	{ "match", OWN, sb_no_patterns },
	{ "gmatch", OWN, sb_no_patterns },
	{ "gsub", OWN, sb_no_patterns },
	{ NULL, 0, NULL }
};
static const struct offer table_offer[] = {
	/* not move: it loops in C over any range it is given */
	{ "concat", OWN, sb_tconcat },
	{ "insert", OWN, sb_tinsert },
	{ "pack", CHARGE(0, 0, 0), NULL },
	{ "remove", OWN, sb_tremove },
	{ "sort", OWN, sb_tsort },
	{ "unpack", OWN, sb_tunpack },
	{ NULL, 0, NULL }
};
static const struct offer math_offer[] = {
	{ "abs", CHARGE(1, ALL, 0), NULL },
	{ "ceil", CHARGE(1, ALL, 0), NULL },
	{ "cos", CHARGE(1, ALL, 0), NULL },
	{ "deg", CHARGE(1, ALL, 0), NULL },
	{ "exp", CHARGE(1, ALL, 0), NULL },
	{ "floor", CHARGE(1, ALL, 0), NULL },
	{ "fmod", CHARGE(1, ALL, 0), NULL },
	{ "huge", NONE, NULL },
	{ "log", CHARGE(1, ALL, 0), NULL },
	{ "max", CHARGE(1, ALL, 0), NULL },
	{ "maxinteger", NONE, NULL },
	{ "min", CHARGE(1, ALL, 0), NULL },
	{ "mininteger", NONE, NULL },
	{ "modf", CHARGE(1, ALL, 0), NULL },
	{ "pi", NONE, NULL },
	{ "rad", CHARGE(1, ALL, 0), NULL },
	{ "sin", CHARGE(1, ALL, 0), NULL },
	{ "sqrt", CHARGE(1, ALL, 0), NULL },
	{ "tan", CHARGE(1, ALL, 0), NULL },
	{ "tointeger", CHARGE(1, ALL, 0), NULL },
	{ "type", NONE, NULL },
	{ "ult", CHARGE(1, ALL, 0), NULL },
	{ NULL, 0, NULL }
};
static const struct offer utf8_offer[] = {
	{ "char", CHARGE(1, ALL, BYTES), NULL },
	{ "charpattern", NONE, NULL },
	{ "codepoint", CHARGE(2, 3, COUNT), NULL },
	{ "len", CHARGE(1, ALL, 0), NULL },
	{ "offset", CHARGE(1, ALL, 0), NULL },
	{ NULL, 0, NULL }
};

/* Registry key of the table of the sandboxed libraries, made once per
 * state and copied field by field into each chunk's environment. */
static const char OFFERED_KEY = 'o';

/* How many names an offer holds: the size to make a table, so that it is
 * not grown (and copied) field by field in every sandbox. */
static int count(const struct offer *o)
{
	int n = 0;

	while (o[n].name)
		n++;
	return n;
}

/* Pushes the sandboxed version of library lib (NULL for the base library),
 * made from the original functions as the offer says. [-0, +1] */
static void make_lib(lua_State *L, const char *lib, const struct offer *o)
{
	int t;

	if (lib) {
		luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
		lua_getfield(L, -1, lib);
		lua_remove(L, -2);
	} else {
		lua_pushglobaltable(L);
	}
	lua_createtable(L, 0, count(o));
	t = lua_gettop(L);
	for (; o->name; o++) {
		if (o->how == OWN) {
			lua_pushcfunction(L, o->own);
		} else {
			lua_getfield(L, t - 1, o->name);
			if (o->how == WRAP)
				lua_pushcclosure(L, o->own, 1);
			else if (o->how >= 0) {
				lua_pushinteger(L, o->how);
				lua_pushcclosure(L, sb_charged, 2);
			}
		}
		lua_setfield(L, t, o->name);
	}
	lua_remove(L, t - 1);
}

/* Copies every field of the table at src into the table at dst. */
static void copy_all(lua_State *L, int src, int dst)
{
	src = lua_absindex(L, src);
	dst = lua_absindex(L, dst);
	lua_pushnil(L);
	while (lua_next(L, src)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, dst);
	}
}

/* Pushes a fresh copy of sandboxed library lib. [-0, +1] */
static void push_lib_copy(lua_State *L, const char *lib, int nfields)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &OFFERED_KEY);
	lua_getfield(L, -1, lib);
	lua_createtable(L, 0, nfields);
	copy_all(L, -2, -1);
	lua_replace(L, -3);
	lua_pop(L, 1);
}

void sandbox_push_env(struct sandbox *sb)
{
	lua_State *L = sb->L;
	int env;

	/* the allowed base functions and seven more names, set below */
	lua_createtable(L, 0, count(base_offer) + 7);
	env = lua_gettop(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &OFFERED_KEY);
	lua_getfield(L, -1, "_G");
	copy_all(L, -1, env);
	lua_pop(L, 2);
	push_lib_copy(L, LUA_STRLIBNAME, count(string_offer));
	lua_setfield(L, env, "string");
	push_lib_copy(L, LUA_TABLIBNAME, count(table_offer));
	lua_setfield(L, env, "table");
	push_lib_copy(L, LUA_MATHLIBNAME, count(math_offer));
	lua_setfield(L, env, "math");
	push_lib_copy(L, LUA_UTF8LIBNAME, count(utf8_offer));
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

/* Lua's string metatable does arithmetic on strings that hold numbers
 * (reading the whole string): those metamethods are charged too. */
static void charge_string_arith(lua_State *L, int mt)
{
	static const char *const events[] = {
		"__add", "__sub", "__mul", "__mod", "__pow", "__div",
		"__idiv", "__unm"
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(events); i++) {
		if (lua_getfield(L, mt, events[i]) != LUA_TFUNCTION) {
			lua_pop(L, 1);
			continue;
		}
		lua_pushinteger(L, CHARGE(1, 2, 0));
		lua_pushcclosure(L, sb_charged, 2);
		lua_setfield(L, mt, events[i]);
	}
}

/* Opens the allowed libraries, makes their sandboxed versions and protects
 * the string metatable. */
int sandbox_lib_setup(lua_State *L)
{
	static const luaL_Reg libs[] = {
		{ LUA_GNAME, luaopen_base },
		{ LUA_STRLIBNAME, luaopen_string },
		{ LUA_TABLIBNAME, luaopen_table },
		{ LUA_MATHLIBNAME, luaopen_math },
		{ LUA_UTF8LIBNAME, luaopen_utf8 },
	};
	size_t i;
	int offered;

	for (i = 0; i < ARRAY_SIZE(libs); i++) {
		luaL_requiref(L, libs[i].name, libs[i].func, 1);
		lua_pop(L, 1);
	}
	lua_createtable(L, 0, 5);
	offered = lua_gettop(L);
	make_lib(L, NULL, base_offer);
	lua_getglobal(L, "setmetatable");
	lua_pushcclosure(L, sb_setmetatable, 1);
	lua_setfield(L, -2, "setmetatable");
	lua_getglobal(L, "getmetatable");
	lua_pushcclosure(L, sb_getmetatable, 1);
	lua_setfield(L, -2, "getmetatable");
	lua_setfield(L, offered, "_G");
	make_lib(L, LUA_STRLIBNAME, string_offer);
	lua_setfield(L, offered, LUA_STRLIBNAME);
	make_lib(L, LUA_TABLIBNAME, table_offer);
	lua_setfield(L, offered, LUA_TABLIBNAME);
	make_lib(L, LUA_MATHLIBNAME, math_offer);
	lua_setfield(L, offered, LUA_MATHLIBNAME);
	make_lib(L, LUA_UTF8LIBNAME, utf8_offer);
	lua_setfield(L, offered, LUA_UTF8LIBNAME);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &OFFERED_KEY);
	/* Strings index a private copy of the sandboxed library, so no pack
	 * can change what ("x"):rep means for another chunk, and the
	 * metatable itself is hidden. */
	lua_pushliteral(L, "");
	if (!lua_getmetatable(L, -1))
		return luaL_error(L, "strings have no metatable");
	push_lib_copy(L, LUA_STRLIBNAME, count(string_offer));
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	charge_string_arith(L, lua_gettop(L));
	lua_pop(L, 2);
	return 0;
}

