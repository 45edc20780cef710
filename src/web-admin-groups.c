/*
 * web-admin-groups.c - groups of staff and assignments in the DSL's
 * pages of `vigil serve` (SPEC §4): groups with how many are in each,
 * added, renamed and removed (after a second page that says what goes
 * with one); and which module each group, or everyone, must complete
 * within how many days, as `vigil assign` and `vigil unassign` say it.
 *
 * The store writes each change's audit row; the pages only check what
 * was typed, show it again by its field when it is wrong, and redirect
 * with a notice when the change is made.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "html.h"
#include "learner.h"
#include "pack.h"
#include "packcache.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"
#include "words.h"

static const struct web_notice group_notices[] = {
	{ "added", "The group is added." },
	{ "renamed", "The group is renamed." },
	{ "removed", "The group is removed, with its assignments." },
	{ NULL, NULL }
};

static const struct web_notice assign_notices[] = {
	{ "assigned", "The module is assigned." },
	{ "changed", "The assignment is changed." },
	{ "unassigned", "The assignment is removed." },
	{ NULL, NULL }
};

/* What is wrong with a group's name (malloc'd, as a sentence), or NULL:
 * the roster's rule (group_check). */
char *web_admin_group_problem(const char *name)
{
	char *msg;

	if (!*name)
		return xstrdup("Enter the group's name.");
	if (group_check(name, &msg) == 0)
		return NULL;
	return web_admin_sentence(msg);
}

/* The groups and the assignments, read together for a page. */
struct school {
	struct group_info *g;
	size_t ng;
	struct assignment *a;
	size_t na;
};

static void school_free(struct school *s)
{
	size_t i;

	for (i = 0; i < s->ng; i++)
		group_info_clear(&s->g[i]);
	free(s->g);
	for (i = 0; i < s->na; i++)
		assignment_clear(&s->a[i]);
	free(s->a);
	memset(s, 0, sizeof(*s));
}

/* Reads the groups and assignments: 0, or -1 after a 500 page. */
static int school_read(struct web_request *r, struct web_response *res,
		       struct school *s)
{
	char *msg = NULL;

	memset(s, 0, sizeof(*s));
	if (store_group_list(r->st, &s->g, &s->ng, &msg) < 0 ||
	    store_assignment_list(r->st, &s->a, &s->na, &msg) < 0) {
		school_free(s);
		return web_admin_failed(r, res, msg);
	}
	return 0;
}

/* The group called name in s (any case), or NULL. */
static const struct group_info *group_named(const struct school *s,
					    const char *name)
{
	long at = group_lookup(s->g, s->ng, name, NULL);

	return at >= 0 ? &s->g[at] : NULL;
}

/* How many assignments a group has. */
static int group_assignments(const struct school *s, int64_t group_id)
{
	size_t i;
	int n = 0;

	for (i = 0; i < s->na; i++)
		n += s->a[i].group_id == group_id;
	return n;
}

/* A select of the groups, named name, with an option for everyone
 * first when everyone_label is not NULL. */
static void group_select(struct buf *b, const struct school *s,
			 const char *name, const char *everyone_label,
			 const char *chosen)
{
	size_t i;

	html_raw(b, "<select id=\"");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\">\n");
	if (everyone_label) {
		html_raw(b, "<option value=\"\">");
		html_txt(b, everyone_label);
		html_raw(b, "</option>\n");
	}
	for (i = 0; i < s->ng; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, s->g[i].name);
		html_raw(b, chosen && !strcmp(chosen, s->g[i].name) ?
			 "\" selected>" : "\">");
		html_txt(b, s->g[i].name);
		html_raw(b, "</option>\n");
	}
	html_raw(b, "</select>\n");
}

/* ---- groups ---- */

/* What a groups form sent, to show again with its error. */
struct group_form {
	const char *field;	/* "name", "to" */
	const char *err;
	const char *name, *from, *to;
};

