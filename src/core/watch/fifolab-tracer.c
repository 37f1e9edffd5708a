/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The owner of a watch, on its main context: starts the tracer's thread,
 * scans /proc for processes to attach to on a timer, and hands the thread's
 * batches out as ::records. It never waits for the thread or a tracee. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-escape.h"
#include "fifolab-tracer-private.h"
#include "fifolab-tracer.h"
#include "fifolab-watch-scan.h"
#include "fifolab-watch-unseen.h"

struct _FifolabTracer
{
  GObject            parent_instance;

  char              *path;
  dev_t              dev;
  ino_t              ino;

  GMainContext      *context;
  GAsyncQueue       *batches;      /* FifolabTracerBatch, from the thread */
  GSource           *deliver;
  FifolabTracerLoop *loop;
  GThread           *thread;

  guint              rescan_id;
  GCancellable      *cancellable;
  gboolean           scanning;
  GHashTable        *sent;         /* pids the thread was asked to attach */
  GHashTable        *attached;     /* pids with an attach and no exit yet */
  gboolean           scanned;      /* the first scan's attaches were sent */
  FifolabTracerCommand *spawn;     /* a SPAWN held back until then */
  FifolabWatchUnseen *unseen;      /* what tells of processes the scans cannot see */

  gboolean           running;
  gboolean           stopping;
  gboolean           stepping;
  gboolean           hold_named;   /* fifolab_tracer_set_hold_named() */
  pid_t              ignored;      /* never attached (fifolab_tracer_ignore()) */
};

G_DEFINE_FINAL_TYPE (FifolabTracer, fifolab_tracer, G_TYPE_OBJECT)

