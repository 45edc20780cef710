/*
 * web-internal.h - what the parts of the web front end share and no one
 * else calls: the pieces every page family writes (web-page.c), and the
 * parts that read request data, declared also for the fuzz targets
 * (fuzz/fuzz-form.c).
 */
#ifndef VIGIL_WEB_INTERNAL_H
#define VIGIL_WEB_INTERNAL_H

#include <arpa/inet.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <microhttpd.h>

#include "cpd.h"
#include "session.h"
#include "util.h"
#include "web.h"

/*
 * Matches r->path against pattern segment by segment ("*" matches one
 * non-empty segment), filling r->args (freed and refilled on each call).
 * Returns nonzero on a match.
 */
int web_match(struct web_request *r, const char *pattern);

/* Nonzero when r's form carries the CSRF token r->csrf. */
int web_csrf_ok(const struct web_request *r);

/*
 * Builds the input line for view v from r's form (web-take.c).  Returns
 * it (malloc'd), or NULL with *err (malloc'd) saying what to fix.
 */
char *web_take_input_line(const struct web_request *r, const struct view *v,
			  char **err);

/* The signed-in learner's home page (web-catalogue.c). */
void web_catalogue_page(struct web_request *r, struct web_response *res);
struct due;
/* A learner's due date for a module in words, in a span: "Due by 7
 * January 2027", "Overdue: it was due by ...", "Up to date; due again by
 * ..."; nothing when d is NULL or the module is not theirs to do. */
void web_due(struct buf *b, const struct due *d);

/* ---- what the pages share (web-page.c) ---- */

/* Answers 500 (web_fail), freeing why. */
void web_fail_free(const struct web_request *r, struct web_response *res,
		   char *why);
/* Answers 404: there is no page at this address. */
void web_not_found(const struct web_request *r, struct web_response *res);
/* HTML the pack loader rendered with cmark's safe defaults (NULL: none). */
void web_pack_html(struct buf *b, const char *html);
/* Pack Markdown the loader did not render, made safe the same way; kept:
 * through the memo, for the pack's own texts only (markdown.h). */
void web_markdown(struct buf *b, const char *text, int kept);
/* A stored time or date as its date in words, "7 December 2026" (a
 * time's date in Europe/London), in <time datetime="YYYY-MM-DD">. */
void web_date(struct buf *b, const char *when);
/* A stored UTC time as "7 December 2026, 14:05" in Europe/London, in
 * <time datetime="YYYY-MM-DDTHH:MM:SSZ">. */
void web_time(struct buf *b, const char *when);
/* "/take/PACK/MODULE" and a suffix, as an attribute value. */
void web_take_url(struct buf *b, const char *pack, const char *module,
		  const char *suffix);
/* A whole number from 1 to max in plain digits, from a path or a form;
 * 0 if it is not one. */
uint64_t web_number(const char *s, uint64_t max);
/* The pages' content security policy with one script allowed, by its
 * SHA-256 in base64 (malloc'd). */
char *web_csp_script(const char *hash);
/* The tag of the order question's script, /order.js, with its hash as
 * its integrity; and the policy of a page holding it (malloc'd), which
 * allows that script and no other (web_csp_script). */
void web_order_script(struct buf *b);
char *web_order_csp(void);
/* The pack preview's script, /preview.js (web-preview.c), and its length. */
const char *web_preview_js(size_t *len);
/* A school setting for a page (settings.h), malloc'd: its value, or its
 * default when the records cannot be read (logged). */
char *web_setting(const struct web_request *r, const char *key);
struct words;
/* The school's words for pack text (words.h), as the settings say now:
 * read for each request, so a change shows at once.  Free with
 * words_free. */
void web_words(const struct web_request *r, struct words *w);
/* Pack Markdown text with the school's words in, rendered safely; html is
 * what the loader rendered of text, used when text holds no word. */
void web_pack_md(struct buf *b, const struct words *w, const char *text,
		 const char *html);
