/*
 * review.h - what a finished attempt got right and wrong, question by
 * question: the result page and the terminal both list it, so that a
 * learner who did not pass sees where, and one who passed sees what to
 * look at again.
 *
 * Only a step's first answer counts (session.h), so the review is of
 * first answers, in the order given; steps that earn no points (pages,
 * reflections, scenes without points) are left out.
 */
#ifndef VIGIL_REVIEW_H
#define VIGIL_REVIEW_H

#include <stddef.h>

struct module;
struct answer;

struct review_item {
	size_t step;		/* index in the module's steps */
	int points, max;	/* of the first answer; max > 0 */
};

/*
 * The scored steps answered in ans[0..n) of an attempt at m, each once, in
 * order: *out (malloc'd, free it) and the count.  Answers to steps m does
 * not have (a changed module) are skipped.
 */
size_t review_items(const struct module *m, const struct answer *ans,
		    size_t n, struct review_item **out);

/* "Right", "Partly right" or "Not right" for an item. */
const char *review_verdict(const struct review_item *it);

/*
 * The start of a step's text as one plain line to name it by: its first
 * line of words with Markdown's marks left out, cut at a word near max
 * characters (code points) with "…".  Control characters never come
 * through.  Returns a malloc'd string; "" when the step has no text.
 */
char *review_excerpt(const char *markdown, size_t max);

#endif
