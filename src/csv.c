/* csv.c - an RFC 4180 reader over a buffer in memory, and the writer of
 * every CSV Vigil makes. */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "util.h"

void csv_init(struct csv_reader *r, const char *text, size_t len)
{
	r->text = text;
	r->len = len;
	r->pos = 0;
	r->line = 1;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		r->pos = 3;
	r->line_start = r->pos;
}

/* The length of the line end at pos (CRLF, LF or a lone CR), else 0. */
static size_t eol_len(const struct csv_reader *r, size_t pos)
{
	if (pos >= r->len)
		return 0;
	if (r->text[pos] == '\n')
		return 1;
	if (r->text[pos] != '\r')
		return 0;
	return pos + 1 < r->len && r->text[pos + 1] == '\n' ? 2 : 1;
}

/* Steps over the line end at pos, counting the line. */
static void skip_eol(struct csv_reader *r, size_t n)
{
	r->pos += n;
	if (r->line < INT_MAX)
		r->line++;
	r->line_start = r->pos;
}

/* The column of pos on its line, in characters from 1, for messages. */
static int column(const struct csv_reader *r, size_t pos)
{
	size_t i;
	int col = 1;

	for (i = r->line_start; i < pos && col < INT_MAX; i++)
		if (((unsigned char)r->text[i] & 0xc0) != 0x80)
			col++;
	return col;
}

/* The first problem found in a record; later ones are not reported. */
struct csv_error {
	char *msg;
	int line;
};

/* Records a problem at line unless the record already has one. */
static void fail(struct csv_error *e, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct csv_error *e, int line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (e->msg)
		return;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	e->msg = buf_detach(&b);
	e->line = line;
}

/*
 * Copies one character at r->pos into field, refusing NUL and invalid
 * UTF-8 (which are skipped a byte at a time so that reading goes on).
 */
static void take_char(struct csv_reader *r, struct buf *field,
		      struct csv_error *e)
{
	uint32_t cp;
	size_t n;

	if (r->text[r->pos] == '\0') {
		fail(e, r->line, "a NUL byte in column %d; this does not look "
		     "like a text file", column(r, r->pos));
		r->pos++;
		return;
	}
	n = utf8_decode(r->text + r->pos, r->len - r->pos, &cp);
	if (!n) {
		fail(e, r->line, "text that is not UTF-8 in column %d; save "
		     "the file as \"CSV UTF-8\"", column(r, r->pos));
		r->pos++;
		return;
	}
	buf_add(field, r->text + r->pos, n);
	r->pos += n;
}

/* Reads a quoted field from its opening quote at r->pos. */
static void read_quoted(struct csv_reader *r, struct buf *field,
			struct csv_error *e)
{
	int open_line = r->line, open_col = column(r, r->pos);
	size_t n;

	r->pos++;
	for (;;) {
		if (r->pos >= r->len) {
			fail(e, open_line, "the quoted field that starts in "
			     "column %d is never closed", open_col);
			return;
		}
		if (r->text[r->pos] == '"') {
			if (r->pos + 1 < r->len && r->text[r->pos + 1] == '"') {
				buf_addc(field, '"');
				r->pos += 2;
				continue;
			}
			r->pos++;
			break;
		}
		if ((n = eol_len(r, r->pos))) {
			buf_addc(field, '\n');
			skip_eol(r, n);
			continue;
		}
		take_char(r, field, e);
	}
	/* Anything before the next comma or line end is a mistake; it is
	 * kept in the field only so that the record ends where it should. */
	while (r->pos < r->len && r->text[r->pos] != ',' &&
	       !eol_len(r, r->pos)) {
		fail(e, r->line, "text after the closing quote of a field in "
		     "column %d", column(r, r->pos));
		take_char(r, field, e);
	}
}

/* Reads a field that does not start with a quote, up to , or a line end. */
static void read_plain(struct csv_reader *r, struct buf *field,
		       struct csv_error *e)
{
	while (r->pos < r->len && r->text[r->pos] != ',' &&
	       !eol_len(r, r->pos)) {
		if (r->text[r->pos] == '"') {
			fail(e, r->line, "a quote in column %d inside a field "
			     "that does not start with one; put the whole "
			     "field in quotes and write each quote twice",
			     column(r, r->pos));
			buf_addc(field, '"');
			r->pos++;
			continue;
		}
		take_char(r, field, e);
	}
}

int csv_next(struct csv_reader *r, struct strv *fields, int *line,
	     char **msg)
{
	struct csv_error e = { NULL, 0 };
	struct buf field = BUF_INIT;
	size_t n;

	strv_free(fields);
	*msg = NULL;
	while ((n = eol_len(r, r->pos)))
		skip_eol(r, n);
	if (r->pos >= r->len)
		return 0;
	*line = r->line;
	for (;;) {
		field.len = 0;
		buf_add(&field, "", 0);	/* empty, and never NULL */
		if (r->pos < r->len && r->text[r->pos] == '"')
			read_quoted(r, &field, &e);
		else
			read_plain(r, &field, &e);
		strv_push(fields, field.s);
		if (r->pos < r->len && r->text[r->pos] == ',') {
			r->pos++;
			continue;
		}
		if ((n = eol_len(r, r->pos)))
			skip_eol(r, n);
		break;
	}
	buf_free(&field);
	if (e.msg) {
		*line = e.line;
		*msg = e.msg;
		return -1;
	}
	return 1;
}

/* Nonzero when a field starting with c would be taken for a formula (or
 * start a new line) in a spreadsheet; strchr finds the NUL too. */
static int formula_start(const char *v, size_t len)
{
	return len && strchr("=+-@\t\r\n", v[0]);
}

size_t csv_field_size(const char *v, size_t len)
{
	size_t j, total = len + 2 + (formula_start(v, len) ? 1 : 0);

	for (j = 0; j < len; j++)
		total += v[j] == '"';
	return total;
}

char *csv_field_put(char *o, const char *v, size_t len)
{
	size_t j;

	*o++ = '"';
	if (formula_start(v, len))
		*o++ = '\'';
	for (j = 0; j < len; j++) {
		*o++ = v[j];
		if (v[j] == '"')
			*o++ = '"';
	}
	*o++ = '"';
	return o;
}

void csv_row_add(struct buf *b, const char *const *fields, size_t n)
{
	size_t i, total = 2;
	char *row, *o;

	for (i = 0; i < n; i++)
		total += csv_field_size(fields[i] ? fields[i] : "",
					fields[i] ? strlen(fields[i]) : 0) + 1;
	o = row = xmalloc(total);
	for (i = 0; i < n; i++) {
		if (i)
			*o++ = ',';
		o = csv_field_put(o, fields[i] ? fields[i] : "",
				  fields[i] ? strlen(fields[i]) : 0);
	}
	*o++ = '\r';
	*o++ = '\n';
	buf_add(b, row, (size_t)(o - row));
	free(row);
}
