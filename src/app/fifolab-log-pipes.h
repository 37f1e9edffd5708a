/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-log.h"

G_BEGIN_DECLS

#define FIFOLAB_TYPE_LOG_PIPES (fifolab_log_pipes_get_type ())

G_DECLARE_FINAL_TYPE (FifolabLogPipes, fifolab_log_pipes, FIFOLAB, LOG_PIPES, GObject)

/* Entries looked at per idle iteration. */
#define FIFOLAB_LOG_PIPES_SCAN_BATCH 4096

/* The pipes a log's entries name, for the log view's pipe filter: a
 * GtkStringList that starts with a first item of the caller's ("All Pipes"),
 * then each pipe path once, in the order the log first names it. While
 * active (the search bar is open), an idle at low priority walks the log
 * FIFOLAB_LOG_PIPES_SCAN_BATCH entries at a time, and goes on as entries
 * come; inactive, it waits where it was. */
FifolabLogPipes *fifolab_log_pipes_new        (const char      *first_item);
GtkStringList   *fifolab_log_pipes_get_list   (FifolabLogPipes *self);
/* Starts again from an empty list (the first item only) over @log. */
void             fifolab_log_pipes_set_log    (FifolabLogPipes *self,
                                               FifolabLog      *log);
void             fifolab_log_pipes_set_active (FifolabLogPipes *self,
                                               gboolean         active);

G_END_DECLS
