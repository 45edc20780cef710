/* cmd-records.c - completions as a table, or who is overdue. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cpd.h"
#include "pack.h"
#include "store.h"
#include "strv.h"
#include "table.h"
#include "util.h"

/* store_attempts callback: one row per attempt. */
static int add_attempt(void *ctx, const struct attempt *a)
{
	struct table *t = ctx;
	char *s;

	s = xasprintf("%" PRId64, a->id);
	table_add(t, s);
	free(s);
	table_add(t, a->learner_ref);
	table_add(t, a->learner_name);
	s = xasprintf("%s/%s", a->pack, a->module);
	table_add(t, s);
	free(s);
	if (a->status == ATTEMPT_PASSED || a->status == ATTEMPT_NOT_PASSED)
		s = xasprintf("%s %d/%d (%d%%)", attempt_status_name(a->status),
			      a->score, a->max, a->percent);
	else
		s = xstrdup(attempt_status_name(a->status));
	table_add(t, s);
	free(s);
	s = xstrndup(a->ended ? a->ended : a->started, 10);
	table_add(t, s);
	free(s);
	table_add(t, a->status != ATTEMPT_PASSED ? "-" :
		     a->expires ? a->expires : "never");
	return 0;
}

static int list_records(struct store *st, const struct attempt_filter *f)
{
	static const char *const head[] = { "ATTEMPT", "LEARNER", "NAME",
		"MODULE", "RESULT", "DATE", "EXPIRES" };
	struct table t;
	char *msg = NULL;

	table_init(&t, ARRAY_SIZE(head), head);
	if (store_attempts(st, f, add_attempt, &t, &msg) < 0) {
		table_free(&t);
		error("%s", msg);
		free(msg);
		return EXIT_FAILED;
	}
	if (!table_rows(&t)) {
		table_free(&t);
		printf("No records%s.\n", f->learner || f->pack || f->since ?
		       " match" : " yet");
		return EXIT_OK;
	}
	table_print(&t, stdout);
	return EXIT_OK;
}

/* Every module a learner is expected to complete: of every installed pack. */
struct expected {
	struct strv packs, modules;	/* parallel */
	struct cpd *cells;		/* learners × modules */
	struct learner *learners;
	size_t nlearners;
};

/* The learner's row in e; a linear search is plenty for a school's roster. */
static int find_learner_index(const struct expected *e, int64_t id)
{
	size_t i;

	for (i = 0; i < e->nlearners; i++)
		if (e->learners[i].id == id)
			return (int)i;
	return -1;
}

/* store_attempts callback: folds an attempt into its learner × module. */
static int fold_attempt(void *ctx, const struct attempt *a)
{
	struct expected *e = ctx;
	int li = find_learner_index(e, a->learner_id);
	size_t mi;

	if (li < 0)
		return 0;
	for (mi = 0; mi < e->modules.n; mi++)
		if (!strcmp(e->packs.v[mi], a->pack) &&
		    !strcmp(e->modules.v[mi], a->module))
			cpd_fold(&e->cells[(size_t)li * e->modules.n + mi], a);
	return 0;
}

/* Collects the modules of the installed packs (only pack_id, if given). */
static int expected_modules(const struct cmd_ctx *ctx, const char *pack_id,
			    struct expected *e)
{
	struct strv dirs = STRV_INIT;
	size_t i, j;
	int found = 0;

	pack_list(&ctx->pack_dirs, &dirs);
	for (i = 0; i < dirs.n; i++) {
		struct diags d = DIAGS_INIT;
		struct pack *p = pack_load(dirs.v[i], &ctx->plugin_dirs, &d);

		if (p && (!pack_id || !strcmp(p->id, pack_id))) {
			found = 1;
			/* A pack with errors cannot be taken: nobody can be
			 * overdue on it. */
			if (d.errors)
				fprintf(stderr, "vigil: warning: pack '%s' has "
					"errors, so its modules are not counted "
					"(run: vigil pack check %s)\n", p->id,
					dirs.v[i]);
			for (j = 0; !d.errors && j < p->nmodules; j++) {
				strv_push(&e->packs, p->id);
				strv_push(&e->modules, p->modules[j].id);
			}
		}
		pack_free(p);
		diag_free(&d);
	}
	strv_free(&dirs);
	if (pack_id && !found)
		return error("no pack '%s' is installed", pack_id);
	return 0;
}

