/* cmd.c - the command table and what every command shares. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "util.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_packs_entry,
	&cmd_pack_entry,
	NULL
};

const struct cmd_entry *const cmd_pack_table[] = {
	&cmd_pack_play_entry,
	&cmd_pack_check_entry,
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

	fputs("vigil: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cmd_usage(e, prefix, stderr);
	return EXIT_USAGE;
}
