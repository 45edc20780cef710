/*
 * certificate-pdf.c - the certificate as a one-page A4 PDF (certificate.h),
 * drawn with cairo and laid out with pango: every name prints whatever its
 * letters (pango finds a font that has them), and every text is plain text
 * laid out in a box of its own, so nothing a learner typed is read as
 * markup and nothing runs off the page: a long text wraps, then shrinks,
 * then is cut short with an ellipsis.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "certificate.h"
#include "store.h"
#include "util.h"

/* A4 in points, and the box the text is laid out in. */
#define PAGE_W		595.276
#define PAGE_H		841.89
#define TEXT_X		78.0
#define TEXT_W		(PAGE_W - 2 * TEXT_X)
#define TOP		88.0
#define BOTTOM		(PAGE_H - 70.0)

#define SERIF		"DejaVu Serif, Liberation Serif, serif"
#define MONO		"DejaVu Sans Mono, Liberation Mono, monospace"

/* The page's colours (as the HTML page's). */
#define INK		0x1c2833
#define BLUE		0x1f4e79
#define GOLD		0xb08d3c
#define GREY		0x555555

/* How one block of text is set. */
struct style {
	const char *family;
	double size, min_size;	/* points; shrunk no further than min_size */
	int fit;		/* lines it may take before it shrinks */
	int max_lines;		/* at min_size, cut short after this many */
	PangoWeight weight;
	PangoStyle slant;
	unsigned colour;
	double spacing;		/* letter spacing, points */
};

