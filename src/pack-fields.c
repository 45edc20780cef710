/*
 * pack-fields.c - reading what an author wrote, with diagnostics: the line
 * of a field in the source, control characters and bytes that are not
 * UTF-8 refused in text, typed fields, unknown fields with "did you mean".
 * Every problem is recorded on the loader and reading goes on.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "markdown.h"
#include "pack-internal.h"
#include "util.h"

/*
 * The line of `key = ...` at or after line `from` in the author's source:
 * the line of the construct only says where a table starts, but the author
 * wants to be shown the field that is wrong.
 */
int field_line(const char *src, int from, const char *key)
{
	size_t klen = strlen(key);
	const char *p = src;
	int line = 1;

	if (!src || from <= 0)
		return from;
	while (*p && line < from) {
		if (*p++ == '\n')
			line++;
	}
	for (; *p; p++) {
		if (*p == '\n') {
			line++;
			continue;
		}
		if (strncmp(p, key, klen) == 0 &&
		    (p == src || !(p[-1] == '_' || p[-1] == '.' ||
				   (p[-1] >= 'a' && p[-1] <= 'z') ||
				   (p[-1] >= 'A' && p[-1] <= 'Z') ||
				   (p[-1] >= '0' && p[-1] <= '9')))) {
			const char *q = p + klen;

			while (*q == ' ' || *q == '\t')
				q++;
			if (q[0] == '=' && q[1] != '=')
				return line;
		}
	}
	return from;
}

/* The line of the first quoted "str" at or after line from, else from. */
int string_line(const char *src, int from, const char *str)
{
	size_t n = strlen(str);
	const char *p = src;
	int line = 1;

	if (!src || from <= 0)
		return from;
	for (; *p; p++) {
		if (*p == '\n') {
			line++;
			continue;
		}
		if (line >= from && (*p == '"' || *p == '\'') &&
		    strncmp(p + 1, str, n) == 0 && p[n + 1] == *p)
			return line;
	}
	return from;
}

/*
 * The line where the n-th table of the list that opens at or after line
 * from begins: where the author wrote source n's "{".  Strings and comments
 * are not parsed; a brace inside them only moves the guess.
 */
int nth_table_line(const char *src, int from, int n)
{
	const char *p = src;
	int line = 1, seen = -1;	/* the list's own brace is not one */

	if (!src || from <= 0)
		return from;
	for (; *p; p++) {
		if (*p == '\n')
			line++;
		else if (line >= from && *p == '{' && ++seen == n)
			return line;
	}
	return from;
}

/* Records an error on the author's file at line. */
void errorf(struct loader *ld, int line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_add(ld->d, DIAG_ERROR, ld->file, line, "%s", b.s);
	buf_free(&b);
}

/* Names of the C0 and C1 control characters, for messages. */
static const char *const c0_names[32] = {
	"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT",
	"LF", "VT", "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4",
	"NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"
};
static const char *const c1_names[32] = {
	"PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ",
	"VTS", "PLD", "PLU", "RI", "SS2", "SS3", "DCS", "PU1", "PU2", "STS",
	"CCH", "MW", "SPA", "EPA", "SOS", "SGCI", "SCI", "CSI", "ST", "OSC",
	"PM", "APC"
};

#define NO_BAD_CHAR ((size_t)-1)

/*
 * The offset of the first character of s[0..n) that pack text must not
 * hold, or NO_BAD_CHAR: a control character (C0 but tab and newline, DEL,
 * C1), which could drive a terminal, or a byte that is not UTF-8 (a lone
 * 0x9b is CSI to some terminals).  A CR just before a newline ends a line
 * and is allowed.  *len is the bytes it takes; *cp the character, or
 * 0x110000 plus the byte when it is not UTF-8.
 */
static size_t bad_char(const char *s, size_t n, size_t *len, uint32_t *cp)
{
	size_t i, l;

	for (i = 0; i < n; i += l) {
		l = utf8_decode(s + i, n - i, cp);
		if (!l) {
			*cp = 0x110000 + (unsigned char)s[i];
			*len = 1;
			return i;
		}
		if (*cp == '\t' || *cp == '\n' ||
		    (*cp == '\r' && i + 1 < n && s[i + 1] == '\n'))
			continue;
		if (is_c0_c1_control(*cp)) {
			*len = l;
			return i;
		}
	}
	return NO_BAD_CHAR;
}

