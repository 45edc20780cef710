/*
 * certificate.c - the certificate page (certificate.h).
 */
#include "config.h"

#include <sodium.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "certificate.h"
#include "html.h"
#include "store.h"
#include "util.h"

/*
 * The page's style: A4 when printed, one page, nothing fetched from
 * anywhere (the Content-Security-Policy forbids it as well).
 */
static const char certificate_style[] =
	"@page { size: A4; margin: 12mm; }\n"
	"* { box-sizing: border-box; }\n"
	"html { background: #e8e5de; }\n"
	"body { margin: 0; padding: 24px 12px; color: #1c2833;\n"
	"  font-family: Georgia, \"Times New Roman\", Times, serif;\n"
	"  line-height: 1.35; }\n"
	".certificate { max-width: 186mm; margin: 0 auto; padding: 2.5mm;\n"
	"  background: #fffdf8; border: 2mm solid #1f4e79;\n"
	"  box-shadow: 0 2px 12px rgba(0, 0, 0, 0.25); }\n"
	".frame { border: 0.6mm solid #b08d3c; padding: 12mm 14mm 10mm;\n"
	"  text-align: center; display: flex; flex-direction: column;\n"
	"  justify-content: space-between; min-height: 100%; }\n"
	".kicker { margin: 0; font-size: 11pt; letter-spacing: 0.18em;\n"
	"  text-transform: uppercase; color: #1f4e79; }\n"
	"h1 { margin: 3mm 0 8mm; font-size: 30pt; font-weight: normal;\n"
	"  color: #1f4e79; }\n"
	".lead { margin: 0; font-size: 12pt; font-style: italic; }\n"
	".name { margin: 3mm 0 6mm; font-size: 26pt; font-weight: bold;\n"
	"  overflow-wrap: anywhere; }\n"
	".module { margin: 3mm 0 2mm; font-size: 19pt;\n"
	"  overflow-wrap: anywhere; }\n"
	".name.long { font-size: 17pt; }\n"
	".module.long { font-size: 14pt; }\n"
	".pack { margin: 0; font-size: 12pt; overflow-wrap: anywhere; }\n"
	".facts { display: grid; grid-template-columns: max-content auto;\n"
	"  gap: 2.5mm 7mm; width: fit-content; max-width: 100%;\n"
	"  margin: 10mm auto 8mm; text-align: left; font-size: 12pt; }\n"
	".facts dt { font-weight: bold; color: #1f4e79; }\n"
	".facts dd { margin: 0; }\n"
	".iso { color: #555; font-size: 10.5pt; }\n"
	".check { margin-top: 4mm; padding-top: 5mm;\n"
	"  border-top: 0.3mm solid #b08d3c; font-size: 10.5pt; }\n"
	".check p { margin: 1mm 0; }\n"
	".check .code { font-family: \"DejaVu Sans Mono\", Consolas, \"Courier New\",\n"
	"  monospace; font-size: 20pt; font-weight: bold;\n"
	"  letter-spacing: 0.12em; color: #1c2833; margin: 1mm 0 3mm; }\n"
	"code { font-family: \"DejaVu Sans Mono\", Consolas, \"Courier New\",\n"
	"  monospace; font-size: 10pt; white-space: nowrap; }\n"
	".record { margin-top: 3mm; font-size: 9pt; color: #555; }\n"
	"@media screen and (max-width: 30rem) {\n"
	"  body { padding: 8px 4px; }\n"
	"  .frame { padding: 6mm 4mm 5mm; }\n"
	"  h1 { font-size: 22pt; }\n"
	"  .name { font-size: 20pt; }\n"
	"  .module { font-size: 16pt; }\n"
	"  .check .code { font-size: 15pt; letter-spacing: 0.06em; }\n"
	"  code { white-space: normal; overflow-wrap: anywhere; }\n"
	"}\n"
	"@media print {\n"
	"  html, body { background: none; padding: 0; }\n"
	"  .certificate { max-width: none; height: 272mm; box-shadow: none;\n"
	"    break-inside: avoid; page-break-inside: avoid;\n"
	"    -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
	"  .frame { height: 100%; justify-content: space-evenly; }\n"
	"}\n";

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/*
 * Writes a stored date or time as people read it, "29 November 2026",
 * then the ISO date, so the page is plain to a reader and easy to compare
 * with the records.
 */
static void add_date(struct buf *b, const char *iso)
{
	char day[DATE_LEN];
	int y, m, d;
	time_t t;

	/* The field widths bound the numbers, so sscanf cannot overflow. */
	if (!iso || parse_time(iso, &t) < 0 ||
	    /* NOLINTNEXTLINE(cert-err34-c) */
	    sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12) {
		html_txt(b, iso);
		return;
	}
	fmt_date(t, day);
	html_txtf(b, "%d %s %d", d, month_names[m - 1], y);
	html_raw(b, " <span class=\"iso\">(");
	html_txt(b, day);
	html_raw(b, ")</span>");
}

