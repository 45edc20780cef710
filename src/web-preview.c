/*
 * web-preview.c - `vigil pack preview`'s part of the web server: the pack
 * an author is writing, served through the same pages as `vigil serve`
 * (web-catalogue.c, web-take.c) to a "Preview" learner in a database of
 * its own, with what an author needs around them.
 *
 * Before each request (web_preview_before) the pack's files are compared
 * with what they were (names, sizes, modification times; at most every
 * half second), and on a change `pack check` runs again: while it finds
 * errors, every page is those errors, each with its line of source.  An
 * attempt in progress whose answers still replay on the changed module is
 * carried over to it, at the same step.  After each page
 * (web_preview_after) the warnings go above it, a side panel below it
 * (the step, its state and score, the map, "Save as a test"), and a small
 * script (/preview.js) that asks once a second whether anything changed
 * and reloads the page when it has.  The page works without it.
 *
 * The preview listens on loopback only (cmd-pack-preview.c): it has no
 * sign-in, and it writes into the pack's tests folder.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "attempt.h"
#include "diag.h"
#include "html.h"
#include "lint.h"
#include "map.h"
#include "pack.h"
#include "packcache.h"
#include "packtest.h"
#include "playthrough.h"
#include "session.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/* What the preview knows of the pack, shared by the server's threads. */
static struct {
	pthread_mutex_t lock;
	char *dir;		/* the pack folder, as the author named it */
	char *links;		/* the one folder of pack_dirs: links/ID is
				   a link to dir */
	char *pack_id;		/* what links/ID is named, or NULL */
	int64_t learner_id;	/* the "Preview" learner */
	uint64_t sig;		/* the files' names, sizes and times */
	unsigned gen;		/* counts the changes seen; 0 before any look */
	struct timespec looked;	/* when the files were last compared */
	struct diags d;		/* what pack check said of them */
} pv = { .lock = PTHREAD_MUTEX_INITIALIZER };

void web_preview_init(const char *dir, const char *links, int64_t learner_id)
{
	pv.dir = xstrdup(dir);
	pv.links = xstrdup(links);
	pv.learner_id = learner_id;
}

void web_preview_done(void)
{
	if (pv.pack_id) {
		char *link = path_join(pv.links, pv.pack_id);

		unlink(link);
		free(link);
	}
	free(pv.pack_id);
	free(pv.dir);
	free(pv.links);
	diag_free(&pv.d);
	memset(&pv.d, 0, sizeof(pv.d));
	pv.pack_id = pv.dir = pv.links = NULL;
}

/* ---- noticing a change ---- */

#define FNV_PRIME	0x100000001b3ULL

/* FNV-1a over a string and its end. */
static uint64_t fnv_str(uint64_t h, const char *s)
{
	do {
		h ^= (unsigned char)*s;
		h *= FNV_PRIME;
	} while (*s++);
	return h;
}

/* The same over a number's eight bytes. */
static uint64_t fnv_num(uint64_t h, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++, v >>= 8) {
		h ^= v & 0xff;
		h *= FNV_PRIME;
	}
	return h;
}

/* The files of the pack as one number: each name, size and time. */
static uint64_t files_sig(void)
{
	struct strv files = STRV_INIT;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	pack_files(pv.dir, &files);
	for (i = 0; i < files.n; i++) {
		char *path = path_join(pv.dir, files.v[i]);
		struct stat sb;

		h = fnv_str(h, files.v[i]);
		if (stat(path, &sb) == 0) {
			h = fnv_num(h, (uint64_t)sb.st_size);
			h = fnv_num(h, (uint64_t)sb.st_mtim.tv_sec);
			h = fnv_num(h, (uint64_t)sb.st_mtim.tv_nsec);
		}
		free(path);
	}
	h = fnv_num(h, files.n);
	strv_free(&files);
	return h;
}

/* Points links/ID at the pack folder, when pack.lua names a new id. */
static void relink(const char *id)
{
	char *link, *target;

	if (!id || !is_slug(id) || (pv.pack_id && !strcmp(pv.pack_id, id)))
		return;
	if (pv.pack_id) {
		link = path_join(pv.links, pv.pack_id);
		unlink(link);
		free(link);
		free(pv.pack_id);
		pv.pack_id = NULL;
	}
	target = realpath(pv.dir, NULL);
	link = path_join(pv.links, id);
	if (!target || symlink(target, link) < 0)
		error("cannot link '%s' to the pack: %s", link,
		      strerror(errno));
	else
		pv.pack_id = xstrdup(id);
	free(link);
	free(target);
}

