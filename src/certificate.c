/*
 * certificate.c - the certificate page, what it says besides its attempt,
 * and the print button's script (certificate.h).
 */
#include "config.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certificate.h"
#include "html.h"
#include "settings.h"
#include "store.h"
#include "util.h"
#include "words.h"

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
	".school { margin: 0 0 3mm; font-size: 14pt; font-weight: bold;\n"
	"  overflow-wrap: anywhere; }\n"
	".kicker { margin: 0; font-size: 11pt; letter-spacing: 0.18em;\n"
	"  text-transform: uppercase; color: #1f4e79; }\n"
	"h1 { margin: 3mm 0 8mm; font-size: 30pt; font-weight: normal;\n"
	"  color: #1f4e79; text-wrap: balance; }\n"
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
	".iso { color: #555; font-size: 10.5pt; white-space: nowrap; }\n"
	".check { margin-top: 4mm; padding-top: 5mm;\n"
	"  border-top: 0.3mm solid #b08d3c; font-size: 10.5pt; }\n"
	".check p { margin: 1mm 0; }\n"
	".check .code { font-family: \"DejaVu Sans Mono\", Consolas, \"Courier New\",\n"
	"  monospace; font-size: 20pt; font-weight: bold;\n"
	"  letter-spacing: 0.12em; color: #1c2833; margin: 1mm 0 3mm;\n"
	"  overflow-wrap: normal; }\n"
	".check .code span, .nowrap { white-space: nowrap; }\n"
	".check a { color: #0b4f9c; }\n"
	".url { display: inline-block; max-width: 100%;\n"
	"  overflow-wrap: anywhere; }\n"
	"code { font-family: \"DejaVu Sans Mono\", Consolas, \"Courier New\",\n"
	"  monospace; font-size: 10pt; white-space: nowrap; }\n"
	".record { margin-top: 3mm; font-size: 9pt; color: #555; }\n"
	".tools { max-width: 186mm; margin: 0 auto 12px; display: flex;\n"
	"  flex-wrap: wrap; gap: 8px 20px; align-items: center;\n"
	"  font-family: system-ui, sans-serif; font-size: 1rem; }\n"
	".tools a { color: #0b4f9c; }\n"
	".tools button { font: inherit; background: #1f3a5f; color: #fff;\n"
	"  border: 0; border-radius: 4px; padding: 0.45rem 1rem;\n"
	"  cursor: pointer; }\n"
	".tools a:focus, .tools button:focus { outline: 3px solid #f2a900;\n"
	"  outline-offset: 2px; }\n"
	"[hidden] { display: none !important; }\n"
	"@media screen and (max-width: 30rem) {\n"
	"  body { padding: 8px 4px; }\n"
	"  .frame { padding: 6mm 4mm 5mm; }\n"
	"  .kicker { letter-spacing: 0.08em; }\n"
	"  h1 { font-size: min(22pt, calc((100vw - 64px) / 13.5)); }\n"
	"  .name { font-size: 20pt; }\n"
	"  .module { font-size: 16pt; }\n"
	"  .check .code { font-size: min(15pt, calc((100vw - 64px) / 12));\n"
	"    letter-spacing: 0.04em; }\n"
	"  code { white-space: normal; overflow-wrap: anywhere; }\n"
	"}\n"
	"@media print {\n"
	"  html, body { background: none; padding: 0; }\n"
	"  .tools { display: none; }\n"
	"  .certificate { max-width: none; height: 272mm; box-shadow: none;\n"
	"    break-inside: avoid; page-break-inside: avoid;\n"
	"    -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
	"  .frame { height: 100%; justify-content: space-evenly; }\n"
	"}\n";

/*
 * The print button's script.  The button is hidden in the page and shown
 * here, so that without JavaScript there is no button that does nothing.
 */
const char certificate_script[] =
	"\"use strict\";\n"
	"(function () {\n"
	"\tvar b = document.getElementById(\"print\");\n"
	"\n"
	"\tif (!b)\n"
	"\t\treturn;\n"
	"\tb.addEventListener(\"click\", function () {\n"
	"\t\twindow.print();\n"
	"\t});\n"
	"\tb.hidden = false;\n"
	"}());\n";

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* The words of a stored date or time, "29 November 2026", and its ISO
 * date: 0, or -1 when it is neither. */
