/*
 * cmd-take.c - take a module in the terminal, recording every answer.
 *
 * Each answer is committed before anything more is shown, so an attempt
 * interrupted anywhere (q, end of input, Ctrl-C, kill -9) is carried on by
 * the next take: a session started with the attempt's seed and given its
 * stored answers is the same session (session.h), at the same step with the
 * same shuffles.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attempt.h"
#include "cmd.h"
#include "cpd.h"
#include "diag.h"
#include "learner.h"
#include "pack.h"
#include "session.h"
#include "store.h"
#include "term.h"
#include "util.h"
#include "words.h"

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct take {
	struct attempt_take at;
	char *msg;		/* why a hook failed */
};

/* term hook: commits the answer just accepted, before it is acknowledged. */
static int take_answer(void *ctx, const struct answer *ans)
{
	struct take *t = ctx;

	(void)ans;	/* the session's last: attempt_answer commits it */
	return attempt_answer(&t->at, &t->msg);
}

/* term hook: records the result and says what it earned. */
static int take_end(void *ctx, const struct view *v, FILE *out)
{
	struct take *t = ctx;
	const struct attempt *a = &t->at.a;

	if (attempt_finish(&t->at, v, &t->msg) < 0)
		return -1;
	fprintf(out, "Attempt %" PRId64 " is recorded.\n", a->id);
	if (!v->passed) {
		fprintf(out, "CPD minutes: 0 (not passed; the same command "
			"starts a new attempt)\n");
		return 0;
	}
	fprintf(out, "CPD minutes: %d\n", a->minutes);
	if (a->expires)
		fprintf(out, "Valid until: %s\n", a->expires);
	else
		fprintf(out, "Valid until: does not expire\n");
	fprintf(out, "Certificate: %s\n", a->certificate);
	if (t->at.mi + 1 < t->at.p->nmodules) {
		/* ids are [a-z0-9-], safe to print as a command */
		fprintf(out, "Next: vigil take %s %s\n", t->at.p->id,
			t->at.p->modules[t->at.mi + 1].id);
	}
	return 0;
}

/* Makes sure the learner is in the roster, adding them if given a name. */
static int find_learner(struct store *st, const char *ref, const char *name,
			struct learner *l)
{
	char *msg = NULL, *shown;
	int found = store_learner_get(st, ref, l, &msg);

	if (found < 0)
		goto fail;
	if (found)
		return 0;
	if (!name)
		return error("no learner '%s' in the roster; add them with "
			     "'vigil learner add %s --name NAME', or give "
			     "--name", ref, ref);
	l->ref = xstrdup(ref);
	l->name = xstrdup(name);
	if (learner_check(l, &msg) < 0 || store_learner_add(st, l, &msg) < 0)
		goto fail;
	shown = learner_shown(name);
	printf("Added %s (%s) to the roster.\n", shown, ref);
	free(shown);
	return 0;
fail:
	error("%s", msg);
	free(msg);
	return -1;
}

/* The day an attempt began, as read from the records, safe to print. */
static char *started_on(const struct attempt *a)
{
	char *day = xstrndup(a->started, 10), *safe = term_safe(day, 1);

	free(day);
	return safe;
}

/*
 * Before a new attempt begins, while the learner holds a valid pass of the
 * module: says that it stays valid whatever the new attempt does (SPEC
 * §4), and how to print its certificate.  Returns 0, or -1 after saying
 * why.
 */
