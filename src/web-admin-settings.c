/*
 * web-admin-settings.c - the school's settings in the DSL's pages of
 * `vigil serve` (SPEC §4): every key settings.h knows, with its label,
 * what it is for and its value, checked as `vigil settings` checks it
 * (setting_check).  The mail password is never shown: its field starts
 * empty, and left empty keeps the password there is.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "settings.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

/* The field that clears the secret setting. */
#define CLEAR_PREFIX	"clear_"

static const struct web_notice notices[] = {
	{ "saved", "The settings are saved." },
	{ "same", "Nothing was changed." },
	{ NULL, NULL }
};

/* One setting as the form holds it. */
struct entry {
	const struct setting_def *d;
	char *stored;		/* the value there is; NULL when unset */
	char *typed;		/* what the form sent, to show again */
	char *checked;		/* as it will be stored ("" unset) */
	char *err;
};

struct settings_form {
	struct entry *e;
	size_t n;
	const char *first_err;	/* the key of the first field in error */
};

static void form_free(struct settings_form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->e[i].stored);
		free(f->e[i].typed);
		free(f->e[i].checked);
		free(f->e[i].err);
	}
	free(f->e);
	memset(f, 0, sizeof(*f));
}

/* Reads every setting's stored value: 0, or -1 after a 500 page. */
static int form_read(struct web_request *r, struct web_response *res,
		     struct settings_form *f)
{
	const struct setting_def *d;
	char *msg = NULL;
	size_t n = 0;

	memset(f, 0, sizeof(*f));
	for (d = settings_defs; d->key; d++)
		n++;
	f->e = xcalloc(n + 1, sizeof(*f->e));
	for (d = settings_defs; d->key; d++, f->n++) {
		f->e[f->n].d = d;
		if (store_setting_get(r->st, d->key, &f->e[f->n].stored,
				      &msg) < 0) {
			form_free(f);
			web_admin_failed(r, res, msg);
			return -1;
		}
	}
	return 0;
}

/* A setting's value as someone who may not change it sees it. */
static void value_row(struct buf *b, const struct entry *e)
{
	html_raw(b, "<dt>");
	html_txt(b, e->d->label);
	html_raw(b, "</dt><dd>");
	if (e->d->secret)
		html_txt(b, e->stored && *e->stored ? "set (not shown)" :
			 "not set");
	else if (e->stored && *e->stored)
		html_txt(b, e->stored);
	else if (*e->d->fallback)
		html_txtf(b, "not set, so %s", e->d->fallback);
	else
		html_txt(b, "not set");
	html_raw(b, "</dd>\n");
}

/* A setting's field, with what was typed (or the value) and its error. */
static void setting_field(struct buf *b, const struct entry *e)
{
	struct buf hint = BUF_INIT;
	struct web_field f = { e->d->key, e->d->label, e->d->secret ?
		"password" : "text", NULL, NULL, e->err, e->d->secret ?
		"autocomplete=\"new-password\"" : "autocomplete=\"off\"" };

	buf_adds(&hint, e->d->help);
	if (e->d->secret)
		buf_adds(&hint, e->stored && *e->stored ? " One is saved; "
			 "left empty, it is kept." : " None is saved yet.");
	else if (*e->d->fallback)
		buf_addf(&hint, " Left empty: %s.", e->d->fallback);
	f.hint = hint.s;
	if (!e->d->secret)
		f.value = e->typed ? e->typed : e->stored;
	web_admin_field(b, &f);
	if (e->d->secret && e->stored && *e->stored) {
		html_raw(b, "<div class=\"option\"><input type=\"checkbox\" "
			 "id=\"" CLEAR_PREFIX);
		html_attr(b, e->d->key);
		html_raw(b, "\" name=\"" CLEAR_PREFIX);
		html_attr(b, e->d->key);
		html_raw(b, "\" value=\"1\"><label for=\"" CLEAR_PREFIX);
		html_attr(b, e->d->key);
		html_raw(b, "\">Remove the saved ");
		html_txt(b, e->d->label);
		html_raw(b, "</label></div>\n");
	}
	buf_free(&hint);
}

