/*
 * cmd-pack-new.c - `vigil pack new DIR`: a pack that works as created, for
 * an author to start from and change.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "strv.h"
#include "util.h"

/*
 * The files of the new pack: templates/pack-new in the source tree, built
 * in as the arrays pack_lua, module_lua, intro_md and tests_lua (see
 * templates/embed.sh), so that `pack new` works wherever vigil is.  Each
 * is a working example: `pack check --strict` and `pack test` pass on them
 * as they are (tests/t0012-pack-new.sh checks).  "@ID@" becomes the pack
 * id.
 */
#include "pack-new-files.h"

/* One file of the new pack; a NULL text makes a folder. */
struct new_file {
	const char *name;
	const char *text;
	const char *what;	/* for the list printed at the end */
};

static const struct new_file new_files[] = {
	{ "pack.lua", pack_lua, "what the pack is: id, title, version, "
				"modules" },
	{ "first-module.lua", module_lua, "an example module, with a note on "
					  "each construct" },
	{ "intro.md", intro_md, "the module's first page, read with "
				"file \"intro.md\"" },
	{ "tests", NULL, NULL },
	{ "tests/first-module.lua", tests_lua, "playthroughs of the module, "
					       "run by vigil pack test" },
};

/*
 * The pack id a folder name gives: letters in lower case and digits kept,
 * every run of anything else one "-", none at either end; "" when nothing
 * is left (a name with no letter or digit in a-z, 0-9).
 */
static char *id_from_name(const char *name)
{
	char *id = xmalloc(strlen(name) + 1), *p = id;

	for (; *name; name++) {
		char c = *name;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			*p++ = c;
		else if (p > id && p[-1] != '-')
			*p++ = '-';
	}
	if (p > id && p[-1] == '-')
		p--;
	*p = '\0';
	return id;
}

/* The last part of path, without trailing slashes: what the folder is
 * called. */
static char *last_part(const char *path)
{
	size_t n = strlen(path);
	const char *start;

	while (n > 1 && path[n - 1] == '/')
		n--;
	start = path + n;
	while (start > path && start[-1] != '/')
		start--;
	return xstrndup(start, (size_t)(path + n - start));
}

/*
 * Says whether dir can take the new pack: 0 when it does not exist, 1 when
 * it is an empty folder; -1 (after saying why) otherwise, since an author's
 * files must never be mixed with or replaced by the example's.
 */
static int check_target(const char *dir)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int empty = 1;

	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return error("cannot use '%s': %s", dir, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return error("'%s' already exists and is not a folder; give "
			     "the name of a new folder", dir);
	d = opendir(dir);
	if (!d)
		return error("cannot read the folder '%s': %s", dir,
			     strerror(errno));
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	if (!empty)
		return error("'%s' already exists and is not empty; give the "
			     "name of a new folder (or an empty one)", dir);
	return 1;
}

/* Creates the folder dir; its parent must exist, as with mkdir. */
static int make_folder(const char *dir)
{
	char *parent;

	if (mkdir(dir, 0777) == 0)
		return 0;
	if (errno != ENOENT)
		return error("cannot create the folder '%s': %s", dir,
			     strerror(errno));
	parent = xstrdup(dir);
	if (strrchr(parent, '/'))
		*strrchr(parent, '/') = '\0';
	error("cannot create the folder '%s': the folder '%s' does not "
	      "exist (create it first, or check the spelling)", dir, parent);
	free(parent);
	return -1;
}

/*
 * Writes text to the new file path, which must not exist (O_EXCL), with
 * "@ID@" replaced by id.  The path is added to made as soon as the file
 * exists, so that a failure part way removes it too.
 */
static int write_new(const char *path, const char *text, const char *id,
		     struct strv *made)
{
	struct buf b = BUF_INIT;
	const char *p, *at;
	size_t done = 0;
	int fd, ret = 0;

	for (p = text; (at = strstr(p, "@ID@")); p = at + 4) {
		buf_add(&b, p, (size_t)(at - p));
		buf_adds(&b, id);
	}
	buf_adds(&b, p);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		ret = error("cannot create '%s': %s", path, strerror(errno));
		goto out;
	}
	strv_push(made, path);
	while (done < b.len) {
		ssize_t n = write(fd, b.s + done, b.len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = error("cannot write '%s': %s", path,
				    strerror(errno));
			break;
		}
		done += (size_t)n;
	}
	if (close(fd) < 0 && ret == 0)
		ret = error("cannot write '%s': %s", path, strerror(errno));
out:
	buf_free(&b);
	return ret;
}

/* Removes what this run created, newest first, leaving nothing half made. */
static void undo(struct strv *made)
{
	size_t i;

	for (i = made->n; i > 0; i--)
		if (remove(made->v[i - 1]) < 0)
			error("cannot remove '%s': %s", made->v[i - 1],
			      strerror(errno));
}

