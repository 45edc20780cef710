/*
 * term.c - taking a module in a terminal or through a pipe.
 *
 * The player only renders views and passes lines back to the session.  Its
 * output is plain text, one option a line as "N. text", so that scripts
 * (and the tests) can drive it; the last line is the result (SPEC §1).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "diag.h"
#include "markdown.h"
#include "pack.h"
#include "review.h"
#include "session.h"
#include "term.h"
#include "util.h"

/* Reads one line without its newline; NULL at end of input. */
static char *read_line(FILE *in)
{
	struct buf b = BUF_INIT;
	int c;

	while ((c = getc(in)) != EOF && c != '\n')
		if (b.len < 65536)
			buf_addc(&b, (char)c);
	/* An interrupted read (Ctrl-C) is not a line, even a partial one. */
	if (c == EOF && (b.len == 0 || ferror(in))) {
		buf_free(&b);
		return NULL;
	}
	if (b.len && b.s[b.len - 1] == '\r')
		b.s[--b.len] = '\0';
	return buf_detach(&b);
}

static int term_width(FILE *out)
{
	struct winsize ws;

	if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 20)
		return ws.ws_col > 100 ? 100 : ws.ws_col;
	return 80;
}

/* Prints Markdown as wrapped terminal text. */
static void print_md(FILE *out, const char *text, int width)
{
	char *s = md_to_term(text, strlen(text), width);

	if (s) {
		fputs(s, out);
		free(s);
	}
}

