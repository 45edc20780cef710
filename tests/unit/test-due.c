/*
 * test-due.c - the due-date rule of SPEC §4 as matrix_build works it out,
 * case by case, on a real SQLite file and the example pack, with the
 * clock set by VIGIL_NOW: a valid pass is up to date, due again on its
 * expiry (due soon from 14 days before); an expired pass is due on its
 * expiry; a module never passed is due the person's first day + the
 * assignment's days, or, with no first day known, the day it was
 * assigned to them (the later of the assignment and their joining the
 * group) + the days; the earliest of several assignments counts; a failed
 * retake does not hide a valid pass (cpd_load and cpd_failed_retake
 * say so for one module); leavers are never due; with no assignment at
 * all every module is assigned to everyone within 30 days; a group's
 * assignment does not apply to others.  Prints TAP; exits 1 if
 * any check failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "matrix.h"
#include "store-internal.h"
#include "store.h"
#include "util.h"
#include "tap.h"

static struct strv pack_dirs = STRV_INIT, plugin_dirs = STRV_INIT;

/* Sets the clock for what follows. */
static void now(const char *date)
{
	setenv("VIGIL_NOW", date, 1);
}

/* Prints and frees *msg when a call failed, so a failing check says why. */
static void say(char **msg)
{
	if (*msg)
		fprintf(stderr, "# %s\n", *msg);
	free(*msg);
	*msg = NULL;
}

/*
 * Adds a learner on the day the clock says, with a first day (start) and
 * groups (a ":"-separated list, or NULL); start "none" leaves the first
 * day unknown, as for a person added before the records kept it.
 * Returns the learner's id, or 0.
 */
static int64_t person(struct store *st, const char *ref, const char *start,
		      const char *groups)
{
	struct learner l = { 0 };
	char *msg = NULL, *sql;
	int64_t id = 0;

	l.ref = xstrdup(ref);
	l.name = xasprintf("Person %s", ref);
	if (strcmp(start, "none"))
		l.start = xstrdup(start);
	if (groups)
		strv_push_colon(&l.groups, groups);
	if (store_learner_add(st, &l, &msg) < 0) {
		say(&msg);
		goto out;
	}
	id = l.id;
	if (!strcmp(start, "none")) {
		sql = sqlite3_mprintf("UPDATE learners SET start = NULL "
				      "WHERE id = %lld", (long long)id);
		if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
			id = 0;
		sqlite3_free(sql);
	}
out:
	learner_clear(&l);
	return id;
}

/* Puts ref in the groups (":"-separated) from the day the clock says. */
static int join(struct store *st, const char *ref, const char *groups)
{
	struct learner l = { 0 };
	char *msg = NULL;
	int ret;

	strv_push_colon(&l.groups, groups);
	ret = store_learner_edit(st, ref, &l, LEARNER_GROUPS, &msg);
	say(&msg);
	learner_clear(&l);
	return ret;
}

/* Records one finished attempt at example/module on the day the clock
 * says, passed or not; a pass expires a year later (the pack's 365 days). */
static int attempt(struct store *st, int64_t learner_id, const char *module,
		   int passed)
{
	struct attempt a;
	char *msg = NULL;
	int ret = -1;

	memset(&a, 0, sizeof(a));
	a.learner_id = learner_id;
	a.pack = xstrdup("example");
	a.pack_title = xstrdup("Example");
	a.pack_version = xstrdup("1.2.0");
	a.pack_hash = xstrdup("h");
	a.module = xstrdup(module);
	a.module_title = xstrdup(module);
	a.seed = 1;
	if (store_attempt_begin(st, &a, &msg) < 0)
		goto out;
	a.max = 2;
	a.score = passed ? 2 : 0;
	a.percent = passed ? 100 : 0;
	a.pass_mark = 50;
	a.minutes = 10;
	a.status = passed ? ATTEMPT_PASSED : ATTEMPT_NOT_PASSED;
	ret = store_attempt_finish(st, &a, 365, &msg);
out:
	say(&msg);
	attempt_clear(&a);
	return ret;
}

/* Builds the matrix on the day the clock says. */
static int build(struct store *st, struct matrix *m)
{
	char *msg = NULL;
	int ret;

	matrix_free(m);
	ret = matrix_build(st, &pack_dirs, &plugin_dirs, NULL, NULL, m, &msg);
	say(&msg);
	return ret;
}

/* The due of ref with example/module, or NULL when either is missing. */
static const struct due *due_of(const struct matrix *m, const char *ref,
				const char *module)
{
	size_t li, mi;

	for (li = 0; li < m->nlearners; li++)
		if (!strcmp(m->learners[li].ref, ref))
			break;
	for (mi = 0; mi < matrix_columns(m); mi++)
		if (!strcmp(m->packs.v[mi], "example") &&
		    !strcmp(m->modules.v[mi], module))
			break;
	if (li == m->nlearners || mi == matrix_columns(m))
		return NULL;
	return matrix_due(m, li, mi);
}

