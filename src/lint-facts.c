/*
 * lint-facts.c - the facts of a module (lint.h): what each `when` reads of
 * `state`, and what the choices' `set = { }` give it.
 *
 * A set table is data and is read as it is.  A when is a function: it is
 * called here with a stand-in for state that notes each fact read, once
 * with no fact set and once with every fact as some choice sets it, so
 * that a fact read only when another is set is seen too.  A fact read
 * that no choice sets is a misspelling, or a choice still to write: the
 * step behind it can never be shown as meant.  A fact set that no when
 * reads does nothing, which is no mistake by itself (a when may be still
 * to write): it is said only beside a fact read under a name close to it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "lint.h"
#include "pack.h"
#include "sandbox.h"
#include "util.h"

/* More facts than this from one when are a loop, not a condition. */
#define READS_CAP 200

struct facts {
	struct module *m;
	struct strv *reads;	/* per step: the facts its when read */
	struct strv set;	/* every fact some choice sets, sorted */
};

/* __index of the stand-in for state: notes the fact, and gives the value
 * of upvalue 2 for it (nil when that is not a table). */
static int note_read(lua_State *L)
{
	struct strv *reads = lua_touserdata(L, lua_upvalueindex(1));

	if (lua_type(L, 2) == LUA_TSTRING && reads->n < READS_CAP)
		strv_add_once(reads, lua_tostring(L, 2));
	if (lua_type(L, lua_upvalueindex(2)) != LUA_TTABLE)
		return 0;
	lua_pushvalue(L, 2);
	lua_rawget(L, lua_upvalueindex(2));
	return 1;
}

/* Collects the facts set and read, run by sandbox_run: it allocates on
 * the module's state, so only inside a protected call. */
static int collect(lua_State *L)
{
	struct facts *f = lua_touserdata(L, 1);
	struct module *m = f->m;
	size_t i, j;
	int values, pass;

	lua_settop(L, 0);
	lua_newtable(L);
	values = lua_gettop(L);
	for (i = 0; i < m->nsteps; i++) {
		for (j = 0; j < m->steps[i].nchoices; j++) {
			if (m->steps[i].choices[j].set_ref == LUA_NOREF)
				continue;
			lua_rawgeti(L, LUA_REGISTRYINDEX,
				    m->steps[i].choices[j].set_ref);
			lua_pushnil(L);
			while (lua_next(L, -2)) {
				if (lua_type(L, -2) == LUA_TSTRING) {
					strv_add_once(&f->set,
						      lua_tostring(L, -2));
					lua_pushvalue(L, -2);
					if (lua_rawget(L, values) == LUA_TNIL) {
						lua_pushvalue(L, -3);
						lua_pushvalue(L, -3);
						lua_rawset(L, values);
					}
					lua_pop(L, 1);
				}
				lua_pop(L, 1);
			}
			lua_pop(L, 1);
		}
	}
	strv_sort(&f->set);
	for (i = 0; i < m->nsteps; i++) {
		if (m->steps[i].when_ref == LUA_NOREF)
			continue;
		for (pass = 0; pass < 2; pass++) {
			lua_rawgeti(L, LUA_REGISTRYINDEX, m->steps[i].when_ref);
			lua_newtable(L);	/* the stand-in */
			lua_newtable(L);	/* its metatable */
			lua_pushlightuserdata(L, &f->reads[i]);
			if (pass)
				lua_pushvalue(L, values);
			else
				lua_pushnil(L);
			lua_pushcclosure(L, note_read, 2);
			lua_setfield(L, -2, "__index");
			lua_setmetatable(L, -2);
			/* what the when says, or where it fails, is the
			 * business of pack test: only its reads count here */
			if (lua_pcall(L, 1, 0, 0) != LUA_OK)
				lua_pop(L, 1);
			if (sandbox_spent(m->sb))
				return 0;
		}
	}
	return 0;
}

/* The facts of each choice's set at step i, choice j, sorted. */
static void set_keys(struct module *m, size_t i, size_t j, struct strv *out)
{
	lua_State *L = sandbox_state(m->sb);

	lua_rawgeti(L, LUA_REGISTRYINDEX, m->steps[i].choices[j].set_ref);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		if (lua_type(L, -2) == LUA_TSTRING)
			strv_push(out, lua_tostring(L, -2));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	strv_sort(out);
}

char **lint_facts(struct module *m, struct diags *d)
{
	struct facts f = { m, NULL, STRV_INIT };
	struct strv read = STRV_INIT, said = STRV_INIT;
	char **unset = xcalloc(m->nsteps + 1, sizeof(*unset));
	char *msg = NULL, *s;
	size_t i, j, k;

	if (m->stopped || sandbox_spent(m->sb))
		return unset;
	f.reads = xcalloc(m->nsteps + 1, sizeof(*f.reads));
	if (sandbox_run(m->sb, collect, &f, &msg) < 0) {
		free(msg);
		goto out;
	}
	for (i = 0; i < m->nsteps; i++) {
		const struct step *st = &m->steps[i];

		for (j = 0; j < f.reads[i].n; j++) {
			const char *fact = f.reads[i].v[j];

			strv_add_once(&read, fact);
			if (strv_has(&f.set, fact))
				continue;
			if (!unset[i])
				unset[i] = xstrdup(fact);
			if (!d)
				continue;
			s = did_you_mean(fact, (const char *const *)f.set.v,
					 f.set.n);
			diag_add(d, DIAG_WARNING, m->file, st->when_line ?
				 st->when_line : st->line, "when reads "
				 "state.%s, a fact no choice sets%s", fact, s);
			free(s);
		}
	}
	strv_sort(&read);
	for (i = 0; i < m->nsteps && d; i++) {
		for (j = 0; j < m->steps[i].nchoices; j++) {
			const struct choice *c = &m->steps[i].choices[j];
			struct strv keys = STRV_INIT;

			if (c->set_ref == LUA_NOREF)
				continue;
			set_keys(m, i, j, &keys);
			for (k = 0; k < keys.n; k++) {
				if (strv_has(&read, keys.v[k]) ||
				    strv_has(&said, keys.v[k]))
					continue;
				strv_push(&said, keys.v[k]);
				s = did_you_mean(keys.v[k],
						 (const char *const *)read.v,
						 read.n);
				if (!*s) {
					free(s);
					continue;
				}
				diag_add(d, DIAG_WARNING, m->file, c->set_line ?
					 c->set_line : c->line, "set gives the "
					 "fact '%s', which no when reads%s",
					 keys.v[k], s);
				free(s);
			}
			strv_free(&keys);
		}
	}
out:
	for (i = 0; i < m->nsteps; i++)
		strv_free(&f.reads[i]);
	free(f.reads);
	strv_free(&f.set);
	strv_free(&read);
	strv_free(&said);
	return unset;
}

void lint_facts_free(char **unset, size_t n)
{
	size_t i;

	if (!unset)
		return;
	for (i = 0; i < n; i++)
		free(unset[i]);
	free(unset);
}
