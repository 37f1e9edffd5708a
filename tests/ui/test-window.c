/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The FIFO Lab window, built for real and driven the way a user drives it:
 * through its actions and widgets, against real FIFOs and real peer processes. */
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

typedef struct
{
  char *folder;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  fixture->folder = fifolab_test_tmpdir_new ();
  file = g_file_new_for_path (fixture->folder);
  g_assert_true (fifolab_window_set_folder (window, file, &error));
  g_assert_no_error (error);
  _fifolab_window_clear_last_error (window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  fifolab_session_disconnect_all (fifolab_application_get_session (app));
  fifolab_test_tmpdir_free (fixture->folder);
}

static FifolabLog *
get_log (void)
{
  return fifolab_session_get_log (fifolab_application_get_session (app));
}

/* A path goes to the actions that take one as bytes ("ay": a file name need
 * not be UTF-8), other arguments as a string. */
static void
activate_app_action (const char *name,
                     const char *argument)
{
  const GVariantType *type = g_action_group_get_action_parameter_type (G_ACTION_GROUP (app), name);
  GVariant *parameter = NULL;

  if (argument != NULL && g_variant_type_equal (type, G_VARIANT_TYPE_BYTESTRING))
    parameter = g_variant_new_bytestring (argument);
  else if (argument != NULL)
    parameter = g_variant_new_string (argument);
  g_action_group_activate_action (G_ACTION_GROUP (app), name, parameter);
}

/* The first log entry matching, or NULL. */
static FifolabLogEntry *
find_entry (FifolabDirection  direction,
            FifolabEventKind  kind,
            const char       *path,
            gint64            sender_pid)
{
  FifolabLog *log = get_log ();

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

typedef struct
{
  FifolabDirection  direction;
  FifolabEventKind  kind;
  const char       *path;
  gint64            sender_pid;
} EntryQuery;

static gboolean
has_entry_cb (gpointer data)
{
  EntryQuery *query = data;
  g_autoptr(FifolabLogEntry) entry = find_entry (query->direction, query->kind, query->path, query->sender_pid);

  return entry != NULL;
}

static gboolean
pipe_listed_cb (gpointer data)
{
  return fifolab_ui_test_model_has_path (_fifolab_window_get_pipes (window), data);
}

static gboolean
pipe_not_listed_cb (gpointer data)
{
  return !pipe_listed_cb (data);
}

static gboolean
reader_waiting_cb (gpointer data)
{
  FifolabReader *reader = fifolab_session_get_reader (fifolab_application_get_session (app), data);

  return reader != NULL && fifolab_reader_get_state (reader) == FIFOLAB_READER_WAITING_FOR_WRITER;
}

static char *
make_fifo (Fixture    *fixture,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;

  g_assert_true (fifolab_fifo_create_in (fixture->folder, name, 0600, &path, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (pipe_listed_cb, path, TIMEOUT_MS));

  return path;
}

static void
subprocess_exited_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

/* New Pipe dialog → a FIFO on disk, 0600, listed and selected in the browser. */
static void
test_create_from_dialog (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->folder, "lab_pipe", NULL);
  FifolabNewPipeDialog *dialog;
  GtkEditable *name;
  GtkButton *create;
  struct stat st;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-pipe", NULL);
  dialog = FIFOLAB_NEW_PIPE_DIALOG (fifolab_ui_test_find_toplevel (FIFOLAB_TYPE_NEW_PIPE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (dialog), TIMEOUT_MS));
  g_assert_cmpuint (fifolab_new_pipe_dialog_get_mode (dialog), ==, 0600);

  name = _fifolab_new_pipe_dialog_get_name_editable (dialog);
  create = _fifolab_new_pipe_dialog_get_create_button (dialog);

  /* Validated as typed: a slash is refused inline, Create stays off. */
  gtk_editable_set_text (name, "bad/name");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (create)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_fifolab_new_pipe_dialog_get_error_label (dialog))));

  gtk_editable_set_text (name, "lab_pipe");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (create)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_fifolab_new_pipe_dialog_get_error_label (dialog))));

  /* A button activates after its pressed animation: wait for the pipe. */
  gtk_widget_activate (GTK_WIDGET (create));
  g_assert_true (fifolab_test_wait_until (pipe_listed_cb, path, TIMEOUT_MS));

  g_assert_cmpint (lstat (path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_true (fifolab_test_wait_until (pipe_listed_cb, path, TIMEOUT_MS));
  g_assert_null (fifolab_ui_test_find_toplevel (FIFOLAB_TYPE_NEW_PIPE_DIALOG));

  /* It is selected, so it is where the compose bar sends. */
  fifolab_test_run_for (50);
  g_assert_cmpstr (fifolab_window_get_target (window), ==, path);

  /* The same name again: refused inline before anything is created. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-pipe", NULL);
  dialog = FIFOLAB_NEW_PIPE_DIALOG (fifolab_ui_test_find_toplevel (FIFOLAB_TYPE_NEW_PIPE_DIALOG));
  g_assert_nonnull (dialog);
  gtk_editable_set_text (_fifolab_new_pipe_dialog_get_name_editable (dialog), "lab_pipe");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (_fifolab_new_pipe_dialog_get_create_button (dialog))));
  gtk_window_close (GTK_WINDOW (dialog));
  fifolab_test_run_for (50);
}

/* Read: a peer writes, the log gains its message with the peer's pid. */
static void
test_read_from_peer (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = make_fifo (fixture, "my_pipe");
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLogEntry) entry = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GBytes) bytes = NULL;
  EntryQuery query;
  gboolean exited = FALSE;
  gint64 peer_pid;
  GPid child_pid = 0;
  GListModel *shown;

  activate_app_action ("read-pipe", path);
  g_assert_true (fifolab_test_wait_until (reader_waiting_cb, path, TIMEOUT_MS));
  /* The window reads below GTK's redraw priority: a flood never holds a frame back. */
  g_assert_cmpint (fifolab_reader_get_priority (fifolab_session_get_reader (fifolab_application_get_session (app), path)),
                   >, GDK_PRIORITY_REDRAW);

  peer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &child_pid,
                             fifolab_test_peer_path (), "write", path, NULL);
  peer_pid = child_pid;
  g_subprocess_wait_async (peer, NULL, subprocess_exited_cb, &exited);

  query = (EntryQuery) { FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, peer_pid };
  g_assert_true (fifolab_test_wait_until (has_entry_cb, &query, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_for (&exited, TIMEOUT_MS));
  g_assert_true (g_subprocess_get_successful (peer));

  entry = find_entry (FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, peer_pid);
  expected = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", peer_pid);
  bytes = g_bytes_new (expected, strlen (expected));
  g_assert_true (g_bytes_equal (fifolab_log_entry_get_bytes (entry), bytes));
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (entry), ==, getpid ());

  /* The log view shows it. */
  fifolab_test_run_for (100);
  shown = fifolab_log_view_get_shown_model (FIFOLAB_LOG_VIEW (_fifolab_window_get_log_view (window)));
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);

  activate_app_action ("disconnect-pipe", path);
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
  g_autofree char *path = make_fifo (fixture, "to_peer");
  g_autofree char *message = g_strdup_printf ("Hello from pid [%d]", (int) getpid ());
  g_autofree char *size = g_strdup_printf ("%zu", strlen (message));
  g_autofree char *expected = NULL;
  g_autofree char *peer_pid = NULL;
  GPid child_pid = 0;
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(GError) error = NULL;
  Communicate c = { FALSE, NULL };
  EntryQuery query;
  FifolabWriter *writer;

  activate_app_action ("write-pipe", path);
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

  query = (EntryQuery) { FIFOLAB_DIRECTION_SENT, FIFOLAB_EVENT_NONE, path, -1 };
  g_assert_true (fifolab_test_wait_until (has_entry_cb, &query, TIMEOUT_MS));
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

  activate_app_action ("read-pipe", path);
  g_assert_nonnull (_fifolab_window_get_last_error (window));
  g_assert_null (fifolab_session_get_reader (fifolab_application_get_session (app), path));

  _fifolab_window_clear_last_error (window);
  activate_app_action ("write-pipe", path);
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

