/*
 * certificate.h - the printable certificate of a passed attempt: one
 * standalone HTML page (A4, one sheet, nothing fetched from anywhere),
 * written by `vigil certificate` and served by the web pages alike.
 */
#ifndef VIGIL_CERTIFICATE_H
#define VIGIL_CERTIFICATE_H

#include "store.h"
#include "util.h"

/*
 * Appends the whole page for attempt a to b: the learner, the module, the
 * pack and its version, the date, the score, the CPD minutes, how long it
 * is valid and the certificate code; verify_url, when not NULL, is the
 * page where anyone can check the code.  Every value is escaped.  The
 * caller checks that a passed and has a code.
 */
void certificate_page(struct buf *b, const struct attempt *a,
		      const char *verify_url);

/*
 * The school's page for checking certificates (malloc'd), made from the
 * base_url setting (SPEC §4): "BASE/verify", or NULL when it is not set
 * (or cannot be read: a certificate is still worth printing).
 */
char *certificate_verify_url(struct store *st);

/*
 * The Content-Security-Policy a server sends with the page: nothing but its
 * own <style>, allowed by its hash (malloc'd).
 */
char *certificate_csp(void);

#endif
