/*
 * cmd-settings.c - `vigil settings [KEY [VALUE]]`: list, print or set the
 * school's settings (SPEC §4).  settings.h says which keys there are and
 * checks each value; the store writes each change to the audit log.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cmd.h"
#include "password.h"
#include "settings.h"
#include "store.h"
#include "util.h"

/*
 * Reads the value of key as one line from standard input (malloc'd): a
 * secret typed at a terminal is not shown, so that it is neither on the
 * screen nor in the shell's history.  NULL after saying why.
 */
static char *read_value(const char *key, int secret)
{
	struct secret line;
	char *prompt = secret ? xasprintf("%s (not shown as it is typed): ",
					  key) : NULL;
	char *v = NULL;

	switch (secret_read(prompt, &line)) {
	case SECRET_LINE:
		if (line.too_long)
			error("the value of %s is longer than %d bytes", key,
			      PASSWORD_MAX_BYTES);
		else
			v = xstrdup(line.s);
		break;
	case SECRET_NONE:
		error("no value for %s on standard input; give it as one "
		      "line", key);
		break;
	case SECRET_ERROR:
		error("cannot read %s from standard input: %s", key,
		      strerror(errno));
		break;
	case SECRET_CANCELLED:
		error("cancelled; %s was not changed", key);
		break;
	case SECRET_NO_QUIET:
		break;
	}
	sodium_memzero(&line, sizeof(line));
	free(prompt);
	return v;
}

/* The usage error for an unknown key: what it may have meant, and every
 * key there is. */
static int unknown_key(const char *key)
{
	const char **names;
	struct buf b = BUF_INIT;
	size_t n = 0;
	char *safe = term_safe(key, 1), *dym;
	int ret;

	while (settings_defs[n].key)
		n++;
	names = xcalloc(n + 1, sizeof(*names));
	for (n = 0; settings_defs[n].key; n++) {
		names[n] = settings_defs[n].key;
		buf_addf(&b, "%s%s", n ? ", " : "", names[n]);
	}
	dym = did_you_mean(key, names, n);
	ret = cmd_usage_error(&cmd_settings_entry, NULL, "there is no setting "
			      "'%s'%s; the settings are: %s", safe, dym, b.s);
	free(dym);
	free(safe);
	free(names);
	buf_free(&b);
	return ret;
}

/* Prints every setting as KEY = VALUE, saying which are defaults and
 * never showing a secret. */
static int list(struct store *st)
{
	const struct setting_def *d;
	char *msg = NULL, *v, *safe;
	int found;

	for (d = settings_defs; d->key; d++) {
		found = store_setting_get(st, d->key, &v, &msg);
		if (found < 0) {
			error("%s", msg);
			free(msg);
			return EXIT_FAILED;
		}
		safe = term_safe(found ? v : d->fallback, 1);
		if (d->secret)
			printf("%s = %s\n", d->key, found ? "(set)" :
			       "(not set)");
		else if (found || *d->fallback)
			printf("%s = %s%s\n", d->key, safe, found ? "" :
			       " (default)");
		else
			printf("%s = (not set)\n", d->key);
		free(safe);
		free(v);
	}
	return EXIT_OK;
}

/* Prints one setting's value for use (the default when unset). */
static int show(struct store *st, const struct setting_def *d)
{
	char *msg = NULL, *v, *safe;
	int found;

	if (d->secret) {
		found = store_setting_get(st, d->key, &v, &msg);
		free(v);
		if (found < 0) {
			error("%s", msg);
			free(msg);
			return EXIT_FAILED;
		}
		error("%s is never printed back; it is %s (vigil settings %s - "
		      "sets it from standard input)", d->key,
		      found ? "set" : "not set", d->key);
		return EXIT_FAILED;
	}
	v = setting_value(st, d->key, &msg);
	if (!v) {
		error("%s", msg);
		free(msg);
		return EXIT_FAILED;
	}
	safe = term_safe(v, 1);
	printf("%s\n", safe);
	free(safe);
	free(v);
	return EXIT_OK;
}