/*
 * Looks at the files (at most every half second unless now), and runs
 * pack check again when they changed.  Called with pv.lock held.
 */
static void look(const struct strv *plugin_dirs, int now)
{
	struct timespec t;
	struct pack *p;
	uint64_t sig;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &t);
	ms = (long)(t.tv_sec - pv.looked.tv_sec) * 1000 +
	     (t.tv_nsec - pv.looked.tv_nsec) / 1000000;
	if (pv.gen && !now && ms < 500)
		return;
	pv.looked = t;
	sig = files_sig();
	if (pv.gen && sig == pv.sig)
		return;
	pv.sig = sig;
	pv.gen++;
	diag_free(&pv.d);
	memset(&pv.d, 0, sizeof(pv.d));
	p = pack_load_each(pv.dir, plugin_dirs, &pv.d, lint_module, &pv.d);
	if (p) {
		lint_pack(p, &pv.d);
		relink(p->id);
	} else if (!pv.d.errors) {
		diag_add(&pv.d, DIAG_ERROR, pv.dir, 0, "there is no pack here "
			 "(no pack.lua that calls pack { })");
	}
	diag_sort(&pv.d);
	pack_free(p);
}

/* ---- the pack and its modules ---- */

/* The pack as the server has it (packcache.h), or NULL. */
static struct pack *load_pack(const struct web_request *r)
{
	struct pack *p;
	char *dir;
	int broken = 0;

	if (!pv.pack_id)
		return NULL;
	dir = path_join(pv.links, pv.pack_id);
	p = pack_cache_load(dir, r->cfg->plugin_dirs, &broken);
	free(dir);
	if (p && broken) {
		pack_free(p);
		return NULL;
	}
	return p;
}

/* A module's file as the author names it: under their folder. */
static char *author_file(const struct pack *p, const char *file)
{
	size_t n = strlen(p->dir);

	if (!strncmp(file, p->dir, n) && file[n] == '/')
		return path_join(pv.dir, file + n + 1);
	return xstrdup(file);
}

/*
 * An attempt in progress made before the pack changed cannot carry on as
 * it is (its pack's hash differs: attempt.h).  When its answers replay on
 * the module as it is now, it is set aside for a new attempt with the
 * same seed and answers, so the author stays at the same step; when they
 * do not, the take page says the module changed and starts again.
 */
static void carry_over(struct web_request *r, const char *pack_id,
		       const char *module_id)
{
	struct pack *p = load_pack(r);
	struct attempt a = { 0 };
	struct answer *ans = NULL;
	struct diags d = DIAGS_INIT;
	struct module *m;
	struct session *s;
	char *msg = NULL, *old_hash;
	size_t n = 0, i;
	int mi;

	if (!p || strcmp(p->id, pack_id) ||
	    (mi = pack_module_index(p, module_id)) < 0)
		goto out;
	if (store_attempt_current(r->st, pv.learner_id, pack_id, module_id,
				  &a, &msg) <= 0 || !strcmp(a.pack_hash, p->hash))
		goto out;
	if (store_answers(r->st, a.id, &ans, &n, &msg) < 0)
		goto out;
	m = module_load(p, (size_t)mi, r->cfg->plugin_dirs, &d);
	if (!m)
		goto out;
	s = session_replay(m, a.seed, ans, n, &msg);
	if (!s)
		goto out;
	session_free(s);
	if (store_attempt_abandon(r->st, a.id, &msg) < 0)
		goto out;
	old_hash = a.pack_hash;
	a.pack_hash = xstrdup(p->hash);
	free(old_hash);
	free(a.pack_version);
	a.pack_version = xstrdup(p->version);
	if (store_attempt_begin(r->st, &a, &msg) < 0)
		goto out;
	for (i = 0; i < n; i++)
		if (store_answer_add(r->st, a.id, i, &ans[i], &msg) < 0)
			break;
out:
	if (msg)
		error("preview: %s", msg);
	free(msg);
	diag_free(&d);
	answers_free(ans, n);
	attempt_clear(&a);
	pack_free(p);
}