static int date_parts(const char *iso, char *words, size_t n,
		      char day[DATE_LEN])
{
	int y, m, d;
	time_t t;

	/* The field widths bound the numbers, so sscanf cannot overflow. */
	if (!iso || parse_time(iso, &t) < 0 ||
	    /* NOLINTNEXTLINE(cert-err34-c) */
	    sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
		return -1;
	fmt_date(t, day);
	snprintf(words, n, "%d %s %d", d, month_names[m - 1], y);
	return 0;
}

void certificate_date(const char *iso, char *out, size_t n)
{
	char words[WORDS_LEN], day[DATE_LEN];

	if (date_parts(iso, words, sizeof(words), day) < 0)
		snprintf(out, n, "%s", iso ? iso : "");
	else
		snprintf(out, n, "%s (%s)", words, day);
}

/*
 * Writes a stored date or time as people read it, "29 November 2026",
 * then the ISO date, so the page is plain to a reader and easy to compare
 * with the records.
 */
static void add_date(struct buf *b, const char *iso)
{
	char words[WORDS_LEN], day[DATE_LEN];

	if (date_parts(iso, words, sizeof(words), day) < 0) {
		html_txt(b, iso);
		return;
	}
	html_txt(b, words);
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

/* A setting's value (malloc'd), or NULL when it is empty or cannot be
 * read (logged). */
static char *setting_or_null(struct store *st, const char *key)
{
	char *v, *msg = NULL;

	v = setting_value(st, key, &msg);
	if (msg) {
		error("%s", msg);
		free(msg);
	}
	if (v && !*v) {
		free(v);
		v = NULL;
	}
	return v;
}

void certificate_info_load(struct store *st, const struct attempt *a,
			   struct certificate_info *info)
{
	struct buf b = BUF_INIT;
	struct words w = WORDS_INIT;
	char *url, *msg = NULL;
	size_t n;

	memset(info, 0, sizeof(*info));
	info->school = setting_or_null(st, "school_name");
	if (!info->school)
		info->school = xstrdup("");
	if (words_load(&w, st, &msg) < 0) {
		error("%s", msg);
		free(msg);
	}
	info->module_title = words_title(&w, a->module_title, a->module);
	info->pack_title = words_title(&w, a->pack_title, a->pack);
	words_free(&w);
	url = setting_or_null(st, "base_url");
	if (!url)
		return;
	/* Stored without a trailing slash; one typed by hand is dropped. */
	n = strlen(url);
	if (url[n - 1] == '/')
		url[n - 1] = '\0';
	info->verify = xasprintf("%s/verify", url);
	free(url);
	buf_adds(&b, info->verify);
	buf_adds(&b, "?code=");
	html_url_part(&b, a->certificate ? a->certificate : "");
	info->check = buf_detach(&b);
}

void certificate_info_clear(struct certificate_info *info)
{
	free(info->school);
	free(info->module_title);
	free(info->pack_title);
	free(info->verify);
	free(info->check);
	memset(info, 0, sizeof(*info));
}

#define HASH64_LEN sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, \
					     sodium_base64_VARIANT_ORIGINAL)

/* The SHA-256 of s in base64, as CSP hashes and integrity attributes
 * write it. */
static void hash_base64(const char *s, size_t len, char out[HASH64_LEN])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, len);
	sodium_bin2base64(out, HASH64_LEN, h, sizeof(h),
			  sodium_base64_VARIANT_ORIGINAL);
}

/* The code in groups that never break inside, with a break allowed after
 * each separator: a phone wraps it there or not at all. */
static void add_code(struct buf *b, const char *code)
{
	const char *p = code;
	size_t n;

	for (;;) {
		n = strcspn(p, "-");
		html_raw(b, "<span>");
		html_txtf(b, "%.*s", (int)n, p);
		html_raw(b, "</span>");
		if (!p[n])
			return;
		html_raw(b, "-<wbr>");
		p += n + 1;
	}
}

/* The links and the print button of a page that is served. */
static void add_tools(struct buf *b, const struct attempt *a,
		      enum certificate_where where)
{
	html_raw(b, "<nav class=\"tools\" aria-label=\"Certificate\">\n");
	if (where == CERTIFICATE_LEARNER) {
		html_raw(b, "<a href=\"/\">Back to your training</a>\n");
		buf_addf(b, "<a href=\"/attempts/%lld/certificate.pdf\">",
			 (long long)a->id);
		html_raw(b, "Download it as a PDF</a>\n");
	}
	html_raw(b, "<button type=\"button\" id=\"print\" hidden>Print this "
		 "certificate</button>\n</nav>\n");
}

/* How to check the code: the school's web address when base_url is set,
 * else its /verify page in words; the command line as well. */
