/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-pipe-items.h"
#include "fifolab-pipe-list.h"

struct _FifolabPipeList
{
  GObject             parent_instance;

  FifolabFolderModel *folder_model;
  FifolabPipeSet     *extras;
  /* Positions in @extras of the extras shown, ascending. */
  GArray             *shown;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabPipeList, fifolab_pipe_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
path_is_in_folder (GFile      *folder,
                   const char *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) parent = NULL;

  if (folder == NULL)
    return FALSE;
  file = g_file_new_for_path (path);
  parent = g_file_get_parent (file);
  return parent != NULL && g_file_equal (folder, parent);
}

/* An extra is hidden while the folder's part lists it. */
static gboolean
extra_is_shown (FifolabPipeList *self,
                guint            position)
{
  g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (G_LIST_MODEL (self->extras), position);

  return !path_is_in_folder (fifolab_folder_model_get_folder (self->folder_model),
                             fifolab_pipe_info_get_path (info));
}

static guint
n_folder_items (FifolabPipeList *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->folder_model));
}

static void
folder_items_changed_cb (FifolabPipeList *self,
                         guint            position,
                         guint            removed,
                         guint            added,
                         GListModel      *model)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* Only the changed extras are looked at: those after them keep their
 * visibility and move by added - removed. */
static void
extras_items_changed_cb (FifolabPipeList *self,
                         guint            position,
                         guint            removed,
                         guint            added,
                         GListModel      *model)
{
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));
  guint first = 0;
  guint end;
  guint old_shown;

  while (first < self->shown->len && g_array_index (self->shown, guint, first) < position)
    first++;
  end = first;
  while (end < self->shown->len && g_array_index (self->shown, guint, end) < position + removed)
    end++;
  old_shown = end - first;

  for (guint i = position; i < position + added; i++)
    if (extra_is_shown (self, i))
      g_array_append_val (changed, i);

  for (guint i = end; i < self->shown->len; i++)
    g_array_index (self->shown, guint, i) += added - removed;
  g_array_remove_range (self->shown, first, old_shown);
  g_array_insert_vals (self->shown, first, changed->data, changed->len);

  if (old_shown > 0 || changed->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), n_folder_items (self) + first,
                                old_shown, changed->len);
}

/* Another folder: which extras show may change anywhere. */
static void
folder_changed_cb (FifolabPipeList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->extras));
  guint old_shown = self->shown->len;

  g_array_set_size (self->shown, 0);
  for (guint i = 0; i < n; i++)
    if (extra_is_shown (self, i))
      g_array_append_val (self->shown, i);

  if (old_shown > 0 || self->shown->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), n_folder_items (self), old_shown, self->shown->len);
}

static void
removed_cb (FifolabPipeList *self,
            const char      *path)
{
  g_signal_emit (self, signals[REMOVED], 0, path);
}

static guint
fifolab_pipe_list_get_n_items (GListModel *model)
{
  FifolabPipeList *self = FIFOLAB_PIPE_LIST (model);

  return n_folder_items (self) + self->shown->len;
}

static gpointer
fifolab_pipe_list_get_item (GListModel *model,
                            guint       position)
{
  FifolabPipeList *self = FIFOLAB_PIPE_LIST (model);
  guint n_folder = n_folder_items (self);

  if (position < n_folder)
    return g_list_model_get_item (G_LIST_MODEL (self->folder_model), position);
  position -= n_folder;
  if (position >= self->shown->len)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->extras), g_array_index (self->shown, guint, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fifolab_pipe_items_get_item_type;
  iface->get_n_items = fifolab_pipe_list_get_n_items;
  iface->get_item = fifolab_pipe_list_get_item;
}

