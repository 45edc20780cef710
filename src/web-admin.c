/*
 * web-admin.c - the DSL's pages of `vigil serve`: sign-in with the admin
 * password, the completion matrix, who is overdue, a learner's history,
 * importing the staff list, the exports, and forgetting a person.
 *
 * The core (web.c) lets only an admin session reach these routes; each
 * handler checks again, so that a mistake in the route table cannot open
 * the records.  The pages show what the commands show, through the same
 * library code: matrix.h for records and overdue, roster.h for import,
 * export.h for downloads.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "certificate.h"
#include "cpd.h"
#include "diag.h"
#include "export.h"
#include "html.h"
#include "matrix.h"
#include "roster.h"
#include "sessioncache.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/* An uploaded roster, as named in its diagnostics. */
#define UPLOAD_NAME	"the file"

/* ---- helpers ---- */

/* "1 attempt", "2 attempts". */
static const char *plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/*
 * Refuses anyone but the admin with 403.  The core checks this before any
 * handler here runs; this second check is so that a slip in a route table
 * cannot open the records.  Returns nonzero when refused.
 */
static int refused(const struct web_request *r, struct web_response *res)
{
	if (r->signed_in && r->session.admin)
		return 0;
	web_error_page(r, res, 403, "Not allowed",
		       "These pages are for the DSL only.");
	return 1;
}

/* A 500 page (web_fail), msg to the log and freed. */
static int failed(const struct web_request *r, struct web_response *res,
		  char *msg)
{
	web_fail(r, res, msg ? msg : "the records could not be read");
	free(msg);
	return -1;
}

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
		return failed(r, res, msg);
	if (!found)
		web_error_page(r, res, 404, "No such person",
			       "There is nobody with that number in the "
			       "roster; they may have been forgotten.");
	return found;
}

/* A form value, whole (uploads may hold any bytes), or NULL. */
static const struct web_kv *form_field(const struct web_request *r,
				       const char *key)
{
	size_t i;

	for (i = 0; i < r->nform; i++)
		if (!strcmp(r->form[i].key, key))
			return &r->form[i];
	return NULL;
}

/* The CSS class that colours a state (web.c's stylesheet); the state is
 * always written out in words as well. */
static const char *state_class(enum cpd_state s)
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

/* A link to a learner's history, showing their name. */
static void learner_link(struct buf *b, const struct learner *l)
{
	html_raw(b, "<a href=\"/admin/learners/");
	html_txtf(b, "%" PRId64, l->id);
	html_raw(b, "\">");
	html_txt(b, l->name);
	html_raw(b, "</a>");
}

/* A module as a heading or a cell: its title, then pack/module. */
static void module_label(struct buf *b, const struct matrix *m, size_t mi)
{
	html_txt(b, *m->module_titles.v[mi] ? m->module_titles.v[mi] :
		    m->modules.v[mi]);
	html_raw(b, " <small>(");
	html_txt(b, m->packs.v[mi]);
	html_raw(b, "/");
	html_txt(b, m->modules.v[mi]);
	html_raw(b, ")</small>");
}

/* A stored time as "YYYY-MM-DD HH:MM UTC" in a <time>, or "-". */
static void time_cell(struct buf *b, const char *t)
{
	if (!t || strlen(t) < 16) {
		html_raw(b, "-");
		return;
	}
	html_raw(b, "<time datetime=\"");
	html_attr(b, t);
	html_raw(b, "\">");
	html_txtf(b, "%.10s %.5s UTC", t, t + 11);
	html_raw(b, "</time>");
}

/*
 * Starts a table with its caption, inside a wrapper that scrolls sideways
 * on a narrow screen; the wrapper takes the keyboard focus, so that it can
 * be scrolled without a mouse, and is named by the caption.
 */
static void table_begin(struct buf *b, const char *caption)
{
	html_raw(b, "<div class=\"table\" role=\"region\" tabindex=\"0\" "
		 "aria-label=\"");
	html_attr(b, caption);
	html_raw(b, "\">\n<table>\n<caption>");
	html_txt(b, caption);
	html_raw(b, "</caption>\n");
}

