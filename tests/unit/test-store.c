/*
 * test-store.c - the store's rules about files: a database is only created
 * by store_open; store_is_own_file knows the database and the files beside
 * it by any name, whether or not they exist; ids are never used twice.
 * Prints TAP ("ok N - what"); exits 1 if any check failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "util.h"
#include "tap.h"

/* Nonzero when path exists. */
static int exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Checks store_is_own_file(st, dir/name) against want. */
static void own(struct store *st, const char *dir, const char *name, int want,
		const char *what)
{
	char *path = xasprintf("%s/%s", dir, name);

	check(!store_is_own_file(st, path) == !want, what);
	free(path);
}

/* Adds a learner, for its id (0 when it fails). */
static int64_t add(struct store *st, const char *ref)
{
	struct learner l = { 0 };
	char *msg = NULL;
	int64_t id;

	l.ref = xstrdup(ref);
	l.name = xstrdup("A Name");
	if (store_learner_add(st, &l, &msg) < 0) {
		fprintf(stderr, "%s\n", msg);
		free(msg);
		learner_clear(&l);
		return 0;
	}
	id = l.id;
	learner_clear(&l);
	return id;
}

int main(void)
{
	char dir[] = "/tmp/vigil-test-store.XXXXXX";
	struct forget_counts fc;
	struct store *st = NULL;
	char *db, *missing, *msg = NULL, *cmd;
	int64_t a, b, c;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	db = xasprintf("%s/vigil.db", dir);
	missing = xasprintf("%s/no/such.db", dir);

	check(store_open_existing(missing, &st, &msg) < 0 && !st,
	      "store_open_existing refuses a missing database");
	check(msg && strstr(msg, missing) != NULL, "naming its path");
	cmd = xasprintf("%s/no", dir);
	check(!exists(missing) && !exists(cmd), "and creates nothing");
	free(cmd);
	free(msg);
	msg = NULL;

	check(store_open(db, &st, &msg) == 0, "store_open creates one");
	own(st, dir, "vigil.db", 1, "the database is its own file");
	own(st, dir, "./vigil.db", 1, "by another name");
	own(st, dir, "no/../vigil.db", 0,
	    "a path through a missing folder names nothing");
	own(st, dir, "vigil.db-wal", 1, "so is its -wal (there while open)");
	own(st, dir, "vigil.db-journal", 1, "and its -journal, not there");
	own(st, dir, "vigil.db-shm", 1, "and its -shm");
	own(st, dir, "vigil.db.bak", 0, "another file is not");
	own(st, dir, "backup.db", 0, "nor one that is not there");
	cmd = xasprintf("%s/link.db", dir);
	check(symlink(db, cmd) == 0, "a symbolic link to it");
	own(st, dir, "link.db", 1, "is known for what it points to");
	free(cmd);

	a = add(st, "A");
	b = add(st, "B");
	check(a > 0 && b > a, "two learners");
	check(store_learner_forget(st, "B", &fc, &msg) == 1, "forget one");
	c = add(st, "C");
	check(c > b, "the next learner takes a new id, not the erased one's");

	store_close(st);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
	free(db);
	free(missing);
	free(msg);
	return tap_done();
}
