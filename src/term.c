/*
 * term.c - taking a module in a terminal or through a pipe.
 *
 * The player only renders views and passes lines back to the session.  Its
 * output is plain text, one option a line as "N. text", so that scripts
 * (and the tests) can drive it; the last line is the result (SPEC §1).
 * Markdown's emphasis is shown as bold and italic only on a terminal that
 * shows them (term_styled); anywhere else it is the plain words.
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
#include "words.h"

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

/*
 * Nonzero when the learner is at a terminal that shows bold and italic:
 * both in and out are terminals (SPEC §1: plain text when input is not),
 * TERM is set and not "dumb", and no colour was not asked for (NO_COLOR
 * set to anything but empty, no-color.org).
 */
static int term_styled(FILE *in, FILE *out)
{
	const char *term = getenv("TERM"), *no = getenv("NO_COLOR");

	return isatty(fileno(in)) && isatty(fileno(out)) && term && *term &&
	       strcmp(term, "dumb") && !(no && *no);
}

/* MD_TERM_STYLE when term_play found a terminal that shows styles, else
 * 0: set once at its start, as the terminal does not change under it. */
static int md_style;

/* The school's words (words.h) for the play under way, set by term_play:
 * pack text goes through them as it is shown, and only then. */
static const struct words *school_words;

/* Pack Markdown with the school's words in (malloc'd). */
static char *with_words(const char *text)
{
	return words_md(school_words, text);
}

/* Prints Markdown as wrapped terminal text, styled where it shows. */
static void print_md(FILE *out, const char *text, int width)
{
	char *md = with_words(text);
	char *s = md_to_term(md, strlen(md), width, md_style);

	free(md);
	if (s) {
		fputs(s, out);
		free(s);
	}
}

/* Prints Markdown wrapped two columns narrower and indented by two, as
 * the question is repeated above its feedback. */
static void print_md_indented(FILE *out, const char *text, int width)
{
	char *md = with_words(text);
	char *s = md_to_term(md, strlen(md), width - 2, md_style);
	char *p, *nl;

	free(md);

	if (!s)
		return;
	for (p = s; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		fprintf(out, nl > p ? "  %.*s\n" : "%.*s\n", (int)(nl - p), p);
	}
	free(s);
}

/*
 * Prints a label on one line after lead: "N. text".  Its Markdown is
 * rendered as every text is, with the school's words in; a label that
 * does not render as one line (a heading, or longer than a line can be)
 * is shown as written instead, but for those words.
 */
static void print_label(FILE *out, const char *lead, const char *label)
{
	char *md = with_words(label);
	char *s = md_to_term(md, strlen(md), 1000, md_style), *p;
	size_t n = s ? strlen(s) : 0;

	free(md);
	if (!n || strchr(s, '\n') != s + n - 1) {
		free(s);
		md = words_plain(school_words, label);
		s = md_strip_controls(md);
		free(md);
	} else {
		s[n - 1] = '\0';
	}

	for (p = s; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	fprintf(out, "%s%s\n", lead, s);
	free(s);
}

/* Prints an option label on one line: "N. text". */
static void print_option(FILE *out, size_t n, const char *label)
{
	char lead[32];

	snprintf(lead, sizeof(lead), "%zu. ", n);
	print_label(out, lead, label);
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
	char *plain = words_plain(school_words, title);
	char *safe = term_safe(plain, 1);
	size_t i;

	free(plain);

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

/* The answer as given: a choice on the line, several or an order as a
 * list under it. */
static void show_given(FILE *out, const struct feedback *fb)
{
	char lead[32];
	size_t i;

	if (!fb->ngiven)
		return;
	if (fb->ngiven == 1 && fb->kind != VIEW_ORDER) {
		print_label(out, "Your answer: ", fb->given[0]);
		return;
	}
	fputs(fb->kind == VIEW_ORDER ? "Your answer, in your order:\n" :
	      "Your answers:\n", out);
	for (i = 0; i < fb->ngiven; i++) {
		if (fb->kind == VIEW_ORDER)
			snprintf(lead, sizeof(lead), "  %zu. ", i + 1);
		else
			snprintf(lead, sizeof(lead), "  - ");
		print_label(out, lead, fb->given[i]);
	}
}

/*
 * Shows feedback: the question, the answer given, one verdict with the
 * points, the feedback text, and a note when the step's points were
 * counted at its first answer.  Returns 1 if the learner must read it
 * (and press Enter).
 */
static int show_feedback(FILE *out, const struct feedback *fb, int width)
{
	int bold = md_style != 0;
	char *verdict;

	if (fb->correct < 0 && !fb->text)
		return 0;
	fputc('\n', out);
	if (fb->question) {
		fputs("You were asked:\n", out);
		print_md_indented(out, fb->question, width);
		fputc('\n', out);
	}
	show_given(out, fb);
	fputc('\n', out);
	verdict = feedback_verdict(fb);
	if (verdict) {
		fprintf(out, "%s%s.%s\n\n", bold ? "\033[1m" : "", verdict,
			bold ? "\033[22m" : "");
		free(verdict);
	}
	if (fb->text) {
		print_md(out, fb->text, width);
		fputc('\n', out);
	}
	if (fb->counted_before) {
		print_md(out, "Only your first answer to this question "
			 "counts: its points were counted the first time.",
			 width);
		fputc('\n', out);
	}
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
			char *md = with_words(m->steps[items[i].step].text);
			char *words = review_excerpt(md, room);

			free(md);

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

static enum term_end play(struct session *s, const char *title, FILE *in,
			  FILE *out, const struct term_hooks *hooks)
{
	int width = term_width(out);
	int tty = isatty(fileno(in)) && isatty(fileno(out));

	md_style = term_styled(in, out) ? MD_TERM_STYLE : 0;
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

enum term_end term_play(struct session *s, const char *title,
			const struct words *words, FILE *in, FILE *out,
			const struct term_hooks *hooks)
{
	struct words dflt = WORDS_INIT;
	enum term_end end;

	if (!words) {
		words_defaults(&dflt);
		words = &dflt;
	}
	school_words = words;
	end = play(s, title, in, out, hooks);
	school_words = NULL;
	words_free(&dflt);
	return end;
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
