/*
 * cmd-assign.c - `vigil assign` and `vigil unassign`: which modules a
 * group, or everyone, must complete, and within how many days of their
 * first day (SPEC §4).  One file for the pair, as they share the checks
 * of PACK/MODULE and of the group; the store writes each change to the
 * audit log, and the due dates follow from matrix.h.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "learner.h"
#include "pack.h"
#include "packcache.h"
#include "store.h"
#include "strv.h"
#include "table.h"
#include "util.h"
#include "words.h"

/* The installed packs (the first of each id on the search path), with
 * whether each loaded with errors. */
struct installed {
	struct pack **packs;
	int *broken;
	size_t n;
};

/* Loads every installed pack, as `vigil packs` and the matrix see them. */
static void installed_load(const struct cmd_ctx *ctx, struct installed *in)
{
	struct strv dirs = STRV_INIT;
	size_t i, j;

	pack_list(&ctx->pack_dirs, &dirs);
	in->packs = xcalloc(dirs.n + 1, sizeof(struct pack *));
	in->broken = xcalloc(dirs.n + 1, sizeof(*in->broken));
	in->n = 0;
	for (i = 0; i < dirs.n; i++) {
		int broken = 0;
		struct pack *p = pack_cache_load(dirs.v[i], &ctx->plugin_dirs,
						 &broken);

		for (j = 0; p && j < in->n; j++)
			if (!strcmp(in->packs[j]->id, p->id))
				break;
		if (!p || j < in->n) {
			pack_free(p);
			continue;
		}
		in->broken[in->n] = broken;
		in->packs[in->n++] = p;
	}
	strv_free(&dirs);
}

/* Drops the packs installed_load loaded. */
static void installed_free(struct installed *in)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		pack_free(in->packs[i]);
	free(in->packs);
	free(in->broken);
}

/* The installed pack called id, or NULL. */
static struct pack *installed_find(const struct installed *in, const char *id,
				   size_t *index)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (!strcmp(in->packs[i]->id, id)) {
			if (index)
				*index = i;
			return in->packs[i];
		}
	return NULL;
}

/* The pack's module called id, or NULL when it has none. */
static const struct pack_module *pack_module_of(const struct pack *p,
						const char *id)
{
	size_t i;

	for (i = 0; i < p->nmodules; i++)
		if (!strcmp(p->modules[i].id, id))
			return &p->modules[i];
	return NULL;
}

/*
 * Splits PACK/MODULE at its one slash into *pack and *module (malloc'd):
 * 0, or -1 when arg is not of that form.
 */
static int split_module(const char *arg, char **pack, char **module)
{
	const char *slash = strchr(arg, '/');

	if (!slash || slash == arg || !slash[1] || strchr(slash + 1, '/'))
		return -1;
	*pack = xstrndup(arg, (size_t)(slash - arg));
	*module = xstrdup(slash + 1);
	return 0;
}

/* 0 when PACK/MODULE names a module of an installed pack, else -1 after
 * saying which part is wrong and what was perhaps meant. */
static int check_module(const struct installed *in, const char *pack,
			const char *module)
{
	const char **names;
	const struct pack *p;
	char *dym, *sp = term_safe(pack, 1), *sm = term_safe(module, 1);
	size_t i, n;
	size_t at = 0;
	int ret = 0;

	p = installed_find(in, pack, &at);
	if (!p) {
		names = xcalloc(in->n + 1, sizeof(*names));
		for (i = 0; i < in->n; i++)
			names[i] = in->packs[i]->id;
		dym = did_you_mean(pack, names, in->n);
		ret = error("no pack '%s' is installed%s; 'vigil packs' lists "
			    "those that are", sp, dym);
		free(dym);
		free(names);
	} else if (!pack_module_of(p, module)) {
		n = p->nmodules;
		names = xcalloc(n + 1, sizeof(*names));
		for (i = 0; i < n; i++)
			names[i] = p->modules[i].id;
		dym = did_you_mean(module, names, n);
		ret = error("pack '%s' has no module '%s'%s; its modules are "
			    "listed by 'vigil packs'", sp, sm, dym);
		free(dym);
		free(names);
	} else if (in->broken[at]) {
		fprintf(stderr, "vigil: warning: pack '%s' has errors, so "
			"nobody can take it and it is not counted until they "
			"are fixed (run: vigil pack check %s)\n", sp, p->dir);
	}
	free(sp);
	free(sm);
	return ret;
}

