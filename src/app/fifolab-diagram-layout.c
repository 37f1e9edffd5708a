/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-cairo.h"
#include "fifolab-diagram-layout.h"
#include "fifolab-unit-breaks.h"

/* Sizes at zoom 1, in pixels; all scale with the zoom. */
#define MARGIN 12.0
#define PAD 8.0
#define LINE_GAP 2.0
#define BOX_GAP 10.0
#define ARROW_SPACE 28.0
#define PIPE_HEIGHT 36.0
#define PIPE_MIN_WIDTH 120.0
#define COL_MIN_WIDTH 48.0
#define NARROW_WIDTH 440.0
/* Narrower than NARROW_WIDTH (the side pane), the boxes take what the pipe,
 * the arrows and the padding give up: the pipe's texts go below the whole
 * diagram, across its width, so that a box's pid and command keep one line
 * each. */
#define PIPE_NARROW_WIDTH 44.0
#define ARROW_NARROW_SPACE 14.0
#define PAD_NARROW 4.0
#define MARGIN_NARROW 6.0
#define TEXT_GAP 6.0
/* Fitted to the space, the diagram is drawn at most this much larger than
 * its natural size (before the presentation zoom). */
#define FIT_MAX 2.5
/* Fitted at zoom 1, wrapping the longer lines may make it at most this much
 * larger than with every line whole. */
#define WRAP_GAIN_MAX 1.5
/* Set on a layout whose word had to be broken to fit its line. */
#define BROKEN_WORD "fifolab-broken-word"
/* Around a packet's label, the pill it is drawn in. */
#define PACKET_PAD 4.0

static void
text_clear (gpointer data)
{
  FifolabDiagramText *text = data;

  g_clear_object (&text->layout);
}

/* A layout of @text (plain text, never markup: a command name is whatever the
 * process says) in the widget's font scaled by @zoom; wrapped at @wrap_width
 * pixels (<= 0: one line), never ellipsized. */
