/*
 * html.h - writing HTML into a struct buf through helpers that escape by
 * default, so that no text from a pack, a learner or the database can ever
 * become markup.
 *
 * Everything that is not a literal written in the program's source goes
 * through html_txt (element content) or html_attr (a quoted attribute
 * value).  Both write & < > " ' as character references, replace control
 * characters (C0 but tab, newline and carriage return; DEL; C1) and bytes
 * that are not valid UTF-8 with U+FFFD, and so always write valid UTF-8.
 * A NULL string writes nothing.
 *
 * The page is UTF-8 and attributes are always written in double quotes:
 *   html_raw(b, "<p class=\"name\">");
 *   html_txt(b, learner_name);
 *   html_raw(b, "</p>\n<a href=\"");
 *   html_attr(b, url);
 *   html_raw(b, "\">");
 */
#ifndef VIGIL_HTML_H
#define VIGIL_HTML_H

#include "util.h"

/* Appends s as is: only for markup that is a literal in the source. */
void html_raw(struct buf *b, const char *s);

/* Appends s as element content, escaped. */
void html_txt(struct buf *b, const char *s);

/*
 * Appends s as the value of an attribute in double quotes, escaped.  This
 * keeps s inside the attribute; it does not make a URL safe to follow, so
 * a caller writing href or src checks the scheme first.
 */
void html_attr(struct buf *b, const char *s);

/*
 * Appends s as one part of a URL (a path segment or a query value) in an
 * attribute: every byte but the unreserved ones of RFC 3986 (letters,
 * digits, - . _ ~) percent-encoded, so that a reference holding / ? & #
 * or a space stays one part, and nothing in it can end the attribute.
 */
void html_url_part(struct buf *b, const char *s);

/* Formats like printf, then appends the result as html_txt does. */
void html_txtf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
