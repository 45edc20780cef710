/*
 * markdown.c - pack text rendered through libcmark: an HTML fragment for the
 * web front end and plain wrapped text for the terminal.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "markdown.h"
#include "memo.h"
#include "util.h"

/* cmark's safe default drops raw HTML and unsafe links; never add UNSAFE. */
#define MD_OPTIONS CMARK_OPT_VALIDATE_UTF8

#define MD_WIDTH_MIN 20
#define MD_WIDTH_MAX 1000
#define MD_TEXT_MIN 10		/* narrowest text column beside deep nesting */
#define MD_TAB 8		/* tab stops in code blocks */

/*
 * Inline styles travel through the renderer as these bytes, which pack
 * text can never hold (md_add_clean drops every control character): they
 * take no column when wrapping, and md_line turns them into the
 * terminal's escape sequences when styling, or drops them.
 */
#define MD_STRONG_ON '\001'
#define MD_STRONG_OFF '\002'
#define MD_EMPH_ON '\003'
#define MD_EMPH_OFF '\004'
#define MD_IS_MARK(c) ((unsigned char)(c) >= 1 && (unsigned char)(c) <= 4)

#define SGR_BOLD "\033[1m"
#define SGR_BOLD_OFF "\033[22m"
#define SGR_ITALIC "\033[3m"
#define SGR_ITALIC_OFF "\033[23m"

/*
 * One open block quote or list item: first is written before its first line
 * ("> ", "- ", "12. "); the lines after get its continuation, which starts
 * at cont_off in md_term.prefix.
 */
struct md_frame {
	char first[24];
	size_t first_len;
	size_t cont_off;
};

/*
 * The terminal renderer's state between cmark_iter events: text collects a
 * paragraph's or heading's inline text until its EXIT; frames [0, used) have
 * written their first line, and first_w is the width of the first markers
 * of the rest; blank asks for a blank line before the next line written.
 */
struct md_term {
	struct buf out;
	struct buf text;
	struct buf prefix;
	struct md_frame *frames;
	size_t depth, cap;
	size_t used;
	size_t first_w;
	size_t width;
	int blank;
	int style;		/* markers become escape sequences */
	unsigned strong, emph;	/* open strong and emphasis in the text */
};

/*
 * Appends s to b without C0 controls, DEL or C1 controls, so that pack text
 * can never drive the terminal; invalid UTF-8 becomes U+FFFD.  Newlines and
 * tabs are kept, or turned into spaces when flatten is set (inline text).
 */
static void md_add_clean(struct buf *b, const char *s, size_t n, int flatten)
{
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			buf_add(b, "\xef\xbf\xbd", 3);
			i++;
			continue;
		}
		if (cp == '\n' || cp == '\t')
			buf_addc(b, (char)(flatten ? ' ' : cp));
		else if (cp >= 0x20 && !(cp >= 0x7f && cp <= 0x9f))
			buf_add(b, s + i, len);
		i += len;
	}
}

/* Display columns of valid UTF-8 text: one per code point, which is close
 * enough for the Latin, Greek and Cyrillic text that packs are written in;
 * style markers take none. */
static size_t md_cols(const char *s, size_t n)
{
	size_t i, cols = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && !MD_IS_MARK(s[i]))
			cols++;
	return cols;
}

/* Byte length of the first cols code points of s and the style markers
 * after them, so a cut never falls inside a UTF-8 sequence. */
static size_t md_cut(const char *s, size_t n, size_t cols)
{
	size_t i = 0;

	while (i < n) {
		if (MD_IS_MARK(s[i])) {
			i++;
			continue;
		}
		if (!cols)
			break;
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		cols--;
	}
	return i;
}

/* Shortens b to len bytes, keeping its memory for reuse and its NUL. */
static void md_truncate(struct buf *b, size_t len)
{
	b->len = len;
	if (b->s)
		b->s[len] = '\0';
}

/* Drops trailing spaces from b back to no earlier than floor, so that
 * blank lines under a quote or list stay free of trailing blanks. */
