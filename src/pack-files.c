/*
 * pack-files.c - the pack folder: the files it holds, the rule that no
 * link leads out of it, its hash (which an attempt records), and finding
 * packs in the folders searched.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "pack-internal.h"
#include "util.h"

/* Links that stay inside the pack are the author's business; one out of it
 * would have Vigil read whatever file it names. */
int pack_inside(const char *dir, const char *path)
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
	strv_sort(out);
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
		strv_sort(&names);
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
