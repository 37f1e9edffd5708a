/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pipes made, deleted and seen vanishing through the session: the FIFO on
 * disk and the event in the log, nothing else. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-session.h"
#include "fifolab-test-util.h"

typedef struct
{
  char           *dir;
  FifolabSession *session;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->dir = fifolab_test_tmpdir_new ();
  fx->session = fifolab_session_new ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  fifolab_session_disconnect_all (fx->session);
  g_clear_object (&fx->session);
  g_clear_pointer (&fx->dir, fifolab_test_tmpdir_free);
}

/* How many events of @kind the log holds for @path. */
static guint
count_events (Fixture          *fx,
              FifolabEventKind  kind,
              const char       *path)
{
  FifolabLog *log = fifolab_session_get_log (fx->session);
  guint n, count = 0;

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_EVENT &&
          fifolab_log_entry_get_kind (entry) == kind &&
          g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), path) == 0)
        count++;
    }
  return count;
}

static void
test_create (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *expected = g_build_filename (fx->dir, "made", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (fifolab_session_create_pipe (fx->session, fx->dir, "made", 0600, &path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, expected);
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpuint (count_events (fx, FIFOLAB_EVENT_CREATED, path), ==, 1);

  /* A name that holds something else: refused, nothing logged. */
  {
    g_autofree char *plain = g_build_filename (fx->dir, "plain", NULL);

    g_assert_true (g_file_set_contents (plain, "keep me", -1, NULL));
    g_assert_false (fifolab_session_create_pipe (fx->session, fx->dir, "plain", 0600, NULL, &error));
    g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_EXISTS);
    g_assert_cmpuint (count_events (fx, FIFOLAB_EVENT_CREATED, plain), ==, 0);
  }
}

static void
test_delete (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *plain = g_build_filename (fx->dir, "plain", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (fifolab_session_create_pipe (fx->session, fx->dir, "doomed", 0600, &path, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fifolab_session_open_reader (fx->session, path, NULL, &error));
  g_assert_no_error (error);

  /* FIFO Lab lets go of it first. */
  g_assert_true (fifolab_session_delete_pipe (fx->session, path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (fifolab_session_get_reader (fx->session, path));
  g_assert_cmpuint (count_events (fx, FIFOLAB_EVENT_DELETED, path), ==, 1);
  /* Deleted by FIFO Lab, not vanished under it. */
  g_assert_cmpuint (count_events (fx, FIFOLAB_EVENT_PIPE_REMOVED, path), ==, 0);

  /* Anything but a FIFO is refused and stays. */
  g_assert_true (g_file_set_contents (plain, "keep me", -1, NULL));
  g_assert_false (fifolab_session_delete_pipe (fx->session, plain, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_test (plain, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_events (fx, FIFOLAB_EVENT_DELETED, plain), ==, 0);
}

/* Removed by someone else: said only while FIFO Lab holds an end. */
static void
test_note_removed (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (fifolab_session_create_pipe (fx->session, fx->dir, "gone", 0600, &path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_null (fifolab_session_note_pipe_removed (fx->session, path));
  g_assert_cmpuint (count_events (fx, FIFOLAB_EVENT_PIPE_REMOVED, path), ==, 0);

  g_assert_true (fifolab_session_create_pipe (fx->session, fx->dir, "gone", 0600, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fifolab_session_open_reader (fx->session, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (path), ==, 0);
  message = fifolab_session_note_pipe_removed (fx->session, path);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, path));
  g_assert_cmpuint (count_events (fx, FIFOLAB_EVENT_PIPE_REMOVED, path), ==, 1);
  /* Its end stays open. */
  g_assert_nonnull (fifolab_session_get_reader (fx->session, path));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

  g_test_add ("/session-pipes/create", Fixture, NULL, fixture_setup, test_create, fixture_teardown);
  g_test_add ("/session-pipes/delete", Fixture, NULL, fixture_setup, test_delete, fixture_teardown);
  g_test_add ("/session-pipes/note-removed", Fixture, NULL, fixture_setup, test_note_removed, fixture_teardown);

  return g_test_run ();
}