/* Builds the matrix for the whole school, or one learner: 0, or -1 after
 * a 500 page. */
static int build(struct web_request *r, struct web_response *res,
		 const char *learner_ref, struct matrix *m)
{
	char *msg = NULL;

	if (matrix_build(r->st, r->cfg->pack_dirs, r->cfg->plugin_dirs,
			 learner_ref, NULL, m, &msg) < 0)
		return failed(r, res, msg);
	return 0;
}

/* Says which packs are left out for their errors. */
static void broken_packs(struct buf *b, const struct matrix *m)
{
	size_t i;

	for (i = 0; i < m->broken.n; i++) {
		html_raw(b, "<p class=\"notice\">The pack <strong>");
		html_txt(b, m->broken.v[i]);
		html_raw(b, "</strong> has errors, so its modules are not "
			 "counted. On the server, run <code>vigil pack check ");
		html_txt(b, m->broken_dirs.v[i]);
		html_raw(b, "</code> to see them.</p>\n");
	}
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
		return failed(r, res, msg);
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
	const struct web_kv *pw = form_field(r, "password");
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
	if (refused(r, res))
		return -1;
	web_sign_out(r, res);
	web_redirect(res, "/");
	return 0;
}

/* ---- the completion matrix and who is overdue ---- */

/* The links from the records page to everything else. */
static void records_nav(struct buf *b)
{
	html_raw(b, "<nav aria-label=\"Records\">\n<ul>\n"
		 "<li><a href=\"/admin/overdue\">Who is overdue</a></li>\n"
		 "<li><a href=\"/admin/import\">Import the staff list "
		 "(CSV)</a></li>\n</ul>\n</nav>\n");
}

/* The downloads, as links. */
static void downloads_section(struct buf *b)
{
	html_raw(b, "<h2>Download the records</h2>\n<ul>\n"
		 "<li><a href=\"/admin/export.csv\">CSV</a>: one row per "
		 "attempt, for a spreadsheet</li>\n"
		 "<li><a href=\"/admin/export.json\">JSON</a>: every attempt "
		 "with its answers</li>\n"
		 "<li><a href=\"/admin/export.xapi.json\">xAPI</a>: statements "
		 "for a learning record store</li>\n</ul>\n");
}

/* GET /admin: every learner × every module, each cell in words and
 * colour. */
static int records_get(struct web_request *r, struct web_response *res)
{
	struct matrix m = MATRIX_INIT;
	struct buf *b = &res->body;
	char today[DATE_LEN], *caption;
	size_t li, mi, valid = 0, cols;

	if (refused(r, res))
		return -1;
	if (build(r, res, NULL, &m) < 0)
		goto out;
	fmt_date(vigil_now(), today);
	cols = matrix_columns(&m);
	web_page_begin(b, r, "Completion records");
	records_nav(b);
	broken_packs(b, &m);
	if (!m.nlearners) {
		html_raw(b, "<p>There is nobody in the roster yet. <a href="
			 "\"/admin/import\">Import the staff list</a>, or "
			 "staff add themselves when they sign in.</p>\n");
	} else if (!cols) {
		html_raw(b, "<p>No packs are installed, so there is nothing "
			 "to complete.</p>\n");
	} else {
		for (li = 0; li < m.nlearners; li++)
			for (mi = 0; mi < cols; mi++) {
				const char *date;

				valid += matrix_state(&m, li, mi, today,
						      &date) == CPD_VALID;
			}
		html_raw(b, "<p>");
		html_txtf(b, "On %s, %zu %s and %zu %s: %zu of %zu "
			  "completions are valid.", today, m.nlearners,
			  plural((long)m.nlearners, "person", "people"), cols,
			  plural((long)cols, "module", "modules"), valid,
			  m.nlearners * cols);
		html_raw(b, " <a href=\"/admin/overdue\">See who is "
			 "overdue</a>.</p>\n");
		caption = xasprintf("Every person and module, on %s", today);
		table_begin(b, caption);
		free(caption);
		html_raw(b, "<thead>\n<tr><th scope=\"col\">Person</th>");
		for (mi = 0; mi < cols; mi++) {
			html_raw(b, "<th scope=\"col\">");
			module_label(b, &m, mi);
			html_raw(b, "</th>");
		}
		html_raw(b, "</tr>\n</thead>\n<tbody>\n");
		for (li = 0; li < m.nlearners; li++) {
			html_raw(b, "<tr><th scope=\"row\">");
			learner_link(b, &m.learners[li]);
			html_raw(b, "<br><small>");
			html_txt(b, m.learners[li].ref);
			html_raw(b, "</small></th>");
			for (mi = 0; mi < cols; mi++) {
				const char *date;
				enum cpd_state s = matrix_state(&m, li, mi,
								today, &date);
				char *text = matrix_describe(s, date);

				html_raw(b, "<td class=\"");
				html_attr(b, state_class(s));
				html_raw(b, "\">");
				html_txt(b, text);
				html_raw(b, "</td>");
				free(text);
			}
			html_raw(b, "</tr>\n");
		}
		html_raw(b, "</tbody>\n</table>\n</div>\n");
	}
	downloads_section(b);
	web_page_end(b);
out:
	matrix_free(&m);
	return 0;
}

