/* matrix.c - every learner × every expected module (matrix.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "matrix.h"
#include "pack.h"
#include "packcache.h"
#include "util.h"
#include "words.h"

/* A learner's id and row, sorted by id, so that an attempt finds its row
 * in a school of thousands without a walk of the roster. */
struct row_of {
	int64_t id;
	size_t row;
};

struct build {
	struct matrix *m;
	struct row_of *rows;
	/* per learner row: the groups they are in, and since when */
	struct strv *member_of;		/* "GROUP_ID SINCE" */
};

static int row_cmp(const void *a, const void *b)
{
	const struct row_of *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* The row of the learner with this id, or -1. */
static long row_find(const struct build *bd, int64_t id)
{
	struct row_of key = { id, 0 }, *r;

	r = bsearch(&key, bd->rows, bd->m->nlearners, sizeof(*bd->rows),
		    row_cmp);
	return r ? (long)r->row : -1;
}

/* store_attempt_briefs callback: folds an attempt into its cell. */
static int fold_attempt(void *ctx, const struct attempt_brief *a)
{
	struct build *bd = ctx;
	struct matrix *m = bd->m;
	long li = row_find(bd, a->learner_id);
	size_t mi;

	if (li < 0)
		return 0;
	for (mi = 0; mi < m->modules.n; mi++)
		if (!strcmp(m->packs.v[mi], a->pack) &&
		    !strcmp(m->modules.v[mi], a->module))
			cpd_fold(&m->cells[(size_t)li * m->modules.n + mi], a);
	return 0;
}

/* store_memberships callback: notes a learner's group and since when. */
static int note_member(void *ctx, int64_t learner_id, int64_t group_id,
		       const char *since)
{
	struct build *bd = ctx;
	long li = row_find(bd, learner_id);
	char *s;

	if (li < 0)
		return 0;
	s = xasprintf("%lld %.10s", (long long)group_id, since);
	strv_push(&bd->member_of[li], s);
	free(s);
	return 0;
}

/* Adds title to v with the school's words in ("" when there is none). */
static void push_title(struct strv *v, const struct words *w,
		       const char *title)
{
	char *s = words_title(w, title, "");

	strv_push(v, s);
	free(s);
}

/* Collects the modules of the installed packs (only pack_id, if given),
 * their titles with the school's words w in. */
static int expected_modules(const struct strv *pack_dirs,
			    const struct strv *plugin_dirs, const char *pack_id,
			    const struct words *w, struct matrix *m,
			    char **msg)
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
				push_title(&m->pack_titles, w, p->title);
				push_title(&m->module_titles, w, pm->title);
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

/* date + days into out; "" when date is not a date. */
static void date_plus(const char *date, int days, char out[DATE_LEN])
{
	time_t t;

	out[0] = '\0';
	if (date && parse_time(date, &t) == 0)
		fmt_date(t + (time_t)days * 86400, out);
}

/* The day number (days since 1970-01-01) of a date, or of a time's date;
 * -1 when it is neither.  Days, not text, so that a school's due dates are
 * worked out without formatting each one it compares. */
static long day_of(const char *date)
{
	char d[DATE_LEN];
	time_t t;

	if (!date || strlen(date) < DATE_LEN - 1)
		return -1;
	memcpy(d, date, DATE_LEN - 1);
	d[DATE_LEN - 1] = '\0';
	if (parse_time(d, &t) < 0 || t < 0)
		return -1;
	return (long)(t / 86400);
}

/*
 * The day a module falls due for learner row li by the assignments that
 * name it (SPEC §4): the earliest any of them gives.  "" when none
 * applies.  A person with no first day known is due within the days of
 * the day it was assigned to them: the latest of the assignment, their
 * being added to the roster and their joining its group.
 */
static void assigned_due(const struct matrix *m, const struct build *bd,
			 const struct assignment *as, size_t nas, size_t li,
			 size_t mi, char out[DATE_LEN])
{
	const struct learner *l = &m->learners[li];
	long start = day_of(l->start), best = -1;
	size_t i, j;

	out[0] = '\0';
	if (!nas) {
		/* No assignment at all: every module, everyone, 30 days. */
		date_plus(l->start ? l->start : l->added,
			  ASSIGN_WITHIN_DEFAULT, out);
		return;
	}
	for (i = 0; i < nas; i++) {
		const char *joined = NULL;
		int member = !as[i].group_id;
		long due;

		if (strcmp(as[i].pack, m->packs.v[mi]) ||
		    strcmp(as[i].module, m->modules.v[mi]))
			continue;
		for (j = 0; !member && j < bd->member_of[li].n; j++) {
			const char *g = bd->member_of[li].v[j];
			char *sp;

			if (strtoll(g, &sp, 10) == as[i].group_id) {
				member = 1;
				joined = sp + 1;
			}
		}
		if (!member)
			continue;
		due = start;
		if (!l->start) {
			/* assigned to them: the latest of the assignment,
			 * their being added and their joining the group */
			due = day_of(as[i].created);
			if (day_of(l->added) > due)
				due = day_of(l->added);
			if (joined && day_of(joined) > due)
				due = day_of(joined);
		}
		if (due < 0)
			continue;
		due += as[i].within;
		if (best < 0 || due < best)
			best = due;
	}
	if (best >= 0)
		fmt_date((time_t)best * 86400, out);
}

/* Where the state of a due date puts it on m->today; soon is the last
 * day that is due soon. */
static enum due_state due_by_date(const struct matrix *m, const char *soon,
				  const char *date)
{
	if (strcmp(date, m->today) < 0)
		return DUE_OVERDUE;
	if (strcmp(date, soon) <= 0)
		return DUE_SOON;
	return DUE_LATER;
}

/* Fills m->dues and m->assigned from the assignments. */
static void compute_dues(struct matrix *m, const struct build *bd,
			 const struct assignment *as, size_t nas)
{
	size_t li, mi, i, ncols = m->modules.n;
	char soon[DATE_LEN];

	date_plus(m->today, DUE_SOON_DAYS, soon);
	for (mi = 0; mi < ncols; mi++) {
		m->assigned[mi] = !nas;
		for (i = 0; i < nas; i++)
			if (!strcmp(as[i].pack, m->packs.v[mi]) &&
			    !strcmp(as[i].module, m->modules.v[mi]))
				m->assigned[mi] = 1;
	}
	for (li = 0; li < m->nlearners; li++) {
		for (mi = 0; mi < ncols; mi++) {
			struct due *d = &m->dues[li * ncols + mi];
			const struct cpd *c = &m->cells[li * ncols + mi];
			const char *date;
			enum cpd_state s;

			d->state = DUE_NONE;
			d->date[0] = '\0';
			if (m->learners[li].left || !m->assigned[mi])
				continue;
			assigned_due(m, bd, as, nas, li, mi, d->date);
			if (!d->date[0])
				continue;
			s = cpd_resolve(c, m->today, &date);
			if (s == CPD_VALID) {
				snprintf(d->date, sizeof(d->date), "%s", date);
				d->state = !date[0] ||
					due_by_date(m, soon, date) == DUE_LATER ?
					DUE_DONE : DUE_SOON;
				continue;
			}
			/* A pass that has expired: due on its expiry. */
			if (c->pass_id && c->pass_expires[0])
				snprintf(d->date, sizeof(d->date), "%s",
					 c->pass_expires);
			d->state = due_by_date(m, soon, d->date);
		}
	}
}

int matrix_build(struct store *st, const struct strv *pack_dirs,
		 const struct strv *plugin_dirs, const char *learner_ref,
		 const char *pack_id, struct matrix *m, char **msg)
{
	struct build bd = { m, NULL, NULL };
	struct assignment *as = NULL;
	struct words w = WORDS_INIT;
	char *why = NULL;
	size_t i, nas = 0, ncells;
	int ret = -1;

	fmt_date(vigil_now(), m->today);
	/* The titles are for people to read: the words go in here, once,
	 * as the settings say now (the matrix is built for each page and
	 * command, never kept).  A setting that cannot be read leaves the
	 * defaults, said once: it must not keep the records from being
	 * counted. */
	if (words_load(&w, st, &why) < 0) {
		error("%s", why);
		free(why);
	}
	ret = expected_modules(pack_dirs, plugin_dirs, pack_id, &w, m, msg);
	words_free(&w);
	if (ret < 0)
		return -1;
	ret = -1;
	if (learner_ref) {
		/* One person's row: read them alone, not the whole roster. */
		int found;

		m->learners = xcalloc(1, sizeof(*m->learners));
		found = store_learner_get(st, learner_ref, m->learners, msg);
		if (found < 0)
			return -1;
		m->nlearners = (size_t)found;
	} else if (store_learner_list(st, &m->learners, &m->nlearners,
				      msg) < 0) {
		return -1;
	}
	ncells = m->nlearners * m->modules.n + 1;
	m->cells = xcalloc(ncells, sizeof(*m->cells));
	m->dues = xcalloc(ncells, sizeof(*m->dues));
	m->assigned = xcalloc(m->modules.n + 1, sizeof(*m->assigned));
	bd.rows = xcalloc(m->nlearners + 1, sizeof(*bd.rows));
	bd.member_of = xcalloc(m->nlearners + 1, sizeof(*bd.member_of));
	for (i = 0; i < m->nlearners; i++) {
		bd.rows[i].id = m->learners[i].id;
		bd.rows[i].row = i;
	}
	qsort(bd.rows, m->nlearners, sizeof(*bd.rows), row_cmp);
	if (store_group_list(st, &m->groups, &m->ngroups, msg) < 0 ||
	    store_assignment_list(st, &as, &nas, msg) < 0 ||
	    store_memberships(st, note_member, &bd, msg) < 0 ||
	    store_attempt_briefs(st, m->nlearners == 1 && learner_ref ?
				 m->learners[0].id : 0, fold_attempt, &bd,
				 msg) < 0)
		goto out;
	compute_dues(m, &bd, as, nas);
	ret = 0;
out:
	for (i = 0; i < nas; i++)
		assignment_clear(&as[i]);
	free(as);
	for (i = 0; i < m->nlearners; i++)
		strv_free(&bd.member_of[i]);
	free(bd.member_of);
	free(bd.rows);
	return ret;
}

void matrix_free(struct matrix *m)
{
	size_t i;

	for (i = 0; i < m->nlearners; i++)
		learner_clear(&m->learners[i]);
	free(m->learners);
	free(m->cells);
	free(m->dues);
	free(m->assigned);
	for (i = 0; i < m->ngroups; i++)
		group_info_clear(&m->groups[i]);
	free(m->groups);
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

const struct due *matrix_due(const struct matrix *m, size_t li, size_t mi)
{
	return &m->dues[li * m->modules.n + mi];
}

void matrix_person_dues(const struct matrix *m, size_t li,
			size_t counts[DUE_STATES])
{
	size_t mi;

	memset(counts, 0, DUE_STATES * sizeof(*counts));
	for (mi = 0; mi < m->modules.n; mi++)
		counts[matrix_due(m, li, mi)->state]++;
}

int matrix_person_in(const struct matrix *m, size_t li, enum due_state s)
{
	size_t counts[DUE_STATES];

	if (m->learners[li].left || s == DUE_NONE)
		return 0;
	matrix_person_dues(m, li, counts);
	if (s == DUE_DONE)
		return !counts[DUE_SOON] && !counts[DUE_OVERDUE] &&
		       !counts[DUE_LATER];
	return counts[s] > 0;
}

const char *due_state_name(enum due_state s)
{
	static const char *const names[] = {
		[DUE_NONE] = "not required",
		[DUE_DONE] = "up to date",
		[DUE_SOON] = "due soon",
		[DUE_OVERDUE] = "overdue",
		[DUE_LATER] = "not yet due",
	};

	return names[s];
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
