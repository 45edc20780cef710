/*
 * web-admin-records.c - the DSL's view of the whole school in `vigil
 * serve`: the completion matrix of every learner and module (matrix.h),
 * who is overdue, and the downloads of the records.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>

#include "cpd.h"
#include "html.h"
#include "matrix.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/* A link to a learner's history, showing their name. */
static void learner_link(struct buf *b, const struct learner *l)
{
	html_raw(b, "<a href=\"/admin/learners/");
	html_txtf(b, "%" PRId64, l->id);
	html_raw(b, "\">");
	html_txt(b, l->name);
	html_raw(b, "</a>");
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
	char today[DATE_LEN], words[WORDS_LEN], *caption;
	size_t li, mi, valid = 0, cols;

	if (web_admin_refused(r, res))
		return -1;
	if (web_admin_build(r, res, NULL, &m) < 0)
		goto out;
	fmt_date(vigil_now(), today);
	fmt_date_words(today, words, sizeof(words));
	cols = matrix_columns(&m);
	web_page_begin_wide(b, r, "Completion records");
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
			  "completions are valid.", words, m.nlearners,
			  plural((long)m.nlearners, "person", "people"), cols,
			  plural((long)cols, "module", "modules"), valid,
			  m.nlearners * cols);
		html_raw(b, " <a href=\"/admin/overdue\">See who is "
			 "overdue</a>.</p>\n");
		caption = xasprintf("Every person and module, on %s", words);
		web_admin_table_begin(b, caption);
		free(caption);
		html_raw(b, "<thead>\n<tr><th scope=\"col\">Person</th>");
		for (mi = 0; mi < cols; mi++) {
			html_raw(b, "<th scope=\"col\">");
			web_admin_module_label(b, &m, mi);
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
				char *text = matrix_describe_words(s,
								   date);

				html_raw(b, "<td class=\"");
				html_attr(b, web_admin_state_class(s));
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
	char today[DATE_LEN], words[WORDS_LEN], *caption;
	size_t li, mi, overdue = 0;

	if (web_admin_refused(r, res))
		return -1;
	if (web_admin_build(r, res, NULL, &m) < 0)
		goto out;
	fmt_date(vigil_now(), today);
	fmt_date_words(today, words, sizeof(words));
	for (li = 0; li < m.nlearners; li++) {
		for (mi = 0; mi < matrix_columns(&m); mi++) {
			const char *date;
			enum cpd_state s = matrix_state(&m, li, mi, today,
							&date);
			char *text;

			if (s == CPD_VALID)
				continue;
			overdue++;
			text = matrix_describe_words(s, date);
			html_raw(&rows, "<tr><th scope=\"row\" "
				 "data-label=\"Person\">");
			learner_link(&rows, &m.learners[li]);
			html_raw(&rows, "</th><td data-label=\"Ref\">");
			html_txt(&rows, m.learners[li].ref);
			html_raw(&rows, "</td><td data-label=\"Module\">");
			web_admin_module_label(&rows, &m, mi);
			html_raw(&rows, "</td><td data-label=\"Why\" "
				 "class=\"");
			html_attr(&rows, web_admin_state_class(s));
			html_raw(&rows, "\">");
			html_txt(&rows, text);
			html_raw(&rows, "</td></tr>\n");
			free(text);
		}
	}
	web_page_begin_wide(b, r, "Who is overdue");
	html_raw(b, "<p><a href=\"/admin\">Back to the completion records"
		 "</a></p>\n");
	broken_packs(b, &m);
	html_raw(b, "<p>");
	if (!overdue) {
		html_txtf(b, "Nobody is overdue on %s.", words);
		html_raw(b, "</p>\n");
	} else {
		html_txtf(b, "%zu overdue on %s: everyone in the roster is "
			  "expected to hold a valid pass of every module of "
			  "every installed pack.", overdue, words);
		html_raw(b, "</p>\n");
		caption = xasprintf("Overdue on %s", words);
		web_admin_stack_begin(b, caption);
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

const struct web_route web_admin_records_routes[] = {
	{ "GET", "/admin", records_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/overdue", overdue_get, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
