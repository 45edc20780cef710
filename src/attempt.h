/*
 * attempt.h - taking a module: the one place that says how an attempt is
 * begun, carried on, answered, set aside and finished, for the terminal
 * (cmd-take.c) and the web's take pages (web-take.c) alike.
 *
 * An attempt is carried on by replaying its stored answers: a session
 * started with the attempt's seed and given those answers is the same
 * session (session.h), at the same step with the same shuffles.  An
 * attempt whose pack has changed since it began (its hash differs), or
 * whose answers no longer replay (plugins are not in the pack's hash), is
 * stale: it is kept in the records, marked abandoned, and a new attempt
 * begins.  Each answer is committed in a transaction of its own before
 * anything that follows it is shown (store_answer_add).
 *
 * The front ends give a loaded pack (the web's from packcache.h) and only
 * render; the web server keeps sessions between requests (keep, through
 * sessioncache.h), the terminal does not.
 */
#ifndef VIGIL_ATTEMPT_H
#define VIGIL_ATTEMPT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "pack.h"
#include "session.h"
#include "sessioncache.h"
#include "store.h"
#include "strv.h"

/* Why an attempt in progress cannot carry on. */
enum attempt_stale {
	ATTEMPT_FRESH,		/* it can */
	ATTEMPT_PACK_CHANGED,	/* the pack's hash differs from its own */
	ATTEMPT_NO_REPLAY	/* its answers no longer replay (why says) */
};

/* How attempt_open finds the learner's attempt. */
enum attempt_open {
	ATTEMPT_FIND,		/* the attempt in progress, not its session */
	ATTEMPT_RESUME,		/* and its session, every answer replayed */
	ATTEMPT_RESUME_BUT_LAST,/* all but the last: to give it again */
	ATTEMPT_CARRY_ON	/* resume it, or begin one (setting a stale
				   one aside), with its session */
};

/* One learner taking one module: what a front end gives, and what the
 * attempt layer finds or makes (freed with attempt_close). */
struct attempt_take {
	/* Given before attempt_open. */
	struct store *st;
	const struct pack *p;
	size_t mi;			/* the module's index in p */
	const struct strv *plugin_dirs;
	int64_t learner_id;
	int keep;			/* keep the session (sessioncache.h) */

	/* Filled by attempt_open and what follows. */
	struct attempt a;
	int found;			/* a was in progress when opened */
	enum attempt_stale stale;	/* why a cannot carry on */
	char *why;			/* the same in words, or NULL */
	struct attempt old;		/* the stale attempt set aside for a
					   new one (id 0 if none) */
	enum attempt_stale old_stale;	/* why old could not carry on */
	char *old_why;			/* the same in words */
	struct session *s;		/* a's session, or NULL */
	struct module *m;		/* what s steps (owned by s) */
	struct answer *ans;		/* a's stored answers when replayed */
	size_t nans;
	struct session_key key;		/* what s is of, for the cache */
	struct diags diags;		/* why the module did not load */
	int code_failed;		/* attempt_open's *msg is the pack
					   code's failure (FILE:LINE: ...) */
};

/*
 * Finds the learner's attempt in progress at t's module and, as how
 * says, rebuilds its session or begins a new attempt.  Returns 0 (t->found
 * saying whether there was one; t->s the session, or t->stale why not);
 * -1 with *msg (and t->diags when the module did not load).
 */
int attempt_open(struct attempt_take *t, enum attempt_open how, char **msg);

/*
 * Rebuilds the session of attempt a (of t's module) from its stored
 * answers: all of them, or all but the last.  Returns 0; 1 when a cannot
 * carry on (t->stale and t->why say why); -1 with *msg.
 */
int attempt_replay(struct attempt_take *t, const struct attempt *a,
		   int all_but_last, char **msg);

/* Records a new attempt of t's module by t's learner, with a random seed,
 * in t->a (no session yet). */
int attempt_begin(struct attempt_take *t, char **msg);

/*
 * Begins a new attempt (t->a, without its session) unless t holds one in
 * progress that can carry on: one found and not stale (ATTEMPT_FIND does
 * not look, so one found then is taken to carry on).  A stale one is set
 * aside first (abandoned, kept in t->old).  Returns 1 when it began one,
 * 0 when there was no need, -1 with *msg.
 */
int attempt_begin_unless(struct attempt_take *t, char **msg);

/* Marks t's attempt abandoned: kept in the records, never carried on. */
int attempt_abandon(struct attempt_take *t, char **msg);

/* Commits the answer t's session has just taken, before anything that
 * follows it is shown. */
int attempt_answer(struct attempt_take *t, char **msg);

/* Records the result of t's attempt, whose session has reached the end
 * view v: score, CPD minutes, expiry and certificate. */
int attempt_finish(struct attempt_take *t, const struct view *v, char **msg);

/*
 * Nonzero when the records have moved past what t replayed: another
 * request (a second click) stored an answer or finished the attempt.
 */
int attempt_overtaken(const struct attempt_take *t);

/* Frees what t holds; a kept session goes back to the cache. */
void attempt_close(struct attempt_take *t);

#endif
