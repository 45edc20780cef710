/*
 * memo.h - results of costly pure functions, kept for the life of the
 * process.
 *
 * A fresh sandbox per replay (SECURITY.md) means every web request and every
 * replay compiles the same Lua files and renders the same Markdown again; in
 * the profile that was most of the time (doc/performance.md).  A memo keeps
 * the result against the whole input, compared byte for byte, so a hit is
 * exactly what computing it again would give.  Memory is capped: past the
 * cap everything is dropped and the memo fills again.  Thread-safe.
 */
#ifndef VIGIL_MEMO_H
#define VIGIL_MEMO_H

#include <stddef.h>

/* Which function a result is of; inputs of different kinds never meet. */
enum memo_kind { MEMO_LUA_CHUNK, MEMO_MD_HTML };

/* Bytes of inputs and results kept at most. */
#define MEMO_CAP (32u << 20)

/*
 * The result kept for (kind, name, in), as a malloc'd copy with a NUL after
 * its *outlen bytes, or NULL if there is none.  name may be "".
 */
char *memo_get(enum memo_kind kind, const char *name, const char *in,
	       size_t inlen, size_t *outlen);

/* Keeps out as the result for (kind, name, in), copying both. */
void memo_put(enum memo_kind kind, const char *name, const char *in,
	      size_t inlen, const char *out, size_t outlen);

#endif
