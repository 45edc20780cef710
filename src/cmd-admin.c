/*
 * cmd-admin.c - `vigil admin SUBCOMMAND`: what the DSL sets up for the web
 * front end; for now the password of its admin pages.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "password.h"
#include "store.h"
#include "util.h"

static const struct cmd_entry admin_password_entry;

static const struct cmd_entry *const admin_table[] = {
	&admin_password_entry,
	NULL
};

/* Records the hash as the admin password: 0, or -1 after saying why. */
static int set_password(struct cmd_ctx *ctx, const char *hash)
{
	struct store *st = NULL;
	char *msg = NULL;
	int ret = -1;

	if (store_open(ctx->db, &st, &msg) < 0 ||
	    store_admin_password_set(st, hash, &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	ret = 0;
out:
	free(msg);
	store_close(st);
	return ret;
}

/* Sets the password of the admin web pages from stdin. */
static int admin_password_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	char hash[PASSWORD_HASH_LEN];

	if (argc > 1)
		return cmd_usage_error(&admin_password_entry, "admin",
				       argv[1][0] == '-' ? "unknown option "
				       "'%s'" : "unexpected argument '%s'; "
				       "the password is read from standard "
				       "input", argv[1]);
	if (password_read_new("the admin password", "New admin password: ",
			      hash) < 0 ||
	    set_password(ctx, hash) < 0)
		return EXIT_FAILED;
	printf("The admin password is set.\n");
	return EXIT_OK;
}

static const struct cmd_entry admin_password_entry = {
	.name = "password",
	.usage = "",
	.summary = "set the password for the DSL's admin web pages",
	.help = "Asks for the new password twice, without showing it, and "
		"replaces any set\nbefore.  When standard input is not a "
		"terminal, the password is its first\nline, for scripts:\n\n"
		"  printf '%s\\n' \"$PASSWORD\" | vigil admin password\n\n"
		"A password has at least 12 characters and at most 1000 "
		"bytes.  Only a hash\nof it (Argon2id) is kept in the "
		"database.  Exit status 1 when it is refused\nor the two "
		"differ.\n",
	.exec = admin_password_exec,
};

const struct cmd_entry cmd_admin_entry = {
	.name = "admin",
	.usage = "SUBCOMMAND [ARGS]",
	.summary = "settings for the web front end: the admin password",
	.help = "vigil admin SUBCOMMAND --help says more about each.\n",
	.subcommands = admin_table,
};
