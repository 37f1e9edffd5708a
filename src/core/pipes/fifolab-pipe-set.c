/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-list-changes.h"
#include "fifolab-pipe-set.h"
#include "fifolab-pipe-items.h"
#include "fifolab-pipe-set-private.h"

/* Monitor events are gathered for this long and then applied together, as
 * FifolabFolderModel does: a burst costs one lstat per changed path. */
#define FLUSH_DELAY_MS 30

/* One watched folder, shared by the items that live in it. */
typedef struct
{
  FifolabPipeSet *self;        /* not owned: the set owns the watch */
  GFile          *folder;
  GFileMonitor   *monitor;     /* NULL when the folder cannot be watched */
  guint           n_items;
} Watch;

struct _FifolabPipeSet
{
  GObject     parent_instance;

  GPtrArray  *items;    /* FifolabPipeInfo, in the order they were added */
  GHashTable *watches;  /* folder path -> Watch */
  GHashTable *dirty;    /* paths of items to look at again */
  guint       flush_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabPipeSet, fifolab_pipe_set, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void monitor_changed_cb (GFileMonitor      *monitor,
                                GFile             *file,
                                GFile             *other_file,
                                GFileMonitorEvent  event,
                                Watch             *watch);

static void
watch_free (Watch *watch)
{
  if (watch->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (watch->monitor, monitor_changed_cb, watch);
      g_file_monitor_cancel (watch->monitor);
      g_clear_object (&watch->monitor);
    }
  g_clear_object (&watch->folder);
  g_free (watch);
}

/* The folder part of an item's (canonical) path. */
static char *
folder_of (const char *path)
{
  return g_path_get_dirname (path);
}

static int
find_path (FifolabPipeSet *self,
           const char     *path)
{
  for (guint i = 0; i < self->items->len; i++)
    if (strcmp (fifolab_pipe_info_get_path (g_ptr_array_index (self->items, i)), path) == 0)
      return (int) i;
  return -1;
}

static void
release_watch (FifolabPipeSet *self,
               const char     *path)
{
  g_autofree char *folder = folder_of (path);
  Watch *watch = g_hash_table_lookup (self->watches, folder);

  g_assert (watch != NULL && watch->n_items > 0);
  if (--watch->n_items == 0)
    g_hash_table_remove (self->watches, folder);
}

static void
acquire_watch (FifolabPipeSet *self,
               const char     *path)
{
  g_autofree char *folder = folder_of (path);
  g_autoptr(GError) error = NULL;
  Watch *watch = g_hash_table_lookup (self->watches, folder);

  if (watch != NULL)
    {
      watch->n_items++;
      return;
    }

  watch = g_new0 (Watch, 1);
  watch->self = self;
  watch->folder = g_file_new_for_path (folder);
  watch->n_items = 1;
  watch->monitor = g_file_monitor_directory (watch->folder, G_FILE_MONITOR_WATCH_MOVES,
                                             NULL, &error);
  if (watch->monitor != NULL)
    g_signal_connect (watch->monitor, "changed", G_CALLBACK (monitor_changed_cb), watch);
  else
    /* Still listed, just not live. */
    g_debug ("Cannot watch %s: %s", folder, error->message);
  g_hash_table_insert (self->watches, g_steal_pointer (&folder), watch);
}

static gboolean
flush_cb (gpointer user_data)
{
  FifolabPipeSet *self = user_data;
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  FifolabListChanges changes;
  guint pos = 0;

  self->flush_id = 0;
  fifolab_list_changes_init (&changes, G_LIST_MODEL (self));

  /* In the model's order, so that positions only grow and contiguous edits
   * merge; a removed item's successor then takes its position. */
  while (pos < self->items->len && g_hash_table_size (self->dirty) > 0)
    {
      FifolabPipeInfo *old_info = g_ptr_array_index (self->items, pos);
      const char *path = fifolab_pipe_info_get_path (old_info);
      g_autoptr(FifolabPipeInfo) info = NULL;

      if (!g_hash_table_remove (self->dirty, path))
        {
          pos++;
          continue;
        }

      info = fifolab_pipe_info_new_for_path (path, NULL);
      if (info != NULL && fifolab_pipe_info_is_fifo (info))
        {
          if (fifolab_pipe_info_same_stat (old_info, info))
            {
              pos++;
              continue;
            }
          /* Another FIFO under the same name: the one listed is gone, the
           * path the user asked for is still a pipe and stays. */
          if (fifolab_pipe_info_get_device (old_info) != fifolab_pipe_info_get_device (info) ||
              fifolab_pipe_info_get_inode (old_info) != fifolab_pipe_info_get_inode (info))
            g_ptr_array_add (removed, g_strdup (path));
          fifolab_list_changes_prepare (&changes, pos, TRUE, TRUE);
          g_object_unref (old_info);
          self->items->pdata[pos] = g_steal_pointer (&info);
          pos++;
          continue;
        }

      /* Deleted, renamed or moved away, or now another kind of file. */
      g_ptr_array_add (removed, g_strdup (path));
      release_watch (self, path);
      fifolab_list_changes_prepare (&changes, pos, TRUE, FALSE);
      g_ptr_array_remove_index (self->items, pos);
    }
  fifolab_list_changes_emit (&changes);
  /* Names of items removed meanwhile. */
  g_hash_table_remove_all (self->dirty);

  for (guint i = 0; i < removed->len; i++)
    g_signal_emit (self, signals[REMOVED], 0, g_ptr_array_index (removed, i));

  return G_SOURCE_REMOVE;
}

static void
mark_dirty (FifolabPipeSet *self,
            const char     *path)
{
  if (find_path (self, path) < 0)
    return;
  g_hash_table_add (self->dirty, g_strdup (path));
  if (self->flush_id == 0)
    self->flush_id = g_timeout_add (FLUSH_DELAY_MS, flush_cb, self);
}

static void
mark_file_dirty (Watch *watch,
                 GFile *file)
{
  FifolabPipeSet *self = watch->self;
  g_autofree char *path = NULL;

  if (file == NULL)
    return;

  if (g_file_equal (file, watch->folder))
    {
      g_autofree char *folder = g_file_get_path (watch->folder);

      /* The folder itself was deleted or moved: check all its items. */
      for (guint i = 0; i < self->items->len; i++)
        {
          const char *item_path = fifolab_pipe_info_get_path (g_ptr_array_index (self->items, i));
          g_autofree char *item_folder = folder_of (item_path);

          if (g_strcmp0 (item_folder, folder) == 0)
            mark_dirty (self, item_path);
        }
      return;
    }

  if (!g_file_has_parent (file, watch->folder))
    return;
  path = g_file_get_path (file);
  if (path != NULL)
    mark_dirty (self, path);
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    Watch             *watch)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_MOVED:
      /* The old name, and the name something was moved onto. */
      mark_file_dirty (watch, file);
      mark_file_dirty (watch, other_file);
      break;

    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      mark_file_dirty (watch, file);
      break;

    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    default:
      break;
    }
}