/* The PDF as it is written, kept within CERTIFICATE_PDF_MAX. */
static cairo_status_t write_buf(void *closure, const unsigned char *data,
				unsigned int len)
{
	struct buf *b = closure;

	if (len > CERTIFICATE_PDF_MAX - b->len)
		return CAIRO_STATUS_WRITE_ERROR;
	buf_add(b, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void set_colour(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0,
			     ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

/* Sets layout's font to s at size points. */
static void set_font(PangoLayout *layout, const struct style *s, double size)
{
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, s->family);
	pango_font_description_set_weight(fd, s->weight);
	pango_font_description_set_style(fd, s->slant);
	/* Absolute: in the surface's units, points, whatever the
	 * resolution pango assumes. */
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
}

/*
 * Lays text out in style s, width points wide: at its size if it fits in
 * max_lines (or in 2 lines when it may shrink), else smaller, down to
 * min_size, where it is cut short after max_lines.  The text is plain
 * text (never markup), and made valid UTF-8 first.
 */
static void lay_out(PangoLayout *layout, const char *text,
		    const struct style *s, double width, PangoAlignment align)
{
	PangoAttrList *attrs = pango_attr_list_new();
	gchar *valid = g_utf8_make_valid(text ? text : "", -1);
	int fit = s->min_size < s->size ? s->fit : s->max_lines;
	int half;

	if (fit > s->max_lines)
		fit = s->max_lines;
	if (s->spacing > 0)
		pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(
			(int)(s->spacing * PANGO_SCALE)));
	pango_layout_set_attributes(layout, attrs);
	pango_attr_list_unref(attrs);
	pango_layout_set_text(layout, valid, -1);
	g_free(valid);
	pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(layout, align);
	pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_height(layout, -1);
	/* Half a point smaller at a time: sizes are whole halves. */
	for (half = (int)(s->size * 2); half > (int)(s->min_size * 2); half--) {
		set_font(layout, s, half / 2.0);
		if (pango_layout_get_line_count(layout) <= fit)
			return;
	}
	set_font(layout, s, s->min_size);
	pango_layout_set_height(layout, -s->max_lines);
	pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
}

/* Where the next block goes, and whether it is only measured (dry). */
struct pen {
	cairo_t *cr;
	PangoLayout *layout;
	double y;
	int dry;
};

/* Shows the layout at x, y unless the pen only measures; its height. */
static double show(struct pen *p, const struct style *s, double x, double y)
{
	int w, h;

	if (!p->dry) {
		set_colour(p->cr, s->colour);
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, p->layout);
	}
	pango_layout_get_size(p->layout, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Sets text in style s centred across the text box at the pen, and moves
 * the pen below it by its height and after. */
static void block(struct pen *p, const char *text, const struct style *s,
		  double after)
{
	lay_out(p->layout, text, s, TEXT_W, PANGO_ALIGN_CENTER);
	p->y += show(p, s, TEXT_X, p->y) + after;
}

static const struct style st_school = {
	SERIF, 15, 10, 2, 2, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, INK, 0
};
static const struct style st_kicker = {
	SERIF, 10.5, 10.5, 1, 1, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, BLUE, 0
};
static const struct style st_title = {
	SERIF, 30, 30, 1, 1, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, BLUE, 0
};
static const struct style st_lead = {
	SERIF, 12, 12, 1, 1, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, INK, 0
};
static const struct style st_name = {
	SERIF, 26, 12, 2, 5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, INK, 0
};
static const struct style st_module = {
	SERIF, 19, 12, 2, 4, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, INK, 0
};
static const struct style st_pack = {
	SERIF, 12, 9, 2, 4, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, INK, 0
};
static const struct style st_label = {
	SERIF, 12, 12, 1, 1, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, BLUE, 0
};
static const struct style st_value = {
	SERIF, 12, 9, 2, 2, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, INK, 0
};
static const struct style st_small = {
	SERIF, 10.5, 10.5, 1, 1, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, INK, 0
};
static const struct style st_code = {
	MONO, 20, 20, 1, 1, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, INK, 2
};
static const struct style st_check = {
	SERIF, 10.5, 8, 2, 3, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, INK, 0
};
/* An address on one line as long as it fits, to be typed as printed. */
static const struct style st_url = {
	MONO, 10, 6.5, 1, 3, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, INK, 0
};
static const struct style st_record = {
	SERIF, 9, 9, 1, 1, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, GREY, 0
};

/* The facts, a label and its value a row, as a block centred on the page. */
static void facts(struct pen *p, const char *const *rows, size_t n)
{
	const double label_w = 100, gap = 18, value_w = 260;
	const double x = TEXT_X + (TEXT_W - label_w - gap - value_w) / 2;
	double lh, vh;
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		lay_out(p->layout, rows[i], &st_label, label_w,
			PANGO_ALIGN_LEFT);
		lh = show(p, &st_label, x, p->y);
		lay_out(p->layout, rows[i + 1], &st_value, value_w,
			PANGO_ALIGN_LEFT);
		vh = show(p, &st_value, x + label_w + gap, p->y);
		p->y += (lh > vh ? lh : vh) + 7;
	}
}

/* The frame: a blue border and a gold line inside it. */
static void frame(cairo_t *cr)
{
	set_colour(cr, 0xfffdf8);
	cairo_paint(cr);
	set_colour(cr, BLUE);
	cairo_set_line_width(cr, 5.7);
	cairo_rectangle(cr, 34, 34, PAGE_W - 68, PAGE_H - 68);
	cairo_stroke(cr);
	set_colour(cr, GOLD);
	cairo_set_line_width(cr, 1.7);
	cairo_rectangle(cr, 44, 44, PAGE_W - 88, PAGE_H - 88);
	cairo_stroke(cr);
}

/* The texts of how to check the code, as the HTML page says it. */
static void check_texts(const struct attempt *a,
			const struct certificate_info *info,
			char **how, char **cli)
{
	if (info->check)
		*how = xstrdup("To check this certificate, go to");
	else
		*how = xstrdup("To check this certificate, enter its code on "
			       "the \u201cCheck a certificate\u201d page of "
			       "the school\u2019s training site (/verify).");
	*cli = xasprintf("Whoever keeps the training records can also run "
			 "vigil verify %s.", a->certificate);
}

/* What the page says, as plain texts. */
struct texts {
	const char *school, *name, *module, *code, *url;
	char *pack, *score, *cpd, *how, *cli, *record;
	char ended[WORDS_LEN + DATE_LEN + 8], expires[WORDS_LEN + DATE_LEN + 8];
};

static void texts_make(struct texts *t, const struct attempt *a,
		       const struct certificate_info *info)
{
	t->school = info->school && *info->school ? info->school : NULL;
	t->name = a->learner_name;
	t->module = info->module_title;
	t->code = a->certificate;
	t->url = info->check;
	t->pack = xasprintf("from the pack \u201c%s\u201d, version %s",
			    info->pack_title, a->pack_version);
	t->score = xasprintf("%d out of %d points (%d%%); pass mark %d%%",
			     a->score, a->max, a->percent, a->pass_mark);
	t->cpd = xasprintf("%d %s", a->minutes, a->minutes == 1 ? "minute" :
			   "minutes");
	t->record = xasprintf("Attempt %lld in the training records",
			      (long long)a->id);
	certificate_date(a->ended, t->ended, sizeof(t->ended));
	if (a->expires)
		certificate_date(a->expires, t->expires, sizeof(t->expires));
	else
		snprintf(t->expires, sizeof(t->expires), "does not expire");
	check_texts(a, info, &t->how, &t->cli);
}

static void texts_free(struct texts *t)
{
	free(t->pack);
	free(t->score);
	free(t->cpd);
	free(t->how);
	free(t->cli);
	free(t->record);
}

/* The upper part: who completed what, and the facts. */
static void upper(struct pen *p, const struct texts *t)
{
	const char *rows[8];

	rows[0] = "Completed";
	rows[1] = t->ended;
	rows[2] = "Score";
	rows[3] = t->score;
	rows[4] = "CPD";
	rows[5] = t->cpd;
	rows[6] = "Valid until";
	rows[7] = t->expires;
	if (t->school)
		block(p, t->school, &st_school, 8);
	block(p, "SAFEGUARDING TRAINING", &st_kicker, 6);
	block(p, "Certificate of completion", &st_title, 22);
	block(p, "This is to certify that", &st_lead, 8);
	block(p, t->name, &st_name, 10);
	block(p, "has completed the module", &st_lead, 8);
	block(p, t->module, &st_module, 6);
	block(p, t->pack, &st_pack, 26);
	facts(p, rows, 8);
}

/* The lower part: the code and how to check it. */
static void lower(struct pen *p, const struct texts *t)
{
	block(p, "Certificate code", &st_small, 4);
	block(p, t->code, &st_code, 8);
	block(p, t->how, &st_check, t->url ? 3 : 4);
	if (t->url)
		block(p, t->url, &st_url, 4);
	block(p, t->cli, &st_check, 8);
	block(p, t->record, &st_record, 0);
}

/*
 * Draws the whole page: the lower part at the foot, the upper part in the
 * space above it, a third of what is left over it and the rest below, so
 * that a short certificate does not huddle at the top.  Each part is
 * measured first with a dry pen.
 */
static void draw(cairo_t *cr, const struct attempt *a,
		 const struct certificate_info *info)
{
	/* A font map of its own, freed with the page: nothing kept between
	 * certificates, nor shared between the server's threads. */
	PangoFontMap *fonts = pango_cairo_font_map_new();
	PangoContext *ctx = pango_font_map_create_context(fonts);
	struct pen p = { cr, NULL, 0, 1 };
	cairo_font_options_t *fo = cairo_font_options_create();
	double up, low, spare;
	struct texts t;

	/* Unhinted metrics: the layout of a page, not of a screen. */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_update_context(cr, ctx);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	p.layout = pango_layout_new(ctx);
	texts_make(&t, a, info);

	upper(&p, &t);
	up = p.y;
	p.y = 0;
	lower(&p, &t);
	low = p.y;
	spare = BOTTOM - TOP - up - low - 40;
	if (spare < 0)
		spare = 0;

	frame(cr);
	p.dry = 0;
	p.y = TOP + spare / 3;
	upper(&p, &t);
	p.y = BOTTOM - low;
	set_colour(cr, GOLD);
	cairo_set_line_width(cr, 0.85);
	cairo_move_to(cr, TEXT_X, p.y - 16);
	cairo_line_to(cr, PAGE_W - TEXT_X, p.y - 16);
	cairo_stroke(cr);
	lower(&p, &t);

	texts_free(&t);
	g_object_unref(p.layout);
	g_object_unref(ctx);
	g_object_unref(fonts);
}

int certificate_pdf(struct buf *out, const struct attempt *a,
		    const struct certificate_info *info, char **msg)
{
	cairo_surface_t *surface;
	cairo_status_t status;
	cairo_t *cr;
	char *created = NULL;

	out->len = 0;
	surface = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W,
						      PAGE_H);
	status = cairo_surface_status(surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		goto fail;
	}
	/* Nothing of the machine or the moment it was made: the title is the
	 * module, the date the day of the pass. */
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
				       info->module_title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
				       "Vigil");
	if (a->ended && strlen(a->ended) >= 19) {
		created = xasprintf("%.19sZ", a->ended);
		cairo_pdf_surface_set_metadata(
			surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
		free(created);
	}
	cr = cairo_create(surface);
	draw(cr, a, info);
	cairo_show_page(cr);
	status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		return 0;
fail:
	*msg = xasprintf("cairo: %s", cairo_status_to_string(status));
	buf_free(out);
	return -1;
}
