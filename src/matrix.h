/*
 * matrix.h - where every learner stands with every module a school
 * expects: the completion matrix that `vigil records --overdue` and the
 * DSL's web pages both read, so that the terminal and the browser always
 * give the same answer.
 *
 * The columns are every module of every installed pack; the rows every
 * person on the roster, leavers included (their records stay).  Who must
 * do which module by when comes from the assignments (matrix_due).  A pack
 * that loads with errors cannot be taken, so its modules are not counted;
 * matrix_build() lists such packs in m->broken for the front ends to warn
 * about.
 */
#ifndef VIGIL_MATRIX_H
#define VIGIL_MATRIX_H

#include <stddef.h>

#include "cpd.h"
#include "store.h"
#include "strv.h"

/*
 * Where a person stands with a module they must do (SPEC §4, "Due"):
 * done while a pass is valid; otherwise due on the expiry of the last
 * pass, else their first day in post + the days the assignment gives,
 * else the day it was assigned to them + those days.  Overdue once that
 * day has passed; due soon from DUE_SOON_DAYS before it.
 */
#define DUE_SOON_DAYS	14
enum due_state {
	DUE_NONE,	/* not assigned to them, or they have left */
	DUE_DONE,	/* up to date: a valid pass, not due soon */
	DUE_SOON,	/* due within DUE_SOON_DAYS (today included) */
	DUE_OVERDUE,	/* the due day has passed */
	DUE_LATER	/* not yet due, and not soon */
};
#define DUE_STATES	5
struct due {
	enum due_state state;
	char date[DATE_LEN];	/* the due date; "" never (a pass that
				   does not expire) or not assigned */
};

struct matrix {
	/* The columns, one per expected module, in pack then module order
	 * (parallel lists).  The titles are for people to read: with the
	 * school's words in (words_title), as the settings were when the
	 * matrix was built.  A title is "" when the module did not load. */
	struct strv packs, modules, pack_titles, module_titles;
	/* The rows, by ref. */
	struct learner *learners;
	size_t nlearners;
	/* learners × modules, row by row: the attempts folded by cpd_fold. */
	struct cpd *cells;
	/* Packs left out for their errors: their ids and folders. */
	struct strv broken, broken_dirs;
	/* learners × modules: due dates on m->today (matrix_build). */
	struct due *dues;
	char today[DATE_LEN];
	/* Per column: assigned to anyone (explicitly, or by the rule that a
	 * school with no assignments assigns everything to everyone). */
	unsigned char *assigned;
	/* The groups, by name, and each learner's (ids, as group_ids). */
	struct group_info *groups;
	size_t ngroups;
};

#define MATRIX_INIT { STRV_INIT, STRV_INIT, STRV_INIT, STRV_INIT, NULL, \
		      0, NULL, STRV_INIT, STRV_INIT, NULL, "", NULL, NULL, 0 }

/*
 * Builds the matrix from the installed packs (searched in pack_dirs, with
 * question types from plugin_dirs) and the records.  learner_ref and
 * pack_id, when not NULL, keep only that learner's row and that pack's
 * columns.  Returns 0, or -1 with *msg (malloc'd): no pack pack_id is
 * installed, or the records could not be read.  Free m with matrix_free
 * either way.
 */
int matrix_build(struct store *st, const struct strv *pack_dirs,
		 const struct strv *plugin_dirs, const char *learner_ref,
		 const char *pack_id, struct matrix *m, char **msg);
void matrix_free(struct matrix *m);

/* Where learner row li stands with column mi by the due-date rule. */
const struct due *matrix_due(const struct matrix *m, size_t li, size_t mi);

/* How many of the modules learner row li must do are in each due state:
 * counts[DUE_STATES], indexed by enum due_state (DUE_NONE: not required). */
void matrix_person_dues(const struct matrix *m, size_t li,
			size_t counts[DUE_STATES]);

/*
 * Whether learner row li, in post, stands in state s as the DSL's lists
 * and dashboard count people: DUE_DONE when every module they must do is
 * up to date (so also when they must do none); DUE_SOON, DUE_OVERDUE or
 * DUE_LATER when at least one module is.  A leaver stands in none.
 */
int matrix_person_in(const struct matrix *m, size_t li, enum due_state s);

/* "up to date", "due soon", "overdue", "not yet due", "not required". */
const char *due_state_name(enum due_state s);

/* The number of columns (expected modules). */
size_t matrix_columns(const struct matrix *m);

/* Where learner row li stands with module column mi on date today
 * ("YYYY-MM-DD"); *date as cpd_resolve gives it. */
enum cpd_state matrix_state(const struct matrix *m, size_t li, size_t mi,
			    const char *today, const char **date);

/*
 * A state and its date in words, as both front ends show them (malloc'd):
 * "passed, expires on 2027-11-29", "passed, never expires", "never taken",
 * "in progress since 2026-03-01", "not passed on 2026-03-01",
 * "expired on 2026-01-10".
 */
char *matrix_describe(enum cpd_state s, const char *date);
/* The same for a page: "passed, expires on 29 November 2027", a time's
 * date being its date in Europe/London. */
char *matrix_describe_words(enum cpd_state s, const char *date);

#endif
