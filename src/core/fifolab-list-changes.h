/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Items-changed emissions for one pass of edits made to a list model's array
 * at increasing positions: contiguous edits are announced together, others
 * apart. Shared by the folder model and the pipe set. */
typedef struct
{
  GListModel *model;
  guint       position;
  guint       removed;
  guint       added;
  gboolean    pending;
} FifolabListChanges;

void fifolab_list_changes_init    (FifolabListChanges *changes,
                                   GListModel         *model);
/* Call before the edit at @position is made to the array: an edit that does
 * not continue the pending run emits it while the array still matches.
 * @removes: an item there goes; @adds: an item comes there (both: replaced). */
void fifolab_list_changes_prepare (FifolabListChanges *changes,
                                   guint               position,
                                   gboolean            removes,
                                   gboolean            adds);
/* Emits what is pending. Call at the end of the pass. */
void fifolab_list_changes_emit    (FifolabListChanges *changes);

G_END_DECLS
