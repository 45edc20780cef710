/*
 * settings.c - the school's settings (settings.h): each key's check, so
 * that the command line and the settings page accept the same values, and
 * nothing a setting holds can break a page, a link or an email header.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "settings.h"
#include "util.h"

/* Longer than any school's name or address needs, short enough to fit a
 * page's heading and an email's lines. */
#define TEXT_MAX	200
/* lead_short stands in a sentence ("Tell the DSL"): a word or two. */
#define SHORT_MAX	20
/* RFC 5321's limit on a whole address. */
#define EMAIL_MAX	254
#define REMIND_MAX	365

enum kind {
	K_TEXT,		/* one line of text, no control characters */
	K_SHORT,	/* the same, SHORT_MAX characters */
	K_URL,		/* base_url */
	K_SMTP,		/* smtp_url */
	K_SECRET,	/* any one line */
	K_EMAIL,	/* mail_from */
	K_DAYS		/* remind_every_days */
};

const struct setting_def settings_defs[] = {
	{ "school_name", "", 0, "School name",
	  "The school's name, as staff know it; shown on pages, emails and "
	  "certificates, e.g. Example Primary School." },
	{ "base_url", "", 0, "Web address",
	  "The address staff use to reach Vigil, e.g. "
	  "https://training.example.sch.uk; links in emails, xAPI "
	  "identifiers and the verify address on certificates start with "
	  "it." },
	{ "lead_title", "Designated Safeguarding Lead", 0, "Lead's title",
	  "What the school calls the person staff tell about a concern, in "
	  "full." },
	{ "lead_short", "DSL", 0, "Lead's title, short",
	  "The same in a word or two, as in \"tell the DSL\"." },
	{ "leads", "", 0, "Who the leads are",
	  "The names of the lead and the deputies, as staff should see them "
	  "on pages and in emails." },
	{ "smtp_url", "", 0, "Mail server",
	  "Where reminders are sent from: smtp://HOST:PORT (STARTTLS) or "
	  "smtps://HOST:PORT, e.g. smtps://mail.example.org:465." },
	{ "smtp_user", "", 0, "Mail server user",
	  "The user name for the mail server, if it needs one." },
	{ "smtp_password", "", 1, "Mail server password",
	  "The password for the mail server; it is never shown again." },
	{ "mail_from", "", 0, "Send emails from",
	  "The address reminders come from, e.g. safeguarding@example.org." },
	{ "remind_every_days", "7", 0, "Remind every (days)",
	  "How many days pass before someone who is still behind is reminded "
	  "again: a whole number from 1 to 365." },
	{ NULL, NULL, 0, NULL, NULL }
};

/* The kind of check each key gets, by its place in settings_defs. */
static const enum kind kinds[] = {
	K_TEXT, K_URL, K_TEXT, K_SHORT, K_TEXT, K_SMTP, K_TEXT, K_SECRET,
	K_EMAIL, K_DAYS
};

_Static_assert(ARRAY_SIZE(kinds) == ARRAY_SIZE(settings_defs) - 1,
	       "one kind of check for each setting");

const struct setting_def *setting_find(const char *key)
{
	const struct setting_def *d;

	for (d = settings_defs; d->key; d++)
		if (!strcmp(d->key, key))
			return d;
	return NULL;
}

/* Nonzero for the characters that can separate or end a URL or an address
 * in text, a page or a mail header, which none of them may hold. */
static int is_breaking(int c)
{
	return c <= ' ' || c >= 0x7f || strchr("\"'`<>\\", c) != NULL;
}

/*
 * Checks one line of text of at most max characters: UTF-8, no control
 * character (so no line break, and nothing that drives a terminal).
 * secret: any one line (only line breaks are refused), and the message
 * never quotes it.  Returns 0, or -1 with *msg.
 */
static int check_text(const char *s, size_t max, int secret, char **msg)
{
	size_t i = 0, n = strlen(s), chars = 0, len;
	uint32_t cp;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			*msg = xstrdup("it is not UTF-8 text");
			return -1;
		}
		if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029) {
			*msg = xstrdup("it must be one line");
			return -1;
		}
		if (!secret && is_control_char(cp)) {
			*msg = xasprintf("it holds a control character "
					 "(U+%04X)", (unsigned)cp);
			return -1;
		}
		i += len;
		chars++;
	}
	if (chars > max) {
		*msg = xasprintf("it is longer than %zu characters", max);
		return -1;
	}
	return 0;
}

/*
 * Checks a host name (letters, digits and hyphens in labels separated by
 * dots) or, when brackets allows, an IPv6 address in brackets.  Returns
 * 0, or -1 with *msg.
 */
