/*
 * tap.h - the few lines of TAP the C unit tests print: one "ok N - what"
 * or "not ok N - what" a check, then the plan.
 */
#ifndef VIGIL_TAP_H
#define VIGIL_TAP_H

#include <stdio.h>

static int tap_checks, tap_failures;

/* Records one check as a TAP line. */
static void check(int ok, const char *what)
{
	tap_checks++;
	if (!ok)
		tap_failures++;
	printf("%sok %d - %s\n", ok ? "" : "not ", tap_checks, what);
}

/* Prints the plan; the exit status for main: 1 if any check failed. */
static int tap_done(void)
{
	printf("1..%d\n", tap_checks);
	return tap_failures != 0;
}

#endif
