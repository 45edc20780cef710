/*
 * web-take.c - taking a module in `vigil serve`: the page before an
 * attempt, one step per page, the feedback on an answer, and the result
 * and certificate of a finished attempt.
 *
 * Every take page finds the learner's session through attempt.h, as
 * `vigil take` does: the pack and module, the attempt in progress and its
 * stored answers, replayed unless the session kept from the attempt's
 * last page has given exactly those (sessioncache.h).  So a page shows
 * what the records say, and an answer is committed before anything that
 * follows it is sent.  Answer forms carry the step they answer and how
 * many answers came before it, so a stale page or a second click is
 * recognised and only redirected.
 *
 * Everything a learner reaches is theirs: someone else's attempt is "not
 * found", exactly like one that does not exist.  Pack text comes only from
 * what the loader rendered (struct step.html, struct choice.html) or from
 * md_to_html; every other value goes through html_txt or html_attr.  Pack
 * text that holds the school's words (words.h) is rendered per page with
 * the words as the settings say then (web_pack_md says why).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attempt.h"
#include "certificate.h"
#include "html.h"
#include "markdown.h"
#include "pack.h"
#include "packcache.h"
#include "review.h"
#include "session.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"
#include "words.h"

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

/* The same for a label that only the session gave (question options),
 * with the school's words in. */
static void add_label_md(struct buf *b, const struct words *w,
			 const char *text)
{
	char *md = words_md(w, text), *plain = words_plain(w, text);
	char *html = md_to_html(md, strlen(md));

	add_label(b, html, plain);
	free(html);
	free(plain);
	free(md);
}

/* A choice's label: as the loader rendered it, unless it holds a word. */
static void add_choice_label(struct buf *b, const struct words *w,
			     const struct choice *c)
{
	if (words_in(c->text))
		add_label_md(b, w, c->text);
	else
		add_label(b, c->html, c->text);
}

/* Begins a page whose title is a pack's (a module's), words and all. */
static void begin_titled(struct buf *b, const struct web_request *r,
			 const struct words *w, const char *title)
{
	char *plain = words_plain(w, title);

	web_page_begin(b, r, plain);
	free(plain);
}

/* ---- finding the take ---- */

struct take {
	const char *pack_id, *module_id;	/* slugs */
	struct pack *p;
	struct attempt_take at;
	struct words words;	/* the school's, for this request */
};

/* Gives back what a take holds: its session to the cache, then the pack. */
static void take_free(struct take *t)
{
	attempt_close(&t->at);
	pack_free(t->p);
	words_free(&t->words);
}

/*
 * Loads the pack and module t names.  Returns 0, 404 when either is not
 * installed, or 503 when the pack has errors.
 */
static int take_load(const struct web_request *r, struct take *t)
{
	char *dir;
	int broken = 0, mi;

	if (!t->words.v[0])
		web_words(r, &t->words);
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
	mi = pack_module_index(t->p, t->module_id);
	if (mi < 0)
		return 404;
	t->at.st = r->st;
	t->at.p = t->p;
	t->at.mi = (size_t)mi;
	t->at.plugin_dirs = r->cfg->plugin_dirs;
	t->at.learner_id = r->learner.id;
	t->at.keep = 1;
	return 0;
}

/*
 * What every take route starts from: the pack and module the path names,
 * and the learner's attempt in progress (t->at.found) as how says
 * (attempt.h).  Returns 0, or -1 after filling res with the page that
 * says why not.
 */
static int take_open(struct web_request *r, struct web_response *res,
		     struct take *t, enum attempt_open how)
{
	char *msg = NULL;
	int rc;

	t->pack_id = web_arg(r, 0);
	t->module_id = web_arg(r, 1);
	rc = take_load(r, t);
	if (rc == 404) {
		web_not_found(r, res);
		return -1;
	}
	if (rc) {
		char *lead = web_setting(r, "lead_short");
		char *text = xasprintf("Its pack has errors.  Please tell your "
				       "%s.", lead);

		web_error_page(r, res, 503, "This module cannot be taken now",
			       text);
		free(text);
		free(lead);
		return -1;
	}
	if (attempt_open(&t->at, how, &msg) < 0) {
		web_fail_free(r, res, msg);
		return -1;
	}
	return 0;
}

