/*
 * sandbox.h - the only way Vigil runs Lua.
 *
 * A sandbox is a fresh lua_State with a capped allocator, an allow-listed
 * environment (base, string, table, math, utf8 only), an instruction budget
 * and a wall-clock deadline per call that a pcall cannot swallow, capped
 * string.rep, no string patterns, no __gc, a protected string metatable and
 * unknown globals reported as errors.  See SECURITY.md.
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
#define SANDBOX_REP_CAP		(1u << 20)	/* longest string.rep result */
#define SANDBOX_SOURCE_CAP	(1u << 20)	/* longest source file */

struct sandbox;

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
 * a message handler, under a fresh budget and deadline.  Returns 0, or -1 with
 * "FILE:LINE: message" in *msg (malloc'd).  Once the budget or deadline has
 * tripped, the sandbox is spent: every later call fails at once.
 */
int sandbox_call(struct sandbox *sb, int nargs, int nresults, char **msg);

/* The bytes the state holds now. */
size_t sandbox_memory(const struct sandbox *sb);

/* The line of the Lua code that called the running C function, or 0. */
int sandbox_caller_line(lua_State *L);

#endif
