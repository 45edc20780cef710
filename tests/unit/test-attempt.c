/*
 * test-attempt.c - the rules of attempt.c on a real database and a real
 * pack: an attempt begins, each answer is committed as it is given, the
 * attempt is carried on at the same step after the database is opened
 * again, one whose pack has changed is set aside (abandoned, kept) for a
 * new one, at once or (as the web does) when a new one is asked for, and
 * a finished attempt is recorded with its result.
 * Prints TAP ("ok N - what"); exits 1 if any check failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attempt.h"
#include "pack.h"
#include "session.h"
#include "store.h"
#include "util.h"
#include "tap.h"

#define MODULE	1	/* the example pack's "short" module */

static struct strv plugins = STRV_INIT;

/* The pack in dir, or NULL after printing why. */
static struct pack *load_pack(const char *dir)
{
	struct diags d = DIAGS_INIT;
	struct pack *p = pack_load(dir, &plugins, &d);

	diag_print(&d, stderr);
	if (p && d.errors) {
		pack_free(p);
		p = NULL;
	}
	diag_free(&d);
	return p;
}

/* Opens the learner's attempt at the module as how says. */
static int opened(struct attempt_take *t, struct store *st,
		  const struct pack *p, int64_t learner, enum attempt_open how)
{
	char *msg = NULL;
	int rc;

	memset(t, 0, sizeof(*t));
	t->st = st;
	t->p = p;
	t->mi = MODULE;
	t->plugin_dirs = &plugins;
	t->learner_id = learner;
	rc = attempt_open(t, how, &msg);
	if (rc < 0)
		printf("# %s\n", msg);
	free(msg);
	return rc;
}

/* Opens the learner's attempt at the module as `vigil take` does. */
static int carry_on(struct attempt_take *t, struct store *st,
		    const struct pack *p, int64_t learner)
{
	return opened(t, st, p, learner, ATTEMPT_CARRY_ON);
}

/* An input line the view takes: the first option, every option in the
 * order shown, or a few words. */
static const char *input_for(const struct view *v, char *buf, size_t len)
{
	size_t i, at = 0;

	switch (v->kind) {
	case VIEW_ONE:
	case VIEW_MANY:
		return "1";
	case VIEW_ORDER:
		buf[0] = '\0';
		for (i = 1; i <= v->noptions && at + 24 < len; i++)
			at += (size_t)snprintf(buf + at, len - at, "%s%zu",
					       i > 1 ? "," : "", i);
		return buf;
	case VIEW_TEXT:
		return "I would tell the DSL straight away";
	default:
		return "";
	}
}

/* Gives the session the answer its view takes and commits it. */
static int answer_one(struct attempt_take *t)
{
	struct feedback fb;
	char buf[256], *msg = NULL;
	int rc = -1;

	if (session_answer(t->s, input_for(session_view(t->s), buf,
					   sizeof(buf)), &fb, &msg) ==
	    ANSWER_OK) {
		feedback_clear(&fb);
		rc = attempt_answer(t, &msg);
	}
	if (rc < 0)
		printf("# %s\n", msg);
	free(msg);
	return rc;
}

/* How many answers the records hold for attempt id. */
static size_t stored(struct store *st, int64_t id)
{
	struct answer *ans = NULL;
	char *msg = NULL;
	size_t n = 0;

	if (store_answers(st, id, &ans, &n, &msg) < 0)
		printf("# %s\n", msg);
	answers_free(ans, n);
	free(msg);
	return n;
}

/* The status the records give attempt id. */
static int status_of(struct store *st, int64_t id)
{
	struct attempt a = { 0 };
	char *msg = NULL;
	int s = -1;

	if (store_attempt_get(st, id, &a, &msg) == 1)
		s = (int)a.status;
	attempt_clear(&a);
	free(msg);
	return s;
}

