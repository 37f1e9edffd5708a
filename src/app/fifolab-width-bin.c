/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-width-bin.h"

struct _FifolabWidthBin
{
  AdwBin parent_instance;

  int    natural_width;
};

G_DEFINE_FINAL_TYPE (FifolabWidthBin, fifolab_width_bin, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_NATURAL_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
fifolab_width_bin_new (void)
{
  return g_object_new (FIFOLAB_TYPE_WIDTH_BIN, NULL);
}

int
fifolab_width_bin_get_natural_width (FifolabWidthBin *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WIDTH_BIN (self), 0);

  return self->natural_width;
}

void
fifolab_width_bin_set_natural_width (FifolabWidthBin *self,
                                     int              width)
{
  g_return_if_fail (FIFOLAB_IS_WIDTH_BIN (self));
  g_return_if_fail (width >= 0);

  if (self->natural_width == width)
    return;

  self->natural_width = width;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NATURAL_WIDTH]);
}

static void
fifolab_width_bin_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  FifolabWidthBin *self = FIFOLAB_WIDTH_BIN (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (self));

  *minimum = *natural = 0;
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, self->natural_width);
}

static void
fifolab_width_bin_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
fifolab_width_bin_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FifolabWidthBin *self = FIFOLAB_WIDTH_BIN (object);

  switch (prop_id)
    {
    case PROP_NATURAL_WIDTH:
      g_value_set_int (value, self->natural_width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_width_bin_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FifolabWidthBin *self = FIFOLAB_WIDTH_BIN (object);

  switch (prop_id)
    {
    case PROP_NATURAL_WIDTH:
      fifolab_width_bin_set_natural_width (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_width_bin_class_init (FifolabWidthBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fifolab_width_bin_get_property;
  object_class->set_property = fifolab_width_bin_set_property;

  widget_class->measure = fifolab_width_bin_measure;
  widget_class->size_allocate = fifolab_width_bin_size_allocate;

  properties[PROP_NATURAL_WIDTH] =
    g_param_spec_int ("natural-width", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A layout part: a screen reader goes straight to what it holds. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
fifolab_width_bin_init (FifolabWidthBin *self)
{
  /* AdwBin lays its child out with a GtkBinLayout, which would answer for
   * the widget: measured and allocated here instead. */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
}
