/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-accessible.h"
#include "fifolab-cairo.h"
#include "fifolab-sequence-draw.h"
#include "fifolab-sequence-view.h"

#define DEFAULT_ROW_HEIGHT 28.0
#define MIN_ROW_HEIGHT 10.0
#define MAX_ROW_HEIGHT 96.0
#define ZOOM_STEP 1.25
/* The accessible description is made again at most this often. */
#define DESCRIBE_INTERVAL_MS 250

struct _FifolabSequenceView
{
  GtkWidget        parent_instance;

  FifolabSequence *seq;
  double           first_row;
  double           row_height;
  guint            selected;    /* row, G_MAXUINT: none */
  gboolean         following;   /* the end in view: keep it there */
  double           scale;       /* text_scale(), 0: to find */
  GArray          *spacing;     /* FifolabSeqDrawParams.spacing */
  guint            describe_id;
};

G_DEFINE_FINAL_TYPE (FifolabSequenceView, fifolab_sequence_view, GTK_TYPE_WIDGET)

enum
{
  ENTRY_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The drawing (fifolab-sequence-draw.c) is laid out for 9-point text; it
 * is drawn scaled to the size of the widget's own text, so that the
 * desktop's font size and Large Text apply to it as to the rest of the
 * window. */
#define DRAWN_POINTS 9.0

static double
find_text_scale (FifolabSequenceView *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double dpi = pango_cairo_context_get_resolution (context);
  double points;

  if (font == NULL || pango_font_description_get_size (font) <= 0)
    return 1.0;
  points = (double) pango_font_description_get_size (font) / PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (font))
    points = points * 72.0 / 96.0;
  if (dpi <= 0)
    dpi = 96.0;
  /* At 96 dpi a 9-point font is drawn as it was laid out. */
  return CLAMP (points * (dpi / 96.0) / DRAWN_POINTS, 0.5, 4.0);
}

/* Found when the style or the font settings change (the widget's Pango
 * context follows both), not at every frame, scroll and click. */
static double
text_scale (FifolabSequenceView *self)
{
  if (self->scale <= 0)
    self->scale = find_text_scale (self);
  return self->scale;
}

/* The text's size may have changed: the scale is found again, and the
 * rows in view with it. */
static void
text_changed (FifolabSequenceView *self)
{
  double scale = find_text_scale (self);

  if (scale == self->scale)
    return;
  self->scale = scale;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* The widget's height in the drawing's units. */
static double
drawn_height (FifolabSequenceView *self)
{
  return gtk_widget_get_height (GTK_WIDGET (self)) / text_scale (self);
}

static double
rows_in_view (FifolabSequenceView *self)
{
  double height = drawn_height (self) - FIFOLAB_SEQ_ROWS_TOP;

  return MAX (height, self->row_height) / self->row_height;
}

static double
max_first_row (FifolabSequenceView *self)
{
  double n = fifolab_sequence_get_n_rows (self->seq);

  return MAX (0.0, n - rows_in_view (self) + 0.5);
}

static gboolean
describe_cb (gpointer data)
{
  FifolabSequenceView *self = data;
  g_autofree char *description = fifolab_sequence_view_dup_description (self);

  self->describe_id = 0;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  return G_SOURCE_REMOVE;
}

static void
changed (FifolabSequenceView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->describe_id == 0)
    self->describe_id = g_timeout_add (DESCRIBE_INTERVAL_MS, describe_cb, self);
}

static void
scroll_to (FifolabSequenceView *self,
           double               first_row)
{
  self->first_row = CLAMP (first_row, 0.0, max_first_row (self));
  self->following = self->first_row >= max_first_row (self) - 0.01;
  changed (self);
}

/* Scrolls as little as shows @row whole. */
static void
show_row (FifolabSequenceView *self,
          guint                row)
{
  double in_view = rows_in_view (self);

  if (row < self->first_row)
    scroll_to (self, row);
  else if (row + 1 > self->first_row + in_view)
    scroll_to (self, row + 1 - in_view);
  else
    changed (self);
}

