/*
 * mail.c - email through the school's SMTP server (mail.h): a message
 * composed as RFC 5322 text that nothing in a name or a setting can add a
 * header to, and sent with libcurl's SMTP.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "mail.h"
#include "settings.h"
#include "util.h"

#define CONNECT_SECONDS	20	/* to reach the server */
#define SEND_SECONDS	60	/* for one message, connecting included */
#define QP_LINE		76	/* RFC 2045's longest quoted-printable line */
#define WORD_BYTES	45	/* text per encoded word: 60 base64 characters,
				   72 with "=?UTF-8?B?" and "?=" (RFC 2047
				   allows 75) */

struct mailer {
	CURL *curl;
	char from[260];		/* "<mail_from>" */
	const struct mail_server *server;
	char err[CURL_ERROR_SIZE];
	char reply[200];	/* the server's last reply line, made safe */
};

/* ---- settings ---- */

void mail_server_clear(struct mail_server *s)
{
	free(s->url);
	free(s->user);
	if (s->password) {
		sodium_memzero(s->password, strlen(s->password));
		free(s->password);
	}
	free(s->from);
	free(s->from_name);
	memset(s, 0, sizeof(*s));
}

int mail_server_load(struct store *st, struct mail_server *s, char **msg)
{
	memset(s, 0, sizeof(*s));
	if (!(s->url = setting_value(st, "smtp_url", msg)) ||
	    !(s->user = setting_value(st, "smtp_user", msg)) ||
	    !(s->password = setting_value(st, "smtp_password", msg)) ||
	    !(s->from = setting_value(st, "mail_from", msg)) ||
	    !(s->from_name = setting_value(st, "school_name", msg)))
		return -1;
	if (!*s->url) {
		*msg = xstrdup("no mail server is set: set smtp_url to the "
			       "school's, e.g. vigil settings smtp_url "
			       "smtps://mail.example.org:465");
		return -1;
	}
	if (!*s->from) {
		*msg = xstrdup("no address to send from is set: vigil settings "
			       "mail_from safeguarding@example.org");
		return -1;
	}
	if (!mail_address_ok(s->from)) {
		*msg = xstrdup("mail_from is not an address a mail server "
			       "takes; set it again with vigil settings "
			       "mail_from");
		return -1;
	}
	return 0;
}

/* ---- composing ---- */

