/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-holder-scan.h"
#include "fifolab-inspector.h"
#include "fifolab-inspector-private.h"

/* The inspector's checks of claimed pids: the /proc walk, in one worker at a
 * time, and the verdicts told to the messages that wait for them. */

/* Whether descriptor @fd_name of the process at @pid_dirfd is open for
 * writing (its /proc/PID/fdinfo/N "flags:", octal). */
static gboolean
fd_writes (int         pid_dirfd,
           const char *fd_name)
{
  char info_path[64];
  char buf[512];
  const char *line;
  unsigned long flags;
  int mode;
  gssize n;
  int fd;

  g_snprintf (info_path, sizeof info_path, "fdinfo/%s", fd_name);
  fd = openat (pid_dirfd, info_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return FALSE;
  do
    n = read (fd, buf, sizeof buf - 1);
  while (n < 0 && errno == EINTR);
  close (fd);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';

  line = strstr (buf, "flags:");
  if (line == NULL)
    return FALSE;
  flags = strtoul (line + strlen ("flags:"), NULL, 8);
  mode = (int) (flags & O_ACCMODE);
  /* An O_PATH descriptor names the pipe without being an end of it. */
  return (flags & O_PATH) == 0 && (mode == O_WRONLY || mode == O_RDWR);
}

/* The walk itself: stops at the first descriptor open for writing on the
 * pipe, reads fdinfo only for descriptors on the pipe, and gives up (FALSE)
 * when @cancellable is cancelled. */
static gboolean
holds_for_writing (gint64        pid,
                   const char   *path,
                   GCancellable *cancellable)
{
  char pid_path[64];
  struct stat target;
  gboolean found = FALSE;
  struct dirent *entry;
  guint n = 0;
  int pid_dirfd;
  int fd_dirfd;
  DIR *dir;

  if (pid <= 0 || pid > G_MAXINT || stat (path, &target) != 0)
    return FALSE;

  /* The descriptors and their fdinfo are read from one /proc/PID: the same
   * process, even if the pid is reused meanwhile. */
  g_snprintf (pid_path, sizeof pid_path, "/proc/%" G_GINT64_FORMAT, pid);
  pid_dirfd = open (pid_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (pid_dirfd < 0)
    return FALSE;
  fd_dirfd = openat (pid_dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_dirfd < 0)
    {
      close (pid_dirfd);
      return FALSE;
    }
  dir = fdopendir (fd_dirfd);
  if (dir == NULL)
    {
      close (fd_dirfd);
      close (pid_dirfd);
      return FALSE;
    }

  while (!found && (entry = readdir (dir)) != NULL)
    {
      struct stat st;

      if (++n % CANCEL_CHECK_EVERY == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      if (entry->d_name[0] == '.')
        continue;
      /* stat follows the magic link to the pipe's inode without opening it. */
      if (fstatat (fd_dirfd, entry->d_name, &st, 0) != 0 ||
          st.st_dev != target.st_dev || st.st_ino != target.st_ino)
        continue;
      found = fd_writes (pid_dirfd, entry->d_name);
    }
  closedir (dir);
  close (pid_dirfd);
  return found;
}

/**
 * fifolab_pid_holds_for_writing:
 * @pid: a process
 * @path: a FIFO
 *
 * Walks /proc/PID/fd on the calling thread: the inspector does it in a
 * worker, never on the main thread.
 *
 * Returns: %TRUE when @pid has a descriptor open for writing on @path now
 */
gboolean
fifolab_pid_holds_for_writing (gint64      pid,
                               const char *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return holds_for_writing (pid, path, NULL);
}

/* Checks of claimed pids */

static guint
check_hash (gconstpointer data)
{
  const Check *check = data;

  return g_str_hash (check->path) ^ g_int64_hash (&check->pid);
}

static gboolean
check_equal (gconstpointer a,
             gconstpointer b)
{
  const Check *ca = a;
  const Check *cb = b;

  return ca->pid == cb->pid && strcmp (ca->path, cb->path) == 0;
}

/* What a forgotten waiter is told. */
static void
forgotten_verdict (guint64  ticket,
                   guint    flags,
                   gpointer user_data)
{
}

/* Frees @check and its waiters, which stop counting against the bounds. */
static void
check_free (FifolabInspector *self,
            Check            *check)
{
  for (guint i = 0; i < check->waiters->len; i++)
    {
      Waiter *waiter = &g_array_index (check->waiters, Waiter, i);

      self->waiter_bytes -= waiter->len;
    }
  self->n_waiters -= check->waiters->len;
  g_array_unref (check->waiters);
  g_free (check->path);
  g_free (check);
}

static void
check_job_free (gpointer data)
{
  CheckJob *job = data;

  g_free (job->path);
  g_clear_pointer (&job->writers, g_array_unref);
  g_free (job);
}

/* The processes other than @job's pid and FIFO Lab that hold the pipe open
 * for writing now (a scan of every process's descriptors), or NULL when
 * they cannot be told. FIFO Lab's own ends are not counted: it knows what
 * it writes, and a writer of its own left open must not make an honest
 * message from a writer gone since look like a lie. */
static GArray *
other_writers (CheckJob     *job,
               GCancellable *cancellable)
{
  const char *paths[] = { job->path, NULL };
  g_autoptr(FifolabHolderScan) scan = fifolab_holder_scan_run_sync (paths, cancellable, NULL);
  g_autoptr(GPtrArray) holders = NULL;
  GArray *writers;

  if (scan == NULL)
    return NULL;
  holders = fifolab_holder_scan_get_holders (scan, job->path);
  writers = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < holders->len; i++)
    {
      FifolabHolder *holder = holders->pdata[i];
      gint64 pid = fifolab_holder_get_pid (holder);

      if ((fifolab_holder_get_access (holder) & FIFOLAB_ACCESS_WRITE) &&
          pid != job->pid && pid != job->self_pid)
        g_array_append_val (writers, pid);
    }
  return writers;
}

/* The verdict on a claimed pid, from what is seen now: confirmed when it
 * holds the pipe open for writing; contradicted when it is FIFO Lab's own
 * (FIFO Lab does not hold it), or when other processes do; else not checked:
 * its writer closed the pipe before FIFO Lab could look, and no one else
 * writes to it to say otherwise. */
static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckJob *job = task_data;

  if (holds_for_writing (job->pid, job->path, cancellable))
    job->verdict = FIFOLAB_MESSAGE_PID_CONFIRMED;
  else if (job->pid == job->self_pid)
    job->verdict = FIFOLAB_MESSAGE_PID_UNSEEN;
  else if ((job->writers = other_writers (job, cancellable)) != NULL && job->writers->len > 0)
    job->verdict = FIFOLAB_MESSAGE_PID_UNSEEN;
  else
    job->verdict = 0;
  g_task_return_boolean (task, TRUE);
}

static void check_done_cb (GObject      *source_object,
                           GAsyncResult *result,
                           gpointer      user_data);

/* Hands the oldest queued check to the worker, if it is free. */
static void
start_next_check (FifolabInspector *self)
{
  g_autoptr(GTask) task = NULL;
  CheckJob *job;

  if (self->running != NULL || g_queue_is_empty (&self->queue))
    return;

  self->running = g_queue_pop_head (&self->queue);
  job = g_new (CheckJob, 1);
  job->path = g_strdup (self->running->path);
  job->pid = self->running->pid;
  job->self_pid = self->self_pid;
  job->verdict = 0;
  job->writers = NULL;

  /* No source object: the task does not keep the inspector alive, dispose
   * cancels it instead and check_done_cb() then leaves the inspector be. */
  task = g_task_new (NULL, self->cancellable, check_done_cb, self);
  g_task_set_source_tag (task, start_next_check);
  g_task_set_task_data (task, job, check_job_free);
  g_task_run_in_thread (task, check_thread);
}

/* The check of (@path, @pid) queued or running, or NULL. */
Check *
_fifolab_inspector_find_check (FifolabInspector *self,
                               const char       *path,
                               gint64            pid)
{
  Check key = { (char *) path, pid, NULL };

  return g_hash_table_lookup (self->checks, &key);
}

/* The check of (@path, @pid), queued now if it is not yet; NULL when it
 * cannot be (too many pending). */
Check *
_fifolab_inspector_queue_check (FifolabInspector *self,
             const char       *path,
             gint64            pid)
{
  Check *check = _fifolab_inspector_find_check (self, path, pid);

  if (check != NULL)
    return check;
  if (g_hash_table_size (self->checks) >= MAX_PENDING_CHECKS ||
      g_cancellable_is_cancelled (self->cancellable))
    return NULL;

  check = g_new0 (Check, 1);
  check->path = g_strdup (path);
  check->pid = pid;
  check->waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  check->queued_us = g_get_monotonic_time ();
  g_hash_table_add (self->checks, check);
  g_queue_push_tail (&self->queue, check);
  start_next_check (self);
  return check;
}

/* Whether process @pid exists at all: one stat of /proc/PID, not a walk. A
 * pid that cannot be found there is not writing to anything. */
gboolean
_fifolab_process_exists (gint64 pid)
{
  char pid_path[64];
  struct stat st;

  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;
  g_snprintf (pid_path, sizeof pid_path, "/proc/%" G_GINT64_FORMAT, pid);
  return stat (pid_path, &st) == 0 || errno != ENOENT;
}

/* Drops the waiters of @check that are reported already (not held back). */
static void
drop_reported (FifolabInspector *self,
               Check            *check)
{
  for (guint i = check->waiters->len; i > 0; i--)
    {
      const Waiter *waiter = &g_array_index (check->waiters, Waiter, i - 1);

      if (waiter->func != NULL)
        continue;
      self->waiter_bytes -= waiter->len;
      self->n_waiters--;
      g_array_remove_index (check->waiters, i - 1);
    }
}

/* Makes the waiters of @check held for @user_data tell nothing. */
static void
forget_in (Check    *check,
           gpointer  user_data)
{
  for (guint i = check->delivered; i < check->waiters->len; i++)
    {
      Waiter *waiter = &g_array_index (check->waiters, Waiter, i);

      if (waiter->func != NULL && waiter->user_data == user_data)
        waiter->func = forgotten_verdict;
    }
}

/* Has a message wait for the verdict on @check: FALSE when too many wait
 * already (its pid is then taken as not seen). */
gboolean
_fifolab_inspector_add_waiter (FifolabInspector *self,
            Check            *check,
            const Waiter     *waiter)
{
  if (self->n_waiters >= MAX_WAITERS || waiter->len > MAX_WAITER_BYTES - self->waiter_bytes)
    return FALSE;
  g_array_append_vals (check->waiters, waiter, 1);
  self->n_waiters++;
  self->waiter_bytes += waiter->len;
  return TRUE;
}

/**
 * fifolab_inspector_forget:
 * @self: an inspector
 * @user_data: what was given to fifolab_inspector_check_message()
 *
 * No verdict will be told for the messages checked with @user_data (their
 * owner is going away).
 */
void
fifolab_inspector_forget (FifolabInspector *self,
                          gpointer          user_data)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));

  /* Every check with waiters is in the table or among the deliveries. */
  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    forget_in (key, user_data);
  for (GList *l = self->deliveries.head; l != NULL; l = l->next)
    forget_in (l->data, user_data);
}