/* The line number of position pos of src. */
static int line_at(const char *src, size_t pos)
{
	const char *p = src, *end = src + pos;
	int line = 1;

	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		line++;
		p++;
	}
	return line;
}

/*
 * The line of the loader's source where the author typed the bad character
 * at off of s, found by looking from line from on for the text of s's line
 * up to it; from itself when the author wrote it as an escape such as
 * "\27".  The search is kept near the line, so that a file full of such
 * mistakes is not searched whole for each.
 */
static int bad_char_line(struct loader *ld, int from, const char *s,
			 size_t off, size_t len)
{
	const char *p, *end, *hit;
	size_t start = off, need, i;

	if (!ld->src || from <= 0)
		return from;
	if (!ld->lines) {	/* where each line starts, found once */
		ld->lines = xcalloc((size_t)line_at(ld->src, ld->srclen),
				    sizeof(*ld->lines));
		ld->lines[ld->nlines++] = 0;
		for (i = 0; i < ld->srclen; i++)
			if (ld->src[i] == '\n')
				ld->lines[ld->nlines++] = i + 1;
	}
	if ((size_t)from > ld->nlines)
		return from;
	while (start > 0 && off - start < 40 && s[start - 1] != '\n')
		start--;
	need = off - start + len;
	p = ld->src + ld->lines[from - 1];
	end = ld->src + ld->srclen;
	if ((size_t)(end - p) > 4096 + 8 * (off + len))
		end = p + 4096 + 8 * (off + len);
	for (hit = p; (size_t)(end - hit) >= need; hit++)
		if (!memcmp(hit, s + start, need))
			return line_at(ld->src + ld->lines[from - 1],
				       (size_t)(hit - p)) + from - 1;
	return from;
}

/* Describes the bad character cp for a message, into buf. */
static void bad_char_name(uint32_t cp, char *buf, size_t size)
{
	if (cp >= 0x110000)
		snprintf(buf, size, "byte 0x%02X, which is not UTF-8,",
			 (unsigned)(cp - 0x110000));
	else if (cp < 0x20)
		snprintf(buf, size, "control character U+%04X (%s)",
			 (unsigned)cp, c0_names[cp]);
	else if (cp == 0x7f)
		snprintf(buf, size, "control character U+007F (DEL)");
	else if (cp >= 0x80 && cp < 0x80 + ARRAY_SIZE(c1_names))
		snprintf(buf, size, "control character U+%04X (%s)",
			 (unsigned)cp, c1_names[cp - 0x80]);
	else
		snprintf(buf, size, "character U+%04X", (unsigned)cp);
}

/*
 * Reports a control character (or a byte that is not UTF-8) in s, a text
 * the pack gives as `key =` of the construct at line (key NULL: a text
 * written without a name).  Such text could drive a learner's terminal,
 * so it is an error, shown at the line where the character was typed.
 * Returns 0, or -1 after reporting.
 */
static int check_chars(struct loader *ld, int line, const char *key,
		       const char *what, const char *s, size_t n)
{
	uint32_t cp;
	size_t len, off = bad_char(s, n, &len, &cp);
	char name[64];

	if (off == NO_BAD_CHAR)
		return 0;
	if (key)
		line = field_line(ld->src, line, key);
	line = bad_char_line(ld, line, s, off, len);
	bad_char_name(cp, name, sizeof(name));
	errorf(ld, line, "%s in %s; %s", name, what, cp >= 0x110000 ?
	       "save the file as UTF-8" : "remove it");
	return -1;
}

/* check_chars for the string on top of the stack, a field key of what. */
int check_field_chars(struct loader *ld, lua_State *L, int line,
		      const char *key, const char *what)
{
	size_t n;
	const char *s = lua_tolstring(L, -1, &n);
	char *desc = xasprintf("%s's %s", what, key);
	int ret = check_chars(ld, line, key, desc, s, n);

	free(desc);
	return ret;
}

/* check_chars for the string at idx, the text of what (a page, ...). */
int check_text_chars(struct loader *ld, lua_State *L, int idx,
		     int line, const char *what)
{
	size_t n;
	const char *s = lua_tolstring(L, idx, &n);
	char *desc = xasprintf("the text of %s", what);
	int ret = check_chars(ld, line, NULL, desc, s, n);

	free(desc);
	return ret;
}

