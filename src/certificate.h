/*
 * certificate.h - the certificate of a passed attempt, in two forms that
 * say the same: one standalone HTML page (A4, one sheet, nothing fetched
 * from anywhere), written by `vigil certificate` and served by the web
 * pages with a print button and links of their own; and a one-page A4 PDF
 * drawn with cairo and laid out with pango (certificate-pdf.c).
 */
#ifndef VIGIL_CERTIFICATE_H
#define VIGIL_CERTIFICATE_H

#include <stddef.h>

#include "store.h"
#include "util.h"

/* What a certificate says besides its attempt, from the school's settings
 * (SPEC §4). */
struct certificate_info {
	char *school;		/* school_name; "" when not set */
	char *module_title;	/* the attempt's titles, stored as written, */
	char *pack_title;	/* with the school's words in (words_title) */
	char *verify;		/* base_url + "/verify", or NULL when base_url
				   is not set */
	char *check;		/* verify + "?code=CODE" (percent-encoded),
				   or NULL with verify */
};

/*
 * Fills *info for attempt a from st's settings, as they are now.  A
 * setting that cannot be read is left out, or its default used (logged):
 * a certificate is still worth printing.
 */
void certificate_info_load(struct store *st, const struct attempt *a,
			   struct certificate_info *info);
void certificate_info_clear(struct certificate_info *info);

/* Where a page is shown, which decides what it offers besides itself. */
enum certificate_where {
	CERTIFICATE_FILE,	/* a file: nothing that needs the server */
	CERTIFICATE_LEARNER,	/* the learner's own: print, PDF, back */
	CERTIFICATE_STAFF	/* the admin pages': print */
};

/*
 * Appends the whole page for attempt a to b: the school, the learner, the
 * module, the pack and its version, the date, the score, the CPD minutes,
 * how long it is valid, the certificate code and how to check it.  Every
 * value is escaped.  The caller checks that a passed and has a code.
 */
void certificate_page(struct buf *b, const struct attempt *a,
		      const struct certificate_info *info,
		      enum certificate_where where);

/*
 * The Content-Security-Policy a server sends with the page: nothing but its
 * own <style> and, for a page served (not CERTIFICATE_FILE), the print
 * button's script, each allowed by its hash (malloc'd).
 */
char *certificate_csp(enum certificate_where where);

/* The print button's script, served at CERTIFICATE_SCRIPT_PATH. */
#define CERTIFICATE_SCRIPT_PATH "/certificate.js"
extern const char certificate_script[];

/* The largest PDF certificate_pdf makes (a page of text with its fonts'
 * glyphs is some tens of kilobytes). */
#define CERTIFICATE_PDF_MAX	((size_t)4 * 1024 * 1024)

/*
 * Draws the certificate of attempt a as one A4 page of PDF into out, with
 * the same content as certificate_page.  Returns 0, or -1 with *msg
 * (malloc'd) saying what failed; out is then left empty.
 */
int certificate_pdf(struct buf *out, const struct attempt *a,
		    const struct certificate_info *info, char **msg);

/* "29 November 2026 (2026-11-29)" for a stored date or time (its UTC
 * date), or the text as it is when it is neither; out of n bytes. */
void certificate_date(const char *iso, char *out, size_t n);

#endif
