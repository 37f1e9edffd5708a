/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's win.* actions and the dialogs they open. */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-clipboard-text.h"
#include "fifolab-new-pipe-dialog.h"
#include "fifolab-window-private.h"

static void
fifolab_window_pipe_created_cb (FifolabWindow        *self,
                                const char           *path,
                                FifolabNewPipeDialog *dialog)
{
  g_autoptr(GError) error = NULL;

  /* The session made it and logged it: list and select it, the focus on
   * its row. */
  if (!fifolab_window_add_pipe (self, path, TRUE, &error))
    fifolab_window_show_error (self, error->message);
  else
    _fifolab_window_focus_pipe_row (self, path);
}

/* The side pane's page @name ("details", "processes"), the stage left. */
static void
show_side_page (FifolabWindow *self,
                const char    *name)
{
  _fifolab_window_show_stage (self, FALSE);
  g_object_set (self, "show-details", TRUE, NULL);
  if (g_str_equal (name, "processes"))
    _fifolab_window_ensure_processes (self);
  gtk_stack_set_visible_child_name (self->side_stack, name);
}

static void
show_side_page_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  if (g_str_equal (action_name, "win.show-lessons"))
    {
      /* The lessons get the window, not the side pane. */
      _fifolab_window_show_stage (self, TRUE);
      return;
    }
  if (g_str_equal (action_name, "win.show-log"))
    {
      _fifolab_window_show_stage (self, FALSE);
      return;
    }
  show_side_page (self, "processes");
}

/* Alt+1, Alt+2: the side pane's Details or Processes page, as its tabs
 * are in order, the way GNOME's tabbed windows use Alt and a number (its
 * Lessons tab is the stage, F1). Asked for from the keyboard, the
 * page is where the user goes next: the focus goes into it, unless it is
 * there already (the page it was on is hidden: GTK would drop it). Folded
 * and still sliding in, the pane takes the focus itself once in place
 * (fifolab-window-layout.c). */
static void
side_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  show_side_page (self, g_str_equal (action_name, "win.side-page-processes") ? "processes" : "details");
  if (!adw_flap_get_folded (self->side_flap) || adw_flap_get_reveal_progress (self->side_flap) >= 1.0)
    _fifolab_window_focus_into (gtk_stack_get_visible_child (self->side_stack), NULL, NULL);
}

/* The presentation zoom of the lessons' stage, a quarter at a time, kept in
 * the settings (the stage follows them). */
static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);
  double zoom = g_settings_get_double (self->settings, "stage-zoom");

  if (g_str_equal (action_name, "win.zoom-in"))
    zoom += 0.25;
  else if (g_str_equal (action_name, "win.zoom-out"))
    zoom -= 0.25;
  else
    zoom = 1.0;
  g_settings_set_double (self->settings, "stage-zoom", CLAMP (zoom, 0.75, 2.5));
}

static void
start_peer_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  show_side_page (self, "processes");
  gtk_widget_activate_action (GTK_WIDGET (self->peer_form),
                              g_str_equal (action_name, "win.start-writer") ? "peer.start-writer" : "peer.start-reader",
                              NULL);
}

/* The keyboard shortcuts window is built the first time it is asked for:
 * GtkApplication would build one with every window, before its first frame
 * (so it is not at gtk/help-overlay.ui in the resources). */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/fifolab/FifoLab/fifolab-help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      /* GTK's own parts of it (its pages, the keys' boxes, the search
       * entry, the scroll bars), said by their class names otherwise. */
      fifolab_accessible_name_parts (GTK_WIDGET (overlay));
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static void
new_pipe_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);
  FifolabNewPipeDialog *dialog;
  GFile *folder = fifolab_folder_model_get_folder (_fifolab_window_get_folder_model (self));

  if (folder == NULL)
    return;

  dialog = fifolab_new_pipe_dialog_new (GTK_WINDOW (self), folder);
  fifolab_new_pipe_dialog_set_session (dialog, self->session);
  g_signal_connect_object (dialog, "created", G_CALLBACK (fifolab_window_pipe_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  fifolab_folder_model_reload (_fifolab_window_get_folder_model (self));
}

static void
choose_folder_response_cb (FifolabWindow   *self,
                           int              response,
                           GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (folder != NULL)
        {
          /* Browsed even when it cannot be remembered: the error says so. */
          if (!fifolab_window_set_folder (self, folder, &error) ||
              !fifolab_application_remember_folder (self->settings, folder, &error))
            fifolab_window_show_error (self, error->message);
        }
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->file_chooser);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);
  GtkFileChooserNative *chooser;
  GFile *folder = fifolab_folder_model_get_folder (_fifolab_window_get_folder_model (self));

  if (self->file_chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Choose the Folder of Pipes"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Select"),
                                         _("_Cancel"));
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (choose_folder_response_cb), self, G_CONNECT_SWAPPED);
  self->file_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->file_chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  /* The log view owns the save dialog; the window only gives it a shortcut. */
  gtk_widget_activate_action (GTK_WIDGET (self->log_view), "log.export", NULL);
}

