/*
 * web-session.c - sessions of `vigil serve` (SECURITY.md, Web): the cookie
 * that names one (HttpOnly, SameSite=Strict, and Secure with the __Host-
 * prefix over HTTPS), a new one at every sign-in, and the CSRF token
 * every POST carries.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>
#include <sodium.h>

#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

#define SESSION_COOKIE	"vigil_session"
#define CSRF_COOKIE	"vigil_csrf"
#define SECURE_PREFIX	"__Host-"	/* over HTTPS: Secure, Path=/, no
					   Domain, so no other site sets it */
#define SESSION_LIFETIME	(12 * 3600)	/* a working day */

/* A Set-Cookie value: over HTTPS Secure, with the __Host- prefix that
 * browsers keep for cookies a host set for itself over HTTPS. */
static char *cookie(int https, const char *name, const char *value,
		    int max_age)
{
	return xasprintf("%s%s=%s; Path=/;%s HttpOnly; SameSite=Strict; "
			 "Max-Age=%d", https ? SECURE_PREFIX : "", name, value,
			 https ? " Secure;" : "", max_age);
}

/* The value of the cookie name sent over this scheme, or NULL: over HTTPS
 * only the __Host- one counts. */
static const char *cookie_value(struct MHD_Connection *con, int https,
				const char *name)
{
	char full[64];

	snprintf(full, sizeof(full), "%s%s", https ? SECURE_PREFIX : "",
		 name);
	return MHD_lookup_connection_value(con, MHD_COOKIE_KIND, full);
}

/*
 * Names the person r is signed in as in the audit log, as "REF (Name)",
 * or the set-up account; someone not signed in changes nothing but their
 * own sign-up (open mode), and is named "sign-up".
 */
char *web_session_actor_name(const struct web_request *r, int64_t *id)
{
	*id = 0;
	if (r->signed_in && r->session.admin)
		return xstrdup("set-up account");
	if (r->signed_in && r->learner.ref) {
		*id = r->learner.id;
		return xasprintf("%s (%s)", r->learner.ref, r->learner.name);
	}
	return xstrdup("sign-up");
}

/* Sets the store's actor to that name, for the changes r makes. */
void web_session_actor(struct web_request *r)
{
	int64_t id;
	char *who = web_session_actor_name(r, &id);

	store_set_actor(r->st, who, id);
	free(who);
}

/*
 * After a sign-in: the role it opens the admin pages with, read now, and
 * the audit row that every sign-in to them leaves (SPEC §4).  A learner
 * without a role leaves none.  Returns 0, or -1 with *msg.
 */
static int admin_signed_in(struct web_request *r, char **msg)
{
	char *detail;
	int found, ret;

	if (!r->session.admin) {
		learner_clear(&r->learner);
		found = store_learner_by_id(r->st, r->session.learner_id,
					    &r->learner, msg);
		if (found <= 0)
			return found < 0 ? -1 : 0;
		snprintf(r->session.access, sizeof(r->session.access), "%s",
			 r->learner.access ? r->learner.access : "");
	}
	r->signed_in = 1;
	web_session_actor(r);
	if (!*r->session.access)
		return 0;
	detail = xasprintf("as %s", r->session.access);
	ret = store_audit(r->st, "signed in", detail, r->session.learner_id,
			  msg);
	free(detail);
	return ret;
}

int web_sign_in(struct web_request *r, struct web_response *res,
		int64_t learner_id, int admin)
{
	char *token = NULL, *msg = NULL;

	/* A new id at every sign-in: an id set before cannot be reused. */
	if (r->token)
		store_session_delete(r->st, r->token, &msg);
	free(msg);
	msg = NULL;
	if (store_session_create(r->st, learner_id, admin, SESSION_LIFETIME,
				 &token, &r->session, &msg) < 0) {
		web_fail(r, res, msg);
		free(msg);
		return -1;
	}
	free(res->set_cookie);
	res->set_cookie = cookie(r->https, SESSION_COOKIE, token,
				 SESSION_LIFETIME);
	free(r->token);
	r->token = token;
	if (admin_signed_in(r, &msg) < 0) {
		web_fail(r, res, msg);
		free(msg);
		return -1;
	}
	return 0;
}

void web_sign_out(struct web_request *r, struct web_response *res)
{
	char *msg = NULL;

	if (r->token && store_session_delete(r->st, r->token, &msg) < 0)
		free(msg);
	free(res->set_cookie);
	res->set_cookie = cookie(r->https, SESSION_COOKIE, "", 0);
	r->signed_in = 0;
}

/* Finds the session the cookie names, and its learner. */
static int resolve_session(struct web_request *r, char **msg)
{
	int found;

	if (!r->token || !*r->token)
		return 0;
	found = store_session_get(r->st, r->token, &r->session, msg);
	if (found <= 0)
		return found;
	if (!r->session.admin) {
		found = store_learner_by_id(r->st, r->session.learner_id,
					    &r->learner, msg);
		if (found <= 0)
			return found;
	}
	r->signed_in = 1;
	return 1;
}

/* Checks a POST's CSRF token: the session's, or the pre-sign-in cookie's. */
int web_csrf_ok(const struct web_request *r)
{
	const char *sent = web_form(r, "csrf");

	if (!sent || !r->csrf || !*r->csrf || strlen(sent) != strlen(r->csrf))
		return 0;
	return sodium_memcmp(sent, r->csrf, strlen(sent)) == 0;
}

/*
 * Finds r's session from its cookie, and the CSRF token r's forms must
 * carry: the session's, or before sign-in a double-submit cookie, made on
 * a GET that has none (*pre_cookie, its Set-Cookie value).  Returns 0, or
 * -1 with *msg.
 */
int web_session_find(struct web_request *r, struct MHD_Connection *con,
		     char **pre_cookie, char **msg)
{
	const char *v = cookie_value(con, r->https, SESSION_COOKIE);

	r->token = v && *v ? xstrdup(v) : NULL;
	if (resolve_session(r, msg) < 0)
		return -1;
	if (r->signed_in) {
		r->csrf = xstrdup(r->session.csrf);
		return 0;
	}
	v = cookie_value(con, r->https, CSRF_COOKIE);
	if (v && strlen(v) == 32) {
		r->csrf = xstrdup(v);
	} else if (!strcmp(r->method, "GET")) {
		unsigned char raw[16];

		/* Forms before sign-in: a double-submit cookie. */
		randombytes_buf(raw, sizeof(raw));
		r->csrf = xmalloc(33);
		sodium_bin2hex(r->csrf, 33, raw, sizeof(raw));
		*pre_cookie = cookie(r->https, CSRF_COOKIE, r->csrf,
				     SESSION_LIFETIME);
	}
	return 0;
}

/* The session cookie's value sent over this scheme, or NULL. */
const char *web_session_cookie(struct MHD_Connection *con, int https)
{
	return cookie_value(con, https, SESSION_COOKIE);
}
