/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <sys/stat.h>

#include "fifolab-watch-fds.h"

struct _FifolabWatchFds
{
  dev_t       dev;
  ino_t       ino;
  /* (pid << 32 | fd) → IS_FIFO or NOT_FIFO */
  GHashTable *known;
};

enum { NOT_FIFO = 1, IS_FIFO = 2 };

static inline guint64
key_of (pid_t pid,
        int   fd)
{
  return ((guint64) (guint32) pid << 32) | (guint32) fd;
}

static guint
key_hash (gconstpointer data)
{
  guint64 key = *(const guint64 *) data;

  return (guint) (key ^ (key >> 32) * 2654435761u);
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  return *(const guint64 *) a == *(const guint64 *) b;
}

FifolabWatchFds *
fifolab_watch_fds_new (dev_t dev,
                       ino_t ino)
{
  FifolabWatchFds *self = g_new0 (FifolabWatchFds, 1);

  self->dev = dev;
  self->ino = ino;
  self->known = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
  return self;
}

void
fifolab_watch_fds_free (FifolabWatchFds *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->known);
  g_free (self);
}

void
fifolab_watch_fds_set (FifolabWatchFds *self,
                       pid_t            pid,
                       int              fd,
                       gboolean         is_fifo)
{
  guint64 *key;

  if (fd < 0)
    return;
  key = g_new (guint64, 1);
  *key = key_of (pid, fd);
  g_hash_table_replace (self->known, key, GINT_TO_POINTER (is_fifo ? IS_FIFO : NOT_FIFO));
}

gboolean
fifolab_watch_fds_is_fifo (FifolabWatchFds *self,
                           pid_t            pid,
                           int              fd)
{
  guint64 key = key_of (pid, fd);
  char path[64];
  struct stat st;
  gpointer value;

  if (fd < 0)
    return FALSE;
  value = g_hash_table_lookup (self->known, &key);
  if (value != NULL)
    return GPOINTER_TO_INT (value) == IS_FIFO;

  /* stat() through the magic link reads the inode without opening it. */
  g_snprintf (path, sizeof path, "/proc/%d/fd/%d", (int) pid, fd);
  if (stat (path, &st) != 0)
    return FALSE;
  fifolab_watch_fds_set (self, pid, fd, fifolab_watch_fds_is_file (self, st.st_dev, st.st_ino));
  return fifolab_watch_fds_is_file (self, st.st_dev, st.st_ino);
}

void
fifolab_watch_fds_forget (FifolabWatchFds *self,
                          pid_t            pid,
                          int              fd)
{
  guint64 key = key_of (pid, fd);

  g_hash_table_remove (self->known, &key);
}

typedef struct
{
  guint32 pid;
  guint   first;
  guint   last;
} Range;

static gboolean
in_range (gpointer key,
          gpointer value,
          gpointer data)
{
  guint64 k = *(guint64 *) key;
  const Range *range = data;
  guint fd = (guint) (k & 0xffffffffu);

  return (guint32) (k >> 32) == range->pid && fd >= range->first && fd <= range->last;
}

void
fifolab_watch_fds_forget_range (FifolabWatchFds *self,
                                pid_t            pid,
                                guint            first,
                                guint            last)
{
  Range range = { (guint32) pid, first, last };

  g_hash_table_foreach_remove (self->known, in_range, &range);
}

void
fifolab_watch_fds_forget_process (FifolabWatchFds *self,
                                  pid_t            pid)
{
  fifolab_watch_fds_forget_range (self, pid, 0, G_MAXUINT);
}

gboolean
fifolab_watch_fds_is_file (FifolabWatchFds *self,
                           dev_t            dev,
                           ino_t            ino)
{
  return dev == self->dev && ino == self->ino;
}

dev_t
fifolab_watch_fds_get_dev (FifolabWatchFds *self)
{
  return self->dev;
}

ino_t
fifolab_watch_fds_get_ino (FifolabWatchFds *self)
{
  return self->ino;
}
