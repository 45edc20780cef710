/*
 * cmd-learner-grant.c - `vigil learner grant REF ROLE` and `vigil learner
 * revoke REF`: who may use the admin pages, and what they may do there
 * (SPEC §4).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd-learner.h"
#include "cmd.h"
#include "learner.h"
#include "store.h"
#include "util.h"

/* The admin roles, and what each may do. */
static const struct {
	const char *name, *may;
} roles[] = {
	{ "dsl", "sees and changes everything" },
	{ "deputy", "sees and changes everything" },
	{ "viewer", "sees every admin page and export, and changes nothing" },
};

/* Gives a person an admin role. */
static int learner_grant_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry *e = &cmd_learner_grant_entry;
	struct learner old = { 0 };
	struct store *st = NULL;
	char *msg = NULL;
	size_t r;
	int found, ret = EXIT_FAILED;

	if (argc != 3 || argv[1][0] == '-')
		return cmd_usage_error(e, "learner", "name one learner ref "
				       "and a role: dsl, deputy or viewer");
	for (r = 0; r < ARRAY_SIZE(roles); r++)
		if (!strcasecmp(argv[2], roles[r].name))
			break;
	if (r == ARRAY_SIZE(roles)) {
		char *shown = learner_shown(argv[2]);

		ret = cmd_usage_error(e, "learner", "there is no role '%s'; "
				      "the roles are dsl, deputy and viewer",
				      shown);
		free(shown);
		return ret;
	}
	st = learner_open_store(ctx, 0);
	if (!st || learner_lookup(st, argv[1], &old) <= 0)
		goto out;
	found = store_learner_grant(st, argv[1], roles[r].name, &msg);
	if (found <= 0) {
		if (found < 0)
			error("%s", msg);
		else
			error("no learner '%s'", argv[1]);
		goto out;
	}
	if (old.access && !strcmp(old.access, roles[r].name))
		printf("learner '%s' already holds the role %s; nothing "
		       "changed\n", argv[1], roles[r].name);
	else
		printf("learner '%s' now holds the role %s: %s\n", argv[1],
		       roles[r].name, roles[r].may);
	ret = EXIT_OK;
out:
	free(msg);
	learner_clear(&old);
	store_close(st);
	return ret;
}

/* Takes a person's admin role away, and its password with it. */
static int learner_revoke_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry *e = &cmd_learner_revoke_entry;
	struct learner old = { 0 };
	struct store *st = NULL;
	char *msg = NULL;
	int found, ret = EXIT_FAILED;

	if (argc != 2 || argv[1][0] == '-')
		return cmd_usage_error(e, "learner", "name one learner ref");
	st = learner_open_store(ctx, 0);
	if (!st || learner_lookup(st, argv[1], &old) <= 0)
		goto out;
	ret = EXIT_OK;
	if (!old.access) {
		printf("learner '%s' holds no role; nothing changed\n",
		       argv[1]);
		goto out;
	}
	found = store_learner_grant(st, argv[1], NULL, &msg);
	if (found <= 0) {
		if (found < 0)
			error("%s", msg);
		else
			error("no learner '%s'", argv[1]);
		ret = EXIT_FAILED;
		goto out;
	}
	printf("learner '%s' no longer holds the role %s; their admin "
	       "password is removed\n", argv[1], old.access);
out:
	free(msg);
	learner_clear(&old);
	store_close(st);
	return ret;
}

const struct cmd_entry cmd_learner_grant_entry = {
	.name = "grant",
	.usage = "REF dsl|deputy|viewer",
	.summary = "give a member of staff a role on the admin pages",
	.help = "  dsl     the Designated Safeguarding Lead: sees and changes "
		"everything\n"
		"  deputy  a deputy DSL: sees and changes everything\n"
		"  viewer  a head or a governor: sees every admin page and "
		"export, and\n          changes nothing\n\n"
		"A person holds one role at a time; granting another replaces "
		"it.  They sign\nin to the admin pages through their personal "
		"link (learner link) or a\npassword (learner password).  A "
		"leaver cannot be given a role.  Exit status\n1 when the ref "
		"is not in the roster or has left; 2 for an unknown role.\n",
	.exec = learner_grant_exec,
};

const struct cmd_entry cmd_learner_revoke_entry = {
	.name = "revoke",
	.usage = "REF",
	.summary = "take away a member of staff's role on the admin pages",
	.help = "Their password for the admin pages goes with the role; they "
		"remain on the\nroster as anyone else.  Exit status 1 when the "
		"ref is not in the roster.\n",
	.exec = learner_revoke_exec,
};
