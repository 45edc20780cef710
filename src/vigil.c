/*
 * vigil.c - the command line: global options, then one command from the
 * table in cmd.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cmd.h"
#include "pack.h"
#include "plugin.h"
#include "sandbox.h"
#include "util.h"

static void usage(FILE *out)
{
	const struct cmd_entry *const *e;

	fputs("usage: vigil [--db PATH] [--packs DIR]... [--plugins DIR]... "
	      "COMMAND [ARGS]\n", out);
	if (out != stdout)
		return;
	fputs("\nSafeguarding training for school staff: take modules, write "
	      "packs, keep records.\n\nCommands:\n", out);
	for (e = cmd_table; *e; e++)
		fprintf(out, "  %-16s %s\n", (*e)->name, (*e)->summary);
	for (e = cmd_table; *e; e++) {
		const struct cmd_entry *const *sub;

		for (sub = (*e)->subcommands; sub && *sub; sub++) {
			char name[32];

			snprintf(name, sizeof(name), "%s %s", (*e)->name,
				 (*sub)->name);
			fprintf(out, "  %-16s %s\n", name, (*sub)->summary);
		}
	}
	fputs("\nOptions:\n"
	      "  --db PATH      the records database (default $VIGIL_DB, else\n"
	      "                 $XDG_DATA_HOME/vigil/vigil.db)\n"
	      "  --packs DIR    also look for packs in DIR (before "
	      "$VIGIL_PACKS)\n"
	      "  --plugins DIR  also look for plugins in DIR (before "
	      "$VIGIL_PLUGINS)\n"
	      "  -h, --help     this help; COMMAND --help for a command's\n"
	      "  --version      the version\n", out);
}

/* The default database: $VIGIL_DB, else under $XDG_DATA_HOME or ~. */
static char *default_db(void)
{
	const char *env = getenv("VIGIL_DB"), *xdg, *home;

	if (env && *env)
		return xstrdup(env);
	xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg)
		return xasprintf("%s/vigil/vigil.db", xdg);
	home = getenv("HOME");
	return xasprintf("%s/.local/share/vigil/vigil.db",
			 home && *home ? home : ".");
}

int main(int argc, char **argv)
{
	struct cmd_ctx ctx = { 0 };
	struct strv opt_packs = STRV_INIT, opt_plugins = STRV_INIT;
	const struct cmd_entry *e;
	char *db = NULL;
	int i, ret;

	if (sodium_init() < 0)
		return error("cannot initialise libsodium"), EXIT_FAILED;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--version")) {
			printf("vigil %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		} else if (!strcmp(a, "--db") || !strcmp(a, "--packs") ||
			   !strcmp(a, "--plugins")) {
			if (i + 1 >= argc) {
				error("%s needs a value", a);
				usage(stderr);
				return EXIT_USAGE;
			}
			if (!strcmp(a, "--db")) {
				free(db);
				db = xstrdup(argv[++i]);
			} else if (!strcmp(a, "--packs")) {
				strv_push(&opt_packs, argv[++i]);
			} else {
				strv_push(&opt_plugins, argv[++i]);
			}
		} else {
			error("unknown option '%s'", a);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	e = cmd_find(cmd_table, argv[i]);
	if (!e) {
		error("'%s' is not a vigil command; see vigil --help", argv[i]);
		return EXIT_USAGE;
	}
	ctx.db_given = db != NULL;
	ctx.db = db ? db : (db = default_db());
	pack_dirs(&opt_packs, &ctx.pack_dirs);
	plugin_dirs(&opt_plugins, &ctx.plugin_dirs);
	sandbox_budget_begin();	/* all pack code the command runs */
	if (!e->subcommands &&
	    cmd_help_requested(e, NULL, argc - i, argv + i))
		ret = EXIT_OK;
	else if (e->subcommands)
		ret = cmd_dispatch(e, &ctx, argc - i, argv + i);
	else
		ret = e->exec(&ctx, argc - i, argv + i);
	strv_free(&opt_packs);
	strv_free(&opt_plugins);
	strv_free(&ctx.pack_dirs);
	strv_free(&ctx.plugin_dirs);
	free(db);
	return ret;
}
