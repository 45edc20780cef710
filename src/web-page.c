/*
 * web-page.c - what the pages of `vigil serve` share: the layout and its
 * stylesheet, redirects and error pages (a failure logged under an
 * incident id), the pieces of pack text and records every page family
 * writes, and numbers read from a path or a form.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>
#include <sodium.h>

#include "certificate.h"
#include "html.h"
#include "markdown.h"
#include "settings.h"
#include "util.h"
#include "web.h"
#include "words.h"
#include "web-internal.h"
#include "web-files.h"

void web_redirect(struct web_response *res, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(res->location);
	res->location = buf_detach(&b);
	res->status = MHD_HTTP_SEE_OTHER;
}

void web_error_page(const struct web_request *r, struct web_response *res,
		    int status, const char *title, const char *text)
{
	res->status = status;
	res->body.len = 0;
	web_page_begin(&res->body, r, title);
	html_raw(&res->body, "<p>");
	html_txt(&res->body, text);
	html_raw(&res->body, "</p>\n<p><a href=\"/\">Back to the start"
		 "</a></p>\n");
	web_page_end(&res->body);
}

/* Copies s for the log with control characters (C0, DEL, and C1 as
 * UTF-8) made '?': a path or a message cannot forge a log line or reach a
 * terminal raw. */
static char *log_safe(const char *s)
{
	char *out = xstrdup(s ? s : "");
	unsigned char *p;

	for (p = (unsigned char *)out; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			p[0] = p[1] = '?';
	}
	return out;
}

void web_fail(const struct web_request *r, struct web_response *res,
	      const char *detail)
{
	unsigned char raw[4];
	char id[2 * sizeof(raw) + 1], *text, *path, *why;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(id, sizeof(id), raw, sizeof(raw));
	path = log_safe(r && r->path ? r->path : "-");
	why = log_safe(detail ? detail : "a page failed");
	error("incident %s: %s %s: %s", id, r && r->method ? r->method : "-",
	      path, why);
	free(path);
	free(why);
	text = xasprintf("This page could not be made.  Nothing you saved "
			 "before is lost.  Please try again; if it keeps "
			 "happening, tell your DSL and quote incident %s.", id);
	web_error_page(r, res, 500, "Something went wrong", text);
	free(text);
}

/*
 * The stylesheet: plain, readable, high contrast, visible focus, narrow
 * screens first, and no page wider than the screen.  Classes the pages
 * share:
 *   main.wide      a page of wide tables (web_page_begin_wide)
 *   .table         the box around a table (web_admin_table_begin): it
 *                  scrolls sideways itself, with a shadow at an edge that
 *                  has more beyond it, so the page never does
 *   table.stack    a list table whose cells each carry data-label="Column"
 *                  (web_admin_stack_begin): stacked rows on a phone
 *   .toolbar       a row of filter controls (labels with their fields)
 *   .pager         previous and next links, and "Page x of y"
 *   .stats         dashboard number cards (li or div), each with its big
 *                  number in .n and its words after it
 *   .num           a number in a table, right-aligned
 *   .actions       a row of buttons and button forms
 *   .visually-hidden  read by screen readers, not shown
 *   .cards         a grid of cards (an article.card each, with a heading):
 *                  one column on a phone, more where they fit
 *   .links         a row of links that wraps
 *   .due-overdue, .due-soon  a due date that needs doing something about
 * State colours are translucent, so that the scroll shadow shows through
 * them.
 */