static int check_host(const char *host, size_t len, int brackets, char **msg)
{
	size_t i, label = 0;

	if (!len) {
		*msg = xstrdup("it names no host");
		return -1;
	}
	if (brackets && host[0] == '[') {
		struct in6_addr a;
		char *ip;
		int good;

		if (len < 3 || host[len - 1] != ']') {
			*msg = xstrdup("an IPv6 address needs its closing "
				       "bracket");
			return -1;
		}
		ip = xstrndup(host + 1, len - 2);
		good = inet_pton(AF_INET6, ip, &a) == 1;
		free(ip);
		if (!good) {
			*msg = xstrdup("the address in brackets is not an "
				       "IPv6 address");
			return -1;
		}
		return 0;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)host[i];

		if (c == '.') {
			if (!label || host[i - 1] == '-')
				break;
			label = 0;
			continue;
		}
		if (!isalnum(c) && c != '-')
			break;
		if (c == '-' && !label)
			break;
		label++;
	}
	if (i < len || !label || host[len - 1] == '-') {
		*msg = xasprintf("'%.*s' is not a host name (letters, digits "
				 "and hyphens, in parts separated by dots)",
				 (int)len, host);
		return -1;
	}
	return 0;
}

/* Checks the port in s[0..len): 1 to 65535.  0, or -1 with *msg. */
static int check_port(const char *s, size_t len, char **msg)
{
	size_t i;
	long port = 0;

	for (i = 0; i < len && i < 6; i++) {
		if (!isdigit((unsigned char)s[i]))
			break;
		port = port * 10 + (s[i] - '0');
	}
	if (!len || i < len || port < 1 || port > 65535) {
		*msg = xasprintf("the port '%.*s' is not a number from 1 to "
				 "65535", (int)(len > 20 ? 20 : len), s);
		return -1;
	}
	return 0;
}

/* The length of the host at s: up to a ':' or '/' (after a bracketed
 * IPv6 address, which holds colons of its own), or the end. */
static size_t host_len(const char *s)
{
	const char *close;

	if (*s == '[') {
		close = strchr(s, ']');
		if (close)
			return (size_t)(close - s) + 1;
	}
	return strcspn(s, ":/");
}

/*
 * Checks base_url, http:// or https:// then host[:port][/path], and
 * writes its stored form to *out (the scheme in lower case, no trailing
 * slash).  Returns 0, or -1 with *msg.
 */
static int check_url(const char *v, char **out, char **msg)
{
	const char *rest, *p, *scheme;
	size_t hl, len;

	if (!strncasecmp(v, "https://", 8)) {
		scheme = "https://";
		rest = v + 8;
	} else if (!strncasecmp(v, "http://", 7)) {
		scheme = "http://";
		rest = v + 7;
	} else {
		*msg = xstrdup("it must start with https:// or http://");
		return -1;
	}
	for (p = v; *p; p++) {
		if (*p == '?' || *p == '#') {
			*msg = xasprintf("it holds '%c': the address may have "
					 "a path but no query or fragment", *p);
			return -1;
		}
		if (is_breaking((unsigned char)*p)) {
			*msg = xstrdup("it holds a space, a quote, a control "
				       "character or a character that is not "
				       "ASCII (write such characters as "
				       "%XX)");
			return -1;
		}
	}
	hl = host_len(rest);
	if (check_host(rest, hl, 1, msg) < 0)
		return -1;
	p = rest + hl;
	if (*p == ':') {
		len = strcspn(p + 1, "/");
		if (check_port(p + 1, len, msg) < 0)
			return -1;
		p += 1 + len;
	}
	if (*p && *p != '/') {
		*msg = xstrdup("the host must be followed by :PORT or /PATH");
		return -1;
	}
	len = strlen(rest);
	while (len > hl && rest[len - 1] == '/')
		len--;
	*out = xasprintf("%s%.*s", scheme, (int)len, rest);
	return 0;
}

/* Checks smtp_url: smtp://HOST:PORT or smtps://HOST:PORT, nothing more.
 * Writes the stored form (scheme in lower case) to *out. */
