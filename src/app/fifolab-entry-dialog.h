/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FIFOLAB_TYPE_ENTRY_DIALOG (fifolab_entry_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FifolabEntryDialog, fifolab_entry_dialog, FIFOLAB, ENTRY_DIALOG, AdwWindow)

/* The details of one log entry: @heading, @body (what the log knows about it,
 * shown literally) and all its @bytes, as text and as a hex dump, each in a
 * scrolled GtkListView that makes only the rows on screen, so that an entry of
 * any size opens at once. Its default size fits a 1024x768 screen. */
FifolabEntryDialog *fifolab_entry_dialog_new         (GtkWindow          *parent,
                                                      const char         *heading,
                                                      const char         *body,
                                                      GBytes             *bytes);
const char         *fifolab_entry_dialog_get_heading (FifolabEntryDialog *self);
const char         *fifolab_entry_dialog_get_body    (FifolabEntryDialog *self);

G_END_DECLS
