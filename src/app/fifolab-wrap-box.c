/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-wrap-box.h"

struct _FifolabWrapBox
{
  GtkWidget parent_instance;

  int       spacing;
  gboolean  natural_rows;   /* a new row where a child's natural width does not fit */
};

static void fifolab_wrap_box_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabWrapBox, fifolab_wrap_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, fifolab_wrap_box_buildable_init))

enum {
  PROP_0,
  PROP_SPACING,
  PROP_NATURAL_ROWS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One shown child's place in the layout for a width. */
typedef struct
{
  GtkWidget *child;
  int        min;
  int        nat;
  int        width;
  guint      row;
} Place;

/* Places the shown children in rows for @width (-1: all on one row, at
 * their natural widths); returns how many rows. */
static guint
layout_rows (FifolabWrapBox *self,
             int             width,
             GArray         *places)
{
  guint row = 0;
  int used = 0;
  guint first = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Place place = { child, 0, 0, 0, 0 };
      int wants;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &place.min, &place.nat, NULL, NULL);
      wants = self->natural_rows ? place.nat : place.min;
      if (width >= 0 && places->len > first && used + self->spacing + wants > width)
        {
          row++;
          used = 0;
          first = places->len;
        }
      used += (places->len > first ? self->spacing : 0) + wants;
      place.row = row;
      g_array_append_val (places, place);
    }
  if (places->len == 0)
    return 0;

  /* In each row: the minimum, then towards the natural width, then the
   * rest to the children that expand. */
  first = 0;
  while (first < places->len)
    {
      guint end = first;
      /* Freed by hand, as heights below. */
      GtkRequestedSize *sizes;
      int extra = width;
      guint n, expanding = 0;

      while (end < places->len && g_array_index (places, Place, end).row == g_array_index (places, Place, first).row)
        end++;
      n = end - first;
      sizes = g_new0 (GtkRequestedSize, n);
      for (guint i = 0; i < n; i++)
        {
          Place *p = &g_array_index (places, Place, first + i);

          sizes[i].minimum_size = p->min;
          sizes[i].natural_size = p->nat;
          if (width >= 0)
            extra -= p->min + (i > 0 ? self->spacing : 0);
          if (gtk_widget_compute_expand (p->child, GTK_ORIENTATION_HORIZONTAL))
            expanding++;
        }
      if (width < 0)
        {
          for (guint i = 0; i < n; i++)
            g_array_index (places, Place, first + i).width = sizes[i].natural_size;
        }
      else
        {
          extra = gtk_distribute_natural_allocation (MAX (extra, 0), n, sizes);
          for (guint i = 0; i < n; i++)
            {
              Place *p = &g_array_index (places, Place, first + i);

              p->width = sizes[i].minimum_size;
              if (expanding > 0 && gtk_widget_compute_expand (p->child, GTK_ORIENTATION_HORIZONTAL))
                {
                  int share = extra / (int) expanding;

                  p->width += share;
                  extra -= share;
                  expanding--;
                }
            }
        }
      g_free (sizes);
      first = end;
    }
  return g_array_index (places, Place, places->len - 1).row + 1;
}

/* The height of each row of @places (@heights, @n_rows long): its tallest
 * child's, natural or minimum, at the width it gets. */
static void
row_heights (GArray   *places,
             gboolean  natural,
             int      *heights)
{
  for (guint i = 0; i < places->len; i++)
    {
      Place *p = &g_array_index (places, Place, i);
      int min = 0, nat = 0;

      gtk_widget_measure (p->child, GTK_ORIENTATION_VERTICAL, p->width, &min, &nat, NULL, NULL);
      heights[p->row] = MAX (heights[p->row], natural ? nat : min);
    }
}

static void
fifolab_wrap_box_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  FifolabWrapBox *self = FIFOLAB_WRAP_BOX (widget);
  g_autoptr(GArray) places = g_array_new (FALSE, TRUE, sizeof (Place));

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* The widest child at least; naturally all on one row. */
      layout_rows (self, -1, places);
      for (guint i = 0; i < places->len; i++)
        {
          Place *p = &g_array_index (places, Place, i);

          *minimum = MAX (*minimum, p->min);
          *natural += p->nat + (i > 0 ? self->spacing : 0);
        }
    }
  else
    {
      guint n_rows = layout_rows (self, for_size, places);
      g_autofree int *mins = g_new0 (int, MAX (n_rows, 1));
      g_autofree int *nats = g_new0 (int, MAX (n_rows, 1));

      row_heights (places, FALSE, mins);
      row_heights (places, TRUE, nats);
      for (guint r = 0; r < n_rows; r++)
        {
          *minimum += mins[r] + (r > 0 ? self->spacing : 0);
          *natural += nats[r] + (r > 0 ? self->spacing : 0);
        }
    }
}

