/*
 * test-markdown.c - unit tests for markdown.c: the HTML output is safe, the
 * terminal output is wrapped, readable and free of control characters.
 * Prints TAP ("ok N - what"); exits 1 if any check failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markdown.h"
#include "tap.h"


/* Case-insensitive strstr, for markup that browsers read in any case. */
static const char *find_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return hay;
	return NULL;
}

/* Renders md to HTML, or "" when it fails so that checks still run. */
static char *html(const char *md)
{
	char *s = md_to_html(md, strlen(md));

	return s ? s : strdup("");
}

/* Renders md for a terminal of the given width, or "" when it fails. */
static char *term_as(const char *md, int width, int flags)
{
	char *s = md_to_term(md, strlen(md), width, flags);

	return s ? s : strdup("");
}

static char *term(const char *md, int width)
{
	return term_as(md, width, 0);
}

/* Checks a terminal rendering exactly, showing both texts when they differ. */
static void expect_term_as(const char *md, int width, int flags,
			   const char *want, const char *what)
{
	char *got = term_as(md, width, flags);
	int ok = !strcmp(got, want);

	check(ok, what);
	if (!ok)
		printf("# want:\n%s# got:\n%s", want, got);
	free(got);
}

static void expect_term(const char *md, int width, const char *want,
			const char *what)
{
	expect_term_as(md, width, 0, want, what);
}

/* Nonzero when s holds no C0 control but newline, no DEL and no C1. */
static int no_controls(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			return 0;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
	}
	return 1;
}

/* Nonzero when every line of s fits in width code points. */
static int fits(const char *s, int width)
{
	int cols = 0;

	for (; *s; s++) {
		if (*s == '\n')
			cols = 0;
		else if (((unsigned char)*s & 0xc0) != 0x80 && ++cols > width)
			return 0;
	}
	return 1;
}

/* Number of lines in s. */
static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Nonzero when no line of s starts or ends inside a UTF-8 sequence. */
static int lines_whole_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int need = 0;

	for (; *p; p++) {
		if (need) {
			if ((*p & 0xc0) != 0x80)
				return 0;
			need--;
		} else if ((*p & 0xc0) == 0x80) {
			return 0;
		} else if (*p >= 0xf0) {
			need = 3;
		} else if (*p >= 0xe0) {
			need = 2;
		} else if (*p >= 0xc0) {
			need = 1;
		}
	}
	return need == 0;
}

/* Raw HTML, event handlers and script links never reach the page. */
static void test_html(void)
{
	char *s, *big;

	s = html("Be *careful* & kind.");
	check(!strcmp(s, "<p>Be <em>careful</em> &amp; kind.</p>\n"),
	      "html: emphasis rendered and text escaped");
	free(s);

	s = html("<script>alert(1)</script>\n\nafter <ScRiPt>x()</script>");
	check(!find_nocase(s, "<script"), "html: <script> is not rendered");
	check(strstr(s, "raw HTML omitted") != NULL,
	      "html: raw HTML replaced by a comment");
	free(s);

	s = html("a <b onclick=\"steal()\">bold</b> "
		 "<img src=x onerror=alert(1)>");
	check(!find_nocase(s, "<b") && !find_nocase(s, "onclick") &&
	      !find_nocase(s, "<img") && !find_nocase(s, "onerror"),
	      "html: inline <b onclick> and <img onerror> are not rendered");
	free(s);

	s = html("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2)) "
		 "[z](javascript&#58;alert(3)) <javascript:alert(4)>");
	check(!find_nocase(s, "href=\"javascript") &&
	      !find_nocase(s, "href=\"&#") && strstr(s, "href=\"\"") != NULL,
	      "html: javascript: links lose their target");
	free(s);

	s = html("![i](javascript:alert(1)) [v](vbscript:x) "
		 "[f](file:///etc/passwd) "
		 "[d](data:text/html,<script>x</script>)");
	check(!find_nocase(s, "javascript:") && !find_nocase(s, "vbscript:") &&
	      !find_nocase(s, "file:") && !find_nocase(s, "data:text"),
	      "html: vbscript:, file: and data: targets dropped");
	free(s);

	s = html("bad \xff\xfe byte");
	check(strstr(s, "\xef\xbf\xbd") != NULL && !strchr(s, '\xff'),
	      "html: invalid UTF-8 replaced (CMARK_OPT_VALIDATE_UTF8)");
	free(s);

	big = malloc(MD_TEXT_CAP + 2);
	memset(big, 'a', MD_TEXT_CAP + 1);
	big[MD_TEXT_CAP + 1] = '\0';
	s = md_to_html(big, MD_TEXT_CAP + 1);
	check(s == NULL, "html: text over MD_TEXT_CAP refused");
	free(s);
	s = md_to_term(big, MD_TEXT_CAP + 1, 80, 0);
	check(s == NULL, "term: text over MD_TEXT_CAP refused");
	free(s);
	free(big);
}

