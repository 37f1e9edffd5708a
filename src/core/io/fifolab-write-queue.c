/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-write-queue.h"
#include "fifolab-writer.h"

/* A writer's queue
 *
 * Messages wait here in order until the pipe takes them. The head one is
 * "current" from its first write() on: it is written to the end before the
 * next one starts, and if the write end goes away in the middle, what was
 * written counts as sent (PARTIAL) rather than being sent twice.
 *
 * The queue is bounded in bytes: while nobody reads, or while the reader is
 * slower than the sender, a push that would take it over the bound is
 * refused, with an error that says so, instead of holding memory without
 * end. The bytes count every message not completely written, the one being
 * written included: all of them are held in memory.
 */

void
_fifolab_write_queue_init (FifolabWriteQueue *queue,
                           guint64            max_bytes)
{
  g_queue_init (&queue->waiting);
  queue->current = NULL;
  queue->current_written = 0;
  queue->bytes = 0;
  queue->max_bytes = max_bytes;
}

void
_fifolab_write_queue_clear (FifolabWriteQueue *queue)
{
  g_clear_pointer (&queue->current, g_bytes_unref);
  queue->current_written = 0;
  g_queue_clear_full (&queue->waiting, (GDestroyNotify) g_bytes_unref);
  queue->bytes = 0;
}

gboolean
_fifolab_write_queue_push (FifolabWriteQueue  *queue,
                           GBytes             *bytes,
                           GError            **error)
{
  gsize size = g_bytes_get_size (bytes);

  if (size > queue->max_bytes)
    {
      g_autofree char *max = g_format_size_full (queue->max_bytes, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, FIFOLAB_WRITER_ERROR, FIFOLAB_WRITER_ERROR_TOO_LARGE,
                   /* Translators: %s is a size, such as “16.0 MiB”. */
                   _("The message is larger than the %s a writer holds for one pipe: "
                     "it was not queued."),
                   max);
      return FALSE;
    }

  if (queue->bytes > queue->max_bytes ||
      size > queue->max_bytes - queue->bytes)
    {
      g_autofree char *queued = g_format_size_full (queue->bytes, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *max = g_format_size_full (queue->max_bytes, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, FIFOLAB_WRITER_ERROR, FIFOLAB_WRITER_ERROR_QUEUE_FULL,
                   /* Translators: both %s are sizes, such as “16.0 MiB”. */
                   _("The message was not queued: %s are already waiting for a reader to "
                     "take them, and a writer holds at most %s for one pipe."),
                   queued, max);
      return FALSE;
    }

  g_queue_push_tail (&queue->waiting, g_bytes_ref (bytes));
  queue->bytes += size;
  return TRUE;
}

guint
_fifolab_write_queue_get_length (FifolabWriteQueue *queue)
{
  return queue->waiting.length + (queue->current != NULL ? 1 : 0);
}

gboolean
_fifolab_write_queue_has_waiting (FifolabWriteQueue *queue)
{
  return !g_queue_is_empty (&queue->waiting);
}

gboolean
_fifolab_write_queue_peek_rest (FifolabWriteQueue  *queue,
                                const guint8      **data,
                                gsize              *len)
{
  const guint8 *start;
  gsize size;

  if (queue->current == NULL)
    {
      queue->current = g_queue_pop_head (&queue->waiting);
      queue->current_written = 0;
      if (queue->current == NULL)
        return FALSE;
    }

  start = g_bytes_get_data (queue->current, &size);
  *data = start != NULL ? start + queue->current_written : NULL;
  *len = size - queue->current_written;
  return TRUE;
}

GBytes *
_fifolab_write_queue_advance (FifolabWriteQueue *queue,
                              gsize              n,
                              gsize             *written)
{
  gsize size;

  g_assert (queue->current != NULL);

  size = g_bytes_get_size (queue->current);
  g_assert (n <= size - queue->current_written);
  queue->current_written += n;
  if (queue->current_written < size)
    return NULL;

  *written = queue->current_written;
  queue->current_written = 0;
  queue->bytes -= size;
  return g_steal_pointer (&queue->current);
}

GBytes *
_fifolab_write_queue_settle (FifolabWriteQueue *queue,
                             gsize             *written)
{
  GBytes *bytes = g_steal_pointer (&queue->current);

  if (bytes == NULL)
    return NULL;

  if (queue->current_written == 0)
    {
      g_queue_push_head (&queue->waiting, bytes);
      return NULL;
    }

  *written = queue->current_written;
  queue->current_written = 0;
  queue->bytes -= g_bytes_get_size (bytes);
  return bytes;
}

guint
_fifolab_write_queue_drop_waiting (FifolabWriteQueue *queue)
{
  guint n = queue->waiting.length;

  while (!g_queue_is_empty (&queue->waiting))
    {
      g_autoptr(GBytes) bytes = g_queue_pop_head (&queue->waiting);

      queue->bytes -= g_bytes_get_size (bytes);
    }
  return n;
}
