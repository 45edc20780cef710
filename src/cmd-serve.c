/* cmd-serve.c - `vigil serve`: the web front end for a whole school. */
#include "config.h"

#include <getopt.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "store.h"
#include "util.h"
#include "web.h"

/* Reads ADDR:PORT (an IPv4 address and a port from 1 to 65535). */
static int parse_listen(const char *s, char **addr, uint16_t *port)
{
	const char *colon = strrchr(s, ':');
	char *end;
	unsigned long p;

	if (!colon || colon == s)
		return -1;
	p = strtoul(colon + 1, &end, 10);
	if (*end || !colon[1] || p < 1 || p > 65535)
		return -1;
	*addr = xstrndup(s, (size_t)(colon - s));
	*port = (uint16_t)p;
	return 0;
}

/*
 * The absolute time a request has to arrive in: WEB_REQUEST_SECONDS, or
 * $VIGIL_REQUEST_SECONDS (for tests, which cannot wait half a minute).
 */
static unsigned request_seconds(void)
{
	const char *v = getenv("VIGIL_REQUEST_SECONDS");
	char *end;
	unsigned long n;

	if (!v || !*v)
		return WEB_REQUEST_SECONDS;
	n = strtoul(v, &end, 10);
	if (*end || n < 1 || n > 3600) {
		error("warning: VIGIL_REQUEST_SECONDS is a number of seconds "
		      "from 1 to 3600, not '%s'; using %d", v,
		      WEB_REQUEST_SECONDS);
		return WEB_REQUEST_SECONDS;
	}
	return (unsigned)n;
}

/* Serves until SIGINT or SIGTERM, then stops without losing an answer. */
static int cmd_serve_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "signup", required_argument, NULL, 's' },
		{ "host", required_argument, NULL, 'h' },
		{ "trust-proxy", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	struct web_config cfg = { 0 };
	struct strv hosts = STRV_INIT;
	const char *listen = "127.0.0.1:8080";
	struct store *st = NULL;
	struct web *w;
	char proxy[INET6_ADDRSTRLEN], *msg = NULL;
	int c;

	optind = 0;
	opterr = 0;
	cfg.signup = WEB_SIGNUP_OPEN;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'p') {
			if (web_addr_normal(optarg, proxy, sizeof(proxy)) < 0)
				return cmd_usage_error(&cmd_serve_entry, NULL,
						       "--trust-proxy needs "
						       "the proxy's IP "
						       "address, such as "
						       "127.0.0.1, not '%s'",
						       optarg);
			free(cfg.trust_proxy);
			cfg.trust_proxy = xstrdup(proxy);
		} else if (c == 'l')
			listen = optarg;
		else if (c == 'h')
			strv_push(&hosts, optarg);
		else if (c == 's' && !strcmp(optarg, "open"))
			cfg.signup = WEB_SIGNUP_OPEN;
		else if (c == 's' && !strcmp(optarg, "roster"))
			cfg.signup = WEB_SIGNUP_ROSTER;
		else if (c == 's')
			return cmd_usage_error(&cmd_serve_entry, NULL,
					       "--signup is open or roster, not "
					       "'%s'", optarg);
		else
			return cmd_usage_error(&cmd_serve_entry, NULL,
					       "unknown option '%s'",
					       argv[optind - 1]);
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_serve_entry, NULL,
				       "unexpected argument '%s'", argv[optind]);
	if (parse_listen(listen, &cfg.bind_addr, &cfg.port) < 0)
		return cmd_usage_error(&cmd_serve_entry, NULL, "--listen needs "
				       "ADDR:PORT, such as 127.0.0.1:8080, not "
				       "'%s'", listen);
	cfg.host = xstrdup(listen);
	cfg.hosts = &hosts;
	cfg.request_seconds = request_seconds();
	cfg.db = ctx->db;
	cfg.pack_dirs = &ctx->pack_dirs;
	cfg.plugin_dirs = &ctx->plugin_dirs;
	if (store_setup_threads() < 0)
		error("warning: SQLite was set up too early; serving works, "
		      "a little slower");
	/* Create and migrate the database once, before any request. */
	if (store_open(ctx->db, &st, &msg) < 0) {
		error("%s", msg);
		free(msg);
		goto fail;
	}
	store_close(st);
	/* Only this thread takes SIGINT and SIGTERM (web_wait_and_stop). */
	web_block_stop_signals();
	if (web_start(&cfg, &w, &msg) < 0) {
		error("%s", msg);
		free(msg);
		goto fail;
	}
	printf("Serving Vigil at http://%s/ (sign-up: %s); Ctrl-C stops.\n",
	       cfg.host, cfg.signup == WEB_SIGNUP_OPEN ? "open" : "roster");
	fflush(stdout);
	web_wait_and_stop(w);
	printf("Stopped.\n");
	free(cfg.trust_proxy);
	free(cfg.host);
	free(cfg.bind_addr);
	strv_free(&hosts);
	return EXIT_OK;
fail:
	free(cfg.trust_proxy);
	free(cfg.host);
	free(cfg.bind_addr);
	strv_free(&hosts);
	return EXIT_FAILED;
}

const struct cmd_entry cmd_serve_entry = {
	.name = "serve",
	.usage = "[--listen ADDR:PORT] [--signup open|roster] [--host NAME]... "
		 "[--trust-proxy ADDR]",
	.summary = "the web front end, for staff and for the DSL",
	.help = "Serves the training and the records to browsers, from the "
		"same database and\npacks as the other commands.  Everything "
		"is kept in the database, so stopping\nand starting the server "
		"loses nothing: a learner carries on where they were.\n\n"
		"  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080, "
		"this machine\n                      only); the Host browsers "
		"use must match it\n  --signup open       anyone signs in with "
		"a name and staff reference (for a\n                      "
		"trusted network, and for trying Vigil)\n  --signup roster     "
		"only learners in the roster, each with the personal link\n"
		"                      that 'vigil learner link REF' prints\n"
		"  --host NAME         another Host browsers may use, such as "
		"the school's name\n                      for this server "
		"behind a reverse proxy; repeat for more\n"
		"  --trust-proxy ADDR  the reverse proxy's address: from it "
		"alone, the client's\n                      address is taken "
		"from X-Forwarded-For (the rightmost)\n                      "
		"and HTTPS from X-Forwarded-Proto (cookies are then\n"
		"                      Secure)\n\n"
		"The DSL's pages are under /admin, behind the password set by "
		"'vigil admin\npassword'.  SIGINT or SIGTERM stop the server "
		"after the requests in flight.\n",
	.exec = cmd_serve_exec,
};
