/*
 * web-admin.c - the DSL's pages of `vigil serve`: sign-in with the admin
 * password, the exports and certificates, and what the other DSL pages
 * share (web-admin-records.c: the dashboard; web-admin-lists.c: the staff,
 * who is overdue and the completion grid, with their downloads;
 * web-admin-learner.c: a learner's history, and forgetting a person;
 * web-admin-import.c: importing the staff list).
 *
 * The core (web-route.c) lets only an admin session reach these routes; each
 * handler checks again, so that a mistake in the route table cannot open
 * the records.  The pages show what the commands show, through the same
 * library code: matrix.h for the dashboard and the lists, roster.h for import,
 * export.h for downloads.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "certificate.h"
#include "cpd.h"
#include "export.h"
#include "html.h"
#include "matrix.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/* ---- what the DSL's pages share ---- */

/*
 * Refuses anyone but the admin with 403.  The core checks this before any
 * handler here runs; this second check is so that a slip in a route table
 * cannot open the records.  Returns nonzero when refused.
 */
int web_admin_refused(const struct web_request *r, struct web_response *res)
{
	if (r->signed_in && r->session.admin)
		return 0;
	web_error_page(r, res, 403, "Not allowed",
		       "These pages are for the DSL only.");
	return 1;
}

/* A 500 page (web_fail), msg to the log and freed. */
int web_admin_failed(const struct web_request *r, struct web_response *res,
		     char *msg)
{
	web_fail(r, res, msg ? msg : "the records could not be read");
	free(msg);
	return -1;
}

/* A form value, whole (uploads may hold any bytes), or NULL. */
const struct web_kv *web_admin_form_field(const struct web_request *r,
					  const char *key)
{
	size_t i;

	for (i = 0; i < r->nform; i++)
		if (!strcmp(r->form[i].key, key))
			return &r->form[i];
	return NULL;
}

/* The CSS class that colours a state (web-page.c's stylesheet); the state is
 * always written out in words as well. */
const char *web_admin_state_class(enum cpd_state s)
{
	switch (s) {
	case CPD_VALID:
		return "s-valid";
	case CPD_NEVER:
		return "s-never";
	case CPD_IN_PROGRESS:
		return "s-progress";
	case CPD_NOT_PASSED:
		return "s-failed";
	case CPD_EXPIRED:
		return "s-expired";
	}
	abort();
}

/* A module as a heading or a cell: its title, then pack/module. */
void web_admin_module_label(struct buf *b, const struct matrix *m,
			    size_t mi)
{
	html_txt(b, *m->module_titles.v[mi] ? m->module_titles.v[mi] :
		    m->modules.v[mi]);
	html_raw(b, " <small>(");
	html_txt(b, m->packs.v[mi]);
	html_raw(b, "/");
	html_txt(b, m->modules.v[mi]);
	html_raw(b, ")</small>");
}

/*
 * Starts a table with its caption, inside a wrapper that scrolls sideways
 * on a narrow screen; the wrapper takes the keyboard focus, so that it can
 * be scrolled without a mouse, and is named by the caption.
 */
void web_admin_table_begin(struct buf *b, const char *caption)
{
	html_raw(b, "<div class=\"table\" role=\"region\" tabindex=\"0\" "
		 "aria-label=\"");
	html_attr(b, caption);
	html_raw(b, "\">\n<table>\n<caption>");
	html_txt(b, caption);
	html_raw(b, "</caption>\n");
}

/* The same for a list, whose rows stack on a phone (table.stack). */
void web_admin_stack_begin(struct buf *b, const char *caption)
{
	html_raw(b, "<div class=\"table\" role=\"region\" tabindex=\"0\" "
		 "aria-label=\"");
	html_attr(b, caption);
	html_raw(b, "\">\n<table class=\"stack\">\n<caption>");
	html_txt(b, caption);
	html_raw(b, "</caption>\n");
}

/* Builds the matrix for the whole school, or one learner: 0, or -1 after
 * a 500 page. */
int web_admin_build(struct web_request *r, struct web_response *res,
		    const char *learner_ref, struct matrix *m)
{
	char *msg = NULL;

	if (matrix_build(r->st, r->cfg->pack_dirs, r->cfg->plugin_dirs,
			 learner_ref, NULL, m, &msg) < 0)
		return web_admin_failed(r, res, msg);
	return 0;
}

