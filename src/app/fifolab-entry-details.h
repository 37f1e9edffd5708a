/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-log.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_ENTRY_DETAILS (fifolab_entry_details_get_type ())

G_DECLARE_FINAL_TYPE (FifolabEntryDetails, fifolab_entry_details, FIFOLAB, ENTRY_DETAILS, GtkWidget)

/* How "inspector.copy-*" puts an entry on the clipboard. */
typedef enum
{
  FIFOLAB_ENTRY_COPY_TEXT,    /* the bytes as text, escaped where not valid UTF-8 */
  FIFOLAB_ENTRY_COPY_HEX,     /* hexdump -C lines */
  FIFOLAB_ENTRY_COPY_C_ARRAY, /* static const unsigned char message[N] = { 0x.., … }; */
} FifolabEntryCopyFormat;

/* The entry inspector: one log entry in full. A heading (what it is), what the
 * log knows about it (the event's explanation, the flags in words, pipe,
 * framing, time of day, since the log's first entry and since the previous
 * entry on the same pipe, the pids claimed and seen and what was checked,
 * size, and for a torn message the offset where another writer's bytes
 * begin), shown literally, and all its bytes as text and as a hex dump, each
 * in a scrolled GtkListView that makes only the rows on screen, so that an
 * entry of any size shows at once. The two pages are a GtkStack ("text",
 * "hex"; hidden for an entry without bytes) with its switcher.
 *
 * Property: entry (FifolabLogEntry, nullable).
 * Actions: inspector.copy-text (Ctrl+Shift+C), inspector.copy-hex
 *   (Ctrl+Shift+H), inspector.copy-c-array (Ctrl+Shift+A). */
FifolabEntryDetails *fifolab_entry_details_new       (void);
FifolabLogEntry     *fifolab_entry_details_get_entry (FifolabEntryDetails *self);
void                 fifolab_entry_details_set_entry (FifolabEntryDetails *self,
                                                      FifolabLogEntry     *entry);
/* The log the entries come from, for their times since its first entry and
 * since the previous entry on the same pipe (NULL: those are not shown). */
void                 fifolab_entry_details_set_log   (FifolabEntryDetails *self,
                                                      FifolabLog          *log);
const char          *fifolab_entry_details_get_heading (FifolabEntryDetails *self);
const char          *fifolab_entry_details_get_body  (FifolabEntryDetails *self);
gssize               fifolab_entry_details_get_tear  (FifolabEntryDetails *self);
GtkStack            *fifolab_entry_details_get_stack (FifolabEntryDetails *self);
/* What "inspector.copy-*" puts on the clipboard; NULL without an entry (or,
 * for a C array, without bytes). */
char                *fifolab_entry_details_dup_copy  (FifolabEntryDetails   *self,
                                                      FifolabEntryCopyFormat format);
/* Puts it on the clipboard; FALSE when there is nothing to copy. */
gboolean             fifolab_entry_details_copy      (FifolabEntryDetails   *self,
                                                      FifolabEntryCopyFormat format);

G_END_DECLS
