/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-spawn.h"
#include "fifolab-step-watch.h"

struct _FifolabStepWatch
{
  GObject           parent_instance;

  char             *path;
  GSubprocess      *proc;
  gint64            pid;
  GCancellable     *cancellable;
  GOutputStream    *in;        /* the watch's stdin: its commands */
  GString          *outbox;    /* commands not written yet */
  gboolean          writing;   /* a write is under way */
  GDataInputStream *out;
  GDataInputStream *err;
  gboolean          running;
  GQueue            pending;   /* FifolabWatchRecord (PENDING), oldest first */
  GHashTable       *held;      /* pid → FifolabPeerProcess whose gate is shut */
  /* The bytes in the pipe (fifolab_step_watch_get_queued()): what the
   * calls seen put in and took out, while every process that used the
   * pipe was one started held. */
  guint64           written;
  guint64           taken;
  GHashTable       *started;   /* pids started held, not seen exiting yet */
  GHashTable       *let_run;   /* pids whose calls go on at once (let_run_started()) */
  GHashTable       *transfers; /* tid → TRUE (write) / FALSE (read): held or under way */
  gboolean          outsider;  /* a process not started held was seen (or refused) */
  gboolean          holding;   /* holds each call (until run()) */
};

G_DEFINE_FINAL_TYPE (FifolabStepWatch, fifolab_step_watch, G_TYPE_OBJECT)

enum
{
  SIGNAL_RECORD,
  SIGNAL_PENDING_CHANGED,
  SIGNAL_ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
open_gates (FifolabStepWatch *self)
{
  GHashTableIter iter;
  gpointer peer;

  g_hash_table_iter_init (&iter, self->held);
  while (g_hash_table_iter_next (&iter, NULL, &peer))
    fifolab_peer_process_open_gate (peer);
  g_hash_table_remove_all (self->held);
}

static void write_next (FifolabStepWatch *self);

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FifolabStepWatch) self = user_data;
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      /* The watch is gone: its end (stdout) says so. */
      g_debug ("Step watch of %s: %s", self->path, error->message);
      return;
    }
  write_next (self);
}

static void
write_next (FifolabStepWatch *self)
{
  g_autoptr(GBytes) bytes = NULL;

  if (self->writing || self->outbox->len == 0 || self->in == NULL)
    return;
  bytes = g_string_free_to_bytes (g_steal_pointer (&self->outbox));
  self->outbox = g_string_new (NULL);
  self->writing = TRUE;
  /* A few bytes into a pipe the watch reads at once; async all the same. */
  g_output_stream_write_all_async (self->in, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, self->cancellable, write_cb,
                                   g_object_ref (self));
  /* The bytes live as long as the write: tied to the task's data. */
  g_object_set_data_full (G_OBJECT (self), "fifolab-step-writing", g_steal_pointer (&bytes),
                          (GDestroyNotify) g_bytes_unref);
}

static void
send_command (FifolabStepWatch *self,
              const char       *line)
{
  if (!self->running)
    return;
  g_string_append (self->outbox, line);
  g_string_append_c (self->outbox, '\n');
  write_next (self);
}

static gboolean
forget_where (FifolabStepWatch *self,
              gboolean          by_pid,
              gint64            id)
{
  gboolean changed = FALSE;
  GList *l = self->pending.head;

  while (l != NULL)
    {
      GList *next = l->next;
      FifolabWatchRecord *record = l->data;

      if ((by_pid ? record->pid : record->tid) == id)
        {
          fifolab_watch_record_unref (record);
          g_queue_delete_link (&self->pending, l);
          changed = TRUE;
        }
      l = next;
    }
  return changed;
}

