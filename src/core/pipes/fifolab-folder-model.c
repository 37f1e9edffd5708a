/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>
#include <sys/stat.h>

#include "fifolab-escape.h"
#include "fifolab-folder-model.h"
#include "fifolab-pipe-items.h"
#include "fifolab-list-changes.h"

/* Monitor events are gathered for this long and then applied together:
 * a burst of a thousand creations costs one pass of lstat()s, never a
 * re-read of the folder. */
#define FLUSH_DELAY_MS 30
#define ENUMERATE_BATCH 256
/* A path in an error message is cut to this many characters. */
#define MAX_SHOWN_PATH_CHARS 256
#define ENUMERATE_ATTRIBUTES \
  G_FILE_ATTRIBUTE_STANDARD_NAME "," \
  G_FILE_ATTRIBUTE_STANDARD_TYPE "," \
  G_FILE_ATTRIBUTE_UNIX_MODE

struct _FifolabFolderModel
{
  GObject       parent_instance;

  GFile        *folder;
  char         *folder_path;   /* NULL when the folder is not local */
  GPtrArray    *items;         /* FifolabPipeInfo, sorted by file-system name */
  GFileMonitor *monitor;
  GCancellable *cancellable;   /* the enumeration in progress */
  GHashTable   *dirty;         /* file-system names to look at again */
  GError       *error;
  guint         flush_id;

  guint         show_all : 1;
  guint         loading : 1;
  guint         constructed : 1;
  guint         folder_changed : 1; /* the folder itself: re-read it */
  guint         listed : 1;         /* this folder was listed once */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabFolderModel, fifolab_folder_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_ERROR,
  PROP_FOLDER,
  PROP_LOADING,
  PROP_SHOW_ALL,
  N_PROPS
};

enum {
  REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One enumeration of the folder. It holds the model; a cancelled load
 * (superseded or disposed) never touches it. */
typedef struct
{
  FifolabFolderModel *self;
  GCancellable       *cancellable;
  GFileEnumerator    *enumerator;
  GPtrArray          *items;
  char               *folder_path;
  gboolean            report_removed;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->enumerator);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_clear_pointer (&data->folder_path, g_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

/* The file-system name of an item: what follows the last '/' of its path. */
static const char *
item_name (FifolabPipeInfo *info)
{
  const char *path = fifolab_pipe_info_get_path (info);
  const char *slash = strrchr (path, '/');

  return slash != NULL ? slash + 1 : path;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  return strcmp (item_name (*(FifolabPipeInfo * const *) a),
                 item_name (*(FifolabPipeInfo * const *) b));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Binary search for @name. Returns TRUE and its position if present,
 * otherwise FALSE and the position where it belongs. */
static gboolean
find_name (GPtrArray  *items,
           const char *name,
           guint      *out_pos)
{
  guint lo = 0;
  guint hi = items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int cmp = strcmp (item_name (g_ptr_array_index (items, mid)), name);

      if (cmp == 0)
        {
          *out_pos = mid;
          return TRUE;
        }
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  *out_pos = lo;
  return FALSE;
}

/* The old FIFO at a name is gone: deleted, renamed away, or the name now
 * holds something else (another kind of file, or another FIFO). */
static gboolean
fifo_left (FifolabPipeInfo *old_info,
           FifolabPipeInfo *new_info)
{
  if (!fifolab_pipe_info_is_fifo (old_info))
    return FALSE;
  if (new_info == NULL || !fifolab_pipe_info_is_fifo (new_info))
    return TRUE;
  return fifolab_pipe_info_get_device (old_info) != fifolab_pipe_info_get_device (new_info)
      || fifolab_pipe_info_get_inode (old_info) != fifolab_pipe_info_get_inode (new_info);
}

/* lstat of one entry, or NULL when it is gone or not listed. */
static FifolabPipeInfo *
read_entry (FifolabFolderModel *self,
            const char         *folder_path,
            const char         *name)
{
  g_autofree char *path = g_build_filename (folder_path, name, NULL);
  g_autoptr(FifolabPipeInfo) info = fifolab_pipe_info_new_for_path (path, NULL);

  if (info == NULL)
    return NULL;
  if (!self->show_all && !fifolab_pipe_info_is_fifo (info))
    return NULL;
  return g_steal_pointer (&info);
}

static void
set_loading (FifolabFolderModel *self,
             gboolean            loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (FifolabFolderModel *self,
           const GError       *error)
{
  if (self->error == NULL && error == NULL)
    return;
  if (self->error != NULL && error != NULL &&
      self->error->domain == error->domain && self->error->code == error->code &&
      g_strcmp0 (self->error->message, error->message) == 0)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* What the user is told when the folder cannot be listed: the same
 * code as @error, a message of our own with the path escaped. */
static GError *
folder_error_new (FifolabFolderModel *self,
                  const GError       *error)
{
  g_autofree char *shown = fifolab_escape_for_display ((const guint8 *) self->folder_path,
                                                       strlen (self->folder_path),
                                                       MAX_SHOWN_PATH_CHARS);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      if (self->listed)
        return g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                            _("The folder “%s” was deleted or moved away."), shown);
      return g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                          _("The folder “%s” does not exist."), shown);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                        _("Cannot list the folder “%s”: permission denied."), shown);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                        _("“%s” is not a folder."), shown);

  {
    g_autofree char *reason = fifolab_escape_for_display ((const guint8 *) error->message,
                                                          strlen (error->message),
                                                          MAX_SHOWN_PATH_CHARS * 2);

    return g_error_new (error->domain, error->code,
                        _("Cannot list the folder “%s”: %s"), shown, reason);
  }
}

/* A failed listing reports FIFOs as removed only when the folder is gone
 * from its path; when it cannot be read they may well still be there. */
static gboolean
error_means_gone (const GError *error)
{
  return error == NULL ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
}

static void start_load (FifolabFolderModel *self,
                        gboolean            report_removed);

static gboolean
flush_cb (gpointer user_data)
{
  FifolabFolderModel *self = user_data;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  FifolabListChanges changes;
  GHashTableIter iter;
  gpointer key;

  self->flush_id = 0;
  fifolab_list_changes_init (&changes, G_LIST_MODEL (self));

  if (self->loading || self->folder_path == NULL)
    {
      /* The enumeration sees everything; the names wait for it. */
      return G_SOURCE_REMOVE;
    }

  if (self->folder_changed)
    {
      /* Deleted, moved, back again, or its mode changed: whether it can be
       * listed at all is the question, and a re-read answers it. */
      start_load (self, TRUE);
      return G_SOURCE_REMOVE;
    }

  names = g_ptr_array_new_full (g_hash_table_size (self->dirty), g_free);
  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_ptr_array_add (names, key);
      g_hash_table_iter_steal (&iter);
    }
  /* In order, so that positions only grow and contiguous edits merge. */
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(FifolabPipeInfo) info = read_entry (self, self->folder_path, name);
      FifolabPipeInfo *old_info;
      guint pos;

