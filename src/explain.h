/*
 * explain.h - Lua's messages about an author's file, said in plain words
 * when the source shows which everyday mistake caused them.
 */
#ifndef VIGIL_EXPLAIN_H
#define VIGIL_EXPLAIN_H

#include <stddef.h>

/*
 * msg is an error "FILE:LINE: text" that Lua gave on loading or running
 * src.  Returns "FILE:LINE: plain words", the line moved to where the
 * mistake is, malloc'd; or NULL when the source does not show the mistake
 * for certain, and Lua's own message should stand.
 */
char *explain_lua_error(const char *src, size_t len, const char *msg);

#endif
