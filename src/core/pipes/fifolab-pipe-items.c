/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-pipe-info.h"
#include "fifolab-pipe-items.h"

GType
fifolab_pipe_items_get_item_type (GListModel *model)
{
  return FIFOLAB_TYPE_PIPE_INFO;
}

gpointer
fifolab_pipe_items_get (GPtrArray *items,
                        guint      position)
{
  if (position >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, position));
}
