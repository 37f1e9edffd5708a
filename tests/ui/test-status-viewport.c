/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The status pages' viewport (issue 13, the first frame): a column of
 * wrapping labels in a GtkScrolledWindow is placed exactly where a
 * GtkViewport with a vertically centred child places it, at every size,
 * without being asked its width for a height while it fits (GTK 4.8's
 * GtkViewport asks at every allocation, and each answer is a binary search
 * laying every label out anew). */
#include "config.h"

#include <gtk/gtk.h>

#include "fifolab-status-viewport.h"

/* A column of wrapping labels, as in a status page, that counts the
 * questions "how wide for this height?" it is asked. */
#define TEST_TYPE_COLUMN (test_column_get_type ())
G_DECLARE_FINAL_TYPE (TestColumn, test_column, TEST, COLUMN, GtkWidget)

struct _TestColumn
{
  GtkWidget  parent_instance;
  GtkWidget *box;
  GtkWidget *title;
  GtkWidget *description;
  guint      width_for_height;
};

G_DEFINE_FINAL_TYPE (TestColumn, test_column, GTK_TYPE_WIDGET)

static GtkSizeRequestMode
test_column_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
test_column_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  TestColumn *self = TEST_COLUMN (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL && for_size >= 0)
    self->width_for_height++;
  gtk_widget_measure (self->box, orientation, for_size, minimum, natural, NULL, NULL);
}

static void
test_column_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  gtk_widget_size_allocate (TEST_COLUMN (widget)->box,
                            &(GtkAllocation) { 0, 0, width, height }, -1);
}

static void
test_column_dispose (GObject *object)
{
  g_clear_pointer (&TEST_COLUMN (object)->box, gtk_widget_unparent);
  G_OBJECT_CLASS (test_column_parent_class)->dispose (object);
}

static void
test_column_class_init (TestColumnClass *klass)
{
  GTK_WIDGET_CLASS (klass)->get_request_mode = test_column_get_request_mode;
  GTK_WIDGET_CLASS (klass)->measure = test_column_measure;
  GTK_WIDGET_CLASS (klass)->size_allocate = test_column_size_allocate;
  G_OBJECT_CLASS (klass)->dispose = test_column_dispose;
}

static GtkWidget *
wrapping_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  return label;
}

static void
test_column_init (TestColumn *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (self->box, 24);
  gtk_widget_set_margin_bottom (self->box, 24);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  self->title = wrapping_label ("No Pipes Here");
  self->description = wrapping_label ("This folder has no named pipes yet. Create one, "
                                      "or drop a pipe here from the file manager.");
  gtk_box_append (GTK_BOX (self->box), self->title);
  gtk_box_append (GTK_BOX (self->box), self->description);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

typedef struct {
  GtkWidget  *window;
  GtkWidget  *scroller;
  TestColumn *column;
} Page;

/* A status page's scroller: a GtkViewport (made by the scrolled window)
 * with the column centred in it, as in AdwStatusPage, or a
 * FifolabStatusViewport with the column filling it. */
static void
page_init (Page     *page,
           gboolean  status_viewport)
{
  page->window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (page->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (page->window), 400, 600);
  page->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (page->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (page->scroller), TRUE);
  page->column = g_object_new (TEST_TYPE_COLUMN, NULL);
  if (status_viewport)
    {
      GtkWidget *viewport = fifolab_status_viewport_new ();

      fifolab_status_viewport_set_child (FIFOLAB_STATUS_VIEWPORT (viewport), GTK_WIDGET (page->column));
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (page->scroller), viewport);
    }
  else
    {
      gtk_widget_set_valign (GTK_WIDGET (page->column), GTK_ALIGN_CENTER);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (page->scroller), GTK_WIDGET (page->column));
    }
  gtk_window_set_child (GTK_WINDOW (page->window), page->scroller);
  gtk_window_present (GTK_WINDOW (page->window));
  while (!gtk_widget_get_mapped (page->column->description))
    g_main_context_iteration (NULL, TRUE);
}

