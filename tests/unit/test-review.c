/*
 * test-review.c - a finished attempt question by question: first answers
 * only, scored steps only, and each question named by its opening words.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "review.h"
#include "session.h"
#include "util.h"
#include "tap.h"

/* Checks that review_excerpt(md, max) gives want. */
static void excerpt_is(const char *md, size_t max, const char *want,
		       const char *what)
{
	char *got = review_excerpt(md, max);

	check(!strcmp(got, want), what);
	if (strcmp(got, want))
		printf("# got  '%s'\n# want '%s'\n", got, want);
	free(got);
}

int main(void)
{
	struct step steps[4] = { { 0 } };
	struct module m = { 0 };
	struct answer ans[5] = {
		{ (char *)"intro", (char *)"", 0, NULL, 10 },
		{ (char *)"q1", (char *)"2", 0, NULL, 20 },
		{ (char *)"gone", (char *)"1", 1, NULL, 30 },
		{ (char *)"q1", (char *)"1", 0, NULL, 40 },
		{ (char *)"q2", (char *)"1 2", 1, NULL, 50 },
	};
	struct review_item *it;
	size_t n;

	steps[0].id = (char *)"intro";
	steps[1].id = (char *)"q1";
	steps[1].max = 1;
	steps[2].id = (char *)"q2";
	steps[2].max = 3;
	steps[3].id = (char *)"unseen";
	steps[3].max = 1;
	m.steps = steps;
	m.nsteps = 4;
	n = review_items(&m, ans, 5, &it);
	check(n == 2, "only scored steps, each once, and none the module lacks");
	check(n == 2 && it[0].step == 1 && it[0].points == 0 &&
	      it[0].max == 1, "a step answered again keeps its first answer");
	check(n == 2 && it[1].step == 2 && it[1].points == 1 &&
	      it[1].max == 3, "in the order answered");
	check(n == 2 && !strcmp(review_verdict(&it[0]), "Not right") &&
	      !strcmp(review_verdict(&it[1]), "Partly right"),
	      "a verdict for none and for some of the points");
	it[1].points = 3;
	check(!strcmp(review_verdict(&it[1]), "Right"), "and for all of them");
	free(it);

	excerpt_is("## Before you start\n\nRead this.", 80,
		   "Before you start", "a heading names the step");
	excerpt_is("Jordan says **stop** now.", 80, "Jordan says stop now.",
		   "without Markdown's marks");
	excerpt_is("One two three four five six", 14, "One two three\xe2\x80\xa6",
		   "cut at a word, with an ellipsis");
	excerpt_is("Siân ŵyr ŷd", 6, "Siân\xe2\x80\xa6",
		   "counting characters, not bytes");
	excerpt_is("a\x1b[2Jb", 80, "a[2Jb", "no control character comes through");
	excerpt_is("", 80, "", "no text, no words");
	excerpt_is(NULL, 80, "", "nor for none");
	return tap_done();
}
