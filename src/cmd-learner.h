/*
 * cmd-learner.h - what the `vigil learner` subcommands share, each of
 * which lives in its own cmd-learner-NAME.c (cmd-learner.c holds their
 * table, add, import, list, forget and link).
 */
#ifndef VIGIL_CMD_LEARNER_H
#define VIGIL_CMD_LEARNER_H

#include "cmd.h"
#include "store.h"
#include "strv.h"

/* The subcommands that live in files of their own. */
extern const struct cmd_entry cmd_learner_show_entry;
extern const struct cmd_entry cmd_learner_edit_entry;
extern const struct cmd_entry cmd_learner_leave_entry;
extern const struct cmd_entry cmd_learner_return_entry;
extern const struct cmd_entry cmd_learner_grant_entry;
extern const struct cmd_entry cmd_learner_revoke_entry;
extern const struct cmd_entry cmd_learner_password_entry;

/*
 * Opens the records, saying why not on stderr; only the commands that add
 * learners (create) make a database that is not there yet.
 */
struct store *learner_open_store(struct cmd_ctx *ctx, int create);

/*
 * Reads the learner ref into *l: 1 when found; else says "no learner
 * 'REF'" on stderr, with a guess at who was meant (a ref a typo or two
 * away, or the person whose email or ref in another case REF is), and
 * returns 0; -1 after saying why it could not look.
 */
int learner_lookup(struct store *st, const char *ref, struct learner *l);

/* What learner add and learner edit were told (NULL: not given). */
struct learner_opts {
	const char *name, *email, *role, *start;
	struct strv groups;	/* each --group, in the order given */
	unsigned fields;	/* LEARNER_* for each kind given */
};

/*
 * Parses the options of add or edit (--name, --email, --role, --group,
 * --start and, for edit, --no-groups), leaving optind at the first
 * argument.  Returns 0, or EXIT_USAGE after printing the usage error.
 */
int learner_opts_parse(const struct cmd_entry *e, int edit, int argc,
		       char **argv, struct learner_opts *o);
void learner_opts_free(struct learner_opts *o);

/* "Teaching staff; Governors": a person's groups as list and messages
 * show them (malloc'd; "" for none). */
char *learner_groups_joined(const struct strv *groups);

#endif