static const char stylesheet[] =
	"*{box-sizing:border-box}\n"
	"html{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"Arial,sans-serif;font-size:100%;line-height:1.5;color:#1a1a1a;"
	"background:#fff}\n"
	"body{margin:0}\n"
	".skip{position:absolute;left:-999px}\n"
	".skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;"
	"z-index:2}\n"
	".visually-hidden{position:absolute;width:1px;height:1px;"
	"overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);"
	"white-space:nowrap;margin:-1px;padding:0;border:0}\n"
	"header.site{background:#1f3a5f;color:#fff;padding:.75rem 1rem;"
	"display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;"
	"overflow-wrap:anywhere}\n"
	"header.site a,header.site button{color:#fff}\n"
	"header.site .name{font-weight:700;font-size:1.15rem;"
	"text-decoration:none}\n"
	"header.site nav{display:flex;flex-wrap:wrap;gap:.5rem 1rem;"
	"align-items:center;min-width:0}\n"
	"header.site form{margin:0}\n"
	"header.site button{background:none;border:1px solid #fff;"
	"border-radius:4px;padding:.25rem .6rem;font:inherit;cursor:pointer}\n"
	"main{max-width:46rem;margin:0 auto;padding:1rem;"
	"overflow-wrap:break-word}\n"
	"main.wide{max-width:80rem}\n"
	/* pack preview's panel: below the page, or beside it when the
	 * screen has room; and a map that scrolls in its own box. */
	"aside.preview{max-width:44rem;margin:1rem auto;padding:.5rem 1rem;"
	"border:2px dashed #555;border-radius:6px;overflow-wrap:anywhere}\n"
	"aside.preview dd{margin:0 0 .4rem}\n"
	"@media (max-width:46rem){aside.preview{margin:1rem}}\n"
	"@media (min-width:78rem){aside.preview{position:absolute;top:5rem;"
	"right:.5rem;width:15rem;margin:0}}\n"
	".map{overflow-x:auto;max-width:100%;border:1px solid #767676}\n"
	/* The map is as wide as its box, but never so narrow that its
	 * words cannot be read: on a phone the box scrolls instead. */
	".map svg{display:block;min-width:36rem;height:auto}\n"
	"h1{font-size:1.6rem;line-height:1.25}\n"
	"h2{font-size:1.3rem}\n"
	"a{color:#0b4f9c}\n"
	"a:focus,button:focus,input:focus,select:focus,textarea:focus,"
	"summary:focus,[tabindex]:focus{outline:3px solid #f2a900;"
	"outline-offset:2px}\n"
	"img,video{max-width:100%;height:auto}\n"
	"pre{overflow-x:auto;max-width:100%}\n"
	"code,dd,.ref{overflow-wrap:anywhere}\n"
	"fieldset{border:1px solid #767676;border-radius:6px;padding:.75rem;"
	"margin:1rem 0;min-width:0}\n"
	"legend{font-weight:700;padding:0 .25rem}\n"
	".option{display:flex;gap:.6rem;align-items:flex-start;"
	"margin:.5rem 0}\n"
	".option input{margin-top:.3rem;width:1.25rem;height:1.25rem;"
	"flex:none}\n"
	"label{display:block}\n"
	"input[type=text],input[type=email],input[type=password],"
	"input[type=search],input[type=number],input[type=date],"
	"input[type=url],input[type=file],textarea,select{font:inherit;"
	"padding:.4rem;border:1px solid #555;border-radius:4px;"
	"max-width:100%}\n"
	"input[type=text],input[type=email],input[type=password],"
	"input[type=search],input[type=url],textarea{width:100%}\n"
	"button,.button{font:inherit;background:#1f3a5f;color:#fff;"
	"border:0;border-radius:4px;padding:.55rem 1.1rem;cursor:pointer;"
	"text-decoration:none;display:inline-block;max-width:100%}\n"
	"button.secondary,.button.secondary{background:#fff;color:#1f3a5f;"
	"border:2px solid #1f3a5f}\n"
	".error{color:#a4000f;font-weight:700}\n"
	".notice{background:#eef4fb;border-left:4px solid #1f3a5f;"
	"padding:.5rem .75rem}\n"
	".right{color:#0a6b2d;font-weight:700}\n"
	".wrong{color:#a4000f;font-weight:700}\n"
	".asked,.given{margin:.5rem 0 1rem;padding:.1rem 1rem;"
	"border-left:4px solid #767676}\n"
	".counted{background:#fff4d6;border-left:4px solid #8a5a00;"
	"padding:.5rem .75rem}\n"
	".order-list{list-style:none;padding:0;margin:.5rem 0}\n"
	".order-item{display:flex;flex-wrap:wrap;align-items:center;"
	"gap:.4rem .6rem;border:1px solid #767676;border-radius:6px;"
	"padding:.5rem;margin:.4rem 0;background:#fff;cursor:grab;"
	"user-select:none}\n"
	".order-item .grip{touch-action:none;font-size:1.3rem;"
	"padding:0 .3rem;color:#444}\n"
	".order-item .pos{font-weight:700;min-width:1.5rem}\n"
	".order-item .text{flex:1 1 10rem;min-width:0}\n"
	".order-item .moves{display:flex;gap:.4rem;margin-left:auto}\n"
	".order-item .moves button{padding:.3rem .6rem}\n"
	".order-item.dragging{opacity:.7;border:2px dashed #1f3a5f}\n"
	"[hidden]{display:none!important}\n"
	"progress{width:100%;height:.8rem}\n"
	".table{overflow-x:auto;max-width:100%;margin:1rem 0;"
	"background:linear-gradient(to right,#fff 30%,rgba(255,255,255,0))"
	" left/2.5rem 100% no-repeat local,"
	"linear-gradient(to left,#fff 30%,rgba(255,255,255,0))"
	" right/2.5rem 100% no-repeat local,"
	"radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.35),"
	"rgba(0,0,0,0)) left/1rem 100% no-repeat scroll,"
	"radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.35),"
	"rgba(0,0,0,0)) right/1rem 100% no-repeat scroll #fff}\n"
	".table{container-type:inline-size}\n"
	".table>table{margin:0}\n"
	".table caption{position:sticky;left:0;max-width:100cqw}\n"
	"table{border-collapse:collapse;margin:1rem 0}\n"
	"th,td{border:1px solid #999;padding:.35rem .5rem;text-align:left;"
	"vertical-align:top}\n"
	"caption{text-align:left;font-weight:700;padding:.25rem 0}\n"
	"td>ul{margin:0;padding-left:1.2rem}\n"
	".num,th.num,td.num{text-align:right;"
	"font-variant-numeric:tabular-nums}\n"
	".s-valid{background:rgba(0,140,40,.15)}\n"
	".s-never{background:transparent}\n"
	".s-progress{background:rgba(255,210,0,.2)}\n"
	".s-failed{background:rgba(220,20,20,.12)}\n"
	".s-expired{background:rgba(255,140,0,.24)}\n"
	".toolbar,.actions,.pager{display:flex;flex-wrap:wrap;"
	"gap:.5rem 1rem;align-items:flex-end;margin:1rem 0}\n"
	".toolbar>*,.actions>*,.pager>*{min-width:0;max-width:100%}\n"
	".toolbar input[type=text],.toolbar input[type=search]{width:14rem}\n"
	".actions{align-items:center;gap:.5rem}\n"
	".actions form{margin:0}\n"
	".pager{align-items:center}\n"
	".stats{display:grid;grid-template-columns:repeat(auto-fit,"
	"minmax(min(100%,11rem),1fr));gap:1rem;margin:1rem 0;padding:0;"
	"list-style:none}\n"
	".stats>*{border:1px solid #767676;border-radius:6px;"
	"padding:.75rem 1rem;margin:0;min-width:0}\n"
	".stats .n{display:block;font-size:2rem;font-weight:700;"
	"line-height:1.1;font-variant-numeric:tabular-nums}\n"
	".cards{display:grid;grid-template-columns:repeat(auto-fill,"
	"minmax(min(100%,18rem),1fr));gap:1rem;margin:1rem 0}\n"
	".card{border:1px solid #767676;border-radius:6px;"
	"padding:.75rem 1rem;min-width:0}\n"
	".card h3{margin:0 0 .5rem;font-size:1.1rem}\n"
	".card p{margin:.4rem 0}\n"
	".links{display:flex;flex-wrap:wrap;gap:.25rem 1rem}\n"
	".due-overdue{color:#a4000f;font-weight:700}\n"
	".due-soon{font-weight:700}\n"
	"@media (max-width:40rem){\n"
	"table.stack,table.stack caption,table.stack tbody,table.stack tr,"
	"table.stack th,table.stack td{display:block}\n"
	"table.stack{width:100%}\n"
	"table.stack thead{position:absolute;width:1px;height:1px;"
	"overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);"
	"white-space:nowrap}\n"
	"table.stack tr{border:1px solid #999;border-radius:4px;"
	"margin:.75rem 0;padding:.25rem .5rem}\n"
	"table.stack th,table.stack td{border:0;padding:.25rem 0;"
	"overflow-wrap:anywhere}\n"
	"table.stack td[class^=s-]{padding:.25rem .5rem;margin:0 -.5rem}\n"
	"table.stack .num{text-align:left}\n"
	"table.stack [data-label]::before{content:attr(data-label);"
	"content:attr(data-label) / \"\";display:block;font-weight:700;"
	"font-size:.9rem}\n"
	"}\n"
	"footer{max-width:46rem;margin:2rem auto 1rem;padding:0 1rem;"
	"color:#444;font-size:.9rem}\n"
	"main.wide+footer{max-width:80rem}\n"
	"@media print{header.site,footer,.noprint{display:none}"
	".table{overflow:visible}}\n";

