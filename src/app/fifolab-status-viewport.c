/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-status-viewport.h"

struct _FifolabStatusViewport
{
  GtkWidget      parent_instance;

  GtkWidget     *child;
  GtkAdjustment *adjustment[2];   /* by GtkOrientation */
  guint          scroll_policy[2];
  GtkRoot       *root;            /* whose focus-widget is followed */
};

static void fifolab_status_viewport_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabStatusViewport, fifolab_status_viewport, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, fifolab_status_viewport_buildable_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

enum {
  PROP_0,
  PROP_CHILD,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
  N_PROPS
};

static GParamSpec *child_pspec;
static GtkBuildableIface *parent_buildable_iface;

GtkWidget *
fifolab_status_viewport_new (void)
{
  return g_object_new (FIFOLAB_TYPE_STATUS_VIEWPORT, NULL);
}

GtkWidget *
fifolab_status_viewport_get_child (FifolabStatusViewport *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STATUS_VIEWPORT (self), NULL);

  return self->child;
}

void
fifolab_status_viewport_set_child (FifolabStatusViewport *self,
                                   GtkWidget             *child)
{
  g_return_if_fail (FIFOLAB_IS_STATUS_VIEWPORT (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), child_pspec);
}

static void
adjustment_value_changed_cb (GtkAdjustment         *adjustment,
                             FifolabStatusViewport *self)
{
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
set_adjustment (FifolabStatusViewport *self,
                GtkOrientation         orientation,
                GtkAdjustment         *adjustment)
{
  if (adjustment != NULL && adjustment == self->adjustment[orientation])
    return;

  if (self->adjustment[orientation] != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->adjustment[orientation],
                                            adjustment_value_changed_cb, self);
      g_clear_object (&self->adjustment[orientation]);
    }
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  self->adjustment[orientation] = g_object_ref_sink (adjustment);
  g_signal_connect (adjustment, "value-changed",
                    G_CALLBACK (adjustment_value_changed_cb), self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify (G_OBJECT (self),
                   orientation == GTK_ORIENTATION_HORIZONTAL ? "hadjustment" : "vadjustment");
}

static void
configure (GtkAdjustment *adjustment,
           int            upper,
           int            view)
{
  gtk_adjustment_configure (adjustment,
                            gtk_adjustment_get_value (adjustment),
                            0, upper, view * 0.1, view * 0.9, view);
}

static GtkSizeRequestMode
fifolab_status_viewport_get_request_mode (GtkWidget *widget)
{
  FifolabStatusViewport *self = FIFOLAB_STATUS_VIEWPORT (widget);

  if (self->child == NULL)
    return GTK_SIZE_REQUEST_CONSTANT_SIZE;
  return gtk_widget_get_request_mode (self->child);
}

static void
fifolab_status_viewport_measure (GtkWidget      *widget,
                                 GtkOrientation  orientation,
                                 int             for_size,
                                 int            *minimum,
                                 int            *natural,
                                 int            *minimum_baseline,
                                 int            *natural_baseline)
{
  FifolabStatusViewport *self = FIFOLAB_STATUS_VIEWPORT (widget);

  if (self->child != NULL && gtk_widget_get_visible (self->child))
    gtk_widget_measure (self->child, orientation, for_size, minimum, natural, NULL, NULL);
}

static void
fifolab_status_viewport_size_allocate (GtkWidget *widget,
                                       int        width,
                                       int        height,
                                       int        baseline)
{
  FifolabStatusViewport *self = FIFOLAB_STATUS_VIEWPORT (widget);
  GtkAdjustment *hadjustment = self->adjustment[GTK_ORIENTATION_HORIZONTAL];
  GtkAdjustment *vadjustment = self->adjustment[GTK_ORIENTATION_VERTICAL];
  int child_width = width, child_height = height;
  int min = 0, nat = 0, natural_height = 0;
  int x, y;

  /* As GtkViewport (GTK 4.8) sizes a height-for-width child: its width
   * for the view's, then its height for that width. */
  if (self->child != NULL && gtk_widget_get_visible (self->child))
    {
      gtk_widget_measure (self->child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      child_width = MAX (width, self->scroll_policy[GTK_ORIENTATION_HORIZONTAL] == GTK_SCROLL_MINIMUM ? min : nat);
      gtk_widget_measure (self->child, GTK_ORIENTATION_VERTICAL, child_width, &min, &natural_height, NULL, NULL);
      child_height = MAX (height, self->scroll_policy[GTK_ORIENTATION_VERTICAL] == GTK_SCROLL_MINIMUM ? min : natural_height);
    }
  configure (hadjustment, child_width, width);
  configure (vadjustment, child_height, height);
  if (self->child == NULL || !gtk_widget_get_visible (self->child))
    return;

  /* And then where gtk_widget_allocate() puts a child of valign center:
   * at its natural height, centred, when there is more room. */
  x = - (int) gtk_adjustment_get_value (hadjustment);
  y = - (int) gtk_adjustment_get_value (vadjustment);
  if (child_height > natural_height)
    {
      y += (child_height - natural_height) / 2;
      child_height = natural_height;
    }
  gtk_widget_size_allocate (self->child,
                            &(GtkAllocation) { x, y, child_width, child_height },
                            -1);
}

/* Keyboard focus moving to a widget inside scrolls it into view, as a
 * GtkViewport made by a GtkScrolledWindow does (scroll-to-focus). Where it
 * is in the scrolled content: where it shows in the view, plus how far the
 * view is scrolled (as GtkViewport reckons it; the child's own coordinates
 * start inside its margins, which the scrolled content holds too). */
static void
focus_widget_cb (GtkRoot               *root,
                 GParamSpec            *pspec,
                 FifolabStatusViewport *self)
{
  GtkWidget *focus = gtk_root_get_focus (root);
  GtkAdjustment *hadjustment = self->adjustment[GTK_ORIENTATION_HORIZONTAL];
  GtkAdjustment *vadjustment = self->adjustment[GTK_ORIENTATION_VERTICAL];
  graphene_rect_t bounds;
  double x, y;

  if (focus == NULL || self->child == NULL ||
      !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)) ||
      !gtk_widget_compute_bounds (focus, GTK_WIDGET (self), &bounds))
    return;

  x = bounds.origin.x + gtk_adjustment_get_value (hadjustment);
  y = bounds.origin.y + gtk_adjustment_get_value (vadjustment);
  gtk_adjustment_clamp_page (hadjustment, x, x + bounds.size.width);
  gtk_adjustment_clamp_page (vadjustment, y, y + bounds.size.height);
}

