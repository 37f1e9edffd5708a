/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-form-grid.h"

/* Beside: between the labels' column and the controls', and between rows (as
 * the GtkGrid this replaced). Above: between a label and its control, and
 * between one field and the next. */
#define COLUMN_SPACING 12
#define ROW_SPACING    6
#define LABEL_SPACING  6
#define FIELD_SPACING  12

struct _FifolabFormGrid
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (FifolabFormGrid, fifolab_form_grid, GTK_TYPE_WIDGET)

/* The widths the fields ask for: the widest label's and control's, each
 * unwrapped (natural) and at their least (minimum: a wrapping label's
 * longest word). */
typedef struct
{
  int label_min;
  int label_nat;
  int control_min;
  int control_nat;
} Widths;

/* The field after @label's: its label, NULL after the last. */
static GtkWidget *
next_field (GtkWidget *label)
{
  GtkWidget *control = gtk_widget_get_next_sibling (label);

  return control != NULL ? gtk_widget_get_next_sibling (control) : NULL;
}

static gboolean
lays_out (GtkWidget *widget)
{
  return widget != NULL && gtk_widget_should_layout (widget);
}

static Widths
measure_widths (FifolabFormGrid *self)
{
  Widths widths = { 0, 0, 0, 0 };

  for (GtkWidget *label = gtk_widget_get_first_child (GTK_WIDGET (self)); label != NULL; label = next_field (label))
    {
      GtkWidget *control = gtk_widget_get_next_sibling (label);
      int min, nat;

      if (!lays_out (control))
        continue;
      gtk_widget_measure (control, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      widths.control_min = MAX (widths.control_min, min);
      widths.control_nat = MAX (widths.control_nat, nat);
      if (!lays_out (label))
        continue;
      gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      widths.label_min = MAX (widths.label_min, min);
      widths.label_nat = MAX (widths.label_nat, nat);
    }
  return widths;
}

/* The labels' column at @width, or 0 when each label stands above its
 * control: beside, every control has its natural width and every label at
 * least its longest word. */
static int
label_column (const Widths *widths,
              int           width)
{
  int left = width - COLUMN_SPACING - widths->control_nat;

  if (widths->label_nat == 0 || left < MAX (widths->label_min, 1))
    return 0;
  return MIN (left, widths->label_nat);
}

static int
height_for (GtkWidget *widget,
            int        width)
{
  int height;

  if (!lays_out (widget))
    return 0;
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  return height;
}

/* @widget at @x from the start of the line (the right in a right-to-left
 * language) of @self, @self_width wide. */
static void
place (FifolabFormGrid *self,
       int              self_width,
       GtkWidget       *widget,
       int              x,
       int              y,
       int              width,
       int              height)
{
  if (!lays_out (widget))
    return;
  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    x = self_width - x - width;
  gtk_widget_size_allocate (widget, &(GtkAllocation) { x, y, width, height }, -1);
}

/* Lays the fields out at @width (allocates them if @allocate) and returns
 * the height they take. */
static int
lay_out (FifolabFormGrid *self,
         const Widths    *widths,
         int              width,
         gboolean         allocate)
{
  int label_width = label_column (widths, width);
  int control_x = label_width > 0 ? label_width + COLUMN_SPACING : 0;
  int control_width = MAX (width - control_x, 0);
  int y = 0;
  gboolean first = TRUE;

  for (GtkWidget *label = gtk_widget_get_first_child (GTK_WIDGET (self)); label != NULL; label = next_field (label))
    {
      GtkWidget *control = gtk_widget_get_next_sibling (label);
      int label_height, control_height;

      if (!lays_out (control))
        continue;
      if (!first)
        y += label_width > 0 ? ROW_SPACING : FIELD_SPACING;
      first = FALSE;
      control_height = height_for (control, control_width);
      if (label_width > 0)
        {
          int row_height;

          label_height = height_for (label, label_width);
          row_height = MAX (label_height, control_height);
          if (allocate)
            {
              place (self, width, label, 0, y, label_width, row_height);
              place (self, width, control, control_x, y + (row_height - control_height) / 2,
                     control_width, control_height);
            }
          y += row_height;
        }
      else
        {
          label_height = height_for (label, width);
          if (allocate)
            place (self, width, label, 0, y, width, label_height);
          if (label_height > 0)
            y += label_height + LABEL_SPACING;
          if (allocate)
            place (self, width, control, 0, y, width, control_height);
          y += control_height;
        }
    }
  return y;
}

static void
fifolab_form_grid_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  FifolabFormGrid *self = FIFOLAB_FORM_GRID (widget);
  Widths widths = measure_widths (self);
  int least = MAX (widths.label_min, widths.control_min);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = least;
      *natural = MAX (least, widths.label_nat + COLUMN_SPACING + widths.control_nat);
    }
  else if (for_size >= 0)
    *minimum = *natural = lay_out (self, &widths, MAX (for_size, least), FALSE);
  else
    {
      /* For no width in particular: the height at the least width, and at
       * the width asked for. */
      *minimum = lay_out (self, &widths, least, FALSE);
      *natural = lay_out (self, &widths, widths.label_nat + COLUMN_SPACING + widths.control_nat, FALSE);
      *natural = MAX (*natural, *minimum);
    }
}

static void
fifolab_form_grid_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  FifolabFormGrid *self = FIFOLAB_FORM_GRID (widget);
  Widths widths = measure_widths (self);

  lay_out (self, &widths, width, TRUE);
}

static GtkSizeRequestMode
fifolab_form_grid_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Expands as its fields do (the template's entry asks for the width). */
static void
fifolab_form_grid_compute_expand (GtkWidget *widget,
                                  gboolean  *hexpand,
                                  gboolean  *vexpand)
{
  *hexpand = *vexpand = FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      *hexpand = *hexpand || gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL);
      *vexpand = *vexpand || gtk_widget_compute_expand (child, GTK_ORIENTATION_VERTICAL);
    }
}

static void
fifolab_form_grid_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fifolab_form_grid_parent_class)->dispose (object);
}

static void
fifolab_form_grid_class_init (FifolabFormGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fifolab_form_grid_dispose;

  widget_class->measure = fifolab_form_grid_measure;
  widget_class->size_allocate = fifolab_form_grid_size_allocate;
  widget_class->get_request_mode = fifolab_form_grid_get_request_mode;
  widget_class->compute_expand = fifolab_form_grid_compute_expand;

  /* A layout part: a screen reader goes straight to the fields. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
fifolab_form_grid_init (FifolabFormGrid *self)
{
}

GtkWidget *
fifolab_form_grid_new (void)
{
  return g_object_new (FIFOLAB_TYPE_FORM_GRID, NULL);
}
