/*
 * web.h - the web front end: HTTP through libmicrohttpd, requests read
 * within limits, responses sent with the security headers, and a table of
 * routes to the page handlers (web-*.c).
 *
 * Everything a page needs is in the database: a request takes an open
 * store, finds its session from the cookie, and finds the training session
 * that the stored answers make (session.h).  The server keeps loaded packs
 * and the sessions of learners working now only to go faster, and checks
 * each against the files and the records whenever it is used
 * (packcache.h, sessioncache.h); a restart loses nothing.
 *
 * Security (SECURITY.md, Web): the Host header must name this server (400
 * otherwise); a body over its cap gets 413 before it is read; every POST
 * carries a CSRF token (the session's, or before sign-in a double-submit
 * cookie) or is refused with 403; GET never changes anything; cookies are
 * HttpOnly and SameSite=Strict (and Secure, with the __Host- prefix, over
 * HTTPS through the trusted proxy), and a new session id is made at
 * sign-in; every response has a strict Content-Security-Policy, nosniff,
 * Referrer-Policy no-referrer and Cache-Control no-store; sign-in failures
 * are counted per account and per client, and a right credential is never
 * refused.
 */
#ifndef VIGIL_WEB_H
#define VIGIL_WEB_H

#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>

#include "store.h"
#include "strv.h"
#include "util.h"

/*
 * The daemon's threading and limits, as MHD_start_daemon's flags and
 * options; bench/hello.c starts its reference server with the same.
 * epoll, so that no file descriptor number is too high to wait on (select()
 * stops at 1024), and as many connections as web_raise_fd_limit allows.
 * The timeout is idle time.  web-conn.c adds two limits of its own: at most
 * WEB_PER_ADDRESS connections from any one address but the trusted proxy,
 * and the whole of a request within web_config.request_seconds.
 */
#define WEB_PER_ADDRESS	256
#define WEB_DAEMON_FLAGS \
	(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG)
#define WEB_DAEMON_LIMITS(connections) \
	MHD_OPTION_THREAD_POOL_SIZE, (unsigned)4, \
	MHD_OPTION_CONNECTION_LIMIT, (unsigned)(connections), \
	MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, \
	MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024)

#define WEB_FD_RESERVE	256	/* files kept for other than connections */
#define WEB_CONNECTIONS_MAX	65536

/*
 * Raises the soft limit on open files to the hard one and returns how many
 * connections fit under it, leaving room for databases, packs and watches
 * (inline, for bench/hello.c).
 */
static inline unsigned web_raise_fd_limit(void)
{
	struct rlimit rl;
	rlim_t n;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 1024 - WEB_FD_RESERVE;
	if (rl.rlim_cur < rl.rlim_max) {
		rlim_t cur = rl.rlim_cur;

		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			rl.rlim_cur = cur;
	}
	n = rl.rlim_cur;
	if (n == RLIM_INFINITY || n > WEB_CONNECTIONS_MAX + WEB_FD_RESERVE)
		n = WEB_CONNECTIONS_MAX + WEB_FD_RESERVE;
	return n > (rlim_t)2 * WEB_FD_RESERVE ? (unsigned)(n - WEB_FD_RESERVE) :
					(unsigned)(n / 2);
}

/* The absolute time a request has to arrive in, by default (seconds). */
#define WEB_REQUEST_SECONDS	30

enum web_signup {
	WEB_SIGNUP_OPEN,	/* anyone gives a name and a staff reference */
	WEB_SIGNUP_ROSTER	/* only learners in the roster, by their link */
};

struct web_config {
	const char *db;
	const struct strv *pack_dirs, *plugin_dirs;
	enum web_signup signup;
	char *host;		/* "ADDR:PORT" as clients name it */
	const struct strv *hosts;	/* other names clients may use (--host),
					   e.g. behind a reverse proxy */
	char *bind_addr;	/* numeric address to listen on */
	uint16_t port;
	char *trust_proxy;	/* the reverse proxy's address (as
				   web_addr_normal writes it), whose
				   X-Forwarded-For and X-Forwarded-Proto are
				   believed, or NULL */
	unsigned request_seconds;	/* a request arrives whole within this
					   (WEB_REQUEST_SECONDS) */
	int preview;		/* `pack preview` (web-preview.c): one pack,
				   one learner signed in without a page */
};

struct web_mail;

struct web_kv {
	char *key, *value;
	size_t len;		/* of value (uploads may hold any bytes) */
};

struct web_request {
	const char *method;	/* "GET" or "POST" (others are refused) */
	const char *path;	/* without the query string, decoded */
	struct web_kv *query, *form;
	size_t nquery, nform;
	const char *ip;		/* the client's address, for rate limits
				   (the proxy's client behind --trust-proxy) */
	int https;		/* reached over HTTPS (the trusted proxy's
				   X-Forwarded-Proto) */
	const struct web_config *cfg;
	struct store *st;	/* open for the request */
	/* The signed-in session, if any (learner filled for a learner). */
	int signed_in;
	struct web_session session;
	struct learner learner;
	char *token;		/* the session cookie's value, or NULL */
	char *csrf;		/* the token forms must carry: the session's,
				   or the pre-sign-in cookie's */
	char *args[4];		/* the path segments that matched "*" */
	size_t nargs;
	struct web_mail *mail;	/* the server's mail worker, which sends
				   what a page asks for */
};

struct web_response {
	int status;
	const char *type;	/* default text/html; charset=utf-8 */
	struct buf body;
	char *location;		/* for 303 */
	char *set_cookie;	/* a whole Set-Cookie value */
	char *filename;		/* a download: Content-Disposition */
	char *csp;		/* a policy of the page's own, else the strict
				   default (certificate_csp) */
	int retry_after;	/* seconds, for 429; 0 for none */
};

