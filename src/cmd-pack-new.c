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
 * The files of the new pack.  They live here, not as files installed
 * beside Vigil, so that `pack new` works wherever vigil is.  Each is a
 * working example: `pack check --strict` and `pack test` pass on them as
 * they are (tests/t0012-pack-new.sh checks).  "@ID@" becomes the pack id.
 */
static const char pack_lua[] =
	"-- pack.lua: what this pack is. Vigil reads this file first.\n"
	"--\n"
	"-- This pack was made by `vigil pack new` as an EXAMPLE to start from:\n"
	"-- replace its text with your own, in line with your school's child\n"
	"-- protection policy. Lines that start with -- are notes for you;\n"
	"-- learners never see them. The authoring guide explains every field.\n"
	"pack {\n"
	"  -- The pack's id: a-z, 0-9 and - only. Once the pack is installed,\n"
	"  -- its folder must have the same name. Records refer to the id, so\n"
	"  -- do not change it once staff have taken the pack.\n"
	"  id = \"@ID@\",\n"
	"  title = \"Example: when a pupil tells you something worrying\",\n"
	"  -- Raise the version whenever you change the pack: 1.0.1 for a small\n"
	"  -- correction, 1.1.0 for new content.\n"
	"  version = \"0.1.0\",\n"
	"  language = \"en-GB\",\n"
	"  -- Shown in the list of packs. Text between [[ and ]] is Markdown.\n"
	"  summary = [[\n"
	"An example pack, to replace with your own: listening to a pupil, not\n"
	"promising to keep secrets, and passing concerns to the Designated\n"
	"Safeguarding Lead (DSL).\n"
	"]],\n"
	"  audience = \"All staff\",\n"
	"  -- A pass runs out after this many days; staff then take the module\n"
	"  -- again. Leave this line out if a pass never runs out.\n"
	"  renew_after_days = 365,\n"
	"  -- Where the content comes from: a title each, and if there is one a\n"
	"  -- date written YYYY-MM-DD and a web address (url).\n"
	"  sources = {\n"
	"    { title = \"Our school's child protection policy\" },\n"
	"  },\n"
	"  -- The modules, in the order staff should take them. Each one is a\n"
	"  -- file beside this one, named after it: first-module.lua.\n"
	"  modules = { \"first-module\" },\n"
	"}\n";

