/* sessioncache.c - sessions kept between requests (sessioncache.h). */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sessioncache.h"
#include "util.h"

struct kept {
	int64_t attempt;
	uint64_t seed;
	char hash[65];
	struct session *s;
	size_t bytes;		/* its sandbox's, when it was given */
	time_t used;
};

static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kept kept[SESSION_CACHE_MAX];
static size_t nkept, kept_bytes;

/* Removes entry i, putting its session in out[(*n)++].  Lock held. */
static void drop(size_t i, struct session **out, size_t *n)
{
	out[(*n)++] = kept[i].s;
	kept_bytes -= kept[i].bytes;
	kept[i] = kept[--nkept];
}

/* Moves the sessions unused for too long to out (freed by the caller,
 * outside the lock: closing a Lua state takes a while).  Lock held. */
static size_t expire(struct session **out, time_t now)
{
	size_t i = 0, n = 0;

	while (i < nkept) {
		if (kept[i].used + SESSION_CACHE_IDLE < now)
			drop(i, out, &n);
		else
			i++;
	}
	return n;
}

static void free_all(struct session **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		session_free(v[i]);
}

/* How many of answers[0..n) s has given, or -1 if it gave another. */
static long given(const struct session *s, const struct answer *answers,
		  size_t n)
{
	const struct answer *had;
	size_t k, i;

	had = session_answers(s, &k);
	if (k > n)
		return -1;
	for (i = 0; i < k; i++)
		if (strcmp(had[i].step_id, answers[i].step_id) ||
		    strcmp(had[i].input, answers[i].input))
			return -1;
	return (long)k;
}

struct session *session_cache_take(const struct session_key *key,
				   const struct answer *answers, size_t n)
{
	struct session *old[SESSION_CACHE_MAX], *s = NULL;
	size_t nold = 0, i;
	char *msg = NULL;
	long k;

	if (pthread_mutex_lock(&kept_lock))
		return NULL;
	nold = expire(old, time(NULL));
	for (i = 0; i < nkept; i++)
		if (kept[i].attempt == key->attempt) {
			int same = kept[i].seed == key->seed &&
				   !strcmp(kept[i].hash, key->pack_hash);

			drop(i, old, &nold);
			if (same)
				s = old[--nold];
			break;
		}
	pthread_mutex_unlock(&kept_lock);
	free_all(old, nold);
	if (!s)
		return NULL;
	/* The rest of the answers are given as session_replay would; if one
	 * does not fit, the caller's replay says why. */
	k = given(s, answers, n);
	if (k < 0 || session_give(s, answers + k, n - (size_t)k, &msg) < 0) {
		free(msg);
		session_free(s);
		return NULL;
	}
	return s;
}

void session_cache_give(const struct session_key *key, struct session *s)
{
	struct session *old[SESSION_CACHE_MAX + 1];
	size_t nold = 0, i, lru, bytes;
	time_t now = time(NULL);

	if (!s)
		return;
	bytes = session_memory(s);
	/* One that would crowd out many others is not worth keeping. */
	if (session_failed(s) || bytes > SESSION_CACHE_BYTES / 16 ||
	    pthread_mutex_lock(&kept_lock)) {
		session_free(s);
		return;
	}
	nold = expire(old, now);
	for (i = 0; i < nkept; i++)
		if (kept[i].attempt == key->attempt) {
			drop(i, old, &nold);
			break;
		}
	/* Full: the least recently used go. */
	while (nkept && (nkept == SESSION_CACHE_MAX ||
			 kept_bytes + bytes > SESSION_CACHE_BYTES)) {
		for (lru = 0, i = 1; i < nkept; i++)
			if (kept[i].used < kept[lru].used)
				lru = i;
		drop(lru, old, &nold);
	}
	kept[nkept].attempt = key->attempt;
	kept[nkept].seed = key->seed;
	snprintf(kept[nkept].hash, sizeof(kept[nkept].hash), "%s",
		 key->pack_hash);
	kept[nkept].s = s;
	kept[nkept].bytes = bytes;
	kept[nkept].used = now;
	kept_bytes += bytes;
	nkept++;
	pthread_mutex_unlock(&kept_lock);
	free_all(old, nold);
}

void session_cache_clear(void)
{
	struct session *old[SESSION_CACHE_MAX];
	size_t nold = 0;

	if (pthread_mutex_lock(&kept_lock))
		return;
	while (nkept)
		drop(nkept - 1, old, &nold);
	pthread_mutex_unlock(&kept_lock);
	free_all(old, nold);
}
