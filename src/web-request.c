/*
 * web-request.c - what the web server reads from a request (web.h): query
 * and form values, the client's address and scheme (believing only the
 * trusted proxy), and whether the Host header names this server.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "util.h"
#include "web.h"
#include "web-internal.h"

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

void web_kv_free(struct web_kv *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

/* Post processor callback: appends each piece of each field. */
enum MHD_Result web_post_field(void *cls, enum MHD_ValueKind kind,
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

enum MHD_Result web_query_field(void *cls, enum MHD_ValueKind kind,
				  const char *key, const char *value)
{
	struct web_request *r = cls;

	(void)kind;
	if (key)
		kv_push(&r->query, &r->nquery, key, value ? value : "",
			value ? strlen(value) : 0);
	return MHD_YES;
}

void web_request_free(struct web_request *r)
{
	size_t i;

	web_kv_free(r->query, r->nquery);
	for (i = 0; i < r->nargs; i++)
		free(r->args[i]);
	learner_clear(&r->learner);
	free(r->token);
	free(r->csrf);
}

/* Nonzero when the Host header names this server. */
int web_host_ok(const struct web_config *cfg, const char *host)
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

/* The peer's address as text. */
void web_peer_ip(struct MHD_Connection *con, char *out, size_t len)
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

int web_addr_normal(const char *s, char *out, size_t len)
{
	unsigned char addr[sizeof(struct in6_addr)];
	int family = strchr(s, ':') ? AF_INET6 : AF_INET;

	if (inet_pton(family, s, addr) != 1 ||
	    !inet_ntop(family, addr, out, (socklen_t)len))
		return -1;
	return 0;
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
int web_client_of(const struct web *w, struct MHD_Connection *con,
		     char *out, size_t len)
{
	const char *xff, *proto, *p;
	char last[INET6_ADDRSTRLEN + 1];
	size_t n;

	web_peer_ip(con, out, len);
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
			/* Not an address: the proxy's own stays. */
			web_addr_normal(last, out, len);
		}
	}
	proto = last_header(con, "X-Forwarded-Proto");
	return proto && !strcasecmp(proto, "https");
}
