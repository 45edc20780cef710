/*
 * map.c - a module drawn as SVG: boxes top to bottom in file order, ways
 * between them straight down or round the side (map.h).
 *
 * The layout is fixed rather than searched for, so that the same module
 * always gives the same map and an author finds a step where the file has
 * it.  Each `go` arrow gets a lane of its own beside the boxes, shorter
 * ones nearer, so that arrows nest instead of crossing; lanes are reused
 * where arrows do not overlap, which keeps a long module narrow.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "html.h"
#include "lint.h"
#include "map.h"
#include "markdown.h"
#include "pack.h"
#include "packtest.h"
#include "util.h"

/* The drawing's measures, in SVG user units (CSS pixels at 100%). */
#define MARGIN	16
#define BOXW	520	/* a step's box */
#define GAP	40	/* between boxes, where the straight arrows run */
#define LINE	17	/* a line of text in a box */
#define PAD	10	/* from a box's edge to its text */
#define LANE	12	/* between side arrows */
#define TOP	268	/* where the first box starts, below the legend */
#define ENDH	30	/* the box for the end of the module */

/* The most characters of a text a box shows: about its width at 13px. */
#define TEXT_CHARS	70
#define CHOICE_CHARS	44
#define ID_CHARS	24

#define INK		"#222222"
#define FORWARD		"#1d4ed8"
#define BACKWARD	"#b45309"
#define SKIP		"#555555"
#define DEAD		"#b91c1c"

enum way_kind { WAY_NEXT, WAY_GO, WAY_SKIP };

/* An arrow between two boxes; to is nsteps for the end of the module. */
struct way {
	size_t from, to;
	enum way_kind kind;
	int side;		/* 0 straight down, -1 left, 1 right */
	int y1, y2;		/* where it leaves and where it arrives */
	int lane;
	const char *label;	/* the choice's text, or NULL */
};

struct box {
	int top, h;
	int in_left, in_right;	/* side arrows arriving so far */
	char *text;		/* first words, plain */
	char *text2;		/* a finish's for not passing, or NULL */
	char **choices;		/* a scene's choices, plain */
};

struct layout {
	const struct module *m;
	const unsigned char *marks;
	struct box *boxes;	/* nsteps + 1: the last is the end */
	struct way *ways;
	size_t nways;
	int lanes_left, lanes_right;
	int box_left, width, height;
	char *prefix;		/* of the document's ids: "map-MODULE-" */
};

static const char *kind_name(const struct step *st)
{
	switch (st->kind) {
	case STEP_PAGE:
		return "page";
	case STEP_SCENE:
		return "scene";
	case STEP_QUESTION:
		return st->type && !strcmp(st->type, "reflect") ? "reflect" :
								   "question";
	case STEP_FINISH:
		return "finish";
	}
	return "step";
}

/* Nonzero when the step's id was given by the author, not its position. */
static int named(const struct step *st)
{
	return strncmp(st->id, "step-", 5) != 0;
}

/*
 * The first max characters of s, cut after a whole word when one ends in
 * the second half, with "…" when anything was cut (malloc'd).  Bytes that
 * are not UTF-8 are kept for html_txt to replace, one at a time.
 */
static char *clip(const char *s, size_t max)
{
	size_t i = 0, n = strlen(s), chars = 0, space = 0;
	uint32_t cp;

	while (i < n && chars < max) {
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (!len)
			len = 1;
		else if (cp == ' ' && chars > max / 2)
			space = i;
		i += len;
		chars++;
	}
	if (i >= n)
		return xstrdup(s);
	return xasprintf("%.*s…", (int)(space ? space : i), s);
}

/* Nonzero when line is an underline of a heading (=== or ---). */
static int underline(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (line[i] != '=' && line[i] != '-')
			return 0;
	return len > 0;
}

