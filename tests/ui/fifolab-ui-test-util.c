/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "fifolab-diagram-private.h"
#include "fifolab-fifo.h"
#include "fifolab-lesson-stage.h"
#include "fifolab-lessons-page.h"
#include "fifolab-pipe-row.h"
#include "fifolab-step-bar.h"
#include "fifolab-watch-control.h"
#include "fifolab-window-private.h"

#include "fifolab-ui-test-util.h"

/* What --language gave, NULL: none. */
static const char *ui_test_language;

const char *
fifolab_ui_test_language (void)
{
  return ui_test_language;
}

gboolean
fifolab_ui_test_init (int    *argc,
                      char ***argv,
                      char  **data_home)
{
  g_autoptr(GError) error = NULL;
  const char *localedir = NULL;
  char *dir = g_dir_make_tmp ("fifolab-ui-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  /* Before anything caches it: the lab folder and settings stay private. */
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  *data_home = dir;

  /* Before GTK calls setlocale(): C.UTF-8 with LANGUAGE picks the catalog. */
  for (int i = 1; i + 1 < *argc; i++)
    {
      if (g_str_equal ((*argv)[i], "--language"))
        ui_test_language = (*argv)[i + 1];
      else if (g_str_equal ((*argv)[i], "--localedir"))
        localedir = (*argv)[i + 1];
      else
        continue;
      /* Not for g_test_init(): drop the pair. */
      memmove (&(*argv)[i], &(*argv)[i + 2], (size_t) (*argc - i - 1) * sizeof (char *));
      *argc -= 2;
      i--;
    }
  if (ui_test_language != NULL)
    g_setenv ("LANGUAGE", ui_test_language, TRUE);

  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      g_print ("Bail out! No display: the UI tests run under xvfb-run "
               "(see build-aux/test.sh), or configure with -Dui_tests=false\n");
      return FALSE;
    }

  /* Before anything is built: its strings from that catalog. */
  if (localedir != NULL)
    {
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  return TRUE;
}

typedef struct
{
  guint ticks;
  guint wanted;
} Frames;

static gboolean
frames_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Frames *frames = user_data;

  frames->ticks++;
  return frames->ticks < frames->wanted ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
frames_done (gpointer data)
{
  Frames *frames = data;

  return frames->ticks >= frames->wanted;
}

gboolean
fifolab_ui_test_wait_mapped (GtkWidget *widget,
                             guint      timeout_ms)
{
  /* A tick comes before its frame's layout: the second tick after mapping
   * is the sign that a whole frame has been laid out and drawn (the first
   * alone left a test reading widths the next layout had still to give). */
  Frames frames = { 0, 2 };
  gint64 deadline = g_get_monotonic_time () + timeout_ms * (gint64) 1000;
  guint id;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    fifolab_test_run_for (10);
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  id = gtk_widget_add_tick_callback (widget, frames_tick_cb, &frames, NULL);
  while (!frames_done (&frames) && g_get_monotonic_time () < deadline)
    fifolab_test_run_for (10);
  if (!frames_done (&frames))
    {
      gtk_widget_remove_tick_callback (widget, id);
      return FALSE;
    }
  return TRUE;
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

int
fifolab_ui_test_text_width (GtkWidget  *widget,
                            const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width = 0;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
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

void
fifolab_ui_test_find_all (GtkWidget *root,
                          GType      type,
                          GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fifolab_ui_test_find_all (child, type, found);
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

char *
fifolab_ui_test_accessible_label (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  /* The test backend answers NULL when the value is the one asked for, and
   * the value itself otherwise. */
  return gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "");
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

gboolean
fifolab_ui_test_shows_text (GtkWidget  *root,
                            const char *text)
{
  return fifolab_ui_test_find_widget (root, is_label_containing, text) != NULL;
}

const char *
fifolab_ui_test_cell_text (GtkWidget *widget)
{
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *css_class;
  const char *text;
} CellQuery;

static gboolean
is_cell (GtkWidget     *widget,
         gconstpointer  data)
{
  const CellQuery *query = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_has_css_class (widget, query->css_class) &&
         g_strcmp0 (fifolab_ui_test_cell_text (widget), query->text) == 0;
}

GtkWidget *
fifolab_ui_test_find_cell (GtkWidget  *root,
                           const char *css_class,
                           const char *text)
{
  CellQuery query = { root, css_class, text };

  return fifolab_ui_test_find_widget (root, is_cell, &query);
}

static gboolean
cell_shown_cb (gpointer data)
{
  CellQuery *query = data;

  return fifolab_ui_test_find_widget (query->root, is_cell, query) != NULL;
}

GtkWidget *
fifolab_ui_test_wait_cell (GtkWidget  *root,
                           const char *css_class,
                           const char *text,
                           guint       timeout_ms)
{
  CellQuery query = { root, css_class, text };

  g_assert_true (fifolab_test_wait_until (cell_shown_cb, &query, timeout_ms));
  fifolab_ui_test_wait_frames (root, 2, timeout_ms);
  return fifolab_ui_test_find_cell (root, css_class, text);
}

gboolean
fifolab_ui_test_toggle_pressed (gpointer toggle)
{
  return gtk_toggle_button_get_active (toggle);
}

gboolean
fifolab_ui_test_toggle_released (gpointer toggle)
{
  return !gtk_toggle_button_get_active (toggle);
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountQuery;

static gboolean
n_items_is (gpointer data)
{
  CountQuery *query = data;

  return g_list_model_get_n_items (query->model) == query->n;
}

gboolean
fifolab_ui_test_wait_n_items (GListModel *model,
                              guint       n,
                              guint       timeout_ms)
{
  CountQuery query = { model, n };

  return fifolab_test_wait_until (n_items_is, &query, timeout_ms);
}

/* The window tests' application and window, and their private data folder. */
static FifolabApplication *window_test_app;
static FifolabWindow *window_test_window;
static char *window_test_data_home;

gboolean
fifolab_ui_window_test_init (int                  *argc,
                             char               ***argv,
                             FifolabApplication  **app,
                             FifolabWindow       **window)
{
  if (!fifolab_ui_test_init (argc, argv, &window_test_data_home))
    return FALSE;

  fifolab_ignore_sigpipe ();

  window_test_app = fifolab_application_new ("io.github.fifolab.FifoLab.UiTest", G_APPLICATION_NON_UNIQUE);
  window_test_window = FIFOLAB_WINDOW (fifolab_ui_test_activate (G_APPLICATION (window_test_app), 10000));
  *app = window_test_app;
  *window = window_test_window;

  return TRUE;
}

gboolean
fifolab_ui_window_test_init_accessible (int                  *argc,
                                        char               ***argv,
                                        FifolabApplication  **app,
                                        FifolabWindow       **window)
{
  /* Before GTK starts: its test backend keeps the names, descriptions and
   * states a screen reader would get, where the suite's "none" keeps nothing. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  return fifolab_ui_window_test_init (argc, argv, app, window);
}

int
fifolab_ui_window_test_run (void)
{
  int status = g_test_run ();

  fifolab_ui_test_release (G_APPLICATION (g_steal_pointer (&window_test_app)),
                           GTK_WINDOW (g_steal_pointer (&window_test_window)));
  fifolab_test_tmpdir_free (g_steal_pointer (&window_test_data_home));

  return status;
}

void
fifolab_ui_window_fixture_setup (FifolabUiWindowFixture *fixture,
                                 gconstpointer           data)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  fixture->folder = fifolab_test_tmpdir_new ();
  file = g_file_new_for_path (fixture->folder);
  g_assert_true (fifolab_window_set_folder (window_test_window, file, &error));
  g_assert_no_error (error);
  _fifolab_window_clear_last_error (window_test_window);
}

void
fifolab_ui_window_fixture_teardown (FifolabUiWindowFixture *fixture,
                                    gconstpointer           data)
{
  fifolab_session_disconnect_all (fifolab_application_get_session (window_test_app));
  fifolab_test_tmpdir_free (fixture->folder);
}

FifolabLog *
fifolab_ui_window_test_log (void)
{
  return fifolab_session_get_log (fifolab_application_get_session (window_test_app));
}

void
fifolab_ui_window_test_action (const char *name,
                                 const char *argument)
{
  const GVariantType *type = g_action_group_get_action_parameter_type (G_ACTION_GROUP (window_test_app), name);
  GVariant *parameter = NULL;

  if (argument != NULL && g_variant_type_equal (type, G_VARIANT_TYPE_BYTESTRING))
    parameter = g_variant_new_bytestring (argument);
  else if (argument != NULL)
    parameter = g_variant_new_string (argument);
  g_action_group_activate_action (G_ACTION_GROUP (window_test_app), name, parameter);
}

FifolabLogEntry *
fifolab_ui_window_test_find_entry (FifolabDirection  direction,
                                   FifolabEventKind  kind,
                                   const char       *path,
                                   gint64            sender_pid)
{
  FifolabLog *log = fifolab_ui_window_test_log ();

  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (entry) != direction)
        continue;
      if (direction == FIFOLAB_DIRECTION_EVENT && fifolab_log_entry_get_kind (entry) != kind)
        continue;
      if (path != NULL && g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), path) != 0)
        continue;
      if (sender_pid >= 0 && fifolab_log_entry_get_sender_pid (entry) != sender_pid)
        continue;

      return g_steal_pointer (&entry);
    }

  return NULL;
}

gboolean
fifolab_ui_window_test_select_received (gpointer path)
{
  GtkWidget *column_view = fifolab_ui_test_find_descendant (_fifolab_window_get_log_view (window_test_window),
                                                            GTK_TYPE_COLUMN_VIEW);
  GtkSelectionModel *shown = gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shown)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (shown), i);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED &&
          g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), path) == 0)
        {
          gtk_selection_model_select_item (shown, i, TRUE);
          return gtk_selection_model_is_selected (shown, i);
        }
    }
  return FALSE;
}

gboolean
fifolab_ui_window_test_has_entry (gpointer data)
{
  FifolabUiEntryQuery *query = data;
  g_autoptr(FifolabLogEntry) entry = fifolab_ui_window_test_find_entry (query->direction, query->kind,
                                                                        query->path, query->sender_pid);

  return entry != NULL;
}

gboolean
fifolab_ui_window_test_pipe_listed (gpointer data)
{
  return fifolab_ui_test_model_has_path (_fifolab_window_get_pipes (window_test_window), data);
}

gboolean
fifolab_ui_window_test_pipe_not_listed (gpointer data)
{
  return !fifolab_ui_window_test_pipe_listed (data);
}

gboolean
fifolab_ui_window_test_reader_waiting (gpointer data)
{
  FifolabReader *reader = fifolab_session_get_reader (fifolab_application_get_session (window_test_app), data);

  return reader != NULL && fifolab_reader_get_state (reader) == FIFOLAB_READER_WAITING_FOR_WRITER;
}

char *
fifolab_ui_window_test_make_fifo (FifolabUiWindowFixture *fixture,
                                  const char             *name)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;

  g_assert_true (fifolab_fifo_create_in (fixture->folder, name, 0600, &path, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, path, 10000));

  return path;
}

void
fifolab_ui_test_subprocess_exited_cb (GObject      *object,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

gboolean
fifolab_ui_test_app_on_bus (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

gboolean
fifolab_ui_test_app_on_bus_cb (gpointer bus)
{
  return fifolab_ui_test_app_on_bus (bus);
}

GtkFileFilter *
fifolab_ui_test_file_filter_named (GtkFileChooser *chooser,
                                   const char     *name)
{
  g_autoptr(GListModel) filters = gtk_file_chooser_get_filters (chooser);

  for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);

      if (g_strcmp0 (gtk_file_filter_get_name (filter), name) == 0)
        return filter;
    }
  g_test_message ("no file type “%s”", name);
  g_assert_not_reached ();
}

gboolean
fifolab_ui_test_is_button_named (GtkWidget     *widget,
                                 gconstpointer  name)
{
  g_autofree char *label = NULL;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_is_drawable (widget))
    return FALSE;
  label = fifolab_ui_test_accessible_label (widget);
  return g_strcmp0 (label, name) == 0;
}

gboolean
fifolab_ui_window_test_button_shown (gpointer name)
{
  return fifolab_ui_test_find_widget (GTK_WIDGET (window_test_window), fifolab_ui_test_is_button_named,
                                      name) != NULL;
}

gboolean
fifolab_ui_window_test_shows_text (gpointer text)
{
  return fifolab_ui_test_shows_text (GTK_WIDGET (window_test_window), text);
}

gboolean
fifolab_ui_window_test_shows_no_text (gpointer text)
{
  return !fifolab_ui_test_shows_text (GTK_WIDGET (window_test_window), text);
}

GtkWidget *
fifolab_ui_window_test_pipe_item (const char *path)
{
  GtkWidget *list = GTK_WIDGET (window_test_window->pipe_list);

  for (GtkWidget *item = gtk_widget_get_first_child (list); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);
      FifolabPipeInfo *info = FIFOLAB_IS_PIPE_ROW (row) ? fifolab_pipe_row_get_info (FIFOLAB_PIPE_ROW (row)) : NULL;

      if (info != NULL && g_strcmp0 (fifolab_pipe_info_get_path (info), path) == 0)
        return item;
    }
  return NULL;
}

static gboolean
pipe_item_made_cb (gpointer path)
{
  return fifolab_ui_window_test_pipe_item (path) != NULL;
}

GtkWidget *
fifolab_ui_window_test_wait_pipe_row (const char *path)
{
  GtkWidget *row;

  g_assert_true (fifolab_test_wait_until (pipe_item_made_cb, (gpointer) path, 10000));
  row = gtk_widget_get_first_child (fifolab_ui_window_test_pipe_item (path));
  g_assert_true (FIFOLAB_IS_PIPE_ROW (row));
  return row;
}

/* Whether the window's focus is on the browser's row of the pipe @data (a
 * path): GTK's row, or in it. Its focus widget is what is checked: under
 * Xvfb, without a window manager, nothing makes the window active again
 * when a dialog closes. */
gboolean
fifolab_ui_window_test_focus_on_pipe_row (gpointer data)
{
  GtkWidget *item = fifolab_ui_window_test_pipe_item (data);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window_test_window));

  return item != NULL && focus != NULL && (focus == item || gtk_widget_is_ancestor (focus, item));
}

GtkWidget *
fifolab_ui_window_test_button (const char *name)
{
  GtkWidget *found = fifolab_ui_test_find_widget (GTK_WIDGET (window_test_window),
                                                  fifolab_ui_test_is_button_named, name);

  if (found == NULL)
    g_test_message ("no button “%s”", name);
  g_assert_nonnull (found);
  return found;
}

typedef struct
{
  GtkWidget *widget;
  int        width;
} WidthQuery;

static gboolean
content_has_width_cb (gpointer data)
{
  WidthQuery *query = data;

  return gtk_widget_get_width (query->widget) == query->width;
}

/* Whether each of the FifolabWindow @window's flaps has come to where it is
 * going: a flap that folds as the window narrows slides its pane away over
 * several frames (the log widens as it goes), in its own time on a loaded
 * machine. */
gboolean
fifolab_ui_test_flaps_settled (gpointer window)
{
  FifolabWindow *self = window;
  AdwFlap *flaps[] = { self->browser_flap, self->side_flap };

  for (guint i = 0; i < G_N_ELEMENTS (flaps); i++)
    if (adw_flap_get_reveal_progress (flaps[i]) != (adw_flap_get_reveal_flap (flaps[i]) ? 1.0 : 0.0))
      return FALSE;
  return TRUE;
}

static gboolean
has_width_cb (gpointer widget)
{
  return gtk_widget_get_width (widget) > 0;
}

void
fifolab_ui_test_resize_window (FifolabWindow *window,
                               int            width,
                               int            height)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  WidthQuery query;
  int default_width, default_height;
  /* The frame's width, measured once: the window at its default size,
   * laid out (a test that sized it may have just set it back; a window just
   * shown may not have had its first layout yet). */
  static int frame = -1;

  if (frame < 0)
    {
      g_assert_true (fifolab_test_wait_until (has_width_cb, content, 10000));
      gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
      frame = default_width - gtk_widget_get_width (content);
    }
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  query = (WidthQuery) { content, width - frame };
  g_assert_true (fifolab_test_wait_until (content_has_width_cb, &query, 10000));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_flaps_settled, window, 10000));
  /* A flap that folds without an animation (animations off) jumps to its
   * end in the layout that decides it and lays the panes out again in the
   * next frame. */
  fifolab_ui_test_wait_frames (GTK_WIDGET (window), 1, 10000);
}

void
fifolab_ui_window_test_resize (int width,
                               int height)
{
  fifolab_ui_test_resize_window (window_test_window, width, height);
}

void
fifolab_ui_test_wait_frames (GtkWidget *widget,
                             guint      n_frames,
                             guint      timeout_ms)
{
  /* A tick comes before its frame's layout: the tick of the frame after
   * the @n_frames-th is the sign that the @n_frames-th has been laid out
   * and drawn. A tick callback keeps the frame clock running. */
  Frames frames = { 0, n_frames + 1 };
  guint id;

  g_assert_true (gtk_widget_get_mapped (widget));
  id = gtk_widget_add_tick_callback (widget, frames_tick_cb, &frames, NULL);
  if (!fifolab_test_wait_until (frames_done, &frames, timeout_ms))
    {
      gtk_widget_remove_tick_callback (widget, id);
      g_assert_cmpuint (frames.ticks, >=, frames.wanted);
    }
}

gboolean
fifolab_ui_window_test_watch_logged (gpointer data)
{
  FifolabUiWatchQuery *query = data;
  FifolabLog *log = fifolab_ui_window_test_log ();

  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      const char *line = fifolab_log_entry_get_display_text (entry);

      if (fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_WATCH &&
          (query->path == NULL || g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), query->path) == 0) &&
          g_str_has_prefix (line, query->prefix) && strstr (line, query->text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
keys_pressed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error))
    g_error ("xdotool: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

void
fifolab_ui_test_xdotool (GtkWindow  *window,
                         guint       timeout_ms,
                         const char *first_arg,
                         ...)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) xdotool = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  va_list args;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  g_ptr_array_add (argv, g_strdup ("xdotool"));
  g_ptr_array_add (argv, g_strdup ("windowfocus"));
  g_ptr_array_add (argv, g_strdup ("--sync"));
  g_ptr_array_add (argv, g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface)));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  xdotool = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  if (xdotool == NULL)
    g_error ("cannot run xdotool (build-aux/install-deps.sh installs it): %s", error->message);
  g_subprocess_wait_check_async (xdotool, NULL, keys_pressed_cb, &done);
  g_assert_true (fifolab_test_wait_for (&done, timeout_ms));
}