/* The count of the bytes in the pipe, from each record. */
static void
count_record (FifolabStepWatch   *self,
              FifolabWatchRecord *record)
{
  gpointer pid = GINT_TO_POINTER ((int) record->pid);
  gpointer tid = GINT_TO_POINTER ((int) record->tid);

  switch (record->kind)
    {
    case FIFOLAB_WATCH_PENDING:
      if (record->is_write || record->is_read)
        g_hash_table_insert (self->transfers, tid, GINT_TO_POINTER (record->is_write));
      break;
    case FIFOLAB_WATCH_CALL:
      if (record->is_write && record->result > 0)
        self->written += (guint64) record->result;
      else if (record->is_read && record->result > 0)
        self->taken += (guint64) record->result;
      if (record->is_write || record->is_read)
        g_hash_table_remove (self->transfers, tid);
      break;
    case FIFOLAB_WATCH_ATTACH:
      /* Seen by the watch's own scan: it held the pipe before, with bytes
       * the watch did not see written, maybe. */
      if (!g_hash_table_contains (self->started, pid))
        self->outsider = TRUE;
      break;
    case FIFOLAB_WATCH_REFUSED:
      self->outsider = TRUE;
      break;
    case FIFOLAB_WATCH_EXIT:
      /* A process killed inside a write leaves its tid here: not known
       * any more. The last one gone, nobody holds the pipe (no outsider
       * did, FIFO Lab's own end aside): the kernel dropped its bytes. */
      if (g_hash_table_remove (self->started, pid) && g_hash_table_size (self->started) == 0 &&
          g_hash_table_size (self->transfers) == 0)
        self->written = self->taken = 0;
      break;
    case FIFOLAB_WATCH_DETACH:
    case FIFOLAB_WATCH_STOPPED:
    case FIFOLAB_WATCH_RELEASED:
    case FIFOLAB_WATCH_BLOCKED:
    default:
      break;
    }
}

static gboolean
is_pending_tid (FifolabStepWatch *self,
                gint64            tid)
{
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    if (((FifolabWatchRecord *) l->data)->tid == tid)
      return TRUE;
  return FALSE;
}

static void
note_record (FifolabStepWatch   *self,
             FifolabWatchRecord *record)
{
  gboolean changed = FALSE;
  gpointer key = GINT_TO_POINTER ((int) record->pid);
  FifolabPeerProcess *peer;

  count_record (self, record);
  /* A process that runs on: its call goes on at once, counted as one
   * under way until its record comes, never shown as held. */
  if (g_hash_table_contains (self->let_run, key))
    {
      if (record->kind == FIFOLAB_WATCH_PENDING)
        {
          g_autofree char *command = g_strdup_printf ("step %" G_GINT64_FORMAT, record->tid);

          send_command (self, command);
          return;
        }
      if (record->kind == FIFOLAB_WATCH_RELEASED)
        return;
      if (record->kind == FIFOLAB_WATCH_EXIT)
        g_hash_table_remove (self->let_run, key);
    }
  switch (record->kind)
    {
    case FIFOLAB_WATCH_PENDING:
      g_queue_push_tail (&self->pending, fifolab_watch_record_ref (record));
      changed = TRUE;
      break;
    case FIFOLAB_WATCH_RELEASED:
    case FIFOLAB_WATCH_DETACH:
      changed = forget_where (self, FALSE, record->tid);
      break;
    case FIFOLAB_WATCH_EXIT:
      changed = forget_where (self, TRUE, record->pid);
      break;
    case FIFOLAB_WATCH_ATTACH:
    case FIFOLAB_WATCH_REFUSED:
    case FIFOLAB_WATCH_CALL:
    case FIFOLAB_WATCH_STOPPED:
    case FIFOLAB_WATCH_CONTINUED:
    default:
      break;
    }

  /* Seized (or refused: it runs unwatched, as without step mode): its
   * command may run now. */
  if ((record->kind == FIFOLAB_WATCH_ATTACH || record->kind == FIFOLAB_WATCH_REFUSED) &&
      (peer = g_hash_table_lookup (self->held, key)) != NULL)
    {
      fifolab_peer_process_open_gate (peer);
      g_hash_table_remove (self->held, key);
    }

  g_signal_emit (self, signals[SIGNAL_RECORD], 0, record);
  if (changed)
    g_signal_emit (self, signals[SIGNAL_PENDING_CHANGED], 0);
}