/* The groups page, with a form's error shown again if any. */
static int groups_page(struct web_request *r, struct web_response *res,
		       const struct group_form *f, int status)
{
	struct buf *b = &res->body;
	struct school s;
	size_t i;

	if (school_read(r, res, &s) < 0)
		return -1;
	res->status = status;
	b->len = 0;
	web_page_begin(b, r, "Groups of staff");
	if (f && f->err)
		web_admin_problem(b, f->field, f->err);
	web_admin_notice(b, r, group_notices);
	html_raw(b, "<p>Groups say who must do which training: <a "
		 "href=\"/admin/assignments\">assign modules</a> to a group, "
		 "or to everyone. Put people in groups on <a "
		 "href=\"/admin/staff\">their own pages</a> or in the staff "
		 "list you import.</p>\n");
	if (!s.ng) {
		html_raw(b, "<p>There are no groups yet.</p>\n");
	} else {
		html_raw(b, "<p><a href=\"/admin/groups.csv\">Download as CSV "
			 "(spreadsheet)</a></p>\n");
		web_admin_table_begin(b, "Groups");
		html_raw(b, "<thead>\n<tr><th scope=\"col\">Group</th>"
			 "<th scope=\"col\">People in post</th>"
			 "<th scope=\"col\">Assignments</th>");
		if (web_admin_may_change(r))
			html_raw(b, "<th scope=\"col\">Remove</th>");
		html_raw(b, "</tr>\n</thead>\n<tbody>\n");
		for (i = 0; i < s.ng; i++) {
			html_raw(b, "<tr><th scope=\"row\">");
			html_txt(b, s.g[i].name);
			html_raw(b, "</th><td data-label=\"People in post\" "
				 "class=\"num\"><a href=\"/admin/staff?group=");
			html_url_part(b, s.g[i].name);
			html_raw(b, "\">");
			html_txtf(b, "%d", s.g[i].members);
			html_raw(b, "</a></td><td data-label=\"Assignments\" "
				 "class=\"num\">");
			html_txtf(b, "%d", group_assignments(&s, s.g[i].id));
			html_raw(b, "</td>");
			if (web_admin_may_change(r)) {
				html_raw(b, "<td data-label=\"Remove\"><a "
					 "href=\"/admin/groups/remove?group=");
				html_url_part(b, s.g[i].name);
				html_raw(b, "\">Remove ");
				html_txt(b, s.g[i].name);
				html_raw(b, "</a></td>");
			}
			html_raw(b, "</tr>\n");
		}
		html_raw(b, "</tbody>\n</table>\n</div>\n");
	}
	if (web_admin_may_change(r)) {
		struct web_field add = { "name", "Name of the new group",
			"text", f ? f->name : NULL, "For example: Teaching "
			"staff, Support staff, Governors, Volunteers.",
			f && f->field && !strcmp(f->field, "name") ? f->err :
			NULL, "required" };
		struct web_field to = { "to", "New name", "text",
			f ? f->to : NULL, NULL, f && f->field &&
			!strcmp(f->field, "to") ? f->err : NULL, "required" };

		html_raw(b, "<h2>Add a group</h2>\n<form method=\"post\" "
			 "action=\"/admin/groups/add\">\n");
		web_csrf_field(b, r);
		html_raw(b, "\n");
		web_admin_field(b, &add);
		html_raw(b, "<p><button type=\"submit\">Add the group</button>"
			 "</p>\n</form>\n");
		if (s.ng) {
			html_raw(b, "<h2>Rename a group</h2>\n<form "
				 "method=\"post\" action=\"/admin/groups/"
				 "rename\">\n");
			web_csrf_field(b, r);
			html_raw(b, "\n<p><label for=\"from\">Group</label>\n");
			group_select(b, &s, "from", NULL, f ? f->from : NULL);
			html_raw(b, "</p>\n");
			web_admin_field(b, &to);
			html_raw(b, "<p><button type=\"submit\">Rename"
				 "</button></p>\n</form>\n");
		}
	}
	web_page_end(b);
	school_free(&s);
	return 0;
}

/* GET /admin/groups. */
static int groups_get(struct web_request *r, struct web_response *res)
{
	if (web_admin_refused(r, res))
		return -1;
	return groups_page(r, res, NULL, 200);
}

/* "There is already a group called NAME." with the name as it is
 * written there, which may differ in case from the one typed. */
static char *taken(struct web_request *r, const char *typed)
{
	struct group_info *g = NULL;
	char *msg = NULL, *text;
	size_t ng = 0, i;
	long at;

	if (store_group_list(r->st, &g, &ng, &msg) < 0)
		free(msg);
	at = group_lookup(g, ng, typed, NULL);
	text = xasprintf("There is already a group called %s.",
			 at >= 0 ? g[at].name : typed);
	for (i = 0; i < ng; i++)
		group_info_clear(&g[i]);
	free(g);
	return text;
}