static int say_pass_held(const struct attempt_take *at, const char *ref)
{
	const struct pack_module *pm = &at->p->modules[at->mi];
	struct cpd c = { 0 };
	const char *date;
	char today[DATE_LEN], *msg = NULL;

	if (cpd_load(at->st, ref, at->p->id, pm->id, &c, &msg) < 0) {
		error("%s", msg);
		free(msg);
		return -1;
	}
	fmt_date(vigil_now(), today);
	/* An attempt in progress carries on: nothing new begins. */
	if (c.open_id || cpd_resolve(&c, today, &date) != CPD_VALID)
		return 0;
	if (*date)
		printf("You hold a valid pass of this module until %s "
		       "(attempt %" PRId64 ").  A new attempt will not take "
		       "it away: whatever\nits result, your pass and its "
		       "certificate stay valid until then.\n", date,
		       c.pass_id);
	else
		printf("You hold a pass of this module that does not expire "
		       "(attempt %" PRId64 ").  A new\nattempt will not take "
		       "it away.\n", c.pass_id);
	printf("Its certificate: vigil certificate %" PRId64 "\n", c.pass_id);
	return 0;
}

/*
 * Carries on the learner's attempt at module mi, or begins one (attempt.h
 * decides which), and says which.  Returns the session ready at the step
 * to show, or NULL after printing why.
 */
static struct session *open_attempt(struct take *t, const struct cmd_ctx *ctx,
				    size_t mi, const struct learner *l)
{
	struct attempt_take *at = &t->at;
	char *msg = NULL, *began = NULL, *shown;
	int rc;

	at->mi = mi;
	at->plugin_dirs = &ctx->plugin_dirs;
	at->learner_id = l->id;
	if (say_pass_held(at, l->ref) < 0)
		return NULL;
	rc = attempt_open(at, ATTEMPT_CARRY_ON, &msg);
	/* Said first: a stale attempt is set aside before anything can fail. */
	if (at->old.id && at->old_stale == ATTEMPT_PACK_CHANGED) {
		began = started_on(&at->old);
		printf("The pack has changed since attempt %" PRId64 " began "
		       "on %s, so it cannot carry on: starting a new "
		       "attempt (attempt %" PRId64 " is kept, marked "
		       "abandoned).\n", at->old.id, began, at->old.id);
	} else if (at->old.id) {
		shown = term_safe(at->old_why, 1); /* may quote an answer */
		printf("Attempt %" PRId64 " cannot be carried on (%s): "
		       "starting a new attempt (it is kept, marked "
		       "abandoned).\n", at->old.id, shown);
		free(shown);
	}
	if (rc < 0) {
		if (at->diags.n) {
			diag_sort(&at->diags);
			diag_print(&at->diags, stderr);
		} else if (at->code_failed) {
			diag_print_message(msg, stderr);
		} else {
			error("%s", msg);
		}
		free(msg);
		free(began);
		return NULL;
	}
	if (at->found) {
		began = started_on(&at->a);
		printf("Carrying on attempt %" PRId64 ", begun on "
		       "%s: %zu answer%s restored.\n", at->a.id,
		       began, at->nans, at->nans == 1 ? "" : "s");
	} else {
		printf("Attempt %" PRId64 " has begun.  Each answer is saved "
		       "as you give it: q stops, and the\nsame command "
		       "carries on where you left off.\n", at->a.id);
	}
	free(began);
	return at->s;
}

/* Loads the pack with this id from the search folders; NULL if unusable. */
static struct pack *load_pack(const struct cmd_ctx *ctx, const char *id)
{
	struct diags d = DIAGS_INIT;
	struct pack *p;
	char *dir = pack_find(&ctx->pack_dirs, id);

	if (!dir) {
		error("no pack '%s' is installed; 'vigil packs' lists those "
		      "that are", id);
		return NULL;
	}
	p = pack_load(dir, &ctx->plugin_dirs, &d);
	free(dir);
	if (!p || d.errors) {
		diag_sort(&d);
		diag_print(&d, stderr);
		error("pack '%s' has errors; it cannot be taken until they "
		      "are fixed", id);
		pack_free(p);
		p = NULL;
	}
	diag_free(&d);
	return p;
}

