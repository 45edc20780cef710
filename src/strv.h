/* strv.h - a growable list of strings (search paths, argument lists). */
#ifndef VIGIL_STRV_H
#define VIGIL_STRV_H

#include <stddef.h>

struct strv {
	char **v;
	size_t n, cap;
};
#define STRV_INIT { NULL, 0, 0 }

void strv_push(struct strv *sv, const char *s);
/* Pushes each non-empty part of a colon-separated list. */
void strv_push_colon(struct strv *sv, const char *list);
void strv_free(struct strv *sv);
/* Sorts the strings in byte order, so that output never depends on the
 * order a Lua table or a folder listing gives. */
void strv_sort(struct strv *sv);
/* Pushes s unless it is in the list already. */
void strv_add_once(struct strv *v, const char *s);
/* Nonzero when s is in the list (a linear search: for short lists). */
int strv_has(const struct strv *v, const char *s);

/*
 * Builds a search path: the folders given as options, then the parts of
 * the colon-separated environment variable env, then installed if it exists.
 */
void strv_search_path(struct strv *out, const struct strv *opt_dirs,
		      const char *env, const char *installed);

#endif