static void
select_row (FifolabSequenceView *self,
            guint                row,
            gboolean             emit)
{
  guint n = fifolab_sequence_get_n_rows (self->seq);

  if (n == 0)
    return;
  self->selected = MIN (row, n - 1);
  show_row (self, self->selected);
  if (emit)
    g_signal_emit (self, signals[ENTRY_SELECTED], 0,
                   fifolab_sequence_get_row (self->seq, self->selected)->serial);
}

/* Zooms by @factor, keeping the row at @y where it is. */
static void
zoom (FifolabSequenceView *self,
      double               factor,
      double               y)
{
  double height = self->row_height;
  double at = self->first_row + MAX (0.0, y - FIFOLAB_SEQ_ROWS_TOP) / height;

  self->row_height = factor == 0 ? DEFAULT_ROW_HEIGHT : CLAMP (height * factor, MIN_ROW_HEIGHT, MAX_ROW_HEIGHT);
  scroll_to (self, at - MAX (0.0, y - FIFOLAB_SEQ_ROWS_TOP) / self->row_height);
}

static void
sequence_changed_cb (FifolabSequence     *seq,
                     FifolabSequenceView *self)
{
  guint n = fifolab_sequence_get_n_rows (seq);

  if (n == 0)
    {
      self->selected = G_MAXUINT;
      self->first_row = 0;
      self->following = TRUE;
      g_array_set_size (self->spacing, 0);
    }
  else if (self->following)
    self->first_row = max_first_row (self);
  changed (self);
}

/* The oldest @n rows went: what points at the rows kept moves with them. */
static void
sequence_trimmed_cb (FifolabSequence     *seq,
                     guint                n,
                     FifolabSequenceView *self)
{
  self->first_row = MAX (0.0, self->first_row - n);
  if (self->selected != G_MAXUINT)
    self->selected = self->selected >= n ? self->selected - n : G_MAXUINT;
}

/* -------------------------------------------------------------------- */
/* Drawing */

static void
params_init (FifolabSequenceView  *self,
             FifolabSeqDrawParams *params)
{
  GtkWidget *widget = GTK_WIDGET (self);

  params->first_row = self->first_row;
  params->row_height = self->row_height;
  params->width = gtk_widget_get_width (widget) / text_scale (self);
  params->height = drawn_height (self);
  params->selected = self->selected;
  params->spacing = self->spacing;
  fifolab_widget_get_fg (widget, &params->fg);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "view_bg_color", &params->bg))
    params->bg = (GdkRGBA) { 1, 1, 1, 1 };
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
fifolab_sequence_view_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  FifolabSequenceView *self = FIFOLAB_SEQUENCE_VIEW (widget);
  FifolabSeqDrawParams params;
  cairo_t *cr;

  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double scale = text_scale (self);

  params_init (self, &params);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  fifolab_cairo_set_rgba (cr, &params.bg, 1.0);
  cairo_paint (cr);
  if (gtk_widget_has_visible_focus (widget))
    {
      fifolab_cairo_set_rgba (cr, &params.fg, 0.5);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, 1, 1, width - 2, height - 2);
      cairo_stroke (cr);
    }
  cairo_scale (cr, scale, scale);
  fifolab_sequence_draw (self->seq, cr, &params);
  cairo_destroy (cr);
}

static void
fifolab_sequence_view_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  /* It draws what its space holds: it asks for little. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 320;
}

static void
fifolab_sequence_view_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  FifolabSequenceView *self = FIFOLAB_SEQUENCE_VIEW (widget);

  if (self->following)
    self->first_row = max_first_row (self);
  else
    self->first_row = MIN (self->first_row, max_first_row (self));
  changed (self);
}

static void
fifolab_sequence_view_css_changed (GtkWidget         *widget,
                                   GtkCssStyleChange *change)
{
  /* GtkWidget's own handler gives the Pango context the style's font. */
  GTK_WIDGET_CLASS (fifolab_sequence_view_parent_class)->css_changed (widget, change);
  text_changed (FIFOLAB_SEQUENCE_VIEW (widget));
}

