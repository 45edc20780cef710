/*
 * web-catalogue.c - the signed-in learner's home page in `vigil serve`: every
 * installed pack and module, where the learner stands on each (cpd.h), and
 * the way to begin, carry on or take it again.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cpd.h"
#include "html.h"
#include "matrix.h"
#include "pack.h"
#include "packcache.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"
#include "words.h"
struct catalogue {
	struct pack **packs;
	int *broken;		/* the pack has errors: not to be taken */
	struct cpd **cpd;	/* per pack, per module */
	size_t n;
	struct matrix m;	/* the learner's due dates (one row) */
};

/* store_attempts callback: folds an attempt into its module's standing. */
static int fold_attempt(void *ctx, const struct attempt *a)
{
	struct catalogue *c = ctx;
	size_t i;
	int mi;

	for (i = 0; i < c->n; i++) {
		if (strcmp(c->packs[i]->id, a->pack))
			continue;
		mi = pack_module_index(c->packs[i], a->module);
		if (mi >= 0)
			cpd_fold_attempt(&c->cpd[i][mi], a);
	}
	return 0;
}

/* Loads every installed pack and folds the learner's attempts. */
static int catalogue_load(const struct web_request *r, struct catalogue *c,
			  char **msg)
{
	struct strv dirs = STRV_INIT;
	struct attempt_filter f = { 0 };
	size_t i;

	pack_list(r->cfg->pack_dirs, &dirs);
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointers, not structs */
	c->packs = xcalloc(dirs.n + 1, sizeof(*c->packs));
	c->broken = xcalloc(dirs.n + 1, sizeof(*c->broken));
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointers, not structs */
	c->cpd = xcalloc(dirs.n + 1, sizeof(*c->cpd));
	for (i = 0; i < dirs.n; i++) {
		int broken = 0;
		struct pack *p = pack_cache_load(dirs.v[i],
						 r->cfg->plugin_dirs, &broken);

		if (p) {
			c->packs[c->n] = p;
			c->broken[c->n] = broken;
			c->cpd[c->n++] = xcalloc(p->nmodules + 1,
						 sizeof(struct cpd));
		}
	}
	strv_free(&dirs);
	f.learner = r->learner.ref;
	if (store_attempts(r->st, &f, fold_attempt, c, msg) < 0)
		return -1;
	return matrix_build(r->st, r->cfg->pack_dirs, r->cfg->plugin_dirs,
			    r->learner.ref, NULL, &c->m, msg);
}

static void catalogue_free(struct catalogue *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		pack_free(c->packs[i]);
		free(c->cpd[i]);
	}
	free(c->packs);
	free(c->broken);
	free(c->cpd);
	matrix_free(&c->m);
}

/* The learner's due date for pack/module, or NULL when it is not theirs
 * to do (or its pack has errors, which nobody can be due on). */
static const struct due *catalogue_due(const struct catalogue *c,
				       const char *pack, const char *module)
{
	size_t mi;

	if (c->m.nlearners != 1)
		return NULL;
	for (mi = 0; mi < matrix_columns(&c->m); mi++)
		if (!strcmp(c->m.packs.v[mi], pack) &&
		    !strcmp(c->m.modules.v[mi], module))
			return matrix_due(&c->m, 0, mi);
	return NULL;
}

void web_due(struct buf *b, const struct due *d)
{
	if (!d || d->state == DUE_NONE)
		return;
	switch (d->state) {
	case DUE_DONE:
		html_raw(b, "<span class=\"due\">Up to date");
		if (d->date[0]) {
			html_raw(b, "; due again by ");
			web_date(b, d->date);
		}
		break;
	case DUE_SOON:
		html_raw(b, "<span class=\"due due-soon\">Due soon: by ");
		web_date(b, d->date);
		break;
	case DUE_OVERDUE:
		html_raw(b, "<span class=\"due due-overdue\">Overdue: it was "
			 "due by ");
		web_date(b, d->date);
		break;
	case DUE_LATER:
	case DUE_NONE:
		html_raw(b, "<span class=\"due\">Due by ");
		web_date(b, d->date);
		break;
	}
	html_raw(b, "</span>");
}

