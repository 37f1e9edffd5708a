/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names for the controls GTK 4.8 and libadwaita 1.2 build inside their
 * widgets and leave unnamed: AT-SPI then reports a class name
 * ("GtkToggleButton", "GtkImage", "GtkListBox") where a screen reader
 * user needs to hear what the control is. A drop-down's button, a column
 * view's list, a search bar's close button, a preferences group's list, an
 * entry row's apply button, a combo row's list and a preferences window's
 * search button and entry. And a button with a mnemonic label, which GTK
 * 4.8 names twice, the first time with the underscore ("_Send Send"). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-accessible.h"

static void
set_label (GtkWidget  *widget,
           const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/**
 * fifolab_accessible_name_control:
 * @control: a GtkDropDown, a GtkColumnView or a GtkMenuButton
 * @name: (not nullable): its accessible name, translated
 *
 * Names @control and the focusable list or button GTK builds inside it,
 * which takes the focus in its place and would have no name.
 */
void
fifolab_accessible_name_control (GtkWidget  *control,
                                 const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (control));
  g_return_if_fail (name != NULL);

  set_label (control, name);
  for (GtkWidget *child = gtk_widget_get_first_child (control); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child) || GTK_IS_LIST_VIEW (child))
      set_label (child, name);
}

/* The length of the mnemonic @label ends with when its language writes
 * it apart, after the words, in brackets: "观察(_T)", "发送（_S）" (as its
 * text: "(T)" and "（S）"; what a screen reader would read out after the
 * name); 0 when it has none. */
static gsize
bracketed_mnemonic_length (const char *label)
{
  static const char *const opens[] = { "(_", "（_" };
  static const char *const closes[] = { ")", "）" };

  for (guint i = 0; i < G_N_ELEMENTS (opens); i++)
    {
      const char *open = g_strrstr (label, opens[i]);
      const char *key;
      const char *close;

      if (open == NULL || open == label)
        continue;
      key = open + strlen (opens[i]);
      if (*key == '\0' || *key == '_')
        continue;
      close = g_utf8_next_char (key);
      if (g_str_equal (close, closes[i]))
        /* Without the underscore. */
        return strlen (open) - 1;
    }
  return 0;
}

static void
name_mnemonic_button (GtkButton *button)
{
  GtkWidget *child = gtk_button_get_child (button);
  g_autoptr(GString) name = NULL;

  if (!gtk_button_get_use_underline (button) || !GTK_IS_LABEL (child))
    return;

  /* gtk_label_get_text() is the text without the mnemonic's underscore;
   * a mnemonic in brackets after the words is no part of the name. */
  name = g_string_new (gtk_label_get_text (GTK_LABEL (child)));
  g_string_truncate (name, name->len - MIN (name->len, bracketed_mnemonic_length (gtk_label_get_label (GTK_LABEL (child)))));
  while (name->len > 0 && name->str[name->len - 1] == ' ')
    g_string_truncate (name, name->len - 1);
  set_label (GTK_WIDGET (button), name->str);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
mnemonic_label_changed (GObject    *button,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  name_mnemonic_button (GTK_BUTTON (button));
}

/* GTK 4.8 gives a button with a mnemonic label the label's raw text as its
 * accessible label and also makes it "labelled-by" the label inside, so
 * AT-SPI reads "_Send Send". Named once by the text alone, and again
 * whenever GTK sets the label anew. */
static void
name_mnemonic_button_once (GtkButton *button)
{
  if (g_object_get_data (G_OBJECT (button), "fifolab-mnemonic-named") == NULL)
    {
      g_object_set_data (G_OBJECT (button), "fifolab-mnemonic-named", GINT_TO_POINTER (TRUE));
      g_signal_connect_after (button, "notify::label", G_CALLBACK (mnemonic_label_changed), NULL);
      g_signal_connect_after (button, "notify::use-underline", G_CALLBACK (mnemonic_label_changed), NULL);
    }
  name_mnemonic_button (button);
}

static const char *
row_title (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  return row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : "";
}

/**
 * fifolab_accessible_name_parts:
 * @root: a widget whose parts are made (after gtk_widget_init_template())
 *
 * Names the unnamed controls libadwaita and GTK build inside @root's
 * search bars, preferences groups, entry rows and combo rows, after what
 * they belong to.
 */
void
fifolab_accessible_name_parts (GtkWidget *root)
{
  GtkWidget *parent = gtk_widget_get_parent (root);

  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_LIST_BOX (root) && parent != NULL)
    {
      GtkWidget *group = gtk_widget_get_ancestor (parent, ADW_TYPE_PREFERENCES_GROUP);
      const char *title = group != NULL ? adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)) : NULL;

      set_label (root, title != NULL && title[0] != '\0' ? title : _("Settings"));
      /* libadwaita also has it labelled by the group's title: said twice. */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    }
  else if (GTK_IS_BUTTON (root) && gtk_widget_get_ancestor (root, GTK_TYPE_SEARCH_BAR) != NULL &&
           !GTK_IS_TOGGLE_BUTTON (root))
    set_label (root, _("Close search"));
  else if (GTK_IS_BUTTON (root) && gtk_widget_get_ancestor (root, ADW_TYPE_ENTRY_ROW) != NULL)
    set_label (root, _("Apply"));
  else if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)))
    name_mnemonic_button_once (GTK_BUTTON (root));
  else if (GTK_IS_LIST_VIEW (root) && gtk_widget_get_ancestor (root, ADW_TYPE_COMBO_ROW) != NULL)
    set_label (root, row_title (root));
  else if ((GTK_IS_TOGGLE_BUTTON (root) || GTK_IS_SEARCH_ENTRY (root)) &&
           gtk_widget_get_ancestor (root, ADW_TYPE_HEADER_BAR) != NULL &&
           ADW_IS_PREFERENCES_WINDOW (gtk_widget_get_root (root)))
    set_label (root, _("Search"));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fifolab_accessible_name_parts (child);
}