/* A click of the pointer's first button (xdotool) on @widget, in @window:
 * at the middle of its left quarter, where a row's text is. */
void
fifolab_ui_test_click (GtkWindow *window,
                       GtkWidget *widget,
                       guint      timeout_ms)
{
  graphene_point_t point;
  double surface_x, surface_y;
  g_autofree char *xid = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 4.0,
                                                                 gtk_widget_get_height (widget) / 2.0),
                                           &point));
  /* The surface's origin is outside the window's (its frame, shadows). */
  gtk_native_get_surface_transform (GTK_NATIVE (window), &surface_x, &surface_y);
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  x = g_strdup_printf ("%d", (int) (point.x + surface_x));
  y = g_strdup_printf ("%d", (int) (point.y + surface_y));
  fifolab_ui_test_xdotool (window, timeout_ms, "mousemove", "--window", xid, x, y, "click", "1", NULL);
}

static void
button_clicked_cb (GtkButton *button,
                   gboolean  *clicked)
{
  *clicked = TRUE;
}

void
fifolab_ui_test_press (GtkWidget *button)
{
  /* Held: a click may close the button's window (a dialog's Create). */
  g_autoptr(GtkWidget) held = g_object_ref (button);
  gboolean clicked = FALSE;
  gulong id;

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_get_realized (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  id = g_signal_connect (button, "clicked", G_CALLBACK (button_clicked_cb), &clicked);
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (fifolab_test_wait_for (&clicked, 10000));
  if (g_signal_handler_is_connected (button, id))
    g_signal_handler_disconnect (button, id);
}

void
fifolab_ui_test_press_keys (GtkWindow  *window,
                            const char *keys,
                            guint       timeout_ms)
{
  fifolab_ui_test_xdotool (window, timeout_ms, "key", "--clearmodifiers", keys, NULL);
}

gboolean
fifolab_ui_test_is_named (GtkWidget     *widget,
                          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

gboolean
fifolab_ui_test_is_button_of (GtkWidget     *widget,
                              gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

gboolean
fifolab_ui_test_is_spin_named (GtkWidget     *widget,
                               gconstpointer  name)
{
  g_autofree char *label = NULL;

  if (!GTK_IS_SPIN_BUTTON (widget))
    return FALSE;
  label = fifolab_ui_test_accessible_label (widget);
  return g_strcmp0 (label, name) == 0;
}

gboolean
fifolab_ui_test_focus_in (GtkWidget *area)
{
  GtkRoot *root = gtk_widget_get_root (area);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == area || gtk_widget_is_ancestor (focus, area));
}

gboolean
fifolab_ui_test_focus_in_cb (gpointer area)
{
  return fifolab_ui_test_focus_in (area);
}

gboolean
fifolab_ui_test_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

gboolean
fifolab_ui_test_sensitive (gpointer widget)
{
  return gtk_widget_is_sensitive (widget) && gtk_widget_get_mapped (widget);
}

gboolean
fifolab_ui_test_diagram_draws (gpointer data)
{
  FifolabUiDiagramText *d = data;
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GPtrArray) texts = _fifolab_diagram_dup_texts (d->diagram, &rects);

  for (guint i = 0; i < texts->len; i++)
    if (strstr (texts->pdata[i], d->needle) != NULL)
      return TRUE;
  return FALSE;
}

void
fifolab_ui_test_step_bar_init (FifolabUiStepBar *parts,
                               GtkWidget        *bar)
{
  parts->widget = bar;
  parts->mode_button = fifolab_ui_test_find_descendant (bar, GTK_TYPE_TOGGLE_BUTTON);
  parts->step_button = fifolab_ui_test_find_widget (bar, fifolab_ui_test_is_button_of, "stepbar.step");
  parts->run_button = fifolab_ui_test_find_widget (bar, fifolab_ui_test_is_button_of, "stepbar.run");
  parts->line = fifolab_ui_test_find_widget (bar, fifolab_ui_test_is_named, "step-line");
  g_assert_nonnull (parts->mode_button);
  g_assert_nonnull (parts->step_button);
  g_assert_nonnull (parts->run_button);
  g_assert_nonnull (parts->line);
}

gboolean
fifolab_ui_test_step_bar_has_watch (gpointer bar)
{
  return fifolab_step_bar_get_watch (bar) != NULL;
}

typedef struct
{
  FifolabStepWatch   *watch;
  FifolabWatchRecord *was;
} Stepped;

/* The call stepped is no longer the oldest waiting. */
static gboolean
stepped (gpointer data)
{
  Stepped *s = data;

  return fifolab_step_watch_get_pending (s->watch) != s->was;
}

void
fifolab_ui_test_wait_stepped (FifolabStepWatch   *watch,
                              FifolabWatchRecord *was,
                              guint               timeout_ms)
{
  Stepped s = { watch, was };

  g_assert_true (fifolab_test_wait_until (stepped, &s, timeout_ms));
}

void
fifolab_ui_test_press_step (GtkWidget        *step_button,
                            FifolabStepWatch *watch,
                            const char       *keys,
                            guint             timeout_ms)
{
  g_autoptr(FifolabWatchRecord) was = fifolab_watch_record_ref (fifolab_step_watch_get_pending (watch));

  if (keys != NULL)
    fifolab_ui_test_press_keys (GTK_WINDOW (gtk_widget_get_root (step_button)), keys, timeout_ms);
  else
    fifolab_ui_test_press (step_button);
  fifolab_ui_test_wait_stepped (watch, was, timeout_ms);
}

void
fifolab_ui_test_step_until_output (GtkWidget        *step_button,
                                   FifolabStepWatch *watch,
                                   gpointer          reader,
                                   guint             max_steps,
                                   guint             timeout_ms)
{
  for (guint extra = 0; !fifolab_test_peer_has_output (reader); extra++)
    {
      g_assert_cmpuint (extra, <, max_steps);
      g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, step_button, timeout_ms));
      if (fifolab_test_peer_has_output (reader))
        break;
      fifolab_ui_test_press_step (step_button, watch, NULL, timeout_ms);
    }
}

