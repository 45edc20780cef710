/*
 * explain.c - Lua's messages about an author's file in plain words
 * (explain.h).
 *
 * Lua names the token where its parser gave up, on the line where that
 * token ends: for a missing comma before a long text, the end of the text
 * after it; for a text missing its ]], wherever the next ]] is.  Here the
 * source is cut into tokens the way Lua cuts it, the token Lua names is
 * found, and the tokens around it are compared with each everyday mistake.
 * Only a mistake the source shows for certain is named; anything else
 * keeps Lua's own words.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "util.h"

enum tok_kind { T_NAME, T_STRING, T_LONG, T_NUMBER, T_PUNCT, T_OTHER, T_EOF };

struct tok {
	enum tok_kind kind;
	size_t start, end;	/* its bytes in the source */
	int line, eline;	/* where it starts and ends */
};

struct lex {
	const char *s;
	size_t len;
	struct tok *v;
	size_t n, cap;
};

/* Steps over the line break at *i, counting "\r\n" and "\n\r" as one, as
 * Lua does. */
static void skip_newline(const struct lex *x, size_t *i, int *line)
{
	char c = x->s[*i];

	(*i)++;
	if (*i < x->len && (x->s[*i] == '\n' || x->s[*i] == '\r') &&
	    x->s[*i] != c)
		(*i)++;
	(*line)++;
}

/* The level of a long bracket [==[ opening at i, or -1 when none. */
static int long_level(const struct lex *x, size_t i)
{
	size_t j = i + 1;

	while (j < x->len && x->s[j] == '=')
		j++;
	if (j < x->len && x->s[j] == '[' && j - i - 1 < 1000)
		return (int)(j - i - 1);
	return -1;
}

/* Skips a long bracket of level lv opened at *i, counting lines; 0, or
 * -1 when the file ends first. */
static int skip_long(const struct lex *x, size_t *i, int lv, int *line)
{
	size_t j = *i + (size_t)lv + 2;

	while (j < x->len) {
		if (x->s[j] == '\n' || x->s[j] == '\r') {
			skip_newline(x, &j, line);
			continue;
		}
		if (x->s[j] == ']') {
			size_t k = j + 1;

			while (k < x->len && x->s[k] == '=')
				k++;
			if (k < x->len && x->s[k] == ']' &&
			    k - j - 1 == (size_t)lv) {
				*i = k + 1;
				return 0;
			}
		}
		j++;
	}
	*i = j;
	return -1;
}

static void push(struct lex *x, enum tok_kind kind, size_t start,
		 size_t end, int line, int eline)
{
	struct tok *t;

	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 256;
		x->v = xrealloc(x->v, x->cap * sizeof(*x->v));
	}
	t = &x->v[x->n++];
	t->kind = kind;
	t->start = start;
	t->end = end;
	t->line = line;
	t->eline = eline;
}

static int is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The bytes of the UTF-8 sequence led by c, 1 when c leads none. */
static size_t utf8_len(unsigned char c)
{
	if (c >= 0xf0 && c < 0xf5)
		return 4;
	if (c >= 0xe0)
		return c < 0xf0 ? 3 : 1;
	if (c >= 0xc2)
		return 2;
	return 1;
}

/* Cuts the source into tokens up to the end of line last (all of it when
 * last is 0), ending with T_EOF when it reaches the end. */