/* ---- pages ---- */

/* The line of a file (1-based), without its end, or NULL. */
static char *source_line(const char *file, int line)
{
	char *data, *s, *e, *out = NULL;
	size_t len;
	int n = 1;

	if (line < 1 || read_file(file, 16u << 20, &data, &len) < 0)
		return NULL;
	for (s = data; n < line && (s = memchr(s, '\n',
					      len - (size_t)(s - data)));
	     n++)
		s++;
	if (s && (size_t)(s - data) < len) {
		e = memchr(s, '\n', len - (size_t)(s - data));
		out = xstrndup(s, e ? (size_t)(e - s) :
				      len - (size_t)(s - data));
	}
	free(data);
	return out;
}

/* "FILE:LINE" or "FILE" as a diagnostic names its place. */
static void add_place(struct buf *b, const struct diag *g)
{
	html_raw(b, "<code class=\"place\">");
	html_txt(b, g->file);
	if (g->line > 0)
		html_txtf(b, ":%d", g->line);
	html_raw(b, "</code>");
}

/* Every page while pack check finds errors: each with its source line. */
static void page_errors(struct web_request *r, struct web_response *res)
{
	struct buf *b = &res->body;
	size_t i;

	web_page_begin(b, r, "The pack has errors");
	html_raw(b, "<p>");
	html_txtf(b, "vigil pack check finds %zu error%s.  Fix %s and save "
		  "the file: this page comes back by itself.", pv.d.errors,
		  pv.d.errors == 1 ? "" : "s",
		  pv.d.errors == 1 ? "it" : "them");
	html_raw(b, "</p>\n<ol class=\"preview-errors\">\n");
	for (i = 0; i < pv.d.n; i++) {
		const struct diag *g = &pv.d.v[i];
		char *src;

		if (g->level != DIAG_ERROR)
			continue;
		html_raw(b, "<li>\n<p>");
		add_place(b, g);
		html_raw(b, " <strong>error:</strong> ");
		html_txt(b, g->message);
		html_raw(b, "</p>\n");
		src = source_line(g->file, g->line);
		if (src) {
			html_raw(b, "<pre tabindex=\"0\"><code>");
			html_txtf(b, "%d | ", g->line);
			html_txt(b, src);
			html_raw(b, "</code></pre>\n");
		}
		free(src);
		html_raw(b, "</li>\n");
	}
	html_raw(b, "</ol>\n");
	web_page_end(b);
}

/* GET /preview/changed: how many changes the server has seen (the
 * script compares it with the page's). */
static void page_changed(struct web_response *res)
{
	res->type = "text/plain; charset=utf-8";
	buf_addf(&res->body, "%u\n", pv.gen);
}

/* GET /preview: the pack's modules, to preview, map or start again. */
static void page_start(struct web_request *r, struct web_response *res)
{
	struct pack *p = load_pack(r);
	struct buf *b = &res->body;
	size_t i;

	web_page_begin(b, r, "Preview");
	if (!p) {
		html_raw(b, "<p>The pack cannot be loaded.</p>\n");
		web_page_end(b);
		return;
	}
	html_raw(b, "<p>");
	html_txt(b, p->title);
	html_raw(b, " (");
	html_txt(b, pv.dir);
	html_raw(b, "), as staff will see it.  Nothing you do here goes in "
		 "the school's records.</p>\n<ul class=\"preview-modules\">\n");
	for (i = 0; i < p->nmodules; i++) {
		const struct pack_module *pm = &p->modules[i];

		html_raw(b, "<li><strong>");
		html_txt(b, pm->title ? pm->title : pm->id);
		html_raw(b, "</strong> <code>");
		html_txt(b, pm->id);
		html_raw(b, "</code>\n<div class=\"actions\"><a href=\"");
		web_take_url(b, p->id, pm->id, "");
		html_raw(b, "\">Preview</a> <a href=\"/preview/map/");
		html_attr(b, pm->id);
		html_raw(b, "\">Map</a>\n<form method=\"post\" "
			 "action=\"/preview/restart/");
		html_attr(b, pm->id);
		html_raw(b, "\">");
		web_csrf_field(b, r);
		html_raw(b, "<button type=\"submit\">Start again</button>"
			 "</form></div></li>\n");
	}
	html_raw(b, "</ul>\n");
	web_page_end(b);
	pack_free(p);
}

