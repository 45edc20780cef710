/*
 * test-words.c - the school's words in pack text: the defaults, a value
 * put into Markdown as plain text (its punctuation escaped, so it renders
 * as written on the web and in the terminal), a word that is not one of
 * the four left as written, and pack check's scan of a Lua file.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "markdown.h"
#include "util.h"
#include "words.h"
#include "tap.h"

static void is(char *got, const char *want, const char *what)
{
	check(got && !strcmp(got, want), what);
	if (!got || strcmp(got, want))
		printf("# got  '%s'\n# want '%s'\n", got ? got : "(null)",
		       want);
	free(got);
}

int main(void)
{
	struct words w = WORDS_INIT;
	struct diags d = DIAGS_INIT;
	const char *hostile = "St *Mary*'s <b>& [Co](x) `c` _u_ #1";
	char *md, *path;
	FILE *f;

	words_defaults(&w);
	is(words_plain(&w, "{{school}}: tell the {{lead}} ({{lead_short}}), "
		       "{{leads}}."),
	   "your school: tell the Designated Safeguarding Lead (DSL), your "
	   "DSL or a deputy.", "unset, the words read as SPEC gives them");
	is(words_plain(&w, "{{lead_shrot}} {{ lead }} {{{lead_short}}} {{"),
	   "{{lead_shrot}} {{ lead }} {DSL} {{",
	   "a word that is not one of the four is left as written");
	check(words_md(&w, NULL) == NULL && words_plain(&w, NULL) == NULL,
	      "no text gives no text");
	check(words_in("a {{lead}}") && !words_in("a {lead}") &&
	      !words_in(NULL), "words_in finds {{");
	words_free(&w);

	words_set(&w, "", "Designated Safeguarding Person", "DSP", NULL);
	is(words_plain(&w, "{{leads}}, {{school}}"),
	   "your DSP or a deputy, your school",
	   "unset leads follow lead_short; unset school is the default");
	is(words_title(&w, "What the {{lead_short}} does", "m"),
	   "What the DSP does", "a title reads the school's words");
	is(words_title(&w, NULL, "the-module"), "the-module",
	   "no title: the fallback, as it is");
	is(words_title(&w, "", "{{lead}}"), "{{lead}}",
	   "an empty title: the fallback, as it is");
	is(words_title(&w, NULL, NULL), "", "and no fallback is \"\"");
	words_free(&w);

	words_set(&w, hostile, NULL, NULL, NULL);
	md = words_md(&w, "At **{{school}}**.");
	is(xstrdup(md), "At **St \\*Mary\\*\\'s \\<b\\>\\& \\[Co\\]\\(x\\) "
	   "\\`c\\` \\_u\\_ \\#1**.", "a value's Markdown punctuation is "
	   "escaped");
	is(md_to_html(md, strlen(md)),
	   "<p>At <strong>St *Mary*'s &lt;b&gt;&amp; [Co](x) `c` _u_ #1"
	   "</strong>.</p>\n", "on the web it shows as written, escaped");
	is(md_to_term(md, strlen(md), 80, 0),
	   "At St *Mary*'s <b>& [Co](x) `c` _u_ #1.\n",
	   "in the terminal it shows as written");
	free(md);
	md = words_md(&w, "{{school}}");
	is(md_to_html(md, strlen(md)), "<p>St *Mary*'s &lt;b&gt;&amp; "
	   "[Co](x) `c` _u_ #1</p>\n", "a value at the start of a line is "
	   "no heading or list");
	free(md);
	words_free(&w);
	words_set(&w, "1. First", NULL, NULL, NULL);
	md = words_md(&w, "{{school}}");
	is(md_to_html(md, strlen(md)), "<p>1. First</p>\n",
	   "a value that looks like a list item is text");
	free(md);
	words_free(&w);

	/* pack check's scan: strings only, comments skipped, lines right */
	path = xasprintf("test-words-%ld.lua", (long)getpid());
	f = fopen(path, "w");
	check(f != NULL, "a module file to scan");
	if (f) {
		fputs("module { title = \"{{school}}\", minutes = 5 }\n"
		      "-- a note: {{not_a_word}}\n"
		      "--[[ {{nor_this}}\n{{nor_that}} ]]\n"
		      "page [[Tell {{lead_short}}.\n\nOr {{lead_shrot}}.]]\n"
		      "local t = {{1}}\n"
		      "page 'see {{ school }}'\n", f);
		fclose(f);
		words_scan(path, "m.lua", &d);
		check(d.errors == 2, "two unknown words found");
		check(d.n > 0 && d.v[0].line == 7 &&
		      !strcmp(d.v[0].file, "m.lua") &&
		      !strcmp(d.v[0].message, "unknown school word "
			      "{{lead_shrot}} (did you mean {{lead_short}}?): "
			      "the words are {{school}}, {{lead}}, "
			      "{{lead_short}} and {{leads}}"),
		      "at its line, with the words");
		check(d.n > 1 && d.v[1].line == 9, "the second at its line");
		for (size_t i = 0; i < d.n; i++)
			printf("# %s:%d: %s\n", d.v[i].file, d.v[i].line,
			       d.v[i].message);
		remove(path);
	}
	free(path);
	diag_free(&d);
	return tap_done();
}
