/*
 * cmd-learner.c - `vigil learner SUBCOMMAND`: the roster of staff.  This
 * file holds the table of subcommands, what they share (cmd-learner.h),
 * and add, import, list, forget and link; the others live in
 * cmd-learner-NAME.c.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "cmd-learner.h"
#include "cmd.h"
#include "diag.h"
#include "export.h"
#include "learner.h"
#include "remind.h"
#include "roster.h"
#include "settings.h"
#include "store.h"
#include "table.h"
#include "util.h"

/* Where vigil serve listens unless told otherwise. */
#define LINK_BASE_DEFAULT	"http://127.0.0.1:8080/"

static const struct cmd_entry learner_add_entry;
static const struct cmd_entry learner_import_entry;
static const struct cmd_entry learner_list_entry;
static const struct cmd_entry learner_forget_entry;
static const struct cmd_entry learner_link_entry;

static const struct cmd_entry *const learner_table[] = {
	&learner_add_entry,
	&cmd_learner_edit_entry,
	&learner_import_entry,
	&learner_list_entry,
	&cmd_learner_show_entry,
	&cmd_learner_leave_entry,
	&cmd_learner_return_entry,
	&cmd_learner_grant_entry,
	&cmd_learner_revoke_entry,
	&cmd_learner_password_entry,
	&learner_forget_entry,
	&learner_link_entry,
	NULL
};

/* An optional field: NULL when empty ("not known"), else a copy. */
static char *optional(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

struct store *learner_open_store(struct cmd_ctx *ctx, int create)
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

/*
 * The person a ref that is not in the roster most likely meant: the one
 * whose email it is, or whose ref it is in another case, else a ref a
 * typo or two away.  " (did you mean 'REF'?)" or "" (malloc'd); the guess
 * is a help, so a failure to make one only leaves it out.
 */
static char *guess_ref(struct store *st, const char *ref)
{
	struct learner *ls = NULL, other;
	const char **refs;
	char *msg = NULL, *hint;
	size_t n = 0, i;

	if (store_learner_find(st, ref, &other, &msg) > 0) {
		hint = xasprintf(" (did you mean '%s'?)", other.ref);
		learner_clear(&other);
		return hint;
	}
	free(msg);
	msg = NULL;
	if (store_learner_list(st, &ls, &n, &msg) < 0) {
		free(msg);
		return xstrdup("");
	}
	refs = xcalloc(n + 1, sizeof(*refs));
	for (i = 0; i < n; i++)
		refs[i] = ls[i].ref;
	hint = did_you_mean(ref, refs, n);
	free(refs);
	for (i = 0; i < n; i++)
		learner_clear(&ls[i]);
	free(ls);
	return hint;
}

/* Says that ref is not in the roster, with a guess at who was meant. */
static void say_no_learner(struct store *st, const char *ref)
{
	char *shown = learner_shown(ref), *hint = guess_ref(st, ref);

	error("no learner '%s'%s", shown, hint);
	free(shown);
	free(hint);
}

int learner_lookup(struct store *st, const char *ref, struct learner *l)
{
	char *msg = NULL;
	int found = store_learner_get(st, ref, l, &msg);

	if (found < 0) {
		error("%s", msg);
		free(msg);
	} else if (!found) {
		say_no_learner(st, ref);
	}
	return found;
}

void learner_opts_free(struct learner_opts *o)
{
	strv_free(&o->groups);
	memset(o, 0, sizeof(*o));
}

int learner_opts_parse(const struct cmd_entry *e, int edit, int argc,
		       char **argv, struct learner_opts *o)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "email", required_argument, NULL, 'e' },
		{ "role", required_argument, NULL, 'r' },
		{ "group", required_argument, NULL, 'g' },
		{ "no-groups", no_argument, NULL, 'G' },
		{ "start", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	int c, no_groups = 0;
	time_t t;

	memset(o, 0, sizeof(*o));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			o->name = optarg;
			o->fields |= LEARNER_NAME;
			break;
		case 'e':
			o->email = optarg;
			o->fields |= LEARNER_EMAIL;
			break;
		case 'r':
			o->role = optarg;
			o->fields |= LEARNER_ROLE;
			break;
		case 'g':
			strv_push(&o->groups, optarg);
			o->fields |= LEARNER_GROUPS;
			break;
		case 'G':
			no_groups = 1;
			o->fields |= LEARNER_GROUPS;
			break;
		case 's':
			if (strlen(optarg) != DATE_LEN - 1 ||
			    parse_time(optarg, &t) < 0) {
				learner_opts_free(o);
				return cmd_usage_error(e, "learner", "--start "
						       "needs a date (YYYY-MM-"
						       "DD), not '%s'", optarg);
			}
			o->start = optarg;
			o->fields |= LEARNER_START;
			break;
		default:
			learner_opts_free(o);
			return cmd_option_error(e, "learner", c, argv);
		}
	}
	if (no_groups && !edit) {
		learner_opts_free(o);
		return cmd_usage_error(e, "learner", "--no-groups is for "
				       "learner edit: a new person is in the "
				       "groups --group names, or none");
	}
	if (no_groups && o->groups.n) {
		learner_opts_free(o);
		return cmd_usage_error(e, "learner", "--no-groups and --group "
				       "say opposite things; give one");
	}
	return 0;
}