static void md_trim(struct buf *b, size_t floor)
{
	size_t len = b->len;

	while (len > floor && b->s[len - 1] == ' ')
		len--;
	md_truncate(b, len);
}

/* Length of the part of md_term.prefix that the next line carries: the
 * continuation of every frame that has already written its first line. */
static size_t md_used_prefix(const struct md_term *t)
{
	return t->used < t->depth ? t->frames[t->used].cont_off : t->prefix.len;
}

/* Columns left for text on the next line once its prefix is written. */
static size_t md_avail(const struct md_term *t)
{
	size_t pw = md_used_prefix(t) + t->first_w;

	return pw + MD_TEXT_MIN < t->width ? t->width - pw : MD_TEXT_MIN;
}

/*
 * Appends line text s to the output with its style markers turned into
 * escape sequences (or dropped when not styling).  A style open at the
 * start of the line is opened again; md_line closes it at the line's end,
 * so that prefixes and other lines stay plain.
 */
static void md_styled(struct md_term *t, const char *s, size_t n)
{
	size_t i, start = 0;

	if (t->style && t->strong)
		buf_adds(&t->out, SGR_BOLD);
	if (t->style && t->emph)
		buf_adds(&t->out, SGR_ITALIC);
	for (i = 0; i < n; i++) {
		unsigned *count;
		int on;

		if (!MD_IS_MARK(s[i]))
			continue;
		buf_add(&t->out, s + start, i - start);
		start = i + 1;
		on = s[i] == MD_STRONG_ON || s[i] == MD_EMPH_ON;
		count = s[i] == MD_STRONG_ON || s[i] == MD_STRONG_OFF ?
			&t->strong : &t->emph;
		if (!on && !*count)
			continue;
		if (on)
			(*count)++;
		else
			(*count)--;
		if (!t->style || *count != (unsigned)on)
			continue;
		if (count == &t->strong)
			buf_adds(&t->out, on ? SGR_BOLD : SGR_BOLD_OFF);
		else
			buf_adds(&t->out, on ? SGR_ITALIC : SGR_ITALIC_OFF);
	}
	buf_add(&t->out, s + start, n - start);
}

/* Writes one line under the open quotes and list items, after the blank
 * line that separates it from the previous block if one is due. */
static void md_line(struct md_term *t, const char *s, size_t n)
{
	size_t start, i;

	if (t->blank) {
		t->blank = 0;
		start = t->out.len;
		buf_add(&t->out, t->prefix.s, md_used_prefix(t));
		md_trim(&t->out, start);
		buf_addc(&t->out, '\n');
	}
	start = t->out.len;
	buf_add(&t->out, t->prefix.s, md_used_prefix(t));
	for (i = t->used; i < t->depth; i++)
		buf_add(&t->out, t->frames[i].first, t->frames[i].first_len);
	md_styled(t, s, n);
	md_trim(&t->out, start);
	if (t->style && t->strong)
		buf_adds(&t->out, SGR_BOLD_OFF);
	if (t->style && t->emph)
		buf_adds(&t->out, SGR_ITALIC_OFF);
	buf_addc(&t->out, '\n');
	t->used = t->depth;
	t->first_w = 0;
}

/*
 * Opens a block quote or list item; past half the width a frame keeps its
 * marker but adds no indentation, so that hostile nesting cannot make every
 * line longer (the prefix stays bounded, and so does the output).
 */
static void md_push(struct md_term *t, const char *first, const char *cont)
{
	struct md_frame *f;
	size_t clen = strlen(cont);

	if (t->depth == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->frames = xrealloc(t->frames, t->cap * sizeof(*t->frames));
	}
	f = &t->frames[t->depth++];
	f->first_len = strlen(first);
	if (f->first_len >= sizeof(f->first))
		abort();
	memcpy(f->first, first, f->first_len + 1);
	f->cont_off = t->prefix.len;
	if (t->prefix.len + clen <= t->width / 2)
		buf_add(&t->prefix, cont, clen);
	t->first_w += f->first_len;
}