/* A query or form value, or NULL. */
const char *web_query(const struct web_request *r, const char *key);
const char *web_form(const struct web_request *r, const char *key);
/* The number of form values with this key (checkboxes), and the n-th. */
size_t web_form_count(const struct web_request *r, const char *key);
const char *web_form_nth(const struct web_request *r, const char *key,
			 size_t n);

/* Responses. */
void web_redirect(struct web_response *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An error page with a heading and a sentence (escaped). */
void web_error_page(const struct web_request *r, struct web_response *res,
		    int status, const char *title, const char *text);

/*
 * The one answer to a failure that is not the client's: detail (with the
 * request) goes to the server's log under a short random incident id, and
 * the browser gets a plain 500 page quoting that id and nothing else.
 */
void web_fail(const struct web_request *r, struct web_response *res,
	      const char *detail);

/* Page layout: the document head, the site header and main, then the end. */
void web_page_begin(struct buf *b, const struct web_request *r,
		    const char *title);
/* The same, for a page of wide tables: its main is wider (main.wide), up
 * to what a desktop screen shows comfortably. */
void web_page_begin_wide(struct buf *b, const struct web_request *r,
			 const char *title);
void web_page_end(struct buf *b);
/* <input type="hidden" name="csrf" value="..."> for every form. */
void web_csrf_field(struct buf *b, const struct web_request *r);

/* Signs r in as a learner or the admin: a new session and its cookie. */
int web_sign_in(struct web_request *r, struct web_response *res,
		int64_t learner_id, int admin);
void web_sign_out(struct web_request *r, struct web_response *res);

/*
 * Sign-in limits.  Only failures count, per client (r->ip) and, when
 * account is not NULL, per account ("admin"); a credential is always
 * checked, and a right one is never refused.  web_signin_failed records a
 * failure and returns nonzero when the client or the account has failed
 * too often lately: the answer is then web_too_many_tries (429 with
 * Retry-After).  web_signin_succeeded forgets both counts.
 */
int web_signin_failed(const struct web_request *r, const char *account);
void web_signin_succeeded(const struct web_request *r, const char *account);
void web_too_many_tries(const struct web_request *r,
			struct web_response *res);
/*
 * Sign-in links by email: each request counts, per client and per
 * address (in any case), whether or not the address is known.
 * web_mail_limited returns 0 within the limits, else the seconds to wait,
 * and the answer is then web_too_many_mails (429, the same whatever the
 * address).
 */
int web_mail_limited(const struct web_request *r, const char *email);
void web_too_many_mails(const struct web_request *r,
			struct web_response *res, int wait);

/*
 * A route: method and path pattern ("*" matches one path segment).  Its
 * body may be a form (a few KiB before sign-in, 64 KiB after: a
 * reflection) or, for an admin route, an upload of up to 2 MiB; the limit
 * is chosen from the route and the session cookie before the body is read.
 * WEB_ASSET routes (the stylesheet) are served without the records or a
 * session, so that even a page saying the records cannot be read is styled.
 */
struct web_route {
	const char *method, *pattern;
	int (*handler)(struct web_request *r, struct web_response *res);
	enum { WEB_PUBLIC, WEB_LEARNER, WEB_ADMIN, WEB_ASSET } who;
	enum { WEB_BODY_FORM, WEB_BODY_UPLOAD } body;
};

/*
 * The numeric address s as the server writes peers' addresses (those of
 * inet_ntop) into out, of len bytes.  Returns 0, or -1 when s is not an
 * IPv4 or IPv6 address.
 */
int web_addr_normal(const char *s, char *out, size_t len);

/* The i-th "*" segment of r's path that matched (decoded), or NULL. */
const char *web_arg(const struct web_request *r, size_t i);

/*
 * Starts serving on cfg's address with the routes of web-*.c.  Returns 0,
 * or -1 with *msg.  web_wait blocks until SIGINT or SIGTERM, then stops
 * the daemon gracefully: no new connections, the requests in flight
 * finish (their answers are committed) before it returns.
 */
struct web;
int web_start(const struct web_config *cfg, struct web **out, char **msg);
/* Leaves SIGINT and SIGTERM to web_wait_and_stop alone: called before
 * web_start, so that no thread it starts takes them. */
void web_block_stop_signals(void);
void web_wait_and_stop(struct web *w);

/*
 * `vigil pack preview` (web-preview.c): the pack folder dir, reached by
 * the server through the link links/ID (cfg.pack_dirs holds links alone),
 * and the learner every browser is signed in as.  web_preview_init before
 * web_start (with cfg.preview set); web_preview_done after stopping.
 */
void web_preview_init(const char *dir, const char *links, int64_t learner_id);
void web_preview_done(void);

/* The route tables of each group of pages. */
extern const struct web_route web_signin_routes[];
extern const struct web_route web_take_routes[];
extern const struct web_route web_verify_routes[];
extern const struct web_route web_admin_routes[];
extern const struct web_route web_admin_records_routes[];
extern const struct web_route web_admin_lists_routes[];
extern const struct web_route web_admin_staff_routes[];
extern const struct web_route web_admin_links_routes[];
extern const struct web_route web_admin_audit_routes[];
extern const struct web_route web_admin_forget_routes[];
extern const struct web_route web_admin_groups_routes[];
extern const struct web_route web_admin_settings_routes[];
extern const struct web_route web_admin_import_routes[];
extern const struct web_route web_admin_reminders_routes[];

#endif
