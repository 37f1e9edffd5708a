/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FIFO Lab started with LANGUAGE=zh_CN, with the catalogs built in the build
 * dir: the window's buttons, column titles and labels are Chinese, and no
 * visible text is an English string that the catalog translates (a widget that
 * missed gettext, or a .ui string without translatable="yes" cannot be caught
 * that way, but a string left untranslated at run time is). */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;
static char *folder;

static gboolean
has_cjk (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x4E00 && c <= 0x9FFF)
        return TRUE;
    }
  return FALSE;
}

/* A text the catalog has a translation for, shown as is: gettext was missed. */
static gboolean
is_untranslated (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  return g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, text), text) != 0;
}

typedef struct
{
  GPtrArray *untranslated;
  guint      n_texts;
  guint      n_chinese;
} Walk;

static void
check_text (Walk       *walk,
            GtkWidget  *widget,
            const char *what,
            const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  walk->n_texts++;
  if (has_cjk (text))
    walk->n_chinese++;
  if (is_untranslated (text))
    g_ptr_array_add (walk->untranslated,
                     g_strdup_printf ("%s %s: “%s”", G_OBJECT_TYPE_NAME (widget), what, text));
}

static void
walk_widgets (GtkWidget *widget,
              Walk      *walk)
{
  if (GTK_IS_LABEL (widget))
    check_text (walk, widget, "label", gtk_label_get_label (GTK_LABEL (widget)));
  if (GTK_IS_BUTTON (widget))
    check_text (walk, widget, "label", gtk_button_get_label (GTK_BUTTON (widget)));
  if (ADW_IS_BUTTON_CONTENT (widget))
    check_text (walk, widget, "label", adw_button_content_get_label (ADW_BUTTON_CONTENT (widget)));
  if (ADW_IS_WINDOW_TITLE (widget))
    check_text (walk, widget, "title", adw_window_title_get_title (ADW_WINDOW_TITLE (widget)));
  if (ADW_IS_STATUS_PAGE (widget))
    {
      check_text (walk, widget, "title", adw_status_page_get_title (ADW_STATUS_PAGE (widget)));
      check_text (walk, widget, "description", adw_status_page_get_description (ADW_STATUS_PAGE (widget)));
    }
  if (ADW_IS_PREFERENCES_ROW (widget))
    check_text (walk, widget, "title", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  if (GTK_IS_ENTRY (widget))
    check_text (walk, widget, "placeholder", gtk_entry_get_placeholder_text (GTK_ENTRY (widget)));
  if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_autofree char *placeholder = NULL;

      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      check_text (walk, widget, "placeholder", placeholder);
    }
  if (GTK_IS_COLUMN_VIEW (widget))
    {
      GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (widget));

      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

          check_text (walk, widget, "column", gtk_column_view_column_get_title (column));
        }
    }
  check_text (walk, widget, "tooltip", gtk_widget_get_tooltip_text (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_widgets (child, walk);
}

/* The AdwButtonContent whose label is @label, or NULL. */
static GtkWidget *
find_button_content (GtkWidget  *widget,
                     const char *label)
{
  if (ADW_IS_BUTTON_CONTENT (widget) &&
      g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_content (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_catalog (void)
{
  /* The precondition of every other test: the build dir's catalog is found. */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_New Pipe…"), ==, "新建管道(_N)…");
  g_assert_cmpstr (_("Message log"), ==, "消息日志");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", 5), ==, "%u 字节");
  /* The core's static tables (N_()) come out translated at use. */
  g_assert_cmpstr (fifolab_event_kind_get_title (FIFOLAB_EVENT_NO_READER), ==, "没有读进程");
  g_assert_true (has_cjk (fifolab_event_kind_get_explanation (FIFOLAB_EVENT_NO_READER)));
  g_assert_nonnull (strstr (fifolab_event_kind_get_explanation (FIFOLAB_EVENT_NO_READER), "EPIPE"));
}

static void
test_window_title (void)
{
  AdwWindowTitle *title = ADW_WINDOW_TITLE (fifolab_ui_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "FIFO 实验室");
  g_assert_nonnull (title);
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "FIFO 实验室");
}

static void
test_new_pipe_button (void)
{
  GtkWidget *content = find_button_content (GTK_WIDGET (window), "新建管道(_N)…");
  GtkWidget *button;

  g_assert_nonnull (content);
  g_assert_null (find_button_content (GTK_WIDGET (window), "_New Pipe…"));
  button = gtk_widget_get_ancestor (content, GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "创建命名管道（Ctrl+N）");
}

static void
test_log_columns (void)
{
  /* Issue 13: the writer's claimed pid beside the message; Direction,
   * Receiver and Size hidden by default (still there, for the menu).
   * Issue 15: the pid a watch saw, hidden by default too. */
  static const char * const expected[] = {
    "时间", "方向", "管道", "声称的 PID", "观察到的 PID", "消息", "接收方", "大小",
  };
  GtkWidget *view = fifolab_ui_test_find_descendant (_fifolab_window_get_log_view (window), GTK_TYPE_COLUMN_VIEW);
  GListModel *columns;

  g_assert_nonnull (view);
  columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, expected[i]);
    }
}

static void
test_no_english_left (void)
{
  Walk walk = { g_ptr_array_new_with_free_func (g_free), 0, 0 };

  walk_widgets (GTK_WIDGET (window), &walk);
  for (guint i = 0; i < walk.untranslated->len; i++)
    g_test_message ("untranslated: %s", (const char *) walk.untranslated->pdata[i]);
  g_test_message ("%u texts, %u with Chinese", walk.n_texts, walk.n_chinese);
  g_assert_cmpuint (walk.untranslated->len, ==, 0);
  /* Most texts are Chinese; the rest are names, numbers and paths. */
  g_assert_cmpuint (walk.n_texts, >=, 20);
  g_assert_cmpuint (walk.n_chinese * 2, >=, walk.n_texts);
  g_ptr_array_unref (walk.untranslated);
}

/* The About window credits the developers in Chinese everywhere: on its
 * page, among the credits and in the copyright. */
static void
test_about (void)
{
  AdwAboutWindow *about;
  const char * const *developers;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = ADW_ABOUT_WINDOW (fifolab_ui_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "FIFO 实验室开发者");
  developers = adw_about_window_get_developers (about);
  g_assert_nonnull (developers);
  g_assert_cmpstr (developers[0], ==, "FIFO 实验室开发者");
  g_assert_null (developers[1]);
  g_assert_cmpstr (adw_about_window_get_copyright (about), ==, "© 2025 FIFO 实验室开发者");
  gtk_window_destroy (GTK_WINDOW (about));
}

static gboolean
pipe_listed (gpointer data)
{
  return fifolab_ui_test_model_has_path (_fifolab_window_get_pipes (window), data);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *localedir = NULL;
  g_autofree char *pipe_path = NULL;
  int status;

  /* Before GTK calls setlocale(): C.UTF-8 with LANGUAGE picks the catalog. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;

  if (g_getenv ("FIFOLAB_LOCALEDIR") != NULL)
    localedir = g_strdup (g_getenv ("FIFOLAB_LOCALEDIR"));
  else
    localedir = g_test_build_filename (G_TEST_BUILT, "..", "..", "po", NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  fifolab_ignore_sigpipe ();

  /* A folder with one pipe, so the list and its row are shown too. */
  folder = fifolab_test_tmpdir_new ();
  pipe_path = g_build_filename (folder, "my_pipe", NULL);
  g_assert_true (fifolab_fifo_create (pipe_path, 0600, &error));
  g_assert_no_error (error);

  app = fifolab_application_new ("io.github.fifolab.FifoLab.I18nTest", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = FIFOLAB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  file = g_file_new_for_path (folder);
  g_assert_true (fifolab_window_set_folder (window, file, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (window), TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (pipe_listed, pipe_path, TIMEOUT_MS));

  g_test_add_func ("/i18n/catalog", test_catalog);
  g_test_add_func ("/i18n/window-title", test_window_title);
  g_test_add_func ("/i18n/new-pipe-button", test_new_pipe_button);
  g_test_add_func ("/i18n/log-columns", test_log_columns);
  g_test_add_func ("/i18n/no-english-left", test_no_english_left);
  g_test_add_func ("/i18n/about", test_about);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  fifolab_test_run_for (50);
  g_clear_object (&app);
  fifolab_test_tmpdir_free (g_steal_pointer (&folder));
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));

  return status;
}
