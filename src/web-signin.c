/*
 * web-signin.c - signing learners in and out of `vigil serve`: the home
 * page before sign-in, open sign-up by name and staff reference, and the
 * personal links of roster mode, with a link by email for a person who
 * has lost theirs (SECURITY.md, Web).
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

/* The longest address that can be sent to (RFC 5321: a path of 256
 * octets, with its angle brackets). */
#define EMAIL_MAX	254

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
 * "Email me a sign-in link" (roster mode): intro (a sentence), then the
 * address, kept as typed, with err by it.  Whether anything is sent, the
 * page never says: only what happens if the address is the school's.
 */
static void email_form(struct buf *b, const struct web_request *r,
		       const char *email, const char *err, const char *intro)
{
	struct web_field f = { "email", "Your email address", "email", email,
		"The one the school has for you.", err,
		"autocomplete=\"email\" spellcheck=\"false\" "
		"autocapitalize=\"none\" required" };

	html_raw(b, "<h2>Email me a sign-in link</h2>\n<p>");
	html_txt(b, intro);
	html_raw(b, " It works once, within an hour.</p>\n<form method=\"post\" "
		 "action=\"/signin/email\">");
	web_csrf_field(b, r);
	html_raw(b, "\n");
	web_admin_field(b, &f);
	html_raw(b, "<p><button type=\"submit\">Email me a sign-in link"
		 "</button></p>\n</form>\n");
}

/*
 * The sign-in page: in open mode a form (keeping what was typed, with
 * err linked to the field it is about); in roster mode, where to find a
 * personal link, and the form that emails one (err and email for it).
 */
static void page_signin(struct web_request *r, struct web_response *res,
			const char *err, const char *field, const char *name,
			const char *ref)
{
	struct buf *b = &res->body;

	web_page_begin(b, r, "Sign in");
	if (r->cfg->signup == WEB_SIGNUP_ROSTER) {
		if (err)
			web_admin_problem(b, "email", err);
		html_raw(b, "<p>To sign in, open the personal sign-in link ");
		web_your_lead(b, r);
		html_raw(b, " gave you, or the link in an email from this "
			 "site.</p>\n");
		email_form(b, r, ref, err, "If you have lost your link, we can "
			   "email you one.");
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
 * The page for a link that does not sign in (404): never known, replaced
 * by a newer one, or a link from an email that was used or is out of
 * date.  In roster mode it offers a new one by email.
 */
static void link_not_known(struct web_request *r, struct web_response *res)
{
	struct buf *b = &res->body;

	res->status = 404;
	b->len = 0;
	web_page_begin(b, r, "This sign-in link does not work");
	html_raw(b, "<p>It may have been used already: a link sent by email "
		 "works once, and only for a while. Or it may have been "
		 "replaced by a newer one, or never have been a link to this "
		 "site.</p>\n");
	if (r->cfg->signup == WEB_SIGNUP_ROSTER)
		email_form(b, r, NULL, NULL, "We can email you a new one.");
	html_raw(b, "<p>Or ask ");
	web_your_lead(b, r);
	html_raw(b, " for your personal link.</p>\n");
	web_page_end(b);
}

/*
 * The learner a sign-in link names; with take, a one-use link (sent by
 * email) is used up.  Returns 1 with *l filled; 0 after answering (404
 * for a link that is not, or no longer, a current one; 429 when this
 * client has tried too many); -1 after a 500.  A current link always
 * works, however many have failed.
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
		link_not_known(r, res);
	return found;
}

/*
 * GET /signin/TOKEN: asks before signing in, so that opening the link
 * (or a link preview fetching it) changes nothing, nor uses up a link
 * that works once.
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
		html_raw(b, ", please do not go on: ask ");
		web_your_lead(b, r);
		html_raw(b, " for your own link.</p>\n<form method=\"post\">");
		web_csrf_field(b, r);
		html_raw(b, "<button type=\"submit\">Sign in</button></form>\n");
		web_page_end(b);
	}
	buf_free(&title);
	learner_clear(&l);
	return 0;
}

/* POST /signin/TOKEN: signs in as the link's learner, using up a link
 * that works once. */
static int signin_link(struct web_request *r, struct web_response *res)
{
	struct learner l = { 0 };

	if (link_learner(r, res, 1, &l) == 1 &&
	    web_sign_in(r, res, l.id, 0) == 0)
		web_redirect(res, "/");
	learner_clear(&l);
	return 0;
}

/* GET /signin/email (roster mode): the sign-in page, with its form to
 * email a link. */
static int signin_email_page(struct web_request *r, struct web_response *res)
{
	if (r->cfg->signup != WEB_SIGNUP_ROSTER)
		web_not_found(r, res);
	else
		page_signin(r, res, NULL, NULL, NULL, NULL);
	return 0;
}

/*
 * POST /signin/email (roster mode): a sign-in link for whoever in post
 * has the address typed, sent by the mail worker.  The answer is the same
 * page, as fast, whether or not the address is anyone's: the worker looks
 * it up after the page has gone.  Requests are limited per client and
 * per address, known or not.
 */
static int signin_email(struct web_request *r, struct web_response *res)
{
	struct buf *b = &res->body;
	const char *err = NULL;
	char *email;
	int wait;

	if (r->cfg->signup != WEB_SIGNUP_ROSTER) {
		web_not_found(r, res);
		return 0;
	}
	email = web_admin_trimmed(r, "email");
	if (!*email)
		err = "Enter your email address.";
	else if (strlen(email) > EMAIL_MAX)
		err = "That is too long for an email address.";
	else if (!strchr(email, '@'))
		err = "Enter an email address with an @, like "
		      "name@school.example.";
	if (err) {
		page_signin(r, res, err, "email", NULL, email);
		res->status = 422;
	} else if ((wait = web_mail_limited(r, email))) {
		web_too_many_mails(r, res, wait);
	} else {
		/* Queued or not (the log says), the page is the same. */
		web_mail_signin(r, email);
		web_page_begin(b, r, "Check your email");
		html_raw(b, "<p>If that address belongs to someone on the "
			 "school's list, a sign-in link is on its way to it. "
			 "The link works once, within an hour.</p>\n<p>Nothing "
			 "came? Look in your junk mail, then check the address "
			 "and <a href=\"/signin/email\">ask again</a>, or ask ");
		web_your_lead(b, r);
		html_raw(b, " for your personal link.</p>\n");
		web_page_end(b);
	}
	free(email);
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
	/* Before the links, which would take "email" for a token. */
	{ "GET", "/signin/email", signin_email_page, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/signin/email", signin_email, WEB_PUBLIC, WEB_BODY_FORM },
	{ "GET", "/signin/*", signin_link_page, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/signin/*", signin_link, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/signout", signout, WEB_PUBLIC, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
