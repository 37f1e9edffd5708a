/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-ui-bench sequence: the sequence diagram (issue 16, "large
 * sessions, 1,000,000 calls, stay fluid: draw only what is visible").
 *
 * A FifolabSequenceView alone in a window of its own, its sequence filled
 * with --calls calls (1,000,000) over four FIFOs, each written by one process
 * and read by another, in 64-byte writes each read whole, their bytes
 * copied as a watch copies them: every write has its arrow, labelled with
 * its bytes. Then, one frame each: 200 wheel steps from the top to the
 * bottom (the whole range), 200 wheel steps of 3 rows in the middle, and
 * 200 zoom steps (out to the smallest rows, in to the largest, and back).
 * A frame's time is from the frame clock's ::before-paint to its
 * ::after-paint: layout, the view's snapshot and the renderer's render of
 * it. Anchor: the same view and window with 1,000 calls, measured first, in
 * the same run. The RSS the session takes is the process's resident size
 * after filling the sequence less before. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-sequence-view.h"
#include "fifolab-watch-record.h"

#include "fifolab-test-util.h"
#include "fifolab-ui-bench.h"

#define N_PIPES 4
#define ANCHOR_CALLS 1000
#define CALL_BYTES 64

typedef struct
{
  gint64  before_paint_us;
  GArray *times;      /* gint64 µs of each frame while recording */
  guint64 n_frames;   /* all after-paints */
} SeqFrames;

static SeqFrames seq_frames;

static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       user_data)
{
  seq_frames.before_paint_us = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  gint64 took = g_get_monotonic_time () - seq_frames.before_paint_us;

  seq_frames.n_frames++;
  if (seq_frames.times != NULL && seq_frames.before_paint_us > 0)
    g_array_append_val (seq_frames.times, took);
}

static gboolean
frames_past_cb (gpointer data)
{
  return seq_frames.n_frames >= *(guint64 *) data;
}

static const char *seq_phase = "start";

static void
wait_seq_frames (guint n)
{
  guint64 until = seq_frames.n_frames + n;

  if (!iterate_until (frames_past_cb, &until, 10000))
    g_printerr ("fifolab-ui-bench: the sequence view's window drew no frame for 10 s (%s)\n", seq_phase);
}

/* @n calls, alternately a write of CALL_BYTES bytes into one of the pipes
 * and the read that takes them, each pipe with a writer and a reader of its
 * own, 10 µs apart. */
static void
fill (FifolabSequence *seq,
      guint            n)
{
  FifolabWatchRecord *records[N_PIPES][2];
  char paths[N_PIPES][32];
  gint64 clock_us = g_get_monotonic_time ();

  for (guint p = 0; p < N_PIPES; p++)
    {
      g_snprintf (paths[p], sizeof paths[p], "/tmp/fifolab-bench/seq%u", p);
      for (guint end = 0; end < 2; end++)
        {
          FifolabWatchRecord *r = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);

          r->syscall = g_strdup (end == 0 ? "write" : "read");
          r->pid = r->tid = 4000 + p * 2 + end;
          r->comm = g_strdup_printf ("%s%u", end == 0 ? "writer" : "reader", p);
          r->fd = 3;
          r->is_write = end == 0;
          r->is_read = end == 1;
          r->result = r->size = r->requested = CALL_BYTES;
          /* The bytes, as a watch copies them: each arrow's label shows them. */
          r->payload = g_bytes_new_take (g_strdup_printf ("%0*u", CALL_BYTES, 4000 + p * 2 + end),
                                         CALL_BYTES);
          r->blocked_us = 2;
          records[p][end] = r;
        }
    }
  for (guint i = 0; i < n; i++)
    {
      guint p = (i / 2) % N_PIPES;
      FifolabWatchRecord *r = records[p][i % 2];

      clock_us += 10;
      r->time_us = clock_us - r->blocked_us;
      fifolab_sequence_add_record (seq, paths[p], i + 1, r);
    }
  for (guint p = 0; p < N_PIPES; p++)
    for (guint end = 0; end < 2; end++)
      fifolab_watch_record_unref (records[p][end]);
}

static GtkEventController *
scroll_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        return controller;
    }
  g_error ("fifolab-ui-bench: the sequence view has no scroll controller");
}

typedef struct
{
  gint64 scroll_median, scroll_p99;
  gint64 wheel_median, wheel_p99;
  gint64 zoom_median, zoom_p99;
  gint64 rss;
  guint  n_rows;
  guint  n_matches;
  double fill_ms;
} SeqResult;

static void
take_times (GArray *times,
            gint64 *median,
            gint64 *p99)
{
  g_array_sort (times, cmp_int64);
  *median = quantile (times, 0.5);
  *p99 = quantile (times, 0.99);
  g_array_set_size (times, 0);
}

static void
wheel (GtkEventController *controller,
       double              dy)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (controller, "scroll", 0.0, dy, &handled);
}

