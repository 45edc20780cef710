/*
 * web.c - the daemon of `vigil serve` (web.h): libmicrohttpd started and
 * stopped, each request's body read within its cap, handled (a database
 * from the pool, the session and CSRF checks, the route) and answered
 * with the security headers.  The parts are behind web-internal.h:
 * web-request.c, web-session.c, web-ratelimit.c, web-route.c, web-conn.c,
 * web-mail.c and web-page.c; the pages are web-signin.c, web-catalogue.c,
 * web-take.c, web-verify.c and web-admin*.c.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "html.h"
#include "sandbox.h"
#include "web.h"
#include "web-internal.h"

#define ANON_CAP	((size_t)4 * 1024)	/* a sign-in form */
#define FORM_CAP	((size_t)64 * 1024)	/* a signed-in form, with a reflection */
#define UPLOAD_CAP	((size_t)2 * 1024 * 1024)	/* a roster CSV */

static const char csp[] =
	"default-src 'none'; style-src 'self'; img-src 'self'; "
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

char *web_csp_script(const char *hash)
{
	return xasprintf("script-src 'sha256-%s'; %s", hash, csp);
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
		web_conn_deadline(w, con, 0);
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
	/* The next request is someone else's until it says whose. */
	store_set_actor(st, NULL, 0);
	if (store_idle(st) && pthread_mutex_lock(&w->pool_lock) == 0) {
		if (w->npool < STORE_POOL) {
			w->pool[w->npool++] = st;
			st = NULL;
		}
		pthread_mutex_unlock(&w->pool_lock);
	}
	store_close(st);
}

/* Handles a complete request: route, session, CSRF, response. */
static enum MHD_Result handle(struct web *w, struct MHD_Connection *con,
			      const char *method, const char *url,
			      struct conn *c)
{
	struct web_request r = { 0 };
	struct web_response res = { 0 };
	const struct web_route *t;
	char *msg = NULL, *pre_cookie = NULL;
	enum MHD_Result ret;
	int path_found;

	sandbox_budget_begin();	/* all pack code this request runs */
	r.method = method;
	r.path = url;
	r.cfg = w->cfg;
	r.https = c->https;
	r.ip = c->ip;
	r.form = c->form;
	r.nform = c->nform;
	r.mail = w->mail;
	res.status = MHD_HTTP_OK;
	MHD_get_connection_values(con, MHD_GET_ARGUMENT_KIND, web_query_field, &r);
	t = web_route_find(&r, &path_found);
	if (t && t->who == WEB_ASSET) {
		t->handler(&r, &res);
		goto respond;
	}
	if (store_take(w, &r.st, &msg) < 0) {
		web_fail(&r, &res, msg);
		goto respond;
	}
	if (web_session_find(&r, con, &pre_cookie, &msg) < 0) {
		web_fail(&r, &res, msg);
		goto respond;
	}
	if (w->cfg->preview) {
		if (web_preview_before(&r, &res))
			goto respond;
		/* It matched paths of its own: the route's "*"s again. */
		t = web_route_find(&r, &path_found);
	}
	/* The audit log names who made each change this request makes. */
	web_session_actor(&r);
	if (!strcmp(method, "POST") && !web_csrf_ok(&r)) {
		web_error_page(&r, &res, 403, "This form cannot be sent",
			       "It has expired or did not come from this site. "
			       "Go back, reload the page and try again.");
		goto respond;
	}
	web_route(&r, &res, t, path_found);
respond:
	if (w->cfg->preview && r.st)
		web_preview_after(&r, &res);
	free(msg);
	ret = respond(w, con, &res, pre_cookie);
	free(pre_cookie);
	response_free(&res);
	store_give(w, r.st);
	web_request_free(&r);
	return ret;
}

/*
 * The most a request's body may hold, decided from its headers before a
 * byte of it is read: a few KiB for anyone, as much as a form with a
 * reflection for someone signed in, and 2 MiB only for the DSL's upload.
 * The session is looked up only when the body may be more than the least.
 */
