/* cmd-pack-check.c - validate packs and report each problem at its line. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "pack.h"
#include "util.h"

/* Loads each pack folder and prints every diagnostic, sorted. */
static int cmd_pack_check_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct diags d = DIAGS_INIT;
	int i, npacks = 0;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && strcmp(argv[i], "-"))
			return cmd_usage_error(&cmd_pack_check_entry, "pack",
					       "unknown option '%s'", argv[i]);
	}
	if (argc < 2)
		return cmd_usage_error(&cmd_pack_check_entry, "pack",
				       "name at least one pack folder");
	for (i = 1; i < argc; i++) {
		struct pack *p = pack_load(argv[i], &ctx->plugin_dirs, &d);

		npacks++;
		pack_free(p);
	}
	diag_sort(&d);
	diag_print(&d, stderr);
	fprintf(stderr, "%d pack%s checked: %zu error%s, %zu warning%s\n",
		npacks, npacks == 1 ? "" : "s", d.errors,
		d.errors == 1 ? "" : "s", d.warnings,
		d.warnings == 1 ? "" : "s");
	i = d.errors ? EXIT_FAILED : EXIT_OK;
	diag_free(&d);
	return i;
}

const struct cmd_entry cmd_pack_check_entry = {
	.name = "check",
	.usage = "DIR...",
	.summary = "validate packs: every problem as FILE:LINE: error: message",
	.help = "Loads each pack folder as Vigil would and reports every "
		"problem with the file\nand line where the author can fix it. "
		"Exit status 1 if any pack has errors.\n",
	.exec = cmd_pack_check_exec,
};
