/* cmd-records.c - completions as a table, or who is overdue. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "matrix.h"
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

static int list_overdue(const struct cmd_ctx *ctx, struct store *st,
			const struct attempt_filter *f)
{
	static const char *const head[] = { "LEARNER", "NAME", "MODULE",
		"STATUS" };
	struct matrix m = MATRIX_INIT;
	struct table t;
	char today[DATE_LEN], *msg = NULL;
	size_t i, li, mi, overdue = 0;

	fmt_date(vigil_now(), today);
	if (matrix_build(st, &ctx->pack_dirs, &ctx->plugin_dirs, f->learner,
			 f->pack, &m, &msg) < 0) {
		error("%s", msg);
		free(msg);
		matrix_free(&m);
		return EXIT_FAILED;
	}
	for (i = 0; i < m.broken.n; i++) {
		char *id = term_safe(m.broken.v[i], 1);
		char *dir = term_safe(m.broken_dirs.v[i], 1);

		fprintf(stderr, "vigil: warning: pack '%s' has errors, so its "
			"modules are not counted (run: vigil pack check %s)\n",
			id, dir);
		free(id);
		free(dir);
	}
	table_init(&t, ARRAY_SIZE(head), head);
	for (li = 0; li < m.nlearners; li++) {
		for (mi = 0; mi < matrix_columns(&m); mi++) {
			const char *date;
			enum cpd_state s = matrix_state(&m, li, mi, today,
							&date);
			char *cell;

			if (s == CPD_VALID)
				continue;
			overdue++;
			table_add(&t, m.learners[li].ref);
			table_add(&t, m.learners[li].name);
			cell = xasprintf("%s/%s", m.packs.v[mi],
					 m.modules.v[mi]);
			table_add(&t, cell);
			free(cell);
			cell = matrix_describe(s, date);
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
	matrix_free(&m);
	return EXIT_OK;
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