/* Where the learner stands on a module, in words and a class. */
static void add_status(struct buf *b, const struct cpd *c, const char *today)
{
	const char *date;
	enum cpd_state s = cpd_resolve(c, today, &date);

	html_raw(b, "<span class=\"");
	html_raw(b, web_admin_state_class(s));
	html_raw(b, "\">");
	switch (s) {
	case CPD_VALID:
		html_raw(b, "Passed on ");
		web_date(b, c->pass_ended);
		if (*date) {
			html_raw(b, ", valid until ");
			web_date(b, date);
		} else {
			html_raw(b, "; does not expire");
		}
		break;
	case CPD_NEVER:
		html_raw(b, "Not started");
		break;
	case CPD_IN_PROGRESS:
		html_raw(b, "In progress since ");
		web_date(b, date);
		break;
	case CPD_NOT_PASSED:
		html_raw(b, "Not passed on ");
		web_date(b, date);
		break;
	case CPD_EXPIRED:
		html_raw(b, "Expired on ");
		web_date(b, date);
		break;
	}
	html_raw(b, "</span>");
}

/* Beside a valid pass: a retake that did not pass, or one in progress,
 * neither of which takes the pass away (SPEC §4). */
static void add_retake(struct buf *b, const struct cpd *c, const char *today)
{
	const char *date;

	if (cpd_resolve(c, today, &date) != CPD_VALID)
		return;
	if (c->open_id) {
		html_raw(b, "<p>A new attempt is in progress; your pass still "
			 "stands.</p>\n");
	} else if (cpd_failed_retake(c)) {
		html_raw(b, "<p>Retaken on ");
		web_date(b, c->last_ended);
		html_raw(b, ", not passed; your pass still stands.</p>\n");
	}
}

/* The share done of an attempt in progress, as a bar and in words. */
static void add_progress(struct buf *b, const struct cpd *c)
{
	int pc = c->open_progress;

	if (!c->open_id)
		return;
	if (pc < 0)
		pc = 0;
	if (pc > 100)
		pc = 100;
	buf_addf(b, "<p class=\"done\"><progress max=\"100\" "
		 "value=\"%d\" aria-hidden=\"true\"></progress> %d%% "
		 "done</p>\n", pc, pc);
}

/* Ends a link whose "<a href=\"..." the caller has begun: described by
 * the module's heading, so that a screen reader's list of links says
 * which module each is for. */
static void add_link(struct buf *b, const struct pack *p,
		     const struct pack_module *pm, const char *text)
{
	html_raw(b, "\" aria-describedby=\"m-");
	html_attr(b, p->id);
	html_raw(b, ".");
	html_attr(b, pm->id);
	html_raw(b, "\">");
	html_raw(b, text);
	html_raw(b, "</a>");
}

/* How far along the learner is with a pack: "2 of 3 modules done", a
 * module being done while its pass is valid, with a bar that shows it. */
static void add_done(struct buf *b, const struct pack *p,
		     const struct cpd *c, const char *today)
{
	const char *date;
	size_t mi, done = 0;

	for (mi = 0; mi < p->nmodules; mi++)
		done += cpd_resolve(&c[mi], today, &date) == CPD_VALID;
	buf_addf(b, "<p class=\"done\"><progress max=\"%zu\" value=\"%zu\" "
		 "aria-hidden=\"true\"></progress> %zu of %zu modules "
		 "done</p>\n", p->nmodules, done, done, p->nmodules);
}

/*
 * One module of the catalogue as a card: title, minutes, standing, due
 * date and share done, and the links.  A valid pass keeps its own links
 * (result and certificate) whatever a later attempt did: "Last result"
 * is then a retake's.
 */