static guint
fifolab_pipe_set_get_n_items (GListModel *model)
{
  return FIFOLAB_PIPE_SET (model)->items->len;
}

static gpointer
fifolab_pipe_set_get_item (GListModel *model,
                           guint       position)
{
  return fifolab_pipe_items_get (FIFOLAB_PIPE_SET (model)->items, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fifolab_pipe_items_get_item_type;
  iface->get_n_items = fifolab_pipe_set_get_n_items;
  iface->get_item = fifolab_pipe_set_get_item;
}

static void
fifolab_pipe_set_dispose (GObject *object)
{
  FifolabPipeSet *self = FIFOLAB_PIPE_SET (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->watches != NULL)
    g_hash_table_remove_all (self->watches);
  if (self->dirty != NULL)
    g_hash_table_remove_all (self->dirty);
  if (self->items != NULL)
    g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (fifolab_pipe_set_parent_class)->dispose (object);
}

static void
fifolab_pipe_set_finalize (GObject *object)
{
  FifolabPipeSet *self = FIFOLAB_PIPE_SET (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->watches, g_hash_table_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);

  G_OBJECT_CLASS (fifolab_pipe_set_parent_class)->finalize (object);
}

static void
fifolab_pipe_set_class_init (FifolabPipeSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_pipe_set_dispose;
  object_class->finalize = fifolab_pipe_set_finalize;

  /**
   * FifolabPipeSet::removed:
   * @path: the path of the FIFO, in the file-system encoding
   *
   * A FIFO that was listed is gone: deleted, renamed or moved away, or its
   * name now holds something else. Emitted after the model changed; not
   * emitted by fifolab_pipe_set_remove().
   */
  signals[REMOVED] =
    g_signal_new ("removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fifolab_pipe_set_init (FifolabPipeSet *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->watches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) watch_free);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * fifolab_pipe_set_new:
 *
 * Returns: (transfer full): an empty set
 */
FifolabPipeSet *
fifolab_pipe_set_new (void)
{
  return g_object_new (FIFOLAB_TYPE_PIPE_SET, NULL);
}

/**
 * fifolab_pipe_set_add:
 * @path: a path in the file-system encoding; a relative one is taken from
 *   the current directory
 * @error: return location for a #FIFOLAB_FIFO_ERROR
 *
 * Lists the FIFO at @path, at the end of the model, and watches it.
 *
 * Returns: %TRUE if @path is listed (now or already)
 */
gboolean
fifolab_pipe_set_add (FifolabPipeSet  *self,
                      const char      *path,
                      GError         **error)
{
  g_autofree char *canonical = NULL;
  g_autoptr(FifolabPipeInfo) info = NULL;
  int pos;

  g_return_val_if_fail (FIFOLAB_IS_PIPE_SET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  canonical = g_canonicalize_filename (path, NULL);
  info = fifolab_pipe_info_new_for_path (canonical, error);
  if (info == NULL)
    return FALSE;

  if (!fifolab_pipe_info_is_fifo (info))
    {
      g_autofree char *name = fifolab_escape_name (canonical, 0);

      g_set_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO,
                   _("“%s” is a %s, not a named pipe. Only FIFOs can be shown and opened."),
                   name, fifolab_pipe_info_get_type_name (info));
      return FALSE;
    }

  pos = find_path (self, canonical);
  if (pos >= 0)
    {
      FifolabPipeInfo *old_info = g_ptr_array_index (self->items, pos);

      /* Known: a fresh look, announced only if it differs. */
      if (!fifolab_pipe_info_same_stat (old_info, info))
        {
          g_object_unref (old_info);
          self->items->pdata[pos] = g_steal_pointer (&info);
          g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
        }
      return TRUE;
    }

  /* Watched before the item shows, so no change falls between the two. */
  acquire_watch (self, canonical);
  g_ptr_array_add (self->items, g_steal_pointer (&info));
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);

  return TRUE;
}

/**
 * fifolab_pipe_set_remove:
 * @path: a path in the file-system encoding
 *
 * Stops listing and watching @path. ::removed is not emitted.
 *
 * Returns: %TRUE if @path was listed
 */
gboolean
fifolab_pipe_set_remove (FifolabPipeSet *self,
                         const char     *path)
{
  g_autofree char *canonical = NULL;
  int pos;

  g_return_val_if_fail (FIFOLAB_IS_PIPE_SET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  canonical = g_canonicalize_filename (path, NULL);
  pos = find_path (self, canonical);
  if (pos < 0)
    return FALSE;

  g_hash_table_remove (self->dirty, canonical);
  release_watch (self, canonical);
  g_ptr_array_remove_index (self->items, pos);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);

  return TRUE;
}

/**
 * fifolab_pipe_set_contains:
 * @path: a path in the file-system encoding
 *
 * Returns: %TRUE if @path is listed
 */
gboolean
fifolab_pipe_set_contains (FifolabPipeSet *self,
                           const char     *path)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_SET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return fifolab_pipe_set_find (self, path) >= 0;
}

/**
 * fifolab_pipe_set_find:
 * @path: a path in the file-system encoding
 *
 * Returns: the position of @path in the model, or -1
 */
int
fifolab_pipe_set_find (FifolabPipeSet *self,
                       const char     *path)
{
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (FIFOLAB_IS_PIPE_SET (self), -1);
  g_return_val_if_fail (path != NULL, -1);

  canonical = g_canonicalize_filename (path, NULL);
  return find_path (self, canonical);
}

/**
 * fifolab_pipe_set_get_n_folders:
 *
 * Returns: how many folders are watched, one monitor each
 */
guint
fifolab_pipe_set_get_n_folders (FifolabPipeSet *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_SET (self), 0);

  return g_hash_table_size (self->watches);
}

GFileMonitor *
_fifolab_pipe_set_get_monitor (FifolabPipeSet *self,
                               const char     *folder)
{
  Watch *watch;

  g_return_val_if_fail (FIFOLAB_IS_PIPE_SET (self), NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  watch = g_hash_table_lookup (self->watches, folder);
  return watch != NULL ? watch->monitor : NULL;
}