FifolabLessonsPage *
fifolab_ui_test_lessons_page (GtkWidget *root)
{
  return FIFOLAB_LESSONS_PAGE (fifolab_ui_test_find_descendant (root, FIFOLAB_TYPE_LESSONS_PAGE));
}

gboolean
fifolab_ui_test_lesson_shown (gpointer root)
{
  FifolabLessonsPage *page = fifolab_ui_test_lessons_page (root);

  return page != NULL && gtk_widget_get_mapped (GTK_WIDGET (page)) &&
         fifolab_lessons_page_get_lesson (page) != NULL;
}

FifolabLessonsPage *
fifolab_ui_test_show_stage (GtkWidget        *window,
                            FifolabUiStepBar *parts,
                            guint             timeout_ms)
{
  FifolabLessonsPage *page;
  FifolabLessonStage *stage;

  g_assert_true (gtk_widget_activate_action (window, "win.show-lessons", NULL));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_lesson_shown, window, timeout_ms));
  page = fifolab_ui_test_lessons_page (window);
  stage = FIFOLAB_LESSON_STAGE (gtk_widget_get_ancestor (GTK_WIDGET (page), FIFOLAB_TYPE_LESSON_STAGE));
  fifolab_ui_test_step_bar_init (parts, fifolab_lesson_stage_get_step_bar (stage));
  return page;
}

