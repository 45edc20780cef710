/*
 * lint.c - the shape of a module: which steps can be shown, and from which
 * the end can be reached (lint.h).
 *
 * A module is a graph: node i is step i, node n is the end.  Moving on to
 * step t means showing the first step from t on whose `when` allows it, so
 * a step with a `when` leads both to itself and past itself.  Forward from
 * the start gives the steps that can be shown; backward from the end gives
 * the steps from which the end can be reached.
 */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lua.h>
#include <lauxlib.h>

#include "lint.h"
#include "pack.h"
#include "util.h"
#include "words.h"

struct graph {
	size_t n;		/* steps; node n is the end */
	size_t **succ;		/* successors of each step, SIZE_MAX-ended */
	size_t *start;		/* where the module begins, SIZE_MAX-ended */
};

/* Adds node to a SIZE_MAX-terminated list, once. */
static void add_node(size_t **list, size_t node)
{
	size_t len = 0;

	if (*list)
		for (; (*list)[len] != SIZE_MAX; len++)
			if ((*list)[len] == node)
				return;
	*list = xrealloc(*list, (len + 2) * sizeof(**list));
	(*list)[len] = node;
	(*list)[len + 1] = SIZE_MAX;
}

/*
 * Makes *list every node, the end included: where a step leads is taken to
 * be anywhere when a mistake leaves it unknown, so that the lints report
 * nothing the mistake itself may cause.
 */
static void lead_anywhere(size_t **list, size_t n)
{
	size_t k;

	*list = xrealloc(*list, (n + 2) * sizeof(**list));
	for (k = 0; k <= n; k++)
		(*list)[k] = k;
	(*list)[n + 1] = SIZE_MAX;
}

/*
 * Adds the steps that moving on to step t can show (t, and past a when) to
 * list; returns 1 when that is past the last step of a module whose code
 * stopped, where the steps that were never read might lead anywhere.
 */
static int add_targets(const struct module *m, size_t **list, size_t t)
{
	for (; t < m->nsteps; t++) {
		add_node(list, t);
		if (m->steps[t].when_ref == LUA_NOREF &&
		    !(m->steps[t].unsure & UNSURE_WHEN))
			return 0;
	}
	add_node(list, m->nsteps);
	return m->stopped;
}

static void graph_build(const struct module *m, struct graph *g)
{
	size_t i, j;

	g->n = m->nsteps;
	g->succ = xcalloc(m->nsteps + 1, sizeof(*g->succ));
	g->start = NULL;
	add_targets(m, &g->start, 0);
	for (i = 0; i < m->nsteps; i++) {
		const struct step *st = &m->steps[i];
		int anywhere = 0;

		if (st->unsure & UNSURE_WAYS) {
			anywhere = 1;
		} else if (st->kind == STEP_FINISH) {
			add_node(&g->succ[i], m->nsteps);
		} else if (st->kind == STEP_SCENE) {
			for (j = 0; j < st->nchoices; j++) {
				int go = st->choices[j].go_step;

				anywhere |= add_targets(m, &g->succ[i],
					go >= 0 ? (size_t)go : i + 1);
			}
		} else {
			anywhere = add_targets(m, &g->succ[i], i + 1);
		}
		if (anywhere)
			lead_anywhere(&g->succ[i], m->nsteps);
	}
}

static void graph_free(struct graph *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		free(g->succ[i]);
	free(g->succ);
	free(g->start);
}

/* Marks in seen every node reachable from the nodes in from (forward). */
static void mark_forward(const struct graph *g, const size_t *from,
			 unsigned char *seen)
{
	size_t *stack = xcalloc(g->n + 1, sizeof(*stack)), top = 0, k;

	for (k = 0; from && from[k] != SIZE_MAX; k++)
		if (!seen[from[k]]) {
			seen[from[k]] = 1;
			stack[top++] = from[k];
		}
	while (top) {
		size_t v = stack[--top];

		if (v == g->n || !g->succ[v])
			continue;
		for (k = 0; g->succ[v][k] != SIZE_MAX; k++)
			if (!seen[g->succ[v][k]]) {
				seen[g->succ[v][k]] = 1;
				stack[top++] = g->succ[v][k];
			}
	}
	free(stack);
}

/* Marks in live every step from which the end can be reached. */
static void mark_live(const struct graph *g, unsigned char *live)
{
	int changed = 1;
	size_t i, k;

	live[g->n] = 1;
	/* Steps number in the hundreds: a fixed point is simple and enough. */
	while (changed) {
		changed = 0;
		for (i = 0; i < g->n; i++) {
			if (live[i] || !g->succ[i])
				continue;
			for (k = 0; g->succ[i][k] != SIZE_MAX; k++)
				if (live[g->succ[i][k]]) {
					live[i] = changed = 1;
					break;
				}
		}
	}
}

