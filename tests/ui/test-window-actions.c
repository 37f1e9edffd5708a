/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The FIFO Lab window, built for real and driven the way a user drives it:
 * through its actions and widgets, against real FIFOs and real peer processes.
 * This program: the actions on a pipe and on the log (read, write, export,
 * clear, the fixed size) and the errors they report. See test-window.c. */
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

/* Whether the list model @model holds anything. */
static gboolean
has_items (gpointer model)
{
  return g_list_model_get_n_items (model) > 0;
}

/* Read: a peer writes, the log gains its message with the peer's pid. */
static void
test_read_from_peer (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "my_pipe");
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) entry = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GBytes) bytes = NULL;
  FifolabUiEntryQuery query;
  gboolean exited = FALSE;
  gint64 peer_pid;
  GPid child_pid = 0;
  GListModel *shown;

  fifolab_ui_window_test_action ("read-pipe", path);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_reader_waiting, path, TIMEOUT_MS));
  /* The window reads below GTK's redraw priority: a flood never holds a frame back. */
  g_assert_cmpint (fifolab_reader_get_priority (fifolab_session_get_reader (fifolab_application_get_session (app), path)),
                   >, GDK_PRIORITY_REDRAW);

  peer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &child_pid,
                             fifolab_test_peer_path (), "write", path, NULL);
  peer_pid = child_pid;
  g_subprocess_wait_async (peer, NULL, fifolab_ui_test_subprocess_exited_cb, &exited);

  query = (FifolabUiEntryQuery) { FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, peer_pid };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_has_entry, &query, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_for (&exited, TIMEOUT_MS));
  g_assert_true (g_subprocess_get_successful (peer));

  entry = fifolab_ui_window_test_find_entry (FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, peer_pid);
  expected = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", peer_pid);
  bytes = g_bytes_new (expected, strlen (expected));
  g_assert_true (g_bytes_equal (fifolab_log_entry_get_bytes (entry), bytes));
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (entry), ==, getpid ());

  /* The log view shows it (its reveal adds entries a frame at a time). */
  shown = fifolab_log_view_get_shown_model (FIFOLAB_LOG_VIEW (_fifolab_window_get_log_view (window)));
  g_assert_true (fifolab_test_wait_until (has_items, shown, TIMEOUT_MS));

  fifolab_ui_window_test_action ("disconnect-pipe", path);
  g_assert_null (fifolab_session_get_reader (fifolab_application_get_session (app), path));
}

typedef struct
{
  gboolean  done;
  char     *out;
} Communicate;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Communicate *c = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &c->out, NULL, &error);
  g_assert_no_error (error);
  c->done = TRUE;
}

/* Write: a peer reads and prints the seed's line with FIFO Lab's pid. */
static void
test_write_to_peer (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "to_peer");
  g_autofree char *message = g_strdup_printf ("Hello from pid [%d]", (int) getpid ());
  g_autofree char *size = g_strdup_printf ("%zu", strlen (message));
  g_autofree char *expected = NULL;
  g_autofree char *peer_pid = NULL;
  GPid child_pid = 0;
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(GError) error = NULL;
  Communicate c = { FALSE, NULL };
  FifolabUiEntryQuery query;
  FifolabWriter *writer;

  fifolab_ui_window_test_action ("write-pipe", path);
  writer = fifolab_session_get_writer (fifolab_application_get_session (app), path);
  g_assert_nonnull (writer);
  g_assert_cmpstr (fifolab_window_get_target (window), ==, path);

  peer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &child_pid,
                             fifolab_test_peer_path (), "read", path, "--bytes", size, NULL);
  peer_pid = g_strdup_printf ("%d", (int) child_pid);
  g_subprocess_communicate_utf8_async (peer, NULL, NULL, communicate_cb, &c);

  /* Sent from the compose bar with its default template, as a user does, while
   * the peer may still be opening: queued, never lost. */
  g_assert_cmpstr (fifolab_compose_bar_get_template (FIFOLAB_COMPOSE_BAR (_fifolab_window_get_compose_bar (window))),
                   ==, FIFOLAB_DEFAULT_TEMPLATE);
  g_assert_cmpstr (fifolab_compose_bar_get_target (FIFOLAB_COMPOSE_BAR (_fifolab_window_get_compose_bar (window))),
                   ==, path);
  gtk_widget_activate_action (_fifolab_window_get_compose_bar (window), "compose.send", NULL);

  g_assert_true (fifolab_test_wait_for (&c.done, TIMEOUT_MS));
  expected = g_strdup_printf ("I pid [%s] received a message => %s\n", peer_pid, message);
  g_assert_cmpstr (c.out, ==, expected);
  g_free (c.out);

  query = (FifolabUiEntryQuery) { FIFOLAB_DIRECTION_SENT, FIFOLAB_EVENT_NONE, path, -1 };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_has_entry, &query, TIMEOUT_MS));
}

