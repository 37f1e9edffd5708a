/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The log view's entry inspector and copying: the selection shown in the
 * FifolabEntryDetails below the list ("show-inspector", "log.show-details",
 * activating a row), "log.copy" (the selected or shown entries, one escaped
 * line each) and the inspector's copy shortcuts while the list has the focus. */
#include "config.h"

#include "fifolab-clipboard-text.h"
#include "fifolab-event.h"
#include "fifolab-log-view-private.h"

/* The text "log.copy" uses for one entry: escaped, one line. */
static void
append_copy_line (GString         *out,
                  FifolabLogEntry *entry)
{
  const char *text = fifolab_log_entry_get_display_text (entry);

  if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_EVENT)
    {
      g_string_append (out, fifolab_event_kind_get_title (fifolab_log_entry_get_kind (entry)));
      if (text != NULL && *text != '\0')
        {
          g_string_append (out, ": ");
          g_string_append (out, text);
        }
    }
  else if (text != NULL)
    g_string_append (out, text);

  g_string_append_c (out, '\n');
}

/* Copy */

/**
 * fifolab_log_view_dup_copy_text:
 *
 * Returns: (transfer full): one escaped line per selected entry, or per shown
 *   entry when none is selected
 */
char *
fifolab_log_view_dup_copy_text (FifolabLogView *self)
{
  g_autoptr(GtkBitset) positions = NULL;
  GListModel *model;
  GtkBitsetIter iter;
  guint position;
  GString *out;

  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), NULL);

  model = G_LIST_MODEL (self->filter_model);
  positions = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  /* Nothing selected: every shown entry. (The selection's own set is shared,
   * not to be changed.) */
  if (gtk_bitset_is_empty (positions))
    {
      gtk_bitset_unref (positions);
      positions = gtk_bitset_new_range (0, g_list_model_get_n_items (model));
    }
  out = g_string_new (NULL);

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, positions, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (model, position);

      if (entry != NULL)
        append_copy_line (out, entry);
    }

  return g_string_free (out, FALSE);
}

/* Actions */

static void
log_copy_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FifolabLogView *self = FIFOLAB_LOG_VIEW (widget);
  g_autofree char *text = fifolab_log_view_dup_copy_text (self);

  fifolab_clipboard_take_text (gtk_widget_get_clipboard (widget), g_steal_pointer (&text));
}

/* Shows the entry at @position among the shown ones in the inspector: selects
 * it (the inspector follows the selection) and shows the inspector. */
static void
log_show_details_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  FifolabLogView *self = FIFOLAB_LOG_VIEW (widget);
  guint position = g_variant_get_uint32 (parameter);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)))
    return;
  fifolab_log_view_set_show_inspector (self, TRUE);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
}

static void
column_view_activate_cb (FifolabLogView *self,
                         guint           position,
                         GtkColumnView  *column_view)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "log.show-details", "u", position);
}

/* The entry inspector */

/* The inspector shows the first selected entry, kept when the selection goes
 * (the entry may be evicted or filtered out: it is still the one read). */
static void
update_inspector (FifolabLogView *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(FifolabLogEntry) entry = NULL;

  if (!self->show_inspector)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    return;
  entry = g_list_model_get_item (G_LIST_MODEL (self->filter_model), gtk_bitset_get_minimum (selected));
  if (entry != NULL)
    fifolab_entry_details_set_entry (self->inspector, entry);
}

/* "selected-pipe": the pipe of the first selected entry, kept as the
 * inspector keeps its entry when the selection goes; notified at each
 * entry of a pipe selected, of the same pipe too (the window shows the pipe
 * last pointed at, by the log or otherwise). */