/* Block and inline elements each have a plain-text form. */
static void test_term_elements(void)
{
	expect_term("", 40, "\n", "term: empty text is one newline");
	expect_term("# Title", 40, "Title\n=====\n",
		    "term: level 1 heading underlined with =");
	expect_term("## Sub heading\n\n### Third", 40,
		    "Sub heading\n-----------\n\nThird\n-----\n",
		    "term: lower headings underlined with -");
	expect_term("an *emphasised* and **strong** word", 40,
		    "an emphasised and strong word\n",
		    "term: emphasis and strong as their plain words");
	expect_term("one\ntwo\nthree", 40, "one two three\n",
		    "term: soft breaks become spaces");
	expect_term("one\\\ntwo  \nthree", 40, "one\ntwo\nthree\n",
		    "term: hard breaks end the line");
	expect_term("first\n\nsecond", 40, "first\n\nsecond\n",
		    "term: blank line between blocks");
	expect_term("call `a  *b*` now", 40, "call a  *b* now\n",
		    "term: code span as is");
	expect_term("see [the policy](https://ex.org/p) now", 60,
		    "see the policy <https://ex.org/p> now\n",
		    "term: link as text <url>");
	expect_term("see <https://ex.org/p> or <dsl@ex.org>", 60,
		    "see https://ex.org/p or dsl@ex.org\n",
		    "term: autolink as just the url");
	expect_term("para\n\n```\nif (a)\n\tb();\n```\n\nafter", 40,
		    "para\n\n    if (a)\n            b();\n\nafter\n",
		    "term: code block indented 4 spaces, tab expanded");
	expect_term("a\n\n***\n\nb", 20,
		    "a\n\n--------------------\n\nb\n",
		    "term: thematic break as a rule");
	expect_term("a <b>bold</b> word\n\n<div>\nblock\n</div>\n\nend", 40,
		    "a bold word\n\nend\n", "term: raw HTML dropped");
}

/* Lists and quotes indent what they hold, wrapped lines included. */
static void test_term_containers(void)
{
	expect_term("- apples and pears and plums\n- figs\n", 20,
		    "- apples and pears\n  and plums\n- figs\n",
		    "term: bullet list with hanging indent");
	expect_term("* one\n* two\n\n+ three\n", 20,
		    "- one\n- two\n\n- three\n",
		    "term: every bullet written as - ");
	expect_term("1. tell the safeguarding lead\n2. write it down\n", 20,
		    "1. tell the\n   safeguarding lead\n2. write it down\n",
		    "term: ordered list with hanging indent");
	expect_term("7. seven\n8. eight\n", 20, "7. seven\n8. eight\n",
		    "term: ordered list keeps its start number");
	expect_term("- a\n  - b\n- c\n", 20, "- a\n  - b\n- c\n",
		    "term: nested tight list without blank lines");
	expect_term("- a\n\n- b\n", 20, "- a\n\n- b\n",
		    "term: loose list keeps blank lines");
	expect_term("> listen to the child and stay calm\n>\n> then report",
		    20, "> listen to the\n> child and stay\n> calm\n>\n"
		    "> then report\n",
		    "term: block quote prefixed with > ");
	expect_term("> - in a quote\n", 20, "> - in a quote\n",
		    "term: list inside a quote");
}

/* Wrapping counts columns, not bytes, and never splits a character. */
static void test_term_wrap(void)
{
	char *s, *big;
	int i;

	s = term("Staff should record every concern promptly, using the "
		 "words the child used, and pass it to the designated "
		 "safeguarding lead the same day.", 30);
	check(fits(s, 30), "term: lines fit the width");
	check(!strcmp(s, "Staff should record every\n"
			 "concern promptly, using the\n"
			 "words the child used, and pass\n"
			 "it to the designated\n"
			 "safeguarding lead the same\n"
			 "day.\n"),
	      "term: greedy wrap at word boundaries");
	free(s);

	expect_term("\xe2\x80\x9c" "Curly quotes\xe2\x80\x9d and Si\xc3\xa2n "
		    "said \xe2\x80\x9cno\xe2\x80\x9d today", 20,
		    "\xe2\x80\x9c" "Curly quotes\xe2\x80\x9d and\n"
		    "Si\xc3\xa2n said \xe2\x80\x9cno\xe2\x80\x9d today\n",
		    "term: UTF-8 text wrapped by columns, not bytes");

	/* An odd start so that a cut by bytes would split a character. */
	big = malloc(1 + 49 * 2 + 1);
	big[0] = 'x';
	for (i = 0; i < 49; i++)
		memcpy(big + 1 + 2 * i, "\xc3\xa9", 2);
	big[99] = '\0';
	s = term(big, 20);
	check(fits(s, 20) && lines_whole_utf8(s) && lines(s) == 3,
	      "term: long word cut at a character boundary");
	free(s);
	free(big);

	expect_term("word word word word word word word word", 5,
		    "word word word word\nword word word word\n",
		    "term: width under 20 treated as 20");
}

