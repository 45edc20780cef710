/*
 * map.h - a map of a module for its author: each step, top to bottom in
 * file order, and every way between them, drawn as an SVG document.
 *
 * A box per step says its number, kind, id, line and first words, and
 * lists a scene's choices with where each leads.  Falling through to the
 * next step is an arrow straight down; a choice's `go` is an arrow round
 * the side (later steps on the right, earlier ones on the left); a step
 * with a `when` has a dashed box and a dashed arrow past it.  Steps no
 * way through shows, and dead ends, say so in words as well as colour, so
 * that the map reads in black and white.  The marks come from the pack's
 * own analyses: `pack check`'s lint (lint.h) and `pack test`'s
 * exploration (packtest.h), which runs the `when` conditions.
 *
 * Texts are shown as the author wrote them, school words such as
 * {{lead_short}} included: the map is of the pack, not of one school.
 * The SVG uses no style sheet or script, only presentation attributes,
 * so that a page with a strict content security policy can show it inline.
 */
#ifndef VIGIL_MAP_H
#define VIGIL_MAP_H

#include <stddef.h>

#include "strv.h"

struct pack;
struct module;

/* What the analyses say of a step, as bits. */
enum map_mark {
	MAP_NEVER_SHOWN = 1,	/* no way through the module shows it */
	MAP_DEAD_END = 2	/* from it, on some way through, no answer
				 * leads on to the end */
};

/*
 * Sets marks[i] (enum map_mark bits; an array of m->nsteps) for each step
 * of m, module mi of p as module_load loaded it, from the lint's reading
 * of its shape and an exploration of every way through it.  Returns 0, or
 * -1 when the exploration was cut short (pack code failed, or a limit was
 * reached): the marks are then the lint's, with the dead ends the
 * exploration found.
 */
int map_marks(struct pack *p, size_t mi, const struct module *m,
	      const struct strv *plugin_dirs, unsigned char *marks);

/*
 * The map of module m of the pack with id pack_id as a standalone SVG
 * document (malloc'd, UTF-8, every text escaped), with marks from
 * map_marks; whole is 0 when map_marks returned -1, which the map says.
 */
char *map_svg(const char *pack_id, const struct module *m,
	      const unsigned char *marks, int whole);

#endif
