/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The GListModel methods shared by the models of FifolabPipeInfo (the folder
 * model, the pipe set, the pipe list). The folder model and the pipe set keep
 * their items in a GPtrArray: they answer get_n_items with its length and
 * get_item with fifolab_pipe_items_get(). */
GType    fifolab_pipe_items_get_item_type (GListModel *model);
/* The item at @position, referenced; NULL past the end. */
gpointer fifolab_pipe_items_get           (GPtrArray  *items,
                                           guint       position);

G_END_DECLS