/* POST /admin/groups/add: a new group, unless the name is taken. */
static int group_add_post(struct web_request *r, struct web_response *res)
{
	struct group_form f = { "name", NULL, NULL, NULL, NULL };
	char *name = web_admin_trimmed(r, "name"), *msg = NULL, *err = NULL;
	int made, ret = 0;

	if (web_admin_refused(r, res)) {
		free(name);
		return -1;
	}
	f.name = name;
	f.err = err = web_admin_group_problem(name);
	if (!f.err) {
		made = store_group_add(r->st, name, &msg);
		if (made < 0) {
			free(name);
			return web_admin_failed(r, res, msg);
		}
		if (!made)
			f.err = err = taken(r, name);
	}
	if (f.err)
		ret = groups_page(r, res, &f, 422);
	else
		web_redirect(res, "/admin/groups?done=added");
	free(err);
	free(name);
	return ret;
}

/* POST /admin/groups/rename: from one name to another not in use. */
static int group_rename_post(struct web_request *r, struct web_response *res)
{
	struct group_form f = { "to", NULL, NULL, NULL, NULL };
	char *from = web_admin_trimmed(r, "from");
	char *to = web_admin_trimmed(r, "to"), *msg = NULL, *err = NULL;
	const struct group_info *g, *other;
	struct school s;
	int ret = 0;

	if (web_admin_refused(r, res) || school_read(r, res, &s) < 0) {
		free(from);
		free(to);
		return -1;
	}
	f.from = from;
	f.to = to;
	g = group_named(&s, from);
	other = group_named(&s, to);
	if (!g) {
		f.field = "from";
		f.err = "Choose the group to rename.";
	} else if ((f.err = err = web_admin_group_problem(to))) {
		/* the new name's problem */
	} else if (other && other != g) {
		f.err = err = xasprintf("There is already a group called %s.",
					other->name);
	} else if (store_group_rename(r->st, g->name, to, &msg) < 0) {
		ret = web_admin_failed(r, res, msg);
		goto out;
	}
	if (f.err)
		ret = groups_page(r, res, &f, 422);
	else
		web_redirect(res, "/admin/groups?done=renamed");
out:
	school_free(&s);
	free(err);
	free(from);
	free(to);
	return ret;
}

/* GET /admin/groups/remove?group=NAME: what goes with the group, and the
 * button that removes it. */
static int group_remove_get(struct web_request *r, struct web_response *res)
{
	const char *name = web_query(r, "group");
	const struct group_info *g;
	struct buf *b = &res->body;
	struct school s;
	char *title;
	int n;

	if (web_admin_refused(r, res) || school_read(r, res, &s) < 0)
		return -1;
	g = name ? group_named(&s, name) : NULL;
	if (!g) {
		web_error_page(r, res, 404, "No such group", "There is no "
			       "group of that name.");
		school_free(&s);
		return 0;
	}
	n = group_assignments(&s, g->id);
	title = xasprintf("Remove the group %s", g->name);
	web_page_begin(b, r, title);
	free(title);
	html_raw(b, "<p>");
	html_txtf(b, "%d %s in post %s in this group. They stay in the "
		  "roster with every record; only the group goes.", g->members,
		  plural(g->members, "person", "people"),
		  g->members == 1 ? "is" : "are");
	html_raw(b, "</p>\n<p><strong>");
	html_txtf(b, "%d %s go%s with it", n, plural(n, "assignment",
		  "assignments"), n == 1 ? "es" : "");
	html_raw(b, "</strong>: the modules assigned to this group are no "
		 "longer due for its members (unless assigned to them another "
		 "way).</p>\n");
	if (web_admin_may_change(r)) {
		html_raw(b, "<form method=\"post\" action=\"/admin/groups/"
			 "remove\">\n");
		web_csrf_field(b, r);
		html_raw(b, "\n<input type=\"hidden\" name=\"group\" value=\"");
		html_attr(b, g->name);
		html_raw(b, "\">\n<p><button type=\"submit\">Remove the group"
			 "</button> <a href=\"/admin/groups\">Keep it</a></p>\n"
			 "</form>\n");
	} else {
		html_raw(b, "<p><a href=\"/admin/groups\">Back to the groups"
			 "</a></p>\n");
	}
	web_page_end(b);
	school_free(&s);
	return 0;
}

/* POST /admin/groups/remove: removes the group and its assignments. */
static int group_remove_post(struct web_request *r, struct web_response *res)
{
	const char *name = web_form(r, "group");
	char *msg = NULL;
	int found;

	if (web_admin_refused(r, res))
		return -1;
	found = name ? store_group_remove(r->st, name, &msg) : 0;
	if (found < 0)
		return web_admin_failed(r, res, msg);
	if (!found)
		web_error_page(r, res, 404, "No such group", "There is no "
			       "group of that name: nothing was removed.");
	else
		web_redirect(res, "/admin/groups?done=removed");
	return 0;
}

