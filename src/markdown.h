/*
 * markdown.h - pack text (CommonMark) rendered through libcmark.
 *
 * Raw HTML in pack text is never rendered (cmark's safe default; we never
 * pass CMARK_OPT_UNSAFE) and UTF-8 is validated (invalid bytes become
 * U+FFFD).  Texts longer than MD_TEXT_CAP are refused by the pack loader
 * before they reach here, which bounds cmark's known quadratic cases; the
 * renderers refuse them too (returning NULL) rather than trust every caller.
 */
#ifndef VIGIL_MARKDOWN_H
#define VIGIL_MARKDOWN_H

#include <stddef.h>

#define MD_TEXT_CAP (32u << 10)

/*
 * Renders Markdown to an HTML fragment that is safe to embed in a page:
 * raw HTML is replaced by a comment and links and images with unsafe
 * schemes (javascript:, vbscript:, file:, data: other than images) lose
 * their target.  Returns a malloc'd string (free it with free()), or NULL
 * if len exceeds MD_TEXT_CAP or cmark fails.
 */
char *md_to_html(const char *text, size_t len);

/*
 * The same, for the pack's own texts, which every module load and page
 * renders again: the result is kept in the memo (memo.h).  Not for text
 * that may hold what a learner wrote (feedback comes from plugins, which
 * may quote the answer): the memo would keep it past `learner forget`.
 */
char *md_to_html_kept(const char *text, size_t len);

/*
 * Renders Markdown as terminal text wrapped to width columns (clamped to
 * 20..1000; one column per code point): headings underlined with = or -,
 * emphasis and strong emphasis as their plain words (no * markers), lists
 * indented with "- " or "1. "
 * and wrapped lines hung under their text, quotes prefixed "> ", links and
 * images as "text <url>" (just the text when it is the url), code spans as
 * is, code blocks indented four spaces and not wrapped, raw HTML dropped, a
 * blank line between blocks.  A word longer than a line is cut at a
 * character boundary; quotes and items nested past half the width add no
 * more indentation, which keeps hostile nesting cheap.  Every ESC and other
 * control character (C0 but newline, DEL, C1) of the pack text is removed
 * and tabs become spaces.  No colour, no cursor movement.  With flags
 * MD_TERM_STYLE (for a terminal that shows them), strong emphasis and
 * headings are bold (ESC[1m ... ESC[22m) and emphasis italic (ESC[3m ...
 * ESC[23m), each closed at the end of its line and opened again on the
 * next, so that prefixes stay plain; those are the only escape sequences
 * in the output, written by the renderer alone, and they take no columns.
 * Without it the output holds no ESC at all.  Returns a malloc'd string
 * ending in one newline, or NULL if len exceeds MD_TEXT_CAP or cmark
 * fails.
 */
#define MD_TERM_STYLE 1
char *md_to_term(const char *text, size_t len, int width, int flags);

/*
 * Returns a malloc'd copy of text with control characters (C0 except
 * newline and tab, DEL, and C1) removed and invalid UTF-8 bytes replaced by
 * U+FFFD (a lone 0x9b byte is CSI to some terminals); for short single-line
 * texts such as option labels.
 */
char *md_strip_controls(const char *text);

#endif
