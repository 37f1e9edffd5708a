/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-peer watch --step: reads what to release from its descriptor (the
 * terminal, or a pipe from FIFO Lab or a test), without blocking the main
 * loop, and keeps the list of the calls that wait, in the order they came,
 * from the records it was shown: "step" lets the oldest of those go on,
 * exactly the one the user saw first, and a step when none waits is said to
 * be in vain rather than kept for later. "attach PID" seizes a process that
 * FIFO Lab holds before it runs (fifolab-peer hold), so that none of its
 * calls on the FIFO is missed; "hold PID" does the same and has its calls
 * held, which with --hold-named only the processes so named are. */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-escape.h"
#include "fifolab-peer-step.h"

/* A command line longer than this is not one. */
#define LINE_MAX_BYTES 256

struct _FifolabPeerStep
{
  FifolabTracer    *tracer;
  GDataInputStream *in;
  GCancellable     *cancellable;
  gboolean          reading;     /* a read is under way */
  GQueue            waiting;     /* FifolabWatchRecord (PENDING), oldest first */
};

static void read_next (FifolabPeerStep *step);

static void
step_error (const char *message)
{
  g_autofree char *shown = fifolab_escape_message (message, 0);

  g_printerr ("fifolab-peer watch: %s\n", shown);
}

/* The waiting call of thread @tid (0: the oldest); NULL when none. */
static GList *
find_waiting (FifolabPeerStep *step,
              gint64           tid)
{
  for (GList *l = step->waiting.head; l != NULL; l = l->next)
    if (tid == 0 || ((FifolabWatchRecord *) l->data)->tid == tid)
      return l;
  return NULL;
}

static void
forget_where (FifolabPeerStep *step,
              gboolean         by_pid,
              gint64           id)
{
  GList *l = step->waiting.head;

  while (l != NULL)
    {
      GList *next = l->next;
      FifolabWatchRecord *record = l->data;

      if ((by_pid ? record->pid : record->tid) == id)
        {
          fifolab_watch_record_unref (record);
          g_queue_delete_link (&step->waiting, l);
        }
      l = next;
    }
}

void
fifolab_peer_step_note_records (FifolabPeerStep *step,
                                GPtrArray       *records)
{
  for (guint i = 0; i < records->len; i++)
    {
      FifolabWatchRecord *record = g_ptr_array_index (records, i);

      switch (record->kind)
        {
        case FIFOLAB_WATCH_PENDING:
          g_queue_push_tail (&step->waiting, fifolab_watch_record_ref (record));
          break;
        case FIFOLAB_WATCH_RELEASED:
        case FIFOLAB_WATCH_DETACH:
          forget_where (step, FALSE, record->tid);
          break;
        case FIFOLAB_WATCH_EXIT:
          /* Every thread of the process is gone with it. */
          forget_where (step, TRUE, record->pid);
          break;
        case FIFOLAB_WATCH_CALL:
        case FIFOLAB_WATCH_ATTACH:
        case FIFOLAB_WATCH_REFUSED:
        case FIFOLAB_WATCH_STOPPED:
        case FIFOLAB_WATCH_CONTINUED:
        case FIFOLAB_WATCH_BLOCKED:
        default:
          break;
        }
    }
}

