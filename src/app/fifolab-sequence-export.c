/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <string.h>

#include "fifolab-escape.h"
#include "fifolab-file-chooser.h"
#include "fifolab-sequence-draw.h"
#include "fifolab-sequence-export.h"

#define ROW_HEIGHT 28.0
#define ROWS_PER_PAGE 40

typedef struct
{
  FifolabSequence        *seq;   /* a copy, the thread's own */
  GFile                  *file;
  FifolabSeqExportFormat  format;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  g_clear_object (&export->seq);
  g_clear_object (&export->file);
  g_free (export);
}

gboolean
fifolab_sequence_export_format_from_filename (const char             *filename,
                                              FifolabSeqExportFormat *format)
{
  const char *dot = filename != NULL ? strrchr (filename, '.') : NULL;

  if (dot == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    *format = FIFOLAB_SEQ_EXPORT_SVG;
  else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    *format = FIFOLAB_SEQ_EXPORT_PDF;
  else
    return FALSE;
  return TRUE;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
params_init (FifolabSeqDrawParams *params,
             FifolabSequence      *seq,
             guint                 rows)
{
  memset (params, 0, sizeof *params);
  params->row_height = ROW_HEIGHT;
  params->width = fifolab_sequence_draw_natural_width (seq);
  params->height = FIFOLAB_SEQ_ROWS_TOP + MAX (rows, 1) * ROW_HEIGHT + 4;
  params->selected = G_MAXUINT;
  params->fg = (GdkRGBA) { 0, 0, 0, 1 };
  params->bg = (GdkRGBA) { 0.96, 0.96, 0.96, 1 };
}

static void
paint (FifolabSequence            *seq,
       cairo_surface_t            *surface,
       const FifolabSeqDrawParams *params)
{
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  fifolab_sequence_draw (seq, cr, params);
  cairo_destroy (cr);
}

/* The SVG with the diagram in words: <title> and <desc> first inside <svg>. */
static GBytes *
with_words (GByteArray      *svg,
            FifolabSequence *seq)
{
  guint n = fifolab_sequence_get_n_rows (seq);
  g_autofree char *words = fifolab_sequence_describe (seq, 0, n > 0 ? n - 1 : 0);
  g_autofree char *desc = g_markup_escape_text (words, -1);
  g_autofree char *title = g_markup_escape_text (_("FIFO Lab: sequence diagram"), -1);
  g_autofree char *inserted = g_strdup_printf ("\n<title>%s</title>\n<desc>%s</desc>", title, desc);
  const char *text = (const char *) svg->data;
  const char *open = g_strstr_len (text, svg->len, "<svg");
  const char *end = open != NULL ? memchr (open, '>', (gsize) (text + svg->len - open)) : NULL;
  GByteArray *out;
  gsize at;

  if (end == NULL)
    return g_bytes_new (svg->data, svg->len);
  at = (gsize) (end - text) + 1;
  out = g_byte_array_sized_new (svg->len + strlen (inserted));
  g_byte_array_append (out, svg->data, at);
  g_byte_array_append (out, (const guint8 *) inserted, strlen (inserted));
  g_byte_array_append (out, svg->data + at, svg->len - at);
  return g_byte_array_free_to_bytes (out);
}

static gboolean
check (cairo_surface_t  *surface,
       GError          **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", cairo_status_to_string (status));
  return FALSE;
}

static GBytes *
render (Export        *export,
        GCancellable  *cancellable,
        GError       **error)
{
  FifolabSequence *seq = export->seq;
  guint n = fifolab_sequence_get_n_rows (seq);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  FifolabSeqDrawParams params;
  cairo_surface_t *surface;
  gboolean ok;

  if (export->format == FIFOLAB_SEQ_EXPORT_SVG)
    {
      params_init (&params, seq, n);
      surface = cairo_svg_surface_create_for_stream (append_cb, data, params.width, params.height);
      paint (seq, surface, &params);
      ok = check (surface, error);
      cairo_surface_destroy (surface);
      return ok ? with_words (data, seq) : NULL;
    }

  params_init (&params, seq, MIN (n, ROWS_PER_PAGE));
  surface = cairo_pdf_surface_create_for_stream (append_cb, data, params.width, params.height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("FIFO Lab: sequence diagram"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "FIFO Lab");
  for (guint first = 0; first < MAX (n, 1); first += ROWS_PER_PAGE)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      params.first_row = first;
      paint (seq, surface, &params);
      cairo_surface_show_page (surface);
    }
  ok = check (surface, error);
  cairo_surface_destroy (surface);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  return ok ? g_byte_array_free_to_bytes (g_steal_pointer (&data)) : NULL;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = render (export, cancellable, &error);
  if (bytes == NULL ||
      !g_file_replace_contents (export->file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * fifolab_sequence_export_async:
 * @seq: the sequence
 * @file: where to write; its extension (.svg, .pdf) decides the format
 * @cancellable: (nullable): to stop it
 *
 * Draws the whole of @seq, as it is now, into @file.
 */
void
fifolab_sequence_export_async (FifolabSequence     *seq,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *basename = NULL;
  Export *export;

  g_return_if_fail (FIFOLAB_IS_SEQUENCE (seq));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (seq, cancellable, callback, user_data);
  g_task_set_source_tag (task, fifolab_sequence_export_async);
  export = g_new0 (Export, 1);
  export->file = g_object_ref (file);
  g_task_set_task_data (task, export, export_free);

  basename = g_file_get_basename (file);
  if (basename == NULL || !fifolab_sequence_export_format_from_filename (basename, &export->format))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "%s", _("Unknown file type: the name must end in .svg or .pdf"));
      return;
    }
  export->seq = fifolab_sequence_copy (seq);
  g_task_run_in_thread (task, export_thread);
}

gboolean
fifolab_sequence_export_finish (GAsyncResult  *result,
                                char         **outcome,
                                GError       **error)
{
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, fifolab_sequence_export_async), FALSE);

  ok = g_task_propagate_boolean (G_TASK (result), &local_error);
  if (outcome != NULL)
    {
      Export *export = g_task_get_task_data (G_TASK (result));
      g_autofree char *name = g_file_get_parse_name (export->file);
      g_autofree char *shown = fifolab_escape_home_path (name, 0);

      if (ok)
        *outcome = g_strdup_printf (_("Sequence diagram exported to “%s”"), shown);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        *outcome = NULL;
      else
        *outcome = g_strdup_printf (_("Could not export the sequence diagram to “%s”: %s"), shown,
                                    local_error->message);
    }
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return ok;
}

/* The dialog */

static const FifolabFileType file_types[] = {
  { N_("SVG image"), { "*.svg" }, ".svg" },
  { N_("PDF document"), { "*.pdf" }, ".pdf" },
};

GtkFileChooserNative *
fifolab_sequence_export_dialog_new (GtkWindow *parent)
{
  GtkFileChooserNative *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  dialog = fifolab_file_chooser_new (parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Sequence Diagram"),
                                     _("_Export"), file_types, G_N_ELEMENTS (file_types));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "fifolab-sequence.svg");
  return dialog;
}

FifolabSeqExportFormat
fifolab_sequence_export_dialog_get_format (GtkFileChooserNative *dialog)
{
  g_return_val_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (dialog), FIFOLAB_SEQ_EXPORT_SVG);

  return fifolab_file_chooser_get_type_index (dialog) == 1 ? FIFOLAB_SEQ_EXPORT_PDF : FIFOLAB_SEQ_EXPORT_SVG;
}

GFile *
fifolab_sequence_export_for_format (GFile                  *file,
                                    FifolabSeqExportFormat  format)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return fifolab_file_type_name_file (file_types, G_N_ELEMENTS (file_types),
                                      format == FIFOLAB_SEQ_EXPORT_PDF ? 1 : 0, file);
}

GFile *
fifolab_sequence_export_dialog_get_file (GtkFileChooserNative *dialog)
{
  g_return_val_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (dialog), NULL);

  return fifolab_file_chooser_get_file (dialog);
}