static PangoLayout *
make_layout (GtkWidget  *widget,
             const char *text,
             gboolean    bold,
             double      zoom,
             double      wrap_width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  const PangoFontDescription *base = pango_context_get_font_description (pango_layout_get_context (layout));
  PangoFontDescription *font = base != NULL ? pango_font_description_copy (base) : pango_font_description_new ();
  int size = pango_font_description_get_size (font);
  PangoAttrList *attrs;

  if (size <= 0)
    size = 10 * PANGO_SCALE;
  if (base != NULL && pango_font_description_get_size_is_absolute (base))
    pango_font_description_set_absolute_size (font, size * zoom);
  else
    pango_font_description_set_size (font, (int) (size * zoom));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  pango_layout_set_text (layout, text, -1);
  /* "65536 字节" on one line: Chinese may break between any characters. */
  attrs = fifolab_unit_breaks_attrs (text);
  pango_layout_set_attributes (layout, attrs);
  g_clear_pointer (&attrs, pango_attr_list_unref);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  /* Lines wrap between words; a word wider than the whole line is broken
   * (never cut), and the layout says so (see add_text()). A number and its
   * unit, kept whole, count as one word. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_width (layout, wrap_width > 0 ? (int) (wrap_width * PANGO_SCALE) : -1);
  if (wrap_width > 0)
    {
      PangoRectangle logical;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      if (logical.x + logical.width > wrap_width + 0.5)
        {
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
          g_object_set_data (G_OBJECT (layout), BROKEN_WORD, GINT_TO_POINTER (1));
        }
    }
  return layout;
}

static double
text_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return logical.width;
}

static double
text_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return logical.height;
}

/* What a process is doing now, as far as FIFO Lab knows. */
static const char *
state_text (const FifolabDiagramParticipant *p,
            gboolean                         writer)
{
  if (p->state != NULL)
    return p->state;
  /* Translators: a process box's last line. */
  return writer ? _("holds the write end") : _("holds the read end");
}

static FifolabDiagramInk
state_ink (const FifolabDiagramParticipant *p)
{
  return p->state != NULL ? p->state_ink : FIFOLAB_DIAGRAM_INK_DIM;
}

/* Above each column: which side writes, which reads. */
static const char *
heading_text (gboolean writer)
{
  /* Translators: above the column of processes that write into the pipe. */
  return writer ? _("Writers") :
  /* Translators: above the column of processes that read from the pipe. */
                  _("Readers");
}

static char *
pid_title (const FifolabDiagramParticipant *p)
{
  g_autofree char *pid_text = g_strdup_printf ("%" G_GINT64_FORMAT, p->pid);

  /* Translators: a process box's first line, "pid 1234". */
  return g_strdup_printf (_("pid %s"), pid_text);
}

/* The lines of one box: pid, command, state. */
static guint
box_lines (const FifolabDiagramParticipant *p,
           gboolean                         writer,
           const char                      *lines[3],
           char                           **owned)
{
  *owned = pid_title (p);
  lines[0] = *owned;
  lines[1] = p->is_self ? _("FIFO Lab") : p->command;
  lines[2] = state_text (p, writer);
  return 3;
}

static double
side_natural_width (GtkWidget                   *widget,
                    GArray                      *side,
                    gboolean                     writer,
                    double                       zoom)
{
  double widest = 0;
  g_autoptr(PangoLayout) heading = make_layout (widget, heading_text (writer), TRUE, zoom, -1);

  widest = text_width (heading) + 2 * PAD * zoom;

  for (guint i = 0; i < side->len; i++)
    {
      const FifolabDiagramParticipant *p = &g_array_index (side, FifolabDiagramParticipant, i);
      g_autofree char *owned = NULL;
      const char *lines[3];
      guint n = box_lines (p, writer, lines, &owned);

      for (guint l = 0; l < n; l++)
        {
          g_autoptr(PangoLayout) layout = make_layout (widget, lines[l], l < 2, zoom, -1);

          widest = MAX (widest, text_width (layout) + 2 * PAD * zoom);
        }
    }
  if (side->len == 0)
    {
      g_autoptr(PangoLayout) layout = make_layout (widget, _("none"), FALSE, zoom, -1);

      widest = MAX (widest, text_width (layout) + 2 * PAD * zoom);
    }
  return widest;
}

static double
center_natural_width (GtkWidget                   *widget,
                      const FifolabDiagramContent *content,
                      double                       zoom)
{
  const char *texts[] = { content->name, content->gauge, content->event };
  double widest = PIPE_MIN_WIDTH * zoom;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(PangoLayout) layout = NULL;

      if (texts[i] == NULL)
        continue;
      layout = make_layout (widget, texts[i], i == 0, zoom, -1);
      widest = MAX (widest, text_width (layout));
    }
  return widest;
}

double
fifolab_diagram_layout_natural_width (GtkWidget                   *widget,
                                      const FifolabDiagramContent *content,
                                      double                       zoom)
{
  double col = MAX (side_natural_width (widget, content->writers, TRUE, zoom),
                    side_natural_width (widget, content->readers, FALSE, zoom));

  return 2 * MARGIN * zoom + 2 * col + 2 * ARROW_SPACE * zoom + center_natural_width (widget, content, zoom);
}

/* The heading and a box's pid and command read best on one line: wrapped,
 * they count as a broken word (the fit looks for a scale where none is). */
static void
keep_whole (PangoLayout *layout,
            gboolean     whole)
{
  if (whole && pango_layout_get_line_count (layout) > 1)
    g_object_set_data (G_OBJECT (layout), BROKEN_WORD, GINT_TO_POINTER (1));
}

static void
add_text (FifolabDiagramLayout *self,
          PangoLayout          *layout,
          double                x,
          double                y,
          FifolabDiagramInk     ink)
{
  FifolabDiagramText text = { 0 };
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (g_object_get_data (G_OBJECT (layout), BROKEN_WORD) != NULL)
    self->broken_words = TRUE;
  text.layout = layout;
  text.rect = GRAPHENE_RECT_INIT (x + logical.x, y + logical.y, logical.width, logical.height);
  text.ink = ink;
  g_array_append_val (self->texts, text);
}

/* Lays out one side's column at @x, @width wide, centred on @mid: its
 * heading, then its boxes (or "none"); returns the column's height. With
 * @place FALSE, only measures. */
