/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-escape.h"
#include "fifolab-export-file.h"

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

typedef struct
{
  FifolabExportFormat  format;
  const char          *extension;
} FileType;

static const FileType file_types[] = {
  { FIFOLAB_EXPORT_JSON_LINES, ".jsonl" },
  { FIFOLAB_EXPORT_CSV, ".csv" },
  { FIFOLAB_EXPORT_SEED_TEXT, ".txt" },
  { FIFOLAB_EXPORT_PCAPNG, ".pcapng" },
};

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const FileType *type,
            const char     *other_pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *pattern = g_strconcat ("*", type->extension, NULL);

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  if (other_pattern != NULL)
    gtk_file_filter_add_pattern (filter, other_pattern);
  /* The format written when this type is chosen, and its extension. */
  g_object_set_data (G_OBJECT (filter), "fifolab-file-type", (gpointer) type);
  gtk_file_chooser_add_filter (chooser, filter);
  if (gtk_file_chooser_get_filter (chooser) == NULL)
    gtk_file_chooser_set_filter (chooser, filter);
}

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

  dialog = gtk_file_chooser_native_new (_("Export Log"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  add_filter (GTK_FILE_CHOOSER (dialog), _("JSON Lines"), &file_types[0], "*.json");
  add_filter (GTK_FILE_CHOOSER (dialog), _("CSV"), &file_types[1], NULL);
  add_filter (GTK_FILE_CHOOSER (dialog), _("Text (received messages)"), &file_types[2], "*.log");
  add_filter (GTK_FILE_CHOOSER (dialog), _("pcapng (watched writes and reads, for Wireshark)"), &file_types[3], NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "fifolab-log.jsonl");
  return dialog;
}

static const FileType *
chosen_type (GtkFileChooserNative *dialog)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
  const FileType *type = filter != NULL ? g_object_get_data (G_OBJECT (filter), "fifolab-file-type") : NULL;

  return type != NULL ? type : &file_types[0];
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

  return chosen_type (dialog)->format;
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
  g_autoptr(GFile) parent = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *fixed = NULL;
  const FileType *type = &file_types[0];
  FifolabExportFormat named;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (file_types); i++)
    if (file_types[i].format == format)
      type = &file_types[i];

  basename = g_file_get_basename (file);
  parent = g_file_get_parent (file);
  if (basename == NULL || parent == NULL)
    return g_object_ref (file);

  if (fifolab_export_format_from_filename (basename, &named))
    {
      if (named == type->format)
        return g_object_ref (file);
      /* Another format's extension: replaced. */
      *strrchr (basename, '.') = '\0';
    }
  fixed = g_strconcat (basename, type->extension, NULL);
  return g_file_get_child (parent, fixed);
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
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (dialog), NULL);

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file == NULL)
    return NULL;
  return fifolab_export_file_for_format (file, chosen_type (dialog)->format);
}
