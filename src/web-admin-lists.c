/*
 * web-admin-lists.c - the DSL's lists in `vigil serve`: the staff, who is
 * overdue or due soon, and the completion grid (every person × module).
 *
 * Each list is searched, filtered, sorted and paged through its address
 * (GET forms, so a view can be bookmarked), and downloads whole as CSV
 * with the columns it shows, in its filters and order.  Who stands where
 * comes from the matrix (matrix.h): the dashboard (web-admin-records.c)
 * counts with the same rules, so each of its numbers is the length of the
 * list it links to.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpd.h"
#include "csv.h"
#include "html.h"
#include "matrix.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

#define PAGE_ROWS	50
#define PAGE_MAX	1000000

/* Who a list of people holds, beyond the due states of matrix.h. */
#define STATE_CURRENT	(-1)	/* everyone in post */
#define STATE_LEFT	(-2)	/* leavers only */
#define STATE_ALL	(-3)	/* everyone, leavers too */

/* A choice of the state filter: its value in the address, its words, and
 * the due state (or STATE_*) it keeps. */
struct state_opt {
	const char *key, *label;
	int state;
};

static const struct state_opt person_states[] = {
	{ "", "Everyone in post", STATE_CURRENT },
	{ "done", "Up to date", DUE_DONE },
	{ "soon", "Due soon", DUE_SOON },
	{ "overdue", "Overdue", DUE_OVERDUE },
	{ "later", "Not yet due", DUE_LATER },
	{ "left", "Leavers", STATE_LEFT },
	{ "all", "Everyone, leavers too", STATE_ALL },
};

static const struct state_opt module_states[] = {
	{ "overdue", "Overdue", DUE_OVERDUE },
	{ "soon", "Due soon", DUE_SOON },
};

enum col_id {
	C_REF, C_NAME, C_EMAIL, C_GROUPS, C_ROLE, C_START, C_STATE,
	C_MODULE, C_DUE, C_WHY, C_CELL
};

/* A column: what it shows, its key in the address (sort=KEY; NULL when
 * it does not sort), its heading (NULL: the module's), and for C_CELL its
 * module column. */
struct column {
	enum col_id id;
	const char *key, *label;
	size_t mi;
};

static const struct column staff_cols[] = {
	{ C_REF, "ref", "Ref", 0 },
	{ C_NAME, "name", "Name", 0 },
	{ C_EMAIL, "email", "Email", 0 },
	{ C_GROUPS, "groups", "Groups", 0 },
	{ C_ROLE, "role", "Job role", 0 },
	{ C_START, "start", "Start", 0 },
	{ C_STATE, "state", "Training", 0 },
};

static const struct column overdue_cols[] = {
	{ C_REF, "ref", "Ref", 0 },
	{ C_NAME, "name", "Name", 0 },
	{ C_MODULE, "module", "Module", 0 },
	{ C_DUE, "due", "Due date", 0 },
	{ C_WHY, "why", "Why", 0 },
};

/* The columns the grid has before one per module. */
static const struct column grid_cols[] = {
	{ C_REF, "ref", "Ref", 0 },
	{ C_NAME, "name", "Name", 0 },
};

/* A kind of list. */
struct kind {
	const char *path;	/* the page; path + ".csv" the download */
	const char *title, *file;	/* the page's title; the download's
					   name before its date */
	const char *noun, *nouns;	/* what a row is */
	const struct state_opt *states;
	size_t nstates;
	const struct column *cols;
	size_t ncols;
	const char *sort;	/* the column it is sorted by unless asked */
	int per_module;		/* a row per person and module */
	int stacked;		/* rows stacked on a phone */
};

static const struct kind staff_kind = {
	"/admin/staff", "Staff", "staff", "person", "people",
	person_states, ARRAY_SIZE(person_states),
	staff_cols, ARRAY_SIZE(staff_cols), "name", 0, 1
};

static const struct kind overdue_kind = {
	"/admin/overdue", "Who is overdue or due soon", "overdue",
	"module to do", "modules to do",
	module_states, ARRAY_SIZE(module_states),
	overdue_cols, ARRAY_SIZE(overdue_cols), "due", 1, 1
};