/* Tells the waiting messages of checks their verdicts, a slice per main-loop
 * iteration, oldest first. */
static gboolean
deliver_cb (gpointer data)
{
  FifolabInspector *self = data;
  /* A verdict func may drop the last reference or run dispose, which frees
   * the checks and removes this source. */
  g_autoptr(FifolabInspector) guard = g_object_ref (self);
  guint budget = DELIVER_SLICE;
  Check *check;

  while (budget > 0 && (check = g_queue_peek_head (&self->deliveries)) != NULL)
    {
      while (budget > 0 && check->delivered < check->waiters->len)
        {
          Waiter *waiter = &g_array_index (check->waiters, Waiter, check->delivered);
          g_autofree char *path = g_strdup (check->path);
          Waiter w = *waiter;

          check->delivered++;
          budget--;
          if (w.func != NULL)
            w.func (w.ticket, check->verdict, w.user_data);
          else
            fifolab_inspector_explain (self, NULL, path, check->verdict, check->pid, w.len);
          if (self->deliver_source == NULL)
            return G_SOURCE_REMOVE;
        }
      if (check->delivered == check->waiters->len)
        check_free (self, g_queue_pop_head (&self->deliveries));
    }

  if (!g_queue_is_empty (&self->deliveries))
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->deliver_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* A worker's verdict on a check (its waiters are then @check's or freed
 * with it): the pid is noted as writing, or the verdict is kept for the
 * recheck interval, and the messages that wait for it are told. The other
 * writers the worker saw are writers seen, unless every writer closed the
 * pipe since the check was queued. */
