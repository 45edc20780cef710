/*
 * test-mail.c - composing a message (mail.h): the header fields a message
 * has and nothing more, whatever a name or a subject holds (a line break,
 * a tab, an escape); names that are not plain ASCII as RFC 2047 encoded
 * words that decode to the name; lines ending CRLF, the body's at most
 * 76 characters of quoted-printable that decode to the text; and the
 * addresses mail_address_ok refuses.  Prints TAP; exits 1 if any check
 * failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "mail.h"
#include "util.h"
#include "tap.h"

/* 2026-12-07T00:00:00Z, a Monday. */
#define MONDAY	((time_t)1796601600)

static struct mail_server server = {
	.url = "smtp://127.0.0.1:25", .user = "", .password = "",
	.from = "training@school.example", .from_name = "",
};

/* The message for m, or NULL after saying why. */
static char *compose(const struct mail *m)
{
	char *msg = NULL, *text = mail_compose(&server, m, MONDAY, &msg);

	if (!text)
		fprintf(stderr, "# mail_compose: %s\n", msg ? msg : "(no msg)");
	free(msg);
	return text;
}

/* The header part of text (up to the blank line), malloc'd. */
static char *header_of(const char *text)
{
	const char *end = strstr(text, "\r\n\r\n");

	return xstrndup(text, end ? (size_t)(end - text) + 2 : strlen(text));
}

/* The number of header fields: lines that do not start with a space or
 * a tab (which continue the field before). */
static int field_count(const char *head)
{
	const char *p = head;
	int n = 0;

	while (*p) {
		if (*p != ' ' && *p != '\t')
			n++;
		p = strstr(p, "\r\n");
		if (!p)
			break;
		p += 2;
	}
	return n;
}

/* Nonzero when some line of head starts with name, a line being what
 * follows any CR or LF (so that a bare one counts too). */
static int has_field(const char *head, const char *name)
{
	size_t n = strlen(name);
	const char *p = head;

	while (p) {
		p += strspn(p, "\r\n");
		if (!strncasecmp(p, name, n))
			return 1;
		p = strpbrk(p, "\r\n");
	}
	return 0;
}

/* The unfolded value of field name ("To:") in head, malloc'd, or NULL. */
static char *field(const char *head, const char *name)
{
	struct buf b = BUF_INIT;
	const char *p = head, *eol;
	size_t n = strlen(name);

	while (p && strncmp(p, name, n)) {
		p = strstr(p, "\r\n");
		if (p)
			p += 2;
	}
	if (!p)
		return NULL;
	p += n;
	for (;;) {
		eol = strstr(p, "\r\n");
		if (!eol) {
			buf_adds(&b, p);
			break;
		}
		buf_add(&b, p, (size_t)(eol - p));
		p = eol + 2;
		if (*p != ' ' && *p != '\t')
			break;
	}
	return buf_detach(&b);
}

/*
 * RFC 2047 decoding of a value with B encoded words in UTF-8: the words'
 * text joined, the space between two adjacent words dropped (6.2), other
 * text kept.  malloc'd; NULL when a word does not decode.
 */
static char *decode_words(const char *v)
{
	struct buf b = BUF_INIT;
	const char *p = v, *w, *end, *gap = NULL;
	unsigned char bin[256];
	size_t len;

	for (;;) {
		w = strstr(p, "=?UTF-8?B?");
		if (!w) {
			buf_adds(&b, p);
			break;
		}
		/* Only space between this word and the one before: none. */
		if (!(gap && strspn(p, " \t") == (size_t)(w - p)))
			buf_add(&b, p, (size_t)(w - p));
		w += 10;
		end = strstr(w, "?=");
		if (!end || sodium_base642bin(bin, sizeof(bin), w,
					      (size_t)(end - w), NULL, &len,
					      NULL,
					      sodium_base64_VARIANT_ORIGINAL)) {
			buf_free(&b);
			return NULL;
		}
		buf_add(&b, (const char *)bin, len);
		p = gap = end + 2;
	}
	return buf_detach(&b);
}

/* The quoted-printable body decoded, line ends made "\n" (malloc'd); NULL
 * when it is not quoted-printable. */