/* The first line of Markdown text as plain words, clipped to max. */
static char *first_words(const char *text, size_t max)
{
	char *plain, *p, *line = NULL, *out;

	if (!text)
		return NULL;
	plain = md_to_term(text, strlen(text), 1000, 0);
	if (!plain)
		return clip(text, max);
	for (p = plain; *p; ) {
		size_t len = strcspn(p, "\n"), lead = strspn(p, " ");

		if (len > lead && !underline(p + lead, len - lead)) {
			line = xstrndup(p + lead, len - lead);
			break;
		}
		p += len + (p[len] == '\n');
	}
	free(plain);
	if (!line)
		return xstrdup("");
	out = clip(line, max);
	free(line);
	return out;
}

static void way_add(struct layout *l, size_t from, size_t to,
		    enum way_kind kind, int side, int y1, const char *label)
{
	struct way *w;

	l->ways = xrealloc(l->ways, (l->nways + 1) * sizeof(*l->ways));
	w = &l->ways[l->nways++];
	memset(w, 0, sizeof(*w));
	w->from = from;
	w->to = to;
	w->kind = kind;
	w->side = side;
	w->y1 = y1;
	w->label = label;
}

/* The lines of text in step i's box before its choices. */
static int head_lines(const struct layout *l, size_t i)
{
	const struct step *st = &l->m->steps[i];
	int n = 1;

	n += (l->marks[i] & MAP_NEVER_SHOWN) != 0;
	n += (l->marks[i] & MAP_DEAD_END) != 0;
	n += st->when_ref != LUA_NOREF;
	n += l->boxes[i].text && *l->boxes[i].text;
	n += l->boxes[i].text2 != NULL;
	return n;
}

/* Places the boxes top to bottom and lists every way between them. */
static void place(struct layout *l)
{
	const struct module *m = l->m;
	size_t n = m->nsteps, i, j;
	int y = TOP;

	l->boxes = xcalloc(n + 1, sizeof(*l->boxes));
	for (i = 0; i < n; i++) {
		const struct step *st = &m->steps[i];
		struct box *b = &l->boxes[i];

		b->text = first_words(st->text, TEXT_CHARS);
		if (st->text_not_passed)
			b->text2 = first_words(st->text_not_passed,
					       TEXT_CHARS - 14);
		if (st->kind == STEP_SCENE) {
			b->choices = xcalloc(st->nchoices + 1,
					     sizeof(*b->choices));
			for (j = 0; j < st->nchoices; j++)
				b->choices[j] = first_words(st->choices[j].text,
							    CHOICE_CHARS);
		}
		b->top = y;
		b->h = 2 * PAD - 4 + LINE * (head_lines(l, i) +
			(st->kind == STEP_SCENE ? (int)st->nchoices : 0));
		y += b->h + GAP;
	}
	l->boxes[n].top = y;
	l->boxes[n].h = ENDH;
	l->height = y + ENDH + MARGIN + (n ? 0 : LINE);

	for (i = 0; i < n; i++) {
		const struct step *st = &m->steps[i];
		const struct box *b = &l->boxes[i];
		int line0 = b->top + PAD - 4 + LINE * head_lines(l, i), next = 0;

		if (st->kind == STEP_FINISH) {
			way_add(l, i, n, WAY_NEXT, i + 1 == n ? 0 : 1,
				b->top + b->h / 2, NULL);
		} else if (st->kind == STEP_SCENE) {
			for (j = 0; j < st->nchoices; j++) {
				int go = st->choices[j].go_step;
				int yc = line0 + LINE * (int)j + LINE / 2 + 1;

				if (go < 0)
					next = 1;
				else
					way_add(l, i, (size_t)go, WAY_GO,
						(size_t)go <= i ? -1 : 1, yc,
						st->choices[j].text);
			}
		} else {
			next = 1;
		}
		if (next)
			way_add(l, i, i + 1, WAY_NEXT, 0, 0, NULL);
		if (st->when_ref != LUA_NOREF)
			way_add(l, i, i + 1, WAY_SKIP, 0, 0, NULL);
	}
}