/* GET /admin/overdue: who lacks a valid pass of what, and why (as
 * `vigil records --overdue`). */
static int overdue_get(struct web_request *r, struct web_response *res)
{
	struct matrix m = MATRIX_INIT;
	struct buf *b = &res->body, rows = BUF_INIT;
	char today[DATE_LEN], *caption;
	size_t li, mi, overdue = 0;

	if (refused(r, res))
		return -1;
	if (build(r, res, NULL, &m) < 0)
		goto out;
	fmt_date(vigil_now(), today);
	for (li = 0; li < m.nlearners; li++) {
		for (mi = 0; mi < matrix_columns(&m); mi++) {
			const char *date;
			enum cpd_state s = matrix_state(&m, li, mi, today,
							&date);
			char *text;

			if (s == CPD_VALID)
				continue;
			overdue++;
			text = matrix_describe(s, date);
			html_raw(&rows, "<tr><th scope=\"row\">");
			learner_link(&rows, &m.learners[li]);
			html_raw(&rows, "</th><td>");
			html_txt(&rows, m.learners[li].ref);
			html_raw(&rows, "</td><td>");
			module_label(&rows, &m, mi);
			html_raw(&rows, "</td><td class=\"");
			html_attr(&rows, state_class(s));
			html_raw(&rows, "\">");
			html_txt(&rows, text);
			html_raw(&rows, "</td></tr>\n");
			free(text);
		}
	}
	web_page_begin(b, r, "Who is overdue");
	html_raw(b, "<p><a href=\"/admin\">Back to the completion records"
		 "</a></p>\n");
	broken_packs(b, &m);
	html_raw(b, "<p>");
	if (!overdue) {
		html_txtf(b, "Nobody is overdue on %s.", today);
		html_raw(b, "</p>\n");
	} else {
		html_txtf(b, "%zu overdue on %s: everyone in the roster is "
			  "expected to hold a valid pass of every module of "
			  "every installed pack.", overdue, today);
		html_raw(b, "</p>\n");
		caption = xasprintf("Overdue on %s", today);
		table_begin(b, caption);
		free(caption);
		html_raw(b, "<thead>\n<tr><th scope=\"col\">Person"
			 "</th><th scope=\"col\">Ref</th><th scope=\"col\">"
			 "Module</th><th scope=\"col\">Why</th></tr>\n"
			 "</thead>\n<tbody>\n");
		buf_add(b, rows.s ? rows.s : "", rows.len);
		html_raw(b, "</tbody>\n</table>\n</div>\n");
	}
	web_page_end(b);
out:
	buf_free(&rows);
	matrix_free(&m);
	return 0;
}

/* ---- one learner ---- */