/* A pipe deleted while FIFO Lab reads it is reported in the log. */
static void
test_deleted_while_reading (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = make_fifo (fixture, "doomed");
  EntryQuery query;

  activate_app_action ("read-pipe", path);
  g_assert_true (fifolab_test_wait_until (reader_waiting_cb, path, TIMEOUT_MS));

  g_assert_cmpint (g_unlink (path), ==, 0);

  query = (EntryQuery) { FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_PIPE_REMOVED, path, -1 };
  g_assert_true (fifolab_test_wait_until (has_entry_cb, &query, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (pipe_not_listed_cb, path, TIMEOUT_MS));
  g_assert_nonnull (_fifolab_window_get_last_error (window));
}

/* A label of @root's tree that is drawn and whose text holds @text, or NULL. */
static GtkLabel *
find_shown_label (GtkWidget  *root,
                  const char *text)
{
  if (!gtk_widget_is_drawable (root))
    return NULL;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_shown_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
deleted_shown_cb (gpointer data)
{
  return find_shown_label (GTK_WIDGET (window), data) != NULL;
}

/* The folder browsed is deleted: the browser says so, with the folder's
 * path, instead of "This folder has no named pipes yet". */
static void
test_folder_deleted (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = make_fifo (fixture, "a");
  g_autofree char *said = g_strdup_printf ("The folder “%s” was deleted", fixture->folder);
  GtkLabel *label;

  g_assert_true (fifolab_test_wait_until (pipe_listed_cb, path, TIMEOUT_MS));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (fixture->folder), ==, 0);

  g_assert_true (fifolab_test_wait_until (deleted_shown_cb, said, TIMEOUT_MS));
  label = find_shown_label (GTK_WIDGET (window), said);
  g_test_message ("shown: %s", gtk_label_get_text (label));
  /* Plain text, never markup. */
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_null (find_shown_label (GTK_WIDGET (window), "no named pipes yet"));
  g_assert_cmpuint (g_list_model_get_n_items (_fifolab_window_get_pipes (window)), ==, 0);

  /* Back again: the browser lists it and the message goes. */
  g_assert_cmpint (g_mkdir (fixture->folder, 0700), ==, 0);
  g_clear_pointer (&path, g_free);
  path = make_fifo (fixture, "b");
  g_assert_true (fifolab_test_wait_until (pipe_listed_cb, path, TIMEOUT_MS));
  g_assert_null (find_shown_label (GTK_WIDGET (window), said));
}

/* Text that looks like markup is stored and shown literally. */
static void
test_markup_literal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = make_fifo (fixture, "loop");
  g_autoptr(FifolabLogEntry) entry = NULL;
  EntryQuery query;

  activate_app_action ("read-pipe", path);
  activate_app_action ("write-pipe", path);
  activate_app_action ("send", "<b>&amp;");

  query = (EntryQuery) { FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, -1 };
  g_assert_true (fifolab_test_wait_until (has_entry_cb, &query, TIMEOUT_MS));
  entry = find_entry (FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, -1);
  g_assert_cmpstr (fifolab_log_entry_get_display_text (entry), ==, "<b>&amp;");
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
  g_autofree char *path = make_fifo (fixture, "exported");
  g_autofree char *jsonl = g_build_filename (fixture->folder, "log.jsonl", NULL);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected = NULL;
  EntryQuery query;
  ExportCheck check;
  static const guint8 binary[] = { 'a', 0x00, 0xff, '\n', 'z' };
  g_autoptr(GBytes) payload = g_bytes_new_static (binary, sizeof binary);

  activate_app_action ("read-pipe", path);
  activate_app_action ("write-pipe", path);
  g_assert_true (fifolab_session_send_bytes (fifolab_application_get_session (app), path, payload, &error));
  g_assert_no_error (error);
  query = (EntryQuery) { FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, -1 };
  g_assert_true (fifolab_test_wait_until (has_entry_cb, &query, TIMEOUT_MS));
  fifolab_session_disconnect_all (fifolab_application_get_session (app));
  fifolab_test_run_for (100);

  g_assert_true (fifolab_log_export (get_log (), FIFOLAB_EXPORT_JSON_LINES, memory, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (memory, NULL, &error));
  expected = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));

  activate_app_action ("export-log", jsonl);
  check = (ExportCheck) { jsonl, expected };
  g_assert_true (fifolab_test_wait_until (export_matches_cb, &check, TIMEOUT_MS));

  /* An unknown extension is refused with a message, nothing written. */
  _fifolab_window_clear_last_error (window);
  {
    g_autofree char *odd = g_build_filename (fixture->folder, "log.xyz", NULL);

    activate_app_action ("export-log", odd);
    g_assert_nonnull (_fifolab_window_get_last_error (window));
    fifolab_test_run_for (100);
    g_assert_false (g_file_test (odd, G_FILE_TEST_EXISTS));
  }
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

