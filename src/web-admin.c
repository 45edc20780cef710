/*
 * web-admin.c - the DSL's pages of `vigil serve`: sign-in with a role
 * holder's password or the set-up account's, the exports and
 * certificates, and what the other DSL pages share (web-admin-records.c:
 * the dashboard; web-admin-lists.c: the staff, who is overdue and the
 * completion grid, with their downloads; web-admin-staff.c: one person,
 * their details, role and history; web-admin-links.c: their sign-in
 * link; web-admin-forget.c: forgetting a person; web-admin-groups.c:
 * groups and assignments; web-admin-settings.c: the school's settings;
 * web-admin-import.c: importing the staff list; web-admin-reminders.c:
 * reminders and the mail log).
 *
 * The core (web-route.c) lets only a session with an admin role reach
 * these routes, and refuses a viewer's POST; each handler checks again,
 * so that a mistake in the route table cannot open the records.  The
 * pages show what the commands show, through the same library code:
 * matrix.h for the dashboard and the lists, roster.h for import,
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

/* Nonzero when r's session may change the records (dsl, deputy). */
int web_admin_may_change(const struct web_request *r)
{
	return r->signed_in && (!strcmp(r->session.access, "dsl") ||
				!strcmp(r->session.access, "deputy"));
}

/*
 * Refuses with 403 anyone who holds no admin role, and a viewer's POST:
 * every state-changing request is a POST, so a viewer sees every page and
 * changes nothing.  The core checks this before any handler here runs;
 * this second check is so that a slip in a route table cannot open the
 * records.  Returns nonzero when refused.
 */
