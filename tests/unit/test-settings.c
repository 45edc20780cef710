/*
 * test-settings.c - the school's settings (settings.h): every key is
 * listed and found, each value is checked as SPEC §4 says (one line of
 * text, an http(s) address without query or fragment, smtp:// or smtps://
 * with a port, one plain email address that cannot add a mail header, a
 * number of days), values are stored in one form, and setting_value gives
 * the stored value, else the default, on a real SQLite file.  Prints TAP;
 * exits 1 if any check failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "settings.h"
#include "store.h"
#include "util.h"
#include "tap.h"

/* Checks that key takes value, stored as want. */
static void takes(const char *key, const char *value, const char *want,
		  const char *what)
{
	char *msg = NULL, *v = setting_check(setting_find(key), value, &msg);

	check(v && !msg && !strcmp(v, want), what);
	if (!v || strcmp(v, want))
		fprintf(stderr, "# %s=%s: got %s (%s)\n", key, value,
			v ? v : "NULL", msg ? msg : "");
	free(v);
	free(msg);
}

/* Checks that key refuses value with a message holding why. */
static void refuses(const char *key, const char *value, const char *why,
		    const char *what)
{
	char *msg = NULL, *v = setting_check(setting_find(key), value, &msg);

	check(!v && msg && strstr(msg, why), what);
	if (v || !msg || !strstr(msg, why))
		fprintf(stderr, "# %s=%s: got %s (%s)\n", key, value,
			v ? v : "NULL", msg ? msg : "");
	free(v);
	free(msg);
}

/* The keys of SPEC §4, in order, with their defaults; secrets. */
static void test_defs(void)
{
	static const char *const keys[] = { "school_name", "base_url",
		"lead_title", "lead_short", "leads", "smtp_url", "smtp_user",
		"smtp_password", "mail_from", "remind_every_days" };
	size_t i;
	int same = 1;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		same &= settings_defs[i].key &&
			!strcmp(settings_defs[i].key, keys[i]) &&
			settings_defs[i].label && settings_defs[i].help &&
			setting_find(keys[i]) == &settings_defs[i];
	check(same && !settings_defs[i].key,
	      "every setting of SPEC §4 is listed, in order, and found");
	check(!setting_find("school") && !setting_find(""),
	      "an unknown key is not found");
	check(!strcmp(setting_find("lead_title")->fallback,
		      "Designated Safeguarding Lead") &&
	      !strcmp(setting_find("lead_short")->fallback, "DSL") &&
	      !strcmp(setting_find("remind_every_days")->fallback, "7") &&
	      !strcmp(setting_find("school_name")->fallback, ""),
	      "the defaults");
	check(setting_find("smtp_password")->secret &&
	      !setting_find("smtp_user")->secret,
	      "only smtp_password is a secret");
}

/* One line of text: school_name, leads, lead_title, lead_short, smtp_user. */
static void test_text(void)
{
	char *long_name = xmalloc(202), *msg = NULL, *v;

	takes("school_name", "  Example School ", "Example School",
	      "spaces are trimmed at the ends");
	takes("school_name", "", "", "an empty value unsets");
	takes("school_name", "   ", "", "and so do only spaces");
	takes("school_name", "Ysgol Gymraeg Aberystwyth \xe2\x80\x94 \xc3\xa9",
	      "Ysgol Gymraeg Aberystwyth \xe2\x80\x94 \xc3\xa9",
	      "UTF-8 text is kept");
	refuses("school_name", "Example\nSchool", "one line",
		"a line break is refused");
	refuses("leads", "A\rB", "one line", "and a carriage return");
	refuses("lead_title", "Lead\x1b[31m", "control character",
		"an escape is refused");
	refuses("leads", "A\xe2\x80\xae" "B", "control character",
		"a bidirectional override too");
	refuses("smtp_user", "a\tb", "control character",
		"smtp_user is one line of text");
	refuses("school_name", "caf\xe9", "not UTF-8", "bytes that are not UTF-8");
	memset(long_name, 'x', 201);
	long_name[201] = '\0';
	refuses("school_name", long_name, "longer than 200",
		"past 200 characters");
	long_name[200] = '\0';
	v = setting_check(setting_find("school_name"), long_name, &msg);
	check(v && strlen(v) == 200, "200 characters will do");
	free(v);
	free(msg);
	takes("lead_short", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
	      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
	      "lead_short counts characters, not bytes: 20 will do");
	refuses("lead_short", "Designated Lead (DSL)", "longer than 20",
		"lead_short is at most 20");
	free(long_name);
}

