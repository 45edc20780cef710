/*
 * sandbox.h - the only way Vigil runs Lua.
 *
 * A sandbox is a fresh lua_State with a capped allocator, an allow-listed
 * environment (base, string, table, math, utf8 only), an instruction budget
 * and a wall-clock deadline that a pcall cannot swallow, capped string.rep,
 * no string patterns, no __gc, a protected string metatable and unknown
 * globals reported as errors.  See SECURITY.md.
 *
 * The hook cannot run inside C, so every library function offered charges
 * the work it does to the same budget (bytes scanned, copied or compared,
 * elements moved) and checks the deadline as it goes: find is linear, sort
 * is charged per comparison.  A front end begins a run budget for each unit
 * of work (a command, a web request, a playthrough): every call then draws
 * from what is left of it, so many calls each under the limit cannot add
 * up to more (doc/design.md).
 *
 * Once a limit trips, or the allocator refuses memory for good, the sandbox
 * is spent: the call fails even if pack code caught the error, and every
 * later call fails at once.  The cap applies while Lua runs; the engine's
 * own steps on a state run inside sandbox_call/sandbox_run where they can,
 * and are never refused outside them, so nothing a pack does can make Lua
 * abort the process.
 *
 * Every entry into Lua goes through sandbox_call(), which reports a failure
 * as one message "FILE:LINE: text" naming the author's file and line.
 */
#ifndef VIGIL_SANDBOX_H
#define VIGIL_SANDBOX_H

#include <stddef.h>
#include <lua.h>

/* Limits; tests and benchmarks rely on these defaults. */
#define SANDBOX_MEMORY_CAP	(32u << 20)	/* bytes per state */
#define SANDBOX_BUDGET		20000000L	/* VM instructions per call */
#define SANDBOX_DEADLINE_MS	400		/* wall clock per call */
#define SANDBOX_RUN_BUDGET	60000000L	/* instructions per unit of work */
#define SANDBOX_RUN_DEADLINE_MS	1000		/* wall clock in Lua per unit */
#define SANDBOX_REP_CAP		(1u << 20)	/* longest string.rep result */
#define SANDBOX_SOURCE_CAP	(1u << 20)	/* longest source file */

struct sandbox;

/*
 * Begins a unit of work on this thread: from now on every call into Lua on
 * this thread draws from one run budget of SANDBOX_RUN_BUDGET instructions
 * and SANDBOX_RUN_DEADLINE_MS of time spent in Lua, each call also at most
 * the per-call limits.
 */
void sandbox_budget_begin(void);

/*
 * A unit of work inside another, for work done once for many (a pack
 * loaded into a cache all requests share): sandbox_budget_enter() keeps
 * what is left of the outer unit in *outer and begins a fresh one;
 * sandbox_budget_leave() goes back to the outer unit as it was.  So a
 * pack that another pack loaded before it exhausted is judged on its own.
 */
struct sandbox_budget {
	int begun;
	long instructions;
	long long ns;
};
void sandbox_budget_enter(struct sandbox_budget *outer);
void sandbox_budget_leave(const struct sandbox_budget *outer);

/* Creates a sandbox; NULL only if Lua cannot even start. */
struct sandbox *sandbox_new(void);
void sandbox_free(struct sandbox *sb);
lua_State *sandbox_state(struct sandbox *sb);

/*
 * Pushes a new environment table: fresh copies of the allowed libraries and
 * functions, with a metatable that makes reading an unknown global an error.
 * Each chunk (pack file, plugin) gets its own, so none sees another's globals.
 * [-0, +1]
 */
void sandbox_push_env(struct sandbox *sb);

/*
 * Loads a text chunk of source code read from path, shown in messages as
 * name, with the table on top of the stack as its environment (popped).
 * Pushes the function.  Returns 0, or -1 with the message in *msg (malloc'd).
 * [-1, +1 on success / +0 on failure]
 */
int sandbox_load(struct sandbox *sb, const char *code, size_t len,
		 const char *name, char **msg);

/*
 * Calls the function below nargs arguments on the stack, like lua_pcall with
 * a message handler, under the budget and deadline (see above).  Returns 0,
 * or -1 with "FILE:LINE: message" in *msg (malloc'd).  Once a limit has
 * tripped, the sandbox is spent: every later call fails at once.
 */
int sandbox_call(struct sandbox *sb, int nargs, int nresults, char **msg);

/*
 * Runs the engine's fn with ud as its one argument inside sandbox_call, for
 * engine steps that allocate on a state pack code has run on.  Returns as
 * sandbox_call does; fn returns nothing.
 */
int sandbox_run(struct sandbox *sb, lua_CFunction fn, void *ud, char **msg);

/*
 * Reads the Lua file at path (at most SANDBOX_SOURCE_CAP bytes) and runs
 * it with the table on top of the stack as its environment (popped),
 * leaving nresults.  Returns 0; SANDBOX_UNREAD when the file cannot be
 * read, with errno set (EFBIG when too large) and *msg untouched; or -1
 * with "FILE:LINE: message" in *msg (malloc'd).  When src is not NULL it
 * gets the source read (malloc'd, NUL-terminated; NULL if unread) before
 * the file runs, so that C functions it calls can point into it; the
 * caller frees it.
 * [-1, +nresults on success / +0 on failure]
 */
#define SANDBOX_UNREAD (-2)
int sandbox_run_file(struct sandbox *sb, const char *path, int nresults,
		     char **src, size_t *srclen, char **msg);

/* Nonzero once a limit has tripped: the state must not be used again. */
int sandbox_spent(const struct sandbox *sb);

/* The bytes the state holds now. */
size_t sandbox_memory(const struct sandbox *sb);

/* The line of the Lua code that called the running C function, or 0. */
int sandbox_caller_line(lua_State *L);

#endif
