/*
 * test-remind.c - who would be reminded now, and why (remind.h), on a real
 * SQLite file and the example pack, with the clock set by VIGIL_NOW: a
 * person behind with an email is sent one now, overdue modules first; one
 * reminded within remind_every_days is not, until that many days have
 * passed; one without an email is named but not sent; leavers and people
 * up to date are not in the list; a reminder the server refused does not
 * count; and a person another run reminded after the plan was made is
 * left out of this run's sending.  Prints TAP; exits 1 if any check
 * failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remind.h"
#include "store.h"
#include "util.h"
#include "tap.h"

static struct strv pack_dirs = STRV_INIT, plugin_dirs = STRV_INIT;

static void say(char **msg)
{
	if (*msg)
		fprintf(stderr, "# %s\n", *msg);
	free(*msg);
	*msg = NULL;
}

/* Adds a person in post since start, with an email when email is set. */
static int64_t person(struct store *st, const char *ref, const char *start,
		      const char *email)
{
	struct learner l = { 0 };
	char *msg = NULL;
	int64_t id = 0;

	l.ref = xstrdup(ref);
	l.name = xasprintf("Person %s", ref);
	l.start = xstrdup(start);
	l.email = email ? xstrdup(email) : NULL;
	if (store_learner_add(st, &l, &msg) == 0)
		id = l.id;
	say(&msg);
	learner_clear(&l);
	return id;
}

/* The plan as of date (VIGIL_NOW). */
static int plan_on(struct store *st, const char *date, struct remind_plan *p)
{
	char *msg = NULL;
	int ret;

	setenv("VIGIL_NOW", date, 1);
	remind_plan_free(p);
	ret = remind_plan_build(st, &pack_dirs, &plugin_dirs, p, &msg);
	say(&msg);
	return ret;
}

/* The person ref in the plan, or NULL. */
static const struct remind_person *find(const struct remind_plan *p,
					const char *ref)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->people[i].ref, ref))
			return &p->people[i];
	return NULL;
}

