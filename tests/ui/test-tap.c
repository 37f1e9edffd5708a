/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Tap in the window (issue 15), with real processes on real FIFOs: a
 * tap left behind by a crash (fifolab-peer tap, SIGKILLed) is offered in a
 * notice that names the pipe, and Restore puts the very inode back; the Tap
 * toggle of the pipe's details relays the seed's Python writer to cat,
 * showing the message in the log, and releasing it puts the original back;
 * a tap that cannot start says why, in words. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "fifolab.h"
#include "fifolab-application.h"
#include "fifolab-pipe-details.h"
#include "fifolab-tap.h"
#include "fifolab-tap-control.h"
#include "fifolab-tap-notice.h"
#include "fifolab-ui-test-util.h"
#include "fifolab-window.h"
#include "fifolab-window-private.h"

#define TIMEOUT_MS 10000

static FifolabApplication *app;
static FifolabWindow *window;

typedef FifolabUiWindowFixture Fixture;

/* A button or a drop-down shown whose accessible name is @name. */
static gboolean
is_control_named (GtkWidget     *widget,
                  gconstpointer  name)
{
  g_autofree char *label = NULL;

  if ((!GTK_IS_BUTTON (widget) && !GTK_IS_DROP_DOWN (widget)) || !gtk_widget_is_drawable (widget))
    return FALSE;
  label = fifolab_ui_test_accessible_label (widget);
  return g_strcmp0 (label, name) == 0;
}

static GtkWidget *
find_control (const char *name)
{
  return fifolab_ui_test_find_widget (GTK_WIDGET (window), is_control_named, name);
}

static gboolean
control_shown (gpointer data)
{
  return find_control (data) != NULL;
}

static gboolean
notice_hidden (gpointer data)
{
  return find_control ("Restore") == NULL;
}

/* Nothing of the notice is left to style or measure while it shows
 * nothing: no part of it is visible (its revealer is hidden, not only
 * unrevealed). */
static gboolean
notice_content_hidden (gpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->tap_notice));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      return FALSE;
  return TRUE;
}

/* A tap that crashed left the pipe swapped: the notice names it, and its
 * Restore button puts the original inode back at the name. */
static void
test_leftover_restored (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "crashed_pipe");
  const char *argv[] = { fifolab_test_peer_path (), "tap", path, "--json",
                         "--arriving", "writers", NULL };
  g_autoptr(FifolabTestChild) tap = NULL;
  FifolabTestInode swapped = { path, fifolab_test_inode_of (path) };
  GtkWidget *restore;

  /* No leftover: nothing offered. */
  g_assert_true (fifolab_test_wait_until (notice_hidden, NULL, TIMEOUT_MS));
  g_assert_true (notice_content_hidden (NULL));

  tap = fifolab_test_child_spawn (argv);
  g_assert_true (fifolab_test_wait_until (fifolab_test_inode_differs, &swapped, TIMEOUT_MS));
  /* A tap that runs is no leftover. */
  g_assert_null (find_control ("Restore"));
  g_subprocess_send_signal (tap->proc, SIGKILL);
  g_assert_true (fifolab_test_wait_until (fifolab_test_child_done, tap, TIMEOUT_MS));
  g_assert_cmpuint (fifolab_test_inode_of (path), !=, swapped.ino);

  /* The window shows the folder again (as at the next start). */
  {
    g_autofree char *empty = fifolab_test_tmpdir_new ();
    g_autoptr(GFile) folder = g_file_new_for_path (fixture->folder);
    g_autoptr(GFile) other = g_file_new_for_path (empty);

    g_assert_true (fifolab_window_set_folder (window, other, NULL));
    g_assert_true (fifolab_window_set_folder (window, folder, NULL));
    fifolab_test_tmpdir_free (g_steal_pointer (&empty));
  }
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, "“crashed_pipe”", TIMEOUT_MS));
  restore = find_control ("Restore");
  g_assert_nonnull (restore);
  /* A button activated clicks once it has shown itself pressed. */
  fifolab_ui_test_press (restore);
  g_assert_true (fifolab_test_wait_until (fifolab_test_inode_is, &swapped, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (notice_hidden, NULL, TIMEOUT_MS));
  /* Once it has slid up, hidden again. */
  g_assert_true (fifolab_test_wait_until (notice_content_hidden, NULL, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, "the original pipe is at its name again", TIMEOUT_MS));
}

