/*
 * test-html.c - unit tests for html.c: text and attribute values can never
 * become markup, controls and bytes that are not UTF-8 never reach the
 * page, literal markup passes through untouched, and a part of a URL
 * stays one part.
 * Prints TAP ("ok N - what"); exits 1 if any check failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "util.h"
#include "tap.h"

/* Runs one helper on s and compares what it wrote with want. */
static void expect(void (*fn)(struct buf *, const char *), const char *s,
		   const char *want, const char *what)
{
	struct buf b = BUF_INIT;

	fn(&b, s);
	check(!strcmp(b.s ? b.s : "", want), what);
	if (strcmp(b.s ? b.s : "", want))
		printf("# got:  %s\n# want: %s\n", b.s ? b.s : "", want);
	buf_free(&b);
}

int main(void)
{
	struct buf b = BUF_INIT;

	expect(html_txt, "<script>alert(1)</script>",
	       "&lt;script&gt;alert(1)&lt;/script&gt;", "tags are escaped");
	expect(html_txt, "Siân O'Brien & \"Jo\"",
	       "Siân O&#39;Brien &amp; &quot;Jo&quot;",
	       "& ' \" are escaped, UTF-8 kept");
	expect(html_attr, "\" onload=\"x",
	       "&quot; onload=&quot;x", "a quote cannot end an attribute");
	expect(html_attr, "' onload='x", "&#39; onload=&#39;x",
	       "an apostrophe cannot end an attribute");
	expect(html_txt, "&amp;", "&amp;amp;", "a reference is escaped again");
	expect(html_txt, "a\tb\nc\r", "a\tb\nc\r",
	       "tab, newline and carriage return are kept");
	expect(html_txt, "a\x1b[31mb\x7f", "a\xef\xbf\xbd[31mb\xef\xbf\xbd",
	       "C0 controls and DEL become U+FFFD");
	expect(html_txt, "a\xc2\x9b" "b", "a\xef\xbf\xbd" "b",
	       "C1 controls become U+FFFD");
	expect(html_txt, "a\xff\xc3" "b\xe2\x82", "a\xef\xbf\xbd\xef\xbf\xbd"
	       "b\xef\xbf\xbd\xef\xbf\xbd", "invalid UTF-8 becomes U+FFFD");
	expect(html_txt, "\xf0\x9f\x99\x82", "\xf0\x9f\x99\x82",
	       "four-byte UTF-8 is kept");
	expect(html_txt, NULL, "", "NULL writes nothing");
	expect(html_txt, "", "", "an empty string writes nothing");
	expect(html_raw, "<p class=\"x\">&amp;", "<p class=\"x\">&amp;",
	       "raw markup passes through");

	expect(html_url_part, "Teaching staff/T 1?a=b&c#d\"'<",
	       "Teaching%20staff%2FT%201%3Fa%3Db%26c%23d%22%27%3C",
	       "a URL part: / ? & # space and quotes are percent-encoded");
	expect(html_url_part, "AZaz09-._~", "AZaz09-._~",
	       "unreserved characters are kept");
	expect(html_url_part, "Si\xc3\xa2n", "Si%C3%A2n",
	       "UTF-8 is percent-encoded byte by byte");
	expect(html_url_part, NULL, "", "NULL writes nothing in a URL");

	html_txtf(&b, "%d <%s>", 42, "b&c");
	check(b.s && !strcmp(b.s, "42 &lt;b&amp;c&gt;"),
	      "html_txtf escapes what it formats");
	buf_free(&b);
	return tap_done();
}
