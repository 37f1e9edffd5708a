/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-list-changes.h"

void
fifolab_list_changes_init (FifolabListChanges *changes,
                           GListModel         *model)
{
  *changes = (FifolabListChanges) { model, 0, 0, 0, FALSE };
}

void
fifolab_list_changes_emit (FifolabListChanges *changes)
{
  if (changes->pending)
    g_list_model_items_changed (changes->model, changes->position,
                                changes->removed, changes->added);
  changes->pending = FALSE;
}

void
fifolab_list_changes_prepare (FifolabListChanges *changes,
                              guint               position,
                              gboolean            removes,
                              gboolean            adds)
{
  if (changes->pending)
    {
      guint end = changes->position + changes->added;

      if (removes && position >= changes->position && position < end)
        {
          /* Edits an item this run already added. */
          if (!adds)
            changes->added--;
          return;
        }
      if (position == end)
        {
          /* Right after the run: an old item, or an insertion there. */
          changes->removed += removes ? 1 : 0;
          changes->added += adds ? 1 : 0;
          return;
        }
      if (!removes && position >= changes->position && position < end)
        {
          changes->added++;
          return;
        }
      fifolab_list_changes_emit (changes);
    }

  changes->position = position;
  changes->removed = removes ? 1 : 0;
  changes->added = adds ? 1 : 0;
  changes->pending = TRUE;
}