char *learner_groups_joined(const struct strv *groups)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < groups->n; i++) {
		if (i)
			buf_adds(&b, "; ");
		buf_adds(&b, groups->v[i]);
	}
	return buf_detach(&b);
}

/* Adds one learner from the command line. */
static int learner_add_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct learner_opts o;
	struct learner l = { 0 }, old = { 0 };
	struct store *st = NULL;
	char *msg = NULL;
	size_t i;
	int found, ret;

	ret = learner_opts_parse(&learner_add_entry, 0, argc, argv, &o);
	if (ret)
		return ret;
	ret = EXIT_FAILED;
	if (argc - optind != 1) {
		learner_opts_free(&o);
		return cmd_usage_error(&learner_add_entry, "learner",
				       "name one learner ref");
	}
	if (!o.name) {
		learner_opts_free(&o);
		return cmd_usage_error(&learner_add_entry, "learner",
				       "--name is required");
	}
	l.ref = xstrdup(argv[optind]);
	l.name = xstrdup(o.name);
	l.email = optional(o.email);
	l.role = optional(o.role);
	l.start = o.start ? xstrdup(o.start) : NULL;
	for (i = 0; i < o.groups.n; i++)
		learner_group_add(&l, o.groups.v[i]);
	if (learner_check(&l, &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	st = learner_open_store(ctx, 1);
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
		      "edit changes a learner", l.ref, v);
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
	learner_opts_free(&o);
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
	st = learner_open_store(ctx, 1);
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

/* Which people learner list shows. */
struct list_filter {
	int current, left;	/* only those in post, or only leavers */
	const char *group;	/* only this group's members */
};

/* Nonzero when l is one the filter asks for. */
static int list_wants(const struct list_filter *f, const struct learner *l)
{
	size_t i;

	if ((f->current && l->left) || (f->left && !l->left))
		return 0;
	if (!f->group)
		return 1;
	for (i = 0; i < l->groups.n; i++)
		if (!strcasecmp(l->groups.v[i], f->group))
			return 1;
	return 0;
}

/* 0 when the group list --group names is one the school has; else says
 * so, with the name most likely meant, and returns -1. */
static int check_group_known(struct store *st, const char *name)
{
	struct group_info *gs = NULL;
	char *msg = NULL, *hint = NULL, *shown;
	size_t n = 0, i;
	long at;

	if (store_group_list(st, &gs, &n, &msg) < 0) {
		error("%s", msg);
		free(msg);
		return -1;
	}
	at = group_lookup(gs, n, name, &hint);
	if (at < 0) {
		shown = learner_shown(name);
		error("no group '%s'%s", shown, hint);
		free(shown);
	}
	free(hint);
	for (i = 0; i < n; i++)
		group_info_clear(&gs[i]);
	free(gs);
	return at >= 0 ? 0 : -1;
}

/*
 * Prints the roster as a table: ref, name, email, role (the columns that
 * came first, which scripts read), then groups, first day, the day they
 * left and admin role.
 */
static int learner_list_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char *const head[] = { "REF", "NAME", "EMAIL", "ROLE",
					    "GROUPS", "START", "LEFT",
					    "ACCESS" };
	static const struct option opts[] = {
		{ "current", no_argument, NULL, 'c' },
		{ "left", no_argument, NULL, 'l' },
		{ "group", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 }
	};
	struct list_filter f = { 0 };
	struct store *st;
	struct learner *ls = NULL;
	struct table t;
	char *msg = NULL, *groups;
	size_t n = 0, i;
	int c, ret = EXIT_FAILED;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'c')
			f.current = 1;
		else if (c == 'l')
			f.left = 1;
		else if (c == 'g')
			f.group = optarg;
		else
			return cmd_option_error(&learner_list_entry, "learner",
						c, argv);
	}
	if (optind < argc)
		return cmd_usage_error(&learner_list_entry, "learner",
				       "unexpected argument '%s'",
				       argv[optind]);
	if (f.current && f.left)
		return cmd_usage_error(&learner_list_entry, "learner",
				       "--current and --left say opposite "
				       "things; give one");
	st = learner_open_store(ctx, 0);
	if (!st)
		return EXIT_FAILED;
	if (f.group && check_group_known(st, f.group) < 0)
		goto out;
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
		if (!list_wants(&f, &ls[i]))
			continue;
		groups = learner_groups_joined(&ls[i].groups);
		table_add(&t, ls[i].ref);
		table_add(&t, ls[i].name);
		table_add(&t, ls[i].email);
		table_add(&t, ls[i].role);
		table_add(&t, *groups ? groups : NULL);
		table_add(&t, ls[i].start);
		table_add(&t, ls[i].left);
		table_add(&t, ls[i].access);
		free(groups);
	}
	if (!table_rows(&t))
		printf("Nobody in the roster is %s.\n", f.current ?
		       "in post" : f.left ? "a leaver" : "in that group");
	table_print(&t, stdout);