/* A pack's plain text (a title) with the school's words in, escaped. */
void web_pack_txt(struct buf *b, const struct words *w, const char *text);
/* Adds html-escaped "your DSL" with the school's word for the lead
 * (lead_short: "DSP" in Wales), as staff pages name them. */
void web_your_lead(struct buf *b, const struct web_request *r);

/* ---- the daemon's state, shared by its parts ---- */

/* Open databases kept between requests: opening one and reading its
 * schema cost more than most pages. */
#define STORE_POOL 8

/* The connections open from one address. */
struct addr_count {
	struct addr_count *next;
	unsigned n;
	char ip[INET6_ADDRSTRLEN];
};
#define ADDR_BUCKETS	4096

/* A connection, for the limit per address and the absolute request time
 * (deadline_sweep). */
struct tracked {
	struct tracked *prev, *next;
	int fd;
	time_t deadline;	/* monotonic seconds; 0 while a response is
				   being made or sent */
	struct addr_count *addr;	/* its address's count, or NULL for
					   the trusted proxy */
};

struct web {
	struct MHD_Daemon *daemon;
	const struct web_config *cfg;
	pthread_mutex_t pool_lock;
	struct store *pool[STORE_POOL];
	size_t npool;
	/* The connections open now, and the thread that cuts the ones
	 * whose request has not arrived in time. */
	pthread_mutex_t track_lock;
	pthread_cond_t track_wake;
	struct tracked *tracked;
	struct addr_count *by_addr[ADDR_BUCKETS];
	pthread_t sweeper;
	int stopping;
	struct web_mail *mail;	/* the mail worker (web-mail.c) */
};

/* What one connection's request gathers across the handler's calls. */
struct conn {
	char ip[INET6_ADDRSTRLEN];	/* the client's (web_client_of) */
	int https;
	int bad_type;
	size_t cap, got;
	struct MHD_PostProcessor *pp;
	struct web_kv *form;
	size_t nform;
};

/* ---- reading a request (web-request.c) ---- */

/* MHD_PostProcessor callback: keeps each form field in a struct conn. */
enum MHD_Result web_post_field(void *cls, enum MHD_ValueKind kind,
			       const char *key, const char *filename,
			       const char *content_type,
			       const char *transfer_encoding,
			       const char *data, uint64_t off, size_t size);
/* MHD_get_connection_values callback: keeps each query value in r. */
enum MHD_Result web_query_field(void *cls, enum MHD_ValueKind kind,
				const char *key, const char *value);
void web_kv_free(struct web_kv *v, size_t n);
void web_request_free(struct web_request *r);
/* Nonzero when the Host header names this server. */
int web_host_ok(const struct web_config *cfg, const char *host);
/* The peer's address as text. */
void web_peer_ip(struct MHD_Connection *con, char *out, size_t len);
/* The client's address into out (the trusted proxy's client behind it),
 * and whether it came over HTTPS. */
int web_client_of(const struct web *w, struct MHD_Connection *con,
		  char *out, size_t len);

/* ---- sessions (web-session.c) ---- */

int web_session_find(struct web_request *r, struct MHD_Connection *con,
		     char **pre_cookie, char **msg);
/* Sets r's store's actor (store_set_actor) to who r is signed in as. */
void web_session_actor(struct web_request *r);
/* That name as the audit log writes it (malloc'd), and the learner's id
 * (0 for none): for work done later in r's name (web-mail.c). */
char *web_session_actor_name(const struct web_request *r, int64_t *id);
const char *web_session_cookie(struct MHD_Connection *con, int https);

/* ---- routing (web-route.c) ---- */

/* Every page family's route table (each ends with a NULL method). */
extern const struct web_route *const web_route_tables[];
extern const size_t web_route_ntables;

/* The route for r's method and path, or NULL (*path_found says whether
 * another method has one); r->args hold its "*" segments. */
const struct web_route *web_route_find(struct web_request *r,
				       int *path_found);