static const struct kind grid_kind = {
	"/admin/grid", "Completion grid", "grid", "person", "people",
	person_states, ARRAY_SIZE(person_states),
	grid_cols, ARRAY_SIZE(grid_cols), "name", 0, 0
};

struct list;

/* A row: a person (and a module, for a list of modules to do), with the
 * text it sorts by. */
struct row {
	size_t li, mi;
	char *key;
	const struct list *l;
};

/* A list being made for one request. */
struct list {
	const struct kind *kind;
	struct web_request *r;
	struct matrix m;
	struct column *cols;
	size_t ncols;
	/* What the address asks (NULL or -1: no filter). */
	const char *q, *group;
	long module;
	const struct state_opt *state;
	const struct column *sort;
	int desc;
	size_t page;
	struct row *rows;
	size_t nrows;
};

/* ---- reading the address ---- */

/* A query value, NULL when absent or empty. */
static const char *query(const struct web_request *r, const char *key)
{
	const char *v = web_query(r, key);

	return v && *v ? v : NULL;
}

/* A 400 page saying what in the address is wrong; returns -1. */
static int bad_query(const struct web_request *r, struct web_response *res,
		     const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad_query(const struct web_request *r, struct web_response *res,
		     const char *fmt, ...)
{
	struct buf text = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&text, fmt, ap);
	va_end(ap);
	web_error_page(r, res, 400, "That list cannot be shown", text.s);
	buf_free(&text);
	return -1;
}

/* The module column named "PACK/MODULE", or -1. */
static long module_named(const struct matrix *m, const char *name)
{
	size_t mi, pl;

	for (mi = 0; mi < matrix_columns(m); mi++) {
		pl = strlen(m->packs.v[mi]);
		if (!strncmp(name, m->packs.v[mi], pl) && name[pl] == '/' &&
		    !strcmp(name + pl + 1, m->modules.v[mi]))
			return (long)mi;
	}
	return -1;
}

/* Reads the list's filters, order and page from the address: 0, or -1
 * after a 400 page naming what is not understood. */
static int read_query(struct list *l, struct web_response *res)
{
	const struct web_request *r = l->r;
	const char *v;
	size_t i;

	l->q = query(r, "q");
	l->module = -1;
	if ((v = query(r, "group"))) {
		l->group = web_admin_group_named(&l->m, v);
		if (!l->group)
			return bad_query(r, res, "There is no group called "
					 "\"%s\".", v);
	}
	if ((v = query(r, "module")) &&
	    (l->module = module_named(&l->m, v)) < 0)
		return bad_query(r, res, "There is no module \"%s\" (the "
				 "address names a module as PACK/MODULE).", v);
	v = query(r, "state");
	for (i = 0; v && i < l->kind->nstates; i++)
		if (!strcmp(v, l->kind->states[i].key))
			break;
	if (v && i == l->kind->nstates)
		return bad_query(r, res, "The state \"%s\" is not one this "
				 "list knows.", v);
	l->state = &l->kind->states[v ? i : 0];
	v = query(r, "sort");
	for (i = 0; i < l->ncols && !l->sort; i++)
		if (l->cols[i].key &&
		    !strcmp(l->cols[i].key, v ? v : l->kind->sort))
			l->sort = &l->cols[i];
	if (!l->sort)
		return bad_query(r, res, "The list cannot be sorted by "
				 "\"%s\".", v);
	v = query(r, "dir");
	if (v && strcmp(v, "asc") && strcmp(v, "desc"))
		return bad_query(r, res, "The order \"%s\" is neither asc nor "
				 "desc.", v);
	l->desc = v && !strcmp(v, "desc");
	v = query(r, "page");
	l->page = v ? (size_t)web_number(v, PAGE_MAX) : 1;
	if (!l->page)
		return bad_query(r, res, "\"%s\" is not a page number.", v);
	return 0;
}

/* ---- choosing the rows ---- */

