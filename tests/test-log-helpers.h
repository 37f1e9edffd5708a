/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What test-log and test-log-export both use. */

#include <string.h>

#include "fifolab-log.h"

#define PIPE "/tmp/some dir/my_pipe"

/* Helpers */

static inline guint64
append_bytes (FifolabLog       *log,
              FifolabDirection  direction,
              const char       *pipe,
              gint64            sender,
              gint64            receiver,
              const void       *data,
              gsize             len)
{
  return fifolab_log_append (log, direction, FIFOLAB_EVENT_NONE, FIFOLAB_MESSAGE_NONE,
                             pipe, sender, receiver,
                             g_get_real_time (), g_get_monotonic_time (),
                             data, len);
}

static inline guint64
append_text (FifolabLog *log,
             const char *text)
{
  return append_bytes (log, FIFOLAB_DIRECTION_RECEIVED, PIPE, 4242, 777,
                       text, strlen (text));
}

static inline FifolabLogEntry *
get_entry (FifolabLog *log,
           guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (log), position);
}

/* Announces what is pending, then again: evicted entries that the first
 * announcement keeps because the one before had just added them (see
 * KEPT_ENTRIES in fifolab-log.c) go at the second, so the model then shows
 * exactly the stored entries. */
static inline void
flush_settled (FifolabLog *log)
{
  fifolab_log_flush (log);
  fifolab_log_flush (log);
}

static inline void
assert_entry_bytes (FifolabLogEntry *entry,
                    const void      *data,
                    gsize            len)
{
  GBytes *bytes = fifolab_log_entry_get_bytes (entry);

  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, len);
  g_assert_cmpuint (fifolab_log_entry_get_size (entry), ==, len);
}

typedef struct
{
  guint  n_signals;
  guint  last_position;
  guint  last_removed;
  guint  last_added;
  guint  total_removed;
  guint  total_added;
  GArray *shadow;      /* guint64 serials, mirrored from items-changed */
} Tracker;

static inline void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Tracker    *tracker)
{
  tracker->n_signals++;
  tracker->last_position = position;
  tracker->last_removed = removed;
  tracker->last_added = added;
  tracker->total_removed += removed;
  tracker->total_added += added;

  /* The model must already be in its new state while it announces it. */
  if (tracker->shadow != NULL)
    {
      g_assert_cmpuint (position + removed, <=, tracker->shadow->len);
      g_array_remove_range (tracker->shadow, position, removed);
      for (guint i = 0; i < added; i++)
        {
          g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (model, position + i);
          guint64 serial;

          g_assert_nonnull (entry);
          serial = fifolab_log_entry_get_serial (entry);
          g_array_insert_val (tracker->shadow, position + i, serial);
        }
      g_assert_cmpuint (tracker->shadow->len, ==, g_list_model_get_n_items (model));
    }
}
