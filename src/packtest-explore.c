/*
 * packtest-explore.c - an exploration of every way through a module, which
 * needs nothing from the author.  Every explored path drives a real
 * session of a freshly loaded module.  A session cannot be copied, so the
 * exploration rebuilds one by giving the answers that led to a state
 * again: replay is exact (session.h).  It reports pack code that fails,
 * dead ends, and a pass mark no way through can reach, each with the
 * answers that lead there.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "packtest-internal.h"
#include "sandbox.h"
#include "session.h"

/* What the exploration writes in a reflection. */
#define SAMPLE_TEXT "An answer written by pack test."

/* Facts longer than this are kept as their BLAKE2b hash, which bounds the
 * memory of an exploration whose state grows large. */
#define KEY_HASH_OVER 256

/* A way from one state to the next: the answer given. */
struct edge {
	size_t from, to;
	char *label;	/* as a playthrough writes it; "" for a page */
	size_t next;	/* the next edge from the same state, or NONE */
};

/* A state of a session: the step shown, the facts, the score so far. */
struct node {
	char *key;
	size_t step;	/* the step shown; NONE at the end */
	int end, passed, percent;
	int open;	/* never explored: the cap was reached */
	int failed;	/* pack code failed on some answer here */
	size_t edges;	/* the first edge from here, or NONE */
};

/* Pack code that failed on some path. */
struct failure {
	size_t node;	/* where the answer was given; NONE at the start */
	char *label;	/* the answer, or NULL */
	char *msg;	/* "FILE:LINE: message" */
	size_t len;	/* answers on the shortest way there */
};

/* A state on the way being explored, with the answers still to try. */
struct frame {
	size_t node;
	char *via;		/* the input that led here; NULL at the start */
	int deficit;		/* question points missed on the way here */
	struct session *s;	/* this state's session, not yet answered */
	struct session *ready;	/* a question's, already answered */
	int ready_deficit;	/* what that answer missed of the best */
	struct strv inputs, labels;
	size_t next;
};

/* What answering a question in every way found: the answer to go on with
 * when the question shows again in another state. */
struct tried {
	char *input;		/* NULL until the question has been tried */
	char *label;
	struct strv opts;	/* the options input numbers */
};

struct explorer {
	struct packrun *pr;
	size_t mi;
	struct modinfo *md;
	struct tried *tried;	/* per step */
	struct node *nodes;
	size_t nnodes, capnodes;
	struct edge *edges;
	size_t nedges, capedges;
	size_t *slots;		/* hash of keys: node index + 1, 0 if free */
	size_t nslots;
	struct failure *fails;
	size_t nfails, capfails;
	struct frame *frames;
	size_t nframes, capframes;
	size_t nopen;		/* states left unexplored at a limit */
	int cut_states, cut_depth, cut_time;	/* which limits were hit */
	struct timespec deadline;
};

/* Puts state n in the first free slot from its hash on. */
static void slots_put(struct explorer *ex, size_t n)
{
	size_t i = (size_t)str_hash(ex->nodes[n].key) & (ex->nslots - 1);

	while (ex->slots[i])
		i = (i + 1) & (ex->nslots - 1);
	ex->slots[i] = n + 1;
}

/* The node with this key (taken), added if new; *added says which. */
static size_t node_get(struct explorer *ex, char *key, int *added)
{
	size_t i, n;

	if (ex->nslots) {
		i = (size_t)str_hash(key) & (ex->nslots - 1);
		for (; ex->slots[i]; i = (i + 1) & (ex->nslots - 1)) {
			if (!strcmp(ex->nodes[ex->slots[i] - 1].key, key)) {
				free(key);
				*added = 0;
				return ex->slots[i] - 1;
			}
		}
	}
	if (ex->nnodes == ex->capnodes) {
		ex->capnodes = ex->capnodes ? ex->capnodes * 2 : 64;
		ex->nodes = xrealloc(ex->nodes,
				     ex->capnodes * sizeof(*ex->nodes));
	}
	n = ex->nnodes++;
	memset(&ex->nodes[n], 0, sizeof(ex->nodes[n]));
	ex->nodes[n].key = key;
	ex->nodes[n].step = NONE;
	ex->nodes[n].edges = NONE;
	if (ex->nnodes * 2 > ex->nslots) {
		free(ex->slots);
		ex->nslots = ex->nslots ? ex->nslots * 2 : 256;
		ex->slots = xcalloc(ex->nslots, sizeof(*ex->slots));
		for (i = 0; i < ex->nnodes; i++)
			slots_put(ex, i);
	} else {
		slots_put(ex, n);
	}
	*added = 1;
	return n;
}

/*
 * The key of the state session s is in: the step shown, the facts, and
 * the score, counting deficit (points of questions whose right answer was
 * not among those tried) as earned, since the exploration looks for what a
 * learner who answers well can reach.
 */
