/* cmd-pack-test.c - run a pack's playthroughs and explore every path. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "packtest.h"

/* Tests each pack folder and ends with the one line CI looks for. */
static int cmd_pack_test_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct packtest_options o = { 0, stdout, stderr };
	struct packtest_counts c = { 0, 0 };
	int i, ndirs = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--strict"))
			o.strict = 1;
		else if (argv[i][0] == '-')
			return cmd_usage_error(&cmd_pack_test_entry, "pack",
					       "unknown option '%s'", argv[i]);
		else
			ndirs++;
	}
	if (!ndirs)
		return cmd_usage_error(&cmd_pack_test_entry, "pack",
				       "name at least one pack folder");
	for (i = 1; i < argc; i++)
		if (argv[i][0] != '-')
			packtest_run(argv[i], &ctx->plugin_dirs, &o, &c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed ? EXIT_FAILED : EXIT_OK;
}

const struct cmd_entry cmd_pack_test_entry = {
	.name = "test",
	.usage = "[--strict] DIR...",
	.summary = "run a pack's playthroughs and explore every way through "
		   "its modules",
	.help = "Runs the playthroughs in each pack's tests/*.lua, then "
		"explores every module:\nevery choice of every step it can "
		"reach, every answer to every question.\nReports pack code "
		"that fails, dead ends (steps from which no answer leads to\n"
		"the end) and a pass mark no way through reaches, each with "
		"the answers that\nlead there.  Then prints, per module, the "
		"steps and choices the playthroughs\nreach, and lists the "
		"ones they do not.\n\n  --strict  a module whose playthroughs "
		"leave a step or choice unreached fails\n\nThe last line is "
		"\"N passed, N failed\".  Exit status 1 if any test failed.\n",
	.exec = cmd_pack_test_exec,
};
