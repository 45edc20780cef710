/*
 * term.h - the terminal front end: shows a session's views and reads the
 * learner's lines, following SPEC §1 when input is not a terminal.
 */
#ifndef VIGIL_TERM_H
#define VIGIL_TERM_H

#include <stdio.h>

struct session;
struct answer;

struct view;
struct words;

/* What a front end that records the attempt (take) adds to the player. */
struct term_hooks {
	/* After each accepted answer, before anything more is shown; -1
	 * stops the player (the answer could not be stored). */
	int (*answer)(void *ctx, const struct answer *a);
	/* At the end, after the finish text and before the result line,
	 * which must stay last (SPEC §1); may print to out; -1 fails. */
	int (*end)(void *ctx, const struct view *v, FILE *out);
	void *ctx;
};

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
 * terminal, else to 80 columns.  Pack text and the title are shown with
 * the school's words (words.h; NULL: the defaults).  hooks may be NULL.
 */
enum term_end term_play(struct session *s, const char *title,
			const struct words *words, FILE *in, FILE *out,
			const struct term_hooks *hooks);

/* The exit status for how a play ended (SPEC §1). */
int term_exit_status(enum term_end end);

#endif
