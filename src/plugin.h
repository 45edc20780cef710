/*
 * plugin.h - question types and exporters written in Lua (doc/plugins.md).
 *
 * A plugin of kind K named N is the first file K/N.lua in the plugin
 * folders.  It runs in the sandbox of whatever uses it, in an environment
 * of its own, and returns a table whose `api` is PLUGIN_API.
 */
#ifndef VIGIL_PLUGIN_H
#define VIGIL_PLUGIN_H

#include "strv.h"

struct sandbox;

#define PLUGIN_API 1

/* The plugin file for kind/name.lua (malloc'd), or NULL if none. */
char *plugin_find(const struct strv *dirs, const char *kind, const char *name);

/*
 * Runs the plugin file at path with the table on top of the stack as its
 * environment (popped) and pushes the table it returns, checked to be a
 * table whose api is PLUGIN_API.  Returns 0, or -1 with *msg set.
 * [-1, +1 on success / +0 on failure]
 */
int plugin_load(struct sandbox *sb, const char *path, char **msg);

/*
 * Loads a question-type plugin into sb (once per sandbox: later calls reuse
 * it) and pushes its table.  Returns 0, or -1 with *msg set (malloc'd).
 * [-0, +1 on success / +0 on failure]
 */
int plugin_push_question(struct sandbox *sb, const struct strv *dirs,
			 const char *type, char **msg);

/* The plugin folders that exist: --plugins, $VIGIL_PLUGINS, installed. */
void plugin_dirs(const struct strv *opt_dirs, struct strv *out);

#endif
