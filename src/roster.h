/*
 * roster.h - a staff list from a spreadsheet (CSV) into the roster, the
 * same way for `vigil learner import` and the DSL's web page
 * (doc/roster.md): all the rows or none.
 *
 * The first line names the columns, ref, name, email, role, groups
 * (names separated by ';') and start (YYYY-MM-DD), in any order and case;
 * all but ref and name may be left out.  roster_read() checks every row
 * with learner_check(), group_check() and learner_date_check() and
 * reports each bad cell as FILE:LINE, so that one attempt shows every
 * problem; roster_import() then adds or updates the learners in one
 * transaction.
 */
#ifndef VIGIL_ROSTER_H
#define VIGIL_ROSTER_H

#include <stddef.h>

#include "diag.h"
#include "store.h"

/* A staff list is far smaller than this; a bigger file is something else. */
#define ROSTER_FILE_MAX		(16 * 1024 * 1024)

/* The learners of a roster file that passed their checks. */
struct roster {
	struct learner *learners;
	int *lines;		/* the line each learner came from */
	size_t n, cap;
	/* the file has these columns */
	int has_email, has_role, has_groups, has_start;
};

#define ROSTER_INIT { NULL, NULL, 0, 0, 0, 0, 0, 0 }

/*
 * Reads the CSV text[0..len) (named file in diagnostics) into ro, adding
 * every problem to d: the header's, then each bad row's (one a row), then
 * refs given twice.  Returns 0, or -1 when d holds errors (and then ro must
 * not be imported).
 */
int roster_read(struct roster *ro, const char *file, const char *text,
		size_t len, struct diags *d);

/*
 * Adds or updates the learners of ro in one transaction: all or none.  A
 * file without an email, role, groups or start column says nothing about
 * them, so a learner already on the roster keeps what is recorded (an
 * empty email, role or groups cell in a column that is there does clear
 * it; an empty start keeps the recorded day).  *added and *updated count what
 * changed.  Returns 0, or -1 with *msg (malloc'd).
 */
int roster_import(struct store *st, struct roster *ro, int *added,
		  int *updated, char **msg);

/* Frees the learners read and the list itself. */
void roster_free(struct roster *ro);

#endif