/* Lays the scroller out at @width x @height, as its parent would. */
static void
page_allocate (Page *page,
               int   width,
               int   height)
{
  int min = 0;

  gtk_widget_measure (page->scroller, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_assert_cmpint (width, >=, min);
  gtk_widget_measure (page->scroller, GTK_ORIENTATION_VERTICAL, width, &min, NULL, NULL, NULL);
  gtk_widget_size_allocate (page->scroller, &(GtkAllocation) { 0, 0, width, MAX (height, min) }, -1);
}

static void
page_bounds (Page            *page,
             GtkWidget       *widget,
             graphene_rect_t *bounds)
{
  g_assert_true (gtk_widget_compute_bounds (widget, page->scroller, bounds));
}

static void
page_clear (Page *page)
{
  gtk_window_destroy (GTK_WINDOW (page->window));
}

/* Wide and tall enough, narrow, and too short for the text (it scrolls):
 * the labels are where GtkViewport puts them, and the scroll range too. */
static void
test_same_place (void)
{
  const int sizes[][2] = { { 400, 600 }, { 220, 663 }, { 300, 617 }, { 160, 500 },
                           { 400, 120 }, { 220, 90 }, { 1000, 300 } };
  Page gtk_page, page;

  page_init (&gtk_page, FALSE);
  page_init (&page, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      GtkWidget *labels[][2] = { { gtk_page.column->title, page.column->title },
                                 { gtk_page.column->description, page.column->description } };
      GtkAdjustment *gtk_vadjustment, *vadjustment;

      page_allocate (&gtk_page, sizes[i][0], sizes[i][1]);
      page_allocate (&page, sizes[i][0], sizes[i][1]);
      for (guint l = 0; l < G_N_ELEMENTS (labels); l++)
        {
          graphene_rect_t expected, bounds;

          page_bounds (&gtk_page, labels[l][0], &expected);
          page_bounds (&page, labels[l][1], &bounds);
          g_test_message ("%d x %d, label %u: GtkViewport %g,%g %gx%g; status viewport %g,%g %gx%g",
                          sizes[i][0], sizes[i][1], l,
                          expected.origin.x, expected.origin.y, expected.size.width, expected.size.height,
                          bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
          g_assert_true (graphene_rect_equal (&expected, &bounds));
        }
      gtk_vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_page.scroller));
      vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page.scroller));
      g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_vadjustment), ==, gtk_adjustment_get_upper (vadjustment));
      g_assert_cmpfloat (gtk_adjustment_get_page_size (gtk_vadjustment), ==, gtk_adjustment_get_page_size (vadjustment));
    }
  page_clear (&gtk_page);
  page_clear (&page);
}

/* While the text fits the view, laying the page out at a new size never
 * asks the column how wide it must be for a height. */
static void
test_no_width_for_height (void)
{
  const int sizes[][2] = { { 400, 600 }, { 220, 663 }, { 300, 617 }, { 1000, 300 }, { 500, 700 } };
  Page page;

  page_init (&page, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      page.column->width_for_height = 0;
      page_allocate (&page, sizes[i][0], sizes[i][1]);
      g_test_message ("%d x %d: asked its width for a height %u times",
                      sizes[i][0], sizes[i][1], page.column->width_for_height);
      g_assert_cmpuint (page.column->width_for_height, ==, 0);
    }
  page_clear (&page);
}


/* Keyboard focus moving to a button below the view (Tab to "Create a Pipe"
 * on a short status page) scrolls it into view, as a GtkViewport with
 * scroll-to-focus does. */
static void
test_scroll_to_focus (void)
{
  const int width = 300, height = 100;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *viewport = fifolab_status_viewport_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *button = gtk_button_new_with_label ("Create a Pipe");
  GtkAdjustment *vadjustment;
  graphene_rect_t bounds;
  gint64 deadline;

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_box_append (GTK_BOX (box), wrapping_label ("No Pipes Here"));
  gtk_box_append (GTK_BOX (box), wrapping_label ("This folder has no named pipes yet. Create one, "
                                                 "or drop a pipe here from the file manager."));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), button);
  fifolab_status_viewport_set_child (FIFOLAB_STATUS_VIEWPORT (viewport), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), viewport);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (button) || gtk_widget_get_height (scroller) == 0)
    g_main_context_iteration (NULL, TRUE);
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_assert_cmpint (gtk_widget_get_height (scroller), ==, height);
  g_assert_true (gtk_widget_compute_bounds (button, scroller, &bounds));
  g_test_message ("before: button at %g..%g of %d, scrolled by %g", bounds.origin.y,
                  bounds.origin.y + bounds.size.height, height, gtk_adjustment_get_value (vadjustment));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, >, height);

  /* Tab: the labels take no focus, the button does. */
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == button);
  /* Laid out again. */
  deadline = g_get_monotonic_time () + 500 * 1000;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_compute_bounds (button, scroller, &bounds));
  g_test_message ("after Tab: button at %g..%g of %d, scrolled by %g", bounds.origin.y,
                  bounds.origin.y + bounds.size.height, height, gtk_adjustment_get_value (vadjustment));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, height);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/status-viewport/same-place", test_same_place);
  g_test_add_func ("/status-viewport/no-width-for-height", test_no_width_for_height);
  g_test_add_func ("/status-viewport/scroll-to-focus", test_scroll_to_focus);
  return g_test_run ();
}