static void
conclude_check (FifolabInspector *self,
                Check            *check,
                CheckJob         *job)
{
  gboolean current = _fifolab_inspector_last_eof (self, check->path) <= check->queued_us;

  for (guint i = 0; current && job->writers != NULL && i < job->writers->len; i++)
    fifolab_inspector_note_writer (self, check->path, g_array_index (job->writers, gint64, i));
  if (job->verdict == FIFOLAB_MESSAGE_PID_CONFIRMED && current)
    fifolab_inspector_note_writer (self, check->path, check->pid);
  /* A writer noted meanwhile (by a scan) is seen, whatever the worker found. */
  if (job->verdict == FIFOLAB_MESSAGE_PID_CONFIRMED ||
      fifolab_inspector_writer_seen (self, check->path, check->pid))
    check->verdict = FIFOLAB_MESSAGE_PID_CONFIRMED;
  else
    {
      check->verdict = job->verdict;
      /* Kept for later messages of the same stream only. */
      if (current)
        _fifolab_inspector_note_absent (self, check->path, check->pid, check->verdict,
                                        g_get_monotonic_time ());
    }
  /* Messages held back are told whatever the verdict; those already logged
   * only when it is a contradiction. */
  if (check->verdict != FIFOLAB_MESSAGE_PID_UNSEEN)
    drop_reported (self, check);
  if (check->waiters->len == 0)
    {
      check_free (self, check);
      return;
    }
  g_queue_push_tail (&self->deliveries, check);
  /* At the priority of the reads that bring messages: a flood of them does
   * not put the verdicts off indefinitely. */
  if (self->deliver_source == NULL)
    {
      /* On the context this verdict came back on (the GTask's: the
       * thread-default one when the check started), not the global one. */
      self->deliver_source = g_idle_source_new ();
      g_source_set_priority (self->deliver_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->deliver_source, deliver_cb, self, NULL);
      g_source_set_static_name (self->deliver_source, "[fifolab] inspector verdicts");
      g_source_attach (self->deliver_source, g_main_context_get_thread_default ());
    }
}