/* A descendant of @root for which @match returns TRUE, depth first. */
static GtkWidget *
find_widget (GtkWidget  *root,
             gboolean  (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_row_of (GtkWidget     *widget,
           gconstpointer  path)
{
  FifolabPipeInfo *info;

  if (!FIFOLAB_IS_PIPE_ROW (widget))
    return FALSE;
  info = fifolab_pipe_row_get_info (FIFOLAB_PIPE_ROW (widget));
  return info != NULL && g_strcmp0 (fifolab_pipe_info_get_path (info), path) == 0;
}

static gboolean
is_button_for (GtkWidget     *widget,
               gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
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
  return find_widget (_fifolab_window_get_log_view (window), is_inscription_starting, data) != NULL;
}

static gboolean
pipe_row_shown_cb (gpointer data)
{
  return find_widget (GTK_WIDGET (window), is_row_of, data) != NULL;
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
  FifolabLog *log = get_log ();
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
  g_autofree char *path = make_fifo (fixture, "bad\xff\xfe name");
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
  EntryQuery query;
  guint recovered = 0;
  gsize len;

  /* Listed: the row's menu targets the path as bytes. */
  g_assert_true (fifolab_test_wait_until (pipe_row_shown_cb, path, TIMEOUT_MS));
  row = find_widget (GTK_WIDGET (window), is_row_of, path);
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
  read_button = find_widget (details, is_button_for, "app.read-pipe");
  g_assert_nonnull (read_button);
  assert_path_target (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (read_button)), path);
  g_signal_emit_by_name (read_button, "clicked");
  g_assert_true (fifolab_test_wait_until (reader_waiting_cb, path, TIMEOUT_MS));

  activate_app_action ("write-pipe", path);
  g_assert_true (fifolab_session_send_bytes (fifolab_application_get_session (app), path, payload, &error));
  g_assert_no_error (error);
  query = (EntryQuery) { FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, path, 12345 };
  g_assert_true (fifolab_test_wait_until (has_entry_cb, &query, TIMEOUT_MS));

  /* The log view shows the name (its pipe column); the search's pipe filter
   * names its items (paths) with its expression. */
  log_view = _fifolab_window_get_log_view (window);
  g_assert_true (fifolab_test_wait_until (log_view_shows_name_cb, "bad", TIMEOUT_MS));
  search_dropdown = fifolab_ui_test_find_descendant (log_view, GTK_TYPE_DROP_DOWN);
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
  activate_app_action ("export-log", jsonl);
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
  return find_widget (_fifolab_window_get_details (window), is_row_titled, data) != NULL;
}

static void
test_holder_name_literal (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = make_fifo (fixture, "held_by_odd");
  g_autofree char *shell = g_build_filename (fixture->folder, "x&<b>y", NULL);
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GError) error = NULL;
  gboolean exited = FALSE;

  g_assert_cmpint (symlink ("/bin/sh", shell), ==, 0);
  holder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                             shell, "-c", "exec 3<>\"$0\"; read line", path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (holder, NULL, subprocess_exited_cb, &exited);

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
  g_autofree char *path = make_fifo (fixture, "watched");
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
  g_assert_true (fifolab_test_wait_until (pipe_not_listed_cb, path, TIMEOUT_MS));
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
  g_assert_nonnull (find_widget (GTK_WIDGET (prefs), is_row_subtitled, odd));
  gtk_window_destroy (prefs);
  g_assert_finalize_object (prefs);
  g_settings_reset (settings, "folder");
}

