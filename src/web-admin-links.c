/*
 * web-admin-links.c - personal sign-in links made in the DSL's pages, as
 * `vigil learner link` makes them: so that a school in roster mode can
 * give staff their way in from the browser.  A new link replaces the old
 * one (the records keep only its hash), so a link is shown once, on the
 * answer to the POST that made it, and never again.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "html.h"
#include "remind.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/*
 * The address links start with (malloc'd, ending in "/"): the school's
 * base_url setting, else the address this request came to, which is right
 * whenever the DSL uses the same address as staff will.
 */
static char *link_base(const struct web_request *r)
{
	char *msg = NULL, *base = remind_base(r->st, &msg);

	free(msg);
	return base ? base : web_own_base(r);
}

/* POST /admin/staff/REF/link: a new personal link for one person. */
static int link_post(struct web_request *r, struct web_response *res)
{
	struct learner l = { 0 };
	struct buf *b = &res->body;
	char *token = NULL, *msg = NULL, *base, *path;
	int found;

	if (web_admin_refused(r, res))
		return -1;
	found = store_learner_get(r->st, web_arg(r, 0), &l, &msg);
	if (found < 0)
		return web_admin_failed(r, res, msg);
	if (!found) {
		web_not_found(r, res);
		return 0;
	}
	if (l.left) {
		web_error_page(r, res, 409, "No link for a leaver",
			       "This person has left, and a leaver cannot "
			       "sign in. Bring them back in post first.");
		learner_clear(&l);
		return 0;
	}
	if (store_signin_token_new(r->st, l.id, &token, &msg) < 0) {
		learner_clear(&l);
		return web_admin_failed(r, res, msg);
	}
	base = link_base(r);
	web_page_begin(b, r, "A sign-in link");
	html_raw(b, "<p>This link signs in as <strong>");
	html_txt(b, l.name);
	html_raw(b, "</strong> (");
	html_txt(b, l.ref);
	html_raw(b, ") until a new one is made. Send it only to them: anyone "
		 "who has it can sign in as them. The link made before this "
		 "one no longer works.</p>\n<p><label for=\"link\">The link"
		 "</label>\n<input type=\"text\" id=\"link\" readonly "
		 "spellcheck=\"false\" value=\"");
	html_attr(b, base);
	html_raw(b, "signin/");
	html_attr(b, token);
	html_raw(b, "\"></p>\n<p>It is shown only now: Vigil keeps no copy "
		 "it could show again.</p>\n<p><a href=\"");
	path = web_admin_staff_path(l.ref, "");
	html_attr(b, path);
	html_raw(b, "\">Back to ");
	html_txt(b, l.name);
	html_raw(b, "</a></p>\n");
	web_page_end(b);
	free(path);
	free(base);
	sodium_memzero(token, strlen(token));
	free(token);
	learner_clear(&l);
	return 0;
}

/*
 * POST /admin/staff/REF/link/email: a new personal link, emailed to the
 * person by the mail worker (a page never waits on the mail server); the
 * person's page then says it is on its way, and the mail log on the
 * reminders page says when the server took it.
 */
static int link_email_post(struct web_request *r, struct web_response *res)
{
	struct learner l = { 0 };
	char *msg = NULL, *path;
	int found;

	if (web_admin_refused(r, res))
		return -1;
	found = web_admin_path_person(r, res, &l);
	if (found <= 0)
		return found;
	found = web_mail_ready(r->st, &msg);
	if (found < 0) {
		learner_clear(&l);
		return web_admin_failed(r, res, msg);
	}
	if (l.left || !l.email || !found) {
		web_error_page(r, res, 409, "The link cannot be emailed",
			       l.left ? "This person has left, and a leaver "
			       "cannot sign in. Bring them back in post first." :
			       !l.email ? "There is no email address for this "
			       "person: add one to their details first." :
			       "The mail server is not set: set the SMTP server "
			       "and the From address in the settings first.");
		learner_clear(&l);
		return 0;
	}
	if (web_mail_link(r, l.id) < 0) {
		web_error_page(r, res, 503, "The link cannot be emailed now",
			       "The server has too much mail waiting to send. "
			       "Try again in a few minutes.");
		learner_clear(&l);
		return 0;
	}
	path = web_admin_staff_path(l.ref, "?done=emailed");
	web_redirect(res, "%s", path);
	free(path);
	learner_clear(&l);
	return 0;
}

const struct web_route web_admin_links_routes[] = {
	{ "POST", "/admin/staff/*/link", link_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/staff/*/link/email", link_email_post, WEB_ADMIN,
	  WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