static const char *kind_name(enum step_kind k)
{
	switch (k) {
	case STEP_PAGE:
		return "page";
	case STEP_SCENE:
		return "scene";
	case STEP_QUESTION:
		return "question";
	case STEP_FINISH:
		return "finish";
	}
	return "step";
}

/* "the scene 'corridor'", or "this page" for a step with no name given. */
static char *step_name(const struct step *st)
{
	if (!strncmp(st->id, "step-", 5))
		return xasprintf("this %s", kind_name(st->kind));
	return xasprintf("the %s '%s'", kind_name(st->kind), st->id);
}

/* Warns once per run of consecutive steps that can never be shown. */
static void report_unreachable(const struct module *m,
			       const unsigned char *seen, struct diags *d)
{
	size_t i = 0, j;

	while (i < m->nsteps) {
		char *name;

		if (seen[i]) {
			i++;
			continue;
		}
		for (j = i + 1; j < m->nsteps && !seen[j]; j++)
			;
		name = step_name(&m->steps[i]);
		if (j - i == 1)
			diag_add(d, DIAG_WARNING, m->file, m->steps[i].line,
				 "%s can never be shown: no step or choice "
				 "leads to it", name);
		else if (j - i == 2)
			diag_add(d, DIAG_WARNING, m->file, m->steps[i].line,
				 "%s and the step after it can never be shown: "
				 "no step or choice leads to them", name);
		else
			diag_add(d, DIAG_WARNING, m->file, m->steps[i].line,
				 "%s and the %zu steps after it can never be "
				 "shown: no step or choice leads to them", name,
				 j - i - 1);
		free(name);
		i = j;
	}
}

/*
 * Reports each way into a dead end: a step that can be shown, from which
 * the end cannot be reached, entered from the start or from a step that
 * could still reach the end.  Steps further inside the trap are named in
 * the same message rather than reported again.
 */
static void report_dead_ends(const struct module *m, const struct graph *g,
			     const unsigned char *seen,
			     const unsigned char *live, struct diags *d)
{
	unsigned char *entry = xcalloc(g->n + 1, 1);
	size_t i, k;

	for (k = 0; g->start[k] != SIZE_MAX; k++)
		entry[g->start[k]] = 1;
	for (i = 0; i < g->n; i++)
		if (seen[i] && live[i] && g->succ[i])
			for (k = 0; g->succ[i][k] != SIZE_MAX; k++)
				entry[g->succ[i][k]] = 1;
	for (i = 0; i < g->n; i++) {
		unsigned char *trap;
		size_t from[2] = { i, SIZE_MAX }, shown = 0, j;
		struct buf others = BUF_INIT;
		char *name;

		if (!entry[i] || !seen[i] || live[i])
			continue;
		trap = xcalloc(g->n + 1, 1);
		mark_forward(g, from, trap);
		for (j = 0; j < g->n; j++) {
			if (j == i || !trap[j])
				continue;
			if (shown++ < 3)
				buf_addf(&others, "%s'%s'", shown > 1 ? ", " :
					 "", m->steps[j].id);
		}
		if (shown > 3)
			buf_addf(&others, " and %zu more", shown - 3);
		name = step_name(&m->steps[i]);
		diag_add(d, DIAG_ERROR, m->file, m->steps[i].line,
			 "dead end: from %s no way leads on to the end of the "
			 "module%s%s%s", name, shown ? " (it only leads to " :
			 "", shown ? others.s : "", shown ? ")" : "");
		free(name);
		buf_free(&others);
		free(trap);
	}
	free(entry);
}

/* Warns when a pass mark is set but no step the learner can see scores. */
static void report_no_points(const struct module *m,
			     const unsigned char *seen, struct diags *d)
{
	size_t i;
	int max = 0;

	if (m->stopped)
		return;		/* steps after the error were never read */
	for (i = 0; i < m->nsteps; i++) {
		if (m->steps[i].unsure & UNSURE_POINTS)
			return;		/* the points are not all known */
		if (seen[i])
			max += m->steps[i].max;
	}
	if (max == 0 && m->pass_mark > 0)
		diag_add(d, DIAG_WARNING, m->file, m->line,
			 "no step gives points, so everyone who reaches the "
			 "end passes whatever pass_mark says; give questions "
			 "or choices a score, or set pass_mark = 0");
}

/*
 * Warns about a plain finish that congratulates (SPEC §2): it is shown
 * whatever the result, so a learner who did not pass would read it too.
 */