/* Runs t, the route web_route_find found for r, or answers 404/405, or
 * refuses who may not. */
void web_route(struct web_request *r, struct web_response *res,
	       const struct web_route *t, int path_found);
/* The learner's "My training" page (web-training.c). */
extern const struct web_route web_training_routes[];
/* The stylesheet's route (web-page.c). */
extern const struct web_route web_page_routes[];

/* ---- connections (web-conn.c) ---- */

/* Sets the deadline of con's request (request_seconds from now), or lifts
 * it (arm 0). */
void web_conn_deadline(struct web *w, struct MHD_Connection *con, int arm);
/* MHD_OPTION_NOTIFY_CONNECTION: tracks each connection while open. */
void web_conn_notify(void *cls, struct MHD_Connection *con,
		     void **socket_context,
		     enum MHD_ConnectionNotificationCode toe);
/* The sweeper's thread, and how it is stopped. */
void *web_conn_sweep(void *arg);
void web_conn_stop_sweeper(struct web *w);

/* ---- the mail worker (web-mail.c) ---- */

/*
 * One thread with its own database sends what pages ask for, so that no
 * request waits on an SMTP server, and so that whether an address is
 * known never shows in a page or its timing.  web_mail_start starts it;
 * web_mail_stop finishes the message in hand and drops the rest.
 */
struct web_mail;
int web_mail_start(const struct web_config *cfg, struct web_mail **out,
		   char **msg);
void web_mail_stop(struct web_mail *m);
/*
 * Queues a run of reminders (remind.h) in the name of who r is signed in
 * as: 1 when queued, 0 when a run is already waiting or under way, -1
 * when it cannot be queued (logged).
 */
int web_mail_reminders(const struct web_request *r);
/*
 * Queues a sign-in link for whoever in post has the address email (in
 * any case), which the worker looks up: nobody, nothing sent.  0, or -1
 * when it cannot be queued (logged); the page is the same either way.
 */
int web_mail_signin(const struct web_request *r, const char *email);
/*
 * Queues a new personal sign-in link (remind_signin_link, as `vigil
 * learner link --email` sends it) for learner id, in the name of who r is
 * signed in as: 1 when queued, -1 when it cannot be (logged).
 */
int web_mail_link(const struct web_request *r, int64_t learner_id);
/* Nonzero while a run of reminders is waiting or under way. */
int web_mail_busy(const struct web_request *r);
/* 1 when the settings mail needs (smtp_url, mail_from) are set, 0 when
 * not, -1 when they could not be read (*msg). */
int web_mail_ready(struct store *st, char **msg);
/* The address r came to, "http://HOST:PORT/" (malloc'd): what links
 * start with when the base_url setting is not set. */
char *web_own_base(const struct web_request *r);

/* ---- the pack preview (web-preview.c) ---- */

/* Before the route: notices a change to the pack, signs the preview's
 * learner in, and answers the preview's own pages and the pack's errors;
 * nonzero when res is the answer. */
int web_preview_before(struct web_request *r, struct web_response *res);
/* After it: the warnings, the side panel and the script that reloads the
 * page on a change, put into an HTML page. */
void web_preview_after(struct web_request *r, struct web_response *res);

/* ---- what the DSL's pages share (web-admin.c) ---- */

struct matrix;

/* Refuses with 403 anyone who holds no admin role, and any POST from a
 * viewer (a second check after the route's); nonzero when refused. */
int web_admin_refused(const struct web_request *r, struct web_response *res);
/* Nonzero when r's session may change the records: the dsl (the set-up
 * account too) and deputies; a viewer sees everything and changes
 * nothing.  Pages show their forms only to those who may. */
int web_admin_may_change(const struct web_request *r);
/* A short notice a redirect after a change asks for by code (?done=CODE):
 * the text of that code in notices (ended by a NULL code), if any. */
struct web_notice {
	const char *code, *text;
};
void web_admin_notice(struct buf *b, const struct web_request *r,
		      const struct web_notice *notices);
