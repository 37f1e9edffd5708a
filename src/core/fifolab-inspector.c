/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-inspector.h"
#include "fifolab-log-private.h"
#include "fifolab-stamp.h"

/* How long a claimed pid found not writing to a pipe is taken as such before
 * /proc is looked at again (GObject property "recheck-interval", in ms). A
 * flood of messages claiming a pid that does not write would otherwise cost a
 * walk of that process's descriptors each. */
#define DEFAULT_RECHECK_INTERVAL_MS 250
/* Pids remembered as not writing, per pipe, before they are all forgotten. */
#define MAX_ABSENT 4096

/* Whether a claimed pid holds the pipe is found by walking that process's
 * /proc/PID/fd, which may hold a million descriptors: never on the main
 * thread. One worker at a time per inspector takes the checks in turn; a
 * (pipe, pid) pair waiting for its check or being checked is not queued
 * again, and one found not writing is not checked again within the recheck
 * interval. So a message costs the main loop a few table look-ups whatever
 * it claims, and the messages that claim a pid being checked wait for the
 * verdict (their entries get PID_UNSEEN when it comes).
 *
 * The pairs waiting or being checked, at most: a message claiming yet
 * another pid is then reported unseen at once (it was not seen: it could
 * not be looked at). */
#define MAX_PENDING_CHECKS 64
/* Messages waiting for a verdict, in all, and the payload bytes they hold;
 * beyond that a message is reported unseen at once too. */
#define MAX_WAITERS        16384
#define MAX_WAITER_BYTES   (16 * 1024 * 1024)
/* Descriptors a worker walks between two looks at its cancellable. */
#define CANCEL_CHECK_EVERY 1024
/* Waiting messages marked unseen per main-loop iteration once their verdict
 * is in: all of them at once could hold the loop (up to MAX_WAITERS). */
#define DELIVER_SLICE      256

/* A message whose claimed pid is being checked: either held back by its
 * owner (@func, told the verdict), or already logged and reported now (its
 * entry @serial of @log marked, if @log, when the pid is found unseen). */
typedef struct
{
  FifolabVerdictFunc func;
  gpointer    user_data;
  guint64     ticket;
  FifolabLog *log;
  guint64     serial;
  gsize       len;
} Waiter;

/* One (pipe, pid) pair to check, with the messages that wait for it. */
typedef struct
{
  char   *path;
  gint64  pid;
  GArray *waiters;      /* Waiter */
  guint   delivered;    /* waiters told so far, once the verdict is in */
  guint   verdict;      /* 0 (writing) or FIFOLAB_MESSAGE_PID_UNSEEN */
} Check;

/* What a worker is given: its own copy, the Check stays on the main thread. */
typedef struct
{
  char   *path;
  gint64  pid;
} CheckJob;

struct _FifolabInspector
{
  GObject     parent_instance;

  FifolabLog *log;
  char       *default_template;
  GHashTable *templates;  /* path → template */
  GHashTable *writers;    /* path → GHashTable set of gint64 pids */
  GHashTable *absent;     /* path → GHashTable gint64 pid → gint64 µs it was found not writing */
  guint       recheck_interval_ms;
  GHashTable *readers;    /* FifolabReader* (weak) → handler id */
  guint       n_torn;
  guint       n_unseen;

  GHashTable *checks;     /* Check* → itself: every check queued or running (owned) */
  GQueue      queue;      /* Check* not started yet, oldest first */
  Check      *running;    /* the one the worker has, or NULL */
  GQueue      deliveries; /* Check* with a verdict, waiters still to tell (owned) */
  GSource    *deliver_source; /* idle source marking them, on the
                               * thread-default context of the checks */
  GCancellable *cancellable; /* cancelled at dispose */
  guint       n_waiters;
  gsize       waiter_bytes;
};

