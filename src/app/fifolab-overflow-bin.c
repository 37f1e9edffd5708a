/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-overflow-bin.h"

#include "fifolab-accessible.h"

#define DEFAULT_MAX_MINIMUM_WIDTH 360

struct _FifolabOverflowBin
{
  GtkWidget  parent_instance;

  GtkWidget *scroller;
  GtkWidget *child;
  int        max_minimum_width;
};

static void fifolab_overflow_bin_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabOverflowBin, fifolab_overflow_bin, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, fifolab_overflow_bin_buildable_init))

enum {
  PROP_0,
  PROP_CHILD,
  PROP_MAX_MINIMUM_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

GtkWidget *
fifolab_overflow_bin_new (void)
{
  return g_object_new (FIFOLAB_TYPE_OVERFLOW_BIN, NULL);
}

GtkWidget *
fifolab_overflow_bin_get_child (FifolabOverflowBin *self)
{
  g_return_val_if_fail (FIFOLAB_IS_OVERFLOW_BIN (self), NULL);

  return self->child;
}

/* Names the scroll bars the bin shows when it is narrower than its child
 * after what the child is (fifolab_accessible_name_scroll_bars()). */
void
fifolab_overflow_bin_name_scroll_bars (FifolabOverflowBin *self,
                                       const char         *name)
{
  g_return_if_fail (FIFOLAB_IS_OVERFLOW_BIN (self));

  fifolab_accessible_name_scroll_bars (GTK_SCROLLED_WINDOW (self->scroller), name);
}

void
fifolab_overflow_bin_set_child (FifolabOverflowBin *self,
                                GtkWidget          *child)
{
  g_return_if_fail (FIFOLAB_IS_OVERFLOW_BIN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  self->child = child;
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), child);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

int
fifolab_overflow_bin_get_max_minimum_width (FifolabOverflowBin *self)
{
  g_return_val_if_fail (FIFOLAB_IS_OVERFLOW_BIN (self), 0);

  return self->max_minimum_width;
}

void
fifolab_overflow_bin_set_max_minimum_width (FifolabOverflowBin *self,
                                            int                 width)
{
  g_return_if_fail (FIFOLAB_IS_OVERFLOW_BIN (self));
  g_return_if_fail (width >= 0);

  if (self->max_minimum_width == width)
    return;

  self->max_minimum_width = width;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_MINIMUM_WIDTH]);
}

static void
fifolab_overflow_bin_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  FifolabOverflowBin *self = FIFOLAB_OVERFLOW_BIN (widget);
  int child_min = 0, child_nat = 0;

  if (orientation == GTK_ORIENTATION_VERTICAL || self->child == NULL ||
      !gtk_widget_get_visible (self->child))
    {
      gtk_widget_measure (self->scroller, orientation, for_size,
                          minimum, natural, minimum_baseline, natural_baseline);
      return;
    }

  /* The child's own width, not the scroller's (which can shrink to nothing). */
  gtk_widget_measure (self->child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
  *minimum = MIN (child_min, self->max_minimum_width);
  *natural = MAX (child_nat, *minimum);
}

static void
fifolab_overflow_bin_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  FifolabOverflowBin *self = FIFOLAB_OVERFLOW_BIN (widget);

  gtk_widget_size_allocate (self->scroller,
                            &(GtkAllocation) { 0, 0, width, height },
                            baseline);
}

static void
fifolab_overflow_bin_add_child (GtkBuildable *buildable,
                                GtkBuilder   *builder,
                                GObject      *child,
                                const char   *type)
{
  if (GTK_IS_WIDGET (child))
    fifolab_overflow_bin_set_child (FIFOLAB_OVERFLOW_BIN (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
fifolab_overflow_bin_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = fifolab_overflow_bin_add_child;
}

static void
fifolab_overflow_bin_dispose (GObject *object)
{
  FifolabOverflowBin *self = FIFOLAB_OVERFLOW_BIN (object);

  self->child = NULL;
  g_clear_pointer (&self->scroller, gtk_widget_unparent);

  G_OBJECT_CLASS (fifolab_overflow_bin_parent_class)->dispose (object);
}

static void
fifolab_overflow_bin_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FifolabOverflowBin *self = FIFOLAB_OVERFLOW_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    case PROP_MAX_MINIMUM_WIDTH:
      g_value_set_int (value, self->max_minimum_width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_overflow_bin_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  FifolabOverflowBin *self = FIFOLAB_OVERFLOW_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      fifolab_overflow_bin_set_child (self, g_value_get_object (value));
      break;
    case PROP_MAX_MINIMUM_WIDTH:
      fifolab_overflow_bin_set_max_minimum_width (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_overflow_bin_class_init (FifolabOverflowBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_overflow_bin_dispose;
  object_class->get_property = fifolab_overflow_bin_get_property;
  object_class->set_property = fifolab_overflow_bin_set_property;

  widget_class->measure = fifolab_overflow_bin_measure;
  widget_class->size_allocate = fifolab_overflow_bin_size_allocate;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_MINIMUM_WIDTH] =
    g_param_spec_int ("max-minimum-width", NULL, NULL,
                      0, G_MAXINT, DEFAULT_MAX_MINIMUM_WIDTH,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* Only layout: GTK 4.8's AT-SPI backend says a widget of the default role
   * by its class name, one of the generic role by nothing. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
fifolab_overflow_bin_init (FifolabOverflowBin *self)
{
  self->max_minimum_width = DEFAULT_MAX_MINIMUM_WIDTH;
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}