      if (!find_name (self->items, name, &pos))
        {
          if (info == NULL)
            continue;
          fifolab_list_changes_prepare (&changes, pos, FALSE, TRUE);
          g_ptr_array_insert (self->items, pos, g_steal_pointer (&info));
          continue;
        }

      old_info = g_ptr_array_index (self->items, pos);
      if (info != NULL && fifolab_pipe_info_same_stat (old_info, info))
        continue;

      if (fifo_left (old_info, info))
        g_ptr_array_add (removed, g_strdup (fifolab_pipe_info_get_path (old_info)));

      if (info == NULL)
        {
          fifolab_list_changes_prepare (&changes, pos, TRUE, FALSE);
          g_ptr_array_remove_index (self->items, pos);
        }
      else
        {
          fifolab_list_changes_prepare (&changes, pos, TRUE, TRUE);
          g_object_unref (old_info);
          self->items->pdata[pos] = g_steal_pointer (&info);
        }
    }
  fifolab_list_changes_emit (&changes);

  for (guint i = 0; i < removed->len; i++)
    g_signal_emit (self, signals[REMOVED], 0, g_ptr_array_index (removed, i));

  return G_SOURCE_REMOVE;
}

static void
schedule_flush (FifolabFolderModel *self)
{
  if (self->flush_id == 0 && !self->loading &&
      (self->folder_changed || g_hash_table_size (self->dirty) > 0))
    self->flush_id = g_timeout_add (FLUSH_DELAY_MS, flush_cb, self);
}

static void
mark_dirty (FifolabFolderModel *self,
            GFile              *file)
{
  char *name;

  if (file == NULL)
    return;

  if (g_file_equal (file, self->folder))
    {
      /* The folder itself was deleted, moved, created again, or its mode
       * or owner changed: it is read again as a whole. */
      self->folder_changed = TRUE;
      schedule_flush (self);
      return;
    }

  if (!g_file_has_parent (file, self->folder))
    return;

  name = g_file_get_basename (file);
  if (name == NULL)
    return;
  g_hash_table_add (self->dirty, name);
  schedule_flush (self);
}

