/* cmd.c - the command table and what every command shares. */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "util.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_packs_entry,
	&cmd_take_entry,
	&cmd_serve_entry,
	&cmd_records_entry,
	&cmd_export_entry,
	&cmd_certificate_entry,
	&cmd_verify_entry,
	&cmd_backup_entry,
	&cmd_learner_entry,
	&cmd_assign_entry,
	&cmd_unassign_entry,
	&cmd_settings_entry,
	&cmd_remind_entry,
	&cmd_audit_entry,
	&cmd_admin_entry,
	&cmd_pack_entry,
	NULL
};

const struct cmd_entry *const cmd_pack_table[] = {
	&cmd_pack_play_entry,
	&cmd_pack_check_entry,
	&cmd_pack_test_entry,
	&cmd_pack_new_entry,
	&cmd_pack_map_entry,
	&cmd_pack_preview_entry,
	NULL
};

const struct cmd_entry *cmd_find(const struct cmd_entry *const *table,
				 const char *name)
{
	for (; *table; table++)
		if (!strcmp((*table)->name, name))
			return *table;
	return NULL;
}

void cmd_usage(const struct cmd_entry *e, const char *prefix, FILE *out)
{
	fprintf(out, "usage: vigil %s%s%s%s%s\n", prefix ? prefix : "",
		prefix ? " " : "", e->name, *e->usage ? " " : "", e->usage);
	if (out == stdout) {
		fprintf(out, "\n%s\n", e->summary);
		if (e->help && *e->help)
			fprintf(out, "\n%s", e->help);
	}
}

int cmd_help_requested(const struct cmd_entry *e, const char *prefix,
		       int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			cmd_usage(e, prefix, stdout);
			return 1;
		}
	}
	return 0;
}

int cmd_usage_error(const struct cmd_entry *e, const char *prefix,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
	cmd_usage(e, prefix, stderr);
	return EXIT_USAGE;
}

int cmd_dispatch(const struct cmd_entry *parent, struct cmd_ctx *ctx,
		 int argc, char **argv)
{
	const struct cmd_entry *const *e;
	const struct cmd_entry *sub;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		FILE *out = argc < 2 ? stderr : stdout;

		fprintf(out, "usage: vigil %s SUBCOMMAND [ARGS]\n\n%s\n\n",
			parent->name, parent->summary);
		for (e = parent->subcommands; *e; e++)
			fprintf(out, "  vigil %s %s%s%s\n      %s\n", parent->name,
				(*e)->name, *(*e)->usage ? " " : "",
				(*e)->usage, (*e)->summary);
		if (parent->help && *parent->help)
			fprintf(out, "\n%s", parent->help);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	sub = cmd_find(parent->subcommands, argv[1]);
	if (!sub) {
		error("'%s' is not a subcommand of vigil %s; see vigil %s "
		      "--help", argv[1], parent->name, parent->name);
		return EXIT_USAGE;
	}
	if (cmd_help_requested(sub, parent->name, argc - 1, argv + 1))
		return EXIT_OK;
	return sub->exec(ctx, argc - 1, argv + 1);
}

int cmd_option_error(const struct cmd_entry *e, const char *prefix, int c,
		     char **argv)
{
	/* getopt sets optopt for a known option that lacks its value. */
	if (c == ':' || (optopt && !strncmp(argv[optind - 1], "--", 2)))
		return cmd_usage_error(e, prefix, "%s needs a value",
				       argv[optind - 1]);
	return cmd_usage_error(e, prefix, "unknown option '%s'",
			       argv[optind - 1]);
}
