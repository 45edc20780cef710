/*
 * packtest.h - testing a pack as its author would: the playthroughs in its
 * tests folder, then an exploration of every way through each module.
 *
 * A playthrough (tests/NAME.lua, the word `playthrough`) names a module,
 * the answers to give by option text, and the result to expect; it runs on
 * a real session, so it fails exactly where a learner's attempt would
 * differ.  The exploration needs nothing from the author: it replays each
 * module from the start, tries every scene choice of every step it can
 * reach and every option of every question, and reports pack code that
 * fails, dead ends (a step from which no answer leads to the end, however
 * well hidden behind `when`), and a pass mark no way through can reach,
 * each with the answers that lead there.  Coverage then says which steps
 * and choices the exploration found that no playthrough reaches.
 */
#ifndef VIGIL_PACKTEST_H
#define VIGIL_PACKTEST_H

#include <stdio.h>

#include "strv.h"

/*
 * Limits of the exploration of one module, after which the rest goes
 * unchecked (with a warning): states, answers on one way through (for
 * pack code that keeps changing the state), seconds.
 */
#define PACKTEST_STATE_CAP 10000
#define PACKTEST_DEPTH_CAP 1000
#define PACKTEST_TIME_CAP 30

struct packtest_options {
	int strict;	/* a module that playthroughs leave partly unreached
			   fails its coverage test */
	FILE *out;	/* one line per test, then the coverage report */
	FILE *err;	/* diagnostics: FILE:LINE: error: message */
};

/* Tests run so far; one packtest_run() adds to them. */
struct packtest_counts {
	int passed, failed;
};

/*
 * Tests the pack in dir, looking up question types in plugin_dirs.  Each
 * playthrough, each module's exploration, each test file that fails to run,
 * a pack that does not load and (with strict) each module's coverage counts
 * as one test in c.  Prints "ok - NAME" or "FAILED - NAME" and its
 * diagnostics as each test runs, then the coverage.  Returns 0 when every
 * test of this pack passed, -1 otherwise.
 */
int packtest_run(const char *dir, const struct strv *plugin_dirs,
		 const struct packtest_options *o, struct packtest_counts *c);

/*
 * Reads the test files of the pack in dir, as pack test does before it
 * plays them, adding to d what stops a file or a playthrough from being
 * read: for pack check, which plays nothing.
 */
struct diags;
void packtest_check_files(const char *dir, struct diags *d);

/*
 * Explores every way through module mi of p as `pack test` does, reporting
 * nothing, for a map of the module (map.h): sets shown[i] when some way
 * through shows step i (a finish is never marked: it shows at the end),
 * and dead[i] when on some way through no answer from step i leads on to
 * the end; each an array of the module's nsteps.  Returns 0 when every way
 * was explored, or -1 when the module did not load, pack code failed or a
 * limit cut the exploration short: what it found is then set, but a step
 * not marked shown may still be shown.
 */
struct pack;
int packtest_explore_steps(struct pack *p, size_t mi,
			   const struct strv *plugin_dirs, unsigned char *shown,
			   unsigned char *dead);

#endif
