/*
 * cmd.h - the command table.  Each command lives in its own cmd-NAME.c and
 * exports one struct cmd_entry; cmd.c lists them.
 */
#ifndef VIGIL_CMD_H
#define VIGIL_CMD_H

#include <stdio.h>

#include "strv.h"

/* Exit statuses (SPEC §1). */
#define EXIT_OK		0
#define EXIT_FAILED	1
#define EXIT_USAGE	2

/* What the global options say, for every command. */
struct cmd_ctx {
	const char *db;		/* --db, $VIGIL_DB or the default */
	int db_given;		/* --db was on the command line */
	struct strv pack_dirs;	/* every folder to search for packs */
	struct strv plugin_dirs;	/* every folder to search for plugins */
};

struct cmd_entry {
	const char *name;
	const char *usage;	/* arguments, after "vigil NAME " */
	const char *summary;	/* one line for vigil --help */
	const char *help;	/* the rest of NAME --help */
	int (*exec)(struct cmd_ctx *ctx, int argc, char **argv);
	/* For a command with subcommands (pack, learner, admin): their
	 * table, NULL-terminated, run by cmd_dispatch; exec is then NULL. */
	const struct cmd_entry *const *subcommands;
};

extern const struct cmd_entry cmd_packs_entry;
extern const struct cmd_entry cmd_pack_entry;
extern const struct cmd_entry cmd_pack_play_entry;
extern const struct cmd_entry cmd_pack_check_entry;
extern const struct cmd_entry cmd_pack_test_entry;
extern const struct cmd_entry cmd_pack_new_entry;
extern const struct cmd_entry cmd_pack_map_entry;
extern const struct cmd_entry cmd_pack_preview_entry;
extern const struct cmd_entry cmd_learner_entry;
extern const struct cmd_entry cmd_admin_entry;
extern const struct cmd_entry cmd_audit_entry;
extern const struct cmd_entry cmd_serve_entry;
extern const struct cmd_entry cmd_certificate_entry;
extern const struct cmd_entry cmd_verify_entry;
extern const struct cmd_entry cmd_take_entry;
extern const struct cmd_entry cmd_records_entry;
extern const struct cmd_entry cmd_assign_entry;
extern const struct cmd_entry cmd_unassign_entry;
extern const struct cmd_entry cmd_settings_entry;
extern const struct cmd_entry cmd_remind_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_backup_entry;

/* The top-level commands, NULL-terminated. */
extern const struct cmd_entry *const cmd_table[];

/* The `vigil pack` subcommands, NULL-terminated. */
extern const struct cmd_entry *const cmd_pack_table[];

/* Finds name in table, or NULL. */
const struct cmd_entry *cmd_find(const struct cmd_entry *const *table,
				 const char *name);

/*
 * Runs the subcommand of parent named by argv[1], handling --help for the
 * parent and for the subcommand.
 */
int cmd_dispatch(const struct cmd_entry *parent, struct cmd_ctx *ctx,
		 int argc, char **argv);

/* Prints "usage: vigil PREFIX NAME USAGE" and the help text to out. */
void cmd_usage(const struct cmd_entry *e, const char *prefix, FILE *out);

/*
 * Prints the command's help to stdout and returns 1 when -h or --help
 * comes before any "--"; else returns 0.  Other options are left to the
 * command's own getopt (see cmd_option_error).
 */
int cmd_help_requested(const struct cmd_entry *e, const char *prefix,
		       int argc, char **argv);

/*
 * The usage error for what getopt_long just returned as c (':' or '?'):
 * an option given without its value, or one that is not known.
 */
int cmd_option_error(const struct cmd_entry *e, const char *prefix, int c,
		     char **argv);

/* A usage error: prints "vigil: MESSAGE" and the usage; returns EXIT_USAGE. */
int cmd_usage_error(const struct cmd_entry *e, const char *prefix,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
