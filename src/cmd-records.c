/* cmd-records.c - completions as a table, or who is overdue or due. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmd.h"
#include "learner.h"
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

/* What --overdue, --due-within and --group ask for. */
struct due_query {
	int within;		/* days; -1 for --overdue */
	const char *group;	/* only its members; NULL for all */
};

/* Index of the group called name (any case) in m's groups, or -1 after
 * saying there is none and what was perhaps meant. */
static long group_index(const struct matrix *m, const char *name)
{
	char *dym = NULL, *safe;
	long at = group_lookup(m->groups, m->ngroups, name, &dym);

	if (at < 0) {
		safe = term_safe(name, 1);
		error("there is no group '%s'%s%s", safe, dym, m->ngroups ?
		      "" : " (there are no groups yet)");
		free(safe);
	}
	free(dym);
	return at;
}

/* Nonzero when learner row li is in the group called name. */
static int in_group(const struct matrix *m, size_t li, const char *name)
{
	const struct strv *g = &m->learners[li].groups;
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!strcasecmp(g->v[i], name))
			return 1;
	return 0;
}

/*
 * Lists who is overdue, or due by a day, by the due-date rule of SPEC §4
 * (matrix_due): one row per person and module with the due date and why
 * they are not up to date.  Leavers are never due.
 */
static int list_due(const struct cmd_ctx *ctx, struct store *st,
		    const struct attempt_filter *f, const struct due_query *q)
{
	static const char *const head[] = { "REF", "NAME", "MODULE", "DUE",
		"WHY" };
	struct matrix m = MATRIX_INIT;
	struct table t;
	char by[DATE_LEN], *msg = NULL;
	const char *group = NULL;
	size_t i, li, mi, listed = 0, overdue = 0;
	long gi;
	time_t now;
	int ret = EXIT_FAILED;

	if (matrix_build(st, &ctx->pack_dirs, &ctx->plugin_dirs, f->learner,
			 f->pack, &m, &msg) < 0) {
		error("%s", msg);
		free(msg);
		matrix_free(&m);
		return EXIT_FAILED;
	}
	if (q->group) {
		gi = group_index(&m, q->group);
		if (gi < 0)
			goto out;
		group = m.groups[gi].name;
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
	/* The last day that counts: yesterday for --overdue. */
	if (parse_time(m.today, &now) < 0)
		abort();
	fmt_date(now + (time_t)q->within * 86400, by);
	table_init(&t, ARRAY_SIZE(head), head);
	for (li = 0; li < m.nlearners; li++) {
		if (group && !in_group(&m, li, group))
			continue;
		for (mi = 0; mi < matrix_columns(&m); mi++) {
			const struct due *d = matrix_due(&m, li, mi);
			const char *date;
			enum cpd_state s;
			char *cell;

			if (d->state == DUE_NONE || !d->date[0] ||
			    strcmp(d->date, by) > 0)
				continue;
			listed++;
			overdue += d->state == DUE_OVERDUE;
			table_add(&t, m.learners[li].ref);
			table_add(&t, m.learners[li].name);
			cell = xasprintf("%s/%s", m.packs.v[mi],
					 m.modules.v[mi]);
			table_add(&t, cell);
			free(cell);
			table_add(&t, d->date);
			s = matrix_state(&m, li, mi, m.today, &date);
			cell = matrix_describe(s, date);
			table_add(&t, cell);
			free(cell);
		}
	}
	if (listed)
		table_print(&t, stdout);
	else
		table_free(&t);
	if (q->within < 0 && listed)
		printf("%zu overdue on %s.\n", listed, m.today);
	else if (q->within < 0)
		printf("Nobody is overdue on %s.\n", m.today);
	else if (listed)
		printf("%zu due by %s (%zu overdue).\n", listed, by, overdue);
	else
		printf("Nobody is due by %s.\n", by);
	ret = EXIT_OK;
out:
	matrix_free(&m);
	return ret;
}

/* Lists completions, or who is overdue or due soon (SPEC §4). */
static int cmd_records_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "learner", required_argument, NULL, 'l' },
		{ "pack", required_argument, NULL, 'p' },
		{ "since", required_argument, NULL, 's' },
		{ "overdue", no_argument, NULL, 'o' },
		{ "due-within", required_argument, NULL, 'd' },
		{ "group", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 }
	};
	struct attempt_filter f = { 0 };
	struct due_query q = { -1, NULL };
	struct store *st = NULL;
	struct learner l;
	char *msg = NULL;
	int c, overdue = 0, due = 0, ret = EXIT_FAILED, found;
	time_t t;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
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
		case 'd':
			if (parse_days(optarg, ASSIGN_WITHIN_MAX,
				       &q.within) < 0)
				return cmd_usage_error(&cmd_records_entry, NULL,
					"--due-within needs a whole number of "
					"days from 0 to %d, not '%s'",
					ASSIGN_WITHIN_MAX, optarg);
			due = 1;
			break;
		case 'g':
			q.group = optarg;
			break;
		default:
			return cmd_option_error(&cmd_records_entry, NULL, c,
						argv);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_records_entry, NULL,
				       "unexpected argument '%s'", argv[optind]);
	if (overdue && due)
		return cmd_usage_error(&cmd_records_entry, NULL, "give "
				       "--overdue or --due-within, not both");
	if ((overdue || due) && f.since)
		return cmd_usage_error(&cmd_records_entry, NULL, "--since does "
				       "not apply to --overdue or --due-within, "
				       "which are about today");
	if (q.group && !overdue && !due)
		return cmd_usage_error(&cmd_records_entry, NULL, "--group goes "
				       "with --overdue or --due-within");
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
	ret = overdue || due ? list_due(ctx, st, &f, &q) :
			       list_records(st, &f);
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
	.usage = "[--learner REF] [--pack ID] [--since DATE] | --overdue | "
		 "--due-within DAYS [--group G]",
	.summary = "completions, or who is overdue or due soon",
	.help = "Lists every attempt, oldest first: its number (for 'vigil "
		"certificate'), the\nlearner, the module, the result, the date "
		"and when a pass expires.\n\n  --learner REF     only this "
		"learner\n  --pack ID         only this pack\n  --since DATE "
		"     only attempts active on or after DATE (YYYY-MM-DD)\n"
		"  --overdue         instead, one line per person and module "
		"overdue today:\n                    REF, NAME, MODULE, DUE "
		"(the due date), WHY (never taken,\n                    in "
		"progress, not passed, expired)\n  --due-within DAYS the same "
		"for everything due by DAYS from today,\n"
		"                    overdue included\n  --group G         "
		"with either, only the people in group G\n\n"
		"Who must do what comes from vigil assign (with nothing "
		"assigned, every\ninstalled module, everyone, within 30 "
		"days).  A module is done while a\npass is valid (until the "
		"day before it expires); otherwise it is due on\nthe day the "
		"last pass expired, else DAYS after the person's first day "
		"(or\nafter the day it was assigned to them, when that is not "
		"known), and overdue\nonce that day has passed.  Leavers are "
		"never due.\n",
	.exec = cmd_records_exec,
};
