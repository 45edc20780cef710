/* cmd-pack-check.c - validate and lint packs, each problem at its line. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "diag.h"
#include "lint.h"
#include "pack.h"
#include "packtest.h"
#include "sandbox.h"
#include "util.h"

/* Prints the diagnostics as one JSON object, for editors and CI. */
static int print_json(const struct diags *d, int npacks, int failed)
{
	json_t *root = json_object(), *list = json_array();
	size_t i;
	int ret = 0;

	if (!root || !list)
		goto fail;
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_t *o = json_pack("{s:s, s:i, s:s, s:s}", "file", g->file,
				      "line", g->line, "severity",
				      g->level == DIAG_ERROR ? "error" :
							       "warning",
				      "message", g->message);

		if (!o || json_array_append_new(list, o) < 0)
			goto fail;
	}
	if (json_object_set_new(root, "diagnostics", list) < 0) {
		list = NULL;
		goto fail;
	}
	list = NULL;
	if (json_object_set_new(root, "packs", json_integer(npacks)) < 0 ||
	    json_object_set_new(root, "errors",
				json_integer((json_int_t)d->errors)) < 0 ||
	    json_object_set_new(root, "warnings",
				json_integer((json_int_t)d->warnings)) < 0 ||
	    json_object_set_new(root, "passed", json_boolean(!failed)) < 0 ||
	    json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) <
		    0 || putchar('\n') == EOF || fflush(stdout) != 0)
		goto fail;
	goto out;
fail:
	ret = error("cannot write the diagnostics as JSON");
out:
	json_decref(list);
	json_decref(root);
	return ret;
}

/* Loads and lints each pack folder and reports every diagnostic, sorted. */
static int cmd_pack_check_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "strict", no_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct diags d = DIAGS_INIT;
	int i, c, npacks = 0, strict = 0, json = 0, failed;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's') {
			strict = 1;
		} else if (c == 'f' && !strcmp(optarg, "json")) {
			json = 1;
		} else if (c == 'f' && !strcmp(optarg, "text")) {
			json = 0;
		} else if (c == 'f') {
			return cmd_usage_error(&cmd_pack_check_entry, "pack",
					       "--format is text or json, not "
					       "'%s'", optarg);
		} else {
			return cmd_usage_error(&cmd_pack_check_entry, "pack",
					       "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(&cmd_pack_check_entry, "pack",
				       "name at least one pack folder");
	for (i = optind; i < argc; i++) {
		struct pack *p;

		sandbox_budget_begin();	/* each pack its own */
		p = pack_load_each(argv[i], &ctx->plugin_dirs, &d, lint_module,
				   &d);
		if (p) {
			lint_pack(p, &d);
			packtest_check_files(argv[i], &d);
		}
		npacks++;
		pack_free(p);
	}
	diag_sort(&d);
	failed = d.errors || (strict && d.warnings);
	if (json) {
		if (print_json(&d, npacks, failed) < 0)
			failed = 1;
	} else {
		diag_print(&d, stderr);
		fprintf(stderr, "%d pack%s checked: %zu error%s, %zu "
			"warning%s%s\n", npacks, npacks == 1 ? "" : "s",
			d.errors, d.errors == 1 ? "" : "s", d.warnings,
			d.warnings == 1 ? "" : "s", strict && d.warnings &&
			!d.errors ? " (--strict: warnings fail)" : "");
	}
	diag_free(&d);
	return failed ? EXIT_FAILED : EXIT_OK;
}

const struct cmd_entry cmd_pack_check_entry = {
	.name = "check",
	.usage = "[--strict] [--format text|json] DIR...",
	.summary = "validate packs: every problem as FILE:LINE: error: message",
	.help = "Loads each pack folder as Vigil would and reports every "
		"problem with the file\nand line where the author can fix it, "
		"sorted by file and line, then a summary.\nBeyond what loading "
		"finds, it warns about steps that can never be shown,\nmodule "
		"files that pack.lua does not list and pass marks that mean "
		"nothing, and\nreports dead ends: steps from which no way leads "
		"to the end of the module.  A\nstep with a `when` is taken as "
		"possibly shown; 'vigil pack test' runs them.\nIt warns about "
		"a fact a `when` reads that no choice sets (a misspelling,\n"
		"usually), and reads the playthroughs in tests/*.lua without "
		"playing them.\n\n"
		"  --strict       warnings fail the check too\n"
		"  --format json  print {\"diagnostics\": [{file, line, "
		"severity, message}...],\n                 \"packs\", "
		"\"errors\", \"warnings\", \"passed\"} on standard output\n\n"
		"Exit status 1 if any pack has errors (or, with --strict, "
		"warnings).\n",
	.exec = cmd_pack_check_exec,
};