/* ---- assignments ---- */

/* The installed modules that can be assigned (packs without errors),
 * their titles in the school's words. */
struct modules {
	struct strv packs, ids, titles;
};

static void modules_load(const struct web_request *r, struct modules *m)
{
	struct strv dirs = STRV_INIT;
	struct words w = WORDS_INIT;
	size_t i, j;

	memset(m, 0, sizeof(*m));
	web_words(r, &w);
	pack_list(r->cfg->pack_dirs, &dirs);
	for (i = 0; i < dirs.n; i++) {
		int broken = 0;
		struct pack *p = pack_cache_load(dirs.v[i],
						 r->cfg->plugin_dirs, &broken);

		for (j = 0; p && !broken && j < p->nmodules; j++) {
			char *title = words_title(&w, p->modules[j].title,
						  p->modules[j].id);

			strv_push(&m->packs, p->id);
			strv_push(&m->ids, p->modules[j].id);
			strv_push(&m->titles, title);
			free(title);
		}
		pack_free(p);
	}
	strv_free(&dirs);
	words_free(&w);
}

static void modules_free(struct modules *m)
{
	strv_free(&m->packs);
	strv_free(&m->ids);
	strv_free(&m->titles);
}

/* The title of PACK/MODULE when it is installed, else NULL. */
static const char *module_title(const struct modules *m, const char *pack,
				const char *module)
{
	size_t i;

	for (i = 0; i < m->ids.n; i++)
		if (!strcmp(m->packs.v[i], pack) && !strcmp(m->ids.v[i], module))
			return m->titles.v[i];
	return NULL;
}

/* What the assign form sent, to show again with its error. */
struct assign_form {
	const char *field, *err;
	const char *module, *group, *within;
};