/* Pack text can never send escape sequences to the terminal. */
static void test_term_controls(void)
{
	char *s;

	s = term("red \x1b[31malert\x1b[0m bell\x07 del\x7f c1\xc2\x9b[2J "
		 "ent&#27;[31m &#x9b;x &#127;"
		 "[x](&#27;]0;title&#7;)\n\n"
		 "```\n\x1b]0;pwned\x07\n```\n", 60);
	check(no_controls(s), "term: ESC, C0, DEL and C1 stripped");
	check(strstr(s, "red [31malert[0m bell del c1[2J") != NULL,
	      "term: the printable text around controls is kept");
	free(s);
}

/* Styled for a terminal: bold and italic by escape sequences that take no
 * columns, closed at each line's end, and only ever the renderer's. */
static void test_term_style(void)
{
	char *s;

	expect_term_as("an *emphasised* and **strong** word", 40,
		       MD_TERM_STYLE, "an \033[3memphasised\033[23m and "
		       "\033[1mstrong\033[22m word\n",
		       "style: emphasis italic, strong bold, no markers");
	expect_term_as("# Title", 40, MD_TERM_STYLE,
		       "\033[1mTitle\033[22m\n=====\n",
		       "style: heading bold, underline as wide as its text");
	expect_term_as("**one two three four** five six", 20, MD_TERM_STYLE,
		       "\033[1mone two three four\033[22m\nfive six\n",
		       "style: escapes take no columns when wrapping");
	expect_term_as("aaaa **bbbb cccc dddd eeee** ffff", 20, MD_TERM_STYLE,
		       "aaaa \033[1mbbbb cccc dddd\033[22m\n"
		       "\033[1meeee\033[22m ffff\n",
		       "style: a style across lines closed and opened again");
	expect_term_as("> **bold words that wrap here**", 20, MD_TERM_STYLE,
		       "> \033[1mbold words that\033[22m\n"
		       "> \033[1mwrap here\033[22m\n",
		       "style: prefixes of wrapped lines stay plain");
	expect_term_as("***both*** *it **in** it*", 40, MD_TERM_STYLE,
		       "\033[3m\033[1mboth\033[22m\033[23m \033[3mit "
		       "\033[1min\033[22m it\033[23m\n",
		       "style: nested emphasis");
	s = term_as("a\x01" "b\x02 &#1;c&#2; \x1b[1mx **y**", 40,
		    MD_TERM_STYLE);
	check(!strcmp(s, "ab c [1mx \033[1my\033[22m\n"),
	      "style: pack text cannot inject the renderer's markers or ESC");
	free(s);
	s = term_as("**strong** and *em*", 40, 0);
	check(!strchr(s, '\033') && !strchr(s, '*'),
	      "style: none without the flag, and no markers either");
	free(s);
}

/* Hostile nesting renders, and lines deep inside it do not each repeat
 * the whole nesting, so the output stays in proportion to the input. */
static void test_term_nesting(void)
{
	size_t n = MD_TEXT_CAP - 100, i;
	char *md = malloc(n + 1), *s;

	for (i = 0; i < 4000; i++)
		md[i] = '>';
	memcpy(md + i, " a\\\n", 4);
	for (i += 4; i + 3 < n; i += 3)
		memcpy(md + i, "b\\\n", 3);
	md[i] = '\0';
	s = md_to_term(md, strlen(md), 40, 0);
	check(s && strlen(s) < 10 * n, "term: deep nesting renders, bounded");
	free(s);
	free(md);
}

/* Short labels lose their control characters but keep the text. */
static void test_strip_controls(void)
{
	char *s;

	s = md_strip_controls("a\x1b[31mb\tc\nd\x7f\xc2\x9b" "e\r");
	check(!strcmp(s, "a[31mb\tc\nde"),
	      "strip: C0 (but tab and newline), DEL and C1 removed");
	free(s);
	s = md_strip_controls("\xe2\x80\x9cSi\xc3\xa2n\xe2\x80\x9d");
	check(!strcmp(s, "\xe2\x80\x9cSi\xc3\xa2n\xe2\x80\x9d"),
	      "strip: UTF-8 text kept");
	free(s);
	s = md_strip_controls("x\x9b" "y\xc2");
	check(!strcmp(s, "x\xef\xbf\xbdy\xef\xbf\xbd"),
	      "strip: invalid UTF-8 (a lone C1 byte) replaced by U+FFFD");
	free(s);
}

int main(void)
{
	test_html();
	test_term_elements();
	test_term_containers();
	test_term_wrap();
	test_term_controls();
	test_term_nesting();
	test_term_style();
	test_strip_controls();
	return tap_done();
}