/* base_url: http(s)://host[:port][/path], stored without a trailing /. */
static void test_url(void)
{
	takes("base_url", "https://training.example.sch.uk/",
	      "https://training.example.sch.uk", "a trailing slash is dropped");
	takes("base_url", "http://localhost:8080/vigil//",
	      "http://localhost:8080/vigil", "a port and a path");
	takes("base_url", "HTTPS://Example.org", "https://Example.org",
	      "the scheme in any case, stored in lower case");
	takes("base_url", "https://[::1]:8443/", "https://[::1]:8443",
	      "an IPv6 address in brackets");
	takes("base_url", "https://example.org/a%20b", "https://example.org/a%20b",
	      "a path with %XX");
	refuses("base_url", "example.org", "https://", "a scheme is needed");
	refuses("base_url", "ftp://example.org", "https://",
		"and only http or https");
	refuses("base_url", "javascript:alert(1)", "https://",
		"a script is not an address");
	refuses("base_url", "https://", "no host", "a host is needed");
	refuses("base_url", "https://example.org/?a=1", "query",
		"a query is refused");
	refuses("base_url", "https://example.org/#top", "fragment",
		"so is a fragment");
	refuses("base_url", "https://example.org/a b", "space",
		"so are spaces");
	refuses("base_url", "https://example.org/\"><script>", "quote",
		"and quotes");
	refuses("base_url", "https://example.org/\r\nX: y", "one line",
		"and line breaks");
	refuses("base_url", "https://user@example.org", "not a host name",
		"a user in the address");
	refuses("base_url", "https://exa_mple.org", "not a host name",
		"a host with an underscore");
	refuses("base_url", "https://-example.org", "not a host name",
		"a label starting with a hyphen");
	refuses("base_url", "https://example..org", "not a host name",
		"an empty label");
	refuses("base_url", "https://example.org:0", "1 to 65535", "port 0");
	refuses("base_url", "https://example.org:65536", "1 to 65535",
		"port 65536");
	refuses("base_url", "https://example.org:", "1 to 65535",
		"a colon without a port");
	refuses("base_url", "https://[::g]/", "IPv6", "a bad IPv6 address");
	refuses("base_url", "https://[::1/", "bracket",
		"an unclosed bracket");
	refuses("base_url", "https://ex\xc3\xa4mple.org", "ASCII",
		"a host that is not ASCII");
}

/* smtp_url: smtp://HOST:PORT or smtps://HOST:PORT. */
static void test_smtp(void)
{
	takes("smtp_url", "smtps://mail.example.org:465",
	      "smtps://mail.example.org:465", "smtps with a port");
	takes("smtp_url", "SMTP://mail.example.org:587",
	      "smtp://mail.example.org:587", "smtp, stored in lower case");
	takes("smtp_url", "smtp://[2001:db8::1]:25", "smtp://[2001:db8::1]:25",
	      "an IPv6 host");
	refuses("smtp_url", "smtp://mail.example.org", "port",
		"the port is needed");
	refuses("smtp_url", "smtp://mail.example.org:0", "1 to 65535",
		"port 0 is refused");
	refuses("smtp_url", "smtp://mail.example.org:70000", "1 to 65535",
		"and past 65535");
	refuses("smtp_url", "smtp://mail.example.org:25/x", "1 to 65535",
		"nothing may follow the port");
	refuses("smtp_url", "https://mail.example.org:25", "smtp://",
		"another scheme is refused");
	refuses("smtp_url", "smtp://a b:25", "space", "a space is refused");
	refuses("smtp_url", "smtp://user@mail.example.org:25",
		"not a host name", "a user in the address is refused");
}