/* Clear empties the log. */
static void
test_clear_log (Fixture       *fixture,
                gconstpointer  data)
{
  fifolab_log_append_event (get_log (), FIFOLAB_EVENT_CREATED, "/nowhere", NULL);
  fifolab_log_flush (get_log ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_log ())), >, 0);

  activate_app_action ("clear-log", NULL);
  fifolab_log_flush (get_log ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_log ())), ==, 0);
}

/* Delete asks first; confirmed, the FIFO is gone and the log says so. */
static void
test_delete_pipe (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = make_fifo (fixture, "to_delete");
  AdwMessageDialog *dialog;
  EntryQuery query;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-pipe", "^ay", path);
  dialog = ADW_MESSAGE_DIALOG (fifolab_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);

  /* Cancel keeps it. */
  adw_message_dialog_response (dialog, "cancel");
  fifolab_test_run_for (100);
  g_assert_true (fifolab_fifo_is_fifo (path));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-pipe", "^ay", path);
  dialog = ADW_MESSAGE_DIALOG (fifolab_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "delete");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  query = (EntryQuery) { FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_DELETED, path, -1 };
  g_assert_true (fifolab_test_wait_until (has_entry_cb, &query, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (pipe_not_listed_cb, path, TIMEOUT_MS));
  fifolab_test_run_for (100);
}

/* Runs a command as a separate process, as another program would. */
static void
run_command (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

/* `fifolab PIPE` reaching the running instance: its command-line handler
 * with the arguments a second fifolab would forward. */
static int
command_line_add (const char *path)
{
  const char *pipes[] = { path, NULL };
  const char *args[] = { "fifolab", path, NULL };
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);
  g_autoptr(GVariantDict) platform = g_variant_dict_new (NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GApplicationCommandLine) command_line = NULL;
  int status = -1;

  g_variant_dict_insert_value (options, G_OPTION_REMAINING, g_variant_new_bytestring_array (pipes, -1));
  g_variant_dict_insert_value (platform, "cwd", g_variant_new_bytestring (cwd));
  command_line = g_object_new (G_TYPE_APPLICATION_COMMAND_LINE,
                               "arguments", g_variant_new_bytestring_array (args, -1),
                               "options", g_variant_dict_end (options),
                               "platform-data", g_variant_dict_end (platform),
                               NULL);
  g_signal_emit_by_name (app, "command-line", command_line, &status);
  return status;
}

typedef struct
{
  const char *path;
  guint       mode;
} ModeQuery;

static gboolean
listed_with_mode_cb (gpointer data)
{
  ModeQuery *query = data;
  GListModel *pipes = _fifolab_window_get_pipes (window);

  for (guint i = 0; i < g_list_model_get_n_items (pipes); i++)
    {
      g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (pipes, i);

      if (g_strcmp0 (fifolab_pipe_info_get_path (info), query->path) == 0)
        return (fifolab_pipe_info_get_mode (info) & 0777) == query->mode;
    }
  return FALSE;
}

static gboolean
listed_once_cb (gpointer data)
{
  GListModel *pipes = _fifolab_window_get_pipes (window);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (pipes); i++)
    {
      g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (pipes, i);

      if (g_strcmp0 (fifolab_pipe_info_get_path (info), data) == 0)
        n++;
    }
  return n == 1;
}

