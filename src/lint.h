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
 * diags).  Modules that fail to load never get here, since the loader has
 * already reported why and anything more would be a cascade of follow-on
 * errors.
 */
void lint_module(struct module *m, void *ctx);

#endif
