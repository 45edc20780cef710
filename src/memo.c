/* memo.c - results of costly pure functions, per process (memo.h). */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memo.h"
#include "util.h"

struct memo {
	struct memo *next;
	int refs;		/* the table's, and each reader's */
	uint64_t key;
	enum memo_kind kind;
	char *name, *in, *out;
	size_t inlen, outlen;
};

#define MEMO_BUCKETS 1024

static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;
static struct memo *memo_table[MEMO_BUCKETS];
static size_t memo_bytes;

/* A hash of the kind, the name and the input, eight bytes at a step: it
 * only picks the bucket, since a hit still compares every byte. */
static uint64_t memo_key(enum memo_kind kind, const char *name,
			 const char *in, size_t inlen)
{
	const uint64_t mul = 0x9e3779b97f4a7c15ULL;
	uint64_t h = str_hash(name) ^ (uint64_t)kind, w;
	size_t i;

	h ^= inlen;
	for (i = 0; i + 8 <= inlen; i += 8) {
		memcpy(&w, in + i, 8);
		h = ((h ^ w) * mul);
		h ^= h >> 29;
	}
	for (; i < inlen; i++)
		h = (h ^ (unsigned char)in[i]) * 1099511628211ULL;
	return h;
}

static char *copy(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Drops a reference; the lock must be held (or m be nobody else's). */
static void memo_unref(struct memo *m)
{
	if (--m->refs == 0) {
		free(m->name);
		free(m->in);
		free(m->out);
		free(m);
	}
}

/*
 * The lock is held only to find a candidate and take a reference: the
 * byte comparison and the copy, tens of kilobytes for a Lua chunk, run
 * outside it, so that the server's threads do not queue here.
 */
char *memo_get(enum memo_kind kind, const char *name, const char *in,
	       size_t inlen, size_t *outlen)
{
	uint64_t key = memo_key(kind, name, in, inlen);
	struct memo *m, *found = NULL;
	char *out = NULL;

	if (pthread_mutex_lock(&memo_lock))
		return NULL;	/* as if not kept: the caller computes it */
	for (m = memo_table[key % MEMO_BUCKETS]; m; m = m->next)
		if (m->key == key && m->kind == kind && m->inlen == inlen &&
		    !strcmp(m->name, name)) {
			found = m;
			found->refs++;
			break;
		}
	pthread_mutex_unlock(&memo_lock);
	if (!found)
		return NULL;
	if (!inlen || !memcmp(found->in, in, inlen)) {
		out = copy(found->out, found->outlen);
		*outlen = found->outlen;
	}
	if (pthread_mutex_lock(&memo_lock) == 0) {
		memo_unref(found);
		pthread_mutex_unlock(&memo_lock);
	}
	return out;
}

void memo_put(enum memo_kind kind, const char *name, const char *in,
	      size_t inlen, const char *out, size_t outlen)
{
	struct memo *m;
	size_t size = strlen(name) + inlen + outlen, i;

	if (size > MEMO_CAP / 4)
		return;		/* would crowd out everything else */
	m = xcalloc(1, sizeof(*m));
	m->refs = 1;
	m->key = memo_key(kind, name, in, inlen);
	m->kind = kind;
	m->name = xstrdup(name);
	m->in = copy(in, inlen);
	m->inlen = inlen;
	m->out = copy(out, outlen);
	m->outlen = outlen;
	if (pthread_mutex_lock(&memo_lock)) {
		memo_unref(m);
		return;
	}
	if (memo_bytes + size > MEMO_CAP) {
		/* Dropping everything is crude but bounded, and costs one
		 * recomputation per input still in use. */
		for (i = 0; i < MEMO_BUCKETS; i++)
			while (memo_table[i]) {
				struct memo *next = memo_table[i]->next;

				memo_unref(memo_table[i]);
				memo_table[i] = next;
			}
		memo_bytes = 0;
	}
	m->next = memo_table[m->key % MEMO_BUCKETS];
	memo_table[m->key % MEMO_BUCKETS] = m;
	memo_bytes += size;
	pthread_mutex_unlock(&memo_lock);
}