/* "There is a problem" above a form, linking to the field it is about. */
void web_admin_problem(struct buf *b, const char *field, const char *msg);
/* A labelled form field, with its hint and its error (if any) tied to it
 * by aria-describedby. */
struct web_field {
	const char *name;	/* the field's name and id */
	const char *label;
	const char *type;	/* "text", "email", "date", "password"... */
	const char *value;	/* what it holds (NULL: empty) */
	const char *hint;	/* NULL: none */
	const char *error;	/* NULL: none */
	const char *attrs;	/* further attributes, as written */
};
void web_admin_field(struct buf *b, const struct web_field *f);
/* A 500 page (web_fail), msg to the log and freed; returns -1. */
int web_admin_failed(const struct web_request *r, struct web_response *res,
		     char *msg);
/* The form field called key, with its length (uploads), or NULL. */
const struct web_kv *web_admin_form_field(const struct web_request *r,
					  const char *key);
/* A form value without spaces at its ends ("" if not sent), malloc'd. */
char *web_admin_trimmed(const struct web_request *r, const char *key);
/* The person the path's first "*" names (web-admin-staff.c): 1 and *l,
 * 0 after a 404 page, -1 after a 500 page. */
int web_admin_path_person(struct web_request *r, struct web_response *res,
			  struct learner *l);
/* "/admin/staff/REF" and suffix, the ref percent-encoded (malloc'd). */
char *web_admin_staff_path(const char *ref, const char *suffix);
/* A role holder's password hashed as the admin password is (Argon2id,
 * crypto_pwhash_str), hash of crypto_pwhash_STRBYTES: 0, or -1. */
int web_admin_password_hash(const char *pw, size_t len, char *hash);
/* What is wrong with a group's name (malloc'd, as a sentence), or NULL:
 * the roster's rule, group_check (web-admin-groups.c). */
char *web_admin_group_problem(const char *name);
/* A library message ("the password is empty") as a sentence for a page:
 * a capital first letter and a full stop; takes msg over (malloc'd). */
char *web_admin_sentence(char *msg);
/* The CSS class that colours a state (web-page.c's stylesheet). */
const char *web_admin_state_class(enum cpd_state s);
/* A module as a heading or a cell: its title, then pack/module. */
void web_admin_module_label(struct buf *b, const struct matrix *m,
			    size_t mi);
/*
 * A table with its caption, in a box that scrolls sideways by itself (the
 * page never does), named by the caption and reachable by the keyboard.
 * The caller writes the rows and then "</table>\n</div>\n".
 */
void web_admin_table_begin(struct buf *b, const char *caption);
/*
 * The same for a list (one thing a row): <table class="stack">, whose rows
 * are stacked on a phone, each cell under its label, so every <td> (and
 * a row's <th>) carries data-label="Column".
 */
void web_admin_stack_begin(struct buf *b, const char *caption);
/* Previous and next page, and "Page N of M", when there is more than one:
 * links to PATH?PARAM=N#ANCHOR (anchor NULL: none), in a nav named label. */
void web_admin_pager(struct buf *b, const char *label, const char *path,
		     const char *param, const char *anchor, size_t page,
		     size_t pages);
/* The matrix for the whole school, or one learner: 0, or -1 after a 500
 * page. */
int web_admin_build(struct web_request *r, struct web_response *res,
		    const char *learner_ref, struct matrix *m);

/* ---- what the record pages share (web-admin-records.c) ---- */

struct learner;

/* A person's name, linked to their page (/admin/staff/REF). */
void web_admin_person_link(struct buf *b, const struct learner *l);
/* The matrix's name of the group called name (in any case), or NULL. */
const char *web_admin_group_named(const struct matrix *m, const char *name);
/* Nonzero when l is in the group (named in any case). */
int web_admin_in_group(const struct learner *l, const char *group);
/* A notice for each pack left out of the matrix for its errors. */
void web_admin_broken_packs(struct buf *b, const struct matrix *m);

#endif
