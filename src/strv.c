/* strv.c - a growable list of strings. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "strv.h"
#include "util.h"

void strv_push(struct strv *sv, const char *s)
{
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = xstrdup(s);
}

void strv_push_colon(struct strv *sv, const char *list)
{
	while (list && *list) {
		const char *end = strchr(list, ':');
		size_t n = end ? (size_t)(end - list) : strlen(list);

		if (n) {
			char *part = xstrndup(list, n);
			strv_push(sv, part);
			free(part);
		}
		list = end ? end + 1 : NULL;
	}
}

void strv_free(struct strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}