/* Sets (or with "" unsets) one setting after checking the value. */
static int set(struct store *st, const struct setting_def *d,
	       const char *value)
{
	char *msg = NULL, *v, *old = NULL, *safe;
	int found, ret = EXIT_FAILED;

	v = setting_check(d, value, &msg);
	if (!v) {
		error("%s cannot be set to that: %s", d->key, msg);
		free(msg);
		return EXIT_FAILED;
	}
	found = store_setting_get(st, d->key, &old, &msg);
	if (found < 0)
		goto fail;
	/* The same value again changes nothing, and is not logged. */
	if ((!found && !*v) || (found && !strcmp(old, v))) {
		printf("%s is already %s\n", d->key, !*v ? "unset" :
		       d->secret ? "set to that" : "so");
		ret = EXIT_OK;
		goto out;
	}
	if (store_setting_set(st, d->key, *v ? v : NULL, d->secret, &msg) < 0)
		goto fail;
	if (!*v)
		printf("%s unset%s%s%s\n", d->key, *d->fallback ?
		       " (now the default: " : "", d->fallback,
		       *d->fallback ? ")" : "");
	else if (d->secret)
		printf("%s set\n", d->key);
	else {
		safe = term_safe(v, 1);
		printf("%s = %s\n", d->key, safe);
		free(safe);
	}
	ret = EXIT_OK;
	goto out;
fail:
	error("%s", msg);
	free(msg);
out:
	/* No copy of a password is left in memory once done with. */
	if (d->secret && old)
		memset(old, 0, strlen(old));
	if (d->secret)
		memset(v, 0, strlen(v));
	free(old);
	free(v);
	return ret;
}

/* Lists, prints or sets the school's settings. */
static int cmd_settings_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct setting_def *d = NULL;
	struct store *st = NULL;
	char *msg = NULL, *input = NULL;
	const char *value = NULL;
	int ret = EXIT_FAILED;

	/* A key never starts with '-'; a value may ("-": standard input). */
	if (argc >= 2 && argv[1][0] == '-')
		return cmd_usage_error(&cmd_settings_entry, NULL,
				       "unknown option '%s'", argv[1]);
	if (argc > 3)
		return cmd_usage_error(&cmd_settings_entry, NULL,
				       "give a key and at most one value "
				       "(quote a value with spaces)");
	if (argc >= 2) {
		d = setting_find(argv[1]);
		if (!d)
			return unknown_key(argv[1]);
	}
	if (argc == 3) {
		value = argv[2];
		if (!strcmp(value, "-")) {
			input = read_value(d->key, d->secret);
			if (!input)
				return EXIT_FAILED;
			/* An Enter pressed by mistake must not unset it. */
			if (!*input) {
				free(input);
				error("the line for %s on standard input is "
				      "empty; to unset it, give \"\" as the "
				      "value", d->key);
				return EXIT_FAILED;
			}
			value = input;
		}
		if (store_open(ctx->db, &st, &msg) < 0)
			goto fail;
		ret = set(st, d, value);
	} else {
		if (store_open_existing(ctx->db, &st, &msg) < 0)
			goto fail;
		ret = d ? show(st, d) : list(st);
	}
	goto out;
fail:
	error("%s", msg);
	free(msg);
out:
	if (input) {
		memset(input, 0, strlen(input));
		free(input);
	}
	store_close(st);
	return ret;
}

const struct cmd_entry cmd_settings_entry = {
	.name = "settings",
	.usage = "[KEY [VALUE]]",
	.summary = "list, print or set a school setting",
	.help = "With no KEY, lists every setting as KEY = VALUE, marking "
		"defaults.  With KEY,\nprints its value (the default when it "
		"is not set).  With KEY VALUE, sets it;\nan empty VALUE (\"\") "
		"unsets it.  Every change goes to the audit log.\n\n"
		"  school_name        the school's name, on pages, emails and "
		"certificates\n"
		"  base_url           the address staff use, e.g. "
		"https://training.example.sch.uk;\n"
		"                     links in emails, xAPI identifiers and "
		"the verify\n                     address on certificates "
		"start with it\n"
		"  lead_title         default: Designated Safeguarding Lead\n"
		"  lead_short         default: DSL (at most 20 characters)\n"
		"  leads              the names of the lead and the deputies\n"
		"  smtp_url           smtp://HOST:PORT or smtps://HOST:PORT\n"
		"  smtp_user          the mail server's user name\n"
		"  smtp_password      never printed back; shown as (set) or "
		"(not set)\n"
		"  mail_from          one address reminders come from\n"
		"  remind_every_days  1 to 365 (default 7)\n\n"
		"Text is one line of at most 200 characters.  A VALUE of - "
		"reads the value as\none line from standard input: that keeps "
		"the password out of the shell's\nhistory (typed at a terminal, "
		"it is not shown), or pipe it from a file:\n"
		"  vigil settings smtp_password - <password-file\n\n"
		"Exit status 0 when done, 1 when a value is not right (the "
		"message says why),\n2 for an unknown key.\n",
	.exec = cmd_settings_exec,
};