/* Prints an option label on one line: "N. text". */
static void print_option(FILE *out, size_t n, const char *label)
{
	char *s = md_strip_controls(label), *p;

	for (p = s; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	fprintf(out, "%zu. %s\n", n, s);
	free(s);
}

static const char *instruction(const struct view *v)
{
	switch (v->kind) {
	case VIEW_PAGE:
		return "[Press Enter to continue, or q to stop]";
	case VIEW_ONE:
		return "[Type the number of your choice]";
	case VIEW_MANY:
		return "[Type the numbers of every answer that applies, "
		       "separated by commas or spaces]";
	case VIEW_ORDER:
		return "[Type the numbers in the order you choose, separated "
		       "by commas or spaces]";
	case VIEW_TEXT:
		return "[Type your answer on one line]";
	case VIEW_END:
		break;
	}
	return "";
}

/* Shows a step: heading with the share done, text, numbered options.  A
 * share, not "step N of M": a module that branches or goes back would make
 * a step count skip or run backwards. */
static void show_view(FILE *out, const char *title, const struct view *v,
		      int width)
{
	char *safe = term_safe(title, 1);
	size_t i;

	fprintf(out, "\n== %s: %d%% done ==\n\n", safe, v->progress);
	free(safe);
	if (v->text)
		print_md(out, v->text, width);
	if (v->noptions)
		fputc('\n', out);
	for (i = 0; i < v->noptions; i++)
		print_option(out, i + 1, v->options[i]);
	fprintf(out, "%s\n", instruction(v));
}

/* Shows feedback; returns 1 if the learner must read it (and press Enter). */
static int show_feedback(FILE *out, const struct feedback *fb, int width)
{
	if (fb->correct < 0 && !fb->text)
		return 0;
	fputc('\n', out);
	if (fb->correct == 1)
		fprintf(out, "Right (%d of %d points).\n\n", fb->points,
			fb->max);
	else if (fb->correct == 0)
		fprintf(out, "Not right this time (%d of %d points).\n\n",
			fb->points, fb->max);
	if (fb->text)
		print_md(out, fb->text, width);
	fputs("[Press Enter to continue]\n", out);
	return 1;
}

/* Question by question, what the first answers got right and wrong. */
static void show_review(FILE *out, const struct session *s, int width)
{
	const struct module *m = session_module(s);
	struct review_item *items;
	size_t n, i, nitems, right = 0;
	const struct answer *ans = session_answers(s, &n);

	nitems = review_items(m, ans, n, &items);
	for (i = 0; i < nitems; i++)
		right += items[i].points >= items[i].max;
	if (nitems) {
		fprintf(out, "Question by question (%zu of %zu right):\n",
			right, nitems);
		for (i = 0; i < nitems; i++) {
			/* the verdict, points and words fit one line; not
			 * "N. text", which is how options are shown */
			size_t room = (size_t)(width > 60 ? width : 60) - 34;
			char *words = review_excerpt(m->steps[items[i].step].text,
						     room);

			fprintf(out, "- %s (%d of %d %s): %s\n",
				review_verdict(&items[i]), items[i].points,
				items[i].max, items[i].max == 1 ? "point" :
				"points", words);
			free(words);
		}
		fputc('\n', out);
	}
	free(items);
}

static int show_end(FILE *out, const struct session *s, int width,
		    const struct term_hooks *hooks)
{
	const struct view *v = session_view(s);

	fputc('\n', out);
	show_review(out, s, width);
	if (v->text) {
		print_md(out, v->text, width);
		fputc('\n', out);
	}
	if (hooks && hooks->end && hooks->end(hooks->ctx, v, out) < 0)
		return -1;
	if (v->passed)
		fprintf(out, "Result: PASSED %d/%d (%d%%)\n", v->score, v->max,
			v->percent);
	else
		fprintf(out, "Result: NOT PASSED %d/%d (%d%%), pass mark %d%%\n",
			v->score, v->max, v->percent, v->pass_mark);
	return 0;
}

static int is_quit(const char *line)
{
	return (line[0] == 'q' || line[0] == 'Q') && line[1] == '\0';
}

enum term_end term_play(struct session *s, const char *title, FILE *in,
			FILE *out, const struct term_hooks *hooks)
{
	int width = term_width(out);
	int tty = isatty(fileno(in)) && isatty(fileno(out));

	for (;;) {
		const struct view *v = session_view(s);
		struct feedback fb;
		enum answer_status st;
		char *line, *msg = NULL;
		size_t n;

		if (v->kind == VIEW_END) {
			if (show_end(out, s, width, hooks) < 0) {
				fflush(out);
				return TERM_FAILED;
			}
			fflush(out);
			return v->passed ? TERM_PASSED : TERM_NOT_PASSED;
		}
		show_view(out, title, v, width);
		for (;;) {
			if (tty)
				fputs("> ", out);
			fflush(out);
			line = read_line(in);
			if (!line)
				return TERM_EOF;
			if (is_quit(line)) {
				free(line);
				return TERM_QUIT;
			}
			st = session_answer(s, line, &fb, &msg);
			free(line);
			if (st != ANSWER_INVALID)
				break;
			/* A plugin's message, which may quote the pack. */
			line = term_safe(msg, 0);
			fprintf(out, "%s\n", line);
			free(line);
			free(msg);
			msg = NULL;
		}
		if (st == ANSWER_FAILED) {
			fflush(out);
			diag_print_message(msg, stderr);
			free(msg);
			return TERM_FAILED;
		}
		if (hooks && hooks->answer) {
			const struct answer *all = session_answers(s, &n);

			if (hooks->answer(hooks->ctx, &all[n - 1]) < 0) {
				feedback_clear(&fb);
				return TERM_FAILED;
			}
		}
		if (show_feedback(out, &fb, width)) {
			feedback_clear(&fb);
			if (tty)
				fputs("> ", out);
			fflush(out);
			line = read_line(in);
			if (!line)
				return TERM_EOF;
			n = is_quit(line);
			free(line);
			if (n)
				return TERM_QUIT;
		} else {
			feedback_clear(&fb);
		}
	}
}

int term_exit_status(enum term_end end)
{
	switch (end) {
	case TERM_PASSED:
	case TERM_QUIT:
		return 0;
	default:
		return 1;
	}
}