enum
{
  SIGNAL_RECORDS,
  SIGNAL_SPAWNED,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void stop_scans (FifolabTracer *self);
static void send_stepping (FifolabTracer *self);

static void
fifolab_tracer_dispose (GObject *object)
{
  FifolabTracer *self = FIFOLAB_TRACER (object);

  stop_scans (self);
  if (self->loop != NULL && self->running)
    {
      FifolabTracerCommand *command = g_new0 (FifolabTracerCommand, 1);

      /* The thread lets its tracees go and ends on its own. */
      command->kind = FIFOLAB_TRACER_STOP;
      fifolab_tracer_loop_send (self->loop, command);
      self->running = FALSE;
    }
  g_clear_pointer (&self->thread, g_thread_unref);
  g_clear_pointer (&self->loop, fifolab_tracer_loop_unref);
  if (self->deliver != NULL)
    {
      g_source_destroy (self->deliver);
      g_clear_pointer (&self->deliver, g_source_unref);
    }

  G_OBJECT_CLASS (fifolab_tracer_parent_class)->dispose (object);
}

static void
fifolab_tracer_finalize (GObject *object)
{
  FifolabTracer *self = FIFOLAB_TRACER (object);

  g_free (self->path);
  g_clear_pointer (&self->batches, g_async_queue_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->sent, g_hash_table_unref);
  g_clear_pointer (&self->attached, g_hash_table_unref);
  g_clear_pointer (&self->spawn, fifolab_tracer_command_free);
  g_clear_pointer (&self->unseen, fifolab_watch_unseen_free);

  G_OBJECT_CLASS (fifolab_tracer_parent_class)->finalize (object);
}

static void
fifolab_tracer_class_init (FifolabTracerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_tracer_dispose;
  object_class->finalize = fifolab_tracer_finalize;

  /* A batch of FifolabWatchRecord, in the order they happened. */
  signals[SIGNAL_RECORDS] =
    g_signal_new ("records", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* The command of fifolab_tracer_spawn() runs as @pid, or could not be
   * started (@pid 0, @error says why). */
  signals[SIGNAL_SPAWNED] =
    g_signal_new ("spawned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_INT, G_TYPE_STRING);
  /* Every tracee was let go; @error when the tracer could not run. */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fifolab_tracer_init (FifolabTracer *self)
{
  self->batches = g_async_queue_new_full ((GDestroyNotify) fifolab_tracer_batch_free);
  self->context = g_main_context_ref_thread_default ();
  self->sent = g_hash_table_new (NULL, NULL);
  self->attached = g_hash_table_new (NULL, NULL);
}

void
fifolab_tracer_block_sigchld (void)
{
  sigset_t chld;

  sigemptyset (&chld);
  sigaddset (&chld, SIGCHLD);
  pthread_sigmask (SIG_BLOCK, &chld, NULL);
}

FifolabTracer *
fifolab_tracer_new (const char  *path,
                    GError     **error)
{
  g_autoptr(FifolabTracer) self = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);

  if (stat (path, &st) != 0)
    {
      int saved_errno = errno;
      g_autofree char *name = fifolab_escape_name (path, 0);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: the first %s is a path, the second why it failed. */
                   _("Cannot watch “%s”: %s"), name, g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISFIFO (st.st_mode))
    {
      g_autofree char *name = fifolab_escape_name (path, 0);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot watch “%s”: it is not a named pipe."), name);
      return NULL;
    }

  self = g_object_new (FIFOLAB_TYPE_TRACER, NULL);
  self->path = g_strdup (path);
  self->dev = st.st_dev;
  self->ino = st.st_ino;
  self->unseen = fifolab_watch_unseen_new (path);
  return g_steal_pointer (&self);
}

/* -------------------------------------------------------------------- */
/* Batches from the thread */

static void
note_records (FifolabTracer *self,
              GPtrArray     *records)
{
  fifolab_watch_unseen_note_records (self->unseen, records);
  for (guint i = 0; i < records->len; i++)
    {
      FifolabWatchRecord *record = g_ptr_array_index (records, i);
      gpointer pid = GINT_TO_POINTER ((int) record->pid);

      if (record->kind == FIFOLAB_WATCH_ATTACH)
        g_hash_table_add (self->attached, pid);
      else if (record->kind == FIFOLAB_WATCH_EXIT)
        {
          g_hash_table_remove (self->attached, pid);
          g_hash_table_remove (self->sent, pid);
        }
    }
}

static gboolean
deliver_prepare (GSource *source,
                 gint    *timeout)
{
  FifolabTracer *self = *(FifolabTracer **) (source + 1);

  *timeout = -1;
  return g_async_queue_length (self->batches) > 0;
}

static gboolean
deliver_check (GSource *source)
{
  FifolabTracer *self = *(FifolabTracer **) (source + 1);

  return g_async_queue_length (self->batches) > 0;
}

static gboolean
deliver_dispatch (GSource     *source,
                  GSourceFunc  callback,
                  gpointer     user_data)
{
  FifolabTracer *self = *(FifolabTracer **) (source + 1);
  g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));
  FifolabTracerBatch *batch;

  /* What is there now; a batch pushed meanwhile wakes the context again. */
  for (gint n = g_async_queue_length (self->batches); n > 0; n--)
    {
      batch = g_async_queue_try_pop (self->batches);
      if (batch == NULL)
        break;

      if (batch->spawned > 0 || (batch->error != NULL && !batch->finished))
        g_signal_emit (self, signals[SIGNAL_SPAWNED], 0, (int) batch->spawned,
                       batch->spawned > 0 ? NULL : batch->error);
      if (batch->records->len > 0)
        {
          note_records (self, batch->records);
          g_signal_emit (self, signals[SIGNAL_RECORDS], 0, batch->records);
        }
      if (batch->finished)
        {
          g_autofree char *error = g_steal_pointer (&batch->error);

          fifolab_tracer_batch_free (batch);
          stop_scans (self);
          self->running = FALSE;
          /* The thread has ended or is about to: joining does not wait. */
          if (self->thread != NULL)
            g_thread_join (g_steal_pointer (&self->thread));
          g_signal_emit (self, signals[SIGNAL_FINISHED], 0, error);
          return G_SOURCE_CONTINUE;
        }
      fifolab_tracer_batch_free (batch);
    }
  /* A thread that waited for us to catch up goes on. */
  if (self->loop != NULL)
    fifolab_tracer_loop_delivered (self->loop);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs deliver_funcs = {
  deliver_prepare,
  deliver_check,
  deliver_dispatch,
  NULL, NULL, NULL,
};

/* -------------------------------------------------------------------- */
/* Scans */

static void
stop_scans (FifolabTracer *self)
{
  g_clear_handle_id (&self->rescan_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
send_attach (FifolabTracer *self,
             pid_t          pid)
{
  FifolabTracerCommand *command = g_new0 (FifolabTracerCommand, 1);

  command->kind = FIFOLAB_TRACER_ATTACH;
  command->pid = pid;
  fifolab_tracer_loop_send (self->loop, command);
  g_hash_table_add (self->sent, GINT_TO_POINTER (pid));
}

/* What the scan of @result could not see, told as records when the watch's
 * records show a process there (fifolab-watch-unseen.h). */
static void
tell_unseen (FifolabTracer *self,
             GAsyncResult  *result)
{
  g_autoptr(GPtrArray) records = NULL;
  FifolabWatchSight sight;

  fifolab_watch_scan_targets_get_sight (result, &sight);
  records = fifolab_watch_unseen_note_scan (self->unseen, &sight);
  if (records != NULL)
    g_signal_emit (self, signals[SIGNAL_RECORDS], 0, records);
}

static void
scan_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FifolabTracer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pids = fifolab_watch_scan_targets_finish (result, &error);
  g_autoptr(GHashTable) seen = NULL;
  gboolean scanned_ok = FALSE;
  GHashTableIter iter;
  gpointer key;

  self->scanning = FALSE;
  if (!self->running || self->stopping)
    return;
  if (pids == NULL)
    pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  else
    scanned_ok = TRUE;

  seen = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < pids->len; i++)
    {
      pid_t pid = g_array_index (pids, pid_t, i);

      g_hash_table_add (seen, GINT_TO_POINTER (pid));
      if (pid == self->ignored)
        continue;
      if (!g_hash_table_contains (self->sent, GINT_TO_POINTER (pid)))
        send_attach (self, pid);
    }

  /* One asked for that is neither attached nor there any more (it ended
   * before it could be seized) may be asked for again if it comes back. */
  g_hash_table_iter_init (&iter, self->sent);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key) && !g_hash_table_contains (self->attached, key))
      g_hash_table_iter_remove (&iter);

