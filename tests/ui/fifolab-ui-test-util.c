/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "fifolab-ui-test-util.h"

gboolean
fifolab_ui_test_init (int    *argc,
                      char ***argv,
                      char  **data_home)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fifolab-ui-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  /* Before anything caches it: the lab folder and settings stay private. */
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  *data_home = dir;

  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      g_print ("Bail out! No display: the UI tests run under xvfb-run "
               "(see build-aux/test.sh), or configure with -Dui_tests=false\n");
      return FALSE;
    }

  return TRUE;
}

static gboolean
frame_drawn_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  gboolean *drawn = user_data;

  *drawn = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
fifolab_ui_test_wait_mapped (GtkWidget *widget,
                             guint      timeout_ms)
{
  gboolean drawn = FALSE;
  gint64 deadline = g_get_monotonic_time () + timeout_ms * (gint64) 1000;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    fifolab_test_run_for (10);
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  /* One frame after mapping: the window has been laid out and drawn. */
  gtk_widget_add_tick_callback (widget, frame_drawn_cb, &drawn, NULL);
  while (!drawn && g_get_monotonic_time () < deadline)
    fifolab_test_run_for (10);

  return drawn;
}

GtkWindow *
fifolab_ui_test_activate (GApplication *app,
                          guint         timeout_ms)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);
  g_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (window), timeout_ms));

  return window;
}

void
fifolab_ui_test_release (GApplication *app,
                         GtkWindow    *window)
{
  gtk_window_destroy (window);
  fifolab_test_run_for (50);
  g_object_unref (app);
}

GtkWindow *
fifolab_ui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

gboolean
fifolab_ui_test_model_has_path (GListModel *model,
                                const char *path)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autofree char *item_path = NULL;

      g_object_get (item, "path", &item_path, NULL);
      if (g_strcmp0 (item_path, path) == 0)
        return TRUE;
    }

  return FALSE;
}

GtkWidget *
fifolab_ui_test_find_descendant (GtkWidget *root,
                                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = fifolab_ui_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWindow *
fifolab_ui_test_present (GtkWidget *child,
                         int        width,
                         int        height,
                         guint      timeout_ms)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  g_assert_true (fifolab_ui_test_wait_mapped (child, timeout_ms));
  return window;
}

GtkWidget *
fifolab_ui_test_find_widget (GtkWidget      *root,
                             gboolean      (*match) (GtkWidget     *widget,
                                                     gconstpointer  data),
                             gconstpointer   data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = fifolab_ui_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}
