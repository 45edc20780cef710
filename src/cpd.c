/* cpd.c - a learner's standing with one module (cpd.h). */
#include "config.h"

#include <string.h>

#include "cpd.h"
#include "store.h"

/* Copies src (NULL: "") into dst of size bytes, cut short if it must be;
 * by hand, as it runs for every attempt of the school (matrix.c). */
static void copy(char *dst, size_t size, const char *src)
{
	size_t n = src ? strnlen(src, size - 1) : 0;

	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

void cpd_fold_attempt(struct cpd *c, const struct attempt *a)
{
	struct attempt_brief b = {
		a->id, a->learner_id, a->pack, a->module, a->status,
		a->started, a->ended, a->expires
	};

	cpd_fold(c, &b);
	if (a->status == ATTEMPT_IN_PROGRESS)
		c->open_progress = a->progress;
}

struct one_module {
	const char *module;
	struct cpd *c;
};

/* store_attempts callback: folds an attempt at the one module. */
static int fold_one(void *ctx, const struct attempt *a)
{
	struct one_module *om = ctx;

	if (!strcmp(a->module, om->module))
		cpd_fold_attempt(om->c, a);
	return 0;
}

int cpd_load(struct store *st, const char *ref, const char *pack,
	     const char *module, struct cpd *c, char **msg)
{
	struct attempt_filter f = { 0 };
	struct one_module om = { module, c };

	memset(c, 0, sizeof(*c));
	f.learner = ref;
	f.pack = pack;
	return store_attempts(st, &f, fold_one, &om, msg);
}

int cpd_failed_retake(const struct cpd *c)
{
	return c->pass_id && c->last_id && c->last_id != c->pass_id &&
	       !c->last_passed;
}

void cpd_fold(struct cpd *c, const struct attempt_brief *a)
{
	switch (a->status) {
	case ATTEMPT_PASSED:
		c->pass_id = a->id;
		copy(c->pass_ended, sizeof(c->pass_ended), a->ended);
		copy(c->pass_expires, sizeof(c->pass_expires), a->expires);
		/* fall through */
	case ATTEMPT_NOT_PASSED:
		c->last_id = a->id;
		c->last_passed = a->status == ATTEMPT_PASSED;
		copy(c->last_ended, sizeof(c->last_ended), a->ended);
		break;
	case ATTEMPT_IN_PROGRESS:
		c->open_id = a->id;
		copy(c->open_started, sizeof(c->open_started), a->started);
		break;
	case ATTEMPT_ABANDONED:
		break;
	}
}

/*
 * A valid pass wins; then an attempt in progress (the learner is on it);
 * then the newest finished attempt says whether the last pass expired or
 * the last try did not pass.  A pass is valid up to the day before its
 * expiry date: on that date it has expired.
 */
enum cpd_state cpd_resolve(const struct cpd *c, const char *today,
			   const char **date)
{
	if (c->pass_id && (!c->pass_expires[0] ||
			   strcmp(today, c->pass_expires) < 0)) {
		*date = c->pass_expires;
		return CPD_VALID;
	}
	if (c->open_id) {
		*date = c->open_started;
		return CPD_IN_PROGRESS;
	}
	if (c->last_id && c->last_passed) {
		*date = c->pass_expires;
		return CPD_EXPIRED;
	}
	if (c->last_id) {
		*date = c->last_ended;
		return CPD_NOT_PASSED;
	}
	*date = "";
	return CPD_NEVER;
}

const char *cpd_state_name(enum cpd_state s)
{
	static const char *const names[] = {
		[CPD_VALID] = "valid",
		[CPD_NEVER] = "never taken",
		[CPD_IN_PROGRESS] = "in progress",
		[CPD_NOT_PASSED] = "not passed",
		[CPD_EXPIRED] = "expired",
	};

	return names[s];
}
