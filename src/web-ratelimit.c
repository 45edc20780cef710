/*
 * web-ratelimit.c - the sign-in limits of `vigil serve` (web.h): failures
 * counted per client and per account in a window, so that guessing is
 * slow, while a right credential is never refused; and sign-in links by
 * email counted per address and per client, so that nobody can fill a
 * person's mailbox or make the school's mail server send for them.
 */
#include "config.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Sign-in links by email: so many requests per address an hour, and per
 * client in ten minutes.  A person who lost their link needs one; a
 * school's staff room asking at once shares one address. */
#define MAIL_ADDRESS_WINDOW	3600
#define MAIL_ADDRESS_MAX	3
#define MAIL_CLIENT_WINDOW	600
#define MAIL_CLIENT_MAX		10
#define MAIL_SLOTS	1024

struct rate_slot {
	char key[INET6_ADDRSTRLEN + 16];
	time_t start;
	int count;
};

static pthread_mutex_t rate_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rate_slot rate[RATE_SLOTS], mail_rate[MAIL_SLOTS];

/* The slot of key in table t of n slots ("client ADDR" or "account
 * NAME"), reset when its window has passed.  Called with rate_lock
 * held. */
static struct rate_slot *rate_slot(struct rate_slot *t, size_t n,
				   const char *key, time_t window)
{
	unsigned char h[8];
	size_t slot;
	time_t now = time(NULL);

	/* One slot per key hash: a collision only shares a count. */
	crypto_generichash(h, sizeof(h), (const unsigned char *)key,
			   strlen(key), NULL, 0);
	slot = ((size_t)h[0] | (size_t)h[1] << 8 | (size_t)h[2] << 16) % n;
	if (strcmp(t[slot].key, key) || now - t[slot].start >= window) {
		snprintf(t[slot].key, sizeof(t[slot].key), "%s", key);
		t[slot].start = now;
		t[slot].count = 0;
	}
	return &t[slot];
}

/* Adds n failures (or with n < 0 forgets them) to the client's count and
 * the account's; returns nonzero when either is over the limit. */
static int rate_count(const struct web_request *r, const char *account,
		      int n)
{
	char keys[2][sizeof(rate[0].key)];
	struct rate_slot *slot;
	size_t i, nkeys = 1;
	int over = 0;

	snprintf(keys[0], sizeof(keys[0]), "client %s", r->ip);
	if (account)
		snprintf(keys[nkeys++], sizeof(keys[0]), "account %s",
			 account);
	pthread_mutex_lock(&rate_lock);
	for (i = 0; i < nkeys; i++) {
		slot = rate_slot(rate, RATE_SLOTS, keys[i], RATE_WINDOW);
		slot->count = n < 0 ? 0 : slot->count + n;
		over |= slot->count > RATE_MAX;
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

/*
 * Counts a request for a sign-in link by email, from r's client for the
 * address email; 0 when within both limits, else the seconds to wait.
 * The address is kept only as a hash of it in lower case, and counted
 * only when the client is within its limit, so that one client cannot
 * use up someone else's requests.
 */
int web_mail_limited(const struct web_request *r, const char *email)
{
	unsigned char h[16];
	char key[sizeof(rate[0].key)], *lower = xstrdup(email), *p;
	struct rate_slot *slot;
	int wait = 0;
	size_t i;

	for (p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	pthread_mutex_lock(&rate_lock);
	snprintf(key, sizeof(key), "client %s", r->ip);
	slot = rate_slot(mail_rate, MAIL_SLOTS, key, MAIL_CLIENT_WINDOW);
	if (++slot->count > MAIL_CLIENT_MAX) {
		wait = MAIL_CLIENT_WINDOW;
		goto out;
	}
	crypto_generichash(h, sizeof(h), (const unsigned char *)lower,
			   strlen(lower), NULL, 0);
	p = key + snprintf(key, sizeof(key), "address ");
	for (i = 0; i < sizeof(h); i++)
		p += snprintf(p, 3, "%02x", h[i]);
	slot = rate_slot(mail_rate, MAIL_SLOTS, key, MAIL_ADDRESS_WINDOW);
	if (++slot->count > MAIL_ADDRESS_MAX)
		wait = MAIL_ADDRESS_WINDOW;
out:
	pthread_mutex_unlock(&rate_lock);
	free(lower);
	return wait;
}

void web_too_many_mails(const struct web_request *r,
			struct web_response *res, int wait)
{
	char *lead = web_setting(r, "lead_short");
	char *text = xasprintf("Sign-in links have been asked for too often "
			       "lately, from here or for that address.  "
			       "Please wait and try again later, or ask your "
			       "%s for your link.", lead);

	web_error_page(r, res, 429, "Too many requests", text);
	res->retry_after = wait;
	free(text);
	free(lead);
}
