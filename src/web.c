/*
 * web.c - the HTTP core of `vigil serve` (web.h): requests read within
 * limits, the session and CSRF checks, routing, and responses with the
 * security headers.  Pages live in web-staff.c and web-admin.c.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>
#include <sodium.h>

#include "html.h"
#include "sandbox.h"
#include "web.h"
#include "web-internal.h"

#define SESSION_COOKIE	"vigil_session"
#define CSRF_COOKIE	"vigil_csrf"
#define SESSION_LIFETIME	(12 * 3600)	/* a working day */
#define FORM_CAP	(64 * 1024)	/* a form, with a reflection */
#define UPLOAD_CAP	(2 * 1024 * 1024)	/* a roster CSV */
#define RATE_WINDOW	60	/* seconds */
#define RATE_MAX	10	/* failed sign-ins per address and window */
#define RATE_SLOTS	256

static const char csp[] =
	"default-src 'none'; style-src 'self'; img-src 'self'; "
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/* Open databases kept between requests: opening one and reading its
 * schema cost more than most pages. */
#define STORE_POOL 8

struct web {
	struct MHD_Daemon *daemon;
	const struct web_config *cfg;
	pthread_mutex_t pool_lock;
	struct store *pool[STORE_POOL];
	size_t npool;
};

/* What one connection's request gathers across the handler's calls. */
struct conn {
	int too_big, bad_type;
	size_t cap, got;
	struct MHD_PostProcessor *pp;
	struct web_kv *form;
	size_t nform;
};

/* ---- requests ---- */

static const char *kv_find(const struct web_kv *v, size_t n, const char *k,
			   size_t nth)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].key, k) && nth-- == 0)
			return v[i].value;
	return NULL;
}

const char *web_query(const struct web_request *r, const char *key)
{
	return kv_find(r->query, r->nquery, key, 0);
}

const char *web_form(const struct web_request *r, const char *key)
{
	return kv_find(r->form, r->nform, key, 0);
}

const char *web_form_nth(const struct web_request *r, const char *key,
			 size_t n)
{
	return kv_find(r->form, r->nform, key, n);
}

size_t web_form_count(const struct web_request *r, const char *key)
{
	size_t i, n = 0;

	for (i = 0; i < r->nform; i++)
		n += !strcmp(r->form[i].key, key);
	return n;
}

const char *web_arg(const struct web_request *r, size_t i)
{
	return i < r->nargs ? r->args[i] : NULL;
}

static void kv_push(struct web_kv **v, size_t *n, const char *k,
		    const char *val, size_t len)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].key = xstrdup(k);
	(*v)[*n].value = xmalloc(len + 1);
	memcpy((*v)[*n].value, val, len);
	(*v)[*n].value[len] = '\0';
	(*v)[*n].len = len;
	(*n)++;
}