static double
layout_side (FifolabDiagramLayout        *self,
             GtkWidget                   *widget,
             GArray                      *side,
             gboolean                     writer,
             double                       x,
             double                       width,
             double                       mid,
             gboolean                     place)
{
  double zoom = self->zoom;
  double pad = (self->width < NARROW_WIDTH ? PAD_NARROW : PAD) * zoom;
  double wrap = width - 2 * pad;
  double total = 0;
  double y;
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));
  PangoLayout *heading = make_layout (widget, heading_text (writer), TRUE, zoom, wrap);
  double heading_h;

  keep_whole (heading, TRUE);
  heading_h = text_height (heading) + TEXT_GAP * zoom;
  for (guint i = 0; i < side->len; i++)
    {
      const FifolabDiagramParticipant *p = &g_array_index (side, FifolabDiagramParticipant, i);
      g_autofree char *owned = NULL;
      const char *lines[3];
      guint n = box_lines (p, writer, lines, &owned);
      double h = 2 * pad;

      for (guint l = 0; l < n; l++)
        {
          PangoLayout *layout = make_layout (widget, lines[l], l < 2, zoom, wrap);

          keep_whole (layout, l < 2);
          h += text_height (layout) + (l > 0 ? LINE_GAP * zoom : 0);
          g_ptr_array_add (layouts, layout);
        }
      g_array_append_val (heights, h);
      total += h + (i > 0 ? BOX_GAP * zoom : 0);
    }
  if (side->len == 0)
    {
      PangoLayout *layout = make_layout (widget, _("none"), FALSE, zoom, wrap);

      total = text_height (layout);
      g_ptr_array_add (layouts, layout);
    }
  total += heading_h;
  if (!place)
    {
      g_object_unref (heading);
      return total;
    }

  y = MAX ((self->width < NARROW_WIDTH ? MARGIN_NARROW : MARGIN) * zoom, mid - total / 2);
  add_text (self, heading, x + pad, y, FIFOLAB_DIAGRAM_INK_DIM);
  y += heading_h;
  if (side->len == 0)
    {
      add_text (self, g_object_ref (g_ptr_array_index (layouts, 0)), x + pad, y, FIFOLAB_DIAGRAM_INK_DIM);
      return total;
    }
  for (guint i = 0, l = 0; i < side->len; i++)
    {
      const FifolabDiagramParticipant *p = &g_array_index (side, FifolabDiagramParticipant, i);
      FifolabDiagramBox box = { 0 };
      double h = g_array_index (heights, double, i);
      double ty = y + pad;

      box.rect = GRAPHENE_RECT_INIT (x, y, width, h);
      box.writer = writer;
      box.is_self = p->is_self;
      box.waiting = p->waiting;
      box.exited = p->exited;
      box.index = i;
      box.alert = (p->waiting || p->blocked) ? FIFOLAB_DIAGRAM_INK_WARNING :
                  state_ink (p) == FIFOLAB_DIAGRAM_INK_DANGER ? FIFOLAB_DIAGRAM_INK_DANGER :
                  FIFOLAB_DIAGRAM_INK_NORMAL;
      g_array_append_val (self->boxes, box);
      for (guint k = 0; k < 3; k++, l++)
        {
          PangoLayout *layout = g_object_ref (g_ptr_array_index (layouts, l));
          FifolabDiagramInk ink = k == 0 ? FIFOLAB_DIAGRAM_INK_STRONG :
                                  k == 1 ? FIFOLAB_DIAGRAM_INK_NORMAL :
                                  state_ink (p);

          add_text (self, layout, x + pad, ty, ink);
          ty += text_height (layout) + LINE_GAP * zoom;
        }
      y += h + BOX_GAP * zoom;
    }
  return total;
}

/* The font's size in pixels at @zoom. */
static double
font_px (GtkWidget *widget,
         double     zoom)
{
  g_autoptr(PangoLayout) probe = make_layout (widget, "x", FALSE, zoom, -1);
  const PangoFontDescription *font = pango_layout_get_font_description (probe);
  double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

  /* Points to pixels at the usual 96 dpi, unless given in pixels. */
  return pango_font_description_get_size_is_absolute (font) ? size : size * 96.0 / 72.0;
}

