/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lesson engine walked end to end like a student: click a step's button,
 * wait until FIFO Lab observes that it happened, with real processes. */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-lesson.h"
#include "fifolab-log-entry.h"
#include "fifolab-test-util.h"

#define STEP_TIMEOUT_MS 30000

typedef struct
{
  FifolabLesson *lesson;
  guint          index;
} StepWait;

static gboolean
step_done (gpointer data)
{
  StepWait *wait = data;

  return fifolab_lesson_is_step_done (wait->lesson, wait->index);
}

static guint
find_step (FifolabLesson *lesson,
           const char    *action_id)
{
  for (guint i = 0; i < fifolab_lesson_get_n_steps (lesson); i++)
    if (g_str_equal (fifolab_lesson_get_step_action_id (lesson, i), action_id))
      return i;
  g_error ("no step %s", action_id);
  return 0;
}

static void
do_step (FifolabLesson *lesson,
         const char    *action_id)
{
  g_autoptr(GError) error = NULL;
  StepWait wait = { lesson, find_step (lesson, action_id) };

  fifolab_lesson_set_current (lesson, wait.index);
  g_assert_false (fifolab_lesson_is_step_done (lesson, wait.index));
  g_assert_true (fifolab_lesson_run_action (lesson, &error));
  g_assert_no_error (error);
  if (!fifolab_test_wait_until (step_done, &wait, STEP_TIMEOUT_MS))
    g_error ("step %s was not observed done", action_id);
  /* It moves on by itself. */
  if (wait.index + 1 < fifolab_lesson_get_n_steps (lesson))
    g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, wait.index + 1);
}

static guint
count_kind (FifolabLog       *log,
            FifolabEventKind  kind)
{
  guint n = 0;

  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_kind (entry) == kind)
        n++;
    }
  return n;
}

static gboolean
all_exited (gpointer data)
{
  GListModel *peers = data;

  for (guint i = 0; i < g_list_model_get_n_items (peers); i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (peers, i);

      if (fifolab_peer_process_is_running (peer))
        return FALSE;
    }
  return TRUE;
}

static void
test_lesson_new_destroy (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GError) error = NULL;
  FifolabLesson *lesson = fifolab_lesson_new (dir, NULL, &error);
  g_autofree char *folder = NULL;

  g_assert_no_error (error);
  folder = g_strdup (fifolab_lesson_get_folder (lesson));
  g_assert_true (g_str_has_prefix (folder, dir));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (fifolab_lesson_get_n_steps (lesson), >=, 9);
  g_assert_cmpuint (fifolab_lesson_get_current (lesson), ==, 0);
  for (guint i = 0; i < fifolab_lesson_get_n_steps (lesson); i++)
    {
      g_assert_cmpstr (fifolab_lesson_get_step_title (lesson, i), !=, "");
      g_assert_cmpstr (fifolab_lesson_get_step_what (lesson, i), !=, "");
      g_assert_cmpstr (fifolab_lesson_get_step_why (lesson, i), !=, "");
      g_assert_cmpstr (fifolab_lesson_get_step_action_label (lesson, i), !=, "");
      g_assert_cmpuint (fifolab_lesson_get_step_chapter (lesson, i), >=, 1);
      g_assert_cmpuint (fifolab_lesson_get_step_chapter (lesson, i), <=, 9);
    }
  /* Nothing happens on a timer: no step is done before its button. */
  fifolab_test_run_for (600);
  g_assert_false (fifolab_lesson_is_step_done (lesson, 0));
  g_assert_finalize_object (lesson);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Lessons 1–4 as the seed tells them, then lesson 6. */
static void
test_lesson_seed_walk (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLesson) lesson = fifolab_lesson_new (dir, log, &error);
  g_autofree char *folder = g_strdup (fifolab_lesson_get_folder (lesson));
  GListModel *peers = fifolab_lesson_get_peers (lesson);
  g_autoptr(FifolabPeerProcess) reader = NULL;
  g_autoptr(FifolabPeerProcess) writer = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);

  do_step (lesson, "mkfifo");
  g_assert_true (fifolab_fifo_is_fifo (fifolab_lesson_get_pipe_path (lesson)));

  do_step (lesson, "start-reader");
  g_assert_cmpuint (g_list_model_get_n_items (peers), ==, 1);
  reader = g_list_model_get_item (peers, 0);
  g_assert_true (fifolab_peer_process_is_running (reader));

  do_step (lesson, "start-writer");
  /* The same reader that waited got the message. */
  g_assert_cmpuint (g_list_model_get_n_items (peers), ==, 2);
  writer = g_list_model_get_item (peers, 1);
  expected = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello from pid [%" G_GINT64_FORMAT "]",
                              fifolab_peer_process_get_pid (reader), fifolab_peer_process_get_pid (writer));
  g_assert_cmpstr (fifolab_peer_process_get_output_lines (reader)->pdata[0], ==, expected);

  do_step (lesson, "writer-closes");

  do_step (lesson, "two-writers-small");
  g_assert_cmpuint (fifolab_inspector_get_n_torn (fifolab_lesson_get_inspector (lesson)), ==, 0);
  do_step (lesson, "two-writers-large");
  g_assert_cmpuint (fifolab_inspector_get_n_torn (fifolab_lesson_get_inspector (lesson)), >, 0);
  g_assert_cmpuint (count_kind (log, FIFOLAB_EVENT_TORN), >, 0);
  /* The lesson's writers were started by FIFO Lab: their pids are not doubted. */
  g_assert_cmpuint (count_kind (log, FIFOLAB_EVENT_PID_UNSEEN), ==, 0);
  g_assert_cmpuint (count_kind (log, FIFOLAB_EVENT_PEER_STARTED), >=, 9);

  fifolab_lesson_close (lesson);
  g_assert_true (fifolab_test_wait_until (all_exited, peers, 10000));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Lessons 5, 7, 8 and 9. */
static void
test_lesson_rest (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLesson) lesson = fifolab_lesson_new (dir, log, &error);
  g_autoptr(GListModel) peers = g_object_ref (fifolab_lesson_get_peers (lesson));
  gssize capacity;

  g_assert_no_error (error);

  do_step (lesson, "writer-alone");
  g_assert_cmpuint (count_kind (log, FIFOLAB_EVENT_WAITING_FOR_READER), ==, 1);
  do_step (lesson, "reader-leaves");
  do_step (lesson, "byte-stream");
  do_step (lesson, "fill");
  capacity = fifolab_lesson_get_capacity (lesson);
  g_assert_cmpint (capacity, >, 0);
  g_assert_cmpint (fifolab_lesson_get_queued (lesson), ==, capacity);
  do_step (lesson, "drain");
  g_assert_cmpint (fifolab_lesson_get_queued (lesson), ==, 0);
  do_step (lesson, "conversation");

  /* Dropping the lesson stops what it started. */
  g_clear_object (&lesson);
  g_assert_true (fifolab_test_wait_until (all_exited, peers, 10000));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

  g_test_add_func ("/lesson/new-destroy", test_lesson_new_destroy);
  g_test_add_func ("/lesson/seed-walk", test_lesson_seed_walk);
  g_test_add_func ("/lesson/rest", test_lesson_rest);

  return g_test_run ();
}
