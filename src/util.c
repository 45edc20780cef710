/* util.c - allocation, string buffers, files and small text checks. */
#include "config.h"

#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "util.h"

/* Out of memory in a program this size is not recoverable: say so and stop. */
static void oom(void)
{
	fputs("vigil: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
	return -1;
}

int verror(const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	char *safe;

	buf_vaddf(&b, fmt, ap);
	/* Messages quote names from packs, files and the database. */
	safe = term_safe(b.s ? b.s : "", 0);
	fprintf(stderr, "vigil: %s\n", safe);
	free(safe);
	buf_free(&b);
	return -1;
}

/* Makes room for n more bytes plus the terminating NUL. */
static void buf_grow(struct buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	if (n > ((size_t)-1) / 2 - b->len)
		oom();
	b->cap = (b->len + n + 1) * 2;
	b->s = xrealloc(b->s, b->cap);
}

void buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *buf_detach(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

int read_file(const char *path, size_t max, char **out, size_t *len)
{
	struct stat st;
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > max) {
			errno = EFBIG;
			goto fail;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	*len = b.len;
	*out = buf_detach(&b);
	return 0;
fail:
	saved = errno;
	close(fd);
	buf_free(&b);
	errno = saved;
	return -1;
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (n && dir[n - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

int is_slug(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-'))
			return 0;
	return 1;
}

/* A run of digits without a leading zero (semver's numeric identifier). */
static const char *semver_number(const char *s)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s || (*s == '0' && p - s > 1))
		return NULL;
	return p;
}

/* Dot-separated identifiers of [0-9A-Za-z-]. */
static const char *semver_idents(const char *s)
{
	for (;;) {
		const char *start = s;

		while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		       (*s >= 'A' && *s <= 'Z') || *s == '-')
			s++;
		if (s == start)
			return NULL;
		if (*s != '.')
			return s;
		s++;
	}
}

int is_semver(const char *s)
{
	int i;

	for (i = 0; i < 3; i++) {
		s = semver_number(s);
		if (!s)
			return 0;
		if (i < 2 && *s++ != '.')
			return 0;
	}
	if (*s == '-' && !(s = semver_idents(s + 1)))
		return 0;
	if (*s == '+' && !(s = semver_idents(s + 1)))
		return 0;
	return *s == '\0';
}

int parse_days(const char *s, int max, int *days)
{
	long n = 0;

	if (!*s)
		return -1;
	for (; *s >= '0' && *s <= '9' && n <= max; s++)
		n = n * 10 + (*s - '0');
	if (*s || n > max)
		return -1;
	*days = (int)n;
	return 0;
}

size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *row, d;

	row = xmalloc((lb + 1) * sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best;

			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

size_t closest_name(const char *word, const char *const *names, size_t n)
{
	size_t i, best = (size_t)-1, bestd = (size_t)-1;

	for (i = 0; i < n; i++) {
		size_t dist = edit_distance(word, names[i]);

		if (dist < bestd) {
			bestd = dist;
			best = i;
		}
	}
	if (best == (size_t)-1 || bestd > 2 || bestd >= strlen(word))
		return (size_t)-1;
	return best;
}

char *did_you_mean(const char *word, const char *const *names, size_t n)
{
	size_t i = closest_name(word, names, n);

	if (i == (size_t)-1)
		return xstrdup("");
	return xasprintf(" (did you mean '%s'?)", names[i]);
}

uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

int timespec_past(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > t->tv_sec ||
	       (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

/* The number at s[0..n) if all n are digits, else -1. */
static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* By hand, not strptime and timegm: an export parses two per attempt, and
 * those were a tenth of its time (doc/performance.md). */
int parse_time(const char *s, time_t *t)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	int y, m, d, hh = 0, mm = 0, ss = 0, leap;
	size_t len = strlen(s);

	if ((len != 10 && len != 20) || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1)
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	if (len == 20) {
		if (s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
		    s[19] != 'Z')
			return -1;
		hh = digits(s + 11, 2);
		mm = digits(s + 14, 2);
		ss = digits(s + 17, 2);
		/* 60: a leap second, read as the next minute's first */
		if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 ||
		    ss > 60)
			return -1;
	}
	*t = (time_t)(days_from_civil(y, m, d) * 86400 + (int64_t)hh * 3600 +
		      (int64_t)mm * 60 + ss);
	return 0;
}

time_t vigil_now(void)
{
	static int warned;
	const char *env = getenv("VIGIL_NOW");
	time_t t;

	if (!env || !*env)
		return time(NULL);
	if (parse_time(env, &t) < 0) {
		error("VIGIL_NOW='%s' is not a date (YYYY-MM-DD) or time "
		      "(YYYY-MM-DDTHH:MM:SSZ); using the clock", env);
		return time(NULL);
	}
	if (!warned++)
		fprintf(stderr, "vigil: warning: the clock is set to %s by "
			"VIGIL_NOW (for tests only)\n", env);
	return t;
}

void fmt_time(time_t t, char out[TIME_LEN])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) ||
	    !strftime(out, TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm))
		strcpy(out, "1970-01-01T00:00:00Z");
}

