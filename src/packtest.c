/*
 * packtest.c - `pack test`: loads the pack, runs its playthroughs
 * (packtest-play.c), explores every way through each module
 * (packtest-explore.c) and reports what the playthroughs leave unreached
 * (packtest-cover.c), one test line each; and the quoting that every
 * part's messages share, so that what they show can be pasted into a
 * playthrough.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "packtest-internal.h"
#include "playthrough.h"
#include "sandbox.h"
#include "session.h"

/* Appends s as a Lua string literal, so that what a message shows can be
 * pasted into a playthrough. */
void packtest_add_quoted(struct buf *b, const char *s)
{
	playthrough_add_quoted(b, s);
}

/* s as a Lua string literal, malloc'd. */
char *packtest_quoted(const char *s)
{
	struct buf b = BUF_INIT;

	packtest_add_quoted(&b, s);
	return buf_detach(&b);
}

void packtest_add_quoted_list(struct buf *b, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(b, ", ");
		packtest_add_quoted(b, v[i]);
	}
}

/* Appends texts as { "a", "b" }, the way a playthrough lists several. */
void packtest_add_braced(struct buf *b, const char *const *v, size_t n)
{
	buf_adds(b, n ? "{ " : "{ }");
	packtest_add_quoted_list(b, v, n);
	if (n)
		buf_adds(b, " }");
}

int packtest_option_index(const struct view *v, const char *text)
{
	size_t i;

	for (i = 0; i < v->noptions; i++)
		if (!strcmp(v->options[i], text))
			return (int)i;
	return -1;
}

/* ---- the run and its report ---------------------------------------------- */

/* Prints diagnostics after what is already on the test lines' stream. */
void packtest_print_diags(struct packrun *pr, struct diags *d)
{
	if (!d->n)
		return;
	fflush(pr->o->out);
	diag_sort(d);
	diag_print(d, pr->o->err);
	fflush(pr->o->err);
}

/* Counts one test and prints its line, then its diagnostics. */
void packtest_report(struct packrun *pr, int ok, struct diags *d,
		     const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	char *safe;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* The line names steps and quotes the pack's texts. */
	safe = term_safe(b.s ? b.s : "", 0);
	fprintf(pr->o->out, "%s%s\n", ok ? "ok - " : "FAILED - ", safe);
	free(safe);
	buf_free(&b);
	if (d)
		packtest_print_diags(pr, d);
	if (ok)
		pr->c->passed++;
	else
		pr->c->failed++;
}

void packtest_modinfo_free(struct modinfo *md)
{
	size_t i, n = md->ref ? md->ref->nsteps : 0;

	for (i = 0; i < n; i++) {
		strv_free(&md->chosen[i]);
		strv_free(&md->seen[i]);
	}
	free(md->chosen);
	free(md->seen);
	free(md->reached);
	free(md->showable);
	lint_facts_free(md->unset, n);
	module_free(md->ref);
}

/*
 * For each step of module mi, the fact its when reads that nothing sets
 * (lint_facts), or NULL.  The whens run in a module loaded for this alone
 * and freed at once: whatever they leave behind, up to the sandbox's cap,
 * goes with it rather than staying beside the memory the playthroughs and
 * the exploration use.
 */
static char **facts_unset(const struct pack *p, size_t mi,
			  const struct strv *plugin_dirs)
{
	struct diags d = DIAGS_INIT;
	struct module *m = module_load(p, mi, plugin_dirs, &d);
	char **unset = m ? lint_facts(m, NULL) : NULL;

	module_free(m);
	diag_free(&d);
	return unset;
}

int packtest_run(const char *dir, const struct strv *plugin_dirs,
		 const struct packtest_options *o, struct packtest_counts *c)
{
	struct packrun pr;
	struct diags d = DIAGS_INIT;
	int failed = c->failed;
	size_t i, nmods = 0;

	memset(&pr, 0, sizeof(pr));
	pr.plugin_dirs = plugin_dirs;
	pr.o = o;
	pr.c = c;
	fprintf(o->out, "testing %s\n", dir);
	sandbox_budget_begin();	/* loading the pack and its modules */
	pr.p = pack_load(dir, plugin_dirs, &d);
	if (!pr.p || d.errors) {
		packtest_report(&pr, 0, &d, "%s: the pack does not load", dir);
		goto out;
	}
	pr.mods = xcalloc(pr.p->nmodules + 1, sizeof(*pr.mods));
	for (nmods = 0; nmods < pr.p->nmodules; nmods++) {
		struct modinfo *md = &pr.mods[nmods];
		size_t n;

		md->ref = module_load(pr.p, nmods, plugin_dirs, &d);
		if (!md->ref) {
			packtest_report(&pr, 0, &d, "%s: the pack does not "
					"load", dir);
			goto out;
		}
		n = md->ref->nsteps + 1;
		md->unset = facts_unset(pr.p, nmods, plugin_dirs);
		md->reached = xcalloc(n, 1);
		md->showable = xcalloc(n, 1);
		md->chosen = xcalloc(n, sizeof(*md->chosen));
		md->seen = xcalloc(n, sizeof(*md->seen));
	}
	packtest_play(&pr, dir);
	for (i = 0; i < pr.p->nmodules; i++)
		packtest_explore(&pr, i);
	for (i = 0; i < pr.p->nmodules; i++)
		packtest_cover(&pr, i);
out:
	for (i = 0; i < nmods; i++)
		packtest_modinfo_free(&pr.mods[i]);
	free(pr.mods);
	pack_free(pr.p);
	diag_free(&d);
	fflush(o->out);
	return c->failed > failed ? -1 : 0;
}
