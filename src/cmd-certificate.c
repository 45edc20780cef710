/*
 * cmd-certificate.c - `vigil certificate ATTEMPT [--out FILE]`: a printable
 * one-page certificate for a passed attempt, as a standalone HTML page.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
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

	if (!iso || parse_time(iso, &t) < 0 ||
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

/* Writes the whole page for a passed attempt into b. */
static void certificate_page(struct buf *b, const struct attempt *a)
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
	html_raw(b, "</p>\n<p>To check this certificate, whoever keeps the "
		 "training records can run <code>vigil verify ");
	html_txt(b, a->certificate);
	html_raw(b, "</code>, which says what the code certifies.</p>\n"
		 "<p class=\"record\">");
	html_txtf(b, "Attempt %lld in the training records", (long long)a->id);
	html_raw(b, "</p>\n</div>\n</div>\n</main>\n</body>\n</html>\n");
}

/* Puts the page at path whole, or leaves path as it was. */
static int write_file(const char *path, const struct buf *page)
{
	struct whole_file w;

	if (whole_file_open(&w, path) < 0)
		return -1;
	if (fwrite(page->s, 1, page->len, w.f) != page->len) {
		error("cannot write '%s': %s", path, strerror(errno));
		whole_file_abort(&w);
		return -1;
	}
	return whole_file_commit(&w);
}

/* Reads ATTEMPT: a whole number as `vigil records` shows it. */
static int parse_attempt(const char *s, int64_t *id)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*id = v;
	return 0;
}

/*
 * Says why an attempt that did not pass has no certificate; returns -1 so
 * that the caller can fail with it.
 */
static int no_certificate(const struct attempt *a)
{
	long long id = (long long)a->id;

	switch (a->status) {
	case ATTEMPT_IN_PROGRESS:
		return error("attempt %lld is still in progress; only a "
			     "passed attempt has a certificate", id);
	case ATTEMPT_NOT_PASSED:
		return error("attempt %lld did not pass (%d%%, pass mark "
			     "%d%%); only a passed attempt has a certificate",
			     id, a->percent, a->pass_mark);
	case ATTEMPT_ABANDONED:
		return error("attempt %lld was abandoned when its pack "
			     "changed; only a passed attempt has a "
			     "certificate", id);
	case ATTEMPT_PASSED:
		break;
	}
	return error("attempt %lld passed but has no certificate code", id);
}

/* Writes the certificate of one passed attempt to --out or stdout. */
static int cmd_certificate_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct store *st = NULL;
	struct attempt a = { 0 };
	struct buf page = BUF_INIT;
	const char *out = NULL;
	char *msg = NULL;
	int64_t id;
	int c, found, ret = EXIT_FAILED;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c == ':')
			return cmd_usage_error(&cmd_certificate_entry, NULL,
					       "--out needs a file name");
		else
			return cmd_usage_error(&cmd_certificate_entry, NULL,
					       "unknown option '%s'",
					       argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cmd_usage_error(&cmd_certificate_entry, NULL,
				       "name one attempt by its number");
	if (parse_attempt(argv[optind], &id) < 0)
		return cmd_usage_error(&cmd_certificate_entry, NULL,
				       "an attempt is a number, as vigil "
				       "records shows it, not '%s'",
				       argv[optind]);
	if (out && !*out)
		return cmd_usage_error(&cmd_certificate_entry, NULL,
				       "--out needs a file name");

	if (store_open_existing(ctx->db, &st, &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	found = store_attempt_get(st, id, &a, &msg);
	if (found < 0) {
		error("%s", msg);
		goto out;
	}
	if (!found) {
		error("there is no attempt %lld in '%s'", (long long)id,
		      ctx->db);
		goto out;
	}
	if (a.status != ATTEMPT_PASSED || !a.certificate) {
		no_certificate(&a);
		goto out;
	}
	certificate_page(&page, &a);
	if (out) {
		if (write_file(out, &page) < 0)
			goto out;
	} else if (fwrite(page.s, 1, page.len, stdout) != page.len ||
		   fflush(stdout) != 0) {
		error("cannot write the certificate: %s", strerror(errno));
		goto out;
	}
	ret = EXIT_OK;
out:
	buf_free(&page);
	attempt_clear(&a);
	if (st)
		store_close(st);
	free(msg);
	return ret;
}

const struct cmd_entry cmd_certificate_entry = {
	.name = "certificate",
	.usage = "ATTEMPT [--out FILE]",
	.summary = "write a printable certificate for a passed attempt",
	.help = "Writes the certificate of attempt number ATTEMPT (as vigil "
		"records shows it) as\none standalone HTML page that prints "
		"on one sheet of A4: the learner, the\nmodule, the pack and "
		"its version, the date, the score, the CPD minutes, how\nlong "
		"it is valid and the certificate code, which vigil verify "
		"checks.  The\npage fetches nothing from anywhere.\n\n"
		"  --out FILE  write the page to FILE (replaced whole, or not "
		"at all)\n              instead of standard output\n\n"
		"Only a passed attempt has a certificate: for one in "
		"progress, not passed or\nabandoned, or a number that is not "
		"known, the exit status is 1.\n",
	.exec = cmd_certificate_exec,
};
