/*
 * test-hash.c - the hash that seeds each step's shuffles, and the orders
 * it gives, are fixed: the store keeps only an attempt's seed and replays
 * its answers (session.h), so a change to str_hash() would show a learner
 * who resumes, or a record that is checked again, other orders than the
 * ones answered.  The values below were taken from the code as released.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "session.h"
#include "util.h"
#include "tap.h"

/* The options of step id in a session of the example pack's first module
 * started from seed, as "a|b|c"; NULL if the step is not reached. */
static char *order_at(const char *srcdir, uint64_t seed, const char *id)
{
	struct diags d = DIAGS_INIT;
	struct strv plugins = STRV_INIT;
	char *dir = xasprintf("%s/tests/packs/example", srcdir);
	char *pdir = xasprintf("%s/plugins", srcdir);
	struct pack *p;
	struct module *m = NULL;
	struct session *s = NULL;
	char *msg = NULL, *order = NULL;
	int steps = 0;

	strv_push(&plugins, pdir);
	p = pack_load(dir, &plugins, &d);
	if (p && !d.errors)
		m = module_load(p, 0, &plugins, &d);
	diag_print(&d, stderr);
	if (m && !(s = session_start(m, seed, &msg)))
		module_free(m);
	while (s && steps++ < 20) {
		const struct view *v = session_view(s);
		struct feedback fb;
		char line[32];
		size_t i;

		if (v->kind == VIEW_END)
			break;
		if (v->step_id && !strcmp(v->step_id, id)) {
			struct buf b = BUF_INIT;

			for (i = 0; i < v->noptions; i++)
				buf_addf(&b, "%s%s", i ? "|" : "",
					 v->options[i]);
			order = buf_detach(&b);
			break;
		}
		/* pages take any line; the scene goes on by its honest way */
		snprintf(line, sizeof(line), "%s", "");
		for (i = 0; i < v->noptions; i++)
			if (strstr(v->options[i], "listen and help"))
				snprintf(line, sizeof(line), "%zu", i + 1);
		if (session_answer(s, line, &fb, &msg) != ANSWER_OK)
			break;
		feedback_clear(&fb);
	}
	if (msg)
		fprintf(stderr, "%s\n", msg);
	free(msg);
	session_free(s);
	pack_free(p);
	diag_free(&d);
	strv_free(&plugins);
	free(dir);
	free(pdir);
	return order;
}

/* What the code as released gives; see the comment at the top. */
#define FIRST_STEP_HASH 0xedb22bb88ecf37dcULL
#define ORDER_12345 "Tell the DSL straight away|" \
	"Wait a week to see whether things get better|" \
	"Ask Jordan's friends whether it is true"
#define ORDER_6 "Wait a week to see whether things get better|" \
	"Tell the DSL straight away|" \
	"Ask Jordan's friends whether it is true"

int main(void)
{
	const char *srcdir = getenv("SRCDIR");
	char *a, *b;

	if (!srcdir)
		srcdir = ".";
	check(str_hash("") == 1469598103934665603ULL,
	      "the hash starts from 1469598103934665603");
	check(str_hash("first-step") == FIRST_STEP_HASH,
	      "a step id hashes to the value it always had");

	a = order_at(srcdir, 12345, "first-step");
	check(a && !strcmp(a, ORDER_12345),
	      "seed 12345 shows the first question's options in the order "
	      "it always did");
	if (a && strcmp(a, ORDER_12345))
		fprintf(stderr, "got: %s\n", a);
	b = order_at(srcdir, 6, "first-step");
	check(b && !strcmp(b, ORDER_6), "so does seed 6, in its own order");
	if (b && strcmp(b, ORDER_6))
		fprintf(stderr, "got: %s\n", b);
	free(a);
	free(b);
	return tap_done();
}
