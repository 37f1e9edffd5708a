/* SPDX-License-Identifier: GPL-3.0-or-later */
/* minimal-window: the anchor for the time to the first frame of FIFO Lab's
 * window. A GtkApplication (registered on the session bus like FIFO Lab, with
 * the default flags) that presents one GtkWindow of the same size as FIFO Lab's
 * (1180×720) holding a label.
 *
 * With FIFOLAB_REPORT_FIRST_FRAME=1 in the environment it prints
 * "first-frame-us <CLOCK_MONOTONIC µs>" once its window has painted its first
 * frame while mapped, then quits; fifolab-ui-bench compares that with the time
 * it started the process. Without it the window stays open. */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <stdio.h>

static gboolean report_first_frame;

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  static gboolean reported;

  if (reported || !gtk_widget_get_mapped (window))
    return;

  reported = TRUE;
  printf ("first-frame-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

static void
realize_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (after_paint_cb), window, 0);
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);

  gtk_window_set_title (GTK_WINDOW (window), "Minimal GTK 4 window");
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 720);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Hello from a minimal GTK 4 window"));
  if (report_first_frame)
    g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = NULL;

  report_first_frame = g_strcmp0 (g_getenv ("FIFOLAB_REPORT_FIRST_FRAME"), "1") == 0;

  app = gtk_application_new ("io.github.fifolab.MinimalWindow", G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