/* GET /preview/map/MODULE: map_svg inline, in a box of its own that
 * scrolls sideways on a narrow screen. */
static void page_map(struct web_request *r, struct web_response *res,
		     const char *module_id)
{
	struct pack *p = load_pack(r);
	struct diags d = DIAGS_INIT;
	struct module *m = NULL;
	struct buf *b = &res->body;
	unsigned char *marks = NULL;
	char *svg = NULL, *title;
	const char *start;
	int mi = p ? pack_module_index(p, module_id) : -1, whole;

	if (mi < 0 || !(m = module_load(p, (size_t)mi, r->cfg->plugin_dirs,
					&d))) {
		web_not_found(r, res);
		goto out;
	}
	marks = xcalloc(m->nsteps + 1, 1);
	whole = map_marks(p, (size_t)mi, m, r->cfg->plugin_dirs, marks) == 0;
	svg = map_svg(p->id, m, marks, whole);
	title = xasprintf("Map of %s", m->title ? m->title : m->id);
	web_page_begin_wide(b, r, title);
	free(title);
	html_raw(b, "<p>Each box is a step, in file order; arrows are the "
		 "ways between them.  <a href=\"");
	web_take_url(b, p->id, m->id, "");
	html_raw(b, "\">Preview this module</a></p>\n<div class=\"map\" "
		 "role=\"region\" aria-label=\"Map\" tabindex=\"0\">\n");
	start = svg ? strstr(svg, "<svg") : NULL;
	if (start)
		html_raw(b, start);
	html_raw(b, "</div>\n");
	web_page_end(b);
out:
	free(svg);
	free(marks);
	module_free(m);
	diag_free(&d);
	pack_free(p);
}

/* POST /preview/restart/MODULE: sets the attempt in progress aside. */
static void post_restart(struct web_request *r, struct web_response *res,
			 const char *module_id)
{
	struct attempt a = { 0 };
	char *msg = NULL;
	int rc = 0;

	if (!pv.pack_id || !is_slug(module_id)) {
		web_not_found(r, res);
		return;
	}
	rc = store_attempt_current(r->st, pv.learner_id, pv.pack_id,
				   module_id, &a, &msg);
	if (rc > 0)
		rc = store_attempt_abandon(r->st, a.id, &msg);
	attempt_clear(&a);
	if (rc < 0) {
		web_fail_free(r, res, msg);
		return;
	}
	web_redirect(res, "/take/%s/%s", pv.pack_id, module_id);
}

/* Nonzero when name may name a tests file: letters, digits and dashes. */
static int test_name_ok(const char *name)
{
	return name && *name && strlen(name) <= 64 && is_slug(name);
}

/*
 * POST /preview/save: the playthrough of a finished attempt of the
 * preview's, added to tests/NAME.lua (playthrough.h); then to the page
 * that says what was written and runs pack test.
 */