/* c in lower case, for ASCII letters. */
static unsigned char lower(char c)
{
	unsigned char u = (unsigned char)c;

	return u >= 'A' && u <= 'Z' ? (unsigned char)(u - 'A' + 'a') : u;
}

/* Nonzero for an ASCII digit (isdigit depends on the locale). */
static int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Nonzero when needle is in hay, whatever the case of ASCII letters. */
static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	if (!hay)
		return 0;
	for (; *hay; hay++) {
		for (i = 0; i < n && hay[i] &&
		     lower(hay[i]) == lower(needle[i]); i++)
			;
		if (i == n)
			return 1;
	}
	return !n;
}

/* Nonzero when learner row li is one the list's filters keep (module mi
 * too, for a list of modules to do). */
static int keeps(const struct list *l, size_t li, size_t mi)
{
	const struct learner *p = &l->m.learners[li];
	int want = l->state->state;

	if (want == STATE_LEFT && !p->left)
		return 0;
	if (want != STATE_LEFT && want != STATE_ALL && p->left)
		return 0;
	if (l->group && !web_admin_in_group(p, l->group))
		return 0;
	if (l->kind->per_module) {
		if ((l->module >= 0 && (size_t)l->module != mi) ||
		    (int)matrix_due(&l->m, li, mi)->state != want)
			return 0;
	} else if (l->module >= 0) {
		enum due_state s = matrix_due(&l->m, li,
					      (size_t)l->module)->state;

		if (s == DUE_NONE || (want >= 0 && (int)s != want))
			return 0;
	} else if (want >= 0 && !matrix_person_in(&l->m, li, want)) {
		return 0;
	}
	return !l->q || contains(p->name, l->q) || contains(p->ref, l->q) ||
	       contains(p->email, l->q);
}

/* ---- what the cells say ---- */

/* "2 overdue, 1 due soon", "up to date", or "left on DATE" (the date
 * left off when html, which writes it itself). */
static void person_summary(const struct list *l, size_t li, struct buf *out,
			   int html)
{
	static const enum due_state order[] = { DUE_OVERDUE, DUE_SOON,
						DUE_LATER };
	const struct learner *p = &l->m.learners[li];
	size_t counts[DUE_STATES], i;
	int any = 0;

	if (p->left) {
		buf_addf(out, "left on %s", html ? "" : p->left);
		return;
	}
	matrix_person_dues(&l->m, li, counts);
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		if (!counts[order[i]])
			continue;
		buf_addf(out, "%s%zu %s", any ? ", " : "", counts[order[i]],
			 due_state_name(order[i]));
		any = 1;
	}
	if (!any)
		buf_adds(out, due_state_name(DUE_DONE));
}

/* A module as plain text: "Title (pack/module)". */
static void module_text(const struct matrix *m, size_t mi, struct buf *out)
{
	buf_addf(out, "%s (%s/%s)", *m->module_titles.v[mi] ?
		 m->module_titles.v[mi] : m->modules.v[mi], m->packs.v[mi],
		 m->modules.v[mi]);
}

/* The text of row rw's cell in column c, as the CSV has it (dates ISO). */
static void cell_text(const struct list *l, const struct row *rw,
		      const struct column *c, struct buf *out)
{
	const struct learner *p = &l->m.learners[rw->li];
	const char *date;
	enum cpd_state s;
	char *text;
	size_t i;

	switch (c->id) {
	case C_REF:
		buf_adds(out, p->ref);
		break;
	case C_NAME:
		buf_adds(out, p->name);
		break;
	case C_EMAIL:
		buf_adds(out, p->email ? p->email : "");
		break;
	case C_GROUPS:
		for (i = 0; i < p->groups.n; i++)
			buf_addf(out, "%s%s", i ? "; " : "", p->groups.v[i]);
		break;
	case C_ROLE:
		buf_adds(out, p->role ? p->role : "");
		break;
	case C_START:
		buf_adds(out, p->start ? p->start : "");
		break;
	case C_STATE:
		person_summary(l, rw->li, out, 0);
		break;
	case C_MODULE:
		module_text(&l->m, rw->mi, out);
		break;
	case C_DUE:
		buf_adds(out, matrix_due(&l->m, rw->li, rw->mi)->date);
		break;
	case C_WHY:
	case C_CELL:
		i = c->id == C_CELL ? c->mi : rw->mi;
		s = matrix_state(&l->m, rw->li, i, l->m.today, &date);
		text = matrix_describe(s, date);
		buf_adds(out, text);
		free(text);
		break;
	}
}

