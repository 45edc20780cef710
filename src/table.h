/*
 * table.h - plain-text tables for the terminal: a header row, then rows of
 * cells, printed with the columns aligned.  Every cell is shown on one
 * line: a line break as ⏎ (so that "Ann\nLee" cannot pass for "Ann Lee"),
 * anything else that is not text as '?', and a missing value as "-".
 */
#ifndef VIGIL_TABLE_H
#define VIGIL_TABLE_H

#include <stdio.h>

#include "strv.h"

struct table {
	size_t ncols;
	struct strv cells;	/* row after row, already made one-line */
	size_t *widths;		/* characters, one per cell */
};

/* Starts a table whose header row is head[0..ncols). */
void table_init(struct table *t, size_t ncols, const char *const *head);

/* Adds the next cell (NULL shows as "-"); rows fill left to right. */
void table_add(struct table *t, const char *s);

/* The number of rows below the header. */
size_t table_rows(const struct table *t);

/* Prints the table (when it has rows) and frees it. */
void table_print(struct table *t, FILE *out);
void table_free(struct table *t);

#endif
