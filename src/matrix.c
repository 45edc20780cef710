/* matrix.c - every learner × every expected module (matrix.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"
#include "pack.h"
#include "packcache.h"
#include "util.h"

/* The learner's row in m; a linear search is plenty for a school's roster. */
static int find_learner_index(const struct matrix *m, int64_t id)
{
	size_t i;

	for (i = 0; i < m->nlearners; i++)
		if (m->learners[i].id == id)
			return (int)i;
	return -1;
}

/* store_attempts callback: folds an attempt into its learner × module. */
static int fold_attempt(void *ctx, const struct attempt *a)
{
	struct matrix *m = ctx;
	int li = find_learner_index(m, a->learner_id);
	size_t mi;

	if (li < 0)
		return 0;
	for (mi = 0; mi < m->modules.n; mi++)
		if (!strcmp(m->packs.v[mi], a->pack) &&
		    !strcmp(m->modules.v[mi], a->module))
			cpd_fold(&m->cells[(size_t)li * m->modules.n + mi], a);
	return 0;
}

/* Collects the modules of the installed packs (only pack_id, if given). */
static int expected_modules(const struct strv *pack_dirs,
			    const struct strv *plugin_dirs, const char *pack_id,
			    struct matrix *m, char **msg)
{
	struct strv dirs = STRV_INIT;
	size_t i, j;
	int found = 0;

	pack_list(pack_dirs, &dirs);
	for (i = 0; i < dirs.n; i++) {
		int broken = 0;
		struct pack *p = pack_cache_load(dirs.v[i], plugin_dirs,
						 &broken);

		if (p && (!pack_id || !strcmp(p->id, pack_id))) {
			found = 1;
			/* A pack with errors cannot be taken: nobody can be
			 * overdue on it. */
			if (broken) {
				strv_push(&m->broken, p->id);
				strv_push(&m->broken_dirs, dirs.v[i]);
			}
			for (j = 0; !broken && j < p->nmodules; j++) {
				const struct pack_module *pm = &p->modules[j];

				strv_push(&m->packs, p->id);
				strv_push(&m->modules, pm->id);
				strv_push(&m->pack_titles,
					  p->title ? p->title : "");
				strv_push(&m->module_titles,
					  pm->title ? pm->title : "");
			}
		}
		pack_free(p);
	}
	strv_free(&dirs);
	if (pack_id && !found) {
		*msg = xasprintf("no pack '%s' is installed", pack_id);
		return -1;
	}
	return 0;
}

/* Keeps only the learner with ref in m's rows. */
static void keep_learner(struct matrix *m, const char *ref)
{
	size_t i, kept = 0;

	for (i = 0; i < m->nlearners; i++) {
		if (strcmp(m->learners[i].ref, ref))
			learner_clear(&m->learners[i]);
		else
			m->learners[kept++] = m->learners[i];
	}
	m->nlearners = kept;
}

int matrix_build(struct store *st, const struct strv *pack_dirs,
		 const struct strv *plugin_dirs, const char *learner_ref,
		 const char *pack_id, struct matrix *m, char **msg)
{
	struct attempt_filter all = { learner_ref, pack_id, NULL, 0 };

	if (expected_modules(pack_dirs, plugin_dirs, pack_id, m, msg) < 0)
		return -1;
	if (store_learner_list(st, &m->learners, &m->nlearners, msg) < 0)
		return -1;
	if (learner_ref)
		keep_learner(m, learner_ref);
	m->cells = xcalloc(m->nlearners * m->modules.n + 1, sizeof(*m->cells));
	return store_attempts(st, &all, fold_attempt, m, msg) < 0 ? -1 : 0;
}

void matrix_free(struct matrix *m)
{
	size_t i;

	for (i = 0; i < m->nlearners; i++)
		learner_clear(&m->learners[i]);
	free(m->learners);
	free(m->cells);
	strv_free(&m->packs);
	strv_free(&m->modules);
	strv_free(&m->pack_titles);
	strv_free(&m->module_titles);
	strv_free(&m->broken);
	strv_free(&m->broken_dirs);
	memset(m, 0, sizeof(*m));
}

size_t matrix_columns(const struct matrix *m)
{
	return m->modules.n;
}

enum cpd_state matrix_state(const struct matrix *m, size_t li, size_t mi,
			    const char *today, const char **date)
{
	return cpd_resolve(&m->cells[li * m->modules.n + mi], today, date);
}

/* The words of a state, its date written as the front end writes dates. */
static char *describe(enum cpd_state s, const char *date)
{
	switch (s) {
	case CPD_VALID:
		return *date ? xasprintf("passed, expires on %s", date) :
			       xstrdup("passed, never expires");
	case CPD_NEVER:
		return xstrdup("never taken");
	case CPD_IN_PROGRESS:
		return xasprintf("in progress since %s", date);
	case CPD_NOT_PASSED:
		return xasprintf("not passed on %s", date);
	case CPD_EXPIRED:
		return xasprintf("expired on %s", date);
	}
	abort();
}

char *matrix_describe(enum cpd_state s, const char *date)
{
	char day[DATE_LEN];

	snprintf(day, sizeof(day), "%s", date ? date : "");
	return describe(s, day);
}

char *matrix_describe_words(enum cpd_state s, const char *date)
{
	char words[WORDS_LEN];

	fmt_date_words(date ? date : "", words, sizeof(words));
	return describe(s, words);
}
