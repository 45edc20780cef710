/* cmd-pack.c - `vigil pack SUBCOMMAND`: the author's tools. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "util.h"

/* Hands over to the subcommand from cmd_pack_table. */
static int cmd_pack_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry *const *e;
	const struct cmd_entry *sub;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		FILE *out = argc < 2 ? stderr : stdout;

		fputs("usage: vigil pack SUBCOMMAND [ARGS]\n\n", out);
		for (e = cmd_pack_table; *e; e++)
			fprintf(out, "  vigil pack %s %s\n      %s\n", (*e)->name,
				(*e)->usage, (*e)->summary);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	sub = cmd_find(cmd_pack_table, argv[1]);
	if (!sub) {
		error("'%s' is not a pack subcommand; see vigil pack --help",
		      argv[1]);
		return EXIT_USAGE;
	}
	if (cmd_help_requested(sub, "pack", argc - 1, argv + 1))
		return EXIT_OK;
	return sub->exec(ctx, argc - 1, argv + 1);
}

const struct cmd_entry cmd_pack_entry = {
	.name = "pack",
	.usage = "SUBCOMMAND [ARGS]",
	.summary = "tools for pack authors (see vigil pack --help)",
	.help = "",
	.exec = cmd_pack_exec,
};
