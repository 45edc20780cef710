/*
 * playthrough.h - a learner's way through a module, written as a
 * playthrough that `vigil pack test` reads (SPEC §2, tests/NAME.lua), so
 * that an author can record a test by playing the module rather than by
 * copying option texts and working out the score.  `pack play --record`
 * writes through here; any front end that holds a module, a seed and the
 * answers given (session.h) can do the same.
 *
 * What is written:
 *
 *   playthrough "passed 7/7, played on 7 December 2026" {
 *     module = "first-module",
 *     { "Tell the {{lead_short}} straight away", step = "who-to-tell" },
 *     { "Stay calm and let them talk in their own words",
 *       "Tell them they were right to tell you",
 *       step = "what-to-do" },
 *     "False",
 *     result = "passed",
 *     score = 7,
 *     percent = 100,
 *   }
 *
 * Each answer is the text of the option chosen exactly as the module
 * writes it ({{lead_short}} and the other school words as written, not as
 * a school's settings read), several in braces (a multiple choice in the
 * order the module lists them, whatever the shuffle showed; an order in
 * the order given), or a reflection's text.
 * Pages need no answer and have none.  An answer names its step when the
 * author gave the step an id (not one made from its position, such as
 * step-3, which moves when a step is added), so that a changed module
 * fails the test at the step that changed.
 */
#ifndef VIGIL_PLAYTHROUGH_H
#define VIGIL_PLAYTHROUGH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util.h"

struct module;
struct answer;

/*
 * Appends s as a Lua string literal that reads back as s: in double
 * quotes, with \" \\ \n, \ddd for other control bytes and bytes that are
 * not UTF-8, and \u{XXXX} for C1 controls, line separators and
 * bidirectional overrides; other UTF-8 (curly quotes) as it is.
 */
void playthrough_add_quoted(struct buf *b, const char *s);

/*
 * The playthrough named name that answers[0..n) (session_answers(), pages
 * included) make of module m started with seed, as above, ending in a
 * newline.  The answers are replayed on a fresh session of m, which this
 * takes and frees, as session_replay does; pack code runs, so a caller
 * that keeps a run budget begins it (sandbox.h).  Returns the text
 * (malloc'd), or NULL with *msg saying why: the answers do not replay
 * (the module changed), pack code failed, or the answers stop before the
 * end of the module (a playthrough must say how it ends).
 */
char *playthrough_lua(struct module *m, uint64_t seed,
		      const struct answer *answers, size_t n,
		      const char *name, char **msg);

/*
 * Checks, before anything is played, that a playthrough can be added to
 * the file path: a name ending in .lua (what `pack test` reads) in a
 * folder that exists, and a file that, if it exists, is a file that can
 * be written.  Returns 0, or -1 with *msg saying what is wrong.
 */
int playthrough_check_file(const char *path, char **msg);

/*
 * Adds the playthrough that answers[0..n) make of m (see playthrough_lua,
 * which takes m) to the end of the tests file path, creating it, with a
 * comment saying what it holds, when it does not exist; a file holds
 * several playthroughs, and nothing already in it is changed.  Its name
 * says how the module ended and the date now is (Europe/London): "passed
 * 7/7, played on 7 December 2026", or "not passed 3/7, ...", with " (2)",
 * " (3)" ... added when the file already has that name.  Returns 0 with
 * *name set to the name given (malloc'd), or -1 with *msg saying why
 * nothing was written.
 */
int playthrough_save(const char *path, struct module *m, uint64_t seed,
		     const struct answer *answers, size_t n, time_t now,
		     char **name, char **msg);

#endif
