/*
 * web-admin-learner.c - one learner in the DSL's pages of `vigil serve`:
 * their standing on each module, the history of their attempts, and
 * forgetting them (erasing every record of theirs).
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cpd.h"
#include "html.h"
#include "matrix.h"
#include "sessioncache.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/* The learner whose id is the path's first "*": 1 found, 0 after a 404
 * page, -1 after a 500 page. */
static int path_learner(struct web_request *r, struct web_response *res,
			struct learner *l)
{
	char *msg = NULL;
	int64_t id;
	int found;

	memset(l, 0, sizeof(*l));
	id = (int64_t)web_number(web_arg(r, 0), INT64_MAX);
	if (!id) {
		web_error_page(r, res, 404, "No such person",
			       "There is nobody with that number in the "
			       "roster.");
		return 0;
	}
	found = store_learner_by_id(r->st, id, l, &msg);
	if (found < 0)
		return web_admin_failed(r, res, msg);
	if (!found)
		web_error_page(r, res, 404, "No such person",
			       "There is nobody with that number in the "
			       "roster; they may have been forgotten.");
	return found;
}

/* A stored time in words (web_time), or "-". */
static void time_cell(struct buf *b, const char *t)
{
	if (!t || !*t)
		html_raw(b, "-");
	else
		web_time(b, t);
}

/* store_attempts callback: one row of a learner's history. */
static int history_row(void *ctx, const struct attempt *a)
{
	struct buf *b = ctx;

	html_raw(b, "<tr><td data-label=\"Attempt\">");
	html_txtf(b, "%" PRId64, a->id);
	html_raw(b, "</td><td data-label=\"Module\">");
	html_txt(b, a->module_title ? a->module_title : a->module);
	html_raw(b, " <small>(");
	html_txt(b, a->pack);
	html_raw(b, "/");
	html_txt(b, a->module);
	html_raw(b, ", version ");
	html_txt(b, a->pack_version);
	html_raw(b, ")</small></td><td data-label=\"Result\">");
	if (a->status == ATTEMPT_PASSED || a->status == ATTEMPT_NOT_PASSED)
		html_txtf(b, "%s %d/%d (%d%%)", attempt_status_name(a->status),
			  a->score, a->max, a->percent);
	else
		html_txt(b, attempt_status_name(a->status));
	html_raw(b, "</td><td data-label=\"Started\">");
	time_cell(b, a->started);
	html_raw(b, "</td><td data-label=\"Finished\">");
	time_cell(b, a->ended);
	html_raw(b, "</td><td data-label=\"Expires\">");
	if (a->status == ATTEMPT_PASSED && a->expires)
		web_date(b, a->expires);
	else
		html_txt(b, a->status == ATTEMPT_PASSED ? "never" : "-");
	html_raw(b, "</td><td data-label=\"Certificate\">");
	if (a->status == ATTEMPT_PASSED && a->certificate) {
		html_raw(b, "<a href=\"/admin/attempts/");
		html_txtf(b, "%" PRId64, a->id);
		html_raw(b, "/certificate\">");
		html_txt(b, a->certificate);
		html_raw(b, "</a>");
	} else {
		html_raw(b, "-");
	}
	html_raw(b, "</td></tr>\n");
	return 0;
}

/* Where one learner stands with each module today. */
static void standing(struct buf *b, const struct matrix *m)
{
	char today[DATE_LEN], words[WORDS_LEN], *caption;
	size_t mi;

	fmt_date(vigil_now(), today);
	fmt_date_words(today, words, sizeof(words));
	html_raw(b, "<h2>Where they stand</h2>\n");
	if (!m->nlearners || !matrix_columns(m)) {
		html_raw(b, "<p>No packs are installed.</p>\n");
		return;
	}
	caption = xasprintf("Each module, on %s", words);
	web_admin_table_begin(b, caption);
	free(caption);
	html_raw(b, "<thead>\n<tr><th scope=\"col\">Module</th>"
		 "<th scope=\"col\">Status</th></tr>\n</thead>\n<tbody>\n");
	for (mi = 0; mi < matrix_columns(m); mi++) {
		const char *date;
		enum cpd_state s = matrix_state(m, 0, mi, today, &date);
		char *text = matrix_describe_words(s, date);

		html_raw(b, "<tr><th scope=\"row\">");
		web_admin_module_label(b, m, mi);
		html_raw(b, "</th><td class=\"");
		html_attr(b, web_admin_state_class(s));
		html_raw(b, "\">");
		html_txt(b, text);
		html_raw(b, "</td></tr>\n");
		free(text);
	}
	html_raw(b, "</tbody>\n</table>\n</div>\n");
}