char *web_setting(const struct web_request *r, const char *key)
{
	const struct setting_def *d = setting_find(key);
	char *value = NULL, *msg = NULL;

	if (r && r->st)
		value = setting_value(r->st, key, &msg);
	if (msg) {
		error("%s", msg);
		free(msg);
	}
	return value ? value : xstrdup(d ? d->fallback : "");
}

void web_words(const struct web_request *r, struct words *w)
{
	char *v[WORD_COUNT];
	int i;

	v[WORD_SCHOOL] = web_setting(r, "school_name");
	v[WORD_LEAD] = web_setting(r, "lead_title");
	v[WORD_LEAD_SHORT] = web_setting(r, "lead_short");
	v[WORD_LEADS] = web_setting(r, "leads");
	words_set(w, v[WORD_SCHOOL], v[WORD_LEAD], v[WORD_LEAD_SHORT],
		  v[WORD_LEADS]);
	for (i = 0; i < WORD_COUNT; i++)
		free(v[i]);
}

/*
 * The loader renders each text once, as written (struct step.html), but
 * the school's words may change while the server runs, so a text that
 * holds one is rendered here, per page, from its Markdown with the words
 * in (escaped as Markdown: words_md).  It goes through the memo like the
 * loader's: the memo is keyed by the whole text, so each wording is
 * rendered once and kept, and changed settings only make new keys.
 * Replacing the words in the rendered HTML instead would be cheaper but
 * would miss a word that cmark split or changed (in a link's text, by
 * smart punctuation in a later cmark), and give the terminal and the web
 * two ways of doing it; one path, Markdown first, serves both.
 */