static const char module_lua[] =
	"-- first-module.lua: an EXAMPLE module made by `vigil pack new`.\n"
	"--\n"
	"-- It shows each kind of step a module can have, with a note above each.\n"
	"-- The situation is made up and the advice is general: replace it with\n"
	"-- your own, in line with your school's child protection policy.\n"
	"-- Learners see the steps in the order they are written here, except\n"
	"-- where a choice says where to go next (go) or a step is shown only to\n"
	"-- some learners (when).\n"
	"\n"
	"-- First the module itself: its title, the CPD minutes credited to those\n"
	"-- who pass, and the pass mark, a percentage of the points available.\n"
	"module {\n"
	"  title = \"Example: when a pupil tells you something worrying\",\n"
	"  minutes = 15,\n"
	"  pass_mark = 80,\n"
	"}\n"
	"\n"
	"-- A page: text to read before going on. This one is read from the file\n"
	"-- intro.md, which is beside this one.\n"
	"page { file \"intro.md\" }\n"
	"\n"
	"-- A page written here, between [[ and ]]. The text is Markdown: ## at\n"
	"-- the start of a line makes a heading, **two stars** make bold, and\n"
	"-- lines starting with - make a list.\n"
	"page [[\n"
	"## What this module covers\n"
	"\n"
	"- listening when a pupil tells you something worrying\n"
	"- what you can and cannot promise\n"
	"- passing it on to the **Designated Safeguarding Lead** (DSL)\n"
	"]]\n"
	"\n"
	"-- A scene: a situation, and the choices a learner can make. Its name,\n"
	"-- \"asked-to-promise\", lets a choice come back to it. In a choice:\n"
	"--   score     the points it earns\n"
	"--   feedback  what the learner reads after choosing it\n"
	"--   go        the step to go to next (without it: the next step below)\n"
	"--   set       a fact to remember, for a `when` further down\n"
	"scene \"asked-to-promise\" {\n"
	"  [[\n"
	"At the end of a lesson, Sam, a pupil in your class, waits until the\n"
	"others have gone and says: \"Can I tell you something? But you have to\n"
	"promise not to tell anyone.\"\n"
	"]],\n"
	"  choice { \"Promise not to tell anyone, so that Sam keeps talking\",\n"
	"    set = { promised = true }, go = \"broken-promise\",\n"
	"    feedback = [[You cannot keep that promise: if Sam is at risk, you\n"
	"will have to pass on what you are told.]] },\n"
	"  choice { \"Say you can't promise that, but that you will listen and help\",\n"
	"    score = 2, go = \"what-next\",\n"
	"    feedback = [[Being honest from the start keeps Sam's trust when you\n"
	"do pass it on.]] },\n"
	"}\n"
	"\n"
	"-- A scene with a way back: its only choice returns to the scene above.\n"
	"-- Only a learner's first answer to a step counts towards the result, so\n"
	"-- trying again does not earn the points.\n"
	"scene \"broken-promise\" {\n"
	"  [[\n"
	"Sam tells you that things are bad at home, then says: \"Remember, you\n"
	"promised.\" You know that you must tell the DSL, and that Sam may feel\n"
	"let down.\n"
	"]],\n"
	"  choice { \"Go back and try again\", go = \"asked-to-promise\" },\n"
	"}\n"
	"\n"
	"-- A question with one right answer: type = \"single\". Mark each option\n"
	"-- right or wrong; learners see the options in a shuffled order. The\n"
	"-- feedback of an option is shown to those who choose it; the question's\n"
	"-- own feedback is shown to everyone once they have answered.\n"
	"question \"what-next\" {\n"
	"  type = \"single\",\n"
	"  [[Sam has finished talking. What do you do next?]],\n"
	"  right \"Tell the DSL straight away\",\n"
	"  wrong \"Ask Sam's friends whether it is true\",\n"
	"  wrong { \"Wait a few days to see whether things get better\",\n"
	"    feedback = [[Waiting can leave Sam at risk. Pass it on the same day.]] },\n"
	"  feedback = [[It is not your job to find out whether it is true: pass\n"
	"it on, and the DSL will decide what happens next.]],\n"
	"  score = 1,\n"
	"}\n"
	"\n"
	"-- A question with several right answers: type = \"multiple\". Learners\n"
	"-- choose every option that applies, and earn the points only if they\n"
	"-- choose exactly the right ones.\n"
	"question \"while-listening\" {\n"
	"  type = \"multiple\",\n"
	"  [[Which of these should you do while a pupil is telling you something\n"
	"worrying? Choose every one that applies.]],\n"
	"  right \"Stay calm and let them talk in their own words\",\n"
	"  right \"Tell them they were right to tell you\",\n"
	"  wrong { \"Ask leading questions that suggest what happened\",\n"
	"    feedback = [[Questions like this can put words in a pupil's mouth.\n"
	"Open prompts such as \"Tell me more\" are better.]] },\n"
	"  feedback = [[Listen, reassure, and leave any investigating to the DSL.]],\n"
	"  score = 2,\n"
	"}\n"
	"\n"
	"-- True or false: type = \"truefalse\". Write a statement and say whether\n"
	"-- it is true: answer = true or answer = false, without quotes. Without\n"
	"-- a score, a question is worth 1 point.\n"
	"question \"write-it-down\" {\n"
	"  type = \"truefalse\",\n"
	"  [[You should write down what the pupil said, in their own words, as\n"
	"soon as you can.]],\n"
	"  answer = true,\n"
	"  feedback = [[Write down what was said and what you saw, with the date\n"
	"and time, in the way your school records concerns.]],\n"
	"}\n"
	"\n"
	"-- Putting things in order: type = \"order\". List the items in the right\n"
	"-- order; learners see them shuffled and put them back in order.\n"
	"question \"in-order\" {\n"
	"  type = \"order\",\n"
	"  [[Put these in the order you would do them.]],\n"
	"  \"Listen, and let the pupil finish\",\n"
	"  \"Explain that you will need to tell the DSL, and why\",\n"
	"  \"Tell the DSL straight away\",\n"
	"  score = 1,\n"
	"}\n"
	"\n"
	"-- when: a step shown only to some learners. This page is shown only to\n"
	"-- those who promised Sam to keep the secret (set = { promised = true }\n"
	"-- in the first scene), even if they went back and chose again.\n"
	"page {\n"
	"  when = function(state) return state.promised end,\n"
	"  [[\n"
	"## About promises\n"
	"\n"
	"Earlier you promised to keep Sam's secret. Pupils often ask for this.\n"
	"It is kinder to be honest from the start: say that you cannot keep it a\n"
	"secret, that you will listen, and that you will tell only the people\n"
	"who need to know, so that they can help.\n"
	"]],\n"
	"}\n"
	"\n"
	"-- A reflection: learners write their own answer. It is not marked, and\n"
	"-- earns no points unless you give it a score. Its feedback can offer a\n"
	"-- model answer.\n"
	"reflect \"own-words\" {\n"
	"  [[Write the words you would use to tell a pupil that you cannot keep\n"
	"what they tell you a secret.]],\n"
	"  feedback = [[One way to say it: \"I can't keep this a secret, but I will\n"
	"listen, and I will only tell the people who need to know, so that we can\n"
	"help.\"]],\n"
	"}\n"
	"\n"
	"-- The finish: the last thing learners see, with their result.\n"
	"finish [[\n"
	"## Thank you\n"
	"\n"
	"Make sure you know who your DSL and deputy DSLs are, and where to find\n"
	"your school's child protection policy.\n"
	"]]\n";

