/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The FIFO Lab window, built for real and driven the way a user drives it:
 * through its actions and widgets, against real FIFOs and real peer processes.
 * This program: what the window shows of a pipe, its processes and its
 * folder, literally (markup, names that are not UTF-8, process names),
 * where another pipe's details open (at their top), and the holder monitor
 * behind the side pane. See test-window.c. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-compose-bar.h"
#include "fifolab-diagram.h"
#include "fifolab-lessons-page.h"
#include "fifolab-log-view.h"
#include "fifolab-new-pipe-dialog-private.h"
#include "fifolab-peer-form.h"
#include "fifolab-pipe-details.h"
#include "fifolab-pipe-row.h"
#include "fifolab-preferences-window.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

/* Text that looks like markup is stored and shown literally. */
static void
test_markup_literal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "loop");
  g_autoptr(FifolabLogEntry) entry = NULL;
  FifolabUiEntryQuery query;

  fifolab_ui_window_test_action ("read-pipe", path);
  fifolab_ui_window_test_action ("write-pipe", path);
  fifolab_ui_window_test_action ("send", "<b>&amp;");

  query = (FifolabUiEntryQuery) { FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, -1 };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_has_entry, &query, TIMEOUT_MS));
  entry = fifolab_ui_window_test_find_entry (FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, -1);
  g_assert_cmpstr (fifolab_log_entry_get_display_text (entry), ==, "<b>&amp;");
}

/* A name that is not UTF-8 */

/* Every text and tooltip the window shows is valid UTF-8 (GTK warns on
 * anything else, and a tooltip is parsed as markup). */
static void
assert_texts_valid (GtkWidget *widget)
{
  const char *texts[] = {
    gtk_widget_get_tooltip_text (widget),
    gtk_widget_get_tooltip_markup (widget),
    GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget)) : NULL,
    GTK_IS_INSCRIPTION (widget) ? gtk_inscription_get_text (GTK_INSCRIPTION (widget)) : NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL && !g_utf8_validate (texts[i], -1, NULL))
      g_error ("%s shows text that is not UTF-8: %s", G_OBJECT_TYPE_NAME (widget), texts[i]);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_texts_valid (child);
}

static gboolean
is_inscription_starting (GtkWidget     *widget,
                         gconstpointer  prefix)
{
  return GTK_IS_INSCRIPTION (widget) &&
         gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL &&
         g_str_has_prefix (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), prefix);
}

static gboolean
log_view_shows_name_cb (gpointer data)
{
  return fifolab_ui_test_find_widget (_fifolab_window_get_log_view (window), is_inscription_starting, data) != NULL;
}

/* The target of @action in a pipe menu (sections of items), or NULL. */
static GVariant *
menu_target (GMenuModel *menu,
             const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *name = NULL;

      if (section != NULL)
        {
          GVariant *target = menu_target (section, action);

          if (target != NULL)
            return target;
          continue;
        }
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        return g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, NULL);
    }
  return NULL;
}

static void
assert_path_target (GVariant   *target,
                    const char *path)
{
  g_assert_nonnull (target);
  g_assert_true (g_variant_is_of_type (target, G_VARIANT_TYPE_BYTESTRING));
  g_assert_cmpstr (g_variant_get_bytestring (target), ==, path);
}

static void
clipboard_text_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* An export appears whole: it is renamed into place once written. */
static gboolean
file_exists_cb (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* The message dialogs among the toplevels (one answered may linger). */
static GPtrArray *
list_message_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GPtrArray *dialogs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWindow *toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        g_ptr_array_add (dialogs, toplevel);
      else
        g_object_unref (toplevel);
    }
  return dialogs;
}

/* The message dialog that is not in @before, or NULL. */
static AdwMessageDialog *
find_new_message_dialog (GPtrArray *before)
{
  g_autoptr(GPtrArray) now = list_message_dialogs ();

  for (guint i = 0; i < now->len; i++)
    if (!g_ptr_array_find (before, g_ptr_array_index (now, i), NULL))
      return g_ptr_array_index (now, i);
  return NULL;
}

