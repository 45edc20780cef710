/*
 * pack.c - loading content packs (SPEC §2) with author-facing diagnostics.
 *
 * Pack files are Lua run in a sandbox with the format's words
 * (pack-words.c), which check what the author wrote as it runs and record
 * steps; problems become diagnostics carrying the author's line, and
 * loading goes on so that one run reports every mistake.  Once a module
 * file has run, its questions are checked by their plugins, its ways
 * resolved and its texts rendered here.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lua.h>
#include <lauxlib.h>

#include "explain.h"
#include "markdown.h"
#include "pack-internal.h"
#include "plugin.h"
#include "util.h"

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
	char *msg;
	int r;

	/* the rule file follows: a link out of the pack would have Vigil
	 * read, and run, whatever file it names */
	if (!pack_inside(ld->dir, path)) {
		if (errno)
			errorf(ld, 0, "cannot read the file: %s",
			       strerror(errno));
		else
			errorf(ld, 0, "the file leads outside the pack (a link "
			       "to a file elsewhere); put the file itself in "
			       "the pack folder");
		return -1;
	}
	sandbox_push_env(ld->sb);
	push_words(L, ld, words);
	r = sandbox_run_file(ld->sb, path, 0, &ld->src, &ld->srclen, &msg);
	if (r == SANDBOX_UNREAD) {
		if (errno == EFBIG)
			errorf(ld, 0, "the file is larger than %u bytes",
			       SANDBOX_SOURCE_CAP);
		else
			errorf(ld, 0, "cannot read the file: %s",
			       strerror(errno));
		return -1;
	}
	if (r < 0) {
		char *plain = explain_lua_error(ld->src, ld->srclen, msg);

		diag_add_lua(ld->d, DIAG_ERROR, path, 0, plain ? plain : msg);
		free(plain);
		free(msg);
		return -1;
	}
	return 0;
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
			s = did_you_mean(c->go, ids, m->nsteps);
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
		if (s->text_not_passed &&
		    !(s->html_not_passed = md_to_html_kept(
			      s->text_not_passed, strlen(s->text_not_passed))))
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
	pack_words_init(sandbox_state(m->sb));
	m->stopped = run_file(&ld, pm->file, pack_words_module) < 0;
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
	free(ld.src);
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
		free(s->text_not_passed);
		free(s->html_not_passed);
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
	ok = run_file(&ld, p->file, pack_words_pack) == 0;
	free(ld.src);
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