/* Reports every string key of the table at idx not among names. */
void check_fields(struct loader *ld, lua_State *L, int idx, int line,
		  const char *what, const char *const *names, size_t n,
		  int positional_ok)
{
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -2) == LUA_TSTRING) {
			const char *k = lua_tostring(L, -2);
			size_t i;

			for (i = 0; i < n && strcmp(k, names[i]); i++)
				;
			if (i == n) {
				char *s = did_you_mean(k, names, n);
				field_error(ld, line, k,
					    "unknown field '%s' in %s%s", k,
					    what, s);
				free(s);
			}
		} else if (!positional_ok || !lua_isinteger(L, -2)) {
			errorf(ld, line, "%s has an entry that is not a "
			       "named field", what);
		}
		lua_pop(L, 1);
	}
}

/* Reads string field key (NULL if absent); reports other types. */
char *get_string(struct loader *ld, lua_State *L, int idx, int line,
		 const char *key, const char *what, int required)
{
	char *s = NULL;
	int t;

	idx = lua_absindex(L, idx);
	lua_pushstring(L, key);
	t = lua_rawget(L, idx);
	if (t == LUA_TSTRING) {
		if (check_field_chars(ld, L, line, key, what) == 0)
			s = xstrdup(lua_tostring(L, -1));
	} else if (t != LUA_TNIL)
		field_error(ld, line, key, "%s's %s must be text, not %s", what,
			    key, lua_typename(L, t));
	else if (required)
		errorf(ld, line, "%s needs %s %s", what,
		       strchr("aeiou", key[0]) ? "an" : "a", key);
	lua_pop(L, 1);
	return s;
}

/* Reads whole-number field key into *out (def if absent); checks range. */
void get_int(struct loader *ld, lua_State *L, int idx, int line,
	     const char *key, const char *what, lua_Integer lo,
	     lua_Integer hi, int def, int *out)
{
	int t;

	idx = lua_absindex(L, idx);
	*out = def;
	lua_pushstring(L, key);
	t = lua_rawget(L, idx);
	if (t == LUA_TNUMBER && lua_isinteger(L, -1)) {
		lua_Integer v = lua_tointeger(L, -1);

		if (v < lo || v > hi)
			field_error(ld, line, key, "%s's %s must be from "
				    "%lld to %lld, not %lld", what, key,
				    (long long)lo, (long long)hi, (long long)v);
		else
			*out = (int)v;
	} else if (t == LUA_TNUMBER) {
		lua_Number v = lua_tonumber(L, -1);
		lua_Integer iv;

		if (lua_numbertointeger(v, &iv) && v == (lua_Number)iv &&
		    iv >= lo && iv <= hi)
			*out = (int)iv;
		else
			field_error(ld, line, key, "%s's %s must be a whole "
				    "number from %lld to %lld", what, key,
				    (long long)lo, (long long)hi);
	} else if (t != LUA_TNIL) {
		field_error(ld, line, key, "%s's %s must be a whole number, "
			    "not %s", what, key, lua_typename(L, t));
	}
	lua_pop(L, 1);
}

/* Checks a Markdown text against the size cap.  With key, the message
 * points at the line of `key =` after line (looked for only on error: a
 * search of the source per text was a tenth of loading a module). */
int check_text(struct loader *ld, int line, const char *key,
	       const char *what, const char *text)
{
	size_t len = strlen(text);

	if (len > MD_TEXT_CAP) {
		errorf(ld, key ? field_line(ld->src, line, key) : line, "%s is %zu bytes; the most a text may be is "
		       "%u (split it into more steps)", what, len,
		       MD_TEXT_CAP);
		return -1;
	}
	return 0;
}

/* Reports the first character text[0..*len) read from path must not hold,
 * at its line in that file, where it can be fixed, and makes the text
 * safe: said once, here, the step that shows it need not say it again. */
void check_file_chars(struct loader *ld, const char *path, char **text,
		      size_t *len)
{
	size_t off, blen;
	uint32_t cp;
	char what[64], *safe;

	off = bad_char(*text, *len, &blen, &cp);
	if (off == NO_BAD_CHAR)
		return;
	bad_char_name(cp, what, sizeof(what));
	diag_add(ld->d, DIAG_ERROR, path, line_at(*text, off), "%s; %s", what,
		 cp >= 0x110000 ? "save the file as UTF-8" : "remove it");
	safe = term_safe(*text, 0);
	free(*text);
	*text = safe;
	*len = strlen(safe);
}