static char *qp_decode(const char *s)
{
	struct buf b = BUF_INIT;
	unsigned char c;

	while (*s) {
		if (!strncmp(s, "=\r\n", 3)) {
			s += 3;
		} else if (!strncmp(s, "\r\n", 2)) {
			buf_addc(&b, '\n');
			s += 2;
		} else if (*s == '=') {
			if (sodium_hex2bin(&c, 1, s + 1, 2, NULL, NULL, NULL)) {
				buf_free(&b);
				return NULL;
			}
			buf_addc(&b, (char)c);
			s += 3;
		} else {
			buf_addc(&b, *s++);
		}
	}
	return buf_detach(&b);
}

/* The longest line of part, and whether every line ends CRLF (no CR or
 * LF alone). */
static size_t longest_line(const char *part, int *crlf)
{
	size_t most = 0, n;
	const char *p = part, *eol;

	*crlf = 1;
	while (*p) {
		eol = strstr(p, "\r\n");
		n = eol ? (size_t)(eol - p) : strlen(p);
		if (memchr(p, '\r', n) || memchr(p, '\n', n) || !eol)
			*crlf = 0;
		if (n > most)
			most = n;
		if (!eol)
			break;
		p = eol + 2;
	}
	return most;
}

/* A plain message: the fields there are, the date, the addresses. */
static void test_plain(void)
{
	struct mail m = { "t1@school.example", "Tess One", "Hello",
			  "Dear Tess One,\n\nHello.\n" };
	char *text = compose(&m), *head, *v, *id1, *id2;
	int crlf;

	if (!text) {
		check(0, "a plain message is composed");
		return;
	}
	head = header_of(text);
	check(field_count(head) == 9, "a message has nine header fields");
	v = field(head, "Date: ");
	check(v && !strcmp(v, "Mon, 07 Dec 2026 00:00:00 +0000"),
	      "Date is the time given, in RFC 5322's form");
	free(v);
	v = field(head, "From: ");
	check(v && !strcmp(v, "<training@school.example>"),
	      "From is mail_from alone when the school has no name");
	free(v);
	v = field(head, "To: ");
	check(v && !strcmp(v, "Tess One <t1@school.example>"),
	      "To is the plain name and the address");
	free(v);
	v = field(head, "Subject: ");
	check(v && !strcmp(v, "Hello"), "a plain subject is as given");
	free(v);
	check(has_field(head, "MIME-Version: 1.0") &&
	      has_field(head, "Content-Type: text/plain; charset=UTF-8") &&
	      has_field(head, "Content-Transfer-Encoding: quoted-printable"),
	      "the body is declared UTF-8 text, quoted-printable");
	id1 = field(head, "Message-ID: ");
	free(head);
	free(text);
	text = compose(&m);
	head = text ? header_of(text) : xstrdup("");
	id2 = field(head, "Message-ID: ");
	check(id1 && id2 && *id1 == '<' && strstr(id1, "@school.example>") &&
	      strcmp(id1, id2), "each message has its own Message-ID at "
	      "the sender's domain");
	check(text && longest_line(text, &crlf) <= 78 && crlf,
	      "every line ends CRLF and is short");
	free(id1);
	free(id2);
	free(head);
	free(text);
}