int main(void)
{
	const char *srcdir = getenv("SRCDIR") ? getenv("SRCDIR") : ".";
	char dir[] = "/tmp/vigil-test-attempt.XXXXXX";
	struct attempt_take t;
	struct learner l = { 0 };
	struct store *st = NULL;
	struct pack *p;
	const struct view *v;
	char *db, *packdir, *cmd, *msg = NULL, *step;
	int64_t first, second, third;
	int i;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	cmd = xasprintf("%s/plugins", srcdir);
	strv_push(&plugins, cmd);
	free(cmd);
	db = xasprintf("%s/vigil.db", dir);
	packdir = xasprintf("%s/example", dir);
	cmd = xasprintf("cp -R '%s/tests/packs/example' '%s'", srcdir, dir);
	check(system(cmd) == 0, "a copy of the example pack");
	free(cmd);
	p = load_pack(packdir);
	check(p != NULL, "which loads");
	if (!p)
		return tap_done();
	check(store_open(db, &st, &msg) == 0, "a new database");
	l.ref = xstrdup("T1");
	l.name = xstrdup("Ann Example");
	check(store_learner_add(st, &l, &msg) == 0, "a learner");

	/* Begin, and answer the first step. */
	check(carry_on(&t, st, p, l.id) == 0, "open begins an attempt");
	first = t.a.id;
	check(!t.found && first > 0 && t.s && !t.old.id,
	      "a new one, with its session, none set aside");
	check(status_of(st, first) == ATTEMPT_IN_PROGRESS,
	      "recorded as in progress");
	check(answer_one(&t) == 0, "an answer is taken and committed");
	check(stored(st, first) == 1, "the records hold it");
	step = xstrdup(session_view(t.s)->step_id);
	attempt_close(&t);
	store_close(st);

	/* Carry on after the database is opened again. */
	st = NULL;
	check(store_open(db, &st, &msg) == 0, "the database opened again");
	check(carry_on(&t, st, p, l.id) == 0, "open again");
	check(t.found && t.a.id == first && t.nans == 1,
	      "carries on the same attempt, its answer replayed");
	check(t.s && !strcmp(session_view(t.s)->step_id, step),
	      "at the step it had reached");
	free(step);
	check(answer_one(&t) == 0 && stored(st, first) == 2,
	      "a second answer is committed");
	attempt_close(&t);

	/* The pack changes: the attempt is set aside for a new one. */
	cmd = xasprintf("echo '-- changed' >> '%s/short.lua'", packdir);
	check(system(cmd) == 0, "the module's file changes");
	free(cmd);
	pack_free(p);
	p = load_pack(packdir);
	check(p != NULL, "the changed pack loads");
	if (!p)
		return tap_done();
	check(carry_on(&t, st, p, l.id) == 0, "open after the change");
	second = t.a.id;
	check(t.old.id == first && t.old_stale == ATTEMPT_PACK_CHANGED,
	      "sets the old attempt aside: the pack has changed");
	check(!t.found && second > first && t.s,
	      "and begins a new one with its session");
	check(status_of(st, first) == ATTEMPT_ABANDONED &&
	      stored(st, first) == 2,
	      "the old one is kept, abandoned, with its answers");
	check(!strcmp(t.a.pack_hash, p->hash), "the new one has the new hash");

	/* Finish. */
	for (i = 0; i < 100 && session_view(t.s)->kind != VIEW_END; i++)
		if (answer_one(&t) < 0)
			break;
	v = session_view(t.s);
	check(v->kind == VIEW_END, "every step answered");
	check(attempt_finish(&t, v, &msg) == 0, "finish records the result");
	check(status_of(st, second) == (v->passed ? ATTEMPT_PASSED :
					ATTEMPT_NOT_PASSED),
	      "the records say passed or not as the session did");
	check(v->passed ? t.a.minutes == 10 && t.a.certificate :
	      t.a.minutes == 0 && !t.a.certificate,
	      "with the CPD minutes and certificate a pass earns");
	attempt_close(&t);
	check(carry_on(&t, st, p, l.id) == 0 && !t.found &&
	      t.a.id > second, "a finished attempt is not carried on");
	third = t.a.id;
	attempt_close(&t);

	/* The web's way: look first, begin only when asked. */
	check(opened(&t, st, p, l.id, ATTEMPT_FIND) == 0 && t.found &&
	      t.a.id == third && !t.s, "find gives the attempt, no session");
	check(attempt_begin_unless(&t, &msg) == 0 && t.a.id == third,
	      "begin does nothing while one is in progress");
	attempt_close(&t);
	cmd = xasprintf("echo '-- changed again' >> '%s/short.lua'", packdir);
	check(system(cmd) == 0, "the module's file changes again");
	free(cmd);
	pack_free(p);
	p = load_pack(packdir);
	check(p != NULL, "and loads");
	if (!p)
		return tap_done();
	check(opened(&t, st, p, l.id, ATTEMPT_RESUME) == 0 && t.found &&
	      t.stale == ATTEMPT_PACK_CHANGED && !t.s,
	      "resume says the attempt is stale, and begins nothing");
	check(status_of(st, third) == ATTEMPT_IN_PROGRESS,
	      "it stays in progress until a new one is asked for");
	check(attempt_begin_unless(&t, &msg) == 1 && t.old.id == third &&
	      t.a.id > third, "then it is set aside for a new one");
	check(status_of(st, third) == ATTEMPT_ABANDONED, "kept, abandoned");
	attempt_close(&t);

	store_close(st);
	learner_clear(&l);
	pack_free(p);
	strv_free(&plugins);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
	free(db);
	free(packdir);
	free(msg);
	return tap_done();
}