/* The text row rw sorts by in column c: its cell, but the training column
 * sorts by how far behind a person is (up to date first; leavers last). */
static char *sort_key(const struct list *l, const struct row *rw,
		      const struct column *c)
{
	struct buf b = BUF_INIT;
	size_t counts[DUE_STATES];

	if (c->id != C_STATE) {
		cell_text(l, rw, c, &b);
		return buf_detach(&b);
	}
	if (l->m.learners[rw->li].left)
		return xstrdup("");
	matrix_person_dues(&l->m, rw->li, counts);
	return xasprintf("%09zu %09zu %09zu", counts[DUE_OVERDUE],
			 counts[DUE_SOON], counts[DUE_LATER]);
}

/* ---- sorting ---- */

/* Compares a and b as people read them: letters whatever their case, and
 * runs of digits by their value, so that T2 comes before T10. */
static int natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (digit(*a) && digit(*b)) {
			const char *x = a, *y = b;
			size_t nx, ny;
			int c;

			while (*x == '0' && digit(x[1]))
				x++;
			while (*y == '0' && digit(y[1]))
				y++;
			for (nx = 0; digit(x[nx]); nx++)
				;
			for (ny = 0; digit(y[ny]); ny++)
				;
			if (nx != ny)
				return nx < ny ? -1 : 1;
			if ((c = strncmp(x, y, nx)))
				return c;
			a = x + nx;
			b = y + ny;
			continue;
		}
		if (lower(*a) != lower(*b))
			return lower(*a) < lower(*b) ? -1 : 1;
		a++, b++;
	}
	return !!*a - !!*b;
}

/* qsort: by the sort column in the order asked, what has no value last
 * either way; then by reference and module, so that pages never share or
 * lose a row. */
static int row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	const struct matrix *m = &a->l->m;
	int c;

	if (!*a->key != !*b->key)
		return *a->key ? -1 : 1;
	c = natural_cmp(a->key, b->key);
	if (c)
		return a->l->desc ? -c : c;
	c = natural_cmp(m->learners[a->li].ref, m->learners[b->li].ref);
	if (!c)
		c = strcmp(m->learners[a->li].ref, m->learners[b->li].ref);
	if (!c)
		c = (a->mi > b->mi) - (a->mi < b->mi);
	return c;
}

/* Chooses and sorts the rows. */
static void choose_rows(struct list *l)
{
	size_t li, mi, ncols = l->kind->per_module ? matrix_columns(&l->m) : 1;
	size_t cap = 0;

	for (li = 0; li < l->m.nlearners; li++) {
		for (mi = 0; mi < ncols; mi++) {
			struct row *rw;

			if (!keeps(l, li, mi))
				continue;
			if (l->nrows == cap) {
				cap = cap ? 2 * cap : 64;
				l->rows = xrealloc(l->rows,
						   cap * sizeof(*l->rows));
			}
			rw = &l->rows[l->nrows++];
			rw->li = li;
			rw->mi = mi;
			rw->l = l;
			rw->key = sort_key(l, rw, l->sort);
		}
	}
	if (l->nrows)
		qsort(l->rows, l->nrows, sizeof(*l->rows), row_cmp);
}

/* Builds the matrix, reads the address and chooses the rows: 0, or -1
 * after an error page. */
static int list_make(struct list *l, struct web_request *r,
		     struct web_response *res, const struct kind *kind)
{
	size_t i, n;

