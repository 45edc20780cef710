/*
 * pack.c - loading content packs (SPEC §2) with author-facing diagnostics.
 *
 * Pack files are Lua run in a sandbox.  The pack format's words (pack,
 * module, page, scene, question, reflect, finish, choice, right, wrong,
 * file) are C functions that check what the author wrote as it runs and
 * record steps; problems become diagnostics carrying the author's line, and
 * loading goes on so that one run reports every mistake.  Lua values are
 * read with raw accesses only, so no metatable of the author's runs here.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lua.h>
#include <lauxlib.h>
#include <sodium.h>

#include "markdown.h"
#include "pack.h"
#include "plugin.h"
#include "sandbox.h"
#include "util.h"

/* What the format's words need while one file runs. */
struct loader {
	struct sandbox *sb;
	struct diags *d;
	const char *dir;	/* the pack folder */
	const char *file;	/* the file running, as shown */
	const char *src;	/* its source, to find the lines of fields */
	size_t srclen;
	size_t *lines, nlines;	/* where each line of src starts, once
				 * needed */
	const struct strv *plugin_dirs;
	struct pack *pack;	/* pack.lua: what it describes */
	int pack_seen;
	struct module *m;	/* a module file: what it defines */
	int module_seen;
	size_t cap;		/* of m->steps */
};

/* Registry key of the weak table that marks choice/right/wrong tables. */
static const char MARKS_KEY = 'm';

enum mark { MARK_CHOICE = 1, MARK_RIGHT, MARK_WRONG };

