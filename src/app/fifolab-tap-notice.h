/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-folder-model.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_TAP_NOTICE (fifolab_tap_notice_get_type ())

G_DECLARE_FINAL_TYPE (FifolabTapNotice, fifolab_tap_notice, FIFOLAB, TAP_NOTICE, GtkWidget)

/* A banner over the window's content: a tap that crashed left a pipe of the
 * folder shown swapped (fifolab_tap_find_leftovers(), read off the main
 * loop), and Restore puts the original back
 * (fifolab_tap_restore_leftover()). A leftover whose tap still runs is not
 * one. Revealed only while there is one; says the first, and how many more.
 * ::toast (const char *message): what restoring did, for the window to say. */
GtkWidget  *fifolab_tap_notice_new        (void);
/* Looks for leftovers in @folder (NULL: none), now and on each rescan. */
void        fifolab_tap_notice_set_folder (FifolabTapNotice *self,
                                           GFile            *folder);
/* Shows the leftovers of @model's folder, looked for again when its folder or
 * its pipes change. */
void        fifolab_tap_notice_follow     (FifolabTapNotice   *self,
                                           FifolabFolderModel *model);
/* Looks again (the folder's pipes changed). */
void        fifolab_tap_notice_rescan     (FifolabTapNotice *self);
/* The hidden name offered (NULL when none). */
const char *fifolab_tap_notice_get_leftover (FifolabTapNotice *self);

G_END_DECLS
