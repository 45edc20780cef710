/*
 * remind.h - reminders and sign-in links by email (SPEC §4): who would be
 * reminded now and why, sending them, and a person's sign-in link.  The
 * command line (vigil remind, vigil learner link --email) and the web
 * server (the DSL's reminders page, "Email me a sign-in link") share it,
 * so that both send the same email to the same people.
 *
 * A run is safe to repeat: a person is reminded only when no reminder to
 * them was accepted by the server in the last remind_every_days days, and
 * a send that failed is logged as failed, so the next run tries it again.
 */
#ifndef VIGIL_REMIND_H
#define VIGIL_REMIND_H

#include <stddef.h>
#include <stdint.h>

#include "matrix.h"
#include "store.h"
#include "strv.h"

/* How long the one-use link in a reminder works, in days. */
#define REMIND_LINK_DAYS	14
/* How long a sign-in link a person asked for by email works, in seconds. */
#define SIGNIN_MAIL_SECONDS	3600

enum remind_why {
	REMIND_NOW,		/* would be sent a reminder now */
	REMIND_RECENT,		/* reminded within remind_every_days */
	REMIND_NO_EMAIL		/* behind, but with no email address */
};

struct remind_module {
	char *title;		/* "Pack title: Module title" */
	struct due due;		/* DUE_OVERDUE or DUE_SOON, and its date */
};

/* A person in post with a module overdue or due within DUE_SOON_DAYS. */
struct remind_person {
	int64_t learner_id;
	char *ref, *name, *email;	/* email NULL for REMIND_NO_EMAIL */
	enum remind_why why;
	char last[TIME_LEN];	/* the last reminder the server accepted,
				   or "" */
	char next[DATE_LEN];	/* REMIND_RECENT: the first day they may be
				   reminded again; else "" */
	struct remind_module *mods;	/* overdue first, then by date */
	size_t nmods;
};

struct remind_plan {
	char today[DATE_LEN];
	int every_days;		/* remind_every_days */
	struct remind_person *people;	/* REMIND_NOW first, then by ref */
	size_t n;
	size_t now;		/* how many are REMIND_NOW */
	struct strv broken;	/* packs left out for their errors */
};

#define REMIND_PLAN_INIT { "", 0, NULL, 0, 0, STRV_INIT }

/*
 * Who would be reminded now, and why: every person in post who has a
 * module overdue or due soon by the matrix's due rule (matrix.h).
 * Returns 0, or -1 with *msg.  Free p with remind_plan_free either way.
 */
int remind_plan_build(struct store *st, const struct strv *pack_dirs,
		      const struct strv *plugin_dirs, struct remind_plan *p,
		      char **msg);
void remind_plan_free(struct remind_plan *p);

/*
 * The address links in emails start with (malloc'd, ending in "/"): the
 * base_url setting.  NULL with *msg saying how to set it when it is not
 * set: a link in an email must be the address staff use.
 */
char *remind_base(struct store *st, char **msg);

struct remind_result {
	int sent, failed;
};
/* Called after each person's send: ok, or err (one line) for why not. */
typedef void remind_report_fn(void *ctx, const struct remind_person *p,
			      int ok, const char *err);

/*
 * Sends each REMIND_NOW person in p one email: what is due and when, and
 * a one-use sign-in link that works for REMIND_LINK_DAYS (links start
 * with base, an http or https address, with or without a final "/").
 * Each send is in the mail log, accepted or not, and the audit log gets
 * one row for the run ("reminders sent", "N sent, N failed").  A person another run has reminded since p was made is left
 * out.  A person the server refuses, or a server that cannot be
 * reached, counts as failed and is tried again next run.  Returns 0 with
 * *out filled, or -1 with *msg when nothing could be tried (no mail
 * settings, or the records could not be written).
 */
int remind_send(struct store *st, const struct remind_plan *p,
		const char *base, remind_report_fn *report, void *ctx,
		struct remind_result *out, char **msg);

/*
 * Emails person l a sign-in link (links start with base): with seconds 0
 * their personal link, made anew (as `vigil learner link` prints it);
 * otherwise a one-use link that works for that many seconds.  The send is
 * in the mail log either way.  Returns 0 once the server accepted it, or
 * -1 with *msg: l has left or has no email, the mail settings are
 * missing, or the server refused.
 */
int remind_signin_link(struct store *st, const struct learner *l,
		       const char *base, int seconds, char **msg);

#endif
