/*
 * web-staff.c - the pages staff use in `vigil serve`: signing in, the
 * catalogue of modules with where the learner stands on each, taking a
 * module one step per page, the result and the certificate, and the
 * public page that checks a certificate code.
 *
 * Every take page finds the learner's session as `vigil take` resumes one:
 * the pack and module, the attempt in progress and its stored answers,
 * replayed (session_replay) unless the session kept from the attempt's
 * last page has given exactly those (sessioncache.h).  So a page shows what
 * the records say, and an answer is committed before anything that follows
 * it is sent.  Answer forms carry
 * the step they answer and how many answers came before it, so a stale
 * page or a second click is recognised and only redirected.
 *
 * Everything a learner reaches is theirs: someone else's attempt is "not
 * found", exactly like one that does not exist.  Pack text comes only from
 * what the loader rendered (struct step.html, struct choice.html) or from
 * md_to_html; every other value goes through html_txt or html_attr.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "certificate.h"
#include "cpd.h"
#include "diag.h"
#include "html.h"
#include "learner.h"
#include "markdown.h"
#include "pack.h"
#include "packcache.h"
#include "session.h"
#include "sessioncache.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/* ---- small helpers ---- */

/* Answers 500 (web_fail), freeing why. */
static void fail(const struct web_request *r, struct web_response *res,
		 char *why)
{
	web_fail(r, res, why);
	free(why);
}

static void not_found(const struct web_request *r, struct web_response *res)
{
	web_error_page(r, res, 404, "Page not found",
		       "There is no page at this address.");
}

/*
 * Writes HTML that the pack loader rendered from pack text with cmark's
 * safe defaults (no raw HTML, no unsafe links): the one kind of markup
 * that does not come from this file's literals.
 */
static void add_pack_html(struct buf *b, const char *html)
{
	if (html)
		html_raw(b, html);
}

/* Renders pack Markdown that the loader did not render (summaries,
 * feedback) the same safe way; kept: through the memo, for the pack's own
 * texts only (markdown.h says why). */
static void add_markdown(struct buf *b, const char *text, int kept)
{
	char *html;

	if (!text)
		return;
	html = kept ? md_to_html_kept(text, strlen(text)) :
		      md_to_html(text, strlen(text));
	if (html)
		html_raw(b, html);
	else
		html_txt(b, text);
	free(html);
}

/*
 * Writes an option's label as content a <label> may hold: the rendered
 * Markdown without its <p> when it is one paragraph (a paragraph holds
 * only inline markup), else the text escaped.
 */
static void add_label(struct buf *b, const char *html, const char *text)
{
	size_t n = html ? strlen(html) : 0;

	if (n >= 8 && !strncmp(html, "<p>", 3) &&
	    !strcmp(html + n - 5, "</p>\n") &&
	    strstr(html, "</p>") == html + n - 5)
		buf_add(b, html + 3, n - 8);
	else
		html_txt(b, text);
}

/* The same for a label that only the session gave (question options). */
static void add_label_md(struct buf *b, const char *text)
{
	char *html = md_to_html(text, strlen(text));

	add_label(b, html, text);
	free(html);
}