/* Two messages received on the pipe: the test's and a peer's. */
static gboolean
received_twice_cb (gpointer data)
{
  FifolabLog *log = fifolab_ui_window_test_log ();
  guint n = 0;

  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED &&
          g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), data) == 0)
        n++;
    }
  return n >= 2;
}

/* A FIFO whose name is not UTF-8 (a file name is bytes) is listed, read,
 * selected, exported, copied and deleted like any other: what is shown of it
 * is valid UTF-8, its actions reach it by its exact bytes, and nothing warns
 * (G_DEBUG=fatal-warnings). */
static void
test_non_utf8_name (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "bad\xff\xfe name");
  g_autofree char *jsonl = g_build_filename (fixture->folder, "log.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GBytes) payload = g_bytes_new_static ("Hello from pid [12345]", 22);
  g_autoptr(GVariant) disconnect = NULL;
  g_autoptr(GVariant) copy = NULL;
  g_autoptr(GVariant) delete = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) dialogs = NULL;
  GtkWidget *row, *details, *read_button, *log_view, *search_dropdown, *diagram;
  AdwMessageDialog *dialog;
  FifolabUiEntryQuery query;
  guint recovered = 0;
  gsize len;

  /* Listed: the row's menu targets the path as bytes. */
  row = fifolab_ui_window_test_wait_pipe_row (path);
  {
    GtkWidget *menu_button = fifolab_ui_test_find_descendant (row, GTK_TYPE_MENU_BUTTON);
    GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));

    disconnect = menu_target (menu, "app.disconnect-pipe");
    copy = menu_target (menu, "win.copy-path");
    delete = menu_target (menu, "win.delete-pipe");
    assert_path_target (disconnect, path);
    assert_path_target (copy, path);
    assert_path_target (delete, path);
  }

  /* Selected: the details' Read button reads it. */
  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
  g_assert_no_error (error);
  details = _fifolab_window_get_details (window);
  read_button = fifolab_ui_test_find_widget (details, fifolab_ui_test_is_button_of, "app.read-pipe");
  g_assert_nonnull (read_button);
  assert_path_target (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (read_button)), path);
  g_signal_emit_by_name (read_button, "clicked");
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_reader_waiting, path, TIMEOUT_MS));

  fifolab_ui_window_test_action ("write-pipe", path);
  g_assert_true (fifolab_session_send_bytes (fifolab_application_get_session (app), path, payload, &error));
  g_assert_no_error (error);
  query = (FifolabUiEntryQuery) { FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, 12345 };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_has_entry, &query, TIMEOUT_MS));

  /* The log view shows the name (its pipe column); the search's pipe filter
   * names its items (paths) with its expression. */
  log_view = _fifolab_window_get_log_view (window);
  g_assert_true (fifolab_test_wait_until (log_view_shows_name_cb, "bad", TIMEOUT_MS));
  /* The filters are made the first time the search opens: opened as with Ctrl+F. */
  g_assert_true (gtk_widget_activate_action (log_view, "log.search", NULL));
  search_dropdown = fifolab_ui_test_find_descendant (log_view, GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (search_dropdown);
  {
    g_autoptr(GtkStringObject) item = gtk_string_object_new (path);
    g_auto(GValue) value = G_VALUE_INIT;

    g_assert_true (gtk_expression_evaluate (gtk_drop_down_get_expression (GTK_DROP_DOWN (search_dropdown)),
                                            item, &value));
    g_assert_true (g_utf8_validate (g_value_get_string (&value), -1, NULL));
  }

  assert_texts_valid (GTK_WIDGET (window));

  /* The processes' page: a peer started on it is listed there, and the
   * pipe's diagram shows its name. (The diagram is given the path as the
   * selection gives it, and the peer is started as the page's button starts
   * it: the selection follows the folder's refreshes, which this test does
   * not time.) */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-processes", NULL);
  g_assert_nonnull (fifolab_application_start_peer (app, FIFOLAB_PEER_ROLE_WRITE, path, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (received_twice_cb, path, TIMEOUT_MS));
  diagram = fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_DIAGRAM);
  g_assert_nonnull (diagram);
  fifolab_diagram_set_path (FIFOLAB_DIAGRAM (diagram), path);
  g_assert_true (fifolab_ui_test_wait_mapped (diagram, TIMEOUT_MS));
  g_assert_cmpint (gtk_widget_get_width (diagram), >, 0);
  g_assert_cmpint (gtk_widget_get_height (diagram), >, 0);
  {
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    g_autoptr(GskRenderNode) node = NULL;

    /* Drawn here and now, whatever the frame clock does: the text it lays
     * out goes through Pango. */
    GTK_WIDGET_GET_CLASS (diagram)->snapshot (diagram, snapshot);
    node = gtk_snapshot_free_to_node (snapshot);
    g_assert_nonnull (node);
  }
  assert_texts_valid (GTK_WIDGET (window));

  /* The menu's Disconnect reaches the session's ends by the exact bytes. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "disconnect-pipe", disconnect);
  g_assert_null (fifolab_session_get_reader (fifolab_application_get_session (app), path));
  g_assert_null (fifolab_session_get_writer (fifolab_application_get_session (app), path));

  /* Exported: valid JSON Lines, the name recoverable byte for byte. */
  fifolab_ui_window_test_action ("export-log", jsonl);
  g_assert_true (fifolab_test_wait_until (file_exists_cb, jsonl, TIMEOUT_MS));
  g_assert_true (g_file_get_contents (jsonl, &contents, &len, NULL));
  g_assert_true (g_utf8_validate (contents, len, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;
      const char *base64;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      base64 = json_object_get_string_member_with_default (object, "pipe_base64", NULL);
      if (base64 != NULL)
        {
          g_autofree guint8 *name = NULL;
          gsize name_len;

          name = g_base64_decode (base64, &name_len);
          g_assert_cmpmem (name, name_len, path, strlen (path));
          recovered++;
        }
    }
  g_assert_cmpuint (recovered, >, 0);

  /* Copied: as a URI, which keeps the bytes. */
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.copy-path", copy));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 clipboard_text_cb, &copied);
  g_assert_true (fifolab_test_wait_until (is_set, &copied, TIMEOUT_MS));
  g_assert_cmpstr (copied, ==, uri);

  /* Deleted, after a question that names it readably. */
  dialogs = list_message_dialogs ();
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.delete-pipe", delete));
  dialog = find_new_message_dialog (dialogs);
  g_assert_nonnull (dialog);
  g_assert_true (g_utf8_validate (adw_message_dialog_get_heading (dialog), -1, NULL));
  assert_texts_valid (GTK_WIDGET (dialog));
  adw_message_dialog_response (dialog, "delete");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* A process's name is whatever it says: the pipe's details show the processes
 * holding it literally (an AdwActionRow's title is markup unless told not to
 * be). A shell run through a symlink named "x&<b>y" holds the FIFO open
 * (read-write, so the open does not wait) until its stdin closes. */
static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  prefix)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), prefix);
}

