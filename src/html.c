/* html.c - HTML output that escapes by default. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "html.h"

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD in UTF-8 */

void html_raw(struct buf *b, const char *s)
{
	if (s)
		buf_adds(b, s);
}

/*
 * Writes s with the five characters that mean something in HTML as
 * references; content and double-quoted attributes need the same set, so
 * one function serves both.
 */
static void html_escape(struct buf *b, const char *s)
{
	size_t n, i = 0, len;
	uint32_t cp;

	if (!s)
		return;
	n = strlen(s);
	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			buf_adds(b, REPLACEMENT);
			i++;
			continue;
		}
		if (cp == '&')
			buf_adds(b, "&amp;");
		else if (cp == '<')
			buf_adds(b, "&lt;");
		else if (cp == '>')
			buf_adds(b, "&gt;");
		else if (cp == '"')
			buf_adds(b, "&quot;");
		else if (cp == '\'')
			buf_adds(b, "&#39;");
		else if ((cp < 0x20 && cp != '\t' && cp != '\n' &&
			  cp != '\r') || (cp >= 0x7f && cp <= 0x9f))
			buf_adds(b, REPLACEMENT);
		else
			buf_add(b, s + i, len);
		i += len;
	}
}

void html_txt(struct buf *b, const char *s)
{
	html_escape(b, s);
}

void html_attr(struct buf *b, const char *s)
{
	html_escape(b, s);
}

void html_txtf(struct buf *b, const char *fmt, ...)
{
	struct buf t = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&t, fmt, ap);
	va_end(ap);
	html_escape(b, t.s);
	buf_free(&t);
}

void html_url_part(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			buf_addc(b, (char)*p);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			buf_add(b, e, 3);
		}
	}
}