/* ---- take pages ---- */

/*
 * Before a retake, while the learner holds a valid pass: it stays valid
 * and certified whatever the new attempt does (SPEC §4), and this is
 * where its certificate is.  Returns 0, or -1 with *msg.
 */
static int add_pass_held(struct buf *b, const struct web_request *r,
			 const struct take *t, char **msg)
{
	struct cpd c = { 0 };
	const char *date;
	char today[DATE_LEN];

	if (cpd_load(r->st, r->learner.ref, t->pack_id, t->module_id, &c,
		     msg) < 0)
		return -1;
	fmt_date(vigil_now(), today);
	if (cpd_resolve(&c, today, &date) != CPD_VALID)
		return 0;
	html_raw(b, "<div class=\"notice\">\n<p>You already hold a valid "
		 "pass of this module, from ");
	web_date(b, c.pass_ended);
	if (*date) {
		html_raw(b, ", until ");
		web_date(b, date);
	} else {
		html_raw(b, ", which does not expire");
	}
	html_raw(b, ".  A new attempt will not take it away: whatever its "
		 "result, your pass and its certificate stay valid");
	html_raw(b, *date ? " until then" : "");
	buf_addf(b, ".</p>\n<p><a href=\"/attempts/%lld/certificate\">"
		 "Your certificate</a></p>\n</div>\n", (long long)c.pass_id);
	return 0;
}

