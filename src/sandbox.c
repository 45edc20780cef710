/*
 * sandbox.c - running untrusted pack and plugin code safely.
 *
 * Built from what went wrong elsewhere (SECURITY.md): the state is made with
 * lua_newstate and our own capped allocator, only the allowed libraries are
 * opened and then copied by name into each chunk's environment, chunks are
 * loaded as text only, and a count hook enforces an instruction budget and a
 * deadline on every call.  Once a limit trips, the hook fires on every
 * instruction and fails each time, so no pcall in pack code can swallow it.
 * Work done inside C functions, which hooks do not see, is charged to the
 * same budget by sandbox_charge (the library is in sandbox-lib.c).  A call
 * draws its budget from the run budget of the thread's unit of work
 * (sandbox_budget_begin) when one was begun.
 */
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
#include "sandbox-internal.h"
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

/* What is left of the unit of work this thread runs (sandbox.h). */
static _Thread_local struct sandbox_budget run;

const char sandbox_memory_limit[] = "memory limit";

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
void sandbox_spend(struct sandbox *sb, const char *why)
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
			sandbox_trip(sb, sandbox_memory_limit);
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

/* Writes the message of the limit that made the sandbox spent, naming
 * where it tripped, for Lua's error and for the caller's alike. */
static void limit_text(const struct sandbox *sb, char *out, size_t size)
{
	if (sb->why == sandbox_memory_limit)
		snprintf(out, size, "%s: memory limit of %u MiB exceeded",
			 sb->trip_where, SANDBOX_MEMORY_CAP >> 20);
	else
		snprintf(out, size, "%s: %s exceeded (a loop that never "
			 "ends?)", sb->trip_where, sb->why);
}

/* Raises the error of the limit that tripped, naming where it tripped:
 * a later instruction that fails only because the sandbox is spent is not
 * the author's mistake. */
static int sandbox_raise(struct sandbox *sb, lua_State *L)
{
	char text[sizeof(sb->trip_where) + 64];

	limit_text(sb, text, sizeof(text));
	lua_pushstring(L, text);
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
void sandbox_charge(lua_State *L, size_t units)
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
	lua_pushcfunction(sb->L, sandbox_lib_setup);
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
	char text[sizeof(sb->trip_where) + 64];

	limit_text(sb, text, sizeof(text));
	return xstrdup(text);
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
			sb->why = sandbox_memory_limit;
		}
		return spent_message(sb);
	}
	if (sb->spent && sb->why == sandbox_memory_limit)
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
		*msg = sb->why == sandbox_memory_limit ?
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
