/* cmd-pack-map.c - a module's steps and every way between them, as SVG. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "map.h"
#include "pack.h"
#include "util.h"

/* Writes svg to path whole, or to standard output when path is NULL. */
static int write_svg(const char *path, const char *svg)
{
	struct whole_file w;
	size_t len = strlen(svg);

	if (!path) {
		if (fwrite(svg, 1, len, stdout) != len || fflush(stdout))
			return error("cannot write the map to standard output");
		return 0;
	}
	if (whole_file_open(&w, path) < 0)
		return -1;
	if (fwrite(svg, 1, len, w.f) != len) {
		whole_file_abort(&w);
		return error("cannot write '%s'", path);
	}
	return whole_file_commit(&w);
}

/* Loads the pack, then maps the module named. */
static int cmd_pack_map_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct diags d = DIAGS_INIT;
	struct pack *p = NULL;
	struct module *m = NULL;
	const char *out = NULL;
	unsigned char *marks = NULL;
	char *svg = NULL;
	int c, mi, whole, ret = EXIT_FAILED;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else
			return cmd_option_error(&cmd_pack_map_entry, "pack", c,
						argv);
	}
	if (argc - optind != 2)
		return cmd_usage_error(&cmd_pack_map_entry, "pack",
				       "name a pack folder and one of its "
				       "modules");
	p = pack_load(argv[optind], &ctx->plugin_dirs, &d);
	if (!p || d.errors) {
		diag_sort(&d);
		diag_print(&d, stderr);
		if (p)
			error("the pack has errors; vigil pack check %s lists "
			      "them all", argv[optind]);
		goto out;
	}
	mi = pack_module_index(p, argv[optind + 1]);
	if (mi < 0) {
		struct buf ids = BUF_INIT;
		size_t i;

		for (i = 0; i < p->nmodules; i++)
			buf_addf(&ids, "%s%s", i ? ", " : "",
				 p->modules[i].id);
		error("pack '%s' has no module '%s'; its modules are %s",
		      p->id, argv[optind + 1], ids.s ? ids.s : "none");
		buf_free(&ids);
		goto out;
	}
	m = module_load(p, (size_t)mi, &ctx->plugin_dirs, &d);
	if (!m) {
		diag_sort(&d);
		diag_print(&d, stderr);
		goto out;
	}
	marks = xcalloc(m->nsteps + 1, 1);
	whole = map_marks(p, (size_t)mi, m, &ctx->plugin_dirs, marks) == 0;
	if (!whole)
		error("warning: the exploration of every way through '%s' "
		      "stopped early; vigil pack test %s says why", m->id,
		      argv[optind]);
	svg = map_svg(p->id, m, marks, whole);
	if (write_svg(out, svg) == 0)
		ret = EXIT_OK;
out:
	free(svg);
	free(marks);
	module_free(m);
	pack_free(p);
	diag_free(&d);
	return ret;
}

const struct cmd_entry cmd_pack_map_entry = {
	.name = "map",
	.usage = "DIR MODULE [--out FILE]",
	.summary = "draw a module's steps and every way between them, as SVG",
	.help = "Writes a map of MODULE of the pack in DIR as an SVG drawing "
		"(open it in a web\nbrowser, or print it) on standard output, "
		"or to FILE with --out.  Each step\nis a box, top to bottom in "
		"file order, with its number, kind, id, line and\nfirst words; "
		"a scene's box lists its choices and where each leads.  Arrows\n"
		"go straight down to the next step, round the right to a "
		"later step and round\nthe left back to an earlier one; a step "
		"with a `when` has a dashed box and a\ndashed arrow past it.  "
		"Steps that no way through the module shows are marked\nNEVER "
		"SHOWN, and steps from which no answer leads on to the end "
		"DEAD END, as\n'vigil pack check' and 'vigil pack test' find "
		"them.  Texts are shown as written,\n{{lead_short}} and the "
		"school's other words included.\n\nExit status 1 if the pack "
		"has errors or has no such module.\n",
	.exec = cmd_pack_map_exec,
};
