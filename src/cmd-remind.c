/*
 * cmd-remind.c - `vigil remind [--dry-run]`: emails each person in post
 * who is overdue or due soon, and has had no reminder lately, what is due
 * and a sign-in link (SPEC §4, Reminders).  remind.h decides who and
 * sends; this file checks the settings first and says what happened, one
 * line per person, so that a weekly timer's log reads as a record.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "learner.h"
#include "mail.h"
#include "remind.h"
#include "store.h"
#include "util.h"

/* Why a send failed, with the person named, on stderr; for an address
 * no mail server takes, how to correct it, since trying again next run
 * would only fail again. */
static void say_failed(const struct remind_person *p, const char *err)
{
	char *ref = term_safe(p->ref, 1);
	char *email = term_safe(p->email ? p->email : "", 1);
	char *name = learner_shown(p->name);
	char *why = term_safe(err && *err ? err : "no reason given", 1);

	if (p->email && !mail_address_ok(p->email))
		error("not sent to %s %s (%s): %s; vigil learner edit %s "
		      "--email ADDRESS corrects it", ref, email, name, why,
		      ref);
	else
		error("not sent to %s %s (%s): %s; it is tried again next "
		      "run", ref, email, name, why);
	free(ref);
	free(email);
	free(name);
	free(why);
}

/* remind_send's report: "sent REF EMAIL" as each is accepted, so that a
 * run cut short still shows who had theirs. */
static void report(void *ctx, const struct remind_person *p, int ok,
		   const char *err)
{
	char *ref, *email;

	(void)ctx;
	if (!ok) {
		say_failed(p, err);
		return;
	}
	ref = term_safe(p->ref, 1);
	email = term_safe(p->email ? p->email : "", 1);
	printf("sent %s %s\n", ref, email);
	fflush(stdout);
	free(ref);
	free(email);
}

/* The modules a person would be reminded of, one indented line each:
 * title, whether overdue, and the due day (ISO 8601, as the command line
 * writes dates). */
static void print_modules(const struct remind_person *p)
{
	size_t i;

	for (i = 0; i < p->nmods; i++) {
		const struct remind_module *m = &p->mods[i];
		char *title = term_safe(m->title, 1);

		printf("    %s (%s %s)\n", title,
		       m->due.state == DUE_OVERDUE ? "overdue, due" : "due",
		       m->due.date);
		free(title);
	}
}

/* One line on stderr for each person behind who gets nothing now, and
 * what would change that. */
static void say_left_out(const struct remind_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->n; i++) {
		const struct remind_person *p = &plan->people[i];
		char *ref, *name;

		if (p->why == REMIND_NOW)
			continue;
		ref = term_safe(p->ref, 1);
		name = learner_shown(p->name);
		if (p->why == REMIND_NO_EMAIL)
			fprintf(stderr, "not reminded: %s (%s) is behind but "
				"has no email address (vigil learner edit %s "
				"--email ADDRESS)\n", ref, name, ref);
		else
			fprintf(stderr, "not reminded: %s (%s) had a "
				"reminder on %.10s; the next may go on %s\n",
				ref, name, p->last, p->next);
		free(ref);
		free(name);
	}
}

/* A warning for each pack left out for its errors: its modules are in
 * nobody's reminder until it is fixed. */
static void say_broken(const struct remind_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->broken.n; i++) {
		char *id = term_safe(plan->broken.v[i], 1);

		fprintf(stderr, "vigil: warning: pack '%s' has errors, so its "
			"modules are in no reminder (vigil packs shows "
			"them)\n", id);
		free(id);
	}
}

/*
 * Checks the settings a send needs: the mail server and sender, and the
 * address links are made from.  Returns 0, or -1 with *msg saying which
 * `vigil settings` command sets what is missing; *base gets base_url.
 */
static int settings_ready(struct store *st, char **base, char **msg)
{
	struct mail_server s = { 0 };
	int ret;

	*base = NULL;
	ret = mail_server_load(st, &s, msg);
	mail_server_clear(&s);
	if (ret < 0)
		return -1;
	*base = remind_base(st, msg);
	return *base ? 0 : -1;
}

/* Sends the reminders that are due now, or with --dry-run says who would
 * get one. */