static void kv_free(struct web_kv *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

/* Post processor callback: appends each piece of each field. */
static enum MHD_Result on_post(void *cls, enum MHD_ValueKind kind,
			       const char *key, const char *filename,
			       const char *content_type,
			       const char *transfer_encoding,
			       const char *data, uint64_t off, size_t size)
{
	struct conn *c = cls;
	struct web_kv *last;

	(void)kind, (void)filename, (void)content_type;
	(void)transfer_encoding;
	if (off == 0 || !c->nform || strcmp(c->form[c->nform - 1].key, key)) {
		kv_push(&c->form, &c->nform, key, data, size);
		return MHD_YES;
	}
	last = &c->form[c->nform - 1];
	last->value = xrealloc(last->value, last->len + size + 1);
	memcpy(last->value + last->len, data, size);
	last->len += size;
	last->value[last->len] = '\0';
	return MHD_YES;
}

static enum MHD_Result collect_kv(void *cls, enum MHD_ValueKind kind,
				  const char *key, const char *value)
{
	struct web_request *r = cls;

	(void)kind;
	if (key)
		kv_push(&r->query, &r->nquery, key, value ? value : "",
			value ? strlen(value) : 0);
	return MHD_YES;
}

/* ---- responses ---- */

void web_redirect(struct web_response *res, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(res->location);
	res->location = buf_detach(&b);
	res->status = MHD_HTTP_SEE_OTHER;
}

void web_error_page(const struct web_request *r, struct web_response *res,
		    int status, const char *title, const char *text)
{
	res->status = status;
	res->body.len = 0;
	web_page_begin(&res->body, r, title);
	html_raw(&res->body, "<p>");
	html_txt(&res->body, text);
	html_raw(&res->body, "</p>\n<p><a href=\"/\">Back to the start"
		 "</a></p>\n");
	web_page_end(&res->body);
}

/* The stylesheet: plain, readable, high contrast, visible focus, narrow
 * screens first. */
static const char stylesheet[] =
	"*{box-sizing:border-box}\n"
	"html{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"Arial,sans-serif;font-size:100%;line-height:1.5;color:#1a1a1a;"
	"background:#fff}\n"
	"body{margin:0}\n"
	".skip{position:absolute;left:-999px}\n"
	".skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;"
	"z-index:2}\n"
	"header.site{background:#1f3a5f;color:#fff;padding:.75rem 1rem;"
	"display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}\n"
	"header.site a,header.site button{color:#fff}\n"
	"header.site .name{font-weight:700;font-size:1.15rem;"
	"text-decoration:none}\n"
	"header.site nav{display:flex;flex-wrap:wrap;gap:.5rem 1rem;"
	"align-items:center}\n"
	"header.site form{margin:0}\n"
	"header.site button{background:none;border:1px solid #fff;"
	"border-radius:4px;padding:.25rem .6rem;font:inherit;cursor:pointer}\n"
	"main{max-width:46rem;margin:0 auto;padding:1rem}\n"
	"main.wide{max-width:none}\n"
	"h1{font-size:1.6rem;line-height:1.25}\n"
	"h2{font-size:1.3rem}\n"
	"a{color:#0b4f9c}\n"
	"a:focus,button:focus,input:focus,select:focus,textarea:focus,"
	"summary:focus{outline:3px solid #f2a900;outline-offset:2px}\n"
	"fieldset{border:1px solid #767676;border-radius:6px;padding:.75rem;"
	"margin:1rem 0}\n"
	"legend{font-weight:700;padding:0 .25rem}\n"
	".option{display:flex;gap:.6rem;align-items:flex-start;"
	"margin:.5rem 0}\n"
	".option input{margin-top:.3rem;width:1.25rem;height:1.25rem;"
	"flex:none}\n"
	"label{display:block}\n"
	"input[type=text],input[type=email],input[type=password],textarea,"
	"select{font:inherit;padding:.4rem;border:1px solid #555;"
	"border-radius:4px;max-width:100%}\n"
	"input[type=text],input[type=email],input[type=password],textarea"
	"{width:100%}\n"
	"button,.button{font:inherit;background:#1f3a5f;color:#fff;"
	"border:0;border-radius:4px;padding:.55rem 1.1rem;cursor:pointer;"
	"text-decoration:none;display:inline-block}\n"
	"button.secondary{background:#fff;color:#1f3a5f;"
	"border:2px solid #1f3a5f}\n"
	".error{color:#a4000f;font-weight:700}\n"
	".notice{background:#eef4fb;border-left:4px solid #1f3a5f;"
	"padding:.5rem .75rem}\n"
	".right{color:#0a6b2d;font-weight:700}\n"
	".wrong{color:#a4000f;font-weight:700}\n"
	"progress{width:100%;height:.8rem}\n"
	".table{overflow-x:auto}\n"
	"table{border-collapse:collapse;margin:1rem 0}\n"
	"th,td{border:1px solid #999;padding:.35rem .5rem;text-align:left;"
	"vertical-align:top}\n"
	"caption{text-align:left;font-weight:700;padding:.25rem 0}\n"
	".s-valid{background:#d9f2e0}\n"
	".s-never{background:#fff}\n"
	".s-progress{background:#fff4cc}\n"
	".s-failed{background:#fde2e1}\n"
	".s-expired{background:#ffe3c2}\n"
	"footer{max-width:46rem;margin:2rem auto 1rem;padding:0 1rem;"
	"color:#444;font-size:.9rem}\n"
	"@media print{header.site,footer,.noprint{display:none}}\n";

void web_page_begin(struct buf *b, const struct web_request *r,
		    const char *title)
{
	html_raw(b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
		 "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		 "content=\"width=device-width, initial-scale=1\">\n<title>");
	html_txt(b, title);
	html_raw(b, " - Vigil</title>\n<link rel=\"stylesheet\" "
		 "href=\"/style.css\">\n</head>\n<body>\n<a class=\"skip\" "
		 "href=\"#main\">Skip to the content</a>\n<header "
		 "class=\"site\">\n<a class=\"name\" href=\"/\">Vigil</a>\n"
		 "<nav aria-label=\"Site\">\n<a href=\"/verify\">Check a "
		 "certificate</a>\n");
	if (r && r->signed_in && r->session.admin) {
		html_raw(b, "<a href=\"/admin\">Completion records</a>\n"
			 "<form method=\"post\" action=\"/admin/signout\">");
		web_csrf_field(b, r);
		html_raw(b, "<button type=\"submit\">Sign out</button></form>\n");
	} else if (r && r->signed_in) {
		html_raw(b, "<span>Signed in as ");
		html_txt(b, r->learner.name);
		html_raw(b, "</span>\n<form method=\"post\" "
			 "action=\"/signout\">");
		web_csrf_field(b, r);
		html_raw(b, "<button type=\"submit\">Sign out</button></form>\n");
	}
	html_raw(b, "</nav>\n</header>\n<main id=\"main\">\n<h1>");
	html_txt(b, title);
	html_raw(b, "</h1>\n");
}

void web_page_end(struct buf *b)
{
	html_raw(b, "</main>\n<footer><p>Vigil: safeguarding training and "
		 "its records.</p></footer>\n</body>\n</html>\n");
}

void web_csrf_field(struct buf *b, const struct web_request *r)
{
	html_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(b, r && r->csrf ? r->csrf : "");
	html_raw(b, "\">");
}

/* ---- sessions and sign-in ---- */

static char *cookie(const char *name, const char *value, int max_age)
{
	return xasprintf("%s=%s; Path=/; HttpOnly; SameSite=Strict; "
			 "Max-Age=%d", name, value, max_age);
}

int web_sign_in(struct web_request *r, struct web_response *res,
		int64_t learner_id, int admin)
{
	char *token = NULL, *msg = NULL;

	/* A new id at every sign-in: an id set before cannot be reused. */
	if (r->token)
		store_session_delete(r->st, r->token, &msg);
	free(msg);
	msg = NULL;
	if (store_session_create(r->st, learner_id, admin, SESSION_LIFETIME,
				 &token, &r->session, &msg) < 0) {
		web_error_page(r, res, 500, "Something went wrong", msg);
		free(msg);
		return -1;
	}
	free(res->set_cookie);
	res->set_cookie = cookie(SESSION_COOKIE, token, SESSION_LIFETIME);
	free(r->token);
	r->token = token;
	return 0;
}

void web_sign_out(struct web_request *r, struct web_response *res)
{
	char *msg = NULL;

	if (r->token && store_session_delete(r->st, r->token, &msg) < 0)
		free(msg);
	free(res->set_cookie);
	res->set_cookie = cookie(SESSION_COOKIE, "", 0);
	r->signed_in = 0;
}

static pthread_mutex_t rate_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char ip[INET6_ADDRSTRLEN];
	time_t start;
	int count;
} rate[RATE_SLOTS];

