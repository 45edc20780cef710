/*
 * pack-words.c - the pack format's words (SPEC §2): pack and module, and
 * the steps a module is made of (page, scene, question, reflect, finish,
 * choice, right, wrong) and file.  Each is a C function that checks what
 * the author wrote as it runs and records it; Lua values are read with raw
 * accesses only, so no metatable of the author's runs here.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "markdown.h"
#include "pack-internal.h"
#include "util.h"

/* Registry key of the weak table that marks choice/right/wrong tables. */
static const char MARKS_KEY = 'm';

/* A table marked MARK_STEP is what a step word returns: found inside
 * another step's braces, it is a step written inside that step. */
enum mark { MARK_CHOICE = 1, MARK_RIGHT, MARK_WRONG, MARK_STEP };

/* ---- pack.lua ---------------------------------------------------------- */

/* Reads pack { sources = { ... } }. */
static void pack_sources(struct loader *ld, lua_State *L, int t, int line)
{
	static const char *const names[] = { "title", "date", "url" };
	struct pack *p = ld->pack;
	int sline = field_line(ld->src, line, "sources");
	lua_Integer i, n;
	time_t day;

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
		/* a day of the calendar, as written: 2024-02-31 is none */
		if (s->date && (strlen(s->date) != DATE_LEN - 1 ||
				parse_time(s->date, &day) < 0))
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
		s->when_line = field_line(ld->src, s->line, "when");
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
	*line = (int)(v >> 3);
	return (int)(v & 7);
}

/* Marks the table on top as a choice/right/wrong made on line. */
static void mark_set(lua_State *L, enum mark mark, int line)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &MARKS_KEY);
	lua_pushvalue(L, -2);
	lua_pushinteger(L, ((lua_Integer)line << 3) | mark);
	lua_rawset(L, -3);
	lua_pop(L, 1);
}

/* Returns the mark of the step just made on line, holding its index: the
 * value of a step word, which only a step written inside another sees. */
static int step_made(struct loader *ld, lua_State *L, int line)
{
	lua_createtable(L, 1, 0);
	lua_pushinteger(L, (lua_Integer)ld->m->nsteps - 1);
	lua_rawseti(L, -2, 1);
	mark_set(L, MARK_STEP, line);
	return 1;
}

/* What the author calls the step whose mark is on top of the stack. */
static const char *step_noun(const struct loader *ld, lua_State *L)
{
	lua_Integer i;
	int isnum;

	lua_rawgeti(L, -1, 1);
	i = lua_tointegerx(L, -1, &isnum);
	lua_pop(L, 1);
	if (isnum && i >= 0 && (size_t)i < ld->m->nsteps) {
		const struct step *s = &ld->m->steps[i];

		switch (s->kind) {
		case STEP_PAGE:
			return "page";
		case STEP_SCENE:
			return "scene";
		case STEP_FINISH:
			return "finish";
		case STEP_QUESTION:
			return s->type && !strcmp(s->type, "reflect") ?
				       "reflect" : "question";
		}
	}
	return "step";
}

/* Reports the step whose mark is on top of the stack, made on mline,
 * written inside a noun made on line. */
static void step_inside(struct loader *ld, lua_State *L, int mline,
			const char *noun, int line)
{
	errorf(ld, mline, "this %s is inside the %s that starts on line %d: "
	       "end the %s with } before it", step_noun(ld, L), noun, line,
	       noun);
}

/*
 * Reports each step written inside the braces of the table at t, a noun
 * made on line, and takes it out, so that the table is read as the author
 * meant it.  Such a step is a wrong fix of a missing }: as the last entry
 * it would otherwise vanish without a word.  With inner set, the choices
 * and options in the table are looked into too (one level: a choice holds
 * no choices).
 */
static void steps_inside(struct loader *ld, lua_State *L, int t,
			 const char *noun, int line, int inner)
{
	lua_Integer i, j, n;
	int mline, mark;

	t = lua_absindex(L, t);
	n = (lua_Integer)lua_rawlen(L, t);
	for (i = j = 1; i <= n; i++) {
		mark = 0;
		if (lua_rawgeti(L, t, i) == LUA_TTABLE)
			mark = mark_of(L, -1, &mline);
		if (inner && (mark == MARK_CHOICE || mark == MARK_RIGHT ||
			      mark == MARK_WRONG))
			steps_inside(ld, L, -1, mark == MARK_CHOICE ?
				     "choice" : "option", mline, 0);
		if (mark == MARK_STEP) {
			step_inside(ld, L, mline, noun, line);
			lua_pop(L, 1);
			continue;
		}
		if (i != j)
			lua_rawseti(L, t, j);
		else
			lua_pop(L, 1);
		j++;
	}
	for (; j <= n; j++) {
		lua_pushnil(L);
		lua_rawseti(L, t, j);
	}
	lua_pushnil(L);
	while (lua_next(L, t)) {
		if (lua_type(L, -2) == LUA_TSTRING &&
		    lua_type(L, -1) == LUA_TTABLE &&
		    mark_of(L, -1, &mline) == MARK_STEP) {
			step_inside(ld, L, mline, noun, line);
			lua_pushvalue(L, -2);
			lua_pushnil(L);
			lua_rawset(L, t);
		}
		lua_pop(L, 1);
	}
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
		return step_made(ld, L, line);
	}
	if (lua_type(L, 1) != LUA_TTABLE)
		return luaL_error(L, "%s needs Markdown text or a table", what);
	steps_inside(ld, L, 1, kind == STEP_PAGE ? "page" : "finish", line,
		     1);
	check_fields(ld, L, 1, line, what, names, ARRAY_SIZE(names), 1);
	id = step_id(ld, L, 1, line, NULL);
	s = add_step(ld, kind, id, line);
	free(id);
	s->text = step_text(ld, L, 1, line, what);
	if (lua_rawlen(L, 1) > 1)
		errorf(ld, line, "%s takes one text; make another step for "
		       "more", what);
	step_when(ld, L, 1, s);
	return step_made(ld, L, line);
}

