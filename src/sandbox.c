/*
 * sandbox.c - running untrusted pack and plugin code safely.
 *
 * Built from what went wrong elsewhere (SECURITY.md): the state is made with
 * lua_newstate and our own capped allocator, only the allowed libraries are
 * opened and then copied by name into each chunk's environment, chunks are
 * loaded as text only, and a count hook enforces an instruction budget and a
 * deadline on every call.  Once a limit trips, the hook fires on every
 * instruction and fails each time, so no pcall in pack code can swallow it.
 *
 * Hooks do not run inside C functions, so every library function a pack can
 * call is wrapped or rewritten here to charge the work it does (bytes
 * copied, compared or scanned, elements moved) to the same budget, checking
 * the deadline as it goes.  A call draws its budget from the run budget of
 * the thread's unit of work (sandbox_budget_begin) when one was begun.
 */
#define _GNU_SOURCE 1	/* memmem */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
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

/* The count hook fires every this many VM instructions, while the state
 * holds no more than HOOK_BYTES (see hook_period). */
#define HOOK_EVERY 1000
#define HOOK_BYTES (256u << 10)
/* Charged work between two looks at the clock. */
#define CLOCK_EVERY 65536
/* An allocation this large is charged and looks at the clock. */
#define ALLOC_LOOK (64u << 10)

struct sandbox {
	lua_State *L;
	size_t used, cap;
	int depth;			/* inside sandbox_call/_load */
	long budget;			/* instructions left in this call */
	long armed;			/* budget when the call began */
	int every;			/* the count hook's period */
	long ticks;			/* charged since the clock was read */
	struct timespec start;		/* of this call */
	struct timespec deadline;	/* of this call */
	int spent;			/* a limit tripped: fail forever */
	const char *why;		/* which limit */
	char trip_where[256];		/* where the limit tripped */
	/* the last allocation refused: Lua collects garbage and asks once
	 * more, and only a second refusal of the same request is final */
	const void *refused_ptr;
	size_t refused_size;
	int refused;
	unsigned long nrefused;		/* refusals, final or not */
	struct strv chunks;		/* names of the chunks loaded */
};

/* What is left of the unit of work this thread runs (sandbox.h). */
static _Thread_local struct sandbox_budget run;

static const char MEMORY_LIMIT[] = "memory limit";

static void sandbox_where(struct sandbox *sb, lua_State *L, char *out,
			  size_t size);
static void sandbox_hook(lua_State *L, lua_Debug *ar);
static void hook_tighten(struct sandbox *sb);

void sandbox_budget_begin(void)
{
	run.begun = 1;
	run.instructions = SANDBOX_RUN_BUDGET;
	run.ns = (long long)SANDBOX_RUN_DEADLINE_MS * 1000000LL;
}

void sandbox_budget_end(void)
{
	run.begun = 0;
}

void sandbox_budget_enter(struct sandbox_budget *outer)
{
	*outer = run;
	sandbox_budget_begin();
}

void sandbox_budget_leave(const struct sandbox_budget *outer)
{
	run = *outer;
}

/* Marks the sandbox spent by limit why, and makes the hook fail at the
 * very next instruction. */
static void sandbox_spend(struct sandbox *sb, const char *why)
{
	if (sb->spent)
		return;
	sb->spent = 1;
	sb->why = why;
	lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, 1);
}

/* The same, remembering where the running code is. */
static void sandbox_trip(struct sandbox *sb, const char *why)
{
	if (sb->spent)
		return;
	sandbox_where(sb, sb->L, sb->trip_where, sizeof(sb->trip_where));
	sandbox_spend(sb, why);
}

