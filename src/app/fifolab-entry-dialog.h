/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fifolab-log.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_ENTRY_DIALOG (fifolab_entry_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FifolabEntryDialog, fifolab_entry_dialog, FIFOLAB, ENTRY_DIALOG, AdwWindow)

/* One log entry in a window of its own: a FifolabEntryDetails, with the
 * switch between its text and hex pages in the header bar. Its default size
 * fits a 1024x768 screen. */
FifolabEntryDialog *fifolab_entry_dialog_new         (GtkWindow          *parent,
                                                      FifolabLogEntry    *entry);
const char         *fifolab_entry_dialog_get_heading (FifolabEntryDialog *self);
const char         *fifolab_entry_dialog_get_body    (FifolabEntryDialog *self);

G_END_DECLS
