/*
 * web-admin-audit.c - the audit log in the DSL's pages (SPEC §4): who
 * signed in to the admin pages and who changed the roster, roles, groups,
 * assignments and settings, newest first, as `vigil audit` prints it
 * oldest first; and the whole log as a spreadsheet.  Viewers see it too:
 * a head or a governor checking the school's records is who it is for.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "html.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

#define AUDIT_PAGE_ROWS	50

/* Rows of the log, in the order the store walks them. */
struct rows {
	struct strv at, actor, action, detail;
};

/* store_audit_walk callback: keeps a row. */
static int keep_row(void *ctx, const struct audit_entry *e)
{
	struct rows *rs = ctx;

	strv_push(&rs->at, e->at);
	strv_push(&rs->actor, e->actor);
	strv_push(&rs->action, e->action);
	strv_push(&rs->detail, e->detail);
	return 0;
}

static void rows_free(struct rows *rs)
{
	strv_free(&rs->at);
	strv_free(&rs->actor);
	strv_free(&rs->action);
	strv_free(&rs->detail);
}

/* GET /admin/audit[?page=N]: the log, newest first, 50 to a page, read
 * a page at a time so that years of it cost no more than a week. */
static int audit_get(struct web_request *r, struct web_response *res)
{
	struct rows rs = { STRV_INIT, STRV_INIT, STRV_INIT, STRV_INIT };
	struct buf *b = &res->body;
	const char *p = web_query(r, "page");
	char *msg = NULL;
	int64_t n;
	size_t page = 1, pages, i;

	if (web_admin_refused(r, res))
		return -1;
	if (p && *p) {
		page = (size_t)web_number(p, 1000000);
		if (!page) {
			web_error_page(r, res, 400, "No such page", "The page "
				       "number is not a whole number from 1.");
			return 0;
		}
	}
	if (store_audit_count(r->st, &n, &msg) < 0)
		return web_admin_failed(r, res, msg);
	pages = n ? ((size_t)n + AUDIT_PAGE_ROWS - 1) / AUDIT_PAGE_ROWS : 1;
	if (page > pages)
		page = pages;
	if (store_audit_newest(r->st, (int64_t)((page - 1) * AUDIT_PAGE_ROWS),
			       AUDIT_PAGE_ROWS, keep_row, &rs, &msg) < 0) {
		rows_free(&rs);
		return web_admin_failed(r, res, msg);
	}
	web_page_begin_wide(b, r, "Audit log");
	html_raw(b, "<p><a href=\"/admin\">Back to the dashboard</a></p>\n"
		 "<p>Who signed in to these pages and who changed the staff "
		 "list, roles, groups, assignments and settings, newest "
		 "first. Each change was written in the same step as the "
		 "change itself. A person who has been erased is no longer "
		 "named.</p>\n<p><a href=\"/admin/audit.csv\">Download as CSV "
		 "(spreadsheet)</a></p>\n");
	if (!n) {
		html_raw(b, "<p>Nothing has been recorded yet.</p>\n");
		goto end;
	}
	web_admin_stack_begin(b, "The audit log, newest first");
	html_raw(b, "<thead>\n<tr><th scope=\"col\">When</th>"
		 "<th scope=\"col\">Who</th><th scope=\"col\">What</th>"
		 "<th scope=\"col\">Details</th></tr>\n</thead>\n<tbody>\n");
	for (i = 0; i < rs.at.n; i++) {
		html_raw(b, "<tr><td data-label=\"When\">");
		web_time(b, rs.at.v[i]);
		html_raw(b, "</td><td data-label=\"Who\">");
		html_txt(b, rs.actor.v[i]);
		html_raw(b, "</td><td data-label=\"What\">");
		html_txt(b, rs.action.v[i]);
		html_raw(b, "</td><td data-label=\"Details\">");
		html_txt(b, rs.detail.v[i]);
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n</div>\n");
	web_admin_pager(b, "Pages", "/admin/audit", "page", NULL, page, pages);
end:
	web_page_end(b);
	rows_free(&rs);
	return 0;
}

/* GET /admin/audit.csv: the whole log, oldest first (as `vigil audit`),
 * safe to open in a spreadsheet. */
static int audit_csv_get(struct web_request *r, struct web_response *res)
{
	static const char *const head[] = { "time", "actor", "action",
		"detail" };
	struct rows rs = { STRV_INIT, STRV_INIT, STRV_INIT, STRV_INIT };
	char today[DATE_LEN], *msg = NULL;
	size_t i;

	if (web_admin_refused(r, res))
		return -1;
	if (store_audit_walk(r->st, NULL, keep_row, &rs, &msg) < 0) {
		rows_free(&rs);
		return web_admin_failed(r, res, msg);
	}
	buf_adds(&res->body, "\xef\xbb\xbf");
	csv_row_add(&res->body, head, ARRAY_SIZE(head));
	for (i = 0; i < rs.at.n; i++) {
		const char *row[] = { rs.at.v[i], rs.actor.v[i],
			rs.action.v[i], rs.detail.v[i] };

		csv_row_add(&res->body, row, ARRAY_SIZE(row));
	}
	fmt_date(vigil_now(), today);
	res->type = "text/csv; charset=utf-8";
	free(res->filename);
	res->filename = xasprintf("vigil-audit-%s.csv", today);
	rows_free(&rs);
	return 0;
}

const struct web_route web_admin_audit_routes[] = {
	{ "GET", "/admin/audit", audit_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/audit.csv", audit_csv_get, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