/* The assignments page, with the assign form's error if any. */
static int assignments_page(struct web_request *r, struct web_response *res,
			    const struct assign_form *f, int status)
{
	struct buf *b = &res->body;
	struct modules m;
	struct school s;
	const char *title;
	size_t i;
	char within[16];
	int change = web_admin_may_change(r);

	if (school_read(r, res, &s) < 0)
		return -1;
	modules_load(r, &m);
	res->status = status;
	b->len = 0;
	web_page_begin(b, r, "Who must do which module");
	if (f && f->err)
		web_admin_problem(b, f->field, f->err);
	web_admin_notice(b, r, assign_notices);
	html_raw(b, "<p>A module assigned <em>within N days</em> is due N days "
		 "after a person's first day in post (for someone whose first "
		 "day is not known, N days after it was assigned to them), "
		 "and due again when their pass expires. With no assignment "
		 "at all, every installed module is assigned to everyone "
		 "within 30 days.</p>\n");
	if (!s.na) {
		html_raw(b, "<p>Nothing is assigned yet, so every module is "
			 "due for everyone within 30 days.</p>\n");
	} else {
		html_raw(b, "<p><a href=\"/admin/assignments.csv\">Download as "
			 "CSV (spreadsheet)</a></p>\n");
		web_admin_table_begin(b, "Assignments");
		html_raw(b, "<thead>\n<tr><th scope=\"col\">Module</th>"
			 "<th scope=\"col\">Who</th>"
			 "<th scope=\"col\">Within</th>");
		if (change)
			html_raw(b, "<th scope=\"col\">Remove</th>");
		html_raw(b, "</tr>\n</thead>\n<tbody>\n");
		for (i = 0; i < s.na; i++) {
			const struct assignment *a = &s.a[i];

			title = module_title(&m, a->pack, a->module);
			html_raw(b, "<tr><th scope=\"row\">");
			html_txt(b, title ? title : a->module);
			html_raw(b, " <small>(");
			html_txt(b, a->pack);
			html_raw(b, "/");
			html_txt(b, a->module);
			html_raw(b, title ? ")" : ", not installed)");
			html_raw(b, "</small></th><td data-label=\"Who\">");
			html_txt(b, a->group ? a->group : "Everyone");
			html_raw(b, "</td><td data-label=\"Within\">");
			html_txtf(b, "%d %s", a->within, plural(a->within,
				  "day", "days"));
			html_raw(b, "</td>");
			if (change) {
				html_raw(b, "<td data-label=\"Remove\"><form "
					 "method=\"post\" action=\"/admin/"
					 "assignments/remove\">");
				web_csrf_field(b, r);
				html_raw(b, "<input type=\"hidden\" "
					 "name=\"module\" value=\"");
				html_attr(b, a->pack);
				html_raw(b, "/");
				html_attr(b, a->module);
				html_raw(b, "\"><input type=\"hidden\" "
					 "name=\"group\" value=\"");
				html_attr(b, a->group ? a->group : "");
				html_raw(b, "\"><button type=\"submit\" "
					 "class=\"secondary\">Remove"
					 "<span class=\"skip\"> ");
				html_txt(b, a->module);
				html_raw(b, " for ");
				html_txt(b, a->group ? a->group : "everyone");
				html_raw(b, "</span></button></form></td>");
			}
			html_raw(b, "</tr>\n");
		}
		html_raw(b, "</tbody>\n</table>\n</div>\n");
	}
	if (change && !m.ids.n) {
		html_raw(b, "<p>No packs are installed, so there is nothing to "
			 "assign.</p>\n");
	} else if (change) {
		const char *err_within = f && f->field &&
			!strcmp(f->field, "within") ? f->err : NULL;
		struct web_field w = { "within", "Within (days)", "text",
			f && f->within ? f->within : within, "Days from "
			"their first day in post, 1 to 3650.", err_within,
			"inputmode=\"numeric\" required" };

		snprintf(within, sizeof(within), "%d", ASSIGN_WITHIN_DEFAULT);
		html_raw(b, "<h2>Assign a module</h2>\n<form method=\"post\" "
			 "action=\"/admin/assignments\">\n");
		web_csrf_field(b, r);
		html_raw(b, "\n<p><label for=\"module\">Module</label>\n"
			 "<select id=\"module\" name=\"module\">\n");
		for (i = 0; i < m.ids.n; i++) {
			char *value = xasprintf("%s/%s", m.packs.v[i],
						m.ids.v[i]);

			html_raw(b, "<option value=\"");
			html_attr(b, value);
			html_raw(b, f && f->module && !strcmp(f->module, value) ?
				 "\" selected>" : "\">");
			html_txt(b, m.titles.v[i]);
			html_raw(b, " (");
			html_txt(b, value);
			html_raw(b, ")</option>\n");
			free(value);
		}
		html_raw(b, "</select></p>\n<p><label for=\"group\">Who"
			 "</label>\n");
		group_select(b, &s, "group", "Everyone", f ? f->group : NULL);
		html_raw(b, "</p>\n");
		web_admin_field(b, &w);
		html_raw(b, "<p><button type=\"submit\">Assign</button></p>\n"
			 "</form>\n<p><a href=\"/admin/groups\">Groups of staff"
			 "</a></p>\n");
	}
	web_page_end(b);
	modules_free(&m);
	school_free(&s);
	return 0;
}

/* GET /admin/assignments. */
static int assignments_get(struct web_request *r, struct web_response *res)
{
	if (web_admin_refused(r, res))
		return -1;
	return assignments_page(r, res, NULL, 200);
}

/* Splits "PACK/MODULE" into pack (malloc'd) and module: 0, or -1. */
static int split_module(const char *value, char **pack, const char **module)
{
	const char *slash = value ? strchr(value, '/') : NULL;

	if (!slash || slash == value || !slash[1])
		return -1;
	*pack = xstrndup(value, (size_t)(slash - value));
	*module = slash + 1;
	return 0;
}

/* POST /admin/assignments: assigns a module to a group or everyone. */
static int assign_post(struct web_request *r, struct web_response *res)
{
	struct assign_form f = { NULL, NULL, web_form(r, "module"),
				 web_form(r, "group"), web_form(r, "within") };
	char *pack = NULL, *msg = NULL;
	const char *module = NULL;
	struct modules m;
	struct school s;
	uint64_t within;
	int made, ret = 0;

	if (web_admin_refused(r, res) || school_read(r, res, &s) < 0)
		return -1;
	modules_load(r, &m);
	within = web_number(f.within ? f.within + strspn(f.within, " ") : NULL,
			    ASSIGN_WITHIN_MAX);
	if (split_module(f.module, &pack, &module) < 0 ||
	    !module_title(&m, pack, module)) {
		f.field = "module";
		f.err = "Choose one of the installed modules.";
	} else if (f.group && *f.group && !group_named(&s, f.group)) {
		f.field = "group";
		f.err = "Choose everyone or one of the groups.";
	} else if (!within) {
		f.field = "within";
		f.err = "Give the days as a whole number from 1 to 3650.";
	}
	if (f.err) {
		ret = assignments_page(r, res, &f, 422);
		goto out;
	}
	made = store_assign(r->st, pack, module, f.group && *f.group ?
			    group_named(&s, f.group)->name : NULL,
			    (int)within, &msg);
	if (made < 0)
		ret = web_admin_failed(r, res, msg);
	else
		web_redirect(res, "/admin/assignments?done=%s", made ?
			     "assigned" : "changed");
out:
	free(pack);
	modules_free(&m);
	school_free(&s);
	return ret;
}