G_DEFINE_FINAL_TYPE (FifolabInspector, fifolab_inspector, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOG,
  PROP_N_TORN,
  PROP_N_UNSEEN,
  PROP_RECHECK_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static void
waiter_clear (gpointer data)
{
  Waiter *waiter = data;

  g_clear_object (&waiter->log);
}

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
  g_free (job);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckJob *job = task_data;

  g_task_return_boolean (task, holds_for_writing (job->pid, job->path, cancellable));
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

  /* No source object: the task does not keep the inspector alive, dispose
   * cancels it instead and check_done_cb() then leaves the inspector be. */
  task = g_task_new (NULL, self->cancellable, check_done_cb, self);
  g_task_set_source_tag (task, start_next_check);
  g_task_set_task_data (task, job, check_job_free);
  g_task_run_in_thread (task, check_thread);
}

/* The check of (@path, @pid), queued now if it is not yet; NULL when it
 * cannot be (too many pending). */
static Check *
queue_check (FifolabInspector *self,
             const char       *path,
             gint64            pid)
{
  Check key = { (char *) path, pid, NULL };
  Check *check = g_hash_table_lookup (self->checks, &key);

  if (check != NULL)
    return check;
  if (g_hash_table_size (self->checks) >= MAX_PENDING_CHECKS ||
      g_cancellable_is_cancelled (self->cancellable))
    return NULL;

  check = g_new0 (Check, 1);
  check->path = g_strdup (path);
  check->pid = pid;
  check->waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  g_array_set_clear_func (check->waiters, waiter_clear);
  g_hash_table_add (self->checks, check);
  g_queue_push_tail (&self->queue, check);
  start_next_check (self);
  return check;
}

/* Whether process @pid exists at all: one stat of /proc/PID, not a walk. A
 * pid that cannot be found there is not writing to anything. */
static gboolean
process_exists (gint64 pid)
{
  char pid_path[64];
  struct stat st;

  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;
  g_snprintf (pid_path, sizeof pid_path, "/proc/%" G_GINT64_FORMAT, pid);
  return stat (pid_path, &st) == 0 || errno != ENOENT;
}

/* GObject */

static void
reader_gone_cb (gpointer  data,
                GObject  *where_the_object_was)
{
  FifolabInspector *self = data;

  g_hash_table_remove (self->readers, where_the_object_was);
}

static void
fifolab_inspector_dispose (GObject *object)
{
  FifolabInspector *self = FIFOLAB_INSPECTOR (object);

  if (self->readers != NULL)
    {
      GHashTableIter iter;
      gpointer reader, id;

      g_hash_table_iter_init (&iter, self->readers);
      while (g_hash_table_iter_next (&iter, &reader, &id))
        {
          g_signal_handler_disconnect (reader, GPOINTER_TO_SIZE (id));
          g_object_weak_unref (reader, reader_gone_cb, self);
          g_hash_table_iter_remove (&iter);
        }
    }

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
  g_clear_object (&self->log);

  G_OBJECT_CLASS (fifolab_inspector_parent_class)->dispose (object);
}

static void
fifolab_inspector_finalize (GObject *object)
{
  FifolabInspector *self = FIFOLAB_INSPECTOR (object);

  g_clear_pointer (&self->default_template, g_free);
  g_clear_pointer (&self->templates, g_hash_table_unref);
  g_clear_pointer (&self->writers, g_hash_table_unref);
  g_clear_pointer (&self->absent, g_hash_table_unref);
  g_clear_pointer (&self->readers, g_hash_table_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fifolab_inspector_parent_class)->finalize (object);
}

