/*
 * words.h - the school's own words in pack text (SPEC §2): {{school}},
 * {{lead}}, {{lead_short}} and {{leads}}, replaced by the school's
 * settings (SPEC §4) when a text is shown, so that one pack reads "DSP"
 * in a school in Wales and "DSL" in England.
 *
 * Packs, sessions and attempts hold the text as written; the words go in
 * at display time only, in each front end (titles: words_title), because
 * what they say may change while a server runs and because playthroughs
 * match options as written.  A value
 * goes in as plain text: into Markdown with its punctuation escaped, so a
 * school called "St *Mary*'s" is never emphasis, a link or HTML; into a
 * plain text (a title) as it is, for the caller to escape for its output.
 * A {{word}} that is not one of the four is left as written (pack check
 * reports it, words_scan).
 */
#ifndef VIGIL_WORDS_H
#define VIGIL_WORDS_H

#include <stddef.h>

struct store;
struct diags;

enum word { WORD_SCHOOL, WORD_LEAD, WORD_LEAD_SHORT, WORD_LEADS, WORD_COUNT };

/* What each word says here (malloc'd, never NULL once filled). */
struct words {
	char *v[WORD_COUNT];
};

#define WORDS_INIT { { NULL, NULL, NULL, NULL } }

/*
 * Fills w from the four values as stored (school_name, lead_title,
 * lead_short, leads; NULL or "" for unset), with the defaults for what is
 * unset: "your school", "Designated Safeguarding Lead", "DSL", and "your
 * DSL or a deputy" (with the school's lead_short for DSL).
 */
void words_set(struct words *w, const char *school, const char *lead,
	       const char *lead_short, const char *leads);

/* Fills w with the defaults alone, as for a school that set nothing. */
void words_defaults(struct words *w);

/* Fills w from the settings in st.  Returns 0, or -1 with *msg (w is then
 * the defaults, so it may still be used). */
int words_load(struct words *w, struct store *st, char **msg);

void words_free(struct words *w);

/* Nonzero when text (which may be NULL) holds "{{", and so may hold a
 * word: a caller can then keep what it rendered of the text as written. */
int words_in(const char *text);

/*
 * Markdown text with each word replaced by its value, the value's ASCII
 * punctuation escaped with backslashes (CommonMark: it then stands for
 * itself).  Returns a malloc'd string; NULL when text is NULL.  (In a code
 * span or a link's address a backslash is not an escape, so a word there
 * would show its backslashes; authors write words in prose.)
 */
char *words_md(const struct words *w, const char *text);

/* A plain text (a title) with each word replaced by its value as it is.
 * Returns a malloc'd string; NULL when text is NULL. */
char *words_plain(const struct words *w, const char *text);

/*
 * A pack's or module's title as a person reads it wherever it is shown
 * (pages, certificates, emails, exports): words_plain of title, or
 * fallback as it is when title is NULL or "" (a module that did not load
 * is shown by its id; fallback NULL is "").  Titles are stored as
 * written, in packs and attempts alike, and go through here when shown,
 * with the settings as they are then.  Returns a malloc'd string, never
 * NULL, for the caller to escape for its output.
 */
char *words_title(const struct words *w, const char *title,
		  const char *fallback);

/* The word that name[0..len) names (inside the braces), or -1. */
int words_find(const char *name, size_t len);

/*
 * For pack check: reports each {{...}} in the Lua file at path that is not
 * one of the four words, as an error at its line of file (the name the
 * file is shown by).  Lua comments are skipped.  A file that cannot be
 * read is left alone (the loader reports it).
 */
void words_scan(const char *path, const char *file, struct diags *d);

#endif
