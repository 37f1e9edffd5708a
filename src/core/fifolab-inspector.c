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
#include "fifolab-stamp.h"

/* The longest digit run taken as a pid. */
#define MAX_PID_DIGITS 19

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

/* A message whose claimed pid is being checked. */
typedef struct
{
  FifolabLog *log;      /* (nullable): holds the message's entry */
  guint64     serial;
  GBytes     *payload;
} Waiter;

/* One (pipe, pid) pair to check, with the messages that wait for it. */
typedef struct
{
  char   *path;
  gint64  pid;
  GArray *waiters;      /* Waiter */
  guint   delivered;    /* waiters marked so far, once found not writing */
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
  FifolabSession *session;
  guint       n_torn;
  guint       n_unseen;

  GHashTable *checks;     /* Check* → itself: every check queued or running (owned) */
  GQueue      queue;      /* Check* not started yet, oldest first */
  Check      *running;    /* the one the worker has, or NULL */
  GQueue      deliveries; /* Check* found not writing, waiters still to mark (owned) */
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

enum {
  SIGNAL_FLAGGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Shapes */

/* The literal pieces of @template_ around each "%d" ("%%" made "%"); NULL when
 * the template is not valid. */
static GPtrArray *
split_template (const char *template_)
{
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GBytes) probe = NULL;
  GString *piece;

  probe = fifolab_stamp_expand (template_, 1, NULL);
  if (probe == NULL)
    return NULL;

  pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  piece = g_string_new (NULL);
  for (const char *p = template_; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == '%')
        {
          g_string_append_c (piece, '%');
          p++;
        }
      else if (p[0] == '%' && p[1] == 'd')
        {
          g_ptr_array_add (pieces, g_string_free_to_bytes (piece));
          piece = g_string_new (NULL);
          p++;
        }
      else
        g_string_append_c (piece, *p);
    }
  g_ptr_array_add (pieces, g_string_free_to_bytes (piece));
  return g_steal_pointer (&pieces);
}

static gboolean
is_digit (guint8 c)
{
  return c >= '0' && c <= '9';
}

static gboolean
is_filler (guint8 c)
{
  return c == '\0' || c == '\n' || c == '\r';
}

/* One message of the shape at @pos; returns the position after it, or NULL. */
static const guint8 *
match_one (GPtrArray    *pieces,
           const guint8 *pos,
           const guint8 *end)
{
  const guint8 *pid = NULL;
  gsize pid_len = 0;

  for (guint i = 0; i < pieces->len; i++)
    {
      gsize len;
      const guint8 *lit = g_bytes_get_data (pieces->pdata[i], &len);

      if ((gsize) (end - pos) < len || (len > 0 && memcmp (pos, lit, len) != 0))
        return NULL;
      pos += len;

      if (i + 1 < pieces->len)
        {
          const guint8 *digits = pos;

          while (pos < end && is_digit (*pos) && (gsize) (pos - digits) <= MAX_PID_DIGITS)
            pos++;
          if (pos == digits)
            return NULL;
          if (pid == NULL)
            {
              pid = digits;
              pid_len = pos - digits;
            }
          else if ((gsize) (pos - digits) != pid_len || memcmp (pid, digits, pid_len) != 0)
            return NULL; /* two pids in one message: pieces of two */
        }
    }
  return pos;
}

/**
 * fifolab_shape_matches:
 * @template_: a stamp template
 * @data: (array length=len): a received message
 * @len: its length
 *
 * Returns: %TRUE when @data is one or more whole messages of the template's shape
 */