  /* A command starts once what was there before it is attached: what it
   * says to them is seen on both sides. */
  self->scanned = TRUE;
  if (self->spawn != NULL)
    fifolab_tracer_loop_send (self->loop, g_steal_pointer (&self->spawn));
  if (scanned_ok)
    tell_unseen (self, result);
}

static gboolean
rescan_cb (gpointer user_data)
{
  FifolabTracer *self = user_data;

  if (!self->scanning && self->cancellable != NULL)
    {
      self->scanning = TRUE;
      fifolab_watch_scan_targets_async (self->path, self->dev, self->ino, self->cancellable,
                                        scan_done_cb, g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

/* -------------------------------------------------------------------- */

gboolean
fifolab_tracer_start (FifolabTracer  *self,
                      GError        **error)
{
  sigset_t current;

  g_return_val_if_fail (FIFOLAB_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->loop == NULL, FALSE);

  pthread_sigmask (SIG_BLOCK, NULL, &current);
  if (!sigismember (&current, SIGCHLD))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "FifolabTracer needs SIGCHLD blocked in every thread: "
                           "call fifolab_tracer_block_sigchld() first thing in main()");
      return FALSE;
    }

  self->loop = fifolab_tracer_loop_new (self->dev, self->ino, self->batches, self->context, error);
  if (self->loop == NULL)
    return FALSE;
  fifolab_tracer_loop_set_hold_named (self->loop, self->hold_named);
  /* Before any attach: the first calls are held too. */
  if (self->stepping)
    send_stepping (self);

  self->deliver = g_source_new (&deliver_funcs, sizeof (GSource) + sizeof (gpointer));
  *(FifolabTracer **) (self->deliver + 1) = self;
  g_source_set_static_name (self->deliver, "[fifolab] watch records");
  g_source_attach (self->deliver, self->context);

  self->thread = g_thread_try_new ("fifolab-tracer", fifolab_tracer_loop_run,
                                   fifolab_tracer_loop_ref (self->loop), error);
  if (self->thread == NULL)
    {
      fifolab_tracer_loop_unref (self->loop);
      return FALSE;
    }
  self->running = TRUE;

  self->cancellable = g_cancellable_new ();
  rescan_cb (self);
  self->rescan_id = g_timeout_add (FIFOLAB_TRACER_RESCAN_MS, rescan_cb, self);
  return TRUE;
}

gboolean
fifolab_tracer_spawn (FifolabTracer       *self,
                      const char * const  *argv,
                      GError             **error)
{
  FifolabTracerCommand *command;
  g_autofree char *program = NULL;

  g_return_val_if_fail (FIFOLAB_IS_TRACER (self), FALSE);
  g_return_val_if_fail (argv != NULL && argv[0] != NULL, FALSE);
  g_return_val_if_fail (self->running, FALSE);

  program = g_find_program_in_path (argv[0]);
  if (program == NULL)
    {
      g_autofree char *name = fifolab_escape_name (argv[0], 0);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Cannot run “%s”: no such program."), name);
      return FALSE;
    }

  command = g_new0 (FifolabTracerCommand, 1);
  command->kind = FIFOLAB_TRACER_SPAWN;
  command->program = g_steal_pointer (&program);
  command->argv = g_strdupv ((char **) argv);
  command->exec_failed = g_strdup_printf ("fifolab-peer: %s\n", _("The command could not be started."));
  if (self->scanned)
    fifolab_tracer_loop_send (self->loop, command);
  else
    {
      g_clear_pointer (&self->spawn, fifolab_tracer_command_free);
      self->spawn = command;
    }
  return TRUE;
}

/**
 * fifolab_tracer_attach:
 * @self: a running tracer
 * @pid: a process
 *
 * Seizes @pid at once, without waiting for a scan to find it on the FIFO.
 */
void
fifolab_tracer_attach (FifolabTracer *self,
                       gint64         pid)
{
  g_return_if_fail (FIFOLAB_IS_TRACER (self));
  g_return_if_fail (pid > 0 && pid <= G_MAXINT);

  if (!self->running || self->stopping || pid == self->ignored ||
      g_hash_table_contains (self->attached, GINT_TO_POINTER ((int) pid)))
    return;
  send_attach (self, (pid_t) pid);
}

/**
 * fifolab_tracer_ignore:
 * @self: a tracer not started yet
 * @pid: a process
 *
 * Never attaches @pid, though it holds the FIFO.
 */
void
fifolab_tracer_ignore (FifolabTracer *self,
                       gint64         pid)
{
  g_return_if_fail (FIFOLAB_IS_TRACER (self));
  g_return_if_fail (pid > 0 && pid <= G_MAXINT);
  g_return_if_fail (self->loop == NULL);

  self->ignored = (pid_t) pid;
}

void
fifolab_tracer_stop (FifolabTracer *self)
{
  FifolabTracerCommand *command;

  g_return_if_fail (FIFOLAB_IS_TRACER (self));

  if (!self->running || self->stopping)
    return;
  self->stopping = TRUE;
  stop_scans (self);
  command = g_new0 (FifolabTracerCommand, 1);
  command->kind = FIFOLAB_TRACER_STOP;
  fifolab_tracer_loop_send (self->loop, command);
}

void
fifolab_tracer_let_go_now (FifolabTracer *self)
{
  FifolabTracerCommand *command;

  g_return_if_fail (FIFOLAB_IS_TRACER (self));

  if (!self->running)
    return;
  if (!self->stopping)
    {
      self->stopping = TRUE;
      stop_scans (self);
    }
  command = g_new0 (FifolabTracerCommand, 1);
  command->kind = FIFOLAB_TRACER_LET_GO;
  fifolab_tracer_loop_send (self->loop, command);
}

/* -------------------------------------------------------------------- */
/* Step mode */

static void
send_stepping (FifolabTracer *self)
{
  FifolabTracerCommand *command = g_new0 (FifolabTracerCommand, 1);

  command->kind = FIFOLAB_TRACER_STEPPING;
  command->stepping = self->stepping;
  fifolab_tracer_loop_send (self->loop, command);
}

void
fifolab_tracer_set_stepping (FifolabTracer *self,
                             gboolean       stepping)
{
  g_return_if_fail (FIFOLAB_IS_TRACER (self));

  stepping = !!stepping;
  if (self->stepping == stepping)
    return;
  self->stepping = stepping;
  if (self->running && !self->stopping)
    send_stepping (self);
}

gboolean
fifolab_tracer_get_stepping (FifolabTracer *self)
{
  g_return_val_if_fail (FIFOLAB_IS_TRACER (self), FALSE);

  return self->stepping;
}

/**
 * fifolab_tracer_set_hold_named:
 * @self: a tracer not started yet
 * @hold_named: whether step mode holds only the processes named
 *
 * With @hold_named, step mode holds the calls of the processes named by
 * fifolab_tracer_hold() (and of the command spawned, and of the children
 * they start) only; the others it attaches to are watched, never held.
 */
void
fifolab_tracer_set_hold_named (FifolabTracer *self,
                               gboolean       hold_named)
{
  g_return_if_fail (FIFOLAB_IS_TRACER (self));
  g_return_if_fail (self->loop == NULL);

  self->hold_named = !!hold_named;
}

/**
 * fifolab_tracer_hold:
 * @self: a running tracer
 * @pid: a process
 *
 * Step mode holds the calls of process @pid (which it holds anyway without
 * hold_named), from the next one it sees on: call it before the attach.
 */
void
fifolab_tracer_hold (FifolabTracer *self,
                     gint64         pid)
{
  FifolabTracerCommand *command;

  g_return_if_fail (FIFOLAB_IS_TRACER (self));
  g_return_if_fail (pid > 0 && pid <= G_MAXINT);

  if (!self->running || self->stopping)
    return;
  command = g_new0 (FifolabTracerCommand, 1);
  command->kind = FIFOLAB_TRACER_HOLD;
  command->pid = (pid_t) pid;
  fifolab_tracer_loop_send (self->loop, command);
}

void
fifolab_tracer_release (FifolabTracer *self,
                        gint64         tid)
{
  FifolabTracerCommand *command;

  g_return_if_fail (FIFOLAB_IS_TRACER (self));
  g_return_if_fail (tid > 0 && tid <= G_MAXINT);

  if (!self->running || self->stopping)
    return;
  command = g_new0 (FifolabTracerCommand, 1);
  command->kind = FIFOLAB_TRACER_RELEASE;
  command->pid = (pid_t) tid;
  fifolab_tracer_loop_send (self->loop, command);
}

const char *
fifolab_tracer_get_path (FifolabTracer *self)
{
  g_return_val_if_fail (FIFOLAB_IS_TRACER (self), NULL);

  return self->path;
}

gboolean
fifolab_tracer_is_running (FifolabTracer *self)
{
  g_return_val_if_fail (FIFOLAB_IS_TRACER (self), FALSE);

  return self->running;
}
