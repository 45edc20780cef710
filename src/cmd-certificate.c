/*
 * cmd-certificate.c - `vigil certificate ATTEMPT [--pdf] [--out FILE]`: a
 * printable one-page certificate for a passed attempt, as a standalone
 * HTML page or an A4 PDF.
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

#include "certificate.h"
#include "cmd.h"
#include "store.h"
#include "util.h"

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
		{ "pdf", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	struct store *st = NULL;
	struct attempt a = { 0 };
	struct certificate_info info = { 0 };
	struct buf page = BUF_INIT;
	const char *out = NULL;
	char *msg = NULL;
	int64_t id;
	int c, found, pdf = 0, ret = EXIT_FAILED;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c == 'p')
			pdf = 1;
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
	/* A PDF is bytes a terminal would show as garbage, or act on. */
	if (pdf && !out && isatty(STDOUT_FILENO))
		return cmd_usage_error(&cmd_certificate_entry, NULL,
				       "a PDF is not for a terminal: give "
				       "--out FILE, or send the output to a "
				       "file or a pipe");

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
	certificate_info_load(st, &a, &info);
	if (!pdf) {
		certificate_page(&page, &a, &info, CERTIFICATE_FILE);
	} else if (certificate_pdf(&page, &a, &info, &msg) < 0) {
		error("cannot draw the certificate of attempt %lld: %s",
		      (long long)id, msg);
		goto out;
	}
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
	certificate_info_clear(&info);
	buf_free(&page);
	attempt_clear(&a);
	if (st)
		store_close(st);
	free(msg);
	return ret;
}

const struct cmd_entry cmd_certificate_entry = {
	.name = "certificate",
	.usage = "ATTEMPT [--pdf] [--out FILE]",
	.summary = "write a printable certificate for a passed attempt",
	.help = "Writes the certificate of attempt number ATTEMPT (as vigil "
		"records shows it) as\none standalone HTML page that prints "
		"on one sheet of A4: the learner, the\nmodule, the pack and "
		"its version, the date, the score, the CPD minutes, how\nlong "
		"it is valid and the certificate code, which vigil verify "
		"checks.  The\npage fetches nothing from anywhere.  It names "
		"the school and the address of\nits check page when the "
		"settings school_name and base_url are set.\n\n"
		"  --pdf       write the certificate as a one-page A4 PDF "
		"instead; not to a\n              terminal\n"
		"  --out FILE  write it to FILE (replaced whole, or not "
		"at all)\n              instead of standard output\n\n"
		"Only a passed attempt has a certificate: for one in "
		"progress, not passed or\nabandoned, or a number that is not "
		"known, the exit status is 1.\n",
	.exec = cmd_certificate_exec,
};
