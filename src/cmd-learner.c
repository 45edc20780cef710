/*
 * cmd-learner.c - `vigil learner SUBCOMMAND`: the roster of staff, and
 * everything held about one of them.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "cmd.h"
#include "csv.h"
#include "diag.h"
#include "learner.h"
#include "session.h"
#include "store.h"
#include "table.h"
#include "util.h"

/* A staff list is far smaller than this; a bigger file is something else. */
#define ROSTER_FILE_MAX		(16 * 1024 * 1024)

static const struct cmd_entry learner_add_entry;
static const struct cmd_entry learner_import_entry;
static const struct cmd_entry learner_list_entry;
static const struct cmd_entry learner_show_entry;
static const struct cmd_entry learner_forget_entry;

static const struct cmd_entry *const learner_table[] = {
	&learner_add_entry,
	&learner_import_entry,
	&learner_list_entry,
	&learner_show_entry,
	&learner_forget_entry,
	NULL
};

/* An optional field: NULL when empty ("not known"), else a copy. */
static char *optional(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/* Opens the records, saying why not on stderr. */
static struct store *open_store(struct cmd_ctx *ctx)
{
	struct store *st = NULL;
	char *msg = NULL;

	if (store_open(ctx->db, &st, &msg) < 0) {
		error("%s", msg);
		free(msg);
		return NULL;
	}
	return st;
}

/* "1 learner", "2 learners". */
static const char *plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Adds one learner from the command line. */
static int learner_add_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "email", required_argument, NULL, 'e' },
		{ "role", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct learner l = { 0 }, old = { 0 };
	struct store *st = NULL;
	const char *name = NULL, *email = NULL, *role = NULL;
	char *msg = NULL;
	int c, found, ret = EXIT_FAILED;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'n')
			name = optarg;
		else if (c == 'e')
			email = optarg;
		else if (c == 'r')
			role = optarg;
		else if (c == ':')
			return cmd_usage_error(&learner_add_entry, "learner",
					       "%s needs a value",
					       argv[optind - 1]);
		else
			return cmd_usage_error(&learner_add_entry, "learner",
					       "unknown option '%s'",
					       argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cmd_usage_error(&learner_add_entry, "learner",
				       "name one learner ref");
	if (!name)
		return cmd_usage_error(&learner_add_entry, "learner",
				       "--name is required");
	l.ref = xstrdup(argv[optind]);
	l.name = xstrdup(name);
	l.email = optional(email);
	l.role = optional(role);
	if (learner_check(&l, &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	st = open_store(ctx);
	if (!st)
		goto out;
	found = store_learner_get(st, l.ref, &old, &msg);
	if (found < 0) {
		error("%s", msg);
		goto out;
	}
	if (found) {
		char *v = learner_shown(old.name);

		error("there is already a learner '%s' (%s); vigil learner "
		      "import updates learners", l.ref, v);
		free(v);
		goto out;
	}
	if (store_learner_add(st, &l, &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	printf("added learner '%s'\n", l.ref);
	ret = EXIT_OK;
out:
	free(msg);
	learner_clear(&old);
	learner_clear(&l);
	store_close(st);
	return ret;
}

/* The roster's columns, in the order list prints them. */
enum { COL_REF, COL_NAME, COL_EMAIL, COL_ROLE, NCOLS };
static const char *const col_names[NCOLS] = { "ref", "name", "email",
					      "role" };

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
				 "no name; the columns are ref, name, email "
				 "and role", i + 1);
		else
			diag_add(d, DIAG_ERROR, file, line, "unknown column "
				 "'%s'; the columns are ref, name, email and "
				 "role", v);
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

/* The learners of a roster file that passed their checks, and the line
 * each came from. */
struct roster {
	struct learner *ls;
	int *lines;
	size_t n, cap;
};

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
	by_ref = xmalloc(ro->n * sizeof(*by_ref));
	for (i = 0; i < ro->n; i++)
		by_ref[i] = &ro->ls[i];
	qsort(by_ref, ro->n, sizeof(*by_ref), by_ref_cmp);
	for (i = 1; i < ro->n; i++) {
		char *v;

		if (strcmp(by_ref[i]->ref, by_ref[first]->ref)) {
			first = i;
			continue;
		}
		v = learner_shown(by_ref[i]->ref);
		diag_add(d, DIAG_ERROR, file, ro->lines[by_ref[i] - ro->ls],
			 "the ref '%s' is also on line %d", v,
			 ro->lines[by_ref[first] - ro->ls]);
		free(v);
	}
	free(by_ref);
}

/* Adds a learner that passed its checks, from line. */
static void roster_add(struct roster *ro, const struct learner *l, int line)
{
	if (ro->n == ro->cap) {
		ro->cap = ro->cap ? ro->cap * 2 : 64;
		ro->ls = xrealloc(ro->ls, ro->cap * sizeof(*ro->ls));
		ro->lines = xrealloc(ro->lines, ro->cap * sizeof(*ro->lines));
	}
	ro->ls[ro->n] = *l;
	ro->lines[ro->n++] = line;
}

/* Frees the learners read from a file and the list itself. */
static void roster_free(struct roster *ro)
{
	size_t i;

	for (i = 0; i < ro->n; i++)
		learner_clear(&ro->ls[i]);
	free(ro->ls);
	free(ro->lines);
}

/*
 * Reads a roster file into ro and which columns it has into cols, adding
 * every problem to d: the header's, then each bad row's (one a row), then
 * repeated refs.
 */
static void read_roster(const char *file, const char *text, size_t len,
			int cols[NCOLS], struct roster *ro, struct diags *d)
{
	struct csv_reader r;
	struct strv f = STRV_INIT;
	int line = 0, ret;
	size_t ncols;
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
	if (d->errors)
		goto out;
	ncols = f.n;
	while ((ret = csv_next(&r, &f, &line, &msg)) != 0) {
		struct learner l = { 0 };

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
		l.ref = xstrdup(f.v[cols[COL_REF]]);
		l.name = xstrdup(f.v[cols[COL_NAME]]);
		l.email = cols[COL_EMAIL] < 0 ? NULL :
			  optional(f.v[cols[COL_EMAIL]]);
		l.role = cols[COL_ROLE] < 0 ? NULL :
			 optional(f.v[cols[COL_ROLE]]);
		if (learner_check(&l, &msg) < 0) {
			diag_add(d, DIAG_ERROR, file, line, "%s", msg);
			free(msg);
			learner_clear(&l);
			continue;
		}
		roster_add(ro, &l, line);
	}
	find_repeats(ro, file, d);
out:
	strv_free(&f);
}

/*
 * A file without an email or role column says nothing about them, so a
 * learner already on the roster keeps what is recorded (an empty cell in
 * a column that is there does clear it).
 */
static int keep_recorded(struct store *st, struct roster *ro,
			 const int cols[NCOLS])
{
	struct learner old = { 0 };
	char *msg = NULL;
	size_t i;
	int found;

	if (cols[COL_EMAIL] >= 0 && cols[COL_ROLE] >= 0)
		return 0;
	for (i = 0; i < ro->n; i++) {
		struct learner *l = &ro->ls[i];

		found = store_learner_get(st, l->ref, &old, &msg);
		if (found < 0) {
			error("%s", msg);
			free(msg);
			return -1;
		}
		if (!found)
			continue;
		if (cols[COL_EMAIL] < 0) {
			l->email = old.email;
			old.email = NULL;
		}
		if (cols[COL_ROLE] < 0) {
			l->role = old.role;
			old.role = NULL;
		}
		learner_clear(&old);
	}
	return 0;
}

/* Adds or updates the learners of a CSV file: all of them, or none if any
 * row is bad. */
static int learner_import_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct diags d = DIAGS_INIT;
	struct roster ro = { 0 };
	struct store *st = NULL;
	const char *file;
	char *text = NULL, *msg = NULL;
	size_t len;
	int cols[NCOLS], added = 0, updated = 0, ret = EXIT_FAILED;

	if (argc != 2 || (argv[1][0] == '-' && argv[1][1]))
		return cmd_usage_error(&learner_import_entry, "learner",
				       "name one CSV file");
	file = argv[1];
	if (read_file(file, ROSTER_FILE_MAX, &text, &len) < 0) {
		if (errno == EFBIG)
			error("'%s' is larger than %d MiB; is it the staff "
			      "list?", file, ROSTER_FILE_MAX / (1024 * 1024));
		else
			error("cannot read '%s': %s", file, strerror(errno));
		return EXIT_FAILED;
	}
	read_roster(file, text, len, cols, &ro, &d);
	if (d.errors) {
		diag_sort(&d);
		diag_print(&d, stderr);
		error("nothing was imported: %zu %s in '%s'", d.errors,
		      plural((long)d.errors, "error", "errors"), file);
		goto out;
	}
	st = open_store(ctx);
	if (!st || keep_recorded(st, &ro, cols) < 0)
		goto out;
	if (store_learner_import(st, ro.ls, ro.n, &added, &updated,
				 &msg) < 0) {
		error("nothing was imported: %s", msg);
		goto out;
	}
	printf("imported %zu %s: %d added, %d updated, %zu unchanged\n",
	       ro.n, plural((long)ro.n, "learner", "learners"), added,
	       updated, ro.n - (size_t)added - (size_t)updated);
	ret = EXIT_OK;
out:
	roster_free(&ro);
	free(msg);
	free(text);
	diag_free(&d);
	store_close(st);
	return ret;
}

/* Prints the roster as a table: ref, name, email, role. */
static int learner_list_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char *const head[] = { "REF", "NAME", "EMAIL", "ROLE" };
	struct store *st;
	struct learner *ls = NULL;
	struct table t;
	char *msg = NULL;
	size_t n = 0, i;
	int ret = EXIT_FAILED;

	(void)argv;
	if (argc != 1)
		return cmd_usage_error(&learner_list_entry, "learner",
				       "list takes no arguments");
	st = open_store(ctx);
	if (!st)
		return EXIT_FAILED;
	if (store_learner_list(st, &ls, &n, &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	ret = EXIT_OK;
	if (!n) {
		printf("No learners yet.  Add them with vigil learner add, or "
		       "vigil learner import FILE.csv.\n");
		goto out;
	}
	table_init(&t, ARRAY_SIZE(head), head);
	for (i = 0; i < n; i++) {
		table_add(&t, ls[i].ref);
		table_add(&t, ls[i].name);
		table_add(&t, ls[i].email);
		table_add(&t, ls[i].role);
	}
	table_print(&t, stdout);
out:
	for (i = 0; i < n; i++)
		learner_clear(&ls[i]);
	free(ls);
	free(msg);
	store_close(st);
	return ret;
}

/* Sets key in o to s as a JSON string, or null for NULL: 0, or -1 when s
 * is not UTF-8 or memory ran out. */
static int set_text(json_t *o, const char *key, const char *s)
{
	return json_object_set_new(o, key, s ? json_string(s) : json_null());
}

/* Sets key in o to a whole number. */
static int set_int(json_t *o, const char *key, json_int_t n)
{
	return json_object_set_new(o, key, json_integer(n));
}

/* One attempt as JSON: every field the records hold for it but the
 * learner's, which are given once for all their attempts. */
static json_t *attempt_json(const struct attempt *a)
{
	json_t *o = json_object();
	char seed[24];
	int bad = 0;

	if (!o)
		return NULL;
	/* A seed may pass 2^63, which JSON readers do not all keep exactly:
	 * it is given as text. */
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)a->seed);
	bad |= set_int(o, "id", a->id);
	bad |= set_text(o, "uuid", a->uuid);
	bad |= set_text(o, "statement_id", a->statement_id);
	bad |= set_text(o, "pack", a->pack);
	bad |= set_text(o, "pack_title", a->pack_title);
	bad |= set_text(o, "pack_version", a->pack_version);
	bad |= set_text(o, "pack_hash", a->pack_hash);
	bad |= set_text(o, "module", a->module);
	bad |= set_text(o, "module_title", a->module_title);
	bad |= set_text(o, "seed", seed);
	bad |= set_text(o, "status", attempt_status_name(a->status));
	bad |= set_text(o, "started", a->started);
	bad |= set_text(o, "ended", a->ended);
	bad |= set_int(o, "score", a->score);
	bad |= set_int(o, "max", a->max);
	bad |= set_int(o, "percent", a->percent);
	bad |= set_int(o, "pass_mark", a->pass_mark);
	bad |= set_int(o, "minutes", a->minutes);
	bad |= set_text(o, "expires", a->expires);
	bad |= set_text(o, "certificate", a->certificate);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Collects attempts into a JSON array for store_attempts(). */
static int collect_attempt(void *ctx, const struct attempt *a)
{
	json_t *o = attempt_json(a);

	if (!o || json_array_append_new(ctx, o) < 0)
		return error("cannot write attempt %lld as JSON",
			     (long long)a->id);
	return 0;
}

/* An attempt's answers as a JSON array, in the order given. */
static json_t *answers_json(struct store *st, int64_t attempt_id)
{
	struct answer *as = NULL;
	json_t *arr = json_array(), *o;
	size_t n = 0, i;
	char *msg = NULL;

	if (!arr)
		return NULL;
	if (store_answers(st, attempt_id, &as, &n, &msg) < 0) {
		error("%s", msg);
		free(msg);
		json_decref(arr);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		o = json_object();
		if (!o || set_text(o, "step", as[i].step_id) < 0 ||
		    set_text(o, "input", as[i].input) < 0 ||
		    set_int(o, "points", as[i].points) < 0 ||
		    set_text(o, "at", as[i].at) < 0 ||
		    json_array_append_new(arr, o) < 0) {
			error("cannot write an answer of attempt %lld as JSON",
			      (long long)attempt_id);
			json_decref(arr);
			arr = NULL;
			break;
		}
	}
	answers_free(as, n);
	return arr;
}

/*
 * Everything held about one learner as JSON: the roster entry, then each
 * attempt with its answers (a subject access request).
 */
static json_t *learner_json(struct store *st, const struct learner *l)
{
	struct attempt_filter f = { 0 };
	json_t *root = json_object(), *who = json_object(),
	       *attempts = json_array();
	char *msg = NULL;
	size_t i;

	if (!root || !who || !attempts ||
	    json_object_set(root, "learner", who) < 0 ||
	    json_object_set(root, "attempts", attempts) < 0 ||
	    set_text(who, "ref", l->ref) < 0 ||
	    set_text(who, "name", l->name) < 0 ||
	    set_text(who, "email", l->email) < 0 ||
	    set_text(who, "role", l->role) < 0 ||
	    set_text(who, "added", l->added) < 0) {
		error("cannot write learner '%s' as JSON", l->ref);
		goto fail;
	}
	f.learner = l->ref;
	if (store_attempts(st, &f, collect_attempt, attempts, &msg) < 0) {
		if (msg)
			error("%s", msg);
		goto fail;
	}
	for (i = 0; i < json_array_size(attempts); i++) {
		json_t *a = json_array_get(attempts, i), *answers;

		answers = answers_json(st, json_integer_value(
			json_object_get(a, "id")));
		if (!answers || json_object_set_new(a, "answers", answers) < 0)
			goto fail;
	}
	json_decref(who);
	json_decref(attempts);
	return root;
fail:
	free(msg);
	json_decref(who);
	json_decref(attempts);
	json_decref(root);
	return NULL;
}

/* Prints everything held about one learner as JSON. */
static int learner_show_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct learner l = { 0 };
	struct store *st;
	json_t *root = NULL;
	char *msg = NULL;
	int found, ret = EXIT_FAILED;

	if (argc != 2)
		return cmd_usage_error(&learner_show_entry, "learner",
				       "name one learner ref");
	st = open_store(ctx);
	if (!st)
		return EXIT_FAILED;
	found = store_learner_get(st, argv[1], &l, &msg);
	if (found <= 0) {
		if (found < 0)
			error("%s", msg);
		else
			error("no learner '%s'", argv[1]);
		goto out;
	}
	root = learner_json(st, &l);
	if (!root)
		goto out;
	if (json_dumpf(root, stdout, JSON_INDENT(2)) < 0 ||
	    putchar('\n') == EOF || fflush(stdout) == EOF) {
		error("cannot write to standard output");
		goto out;
	}
	ret = EXIT_OK;
out:
	json_decref(root);
	learner_clear(&l);
	free(msg);
	store_close(st);
	return ret;
}