static void lex_until(struct lex *x, int last)
{
	static const char *const ops[] = { "...", "..", "==", "~=", "<=",
					   ">=", "//", "::", "<<", ">>" };
	size_t i = 0, j, k;
	int line = 1, start, lv;

	while (i < x->len) {
		char c = x->s[i];

		if (last && line > last)
			return;
		if (c == '\n' || c == '\r') {
			skip_newline(x, &i, &line);
		} else if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
			i++;
		} else if (c == '-' && i + 1 < x->len && x->s[i + 1] == '-') {
			i += 2;
			if (i < x->len && x->s[i] == '[' &&
			    (lv = long_level(x, i)) >= 0) {
				skip_long(x, &i, lv, &line);
				continue;
			}
			while (i < x->len && x->s[i] != '\n' &&
			       x->s[i] != '\r')
				i++;
		} else if (c == '[' && (lv = long_level(x, i)) >= 0) {
			start = line;
			j = i;
			skip_long(x, &i, lv, &line);
			push(x, T_LONG, j, i, start, line);
		} else if (c == '"' || c == '\'') {
			start = line;
			for (j = i + 1; j < x->len && x->s[j] != c; j++) {
				if (x->s[j] == '\n' || x->s[j] == '\r')
					break;	/* unfinished */
				if (x->s[j] == '\\' && j + 1 < x->len) {
					j++;
					if (x->s[j] == '\n' || x->s[j] == '\r') {
						skip_newline(x, &j, &line);
						j--;
					}
				}
			}
			if (j < x->len && x->s[j] == c)
				j++;
			push(x, T_STRING, i, j, start, line);
			i = j;
		} else if (isalpha((unsigned char)c) || c == '_') {
			for (j = i; j < x->len && is_name_char(x->s[j]); j++)
				;
			push(x, T_NAME, i, j, line, line);
			i = j;
		} else if (isdigit((unsigned char)c) ||
			   (c == '.' && i + 1 < x->len &&
			    isdigit((unsigned char)x->s[i + 1]))) {
			for (j = i + 1; j < x->len; j++) {
				char d = x->s[j];

				if (!(is_name_char(d) || d == '.' ||
				      ((d == '+' || d == '-') &&
				       strchr("eEpP", x->s[j - 1]))))
					break;
			}
			push(x, T_NUMBER, i, j, line, line);
			i = j;
		} else if ((unsigned char)c < 0x80) {
			for (k = 0, j = 1; k < ARRAY_SIZE(ops); k++) {
				size_t n = strlen(ops[k]);

				if (i + n <= x->len &&
				    !memcmp(x->s + i, ops[k], n)) {
					j = n;
					break;
				}
			}
			push(x, T_PUNCT, i, i + j, line, line);
			i += j;
		} else {
			j = utf8_len((unsigned char)c);
			if (i + j > x->len)
				j = 1;
			push(x, T_OTHER, i, i + j, line, line);
			i += j;
		}
	}
	push(x, T_EOF, x->len, x->len, line, line);
}

static int tok_is(const struct lex *x, size_t k, const char *text)
{
	const struct tok *t = &x->v[k];
	size_t n = strlen(text);

	return t->end - t->start == n && !memcmp(x->s + t->start, text, n);
}

static int tok_one_of(const struct lex *x, size_t k, const char *const *v,
		      size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tok_is(x, k, v[i]))
			return 1;
	return 0;
}

static int is_keyword(const struct lex *x, size_t k)
{
	static const char *const kw[] = {
		"and", "break", "do", "else", "elseif", "end", "false",
		"for", "function", "goto", "if", "in", "local", "nil", "not",
		"or", "repeat", "return", "then", "true", "until", "while"
	};

	return x->v[k].kind == T_NAME && tok_one_of(x, k, kw, ARRAY_SIZE(kw));
}

/* Nonzero when token k is a text, a number, a name, or one of the keywords
 * kw or the punctuation punct. */
static int value_edge(const struct lex *x, size_t k, const char *const *kw,
		      size_t nkw, const char *const *punct, size_t npunct)
{
	switch (x->v[k].kind) {
	case T_STRING:
	case T_LONG:
	case T_NUMBER:
		return 1;
	case T_NAME:
		return !is_keyword(x, k) || tok_one_of(x, k, kw, nkw);
	case T_PUNCT:
		return tok_one_of(x, k, punct, npunct);
	default:
		return 0;
	}
}

/* Nonzero when token k can be the last of a value: an entry of a table
 * may end there. */
static int ends_value(const struct lex *x, size_t k)
{
	static const char *const kw[] = { "true", "false", "nil", "end" };
	static const char *const punct[] = { "}", ")", "]" };

	return value_edge(x, k, kw, ARRAY_SIZE(kw), punct, ARRAY_SIZE(punct));
}