static char *node_key(struct session *s, int deficit)
{
	const struct view *v = session_view(s);
	int score, max;
	char *state, *key;

	session_score(s, &score, &max);
	if (v->kind == VIEW_END)
		return xasprintf("end %d/%d", score + deficit, max);
	state = session_state_key(s);
	if (strlen(state) > KEY_HASH_OVER) {
		unsigned char h[32];
		char hex[65];

		if (crypto_generichash(h, sizeof(h), (unsigned char *)state,
				       strlen(state), NULL, 0) != 0)
			abort();	/* only for sizes out of range */
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		free(state);
		state = xasprintf("#%s", hex);
	}
	key = xasprintf("%zu %d/%d %s", v->number - 1, score + deficit, max,
			state);
	free(state);
	return key;
}

/* Records that answering label at state from leads to state to. */
static void edge_add(struct explorer *ex, size_t from, size_t to,
		     const char *label)
{
	struct edge *e;

	if (ex->nedges == ex->capedges) {
		ex->capedges = ex->capedges ? ex->capedges * 2 : 64;
		ex->edges = xrealloc(ex->edges,
				     ex->capedges * sizeof(*ex->edges));
	}
	e = &ex->edges[ex->nedges];
	e->from = from;
	e->to = to;
	e->label = xstrdup(label);
	e->next = ex->nodes[from].edges;
	ex->nodes[from].edges = ex->nedges++;
}

/* Records pack code failing at node when given label (msg is taken). */
static void failure_add(struct explorer *ex, size_t node, const char *label,
			char *msg)
{
	struct failure *f;

	if (ex->nfails == ex->capfails) {
		ex->capfails = ex->capfails ? ex->capfails * 2 : 16;
		ex->fails = xrealloc(ex->fails,
				     ex->capfails * sizeof(*ex->fails));
	}
	f = &ex->fails[ex->nfails++];
	f->node = node;
	f->label = label ? xstrdup(label) : NULL;
	f->msg = msg ? msg : xstrdup("pack code failed");
	f->len = 0;
	if (node != NONE)
		ex->nodes[node].failed = 1;
}

/*
 * A fresh session in the state of frame depth - 1: the module loaded
 * again and the answers that led there given again.  NULL with *msg if
 * that does not give the same session (pack code that is not
 * deterministic, or a time limit that tripped only this time).
 */
static struct session *replay(struct explorer *ex, size_t depth, char **msg)
{
	struct diags d = DIAGS_INIT;
	struct module *m = module_load(ex->pr->p, ex->mi, ex->pr->plugin_dirs,
				       &d);
	struct session *s;
	struct answer *answers;
	char *why = NULL;
	size_t i;

	diag_free(&d);
	if (!m) {
		*msg = xasprintf("%s: the module did not load again",
				 ex->md->ref->file);
		return NULL;
	}
	s = session_start(m, PACKTEST_SEED, msg);
	if (!s)
		return NULL;
	/* the answer that led to frame i was given at frame i - 1's step */
	answers = xcalloc(depth, sizeof(*answers));	/* nframes: >= 1 */
	for (i = 1; i < depth; i++) {
		answers[i - 1].step_id =
			m->steps[ex->nodes[ex->frames[i - 1].node].step].id;
		answers[i - 1].input = ex->frames[i].via;
	}
	if (session_give(s, answers, depth - 1, &why) < 0) {
		*msg = xasprintf("%s: giving the same answers again gave a "
				 "different result: %s", ex->md->ref->file,
				 why ? why : "refused");
		free(why);
		session_free(s);
		s = NULL;
	}
	free(answers);
	return s;
}

/* Adds one answer to try: its input line and its label (taken). */
static void add_trial(struct strv *in, struct strv *lab, const char *input,
		      char *label)
{
	strv_push(in, input);
	strv_push(lab, label);
	free(label);
}

/* Each kind of answer worth trying at the question view v. */
static void trial_answers(const struct view *v, struct strv *in,
			  struct strv *lab)
{
	const char *const *o = v->options;
	size_t n = v->noptions, i;
	struct buf b = BUF_INIT, l = BUF_INIT;

