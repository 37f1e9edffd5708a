/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fifolab-sequence.h"

G_BEGIN_DECLS

/* The sequence diagram saved as SVG or PDF (cairo), the whole of it: the
 * window's "Export Diagram" and the app.export-sequence action both call
 * fifolab_sequence_export_async(). What the diagram holds is copied when
 * it starts; the drawing and the writing run in a thread. The SVG carries
 * the diagram in words too (<title> and <desc>: every call, with its pid,
 * command and bytes), for screen readers and scripts; the PDF is one page
 * per 40 calls. */

typedef enum
{
  FIFOLAB_SEQ_EXPORT_SVG,
  FIFOLAB_SEQ_EXPORT_PDF,
} FifolabSeqExportFormat;

/* From a file name's extension: .svg, .pdf. FALSE if another. */
gboolean fifolab_sequence_export_format_from_filename (const char             *filename,
                                                       FifolabSeqExportFormat *format);
/* The task's source object is @seq; an unknown extension is refused
 * (G_IO_ERROR_INVALID_ARGUMENT) and nothing is written. */
void     fifolab_sequence_export_async  (FifolabSequence     *seq,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* @outcome (optional): the sentence that tells the user how it went, NULL
 * when cancelled. */
gboolean fifolab_sequence_export_finish (GAsyncResult        *result,
                                         char               **outcome,
                                         GError             **error);

/* A modal save dialog offering SVG and PDF, "fifolab-sequence.svg" proposed;
 * the file chosen is named for the type chosen: the type decides what is
 * written, never the name's extension. */
GtkFileChooserNative  *fifolab_sequence_export_dialog_new        (GtkWindow              *parent);
/* The format of the file type chosen in it (SVG if none). */
FifolabSeqExportFormat fifolab_sequence_export_dialog_get_format (GtkFileChooserNative   *dialog);
/* @file named for @format: the other format's extension replaced by
 * @format's, @format's added to a name with none or an unknown one. */
GFile                 *fifolab_sequence_export_for_format        (GFile                  *file,
                                                                  FifolabSeqExportFormat  format);
GFile                 *fifolab_sequence_export_dialog_get_file   (GtkFileChooserNative   *dialog);

G_END_DECLS