/* A regular file given to Read or Write: a message, nothing opened, nothing changed. */
static void
test_regular_file_refused (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->folder, "notes.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  struct stat before, after;
  gsize len;

  g_assert_true (g_file_set_contents (path, "precious\n", -1, &error));
  g_assert_cmpint (stat (path, &before), ==, 0);

  fifolab_ui_window_test_action ("read-pipe", path);
  g_assert_nonnull (_fifolab_window_get_last_error (window));
  g_assert_null (fifolab_session_get_reader (fifolab_application_get_session (app), path));

  _fifolab_window_clear_last_error (window);
  fifolab_ui_window_test_action ("write-pipe", path);
  g_assert_nonnull (_fifolab_window_get_last_error (window));
  g_assert_null (fifolab_session_get_writer (fifolab_application_get_session (app), path));

  fifolab_test_run_for (200);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_cmpstr (contents, ==, "precious\n");
  g_assert_cmpint (stat (path, &after), ==, 0);
  g_assert_cmpint (after.st_size, ==, before.st_size);
  g_assert_cmpint (after.st_mtim.tv_sec, ==, before.st_mtim.tv_sec);
  g_assert_cmpint (after.st_mtim.tv_nsec, ==, before.st_mtim.tv_nsec);
  g_assert_false (fifolab_ui_test_model_has_path (_fifolab_window_get_pipes (window), path));

  /* Named in the refusal readably, whatever its name's bytes. */
  {
    g_autofree char *odd = g_build_filename (fixture->folder, "notes\xff.txt", NULL);
    g_autofree char *odd_folder = g_build_filename (fixture->folder, "gone\xff", NULL);
    g_autoptr(GFile) odd_file = g_file_new_for_path (odd_folder);

    g_assert_true (g_file_set_contents (odd, "precious\n", -1, NULL));
    g_assert_false (fifolab_window_add_pipe (window, odd, FALSE, &error));
    g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
    g_clear_error (&error);

    g_assert_false (fifolab_window_set_folder (window, odd_file, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  }
}

typedef struct
{
  const char *path;
  GBytes     *expected;
} ExportCheck;

static gboolean
export_matches_cb (gpointer data)
{
  ExportCheck *check = data;
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GBytes) bytes = NULL;

  if (!g_file_get_contents (check->path, &contents, &len, NULL))
    return FALSE;
  bytes = g_bytes_new (contents, len);

  return g_bytes_equal (bytes, check->expected);
}

/* export-log writes the whole log, byte-exact, in the format of the extension. */
static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "exported");
  g_autofree char *jsonl = g_build_filename (fixture->folder, "log.jsonl", NULL);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected = NULL;
  FifolabUiEntryQuery query;
  ExportCheck check;
  static const guint8 binary[] = { 'a', 0x00, 0xff, '\n', 'z' };
  g_autoptr(GBytes) payload = g_bytes_new_static (binary, sizeof binary);

  fifolab_ui_window_test_action ("read-pipe", path);
  fifolab_ui_window_test_action ("write-pipe", path);
  g_assert_true (fifolab_session_send_bytes (fifolab_application_get_session (app), path, payload, &error));
  g_assert_no_error (error);
  query = (FifolabUiEntryQuery) { FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, -1 };
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_has_entry, &query, TIMEOUT_MS));
  fifolab_session_disconnect_all (fifolab_application_get_session (app));
  fifolab_test_run_for (100);

  g_assert_true (fifolab_log_export (fifolab_ui_window_test_log (), FIFOLAB_EXPORT_JSON_LINES, memory, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (memory, NULL, &error));
  expected = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));

  fifolab_ui_window_test_action ("export-log", jsonl);
  check = (ExportCheck) { jsonl, expected };
  g_assert_true (fifolab_test_wait_until (export_matches_cb, &check, TIMEOUT_MS));

  /* An unknown extension is refused with a message, nothing written. */
  _fifolab_window_clear_last_error (window);
  {
    g_autofree char *odd = g_build_filename (fixture->folder, "log.xyz", NULL);

    fifolab_ui_window_test_action ("export-log", odd);
    g_assert_nonnull (_fifolab_window_get_last_error (window));
    fifolab_test_run_for (100);
    g_assert_false (g_file_test (odd, G_FILE_TEST_EXISTS));
  }
}