void web_pack_md(struct buf *b, const struct words *w, const char *text,
		 const char *html)
{
	char *md;

	if (!words_in(text)) {
		web_pack_html(b, html);
		return;
	}
	md = words_md(w, text);
	web_markdown(b, md, 1);
	free(md);
}

void web_pack_txt(struct buf *b, const struct words *w, const char *text)
{
	char *plain = words_plain(w, text);

	html_txt(b, plain);
	free(plain);
}

void web_your_lead(struct buf *b, const struct web_request *r)
{
	char *lead = web_setting(r, "lead_short");

	html_raw(b, "your ");
	html_txt(b, lead);
	free(lead);
}

/*
 * Starts a page (wide: main.wide): the school's name (when set) at the
 * top of the header, and for someone signed in who holds an admin role
 * the way to the records as well as to their own training.
 */
static void page_begin(struct buf *b, const struct web_request *r,
		       const char *title, int wide)
{
	char *school = web_setting(r, "school_name");

	html_raw(b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
		 "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		 "content=\"width=device-width, initial-scale=1\">\n<title>");
	html_txt(b, title);
	html_raw(b, " - ");
	html_txt(b, *school ? school : "Vigil");
	html_raw(b, "</title>\n<link rel=\"stylesheet\" "
		 "href=\"/style.css\">\n</head>\n<body>\n<a class=\"skip\" "
		 "href=\"#main\">Skip to the content</a>\n<header "
		 "class=\"site\">\n<a class=\"name\" href=\"/\">");
	html_txt(b, *school ? school : "Vigil");
	html_raw(b, "</a>\n<nav aria-label=\"Site\">\n<a href=\"/verify\">"
		 "Check a certificate</a>\n");
	free(school);
	if (r && r->signed_in && r->session.admin) {
		html_raw(b, "<a href=\"/admin\">Completion records</a>\n"
			 "<form method=\"post\" action=\"/admin/signout\">");
		web_csrf_field(b, r);
		html_raw(b, "<button type=\"submit\">Sign out</button></form>\n");
	} else if (r && r->signed_in) {
		if (*r->session.access)
			html_raw(b, "<a href=\"/\">Your training</a>\n"
				 "<a href=\"/admin\">Completion records</a>\n");
		html_raw(b, "<a href=\"/training\">My training</a>\n");
		html_raw(b, "<span>Signed in as ");
		html_txt(b, r->learner.name);
		html_raw(b, "</span>\n<form method=\"post\" "
			 "action=\"/signout\">");
		web_csrf_field(b, r);
		html_raw(b, "<button type=\"submit\">Sign out</button></form>\n");
	}
	html_raw(b, wide ? "</nav>\n</header>\n<main id=\"main\" "
		 "class=\"wide\">\n<h1>" : "</nav>\n</header>\n<main "
		 "id=\"main\">\n<h1>");
	html_txt(b, title);
	html_raw(b, "</h1>\n");
}

