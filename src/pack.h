/*
 * pack.h - content packs: pack.lua and module files, loaded and validated.
 *
 * A pack is a folder (SPEC §2).  pack_load() reads pack.lua and every module
 * and reports each problem as a diagnostic with the author's file and line;
 * it keeps going after a problem so that one run shows them all.
 * module_load() runs one module file in a sandbox and leaves its steps there,
 * ready for a session (session.h) to step through.
 */
#ifndef VIGIL_PACK_H
#define VIGIL_PACK_H

#include <stddef.h>
#include "diag.h"
#include "strv.h"

struct sandbox;
struct module;

struct pack_source {
	char *title, *date, *url;
};

/* What pack.lua says of a module, plus what loading its file found. */
struct pack_module {
	char *id;
	char *file;	/* DIR/ID.lua, as shown in messages */
	int line;	/* where pack.lua lists it */
	char *title;	/* NULL if the module did not load */
	int minutes, pass_mark;
	size_t nsteps;
};

struct pack {
	char *dir;
	char *file;	/* DIR/pack.lua */
	int id_line;	/* where pack.lua gives the id */
	char *id, *title, *version, *language, *summary, *audience;
	int renew_after_days;	/* 0: completions never expire */
	struct pack_source *sources;
	size_t nsources;
	struct pack_module *modules;
	size_t nmodules;
	char hash[65];	/* SHA-256 of the pack's files, hex */
	int refs;	/* pack_free frees the pack when the last goes */
};

/*
 * Loads and validates the pack in dir, looking up question types in
 * plugin_dirs.  Problems go to d.  Returns the pack (which may be partial
 * when d holds errors), or NULL when there is no pack to speak of (no
 * readable pack.lua, or it never calls pack { }).
 */
struct pack *pack_load(const char *dir, const struct strv *plugin_dirs,
		       struct diags *d);

/*
 * The same, handing each module to each(m, ctx) before it is freed, so
 * that a caller that looks at every module (`pack check`'s lint) need not
 * load them again.  A module with errors is handed over too, holding the
 * steps that did load, each marked with what its mistakes leave unknown
 * (enum step_unsure), and m->stopped set when its code stopped early.
 */
struct pack *pack_load_each(const char *dir, const struct strv *plugin_dirs,
			    struct diags *d,
			    void (*each)(struct module *m, void *ctx),
			    void *ctx);
/* A pack is shared read-only (packcache.h): pack_ref takes another
 * reference, and pack_free drops one, freeing the pack with the last. */
struct pack *pack_ref(struct pack *p);
void pack_free(struct pack *p);

/*
 * The pack's hash as pack_load computes it: SHA-256 over every file's path,
 * size and bytes, in path order (dot files left out).  Returns 0, or -1
 * after putting a file that cannot be read in d.
 */
int pack_dir_hash(const char *dir, char hex[65], struct diags *d);

/* The files of the pack folder dir, as paths relative to it, sorted. */
void pack_files(const char *dir, struct strv *out);

/* The folders below dir that pack_files looks in, relative to it. */
void pack_folders(const char *dir, struct strv *out);

/* Index of the module with this id, or -1. */
int pack_module_index(const struct pack *p, const char *id);

/*
 * Finds the pack with this id in the search folders (each folder holds pack
 * folders).  Returns the pack's folder (malloc'd) or NULL.
 */
char *pack_find(const struct strv *pack_dirs, const char *id);

/* The pack search folders: --packs, $VIGIL_PACKS, the installed one. */
void pack_dirs(const struct strv *opt_dirs, struct strv *out);

/*
 * Lists the pack folders (those with a pack.lua) under the search folders,
 * earlier folders first; a pack id found twice is listed once (the first).
 */
void pack_list(const struct strv *pack_dirs, struct strv *out);

enum step_kind { STEP_PAGE, STEP_SCENE, STEP_QUESTION, STEP_FINISH };

struct choice {
	char *text;		/* Markdown */
	char *html;		/* text rendered once at load */
	char *feedback;		/* Markdown or NULL */
	char *go;		/* step id or NULL */
	int go_step;		/* index of go, or -1 */
	int score;
	int set_ref;		/* registry ref of the set table, or LUA_NOREF */
	int line;
	int set_line;		/* where its set = { } is written */
};

/*
 * What a mistake in a step leaves unknown, so that `pack check`'s lint
 * (lint.h) can still look at the module without guessing: where the step
 * leads (a go to no step, a scene without choices), whether it may be
 * skipped (a when that is not a function), or the points it gives (a
 * question its plugin could not check).
 */
enum step_unsure {
	UNSURE_WAYS = 1,
	UNSURE_WHEN = 2,
	UNSURE_POINTS = 4
};

struct step {
	enum step_kind kind;
	unsigned unsure;	/* enum step_unsure bits; 0 in a module that
				 * loaded without error */
	char *id;
	int line;
	char *text;		/* Markdown; a finish's for a pass, or for
				   either outcome when it has only one */
	char *html;		/* text rendered once at load (NULL if no text) */
	char *text_not_passed;	/* a finish's for a result below the pass
				   mark, when it has one (else NULL) */
	char *html_not_passed;
	int when_ref;		/* registry ref of the when function, or LUA_NOREF */
	int when_line;		/* where its when = is written */
	/* scenes */
	struct choice *choices;
	size_t nchoices;
	/* questions */
	char *type;
	int q_ref;		/* registry ref of the normalised question table */
	int plugin_ref;		/* registry ref of the plugin's table */
	char *input;		/* "one", "many", "order" or "text" */
	int max;		/* most points the step can give */
};

struct module {
	char *id, *file;
	int line;		/* of module { } */
	char *title;
	int minutes, pass_mark;
	struct step *steps;
	size_t nsteps;
	int stopped;		/* its code stopped with an error, so steps
				 * after that point are missing */
	struct sandbox *sb;	/* holds the refs above; owned */
};

/*
 * Loads module index mi of pack p into a fresh sandbox.  Problems go to d;
 * returns NULL if the module has any error.
 */
struct module *module_load(const struct pack *p, size_t mi,
			   const struct strv *plugin_dirs, struct diags *d);
void module_free(struct module *m);

/* Index of the step with this id, or -1. */
int module_step_index(const struct module *m, const char *id);

#endif
