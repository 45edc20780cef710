/*
 * web-verify.c - the public page of `vigil serve` that says what a
 * certificate code certifies, without the learner's reference or email.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"
#include "words.h"
/* What a genuine code certifies; not the learner's reference or email.
 * The titles, stored as written, read in the school's words w. */
static void add_verified(struct buf *b, const struct words *w,
			 const struct attempt *a, const char *today)
{
	int expired = a->expires && strcmp(today, a->expires) >= 0;

	html_raw(b, "<h2 class=\"right\">This certificate is genuine</h2>\n");
	if (expired) {
		html_raw(b, "<p class=\"notice\">It has expired: it was valid "
			 "until ");
		web_date(b, a->expires);
		html_raw(b, ".</p>\n");
	}
	html_raw(b, "<dl>\n<dt>Certificate code</dt><dd><code>");
	html_txt(b, a->certificate);
	html_raw(b, "</code></dd>\n<dt>Name</dt><dd>");
	html_txt(b, a->learner_name);
	html_raw(b, "</dd>\n<dt>Module</dt><dd>");
	web_pack_txt(b, w, a->module_title);
	html_raw(b, "</dd>\n<dt>Pack</dt><dd>");
	web_pack_txt(b, w, a->pack_title);
	html_raw(b, ", version ");
	html_txt(b, a->pack_version);
	html_raw(b, "</dd>\n<dt>Passed on</dt><dd>");
	web_date(b, a->ended);
	html_raw(b, "</dd>\n<dt>Score</dt><dd>");
	html_txtf(b, "%d of %d points (%d%%); the pass mark is %d%%",
		  a->score, a->max, a->percent, a->pass_mark);
	html_raw(b, "</dd>\n<dt>CPD minutes</dt><dd>");
	html_txtf(b, "%d", a->minutes);
	html_raw(b, "</dd>\n<dt>Valid until</dt><dd>");
	if (!a->expires) {
		html_raw(b, "does not expire");
	} else {
		if (expired)
			html_raw(b, "expired on ");
		web_date(b, a->expires);
	}
	html_raw(b, "</dd>\n</dl>\n");
}

/* GET /verify[?code=CODE]: public; says what a certificate code certifies. */
static int verify(struct web_request *r, struct web_response *res)
{
	const char *code = web_query(r, "code");
	struct attempt a = { 0 };
	struct buf *b = &res->body;
	char today[DATE_LEN], *msg = NULL;
	int found = 0;

	if (code && *code) {
		found = store_verify(r->st, code, &a, &msg);
		if (found < 0) {
			web_fail_free(r, res, msg);
			goto out;
		}
	}
	web_page_begin(b, r, "Check a certificate");
	html_raw(b, "<form method=\"get\" action=\"/verify\">\n<p><label "
		 "for=\"code\">Certificate code</label>\n<span "
		 "id=\"code-hint\">As printed on the certificate: twelve "
		 "letters and digits, such as ABCD-EFGH-JKMN.</span>\n<input "
		 "type=\"text\" id=\"code\" name=\"code\" autocomplete=\"off\" "
		 "spellcheck=\"false\" autocapitalize=\"characters\" "
		 "aria-describedby=\"code-hint\" value=\"");
	html_attr(b, code);
	html_raw(b, "\"></p>\n<p><button type=\"submit\">Check</button></p>\n"
		 "</form>\n<div role=\"status\">\n");
	if (found) {
		struct words w = WORDS_INIT;

		web_words(r, &w);
		fmt_date(vigil_now(), today);
		add_verified(b, &w, &a, today);
		words_free(&w);
	} else if (code && *code) {
		html_raw(b, "<h2 class=\"wrong\">Not known</h2>\n<p>The code "
			 "&ldquo;");
		html_txt(b, code);
		html_raw(b, "&rdquo; was not issued here, so it does not "
			 "show a valid certificate.  Check that it is typed "
			 "as printed.</p>\n");
	}
	html_raw(b, "</div>\n");
	web_page_end(b);
out:
	attempt_clear(&a);
	return 0;
}


const struct web_route web_verify_routes[] = {
	{ "GET", "/verify", verify, WEB_PUBLIC, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