static gboolean
details_show_holder_cb (gpointer data)
{
  return fifolab_ui_test_find_widget (_fifolab_window_get_details (window), is_row_titled, data) != NULL;
}

static void
test_holder_name_literal (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "held_by_odd");
  g_autofree char *shell = g_build_filename (fixture->folder, "x&<b>y", NULL);
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GError) error = NULL;
  gboolean exited = FALSE;

  g_assert_cmpint (symlink ("/bin/sh", shell), ==, 0);
  holder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                             shell, "-c", "exec 3<>\"$0\"; read line", path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (holder, NULL, fifolab_ui_test_subprocess_exited_cb, &exited);

  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (details_show_holder_cb, "x&<b>y, pid ", TIMEOUT_MS));
  assert_texts_valid (_fifolab_window_get_details (window));

  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (holder), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_for (&exited, TIMEOUT_MS));
}

/* One holder monitor, the application's: the window watches the pipes it
 * lists while shown (a pipe that goes is no longer watched), counts as
 * active while focused, and its holder-scan (rows, details, diagram) comes
 * from the monitor's scans: a process that opens a listed pipe shows up. */
typedef struct
{
  const char *path;
  guint       n_holders;
} HolderQuery;

static gboolean
window_scan_shows_cb (gpointer data)
{
  HolderQuery *query = data;
  FifolabHolderScan *scan = fifolab_window_get_holder_scan (window);

  return scan != NULL &&
         fifolab_holder_scan_count (scan, query->path, FIFOLAB_ACCESS_NONE) == query->n_holders;
}

