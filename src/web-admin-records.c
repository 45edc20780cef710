/*
 * web-admin-records.c - the DSL's dashboard in `vigil serve`: how many of
 * the staff in post are up to date, due soon, overdue or not yet due, per
 * module and per group, each number a link to the list behind it
 * (web-admin-lists.c), and the downloads of the records.  Also what the
 * DSL's record pages share: who is in a group, a person's link, and the
 * warning about packs with errors.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpd.h"
#include "html.h"
#include "matrix.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/* ---- what the record pages share ---- */

/* A person's name as a link to their page, by reference (the address
 * holds the reference percent-encoded, whatever it contains). */
void web_admin_person_link(struct buf *b, const struct learner *l)
{
	html_raw(b, "<a href=\"/admin/staff/");
	html_url_part(b, l->ref);
	html_raw(b, "\">");
	html_txt(b, l->name);
	html_raw(b, "</a>");
}

/* The group's name as the matrix holds it, for a name in any case (names
 * are unique whatever their case), or NULL. */
const char *web_admin_group_named(const struct matrix *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->ngroups; i++)
		if (!strcasecmp(m->groups[i].name, name))
			return m->groups[i].name;
	return NULL;
}

/* Nonzero when l is in the group, named in any case. */
int web_admin_in_group(const struct learner *l, const char *group)
{
	size_t i;

	for (i = 0; i < l->groups.n; i++)
		if (!strcasecmp(l->groups.v[i], group))
			return 1;
	return 0;
}

/* Says which packs are left out for their errors. */
void web_admin_broken_packs(struct buf *b, const struct matrix *m)
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

/* ---- the dashboard ---- */

/* The states the dashboard counts, in the order it shows them, with the
 * staff list's name for each (state=KEY). */
static const struct {
	enum due_state state;
	const char *key, *label;
} shown[] = {
	{ DUE_DONE, "done", "Up to date" },
	{ DUE_SOON, "soon", "Due soon" },
	{ DUE_OVERDUE, "overdue", "Overdue" },
	{ DUE_LATER, "later", "Not yet due" },
};

/* People in post counted by state; n is how many there are. */
struct tally {
	size_t n, in[DUE_STATES];
};

/* The staff list's address for these filters, as an attribute value. */
static void staff_url(struct buf *b, const struct matrix *m, long mi,
		      const char *group, const char *state)
{
	const char *sep = "?";

	html_raw(b, "/admin/staff");
	if (mi >= 0) {
		html_raw(b, "?module=");
		html_url_part(b, m->packs.v[mi]);
		html_raw(b, "%2F");
		html_url_part(b, m->modules.v[mi]);
		sep = "&amp;";
	}
	if (group) {
		html_raw(b, sep);
		html_raw(b, "group=");
		html_url_part(b, group);
		sep = "&amp;";
	}
	if (state) {
		html_raw(b, sep);
		html_raw(b, "state=");
		html_raw(b, state);
	}
}

/* A number as a link to its list, in a table cell. */
static void number_cell(struct buf *b, const struct matrix *m, long mi,
			const char *group, const char *state,
			const char *label, size_t n)
{
	html_raw(b, "<td class=\"num\" data-label=\"");
	html_attr(b, label);
	html_raw(b, "\"><a href=\"");
	staff_url(b, m, mi, group, state);
	html_raw(b, "\">");
	html_txtf(b, "%zu", n);
	html_raw(b, "</a></td>");
}

/* "87%" of part in whole, or a dash when whole is 0. */
static void share_cell(struct buf *b, size_t part, size_t whole)
{
	html_raw(b, "<td class=\"num\" data-label=\"Up to date (share)\">");
	if (whole)
		html_txtf(b, "%zu%%", part * 100 / whole);
	else
		html_raw(b, "&#8212;");
	html_raw(b, "</td>");
}

/* The headings of a table of states, after its first column's. */
static void state_headings(struct buf *b, const char *first, int staff)
{
	size_t s;

	html_raw(b, "<thead>\n<tr><th scope=\"col\">");
	html_txt(b, first);
	html_raw(b, "</th>");
	if (staff)
		html_raw(b, "<th scope=\"col\" class=\"num\">In post</th>");
	for (s = 0; s < ARRAY_SIZE(shown); s++) {
		html_raw(b, "<th scope=\"col\" class=\"num\">");
		html_txt(b, shown[s].label);
		html_raw(b, "</th>");
	}
	html_raw(b, "<th scope=\"col\" class=\"num\">Up to date (share)"
		 "</th></tr>\n</thead>\n<tbody>\n");
}