static int check_smtp(const char *v, char **out, char **msg)
{
	const char *rest, *p, *scheme;
	size_t hl;

	if (!strncasecmp(v, "smtps://", 8)) {
		scheme = "smtps://";
		rest = v + 8;
	} else if (!strncasecmp(v, "smtp://", 7)) {
		scheme = "smtp://";
		rest = v + 7;
	} else {
		*msg = xstrdup("it must be smtp://HOST:PORT or "
			       "smtps://HOST:PORT");
		return -1;
	}
	for (p = v; *p; p++)
		if (is_breaking((unsigned char)*p)) {
			*msg = xstrdup("it holds a space, a quote, a control "
				       "character or a character that is not "
				       "ASCII");
			return -1;
		}
	hl = host_len(rest);
	if (check_host(rest, hl, 1, msg) < 0)
		return -1;
	p = rest + hl;
	if (*p != ':') {
		*msg = xstrdup("it needs the port: smtp://HOST:PORT (587 "
			       "is usual) or smtps://HOST:PORT (465)");
		return -1;
	}
	if (check_port(p + 1, strlen(p + 1), msg) < 0)
		return -1;
	*out = xasprintf("%s%s", scheme, rest);
	return 0;
}

/*
 * Checks mail_from: one plain address, LOCAL@DOMAIN.  Nothing that could
 * end a header line or add an address may pass: no spaces, line breaks,
 * angle brackets, commas, quotes or semicolons.  0, or -1 with *msg.
 */
static int check_email(const char *v, char **msg)
{
	const char *at = strchr(v, '@'), *p;

	for (p = v; *p; p++)
		if (is_breaking((unsigned char)*p) || strchr(",;:()[]", *p)) {
			*msg = xstrdup("it must be one plain address such as "
				       "safeguarding@example.org: no spaces, "
				       "names, commas, brackets or quotes");
			return -1;
		}
	if (!at || strchr(at + 1, '@') || at == v || !at[1]) {
		*msg = xstrdup("it must be one address with one @ and text "
			       "on both sides, such as "
			       "safeguarding@example.org");
		return -1;
	}
	return check_host(at + 1, strlen(at + 1), 0, msg);
}

/* Checks a whole number of days from 1 to max; writes it without leading
 * zeros to *out. */
static int check_days(const char *v, int max, char **out, char **msg)
{
	const char *p = v;
	long n = 0;

	while (*p == '0' && p[1])
		p++;
	for (; *p && isdigit((unsigned char)*p) && n <= max; p++)
		n = n * 10 + (*p - '0');
	if (*p || n < 1 || n > max) {
		*msg = xasprintf("it must be a whole number of days from 1 to "
				 "%d", max);
		return -1;
	}
	*out = xasprintf("%ld", n);
	return 0;
}

char *setting_check(const struct setting_def *d, const char *value,
		    char **msg)
{
	enum kind k = kinds[d - settings_defs];
	size_t start = 0, end = strlen(value);
	char *v, *out = NULL;
	int bad = 0;

	/* A secret is kept as given: its spaces may be part of it. */
	if (k != K_SECRET) {
		while (value[start] == ' ')
			start++;
		while (end > start && value[end - 1] == ' ')
			end--;
	}
	v = xstrndup(value + start, end - start);
	*msg = NULL;
	if (!*v)
		return v;
	switch (k) {
	case K_TEXT:
	case K_SHORT:
	case K_SECRET:
		bad = check_text(v, k == K_SHORT ? SHORT_MAX : TEXT_MAX,
				 k == K_SECRET, msg);
		break;
	case K_URL:
		bad = check_text(v, TEXT_MAX, 0, msg) ||
		      check_url(v, &out, msg);
		break;
	case K_SMTP:
		bad = check_text(v, TEXT_MAX, 0, msg) ||
		      check_smtp(v, &out, msg);
		break;
	case K_EMAIL:
		bad = check_text(v, EMAIL_MAX, 0, msg) ||
		      check_email(v, msg);
		break;
	case K_DAYS:
		bad = check_days(v, REMIND_MAX, &out, msg);
		break;
	}
	if (bad) {
		free(out);
		free(v);
		return NULL;
	}
	if (out) {
		free(v);
		v = out;
	}
	return v;
}

char *setting_value(struct store *st, const char *key, char **msg)
{
	const struct setting_def *d = setting_find(key);
	char *stored = NULL, *v, *why = NULL;
	int found;

	if (!d) {
		*msg = xasprintf("there is no setting '%s'", key);
		return NULL;
	}
	found = store_setting_get(st, key, &stored, msg);
	if (found < 0)
		return NULL;
	if (!found || !*stored) {
		free(stored);
		return xstrdup(d->fallback);
	}
	/* What reaches a page or a mail header is checked again, so that a
	 * database changed by other means cannot put anything else there. */
	v = setting_check(d, stored, &why);
	free(stored);
	if (!v) {
		*msg = xasprintf("the setting %s in the records is not valid "
				 "(%s); set it again with vigil settings %s",
				 key, why, key);
		free(why);
	}
	return v;
}
