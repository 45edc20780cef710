/*
 * learner.h - the rules a learner's details must meet, shared by every way
 * a person enters the roster (learner add, learner import, take --name and
 * the web sign-up), so that all of them accept the same people.
 */
#ifndef VIGIL_LEARNER_H
#define VIGIL_LEARNER_H

#include "store.h"

/* The longest field values, in bytes (an email's limit is RFC 5321's). */
#define LEARNER_REF_MAX		200
#define LEARNER_NAME_MAX	200
#define LEARNER_EMAIL_MAX	254
#define LEARNER_ROLE_MAX	100

/*
 * Checks a learner's fields: ref non-empty, no control characters, no
 * spaces at its ends; name non-empty UTF-8 that may hold line breaks but
 * no other control characters; email with one @ and text both sides; role
 * on one line; each within its length.  Returns 0, or -1 with *msg
 * (malloc'd) naming the field and the reason.
 */
int learner_check(const struct learner *l, char **msg);

/*
 * A value quoted for a message: line breaks, control characters and bytes
 * that are not UTF-8 escaped, so that it cannot drive the terminal, and cut
 * short if long.  malloc'd.
 */
char *learner_shown(const char *s);

#endif
