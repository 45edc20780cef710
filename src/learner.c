/* learner.c - the rules a learner's details must meet (learner.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "learner.h"
#include "util.h"

/* How much of a value a message quotes, in characters. */
#define SHOWN_MAX		60

/*
 * Quotes a value for a message: line breaks, control characters and bytes
 * that are not UTF-8 are escaped so that a file's contents cannot drive the
 * terminal, and a long value is cut short.
 */
char *learner_shown(const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s), i = 0, len, chars = 0;
	uint32_t cp;

	while (i < n) {
		if (chars++ == SHOWN_MAX) {
			buf_adds(&b, "...");
			break;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			buf_addf(&b, "\\x%02x", (unsigned char)s[i++]);
			continue;
		}
		if (cp == '\n')
			buf_adds(&b, "\\n");
		else if (cp < 0x20 || cp == 0x7f)
			buf_addf(&b, "\\x%02x", (unsigned)cp);
		else if (cp >= 0x80 && cp < 0xa0)
			buf_addf(&b, "\\u%04x", (unsigned)cp);
		else
			buf_add(&b, s + i, len);
		i += len;
	}
	return buf_detach(&b);
}

/* Why s cannot be kept as a field's text, or NULL when it can; a line
 * break is allowed only when newline_ok (names). */
static const char *text_problem(const char *s, int newline_ok)
{
	size_t n = strlen(s), i, len;
	uint32_t cp;

	for (i = 0; i < n; i += len) {
		len = utf8_decode(s + i, n - i, &cp);
		if (!len)
			return "is not UTF-8 text";
		if (cp == '\n' && newline_ok)
			continue;
		if (cp == '\n')
			return "has a line break";
		if (is_control_char(cp))
			return "has a control character";
	}
	return NULL;
}

/* Sets *msg to "the FIELD 'VALUE' WHY" and returns -1. */
static int field_error(char **msg, const char *field, const char *value,
		       const char *why)
{
	char *v = learner_shown(value);

	*msg = xasprintf("the %s '%s' %s", field, v, why);
	free(v);
	return -1;
}

/* Checks a text field's length and characters. */
static int check_text(char **msg, const char *field, const char *value,
		      size_t max, int newline_ok)
{
	const char *why;
	char too_long[64];

	if (strlen(value) > max) {
		snprintf(too_long, sizeof(too_long), "is longer than %zu bytes",
			 max);
		return field_error(msg, field, value, too_long);
	}
	why = text_problem(value, newline_ok);
	if (why)
		return field_error(msg, field, value, why);
	return 0;
}

/* Nonzero when s holds nothing but spaces and line breaks. */
static int is_blank(const char *s)
{
	return s[strspn(s, " \n")] == '\0';
}

/* Checks an email address: one @ with text either side, no spaces. */
static int check_email(char **msg, const char *email)
{
	const char *at = strchr(email, '@');

	if (check_text(msg, "email", email, LEARNER_EMAIL_MAX, 0) < 0)
		return -1;
	if (strchr(email, ' '))
		return field_error(msg, "email", email, "has a space");
	/* What would make it two addresses, or a name and an address, to a
	 * mail program (mail.c sends only to one plain address). */
	if (strpbrk(email, ",;<>()[]\\\""))
		return field_error(msg, "email", email, "has a character an "
				   "email address cannot have (, ; < > ( ) [ ] "
				   "\\ or \")");
	if (!at)
		return field_error(msg, "email", email, "has no @");
	if (strchr(at + 1, '@'))
		return field_error(msg, "email", email, "has more than one @");
	if (at == email)
		return field_error(msg, "email", email,
				   "has nothing before the @");
	if (!at[1])
		return field_error(msg, "email", email,
				   "has nothing after the @");
	return 0;
}

/* Refuses a space at either end, which nobody sees where it is shown. */
static int check_ends(char **msg, const char *field, const char *s)
{
	size_t n = strlen(s);

	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		return field_error(msg, field, s, "starts or ends with a space");
	return 0;
}

/* The one rule for group names, so that the command line, the roster file
 * and the web pages make the same groups. */
int group_check(const char *name, char **msg)
{
	if (!*name) {
		*msg = xstrdup("the group name is empty");
		return -1;
	}
	if (check_text(msg, "group", name, GROUP_NAME_MAX, 0) < 0 ||
	    check_ends(msg, "group", name) < 0)
		return -1;
	if (strchr(name, ';'))
		return field_error(msg, "group", name, "has a ';', which "
				   "separates groups in the roster file");
	return 0;
}

long group_lookup(const struct group_info *gs, size_t n, const char *name,
		  char **hint)
{
	const char **names;
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(gs[i].name, name))
			return (long)i;
	if (hint) {
		names = xcalloc(n + 1, sizeof(*names));
		for (i = 0; i < n; i++)
			names[i] = gs[i].name;
		*hint = did_you_mean(name, names, n);
		free(names);
	}
	return -1;
}

/* "Governors;governors" is one group: the store matches names in any case,
 * and a list holding both would never compare equal to what is recorded. */
void learner_group_add(struct learner *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->groups.n; i++)
		if (!strcasecmp(l->groups.v[i], name))
			return;
	strv_push(&l->groups, name);
}

/* Dates are kept as YYYY-MM-DD text, which sorts as the days do: anything
 * else (1/9/2026, a time) would compare wrongly. */
int learner_date_check(const char *field, const char *s, char **msg)
{
	time_t t;

	if (strlen(s) != DATE_LEN - 1 || parse_time(s, &t) < 0)
		return field_error(msg, field, s, "is not a date written "
				   "YYYY-MM-DD, such as 2026-09-01");
	return 0;
}

/*
 * Checks a learner's fields against the roster's rules, the one check
 * that add and import share so that both accept the same people; returns
 * 0, or -1 with *msg (malloc'd) naming the field and the reason.
 */
int learner_check(const struct learner *l, char **msg)
{
	size_t i;

	if (!*l->ref) {
		*msg = xstrdup("the ref is empty");
		return -1;
	}
	if (check_text(msg, "ref", l->ref, LEARNER_REF_MAX, 0) < 0)
		return -1;
	if (check_ends(msg, "ref", l->ref) < 0)
		return -1;
	if (is_blank(l->name)) {
		*msg = xstrdup("the name is empty");
		return -1;
	}
	if (check_text(msg, "name", l->name, LEARNER_NAME_MAX, 1) < 0)
		return -1;
	if (l->email && check_email(msg, l->email) < 0)
		return -1;
	if (l->role && check_text(msg, "role", l->role, LEARNER_ROLE_MAX,
				  0) < 0)
		return -1;
	if (l->start && learner_date_check("start", l->start, msg) < 0)
		return -1;
	for (i = 0; i < l->groups.n; i++)
		if (group_check(l->groups.v[i], msg) < 0)
			return -1;
	return 0;
}