static void post_save(struct web_request *r, struct web_response *res)
{
	int64_t id = (int64_t)web_number(web_form(r, "attempt"), INT64_MAX);
	const char *name = web_form(r, "name");
	struct attempt a = { 0 };
	struct answer *ans = NULL;
	struct diags d = DIAGS_INIT;
	struct pack *p = NULL;
	struct module *m;
	char *msg = NULL, *tests = NULL, *file = NULL, *given = NULL, *path;
	size_t n = 0;
	int mi, found = id > 0 ? store_attempt_get(r->st, id, &a, &msg) : 0;

	if (found < 0) {
		web_fail_free(r, res, msg);
		goto out;
	}
	if (!found || a.learner_id != pv.learner_id ||
	    a.status == ATTEMPT_IN_PROGRESS ||
	    a.status == ATTEMPT_ABANDONED) {
		web_error_page(r, res, 404, "Nothing to save",
			       "Only a finished attempt of this preview can "
			       "be saved as a test.");
		goto out;
	}
	if (!test_name_ok(name)) {
		web_error_page(r, res, 422, "That name cannot be used",
			       "A test file's name is lower-case letters, "
			       "digits and dashes, such as first-module.");
		goto out;
	}
	p = load_pack(r);
	mi = p && !strcmp(p->id, a.pack) ? pack_module_index(p, a.module) :
					   -1;
	if (mi < 0 || store_answers(r->st, a.id, &ans, &n, &msg) < 0) {
		web_error_page(r, res, 409, "Nothing to save", msg ? msg :
			       "The module is no longer in the pack.");
		goto out;
	}
	tests = path_join(pv.dir, "tests");
	if (mkdir(tests, 0777) < 0 && errno != EEXIST) {
		web_fail_free(r, res, xasprintf("cannot make %s: %s", tests,
						strerror(errno)));
		goto out;
	}
	path = xasprintf("%s.lua", name);
	file = path_join(tests, path);
	free(path);
	if (playthrough_check_file(file, &msg) < 0) {
		web_error_page(r, res, 409, "The test was not saved", msg);
		goto out;
	}
	/* playthrough_save takes the module, whatever it returns. */
	m = module_load(p, (size_t)mi, r->cfg->plugin_dirs, &d);
	if (!m || playthrough_save(file, m, a.seed, ans, n, vigil_now(),
				   &given, &msg) < 0) {
		web_error_page(r, res, 409, "The test was not saved",
			       msg ? msg : "The module does not load.");
		goto out;
	}
	/* The next page's count includes this change (pv.lock is held). */
	look(r->cfg->plugin_dirs, 1);
	/* name is a slug (test_name_ok): safe in an address as it is. */
	web_redirect(res, "/preview/saved?file=%s", name);
out:
	free(given);
	free(file);
	free(tests);
	free(msg);
	diag_free(&d);
	answers_free(ans, n);
	attempt_clear(&a);
	pack_free(p);
}

/* GET /preview/saved?file=NAME: what is in tests/NAME.lua now, and what
 * pack test says of the pack's playthroughs. */
static void page_saved(struct web_request *r, struct web_response *res)
{
	const char *name = web_query(r, "file");
	struct packtest_options o = { 0 };
	struct packtest_counts c = { 0, 0 };
	struct buf *b = &res->body;
	char *out = NULL, *file, *rel;
	size_t len = 0;
	FILE *f;

	if (!test_name_ok(name)) {
		web_not_found(r, res);
		return;
	}
	rel = xasprintf("tests/%s.lua", name);
	file = path_join(pv.dir, rel);
	free(rel);
	f = open_memstream(&out, &len);
	if (!f) {
		free(file);
		web_fail(r, res, "cannot run pack test: out of memory");
		return;
	}
	o.out = f;
	o.err = f;
	packtest_run(pv.dir, r->cfg->plugin_dirs, &o, &c);
	fclose(f);
	web_page_begin(b, r, "Saved as a test");
	html_raw(b, "<p>The playthrough is added to the end of <code>");
	html_txt(b, file);
	html_raw(b, "</code>.</p>\n");
	html_raw(b, c.failed ? "<p class=\"wrong\">" : "<p class=\"right\">");
	html_txtf(b, "vigil pack test: %d passed, %d failed.", c.passed,
		  c.failed);
	html_raw(b, "</p>\n<pre tabindex=\"0\"><code>");
	html_txt(b, out ? out : "");
	html_raw(b, "</code></pre>\n<p><a href=\"/preview\">All modules</a>"
		 "</p>\n");
	web_page_end(b);
	free(out);
	free(file);
}

/*
 * Everything the preview does before the route: notice changes, sign the
 * Preview learner in, answer its own addresses, and show the errors in
 * place of any page.  Returns nonzero when res is the answer.
 */