/* Erases a learner and everything recorded about them. */
static int learner_forget_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct forget_counts c = { 0 };
	struct store *st;
	char *msg = NULL;
	int found;

	if (argc != 2)
		return cmd_usage_error(&learner_forget_entry, "learner",
				       "name one learner ref");
	st = open_store(ctx);
	if (!st)
		return EXIT_FAILED;
	found = store_learner_forget(st, argv[1], &c, &msg);
	store_close(st);
	if (found < 0) {
		error("%s", msg);
		free(msg);
		return EXIT_FAILED;
	}
	if (!found) {
		error("no learner '%s'", argv[1]);
		return EXIT_FAILED;
	}
	printf("forgot learner '%s': %d %s, %d %s, %d %s\n", argv[1],
	       c.attempts, plural(c.attempts, "attempt", "attempts"),
	       c.answers, plural(c.answers, "answer", "answers"),
	       c.certificates, plural(c.certificates, "certificate",
				      "certificates"));
	return EXIT_OK;
}

/* Hands over to the subcommand from learner_table. */
static int cmd_learner_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	return cmd_dispatch(&cmd_learner_entry, ctx, argc, argv);
}

static const struct cmd_entry learner_add_entry = {
	.name = "add",
	.usage = "REF --name NAME [--email E] [--role R]",
	.summary = "add a member of staff to the roster",
	.help = "REF is their staff number or email.  A ref is at most 200 "
		"bytes with no spaces\nat either end; a name at most 200 (it "
		"may hold a line break), an email at\nmost 254 (one @), a role "
		"at most 100.  Exit status 1 when a value is refused\nor the "
		"ref is already in the roster.\n",
	.exec = learner_add_exec,
};

