/*
 * test-csv.c - unit tests for csv.c: RFC 4180 records with their line
 * numbers, the mistakes people make in spreadsheets reported where they
 * are, and no read outside the buffer whatever the bytes.
 * Prints TAP ("ok N - what"); exits 1 if any check failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "strv.h"
#include "util.h"
#include "tap.h"

/*
 * Reads all of text[0..len) and describes it on one line: "L:[f1|f2]" for
 * a record starting on line L, "L:!" for an error at line L, with the
 * messages joined into *msgs (may be NULL).  Newlines in fields are shown
 * as "\n" so that the description stays on one line.
 */
static char *describe_n(const char *text, size_t len, char **msgs)
{
	struct csv_reader r;
	struct strv f = STRV_INIT;
	struct buf out = BUF_INIT, m = BUF_INIT;
	char *msg;
	size_t i;
	int line, ret, guard = 0;

	/* A copy of exactly len bytes, so that AddressSanitizer sees any
	 * read past the end. */
	char *copy = xmalloc(len ? len : 1);

	memcpy(copy, text, len);
	csv_init(&r, copy, len);
	while ((ret = csv_next(&r, &f, &line, &msg)) != 0 && guard++ < 1000) {
		if (out.len)
			buf_addc(&out, ' ');
		if (ret < 0) {
			buf_addf(&out, "%d:!", line);
			buf_addf(&m, "%s%s", m.len ? "; " : "", msg);
			free(msg);
			continue;
		}
		buf_addf(&out, "%d:[", line);
		for (i = 0; i < f.n; i++) {
			const char *p;

			if (i)
				buf_addc(&out, '|');
			for (p = f.v[i]; *p; p++)
				if (*p == '\n')
					buf_adds(&out, "\\n");
				else
					buf_addc(&out, *p);
		}
		buf_addc(&out, ']');
	}
	strv_free(&f);
	free(copy);
	if (msgs)
		*msgs = buf_detach(&m);
	else
		buf_free(&m);
	return buf_detach(&out);
}

/* Checks how text reads, showing both descriptions when they differ. */
static void expect(const char *text, const char *want, const char *what)
{
	char *got = describe_n(text, strlen(text), NULL);
	int ok = !strcmp(got, want);

	check(ok, what);
	if (!ok)
		printf("# want: %s\n# got:  %s\n", want, got);
	free(got);
}

/* Checks how text reads and that the error messages contain needle. */
static void expect_error(const char *text, size_t len, const char *want,
			 const char *needle, const char *what)
{
	char *msgs, *got = describe_n(text, len, &msgs);
	int ok = !strcmp(got, want) && strstr(msgs, needle);

	check(ok, what);
	if (!ok)
		printf("# want: %s (%s)\n# got:  %s (%s)\n", want, needle, got,
		       msgs);
	free(got);
	free(msgs);
}

/* expect_error on a string literal, which may hold NUL bytes. */
#define EXPECT_ERROR(text, ...) \
	expect_error(text, sizeof(text) - 1, __VA_ARGS__)

/* Records and their line numbers in well-formed files. */
static void test_records(void)
{
	expect("", "", "an empty file has no records");
	expect("ref,name\n1,Ann\n", "1:[ref|name] 2:[1|Ann]",
	       "LF line ends");
	expect("ref,name\r\n1,Ann\r\n", "1:[ref|name] 2:[1|Ann]",
	       "CRLF line ends");
	expect("ref,name\r1,Ann\r", "1:[ref|name] 2:[1|Ann]",
	       "lone CR line ends (old Mac files)");
	expect("ref,name\n1,Ann", "1:[ref|name] 2:[1|Ann]",
	       "the last line may have no line end");
	expect("\xef\xbb\xbfref,name\n", "1:[ref|name]",
	       "a byte order mark is skipped");
	expect("\xef\xbb\xbf", "", "a file of only a byte order mark is empty");
	expect("a\n\n\r\n\nb\n\n", "1:[a] 5:[b]",
	       "empty lines are skipped and still counted");
	expect("\n\na\n", "3:[a]", "empty lines before the first record");
	expect(",\n,,x,\n", "1:[|] 2:[||x|]", "empty fields are kept");
	expect("a,", "1:[a|]", "a trailing comma at the end of the text");
	expect(" a , b ", "1:[ a | b ]", "spaces belong to the field");
	expect("Si\xc3\xa2n,\xe2\x9c\x93", "1:[Si\xc3\xa2n|\xe2\x9c\x93]",
	       "UTF-8 text is kept as it is");
	expect("a\tb,c", "1:[a\tb|c]", "a tab is ordinary text");
}

