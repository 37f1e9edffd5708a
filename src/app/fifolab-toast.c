/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Toasts whose text is the message as it is, for every window. */
#include "config.h"

#include <glib/gi18n.h>

#include "fifolab-accessible.h"
#include "fifolab-escape.h"
#include "fifolab-toast.h"

/* libadwaita 1.2 builds a toast's widget when it shows, around the title:
 * the widget and its title's bin said nothing but their class names to a
 * screen reader ("AdwToastWidget", "AdwBin"), and its close button, an
 * icon with no tooltip, "GtkImage". Named each time the title is mapped
 * (the toast shown, or queued and shown later). */
static void
title_map_cb (GtkWidget *title)
{
  GtkWidget *bin = gtk_widget_get_parent (title);
  GtkWidget *toast = bin != NULL ? gtk_widget_get_parent (bin) : NULL;

  if (toast == NULL)
    return;
  fifolab_accessible_name_parts (toast);
  for (GtkWidget *child = gtk_widget_get_first_child (toast); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child) && gtk_button_get_icon_name (GTK_BUTTON (child)) != NULL)
      /* Translators: the accessible name of a notification's close button */
      fifolab_accessible_set_name (child, _("Dismiss"));
}

AdwToast *
fifolab_toast_new (const char *message,
                   gboolean    error)
{
  g_autofree char *text = NULL;
  GtkWidget *title;
  AdwToast *toast;

  g_return_val_if_fail (message != NULL, NULL);

  text = fifolab_escape_message (message, FIFOLAB_TOAST_MAX_CHARS);
  toast = adw_toast_new ("");
  title = g_object_new (GTK_TYPE_LABEL,
                        "label", text,
                        "use-markup", FALSE,
                        "wrap", TRUE,
                        "wrap-mode", PANGO_WRAP_WORD_CHAR,
                        "width-chars", (int) MIN (g_utf8_strlen (text, -1), 48),
                        "max-width-chars", 72,
                        "xalign", 0.0f,
                        NULL);
  g_signal_connect (title, "map", G_CALLBACK (title_map_cb), NULL);
  adw_toast_set_custom_title (toast, title);
  if (error)
    {
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  return toast;
}