	l->kind = kind;
	l->r = r;
	if (web_admin_build(r, res, NULL, &l->m) < 0)
		return -1;
	n = kind->ncols + (kind == &grid_kind ? matrix_columns(&l->m) : 0);
	l->cols = xcalloc(n, sizeof(*l->cols));
	memcpy(l->cols, kind->cols, kind->ncols * sizeof(*l->cols));
	for (i = kind->ncols; i < n; i++) {
		l->cols[i].id = C_CELL;
		l->cols[i].mi = i - kind->ncols;
	}
	l->ncols = n;
	if (read_query(l, res) < 0)
		return -1;
	choose_rows(l);
	return 0;
}

/* Frees what list_make made. */
static void list_free(struct list *l)
{
	size_t i;

	for (i = 0; i < l->nrows; i++)
		free(l->rows[i].key);
	free(l->rows);
	free(l->cols);
	matrix_free(&l->m);
}

/* ---- the page ---- */

/* The order to name in the list's addresses: NULL for the list's own. */
static const struct column *sort_asked(const struct list *l)
{
	return strcmp(l->sort->key, l->kind->sort) || l->desc ? l->sort :
								 NULL;
}

/* Appends "KEY=VALUE" to an address being written, after "?" the first
 * time and "&" (as &amp;) after that. */
static void url_part(struct buf *b, int *first, const char *key,
		     const char *value)
{
	html_raw(b, *first ? "?" : "&amp;");
	html_raw(b, key);
	html_raw(b, "=");
	html_url_part(b, value);
	*first = 0;
}

/* The list's address with its filters, as an attribute value: path, then
 * sort and dir when given (sort NULL: the list's own), then page when
 * more than 1. */
static void list_url(struct buf *b, const struct list *l, const char *path,
		     const struct column *sort, int desc, size_t page)
{
	int first = 1;

	html_attr(b, path);
	if (l->q)
		url_part(b, &first, "q", l->q);
	if (l->group)
		url_part(b, &first, "group", l->group);
	if (l->module >= 0) {
		char *mod = xasprintf("%s/%s", l->m.packs.v[l->module],
				      l->m.modules.v[l->module]);

		url_part(b, &first, "module", mod);
		free(mod);
	}
	if (l->state != &l->kind->states[0])
		url_part(b, &first, "state", l->state->key);
	if (sort)
		url_part(b, &first, "sort", sort->key);
	if (sort && desc)
		url_part(b, &first, "dir", "desc");
	if (page > 1) {
		char n[24];

		snprintf(n, sizeof(n), "%zu", page);
		url_part(b, &first, "page", n);
	}
}

/* The form that searches and filters, by GET so its answer has an
 * address; the order asked is kept. */
static void toolbar(struct buf *b, const struct list *l)
{
	const struct matrix *m = &l->m;
	size_t i;

	html_raw(b, "<form method=\"get\" action=\"");
	html_attr(b, l->kind->path);
	html_raw(b, "\" class=\"toolbar\" role=\"search\" aria-label=\"Search "
		 "and filter\">\n<div><label for=\"q\">Name, reference or "
		 "email</label>\n<input type=\"search\" id=\"q\" name=\"q\" "
		 "value=\"");
	html_attr(b, l->q);
	html_raw(b, "\"></div>\n<div><label for=\"group\">Group</label>\n"
		 "<select id=\"group\" name=\"group\">\n<option value=\"\">"
		 "Every group</option>\n");
	for (i = 0; i < m->ngroups; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, m->groups[i].name);
		html_raw(b, l->group == m->groups[i].name ? "\" selected>" :
			 "\">");
		html_txt(b, m->groups[i].name);
		html_raw(b, "</option>\n");
	}
	html_raw(b, "</select></div>\n<div><label for=\"state\">Training"
		 "</label>\n<select id=\"state\" name=\"state\">\n");
	for (i = 0; i < l->kind->nstates; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, l->kind->states[i].key);
		html_raw(b, l->state == &l->kind->states[i] ? "\" selected>" :
			 "\">");
		html_txt(b, l->kind->states[i].label);
		html_raw(b, "</option>\n");
	}
	html_raw(b, "</select></div>\n<div><label for=\"module\">Module"
		 "</label>\n<select id=\"module\" name=\"module\">\n"
		 "<option value=\"\">Every module</option>\n");
	for (i = 0; i < matrix_columns(m); i++) {
		char *v = xasprintf("%s/%s", m->packs.v[i], m->modules.v[i]);
		struct buf t = BUF_INIT;

		module_text(m, i, &t);
		html_raw(b, "<option value=\"");
		html_attr(b, v);
		html_raw(b, (long)i == l->module ? "\" selected>" : "\">");
		html_txt(b, t.s);
		html_raw(b, "</option>\n");
		free(v);
		buf_free(&t);
	}
	html_raw(b, "</select></div>\n");
	if (sort_asked(l)) {
		html_raw(b, "<input type=\"hidden\" name=\"sort\" value=\"");
		html_attr(b, l->sort->key);
		html_raw(b, "\">");
		if (l->desc)
			html_raw(b, "<input type=\"hidden\" name=\"dir\" "
				 "value=\"desc\">");
	}
	html_raw(b, "<div><button type=\"submit\">Show</button></div>\n"
		 "</form>\n");
}

