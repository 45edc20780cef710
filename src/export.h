/*
 * export.h - the records out through exporter plugins (doc/exports.md).
 *
 * An exporter is a plugin file exporters/NAME.lua (doc/plugins.md) that
 * returns { api = 2, media_type, extension, begin, attempt, finish }, its
 * helpers in the table `vigil` (an API 1 exporter has them as globals).
 * It runs in one sandbox of its own and never sees a file or the network:
 * the engine hands it each attempt as a table and a write function that
 * appends to the output.  Attempts are streamed, one sandbox call each, so
 * no export holds more than one attempt in memory or in one Lua call.
 */
#ifndef VIGIL_EXPORT_H
#define VIGIL_EXPORT_H

#include <stdio.h>

struct store;
struct strv;
struct attempt_filter;

/* Where identifiers in xAPI statements live unless a school says otherwise;
 * ".invalid" can never resolve, so nobody mistakes it for a real address. */
#define EXPORT_BASE_DEFAULT	"https://vigil.invalid/"
/* The language tag given to titles in language maps (RFC 5646). */
#define EXPORT_LANGUAGE		"en-GB"

struct export_options {
	const char *base;	/* absolute IRI ending in "/" */
	const char *language;	/* RFC 5646 language tag */
	const struct attempt_filter *filter;	/* which attempts */
};

/* The exporter plugin for format (malloc'd path), or NULL if none. */
char *export_find(const struct strv *plugin_dirs, const char *format);

/* Adds the names of every exporter in the plugin folders to out, sorted,
 * each once. */
void export_formats(const struct strv *plugin_dirs, struct strv *out);

/* Nonzero when s can be the base of xAPI identifiers: an absolute http or
 * https IRI with a host, no spaces, quotes or control characters. */
int export_base_ok(const char *s);

/*
 * The base of xAPI identifiers for this school (malloc'd, ending in "/"):
 * the base_url setting (SPEC §4) when it is set and usable, else
 * EXPORT_BASE_DEFAULT.  NULL with *msg when the setting cannot be read.
 */
char *export_base_of(struct store *st, char **msg);

/*
 * Runs the exporter at path over the attempts that o->filter selects,
 * oldest first, writing what it produces to out (named out_name in
 * messages).  Returns 0, or -1 with *msg set (malloc'd): "FILE:LINE:
 * message" when the plugin failed, "cannot write 'NAME': reason" when the
 * output did.  The caller flushes and closes out.
 */
int export_run(struct store *st, const char *path,
	       const struct export_options *o, FILE *out,
	       const char *out_name, char **msg);

#endif
