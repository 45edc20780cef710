/*
 * test-session.c - a session replayed from its seed and answers is the
 * same session: the records and the web front end depend on it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "session.h"
#include "util.h"
#include "tap.h"


/* Everything a learner sees of a view, as one string. */
static char *fingerprint(const struct view *v)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_addf(&b, "%d|%s|%zu/%zu|%d%%|%s", (int)v->kind,
		 v->step_id ? v->step_id : "-", v->number, v->total,
		 v->progress, v->text ? v->text : "-");
	for (i = 0; i < v->noptions; i++)
		buf_addf(&b, "|%s", v->options[i]);
	if (v->kind == VIEW_END)
		buf_addf(&b, "|%d/%d %d%% %d", v->score, v->max, v->percent,
			 v->passed);
	return buf_detach(&b);
}

/* A line that answers any view, a different option each time. */
static const char *some_answer(const struct view *v, char *buf, size_t n)
{
	static size_t calls;
	size_t i;

	switch (v->kind) {
	case VIEW_ONE:
		snprintf(buf, n, "%zu", calls++ % v->noptions + 1);
		break;
	case VIEW_MANY:
		snprintf(buf, n, "1 %zu", v->noptions);
		break;
	case VIEW_ORDER:
		buf[0] = '\0';
		for (i = v->noptions; i > 0; i--)
			snprintf(buf + strlen(buf), n - strlen(buf), "%zu ", i);
		break;
	case VIEW_TEXT:
		snprintf(buf, n, "  I would listen.  ");
		break;
	default:
		buf[0] = '\0';
	}
	return buf;
}

static struct module *load(const char *srcdir, struct pack **pp)
{
	struct diags d = DIAGS_INIT;
	struct strv plugins = STRV_INIT;
	char *dir = xasprintf("%s/tests/packs/example", srcdir);
	char *pdir = xasprintf("%s/plugins", srcdir);
	struct module *m = NULL;