static int cmd_remind_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct remind_plan plan = REMIND_PLAN_INIT;
	struct remind_result res = { 0, 0 };
	struct store *st = NULL;
	char *base = NULL, *msg = NULL, *why;
	int c, dry = 0, ready, ret = EXIT_FAILED;
	size_t i;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c != 'n')
			return cmd_option_error(&cmd_remind_entry, NULL, c,
						argv);
		dry = 1;
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_remind_entry, NULL,
				       "unexpected argument '%s'",
				       argv[optind]);
	if (store_open_existing(ctx->db, &st, &msg) < 0) {
		error("%s", msg);
		free(msg);
		return EXIT_FAILED;
	}
	/* A run that cannot send stops before it looks at anyone: a weekly
	 * timer with no mail server set fails every week, loudly.  A dry run
	 * only says what is missing. */
	ready = settings_ready(st, &base, &msg);
	if (ready < 0) {
		why = term_safe(msg ? msg : "the mail settings cannot be read",
				1);
		if (!dry) {
			error("%s", why);
			free(why);
			goto out;
		}
		fprintf(stderr, "vigil: warning: %s; nothing could be sent "
			"yet\n", why);
		free(why);
		free(msg);
		msg = NULL;
	}
	if (remind_plan_build(st, &ctx->pack_dirs, &ctx->plugin_dirs, &plan,
			      &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	say_broken(&plan);
	if (dry) {
		for (i = 0; i < plan.n; i++) {
			const struct remind_person *p = &plan.people[i];
			char *ref, *email;

			if (p->why != REMIND_NOW)
				continue;
			ref = term_safe(p->ref, 1);
			email = term_safe(p->email, 1);
			printf("would send %s %s\n", ref, email);
			print_modules(p);
			if (!mail_address_ok(p->email))
				fprintf(stderr, "vigil: warning: %s's address "
					"%s is not one a mail server takes, so "
					"the send would fail; vigil learner "
					"edit %s --email ADDRESS corrects it\n",
					ref, email, ref);
			free(ref);
			free(email);
		}
		say_left_out(&plan);
		printf("%zu would be sent on %s; nothing was sent "
		       "(--dry-run)\n", plan.now, plan.today);
		ret = EXIT_OK;
		goto out;
	}
	say_left_out(&plan);
	/* Nobody due: no connection to the server and no audit row, so
	 * that a weekly run with nothing to do leaves no trace. */
	if (plan.now && remind_send(st, &plan, base, report, NULL, &res,
				    &msg) < 0) {
		why = term_safe(msg ? msg : "nothing could be sent", 1);
		error("%s", why);
		free(why);
		goto out;
	}
	printf("%d sent, %d failed\n", res.sent, res.failed);
	ret = res.failed ? EXIT_FAILED : EXIT_OK;
out:
	if (fflush(stdout) == EOF) {
		error("cannot write to standard output");
		ret = EXIT_FAILED;
	}
	remind_plan_free(&plan);
	free(base);
	free(msg);
	store_close(st);
	return ret;
}

const struct cmd_entry cmd_remind_entry = {
	.name = "remind",
	.usage = "[--dry-run]",
	.summary = "email everyone overdue or due soon what is due, with a "
		   "sign-in link",
	.help = "Emails each person in post who has a module overdue or due "
		"within 14 days,\nand has an email address, one message: "
		"what is due and when, and a\nsign-in link that works once, "
		"for 14 days.  Nobody gets a second reminder\nwithin "
		"remind_every_days (default 7), so running it daily or "
		"twice is safe;\na send the server refused is tried again "
		"next run.\n\n"
		"Prints 'sent REF EMAIL' for each, then 'N sent, N failed'; "
		"each failure and\neach person behind who was not reminded "
		"(no email, or reminded lately) is\nsaid on standard error.  "
		"Needs the settings smtp_url, mail_from and base_url\n(and "
		"smtp_user and smtp_password if the server asks for them); "
		"see vigil\nsettings.\n\n"
		"  --dry-run  print 'would send REF EMAIL' and the modules "
		"for each person who\n             would be sent one now; "
		"send and record nothing\n\n"
		"Exit status 1 when any send failed or a setting is "
		"missing.\n",
	.exec = cmd_remind_exec,
};
