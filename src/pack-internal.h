/*
 * pack-internal.h - what the parts of the pack loader share: pack.c runs
 * each file of a pack, pack-words.c holds the format's words, pack-fields.c
 * reads the author's values with diagnostics, pack-files.c walks the pack
 * folder.  Nothing outside pack-*.c includes this.
 */
#ifndef VIGIL_PACK_INTERNAL_H
#define VIGIL_PACK_INTERNAL_H

#include <stddef.h>

#include <lua.h>
#include <lauxlib.h>

#include "diag.h"
#include "pack.h"
#include "sandbox.h"
#include "strv.h"

/* What the format's words need while one file runs. */
struct loader {
	struct sandbox *sb;
	struct diags *d;
	const char *dir;	/* the pack folder */
	const char *file;	/* the file running, as shown */
	char *src;		/* its source, to find the lines of fields */
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

/* The loader a word was registered with, its first upvalue. */
static inline struct loader *loader_of(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/* An error about field key of the construct at line. */
#define field_error(ld, line, key, ...) \
	errorf(ld, field_line((ld)->src, line, key), __VA_ARGS__)

/* ---- pack-fields.c: the author's values, checked ---------------------- */

int field_line(const char *src, int from, const char *key);
int string_line(const char *src, int from, const char *str);
int nth_table_line(const char *src, int from, int n);
void errorf(struct loader *ld, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int check_field_chars(struct loader *ld, lua_State *L, int line,
		      const char *key, const char *what);
int check_text_chars(struct loader *ld, lua_State *L, int idx, int line,
		     const char *what);
void check_fields(struct loader *ld, lua_State *L, int idx, int line,
		  const char *what, const char *const *names, size_t n,
		  int positional_ok);
char *get_string(struct loader *ld, lua_State *L, int idx, int line,
		 const char *key, const char *what, int required);
void get_int(struct loader *ld, lua_State *L, int idx, int line,
	     const char *key, const char *what, lua_Integer lo,
	     lua_Integer hi, int def, int *out);
int check_text(struct loader *ld, int line, const char *key,
	       const char *what, const char *text);
void check_file_chars(struct loader *ld, const char *path, char **text,
		      size_t *len);

/* ---- pack-words.c: the format's words --------------------------------- */

/* The words of pack.lua, and of a module file. */
extern const luaL_Reg pack_words_pack[];
extern const luaL_Reg pack_words_module[];

/* Makes the registry's weak table that marks choice/right/wrong tables. */
void pack_words_init(lua_State *L);

/* ---- pack-files.c: the pack folder ------------------------------------ */

/*
 * Nonzero when path, once its links are followed, is inside the pack
 * folder dir; else 0 with errno set (0 when it leads outside).
 */
int pack_inside(const char *dir, const char *path);

#endif