static void
test_holder_monitor (Fixture       *fixture,
                     gconstpointer  data)
{
  FifolabHolderMonitor *monitor = fifolab_application_get_holder_monitor (app);
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "watched");
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GError) error = NULL;
  HolderQuery query = { path, 1 };

  g_assert_true (fifolab_holder_monitor_is_watched (monitor, path));
  g_test_message ("window active: %d, interval %u ms",
                  gtk_window_is_active (GTK_WINDOW (window)), fifolab_holder_monitor_get_interval (monitor));
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (monitor), ==,
                    gtk_window_is_active (GTK_WINDOW (window)) ? FIFOLAB_HOLDER_MONITOR_INTERVAL_MS
                                                               : FIFOLAB_HOLDER_MONITOR_SLOW_INTERVAL_MS);

  /* Read-write: the open does not wait for the other end. */
  holder = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               NULL, "sh", "-c", "exec 3<>\"$1\"; exec sleep 60", "sh", path, NULL);
  g_assert_true (fifolab_test_wait_until (window_scan_shows_cb, &query, TIMEOUT_MS));
  g_subprocess_force_exit (holder);
  g_assert_true (g_subprocess_wait (holder, NULL, &error));
  g_assert_no_error (error);
  query.n_holders = 0;
  g_assert_true (fifolab_test_wait_until (window_scan_shows_cb, &query, TIMEOUT_MS));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_not_listed, path, TIMEOUT_MS));
  g_assert_false (fifolab_holder_monitor_is_watched (monitor, path));
}

static gboolean
is_row_subtitled (GtkWidget     *widget,
                  gconstpointer  subtitle)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), subtitle) == 0;
}

/* A folder's name is shown literally: in the window's title and in the
 * preferences' Default Folder row (markup by default in libadwaita). */
static void
test_folder_name_literal (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *odd = g_build_filename (fixture->folder, "x&<b>y", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (odd);
  GSettings *settings = fifolab_application_get_settings (app);
  g_autoptr(GError) error = NULL;
  GtkWindow *prefs;

  g_assert_cmpint (g_mkdir (odd, 0700), ==, 0);
  g_assert_true (fifolab_window_set_folder (window, file, &error));
  g_assert_no_error (error);
  assert_texts_valid (GTK_WIDGET (window));

  g_settings_set_string (settings, "folder", odd);
  prefs = g_object_ref (GTK_WINDOW (fifolab_preferences_window_new (app)));
  gtk_window_present (prefs);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (prefs), TIMEOUT_MS));
  g_assert_nonnull (fifolab_ui_test_find_widget (GTK_WIDGET (prefs), is_row_subtitled, odd));
  gtk_window_destroy (prefs);
  g_assert_finalize_object (prefs);
  g_settings_reset (settings, "folder");
}

static const char *
details_path (void)
{
  FifolabPipeInfo *info = fifolab_pipe_details_get_info (FIFOLAB_PIPE_DETAILS (_fifolab_window_get_details (window)));

  return info != NULL ? fifolab_pipe_info_get_path (info) : NULL;
}

/* The Processes page's pipe: its diagram's and its form's, which agree. */
static const char *
processes_path (void)
{
  const char *path = fifolab_diagram_get_path (window->diagram);

  g_assert_cmpstr (fifolab_peer_form_get_path (window->peer_form), ==, path);
  return path;
}

static gboolean
is_heading (GtkWidget     *widget,
            gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "title-2") &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* With no pipe selected in the browser (a pipe read from the command line
 * is listed, not selected: selecting makes it the send target), the side
 * pane's details and its Processes page are of the pipe last pointed at:
 * the one FIFO Lab opened last, or that of the entry last chosen in the
 * log, kept once the pipe is closed or the entry unselected; a pipe
 * selected in the browser comes first. Opening a second end of a pipe
 * points at it too. */
