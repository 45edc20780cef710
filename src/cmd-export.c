/* cmd-export.c - export the records as CSV, JSON or xAPI statements. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "export.h"
#include "store.h"
#include "strv.h"
#include "util.h"

/* Says which formats there are, for an unknown --format. */
static int unknown_format(struct cmd_ctx *ctx, const char *format)
{
	struct strv names = STRV_INIT;
	struct buf b = BUF_INIT;
	size_t i;
	int ret;

	export_formats(&ctx->plugin_dirs, &names);
	for (i = 0; i < names.n; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", names.v[i]);
	ret = cmd_usage_error(&cmd_export_entry, NULL,
			      "no exporter for the format '%s' (found: %s); "
			      "an exporter is exporters/NAME.lua in the plugin "
			      "folders (--plugins, $VIGIL_PLUGINS, installed)",
			      format, b.len ? b.s : "none");
	buf_free(&b);
	strv_free(&names);
	return ret;
}

/* Runs the exporter named by --format over the selected attempts. */
static int cmd_export_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "since", required_argument, NULL, 's' },
		{ "pack", required_argument, NULL, 'p' },
		{ "base", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	struct attempt_filter filter = { 0 };
	struct export_options o = { EXPORT_BASE_DEFAULT, EXPORT_LANGUAGE,
				    &filter };
	const char *format = NULL, *out_path = NULL;
	char *path = NULL, *base = NULL, *msg = NULL;
	struct whole_file w = { 0 };
	struct store *st = NULL;
	FILE *out = stdout;
	time_t t;
	int c, ret = EXIT_FAILED;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 's':
			if (parse_time(optarg, &t) < 0)
				return cmd_usage_error(&cmd_export_entry, NULL,
						       "--since needs a date "
						       "(YYYY-MM-DD), not '%s'",
						       optarg);
			filter.since = optarg;
			break;
		case 'p':
			if (!is_slug(optarg))
				return cmd_usage_error(&cmd_export_entry, NULL,
						       "'%s' is not a pack id",
						       optarg);
			filter.pack = optarg;
			break;
		case 'b':
			if (!export_base_ok(optarg))
				return cmd_usage_error(&cmd_export_entry, NULL,
						       "--base needs an http or "
						       "https address such as "
						       "https://training."
						       "school.example/, not "
						       "'%s'", optarg);
			free(base);
			base = xasprintf("%s%s", optarg,
					 optarg[strlen(optarg) - 1] == '/' ?
						 "" : "/");
			o.base = base;
			break;
		default:
			free(base);
			return cmd_option_error(&cmd_export_entry, NULL, c,
						argv);
		}
	}
	if (optind < argc) {
		free(base);
		return cmd_usage_error(&cmd_export_entry, NULL,
				       "unexpected argument '%s'",
				       argv[optind]);
	}
	if (!format) {
		free(base);
		return cmd_usage_error(&cmd_export_entry, NULL,
				       "say which format with --format "
				       "(csv, json or xapi)");
	}
	path = export_find(&ctx->plugin_dirs, format);
	if (!path) {
		free(base);
		return unknown_format(ctx, format);
	}

	if (store_open_existing(ctx->db, &st, &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	/* Without --base, the school's address (vigil settings base_url). */
	if (!base) {
		base = export_base_of(st, &msg);
		if (!base) {
			error("%s", msg);
			goto out;
		}
		o.base = base;
	}
	if (out_path) {
		if (whole_file_open(&w, out_path) < 0)
			goto out;
		out = w.f;
	}
	if (export_run(st, path, &o, out, out_path ? out_path :
			"standard output", &msg) < 0) {
		error("%s", msg);
		if (out_path)
			whole_file_abort(&w);
		goto out;
	}
	if (out_path) {
		if (whole_file_commit(&w) < 0)
			goto out;
	} else if (fflush(stdout) != 0 || ferror(stdout)) {
		error("cannot write to standard output: %s", strerror(errno));
		goto out;
	}
	ret = EXIT_OK;
out:
	if (st)
		store_close(st);
	free(msg);
	free(path);
	free(base);
	return ret;
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "--format csv|json|xapi [--out FILE] [--since DATE] "
		 "[--pack ID] [--base IRI]",
	.summary = "export the records as CSV, JSON or xAPI statements",
	.help = "Writes every attempt (oldest first) in the chosen format, to "
		"standard output\nor to FILE.\n\n"
		"Formats (exporter plugins; see doc/exports.md for every "
		"column and field):\n"
		"  csv   one row per attempt, UTF-8 with a byte-order mark, "
		"safe to open in a\n        spreadsheet\n"
		"  json  an array of attempts, each with its answers\n"
		"  xapi  an array of xAPI 1.0.3 statements, one per finished "
		"attempt, with ids\n        that stay the same on every "
		"export\n\n"
		"Options:\n"
		"  --format NAME one of the above, or any exporter plugin "
		"installed\n"
		"  --out FILE    write to FILE, replacing it only when the "
		"export is complete\n"
		"  --since DATE  only attempts with activity on or after DATE "
		"(YYYY-MM-DD)\n"
		"  --pack ID     only attempts at modules of the pack ID\n"
		"  --base IRI    the school's own web address, under which "
		"xAPI identifiers are\n                made (default "
		EXPORT_BASE_DEFAULT ")\n\n"
		"Exit status 0 when the export is complete, 1 if it failed "
		"(no FILE is left\nhalf written), 2 for a usage error.\n",
	.exec = cmd_export_exec,
};
