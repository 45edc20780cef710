/*
 * web-page.c - what the pages of `vigil serve` share: the pieces of pack
 * text and records every page family writes, the 404 and 500 answers, and
 * numbers read from a path or a form.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "markdown.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/* Answers 500 (web_fail), freeing why. */
void web_fail_free(const struct web_request *r, struct web_response *res,
		   char *why)
{
	web_fail(r, res, why);
	free(why);
}

/* The 404 page of every address that names nothing (or nothing of the
 * signed-in learner's). */
void web_not_found(const struct web_request *r, struct web_response *res)
{
	web_error_page(r, res, 404, "Page not found",
		       "There is no page at this address.");
}

/*
 * Writes HTML that the pack loader rendered from pack text with cmark's
 * safe defaults (no raw HTML, no unsafe links): the one kind of markup
 * that does not come from this file's literals.
 */
void web_pack_html(struct buf *b, const char *html)
{
	if (html)
		html_raw(b, html);
}

/* Renders pack Markdown that the loader did not render (summaries,
 * feedback) the same safe way; kept: through the memo, for the pack's own
 * texts only (markdown.h says why). */
void web_markdown(struct buf *b, const char *text, int kept)
{
	char *html;

	if (!text)
		return;
	html = kept ? md_to_html_kept(text, strlen(text)) :
		      md_to_html(text, strlen(text));
	if (html)
		html_raw(b, html);
	else
		html_txt(b, text);
	free(html);
}

/* Writes a stored time or date as its date, in a <time> element. */
void web_date(struct buf *b, const char *when)
{
	char day[DATE_LEN];

	snprintf(day, sizeof(day), "%s", when ? when : "");
	html_raw(b, "<time datetime=\"");
	html_attr(b, day);
	html_raw(b, "\">");
	html_txt(b, day);
	html_raw(b, "</time>");
}

/* Writes "/take/PACK/MODULE" and a suffix as an attribute value. */
void web_take_url(struct buf *b, const char *pack, const char *module,
		  const char *suffix)
{
	html_raw(b, "/take/");
	html_attr(b, pack);
	html_raw(b, "/");
	html_attr(b, module);
	html_raw(b, suffix);
}

/*
 * Reads a whole number from 1 to max written in plain digits (a number in
 * a URL path or a form); 0 if it is not one.
 */
uint64_t web_number(const char *s, uint64_t max)
{
	uint64_t v = 0, d;

	if (!s || !*s || s[strspn(s, "0123456789")])
		return 0;
	for (; *s; s++) {
		d = (uint64_t)(*s - '0');
		if (d > max || v > (max - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	return v;
}
