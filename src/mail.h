/*
 * mail.h - email through the school's own SMTP server (SPEC §4, Settings):
 * reminders and sign-in links.
 *
 * A message is composed here, whole, as RFC 5322 text: Date, Message-ID,
 * From, To, Subject, MIME-Version, Content-Type text/plain; charset=UTF-8
 * and a quoted-printable body, so that no line is too long and any letter
 * arrives intact.  Names and subjects go into headers as RFC 2047 encoded
 * words when they are not plain ASCII, and every control character in
 * them (a line break above all) becomes a space first: nothing from a
 * name, an email or a setting can end a header and start another.
 *
 * Sending is libcurl's SMTP: smtp://HOST:PORT upgrades with STARTTLS when
 * the server offers it (and insists on it when there is a user and
 * password, so that they never cross the network in the clear);
 * smtps://HOST:PORT is TLS from the start.  One connection serves a whole
 * run of messages.
 */
#ifndef VIGIL_MAIL_H
#define VIGIL_MAIL_H

#include <time.h>

#include "store.h"

/* The school's mail settings, read by mail_server_load(). */
struct mail_server {
	char *url;		/* smtp_url */
	char *user, *password;	/* smtp_user, smtp_password: "" for none */
	char *from;		/* mail_from, a plain address */
	char *from_name;	/* school_name: the From header's name, or "" */
};

/*
 * Reads the mail settings.  Returns 0, or -1 with *msg (malloc'd) saying
 * which setting is missing and how to set it (smtp_url and mail_from are
 * needed; the user and password are not).  Clear s either way.
 */
int mail_server_load(struct store *st, struct mail_server *s, char **msg);
void mail_server_clear(struct mail_server *s);

/* One message: all UTF-8; body lines end in "\n". */
struct mail {
	const char *to;		/* the address */
	const char *to_name;	/* the person's name, or NULL */
	const char *subject;
	const char *body;
};

/*
 * Nonzero when addr is an address this code will put in an envelope and
 * a To header: LOCAL@DOMAIN of printable ASCII with no spaces, angle
 * brackets, quotes, commas or control characters.
 */
int mail_address_ok(const char *addr);

/*
 * The message as it goes to the server (malloc'd, lines ending CRLF),
 * dated now.  NULL with *msg when m->to is not an address mail_address_ok
 * takes.
 */
char *mail_compose(const struct mail_server *s, const struct mail *m,
		   time_t now, char **msg);

/* A connection to the server, kept open across messages. */
struct mailer;
int mailer_open(const struct mail_server *s, struct mailer **out,
		char **msg);
/*
 * Sends one message.  Returns 0 when the server accepted it; -1 with *msg
 * (malloc'd) when it refused this message (what it said, in one line); -2
 * with *msg when the server could not be reached or would not let Vigil
 * in (no connection, TLS, the user and password), which every message
 * after it would meet too.
 */
int mailer_send(struct mailer *mr, const struct mail *m, char **msg);
void mailer_close(struct mailer *mr);

#endif