/* ---- signing in and out ---- */

/* The password form, with an error above it if any. */
static void signin_form(struct web_request *r, struct web_response *res,
			int status, const char *err)
{
	struct buf *b = &res->body;

	res->status = status;
	b->len = 0;
	web_page_begin(b, r, "Sign in to the records");
	if (err) {
		html_raw(b, "<p class=\"error\" role=\"alert\">");
		html_txt(b, err);
		html_raw(b, "</p>\n");
	}
	html_raw(b, "<p>These pages are for the Designated Safeguarding Lead: "
		 "who has completed which training, who is overdue, and the "
		 "records to download.</p>\n"
		 "<form method=\"post\" action=\"/admin/signin\">\n");
	web_csrf_field(b, r);
	html_raw(b, "\n<label for=\"password\">Admin password</label>\n"
		 "<input type=\"password\" id=\"password\" name=\"password\" "
		 "autocomplete=\"current-password\" required>\n"
		 "<p><button type=\"submit\">Sign in</button></p>\n</form>\n");
	web_page_end(b);
}

/* A page saying that no password has been set, and how to set one. */
static void no_password(struct web_request *r, struct web_response *res,
			int status)
{
	struct buf *b = &res->body;

	res->status = status;
	b->len = 0;
	web_page_begin(b, r, "No admin password yet");
	html_raw(b, "<p>The records pages need a password, and none has been "
		 "set. On the server, run:</p>\n<pre><code>vigil admin "
		 "password</code></pre>\n<p>then come back to this "
		 "page.</p>\n");
	web_page_end(b);
}

/* The admin password's hash: 1 and *hash, 0 after the no-password page,
 * -1 after a 500 page. */
static int password_hash(struct web_request *r, struct web_response *res,
			 int status, char **hash)
{
	char *msg = NULL;
	int found = store_admin_password_get(r->st, hash, &msg);

	if (found < 0)
		return web_admin_failed(r, res, msg);
	if (!found)
		no_password(r, res, status);
	return found;
}

/* GET /admin/signin: the password form. */
static int signin_get(struct web_request *r, struct web_response *res)
{
	char *hash = NULL;
	int found;

	if (r->signed_in && r->session.admin) {
		web_redirect(res, "/admin");
		return 0;
	}
	found = password_hash(r, res, 200, &hash);
	free(hash);
	if (found > 0)
		signin_form(r, res, 200, NULL);
	return 0;
}

/*
 * Argon2id verifications running at once are bounded (VERIFY_MAX, about
 * the cores a school's server has): each takes tens of milliseconds of
 * one core and 64 MiB, so a flood of guesses waits its turn rather than
 * taking every core and all memory, and the rate of guesses stays bounded.
 */
#define VERIFY_MAX	2
static pthread_mutex_t verify_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t verify_free = PTHREAD_COND_INITIALIZER;
static int verifying;

/* Nonzero when pw is the password hash was made from. */
static int password_right(const char *hash, const struct web_kv *pw)
{
	int ok;

	if (!pw || !pw->len)
		return 0;
	pthread_mutex_lock(&verify_lock);
	while (verifying >= VERIFY_MAX)
		pthread_cond_wait(&verify_free, &verify_lock);
	verifying++;
	pthread_mutex_unlock(&verify_lock);
	ok = crypto_pwhash_str_verify(hash, pw->value, pw->len) == 0;
	pthread_mutex_lock(&verify_lock);
	verifying--;
	pthread_cond_signal(&verify_free);
	pthread_mutex_unlock(&verify_lock);
	return ok;
}

/*
 * POST /admin/signin: checks the password against its Argon2id hash.  A
 * wrong password gets the form again, saying only that it is wrong, or
 * 429 once this client or the admin account has had too many wrong ones
 * lately; the right one is never refused, and clears both counts.
 */
