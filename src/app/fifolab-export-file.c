/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-escape.h"
#include "fifolab-export-file.h"
#include "fifolab-file-chooser.h"

static void
fifolab_export_file_done_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (fifolab_log_export_finish (FIFOLAB_LOG (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * fifolab_export_file_async:
 * @log: the log
 * @file: where to write; its extension (.jsonl/.json, .csv, .txt/.log,
 *   .pcapng) decides the format
 * @cancellable: (nullable): to stop it
 *
 * Exports the whole log (every stored entry, not only the shown ones).
 */
void
fifolab_export_file_async (FifolabLog          *log,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *basename = NULL;
  FifolabExportFormat format;

  g_return_if_fail (FIFOLAB_IS_LOG (log));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (log, cancellable, callback, user_data);
  g_task_set_source_tag (task, fifolab_export_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);

  basename = g_file_get_basename (file);
  if (basename == NULL || !fifolab_export_format_from_filename (basename, &format))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "%s", _("Unknown file type: the name must end in .jsonl, .csv, .txt or .pcapng"));
      return;
    }

  fifolab_log_export_async (log, format, file, cancellable, fifolab_export_file_done_cb, g_steal_pointer (&task));
}

/**
 * fifolab_export_file_finish:
 * @outcome: (out) (optional) (transfer full) (nullable): what to tell the
 *   user, %NULL when the export was cancelled
 *
 * Returns: whether the log was written
 */
gboolean
fifolab_export_file_finish (GAsyncResult  *result,
                            char         **outcome,
                            GError       **error)
{
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, fifolab_export_file_async), FALSE);

  ok = g_task_propagate_boolean (G_TASK (result), &local_error);
  if (outcome != NULL)
    {
      GFile *file = g_task_get_task_data (G_TASK (result));
      g_autofree char *shown = NULL;

      if (g_file_peek_path (file) != NULL)
        shown = fifolab_escape_home_path (g_file_peek_path (file), 0);
      else
        {
          g_autofree char *name = g_file_get_parse_name (file);
          shown = fifolab_escape_name (name, 0);
        }

      if (ok)
        *outcome = g_strdup_printf (_("Log exported to “%s”"), shown);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        *outcome = NULL;
      else
        *outcome = g_strdup_printf (_("Could not export the log to “%s”: %s"), shown, local_error->message);
    }
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return ok;
}

/* The Export dialog */

/* The formats, in the order of file_types. */
static const FifolabExportFormat formats[] = {
  FIFOLAB_EXPORT_JSON_LINES,
  FIFOLAB_EXPORT_CSV,
  FIFOLAB_EXPORT_SEED_TEXT,
  FIFOLAB_EXPORT_PCAPNG,
};

static const FifolabFileType file_types[] = {
  { N_("JSON Lines"), { "*.jsonl", "*.json" }, ".jsonl" },
  { N_("CSV"), { "*.csv" }, ".csv" },
  { N_("Text (received messages)"), { "*.txt", "*.log" }, ".txt" },
  { N_("pcapng (watched writes and reads, for Wireshark)"), { "*.pcapng" }, ".pcapng" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (formats) == G_N_ELEMENTS (file_types));

/**
 * fifolab_export_file_dialog_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer full): the dialog, to show
 */
GtkFileChooserNative *
fifolab_export_file_dialog_new (GtkWindow *parent)
{
  GtkFileChooserNative *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  dialog = fifolab_file_chooser_new (parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Log"), _("_Export"),
                                     file_types, G_N_ELEMENTS (file_types));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "fifolab-log.jsonl");
  return dialog;
}

/**
 * fifolab_export_file_dialog_get_format:
 * @dialog: a dialog from fifolab_export_file_dialog_new()
 *
 * Returns: the format of the file type chosen in it (JSON Lines if none)
 */
FifolabExportFormat
fifolab_export_file_dialog_get_format (GtkFileChooserNative *dialog)
{
  g_return_val_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (dialog), FIFOLAB_EXPORT_JSON_LINES);

  return formats[fifolab_file_chooser_get_type_index (dialog)];
}

/**
 * fifolab_export_file_for_format:
 * @file: the file chosen
 * @format: the format chosen
 *
 * @file named for @format: a name that ends in the extension of another
 * format ("log.jsonl" with CSV chosen) gets the chosen one instead
 * ("log.csv"); a name with no extension, or one that names no format, gets
 * it added ("log" and "log.bin" become "log.csv" and "log.bin.csv").
 *
 * Returns: (transfer full): the file to export to
 */
GFile *
fifolab_export_file_for_format (GFile               *file,
                                FifolabExportFormat  format)
{
  guint chosen = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i] == format)
      chosen = i;
  return fifolab_file_type_name_file (file_types, G_N_ELEMENTS (file_types), chosen, file);
}

/**
 * fifolab_export_file_dialog_get_file:
 * @dialog: a dialog from fifolab_export_file_dialog_new()
 *
 * The file chosen, named for the file type chosen (see
 * fifolab_export_file_for_format()): the type decides the format, never the
 * name.
 *
 * Returns: (transfer full) (nullable): the file to export to
 */
GFile *
fifolab_export_file_dialog_get_file (GtkFileChooserNative *dialog)
{
  g_return_val_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (dialog), NULL);

  return fifolab_file_chooser_get_file (dialog);
}
