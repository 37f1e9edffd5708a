/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-log-pipes.h"

struct _FifolabLogPipes
{
  GObject        parent_instance;

  GtkStringList *list;
  GHashTable    *seen;
  FifolabLog    *log;
  gulong         changed_id;
  /* Where the walk through the log is, and its idle. */
  guint          scan_pos;
  guint          scan_id;
  gboolean       active;
};

G_DEFINE_FINAL_TYPE (FifolabLogPipes, fifolab_log_pipes, G_TYPE_OBJECT)

static gboolean
fifolab_log_pipes_scan_cb (gpointer user_data)
{
  FifolabLogPipes *self = user_data;
  guint n_items = self->log != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->log)) : 0;
  guint end = MIN (n_items, self->scan_pos + FIFOLAB_LOG_PIPES_SCAN_BATCH);

  for (; self->scan_pos < end; self->scan_pos++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->log), self->scan_pos);
      const char *path = fifolab_log_entry_get_pipe_path (entry);

      if (path != NULL && !g_hash_table_contains (self->seen, path))
        {
          g_hash_table_add (self->seen, g_strdup (path));
          gtk_string_list_append (self->list, path);
        }
    }

  if (self->scan_pos >= n_items)
    {
      self->scan_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
schedule_scan (FifolabLogPipes *self)
{
  if (self->scan_id != 0 || !self->active || self->log == NULL)
    return;
  if (self->scan_pos >= g_list_model_get_n_items (G_LIST_MODEL (self->log)))
    return;

  self->scan_id = g_idle_add_full (G_PRIORITY_LOW, fifolab_log_pipes_scan_cb, self, NULL);
}

/* Keeps the walk where it was in the changed log. */
static void
log_items_changed_cb (FifolabLogPipes *self,
                      guint            position,
                      guint            removed,
                      guint            added,
                      GListModel      *model)
{
  if (position < self->scan_pos)
    {
      if (added > 0)
        self->scan_pos = position;
      else if (self->scan_pos >= position + removed)
        self->scan_pos -= removed;
      else
        self->scan_pos = position;
    }
  schedule_scan (self);
}

/**
 * fifolab_log_pipes_get_list:
 *
 * Returns: (transfer none): the first item, then the pipes seen
 */
GtkStringList *
fifolab_log_pipes_get_list (FifolabLogPipes *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_PIPES (self), NULL);

  return self->list;
}

/**
 * fifolab_log_pipes_set_log:
 * @log: (nullable): the log whose pipes to list
 */
void
fifolab_log_pipes_set_log (FifolabLogPipes *self,
                           FifolabLog      *log)
{
  guint n;

  g_return_if_fail (FIFOLAB_IS_LOG_PIPES (self));
  g_return_if_fail (log == NULL || FIFOLAB_IS_LOG (log));

  if (self->log != NULL)
    g_clear_signal_handler (&self->changed_id, self->log);
  g_set_object (&self->log, log);
  if (log != NULL)
    self->changed_id = g_signal_connect_object (log, "items-changed", G_CALLBACK (log_items_changed_cb),
                                                self, G_CONNECT_SWAPPED);

  g_clear_handle_id (&self->scan_id, g_source_remove);
  self->scan_pos = 0;
  g_hash_table_remove_all (self->seen);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  if (n > 1)
    gtk_string_list_splice (self->list, 1, n - 1, NULL);

  schedule_scan (self);
}

void
fifolab_log_pipes_set_active (FifolabLogPipes *self,
                              gboolean         active)
{
  g_return_if_fail (FIFOLAB_IS_LOG_PIPES (self));

  self->active = !!active;
  if (self->active)
    schedule_scan (self);
  else
    g_clear_handle_id (&self->scan_id, g_source_remove);
}

static void
fifolab_log_pipes_dispose (GObject *object)
{
  FifolabLogPipes *self = FIFOLAB_LOG_PIPES (object);

  g_clear_handle_id (&self->scan_id, g_source_remove);
  if (self->log != NULL)
    g_clear_signal_handler (&self->changed_id, self->log);
  g_clear_object (&self->log);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (fifolab_log_pipes_parent_class)->dispose (object);
}

static void
fifolab_log_pipes_finalize (GObject *object)
{
  FifolabLogPipes *self = FIFOLAB_LOG_PIPES (object);

  g_clear_pointer (&self->seen, g_hash_table_unref);

  G_OBJECT_CLASS (fifolab_log_pipes_parent_class)->finalize (object);
}

static void
fifolab_log_pipes_class_init (FifolabLogPipesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_log_pipes_dispose;
  object_class->finalize = fifolab_log_pipes_finalize;
}

static void
fifolab_log_pipes_init (FifolabLogPipes *self)
{
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * fifolab_log_pipes_new:
 * @first_item: what the list starts with (the filter's "All Pipes")
 */
FifolabLogPipes *
fifolab_log_pipes_new (const char *first_item)
{
  const char *strings[] = { first_item, NULL };
  FifolabLogPipes *self;

  g_return_val_if_fail (first_item != NULL, NULL);

  self = g_object_new (FIFOLAB_TYPE_LOG_PIPES, NULL);
  self->list = gtk_string_list_new (strings);
  return self;
}
