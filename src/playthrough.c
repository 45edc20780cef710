/*
 * playthrough.c - writing a learner's way through a module as a
 * playthrough that `pack test` passes.  The answers a session holds are
 * input lines (option numbers in the order a shuffle showed); replaying
 * them on a fresh session gives back the options' own texts, which is
 * what a playthrough names, so the test holds whatever seed `pack test`
 * uses.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lua.h>
#include <lauxlib.h>

#include "pack.h"
#include "playthrough.h"
#include "sandbox.h"
#include "session.h"

/* The largest tests file read to find the names it already uses. */
#define TESTS_FILE_MAX (16u << 20)

void playthrough_add_quoted(struct buf *b, const char *s)
{
	size_t n = strlen(s), i = 0, len;
	uint32_t cp;

	buf_addc(b, '"');
	while (i < n) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x80) {
			if (ch == '"' || ch == '\\') {
				buf_addc(b, '\\');
				buf_addc(b, (char)ch);
			} else if (ch == '\n') {
				buf_adds(b, "\\n");
			} else if (ch < 0x20 || ch == 0x7f) {
				buf_addf(b, "\\%03u", ch);
			} else {
				buf_addc(b, (char)ch);
			}
			i++;
			continue;
		}
		/* Bytes that are not UTF-8, and characters that would change
		 * how the file reads in an editor (a bidirectional override),
		 * are written as escapes, which Lua reads back the same. */
		len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			buf_addf(b, "\\%03u", ch);
			i++;
		} else if (is_control_char(cp)) {
			buf_addf(b, "\\u{%X}", (unsigned)cp);
			i += len;
		} else {
			buf_add(b, s + i, len);
			i += len;
		}
	}
	buf_addc(b, '"');
}

/*
 * Nonzero for an id the loader made from the step's position ("step-3"):
 * it names another step as soon as one is added above, so a playthrough
 * that checked it would fail where nothing it is about changed.
 */
static int made_up_id(const char *id)
{
	size_t n = strlen("step-");

	if (strncmp(id, "step-", n) || !id[n])
		return 0;
	return strspn(id + n, "0123456789") == strlen(id + n);
}