/* Removes spaces, tabs and line breaks from both ends of s, in place. */
static char *trim(char *s)
{
	size_t n;

	s += strspn(s, " \t\r\n");
	n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Reads a whole number from 1 to max written in plain digits; 0 if not. */
static size_t parse_count(const char *s, size_t max)
{
	size_t v = 0;

	if (!s || !*s || strlen(s) > 9 || s[strspn(s, "0123456789")])
		return 0;
	while (*s)
		v = v * 10 + (size_t)(*s++ - '0');
	return v <= max ? v : 0;
}

/* Reads an attempt number from a path; 0 if it is not one. */
static int64_t parse_attempt_id(const char *s)
{
	int64_t v = 0;

	if (!s || !*s || strlen(s) > 18 || s[strspn(s, "0123456789")])
		return 0;
	while (*s)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* Writes a stored time or date as its date, in a <time> element. */
static void add_date(struct buf *b, const char *when)
{
	char day[DATE_LEN];

	snprintf(day, sizeof(day), "%s", when ? when : "");
	html_raw(b, "<time datetime=\"");
	html_attr(b, day);
	html_raw(b, "\">");
	html_txt(b, day);
	html_raw(b, "</time>");
}

/* Writes "/take/PACK/MODULE" and a suffix as an attribute value. */
static void add_take_url(struct buf *b, const char *pack, const char *module,
			 const char *suffix)
{
	html_raw(b, "/take/");
	html_attr(b, pack);
	html_raw(b, "/");
	html_attr(b, module);
	html_raw(b, suffix);
}

/* ---- rebuilding a take ---- */

struct take {
	const char *pack_id, *module_id;	/* slugs */
	struct pack *p;
	int mi;			/* the module's index in p */
	struct attempt a;
	int found;		/* a is the learner's attempt in progress */
	char *stale;		/* why a cannot carry on, or NULL */
	struct module *m;	/* what s steps (owned by s) */
	struct session *s;
	struct session_key key;	/* what s is of: given back at the end */
	struct answer *ans;	/* a's stored answers */
	size_t nans;
};

enum take_how {
	TAKE_FIND,		/* the attempt, not its session */
	TAKE_ALL,		/* replay every answer: the step to show */
	TAKE_ALL_BUT_LAST	/* stop before the last: to answer it again */
};

static void take_free(struct take *t)
{
	if (t->s)
		session_cache_give(&t->key, t->s);
	answers_free(t->ans, t->nans);
	attempt_clear(&t->a);
	free(t->stale);
	pack_free(t->p);
}

/*
 * Loads the pack and module t names.  Returns 0, 404 when either is not
 * installed, or 503 when the pack has errors.
 */
static int take_load(const struct web_request *r, struct take *t)
{
	char *dir;
	int broken = 0;

	if (!t->pack_id || !t->module_id || !is_slug(t->pack_id) ||
	    !is_slug(t->module_id))
		return 404;
	dir = pack_find(r->cfg->pack_dirs, t->pack_id);
	if (!dir)
		return 404;
	t->p = pack_cache_load(dir, r->cfg->plugin_dirs, &broken);
	free(dir);
	if (!t->p || broken) {
		error("pack '%s' has errors; 'vigil pack check' shows them",
		      t->pack_id);
		return 503;
	}
	t->mi = pack_module_index(t->p, t->module_id);
	return t->mi < 0 ? 404 : 0;
}

/*
 * Rebuilds attempt a's session from its stored answers: all of them, or
 * all but the last.  Returns 0; 1 when a cannot carry on (t->stale says
 * why: the pack changed, or the answers no longer replay); -1 with *msg.
 */
static int take_replay(const struct web_request *r, struct take *t,
		       const struct attempt *a, int all_but_last, char **msg)
{
	struct diags d = DIAGS_INIT;
	size_t n;

	if (strcmp(a->pack_hash, t->p->hash)) {
		t->stale = xstrdup("the pack has changed");
		return 1;
	}
	if (store_answers(r->st, a->id, &t->ans, &t->nans, msg) < 0)
		return -1;
	n = all_but_last && t->nans ? t->nans - 1 : t->nans;
	t->key.attempt = a->id;
	t->key.seed = a->seed;
	t->key.pack_hash = t->p->hash;
	t->s = session_cache_take(&t->key, t->ans, n);
	if (t->s) {
		t->m = session_module(t->s);
		return 0;
	}
	t->m = module_load(t->p, (size_t)t->mi, r->cfg->plugin_dirs, &d);
	diag_free(&d);
	if (!t->m) {
		*msg = xasprintf("module '%s' of pack '%s' does not load",
				 t->module_id, t->pack_id);
		return -1;
	}
	/* Plugins are not in the pack's hash; they may have changed. */
	t->s = session_replay(t->m, a->seed, t->ans, n, &t->stale);
	t->m = t->s ? t->m : NULL;
	if (!t->s && !n) {
		/* The module fails before any answer: a new attempt would
		 * fail the same way. */
		*msg = t->stale;
		t->stale = NULL;
		return -1;
	}
	return t->s ? 0 : 1;
}

/*
 * What every take route starts from: the pack and module the path names,
 * the learner's attempt in progress (t->found) and, unless how is
 * TAKE_FIND, its session rebuilt (t->s, or t->stale saying why not).
 * Returns 0, or -1 after filling res with the page that says why not.
 */
static int take_open(struct web_request *r, struct web_response *res,
		     struct take *t, enum take_how how)
{
	char *msg = NULL;
	int rc;

	t->pack_id = web_arg(r, 0);
	t->module_id = web_arg(r, 1);
	rc = take_load(r, t);
	if (rc == 404) {
		not_found(r, res);
		return -1;
	}
	if (rc) {
		web_error_page(r, res, 503, "This module cannot be taken now",
			       "Its pack has errors.  Please tell your DSL.");
		return -1;
	}
	rc = store_attempt_current(r->st, r->learner.id, t->pack_id,
				   t->module_id, &t->a, &msg);
	if (rc < 0) {
		fail(r, res, msg);
		return -1;
	}
	t->found = rc;
	if (!t->found || how == TAKE_FIND)
		return 0;
	if (take_replay(r, t, &t->a, how == TAKE_ALL_BUT_LAST, &msg) < 0) {
		fail(r, res, msg);
		return -1;
	}
	if (!t->s && !t->stale)
		abort();	/* take_replay gives a session or says why not */
	return 0;
}

/* Records a new attempt of t's module with a random seed. */
static int take_begin(const struct web_request *r, struct take *t,
		      char **msg)
{
	const struct pack *p = t->p;
	const struct pack_module *pm = &p->modules[t->mi];

	attempt_clear(&t->a);
	memset(&t->a, 0, sizeof(t->a));
	t->a.learner_id = r->learner.id;
	t->a.pack = xstrdup(p->id);
	t->a.pack_title = xstrdup(p->title);
	t->a.pack_version = xstrdup(p->version);
	t->a.pack_hash = xstrdup(p->hash);
	t->a.pack_language = p->language ? xstrdup(p->language) : NULL;
	t->a.module = xstrdup(pm->id);
	t->a.module_title = xstrdup(pm->title ? pm->title : pm->id);
	randombytes_buf(&t->a.seed, sizeof(t->a.seed));
	return store_attempt_begin(r->st, &t->a, msg);
}

/* Records the result of t's attempt, which has reached the end view v. */
static int take_finish(const struct web_request *r, struct take *t,
		       const struct view *v, char **msg)
{
	t->a.status = v->passed ? ATTEMPT_PASSED : ATTEMPT_NOT_PASSED;
	t->a.score = v->score;
	t->a.max = v->max;
	t->a.percent = v->percent;
	t->a.pass_mark = v->pass_mark;
	t->a.minutes = t->m->minutes;
	return store_attempt_finish(r->st, &t->a, t->p->renew_after_days,
				    msg);
}

/*
 * Nonzero when the records have moved past what t replayed: another
 * request (a second click) stored an answer or finished the attempt.
 */
static int take_overtaken(const struct web_request *r, const struct take *t)
{
	struct attempt a = { 0 };
	struct answer *ans = NULL;
	char *msg = NULL;
	size_t n = 0;
	int moved = 0;

	if (store_attempt_get(r->st, t->a.id, &a, &msg) == 1)
		moved = a.status != ATTEMPT_IN_PROGRESS;
	free(msg);
	msg = NULL;
	if (!moved && store_answers(r->st, t->a.id, &ans, &n, &msg) == 0)
		moved = n > t->nans;
	answers_free(ans, n);
	attempt_clear(&a);
	free(msg);
	return moved;
}

/* ---- take pages ---- */

/* The page before an attempt: what the module is, and Begin. */
static void page_intro(struct web_request *r, struct web_response *res,
		       const struct take *t)
{
	const struct pack_module *pm = &t->p->modules[t->mi];
	struct buf *b = &res->body;

	web_page_begin(b, r, pm->title ? pm->title : pm->id);
	html_raw(b, "<p>A module of &ldquo;");
	html_txt(b, t->p->title);
	html_raw(b, "&rdquo;.</p>\n<dl>\n<dt>Time</dt><dd>");
	html_txtf(b, "About %d minutes, credited as CPD when you pass",
		  pm->minutes);
	html_raw(b, "</dd>\n<dt>Pass mark</dt><dd>");
	html_txtf(b, "%d%%", pm->pass_mark);
	html_raw(b, "</dd>\n</dl>\n<p>Each answer is saved as you give it: "
		 "you can stop at any point and carry on later from the "
		 "same step.</p>\n<form method=\"post\" action=\"");
	add_take_url(b, t->pack_id, t->module_id, "/begin");
	html_raw(b, "\">");
	web_csrf_field(b, r);
	html_raw(b, "<button type=\"submit\">Begin</button></form>\n"
		 "<p><a href=\"/\">Back to your training</a></p>\n");
	web_page_end(b);
}

/* The page for an attempt that cannot carry on: start a new one. */
static void page_stale(struct web_request *r, struct web_response *res,
		       const struct take *t)
{
	struct buf *b = &res->body;

	web_page_begin(b, r, t->a.module_title);
	html_raw(b, "<div class=\"notice\">\n<p>This module has changed since "
		 "you began it on ");
	add_date(b, t->a.started);
	html_raw(b, ", so your attempt cannot carry on from where you left "
		 "off.  A new attempt will start from the beginning.  The "
		 "answers you gave stay in the records.</p>\n</div>\n"
		 "<form method=\"post\" action=\"");
	add_take_url(b, t->pack_id, t->module_id, "/restart");
	html_raw(b, "\">");
	web_csrf_field(b, r);
	html_raw(b, "<button type=\"submit\">Start a new attempt</button>"
		 "</form>\n<p><a href=\"/\">Back to your training</a></p>\n");
	web_page_end(b);
}

/* The page for an attempt whose every step is answered but which is not
 * yet recorded as finished (the finish failed last time). */
static void page_answered(struct web_request *r, struct web_response *res,
			  const struct take *t)
{
	struct buf *b = &res->body;

	web_page_begin(b, r, t->m->title);
	html_raw(b, "<p>You have answered every step.</p>\n"
		 "<form method=\"post\" action=\"");
	add_take_url(b, t->pack_id, t->module_id, "");
	html_raw(b, "\">");
	web_csrf_field(b, r);
	html_raw(b, "<button type=\"submit\">See your result</button>"
		 "</form>\n");
	web_page_end(b);
}

/* The id of the first field of a view's form, for error links. */
static const char *first_field(enum view_kind k)
{
	switch (k) {
	case VIEW_ONE:
	case VIEW_MANY:
		return "choice-1";
	case VIEW_ORDER:
		return "pos-1";
	default:
		return "answer";
	}
}

/* Nonzero when the posted form chose option i (1-based). */
static int posted_choice(const struct web_request *r, size_t i)
{
	size_t k, n = web_form_count(r, "choice");

	for (k = 0; k < n; k++)
		if (parse_count(web_form_nth(r, "choice", k), SIZE_MAX) == i)
			return 1;
	return 0;
}

/* The message beside the field, which the field's aria-describedby
 * names, if there is one. */
static void add_field_error(struct buf *b, const char *err)
{
	if (!err)
		return;
	html_raw(b, "<p class=\"error\" id=\"answer-error\">"
		 "<span>Error:</span> ");
	html_txt(b, err);
	html_raw(b, "</p>\n");
}

/* Opens the fieldset of a choice, described by the step text and the
 * error if there is one. */
static void fieldset_begin(struct buf *b, const char *legend, const char *err)
{
	html_raw(b, "<fieldset aria-describedby=\"step-text");
	html_raw(b, err ? " answer-error\">\n<legend>" : "\">\n<legend>");
	html_txt(b, legend);
	html_raw(b, "</legend>\n");
	add_field_error(b, err);
}

/* Radio buttons (one) or checkboxes (many) for the view's options; a
 * scene's labels are its choices' rendered text. */
static void add_choices(struct buf *b, const struct web_request *r,
			const struct view *v, const struct step *st,
			const char *err)
{
	int many = v->kind == VIEW_MANY;
	int scene = st->kind == STEP_SCENE && st->nchoices == v->noptions;
	size_t i;

	fieldset_begin(b, many ? "Choose every answer that applies" :
		       "Choose one answer", err);
	for (i = 0; i < v->noptions; i++) {
		html_raw(b, "<div class=\"option\"><input type=\"");
		html_raw(b, many ? "checkbox" : "radio\" required=\"required");
		buf_addf(b, "\" name=\"choice\" id=\"choice-%zu\" value=\"%zu\"",
			  i + 1, i + 1);
		if (!strcmp(r->method, "POST") && posted_choice(r, i + 1))
			html_raw(b, " checked");
		buf_addf(b, "><label for=\"choice-%zu\">", i + 1);
		if (scene)
			add_label(b, st->choices[i].html, st->choices[i].text);
		else
			add_label_md(b, v->options[i]);
		html_raw(b, "</label></div>\n");
	}
	html_raw(b, "</fieldset>\n");
}

/*
 * An order without JavaScript: each item has a labelled <select> of its
 * position, 1 to n, set at first to the order shown.
 */
static void add_order(struct buf *b, const struct web_request *r,
		      const struct view *v, const char *err)
{
	size_t i, k;

	fieldset_begin(b, "Put these in order: give each a position, "
		       "1 first", err);
	for (i = 0; i < v->noptions; i++) {
		char key[32];
		size_t chosen = i + 1;

		snprintf(key, sizeof(key), "pos-%zu", i + 1);
		if (!strcmp(r->method, "POST"))
			chosen = parse_count(web_form(r, key), v->noptions);
		buf_addf(b, "<div class=\"option\"><label for=\"%s\">", key);
		add_label_md(b, v->options[i]);
		buf_addf(b, "</label>\n<select id=\"%s\" name=\"%s\">", key,
			  key);
		if (!chosen)
			html_raw(b, "<option value=\"\" selected>Choose"
				 "</option>");
		for (k = 1; k <= v->noptions; k++)
			buf_addf(b, "<option value=\"%zu\"%s>%zu</option>", k,
				  k == chosen ? " selected" : "", k);
		html_raw(b, "</select></div>\n");
	}
	html_raw(b, "</fieldset>\n");
}

/* A labelled text box for a reflection, keeping what was typed. */
static void add_text(struct buf *b, const struct web_request *r,
		     const char *err)
{
	html_raw(b, "<label for=\"answer\"><strong>Your answer</strong>"
		 "</label>\n");
	add_field_error(b, err);
	html_raw(b, err ? "<textarea id=\"answer\" name=\"text\" rows=\"6\" "
		 "aria-describedby=\"step-text answer-error\">" :
		 "<textarea id=\"answer\" name=\"text\" rows=\"6\" "
		 "aria-describedby=\"step-text\">");
	if (!strcmp(r->method, "POST"))
		html_txt(b, web_form(r, "text"));
	html_raw(b, "</textarea>\n");
}

/* Progress: "Step N of M", and a <progress> bar labelled by it. */
static void add_progress(struct buf *b, const struct view *v)
{
	html_raw(b, "<p id=\"progress-label\">");
	html_txtf(b, "Step %zu of %zu", v->number, v->total);
	buf_addf(b, "</p>\n<progress max=\"%zu\" value=\"%zu\" "
		  "aria-labelledby=\"progress-label\">", v->total, v->number);
	html_txtf(b, "%zu of %zu", v->number, v->total);
	html_raw(b, "</progress>\n");
}

/*
 * The current step: progress, the step's text and the form that answers
 * it; err (if not NULL) says what was wrong with the last try, and links
 * to the field.
 */
static void page_step(struct web_request *r, struct web_response *res,
		      const struct take *t, const char *err)
{
	const struct view *v = session_view(t->s);
	const struct step *st = &t->m->steps[module_step_index(t->m,
							       v->step_id)];
	struct buf *b = &res->body;
	size_t nans;

	session_answers(t->s, &nans);
	web_page_begin(b, r, t->m->title);
	add_progress(b, v);
	if (err) {
		html_raw(b, "<div class=\"notice\" role=\"alert\">\n"
			 "<h2>There is a problem</h2>\n<p><a href=\"#");
		html_attr(b, first_field(v->kind));
		html_raw(b, "\">");
		html_txt(b, err);
		html_raw(b, "</a></p>\n</div>\n");
	}
	html_raw(b, "<div id=\"step-text\">\n");
	add_pack_html(b, st->html);
	html_raw(b, "</div>\n<form method=\"post\" action=\"");
	add_take_url(b, t->pack_id, t->module_id, "");
	html_raw(b, "\">");
	web_csrf_field(b, r);
	html_raw(b, "<input type=\"hidden\" name=\"step\" value=\"");
	html_attr(b, v->step_id);
	buf_addf(b, "\"><input type=\"hidden\" name=\"seq\" value=\"%zu\">\n",
		  nans);
	if (v->kind == VIEW_ONE || v->kind == VIEW_MANY)
		add_choices(b, r, v, st, err);
	else if (v->kind == VIEW_ORDER)
		add_order(b, r, v, err);
	else if (v->kind == VIEW_TEXT)
		add_text(b, r, err);
	html_raw(b, "<p><button type=\"submit\">Continue</button></p>\n"
		 "</form>\n<p><a href=\"/\">Save and finish later</a> "
		 "(every answer is saved as you give it)</p>\n");
	web_page_end(b);
}

/*
 * "Right", "Not right this time" or just the feedback, and its points: as
 * the page's heading, or (on the result page, under its own heading) as
 * a paragraph.
 */
static void add_feedback(struct buf *b, const struct feedback *fb,
			 int heading)
{
	const char *open = heading ? "<h2" : "<p", *close = heading ?
		"</h2>\n" : "</p>\n";

	if (fb->correct >= 0 || heading) {
		html_raw(b, open);
		html_raw(b, fb->correct == 1 ? " class=\"right\">Right" :
			 fb->correct == 0 ? " class=\"wrong\">Not right this "
			 "time" : ">Feedback");
		html_raw(b, close);
	}
	if (fb->max > 0) {
		html_raw(b, "<p>");
		html_txtf(b, "%d of %d %s.", fb->points, fb->max,
			  fb->max == 1 ? "point" : "points");
		html_raw(b, "</p>\n");
	}
	add_markdown(b, fb->text, 0);
}

/* The feedback on the last answer, then Continue. */
static void page_feedback(struct web_request *r, struct web_response *res,
			  const struct take *t, const struct feedback *fb)
{
	struct buf *b = &res->body;

	web_page_begin(b, r, t->m->title);
	html_raw(b, "<div role=\"status\">\n");
	add_feedback(b, fb, 1);
	html_raw(b, "</div>\n<p><a class=\"button\" href=\"");
	add_take_url(b, t->pack_id, t->module_id, "");
	html_raw(b, "\">Continue</a></p>\n");
	web_page_end(b);
}

/*
 * Builds the input line of SPEC §1 from the posted form: the option's
 * number, the numbers chosen, the numbers in the order chosen, or the
 * text on one line (as the terminal takes it, so both record the same).
 * Returns it (malloc'd), or NULL with *err (malloc'd) saying what to fix.
 */
char *web_staff_input_line(const struct web_request *r,
			   const struct view *v, char **err)
{
	struct buf line = BUF_INIT;
	size_t i, n = v->noptions, *at;
	const char *c;
	char *p;

	switch (v->kind) {
	case VIEW_ONE:
		c = web_form(r, "choice");
		if (!parse_count(c, n))
			goto choose;
		return xstrdup(c);
	case VIEW_MANY:
		for (i = 0; i < web_form_count(r, "choice"); i++) {
			c = web_form_nth(r, "choice", i);
			if (!parse_count(c, n))
				goto choose;
			buf_addf(&line, "%s%s", i ? "," : "", c);
		}
		if (!line.len)
			goto choose;
		return buf_detach(&line);
	case VIEW_ORDER:
		at = xcalloc(n + 1, sizeof(*at));
		for (i = 1; i <= n; i++) {
			char key[32];
			size_t pos;

			snprintf(key, sizeof(key), "pos-%zu", i);
			pos = parse_count(web_form(r, key), n);
			if (!pos || at[pos])
				break;
			at[pos] = i;
		}
		/* n items in n different positions: every position is set. */
		if (i > n)
			for (i = 1; i <= n; i++)
				buf_addf(&line, "%s%zu", i > 1 ? "," : "",
					 at[i]);
		free(at);
		if (line.len)
			return buf_detach(&line);
		*err = xasprintf("Give each item a different position, from 1 "
				 "to %zu.", n);
		return NULL;
	case VIEW_TEXT:
		c = web_form(r, "text");
		p = xstrdup(c ? c : "");
		for (i = 0; p[i]; i++)
			if (p[i] == '\r' || p[i] == '\n')
				p[i] = ' ';
		return p;
	default:
		return xstrdup("");
	}
choose:
	buf_free(&line);
	*err = xstrdup(v->kind == VIEW_ONE ? "Choose one answer." :
		       "Choose at least one answer.");
	return NULL;
}

/* Nonzero when the posted form answers the step the session is at (not
 * a stale page, nor a second click on one already answered). */
static int posted_is_current(const struct web_request *r,
			     const struct take *t, const struct view *v)
{
	const char *step = web_form(r, "step"), *seq = web_form(r, "seq");

	return step && seq && v->step_id && !strcmp(step, v->step_id) &&
	       strlen(seq) == strspn(seq, "0123456789") &&
	       strtoull(seq, NULL, 10) == t->nans;
}

/* Sends the learner on from a finished attempt: its result. */
static void finish_and_go(struct web_request *r, struct web_response *res,
			  struct take *t, const struct view *v)
{
	char *msg = NULL;

	if (take_finish(r, t, v, &msg) < 0 && !take_overtaken(r, t)) {
		fail(r, res, msg);
		return;
	}
	free(msg);
	web_redirect(res, "/attempts/%lld", (long long)t->a.id);
}

/*
 * Commits the answer the session just took, then sends the learner on:
 * to the result at the end, to the feedback if there is some, else to the
 * next step.
 */
static void answered(struct web_request *r, struct web_response *res,
		     struct take *t, const struct feedback *fb)
{
	const struct answer *ans;
	const struct view *v;
	char *msg = NULL;
	size_t n;

	ans = session_answers(t->s, &n);
	if (store_answer_add(r->st, t->a.id, n - 1, &ans[n - 1], &msg) < 0) {
		if (!take_overtaken(r, t)) {
			fail(r, res, msg);
			return;
		}
		free(msg);
		web_redirect(res, "/take/%s/%s", t->pack_id, t->module_id);
		return;
	}
	v = session_view(t->s);
	if (v->kind == VIEW_END)
		finish_and_go(r, res, t, v);
	else if (fb->correct >= 0 || fb->text)
		web_redirect(res, "/take/%s/%s/feedback", t->pack_id,
			     t->module_id);
	else
		web_redirect(res, "/take/%s/%s", t->pack_id, t->module_id);
}

/* GET /take/P/M: the step to answer, or the page before or instead. */
static int take_page(struct web_request *r, struct web_response *res)
{
	struct take t = { 0 };

	if (take_open(r, res, &t, TAKE_ALL) < 0)
		goto out;
	if (!t.found)
		page_intro(r, res, &t);
	else if (t.stale)
		page_stale(r, res, &t);
	else if (session_view(t.s)->kind == VIEW_END)
		page_answered(r, res, &t);
	else
		page_step(r, res, &t, NULL);
out:
	take_free(&t);
	return 0;
}

/* POST /take/P/M: one answer to the current step. */
static int take_answer(struct web_request *r, struct web_response *res)
{
	struct take t = { 0 };
	struct feedback fb;
	const struct view *v;
	char *line = NULL, *err = NULL;

	if (take_open(r, res, &t, TAKE_ALL) < 0)
		goto out;
	if (!t.found || t.stale) {
		web_redirect(res, "/take/%s/%s", t.pack_id, t.module_id);
		goto out;
	}
	v = session_view(t.s);
	if (v->kind == VIEW_END) {
		finish_and_go(r, res, &t, v);
		goto out;
	}
	if (!posted_is_current(r, &t, v)) {
		web_redirect(res, "/take/%s/%s", t.pack_id, t.module_id);
		goto out;
	}
	line = web_staff_input_line(r, v, &err);
	if (line) {
		switch (session_answer(t.s, line, &fb, &err)) {
		case ANSWER_OK:
			answered(r, res, &t, &fb);
			feedback_clear(&fb);
			goto out;
		case ANSWER_FAILED:
			fail(r, res, err);
			err = NULL;
			goto out;
		case ANSWER_INVALID:
			break;
		}
	}
	page_step(r, res, &t, err);
	res->status = 422;
out:
	free(line);
	free(err);
	take_free(&t);
	return 0;
}

/* POST /take/P/M/begin: a new attempt, unless one is in progress. */
static int take_begin_post(struct web_request *r, struct web_response *res)
{
	struct take t = { 0 };
	char *msg = NULL;

	if (take_open(r, res, &t, TAKE_FIND) < 0)
		goto out;
	if (!t.found && take_begin(r, &t, &msg) < 0) {
		fail(r, res, msg);
		goto out;
	}
	web_redirect(res, "/take/%s/%s", t.pack_id, t.module_id);
out:
	take_free(&t);
	return 0;
}

/* POST /take/P/M/restart: abandons an attempt that cannot carry on (kept
 * in the records) and begins a new one. */
static int take_restart(struct web_request *r, struct web_response *res)
{
	struct take t = { 0 };
	char *msg = NULL;

	if (take_open(r, res, &t, TAKE_ALL) < 0)
		goto out;
	if (t.found && !t.stale) {
		web_redirect(res, "/take/%s/%s", t.pack_id, t.module_id);
		goto out;
	}
	if ((t.found && store_attempt_abandon(r->st, t.a.id, &msg) < 0) ||
	    take_begin(r, &t, &msg) < 0) {
		fail(r, res, msg);
		goto out;
	}
	web_redirect(res, "/take/%s/%s", t.pack_id, t.module_id);
out:
	take_free(&t);
	return 0;
}

/*
 * GET /take/P/M/feedback: the feedback on the last answer, made again
 * (the session is deterministic) by replaying all but that answer and
 * giving it once more.
 */
static int take_feedback(struct web_request *r, struct web_response *res)
{
	struct take t = { 0 };
	struct feedback fb;
	const struct view *v;
	const struct answer *last;
	char *msg = NULL;

	if (take_open(r, res, &t, TAKE_ALL_BUT_LAST) < 0)
		goto out;
	v = t.s ? session_view(t.s) : NULL;
	last = t.nans ? &t.ans[t.nans - 1] : NULL;
	if (!t.found || t.stale || !last || v->kind == VIEW_END ||
	    strcmp(v->step_id, last->step_id)) {
		web_redirect(res, "/take/%s/%s", t.pack_id, t.module_id);
		goto out;
	}
	if (session_answer(t.s, last->input, &fb, &msg) != ANSWER_OK) {
		fail(r, res, msg);
		goto out;
	}
	page_feedback(r, res, &t, &fb);
	feedback_clear(&fb);
out:
	take_free(&t);
	return 0;
}

/* ---- results and certificates ---- */

/*
 * Finds the attempt the path names if it is the signed-in learner's.
 * Returns 1 with *a filled; 0 after a 404 (unknown, someone else's and
 * not signed in all get the same answer, so ids reveal nothing); -1 after
 * a 500.
 */
static int own_attempt(struct web_request *r, struct web_response *res,
		       struct attempt *a)
{
	int64_t id = parse_attempt_id(web_arg(r, 0));
	char *msg = NULL;
	int found = 0;

	if (id > 0)
		found = store_attempt_get(r->st, id, a, &msg);
	if (found < 0) {
		fail(r, res, msg);
		return -1;
	}
	if (!found || !r->signed_in || r->session.admin ||
	    a->learner_id != r->learner.id) {
		not_found(r, res);
		return 0;
	}
	return 1;
}

/*
 * What the end of a finished attempt showed, rebuilt by replay: the
 * feedback on its last answer into fb_html, the module's finish text into
 * finish_html.  Best effort: nothing is written if the pack has gone or
 * changed since.
 */
static void add_ending(const struct web_request *r, const struct attempt *a,
		       struct buf *fb_html, struct buf *finish_html)
{
	struct take t = { 0 };
	struct feedback fb;
	const struct view *v;
	char *msg = NULL;
	size_t i;

	t.pack_id = a->pack;
	t.module_id = a->module;
	if (take_load(r, &t) || take_replay(r, &t, a, 1, &msg) || !t.nans ||
	    session_answer(t.s, t.ans[t.nans - 1].input, &fb, &msg) !=
	    ANSWER_OK)
		goto out;
	v = session_view(t.s);
	if (v->kind == VIEW_END) {
		if (fb.correct >= 0 || fb.text) {
			html_raw(fb_html, "<h2>Your last answer</h2>\n");
			add_feedback(fb_html, &fb, 0);
		}
		for (i = 0; v->text && i < t.m->nsteps; i++)
			if (t.m->steps[i].kind == STEP_FINISH &&
			    t.m->steps[i].text == v->text)
				add_pack_html(finish_html, t.m->steps[i].html);
	}
	feedback_clear(&fb);
out:
	free(msg);
	take_free(&t);
}

/* The facts of a finished attempt, and what to do next. */
static void add_result(struct buf *b, const struct attempt *a)
{
	int passed = a->status == ATTEMPT_PASSED;

	html_raw(b, passed ? "<h2 class=\"right\">Passed</h2>\n" :
		 "<h2 class=\"wrong\">Not passed</h2>\n");
	html_raw(b, "<dl>\n<dt>Score</dt><dd>");
	html_txtf(b, "%d of %d points (%d%%); the pass mark is %d%%",
		  a->score, a->max, a->percent, a->pass_mark);
	html_raw(b, "</dd>\n<dt>CPD minutes</dt><dd>");
	html_txtf(b, "%d", passed ? a->minutes : 0);
	html_raw(b, "</dd>\n<dt>Finished</dt><dd>");
	add_date(b, a->ended);
	html_raw(b, "</dd>\n");
	if (passed) {
		html_raw(b, "<dt>Valid until</dt><dd>");
		if (a->expires)
			add_date(b, a->expires);
		else
			html_raw(b, "does not expire");
		html_raw(b, "</dd>\n<dt>Certificate code</dt><dd><code>");
		html_txt(b, a->certificate);
		html_raw(b, "</code></dd>\n</dl>\n");
		buf_addf(b, "<p><a class=\"button\" href=\"/attempts/%lld/"
			  "certificate\">", (long long)a->id);
		html_raw(b, "View and print your certificate</a></p>\n");
		return;
	}
	html_raw(b, "</dl>\n<p>");
	html_txtf(b, "To pass you need %d%%.  You can try again: a new "
		  "attempt starts from the beginning.", a->pass_mark);
	html_raw(b, "</p>\n<p><a class=\"button\" href=\"");
	add_take_url(b, a->pack, a->module, "");
	html_raw(b, "\">Try again</a></p>\n");
}

/* GET /attempts/ID: the result of one of the learner's attempts. */
static int attempt_page(struct web_request *r, struct web_response *res)
{
	struct attempt a = { 0 };
	struct buf *b = &res->body, fb = BUF_INIT, finish = BUF_INIT;

	if (own_attempt(r, res, &a) <= 0)
		goto out;
	web_page_begin(b, r, a.module_title);
	if (a.status == ATTEMPT_IN_PROGRESS) {
		html_raw(b, "<p>This attempt is in progress, begun on ");
		add_date(b, a.started);
		html_raw(b, ".</p>\n<p><a class=\"button\" href=\"");
		add_take_url(b, a.pack, a.module, "");
		html_raw(b, "\">Carry on</a></p>\n");
	} else if (a.status == ATTEMPT_ABANDONED) {
		html_raw(b, "<p>This attempt was set aside when its pack "
			 "changed; it has no result.</p>\n<p><a href=\"");
		add_take_url(b, a.pack, a.module, "");
		html_raw(b, "\">Take the module</a></p>\n");
	} else {
		/* As at the end of a take: the last feedback, the result,
		 * then the module's closing words. */
		add_ending(r, &a, &fb, &finish);
		buf_add(b, fb.s, fb.len);
		add_result(b, &a);
		buf_add(b, finish.s, finish.len);
	}
	html_raw(b, "<p><a href=\"/\">Back to your training</a></p>\n");
	web_page_end(b);
out:
	buf_free(&fb);
	buf_free(&finish);
	attempt_clear(&a);
	return 0;
}

/* GET /attempts/ID/certificate: the printable certificate of a pass. */
static int certificate_handler(struct web_request *r,
			       struct web_response *res)
{
	struct attempt a = { 0 };

	if (own_attempt(r, res, &a) <= 0)
		goto out;
	if (a.status != ATTEMPT_PASSED || !a.certificate) {
		not_found(r, res);
		goto out;
	}
	certificate_page(&res->body, &a);
	res->csp = certificate_csp();
out:
	attempt_clear(&a);
	return 0;
}

/* ---- the catalogue ---- */

struct catalogue {
	struct pack **packs;
	int *broken;		/* the pack has errors: not to be taken */
	struct cpd **cpd;	/* per pack, per module */
	size_t n;
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
			cpd_fold(&c->cpd[i][mi], a);
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
	return store_attempts(r->st, &f, fold_attempt, c, msg);
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
}

/* Where the learner stands on a module, in words and a class. */
static void add_status(struct buf *b, const struct cpd *c, const char *today)
{
	const char *date;
	enum cpd_state s = cpd_resolve(c, today, &date);
	static const char *const classes[] = {
		[CPD_VALID] = "s-valid", [CPD_NEVER] = "s-never",
		[CPD_IN_PROGRESS] = "s-progress",
		[CPD_NOT_PASSED] = "s-failed", [CPD_EXPIRED] = "s-expired",
	};

	html_raw(b, "<span class=\"");
	html_raw(b, classes[s]);
	html_raw(b, "\">");
	switch (s) {
	case CPD_VALID:
		html_raw(b, "Passed on ");
		add_date(b, c->pass_ended);
		if (*date) {
			html_raw(b, ", valid until ");
			add_date(b, date);
		} else {
			html_raw(b, "; does not expire");
		}
		break;
	case CPD_NEVER:
		html_raw(b, "Not started");
		break;
	case CPD_IN_PROGRESS:
		html_raw(b, "In progress since ");
		add_date(b, date);
		break;
	case CPD_NOT_PASSED:
		html_raw(b, "Not passed on ");
		add_date(b, date);
		break;
	case CPD_EXPIRED:
		html_raw(b, "Expired on ");
		add_date(b, date);
		break;
	}
	html_raw(b, "</span>");
	if (s == CPD_VALID && c->open_id)
		html_raw(b, "; a new attempt is in progress");
}

/* One module of the catalogue: title, minutes, standing and links. */
static void add_module(struct buf *b, const struct pack *p, size_t mi,
		       const struct cpd *c, int broken, const char *today)
{
	const struct pack_module *pm = &p->modules[mi];

	html_raw(b, "<h3 id=\"m-");
	html_attr(b, p->id);
	html_raw(b, ".");
	html_attr(b, pm->id);
	html_raw(b, "\">");
	html_txt(b, pm->title ? pm->title : pm->id);
	html_raw(b, "</h3>\n<p>");
	html_txtf(b, "%d minutes. ", pm->minutes);
	add_status(b, c, today);
	html_raw(b, "</p>\n");
	if (broken)
		return;
	html_raw(b, "<p><a href=\"");
	add_take_url(b, p->id, pm->id, "");
	html_raw(b, "\" aria-describedby=\"m-");
	html_attr(b, p->id);
	html_raw(b, ".");
	html_attr(b, pm->id);
	html_raw(b, "\">");
	html_raw(b, c->open_id ? "Carry on" : c->last_id ? "Take it again" :
		 "Begin");
	html_raw(b, "</a>");
	if (c->last_id) {
		buf_addf(b, " | <a href=\"/attempts/%lld\" ",
			  (long long)c->last_id);
		html_raw(b, "aria-describedby=\"m-");
		html_attr(b, p->id);
		html_raw(b, ".");
		html_attr(b, pm->id);
		html_raw(b, "\">Last result</a>");
	}
	html_raw(b, "</p>\n");
}

/* The signed-in learner's page: every pack and module, and their standing. */
static void page_catalogue(struct web_request *r, struct web_response *res)
{
	struct catalogue c = { 0 };
	struct buf *b = &res->body;
	char today[DATE_LEN], *msg = NULL;
	size_t i, mi;

	if (catalogue_load(r, &c, &msg) < 0) {
		fail(r, res, msg);
		goto out;
	}
	fmt_date(vigil_now(), today);
	web_page_begin(b, r, "Your training");
	if (!c.n)
		html_raw(b, "<p>No training is installed yet.  Please ask "
			 "your DSL.</p>\n");
	for (i = 0; i < c.n; i++) {
		const struct pack *p = c.packs[i];

		html_raw(b, "<section>\n<h2>");
		html_txt(b, p->title ? p->title : p->id);
		html_raw(b, "</h2>\n");
		add_markdown(b, p->summary, 1);
		if (c.broken[i])
			html_raw(b, "<p class=\"notice\">This pack has errors, "
				 "so it cannot be taken until your DSL fixes "
				 "them.</p>\n");
		for (mi = 0; mi < p->nmodules; mi++)
			add_module(b, p, mi, &c.cpd[i][mi], c.broken[i], today);
		html_raw(b, "</section>\n");
	}
	web_page_end(b);
out:
	catalogue_free(&c);
}

/* ---- signing in ---- */

/*
 * The sign-in page: in open mode a form (keeping what was typed, with
 * err linked to the field it is about); in roster mode, where to find a
 * personal link.
 */
static void page_signin(struct web_request *r, struct web_response *res,
			const char *err, const char *field, const char *name,
			const char *ref)
{
	struct buf *b = &res->body;

	web_page_begin(b, r, "Sign in");
	if (r->cfg->signup == WEB_SIGNUP_ROSTER) {
		html_raw(b, "<p>To sign in, open the personal sign-in link "
			 "your DSL gave you.  If you have lost it, ask your "
			 "DSL for a new one.</p>\n");
		web_page_end(b);
		return;
	}
	if (err) {
		html_raw(b, "<div class=\"notice\" role=\"alert\">\n"
			 "<h2>There is a problem</h2>\n<p><a href=\"#");
		html_attr(b, field);
		html_raw(b, "\">");
		html_txt(b, err);
		html_raw(b, "</a></p>\n</div>\n");
	}
	html_raw(b, "<p>Sign in to take safeguarding training and keep a "
		 "record of it.</p>\n<form method=\"post\" "
		 "action=\"/signin\">");
	web_csrf_field(b, r);
	html_raw(b, "\n<p><label for=\"name\">Your name</label>\n<input "
		 "type=\"text\" id=\"name\" name=\"name\" autocomplete=\"name\" "
		 "required value=\"");
	html_attr(b, name);
	html_raw(b, "\"></p>\n<p><label for=\"ref\">Staff reference or "
		 "email</label>\n<span id=\"ref-hint\">Use the same one each "
		 "time, so that your records stay together.</span>\n<input "
		 "type=\"text\" id=\"ref\" name=\"ref\" autocomplete=\"username\" "
		 "spellcheck=\"false\" autocapitalize=\"none\" required "
		 "aria-describedby=\"ref-hint\" value=\"");
	html_attr(b, ref);
	html_raw(b, "\"></p>\n<p><button type=\"submit\">Sign in</button></p>\n"
		 "</form>\n");
	web_page_end(b);
}

/* GET /: the catalogue, or the way to sign in. */
static int home(struct web_request *r, struct web_response *res)
{
	if (!r->signed_in) {
		page_signin(r, res, NULL, NULL, NULL, NULL);
	} else if (r->session.admin) {
		web_page_begin(&res->body, r, "Vigil");
		html_raw(&res->body, "<p>You are signed in to the DSL's pages: "
			 "<a href=\"/admin\">the completion records</a>.</p>\n");
		web_page_end(&res->body);
	} else {
		page_catalogue(r, res);
	}
	return 0;
}

/* Finds the learner with l's ref, or adds l; fills l->id. */
static int find_or_add(struct store *st, struct learner *l, char **msg)
{
	struct learner known = { 0 };
	int found = store_learner_get(st, l->ref, &known, msg);

	if (found > 0)
		l->id = known.id;
	learner_clear(&known);
	if (found)
		return found < 0 ? -1 : 0;
	return store_learner_add(st, l, msg);
}

/*
 * POST /signin (open mode): anyone may sign in by giving a name and a
 * staff reference; a new reference joins the roster.  A known reference
 * signs in as that learner without any secret, which is why open mode is
 * only for a trusted network (or a demonstration); schools that need more
 * use roster mode and personal links.
 */
static int signin_open(struct web_request *r, struct web_response *res)
{
	struct learner l = { 0 };
	char *name, *ref, *msg = NULL;

	if (r->cfg->signup != WEB_SIGNUP_OPEN) {
		not_found(r, res);
		return 0;
	}
	name = xstrdup(web_form(r, "name") ? web_form(r, "name") : "");
	ref = xstrdup(web_form(r, "ref") ? web_form(r, "ref") : "");
	l.name = xstrdup(trim(name));
	l.ref = xstrdup(trim(ref));
	if (!*l.name || !*l.ref || learner_check(&l, &msg) < 0) {
		int about_name = !*l.name || (msg && !strncmp(msg, "the name",
							      8));

		if (web_signin_failed(r, NULL)) {
			web_too_many_tries(r, res);
		} else {
			page_signin(r, res, !*l.name ? "Enter your name." :
				    !*l.ref ? "Enter your staff reference or "
				    "email." : msg, about_name ? "name" : "ref",
				    l.name, l.ref);
			res->status = 422;
		}
	} else if (find_or_add(r->st, &l, &msg) < 0) {
		fail(r, res, msg);
		msg = NULL;
	} else if (web_sign_in(r, res, l.id, 0) == 0) {
		web_signin_succeeded(r, NULL);
		web_redirect(res, "/");
	}
	free(msg);
	free(name);
	free(ref);
	learner_clear(&l);
	return 0;
}

/*
 * The learner a personal sign-in link names.  Returns 1 with *l filled;
 * 0 after answering (404 for a link that is not, or no longer, a current
 * one; 429 when this client has tried too many); -1 after a 500.  A
 * current link always works, however many have failed.
 */
static int link_learner(struct web_request *r, struct web_response *res,
			struct learner *l)
{
	const char *token = web_arg(r, 0);
	char *msg = NULL;
	int found;

	found = store_signin_token_use(r->st, token ? token : "", l, &msg);
	if (found < 0) {
		fail(r, res, msg);
		return -1;
	}
	if (found)
		web_signin_succeeded(r, NULL);
	else if (web_signin_failed(r, NULL))
		web_too_many_tries(r, res);
	else
		web_error_page(r, res, 404, "Sign-in link not known",
			       "This sign-in link is not known here.  It may "
			       "have been replaced by a newer one: please ask "
			       "your DSL.");
	return found;
}

/*
 * GET /signin/TOKEN: asks before signing in, so that opening the link
 * (or a link preview fetching it) changes nothing.
 */
static int signin_link_page(struct web_request *r, struct web_response *res)
{
	struct learner l = { 0 };
	struct buf title = BUF_INIT;
	struct buf *b = &res->body;

	if (link_learner(r, res, &l) == 1) {
		buf_addf(&title, "Sign in as %s", l.name);
		web_page_begin(b, r, title.s);
		html_raw(b, "<p>This is a personal sign-in link.  If you are "
			 "not ");
		html_txt(b, l.name);
		html_raw(b, ", please do not go on: ask your DSL for your own "
			 "link.</p>\n<form method=\"post\">");
		web_csrf_field(b, r);
		html_raw(b, "<button type=\"submit\">Sign in</button></form>\n");
		web_page_end(b);
	}
	buf_free(&title);
	learner_clear(&l);
	return 0;
}

/* POST /signin/TOKEN: signs in as the link's learner. */
static int signin_link(struct web_request *r, struct web_response *res)
{
	struct learner l = { 0 };

	if (link_learner(r, res, &l) == 1 && web_sign_in(r, res, l.id, 0) == 0)
		web_redirect(res, "/");
	learner_clear(&l);
	return 0;
}

/* POST /signout. */
static int signout(struct web_request *r, struct web_response *res)
{
	web_sign_out(r, res);
	web_redirect(res, "/");
	return 0;
}

/* ---- checking a certificate ---- */

/* What a genuine code certifies; not the learner's reference or email. */
static void add_verified(struct buf *b, const struct attempt *a,
			 const char *today)
{
	int expired = a->expires && strcmp(today, a->expires) >= 0;

	html_raw(b, "<h2 class=\"right\">This certificate is genuine</h2>\n");
	if (expired) {
		html_raw(b, "<p class=\"notice\">It has expired: it was valid "
			 "until ");
		add_date(b, a->expires);
		html_raw(b, ".</p>\n");
	}
	html_raw(b, "<dl>\n<dt>Certificate code</dt><dd><code>");
	html_txt(b, a->certificate);
	html_raw(b, "</code></dd>\n<dt>Name</dt><dd>");
	html_txt(b, a->learner_name);
	html_raw(b, "</dd>\n<dt>Module</dt><dd>");
	html_txt(b, a->module_title);
	html_raw(b, "</dd>\n<dt>Pack</dt><dd>");
	html_txt(b, a->pack_title);
	html_raw(b, ", version ");
	html_txt(b, a->pack_version);
	html_raw(b, "</dd>\n<dt>Passed on</dt><dd>");
	add_date(b, a->ended);
	html_raw(b, "</dd>\n<dt>Score</dt><dd>");
	html_txtf(b, "%d of %d points (%d%%); the pass mark is %d%%",
		  a->score, a->max, a->percent, a->pass_mark);
	html_raw(b, "</dd>\n<dt>CPD minutes</dt><dd>");
	html_txtf(b, "%d", a->minutes);
	html_raw(b, "</dd>\n<dt>Valid until</dt><dd>");
	if (!a->expires) {
		html_raw(b, "does not expire");
	} else {
		if (expired)
			html_raw(b, "expired on ");
		add_date(b, a->expires);
	}
	html_raw(b, "</dd>\n</dl>\n");
}

/* GET /verify[?code=CODE]: public; says what a certificate code certifies. */
static int verify(struct web_request *r, struct web_response *res)
{
	const char *code = web_query(r, "code");
	struct attempt a = { 0 };
	struct buf *b = &res->body;
	char today[DATE_LEN], *msg = NULL;
	int found = 0;

	if (code && *code) {
		found = store_verify(r->st, code, &a, &msg);
		if (found < 0) {
			fail(r, res, msg);
			goto out;
		}
	}
	web_page_begin(b, r, "Check a certificate");
	html_raw(b, "<form method=\"get\" action=\"/verify\">\n<p><label "
		 "for=\"code\">Certificate code</label>\n<span "
		 "id=\"code-hint\">As printed on the certificate: twelve "
		 "letters and digits, such as ABCD-EFGH-JKMN.</span>\n<input "
		 "type=\"text\" id=\"code\" name=\"code\" autocomplete=\"off\" "
		 "spellcheck=\"false\" autocapitalize=\"characters\" "
		 "aria-describedby=\"code-hint\" value=\"");
	html_attr(b, code);
	html_raw(b, "\"></p>\n<p><button type=\"submit\">Check</button></p>\n"
		 "</form>\n<div role=\"status\">\n");
	if (found) {
		fmt_date(vigil_now(), today);
		add_verified(b, &a, today);
	} else if (code && *code) {
		html_raw(b, "<h2 class=\"wrong\">Not known</h2>\n<p>The code "
			 "&ldquo;");
		html_txt(b, code);
		html_raw(b, "&rdquo; was not issued here.  Check that it is "
			 "typed as printed.</p>\n");
	}
	html_raw(b, "</div>\n");
	web_page_end(b);
out:
	attempt_clear(&a);
	return 0;
}

const struct web_route web_staff_routes[] = {
	{ "GET", "/", home, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/signin", signin_open, WEB_PUBLIC, WEB_BODY_FORM },
	{ "GET", "/signin/*", signin_link_page, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/signin/*", signin_link, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/signout", signout, WEB_PUBLIC, WEB_BODY_FORM },
	{ "GET", "/take/*/*", take_page, WEB_LEARNER, WEB_BODY_FORM },
	{ "POST", "/take/*/*", take_answer, WEB_LEARNER, WEB_BODY_FORM },
	{ "POST", "/take/*/*/begin", take_begin_post, WEB_LEARNER, WEB_BODY_FORM },
	{ "POST", "/take/*/*/restart", take_restart, WEB_LEARNER, WEB_BODY_FORM },
	{ "GET", "/take/*/*/feedback", take_feedback, WEB_LEARNER, WEB_BODY_FORM },
	/* Public, so that without a learner's sign-in they are 404 too. */
	{ "GET", "/attempts/*", attempt_page, WEB_PUBLIC, WEB_BODY_FORM },
	{ "GET", "/attempts/*/certificate", certificate_handler, WEB_PUBLIC, WEB_BODY_FORM },
	{ "GET", "/verify", verify, WEB_PUBLIC, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
