/*
 * web-admin-staff.c - one member of staff in the DSL's pages of `vigil
 * serve`, by reference in the address (/admin/staff/T200): their details,
 * groups and first day, where they stand with each module and every
 * attempt; adding a person, changing them, marking a leaver and back,
 * their admin role and password (SPEC §4).  Forgetting them is
 * web-admin-forget.c.
 *
 * Every change goes through the store, which writes its audit row in the
 * change's own transaction, naming the actor the request set.  Bad input
 * shows the form again with the error by its field and what was typed
 * kept; a change made redirects (303) to the person's page with a notice.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cpd.h"
#include "html.h"
#include "learner.h"
#include "matrix.h"
#include "password.h"
#include "sessioncache.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"
#include "words.h"

static const struct web_notice notices[] = {
	{ "added", "Added. They can now be given a sign-in link." },
	{ "saved", "Their details are saved." },
	{ "left", "Marked as a leaver. Their records stay; they cannot sign "
		  "in and are not due or reminded." },
	{ "back", "Back in post." },
	{ "role", "Their admin role is changed." },
	{ "password", "Their password is set." },
	{ "emailed", "A new sign-in link is on its way to their email, and "
		     "the one before no longer works. The mail log on the "
		     "Reminders page shows when the mail server has taken "
		     "it." },
	{ NULL, NULL }
};

/* What a form sent, kept to show again, and what is wrong with it. */
struct person_form {
	const char *form;	/* which form: "edit", "new", "leave", "role",
				   "password"; NULL: none sent */
	char *ref, *name, *email, *job, *start, *new_group, *left_on;
	struct strv groups;	/* ticked */
	const char *field;	/* the field in error */
	char *err;
};

#define PERSON_FORM(which) { which, NULL, NULL, NULL, NULL, NULL, NULL, \
				 NULL, STRV_INIT, NULL, NULL }

static void person_form_free(struct person_form *f)
{
	free(f->ref);
	free(f->name);
	free(f->email);
	free(f->job);
	free(f->start);
	free(f->new_group);
	free(f->left_on);
	strv_free(&f->groups);
	free(f->err);
}

/* Records a problem with field (msg malloc'd); returns -1. */
static int problem(struct person_form *f, const char *field, char *msg)
{
	f->field = field;
	free(f->err);
	f->err = msg;
	return -1;
}

/* The person the path's first "*" names (exactly, else by ref or email
 * in any case): 1, 0 after a 404 page, -1 after a 500 page. */
int web_admin_path_person(struct web_request *r, struct web_response *res,
			  struct learner *l)
{
	const char *ref = web_arg(r, 0);
	char *msg = NULL;
	int found;

	memset(l, 0, sizeof(*l));
	found = store_learner_get(r->st, ref ? ref : "", l, &msg);
	if (found == 0)
		found = store_learner_find(r->st, ref ? ref : "", l, &msg);
	if (found < 0)
		return web_admin_failed(r, res, msg);
	if (!found)
		web_error_page(r, res, 404, "No such person",
			       "There is nobody with that reference in the "
			       "roster; they may have been forgotten.");
	return found;
}

/* Redirects to the person's page with a notice. */
static void to_person(struct web_response *res, const char *ref,
		      const char *done)
{
	char *path = web_admin_staff_path(ref, "");

	web_redirect(res, "%s?done=%s", path, done);
	free(path);
}

/* An href to the person's page and a suffix. */
static void person_href(struct buf *b, const char *ref, const char *suffix)
{
	char *path = web_admin_staff_path(ref, suffix);

	html_attr(b, path);
	free(path);
}

/* ---- what the page shows ---- */

/* The way to email the person a new link: a button when they have an
 * address and the mail server is set, else what is missing. */
static void person_email_link(struct buf *b, const struct web_request *r,
			      const struct learner *l)
{
	char *msg = NULL;
	int ready;

	if (!l->email) {
		html_raw(b, "<p>With an email address in their details, the "
			 "link could be emailed to them.</p>\n");
		return;
	}
	ready = web_mail_ready(r->st, &msg);
	free(msg);
	if (ready <= 0) {
		html_raw(b, "<p>To email it to them instead, <a href=\""
			 "/admin/settings\">set the mail server in the "
			 "settings</a>.</p>\n");
		return;
	}
	html_raw(b, "<form method=\"post\" action=\"");
	person_href(b, l->ref, "/link/email");
	html_raw(b, "\">\n");
	web_csrf_field(b, r);
	html_raw(b, "\n<p><button type=\"submit\">Email them a new sign-in "
		 "link</button> at ");
	html_txt(b, l->email);
	html_raw(b, "</p>\n</form>\n");
}