void
fifolab_ui_test_run_lesson_step (FifolabLessonsPage *page,
                                 const char         *action_id)
{
  FifolabLesson *lesson = fifolab_lessons_page_get_lesson (page);

  fifolab_lesson_set_current (lesson, fifolab_test_lesson_step_of (lesson, action_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lessons.run", NULL));
}

const char fifolab_ui_test_waiting_peer[] =
  "import os, signal, sys\n"
  "signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])\n"
  "write = sys.argv[2] == 'write'\n"
  "fd = os.open(sys.argv[1], os.O_WRONLY if write else os.O_RDONLY)\n"
  "signal.sigwait([signal.SIGUSR1])\n"
  "if write:\n"
  "    print(os.write(fd, b'x' * 100000), flush=True)\n"
  "else:\n"
  "    os.read(fd, 22)\n"
  "signal.sigwait([signal.SIGUSR1])\n";

GtkToggleButton *
fifolab_ui_window_test_watch_toggle (const char *path,
                                     guint       timeout_ms)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *button;

  g_assert_true (fifolab_window_add_pipe (window_test_window, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_button_shown, (gpointer) "Watch", timeout_ms));
  button = fifolab_ui_test_find_widget (GTK_WIDGET (window_test_window), fifolab_ui_test_is_button_named, "Watch");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
  return GTK_TOGGLE_BUTTON (button);
}

void
fifolab_ui_window_test_wait_watch_event (const char *path,
                                         GPid        pid,
                                         const char *comm,
                                         const char *text,
                                         guint       timeout_ms)
{
  g_autofree char *prefix = g_strdup_printf ("%d %s ", (int) pid, comm);
  FifolabUiWatchQuery query = { path, prefix, text };

  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_watch_logged, &query, timeout_ms));
}