	switch (v->kind) {
	case VIEW_ONE:
		for (i = 0; i < n; i++) {
			char num[32];

			snprintf(num, sizeof(num), "%zu", i + 1);
			add_trial(in, lab, num, packtest_quoted(o[i]));
		}
		break;
	case VIEW_MANY:
		add_trial(in, lab, "", xstrdup("{ }"));
		for (i = 0; i < n; i++) {
			char num[32];

			snprintf(num, sizeof(num), "%zu", i + 1);
			packtest_add_braced(&l, o + i, 1);
			add_trial(in, lab, num, buf_detach(&l));
		}
		if (n > 1) {
			for (i = 0; i < n; i++)
				buf_addf(&b, "%s%zu", i ? "," : "", i + 1);
			packtest_add_braced(&l, o, n);
			add_trial(in, lab, b.s, buf_detach(&l));
		}
		break;
	case VIEW_ORDER:
		for (i = 0; i < n; i++)
			buf_addf(&b, "%s%zu", i ? "," : "", i + 1);
		packtest_add_braced(&l, o, n);
		add_trial(in, lab, b.s, buf_detach(&l));
		buf_free(&b);
		buf_adds(&l, "{ ");
		for (i = n; i > 0; i--) {
			buf_addf(&b, "%s%zu", i < n ? "," : "", i);
			if (i < n)
				buf_adds(&l, ", ");
			packtest_add_quoted(&l, o[i - 1]);
		}
		buf_adds(&l, " }");
		add_trial(in, lab, b.s, buf_detach(&l));
		break;
	default:
		add_trial(in, lab, SAMPLE_TEXT, packtest_quoted(SAMPLE_TEXT));
		add_trial(in, lab, "", xstrdup("\"\""));
		break;
	}
	buf_free(&b);
	buf_free(&l);
}

/*
 * The input that gives at view v the answer that input gave when the
 * options shown were opts: the same texts, wherever they are shown now.
 * NULL when the options are not the same.
 */
static char *remap_input(const char *input, const struct strv *opts,
			 const struct view *v)
{
	struct buf b = BUF_INIT;
	const char *p = input;

	if (v->kind == VIEW_TEXT)
		return xstrdup(input);
	if (opts->n != v->noptions)
		return NULL;
	while (*p) {
		char *end;
		long k = strtol(p, &end, 10);
		int at;

		if (end == p || k < 1 || (size_t)k > opts->n ||
		    (*end && *end != ',') ||
		    (at = packtest_option_index(v, opts->v[k - 1])) < 0) {
			buf_free(&b);
			return NULL;
		}
		buf_addf(&b, "%s%d", b.len ? "," : "", at + 1);
		p = *end ? end + 1 : end;
	}
	if (!b.len)
		return NULL;
	return buf_detach(&b);
}

/*
 * Gives the question at frame f (step si) every kind of answer, each on a
 * session of its own, to see that its grading never fails.  A question's
 * answer changes the score but never the way on, so the path goes on with
 * the answer that scored best, which is kept for when the question shows
 * again in another state: plugins never see the state, so trying every
 * answer there would find nothing new.  Where the answers tried are not
 * all there are (several choices, an order), the right one may not be
 * among them: the points missed are then counted as earned.
 */
static void try_answers(struct explorer *ex, struct frame *f, size_t si)
{
	struct strv in = STRV_INIT, lab = STRV_INIT, opts = STRV_INIT;
	struct session *best = NULL;
	const struct view *v = session_view(f->s);
	enum view_kind kind = v->kind;
	struct tried *t = &ex->tried[si];
	int bestpoints = -1, score0, max0;
	size_t i, bi = 0;

	trial_answers(v, &in, &lab);
	for (i = 0; i < v->noptions; i++)
		strv_push(&opts, v->options[i]);
	session_score(f->s, &score0, &max0);
	for (i = 0; i < in.n; i++) {
		struct session *s = f->s;
		struct feedback fb;
		enum answer_status st;
		char *msg = NULL;
		int points;

		f->s = NULL;
		if (!s && !(s = replay(ex, ex->nframes, &msg))) {
			failure_add(ex, f->node, NULL, msg);
			break;
		}
		st = session_answer(s, in.v[i], &fb, &msg);
		points = fb.points;
		feedback_clear(&fb);
		if (st == ANSWER_OK && points > bestpoints) {
			session_free(best);
			best = s;
			bestpoints = points;
			bi = i;
			continue;
		}
		if (st == ANSWER_FAILED)
			failure_add(ex, f->node, lab.v[i], msg);
		else
			free(msg);	/* none at all, or an empty text */
		session_free(s);
	}
	session_free(f->s);
	f->s = NULL;
	if (best) {
		int score, max;

		session_score(best, &score, &max);
		f->ready = best;
		if (max > max0 && (kind == VIEW_MANY || kind == VIEW_ORDER))
			f->ready_deficit = (max - max0) - (score - score0);
		strv_push(&f->inputs, in.v[bi]);
		strv_push(&f->labels, lab.v[bi]);
		free(t->input);
		free(t->label);
		strv_free(&t->opts);
		t->input = xstrdup(in.v[bi]);
		t->label = xstrdup(lab.v[bi]);
		t->opts = opts;
		opts = (struct strv)STRV_INIT;
	}
	strv_free(&in);
	strv_free(&lab);
	strv_free(&opts);
}