/* The settings page, with the form's errors if it was sent. */
static void settings_page(struct web_request *r, struct web_response *res,
			  const struct settings_form *f, int status)
{
	struct buf *b = &res->body;
	size_t i;

	res->status = status;
	b->len = 0;
	web_page_begin(b, r, "Settings");
	if (f->first_err) {
		for (i = 0; i < f->n; i++)
			if (!strcmp(f->e[i].d->key, f->first_err))
				web_admin_problem(b, f->first_err, f->e[i].err);
	}
	web_admin_notice(b, r, notices);
	html_raw(b, "<p>What the school calls things, the address staff use, "
		 "and how reminders are sent. The same settings as <code>vigil "
		 "settings</code> on the server.</p>\n");
	if (!web_admin_may_change(r)) {
		html_raw(b, "<dl>\n");
		for (i = 0; i < f->n; i++)
			value_row(b, &f->e[i]);
		html_raw(b, "</dl>\n");
		web_page_end(b);
		return;
	}
	html_raw(b, "<form method=\"post\" action=\"/admin/settings\">\n");
	web_csrf_field(b, r);
	html_raw(b, "\n");
	for (i = 0; i < f->n; i++)
		setting_field(b, &f->e[i]);
	html_raw(b, "<p><button type=\"submit\">Save the settings</button>"
		 "</p>\n</form>\n");
	web_page_end(b);
}

/* GET /admin/settings. */
static int settings_get(struct web_request *r, struct web_response *res)
{
	struct settings_form f;

	if (web_admin_refused(r, res))
		return -1;
	if (form_read(r, res, &f) < 0)
		return -1;
	settings_page(r, res, &f, 200);
	form_free(&f);
	return 0;
}

/* Nonzero when e's checked value differs from what is stored. */
static int entry_changes(const struct entry *e, int clear)
{
	const char *now = e->stored ? e->stored : "";

	if (!e->checked)
		return 0;
	if (e->d->secret)
		return *e->checked || (clear && *now);
	return strcmp(e->checked, now) != 0;
}

/*
 * POST /admin/settings: every value checked first; any wrong, the form
 * again with each error by its field and nothing saved; all right, those
 * that changed saved (each with its audit row, the secret's without its
 * value).
 */
static int settings_post(struct web_request *r, struct web_response *res)
{
	struct settings_form f;
	char *msg = NULL, *clear_key;
	const char *v;
	size_t i;
	int changed = 0, clear;

	if (web_admin_refused(r, res))
		return -1;
	if (form_read(r, res, &f) < 0)
		return -1;
	for (i = 0; i < f.n; i++) {
		struct entry *e = &f.e[i];

		/* A field left empty may not be sent at all: it unsets. */
		v = web_form(r, e->d->key);
		e->typed = xstrdup(v ? v : "");
		e->checked = setting_check(e->d, e->typed, &msg);
		if (!e->checked) {
			e->err = msg ? msg : xstrdup("that value will not do");
			msg = NULL;
			if (e->err[0] >= 'a' && e->err[0] <= 'z')
				e->err[0] = (char)(e->err[0] - 'a' + 'A');
			if (!f.first_err)
				f.first_err = e->d->key;
		}
	}
	if (f.first_err) {
		settings_page(r, res, &f, 422);
		form_free(&f);
		return 0;
	}
	for (i = 0; i < f.n; i++) {
		struct entry *e = &f.e[i];

		clear_key = xasprintf(CLEAR_PREFIX "%s", e->d->key);
		clear = e->d->secret && web_form(r, clear_key) != NULL;
		free(clear_key);
		if (!entry_changes(e, clear))
			continue;
		if (store_setting_set(r->st, e->d->key, *e->checked ?
				      e->checked : NULL, e->d->secret,
				      &msg) < 0) {
			form_free(&f);
			return web_admin_failed(r, res, msg);
		}
		changed++;
	}
	form_free(&f);
	web_redirect(res, "/admin/settings?done=%s", changed ? "saved" :
		     "same");
	return 0;
}

const struct web_route web_admin_settings_routes[] = {
	{ "GET", "/admin/settings", settings_get, WEB_ADMIN, WEB_BODY_FORM },
	{ "POST", "/admin/settings", settings_post, WEB_ADMIN, WEB_BODY_FORM },
	{ NULL, NULL, NULL, WEB_PUBLIC, WEB_BODY_FORM }
};