/* Counts every byte the state holds and refuses to go past the cap while
 * Lua runs; the engine's own steps between calls are never refused (they
 * run in protected calls where they can be, and are bounded by the module's
 * size, not by what pack code does), so no refusal can reach Lua's panic. */
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
	if (nsize > old && sb->depth && sb->used - old + nsize > sb->cap) {
		/* final: the state is unusable, as when a budget is spent,
		 * even if pack code catches the error */
		if (sb->refused && sb->refused_ptr == ptr &&
		    sb->refused_size == nsize)
			sandbox_trip(sb, MEMORY_LIMIT);
		else if (!sb->spent)	/* where, should Lua raise it now */
			sandbox_where(sb, sb->L, sb->trip_where,
				      sizeof(sb->trip_where));
		sb->nrefused++;
		sb->refused = 1;
		sb->refused_ptr = ptr;
		sb->refused_size = nsize;
		return NULL;
	}
	p = realloc(ptr, nsize);
	if (!p)
		return NULL;
	sb->refused = 0;
	sb->used = sb->used - old + nsize;
	/* Large blocks are where one VM instruction (a concatenation) does
	 * much work: charge them and look at the clock. */
	if (nsize - old >= ALLOC_LOOK && nsize > old && sb->depth &&
	    !sb->spent) {
		sb->budget -= (long)((nsize - old) >> 4);
		if (sb->budget <= 0)
			sandbox_trip(sb, "instruction limit");
		else if (timespec_past(&sb->deadline))
			sandbox_trip(sb, "time limit");
		else
			hook_tighten(sb);
	}
	return p;
}

/* Where the running Lua code is: "FILE:LINE" of the innermost Lua function
 * with a line; else the first chunk loaded (the module file), or "?". */
static void sandbox_where(struct sandbox *sb, lua_State *L, char *out,
			  size_t size)
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
	snprintf(out, size, "%s", sb->chunks.n ? sb->chunks.v[0] : "?");
}

size_t sandbox_memory(const struct sandbox *sb)
{
	return sb->used;
}

int sandbox_spent(const struct sandbox *sb)
{
	return sb->spent;
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

/* Raises the error of the limit that tripped, naming where it tripped:
 * a later instruction that fails only because the sandbox is spent is not
 * the author's mistake. */
static int sandbox_raise(struct sandbox *sb, lua_State *L)
{
	if (sb->why == MEMORY_LIMIT)
		lua_pushfstring(L, "%s: memory limit of %d MiB exceeded",
				sb->trip_where, (int)(SANDBOX_MEMORY_CAP >> 20));
	else
		lua_pushfstring(L, "%s: %s exceeded (a loop that never "
				"ends?)", sb->trip_where, sb->why);
	return lua_error(L);
}

/*
 * How many instructions may pass between two looks at the budget and the
 * clock.  One instruction may do work in proportion to the longest string
 * (comparing two strings of zero bytes, or reading one as a number), and
 * the longest string is bounded by the memory the state holds: so the
 * more it holds, the more often the hook looks, down to every instruction
 * (past 8 MiB), keeping the overrun of a deadline to a fraction of a
 * second.  Legitimate packs hold far less and keep HOOK_EVERY.
 */
static int hook_period(const struct sandbox *sb)
{
	double r;
	long every;

	if (sb->used <= HOOK_BYTES) {
		every = HOOK_EVERY;
	} else {
		r = (double)HOOK_BYTES / (double)sb->used;
		every = (long)(HOOK_EVERY * r * r);
	}
	if (every > sb->budget)
		every = sb->budget;
	return every < 1 ? 1 : (int)every;
}

/* Makes the hook look sooner when the state has grown. */
static void hook_tighten(struct sandbox *sb)
{
	int every = hook_period(sb);

	if (every < sb->every) {
		sb->every = every;
		lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, every);
	}
}

/* Fails the running code once the budget or the deadline is used up. */
static void sandbox_hook(lua_State *L, lua_Debug *ar)
{
	struct sandbox *sb;

	(void)ar;
	lua_getallocf(L, (void **)&sb);
	if (!sb->spent) {
		sb->budget -= sb->every;
		if (sb->budget <= 0) {
			sandbox_trip(sb, "instruction limit");
		} else if (timespec_past(&sb->deadline)) {
			sandbox_trip(sb, "time limit");
		} else {
			int every = hook_period(sb);

			if (every != sb->every) {
				sb->every = every;
				lua_sethook(L, sandbox_hook, LUA_MASKCOUNT,
					    every);
			}
			return;
		}
	}
	sandbox_raise(sb, L);
}

/* Charges work done inside a C function to the budget, as the hook does
 * for instructions, and fails like the hook once a limit is reached. */
