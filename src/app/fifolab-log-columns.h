/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-log.h"
#include "fifolab-session.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LOG_COLUMNS (fifolab_log_columns_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLogColumns, fifolab_log_columns, FIFOLAB, LOG_COLUMNS, GObject)

/* The columns of the message log. */
typedef enum
{
  FIFOLAB_LOG_COLUMN_TIME,
  FIFOLAB_LOG_COLUMN_DIRECTION,
  FIFOLAB_LOG_COLUMN_PIPE,
  FIFOLAB_LOG_COLUMN_SENDER,
  FIFOLAB_LOG_COLUMN_RECEIVER,
  FIFOLAB_LOG_COLUMN_SIZE,
  FIFOLAB_LOG_COLUMN_MESSAGE,
  FIFOLAB_LOG_COLUMN_SEEN,      /* the pid a watch saw, a fact */
} FifolabLogColumn;

/* Bytes shown in the message column in hex (the entry details have all). */
#define FIFOLAB_LOG_COLUMNS_HEX_MAX_BYTES 512

/* The cells of the message log's columns over FifolabLogEntry items: one
 * list item factory per column, whose cells make their widgets once and only
 * set texts when bound (a flood rebinds every visible row each frame), and
 * the view settings they show (times relative to an origin, messages in
 * hex), applied to the rows already bound when they change.
 *
 * Cells, by CSS class: "fifolab-time", "fifolab-direction" (a box with the
 * direction's class: sent, received, event, output; and error),
 * "fifolab-pipe" (the pipe's name; its path in the tooltip and the accessible
 * description), "fifolab-pid" (sender, receiver), "fifolab-size", and in the
 * message column "fifolab-flag" (the flags' badge), "fifolab-event-title",
 * "fifolab-message", "fifolab-explanation". Everything is plain text. */
FifolabLogColumns  *fifolab_log_columns_new            (void);
/* A new factory for @column's cells, to set on a GtkColumnViewColumn. */
GtkListItemFactory *fifolab_log_columns_create_factory (FifolabLogColumns *self,
                                                        FifolabLogColumn   column);
gboolean            fifolab_log_columns_get_relative_time (FifolabLogColumns *self);
void                fifolab_log_columns_set_relative_time (FifolabLogColumns *self,
                                                           gboolean           relative_time);
/* The log whose entries the cells show: relative times count from its
 * first entry (the first one seen since it was set or cleared). */
void                fifolab_log_columns_set_log           (FifolabLogColumns *self,
                                                           FifolabLog        *log);
/* Whose pipe names the pipe cells show (nullable: base names). */
void                fifolab_log_columns_set_session       (FifolabLogColumns *self,
                                                           FifolabSession    *session);
/* The one folder whose pipes the log shows (nullable: any): its pipes go
 * by their base names. */
void                fifolab_log_columns_set_folder        (FifolabLogColumns *self,
                                                           const char        *folder);
/* Names the cells of the rows bound anew, once the main loop is idle: a
 * column was shown again (its cells are new). */
void                fifolab_log_columns_name_cells_soon   (FifolabLogColumns *self);
gboolean            fifolab_log_columns_get_hex           (FifolabLogColumns *self);
void                fifolab_log_columns_set_hex           (FifolabLogColumns *self,
                                                           gboolean           hex);

G_END_DECLS