static void
fifolab_inspector_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FifolabInspector *self = FIFOLAB_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_N_TORN:
      g_value_set_uint (value, self->n_torn);
      break;
    case PROP_N_UNSEEN:
      g_value_set_uint (value, self->n_unseen);
      break;
    case PROP_RECHECK_INTERVAL:
      g_value_set_uint (value, self->recheck_interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_inspector_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FifolabInspector *self = FIFOLAB_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_LOG:
      self->log = g_value_dup_object (value);
      break;
    case PROP_RECHECK_INTERVAL:
      fifolab_inspector_set_recheck_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_inspector_class_init (FifolabInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_inspector_dispose;
  object_class->finalize = fifolab_inspector_finalize;
  object_class->get_property = fifolab_inspector_get_property;
  object_class->set_property = fifolab_inspector_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, FIFOLAB_TYPE_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TORN] =
    g_param_spec_uint ("n-torn", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_UNSEEN] =
    g_param_spec_uint ("n-unseen", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECHECK_INTERVAL] =
    g_param_spec_uint ("recheck-interval", NULL, NULL, 0, G_MAXUINT, DEFAULT_RECHECK_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

}

static void
fifolab_inspector_init (FifolabInspector *self)
{
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->writers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
  self->absent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_hash_table_unref);
  self->readers = g_hash_table_new (NULL, NULL);
  self->recheck_interval_ms = DEFAULT_RECHECK_INTERVAL_MS;
  self->checks = g_hash_table_new (check_hash, check_equal);
  g_queue_init (&self->queue);
  g_queue_init (&self->deliveries);
  self->cancellable = g_cancellable_new ();
}

/* Public API */

/**
 * fifolab_inspector_new:
 * @log: (nullable): where flagged messages are reported
 *
 * Returns: (transfer full): a new inspector
 */
FifolabInspector *
fifolab_inspector_new (FifolabLog *log)
{
  g_return_val_if_fail (log == NULL || FIFOLAB_IS_LOG (log), NULL);
  return g_object_new (FIFOLAB_TYPE_INSPECTOR, "log", log, NULL);
}

void
fifolab_inspector_set_template (FifolabInspector *self,
                                const char       *path,
                                const char       *template_)
{
  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));

  if (path == NULL)
    {
      g_free (self->default_template);
      self->default_template = g_strdup (template_);
    }
  else if (template_ == NULL)
    g_hash_table_remove (self->templates, path);
  else
    g_hash_table_replace (self->templates, g_strdup (path), g_strdup (template_));
}

/**
 * fifolab_inspector_get_template:
 * @self: an inspector
 * @path: (nullable): a FIFO, or %NULL for the default
 *
 * Returns: (nullable): the shape messages on @path are checked against
 */
const char *
fifolab_inspector_get_template (FifolabInspector *self,
                                const char       *path)
{
  const char *template_ = NULL;

  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), NULL);

  if (path != NULL)
    template_ = g_hash_table_lookup (self->templates, path);
  return template_ != NULL ? template_ : self->default_template;
}

static GHashTable *
writers_for (FifolabInspector *self,
             const char       *path)
{
  GHashTable *set = g_hash_table_lookup (self->writers, path);

  if (set == NULL)
    {
      set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_insert (self->writers, g_strdup (path), set);
    }
  return set;
}

void
fifolab_inspector_note_writer (FifolabInspector *self,
                               const char       *path,
                               gint64            pid)
{
  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (path != NULL);

  if (pid > 0)
    {
      GHashTable *absent = g_hash_table_lookup (self->absent, path);

      g_hash_table_add (writers_for (self, path), g_memdup2 (&pid, sizeof pid));
      if (absent != NULL)
        g_hash_table_remove (absent, &pid);
    }
}

/* Whether @pid was found not writing to @path less than the recheck interval ago. */
static gboolean
known_absent (FifolabInspector *self,
              const char       *path,
              gint64            pid,
              gint64            now_us)
{
  GHashTable *absent = g_hash_table_lookup (self->absent, path);
  const gint64 *checked_us = absent != NULL ? g_hash_table_lookup (absent, &pid) : NULL;

  return checked_us != NULL && now_us - *checked_us < (gint64) self->recheck_interval_ms * 1000;
}

static void
note_absent (FifolabInspector *self,
             const char       *path,
             gint64            pid,
             gint64            now_us)
{
  GHashTable *absent = g_hash_table_lookup (self->absent, path);

  if (absent == NULL)
    {
      absent = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      g_hash_table_insert (self->absent, g_strdup (path), absent);
    }
  else if (g_hash_table_size (absent) >= MAX_ABSENT)
    g_hash_table_remove_all (absent);
  g_hash_table_replace (absent, g_memdup2 (&pid, sizeof pid), g_memdup2 (&now_us, sizeof now_us));
}

