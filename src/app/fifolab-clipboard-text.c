/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UTF-8 text on the clipboard, of any length, that other programs can paste.
 *
 * gdk_clipboard_set_text() hangs the whole application in GTK 4.8 on X11
 * once another program pastes more than the 256 KiB an X property holds
 * (an entry a pipe sent whole, a log's rows). Its string serializer writes
 * through a converter stream, and it drops its last reference to that
 * stream without closing it: the stream then closes itself, synchronously,
 * and so closes the X selection's stream beneath it, which waits for the
 * pasting program to take the rest of the text, piece by piece (INCR),
 * through events only the main loop it blocks would deliver. Here the text
 * is written to the stream it is asked for as it is, and that stream is
 * closed asynchronously before the write is reported done: nothing is left
 * to close when GTK drops it. In this process (a paste into FIFO Lab's own
 * fields) the text is handed over as a string, with no stream at all. */
#include "config.h"

#include "fifolab-clipboard-text.h"

struct _FifolabClipboardText
{
  GdkContentProvider parent_instance;

  char *text;
  gsize length;
};

G_DEFINE_FINAL_TYPE (FifolabClipboardText, fifolab_clipboard_text, GDK_TYPE_CONTENT_PROVIDER)

static void
fifolab_clipboard_text_finalize (GObject *object)
{
  FifolabClipboardText *self = FIFOLAB_CLIPBOARD_TEXT (object);

  g_free (self->text);

  G_OBJECT_CLASS (fifolab_clipboard_text_parent_class)->finalize (object);
}

static GdkContentFormats *
fifolab_clipboard_text_ref_formats (GdkContentProvider *provider)
{
  GdkContentFormatsBuilder *builder = gdk_content_formats_builder_new ();

  gdk_content_formats_builder_add_gtype (builder, G_TYPE_STRING);
  gdk_content_formats_builder_add_mime_type (builder, "text/plain;charset=utf-8");
  gdk_content_formats_builder_add_mime_type (builder, "text/plain");
  return gdk_content_formats_builder_free_to_formats (builder);
}

static gboolean
fifolab_clipboard_text_get_value (GdkContentProvider  *provider,
                                  GValue              *value,
                                  GError             **error)
{
  FifolabClipboardText *self = FIFOLAB_CLIPBOARD_TEXT (provider);

  if (G_VALUE_HOLDS (value, G_TYPE_STRING))
    {
      g_value_set_string (value, self->text);
      return TRUE;
    }
  return GDK_CONTENT_PROVIDER_CLASS (fifolab_clipboard_text_parent_class)->get_value (provider, value, error);
}

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_output_stream_close_async (G_OUTPUT_STREAM (object), g_task_get_priority (task),
                               g_task_get_cancellable (task), closed_cb, g_object_ref (task));
}

static void
fifolab_clipboard_text_write_mime_type_async (GdkContentProvider  *provider,
                                              const char          *mime_type,
                                              GOutputStream       *stream,
                                              int                  io_priority,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  FifolabClipboardText *self = FIFOLAB_CLIPBOARD_TEXT (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_priority (task, io_priority);
  g_task_set_source_tag (task, fifolab_clipboard_text_write_mime_type_async);
  if (g_strcmp0 (mime_type, "text/plain;charset=utf-8") != 0 && g_strcmp0 (mime_type, "text/plain") != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "Cannot offer text as %s", mime_type);
      g_object_unref (task);
      return;
    }
  g_output_stream_write_all_async (stream, self->text, self->length, io_priority, cancellable,
                                   written_cb, task);
}

static gboolean
fifolab_clipboard_text_write_mime_type_finish (GdkContentProvider  *provider,
                                               GAsyncResult        *result,
                                               GError             **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
fifolab_clipboard_text_class_init (FifolabClipboardTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GdkContentProviderClass *provider_class = GDK_CONTENT_PROVIDER_CLASS (klass);

  object_class->finalize = fifolab_clipboard_text_finalize;
  provider_class->ref_formats = fifolab_clipboard_text_ref_formats;
  provider_class->get_value = fifolab_clipboard_text_get_value;
  provider_class->write_mime_type_async = fifolab_clipboard_text_write_mime_type_async;
  provider_class->write_mime_type_finish = fifolab_clipboard_text_write_mime_type_finish;
}

static void
fifolab_clipboard_text_init (FifolabClipboardText *self)
{
}

/**
 * fifolab_clipboard_take_text:
 * @text: (transfer full): UTF-8 text
 *
 * Puts @text on @clipboard, as gdk_clipboard_set_text() does, but a program
 * that pastes any length of it gets it whole (see above).
 */
void
fifolab_clipboard_take_text (GdkClipboard *clipboard,
                             char         *text)
{
  g_autoptr(FifolabClipboardText) self = NULL;

  g_return_if_fail (GDK_IS_CLIPBOARD (clipboard));
  g_return_if_fail (text != NULL);

  self = g_object_new (FIFOLAB_TYPE_CLIPBOARD_TEXT, NULL);
  self->text = text;
  self->length = strlen (text);
  gdk_clipboard_set_content (clipboard, GDK_CONTENT_PROVIDER (self));
}