/* Quoted fields: commas, quotes and line ends inside them. */
static void test_quoted(void)
{
	expect("\"a,b\",c\n", "1:[a,b|c]", "a comma inside quotes");
	expect("\"Siân O'Brien-Jones, \"\"Jo\"\"\"\n",
	       "1:[Siân O'Brien-Jones, \"Jo\"]",
	       "doubled quotes are one quote");
	expect("\"\",\"\"\"\"\n", "1:[|\"]", "an empty quoted field and a lone "
	       "quote");
	expect("1,\"two\nlines\"\n2,x\n", "1:[1|two\\nlines] 3:[2|x]",
	       "a line end inside quotes; the next record's line counts it");
	expect("1,\"a\r\nb\rc\"\r\n2,x\r\n", "1:[1|a\\nb\\nc] 4:[2|x]",
	       "CRLF and CR inside quotes are given as LF");
	expect("\"\n\n\",x", "1:[\\n\\n|x]", "empty lines inside quotes are "
	       "kept");
	expect("\"=HYPERLINK(\"\"http://x\"\")\",@SUM(1),-2+3",
	       "1:[=HYPERLINK(\"http://x\")|@SUM(1)|-2+3]",
	       "formula-like text is read literally");
	expect("\"a\"", "1:[a]", "a quoted field at the very end of the text");
}

/* Mistakes, each reported at its line and column, and reading goes on. */
static void test_errors(void)
{
	EXPECT_ERROR("ok\nab\"c,d\nnext\n", "1:[ok] 2:! 3:[next]",
		     "a quote in column 3 inside a field that does not start "
		     "with one", "a quote inside an unquoted field");
	EXPECT_ERROR("x, \"y\"\n", "1:!", "column 4",
		     "a space before an opening quote makes the quote stray");
	EXPECT_ERROR("\"ab\"c,d\nnext\n", "1:! 2:[next]",
		     "text after the closing quote of a field in column 5",
		     "text after a closing quote");
	EXPECT_ERROR("a\nb,\"open\nmore\nlines\n", "1:[a] 2:!",
		     "the quoted field that starts in column 3 is never closed",
		     "an unterminated quote is reported where it opened");
	EXPECT_ERROR("a\n\"", "1:[a] 2:!", "never closed",
		     "a lone quote at the end of the text");
	EXPECT_ERROR("a\nb\xff,c\nd\n", "1:[a] 2:! 3:[d]",
		     "text that is not UTF-8 in column 2",
		     "an invalid UTF-8 byte");
	EXPECT_ERROR("\xc3\xa9\xc3\xa9\x80", "1:!", "column 3",
		     "columns count characters, not bytes");
	EXPECT_ERROR("\xc0\x80", "1:!", "not UTF-8", "an overlong NUL");
	EXPECT_ERROR("\xed\xa0\x80", "1:!", "not UTF-8", "a surrogate");
	EXPECT_ERROR("\xf4\x90\x80\x80", "1:!", "not UTF-8",
		     "a code point past U+10FFFF");
	EXPECT_ERROR("ok\xe2\x82", "1:!", "not UTF-8",
		     "a character cut off at the end of the text");
	EXPECT_ERROR("a\0b\nc", "1:! 2:[c]", "a NUL byte in column 2",
		     "a NUL byte");
	EXPECT_ERROR("\"a\0\"\n", "1:!", "NUL", "a NUL byte inside quotes");
	EXPECT_ERROR("a\"b\"c\"\n", "1:!", "column 2",
		     "only the first mistake in a record is reported");
	EXPECT_ERROR("\"x\nx\"y\nz\n", "2:! 3:[z]", "column 3",
		     "a mistake after a multi-line field is on its own line");
}

