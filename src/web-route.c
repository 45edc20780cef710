/*
 * web-route.c - routing in `vigil serve`: a request's path matched
 * against the route tables of the page families (web-*.c), and who may
 * use each route: an admin route needs a session with an admin role, and
 * only the dsl and deputies may POST to one.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "web.h"
#include "web-internal.h"

/* Matches path against pattern, segment by segment, filling r->args. */
int web_match(struct web_request *r, const char *pattern)
{
	const char *p = r->path, *q = pattern;
	size_t i;

	for (i = 0; i < r->nargs; i++)
		free(r->args[i]);
	r->nargs = 0;
	for (;;) {
		size_t pl, ql;

		if (*p != '/' || *q != '/')
			return *p == *q;
		p++, q++;
		pl = strcspn(p, "/");
		ql = strcspn(q, "/");
		if (ql == 1 && *q == '*') {
			if (!pl || r->nargs == ARRAY_SIZE(r->args))
				return 0;
			r->args[r->nargs++] = xstrndup(p, pl);
		} else if (pl != ql || strncmp(p, q, pl)) {
			return 0;
		}
		p += pl;
		q += ql;
	}
}

/* Every page family's routes, in the order they are tried. */
const struct web_route *const web_route_tables[] = { web_page_routes,
	web_signin_routes, web_take_routes, web_training_routes,
	web_verify_routes,
	web_admin_routes, web_admin_records_routes, web_admin_lists_routes,
	web_admin_staff_routes, web_admin_links_routes, web_admin_audit_routes,
	web_admin_forget_routes, web_admin_groups_routes,
	web_admin_settings_routes, web_admin_import_routes,
	web_admin_reminders_routes };
const size_t web_route_ntables = ARRAY_SIZE(web_route_tables);

/* The route for r's method and path, or NULL (*path_found says whether
 * another method has one); r->args hold its "*" segments. */
const struct web_route *web_route_find(struct web_request *r,
					  int *path_found)
{
	const struct web_route *t;
	size_t i;

	*path_found = 0;
	for (i = 0; i < web_route_ntables; i++) {
		for (t = web_route_tables[i]; t->method; t++) {
			if (!web_match(r, t->pattern))
				continue;
			*path_found = 1;
			if (!strcmp(t->method, r->method))
				return t;
		}
	}
	return NULL;
}

void web_route(struct web_request *r, struct web_response *res,
	       const struct web_route *t, int path_found)
{
	if (!t && path_found)
		web_error_page(r, res, 405, "Not allowed",
			       "That page cannot be used that way.");
	else if (!t)
		web_error_page(r, res, 404, "Page not found",
			       "There is no page at this address.");
	else if (t->who == WEB_ADMIN && !r->signed_in)
		web_redirect(res, "/admin/signin");
	else if (t->who == WEB_ADMIN && web_admin_refused(r, res))
		return;	/* no role, or a viewer's POST: 403 */
	else if (t->who == WEB_LEARNER && !(r->signed_in &&
					    !r->session.admin))
		web_redirect(res, "/");
	else
		t->handler(r, res);
}