GtkToggleButton *
fifolab_ui_window_test_watch_waiting_peers (const char        *path,
                                            FifolabTestChild **reader,
                                            FifolabTestChild **writer,
                                            guint              timeout_ms)
{
  const char *reader_argv[] = { fifolab_test_python (), "-c", fifolab_ui_test_waiting_peer, path, "read", NULL };
  const char *writer_argv[] = { fifolab_test_python (), "-c", fifolab_ui_test_waiting_peer, path, "write", NULL };
  GtkToggleButton *toggle = fifolab_ui_window_test_watch_toggle (path, timeout_ms);

  gtk_widget_activate_action (GTK_WIDGET (window_test_window), "win.show-processes", NULL);

  /* The reader waits in open(); the watch attaches to it, then to the
   * writer, whose open() the reader lets through. */
  *reader = fifolab_test_child_spawn (reader_argv);
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER ((*reader)->pid), timeout_ms));
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, timeout_ms));
  fifolab_ui_window_test_wait_watch_event (path, (*reader)->pid, "python3", "watched from now on", timeout_ms);
  *writer = fifolab_test_child_spawn (writer_argv);
  fifolab_ui_window_test_wait_watch_event (path, (*writer)->pid, "python3", "watched from now on", timeout_ms);
  return toggle;
}

