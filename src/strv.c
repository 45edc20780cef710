/* strv.c - a growable list of strings. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

void strv_search_path(struct strv *out, const struct strv *opt_dirs,
		      const char *env, const char *installed)
{
	struct stat st;
	size_t i;

	for (i = 0; i < opt_dirs->n; i++)
		strv_push(out, opt_dirs->v[i]);
	strv_push_colon(out, getenv(env));
	if (stat(installed, &st) == 0 && S_ISDIR(st.st_mode))
		strv_push(out, installed);
}

/* For qsort: two strings of a list, in byte order. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strv_sort(struct strv *sv)
{
	if (sv->n)	/* qsort's array must not be NULL, even when empty */
		qsort(sv->v, sv->n, sizeof(*sv->v), cmp_str);
}

int strv_has(const struct strv *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], s))
			return 1;
	return 0;
}

void strv_add_once(struct strv *v, const char *s)
{
	if (!strv_has(v, s))
		strv_push(v, s);
}