FifolabDiagramLayout *
fifolab_diagram_layout_new (GtkWidget                   *widget,
                            const FifolabDiagramContent *content,
                            double                       width,
                            double                       height,
                            double                       zoom)
{
  FifolabDiagramLayout *self = g_new0 (FifolabDiagramLayout, 1);
  double margin = (width < NARROW_WIDTH ? MARGIN_NARROW : MARGIN) * zoom;
  double arrow = ARROW_SPACE * zoom;
  double col_nat, col_w, pipe_x, pipe_w, mid, pipe_y, y, center_h, above_h;
  double side_h, text_x, text_w, below_h;
  gboolean narrow = width < NARROW_WIDTH;
  PangoLayout *name = NULL, *gauge = NULL, *event = NULL;

  self->texts = g_array_new (FALSE, TRUE, sizeof (FifolabDiagramText));
  g_array_set_clear_func (self->texts, text_clear);
  self->boxes = g_array_new (FALSE, TRUE, sizeof (FifolabDiagramBox));
  self->zoom = zoom;
  self->width = width;
  self->font_px = font_px (widget, zoom);

  /* The columns as wide as their widest line, while the pipe keeps its
   * minimum; narrower, the lines wrap. */
  col_nat = MAX (side_natural_width (widget, content->writers, TRUE, zoom),
                 side_natural_width (widget, content->readers, FALSE, zoom));
  /* In a narrow space (the side pane), the pipe and the arrows give up
   * some of their width for the boxes' words; the pipe's texts wrap
   * instead. Decided by the width alone, so that a larger zoom never lays
   * out smaller. */
  if (narrow)
    arrow = ARROW_NARROW_SPACE * zoom;
  col_w = MIN (col_nat, (width - 2 * margin - 2 * arrow -
                         (narrow ? PIPE_NARROW_WIDTH : PIPE_MIN_WIDTH) * zoom) / 2);
  col_w = MAX (col_w, COL_MIN_WIDTH * zoom);
  pipe_x = margin + col_w + arrow;
  pipe_w = MAX ((narrow ? PIPE_NARROW_WIDTH : PIPE_MIN_WIDTH / 2) * zoom, width - 2 * pipe_x);
  /* Narrow, the pipe's texts lie below everything, across the width. */
  text_x = narrow ? margin : pipe_x;
  text_w = narrow ? MAX (width - 2 * margin, pipe_w) : pipe_w;
  self->col_x[0] = margin;
  self->col_x[1] = width - margin - col_w;
  self->col_w = col_w;

  /* The middle: the name above the pipe, the byte count and the event below. */
  if (content->name != NULL)
    name = make_layout (widget, content->name, TRUE, zoom, text_w);
  if (content->gauge != NULL)
    gauge = make_layout (widget, content->gauge, FALSE, zoom, text_w);
  if (content->event != NULL)
    event = make_layout (widget, content->event, FALSE, zoom, text_w);
  above_h = name != NULL ? text_height (name) + TEXT_GAP * zoom : 0;
  center_h = PIPE_HEIGHT * zoom +
             (gauge != NULL ? text_height (gauge) + TEXT_GAP * zoom : 0) +
             (event != NULL ? text_height (event) + TEXT_GAP * zoom : 0);
  side_h = MAX (layout_side (self, widget, content->writers, TRUE, 0, col_w, 0, FALSE),
                layout_side (self, widget, content->readers, FALSE, 0, col_w, 0, FALSE));
  if (narrow)
    {
      /* The columns and the pipe on top, centred in the height left; the
       * name, the byte count and the event below them. */
      double top_h = MAX (side_h, PIPE_HEIGHT * zoom);

      below_h = above_h + center_h - PIPE_HEIGHT * zoom;
      self->height = MAX (height, 2 * margin + top_h + TEXT_GAP * zoom + below_h);
      mid = (self->height - TEXT_GAP * zoom - below_h) / 2;
      y = MAX (margin + top_h, mid + top_h / 2) + TEXT_GAP * zoom;
    }
  else
    {
      /* The pipe in the middle, unless what is below it would not fit. */
      self->height = MAX (height, 2 * margin + MAX (side_h, 2 * MAX (above_h + PIPE_HEIGHT * zoom / 2,
                                                                     center_h - PIPE_HEIGHT * zoom / 2)));
      mid = self->height / 2;
      y = mid - PIPE_HEIGHT * zoom / 2 - above_h;
    }

  pipe_y = mid - PIPE_HEIGHT * zoom / 2;
  self->pipe = GRAPHENE_RECT_INIT (pipe_x, pipe_y, pipe_w, PIPE_HEIGHT * zoom);
  if (name != NULL)
    {
      add_text (self, name, text_x, y, FIFOLAB_DIAGRAM_INK_STRONG);
      y += text_height (name) + TEXT_GAP * zoom;
    }
  if (!narrow)
    y = pipe_y + PIPE_HEIGHT * zoom + TEXT_GAP * zoom;
  if (gauge != NULL)
    {
      add_text (self, gauge, text_x, y, FIFOLAB_DIAGRAM_INK_DIM);
      y += text_height (gauge) + TEXT_GAP * zoom;
    }
  if (event != NULL)
    add_text (self, event, text_x, y, content->event_ink);
  self->torn = content->torn;
  self->absent = content->absent;
  self->event_ink = content->event != NULL ? content->event_ink : FIFOLAB_DIAGRAM_INK_NORMAL;

  layout_side (self, widget, content->writers, TRUE, self->col_x[0], col_w, mid, TRUE);
  layout_side (self, widget, content->readers, FALSE, self->col_x[1], col_w, mid, TRUE);
  return self;
}

