/*
 * web-internal.h - what the parts of the web front end share and no one
 * else calls: the pieces every page family writes (web-page.c), and the
 * parts that read request data, declared also for the fuzz targets
 * (fuzz/fuzz-form.c).
 */
#ifndef VIGIL_WEB_INTERNAL_H
#define VIGIL_WEB_INTERNAL_H

#include <stdint.h>

#include "session.h"
#include "util.h"
#include "web.h"

/*
 * Matches r->path against pattern segment by segment ("*" matches one
 * non-empty segment), filling r->args (freed and refilled on each call).
 * Returns nonzero on a match.
 */
int web_match(struct web_request *r, const char *pattern);

/* Nonzero when r's form carries the CSRF token r->csrf. */
int web_csrf_ok(const struct web_request *r);

/*
 * Builds the input line for view v from r's form (web-take.c).  Returns
 * it (malloc'd), or NULL with *err (malloc'd) saying what to fix.
 */
char *web_take_input_line(const struct web_request *r, const struct view *v,
			  char **err);

/* The signed-in learner's home page (web-catalogue.c). */
void web_catalogue_page(struct web_request *r, struct web_response *res);

/* ---- what the pages share (web-page.c) ---- */

/* Answers 500 (web_fail), freeing why. */
void web_fail_free(const struct web_request *r, struct web_response *res,
		   char *why);
/* Answers 404: there is no page at this address. */
void web_not_found(const struct web_request *r, struct web_response *res);
/* HTML the pack loader rendered with cmark's safe defaults (NULL: none). */
void web_pack_html(struct buf *b, const char *html);
/* Pack Markdown the loader did not render, made safe the same way; kept:
 * through the memo, for the pack's own texts only (markdown.h). */
void web_markdown(struct buf *b, const char *text, int kept);
/* A stored time or date as its date, in a <time> element. */
void web_date(struct buf *b, const char *when);
/* "/take/PACK/MODULE" and a suffix, as an attribute value. */
void web_take_url(struct buf *b, const char *pack, const char *module,
		  const char *suffix);
/* A whole number from 1 to max in plain digits, from a path or a form;
 * 0 if it is not one. */
uint64_t web_number(const char *s, uint64_t max);

#endif
