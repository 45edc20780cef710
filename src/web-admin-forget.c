/*
 * web-admin-forget.c - forgetting a person in the DSL's pages of `vigil
 * serve`: a page that counts what would be erased, and the form that
 * erases every record of theirs once their reference is typed again (as
 * `vigil learner forget`).  Someone who has only left is marked as a
 * leaver instead (web-admin-staff.c): their records stay.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "sessioncache.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/* An href to the person's page and a suffix. */
static void person_href(struct buf *b, const char *ref, const char *suffix)
{
	char *path = web_admin_staff_path(ref, suffix);

	html_attr(b, path);
	free(path);
}

/* What forgetting a person would erase, counted as store_learner_forget
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
		 "<li>their entry in the roster: reference, name, email, "
		 "role and groups</li>\n<li>");
	html_txtf(b, "%d %s", c->attempts, plural(c->attempts, "attempt",
						  "attempts"));
	html_raw(b, "</li>\n<li>");
	html_txtf(b, "%d %s", c->answers, plural(c->answers, "answer",
						 "answers"));
	html_raw(b, "</li>\n<li>");
	html_txtf(b, "%d %s", c->certificates, plural(c->certificates,
		  "certificate", "certificates"));
	html_raw(b, " (their codes will no longer verify)</li>\n</ul>\n"
		 "<p>Someone who has only left should be marked as a leaver "
		 "instead: their records stay.</p>\n"
		 "<p><strong>There is no undo.</strong> Download the records "
		 "first if they are still needed.</p>\n");
	if (!web_admin_may_change(r)) {
		html_raw(b, "<p>As a viewer you can see this page, but not "
			 "forget anyone. <a href=\"");
		person_href(b, l->ref, "");
		html_raw(b, "\">Back to their page</a></p>\n");
		web_page_end(b);
		return;
	}
	html_raw(b, "<form method=\"post\" action=\"");
	person_href(b, l->ref, "/forget");
	html_raw(b, "\">\n");
	web_csrf_field(b, r);
	html_raw(b, "\n<label for=\"confirm\">To confirm, type their "
		 "reference, <strong>");
	html_txt(b, l->ref);
	html_raw(b, "</strong></label>\n<input type=\"text\" id=\"confirm\" "
		 "name=\"confirm\" autocomplete=\"off\" spellcheck=\"false\" "
		 "required>\n<p><button type=\"submit\">Forget this person"
		 "</button> <a href=\"");
	person_href(b, l->ref, "");
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

/* GET /admin/staff/REF/forget: the confirmation page. */
static int forget_get(struct web_request *r, struct web_response *res)
{
	struct forget_counts c = { 0, 0, 0 };
	struct learner l;

	if (web_admin_refused(r, res))
		return -1;
	if (web_admin_path_person(r, res, &l) <= 0)
		return 0;
	if (count_forget(r, res, &l, &c) == 0)
		forget_form(r, res, &l, &c, 200, NULL);
	learner_clear(&l);
	return 0;
}

/* POST /admin/staff/REF/forget: erases them once the ref typed matches;
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
	if (web_admin_path_person(r, res, &l) <= 0)
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
	html_raw(b, "</p>\n<p><a href=\"/admin/staff\">All staff</a> · <a "
		 "href=\"/admin\">Completion records</a></p>\n");
	web_page_end(b);
	learner_clear(&l);
	return 0;
}

const struct web_route web_admin_forget_routes[] = {
	{ "GET", "/admin/staff/*/forget", forget_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/staff/*/forget", forget_post, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
