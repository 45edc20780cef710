/*
 * sandbox-internal.h - what the parts of the sandbox share (sandbox.h is
 * the public header): the state, which sandbox.c runs with its allocator,
 * hook and budget, and the charging that sandbox-lib.c's library functions
 * draw on.
 */
#ifndef VIGIL_SANDBOX_INTERNAL_H
#define VIGIL_SANDBOX_INTERNAL_H

#include <stddef.h>
#include <time.h>

#include <lua.h>

#include "strv.h"

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

/* The reason a state refused memory; compared by address (sb->why). */
extern const char sandbox_memory_limit[];

/*
 * Charges units of work done inside a C function to the budget, as the
 * hook does for instructions, and raises the limit's error (never
 * returning) once a limit is reached.
 */
void sandbox_charge(lua_State *L, size_t units);
/* Marks the sandbox spent by limit why: every later instruction fails. */
void sandbox_spend(struct sandbox *sb, const char *why);
/* Opens the allowed libraries and makes their charged versions, from
 * which sandbox_push_env copies (a lua_CFunction, run protected). */
int sandbox_lib_setup(lua_State *L);

#endif
