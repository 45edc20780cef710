/*
 * web-admin-import.c - importing the staff list in the DSL's pages of `vigil
 * serve`: a CSV uploaded and checked as `vigil learner import` checks it
 * (roster.h), all of it or none.
 */
#include "config.h"

#include <stdlib.h>

#include "diag.h"
#include "html.h"
#include "roster.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/* An uploaded roster, as named in its diagnostics. */
#define UPLOAD_NAME	"the file"

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
		 "columns: <code>ref,name,email,role,groups,start</code>, in "
		 "any order; all but ref and name may be left out. "
		 "<code>role</code> is the job (Teacher, Governor); "
		 "<code>groups</code> are separated by <code>;</code> "
		 "(Teaching staff;Year 3); <code>start</code> is the first day "
		 "in post, as YYYY-MM-DD. Someone already in the roster is "
		 "updated. If any row has a problem, nothing is "
		 "imported and every problem is listed by line.</p>\n");
	if (web_admin_may_change(r)) {
		html_raw(b, "<form method=\"post\" action=\"/admin/import\" "
			 "enctype=\"multipart/form-data\">\n");
		web_csrf_field(b, r);
		html_raw(b, "\n<label for=\"file\">The staff list (a CSV "
			 "file)</label>\n<input type=\"file\" id=\"file\" "
			 "name=\"file\" accept=\".csv,text/csv\" required>\n"
			 "<p><button type=\"submit\">Import</button></p>\n"
			 "</form>\n");
	} else {
		html_raw(b, "<p>As a viewer you can see this page, but not "
			 "import a staff list.</p>\n");
	}
	html_raw(b, "<p><a href=\"/admin\">Back to the completion records"
		 "</a></p>\n");
	web_page_end(b);
}

/* GET /admin/import: the form. */
static int import_get(struct web_request *r, struct web_response *res)
{
	if (web_admin_refused(r, res))
		return -1;
	import_form(r, res, 200, NULL, NULL);
	return 0;
}

/* POST /admin/import: every row checked as `vigil learner import` checks
 * it; all imported, or none and every problem shown by line. */
static int import_post(struct web_request *r, struct web_response *res)
{
	const struct web_kv *file = web_admin_form_field(r, "file");
	struct roster ro = ROSTER_INIT;
	struct diags d = DIAGS_INIT;
	struct buf *b = &res->body;
	char *msg = NULL;
	int added, updated;

	if (web_admin_refused(r, res))
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
		web_admin_failed(r, res, xasprintf("nothing was imported: %s", msg));
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

const struct web_route web_admin_import_routes[] = {
	{ "GET", "/admin/import", import_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/import", import_post, WEB_ADMIN, WEB_BODY_UPLOAD },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