static void
ended (FifolabStepWatch *self)
{
  gboolean had_pending = !g_queue_is_empty (&self->pending);

  if (!self->running)
    return;
  self->running = FALSE;
  open_gates (self);
  g_queue_clear_full (&self->pending, (GDestroyNotify) fifolab_watch_record_unref);
  if (had_pending)
    g_signal_emit (self, signals[SIGNAL_PENDING_CHANGED], 0);
  g_signal_emit (self, signals[SIGNAL_ENDED], 0);
}

static void read_line (FifolabStepWatch *self, GDataInputStream *stream);

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GDataInputStream *stream = G_DATA_INPUT_STREAM (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (stream, result, NULL, &error);
  FifolabStepWatch *self;

  /* Cancelled in dispose: @user_data may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (line == NULL)
    {
      /* Its stdout's end is the watch's end. */
      if (stream == self->out)
        ended (self);
      return;
    }
  if (stream == self->err)
    g_debug ("Step watch of %s says: %s", self->path, line);
  else if (*line != '\0')
    {
      g_autoptr(FifolabWatchRecord) record = fifolab_watch_record_from_json (line, &error);

      if (record != NULL)
        note_record (self, record);
      else
        g_debug ("Step watch of %s: %s", self->path, error->message);
    }
  read_line (self, stream);
}

static void
read_line (FifolabStepWatch *self,
           GDataInputStream *stream)
{
  /* No reference: dropping the last one stops the watch (dispose). */
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, self->cancellable, line_cb, self);
}


static void
fifolab_step_watch_dispose (GObject *object)
{
  FifolabStepWatch *self = FIFOLAB_STEP_WATCH (object);

  if (self->proc != NULL && self->running)
    g_subprocess_send_signal (self->proc, SIGTERM);
  self->running = FALSE;
  if (self->held != NULL)
    open_gates (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->in);
  g_clear_object (&self->out);
  g_clear_object (&self->err);
  g_clear_object (&self->proc);
  g_queue_clear_full (&self->pending, (GDestroyNotify) fifolab_watch_record_unref);

  G_OBJECT_CLASS (fifolab_step_watch_parent_class)->dispose (object);
}

static void
fifolab_step_watch_finalize (GObject *object)
{
  FifolabStepWatch *self = FIFOLAB_STEP_WATCH (object);

  g_free (self->path);
  g_string_free (self->outbox, TRUE);
  g_clear_pointer (&self->held, g_hash_table_unref);
  g_clear_pointer (&self->started, g_hash_table_unref);
  g_clear_pointer (&self->let_run, g_hash_table_unref);
  g_clear_pointer (&self->transfers, g_hash_table_unref);

  G_OBJECT_CLASS (fifolab_step_watch_parent_class)->finalize (object);
}