static const struct cmd_entry learner_import_entry = {
	.name = "import",
	.usage = "FILE.csv",
	.summary = "add or update staff from a CSV file (all rows or none)",
	.help = "The file's first line names the columns: ref,name,email,role "
		"in any order;\nemail and role may be left out (then what is "
		"recorded is kept).  Every bad\nrow is reported by line "
		"number, and then nothing is imported.  A ref already\nin the "
		"roster is updated.  See doc/roster.md.\n",
	.exec = learner_import_exec,
};

static const struct cmd_entry learner_list_entry = {
	.name = "list",
	.usage = "",
	.summary = "list the roster: ref, name, email, role",
	.help = "A line break in a name shows as \xe2\x8f\x8e.\n",
	.exec = learner_list_exec,
};

static const struct cmd_entry learner_show_entry = {
	.name = "show",
	.usage = "REF",
	.summary = "print everything held about one person, as JSON",
	.help = "Everything held about one person, with every attempt and "
		"answer: a subject\naccess export.  Exit status 1 when the ref "
		"is not in the roster.\n",
	.exec = learner_show_exec,
};

static const struct cmd_entry learner_forget_entry = {
	.name = "forget",
	.usage = "REF",
	.summary = "erase one person, their attempts, answers and "
		   "certificates",
	.help = "Erases the person and everything recorded about them, "
		"leaving no trace in the\ndatabase file, and says what it "
		"removed.  There is no undo and no question\nasked: check "
		"with 'vigil learner show REF' first.\n",
	.exec = learner_forget_exec,
};

const struct cmd_entry cmd_learner_entry = {
	.name = "learner",
	.usage = "SUBCOMMAND [ARGS]",
	.summary = "the roster of staff: add, import, list, show, forget",
	.help = "vigil learner SUBCOMMAND --help says more about each.\n",
	.exec = cmd_learner_exec,
	.subcommands = learner_table,
};