static const char intro_md[] =
	"## Before you start\n"
	"\n"
	"*This is an example module, made to show how a module is written. Its\n"
	"author will replace this text with their own.*\n"
	"\n"
	"Sometimes a pupil tells an adult at school something that worries them.\n"
	"This short module is about the first few minutes: how you listen, what\n"
	"you say, and who you tell.\n"
	"\n"
	"You will read about a situation, make choices and answer a few\n"
	"questions. Your first answer to each one is the one that counts.\n";

static const char tests_lua[] =
	"-- tests/first-module.lua: playthroughs of first-module.lua, which\n"
	"-- `vigil pack test` runs. Each one names the module, gives a learner's\n"
	"-- answers in order, each by the exact text of the option chosen (pages\n"
	"-- need no answer), and says what result to expect.\n"
	"--\n"
	"-- Together they choose every choice and option of the module at least\n"
	"-- once, so `vigil pack test` shows that they reach all of it. When you\n"
	"-- change the module, change these to match.\n"
	"\n"
	"playthrough \"the model answers pass\" {\n"
	"  module = \"first-module\",\n"
	"  \"Say you can't promise that, but that you will listen and help\",\n"
	"  \"Tell the DSL straight away\",\n"
	"  -- several options chosen at once: in braces\n"
	"  { \"Stay calm and let them talk in their own words\",\n"
	"    \"Tell them they were right to tell you\" },\n"
	"  \"True\",\n"
	"  -- an order: every item, in the order the learner puts them\n"
	"  { \"Listen, and let the pupil finish\",\n"
	"    \"Explain that you will need to tell the DSL, and why\",\n"
	"    \"Tell the DSL straight away\" },\n"
	"  -- a reflection: the words the learner writes\n"
	"  \"I can't keep this a secret, but I will listen and I will help.\",\n"
	"  result = \"passed\",\n"
	"  score = 7,\n"
	"  percent = 100,\n"
	"}\n"
	"\n"
	"-- Promising first, then going back: only the first answer to a step\n"
	"-- counts, so the scene's points are lost. In braces, feedback checks\n"
	"-- that the feedback shown contains this text, and step checks which\n"
	"-- step the answer is given at.\n"
	"playthrough \"promising first loses the scene's points\" {\n"
	"  module = \"first-module\",\n"
	"  { \"Promise not to tell anyone, so that Sam keeps talking\",\n"
	"    feedback = \"You cannot keep that promise\" },\n"
	"  { \"Go back and try again\", step = \"broken-promise\" },\n"
	"  \"Say you can't promise that, but that you will listen and help\",\n"
	"  { \"Wait a few days to see whether things get better\",\n"
	"    feedback = \"Pass it on the same day\" },\n"
	"  { \"Stay calm and let them talk in their own words\",\n"
	"    \"Ask leading questions that suggest what happened\" },\n"
	"  \"False\",\n"
	"  { \"Tell the DSL straight away\",\n"
	"    \"Listen, and let the pupil finish\",\n"
	"    \"Explain that you will need to tell the DSL, and why\" },\n"
	"  \"I would tell them that I have to pass it on.\",\n"
	"  result = \"not passed\",\n"
	"  score = 0,\n"
	"  percent = 0,\n"
	"}\n"
	"\n"
	"-- One wrong answer can still pass: 6 of the 7 points is 85%, and the\n"
	"-- pass mark is 80%.\n"
	"playthrough \"one wrong answer still passes\" {\n"
	"  module = \"first-module\",\n"
	"  \"Say you can't promise that, but that you will listen and help\",\n"
	"  \"Ask Sam's friends whether it is true\",\n"
	"  { \"Stay calm and let them talk in their own words\",\n"
	"    \"Tell them they were right to tell you\" },\n"
	"  \"True\",\n"
	"  { \"Listen, and let the pupil finish\",\n"
	"    \"Explain that you will need to tell the DSL, and why\",\n"
	"    \"Tell the DSL straight away\" },\n"
	"  \"I can't promise to keep it a secret, but I will help.\",\n"
	"  result = \"passed\",\n"
	"  score = 6,\n"
	"  percent = 85,\n"
	"}\n";

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
