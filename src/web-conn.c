/*
 * web-conn.c - the connections of `vigil serve`: at most WEB_PER_ADDRESS
 * from one address (but the trusted proxy), and the whole of a request
 * within request_seconds, cut by a sweeper thread.
 */
#include "config.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "util.h"
#include "web.h"
#include "web-internal.h"

/*
 * libmicrohttpd times out only idle connections, so a client sending a
 * byte now and then would hold one for ever.  Each connection is tracked
 * from MHD_CONNECTION_NOTIFY_STARTED to _CLOSED with a deadline: the
 * request must arrive whole within request_seconds of the connection's
 * start, or of the end of the previous response on a kept-alive one.  The
 * deadline is lifted while a response is made and sent (respond, in
 * web.c), and set again when it is done (on_completed).  A thread
 * (web_conn_sweep) shuts down the socket of a connection past its
 * deadline; libmicrohttpd then sees the end of the stream and closes it.
 * libmicrohttpd 0.9.75 calls the CLOSED notification before it closes the
 * socket (in MHD_connection_close_, and on the failed-accept path), and
 * the notification takes track_lock, so the sweeper never touches a
 * closed (or reused) descriptor.
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
void web_conn_deadline(struct web *w, struct MHD_Connection *con, int arm)
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
	return &w->by_addr[str_hash(ip) % ADDR_BUCKETS];
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
void web_conn_notify(void *cls, struct MHD_Connection *con,
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
		web_peer_ip(con, ip, sizeof(ip));
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
void *web_conn_sweep(void *arg)
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
		clock_gettime(CLOCK_MONOTONIC, &wake);	/* the cond's clock */
		wake.tv_sec++;
		pthread_cond_timedwait(&w->track_wake, &w->track_lock, &wake);
	}
	pthread_mutex_unlock(&w->track_lock);
	return NULL;
}

/* Stops web_conn_sweep and waits for it. */
void web_conn_stop_sweeper(struct web *w)
{
	pthread_mutex_lock(&w->track_lock);
	w->stopping = 1;
	pthread_cond_signal(&w->track_wake);
	pthread_mutex_unlock(&w->track_lock);
	pthread_join(w->sweeper, NULL);
}
