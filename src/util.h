/*
 * util.h - small helpers shared by every layer: checked allocation, a
 * growable string buffer, reading whole files, and git-style error().
 */
#ifndef VIGIL_UTIL_H
#define VIGIL_UTIL_H

#include <stddef.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdint.h>
#include <time.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation failure is an impossible state for a program this size: abort. */
void *xmalloc(size_t n) __attribute__((returns_nonnull));
void *xcalloc(size_t n, size_t size) __attribute__((returns_nonnull));
void *xrealloc(void *p, size_t n) __attribute__((returns_nonnull));
char *xstrdup(const char *s) __attribute__((returns_nonnull));
char *xstrndup(const char *s, size_t n) __attribute__((returns_nonnull));
char *xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), returns_nonnull));

/* Prints "vigil: MESSAGE" to stderr and returns -1, so callers write
 * `return error(...)`. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* error() with its arguments as a va_list, for other printers of errors. */
int verror(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

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
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Returns the string (never NULL) and leaves the buffer empty. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

/*
 * Reads a whole regular file of at most max bytes into *out (NUL-terminated)
 * and its length into *len.  Returns 0, or -1 with errno set (EFBIG when the
 * file is larger than max).
 */
int read_file(const char *path, size_t max, char **out, size_t *len);

/*
 * A file that is written whole or not at all: the data goes to a temporary
 * file beside path, which replaces path (by rename) only once it is
 * complete and on disk.  Exports and certificates hold personal data, so
 * the file is readable by its owner only.
 */
struct whole_file {
	FILE *f;		/* write here */
	char *path, *tmp;
};
/* Returns 0, or -1 after printing why. */
int whole_file_open(struct whole_file *w, const char *path);
/* Flushes, syncs and renames; -1 (after printing why) leaves path as it was. */
int whole_file_commit(struct whole_file *w);
/* Gives up: the temporary file is removed and path left as it was. */
void whole_file_abort(struct whole_file *w);

/* Joins a folder and a relative name with one slash. */
char *path_join(const char *dir, const char *name);

/* Nonzero when s matches [a-z0-9-]+ (ids of packs and modules). */
int is_slug(const char *s);

/* Nonzero when s is a semantic version MAJOR.MINOR.PATCH[-pre][+build]. */
int is_semver(const char *s);

/* Reads a whole number of days from 0 to max (digits only, as a command's
 * --within or --due-within gives it): 0 and *days set, or -1. */
int parse_days(const char *s, int max, int *days);

/*
 * Decodes one UTF-8 character of s[0..n) into *cp and returns its length
 * in bytes, or 0 when the bytes are not valid UTF-8 (truncated, overlong,
 * a surrogate, past U+10FFFF) or n is 0.
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/*
 * Nonzero for a C0 control, DEL or a C1 control: the characters that can
 * drive a terminal (term_safe replaces them, pack text must not hold them).
 */
int is_c0_c1_control(uint32_t cp);

/*
 * Nonzero for a character that controls how text is shown rather than
 * being text: C0 and C1 controls, DEL, the line and paragraph separators
 * and the bidirectional overrides (which can make a name read backwards).
 */
int is_control_char(uint32_t cp);

/*
 * A copy of s (malloc'd) that is safe to print to a terminal: C0 controls,
 * DEL, C1 controls and bytes that are not UTF-8 each become U+FFFD, so that
 * text from a pack or the database can neither move the cursor, retitle the
 * window nor write the clipboard, and shows that something was there.  Tabs
 * and newlines are kept, or become spaces when one_line is set.
 */
char *term_safe(const char *s, int one_line);

/* one or many, as n says: "1 attempt", "2 attempts". */
const char *plural(long n, const char *one, const char *many);

/* Levenshtein distance, for "did you mean" suggestions. */
size_t edit_distance(const char *a, const char *b);

/*
 * The index of the name in names[0..n) an author most likely meant by
 * word (at most two edits away, and fewer edits than word has bytes), or
 * (size_t)-1 when none is close.
 */
size_t closest_name(const char *word, const char *const *names, size_t n);

/* " (did you mean 'NAME'?)" for the closest of names, or "" (malloc'd). */
char *did_you_mean(const char *word, const char *const *names, size_t n);

/*
 * FNV-1a of s, started from 1469598103934665603 (not FNV's published
 * offset basis, which has one digit more).  Sessions seed each step's
 * shuffles with it, and the store keeps only the seed of an attempt:
 * changing the constant or the method would replay past attempts with
 * other orders, so both are fixed (tests/unit/test-hash.c pins them).
 */
uint64_t str_hash(const char *s);

/* Nonzero once the monotonic clock has passed t. */
int timespec_past(const struct timespec *t);

/*
 * The current time.  VIGIL_NOW ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ")
 * replaces the clock, so that tests can see records expire; it is meant
 * for tests only, and every command that reads it says so on stderr.
 */
time_t vigil_now(void);

/* Formats t (UTC) as "YYYY-MM-DDTHH:MM:SSZ" / "YYYY-MM-DD". */
#define TIME_LEN 21
#define DATE_LEN 11
void fmt_time(time_t t, char out[TIME_LEN]);
void fmt_date(time_t t, char out[DATE_LEN]);

/* Parses a date or a time as fmt_date/fmt_time write them: 0, or -1. */
int parse_time(const char *s, time_t *t);

#endif