/* The slot of r's address, reset when its window has passed.  Called
 * with rate_lock held. */
static size_t rate_slot(const struct web_request *r)
{
	unsigned char h[8];
	size_t slot;
	time_t now = time(NULL);

	/* One slot per address hash: a collision only shares a limit. */
	crypto_generichash(h, sizeof(h), (const unsigned char *)r->ip,
			   strlen(r->ip), NULL, 0);
	slot = ((size_t)h[0] | (size_t)h[1] << 8) % RATE_SLOTS;
	if (strcmp(rate[slot].ip, r->ip) ||
	    now - rate[slot].start >= RATE_WINDOW) {
		snprintf(rate[slot].ip, sizeof(rate[slot].ip), "%s", r->ip);
		rate[slot].start = now;
		rate[slot].count = 0;
	}
	return slot;
}

int web_rate_limited(const struct web_request *r)
{
	int limited;

	pthread_mutex_lock(&rate_lock);
	limited = rate[rate_slot(r)].count >= RATE_MAX;
	pthread_mutex_unlock(&rate_lock);
	return limited;
}

void web_rate_failed(const struct web_request *r)
{
	pthread_mutex_lock(&rate_lock);
	rate[rate_slot(r)].count++;
	pthread_mutex_unlock(&rate_lock);
}

