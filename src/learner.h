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
#define GROUP_NAME_MAX		100

/*
 * Checks a learner's fields: ref non-empty, no control characters, no
 * spaces at its ends; name non-empty UTF-8 that may hold line breaks but
 * no other control characters; email with one @ and text both sides; role
 * on one line; each within its length; start (when set) a date; each
 * group's name as group_check() says.  Returns 0, or -1 with *msg
 * (malloc'd) naming the field and the reason.
 */
int learner_check(const struct learner *l, char **msg);

/*
 * Checks a group's name: non-empty, at most GROUP_NAME_MAX bytes, UTF-8
 * on one line with no control characters, no ';' (the roster's CSV
 * separates a person's groups with it) and no spaces at either end.
 * Returns 0, or -1 with *msg (malloc'd) saying why.
 */
int group_check(const char *name, char **msg);

/*
 * The group called name among gs[0..n), whose names are unique whatever
 * their case (store.h): its index, or -1 when there is none; then, when
 * hint is not NULL, *hint (malloc'd) is " (did you mean 'NAME'?)" for
 * the name most likely meant, or "".
 */
long group_lookup(const struct group_info *gs, size_t n, const char *name,
		  char **hint);

/*
 * Adds the group name to l's groups unless a group of that name, in any
 * case, is there already (group names are unique whatever their case).
 */
void learner_group_add(struct learner *l, const char *name);

/*
 * Checks that s is a day written YYYY-MM-DD, as the records keep dates;
 * field names what it is in the message ("the start '1/9/26' is not a
 * date ...").  Returns 0, or -1 with *msg (malloc'd).
 */
int learner_date_check(const char *field, const char *s, char **msg);

/*
 * A value quoted for a message: line breaks, control characters and bytes
 * that are not UTF-8 escaped, so that it cannot drive the terminal, and cut
 * short if long.  malloc'd.
 */
char *learner_shown(const char *s);

#endif
