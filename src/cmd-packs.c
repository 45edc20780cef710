/* cmd-packs.c - list the installed packs and their modules. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "pack.h"
#include "sandbox.h"
#include "store.h"
#include "util.h"
#include "words.h"

/* The school's words for titles (words.h): the records' settings when
 * there are records to read, else the defaults; a listing never fails
 * for want of them. */
static void school_words(const char *db, struct words *w)
{
	struct store *st;
	char *msg = NULL;

	if (store_open_existing(db, &st, &msg) < 0) {
		free(msg);
		words_defaults(w);
		return;
	}
	if (words_load(w, st, &msg) < 0)
		free(msg);
	store_close(st);
}

/* A title with the school's words in, safe for the terminal. */
static char *title_of(const struct words *w, const char *title)
{
	char *plain = words_plain(w, title ? title : ""), *safe;

	safe = term_safe(plain, 1);
	free(plain);
	return safe;
}

/* Lists each pack on the search path with its modules; a pack with errors
 * is listed as such, so one broken pack does not hide the others. */
static int cmd_packs_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct strv dirs = STRV_INIT;
	struct words w = WORDS_INIT;
	size_t i, j;
	int ret = EXIT_OK;

	(void)argv;
	if (argc > 1)
		return cmd_usage_error(&cmd_packs_entry, NULL,
				       "packs takes no arguments");
	pack_list(&ctx->pack_dirs, &dirs);
	if (dirs.n == 0)
		printf("No packs found.  Packs are looked for in: --packs "
		       "folders, $VIGIL_PACKS and the installed folder.\n");
	else
		school_words(ctx->db, &w);
	for (i = 0; i < dirs.n; i++) {
		struct diags d = DIAGS_INIT;
		struct pack *p;
		char *dir = term_safe(dirs.v[i], 1), *title;

		sandbox_budget_begin();	/* each pack its own */
		p = pack_load(dirs.v[i], &ctx->plugin_dirs, &d);
		if (!p || d.errors) {
			printf("%s: has errors (run: vigil pack check %s)\n",
			       dir, dir);
			ret = EXIT_FAILED;
		} else {
			/* The loader refuses control characters; this is the
			 * second line of defence SECURITY.md asks for. */
			title = title_of(&w, p->title);
			printf("%s %s  %s\n", p->id, p->version, title);
			free(title);
			for (j = 0; j < p->nmodules; j++) {
				title = title_of(&w, p->modules[j].title);
				printf("  %-28s %3d min  %s\n",
				       p->modules[j].id, p->modules[j].minutes,
				       title);
				free(title);
			}
		}
		free(dir);
		pack_free(p);
		diag_free(&d);
	}
	strv_free(&dirs);
	words_free(&w);
	return ret;
}

const struct cmd_entry cmd_packs_entry = {
	.name = "packs",
	.usage = "",
	.summary = "list the installed packs and their modules",
	.help = "For each pack: its id, version and title, then each module's "
		"id, CPD minutes\nand title.  Packs are looked for in the "
		"--packs folders, then $VIGIL_PACKS\n(colon-separated), then "
		"the installed folder.\n",
	.exec = cmd_packs_exec,
};