static void
run_command (FifolabPeerStep *step,
             const char      *line)
{
  g_autofree char *command = g_strstrip (g_strdup (line));
  const char *arg;
  GList *waiting;
  gint64 tid;

  if (strcmp (command, "run") == 0)
    {
      fifolab_tracer_set_stepping (step->tracer, FALSE);
      return;
    }
  /* "attach PID": a process held before it runs (fifolab-peer hold), to
   * be traced before it is let go; its ATTACH (or REFUSED) record says
   * when it may be. "hold PID": the same, and its calls are held, with
   * --hold-named too, where only such processes are: named before it is
   * attached, its first call is held. */
  if ((g_str_has_prefix (command, "attach") && g_ascii_isspace (command[6])) ||
      (g_str_has_prefix (command, "hold") && g_ascii_isspace (command[4])))
    {
      gboolean hold = command[0] == 'h';
      guint64 value = 0;

      arg = g_strchug (command + (hold ? 4 : 6));
      if (!g_ascii_string_to_unsigned (arg, 10, 1, G_MAXINT, &value, NULL))
        {
          g_autofree char *text = hold ? g_strdup_printf (_("“hold” takes a process id, not “%s”."), arg)
                                       : g_strdup_printf (_("“attach” takes a process id, not “%s”."), arg);

          step_error (text);
          return;
        }
      if (hold)
        fifolab_tracer_hold (step->tracer, (gint64) value);
      fifolab_tracer_attach (step->tracer, (gint64) value);
      return;
    }
  /* "step", "step TID", or an empty line. */
  if (command[0] != '\0' &&
      !(g_str_has_prefix (command, "step") && (command[4] == '\0' || g_ascii_isspace (command[4]))))
    {
      g_autofree char *text = g_strdup_printf (_("Unknown step command “%s”: use step, step TID, run, attach PID or hold PID."),
                                               command);

      step_error (text);
      return;
    }
  arg = command[0] == '\0' ? command : g_strchug (command + 4);

  if (arg[0] == '\0')
    {
      waiting = find_waiting (step, 0);
      if (waiting == NULL)
        {
          step_error (_("No call waits to be let go on."));
          return;
        }
    }
  else
    {
      guint64 value = 0;

      if (!g_ascii_string_to_unsigned (arg, 10, 1, G_MAXINT, &value, NULL))
        {
          g_autofree char *text = g_strdup_printf (_("“step” takes a thread id, not “%s”."), arg);

          step_error (text);
          return;
        }
      waiting = find_waiting (step, (gint64) value);
      if (waiting == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Thread %d has no call waiting."), (int) value);

          step_error (text);
          return;
        }
    }

  tid = ((FifolabWatchRecord *) waiting->data)->tid;
  /* Not waiting any more as far as the next command is concerned, before
   * its RELEASED record comes back. */
  forget_where (step, FALSE, tid);
  fifolab_tracer_release (step->tracer, tid);
}

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source),
                                                                result, &length, &error);
  FifolabPeerStep *step = user_data;

  step->reading = FALSE;
  if (g_cancellable_is_cancelled (step->cancellable))
    return;
  if (line == NULL)
    {
      /* The end of the commands (or an error reading them): run on. */
      fifolab_tracer_set_stepping (step->tracer, FALSE);
      return;
    }
  if (length > LINE_MAX_BYTES || !g_utf8_validate (line, (gssize) length, NULL))
    step_error (_("Unknown step command: use step, step TID, run, attach PID or hold PID."));
  else
    run_command (step, line);
  read_next (step);
}

static void
read_next (FifolabPeerStep *step)
{
  step->reading = TRUE;
  g_data_input_stream_read_line_async (step->in, G_PRIORITY_DEFAULT, step->cancellable,
                                       line_cb, step);
}

FifolabPeerStep *
fifolab_peer_step_new_from_stdin (FifolabTracer *tracer)
{
  int fd = fcntl (STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
  int null;

  /* No standard input: no command can come, as at its end. */
  if (fd < 0)
    return NULL;
  /* The commands are ours: the COMMAND reads nothing of them. */
  null = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null >= 0)
    {
      dup2 (null, STDIN_FILENO);
      close (null);
    }
  if (isatty (fd))
    step_error (_("Step mode: each call on the pipe waits. Press Enter (or type “step”) to let the "
                  "oldest go on, “step TID” for a thread's, “run” to let them all run."));
  return fifolab_peer_step_new (tracer, fd);
}

FifolabPeerStep *
fifolab_peer_step_new (FifolabTracer *tracer,
                       int            fd)
{
  FifolabPeerStep *step = g_new0 (FifolabPeerStep, 1);
  g_autoptr(GInputStream) raw = g_unix_input_stream_new (fd, TRUE);

  step->tracer = g_object_ref (tracer);
  step->in = g_data_input_stream_new (raw);
  step->cancellable = g_cancellable_new ();
  g_queue_init (&step->waiting);
  fifolab_tracer_set_stepping (tracer, TRUE);
  read_next (step);
  return step;
}

void
fifolab_peer_step_free (FifolabPeerStep *step)
{
  g_cancellable_cancel (step->cancellable);
  /* The read ends at once, cancelled: nothing is left behind. */
  while (step->reading)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&step->cancellable);
  g_clear_object (&step->in);
  g_clear_object (&step->tracer);
  g_queue_clear_full (&step->waiting, (GDestroyNotify) fifolab_watch_record_unref);
  g_free (step);
}