/* Where side arrows arrive: spread down the box's edge, wrapping round. */
static void arrivals(struct layout *l)
{
	size_t k;

	for (k = 0; k < l->nways; k++) {
		struct way *w = &l->ways[k];
		struct box *b = &l->boxes[w->to];
		int *count = w->side < 0 ? &b->in_left : &b->in_right;
		int room = (b->h - 12) / 6;

		if (!w->side)
			continue;
		w->y2 = b->top + 8 + 6 * (*count % (room > 0 ? room : 1));
		(*count)++;
	}
}

/* A side arrow waiting for its lane. */
struct lane_key {
	size_t way;
	int span, y1;
};

/* For qsort: the shorter span first, so that it lies nearer the boxes. */
static int cmp_span(const void *a, const void *b)
{
	const struct lane_key *x = a, *y = b;

	if (x->span != y->span)
		return x->span < y->span ? -1 : 1;
	return (x->y1 > y->y1) - (x->y1 < y->y1);
}

static int overlap(const struct way *a, const struct way *b)
{
	int alo = a->y1 < a->y2 ? a->y1 : a->y2;
	int ahi = a->y1 < a->y2 ? a->y2 : a->y1;
	int blo = b->y1 < b->y2 ? b->y1 : b->y2;
	int bhi = b->y1 < b->y2 ? b->y2 : b->y1;

	return alo <= bhi + 4 && blo <= ahi + 4;
}

/* Gives each side arrow the nearest lane where it overlaps no other. */
static void lanes(struct layout *l)
{
	struct lane_key *order = xcalloc(l->nways + 1, sizeof(*order));
	size_t k, j, n = 0;

	for (k = 0; k < l->nways; k++) {
		const struct way *w = &l->ways[k];

		if (!w->side)
			continue;
		order[n].way = k;
		order[n].span = abs(w->y2 - w->y1);
		order[n++].y1 = w->y1;
	}
	if (n)
		qsort(order, n, sizeof(*order), cmp_span);
	for (k = 0; k < n; k++) {
		struct way *w = &l->ways[order[k].way];
		int lane = 0, clash = 1;

		while (clash) {
			clash = 0;
			for (j = 0; j < k && !clash; j++) {
				const struct way *o = &l->ways[order[j].way];

				clash = o->side == w->side && o->lane == lane &&
					overlap(o, w);
			}
			if (clash)
				lane++;
		}
		w->lane = lane;
		if (w->side < 0 && lane + 1 > l->lanes_left)
			l->lanes_left = lane + 1;
		if (w->side > 0 && lane + 1 > l->lanes_right)
			l->lanes_right = lane + 1;
	}
	free(order);
	l->box_left = MARGIN + 16 + LANE * l->lanes_left;
	l->width = l->box_left + BOXW + 30 + LANE * l->lanes_right + MARGIN;
	if (l->width < 640)
		l->width = 640;
}

/* Appends a text element at x, y with the given attributes (literal). */
static void text_at(struct buf *b, int x, int y, const char *attrs,
		    const char *s)
{
	buf_addf(b, "<text x=\"%d\" y=\"%d\"%s%s>", x, y, *attrs ? " " : "",
		 attrs);
	html_txt(b, s);
	buf_adds(b, "</text>\n");
}

/* An arrowhead for each colour of arrow, named PREFIXhead-NAME. */
static void markers(struct buf *b, const char *prefix)
{
	static const char *const heads[][2] = {
		{ "next", INK }, { "forward", FORWARD },
		{ "backward", BACKWARD }, { "skip", SKIP },
	};
	size_t i;

	buf_adds(b, "<defs>\n");
	for (i = 0; i < ARRAY_SIZE(heads); i++)
		buf_addf(b, "<marker id=\"%shead-%s\" viewBox=\"0 0 10 10\" "
			 "refX=\"9\" refY=\"5\" markerWidth=\"7\" "
			 "markerHeight=\"7\" orient=\"auto\">"
			 "<path d=\"M0 0 L10 5 L0 10 z\" fill=\"%s\"/>"
			 "</marker>\n", prefix, heads[i][0], heads[i][1]);
	buf_adds(b, "</defs>\n");
}