void
fifolab_inspector_note_scan (FifolabInspector   *self,
                             FifolabHolderScan  *scan,
                             const char * const *paths)
{
  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (FIFOLAB_IS_HOLDER_SCAN (scan));

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) holders = fifolab_holder_scan_get_holders (scan, paths[i]);

      for (guint j = 0; j < holders->len; j++)
        {
          FifolabHolder *holder = holders->pdata[j];

          if (fifolab_holder_get_access (holder) & FIFOLAB_ACCESS_WRITE)
            fifolab_inspector_note_writer (self, paths[i], fifolab_holder_get_pid (holder));
        }
    }
}

gboolean
fifolab_inspector_writer_seen (FifolabInspector *self,
                               const char       *path,
                               gint64            pid)
{
  GHashTable *set;

  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  set = g_hash_table_lookup (self->writers, path);
  return set != NULL && g_hash_table_contains (set, &pid);
}

/* TORN, and PID_UNSEEN when the claimed pid is known not to write to @path
 * now: no /proc walk here. When it is not known, its check is queued (or was
 * already) and returned in *@check: the verdict comes later. */
static guint
inspect_now (FifolabInspector *self,
             const char       *path,
             const guint8     *data,
             gsize             len,
             gint64            pid,
             Check           **check)
{
  guint flags;

  flags = fifolab_shape_check_torn (fifolab_inspector_get_template (self, path), data, len);
  *check = NULL;

  if (pid > 0 && !fifolab_inspector_writer_seen (self, path, pid))
    {
      gint64 now_us = g_get_monotonic_time ();

      /* Not in any scan: unseen if it was found not writing a moment ago or
       * there is no such process; else a worker looks at that process. */
      if (known_absent (self, path, pid, now_us))
        flags |= FIFOLAB_MESSAGE_PID_UNSEEN;
      else if (!process_exists (pid))
        {
          note_absent (self, path, pid, now_us);
          flags |= FIFOLAB_MESSAGE_PID_UNSEEN;
        }
      else if ((*check = queue_check (self, path, pid)) == NULL)
        /* Too many pids being checked: this one was not seen. */
        flags |= FIFOLAB_MESSAGE_PID_UNSEEN;
    }

  return flags;
}

/**
 * fifolab_inspector_inspect:
 * @self: an inspector
 * @path: the FIFO the message came from
 * @data: (array length=len): the message
 * @len: its length
 * @claimed_pid: (out) (optional): the pid the message claims, or -1
 *
 * What can be told without walking /proc: PID_UNSEEN when the claimed pid is
 * known not to write to @path (found so within the recheck interval, or no
 * such process). Otherwise a check of that process is started in a worker;
 * its verdict is there for the next messages (and see
 * fifolab_inspector_report()).
 *
 * Returns: %FIFOLAB_MESSAGE_TORN and/or %FIFOLAB_MESSAGE_PID_UNSEEN
 */
guint
fifolab_inspector_inspect (FifolabInspector *self,
                           const char       *path,
                           const guint8     *data,
                           gsize             len,
                           gint64           *claimed_pid)
{
  Check *check;
  gint64 pid;
  guint flags;

  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  g_return_val_if_fail (path != NULL, 0);
  g_return_val_if_fail (data != NULL || len == 0, 0);

  pid = fifolab_stamp_parse_claimed_pid (data, len);
  flags = inspect_now (self, path, data, len, pid, &check);
  if (claimed_pid != NULL)
    *claimed_pid = pid;
  return flags;
}

/**
 * fifolab_inspector_explain:
 * @self: an inspector
 * @log: (nullable): where the events go; %NULL: the inspector's log
 * @path: the FIFO the message came from
 * @flags: what was found in it (only TORN and PID_UNSEEN count here)
 * @claimed_pid: the pid it claims, or -1
 * @len: its size
 *
 * Counts what was found in one message and explains it: a TORN and/or a
 * PID_UNSEEN event appended to @log, to come right after the message's own
 * entry, with what the flags cannot hold (the size, the pid, the shape).
 */