/* Finds the session the cookie names, and its learner. */
static int resolve_session(struct web_request *r, char **msg)
{
	int found;

	if (!r->token || !*r->token)
		return 0;
	found = store_session_get(r->st, r->token, &r->session, msg);
	if (found <= 0)
		return found;
	if (!r->session.admin) {
		found = store_learner_by_id(r->st, r->session.learner_id,
					    &r->learner, msg);
		if (found <= 0)
			return found;
	}
	r->signed_in = 1;
	return 1;
}

/* ---- routing ---- */

/* Matches path against pattern, segment by segment, filling r->args. */
int web_match(struct web_request *r, const char *pattern)
{
	const char *p = r->path, *q = pattern;
	size_t i;

	for (i = 0; i < r->nargs; i++)
		free(r->args[i]);
	r->nargs = 0;
	for (;;) {
		size_t pl, ql;

		if (*p != '/' || *q != '/')
			return *p == *q;
		p++, q++;
		pl = strcspn(p, "/");
		ql = strcspn(q, "/");
		if (ql == 1 && *q == '*') {
			if (!pl || r->nargs == ARRAY_SIZE(r->args))
				return 0;
			r->args[r->nargs++] = xstrndup(p, pl);
		} else if (pl != ql || strncmp(p, q, pl)) {
			return 0;
		}
		p += pl;
		q += ql;
	}
}

static int css_handler(struct web_request *r, struct web_response *res)
{
	(void)r;
	res->type = "text/css; charset=utf-8";
	buf_add(&res->body, stylesheet, sizeof(stylesheet) - 1);
	return 0;
}

static const struct web_route core_routes[] = {
	{ "GET", "/style.css", css_handler, WEB_PUBLIC },
	{ NULL, NULL, NULL, WEB_PUBLIC }
};

/* Runs the route for r, or answers 404/405, or refuses who may not. */
static void route(struct web_request *r, struct web_response *res)
{
	const struct web_route *const tables[] = { core_routes,
		web_staff_routes, web_admin_routes };
	const struct web_route *t;
	size_t i;
	int path_found = 0;

	for (i = 0; i < ARRAY_SIZE(tables); i++) {
		for (t = tables[i]; t->method; t++) {
			if (!web_match(r, t->pattern))
				continue;
			path_found = 1;
			if (strcmp(t->method, r->method))
				continue;
			if (t->who == WEB_ADMIN && !(r->signed_in &&
						     r->session.admin)) {
				if (r->signed_in)
					web_error_page(r, res, 403, "Not "
						"allowed", "These pages are "
						"for the DSL only.");
				else
					web_redirect(res, "/admin/signin");
				return;
			}
			if (t->who == WEB_LEARNER && !(r->signed_in &&
						       !r->session.admin)) {
				web_redirect(res, "/");
				return;
			}
			t->handler(r, res);
			return;
		}
	}
	if (path_found)
		web_error_page(r, res, 405, "Not allowed",
			       "That page cannot be used that way.");
	else
		web_error_page(r, res, 404, "Page not found",
			       "There is no page at this address.");
}