/*
 * Takes session s, which is in state n, into the exploration: notes what
 * it shows and pushes a frame with the answers to try there.  via (taken)
 * is the input that led here.
 */
static void visit(struct explorer *ex, size_t n, struct session *s,
		  char *via, int deficit)
{
	const struct view *v = session_view(s);
	struct modinfo *md = ex->md;
	struct frame *f;
	size_t si, i;

	if (v->kind == VIEW_END) {
		int score, max;

		session_score(s, &score, &max);
		score += deficit;
		ex->nodes[n].end = 1;
		ex->nodes[n].passed = (long)score * 100 >=
				      (long)v->pass_mark * max;
		ex->nodes[n].percent = max ? (int)((long)score * 100 / max)
					   : 100;
		session_free(s);
		free(via);
		return;
	}
	si = v->number - 1;
	ex->nodes[n].step = si;
	md->showable[si] = 1;
	if (ex->nframes == ex->capframes) {
		ex->capframes = ex->capframes ? ex->capframes * 2 : 64;
		ex->frames = xrealloc(ex->frames,
				      ex->capframes * sizeof(*ex->frames));
	}
	f = &ex->frames[ex->nframes++];
	memset(f, 0, sizeof(*f));
	f->node = n;
	f->via = via;
	f->s = s;
	f->deficit = deficit;
	if (v->kind == VIEW_PAGE) {
		strv_push(&f->inputs, "");
		strv_push(&f->labels, "");
		return;
	}
	for (i = 0; i < v->noptions; i++)
		strv_add_once(&md->seen[si], v->options[i]);
	if (md->ref->steps[si].kind != STEP_SCENE) {
		const struct tried *t = &ex->tried[si];
		char *in = t->input ? remap_input(t->input, &t->opts, v) : NULL;

		if (!in) {
			try_answers(ex, f, si);
			return;
		}
		strv_push(&f->inputs, in);
		strv_push(&f->labels, t->label);
		free(in);
		return;
	}
	for (i = 0; i < v->noptions; i++) {
		char num[32], *q = packtest_quoted(v->options[i]);

		snprintf(num, sizeof(num), "%zu", i + 1);
		strv_push(&f->inputs, num);
		strv_push(&f->labels, q);
		free(q);
	}
}

/* Leaves the state on top of the stack: every answer there is tried. */
static void frame_pop(struct explorer *ex)
{
	struct frame *f = &ex->frames[--ex->nframes];

	free(f->via);
	session_free(f->s);
	session_free(f->ready);
	strv_free(&f->inputs);
	strv_free(&f->labels);
}

/*
 * Explores every state reachable from the start, depth first: each scene
 * choice, and each question with every kind of answer.  A state already
 * seen (same step, facts and score) is not explored again, which is what
 * ends loops.
 */
static void explore_all(struct explorer *ex)
{
	struct module *m;
	struct session *s;
	struct diags d = DIAGS_INIT;
	char *msg = NULL;
	int added;
	size_t root;

	sandbox_budget_begin();
	m = module_load(ex->pr->p, ex->mi, ex->pr->plugin_dirs, &d);
	diag_free(&d);
	if (!m) {
		failure_add(ex, NONE, NULL, xasprintf("%s: the module did not "
						      "load again",
						      ex->md->ref->file));
		return;
	}
	s = session_start(m, PACKTEST_SEED, &msg);
	if (!s) {
		failure_add(ex, NONE, NULL, msg);
		return;
	}
	root = node_get(ex, node_key(s, 0), &added);
	visit(ex, root, s, NULL, 0);
	while (ex->nframes) {
		struct frame *f = &ex->frames[ex->nframes - 1];
		size_t i, from = f->node, child;
		int deficit = f->deficit;
		char *input;

		if (timespec_past(&ex->deadline)) {
			/* what is left of the way being explored counts as
			 * able to reach the end: unknown, not a dead end */
			ex->cut_time = 1;
			for (i = 0; i < ex->nframes; i++)
				ex->nodes[ex->frames[i].node].open = 1;
			while (ex->nframes)
				frame_pop(ex);
			break;
		}
		if (f->next >= f->inputs.n) {
			frame_pop(ex);
			continue;
		}
		/* each answer tried, with the replay it may need, is one unit
		 * of work, as one request of a take is */
		sandbox_budget_begin();
		i = f->next++;
		if (f->ready) {
			s = f->ready;
			f->ready = NULL;
			deficit += f->ready_deficit;
		} else {
			struct feedback fb;
			enum answer_status st;
			enum view_kind kind;
			int score0, max0, score, max;

			s = f->s;
			f->s = NULL;
			if (!s && !(s = replay(ex, ex->nframes, &msg))) {
				failure_add(ex, from, NULL, msg);
				msg = NULL;
				continue;
			}
			kind = session_view(s)->kind;
			session_score(s, &score0, &max0);
			st = session_answer(s, f->inputs.v[i], &fb, &msg);
			feedback_clear(&fb);
			if (st != ANSWER_OK) {
				failure_add(ex, from, f->labels.v[i], msg);
				msg = NULL;
				session_free(s);
				continue;
			}
			/* as try_answers() counts it */
			session_score(s, &score, &max);
			if (max > max0 && (kind == VIEW_MANY ||
					   kind == VIEW_ORDER))
				deficit += (max - max0) - (score - score0);
		}
		child = node_get(ex, node_key(s, deficit), &added);
		edge_add(ex, from, child, f->labels.v[i]);
		input = xstrdup(f->inputs.v[i]);
		if (!added) {
			session_free(s);
			free(input);
		} else if (ex->nnodes - ex->nopen > PACKTEST_STATE_CAP ||
			   ex->nframes >= PACKTEST_DEPTH_CAP) {
			if (ex->nframes >= PACKTEST_DEPTH_CAP)
				ex->cut_depth = 1;
			else
				ex->cut_states = 1;
			ex->nodes[child].open = 1;
			ex->nopen++;
			session_free(s);
			free(input);
		} else {
			visit(ex, child, s, input, deficit);	/* f moves */
		}
	}
}