/* The tallest the content is at @zoom in @width. */
static double
needed_height (GtkWidget                   *widget,
               const FifolabDiagramContent *content,
               double                       width,
               double                       zoom)
{
  FifolabDiagramLayout *layout = fifolab_diagram_layout_new (widget, content, width, 0, zoom);
  double height = layout->height;

  fifolab_diagram_layout_free (layout);
  return height;
}

/* The narrowest the layout can be at @zoom: the columns and the pipe at
 * their least, their lines wrapped. */
static double
least_width (double zoom)
{
  return (2 * MARGIN + 2 * COL_MIN_WIDTH + 2 * ARROW_SPACE + PIPE_MIN_WIDTH) * zoom;
}

static gboolean
fits (GtkWidget                   *widget,
      const FifolabDiagramContent *content,
      double                       width,
      double                       height,
      double                       scale,
      gboolean                     wrap)
{
  FifolabDiagramLayout *layout;
  gboolean fit;

  if (wrap ? least_width (scale) > width : fifolab_diagram_layout_natural_width (widget, content, scale) > width)
    return FALSE;
  /* Lines may wrap between words, but no word may be broken. */
  layout = fifolab_diagram_layout_new (widget, content, width, 0, scale);
  fit = layout->height <= height && !layout->broken_words;
  fifolab_diagram_layout_free (layout);
  return fit;
}

/* The largest scale from @floor to @scale at which the content fits @width x
 * @height (with @wrap, its lines may wrap; else they stay whole), found by
 * halving (wrapped lines make the height grow faster than the scale). */