/* Takes MODULE of PACK as the learner REF, carrying on an attempt. */
static int cmd_take_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "learner", required_argument, NULL, 'l' },
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	const struct term_hooks hooks = { take_answer, take_end, NULL };
	struct term_hooks h = hooks;
	struct take t = { 0 };
	struct learner l = { 0 };
	struct session *s = NULL;
	struct sigaction sa;
	const char *ref = NULL, *name = NULL;
	char *msg = NULL, *title = NULL;
	struct words words = WORDS_INIT;
	int c, mi, ret = EXIT_FAILED;
	enum term_end end;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'l')
			ref = optarg;
		else if (c == 'n')
			name = optarg;
		else
			return cmd_usage_error(&cmd_take_entry, NULL,
					       "unknown option '%s'",
					       argv[optind - 1]);
	}
	if (argc - optind != 2)
		return cmd_usage_error(&cmd_take_entry, NULL, "name a pack "
				       "and one of its modules");
	if (!ref || !*ref)
		return cmd_usage_error(&cmd_take_entry, NULL, "say who is "
				       "taking the module with --learner REF");

	t.at.p = load_pack(ctx, argv[optind]);
	if (!t.at.p)
		return EXIT_FAILED;
	mi = pack_module_index(t.at.p, argv[optind + 1]);
	if (mi < 0) {
		error("pack '%s' has no module '%s'; its modules are listed "
		      "by 'vigil packs'", t.at.p->id, argv[optind + 1]);
		goto out;
	}
	if (store_open(ctx->db, &t.at.st, &msg) < 0) {
		error("%s", msg);
		free(msg);
		goto out;
	}
	if (find_learner(t.at.st, ref, name, &l) < 0)
		goto out;
	s = open_attempt(&t, ctx, (size_t)mi, &l);
	if (!s)
		goto out;

	/* Ctrl-C ends the read in progress; every answer given is stored. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	h.ctx = &t;
	title = xstrdup(t.at.a.module_title);
	/* The school's words: a settings table that cannot be read leaves
	 * the defaults, which say nothing wrong. */
	if (words_load(&words, t.at.st, &msg) < 0) {
		error("%s", msg);
		free(msg);
		msg = NULL;
	}
	end = term_play(s, title, &words, stdin, stdout, &h);
	ret = term_exit_status(end);
	switch (end) {
	case TERM_QUIT:
		printf("\nSaved.  Run the same command to carry on.\n");
		break;
	case TERM_EOF:
		fflush(stdout);
		error("%s before the end of the module; your answers are "
		      "saved and attempt %" PRId64 " carries on next time",
		      interrupted ? "stopped" : "input ended", t.at.a.id);
		break;
	case TERM_FAILED:
		if (t.msg) {
			fflush(stdout);
			error("%s", t.msg);
		}
		break;
	default:
		break;
	}
out:
	words_free(&words);
	free(title);
	free(t.msg);
	attempt_close(&t.at);
	learner_clear(&l);
	store_close(t.at.st);
	pack_free((struct pack *)t.at.p);
	return ret;
}

const struct cmd_entry cmd_take_entry = {
	.name = "take",
	.usage = "PACK MODULE --learner REF [--name NAME]",
	.summary = "take a module in the terminal, recording it",
	.help = "Takes MODULE of the installed pack PACK as the learner REF "
		"(a staff number or\nemail).  A learner not yet in the roster "
		"is added when --name is given.\n\nEach answer is saved as it "
		"is given.  Stop at any point (q, Ctrl-C, or\nclosing the "
		"terminal) and the same command carries on at the same step.  "
		"If the\npack has changed since the attempt began, a new "
		"attempt starts and the old one\nis kept, marked abandoned.  "
		"Before a new attempt at a module whose pass is\nstill "
		"valid, it says so: that pass stays valid whatever the new "
		"attempt does.\n"
		"\nAt the end the result, CPD minutes, expiry and certificate "
		"code are printed\nand recorded.  Without a terminal, input is "
		"one line per interaction, as for\n'vigil pack play'; the last "
		"line is the result:\n  Result: PASSED 9/10 (90%)\n  Result: "
		"NOT PASSED 5/10 (50%), pass mark 80%\nExit status 0 when "
		"passed (or stopped with q), 1 otherwise.\n",
	.exec = cmd_take_exec,
};
