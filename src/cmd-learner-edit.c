/*
 * cmd-learner-edit.c - `vigil learner edit REF ...`: changes what is held
 * about a member of staff, one field or several at once.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd-learner.h"
#include "cmd.h"
#include "learner.h"
#include "store.h"
#include "util.h"

/* A copy of s, or NULL for NULL. */
static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Nonzero when both are unset or hold the same text. */
static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Nonzero when two lists of group names (each without repeats) name the
 * same groups: the store matches group names in any case. */
static int same_groups(const struct strv *a, const struct strv *b)
{
	size_t i, j;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++)
			if (!strcasecmp(a->v[i], b->v[j]))
				break;
		if (j == b->n)
			return 0;
	}
	return 1;
}

/*
 * Fills l with the person as the options would leave them: the options
 * given over what old holds.  Returns the LEARNER_* fields whose values
 * differ from old's.
 */
static unsigned edited(const struct learner *old, const struct learner_opts *o,
		       struct learner *l)
{
	unsigned changed = 0;
	size_t i;

	l->ref = xstrdup(old->ref);
	l->name = xstrdup(o->fields & LEARNER_NAME ? o->name : old->name);
	if (o->fields & LEARNER_EMAIL)
		l->email = *o->email ? xstrdup(o->email) : NULL;
	else
		l->email = dup_or_null(old->email);
	if (o->fields & LEARNER_ROLE)
		l->role = *o->role ? xstrdup(o->role) : NULL;
	else
		l->role = dup_or_null(old->role);
	l->start = dup_or_null(o->start ? o->start : old->start);
	if (o->fields & LEARNER_GROUPS) {
		for (i = 0; i < o->groups.n; i++)
			learner_group_add(l, o->groups.v[i]);
	} else {
		for (i = 0; i < old->groups.n; i++)
			strv_push(&l->groups, old->groups.v[i]);
	}
	if (!same_text(old->name, l->name))
		changed |= LEARNER_NAME;
	if (!same_text(old->email, l->email))
		changed |= LEARNER_EMAIL;
	if (!same_text(old->role, l->role))
		changed |= LEARNER_ROLE;
	if (!same_text(old->start, l->start))
		changed |= LEARNER_START;
	if (!same_groups(&old->groups, &l->groups))
		changed |= LEARNER_GROUPS;
	return changed;
}

/* "name, email, groups": the fields named in a LEARNER_* mask. */
static void print_fields(unsigned fields)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{ LEARNER_NAME, "name" }, { LEARNER_EMAIL, "email" },
		{ LEARNER_ROLE, "role" }, { LEARNER_GROUPS, "groups" },
		{ LEARNER_START, "start" },
	};
	const char *sep = "";
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (fields & names[i].bit) {
			printf("%s%s", sep, names[i].name);
			sep = ", ";
		}
}

/* Changes the fields the options name; the others are left as they are. */
static int learner_edit_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry *e = &cmd_learner_edit_entry;
	struct learner_opts o;
	struct learner old = { 0 }, l = { 0 };
	struct store *st = NULL;
	const char *ref;
	char *msg = NULL;
	unsigned changed;
	int ret, found;

	ret = learner_opts_parse(e, 1, argc, argv, &o);
	if (ret)
		return ret;
	ret = EXIT_FAILED;
	if (argc - optind != 1) {
		learner_opts_free(&o);
		return cmd_usage_error(e, "learner", "name one learner ref");
	}
	if (!o.fields) {
		learner_opts_free(&o);
		return cmd_usage_error(e, "learner", "nothing to change: give "
				       "--name, --email, --role, --group, "
				       "--no-groups or --start");
	}
	ref = argv[optind];
	st = learner_open_store(ctx, 0);
	if (!st || learner_lookup(st, ref, &old) <= 0)
		goto out;
	changed = edited(&old, &o, &l);
	/* The whole person is checked, as add checks a new one. */
	if (learner_check(&l, &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	ret = EXIT_OK;
	if (!changed) {
		printf("learner '%s' already has those details; nothing "
		       "changed\n", ref);
		goto out;
	}
	found = store_learner_edit(st, ref, &l, changed, &msg);
	if (found <= 0) {
		if (found < 0)
			error("%s", msg);
		else
			error("no learner '%s'", ref);
		ret = EXIT_FAILED;
		goto out;
	}
	printf("changed learner '%s': ", ref);
	print_fields(changed);
	putchar('\n');
out:
	free(msg);
	learner_opts_free(&o);
	learner_clear(&old);
	learner_clear(&l);
	store_close(st);
	return ret;
}

const struct cmd_entry cmd_learner_edit_entry = {
	.name = "edit",
	.usage = "REF [--name N] [--email E] [--role R] [--group G]... "
		 "[--no-groups] [--start DATE]",
	.summary = "change what is held about a member of staff",
	.help = "Changes only what is given; the rest stays as it is.\n\n"
		"  --name N      their name\n"
		"  --email E     their email address; --email '' removes it\n"
		"  --role R      their job; --role '' removes it\n"
		"  --group G     a group they are in; given once or more, it "
		"replaces all\n"
		"                their groups (a group not yet known is "
		"made)\n"
		"  --no-groups   takes them out of every group\n"
		"  --start DATE  their first day in post, YYYY-MM-DD\n\n"
		"The values follow the rules of learner add.  Admin roles "
		"are given with\nlearner grant, leavers marked with learner "
		"leave.  Exit status 1 when the\nref is not in the roster or "
		"a value is refused.\n",
	.exec = learner_edit_exec,
};