/* A stored time in words (web_time), or "-". */
static void time_cell(struct buf *b, const char *t)
{
	if (!t || !*t)
		html_raw(b, "-");
	else
		web_time(b, t);
}

/* A person's history as its rows are made: the rows, and the school's
 * words for the titles the attempts stored as written. */
struct history {
	struct buf rows;
	struct words words;
};

/* store_attempts callback: one row of a person's history. */
static int history_row(void *ctx, const struct attempt *a)
{
	struct history *h = ctx;
	struct buf *b = &h->rows;
	char *title = words_title(&h->words, a->module_title, a->module);

	html_raw(b, "<tr><td data-label=\"Attempt\">");
	html_txtf(b, "%" PRId64, a->id);
	html_raw(b, "</td><td data-label=\"Module\">");
	html_txt(b, title);
	free(title);
	html_raw(b, " <small>(");
	html_txt(b, a->pack);
	html_raw(b, "/");
	html_txt(b, a->module);
	html_raw(b, ", version ");
	html_txt(b, a->pack_version);
	html_raw(b, ")</small></td><td data-label=\"Result\">");
	if (a->status == ATTEMPT_PASSED || a->status == ATTEMPT_NOT_PASSED)
		html_txtf(b, "%s %d/%d (%d%%)", attempt_status_name(a->status),
			  a->score, a->max, a->percent);
	else
		html_txt(b, attempt_status_name(a->status));
	html_raw(b, "</td><td data-label=\"Started\">");
	time_cell(b, a->started);
	html_raw(b, "</td><td data-label=\"Finished\">");
	time_cell(b, a->ended);
	html_raw(b, "</td><td data-label=\"Expires\">");
	if (a->status != ATTEMPT_PASSED)
		html_raw(b, "-");
	else if (a->expires)
		web_date(b, a->expires);
	else
		html_raw(b, "never");
	html_raw(b, "</td><td data-label=\"Certificate\">");
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

/* Where one person stands with each module today, and when each is due
 * (SPEC §4). */
static void standing(struct buf *b, const struct matrix *m)
{
	char words[WORDS_LEN], *caption;
	size_t mi;

	html_raw(b, "<h2>Where they stand</h2>\n");
	if (!m->nlearners || !matrix_columns(m)) {
		html_raw(b, "<p>No packs are installed.</p>\n");
		return;
	}
	fmt_date_words(m->today, words, sizeof(words));
	caption = xasprintf("Each module, on %s", words);
	web_admin_table_begin(b, caption);
	free(caption);
	html_raw(b, "<thead>\n<tr><th scope=\"col\">Module</th>"
		 "<th scope=\"col\">Status</th><th scope=\"col\">Due</th>"
		 "</tr>\n</thead>\n<tbody>\n");
	for (mi = 0; mi < matrix_columns(m); mi++) {
		const char *date;
		enum cpd_state s = matrix_state(m, 0, mi, m->today, &date);
		const struct due *d = matrix_due(m, 0, mi);
		char *text = matrix_describe_words(s, date);

		html_raw(b, "<tr><th scope=\"row\">");
		web_admin_module_label(b, m, mi);
		html_raw(b, "</th><td data-label=\"Status\" class=\"");
		html_attr(b, web_admin_state_class(s));
		html_raw(b, "\">");
		html_txt(b, text);
		html_raw(b, "</td><td data-label=\"Due\">");
		html_txt(b, due_state_name(d->state));
		if (*d->date && d->state != DUE_NONE) {
			html_raw(b, d->state == DUE_OVERDUE ? ", since " :
				 ", by ");
			web_date(b, d->date);
		}
		html_raw(b, "</td></tr>\n");
		free(text);
	}
	html_raw(b, "</tbody>\n</table>\n</div>\n");
}

/* A row of the details list. */
static void detail(struct buf *b, const char *term, const char *value,
		   int date)
{
	html_raw(b, "<dt>");
	html_txt(b, term);
	html_raw(b, "</dt><dd>");
	if (value && *value && date)
		web_date(b, value);
	else
		html_txt(b, value && *value ? value : "not known");
	html_raw(b, "</dd>\n");
}

/* Who they are: the details list. */
static void details(struct buf *b, const struct learner *l)
{
	size_t i;

	html_raw(b, "<h2>Details</h2>\n<dl>\n");
	detail(b, "Reference", l->ref, 0);
	detail(b, "Email", l->email, 0);
	detail(b, "Job role", l->role, 0);
	html_raw(b, "<dt>Groups</dt><dd>");
	for (i = 0; i < l->groups.n; i++) {
		html_txt(b, i ? ", " : "");
		html_txt(b, l->groups.v[i]);
	}
	html_raw(b, l->groups.n ? "" : "none");
	html_raw(b, "</dd>\n");
	detail(b, "First day in post", l->start, 1);
	if (l->left)
		detail(b, "Left on", l->left, 1);
	detail(b, "Admin role", l->access ? l->access : "none", 0);
	html_raw(b, "<dt>In the roster since</dt><dd>");
	if (l->added && *l->added)
		web_time(b, l->added);
	else
		html_raw(b, "not known");
	html_raw(b, "</dd>\n");
	html_raw(b, "</dl>\n");
}

/* The checkboxes of every group, ticked as `ticked` says, and a field for
 * a new one. */
static void group_fields(struct buf *b, const struct group_info *g,
			 size_t ng, const struct strv *ticked,
			 const struct person_form *f)
{
	size_t i;

	html_raw(b, "<fieldset>\n<legend>Groups</legend>\n");
	if (!ng)
		html_raw(b, "<p>There are no groups yet.</p>\n");
	for (i = 0; i < ng; i++) {
		html_raw(b, "<div class=\"option\"><input type=\"checkbox\" "
			 "name=\"groups\" id=\"group-");
		html_txtf(b, "%zu", i);
		html_raw(b, "\" value=\"");
		html_attr(b, g[i].name);
		html_raw(b, ticked && strv_has(ticked, g[i].name) ?
			 "\" checked>" : "\">");
		html_raw(b, "<label for=\"group-");
		html_txtf(b, "%zu", i);
		html_raw(b, "\">");
		html_txt(b, g[i].name);
		html_raw(b, "</label></div>\n");
	}
	{
		struct web_field nf = { "new_group", "A new group", "text",
			f ? f->new_group : NULL, "Type a name to make a group "
			"and put them in it.", f && f->field &&
			!strcmp(f->field, "new_group") ? f->err : NULL, NULL };

		web_admin_field(b, &nf);
	}
	html_raw(b, "</fieldset>\n");
}

/* The error of field in f, or NULL. */
static const char *err_of(const struct person_form *f, const char *field)
{
	return f && f->field && !strcmp(f->field, field) ? f->err : NULL;
}

/*
 * The fields of a person, filled from f when it was sent (to show it
 * again), else from l (NULL for a new person); with the reference for a
 * new person.
 */
static void person_fields(struct buf *b, const struct learner *l,
			  const struct person_form *f,
			  const struct group_info *g, size_t ng)
{
	int sent = f && f->form && (!strcmp(f->form, "edit") ||
				     !strcmp(f->form, "new"));
	struct web_field fields[] = {
		{ "ref", "Staff reference", "text", sent ? f->ref : NULL,
		  "A staff number or an email address: it cannot be changed "
		  "later.", err_of(f, "ref"), "required spellcheck=\"false\" "
		  "autocapitalize=\"none\"" },
		{ "name", "Name", "text", sent ? f->name : l ? l->name : NULL,
		  NULL, err_of(f, "name"), "required autocomplete=\"off\"" },
		{ "email", "Email (optional)", "email", sent ? f->email :
		  l ? l->email : NULL, NULL, err_of(f, "email"),
		  "autocomplete=\"off\" spellcheck=\"false\"" },
		{ "job", "Job role (optional)", "text", sent ? f->job :
		  l ? l->role : NULL, "For example: Teacher, Teaching "
		  "assistant, Governor.", err_of(f, "job"), NULL },
		{ "start", "First day in post", "date", sent ? f->start :
		  l ? l->start : NULL, l ? "As YYYY-MM-DD. Modules are due "
		  "within some days of it." : "As YYYY-MM-DD; left empty, "
		  "today. Modules are due within some days of it.",
		  err_of(f, "start"), NULL },
	};
	size_t i;

	for (i = l ? 1 : 0; i < ARRAY_SIZE(fields); i++)
		web_admin_field(b, &fields[i]);
	group_fields(b, g, ng, sent ? &f->groups : l ? &l->groups : NULL, f);
}

/* The forms that change a person, for those who may change records. */
static void change_forms(struct buf *b, struct web_request *r,
			 const struct learner *l, const struct person_form *f,
			 const struct group_info *g, size_t ng)
{
	char today[DATE_LEN];
	struct web_field on = { "left_on", "Last day", "date",
		f && f->left_on ? f->left_on : today, "As YYYY-MM-DD.",
		err_of(f, "left_on"), NULL };
	static const char *const roles[][2] = {
		{ "none", "No role: their own training only" },
		{ "dsl", "DSL: sees and changes everything" },
		{ "deputy", "Deputy: sees and changes everything" },
		{ "viewer", "Viewer: sees everything, changes nothing" },
	};
	size_t i;

	fmt_date(vigil_now(), today);
	html_raw(b, "<h2>Change their details</h2>\n<form method=\"post\" "
		 "action=\"");
	person_href(b, l->ref, "");
	html_raw(b, "\">\n");
	web_csrf_field(b, r);
	html_raw(b, "\n");
	person_fields(b, l, f, g, ng);
	html_raw(b, "<p><button type=\"submit\">Save</button></p>\n</form>\n");

	if (!l->left) {
		html_raw(b, "<h2>Sign-in link</h2>\n<p>A personal link signs "
			 "them in to their training with no password. Making "
			 "a new one stops the one made before from working; "
			 "it is shown once.</p>\n<form method=\"post\" "
			 "action=\"");
		person_href(b, l->ref, "/link");
		html_raw(b, "\">\n");
		web_csrf_field(b, r);
		html_raw(b, "\n<p><button type=\"submit\">Make a sign-in link"
			 "</button></p>\n</form>\n");
		person_email_link(b, r, l);
	}

	html_raw(b, "<h2>Leaving</h2>\n");
	if (!l->left) {
		html_raw(b, "<p>A leaver keeps every record, cannot sign in, "
			 "and is never due, overdue or reminded.</p>\n"
			 "<form method=\"post\" action=\"");
		person_href(b, l->ref, "/leave");
		html_raw(b, "\">\n");
		web_csrf_field(b, r);
		html_raw(b, "\n");
		web_admin_field(b, &on);
		html_raw(b, "<p><button type=\"submit\">Mark as leaver</button>"
			 "</p>\n</form>\n");
	} else {
		html_raw(b, "<form method=\"post\" action=\"");
		person_href(b, l->ref, "/return");
		html_raw(b, "\">\n");
		web_csrf_field(b, r);
		html_raw(b, "\n<p><button type=\"submit\">Back in post</button>"
			 "</p>\n</form>\n");
	}

	html_raw(b, "<h2>Admin role</h2>\n");
	if (err_of(f, "access")) {
		html_raw(b, "<p class=\"error\" id=\"access-error\">");
		html_txt(b, err_of(f, "access"));
		html_raw(b, "</p>\n");
	}
	html_raw(b, "<form method=\"post\" action=\"");
	person_href(b, l->ref, "/role");
	html_raw(b, "\">\n");
	web_csrf_field(b, r);
	html_raw(b, "\n<fieldset id=\"access\"");
	if (err_of(f, "access"))
		html_raw(b, " aria-describedby=\"access-error\"");
	html_raw(b, ">\n<legend>What they may do in these pages</legend>\n");
	for (i = 0; i < ARRAY_SIZE(roles); i++) {
		int held = !strcmp(l->access ? l->access : "none",
				   roles[i][0]);

		html_raw(b, "<div class=\"option\"><input type=\"radio\" "
			 "name=\"access\" id=\"access-");
		html_txtf(b, "%zu", i);
		html_raw(b, "\" value=\"");
		html_attr(b, roles[i][0]);
		html_raw(b, held ? "\" checked>" : "\">");
		html_raw(b, "<label for=\"access-");
		html_txtf(b, "%zu", i);
		html_raw(b, "\">");
		html_txt(b, roles[i][1]);
		html_raw(b, "</label></div>\n");
	}
	html_raw(b, "</fieldset>\n<p><button type=\"submit\">Change the role"
		 "</button></p>\n</form>\n");
	if (l->access) {
		struct web_field pw[] = {
			{ "new_password", "New password", "password", NULL,
			  "At least 12 characters; three or four ordinary "
			  "words make a good one.", err_of(f, "new_password"),
			  "autocomplete=\"new-password\" required" },
			{ "new_password2", "The same password again",
			  "password", NULL, NULL, err_of(f, "new_password2"),
			  "autocomplete=\"new-password\" required" },
		};

		html_raw(b, "<h3>Password</h3>\n<p>With a password they can "
			 "sign in at <a href=\"/admin/signin\">the records' "
			 "sign-in page</a> with their reference or email, as "
			 "well as with their personal link.</p>\n"
			 "<form method=\"post\" action=\"");
		person_href(b, l->ref, "/password");
		html_raw(b, "\">\n");
		web_csrf_field(b, r);
		html_raw(b, "\n");
		web_admin_field(b, &pw[0]);
		web_admin_field(b, &pw[1]);
		html_raw(b, "<p><button type=\"submit\">Set the password"
			 "</button></p>\n</form>\n");
	}

	html_raw(b, "<h2>Forget this person</h2>\n<p>When someone asks to be "
		 "erased, everything held about them can be removed. You will "
		 "be asked to confirm.</p>\n<p><a class=\"button\" href=\"");
	person_href(b, l->ref, "/forget");
	html_raw(b, "\">Forget this person</a></p>\n");
}

/*
 * The person's page, with f (if sent) shown again in its form with its
 * error; status is the response's.  Returns 0, or -1 after a 500 page.
 */
static int person_page(struct web_request *r, struct web_response *res,
		       const struct learner *l, const struct person_form *f,
		       int status)
{
	struct attempt_filter af = { 0 };
	struct matrix m = MATRIX_INIT;
	struct buf *b = &res->body;
	struct history h = { BUF_INIT, WORDS_INIT };
	struct group_info *g = NULL;
	size_t ng = 0, i;
	char *msg = NULL;
	int ret = -1;

	web_words(r, &h.words);
	if (web_admin_build(r, res, l->ref, &m) < 0)
		goto out;
	af.learner = l->ref;
	if (store_attempts(r->st, &af, history_row, &h, &msg) < 0 ||
	    store_group_list(r->st, &g, &ng, &msg) < 0) {
		web_admin_failed(r, res, msg);
		goto out;
	}
	res->status = status;
	b->len = 0;
	web_page_begin_wide(b, r, l->name);
	if (f && f->err)
		web_admin_problem(b, f->field, f->err);
	web_admin_notice(b, r, notices);
	html_raw(b, "<p><a href=\"/admin/staff\">All staff</a> · <a "
		 "href=\"/admin\">Completion records</a></p>\n");
	if (l->left) {
		html_raw(b, "<p class=\"notice\">They left on ");
		web_date(b, l->left);
		html_raw(b, ". Their records stay; they cannot sign in, and "
			 "are never due or reminded.</p>\n");
	}
	details(b, l);
	standing(b, &m);
	html_raw(b, "<h2>Every attempt</h2>\n");
	if (!h.rows.len) {
		html_raw(b, "<p>No attempts yet.</p>\n");
	} else {
		web_admin_stack_begin(b, "Every attempt, oldest first");
		html_raw(b, "<thead>\n<tr>"
			 "<th scope=\"col\">Attempt</th>"
			 "<th scope=\"col\">Module</th>"
			 "<th scope=\"col\">Result</th>"
			 "<th scope=\"col\">Started</th>"
			 "<th scope=\"col\">Finished</th>"
			 "<th scope=\"col\">Expires</th>"
			 "<th scope=\"col\">Certificate</th></tr>\n</thead>\n"
			 "<tbody>\n");
		buf_add(b, h.rows.s, h.rows.len);
		html_raw(b, "</tbody>\n</table>\n</div>\n");
	}
	if (web_admin_may_change(r))
		change_forms(b, r, l, f, g, ng);
	else
		html_raw(b, "<p>As a viewer you can see this page, but not "
			 "change it.</p>\n");
	web_page_end(b);
	ret = 0;
out:
	for (i = 0; i < ng; i++)
		group_info_clear(&g[i]);
	free(g);
	buf_free(&h.rows);
	words_free(&h.words);
	matrix_free(&m);
	return ret;
}

/* GET /admin/staff/REF: who they are, where they stand, every attempt,
 * and (for those who may) the forms that change them. */
static int person_get(struct web_request *r, struct web_response *res)
{
	struct learner l;
	int ret;

	if (web_admin_refused(r, res))
		return -1;
	if (web_admin_path_person(r, res, &l) <= 0)
		return 0;
	ret = person_page(r, res, &l, NULL, 200);
	learner_clear(&l);
	return ret;
}

/* GET /admin/learners/ID (and /forget): the addresses by number of
 * before, sent on to the person's address by reference. */
static int learner_number_get(struct web_request *r,
			      struct web_response *res)
{
	struct learner l;
	char *msg = NULL, *path;
	int64_t id;
	int found;

	if (web_admin_refused(r, res))
		return -1;
	id = (int64_t)web_number(web_arg(r, 0), INT64_MAX);
	found = !id ? 0 : store_learner_by_id(r->st, id, &l, &msg);
	if (found < 0)
		return web_admin_failed(r, res, msg);
	if (!found) {
		web_error_page(r, res, 404, "No such person",
			       "There is nobody with that number in the "
			       "roster; they may have been forgotten.");
		return 0;
	}
	path = web_admin_staff_path(l.ref, strstr(r->path, "/forget") ?
				    "/forget" : "");
	web_redirect(res, "%s", path);
	free(path);
	learner_clear(&l);
	return 0;
}

/* ---- reading the person form ---- */

/* Reads the fields of the person form into f, and checks them into l
 * (for a new person with the reference too): 0, or -1 with f's error. */
static int read_person(const struct web_request *r, struct person_form *f,
		       struct learner *l, int with_ref)
{
	char *problem_of;
	time_t t;
	char *msg = NULL;
	size_t i, n = web_form_count(r, "groups");

	f->ref = web_admin_trimmed(r, "ref");
	f->name = web_admin_trimmed(r, "name");
	f->email = web_admin_trimmed(r, "email");
	f->job = web_admin_trimmed(r, "job");
	f->start = web_admin_trimmed(r, "start");
	f->new_group = web_admin_trimmed(r, "new_group");
	for (i = 0; i < n; i++)
		strv_add_once(&f->groups, web_form_nth(r, "groups", i));
	l->ref = xstrdup(with_ref ? f->ref : "x");
	l->name = xstrdup(f->name);
	l->email = *f->email ? xstrdup(f->email) : NULL;
	l->role = *f->job ? xstrdup(f->job) : NULL;
	if (with_ref && !*f->ref)
		return problem(f, "ref", xstrdup("Enter their staff "
						 "reference."));
	if (!*f->name)
		return problem(f, "name", xstrdup("Enter their name."));
	if (learner_check(l, &msg) < 0) {
		const char *field = !strncmp(msg, "the ref", 7) ? "ref" :
				    !strncmp(msg, "the email", 9) ? "email" :
				    !strncmp(msg, "the role", 8) ? "job" :
				    "name";

		msg[0] = 'T';
		return problem(f, field, msg);
	}
	if (*f->start && (strlen(f->start) != 10 ||
			  parse_time(f->start, &t) < 0))
		return problem(f, "start", xstrdup("Give the first day as a "
						   "date, YYYY-MM-DD."));
	if (*f->new_group) {
		problem_of = web_admin_group_problem(f->new_group);
		if (problem_of)
			return problem(f, "new_group", problem_of);
		strv_add_once(&f->groups, f->new_group);
	}
	for (i = 0; i < f->groups.n; i++) {
		problem_of = web_admin_group_problem(f->groups.v[i]);
		if (problem_of)
			return problem(f, "new_group", problem_of);
	}
	strv_sort(&f->groups);
	for (i = 0; i < f->groups.n; i++)
		strv_push(&l->groups, f->groups.v[i]);
	l->start = *f->start ? xstrdup(f->start) : NULL;
	return 0;
}

/* POST /admin/staff/REF: saves the details form. */
static int person_post(struct web_request *r, struct web_response *res)
{
	struct person_form f = PERSON_FORM("edit");
	struct learner l, nl = { 0 };
	char *msg = NULL;
	int found, ret = 0;

	if (web_admin_refused(r, res))
		return -1;
	if (web_admin_path_person(r, res, &l) <= 0)
		return 0;
	if (read_person(r, &f, &nl, 0) == 0 && !nl.start)
		problem(&f, "start", xstrdup("Give their first day, "
					     "YYYY-MM-DD."));
	if (f.err) {
		ret = person_page(r, res, &l, &f, 422);
		goto out;
	}
	found = store_learner_edit(r->st, l.ref, &nl, LEARNER_NAME |
				   LEARNER_EMAIL | LEARNER_ROLE |
				   LEARNER_GROUPS | LEARNER_START, &msg);
	if (found < 0) {
		ret = web_admin_failed(r, res, msg);
		goto out;
	}
	to_person(res, l.ref, "saved");
out:
	person_form_free(&f);
	learner_clear(&nl);
	learner_clear(&l);
	return ret;
}

/* ---- adding a person ---- */

/* The page to add a person, with f shown again if sent. */
static int new_page(struct web_request *r, struct web_response *res,
		    const struct person_form *f, int status)
{
	struct buf *b = &res->body;
	struct group_info *g = NULL;
	size_t ng = 0, i;
	char *msg = NULL;

	if (store_group_list(r->st, &g, &ng, &msg) < 0)
		return web_admin_failed(r, res, msg);
	res->status = status;
	b->len = 0;
	web_page_begin(b, r, "Add a member of staff");
	if (f && f->err)
		web_admin_problem(b, f->field, f->err);
	html_raw(b, "<p><a href=\"/admin/staff\">All staff</a> · To add many "
		 "at once, <a href=\"/admin/import\">import the staff list"
		 "</a>.</p>\n");
	if (!web_admin_may_change(r)) {
		html_raw(b, "<p>As a viewer you can see these pages, but not "
			 "add anyone.</p>\n");
	} else {
		html_raw(b, "<form method=\"post\" action=\"/admin/staff/"
			 "new\">\n");
		web_csrf_field(b, r);
		html_raw(b, "\n");
		person_fields(b, NULL, f, g, ng);
		html_raw(b, "<p><button type=\"submit\">Add</button></p>\n"
			 "</form>\n");
	}
	web_page_end(b);
	for (i = 0; i < ng; i++)
		group_info_clear(&g[i]);
	free(g);
	return 0;
}

/* GET /admin/staff/new. */
static int new_get(struct web_request *r, struct web_response *res)
{
	if (web_admin_refused(r, res))
		return -1;
	return new_page(r, res, NULL, 200);
}

/* POST /admin/staff/new: adds the person, or shows the form again. */
static int new_post(struct web_request *r, struct web_response *res)
{
	struct person_form f = PERSON_FORM("new");
	struct learner l = { 0 }, known = { 0 };
	char *msg = NULL;
	int found, ret = 0;

	if (web_admin_refused(r, res))
		return -1;
	if (read_person(r, &f, &l, 1) == 0) {
		found = store_learner_get(r->st, l.ref, &known, &msg);
		learner_clear(&known);
		if (found < 0) {
			ret = web_admin_failed(r, res, msg);
			goto out;
		}
		if (found)
			problem(&f, "ref", xasprintf("Someone in the roster "
				"already has the reference %s.", l.ref));
	}
	if (f.err) {
		ret = new_page(r, res, &f, 422);
		goto out;
	}
	if (store_learner_add(r->st, &l, &msg) < 0) {
		ret = web_admin_failed(r, res, msg);
		goto out;
	}
	to_person(res, l.ref, "added");
out:
	person_form_free(&f);
	learner_clear(&l);
	return ret;
}

/* ---- leaving, roles, passwords ---- */

/* POST /admin/staff/REF/leave: marks a leaver on the date given. */
static int leave_post(struct web_request *r, struct web_response *res)
{
	struct person_form f = PERSON_FORM("leave");
	struct learner l;
	char *msg = NULL;
	time_t t;
	int ret = 0;

	if (web_admin_refused(r, res))
		return -1;
	if (web_admin_path_person(r, res, &l) <= 0)
		return 0;
	f.left_on = web_admin_trimmed(r, "left_on");
	if (!*f.left_on) {
		char today[DATE_LEN];

		fmt_date(vigil_now(), today);
		free(f.left_on);
		f.left_on = xstrdup(today);
	}
	if (strlen(f.left_on) != 10 || parse_time(f.left_on, &t) < 0) {
		problem(&f, "left_on", xstrdup("Give the last day as a date, "
					       "YYYY-MM-DD."));
		ret = person_page(r, res, &l, &f, 422);
	} else if (store_learner_leave(r->st, l.ref, f.left_on, &msg) < 0) {
		ret = web_admin_failed(r, res, msg);
	} else {
		/* What they wrote may be in a session kept in memory. */
		session_cache_clear();
		to_person(res, l.ref, "left");
	}
	person_form_free(&f);
	learner_clear(&l);
	return ret;
}

/* POST /admin/staff/REF/return: a leaver back in post. */
static int return_post(struct web_request *r, struct web_response *res)
{
	struct learner l;
	char *msg = NULL;

	if (web_admin_refused(r, res))
		return -1;
	if (web_admin_path_person(r, res, &l) <= 0)
		return 0;
	if (store_learner_return(r->st, l.ref, &msg) < 0) {
		learner_clear(&l);
		return web_admin_failed(r, res, msg);
	}
	to_person(res, l.ref, "back");
	learner_clear(&l);
	return 0;
}

/* POST /admin/staff/REF/role: gives a role, or takes it away ("none"). */
static int role_post(struct web_request *r, struct web_response *res)
{
	static const char *const roles[] = { "dsl", "deputy", "viewer" };
	struct person_form f = PERSON_FORM("role");
	const char *access = web_form(r, "access"), *give = NULL;
	struct learner l;
	char *msg = NULL;
	size_t i;
	int ret = 0;

	if (web_admin_refused(r, res))
		return -1;
	if (web_admin_path_person(r, res, &l) <= 0)
		return 0;
	for (i = 0; access && i < ARRAY_SIZE(roles); i++)
		if (!strcmp(access, roles[i]))
			give = roles[i];
	if (!access || (strcmp(access, "none") && !give))
		problem(&f, "access", xstrdup("Choose one of the roles."));
	else if (give && l.left)
		problem(&f, "access", xstrdup("They have left: bring them back "
					      "in post before giving them a "
					      "role."));
	if (f.err)
		ret = person_page(r, res, &l, &f, 422);
	else if (store_learner_grant(r->st, l.ref, give, &msg) < 0)
		ret = web_admin_failed(r, res, msg);
	else
		to_person(res, l.ref, "role");
	person_form_free(&f);
	learner_clear(&l);
	return ret;
}

/* What is wrong with a password typed for a role holder (malloc'd, as a
 * sentence), or NULL: the command line's rule (password.h). */
static char *password_problem(const struct web_kv *pw)
{
	char *msg;

	if (!pw || !pw->len)
		return xstrdup("Type the new password.");
	if (password_check(pw->value, pw->len, &msg) == 0)
		return NULL;
	return web_admin_sentence(msg);
}

/* POST /admin/staff/REF/password: a role holder's password, typed twice. */
static int password_post(struct web_request *r, struct web_response *res)
{
	const struct web_kv *pw = web_admin_form_field(r, "new_password");
	const struct web_kv *again = web_admin_form_field(r, "new_password2");
	struct person_form f = PERSON_FORM("password");
	char hash[crypto_pwhash_STRBYTES], *msg = NULL, *why;
	struct learner l;
	int ret = 0;

	if (web_admin_refused(r, res))
		return -1;
	if (web_admin_path_person(r, res, &l) <= 0)
		return 0;
	why = password_problem(pw);
	if (!l.access)
		problem(&f, "access", xstrdup("Give them a role before a "
					      "password."));
	else if (why) {
		problem(&f, "new_password", why);
		why = NULL;
	}
	else if (!again || again->len != pw->len ||
		 sodium_memcmp(again->value, pw->value, pw->len))
		problem(&f, "new_password2", xstrdup("The two passwords are "
						     "not the same."));
	if (f.err)
		ret = person_page(r, res, &l, &f, 422);
	else if (web_admin_password_hash(pw->value, pw->len, hash) < 0)
		ret = web_admin_failed(r, res, xstrdup("cannot hash the "
						       "password: out of "
						       "memory"));
	else if (store_learner_password_set(r->st, l.ref, hash, &msg) < 0)
		ret = web_admin_failed(r, res, msg);
	else
		to_person(res, l.ref, "password");
	sodium_memzero(hash, sizeof(hash));
	free(why);
	person_form_free(&f);
	learner_clear(&l);
	return ret;
}

/* "new" comes before the references: /admin/staff/new is the form. */
const struct web_route web_admin_staff_routes[] = {
	{ "GET", "/admin/staff/new", new_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/staff/new", new_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/staff/*", person_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/staff/*", person_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/staff/*/leave", leave_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/staff/*/return", return_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/staff/*/role", role_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/staff/*/password", password_post, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/learners/*", learner_number_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "GET", "/admin/learners/*/forget", learner_number_get, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