void
fifolab_inspector_explain (FifolabInspector *self,
                           FifolabLog       *log,
                           const char       *path,
                           guint             flags,
                           gint64            claimed_pid,
                           gsize             len)
{
  g_autofree char *size_text = NULL;
  g_autofree char *pid_text = NULL;

  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (log == NULL || FIFOLAB_IS_LOG (log));

  if (!(flags & (FIFOLAB_MESSAGE_TORN | FIFOLAB_MESSAGE_PID_UNSEEN)))
    return;
  if (log == NULL)
    log = self->log;

  size_text = g_strdup_printf ("%" G_GSIZE_FORMAT, len);
  pid_text = claimed_pid > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, claimed_pid) : g_strdup ("—");

  if (flags & FIFOLAB_MESSAGE_TORN)
    {
      const char *template_ = fifolab_inspector_get_template (self, path);
      g_autofree char *detail = NULL;

      if (template_ != NULL)
        /* Translators: the first %s is a byte count, the second a pid, the third a template. */
        detail = g_strdup_printf (_("A message of %s bytes claiming pid %s does not have the shape of “%s”: it holds pieces of different writes."),
                                  size_text, pid_text, template_);
      else
        /* Translators: the first %s is a byte count, the second a pid. */
        detail = g_strdup_printf (_("A message of %s bytes, first claiming pid %s, claims two different pids: it holds pieces of different writes."),
                                  size_text, pid_text);
      self->n_torn++;
      if (log != NULL)
        fifolab_log_append_event (log, FIFOLAB_EVENT_TORN, path, detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TORN]);
    }

  if (flags & FIFOLAB_MESSAGE_PID_UNSEEN)
    {
      g_autofree char *detail = NULL;

      /* Translators: %s is a pid. */
      detail = g_strdup_printf (_("The message claims pid %s, but no process with that pid was seen holding the pipe open for writing: the writer may have closed already, or the message lies."),
                                pid_text);
      self->n_unseen++;
      if (log != NULL)
        fifolab_log_append_event (log, FIFOLAB_EVENT_PID_UNSEEN, path, detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNSEEN]);
    }
}

/* Reports @flags found in a message already logged: marks its entry (@serial
 * of @entry_log, if not NULL: a peer's output line the lesson checks) and
 * explains them in the inspector's log. */
