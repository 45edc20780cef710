/*
 * packcache.h - loaded packs kept per process, for the web server.
 *
 * Loading a pack runs every module in a sandbox to validate it; a server
 * that did that on every request spent its time there (doc/performance.md).
 * A cached pack is used again while its files are unchanged: inotify
 * watches the folder and those under it, and the folder's path must still
 * name the same folder (a release switched by a symbolic link).  When
 * either says something happened, or inotify is not there, the files are
 * hashed, as pack_load does: the same hash keeps the pack, another loads it
 * again.  Thread-safe.
 */
#ifndef VIGIL_PACKCACHE_H
#define VIGIL_PACKCACHE_H

#include "pack.h"
#include "strv.h"

/*
 * The pack in dir, as pack_load would give it now, with *broken set when
 * it has errors.  Returns a reference the caller drops with pack_free, or
 * NULL when there is no pack there (pack_load gave NULL, or it has no id).
 */
struct pack *pack_cache_load(const char *dir, const struct strv *plugin_dirs,
			     int *broken);

#endif
