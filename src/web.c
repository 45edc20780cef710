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
#define SECURE_PREFIX	"__Host-"	/* over HTTPS: Secure, Path=/, no
					   Domain, so no other site sets it */
#define SESSION_LIFETIME	(12 * 3600)	/* a working day */
#define ANON_CAP	(4 * 1024)	/* a sign-in form */
#define FORM_CAP	(64 * 1024)	/* a signed-in form, with a reflection */
#define UPLOAD_CAP	(2 * 1024 * 1024)	/* a roster CSV */
#define RATE_WINDOW	60	/* seconds */
#define RATE_MAX	10	/* failed sign-ins per client, or per account,
				   and window */
#define RATE_SLOTS	256

static const char csp[] =
	"default-src 'none'; style-src 'self'; img-src 'self'; "
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

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
};

/* What one connection's request gathers across the handler's calls. */
struct conn {
	int bad_type;
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

/* Copies s for the log with control characters (C0, DEL, and C1 as
 * UTF-8) made '?': a path or a message cannot forge a log line or reach a
 * terminal raw. */
static char *log_safe(const char *s)
{
	char *out = xstrdup(s ? s : "");
	unsigned char *p;

	for (p = (unsigned char *)out; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			p[0] = p[1] = '?';
	}
	return out;
}

void web_fail(const struct web_request *r, struct web_response *res,
	      const char *detail)
{
	unsigned char raw[4];
	char id[2 * sizeof(raw) + 1], *text, *path, *why;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(id, sizeof(id), raw, sizeof(raw));
	path = log_safe(r && r->path ? r->path : "-");
	why = log_safe(detail ? detail : "a page failed");
	error("incident %s: %s %s: %s", id, r && r->method ? r->method : "-",
	      path, why);
	free(path);
	free(why);
	text = xasprintf("This page could not be made.  Nothing you saved "
			 "before is lost.  Please try again; if it keeps "
			 "happening, tell your DSL and quote incident %s.", id);
	web_error_page(r, res, 500, "Something went wrong", text);
	free(text);
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

/* A Set-Cookie value: over HTTPS Secure, with the __Host- prefix that
 * browsers keep for cookies a host set for itself over HTTPS. */
static char *cookie(int https, const char *name, const char *value,
		    int max_age)
{
	return xasprintf("%s%s=%s; Path=/;%s HttpOnly; SameSite=Strict; "
			 "Max-Age=%d", https ? SECURE_PREFIX : "", name, value,
			 https ? " Secure;" : "", max_age);
}

/* The value of the cookie name sent over this scheme, or NULL: over HTTPS
 * only the __Host- one counts. */
static const char *cookie_value(struct MHD_Connection *con, int https,
				const char *name)
{
	char full[64];

	snprintf(full, sizeof(full), "%s%s", https ? SECURE_PREFIX : "",
		 name);
	return MHD_lookup_connection_value(con, MHD_COOKIE_KIND, full);
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
		web_fail(r, res, msg);
		free(msg);
		return -1;
	}
	free(res->set_cookie);
	res->set_cookie = cookie(r->https, SESSION_COOKIE, token,
				 SESSION_LIFETIME);
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
	res->set_cookie = cookie(r->https, SESSION_COOKIE, "", 0);
	r->signed_in = 0;
}

static pthread_mutex_t rate_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char key[INET6_ADDRSTRLEN + 16];
	time_t start;
	int count;
} rate[RATE_SLOTS];

/* The slot of key ("client ADDR" or "account NAME"), reset when its
 * window has passed.  Called with rate_lock held. */
static size_t rate_slot(const char *key)
{
	unsigned char h[8];
	size_t slot;
	time_t now = time(NULL);

	/* One slot per key hash: a collision only shares a count. */
	crypto_generichash(h, sizeof(h), (const unsigned char *)key,
			   strlen(key), NULL, 0);
	slot = ((size_t)h[0] | (size_t)h[1] << 8) % RATE_SLOTS;
	if (strcmp(rate[slot].key, key) ||
	    now - rate[slot].start >= RATE_WINDOW) {
		snprintf(rate[slot].key, sizeof(rate[slot].key), "%s", key);
		rate[slot].start = now;
		rate[slot].count = 0;
	}
	return slot;
}

