/*
 * csv.h - a reader for comma-separated values (RFC 4180) held in memory,
 * for files that people make with a spreadsheet: the school's staff list.
 *
 * What it accepts: an optional UTF-8 byte order mark; fields separated by
 * commas; a field wrapped in double quotes may hold commas, line ends and
 * quotes written twice (""); records end with CRLF, LF or a lone CR, and
 * the last may have no line end; lines that are entirely empty are skipped.
 * Line ends inside a quoted field are given to the caller as LF, whatever
 * the file used.  The text must be UTF-8 without NUL bytes.
 *
 * What it refuses, with the line and column: a quote in a field that does
 * not start with one, text after a field's closing quote, a quoted field
 * never closed (reported at the line where it opened), invalid UTF-8, NUL.
 *
 * The reader never reads outside the buffer it is given, whatever it holds.
 *
 * The writer (csv_field_*, csv_row_add) is the one every CSV that Vigil
 * writes goes through, the exporter plugins' csv_row and the DSL's
 * downloads alike: every field quoted, quotes doubled, records ending in
 * CRLF, and a field whose text starts with = + - @, a tab, CR, LF or NUL
 * given a ' in front, so that no spreadsheet takes it for a formula
 * (SECURITY.md, "Exports").
 */
#ifndef VIGIL_CSV_H
#define VIGIL_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "strv.h"
#include "util.h"

struct csv_reader {
	const char *text;
	size_t len;
	size_t pos;		/* next byte to read */
	int line;		/* line of text[pos], from 1 */
	size_t line_start;	/* offset where that line starts */
};

/* Starts reading text[0..len), skipping a byte order mark. */
void csv_init(struct csv_reader *r, const char *text, size_t len);

/*
 * Reads the next record into fields (emptied first) and the line it starts
 * on into *line.  Returns 1 for a record, 0 at the end of the text, or -1
 * for a record with an error: *line is where the error is and *msg
 * (malloc'd) says what and in which column.  After -1 the reader has moved
 * past the bad record, so the caller may go on to find further errors.
 */
int csv_next(struct csv_reader *r, struct strv *fields, int *line,
	     char **msg);

/* The bytes csv_field_put writes for the field v of len bytes. */
size_t csv_field_size(const char *v, size_t len);
/* Writes the field v (len bytes, which may hold NUL) quoted and defused at
 * o, which has room for csv_field_size(v, len); returns the end. */
char *csv_field_put(char *o, const char *v, size_t len);
/* Appends one record of n fields (NULL: empty) and its CRLF to b. */
void csv_row_add(struct buf *b, const char *const *fields, size_t n);

#endif