GtkWidget *
fifolab_ui_window_test_watch_control (void)
{
  GtkWidget *control = gtk_widget_get_ancestor (fifolab_ui_window_test_button ("Watch"),
                                                FIFOLAB_TYPE_WATCH_CONTROL);

  g_assert_nonnull (control);
  return control;
}

gboolean
fifolab_ui_window_test_logged_message (const char          *path,
                                       FifolabMessageFlags  flag,
                                       gint64               sender_pid,
                                       gint64               receiver_pid,
                                       const char          *text)
{
  FifolabLog *log = fifolab_ui_window_test_log ();

  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED &&
          (fifolab_log_entry_get_flags (entry) & flag) &&
          g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), path) == 0 &&
          g_strcmp0 (fifolab_log_entry_get_display_text (entry), text) == 0 &&
          (sender_pid == FIFOLAB_UI_ANY_PID || fifolab_log_entry_get_sender_pid (entry) == sender_pid) &&
          (receiver_pid == FIFOLAB_UI_ANY_PID || fifolab_log_entry_get_receiver_pid (entry) == receiver_pid))
        return TRUE;
    }
  return FALSE;
}

/* What the window's diagram says of process @query->pid: in *@said the
 * sentence of its accessible description about it (NULL: none), in
 * *@box_shown whether a box is drawn for it; returns whether such a box
 * (its first line the pid, its last what it does) holds @query->text. */
static gboolean
diagram_box_holds (const FifolabUiBoxQuery *query,
                   char                   **said,
                   gboolean                *box_shown)
{
  FifolabDiagram *diagram = window_test_window->diagram;
  g_autofree char *title = g_strdup_printf ("pid %d (", (int) query->pid);
  g_autofree char *box = g_strdup_printf ("pid %d", (int) query->pid);
  const char *description = _fifolab_diagram_get_description (diagram);
  const char *start = strstr (description, title);
  const char *end = start != NULL ? strstr (start, ". ") : NULL;
  g_autoptr(GArray) rects = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  gboolean holds = FALSE;

  *said = start != NULL ? g_strndup (start, end != NULL ? (gsize) (end - start) : strlen (start)) : NULL;
  *box_shown = FALSE;
  fifolab_log_flush (fifolab_ui_window_test_log ());
  texts = _fifolab_diagram_dup_texts (diagram, &rects);
  for (guint i = 0; i + 2 < texts->len; i++)
    if (g_str_equal (g_ptr_array_index (texts, i), box))
      {
        *box_shown = TRUE;
        holds = holds || strstr (g_ptr_array_index (texts, i + 2), query->text) != NULL;
      }
  return holds;
}

gboolean
fifolab_ui_window_test_diagram_says (gpointer data)
{
  const FifolabUiBoxQuery *query = data;
  g_autofree char *said = NULL;
  gboolean box_shown;
  gboolean drawn = diagram_box_holds (query, &said, &box_shown);

  return drawn && said != NULL && strstr (said, query->text) != NULL;
}

