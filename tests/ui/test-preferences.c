/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Preferences window as shown: its spin buttons (fixed message size, log
 * memory limit, log size limit) stand in one column, as wide as each other,
 * their right edges aligned; the log size limit's was wider (its upper
 * bound has more digits) and stood out to the left. The default folder is
 * named from "~", as everywhere else in the window. */
#include "config.h"

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-preferences-window.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

static gboolean
spins_laid_out (gpointer data)
{
  GPtrArray *spins = data;

  for (guint i = 0; i < spins->len; i++)
    if (gtk_widget_get_width (g_ptr_array_index (spins, i)) == 0)
      return FALSE;
  return TRUE;
}

static void
test_spins_aligned (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  GtkWindow *prefs = g_object_ref (GTK_WINDOW (fifolab_preferences_window_new (app)));
  double first_right = 0;
  int first_width = 0;

  gtk_window_present (prefs);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (prefs), TIMEOUT_MS));
  fifolab_ui_test_find_all (GTK_WIDGET (prefs), GTK_TYPE_SPIN_BUTTON, spins);
  g_assert_cmpuint (spins->len, ==, 3);
  /* Laid out: before its first layout every spin is 0 px wide at 0, and
   * "aligned". */
  g_assert_true (fifolab_test_wait_until (spins_laid_out, spins, TIMEOUT_MS));
  for (guint i = 0; i < spins->len; i++)
    {
      GtkWidget *spin = g_ptr_array_index (spins, i);
      graphene_point_t right;
      g_autofree char *name = fifolab_ui_test_accessible_label (spin);

      g_assert_true (gtk_widget_compute_point (spin, GTK_WIDGET (prefs),
                                               &GRAPHENE_POINT_INIT (gtk_widget_get_width (spin), 0), &right));
      g_test_message ("“%s”: %d px wide, its right edge at %g", name, gtk_widget_get_width (spin), right.x);
      if (i == 0)
        {
          first_width = gtk_widget_get_width (spin);
          first_right = right.x;
          continue;
        }
      g_assert_cmpint (gtk_widget_get_width (spin), ==, first_width);
      g_assert_cmpfloat (right.x, ==, first_right);
    }
  gtk_window_destroy (prefs);
  g_assert_finalize_object (prefs);
}

static AdwActionRow *
find_row (GtkWidget  *root,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  fifolab_ui_test_find_all (root, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* The folder row's subtitle names a folder in the home folder from "~",
 * the chosen one and the private lab folder alike. */
static void
test_folder_home (Fixture       *fixture,
                  gconstpointer  data)
{
  GSettings *settings = fifolab_application_get_settings (app);
  GtkWindow *prefs = g_object_ref (GTK_WINDOW (fifolab_preferences_window_new (app)));
  g_autofree char *chosen = g_build_filename (g_get_home_dir (), "my lab", NULL);
  g_autofree char *lab = g_build_filename (g_get_user_data_dir (), "fifolab", "lab", NULL);
  AdwActionRow *row;

  row = find_row (GTK_WIDGET (prefs), "Default Folder");
  g_assert_nonnull (row);

  g_settings_set_string (settings, "folder", chosen);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "~/my lab");

  g_settings_reset (settings, "folder");
  if (g_str_has_prefix (lab, g_get_home_dir ()))
    {
      g_autofree char *expected = g_strdup_printf ("The private lab folder, ~%s",
                                                   lab + strlen (g_get_home_dir ()));

      g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, expected);
    }
  else
    g_test_message ("the data folder %s is outside the home folder: its subtitle not checked", lab);

  gtk_window_destroy (prefs);
  g_assert_finalize_object (prefs);
}

/* A folder chosen is kept in a setting, whose text must be UTF-8: one whose
 * name is not is refused in words (GSettings would refuse it with a
 * critical warning and keep nothing, silently), and the setting keeps the
 * folder before. */
static void
test_folder_not_text (Fixture       *fixture,
                      gconstpointer  data)
{
  GSettings *settings = fifolab_application_get_settings (app);
  g_autofree char *odd_path = g_build_filename (g_get_home_dir (), "lab\xff" "odd", NULL);
  g_autofree char *good_path = g_build_filename (g_get_home_dir (), "good lab", NULL);
  g_autoptr(GFile) odd = g_file_new_for_path (odd_path);
  g_autoptr(GFile) good = g_file_new_for_path (good_path);
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (fifolab_application_remember_folder (settings, good, &error));
  g_assert_no_error (error);
  g_assert_false (fifolab_application_remember_folder (settings, odd, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "~/lab\\xffodd"));
  kept = g_settings_get_string (settings, "folder");
  g_assert_cmpstr (kept, ==, good_path);
  g_settings_reset (settings, "folder");
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/preferences/spins-aligned", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_spins_aligned, fifolab_ui_window_fixture_teardown);

  g_test_add ("/preferences/folder-home", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_folder_home, fifolab_ui_window_fixture_teardown);

  g_test_add ("/preferences/folder-not-text", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_folder_not_text, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
