/*
 * cmd-verify.c - `vigil verify CODE`: says what a certificate code
 * certifies, or that this database never issued it.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "markdown.h"
#include "store.h"
#include "util.h"
#include "words.h"

/*
 * Returns a malloc'd copy of s on one line without control characters, so
 * that a name typed by a learner can neither drive the terminal nor add a
 * line that looks like part of the answer.
 */
static char *one_line(const char *s)
{
	char *t = md_strip_controls(s ? s : ""), *p;

	for (p = t; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return t;
}

/* Prints "LABEL: VALUE" with the value made safe by one_line. */
static void field(const char *label, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void field(const char *label, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	char *v;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	v = one_line(b.s);
	printf("  %-13s%s\n", label, v);
	free(v);
	buf_free(&b);
}

/* Prints what a known code certifies, its titles (stored as written) in
 * the school's words w; an expired one says so first. */
static void print_certificate(const struct words *w, const struct attempt *a,
			      int expired)
{
	char *code = one_line(a->certificate);
	char *module = words_title(w, a->module_title, a->module);
	char *pack = words_title(w, a->pack_title, a->pack);

	if (expired)
		printf("Certificate %s is genuine, but it expired on %s.\n",
		       code, a->expires);
	else
		printf("Certificate %s is genuine.\n", code);
	free(code);
	field("Learner:", "%s (%s)", a->learner_name, a->learner_ref);
	field("Module:", "%s (%s)", module, a->module);
	field("Pack:", "%s (%s %s)", pack, a->pack, a->pack_version);
	free(module);
	free(pack);
	field("Passed:", "%.10s", a->ended ? a->ended : "");
	field("Score:", "%d/%d (%d%%), pass mark %d%%", a->score, a->max,
	      a->percent, a->pass_mark);
	field("CPD minutes:", "%d", a->minutes);
	if (!a->expires)
		field("Valid until:", "does not expire");
	else if (expired)
		field("Valid until:", "expired on %s", a->expires);
	else
		field("Valid until:", "%s", a->expires);
	field("Attempt:", "%lld", (long long)a->id);
}

/* Looks the code up in the records and prints what it certifies. */
static int cmd_verify_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	struct store *st = NULL;
	struct attempt a = { 0 };
	struct words w = WORDS_INIT;
	struct buf code = BUF_INIT;
	char today[DATE_LEN], *msg = NULL, *shown = NULL;
	int i, found, ret = EXIT_FAILED;

	optind = 0;
	opterr = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1)
		return cmd_usage_error(&cmd_verify_entry, NULL,
				       "unknown option '%s'",
				       argv[optind - 1]);
	if (optind >= argc)
		return cmd_usage_error(&cmd_verify_entry, NULL,
				       "name the certificate code to check");
	/* A code read out in groups may arrive as several words. */
	for (i = optind; i < argc; i++) {
		if (i > optind)
			buf_addc(&code, ' ');
		buf_adds(&code, argv[i]);
	}

	if (store_open_existing(ctx->db, &st, &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	found = store_verify(st, code.s, &a, &msg);
	if (found < 0) {
		error("%s", msg);
		goto out;
	}
	if (!found) {
		shown = one_line(code.s);
		error("certificate code '%s' is not known in this database",
		      shown);
		goto out;
	}
	if (words_load(&w, st, &msg) < 0) {
		/* the defaults, then: the answer is still worth giving */
		error("%s", msg);
		free(msg);
		msg = NULL;
	}
	fmt_date(vigil_now(), today);
	print_certificate(&w, &a, a.expires && strcmp(today, a.expires) >= 0);
	if (fflush(stdout) != 0) {
		error("cannot write the answer: %s", strerror(errno));
		goto out;
	}
	ret = EXIT_OK;
out:
	words_free(&w);
	buf_free(&code);
	free(shown);
	attempt_clear(&a);
	if (st)
		store_close(st);
	free(msg);
	return ret;
}

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.usage = "CODE",
	.summary = "say what a certificate code certifies",
	.help = "Looks CODE up in the records and prints what it certifies: "
		"the learner, the\nmodule and pack, the date, the score, the "
		"CPD minutes and how long it is valid.\nCODE may be written "
		"in any case, with or without the dashes, or in groups\n"
		"separated by spaces.\n\n"
		"Exit status 0 when this database issued the code, 1 when it "
		"did not.  A code\nwhose validity has run out still exits 0 "
		"(it certifies a completion that\nhappened) and says "
		"\"expired on DATE\"; vigil records --overdue lists who must\n"
		"take the module again.\n",
	.exec = cmd_verify_exec,
};
