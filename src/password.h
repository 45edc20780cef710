/*
 * password.h - a new password for the admin pages, typed at the terminal
 * (twice, without echo) or given as the first line of a pipe, checked and
 * hashed with Argon2id: the one way `vigil admin password` and `vigil
 * learner password` take a password, so both accept the same ones.
 */
#ifndef VIGIL_PASSWORD_H
#define VIGIL_PASSWORD_H

#include <stddef.h>

#include <sodium.h>

/* Short passwords are the ones that get guessed; twelve characters leave
 * room for three or four ordinary words. */
#define PASSWORD_MIN_CHARS	12
/* Far more than anyone types, and a bound on what a sign-in form hashes. */
#define PASSWORD_MAX_BYTES	1000
/* The size of a hash as crypto_pwhash_str writes it, with its NUL. */
#define PASSWORD_HASH_LEN	crypto_pwhash_STRBYTES

/* A line typed or piped in that may be a secret: room for a CR, and one
 * byte more that tells a longer one. */
struct secret {
	char s[PASSWORD_MAX_BYTES + 3];
	size_t len;
	int too_long;		/* longer than PASSWORD_MAX_BYTES */
};

/* What secret_read() found. */
enum secret_got {
	SECRET_LINE = 1,	/* a line, in *line */
	SECRET_NONE = 0,	/* end of input before anything */
	SECRET_ERROR = -1,	/* the read failed: errno says why */
	SECRET_CANCELLED = -2,	/* Ctrl-C and the like at the terminal */
	SECRET_NO_QUIET = -3	/* the terminal's echo could not be turned
				   off; already said */
};

/*
 * Reads one line of standard input into line, a byte at a time so that
 * no copy is left in a stdio buffer (the line break, and a CR before it,
 * are dropped).  With prompt, at a terminal: prompt on stderr and the
 * typing not shown, the terminal put back as it was however the read
 * ends.  The caller wipes line when done (sodium_memzero).
 */
enum secret_got secret_read(const char *prompt, struct secret *line);

/*
 * Checks a password of len bytes (it may hold no NUL): UTF-8 without
 * control characters, at least PASSWORD_MIN_CHARS characters and at most
 * PASSWORD_MAX_BYTES bytes, so that what the command line accepts can be
 * typed in the browser and the other way round.  Returns 0, or -1 with
 * *msg (malloc'd, lower case) saying why.
 */
int password_check(const char *s, size_t len, char **msg);

/*
 * Reads a new password from standard input and hashes it into hash.  At a
 * terminal it says "Choose WHAT: ..." and asks twice with PROMPT and "The
 * same again: ", without echo, restoring the terminal on every path (Ctrl-C
 * cancels); otherwise the password is the first line of the input.  The
 * password must be UTF-8 without control characters, at least
 * PASSWORD_MIN_CHARS characters and at most PASSWORD_MAX_BYTES bytes.
 * Returns 0, or -1 after saying why on stderr ("cancelled; WHAT was not
 * changed" when cancelled).  No copy of the password is left in memory.
 */
int password_read_new(const char *what, const char *prompt,
		      char hash[PASSWORD_HASH_LEN]);

#endif