/* POST /admin/assignments/remove: takes an assignment away. */
static int unassign_post(struct web_request *r, struct web_response *res)
{
	const char *group = web_form(r, "group"), *module = NULL;
	char *pack = NULL, *msg = NULL;
	int found;

	if (web_admin_refused(r, res))
		return -1;
	if (split_module(web_form(r, "module"), &pack, &module) < 0) {
		web_error_page(r, res, 400, "Not removed", "That is not an "
			       "assignment: nothing was removed.");
		return 0;
	}
	found = store_unassign(r->st, pack, module, group && *group ? group :
			       NULL, &msg);
	free(pack);
	if (found < 0)
		return web_admin_failed(r, res, msg);
	if (!found)
		web_error_page(r, res, 404, "Not removed", "There is no such "
			       "assignment: nothing was removed.");
	else
		web_redirect(res, "/admin/assignments?done=unassigned");
	return 0;
}

/* A list's CSV as the download of the page: a byte order mark (so that
 * Excel reads UTF-8), the rows, and a name with today's date. */
static void csv_download(struct web_response *res, const char *name)
{
	char today[DATE_LEN];

	fmt_date(vigil_now(), today);
	res->type = "text/csv; charset=utf-8";
	free(res->filename);
	res->filename = xasprintf("vigil-%s-%s.csv", name, today);
}

/* GET /admin/groups.csv: the groups list with the page's columns. */
static int groups_csv_get(struct web_request *r, struct web_response *res)
{
	static const char *const head[] = { "Group", "People in post",
		"Assignments" };
	struct school s;
	char members[24], assigned[24];
	size_t i;

	if (web_admin_refused(r, res) || school_read(r, res, &s) < 0)
		return -1;
	buf_adds(&res->body, "\xef\xbb\xbf");
	csv_row_add(&res->body, head, ARRAY_SIZE(head));
	for (i = 0; i < s.ng; i++) {
		const char *row[] = { s.g[i].name, members, assigned };

		snprintf(members, sizeof(members), "%d", s.g[i].members);
		snprintf(assigned, sizeof(assigned), "%d",
			 group_assignments(&s, s.g[i].id));
		csv_row_add(&res->body, row, ARRAY_SIZE(row));
	}
	csv_download(res, "groups");
	school_free(&s);
	return 0;
}

/* GET /admin/assignments.csv: the assignments with the page's columns
 * (the module as its title and pack/module, as on the page). */
static int assignments_csv_get(struct web_request *r,
			       struct web_response *res)
{
	static const char *const head[] = { "Module", "Who", "Within" };
	struct modules m;
	struct school s;
	size_t i;

	if (web_admin_refused(r, res) || school_read(r, res, &s) < 0)
		return -1;
	modules_load(r, &m);
	buf_adds(&res->body, "\xef\xbb\xbf");
	csv_row_add(&res->body, head, ARRAY_SIZE(head));
	for (i = 0; i < s.na; i++) {
		const struct assignment *a = &s.a[i];
		const char *title = module_title(&m, a->pack, a->module);
		char *module = xasprintf("%s (%s/%s%s)", title ? title :
					 a->module, a->pack, a->module,
					 title ? "" : ", not installed");
		char *within = xasprintf("%d %s", a->within,
					 plural(a->within, "day", "days"));
		const char *row[] = { module, a->group ? a->group :
			"Everyone", within };

		csv_row_add(&res->body, row, ARRAY_SIZE(row));
		free(module);
		free(within);
	}
	csv_download(res, "assignments");
	modules_free(&m);
	school_free(&s);
	return 0;
}

const struct web_route web_admin_groups_routes[] = {
	{ "GET", "/admin/groups.csv", groups_csv_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/assignments.csv", assignments_csv_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/groups", groups_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/groups/add", group_add_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/groups/rename", group_rename_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/groups/remove", group_remove_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/groups/remove", group_remove_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/assignments", assignments_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/assignments", assign_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/assignments/remove", unassign_post, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
