/*
 * web-training.c - the signed-in learner's "My training" page in `vigil
 * serve`: every module they must do or have done, with where they stand
 * and when it is due (matrix.h, the rule the DSL's pages and `vigil
 * records` follow); every certificate they hold, valid ones first; and
 * the CPD minutes their passes have credited this year and in all.
 *
 * CPD minutes are those each passed attempt recorded (an attempt not
 * passed records none), counted in the year its end fell in, in
 * Europe/London, as its date is shown.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "matrix.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"
#include "words.h"

/* A pass: what its certificate says, kept from the walk of attempts. */
struct cert {
	int64_t id;
	char *title, *pack_title, *ended, *expires, *code;
	int valid;		/* not expired today */
};

struct training {
	char today[DATE_LEN];	/* in Europe/London */
	struct cert *certs;
	size_t n, cap;
	long minutes_year, minutes_total;
};

/* store_attempts callback: keeps each pass and counts its minutes. */
static int add_attempt(void *ctx, const struct attempt *a)
{
	struct training *t = ctx;
	struct cert *c;
	char day[DATE_LEN];

	if (a->status != ATTEMPT_PASSED)
		return 0;
	t->minutes_total += a->minutes;
	if (a->ended && !fmt_date_london(a->ended, day) &&
	    !strncmp(day, t->today, 4))
		t->minutes_year += a->minutes;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->certs = xrealloc(t->certs, t->cap * sizeof(*t->certs));
	}
	c = &t->certs[t->n++];
	c->id = a->id;
	c->title = xstrdup(a->module_title ? a->module_title : a->module);
	c->pack_title = xstrdup(a->pack_title ? a->pack_title : a->pack);
	c->ended = xstrdup(a->ended ? a->ended : a->started);
	c->expires = a->expires ? xstrdup(a->expires) : NULL;
	c->code = a->certificate ? xstrdup(a->certificate) : NULL;
	/* As cpd_resolve: on its expiry date a pass has expired. */
	c->valid = !c->expires || strcmp(t->today, c->expires) < 0;
	return 0;
}

/* Valid certificates first, each kind newest first. */
static int cert_cmp(const void *pa, const void *pb)
{
	const struct cert *a = pa, *b = pb;
	int d = strcmp(b->ended, a->ended);

	if (a->valid != b->valid)
		return b->valid - a->valid;
	if (d)
		return d;
	return (b->id > a->id) - (b->id < a->id);
}

static void training_free(struct training *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->certs[i].title);
		free(t->certs[i].pack_title);
		free(t->certs[i].ended);
		free(t->certs[i].expires);
		free(t->certs[i].code);
	}
	free(t->certs);
}

/* The state of a module in words, with a class for its colour. */
static void add_state(struct buf *b, const struct cpd *c, const char *today)
{
	const char *date;
	enum cpd_state s = cpd_resolve(c, today, &date);
	char *words = matrix_describe_words(s, date);

	html_raw(b, "<td data-label=\"Where you stand\" class=\"");
	html_raw(b, web_admin_state_class(s));
	html_raw(b, "\">");
	/* "passed, expires on ..." begins a sentence here */
	if (*words >= 'a' && *words <= 'z')
		*words = (char)(*words - 'a' + 'A');
	html_txt(b, words);
	free(words);
	if (s == CPD_VALID && cpd_failed_retake(c)) {
		html_raw(b, "; retaken on ");
		web_date(b, c->last_ended);
		html_raw(b, ", not passed; your pass still stands");
	} else if (s == CPD_VALID && c->open_id) {
		html_raw(b, "; a new attempt is in progress");
	}
	html_raw(b, "</td>");
}

/* Every module the learner must do or has done, as one table. */
static void add_modules(struct buf *b, const struct matrix *m)
{
	size_t mi, shown = 0;

	html_raw(b, "<section aria-labelledby=\"h-modules\">\n"
		 "<h2 id=\"h-modules\">Your modules</h2>\n");
	for (mi = 0; m->nlearners == 1 && mi < matrix_columns(m); mi++) {
		const struct due *d = matrix_due(m, 0, mi);
		const struct cpd *c = &m->cells[mi];

		if (d->state == DUE_NONE && !c->last_id && !c->open_id)
			continue;
		if (!shown++) {
			web_admin_stack_begin(b, "Each module you must do or "
					      "have done");
			html_raw(b, "<thead><tr><th scope=\"col\">Module</th>"
				 "<th scope=\"col\">Where you stand</th>"
				 "<th scope=\"col\">Due</th></tr></thead>\n"
				 "<tbody>\n");
		}
		html_raw(b, "<tr><td data-label=\"Module\"><a href=\"");
		web_take_url(b, m->packs.v[mi], m->modules.v[mi], "");
		html_raw(b, "\">");
		/* the matrix's titles have the school's words in */
		html_txt(b, *m->module_titles.v[mi] ?
			 m->module_titles.v[mi] : m->modules.v[mi]);
		html_raw(b, "</a> <small>(");
		html_txt(b, *m->pack_titles.v[mi] ?
			 m->pack_titles.v[mi] : m->packs.v[mi]);
		html_raw(b, ")</small></td>");
		add_state(b, c, m->today);
		html_raw(b, "<td data-label=\"Due\">");
		if (d->state == DUE_NONE)
			html_raw(b, "Not required of you");
		else
			web_due(b, d);
		html_raw(b, "</td></tr>\n");
	}
	if (shown)
		html_raw(b, "</tbody>\n</table>\n</div>\n");
	else
		html_raw(b, "<p>No module is yours to do yet, and you have "
			 "taken none.  <a href=\"/\">Your training</a> lists "
			 "every module there is.</p>\n");
	html_raw(b, "</section>\n");
}