/* Letters that are not ASCII: encoded words that decode to the text. */
static void test_encoded(void)
{
	struct mail m = { "t2@school.example", "Si\xc3\xa2n Evans",
			  "Hyfforddiant diogelu: Si\xc3\xa2n",
			  "Dear Si\xc3\xa2n,\n" };
	char *text, *head, *v, *d;
	static const char long_name[] = "Gruffydd ap Iorwerth \xc3\x93 "
		"S\xc3\xbailleabh\xc3\xa1in Ll\xc5\xb7r Ni\xc3\xb1o-"
		"Dom\xc3\xadnguez ab Owain Glynd\xc5\xb5r ac Ap Si\xc3\xb4n";
	int crlf;

	server.from_name = "Ysgol G\xc5\xb5yr";
	text = compose(&m);
	server.from_name = "";
	if (!text) {
		check(0, "a message with Welsh letters is composed");
		return;
	}
	head = header_of(text);
	v = field(head, "To: ");
	d = v ? decode_words(v) : NULL;
	check(v && !strncmp(v, "=?UTF-8?B?", 10),
	      "a name with a circumflex goes in as an encoded word");
	check(d && !strcmp(d, "Si\xc3\xa2n Evans <t2@school.example>"),
	      "which decodes to the name");
	free(v);
	free(d);
	v = field(head, "From: ");
	d = v ? decode_words(v) : NULL;
	check(d && !strcmp(d, "Ysgol G\xc5\xb5yr <training@school.example>"),
	      "the school's name in From is encoded too");
	free(v);
	free(d);
	v = field(head, "Subject: ");
	d = v ? decode_words(v) : NULL;
	check(d && !strcmp(d, "Hyfforddiant diogelu: Si\xc3\xa2n"),
	      "so is a subject");
	free(v);
	free(d);
	check(field_count(head) == 9, "with nine fields still");
	check(!strchr(head, '\x80') && !strchr(head, '\xc3'),
	      "the header is all ASCII");
	free(head);
	free(text);

	m.to_name = long_name;
	text = compose(&m);
	head = text ? header_of(text) : xstrdup("");
	v = field(head, "To: ");
	d = v ? decode_words(v) : NULL;
	check(d && !strncmp(d, long_name, strlen(long_name)),
	      "a long name is split into words that decode to it whole");
	check(field_count(head) == 9, "folded onto continuation lines");
	check(text && longest_line(head, &crlf) <= 78 && crlf,
	      "the header's lines end CRLF, none over 78");
	free(v);
	free(d);
	free(head);
	free(text);
}

/* Control characters in a name or a subject become spaces: nothing can
 * end a field and start another. */
static void test_controls(void)
{
	static const struct {
		const char *name, *want;
	} names[] = {
		{ "Si\xc3\xa2n Evans\r\nBcc: x@evil.example",
		  "Si\xc3\xa2n Evans Bcc: x@evil.example <t8@school.example>" },
		{ "Carys Jones\nBcc: y@evil.example",
		  "\"Carys Jones Bcc: y@evil.example\" <t8@school.example>" },
		{ "Tab\there\x1b[31m\rX-Evil: 1",
		  "\"Tab here [31m X-Evil: 1\" <t8@school.example>" },
		{ "\r\n", "<t8@school.example>" },
	};
	struct mail m = { "t8@school.example", NULL, "Hello", "Hello\n" };
	size_t i;
	char *text, *head, *v, *d, what[120];
	int crlf;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		m.to_name = names[i].name;
		text = compose(&m);
		head = text ? header_of(text) : xstrdup("");
		v = field(head, "To: ");
		d = v ? decode_words(v) : NULL;
		snprintf(what, sizeof(what), "name %zu: no field added, no "
			 "Bcc or X-Evil line, no CR or LF alone", i + 1);
		longest_line(head, &crlf);
		check(text && field_count(head) == 9 && crlf &&
		      !has_field(head, "Bcc:") && !has_field(head, "X-Evil:"),
		      what);
		snprintf(what, sizeof(what), "name %zu: the line breaks are "
			 "spaces, the rest intact", i + 1);
		check(d && !strcmp(d, names[i].want), what);
		if (!d || strcmp(d, names[i].want))
			fprintf(stderr, "# got: %s\n", d ? d : "(none)");
		free(v);
		free(d);
		free(head);
		free(text);
	}
	m.to_name = "Tess One";
	m.subject = "Reminder\r\nBcc: z@evil.example\r\n\r\nA new body";
	text = compose(&m);
	head = text ? header_of(text) : xstrdup("");
	v = field(head, "Subject: ");
	longest_line(head, &crlf);
	check(text && field_count(head) == 9 && crlf &&
	      !has_field(head, "Bcc:"),
	      "a subject with line breaks adds no field");
	check(v && !strcmp(v, "Reminder Bcc: z@evil.example A new body"),
	      "and stays on its line, the breaks made spaces");
	check(text && strstr(text, "\r\n\r\nHello\r\n") &&
	      !strstr(text, "\r\n\r\nA new body"),
	      "nor starts the body early");
	free(v);
	free(head);
	free(text);
}

