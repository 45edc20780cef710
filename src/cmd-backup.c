/*
 * cmd-backup.c - `vigil backup FILE`: a consistent copy of the records,
 * safe while the server runs (SPEC §4).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "store.h"
#include "util.h"

/*
 * Copies the records to a temporary file beside FILE, which takes FILE's
 * name only once it is complete, checked and on disk: a backup cut short
 * never looks like a good one.
 */
static int cmd_backup_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	struct backup_counts c;
	struct whole_file w = { 0 };
	struct store *st = NULL;
	char *msg = NULL;
	const char *path;
	int ret = EXIT_FAILED;

	optind = 0;
	opterr = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1)
		return cmd_usage_error(&cmd_backup_entry, NULL,
				       "unknown option '%s'",
				       argv[optind - 1]);
	if (argc - optind != 1)
		return cmd_usage_error(&cmd_backup_entry, NULL, argc > optind ?
				       "name one file to write" :
				       "name the file to write the backup to");
	path = argv[optind];
	if (!*path)
		return cmd_usage_error(&cmd_backup_entry, NULL,
				       "the backup's file name is empty");

	if (store_open_existing(ctx->db, &st, &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	if (store_is_own_file(st, path)) {
		error("'%s' is the records database itself (or its log); "
		      "back up to another file", path);
		goto out;
	}
	if (whole_file_open(&w, path) < 0)
		goto out;
	if (store_backup(st, w.tmp, &c, &msg) < 0) {
		error("cannot back up '%s' to '%s': %s", ctx->db, path, msg);
		whole_file_abort(&w);
		goto out;
	}
	if (whole_file_commit(&w) < 0)
		goto out;
	printf("backed up %d %s of %d %s (%d %s) to %s\n", c.attempts,
	       plural(c.attempts, "attempt", "attempts"), c.learners,
	       plural(c.learners, "learner", "learners"), c.answers,
	       plural(c.answers, "answer", "answers"), path);
	ret = EXIT_OK;
out:
	store_close(st);
	free(msg);
	return ret;
}

const struct cmd_entry cmd_backup_entry = {
	.name = "backup",
	.usage = "FILE",
	.summary = "a consistent copy of the records, safe while the server runs",
	.help = "Copies the records database to FILE with SQLite's online "
		"backup.  It is safe\nwhile vigil serve takes answers: the copy "
		"holds every answer recorded before\nit began, and the server "
		"carries on meanwhile.  The copy is written beside\nFILE under "
		"a temporary name, checked (PRAGMA integrity_check), put on "
		"disk,\nand only then renamed to FILE, replacing any file of "
		"that name.  FILE is one\nself-contained database, readable "
		"only by its owner; open it with\nvigil --db FILE records.\n\n"
		"Exit status 0 when the backup is written, 1 when it is not "
		"(FILE is then\nleft as it was).  doc/records.md says how to "
		"restore and how to back up\nevery night.\n",
	.exec = cmd_backup_exec,
};