static GtkToggleButton *
tap_toggle (const char *path)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *button;

  g_assert_true (fifolab_window_add_pipe (window, path, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (control_shown, (gpointer) "Tap", TIMEOUT_MS));
  button = find_control ("Tap");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
  return GTK_TOGGLE_BUTTON (button);
}

typedef struct
{
  const char *path;
  gint64      from_pid;
  gint64      to_pid;
  const char *text;
} TappedQuery;

/* The log holds the message passed through the tap, from @from_pid (or not
 * known) to @to_pid. */
static gboolean
logged_tapped (gpointer data)
{
  TappedQuery *query = data;
  FifolabLog *log = fifolab_ui_window_test_log ();

  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      gint64 from = fifolab_log_entry_get_sender_pid (entry);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED &&
          (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_TAPPED) &&
          g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), query->path) == 0 &&
          g_strcmp0 (fifolab_log_entry_get_display_text (entry), query->text) == 0 &&
          (from == -1 || from == query->from_pid) &&
          fifolab_log_entry_get_receiver_pid (entry) == query->to_pid)
        return TRUE;
    }
  return FALSE;
}

/* A tap event of @path whose words hold @data's text. */
static gboolean
logged_tap_event (const char *path,
                  const char *text)
{
  FifolabLog *log = fifolab_ui_window_test_log ();

  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_TAP &&
          g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), path) == 0 &&
          strstr (fifolab_log_entry_get_display_text (entry), text) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* cat reads the pipe (a holder keeps it open for writing); the Tap toggle
 * swaps the relay in; the seed's Python writer writes through it: cat gets
 * the message, the log shows it with both pids and the processes named, and
 * releasing the toggle puts the original back. */
static void
test_toggle_relays (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "talk");
  g_autofree char *script = fifolab_test_seed_script ("write_to_named_pipe.py");
  const char *cat_argv[] = { "cat", path, NULL };
  g_autoptr(FifolabTestChild) cat = fifolab_test_child_spawn (cat_argv);
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *cat_named = NULL;
  FifolabTestInode swapped = { path, fifolab_test_inode_of (path) };
  GtkToggleButton *toggle = tap_toggle (path);
  GSubprocess *holder;
  GPid holder_pid = 0;
  TappedQuery query;

  /* What a tap cannot see is said before it starts. */
  g_assert_true (fifolab_ui_window_test_shows_text ((gpointer) fifolab_tap_get_limits ()));

  holder = fifolab_test_writer_hold (path, &holder_pid);
  /* The holder's open() returning wakes cat's, but cat's descriptor is
   * installed only when cat runs: until then the tap would see only the
   * writer, and take the other direction. */
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_read, GINT_TO_POINTER (cat->pid), TIMEOUT_MS));
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_inode_differs, &swapped, TIMEOUT_MS));
  g_assert_true (fifolab_ui_window_test_shows_text ((gpointer) fifolab_tap_get_limits ()));

  {
    const char *writer_argv[] = { fifolab_test_python (), script, path, NULL };

    writer = fifolab_test_child_spawn (writer_argv);
  }
  fifolab_test_child_wait_ok (writer, TIMEOUT_MS);
  expected = g_strdup_printf ("Hello %d", (int) writer->pid);
  query = (TappedQuery) { path, writer->pid, cat->pid, expected };
  g_assert_true (fifolab_test_wait_until (logged_tapped, &query, TIMEOUT_MS));
  cat_named = g_strdup_printf ("pid %d (cat)", (int) cat->pid);
  g_assert_true (logged_tap_event (path, cat_named));

  /* The holder leaves: cat reads to the end, and printed the message. */
  fifolab_test_writer_end (holder);
  fifolab_test_child_wait_ok (cat, TIMEOUT_MS);
  g_assert_cmpstr (cat->out, ==, expected);

  /* Released: the original is back at its name. */
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  g_assert_cmpuint (fifolab_test_inode_of (path), ==, swapped.ino);
  g_assert_true (fifolab_ui_window_test_shows_text ("the original pipe is back at its name"));
}