int web_admin_refused(const struct web_request *r, struct web_response *res)
{
	char *lead, *text;

	if (r->signed_in && *r->session.access &&
	    (strcmp(r->method, "POST") || web_admin_may_change(r)))
		return 0;
	lead = web_setting(r, "lead_short");
	if (r->signed_in && *r->session.access)
		text = xasprintf("Viewers can see these pages but not change "
				 "anything. Ask the %s if something needs "
				 "changing.", lead);
	else
		text = xasprintf("These pages are for the %s only.", lead);
	web_error_page(r, res, 403, "Not allowed", text);
	free(text);
	free(lead);
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
 * Starts a table (of class cls, or none) with its caption, inside a box
 * that scrolls sideways when the table is wider than the screen; the box
 * takes the keyboard focus, so that it can be scrolled without a mouse,
 * and is named by the caption.  The caption's id is where it starts in
 * the page, which no other table of the page shares.
 */
static void table_begin(struct buf *b, const char *caption, const char *cls)
{
	char id[40];

	snprintf(id, sizeof(id), "caption-%zu", b->len);
	html_raw(b, "<div class=\"table\" role=\"region\" tabindex=\"0\" "
		 "aria-labelledby=\"");
	html_attr(b, id);
	html_raw(b, "\">\n<table");
	if (cls) {
		html_raw(b, " class=\"");
		html_attr(b, cls);
		html_raw(b, "\"");
	}
	html_raw(b, ">\n<caption id=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	html_txt(b, caption);
	html_raw(b, "</caption>\n");
}

void web_admin_table_begin(struct buf *b, const char *caption)
{
	table_begin(b, caption, NULL);
}

void web_admin_pager(struct buf *b, const char *label, const char *path,
		     const char *param, const char *anchor, size_t page,
		     size_t pages)
{
	const char *hash = anchor ? "#" : "", *to = anchor ? anchor : "";

	if (pages < 2)
		return;
	html_raw(b, "<nav class=\"pager\" aria-label=\"");
	html_attr(b, label);
	html_raw(b, "\">\n");
	if (page > 1)
		buf_addf(b, "<a href=\"%s?%s=%zu%s%s\" rel=\"prev\">Previous "
			 "page</a>\n", path, param, page - 1, hash, to);
	buf_addf(b, "<span>Page %zu of %zu</span>\n", page, pages);
	if (page < pages)
		buf_addf(b, "<a href=\"%s?%s=%zu%s%s\" rel=\"next\">Next "
			 "page</a>\n", path, param, page + 1, hash, to);
	html_raw(b, "</nav>\n");
}

void web_admin_stack_begin(struct buf *b, const char *caption)
{
	table_begin(b, caption, "stack");
}

/* Writes the notice ?done=CODE names, from a page's own list of them:
 * the address carries a code, never text to show. */
void web_admin_notice(struct buf *b, const struct web_request *r,
		      const struct web_notice *notices)
{
	const char *done = web_query(r, "done");

	for (; done && notices->code; notices++) {
		if (strcmp(done, notices->code))
			continue;
		html_raw(b, "<p class=\"notice\" role=\"status\">");
		html_txt(b, notices->text);
		html_raw(b, "</p>\n");
		return;
	}
}

/* "There is a problem" above a form, linking to the field to fix. */
void web_admin_problem(struct buf *b, const char *field, const char *msg)
{
	html_raw(b, "<div class=\"notice\" role=\"alert\">\n<h2>There is a "
		 "problem</h2>\n<p><a href=\"#");
	html_attr(b, field);
	html_raw(b, "\">");
	html_txt(b, msg);
	html_raw(b, "</a></p>\n</div>\n");
}

/* A labelled field, its hint and its error tied to it for screen
 * readers, keeping what was typed. */
void web_admin_field(struct buf *b, const struct web_field *f)
{
	html_raw(b, "<p><label for=\"");
	html_attr(b, f->name);
	html_raw(b, "\">");
	html_txt(b, f->label);
	html_raw(b, "</label>\n");
	if (f->hint) {
		html_raw(b, "<span id=\"");
		html_attr(b, f->name);
		html_raw(b, "-hint\">");
		html_txt(b, f->hint);
		html_raw(b, "</span>\n");
	}
	if (f->error) {
		html_raw(b, "<span class=\"error\" id=\"");
		html_attr(b, f->name);
		html_raw(b, "-error\">");
		html_txt(b, f->error);
		html_raw(b, "</span>\n");
	}
	html_raw(b, "<input type=\"");
	html_attr(b, f->type);
	html_raw(b, "\" id=\"");
	html_attr(b, f->name);
	html_raw(b, "\" name=\"");
	html_attr(b, f->name);
	html_raw(b, "\" value=\"");
	html_attr(b, f->value ? f->value : "");
	html_raw(b, "\"");
	if (f->hint || f->error) {
		html_raw(b, " aria-describedby=\"");
		if (f->hint) {
			html_attr(b, f->name);
			html_raw(b, "-hint");
		}
		if (f->error) {
			html_raw(b, f->hint ? " " : "");
			html_attr(b, f->name);
			html_raw(b, "-error");
		}
		html_raw(b, "\"");
	}
	if (f->error)
		html_raw(b, " aria-invalid=\"true\"");
	if (f->attrs) {
		html_raw(b, " ");
		html_raw(b, f->attrs);
	}
	html_raw(b, "></p>\n");
}

/* "/admin/staff/REF" and a suffix, the ref percent-encoded so that any
 * reference makes one path segment (malloc'd; safe in an attribute). */
char *web_admin_staff_path(const char *ref, const char *suffix)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "/admin/staff/");
	html_url_part(&b, ref);
	buf_adds(&b, suffix);
	return buf_detach(&b);
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

/*
 * The sign-in form: a staff reference or email and a password, or the
 * password alone for the school's set-up account; err linked to the
 * field it is about, and the reference kept as typed.
 */
static void signin_form(struct web_request *r, struct web_response *res,
			int status, const char *err, const char *who,
			int setup_password)
{
	struct web_field f = { "who", "Staff reference or email", "text", who,
		"Leave this empty to use the school's set-up account.", NULL,
		"autocomplete=\"username\" spellcheck=\"false\" "
		"autocapitalize=\"none\"" };
	struct buf *b = &res->body;
	char *title = web_setting(r, "lead_title");

	res->status = status;
	b->len = 0;
	web_page_begin(b, r, "Sign in to the records");
	if (err)
		web_admin_problem(b, "password", err);
	html_raw(b, "<p>These pages are for the ");
	html_txt(b, title);
	html_raw(b, " and the staff who help them: who has completed which "
		 "training, who is overdue, and the records to download.</p>\n");
	free(title);
	if (!setup_password)
		html_raw(b, "<p>The school's set-up account has no password "
			 "yet. On the server, run:</p>\n<pre><code>vigil admin "
			 "password</code></pre>\n<p>then come back to this "
			 "page.</p>\n");
	html_raw(b, "<form method=\"post\" action=\"/admin/signin\">\n");
	web_csrf_field(b, r);
	html_raw(b, "\n");
	web_admin_field(b, &f);
	html_raw(b, "<p><label for=\"password\">Admin password</label>\n");
	if (err) {
		html_raw(b, "<span class=\"error\" id=\"password-error\">");
		html_txt(b, err);
		html_raw(b, "</span>\n");
	}
	html_raw(b, "<input type=\"password\" id=\"password\" name=\"password\" "
		 "autocomplete=\"current-password\" required");
	if (err)
		html_raw(b, " aria-describedby=\"password-error\" "
			 "aria-invalid=\"true\"");
	html_raw(b, "></p>\n<p><button type=\"submit\">Sign in</button></p>\n"
		 "</form>\n");
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
	html_raw(b, "<p>The school's set-up account needs a password, and none "
		 "has been set. On the server, run:</p>\n<pre><code>vigil admin "
		 "password</code></pre>\n<p>then come back to this "
		 "page.</p>\n");
	web_page_end(b);
}

/* GET /admin/signin: the form. */
static int signin_get(struct web_request *r, struct web_response *res)
{
	char *hash = NULL, *msg = NULL;
	int found;

	if (r->signed_in && *r->session.access) {
		web_redirect(res, "/admin");
		return 0;
	}
	found = store_admin_password_get(r->st, &hash, &msg);
	free(hash);
	if (found < 0)
		return web_admin_failed(r, res, msg);
	signin_form(r, res, 200, NULL, NULL, found);
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

	if (!hash || !pw || !pw->len)
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

/* A form value without the spaces a phone keyboard adds at its ends. */
char *web_admin_trimmed(const struct web_request *r, const char *key)
{
	const char *v = web_form(r, key);
	size_t n;

	v = v ? v + strspn(v, " \t\r\n") : "";
	n = strlen(v);
	while (n && strchr(" \t\r\n", v[n - 1]))
		n--;
	return xstrndup(v, n);
}

/*
 * Hashes a password for a role holder (Argon2id at the limits `vigil
 * admin password` uses), waiting its turn as a check does.  Returns 0,
 * or -1 when out of memory.
 */
int web_admin_password_hash(const char *pw, size_t len, char *hash)
{
	int ret;

	pthread_mutex_lock(&verify_lock);
	while (verifying >= VERIFY_MAX)
		pthread_cond_wait(&verify_free, &verify_lock);
	verifying++;
	pthread_mutex_unlock(&verify_lock);
	ret = crypto_pwhash_str_alg(hash, pw, len,
				    crypto_pwhash_OPSLIMIT_INTERACTIVE,
				    crypto_pwhash_MEMLIMIT_INTERACTIVE,
				    crypto_pwhash_ALG_ARGON2ID13);
	pthread_mutex_lock(&verify_lock);
	verifying--;
	pthread_cond_signal(&verify_free);
	pthread_mutex_unlock(&verify_lock);
	return ret == 0 ? 0 : -1;
}

/*
 * The set-up account's sign-in: 1 signed in, 0 refused (after the page
 * that says so), -1 after a 500 page.
 */
static int signin_setup(struct web_request *r, struct web_response *res)
{
	char *hash = NULL, *msg = NULL;
	int found, ok;

	found = store_admin_password_get(r->st, &hash, &msg);
	if (found < 0)
		return web_admin_failed(r, res, msg);
	if (!found) {
		no_password(r, res, 403);
		return 0;
	}
	ok = password_right(hash, web_admin_form_field(r, "password"));
	free(hash);
	if (!ok) {
		if (web_signin_failed(r, "admin"))
			web_too_many_tries(r, res);
		else
			signin_form(r, res, 401, "That password is not "
				    "right.", NULL, 1);
		return 0;
	}
	if (web_sign_in(r, res, 0, 1) < 0)
		return -1;
	web_signin_succeeded(r, "admin");
	return 1;
}

/*
 * A role holder's sign-in with their own password: 1 signed in, 0
 * refused, -1 after a 500 page.  Someone unknown, without a role or a
 * password, or who has left gets the same answer as a wrong password,
 * after as long a check, so the form does not tell who holds a role.
 */
static int signin_person(struct web_request *r, struct web_response *res,
			 const char *who)
{
	const struct web_kv *pw = web_admin_form_field(r, "password");
	struct learner l = { 0 };
	char *hash = NULL, *msg = NULL;
	int found, ok = 0;

	found = store_learner_find(r->st, who, &l, &msg);
	if (found > 0)
		found = store_learner_password_get(r->st, l.id, &hash, &msg);
	if (found < 0) {
		learner_clear(&l);
		return web_admin_failed(r, res, msg);
	}
	if (found) {
		ok = password_right(hash, pw);
	} else if (store_admin_password_get(r->st, &hash, &msg) > 0) {
		/* As long as a real check, whatever its answer. */
		password_right(hash, pw);
	}
	free(hash);
	free(msg);
	if (!ok) {
		if (web_signin_failed(r, l.ref))
			web_too_many_tries(r, res);
		else
			signin_form(r, res, 401, "That reference and password "
				    "do not match.", who, 1);
		learner_clear(&l);
		return 0;
	}
	found = web_sign_in(r, res, l.id, 0) < 0 ? -1 : 1;
	if (found > 0)
		web_signin_succeeded(r, l.ref);
	learner_clear(&l);
	return found;
}

/*
 * POST /admin/signin: checks the password against its Argon2id hash, the
 * set-up account's when no reference is given.  A wrong password gets the
 * form again, saying only that it is wrong, or 429 once this client or
 * the account has had too many wrong ones lately; the right one is never
 * refused, and clears both counts.
 */
static int signin_post(struct web_request *r, struct web_response *res)
{
	char *who = web_admin_trimmed(r, "who");
	int ret;

	ret = *who ? signin_person(r, res, who) : signin_setup(r, res);
	free(who);
	if (ret > 0)
		web_redirect(res, "/admin");
	return ret < 0 ? -1 : 0;
}

/* POST /admin/signout: anyone may sign out, a viewer too. */
static int signout_post(struct web_request *r, struct web_response *res)
{
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
	char *base;
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
	/* Identifiers under the school's address (base_url), when set. */
	base = export_base_of(r->st, &msg);
	if (!base)
		return web_admin_failed(r, res, msg);
	o.base = base;
	path = export_find(r->cfg->plugin_dirs, dl->format);
	if (!path) {
		free(base);
		msg = xasprintf("no exporter for the format '%s' is installed",
				dl->format);
		return web_admin_failed(r, res, msg);
	}
	out = open_memstream(&data, &size);
	if (!out) {
		free(path);
		free(base);
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
	free(base);
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
		struct certificate_info info;

		certificate_info_load(r->st, &a, &info);
		certificate_page(&res->body, &a, &info, CERTIFICATE_STAFF);
		certificate_info_clear(&info);
		res->csp = certificate_csp(CERTIFICATE_STAFF);
	}
	attempt_clear(&a);
	return 0;
}

const struct web_route web_admin_routes[] = {
	{ "GET", "/admin/signin", signin_get, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/admin/signin", signin_post, WEB_PUBLIC, WEB_BODY_FORM },
	{ "POST", "/admin/signout", signout_post, WEB_PUBLIC, WEB_BODY_FORM },
	{ "GET", "/admin/export.csv", export_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/export.json", export_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/export.xapi.json", export_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/attempts/*/certificate", certificate_get, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};

char *web_admin_sentence(char *msg)
{
	size_t n = strlen(msg);
	char *out;

	if (n && msg[0] >= 'a' && msg[0] <= 'z')
		msg[0] = (char)(msg[0] - 'a' + 'A');
	if (n && msg[n - 1] == '.')
		return msg;
	out = xasprintf("%s.", msg);
	free(msg);
	return out;
}