static void
flag (FifolabInspector *self,
      FifolabLog       *entry_log,
      guint64           serial,
      const char       *path,
      guint             flags,
      gint64            pid,
      gsize             len)
{
  /* The entry may be gone already (a capped log evicted it): the events
   * still tell. */
  if (entry_log != NULL)
    _fifolab_log_add_flags (entry_log, serial, flags);
  fifolab_inspector_explain (self, NULL, path, flags, pid, len);
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
static gboolean
add_waiter (FifolabInspector *self,
            Check            *check,
            const Waiter     *waiter)
{
  if (self->n_waiters >= MAX_WAITERS || waiter->len > MAX_WAITER_BYTES - self->waiter_bytes)
    return FALSE;
  g_array_append_vals (check->waiters, waiter, 1);
  if (waiter->log != NULL)
    g_object_ref (waiter->log);
  self->n_waiters++;
  self->waiter_bytes += waiter->len;
  return TRUE;
}

/* Inspects a message already logged (or not logged at all); reports what is
 * found now, and has it wait for the verdict on its claimed pid when that is
 * being checked. */
static guint
report (FifolabInspector *self,
        FifolabLog       *entry_log,
        guint64           serial,
        const char       *path,
        const guint8     *data,
        gsize             len)
{
  Check *check;
  gint64 pid = fifolab_stamp_parse_claimed_pid (data, len);
  guint flags;

  flags = inspect_now (self, path, data, len, pid, &check);
  if (check != NULL)
    {
      Waiter waiter = { NULL, NULL, 0, entry_log, serial, len };

      if (!add_waiter (self, check, &waiter))
        /* Too many messages waiting: this one's pid was not seen. */
        flags |= FIFOLAB_MESSAGE_PID_UNSEEN;
    }

  if (flags != 0)
    flag (self, entry_log, serial, path, flags, pid, len);
  return flags;
}

/**
 * fifolab_inspector_check_message:
 * @self: an inspector
 * @path: the FIFO the message came from
 * @data: (array length=len): the message
 * @len: its length
 * @claimed_pid: the pid it claims (fifolab_stamp_parse_claimed_pid()), or -1
 * @func: told the verdict when the message has to wait for it
 * @user_data: for @func
 * @ticket: handed back to @func
 * @pending: (out): whether @func will be called
 *
 * Checks a message before it is logged: TORN from its shape, PID_UNSEEN when
 * the claimed pid is known not to write to @path. When that process has to be
 * looked at in /proc (in a worker), *@pending is set and @func is called from
 * the main loop with the flags the verdict adds (0 or PID_UNSEEN), unless
 * fifolab_inspector_forget() is called first. Nothing is logged or counted:
 * the caller logs the message with its final flags, then calls
 * fifolab_inspector_explain().
 *
 * Returns: the flags found now
 */
guint
fifolab_inspector_check_message (FifolabInspector   *self,
                                 const char         *path,
                                 const guint8       *data,
                                 gsize               len,
                                 gint64              claimed_pid,
                                 FifolabVerdictFunc  func,
                                 gpointer            user_data,
                                 guint64             ticket,
                                 gboolean           *pending)
{
  Check *check;
  guint flags;

  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  g_return_val_if_fail (path != NULL, 0);
  g_return_val_if_fail (data != NULL || len == 0, 0);
  g_return_val_if_fail (func != NULL, 0);
  g_return_val_if_fail (pending != NULL, 0);

  *pending = FALSE;
  flags = inspect_now (self, path, data, len, claimed_pid, &check);
  if (check != NULL)
    {
      Waiter waiter = { func, user_data, ticket, NULL, 0, len };

      if (add_waiter (self, check, &waiter))
        *pending = TRUE;
      else
        /* Too many messages waiting: this one's pid was not seen. */
        flags |= FIFOLAB_MESSAGE_PID_UNSEEN;
    }
  return flags;
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
          g_autoptr(FifolabLog) log = waiter->log != NULL ? g_object_ref (waiter->log) : NULL;
          Waiter w = *waiter;

          check->delivered++;
          budget--;
          if (w.func != NULL)
            w.func (w.ticket, check->verdict, w.user_data);
          else if (check->verdict != 0)
            flag (self, log, w.serial, path, check->verdict, check->pid, w.len);
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
 * with it): the pid is noted as writing, or as not writing and the
 * messages that claimed it are marked so. */
static void
conclude_check (FifolabInspector *self,
                Check            *check,
                gboolean          writing)
{
  if (writing)
    fifolab_inspector_note_writer (self, check->path, check->pid);
  /* A writer noted meanwhile (by a scan) is seen, whatever the worker found. */
  if (fifolab_inspector_writer_seen (self, check->path, check->pid))
    check->verdict = 0;
  else
    {
      check->verdict = FIFOLAB_MESSAGE_PID_UNSEEN;
      note_absent (self, check->path, check->pid, g_get_monotonic_time ());
    }
  /* Messages held back are told either way; those already logged only when
   * the pid is unseen. */
  if (check->verdict == 0)
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
  gboolean writing;

  /* Only dispose cancels: the inspector may be gone. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;

  self = user_data;
  writing = g_task_propagate_boolean (task, NULL);
  check = g_steal_pointer (&self->running);
  g_hash_table_steal (self->checks, check);
  /* The verdict may emit ::flagged: the next check is started first, and
   * this one is no longer pending, whatever a handler does. */
  start_next_check (self);
  conclude_check (self, check, writing);
}

/**
 * fifolab_inspector_report:
 * @self: an inspector
 * @path: the FIFO the message came from
 * @data: (array length=len): the message
 * @len: its length
 *
 * Inspects a message and reports what it finds in the log and with ::flagged.
 * When its claimed pid has to be looked at in /proc, that is done in a
 * worker and the message waits for the verdict: PID_UNSEEN is then reported
 * later (an event in the log and ::flagged, from the main loop).
 *
 * Returns: the flags found now
 */
guint
fifolab_inspector_report (FifolabInspector *self,
                          const char       *path,
                          const guint8     *data,
                          gsize             len)
{
  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);

  return report (self, NULL, 0, path, data, len);
}