static void charge(lua_State *L, size_t units)
{
	struct sandbox *sb;

	lua_getallocf(L, (void **)&sb);
	if (!sb->spent) {
		long u = units > (size_t)LONG_MAX / 2 ? LONG_MAX / 2 :
							(long)units;

		sb->budget -= u;
		sb->ticks += u;
		if (sb->budget <= 0) {
			sandbox_trip(sb, "instruction limit");
		} else if (sb->ticks >= CLOCK_EVERY) {
			sb->ticks = 0;
			if (!timespec_past(&sb->deadline))
				return;
			sandbox_trip(sb, "time limit");
		} else {
			return;
		}
	}
	sandbox_raise(sb, L);
}

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
	charge(L, units);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	if ((how >> 16) & 0xf) {
		n = lua_gettop(L);
		for (units = (size_t)n, i = 1;
		     i <= n && ((how >> 16) & 0xf) == BYTES; i++)
			units += copied(strlen_at(L, i));
		charge(L, units);
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

	charge(L, strlen_at(L, 2) + 1);
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
	charge(L, copied(total));
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

	charge(L, strlen_at(L, 3) + 1);
	pos = luaL_optinteger(L, 3, 1);
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
	charge(L, copied((ls - init) + lp));
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
		sandbox_spend(sb, MEMORY_LIMIT);	/* where it refused */
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

/* An integer argument, charged for reading a string given for it. */
static lua_Integer opt_int(lua_State *L, int idx, lua_Integer def)
{
	charge(L, strlen_at(L, idx) + 1);
	return luaL_optinteger(L, idx, def);
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
		charge(L, mul_sat((size_t)(e - pos), access_cost(L)));
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
		charge(L, mul_sat((size_t)(size - pos), access_cost(L)));
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

	if (lua_isnoneornil(L, 3)) {
		e = luaL_len(L, 1);
	} else {
		charge(L, strlen_at(L, 3) + 1);
		e = luaL_checkinteger(L, 3);
	}
	if (i > e)
		return 0;
	n = (lua_Unsigned)e - (lua_Unsigned)i;
	if (n >= (unsigned int)INT_MAX || !lua_checkstack(L, (int)(++n)))
		return luaL_error(L, "too many results to unpack");
	charge(L, mul_sat((size_t)n, access_cost(L)));
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
		charge(L, copied(strlen_at(L, -1) + lsep) + access_cost(L));
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
		charge(L, cost);
		return lua_compare(L, a, b, LUA_OPLT);
	}
	charge(L, cost);
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

/* Lua's last word before it aborts: a failed allocation outside any
 * protected call.  The allocator never refuses there, so this is a bug. */
static int sandbox_panic(lua_State *L)
{
	const char *msg = lua_type(L, -1) == LUA_TSTRING ?
				  lua_tostring(L, -1) : "?";

	fprintf(stderr, "vigil: Lua error outside a protected call: %s\n",
		msg);
	return 0;	/* Lua aborts */
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
	lua_atpanic(sb->L, sandbox_panic);
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

/* Nanoseconds since from: the time a call spent in Lua. */
static long long elapsed_ns(const struct timespec *from)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - from->tv_sec) * 1000000000LL +
	       (now.tv_nsec - from->tv_nsec);
}

/* Arms the budget and the deadline for one call into Lua: the per-call
 * limits, or what is left of the thread's run budget if that is less. */
static void sandbox_arm(struct sandbox *sb)
{
	long long ns = (long long)SANDBOX_DEADLINE_MS * 1000000LL;
	long budget = SANDBOX_BUDGET;

	if (run.begun) {
		if (run.instructions < budget)
			budget = run.instructions > 0 ? run.instructions : 0;
		if (run.ns < ns)
			ns = run.ns > 0 ? run.ns : 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &sb->start);
	sb->deadline.tv_sec = sb->start.tv_sec + (time_t)(ns / 1000000000LL);
	sb->deadline.tv_nsec = sb->start.tv_nsec + (long)(ns % 1000000000LL);
	if (sb->deadline.tv_nsec >= 1000000000L) {
		sb->deadline.tv_sec++;
		sb->deadline.tv_nsec -= 1000000000L;
	}
	sb->budget = sb->armed = budget;
	sb->ticks = 0;
	/* nothing left: fail at the first instruction */
	sb->every = ns == 0 ? 1 : hook_period(sb);
	sb->refused = 0;
	if (!sb->spent)
		sb->trip_where[0] = '\0';
	sb->depth++;
	lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, sb->every);
}