/* The page before an attempt: what the module is, and Begin. */
static void page_intro(struct web_request *r, struct web_response *res,
		       const struct take *t)
{
	const struct pack_module *pm = &t->p->modules[t->at.mi];
	struct buf *b = &res->body;
	struct buf held = BUF_INIT;
	char *msg = NULL;

	if (add_pass_held(&held, r, t, &msg) < 0) {
		buf_free(&held);
		web_fail_free(r, res, msg);
		return;
	}
	begin_titled(b, r, &t->words, pm->title ? pm->title : pm->id);
	if (held.len)
		buf_add(b, held.s, held.len);
	buf_free(&held);
	/* A pack of one module often shares its title: "A module of" the
	 * title just shown would read as a slip. */
	if (!pm->title || !t->p->title || strcmp(pm->title, t->p->title)) {
		html_raw(b, "<p>A module of &ldquo;");
		web_pack_txt(b, &t->words, t->p->title);
		html_raw(b, "&rdquo;.</p>\n");
	} else if (t->p->nmodules > 1) {
		html_raw(b, "<p>");
		html_txtf(b, "Module %zu of %zu of this training.",
			  t->at.mi + 1, t->p->nmodules);
		html_raw(b, "</p>\n");
	}
	html_raw(b, "<dl>\n<dt>Time</dt><dd>");
	html_txtf(b, "About %d minute%s, credited as CPD when you pass",
		  pm->minutes, pm->minutes == 1 ? "" : "s");
	html_raw(b, "</dd>\n<dt>Pass mark</dt><dd>");
	html_txtf(b, "%d%%", pm->pass_mark);
	html_raw(b, "</dd>\n</dl>\n<p>Each answer is saved as you give it: "
		 "you can stop at any point and carry on later from the "
		 "same step.</p>\n<form method=\"post\" action=\"");
	web_take_url(b, t->pack_id, t->module_id, "/begin");
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

	begin_titled(b, r, &t->words, t->at.a.module_title);
	html_raw(b, "<div class=\"notice\">\n<p>This module has changed since "
		 "you began it on ");
	web_date(b, t->at.a.started);
	html_raw(b, ", so your attempt cannot carry on from where you left "
		 "off.  A new attempt will start from the beginning.  The "
		 "answers you gave stay in the records.</p>\n</div>\n"
		 "<form method=\"post\" action=\"");
	web_take_url(b, t->pack_id, t->module_id, "/restart");
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

	begin_titled(b, r, &t->words, t->at.m->title);
	html_raw(b, "<p>You have answered every step.</p>\n"
		 "<form method=\"post\" action=\"");
	web_take_url(b, t->pack_id, t->module_id, "");
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
		if (web_number(web_form_nth(r, "choice", k), SIZE_MAX) == i)
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

/* Opens the fieldset of a choice, with attrs (markup, or ""), described
 * by the step text and the error if there is one. */
static void fieldset_begin(struct buf *b, const char *attrs,
			   const char *legend, const char *err)
{
	html_raw(b, "<fieldset");
	html_raw(b, attrs);
	html_raw(b, " aria-describedby=\"step-text");
	html_raw(b, err ? " answer-error\">\n<legend>" : "\">\n<legend>");
	html_txt(b, legend);
	html_raw(b, "</legend>\n");
	add_field_error(b, err);
}

/* Radio buttons (one) or checkboxes (many) for the view's options; a
 * scene's labels are its choices' rendered text. */
static void add_choices(struct buf *b, const struct web_request *r,
			const struct words *w, const struct view *v,
			const struct step *st, const char *err)
{
	int many = v->kind == VIEW_MANY;
	int scene = st->kind == STEP_SCENE && st->nchoices == v->noptions;
	size_t i;

	fieldset_begin(b, "", many ? "Choose every answer that applies" :
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
			add_choice_label(b, w, &st->choices[i]);
		else
			add_label_md(b, w, v->options[i]);
		html_raw(b, "</label></div>\n");
	}
	html_raw(b, "</fieldset>\n");
}

/*
 * An order without JavaScript: each item has a labelled <select> of its
 * position, 1 to n, which starts at "Choose" for the learner to set.
 * Where JavaScript runs, /order.js (templates/web/order.js) makes the
 * fieldset (class "order") a list to drag or move with buttons, and fills
 * in the selects once the learner has arranged it; the page's policy
 * allows that script alone, by its hash (web_order_csp).
 */
static void add_order(struct buf *b, const struct web_request *r,
		      const struct words *w, const struct view *v,
		      const char *err)
{
	size_t i, k;

	fieldset_begin(b, " class=\"order\"", "Put these in order: give each "
		       "a position, 1 first", err);
	for (i = 0; i < v->noptions; i++) {
		char key[32];
		size_t chosen = 0;

		/* Every position starts unchosen: an order shown already
		 * filled in would be an answer the learner never gave. */
		snprintf(key, sizeof(key), "pos-%zu", i + 1);
		if (!strcmp(r->method, "POST"))
			chosen = web_number(web_form(r, key), v->noptions);
		buf_addf(b, "<div class=\"option\"><label for=\"%s\">", key);
		add_label_md(b, w, v->options[i]);
		buf_addf(b, "</label>\n<select id=\"%s\" name=\"%s\" "
			  "required>", key, key);
		if (!chosen)
			html_raw(b, "<option value=\"\" selected>Choose"
				 "</option>");
		for (k = 1; k <= v->noptions; k++)
			buf_addf(b, "<option value=\"%zu\"%s>%zu</option>", k,
				  k == chosen ? " selected" : "", k);
		html_raw(b, "</select></div>\n");
	}
	html_raw(b, "</fieldset>\n");
	web_order_script(b);
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

/* Progress: the share of the module done, "40% done", and a <progress>
 * bar labelled by it; the share never goes back (session.h). */
static void add_progress(struct buf *b, const struct view *v)
{
	html_raw(b, "<p id=\"progress-label\">");
	html_txtf(b, "%d%% done", v->progress);
	buf_addf(b, "</p>\n<progress max=\"100\" value=\"%d\" "
		  "aria-labelledby=\"progress-label\">", v->progress);
	html_txtf(b, "%d%%", v->progress);
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
	const struct view *v = session_view(t->at.s);
	const struct step *st = &t->at.m->steps[module_step_index(t->at.m,
							       v->step_id)];
	struct buf *b = &res->body;
	size_t nans;

	session_answers(t->at.s, &nans);
	begin_titled(b, r, &t->words, t->at.m->title);
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
	web_pack_md(b, &t->words, st->text, st->html);
	html_raw(b, "</div>\n<form method=\"post\" action=\"");
	web_take_url(b, t->pack_id, t->module_id, "");
	html_raw(b, "\">");
	web_csrf_field(b, r);
	html_raw(b, "<input type=\"hidden\" name=\"step\" value=\"");
	html_attr(b, v->step_id);
	buf_addf(b, "\"><input type=\"hidden\" name=\"seq\" value=\"%zu\">\n",
		  nans);
	if (v->kind == VIEW_ONE && st->kind == STEP_SCENE &&
	    st->nchoices == 1 && v->noptions == 1) {
		/* A scene with one way on ("Go back and try again") is that
		 * one button, not a group of one radio to tick first. */
		html_raw(b, "<input type=\"hidden\" name=\"choice\" "
			 "value=\"1\">\n<p><button type=\"submit\">");
		if (st->choices[0].html && !strstr(st->choices[0].html, "<a "))
			add_choice_label(b, &t->words, &st->choices[0]);
		else
			web_pack_txt(b, &t->words, st->choices[0].text);
		html_raw(b, "</button></p>\n");
	} else {
		if (v->kind == VIEW_ONE || v->kind == VIEW_MANY) {
			add_choices(b, r, &t->words, v, st, err);
		} else if (v->kind == VIEW_ORDER) {
			add_order(b, r, &t->words, v, err);
			res->csp = web_order_csp();
		} else if (v->kind == VIEW_TEXT) {
			add_text(b, r, err);
		}
		html_raw(b, "<p><button type=\"submit\">Continue</button>"
			 "</p>\n");
	}
	html_raw(b, "</form>\n<p><a href=\"/\">Save and finish later</a> "
		 "(every answer is saved as you give it)</p>\n");
	web_page_end(b);
}

/*
 * What was answered: the question again (the step's text as its page
 * showed it) and the answer given (the options chosen, in the order given,
 * or the text typed), so that the feedback below reads on its own.
 */
static void add_asked(struct buf *b, const struct words *w,
		      const struct module *m, const struct feedback *fb)
{
	int si = fb->step_id ? module_step_index(m, fb->step_id) : -1;
	const char *list = fb->kind == VIEW_ORDER ? "ol" : "ul";
	size_t i;

	if (si >= 0 && m->steps[si].html) {
		html_raw(b, "<p>You were asked:</p>\n<blockquote "
			 "class=\"asked\">\n");
		web_pack_md(b, w, m->steps[si].text, m->steps[si].html);
		html_raw(b, "</blockquote>\n");
	}
	if (!fb->ngiven)
		return;
	if (fb->kind == VIEW_TEXT) {
		html_raw(b, "<p>You wrote:</p>\n<blockquote class=\"given\">"
			 "<p>");
		html_txt(b, fb->given[0]);
		html_raw(b, "</p></blockquote>\n");
		return;
	}
	if (fb->ngiven == 1 && fb->kind != VIEW_ORDER) {
		html_raw(b, "<p>You chose: <strong>");
		add_label_md(b, w, fb->given[0]);
		html_raw(b, "</strong></p>\n");
		return;
	}
	html_raw(b, fb->kind == VIEW_ORDER ? "<p>Your order:</p>\n" :
		 "<p>You chose:</p>\n");
	buf_addf(b, "<%s class=\"given\">\n", list);
	for (i = 0; i < fb->ngiven; i++) {
		html_raw(b, "<li>");
		add_label_md(b, w, fb->given[i]);
		html_raw(b, "</li>\n");
	}
	buf_addf(b, "</%s>\n", list);
}

/*
 * The one verdict with its points (feedback_verdict): as the feedback
 * page's heading, or (on the result page, under its own heading) as a
 * paragraph; then the feedback, and the note for a step answered again.
 */
static void add_feedback(struct buf *b, const struct words *w,
			 const struct feedback *fb, int heading)
{
	char *verdict = feedback_verdict(fb);
	char *text = words_md(w, fb->text);
	const char *cls = fb->correct == 1 ? " class=\"right\"" :
			  fb->correct == 0 ? " class=\"wrong\"" : "";

	if (verdict || heading) {
		html_raw(b, heading ? "<h2" : "<p");
		html_raw(b, cls);
		html_raw(b, ">");
		html_txt(b, verdict ? verdict : "Feedback");
		html_raw(b, heading ? "</h2>\n" : "</p>\n");
	}
	free(verdict);
	/* not kept: a plugin's feedback may quote what the learner wrote */
	web_markdown(b, text, 0);
	free(text);
	if (fb->counted_before)
		html_raw(b, "<p class=\"counted\">Only your first answer to "
			 "this question counts: its points were counted the "
			 "first time.</p>\n");
}

/* The feedback on the last answer: what was asked and answered, the
 * verdict (announced), then Continue. */
static void page_feedback(struct web_request *r, struct web_response *res,
			  const struct take *t, const struct feedback *fb)
{
	struct buf *b = &res->body;

	begin_titled(b, r, &t->words, t->at.m->title);
	html_raw(b, "<h2>Your answer</h2>\n");
	add_asked(b, &t->words, t->at.m, fb);
	html_raw(b, "<div role=\"status\">\n");
	add_feedback(b, &t->words, fb, 1);
	html_raw(b, "</div>\n<p><a class=\"button\" href=\"");
	web_take_url(b, t->pack_id, t->module_id, "");
	html_raw(b, "\">Continue</a></p>\n");
	web_page_end(b);
}

/*
 * Builds the input line of SPEC §1 from the posted form: the option's
 * number, the numbers chosen, the numbers in the order chosen, or the
 * text on one line (as the terminal takes it, so both record the same).
 * Returns it (malloc'd), or NULL with *err (malloc'd) saying what to fix.
 */
char *web_take_input_line(const struct web_request *r,
			   const struct view *v, char **err)
{
	struct buf line = BUF_INIT;
	size_t i, n = v->noptions, *at;
	const char *c;
	char *p;

	switch (v->kind) {
	case VIEW_ONE:
		c = web_form(r, "choice");
		if (!web_number(c, n))
			goto choose;
		return xstrdup(c);
	case VIEW_MANY:
		for (i = 0; i < web_form_count(r, "choice"); i++) {
			c = web_form_nth(r, "choice", i);
			if (!web_number(c, n))
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
			pos = web_number(web_form(r, key), n);
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
	       strtoull(seq, NULL, 10) == t->at.nans;
}

/* Sends the learner on from a finished attempt: its result. */
static void finish_and_go(struct web_request *r, struct web_response *res,
			  struct take *t, const struct view *v)
{
	char *msg = NULL;

	if (attempt_finish(&t->at, v, &msg) < 0 && !attempt_overtaken(&t->at)) {
		web_fail_free(r, res, msg);
		return;
	}
	free(msg);
	web_redirect(res, "/attempts/%lld", (long long)t->at.a.id);
}

/*
 * Commits the answer the session just took, then sends the learner on:
 * to the result at the end, to the feedback if there is some, else to the
 * next step.
 */
static void answered(struct web_request *r, struct web_response *res,
		     struct take *t, const struct feedback *fb)
{
	const struct view *v;
	char *msg = NULL;

	if (attempt_answer(&t->at, &msg) < 0) {
		if (!attempt_overtaken(&t->at)) {
			web_fail_free(r, res, msg);
			return;
		}
		free(msg);
		web_redirect(res, "/take/%s/%s", t->pack_id, t->module_id);
		return;
	}
	v = session_view(t->at.s);
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

	if (take_open(r, res, &t, ATTEMPT_RESUME) < 0)
		goto out;
	if (!t.at.found)
		page_intro(r, res, &t);
	else if (t.at.stale)
		page_stale(r, res, &t);
	else if (session_view(t.at.s)->kind == VIEW_END)
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

	if (take_open(r, res, &t, ATTEMPT_RESUME) < 0)
		goto out;
	if (!t.at.found || t.at.stale) {
		web_redirect(res, "/take/%s/%s", t.pack_id, t.module_id);
		goto out;
	}
	v = session_view(t.at.s);
	if (v->kind == VIEW_END) {
		finish_and_go(r, res, &t, v);
		goto out;
	}
	if (!posted_is_current(r, &t, v)) {
		web_redirect(res, "/take/%s/%s", t.pack_id, t.module_id);
		goto out;
	}
	line = web_take_input_line(r, v, &err);
	if (line) {
		switch (session_answer(t.at.s, line, &fb, &err)) {
		case ANSWER_OK:
			answered(r, res, &t, &fb);
			feedback_clear(&fb);
			goto out;
		case ANSWER_FAILED:
			web_fail_free(r, res, err);
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

/* Opens the attempt as how says, then begins one unless it is in progress
 * and can carry on; back to the step page. */
static int take_begin_as(struct web_request *r, struct web_response *res,
			 enum attempt_open how)
{
	struct take t = { 0 };
	char *msg = NULL;

	if (take_open(r, res, &t, how) < 0)
		goto out;
	if (attempt_begin_unless(&t.at, &msg) < 0) {
		web_fail_free(r, res, msg);
		goto out;
	}
	web_redirect(res, "/take/%s/%s", t.pack_id, t.module_id);
out:
	take_free(&t);
	return 0;
}

/* POST /take/P/M/begin: a new attempt, unless one is in progress. */
static int take_begin_post(struct web_request *r, struct web_response *res)
{
	return take_begin_as(r, res, ATTEMPT_FIND);
}

/* POST /take/P/M/restart: abandons an attempt that cannot carry on (kept
 * in the records) and begins a new one. */
static int take_restart(struct web_request *r, struct web_response *res)
{
	return take_begin_as(r, res, ATTEMPT_RESUME);
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

	if (take_open(r, res, &t, ATTEMPT_RESUME_BUT_LAST) < 0)
		goto out;
	v = t.at.s ? session_view(t.at.s) : NULL;
	last = t.at.nans ? &t.at.ans[t.at.nans - 1] : NULL;
	if (!t.at.found || t.at.stale || !last || !v || v->kind == VIEW_END ||
	    strcmp(v->step_id, last->step_id)) {
		web_redirect(res, "/take/%s/%s", t.pack_id, t.module_id);
		goto out;
	}
	if (session_answer(t.at.s, last->input, &fb, &msg) != ANSWER_OK) {
		web_fail_free(r, res, msg);
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
	int64_t id = (int64_t)web_number(web_arg(r, 0), INT64_MAX);
	char *msg = NULL;
	int found = 0;

	if (id > 0)
		found = store_attempt_get(r->st, id, a, &msg);
	if (found < 0) {
		web_fail_free(r, res, msg);
		return -1;
	}
	if (!found || !r->signed_in || r->session.admin ||
	    a->learner_id != r->learner.id) {
		web_not_found(r, res);
		return 0;
	}
	return 1;
}

/* Question by question, what the first answers got right and wrong
 * (review.h): each question's opening words, its verdict and points. */
static void add_review(struct buf *b, const struct words *w,
		       const struct module *m, const struct answer *ans,
		       size_t n)
{
	struct review_item *items;
	size_t i, right = 0, nitems = review_items(m, ans, n, &items);

	for (i = 0; i < nitems; i++)
		right += items[i].points >= items[i].max;
	if (nitems) {
		html_raw(b, "<h2>Question by question</h2>\n<p>");
		html_txtf(b, "%zu of %zu right the first time.", right,
			  nitems);
		html_raw(b, "</p>\n<ol class=\"review\">\n");
	}
	for (i = 0; i < nitems; i++) {
		const struct review_item *it = &items[i];
		char *md = words_md(w, m->steps[it->step].text);
		char *words = review_excerpt(md, 90);

		free(md);

		html_raw(b, "<li><span class=\"");
		html_raw(b, it->points >= it->max ? "right" : "wrong");
		html_raw(b, "\">");
		html_txt(b, review_verdict(it));
		html_txtf(b, " (%d of %d %s)", it->points, it->max,
			  it->max == 1 ? "point" : "points");
		html_raw(b, "</span>: ");
		html_txt(b, words);
		html_raw(b, "</li>\n");
		free(words);
	}
	if (nitems)
		html_raw(b, "</ol>\n");
	free(items);
}

/* After a pass, the way on to the pack's next module. */
static void add_next(struct buf *b, const struct words *w,
		     const struct pack *p, size_t mi)
{
	const struct pack_module *pm = &p->modules[mi];

	html_raw(b, "<p><a class=\"button\" href=\"");
	web_take_url(b, p->id, pm->id, "");
	html_raw(b, "\">Next: ");
	web_pack_txt(b, w, pm->title ? pm->title : pm->id);
	html_raw(b, "</a></p>\n");
}

/*
 * What the end of a finished attempt showed, rebuilt by replay: the
 * feedback on its last answer into fb_html, question by question and the
 * module's finish text into finish_html.  Best effort: nothing is written
 * if the pack has gone or changed since.
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
	if (take_load(r, &t) || attempt_replay(&t.at, a, 1, &msg) ||
	    !t.at.nans ||
	    session_answer(t.at.s, t.at.ans[t.at.nans - 1].input, &fb, &msg) !=
	    ANSWER_OK)
		goto out;
	v = session_view(t.at.s);
	if (v->kind == VIEW_END) {
		if (fb.correct >= 0 || fb.text) {
			html_raw(fb_html, "<h2>Your last answer</h2>\n");
			add_asked(fb_html, &t.words, t.at.m, &fb);
			add_feedback(fb_html, &t.words, &fb, 0);
		}
		add_review(finish_html, &t.words, t.at.m, t.at.ans,
			   t.at.nans);
		for (i = 0; v->text && i < t.at.m->nsteps; i++) {
			const struct step *st = &t.at.m->steps[i];

			if (st->kind != STEP_FINISH)
				continue;
			if (st->text == v->text)
				web_pack_md(finish_html, &t.words, st->text,
					    st->html);
			else if (st->text_not_passed == v->text)
				web_pack_md(finish_html, &t.words,
					    st->text_not_passed,
					    st->html_not_passed);
		}
		if (v->passed && t.at.mi + 1 < t.p->nmodules)
			add_next(finish_html, &t.words, t.p, t.at.mi + 1);
	}
	feedback_clear(&fb);
out:
	free(msg);
	take_free(&t);
}

/*
 * Under a result that did not pass: the pass the learner still holds, if
 * one is valid (SPEC §4: a failed retake never hides it).  Best effort:
 * a record that cannot be read leaves the note out, not the result.
 */
static void add_pass_stands(struct buf *b, const struct web_request *r,
			    const struct attempt *a)
{
	struct cpd c = { 0 };
	char today[DATE_LEN], *msg = NULL;
	const char *date;

	if (cpd_load(r->st, r->learner.ref, a->pack, a->module, &c,
		     &msg) < 0) {
		free(msg);
		return;
	}
	fmt_date(vigil_now(), today);
	if (cpd_resolve(&c, today, &date) != CPD_VALID)
		return;
	html_raw(b, "<div class=\"notice\">\n<p>Your pass of ");
	web_date(b, c.pass_ended);
	html_raw(b, " still stands");
	if (*date) {
		html_raw(b, ", valid until ");
		web_date(b, date);
	}
	html_raw(b, ": this result does not take it away.</p>\n");
	buf_addf(b, "<p><a href=\"/attempts/%lld/certificate\">Your "
		  "certificate</a></p>\n</div>\n", (long long)c.pass_id);
}

/* The facts of a finished attempt, and what to do next. */
static void add_result(struct buf *b, const struct web_request *r,
		       const struct attempt *a)
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
	web_date(b, a->ended);
	html_raw(b, "</dd>\n");
	if (passed) {
		html_raw(b, "<dt>Valid until</dt><dd>");
		if (a->expires)
			web_date(b, a->expires);
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
	html_raw(b, "</dl>\n");
	add_pass_stands(b, r, a);
	html_raw(b, "<p>");
	html_txtf(b, "To pass you need %d%%.  You can try again: a new "
		  "attempt starts from the beginning.", a->pass_mark);
	html_raw(b, "</p>\n<p><a class=\"button\" href=\"");
	web_take_url(b, a->pack, a->module, "");
	html_raw(b, "\">Try again</a></p>\n");
}

/* GET /attempts/ID: the result of one of the learner's attempts. */
static int attempt_page(struct web_request *r, struct web_response *res)
{
	struct attempt a = { 0 };
	struct buf *b = &res->body, fb = BUF_INIT, finish = BUF_INIT;
	struct words words = WORDS_INIT;

	if (own_attempt(r, res, &a) <= 0)
		goto out;
	web_words(r, &words);
	begin_titled(b, r, &words, a.module_title);
	if (a.status == ATTEMPT_IN_PROGRESS) {
		html_raw(b, "<p>This attempt is in progress, begun on ");
		web_date(b, a.started);
		html_raw(b, ".</p>\n<p><a class=\"button\" href=\"");
		web_take_url(b, a.pack, a.module, "");
		html_raw(b, "\">Carry on</a></p>\n");
	} else if (a.status == ATTEMPT_ABANDONED) {
		html_raw(b, "<p>This attempt was set aside when its pack "
			 "changed; it has no result.</p>\n<p><a href=\"");
		web_take_url(b, a.pack, a.module, "");
		html_raw(b, "\">Take the module</a></p>\n");
	} else {
		/* As at the end of a take: the last feedback, the result,
		 * then the module's closing words. */
		add_ending(r, &a, &fb, &finish);
		buf_add(b, fb.s, fb.len);
		add_result(b, r, &a);
		buf_add(b, finish.s, finish.len);
	}
	html_raw(b, "<p><a href=\"/\">Back to your training</a></p>\n");
	web_page_end(b);
out:
	words_free(&words);
	buf_free(&fb);
	buf_free(&finish);
	attempt_clear(&a);
	return 0;
}

/* The signed-in learner's own passed attempt the path names: 1 with *a,
 * 0 after a 404 (or a 500). */
static int own_certificate(struct web_request *r, struct web_response *res,
			   struct attempt *a)
{
	if (own_attempt(r, res, a) <= 0)
		return 0;
	if (a->status != ATTEMPT_PASSED || !a->certificate) {
		web_not_found(r, res);
		return 0;
	}
	return 1;
}

/* GET /attempts/ID/certificate: the printable certificate of a pass. */
static int certificate_handler(struct web_request *r,
			       struct web_response *res)
{
	struct certificate_info info;
	struct attempt a = { 0 };

	if (!own_certificate(r, res, &a))
		goto out;
	certificate_info_load(r->st, &a, &info);
	certificate_page(&res->body, &a, &info, CERTIFICATE_LEARNER);
	certificate_info_clear(&info);
	res->csp = certificate_csp(CERTIFICATE_LEARNER);
out:
	attempt_clear(&a);
	return 0;
}

/* GET /attempts/ID/certificate.pdf: the same certificate as a one-page A4
 * PDF, to keep or to send on. */
static int certificate_pdf_handler(struct web_request *r,
				   struct web_response *res)
{
	struct certificate_info info;
	struct attempt a = { 0 };
	char *msg = NULL;

	if (!own_certificate(r, res, &a))
		goto out;
	certificate_info_load(r->st, &a, &info);
	if (certificate_pdf(&res->body, &a, &info, &msg) < 0) {
		certificate_info_clear(&info);
		web_fail_free(r, res, msg);
		goto out;
	}
	certificate_info_clear(&info);
	res->type = "application/pdf";
	/* The code is letters, digits and dashes: safe in a quoted name. */
	res->filename = xasprintf("certificate-%s.pdf", a.certificate);
out:
	attempt_clear(&a);
	return 0;
}

const struct web_route web_take_routes[] = {
	{ "GET", "/take/*/*", take_page, WEB_LEARNER, WEB_BODY_FORM },
	{ "POST", "/take/*/*", take_answer, WEB_LEARNER, WEB_BODY_FORM },
	{ "POST", "/take/*/*/begin", take_begin_post, WEB_LEARNER, WEB_BODY_FORM },
	{ "POST", "/take/*/*/restart", take_restart, WEB_LEARNER, WEB_BODY_FORM },
	{ "GET", "/take/*/*/feedback", take_feedback, WEB_LEARNER, WEB_BODY_FORM },
	/* Public, so that without a learner's sign-in they are 404 too. */
	{ "GET", "/attempts/*", attempt_page, WEB_PUBLIC, WEB_BODY_FORM },
	{ "GET", "/attempts/*/certificate", certificate_handler, WEB_PUBLIC, WEB_BODY_FORM },
	{ "GET", "/attempts/*/certificate.pdf", certificate_pdf_handler, WEB_PUBLIC, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
