/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Preferences window as shown: its spin buttons (fixed message size, log
 * memory limit, log size limit) stand in one column, as wide as each other,
 * their right edges aligned; the log size limit's was wider (its upper
 * bound has more digits) and stood out to the left. The default folder is
 * named from "~", as everywhere else in the window. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

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

  row = find_row (GTK_WIDGET (prefs), _("Default Folder"));
  g_assert_nonnull (row);

  g_settings_set_string (settings, "folder", chosen);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "~/my lab");

  g_settings_reset (settings, "folder");
  if (g_str_has_prefix (lab, g_get_home_dir ()))
    {
      g_autofree char *shown = g_strconcat ("~", lab + strlen (g_get_home_dir ()), NULL);
      g_autofree char *expected = g_strdup_printf (_("The private lab folder, %s"), shown);

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

/* The value a combo row shows: its subtitle where the row shows it there,
 * else the label in its row (not in its popover). */
static GtkWidget *
shown_value (GtkWidget *row)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();

  if (adw_combo_row_get_use_subtitle (ADW_COMBO_ROW (row)))
    {
      fifolab_ui_test_find_all (row, GTK_TYPE_LABEL, lists);
      for (guint i = 0; i < lists->len; i++)
        if (gtk_widget_has_css_class (g_ptr_array_index (lists, i), "subtitle"))
          return g_ptr_array_index (lists, i);
      return NULL;
    }
  fifolab_ui_test_find_all (row, GTK_TYPE_LIST_VIEW, lists);
  for (guint i = 0; i < lists->len; i++)
    {
      GtkWidget *list = g_ptr_array_index (lists, i);

      if (gtk_widget_get_ancestor (list, GTK_TYPE_POPOVER) == NULL)
        return fifolab_ui_test_find_descendant (list, GTK_TYPE_LABEL);
    }
  return NULL;
}

/* Whether each line of @label after the first begins after a space or a
 * hyphen (or after a character outside ASCII, where Chinese may break): no
 * word is cut in two. */
static gboolean
words_whole (GtkWidget *label)
{
  PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (label));
  const char *text = pango_layout_get_text (layout);
  GSList *lines = pango_layout_get_lines_readonly (layout);

  for (GSList *l = lines != NULL ? lines->next : NULL; l != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      gunichar before = g_utf8_get_char (g_utf8_prev_char (text + line->start_index));

      if (before < 0x80 && before != ' ' && before != '-' && before != '\n')
        {
          g_test_message ("“%s” is cut inside a word, before “%s”", text, text + line->start_index);
          return FALSE;
        }
    }
  return TRUE;
}

/* The row's title and subtitle: their words whole. (libadwaita breaks a
 * title too narrow for a word inside it rather than cut it.) */
static void
check_title_whole (GtkWidget *row)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  fifolab_ui_test_find_all (row, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if ((gtk_widget_has_css_class (label, "title") || gtk_widget_has_css_class (label, "subtitle")) &&
          gtk_widget_get_mapped (label))
        g_assert_true (words_whole (label));
    }
}

typedef struct
{
  GtkWidget  *row;
  const char *text;
} ValueQuery;

/* Whether the row shows @text, laid out. */
static gboolean
value_shown_cb (gpointer data)
{
  ValueQuery *query = data;
  GtkWidget *label = shown_value (query->row);

  return label != NULL && gtk_widget_get_width (label) > 0 &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), query->text) == 0;
}

/* Each choice of the combo row @row, chosen, reads whole in the row: not
 * ellipsized, all of its text inside the label, the label inside the row;
 * on one line beside the row's title, its words whole under it; and the
 * row's title and subtitle beside it have their words whole too.
 * The row's choice is put back. */
static void
check_choices_whole (GtkWidget *row)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  guint was = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      ValueQuery query = { row, gtk_string_list_get_string (GTK_STRING_LIST (model), i) };
      GtkWidget *label;
      PangoLayout *layout;
      graphene_rect_t bounds;
      int text_width;

      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
      g_assert_true (fifolab_test_wait_until (value_shown_cb, &query, TIMEOUT_MS));
      fifolab_ui_test_wait_frames (row, 1, TIMEOUT_MS);
      label = shown_value (row);
      layout = gtk_label_get_layout (GTK_LABEL (label));
      pango_layout_get_pixel_size (layout, &text_width, NULL);
      g_assert_true (gtk_widget_compute_bounds (label, row, &bounds));
      g_test_message ("“%s”: “%s”, %d px of text in %d px, %d line(s), at %.0f of a %d px row",
                      adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), query.text, text_width,
                      gtk_widget_get_width (label), pango_layout_get_line_count (layout),
                      bounds.origin.x, gtk_widget_get_width (row));
      g_assert_false (pango_layout_is_ellipsized (layout));
      /* Beside the title, on one line; under it, its words whole. */
      if (adw_combo_row_get_use_subtitle (ADW_COMBO_ROW (row)))
        g_assert_true (words_whole (label));
      else
        g_assert_cmpint (pango_layout_get_line_count (layout), ==, 1);
      g_assert_cmpint (text_width, <=, gtk_widget_get_width (label));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (row));
      check_title_whole (row);
    }
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), was);
}

/* The drop-down rows' choices read whole where they are shown: the
 * Preferences window's Default Framing and Style, at its own size, and a
 * pipe's Framing in the side pane's details, at the sizes people use.
 * libadwaita cut "Raw reads" short ("Raw rea…") in a language 30 % longer
 * than English, and "Fixed size" in the side pane in English. */
static void
test_choices_whole (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkWindow *prefs = g_object_ref (GTK_WINDOW (fifolab_preferences_window_new (app)));
  const int sizes[][2] = { { 1280, 800 }, { 1024, 768 } };
  int default_width, default_height;

  gtk_window_present (prefs);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (prefs), TIMEOUT_MS));
  fifolab_ui_test_find_all (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    check_choices_whole (g_ptr_array_index (rows, i));
  gtk_window_destroy (prefs);
  g_assert_finalize_object (prefs);

  path = fifolab_ui_window_test_make_fifo (fixture, "my_pipe");
  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.side-page-details", NULL));
  g_ptr_array_set_size (rows, 0);
  fifolab_ui_test_find_all (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_mapped, g_ptr_array_index (rows, 0), TIMEOUT_MS));
  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      fifolab_ui_window_test_resize (sizes[i][0], sizes[i][1]);
      check_choices_whole (g_ptr_array_index (rows, 0));
    }
  fifolab_ui_window_test_resize (default_width, default_height);
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

  g_test_add ("/preferences/choices-whole", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_choices_whole, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
