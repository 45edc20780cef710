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
 * is valid and the certificate code.  Every value is escaped.  The caller
 * checks that a passed and has a code.
 */
void certificate_page(struct buf *b, const struct attempt *a);

/*
 * The Content-Security-Policy a server sends with the page: nothing but its
 * own <style>, allowed by its hash (malloc'd).
 */
char *certificate_csp(void);

#endif