/* Adds n failures (or with n < 0 forgets them) to the client's count and
 * the account's; returns nonzero when either is over the limit. */
static int rate_count(const struct web_request *r, const char *account,
		      int n)
{
	char keys[2][sizeof(rate[0].key)];
	size_t i, nkeys = 1, slot;
	int over = 0;

	snprintf(keys[0], sizeof(keys[0]), "client %s", r->ip);
	if (account)
		snprintf(keys[nkeys++], sizeof(keys[0]), "account %s",
			 account);
	pthread_mutex_lock(&rate_lock);
	for (i = 0; i < nkeys; i++) {
		slot = rate_slot(keys[i]);
		rate[slot].count = n < 0 ? 0 : rate[slot].count + n;
		over |= rate[slot].count > RATE_MAX;
	}
	pthread_mutex_unlock(&rate_lock);
	return over;
}

int web_signin_failed(const struct web_request *r, const char *account)
{
	return rate_count(r, account, 1);
}

void web_signin_succeeded(const struct web_request *r, const char *account)
{
	rate_count(r, account, -1);
}

void web_too_many_tries(const struct web_request *r,
			struct web_response *res)
{
	web_error_page(r, res, 429, "Too many tries",
		       "There have been too many sign-in attempts that were "
		       "not right.  Please wait a minute and try again.");
	res->retry_after = RATE_WINDOW;
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
	{ "GET", "/style.css", css_handler, WEB_PUBLIC, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};

/* The route for r's method and path, or NULL (*path_found says whether
 * another method has one); r->args hold its "*" segments. */
static const struct web_route *route_find(struct web_request *r,
					  int *path_found)
{
	const struct web_route *const tables[] = { core_routes,
		web_signin_routes, web_take_routes, web_verify_routes,
		web_admin_routes };
	const struct web_route *t;
	size_t i;

	*path_found = 0;
	for (i = 0; i < ARRAY_SIZE(tables); i++) {
		for (t = tables[i]; t->method; t++) {
			if (!web_match(r, t->pattern))
				continue;
			*path_found = 1;
			if (!strcmp(t->method, r->method))
				return t;
		}
	}
	return NULL;
}

/* Runs the route for r, or answers 404/405, or refuses who may not. */
static void route(struct web_request *r, struct web_response *res)
{
	const struct web_route *t;
	int path_found;

	t = route_find(r, &path_found);
	if (!t && path_found)
		web_error_page(r, res, 405, "Not allowed",
			       "That page cannot be used that way.");
	else if (!t)
		web_error_page(r, res, 404, "Page not found",
			       "There is no page at this address.");
	else if (t->who == WEB_ADMIN && !(r->signed_in && r->session.admin) &&
		 r->signed_in)
		web_error_page(r, res, 403, "Not allowed", "These pages are "
			       "for the DSL only.");
	else if (t->who == WEB_ADMIN && !r->signed_in)
		web_redirect(res, "/admin/signin");
	else if (t->who == WEB_LEARNER && !(r->signed_in &&
					    !r->session.admin))
		web_redirect(res, "/");
	else
		t->handler(r, res);
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

/* ---- connections: the limit per address, and the absolute time a
 * request has to arrive in ---- */

/* The peer's address as text. */
static void peer_ip(struct MHD_Connection *con, char *out, size_t len)
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


/*
 * libmicrohttpd times out only idle connections, so a client sending a
 * byte now and then would hold one for ever.  Each connection is tracked
 * from MHD_CONNECTION_NOTIFY_STARTED to _CLOSED with a deadline: the
 * request must arrive whole within request_seconds of the connection's
 * start, or of the end of the previous response on a kept-alive one.  The
 * deadline is lifted while a response is made and sent (respond), and set
 * again when it is done (on_completed).  A thread (deadline_sweep) shuts
 * down the socket of a connection past its deadline; libmicrohttpd then
 * sees the end of the stream and closes it.  libmicrohttpd 0.9.75 calls
 * the CLOSED notification before it closes the socket (in
 * MHD_connection_close_, and on the failed-accept path), and the
 * notification takes track_lock, so the sweeper never touches a closed
 * (or reused) descriptor.
 */

/* Seconds on a clock that setting the date does not move. */
static time_t monotonic_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Sets the deadline of con's request (request_seconds from now), or lifts
 * it (arm 0). */
static void deadline_set(struct web *w, struct MHD_Connection *con, int arm)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con,
		MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct tracked *t = ci ? ci->socket_context : NULL;

	if (!t)
		return;
	pthread_mutex_lock(&w->track_lock);
	t->deadline = arm ? monotonic_now() + w->cfg->request_seconds : 0;
	pthread_mutex_unlock(&w->track_lock);
}

/* The bucket of ip's count in w->by_addr. */
static struct addr_count **addr_bucket(struct web *w, const char *ip)
{
	unsigned char h[4];

