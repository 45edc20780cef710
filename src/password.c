/* password.c - a new password, read, checked and hashed (password.h). */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "password.h"
#include "util.h"

/* The signals that cancel typing at the terminal (Ctrl-C, Ctrl-\, a
 * closed terminal, kill), which must not leave it silent. */
static const int cancel_signals[] = { SIGINT, SIGQUIT, SIGHUP, SIGTERM };

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/*
 * Reads one line from fd into pw, a byte at a time so that no copy of it
 * is left in a stdio buffer; the line break (and a CR before it) is not
 * kept.  Stops early once the line is too long, so endless input ends.
 * Returns 1, 0 at end of input with nothing read, or -1 (errno EINTR when
 * a signal cancelled the read).
 */
static int read_password(int fd, struct secret *pw)
{
	ssize_t n;
	char c;

	pw->len = 0;
	for (;;) {
		/* A signal that came before the read began ends it too. */
		if (interrupted) {
			errno = EINTR;
			return -1;
		}
		n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR && !interrupted)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			if (!pw->len)
				return 0;
			break;
		}
		if (c == '\n')
			break;
		pw->s[pw->len++] = c;
		if (pw->len > PASSWORD_MAX_BYTES + 1)
			break;
	}
	if (pw->len && pw->s[pw->len - 1] == '\r')
		pw->len--;
	pw->too_long = pw->len > PASSWORD_MAX_BYTES;
	pw->s[pw->len] = '\0';
	return 1;
}

int password_check(const char *s, size_t len, char **msg)
{
	size_t i = 0, chars = 0, n;
	uint32_t cp;

	*msg = NULL;
	if (len > PASSWORD_MAX_BYTES) {
		*msg = xasprintf("the password is longer than %d bytes",
				 PASSWORD_MAX_BYTES);
		return -1;
	}
	if (!len) {
		*msg = xstrdup("the password is empty");
		return -1;
	}
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		/* A browser sends what is typed in its form as UTF-8: any
		 * other bytes could never be typed there. */
		if (!n) {
			*msg = xstrdup("the password is not UTF-8 text, so it "
				       "could not be typed in the browser");
			return -1;
		}
		if (is_control_char(cp)) {
			*msg = xstrdup("the password has a control character, "
				       "which cannot be typed in the "
				       "browser");
			return -1;
		}
		i += n;
		chars++;
	}
	if (chars < PASSWORD_MIN_CHARS) {
		*msg = xasprintf("the password has %zu %s; it needs at least "
				 "%d, as short ones are easily guessed (three "
				 "or four ordinary words make a good one)",
				 chars, chars == 1 ? "character" :
				 "characters", PASSWORD_MIN_CHARS);
		return -1;
	}
	return 0;
}

/* 0 when pw will do as a password, else -1 after saying why. */
static int check_password(const struct secret *pw)
{
	char *msg;

	if (pw->too_long)
		return error("the password is longer than %d bytes",
			     PASSWORD_MAX_BYTES);
	if (password_check(pw->s, pw->len, &msg) < 0) {
		error("%s", msg);
		free(msg);
		return -1;
	}
	return 0;
}

/* Prints prompt on stderr and reads a line from the terminal on stdin. */
static int ask(const char *prompt, struct secret *pw)
{
	int ret;

	fputs(prompt, stderr);
	fflush(stderr);
	ret = read_password(STDIN_FILENO, pw);
	/* The terminal echoes the line break, but not one that never came. */
	if (ret <= 0)
		fputc('\n', stderr);
	return ret;
}

/* A terminal's settings and signal handlers while its echo is off. */
struct quiet {
	int on;			/* the echo is off: put it back */
	struct termios old;
	struct sigaction old_sa[ARRAY_SIZE(cancel_signals)], old_tstp;
};

static void quiet_end(struct quiet *q);

/*
 * Turns the terminal's echo off for something secret: a signal that
 * cancels (cancel_signals) only interrupts the read in progress, so that
 * quiet_end always runs, and Ctrl-Z is ignored meanwhile, as the shell
 * would take over a silent terminal.  0, or -1 after saying why (and
 * with everything as it was).
 */
