/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-escape.h"
#include "fifolab-holder-scan.h"

/* From linux/sched.h: the flag /proc/PID/stat carries for kernel threads. */
#define FIFOLAB_PF_KTHREAD 0x00200000

struct _FifolabHolderScan
{
  GObject     parent_instance;

  /* Scanned path → GPtrArray of FifolabHolder, sorted by pid then fd. */
  GHashTable *holders;
  /* The scanned paths that were FIFOs (or symbolic links to one). */
  GHashTable *fifos;
  guint       n_denied;
  gint64      time_us;
};

G_DEFINE_FINAL_TYPE (FifolabHolderScan, fifolab_holder_scan, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_DENIED,
  PROP_TIME_US,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One scanned path. Several paths may name the same file (a symlink,
 * a hard link, the same path twice): they are chained through @next. */
typedef struct
{
  dev_t      dev;
  ino_t      ino;
  GPtrArray *holders;   /* borrowed from the scan's table */
  int        next;      /* index of the next target with this file, or -1 */
} Target;

typedef struct
{
  dev_t dev;
  ino_t ino;
} FileKey;

static guint
file_key_hash (gconstpointer data)
{
  const FileKey *key = data;

  return (guint) key->ino ^ (guint) (key->ino >> 32) ^ (guint) key->dev;
}

static gboolean
file_key_equal (gconstpointer a,
                gconstpointer b)
{
  const FileKey *ka = a;
  const FileKey *kb = b;

  return ka->dev == kb->dev && ka->ino == kb->ino;
}

static void
fifolab_holder_scan_finalize (GObject *object)
{
  FifolabHolderScan *self = (FifolabHolderScan *) object;

  g_clear_pointer (&self->holders, g_hash_table_unref);
  g_clear_pointer (&self->fifos, g_hash_table_unref);

  G_OBJECT_CLASS (fifolab_holder_scan_parent_class)->finalize (object);
}

static void
fifolab_holder_scan_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FifolabHolderScan *self = FIFOLAB_HOLDER_SCAN (object);

  switch (prop_id)
    {
    case PROP_N_DENIED:
      g_value_set_uint (value, self->n_denied);
      break;

    case PROP_TIME_US:
      g_value_set_int64 (value, self->time_us);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_holder_scan_class_init (FifolabHolderScanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fifolab_holder_scan_finalize;
  object_class->get_property = fifolab_holder_scan_get_property;

  properties[PROP_N_DENIED] =
    g_param_spec_uint ("n-denied", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TIME_US] =
    g_param_spec_int64 ("time-us", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fifolab_holder_scan_init (FifolabHolderScan *self)
{
  self->holders = g_hash_table_new_full (g_str_hash, g_str_equal,
                                         g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->fifos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static gboolean
is_number (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Reads a small /proc file relative to @dirfd into @buf (NUL-terminated).
 * Returns the length or -1. */
static gssize
read_small_file_at (int         dirfd,
                    const char *name,
                    char       *buf,
                    gsize       size)
{
  gssize n;
  int fd;

  fd = openat (dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return -1;

  do
    n = read (fd, buf, size - 1);
  while (n < 0 && errno == EINTR);
  close (fd);

  if (n < 0)
    return -1;
  buf[n] = '\0';
  return n;
}

/* The access mode of descriptor @fd_name, from /proc/PID/fdinfo/N "flags:"
 * (octal). Returns FALSE when the descriptor is gone. */
static gboolean
read_fd_access (int            pid_dirfd,
                const char    *fd_name,
                FifolabAccess *out_access)
{
  char path[64];
  char buf[512];
  const char *line;
  unsigned long flags;

  g_snprintf (path, sizeof path, "fdinfo/%s", fd_name);
  if (read_small_file_at (pid_dirfd, path, buf, sizeof buf) < 0)
    return FALSE;

  line = strstr (buf, "flags:");
  if (line == NULL)
    return FALSE;

  flags = strtoul (line + strlen ("flags:"), NULL, 8);
  /* An O_PATH descriptor (a lookup, as fifolab-peer makes before its blocking
   * open) names the pipe without being an end of it. */
  if (flags & O_PATH)
    return FALSE;

  switch (flags & O_ACCMODE)
    {
    case O_RDONLY:
      *out_access = FIFOLAB_ACCESS_READ;
      break;
    case O_WRONLY:
      *out_access = FIFOLAB_ACCESS_WRITE;
      break;
    case O_RDWR:
      *out_access = FIFOLAB_ACCESS_READ | FIFOLAB_ACCESS_WRITE;
      break;
    default:
      *out_access = FIFOLAB_ACCESS_NONE;
      break;
    }
  return TRUE;
}

static char *
read_command (int pid_dirfd)
{
  char buf[64];
  gssize n;

  n = read_small_file_at (pid_dirfd, "comm", buf, sizeof buf);
  if (n <= 0)
    return NULL;
  if (buf[n - 1] == '\n')
    buf[n - 1] = '\0';
  /* comm is whatever bytes the process chose (a bidi override, an ESC
   * sequence): it is only ever shown, so it is kept escaped. */
  return fifolab_escape_name (buf, 0);
}

/* Kernel threads have no descriptors worth reporting; their fd folders are
 * closed to other users, which is not a refusal worth counting. */
static gboolean
is_kernel_thread (int pid_dirfd)
{
  char buf[1024];
  const char *p;
  unsigned long flags = 0;

  if (read_small_file_at (pid_dirfd, "stat", buf, sizeof buf) < 0)
    return FALSE;

  /* Fields after the command, which is in parentheses and may hold anything. */
  p = strrchr (buf, ')');
  if (p == NULL)
    return FALSE;
  /* state ppid pgrp session tty_nr tpgid flags */
  if (sscanf (p + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
    return FALSE;
  return (flags & FIFOLAB_PF_KTHREAD) != 0;
}

static int
compare_holders (gconstpointer a,
                 gconstpointer b)
{
  FifolabHolder *ha = *(FifolabHolder * const *) a;
  FifolabHolder *hb = *(FifolabHolder * const *) b;
  gint64 pa = fifolab_holder_get_pid (ha);
  gint64 pb = fifolab_holder_get_pid (hb);

  if (pa != pb)
    return pa < pb ? -1 : 1;
  return fifolab_holder_get_fd (ha) - fifolab_holder_get_fd (hb);
}

/* Walks the descriptors of one process. Returns FALSE if they may not be
 * read (the process is counted as denied). A process that vanishes
 * meanwhile simply yields nothing. */
static gboolean
scan_process (int          proc_dirfd,
              const char  *pid_name,
              GHashTable  *by_file,
              Target      *targets)
{
  g_autofree char *command = NULL;
  DIR *fds;
  struct dirent *de;
  gint64 pid;
  int pid_dirfd;
  int fd_dirfd;

  pid_dirfd = openat (proc_dirfd, pid_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (pid_dirfd < 0)
    return errno != EACCES && errno != EPERM;

  fd_dirfd = openat (pid_dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_dirfd < 0)
    {
      gboolean denied = (errno == EACCES || errno == EPERM);

      if (denied && is_kernel_thread (pid_dirfd))
        denied = FALSE;
      close (pid_dirfd);
      return !denied;
    }

  fds = fdopendir (fd_dirfd);
  if (fds == NULL)
    {
      close (fd_dirfd);
      close (pid_dirfd);
      return TRUE;
    }

  pid = g_ascii_strtoll (pid_name, NULL, 10);

  while ((de = readdir (fds)) != NULL)
    {
      struct stat st;
      FileKey key;
      gpointer found;
      FifolabAccess access;
      int fd_num;

      if (!is_number (de->d_name))
        continue;

      /* stat() through the magic link reads the target's inode without
       * opening it: a FIFO is not disturbed. */
      if (fstatat (fd_dirfd, de->d_name, &st, 0) != 0)
        continue;

      key.dev = st.st_dev;
      key.ino = st.st_ino;
      if (!g_hash_table_lookup_extended (by_file, &key, NULL, &found))
        continue;

      if (!read_fd_access (pid_dirfd, de->d_name, &access))
        continue;

      if (command == NULL)
        command = read_command (pid_dirfd);

      fd_num = atoi (de->d_name);
      for (int i = GPOINTER_TO_INT (found); i >= 0; i = targets[i].next)
        g_ptr_array_add (targets[i].holders,
                         fifolab_holder_new (pid, command, fd_num, access));
    }

  closedir (fds);
  close (pid_dirfd);
  return TRUE;
}

static FifolabHolderScan *
holder_scan_run (const char * const  *paths,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autoptr(FifolabHolderScan) self = NULL;
  g_autoptr(GHashTable) by_file = NULL;
  g_autoptr(GArray) targets = NULL;
  guint n_paths = paths != NULL ? g_strv_length ((char **) paths) : 0;
  guint n_targets = 0;
  gint64 start = g_get_monotonic_time ();
  struct dirent *de;
  DIR *proc;

  self = g_object_new (FIFOLAB_TYPE_HOLDER_SCAN, NULL);
  /* Owned by a GArray and by the table rather than by g_autofree blocks,
   * which clang's static analyzer cannot see freed (it does not model the
   * cleanup attribute) and reported as leaked. */
  targets = g_array_sized_new (FALSE, TRUE, sizeof (Target), MAX (n_paths, 1));
  by_file = g_hash_table_new_full (file_key_hash, file_key_equal, g_free, NULL);

  for (guint i = 0; i < n_paths; i++)
    {
      GPtrArray *holders;
      struct stat st;
      gpointer first;
      Target target;
      FileKey *key;

      if (g_hash_table_contains (self->holders, paths[i]))
        continue;

      holders = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->holders, g_strdup (paths[i]), holders);

      /* Follows symlinks: the holders hold the file itself. Missing paths
       * are scanned for nothing. */
      if (stat (paths[i], &st) != 0)
        continue;
      /* Looked at here, in the worker: whoever shows the pipe asks the
       * scan, not the file system from the main thread. */
      if (S_ISFIFO (st.st_mode))
        g_hash_table_add (self->fifos, g_strdup (paths[i]));

      key = g_new (FileKey, 1);
      key->dev = st.st_dev;
      key->ino = st.st_ino;
      target.dev = st.st_dev;
      target.ino = st.st_ino;
      target.holders = holders;
      target.next = -1;

      if (g_hash_table_lookup_extended (by_file, key, NULL, &first))
        target.next = GPOINTER_TO_INT (first);
      /* When the file is there already, the table keeps its key and frees
       * this one. */
      g_hash_table_insert (by_file, key, GINT_TO_POINTER (n_targets));
      g_array_append_val (targets, target);
      n_targets++;
    }

  if (n_targets > 0)
    {
      proc = opendir ("/proc");
      if (proc == NULL)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not read the list of processes in /proc: %s"),
                       g_strerror (saved_errno));
          return NULL;
        }

      while ((de = readdir (proc)) != NULL)
        {
          if (!is_number (de->d_name))
            continue;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              closedir (proc);
              return NULL;
            }

          if (!scan_process (dirfd (proc), de->d_name, by_file,
                             &g_array_index (targets, Target, 0)))
            self->n_denied++;
        }
      closedir (proc);

      for (guint i = 0; i < n_targets; i++)
        g_ptr_array_sort (g_array_index (targets, Target, i).holders, compare_holders);
    }

  self->time_us = g_get_monotonic_time () - start;
  return g_steal_pointer (&self);
}

static void
holder_scan_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const char * const *paths = task_data;
  g_autoptr(GError) error = NULL;
  FifolabHolderScan *scan;

  scan = holder_scan_run (paths, cancellable, &error);
  if (scan == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, scan, g_object_unref);
}

/**
 * fifolab_holder_scan_run_async:
 * @paths: (array zero-terminated=1): the FIFOs to look for
 * @cancellable: (nullable): checked between processes
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Walks /proc once, in a worker thread, for all of @paths.
 */
void
fifolab_holder_scan_run_async (const char * const  *paths,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fifolab_holder_scan_run_async);
  g_task_set_task_data (task, g_strdupv ((char **) paths), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, holder_scan_thread);
}

/**
 * fifolab_holder_scan_run_finish:
 *
 * Returns: (transfer full): the scan, or %NULL with @error set
 */
FifolabHolderScan *
fifolab_holder_scan_run_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fifolab_holder_scan_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fifolab_holder_scan_run_sync:
 *
 * Returns: (transfer full): the scan, or %NULL with @error set
 */
FifolabHolderScan *
fifolab_holder_scan_run_sync (const char * const  *paths,
                              GCancellable        *cancellable,
                              GError             **error)
{
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return holder_scan_run (paths, cancellable, error);
}

/**
 * fifolab_holder_scan_get_holders:
 * @path: a path as passed to the scan
 *
 * Returns: (transfer container) (element-type FifolabHolder): a new array,
 *   sorted by pid then fd. The array holds its own references to the
 *   holders, so it may outlive the scan; g_ptr_array_unref() frees it all.
 */
GPtrArray *
fifolab_holder_scan_get_holders (FifolabHolderScan *self,
                                 const char        *path)
{
  GPtrArray *holders;
  GPtrArray *copy;

  g_return_val_if_fail (FIFOLAB_IS_HOLDER_SCAN (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  holders = g_hash_table_lookup (self->holders, path);
  if (holders == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);

  copy = g_ptr_array_new_full (holders->len, g_object_unref);
  for (guint i = 0; i < holders->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (holders, i)));
  return copy;
}

/**
 * fifolab_holder_scan_count:
 * @access: the access bits a holder must have; %FIFOLAB_ACCESS_NONE counts all
 *
 * Returns: the number of descriptors on @path whose access includes @access
 */
guint
fifolab_holder_scan_count (FifolabHolderScan *self,
                           const char        *path,
                           FifolabAccess      access)
{
  GPtrArray *holders;
  guint n = 0;

  g_return_val_if_fail (FIFOLAB_IS_HOLDER_SCAN (self), 0);
  g_return_val_if_fail (path != NULL, 0);

  holders = g_hash_table_lookup (self->holders, path);
  if (holders == NULL)
    return 0;

  for (guint i = 0; i < holders->len; i++)
    {
      FifolabHolder *holder = g_ptr_array_index (holders, i);

      if ((fifolab_holder_get_access (holder) & access) == access)
        n++;
    }
  return n;
}

/**
 * fifolab_holder_scan_is_fifo:
 * @path: a path as passed to the scan
 *
 * Returns: whether @path was a FIFO, or a symbolic link to one, when the
 *   scan began (%FALSE: missing, another kind of file, or not scanned)
 */
gboolean
fifolab_holder_scan_is_fifo (FifolabHolderScan *self,
                             const char        *path)
{
  g_return_val_if_fail (FIFOLAB_IS_HOLDER_SCAN (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return g_hash_table_contains (self->fifos, path);
}

guint
fifolab_holder_scan_get_n_denied (FifolabHolderScan *self)
{
  g_return_val_if_fail (FIFOLAB_IS_HOLDER_SCAN (self), 0);

  return self->n_denied;
}

gint64
fifolab_holder_scan_get_time_us (FifolabHolderScan *self)
{
  g_return_val_if_fail (FIFOLAB_IS_HOLDER_SCAN (self), 0);

  return self->time_us;
}