/* path as a shell word, so that the commands printed can be pasted. */
static char *shell_word(const char *path)
{
	struct buf b = BUF_INIT;
	const char *p;

	if (*path && strspn(path, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			    "_-./+:@%,=") == strlen(path) && *path != '-')
		return xstrdup(path);
	buf_addc(&b, '\'');
	for (p = path; *p; p++) {
		if (*p == '\'')
			buf_adds(&b, "'\\''");
		else
			buf_addc(&b, *p);
	}
	buf_addc(&b, '\'');
	return buf_detach(&b);
}

/* Says what was made, and what to run next. */
static void print_created(const char *dir, const char *id)
{
	char *word = shell_word(dir);
	size_t i;

	printf("Created the pack '%s' in %s:\n", id, dir);
	for (i = 0; i < ARRAY_SIZE(new_files); i++)
		if (new_files[i].what)
			printf("  %-24s %s\n", new_files[i].name,
			       new_files[i].what);
	printf("Its text is an example: replace it with your own.\n\n"
	       "Next:\n"
	       "  vigil pack check --strict %s\n"
	       "      find mistakes, each with its file and line\n"
	       "  vigil pack test %s\n"
	       "      run the playthroughs and try every path\n"
	       "  vigil pack play %s\n"
	       "      take the module yourself; nothing is recorded\n",
	       word, word, word);
	free(word);
}

/* Creates the pack folder DIR and its files, or nothing at all. */
static int cmd_pack_new_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct strv made = STRV_INIT;
	const char *dir = NULL;
	char *name = NULL, *id = NULL, *real;
	int i, exists, options = 1, ret = EXIT_FAILED;
	size_t k;

	(void)ctx;
	for (i = 1; i < argc; i++) {
		if (options && !strcmp(argv[i], "--")) {
			options = 0;
		} else if (options && argv[i][0] == '-' && argv[i][1]) {
			return cmd_usage_error(&cmd_pack_new_entry, "pack",
					       "unknown option '%s'", argv[i]);
		} else if (dir) {
			return cmd_usage_error(&cmd_pack_new_entry, "pack",
					       "name one folder, not '%s' and "
					       "'%s'", dir, argv[i]);
		} else {
			dir = argv[i];
		}
	}
	if (!dir || !*dir)
		return cmd_usage_error(&cmd_pack_new_entry, "pack",
				       "name the folder to create, e.g. vigil "
				       "pack new my-pack");
	exists = check_target(dir);
	if (exists < 0)
		return EXIT_FAILED;
	/* "." or "x/.." name a folder only its real path can tell */
	real = exists ? realpath(dir, NULL) : NULL;
	name = last_part(real ? real : dir);
	free(real);
	id = id_from_name(name);
	if (!*id) {
		error("cannot make a pack id from the folder name '%s': an id "
		      "needs letters a-z or digits; try: vigil pack new "
		      "my-pack", name);
		goto out;
	}
	/* vigil take finds an installed pack by its folder's name. */
	if (strcmp(name, id)) {
		error("a pack's folder is named after its id, which uses only "
		      "a-z, 0-9 and -; '%s' is not one: try the folder name "
		      "'%s'", name, id);
		goto out;
	}
	if (!exists) {
		if (make_folder(dir) < 0)
			goto out;
		strv_push(&made, dir);
	}
	for (k = 0; k < ARRAY_SIZE(new_files); k++) {
		char *path = path_join(dir, new_files[k].name);
		int r;

		if (new_files[k].text) {
			r = write_new(path, new_files[k].text, id, &made);
		} else {
			r = mkdir(path, 0777);
			if (r < 0)
				error("cannot create the folder '%s': %s",
				      path, strerror(errno));
			else
				strv_push(&made, path);
		}
		free(path);
		if (r < 0) {
			undo(&made);
			error("the pack was not created; the files made "
			      "so far are removed");
			goto out;
		}
	}
	print_created(dir, id);
	ret = EXIT_OK;
out:
	strv_free(&made);
	free(name);
	free(id);
	return ret;
}

const struct cmd_entry cmd_pack_new_entry = {
	.name = "new",
	.usage = "DIR",
	.summary = "create a working pack to start from: one example module "
		   "and its tests",
	.help = "Creates the folder DIR with a pack that works as it is: "
		"pack.lua, an example\nmodule (first-module.lua) with a note "
		"on each construct, the intro.md it\nreads, and "
		"tests/first-module.lua, playthroughs that reach every step "
		"and\nchoice.  The folder's name is the pack's id, so it uses "
		"only a-z, 0-9 and -.\nIts text is an example to replace "
		"with your own; vigil pack check --strict DIR\nand vigil pack "
		"test DIR pass on it as created.\n\nDIR must be a new folder, "
		"or an empty one: nothing is ever overwritten.  As\nwith "
		"mkdir, the folder DIR goes in must already exist, so that a "
		"mistyped path\nis reported rather than created.  If anything "
		"fails part way, what was\ncreated is removed.  Exit status 0 "
		"when the pack is created, 1 if not.\n",
	.exec = cmd_pack_new_exec,
};