static void report_praise(const struct module *m, struct diags *d)
{
	static const char *const praise[] = { "well done", "congratulat",
					      "great job", "you passed" };
	size_t i, j;
	char *lower, *c;

	if (m->pass_mark <= 0)
		return;
	for (i = 0; i < m->nsteps; i++) {
		const struct step *st = &m->steps[i];

		if (st->kind != STEP_FINISH || !st->text ||
		    st->text_not_passed)
			continue;
		/* ASCII case only: the words looked for are English. */
		lower = xstrdup(st->text);
		for (c = lower; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		for (j = 0; j < ARRAY_SIZE(praise); j++)
			if (strstr(lower, praise[j]))
				break;
		free(lower);
		if (j < ARRAY_SIZE(praise))
			diag_add(d, DIAG_WARNING, m->file, st->line,
				 "this finish says \"%s\" to everyone, also "
				 "to a learner who did not pass; give each "
				 "outcome its text: finish { passed = [[...]], "
				 "not_passed = [[...]] }", praise[j]);
	}
}

/* Builds m's graph into g and marks what can be shown and what is live. */
static void shape(const struct module *m, struct graph *g,
		  unsigned char *seen, unsigned char *live)
{
	graph_build(m, g);
	mark_forward(g, g->start, seen);
	mark_live(g, live);
}

void lint_module(struct module *m, void *ctx)
{
	struct diags *d = ctx;
	struct graph g;
	unsigned char *seen = xcalloc(m->nsteps + 1, 1);
	unsigned char *live = xcalloc(m->nsteps + 1, 1);

	shape(m, &g, seen, live);
	/* Steps never read might lead to any step already read. */
	if (!m->stopped)
		report_unreachable(m, seen, d);
	report_dead_ends(m, &g, seen, live, d);
	report_no_points(m, seen, d);
	report_praise(m, d);
	lint_facts_free(lint_facts(m, d), m->nsteps);
	graph_free(&g);
	free(seen);
	free(live);
}

void lint_shape(const struct module *m, unsigned char *seen,
		unsigned char *live)
{
	struct graph g;

	shape(m, &g, seen, live);
	graph_free(&g);
}

/* Warns about each NAME.lua beside pack.lua that its modules do not list. */
static void report_unlisted(const struct pack *p, struct diags *d)
{
	DIR *dir = opendir(p->dir);
	struct dirent *e;

	if (!dir)
		return;		/* the loader has said why already */
	while ((e = readdir(dir))) {
		size_t len = strlen(e->d_name);
		char *id, *path;
		struct stat sb;

		if (len < 5 || strcmp(e->d_name + len - 4, ".lua") ||
		    !strcmp(e->d_name, "pack.lua") || e->d_name[0] == '.')
			continue;
		id = xstrndup(e->d_name, len - 4);
		path = path_join(p->dir, e->d_name);
		if (pack_module_index(p, id) < 0 && stat(path, &sb) == 0 &&
		    S_ISREG(sb.st_mode))
			diag_add(d, DIAG_WARNING, path, 1, "this module file "
				 "is not listed in pack.lua, so nobody can take "
				 "it; add \"%s\" to the pack's modules, or move "
				 "the file out of the pack", id);
		free(id);
		free(path);
	}
	closedir(dir);
}

/*
 * Warns when the folder is not named after the pack's id: `vigil take
 * PACK` finds an installed pack by its folder's name.
 */
static void report_folder_name(const struct pack *p, struct diags *d)
{
	char *real = realpath(p->dir, NULL);
	const char *base;

	if (!real || !p->id || !is_slug(p->id)) {
		free(real);
		return;
	}
	base = strrchr(real, '/') ? strrchr(real, '/') + 1 : real;
	if (strcmp(base, p->id))
		diag_add(d, DIAG_WARNING, p->file, p->id_line, "the pack's id "
			 "is '%s' but its folder is named '%s'; name the folder "
			 "'%s', since vigil take finds installed packs by their "
			 "folder's name", p->id, base, p->id);
	free(real);
}

/* Scans the file at path (shown as file) for {{words}} that are not the
 * school's (words.h), when it is a file of its own: a link is the
 * loader's to refuse or follow, and may lead out of the pack. */
static void scan_words(const char *path, const char *file, struct diags *d)
{
	struct stat sb;

	if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		words_scan(path, file, d);
}

/*
 * Errors for each {{word}} that is not one of the school's, at its line:
 * in pack.lua, the module files it lists and the Markdown files beside
 * them (read with `file`).  Learners would see such a word as written.
 */
static void report_words(const struct pack *p, struct diags *d)
{
	struct strv files = STRV_INIT;
	size_t i;

	scan_words(p->file, p->file, d);
	for (i = 0; i < p->nmodules; i++)
		scan_words(p->modules[i].file, p->modules[i].file, d);
	pack_files(p->dir, &files);
	for (i = 0; i < files.n; i++) {
		size_t len = strlen(files.v[i]);
		char *path;

		if (len < 4 || strcmp(files.v[i] + len - 3, ".md"))
			continue;
		path = path_join(p->dir, files.v[i]);
		scan_words(path, path, d);
		free(path);
	}
	strv_free(&files);
}

void lint_pack(const struct pack *p, struct diags *d)
{
	report_folder_name(p, d);
	report_unlisted(p, d);
	report_words(p, d);
}