/* Counts the people in post (in group, if not NULL) by the state they
 * stand in, as the staff list filters them. */
static void tally_people(const struct matrix *m, const char *group,
			 struct tally *t)
{
	size_t li, s;

	memset(t, 0, sizeof(*t));
	for (li = 0; li < m->nlearners; li++) {
		if (m->learners[li].left ||
		    (group && !web_admin_in_group(&m->learners[li], group)))
			continue;
		t->n++;
		for (s = 0; s < ARRAY_SIZE(shown); s++)
			t->in[shown[s].state] +=
				matrix_person_in(m, li, shown[s].state);
	}
}

/* The school at a glance: cards of everyone in post by state. */
static void totals(struct buf *b, const struct matrix *m)
{
	struct tally t;
	size_t s;

	tally_people(m, NULL, &t);
	html_raw(b, "<h2>Everyone in post</h2>\n<ul class=\"stats\">\n"
		 "<li><a href=\"/admin/staff\"><span class=\"n\">");
	html_txtf(b, "%zu", t.n);
	html_raw(b, "</span> in post</a></li>\n");
	for (s = 0; s < ARRAY_SIZE(shown); s++) {
		html_raw(b, "<li><a href=\"");
		staff_url(b, m, -1, NULL, shown[s].key);
		html_raw(b, "\"><span class=\"n\">");
		html_txtf(b, "%zu", t.in[shown[s].state]);
		html_raw(b, "</span> ");
		html_txt(b, shown[s].state == DUE_DONE ? "up to date with "
			 "everything" : shown[s].state == DUE_LATER ?
			 "with a module not yet due" : shown[s].state ==
			 DUE_SOON ? "with a module due soon" :
			 "with a module overdue");
		if (shown[s].state == DUE_DONE && t.n)
			html_txtf(b, " (%zu%%)", t.in[DUE_DONE] * 100 / t.n);
		html_raw(b, "</a></li>\n");
	}
	html_raw(b, "</ul>\n");
}

/* Per module that is assigned: how many of those who must do it (in
 * group, if not NULL) stand in each state. */
static void by_module(struct buf *b, const struct matrix *m,
		      const char *group)
{
	size_t mi, li, s, n[DUE_STATES], rows = 0;
	char *caption;

	html_raw(b, "<h2>By module</h2>\n<form method=\"get\" "
		 "action=\"/admin\" class=\"toolbar\">\n<div><label "
		 "for=\"group\">Count the staff in</label>\n<select "
		 "id=\"group\" name=\"group\">\n<option value=\"\">Every "
		 "group</option>\n");
	for (s = 0; s < m->ngroups; s++) {
		html_raw(b, "<option value=\"");
		html_attr(b, m->groups[s].name);
		html_raw(b, group == m->groups[s].name ? "\" selected>" :
			 "\">");
		html_txt(b, m->groups[s].name);
		html_raw(b, "</option>\n");
	}
	html_raw(b, "</select></div>\n<div><button type=\"submit\">Show"
		 "</button></div>\n</form>\n");
	caption = group ? xasprintf("Each module: the staff in %s who must "
				    "do it", group) :
			  xstrdup("Each module: the staff who must do it");
	web_admin_table_begin(b, caption);
	free(caption);
	state_headings(b, "Module", 0);
	for (mi = 0; mi < matrix_columns(m); mi++) {
		size_t all = 0;

		if (!m->assigned[mi])
			continue;
		rows++;
		memset(n, 0, sizeof(n));
		for (li = 0; li < m->nlearners; li++)
			if (!group ||
			    web_admin_in_group(&m->learners[li], group))
				n[matrix_due(m, li, mi)->state]++;
		html_raw(b, "<tr><th scope=\"row\">");
		web_admin_module_label(b, m, mi);
		html_raw(b, "</th>");
		for (s = 0; s < ARRAY_SIZE(shown); s++) {
			number_cell(b, m, (long)mi, group, shown[s].key,
				    shown[s].label, n[shown[s].state]);
			all += n[shown[s].state];
		}
		share_cell(b, n[DUE_DONE], all);
		html_raw(b, "</tr>\n");
	}
	if (!rows)
		html_raw(b, "<tr><td colspan=\"6\">No module is assigned to "
			 "anyone.</td></tr>\n");
	html_raw(b, "</tbody>\n</table>\n</div>\n");
}

