/* roster.c - a staff list from CSV into the roster (roster.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "learner.h"
#include "roster.h"
#include "strv.h"
#include "util.h"

/* The roster's columns, in the order list prints them. */
enum { COL_REF, COL_NAME, COL_EMAIL, COL_ROLE, COL_GROUPS, COL_START,
       NCOLS };
static const char *const col_names[NCOLS] = { "ref", "name", "email",
					      "role", "groups", "start" };

/* What the messages about the header say the columns are. */
#define COLUMNS_ARE	"the columns are ref, name, email, role, groups and start"

/* An optional field: NULL when empty ("not known"), else a copy. */
static char *optional(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/*
 * Reads the header row: which field holds which column (-1 if absent).
 * Names are matched without regard to case or surrounding spaces, as
 * spreadsheets are typed by hand.  Problems are added to d at line.
 */
static void read_header(const struct strv *f, int cols[NCOLS],
			const char *file, int line, struct diags *d)
{
	size_t i, j;

	for (j = 0; j < NCOLS; j++)
		cols[j] = -1;
	for (i = 0; i < f->n; i++) {
		const char *s = f->v[i] + strspn(f->v[i], " ");
		size_t n = strlen(s);
		char *v;

		while (n && s[n - 1] == ' ')
			n--;
		for (j = 0; j < NCOLS; j++)
			if (strlen(col_names[j]) == n &&
			    !strncasecmp(s, col_names[j], n))
				break;
		if (j < NCOLS && cols[j] < 0) {
			cols[j] = (int)i;
			continue;
		}
		v = learner_shown(f->v[i]);
		if (j < NCOLS)
			diag_add(d, DIAG_ERROR, file, line, "the column '%s' "
				 "is named twice", col_names[j]);
		else if (!n)
			diag_add(d, DIAG_ERROR, file, line, "column %zu has "
				 "no name; " COLUMNS_ARE, i + 1);
		else
			diag_add(d, DIAG_ERROR, file, line, "unknown column "
				 "'%s'; " COLUMNS_ARE, v);
		free(v);
	}
	for (j = COL_REF; j <= COL_NAME; j++)
		if (cols[j] < 0)
			diag_add(d, DIAG_ERROR, file, line, "there is no '%s' "
				 "column; the first line must name the "
				 "columns, e.g. ref,name,email,role",
				 col_names[j]);
}

/* Nonzero when every field is empty: a spreadsheet's blank row. */
static int is_empty_row(const struct strv *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (*f->v[i])
			return 0;
	return 1;
}

/* Orders learners by ref, then by place in the file (which is line order),
 * to find refs given twice. */
static int by_ref_cmp(const void *a, const void *b)
{
	const struct learner *x = *(const struct learner *const *)a;
	const struct learner *y = *(const struct learner *const *)b;
	int c = strcmp(x->ref, y->ref);

	return c ? c : (x > y) - (x < y);
}

/* Reports each row whose ref an earlier row already has. */
static void find_repeats(const struct roster *ro, const char *file,
			 struct diags *d)
{
	const struct learner **by_ref;
	size_t i, first = 0;

	if (!ro->n)
		return;
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointers, not structs */
	by_ref = xmalloc(ro->n * sizeof(*by_ref));
	for (i = 0; i < ro->n; i++)
		by_ref[i] = &ro->learners[i];
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointers, not structs */
	qsort(by_ref, ro->n, sizeof(*by_ref), by_ref_cmp);
	for (i = 1; i < ro->n; i++) {
		char *v;

		if (strcmp(by_ref[i]->ref, by_ref[first]->ref)) {
			first = i;
			continue;
		}
		v = learner_shown(by_ref[i]->ref);
		diag_add(d, DIAG_ERROR, file,
			 ro->lines[by_ref[i] - ro->learners],
			 "the ref '%s' is also on line %d", v,
			 ro->lines[by_ref[first] - ro->learners]);
		free(v);
	}
	free(by_ref);
}

/*
 * Reads a groups cell, "Teaching staff; Year 7", into l's groups: names
 * separated by ';', spaces around them dropped, empty ones skipped, each
 * bad name added to d at line.
 */
static void read_groups(struct learner *l, const char *cell,
			const char *file, int line, struct diags *d)
{
	const char *p = cell, *s, *e;
	char *name, *msg;
	size_t len;

	while (*p) {
		len = strcspn(p, ";");
		s = p;
		e = p + len;
		while (s < e && *s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		if (e > s) {
			name = xstrndup(s, (size_t)(e - s));
			if (group_check(name, &msg) < 0) {
				diag_add(d, DIAG_ERROR, file, line, "%s", msg);
				free(msg);
			} else {
				learner_group_add(l, name);
			}
			free(name);
		}
		p += len + (p[len] == ';');
	}
}

/*
 * Reads the learner of one row into *l, adding each bad cell to d at
 * line: the first problem of its ref, name, email and role (as
 * learner_check finds it), then each bad group and a bad start.  Returns 0,
 * or -1 when the row is bad.
 */
static int read_row(struct learner *l, const struct strv *f,
		    const int cols[NCOLS], const char *file, int line,
		    struct diags *d)
{
	size_t errors = d->errors;
	const char *start;
	char *msg;

	memset(l, 0, sizeof(*l));
	l->ref = xstrdup(f->v[cols[COL_REF]]);
	l->name = xstrdup(f->v[cols[COL_NAME]]);
	l->email = cols[COL_EMAIL] < 0 ? NULL :
		   optional(f->v[cols[COL_EMAIL]]);
	l->role = cols[COL_ROLE] < 0 ? NULL : optional(f->v[cols[COL_ROLE]]);
	if (learner_check(l, &msg) < 0) {
		diag_add(d, DIAG_ERROR, file, line, "%s", msg);
		free(msg);
	}
	if (cols[COL_GROUPS] >= 0)
		read_groups(l, f->v[cols[COL_GROUPS]], file, line, d);
	/* An empty start is not known: today for someone new, else as
	 * recorded. */
	start = cols[COL_START] < 0 ? "" : f->v[cols[COL_START]];
	if (*start && learner_date_check("start", start, &msg) < 0) {
		diag_add(d, DIAG_ERROR, file, line, "%s", msg);
		free(msg);
	} else {
		l->start = optional(start);
	}
	if (d->errors > errors) {
		learner_clear(l);
		return -1;
	}
	return 0;
}

/* Adds a learner that passed its checks, from line. */
static void roster_add(struct roster *ro, const struct learner *l, int line)
{
	if (ro->n == ro->cap) {
		ro->cap = ro->cap ? ro->cap * 2 : 64;
		ro->learners = xrealloc(ro->learners,
					ro->cap * sizeof(*ro->learners));
		ro->lines = xrealloc(ro->lines, ro->cap * sizeof(*ro->lines));
	}
	ro->learners[ro->n] = *l;
	ro->lines[ro->n++] = line;
}

void roster_free(struct roster *ro)
{
	size_t i;

	for (i = 0; i < ro->n; i++)
		learner_clear(&ro->learners[i]);
	free(ro->learners);
	free(ro->lines);
	memset(ro, 0, sizeof(*ro));
}

int roster_read(struct roster *ro, const char *file, const char *text,
		size_t len, struct diags *d)
{
	struct csv_reader r;
	struct strv f = STRV_INIT;
	int cols[NCOLS], line = 0, ret;
	size_t ncols, errors = d->errors;
	char *msg;

	csv_init(&r, text, len);
	for (ret = 0; ret < NCOLS; ret++)
		cols[ret] = -1;
	ret = csv_next(&r, &f, &line, &msg);
	if (ret < 0) {
		diag_add(d, DIAG_ERROR, file, line, "%s", msg);
		free(msg);
		goto out;
	}
	if (ret == 0) {
		diag_add(d, DIAG_ERROR, file, 0, "the file is empty; its first "
			 "line must name the columns, e.g. "
			 "ref,name,email,role");
		goto out;
	}
	read_header(&f, cols, file, line, d);
	if (d->errors > errors)
		goto out;
	ro->has_email = cols[COL_EMAIL] >= 0;
	ro->has_role = cols[COL_ROLE] >= 0;
	ro->has_groups = cols[COL_GROUPS] >= 0;
	ro->has_start = cols[COL_START] >= 0;
	ncols = f.n;
	while ((ret = csv_next(&r, &f, &line, &msg)) != 0) {
		struct learner l;

		if (ret < 0) {
			diag_add(d, DIAG_ERROR, file, line, "%s", msg);
			free(msg);
			continue;
		}
		if (is_empty_row(&f))
			continue;
		if (f.n != ncols) {
			diag_add(d, DIAG_ERROR, file, line, "this row has %zu "
				 "%s but the first line names %zu columns",
				 f.n, plural((long)f.n, "field", "fields"),
				 ncols);
			continue;
		}
		if (read_row(&l, &f, cols, file, line, d) == 0)
			roster_add(ro, &l, line);
	}
	find_repeats(ro, file, d);
out:
	strv_free(&f);
	return d->errors > errors ? -1 : 0;
}

/* Fills in the email, role, groups and first day of learners already on
 * the roster when the file has no such column: the store replaces what
 * it is given. */
static int keep_recorded(struct store *st, struct roster *ro, char **msg)
{
	struct learner old = { 0 };
	size_t i;
	int found;

	if (ro->has_email && ro->has_role && ro->has_groups && ro->has_start)
		return 0;
	for (i = 0; i < ro->n; i++) {
		struct learner *l = &ro->learners[i];

		found = store_learner_get(st, l->ref, &old, msg);
		if (found < 0)
			return -1;
		if (!found)
			continue;
		if (!ro->has_email) {
			free(l->email);
			l->email = old.email;
			old.email = NULL;
		}
		if (!ro->has_role) {
			free(l->role);
			l->role = old.role;
			old.role = NULL;
		}
		if (!ro->has_groups) {
			strv_free(&l->groups);
			l->groups = old.groups;
			old.groups = (struct strv)STRV_INIT;
		}
		if (!ro->has_start) {
			free(l->start);
			l->start = old.start;
			old.start = NULL;
		}
		learner_clear(&old);
	}
	return 0;
}

int roster_import(struct store *st, struct roster *ro, int *added,
		  int *updated, char **msg)
{
	*added = *updated = 0;
	if (keep_recorded(st, ro, msg) < 0)
		return -1;
	return store_learner_import(st, ro->learners, ro->n, added, updated,
				    msg);
}