/* cat waits in open() (it holds nothing yet, so who opens next cannot be
 * read from the holders): told that writers come, the tap relays the seed's
 * Python writer to cat, and releasing it puts the original back. */
static void
test_toggle_writers_chosen (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "waiting");
  g_autofree char *script = fifolab_test_seed_script ("write_to_named_pipe.py");
  const char *cat_argv[] = { "cat", path, NULL };
  g_autoptr(FifolabTestChild) cat = fifolab_test_child_spawn (cat_argv);
  g_autoptr(FifolabTestChild) writer = NULL;
  g_autofree char *expected = NULL;
  FifolabTestInode swapped = { path, fifolab_test_inode_of (path) };
  GtkToggleButton *toggle = tap_toggle (path);
  GtkWidget *who = find_control ("Who opens it next");
  TappedQuery query;

  g_assert_true (GTK_IS_DROP_DOWN (who));
  g_assert_true (gtk_widget_get_sensitive (who));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (who), 1);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (who))),
                   ==, "Writers");
  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_pressed, toggle, TIMEOUT_MS));
  g_assert_true (fifolab_test_wait_until (fifolab_test_inode_differs, &swapped, TIMEOUT_MS));
  /* Chosen for the tap that runs: not changed under it. */
  g_assert_false (gtk_widget_get_sensitive (who));

  {
    const char *writer_argv[] = { fifolab_test_python (), script, path, NULL };

    writer = fifolab_test_child_spawn (writer_argv);
  }
  fifolab_test_child_wait_ok (writer, TIMEOUT_MS);
  fifolab_test_child_wait_ok (cat, TIMEOUT_MS);
  expected = g_strdup_printf ("Hello %d", (int) writer->pid);
  g_assert_cmpstr (cat->out, ==, expected);
  query = (TappedQuery) { path, writer->pid, cat->pid, expected };
  g_assert_true (fifolab_test_wait_until (logged_tapped, &query, TIMEOUT_MS));

  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_toggle_released, toggle, TIMEOUT_MS));
  g_assert_cmpuint (fifolab_test_inode_of (path), ==, swapped.ino);
  g_assert_true (gtk_widget_get_sensitive (who));
}

/* Nobody holds the pipe: the tap cannot tell which way to relay, and says
 * so in words; the toggle is released and nothing changed on disk. */
static void
test_toggle_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = fifolab_ui_window_test_make_fifo (fixture, "lonely");
  FifolabTestInode swapped = { path, fifolab_test_inode_of (path) };
  GtkToggleButton *toggle = tap_toggle (path);
  g_autofree char *said = g_strdup_printf ("Nobody holds “%s” open", path);

  fifolab_ui_test_press (GTK_WIDGET (toggle));
  g_assert_true (fifolab_test_wait_until (fifolab_ui_window_test_shows_text, said, TIMEOUT_MS));
  g_assert_false (gtk_toggle_button_get_active (toggle));
  g_assert_false (fifolab_test_inode_differs (&swapped));
}

int
main (int   argc,
      char *argv[])
{
  if (!fifolab_ui_window_test_init_accessible (&argc, &argv, &app, &window))
    return 1;

  g_test_add ("/tap/leftover-restored", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_leftover_restored, fifolab_ui_window_fixture_teardown);
  g_test_add ("/tap/toggle-relays", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_toggle_relays, fifolab_ui_window_fixture_teardown);
  g_test_add ("/tap/toggle-writers-chosen", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_toggle_writers_chosen, fifolab_ui_window_fixture_teardown);
  g_test_add ("/tap/toggle-refused", Fixture, NULL,
              fifolab_ui_window_fixture_setup, test_toggle_refused, fifolab_ui_window_fixture_teardown);

  return fifolab_ui_window_test_run ();
}
