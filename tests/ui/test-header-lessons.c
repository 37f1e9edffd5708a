/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The header bar's Lessons control at every width from 800 px up, in any
 * language (issue 13: "every function reachable at 800 px wide"; English,
 * Chinese and a +30 % pseudo-translation). The header gives way as the
 * window narrows (fifolab-window.ui: Export's button goes, then Lessons'
 * label): a pointer user still sees a Lessons control, drawn, with a width,
 * whole inside the window and named "Lessons". */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

/* Its name for a screen reader: its own, or its label's. */
static char *
dup_button_name (GtkWidget *button)
{
  char *name = fifolab_ui_test_accessible_label (button);

  if (name == NULL && gtk_button_get_label (GTK_BUTTON (button)) != NULL)
    name = g_strdup (gtk_button_get_label (GTK_BUTTON (button)));
  return name;
}

static void
check_lessons_shown (int width,
                     int height)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *header;
  GtkWidget *shown = NULL;
  graphene_rect_t bounds;
  g_autofree char *name = NULL;

  fifolab_ui_window_test_resize (width, height);
  header = fifolab_ui_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  g_assert_nonnull (header);

  fifolab_ui_test_find_all (header, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = buttons->pdata[i];

      if (fifolab_ui_test_is_button_of (button, "win.show-lessons") && gtk_widget_is_drawable (button))
        {
          g_assert_null (shown);
          shown = button;
        }
    }

  g_test_message ("%d x %d, %s: %s", width, height,
                  fifolab_ui_test_language () ? fifolab_ui_test_language () : "en",
                  shown == NULL ? "no Lessons control in the header"
                                : gtk_button_get_label (GTK_BUTTON (shown)) != NULL ? "Lessons' label"
                                                                                    : "Lessons' icon");
  g_assert_nonnull (shown);

  g_assert_true (gtk_widget_compute_bounds (shown, GTK_WIDGET (window), &bounds));
  g_test_message ("at x %g, %g px wide, in %d px", bounds.origin.x, bounds.size.width,
                  gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpfloat (bounds.size.width, >, 0);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
  name = dup_button_name (shown);
  g_assert_cmpstr (name, ==, _("Lessons"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (shown));

  fifolab_ui_window_test_resize (1180, 720);
}

static void
test_800 (Fixture       *fixture,
          gconstpointer  data)
{
  check_lessons_shown (800, 600);
}

static void
test_1024 (Fixture       *fixture,
           gconstpointer  data)
{
  check_lessons_shown (1024, 768);
}

static void
test_1280 (Fixture       *fixture,
           gconstpointer  data)
{
  check_lessons_shown (1280, 800);
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/header-lessons/800", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_800, fifolab_ui_window_fixture_teardown);
  g_test_add ("/header-lessons/1024", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_1024, fifolab_ui_window_fixture_teardown);
  g_test_add ("/header-lessons/1280", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_1280, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