void fmt_date(time_t t, char out[DATE_LEN])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, DATE_LEN, "%Y-%m-%d", &tm))
		strcpy(out, "1970-01-01");
}

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	size_t len, i;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2, c = p[0] & 0x1f, min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3, c = p[0] & 0x0f, min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4, c = p[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* The characters that can drive a terminal, said once for all checks. */
int is_c0_c1_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/*
 * Nonzero for a character that controls how text is shown rather than
 * being text: C0 and C1 controls, DEL, the line and paragraph separators
 * and the bidirectional overrides (which can make a name read backwards).
 */
int is_control_char(uint32_t cp)
{
	return is_c0_c1_control(cp) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

char *term_safe(const char *s, int one_line)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s), i = 0, len;
	uint32_t cp;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len && (cp == '\n' || cp == '\t'))
			buf_add(&b, one_line ? " " : s + i, 1);
		else if (!len || is_c0_c1_control(cp))
			buf_adds(&b, "\xef\xbf\xbd");
		else
			buf_add(&b, s + i, len);
		i += len ? len : 1;
	}
	return buf_detach(&b);
}

int whole_file_open(struct whole_file *w, const char *path)
{
	int fd;

	w->path = xstrdup(path);
	w->tmp = xasprintf("%s.tmp-XXXXXX", path);
	w->f = NULL;
	fd = mkstemp(w->tmp);	/* mode 0600 */
	if (fd < 0) {
		error("cannot write '%s': %s", path, strerror(errno));
		goto fail;
	}
	w->f = fdopen(fd, "w");
	if (!w->f) {
		error("cannot write '%s': %s", path, strerror(errno));
		close(fd);
		unlink(w->tmp);
		goto fail;
	}
	return 0;
fail:
	free(w->path);
	free(w->tmp);
	w->path = w->tmp = NULL;
	return -1;
}

void whole_file_abort(struct whole_file *w)
{
	if (w->f) {
		fclose(w->f);
		unlink(w->tmp);
	}
	free(w->path);
	free(w->tmp);
	memset(w, 0, sizeof(*w));
}

int whole_file_commit(struct whole_file *w)
{
	int failed = fflush(w->f) != 0 || ferror(w->f) ||
		     fsync(fileno(w->f)) != 0;
	int saved = errno;

	if (fclose(w->f) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	w->f = NULL;
	if (!failed && rename(w->tmp, w->path) < 0) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
		unlink(w->tmp);
		error("cannot write '%s': %s", w->path, strerror(saved));
	}
	free(w->path);
	free(w->tmp);
	w->path = w->tmp = NULL;
	return failed ? -1 : 0;
}

const char *plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}