/* Closes the innermost frame; an empty item or quote still shows its marker. */
static void md_pop(struct md_term *t)
{
	if (!t->depth)
		abort();	/* cmark exits only what it entered */
	if (t->used < t->depth)
		md_line(t, "", 0);
	t->depth--;
	md_truncate(&t->prefix, t->frames[t->depth].cont_off);
	t->used = t->depth;
}

/*
 * Notes that a blank line goes before the block starting at node, unless
 * nothing is written yet in the innermost quote or item (the block then
 * starts on the marker line) or the block sits in a tight list.
 */
static int md_block_start(struct md_term *t, cmark_node *node)
{
	cmark_node *parent = cmark_node_parent(node);

	if (!parent)
		return -1;
	if (cmark_node_get_type(parent) == CMARK_NODE_ITEM) {
		parent = cmark_node_parent(parent);
		if (!parent)
			return -1;
	}
	if (cmark_node_get_type(parent) == CMARK_NODE_LIST &&
	    cmark_node_get_list_tight(parent))
		return 0;
	if (t->depth ? t->used == t->depth : t->out.len > 0)
		t->blank = 1;
	return 0;
}

/*
 * Writes inline text (spaces are soft breaks, newlines hard breaks) greedily
 * wrapped to the columns left beside the prefix, cutting a word longer than a
 * whole line at a code point boundary; returns the widest line's columns.
 */
static size_t md_wrap(struct md_term *t, const char *s, size_t n)
{
	size_t i = 0, ls = 0, le = 0, col = 0, avail, widest = 0;

	avail = md_avail(t);
	while (i <= n) {
		size_t j = i, k, w, cut;

		while (j < n && s[j] == ' ')
			j++;
		if (j == n || s[j] == '\n') {
			/* End of a hard line: write what is pending. */
			if (le > ls || j < n) {
				md_line(t, s + ls, le - ls);
				avail = md_avail(t);
			}
			if (col > widest)
				widest = col;
			ls = le = j + 1;
			col = 0;
			i = j + 1;
			continue;
		}
		for (k = j; k < n && s[k] != ' ' && s[k] != '\n'; k++)
			;
		w = md_cols(s + j, k - j);
		if (le > ls && col + (j - i) + w <= avail) {
			le = k;
			col += (j - i) + w;
			i = k;
			continue;
		}
		if (le > ls) {
			md_line(t, s + ls, le - ls);
			avail = md_avail(t);
			if (col > widest)
				widest = col;
		}
		while (w > avail) {
			cut = md_cut(s + j, k - j, avail);
			md_line(t, s + j, cut);
			widest = avail > widest ? avail : widest;
			j += cut;
			w -= avail;
			avail = md_avail(t);
		}
		ls = j;
		le = k;
		col = w;
		i = k;
	}
	return widest;
}

/* Writes a code block's lines indented four spaces, tabs expanded, as is. */
static void md_code_block(struct md_term *t, const char *s)
{
	struct buf raw = BUF_INIT, line = BUF_INIT;
	const char *end;
	size_t i, col;

	while (*s) {
		end = strchr(s, '\n');
		if (!end)
			end = s + strlen(s);
		md_truncate(&raw, 0);
		md_truncate(&line, 0);
		md_add_clean(&raw, s, (size_t)(end - s), 0);
		buf_adds(&line, "    ");
		for (i = col = 0; i < raw.len; i++) {
			if (raw.s[i] == '\t') {
				do
					buf_addc(&line, ' ');
				while (++col % MD_TAB);
				continue;
			}
			buf_addc(&line, raw.s[i]);
			if (((unsigned char)raw.s[i] & 0xc0) != 0x80)
				col++;
		}
		md_line(t, line.s, line.len);
		s = *end ? end + 1 : end;
	}
	buf_free(&raw);
	buf_free(&line);
}

