/*
 * fuzz-markdown.c - pack text (Markdown) through both renderers: the
 * terminal's (at a width taken from the first byte) and the web's, and
 * md_strip_controls for labels.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "markdown.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *out;
	int width;

	if (!size)
		return 0;
	/* Widths from 0 to 255 cover the clamp at both ends. */
	width = data[0];
	text = xstrndup((const char *)data + 1, size - 1);
	out = md_to_term((const char *)data + 1, size - 1, width, 0);
	free(out);
	out = md_to_term((const char *)data + 1, size - 1, 72, MD_TERM_STYLE);
	free(out);
	out = md_to_html((const char *)data + 1, size - 1);
	free(out);
	out = md_strip_controls(text);
	free(out);
	free(text);
	return 0;
}