/* One row of the groups' table: everyone (group NULL) or a group. */
static void group_row(struct buf *b, const struct matrix *m,
		      const char *group)
{
	struct tally t;
	size_t s;

	tally_people(m, group, &t);
	html_raw(b, "<tr><th scope=\"row\">");
	html_txt(b, group ? group : "Everyone");
	html_raw(b, "</th>");
	number_cell(b, m, -1, group, NULL, "In post", t.n);
	for (s = 0; s < ARRAY_SIZE(shown); s++)
		number_cell(b, m, -1, group, shown[s].key, shown[s].label,
			    t.in[shown[s].state]);
	share_cell(b, t.in[DUE_DONE], t.n);
	html_raw(b, "</tr>\n");
}

/* Per group, and everyone: how many people stand in each state. */
static void by_group(struct buf *b, const struct matrix *m)
{
	size_t i;

	html_raw(b, "<h2>By group</h2>\n<p>A person is up to date when every "
		 "module they must do is; someone with several modules to do "
		 "may be counted under more than one of the other "
		 "columns.</p>\n");
	web_admin_table_begin(b, "Each group: its staff in post");
	state_headings(b, "Group", 1);
	group_row(b, m, NULL);
	for (i = 0; i < m->ngroups; i++)
		group_row(b, m, m->groups[i].name);
	html_raw(b, "</tbody>\n</table>\n</div>\n");
}

/* The links from the dashboard to the lists and the other pages. */
static void records_nav(struct buf *b)
{
	html_raw(b, "<nav aria-label=\"Records\">\n<ul>\n"
		 "<li><a href=\"/admin/staff\">Staff</a> (<a href=\""
		 "/admin/staff/new\">add a member of staff</a>)</li>\n"
		 "<li><a href=\"/admin/groups\">Groups</a> and <a href=\""
		 "/admin/assignments\">assignments</a>: who must do which "
		 "module, by when</li>\n"
		 "<li><a href=\"/admin/settings\">Settings</a>: the school's "
		 "name, address and mail</li>\n"
		 "<li><a href=\"/admin/reminders\">Reminders</a>: who "
		 "would get one now, sending them, and the emails sent</li>\n"
		 "<li><a href=\"/admin/audit\">Audit log</a>: who changed "
		 "what</li>\n"
		 "<li><a href=\"/admin/overdue\">Who is overdue</a></li>\n"
		 "<li><a href=\"/admin/overdue?state=soon\">Who is due "
		 "soon</a></li>\n"
		 "<li><a href=\"/admin/grid\">Completion grid: every person "
		 "and module</a></li>\n"
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
		 "for a learning record store</li>\n"
		 "<li><a href=\"/admin/staff.csv\">Staff</a>, <a href=\""
		 "/admin/overdue.csv\">who is overdue</a> and <a href=\""
		 "/admin/grid.csv\">the completion grid</a>: the lists, as "
		 "CSV</li>\n</ul>\n");
}

/* GET /admin: the dashboard. */
static int records_get(struct web_request *r, struct web_response *res)
{
	struct matrix m = MATRIX_INIT;
	struct buf *b = &res->body;
	const char *group = NULL, *v;

	if (web_admin_refused(r, res))
		return -1;
	if (web_admin_build(r, res, NULL, &m) < 0)
		goto out;
	v = web_query(r, "group");
	if (v && *v && !(group = web_admin_group_named(&m, v))) {
		web_error_page(r, res, 400, "No such group", "There is no "
			       "group of that name.");
		goto out;
	}
	web_page_begin_wide(b, r, "Dashboard");
	records_nav(b);
	web_admin_broken_packs(b, &m);
	if (!m.nlearners) {
		html_raw(b, "<p>There is nobody in the roster yet. <a href="
			 "\"/admin/import\">Import the staff list</a>, or "
			 "staff add themselves when they sign in.</p>\n");
	} else if (!matrix_columns(&m)) {
		html_raw(b, "<p>No packs are installed, so there is nothing "
			 "to complete.</p>\n");
	} else {
		html_raw(b, "<p>Where the staff stand on ");
		web_date(b, m.today);
		html_raw(b, ". Each number links to the people it "
			 "counts.</p>\n");
		totals(b, &m);
		by_module(b, &m, group);
		by_group(b, &m);
	}
	downloads_section(b);
	web_page_end(b);
out:
	matrix_free(&m);
	return 0;
}

const struct web_route web_admin_records_routes[] = {
	{ "GET", "/admin", records_get, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