static int quiet_begin(struct quiet *q)
{
	struct sigaction sa;
	struct termios quiet;
	size_t i;

	q->on = 0;
	interrupted = 0;
	if (tcgetattr(STDIN_FILENO, &q->old) < 0)
		return error("cannot read the terminal's settings: %s",
			     strerror(errno));
	/* No SA_RESTART: a signal must end the read in progress. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(cancel_signals); i++)
		sigaction(cancel_signals[i], &sa, &q->old_sa[i]);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGTSTP, &sa, &q->old_tstp);
	quiet = q->old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK);
	quiet.c_lflag |= ECHONL;
	q->on = 1;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) < 0) {
		error("cannot turn off the terminal's echo: %s",
		      strerror(errno));
		quiet_end(q);
		return -1;
	}
	return 0;
}

/* Puts the terminal and the signal handlers back as quiet_begin found
 * them.  TCSAFLUSH: whatever was typed after a refusal is not left for
 * the shell to run. */
static void quiet_end(struct quiet *q)
{
	size_t i;

	if (!q->on)
		return;
	q->on = 0;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &q->old) < 0)
		error("cannot restore the terminal's settings: %s (run "
		      "'stty sane')", strerror(errno));
	sigaction(SIGTSTP, &q->old_tstp, NULL);
	for (i = 0; i < ARRAY_SIZE(cancel_signals); i++)
		sigaction(cancel_signals[i], &q->old_sa[i], NULL);
}

enum secret_got secret_read(const char *prompt, struct secret *line)
{
	struct quiet q;
	int got, err;

	interrupted = 0;
	if (!prompt || !isatty(STDIN_FILENO))
		return (enum secret_got)read_password(STDIN_FILENO, line);
	if (quiet_begin(&q) < 0)
		return SECRET_NO_QUIET;
	fputs(prompt, stderr);
	fflush(stderr);
	got = read_password(STDIN_FILENO, line);
	err = errno;
	/* The terminal echoes the line break, but not one that never came. */
	if (got <= 0)
		fputc('\n', stderr);
	quiet_end(&q);
	if (interrupted)
		return SECRET_CANCELLED;
	errno = err;
	return (enum secret_got)got;
}

/*
 * Reads the password from the terminal, twice, without echo: 0 and pw
 * filled when both agree and the first passed its checks, else -1 after
 * saying why.  The terminal's settings come back on every path: a signal
 * that cancels (cancel_signals) only interrupts the read, and Ctrl-Z is
 * ignored meanwhile, as the shell would take over a silent terminal.
 */
static int read_from_terminal(const char *what, const char *prompt,
			      struct secret *pw, struct secret *again)
{
	struct quiet q;
	int ret = -1, got = 1;

	if (quiet_begin(&q) < 0)
		goto out;
	fprintf(stderr, "Choose %s: at least %d characters (a few ordinary\n"
		"words make a good one).  It is not shown as it is typed.\n",
		what, PASSWORD_MIN_CHARS);
	got = ask(prompt, pw);
	if (got > 0 && !interrupted) {
		if (check_password(pw) < 0)
			goto out;
		got = ask("The same again: ", again);
	}
	if (got == 0 || interrupted)
		goto out;
	if (got < 0) {
		error("cannot read the password: %s", strerror(errno));
		goto out;
	}
	if (strcmp(pw->s, again->s)) {
		error("the two passwords differ; nothing was changed");
		goto out;
	}
	ret = 0;
out:
	quiet_end(&q);
	/* Ctrl-D, or a signal up to the moment the settings came back. */
	if (got == 0 || interrupted)
		ret = error("cancelled; %s was not changed", what);
	return ret;
}

/* Reads the password as one line from stdin that is not a terminal (a
 * pipe or a file, for scripts): 0, or -1 after saying why. */
static int read_from_pipe(struct secret *pw)
{
	int got = read_password(STDIN_FILENO, pw);

	if (got < 0)
		return error("cannot read the password from standard input: "
			     "%s", strerror(errno));
	if (!got)
		return error("no password on standard input; give it as one "
			     "line");
	return check_password(pw);
}

int password_read_new(const char *what, const char *prompt,
		      char hash[PASSWORD_HASH_LEN])
{
	struct secret pw, again;
	int ret;

	if (isatty(STDIN_FILENO))
		ret = read_from_terminal(what, prompt, &pw, &again);
	else
		ret = read_from_pipe(&pw);
	/*
	 * Argon2id at the INTERACTIVE limits (64 MiB, about a tenth of a
	 * second), not MODERATE (256 MiB): the web server checks this hash at
	 * every admin sign-in, and a few attempts at once at 256 MiB each
	 * could exhaust the small machine a school runs it on.  With at least
	 * twelve characters, guessing offline stays impractical, and only
	 * someone who already has the database (and every record in it) can
	 * try.
	 */
	if (ret == 0 &&
	    crypto_pwhash_str_alg(hash, pw.s, pw.len,
				  crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		ret = error("cannot hash the password: out of memory");
	sodium_memzero(&pw, sizeof(pw));
	sodium_memzero(&again, sizeof(again));
	return ret;
}
