/*
 * packtest-cover.c - coverage: the steps and choices the exploration found
 * that no playthrough reaches, each at the line an author can look at.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "packtest-internal.h"
#include "sandbox.h"

/* The line of the choice or option labelled label at step si, else the
 * step's own line. */
static int label_line(const struct module *m, size_t si, const char *label)
{
	const struct step *st = &m->steps[si];
	lua_State *L = sandbox_state(m->sb);
	int line = st->line, top = lua_gettop(L);
	size_t i;

	for (i = 0; i < st->nchoices; i++)
		if (st->choices[i].text && !strcmp(st->choices[i].text, label))
			return st->choices[i].line;
	if (st->kind != STEP_QUESTION || st->q_ref == LUA_NOREF)
		return line;
	lua_rawgeti(L, LUA_REGISTRYINDEX, st->q_ref);
	lua_pushliteral(L, "options");
	if (lua_rawget(L, -2) == LUA_TTABLE) {
		lua_Integer j, n = (lua_Integer)lua_rawlen(L, -1);

		for (j = 1; j <= n; j++) {
			if (lua_rawgeti(L, -1, j) == LUA_TTABLE) {
				lua_pushliteral(L, "text");
				if (lua_rawget(L, -2) == LUA_TSTRING &&
				    !strcmp(lua_tostring(L, -1), label)) {
					lua_pushliteral(L, "line");
					if (lua_rawget(L, -3) == LUA_TNUMBER)
						line = (int)lua_tointeger(L,
									  -1);
					lua_settop(L, top);
					return line;
				}
				lua_pop(L, 1);
			}
			lua_pop(L, 1);
		}
	}
	lua_settop(L, top);
	return line;
}

/* Prints module mi's coverage and what no playthrough reaches; with
 * strict, counts it as a test. */
void packtest_cover(struct packrun *pr, size_t mi)
{
	const struct modinfo *md = &pr->mods[mi];
	const struct module *m = md->ref;
	const char *id = pr->p->modules[mi].id;
	FILE *out = pr->o->out;
	size_t i, j, steps = 0, reached = 0, choices = 0, chosen = 0;

	for (i = 0; i < m->nsteps; i++) {
		/* a step behind a fact nothing sets is shown by no way
		 * through the module, but is not meant to be hidden */
		if (md->unset[i]) {
			steps++;
			continue;
		}
		if (!md->showable[i])
			continue;
		steps++;
		reached += md->reached[i];
		choices += md->seen[i].n;
		for (j = 0; j < md->seen[i].n; j++)
			chosen += strv_has(&md->chosen[i], md->seen[i].v[j]);
	}
	fprintf(out, "%s: playthroughs reach %zu/%zu steps, %zu/%zu choices%s"
		"\n", id, reached, steps, chosen, choices,
		md->playthroughs ? "" : " (no playthrough plays this module)");
	for (i = 0; i < m->nsteps; i++) {
		if (md->unset[i]) {
			fprintf(out, "  %s:%d: step '%s' is not covered: its "
				"when reads state.%s, a fact no choice sets\n",
				m->file, m->steps[i].when_line ?
				m->steps[i].when_line : m->steps[i].line,
				m->steps[i].id, md->unset[i]);
			continue;
		}
		if (!md->showable[i] || !md->playthroughs)
			continue;
		if (!md->reached[i]) {
			fprintf(out, "  %s:%d: step '%s' is not reached by any "
				"playthrough\n", m->file, m->steps[i].line,
				m->steps[i].id);
			continue;
		}
		for (j = 0; j < md->seen[i].n; j++) {
			const char *label = md->seen[i].v[j];
			char *q, *safe;

			if (strv_has(&md->chosen[i], label))
				continue;
			q = packtest_quoted(label);
			safe = term_safe(q, 1);	/* quoting leaves C1 */
			fprintf(out, "  %s:%d: %s at step '%s' is not chosen "
				"by any playthrough\n", m->file,
				label_line(m, i, label), safe, m->steps[i].id);
			free(safe);
			free(q);
		}
	}
	if (pr->o->strict)
		packtest_report(pr, reached == steps && chosen == choices,
				NULL, "%s: coverage%s", id, reached == steps &&
				chosen == choices ? "" : " (--strict: every "
				"step and choice must be reached)");
}
