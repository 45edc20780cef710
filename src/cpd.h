/*
 * cpd.h - where a learner stands with one module: done and valid, or why
 * not (never taken, in progress, not passed, expired).
 *
 * A school expects every learner to hold a valid pass of every module of
 * every installed pack.  cpd_fold() takes a learner's attempts at one
 * module, oldest first; cpd_resolve() says where that leaves them today.
 * Both the records command and the web pages use this one rule.
 */
#ifndef VIGIL_CPD_H
#define VIGIL_CPD_H

#include <stdint.h>

#include "util.h"

struct attempt;

enum cpd_state {
	CPD_VALID,		/* passed, and not expired */
	CPD_NEVER,		/* never taken */
	CPD_IN_PROGRESS,	/* begun, not finished */
	CPD_NOT_PASSED,		/* finished without passing */
	CPD_EXPIRED		/* passed, but the pass has expired */
};

/* What the attempts at one module add up to; zero it before folding. */
struct cpd {
	/* the newest pass */
	int64_t pass_id;
	char pass_ended[TIME_LEN], pass_expires[DATE_LEN];	/* "" never */
	/* the newest attempt in progress, and its share done (percent;
	 * cpd_fold_attempt only: a brief does not carry it) */
	int64_t open_id;
	char open_started[TIME_LEN];
	int open_progress;
	/* the newest finished attempt */
	int64_t last_id;
	int last_passed;
	char last_ended[TIME_LEN];
};

struct attempt_brief;
/* Adds one attempt (attempts must come oldest first). */
void cpd_fold(struct cpd *c, const struct attempt_brief *a);
/* The same for a whole attempt record. */
void cpd_fold_attempt(struct cpd *c, const struct attempt *a);

/*
 * Where the learner stands on date today ("YYYY-MM-DD").  *date is the date
 * that goes with the state: valid until (or "" if it never expires), in
 * progress since, not passed on, expired on; "" when never taken.
 */
enum cpd_state cpd_resolve(const struct cpd *c, const char *today,
			   const char **date);

struct store;
/*
 * Folds the learner ref's attempts at pack/module into c (zeroed first):
 * where they stand with that one module, for the page before an attempt
 * and `vigil take`.  Returns 0, or -1 with *msg (malloc'd).
 */
int cpd_load(struct store *st, const char *ref, const char *pack,
	     const char *module, struct cpd *c, char **msg);

/*
 * Nonzero when the newest finished attempt failed after the pass that
 * cpd_resolve finds valid: a retake that did not pass, which never hides
 * that pass (SPEC §4).
 */
int cpd_failed_retake(const struct cpd *c);

/* "valid", "never taken", "in progress", "not passed", "expired". */
const char *cpd_state_name(enum cpd_state s);

#endif
