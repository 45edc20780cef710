/*
 * web-ratelimit.c - the sign-in limits of `vigil serve` (web.h): failures
 * counted per client and per account in a window, so that guessing is
 * slow, while a right credential is never refused.
 */
#include "config.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "util.h"
#include "web.h"
#include "web-internal.h"

#define RATE_WINDOW	60	/* seconds */
#define RATE_MAX	10	/* failed sign-ins per client, or per account,
				   and window */
#define RATE_SLOTS	256

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
