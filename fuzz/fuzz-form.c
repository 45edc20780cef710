/*
 * fuzz-form.c - what the web front end reads from a request once
 * libmicrohttpd has split it: the path against every route pattern, the
 * CSRF token against the cookie's, and the answer form turned into an
 * input line for each kind of step (src/web-internal.h).
 *
 * The input is the path, a line break, the CSRF cookie's value, a line
 * break, one byte choosing the kind of step and one its number of options,
 * then a form body (name=value&...) decoded as an HTML form is: %XX and
 * + for a space.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "util.h"
#include "web.h"
#include "web-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next line of [*p, end) (malloc'd, without its line break). */
static char *next_line(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	const uint8_t *stop = nl ? nl : end;
	char *s = xstrndup((const char *)*p, (size_t)(stop - *p));

	*p = nl ? nl + 1 : end;
	return s;
}

/* The value of hex digit c, or -1. */
static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) in place as a form field; returns its new length. */
static size_t decode(char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			s[o++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && hex(s[i + 1]) >= 0 &&
			   hex(s[i + 2]) >= 0) {
			s[o++] = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}

/* Splits body[0..n) into r's form fields. */
static void parse_form(struct web_request *r, const uint8_t *body, size_t n)
{
	const uint8_t *p = body, *end = body + n;

	while (p < end) {
		const uint8_t *amp = memchr(p, '&', (size_t)(end - p));
		const uint8_t *stop = amp ? amp : end;
		const uint8_t *eq = memchr(p, '=', (size_t)(stop - p));
		char *k = xstrndup((const char *)p, (size_t)((eq ? eq : stop) - p));
		size_t vlen = eq ? (size_t)(stop - eq - 1) : 0;
		char *v = xmalloc(vlen + 1);
		struct web_kv *kv;

		memcpy(v, eq ? eq + 1 : p, vlen);
		v[vlen] = '\0';
		k[decode(k, strlen(k))] = '\0';
		vlen = decode(v, vlen);
		v[vlen] = '\0';
		r->form = xrealloc(r->form, (r->nform + 1) * sizeof(*r->form));
		kv = &r->form[r->nform++];
		kv->key = k;
		kv->value = v;
		kv->len = vlen;
		p = amp ? amp + 1 : end;
	}
}

/* Matches r against every pattern of table t, reading what matched. */
static void match_all(struct web_request *r, const struct web_route *t)
{
	for (; t->method; t++)
		if (web_match(r, t->pattern) && r->nargs)
			(void)strlen(web_arg(r, r->nargs - 1));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct web_request r = { 0 };
	struct view v = { 0 };
	char *path, *line, *err;
	size_t i;
	int kind;

	path = next_line(&p, end);
	r.path = path;
	r.method = "POST";
	r.csrf = next_line(&p, end);
	kind = p < end ? *p++ : 0;
	v.noptions = p < end ? *p++ : 0;
	parse_form(&r, p, (size_t)(end - p));

	for (i = 0; i < web_route_ntables; i++)
		match_all(&r, web_route_tables[i]);
	(void)web_csrf_ok(&r);
	v.kind = (enum view_kind)(kind % (VIEW_END + 1));
	v.step_id = "step";
	err = NULL;
	line = web_take_input_line(&r, &v, &err);
	if (!line && !err)
		abort();	/* the contract: one or the other */
	free(line);
	free(err);

	for (i = 0; i < r.nargs; i++)
		free(r.args[i]);
	for (i = 0; i < r.nform; i++) {
		free(r.form[i].key);
		free(r.form[i].value);
	}
	free(r.form);
	free(r.csrf);
	free(path);
	return 0;
}
