/*
 * plugin.h - question types and exporters written in Lua (doc/plugins.md).
 *
 * A plugin of kind K named N is the first file K/N.lua in the plugin
 * folders.  It runs in the sandbox of whatever uses it, in an environment
 * of its own, and returns a table whose `api` is from PLUGIN_API_OLDEST
 * to PLUGIN_API.  From API 2 the engine checks the fields every question
 * has, a question type lists only its own, and functions an API adds are
 * optional; API 1 plugins are run as they were written.
 */
#ifndef VIGIL_PLUGIN_H
#define VIGIL_PLUGIN_H

#include "strv.h"

struct sandbox;
struct lua_State;

#define PLUGIN_API_OLDEST 1
#define PLUGIN_API 2

/* The plugin file for kind/name.lua (malloc'd), or NULL if none. */
char *plugin_find(const struct strv *dirs, const char *kind, const char *name);

/*
 * Runs the plugin file at path with the table on top of the stack as its
 * environment (popped) and pushes the table it returns, checked to be a
 * table whose api is one this vigil supports.  Returns 0, or -1 with *msg
 * set.  [-1, +1 on success / +0 on failure]
 */
int plugin_load(struct sandbox *sb, const char *path, char **msg);

/* The api of the plugin table at idx, as plugin_load checked it. */
int plugin_api_of(struct lua_State *L, int idx);

/*
 * Loads a question-type plugin into sb (once per sandbox: later calls reuse
 * it) and pushes its table.  Returns 0, or -1 with *msg set (malloc'd).
 * [-0, +1 on success / +0 on failure]
 */
int plugin_push_question(struct sandbox *sb, const struct strv *dirs,
			 const char *type, char **msg);

/*
 * Runs check(q, report) of the question type below q and report on the
 * stack (popping those two), and from API 2 the engine's checks of the
 * fields every question has, each problem given to report(message, field).
 * Returns as sandbox_call does.  [-2, +0]
 */
int plugin_question_check(struct sandbox *sb, char **msg);

/*
 * Pushes max(q) of the question type below q on the stack (popping q): the
 * plugin's, else the author's score, else 1.  The caller checks the value.
 * Returns as sandbox_call does.  [-1, +1 on success / +0 on failure]
 */
int plugin_question_max(struct sandbox *sb, char **msg);

/* The names of the plugins of kind in the folders dirs, sorted, each
 * once. */
void plugin_names(const struct strv *dirs, const char *kind,
		  struct strv *out);

/* The plugin folders that exist: --plugins, $VIGIL_PLUGINS, installed. */
void plugin_dirs(const struct strv *opt_dirs, struct strv *out);

#endif
