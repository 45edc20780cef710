/*
 * test-sandbox.c - the sandbox API when pack code fills memory inside a
 * pcall and keeps it: the call fails at the line that filled it, the state
 * stays spent (a later call or load fails at once, saying so) while the
 * memory stays within the cap, and the process goes on to run a fresh
 * sandbox.  Prints TAP ("ok N - what");
 * exits 1 if any check failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>

#include "sandbox.h"
#include "tap.h"

/* A chunk that catches the refusal of memory and keeps what it filled. */
static const char keep[] =
	"keep = {}\n"
	"local ok = pcall(function() local s = ('x'):rep(2^20)"
	" for i = 1, 1e9 do keep[i] = s .. i end end)\n"
	"return ok, #keep\n";

/* Loads code as name in a fresh environment and calls it for one result:
 * the result of sandbox_call, with *msg set on failure. */
static int run(struct sandbox *sb, const char *code, const char *name,
	       char **msg)
{
	sandbox_push_env(sb);
	if (sandbox_load(sb, code, strlen(code), name, msg) < 0)
		return -1;
	return sandbox_call(sb, 0, 1, msg);
}

int main(void)
{
	struct sandbox *sb = sandbox_new();
	lua_State *L;
	char *msg = NULL;
	size_t held;

	check(sb != NULL, "a sandbox");
	if (!sb)
		return tap_done();
	L = sandbox_state(sb);
	/* Loaded before the fill: a function to call on the spent state. */
	sandbox_push_env(sb);
	check(sandbox_load(sb, "return 1\n", 9, "later.lua", &msg) == 0,
	      "a chunk loaded for later");
	check(run(sb, keep, "keep.lua", &msg) < 0,
	      "a chunk that keeps memory after a caught refusal fails");
	printf("# %s\n", msg ? msg : "(no message)");
	check(msg && !strcmp(msg, "keep.lua:2: memory limit of 32 MiB "
			     "exceeded"),
	      "at the line that filled it, naming the limit");
	check(sandbox_spent(sb), "the sandbox is spent");
	held = sandbox_memory(sb);
	check(held > (SANDBOX_MEMORY_CAP >> 1) && held <= SANDBOX_MEMORY_CAP,
	      "the memory is still held, within the cap");
	free(msg);
	msg = NULL;

	check(lua_type(L, -1) == LUA_TFUNCTION &&
	      sandbox_call(sb, 0, 1, &msg) < 0,
	      "the next call on the state fails at once");
	printf("# %s\n", msg ? msg : "(no message)");
	check(msg && strstr(msg, "memory limit exceeded earlier"),
	      "saying the memory limit was exceeded earlier");
	free(msg);
	msg = NULL;
	check(run(sb, "return 1\n", "next.lua", &msg) < 0 && msg &&
	      !strcmp(msg, "next.lua: memory limit exceeded earlier"),
	      "and so does loading another chunk, named");
	free(msg);
	msg = NULL;
	check(sandbox_memory(sb) <= SANDBOX_MEMORY_CAP,
	      "holding no more than the cap");
	sandbox_free(sb);

	sb = sandbox_new();
	check(sb && run(sb, "return 6 * 7\n", "fresh.lua", &msg) == 0 &&
	      lua_tointeger(sandbox_state(sb), -1) == 42,
	      "the process goes on: a fresh sandbox runs");
	free(msg);
	sandbox_free(sb);
	return tap_done();
}