/**
 * fifolab_inspector_report_entry:
 * @self: an inspector
 * @log: the log that holds the message's entry
 * @serial: that entry's serial, as fifolab_log_append() returned it
 * @path: the FIFO the message came from
 * @data: (array length=len): the message
 * @len: its length
 *
 * As fifolab_inspector_report(), and the flags found are added to the
 * message's own entry, so that its row shows them (PID_UNSEEN found later
 * too).
 *
 * Returns: the flags found now
 */
guint
fifolab_inspector_report_entry (FifolabInspector *self,
                                FifolabLog       *log,
                                guint64           serial,
                                const char       *path,
                                const guint8     *data,
                                gsize             len)
{
  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  g_return_val_if_fail (FIFOLAB_IS_LOG (log), 0);

  return report (self, log, serial, path, data, len);
}

static void
reader_message_cb (FifolabReader    *reader,
                   GBytes           *payload,
                   guint             flags,
                   gint64            wall_us,
                   gint64            mono_us,
                   FifolabInspector *self)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (payload, &len);

  report (self, NULL, 0, fifolab_reader_get_path (reader), data, len);
}

void
fifolab_inspector_watch_reader (FifolabInspector *self,
                                FifolabReader    *reader)
{
  gulong id;

  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (FIFOLAB_IS_READER (reader));

  if (g_hash_table_contains (self->readers, reader))
    return;
  id = g_signal_connect (reader, "message", G_CALLBACK (reader_message_cb), self);
  g_object_weak_ref (G_OBJECT (reader), reader_gone_cb, self);
  g_hash_table_insert (self->readers, reader, GSIZE_TO_POINTER (id));
}

void
fifolab_inspector_unwatch_reader (FifolabInspector *self,
                                  FifolabReader    *reader)
{
  gpointer id;

  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (FIFOLAB_IS_READER (reader));

  if (!g_hash_table_lookup_extended (self->readers, reader, NULL, &id))
    return;
  g_signal_handler_disconnect (reader, GPOINTER_TO_SIZE (id));
  g_object_weak_unref (G_OBJECT (reader), reader_gone_cb, self);
  g_hash_table_remove (self->readers, reader);
}

guint
fifolab_inspector_get_n_torn (FifolabInspector *self)
{
  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  return self->n_torn;
}

guint
fifolab_inspector_get_n_unseen (FifolabInspector *self)
{
  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), 0);
  return self->n_unseen;
}

/**
 * fifolab_inspector_set_recheck_interval:
 * @interval_ms: milliseconds; 0 looks at /proc again for every such message
 *   (but never twice at once)
 *
 * How long a claimed pid found not writing to a pipe is reported unseen
 * without looking at its process again. A process that starts writing within
 * that time is seen at the next holders scan or once the interval is over.
 */
void
fifolab_inspector_set_recheck_interval (FifolabInspector *self,
                                        guint             interval_ms)
{
  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));

  if (self->recheck_interval_ms == interval_ms)
    return;
  self->recheck_interval_ms = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECHECK_INTERVAL]);
}

guint
fifolab_inspector_get_recheck_interval (FifolabInspector *self)
{
  g_return_val_if_fail (FIFOLAB_IS_INSPECTOR (self), DEFAULT_RECHECK_INTERVAL_MS);
  return self->recheck_interval_ms;
}