	crypto_generichash(h, sizeof(h), (const unsigned char *)ip,
			   strlen(ip), NULL, 0);
	return &w->by_addr[((size_t)h[0] | (size_t)h[1] << 8) % ADDR_BUCKETS];
}

/* The count of connections from ip, made if there is none.  Called with
 * track_lock held. */
static struct addr_count *addr_count(struct web *w, const char *ip)
{
	struct addr_count **head = addr_bucket(w, ip), *a;

	for (a = *head; a; a = a->next)
		if (!strcmp(a->ip, ip))
			return a;
	a = xcalloc(1, sizeof(*a));
	snprintf(a->ip, sizeof(a->ip), "%s", ip);
	a->next = *head;
	*head = a;
	return a;
}

/* Drops one connection from a's count, and the count at zero.  Called
 * with track_lock held. */
static void addr_release(struct web *w, struct addr_count *a)
{
	struct addr_count **p;

	if (--a->n)
		return;
	for (p = addr_bucket(w, a->ip); *p != a; p = &(*p)->next)
		;
	*p = a->next;
	free(a);
}

/*
 * Notifies of each connection's start and end: tracked while open.  A
 * connection from an address that already has WEB_PER_ADDRESS open is
 * shut down at once (libmicrohttpd's own limit per address cannot spare
 * the trusted proxy, through which every client comes).
 */
static void on_connection(void *cls, struct MHD_Connection *con,
			  void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct web *w = cls;
	struct tracked *t;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
			con, MHD_CONNECTION_INFO_CONNECTION_FD);
		char ip[INET6_ADDRSTRLEN];

		if (!ci)
			return;
		peer_ip(con, ip, sizeof(ip));
		t = xcalloc(1, sizeof(*t));
		t->fd = ci->connect_fd;
		pthread_mutex_lock(&w->track_lock);
		t->deadline = monotonic_now() + w->cfg->request_seconds;
		if (!w->cfg->trust_proxy || strcmp(ip, w->cfg->trust_proxy)) {
			t->addr = addr_count(w, ip);
			if (++t->addr->n > WEB_PER_ADDRESS) {
				shutdown(t->fd, SHUT_RDWR);
				t->deadline = 0;
			}
		}
		t->next = w->tracked;
		if (t->next)
			t->next->prev = t;
		w->tracked = t;
		pthread_mutex_unlock(&w->track_lock);
		*socket_context = t;
		return;
	}
	t = *socket_context;
	if (!t)
		return;
	pthread_mutex_lock(&w->track_lock);
	if (t->addr)
		addr_release(w, t->addr);
	if (t->prev)
		t->prev->next = t->next;
	else
		w->tracked = t->next;
	if (t->next)
		t->next->prev = t->prev;
	pthread_mutex_unlock(&w->track_lock);
	free(t);
	*socket_context = NULL;
}