int web_preview_before(struct web_request *r, struct web_response *res)
{
	int handled = 1;

	pthread_mutex_lock(&pv.lock);
	look(r->cfg->plugin_dirs, 0);
	if (!strcmp(r->path, "/preview/changed")) {
		page_changed(res);
		goto out;
	}
	if (!strcmp(r->path, "/preview.js")) {
		size_t n;
		const char *js = web_preview_js(&n);

		res->type = "text/javascript; charset=utf-8";
		buf_add(&res->body, js, n);
		goto out;
	}
	if (!r->signed_in || r->session.admin ||
	    r->learner.id != pv.learner_id) {
		char *msg = NULL;

		if (web_sign_in(r, res, pv.learner_id, 0) < 0)
			goto out;
		learner_clear(&r->learner);
		if (store_learner_by_id(r->st, pv.learner_id, &r->learner,
					&msg) <= 0) {
			web_fail_free(r, res, msg ? msg :
				      xstrdup("the preview learner is gone"));
			goto out;
		}
		r->signed_in = 1;
		free(r->csrf);
		r->csrf = xstrdup(r->session.csrf);
		/* A form from another sign-in is not taken. */
		if (!strcmp(r->method, "POST")) {
			web_redirect(res, "/preview");
			goto out;
		}
	}
	if (pv.d.errors) {
		page_errors(r, res);
		goto out;
	}
	if (web_match(r, "/take/*/*") || web_match(r, "/take/*/*/feedback")) {
		carry_over(r, web_arg(r, 0), web_arg(r, 1));
		handled = 0;
	} else if (!strcmp(r->method, "GET") && !strcmp(r->path, "/preview")) {
		page_start(r, res);
	} else if (!strcmp(r->method, "GET") &&
		   web_match(r, "/preview/map/*")) {
		page_map(r, res, web_arg(r, 0));
	} else if (!strcmp(r->method, "GET") &&
		   !strcmp(r->path, "/preview/saved")) {
		page_saved(r, res);
	} else if (!strcmp(r->method, "POST") &&
		   web_match(r, "/preview/restart/*")) {
		if (web_csrf_ok(r))
			post_restart(r, res, web_arg(r, 0));
		else
			handled = 0;
	} else if (!strcmp(r->method, "POST") &&
		   !strcmp(r->path, "/preview/save")) {
		if (web_csrf_ok(r))
			post_save(r, res);
		else
			handled = 0;
	} else if (!strncmp(r->path, "/preview", 8)) {
		web_not_found(r, res);
	} else {
		handled = 0;
	}
out:
	pthread_mutex_unlock(&pv.lock);
	return handled;
}

/* ---- around each page ---- */

#define JS_HASH_LEN sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, \
					      sodium_base64_VARIANT_ORIGINAL)

static void js_hash(char out[JS_HASH_LEN])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	size_t n;
	const char *js = web_preview_js(&n);

	crypto_hash_sha256(h, (const unsigned char *)js, n);
	sodium_bin2base64(out, JS_HASH_LEN, h, sizeof(h),
			  sodium_base64_VARIANT_ORIGINAL);
}

/* The page's policy with the preview's script allowed too, and the
 * requests it makes to ask for changes. */
static void allow_script(struct web_response *res)
{
	char hash[JS_HASH_LEN], *old, *at;

	js_hash(hash);
	if (!res->csp) {
		old = web_csp_script(hash);
	} else if ((at = strstr(res->csp, "script-src ")) != NULL) {
		at += strlen("script-src ");
		old = xasprintf("%.*s'sha256-%s' %s", (int)(at - res->csp),
				res->csp, hash, at);
	} else {
		old = xasprintf("script-src 'sha256-%s'; %s", hash, res->csp);
	}
	free(res->csp);
	res->csp = xasprintf("connect-src 'self'; %s", old);
	free(old);
}

/*
 * Writes one value of session_state_key's text at *k as Lua writes it
 * ({ opened = true, name = "Sam" }), moving *k past it.  Returns 0, or
 * -1 when the text is not of that form (the rest is then left out).
 */
