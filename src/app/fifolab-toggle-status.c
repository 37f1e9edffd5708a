/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-toggle-status.h"

void
fifolab_toggle_status_set (GtkLabel    *label,
                           char       **status_path,
                           const char  *path,
                           const char  *text,
                           gboolean     error)
{
  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (status_path != NULL);

  g_free (*status_path);
  *status_path = g_strdup (path);
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

void
fifolab_toggle_status_show (GtkToggleButton *button,
                            gboolean         pressed,
                            gboolean         sensitive,
                            gboolean        *syncing)
{
  g_return_if_fail (GTK_IS_TOGGLE_BUTTON (button));
  g_return_if_fail (syncing != NULL);

  *syncing = TRUE;
  gtk_toggle_button_set_active (button, pressed);
  *syncing = FALSE;
  gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                               pressed ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
  gtk_widget_set_sensitive (GTK_WIDGET (button), sensitive);
}