/* ---- the daemon ---- */

/* Nonzero when the Host header names this server. */
static int host_ok(const struct web_config *cfg, const char *host)
{
	char local[64];
	size_t i;

	if (!host)
		return 0;
	if (!strcmp(host, cfg->host))
		return 1;
	for (i = 0; cfg->hosts && i < cfg->hosts->n; i++)
		if (!strcasecmp(host, cfg->hosts->v[i]))
			return 1;
	/* On loopback, browsers may say localhost. */
	snprintf(local, sizeof(local), "localhost:%u", cfg->port);
	return !strcmp(cfg->bind_addr, "127.0.0.1") && !strcmp(host, local);
}

static enum MHD_Result respond(struct MHD_Connection *con,
			    const struct web_request *r,
			    struct web_response *res, const char *pre_cookie)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	(void)r;
	if (res->status == MHD_HTTP_SEE_OTHER && !res->body.len)
		buf_adds(&res->body, "See other\n");
	resp = MHD_create_response_from_buffer(res->body.len,
					       res->body.s ? res->body.s : "",
					       MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	if (MHD_add_response_header(resp, "Content-Type", res->type ?
				    res->type : "text/html; charset=utf-8") ==
		    MHD_NO ||
	    MHD_add_response_header(resp, "Content-Security-Policy",
				    res->csp ? res->csp : csp) == MHD_NO ||
	    MHD_add_response_header(resp, "X-Content-Type-Options",
				    "nosniff") == MHD_NO ||
	    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer") ==
		    MHD_NO ||
	    MHD_add_response_header(resp, "X-Frame-Options", "DENY") ==
		    MHD_NO ||
	    MHD_add_response_header(resp, "Cache-Control", "no-store") ==
		    MHD_NO ||
	    (res->location && MHD_add_response_header(resp, "Location",
						      res->location) ==
		    MHD_NO) ||
	    (res->set_cookie && MHD_add_response_header(resp, "Set-Cookie",
							res->set_cookie) ==
		    MHD_NO) ||
	    (pre_cookie && MHD_add_response_header(resp, "Set-Cookie",
						   pre_cookie) == MHD_NO)) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	if (res->filename) {
		char *cd = xasprintf("attachment; filename=\"%s\"",
				     res->filename);

		ret = MHD_add_response_header(resp, "Content-Disposition", cd);
		free(cd);
		if (ret == MHD_NO) {
			MHD_destroy_response(resp);
			return MHD_NO;
		}
	}
	ret = MHD_queue_response(con, (unsigned)res->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A response that needs no request context: 400, 405, 413, 415. */
static enum MHD_Result send_simple(struct MHD_Connection *con, int status,
				   const char *title, const char *text)
{
	struct web_response res = { 0 };
	enum MHD_Result ret;

	web_error_page(NULL, &res, status, title, text);
	ret = respond(con, NULL, &res, NULL);
	buf_free(&res.body);
	return ret;
}

static void response_free(struct web_response *res)
{
	buf_free(&res->body);
	free(res->location);
	free(res->set_cookie);
	free(res->filename);
	free(res->csp);
}

static void request_free(struct web_request *r)
{
	size_t i;

	kv_free(r->query, r->nquery);
	for (i = 0; i < r->nargs; i++)
		free(r->args[i]);
	learner_clear(&r->learner);
	free(r->token);
	free(r->csrf);
}

/* A database for one request: a kept one if still good, else opened. */
static int store_take(struct web *w, struct store **st, char **msg)
{
	*st = NULL;
	if (pthread_mutex_lock(&w->pool_lock) == 0) {
		if (w->npool)
			*st = w->pool[--w->npool];
		pthread_mutex_unlock(&w->pool_lock);
	}
	if (*st && store_reusable(*st))
		return 0;
	store_close(*st);
	return store_open_existing(w->cfg->db, st, msg);
}

/* Keeps st for a later request, or closes it; store_take checks the file
 * again, so here only a transaction left open bars it (it would hold its
 * locks while idle). */
static void store_give(struct web *w, struct store *st)
{
	if (!st)
		return;
	if (store_idle(st) && pthread_mutex_lock(&w->pool_lock) == 0) {
		if (w->npool < STORE_POOL) {
			w->pool[w->npool++] = st;
			st = NULL;
		}
		pthread_mutex_unlock(&w->pool_lock);
	}
	store_close(st);
}

/* The client's address as text, for rate limits. */
static void client_ip(struct MHD_Connection *con, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con,
		MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, len, "unknown");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  out, (socklen_t)len);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  (socklen_t)len);
}