static void
browse (const char *folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;

  g_assert_true (fifolab_window_set_folder (window, file, &error));
  g_assert_no_error (error);
}

/* A pipe from another folder given on the command line is listed after the
 * folder's pipes and follows what other programs do to it: chmod shows,
 * rm takes the row away; one FIFO Lab reads is reported removed. */
static void
test_pipe_elsewhere (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *local = make_fifo (fixture, "local_pipe");
  g_autofree char *elsewhere = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (elsewhere, "their_pipe", NULL);
  g_autofree char *held = g_build_filename (elsewhere, "held_pipe", NULL);
  GListModel *pipes = _fifolab_window_get_pipes (window);
  g_autoptr(FifolabPipeInfo) last = NULL;
  g_autoptr(GError) error = NULL;
  ModeQuery mode = { path, 0644 };
  EntryQuery query;

  g_assert_true (fifolab_fifo_create (path, 0600, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_fifo_create (held, 0600, &error));
  g_assert_no_error (error);

  g_assert_cmpint (command_line_add (path), ==, 0);
  g_assert_true (pipe_listed_cb (path));
  last = g_list_model_get_item (pipes, g_list_model_get_n_items (pipes) - 1);
  g_assert_cmpstr (fifolab_pipe_info_get_path (last), ==, path);
  g_assert_true (pipe_listed_cb (local));
  /* Given twice, listed once. */
  g_assert_cmpint (command_line_add (path), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (pipes), ==, 2);

  {
    const char *chmod_argv[] = { "chmod", "644", path, NULL };

    run_command (chmod_argv);
    g_assert_true (fifolab_test_wait_until (listed_with_mode_cb, &mode, TIMEOUT_MS));
  }

  /* Browsing its folder lists it once, with that folder's pipes; back home it
   * is still listed, once, after the folder's. */
  browse (elsewhere);
  g_assert_true (fifolab_test_wait_until (pipe_listed_cb, held, TIMEOUT_MS));
  fifolab_test_run_for (100);
  g_assert_true (listed_once_cb (path));
  browse (fixture->folder);
  g_assert_true (fifolab_test_wait_until (pipe_listed_cb, local, TIMEOUT_MS));
  fifolab_test_run_for (100);
  g_assert_true (listed_once_cb (path));
  g_assert_false (pipe_listed_cb (held));
  {
    const char *rm_argv[] = { "rm", path, NULL };

    run_command (rm_argv);
    g_assert_true (fifolab_test_wait_until (pipe_not_listed_cb, path, TIMEOUT_MS));
    g_assert_true (pipe_listed_cb (local));
  }

  /* Read from, then deleted by someone else: the log says so. */
  activate_app_action ("read-pipe", held);
  g_assert_true (fifolab_test_wait_until (pipe_listed_cb, held, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (reader_waiting_cb, held, TIMEOUT_MS));
  {
    const char *rm_argv[] = { "rm", held, NULL };

    run_command (rm_argv);
  }
  g_assert_true (fifolab_test_wait_until (pipe_not_listed_cb, held, TIMEOUT_MS));
  query = (EntryQuery) { FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_PIPE_REMOVED, held, -1 };
  g_assert_true (fifolab_test_wait_until (has_entry_cb, &query, TIMEOUT_MS));

  fifolab_session_disconnect_all (fifolab_application_get_session (app));
  fifolab_test_tmpdir_free (g_steal_pointer (&elsewhere));
}

static gboolean
lesson_step_done_cb (gpointer data)
{
  return fifolab_lesson_is_step_done (data, 0);
}

/* The lessons work in a folder of their own; the pipes they make are listed
 * in the browser while the lesson runs, and go when it cleans up. */
static void
test_lesson_pipes_listed (Fixture       *fixture,
                          gconstpointer  data)
{
  FifolabLessonsPage *lessons;
  FifolabLesson *lesson;
  GtkWidget *stack;
  g_autofree char *pipe = NULL;
  g_autofree char *lesson_folder = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL);
  lessons = FIFOLAB_LESSONS_PAGE (fifolab_ui_test_find_descendant (GTK_WIDGET (window), FIFOLAB_TYPE_LESSONS_PAGE));
  g_assert_nonnull (lessons);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (lessons), TIMEOUT_MS));
  lesson = fifolab_lessons_page_get_lesson (lessons);
  g_assert_nonnull (lesson);
  pipe = g_strdup (fifolab_lesson_get_pipe_path (lesson));
  lesson_folder = g_strdup (fifolab_lesson_get_folder (lesson));
  g_assert_false (pipe_listed_cb (pipe));

  /* Step 1, by its button: mkfifo my_pipe. */
  fifolab_lesson_set_current (lesson, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (lessons), "lessons.run", NULL));
  g_assert_true (fifolab_test_wait_until (lesson_step_done_cb, lesson, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (pipe_listed_cb, pipe, TIMEOUT_MS));

  /* The student looks at the pipe's details instead: the lesson ends,
   * its folder goes, and so does the row. */
  stack = gtk_widget_get_ancestor (GTK_WIDGET (lessons), GTK_TYPE_STACK);
  g_assert_nonnull (stack);
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "details");
  g_assert_null (fifolab_lessons_page_get_lesson (lessons));
  g_assert_false (g_file_test (lesson_folder, G_FILE_TEST_EXISTS));
  g_assert_true (fifolab_test_wait_until (pipe_not_listed_cb, pipe, TIMEOUT_MS));
}

