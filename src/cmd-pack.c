/* cmd-pack.c - `vigil pack SUBCOMMAND`: the author's tools. */
#include "config.h"

#include "cmd.h"

/* Hands over to the subcommand from cmd_pack_table. */
static int cmd_pack_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	return cmd_dispatch(&cmd_pack_entry, ctx, argc, argv);
}

const struct cmd_entry cmd_pack_entry = {
	.name = "pack",
	.usage = "SUBCOMMAND [ARGS]",
	.summary = "tools for pack authors (see vigil pack --help)",
	.help = "",
	.exec = cmd_pack_exec,
	.subcommands = cmd_pack_table,
};
