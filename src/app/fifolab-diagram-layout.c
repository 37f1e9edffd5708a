/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-cairo.h"
#include "fifolab-diagram-layout.h"

/* Sizes at zoom 1, in pixels; all scale with the zoom. */
#define MARGIN 12.0
#define PAD 8.0
#define LINE_GAP 2.0
#define BOX_GAP 10.0
#define ARROW_SPACE 28.0
#define PIPE_HEIGHT 36.0
#define PIPE_MIN_WIDTH 120.0
#define COL_MIN_WIDTH 48.0
#define TEXT_GAP 6.0

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
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, wrap_width > 0 ? (int) (wrap_width * PANGO_SCALE) : -1);
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
            gboolean                         writer,
            gboolean                         blocked)
{
  if (p->waiting)
    /* Translators: a process box's last line: blocked in the open() call. */
    return _("waiting in open()");
  if (writer && blocked)
    /* Translators: a process box's last line: the pipe is full. */
    return _("blocked in write(): pipe full");
  /* Translators: a process box's last line. */
  return writer ? _("holds the write end") : _("holds the read end");
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
           gboolean                         blocked,
           const char                      *lines[3],
           char                           **owned)
{
  *owned = pid_title (p);
  lines[0] = *owned;
  lines[1] = p->is_self ? _("FIFO Lab") : p->command;
  lines[2] = state_text (p, writer, blocked);
  return 3;
}

