/*
 * cmd-pack-preview.c - `vigil pack preview DIR`: the pack an author is
 * writing, served on this machine exactly as staff will see it in `vigil
 * serve`, reloaded on save, with pack check's errors in place of the
 * pages (web-preview.c).  Nothing is recorded in the school's records:
 * the server's database is a private one, made for the preview and
 * removed when it stops.
 */
#include "config.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "store.h"
#include "util.h"
#include "web.h"

/* The school's settings a preview shows, when --db names a database. */
static const char *const shown_settings[] = { "school_name", "lead_title",
	"lead_short", "leads" };

/*
 * Reads ADDR:PORT, and refuses any address but loopback (127.0.0.0/8,
 * ::1): the preview signs everyone in and writes into the pack.  Returns
 * 0, or -1 with *msg.
 */
static int parse_loopback(const char *s, char **addr, uint16_t *port,
			  char **msg)
{
	const char *colon = strrchr(s, ':');
	unsigned char a[16];
	unsigned long p;
	char *end, *host;

	if (!colon || colon == s) {
		*msg = xasprintf("--listen needs ADDR:PORT, such as "
				 "127.0.0.1:8090, not '%s'", s);
		return -1;
	}
	p = strtoul(colon + 1, &end, 10);
	if (*end || !colon[1] || p < 1 || p > 65535) {
		*msg = xasprintf("--listen needs a port from 1 to 65535, not "
				 "'%s'", colon + 1);
		return -1;
	}
	host = xstrndup(s, (size_t)(colon - s));
	if (!((inet_pton(AF_INET, host, a) == 1 && a[0] == 127) ||
	      !strcmp(host, "::1") || !strcmp(host, "[::1]"))) {
		*msg = xasprintf("the preview listens on this machine only "
				 "(127.0.0.1, or ::1), not on '%s': it has "
				 "no sign-in and writes into the pack's "
				 "tests folder", host);
		free(host);
		return -1;
	}
	if (*host == '[') {
		/* [::1], as browsers write it: the server wants ::1. */
		free(host);
		host = xstrdup("::1");
	}
	*addr = host;
	*port = (uint16_t)p;
	return 0;
}

/* The school's words from db into the preview's database st (read only
 * there, as pack play reads them). */
static int copy_settings(const char *db, struct store *st, char **msg)
{
	struct store *school;
	size_t i;
	int ret = 0;

	if (store_open_existing(db, &school, msg) < 0)
		return -1;
	for (i = 0; i < ARRAY_SIZE(shown_settings) && !ret; i++) {
		char *v = NULL;
		int found = store_setting_get(school, shown_settings[i], &v,
					      msg);

		if (found < 0 || (found && store_setting_set(st,
							     shown_settings[i],
							     v, 0, msg) < 0))
			ret = -1;
		free(v);
	}
	store_close(school);
	return ret;
}

/* The private database: the Preview learner, and the school's words. */
static int make_db(const char *path, const char *school_db, int64_t *id,
		   char **msg)
{
	struct learner l = { 0 };
	struct store *st;
	int ret = 0;

	if (store_open(path, &st, msg) < 0)
		return -1;
	l.ref = xstrdup("preview");
	l.name = xstrdup("Preview");
	if (store_learner_add(st, &l, msg) < 0 ||
	    (school_db && copy_settings(school_db, st, msg) < 0))
		ret = -1;
	*id = l.id;
	learner_clear(&l);
	store_close(st);
	return ret;
}

/* Removes the private folder and what is in it. */
static void remove_tmp(const char *tmp, const char *links, const char *db)
{
	static const char *const ends[] = { "", "-wal", "-shm", "-journal" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ends); i++) {
		char *f = xasprintf("%s%s", db, ends[i]);

		unlink(f);
		free(f);
	}
	rmdir(links);
	rmdir(tmp);
}

