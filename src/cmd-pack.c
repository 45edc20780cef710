/* cmd-pack.c - `vigil pack SUBCOMMAND`: the author's tools. */
#include "config.h"

#include "cmd.h"

const struct cmd_entry cmd_pack_entry = {
	.name = "pack",
	.usage = "SUBCOMMAND [ARGS]",
	.summary = "tools for pack authors (see vigil pack --help)",
	.help = "",
	.subcommands = cmd_pack_table,
};
