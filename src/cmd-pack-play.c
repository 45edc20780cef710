/*
 * cmd-pack-play.c - preview a module in the terminal, recording nothing in
 * any database; with --record, write the way just played as a playthrough
 * for `pack test` (playthrough.h).
 */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cmd.h"
#include "pack.h"
#include "playthrough.h"
#include "session.h"
#include "store.h"
#include "term.h"
#include "util.h"
#include "words.h"

/* Reads --seed N: any whole number from 0 to 2^64-1. */
static int parse_seed(const char *s, uint64_t *seed)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*seed = v;
	return 0;
}

/*
 * The school's words for a preview: the defaults, as every school that
 * set nothing sees them, unless --db names a database (before the command
 * or after it; $VIGIL_DB alone does not), whose settings are then used.
 * Returns 0, or -1 after saying why the database cannot be read.
 */
static int preview_words(const char *db, struct words *w)
{
	struct store *st;
	char *msg = NULL;
	int ret = 0;

	if (!db) {
		words_defaults(w);
		return 0;
	}
	if (store_open_existing(db, &st, &msg) < 0) {
		words_defaults(w);
		error("%s", msg);
		free(msg);
		return -1;
	}
	if (words_load(w, st, &msg) < 0) {
		ret = error("%s", msg);
		free(msg);
	}
	store_close(st);
	return ret;
}

/*
 * Says so when file is not in DIR/tests, the only files `pack test` runs:
 * a recording there is kept, but never tested.
 */
static void warn_outside_tests(const char *dir, const char *file)
{
	char *tests = path_join(dir, "tests"), *copy = xstrdup(file);
	char *want = realpath(tests, NULL), *got = realpath(dirname(copy),
							    NULL);

	if (!want || !got || strcmp(want, got))
		fprintf(stderr, "vigil: warning: '%s' is not in %s, whose "
			"files vigil pack test runs\n", file, tests);
	free(got);
	free(want);
	free(copy);
	free(tests);
}

/*
 * Writes the way s has taken through module mi of p to the tests file
 * path, once the play ended as end; says on stderr what it did, so that
 * what the player printed stays as it is.  Returns 0, or -1 after saying
 * why nothing was written.
 */
static int record(struct cmd_ctx *ctx, const struct pack *p, size_t mi,
		  const struct session *s, uint64_t seed, enum term_end end,
		  const char *path)
{
	struct diags d = DIAGS_INIT;
	const struct answer *answers;
	struct module *m;
	char *name = NULL, *msg = NULL;
	size_t n;

	if (end != TERM_PASSED && end != TERM_NOT_PASSED) {
		fprintf(stderr, "vigil: nothing recorded in %s: the module "
			"was not played to the end\n", path);
		return end == TERM_FAILED ? -1 : 0;
	}
	m = module_load(p, mi, &ctx->plugin_dirs, &d);
	if (!m) {
		diag_sort(&d);
		diag_print(&d, stderr);
		diag_free(&d);
		return error("nothing recorded in %s", path);
	}
	diag_free(&d);
	answers = session_answers(s, &n);
	if (playthrough_save(path, m, seed, answers, n, vigil_now(), &name,
			     &msg) < 0) {
		error("nothing recorded in %s: %s", path, msg);
		free(msg);
		return -1;
	}
	fprintf(stderr, "Recorded the playthrough \"%s\" in %s.\n", name, path);
	free(name);
	return 0;
}