static void
test_details_log_pipe (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "logged");
  g_autofree char *other = fifolab_ui_window_test_make_fifo (fixture, "other");
  GtkWidget *column_view = fifolab_ui_test_find_descendant (_fifolab_window_get_log_view (window), GTK_TYPE_COLUMN_VIEW);
  GtkSelectionModel *shown = gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view));
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  FifolabUiEntryQuery query = { FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, -1 };

  gtk_single_selection_set_selected (window->selection, GTK_INVALID_LIST_POSITION);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, path, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, other, TIMEOUT_MS));

  /* Opened: shown, not selected, not the send target. */
  fifolab_ui_window_test_action ("read-pipe", path);
  g_assert_null (gtk_single_selection_get_selected_item (window->selection));
  g_assert_null (fifolab_window_get_target (window));
  g_assert_cmpstr (details_path (), ==, path);
  _fifolab_window_ensure_processes (window);
  g_assert_cmpstr (processes_path (), ==, path);
  /* Named first: which pipe the page is of. */
  g_assert_nonnull (fifolab_ui_test_find_widget (_fifolab_window_get_details (window), is_heading, "logged"));

  /* Another pipe opened: shown. A writer and end of stream on the first
   * (changes of state, not an opening) leave it. */
  fifolab_ui_window_test_action ("read-pipe", other);
  g_assert_cmpstr (details_path (), ==, other);
  g_assert_cmpstr (processes_path (), ==, other);
  g_assert_nonnull (fifolab_ui_test_find_widget (_fifolab_window_get_details (window), is_heading, "other"));
  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, NULL,
                               "sh", "-c", "printf 'Hello from pid [%d]' $$ > \"$1\"", "sh", path, NULL);
  g_assert_true (g_subprocess_wait_check (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_has_entry, &query, TIMEOUT_MS));
  query = (FifolabUiEntryQuery) { FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_REOPENED, path, -1 };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_has_entry, &query, TIMEOUT_MS));
  g_assert_cmpstr (details_path (), ==, other);

  /* An entry chosen in the log: its pipe, kept once unselected. */
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_select_received, path, TIMEOUT_MS));
  g_assert_cmpstr (details_path (), ==, path);
  g_assert_cmpstr (processes_path (), ==, path);
  gtk_selection_model_unselect_all (shown);
  g_assert_cmpstr (details_path (), ==, path);

  /* Closing is not opening; opening again is. */
  fifolab_ui_window_test_action ("disconnect-pipe", other);
  g_assert_cmpstr (details_path (), ==, path);
  fifolab_ui_window_test_action ("read-pipe", other);
  g_assert_cmpstr (details_path (), ==, other);
  fifolab_ui_window_test_action ("disconnect-pipe", other);
  g_assert_cmpstr (details_path (), ==, other);
  g_assert_null (fifolab_window_get_target (window));

  /* The log's entry of the same pipe chosen again. */
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_select_received, path, TIMEOUT_MS));
  g_assert_cmpstr (details_path (), ==, path);

  /* FIFO Lab opens its second end of a pipe it reads (as a lesson does,
   * the pipe not selected): an opening too. */
  fifolab_ui_window_test_action ("read-pipe", other);
  g_assert_cmpstr (details_path (), ==, other);
  gtk_selection_model_unselect_all (shown);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_select_received, path, TIMEOUT_MS));
  g_assert_cmpstr (details_path (), ==, path);
  g_assert_nonnull (fifolab_session_open_writer (window->session, other, &error));
  g_assert_no_error (error);
  g_assert_null (gtk_single_selection_get_selected_item (window->selection));
  g_assert_cmpstr (details_path (), ==, other);
  g_assert_cmpstr (processes_path (), ==, other);
  fifolab_ui_window_test_action ("disconnect-pipe", other);
  gtk_selection_model_unselect_all (shown);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_select_received, path, TIMEOUT_MS));
  g_assert_cmpstr (details_path (), ==, path);

  /* The browser's pipe first; none there again: the one last pointed at. */
  gtk_single_selection_set_selected (window->selection, (guint) fifolab_pipe_list_find (FIFOLAB_PIPE_LIST (_fifolab_window_get_pipes (window)), other));
  g_assert_cmpstr (details_path (), ==, other);
  g_assert_cmpstr (processes_path (), ==, other);
  gtk_selection_model_unselect_all (shown);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_select_received, path, TIMEOUT_MS));
  g_assert_cmpstr (details_path (), ==, other);
  g_assert_cmpstr (processes_path (), ==, other);
  gtk_single_selection_set_selected (window->selection, GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (details_path (), ==, path);
  g_assert_cmpstr (processes_path (), ==, path);

  /* The pipe gone: no details of it. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_not_listed, path, TIMEOUT_MS));
  g_assert_null (details_path ());
  g_assert_null (processes_path ());
}

/* The vertical adjustment of the details' pipe page: its scroller's, which
 * holds the heading that names @name. */
static GtkAdjustment *
details_vadjustment (const char *name)
{
  GtkWidget *heading = fifolab_ui_test_find_widget (_fifolab_window_get_details (window), is_heading, name);

  g_assert_nonnull (heading);
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (heading,
                                                                                            GTK_TYPE_SCROLLED_WINDOW)));
}

