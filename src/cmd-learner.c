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

#include <jansson.h>
#include <sodium.h>

#include "cmd.h"
#include "diag.h"
#include "export.h"
#include "learner.h"
#include "roster.h"
#include "session.h"
#include "store.h"
#include "table.h"
#include "util.h"

/* Where vigil serve listens unless told otherwise. */
#define LINK_BASE_DEFAULT	"http://127.0.0.1:8080/"

static const struct cmd_entry learner_add_entry;
static const struct cmd_entry learner_import_entry;
static const struct cmd_entry learner_list_entry;
static const struct cmd_entry learner_show_entry;
static const struct cmd_entry learner_forget_entry;
static const struct cmd_entry learner_link_entry;

static const struct cmd_entry *const learner_table[] = {
	&learner_add_entry,
	&learner_import_entry,
	&learner_list_entry,
	&learner_show_entry,
	&learner_forget_entry,
	&learner_link_entry,
	NULL
};

/* An optional field: NULL when empty ("not known"), else a copy. */
static char *optional(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/*
 * Opens the records, saying why not on stderr; only the commands that add
 * learners (create) make a database that is not there yet.
 */
static struct store *open_store(struct cmd_ctx *ctx, int create)
{
	struct store *st = NULL;
	char *msg = NULL;

	if ((create ? store_open : store_open_existing)(ctx->db, &st,
							&msg) < 0) {
		error("%s", msg);
		free(msg);
		return NULL;
	}
	return st;
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
		else
			return cmd_option_error(&learner_add_entry, "learner", c,
						argv);
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
	st = open_store(ctx, 1);
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

/* Adds or updates the learners of a CSV file: all of them, or none if any
 * row is bad. */
static int learner_import_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct diags d = DIAGS_INIT;
	struct roster ro = ROSTER_INIT;
	struct store *st = NULL;
	const char *file;
	char *text = NULL, *msg = NULL;
	size_t len;
	int added = 0, updated = 0, ret = EXIT_FAILED;

	if (argc != 2 || (argv[1][0] == '-' && argv[1][1]))
		return cmd_usage_error(&learner_import_entry, "learner",
				       "name one CSV file");
	file = argv[1];
	if (read_file(file, (size_t)ROSTER_FILE_MAX, &text, &len) < 0) {
		if (errno == EFBIG)
			error("'%s' is larger than %d MiB; is it the staff "
			      "list?", file, ROSTER_FILE_MAX / (1024 * 1024));
		else
			error("cannot read '%s': %s", file, strerror(errno));
		return EXIT_FAILED;
	}
	if (roster_read(&ro, file, text, len, &d) < 0) {
		diag_sort(&d);
		diag_print(&d, stderr);
		error("nothing was imported: %zu %s in '%s'", d.errors,
		      plural((long)d.errors, "error", "errors"), file);
		goto out;
	}
	st = open_store(ctx, 1);
	if (!st)
		goto out;
	if (roster_import(st, &ro, &added, &updated, &msg) < 0) {
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
	st = open_store(ctx, 0);
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
	st = open_store(ctx, 0);
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
	st = open_store(ctx, 0);
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

/*
 * Prints a new personal sign-in link for a learner, which replaces (and so
 * revokes) the one printed before.  Only the link goes to stdout, so that
 * a script can capture it.
 */
static int learner_link_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	const char *base = LINK_BASE_DEFAULT, *slash = "";
	struct learner l = { 0 };
	struct store *st = NULL;
	char *token = NULL, *msg = NULL, *who, *ref;
	int c, found, ret = EXIT_FAILED;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'b' && export_base_ok(optarg))
			base = optarg;
		else if (c == 'b')
			return cmd_usage_error(&learner_link_entry, "learner",
					       "--base needs the http or https "
					       "address the server is reached "
					       "at, such as https://training."
					       "school.example/, not '%s'",
					       optarg);
		else
			return cmd_option_error(&learner_link_entry, "learner", c,
						argv);
	}
	if (argc - optind != 1)
		return cmd_usage_error(&learner_link_entry, "learner",
				       "name one learner ref");
	if (base[strlen(base) - 1] != '/')
		slash = "/";
	st = open_store(ctx, 0);
	if (!st)
		return EXIT_FAILED;
	found = store_learner_get(st, argv[optind], &l, &msg);
	if (found <= 0) {
		if (found < 0)
			error("%s", msg);
		else
			error("no learner '%s'", argv[optind]);
		goto out;
	}
	if (store_signin_token_new(st, l.id, &token, &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	printf("%s%ssignin/%s\n", base, slash, token);
	if (fflush(stdout) == EOF) {
		error("cannot write to standard output");
		goto out;
	}
	who = learner_shown(l.name);
	ref = term_safe(l.ref, 1);
	fprintf(stderr, "This link signs in as %s (%s) until a new one is "
		"printed; send it only to them.\n", who, ref);
	free(who);
	free(ref);
	ret = EXIT_OK;
out:
	if (token)
		sodium_memzero(token, strlen(token));
	free(token);
	free(msg);
	learner_clear(&l);
	store_close(st);
	return ret;
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

static const struct cmd_entry learner_link_entry = {
	.name = "link",
	.usage = "REF [--base URL]",
	.summary = "print a personal sign-in link for the web front end",
	.help = "Prints a link that signs in to vigil serve as this person, "
		"with no password:\nsend it only to them.  It stays valid "
		"until a new link is printed for them:\nprinting one revokes "
		"the link printed before, so run this again if a link\nwent "
		"astray.  Forgetting the person revokes it too.\n\n"
		"  --base URL  the address the server is reached at (default "
		LINK_BASE_DEFAULT ")\n\nOnly the link goes to standard "
		"output.  Exit status 1 when the ref is not in\nthe "
		"roster.\n",
	.exec = learner_link_exec,
};

const struct cmd_entry cmd_learner_entry = {
	.name = "learner",
	.usage = "SUBCOMMAND [ARGS]",
	.summary = "the roster of staff: add, import, list, show, forget, "
		   "link",
	.help = "vigil learner SUBCOMMAND --help says more about each.\n",
	.subcommands = learner_table,
};
