/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-cairo.h"
#include "fifolab-stream-view-private.h"

#define STRIP_HEIGHT 72
#define MARGIN       8.0
#define BAR_TOP      16.0
#define BAR_HEIGHT   24.0
#define SWATCH_WIDTH 22
#define SWATCH_HEIGHT 16

struct _FifolabStreamView
{
  GtkWidget           parent_instance;

  GtkWidget          *summary_label;
  GtkWidget          *strip;
  GtkWidget          *legend;

  FifolabStreamTrace *trace;
  char               *summary;
  char               *description;
};

G_DEFINE_FINAL_TYPE (FifolabStreamView, fifolab_stream_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TRACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The marks' colours: mid tones, readable on light and dark backgrounds
 * alike (the diagram's accent and warning). */
static const GdkRGBA message_color = { 0.21, 0.52, 0.89, 1.0 };
static const GdkRGBA read_color = { 0.90, 0.57, 0.04, 1.0 };

/* Drawing */

/* The three marks, at @x, over a bar from @top to @top + @height; also what
 * the legend's swatches show. */
static void
draw_write_mark (cairo_t       *cr,
                 const GdkRGBA *fg,
                 double         x,
                 double         top)
{
  const double dash[] = { 3.0, 2.0 };

  fifolab_cairo_set_rgba (cr, fg, 0.75);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_move_to (cr, x, top - 12);
  cairo_line_to (cr, x, top + 4);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  /* A small tick: the end of a write(). */
  cairo_move_to (cr, x - 4, top - 12);
  cairo_line_to (cr, x, top - 12);
  cairo_stroke (cr);
}

static void
draw_message_mark (cairo_t *cr,
                   double   x,
                   double   top,
                   double   height)
{
  fifolab_cairo_set_rgba (cr, &message_color, 1.0);
  cairo_set_line_width (cr, 2.0);
  cairo_move_to (cr, x, top);
  cairo_line_to (cr, x, top + height);
  cairo_stroke (cr);
}

static void
draw_read_mark (cairo_t *cr,
                double   x,
                double   top,
                double   height)
{
  fifolab_cairo_set_rgba (cr, &read_color, 1.0);
  cairo_set_line_width (cr, 3.0);
  cairo_move_to (cr, x, top + height * 0.5);
  cairo_line_to (cr, x, top + height + 6);
  cairo_stroke (cr);
  /* A triangle under the bar, pointing up at the end of the read(). */
  cairo_move_to (cr, x, top + height + 4);
  cairo_line_to (cr, x - 5, top + height + 12);
  cairo_line_to (cr, x + 5, top + height + 12);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_label (GtkWidget  *widget,
            cairo_t    *cr,
            const char *text,
            double      x,
            double      y,
            double      max_width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (w <= max_width)
    {
      cairo_move_to (cr, x - w / 2.0, y);
      pango_cairo_show_layout (cr, layout);
    }
  g_object_unref (layout);
}

static void
draw_strip (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  FifolabStreamView *self = user_data;
  GtkWidget *widget = GTK_WIDGET (area);
  double bar_w = MAX (1.0, width - 2 * MARGIN);
  double scale;
  gsize length;
  guint n_messages;
  GdkRGBA fg;
  guint64 start = 0;

  fifolab_widget_get_fg (widget, &fg);

  /* The stream, empty or not. */
  fifolab_cairo_set_rgba (cr, &fg, 0.06);
  cairo_rectangle (cr, MARGIN, BAR_TOP, bar_w, BAR_HEIGHT);
  cairo_fill (cr);

  length = self->trace != NULL ? fifolab_stream_trace_get_length (self->trace) : 0;
  if (length == 0)
    {
      fifolab_cairo_set_rgba (cr, &fg, 0.3);
      cairo_set_line_width (cr, 1.0);
      cairo_rectangle (cr, MARGIN + 0.5, BAR_TOP + 0.5, bar_w - 1, BAR_HEIGHT - 1);
      cairo_stroke (cr);
      return;
    }
  scale = bar_w / (double) length;

  /* Messages: alternating bands, each numbered when it has room. */
  n_messages = fifolab_stream_trace_get_n_boundaries (self->trace, FIFOLAB_BOUNDARY_MESSAGE);
  for (guint i = 0; i < n_messages; i++)
    {
      guint64 end = MIN (fifolab_stream_trace_get_boundary (self->trace, FIFOLAB_BOUNDARY_MESSAGE, i), length);
      double x0 = MARGIN + start * scale;
      double x1 = MARGIN + end * scale;
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      fifolab_cairo_set_rgba (cr, &message_color, i % 2 == 0 ? 0.28 : 0.14);
      cairo_rectangle (cr, x0, BAR_TOP, x1 - x0, BAR_HEIGHT);
      cairo_fill (cr);
      fifolab_cairo_set_rgba (cr, &fg, 0.9);
      draw_label (widget, cr, number, (x0 + x1) / 2, BAR_TOP + 3, x1 - x0 - 4);
      start = end;
    }

  fifolab_cairo_set_rgba (cr, &fg, 0.5);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, MARGIN + 0.5, BAR_TOP + 0.5, bar_w - 1, BAR_HEIGHT - 1);
  cairo_stroke (cr);

  for (guint i = 0; i < n_messages; i++)
    {
      guint64 end = MIN (fifolab_stream_trace_get_boundary (self->trace, FIFOLAB_BOUNDARY_MESSAGE, i), length);

      draw_message_mark (cr, MARGIN + end * scale, BAR_TOP - 2, BAR_HEIGHT + 4);
    }

  for (guint i = 0; i < fifolab_stream_trace_get_n_boundaries (self->trace, FIFOLAB_BOUNDARY_WRITE); i++)
    {
      guint64 end = MIN (fifolab_stream_trace_get_boundary (self->trace, FIFOLAB_BOUNDARY_WRITE, i), length);

      draw_write_mark (cr, &fg, MARGIN + end * scale, BAR_TOP);
    }

  for (guint i = 0; i < fifolab_stream_trace_get_n_boundaries (self->trace, FIFOLAB_BOUNDARY_READ); i++)
    {
      guint64 end = fifolab_stream_trace_get_boundary (self->trace, FIFOLAB_BOUNDARY_READ, i);
      double x = MARGIN + end * scale;
      g_autofree char *offset = g_strdup_printf ("%" G_GUINT64_FORMAT, end);

      draw_read_mark (cr, x, BAR_TOP, BAR_HEIGHT);
      /* The byte count the read ended at, under its mark (kept inside). */
      fifolab_cairo_set_rgba (cr, &fg, 0.8);
      draw_label (widget, cr, offset, CLAMP (x, MARGIN + 12, width - MARGIN - 12),
                  BAR_TOP + BAR_HEIGHT + 12, width);
    }
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  FifolabBoundary kind = GPOINTER_TO_UINT (user_data);
  GdkRGBA fg;

  fifolab_widget_get_fg (GTK_WIDGET (area), &fg);
  switch (kind)
    {
    case FIFOLAB_BOUNDARY_WRITE:
      draw_write_mark (cr, &fg, width / 2.0, height);
      break;
    case FIFOLAB_BOUNDARY_READ:
      /* The mark's stem from the top, its triangle at the bottom. */
      draw_read_mark (cr, width / 2.0, -4, height - 12);
      break;
    case FIFOLAB_BOUNDARY_MESSAGE:
    case FIFOLAB_BOUNDARY_LAST:
    default:
      fifolab_cairo_set_rgba (cr, &message_color, 0.28);
      cairo_rectangle (cr, 0, 2, width / 2.0, height - 4);
      cairo_fill (cr);
      fifolab_cairo_set_rgba (cr, &message_color, 0.14);
      cairo_rectangle (cr, width / 2.0, 2, width / 2.0, height - 4);
      cairo_fill (cr);
      draw_message_mark (cr, width / 2.0, 0, height);
      break;
    }
}

/* Content */

static void
update (FifolabStreamView *self)
{
  g_free (self->summary);
  g_free (self->description);
  if (self->trace != NULL)
    {
      self->summary = fifolab_stream_trace_dup_summary (self->trace);
      self->description = fifolab_stream_trace_dup_description (self->trace);
    }
  else
    {
      self->summary = g_strdup (_("Nothing read yet."));
      self->description = g_strdup (self->summary);
    }

  gtk_label_set_text (GTK_LABEL (self->summary_label), self->summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
  gtk_widget_queue_draw (self->strip);
}

static void
add_legend_item (FifolabStreamView *self,
                 FifolabBoundary    kind,
                 const char        *text)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = g_object_new (GTK_TYPE_DRAWING_AREA,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                    "content-width", SWATCH_WIDTH,
                                    "content-height", SWATCH_HEIGHT,
                                    "valign", GTK_ALIGN_CENTER,
                                    NULL);
  GtkWidget *label = gtk_label_new (text);

  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, GUINT_TO_POINTER (kind), NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (row), swatch);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (self->legend), row);
}

