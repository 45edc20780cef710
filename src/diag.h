/*
 * diag.h - diagnostics about an author's files, reported as
 * "FILE:LINE: error: MESSAGE" with the author's file and line.
 */
#ifndef VIGIL_DIAG_H
#define VIGIL_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_ERROR, DIAG_WARNING };

struct diag {
	char *file;	/* as the user named it, e.g. "packs/x/pack.lua" */
	int line;	/* 1-based; 0 when the problem is with the file as a whole */
	enum diag_level level;
	char *message;
};

struct diags {
	struct diag *v;
	size_t n, cap;
	size_t errors, warnings;
};

#define DIAGS_INIT { NULL, 0, 0, 0, 0 }

void diag_add(struct diags *d, enum diag_level level, const char *file,
	      int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Adds a message that may already carry a "FILE:LINE: " prefix (as Lua
 * error messages do); the prefix wins over file and line when present.
 */
void diag_add_lua(struct diags *d, enum diag_level level, const char *file,
		  int line, const char *msg);

/* Sorts by file then line (stable for equal lines). */
void diag_sort(struct diags *d);

/* Prints every diagnostic, one a line, "FILE:LINE: error: MESSAGE". */
void diag_print(const struct diags *d, FILE *out);

/* Prints one "FILE:LINE: message" from the sandbox as a diagnostic,
 * "FILE:LINE: error: message". */
void diag_print_message(const char *msg, FILE *out);

void diag_free(struct diags *d);

#endif