static void
fifolab_step_watch_class_init (FifolabStepWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_step_watch_dispose;
  object_class->finalize = fifolab_step_watch_finalize;

  signals[SIGNAL_RECORD] =
    g_signal_new ("record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FIFOLAB_TYPE_WATCH_RECORD | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_PENDING_CHANGED] =
    g_signal_new ("pending-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
fifolab_step_watch_init (FifolabStepWatch *self)
{
  self->pid = -1;
  self->outbox = g_string_new (NULL);
  g_queue_init (&self->pending);
  self->held = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->started = g_hash_table_new (NULL, NULL);
  self->let_run = g_hash_table_new (NULL, NULL);
  self->transfers = g_hash_table_new (NULL, NULL);
  self->holding = TRUE;
}

FifolabStepWatch *
fifolab_step_watch_new (const char *path)
{
  FifolabStepWatch *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FIFOLAB_TYPE_STEP_WATCH, NULL);
  self->path = g_strdup (path);
  return self;
}

const char *
fifolab_step_watch_get_path (FifolabStepWatch *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STEP_WATCH (self), NULL);
  return self->path;
}

/**
 * fifolab_step_watch_start:
 * @self: a step watch not started yet
 * @error: return location for a #GError
 *
 * Runs `fifolab-peer watch --json --step PIPE`.
 *
 * Returns: %TRUE when it runs
 */
gboolean
fifolab_step_watch_start (FifolabStepWatch  *self,
                          GError           **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *self_pid = g_strdup_printf ("%d", (int) getpid ());
  /* Never this process: its own reads held, nobody would be left to
   * release them (its main loop would wait in the read). Only the peers
   * started held are held (start_peer()): another process on the pipe is
   * watched, its calls never held. One a lesson before let run stays let
   * run, though a new watch finds it on the pipe; the user's own cat was
   * never a lesson's to step. */
  const char *argv[] = { fifolab_peer_process_get_default_path (), "watch", "--json", "--step",
                         "--hold-named", "--except", self_pid, "--", self->path, NULL };
  GPid pid = 0;

  g_return_val_if_fail (FIFOLAB_IS_STEP_WATCH (self), FALSE);
  g_return_val_if_fail (self->proc == NULL, FALSE);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Its pid at once: the peers it is to trace are told it before it may
   * have been asked of GSubprocess. */
  self->proc = fifolab_spawn (launcher, argv, NULL, NULL, &pid, error);
  if (self->proc == NULL)
    return FALSE;
  self->pid = pid;
  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  self->in = g_object_ref (g_subprocess_get_stdin_pipe (self->proc));
  self->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->proc));
  self->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (self->proc));
  read_line (self, self->out);
  read_line (self, self->err);
  /* GSubprocess reaps it whenever it ends; the end of its stdout is
   * what tells us. */
  return TRUE;
}

gboolean
fifolab_step_watch_is_running (FifolabStepWatch *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STEP_WATCH (self), FALSE);
  return self->running;
}

gint64
fifolab_step_watch_get_pid (FifolabStepWatch *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STEP_WATCH (self), -1);
  return self->pid;
}

/**
 * fifolab_step_watch_start_peer:
 * @self: a running step watch
 * @peer: a peer not started yet
 * @peers: where it is listed once it runs
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the peer runs (held until the watch has seized it)
 */
gboolean
fifolab_step_watch_start_peer (FifolabStepWatch    *self,
                               FifolabPeerProcess  *peer,
                               GListStore          *peers,
                               GError             **error)
{
  g_autofree char *command = NULL;
  gint64 pid;

  g_return_val_if_fail (FIFOLAB_IS_STEP_WATCH (self), FALSE);
  g_return_val_if_fail (FIFOLAB_IS_PEER_PROCESS (peer), FALSE);

  if (!self->running)
    return fifolab_peer_process_start_listed (peer, peers, error);
  fifolab_peer_process_hold_for (peer, self->pid);
  if (!fifolab_peer_process_start_listed (peer, peers, error))
    return FALSE;
  pid = fifolab_peer_process_get_pid (peer);
  g_hash_table_insert (self->held, GINT_TO_POINTER ((int) pid), g_object_ref (peer));
  g_hash_table_add (self->started, GINT_TO_POINTER ((int) pid));
  /* Held, and only because it is named: attached by the same command. */
  command = g_strdup_printf ("hold %" G_GINT64_FORMAT, pid);
  send_command (self, command);
  return TRUE;
}

FifolabWatchRecord *
fifolab_step_watch_get_pending (FifolabStepWatch *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STEP_WATCH (self), NULL);
  return g_queue_peek_head (&self->pending);
}

guint
fifolab_step_watch_get_n_pending (FifolabStepWatch *self)
{
  g_return_val_if_fail (FIFOLAB_IS_STEP_WATCH (self), 0);
  return self->pending.length;
}