static void
trace_changed_cb (FifolabStreamView *self)
{
  update (self);
}

/* GObject */

static void
fifolab_stream_view_dispose (GObject *object)
{
  FifolabStreamView *self = FIFOLAB_STREAM_VIEW (object);
  GtkWidget *child;

  fifolab_stream_view_set_trace (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->summary_label = self->strip = self->legend = NULL;

  G_OBJECT_CLASS (fifolab_stream_view_parent_class)->dispose (object);
}

static void
fifolab_stream_view_finalize (GObject *object)
{
  FifolabStreamView *self = FIFOLAB_STREAM_VIEW (object);

  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (fifolab_stream_view_parent_class)->finalize (object);
}

static void
fifolab_stream_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FifolabStreamView *self = FIFOLAB_STREAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      g_value_set_object (value, self->trace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_stream_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FifolabStreamView *self = FIFOLAB_STREAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      fifolab_stream_view_set_trace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_stream_view_class_init (FifolabStreamViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_stream_view_dispose;
  object_class->finalize = fifolab_stream_view_finalize;
  object_class->get_property = fifolab_stream_view_get_property;
  object_class->set_property = fifolab_stream_view_set_property;

  properties[PROP_TRACE] =
    g_param_spec_object ("trace", NULL, NULL, FIFOLAB_TYPE_STREAM_TRACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "fifolab-stream-view");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fifolab_stream_view_init (FifolabStreamView *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->summary_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->summary_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (self->summary_label), TRUE);
  gtk_widget_add_css_class (self->summary_label, "heading");
  gtk_widget_set_parent (self->summary_label, GTK_WIDGET (self));

  /* The drawing says nothing a screen reader does not get from the view's
   * description. */
  self->strip = g_object_new (GTK_TYPE_DRAWING_AREA,
                              "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                              "content-height", STRIP_HEIGHT,
                              "hexpand", TRUE,
                              NULL);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->strip), draw_strip, self, NULL);
  gtk_widget_set_parent (self->strip, GTK_WIDGET (self));

  self->legend = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (self->legend, GTK_WIDGET (self));
  add_legend_item (self, FIFOLAB_BOUNDARY_WRITE, _("Dashed tick above: a write() ended"));
  add_legend_item (self, FIFOLAB_BOUNDARY_MESSAGE, _("Blue line and band: a message, as the framing finds it"));
  add_legend_item (self, FIFOLAB_BOUNDARY_READ, _("Orange mark below: a read() ended"));

  fifolab_accessible_set_name (GTK_WIDGET (self), _("Reads and messages in the byte stream"));
  update (self);
}