static int signin_post(struct web_request *r, struct web_response *res)
{
	const struct web_kv *pw = web_admin_form_field(r, "password");
	char *hash = NULL;
	int found, ok;

	found = password_hash(r, res, 403, &hash);
	if (found <= 0)
		return found;
	ok = password_right(hash, pw);
	free(hash);
	if (!ok) {
		if (web_signin_failed(r, "admin"))
			web_too_many_tries(r, res);
		else
			signin_form(r, res, 401, "That password is not "
				    "right.");
		return 0;
	}
	if (web_sign_in(r, res, 0, 1) < 0)
		return -1;
	web_signin_succeeded(r, "admin");
	web_redirect(res, "/admin");
	return 0;
}

/* POST /admin/signout. */
static int signout_post(struct web_request *r, struct web_response *res)
{
	if (web_admin_refused(r, res))
		return -1;
	web_sign_out(r, res);
	web_redirect(res, "/");
	return 0;
}

/* ---- downloads and certificates ---- */

static const struct download {
	const char *path, *format, *type, *extension;
} downloads[] = {
	{ "/admin/export.csv", "csv", "text/csv; charset=utf-8", "csv" },
	{ "/admin/export.json", "json", "application/json", "json" },
	{ "/admin/export.xapi.json", "xapi", "application/json", "xapi.json" },
};

/* GET /admin/export.*: every attempt through the exporter plugin, as a
 * file to save (as `vigil export --format F`). */
static int export_get(struct web_request *r, struct web_response *res)
{
	const struct download *dl = NULL;
	struct attempt_filter f = { 0 };
	struct export_options o = { EXPORT_BASE_DEFAULT, EXPORT_LANGUAGE, &f };
	char today[DATE_LEN], *path = NULL, *data = NULL, *msg = NULL;
	size_t i, size = 0;
	FILE *out;
	int ret;

	if (web_admin_refused(r, res))
		return -1;
	for (i = 0; i < ARRAY_SIZE(downloads); i++)
		if (!strcmp(r->path, downloads[i].path))
			dl = &downloads[i];
	if (!dl) {
		web_error_page(r, res, 404, "Page not found",
			       "There is no download at this address.");
		return 0;
	}
	path = export_find(r->cfg->plugin_dirs, dl->format);
	if (!path) {
		msg = xasprintf("no exporter for the format '%s' is installed",
				dl->format);
		return web_admin_failed(r, res, msg);
	}
	out = open_memstream(&data, &size);
	if (!out) {
		free(path);
		return web_admin_failed(r, res, xasprintf("cannot make the download: %s",
						strerror(errno)));
	}
	ret = export_run(r->st, path, &o, out, "the download", &msg);
	if (fclose(out) != 0 && ret == 0) {
		msg = xasprintf("cannot make the download: %s",
				strerror(errno));
		ret = -1;
	}
	free(path);
	if (ret < 0) {
		free(data);
		return web_admin_failed(r, res, msg);
	}
	fmt_date(vigil_now(), today);
	res->type = dl->type;
	free(res->filename);
	res->filename = xasprintf("vigil-records-%s.%s", today, dl->extension);
	buf_add(&res->body, data, size);
	free(data);
	return 0;
}

/* GET /admin/attempts/ID/certificate: the printable certificate of a
 * pass. */
static int certificate_get(struct web_request *r, struct web_response *res)
{
	struct attempt a;
	char *msg = NULL;
	int64_t id;
	int found;

	if (web_admin_refused(r, res))
		return -1;
	memset(&a, 0, sizeof(a));
	id = (int64_t)web_number(web_arg(r, 0), INT64_MAX);
	found = !id ? 0 : store_attempt_get(r->st, id, &a, &msg);
	if (found < 0)
		return web_admin_failed(r, res, msg);
	if (!found || a.status != ATTEMPT_PASSED || !a.certificate)
		web_error_page(r, res, 404, "No certificate",
			       "There is no certificate for that attempt: it "
			       "does not exist, or it was not passed.");
	else {
		certificate_page(&res->body, &a);
		res->csp = certificate_csp();
	}
	attempt_clear(&a);
	return 0;
}

const struct web_route web_admin_routes[] = {
	{ "GET", "/admin/signin", signin_get, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/admin/signin", signin_post, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/admin/signout", signout_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/export.csv", export_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/export.json", export_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/export.xapi.json", export_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/attempts/*/certificate", certificate_get, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