/* Opens a second main window with the size the settings hold, shows it, and
 * closes it as a user does (close-request saves its size). G_DEBUG has
 * fatal-warnings: a Gtk-CRITICAL about the size fails the test here. */
static void
open_and_close_window (int *width,
                       int *height)
{
  GtkWindow *toplevel = g_object_ref (GTK_WINDOW (fifolab_window_new (app)));

  gtk_window_present (toplevel);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (toplevel), TIMEOUT_MS));
  gtk_window_get_default_size (toplevel, width, height);
  gtk_window_close (toplevel);
  /* Let a holder scan started while it was shown come back cancelled. */
  fifolab_test_run_for (200);
  g_assert_finalize_object (toplevel);
}

/* window-width and window-height: the schema refuses sizes GTK refuses (a
 * negative one gave a Gtk-CRITICAL when the window opened), and the window
 * opens without a warning at both ends of the range. */
static void
test_size_settings (Fixture       *fixture,
                    gconstpointer  data)
{
  GSettings *settings = fifolab_application_get_settings (app);
  g_autoptr(GSettingsSchema) schema = NULL;
  const char *keys[] = { "window-width", "window-height" };
  const gint32 refused[] = { G_MININT32, -5, -1, 0, 32768, G_MAXINT32 };
  int width, height;

  g_object_get (settings, "settings-schema", &schema, NULL);

  /* A schema without a range takes a negative size: show what the window
   * makes of it. With the range this cannot be written at all. */
  {
    g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, "window-width");
    g_autoptr(GVariant) negative = g_variant_ref_sink (g_variant_new_int32 (-5));

    if (g_settings_schema_key_range_check (key, negative))
      {
        g_test_message ("the schema takes window-width -5; opening a window with it");
        g_settings_set_int (settings, "window-width", -5);
        g_settings_set_int (settings, "window-height", -7);
        open_and_close_window (&width, &height);
        g_test_message ("opened with -5 × -7: default size %d × %d", width, height);
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, keys[i]);
      g_autoptr(GVariant) default_value = g_settings_schema_key_get_default_value (key);

      for (guint j = 0; j < G_N_ELEMENTS (refused); j++)
        {
          g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_int32 (refused[j]));

          g_test_message ("%s %d", keys[i], refused[j]);
          g_assert_false (g_settings_schema_key_range_check (key, value));
        }
      g_assert_true (g_settings_schema_key_range_check (key, default_value));
    }

  /* The extremes the schema allows open a window without a warning, and the
   * size saved on closing is one the schema takes (else writing it would warn). */
  g_settings_set_int (settings, "window-width", 1);
  g_settings_set_int (settings, "window-height", 1);
  open_and_close_window (&width, &height);
  g_assert_cmpint (width, >=, 1);
  g_assert_cmpint (height, >=, 1);

  g_settings_set_int (settings, "window-width", 32767);
  g_settings_set_int (settings, "window-height", 32767);
  open_and_close_window (&width, &height);
  g_assert_cmpint (width, >=, 1);
  g_assert_cmpint (height, >=, 1);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), <=, 32767);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), <=, 32767);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