static int cmd_pack_preview_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	struct web_config cfg = { 0 };
	struct strv hosts = STRV_INIT, dirs = STRV_INIT;
	const char *listen = "127.0.0.1:8090", *tmpdir = getenv("TMPDIR");
	const char *school_db = ctx->db_given ? ctx->db : NULL;
	char *tmp = NULL, *links = NULL, *db = NULL, *msg = NULL;
	struct stat sb;
	struct web *w;
	int64_t learner_id = 0;
	int c, ret = EXIT_FAILED;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'l')
			listen = optarg;
		else if (c == 'd')
			school_db = optarg;
		else
			return cmd_option_error(&cmd_pack_preview_entry,
						"pack", c, argv);
	}
	if (argc - optind != 1)
		return cmd_usage_error(&cmd_pack_preview_entry, "pack",
				       "name one pack folder");
	if (parse_loopback(listen, &cfg.bind_addr, &cfg.port, &msg) < 0) {
		cmd_usage_error(&cmd_pack_preview_entry, "pack", "%s", msg);
		free(msg);
		return EXIT_USAGE;
	}
	if (stat(argv[optind], &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		error("'%s' is not a folder; vigil pack new %s makes a pack "
		      "there", argv[optind], argv[optind]);
		goto out;
	}
	tmp = xasprintf("%s/vigil-preview-XXXXXX", tmpdir && *tmpdir ?
			tmpdir : "/tmp");
	if (!mkdtemp(tmp)) {
		error("cannot make a folder for the preview's records in "
		      "'%s'", tmpdir && *tmpdir ? tmpdir : "/tmp");
		free(tmp);
		tmp = NULL;
		goto out;
	}
	links = path_join(tmp, "packs");
	db = path_join(tmp, "preview.db");
	if (mkdir(links, 0700) < 0) {
		error("cannot make '%s'", links);
		goto out;
	}
	if (store_setup_threads() < 0)
		error("warning: SQLite was set up too early; the preview "
		      "works, a little slower");
	if (make_db(db, school_db, &learner_id, &msg) < 0) {
		error("%s", msg);
		free(msg);
		goto out;
	}
	strv_push(&dirs, links);
	/* As browsers name it in Host: an IPv6 address in brackets. */
	cfg.host = strchr(cfg.bind_addr, ':') ?
		   xasprintf("[%s]:%u", cfg.bind_addr, (unsigned)cfg.port) :
		   xstrdup(listen);
	cfg.hosts = &hosts;
	cfg.request_seconds = WEB_REQUEST_SECONDS;
	cfg.db = db;
	cfg.pack_dirs = &dirs;
	cfg.plugin_dirs = &ctx->plugin_dirs;
	cfg.signup = WEB_SIGNUP_OPEN;
	cfg.preview = 1;
	web_preview_init(argv[optind], links, learner_id);
	web_block_stop_signals();
	if (web_start(&cfg, &w, &msg) < 0) {
		error("%s", msg);
		free(msg);
		web_preview_done();
		goto out;
	}
	printf("Previewing %s at http://%s/preview (nothing is recorded); "
	       "Ctrl-C stops.\n", argv[optind], cfg.host);
	fflush(stdout);
	web_wait_and_stop(w);
	web_preview_done();
	printf("Stopped.\n");
	ret = EXIT_OK;
out:
	if (tmp)
		remove_tmp(tmp, links, db);
	free(tmp);
	free(links);
	free(db);
	free(cfg.host);
	free(cfg.bind_addr);
	strv_free(&hosts);
	strv_free(&dirs);
	return ret;
}

const struct cmd_entry cmd_pack_preview_entry = {
	.name = "preview",
	.usage = "DIR [--listen ADDR:PORT] [--db FILE]",
	.summary = "see the pack as staff will, in a browser, while you write it",
	.help = "Serves the pack in DIR on this machine as 'vigil serve' "
		"shows it to staff: the\nsame pages and styles, signed in as "
		"a learner called Preview, with nothing\nrecorded in the "
		"school's records (a private database, removed when the\n"
		"preview stops).  Open the address it prints in a browser.\n\n"
		"When a file of the pack is saved, the page in the browser "
		"reloads by itself,\nat the same step when the answers given "
		"so far still fit.  While 'vigil pack\ncheck' finds errors, "
		"every page shows them instead, each with its file, line\nand "
		"line of source; warnings are shown above the page.  A panel "
		"beside the page\nshows the step's id, kind and line, the facts "
		"in state and the score so far,\nwith links to the module's "
		"map and, at the end, \"Save as a test\", which\nadds the "
		"playthrough just played to tests/NAME.lua and runs 'vigil "
		"pack test'.\n\n"
		"  --listen ADDR:PORT  where to listen (default 127.0.0.1:8090);"
		" only this\n                      machine's addresses "
		"(127.x.x.x, ::1): the preview has no\n                      "
		"sign-in and writes into the pack's tests folder\n"
		"  --db FILE           show the school's words ({{lead_short}} "
		"and the others)\n                      as that database's "
		"settings say; it is only read\n\n"
		"Ctrl-C (SIGINT) or SIGTERM stops it.\n",
	.exec = cmd_pack_preview_exec,
};