/* The sweeper's thread: once a second, cuts the connections whose request
 * has not arrived in time. */
static void *deadline_sweep(void *arg)
{
	struct web *w = arg;
	struct tracked *t;
	struct timespec wake;
	time_t now;

	pthread_mutex_lock(&w->track_lock);
	while (!w->stopping) {
		now = monotonic_now();
		for (t = w->tracked; t; t = t->next) {
			if (!t->deadline || now < t->deadline)
				continue;
			shutdown(t->fd, SHUT_RDWR);
			t->deadline = 0;
		}
		clock_gettime(CLOCK_REALTIME, &wake);
		wake.tv_sec++;
		pthread_cond_timedwait(&w->track_wake, &w->track_lock, &wake);
	}
	pthread_mutex_unlock(&w->track_lock);
	return NULL;
}

/* ---- answering ---- */

static enum MHD_Result respond(struct web *w, struct MHD_Connection *con,
			       struct web_response *res,
			       const char *pre_cookie)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

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
	if (res->retry_after > 0) {
		char secs[16];

		snprintf(secs, sizeof(secs), "%d", res->retry_after);
		if (MHD_add_response_header(resp, "Retry-After", secs) ==
		    MHD_NO) {
			MHD_destroy_response(resp);
			return MHD_NO;
		}
	}
	ret = MHD_queue_response(con, (unsigned)res->status, resp);
	MHD_destroy_response(resp);
	if (ret == MHD_YES)
		deadline_set(w, con, 0);
	return ret;
}

