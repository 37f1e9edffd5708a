/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's sequence diagram: in place of the log (the "sequence.show"
 * toggle, Ctrl+Shift+D), following the session's log; a call selected in it selects
 * its Watch entry in the log and the entry inspector, and the entry the
 * inspector shows selects its call; "sequence.export" saves it as SVG or
 * PDF. */
#include "config.h"


#include "fifolab-sequence-export.h"
#include "fifolab-window-private.h"

static void
show_change_state (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  FifolabWindow *self = user_data;
  gboolean show = g_variant_get_boolean (state);

  g_simple_action_set_state (action, state);
  gtk_widget_set_visible (GTK_WIDGET (self->log_view), !show);
  gtk_widget_set_visible (GTK_WIDGET (self->sequence_view), show);
  if (show)
    gtk_widget_grab_focus (GTK_WIDGET (self->sequence_view));
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FifolabWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL;

  fifolab_sequence_export_finish (result, &outcome, &error);
  if (outcome == NULL)
    return;
  if (error != NULL)
    fifolab_window_show_error (self, outcome);
  else
    fifolab_window_show_toast (self, outcome);
}

static void
dialog_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  FifolabWindow *self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = fifolab_sequence_export_dialog_get_file (GTK_FILE_CHOOSER_NATIVE (dialog));
  if (file != NULL)
    fifolab_sequence_export_async (fifolab_window_get_sequence (self), file, NULL,
                                   export_done_cb, g_object_ref (self));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_activate (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  FifolabWindow *self = user_data;
  GtkFileChooserNative *dialog = fifolab_sequence_export_dialog_new (GTK_WINDOW (self));

  g_signal_connect (dialog, "response", G_CALLBACK (dialog_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The Watch entry with @serial among those the log shows, selected there
 * and shown in the inspector. */
static void
entry_selected_cb (FifolabSequenceView *view,
                   guint64              serial,
                   FifolabWindow       *self)
{
  GListModel *shown = fifolab_log_view_get_shown_model (self->log_view);
  guint lo = 0;
  guint hi = g_list_model_get_n_items (shown);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (shown, mid);

      if (fifolab_log_entry_get_serial (entry) < serial)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < g_list_model_get_n_items (shown))
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (shown, lo);

      if (fifolab_log_entry_get_serial (entry) == serial)
        gtk_widget_activate_action (GTK_WIDGET (self->log_view), "log.show-details", "u", lo);
    }
}

static void
inspected_cb (GObject       *inspector,
              GParamSpec    *pspec,
              FifolabWindow *self)
{
  g_autoptr(FifolabLogEntry) entry = NULL;

  g_object_get (inspector, "entry", &entry, NULL);
  if (entry != NULL && fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_WATCH)
    fifolab_sequence_view_select_serial (self->sequence_view, fifolab_log_entry_get_serial (entry));
}

static const GActionEntry sequence_actions[] = {
  { "show", NULL, NULL, "false", show_change_state },
  { "export", export_activate },
};

void
_fifolab_window_init_sequence (FifolabWindow *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (group), sequence_actions,
                                   G_N_ELEMENTS (sequence_actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sequence", G_ACTION_GROUP (group));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                                                          gtk_named_action_new ("sequence.show")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect (self->sequence_view, "entry-selected", G_CALLBACK (entry_selected_cb), self);
}

void
_fifolab_window_load_sequence (FifolabWindow *self)
{
  fifolab_sequence_view_set_session (self->sequence_view, self->session);
  g_signal_connect_object (fifolab_log_view_get_inspector (self->log_view), "notify::entry",
                           G_CALLBACK (inspected_cb), self, G_CONNECT_DEFAULT);
}

/**
 * fifolab_window_get_sequence:
 *
 * Returns: (transfer none): what the window's sequence diagram draws
 */
FifolabSequence *
fifolab_window_get_sequence (FifolabWindow *self)
{
  g_return_val_if_fail (FIFOLAB_IS_WINDOW (self), NULL);
  return fifolab_sequence_view_get_sequence (self->sequence_view);
}