/* Plays one module of the pack in DIR (the first if none is named). */
static int cmd_pack_play_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "db", required_argument, NULL, 'd' },
		{ "record", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct words words = WORDS_INIT;
	const char *db = ctx->db_given ? ctx->db : NULL, *rec = NULL;
	struct diags d = DIAGS_INIT;
	struct pack *p = NULL;
	struct module *m;
	struct session *s;
	enum term_end end;
	uint64_t seed;
	int have_seed = 0, c, mi = 0, ret = EXIT_FAILED;
	char *msg = NULL, *title = NULL, *plain;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's') {
			if (parse_seed(optarg, &seed) < 0)
				return cmd_usage_error(&cmd_pack_play_entry,
						       "pack", "--seed needs "
						       "a whole number, not "
						       "'%s'", optarg);
			have_seed = 1;
		} else if (c == 'd') {
			db = optarg;
		} else if (c == 'r') {
			rec = optarg;
		} else {
			return cmd_usage_error(&cmd_pack_play_entry, "pack",
					       "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		return cmd_usage_error(&cmd_pack_play_entry, "pack",
				       "name a pack folder and, optionally, a "
				       "module");
	if (!have_seed)
		randombytes_buf(&seed, sizeof(seed));

	if (preview_words(db, &words) < 0)
		goto out;
	p = pack_load(argv[optind], &ctx->plugin_dirs, &d);
	if (!p || d.errors) {
		diag_sort(&d);
		diag_print(&d, stderr);
		goto out;
	}
	if (argc - optind == 2) {
		mi = pack_module_index(p, argv[optind + 1]);
		if (mi < 0) {
			error("pack '%s' has no module '%s'", p->id,
			      argv[optind + 1]);
			goto out;
		}
	}
	/* Before playing: a learner's time is not to be lost to a file
	 * that cannot be written at the end. */
	if (rec) {
		if (playthrough_check_file(rec, &msg) < 0) {
			error("%s", msg);
			free(msg);
			goto out;
		}
		warn_outside_tests(argv[optind], rec);
	}
	m = module_load(p, (size_t)mi, &ctx->plugin_dirs, &d);
	if (!m) {
		diag_sort(&d);
		diag_print(&d, stderr);
		goto out;
	}
	plain = words_plain(&words, m->title);
	title = term_safe(plain, 1);
	free(plain);
	printf("Previewing \"%s\" from %s %s (seed %llu); nothing is "
	       "recorded.\n", title, p->id, p->version,
	       (unsigned long long)seed);
	s = session_start(m, seed, &msg);
	if (!s) {
		diag_print_message(msg, stderr);
		free(msg);
		free(title);
		goto out;
	}
	end = term_play(s, title, &words, stdin, stdout, NULL);
	ret = term_exit_status(end);
	if (rec) {
		fflush(stdout);
		if (record(ctx, p, (size_t)mi, s, seed, end, rec) < 0)
			ret = EXIT_FAILED;
	}
	session_free(s);
	free(title);
out:
	words_free(&words);
	pack_free(p);
	diag_free(&d);
	return ret;
}

const struct cmd_entry cmd_pack_play_entry = {
	.name = "play",
	.usage = "DIR [MODULE] [--seed N] [--db FILE] [--record FILE]",
	.summary = "preview a module in the terminal without recording "
		   "anything",
	.help = "Plays MODULE (default: the pack's first module) of the pack "
		"in DIR.  --seed N\nfixes the shuffles, so the same answers "
		"give the same output.\n"
		"--db FILE shows the school's own words ({{lead_short}} and "
		"the others) as that\ndatabase's settings say; without it, "
		"the defaults (\"DSL\").\n"
		"--record FILE, once the module is played to the end, adds the "
		"way just played\nto FILE (such as DIR/tests/NAME.lua) as a "
		"playthrough that vigil pack test\npasses: each answer by its "
		"option's text as the module writes it, and the\nresult, score "
		"and percent reached.  A file that exists keeps what it holds;\n"
		"its folder must exist.  Stopped with q, nothing is written."
		"\n\nWithout a terminal, one line is read "
		"per interaction: Enter for a page or\nfeedback, an option's "
		"number, several numbers separated by commas or spaces,\nor "
		"the text of a reflection; q stops.  The last line is the "
		"result:\n  Result: PASSED 9/10 (90%)\n  Result: NOT PASSED "
		"5/10 (50%), pass mark 80%\nExit status 0 when passed (or "
		"stopped with q), 1 otherwise.\n",
	.exec = cmd_pack_play_exec,
};
