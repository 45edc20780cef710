/*
 * term.h - the terminal front end: shows a session's views and reads the
 * learner's lines, following SPEC §1 when input is not a terminal.
 */
#ifndef VIGIL_TERM_H
#define VIGIL_TERM_H

#include <stdio.h>

struct session;
struct answer;

/* Called after each answer is accepted, before the next view is shown;
 * returning -1 stops the player (e.g. the answer could not be stored). */
typedef int (*term_answer_fn)(void *ctx, const struct answer *a);

enum term_end {
	TERM_PASSED,		/* reached the end, passed */
	TERM_NOT_PASSED,	/* reached the end, did not pass */
	TERM_QUIT,		/* the learner typed q */
	TERM_EOF,		/* input ended first */
	TERM_FAILED		/* pack code or on_answer failed */
};

/*
 * Plays s from its current view to the end, reading lines from in and
 * writing to out.  Text is wrapped to the terminal's width when out is a
 * terminal, else to 80 columns.
 */
enum term_end term_play(struct session *s, const char *title, FILE *in,
			FILE *out, term_answer_fn on_answer, void *ctx);

/* The exit status for how a play ended (SPEC §1). */
int term_exit_status(enum term_end end);

#endif