/* Checks that ref stands in state s with example/module, due on date. */
static void is_due(const struct matrix *m, const char *ref,
		   const char *module, enum due_state s, const char *date,
		   const char *what)
{
	const struct due *d = due_of(m, ref, module);

	check(d && d->state == s && !strcmp(d->date, date), what);
	if (!d)
		fprintf(stderr, "# no cell for %s example/%s\n", ref, module);
	else if (d->state != s || strcmp(d->date, date))
		fprintf(stderr, "# %s example/%s: got %s '%s', want %s '%s'\n",
			ref, module, due_state_name(d->state), d->date,
			due_state_name(s), date);
}

/* With nothing assigned: every module, everyone, within 30 days. */
static void test_unassigned(struct store *st, struct matrix *m)
{
	int64_t valid, soon, expired, retake, today, leaver;

	now("2026-01-01");
	check(person(st, "NOSTART", "none", NULL) > 0,
	      "a person with no first day known, added on 2026-01-01");
	check(person(st, "NEW", "2026-02-01", NULL) > 0,
	      "a new starter whose first day is 2026-02-01");
	now("2025-01-01");
	valid = person(st, "VALID", "2025-01-01", NULL);
	soon = person(st, "SOON", "2025-01-01", NULL);
	expired = person(st, "EXPIRED", "2025-01-01", NULL);
	retake = person(st, "RETAKE", "2025-01-01", NULL);
	today = person(st, "TODAY", "2025-01-01", NULL);
	leaver = person(st, "LEAVER", "2025-01-01", NULL);
	check(valid && soon && expired && retake && today && leaver,
	      "people in post since 2025-01-01");
	now("2025-06-01");
	check(attempt(st, valid, "basics", 1) == 0 &&
	      attempt(st, retake, "basics", 1) == 0,
	      "passes on 2025-06-01, expiring on 2026-06-01");
	now("2025-03-10");
	check(attempt(st, soon, "basics", 1) == 0,
	      "a pass expiring on 2026-03-10");
	now("2025-01-10");
	check(attempt(st, expired, "basics", 1) == 0,
	      "a pass that expired on 2026-01-10");
	now("2025-03-01");
	check(attempt(st, today, "basics", 1) == 0,
	      "a pass that expires on 2026-03-01");
	now("2026-02-01");
	check(attempt(st, retake, "basics", 0) == 0,
	      "a failed retake on 2026-02-01");
	check(store_learner_leave(st, "LEAVER", "2026-02-01", NULL) == 1,
	      "a leaver");

	now("2026-03-01");
	check(build(st, m) == 0 && !strcmp(m->today, "2026-03-01"),
	      "the matrix on 2026-03-01");
	check(matrix_columns(m) == 2 && m->assigned[0] && m->assigned[1],
	      "with nothing assigned, every module is assigned");
	is_due(m, "VALID", "basics", DUE_DONE, "2026-06-01",
	       "a valid pass is up to date, due again on its expiry");
	is_due(m, "SOON", "basics", DUE_SOON, "2026-03-10",
	       "a pass expiring within 14 days is due soon, on its expiry");
	is_due(m, "EXPIRED", "basics", DUE_OVERDUE, "2026-01-10",
	       "an expired pass was due on its expiry, not start + 30");
	is_due(m, "TODAY", "basics", DUE_SOON, "2026-03-01",
	       "a pass expiring today is due today, not yet overdue");
	is_due(m, "RETAKE", "basics", DUE_DONE, "2026-06-01",
	       "a failed retake does not hide a valid pass");
	{
		struct cpd c;
		const char *date;
		char *msg = NULL;

		check(cpd_load(st, "RETAKE", "example", "basics", &c,
			       &msg) == 0, "cpd_load reads one module");
		say(&msg);
		check(cpd_resolve(&c, "2026-03-01", &date) == CPD_VALID &&
		      !strcmp(date, "2026-06-01") && c.last_id != c.pass_id,
		      "the pass is still valid after a later failure");
		check(cpd_failed_retake(&c), "which is a failed retake");
		check(cpd_load(st, "VALID", "example", "basics", &c,
			       &msg) == 0 && !cpd_failed_retake(&c),
		      "a pass alone is not");
		say(&msg);
		check(cpd_load(st, "RETAKE", "example", "short", &c,
			       &msg) == 0 && !c.last_id && !c.pass_id,
		      "another module's attempts are not folded");
		say(&msg);
	}
	is_due(m, "VALID", "short", DUE_OVERDUE, "2025-01-31",
	       "never taken: due on the first day + 30");
	is_due(m, "NEW", "basics", DUE_SOON, "2026-03-03",
	       "a new starter is due 30 days after their first day");
	is_due(m, "NOSTART", "basics", DUE_OVERDUE, "2026-01-31",
	       "with no first day, 30 days after they were added");
	is_due(m, "LEAVER", "basics", DUE_NONE, "",
	       "a leaver is not required to do anything");
	is_due(m, "LEAVER", "short", DUE_NONE, "", "on any module");

	now("2026-03-02");
	check(build(st, m) == 0, "the next day");
	is_due(m, "TODAY", "basics", DUE_OVERDUE, "2026-03-01",
	       "the pass that expired yesterday is overdue");
	now("2026-02-14");
	check(build(st, m) == 0, "on 2026-02-14");
	is_due(m, "SOON", "basics", DUE_DONE, "2026-03-10",
	       "24 days before its expiry, a pass is up to date");
	now("2026-02-24");
	check(build(st, m) == 0, "on 2026-02-24");
	is_due(m, "SOON", "basics", DUE_SOON, "2026-03-10",
	       "14 days before, it is due soon");
	now("2026-01-15");
	check(build(st, m) == 0, "on 2026-01-15");
	is_due(m, "NEW", "basics", DUE_LATER, "2026-03-03",
	       "before a new starter's first day, not yet due");
}