/* The key to the drawing, from y on. */
static void legend(struct buf *b, const char *prefix, int y)
{
	static const char *const rows[] = {
		"on to the next step: after a page or a question, or a "
		"choice without go",
		"a choice's go to a later step (drawn on the right)",
		"a choice's go back to an earlier step (drawn on the left)",
		"passed by: the step's when condition is false",
		"dashed box: a step with a when, shown only when its "
		"condition holds",
		"NEVER SHOWN: no way through the module leads to the step",
		"DEAD END: from the step no answer leads on to the end",
	};
	int x = MARGIN, tx = MARGIN + 72, i;

	buf_adds(b, "<g font-size=\"13\">\n");
	for (i = 0; i < (int)ARRAY_SIZE(rows); i++) {
		int ry = y + 22 * i, ly = ry - 4;

		switch (i) {
		case 0:
			buf_addf(b, "<path d=\"M%d %d H%d\" stroke=\"" INK
				 "\" stroke-width=\"1.5\" marker-end=\"url(#"
				 "%shead-next)\"/>\n", x, ly, x + 56, prefix);
			break;
		case 1:
			buf_addf(b, "<path d=\"M%d %d H%d\" stroke=\"" FORWARD
				 "\" stroke-width=\"1.5\" marker-end=\"url(#"
				 "%shead-forward)\"/>\n", x, ly, x + 56,
				 prefix);
			break;
		case 2:
			buf_addf(b, "<path d=\"M%d %d H%d\" stroke=\""
				 BACKWARD "\" stroke-width=\"1.5\" "
				 "marker-end=\"url(#%shead-backward)\"/>\n",
				 x + 56, ly, x, prefix);
			break;
		case 3:
			buf_addf(b, "<path d=\"M%d %d H%d\" stroke=\"" SKIP
				 "\" stroke-width=\"1.5\" stroke-dasharray=\"5 "
				 "4\" marker-end=\"url(#%shead-skip)\"/>\n", x,
				 ly, x + 56, prefix);
			break;
		default:
			buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"56\" "
				 "height=\"16\" rx=\"3\" %s/>\n", x, ry - 13,
				 i == 4 ? "fill=\"#ffffff\" stroke=\"" INK "\" "
				 "stroke-dasharray=\"7 4\"" :
				 i == 5 ? "fill=\"#e5e5e5\" stroke=\"#888888\"" :
				 "fill=\"#fdecec\" stroke=\"" DEAD "\" "
				 "stroke-width=\"2\"");
		}
		text_at(b, tx, ry, "", rows[i]);
	}
	buf_adds(b, "</g>\n");
}

/* "later (5)", or "step 5" for a step named by its position. */
static char *target_name(const struct module *m, size_t to)
{
	char *id, *s;

	if (to >= m->nsteps)
		return xstrdup("the end");
	if (!named(&m->steps[to]))
		return xasprintf("step %zu", to + 1);
	id = clip(m->steps[to].id, ID_CHARS);
	s = xasprintf("%s (%zu)", id, to + 1);
	free(id);
	return s;
}