/* Writes a line of n copies of c: heading underlines and thematic breaks. */
static void md_rule(struct md_term *t, char c, size_t n)
{
	char *s = xmalloc(n + 1);

	memset(s, c, n);
	md_line(t, s, n);
	free(s);
}

/*
 * Ends a link or image as "text <url>", or just the text when it already is
 * the URL (autolinks), or just the URL when there is no text.
 */
static int md_link_end(struct md_term *t, cmark_node *node)
{
	size_t off = (size_t)(uintptr_t)cmark_node_get_user_data(node);
	const char *url = cmark_node_get_url(node), *label;
	struct buf u = BUF_INIT;
	size_t n;
	int same;

	if (!url || off > t->text.len)
		return -1;
	md_add_clean(&u, url, strlen(url), 1);
	if (!u.len)
		goto out;
	n = t->text.len - off;
	label = n ? t->text.s + off : "";
	same = (u.len == n && !memcmp(u.s, label, n)) ||
	       (u.len == n + 7 && !memcmp(u.s, "mailto:", 7) &&
		!memcmp(u.s + 7, label, n));
	if (!same) {
		if (n)
			buf_addc(&t->text, ' ');
		buf_addc(&t->text, '<');
		buf_add(&t->text, u.s, u.len);
		buf_addc(&t->text, '>');
	}
out:
	buf_free(&u);
	return 0;
}

/* Handles the events of inline nodes, which build up md_term.text. */
static int md_term_inline(struct md_term *t, cmark_node *node, int enter)
{
	const char *lit;

	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
		lit = cmark_node_get_literal(node);
		if (!lit)
			return -1;
		md_add_clean(&t->text, lit, strlen(lit), 1);
		return 0;
	case CMARK_NODE_SOFTBREAK:
		buf_addc(&t->text, ' ');
		return 0;
	case CMARK_NODE_LINEBREAK:
		buf_addc(&t->text, '\n');
		return 0;
	case CMARK_NODE_EMPH:
		buf_addc(&t->text, enter ? MD_EMPH_ON : MD_EMPH_OFF);
		return 0;
	case CMARK_NODE_STRONG:
		buf_addc(&t->text, enter ? MD_STRONG_ON : MD_STRONG_OFF);
		return 0;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		if (!enter)
			return md_link_end(t, node);
		return cmark_node_set_user_data(node,
				(void *)(uintptr_t)t->text.len) ? 0 : -1;
	default:
		/* Raw HTML is dropped, as in the HTML output. */
		return 0;
	}
}

/* Handles the events of block nodes: frames, separators and whole lines. */
static int md_term_block(struct md_term *t, cmark_node *node, int enter)
{
	cmark_node_type type = cmark_node_get_type(node);
	const char *lit;
	char marker[24], cont[24];
	size_t n;
	uintptr_t index;

	if (type == CMARK_NODE_DOCUMENT || type == CMARK_NODE_HTML_BLOCK)
		return 0;
	if (enter && md_block_start(t, node) < 0)
		return -1;
	switch (type) {
	case CMARK_NODE_BLOCK_QUOTE:
		if (enter)
			md_push(t, "> ", "> ");
		else
			md_pop(t);
		return 0;
	case CMARK_NODE_LIST:
		/* The list counts its items in its user data. */
		if (!enter)
			return 0;
		return cmark_node_set_user_data(node, NULL) ? 0 : -1;
	case CMARK_NODE_ITEM:
		if (!enter) {
			md_pop(t);
			return 0;
		}
		node = cmark_node_parent(node);
		if (!node)
			return -1;
		index = (uintptr_t)cmark_node_get_user_data(node);
		if (!cmark_node_set_user_data(node, (void *)(index + 1)))
			return -1;
		if (cmark_node_get_list_type(node) == CMARK_ORDERED_LIST)
			snprintf(marker, sizeof(marker), "%ld. ",
				 (long)cmark_node_get_list_start(node) +
				 (long)index);
		else
			strcpy(marker, "- ");
		n = strlen(marker);
		memset(cont, ' ', n);
		cont[n] = '\0';
		md_push(t, marker, cont);
		return 0;
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
		if (enter) {
			md_truncate(&t->text, 0);
			t->strong = t->emph = 0;
			if (type == CMARK_NODE_HEADING)
				buf_addc(&t->text, MD_STRONG_ON);
			return 0;
		}
		if (type == CMARK_NODE_HEADING)
			buf_addc(&t->text, MD_STRONG_OFF);
		n = md_wrap(t, t->text.s ? t->text.s : "", t->text.len);
		md_truncate(&t->text, 0);
		t->strong = t->emph = 0;
		if (type == CMARK_NODE_HEADING && n)
			md_rule(t, cmark_node_get_heading_level(node) == 1 ?
				'=' : '-', n);
		return 0;
	case CMARK_NODE_CODE_BLOCK:
		lit = cmark_node_get_literal(node);
		if (!lit)
			return -1;
		md_code_block(t, lit);
		return 0;
	case CMARK_NODE_THEMATIC_BREAK:
		md_rule(t, '-', md_avail(t));
		return 0;
	default:
		return 0;
	}
}

