/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-log.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_ENTRY_DETAILS (fifolab_entry_details_get_type ())

G_DECLARE_FINAL_TYPE (FifolabEntryDetails, fifolab_entry_details, FIFOLAB, ENTRY_DETAILS, GtkWidget)

/* One log entry in full: a heading (what it is), what the log knows about it
 * (the event's explanation, the message's flags, pipe, pids, size), shown
 * literally, and all its bytes as text and as a hex dump, each in a scrolled
 * GtkListView that makes only the rows on screen, so that an entry of any size
 * shows at once. The two pages are a GtkStack ("text", "hex"; hidden for an
 * entry without bytes) for a GtkStackSwitcher wherever its host puts one.
 *
 * Property: entry (FifolabLogEntry, nullable). */
FifolabEntryDetails *fifolab_entry_details_new       (void);
FifolabLogEntry     *fifolab_entry_details_get_entry (FifolabEntryDetails *self);
void                 fifolab_entry_details_set_entry (FifolabEntryDetails *self,
                                                      FifolabLogEntry     *entry);
const char          *fifolab_entry_details_get_heading (FifolabEntryDetails *self);
const char          *fifolab_entry_details_get_body  (FifolabEntryDetails *self);
GtkStack            *fifolab_entry_details_get_stack (FifolabEntryDetails *self);

G_END_DECLS