gboolean
fifolab_shape_matches (const char   *template_,
                       const guint8 *data,
                       gsize         len)
{
  g_autoptr(GPtrArray) pieces = NULL;
  const guint8 *pos = data;
  const guint8 *end = data + len;

  g_return_val_if_fail (template_ != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  pieces = split_template (template_);
  if (pieces == NULL)
    return FALSE;

  while (end > pos && is_filler (end[-1]))
    end--;
  if (pos == end)
    return FALSE;

  while (pos < end)
    {
      pos = match_one (pieces, pos, end);
      if (pos == NULL)
        return FALSE;
      /* Messages read together may be separated by their terminators. */
      while (pos < end && is_filler (*pos))
        pos++;
    }
  return TRUE;
}

static gint64
parse_pid_at (const guint8 *digits,
              const guint8 *end)
{
  gint64 value = 0;
  const guint8 *q;

  for (q = digits; q < end && is_digit (*q) && q - digits <= MAX_PID_DIGITS; q++)
    value = value * 10 + (*q - '0');
  if (q == digits || q >= end || *q != ']')
    return -1;
  return value;
}

static gboolean
claims_two_pids (const guint8 *data,
                 gsize         len)
{
  static const char marker[] = "pid [";
  const gsize marker_len = sizeof marker - 1;
  const guint8 *end = data + len;
  const guint8 *p = data;
  gint64 first = -1;

  while ((gsize) (end - p) >= marker_len &&
         (p = memmem (p, end - p, marker, marker_len)) != NULL)
    {
      gint64 pid = parse_pid_at (p + marker_len, end);

      p += marker_len;
      if (pid < 0)
        continue;
      if (first < 0)
        first = pid;
      else if (pid != first)
        return TRUE;
    }
  return FALSE;
}

/**
 * fifolab_shape_check_torn:
 * @template_: (nullable): the expected shape
 * @data: (array length=len): a received message
 * @len: its length
 *
 * Returns: %FIFOLAB_MESSAGE_TORN or %FIFOLAB_MESSAGE_NONE
 */
guint
fifolab_shape_check_torn (const char   *template_,
                          const guint8 *data,
                          gsize         len)
{
  g_autoptr(GPtrArray) pieces = NULL;
  const guint8 *end = data + len;
  gsize first_len;
  gsize last_len;
  const guint8 *first;
  const guint8 *last;

  g_return_val_if_fail (data != NULL || len == 0, FIFOLAB_MESSAGE_NONE);

  if (len == 0)
    return FIFOLAB_MESSAGE_NONE;

  if (template_ == NULL || (pieces = split_template (template_)) == NULL)
    return claims_two_pids (data, len) ? FIFOLAB_MESSAGE_TORN : FIFOLAB_MESSAGE_NONE;

  if (fifolab_shape_matches (template_, data, len))
    return FIFOLAB_MESSAGE_NONE;

  /* Not whole messages. Torn when it still holds a piece of one: the start of
   * the template somewhere, or its end at the end. Anything else is just a
   * message of another kind. */
  first = g_bytes_get_data (pieces->pdata[0], &first_len);
  last = g_bytes_get_data (pieces->pdata[pieces->len - 1], &last_len);
  while (end > data && is_filler (end[-1]))
    end--;

  if (first_len > 0 && memmem (data, len, first, first_len) != NULL)
    return FIFOLAB_MESSAGE_TORN;
  if (last_len > 0 && (gsize) (end - data) >= last_len &&
      memcmp (end - last_len, last, last_len) == 0)
    return FIFOLAB_MESSAGE_TORN;
  if (claims_two_pids (data, len))
    return FIFOLAB_MESSAGE_TORN;
  return FIFOLAB_MESSAGE_NONE;
}

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
  g_clear_pointer (&waiter->payload, g_bytes_unref);
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

/* Frees @check and its waiters, which stop counting against the bounds. */
static void
check_free (FifolabInspector *self,
            Check            *check)
{
  for (guint i = 0; i < check->waiters->len; i++)
    {
      Waiter *waiter = &g_array_index (check->waiters, Waiter, i);

      self->waiter_bytes -= g_bytes_get_size (waiter->payload);
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

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_clear_object (&self->session);
    }
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
  fifolab_inspector_follow_session (self, NULL);

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

  signals[SIGNAL_FLAGGED] =
    g_signal_new ("flagged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_INT64, G_TYPE_BYTES);
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
             gint64           *claimed_pid,
             Check           **check)
{
  guint flags;
  gint64 pid;

  flags = fifolab_shape_check_torn (fifolab_inspector_get_template (self, path), data, len);
  pid = fifolab_stamp_parse_claimed_pid (data, len);
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

  *claimed_pid = pid;
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

  flags = inspect_now (self, path, data, len, &pid, &check);
  if (claimed_pid != NULL)
    *claimed_pid = pid;
  return flags;
}

/* Reports @flags found in a message: marks its entry (@serial of
 * @entry_log, if not NULL), explains why in the log and emits ::flagged. */
static void
flag (FifolabInspector *self,
      FifolabLog       *entry_log,
      guint64           serial,
      const char       *path,
      guint             flags,
      gint64            pid,
      GBytes           *payload)
{
  g_autofree char *size_text = NULL;
  g_autofree char *pid_text = NULL;
  gsize len = g_bytes_get_size (payload);

  /* The message's own row carries the flags; the events after it say why,
   * with what the flags cannot hold (the size, the pid, the shape). The entry
   * may be gone already (a capped log evicted it): the events still tell. */
  if (entry_log != NULL)
    fifolab_log_add_flags (entry_log, serial, flags);

  size_text = g_strdup_printf ("%" G_GSIZE_FORMAT, len);
  pid_text = pid > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, pid) : g_strdup ("—");

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
      if (self->log != NULL)
        fifolab_log_append_event (self->log, FIFOLAB_EVENT_TORN, path, detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TORN]);
    }

  if (flags & FIFOLAB_MESSAGE_PID_UNSEEN)
    {
      g_autofree char *detail = NULL;

      /* Translators: %s is a pid. */
      detail = g_strdup_printf (_("The message claims pid %s, but no process with that pid was seen holding the pipe open for writing: the writer may have closed already, or the message lies."),
                                pid_text);
      self->n_unseen++;
      if (self->log != NULL)
        fifolab_log_append_event (self->log, FIFOLAB_EVENT_PID_UNSEEN, path, detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNSEEN]);
    }

  g_signal_emit (self, signals[SIGNAL_FLAGGED], 0, path, flags, pid, payload);
}