/* Step i's box: its title, marks, first words and choices. */
static void draw_step(struct layout *l, struct buf *b, size_t i)
{
	const struct step *st = &l->m->steps[i];
	const struct box *bx = &l->boxes[i];
	unsigned marks = l->marks[i];
	int x = l->box_left, tx = x + PAD, y = bx->top + PAD + 3, guarded;
	char *s;
	size_t j;

	guarded = st->when_ref != LUA_NOREF;
	buf_addf(b, "<g class=\"step%s%s%s\" data-step=\"", guarded ?
		 " when" : "", marks & MAP_NEVER_SHOWN ? " never-shown" : "",
		 marks & MAP_DEAD_END ? " dead-end" : "");
	html_attr(b, st->id);
	buf_adds(b, "\">\n<title>");
	html_txtf(b, "Step %zu, %s '%s', line %d", i + 1, kind_name(st),
		  st->id, st->line);
	if (marks & MAP_NEVER_SHOWN)
		html_txt(b, ": never shown");
	if (marks & MAP_DEAD_END)
		html_txt(b, ": a dead end");
	buf_adds(b, "</title>\n");
	buf_addf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		 "rx=\"4\" %s%s/>\n", x, bx->top, BOXW, bx->h,
		 marks & MAP_DEAD_END ? "fill=\"#fdecec\" stroke=\"" DEAD
		 "\" stroke-width=\"2\"" : marks & MAP_NEVER_SHOWN ?
		 "fill=\"#e5e5e5\" stroke=\"#888888\" stroke-width=\"1.5\"" :
		 "fill=\"#ffffff\" stroke=\"" INK "\" stroke-width=\"1.5\"",
		 guarded ? " stroke-dasharray=\"7 4\"" : "");

	buf_addf(b, "<text x=\"%d\" y=\"%d\" font-size=\"14\">"
		 "<tspan font-weight=\"bold\">%zu</tspan> ", tx, y + 9, i + 1);
	html_txt(b, kind_name(st));
	if (st->kind == STEP_QUESTION && st->type &&
	    strcmp(st->type, "reflect")) {
		html_txt(b, " (");
		html_txt(b, st->type);
		html_txt(b, ")");
	}
	if (named(st)) {
		buf_adds(b, " <tspan font-weight=\"bold\">");
		s = clip(st->id, ID_CHARS + 10);
		html_txt(b, s);
		free(s);
		buf_adds(b, "</tspan>");
	}
	buf_adds(b, "</text>\n");
	buf_addf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
		 "text-anchor=\"end\" fill=\"#555555\">line %d</text>\n",
		 x + BOXW - PAD, y + 9, st->line);
	y += LINE;
	if (marks & MAP_NEVER_SHOWN) {
		text_at(b, tx, y + 9, "font-weight=\"bold\" fill=\"#444444\"",
			"NEVER SHOWN: no way through the module leads here");
		y += LINE;
	}
	if (marks & MAP_DEAD_END) {
		text_at(b, tx, y + 9, "font-weight=\"bold\" fill=\"" DEAD "\"",
			"DEAD END: no answer leads on from here to the end");
		y += LINE;
	}
	if (guarded) {
		text_at(b, tx, y + 9, "font-style=\"italic\"",
			"only when its condition holds");
		y += LINE;
	}
	if (bx->text && *bx->text) {
		text_at(b, tx, y + 9, "fill=\"#333333\"", bx->text);
		y += LINE;
	}
	if (bx->text2) {
		s = xasprintf("not passed: %s", bx->text2);
		text_at(b, tx, y + 9, "fill=\"#333333\"", s);
		free(s);
		y += LINE;
	}
	for (j = 0; st->kind == STEP_SCENE && j < st->nchoices; j++) {
		int go = st->choices[j].go_step;
		char *to = go < 0 ? xstrdup("the next step") :
				    target_name(l->m, (size_t)go);

		buf_addf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\">• ",
			 tx, y + 9);
		html_txt(b, bx->choices[j]);
		buf_addf(b, " <tspan fill=\"%s\">→ ", go < 0 ? INK :
			 (size_t)go <= i ? BACKWARD : FORWARD);
		html_txt(b, to);
		buf_adds(b, "</tspan></text>\n");
		free(to);
		y += LINE;
	}
	buf_adds(b, "</g>\n");
}