/* The characters RFC 5322 allows in an unquoted local part (atext). */
static int atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+/=?^_`{|}~-",
						      c));
}

int mail_address_ok(const char *addr)
{
	const char *at = strrchr(addr, '@'), *p;
	size_t n = strlen(addr);

	/* One plain address: dot-atoms either side of the @, with no
	 * quoting, comments or brackets, so that it is the same address to
	 * every mail program and cannot carry anything else. */
	if (!at || at == addr || !at[1] || n > 254)
		return 0;
	if (addr[0] == '.' || at[-1] == '.' || at[1] == '.' ||
	    addr[n - 1] == '.' || strstr(addr, ".."))
		return 0;
	for (p = addr; p < at; p++)
		if (!atext((unsigned char)*p) && *p != '.')
			return 0;
	for (p = at + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return 0;
	return 1;
}

/*
 * s with every control character (line breaks above all) made a space,
 * runs of spaces made one, and the ends trimmed: the text may go in a
 * header (malloc'd).
 */
static char *one_line(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			c = ' ';
		if (c == ' ' && (o == out || o[-1] == ' '))
			continue;
		*o++ = (char)c;
	}
	while (o > out && o[-1] == ' ')
		o--;
	*o = '\0';
	return out;
}

static int plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/*
 * Adds text s (one line, from one_line) as RFC 2047 encoded words, B
 * encoding, folded onto continuation lines; a word never splits a UTF-8
 * character, so each decodes on its own.
 */
static void add_encoded(struct buf *b, const char *s)
{
	size_t n = strlen(s), i = 0, take;
	char word[sodium_base64_ENCODED_LEN(WORD_BYTES,
					    sodium_base64_VARIANT_ORIGINAL)];

	while (i < n) {
		take = n - i < WORD_BYTES ? n - i : WORD_BYTES;
		/* Back off to the start of a character. */
		while (take > 1 && i + take < n &&
		       ((unsigned char)s[i + take] & 0xc0) == 0x80)
			take--;
		sodium_bin2base64(word, sizeof(word),
				  (const unsigned char *)s + i, take,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_addf(b, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", word);
		i += take;
	}
}

/*
 * Adds a display name: as it is when plain ASCII with nothing special, in
 * quotes when it holds a character that has a meaning in an address
 * header, else as encoded words.
 */
static void add_name(struct buf *b, const char *name)
{
	const char *p;

	if (!plain_ascii(name) || strlen(name) > 60) {
		add_encoded(b, name);
		return;
	}
	if (!strpbrk(name, "()<>[]:;@\\,.\"")) {
		buf_adds(b, name);
		return;
	}
	buf_addc(b, '"');
	for (p = name; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

/* The length of the line b ends with. */
static size_t line_length(const struct buf *b)
{
	size_t n = b->len;

	while (n && b->s[n - 1] != '\n')
		n--;
	return b->len - n;
}

/* "Name <addr>", or "<addr>" alone without a name; the address goes on a
 * line of its own when it would make the name's longer than 78. */
static void add_mailbox(struct buf *b, const char *name, const char *addr)
{
	char *n = one_line(name ? name : "");

	if (*n) {
		add_name(b, n);
		buf_adds(b, line_length(b) + strlen(addr) + 3 > 78 ? "\r\n " :
			 " ");
	}
	buf_addf(b, "<%s>", addr);
	free(n);
}

/* An RFC 5322 date in UTC, with English names whatever the locale. */
static void add_date(struct buf *b, time_t now)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu",
					 "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr",
					    "May", "Jun", "Jul", "Aug",
					    "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	if (!gmtime_r(&now, &tm))
		memset(&tm, 0, sizeof(tm));
	buf_addf(b, "%s, %02d %s %04d %02d:%02d:%02d +0000",
		 days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The body as quoted-printable (RFC 2045): ASCII lines of at most
 * QP_LINE characters, whatever letters and line lengths the text has. */
static void add_qp(struct buf *b, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *p;
	size_t col = 0;

	for (p = text; *p; p++) {
		unsigned char c = (unsigned char)*p;
		char enc[4];
		size_t len;

		if (c == '\n') {
			buf_adds(b, "\r\n");
			col = 0;
			continue;
		}
		if (c == '\r')
			continue;
		/* A space or tab at a line's end would be lost: encoded. */
		if ((c >= 33 && c <= 126 && c != '=') ||
		    ((c == ' ' || c == '\t') && p[1] && p[1] != '\n' &&
		     p[1] != '\r')) {
			enc[0] = (char)c;
			len = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[c >> 4];
			enc[2] = hex[c & 15];
			len = 3;
		}
		/* A soft break leaves room for its "=". */
		if (col + len > QP_LINE - 1) {
			buf_adds(b, "=\r\n");
			col = 0;
		}
		buf_add(b, enc, len);
		col += len;
	}
	if (col)
		buf_adds(b, "\r\n");
}

char *mail_compose(const struct mail_server *s, const struct mail *m,
		   time_t now, char **msg)
{
	struct buf b = BUF_INIT;
	unsigned char id[12];
	char hexid[sizeof(id) * 2 + 1], *subject;
	const char *domain;

	if (!mail_address_ok(m->to)) {
		*msg = xstrdup("the email address is not one a mail server "
			       "takes (plain letters, digits and dots, one @)");
		return NULL;
	}
	randombytes_buf(id, sizeof(id));
	sodium_bin2hex(hexid, sizeof(hexid), id, sizeof(id));
	domain = strrchr(s->from, '@');
	domain = domain ? domain + 1 : "localhost";
	buf_adds(&b, "Date: ");
	add_date(&b, now);
	buf_adds(&b, "\r\nFrom: ");
	add_mailbox(&b, s->from_name, s->from);
	buf_adds(&b, "\r\nTo: ");
	add_mailbox(&b, m->to_name, m->to);
	buf_adds(&b, "\r\nSubject: ");
	subject = one_line(m->subject);
	if (plain_ascii(subject) && strlen(subject) <= 66)
		buf_adds(&b, subject);
	else
		add_encoded(&b, subject);
	free(subject);
	buf_addf(&b, "\r\nMessage-ID: <%s.%lld@%s>\r\n", hexid,
		 (long long)now, domain);
	/* RFC 3834: sent by a program, so an out-of-office reply is not
	 * sent back to it. */
	buf_adds(&b, "Auto-Submitted: auto-generated\r\n"
		 "MIME-Version: 1.0\r\n"
		 "Content-Type: text/plain; charset=UTF-8\r\n"
		 "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	add_qp(&b, m->body);
	return buf_detach(&b);
}

/* ---- sending ---- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_ready = CURLE_FAILED_INIT;

static void curl_setup(void)
{
	curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Where curl reads the message from. */
struct reader {
	const char *s;
	size_t left;
};

static size_t read_message(char *out, size_t size, size_t nmemb, void *arg)
{
	struct reader *r = arg;
	size_t n = size * nmemb;

	if (n > r->left)
		n = r->left;
	memcpy(out, r->s, n);
	r->s += n;
	r->left -= n;
	return n;
}

/* Keeps the server's last reply line ("451 4.3.0 try again later"):
 * libcurl's own message for a refusal does not say what the server said.
 * Control characters go, so that it is one safe line for a log or page. */
static size_t keep_reply(char *line, size_t size, size_t nmemb, void *arg)
{
	struct mailer *mr = arg;
	size_t n = size * nmemb, i, o = 0;

	for (i = 0; i < n && o + 1 < sizeof(mr->reply); i++) {
		unsigned char c = (unsigned char)line[i];

		if (c >= 0x20 && c < 0x7f)
			mr->reply[o++] = (char)c;
	}
	if (o)
		mr->reply[o] = '\0';
	return n;
}

int mailer_open(const struct mail_server *s, struct mailer **out,
		char **msg)
{
	struct mailer *mr;
	int tls = !strncasecmp(s->url, "smtps://", 8), ok = 1;

	*out = NULL;
	if (pthread_once(&curl_once, curl_setup) || curl_ready != CURLE_OK) {
		*msg = xstrdup("cannot start libcurl");
		return -1;
	}
	mr = xcalloc(1, sizeof(*mr));
	mr->server = s;
	snprintf(mr->from, sizeof(mr->from), "<%s>", s->from);
	mr->curl = curl_easy_init();
	if (!mr->curl) {
		free(mr);
		*msg = xstrdup("cannot start libcurl");
		return -1;
	}
#define SET(opt, val) (ok &= curl_easy_setopt(mr->curl, opt, val) == CURLE_OK)
	SET(CURLOPT_URL, s->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
	/* STARTTLS when the server offers it; demanded when a password
	 * would otherwise cross the network in the clear. */
	if (!tls)
		SET(CURLOPT_USE_SSL, *s->user ? (long)CURLUSESSL_ALL :
						(long)CURLUSESSL_TRY);
	if (*s->user) {
		SET(CURLOPT_USERNAME, s->user);
		SET(CURLOPT_PASSWORD, s->password);
	}
	SET(CURLOPT_MAIL_FROM, mr->from);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, read_message);
	SET(CURLOPT_CONNECTTIMEOUT, (long)CONNECT_SECONDS);
	SET(CURLOPT_TIMEOUT, (long)SEND_SECONDS);
	/* Threads: no signals for timeouts. */
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_ERRORBUFFER, mr->err);
	SET(CURLOPT_HEADERFUNCTION, keep_reply);
	SET(CURLOPT_HEADERDATA, mr);
#undef SET
	if (!ok) {
		mailer_close(mr);
		*msg = xstrdup("this libcurl cannot send mail (smtp and smtps "
			       "are needed)");
		return -1;
	}
	*out = mr;
	return 0;
}

int mailer_send(struct mailer *mr, const struct mail *m, char **msg)
{
	struct curl_slist *rcpt;
	struct reader r;
	char *text, to[260];
	CURLcode rc;
	long code = 0;

	text = mail_compose(mr->server, m, vigil_now(), msg);
	if (!text)
		return -1;
	snprintf(to, sizeof(to), "<%s>", m->to);
	rcpt = curl_slist_append(NULL, to);
	if (!rcpt) {
		free(text);
		*msg = xstrdup("out of memory");
		return -1;
	}
	r.s = text;
	r.left = strlen(text);
	mr->err[0] = '\0';
	mr->reply[0] = '\0';
	if (curl_easy_setopt(mr->curl, CURLOPT_MAIL_RCPT, rcpt) != CURLE_OK ||
	    curl_easy_setopt(mr->curl, CURLOPT_READDATA, &r) != CURLE_OK ||
	    curl_easy_setopt(mr->curl, CURLOPT_INFILESIZE_LARGE,
			     (curl_off_t)r.left) != CURLE_OK)
		rc = CURLE_FAILED_INIT;
	else
		rc = curl_easy_perform(mr->curl);
	/* The list goes: the handle must not keep pointing at it. */
	curl_easy_setopt(mr->curl, CURLOPT_MAIL_RCPT, (struct curl_slist *)NULL);
	curl_slist_free_all(rcpt);
	free(text);
	if (rc == CURLE_OK)
		return 0;
	/* The server's reply code says a refusal from a network failure. */
	if (curl_easy_getinfo(mr->curl, CURLINFO_RESPONSE_CODE, &code) !=
	    CURLE_OK)
		code = 0;
	switch (rc) {
	case CURLE_USE_SSL_FAILED:
		*msg = xstrdup("the mail server does not offer STARTTLS, and "
			       "Vigil sends a user and password only over TLS: "
			       "use smtps://HOST:PORT, or a server that offers "
			       "STARTTLS");
		return -2;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_LOGIN_DENIED:
		*msg = xasprintf("the mail server %s: %s", rc ==
				 CURLE_LOGIN_DENIED ? "refused the user "
				 "and password" : "could not be reached",
				 mr->err[0] ? mr->err :
				 curl_easy_strerror(rc));
		return -2;
	default:
		break;
	}
	if (code >= 400 && mr->reply[0])
		*msg = xasprintf("the mail server refused it: %s", mr->reply);
	else if (code >= 400)
		*msg = xasprintf("the mail server refused it (%ld): %s", code,
				 mr->err[0] ? mr->err :
				 curl_easy_strerror(rc));
	else
		*msg = xasprintf("%s", mr->err[0] ? mr->err :
				 curl_easy_strerror(rc));
	return -1;
}

void mailer_close(struct mailer *mr)
{
	if (!mr)
		return;
	if (mr->curl)
		curl_easy_cleanup(mr->curl);
	free(mr);
}
