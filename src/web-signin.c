/*
 * web-signin.c - signing learners in and out of `vigil serve`: the home
 * page before sign-in, open sign-up by name and staff reference, and the
 * personal links of roster mode (SECURITY.md, Web).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "learner.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"
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
		web_catalogue_page(r, res);
	}
	return 0;
}

/* Finds the learner with l's ref, or adds l; fills l->id.  Returns 1 for
 * a person who has left (who cannot sign in: SPEC §4). */
static int find_or_add(struct store *st, struct learner *l, char **msg)
{
	struct learner known = { 0 };
	int found = store_learner_get(st, l->ref, &known, msg), left;

	if (found > 0)
		l->id = known.id;
	left = found > 0 && known.left;
	learner_clear(&known);
	if (found)
		return found < 0 ? -1 : left;
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
	int left;

	if (r->cfg->signup != WEB_SIGNUP_OPEN) {
		web_not_found(r, res);
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
	} else if ((left = find_or_add(r->st, &l, &msg)) < 0) {
		web_fail_free(r, res, msg);
		msg = NULL;
	} else if (left) {
		page_signin(r, res, "That reference belongs to someone who "
			    "has left, who cannot sign in. Ask the school's "
			    "safeguarding lead if this is wrong.", "ref",
			    l.name, l.ref);
		res->status = 403;
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
			int take, struct learner *l)
{
	const char *token = web_arg(r, 0);
	char *msg = NULL;
	int found;

	found = store_signin_token_use(r->st, token ? token : "", take, l,
				       &msg);
	if (found < 0) {
		web_fail_free(r, res, msg);
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

	if (link_learner(r, res, 0, &l) == 1) {
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

	if (link_learner(r, res, 1, &l) == 1 && web_sign_in(r, res, l.id, 0) == 0)
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


const struct web_route web_signin_routes[] = {
	{ "GET", "/", home, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/signin", signin_open, WEB_PUBLIC, WEB_BODY_FORM },
	{ "GET", "/signin/*", signin_link_page, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/signin/*", signin_link, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/signout", signout, WEB_PUBLIC, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