/* A column's heading: a link that sorts by it (the other way when it is
 * the order now), marked with aria-sort when it is. */
static void heading(struct buf *b, const struct list *l,
		    const struct column *c)
{
	int sorted = c == l->sort;

	html_raw(b, "<th scope=\"col\"");
	if (sorted)
		html_raw(b, l->desc ? " aria-sort=\"descending\"" :
			 " aria-sort=\"ascending\"");
	html_raw(b, ">");
	if (c->key) {
		html_raw(b, "<a href=\"");
		list_url(b, l, l->kind->path, c, sorted && !l->desc, 1);
		html_raw(b, "\">");
	}
	if (c->id == C_CELL)
		web_admin_module_label(b, &l->m, c->mi);
	else
		html_txt(b, c->label);
	if (sorted)
		html_raw(b, l->desc ? " <span aria-hidden=\"true\">&#9660;"
			 "</span>" : " <span aria-hidden=\"true\">&#9650;"
			 "</span>");
	if (c->key)
		html_raw(b, "</a>");
	html_raw(b, "</th>");
}

/* A date cell's content: the date in words, or nothing. */
static void date_cell(struct buf *b, const char *date)
{
	if (date && *date)
		web_date(b, date);
}

/* One cell of the page. */
static void cell(struct buf *b, const struct list *l, const struct row *rw,
		 const struct column *c)
{
	const struct learner *p = &l->m.learners[rw->li];
	struct buf t = BUF_INIT;
	const char *date, *tag = c->id == C_NAME ? "th" : "td";
	enum cpd_state s = CPD_NEVER;

	if (c->id == C_WHY || c->id == C_CELL)
		s = matrix_state(&l->m, rw->li, c->id == C_CELL ? c->mi :
				 rw->mi, l->m.today, &date);
	html_raw(b, "<");
	html_raw(b, tag);
	if (c->id == C_NAME)
		html_raw(b, " scope=\"row\"");
	if (c->id == C_WHY || c->id == C_CELL) {
		html_raw(b, " class=\"");
		html_attr(b, web_admin_state_class(s));
		html_raw(b, "\"");
	}
	if (l->kind->stacked) {
		html_raw(b, " data-label=\"");
		html_attr(b, c->label);
		html_raw(b, "\"");
	}
	html_raw(b, ">");
	switch (c->id) {
	case C_NAME:
		web_admin_person_link(b, p);
		break;
	case C_START:
		date_cell(b, p->start);
		break;
	case C_DUE:
		date_cell(b, matrix_due(&l->m, rw->li, rw->mi)->date);
		break;
	case C_MODULE:
		web_admin_module_label(b, &l->m, rw->mi);
		break;
	case C_STATE:
		person_summary(l, rw->li, &t, 1);
		html_txt(b, t.s);
		if (p->left)
			web_date(b, p->left);
		break;
	case C_WHY:
	case C_CELL: {
		/* The page gives dates in words; the download, ISO. */
		char *text = matrix_describe_words(s, date);

		html_txt(b, text);
		free(text);
		break;
	}
	default:
		cell_text(l, rw, c, &t);
		html_txt(b, t.s);
		break;
	}
	html_raw(b, "</");
	html_raw(b, tag);
	html_raw(b, ">");
	buf_free(&t);
}

