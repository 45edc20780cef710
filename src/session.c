/*
 * session.c - stepping a learner through a module.
 *
 * The session knows nothing of terminals or web pages: it turns input lines
 * into feedback and views.  Everything that varies (shuffles) comes from the
 * seed, so the same seed and the same answers always give the same session;
 * that is what lets the records store answers alone and rebuild the rest.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "markdown.h"
#include "pack.h"
#include "sandbox.h"
#include "session.h"
#include "strv.h"
#include "util.h"

/* How deep and how long session_state_key() follows the state table. */
#define STATE_KEY_DEPTH 16
#define STATE_KEY_CAP (64u << 10)

/* A learner who answers more than this is not taking training. */
#define MAX_ANSWERS 10000
/* The longest free-text answer kept, in bytes. */
#define MAX_TEXT_ANSWER 4000

struct session {
	struct module *m;
	uint64_t seed;
	size_t cur;		/* current step; m->nsteps at the end */
	int state_ref;		/* the facts set by choices */
	int shown_ref;		/* what the current question shows */
	unsigned *visits;	/* times each step was shown */
	unsigned char *answered;
	int score, max;
	int ended;
	int failed;		/* pack code failed: the session cannot go on */
	int progress;		/* the most of the module shown done so far */
	struct view view;
	char **labels;
	struct answer *answers;
	size_t nanswers, capanswers;
};

/* splitmix64: small, good enough for shuffles, the same everywhere. */
static uint64_t mix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* ctx.shuffle(list): a shuffled copy, from the session's seed. */
static int ctx_shuffle(lua_State *L)
{
	uint64_t x = (uint64_t)lua_tointeger(L, lua_upvalueindex(1));
	lua_Integer n, i;

	luaL_checktype(L, 1, LUA_TTABLE);
	n = (lua_Integer)lua_rawlen(L, 1);
	if (n > 100000)
		return luaL_error(L, "cannot shuffle more than 100000 items");
	lua_createtable(L, (int)n, 0);
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, 1, i);
		lua_rawseti(L, -2, i);
	}
	for (i = n; i > 1; i--) {	/* Fisher-Yates */
		lua_Integer j = (lua_Integer)(mix(&x) % (uint64_t)i) + 1;

		lua_rawgeti(L, -1, i);
		lua_rawgeti(L, -2, j);
		lua_rawseti(L, -3, i);
		lua_rawseti(L, -2, j);
	}
	lua_pushinteger(L, (lua_Integer)x);
	lua_replace(L, lua_upvalueindex(1));
	return 1;
}

static void clear_labels(struct session *s)
{
	size_t i;

	for (i = 0; i < s->view.noptions; i++)
		free(s->labels[i]);
	free(s->labels);
	s->labels = NULL;
	s->view.options = NULL;
	s->view.noptions = 0;
}

/* Calls step s->cur's when(state); 1 show, 0 skip, -1 failed. */
static int step_shown(struct session *s, const struct step *st, char **msg)
{
	lua_State *L = sandbox_state(s->m->sb);
	int show;

	if (st->when_ref == LUA_NOREF)
		return 1;
	lua_rawgeti(L, LUA_REGISTRYINDEX, st->when_ref);
	lua_rawgeti(L, LUA_REGISTRYINDEX, s->state_ref);
	if (sandbox_call(s->m->sb, 1, 1, msg) < 0)
		return -1;
	show = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return show;
}

/* The learner's answer as grade() gets it: a number, a list or text. */
struct parsed {
	char *text;		/* VIEW_TEXT */
	int *nums;
	int count;
	int list;		/* nums as a list (many, order) */
};

/*
 * One step of the engine on the module's state, run by sandbox_run: the
 * engine allocates on a state pack code has run on only inside a protected
 * call, so a state pack code left full gives an error, not an abort.
 */
struct step_call {
	struct session *s;
	const struct step *st;
	const struct parsed *answer;	/* grade */
	struct feedback *fb;		/* grade */
	const struct choice *choice;	/* apply_set */
	char *msg;			/* what the plugin did wrong */
};

