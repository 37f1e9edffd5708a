/* SPDX-License-Identifier: GPL-3.0-or-later */
/* minimal-window: the anchor for the time to the first frame of FIFO Lab's
 * window. A GtkApplication (registered on the session bus like FIFO Lab, with
 * the default flags) that presents one GtkWindow of the same size as FIFO Lab's
 * (1180×720) holding a label.
 *
 * Built a second time as minimal-adw-window (MINIMAL_ADW defined): the same
 * window with libadwaita, an AdwApplication presenting an AdwApplicationWindow.
 * What it costs more than minimal-window is the platform's (libadwaita's
 * stylesheet and its start), which any libadwaita window pays; fifolab-ui-bench
 * prints it beside the anchor to tell that from what FIFO Lab's window adds.
 *
 * With FIFOLAB_REPORT_FIRST_FRAME=1 in the environment it prints
 * "first-frame-us <CLOCK_MONOTONIC µs>" once its window has painted its first
 * frame while mapped, and "first-frame-cpu-us <µs>", the processor time it
 * had used by then, then quits; fifolab-ui-bench compares that with the time
 * it started the process. Without it the window stays open. */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#ifdef MINIMAL_ADW
#include <adwaita.h>
#endif
#include <stdio.h>
#include <sys/resource.h>

static gboolean report_first_frame;
static gboolean report_phases;

static gint64
cpu_time_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

/* With FIFOLAB_BENCH_PHASES=1, when each step of the start happened (µs of
 * CLOCK_MONOTONIC, and the process's CPU time by then, on stderr), as fifolab-ui-bench --first-frame-app does. */
static void
phase (const char *name)
{
  if (report_phases)
    g_printerr ("phase %-16s %" G_GINT64_FORMAT " cpu %" G_GINT64_FORMAT "\n", name, g_get_monotonic_time (),
                cpu_time_us ());
}

static void
phase_signal_cb (gpointer    instance,
                 const char *name)
{
  phase (name);
}

static void
first_phase_cb (GdkFrameClock *clock,
                const char    *name)
{
  /* One report per signal: the handler goes once it has run. */
  phase (name);
  g_signal_handlers_disconnect_by_func (clock, first_phase_cb, (gpointer) name);
}

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  static gboolean reported;

  if (reported || !gtk_widget_get_mapped (window))
    return;

  reported = TRUE;
  phase ("after-paint");
  printf ("first-frame-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  printf ("first-frame-cpu-us %" G_GINT64_FORMAT "\n", cpu_time_us ());
  fflush (stdout);
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

static void
realize_cb (GtkWidget *window)
{
  phase ("realize");
  g_signal_connect (gtk_widget_get_frame_clock (window), "layout",
                    G_CALLBACK (first_phase_cb), (gpointer) "first layout");
  g_signal_connect (gtk_widget_get_frame_clock (window), "paint",
                    G_CALLBACK (first_phase_cb), (gpointer) "first paint");
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (after_paint_cb), window, 0);
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window;

  phase ("activate");
#ifdef MINIMAL_ADW
  window = adw_application_window_new (app);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window),
                                      gtk_label_new ("Hello from a minimal libadwaita window"));
#else
  window = gtk_application_window_new (app);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Hello from a minimal GTK 4 window"));
#endif

  gtk_window_set_title (GTK_WINDOW (window), "Minimal GTK 4 window");
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 720);
  if (report_first_frame)
    {
      g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
      g_signal_connect (window, "map", G_CALLBACK (phase_signal_cb), (gpointer) "map");
    }
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = NULL;

  report_first_frame = g_strcmp0 (g_getenv ("FIFOLAB_REPORT_FIRST_FRAME"), "1") == 0;
  report_phases = g_strcmp0 (g_getenv ("FIFOLAB_BENCH_PHASES"), "1") == 0;
  phase ("main");

#ifdef MINIMAL_ADW
  app = GTK_APPLICATION (adw_application_new ("io.github.fifolab.MinimalAdwWindow", G_APPLICATION_DEFAULT_FLAGS));
#else
  app = gtk_application_new ("io.github.fifolab.MinimalWindow", G_APPLICATION_DEFAULT_FLAGS);
#endif
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_signal_connect (app, "startup", G_CALLBACK (phase_signal_cb), (gpointer) "startup done");

  return g_application_run (G_APPLICATION (app), argc, argv);
}