static void
fifolab_sequence_view_system_setting_changed (GtkWidget        *widget,
                                              GtkSystemSetting  setting)
{
  /* GtkWidget's own handler gives the Pango context gtk-xft-dpi and
   * gtk-font-name. */
  GTK_WIDGET_CLASS (fifolab_sequence_view_parent_class)->system_setting_changed (widget, setting);
  if (setting == GTK_SYSTEM_SETTING_DPI || setting == GTK_SYSTEM_SETTING_FONT_NAME)
    text_changed (FIFOLAB_SEQUENCE_VIEW (widget));
}

/* -------------------------------------------------------------------- */
/* Input */

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           FifolabSequenceView      *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (state & GDK_CONTROL_MASK)
    zoom (self, dy < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, drawn_height (self) / 2.0);
  else
    scroll_to (self, self->first_row + dy * 3);
  return TRUE;
}

static void
pressed_cb (GtkGestureClick     *gesture,
            int                  n_press,
            double               x,
            double               y,
            FifolabSequenceView *self)
{
  FifolabSeqDrawParams params;
  guint row;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  params_init (self, &params);
  row = fifolab_sequence_draw_row_at (self->seq, &params, y / text_scale (self));
  if (row != G_MAXUINT)
    select_row (self, row, TRUE);
}

/* The keys' actions: "sequence-view.NAME". */
static void
key_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FifolabSequenceView *self = FIFOLAB_SEQUENCE_VIEW (widget);
  const char *name = action_name + strlen ("sequence-view.");
  guint n = fifolab_sequence_get_n_rows (self->seq);
  double page = MAX (1.0, rows_in_view (self) - 1);
  double middle = drawn_height (self) / 2.0;

  if (g_str_equal (name, "select-previous") && n > 0)
    select_row (self, self->selected == G_MAXUINT ? n - 1 : (self->selected > 0 ? self->selected - 1 : 0), TRUE);
  else if (g_str_equal (name, "select-next") && n > 0)
    select_row (self, self->selected == G_MAXUINT ? (guint) self->first_row : self->selected + 1, TRUE);
  else if (g_str_equal (name, "page-up"))
    scroll_to (self, self->first_row - page);
  else if (g_str_equal (name, "page-down"))
    scroll_to (self, self->first_row + page);
  else if (g_str_equal (name, "first"))
    scroll_to (self, 0);
  else if (g_str_equal (name, "last"))
    scroll_to (self, max_first_row (self));
  else if (g_str_equal (name, "zoom-in"))
    zoom (self, ZOOM_STEP, middle);
  else if (g_str_equal (name, "zoom-out"))
    zoom (self, 1 / ZOOM_STEP, middle);
  else if (g_str_equal (name, "zoom-reset"))
    zoom (self, 0, middle);
}

/* -------------------------------------------------------------------- */

static void
fifolab_sequence_view_dispose (GObject *object)
{
  FifolabSequenceView *self = FIFOLAB_SEQUENCE_VIEW (object);

  g_clear_handle_id (&self->describe_id, g_source_remove);
  if (self->seq != NULL)
    g_signal_handlers_disconnect_by_data (self->seq, self);
  g_clear_object (&self->seq);
  g_clear_pointer (&self->spacing, g_array_unref);

  G_OBJECT_CLASS (fifolab_sequence_view_parent_class)->dispose (object);
}

