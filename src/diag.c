/* diag.c - collecting, sorting and printing diagnostics on authors' files. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

/* Appends one diagnostic, taking ownership of message. */
static void diag_push(struct diags *d, enum diag_level level,
		      const char *file, int line, char *message)
{
	struct diag *g;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	g = &d->v[d->n++];
	g->file = xstrdup(file ? file : "?");
	g->line = line;
	g->level = level;
	g->message = message;
	if (level == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void diag_add(struct diags *d, enum diag_level level, const char *file,
	      int line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_push(d, level, file, line, buf_detach(&b));
}

void diag_add_lua(struct diags *d, enum diag_level level, const char *file,
		  int line, const char *msg)
{
	const char *colon = strchr(msg, ':');

	/* Lua's messages read "FILE:LINE: text"; split them back up. */
	if (colon && isdigit((unsigned char)colon[1])) {
		char *end;
		long n = strtol(colon + 1, &end, 10);

		if (*end == ':' && end[1] == ' ' && n > 0 && n < 1000000000) {
			char *f = xstrndup(msg, (size_t)(colon - msg));
			diag_push(d, level, f, (int)n, xstrdup(end + 2));
			free(f);
			return;
		}
	}
	diag_push(d, level, file, line, xstrdup(msg));
}

/* Orders by file, then line. */
static int diag_cmp(const struct diag *x, const struct diag *y)
{
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

void diag_sort(struct diags *d)
{
	size_t i, j;

	/* Insertion sort: stable, so equal lines keep the order they were
	 * found in, and diagnostics lists are short. */
	for (i = 1; i < d->n; i++) {
		struct diag g = d->v[i];

		for (j = i; j > 0 && diag_cmp(&d->v[j - 1], &g) > 0; j--)
			d->v[j] = d->v[j - 1];
		d->v[j] = g;
	}
}

void diag_print(const struct diags *d, FILE *out)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		const char *lvl = g->level == DIAG_ERROR ? "error" : "warning";
		/* Messages quote the author's text, which may hold ESC. */
		char *file = term_safe(g->file, 1);
		char *msg = term_safe(g->message, 0);

		if (g->line > 0)
			fprintf(out, "%s:%d: %s: %s\n", file, g->line, lvl,
				msg);
		else
			fprintf(out, "%s: %s: %s\n", file, lvl, msg);
		free(file);
		free(msg);
	}
}

void diag_print_message(const char *msg, FILE *out)
{
	struct diags d = DIAGS_INIT;

	diag_add_lua(&d, DIAG_ERROR, "vigil", 0, msg);
	diag_print(&d, out);
	diag_free(&d);
}

void diag_free(struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].message);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}