/* Inspects a message (@payload, or a copy of @data made if needed); reports
 * what is found now, and has it wait for the verdict on its claimed pid
 * when that is being checked. */
static guint
report (FifolabInspector *self,
        FifolabLog       *entry_log,
        guint64           serial,
        const char       *path,
        GBytes           *payload,
        const guint8     *data,
        gsize             len)
{
  g_autoptr(GBytes) copy = NULL;
  Check *check;
  gint64 pid = -1;
  guint flags;

  flags = inspect_now (self, path, data, len, &pid, &check);
  if (flags == 0 && check == NULL)
    return 0;

  if (payload == NULL)
    {
      copy = g_bytes_new (data, len);
      payload = copy;
    }

  if (check != NULL)
    {
      if (self->n_waiters < MAX_WAITERS && len <= MAX_WAITER_BYTES - self->waiter_bytes)
        {
          Waiter waiter = { NULL, serial, g_bytes_ref (payload) };

          if (entry_log != NULL)
            waiter.log = g_object_ref (entry_log);
          g_array_append_val (check->waiters, waiter);
          self->n_waiters++;
          self->waiter_bytes += len;
        }
      else
        /* Too many messages waiting: this one's pid was not seen. */
        flags |= FIFOLAB_MESSAGE_PID_UNSEEN;
    }

  if (flags != 0)
    flag (self, entry_log, serial, path, flags, pid, payload);
  return flags;
}

/* Marks the waiting messages of checks found not writing, a slice per
 * main-loop iteration, oldest first. */
static gboolean
deliver_cb (gpointer data)
{
  FifolabInspector *self = data;
  /* A ::flagged handler may drop the last reference or run dispose, which
   * frees the checks and removes this source. */
  g_autoptr(FifolabInspector) guard = g_object_ref (self);
  guint budget = DELIVER_SLICE;
  Check *check;

  while (budget > 0 && (check = g_queue_peek_head (&self->deliveries)) != NULL)
    {
      while (budget > 0 && check->delivered < check->waiters->len)
        {
          Waiter *waiter = &g_array_index (check->waiters, Waiter, check->delivered);
          /* Held for the emission, whatever a handler frees. */
          g_autoptr(GBytes) payload = g_bytes_ref (waiter->payload);
          g_autofree char *path = g_strdup (check->path);

          check->delivered++;
          budget--;
          flag (self, waiter->log, waiter->serial, path,
                FIFOLAB_MESSAGE_PID_UNSEEN, check->pid, payload);
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
    {
      check_free (self, check);
      return;
    }

  note_absent (self, check->path, check->pid, g_get_monotonic_time ());
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

  return report (self, NULL, 0, path, NULL, data, len);
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

  return report (self, log, serial, path, NULL, data, len);
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

  report (self, NULL, 0, fifolab_reader_get_path (reader), payload, data, len);
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

static void
session_received_cb (FifolabSession   *session,
                     const char       *path,
                     guint64           serial,
                     GBytes           *payload,
                     FifolabInspector *self)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (payload, &len);

  report (self, fifolab_session_get_log (session), serial, path, payload, data, len);
}

/**
 * fifolab_inspector_follow_session:
 * @self: an inspector
 * @session: (nullable): the session whose readers to watch
 */
void
fifolab_inspector_follow_session (FifolabInspector *self,
                                  FifolabSession   *session)
{
  g_return_if_fail (FIFOLAB_IS_INSPECTOR (self));
  g_return_if_fail (session == NULL || FIFOLAB_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session == NULL)
    return;

  /* The session has appended the message when it says so: the flags go on
   * its entry, the events explaining them come after it. */
  g_signal_connect (session, "received", G_CALLBACK (session_received_cb), self);
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