/*
 * Finds the group called name (in any case) and sets *out to its name as
 * written in the records (malloc'd): 0, or -1 after saying that there is
 * no such group, what was perhaps meant, and which there are.
 */
static int find_group(struct store *st, const char *name, char **out)
{
	struct group_info *gs = NULL;
	struct buf all = BUF_INIT;
	char *msg = NULL, *dym = NULL, *safe, *list;
	size_t i, n = 0;
	long at;

	*out = NULL;
	if (store_group_list(st, &gs, &n, &msg) < 0) {
		error("%s", msg);
		free(msg);
		return -1;
	}
	at = group_lookup(gs, n, name, &dym);
	if (at >= 0) {
		*out = xstrdup(gs[at].name);
	} else if (n) {
		for (i = 0; i < n; i++)
			buf_addf(&all, "%s'%s'", i ? ", " : "", gs[i].name);
		safe = term_safe(name, 1);
		list = term_safe(all.s, 1);
		error("there is no group '%s'%s; the groups are %s", safe,
		      dym, list);
		free(list);
		free(safe);
	} else {
		safe = term_safe(name, 1);
		error("there is no group '%s': there are no groups yet "
		      "(vigil learner edit REF --group NAME puts someone in "
		      "one)", safe);
		free(safe);
	}
	free(dym);
	buf_free(&all);
	for (i = 0; i < n; i++)
		group_info_clear(&gs[i]);
	free(gs);
	return at >= 0 ? 0 : -1;
}

/* The days of the assignment of pack/module to group (NULL: everyone), or
 * -1 when there is none; -2 on error (after saying why). */
static int assigned_days(struct store *st, const char *pack,
			 const char *module, const char *group)
{
	struct assignment *as = NULL;
	char *msg = NULL;
	size_t i, n = 0;
	int days = -1;

	if (store_assignment_list(st, &as, &n, &msg) < 0) {
		error("%s", msg);
		free(msg);
		return -2;
	}
	for (i = 0; i < n; i++) {
		if (!strcmp(as[i].pack, pack) &&
		    !strcmp(as[i].module, module) && !as[i].group == !group &&
		    (!group || !strcasecmp(as[i].group, group)))
			days = as[i].within;
		assignment_clear(&as[i]);
	}
	free(as);
	return days;
}

/* Prints every assignment: module, title, who, within how many days. */
static int list_assignments(const struct cmd_ctx *ctx, struct store *st)
{
	static const char *const head[] = { "MODULE", "TITLE", "WHO",
		"WITHIN" };
	struct installed in;
	struct assignment *as = NULL;
	struct words w = WORDS_INIT;
	struct table t;
	char *msg = NULL, *s;
	size_t i, n = 0;

	if (store_assignment_list(st, &as, &n, &msg) < 0 ||
	    words_load(&w, st, &msg) < 0) {
		for (i = 0; i < n; i++)
			assignment_clear(&as[i]);
		free(as);
		words_free(&w);
		error("%s", msg);
		free(msg);
		return EXIT_FAILED;
	}
	if (!n) {
		printf("Nothing is assigned, so every installed module is "
		       "assigned to everyone, within %d days\nof their first "
		       "day (vigil assign PACK/MODULE --group G says who "
		       "must do what).\n", ASSIGN_WITHIN_DEFAULT);
		free(as);
		words_free(&w);
		return EXIT_OK;
	}
	installed_load(ctx, &in);
	table_init(&t, ARRAY_SIZE(head), head);
	for (i = 0; i < n; i++) {
		const struct pack *p = installed_find(&in, as[i].pack, NULL);
		const struct pack_module *pm = p ?
			pack_module_of(p, as[i].module) : NULL;

		s = xasprintf("%s/%s", as[i].pack, as[i].module);
		table_add(&t, s);
		free(s);
		if (!p)
			s = xasprintf("(pack '%s' is not installed)",
				      as[i].pack);
		else if (!pm)
			s = xasprintf("(pack '%s' has no module '%s' now)",
				      as[i].pack, as[i].module);
		else
			s = words_title(&w, pm->title,
					"(the module has errors)");
		table_add(&t, s);
		free(s);
		table_add(&t, as[i].group ? as[i].group : "everyone");
		s = xasprintf("%d %s", as[i].within,
			      plural(as[i].within, "day", "days"));
		table_add(&t, s);
		free(s);
		assignment_clear(&as[i]);
	}
	free(as);
	table_print(&t, stdout);
	installed_free(&in);
	words_free(&w);
	return EXIT_OK;
}

