/*
 * words.c - the school's own words in pack text (words.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "settings.h"
#include "util.h"
#include "words.h"

/* The words as authors write them, inside {{ }}, by enum word. */
static const char *const names[WORD_COUNT] = {
	"school", "lead", "lead_short", "leads"
};

/* The settings they come from, by enum word. */
static const char *const keys[WORD_COUNT] = {
	"school_name", "lead_title", "lead_short", "leads"
};

/* The longest name between the braces that pack check looks at: longer
 * runs are not meant as words (or are code). */
#define NAME_MAX_LEN 40

static const char *set_or(const char *v, const char *dflt)
{
	return v && *v ? v : dflt;
}

void words_set(struct words *w, const char *school, const char *lead,
	       const char *lead_short, const char *leads)
{
	const char *sh = set_or(lead_short, "DSL");

	w->v[WORD_SCHOOL] = xstrdup(set_or(school, "your school"));
	w->v[WORD_LEAD] = xstrdup(set_or(lead, "Designated Safeguarding "
					 "Lead"));
	w->v[WORD_LEAD_SHORT] = xstrdup(sh);
	/* A school in Wales that sets only lead_short reads "your DSP or a
	 * deputy", not the default's "DSL". */
	w->v[WORD_LEADS] = leads && *leads ? xstrdup(leads) :
			   xasprintf("your %s or a deputy", sh);
}

void words_defaults(struct words *w)
{
	words_set(w, NULL, NULL, NULL, NULL);
}

int words_load(struct words *w, struct store *st, char **msg)
{
	char *v[WORD_COUNT] = { NULL, NULL, NULL, NULL };
	int i, ret = 0;

	for (i = 0; i < WORD_COUNT; i++) {
		v[i] = setting_value(st, keys[i], msg);
		if (!v[i]) {
			ret = -1;
			break;
		}
	}
	if (ret < 0)
		words_defaults(w);
	else
		words_set(w, v[0], v[1], v[2], v[3]);
	for (i = 0; i < WORD_COUNT; i++)
		free(v[i]);
	return ret;
}

void words_free(struct words *w)
{
	int i;

	for (i = 0; i < WORD_COUNT; i++) {
		free(w->v[i]);
		w->v[i] = NULL;
	}
}

int words_in(const char *text)
{
	return text && strstr(text, "{{");
}

int words_find(const char *name, size_t len)
{
	int i;

	for (i = 0; i < WORD_COUNT; i++)
		if (strlen(names[i]) == len && !memcmp(names[i], name, len))
			return i;
	return -1;
}

