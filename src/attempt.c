/*
 * attempt.c - taking a module: begin, carry on, answer, set aside and
 * finish an attempt, for every front end (attempt.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "attempt.h"
#include "util.h"

/* Loads t's module into a fresh sandbox, keeping what went wrong in
 * t->diags for a front end that shows it. */
static struct module *load_module(struct attempt_take *t, char **msg)
{
	struct module *m;

	diag_free(&t->diags);
	m = module_load(t->p, t->mi, t->plugin_dirs, &t->diags);
	if (!m)
		*msg = xasprintf("module '%s' of pack '%s' does not load",
				 t->p->modules[t->mi].id, t->p->id);
	return m;
}

int attempt_replay(struct attempt_take *t, const struct attempt *a,
		   int all_but_last, char **msg)
{
	size_t n;

	if (strcmp(a->pack_hash, t->p->hash)) {
		t->stale = ATTEMPT_PACK_CHANGED;
		t->why = xstrdup("the pack has changed");
		return 1;
	}
	if (store_answers(t->st, a->id, &t->ans, &t->nans, msg) < 0)
		return -1;
	n = all_but_last && t->nans ? t->nans - 1 : t->nans;
	t->key.attempt = a->id;
	t->key.seed = a->seed;
	t->key.pack_hash = t->p->hash;
	t->s = t->keep ? session_cache_take(&t->key, t->ans, n) : NULL;
	if (t->s) {
		t->m = session_module(t->s);
		return 0;
	}
	t->m = load_module(t, msg);
	if (!t->m)
		return -1;
	/* Plugins are not in the pack's hash; they may have changed. */
	t->s = session_replay(t->m, a->seed, t->ans, n, &t->why);
	t->m = t->s ? t->m : NULL;
	if (!t->s && !n) {
		/* The module fails before any answer: a new attempt would
		 * fail the same way. */
		*msg = t->why;
		t->why = NULL;
		t->code_failed = 1;
		return -1;
	}
	if (!t->s)
		t->stale = ATTEMPT_NO_REPLAY;
	return t->s ? 0 : 1;
}

int attempt_begin(struct attempt_take *t, char **msg)
{
	const struct pack *p = t->p;
	const struct pack_module *pm = &p->modules[t->mi];

	attempt_clear(&t->a);
	memset(&t->a, 0, sizeof(t->a));
	t->a.learner_id = t->learner_id;
	t->a.pack = xstrdup(p->id);
	t->a.pack_title = xstrdup(p->title);
	t->a.pack_version = xstrdup(p->version);
	t->a.pack_hash = xstrdup(p->hash);
	t->a.pack_language = p->language ? xstrdup(p->language) : NULL;
	t->a.module = xstrdup(pm->id);
	t->a.module_title = xstrdup(pm->title ? pm->title : pm->id);
	randombytes_buf(&t->a.seed, sizeof(t->a.seed));
	return store_attempt_begin(t->st, &t->a, msg);
}

int attempt_abandon(struct attempt_take *t, char **msg)
{
	return store_attempt_abandon(t->st, t->a.id, msg);
}

/* Begins a new attempt and its session; the module is loaded first, so
 * that one that does not load leaves no attempt behind. */
static int start(struct attempt_take *t, char **msg)
{
	struct module *m = load_module(t, msg);

	if (!m)
		return -1;
	if (attempt_begin(t, msg) < 0) {
		module_free(m);
		return -1;
	}
	t->s = session_start(m, t->a.seed, msg);
	if (!t->s) {
		t->code_failed = 1;
		return -1;
	}
	t->m = m;
	t->key.attempt = t->a.id;
	t->key.seed = t->a.seed;
	t->key.pack_hash = t->p->hash;
	return 0;
}

/* Sets t's stale attempt aside (abandoned, kept in t->old) so that a new
 * one can begin. */
static int set_aside(struct attempt_take *t, char **msg)
{
	if (attempt_abandon(t, msg) < 0)
		return -1;
	t->old = t->a;
	memset(&t->a, 0, sizeof(t->a));
	t->old_stale = t->stale;
	t->old_why = t->why;
	t->stale = ATTEMPT_FRESH;
	t->why = NULL;
	t->found = 0;
	answers_free(t->ans, t->nans);
	t->ans = NULL;
	t->nans = 0;
	return 0;
}

int attempt_begin_unless(struct attempt_take *t, char **msg)
{
	if (t->found && !t->stale)
		return 0;
	if (t->found && set_aside(t, msg) < 0)
		return -1;
	return attempt_begin(t, msg) < 0 ? -1 : 1;
}

int attempt_open(struct attempt_take *t, enum attempt_open how, char **msg)
{
	int rc;

	rc = store_attempt_current(t->st, t->learner_id, t->p->id,
				   t->p->modules[t->mi].id, &t->a, msg);
	if (rc < 0)
		return -1;
	t->found = rc;
	if (how == ATTEMPT_FIND || (!t->found && how != ATTEMPT_CARRY_ON))
		return 0;
	if (!t->found)
		return start(t, msg);
	rc = attempt_replay(t, &t->a, how == ATTEMPT_RESUME_BUT_LAST, msg);
	if (rc < 0)
		return -1;
	if (!t->s && !t->why)
		abort();	/* attempt_replay gives a session or says why */
	if (rc == 0 || how != ATTEMPT_CARRY_ON)
		return 0;
	if (set_aside(t, msg) < 0)
		return -1;
	return start(t, msg);
}

int attempt_answer(struct attempt_take *t, char **msg)
{
	size_t n;
	const struct answer *ans = session_answers(t->s, &n);

	if (!n)
		abort();	/* called only after the session took one */
	return store_answer_add(t->st, t->a.id, n - 1, &ans[n - 1], msg);
}

int attempt_finish(struct attempt_take *t, const struct view *v, char **msg)
{
	t->a.status = v->passed ? ATTEMPT_PASSED : ATTEMPT_NOT_PASSED;
	t->a.score = v->score;
	t->a.max = v->max;
	t->a.percent = v->percent;
	t->a.pass_mark = v->pass_mark;
	t->a.minutes = t->m->minutes;
	return store_attempt_finish(t->st, &t->a, t->p->renew_after_days,
				    msg);
}

int attempt_overtaken(const struct attempt_take *t)
{
	struct attempt a = { 0 };
	struct answer *ans = NULL;
	char *msg = NULL;
	size_t n = 0;
	int moved = 0;

	if (store_attempt_get(t->st, t->a.id, &a, &msg) == 1)
		moved = a.status != ATTEMPT_IN_PROGRESS;
	free(msg);
	msg = NULL;
	if (!moved && store_answers(t->st, t->a.id, &ans, &n, &msg) == 0)
		moved = n > t->nans;
	answers_free(ans, n);
	attempt_clear(&a);
	free(msg);
	return moved;
}

void attempt_close(struct attempt_take *t)
{
	if (t->s && t->keep)
		session_cache_give(&t->key, t->s);
	else
		session_free(t->s);
	t->s = NULL;
	t->m = NULL;
	answers_free(t->ans, t->nans);
	t->ans = NULL;
	t->nans = 0;
	attempt_clear(&t->a);
	attempt_clear(&t->old);
	free(t->why);
	free(t->old_why);
	t->why = t->old_why = NULL;
	diag_free(&t->diags);
}