/* Previous and next, and where this page is. */
static void pager(struct buf *b, const struct list *l, size_t pages)
{
	html_raw(b, "<nav class=\"pager\" aria-label=\"Pages\">\n");
	if (l->page > 1) {
		html_raw(b, "<a href=\"");
		list_url(b, l, l->kind->path, sort_asked(l), l->desc,
			 l->page - 1);
		html_raw(b, "\" rel=\"prev\">Previous page</a>\n");
	} else {
		html_raw(b, "<span>Previous page</span>\n");
	}
	html_raw(b, "<span>");
	html_txtf(b, "Page %zu of %zu", l->page, pages);
	html_raw(b, "</span>\n");
	if (l->page < pages) {
		html_raw(b, "<a href=\"");
		list_url(b, l, l->kind->path, sort_asked(l), l->desc,
			 l->page + 1);
		html_raw(b, "\" rel=\"next\">Next page</a>\n");
	} else {
		html_raw(b, "<span>Next page</span>\n");
	}
	html_raw(b, "</nav>\n");
}

/* What the list shows now, in words: "overdue, in Teaching staff,
 * matching "smith"". */
static void describe(struct buf *b, const struct list *l)
{
	html_txt(b, l->state->label);
	if (l->group) {
		html_txt(b, ", in ");
		html_txt(b, l->group);
	}
	if (l->module >= 0) {
		struct buf t = BUF_INIT;

		module_text(&l->m, (size_t)l->module, &t);
		html_txtf(b, ", %s %s", l->kind->per_module ? "of" : "for",
			  t.s);
		buf_free(&t);
	}
	if (l->q)
		html_txtf(b, ", matching \"%s\"", l->q);
}

/* GET on a list's page: its filters, a page of its rows, the pager and
 * the download. */
static int list_page(struct web_request *r, struct web_response *res,
		     const struct kind *kind)
{
	struct list l = { 0 };
	struct buf *b = &res->body;
	size_t pages, first, last, i, j;
	char *caption;

	if (web_admin_refused(r, res))
		return -1;
	if (list_make(&l, r, res, kind) < 0)
		goto out;
	pages = l.nrows ? (l.nrows + PAGE_ROWS - 1) / PAGE_ROWS : 1;
	if (l.page > pages)
		l.page = pages;
	first = (l.page - 1) * PAGE_ROWS;
	last = first + PAGE_ROWS < l.nrows ? first + PAGE_ROWS : l.nrows;
	web_page_begin_wide(b, r, kind->title);
	html_raw(b, "<p><a href=\"/admin\">Back to the dashboard</a></p>\n");
	if (kind == &staff_kind && web_admin_may_change(r))
		html_raw(b, "<p><a class=\"button\" href=\"/admin/staff/new\">"
			 "Add a member of staff</a></p>\n");
	web_admin_broken_packs(b, &l.m);
	toolbar(b, &l);
	html_raw(b, "<p role=\"status\">");
	if (!l.nrows) {
		html_raw(b, "Nothing to show: ");
		describe(b, &l);
		html_raw(b, ".</p>\n");
	} else {
		html_txtf(b, "Showing %zu\xe2\x80\x93%zu of %zu %s: ",
			  first + 1, last, l.nrows, plural((long)l.nrows,
				kind->noun, kind->nouns));
		describe(b, &l);
		html_raw(b, ".</p>\n");
		caption = xasprintf("%s, page %zu of %zu", kind->title,
				    l.page, pages);
		if (kind->stacked)
			web_admin_stack_begin(b, caption);
		else
			web_admin_table_begin(b, caption);
		free(caption);
		html_raw(b, "<thead>\n<tr>");
		for (j = 0; j < l.ncols; j++)
			heading(b, &l, &l.cols[j]);
		html_raw(b, "</tr>\n</thead>\n<tbody>\n");
		for (i = first; i < last; i++) {
			html_raw(b, "<tr>");
			for (j = 0; j < l.ncols; j++)
				cell(b, &l, &l.rows[i], &l.cols[j]);
			html_raw(b, "</tr>\n");
		}
		html_raw(b, "</tbody>\n</table>\n</div>\n");
		pager(b, &l, pages);
	}
	html_raw(b, "<p><a href=\"");
	caption = xasprintf("%s.csv", kind->path);
	list_url(b, &l, caption, sort_asked(&l), l.desc, 1);
	free(caption);
	html_raw(b, "\" download>Download as CSV (spreadsheet)</a>: every "
		 "page of this list.</p>\n");
	web_page_end(b);
out:
	list_free(&l);
	return 0;
}