/* The details of a pipe scrolled down to Statistics: another pipe's open
 * at their top, with its name and its Read and Write buttons in view (they
 * opened scrolled as far down as the first's had been); the same pipe's,
 * refreshed or from a new snapshot of it, stay where they were. */
static void
test_details_scroll (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *first = fifolab_ui_window_test_make_fifo (fixture, "first");
  g_autofree char *second = fifolab_ui_window_test_make_fifo (fixture, "second");
  GtkWidget *details = _fifolab_window_get_details (window);
  GtkStack *side_stack = GTK_STACK (gtk_widget_get_ancestor (details, GTK_TYPE_STACK));
  FifolabPipeList *pipes = FIFOLAB_PIPE_LIST (_fifolab_window_get_pipes (window));
  g_autoptr(FifolabPipeInfo) again = NULL;
  g_autoptr(GError) error = NULL;
  GtkAdjustment *adjustment;
  double bottom;

  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, first, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_pipe_listed, second, TIMEOUT_MS));
  g_object_set (window, "show-details", TRUE, NULL);
  gtk_stack_set_visible_child_name (side_stack, "details");
  gtk_single_selection_set_selected (window->selection, (guint) fifolab_pipe_list_find (pipes, first));
  g_assert_cmpstr (details_path (), ==, first);
  g_assert_true (fifolab_ui_test_wait_mapped (details, TIMEOUT_MS));
  fifolab_ui_test_wait_frames (details, 1, TIMEOUT_MS);

  /* Down to Statistics: the page is taller than the pane. */
  adjustment = details_vadjustment ("first");
  bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  g_test_message ("lower %g, upper %g, page %g", gtk_adjustment_get_lower (adjustment),
                  gtk_adjustment_get_upper (adjustment), gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpfloat (bottom, >, gtk_adjustment_get_lower (adjustment));
  gtk_adjustment_set_value (adjustment, bottom);
  fifolab_ui_test_wait_frames (details, 1, TIMEOUT_MS);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, bottom);

  /* The same pipe's details refreshed, and from a new snapshot of it (as
   * the browser's rescans make): where they were. */
  fifolab_pipe_details_refresh (FIFOLAB_PIPE_DETAILS (details));
  again = fifolab_pipe_info_new_for_path (first, &error);
  g_assert_no_error (error);
  fifolab_pipe_details_set_info (FIFOLAB_PIPE_DETAILS (details), again);
  fifolab_ui_test_wait_frames (details, 1, TIMEOUT_MS);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, bottom);

  /* Another pipe: at the top. */
  gtk_single_selection_set_selected (window->selection, (guint) fifolab_pipe_list_find (pipes, second));
  g_assert_cmpstr (details_path (), ==, second);
  fifolab_ui_test_wait_frames (details, 1, TIMEOUT_MS);
  g_assert_true (details_vadjustment ("second") == adjustment);
  g_test_message ("after: value %g, lower %g", gtk_adjustment_get_value (adjustment),
                  gtk_adjustment_get_lower (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, gtk_adjustment_get_lower (adjustment));

  gtk_single_selection_set_selected (window->selection, GTK_INVALID_LIST_POSITION);
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/window/details-log-pipe", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_details_log_pipe, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/details-scroll", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_details_scroll, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/markup-literal", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_markup_literal, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/non-utf8-name", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_non_utf8_name, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/holder-monitor", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_holder_monitor, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/holder-name-literal", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_holder_name_literal, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/folder-name-literal", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_folder_name_literal, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
