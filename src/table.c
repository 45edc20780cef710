/* table.c - aligned plain-text tables (table.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "util.h"

void table_init(struct table *t, size_t ncols, const char *const *head)
{
	size_t i;

	t->ncols = ncols;
	t->cells = (struct strv)STRV_INIT;
	t->widths = NULL;
	for (i = 0; i < ncols; i++)
		table_add(t, head[i]);
}

void table_add(struct table *t, const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = s ? strlen(s) : 0, i = 0, len, width = 0;
	uint32_t cp;

	if (!s)
		s = "-", n = 1;
	for (; i < n; i += len ? len : 1, width++) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len && cp == '\n')
			buf_adds(&b, "\xe2\x8f\x8e");
		else if (!len || is_control_char(cp))
			buf_addc(&b, '?');
		else
			buf_add(&b, s + i, len);
	}
	strv_push(&t->cells, b.s ? b.s : "");
	buf_free(&b);
	t->widths = xrealloc(t->widths, t->cells.n * sizeof(*t->widths));
	t->widths[t->cells.n - 1] = width;
}

size_t table_rows(const struct table *t)
{
	return t->cells.n / t->ncols - 1;
}

void table_print(struct table *t, FILE *out)
{
	size_t *w = xcalloc(t->ncols, sizeof(*w)), i, col;

	for (i = 0; i < t->cells.n; i++)
		if (t->widths[i] > w[i % t->ncols])
			w[i % t->ncols] = t->widths[i];
	for (i = 0; table_rows(t) && i < t->cells.n; i++) {
		col = i % t->ncols;
		if (col + 1 == t->ncols)
			fprintf(out, "%s\n", t->cells.v[i]);
		else
			fprintf(out, "%s%*s", t->cells.v[i],
				(int)(w[col] - t->widths[i] + 2), "");
	}
	free(w);
	table_free(t);
}

void table_free(struct table *t)
{
	strv_free(&t->cells);
	free(t->widths);
	t->widths = NULL;
}