/* Nonzero when token k can be the first of a table's entry. */
static int starts_entry(const struct lex *x, size_t k)
{
	static const char *const kw[] = { "true", "false", "nil", "function",
					  "not" };
	static const char *const punct[] = { "{" };

	return value_edge(x, k, kw, ARRAY_SIZE(kw), punct, ARRAY_SIZE(punct));
}

/*
 * The token of the bracket, ( { or [, or the block, function if do or
 * repeat, still open where token k stands; SIZE_MAX if none.  A { inside
 * a function's body is not where the function stands.
 */
static size_t open_bracket(const struct lex *x, size_t k)
{
	static const char *const opens[] = { "(", "{", "[", "function", "if",
					     "do", "repeat" };
	static const char *const closes[] = { ")", "}", "]", "end", "until" };
	size_t *stack = xmalloc((k + 1) * sizeof(*stack)), depth = 0, i;
	size_t r = SIZE_MAX;

	for (i = 0; i < k; i++) {
		if (x->v[i].kind != T_PUNCT && x->v[i].kind != T_NAME)
			continue;
		if (tok_one_of(x, i, opens, ARRAY_SIZE(opens)))
			stack[depth++] = i;
		else if (depth && tok_one_of(x, i, closes, ARRAY_SIZE(closes)))
			depth--;
	}
	if (depth)
		r = stack[depth - 1];
	free(stack);
	return r;
}

/* "FILE:LINE: " and the message. */
static char *say(const char *file, size_t flen, int line, const char *fmt,
		 ...) __attribute__((format(printf, 4, 5)));