static void
fifolab_sequence_view_class_init (FifolabSequenceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_sequence_view_dispose;
  widget_class->snapshot = fifolab_sequence_view_snapshot;
  widget_class->measure = fifolab_sequence_view_measure;
  widget_class->size_allocate = fifolab_sequence_view_size_allocate;
  widget_class->css_changed = fifolab_sequence_view_css_changed;
  widget_class->system_setting_changed = fifolab_sequence_view_system_setting_changed;

  signals[ENTRY_SELECTED] = g_signal_new ("entry-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);

  {
    const struct
    {
      const char *name;
      guint       keys[3];
    } keys[] = {
      { "select-previous", { GDK_KEY_Up, GDK_KEY_KP_Up, 0 } },
      { "select-next", { GDK_KEY_Down, GDK_KEY_KP_Down, 0 } },
      { "page-up", { GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, 0 } },
      { "page-down", { GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, 0 } },
      { "first", { GDK_KEY_Home, GDK_KEY_KP_Home, 0 } },
      { "last", { GDK_KEY_End, GDK_KEY_KP_End, 0 } },
      { "zoom-in", { GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add } },
      { "zoom-out", { GDK_KEY_minus, GDK_KEY_KP_Subtract, 0 } },
      { "zoom-reset", { GDK_KEY_0, GDK_KEY_KP_0, 0 } },
    };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autofree char *action = g_strconcat ("sequence-view.", keys[i].name, NULL);

        gtk_widget_class_install_action (widget_class, action, NULL, key_action);
        for (guint k = 0; k < G_N_ELEMENTS (keys[i].keys) && keys[i].keys[k] != 0; k++)
          gtk_widget_class_add_binding_action (widget_class, keys[i].keys[k], 0, action, NULL);
      }
  }

  gtk_widget_class_set_css_name (widget_class, "sequence-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fifolab_sequence_view_init (FifolabSequenceView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *scroll;
  GtkGesture *click;

  self->seq = fifolab_sequence_new ();
  self->row_height = DEFAULT_ROW_HEIGHT;
  self->selected = G_MAXUINT;
  self->following = TRUE;
  self->spacing = g_array_new (FALSE, TRUE, sizeof (double));
  g_signal_connect (self->seq, "changed", G_CALLBACK (sequence_changed_cb), self);
  g_signal_connect (self->seq, "trimmed", G_CALLBACK (sequence_trimmed_cb), self);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, scroll);
  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  fifolab_accessible_set_name (GTK_WIDGET (self), _("Sequence diagram"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No calls observed yet."), -1);
}

FifolabSequenceView *
fifolab_sequence_view_new (void)
{
  return g_object_new (FIFOLAB_TYPE_SEQUENCE_VIEW, NULL);
}

void
fifolab_sequence_view_set_session (FifolabSequenceView *self,
                                   FifolabSession      *session)
{
  g_return_if_fail (FIFOLAB_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (FIFOLAB_IS_SESSION (session));

  fifolab_sequence_view_set_log (self, fifolab_session_get_log (session));
}

void
fifolab_sequence_view_set_log (FifolabSequenceView *self,
                               FifolabLog          *log)
{
  g_return_if_fail (FIFOLAB_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (FIFOLAB_IS_LOG (log));

  fifolab_sequence_follow_log (self->seq, log);
}

FifolabSequence *
fifolab_sequence_view_get_sequence (FifolabSequenceView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE_VIEW (self), NULL);
  return self->seq;
}

gboolean
fifolab_sequence_view_select_serial (FifolabSequenceView *self,
                                     guint64              serial)
{
  guint row;

  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE_VIEW (self), FALSE);

  row = fifolab_sequence_find_serial (self->seq, serial);
  if (row == G_MAXUINT)
    return FALSE;
  select_row (self, row, FALSE);
  return TRUE;
}

guint64
fifolab_sequence_view_get_selected_serial (FifolabSequenceView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE_VIEW (self), G_MAXUINT64);

  if (self->selected == G_MAXUINT || self->selected >= fifolab_sequence_get_n_rows (self->seq))
    return G_MAXUINT64;
  return fifolab_sequence_get_row (self->seq, self->selected)->serial;
}

gboolean
fifolab_sequence_view_get_visible_rows (FifolabSequenceView *self,
                                        guint               *first,
                                        guint               *last)
{
  guint n;

  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE_VIEW (self), FALSE);

  n = fifolab_sequence_get_n_rows (self->seq);
  if (n == 0)
    return FALSE;
  *first = MIN ((guint) self->first_row, n - 1);
  /* The rows drawn whole. */
  *last = (guint) MIN ((double) n - 1, self->first_row + rows_in_view (self) - 1);
  *last = MAX (*last, *first);
  return TRUE;
}

char *
fifolab_sequence_view_dup_description (FifolabSequenceView *self)
{
  guint first;
  guint last;

  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE_VIEW (self), NULL);

  if (!fifolab_sequence_view_get_visible_rows (self, &first, &last))
    return g_strdup (_("No calls observed yet."));
  return fifolab_sequence_describe (self->seq, first, last);
}

double
fifolab_sequence_view_get_row_height (FifolabSequenceView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE_VIEW (self), DEFAULT_ROW_HEIGHT);
  return self->row_height;
}