static double
shrink_to_fit (GtkWidget                   *widget,
               const FifolabDiagramContent *content,
               double                       width,
               double                       height,
               double                       scale,
               double                       floor,
               gboolean                     wrap)
{
  double lo = floor, hi = scale;

  if (scale <= floor || fits (widget, content, width, height, scale, wrap))
    return MAX (scale, floor);
  for (guint i = 0; i < 7; i++)
    {
      double mid = (lo + hi) / 2;

      if (fits (widget, content, width, height, mid, wrap))
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

double
fifolab_diagram_layout_fit (GtkWidget                   *widget,
                            const FifolabDiagramContent *content,
                            double                       width,
                            double                       height,
                            double                       zoom)
{
  double natural_w = fifolab_diagram_layout_natural_width (widget, content, 1.0);
  double natural_h = needed_height (widget, content, natural_w, 1.0);
  double fit, filled;

  if (width <= 0 || height <= 0 || natural_w <= 0 || natural_h <= 0)
    return zoom;
  /* At zoom 1: as large as the space holds with every line whole, within
   * FIT_MAX; larger still where the longer lines (a process's state, the
   * byte count) may wrap between words and the height still holds them. */
  fit = CLAMP (MIN (width / natural_w, height / natural_h), 1.0, FIT_MAX);
  filled = shrink_to_fit (widget, content, width, height, fit, 1.0, FALSE);
  filled = shrink_to_fit (widget, content, width, height,
                          CLAMP (MIN (height / natural_h, filled * WRAP_GAIN_MAX), filled, FIT_MAX),
                          filled, TRUE);
  /* The zoom multiplies that, its lines wrapping where they must, as far
   * as the space holds it: zoomed in where there is no more room, as large
   * as the room holds, never smaller than at zoom 1 (what the widget asks
   * for at least). */
  return shrink_to_fit (widget, content, width, height, filled * zoom, MIN (zoom, 1.0), TRUE);
}

void
fifolab_diagram_layout_free (FifolabDiagramLayout *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->texts, g_array_unref);
  g_clear_pointer (&self->boxes, g_array_unref);
  g_free (self);
}

/* Drawing */

static const GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 };
static const GdkRGBA warning = { 0.90, 0.57, 0.04, 1.0 };
static const GdkRGBA danger = { 0.88, 0.11, 0.14, 1.0 };

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* A curve leaving (x0, y0) and reaching (x1, y1) horizontally, rightwards,
 * with its head at the end. */
static void
draw_arrow (cairo_t *cr,
            double   x0,
            double   y0,
            double   x1,
            double   y1,
            double   head)
{
  double bend = (x1 - x0) / 2;

  cairo_move_to (cr, x0, y0);
  cairo_curve_to (cr, x0 + bend, y0, x1 - head - bend, y1, x1 - head, y1);
  cairo_stroke (cr);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - head, y1 - head * 0.45);
  cairo_line_to (cr, x1 - head, y1 + head * 0.45);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* Each writer's colour, for a torn message's two writers. */
static const GdkRGBA writer_colors[] = {
  { 0.21, 0.52, 0.89, 1.0 },
  { 0.57, 0.25, 0.77, 1.0 },
};

static const GdkRGBA *
ink_color (FifolabDiagramInk  ink,
           const GdkRGBA     *fg,
           double            *alpha)
{
  switch (ink)
    {
    case FIFOLAB_DIAGRAM_INK_STRONG: *alpha = 1.0; return fg;
    case FIFOLAB_DIAGRAM_INK_NORMAL: *alpha = 0.85; return fg;
    case FIFOLAB_DIAGRAM_INK_DIM: *alpha = 0.7; return fg;
    case FIFOLAB_DIAGRAM_INK_WARNING: *alpha = 1.0; return &warning;
    case FIFOLAB_DIAGRAM_INK_DANGER: *alpha = 1.0; return &danger;
    default: g_assert_not_reached ();
    }
}

/* Where one packet's label lies (its logical extents). */
static PangoLayout *
place_packet (FifolabDiagramLayout       *self,
              GtkWidget                  *widget,
              const FifolabDiagramPacket *packet,
              graphene_rect_t            *rect)
{
  double zoom = self->zoom;
  double x0 = self->col_x[0] + self->col_w;
  double x1 = self->col_x[1];
  double x = x0 + (x1 - x0) * CLAMP (packet->t, 0.0, 1.0);
  double mid = self->pipe.origin.y + self->pipe.size.height / 2;
  PangoLayout *layout = make_layout (widget, packet->label != NULL ? packet->label : "", TRUE, zoom, -1);
  double w = text_width (layout);
  double h = text_height (layout);

  /* Within the arrows' reach at both ends. */
  x = CLAMP (x, x0 + w / 2 + PAD * zoom, MAX (x0 + w / 2 + PAD * zoom, x1 - w / 2 - PAD * zoom));
  *rect = GRAPHENE_RECT_INIT (x - w / 2, mid - h / 2, w, h);
  return layout;
}

