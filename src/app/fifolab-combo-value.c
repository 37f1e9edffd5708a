/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chosen value of a combo row, read whole. */
#include "config.h"

#include "fifolab-combo-value.h"

static void
value_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (list_item, label);
}

static void
value_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  data)
{
  GtkStringObject *string = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      GTK_IS_STRING_OBJECT (string) ? gtk_string_object_get_string (string) : "");
}

/* libadwaita 1.2 shows a combo row's chosen value in at most 20 characters
 * and, in a row whose title and subtitle want the room, cut short: "Raw
 * rea…" in a language longer than English, "Fixed s…" in the side pane in
 * English. The row shows it whole here, on one line: a choice is a word or
 * two, and the row's title and subtitle wrap beside it. (A value that
 * wraps cannot be had: the row's list of one item is as tall as one line,
 * whatever width it is given.) The list that pops up keeps libadwaita's
 * items, with the mark on the chosen one. For a row whose model is a
 * GtkStringList. */
void
fifolab_combo_row_show_value_whole (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) popup = NULL;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  if (adw_combo_row_get_list_factory (row) == NULL && adw_combo_row_get_factory (row) != NULL)
    {
      popup = g_object_ref (adw_combo_row_get_factory (row));
      adw_combo_row_set_list_factory (row, popup);
    }
  g_signal_connect (factory, "setup", G_CALLBACK (value_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (value_bind_cb), NULL);
  adw_combo_row_set_factory (row, factory);
}