/* What --group/--everyone and PACK/MODULE say, for both commands. */
struct target {
	char *pack, *module;
	const char *group;	/* as given; NULL: everyone */
	int everyone;
};

/* Checks the target's arguments: 0, or -1 after printing the usage error
 * (the command then exits with EXIT_USAGE). */
static int target_check(const struct cmd_entry *e, struct target *tg,
			int argc, char **argv)
{
	char *safe;

	if (argc - optind != 1) {
		cmd_usage_error(e, NULL, argc > optind ? "name one module, as "
				"PACK/MODULE" : "name the module, as "
				"PACK/MODULE");
		return -1;
	}
	if (!tg->group == !tg->everyone) {
		cmd_usage_error(e, NULL, "say who with --group G or "
				"--everyone (one of them)");
		return -1;
	}
	if (tg->group && !*tg->group) {
		cmd_usage_error(e, NULL, "--group needs a name");
		return -1;
	}
	if (split_module(argv[optind], &tg->pack, &tg->module) < 0) {
		safe = term_safe(argv[optind], 1);
		cmd_usage_error(e, NULL, "'%s' is not PACK/MODULE (e.g. "
				"online-blackmail/reporting)", safe);
		free(safe);
		return -1;
	}
	return 0;
}

/* "everyone" or "the group 'GROUP'", for messages to a terminal. */
static char *who_words(const char *group)
{
	char *safe, *s;

	if (!group)
		return xstrdup("everyone");
	safe = term_safe(group, 1);
	s = xasprintf("the group '%s'", safe);
	free(safe);
	return s;
}

/* Assigns a module to a group or to everyone, or lists the assignments. */
static int cmd_assign_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "group", required_argument, NULL, 'g' },
		{ "everyone", no_argument, NULL, 'e' },
		{ "within", required_argument, NULL, 'w' },
		{ "list", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	struct target tg = { 0 };
	struct installed in = { 0 };
	struct store *st = NULL;
	char *msg = NULL, *group = NULL, *who = NULL;
	int c, days = ASSIGN_WITHIN_DEFAULT, within_given = 0, listing = 0;
	int old, ret = EXIT_FAILED, made;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'g':
			tg.group = optarg;
			break;
		case 'e':
			tg.everyone = 1;
			break;
		case 'w':
			if (parse_days(optarg, ASSIGN_WITHIN_MAX, &days) < 0) {
				char *safe = term_safe(optarg, 1);

				ret = cmd_usage_error(&cmd_assign_entry, NULL,
					"--within needs a whole number of days "
					"from 0 to %d, not '%s'",
					ASSIGN_WITHIN_MAX, safe);
				free(safe);
				return ret;
			}
			within_given = 1;
			break;
		case 'l':
			listing = 1;
			break;
		default:
			return cmd_option_error(&cmd_assign_entry, NULL, c,
						argv);
		}
	}
	if (listing) {
		if (optind < argc || tg.group || tg.everyone || within_given)
			return cmd_usage_error(&cmd_assign_entry, NULL,
					       "--list takes nothing else");
		if (store_open_existing(ctx->db, &st, &msg) < 0)
			goto fail;
		ret = list_assignments(ctx, st);
		goto out;
	}
	if (target_check(&cmd_assign_entry, &tg, argc, argv) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	installed_load(ctx, &in);
	if (check_module(&in, tg.pack, tg.module) < 0)
		goto out;
	if (store_open(ctx->db, &st, &msg) < 0)
		goto fail;
	if (tg.group && find_group(st, tg.group, &group) < 0)
		goto out;
	old = assigned_days(st, tg.pack, tg.module, group);
	if (old == -2)
		goto out;
	made = store_assign(st, tg.pack, tg.module, group, days, &msg);
	if (made < 0)
		goto fail;
	who = who_words(group);
	if (old == days)
		printf("%s/%s is already assigned to %s, within %d %s\n",
		       tg.pack, tg.module, who, days,
		       plural(days, "day", "days"));
	else if (old >= 0)
		printf("%s/%s for %s: now within %d %s (was %d)\n", tg.pack,
		       tg.module, who, days, plural(days, "day", "days"), old);
	else
		printf("assigned %s/%s to %s, within %d %s of their first "
		       "day\n", tg.pack, tg.module, who, days,
		       plural(days, "day", "days"));
	ret = EXIT_OK;
	goto out;
fail:
	error("%s", msg);
	free(msg);
out:
	installed_free(&in);
	store_close(st);
	free(tg.pack);
	free(tg.module);
	free(group);
	free(who);
	return ret;
}