/* One arrow, with a title saying where it leads. */
static void draw_way(struct layout *l, struct buf *b, const struct way *w)
{
	const struct box *from = &l->boxes[w->from], *to = &l->boxes[w->to];
	int cx = l->box_left + BOXW / 2, right = l->box_left + BOXW;
	const char *kind = w->kind == WAY_GO ? "go" : w->kind == WAY_SKIP ?
			   "skip" : "next";
	const char *colour = INK, *head = "next", *dash = "";
	char *a = target_name(l->m, w->from), *z = target_name(l->m, w->to);

	if (w->kind == WAY_SKIP) {
		colour = SKIP;
		head = "skip";
		dash = " stroke-dasharray=\"5 4\"";
	} else if (w->side < 0) {
		colour = BACKWARD;
		head = "backward";
	} else if (w->side > 0 && w->kind == WAY_GO) {
		colour = FORWARD;
		head = "forward";
	}
	buf_addf(b, "<path class=\"way %s\" fill=\"none\" stroke=\"%s\" "
		 "stroke-width=\"1.5\"%s marker-end=\"url(#%shead-%s)\" d=\"",
		 kind, colour, dash, l->prefix, head);
	if (w->kind == WAY_SKIP) {
		int ya = from->top - GAP / 2, yb = to->top - GAP / 2;

		/* apart from a way past the next step, which may have a
		 * when too: the last turn nearer the box, the side farther
		 * or nearer */
		int sx = right + 10 + 8 * (int)(w->from % 2);

		buf_addf(b, "M%d %d H%d V%d H%d V%d", cx, ya, sx, yb + 8,
			 right - 40, to->top - 1);
	} else if (w->side > 0) {
		buf_addf(b, "M%d %d H%d V%d H%d", right, w->y1,
			 right + 30 + LANE * w->lane, w->y2, right + 1);
	} else if (w->side < 0) {
		int lx = l->box_left - 16 - LANE * w->lane;

		buf_addf(b, "M%d %d H%d V%d H%d", l->box_left, w->y1, lx,
			 w->y2, l->box_left - 1);
	} else {
		buf_addf(b, "M%d %d V%d", cx, from->top + from->h,
			 to->top - 1);
	}
	buf_adds(b, "\"><title>");
	if (w->kind == WAY_SKIP)
		html_txtf(b, "when its condition is false, %s is passed by, "
			  "on to %s", a, z);
	else
		html_txtf(b, "from %s to %s", a, z);
	if (w->label) {
		char *c = first_words(w->label, CHOICE_CHARS);

		html_txt(b, ", choosing “");
		html_txt(b, c);
		html_txt(b, "”");
		free(c);
	}
	buf_adds(b, "</title></path>\n");
	if (w->kind == WAY_SKIP)
		buf_addf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"" SKIP
			 "\"/>\n", cx, from->top - GAP / 2);
	free(a);
	free(z);
}

int map_marks(struct pack *p, size_t mi, const struct module *m,
	      const struct strv *plugin_dirs, unsigned char *marks)
{
	size_t n = m->nsteps, i;
	unsigned char *seen = xcalloc(n + 1, 1), *live = xcalloc(n + 1, 1);
	unsigned char *shown = xcalloc(n + 1, 1), *dead = xcalloc(n + 1, 1);
	int whole;

	lint_shape(m, seen, live);
	whole = packtest_explore_steps(p, mi, plugin_dirs, shown, dead) == 0;
	for (i = 0; i < n; i++) {
		const struct step *st = &m->steps[i];

		marks[i] = 0;
		/* the exploration shows a finish as the end, not as a step */
		if (!seen[i] || (whole && st->kind != STEP_FINISH && !shown[i]))
			marks[i] = MAP_NEVER_SHOWN;
		else if (!live[i] || dead[i])
			marks[i] = MAP_DEAD_END;
	}
	free(seen);
	free(live);
	free(shown);
	free(dead);
	return whole ? 0 : -1;
}