	strv_push(&plugins, pdir);
	*pp = pack_load(dir, &plugins, &d);
	if (*pp && !d.errors)
		m = module_load(*pp, 0, &plugins, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	strv_free(&plugins);
	free(dir);
	free(pdir);
	return m;
}

int main(void)
{
	const char *srcdir = getenv("SRCDIR");
	struct pack *p1, *p2;
	struct session *s1, *s2;
	struct feedback fb;
	char *prints[64], *inputs[64], *msg = NULL, buf[256];
	size_t n = 0, i, nans;
	const struct answer *ans;
	int same = 1, grows = 1, kept = 1, below = 1, last = 0;

	if (!srcdir)
		srcdir = ".";
	s1 = session_start(load(srcdir, &p1), 12345, &msg);
	check(s1 != NULL, "a session starts");
	if (!s1)
		return 1;

	/* an invalid line changes nothing */
	while (session_view(s1)->kind == VIEW_PAGE) {
		prints[n] = fingerprint(session_view(s1));
		check(session_answer(s1, "", &fb, &msg) == ANSWER_OK,
		   "a page takes any line");
		feedback_clear(&fb);
		n++;
	}
	{
		char *before = fingerprint(session_view(s1));
		char *after;

		check(session_answer(s1, "99", &fb, &msg) == ANSWER_INVALID,
		   "an out-of-range number is invalid");
		check(msg && strstr(msg, "from 1 to"), "and says what is valid");
		free(msg);
		msg = NULL;
		after = fingerprint(session_view(s1));
		check(!strcmp(before, after), "and leaves the view as it was");
		free(before);
		free(after);
	}
	while (session_view(s1)->kind != VIEW_END && n < 60) {
		const struct view *v = session_view(s1);

		prints[n] = fingerprint(v);
		grows &= v->progress >= last;
		below &= v->progress < 100;
		last = v->progress;
		if (session_answer(s1, some_answer(v, buf, sizeof(buf)),
				   &fb, &msg) != ANSWER_OK) {
			check(0, msg);
			return 1;
		}
		feedback_clear(&fb);
		ans = session_answers(s1, &nans);
		kept &= ans[nans - 1].progress == session_view(s1)->progress;
		n++;
	}
	prints[n] = fingerprint(session_view(s1));
	check(session_view(s1)->kind == VIEW_END, "the session reaches its end");
	check(grows && below, "the share done never goes back, and is below "
	      "100% before the end");
	check(session_view(s1)->progress == 100, "and is 100% at the end");
	check(kept, "each answer keeps the share done after it");
	ans = session_answers(s1, &nans);
	check(nans == n, "every answer is kept");
	for (i = 0; i < nans; i++)
		inputs[i] = xstrdup(ans[i].input);
	check(!strcmp(ans[nans - 1].input, "I would listen."),
	   "free text is kept trimmed");

	/* replay on a fresh load: same views at every step, same result */
	s2 = session_start(load(srcdir, &p2), 12345, &msg);
	check(s2 != NULL, "a second session starts");
	for (i = 0; i < nans; i++) {
		char *fp = fingerprint(session_view(s2));

		same &= !strcmp(fp, prints[i]);
		free(fp);
		if (session_answer(s2, inputs[i], &fb, &msg) != ANSWER_OK)
			same = 0;
		feedback_clear(&fb);
	}
	{
		char *fp = fingerprint(session_view(s2));
		same &= !strcmp(fp, prints[n]);
		free(fp);
	}
	check(same, "replaying the answers with the seed rebuilds every view");
	check(p1 && p2 && !strcmp(p1->hash, p2->hash) && strlen(p1->hash) == 64,
	   "the pack's content hash is stable");

	/* session_replay: the same in one call, and it notices a mismatch */
	{
		struct pack *p3, *p4;
		struct session *s3 = session_replay(load(srcdir, &p3), 12345,
						    ans, nans, &msg);
		struct answer *wrong = xcalloc(nans, sizeof(*wrong));
		struct session *s4;
		char *fp = s3 ? fingerprint(session_view(s3)) : NULL;
		size_t n3 = 0;

		if (s3)
			session_answers(s3, &n3);
		check(fp && !strcmp(fp, prints[n]) && n3 == nans,
		      "session_replay rebuilds the session at its end");
		memcpy(wrong, ans, nans * sizeof(*wrong));
		wrong[nans - 1].step_id = "no-such-step";
		s4 = session_replay(load(srcdir, &p4), 12345, wrong, nans,
				    &msg);
		check(!s4 && msg && strstr(msg, "'no-such-step'"),
		      "and says which answer no longer fits the module");
		free(msg);
		msg = NULL;
		free(fp);
		free(wrong);
		session_free(s3);
		pack_free(p3);
		pack_free(p4);
	}

	/* Feedback says what was asked and answered, and when a step's
	 * points were counted at an earlier answer. */
	{
		struct pack *p5;
		struct session *s5 = session_start(load(srcdir, &p5), 7, &msg);
		struct feedback f = { 0 };
		char *verdict, label[256];

		while (s5 && session_view(s5)->kind == VIEW_PAGE) {
			session_answer(s5, "", &fb, &msg);
			feedback_clear(&fb);
		}
		check(s5 && session_answer(s5, "1", &fb, &msg) == ANSWER_OK &&
		      fb.step_id && !strcmp(fb.step_id, "corridor") &&
		      fb.question && !strncmp(fb.question, "It is the end",
					      13) && fb.kind == VIEW_ONE &&
		      fb.ngiven == 1 && !strcmp(fb.given[0], "Ask Jordan why "
						"they didn't tell anyone sooner") &&
		      !fb.counted_before,
		      "feedback holds the step, its question and the choice");
		feedback_clear(&fb);
		session_answer(s5, "1", &fb, &msg);	/* go back */
		feedback_clear(&fb);
		check(session_answer(s5, "3", &fb, &msg) == ANSWER_OK &&
		      fb.counted_before && fb.points == 0 && fb.max == 2,
		      "a step answered again: counted before, no points");
		verdict = feedback_verdict(&fb);
		check(verdict && !strcmp(verdict, "No points this time"),
		      "and its verdict says so");
		free(verdict);
		feedback_clear(&fb);
		snprintf(label, sizeof(label), "%s",
			 session_view(s5)->options[1]);
		check(session_answer(s5, "2", &fb, &msg) == ANSWER_OK &&
		      fb.ngiven == 1 && !strcmp(fb.given[0], label) &&
		      !fb.counted_before,
		      "a question's choice is its label as shown");
		feedback_clear(&fb);
		session_free(s5);
		pack_free(p5);

		f.correct = 1;
		f.points = f.max = 1;
		verdict = feedback_verdict(&f);
		check(verdict && !strcmp(verdict, "Right \xe2\x80\x94 1 of 1 "
					 "point"), "verdict: right, one point");
		free(verdict);
		f.correct = 0;
		f.points = 0;
		f.max = 2;
		verdict = feedback_verdict(&f);
		check(verdict && !strcmp(verdict, "Not right this time "
					 "\xe2\x80\x94 0 of 2 points"),
		      "verdict: not right, points");
		free(verdict);
		f.correct = -1;
		f.max = 0;
		check(feedback_verdict(&f) == NULL,
		      "verdict: none for an unmarked step worth nothing");
		f.correct = 1;
		f.counted_before = 1;
		verdict = feedback_verdict(&f);
		check(verdict && !strcmp(verdict, "Right"),
		      "verdict: right, without points counted before");
		free(verdict);
	}

	for (i = 0; i <= n; i++)
		free(prints[i]);
	for (i = 0; i < nans; i++)
		free(inputs[i]);
	session_free(s1);
	session_free(s2);
	pack_free(p1);
	pack_free(p2);
	return tap_done();
}