FifolabWatchRecord *
fifolab_step_watch_get_pending_of (FifolabStepWatch *self,
                                   gint64            pid)
{
  g_return_val_if_fail (FIFOLAB_IS_STEP_WATCH (self), NULL);

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    if (((FifolabWatchRecord *) l->data)->pid == pid)
      return l->data;
  return NULL;
}

gboolean
fifolab_step_watch_step (FifolabStepWatch *self)
{
  FifolabWatchRecord *oldest;
  g_autofree char *command = NULL;

  g_return_val_if_fail (FIFOLAB_IS_STEP_WATCH (self), FALSE);

  oldest = g_queue_peek_head (&self->pending);
  if (oldest == NULL || !self->running)
    return FALSE;
  /* By thread: exactly the call shown, whatever the watch saw since. */
  command = g_strdup_printf ("step %" G_GINT64_FORMAT, oldest->tid);
  send_command (self, command);
  /* Shown as gone at once; its RELEASED record follows. */
  forget_where (self, FALSE, oldest->tid);
  g_signal_emit (self, signals[SIGNAL_PENDING_CHANGED], 0);
  return TRUE;
}

/**
 * fifolab_step_watch_let_run_started:
 * @self: a step watch
 *
 * Another lesson: the processes started held so far run on, still
 * watched (their calls, seen from the first, keep the count of the bytes
 * in the pipe known), and nothing of theirs is held any more: each call
 * held now goes on, and each later one at once. A process started later
 * is held as before.
 *
 * Returns: %FALSE, nothing done, when the watch no longer holds calls
 *   (after fifolab_step_watch_run()) or has ended
 */
gboolean
fifolab_step_watch_let_run_started (FifolabStepWatch *self)
{
  GHashTableIter iter;
  gpointer pid;
  gboolean changed = FALSE;

  g_return_val_if_fail (FIFOLAB_IS_STEP_WATCH (self), FALSE);

  if (!self->running || !self->holding)
    return FALSE;
  g_hash_table_iter_init (&iter, self->started);
  while (g_hash_table_iter_next (&iter, &pid, NULL))
    {
      FifolabWatchRecord *pending;

      g_hash_table_add (self->let_run, pid);
      /* By thread, as Step does: exactly the calls held now. */
      while ((pending = fifolab_step_watch_get_pending_of (self, GPOINTER_TO_INT (pid))) != NULL)
        {
          g_autofree char *command = g_strdup_printf ("step %" G_GINT64_FORMAT, pending->tid);

          send_command (self, command);
          forget_where (self, FALSE, pending->tid);
          changed = TRUE;
        }
    }
  if (changed)
    g_signal_emit (self, signals[SIGNAL_PENDING_CHANGED], 0);
  return TRUE;
}

void
fifolab_step_watch_run (FifolabStepWatch *self)
{
  g_return_if_fail (FIFOLAB_IS_STEP_WATCH (self));

  /* Its calls are no longer held: one under way is not known of. */
  self->holding = FALSE;
  send_command (self, "run");
}

/**
 * fifolab_step_watch_get_queued:
 * @self: a step watch
 * @queued: (out): the bytes in the pipe
 *
 * The bytes in the pipe, known for sure while the watch holds each call of
 * processes it has seen from their first call: the writes less the reads.
 * Not known once a process it did not start held used the pipe (it may
 * have put bytes in before), nor while a write goes on (or a read, with
 * bytes to take), nor after run(). FIFO Lab's own calls are not seen.
 *
 * Returns: %TRUE when @queued is known
 */