char *md_to_html(const char *text, size_t len)
{
	cmark_node *doc;
	char *html;

	if (!text || len > MD_TEXT_CAP)
		return NULL;
	doc = cmark_parse_document(text, len, MD_OPTIONS);
	if (!doc)
		return NULL;
	html = cmark_render_html(doc, MD_OPTIONS);
	cmark_node_free(doc);
	return html;
}

char *md_to_html_kept(const char *text, size_t len)
{
	char *html;
	size_t hlen;

	if (!text || len > MD_TEXT_CAP)
		return NULL;
	html = memo_get(MEMO_MD_HTML, "", text, len, &hlen);
	if (html)
		return html;
	html = md_to_html(text, len);
	if (html)
		memo_put(MEMO_MD_HTML, "", text, len, html, strlen(html));
	return html;
}

char *md_to_term(const char *text, size_t len, int width, int flags)
{
	struct md_term t = { .out = BUF_INIT, .text = BUF_INIT,
			     .prefix = BUF_INIT };
	cmark_node *doc, *node;
	cmark_iter *iter = NULL;
	cmark_event_type ev;
	char *res = NULL;
	int enter, rc;

	if (!text || len > MD_TEXT_CAP)
		return NULL;
	t.style = (flags & MD_TERM_STYLE) != 0;
	t.width = width < MD_WIDTH_MIN ? MD_WIDTH_MIN :
		  width > MD_WIDTH_MAX ? MD_WIDTH_MAX : (size_t)width;
	doc = cmark_parse_document(text, len, MD_OPTIONS);
	if (!doc)
		return NULL;
	iter = cmark_iter_new(doc);
	if (!iter)
		goto out;
	while ((ev = cmark_iter_next(iter)) == CMARK_EVENT_ENTER ||
	       ev == CMARK_EVENT_EXIT) {
		node = cmark_iter_get_node(iter);
		enter = ev == CMARK_EVENT_ENTER;
		if (!node)
			goto out;
		if (cmark_node_get_type(node) >= CMARK_NODE_FIRST_INLINE)
			rc = md_term_inline(&t, node, enter);
		else
			rc = md_term_block(&t, node, enter);
		if (rc < 0)
			goto out;
	}
	if (ev != CMARK_EVENT_DONE)
		goto out;
	while (t.out.len && t.out.s[t.out.len - 1] == '\n')
		t.out.len--;
	md_trim(&t.out, 0);
	buf_addc(&t.out, '\n');
	res = buf_detach(&t.out);
out:
	if (iter)
		cmark_iter_free(iter);
	cmark_node_free(doc);
	buf_free(&t.out);
	buf_free(&t.text);
	buf_free(&t.prefix);
	free(t.frames);
	return res;
}

char *md_strip_controls(const char *text)
{
	struct buf b = BUF_INIT;

	md_add_clean(&b, text, strlen(text), 0);
	return buf_detach(&b);
}
