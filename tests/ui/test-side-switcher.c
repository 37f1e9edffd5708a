/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The side pane's switcher (Details / Processes / Lessons) in any language
 * (issue 13: English, Chinese and a +30 % pseudo-translation). Its titles
 * are wider in some languages than in others: where its buttons do not fit
 * the pane, the drop-down stands in their place. The pane is as wide in
 * every language, beside the log (1024 px) and folded over it (799 px of
 * window, a pixel narrower than where it stands beside the log): the titles
 * never widen it, and what stands for them is whole inside it. */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-overflow-bin.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

static AdwFlap *
get_side_flap (void)
{
  return ADW_FLAP (gtk_widget_get_ancestor (_fifolab_window_get_details (window), ADW_TYPE_FLAP));
}

static gboolean
side_pane_shown_cb (gpointer data)
{
  GtkWidget *pane = adw_flap_get_flap (get_side_flap ());

  return adw_flap_get_reveal_flap (get_side_flap ()) && gtk_widget_get_mapped (pane) &&
         adw_flap_get_reveal_progress (get_side_flap ()) >= 1.0;
}

/* Whether @widget lies whole inside @pane. */
static gboolean
is_inside (GtkWidget *widget,
           GtkWidget *pane)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, pane, &bounds));
  g_test_message ("%s at x %g, %g px wide, in %d px", G_OBJECT_TYPE_NAME (widget),
                  bounds.origin.x, bounds.size.width, gtk_widget_get_width (pane));
  return bounds.origin.x >= 0 && bounds.origin.x + bounds.size.width <= gtk_widget_get_width (pane);
}

static void
check_side_pane (int width,
                 int height)
{
  GtkWidget *pane;
  GtkWidget *switcher;
  GtkWidget *squeezer;
  GtkWidget *shown;
  int minimum = 0;
  int pane_width = 0;

  fifolab_ui_window_test_resize (width, height);
  g_object_set (window, "show-details", TRUE, NULL);
  g_assert_true (fifolab_test_wait_until (side_pane_shown_cb, NULL, TIMEOUT_MS));
  fifolab_test_run_for (100);

  pane = adw_flap_get_flap (get_side_flap ());
  switcher = fifolab_ui_test_find_descendant (pane, GTK_TYPE_STACK_SWITCHER);
  g_assert_nonnull (switcher);
  squeezer = gtk_widget_get_ancestor (switcher, ADW_TYPE_SQUEEZER);
  g_assert_nonnull (squeezer);
  shown = adw_squeezer_get_visible_child (ADW_SQUEEZER (squeezer));
  g_assert_nonnull (shown);

  g_test_message ("%d x %d, %s: side pane %d px, %s shown, %s", width, height,
                  fifolab_ui_test_language () ? fifolab_ui_test_language () : "en",
                  gtk_widget_get_width (pane), G_OBJECT_TYPE_NAME (shown),
                  adw_flap_get_folded (get_side_flap ()) ? "folded" : "side by side");

  /* As wide as in any other language: as wide as the pane's box asks for
   * (fifolab-window.ui). */
  gtk_widget_get_size_request (fifolab_overflow_bin_get_child (FIFOLAB_OVERFLOW_BIN (pane)),
                               &pane_width, NULL);
  g_assert_cmpint (pane_width, >, 0);
  g_assert_cmpint (gtk_widget_get_width (pane), ==, pane_width);
  /* Whole: as wide as it asks to be, and inside the pane. */
  gtk_widget_measure (shown, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (shown), >=, minimum);
  g_assert_true (is_inside (shown, pane));
}

static void
test_side_by_side (Fixture       *fixture,
                   gconstpointer  data)
{
  check_side_pane (1024, 768);
  g_assert_false (adw_flap_get_folded (get_side_flap ()));
}

static void
test_folded (Fixture       *fixture,
             gconstpointer  data)
{
  check_side_pane (799, 600);
  g_assert_true (adw_flap_get_folded (get_side_flap ()));
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/side-switcher/side-by-side", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_side_by_side, fifolab_ui_window_fixture_teardown);
  g_test_add ("/side-switcher/folded", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_folded, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