gboolean
fifolab_ui_window_test_diagram_does_not_say (gpointer data)
{
  const FifolabUiBoxQuery *query = data;
  g_autofree char *said = NULL;
  gboolean box_shown;

  if (diagram_box_holds (query, &said, &box_shown))
    return FALSE;
  /* Still drawn, saying something else. */
  return box_shown && said != NULL && strstr (said, query->text) == NULL;
}

gboolean
fifolab_ui_test_is_step_outcome_with_prefix (GtkWidget     *widget,
                                             gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_widget_get_name (widget), "step-outcome") == 0 &&
         gtk_widget_get_mapped (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

const char *
fifolab_ui_test_step_verdict (GtkWidget *bar,
                              gint64     pid)
{
  /* "pid 4211: " in the language shown. */
  g_autofree char *prefix = g_strdup_printf (_("pid %d: %s"), (int) pid, "");
  GtkWidget *label = fifolab_ui_test_find_widget (bar, fifolab_ui_test_is_step_outcome_with_prefix, prefix);
  GtkWidget *verdict = label != NULL ? gtk_widget_get_next_sibling (label) : NULL;

  if (verdict == NULL || !gtk_widget_get_mapped (verdict))
    return NULL;
  g_assert_cmpstr (gtk_widget_get_name (verdict), ==, "step-verdict");
  return gtk_label_get_text (GTK_LABEL (verdict));
}

static void
record_seen_cb (FifolabStepWatch   *watch,
                FifolabWatchRecord *record,
                gpointer            user_data)
{
  g_ptr_array_add (user_data, fifolab_watch_record_ref (record));
}

GPtrArray *
fifolab_ui_test_capture_records (FifolabStepWatch *watch)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref);

  g_signal_connect_data (watch, "record", G_CALLBACK (record_seen_cb), g_ptr_array_ref (records),
                         (GClosureNotify) (void (*) (void)) g_ptr_array_unref, 0);
  return records;
}

/* Whether @widget is shown whole: inside @window and inside the part each
 * scrolled window it is in shows. */
static gboolean
shown_whole (GtkWidget  *window,
             GtkWidget  *widget,
             const char *what,
             const char *name)
{
  graphene_rect_t bounds, room;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  room = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (window), gtk_widget_get_height (window));
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL && w != window; w = gtk_widget_get_parent (w))
    if (GTK_IS_SCROLLED_WINDOW (w))
      {
        graphene_rect_t shown;

        g_assert_true (gtk_widget_compute_bounds (w, window, &shown));
        graphene_rect_intersection (&room, &shown, &room);
      }
  graphene_rect_inset (&room, -0.5, -0.5);
  g_test_message ("%s: %s %gx%g at %g,%g; shown of it: %gx%g at %g,%g", what, name,
                  bounds.size.width, bounds.size.height, bounds.origin.x, bounds.origin.y,
                  room.size.width, room.size.height, room.origin.x, room.origin.y);
  return graphene_rect_contains_rect (&room, &bounds);
}

/* Scrolls each scrolled window @widget is in (the innermost first) so that
 * its top is at the top of the part shown, as far as it goes. */
static void
scroll_to (GtkWidget *window,
           GtkWidget *widget)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL && w != window; w = gtk_widget_get_parent (w))
    if (GTK_IS_SCROLLED_WINDOW (w))
      {
        GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (w));
        graphene_rect_t at;

        /* Its border box's top (a button's point 0,0 is its content's). */
        g_assert_true (gtk_widget_compute_bounds (widget, w, &at));
        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + at.origin.y);
      }
  fifolab_ui_test_wait_frames (window, 2, 10000);
}

static void
scroll_back (GtkWidget *window,
             GtkWidget *widget)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL && w != window; w = gtk_widget_get_parent (w))
    if (GTK_IS_SCROLLED_WINDOW (w))
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (w)), 0);
  fifolab_ui_test_wait_frames (window, 2, 10000);
}

static gboolean
is_title_label (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "title-3");
}