/* GET on a list's .csv: every row the page would list, in its order, with
 * its columns (dates as ISO 8601, which spreadsheets read). */
static int list_csv(struct web_request *r, struct web_response *res,
		    const struct kind *kind)
{
	struct list l = { 0 };
	struct buf *b = &res->body, t = BUF_INIT;
	const char **fields;
	char **texts;
	size_t i, j;

	if (web_admin_refused(r, res))
		return -1;
	if (list_make(&l, r, res, kind) < 0)
		goto out;
	fields = xcalloc(l.ncols + 1, sizeof(*fields));
	texts = xcalloc(l.ncols + 1, sizeof(*texts));
	buf_adds(b, "\xef\xbb\xbf");
	for (j = 0; j < l.ncols; j++) {
		if (l.cols[j].id == C_CELL) {
			module_text(&l.m, l.cols[j].mi, &t);
			texts[j] = buf_detach(&t);
		}
		fields[j] = texts[j] ? texts[j] : l.cols[j].label;
	}
	csv_row_add(b, fields, l.ncols);
	for (i = 0; i < l.nrows; i++) {
		for (j = 0; j < l.ncols; j++) {
			free(texts[j]);
			cell_text(&l, &l.rows[i], &l.cols[j], &t);
			fields[j] = texts[j] = buf_detach(&t);
		}
		csv_row_add(b, fields, l.ncols);
	}
	for (j = 0; j < l.ncols; j++)
		free(texts[j]);
	free(texts);
	free(fields);
	res->type = "text/csv; charset=utf-8";
	free(res->filename);
	res->filename = xasprintf("vigil-%s-%s.csv", kind->file, l.m.today);
out:
	list_free(&l);
	return 0;
}

/* GET /admin/staff: everyone in post (or the leavers), with where each
 * stands. */
static int staff_get(struct web_request *r, struct web_response *res)
{
	return list_page(r, res, &staff_kind);
}

/* GET /admin/staff.csv: the staff list, every page. */
static int staff_csv(struct web_request *r, struct web_response *res)
{
	return list_csv(r, res, &staff_kind);
}

/* GET /admin/overdue: each module a person in post is overdue with (or
 * due soon, with state=soon), and why. */
static int overdue_get(struct web_request *r, struct web_response *res)
{
	return list_page(r, res, &overdue_kind);
}

/* GET /admin/overdue.csv: the overdue (or due-soon) list, every page. */
static int overdue_csv(struct web_request *r, struct web_response *res)
{
	return list_csv(r, res, &overdue_kind);
}

/* GET /admin/grid: each person × every module, as the records stand. */
static int grid_get(struct web_request *r, struct web_response *res)
{
	return list_page(r, res, &grid_kind);
}

/* GET /admin/grid.csv: the completion grid, every page. */
static int grid_csv(struct web_request *r, struct web_response *res)
{
	return list_csv(r, res, &grid_kind);
}

const struct web_route web_admin_lists_routes[] = {
	{ "GET", "/admin/staff", staff_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/staff.csv", staff_csv, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/overdue", overdue_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/overdue.csv", overdue_csv, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/grid", grid_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/grid.csv", grid_csv, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