static void
fifolab_wrap_box_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  FifolabWrapBox *self = FIFOLAB_WRAP_BOX (widget);
  g_autoptr(GArray) places = g_array_new (FALSE, TRUE, sizeof (Place));
  guint n_rows = layout_rows (self, width, places);
  /* Freed by hand: scan-build took a g_autofree array filled in a loop
   * for a leak. */
  int *heights = g_new0 (int, MAX (n_rows, 1));
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GtkAllocation allocation;
  int x = 0, y = 0;
  guint row = 0;

  row_heights (places, TRUE, heights);
  for (guint i = 0; i < places->len; i++)
    {
      Place *p = &g_array_index (places, Place, i);

      if (p->row != row)
        {
          y += heights[row] + self->spacing;
          row = p->row;
          x = 0;
        }
      allocation = (GtkAllocation) { x, y, p->width, heights[row] };
      if (rtl)
        allocation.x = width - x - p->width;
      gtk_widget_size_allocate (p->child, &allocation, -1);
      x += p->width + self->spacing;
    }
  g_free (heights);
}

static GtkSizeRequestMode
fifolab_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
fifolab_wrap_box_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FifolabWrapBox *self = FIFOLAB_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_NATURAL_ROWS:
      g_value_set_boolean (value, self->natural_rows);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_wrap_box_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FifolabWrapBox *self = FIFOLAB_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      fifolab_wrap_box_set_spacing (self, g_value_get_int (value));
      break;
    case PROP_NATURAL_ROWS:
      fifolab_wrap_box_set_natural_rows (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fifolab_wrap_box_parent_class)->dispose (object);
}

static void
fifolab_wrap_box_class_init (FifolabWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_wrap_box_dispose;
  object_class->get_property = fifolab_wrap_box_get_property;
  object_class->set_property = fifolab_wrap_box_set_property;

  widget_class->measure = fifolab_wrap_box_measure;
  widget_class->size_allocate = fifolab_wrap_box_size_allocate;
  widget_class->get_request_mode = fifolab_wrap_box_get_request_mode;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NATURAL_ROWS] =
    g_param_spec_boolean ("natural-rows", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Only layout (see fifolab-lesson-stage.c). */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
  gtk_widget_class_set_css_name (widget_class, "wrapbox");
}

static void
fifolab_wrap_box_init (FifolabWrapBox *self)
{
}

static void
fifolab_wrap_box_add_child (GtkBuildable *buildable,
                            GtkBuilder   *builder,
                            GObject      *child,
                            const char   *type)
{
  g_return_if_fail (GTK_IS_WIDGET (child));

  fifolab_wrap_box_append (FIFOLAB_WRAP_BOX (buildable), GTK_WIDGET (child));
}

static void
fifolab_wrap_box_buildable_init (GtkBuildableIface *iface)
{
  iface->add_child = fifolab_wrap_box_add_child;
}

GtkWidget *
fifolab_wrap_box_new (int spacing)
{
  return g_object_new (FIFOLAB_TYPE_WRAP_BOX, "spacing", spacing, NULL);
}

void
fifolab_wrap_box_append (FifolabWrapBox *self,
                         GtkWidget      *child)
{
  g_return_if_fail (FIFOLAB_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

void
fifolab_wrap_box_remove (FifolabWrapBox *self,
                         GtkWidget      *child)
{
  g_return_if_fail (FIFOLAB_IS_WRAP_BOX (self));
  g_return_if_fail (gtk_widget_get_parent (child) == GTK_WIDGET (self));

  gtk_widget_unparent (child);
}

int
fifolab_wrap_box_get_spacing (FifolabWrapBox *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRAP_BOX (self), 0);

  return self->spacing;
}

void
fifolab_wrap_box_set_spacing (FifolabWrapBox *self,
                              int             spacing)
{
  g_return_if_fail (FIFOLAB_IS_WRAP_BOX (self));
  g_return_if_fail (spacing >= 0);

  if (self->spacing == spacing)
    return;
  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

gboolean
fifolab_wrap_box_get_natural_rows (FifolabWrapBox *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WRAP_BOX (self), FALSE);

  return self->natural_rows;
}

void
fifolab_wrap_box_set_natural_rows (FifolabWrapBox *self,
                                   gboolean        natural_rows)
{
  g_return_if_fail (FIFOLAB_IS_WRAP_BOX (self));

  natural_rows = !!natural_rows;
  if (self->natural_rows == natural_rows)
    return;
  self->natural_rows = natural_rows;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NATURAL_ROWS]);
}