/* A definition list row, if the value is known. */
static void detail(struct buf *b, const char *term, const char *value)
{
	html_raw(b, "<dt>");
	html_txt(b, term);
	html_raw(b, "</dt><dd>");
	html_txt(b, value && *value ? value : "not known");
	html_raw(b, "</dd>\n");
}

/* GET /admin/learners/ID: who they are, where they stand, every attempt. */
static int learner_get(struct web_request *r, struct web_response *res)
{
	struct attempt_filter f = { 0 };
	struct matrix m = MATRIX_INIT;
	struct buf *b = &res->body, rows = BUF_INIT;
	struct learner l;
	char *msg = NULL;

	if (web_admin_refused(r, res))
		return -1;
	if (path_learner(r, res, &l) <= 0)
		return 0;
	if (web_admin_build(r, res, l.ref, &m) < 0)
		goto out;
	f.learner = l.ref;
	if (store_attempts(r->st, &f, history_row, &rows, &msg) < 0) {
		web_admin_failed(r, res, msg);
		goto out;
	}
	web_page_begin_wide(b, r, l.name);
	html_raw(b, "<p><a href=\"/admin\">Back to the completion records"
		 "</a></p>\n<dl>\n");
	detail(b, "Reference", l.ref);
	detail(b, "Email", l.email);
	detail(b, "Role", l.role);
	html_raw(b, "<dt>In the roster since</dt><dd>");
	if (l.added && *l.added)
		web_time(b, l.added);
	else
		html_raw(b, "not known");
	html_raw(b, "</dd>\n");
	html_raw(b, "</dl>\n");
	standing(b, &m);
	html_raw(b, "<h2>Every attempt</h2>\n");
	if (!rows.len) {
		html_raw(b, "<p>No attempts yet.</p>\n");
	} else {
		web_admin_stack_begin(b, "Every attempt, oldest first");
		html_raw(b, "<thead>\n<tr>"
			 "<th scope=\"col\">Attempt</th>"
			 "<th scope=\"col\">Module</th>"
			 "<th scope=\"col\">Result</th>"
			 "<th scope=\"col\">Started</th>"
			 "<th scope=\"col\">Finished</th>"
			 "<th scope=\"col\">Expires</th>"
			 "<th scope=\"col\">Certificate</th></tr>\n</thead>\n"
			 "<tbody>\n");
		buf_add(b, rows.s, rows.len);
		html_raw(b, "</tbody>\n</table>\n</div>\n");
	}
	html_raw(b, "<h2>Forget this person</h2>\n<p>When someone leaves, or "
		 "asks to be erased, everything held about them can be "
		 "removed. You will be asked to confirm.</p>\n"
		 "<p><a class=\"button\" href=\"/admin/learners/");
	html_txtf(b, "%" PRId64, l.id);
	html_raw(b, "/forget\">Forget this person</a></p>\n");
	web_page_end(b);
out:
	buf_free(&rows);
	matrix_free(&m);
	learner_clear(&l);
	return 0;
}

/* What forgetting a learner would erase, counted as store_learner_forget
 * counts it. */
struct held {
	struct web_request *r;
	struct forget_counts c;
	char *msg;
};

/* store_attempts callback: counts an attempt, its answers and certificate. */
static int count_held(void *ctx, const struct attempt *a)
{
	struct held *h = ctx;
	struct answer *as = NULL;
	size_t n = 0;

	if (store_answers(h->r->st, a->id, &as, &n, &h->msg) < 0)
		return -1;
	answers_free(as, n);
	h->c.attempts++;
	h->c.answers += (int)n;
	h->c.certificates += a->certificate != NULL;
	return 0;
}

/* The confirmation page: what will be erased, and the form that erases
 * it once the ref is typed again. */
