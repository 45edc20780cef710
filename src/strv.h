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

#endif
