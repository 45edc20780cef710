/*
 * settings.h - the school's settings (SPEC §4): which keys there are,
 * what each may hold, its default, and whether it is a secret that is
 * never printed back.  `vigil settings` and the DSL's settings page both
 * go through here, so that they accept the same values.
 */
#ifndef VIGIL_SETTINGS_H
#define VIGIL_SETTINGS_H

#include "store.h"

struct setting_def {
	const char *key;
	const char *fallback;	/* the value when unset ("" for none) */
	int secret;		/* smtp_password: never shown or logged */
	const char *label;	/* a few words for the settings page */
	const char *help;	/* one sentence: what it is for, an example */
};

/* Every setting, in the order they are listed; ends with a NULL key. */
extern const struct setting_def settings_defs[];

/* The setting called key, or NULL when there is none. */
const struct setting_def *setting_find(const char *key);

/*
 * Checks a value for d and returns it as it will be stored (malloc'd:
 * spaces trimmed at the ends, but for a secret's, which may be part of
 * it; base_url without a trailing slash), or NULL
 * with *msg (malloc'd) saying what is wrong with it.  An empty value
 * means "unset" and is always accepted (returned as "").
 */
char *setting_check(const struct setting_def *d, const char *value,
		    char **msg);

/*
 * The value of key for use (malloc'd): the stored one, else the default.
 * Returns NULL with *msg on a database error.
 */
char *setting_value(struct store *st, const char *key, char **msg);

#endif
