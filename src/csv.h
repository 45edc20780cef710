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
 */
#ifndef VIGIL_CSV_H
#define VIGIL_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "strv.h"

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

#endif