/* Takes an assignment away; a module need not be installed to be. */
static int cmd_unassign_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "group", required_argument, NULL, 'g' },
		{ "everyone", no_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	struct target tg = { 0 };
	struct store *st = NULL;
	struct assignment *as = NULL;
	char *msg = NULL, *group = NULL, *who = NULL, *safe;
	size_t i, n = 0;
	int c, ret = EXIT_FAILED, gone;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'g')
			tg.group = optarg;
		else if (c == 'e')
			tg.everyone = 1;
		else
			return cmd_option_error(&cmd_unassign_entry, NULL, c,
						argv);
	}
	if (target_check(&cmd_unassign_entry, &tg, argc, argv) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	if (store_open_existing(ctx->db, &st, &msg) < 0)
		goto fail;
	if (tg.group && find_group(st, tg.group, &group) < 0)
		goto out;
	gone = store_unassign(st, tg.pack, tg.module, group, &msg);
	if (gone < 0)
		goto fail;
	who = who_words(group);
	safe = term_safe(argv[optind], 1);
	if (!gone) {
		error("%s is not assigned to %s; vigil assign --list shows "
		      "what is", safe, who);
		free(safe);
		goto out;
	}
	printf("unassigned %s from %s\n", safe, who);
	free(safe);
	if (store_assignment_list(st, &as, &n, &msg) < 0)
		goto fail;
	for (i = 0; i < n; i++)
		assignment_clear(&as[i]);
	free(as);
	if (!n)
		printf("Nothing is assigned now, so every installed module is "
		       "assigned to everyone,\nwithin %d days of their first "
		       "day.\n", ASSIGN_WITHIN_DEFAULT);
	ret = EXIT_OK;
	goto out;
fail:
	error("%s", msg);
	free(msg);
out:
	store_close(st);
	free(tg.pack);
	free(tg.module);
	free(group);
	free(who);
	return ret;
}

const struct cmd_entry cmd_assign_entry = {
	.name = "assign",
	.usage = "PACK/MODULE (--group G | --everyone) [--within DAYS] | --list",
	.summary = "say who must complete a module, and within how many days",
	.help = "Assigns a module of an installed pack to a group of staff, "
		"or to everyone.\nEach person must complete it within DAYS of "
		"their first day in post (their\nstart date), or, when that is "
		"not known, of the day it was assigned to them\n(the latest of "
		"the assignment, their being added and their joining the\n"
		"group).  Assigning it again changes the days.  Once passed, a "
		"module is due\nagain when the pass expires.  With nothing "
		"assigned at all, every installed\nmodule is assigned to "
		"everyone within 30 days.\n\n"
		"  --group G      the people in group G (see vigil learner)\n"
		"  --everyone     everyone in post\n"
		"  --within DAYS  0 to 3650 (default 30)\n"
		"  --list         list the assignments instead\n\n"
		"vigil records --overdue and --due-within DAYS list who is "
		"behind.\n",
	.exec = cmd_assign_exec,
};

const struct cmd_entry cmd_unassign_entry = {
	.name = "unassign",
	.usage = "PACK/MODULE (--group G | --everyone)",
	.summary = "take an assignment away",
	.help = "Removes the assignment of PACK/MODULE to group G, or to "
		"everyone, as vigil\nassign --list shows it.  The module need "
		"not be installed any more.  Records\nof those who took it are "
		"kept.  Removing the last assignment makes every\ninstalled "
		"module assigned to everyone again, within 30 days.\n",
	.exec = cmd_unassign_exec,
};
