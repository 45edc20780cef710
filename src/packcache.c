/* packcache.c - loaded packs kept per process (packcache.h). */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_SYS_INOTIFY_H
#include <sys/inotify.h>
#endif

#include "packcache.h"
#include "sandbox.h"
#include "util.h"

struct cached {
	struct cached *next;
	char *dir;
	struct pack *p;		/* one reference is the cache's */
	int broken;
	int wfd;		/* inotify watching the folder, or -1 */
	int dirty;		/* it reported a change: check the hash */
	dev_t dev;		/* the folder dir named when p was checked */
	ino_t ino;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cached *cache;

#ifdef HAVE_SYS_INOTIFY_H
/* An inotify descriptor watching the pack folder dir, or -1. */
static int watch(const char *dir)
{
	const uint32_t mask = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE |
			      IN_CREATE | IN_DELETE | IN_MOVED_FROM |
			      IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF;
	struct strv folders = STRV_INIT;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	size_t i;

	if (fd < 0)
		return -1;
	/* The folder itself, then every one the hash reads files from. */
	if (inotify_add_watch(fd, dir, mask) < 0) {
		close(fd);
		return -1;
	}
	pack_folders(dir, &folders);
	for (i = 0; i < folders.n && fd >= 0; i++) {
		char *path = path_join(dir, folders.v[i]);

		if (inotify_add_watch(fd, path, mask) < 0) {
			close(fd);
			fd = -1;
		}
		free(path);
	}
	strv_free(&folders);
	return fd;
}

/* Nonzero if fd has seen a change (or cannot tell).  Lock held. */
static int seen_change(int fd)
{
	char ev[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n = read(fd, ev, sizeof(ev));

	return n != -1 || errno != EAGAIN;
}
#else
static int watch(const char *dir)
{
	(void)dir;
	return -1;
}

static int seen_change(int fd)
{
	(void)fd;
	return 1;
}
#endif

/*
 * The cached pack for dir if its files are unchanged (a new reference), or
 * NULL.  Unchanged: the folder is the one loaded, and the watch has seen
 * nothing (*same is set); else, the files hash the same as before.
 * *wfd is set to a new watch made before hashing, for keep(), or to -1.
 */
static struct pack *lookup(const char *dir, const struct stat *st,
			   int *broken, int *wfd, int *same)
{
	struct diags d = DIAGS_INIT;
	struct pack *p = NULL;
	struct cached *c;
	char hash[65];

	*wfd = -1;
	*same = 0;
	if (pthread_mutex_lock(&cache_lock))
		return NULL;
	for (c = cache; c && strcmp(c->dir, dir); c = c->next)
		;
	if (c) {
		p = pack_ref(c->p);
		*broken = c->broken;
		if (c->dev != st->st_dev || c->ino != st->st_ino ||
		    c->wfd < 0 || (!c->dirty && seen_change(c->wfd)))
			c->dirty = 1;
		*same = !c->dirty;
	}
	pthread_mutex_unlock(&cache_lock);
	if (!p || *same)
		return p;
	/* Watch first: a change made while hashing is then seen next time. */
	*wfd = watch(dir);
	if (pack_dir_hash(dir, hash, &d) < 0 || strcmp(hash, p->hash)) {
		pack_free(p);
		p = NULL;
	}
	diag_free(&d);
	return p;
}

/*
 * Keeps p (taking a reference) as the pack in dir, replacing any other,
 * with wfd (taken over) watching it and st what dir named before the watch
 * began (so that a folder switched meanwhile shows as a change).
 */
static void keep(const char *dir, const struct stat *st, struct pack *p,
		 int broken, int wfd)
{
	struct cached *c;

	if (pthread_mutex_lock(&cache_lock)) {
		if (wfd >= 0)
			close(wfd);
		return;
	}
	for (c = cache; c && strcmp(c->dir, dir); c = c->next)
		;
	if (!c) {
		c = xcalloc(1, sizeof(*c));
		c->dir = xstrdup(dir);
		c->wfd = -1;
		c->next = cache;
		cache = c;
	}
	if (c->p != p) {
		pack_free(c->p);
		c->p = pack_ref(p);
	}
	c->broken = broken;
	if (c->wfd >= 0)
		close(c->wfd);
	c->wfd = wfd;
	c->dirty = wfd < 0;
	c->dev = st->st_dev;
	c->ino = st->st_ino;
	pthread_mutex_unlock(&cache_lock);
}

struct pack *pack_cache_load(const char *dir, const struct strv *plugin_dirs,
			     int *broken)
{
	struct diags d = DIAGS_INIT;
	struct pack *p;
	struct stat st;
	int wfd, same;

	if (stat(dir, &st) < 0)
		return NULL;	/* no folder, no pack */
	p = lookup(dir, &st, broken, &wfd, &same);
	if (p && same)
		return p;
	if (!p) {
		struct sandbox_budget outer;

		if (wfd < 0)
			wfd = watch(dir);
		/* kept for every request: judged under a budget of its own,
		 * not what is left of this request's */
		sandbox_budget_enter(&outer);
		p = pack_load(dir, plugin_dirs, &d);
		sandbox_budget_leave(&outer);
		*broken = d.errors > 0;
		diag_free(&d);
		if (p && !p->id) {
			pack_free(p);
			p = NULL;
		}
	}
	if (p)
		keep(dir, &st, p, *broken, wfd);
	else if (wfd >= 0)
		close(wfd);
	return p;
}