static SeqResult
run (guint n_calls)
{
  SeqResult result = { 0 };
  GtkWidget *window = gtk_window_new ();
  FifolabSequenceView *view = fifolab_sequence_view_new ();
  FifolabSequence *seq = fifolab_sequence_view_get_sequence (view);
  GtkEventController *scroll = scroll_controller (GTK_WIDGET (view));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  GdkFrameClock *clock;
  gint64 rss_before, t0;
  double step;

  gtk_window_set_title (GTK_WINDOW (window), "fifolab-ui-bench sequence");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  seq_phase = "shown";
  wait_seq_frames (1);
  if (n_calls == ANCHOR_CALLS)
    {
      GskRenderer *gsk = gtk_native_get_renderer (GTK_NATIVE (window));

      g_print ("  renderer: %s\n", gsk != NULL ? G_OBJECT_TYPE_NAME (gsk) : "?");
    }

  seq_phase = "filled";
  rss_before = (gint64) fifolab_test_rss_bytes ();
  t0 = g_get_monotonic_time ();
  fill (seq, n_calls);
  result.fill_ms = (g_get_monotonic_time () - t0) / 1000.0;
  result.rss = (gint64) fifolab_test_rss_bytes () - rss_before;
  result.n_rows = fifolab_sequence_get_n_rows (seq);
  result.n_matches = fifolab_sequence_get_n_matches (seq);
  gtk_widget_activate_action (GTK_WIDGET (view), "sequence-view.first", NULL);
  wait_seq_frames (1);

  seq_frames.times = times;

  /* The whole range, top to bottom: a wheel step is 3 rows. */
  seq_phase = "scroll";
  step = (double) result.n_rows / 3.0 / opt_steps;
  for (int i = 0; i < opt_steps; i++)
    {
      wheel (scroll, step);
      wait_seq_frames (1);
    }
  take_times (times, &result.scroll_median, &result.scroll_p99);

  /* Wheel steps of 3 rows, in the middle. */
  seq_phase = "wheel";
  gtk_widget_activate_action (GTK_WIDGET (view), "sequence-view.first", NULL);
  wheel (scroll, result.n_rows / 6.0);
  wait_seq_frames (1);
  g_array_set_size (times, 0);
  for (int i = 0; i < opt_steps; i++)
    {
      wheel (scroll, 1.0);
      wait_seq_frames (1);
    }
  take_times (times, &result.wheel_median, &result.wheel_p99);

  /* Zoom: out to the smallest rows (the most in view), in to the largest,
   * and so on. */
  seq_phase = "zoom";
  for (int i = 0; i < opt_steps; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (view), (i / 10) % 2 == 0 ? "sequence-view.zoom-out"
                                                                      : "sequence-view.zoom-in", NULL);
      wait_seq_frames (1);
    }
  take_times (times, &result.zoom_median, &result.zoom_p99);

  seq_frames.times = NULL;
  g_signal_handlers_disconnect_by_func (clock, before_paint_cb, NULL);
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, NULL);
  seq_frames.before_paint_us = 0;
  gtk_window_destroy (GTK_WINDOW (window));
  run_for_ms (100);
  return result;
}

static double
ratio (gint64 value,
       gint64 anchor)
{
  return anchor > 0 ? (double) value / anchor : 0.0;
}

void
bench_sequence (int n_calls)
{
  g_autofree char *load_before = loadavg ();
  g_autofree char *load_after = NULL;
  SeqResult anchor, large;

  g_print ("\n5. Sequence diagram: %d calls over %d FIFOs in the view (1000×700 window), against %d calls; "
           "%d steps each of whole-range scroll, 3-row wheel and zoom, one frame a step; frame = "
           "before-paint → after-paint (layout, snapshot, render)\n",
           n_calls, N_PIPES, ANCHOR_CALLS, opt_steps);
  anchor = run (ANCHOR_CALLS);
  large = run ((guint) n_calls);
  load_after = loadavg ();

  g_print ("  %-8s rows %7u, arrows %6u, filled in %7.0f ms, RSS taken %7.1f MiB (%.0f bytes a call)\n",
           "anchor", anchor.n_rows, anchor.n_matches, anchor.fill_ms, anchor.rss / 1048576.0,
           anchor.n_rows > 0 ? (double) anchor.rss / anchor.n_rows : 0.0);
  g_print ("  %-8s rows %7u, arrows %6u, filled in %7.0f ms, RSS taken %7.1f MiB (%.0f bytes a call)\n",
           "large", large.n_rows, large.n_matches, large.fill_ms, large.rss / 1048576.0,
           large.n_rows > 0 ? (double) large.rss / large.n_rows : 0.0);
  g_print ("  %-22s %-28s %-28s %s\n", "frame time", "anchor (median / p99)", "large (median / p99)",
           "ratio large/anchor (median, p99)");
  g_print ("  %-22s %8.2f ms / %8.2f ms    %8.2f ms / %8.2f ms    %.2f ×, %.2f ×\n", "whole-range scroll",
           anchor.scroll_median / 1000.0, anchor.scroll_p99 / 1000.0,
           large.scroll_median / 1000.0, large.scroll_p99 / 1000.0,
           ratio (large.scroll_median, anchor.scroll_median), ratio (large.scroll_p99, anchor.scroll_p99));
  g_print ("  %-22s %8.2f ms / %8.2f ms    %8.2f ms / %8.2f ms    %.2f ×, %.2f ×\n", "3-row wheel steps",
           anchor.wheel_median / 1000.0, anchor.wheel_p99 / 1000.0,
           large.wheel_median / 1000.0, large.wheel_p99 / 1000.0,
           ratio (large.wheel_median, anchor.wheel_median), ratio (large.wheel_p99, anchor.wheel_p99));
  g_print ("  %-22s %8.2f ms / %8.2f ms    %8.2f ms / %8.2f ms    %.2f ×, %.2f ×\n", "zoom",
           anchor.zoom_median / 1000.0, anchor.zoom_p99 / 1000.0,
           large.zoom_median / 1000.0, large.zoom_p99 / 1000.0,
           ratio (large.zoom_median, anchor.zoom_median), ratio (large.zoom_p99, anchor.zoom_p99));
  g_print ("  [%s before, %s after; wall-clock on a shared machine: noisy]\n", load_before, load_after);
}
