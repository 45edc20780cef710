/*
 * session.h - one learner's way through one module, as a value.
 *
 * session_start() gives the first view; session_answer() takes one input
 * line for the current view and moves to the next view, returning feedback.
 * A session is fully determined by the module (and so the pack hash), the
 * seed and the answers given so far: replaying the same answers on a session
 * started with the same seed rebuilds it exactly.  Front ends (the terminal
 * player, the web pages) only render views and pass input lines back.
 *
 * Input lines follow SPEC §1: anything for a page; an option number for one
 * choice; numbers separated by commas or spaces for several choices or an
 * order; the text itself for a reflection.
 */
#ifndef VIGIL_SESSION_H
#define VIGIL_SESSION_H

#include <stdint.h>
#include <stddef.h>

struct module;

enum view_kind {
	VIEW_PAGE,	/* read, then continue */
	VIEW_ONE,	/* choose one option */
	VIEW_MANY,	/* choose any number of options */
	VIEW_ORDER,	/* put every option in order */
	VIEW_TEXT,	/* free text */
	VIEW_END	/* the result */
};

struct view {
	enum view_kind kind;
	const char *step_id;	/* NULL at the end */
	size_t number, total;	/* "step number of total" (file order) */
	/* The share of the module done, in percent: never less than an
	 * earlier view of the session showed, 100 only at the end (however
	 * a module branches or goes back, progress shown is never lost). */
	int progress;
	const char *text;	/* Markdown; at the end, the finish text or NULL */
	const char *const *options;	/* labels in display order */
	size_t noptions;
	/* at the end */
	int score, max, percent, pass_mark, passed;
};

/*
 * What a front end shows after an answer: the question again, the answer
 * given, one verdict with the points, then the feedback text.  The step's
 * id and text belong to the module (valid while the session holds it);
 * the rest is the feedback's own.
 */
struct feedback {
	int correct;		/* 1 right, 0 wrong, -1 not marked */
	int points, max;	/* points earned now (first answers only count) */
	char *text;		/* Markdown or NULL */
	const char *step_id;	/* the step answered */
	const char *question;	/* its text (Markdown), or NULL */
	enum view_kind kind;	/* how it was answered (VIEW_PAGE: read) */
	/*
	 * The answer as given: for VIEW_ONE, VIEW_MANY and VIEW_ORDER the
	 * labels of the options chosen (Markdown, as the view showed them),
	 * in the order given (an order's first item first; a several-choice
	 * answer in the options' order); for VIEW_TEXT one item, the text
	 * typed (plain text, not Markdown); none for a page.
	 */
	char **given;
	size_t ngiven;
	/* The step was answered before in this session (the learner went
	 * back): its points were counted then, and points is 0 now. */
	int counted_before;
};

struct answer {
	char *step_id;
	char *input;		/* the line as given (canonicalised) */
	int points;		/* points this answer earned (0 if not the first) */
	char *at;		/* when it was recorded (the store); NULL in play */
	int progress;		/* the share done after it (view.progress) */
};

struct session;

/*
 * Starts module m (which the session then owns) with seed.  Returns NULL with
 * *msg set ("FILE:LINE: message") if pack code fails on the way in.
 */
struct session *session_start(struct module *m, uint64_t seed, char **msg);
void session_free(struct session *s);

const struct view *session_view(const struct session *s);

enum answer_status { ANSWER_OK, ANSWER_INVALID, ANSWER_FAILED };

/*
 * Gives one input line for the current view.  ANSWER_OK: fb is filled
 * (free it with feedback_clear): the step answered, its question, the
 * answer as given, the points, and counted_before when the step was
 * answered earlier in the session (its points were counted then); and
 * the session has moved on.  ANSWER_INVALID: the line does not answer
 * this view; *msg says why in one line; nothing changed.  ANSWER_FAILED:
 * pack or plugin code failed ("FILE:LINE: message" in *msg); the session
 * cannot go on.
 */
enum answer_status session_answer(struct session *s, const char *input,
				  struct feedback *fb, char **msg);

/*
 * Gives s answers[0..n) in order, each of which must be to the step the
 * session then shows.  Returns 0, or -1 with *msg saying why they do not
 * fit (the session has then taken the answers before that one).
 */
int session_give(struct session *s, const struct answer *answers, size_t n,
		 char **msg);

/*
 * Starts module m with seed and gives it answers[0..n) in order, as a
 * front end rebuilds an attempt from its records.  Each answer must be to
 * the step the session then shows.  Returns the session, or NULL with *msg
 * saying why the answers do not replay (the module or a plugin changed,
 * or pack code failed); m is owned by the session, or freed.
 */
struct session *session_replay(struct module *m, uint64_t seed,
			       const struct answer *answers, size_t n,
			       char **msg);

/* Nonzero once session_answer gave ANSWER_FAILED: the session cannot go
 * on (its sandbox may have hit a limit). */
int session_failed(const struct session *s);

/* The bytes the session's sandbox holds. */
size_t session_memory(const struct session *s);

/* The module the session steps (it owns it). */
struct module *session_module(const struct session *s);

/* The answers given so far, in order. */
const struct answer *session_answers(const struct session *s, size_t *n);

/* The points earned so far and the most the answered steps could give. */
void session_score(const struct session *s, int *score, int *max);

/*
 * The learner's facts (the state table that choices set and `when` reads)
 * as text, for telling two sessions' situations apart: the same facts give
 * the same text whatever order they were set in (keys sorted; strings,
 * numbers, booleans, nested tables).  Read with raw accesses, so no pack
 * code runs; very deep or large tables are cut short with a marker.
 * Returns a malloc'd string.
 */
char *session_state_key(const struct session *s);

/*
 * The one verdict on an answer, as every front end words it: "Right — 1
 * of 1 point", "Not right this time — 0 of 2 points", just the points of
 * an unmarked answer ("2 of 2 points"), and without points ("Right", "No
 * points this time") when they were counted before.  Returns a malloc'd
 * string, or NULL when there is no verdict (an unmarked step worth no
 * points).
 */
char *feedback_verdict(const struct feedback *fb);

void feedback_clear(struct feedback *fb);

#endif