/* The decoder's answers at the edges. */
static void test_utf8(void)
{
	uint32_t cp = 0;

	check(utf8_decode("A", 1, &cp) == 1 && cp == 'A', "ASCII");
	check(utf8_decode("\xc2\x85", 2, &cp) == 2 && cp == 0x85,
	      "a C1 control decodes (so callers can refuse it)");
	check(utf8_decode("\xf0\x9f\x98\x80", 4, &cp) == 4 &&
	      cp == 0x1f600, "a four-byte character");
	check(utf8_decode("\xf0\x9f\x98\x80", 3, &cp) == 0,
	      "a four-byte character cut short");
	check(utf8_decode("\xe0\x80\xaf", 3, &cp) == 0, "overlong '/'");
	check(utf8_decode("\x80", 1, &cp) == 0, "a lone continuation");
	check(utf8_decode("\xf8\x88\x80\x80\x80", 5, &cp) == 0,
	      "a five-byte form");
	check(utf8_decode("", 0, &cp) == 0, "nothing");
}

/* Reads text to the end, counting calls, and says whether it stopped in
 * at most len + 1 records (every call must consume something). */
static int reads_to_end(const char *text, size_t len)
{
	struct csv_reader r;
	struct strv f = STRV_INIT;
	char *msg, *copy = xmalloc(len ? len : 1);
	size_t calls = 0;
	int line, ret;

	memcpy(copy, text, len);
	csv_init(&r, copy, len);
	while ((ret = csv_next(&r, &f, &line, &msg)) != 0) {
		free(msg);
		if (++calls > len + 1 || line < 1)
			break;
	}
	strv_free(&f);
	free(copy);
	return ret == 0;
}

/* Every short string over the bytes that matter, and random longer ones:
 * each is read to its end (AddressSanitizer checks the reads). */
static void test_any_bytes(void)
{
	static const char alphabet[] = { '"', ',', '\n', '\r', 'a', '\0',
					 '\xc3', '\xa9', '\xef' };
	enum { K = sizeof(alphabet), MAXLEN = 5 };
	char buf[512];
	size_t len, i, total = 0, bad = 0;
	unsigned long seed = 12345;

	for (len = 0; len <= MAXLEN; len++) {
		size_t count = 1, c;

		for (i = 0; i < len; i++)
			count *= K;
		for (c = 0; c < count; c++) {
			size_t v = c;

			for (i = 0; i < len; i++, v /= K)
				buf[i] = alphabet[v % K];
			total++;
			if (!reads_to_end(buf, len))
				bad++;
		}
	}
	for (i = 0; i < 20000; i++) {
		size_t j;

		seed = seed * 1103515245 + 12345;
		len = (size_t)(seed >> 16) % sizeof(buf);
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245 + 12345;
			buf[j] = (seed >> 16) & 1 ? alphabet[(seed >> 17) % K] :
				 (char)(seed >> 20);
		}
		total++;
		if (!reads_to_end(buf, len))
			bad++;
	}
	check(total > 0 && bad == 0, "any bytes are read to the end, every "
	      "call moving on");
}

/* The writer: every field quoted, quotes doubled, a ' before what a
 * spreadsheet would take for a formula, records ending in CRLF; and what
 * it writes reads back (with the ' kept) through the reader. */
static void test_writer(void)
{
	const char *fields[] = { "plain", "=1+2", "+44 20", "-1", "@SUM(A1)",
				 "\tx", "a \"quoted\" word", "comma, and\nline",
				 NULL, "" };
	struct csv_reader r;
	struct strv got = STRV_INIT;
	struct buf b = BUF_INIT;
	char *msg = NULL, nul[] = { '\0', 'x' };
	int line;

	csv_row_add(&b, fields, ARRAY_SIZE(fields));
	check(b.s && !strcmp(b.s, "\"plain\",\"'=1+2\",\"'+44 20\",\"'-1\","
			      "\"'@SUM(A1)\",\"'\tx\",\"a \"\"quoted\"\" "
			      "word\",\"comma, and\nline\",\"\",\"\"\r\n"),
	      "csv_row_add quotes, doubles quotes and defuses formulas");
	csv_init(&r, b.s, b.len);
	check(csv_next(&r, &got, &line, &msg) == 1 && got.n == 10 &&
	      !strcmp(got.v[1], "'=1+2") && !strcmp(got.v[6],
						   "a \"quoted\" word") &&
	      !strcmp(got.v[7], "comma, and\nline") && !*got.v[8],
	      "and the reader reads it back");
	check(csv_field_size(nul, 2) == 5, "a field that starts with NUL is "
	      "defused too");
	strv_free(&got);
	free(msg);
	buf_free(&b);
}

int main(void)
{
	test_writer();
	test_records();
	test_quoted();
	test_errors();
	test_utf8();
	test_any_bytes();
	return tap_done();
}
