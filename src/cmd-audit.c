/*
 * cmd-audit.c - `vigil audit [--since DATE]`: who did what on the admin
 * side, oldest first (SPEC §4).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cmd.h"
#include "store.h"
#include "table.h"
#include "util.h"

/* Adds an audit row to the table for store_audit_walk(); the table makes
 * each cell one line of text, so nothing read from the database can drive
 * the terminal. */
static int add_row(void *ctx, const struct audit_entry *e)
{
	struct table *t = ctx;

	table_add(t, e->at);
	table_add(t, e->actor);
	table_add(t, e->action);
	table_add(t, e->detail && *e->detail ? e->detail : NULL);
	return 0;
}

/* Prints the audit log, or its rows since a day or a time. */
static int cmd_audit_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char *const head[] = { "TIME", "ACTOR", "ACTION",
					    "DETAIL" };
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	struct store *st = NULL;
	struct table t;
	const char *since = NULL;
	char *msg = NULL;
	int c, ret = EXIT_FAILED;
	time_t when;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c != 's')
			return cmd_option_error(&cmd_audit_entry, NULL, c,
						argv);
		if (parse_time(optarg, &when) < 0)
			return cmd_usage_error(&cmd_audit_entry, NULL,
					       "--since needs a date "
					       "(YYYY-MM-DD) or a time "
					       "(YYYY-MM-DDTHH:MM:SSZ), not "
					       "'%s'", optarg);
		since = optarg;
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_audit_entry, NULL,
				       "unexpected argument '%s'",
				       argv[optind]);
	if (store_open_existing(ctx->db, &st, &msg) < 0) {
		error("%s", msg);
		free(msg);
		return EXIT_FAILED;
	}
	table_init(&t, ARRAY_SIZE(head), head);
	if (store_audit_walk(st, since, add_row, &t, &msg) < 0) {
		error("%s", msg);
		table_free(&t);
		goto out;
	}
	if (!table_rows(&t)) {
		if (since)
			printf("Nothing in the audit log since %s.\n", since);
		else
			printf("Nothing in the audit log yet.\n");
	}
	table_print(&t, stdout);
	if (fflush(stdout) == EOF) {
		error("cannot write to standard output");
		goto out;
	}
	ret = EXIT_OK;
out:
	free(msg);
	store_close(st);
	return ret;
}

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.usage = "[--since DATE]",
	.summary = "who did what on the admin side, oldest first",
	.help = "One line for each change to the roster, groups, roles, "
		"assignments and\nsettings, each sign-in to the admin pages, "
		"reminder sent and erasure: when\n(UTC), who (\"command "
		"line\" for these commands), what, and about what.\nAn "
		"erased person's details are gone from it too.\n\n"
		"  --since DATE  only from DATE (YYYY-MM-DD, or a time "
		"YYYY-MM-DDTHH:MM:SSZ)\n",
	.exec = cmd_audit_exec,
};