static void
fifolab_status_viewport_root (GtkWidget *widget)
{
  FifolabStatusViewport *self = FIFOLAB_STATUS_VIEWPORT (widget);

  GTK_WIDGET_CLASS (fifolab_status_viewport_parent_class)->root (widget);

  self->root = gtk_widget_get_root (widget);
  g_signal_connect (self->root, "notify::focus-widget", G_CALLBACK (focus_widget_cb), self);
}

static void
fifolab_status_viewport_unroot (GtkWidget *widget)
{
  FifolabStatusViewport *self = FIFOLAB_STATUS_VIEWPORT (widget);

  if (self->root != NULL)
    g_signal_handlers_disconnect_by_func (self->root, focus_widget_cb, self);
  self->root = NULL;

  GTK_WIDGET_CLASS (fifolab_status_viewport_parent_class)->unroot (widget);
}

static void
fifolab_status_viewport_add_child (GtkBuildable *buildable,
                                   GtkBuilder   *builder,
                                   GObject      *child,
                                   const char   *type)
{
  if (GTK_IS_WIDGET (child))
    fifolab_status_viewport_set_child (FIFOLAB_STATUS_VIEWPORT (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
fifolab_status_viewport_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = fifolab_status_viewport_add_child;
}

static void
fifolab_status_viewport_dispose (GObject *object)
{
  FifolabStatusViewport *self = FIFOLAB_STATUS_VIEWPORT (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  for (int i = 0; i < 2; i++)
    if (self->adjustment[i] != NULL)
      {
        g_signal_handlers_disconnect_by_func (self->adjustment[i], adjustment_value_changed_cb, self);
        g_clear_object (&self->adjustment[i]);
      }

  G_OBJECT_CLASS (fifolab_status_viewport_parent_class)->dispose (object);
}

static void
fifolab_status_viewport_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FifolabStatusViewport *self = FIFOLAB_STATUS_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->adjustment[GTK_ORIENTATION_HORIZONTAL]);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->adjustment[GTK_ORIENTATION_VERTICAL]);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->scroll_policy[GTK_ORIENTATION_HORIZONTAL]);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->scroll_policy[GTK_ORIENTATION_VERTICAL]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_scroll_policy (FifolabStatusViewport *self,
                   GtkOrientation         orientation,
                   guint                  policy,
                   GParamSpec            *pspec)
{
  if (self->scroll_policy[orientation] == policy)
    return;
  self->scroll_policy[orientation] = policy;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
fifolab_status_viewport_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  FifolabStatusViewport *self = FIFOLAB_STATUS_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      fifolab_status_viewport_set_child (self, g_value_get_object (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, GTK_ORIENTATION_HORIZONTAL, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, GTK_ORIENTATION_VERTICAL, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      set_scroll_policy (self, GTK_ORIENTATION_HORIZONTAL, g_value_get_enum (value), pspec);
      break;
    case PROP_VSCROLL_POLICY:
      set_scroll_policy (self, GTK_ORIENTATION_VERTICAL, g_value_get_enum (value), pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_status_viewport_class_init (FifolabStatusViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_status_viewport_dispose;
  object_class->get_property = fifolab_status_viewport_get_property;
  object_class->set_property = fifolab_status_viewport_set_property;

  widget_class->get_request_mode = fifolab_status_viewport_get_request_mode;
  widget_class->measure = fifolab_status_viewport_measure;
  widget_class->size_allocate = fifolab_status_viewport_size_allocate;
  widget_class->root = fifolab_status_viewport_root;
  widget_class->unroot = fifolab_status_viewport_unroot;

  child_pspec = g_param_spec_object ("child", NULL, NULL,
                                     GTK_TYPE_WIDGET,
                                     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_property (object_class, PROP_CHILD, child_pspec);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_set_css_name (widget_class, "viewport");
  /* Only layout: GTK 4.8's AT-SPI backend says a widget of the default role
   * by its class name, one of the generic role by nothing. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
fifolab_status_viewport_init (FifolabStatusViewport *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  set_adjustment (self, GTK_ORIENTATION_HORIZONTAL, NULL);
  set_adjustment (self, GTK_ORIENTATION_VERTICAL, NULL);
}
