/*
 * util.h - small helpers shared by every layer: checked allocation, a
 * growable string buffer, reading whole files, and git-style error().
 */
#ifndef VIGIL_UTIL_H
#define VIGIL_UTIL_H

#include <stddef.h>
#include <stdarg.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation failure is an impossible state for a program this size: abort. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "vigil: MESSAGE" to stderr and returns -1, so callers write
 * `return error(...)`. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable, always NUL-terminated byte buffer. */
struct buf {
	char *s;
	size_t len, cap;
};
#define BUF_INIT { NULL, 0, 0 }
void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Returns the string (never NULL) and leaves the buffer empty. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

/*
 * Reads a whole regular file of at most max bytes into *out (NUL-terminated)
 * and its length into *len.  Returns 0, or -1 with errno set (EFBIG when the
 * file is larger than max).
 */
int read_file(const char *path, size_t max, char **out, size_t *len);

/* Joins a folder and a relative name with one slash. */
char *path_join(const char *dir, const char *name);

/* Nonzero when s matches [a-z0-9-]+ (ids of packs and modules). */
int is_slug(const char *s);

/* Nonzero when s is a semantic version MAJOR.MINOR.PATCH[-pre][+build]. */
int is_semver(const char *s);

/* Levenshtein distance, for "did you mean" suggestions. */
size_t edit_distance(const char *a, const char *b);

#endif
