/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-log.h"

G_BEGIN_DECLS

/* Saving the message log to a file, the one way the app does it: the log
 * view's Export dialog and the app.export-log action both call
 * fifolab_export_file_async(). */

/* Exports the whole of @log (every stored entry) to @file, in the format its
 * name ends with (.jsonl/.json, .csv, .txt/.log, .pcapng); an unknown one is refused
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

/* The Export dialog: a modal save dialog offering the four formats, JSON
 * Lines chosen, the name "fifolab-log.jsonl" proposed. */
GtkFileChooserNative *fifolab_export_file_dialog_new      (GtkWindow            *parent);
/* The format of the file type chosen in its filter: the type decides what is
 * written, never the name's extension. */
FifolabExportFormat   fifolab_export_file_dialog_get_format (GtkFileChooserNative *dialog);
/* @file named for @format: another format's extension replaced by the
 * format's, the format's added to a name with none or an unknown one. */
GFile                *fifolab_export_file_for_format        (GFile                *file,
                                                             FifolabExportFormat   format);
/* The file chosen in it, named for the type chosen: another format's
 * extension replaced by the chosen one, the chosen one added to a name with
 * none or an unknown one; NULL when none is chosen. */
GFile                *fifolab_export_file_dialog_get_file   (GtkFileChooserNative *dialog);

G_END_DECLS
