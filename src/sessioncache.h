/*
 * sessioncache.h - sessions kept between requests, for the web server.
 *
 * Every page of a take rebuilds the learner's session from the records
 * (web-take.c, attempt.h), which means a fresh sandbox, the module loaded into it and
 * every answer replayed: most of a request's time (doc/performance.md).  A
 * session kept from the attempt's last request is used instead when it has
 * given exactly the answers the records hold, or the first of them (the
 * rest are then given to it): a session is determined by its module, seed
 * and answers (session.h), so this is what a replay would build.  A kept
 * session only ever carries on its own attempt, as in a terminal take, so
 * no state passes between learners or attempts.
 *
 * At most SESSION_CACHE_MAX are kept, holding SESSION_CACHE_BYTES in their
 * sandboxes at most (a pack may fill one up to its cap), the least recently
 * used going first, and none longer than SESSION_CACHE_IDLE seconds unused,
 * so that what a learner wrote does not stay in memory long after their
 * last page.
 * Thread-safe; a session taken is the taker's alone until given back.
 */
#ifndef VIGIL_SESSIONCACHE_H
#define VIGIL_SESSIONCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

#define SESSION_CACHE_MAX	256
#define SESSION_CACHE_BYTES	(128u << 20)
#define SESSION_CACHE_IDLE	600

/* What a kept session is of: the attempt (its id and seed) and the pack
 * (its hash), so that one is never taken for another. */
struct session_key {
	int64_t attempt;
	uint64_t seed;
	const char *pack_hash;
};

/*
 * Takes the kept session for key if it has given answers[0..n) or the
 * first of them.  Returns it (the caller's now), or NULL: the caller
 * replays.
 */
struct session *session_cache_take(const struct session_key *key,
				   const struct answer *answers, size_t n);

/* Keeps s as the session for key (the cache's now); a session that has
 * failed (session_failed) is freed instead. */
void session_cache_give(const struct session_key *key, struct session *s);

/* Frees every kept session: after a learner is forgotten. */
void session_cache_clear(void);

#endif