static size_t body_cap(struct web *w, struct MHD_Connection *con,
		       const char *method, const char *url, int https)
{
	struct web_request r = { 0 };
	struct web_session sess;
	const struct web_route *t;
	struct store *st = NULL;
	char *msg = NULL;
	const char *len, *token;
	size_t cap = ANON_CAP, i;
	int path_found, found;

	len = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
					  "Content-Length");
	if (strcmp(method, "POST") || (len && strtoull(len, NULL, 10) <=
					ANON_CAP))
		return cap;
	token = web_session_cookie(con, https);
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
	t = web_route_find(&r, &path_found);
	for (i = 0; i < r.nargs; i++)
		free(r.args[i]);
	if (t && t->who == WEB_ADMIN && t->body == WEB_BODY_UPLOAD &&
	    (!strcmp(sess.access, "dsl") || !strcmp(sess.access, "deputy")))
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
		if (!web_host_ok(w->cfg, host))
			return send_simple(w, con, MHD_HTTP_BAD_REQUEST,
					   "Bad request", "This server does "
					   "not answer to that host name.");
		c = xcalloc(1, sizeof(*c));
		*con_cls = c;
		c->https = web_client_of(w, con, c->ip, sizeof(c->ip));
		c->cap = body_cap(w, con, method, url, c->https);
		/* Refused before a byte of the body is read. */
		len = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
						  "Content-Length");
		if (len && strtoull(len, NULL, 10) > c->cap)
			return send_simple(w, con, 413, "Too large",
					   "That is more than this page "
					   "accepts.");
		if (!strcmp(method, "POST")) {
			c->pp = MHD_create_post_processor(con, 8192, web_post_field,
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
	web_conn_deadline(w, con, 0);
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
	web_conn_deadline(w, con, 1);
	if (!c)
		return;
	if (c->pp)
		MHD_destroy_post_processor(c->pp);
	web_kv_free(c->form, c->nform);
	free(c);
	*con_cls = NULL;
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
	struct sockaddr_in6 sin6 = { 0 };
	struct sockaddr *sa = (struct sockaddr *)&sin;
	struct web *w;
	pthread_condattr_t ca;
	unsigned connections, flags = WEB_DAEMON_FLAGS;

	sin.sin_family = AF_INET;
	sin.sin_port = htons(cfg->port);
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons(cfg->port);
	/* IPv6 for pack preview's ::1 (cmd-pack-preview.c). */
	if (inet_pton(AF_INET6, cfg->bind_addr, &sin6.sin6_addr) == 1) {
		sa = (struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	} else if (inet_pton(AF_INET, cfg->bind_addr, &sin.sin_addr) != 1) {
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
	/* The sweeper waits on the monotonic clock, as its deadlines are:
	 * a clock set back must not hold it asleep. */
	if (pthread_condattr_init(&ca)) {
		*msg = xstrdup("cannot make a lock");
		free(w);
		return -1;
	}
	if (pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) ||
	    pthread_mutex_init(&w->pool_lock, NULL) ||
	    pthread_mutex_init(&w->track_lock, NULL) ||
	    pthread_cond_init(&w->track_wake, &ca)) {
		/* Never seen: these attributes need nothing. */
		pthread_condattr_destroy(&ca);
		*msg = xstrdup("cannot make a lock");
		free(w);
		return -1;
	}
	pthread_condattr_destroy(&ca);
	if (pthread_create(&w->sweeper, NULL, web_conn_sweep, w)) {
		*msg = xstrdup("cannot start a thread");
		web_free(w);
		return -1;
	}
	if (web_mail_start(cfg, &w->mail, msg) < 0) {
		web_conn_stop_sweeper(w);
		web_free(w);
		return -1;
	}
	w->daemon = MHD_start_daemon(
		flags, cfg->port, NULL, NULL, on_request, w,
		MHD_OPTION_SOCK_ADDR, sa,
		WEB_DAEMON_LIMITS(connections),
		MHD_OPTION_NOTIFY_CONNECTION, web_conn_notify, w,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, w,
		MHD_OPTION_END);
	if (!w->daemon) {
		*msg = xasprintf("cannot listen on %s: %s", cfg->host,
				 strerror(errno));
		web_mail_stop(w->mail);
		web_conn_stop_sweeper(w);
		web_free(w);
		return -1;
	}
	*out = w;
	return 0;
}

/* SIGINT and SIGTERM, which stop the server. */
static void stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
}

void web_block_stop_signals(void)
{
	sigset_t set;

	stop_signals(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

void web_wait_and_stop(struct web *w)
{
	sigset_t set;
	int sig;

	stop_signals(&set);
	sigwait(&set, &sig);
	/* No new connections; the requests in flight run to their end. */
	MHD_quiesce_daemon(w->daemon);
	MHD_stop_daemon(w->daemon);
	/* After the requests, which may have queued mail: the message in
	 * hand is finished, the rest dropped. */
	web_mail_stop(w->mail);
	web_conn_stop_sweeper(w);
	while (w->npool)
		store_close(w->pool[--w->npool]);
	web_free(w);
}