GPtrArray *
fifolab_diagram_layout_place_packets (FifolabDiagramLayout *self,
                                      GtkWidget            *widget,
                                      GArray               *packets,
                                      GArray              **rects)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_object_unref);
  double pad = PACKET_PAD * self->zoom;

  *rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  /* The one furthest along first: a later one that would cover it waits
   * out of sight until there is room. */
  for (guint i = 0; packets != NULL && i < packets->len; i++)
    {
      const FifolabDiagramPacket *packet = &g_array_index (packets, FifolabDiagramPacket, i);
      graphene_rect_t rect, pill;
      PangoLayout *label = place_packet (self, widget, packet, &rect);
      gboolean free = TRUE;

      graphene_rect_inset_r (&rect, -2 * pad, -pad, &pill);
      for (guint j = 0; j < (*rects)->len && free; j++)
        {
          graphene_rect_t other;

          graphene_rect_inset_r (&g_array_index (*rects, graphene_rect_t, j), -2 * pad, -pad, &other);
          free = !graphene_rect_intersection (&pill, &other, NULL);
        }
      if (!free)
        {
          g_object_unref (label);
          continue;
        }
      g_ptr_array_add (labels, label);
      g_array_append_val (*rects, rect);
    }
  return labels;
}

void
fifolab_diagram_layout_draw (FifolabDiagramLayout *self,
                             GtkWidget            *widget,
                             cairo_t              *cr,
                             const GdkRGBA        *fg,
                             double                fill,
                             GArray               *packets)
{
  graphene_rect_t pipe = self->pipe;
  double zoom = self->zoom;
  double pipe_mid = pipe.origin.y + pipe.size.height / 2;
  guint n_writers = 0;
  double alpha;
  const GdkRGBA *color;

  for (guint i = 0; i < self->boxes->len; i++)
    n_writers += g_array_index (self->boxes, FifolabDiagramBox, i).writer ? 1 : 0;

  /* The processes' boxes, and arrows: each writer into the pipe, the pipe
   * out to each reader. An exited one is faded, its arrow gone. */
  for (guint i = 0; i < self->boxes->len; i++)
    {
      FifolabDiagramBox *box = &g_array_index (self->boxes, FifolabDiagramBox, i);
      const GdkRGBA *edge = box->is_self ? &accent : fg;
      double box_mid = box->rect.origin.y + box->rect.size.height / 2;
      double edge_alpha = box->exited ? 0.35 : 0.9;

      rounded_rect (cr, box->rect.origin.x, box->rect.origin.y, box->rect.size.width, box->rect.size.height, 6 * zoom);
      fifolab_cairo_set_rgba (cr, box->is_self ? &accent : fg, box->is_self ? 0.18 : box->exited ? 0.03 : 0.07);
      cairo_fill_preserve (cr);
      if (box->waiting)
        {
          const double dash[] = { 4 * zoom, 3 * zoom };

          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
        }
      if (box->alert != FIFOLAB_DIAGRAM_INK_NORMAL)
        edge = ink_color (box->alert, fg, &alpha);
      fifolab_cairo_set_rgba (cr, edge, edge_alpha);
      cairo_set_line_width (cr, (box->is_self || box->alert != FIFOLAB_DIAGRAM_INK_NORMAL ? 2 : 1) * zoom);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      /* Two writers or more: each its colour, a tab on its box's edge. */
      if (box->writer && n_writers > 1 && box->index < G_N_ELEMENTS (writer_colors))
        {
          cairo_rectangle (cr, box->rect.origin.x, box->rect.origin.y + 6 * zoom, 4 * zoom,
                           box->rect.size.height - 12 * zoom);
          fifolab_cairo_set_rgba (cr, &writer_colors[box->index], box->exited ? 0.4 : 1.0);
          cairo_fill (cr);
        }

      if (box->exited || box->waiting)
        continue;
      fifolab_cairo_set_rgba (cr, fg, 0.5);
      cairo_set_line_width (cr, 1.5 * zoom);
      if (box->writer)
        draw_arrow (cr, box->rect.origin.x + box->rect.size.width + 2 * zoom, box_mid,
                    pipe.origin.x - 3 * zoom, pipe_mid, 9 * zoom);
      else
        draw_arrow (cr, pipe.origin.x + pipe.size.width + 3 * zoom, pipe_mid,
                    box->rect.origin.x - 2 * zoom, box_mid, 9 * zoom);
    }

  /* A pipe not created yet: where it will be, a faint dashed outline, no
   * buffer. */
  if (self->absent)
    {
      const double dash[] = { 6 * zoom, 5 * zoom };

      rounded_rect (cr, pipe.origin.x, pipe.origin.y, pipe.size.width, pipe.size.height, pipe.size.height / 2);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      fifolab_cairo_set_rgba (cr, fg, 0.35);
      cairo_set_line_width (cr, 1.5 * zoom);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  else
    {
      /* The pipe, and its buffer filling from the reader's end; a torn message
       * in its two writers' colours. */
      rounded_rect (cr, pipe.origin.x, pipe.origin.y, pipe.size.width, pipe.size.height, pipe.size.height / 2);
      fifolab_cairo_set_rgba (cr, fg, 0.06);
      cairo_fill_preserve (cr);
      cairo_save (cr);
      cairo_clip (cr);
      if (self->torn)
        {
          double stripe = pipe.size.height / 2;

          for (guint k = 0; k * stripe < pipe.size.width; k++)
            {
              cairo_rectangle (cr, pipe.origin.x + k * stripe, pipe.origin.y, stripe, pipe.size.height);
              fifolab_cairo_set_rgba (cr, &writer_colors[k % 2], 0.45);
              cairo_fill (cr);
            }
        }
      else
        {
          cairo_rectangle (cr, pipe.origin.x + pipe.size.width * (1 - fill), pipe.origin.y, pipe.size.width * fill, pipe.size.height);
          fifolab_cairo_set_rgba (cr, fill >= 1.0 ? &warning : &accent, 0.45);
          cairo_fill (cr);
        }
      cairo_restore (cr);
      rounded_rect (cr, pipe.origin.x, pipe.origin.y, pipe.size.width, pipe.size.height, pipe.size.height / 2);
      color = ink_color (self->event_ink, fg, &alpha);
      fifolab_cairo_set_rgba (cr, color, self->event_ink == FIFOLAB_DIAGRAM_INK_NORMAL ? 0.6 : 1.0);
      cairo_set_line_width (cr, (self->event_ink == FIFOLAB_DIAGRAM_INK_NORMAL ? 1.5 : 3) * zoom);
      cairo_stroke (cr);
    }

  /* The texts, where the layout put them. */
  for (guint i = 0; i < self->texts->len; i++)
    {
      FifolabDiagramText *text = &g_array_index (self->texts, FifolabDiagramText, i);
      PangoRectangle logical;

      color = ink_color (text->ink, fg, &alpha);
      fifolab_cairo_set_rgba (cr, color, alpha);
      pango_layout_get_pixel_extents (text->layout, NULL, &logical);
      cairo_move_to (cr, text->rect.origin.x - logical.x, text->rect.origin.y - logical.y);
      pango_cairo_show_layout (cr, text->layout);
    }

  /* Messages on their way along the pipe, each a pill with its size. */
  {
    g_autoptr(GArray) rects = NULL;
    g_autoptr(GPtrArray) labels = fifolab_diagram_layout_place_packets (self, widget, packets, &rects);
    double pad = PACKET_PAD * zoom;

    for (guint i = 0; i < labels->len; i++)
      {
        graphene_rect_t *rect = &g_array_index (rects, graphene_rect_t, i);
        PangoLayout *label = g_ptr_array_index (labels, i);
        PangoRectangle logical;

        rounded_rect (cr, rect->origin.x - pad, rect->origin.y - pad / 2, rect->size.width + 2 * pad,
                      rect->size.height + pad, (rect->size.height + pad) / 2);
        fifolab_cairo_set_rgba (cr, &accent, 1.0);
        cairo_fill (cr);
        cairo_set_source_rgb (cr, 1, 1, 1);
        pango_layout_get_pixel_extents (label, NULL, &logical);
        cairo_move_to (cr, rect->origin.x - logical.x, rect->origin.y - logical.y);
        pango_cairo_show_layout (cr, label);
      }
  }
}
