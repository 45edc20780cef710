/*
 * cmd-learner-password.c - `vigil learner password REF`: a password for the
 * admin pages, for a person who holds a role there.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd-learner.h"
#include "cmd.h"
#include "learner.h"
#include "password.h"
#include "store.h"
#include "util.h"

/* Sets the admin password of a person who holds a role, from stdin. */
static int learner_password_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry *e = &cmd_learner_password_entry;
	char hash[PASSWORD_HASH_LEN], *what = NULL, *prompt = NULL;
	char *msg = NULL, *name;
	struct learner l = { 0 };
	struct store *st = NULL;
	int found, ret = EXIT_FAILED;

	if (argc > 2)
		return cmd_usage_error(e, "learner", "unexpected argument "
				       "'%s'; the password is read from "
				       "standard input", argv[2]);
	if (argc != 2 || argv[1][0] == '-')
		return cmd_usage_error(e, "learner", "name one learner ref");
	st = learner_open_store(ctx, 0);
	if (!st || learner_lookup(st, argv[1], &l) <= 0)
		goto out;
	/* Said before the password is asked for, not after it is typed. */
	if (!l.access) {
		error("%s holds no role on the admin pages, so a password "
		      "would let them into nothing; give them one first "
		      "(vigil learner grant %s dsl|deputy|viewer)", l.ref,
		      l.ref);
		goto out;
	}
	name = learner_shown(l.name);
	what = xasprintf("the password of %s (%s)", l.ref, name);
	prompt = xasprintf("New password for %s: ", l.ref);
	free(name);
	if (password_read_new(what, prompt, hash) < 0)
		goto out;
	found = store_learner_password_set(st, l.ref, hash, &msg);
	if (found <= 0) {
		if (found < 0)
			error("%s", msg);
		else
			error("no learner '%s'", l.ref);
		goto out;
	}
	printf("The password of '%s' for the admin pages is set.\n", l.ref);
	ret = EXIT_OK;
out:
	free(what);
	free(prompt);
	free(msg);
	learner_clear(&l);
	store_close(st);
	return ret;
}

const struct cmd_entry cmd_learner_password_entry = {
	.name = "password",
	.usage = "REF",
	.summary = "set the admin-page password of a person who holds a role",
	.help = "For a person given a role with learner grant: they then sign "
		"in to the admin\npages with this password, as well as "
		"through their personal link.  At a\nterminal the password is "
		"asked for twice, without showing it; otherwise it\nis the "
		"first line of standard input, for scripts:\n\n"
		"  printf '%s\\n' \"$PASSWORD\" | vigil learner password T200\n\n"
		"A password has at least 12 characters and at most 1000 "
		"bytes; only a hash\nof it (Argon2id) is kept.  Taking the "
		"role away (learner revoke, learner\nleave) removes it.  Exit "
		"status 1 when the ref is not in the roster, the\nperson holds "
		"no role, or the password is refused.\n",
	.exec = learner_password_exec,
};