static char *say(const char *file, size_t flen, int line, const char *fmt,
		 ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	buf_add(&b, file, flen);
	buf_addf(&b, ":%d: ", line);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

struct where {
	const char *file;
	size_t flen;
};

/* Longest piece of the author's source a message quotes. */
#define FRAG_MAX 60

/*
 * The source from start to end as a message quotes it (malloc'd): at most
 * FRAG_MAX bytes, its end kept from the start of a word when tail is set,
 * else its start, cut between characters, with "..." for what is left out.
 */
static char *frag(const struct lex *x, size_t start, size_t end, int tail)
{
	if (end - start <= FRAG_MAX)
		return xstrndup(x->s + start, end - start);
	if (tail) {
		size_t i;

		start = end - FRAG_MAX;
		/* from the start of a word */
		for (i = start; i < end && i < start + 20; i++)
			if (x->s[i] == ' ') {
				start = i + 1;
				break;
			}
		while (start < end && (x->s[start] & 0xc0) == 0x80)
			start++;
		return xasprintf("...%.*s", (int)(end - start),
				 x->s + start);
	}
	end = start + FRAG_MAX;
	while (end > start && (x->s[end] & 0xc0) == 0x80)
		end--;
	return xasprintf("%.*s...", (int)(end - start), x->s + start);
}

/* A character that looks like Lua's punctuation, or like nothing at all,
 * where Lua reads code: pasted from a word processor, usually. */
static char *lookalike(const struct lex *x, const struct where *w, size_t k)
{
	const struct tok *t = &x->v[k];
	const unsigned char *p = (const unsigned char *)x->s + t->start;
	size_t n = t->end - t->start;
	unsigned long u;
	size_t i;

	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return NULL;	/* not UTF-8: said elsewhere */
	if (n == 2)
		u = ((p[0] & 0x1fUL) << 6) | (p[1] & 0x3fUL);
	else if (n == 3)
		u = ((p[0] & 0x0fUL) << 12) | ((p[1] & 0x3fUL) << 6) |
		    (p[2] & 0x3fUL);
	else if (n == 4)
		u = ((p[0] & 0x07UL) << 18) | ((p[1] & 0x3fUL) << 12) |
		    ((p[2] & 0x3fUL) << 6) | (p[3] & 0x3fUL);
	else
		return NULL;
	if ((n == 3 && u < 0x800) || (n == 4 && u < 0x10000) ||
	    (u >= 0xd800 && u <= 0xdfff) || u > 0x10ffff)
		return NULL;
	if (u == 0x201c || u == 0x201d || u == 0x201e || u == 0x201f ||
	    u == 0xab || u == 0xbb)
		return say(w->file, w->flen, t->line, "curly quote %.*s in the "
			   "code: use straight quotes \" in Lua; curly quotes "
			   "belong inside the text", (int)n, x->s + t->start);
	if (u == 0x2018 || u == 0x2019 || u == 0x201a || u == 0x201b)
		return say(w->file, w->flen, t->line, "curly quote %.*s in the "
			   "code: use straight quotes ' or \" in Lua; curly "
			   "quotes belong inside the text", (int)n,
			   x->s + t->start);
	if (u == 0xfeff && t->start == 0)
		return say(w->file, w->flen, t->line, "the file starts with an "
			   "invisible byte order mark (U+FEFF): save it as "
			   "UTF-8 without a BOM");
	if ((u >= 0x200b && u <= 0x200d) || u == 0x2060 || u == 0xfeff)
		return say(w->file, w->flen, t->line, "an invisible character "
			   "(U+%04lX) in the code: delete it (it may be next "
			   "to a space or at the end of the line)", u);
	if (u == 0xa0 || (u >= 0x2000 && u <= 0x200a) || u == 0x202f ||
	    u == 0x3000)
		return say(w->file, w->flen, t->line, "an unusual space "
			   "(U+%04lX) in the code: replace it with an ordinary "
			   "space", u);
	if (u == 0x2013 || u == 0x2014 || u == 0x2212)
		return say(w->file, w->flen, t->line, "dash %.*s in the code: "
			   "Lua needs a plain hyphen - (and two, --, to start a "
			   "note)", (int)n, x->s + t->start);
	return say(w->file, w->flen, t->line, "the character %.*s (U+%04lX) "
		   "cannot be in the code, only inside a text; retype it with "
		   "plain keys", (int)n, x->s + t->start, u);
}

/*
 * A [[ text that ran on past where the author meant it to end: its ]]
 * written as ], or left out, so that it ends at the ]] of a later text
 * and the parser trips soon after.  Only a text over several lines with a
 * lone ] or a [[ of its own on a line before its last is taken as one.
 */
static char *runaway_text(const struct lex *x, const struct where *w,
			  size_t k)
{
	const struct tok *t = NULL;
	size_t i, from = k > 8 ? k - 8 : 0, b, e;
	int line, lone = 0, opened = 0;

	for (i = k; i-- > from;)
		if (x->v[i].kind == T_LONG) {
			t = &x->v[i];
			break;
		}
	if (!t || t->eline == t->line || x->s[t->start + 1] != '[' ||
	    t->end - t->start < 4 || x->s[t->end - 1] != ']')
		return NULL;
	b = t->start + 2;
	e = t->end - 2;
	/* a lone ] at the end of an entry, on a line before the last, else
	 * the [[ of another text, swallowed */
	for (i = b, line = t->line; i < e && !lone; i++) {
		size_t j = i + 1;

		if (x->s[i] == '\n' || x->s[i] == '\r') {
			skip_newline(x, &i, &line);
			i--;
			continue;
		}
		if (x->s[i] == '[' && j < e && x->s[j] == '[' && !opened)
			opened = line;
		if (x->s[i] != ']' || (i > b && x->s[i - 1] == ']') ||
		    (j < t->end && x->s[j] == ']'))
			continue;
		while (j < e && (x->s[j] == ' ' || x->s[j] == '\t'))
			j++;
		if (j < e && x->s[j] && strchr(",})\n\r", x->s[j]))
			lone = line;
	}
	if (lone && lone < t->eline)
		return say(w->file, w->flen, lone, "] should be ]] to end the "
			   "text that starts with [[ on line %d: as it is, the "
			   "text runs on to the ]] on line %d", t->line,
			   t->eline);
	if (opened)
		return say(w->file, w->flen, t->line, "the text that starts "
			   "with [[ here has no ]] of its own: it runs on over "
			   "the [[ on line %d to the ]] on line %d; add ]] "
			   "where the text should end", opened, t->eline);
	return NULL;
}

/* Nonzero when the line after token k goes on as the rest of a text in
 * quotes q would: to a q, with nothing like code before it. */
static int rest_of_text(const struct lex *x, size_t k, char q)
{
	size_t i;

	for (i = x->v[k].end; i < x->len; i++) {
		char c = x->s[i];

		if (c == q)
			return 1;
		if (c == '\n' || c == '\r' || c == '=' || c == ',' ||
		    c == '{' || c == '}')
			return 0;
	}
	return 0;
}

/* 'Don't': a quote inside a text in the same quotes ends it there. */
static char *closing_quote(const struct lex *x, const struct where *w,
			   size_t k)
{
	static const char *const ends[] = { "t", "s", "re", "ll", "ve", "d",
					    "m" };
	const struct tok *p, *t = &x->v[k];
	char *before, *after, *r;
	char q;

	if (k == 0 || t->kind != T_NAME)
		return NULL;
	p = &x->v[k - 1];
	if (p->kind != T_STRING || p->end != t->start || p->end - p->start < 3)
		return NULL;
	q = x->s[p->start];
	/* an apostrophe: the end of a word's short form, or the text's own
	 * closing quote further on; else, say, "A"go: a missing comma */
	if (!rest_of_text(x, k, q) &&
	    !(q == '\'' && isalpha((unsigned char)x->s[p->end - 2]) &&
	      tok_one_of(x, k, ends, ARRAY_SIZE(ends))))
		return NULL;
	before = frag(x, p->start, p->end, 1);
	after = frag(x, t->start, t->end, 0);
	if (q == '\'')
		r = say(w->file, w->flen, t->line, "the apostrophe in %s%s "
			"ends the text there: put a text with an apostrophe in "
			"double quotes \"...\" or in [[...]]", before, after);
	else
		r = say(w->file, w->flen, t->line, "the \" in %s%s ends the "
			"text there: put a text with quotation marks in [[...]], "
			"or use curly quotes “ ” inside it", before, after);
	free(before);
	free(after);
	return r;
}

/*
 * Going back from token k, the first token that cannot be part of a
 * condition (names, texts, numbers, operators, and with parens set ( and
 * ) too), within 40 tokens; SIZE_MAX if none.
 */
static size_t condition_start(const struct lex *x, size_t k, int parens)
{
	static const char *const within[] = {
		".", ":", "[", "]", "#", "==", "~=", "<", ">", "<=", ">=",
		"..", "+", "-", "*", "/", "%", "and", "or", "not", "true",
		"false", "nil"
	};
	size_t i;

	for (i = k; i-- > 0 && k - i < 40;) {
		const struct tok *t = &x->v[i];

		if (t->kind == T_STRING || t->kind == T_NUMBER ||
		    (t->kind == T_NAME && !is_keyword(x, i)) ||
		    tok_one_of(x, i, within, ARRAY_SIZE(within)) ||
		    (parens && (tok_is(x, i, "(") || tok_is(x, i, ")"))))
			continue;
		return i;
	}
	return SIZE_MAX;
}

/* return state.x = true: = where a condition compares. */
static char *assign_in_condition(const struct lex *x, const struct where *w,
				 size_t k)
{
	static const char *const starts[] = { "return", "if", "elseif",
					      "while", "until" };
	size_t i;

	if (!tok_is(x, k, "=") || (i = condition_start(x, k, 1)) == SIZE_MAX ||
	    !tok_one_of(x, i, starts, ARRAY_SIZE(starts)))
		return NULL;
	return say(w->file, w->flen, x->v[k].line, "= sets a value; to "
		   "compare in a condition, write == (or ~= for \"is not\")");
}

/*
 * function(state) state.x end: a function whose body is a bare condition,
 * its return left out.  Lua trips at the end, at a comparison or, for
 * "not ...", at once; the tokens back to the function's ( ) must all be
 * part of a condition.
 */
static char *missing_return(const struct lex *x, const struct where *w,
			    size_t k)
{
	static const char *const at[] = { "end", "==", "~=", "<", ">", "<=",
					  ">=", "and", "or", "not" };
	size_t i, j;

	if (!tok_one_of(x, k, at, ARRAY_SIZE(at)) ||
	    (i = condition_start(x, k, 0)) == SIZE_MAX || !tok_is(x, i, ")") ||
	    (i + 1 == k && tok_is(x, k, "end")))
		return NULL;
	/* the parameters: (state) or (a, b), after function */
	for (j = i; j > 0 && i - j < 20; j--)
		if (!(x->v[j - 1].kind == T_NAME && !is_keyword(x, j - 1)) &&
		    !tok_is(x, j - 1, ","))
			break;
	if (j < 2 || !tok_is(x, j - 1, "(") || !tok_is(x, j - 2, "function"))
		return NULL;
	return say(w->file, w->flen, x->v[k].line, "return is missing: a "
		   "when's function gives its answer with return, e.g. when = "
		   "function(state) return state.x end");
}

/* Two entries of a table with no comma between: said at the end of the
 * first, where the comma goes. */
static char *missing_comma(const struct lex *x, const struct where *w,
			   size_t k)
{
	const struct tok *p;

	size_t b;

	if (k == 0 || !ends_value(x, k - 1) || !starts_entry(x, k) ||
	    (b = open_bracket(x, k)) == SIZE_MAX || !tok_is(x, b, "{"))
		return NULL;
	p = &x->v[k - 1];
	if (p->eline == x->v[k].line && x->v[k].kind == T_NAME &&
	    x->v[k].end - x->v[k].start <= FRAG_MAX)
		return say(w->file, w->flen, p->eline, "a comma is missing "
			   "before %.*s: the entries inside { } are separated "
			   "by commas", (int)(x->v[k].end - x->v[k].start),
			   x->s + x->v[k].start);
	if (p->eline == x->v[k].line)
		return say(w->file, w->flen, p->eline, "a comma is missing "
			   "before the next entry: the entries inside { } are "
			   "separated by commas");
	return say(w->file, w->flen, p->eline, "a comma is missing at the "
		   "end of this line: the entries inside { } are separated by "
		   "commas, and the next one starts on line %d",
		   x->v[k].line);
}

/* when = state.x: the fact, not a function that reads it. */
static char *when_not_function(const struct lex *x, const struct where *w,
			       int line)
{
	size_t k, e;
	int depth;

	for (k = 0; k + 2 < x->n; k++) {
		if (x->v[k].line != line || !tok_is(x, k, "when") ||
		    !tok_is(x, k + 1, "="))
			continue;
		depth = 0;
		for (e = k + 2; e < x->n && x->v[e].line == line; e++) {
			if (tok_is(x, e, "(") || tok_is(x, e, "{") ||
			    tok_is(x, e, "["))
				depth++;
			else if (tok_is(x, e, ")") || tok_is(x, e, "]") ||
				 tok_is(x, e, "}"))
				depth--;
			if (depth < 0 || (depth == 0 && (tok_is(x, e, ",") ||
							 tok_is(x, e, ";"))))
				break;
		}
		if (e == k + 2 || x->v[k + 2].kind == T_EOF ||
		    x->v[e - 1].end - x->v[k + 2].start > FRAG_MAX ||
		    x->v[e - 1].eline != line)
			break;
		return say(w->file, w->flen, line, "when needs a function that "
			   "reads state: write when = function(state) return "
			   "%.*s end", (int)(x->v[e - 1].end - x->v[k + 2].start),
			   x->s + x->v[k + 2].start);
	}
	return say(w->file, w->flen, line, "state can be read only inside a "
		   "when's function: when = function(state) return state.x "
		   "end");
}

/* The file ended inside a { } (or ( ) or [ ]): where it opened. */
static char *unclosed(const struct lex *x, const struct where *w, size_t k)
{
	size_t b;
	char c;

	if (x->v[k].kind != T_EOF || (b = open_bracket(x, k)) == SIZE_MAX ||
	    x->v[b].kind != T_PUNCT)
		return NULL;
	c = x->s[x->v[b].start];
	return say(w->file, w->flen, x->v[b].line, "the %c here is never "
		   "closed: the file ends first; add %c where it should end",
		   c, c == '{' ? '}' : c == '(' ? ')' : ']');
}

/* Whether token k is what Lua's message names as near. */
static int is_near(const struct lex *x, size_t k, const char *near,
		   size_t nlen)
{
	const struct tok *t = &x->v[k];

	if (!strncmp(near, "<eof>", nlen) && nlen == 5)
		return t->kind == T_EOF;
	if (nlen > 3 && near[0] == '<' && near[1] == '\\')
		return t->kind == T_OTHER &&
		       (unsigned char)x->s[t->start] == strtoul(near + 2,
								NULL, 10);
	if (t->end - t->start == nlen && !memcmp(x->s + t->start, near, nlen))
		return 1;
	/* Lua quotes a text as it read it, escapes done */
	return (near[0] == '"' || near[0] == '\'' || near[0] == '[') &&
	       (t->kind == T_STRING || t->kind == T_LONG) &&
	       x->s[t->start] == near[0];
}

/* A syntax error at the token Lua named as near, on line. */
static char *syntax_error(struct lex *x, const struct where *w, int line,
			  const char *text, const char *near, size_t nlen)
{
	int expected = strstr(text, "expected") != NULL;
	char *r = NULL;
	size_t k, tried = 0;

	/* Lua names the token by its text: on a line holding it many times,
	 * the first few are enough to find the mistake, if it is one */
	for (k = 0; k < x->n && !r && tried < 16; k++) {
		if (x->v[k].eline != line || !is_near(x, k, near, nlen))
			continue;
		tried++;
		if (x->v[k].kind == T_OTHER)
			r = lookalike(x, w, k);
		if (!r)
			r = runaway_text(x, w, k);
		if (!r)
			r = closing_quote(x, w, k);
		if (!r)
			r = assign_in_condition(x, w, k);
		if (!r)
			r = missing_return(x, w, k);
		if (!r && expected)
			r = missing_comma(x, w, k);
		if (!r)
			r = unclosed(x, w, k);
	}
	return r;
}

char *explain_lua_error(const char *src, size_t len, const char *msg)
{
	struct lex x = { src, len, NULL, 0, 0 };
	struct where w;
	const char *colon = strchr(msg, ':'), *text, *near;
	char *end, *r = NULL;
	long line;

	if (!src || !colon || !isdigit((unsigned char)colon[1]))
		return NULL;
	line = strtol(colon + 1, &end, 10);
	if (*end != ':' || end[1] != ' ' || line < 1 || line > 100000000)
		return NULL;
	w.file = msg;
	w.flen = (size_t)(colon - msg);
	text = end + 2;
	if (!strcmp(text, "unknown global 'state'")) {
		lex_until(&x, (int)line);
		r = when_not_function(&x, &w, (int)line);
	} else if (!strncmp(text, "unfinished long string (starting at line ",
			    41)) {
		long from = strtol(text + 41, &end, 10);

		if (*end == ')' && from > 0 && from <= line)
			r = say(w.file, w.flen, (int)from, "the text that "
				"starts with [[ here has no ]] to end it; add "
				"]] where the text should end");
	} else if ((near = strstr(text, " near ")) != NULL) {
		size_t nlen;

		near += 6;
		nlen = strlen(near);
		if (nlen >= 2 && near[0] == '\'' && near[nlen - 1] == '\'') {
			near++;
			nlen -= 2;
		}
		if (nlen > 0) {
			lex_until(&x, (int)line);
			r = syntax_error(&x, &w, (int)line, text, near, nlen);
		}
	}
	free(x.v);
	return r;
}