static void forget_form(struct web_request *r, struct web_response *res,
			const struct learner *l, const struct forget_counts *c,
			int status, const char *err)
{
	struct buf *b = &res->body;
	char *title = xasprintf("Forget %s", l->name);

	res->status = status;
	b->len = 0;
	web_page_begin(b, r, title);
	free(title);
	if (err) {
		html_raw(b, "<p class=\"error\" role=\"alert\">");
		html_txt(b, err);
		html_raw(b, "</p>\n");
	}
	html_raw(b, "<p>This erases everything held about ");
	html_txt(b, l->name);
	html_raw(b, " (");
	html_txt(b, l->ref);
	html_raw(b, "), so that no trace is left in the records:</p>\n<ul>\n"
		 "<li>their entry in the roster: reference, name, email and "
		 "role</li>\n<li>");
	html_txtf(b, "%d %s", c->attempts, plural(c->attempts, "attempt",
						  "attempts"));
	html_raw(b, "</li>\n<li>");
	html_txtf(b, "%d %s", c->answers, plural(c->answers, "answer",
						 "answers"));
	html_raw(b, "</li>\n<li>");
	html_txtf(b, "%d %s", c->certificates, plural(c->certificates,
		  "certificate", "certificates"));
	html_raw(b, " (their codes will no longer verify)</li>\n</ul>\n"
		 "<p><strong>There is no undo.</strong> Download the records "
		 "first if they are still needed.</p>\n"
		 "<form method=\"post\" action=\"/admin/learners/");
	html_txtf(b, "%" PRId64, l->id);
	html_raw(b, "/forget\">\n");
	web_csrf_field(b, r);
	html_raw(b, "\n<label for=\"confirm\">To confirm, type their "
		 "reference, <strong>");
	html_txt(b, l->ref);
	html_raw(b, "</strong></label>\n<input type=\"text\" id=\"confirm\" "
		 "name=\"confirm\" autocomplete=\"off\" spellcheck=\"false\" "
		 "required>\n<p><button type=\"submit\">Forget this person"
		 "</button> <a href=\"/admin/learners/");
	html_txtf(b, "%" PRId64, l->id);
	html_raw(b, "\">Keep them</a></p>\n</form>\n");
	web_page_end(b);
}

/* Counts what would be erased: 0, or -1 after a 500 page. */
static int count_forget(struct web_request *r, struct web_response *res,
			const struct learner *l, struct forget_counts *c)
{
	struct attempt_filter f = { 0 };
	struct held h = { r, { 0, 0, 0 }, NULL };

	f.learner = l->ref;
	if (store_attempts(r->st, &f, count_held, &h, &h.msg) < 0)
		return web_admin_failed(r, res, h.msg);
	*c = h.c;
	return 0;
}

/* GET /admin/learners/ID/forget: the confirmation page. */
static int forget_get(struct web_request *r, struct web_response *res)
{
	struct forget_counts c = { 0, 0, 0 };
	struct learner l;

	if (web_admin_refused(r, res))
		return -1;
	if (path_learner(r, res, &l) <= 0)
		return 0;
	if (count_forget(r, res, &l, &c) == 0)
		forget_form(r, res, &l, &c, 200, NULL);
	learner_clear(&l);
	return 0;
}

/* POST /admin/learners/ID/forget: erases them once the ref typed matches;
 * otherwise shows the page again and erases nothing. */
static int forget_post(struct web_request *r, struct web_response *res)
{
	const char *typed = web_form(r, "confirm");
	struct forget_counts c = { 0, 0, 0 };
	struct buf *b = &res->body;
	struct learner l;
	char *msg = NULL;
	size_t n;
	int found;

	if (web_admin_refused(r, res))
		return -1;
	if (path_learner(r, res, &l) <= 0)
		return 0;
	/* A ref never has spaces at its ends; a phone keyboard may add one. */
	typed = typed ? typed + strspn(typed, " ") : NULL;
	n = typed ? strlen(typed) : 0;
	while (n && typed[n - 1] == ' ')
		n--;
	if (!typed || n != strlen(l.ref) || strncmp(typed, l.ref, n)) {
		if (count_forget(r, res, &l, &c) == 0)
			forget_form(r, res, &l, &c, 400, typed && *typed ?
				    "That is not their reference, so nothing "
				    "was erased. Type it exactly as shown." :
				    "Type their reference to confirm; nothing "
				    "was erased.");
		learner_clear(&l);
		return 0;
	}
	found = store_learner_forget(r->st, l.ref, &c, &msg);
	/* What they wrote may be in a session kept in memory: none stays. */
	session_cache_clear();
	if (found < 0) {
		learner_clear(&l);
		return web_admin_failed(r, res, msg);
	}
	if (!found) {
		web_error_page(r, res, 404, "No such person", "They are no "
			       "longer in the roster: nothing was erased.");
		learner_clear(&l);
		return 0;
	}
	web_page_begin(b, r, "Forgotten");
	html_raw(b, "<p role=\"status\">");
	html_txtf(b, "Erased %s (%s): their roster entry, %d %s, %d %s and "
		  "%d %s.", l.name, l.ref, c.attempts, plural(c.attempts,
		  "attempt", "attempts"), c.answers, plural(c.answers,
		  "answer", "answers"), c.certificates,
		  plural(c.certificates, "certificate", "certificates"));
	html_raw(b, "</p>\n<p><a href=\"/admin\">Back to the completion "
		 "records</a></p>\n");
	web_page_end(b);
	learner_clear(&l);
	return 0;
}

const struct web_route web_admin_learner_routes[] = {
	{ "GET", "/admin/learners/*", learner_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/learners/*/forget", forget_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/learners/*/forget", forget_post, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