static void
monitor_changed_cb (GFileMonitor       *monitor,
                    GFile              *file,
                    GFile              *other_file,
                    GFileMonitorEvent   event,
                    FifolabFolderModel *self)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_RENAMED:
      mark_dirty (self, file);
      mark_dirty (self, other_file);
      break;

    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_MOVED:
      mark_dirty (self, file);
      break;

    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    default:
      break;
    }
}

static void
finish_load (LoadData     *data,
             const GError *load_error)
{
  FifolabFolderModel *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) old_items = NULL;
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  guint old_len;
  guint new_len;

  if (data->items == NULL)
    data->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_sort (data->items, compare_items);

  if (load_error != NULL)
    {
      /* Nothing is listed from a folder that cannot be listed. */
      g_ptr_array_set_size (data->items, 0);
      error = folder_error_new (self, load_error);
    }
  else
    self->listed = TRUE;

  /* A reload of the same folder reports the FIFOs that went meanwhile. */
  if (data->report_removed && error_means_gone (load_error))
    {
      guint i = 0, j = 0;

      while (i < self->items->len)
        {
          FifolabPipeInfo *old_info = g_ptr_array_index (self->items, i);
          FifolabPipeInfo *new_info = NULL;
          int cmp = -1;

          while (j < data->items->len &&
                 (cmp = strcmp (item_name (g_ptr_array_index (data->items, j)),
                                item_name (old_info))) < 0)
            j++;
          if (j < data->items->len && cmp == 0)
            new_info = g_ptr_array_index (data->items, j);
          if (fifo_left (old_info, new_info))
            g_ptr_array_add (removed, g_strdup (fifolab_pipe_info_get_path (old_info)));
          i++;
        }
    }

  old_items = g_steal_pointer (&self->items);
  self->items = g_steal_pointer (&data->items);
  old_len = old_items->len;
  new_len = self->items->len;
  g_clear_object (&self->cancellable);

  if (old_len > 0 || new_len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, new_len);

  for (guint i = 0; i < removed->len; i++)
    g_signal_emit (self, signals[REMOVED], 0, g_ptr_array_index (removed, i));

  set_error (self, error);
  set_loading (self, FALSE);

  /* Events that arrived while enumerating are applied now. */
  schedule_flush (self);
}

static void fifolab_folder_model_next_files_cb (GObject      *object,
                                                GAsyncResult *result,
                                                gpointer      user_data);

/* Takes @data. */
static void
next_batch (LoadData *data)
{
  g_file_enumerator_next_files_async (data->enumerator, ENUMERATE_BATCH, G_PRIORITY_DEFAULT,
                                      data->cancellable,
                                      fifolab_folder_model_next_files_cb,
                                      data);
}

static void
fifolab_folder_model_next_files_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  GFileEnumerator *enumerator = G_FILE_ENUMERATOR (object);
  g_autoptr(GError) error = NULL;
  GList *infos;

  infos = g_file_enumerator_next_files_finish (enumerator, result, &error);
  if (g_cancellable_is_cancelled (data->cancellable))
    {
      g_list_free_full (infos, g_object_unref);
      return;
    }

  if (error != NULL)
    {
      finish_load (data, error);
      return;
    }

  if (infos == NULL)
    {
      g_file_enumerator_close_async (enumerator, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      finish_load (data, NULL);
      return;
    }

  for (GList *l = infos; l != NULL; l = l->next)
    {
      GFileInfo *file_info = l->data;
      const char *name = g_file_info_get_name (file_info);
      FifolabPipeInfo *info;

      if (name == NULL)
        continue;

      /* Most entries of a busy folder are not FIFOs: skip them without a
       * second look when the enumerator already says so. */
      if (!data->self->show_all &&
          g_file_info_has_attribute (file_info, G_FILE_ATTRIBUTE_UNIX_MODE) &&
          !S_ISFIFO (g_file_info_get_attribute_uint32 (file_info, G_FILE_ATTRIBUTE_UNIX_MODE)))
        continue;

      info = read_entry (data->self, data->folder_path, name);
      if (info != NULL)
        g_ptr_array_add (data->items, info);
    }
  g_list_free_full (infos, g_object_unref);

  next_batch (g_steal_pointer (&data));
}

static void
fifolab_folder_model_enumerate_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  g_autoptr(GError) error = NULL;

  data->enumerator = g_file_enumerate_children_finish (G_FILE (object), result, &error);
  if (g_cancellable_is_cancelled (data->cancellable))
    return;

  if (data->enumerator == NULL)
    {
      finish_load (data, error);
      return;
    }

  next_batch (g_steal_pointer (&data));
}