/* Checks a POST's CSRF token: the session's, or the pre-sign-in cookie's. */
int web_csrf_ok(const struct web_request *r)
{
	const char *sent = web_form(r, "csrf");

	if (!sent || !r->csrf || !*r->csrf || strlen(sent) != strlen(r->csrf))
		return 0;
	return sodium_memcmp(sent, r->csrf, strlen(sent)) == 0;
}

/* Handles a complete request: session, CSRF, route, response. */
static enum MHD_Result handle(struct web *w, struct MHD_Connection *con,
			      const char *method, const char *url,
			      struct conn *c)
{
	struct web_request r = { 0 };
	struct web_response res = { 0 };
	char ip[INET6_ADDRSTRLEN], *msg = NULL, *pre_cookie = NULL;
	const char *v;
	enum MHD_Result ret;

	sandbox_budget_begin();	/* all pack code this request runs */
	r.method = method;
	r.path = url;
	r.cfg = w->cfg;
	client_ip(con, ip, sizeof(ip));
	r.ip = ip;
	r.form = c->form;
	r.nform = c->nform;
	res.status = MHD_HTTP_OK;
	MHD_get_connection_values(con, MHD_GET_ARGUMENT_KIND, collect_kv, &r);
	if (store_take(w, &r.st, &msg) < 0) {
		web_error_page(&r, &res, 500, "Something went wrong", msg);
		goto respond;
	}
	v = MHD_lookup_connection_value(con, MHD_COOKIE_KIND, SESSION_COOKIE);
	r.token = v && *v ? xstrdup(v) : NULL;
	if (resolve_session(&r, &msg) < 0) {
		web_error_page(&r, &res, 500, "Something went wrong", msg);
		goto respond;
	}
	if (r.signed_in) {
		r.csrf = xstrdup(r.session.csrf);
	} else {
		v = MHD_lookup_connection_value(con, MHD_COOKIE_KIND,
						CSRF_COOKIE);
		if (v && strlen(v) == 32) {
			r.csrf = xstrdup(v);
		} else if (!strcmp(method, "GET")) {
			unsigned char raw[16];

			/* Forms before sign-in: a double-submit cookie. */
			randombytes_buf(raw, sizeof(raw));
			r.csrf = xmalloc(33);
			sodium_bin2hex(r.csrf, 33, raw, sizeof(raw));
			pre_cookie = cookie(CSRF_COOKIE, r.csrf,
					    SESSION_LIFETIME);
		}
	}
	if (!strcmp(method, "POST") && !web_csrf_ok(&r)) {
		web_error_page(&r, &res, 403, "This form cannot be sent",
			       "It has expired or did not come from this site. "
			       "Go back, reload the page and try again.");
		goto respond;
	}
	route(&r, &res);
respond:
	free(msg);
	ret = respond(con, &r, &res, pre_cookie);
	free(pre_cookie);
	response_free(&res);
	store_give(w, r.st);
	request_free(&r);
	return ret;
}