static void add_module(struct buf *b, const struct words *w,
		       const struct pack *p, size_t mi, const struct cpd *c,
		       const struct due *d, int broken, const char *today)
{
	const struct pack_module *pm = &p->modules[mi];
	const char *date;
	int valid = cpd_resolve(c, today, &date) == CPD_VALID;

	html_raw(b, "<article class=\"card\">\n<h3 id=\"m-");
	html_attr(b, p->id);
	html_raw(b, ".");
	html_attr(b, pm->id);
	html_raw(b, "\">");
	web_pack_txt(b, w, pm->title ? pm->title : pm->id);
	html_raw(b, "</h3>\n<p>");
	html_txtf(b, "%d minute%s. ", pm->minutes, pm->minutes == 1 ? "" :
		  "s");
	add_status(b, c, today);
	html_raw(b, "</p>\n");
	add_retake(b, c, today);
	if (d && d->state != DUE_NONE) {
		html_raw(b, "<p>");
		web_due(b, d);
		html_raw(b, "</p>\n");
	}
	add_progress(b, c);
	if (broken) {
		html_raw(b, "</article>\n");
		return;
	}
	html_raw(b, "<p class=\"links\"><a href=\"");
	web_take_url(b, p->id, pm->id, "");
	add_link(b, p, pm, c->open_id ? "Carry on" : c->last_id ?
		 "Take it again" : "Begin");
	if (valid) {
		buf_addf(b, " <a href=\"/attempts/%lld/certificate",
			 (long long)c->pass_id);
		add_link(b, p, pm, "Certificate");
		buf_addf(b, " <a href=\"/attempts/%lld", (long long)c->pass_id);
		add_link(b, p, pm, c->last_id == c->pass_id ? "Last result" :
			 "Result of your pass");
	}
	if (c->last_id && (!valid || c->last_id != c->pass_id)) {
		buf_addf(b, " <a href=\"/attempts/%lld", (long long)c->last_id);
		add_link(b, p, pm, valid ? "Result of the retake" :
			 "Last result");
	}
	html_raw(b, "</p>\n</article>\n");
}

/* The signed-in learner's page: every pack and module, and their standing. */
void web_catalogue_page(struct web_request *r, struct web_response *res)
{
	struct catalogue c = { .m = MATRIX_INIT };
	struct buf *b = &res->body;
	char today[DATE_LEN], *msg = NULL, *summary;
	struct words w = WORDS_INIT;
	size_t i, mi;

	web_words(r, &w);
	if (catalogue_load(r, &c, &msg) < 0) {
		web_fail_free(r, res, msg);
		goto out;
	}
	fmt_date(vigil_now(), today);
	web_page_begin(b, r, "Your training");
	html_raw(b, "<p><a href=\"/training\">My training</a>: what you "
		 "must do by when, your certificates and your CPD "
		 "minutes.</p>\n");
	if (!c.n) {
		html_raw(b, "<p>No training is installed yet.  Please ask ");
		web_your_lead(b, r);
		html_raw(b, ".</p>\n");
	}
	for (i = 0; i < c.n; i++) {
		const struct pack *p = c.packs[i];

		html_raw(b, "<section>\n<h2>");
		web_pack_txt(b, &w, p->title ? p->title : p->id);
		html_raw(b, "</h2>\n");
		summary = words_md(&w, p->summary);
		web_markdown(b, summary, 1);
		free(summary);
		if (c.broken[i]) {
			html_raw(b, "<p class=\"notice\">This pack has errors, "
				 "so it cannot be taken until ");
			web_your_lead(b, r);
			html_raw(b, " fixes them.</p>\n");
		} else if (p->nmodules > 1) {
			add_done(b, p, c.cpd[i], today);
		}
		html_raw(b, "<div class=\"cards\">\n");
		for (mi = 0; mi < p->nmodules; mi++)
			add_module(b, &w, p, mi, &c.cpd[i][mi],
				   c.broken[i] ? NULL :
				   catalogue_due(&c, p->id, p->modules[mi].id),
				   c.broken[i], today);
		html_raw(b, "</div>\n</section>\n");
	}
	web_page_end(b);
out:
	words_free(&w);
	catalogue_free(&c);
}

