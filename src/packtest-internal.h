/*
 * packtest-internal.h - what the parts of `pack test` share: packtest.c
 * runs a pack's tests and reports each, packtest-play.c reads and plays
 * the author's playthroughs, packtest-explore.c explores every way through
 * a module, packtest-cover.c says what the playthroughs leave unreached.
 * Nothing outside packtest*.c includes this.
 */
#ifndef VIGIL_PACKTEST_INTERNAL_H
#define VIGIL_PACKTEST_INTERNAL_H

#include <stddef.h>

#include "diag.h"
#include "pack.h"
#include "packtest.h"
#include "strv.h"
#include "util.h"

/* Every session starts from this seed; answers are given by their text,
 * so the shuffles it fixes do not matter. */
#define PACKTEST_SEED 1

#define NONE ((size_t)-1)

/* What one module's tests found, for the coverage report. */
struct modinfo {
	struct module *ref;	/* loaded once: ids, lines, option lines */
	unsigned char *reached;	/* per step: shown to some playthrough */
	struct strv *chosen;	/* per step: labels some playthrough chose */
	unsigned char *showable;	/* per step: on an explored path */
	struct strv *seen;	/* per step: labels shown on an explored path */
	int playthroughs;	/* how many play this module */
	char **unset;		/* per step: a fact its when reads that no
				 * choice sets, or NULL (lint_facts) */
};

struct packrun {
	struct pack *p;
	const struct strv *plugin_dirs;
	const struct packtest_options *o;
	struct packtest_counts *c;
	struct modinfo *mods;
};

/* ---- packtest.c ---------------------------------------------------------- */

/* Appends s as a Lua string literal, so that what a message shows can be
 * pasted into a playthrough. */
void packtest_add_quoted(struct buf *b, const char *s);
/* s as a Lua string literal, malloc'd. */
char *packtest_quoted(const char *s);
/* Appends texts as "a", "b", "c". */
void packtest_add_quoted_list(struct buf *b, const char *const *v, size_t n);
/* Appends texts as { "a", "b" }, the way a playthrough lists several. */
void packtest_add_braced(struct buf *b, const char *const *v, size_t n);

/* The index of the option the view shows exactly as text, or -1: answers
 * are given by their text, whatever order a shuffle shows. */
struct view;
int packtest_option_index(const struct view *v, const char *text);

/* Frees what one module's tests found. */
void packtest_modinfo_free(struct modinfo *md);

/* Prints diagnostics after what is already on the test lines' stream. */
void packtest_print_diags(struct packrun *pr, struct diags *d);
/* Counts one test and prints its line, then its diagnostics. */
void packtest_report(struct packrun *pr, int ok, struct diags *d,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- the parts ----------------------------------------------------------- */

/* Runs every test file's playthroughs in dir/tests, each as one test. */
void packtest_play(struct packrun *pr, const char *dir);
/* Explores every way through module mi, as one test. */
void packtest_explore(struct packrun *pr, size_t mi);
/* Reports what module mi's playthroughs leave unreached (a test with
 * --strict). */
void packtest_cover(struct packrun *pr, size_t mi);

#endif
