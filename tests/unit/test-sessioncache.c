/*
 * test-sessioncache.c - a kept session is only ever given back for its own
 * attempt, seed and pack, and only when it has given the answers the
 * records hold or the first of them (then it catches up); failed sessions
 * are not kept, and the least recently used go first when it is full.
 * Prints TAP ("ok N - what"); exits 1 if any check failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "session.h"
#include "sessioncache.h"
#include "util.h"
#include "tap.h"

static const char *srcdir;

/* Module mi of the pack in tests/packs/NAME, in a fresh sandbox. */
static struct module *load(const char *name, size_t mi, struct pack **pp)
{
	struct diags d = DIAGS_INIT;
	struct strv plugins = STRV_INIT;
	char *dir = xasprintf("%s/tests/packs/%s", srcdir, name);
	char *pdir = xasprintf("%s/plugins", srcdir);
	struct module *m = NULL;

	strv_push(&plugins, pdir);
	free(pdir);
	*pp = pack_load(dir, &plugins, &d);
	if (*pp)
		m = module_load(*pp, mi, &plugins, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	strv_free(&plugins);
	free(dir);
	return m;
}

/* A session of the example's first module that has given answers[0..n). */
static struct session *replayed(const struct answer *answers, size_t n)
{
	struct pack *p;
	char *msg = NULL;
	struct session *s = session_replay(load("example", 0, &p), 7, answers,
					   n, &msg);

	if (!s) {
		printf("# %s\n", msg);
		exit(1);
	}
	pack_free(p);
	return s;
}

static size_t given(const struct session *s)
{
	size_t n;

	session_answers(s, &n);
	return n;
}

int main(void)
{
	struct session *s, *t;
	struct pack *p;
	struct feedback fb;
	struct answer *answers;
	const struct answer *had;
	char *msg = NULL, hash[65], *orig;
	size_t n, i;
	struct session_key key = { 1, 7, NULL }, other;

	srcdir = getenv("SRCDIR") ? getenv("SRCDIR") : ".";
	/* A whole attempt, its answers copied as the records would hold. */
	s = session_start(load("example", 0, &p), 7, &msg);
	if (!s)
		return 1;
	snprintf(hash, sizeof(hash), "%s", p->hash);
	pack_free(p);
	key.pack_hash = hash;
	while (session_view(s)->kind != VIEW_END && given(s) < 50) {
		const struct view *v = session_view(s);

		if (session_answer(s, v->kind == VIEW_ORDER ? "1 2 3" :
				   v->kind == VIEW_TEXT ? "I would listen" :
				   "1", &fb, &msg) != ANSWER_OK) {
			free(msg);
			msg = NULL;
			session_answer(s, v->kind == VIEW_ORDER ? "3 2 1" :
				       "2", &fb, &msg);
		}
		feedback_clear(&fb);
	}
	had = session_answers(s, &n);
	check(n >= 6, "the example module takes six answers or more");
	answers = xcalloc(n, sizeof(*answers));
	for (i = 0; i < n; i++) {
		answers[i].step_id = xstrdup(had[i].step_id);
		answers[i].input = xstrdup(had[i].input);
	}
	session_free(s);

	s = replayed(answers, 3);
	session_cache_give(&key, s);
	t = session_cache_take(&key, answers, 3);
	check(t == s, "a kept session is given back when it has given the "
	      "answers the records hold");
	check(session_cache_take(&key, answers, 3) == NULL,
	      "and is then the taker's alone");
	session_cache_give(&key, t);
	t = session_cache_take(&key, answers, 5);
	check(t == s && given(t) == 5,
	      "one that has given the first of them catches up");
	{
		struct session *r = replayed(answers, 5);

		check(!strcmp(session_view(t)->step_id,
			      session_view(r)->step_id),
		      "to the step a replay shows");
		session_free(r);
	}
	session_cache_give(&key, t);
	check(session_cache_take(&key, answers, 4) == NULL,
	      "one that has given more than the records hold is not");

	session_cache_give(&key, replayed(answers, 3));
	orig = answers[1].input;
	answers[1].input = "another";
	check(session_cache_take(&key, answers, 3) == NULL,
	      "nor one that gave another answer");
	answers[1].input = orig;

	other = key;
	other.seed = 8;
	session_cache_give(&key, replayed(answers, 0));
	check(session_cache_take(&other, answers, 0) == NULL,
	      "nor one of another seed");
	other = key;
	other.pack_hash = "another";
	session_cache_give(&key, replayed(answers, 0));
	check(session_cache_take(&other, answers, 0) == NULL,
	      "nor one of another pack");
	other = key;
	other.attempt = 2;
	session_cache_give(&key, replayed(answers, 0));
	check(session_cache_take(&other, answers, 0) == NULL,
	      "nor one of another attempt");
	t = session_cache_take(&key, answers, 0);
	check(t != NULL, "while its own attempt still finds it");
	session_free(t);

	/* A session whose pack code failed is not kept. */
	s = session_start(load("pt-code-fails", 0, &p), 7, &msg);
	if (s) {
		const struct view *v = session_view(s);
		char line[24] = "1";

		for (i = 0; i < v->noptions; i++)
			if (!strcmp(v->options[i], "The new way"))
				snprintf(line, sizeof(line), "%zu", i + 1);
		check(session_answer(s, line, &fb, &msg) == ANSWER_FAILED &&
		      session_failed(s), "pack code that fails fails the "
		      "session");
		free(msg);
		msg = NULL;
		other = key;
		other.attempt = 3;
		other.pack_hash = p->hash;
		session_cache_give(&other, s);
		check(session_cache_take(&other, NULL, 0) == NULL,
		      "and a failed session is not kept");
	}
	pack_free(p);

	/* Full: the least recently used goes first. */
	for (i = 0; i <= SESSION_CACHE_MAX; i++) {
		other = key;
		other.attempt = 100 + (int64_t)i;
		session_cache_give(&other, replayed(answers, 0));
	}
	other.attempt = 100;
	check(session_cache_take(&other, answers, 0) == NULL,
	      "when full, the least recently used is dropped");
	other.attempt = 100 + SESSION_CACHE_MAX;
	t = session_cache_take(&other, answers, 0);
	check(t != NULL, "and the latest is kept");
	session_free(t);
	other.attempt = 101;
	session_cache_clear();
	check(session_cache_take(&other, answers, 0) == NULL,
	      "clearing drops every session");

	for (i = 0; i < n; i++) {
		free(answers[i].step_id);
		free(answers[i].input);
	}
	free(answers);
	return tap_done();
}
