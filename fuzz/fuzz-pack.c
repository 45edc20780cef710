/*
 * fuzz-pack.c - the pack loader: pack.lua and one module file, as an
 * author might write them, through pack_load() and module_load() with the
 * repository's own question plugins.
 *
 * The input is pack.lua, a line FUZZ_PACK_SEP, then the module's source,
 * which is written as m.lua (fuzz/seed.sh makes the seeds' pack.lua list
 * the one module "m").  The loader reads a folder, so both files go into a
 * private folder made once per process and rewritten for each input.
 */
#define _GNU_SOURCE	/* memmem */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "pack.h"
#include "strv.h"
#include "util.h"

#define FUZZ_PACK_SEP "\n--8<-- m.lua\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/vigil-fuzz-pack-XXXXXX";
static struct strv plugins = STRV_INIT;

/* Removes the folder at exit. */
static void remove_dir(void)
{
	char *f;

	f = path_join(dir, "pack.lua");
	unlink(f);
	free(f);
	f = path_join(dir, "m.lua");
	unlink(f);
	free(f);
	rmdir(dir);
}

/* Makes the folder once and finds the plugins: $VIGIL_PLUGINS, or the
 * source tree's. */
static void setup(void)
{
	const char *env = getenv("VIGIL_PLUGINS");

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	atexit(remove_dir);
	strv_push(&plugins, env && *env ? env : FUZZ_SRCDIR "/plugins");
}

/* Writes data[0..len) as the folder's file name. */
static void put(const char *name, const uint8_t *data, size_t len)
{
	char *path = path_join(dir, name);
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		abort();
	}
	free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const uint8_t *sep;
	size_t plen, i;
	struct diags d = DIAGS_INIT;
	struct pack *p;

	if (!ready) {
		setup();
		ready = 1;
	}
	sep = memmem(data, size, FUZZ_PACK_SEP, strlen(FUZZ_PACK_SEP));
	plen = sep ? (size_t)(sep - data) : size;
	put("pack.lua", data, plen);
	if (sep)
		put("m.lua", sep + strlen(FUZZ_PACK_SEP),
		    size - plen - strlen(FUZZ_PACK_SEP));
	else
		put("m.lua", (const uint8_t *)"", 0);

	p = pack_load(dir, &plugins, &d);
	for (i = 0; p && i < p->nmodules; i++) {
		struct module *m = module_load(p, i, &plugins, &d);

		if (m)
			(void)module_step_index(m, "start");
		module_free(m);
	}
	pack_free(p);
	diag_free(&d);
	return 0;
}