/*
 * A class that sets a long name or title smaller, so that the page still
 * prints on one sheet.
 */
static const char *length_class(const char *s)
{
	return s && strlen(s) > 60 ? " long" : "";
}

char *certificate_verify_url(struct store *st)
{
	char *url = NULL, *msg = NULL, *v;
	size_t n;

	if (store_setting_get(st, "base_url", &url, &msg) <= 0 || !*url) {
		free(msg);
		free(url);
		return NULL;
	}
	n = strlen(url);
	v = xasprintf("%.*s/verify", (int)(url[n - 1] == '/' ? n - 1 : n),
		      url);
	free(url);
	return v;
}

void certificate_page(struct buf *b, const struct attempt *a,
		      const char *verify_url)
{
	html_raw(b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
		 "<meta charset=\"utf-8\">\n"
		 "<meta http-equiv=\"Content-Security-Policy\" "
		 "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
		 "<meta name=\"viewport\" "
		 "content=\"width=device-width, initial-scale=1\">\n"
		 "<title>Certificate of completion: ");
	html_txt(b, a->learner_name);
	html_raw(b, ", ");
	html_txt(b, a->module_title);
	html_raw(b, "</title>\n<style>\n");
	html_raw(b, certificate_style);
	html_raw(b, "</style>\n</head>\n<body>\n<main class=\"certificate\">\n"
		 "<div class=\"frame\">\n<div>\n"
		 "<p class=\"kicker\">Safeguarding training</p>\n"
		 "<h1>Certificate of completion</h1>\n"
		 "<p class=\"lead\">This is to certify that</p>\n"
		 "<p class=\"name");
	html_raw(b, length_class(a->learner_name));
	html_raw(b, "\">");
	html_txt(b, a->learner_name);
	html_raw(b, "</p>\n<p class=\"lead\">has completed the module</p>\n"
		 "<p class=\"module");
	html_raw(b, length_class(a->module_title));
	html_raw(b, "\">");
	html_txt(b, a->module_title);
	html_raw(b, "</p>\n<p class=\"pack\">from the pack &ldquo;");
	html_txt(b, a->pack_title);
	html_raw(b, "&rdquo;, version ");
	html_txt(b, a->pack_version);
	html_raw(b, "</p>\n<dl class=\"facts\">\n<dt>Completed</dt><dd>");
	add_date(b, a->ended);
	html_raw(b, "</dd>\n<dt>Score</dt><dd>");
	html_txtf(b, "%d out of %d points (%d%%); pass mark %d%%", a->score,
		  a->max, a->percent, a->pass_mark);
	html_raw(b, "</dd>\n<dt>CPD</dt><dd>");
	html_txtf(b, "%d %s", a->minutes, a->minutes == 1 ? "minute" :
		  "minutes");
	html_raw(b, "</dd>\n<dt>Valid until</dt><dd>");
	if (a->expires)
		add_date(b, a->expires);
	else
		html_raw(b, "does not expire");
	html_raw(b, "</dd>\n</dl>\n</div>\n<div class=\"check\">\n"
		 "<p>Certificate code</p>\n<p class=\"code\">");
	html_txt(b, a->certificate);
	if (verify_url) {
		html_raw(b, "</p>\n<p>To check this certificate, go to ");
		html_txt(b, verify_url);
		html_raw(b, " and enter the code, or ask whoever keeps the "
			 "training records to run <code>vigil verify ");
	} else {
		html_raw(b, "</p>\n<p>To check this certificate, whoever "
			 "keeps the training records can run <code>vigil "
			 "verify ");
	}
	html_txt(b, a->certificate);
	html_raw(b, "</code>, which says what the code certifies.</p>\n"
		 "<p class=\"record\">");
	html_txtf(b, "Attempt %lld in the training records", (long long)a->id);
	html_raw(b, "</p>\n</div>\n</div>\n</main>\n</body>\n</html>\n");
}

char *certificate_csp(void)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
					   sodium_base64_VARIANT_ORIGINAL)];
	struct buf s = BUF_INIT;

	/* The hash of exactly what certificate_page puts in <style>. */
	buf_addc(&s, '\n');
	buf_adds(&s, certificate_style);
	crypto_hash_sha256(h, (const unsigned char *)s.s, s.len);
	buf_free(&s);
	sodium_bin2base64(b64, sizeof(b64), h, sizeof(h),
			  sodium_base64_VARIANT_ORIGINAL);
	return xasprintf("default-src 'none'; style-src 'sha256-%s'; "
			 "form-action 'none'; frame-ancestors 'none'; "
			 "base-uri 'none'", b64);
}
