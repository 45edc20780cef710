/*
 * web-internal.h - the parts of the web front end that read request data,
 * declared for the fuzz targets (fuzz/fuzz-form.c); pages do not call them.
 */
#ifndef VIGIL_WEB_INTERNAL_H
#define VIGIL_WEB_INTERNAL_H

#include "session.h"
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
 * Builds the input line for view v from r's form (web-staff.c).  Returns
 * it (malloc'd), or NULL with *err (malloc'd) saying what to fix.
 */
char *web_staff_input_line(const struct web_request *r, const struct view *v,
			   char **err);

#endif
