/*
 * web-admin-reminders.c - reminders in the DSL's pages (SPEC §4): who
 * would get a reminder now and why, as `vigil remind --dry-run` lists
 * them (the same plan, remind.h), a "Send reminders" button for the dsl
 * and deputies, and the log of every email sent, with the server's
 * answer.  The button only queues a run for the mail worker
 * (web-mail.c): a page never waits on the mail server.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "matrix.h"
#include "remind.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

#define LOG_PAGE_ROWS	50
#define PLAN_PAGE_ROWS	50	/* people: a school of 2,000 all behind
				   would otherwise be a page of 800 KiB */

static const struct web_notice notices[] = {
	{ "started", "Sending has started. Each email appears in the log "
	  "below once the mail server has answered: reload this page to "
	  "see them." },
	{ "already", "Reminders were already being sent. Reload this page "
	  "to see them in the log below." },
	{ NULL, NULL }
};

/* A person's name linked to their page. */
static void person_link(struct buf *b, const char *ref, const char *name)
{
	struct learner l = { 0 };

	l.ref = (char *)ref;
	l.name = (char *)(name ? name : ref);
	web_admin_person_link(b, &l);
}

/* What is due: each module overdue or due soon, with its date. */
static void modules_cell(struct buf *b, const struct remind_person *p)
{
	size_t i;

	html_raw(b, "<ul>");
	for (i = 0; i < p->nmods; i++) {
		const struct remind_module *mod = &p->mods[i];

		html_raw(b, "<li>");
		html_txt(b, mod->title);
		html_raw(b, mod->due.state == DUE_OVERDUE ? ": overdue, due "
			 "on " : ": due on ");
		web_date(b, mod->due.date);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

/* Whether the person is sent one now, and if not why not. */
static void why_cell(struct buf *b, const struct remind_person *p)
{
	switch (p->why) {
	case REMIND_NOW:
		html_raw(b, "<strong>Sent now</strong>");
		if (*p->last) {
			html_raw(b, " (last reminded on ");
			web_date(b, p->last);
			html_raw(b, ")");
		}
		break;
	case REMIND_RECENT:
		html_raw(b, "Not now: reminded on ");
		web_date(b, p->last);
		html_raw(b, ", next on ");
		web_date(b, p->next);
		break;
	case REMIND_NO_EMAIL:
		html_raw(b, "Not sent: no email address");
		break;
	}
}

/* "3 people", "1 person". */
static void add_people(struct buf *b, size_t n)
{
	buf_addf(b, "%zu %s", n, n == 1 ? "person" : "people");
}

/* How many are sent one now, reminded lately, or without an address. */
static void plan_counts(struct buf *b, const struct remind_plan *plan)
{
	size_t i, recent = 0, none = 0;

	for (i = 0; i < plan->n; i++) {
		recent += plan->people[i].why == REMIND_RECENT;
		none += plan->people[i].why == REMIND_NO_EMAIL;
	}
	html_raw(b, "<p>");
	add_people(b, plan->n);
	html_raw(b, " in post ");
	html_raw(b, plan->n == 1 ? "has" : "have");
	html_raw(b, " a module overdue or due soon: ");
	add_people(b, plan->now);
	html_raw(b, " would be sent a reminder now, ");
	add_people(b, recent);
	html_raw(b, " had one lately, and ");
	add_people(b, none);
	html_raw(b, " cannot be sent one, with no email address.</p>\n");
}

/* Who would get a reminder now, and why: page `page` of the list. */
static void plan_section(struct buf *b, const struct web_request *r,
			 const struct remind_plan *plan, int mail_ok,
			 size_t page)
{
	size_t i, pages, first, last;

	for (i = 0; i < plan->broken.n; i++) {
		html_raw(b, "<p class=\"notice\">The pack <strong>");
		html_txt(b, plan->broken.v[i]);
		html_raw(b, "</strong> has errors, so its modules are left out "
			 "of reminders. On the server, run <code>vigil pack "
			 "check</code> on it to see them.</p>\n");
	}
	if (!mail_ok)
		html_raw(b, "<div class=\"notice\" role=\"status\"><p>Reminders "
			 "cannot be sent until the mail server is set: "
			 "<a href=\"/admin/settings\">set the SMTP server and "
			 "the From address in the settings</a>.</p></div>\n");
	else if (plan->now && web_admin_may_change(r) && web_mail_busy(r))
		html_raw(b, "<p class=\"notice\" role=\"status\">Reminders are "
			 "being sent now. Reload this page to see them in the "
			 "log below.</p>\n");
	else if (plan->now && web_admin_may_change(r)) {
		html_raw(b, "<form method=\"post\" action=\"/admin/reminders\">");
		web_csrf_field(b, r);
		buf_addf(b, "\n<p><button type=\"submit\">Send reminders"
			 "</button> to the %zu %s marked \"Sent now\"</p>\n"
			 "</form>\n", plan->now,
			 plan->now == 1 ? "person" : "people");
	}
	html_raw(b, "<h2 id=\"who\">Who would get a reminder now</h2>\n");
	if (!plan->n) {
		html_raw(b, "<p>Nobody in post has a module overdue or due "
			 "within 14 days.</p>\n");
		return;
	}
	plan_counts(b, plan);
	pages = (plan->n + PLAN_PAGE_ROWS - 1) / PLAN_PAGE_ROWS;
	if (page > pages)
		page = pages;
	first = (page - 1) * PLAN_PAGE_ROWS;
	last = first + PLAN_PAGE_ROWS < plan->n ? first + PLAN_PAGE_ROWS :
						   plan->n;
	web_admin_stack_begin(b, "Everyone overdue or due soon");
	html_raw(b, "<thead>\n<tr><th scope=\"col\">Name</th>"
		 "<th scope=\"col\">Email</th><th scope=\"col\">What is due"
		 "</th><th scope=\"col\">Reminder</th></tr>\n</thead>\n"
		 "<tbody>\n");
	for (i = first; i < last; i++) {
		const struct remind_person *p = &plan->people[i];

		html_raw(b, "<tr><th scope=\"row\" data-label=\"Name\">");
		person_link(b, p->ref, p->name);
		html_raw(b, "</th><td data-label=\"Email\">");
		html_txt(b, p->email ? p->email : "none");
		html_raw(b, "</td><td data-label=\"What is due\">");
		modules_cell(b, p);
		html_raw(b, "</td><td data-label=\"Reminder\">");
		why_cell(b, p);
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n</div>\n");
	web_admin_pager(b, "Pages of the list", "/admin/reminders", "people",
			"who", page, pages);
}

/* Rows of the mail log, kept while the store walks them. */
struct rows {
	struct strv at, ref, name, kind, email, detail, error;
};

static int keep_row(void *ctx, const struct mail_log_entry *e)
{
	struct rows *rs = ctx;

	strv_push(&rs->at, e->at);
	strv_push(&rs->ref, e->ref ? e->ref : "");
	strv_push(&rs->name, e->name ? e->name : "");
	strv_push(&rs->kind, e->kind ? e->kind : "");
	strv_push(&rs->email, e->email ? e->email : "");
	strv_push(&rs->detail, e->detail ? e->detail : "");
	strv_push(&rs->error, e->error ? e->error : "");
	return 0;
}

static void rows_free(struct rows *rs)
{
	strv_free(&rs->at);
	strv_free(&rs->ref);
	strv_free(&rs->name);
	strv_free(&rs->kind);
	strv_free(&rs->email);
	strv_free(&rs->detail);
	strv_free(&rs->error);
}

/* The mail log's page, newest first: 0, or -1 after a 500 page. */
static int log_section(struct buf *b, struct web_request *r,
		       struct web_response *res, size_t page)
{
	struct rows rs = { STRV_INIT, STRV_INIT, STRV_INIT, STRV_INIT,
		STRV_INIT, STRV_INIT, STRV_INIT };
	char *msg = NULL;
	size_t pages, i;
	int64_t n;

	if (store_mail_log_count(r->st, &n, &msg) < 0)
		return web_admin_failed(r, res, msg);
	pages = n ? ((size_t)n + LOG_PAGE_ROWS - 1) / LOG_PAGE_ROWS : 1;
	if (page > pages)
		page = pages;
	if (store_mail_log_newest(r->st, (int64_t)((page - 1) * LOG_PAGE_ROWS),
				  LOG_PAGE_ROWS, keep_row, &rs, &msg) < 0) {
		rows_free(&rs);
		return web_admin_failed(r, res, msg);
	}
	html_raw(b, "<h2 id=\"log\">Emails sent</h2>\n");
	if (!n) {
		html_raw(b, "<p>No email has been sent yet.</p>\n");
		rows_free(&rs);
		return 0;
	}
	html_raw(b, "<p>Every reminder and sign-in link sent, newest first, "
		 "with what the mail server answered. One it refused is tried "
		 "again with the next reminders.</p>\n");
	web_admin_stack_begin(b, "Emails sent, newest first");
	html_raw(b, "<thead>\n<tr><th scope=\"col\">When</th>"
		 "<th scope=\"col\">To</th><th scope=\"col\">Address</th>"
		 "<th scope=\"col\">What</th><th scope=\"col\">Mail server"
		 "</th></tr>\n</thead>\n<tbody>\n");
	for (i = 0; i < rs.at.n; i++) {
		html_raw(b, "<tr><td data-label=\"When\">");
		web_time(b, rs.at.v[i]);
		html_raw(b, "</td><td data-label=\"To\">");
		if (*rs.ref.v[i])
			person_link(b, rs.ref.v[i], rs.name.v[i]);
		html_raw(b, "</td><td data-label=\"Address\">");
		html_txt(b, rs.email.v[i]);
		html_raw(b, "</td><td data-label=\"What\">");
		html_txt(b, rs.kind.v[i]);
		if (*rs.detail.v[i]) {
			html_raw(b, " (");
			html_txt(b, rs.detail.v[i]);
			html_raw(b, ")");
		}
		if (*rs.error.v[i]) {
			html_raw(b, "</td><td data-label=\"Mail server\" "
				 "class=\"s-failed\">not sent: ");
			html_txt(b, rs.error.v[i]);
		} else {
			html_raw(b, "</td><td data-label=\"Mail server\">"
				 "accepted");
		}
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n</div>\n");
	web_admin_pager(b, "Pages of the log", "/admin/reminders", "page",
			"log", page, pages);
	rows_free(&rs);
	return 0;
}

/* GET /admin/reminders[?people=N][&page=N]: who would be reminded, 50
 * to a page, and a page of the log. */
static int reminders_get(struct web_request *r, struct web_response *res)
{
	struct remind_plan plan = REMIND_PLAN_INIT;
	struct buf *b = &res->body;
	const char *p = web_query(r, "page"), *q = web_query(r, "people");
	char *msg = NULL, *every;
	size_t page = 1, people = 1;
	int mail_ok;

	if (web_admin_refused(r, res))
		return -1;
	if (p && *p)
		page = (size_t)web_number(p, 1000000);
	if (q && *q)
		people = (size_t)web_number(q, 1000000);
	if (!page || !people) {
		web_error_page(r, res, 400, "No such page", "The page number "
			       "is not a whole number from 1.");
		return 0;
	}
	mail_ok = web_mail_ready(r->st, &msg);
	if (mail_ok < 0)
		return web_admin_failed(r, res, msg);
	if (remind_plan_build(r->st, r->cfg->pack_dirs, r->cfg->plugin_dirs,
			      &plan, &msg) < 0) {
		remind_plan_free(&plan);
		return web_admin_failed(r, res, msg);
	}
	web_page_begin_wide(b, r, "Reminders");
	html_raw(b, "<p><a href=\"/admin\">Back to the dashboard</a></p>\n");
	web_admin_notice(b, r, notices);
	every = web_setting(r, "remind_every_days");
	html_raw(b, "<p>Everyone in post with an email address and a module "
		 "overdue or due within 14 days is sent one email: what is "
		 "due and when, with a sign-in link of their own. Nobody is "
		 "sent another within ");
	html_txt(b, every);
	html_raw(b, " days (<a href=\"/admin/settings\">the setting</a> "
		 "<code>remind_every_days</code>). The same list as "
		 "<code>vigil remind --dry-run</code> on the server.</p>\n");
	free(every);
	plan_section(b, r, &plan, mail_ok, people);
	remind_plan_free(&plan);
	if (log_section(b, r, res, page) < 0)
		return -1;
	web_page_end(b);
	return 0;
}

/*
 * POST /admin/reminders (dsl and deputies): queues a run for the mail
 * worker, in the name of who pressed the button, and goes back to the
 * page, which says that sending has started.
 */
static int reminders_post(struct web_request *r, struct web_response *res)
{
	char *msg = NULL;
	int ret;

	if (web_admin_refused(r, res))
		return -1;
	ret = web_mail_ready(r->st, &msg);
	if (ret < 0)
		return web_admin_failed(r, res, msg);
	if (!ret) {
		web_error_page(r, res, 409, "The mail server is not set",
			       "Reminders cannot be sent until the SMTP server "
			       "and the From address are set in the settings.");
		return 0;
	}
	ret = web_mail_reminders(r);
	if (ret < 0) {
		web_error_page(r, res, 503, "Reminders cannot be sent now",
			       "The server has too much mail waiting to send. "
			       "Try again in a few minutes.");
		return 0;
	}
	web_redirect(res, "/admin/reminders?done=%s", ret ? "started" :
		     "already");
	return 0;
}

const struct web_route web_admin_reminders_routes[] = {
	{ "GET", "/admin/reminders", reminders_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/reminders", reminders_post, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