/* Assignments to groups and to everyone, and the earliest of them. */
static void test_assigned(struct store *st, struct matrix *m)
{
	char *msg = NULL;

	now("2026-01-20");
	check(person(st, "TEARLY", "none", "Teaching") > 0,
	      "a teacher with no first day, in the group since 2026-01-20");
	now("2026-02-01");
	check(store_assign(st, "example", "basics", "Teaching", 10, &msg) == 1,
	      "basics assigned to Teaching within 10 days on 2026-02-01");
	say(&msg);
	check(store_assign(st, "example", "basics", NULL, 60, &msg) == 1,
	      "and to everyone within 60");
	say(&msg);
	check(store_group_add(st, "Governors", &msg) == 1 &&
	      store_assign(st, "example", "short", "Governors", 20, &msg) == 1,
	      "short assigned to Governors only, within 20");
	say(&msg);
	now("2026-02-05");
	check(person(st, "TSTART", "2026-02-10", "Teaching") > 0,
	      "a teacher whose first day is 2026-02-10");
	now("2026-02-15");
	check(person(st, "TLATE", "none", NULL) > 0 &&
	      join(st, "TLATE", "Teaching") == 1,
	      "a teacher with no first day, in the group since 2026-02-15");
	now("2026-02-20");
	check(person(st, "GOV", "2026-02-20", "Governors") > 0,
	      "a governor from 2026-02-20");
	check(person(st, "OTHER", "2026-02-20", NULL) > 0,
	      "someone in no group from 2026-02-20");
	check(person(st, "LATECOMER", "none", NULL) > 0,
	      "someone with no first day, added on 2026-02-20");

	now("2026-03-01");
	check(build(st, m) == 0, "the matrix on 2026-03-01");
	check(m->assigned[0] && m->assigned[1], "both modules are assigned");
	is_due(m, "TSTART", "basics", DUE_OVERDUE, "2026-02-20",
	       "the earliest assignment counts: first day + 10, not + 60");
	is_due(m, "TEARLY", "basics", DUE_OVERDUE, "2026-02-11",
	       "no first day: 10 days from the assignment, made after they "
	       "joined the group");
	is_due(m, "TLATE", "basics", DUE_OVERDUE, "2026-02-25",
	       "no first day: 10 days from joining the group, made after the "
	       "assignment");
	is_due(m, "LATECOMER", "basics", DUE_LATER, "2026-04-21",
	       "no first day, added after the assignment to everyone: 60 "
	       "days from the day they were added");
	is_due(m, "OTHER", "basics", DUE_LATER, "2026-04-21",
	       "someone in no group has everyone's 60 days");
	is_due(m, "OTHER", "short", DUE_NONE, "",
	       "a group's assignment does not apply to others");
	is_due(m, "GOV", "short", DUE_SOON, "2026-03-12",
	       "but does to its members: first day + 20");
	is_due(m, "TSTART", "short", DUE_NONE, "",
	       "a module assigned to another group is not required");
	is_due(m, "NOSTART", "basics", DUE_LATER, "2026-04-02",
	       "no first day, no group: 60 days from the assignment to "
	       "everyone");
	is_due(m, "VALID", "basics", DUE_DONE, "2026-06-01",
	       "a valid pass of an assigned module is up to date");
	is_due(m, "EXPIRED", "basics", DUE_OVERDUE, "2026-01-10",
	       "an expired pass is due on its expiry whatever the days");
	is_due(m, "LEAVER", "basics", DUE_NONE, "",
	       "a leaver is never due, assigned or not");

	check(store_unassign(st, "example", "basics", NULL, &msg) == 1 &&
	      store_unassign(st, "example", "basics", "Teaching", &msg) == 1 &&
	      store_unassign(st, "example", "short", "Governors", &msg) == 1,
	      "every assignment removed");
	say(&msg);
	check(build(st, m) == 0 && m->assigned[0] && m->assigned[1],
	      "then every module is assigned to everyone again");
	is_due(m, "OTHER", "short", DUE_LATER, "2026-03-22",
	       "within 30 days of the first day");
}

int main(void)
{
	const char *srcdir = getenv("SRCDIR") ? getenv("SRCDIR") : ".";
	char dir[] = "/tmp/vigil-test-due.XXXXXX";
	struct matrix m = MATRIX_INIT;
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
		test_unassigned(st, &m);
		test_assigned(st, &m);
		store_close(st);
	}
	matrix_free(&m);
	strv_free(&pack_dirs);
	strv_free(&plugin_dirs);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
	free(db);
	return tap_done();
}