static void
update_selected_pipe (FifolabLogView *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(FifolabLogEntry) entry = NULL;
  const char *path;

  if (gtk_bitset_is_empty (selected))
    return;
  entry = g_list_model_get_item (G_LIST_MODEL (self->filter_model), gtk_bitset_get_minimum (selected));
  path = entry != NULL ? fifolab_log_entry_get_pipe_path (entry) : NULL;
  if (path == NULL)
    return;
  if (g_strcmp0 (path, self->selected_pipe) != 0)
    {
      g_free (self->selected_pipe);
      self->selected_pipe = g_strdup (path);
    }
  g_object_notify (G_OBJECT (self), "selected-pipe");
}

static void
selection_changed_cb (FifolabLogView    *self,
                      guint              position,
                      guint              n_items,
                      GtkSelectionModel *selection)
{
  update_inspector (self);
  update_selected_pipe (self);
}

/**
 * fifolab_log_view_get_selected_pipe:
 *
 * Returns: (nullable): the pipe of the first entry selected, kept when the
 *   selection goes or moves to an entry of no pipe; %NULL until one is
 *   selected. "selected-pipe" is notified at each entry of a pipe selected,
 *   of the same pipe too.
 */
const char *
fifolab_log_view_get_selected_pipe (FifolabLogView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), NULL);

  return self->selected_pipe;
}

gboolean
fifolab_log_view_get_show_inspector (FifolabLogView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), FALSE);

  return self->show_inspector;
}

void
fifolab_log_view_set_show_inspector (FifolabLogView *self,
                                     gboolean        show_inspector)
{
  g_return_if_fail (FIFOLAB_IS_LOG_VIEW (self));

  show_inspector = !!show_inspector;
  if (self->show_inspector == show_inspector)
    return;
  self->show_inspector = show_inspector;
  gtk_widget_set_visible (GTK_WIDGET (self->inspector), show_inspector);
  update_inspector (self);
  g_object_notify (G_OBJECT (self), "show-inspector");
}

/**
 * fifolab_log_view_get_inspector:
 *
 * Returns: (transfer none): the entry inspector below the list
 */
FifolabEntryDetails *
fifolab_log_view_get_inspector (FifolabLogView *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG_VIEW (self), NULL);

  return self->inspector;
}

static gboolean
copy_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  FifolabLogView *self = FIFOLAB_LOG_VIEW (widget);

  return self->show_inspector &&
         fifolab_entry_details_copy (self->inspector, (FifolabEntryCopyFormat) g_variant_get_int32 (args));
}

/* The column view's: its widget is the column view, the log view comes as
 * @user_data. */
static gboolean
list_copy_shortcut_cb (GtkWidget *widget,
                       GVariant  *args,
                       gpointer   user_data)
{
  return copy_shortcut_cb (GTK_WIDGET (user_data), args, NULL);
}

void
_fifolab_log_view_class_init_inspector (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "log.copy", NULL, log_copy_action);
  gtk_widget_class_install_action (widget_class, "log.show-details", "u", log_show_details_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "log.copy", NULL);
  /* The inspector's copies, also while the focus is in the list. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                copy_shortcut_cb, "i", FIFOLAB_ENTRY_COPY_TEXT);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_h, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                copy_shortcut_cb, "i", FIFOLAB_ENTRY_COPY_HEX);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                copy_shortcut_cb, "i", FIFOLAB_ENTRY_COPY_C_ARRAY);
}

void
_fifolab_log_view_init_inspector (FifolabLogView *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkShortcut *copy_c_array;

  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  /* Ctrl+Shift+A is also the list's own "list.unselect-all", bound on the
   * GtkListView inside the column view, which has the key before the class
   * binding above: the row lost its selection and nothing was copied. Taken
   * in the capture phase on the column view only, so that a text entry
   * elsewhere in the view (the search entry) keeps its own Ctrl+Shift+A. */
  copy_c_array = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                                   gtk_callback_action_new (list_copy_shortcut_cb, self, NULL));
  gtk_shortcut_set_arguments (copy_c_array, g_variant_new_int32 (FIFOLAB_ENTRY_COPY_C_ARRAY));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), copy_c_array);
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), shortcuts);
}