/* The body: quoted-printable lines of at most 76 characters that decode
 * to the text, whatever its letters and line lengths. */
static void test_body(void)
{
	struct buf body = BUF_INIT;
	struct mail m = { "t1@school.example", "Tess One", "Hello", NULL };
	char *text, *got, *want;
	const char *part;
	int i, crlf;

	buf_adds(&body, "Dear Si\xc3\xa2n,\n\n");
	for (i = 0; i < 400; i++)
		buf_adds(&body, "\xc5\xb5");	/* a long line of ŵ */
	buf_adds(&body, "\n");
	for (i = 0; i < 300; i++)
		buf_adds(&body, "a=b ");	/* '=' and a space at the end */
	buf_adds(&body, "\nhttps://training.school.example/signin/"
		 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		 "AAAAAAAAAAAAAAAAAAAAAAAA\n.\nFrom here\nBcc: not a field\n"
		 "trailing tab\t\n");
	m.body = body.s;
	text = compose(&m);
	part = text ? strstr(text, "\r\n\r\n") : NULL;
	if (!part) {
		check(0, "a long body is composed");
		buf_free(&body);
		free(text);
		return;
	}
	part += 4;
	check(longest_line(part, &crlf) <= 76 && crlf,
	      "the body's lines end CRLF, none over 76 characters");
	got = qp_decode(part);
	want = xstrdup(body.s);
	check(got && !strcmp(got, want),
	      "the body decodes to the text, letters, '=' and end spaces "
	      "intact");
	check(!strchr(part, '\xc5') && strstr(part, "=C5=B5"),
	      "its letters are encoded, so the body is ASCII");
	check(!strncmp(part, "Dear Si=C3=A2n,\r\n\r\n", 19),
	      "it starts right after the header's blank line");
	free(got);
	free(want);
	free(text);
	buf_free(&body);
}

/* Addresses: what mail_address_ok takes, what it refuses, and that
 * mail_compose refuses to address a message to the rest. */
static void test_addresses(void)
{
	static const char *const good[] = {
		"a@b.example", "first.last+tag@school.example",
		"o'brien@school.example", "T1@SCHOOL.EXAMPLE",
		"x_y-z@mail-1.school.example",
	};
	static const char *const bad[] = {
		"", "a", "@b.example", "a@", "a b@school.example",
		"a@school example", "<a@school.example>", "a@school.example>",
		"\"a\"@school.example", "a,b@school.example",
		"a@school.example\r\nBcc: x@evil.example",
		"a@school.example\n", "a\x01@school.example",
		"a@b@school.example", "a..b@school.example",
		".a@school.example", "a.@school.example", "a@.school.example",
		"a@school.example.", "a@school_example",
		"si\xc3\xa2n@school.example", "a@[127.0.0.1]",
		"a(comment)@school.example", "a;b@school.example",
	};
	struct mail m = { NULL, "Tess", "Hello", "Hello\n" };
	char local[300], *msg = NULL, *text;
	size_t i;
	int all = 1;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		if (!mail_address_ok(good[i])) {
			fprintf(stderr, "# refused: %s\n", good[i]);
			all = 0;
		}
	}
	check(all, "plain addresses are taken");
	all = 1;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (mail_address_ok(bad[i])) {
			fprintf(stderr, "# taken: %zu\n", i);
			all = 0;
		}
	}
	check(all, "spaces, brackets, quotes, commas, control characters, "
	      "line breaks, dots out of place, a second @ and letters past "
	      "ASCII are refused");
	memset(local, 'a', sizeof(local));
	strcpy(local + 250, "@b.example");
	check(!mail_address_ok(local), "an address over 254 bytes is refused");
	local[240] = '\0';
	strcat(local, "@b.example");
	check(mail_address_ok(local), "one of 250 is taken");
	all = 1;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		m.to = bad[i];
		text = mail_compose(&server, &m, MONDAY, &msg);
		if (text || !msg)
			all = 0;
		free(text);
		free(msg);
		msg = NULL;
	}
	check(all, "mail_compose refuses each of them, saying why");
}

int main(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "cannot start libsodium\n");
		return 1;
	}
	test_plain();
	test_encoded();
	test_controls();
	test_body();
	test_addresses();
	return tap_done();
}
