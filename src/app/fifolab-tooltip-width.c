/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GTK 4.8 wraps a tooltip's text at as many average Latin characters as the
 * text has characters (gtktooltipwindow.c sets the label's max-width-chars to
 * the text's length, at most 50). A Chinese character is about two of those
 * wide: a Chinese tooltip wrapped at about half its width, and a short one
 * ("下一步", Next Step) stood one character a line. Every tooltip is shown
 * in a label of a tooltip window, one for each GtkTooltip (which GTK makes
 * again as the pointer goes from window to window): once that label is known,
 * its max-width-chars is kept at 50 whatever the text's length, so that a
 * short text is as wide as its words and a long one wraps at about 50
 * characters, as GTK means it to. */
#include "config.h"

#include "fifolab-tooltip-width.h"

/* The longest line of a tooltip, in average characters (GTK's own limit). */
#define TOOLTIP_CHARS 50
/* Set on a GtkTooltip: its window's label, once found. */
#define LABEL_KEY "fifolab-tooltip-label"

static void
max_width_chars_cb (GtkLabel   *label,
                    GParamSpec *pspec,
                    gpointer    data)
{
  if (gtk_label_get_max_width_chars (label) != TOOLTIP_CHARS)
    gtk_label_set_max_width_chars (label, TOOLTIP_CHARS);
}

/* The label of the window @tooltip shows in: beside a custom widget, in the
 * same box (GTK has no call that gives the window). */
static GtkWidget *
find_label (GtkTooltip *tooltip)
{
  g_autoptr(GtkWidget) probe = g_object_ref_sink (gtk_image_new ());
  GtkWidget *box, *label = NULL;

  gtk_tooltip_set_custom (tooltip, probe);
  box = gtk_widget_get_parent (probe);
  for (GtkWidget *child = box != NULL ? gtk_widget_get_first_child (box) : NULL;
       child != NULL && label == NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child))
      label = child;
  gtk_tooltip_set_custom (tooltip, NULL);
  return label;
}

/* Before each widget's query-tooltip (and so before GTK sets the text and
 * its width): the first time for a GtkTooltip, its label is found. */
static gboolean
query_tooltip_hook (GSignalInvocationHint *ihint,
                    guint                  n_param_values,
                    const GValue          *param_values,
                    gpointer               data)
{
  GtkTooltip *tooltip;
  GtkWidget *label;

  if (n_param_values < 5)
    return TRUE;
  tooltip = g_value_get_object (&param_values[4]);
  if (!GTK_IS_TOOLTIP (tooltip) || g_object_get_data (G_OBJECT (tooltip), LABEL_KEY) != NULL)
    return TRUE;

  label = find_label (tooltip);
  if (label == NULL)
    return TRUE;
  g_object_set_data_full (G_OBJECT (tooltip), LABEL_KEY, g_object_ref (label), g_object_unref);
  g_signal_connect (label, "notify::max-width-chars", G_CALLBACK (max_width_chars_cb), NULL);
  max_width_chars_cb (GTK_LABEL (label), NULL, NULL);
  return TRUE;
}

void
fifolab_tooltip_width_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      gpointer klass = g_type_class_ref (GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (g_signal_lookup ("query-tooltip", GTK_TYPE_WIDGET), 0,
                                  query_tooltip_hook, NULL, NULL);
      g_type_class_unref (klass);
      g_once_init_leave (&installed, 1);
    }
}