/* store_attempts callback: one row of a learner's history. */
static int history_row(void *ctx, const struct attempt *a)
{
	struct buf *b = ctx;

	html_raw(b, "<tr><td>");
	html_txtf(b, "%" PRId64, a->id);
	html_raw(b, "</td><td>");
	html_txt(b, a->module_title ? a->module_title : a->module);
	html_raw(b, " <small>(");
	html_txt(b, a->pack);
	html_raw(b, "/");
	html_txt(b, a->module);
	html_raw(b, ", version ");
	html_txt(b, a->pack_version);
	html_raw(b, ")</small></td><td>");
	if (a->status == ATTEMPT_PASSED || a->status == ATTEMPT_NOT_PASSED)
		html_txtf(b, "%s %d/%d (%d%%)", attempt_status_name(a->status),
			  a->score, a->max, a->percent);
	else
		html_txt(b, attempt_status_name(a->status));
	html_raw(b, "</td><td>");
	time_cell(b, a->started);
	html_raw(b, "</td><td>");
	time_cell(b, a->ended);
	html_raw(b, "</td><td>");
	html_txt(b, a->status != ATTEMPT_PASSED ? "-" :
		    a->expires ? a->expires : "never");
	html_raw(b, "</td><td>");
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
	char today[DATE_LEN], *caption;
	size_t mi;

	fmt_date(vigil_now(), today);
	html_raw(b, "<h2>Where they stand</h2>\n");
	if (!m->nlearners || !matrix_columns(m)) {
		html_raw(b, "<p>No packs are installed.</p>\n");
		return;
	}
	caption = xasprintf("Each module, on %s", today);
	table_begin(b, caption);
	free(caption);
	html_raw(b, "<thead>\n<tr><th scope=\"col\">Module</th>"
		 "<th scope=\"col\">Status</th></tr>\n</thead>\n<tbody>\n");
	for (mi = 0; mi < matrix_columns(m); mi++) {
		const char *date;
		enum cpd_state s = matrix_state(m, 0, mi, today, &date);
		char *text = matrix_describe(s, date);

		html_raw(b, "<tr><th scope=\"row\">");
		module_label(b, m, mi);
		html_raw(b, "</th><td class=\"");
		html_attr(b, state_class(s));
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

	if (refused(r, res))
		return -1;
	if (path_learner(r, res, &l) <= 0)
		return 0;
	if (build(r, res, l.ref, &m) < 0)
		goto out;
	f.learner = l.ref;
	if (store_attempts(r->st, &f, history_row, &rows, &msg) < 0) {
		failed(r, res, msg);
		goto out;
	}
	web_page_begin(b, r, l.name);
	html_raw(b, "<p><a href=\"/admin\">Back to the completion records"
		 "</a></p>\n<dl>\n");
	detail(b, "Reference", l.ref);
	detail(b, "Email", l.email);
	detail(b, "Role", l.role);
	detail(b, "In the roster since", l.added ? l.added : "");
	html_raw(b, "</dl>\n");
	standing(b, &m);
	html_raw(b, "<h2>Every attempt</h2>\n");
	if (!rows.len) {
		html_raw(b, "<p>No attempts yet.</p>\n");
	} else {
		table_begin(b, "Every attempt, oldest first");
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
		return failed(r, res, h.msg);
	*c = h.c;
	return 0;
}

/* GET /admin/learners/ID/forget: the confirmation page. */
static int forget_get(struct web_request *r, struct web_response *res)
{
	struct forget_counts c;
	struct learner l;

	if (refused(r, res))
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
	struct forget_counts c;
	struct buf *b = &res->body;
	struct learner l;
	char *msg = NULL;
	size_t n;
	int found;

	if (refused(r, res))
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
		return failed(r, res, msg);
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

/* ---- importing the staff list ---- */

/* The upload form, after the problems of a refused file if any. */
static void import_form(struct web_request *r, struct web_response *res,
			int status, const struct diags *d, const char *err)
{
	struct buf *b = &res->body;
	size_t i;

	res->status = status;
	b->len = 0;
	web_page_begin(b, r, "Import the staff list");
	if (err) {
		html_raw(b, "<p class=\"error\" role=\"alert\">");
		html_txt(b, err);
		html_raw(b, "</p>\n");
	}
	if (d && d->errors) {
		html_raw(b, "<div role=\"alert\">\n<p class=\"error\">");
		html_txtf(b, "Nothing was imported: the file has %zu %s. Fix "
			  "%s in the spreadsheet and import it again.",
			  d->errors, plural((long)d->errors, "problem",
					    "problems"),
			  d->errors == 1 ? "it" : "them");
		html_raw(b, "</p>\n<ul>\n");
		for (i = 0; i < d->n; i++) {
			html_raw(b, "<li>");
			if (d->v[i].line > 0)
				html_txtf(b, "Line %d: ", d->v[i].line);
			html_txt(b, d->v[i].message);
			html_raw(b, "</li>\n");
		}
		html_raw(b, "</ul>\n</div>\n");
	}
	html_raw(b, "<p>Save the staff list from the spreadsheet as CSV (in "
		 "Excel: <em>CSV UTF-8</em>). Its first line names the "
		 "columns: <code>ref,name,email,role</code>, in any order; "
		 "email and role may be left out. Someone already in the "
		 "roster is updated. If any row has a problem, nothing is "
		 "imported and every problem is listed by line.</p>\n"
		 "<form method=\"post\" action=\"/admin/import\" "
		 "enctype=\"multipart/form-data\">\n");
	web_csrf_field(b, r);
	html_raw(b, "\n<label for=\"file\">The staff list (a CSV file)"
		 "</label>\n<input type=\"file\" id=\"file\" name=\"file\" "
		 "accept=\".csv,text/csv\" required>\n"
		 "<p><button type=\"submit\">Import</button></p>\n</form>\n"
		 "<p><a href=\"/admin\">Back to the completion records</a>"
		 "</p>\n");
	web_page_end(b);
}

/* GET /admin/import: the form. */
static int import_get(struct web_request *r, struct web_response *res)
{
	if (refused(r, res))
		return -1;
	import_form(r, res, 200, NULL, NULL);
	return 0;
}

/* POST /admin/import: every row checked as `vigil learner import` checks
 * it; all imported, or none and every problem shown by line. */
static int import_post(struct web_request *r, struct web_response *res)
{
	const struct web_kv *file = form_field(r, "file");
	struct roster ro = ROSTER_INIT;
	struct diags d = DIAGS_INIT;
	struct buf *b = &res->body;
	char *msg = NULL;
	int added, updated;

	if (refused(r, res))
		return -1;
	if (!file) {
		import_form(r, res, 400, NULL, "Choose the CSV file to "
			    "import.");
		return 0;
	}
	if (roster_read(&ro, UPLOAD_NAME, file->value, file->len, &d) < 0) {
		diag_sort(&d);
		import_form(r, res, 400, &d, NULL);
		goto out;
	}
	if (roster_import(r->st, &ro, &added, &updated, &msg) < 0) {
		failed(r, res, xasprintf("nothing was imported: %s", msg));
		goto out;
	}
	web_page_begin(b, r, "Staff list imported");
	html_raw(b, "<p role=\"status\">");
	html_txtf(b, "Imported %zu %s: %d added, %d updated, %zu unchanged.",
		  ro.n, plural((long)ro.n, "person", "people"), added, updated,
		  ro.n - (size_t)added - (size_t)updated);
	html_raw(b, "</p>\n<p><a href=\"/admin\">Back to the completion "
		 "records</a></p>\n");
	web_page_end(b);
out:
	free(msg);
	roster_free(&ro);
	diag_free(&d);
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

	if (refused(r, res))
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
		return failed(r, res, msg);
	}
	out = open_memstream(&data, &size);
	if (!out) {
		free(path);
		return failed(r, res, xasprintf("cannot make the download: %s",
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
		return failed(r, res, msg);
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

	if (refused(r, res))
		return -1;
	memset(&a, 0, sizeof(a));
	id = (int64_t)web_number(web_arg(r, 0), INT64_MAX);
	found = !id ? 0 : store_attempt_get(r->st, id, &a, &msg);
	if (found < 0)
		return failed(r, res, msg);
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
	{ "GET", "/admin", records_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/overdue", overdue_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/learners/*", learner_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/learners/*/forget", forget_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/learners/*/forget", forget_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/import", import_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/import", import_post, WEB_ADMIN, WEB_BODY_UPLOAD },
	{ "GET", "/admin/export.csv", export_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/export.json", export_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/export.xapi.json", export_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/attempts/*/certificate", certificate_get, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