/* Public API */

GtkWidget *
fifolab_stream_view_new (void)
{
  return g_object_new (FIFOLAB_TYPE_STREAM_VIEW, NULL);
}

/**
 * fifolab_stream_view_get_trace:
 * @self: a stream view
 *
 * Returns: (transfer none) (nullable): the trace it draws
 */
FifolabStreamTrace *
fifolab_stream_view_get_trace (FifolabStreamView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STREAM_VIEW (self), NULL);
  return self->trace;
}

void
fifolab_stream_view_set_trace (FifolabStreamView  *self,
                               FifolabStreamTrace *trace)
{
  g_return_if_fail (FIFOLAB_IS_STREAM_VIEW (self));
  g_return_if_fail (trace == NULL || FIFOLAB_IS_STREAM_TRACE (trace));

  if (self->trace == trace)
    return;
  if (self->trace != NULL)
    g_signal_handlers_disconnect_by_data (self->trace, self);
  g_set_object (&self->trace, trace);
  if (trace != NULL)
    g_signal_connect_swapped (trace, "changed", G_CALLBACK (trace_changed_cb), self);
  if (self->summary_label != NULL)
    update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
}

const char *
_fifolab_stream_view_get_description (FifolabStreamView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STREAM_VIEW (self), NULL);
  return self->description;
}

const char *
_fifolab_stream_view_get_summary (FifolabStreamView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STREAM_VIEW (self), NULL);
  return self->summary;
}