static double
side_natural_width (GtkWidget                   *widget,
                    GArray                      *side,
                    gboolean                     writer,
                    gboolean                     blocked,
                    double                       zoom)
{
  double widest = 0;

  for (guint i = 0; i < side->len; i++)
    {
      const FifolabDiagramParticipant *p = &g_array_index (side, FifolabDiagramParticipant, i);
      g_autofree char *owned = NULL;
      const char *lines[3];
      guint n = box_lines (p, writer, blocked, lines, &owned);

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
  double col = MAX (side_natural_width (widget, content->writers, TRUE, content->writers_blocked, zoom),
                    side_natural_width (widget, content->readers, FALSE, FALSE, zoom));

  return 2 * MARGIN * zoom + 2 * col + 2 * ARROW_SPACE * zoom + center_natural_width (widget, content, zoom);
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
  text.layout = layout;
  text.rect = GRAPHENE_RECT_INIT (x + logical.x, y + logical.y, logical.width, logical.height);
  text.ink = ink;
  g_array_append_val (self->texts, text);
}

/* Lays out one side's boxes in a column at @x, @width wide, centred on @mid;
 * returns the column's height. With @place FALSE, only measures. */
static double
layout_side (FifolabDiagramLayout        *self,
             GtkWidget                   *widget,
             GArray                      *side,
             gboolean                     writer,
             gboolean                     blocked,
             double                       x,
             double                       width,
             double                       mid,
             gboolean                     place)
{
  double zoom = self->zoom;
  double wrap = width - 2 * PAD * zoom;
  double total = 0;
  double y;
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < side->len; i++)
    {
      const FifolabDiagramParticipant *p = &g_array_index (side, FifolabDiagramParticipant, i);
      g_autofree char *owned = NULL;
      const char *lines[3];
      guint n = box_lines (p, writer, blocked, lines, &owned);
      double h = 2 * PAD * zoom;

      for (guint l = 0; l < n; l++)
        {
          PangoLayout *layout = make_layout (widget, lines[l], l < 2, zoom, wrap);

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
      if (place)
        add_text (self, layout, x + PAD * zoom, mid - total / 2, FIFOLAB_DIAGRAM_INK_DIM);
      else
        g_object_unref (layout);
      return total;
    }
  if (!place)
    return total;

  y = MAX (MARGIN * zoom, mid - total / 2);
  for (guint i = 0, l = 0; i < side->len; i++)
    {
      const FifolabDiagramParticipant *p = &g_array_index (side, FifolabDiagramParticipant, i);
      FifolabDiagramBox box = { 0 };
      double h = g_array_index (heights, double, i);
      double ty = y + PAD * zoom;

      box.rect = GRAPHENE_RECT_INIT (x, y, width, h);
      box.writer = writer;
      box.is_self = p->is_self;
      box.waiting = p->waiting;
      box.blocked = writer && blocked;
      g_array_append_val (self->boxes, box);
      for (guint k = 0; k < 3; k++, l++)
        {
          PangoLayout *layout = g_object_ref (g_ptr_array_index (layouts, l));
          FifolabDiagramInk ink = k == 0 ? FIFOLAB_DIAGRAM_INK_STRONG :
                                  k == 1 ? FIFOLAB_DIAGRAM_INK_NORMAL :
                                  (box.waiting || box.blocked) ? FIFOLAB_DIAGRAM_INK_WARNING :
                                  FIFOLAB_DIAGRAM_INK_DIM;

          add_text (self, layout, x + PAD * zoom, ty, ink);
          ty += text_height (layout) + LINE_GAP * zoom;
        }
      y += h + BOX_GAP * zoom;
    }
  return total;
}

FifolabDiagramLayout *
fifolab_diagram_layout_new (GtkWidget                   *widget,
                            const FifolabDiagramContent *content,
                            double                       width,
                            double                       height,
                            double                       zoom)
{
  FifolabDiagramLayout *self = g_new0 (FifolabDiagramLayout, 1);
  double margin = MARGIN * zoom;
  double arrow = ARROW_SPACE * zoom;
  double col_nat, col_w, pipe_x, pipe_w, mid, pipe_y, y, center_h;
  double side_h;
  PangoLayout *name = NULL, *gauge = NULL, *event = NULL;

  self->texts = g_array_new (FALSE, TRUE, sizeof (FifolabDiagramText));
  g_array_set_clear_func (self->texts, text_clear);
  self->boxes = g_array_new (FALSE, TRUE, sizeof (FifolabDiagramBox));
  self->zoom = zoom;
  self->width = width;
  {
    g_autoptr(PangoLayout) probe = make_layout (widget, "x", FALSE, zoom, -1);
    const PangoFontDescription *font = pango_layout_get_font_description (probe);
    double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

    /* Points to pixels at the usual 96 dpi, unless given in pixels. */
    self->font_px = pango_font_description_get_size_is_absolute (font) ? size : size * 96.0 / 72.0;
  }

  /* The columns as wide as their widest line, while the pipe keeps its
   * minimum; narrower, the lines wrap. */
  col_nat = MAX (side_natural_width (widget, content->writers, TRUE, content->writers_blocked, zoom),
                 side_natural_width (widget, content->readers, FALSE, FALSE, zoom));
  col_w = MIN (col_nat, (width - 2 * margin - 2 * arrow - PIPE_MIN_WIDTH * zoom) / 2);
  col_w = MAX (col_w, COL_MIN_WIDTH * zoom);
  pipe_x = margin + col_w + arrow;
  pipe_w = MAX (PIPE_MIN_WIDTH * zoom / 2, width - 2 * pipe_x);
  self->col_x[0] = margin;
  self->col_x[1] = width - margin - col_w;
  self->col_w = col_w;

  /* The middle: the name above the pipe, the byte count and the event below. */
  if (content->name != NULL)
    name = make_layout (widget, content->name, TRUE, zoom, pipe_w);
  if (content->gauge != NULL)
    gauge = make_layout (widget, content->gauge, FALSE, zoom, pipe_w);
  if (content->event != NULL)
    event = make_layout (widget, content->event, FALSE, zoom, pipe_w);
  center_h = PIPE_HEIGHT * zoom +
             (name != NULL ? text_height (name) + TEXT_GAP * zoom : 0) +
             (gauge != NULL ? text_height (gauge) + TEXT_GAP * zoom : 0) +
             (event != NULL ? text_height (event) + TEXT_GAP * zoom : 0);
  side_h = MAX (layout_side (self, widget, content->writers, TRUE, content->writers_blocked, 0, col_w, 0, FALSE),
                layout_side (self, widget, content->readers, FALSE, FALSE, 0, col_w, 0, FALSE));
  /* The pipe in the middle, unless what is above it would not fit. */
  self->height = MAX (height, 2 * margin + MAX (side_h, 2 * (name != NULL ? text_height (name) + TEXT_GAP * zoom : 0) + center_h));
  mid = self->height / 2;

  pipe_y = mid - PIPE_HEIGHT * zoom / 2;
  self->pipe = GRAPHENE_RECT_INIT (pipe_x, pipe_y, pipe_w, PIPE_HEIGHT * zoom);
  if (name != NULL)
    add_text (self, name, pipe_x, pipe_y - TEXT_GAP * zoom - text_height (name), FIFOLAB_DIAGRAM_INK_STRONG);
  y = pipe_y + PIPE_HEIGHT * zoom + TEXT_GAP * zoom;
  if (gauge != NULL)
    {
      add_text (self, gauge, pipe_x, y, FIFOLAB_DIAGRAM_INK_DIM);
      y += text_height (gauge) + TEXT_GAP * zoom;
    }
  if (event != NULL)
    add_text (self, event, pipe_x, y,
              content->event_is_error ? FIFOLAB_DIAGRAM_INK_DANGER : FIFOLAB_DIAGRAM_INK_WARNING);

  layout_side (self, widget, content->writers, TRUE, content->writers_blocked, self->col_x[0], col_w, mid, TRUE);
  layout_side (self, widget, content->readers, FALSE, FALSE, self->col_x[1], col_w, mid, TRUE);
  return self;
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

void
fifolab_diagram_layout_draw (FifolabDiagramLayout *self,
                             cairo_t              *cr,
                             const GdkRGBA        *fg,
                             double                fill,
                             GArray               *pulses,
                             gint64                now,
                             gint64                pulse_us)
{
  graphene_rect_t pipe = self->pipe;
  double zoom = self->zoom;
  double pipe_mid = pipe.origin.y + pipe.size.height / 2;

  /* The processes' boxes, and arrows: each writer into the pipe, the pipe
   * out to each reader. */
  for (guint i = 0; i < self->boxes->len; i++)
    {
      FifolabDiagramBox *box = &g_array_index (self->boxes, FifolabDiagramBox, i);
      const GdkRGBA *edge = box->is_self ? &accent : fg;
      double box_mid = box->rect.origin.y + box->rect.size.height / 2;

      rounded_rect (cr, box->rect.origin.x, box->rect.origin.y, box->rect.size.width, box->rect.size.height, 6 * zoom);
      fifolab_cairo_set_rgba (cr, box->is_self ? &accent : fg, box->is_self ? 0.18 : 0.07);
      cairo_fill_preserve (cr);
      if (box->waiting)
        {
          const double dash[] = { 4 * zoom, 3 * zoom };

          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          edge = &warning;
        }
      else if (box->blocked)
        edge = &warning;
      fifolab_cairo_set_rgba (cr, edge, 0.9);
      cairo_set_line_width (cr, (box->is_self ? 2 : 1) * zoom);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      fifolab_cairo_set_rgba (cr, fg, 0.5);
      cairo_set_line_width (cr, 1.5 * zoom);
      if (box->writer)
        draw_arrow (cr, box->rect.origin.x + box->rect.size.width + 2 * zoom, box_mid,
                    pipe.origin.x - 3 * zoom, pipe_mid, 9 * zoom);
      else
        draw_arrow (cr, pipe.origin.x + pipe.size.width + 3 * zoom, pipe_mid,
                    box->rect.origin.x - 2 * zoom, box_mid, 9 * zoom);
    }

  /* The pipe, and its buffer filling from the reader's end. */
  rounded_rect (cr, pipe.origin.x, pipe.origin.y, pipe.size.width, pipe.size.height, pipe.size.height / 2);
  fifolab_cairo_set_rgba (cr, fg, 0.06);
  cairo_fill_preserve (cr);
  cairo_save (cr);
  cairo_clip (cr);
  cairo_rectangle (cr, pipe.origin.x + pipe.size.width * (1 - fill), pipe.origin.y, pipe.size.width * fill, pipe.size.height);
  fifolab_cairo_set_rgba (cr, fill >= 1.0 ? &warning : &accent, 0.45);
  cairo_fill (cr);
  cairo_restore (cr);
  rounded_rect (cr, pipe.origin.x, pipe.origin.y, pipe.size.width, pipe.size.height, pipe.size.height / 2);
  fifolab_cairo_set_rgba (cr, fg, 0.6);
  cairo_set_line_width (cr, 1.5 * zoom);
  cairo_stroke (cr);

  /* The texts, where the layout put them. */
  for (guint i = 0; i < self->texts->len; i++)
    {
      FifolabDiagramText *text = &g_array_index (self->texts, FifolabDiagramText, i);
      PangoRectangle logical;

      switch (text->ink)
        {
        case FIFOLAB_DIAGRAM_INK_STRONG: fifolab_cairo_set_rgba (cr, fg, 1.0); break;
        case FIFOLAB_DIAGRAM_INK_NORMAL: fifolab_cairo_set_rgba (cr, fg, 0.85); break;
        case FIFOLAB_DIAGRAM_INK_DIM: fifolab_cairo_set_rgba (cr, fg, 0.7); break;
        case FIFOLAB_DIAGRAM_INK_WARNING: fifolab_cairo_set_rgba (cr, &warning, 1.0); break;
        case FIFOLAB_DIAGRAM_INK_DANGER: fifolab_cairo_set_rgba (cr, &danger, 1.0); break;
        default: g_assert_not_reached ();
        }
      pango_layout_get_pixel_extents (text->layout, NULL, &logical);
      cairo_move_to (cr, text->rect.origin.x - logical.x, text->rect.origin.y - logical.y);
      pango_cairo_show_layout (cr, text->layout);
    }

  /* Messages in flight, along the pipe (none with animations off). */
  for (guint i = 0; pulses != NULL && i < pulses->len; i++)
    {
      double t = (double) (now - g_array_index (pulses, gint64, i)) / pulse_us;
      double x0 = self->col_x[0] + self->col_w;
      double x1 = self->col_x[1];

      if (t < 0 || t > 1)
        continue;
      cairo_arc (cr, x0 + (x1 - x0) * t, pipe_mid, 6 * zoom, 0, 2 * G_PI);
      fifolab_cairo_set_rgba (cr, &accent, 1.0 - 0.5 * t);
      cairo_fill (cr);
    }
}