static void add_check(struct buf *b, const struct attempt *a,
		      const struct certificate_info *info,
		      enum certificate_where where)
{
	if (info->check) {
		html_raw(b, "<p>To check this certificate, go to <a "
			 "class=\"url\" href=\"");
		html_attr(b, info->check);
		html_raw(b, "\">");
		html_txt(b, info->check);
		html_raw(b, "</a></p>\n");
	} else {
		html_raw(b, "<p>To check this certificate, enter its code on "
			 "the &ldquo;Check a certificate&rdquo; page of the "
			 "school&rsquo;s training site (");
		if (where != CERTIFICATE_FILE) {
			html_raw(b, "<a href=\"/verify?code=");
			html_url_part(b, a->certificate);
			html_raw(b, "\">/verify</a>");
		} else {
			html_raw(b, "/verify");
		}
		html_raw(b, ").</p>\n");
	}
	html_raw(b, "<p>Whoever keeps the training records can also run "
		 "<code>vigil verify ");
	html_txt(b, a->certificate);
	html_raw(b, "</code>.</p>\n");
}

void certificate_page(struct buf *b, const struct attempt *a,
		      const struct certificate_info *info,
		      enum certificate_where where)
{
	char js[HASH64_LEN];

	hash_base64(certificate_script, sizeof(certificate_script) - 1, js);
	html_raw(b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
		 "<meta charset=\"utf-8\">\n"
		 "<meta http-equiv=\"Content-Security-Policy\" "
		 "content=\"default-src 'none'; style-src 'unsafe-inline'");
	if (where != CERTIFICATE_FILE) {
		html_raw(b, "; script-src 'sha256-");
		html_attr(b, js);
		html_raw(b, "'");
	}
	html_raw(b, "\">\n<meta name=\"viewport\" "
		 "content=\"width=device-width, initial-scale=1\">\n"
		 "<title>Certificate of completion: ");
	html_txt(b, a->learner_name);
	html_raw(b, ", ");
	html_txt(b, info->module_title);
	html_raw(b, "</title>\n<style>\n");
	html_raw(b, certificate_style);
	html_raw(b, "</style>\n");
	if (where != CERTIFICATE_FILE) {
		html_raw(b, "<script src=\"" CERTIFICATE_SCRIPT_PATH "\" "
			 "integrity=\"sha256-");
		html_attr(b, js);
		html_raw(b, "\" defer></script>\n");
	}
	html_raw(b, "</head>\n<body>\n");
	if (where != CERTIFICATE_FILE)
		add_tools(b, a, where);
	html_raw(b, "<main class=\"certificate\">\n<div class=\"frame\">\n"
		 "<div>\n");
	if (info->school && *info->school) {
		html_raw(b, "<p class=\"school\">");
		html_txt(b, info->school);
		html_raw(b, "</p>\n");
	}
	html_raw(b, "<p class=\"kicker\">Safeguarding training</p>\n"
		 "<h1>Certificate of completion</h1>\n"
		 "<p class=\"lead\">This is to certify that</p>\n"
		 "<p class=\"name");
	html_raw(b, length_class(a->learner_name));
	html_raw(b, "\">");
	html_txt(b, a->learner_name);
	html_raw(b, "</p>\n<p class=\"lead\">has completed the module</p>\n"
		 "<p class=\"module");
	html_raw(b, length_class(info->module_title));
	html_raw(b, "\">");
	html_txt(b, info->module_title);
	html_raw(b, "</p>\n<p class=\"pack\">from the pack &ldquo;");
	html_txt(b, info->pack_title);
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
	add_code(b, a->certificate);
	html_raw(b, "</p>\n");
	add_check(b, a, info, where);
	html_raw(b, "<p class=\"record\">");
	html_txtf(b, "Attempt %lld in the training records", (long long)a->id);
	html_raw(b, "</p>\n</div>\n</div>\n</main>\n</body>\n</html>\n");
}

char *certificate_csp(enum certificate_where where)
{
	char css[HASH64_LEN], js[HASH64_LEN];
	struct buf s = BUF_INIT;

	/* The hash of exactly what certificate_page puts in <style>. */
	buf_addc(&s, '\n');
	buf_adds(&s, certificate_style);
	hash_base64(s.s, s.len, css);
	buf_free(&s);
	if (where == CERTIFICATE_FILE)
		return xasprintf("default-src 'none'; style-src 'sha256-%s'; "
				 "form-action 'none'; frame-ancestors 'none'; "
				 "base-uri 'none'", css);
	hash_base64(certificate_script, sizeof(certificate_script) - 1, js);
	return xasprintf("default-src 'none'; style-src 'sha256-%s'; "
			 "script-src 'sha256-%s'; form-action 'none'; "
			 "frame-ancestors 'none'; base-uri 'none'", css, js);
}