gboolean
fifolab_step_watch_get_queued (FifolabStepWatch *self,
                               guint64          *queued)
{
  GHashTableIter iter;
  gpointer tid, is_write;

  g_return_val_if_fail (FIFOLAB_IS_STEP_WATCH (self), FALSE);
  g_return_val_if_fail (queued != NULL, FALSE);

  if (!self->running || !self->holding || self->outsider || self->taken > self->written)
    return FALSE;
  g_hash_table_iter_init (&iter, self->transfers);
  while (g_hash_table_iter_next (&iter, &tid, &is_write))
    {
      if (is_pending_tid (self, GPOINTER_TO_INT (tid)))
        continue;
      /* Under way: a write puts bytes in; a read takes them, unless it
       * sleeps on an empty pipe. */
      if (GPOINTER_TO_INT (is_write) || self->written > self->taken)
        return FALSE;
    }
  *queued = self->written - self->taken;
  return TRUE;
}

void
fifolab_step_watch_stop (FifolabStepWatch *self)
{
  g_return_if_fail (FIFOLAB_IS_STEP_WATCH (self));

  if (!self->running)
    return;
  /* It detaches every tracee, a held one before its call: they run on. */
  g_subprocess_send_signal (self->proc, SIGTERM);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * fifolab_step_watch_wait_async:
 * @self: a step watch
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the watch's process has ended
 * @user_data: for @callback
 *
 * Waits for the watch's process to end (fifolab_step_watch_stop() asks it
 * to): its stdout closes before the kernel has detached its tracees, its
 * reaping comes after.
 */
void
fifolab_step_watch_wait_async (FifolabStepWatch    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FIFOLAB_IS_STEP_WATCH (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fifolab_step_watch_wait_async);
  if (self->proc == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_subprocess_wait_async (self->proc, cancellable, wait_cb, g_steal_pointer (&task));
}

gboolean
fifolab_step_watch_wait_finish (FifolabStepWatch  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
pipe_name (const char *path)
{
  return path != NULL ? g_path_get_basename (path) : g_strdup ("?");
}

char *
fifolab_step_watch_describe (const FifolabWatchRecord *record,
                             const char               *path)
{
  g_autofree char *name = pipe_name (path);
  g_autofree char *who = NULL;
  const char *syscall;
  gint64 size;

  g_return_val_if_fail (record != NULL, NULL);

  syscall = record->syscall != NULL ? record->syscall : "";
  size = MAX (record->requested, 0);
  if (record->comm != NULL && *record->comm != '\0')
    /* Translators: a process: its pid, then its command name. */
    who = g_strdup_printf (_("pid %d (%s)"), (int) record->pid, record->comm);
  else
    who = g_strdup_printf (_("pid %d"), (int) record->pid);

  if (record->is_write)
    /* Translators: "pid 4211 (python3) is about to write 22 bytes to my_pipe". */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s is about to write %d byte to %s",
                                         "%s is about to write %d bytes to %s", (gulong) size),
                            who, (int) size, name);
  if (record->is_read)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s is about to read up to %d byte from %s",
                                         "%s is about to read up to %d bytes from %s", (gulong) size),
                            who, (int) size, name);
  if (g_str_has_prefix (syscall, "open"))
    return g_strdup_printf (_("%s is about to open %s"), who, name);
  if (strcmp (syscall, "close") == 0)
    return g_strdup_printf (_("%s is about to close its end of %s"), who, name);
  /* Translators: the second %s is a system call's name ("splice"). */
  return g_strdup_printf (_("%s is about to call %s on %s"), who, syscall, name);
}

char *
fifolab_step_watch_describe_short (const FifolabWatchRecord *record)
{
  const char *syscall;

  g_return_val_if_fail (record != NULL, NULL);

  syscall = record->syscall != NULL ? record->syscall : "";
  if (record->is_write)
    /* Translators: on a process's box: it waits before writing N bytes. */
    return g_strdup_printf (_("about to write %d B"), (int) MAX (record->requested, 0));
  if (record->is_read)
    return g_strdup_printf (_("about to read up to %d B"), (int) MAX (record->requested, 0));
  if (g_str_has_prefix (syscall, "open"))
    return g_strdup (_("about to open()"));
  if (strcmp (syscall, "close") == 0)
    return g_strdup (_("about to close()"));
  return g_strdup_printf (_("about to call %s()"), syscall);
}
