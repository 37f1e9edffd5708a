/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sequence diagram beside a log view, in a window: shown in the log's
 * place, exported, and its selection kept with the log's and the entry
 * inspector's. The main window and a recording's window both use it. */
#include "config.h"

#include "fifolab-entry-details.h"
#include "fifolab-log-entry.h"
#include "fifolab-sequence-export.h"
#include "fifolab-sequence-link.h"

#define LINK_KEY "fifolab-sequence-link"

typedef struct
{
  GtkWidget                  *window;   /* not a ref: it owns the link */
  FifolabLogView             *log_view;
  FifolabSequenceView        *view;
  FifolabSequenceOutcomeFunc  outcome;
} Link;

static void
show_change_state (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  Link *link = user_data;
  gboolean show = g_variant_get_boolean (state);

  g_simple_action_set_state (action, state);
  gtk_widget_set_visible (GTK_WIDGET (link->log_view), !show);
  gtk_widget_set_visible (GTK_WIDGET (link->view), show);
  if (show)
    gtk_widget_grab_focus (GTK_WIDGET (link->view));
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GtkWidget) window = user_data;
  Link *link = g_object_get_data (G_OBJECT (window), LINK_KEY);
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL;

  fifolab_sequence_export_finish (result, &outcome, &error);
  if (outcome != NULL && link != NULL)
    link->outcome (window, outcome, error != NULL);
}

static void
dialog_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  Link *link = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = fifolab_sequence_export_dialog_get_file (GTK_FILE_CHOOSER_NATIVE (dialog));
  if (file != NULL)
    fifolab_sequence_export_async (fifolab_sequence_view_get_sequence (link->view), file, NULL,
                                   export_done_cb, g_object_ref_sink (link->window));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_activate (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  Link *link = user_data;
  GtkFileChooserNative *dialog = fifolab_sequence_export_dialog_new (GTK_WINDOW (link->window));

  g_signal_connect (dialog, "response", G_CALLBACK (dialog_response_cb), link);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The Watch entry with @serial among those the log shows, selected there
 * and shown in the inspector. */
static void
entry_selected_cb (FifolabSequenceView *view,
                   guint64              serial,
                   gpointer             user_data)
{
  Link *link = user_data;
  GListModel *shown = fifolab_log_view_get_shown_model (link->log_view);
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
        gtk_widget_activate_action (GTK_WIDGET (link->log_view), "log.show-details", "u", lo);
    }
}

static void
inspected_cb (GObject    *inspector,
              GParamSpec *pspec,
              GtkWidget  *window)
{
  Link *link = g_object_get_data (G_OBJECT (window), LINK_KEY);
  g_autoptr(FifolabLogEntry) entry = NULL;

  g_object_get (inspector, "entry", &entry, NULL);
  if (link != NULL && entry != NULL && fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_WATCH)
    fifolab_sequence_view_select_serial (link->view, fifolab_log_entry_get_serial (entry));
}

static const GActionEntry sequence_actions[] = {
  { "show", NULL, NULL, "false", show_change_state },
  { "export", export_activate },
};

void
fifolab_sequence_link (GtkWidget                  *window,
                       FifolabLogView             *log_view,
                       FifolabSequenceView        *view,
                       FifolabSequenceOutcomeFunc  outcome)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  Link *link;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (log_view));
  g_return_if_fail (FIFOLAB_IS_SEQUENCE_VIEW (view));
  g_return_if_fail (outcome != NULL);

  link = g_new0 (Link, 1);
  link->window = window;
  link->log_view = log_view;
  link->view = view;
  link->outcome = outcome;
  g_object_set_data_full (G_OBJECT (window), LINK_KEY, link, g_free);

  g_action_map_add_action_entries (G_ACTION_MAP (group), sequence_actions,
                                   G_N_ELEMENTS (sequence_actions), link);
  gtk_widget_insert_action_group (window, "sequence", G_ACTION_GROUP (group));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                                                          gtk_named_action_new ("sequence.show")));
  gtk_widget_add_controller (window, shortcuts);

  /* The view is the window's child: the link, freed with the window,
   * outlives it. */
  g_signal_connect (view, "entry-selected", G_CALLBACK (entry_selected_cb), link);
  g_signal_connect_object (fifolab_log_view_get_inspector (log_view), "notify::entry",
                           G_CALLBACK (inspected_cb), window, G_CONNECT_DEFAULT);
}