/* present(q, ctx) of the question's plugin, kept for grading. */
static int present_lua(lua_State *L)
{
	struct step_call *c = lua_touserdata(L, 1);
	struct session *s = c->s;
	const struct step *st = c->st;
	uint64_t x = s->seed ^ str_hash(st->id) ^
		     ((uint64_t)s->visits[s->cur] << 48);
	lua_Integer i, n;

	lua_settop(L, 0);
	lua_rawgeti(L, LUA_REGISTRYINDEX, st->plugin_ref);
	lua_getfield(L, -1, "present");
	lua_remove(L, -2);
	lua_rawgeti(L, LUA_REGISTRYINDEX, st->q_ref);
	lua_newtable(L);
	mix(&x);
	lua_pushinteger(L, (lua_Integer)x);
	lua_pushcclosure(L, ctx_shuffle, 1);
	lua_setfield(L, -2, "shuffle");
	lua_call(L, 2, 1);
	if (lua_type(L, -1) != LUA_TTABLE) {
		c->msg = xasprintf("%s:%d: the '%s' plugin's present() must "
				   "return a list", s->m->file, st->line,
				   st->type);
		return 0;
	}
	n = (lua_Integer)lua_rawlen(L, -1);
	if (n > 1000 || (n == 0 && strcmp(st->input, "text"))) {
		c->msg = xasprintf("%s:%d: the '%s' plugin showed %lld "
				   "options", s->m->file, st->line, st->type,
				   (long long)n);
		return 0;
	}
	s->labels = xcalloc((size_t)n + 1, sizeof(*s->labels));
	for (i = 1; i <= n; i++) {
		const char *text = NULL;

		if (lua_rawgeti(L, -1, i) == LUA_TTABLE) {
			lua_pushliteral(L, "text");
			if (lua_rawget(L, -2) == LUA_TSTRING)
				text = lua_tostring(L, -1);
			lua_pop(L, 1);
		}
		if (!text) {
			c->msg = xasprintf("%s:%d: option %lld shown by the "
					   "'%s' plugin has no text",
					   s->m->file, st->line, (long long)i,
					   st->type);
			return 0;
		}
		s->labels[i - 1] = xstrdup(text);
		s->view.noptions = (size_t)i;
		lua_pop(L, 1);
	}
	luaL_unref(L, LUA_REGISTRYINDEX, s->shown_ref);
	s->shown_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

/* Runs an engine step on the session's state; 0 or -1 with *msg. */
static int run_step(struct session *s, lua_CFunction fn, struct step_call *c,
		    char **msg)
{
	if (sandbox_run(s->m->sb, fn, c, msg) < 0) {
		free(c->msg);
		return -1;
	}
	if (c->msg) {
		*msg = c->msg;
		return -1;
	}
	return 0;
}

/* Asks the question's plugin what to show and keeps it for grading. */
static int present(struct session *s, const struct step *st, char **msg)
{
	struct step_call c = { s, st, NULL, NULL, NULL, NULL };

	return run_step(s, present_lua, &c, msg);
}

static enum view_kind input_kind(const char *input)
{
	if (!strcmp(input, "one"))
		return VIEW_ONE;
	if (!strcmp(input, "many"))
		return VIEW_MANY;
	if (!strcmp(input, "order"))
		return VIEW_ORDER;
	return VIEW_TEXT;
}

/* Makes the view for the end of the module. */
/* The end, with the text of finish step st (NULL: none) for the
 * outcome: its not_passed text below the pass mark, when it has one. */
static void end_view(struct session *s, const struct step *st)
{
	struct view *v = &s->view;

	s->ended = 1;
	s->cur = s->m->nsteps;
	v->kind = VIEW_END;
	v->step_id = NULL;
	v->score = s->score;
	v->max = s->max;
	v->percent = s->max ? (int)((long)s->score * 100 / s->max) : 100;
	v->pass_mark = s->m->pass_mark;
	v->passed = (long)s->score * 100 >= (long)v->pass_mark * s->max;
	v->progress = s->progress = 100;
	v->text = !st ? NULL : !v->passed && st->text_not_passed ?
		  st->text_not_passed : st->text;
}

/*
 * The share of the module done when step s->cur is shown, in percent:
 * the steps left behind against those and the steps still ahead.  A step
 * is behind once it has been shown (the current one aside); ahead are the
 * current step and every later one in file order not yet shown.  Steps a
 * branch skips stop counting once passed, so the share jumps forward
 * there; a step shown again after going back counts once.  A module can
 * still go back, so the share shown is never less than before: the
 * learner sees progress, never a loss of it.  Below 100 until the end.
 */
static int progress_now(struct session *s)
{
	const struct module *m = s->m;
	size_t i, behind = 0, ahead = 1;
	int pc;

	for (i = 0; i < m->nsteps; i++) {
		if (m->steps[i].kind == STEP_FINISH || i == s->cur)
			continue;
		if (s->visits[i])
			behind++;
		else if (i > s->cur)
			ahead++;
	}
	pc = (int)(behind * 100 / (behind + ahead));
	if (pc > 99)
		pc = 99;
	if (pc > s->progress)
		s->progress = pc;
	return s->progress;
}

/* Moves to the first step at or after `from` that is shown, and makes its
 * view.  Returns 0 or -1 with *msg. */
static int advance(struct session *s, size_t from, char **msg)
{
	struct module *m = s->m;

	clear_labels(s);
	for (s->cur = from; s->cur < m->nsteps; s->cur++) {
		const struct step *st = &m->steps[s->cur];
		int show = step_shown(s, st, msg);

		if (show < 0)
			return -1;
		if (show)
			break;
	}
	if (s->cur >= m->nsteps) {
		end_view(s, NULL);
		return 0;
	}
	{
		const struct step *st = &m->steps[s->cur];
		struct view *v = &s->view;
		size_t i;

		if (st->kind == STEP_FINISH) {
			end_view(s, st);
			return 0;
		}
		s->visits[s->cur]++;
		v->step_id = st->id;
		v->number = s->cur + 1;
		v->progress = progress_now(s);
		v->text = st->text;
		switch (st->kind) {
		case STEP_PAGE:
			v->kind = VIEW_PAGE;
			break;
		case STEP_SCENE:
			v->kind = VIEW_ONE;
			s->labels = xcalloc(st->nchoices, sizeof(*s->labels));
			for (i = 0; i < st->nchoices; i++)
				s->labels[i] = xstrdup(st->choices[i].text);
			v->noptions = st->nchoices;
			break;
		case STEP_QUESTION:
			v->kind = input_kind(st->input);
			if (present(s, st, msg) < 0)
				return -1;
			break;
		case STEP_FINISH:
			break;
		}
		v->options = (const char *const *)s->labels;
	}
	return 0;
}

/* Makes the session's table of facts, in the registry. */
static int new_state(lua_State *L)
{
	struct session *s = lua_touserdata(L, 1);

	lua_newtable(L);
	s->state_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

struct session *session_start(struct module *m, uint64_t seed, char **msg)
{
	struct session *s = xcalloc(1, sizeof(*s));
	size_t i;

	s->m = m;
	s->seed = seed;
	s->shown_ref = LUA_NOREF;
	s->visits = xcalloc(m->nsteps + 1, sizeof(*s->visits));
	s->answered = xcalloc(m->nsteps + 1, 1);
	s->state_ref = LUA_NOREF;
	if (sandbox_run(m->sb, new_state, s, msg) < 0) {
		session_free(s);
		return NULL;
	}
	for (i = 0; i < m->nsteps; i++)
		if (m->steps[i].kind != STEP_FINISH)
			s->view.total++;
	if (advance(s, 0, msg) < 0) {
		session_free(s);
		return NULL;
	}
	return s;
}

void session_free(struct session *s)
{
	size_t i;

	if (!s)
		return;
	clear_labels(s);
	for (i = 0; i < s->nanswers; i++) {
		free(s->answers[i].step_id);
		free(s->answers[i].input);
	}
	free(s->answers);
	free(s->visits);
	free(s->answered);
	module_free(s->m);
	free(s);
}

const struct view *session_view(const struct session *s)
{
	return &s->view;
}

const struct answer *session_answers(const struct session *s, size_t *n)
{
	*n = s->nanswers;
	return s->answers;
}

void session_score(const struct session *s, int *score, int *max)
{
	*score = s->score;
	*max = s->max;
}

static void state_key_table(lua_State *L, int idx, struct buf *out,
			    int depth, size_t *left);

/* Appends the value at idx as unambiguous text; only raw reads, and numbers
 * are formatted here rather than converted in place (keys stay intact). */
static void state_key_value(lua_State *L, int idx, struct buf *out,
			    int depth, size_t *left)
{
	size_t n, i;
	const char *str;

	switch (lua_type(L, idx)) {
	case LUA_TSTRING:
		str = lua_tolstring(L, idx, &n);
		buf_addf(out, "s%zu:", n);
		for (i = 0; i < n; i++) {
			if (str[i] == '\0')
				buf_adds(out, "\\0");
			else if (str[i] == '\\')
				buf_adds(out, "\\\\");
			else
				buf_addc(out, str[i]);
		}
		break;
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			buf_addf(out, "i%lld",
				 (long long)lua_tointeger(L, idx));
		else
			buf_addf(out, "n%.17g", (double)lua_tonumber(L, idx));
		break;
	case LUA_TBOOLEAN:
		buf_adds(out, lua_toboolean(L, idx) ? "t" : "f");
		break;
	case LUA_TTABLE:
		state_key_table(L, idx, out, depth + 1, left);
		break;
	default:
		buf_addf(out, "?%s", lua_typename(L, lua_type(L, idx)));
	}
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the table at idx as {key=value,...} with the entries sorted, so
 * that the order facts were set in does not matter. */
static void state_key_table(lua_State *L, int idx, struct buf *out,
			    int depth, size_t *left)
{
	struct strv entries = STRV_INIT;
	int cut = 0;
	size_t i;

	idx = lua_absindex(L, idx);
	if (depth > STATE_KEY_DEPTH || *left == 0 || !lua_checkstack(L, 4)) {
		buf_adds(out, "{...}");
		return;
	}
	lua_pushnil(L);
	while (lua_next(L, idx)) {		/* key value */
		struct buf e = BUF_INIT;

		if (*left == 0) {
			cut = 1;
			lua_pop(L, 2);
			break;
		}
		state_key_value(L, -2, &e, depth, left);
		buf_addc(&e, '=');
		state_key_value(L, -1, &e, depth, left);
		*left = e.len < *left ? *left - e.len : 0;
		strv_push(&entries, e.s);
		buf_free(&e);
		lua_pop(L, 1);			/* key */
	}
	if (entries.n)
		qsort(entries.v, entries.n, sizeof(*entries.v), cmp_entry);
	buf_addc(out, '{');
	for (i = 0; i < entries.n; i++) {
		if (i)
			buf_addc(out, ',');
		buf_adds(out, entries.v[i]);
	}
	if (cut)
		buf_adds(out, entries.n ? ",..." : "...");
	buf_addc(out, '}');
	strv_free(&entries);
}

char *session_state_key(const struct session *s)
{
	lua_State *L = sandbox_state(s->m->sb);
	struct buf b = BUF_INIT;
	size_t left = STATE_KEY_CAP;

	lua_rawgeti(L, LUA_REGISTRYINDEX, s->state_ref);
	state_key_value(L, -1, &b, 0, &left);
	lua_pop(L, 1);
	return buf_detach(&b);
}

char *feedback_verdict(const struct feedback *fb)
{
	const char *base = fb->correct == 1 ? "Right" : fb->correct == 0 ?
			   "Not right this time" : NULL;

	if (fb->counted_before)
		return base ? xstrdup(base) : fb->max > 0 ?
		       xstrdup("No points this time") : NULL;
	if (!base && fb->max <= 0)
		return NULL;
	return xasprintf("%s%s%d of %d %s", base ? base : "",
			 base ? " \xe2\x80\x94 " : "", fb->points, fb->max,
			 fb->max == 1 ? "point" : "points");
}

void feedback_clear(struct feedback *fb)
{
	size_t i;

	for (i = 0; i < fb->ngiven; i++)
		free(fb->given[i]);
	free(fb->given);
	free(fb->text);
	memset(fb, 0, sizeof(*fb));
	fb->correct = -1;
}

/*
 * Reads the numbers of an answer line into nums (at most n of them, each
 * 1..n).  Returns how many, or -1 when the line is not such a list.
 */
static int parse_numbers(const char *line, size_t n, int *nums)
{
	const char *p = line;
	size_t count = 0;

	for (;;) {
		char *end;
		long v;

		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (!isdigit((unsigned char)*p))
			return -1;
		v = strtol(p, &end, 10);
		if (v < 1 || (size_t)v > n || count >= n)
			return -1;
		nums[count++] = (int)v;
		p = end;
	}
	return (int)count;
}

/* Trims spaces and drops control characters from a free-text answer. */
static char *clean_text(const char *line)
{
	char *t = md_strip_controls(line), *start = t, *end;

	while (*start == ' ' || *start == '\t')
		start++;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	memmove(t, start, (size_t)(end - start) + 1);
	return t;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/*
 * Checks an input line against the view and reads the answer into *a as
 * the plugin API will give it (index, list or text); the Lua stack is not
 * touched (push_answer gives it to grade()).  Writes the canonical line to
 * *canon.  Returns 0, or -1 with *msg saying why the line does not answer.
 * The caller frees a->nums and *canon; for text, a->text is *canon itself,
 * not a copy.
 */
static int parse_answer(struct session *s, const char *line, char **canon,
			struct parsed *a, char **msg)
{
	size_t n = s->view.noptions, i;
	int *nums = xcalloc(n + 1, sizeof(*nums)), count;
	struct buf b = BUF_INIT;

	memset(a, 0, sizeof(*a));
	if (s->view.kind == VIEW_TEXT) {
		char *t = clean_text(line);

		free(nums);
		if (!*t || strlen(t) > MAX_TEXT_ANSWER) {
			*msg = xasprintf(*t ? "Please keep your answer under "
					      "%d characters." :
					      "Please write a few words.",
					 MAX_TEXT_ANSWER);
			free(t);
			return -1;
		}
		a->text = t;
		*canon = t;
		return 0;
	}
	count = parse_numbers(line, n, nums);
	switch (s->view.kind) {
	case VIEW_ONE:
		if (count != 1)
			goto bad;
		break;
	case VIEW_MANY:
		if (count < 1)
			goto bad;
		qsort(nums, (size_t)count, sizeof(*nums), cmp_int);
		for (i = 1; i < (size_t)count; i++)
			if (nums[i] == nums[i - 1])
				goto bad;
		a->list = 1;
		break;
	case VIEW_ORDER:
		if (count != (int)n)
			goto bad;
		{
			unsigned char *seen = xcalloc(n + 1, 1);
			int dup = 0;

			for (i = 0; i < n; i++)
				dup |= seen[nums[i]]++;
			free(seen);
			if (dup)
				goto bad;
		}
		a->list = 1;
		break;
	default:
		goto bad;
	}
	for (i = 0; i < (size_t)count; i++)
		buf_addf(&b, "%s%d", i ? "," : "", nums[i]);
	*canon = buf_detach(&b);
	a->nums = nums;
	a->count = count;
	return 0;
bad:
	free(nums);
	if (s->view.kind == VIEW_ONE)
		*msg = xasprintf("Please answer with one number from 1 to %zu.",
				 n);
	else if (s->view.kind == VIEW_MANY)
		*msg = xasprintf("Please give one or more numbers from 1 to "
				 "%zu, separated by commas or spaces.", n);
	else
		*msg = xasprintf("Please give every number from 1 to %zu once, "
				 "in the order you choose.", n);
	return -1;
}

/* Pushes the answer parse_answer read as grade() gets it: an integer, a
 * list of integers, or the text [-0, +1]. */
static void push_answer(lua_State *L, const struct parsed *a)
{
	int i;

	if (a->text) {
		lua_pushstring(L, a->text);
	} else if (!a->list) {
		lua_pushinteger(L, a->nums[0]);
	} else {
		lua_createtable(L, a->count, 0);
		for (i = 0; i < a->count; i++) {
			lua_pushinteger(L, a->nums[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
	}
}

/* The plugin's grade(q, shown, answer, ctx), read into c->fb. */
static int grade_lua(lua_State *L)
{
	struct step_call *c = lua_touserdata(L, 1);
	struct session *s = c->s;
	const struct step *st = c->st;
	struct feedback *fb = c->fb;
	int t;

	lua_settop(L, 0);
	lua_rawgeti(L, LUA_REGISTRYINDEX, st->plugin_ref);
	lua_getfield(L, -1, "grade");
	lua_remove(L, -2);
	lua_rawgeti(L, LUA_REGISTRYINDEX, st->q_ref);
	lua_rawgeti(L, LUA_REGISTRYINDEX, s->shown_ref);
	push_answer(L, c->answer);
	lua_createtable(L, 0, 1);	/* ctx */
	lua_pushinteger(L, st->max);
	lua_setfield(L, -2, "max");
	lua_call(L, 4, 1);
	if (lua_type(L, -1) != LUA_TTABLE) {
		c->msg = xasprintf("%s:%d: the '%s' plugin's grade() must "
				   "return a table", s->m->file, st->line,
				   st->type);
		return 0;
	}
	lua_pushliteral(L, "points");
	lua_rawget(L, -2);
	if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 ||
	    lua_tointeger(L, -1) > st->max) {
		c->msg = xasprintf("%s:%d: the '%s' plugin's grade() gave "
				   "points outside 0 to %d", s->m->file,
				   st->line, st->type, st->max);
		return 0;
	}
	fb->points = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	lua_pushliteral(L, "correct");
	t = lua_rawget(L, -2);
	fb->correct = t == LUA_TBOOLEAN ? lua_toboolean(L, -1) : -1;
	lua_pop(L, 1);
	lua_pushliteral(L, "feedback");
	if (lua_rawget(L, -2) == LUA_TSTRING) {
		size_t len;
		const char *text = lua_tolstring(L, -1, &len);

		free(fb->text);
		fb->text = xstrndup(text, len > MD_TEXT_CAP ? MD_TEXT_CAP :
								   len);
	}
	return 0;
}

/* Copies a choice's set = { ... } into the session's facts. */
static int apply_set_lua(lua_State *L)
{
	struct step_call *c = lua_touserdata(L, 1);

	lua_settop(L, 0);
	lua_rawgeti(L, LUA_REGISTRYINDEX, c->s->state_ref);
	lua_rawgeti(L, LUA_REGISTRYINDEX, c->choice->set_ref);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -5);
	}
	return 0;
}

/* Keeps the answer for the records and for replay. */
static void record(struct session *s, const char *step_id, char *canon,
		   int points)
{
	struct answer *a;

	if (s->nanswers == s->capanswers) {
		s->capanswers = s->capanswers ? s->capanswers * 2 : 32;
		s->answers = xrealloc(s->answers,
				      s->capanswers * sizeof(*s->answers));
	}
	a = &s->answers[s->nanswers++];
	a->step_id = xstrdup(step_id);
	a->input = canon;
	a->points = points;
	a->progress = 0;	/* set once the session has moved on */
	a->at = NULL;
}

/* Copies the answer a as the learner sees it into fb: the labels of the
 * options chosen, in the order given, or the text typed. */
static void given(const struct session *s, const struct parsed *a,
		  struct feedback *fb)
{
	int i;

	if (a->text) {
		fb->given = xcalloc(1, sizeof(*fb->given));
		fb->given[0] = xstrdup(a->text);
		fb->ngiven = 1;
		return;
	}
	fb->given = xcalloc((size_t)a->count + 1, sizeof(*fb->given));
	for (i = 0; i < a->count; i++)
		fb->given[i] = xstrdup(s->labels[a->nums[i] - 1]);
	fb->ngiven = (size_t)a->count;
}

static enum answer_status answer(struct session *s, const char *input,
				 struct feedback *fb, char **msg)
{
	struct module *m = s->m;
	const struct step *st;
	size_t next;
	char *canon = NULL;
	int first;

	memset(fb, 0, sizeof(*fb));
	fb->correct = -1;
	if (s->ended) {
		*msg = xstrdup("The module has ended.");
		return ANSWER_INVALID;
	}
	if (s->nanswers >= MAX_ANSWERS) {
		*msg = xasprintf("more than %d answers in one attempt",
				 MAX_ANSWERS);
		return ANSWER_FAILED;
	}
	st = &m->steps[s->cur];
	first = !s->answered[s->cur];
	next = s->cur + 1;
	fb->step_id = st->id;
	fb->question = st->text;
	fb->kind = s->view.kind;
	if (st->kind == STEP_PAGE) {
		canon = xstrdup("");
	} else {
		struct parsed a;
		struct step_call c = { s, st, &a, fb, NULL, NULL };
		int r = 0;

		if (parse_answer(s, input, &canon, &a, msg) < 0)
			return ANSWER_INVALID;
		given(s, &a, fb);
		if (st->kind == STEP_SCENE) {
			if (!a.nums || a.count < 1) {
				/* A scene's view always asks for one choice. */
				fputs("vigil: bug: a scene answered without a "
				      "choice\n", stderr);
				abort();
			}
			c.choice = &st->choices[a.nums[0] - 1];
			fb->points = c.choice->score;
			fb->text = c.choice->feedback ?
					   xstrdup(c.choice->feedback) : NULL;
			if (c.choice->set_ref != LUA_NOREF)
				r = run_step(s, apply_set_lua, &c, msg);
			if (c.choice->go_step >= 0)
				next = (size_t)c.choice->go_step;
		} else {
			r = run_step(s, grade_lua, &c, msg);
		}
		free(a.nums);
		if (r < 0) {
			feedback_clear(fb);
			free(canon);	/* a.text, for text */
			return ANSWER_FAILED;
		}
	}
	fb->max = st->max;
	if (first) {
		s->answered[s->cur] = 1;
		s->score += fb->points;
		s->max += st->max;
	} else {
		fb->points = 0;
		fb->counted_before = 1;
	}
	record(s, st->id, canon, fb->points);
	if (advance(s, next, msg) < 0) {
		feedback_clear(fb);
		return ANSWER_FAILED;
	}
	s->answers[s->nanswers - 1].progress = s->view.progress;
	return ANSWER_OK;
}

enum answer_status session_answer(struct session *s, const char *input,
				  struct feedback *fb, char **msg)
{
	enum answer_status rc = answer(s, input, fb, msg);

	if (rc == ANSWER_FAILED)
		s->failed = 1;
	return rc;
}

int session_failed(const struct session *s)
{
	/* a spent sandbox is never used again, whatever failed on it */
	return s->failed || sandbox_spent(s->m->sb);
}

size_t session_memory(const struct session *s)
{
	return sandbox_memory(s->m->sb);
}

struct module *session_module(const struct session *s)
{
	return s->m;
}

int session_give(struct session *s, const struct answer *answers, size_t n,
		 char **msg)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct view *v = session_view(s);
		struct feedback fb;

		if (v->kind == VIEW_END || strcmp(v->step_id,
						  answers[i].step_id)) {
			*msg = xasprintf("answer %zu was to step '%s', but the "
					 "module now shows '%s' there", i + 1,
					 answers[i].step_id, v->step_id ?
					 v->step_id : "the end");
			return -1;
		}
		if (session_answer(s, answers[i].input, &fb, msg) != ANSWER_OK)
			return -1;
		feedback_clear(&fb);
	}
	return 0;
}

struct session *session_replay(struct module *m, uint64_t seed,
			       const struct answer *answers, size_t n,
			       char **msg)
{
	struct session *s = session_start(m, seed, msg);

	if (s && session_give(s, answers, n, msg) < 0) {
		session_free(s);
		s = NULL;
	}
	return s;
}