/* smtp_password: any one line, kept as given; mail_from: one address. */
static void test_secret_and_email(void)
{
	takes("smtp_password", " s3cret\tpass ", " s3cret\tpass ",
	      "a password is any one line, kept with its spaces");
	refuses("smtp_password", "s3cret\npass", "one line",
		"but one line");

	takes("mail_from", " safeguarding@example.org ",
	      "safeguarding@example.org", "one plain address");
	takes("mail_from", "first.last+dsl@school.example.sch.uk",
	      "first.last+dsl@school.example.sch.uk", "with dots and a plus");
	refuses("mail_from", "safeguarding", "one @", "an @ is needed");
	refuses("mail_from", "@example.org", "one @", "text before it");
	refuses("mail_from", "dsl@", "one @", "and after it");
	refuses("mail_from", "a@b@example.org", "one @", "only one @");
	refuses("mail_from", "dsl@example.org\r\nBcc: x@evil.example",
		"one line", "a line break cannot add a header");
	refuses("mail_from", "dsl@example.org\nBcc: x@evil.example",
		"one line", "nor a bare LF");
	refuses("mail_from", "DSL <dsl@example.org>", "plain address",
		"a name and angle brackets are refused");
	refuses("mail_from", "a@example.org,b@example.org", "plain address",
		"a second address after a comma");
	refuses("mail_from", "a@example.org;b@example.org", "plain address",
		"or a semicolon");
	refuses("mail_from", "\"x\"@example.org", "plain address",
		"quotes");
	refuses("mail_from", "dsl@exa mple.org", "plain address",
		"a space");
	refuses("mail_from", "dsl@example_org", "not a host name",
		"a domain that is not a host name");

	takes("remind_every_days", "14", "14", "a number of days");
	takes("remind_every_days", " 007 ", "7", "stored without zeros");
	takes("remind_every_days", "365", "365", "up to 365");
	refuses("remind_every_days", "0", "1 to 365", "0 is refused");
	refuses("remind_every_days", "366", "1 to 365", "366 is refused");
	refuses("remind_every_days", "-1", "1 to 365", "a negative");
	refuses("remind_every_days", "7.5", "whole number", "a fraction");
	refuses("remind_every_days", "weekly", "whole number", "a word");
	refuses("remind_every_days", "99999999999999999999", "1 to 365",
		"a number too long for any integer");
}

/* setting_value: the stored value, else the default; a value changed in
 * the database by other means is refused, not used. */
static void test_value(const char *dir)
{
	struct store *st = NULL;
	char *db = xasprintf("%s/vigil.db", dir), *msg = NULL, *v;

	check(store_open(db, &st, &msg) == 0, "a records database");
	v = setting_value(st, "lead_short", &msg);
	check(v && !strcmp(v, "DSL"), "an unset value is its default");
	free(v);
	v = setting_value(st, "school_name", &msg);
	check(v && !strcmp(v, ""), "or empty when it has none");
	free(v);
	check(store_setting_set(st, "lead_short", "DSP", 0, &msg) == 0,
	      "a value is stored");
	v = setting_value(st, "lead_short", &msg);
	check(v && !strcmp(v, "DSP"), "and read back");
	free(v);
	check(store_setting_set(st, "mail_from", "a@example.org\r\nBcc: x",
				0, &msg) == 0, "a bad value put in by hand");
	v = setting_value(st, "mail_from", &msg);
	check(!v && msg && strstr(msg, "mail_from") &&
	      strstr(msg, "not valid"), "is refused when read, by name");
	free(v);
	free(msg);
	msg = NULL;
	v = setting_value(st, "no_such_key", &msg);
	check(!v && msg && strstr(msg, "no_such_key"),
	      "an unknown key is an error");
	free(msg);
	store_close(st);
	free(db);
}

int main(void)
{
	char dir[] = "/tmp/vigil-test-settings.XXXXXX";
	char *cmd;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_defs();
	test_text();
	test_url();
	test_smtp();
	test_secret_and_email();
	test_value(dir);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
	return tap_done();
}