char *map_svg(const char *pack_id, const struct module *m,
	      const unsigned char *marks, int whole)
{
	struct layout l;
	struct buf b = BUF_INIT;
	size_t i, k, nhidden = 0, ndead = 0, counts[3] = { 0, 0, 0 };
	const struct box *end;

	memset(&l, 0, sizeof(l));
	l.m = m;
	l.marks = marks;
	/* a loaded module's id is a slug; whatever a caller passes, the
	 * ids written unescaped in attributes keep to one */
	l.prefix = xasprintf("map-%s-", m->id);
	for (k = 4; l.prefix[k]; k++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-",
			    l.prefix[k]))
			l.prefix[k] = '-';
	place(&l);
	arrivals(&l);
	lanes(&l);
	for (i = 0; i < m->nsteps; i++) {
		nhidden += (marks[i] & MAP_NEVER_SHOWN) != 0;
		ndead += (marks[i] & MAP_DEAD_END) != 0;
	}
	for (k = 0; k < l.nways; k++)
		counts[l.ways[k].kind]++;

	buf_addf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		 "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d "
		 "%d\" width=\"100%%\" role=\"img\" aria-labelledby=\""
		 "%stitle %sdesc\" font-family=\"sans-serif\" font-size=\"13\" "
		 "fill=\"" INK "\">\n", l.width, l.height, l.prefix, l.prefix);
	buf_addf(&b, "<title id=\"%stitle\">Map of the module ", l.prefix);
	html_txt(&b, m->title);
	buf_adds(&b, "</title>\n");
	buf_addf(&b, "<desc id=\"%sdesc\">", l.prefix);
	html_txtf(&b, "The %zu steps of module %s of pack %s, top to bottom "
		  "in file order, and the ways between them: %zu on to the "
		  "next step, %zu by a choice's go, %zu past a step whose "
		  "when condition is false. %zu never shown; %zu dead "
		  "end%s.%s", m->nsteps, m->id, pack_id, counts[WAY_NEXT],
		  counts[WAY_GO], counts[WAY_SKIP], nhidden, ndead,
		  ndead == 1 ? "" : "s", whole ? "" : " The exploration of "
		  "every way through stopped early, so a step it did not "
		  "reach is not marked.");
	buf_adds(&b, "</desc>\n");
	markers(&b, l.prefix);
	buf_addf(&b, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
		 l.width, l.height);
	{
		char *title = clip(m->title, 54);

		text_at(&b, MARGIN, 32, "font-size=\"20\" "
			"font-weight=\"bold\"", title);
		free(title);
	}
	{
		const char *file = strrchr(m->file, '/');
		char *sub = xasprintf("%s in pack %s", file ? file + 1 :
				      m->file, pack_id);
		char *line = clip(sub, 86);

		text_at(&b, MARGIN, 56, "fill=\"#444444\"", line);
		free(line);
		free(sub);
		sub = xasprintf("%zu step%s, %zu never shown, %zu dead end%s",
				m->nsteps, m->nsteps == 1 ? "" : "s", nhidden,
				ndead, ndead == 1 ? "" : "s");
		text_at(&b, MARGIN, 76, "fill=\"#444444\"", sub);
		free(sub);
	}
	if (!whole)
		text_at(&b, MARGIN, 96, "font-weight=\"bold\"", "The "
			"exploration stopped early (see vigil pack test): "
			"steps it did not reach are not marked.");
	legend(&b, l.prefix, 124);

	buf_adds(&b, "<g class=\"steps\">\n");
	for (i = 0; i < m->nsteps; i++)
		draw_step(&l, &b, i);
	end = &l.boxes[m->nsteps];
	buf_addf(&b, "<g class=\"end\"><rect x=\"%d\" y=\"%d\" width=\"%d\" "
		 "height=\"%d\" rx=\"15\" fill=\"#f3f4f6\" stroke=\"" INK "\" "
		 "stroke-width=\"1.5\"/>", l.box_left, end->top, BOXW, ENDH);
	text_at(&b, l.box_left + BOXW / 2, end->top + 20,
		"text-anchor=\"middle\" font-weight=\"bold\"",
		"the end of the module: the result");
	buf_adds(&b, "</g>\n</g>\n<g class=\"ways\">\n");
	for (k = 0; k < l.nways; k++)
		draw_way(&l, &b, &l.ways[k]);
	buf_adds(&b, "</g>\n</svg>\n");

	for (i = 0; i < m->nsteps; i++) {
		free(l.boxes[i].text);
		free(l.boxes[i].text2);
		for (k = 0; l.boxes[i].choices && k < m->steps[i].nchoices; k++)
			free(l.boxes[i].choices[k]);
		free(l.boxes[i].choices);
	}
	free(l.boxes);
	free(l.ways);
	free(l.prefix);
	return buf_detach(&b);
}