/* "reached by: "a" > "b"", the shortest way from the start to node n and
 * then last; pages add nothing. */
static char *reached_by(const struct explorer *ex, const size_t *parent,
			size_t n, const char *last)
{
	struct strv labels = STRV_INIT;
	struct buf b = BUF_INIT;
	size_t i, count = 0;

	if (last && *last)
		strv_push(&labels, last);
	while (n != NONE && parent[n] != NONE) {
		const struct edge *e = &ex->edges[parent[n]];

		if (*e->label)
			strv_push(&labels, e->label);
		n = e->from;
	}
	for (i = labels.n; i > 0; i--) {
		buf_adds(&b, count++ ? " > " : "reached by: ");
		buf_adds(&b, labels.v[i - 1]);
	}
	if (!count)
		buf_adds(&b, "at the start of the module");
	strv_free(&labels);
	return buf_detach(&b);
}

/* For qsort: failures by message, the shortest way first within one. */
static int cmp_failure(const void *a, const void *b)
{
	const struct failure *x = a, *y = b;
	int c = strcmp(x->msg, y->msg);

	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* The line of `key =` in file, or 0: where the author set it. */
static int line_of_field(const char *file, const char *key)
{
	char *src;
	size_t len, klen = strlen(key);
	const char *p;
	int line = 1;

	if (read_file(file, SANDBOX_SOURCE_CAP, &src, &len) < 0)
		return 0;
	for (p = src; *p; p++) {
		if (*p == '\n') {
			line++;
		} else if (!strncmp(p, key, klen) &&
			   (p == src || p[-1] == ' ' || p[-1] == '\t' ||
			    p[-1] == '{' || p[-1] == ',' || p[-1] == '\n')) {
			const char *q = p + klen;

			while (*q == ' ' || *q == '\t')
				q++;
			if (q[0] == '=' && q[1] != '=') {
				free(src);
				return line;
			}
		}
	}
	free(src);
	return 0;
}

/*
 * Numbers the strongly connected components of the dead states (those
 * from which the end cannot be reached) into comp, NONE for live ones, by
 * Tarjan's algorithm without recursion; returns how many.  Every answer
 * from a dead state leads to a dead state, so the components with no way
 * out are where a learner goes round for ever.
 */
static size_t dead_components(const struct explorer *ex,
			      const unsigned char *live, size_t *comp)
{
	size_t n = ex->nnodes, counter = 0, ncomp = 0, sp = 0, cp = 0, r;
	size_t *idx = xcalloc(n + 1, sizeof(*idx));
	size_t *low = xcalloc(n + 1, sizeof(*low));
	size_t *stk = xcalloc(n + 1, sizeof(*stk));
	size_t *cs_node = xcalloc(n + 1, sizeof(*cs_node));
	size_t *cs_edge = xcalloc(n + 1, sizeof(*cs_edge));
	unsigned char *on = xcalloc(n + 1, 1);

	for (r = 0; r < n; r++)
		idx[r] = comp[r] = NONE;
	for (r = 0; r < n; r++) {
		if (live[r] || idx[r] != NONE)
			continue;
		idx[r] = low[r] = counter++;
		stk[sp++] = r;
		on[r] = 1;
		cs_node[cp] = r;
		cs_edge[cp++] = ex->nodes[r].edges;
		while (cp) {
			size_t v = cs_node[cp - 1], e = cs_edge[cp - 1], w;

			if (e != NONE) {
				cs_edge[cp - 1] = ex->edges[e].next;
				w = ex->edges[e].to;
				if (live[w])
					continue;
				if (idx[w] == NONE) {
					idx[w] = low[w] = counter++;
					stk[sp++] = w;
					on[w] = 1;
					cs_node[cp] = w;
					cs_edge[cp++] = ex->nodes[w].edges;
				} else if (on[w] && idx[w] < low[v]) {
					low[v] = idx[w];
				}
				continue;
			}
			if (low[v] == idx[v]) {
				do {
					w = stk[--sp];
					on[w] = 0;
					comp[w] = ncomp;
				} while (w != v);
				ncomp++;
			}
			if (--cp && low[v] < low[cs_node[cp - 1]])
				low[cs_node[cp - 1]] = low[v];
		}
	}
	free(idx);
	free(low);
	free(stk);
	free(cs_node);
	free(cs_edge);
	free(on);
	return ncomp;
}

/* A dead state, for grouping them by component and step. */
struct dead {
	size_t comp, step, node;
};

/* For qsort: dead states by component, then by step in file order. */
static int cmp_dead(const void *a, const void *b)
{
	const struct dead *x = a, *y = b;

	if (x->comp != y->comp)
		return (x->comp > y->comp) - (x->comp < y->comp);
	return (x->step > y->step) - (x->step < y->step);
}

/* A set of dead states with no way out: where a learner goes round. */
struct trap {
	char *steps;	/* the steps it goes round, in file order */
	size_t nsteps;
	size_t near;	/* its state nearest the start */
	size_t dist;
};

/* For qsort: traps nearest the start first, so a repeat is the farther. */
static int cmp_trap(const void *a, const void *b)
{
	const struct trap *x = a, *y = b;

	return (x->dist > y->dist) - (x->dist < y->dist);
}

/*
 * Reports each trap a learner can fall into, once per set of steps it goes
 * round (in another state, a different score say, it is the same mistake),
 * at its state nearest the start, with the answers that lead there.
 */
static void report_dead_ends(const struct explorer *ex,
			     const unsigned char *live, const size_t *dist,
			     const size_t *parent, struct diags *d)
{
	const struct module *m = ex->md->ref;
	size_t n = ex->nnodes, i, j, k, e, ndead = 0, ntraps = 0, ncomp;
	size_t *comp = xcalloc(n + 1, sizeof(*comp));
	struct dead *dv = xcalloc(n + 1, sizeof(*dv));
	struct trap *traps;
	struct strv seen = STRV_INIT;
	unsigned char *sink;

	ncomp = dead_components(ex, live, comp);
	sink = xcalloc(ncomp + 1, 1);
	traps = xcalloc(ncomp + 1, sizeof(*traps));
	memset(sink, 1, ncomp);
	for (i = 0; i < n; i++) {
		if (comp[i] == NONE)
			continue;
		for (e = ex->nodes[i].edges; e != NONE; e = ex->edges[e].next)
			if (comp[ex->edges[e].to] != comp[i])
				sink[comp[i]] = 0;
		if (ex->nodes[i].step != NONE && dist[i] != NONE) {
			dv[ndead].comp = comp[i];
			dv[ndead].step = ex->nodes[i].step;
			dv[ndead++].node = i;
		}
	}
	if (ndead)
		qsort(dv, ndead, sizeof(*dv), cmp_dead);
	for (i = 0; i < ndead; i = j) {
		struct trap *t = &traps[ntraps];
		struct buf steps = BUF_INIT;
		size_t named;

		for (j = i; j < ndead && dv[j].comp == dv[i].comp; j++)
			;
		if (!sink[dv[i].comp])
			continue;
		t->near = dv[i].node;
		for (k = i; k < j; k++)
			if (dist[dv[k].node] < dist[t->near])
				t->near = dv[k].node;
		for (k = i; k < j; k++)
			t->nsteps += k == i || dv[k].step != dv[k - 1].step;
		for (k = i, named = 0; k < j; k++) {
			if (k > i && dv[k].step == dv[k - 1].step)
				continue;
			named++;
			buf_addf(&steps, "%s'%s'", named == 1 ? "" :
				 named == t->nsteps ? " and " : ", ",
				 m->steps[dv[k].step].id);
		}
		t->dist = dist[t->near];
		t->steps = buf_detach(&steps);
		ntraps++;
	}
	if (ntraps)
		qsort(traps, ntraps, sizeof(*traps), cmp_trap);
	for (i = 0; i < ntraps; i++) {
		const struct trap *t = &traps[i];
		const struct step *st = &m->steps[ex->nodes[t->near].step];
		char *way;

		if (strv_has(&seen, t->steps))
			continue;
		strv_push(&seen, t->steps);
		way = reached_by(ex, parent, t->near, NULL);
		diag_add(d, DIAG_ERROR, m->file, st->line, "dead end at step "
			 "'%s': no answer leads to the end of the module; %s%s"
			 "%s%s", st->id, way, t->nsteps > 1 ? " (from there "
			 "every answer leads round steps " : "",
			 t->nsteps > 1 ? t->steps : "",
			 t->nsteps > 1 ? ")" : "");
		free(way);
	}
	for (i = 0; i < ntraps; i++)
		free(traps[i].steps);
	free(traps);
	strv_free(&seen);
	free(dv);
	free(sink);
	free(comp);
}

/*
 * Marks in live the states from which the end (or something already
 * reported, or left unexplored) can be reached.
 */
static void states_live(const struct explorer *ex, unsigned char *live)
{
	size_t n = ex->nnodes, i, e, qn = 0;
	size_t *queue = xcalloc(n + 1, sizeof(*queue));
	size_t *rhead = xcalloc(n + 1, sizeof(*rhead));
	size_t *rnext = xcalloc(ex->nedges + 1, sizeof(*rnext));

	for (i = 0; i < n; i++)
		rhead[i] = NONE;
	for (e = 0; e < ex->nedges; e++) {
		rnext[e] = rhead[ex->edges[e].to];
		rhead[ex->edges[e].to] = e;
	}
	for (i = 0; i < n; i++) {
		const struct node *nd = &ex->nodes[i];

		if (nd->end || nd->open || nd->failed) {
			live[i] = 1;
			queue[qn++] = i;
		}
	}
	for (i = 0; i < qn; i++)
		for (e = rhead[queue[i]]; e != NONE; e = rnext[e]) {
			size_t from = ex->edges[e].from;

			if (!live[from]) {
				live[from] = 1;
				queue[qn++] = from;
			}
		}
	free(queue);
	free(rhead);
	free(rnext);
}

/*
 * Turns the explored states into diagnostics: pack code that failed (once
 * per message, by the shortest way), dead ends (once per step, where the
 * way in is shortest), a pass mark no way reaches, steps never shown.
 */
static void explore_report(struct explorer *ex, struct diags *d)
{
	const struct module *m = ex->md->ref;
	size_t n = ex->nnodes, i, e, qn = 0, before = d->errors;
	unsigned char *live = xcalloc(n + 1, 1);
	size_t *queue = xcalloc(n + 1, sizeof(*queue));
	size_t *dist = xcalloc(n + 1, sizeof(*dist));
	size_t *parent = xcalloc(n + 1, sizeof(*parent));
	int ends = 0, passes = 0, best = -1;

	/* the shortest way from the start to each state */
	for (i = 0; i < n; i++)
		dist[i] = parent[i] = NONE;
	if (n) {
		dist[0] = 0;
		queue[qn++] = 0;
	}
	for (i = 0; i < qn; i++)
		for (e = ex->nodes[queue[i]].edges; e != NONE;
		     e = ex->edges[e].next) {
			size_t to = ex->edges[e].to;

			if (dist[to] == NONE) {
				dist[to] = dist[queue[i]] + 1;
				parent[to] = e;
				queue[qn++] = to;
			}
		}
	states_live(ex, live);
	for (i = 0; i < n; i++) {
		const struct node *nd = &ex->nodes[i];

		if (nd->end) {
			ends++;
			passes += nd->passed;
			if (nd->percent > best)
				best = nd->percent;
		}
	}
	/* pack code that failed, once per message */
	for (i = 0; i < ex->nfails; i++) {
		struct failure *f = &ex->fails[i];

		f->len = f->node == NONE ? 0 : dist[f->node] + 1;
	}
	if (ex->nfails)
		qsort(ex->fails, ex->nfails, sizeof(*ex->fails), cmp_failure);
	for (i = 0; i < ex->nfails; i++) {
		const struct failure *f = &ex->fails[i];
		char *way, *msg;

		if (i && !strcmp(f->msg, ex->fails[i - 1].msg))
			continue;
		way = reached_by(ex, parent, f->node, f->label);
		msg = xasprintf("%s; %s", f->msg, way);
		diag_add_lua(d, DIAG_ERROR, m->file, 0, msg);
		free(msg);
		free(way);
	}
	report_dead_ends(ex, live, dist, parent, d);
	if (d->errors == before && ends && !passes)
		diag_add(d, DIAG_ERROR, m->file,
			 line_of_field(m->file, "pass_mark"), "no way through "
			 "the module reaches its pass mark of %d%%: the best "
			 "any way scores is %d%%",
			 m->pass_mark, best);
	if (ex->cut_states)
		diag_add(d, DIAG_WARNING, m->file, 0, "exploration stopped "
			 "after %d states: the ways through beyond them are "
			 "not checked", PACKTEST_STATE_CAP);
	if (ex->cut_depth)
		diag_add(d, DIAG_WARNING, m->file, 0, "ways through longer "
			 "than %d answers are not followed further (does pack "
			 "code keep changing the state?)", PACKTEST_DEPTH_CAP);
	if (ex->cut_time)
		diag_add(d, DIAG_WARNING, m->file, 0, "exploration stopped "
			 "after %d seconds: the ways through beyond are not "
			 "checked", PACKTEST_TIME_CAP);
	if (!ex->cut_states && !ex->cut_depth && !ex->cut_time &&
	    d->errors == before)
		for (i = 0; i < m->nsteps; i++)
			if (m->steps[i].kind != STEP_FINISH &&
			    !ex->md->showable[i])
				diag_add(d, DIAG_WARNING, m->file,
					 m->steps[i].line, "step '%s' is never "
					 "shown: no way through the module "
					 "reaches it", m->steps[i].id);
	free(live);
	free(queue);
	free(dist);
	free(parent);
}

/* Frees what an exploration built (not ex, which is on the stack). */
static void explorer_free(struct explorer *ex)
{
	size_t i;

	while (ex->nframes)
		frame_pop(ex);
	free(ex->frames);
	for (i = 0; i < ex->nnodes; i++)
		free(ex->nodes[i].key);
	free(ex->nodes);
	for (i = 0; i < ex->nedges; i++)
		free(ex->edges[i].label);
	free(ex->edges);
	for (i = 0; i < ex->nfails; i++) {
		free(ex->fails[i].label);
		free(ex->fails[i].msg);
	}
	free(ex->fails);
	free(ex->slots);
	for (i = 0; i < ex->md->ref->nsteps; i++) {
		free(ex->tried[i].input);
		free(ex->tried[i].label);
		strv_free(&ex->tried[i].opts);
	}
	free(ex->tried);
}

/* Explores module mi and reports it as one test. */
void packtest_explore(struct packrun *pr, size_t mi)
{
	struct explorer ex;
	struct diags d = DIAGS_INIT;
	size_t n;

	memset(&ex, 0, sizeof(ex));
	ex.pr = pr;
	ex.mi = mi;
	ex.md = &pr->mods[mi];
	ex.tried = xcalloc(ex.md->ref->nsteps + 1, sizeof(*ex.tried));
	clock_gettime(CLOCK_MONOTONIC, &ex.deadline);
	ex.deadline.tv_sec += PACKTEST_TIME_CAP;
	explore_all(&ex);
	explore_report(&ex, &d);
	n = ex.nnodes - ex.nopen;
	packtest_report(pr, d.errors == 0, &d, "%s: exploration, %zu state%s",
			pr->p->modules[mi].id, n, n == 1 ? "" : "s");
	explorer_free(&ex);
	diag_free(&d);
}

int packtest_explore_steps(struct pack *p, size_t mi,
			   const struct strv *plugin_dirs, unsigned char *shown,
			   unsigned char *dead)
{
	struct packtest_counts c = { 0, 0 };
	struct packrun pr;
	struct modinfo md;
	struct explorer ex;
	struct diags d = DIAGS_INIT;
	unsigned char *live;
	size_t i, n;
	int whole;

	memset(&pr, 0, sizeof(pr));
	memset(&md, 0, sizeof(md));
	pr.p = p;
	pr.plugin_dirs = plugin_dirs;
	pr.c = &c;
	pr.mods = &md;
	sandbox_budget_begin();
	md.ref = module_load(p, mi, plugin_dirs, &d);
	diag_free(&d);
	if (!md.ref)
		return -1;
	n = md.ref->nsteps + 1;
	md.reached = xcalloc(n, 1);
	md.showable = xcalloc(n, 1);
	md.chosen = xcalloc(n, sizeof(*md.chosen));
	md.seen = xcalloc(n, sizeof(*md.seen));
	memset(&ex, 0, sizeof(ex));
	ex.pr = &pr;
	ex.mi = mi;
	ex.md = &md;
	ex.tried = xcalloc(n, sizeof(*ex.tried));
	clock_gettime(CLOCK_MONOTONIC, &ex.deadline);
	ex.deadline.tv_sec += PACKTEST_TIME_CAP;
	explore_all(&ex);
	live = xcalloc(ex.nnodes + 1, 1);
	states_live(&ex, live);
	memcpy(shown, md.showable, md.ref->nsteps);
	memset(dead, 0, md.ref->nsteps);
	for (i = 0; i < ex.nnodes; i++)
		if (!live[i] && ex.nodes[i].step != NONE)
			dead[ex.nodes[i].step] = 1;
	whole = !ex.cut_states && !ex.cut_depth && !ex.cut_time &&
		!ex.nfails;
	free(live);
	explorer_free(&ex);
	packtest_modinfo_free(&md);
	return whole ? 0 : -1;
}
