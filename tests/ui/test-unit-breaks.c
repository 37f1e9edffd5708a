/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A label given its text by fifolab_unit_breaks_set_label(), its numbers
 * kept with their units: set again with the same text (the step bar sets
 * its line at every change of the watch, the lesson card its texts at every
 * outcome), it is left as it is, not laid out anew; changed, or its
 * attributes changed by someone else, it is set. */
#include "config.h"

#include <gtk/gtk.h>
#include <locale.h>

#include "fifolab-unit-breaks.h"

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *n)
{
  (*n)++;
}

static void
test_set_again (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new (NULL));
  g_autoptr(PangoAttrList) kept = NULL;
  PangoAttrList *attrs;
  guint n_attrs = 0, n_label = 0;

  g_signal_connect (label, "notify::attributes", G_CALLBACK (count_cb), &n_attrs);
  g_signal_connect (label, "notify::label", G_CALLBACK (count_cb), &n_label);

  fifolab_unit_breaks_set_label (GTK_LABEL (label), "write() of 22 bytes waits");
  attrs = gtk_label_get_attributes (GTK_LABEL (label));
  g_assert_nonnull (attrs);
  g_assert_cmpuint (n_attrs, ==, 1);
  g_assert_cmpuint (n_label, ==, 1);

  /* The same text: the same attributes, no notification (GTK lays the label
   * out anew when it is given attributes). */
  fifolab_unit_breaks_set_label (GTK_LABEL (label), "write() of 22 bytes waits");
  g_assert_true (gtk_label_get_attributes (GTK_LABEL (label)) == attrs);
  g_assert_cmpuint (n_attrs, ==, 1);
  g_assert_cmpuint (n_label, ==, 1);

  /* Another text: set, with its own attributes. */
  fifolab_unit_breaks_set_label (GTK_LABEL (label), "write() of 4096 bytes waits");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "write() of 4096 bytes waits");
  g_assert_cmpuint (n_attrs, ==, 2);
  g_assert_cmpuint (n_label, ==, 2);
  kept = pango_attr_list_ref (gtk_label_get_attributes (GTK_LABEL (label)));

  /* The same text, its attributes taken away meanwhile: they come back. */
  gtk_label_set_attributes (GTK_LABEL (label), NULL);
  fifolab_unit_breaks_set_label (GTK_LABEL (label), "write() of 4096 bytes waits");
  g_assert_nonnull (gtk_label_get_attributes (GTK_LABEL (label)));
  g_assert_true (pango_attr_list_equal (gtk_label_get_attributes (GTK_LABEL (label)), kept));

  /* The same text, shown as markup meanwhile: plain text again. */
  gtk_label_set_use_markup (GTK_LABEL (label), TRUE);
  fifolab_unit_breaks_set_label (GTK_LABEL (label), "write() of 4096 bytes waits");
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));

  g_object_unref (label);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  setlocale (LC_CTYPE, "C.UTF-8");
  g_test_add_func ("/unit-breaks/set-again", test_set_again);
  return g_test_run ();
}