static int state_lua(struct buf *b, const char **k, int key)
{
	const char *s = *k;
	char *end;

	switch (*s) {
	case 's': {
		unsigned long n = strtoul(s + 1, &end, 10);
		struct buf str = BUF_INIT;
		size_t i;
		int word;

		if (*end != ':')
			return -1;
		s = end + 1;
		for (i = 0; i < n && *s; i++) {
			if (s[0] == '\\' && (s[1] == '0' || s[1] == '\\')) {
				buf_addc(&str, s[1] == '0' ? '\0' : '\\');
				s += 2;
			} else {
				buf_addc(&str, *s++);
			}
		}
		word = key && str.len && !strchr("0123456789", *str.s) &&
		       strspn(str.s, "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
		       str.len;
		if (word) {
			buf_adds(b, str.s);
		} else {
			buf_adds(b, key ? "[" : "");
			playthrough_add_quoted(b, str.s ? str.s : "");
			buf_adds(b, key ? "]" : "");
		}
		buf_free(&str);
		*k = s;
		return i == n ? 0 : -1;
	}
	case 'i':
	case 'n':
		s++;
		end = (char *)s + strspn(s, "0123456789-+.eEinfa");
		buf_add(b, s, (size_t)(end - s));
		*k = end;
		return 0;
	case 't':
	case 'f':
		buf_adds(b, *s == 't' ? "true" : "false");
		*k = s + 1;
		return 0;
	case '{':
		buf_adds(b, "{");
		s++;
		while (*s && *s != '}') {
			if (!strncmp(s, "...", 3)) {
				buf_adds(b, " ...");
				s += 3;
				continue;
			}
			buf_adds(b, " ");
			if (state_lua(b, &s, 1) < 0 || *s != '=')
				return -1;
			buf_adds(b, " = ");
			s++;
			if (state_lua(b, &s, 0) < 0)
				return -1;
			if (*s == ',') {
				buf_adds(b, ",");
				s++;
			}
		}
		if (*s != '}')
			return -1;
		buf_adds(b, s[-1] == '{' ? "}" : " }");
		*k = s + 1;
		return 0;
	default:
		return -1;
	}
}

/* The panel's lines about the learner's place in a module. */
static void add_step(struct buf *b, struct web_request *r,
		     const char *pack_id, const char *module_id)
{
	struct pack *p = load_pack(r);
	struct attempt_take t = { 0 };
	const struct view *v;
	char *msg = NULL;
	static const char *const kinds[] = { "page", "scene", "question",
					     "finish" };
	int mi = p && !strcmp(p->id, pack_id) ?
		 pack_module_index(p, module_id) : -1;

	if (mi < 0)
		goto out;
	t.st = r->st;
	t.p = p;
	t.mi = (size_t)mi;
	t.plugin_dirs = r->cfg->plugin_dirs;
	t.learner_id = pv.learner_id;
	t.keep = 1;
	if (attempt_open(&t, ATTEMPT_RESUME, &msg) < 0 || !t.found ||
	    !t.s) {
		html_raw(b, "<dt>Step</dt><dd>Not begun</dd>\n");
		goto close;
	}
	v = session_view(t.s);
	if (v->step_id) {
		int si = module_step_index(t.m, v->step_id);
		const struct step *st = si >= 0 ? &t.m->steps[si] : NULL;

		html_raw(b, "<dt>Step</dt><dd><code class=\"step-id\">");
		html_txt(b, v->step_id);
		html_raw(b, "</code>");
		if (st) {
			char *file = author_file(p, t.m->file);

			html_txtf(b, " (%s), ", kinds[st->kind]);
			html_raw(b, "<code>");
			html_txtf(b, "%s:%d", file, st->line);
			html_raw(b, "</code>");
			free(file);
		}
		html_raw(b, "</dd>\n");
	}
	{
		char *state = session_state_key(t.s);
		const char *k = state;
		struct buf lua = BUF_INIT;
		int score, max;

		if (state_lua(&lua, &k, 0) < 0)
			buf_adds(&lua, " ...");
		session_score(t.s, &score, &max);
		html_raw(b, "<dt>state</dt><dd><code class=\"state\">");
		html_txt(b, lua.s ? lua.s : "");
		buf_free(&lua);
		html_raw(b, "</code></dd>\n<dt>Score so far</dt><dd>");
		html_txtf(b, "%d of %d point%s", score, max,
			  max == 1 ? "" : "s");
		html_raw(b, "</dd>\n");
		free(state);
	}
close:
	attempt_close(&t);
out:
	free(msg);
	pack_free(p);
}

/* The form that saves a finished attempt as a test, or why not yet. */
static void add_save(struct buf *b, const struct web_request *r)
{
	struct attempt a = { 0 };
	char *msg = NULL;
	int64_t id = 0;

	if (web_match((struct web_request *)r, "/attempts/*"))
		id = (int64_t)web_number(web_arg(r, 0), INT64_MAX);
	if (id <= 0 || store_attempt_get(r->st, id, &a, &msg) <= 0 ||
	    a.learner_id != pv.learner_id ||
	    a.status == ATTEMPT_IN_PROGRESS ||
	    a.status == ATTEMPT_ABANDONED) {
		html_raw(b, "<p>Save as a test: available at the end of a "
			 "module, on its result page.</p>\n");
		goto out;
	}
	html_raw(b, "<form method=\"post\" action=\"/preview/save\">");
	web_csrf_field(b, r);
	buf_addf(b, "<input type=\"hidden\" name=\"attempt\" value=\"%lld\">",
		 (long long)id);
	html_raw(b, "<label for=\"test-name\">Test file (tests/NAME.lua)"
		 "</label><input type=\"text\" id=\"test-name\" name=\"name\" "
		 "value=\"");
	html_attr(b, a.module);
	html_raw(b, "\" required>\n<button type=\"submit\">Save as a test"
		 "</button></form>\n");
	html_raw(b, "<p><a href=\"/preview/map/");
	html_attr(b, a.module);
	html_raw(b, "\">Map of this module</a></p>\n");
out:
	free(msg);
	attempt_clear(&a);
}

/* The side panel: the step, state and score, the map, save as a test. */
static void add_panel(struct buf *b, struct web_request *r)
{
	char *pack_id = NULL, *module_id = NULL;

	if (web_match(r, "/take/*/*") || web_match(r, "/take/*/*/feedback")) {
		pack_id = xstrdup(web_arg(r, 0));
		module_id = xstrdup(web_arg(r, 1));
	}
	html_raw(b, "<aside class=\"preview\" aria-labelledby=\"preview-h\">"
		 "\n<h2 id=\"preview-h\">Preview</h2>\n");
	if (module_id && !pv.d.errors) {
		html_raw(b, "<dl>\n");
		add_step(b, r, pack_id, module_id);
		html_raw(b, "</dl>\n<p><a href=\"/preview/map/");
		html_attr(b, module_id);
		html_raw(b, "\">Map of this module</a></p>\n");
	}
	add_save(b, r);
	html_raw(b, "<p><a href=\"/preview\">All modules</a></p>\n</aside>\n");
	free(pack_id);
	free(module_id);
}

/* The warnings, shorter than errors: place and message. */
static void add_warnings(struct buf *b)
{
	size_t i;

	if (!pv.d.warnings)
		return;
	html_raw(b, "<div class=\"notice preview-warnings\">\n<p>");
	html_txtf(b, "vigil pack check: %zu warning%s", pv.d.warnings,
		  pv.d.warnings == 1 ? "" : "s");
	html_raw(b, "</p>\n<ul>\n");
	for (i = 0; i < pv.d.n; i++) {
		if (pv.d.v[i].level != DIAG_WARNING)
			continue;
		html_raw(b, "<li>");
		add_place(b, &pv.d.v[i]);
		html_raw(b, " ");
		html_txt(b, pv.d.v[i].message);
		html_raw(b, "</li>\n");
	}
	html_raw(b, "</ul>\n</div>\n");
}

/* Inserts what add writes at offset at of res's body. */
static void splice(struct buf *body, size_t at, const struct buf *add)
{
	struct buf out = BUF_INIT;

	buf_add(&out, body->s, at);
	buf_add(&out, add->s, add->len);
	buf_add(&out, body->s + at, body->len - at);
	buf_free(body);
	*body = out;
}

void web_preview_after(struct web_request *r, struct web_response *res)
{
	struct buf add = BUF_INIT;
	char hash[JS_HASH_LEN];
	char *at;

	if (res->type || !res->body.s || !strstr(res->body.s, "</main>"))
		return;
	pthread_mutex_lock(&pv.lock);
	/* The warnings, just after the page's heading. */
	at = strstr(res->body.s, "<main");
	at = at ? strstr(at, "</h1>\n") : NULL;
	if (at && !pv.d.errors) {
		add_warnings(&add);
		splice(&res->body, (size_t)(at - res->body.s) + 6, &add);
		buf_free(&add);
	}
	at = strstr(res->body.s, "</main>\n");
	if (at && r->signed_in) {
		add_panel(&add, r);
		splice(&res->body, (size_t)(at - res->body.s) + 8, &add);
		buf_free(&add);
	}
	at = strstr(res->body.s, "</body>");
	if (at) {
		js_hash(hash);
		html_raw(&add, "<script src=\"/preview.js\" integrity=\""
			 "sha256-");
		html_attr(&add, hash);
		buf_addf(&add, "\" data-gen=\"%u\" defer></script>\n",
			 pv.gen);
		splice(&res->body, (size_t)(at - res->body.s), &add);
		buf_free(&add);
		allow_script(res);
	}
	pthread_mutex_unlock(&pv.lock);
}