static void test_plan(struct store *st)
{
	struct remind_plan p = REMIND_PLAN_INIT;
	const struct remind_person *rp;
	char *msg = NULL, last[TIME_LEN];
	struct remind_result res;
	int64_t a, b, c;

	setenv("VIGIL_NOW", "2026-09-01", 1);
	a = person(st, "A", "2026-09-01", "a@school.example");
	b = person(st, "B", "2026-11-20", "b@school.example");
	c = person(st, "C", "2026-09-01", NULL);
	person(st, "D", "2026-09-01", "d@school.example");
	check(a && b && c, "four people join");
	check(store_learner_leave(st, "D", "2026-10-01", &msg) == 1,
	      "one of them leaves");
	say(&msg);

	/* With no assignment, every module is due within 30 days of the
	 * first day: A and C on 1 October, B on 20 December. */
	check(plan_on(st, "2026-12-07", &p) == 0, "the plan on 7 December");
	check(p.n == 3 && p.now == 2, "three behind, two sent one now");
	check(p.every_days == 7, "reminded every 7 days unless set");
	rp = find(&p, "A");
	check(rp && rp->why == REMIND_NOW && rp->nmods > 0 &&
	      rp->mods[0].due.state == DUE_OVERDUE &&
	      !strcmp(rp->mods[0].due.date, "2026-10-01"),
	      "A is overdue since 1 October, and sent one now");
	rp = find(&p, "B");
	check(rp && rp->why == REMIND_NOW &&
	      rp->mods[0].due.state == DUE_SOON &&
	      !strcmp(rp->mods[0].due.date, "2026-12-20"),
	      "B is due soon, on 20 December, and sent one now");
	rp = find(&p, "C");
	check(rp && rp->why == REMIND_NO_EMAIL && !rp->email,
	      "C is behind with no email: named, not sent");
	check(!find(&p, "D"), "the leaver is not in the list");
	check(p.people[0].why == REMIND_NOW && p.people[1].why == REMIND_NOW,
	      "those sent one now come first");

	/* A's reminder accepted today: not again until 14 December. */
	check(store_mail_log_add(st, a, "reminder", "a@school.example",
				 "1 overdue", NULL, &msg) == 0,
	      "a reminder to A is logged as accepted");
	say(&msg);
	check(plan_on(st, "2026-12-07T18:00:00Z", &p) == 0 &&
	      (rp = find(&p, "A")) && rp->why == REMIND_RECENT &&
	      !strcmp(rp->next, "2026-12-14") && p.now == 1,
	      "later the same day A is not sent another, next on 14 December");
	check(plan_on(st, "2026-12-13", &p) == 0 && (rp = find(&p, "A")) &&
	      rp->why == REMIND_RECENT, "nor on 13 December");
	check(plan_on(st, "2026-12-14", &p) == 0 && (rp = find(&p, "A")) &&
	      rp->why == REMIND_NOW && !strncmp(rp->last, "2026-12-07", 10),
	      "on 14 December A is sent one again");
	check(store_setting_set(st, "remind_every_days", "10", 0, &msg) == 0,
	      "remind_every_days set to 10");
	say(&msg);
	check(plan_on(st, "2026-12-14", &p) == 0 && (rp = find(&p, "A")) &&
	      rp->why == REMIND_RECENT && !strcmp(rp->next, "2026-12-17"),
	      "then A's next is on 17 December");

	/* A refused send is no reminder: B is still sent one. */
	setenv("VIGIL_NOW", "2026-12-08", 1);
	check(store_mail_log_add(st, b, "reminder", "b@school.example",
				 "1 due soon", "451 try again later",
				 &msg) == 0, "a refused reminder to B is logged");
	say(&msg);
	check(plan_on(st, "2026-12-09", &p) == 0 && (rp = find(&p, "B")) &&
	      rp->why == REMIND_NOW && !*rp->last,
	      "B is still sent one: a refusal does not count");

	/* Another run reminds A after this run's plan was made: this run
	 * leaves A out.  The mail server here cannot be reached, so B's
	 * send fails at once and is logged failed. */
	check(plan_on(st, "2026-12-20", &p) == 0 && (rp = find(&p, "A")) &&
	      rp->why == REMIND_NOW, "on 20 December A is due a reminder");
	setenv("VIGIL_NOW", "2026-12-20T10:00:00Z", 1);
	check(store_mail_log_add(st, a, "reminder", "a@school.example",
				 "1 overdue", NULL, &msg) == 0,
	      "another run reminds A meanwhile");
	say(&msg);
	check(store_setting_set(st, "smtp_url", "smtp://127.0.0.1:1", 0,
				&msg) == 0 &&
	      store_setting_set(st, "mail_from", "dsl@school.example", 0,
				&msg) == 0, "a mail server nobody answers at");
	say(&msg);
	check(remind_send(st, &p, "https://training.school.example", NULL,
			  NULL, &res, &msg) == 0, "this run sends");
	say(&msg);
	check(res.sent == 0 && res.failed == 1,
	      "to B alone, who fails: A was left out");
	check(store_reminded_last(st, a, last, &msg) == 1 &&
	      !strcmp(last, "2026-12-20T10:00:00Z"),
	      "A's last reminder is still the other run's");
	say(&msg);
	remind_plan_free(&p);
}

int main(void)
{
	const char *srcdir = getenv("SRCDIR") ? getenv("SRCDIR") : ".";
	char dir[] = "/tmp/vigil-test-remind.XXXXXX";
	struct store *st = NULL;
	char *db, *cmd, *msg = NULL;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	cmd = xasprintf("%s/plugins", srcdir);
	strv_push(&plugin_dirs, cmd);
	free(cmd);
	cmd = xasprintf("%s/packs", dir);
	strv_push(&pack_dirs, cmd);
	free(cmd);
	cmd = xasprintf("mkdir '%s/packs' && cp -R '%s/tests/packs/example' "
			"'%s/packs/'", dir, srcdir, dir);
	check(system(cmd) == 0, "the example pack, alone in a folder");
	free(cmd);
	db = xasprintf("%s/vigil.db", dir);
	check(store_open(db, &st, &msg) == 0, "a new records database");
	say(&msg);
	if (st) {
		test_plan(st);
		store_close(st);
	}
	strv_free(&pack_dirs);
	strv_free(&plugin_dirs);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
	free(db);
	return tap_done();
}