static gboolean
insensitive_cb (gpointer widget)
{
  return !gtk_widget_is_sensitive (widget);
}

/* Export Log, in the header and on the log's status line, is greyed while
 * the log is empty: there is nothing to save. */
static void
test_export_empty (Fixture       *fixture,
                   gconstpointer  data)
{
  FifolabLog *log = fifolab_ui_window_test_log ();
  GtkWidget *buttons[2];

  buttons[0] = fifolab_ui_test_find_widget (GTK_WIDGET (window), fifolab_ui_test_is_button_of, "win.export");
  buttons[1] = fifolab_ui_test_find_widget (GTK_WIDGET (window), fifolab_ui_test_is_button_of, "log.export");
  g_assert_nonnull (buttons[0]);
  g_assert_nonnull (buttons[1]);

  fifolab_ui_window_test_action ("clear-log", NULL);
  fifolab_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    g_assert_true (fifolab_test_wait_until (insensitive_cb, buttons[i], TIMEOUT_MS));

  fifolab_log_append_event (log, FIFOLAB_EVENT_CREATED, "/nowhere", NULL);
  fifolab_log_flush (log);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    g_assert_true (fifolab_test_wait_until (fifolab_ui_test_sensitive, buttons[i], TIMEOUT_MS));

  fifolab_ui_window_test_action ("clear-log", NULL);
  fifolab_log_flush (log);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    g_assert_true (fifolab_test_wait_until (insensitive_cb, buttons[i], TIMEOUT_MS));
}

/* Ctrl+Return sends the compose bar's message with the focus elsewhere in
 * the window (the header's main menu button), as the shortcuts window
 * says. */
static void
test_send_shortcut (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "shortcut");
  FifolabUiEntryQuery query = { FIFOLAB_DIRECTION_SENT, FIFOLAB_EVENT_NONE, path, -1 };
  GtkWidget *elsewhere = GTK_WIDGET (window->primary_menu_button);

  fifolab_ui_window_test_action ("read-pipe", path);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_reader_waiting, path, TIMEOUT_MS));
  g_object_set (window, "target", path, NULL);
  g_assert_true (gtk_widget_grab_focus (elsewhere));
  g_assert_false (fifolab_ui_test_focus_in (_fifolab_window_get_compose_bar (window)));
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "ctrl+Return", TIMEOUT_MS);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_has_entry, &query, TIMEOUT_MS));
  fifolab_session_disconnect_all (fifolab_application_get_session (app));
}

/* Clear empties the log. */
static void
test_clear_log (Fixture       *fixture,
                gconstpointer  data)
{
  fifolab_log_append_event (fifolab_ui_window_test_log (), FIFOLAB_EVENT_CREATED, "/nowhere", NULL);
  fifolab_log_flush (fifolab_ui_window_test_log ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fifolab_ui_window_test_log ())), >, 0);

  fifolab_ui_window_test_action ("clear-log", NULL);
  fifolab_log_flush (fifolab_ui_window_test_log ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fifolab_ui_window_test_log ())), ==, 0);

  /* Ctrl+L in the window, as a user presses it. */
  fifolab_log_append_event (fifolab_ui_window_test_log (), FIFOLAB_EVENT_CREATED, "/nowhere", NULL);
  fifolab_log_flush (fifolab_ui_window_test_log ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fifolab_ui_window_test_log ())), ==, 1);
  fifolab_ui_test_press_keys (GTK_WINDOW (window), "ctrl+l", TIMEOUT_MS);
  g_assert_true (fifolab_ui_test_wait_n_items (G_LIST_MODEL (fifolab_ui_window_test_log ()), 0, TIMEOUT_MS));
}