/* The live log, from this window (its menu and Ctrl+L); a recording's
 * window has no such action, so the key does nothing there. */
static void
clear_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  fifolab_log_clear (fifolab_session_get_log (self->session));
}

static void
toggle_search_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  fifolab_log_view_set_search_mode (self->log_view, !fifolab_log_view_get_search_mode (self->log_view));
}

/* Ctrl+F9: the pipe list shown or hidden, as its button in the header bar
 * does (F9 is the side pane's); folded over the log, it takes the focus
 * and Escape closes it (fifolab-window-layout.c). */
static void
toggle_pipes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  adw_flap_set_reveal_flap (self->browser_flap, !adw_flap_get_reveal_flap (self->browser_flap));
}

static void
copy_path_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);
  const char *path = g_variant_get_bytestring (parameter);
  g_autofree char *text = NULL;

  /* Clipboard text is UTF-8: a path that is not is copied as a file URI,
   * which keeps its bytes (%FF); a relative one has none, so it is shown. */
  if (g_utf8_validate (path, -1, NULL))
    text = g_strdup (path);
  else
    text = g_filename_to_uri (path, NULL, NULL);
  if (text == NULL)
    text = g_filename_display_name (path);

  fifolab_clipboard_take_text (gtk_widget_get_clipboard (widget), g_steal_pointer (&text));
  fifolab_window_show_toast (self, _("Path copied"));
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  FifolabWindow *self = FIFOLAB_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self == NULL)
    return;

  /* The session disconnects first, removes it and logs it. */
  if (!fifolab_session_delete_pipe (self->session, path, &error))
    {
      fifolab_window_show_error (self, error->message);
      return;
    }
  fifolab_pipe_list_remove (self->pipes, path);
}

static void
delete_pipe_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);
  const char *path = g_variant_get_bytestring (parameter);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = fifolab_escape_name (base, 0);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: %s is the name of a pipe */
  heading = g_strdup_printf (_("Delete “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The pipe is removed from the folder. Processes that hold it open keep "
                                     "their ends, but nobody can open it by name any more. FIFO Lab "
                                     "disconnects from it first."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* win.set-framing (path, framing nick): the pipe's framing from now on; its
 * reader, if FIFO Lab reads it, is reopened with it. */
static void
set_framing_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  const char *path = NULL;
  const char *nick = NULL;
  FifolabFraming framing;

  g_variant_get (parameter, "(^&ay&s)", &path, &nick);
  if (!fifolab_framing_from_string (nick, &framing))
    return;
  if (!fifolab_session_set_framing (self->session, path, framing, &error))
    fifolab_window_show_error (self, error->message);
}

/* win.stop-reading, win.stop-writing: FIFO Lab lets go of one end (the Read
 * and Write toggles, released). */
static void
stop_end_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  fifolab_session_disconnect (self->session, g_variant_get_bytestring (parameter),
                              g_str_equal (action_name, "win.stop-reading") ? FIFOLAB_ACCESS_READ
                                                                            : FIFOLAB_ACCESS_WRITE);
}

/* Ctrl+Return sends the compose bar's message wherever the focus is in
 * the window, as the shortcuts window says: the bar's own binding acted
 * only from inside the bar. Not while the lessons' stage hides the bar. */
static gboolean
send_shortcut (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  FifolabWindow *self = FIFOLAB_WINDOW (widget);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self->compose_bar)))
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self->compose_bar), "compose.send", NULL);
}

void
_fifolab_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, send_shortcut, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, send_shortcut, NULL);
  gtk_widget_class_install_action (widget_class, "win.new-pipe", NULL, new_pipe_action);
  gtk_widget_class_install_action (widget_class, "win.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_action (widget_class, "win.reload-folder", NULL, reload_folder_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.clear-log", NULL, clear_log_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-search", NULL, toggle_search_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-pipes", NULL, toggle_pipes_action);
  /* A path is bytes (need not be UTF-8): a bytestring. */
  gtk_widget_class_install_action (widget_class, "win.copy-path", "ay", copy_path_action);
  gtk_widget_class_install_action (widget_class, "win.delete-pipe", "ay", delete_pipe_action);
  gtk_widget_class_install_action (widget_class, "win.set-framing", "(ays)", set_framing_action);
  gtk_widget_class_install_action (widget_class, "win.stop-reading", "ay", stop_end_action);
  gtk_widget_class_install_action (widget_class, "win.stop-writing", "ay", stop_end_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-details", "show-details");
  gtk_widget_class_install_action (widget_class, "win.show-lessons", NULL, show_side_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-processes", NULL, show_side_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-log", NULL, show_side_page_action);
  gtk_widget_class_install_action (widget_class, "win.side-page-details", NULL, side_page_action);
  gtk_widget_class_install_action (widget_class, "win.side-page-processes", NULL, side_page_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.start-writer", NULL, start_peer_action);
  gtk_widget_class_install_action (widget_class, "win.start-reader", NULL, start_peer_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
}