/* The characters of UTF-8 s, which is how wide it reads. */
static size_t columns(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Appends one answer: its texts, and its step when the author named it. */
static void add_answer(struct buf *b, const struct feedback *fb)
{
	int step = fb->step_id && !made_up_id(fb->step_id);
	size_t i, line;

	if (fb->ngiven == 1 && !step) {
		buf_adds(b, "  ");
		playthrough_add_quoted(b, fb->given[0]);
		buf_adds(b, ",\n");
		return;
	}
	line = b->len;
	buf_adds(b, "  { ");
	for (i = 0; i < fb->ngiven; i++) {
		if (i)
			buf_adds(b, ",\n    ");
		playthrough_add_quoted(b, fb->given[i]);
	}
	if (step) {
		size_t start = b->len;

		/* one line when it fits in 80 columns, as an author would */
		buf_adds(b, ", step = ");
		playthrough_add_quoted(b, fb->step_id);
		if (fb->ngiven > 1 || columns(b->s + line) + 3 > 80) {
			struct buf tail = BUF_INIT;

			buf_adds(&tail, b->s + start + 2);
			b->len = start;
			b->s[start] = '\0';
			buf_adds(b, ",\n    ");
			buf_adds(b, tail.s);
			buf_free(&tail);
		}
	}
	buf_adds(b, " },\n");
}

/*
 * Where the option labelled label comes in the question step_id of m, as
 * the module file lists it (its normalised options, read with raw accesses
 * so that no pack code runs); (size_t)-1 when it is not there.
 */
static size_t option_rank(const struct module *m, const char *step_id,
			  const char *label)
{
	lua_State *L = sandbox_state(m->sb);
	const struct step *st = NULL;
	size_t i, rank = (size_t)-1;
	int top = lua_gettop(L);

	for (i = 0; i < m->nsteps && !st; i++)
		if (m->steps[i].id && !strcmp(m->steps[i].id, step_id))
			st = &m->steps[i];
	if (!st || st->kind != STEP_QUESTION || st->q_ref == LUA_NOREF)
		return rank;
	lua_rawgeti(L, LUA_REGISTRYINDEX, st->q_ref);
	lua_pushliteral(L, "options");
	if (lua_type(L, -2) == LUA_TTABLE && lua_rawget(L, -2) == LUA_TTABLE) {
		lua_Integer j, n = (lua_Integer)lua_rawlen(L, -1);

		for (j = 1; j <= n && rank == (size_t)-1; j++) {
			if (lua_rawgeti(L, -1, j) == LUA_TTABLE) {
				lua_pushliteral(L, "text");
				if (lua_rawget(L, -2) == LUA_TSTRING &&
				    !strcmp(lua_tostring(L, -1), label))
					rank = (size_t)(j - 1);
				lua_pop(L, 1);
			}
			lua_pop(L, 1);
		}
	}
	lua_settop(L, top);
	return rank;
}

/*
 * Puts the options of a several-choice answer in the order the module
 * lists them rather than the order a shuffle showed them, so that two
 * recordings of the same answer read the same.  (An order's items stay
 * in the order given: that order is the answer.)
 */
static void module_order(const struct module *m, struct feedback *fb)
{
	size_t i, j, *rank;

	if (fb->kind != VIEW_MANY || fb->ngiven < 2)
		return;
	rank = xcalloc(fb->ngiven, sizeof(*rank));
	for (i = 0; i < fb->ngiven; i++)
		rank[i] = option_rank(m, fb->step_id, fb->given[i]);
	for (i = 1; i < fb->ngiven; i++) {
		for (j = i; j > 0 && rank[j - 1] > rank[j]; j--) {
			size_t r = rank[j];
			char *g = fb->given[j];

			rank[j] = rank[j - 1];
			fb->given[j] = fb->given[j - 1];
			rank[j - 1] = r;
			fb->given[j - 1] = g;
		}
	}
	free(rank);
}

/* How the replayed module ended. */
struct ending {
	int passed, score, max, percent;
};

/*
 * Replays answers[0..n) on a fresh session of m (taken), appending to
 * body the playthrough's fields: the module, the answers, the result.
 * Returns 0 with *end filled, or -1 with *msg.
 */
static int replay(struct module *m, uint64_t seed,
		  const struct answer *answers, size_t n, struct buf *body,
		  struct ending *end, char **msg)
{
	struct session *s;
	const struct view *v;
	size_t i;

	buf_adds(body, "  module = ");
	playthrough_add_quoted(body, m->id);
	buf_adds(body, ",\n");
	s = session_start(m, seed, msg);
	if (!s)
		return -1;
	for (i = 0; i < n; i++) {
		struct feedback fb;

		v = session_view(s);
		if (v->kind == VIEW_END || strcmp(v->step_id,
						  answers[i].step_id)) {
			*msg = xasprintf("answer %zu was to step '%s', but the "
					 "module now shows '%s' there", i + 1,
					 answers[i].step_id, v->step_id ?
					 v->step_id : "the end");
			goto fail;
		}
		if (session_answer(s, answers[i].input, &fb, msg) != ANSWER_OK)
			goto fail;
		if (fb.kind != VIEW_PAGE && fb.ngiven) {
			module_order(session_module(s), &fb);
			add_answer(body, &fb);
		}
		feedback_clear(&fb);
	}
	v = session_view(s);
	if (v->kind != VIEW_END) {
		*msg = xasprintf("the answers stop at step '%s', before the "
				 "end of the module", v->step_id);
		goto fail;
	}
	end->passed = v->passed;
	end->score = v->score;
	end->max = v->max;
	end->percent = v->percent;
	buf_addf(body, "  result = \"%s\",\n  score = %d,\n  percent = %d,\n",
		 v->passed ? "passed" : "not passed", v->score, v->percent);
	session_free(s);
	return 0;
fail:
	session_free(s);
	return -1;
}

/* Appends playthrough "name" { body }. */
static void add_playthrough(struct buf *b, const char *name, const char *body)
{
	buf_adds(b, "playthrough ");
	playthrough_add_quoted(b, name);
	buf_adds(b, " {\n");
	buf_adds(b, body);
	buf_adds(b, "}\n");
}

char *playthrough_lua(struct module *m, uint64_t seed,
		      const struct answer *answers, size_t n,
		      const char *name, char **msg)
{
	struct buf body = BUF_INIT, b = BUF_INIT;
	struct ending end;

	if (replay(m, seed, answers, n, &body, &end, msg) < 0) {
		buf_free(&body);
		return NULL;
	}
	add_playthrough(&b, name, body.s);
	buf_free(&body);
	return buf_detach(&b);
}

/* The folder part of path ("." when it has none), malloc'd. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int playthrough_check_file(const char *path, char **msg)
{
	size_t len = strlen(path);
	char *dir;
	struct stat st;
	int ret = -1;

	if (len < 5 || strcmp(path + len - 4, ".lua") || path[len - 5] == '/') {
		*msg = xasprintf("cannot record to '%s': a tests file's name "
				 "ends in .lua, as tests/NAME.lua", path);
		return -1;
	}
	dir = folder_of(path);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		*msg = xasprintf("cannot record to '%s': there is no folder "
				 "'%s' (a pack's playthroughs go in its tests "
				 "folder)", path, dir);
		goto out;
	}
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			*msg = xasprintf("cannot record to '%s': it is not a "
					 "file", path);
		else if (access(path, W_OK) < 0)
			*msg = xasprintf("cannot record to '%s': %s", path,
					 strerror(errno));
		else
			ret = 0;
	} else if (errno != ENOENT) {
		*msg = xasprintf("cannot record to '%s': %s", path,
				 strerror(errno));
	} else if (access(dir, W_OK) < 0) {
		*msg = xasprintf("cannot record to '%s': cannot write in the "
				 "folder '%s': %s", path, dir, strerror(errno));
	} else {
		ret = 0;
	}
out:
	free(dir);
	return ret;
}

/* Nonzero when text already has the string literal "name" anywhere. */
static int name_used(const char *text, const char *name)
{
	struct buf q = BUF_INIT;
	int used;

	playthrough_add_quoted(&q, name);
	used = text && strstr(text, q.s) != NULL;
	buf_free(&q);
	return used;
}

/* A name for the playthrough that ended as end, not yet used in text. */
static char *new_name(const char *text, const struct ending *end, time_t now)
{
	char t[TIME_LEN], day[WORDS_LEN];
	char *base, *name;
	int i;

	fmt_time(now, t);
	fmt_date_words(t, day, sizeof(day));
	base = xasprintf("%s %d/%d, played on %s", end->passed ? "passed" :
			 "not passed", end->score, end->max, day);
	name = xstrdup(base);
	for (i = 2; name_used(text, name); i++) {
		free(name);
		name = xasprintf("%s (%d)", base, i);
	}
	free(base);
	return name;
}

/* Writes all of s to the end of path; 0, or -1 with *msg. */
static int append(const char *path, const char *s, char **msg)
{
	FILE *f = fopen(path, "a");
	size_t len = strlen(s);

	if (!f) {
		*msg = xasprintf("cannot write '%s': %s", path,
				 strerror(errno));
		return -1;
	}
	if (fwrite(s, 1, len, f) != len || fflush(f) != 0) {
		*msg = xasprintf("cannot write '%s': %s", path,
				 strerror(errno));
		fclose(f);
		return -1;
	}
	if (fclose(f) != 0) {
		*msg = xasprintf("cannot write '%s': %s", path,
				 strerror(errno));
		return -1;
	}
	return 0;
}

int playthrough_save(const char *path, struct module *m, uint64_t seed,
		     const struct answer *answers, size_t n, time_t now,
		     char **name, char **msg)
{
	struct buf body = BUF_INIT, out = BUF_INIT;
	struct ending end;
	char *text = NULL;
	size_t len = 0;
	int ret = -1;

	if (playthrough_check_file(path, msg) < 0) {
		module_free(m);
		return -1;
	}
	if (replay(m, seed, answers, n, &body, &end, msg) < 0)
		goto out;
	if (read_file(path, TESTS_FILE_MAX, &text, &len) < 0) {
		if (errno != ENOENT) {
			*msg = xasprintf("cannot read '%s': %s", path,
					 strerror(errno));
			goto out;
		}
		text = NULL;
		len = 0;
	}
	if (!len) {
		buf_adds(&out, "-- Playthroughs recorded with `vigil pack play "
			 "--record`, which `vigil pack test`\n-- runs. Each "
			 "gives a learner's answers in order, by the exact "
			 "text of\n-- the option chosen (pages need no "
			 "answer), and the result, score and\n-- percent to "
			 "expect. Rename them, or edit them as you would one "
			 "you wrote.\n");
	} else if (text[len - 1] != '\n') {
		buf_addc(&out, '\n');
	}
	buf_addc(&out, '\n');
	*name = new_name(text, &end, now);
	add_playthrough(&out, *name, body.s);
	ret = append(path, out.s, msg);
	if (ret < 0) {
		free(*name);
		*name = NULL;
	}
out:
	free(text);
	buf_free(&body);
	buf_free(&out);
	return ret;
}
