/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fifolab-log.h"

G_BEGIN_DECLS

/* Saving the message log to a file, the one way the app does it: the log
 * view's Export dialog and the app.export-log action both call these. */

/* Exports the whole of @log (every stored entry) to @file, in the format its
 * name ends with (.jsonl/.json, .csv, .txt/.log); an unknown one is refused
 * (G_IO_ERROR_INVALID_ARGUMENT) and nothing is written. The task's source
 * object is @log. */
void     fifolab_export_file_async  (FifolabLog          *log,
                                     GFile               *file,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* @outcome (optional): the sentence that tells the user how it went ("Log
 * exported to …" or "Could not export the log to …: why"), NULL when
 * cancelled. */
gboolean fifolab_export_file_finish (GAsyncResult        *result,
                                     char               **outcome,
                                     GError             **error);

G_END_DECLS