void web_page_begin(struct buf *b, const struct web_request *r,
		    const char *title)
{
	page_begin(b, r, title, 0);
}

void web_page_begin_wide(struct buf *b, const struct web_request *r,
			 const char *title)
{
	page_begin(b, r, title, 1);
}

void web_page_end(struct buf *b)
{
	html_raw(b, "</main>\n<footer><p>Vigil: safeguarding training and "
		 "its records.</p></footer>\n</body>\n</html>\n");
}

void web_csrf_field(struct buf *b, const struct web_request *r)
{
	html_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(b, r && r->csrf ? r->csrf : "");
	html_raw(b, "\">");
}

#define ORDER_HASH_LEN sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, \
					       sodium_base64_VARIANT_ORIGINAL)

/* The SHA-256 of /order.js in base64, as CSP hashes and integrity
 * attributes write it. */
static void order_hash(char out[ORDER_HASH_LEN])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)order_js,
			   sizeof(order_js) - 1);
	sodium_bin2base64(out, ORDER_HASH_LEN, h, sizeof(h),
			  sodium_base64_VARIANT_ORIGINAL);
}

void web_order_script(struct buf *b)
{
	char hash[ORDER_HASH_LEN];

	order_hash(hash);
	html_raw(b, "<script src=\"/order.js\" integrity=\"sha256-");
	html_attr(b, hash);
	html_raw(b, "\" defer></script>\n");
}

char *web_order_csp(void)
{
	char hash[ORDER_HASH_LEN];

	order_hash(hash);
	return web_csp_script(hash);
}

/* GET /order.js: the script of an order question's step page, which
 * alone names it and allows it by its hash (web_order_csp). */
static int js_handler(struct web_request *r, struct web_response *res)
{
	(void)r;
	res->type = "text/javascript; charset=utf-8";
	buf_add(&res->body, order_js, sizeof(order_js) - 1);
	return 0;
}

const char *web_preview_js(size_t *len)
{
	*len = sizeof(preview_js) - 1;
	return preview_js;
}