out:
	for (i = 0; i < n; i++)
		learner_clear(&ls[i]);
	free(ls);
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
	st = learner_open_store(ctx, 0);
	if (!st)
		return EXIT_FAILED;
	found = store_learner_forget(st, argv[1], &c, &msg);
	if (!found)
		say_no_learner(st, argv[1]);
	store_close(st);
	if (found < 0) {
		error("%s", msg);
		free(msg);
	}
	if (found <= 0)
		return EXIT_FAILED;
	printf("forgot learner '%s': %d %s, %d %s, %d %s\n", argv[1],
	       c.attempts, plural(c.attempts, "attempt", "attempts"),
	       c.answers, plural(c.answers, "answer", "answers"),
	       c.certificates, plural(c.certificates, "certificate",
				      "certificates"));
	return EXIT_OK;
}

/*
 * Emails person l their personal sign-in link, made anew (which revokes
 * the one before), with links starting with base, or the base_url setting
 * when base is NULL: an emailed link must be the address staff use, so
 * there is no default here.  Returns an exit status.
 */
static int link_email(struct store *st, const struct learner *l,
		      const char *base)
{
	char *school = NULL, *msg = NULL, *shown, *ref;
	int ret = EXIT_FAILED;

	ref = term_safe(l->ref, 1);
	if (!l->email || !*l->email) {
		error("%s has no email address to send a link to; vigil "
		      "learner edit %s --email ADDRESS gives them one, or "
		      "vigil learner link %s prints it", ref, ref, ref);
		goto out;
	}
	/* Links are base + "signin/...": base ends in one slash. */
	if (!base)
		school = remind_base(st, &msg);
	else
		school = xasprintf("%s%s", base, base[strlen(base) - 1] ==
				   '/' ? "" : "/");
	if (!school)
		goto fail;
	base = school;
	if (remind_signin_link(st, l, base, 0, &msg) < 0)
		goto fail;
	shown = term_safe(l->email, 1);
	printf("sent a sign-in link to %s\n", shown);
	free(shown);
	if (fflush(stdout) == EOF) {
		error("cannot write to standard output");
		goto out;
	}
	shown = learner_shown(l->name);
	fprintf(stderr, "It signs in as %s (%s) until a new link is made; "
		"the one before no longer works.\n", shown, ref);
	free(shown);
	ret = EXIT_OK;
	goto out;
fail:
	shown = term_safe(msg ? msg : "the link could not be sent", 1);
	error("%s", shown);
	free(shown);
out:
	free(msg);
	free(school);
	free(ref);
	return ret;
}

/*
 * Prints a new personal sign-in link for a learner, which replaces (and so
 * revokes) the one printed before, or with --email sends it to them.  Only
 * the link goes to stdout, so that a script can capture it.
 */
static int learner_link_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ "email", no_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	const char *base = NULL, *url, *slash = "";
	struct learner l = { 0 };
	struct store *st = NULL;
	char *token = NULL, *msg = NULL, *who, *ref, *school = NULL;
	int c, email = 0, ret = EXIT_FAILED;

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
		else if (c == 'e')
			email = 1;
		else
			return cmd_option_error(&learner_link_entry, "learner", c,
						argv);
	}
	if (argc - optind != 1)
		return cmd_usage_error(&learner_link_entry, "learner",
				       "name one learner ref");
	st = learner_open_store(ctx, 0);
	if (!st)
		return EXIT_FAILED;
	if (learner_lookup(st, argv[optind], &l) <= 0)
		goto out;
	if (l.left) {
		error("%s left on %s, and a leaver cannot sign in; vigil "
		      "learner return brings them back", l.ref, l.left);
		goto out;
	}
	if (email) {
		ret = link_email(st, &l, base);
		goto out;
	}
	/* Without --base, the address staff use (vigil settings base_url). */
	if (!base) {
		school = setting_value(st, "base_url", &msg);
		if (!school) {
			error("%s", msg);
			goto out;
		}
	}
	url = base ? base : school && *school ? school : LINK_BASE_DEFAULT;
	if (url[strlen(url) - 1] != '/')
		slash = "/";
	if (store_signin_token_new(st, l.id, &token, &msg) < 0) {
		error("%s", msg);
		goto out;
	}
	printf("%s%ssignin/%s\n", url, slash, token);
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
	free(school);
	learner_clear(&l);
	store_close(st);
	return ret;
}

