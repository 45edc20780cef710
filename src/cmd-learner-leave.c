/*
 * cmd-learner-leave.c - `vigil learner leave REF` and `vigil learner
 * return REF`: a leaver keeps every record, but cannot sign in and is never
 * due, overdue or reminded (SPEC §4); one who comes back is in post again.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd-learner.h"
#include "cmd.h"
#include "store.h"
#include "util.h"

/* Marks a leaver, on the day given or today. */
static int learner_leave_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "on", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry *e = &cmd_learner_leave_entry;
	struct learner old = { 0 };
	struct store *st = NULL;
	const char *on = NULL, *ref;
	char today[DATE_LEN], *msg = NULL;
	int c, found, ret = EXIT_FAILED;
	time_t t;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c != 'o')
			return cmd_option_error(e, "learner", c, argv);
		if (strlen(optarg) != DATE_LEN - 1 ||
		    parse_time(optarg, &t) < 0)
			return cmd_usage_error(e, "learner", "--on needs a date "
					       "(YYYY-MM-DD), not '%s'",
					       optarg);
		on = optarg;
	}
	if (argc - optind != 1)
		return cmd_usage_error(e, "learner", "name one learner ref");
	ref = argv[optind];
	fmt_date(vigil_now(), today);
	if (!on)
		on = today;
	/* Leaving ends their sign-in and role at once: a day to come would
	 * say otherwise. */
	if (strcmp(on, today) > 0) {
		error("%s is after today; mark a leaver on or after their "
		      "last day, as it ends their sign-in at once", on);
		return EXIT_FAILED;
	}
	st = learner_open_store(ctx, 0);
	if (!st || learner_lookup(st, ref, &old) <= 0)
		goto out;
	found = store_learner_leave(st, ref, on, &msg);
	if (found <= 0) {
		if (found < 0)
			error("%s", msg);
		else
			error("no learner '%s'", ref);
		goto out;
	}
	if (old.left)
		printf("learner '%s' left on %s (was %s)\n", ref, on,
		       old.left);
	else
		printf("learner '%s' left on %s\n", ref, on);
	if (old.access)
		printf("Their admin role (%s) is taken away, with its "
		       "password.\n", old.access);
	ret = EXIT_OK;
out:
	free(msg);
	learner_clear(&old);
	store_close(st);
	return ret;
}

/* Brings a leaver back into post. */
static int learner_return_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry *e = &cmd_learner_return_entry;
	struct learner old = { 0 };
	struct store *st = NULL;
	char *msg = NULL;
	int found, ret = EXIT_FAILED;

	if (argc != 2 || (argv[1][0] == '-' && argv[1][1]))
		return cmd_usage_error(e, "learner", "name one learner ref");
	st = learner_open_store(ctx, 0);
	if (!st || learner_lookup(st, argv[1], &old) <= 0)
		goto out;
	ret = EXIT_OK;
	if (!old.left) {
		printf("learner '%s' has not left; nothing changed\n",
		       argv[1]);
		goto out;
	}
	found = store_learner_return(st, argv[1], &msg);
	if (found <= 0) {
		if (found < 0)
			error("%s", msg);
		else
			error("no learner '%s'", argv[1]);
		ret = EXIT_FAILED;
		goto out;
	}
	printf("learner '%s' is back in post (had left on %s)\n", argv[1],
	       old.left);
out:
	free(msg);
	learner_clear(&old);
	store_close(st);
	return ret;
}

const struct cmd_entry cmd_learner_leave_entry = {
	.name = "leave",
	.usage = "REF [--on DATE]",
	.summary = "mark a member of staff as a leaver",
	.help = "A leaver keeps every record and export row, but cannot sign "
		"in (their link\nand sessions stop working at once) and is "
		"never due, overdue or reminded.\nAn admin role they held is "
		"taken away, with its password.  Marking a leaver\nagain "
		"changes the day.\n\n"
		"  --on DATE  the day they left, YYYY-MM-DD, not after today "
		"(default today)\n\n"
		"Exit status 1 when the ref is not in the roster or the day "
		"is to come.\n",
	.exec = learner_leave_exec,
};

const struct cmd_entry cmd_learner_return_entry = {
	.name = "return",
	.usage = "REF",
	.summary = "bring a leaver back into post",
	.help = "They can sign in again and are due their modules as anyone "
		"in post.  An\nadmin role they held is not given back: use "
		"learner grant.  Exit status 1\nwhen the ref is not in the "
		"roster.\n",
	.exec = learner_return_exec,
};
