/*
 * lint.h - what `pack check` finds beyond the loader: problems with the
 * shape of a module rather than with one line of it.
 *
 * The loader checks each construct as the author's code runs (pack.h).
 * The lint looks at a loaded module as a whole: steps that no path can
 * reach, steps from which the end cannot be reached, a pass mark that
 * means nothing because no step gives points, and module files that
 * pack.lua does not list.  It reads `when` conditions as "may or may not
 * show", since their outcome depends on the learner: `pack test` runs them.
 */
#ifndef VIGIL_LINT_H
#define VIGIL_LINT_H

#include "diag.h"
#include "strv.h"

struct pack;
struct module;

/*
 * Lints the pack p loaded from its folder as a whole (its folder's name,
 * module files it does not list), adding warnings and errors to d.
 */
void lint_pack(const struct pack *p, struct diags *d);

/*
 * Lints one module as pack_load_each hands it over (ctx is the struct
 * diags), with errors or without: the lint looks at the steps that did
 * load and leaves out what the loader's errors make unknown (where a step
 * with a broken go leads, the steps after code that stopped), so that it
 * adds no cascade of follow-on errors to what the loader said.
 */
void lint_module(struct module *m, void *ctx);

/*
 * The facts of module m (lint-facts.c): for each step, the first fact its
 * when reads that no choice sets (malloc'd), else NULL, in an array of
 * m->nsteps for lint_facts_free.  With d, warns about each such read and
 * each fact a choice sets that no when reads but one reads a name close
 * to.  The whens are called; one that trips a limit leaves m's sandbox
 * spent.
 */
char **lint_facts(struct module *m, struct diags *d);
void lint_facts_free(char **unset, size_t n);

/*
 * The shape of module m as the lint reads it, for a map of it (map.h):
 * seen[i] is set when some way from the start can show step i, live[i]
 * when from step i some way leads on to the end, each an array of
 * m->nsteps + 1, all 0 (the last is the end).  A `when` counts as "may or
 * may not show".
 */
void lint_shape(const struct module *m, unsigned char *seen,
		unsigned char *live);

#endif