static const struct cmd_entry learner_add_entry = {
	.name = "add",
	.usage = "REF --name NAME [--email E] [--role R] [--group G]... "
		 "[--start DATE]",
	.summary = "add a member of staff to the roster",
	.help = "REF is their staff number or email.\n\n"
		"  --name NAME   as it should appear on certificates "
		"(required)\n"
		"  --email E     their email address\n"
		"  --role R      their job, such as Teacher (admin roles: "
		"learner grant)\n"
		"  --group G     a group they are in, such as \"Teaching "
		"staff\"; repeat it for\n"
		"                more; a group not yet known is made\n"
		"  --start DATE  their first day in post, YYYY-MM-DD "
		"(default today), from\n"
		"                which their modules fall due\n\n"
		"A ref is at most 200 bytes with no spaces at either end; a "
		"name at most 200\n(it may hold a line break), an email at "
		"most 254 (one @), a role at most\n100, a group name at most "
		"100, on one line, without ';'.  Exit status 1\nwhen a value "
		"is refused or the ref is already in the roster; 2 for a "
		"date\nthat is not YYYY-MM-DD.\n",
	.exec = learner_add_exec,
};

static const struct cmd_entry learner_import_entry = {
	.name = "import",
	.usage = "FILE.csv",
	.summary = "add or update staff from a CSV file (all rows or none)",
	.help = "The file's first line names the columns, in any order: "
		"ref,name,email,role,\ngroups,start.  Only ref and name are "
		"required; a column left out keeps what\nis recorded.  groups "
		"holds the person's groups separated by ';' (it replaces\n"
		"them); start is their first day, YYYY-MM-DD (empty: as "
		"recorded, or today\nfor someone new).  Every bad cell is "
		"reported by line number, and then\nnothing is imported.  A "
		"ref already in the roster is updated.  See\n"
		"doc/roster.md.\n",
	.exec = learner_import_exec,
};

static const struct cmd_entry learner_list_entry = {
	.name = "list",
	.usage = "[--current | --left] [--group G]",
	.summary = "list the roster: everyone, those in post, leavers or a "
		   "group",
	.help = "One line per person, by ref: REF, NAME, EMAIL, ROLE (their "
		"job), GROUPS,\nSTART (first day), LEFT (the day they left) "
		"and ACCESS (their admin role);\n- is none.  A line break in "
		"a name shows as \xe2\x8f\x8e.\n\n"
		"  --current  only people in post\n"
		"  --left     only leavers\n"
		"  --group G  only members of the group G\n",
	.exec = learner_list_exec,
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
	.usage = "REF [--base URL] [--email]",
	.summary = "print a personal sign-in link for the web front end, or "
		   "email it",
	.help = "Prints a link that signs in to vigil serve as this person, "
		"with no password:\nsend it only to them.  It stays valid "
		"until a new link is printed for them:\nprinting one revokes "
		"the link printed before, so run this again if a link\nwent "
		"astray.  Forgetting the person revokes it too.\n\n"
		"  --base URL  the address the server is reached at (default: "
		"the base_url\n              setting, else "
		LINK_BASE_DEFAULT ")\n"
		"  --email     send the link to the person's email address "
		"instead of printing\n              it (needs the mail "
		"settings, and base_url unless --base is given;\n"
		"              see vigil remind)\n\nOnly the link goes to "
		"standard output.  Exit status 1 when the ref is not in\n"
		"the roster, the person has left, or with --email has no "
		"address or the\nserver did not take the message.\n",
	.exec = learner_link_exec,
};

const struct cmd_entry cmd_learner_entry = {
	.name = "learner",
	.usage = "SUBCOMMAND [ARGS]",
	.summary = "the roster of staff: who they are, groups, leavers and "
		   "roles",
	.help = "vigil learner SUBCOMMAND --help says more about each.\n",
	.subcommands = learner_table,
};