/* GET /style.css: the one stylesheet. */
static int css_handler(struct web_request *r, struct web_response *res)
{
	(void)r;
	res->type = "text/css; charset=utf-8";
	buf_add(&res->body, stylesheet, sizeof(stylesheet) - 1);
	return 0;
}

/* GET /certificate.js: the certificate's print button (certificate.h). */
static int certificate_js_handler(struct web_request *r,
				  struct web_response *res)
{
	(void)r;
	res->type = "text/javascript; charset=utf-8";
	buf_adds(&res->body, certificate_script);
	return 0;
}

const struct web_route web_page_routes[] = {
	{ "GET", "/style.css", css_handler, WEB_ASSET, WEB_BODY_FORM },
	{ "GET", "/order.js", js_handler, WEB_ASSET, WEB_BODY_FORM },
	{ "GET", CERTIFICATE_SCRIPT_PATH, certificate_js_handler, WEB_ASSET, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};

/* Answers 500 (web_fail), freeing why. */
void web_fail_free(const struct web_request *r, struct web_response *res,
		   char *why)
{
	web_fail(r, res, why);
	free(why);
}

/* The 404 page of every address that names nothing (or nothing of the
 * signed-in learner's). */
void web_not_found(const struct web_request *r, struct web_response *res)
{
	web_error_page(r, res, 404, "Page not found",
		       "There is no page at this address.");
}

/*
 * Writes HTML that the pack loader rendered from pack text with cmark's
 * safe defaults (no raw HTML, no unsafe links): the one kind of markup
 * that does not come from this file's literals.
 */
void web_pack_html(struct buf *b, const char *html)
{
	if (html)
		html_raw(b, html);
}

/* Renders pack Markdown that the loader did not render (summaries,
 * feedback) the same safe way; kept: through the memo, for the pack's own
 * texts only (markdown.h says why). */
void web_markdown(struct buf *b, const char *text, int kept)
{
	char *html;

	if (!text)
		return;
	html = kept ? md_to_html_kept(text, strlen(text)) :
		      md_to_html(text, strlen(text));
	if (html)
		html_raw(b, html);
	else
		html_txt(b, text);
	free(html);
}

/* Writes a stored time or date as its date in words, "7 December 2026"
 * (a time's date in London), in a <time> element whose datetime is the
 * same date in ISO 8601; what is neither is written as it is. */
void web_date(struct buf *b, const char *when)
{
	char day[DATE_LEN], words[WORDS_LEN];

	fmt_date_words(when, words, sizeof(words));
	if (fmt_date_london(when, day) < 0) {
		html_txt(b, words);
		return;
	}
	html_raw(b, "<time datetime=\"");
	html_attr(b, day);
	html_raw(b, "\">");
	html_txt(b, words);
	html_raw(b, "</time>");
}

/* Writes a stored UTC time as its date and time in London, "7 December
 * 2026, 14:05", in a <time> element whose datetime is the UTC time. */
void web_time(struct buf *b, const char *when)
{
	char words[WORDS_LEN];
	time_t t;

	fmt_time_words(when, words, sizeof(words));
	if (!when || parse_time(when, &t) < 0) {
		html_txt(b, words);
		return;
	}
	html_raw(b, "<time datetime=\"");
	html_attr(b, when);
	html_raw(b, "\">");
	html_txt(b, words);
	html_raw(b, "</time>");
}

/* Writes "/take/PACK/MODULE" and a suffix as an attribute value. */
void web_take_url(struct buf *b, const char *pack, const char *module,
		  const char *suffix)
{
	html_raw(b, "/take/");
	html_attr(b, pack);
	html_raw(b, "/");
	html_attr(b, module);
	html_raw(b, suffix);
}

/*
 * Reads a whole number from 1 to max written in plain digits (a number in
 * a URL path or a form); 0 if it is not one.
 */
uint64_t web_number(const char *s, uint64_t max)
{
	uint64_t v = 0, d;

	if (!s || !*s || s[strspn(s, "0123456789")])
		return 0;
	for (; *s; s++) {
		d = (uint64_t)(*s - '0');
		if (d > max || v > (max - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	return v;
}