static struct loader *loader_of(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/*
 * The line of `key = ...` at or after line `from` in the author's source:
 * the line of the construct only says where a table starts, but the author
 * wants to be shown the field that is wrong.
 */
static int field_line(const char *src, int from, const char *key)
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
static int string_line(const char *src, int from, const char *str)
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
static int nth_table_line(const char *src, int from, int n)
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

static void errorf(struct loader *ld, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records an error on the author's file at line. */
static void errorf(struct loader *ld, int line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_add(ld->d, DIAG_ERROR, ld->file, line, "%s", b.s);
	buf_free(&b);
}

/* An error about field key of the construct at line. */
#define field_error(ld, line, key, ...) \
	errorf(ld, field_line((ld)->src, line, key), __VA_ARGS__)

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
		if (*cp < 0x20 || (*cp >= 0x7f && *cp < 0xa0)) {
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
	else
		snprintf(buf, size, "control character U+%04X (%s)",
			 (unsigned)cp, c1_names[cp - 0x80]);
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
static int check_field_chars(struct loader *ld, lua_State *L, int line,
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
static int check_text_chars(struct loader *ld, lua_State *L, int idx,
			    int line, const char *what)
{
	size_t n;
	const char *s = lua_tolstring(L, idx, &n);
	char *desc = xasprintf("the text of %s", what);
	int ret = check_chars(ld, line, NULL, desc, s, n);

	free(desc);
	return ret;
}

/* Suggests the closest of names to word, or "" when none is close. */
static char *suggest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t i, bestd = (size_t)-1;

	for (i = 0; i < n; i++) {
		size_t dist = edit_distance(word, names[i]);

		if (dist < bestd) {
			bestd = dist;
			best = names[i];
		}
	}
	if (best && bestd <= 2 && bestd < strlen(word))
		return xasprintf(" (did you mean '%s'?)", best);
	return xstrdup("");
}

/* Reports every string key of the table at idx not among names. */
static void check_fields(struct loader *ld, lua_State *L, int idx, int line,
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
				char *s = suggest(k, names, n);
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
static char *get_string(struct loader *ld, lua_State *L, int idx, int line,
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
static void get_int(struct loader *ld, lua_State *L, int idx, int line,
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
static int check_text(struct loader *ld, int line, const char *key,
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

/* ---- pack.lua ---------------------------------------------------------- */

static int is_date(const char *s)
{
	int i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (s[i] < '0' || s[i] > '9') {
			return 0;
		}
	}
	return s[10] == '\0' && !(s[5] == '0' && s[6] == '0') &&
	       !(s[5] == '1' && s[6] > '2') && !(s[8] == '0' && s[9] == '0') &&
	       !(s[8] == '3' && s[9] > '1') && s[8] <= '3';
}

/* Reads pack { sources = { ... } }. */
static void pack_sources(struct loader *ld, lua_State *L, int t, int line)
{
	static const char *const names[] = { "title", "date", "url" };
	struct pack *p = ld->pack;
	int sline = field_line(ld->src, line, "sources");
	lua_Integer i, n;

	lua_pushliteral(L, "sources");
	if (lua_rawget(L, t) == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	if (lua_type(L, -1) != LUA_TTABLE) {
		errorf(ld, sline, "the pack's sources must be a list of "
		       "{ title = ..., date = ... } tables");
		lua_pop(L, 1);
		return;
	}
	n = (lua_Integer)lua_rawlen(L, -1);
	p->sources = xcalloc((size_t)n + 1, sizeof(*p->sources));
	for (i = 1; i <= n; i++) {
		struct pack_source *s = &p->sources[p->nsources];
		int sl;

		if (lua_rawgeti(L, -1, i) != LUA_TTABLE) {
			errorf(ld, sline, "source %lld must be a table with a "
			       "title", (long long)i);
			lua_pop(L, 1);
			continue;
		}
		sl = nth_table_line(ld->src, sline, (int)i);
		check_fields(ld, L, -1, sl, "a source", names,
			     ARRAY_SIZE(names), 0);
		s->title = get_string(ld, L, -1, sl, "title", "a source", 1);
		s->date = get_string(ld, L, -1, sl, "date", "a source", 0);
		s->url = get_string(ld, L, -1, sl, "url", "a source", 0);
		if (s->date && !is_date(s->date))
			field_error(ld, sl, "date", "a source's date must be "
				    "YYYY-MM-DD, not '%s'", s->date);
		p->nsources++;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* Reads pack { modules = { ... } }. */
static void pack_modules(struct loader *ld, lua_State *L, int t, int line)
{
	struct pack *p = ld->pack;
	int mline = field_line(ld->src, line, "modules");
	lua_Integer i, n;

	lua_pushliteral(L, "modules");
	if (lua_rawget(L, t) != LUA_TTABLE) {
		errorf(ld, mline, "the pack needs modules = { \"module-id\", "
		       "... } listing its modules");
		lua_pop(L, 1);
		return;
	}
	n = (lua_Integer)lua_rawlen(L, -1);
	if (n == 0)
		errorf(ld, mline, "the pack lists no modules");
	p->modules = xcalloc((size_t)n + 1, sizeof(*p->modules));
	for (i = 1; i <= n; i++) {
		const char *id;
		size_t k;

		if (lua_rawgeti(L, -1, i) != LUA_TSTRING) {
			errorf(ld, mline, "module %lld in the list must be a "
			       "module id in quotes", (long long)i);
			lua_pop(L, 1);
			continue;
		}
		id = lua_tostring(L, -1);
		if (!is_slug(id)) {
			errorf(ld, mline, "module id '%s' must use only a-z, "
			       "0-9 and -", id);
		} else {
			for (k = 0; k < p->nmodules; k++)
				if (!strcmp(p->modules[k].id, id))
					break;
			if (k < p->nmodules) {
				errorf(ld, mline, "module '%s' is listed twice",
				       id);
			} else {
				struct pack_module *pm =
					&p->modules[p->nmodules++];
				char *name = xasprintf("%s.lua", id);

				pm->id = xstrdup(id);
				pm->file = path_join(ld->dir, name);
				pm->line = string_line(ld->src, mline, id);
				free(name);
			}
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* pack { ... }: the description of the pack. */
static int dsl_pack(lua_State *L)
{
	static const char *const names[] = {
		"id", "title", "version", "language", "summary", "audience",
		"renew_after_days", "sources", "modules"
	};
	struct loader *ld = loader_of(L);
	struct pack *p = ld->pack;
	int line = sandbox_caller_line(L);

	if (lua_type(L, 1) != LUA_TTABLE)
		return luaL_error(L, "pack needs a table: pack { id = ..., "
				  "... }");
	if (ld->pack_seen++) {
		errorf(ld, line, "pack { } is given twice; the first one "
		       "counts");
		return 0;
	}
	check_fields(ld, L, 1, line, "the pack", names, ARRAY_SIZE(names), 0);
	p->id = get_string(ld, L, 1, line, "id", "the pack", 1);
	p->id_line = field_line(ld->src, line, "id");
	if (p->id && !is_slug(p->id))
		field_error(ld, line, "id", "the pack's id '%s' must use only "
			    "a-z, 0-9 and -", p->id);
	p->title = get_string(ld, L, 1, line, "title", "the pack", 1);
	p->version = get_string(ld, L, 1, line, "version", "the pack", 1);
	if (p->version && !is_semver(p->version))
		field_error(ld, line, "version", "the pack's version '%s' is "
			    "not a semantic version such as 1.0.0",
			    p->version);
	p->language = get_string(ld, L, 1, line, "language", "the pack", 0);
	p->summary = get_string(ld, L, 1, line, "summary", "the pack", 0);
	if (p->summary)
		check_text(ld, line, "summary",
			   "the summary", p->summary);
	p->audience = get_string(ld, L, 1, line, "audience", "the pack", 0);
	get_int(ld, L, 1, line, "renew_after_days", "the pack", 1, 36500, 0,
		&p->renew_after_days);
	pack_sources(ld, L, 1, line);
	pack_modules(ld, L, 1, line);
	return 0;
}

/* ---- module files ------------------------------------------------------ */

/* module { title = ..., minutes = ..., pass_mark = ... } */
static int dsl_module(lua_State *L)
{
	static const char *const names[] = { "title", "minutes", "pass_mark" };
	struct loader *ld = loader_of(L);
	struct module *m = ld->m;
	int line = sandbox_caller_line(L);

	if (lua_type(L, 1) != LUA_TTABLE)
		return luaL_error(L, "module needs a table: module { title = "
				  "..., minutes = ..., pass_mark = ... }");
	if (ld->module_seen++) {
		errorf(ld, line, "module { } is given twice; the first one "
		       "counts");
		return 0;
	}
	m->line = line;
	check_fields(ld, L, 1, line, "the module", names, ARRAY_SIZE(names),
		     0);
	m->title = get_string(ld, L, 1, line, "title", "the module", 1);
	get_int(ld, L, 1, line, "minutes", "the module", 1, 1440, 0,
		&m->minutes);
	lua_pushliteral(L, "minutes");
	if (lua_rawget(L, 1) == LUA_TNIL)
		errorf(ld, line, "the module needs minutes (the CPD minutes "
		       "credited on passing)");
	lua_pop(L, 1);
	get_int(ld, L, 1, line, "pass_mark", "the module", 0, 100, 80,
		&m->pass_mark);
	return 0;
}

/* Appends a step; ids are checked for duplicates here. */
static struct step *add_step(struct loader *ld, enum step_kind kind,
			     const char *id, int line)
{
	struct module *m = ld->m;
	struct step *s;

	if (m->nsteps == ld->cap) {
		ld->cap = ld->cap ? ld->cap * 2 : 16;
		m->steps = xrealloc(m->steps, ld->cap * sizeof(*m->steps));
	}
	s = &m->steps[m->nsteps++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->line = line;
	s->when_ref = s->q_ref = s->plugin_ref = LUA_NOREF;
	if (id) {
		int other = module_step_index(m, id);

		if (other >= 0 && (size_t)other != m->nsteps - 1)
			errorf(ld, line, "step id '%s' is already used by the "
			       "step on line %d", id, m->steps[other].line);
		s->id = xstrdup(id);
	} else {
		s->id = xasprintf("step-%zu", m->nsteps);
	}
	return s;
}

static int is_step_id(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

/* Reads the step id given as the table's `id` or before the table. */
static char *step_id(struct loader *ld, lua_State *L, int t, int line,
		     const char *given)
{
	char *id = given ? xstrdup(given) :
			   get_string(ld, L, t, line, "id", "a step", 0);

	if (id && !is_step_id(id)) {
		errorf(ld, line, "step id '%s' must use only letters, digits, "
		       "- and _", id);
		free(id);
		id = NULL;
	}
	return id;
}

/* Reads the step's optional `when` into a registry reference. */
static void step_when(struct loader *ld, lua_State *L, int t,
		      struct step *s)
{
	lua_pushliteral(L, "when");
	switch (lua_rawget(L, t)) {
	case LUA_TNIL:
		lua_pop(L, 1);
		break;
	case LUA_TFUNCTION:
		s->when_ref = luaL_ref(L, LUA_REGISTRYINDEX);
		break;
	default:
		field_error(ld, s->line, "when", "when must be a function, "
			    "e.g. when = function(state) return state.x "
			    "end, not %s", luaL_typename(L, -1));
		s->unsure |= UNSURE_WHEN;
		lua_pop(L, 1);
	}
}

/* Reads positional entry 1, the step's text. */
static char *step_text(struct loader *ld, lua_State *L, int t, int line,
		       const char *what)
{
	char *text = NULL;

	if (lua_rawgeti(L, t, 1) == LUA_TSTRING) {
		text = xstrdup(lua_tostring(L, -1));
		check_text_chars(ld, L, -1, line, what);
		check_text(ld, line, NULL, what, text);
	} else {
		errorf(ld, line, "%s needs its text first, e.g. [[Markdown "
		       "text]]", what);
	}
	lua_pop(L, 1);
	return text;
}

/* The mark of the table at idx (MARK_*), 0 if none; its line in *line. */
static int mark_of(lua_State *L, int idx, int *line)
{
	lua_Integer v;

	idx = lua_absindex(L, idx);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &MARKS_KEY);
	lua_pushvalue(L, idx);
	lua_rawget(L, -2);
	v = lua_tointeger(L, -1);
	lua_pop(L, 2);
	*line = (int)(v >> 2);
	return (int)(v & 3);
}

/* Marks the table on top as a choice/right/wrong made on line. */
static void mark_set(lua_State *L, enum mark mark, int line)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &MARKS_KEY);
	lua_pushvalue(L, -2);
	lua_pushinteger(L, ((lua_Integer)line << 2) | mark);
	lua_rawset(L, -3);
	lua_pop(L, 1);
}

/* page [[text]] / page { [[text]], when = ..., id = ... }; also finish. */
static int dsl_textstep(lua_State *L, enum step_kind kind, const char *what)
{
	static const char *const names[] = { "id", "when" };
	struct loader *ld = loader_of(L);
	int line = sandbox_caller_line(L);
	struct step *s;
	char *id;

	if (lua_type(L, 1) == LUA_TSTRING) {
		s = add_step(ld, kind, NULL, line);
		s->text = xstrdup(lua_tostring(L, 1));
		check_text_chars(ld, L, 1, line, what);
		check_text(ld, line, NULL, what, s->text);
		return 0;
	}
	if (lua_type(L, 1) != LUA_TTABLE)
		return luaL_error(L, "%s needs Markdown text or a table", what);
	check_fields(ld, L, 1, line, what, names, ARRAY_SIZE(names), 1);
	id = step_id(ld, L, 1, line, NULL);
	s = add_step(ld, kind, id, line);
	free(id);
	s->text = step_text(ld, L, 1, line, what);
	if (lua_rawlen(L, 1) > 1)
		errorf(ld, line, "%s takes one text; make another step for "
		       "more", what);
	step_when(ld, L, 1, s);
	return 0;
}

static int dsl_page(lua_State *L)
{
	return dsl_textstep(L, STEP_PAGE, "a page");
}

static int dsl_finish(lua_State *L)
{
	return dsl_textstep(L, STEP_FINISH, "the finish");
}

/* Reads one choice of a scene from the marked table at idx; -1 when a go
 * was given that cannot be read, so where the choice leads is unknown. */
static int scene_choice(struct loader *ld, lua_State *L, int idx,
			int line, struct choice *c)
{
	int ret = 0;
	static const char *const names[] = { "go", "set", "score",
					     "feedback" };
	int t;

	idx = lua_absindex(L, idx);
	c->line = line;
	c->go_step = -1;
	c->set_ref = LUA_NOREF;
	check_fields(ld, L, idx, line, "a choice", names, ARRAY_SIZE(names),
		     1);
	if (lua_rawgeti(L, idx, 1) == LUA_TSTRING) {
		c->text = xstrdup(lua_tostring(L, -1));
		check_text_chars(ld, L, -1, line, "a choice");
	} else {
		errorf(ld, line, "a choice needs its text first: choice { "
		       "\"what the learner does\", ... }");
	}
	lua_pop(L, 1);
	if (c->text)
		check_text(ld, line, NULL, "a choice", c->text);
	c->feedback = get_string(ld, L, idx, line, "feedback", "a choice", 0);
	if (c->feedback)
		check_text(ld, line, NULL, "a choice's feedback", c->feedback);
	c->go = get_string(ld, L, idx, line, "go", "a choice", 0);
	lua_pushliteral(L, "go");
	if (!c->go && lua_rawget(L, idx) != LUA_TNIL)
		ret = -1;
	lua_pop(L, 1);
	get_int(ld, L, idx, line, "score", "a choice", 0, 1000, 0, &c->score);
	lua_pushliteral(L, "set");
	t = lua_rawget(L, idx);
	if (t == LUA_TTABLE) {
		int ok = 1;

		lua_pushnil(L);
		while (lua_next(L, -2)) {
			int vt = lua_type(L, -1);

			if (lua_type(L, -2) != LUA_TSTRING ||
			    !(vt == LUA_TBOOLEAN || vt == LUA_TNUMBER ||
			      vt == LUA_TSTRING))
				ok = 0;
			else if (vt == LUA_TSTRING &&
				 check_field_chars(ld, L, line, "set",
						   "a choice") < 0)
				ok = -1;
			lua_pop(L, 1);
		}
		if (ok > 0) {
			c->set_ref = luaL_ref(L, LUA_REGISTRYINDEX);
		} else if (ok < 0) {
			lua_pop(L, 1);	/* said already */
		} else {
			field_error(ld, line, "set", "set must name facts "
				    "with true/false, numbers or text, e.g. "
				    "set = { blamed = true }");
			lua_pop(L, 1);
		}
	} else {
		if (t != LUA_TNIL)
			field_error(ld, line, "set", "set must be a table, "
				    "e.g. set = { blamed = true }, not %s",
				    lua_typename(L, t));
		lua_pop(L, 1);
	}
	return ret;
}

/* scene "id" { [[text]], choice {...}, ... } with the table at 1. */
static int scene_table(lua_State *L, const char *given_id)
{
	static const char *const names[] = { "id", "when" };
	struct loader *ld = loader_of(L);
	int line = sandbox_caller_line(L);
	struct step *s;
	lua_Integer i, n;
	char *id;

	if (lua_type(L, 1) != LUA_TTABLE)
		return luaL_error(L, "a scene needs a table: scene \"id\" { "
				  "[[text]], choice { ... }, ... }");
	check_fields(ld, L, 1, line, "a scene", names, ARRAY_SIZE(names), 1);
	id = step_id(ld, L, 1, line, given_id);
	s = add_step(ld, STEP_SCENE, id, line);
	free(id);
	s->text = step_text(ld, L, 1, line, "a scene");
	step_when(ld, L, 1, s);
	n = (lua_Integer)lua_rawlen(L, 1);
	s->choices = xcalloc((size_t)(n > 1 ? n : 1), sizeof(*s->choices));
	for (i = 2; i <= n; i++) {
		int cline, mark = 0;

		if (lua_rawgeti(L, 1, i) == LUA_TTABLE)
			mark = mark_of(L, -1, &cline);
		if (mark == MARK_CHOICE) {
			if (scene_choice(ld, L, -1, cline,
					 &s->choices[s->nchoices++]) < 0)
				s->unsure |= UNSURE_WAYS;
			if (s->choices[s->nchoices - 1].score > s->max)
				s->max = s->choices[s->nchoices - 1].score;
		} else {
			errorf(ld, line, "entry %lld of a scene must be a "
			       "choice { ... }", (long long)i);
			s->unsure |= UNSURE_WAYS | UNSURE_POINTS;
		}
		lua_pop(L, 1);
	}
	/* Without its text first, the choices were misread: said already. */
	if (s->nchoices == 0 && s->text)
		errorf(ld, line, "scene '%s' has no choices; add choice { "
		       "\"...\", go = \"...\" } entries", s->id);
	if (s->nchoices == 0)
		s->unsure |= UNSURE_WAYS;
	return 0;
}

/*
 * Checks the characters of a question's named field, key at -2 and value
 * at -1, and of the texts of a list it holds: plugins show any of them.
 * The id and type are read, and checked, as the step's own.
 */
static void question_field_chars(struct loader *ld, lua_State *L, int line)
{
	const char *key = lua_tostring(L, -2);
	lua_Integer i, n;

	if (!strcmp(key, "id") || !strcmp(key, "type"))
		return;
	if (lua_type(L, -1) == LUA_TSTRING) {
		check_field_chars(ld, L, line, key, "a question");
	} else if (lua_type(L, -1) == LUA_TTABLE) {
		n = (lua_Integer)lua_rawlen(L, -1);
		for (i = 1; i <= n && i <= 1000; i++) {
			if (lua_rawgeti(L, -1, i) == LUA_TSTRING &&
			    check_field_chars(ld, L, line, key,
					      "a question") < 0)
				i = n;	/* one report a field is enough */
			lua_pop(L, 1);
		}
	}
}

/* Builds the normalised question table (doc/plugins.md) and refs it. */
static void question_table(struct loader *ld, lua_State *L, struct step *s)
{
	lua_Integer i, n, nopt = 0, nitem = 0;
	int q;

	lua_newtable(L);
	q = lua_gettop(L);
	/* every named field of the author's, verbatim */
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		if (lua_type(L, -2) == LUA_TSTRING) {
			question_field_chars(ld, L, s->line);
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			lua_rawset(L, q);
		} else {
			lua_pop(L, 1);
		}
	}
	lua_pushstring(L, s->id);
	lua_setfield(L, q, "id");
	lua_pushstring(L, s->type);
	lua_setfield(L, q, "type");
	lua_pushinteger(L, s->line);
	lua_setfield(L, q, "line");
	if (s->text) {
		lua_pushstring(L, s->text);
		lua_setfield(L, q, "text");
	}
	lua_pushliteral(L, "when");
	lua_pushnil(L);
	lua_rawset(L, q);
	lua_newtable(L);	/* options */
	lua_newtable(L);	/* items */
	n = (lua_Integer)lua_rawlen(L, 1);
	for (i = 2; i <= n; i++) {
		int t = lua_rawgeti(L, 1, i), line = s->line, mark = 0;

		if (t == LUA_TTABLE)
			mark = mark_of(L, -1, &line);
		if (t == LUA_TSTRING) {
			check_text_chars(ld, L, -1, s->line, "an item");
			check_text(ld, s->line, NULL, "an item",
				   lua_tostring(L, -1));
			lua_rawseti(L, -2, ++nitem);
		} else if (mark == MARK_RIGHT || mark == MARK_WRONG) {
			/* { text =, right =, feedback =, line = } */
			lua_newtable(L);
			lua_rawgeti(L, -2, 1);
			lua_setfield(L, -2, "text");
			lua_pushliteral(L, "feedback");
			lua_rawget(L, -3);
			lua_setfield(L, -2, "feedback");
			lua_pushboolean(L, mark == MARK_RIGHT);
			lua_setfield(L, -2, "right");
			lua_pushinteger(L, line);
			lua_setfield(L, -2, "line");
			lua_remove(L, -2);
			lua_rawseti(L, -3, ++nopt);
		} else {
			errorf(ld, line, "entry %lld of question '%s' must be "
			       "text, right \"...\" or wrong \"...\"",
			       (long long)i, s->id);
			lua_pop(L, 1);
		}
	}
	lua_setfield(L, q, "items");
	lua_setfield(L, q, "options");
	s->q_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* question "id" { type = ..., [[prompt]], ... } with the table at 1. */
static int question_table_step(lua_State *L, const char *given_id,
			       const char *type)
{
	struct loader *ld = loader_of(L);
	int line = sandbox_caller_line(L);
	struct step *s;
	char *id;

	if (lua_type(L, 1) != LUA_TTABLE)
		return luaL_error(L, "a question needs a table: question "
				  "\"id\" { type = \"single\", [[prompt]], "
				  "... }");
	id = step_id(ld, L, 1, line, given_id);
	s = add_step(ld, STEP_QUESTION, id, line);
	free(id);
	if (type) {
		s->type = xstrdup(type);
	} else {
		s->type = get_string(ld, L, 1, line, "type", "a question", 0);
		if (!s->type) {
			lua_pushliteral(L, "type");
			if (lua_rawget(L, 1) == LUA_TNIL)
				errorf(ld, line, "question '%s' needs a type, "
				       "e.g. type = \"single\"", s->id);
			lua_pop(L, 1);
		}
	}
	s->text = step_text(ld, L, 1, line, "a question");
	step_when(ld, L, 1, s);
	lua_pushliteral(L, "feedback");
	if (lua_rawget(L, 1) == LUA_TSTRING)
		check_text(ld, line, "feedback",
			   "the feedback", lua_tostring(L, -1));
	lua_pop(L, 1);
	question_table(ld, L, s);
	return 0;
}

static int scene_curried(lua_State *L)
{
	const char *id = lua_tostring(L, lua_upvalueindex(2));
	return scene_table(L, id);
}

static int question_curried(lua_State *L)
{
	const char *id = lua_tostring(L, lua_upvalueindex(2));
	const char *type = lua_tostring(L, lua_upvalueindex(3));
	return question_table_step(L, id, type);
}

/* KIND "id" { ... } or KIND { ... }: a string returns a function that
 * takes the table. */
static int dsl_curry(lua_State *L, lua_CFunction body, const char *type,
		     const char *what)
{
	if (lua_type(L, 1) == LUA_TSTRING) {
		lua_pushvalue(L, lua_upvalueindex(1));
		lua_pushvalue(L, 1);
		if (type)
			lua_pushstring(L, type);
		lua_pushcclosure(L, body, type ? 3 : 2);
		return 1;
	}
	if (lua_type(L, 1) != LUA_TTABLE)
		return luaL_error(L, "%s needs an id and a table: %s \"id\" { "
				  "... }", what, what);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushnil(L);
	if (type)
		lua_pushstring(L, type);
	lua_pushcclosure(L, body, type ? 3 : 2);
	lua_insert(L, 1);
	lua_settop(L, 2);
	lua_call(L, 1, 0);
	return 0;
}

static int dsl_scene(lua_State *L)
{
	return dsl_curry(L, scene_curried, NULL, "scene");
}

static int dsl_question(lua_State *L)
{
	/* the type comes from the table; upvalue 3 stays nil */
	if (lua_type(L, 1) == LUA_TSTRING) {
		lua_pushvalue(L, lua_upvalueindex(1));
		lua_pushvalue(L, 1);
		lua_pushnil(L);
		lua_pushcclosure(L, question_curried, 3);
		return 1;
	}
	if (lua_type(L, 1) != LUA_TTABLE)
		return luaL_error(L, "question needs an id and a table: "
				  "question \"id\" { type = ..., ... }");
	return question_table_step(L, NULL, NULL);
}

static int dsl_reflect(lua_State *L)
{
	return dsl_curry(L, question_curried, "reflect", "reflect");
}

/* choice { "text", go = ..., ... }: marks the table for its scene. */
static int dsl_choice(lua_State *L)
{
	int line = sandbox_caller_line(L);

	if (lua_type(L, 1) == LUA_TSTRING) {
		lua_newtable(L);
		lua_pushvalue(L, 1);
		lua_rawseti(L, -2, 1);
	} else if (lua_type(L, 1) == LUA_TTABLE) {
		lua_settop(L, 1);
	} else {
		return luaL_error(L, "choice needs a table: choice { \"what "
				  "the learner does\", go = \"step\" }");
	}
	mark_set(L, MARK_CHOICE, line);
	return 1;
}

/* right "text" / wrong { "text", feedback = ... }: options of a question. */
static int dsl_option(lua_State *L, enum mark mark)
{
	static const char *const names[] = { "feedback" };
	struct loader *ld = loader_of(L);
	int line = sandbox_caller_line(L);
	const char *what = mark == MARK_RIGHT ? "right" : "wrong";

	if (lua_type(L, 1) == LUA_TSTRING) {
		lua_newtable(L);
		lua_pushvalue(L, 1);
		lua_rawseti(L, -2, 1);
	} else if (lua_type(L, 1) == LUA_TTABLE) {
		lua_settop(L, 1);
		check_fields(ld, L, 1, line, what, names, ARRAY_SIZE(names),
			     1);
		if (lua_rawgeti(L, 1, 1) != LUA_TSTRING)
			errorf(ld, line, "%s { } needs its text first", what);
		lua_pop(L, 1);
		lua_pushliteral(L, "feedback");
		if (lua_rawget(L, 1) == LUA_TSTRING)
			check_field_chars(ld, L, line, "feedback",
					  "an option");
		else if (lua_type(L, -1) != LUA_TNIL)
			field_error(ld, line, "feedback", "feedback must be "
				    "text");
		lua_pop(L, 1);
	} else {
		return luaL_error(L, "%s needs the option's text: %s \"...\"",
				  what, what);
	}
	lua_rawgeti(L, -1, 1);
	if (lua_type(L, -1) == LUA_TSTRING) {
		check_text_chars(ld, L, -1, line, "an option");
		check_text(ld, line, NULL, "an option", lua_tostring(L, -1));
	}
	lua_pop(L, 1);
	mark_set(L, mark, line);
	return 1;
}

static int dsl_right(lua_State *L)
{
	return dsl_option(L, MARK_RIGHT);
}

static int dsl_wrong(lua_State *L)
{
	return dsl_option(L, MARK_WRONG);
}

/*
 * Nonzero when path, once its links are followed, is inside the pack
 * folder dir; else 0 with errno set (0 when it leads outside).  Links that
 * stay inside the pack are the author's business.
 */
static int inside_pack(const char *dir, const char *path)
{
	char *real_dir = realpath(dir, NULL), *real = NULL;
	size_t n;
	int in = 0, e = 0;

	if (real_dir)
		real = realpath(path, NULL);
	if (!real_dir || !real) {
		e = errno;
	} else {
		n = strlen(real_dir);
		in = !strncmp(real, real_dir, n) && real[n] == '/';
	}
	free(real_dir);
	free(real);
	errno = e;
	return in;
}

/*
 * file "name.md": the text of a file of the pack, inside the pack only.
 * A mistake is reported at the line that calls file and the text is taken
 * as empty, so that loading goes on to the author's other mistakes.
 */
static int dsl_file(lua_State *L)
{
	struct loader *ld = loader_of(L);
	const char *name = luaL_checkstring(L, 1);
	int line = sandbox_caller_line(L);
	char *path, *text, *safe;
	size_t len, off, blen;
	uint32_t cp;

	if (!*name || name[0] == '/' || strstr(name, "..") ||
	    strchr(name, '\\')) {
		errorf(ld, line, "file '%s' must be a relative path inside the "
		       "pack, without '..'", name);
		goto empty;
	}
	path = path_join(ld->dir, name);
	if (!inside_pack(ld->dir, path)) {
		if (errno)
			errorf(ld, line, "cannot read file '%s': %s", name,
			       strerror(errno));
		else
			errorf(ld, line, "file '%s' leads outside the pack",
			       name);
		free(path);
		goto empty;
	}
	if (read_file(path, MD_TEXT_CAP, &text, &len) < 0) {
		if (errno == EFBIG)
			errorf(ld, line, "file '%s' is larger than %u bytes",
			       name, MD_TEXT_CAP);
		else
			errorf(ld, line, "cannot read file '%s': %s", name,
			       strerror(errno));
		free(path);
		goto empty;
	}
	if (memchr(text, '\0', len)) {
		errorf(ld, line, "file '%s' is not text", name);
		free(text);
		free(path);
		goto empty;
	}
	off = bad_char(text, len, &blen, &cp);
	if (off != NO_BAD_CHAR) {
		char what[64];

		/* at its line in the Markdown file, where it can be fixed */
		bad_char_name(cp, what, sizeof(what));
		diag_add(ld->d, DIAG_ERROR, path, line_at(text, off), "%s; %s",
			 what, cp >= 0x110000 ? "save the file as UTF-8" :
			 "remove it");
		/* said once, here: the step that shows it need not again */
		safe = term_safe(text, 0);
		free(text);
		text = safe;
		len = strlen(text);
	}
	free(path);
	lua_pushlstring(L, text, len);
	free(text);
	return 1;
empty:
	lua_pushliteral(L, "");
	return 1;
}

/* Adds the format's words to the environment on top of the stack. */
static void push_words(lua_State *L, struct loader *ld, const luaL_Reg *words)
{
	for (; words->name; words++) {
		lua_pushlightuserdata(L, ld);
		lua_pushcclosure(L, words->func, 1);
		lua_setfield(L, -2, words->name);
	}
}

/* Reads and runs one file of the pack with the given words; 0 or -1. */
static int run_file(struct loader *ld, const char *path,
		    const luaL_Reg *words)
{
	lua_State *L = sandbox_state(ld->sb);
	char *code, *msg;
	size_t len;

	/* the rule file follows: a link out of the pack would have Vigil
	 * read, and run, whatever file it names */
	if (!inside_pack(ld->dir, path)) {
		if (errno)
			errorf(ld, 0, "cannot read the file: %s",
			       strerror(errno));
		else
			errorf(ld, 0, "the file leads outside the pack (a link "
			       "to a file elsewhere); put the file itself in "
			       "the pack folder");
		return -1;
	}
	if (read_file(path, SANDBOX_SOURCE_CAP, &code, &len) < 0) {
		if (errno == EFBIG)
			errorf(ld, 0, "the file is larger than %u bytes",
			       SANDBOX_SOURCE_CAP);
		else
			errorf(ld, 0, "cannot read the file: %s",
			       strerror(errno));
		return -1;
	}
	ld->src = code;
	ld->srclen = len;
	sandbox_push_env(ld->sb);
	push_words(L, ld, words);
	if (sandbox_load(ld->sb, code, len, path, &msg) < 0 ||
	    sandbox_call(ld->sb, 0, 0, &msg) < 0) {
		diag_add_lua(ld->d, DIAG_ERROR, path, 0, msg);
		free(msg);
		return -1;
	}
	return 0;
}

/* The weak table of marks lives in the registry of each sandbox. */
static void marks_init(lua_State *L)
{
	lua_newtable(L);
	lua_newtable(L);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &MARKS_KEY);
}

/* report(message, field) handed to a plugin's check(). */
static int check_report(lua_State *L)
{
	struct loader *ld = loader_of(L);
	int qline = (int)lua_tointeger(L, lua_upvalueindex(2));
	const char *msg = luaL_checkstring(L, 1);
	int line = qline;

	if (lua_type(L, 2) == LUA_TSTRING) {
		line = field_line(ld->src, qline, lua_tostring(L, 2));
	} else if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "line");
		if (lua_rawget(L, 2) == LUA_TNUMBER)
			line = (int)lua_tointeger(L, -1);
		lua_pop(L, 1);
	}
	diag_add(ld->d, DIAG_ERROR, ld->file, line, "%s", msg);
	return 0;
}

/* Looks up each question's type and lets its plugin check and size it. */
static void check_questions(struct loader *ld)
{
	lua_State *L = sandbox_state(ld->sb);
	size_t i;

	for (i = 0; i < ld->m->nsteps; i++) {
		struct step *s = &ld->m->steps[i];
		char *msg = NULL;
		size_t before = ld->d->errors;

		if (s->kind != STEP_QUESTION)
			continue;
		s->unsure |= UNSURE_POINTS;	/* until max() says */
		if (!s->type || !s->text)
			continue;
		if (plugin_push_question(ld->sb, ld->plugin_dirs, s->type,
					 &msg) < 0) {
			field_error(ld, s->line, "type", "%s", msg);
			free(msg);
			continue;
		}
		lua_getfield(L, -1, "input");
		s->input = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		s->plugin_ref = luaL_ref(L, LUA_REGISTRYINDEX);
		/* check(q, report) */
		lua_rawgeti(L, LUA_REGISTRYINDEX, s->q_ref);
		lua_pushlightuserdata(L, ld);
		lua_pushinteger(L, s->line);
		lua_pushcclosure(L, check_report, 2);
		if (plugin_question_check(ld->sb, &msg) < 0) {
			diag_add_lua(ld->d, DIAG_ERROR, ld->file, s->line,
				     msg);
			free(msg);
			lua_pop(L, 1);
			continue;
		}
		if (ld->d->errors > before) {
			lua_pop(L, 1);
			continue;
		}
		/* max(q) */
		lua_rawgeti(L, LUA_REGISTRYINDEX, s->q_ref);
		if (plugin_question_max(ld->sb, &msg) < 0) {
			diag_add_lua(ld->d, DIAG_ERROR, ld->file, s->line,
				     msg);
			free(msg);
		} else {
			lua_Integer v;
			if (!lua_isinteger(L, -1) ||
			    (v = lua_tointeger(L, -1)) < 0 || v > 1000) {
				errorf(ld, s->line, "the '%s' plugin's max() "
				       "must return a whole number from 0 to "
				       "1000", s->type);
			} else {
				s->max = (int)v;
				s->unsure &= ~(unsigned)UNSURE_POINTS;
			}
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
}

/* Resolves each choice's go to a step index, suggesting near misses. */
static void check_gos(struct loader *ld)
{
	struct module *m = ld->m;
	const char **ids = xcalloc(m->nsteps + 1, sizeof(*ids));
	size_t i, j;

	for (i = 0; i < m->nsteps; i++)
		ids[i] = m->steps[i].id;
	for (i = 0; i < m->nsteps; i++) {
		for (j = 0; j < m->steps[i].nchoices; j++) {
			struct choice *c = &m->steps[i].choices[j];
			char *s;

			if (!c->go)
				continue;
			c->go_step = module_step_index(m, c->go);
			if (c->go_step >= 0)
				continue;
			m->steps[i].unsure |= UNSURE_WAYS;
			/* the step may have been after the code stopped */
			if (m->stopped)
				continue;
			s = suggest(c->go, ids, m->nsteps);
			field_error(ld, c->line, "go", "go = \"%s\": there is "
				    "no step with that id%s", c->go, s);
			free(s);
		}
	}
	free(ids);
}

/* Renders each step's and choice's text to HTML once, here at load, so
 * that front ends never run cmark on pack text per request. */
static void render_texts(struct loader *ld)
{
	size_t i, j;

	for (i = 0; i < ld->m->nsteps; i++) {
		struct step *s = &ld->m->steps[i];

		if (s->text && !(s->html = md_to_html_kept(s->text,
							   strlen(s->text))))
			errorf(ld, s->line, "this text cannot be rendered");
		for (j = 0; j < s->nchoices; j++) {
			struct choice *c = &s->choices[j];

			if (c->text &&
			    !(c->html = md_to_html_kept(c->text,
							strlen(c->text))))
				errorf(ld, c->line, "this choice's text cannot "
				       "be rendered");
		}
	}
}

/*
 * Loads module mi into a fresh sandbox, going on past mistakes as far as
 * it can: NULL only when Lua cannot start.  Errors go to d.
 */
static struct module *module_read(const struct pack *p, size_t mi,
				  const struct strv *plugin_dirs,
				  struct diags *d)
{
	static const luaL_Reg words[] = {
		{ "module", dsl_module },   { "page", dsl_page },
		{ "scene", dsl_scene },     { "question", dsl_question },
		{ "reflect", dsl_reflect }, { "finish", dsl_finish },
		{ "choice", dsl_choice },   { "right", dsl_right },
		{ "wrong", dsl_wrong },	    { "file", dsl_file },
		{ NULL, NULL }
	};
	const struct pack_module *pm = &p->modules[mi];
	struct loader ld = { 0 };
	struct module *m = xcalloc(1, sizeof(*m));
	size_t i;

	m->id = xstrdup(pm->id);
	m->file = xstrdup(pm->file);
	m->pass_mark = 80;
	m->sb = sandbox_new();
	if (!m->sb) {
		diag_add(d, DIAG_ERROR, pm->file, 0, "cannot start Lua");
		module_free(m);
		return NULL;
	}
	ld.sb = m->sb;
	ld.d = d;
	ld.dir = p->dir;
	ld.file = pm->file;
	ld.plugin_dirs = plugin_dirs;
	ld.m = m;
	marks_init(sandbox_state(m->sb));
	m->stopped = run_file(&ld, pm->file, words) < 0;
	/* What a stopped file did not reach is not missing: it was never
	 * read.  Nor are the plugins run on its state, which may be spent. */
	if (!m->stopped && !ld.module_seen)
		errorf(&ld, 1, "the module file must start with module { "
		       "title = ..., minutes = ..., pass_mark = ... }");
	if (!m->stopped && m->nsteps == 0)
		errorf(&ld, 0, "the module has no steps");
	check_gos(&ld);
	if (!m->stopped)
		check_questions(&ld);
	else
		for (i = 0; i < m->nsteps; i++)
			m->steps[i].unsure |= UNSURE_POINTS;
	render_texts(&ld);
	free((char *)ld.src);
	free(ld.lines);
	return m;
}

struct module *module_load(const struct pack *p, size_t mi,
			   const struct strv *plugin_dirs, struct diags *d)
{
	size_t before = d->errors;
	struct module *m = module_read(p, mi, plugin_dirs, d);

	if (m && d->errors > before) {
		module_free(m);
		return NULL;
	}
	return m;
}

void module_free(struct module *m)
{
	size_t i, j;

	if (!m)
		return;
	for (i = 0; i < m->nsteps; i++) {
		struct step *s = &m->steps[i];

		for (j = 0; j < s->nchoices; j++) {
			free(s->choices[j].text);
			free(s->choices[j].html);
			free(s->choices[j].feedback);
			free(s->choices[j].go);
		}
		free(s->choices);
		free(s->id);
		free(s->text);
		free(s->html);
		free(s->type);
		free(s->input);
	}
	free(m->steps);
	free(m->id);
	free(m->file);
	free(m->title);
	sandbox_free(m->sb);
	free(m);
}

int module_step_index(const struct module *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->nsteps; i++)
		if (m->steps[i].id && !strcmp(m->steps[i].id, id))
			return (int)i;
	return -1;
}

/* ---- the pack as a whole ----------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the pack's files (relative paths), skipping dot files, and,
 * when folders is not NULL, the folders it looked in below root. */
static int list_files(const char *root, const char *rel, struct strv *out,
		      struct strv *folders, int depth)
{
	char *path = rel ? path_join(root, rel) : xstrdup(root);
	DIR *dir = opendir(path);
	struct dirent *e;

	if (!dir) {
		free(path);
		return -1;
	}
	while ((e = readdir(dir))) {
		char *r, *full;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		r = rel ? path_join(rel, e->d_name) : xstrdup(e->d_name);
		full = path_join(root, r);
		if (lstat(full, &st) == 0) {
			if (S_ISREG(st.st_mode))
				strv_push(out, r);
			else if (S_ISDIR(st.st_mode) && depth < 8) {
				if (folders)
					strv_push(folders, r);
				list_files(root, r, out, folders, depth + 1);
			}
		}
		free(full);
		free(r);
	}
	closedir(dir);
	free(path);
	return 0;
}

void pack_files(const char *dir, struct strv *out)
{
	list_files(dir, NULL, out, NULL, 0);
	if (out->n)	/* qsort's array must not be NULL, even when empty */
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

void pack_folders(const char *dir, struct strv *out)
{
	struct strv files = STRV_INIT;

	list_files(dir, NULL, &files, out, 0);
	strv_free(&files);
}

int pack_dir_hash(const char *dir, char hex[65], struct diags *d)
{
	crypto_hash_sha256_state st;
	unsigned char out[crypto_hash_sha256_BYTES];
	struct strv files = STRV_INIT;
	size_t i;
	int ret = 0;

	pack_files(dir, &files);
	crypto_hash_sha256_init(&st);
	for (i = 0; i < files.n; i++) {
		char *path = path_join(dir, files.v[i]), *data, size[32];
		size_t len;

		if (read_file(path, 64u << 20, &data, &len) < 0) {
			diag_add(d, DIAG_ERROR, path, 0, "cannot read: %s",
				 strerror(errno));
			free(path);
			ret = -1;
			continue;
		}
		snprintf(size, sizeof(size), "%zu", len);
		crypto_hash_sha256_update(&st, (unsigned char *)files.v[i],
					  strlen(files.v[i]) + 1);
		crypto_hash_sha256_update(&st, (unsigned char *)size,
					  strlen(size) + 1);
		crypto_hash_sha256_update(&st, (unsigned char *)data, len);
		free(data);
		free(path);
	}
	crypto_hash_sha256_final(&st, out);
	sodium_bin2hex(hex, 65, out, sizeof(out));
	strv_free(&files);
	return ret;
}

struct pack *pack_load(const char *dir, const struct strv *plugin_dirs,
		       struct diags *d)
{
	return pack_load_each(dir, plugin_dirs, d, NULL, NULL);
}

struct pack *pack_load_each(const char *dir, const struct strv *plugin_dirs,
			    struct diags *d,
			    void (*each)(struct module *m, void *ctx),
			    void *ctx)
{
	static const luaL_Reg words[] = { { "pack", dsl_pack },
					  { "file", dsl_file },
					  { NULL, NULL } };
	struct loader ld = { 0 };
	struct pack *p = xcalloc(1, sizeof(*p));
	size_t i, before;
	int ok;

	p->refs = 1;
	p->dir = xstrdup(dir);
	p->file = path_join(dir, "pack.lua");
	ld.sb = sandbox_new();
	if (!ld.sb) {
		diag_add(d, DIAG_ERROR, p->file, 0, "cannot start Lua");
		pack_free(p);
		return NULL;
	}
	ld.d = d;
	ld.dir = dir;
	ld.file = p->file;
	ld.pack = p;
	ok = run_file(&ld, p->file, words) == 0;
	free((char *)ld.src);
	free(ld.lines);
	sandbox_free(ld.sb);
	if (!ld.pack_seen) {
		if (ok)
			diag_add(d, DIAG_ERROR, p->file, 0, "pack.lua must "
				 "describe the pack: pack { id = ..., ... }");
		pack_free(p);
		return NULL;
	}
	for (i = 0; i < p->nmodules; i++) {
		struct pack_module *pm = &p->modules[i];
		struct module *m;
		struct stat st;

		if (stat(pm->file, &st) != 0) {
			diag_add(d, DIAG_ERROR, p->file, pm->line,
				 "module '%s' is listed but its file %s does "
				 "not exist", pm->id, pm->file);
			continue;
		}
		before = d->errors;
		m = each ? module_read(p, i, plugin_dirs, d) :
			   module_load(p, i, plugin_dirs, d);
		if (!m)
			continue;
		if (d->errors == before) {
			pm->title = xstrdup(m->title ? m->title : pm->id);
			pm->minutes = m->minutes;
			pm->pass_mark = m->pass_mark;
			pm->nsteps = m->nsteps;
		}
		if (each)
			each(m, ctx);
		module_free(m);
	}
	pack_dir_hash(p->dir, p->hash, d);
	return p;
}

struct pack *pack_ref(struct pack *p)
{
	__atomic_add_fetch(&p->refs, 1, __ATOMIC_RELAXED);
	return p;
}

void pack_free(struct pack *p)
{
	size_t i;

	if (!p || __atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (i = 0; i < p->nsources; i++) {
		free(p->sources[i].title);
		free(p->sources[i].date);
		free(p->sources[i].url);
	}
	free(p->sources);
	for (i = 0; i < p->nmodules; i++) {
		free(p->modules[i].id);
		free(p->modules[i].file);
		free(p->modules[i].title);
	}
	free(p->modules);
	free(p->dir);
	free(p->file);
	free(p->id);
	free(p->title);
	free(p->version);
	free(p->language);
	free(p->summary);
	free(p->audience);
	free(p);
}

int pack_module_index(const struct pack *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nmodules; i++)
		if (!strcmp(p->modules[i].id, id))
			return (int)i;
	return -1;
}

char *pack_find(const struct strv *pack_dirs, const char *id)
{
	size_t i;

	if (!is_slug(id))
		return NULL;
	for (i = 0; i < pack_dirs->n; i++) {
		char *dir = path_join(pack_dirs->v[i], id);
		char *file = path_join(dir, "pack.lua");
		struct stat st;
		int found = stat(file, &st) == 0 && S_ISREG(st.st_mode);

		free(file);
		if (found)
			return dir;
		free(dir);
	}
	return NULL;
}

void pack_list(const struct strv *pack_dirs, struct strv *out)
{
	struct strv seen = STRV_INIT;
	size_t i, j, k;

	for (i = 0; i < pack_dirs->n; i++) {
		struct strv names = STRV_INIT;
		DIR *dir = opendir(pack_dirs->v[i]);
		struct dirent *e;

		if (!dir)
			continue;
		while ((e = readdir(dir)))
			if (e->d_name[0] != '.')
				strv_push(&names, e->d_name);
		closedir(dir);
		if (names.n)	/* not NULL for qsort, even when empty */
			qsort(names.v, names.n, sizeof(*names.v), cmp_str);
		for (j = 0; j < names.n; j++) {
			char *pdir = path_join(pack_dirs->v[i], names.v[j]);
			char *file = path_join(pdir, "pack.lua");
			struct stat st;

			for (k = 0; k < seen.n && strcmp(seen.v[k], names.v[j]);
			     k++)
				;
			if (k == seen.n && stat(file, &st) == 0 &&
			    S_ISREG(st.st_mode)) {
				strv_push(&seen, names.v[j]);
				strv_push(out, pdir);
			}
			free(file);
			free(pdir);
		}
		strv_free(&names);
	}
	strv_free(&seen);
}

void pack_dirs(const struct strv *opt_dirs, struct strv *out)
{
	strv_search_path(out, opt_dirs, "VIGIL_PACKS", VIGIL_PACKDIR);
}