/* The largest fixed size the app offers is the one fifolab-peer takes and a
 * framer holds whole (FIFOLAB_MAX_FIXED_SIZE): in the settings, the compose
 * bar and its spin button, the preferences' spin button and spawned peers. */
static void
test_fixed_size_bound (Fixture       *fixture,
                       gconstpointer  data)
{
  GSettings *settings = fifolab_application_get_settings (app);
  GtkWidget *bar = _fifolab_window_get_compose_bar (window);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) at_limit = g_variant_ref_sink (g_variant_new_uint32 (FIFOLAB_MAX_FIXED_SIZE));
  g_autoptr(GVariant) over = g_variant_ref_sink (g_variant_new_uint32 (FIFOLAB_MAX_FIXED_SIZE + 1));
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autoptr(FifolabPeerProcess) peer = NULL;
  GParamSpecUInt *pspec;
  GtkWindow *prefs;
  gboolean prefs_spin_found = FALSE;

  g_object_get (settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, "fixed-size");
  g_assert_true (g_settings_schema_key_range_check (key, at_limit));
  g_assert_false (g_settings_schema_key_range_check (key, over));

  pspec = G_PARAM_SPEC_UINT (g_object_class_find_property (G_OBJECT_GET_CLASS (bar), "fixed-size"));
  g_assert_cmpuint (pspec->maximum, ==, FIFOLAB_MAX_FIXED_SIZE);
  peer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, "/nonexistent/pipe", fifolab_ui_window_test_log ());
  pspec = G_PARAM_SPEC_UINT (g_object_class_find_property (G_OBJECT_GET_CLASS (peer), "fixed-size"));
  g_assert_cmpuint (pspec->maximum, ==, FIFOLAB_MAX_FIXED_SIZE);

  /* The setting at the limit reaches both spin buttons unclamped. */
  g_settings_set_uint (settings, "fixed-size", FIFOLAB_MAX_FIXED_SIZE);
  g_assert_cmpuint (fifolab_compose_bar_get_fixed_size (FIFOLAB_COMPOSE_BAR (bar)), ==,
                    FIFOLAB_MAX_FIXED_SIZE);
  fifolab_ui_test_find_all (bar, GTK_TYPE_SPIN_BUTTON, spins);
  prefs = g_object_ref (GTK_WINDOW (fifolab_preferences_window_new (app)));
  gtk_window_present (prefs);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (prefs), TIMEOUT_MS));
  fifolab_ui_test_find_all (GTK_WIDGET (prefs), GTK_TYPE_SPIN_BUTTON, spins);
  for (guint i = 0; i < spins->len; i++)
    {
      GtkSpinButton *spin = g_ptr_array_index (spins, i);
      GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);

      if (gtk_adjustment_get_value (adjustment) != FIFOLAB_MAX_FIXED_SIZE)
        continue;
      g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, FIFOLAB_MAX_FIXED_SIZE);
      if (gtk_widget_get_ancestor (GTK_WIDGET (spin), GTK_TYPE_WINDOW) == GTK_WIDGET (prefs))
        prefs_spin_found = TRUE;
    }
  g_assert_true (prefs_spin_found);
  gtk_window_destroy (prefs);
  g_assert_finalize_object (prefs);

  g_settings_reset (settings, "fixed-size");
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/window/read-from-peer", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_read_from_peer, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/write-to-peer", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_write_to_peer, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/regular-file-refused", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_regular_file_refused, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/export", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_export, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/export-empty", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_export_empty, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/send-shortcut", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_send_shortcut, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/clear-log", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_clear_log, fifolab_ui_window_fixture_teardown);
  g_test_add ("/window/fixed-size-bound", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_fixed_size_bound, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