/* The access handler: called for the headers, each piece of the body,
 * and once more at its end. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *con,
				  const char *url, const char *method,
				  const char *version,
				  const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct web *w = cls;
	struct conn *c = *con_cls;

	(void)version;
	if (!c) {
		const char *len, *host;

		if (strcmp(method, "GET") && strcmp(method, "POST"))
			return send_simple(con, MHD_HTTP_METHOD_NOT_ALLOWED,
					   "Not allowed", "Only GET and POST "
					   "are used here.");
		host = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
						   "Host");
		if (!host_ok(w->cfg, host))
			return send_simple(con, MHD_HTTP_BAD_REQUEST,
					   "Bad request", "This server does "
					   "not answer to that host name.");
		c = xcalloc(1, sizeof(*c));
		*con_cls = c;
		c->cap = strncmp(url, "/admin/import", 13) ? FORM_CAP :
							     UPLOAD_CAP;
		/* Refused before a byte of the body is read. */
		len = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
						  "Content-Length");
		if (len && strtoull(len, NULL, 10) > c->cap) {
			c->too_big = 1;
			return send_simple(con, 413,
					   "Too large", "That is more than "
					   "this page accepts.");
		}
		if (!strcmp(method, "POST")) {
			c->pp = MHD_create_post_processor(con, 8192, on_post,
							  c);
			if (!c->pp)
				c->bad_type = 1;
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		c->got += *upload_data_size;
		if (c->got > c->cap)
			c->too_big = 1;
		else if (c->pp && MHD_post_process(c->pp, upload_data,
						   *upload_data_size) == MHD_NO)
			c->bad_type = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (c->too_big)
		return send_simple(con, 413, "Too large",
				   "That is more than this page accepts.");
	if (c->bad_type)
		return send_simple(con, MHD_HTTP_BAD_REQUEST, "Bad request",
				   "The form could not be read.");
	return handle(w, con, method, url, c);
}

static void on_completed(void *cls, struct MHD_Connection *con,
			 void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct conn *c = *con_cls;

	(void)cls, (void)con, (void)toe;
	if (!c)
		return;
	if (c->pp)
		MHD_destroy_post_processor(c->pp);
	kv_free(c->form, c->nform);
	free(c);
	*con_cls = NULL;
}

int web_start(const struct web_config *cfg, struct web **out, char **msg)
{
	struct sockaddr_in sin = { 0 };
	struct web *w;

	sin.sin_family = AF_INET;
	sin.sin_port = htons(cfg->port);
	if (inet_pton(AF_INET, cfg->bind_addr, &sin.sin_addr) != 1) {
		*msg = xasprintf("'%s' is not an IPv4 address",
				 cfg->bind_addr);
		return -1;
	}
	w = xcalloc(1, sizeof(*w));
	w->cfg = cfg;
	if (pthread_mutex_init(&w->pool_lock, NULL)) {
		*msg = xstrdup("cannot make a lock");
		free(w);
		return -1;
	}
	w->daemon = MHD_start_daemon(
		WEB_DAEMON_FLAGS, cfg->port, NULL, NULL, on_request, w,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
		WEB_DAEMON_LIMITS,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, w,
		MHD_OPTION_END);
	if (!w->daemon) {
		*msg = xasprintf("cannot listen on %s: %s", cfg->host,
				 strerror(errno));
		pthread_mutex_destroy(&w->pool_lock);
		free(w);
		return -1;
	}
	*out = w;
	return 0;
}

void web_wait_and_stop(struct web *w)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigwait(&set, &sig);
	/* No new connections; the requests in flight run to their end. */
	MHD_quiesce_daemon(w->daemon);
	MHD_stop_daemon(w->daemon);
	while (w->npool)
		store_close(w->pool[--w->npool]);
	pthread_mutex_destroy(&w->pool_lock);
	free(w);
}