/* Every certificate the learner holds, valid ones first. */
static void add_certs(struct buf *b, const struct words *w,
		      const struct training *t)
{
	size_t i;

	html_raw(b, "<section aria-labelledby=\"h-certs\">\n"
		 "<h2 id=\"h-certs\">Your certificates</h2>\n");
	if (!t->n) {
		html_raw(b, "<p>You hold no certificate yet: each module you "
			 "pass gives you one.</p>\n</section>\n");
		return;
	}
	html_raw(b, "<div class=\"cards\">\n");
	for (i = 0; i < t->n; i++) {
		const struct cert *c = &t->certs[i];

		buf_addf(b, "<article class=\"card\">\n<h3 id=\"c-%lld\">",
			 (long long)c->id);
		web_pack_txt(b, w, c->title);
		html_raw(b, "</h3>\n<p>");
		web_pack_txt(b, w, c->pack_title);
		html_raw(b, "</p>\n<p>Passed on ");
		web_date(b, c->ended);
		if (!c->expires) {
			html_raw(b, "; does not expire.");
		} else if (c->valid) {
			html_raw(b, "; <span class=\"s-valid\">valid until ");
			web_date(b, c->expires);
			html_raw(b, "</span>.");
		} else {
			html_raw(b, "; <span class=\"s-expired\"><strong>"
				 "Expired</strong> on ");
			web_date(b, c->expires);
			html_raw(b, "</span>.");
		}
		html_raw(b, "</p>\n");
		if (c->code) {
			html_raw(b, "<p>Code: <code>");
			html_txt(b, c->code);
			html_raw(b, "</code></p>\n");
		}
		buf_addf(b, "<p class=\"links\"><a href=\"/attempts/%lld/"
			 "certificate\" aria-describedby=\"c-%lld\">"
			 "Certificate</a> <a href=\"/attempts/%lld/"
			 "certificate.pdf\" aria-describedby=\"c-%lld\">"
			 "PDF</a> <a href=\"/attempts/%lld\" "
			 "aria-describedby=\"c-%lld\">Result</a></p>\n"
			 "</article>\n", (long long)c->id, (long long)c->id,
			 (long long)c->id, (long long)c->id, (long long)c->id,
			 (long long)c->id);
	}
	html_raw(b, "</div>\n</section>\n");
}

/* The CPD minutes credited this year and in all. */
static void add_minutes(struct buf *b, const struct training *t)
{
	html_raw(b, "<section aria-labelledby=\"h-cpd\">\n"
		 "<h2 id=\"h-cpd\">Your CPD minutes</h2>\n<ul class=\"stats\">\n");
	buf_addf(b, "<li><span class=\"n\">%ld</span> minute%s in %.4s</li>\n",
		 t->minutes_year, t->minutes_year == 1 ? "" : "s", t->today);
	buf_addf(b, "<li><span class=\"n\">%ld</span> minute%s in total</li>\n",
		 t->minutes_total, t->minutes_total == 1 ? "" : "s");
	html_raw(b, "</ul>\n<p>Each module you pass credits its minutes, in "
		 "the year you pass it; an attempt that does not pass "
		 "credits none.</p>\n</section>\n");
}

/* GET /training: the signed-in learner's modules, certificates and CPD. */
static int training_page(struct web_request *r, struct web_response *res)
{
	struct matrix m = MATRIX_INIT;
	struct training t = { 0 };
	struct attempt_filter f = { 0 };
	struct buf *b = &res->body;
	char now[TIME_LEN], *msg = NULL;
	struct words w = WORDS_INIT;

	web_words(r, &w);
	fmt_time(vigil_now(), now);
	if (fmt_date_london(now, t.today) < 0)
		fmt_date(vigil_now(), t.today);
	f.learner = r->learner.ref;
	if (store_attempts(r->st, &f, add_attempt, &t, &msg) < 0 ||
	    matrix_build(r->st, r->cfg->pack_dirs, r->cfg->plugin_dirs,
			 r->learner.ref, NULL, &m, &msg) < 0) {
		web_fail_free(r, res, msg);
		goto out;
	}
	if (t.n)
		qsort(t.certs, t.n, sizeof(*t.certs), cert_cmp);
	web_page_begin(b, r, "My training");
	html_raw(b, "<p>What you must do and by when, the certificates you "
		 "hold and the CPD minutes you have earned.  <a href=\"/\">"
		 "Your training</a> lists every module, to take one.</p>\n");
	add_modules(b, &m);
	add_certs(b, &w, &t);
	add_minutes(b, &t);
	web_page_end(b);
out:
	words_free(&w);
	matrix_free(&m);
	training_free(&t);
	return 0;
}

const struct web_route web_training_routes[] = {
	{ "GET", "/training", training_page, WEB_LEARNER, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