/* Adds value to b, as Markdown that stands for its text when md. */
static void add_value(struct buf *b, const char *value, int md)
{
	const char *s;

	if (!md) {
		buf_adds(b, value);
		return;
	}
	for (s = value; *s; s++) {
		/* CommonMark: any ASCII punctuation may be escaped, and an
		 * escaped one is a literal character, never markup. */
		if (strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", *s))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

static char *replace(const struct words *w, const char *text, int md)
{
	struct buf b = BUF_INIT;
	const char *s = text, *open, *close;

	if (!text)
		return NULL;
	while ((open = strstr(s, "{{"))) {
		int word = -1;

		/* A word is short: looking no further than that keeps a
		 * text full of braces linear. */
		for (close = open + 2; *close && close - open <= NAME_MAX_LEN;
		     close++)
			if (close[0] == '}' && close[1] == '}')
				break;
		if (close[0] == '}' && close[1] == '}')
			word = words_find(open + 2,
					  (size_t)(close - open - 2));
		if (word < 0) {
			/* not a word: left as written, and looked at
			 * again from its second brace ("{{{lead}}") */
			buf_add(&b, s, (size_t)(open + 1 - s));
			s = open + 1;
			continue;
		}
		buf_add(&b, s, (size_t)(open - s));
		add_value(&b, w->v[word], md);
		s = close + 2;
	}
	buf_adds(&b, s);
	return buf_detach(&b);
}

char *words_md(const struct words *w, const char *text)
{
	return replace(w, text, 1);
}

char *words_plain(const struct words *w, const char *text)
{
	return replace(w, text, 0);
}

char *words_title(const struct words *w, const char *title,
		  const char *fallback)
{
	if (!title || !*title)
		return xstrdup(fallback ? fallback : "");
	return replace(w, title, 0);
}

/* ---- pack check ---- */

/* Reports the {{...}} at s (inside a string of the file) if it is not a
 * word.  Returns how far to skip. */
static size_t check_at(const char *s, const char *end, const char *file,
		       int line, struct diags *d)
{
	const char *p = s + 2;
	char *name, *hint = NULL;
	size_t n, i;

	while (p < end && p - s - 2 <= NAME_MAX_LEN && *p != '}' &&
	       *p != '{' && *p != '\n' && *p != '"' && *p != '\'' &&
	       *p != ']')
		p++;
	if (p + 1 >= end || p[0] != '}' || p[1] != '}' ||
	    p - s - 2 > NAME_MAX_LEN)
		return 1;	/* "{{{word}}": the next brace may begin one */
	n = (size_t)(p - s - 2);
	if (words_find(s + 2, n) >= 0)
		return n + 4;
	name = xstrndup(s + 2, n);
	i = closest_name(name, names, WORD_COUNT);
	if (i != (size_t)-1)
		hint = xasprintf(" (did you mean {{%s}}?)", names[i]);
	diag_add(d, DIAG_ERROR, file, line, "unknown school word {{%s}}%s: "
		 "the words are {{school}}, {{lead}}, {{lead_short}} and "
		 "{{leads}}", name, hint ? hint : "");
	free(hint);
	free(name);
	return n + 4;
}

/* The level of a Lua long bracket at s ("[[" 0, "[==[" 2), or -1. */
static int long_open(const char *s, const char *end)
{
	int level = 0;

	if (*s != '[')
		return -1;
	for (s++; s < end && *s == '='; s++)
		level++;
	return s < end && *s == '[' ? level : -1;
}

/* Nonzero when s closes a long bracket of level. */
static int long_close(const char *s, const char *end, int level)
{
	int i;

	if (*s != ']')
		return 0;
	for (i = 0, s++; i < level; i++, s++)
		if (s >= end || *s != '=')
			return 0;
	return s < end && *s == ']';
}

enum lex { CODE, QUOTED, LONG_STRING, LINE_COMMENT, LONG_COMMENT };

void words_scan(const char *path, const char *file, struct diags *d)
{
	char *text;
	size_t len;
	const char *s, *end;
	enum lex at = CODE;
	int line = 1, level = 0, lua;
	char quote = 0;

	if (read_file(path, 1u << 20, &text, &len) < 0)
		return;
	lua = strlen(path) >= 4 && !strcmp(path + strlen(path) - 4, ".lua");
	end = text + len;
	/* A Markdown file read with `file` is text throughout. */
	if (!lua) {
		at = LONG_STRING;
		level = -1;
	}
	for (s = text; s < end; ) {
		if (*s == '\n') {
			line++;
			if (at == LINE_COMMENT)
				at = CODE;
			s++;
			continue;
		}
		switch (at) {
		case CODE:
			if (s[0] == '-' && s + 1 < end && s[1] == '-') {
				s += 2;
				if (s < end && (level = long_open(s, end)) >= 0) {
					at = LONG_COMMENT;
					s += level + 2;
				} else {
					at = LINE_COMMENT;
				}
				continue;
			}
			if (*s == '"' || *s == '\'') {
				quote = *s++;
				at = QUOTED;
				continue;
			}
			if ((level = long_open(s, end)) >= 0) {
				at = LONG_STRING;
				s += level + 2;
				continue;
			}
			s++;
			continue;
		case QUOTED:
			if (*s == '\\' && s + 1 < end && s[1] != '\n') {
				s += 2;
				continue;
			}
			if (*s == quote) {
				at = CODE;
				s++;
				continue;
			}
			break;
		case LONG_STRING:
			if (level >= 0 && long_close(s, end, level)) {
				at = CODE;
				s += level + 2;
				continue;
			}
			break;
		case LONG_COMMENT:
			if (long_close(s, end, level))
				at = CODE;
			s++;
			continue;
		case LINE_COMMENT:
			s++;
			continue;
		}
		/* inside a string */
		if (s[0] == '{' && s + 1 < end && s[1] == '{')
			s += check_at(s, end, file, line, d);
		else
			s++;
	}
	free(text);
}
