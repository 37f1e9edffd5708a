/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-test-util.h"
#include "fifolab-test-watch.h"
#include "fifolab-watch-record.h"

/* A watch killed by the test ends for sure within this. */
#define KILL_WAIT_MS 60000

static void read_next_line (FifolabTestWatch *w);

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  FifolabTestWatch *w = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, &error);
  FifolabWatchRecord *record;

  if (line == NULL)
    {
      /* A killed watch may be cut in the middle of nothing: EOF is all. */
      w->eof = TRUE;
      return;
    }
  record = fifolab_watch_record_from_json (line, &error);
  g_assert_no_error (error);
  g_ptr_array_add (w->records, record);
  read_next_line (w);
}

static void
read_next_line (FifolabTestWatch *w)
{
  g_data_input_stream_read_line_async (w->out, G_PRIORITY_DEFAULT, NULL, line_cb, w);
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  FifolabTestWatch *w = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  w->exited = TRUE;
}

FifolabTestWatch *
fifolab_test_watch_new (const char         *dir,
                        const char * const *args,
                        GSubprocessFlags    flags)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  FifolabTestWatch *w = g_new0 (FifolabTestWatch, 1);

  g_ptr_array_add (argv, (gpointer) fifolab_test_peer_path ());
  g_ptr_array_add (argv, "watch");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (flags | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  w->err_path = g_build_filename (dir, "watch.err", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, w->err_path);
  w->proc = fifolab_test_spawn_with (launcher, (const char * const *) argv->pdata, &w->pid);
  w->records = g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref);
  w->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (w->proc));
  if (flags & G_SUBPROCESS_FLAGS_STDIN_PIPE)
    w->in = g_object_ref (g_subprocess_get_stdin_pipe (w->proc));
  read_next_line (w);
  g_subprocess_wait_async (w->proc, NULL, exited_cb, w);
  return w;
}

gboolean
fifolab_test_watch_done (gpointer data)
{
  FifolabTestWatch *w = data;

  return w->eof && w->exited;
}

gboolean
fifolab_test_watch_told (FifolabTestWatch *w,
                         int               kind,
                         const char       *syscall,
                         gint64            pid)
{
  for (guint i = 0; i < w->records->len; i++)
    {
      const FifolabWatchRecord *r = g_ptr_array_index (w->records, i);

      if ((int) r->kind == kind && (pid < 0 || r->pid == pid) &&
          (syscall == NULL || (r->syscall != NULL && g_str_has_prefix (r->syscall, syscall))))
        return TRUE;
    }
  return FALSE;
}

void
fifolab_test_watch_dump (FifolabTestWatch *w)
{
  g_autofree char *err = NULL;

  for (guint i = 0; i < w->records->len; i++)
    {
      g_autofree char *line = fifolab_watch_record_to_text (g_ptr_array_index (w->records, i));

      g_test_message ("watch: %s", line);
    }
  if (g_file_get_contents (w->err_path, &err, NULL, NULL))
    g_test_message ("watch stderr: %s", err);
  g_test_message ("watch %s, %s", w->exited ? "exited" : "running", w->eof ? "at EOF" : "not at EOF");
}

int
fifolab_test_watch_finish (FifolabTestWatch *w,
                           guint             timeout_ms)
{
  if (!fifolab_test_wait_until (fifolab_test_watch_done, w, timeout_ms))
    {
      /* What it saw, to tell why it did not end. */
      fifolab_test_watch_dump (w);
      g_assert_not_reached ();
    }
  if (g_subprocess_get_if_signaled (w->proc))
    return 128 + g_subprocess_get_term_sig (w->proc);
  return g_subprocess_get_exit_status (w->proc);
}

void
fifolab_test_watch_free (FifolabTestWatch *w)
{
  if (!w->exited)
    {
      g_subprocess_force_exit (w->proc);
      fifolab_test_wait_until (fifolab_test_watch_done, w, KILL_WAIT_MS);
    }
  g_clear_object (&w->in);
  g_clear_object (&w->out);
  g_clear_object (&w->proc);
  g_ptr_array_unref (w->records);
  g_free (w->err_path);
  g_free (w);
}