static void
check_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = G_TASK (result);
  FifolabInspector *self;
  Check *check;

  /* Only dispose cancels: the inspector may be gone. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;

  self = user_data;
  g_task_propagate_boolean (task, NULL);
  check = g_steal_pointer (&self->running);
  g_hash_table_steal (self->checks, check);
  /* The next check is started first, and this one is no longer pending,
   * whatever the verdict's waiters do when they are told it. */
  start_next_check (self);
  conclude_check (self, check, g_task_get_task_data (task));
}

void
_fifolab_inspector_init_checks (FifolabInspector *self)
{
  self->checks = g_hash_table_new (check_hash, check_equal);
  g_queue_init (&self->queue);
  g_queue_init (&self->deliveries);
  self->cancellable = g_cancellable_new ();
}

/* At dispose: no check goes on, no verdict is told. */
void
_fifolab_inspector_stop_checks (FifolabInspector *self)
{
  /* A worker still walking gives up at its next look at the cancellable;
   * its result is then dropped. The messages waiting get no verdict. */
  g_cancellable_cancel (self->cancellable);
  g_queue_clear (&self->queue);
  self->running = NULL;
  if (self->deliver_source != NULL)
    g_source_destroy (self->deliver_source);
  g_clear_pointer (&self->deliver_source, g_source_unref);
  while (!g_queue_is_empty (&self->deliveries))
    check_free (self, g_queue_pop_head (&self->deliveries));
  if (self->checks != NULL)
    {
      GHashTableIter iter;
      gpointer check;

      g_hash_table_iter_init (&iter, self->checks);
      while (g_hash_table_iter_next (&iter, &check, NULL))
        {
          g_hash_table_iter_steal (&iter);
          check_free (self, check);
        }
    }
}