static int dsl_page(lua_State *L)
{
	return dsl_textstep(L, STEP_PAGE, "a page");
}

/* One outcome's text of finish { passed = ..., not_passed = ... }. */
static char *finish_text(struct loader *ld, lua_State *L, int line,
			 const char *key)
{
	char *text = NULL;

	if (lua_getfield(L, 1, key) == LUA_TSTRING) {
		text = xstrdup(lua_tostring(L, -1));
		check_text_chars(ld, L, -1, line, "the finish");
		check_text(ld, line, key, "the finish", text);
	} else {
		errorf(ld, line, "the finish needs %s = [[text]] for a "
		       "learner who %s, beside %s = [[...]]", key,
		       !strcmp(key, "passed") ? "passed" : "did not pass",
		       !strcmp(key, "passed") ? "not_passed" : "passed");
	}
	lua_pop(L, 1);
	return text;
}

/*
 * finish [[text]], shown whatever the outcome, or finish { passed =
 * [[...]], not_passed = [[...]] }, a text for each (SPEC §2), so that a
 * learner who did not pass is never told "well done".
 */
static int dsl_finish(lua_State *L)
{
	static const char *const names[] = { "id", "when", "passed",
					     "not_passed" };
	struct loader *ld = loader_of(L);
	int line = sandbox_caller_line(L);
	struct step *s;
	char *id;

	if (lua_type(L, 1) != LUA_TTABLE ||
	    (lua_getfield(L, 1, "passed") == LUA_TNIL &&
	     lua_getfield(L, 1, "not_passed") == LUA_TNIL)) {
		if (lua_type(L, 1) == LUA_TTABLE)
			lua_pop(L, 2);
		return dsl_textstep(L, STEP_FINISH, "the finish");
	}
	lua_settop(L, 1);
	steps_inside(ld, L, 1, "finish", line, 1);
	check_fields(ld, L, 1, line, "the finish", names, ARRAY_SIZE(names),
		     0);
	id = step_id(ld, L, 1, line, NULL);
	s = add_step(ld, STEP_FINISH, id, line);
	free(id);
	s->text = finish_text(ld, L, line, "passed");
	s->text_not_passed = finish_text(ld, L, line, "not_passed");
	if (lua_rawlen(L, 1) > 0)
		errorf(ld, line, "the finish has a text for each outcome "
		       "(passed, not_passed), so it takes no other");
	step_when(ld, L, 1, s);
	return step_made(ld, L, line);
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
			c->set_line = field_line(ld->src, line, "set");
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
	steps_inside(ld, L, 1, "scene", line, 1);
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
	return step_made(ld, L, line);
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
	steps_inside(ld, L, 1, type && !strcmp(type, "reflect") ? "reflect" :
		     "question", line, 1);
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
	return step_made(ld, L, line);
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
	lua_call(L, 1, 1);
	return 1;
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
 * file "name.md": the text of a file of the pack, inside the pack only.
 * A mistake is reported at the line that calls file and the text is taken
 * as empty, so that loading goes on to the author's other mistakes.
 */
static int dsl_file(lua_State *L)
{
	struct loader *ld = loader_of(L);
	const char *name = luaL_checkstring(L, 1);
	int line = sandbox_caller_line(L);
	char *path, *text;
	size_t len;

	if (!*name || name[0] == '/' || strstr(name, "..") ||
	    strchr(name, '\\')) {
		errorf(ld, line, "file '%s' must be a relative path inside the "
		       "pack, without '..'", name);
		goto empty;
	}
	path = path_join(ld->dir, name);
	if (!pack_inside(ld->dir, path)) {
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
	check_file_chars(ld, path, &text, &len);
	free(path);
	lua_pushlstring(L, text, len);
	free(text);
	return 1;
empty:
	lua_pushliteral(L, "");
	return 1;
}

/* The weak table of marks lives in the registry of each sandbox, made
 * before the first word runs. */
void pack_words_init(lua_State *L)
{
	lua_newtable(L);
	lua_newtable(L);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &MARKS_KEY);
}

const luaL_Reg pack_words_pack[] = {
	{ "pack", dsl_pack }, { "file", dsl_file }, { NULL, NULL }
};

const luaL_Reg pack_words_module[] = {
	{ "module", dsl_module },   { "page", dsl_page },
	{ "scene", dsl_scene },     { "question", dsl_question },
	{ "reflect", dsl_reflect }, { "finish", dsl_finish },
	{ "choice", dsl_choice },   { "right", dsl_right },
	{ "wrong", dsl_wrong },	    { "file", dsl_file },
	{ NULL, NULL }
};