static int list_overdue(const struct cmd_ctx *ctx, struct store *st,
			const struct attempt_filter *f)
{
	static const char *const head[] = { "LEARNER", "NAME", "MODULE",
		"STATUS" };
	struct expected e = { STRV_INIT, STRV_INIT, NULL, NULL, 0 };
	struct table t;
	struct attempt_filter all = { f->learner, f->pack, NULL, 0 };
	char today[DATE_LEN], *msg = NULL;
	size_t li, mi, overdue = 0;
	int ret = EXIT_FAILED;

	fmt_date(vigil_now(), today);
	if (expected_modules(ctx, f->pack, &e) < 0)
		goto out;
	if (store_learner_list(st, &e.learners, &e.nlearners, &msg) < 0)
		goto fail;
	e.cells = xcalloc(e.nlearners * e.modules.n + 1, sizeof(*e.cells));
	if (store_attempts(st, &all, fold_attempt, &e, &msg) < 0)
		goto fail;
	table_init(&t, ARRAY_SIZE(head), head);
	for (li = 0; li < e.nlearners; li++) {
		if (f->learner && strcmp(e.learners[li].ref, f->learner))
			continue;
		for (mi = 0; mi < e.modules.n; mi++) {
			const char *date;
			enum cpd_state s = cpd_resolve(
				&e.cells[li * e.modules.n + mi], today, &date);
			char *cell;

			if (s == CPD_VALID)
				continue;
			overdue++;
			table_add(&t, e.learners[li].ref);
			table_add(&t, e.learners[li].name);
			cell = xasprintf("%s/%s", e.packs.v[mi],
					 e.modules.v[mi]);
			table_add(&t, cell);
			free(cell);
			if (s == CPD_NEVER)
				cell = xstrdup("never taken");
			else if (s == CPD_IN_PROGRESS)
				cell = xasprintf("in progress since %.10s",
						 date);
			else if (s == CPD_NOT_PASSED)
				cell = xasprintf("not passed on %.10s", date);
			else
				cell = xasprintf("expired on %s", date);
			table_add(&t, cell);
			free(cell);
		}
	}
	if (overdue) {
		table_print(&t, stdout);
		printf("%zu overdue on %s.\n", overdue, today);
	} else {
		table_free(&t);
		printf("Nobody is overdue on %s.\n", today);
	}
	ret = EXIT_OK;
	goto out;
fail:
	error("%s", msg);
	free(msg);
out:
	for (li = 0; li < e.nlearners; li++)
		learner_clear(&e.learners[li]);
	free(e.learners);
	free(e.cells);
	strv_free(&e.packs);
	strv_free(&e.modules);
	return ret;
}

/* Lists completions, or with --overdue who lacks a valid pass. */
static int cmd_records_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "learner", required_argument, NULL, 'l' },
		{ "pack", required_argument, NULL, 'p' },
		{ "since", required_argument, NULL, 's' },
		{ "overdue", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct attempt_filter f = { 0 };
	struct store *st = NULL;
	struct learner l;
	char *msg = NULL;
	int c, overdue = 0, ret = EXIT_FAILED, found;
	time_t t;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			f.learner = optarg;
			break;
		case 'p':
			f.pack = optarg;
			break;
		case 's':
			if (parse_time(optarg, &t) < 0)
				return cmd_usage_error(&cmd_records_entry, NULL,
					"--since needs a date (YYYY-MM-DD), "
					"not '%s'", optarg);
			f.since = optarg;
			break;
		case 'o':
			overdue = 1;
			break;
		default:
			return cmd_usage_error(&cmd_records_entry, NULL,
					       "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_records_entry, NULL,
				       "unexpected argument '%s'", argv[optind]);
	if (overdue && f.since)
		return cmd_usage_error(&cmd_records_entry, NULL, "--since does "
				       "not apply to --overdue, which is about "
				       "today");
	if (store_open_existing(ctx->db, &st, &msg) < 0)
		goto fail;
	if (f.learner) {
		found = store_learner_get(st, f.learner, &l, &msg);
		if (found < 0)
			goto fail;
		learner_clear(&l);
		if (!found) {
			error("no learner '%s' in the roster", f.learner);
			goto out;
		}
	}
	ret = overdue ? list_overdue(ctx, st, &f) : list_records(st, &f);
	goto out;
fail:
	error("%s", msg);
	free(msg);
out:
	store_close(st);
	return ret;
}

const struct cmd_entry cmd_records_entry = {
	.name = "records",
	.usage = "[--learner REF] [--pack ID] [--since DATE] [--overdue]",
	.summary = "completions, or who is overdue",
	.help = "Lists every attempt, oldest first: its number (for 'vigil "
		"certificate'), the\nlearner, the module, the result, the date "
		"and when a pass expires.\n\n  --learner REF  only this learner\n"
		"  --pack ID      only this pack\n  --since DATE   only attempts "
		"active on or after DATE (YYYY-MM-DD)\n  --overdue      instead, "
		"every learner and module without a valid pass\n"
		"                 today: never taken, in progress, not passed, "
		"or expired.\n                 Every learner is expected to "
		"complete every module of\n                 every installed "
		"pack.  A pass is valid until the day\n                 before "
		"its expiry date.\n",
	.exec = cmd_records_exec,
};