/* A response that needs no request context: 400, 405, 413, 415. */
static enum MHD_Result send_simple(struct web *w, struct MHD_Connection *con,
				   int status, const char *title,
				   const char *text)
{
	struct web_response res = { 0 };
	enum MHD_Result ret;

	web_error_page(NULL, &res, status, title, text);
	ret = respond(w, con, &res, NULL);
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

/* The last of the proxy's headers by a name: the one it wrote, should the
 * client have sent one too. */
struct last_header {
	const char *name, *value;
};

/* Keeps each value of the header h->name, so the last one stays. */
static enum MHD_Result find_last(void *cls, enum MHD_ValueKind kind,
				 const char *key, const char *value)
{
	struct last_header *h = cls;

	(void)kind;
	if (key && value && !strcasecmp(key, h->name))
		h->value = value;
	return MHD_YES;
}

/* The value of the last header called name, or NULL. */
static const char *last_header(struct MHD_Connection *con, const char *name)
{
	struct last_header h = { name, NULL };

	MHD_get_connection_values(con, MHD_HEADER_KIND, find_last, &h);
	return h.value;
}

/*
 * The client's address (for the sign-in limits) into out, and whether it
 * came over HTTPS.  Only the trusted proxy is believed: it appends its
 * client's address to X-Forwarded-For, so the rightmost entry is the one
 * it saw (those before may be anything the client sent); from any other
 * peer the headers are ignored.
 */
static int client_of(const struct web *w, struct MHD_Connection *con,
		     char *out, size_t len)
{
	const char *xff, *proto, *p;
	unsigned char addr[sizeof(struct in6_addr)];
	char last[INET6_ADDRSTRLEN + 1];
	size_t n;

	peer_ip(con, out, len);
	if (!w->cfg->trust_proxy || strcmp(out, w->cfg->trust_proxy))
		return 0;
	xff = last_header(con, "X-Forwarded-For");
	if (xff) {
		p = strrchr(xff, ',');
		p = p ? p + 1 : xff;
		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n < sizeof(last)) {
			memcpy(last, p, n);
			last[n] = '\0';
			if (inet_pton(AF_INET, last, addr) == 1)
				inet_ntop(AF_INET, addr, out, (socklen_t)len);
			else if (inet_pton(AF_INET6, last, addr) == 1)
				inet_ntop(AF_INET6, addr, out, (socklen_t)len);
		}
	}
	proto = last_header(con, "X-Forwarded-Proto");
	return proto && !strcasecmp(proto, "https");
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
	r.https = client_of(w, con, ip, sizeof(ip));
	r.ip = ip;
	r.form = c->form;
	r.nform = c->nform;
	res.status = MHD_HTTP_OK;
	MHD_get_connection_values(con, MHD_GET_ARGUMENT_KIND, collect_kv, &r);
	if (store_take(w, &r.st, &msg) < 0) {
		web_fail(&r, &res, msg);
		goto respond;
	}
	v = cookie_value(con, r.https, SESSION_COOKIE);
	r.token = v && *v ? xstrdup(v) : NULL;
	if (resolve_session(&r, &msg) < 0) {
		web_fail(&r, &res, msg);
		goto respond;
	}
	if (r.signed_in) {
		r.csrf = xstrdup(r.session.csrf);
	} else {
		v = cookie_value(con, r.https, CSRF_COOKIE);
		if (v && strlen(v) == 32) {
			r.csrf = xstrdup(v);
		} else if (!strcmp(method, "GET")) {
			unsigned char raw[16];

			/* Forms before sign-in: a double-submit cookie. */
			randombytes_buf(raw, sizeof(raw));
			r.csrf = xmalloc(33);
			sodium_bin2hex(r.csrf, 33, raw, sizeof(raw));
			pre_cookie = cookie(r.https, CSRF_COOKIE, r.csrf,
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
	ret = respond(w, con, &res, pre_cookie);
	free(pre_cookie);
	response_free(&res);
	store_give(w, r.st);
	request_free(&r);
	return ret;
}

/*
 * The most a request's body may hold, decided from its headers before a
 * byte of it is read: a few KiB for anyone, as much as a form with a
 * reflection for someone signed in, and 2 MiB only for the DSL's upload.
 * The session is looked up only when the body may be more than the least.
 */
static size_t body_cap(struct web *w, struct MHD_Connection *con,
		       const char *method, const char *url)
{
	struct web_request r = { 0 };
	struct web_session sess;
	const struct web_route *t;
	struct store *st = NULL;
	char ip[INET6_ADDRSTRLEN], *msg = NULL;
	const char *len, *token;
	size_t cap = ANON_CAP, i;
	int path_found, found;

	len = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
					  "Content-Length");
	if (strcmp(method, "POST") || (len && strtoull(len, NULL, 10) <=
					ANON_CAP))
		return cap;
	token = cookie_value(con, client_of(w, con, ip, sizeof(ip)),
			     SESSION_COOKIE);
	if (!token || !*token)
		return cap;
	if (store_take(w, &st, &msg) < 0) {
		error("%s", msg);
		free(msg);
		return cap;
	}
	found = store_session_get(st, token, &sess, &msg);
	if (found < 0) {
		error("%s", msg);
		free(msg);
	}
	store_give(w, st);
	if (found <= 0)
		return cap;
	cap = FORM_CAP;
	r.method = method;
	r.path = url;
	t = route_find(&r, &path_found);
	for (i = 0; i < r.nargs; i++)
		free(r.args[i]);
	if (t && t->who == WEB_ADMIN && t->body == WEB_BODY_UPLOAD &&
	    sess.admin)
		cap = UPLOAD_CAP;
	return cap;
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
			return send_simple(w, con, MHD_HTTP_METHOD_NOT_ALLOWED,
					   "Not allowed", "Only GET and POST "
					   "are used here.");
		host = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
						   "Host");
		if (!host_ok(w->cfg, host))
			return send_simple(w, con, MHD_HTTP_BAD_REQUEST,
					   "Bad request", "This server does "
					   "not answer to that host name.");
		c = xcalloc(1, sizeof(*c));
		*con_cls = c;
		c->cap = body_cap(w, con, method, url);
		/* Refused before a byte of the body is read. */
		len = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
						  "Content-Length");
		if (len && strtoull(len, NULL, 10) > c->cap)
			return send_simple(w, con, 413, "Too large",
					   "That is more than this page "
					   "accepts.");
		if (!strcmp(method, "POST")) {
			c->pp = MHD_create_post_processor(con, 8192, on_post,
							  c);
			if (!c->pp)
				c->bad_type = 1;
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* A body without a length (chunked) is cut at the cap:
		 * MHD_NO closes the connection. */
		c->got += *upload_data_size;
		if (c->got > c->cap)
			return MHD_NO;
		if (c->pp && MHD_post_process(c->pp, upload_data,
					      *upload_data_size) == MHD_NO)
			c->bad_type = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	/* The request is here whole: its time limit ends. */
	deadline_set(w, con, 0);
	if (c->bad_type)
		return send_simple(w, con, MHD_HTTP_BAD_REQUEST, "Bad request",
				   "The form could not be read.");
	return handle(w, con, method, url, c);
}

/* After each request: its data freed, and the next request's deadline
 * set (a kept-alive connection waits for it). */
static void on_completed(void *cls, struct MHD_Connection *con,
			 void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct web *w = cls;
	struct conn *c = *con_cls;

	(void)toe;
	deadline_set(w, con, 1);
	if (!c)
		return;
	if (c->pp)
		MHD_destroy_post_processor(c->pp);
	kv_free(c->form, c->nform);
	free(c);
	*con_cls = NULL;
}

/* Stops deadline_sweep and waits for it. */
static void web_stop_sweeper(struct web *w)
{
	pthread_mutex_lock(&w->track_lock);
	w->stopping = 1;
	pthread_cond_signal(&w->track_wake);
	pthread_mutex_unlock(&w->track_lock);
	pthread_join(w->sweeper, NULL);
}

/* Undoes what web_start made, in the other order. */
static void web_free(struct web *w)
{
	pthread_cond_destroy(&w->track_wake);
	pthread_mutex_destroy(&w->track_lock);
	pthread_mutex_destroy(&w->pool_lock);
	free(w);
}

int web_start(const struct web_config *cfg, struct web **out, char **msg)
{
	struct sockaddr_in sin = { 0 };
	struct web *w;
	unsigned connections;

	sin.sin_family = AF_INET;
	sin.sin_port = htons(cfg->port);
	if (inet_pton(AF_INET, cfg->bind_addr, &sin.sin_addr) != 1) {
		*msg = xasprintf("'%s' is not an IPv4 address",
				 cfg->bind_addr);
		return -1;
	}
	if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) != MHD_YES) {
		*msg = xstrdup("this libmicrohttpd cannot use epoll");
		return -1;
	}
	connections = web_raise_fd_limit();
	w = xcalloc(1, sizeof(*w));
	w->cfg = cfg;
	if (pthread_mutex_init(&w->pool_lock, NULL) ||
	    pthread_mutex_init(&w->track_lock, NULL) ||
	    pthread_cond_init(&w->track_wake, NULL)) {
		/* Never seen: the default attributes need nothing. */
		*msg = xstrdup("cannot make a lock");
		free(w);
		return -1;
	}
	if (pthread_create(&w->sweeper, NULL, deadline_sweep, w)) {
		*msg = xstrdup("cannot start a thread");
		web_free(w);
		return -1;
	}
	w->daemon = MHD_start_daemon(
		WEB_DAEMON_FLAGS, cfg->port, NULL, NULL, on_request, w,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
		WEB_DAEMON_LIMITS(connections),
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, w,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, w,
		MHD_OPTION_END);
	if (!w->daemon) {
		*msg = xasprintf("cannot listen on %s: %s", cfg->host,
				 strerror(errno));
		web_stop_sweeper(w);
		web_free(w);
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
	web_stop_sweeper(w);
	while (w->npool)
		store_close(w->pool[--w->npool]);
	web_free(w);
}