collect_spin_buttons (GtkWidget *widget,
                      GPtrArray *found)
{
  if (GTK_IS_SPIN_BUTTON (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_spin_buttons (child, found);
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
  peer = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, "/nonexistent/pipe", get_log ());
  pspec = G_PARAM_SPEC_UINT (g_object_class_find_property (G_OBJECT_GET_CLASS (peer), "fixed-size"));
  g_assert_cmpuint (pspec->maximum, ==, FIFOLAB_MAX_FIXED_SIZE);

  /* The setting at the limit reaches both spin buttons unclamped. */
  g_settings_set_uint (settings, "fixed-size", FIFOLAB_MAX_FIXED_SIZE);
  g_assert_cmpuint (fifolab_compose_bar_get_fixed_size (FIFOLAB_COMPOSE_BAR (bar)), ==,
                    FIFOLAB_MAX_FIXED_SIZE);
  collect_spin_buttons (bar, spins);
  prefs = g_object_ref (GTK_WINDOW (fifolab_preferences_window_new (app)));
  gtk_window_present (prefs);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (prefs), TIMEOUT_MS));
  collect_spin_buttons (GTK_WIDGET (prefs), spins);
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

/* Each type goes away with its last reference: nothing leaks a reference. */
static void
test_new_destroy (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = make_fifo (fixture, "short_lived");
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->folder);
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabPipeInfo) info = fifolab_pipe_info_new_for_path (path, &error);
  FifolabApplication *other_app;
  GtkWidget *widget;
  GtkWindow *toplevel;

  g_assert_no_error (error);

  widget = g_object_ref_sink (fifolab_pipe_row_new ());
  fifolab_pipe_row_set_session (FIFOLAB_PIPE_ROW (widget), fifolab_application_get_session (app));
  fifolab_pipe_row_set_info (FIFOLAB_PIPE_ROW (widget), info);
  g_assert_finalize_object (widget);

  widget = g_object_ref_sink (fifolab_pipe_details_new ());
  fifolab_pipe_details_set_session (FIFOLAB_PIPE_DETAILS (widget), fifolab_application_get_session (app));
  fifolab_pipe_details_set_info (FIFOLAB_PIPE_DETAILS (widget), info);
  g_assert_finalize_object (widget);

  toplevel = g_object_ref (GTK_WINDOW (fifolab_new_pipe_dialog_new (GTK_WINDOW (window), folder)));
  gtk_window_present (toplevel);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (toplevel), TIMEOUT_MS));
  gtk_window_destroy (toplevel);
  g_assert_finalize_object (toplevel);

  toplevel = g_object_ref (GTK_WINDOW (fifolab_preferences_window_new (app)));
  gtk_window_present (toplevel);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (toplevel), TIMEOUT_MS));
  gtk_window_destroy (toplevel);
  g_assert_finalize_object (toplevel);

  /* A second main window on the same application, shown, then closed. */
  toplevel = g_object_ref (GTK_WINDOW (fifolab_window_new (app)));
  gtk_window_present (toplevel);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (toplevel), TIMEOUT_MS));
  gtk_window_destroy (toplevel);
  /* Let a holder scan started while it was shown come back cancelled. */
  fifolab_test_run_for (200);
  g_assert_finalize_object (toplevel);

  other_app = fifolab_application_new ("io.github.fifolab.FifoLab.UiTestOther", G_APPLICATION_NON_UNIQUE);
  g_assert_finalize_object (other_app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  int status;

  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;

  fifolab_ignore_sigpipe ();

  app = fifolab_application_new ("io.github.fifolab.FifoLab.UiTest", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = FIFOLAB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  g_assert_true (fifolab_ui_test_wait_mapped (GTK_WIDGET (window), TIMEOUT_MS));

  g_test_add ("/window/create-from-dialog", Fixture, NULL, fixture_setup, test_create_from_dialog, fixture_teardown);
  g_test_add ("/window/read-from-peer", Fixture, NULL, fixture_setup, test_read_from_peer, fixture_teardown);
  g_test_add ("/window/write-to-peer", Fixture, NULL, fixture_setup, test_write_to_peer, fixture_teardown);
  g_test_add ("/window/regular-file-refused", Fixture, NULL, fixture_setup, test_regular_file_refused, fixture_teardown);
  g_test_add ("/window/deleted-while-reading", Fixture, NULL, fixture_setup, test_deleted_while_reading, fixture_teardown);
  g_test_add ("/window/folder-deleted", Fixture, NULL, fixture_setup, test_folder_deleted, fixture_teardown);
  g_test_add ("/window/markup-literal", Fixture, NULL, fixture_setup, test_markup_literal, fixture_teardown);
  g_test_add ("/window/export", Fixture, NULL, fixture_setup, test_export, fixture_teardown);
  g_test_add ("/window/delete-pipe", Fixture, NULL, fixture_setup, test_delete_pipe, fixture_teardown);
  g_test_add ("/window/non-utf8-name", Fixture, NULL, fixture_setup, test_non_utf8_name, fixture_teardown);
  g_test_add ("/window/holder-monitor", Fixture, NULL, fixture_setup, test_holder_monitor, fixture_teardown);
  g_test_add ("/window/holder-name-literal", Fixture, NULL, fixture_setup, test_holder_name_literal, fixture_teardown);
  g_test_add ("/window/folder-name-literal", Fixture, NULL, fixture_setup, test_folder_name_literal, fixture_teardown);
  g_test_add ("/window/new-destroy", Fixture, NULL, fixture_setup, test_new_destroy, fixture_teardown);
  g_test_add ("/window/clear-log", Fixture, NULL, fixture_setup, test_clear_log, fixture_teardown);
  g_test_add ("/window/pipe-elsewhere", Fixture, NULL, fixture_setup, test_pipe_elsewhere, fixture_teardown);
  g_test_add ("/window/lesson-pipes-listed", Fixture, NULL, fixture_setup, test_lesson_pipes_listed, fixture_teardown);
  g_test_add ("/window/size-settings", Fixture, NULL, fixture_setup, test_size_settings, fixture_teardown);
  g_test_add ("/window/fixed-size-bound", Fixture, NULL, fixture_setup, test_fixed_size_bound, fixture_teardown);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  fifolab_test_run_for (50);
  g_clear_object (&app);
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));

  return status;
}