static void
fifolab_pipe_list_dispose (GObject *object)
{
  FifolabPipeList *self = FIFOLAB_PIPE_LIST (object);

  if (self->folder_model != NULL)
    g_signal_handlers_disconnect_by_data (self->folder_model, self);
  if (self->extras != NULL)
    g_signal_handlers_disconnect_by_data (self->extras, self);
  g_clear_object (&self->folder_model);
  g_clear_object (&self->extras);

  G_OBJECT_CLASS (fifolab_pipe_list_parent_class)->dispose (object);
}

static void
fifolab_pipe_list_finalize (GObject *object)
{
  FifolabPipeList *self = FIFOLAB_PIPE_LIST (object);

  g_clear_pointer (&self->shown, g_array_unref);

  G_OBJECT_CLASS (fifolab_pipe_list_parent_class)->finalize (object);
}

static void
fifolab_pipe_list_class_init (FifolabPipeListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_pipe_list_dispose;
  object_class->finalize = fifolab_pipe_list_finalize;

  signals[REMOVED] =
    g_signal_new ("removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fifolab_pipe_list_init (FifolabPipeList *self)
{
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
  self->folder_model = fifolab_folder_model_new (NULL);
  self->extras = fifolab_pipe_set_new ();

  g_signal_connect_swapped (self->folder_model, "items-changed", G_CALLBACK (folder_items_changed_cb), self);
  g_signal_connect_swapped (self->folder_model, "notify::folder", G_CALLBACK (folder_changed_cb), self);
  g_signal_connect_swapped (self->folder_model, "removed", G_CALLBACK (removed_cb), self);
  g_signal_connect_swapped (self->extras, "items-changed", G_CALLBACK (extras_items_changed_cb), self);
  g_signal_connect_swapped (self->extras, "removed", G_CALLBACK (removed_cb), self);
}

FifolabPipeList *
fifolab_pipe_list_new (void)
{
  return g_object_new (FIFOLAB_TYPE_PIPE_LIST, NULL);
}

/**
 * fifolab_pipe_list_get_folder_model:
 *
 * Returns: (transfer none): the browsed folder's part; set its folder there
 */
FifolabFolderModel *
fifolab_pipe_list_get_folder_model (FifolabPipeList *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_LIST (self), NULL);

  return self->folder_model;
}

/**
 * fifolab_pipe_list_get_extras:
 *
 * Returns: (transfer none): the pipes from elsewhere, all of them (also
 *   those hidden because the folder's part lists them)
 */
FifolabPipeSet *
fifolab_pipe_list_get_extras (FifolabPipeList *self)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_LIST (self), NULL);

  return self->extras;
}

gboolean
fifolab_pipe_list_add (FifolabPipeList  *self,
                       const char       *path,
                       GError          **error)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_LIST (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path_is_in_folder (fifolab_folder_model_get_folder (self->folder_model), path))
    return TRUE;
  return fifolab_pipe_set_add (self->extras, path, error);
}

gboolean
fifolab_pipe_list_remove (FifolabPipeList *self,
                          const char      *path)
{
  g_return_val_if_fail (FIFOLAB_IS_PIPE_LIST (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return fifolab_pipe_set_remove (self->extras, path);
}

int
fifolab_pipe_list_find (FifolabPipeList *self,
                        const char      *path)
{
  guint n;

  g_return_val_if_fail (FIFOLAB_IS_PIPE_LIST (self), -1);
  g_return_val_if_fail (path != NULL, -1);

  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n && i <= G_MAXINT; i++)
    {
      g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (G_LIST_MODEL (self), i);

      if (g_strcmp0 (fifolab_pipe_info_get_path (info), path) == 0)
        return (int) i;
    }
  return -1;
}

char **
fifolab_pipe_list_dup_paths (FifolabPipeList *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  guint n;

  g_return_val_if_fail (FIFOLAB_IS_PIPE_LIST (self), NULL);

  builder = g_strv_builder_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (G_LIST_MODEL (self), i);

      g_strv_builder_add (builder, fifolab_pipe_info_get_path (info));
    }
  return g_strv_builder_end (builder);
}