/* Ends a call into Lua, drawing what it used from the run budget. */
static void sandbox_disarm(struct sandbox *sb)
{
	sb->depth--;
	lua_sethook(sb->L, NULL, 0, 0);
	if (run.begun) {
		run.instructions -= sb->armed - (sb->budget > 0 ? sb->budget :
								  0);
		run.ns -= elapsed_ns(&sb->start);
	}
}

/* Gives errors without a position the position of the running code; never
 * calls back into Lua (no __tostring), since the error may be a limit. */
static int sandbox_msgh(lua_State *L)
{
	struct sandbox *sb;
	char where[256];

	lua_getallocf(L, (void **)&sb);
	if (lua_type(L, 1) == LUA_TSTRING) {
		const char *msg = lua_tostring(L, 1);
		const char *colon = strchr(msg, ':');

		if (colon && colon[1] >= '0' && colon[1] <= '9')
			return 1;	/* already "FILE:LINE: ..." */
		sandbox_where(sb, L, where, sizeof(where));
		lua_pushfstring(L, "%s: %s", where, msg);
		return 1;
	}
	sandbox_where(sb, L, where, sizeof(where));
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

/* The message of the limit that made the sandbox spent. */
static char *spent_message(struct sandbox *sb)
{
	if (sb->why == MEMORY_LIMIT)
		return xasprintf("%s: memory limit of %u MiB exceeded",
				 sb->trip_where, SANDBOX_MEMORY_CAP >> 20);
	return xasprintf("%s: %s exceeded (a loop that never ends?)",
			 sb->trip_where, sb->why);
}

/* Turns a failed pcall's status and message into "FILE:LINE: text". */
static char *sandbox_message(struct sandbox *sb, int status)
{
	const char *msg = lua_type(sb->L, -1) == LUA_TSTRING ?
				  lua_tostring(sb->L, -1) : NULL;

	if (status == LUA_ERRMEM) {
		/* a refusal Lua raised at once, without a second try: where
		 * the allocator said no */
		if (!sb->spent) {
			if (!sb->trip_where[0])
				snprintf(sb->trip_where,
					 sizeof(sb->trip_where), "%s",
					 sb->chunks.n ? sb->chunks.v[0] : "?");
			sb->spent = 1;
			sb->why = MEMORY_LIMIT;
		}
		return spent_message(sb);
	}
	if (sb->spent && sb->why == MEMORY_LIMIT)
		return spent_message(sb);
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
	/* A binary chunk is known by its signature alone; loading in text
	 * mode below then refuses nothing else as binary. */
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
	sandbox_disarm(sb);
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
		*msg = sb->why == MEMORY_LIMIT ?
			       xasprintf("memory limit exceeded earlier; this "
					 "session cannot go on") :
			       xasprintf("%s exceeded earlier; this session "
					 "cannot go on", sb->why);
		lua_pop(L, nargs + 1);
		return -1;
	}
	base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, sandbox_msgh);
	lua_insert(L, base);
	sandbox_arm(sb);
	status = lua_pcall(L, nargs, nresults, base);
	sandbox_disarm(sb);
	if (status == LUA_OK && sb->spent) {
		/* A limit tripped (or memory was refused), pack code caught
		 * the error and returned normally: the call still failed. */
		lua_settop(L, base - 1);
		*msg = spent_message(sb);
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

int sandbox_run(struct sandbox *sb, lua_CFunction fn, void *ud, char **msg)
{
	lua_pushcfunction(sb->L, fn);
	lua_pushlightuserdata(sb->L, ud);
	return sandbox_call(sb, 1, 0, msg);
}

int sandbox_run_file(struct sandbox *sb, const char *path, int nresults,
		     char **src, size_t *srclen, char **msg)
{
	char *code;
	size_t len;
	int ret = 0;

	if (src)
		*src = NULL;
	if (read_file(path, SANDBOX_SOURCE_CAP, &code, &len) < 0) {
		int e = errno;

		lua_pop(sb->L, 1);
		errno = e;
		return SANDBOX_UNREAD;
	}
	if (src) {
		*src = code;
		*srclen = len;
	}
	if (sandbox_load(sb, code, len, path, msg) < 0 ||
	    sandbox_call(sb, 0, nresults, msg) < 0)
		ret = -1;
	if (!src)
		free(code);
	return ret;
}
