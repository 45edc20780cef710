/*
 * hello.c - the web benchmark's reference: the smallest libmicrohttpd
 * server, started with the same threading and limits as `vigil serve`
 * (src/web.c), that answers every request, GET or POST, with "hello".
 *
 *   hello PORT     serves on 127.0.0.1:PORT until SIGINT or SIGTERM
 */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "web.h"	/* WEB_DAEMON_FLAGS and WEB_DAEMON_LIMITS only */

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Reads and drops any body, then answers. */
static enum MHD_Result answer(void *cls, struct MHD_Connection *con,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	static int started;
	struct MHD_Response *res;
	enum MHD_Result ret;

	(void)cls, (void)url, (void)method, (void)version, (void)upload_data;
	if (!*con_cls) {
		*con_cls = &started;
		return MHD_YES;
	}
	if (*upload_data_size) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	res = MHD_create_response_from_buffer(5, (void *)"hello",
					      MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(res, "Content-Type", "text/plain");
	ret = MHD_queue_response(con, MHD_HTTP_OK, res);
	MHD_destroy_response(res);
	return ret;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin;
	struct MHD_Daemon *d;

	if (argc != 2) {
		fprintf(stderr, "usage: hello PORT\n");
		return 2;
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)atoi(argv[1]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	d = MHD_start_daemon(
		WEB_DAEMON_FLAGS, 0, NULL, NULL, answer, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
		WEB_DAEMON_LIMITS(web_raise_fd_limit()),
		MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "hello: cannot listen on port %s\n", argv[1]);
		return 1;
	}
	while (!stop)
		pause();
	MHD_stop_daemon(d);
	return 0;
}
