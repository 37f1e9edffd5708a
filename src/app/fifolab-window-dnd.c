/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drag and drop onto the window: a folder is browsed, FIFOs are added. */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-window-private.h"

static gboolean
fifolab_window_drop_cb (FifolabWindow *self,
                        const GValue  *value,
                        double         x,
                        double         y,
                        GtkDropTarget *target)
{
  GSList *files;
  gboolean any = FALSE;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      GFile *file = l->data;
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (file);
          g_autofree char *shown = fifolab_escape_name (uri, 0);
          g_autofree char *message = g_strdup_printf (_("“%s” is not a local file: only pipes on this computer can be opened."), shown);
          fifolab_window_show_error (self, message);
          continue;
        }

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && files->next == NULL)
        ok = fifolab_window_set_folder (self, file, &error);
      else
        ok = fifolab_window_add_pipe (self, path, TRUE, &error);

      if (!ok)
        fifolab_window_show_error (self, error->message);
      any |= ok;
    }
  g_slist_free (files);

  return any;
}

void
_fifolab_window_init_dnd (FifolabWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (drop, "drop", G_CALLBACK (fifolab_window_drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