static void
start_load (FifolabFolderModel *self,
            gboolean            report_removed)
{
  LoadData *data;

  if (!self->constructed)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  /* The enumeration will see whatever these names now are. */
  g_hash_table_remove_all (self->dirty);
  self->folder_changed = FALSE;

  if (self->folder == NULL)
    {
      guint old_len = self->items->len;

      g_ptr_array_set_size (self->items, 0);
      if (old_len > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, 0);
      set_error (self, NULL);
      set_loading (self, FALSE);
      return;
    }

  if (self->folder_path == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = g_file_get_uri (self->folder);
      g_autofree char *shown = fifolab_escape_name (uri, 0);

      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a local folder; FIFOs live only on local file systems."),
                   shown);
      set_error (self, error);
      set_loading (self, FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  data->items = g_ptr_array_new_with_free_func (g_object_unref);
  data->folder_path = g_strdup (self->folder_path);
  data->report_removed = report_removed;

  g_file_enumerate_children_async (self->folder,
                                   ENUMERATE_ATTRIBUTES,
                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                   G_PRIORITY_DEFAULT,
                                   data->cancellable,
                                   fifolab_folder_model_enumerate_cb,
                                   data);
}

static void
stop_monitor (FifolabFolderModel *self)
{
  if (self->monitor == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->monitor, monitor_changed_cb, self);
  g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
}

static void
start_monitor (FifolabFolderModel *self)
{
  g_autoptr(GError) error = NULL;

  stop_monitor (self);
  if (self->folder == NULL || self->folder_path == NULL)
    return;

  /* Started before the enumeration, so nothing falls between the two. */
  self->monitor = g_file_monitor_directory (self->folder, G_FILE_MONITOR_WATCH_MOVES,
                                            NULL, &error);
  if (self->monitor == NULL)
    {
      /* Still listed, just not live; a reload refreshes it. */
      g_debug ("Cannot watch %s: %s", self->folder_path, error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
}

static guint
fifolab_folder_model_get_n_items (GListModel *model)
{
  return FIFOLAB_FOLDER_MODEL (model)->items->len;
}

static gpointer
fifolab_folder_model_get_item (GListModel *model,
                               guint       position)
{
  return fifolab_pipe_items_get (FIFOLAB_FOLDER_MODEL (model)->items, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fifolab_pipe_items_get_item_type;
  iface->get_n_items = fifolab_folder_model_get_n_items;
  iface->get_item = fifolab_folder_model_get_item;
}

static void
fifolab_folder_model_constructed (GObject *object)
{
  FifolabFolderModel *self = FIFOLAB_FOLDER_MODEL (object);

  G_OBJECT_CLASS (fifolab_folder_model_parent_class)->constructed (object);

  self->constructed = TRUE;
  start_monitor (self);
  start_load (self, FALSE);
}

static void
fifolab_folder_model_dispose (GObject *object)
{
  FifolabFolderModel *self = FIFOLAB_FOLDER_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  stop_monitor (self);
  if (self->items != NULL)
    g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (fifolab_folder_model_parent_class)->dispose (object);
}

static void
fifolab_folder_model_finalize (GObject *object)
{
  FifolabFolderModel *self = FIFOLAB_FOLDER_MODEL (object);

  g_clear_object (&self->folder);
  g_clear_pointer (&self->folder_path, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (fifolab_folder_model_parent_class)->finalize (object);
}

static void
fifolab_folder_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FifolabFolderModel *self = FIFOLAB_FOLDER_MODEL (object);

  switch (prop_id)
    {
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_SHOW_ALL:
      g_value_set_boolean (value, self->show_all);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_folder_model_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  FifolabFolderModel *self = FIFOLAB_FOLDER_MODEL (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      fifolab_folder_model_set_folder (self, g_value_get_object (value));
      break;

    case PROP_SHOW_ALL:
      fifolab_folder_model_set_show_all (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_folder_model_class_init (FifolabFolderModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fifolab_folder_model_constructed;
  object_class->dispose = fifolab_folder_model_dispose;
  object_class->finalize = fifolab_folder_model_finalize;
  object_class->get_property = fifolab_folder_model_get_property;
  object_class->set_property = fifolab_folder_model_set_property;

  /**
   * FifolabFolderModel:error:
   *
   * Why the folder could not be listed (missing, no permission, not
   * local), or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_ALL] =
    g_param_spec_boolean ("show-all", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FifolabFolderModel::removed:
   * @path: the path of the FIFO, in the file-system encoding
   *
   * A FIFO that was listed is gone: deleted, renamed or moved away, or
   * its name now holds something else. Not emitted when the folder changes.
   */
  signals[REMOVED] =
    g_signal_new ("removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fifolab_folder_model_init (FifolabFolderModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * fifolab_folder_model_new:
 * @folder: (nullable): the folder to list
 *
 * Returns: (transfer full): a model that fills itself asynchronously
 */
FifolabFolderModel *
fifolab_folder_model_new (GFile *folder)
{
  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), NULL);

  return g_object_new (FIFOLAB_TYPE_FOLDER_MODEL,
                       "folder", folder,
                       NULL);
}

/**
 * fifolab_folder_model_get_folder:
 *
 * Returns: (transfer none) (nullable): the folder listed
 */
GFile *
fifolab_folder_model_get_folder (FifolabFolderModel *self)
{
  g_return_val_if_fail (FIFOLAB_IS_FOLDER_MODEL (self), NULL);

  return self->folder;
}

void
fifolab_folder_model_set_folder (FifolabFolderModel *self,
                                 GFile              *folder)
{
  guint old_len;

  g_return_if_fail (FIFOLAB_IS_FOLDER_MODEL (self));
  g_return_if_fail (folder == NULL || G_IS_FILE (folder));

  if (self->folder == folder ||
      (self->folder != NULL && folder != NULL && g_file_equal (self->folder, folder)))
    return;

  g_set_object (&self->folder, folder);
  self->listed = FALSE;
  g_clear_pointer (&self->folder_path, g_free);
  if (folder != NULL)
    self->folder_path = g_file_get_path (folder);

  /* Another folder's entries are not shown while this one loads. */
  old_len = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  if (old_len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, 0);

  if (self->constructed)
    {
      start_monitor (self);
      start_load (self, FALSE);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
}

gboolean
fifolab_folder_model_get_show_all (FifolabFolderModel *self)
{
  g_return_val_if_fail (FIFOLAB_IS_FOLDER_MODEL (self), FALSE);

  return self->show_all;
}

void
fifolab_folder_model_set_show_all (FifolabFolderModel *self,
                                   gboolean            show_all)
{
  g_return_if_fail (FIFOLAB_IS_FOLDER_MODEL (self));

  show_all = !!show_all;
  if (self->show_all == show_all)
    return;

  self->show_all = show_all;
  start_load (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ALL]);
}

/**
 * fifolab_folder_model_get_loading:
 *
 * Returns: %TRUE while the folder is being enumerated
 */
gboolean
fifolab_folder_model_get_loading (FifolabFolderModel *self)
{
  g_return_val_if_fail (FIFOLAB_IS_FOLDER_MODEL (self), FALSE);

  return self->loading;
}

/**
 * fifolab_folder_model_get_error:
 *
 * Returns: (transfer none) (nullable): why the folder could not be listed
 */
const GError *
fifolab_folder_model_get_error (FifolabFolderModel *self)
{
  g_return_val_if_fail (FIFOLAB_IS_FOLDER_MODEL (self), NULL);

  return self->error;
}

void
fifolab_folder_model_reload (FifolabFolderModel *self)
{
  g_return_if_fail (FIFOLAB_IS_FOLDER_MODEL (self));

  /* A monitor that failed earlier (folder created since) gets another try. */
  if (self->monitor == NULL)
    start_monitor (self);
  start_load (self, TRUE);
}

/**
 * fifolab_folder_model_find:
 * @path: a path in the file-system encoding
 *
 * Returns: the position of @path in the model, or -1
 */
int
fifolab_folder_model_find (FifolabFolderModel *self,
                           const char         *path)
{
  g_autofree char *dir = NULL;
  g_autofree char *canonical_dir = NULL;
  const char *slash;
  guint pos;

  g_return_val_if_fail (FIFOLAB_IS_FOLDER_MODEL (self), -1);
  g_return_val_if_fail (path != NULL, -1);

  if (self->folder_path == NULL)
    return -1;

  slash = strrchr (path, '/');
  if (slash == NULL || slash[1] == '\0')
    return -1;

  dir = g_path_get_dirname (path);
  canonical_dir = g_canonicalize_filename (dir, self->folder_path);
  if (strcmp (canonical_dir, self->folder_path) != 0)
    return -1;

  if (!find_name (self->items, slash + 1, &pos))
    return -1;
  return (int) pos;
}
