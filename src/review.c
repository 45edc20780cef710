/*
 * review.c - a finished attempt, question by question (review.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "pack.h"
#include "review.h"
#include "session.h"
#include "util.h"

size_t review_items(const struct module *m, const struct answer *ans,
		    size_t n, struct review_item **out)
{
	unsigned char *seen = xcalloc(m->nsteps + 1, 1);
	size_t i, count = 0;

	*out = xcalloc(n + 1, sizeof(**out));
	for (i = 0; i < n; i++) {
		int si = module_step_index(m, ans[i].step_id);

		if (si < 0 || seen[si] || m->steps[si].max <= 0)
			continue;
		seen[si] = 1;	/* later answers to it earned nothing */
		(*out)[count].step = (size_t)si;
		(*out)[count].points = ans[i].points;
		(*out)[count].max = m->steps[si].max;
		count++;
	}
	free(seen);
	return count;
}

const char *review_verdict(const struct review_item *it)
{
	if (it->points >= it->max)
		return "Right";
	return it->points > 0 ? "Partly right" : "Not right";
}

char *review_excerpt(const char *markdown, size_t max)
{
	char *plain, *p, *line, *end;
	struct buf b = BUF_INIT;
	size_t chars = 0, cut = 0, len;

	if (!markdown || !*markdown)
		return xstrdup("");
	plain = md_to_term(markdown, strlen(markdown), 1000, 0);
	if (!plain)
		return xstrdup("");
	/* the first line with words (a heading's is its text) */
	for (line = plain; *line == '\n' || *line == ' '; line++)
		;
	end = strchr(line, '\n');
	len = end ? (size_t)(end - line) : strlen(line);
	for (p = line; p < line + len; ) {
		uint32_t cp;
		size_t k = utf8_decode(p, (size_t)(line + len - p), &cp);

		if (!k)
			k = 1;
		if (chars == max) {
			/* back to the last space, if there is one not too
			 * far back, so that no word is cut in two */
			if (cut > b.len / 2)
				b.len = cut;
			while (b.len && b.s[b.len - 1] == ' ')
				b.len--;
			buf_add(&b, "\xe2\x80\xa6", 3);	/* … */
			break;
		}
		if (*p == ' ')
			cut = b.len;
		buf_add(&b, p, k);
		chars++;
		p += k;
	}
	free(plain);
	if (!b.s)
		return xstrdup("");
	return buf_detach(&b);
}