void
fifolab_ui_test_assert_stage_fits (GtkWidget  *window,
                                   const char *what,
                                   gboolean    text_at_once,
                                   gboolean    buttons_at_once)
{
  GtkWidget *page = fifolab_ui_test_find_descendant (window, FIFOLAB_TYPE_LESSONS_PAGE);
  GtkWidget *stage, *card, *title, *action, *key[4];
  const char *key_names[] = { "the title", "the instructions", "the step's button", "the status" };
  static const char * const buttons[] = { "lessons.previous", "lessons.next" };
  int window_width = gtk_widget_get_width (window);
  int card_min = 0;
  graphene_rect_t bounds;

  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
  stage = gtk_widget_get_ancestor (page, FIFOLAB_TYPE_LESSON_STAGE);
  card = gtk_widget_get_next_sibling (fifolab_lessons_page_get_diagram (FIFOLAB_LESSONS_PAGE (page)));
  title = fifolab_ui_test_find_widget (card, is_title_label, NULL);
  action = fifolab_ui_test_find_widget (card, fifolab_ui_test_is_button_of, "lessons.run");
  g_assert_nonnull (title);
  g_assert_nonnull (action);
  key[0] = title;
  key[1] = gtk_widget_get_next_sibling (title);
  key[2] = action;
  key[3] = gtk_widget_get_next_sibling (gtk_widget_get_parent (action));
  g_assert_true (GTK_IS_LABEL (key[1]) && GTK_IS_LABEL (key[3]));
  /* While step mode's Run lets the step's held calls go, the step's button,
   * which cannot do the step then, is not shown (one way to run in sight):
   * Run is there instead. */
  if (!gtk_widget_get_visible (action))
    {
      GtkWidget *run = fifolab_ui_test_find_widget (gtk_widget_get_ancestor (page, FIFOLAB_TYPE_LESSON_STAGE), fifolab_ui_test_is_button_of, "stepbar.run");

      g_assert_nonnull (run);
      g_assert_true (gtk_widget_get_mapped (run));
      key[2] = NULL;
    }
  scroll_back (window, key[0]);

  /* Nothing goes past the window's right edge (a stage wider than its room
   * scrolls sideways, its right part out of sight). */
  g_assert_true (gtk_widget_compute_bounds (stage, window, &bounds));
  g_test_message ("%s: window %dx%d, stage %gx%g at %g,%g", what, window_width, gtk_widget_get_height (window),
                  bounds.size.width, bounds.size.height, bounds.origin.x, bounds.origin.y);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, window_width + 0.5);
  {
    GtkWidget *parts[] = { fifolab_lesson_stage_get_step_bar (FIFOLAB_LESSON_STAGE (stage)), card };

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      {
        g_assert_true (gtk_widget_compute_bounds (parts[i], window, &bounds));
        g_test_message ("%s: %s %gx%g at %g,%g", what, G_OBJECT_TYPE_NAME (parts[i]),
                        bounds.size.width, bounds.size.height, bounds.origin.x, bounds.origin.y);
        g_assert_cmpfloat (bounds.origin.x, >=, -0.5);
        g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, window_width + 0.5);
      }
  }

  /* The card is at least as high as it needs: Previous and Next inside its
   * border, in sight, without scrolling anything. */
  /* (gtk_widget_measure() sizes its margin box.) */
  g_assert_true (gtk_widget_compute_bounds (card, card, &bounds));
  gtk_widget_measure (card, GTK_ORIENTATION_VERTICAL,
                      bounds.size.width + gtk_widget_get_margin_start (card) + gtk_widget_get_margin_end (card),
                      &card_min, NULL, NULL, NULL);
  card_min -= gtk_widget_get_margin_top (card) + gtk_widget_get_margin_bottom (card);
  g_test_message ("%s: the card %gx%g, at least %d px high", what, bounds.size.width, bounds.size.height, card_min);
  g_assert_cmpfloat (bounds.size.height, >=, card_min - 0.5);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = fifolab_ui_test_find_widget (card, fifolab_ui_test_is_button_of, buttons[i]);
      graphene_rect_t card_bounds;

      g_assert_nonnull (button);
      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_true (gtk_widget_compute_bounds (card, window, &card_bounds));
      g_assert_true (gtk_widget_compute_bounds (button, window, &bounds));
      graphene_rect_inset (&card_bounds, -0.5, -0.5);
      g_assert_true (graphene_rect_contains_rect (&card_bounds, &bounds));
      if (!buttons_at_once)
        scroll_to (window, button);
      g_assert_true (shown_whole (window, button, what, buttons[i]));
      scroll_back (window, button);
    }

  /* The card's title, what to do, the step's button and what FIFO Lab saw:
   * each given its natural height (not cut short), and each can be shown
   * whole, scrolled to; the first three at once, as a step is shown, where
   * @text_at_once. */
  for (guint i = 0; i < G_N_ELEMENTS (key); i++)
    {
      int natural = 0;

      if (key[i] == NULL)
        continue;
      /* Its border box (what gtk_widget_measure() sizes; a button's
       * content, gtk_widget_get_height(), is less its padding). */
      g_assert_true (gtk_widget_get_mapped (key[i]));
      g_assert_true (gtk_widget_compute_bounds (key[i], key[i], &bounds));
      gtk_widget_measure (key[i], GTK_ORIENTATION_VERTICAL, (int) bounds.size.width, NULL, &natural, NULL, NULL);
      g_test_message ("%s: %s %gx%g, naturally %d px high", what, key_names[i],
                      bounds.size.width, bounds.size.height, natural);
      g_assert_cmpfloat (bounds.size.height, >=, natural - 0.5);
      if (text_at_once && i < 3)
        g_assert_true (shown_whole (window, key[i], what, key_names[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (key); i++)
    {
      if (key[i] == NULL)
        continue;
      scroll_to (window, key[i]);
      /* A text taller than the card's view (the zoom's largest): its top
       * in the view, the view a few lines high at least, the rest read as
       * it scrolls. */
      if (!shown_whole (window, key[i], what, key_names[i]))
        {
          graphene_rect_t view;

          g_assert_true (gtk_widget_compute_bounds (key[i], window, &bounds));
          g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_ancestor (key[i], GTK_TYPE_SCROLLED_WINDOW), window, &view));
          g_assert_cmpfloat (bounds.size.height, >, view.size.height);
          g_assert_cmpfloat (view.size.height, >=, 96);
          g_assert_cmpfloat (fabs (bounds.origin.y - view.origin.y), <, 1);
          g_assert_true (shown_whole (window, gtk_widget_get_ancestor (key[i], GTK_TYPE_SCROLLED_WINDOW), what, "the card's view"));
        }
    }
  scroll_back (window, key[0]);
}
