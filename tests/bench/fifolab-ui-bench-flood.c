/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-ui-bench, scenarios "flood" and "scroll": the window's frames while
 * a writer process floods a FIFO with paced 64-byte lines, against the idle
 * window's and a minimal libadwaita window's that renders every frame; and scrolling a log of a million entries top to bottom. Also the
 * frame recording they share and the flood's writer (this program started
 * with --writer). See fifolab-ui-bench.c for how to run it.
 *
 * Figures only: nothing here is asserted. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "fifolab-window-private.h"

#include "fifolab-ui-bench.h"

#define LINE_SIZE      64
#define MAX_BATCH      1024           /* lines per write() when behind: 64 KiB */
#define TICK_NS        1000000        /* the writer's pace: one batch a millisecond */

/* ---------------------------------------------------------------------- */
/* Writer mode (a separate process; plain blocking code)                   */

int
bench_flood_writer (const char *path,
                    guint       count,
                    guint       rate)
{
  g_autofree char *buf = g_malloc ((gsize) MAX_BATCH * LINE_SIZE);
  gint64 start_ns, next_ns, end_ns;
  guint written = 0;
  guint max_behind = 0;
  int fd;

  do
    fd = open (path, O_WRONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      g_printerr ("fifolab-ui-bench writer: cannot open %s: %s\n", path, g_strerror (errno));
      return 1;
    }

  /* Every line: a 10-digit sequence number, a space, filler, '\n'. */
  for (guint i = 0; i < MAX_BATCH; i++)
    {
      char *line = buf + (gsize) i * LINE_SIZE;

      memset (line, 'x', LINE_SIZE);
      line[10] = ' ';
      line[LINE_SIZE - 1] = '\n';
    }

  start_ns = mono_ns ();
  next_ns = start_ns;
  while (written < count)
    {
      gint64 now = mono_ns ();
      guint64 due = (guint64) ((now - start_ns) * (double) rate / 1e9) + 1;
      guint n, behind;
      gsize len, done = 0;

      due = MIN (due, (guint64) count);
      behind = due > written ? (guint) (due - written) : 0;
      max_behind = MAX (max_behind, behind);
      n = MIN (behind, MAX_BATCH);

      for (guint i = 0; i < n; i++)
        {
          char digits[11];

          g_snprintf (digits, sizeof digits, "%010u", written + i);
          memcpy (buf + (gsize) i * LINE_SIZE, digits, 10);
        }

      len = (gsize) n * LINE_SIZE;
      while (done < len)
        {
          gssize r = write (fd, buf + done, len - done);

          if (r < 0)
            {
              if (errno == EINTR)
                continue;
              g_printerr ("fifolab-ui-bench writer: write: %s\n", g_strerror (errno));
              close (fd);
              return 1;
            }
          done += (gsize) r;
        }
      written += n;

      if (n < MAX_BATCH)
        {
          struct timespec ts;

          next_ns += TICK_NS;
          if (next_ns < now)
            next_ns = now;
          ts.tv_sec = next_ns / 1000000000;
          ts.tv_nsec = next_ns % 1000000000;
          while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
            ;
        }
    }
  end_ns = mono_ns ();
  close (fd);

  printf ("written %u %.6f %u\n", written, (end_ns - start_ns) / 1e9, max_behind);
  return 0;
}

/* ---------------------------------------------------------------------- */
/* Frame recording in the measuring process                                */

typedef struct
{
  GArray  *times;      /* gint64 µs of each after-paint while recording */
  GArray  *cpu;        /* gint64 µs of CPU the main thread had used by then */
  GArray  *shown;      /* gint64 entries the log view showed then */
  GObject *view;       /* the log view, once the window is up */
  GtkWidget *window;
  GArray  *starts;     /* gint64 µs of each before-paint while recording */
  GArray  *renders;    /* gint64 µs when the surface's ::render began, or 0 */
  GArray  *render_cpu; /* gint64 µs of the main thread's CPU in the render */
  GArray  *render_pcpu; /* gint64 µs of the process's CPU (all threads) in it */
  gint64   frame_start;
  gint64   render_start;
  gint64   render_cpu0;
  gint64   render_pcpu0;
  gulong   render_hook_id;
  guint    tick_id;    /* keep_ticking_cb(), while it runs */
  gboolean recording;
  guint64  n_frames;   /* all after-paints */
} Frames;

static Frames frames;

/* CPU time of the calling thread: what the main loop itself spent, whatever
 * else the machine runs (a gap with little of it was the machine's, not ours). */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* All the threads': the renderer's (llvmpipe draws in its own) too. */
static gint64
process_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
frames_own_clock (GdkFrameClock *clock)
{
  return frames.window != NULL && clock == gtk_widget_get_frame_clock (frames.window);
}

static void
frames_after_paint_cb (GdkFrameClock *clock,
                       gpointer       user_data)
{
  if (!frames_own_clock (clock))
    return;
  frames.n_frames++;
  if (frames.recording)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 cpu = thread_cpu_us ();

      gint64 shown = 0;
      gint64 render_cpu, render_pcpu;

      if (frames.view != NULL)
        {
          guint n;

          g_object_get (frames.view, "n-shown", &n, NULL);
          shown = n;
        }
      g_array_append_val (frames.times, now);
      g_array_append_val (frames.cpu, cpu);
      g_array_append_val (frames.shown, shown);
      g_array_append_val (frames.starts, frames.frame_start);
      g_array_append_val (frames.renders, frames.render_start);
      render_cpu = frames.render_start != 0 ? cpu - frames.render_cpu0 : 0;
      render_pcpu = frames.render_start != 0 ? process_cpu_us () - frames.render_pcpu0 : 0;
      g_array_append_val (frames.render_cpu, render_cpu);
      g_array_append_val (frames.render_pcpu, render_pcpu);
    }
  frames.render_start = 0;
}

static void
frames_before_paint_cb (GdkFrameClock *clock,
                        gpointer       user_data)
{
  if (frames_own_clock (clock))
    frames.frame_start = g_get_monotonic_time ();
}

/* An emission hook runs before the handlers: GtkWindow's, which snapshots the
 * widgets and has the renderer draw them, stops the emission. */
static gboolean
frames_render_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               user_data)
{
  if (frames.window != NULL &&
      g_value_get_object (&values[0]) == (GObject *) gtk_native_get_surface (GTK_NATIVE (frames.window)))
    {
      frames.render_start = g_get_monotonic_time ();
      frames.render_cpu0 = thread_cpu_us ();
      frames.render_pcpu0 = process_cpu_us ();
    }
  return TRUE;
}

/* Keeps the frame clock running, so an idle window paints every frame too and
 * a gap between frames is time the main loop was busy. */
static gboolean
keep_ticking_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
frames_start (void)
{
  g_array_set_size (frames.times, 0);
  g_array_set_size (frames.cpu, 0);
  g_array_set_size (frames.shown, 0);
  g_array_set_size (frames.starts, 0);
  g_array_set_size (frames.renders, 0);
  g_array_set_size (frames.render_cpu, 0);
  g_array_set_size (frames.render_pcpu, 0);
  frames.recording = TRUE;
}

typedef struct
{
  guint  n;
  double fps;
  gint64 longest_us;
  gint64 p99_us;
  gint64 median_us;
  gint64 longest_cpu_us;      /* most main-thread CPU between two frames */
  gint64 cpu_in_longest_us;   /* main-thread CPU in the longest gap */
  guint  n_rendered;          /* frames whose surface rendered */
  gint64 render_median_us;    /* from ::render to after-paint, median */
  gint64 render_cpu_median_us; /* all threads' CPU in it, median */
} FrameStats;

static void
print_phase (const char *what,
             GArray     *values,
             double      scale,
             const char *unit)
{
  g_array_sort (values, cmp_int64);
  g_print ("    %-44s median %7.1f, p90 %7.1f, longest %7.1f %s (%u frames)\n", what,
           quantile (values, 0.5) / scale, quantile (values, 0.9) / scale,
           values->len > 0 ? g_array_index (values, gint64, values->len - 1) / scale : 0.0, unit, values->len);
}

/* Where the frames' time went: before the render (the frame clock's update
 * and layout, the tick callbacks), the render (GtkWindow's snapshot of the
 * widgets, the renderer's drawing and the buffer swap: from the surface's
 * ::render to after-paint), and the main loop between two frames (reads,
 * the log's announcements). */
static void
frames_phases (FrameStats *stats)
{
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) render = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) between = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) render_cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) render_pcpu = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < frames.times->len; i++)
    {
      gint64 start = g_array_index (frames.starts, gint64, i);
      gint64 render_start = g_array_index (frames.renders, gint64, i);
      gint64 end = g_array_index (frames.times, gint64, i);
      gint64 value;

      if (i > 0)
        {
          value = start - g_array_index (frames.times, gint64, i - 1);
          g_array_append_val (between, value);
        }
      if (render_start == 0)
        continue;
      value = render_start - start;
      g_array_append_val (before, value);
      value = end - render_start;
      g_array_append_val (render, value);
      g_array_append_val (render_cpu, g_array_index (frames.render_cpu, gint64, i));
      g_array_append_val (render_pcpu, g_array_index (frames.render_pcpu, gint64, i));
    }
  stats->n_rendered = render->len;
  g_array_sort (render, cmp_int64);
  g_array_sort (render_pcpu, cmp_int64);
  stats->render_median_us = quantile (render, 0.5);
  stats->render_cpu_median_us = quantile (render_pcpu, 0.5);
  if (!opt_verbose)
    return;
  g_print ("    %u of %u frames rendered\n", render->len, frames.times->len);
  print_phase ("update and layout, in frames that rendered", before, 1000.0, "ms");
  print_phase ("render (snapshot, draw, swap)", render, 1000.0, "ms");
  print_phase ("  the main thread's CPU in it", render_cpu, 1000.0, "ms");
  print_phase ("  all threads' CPU in it", render_pcpu, 1000.0, "ms");
  print_phase ("main loop between frames", between, 1000.0, "ms");
}

static FrameStats
frames_stop (void)
{
  FrameStats stats = { 0 };
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *t = frames.times;
  GArray *cpu = frames.cpu;
  guint busiest = 0;

  frames.recording = FALSE;
  stats.n = t->len;
  if (t->len < 2)
    return stats;

  for (guint i = 1; i < t->len; i++)
    {
      gint64 gap = g_array_index (t, gint64, i) - g_array_index (t, gint64, i - 1);
      gint64 busy = g_array_index (cpu, gint64, i) - g_array_index (cpu, gint64, i - 1);

      g_array_append_val (gaps, gap);
      if (busy > stats.longest_cpu_us)
        {
          stats.longest_cpu_us = busy;
          busiest = i;
        }
      if (gap >= stats.longest_us)
        {
          stats.longest_us = gap;
          stats.cpu_in_longest_us = busy;
        }
      if (opt_verbose && gap >= 50000)
        g_print ("    gap of %.1f ms (main thread CPU %.1f ms) ending %.3f s after the first frame "
                 "(CLOCK_MONOTONIC %.6f s); the view showed %" G_GINT64_FORMAT " entries, then %" G_GINT64_FORMAT "\n",
                 gap / 1000.0, busy / 1000.0,
                 (g_array_index (t, gint64, i) - g_array_index (t, gint64, 0)) / 1e6,
                 g_array_index (t, gint64, i) / 1e6,
                 g_array_index (frames.shown, gint64, i - 1), g_array_index (frames.shown, gint64, i));
    }
  if (opt_verbose && busiest > 0)
    g_print ("    the most main thread CPU between two frames, %.1f ms, in a gap of %.1f ms ending %.3f s "
             "after the first frame (CLOCK_MONOTONIC %.6f s); the view showed %" G_GINT64_FORMAT " entries, then %" G_GINT64_FORMAT "\n",
             stats.longest_cpu_us / 1000.0,
             (g_array_index (t, gint64, busiest) - g_array_index (t, gint64, busiest - 1)) / 1000.0,
             (g_array_index (t, gint64, busiest) - g_array_index (t, gint64, 0)) / 1e6,
             g_array_index (t, gint64, busiest) / 1e6,
             g_array_index (frames.shown, gint64, busiest - 1), g_array_index (frames.shown, gint64, busiest));
  frames_phases (&stats);
  g_array_sort (gaps, cmp_int64);
  stats.fps = (t->len - 1) * 1e6 / (double) (g_array_index (t, gint64, t->len - 1) - g_array_index (t, gint64, 0));
  stats.p99_us = quantile (gaps, 0.99);
  stats.median_us = quantile (gaps, 0.5);
  return stats;
}

static void
print_frames (const char *what,
              FrameStats  stats)
{
  g_autofree char *load = loadavg ();

  g_print ("  %-34s %6u frames, %5.1f frames/s, gap median %5.1f ms, p99 %6.1f ms, longest %6.1f ms  [%s]\n",
           what, stats.n, stats.fps, stats.median_us / 1000.0, stats.p99_us / 1000.0,
           stats.longest_us / 1000.0, load);
  g_print ("  %-34s main thread CPU in the longest gap %.1f ms; most between two frames %.1f ms\n",
           "", stats.cpu_in_longest_us / 1000.0, stats.longest_cpu_us / 1000.0);
  if (stats.n_rendered > 0)
    g_print ("  %-34s %u frames rendered: render (::render to after-paint) median %.1f ms, "
             "all threads' CPU in it median %.1f ms\n",
             "", stats.n_rendered, stats.render_median_us / 1000.0, stats.render_cpu_median_us / 1000.0);
}

static void
wait_frames (guint n)
{
  guint64 target = frames.n_frames + n;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (frames.n_frames < target && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

/* Records the frames of @window from now on (see frames_start()). */
void
bench_frames_attach (FifolabWindow *window)
{
  frames.times = g_array_new (FALSE, FALSE, sizeof (gint64));
  frames.cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  frames.shown = g_array_new (FALSE, FALSE, sizeof (gint64));
  frames.starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  frames.renders = g_array_new (FALSE, FALSE, sizeof (gint64));
  frames.render_cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  frames.render_pcpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  frames.view = G_OBJECT (_fifolab_window_get_log_view (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (frames_after_paint_cb), NULL);
  frames.window = GTK_WIDGET (window);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "before-paint",
                    G_CALLBACK (frames_before_paint_cb), NULL);
  if (frames.render_hook_id == 0)
    frames.render_hook_id = g_signal_add_emission_hook (g_signal_lookup ("render", GDK_TYPE_SURFACE), 0,
                                                        frames_render_hook, NULL, NULL);
  bench_frames_keep_ticking (TRUE);
  wait_frames (5);
}

/* The frame clock runs every frame while @ticking (to measure gaps between
 * frames), or only when the window has something to update, as it does for
 * a user: an intake measured with every frame painted would pay for 60
 * frames a second, each with its X round trips, that the window does not
 * make. */
void
bench_frames_keep_ticking (gboolean ticking)
{
  if (ticking && frames.tick_id == 0)
    frames.tick_id = gtk_widget_add_tick_callback (frames.window, keep_ticking_cb, NULL, NULL);
  else if (!ticking && frames.tick_id != 0)
    {
      gtk_widget_remove_tick_callback (frames.window, frames.tick_id);
      frames.tick_id = 0;
    }
}

void
bench_frames_detach (void)
{
  bench_frames_keep_ticking (FALSE);
  frames.view = NULL;
  frames.window = NULL;
}

/* ---------------------------------------------------------------------- */
/* The renderer's floor                                                    */

static gboolean
floor_tick_cb (GtkWidget     *label,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, gdk_frame_clock_get_frame_counter (clock));
  gtk_label_set_text (GTK_LABEL (label), text);
  return G_SOURCE_CONTINUE;
}

static gboolean
widget_mapped_cb (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* Anchor for the renderer: a minimal libadwaita window (AdwWindow, as
 * FIFO Lab's is) of the same size, holding one label whose text changes
 * every frame, so that every frame renders. What a frame costs there is what
 * any libadwaita window pays to show a change on this renderer and display,
 * whatever the change: a renderer that repaints the whole window each frame
 * (GL on llvmpipe under Xvfb, no buffer age) pays it for the smallest one. */
static FrameStats
measure_floor (guint ms)
{
  GtkWidget *saved_window = frames.window;
  GObject *saved_view = frames.view;
  GtkWidget *floor_window = adw_window_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GdkFrameClock *clock;
  FrameStats stats;

  gtk_window_set_default_size (GTK_WINDOW (floor_window),
                               gtk_widget_get_width (saved_window), gtk_widget_get_height (saved_window));
  adw_window_set_content (ADW_WINDOW (floor_window), label);
  gtk_window_present (GTK_WINDOW (floor_window));
  if (!iterate_until (widget_mapped_cb, floor_window, 20000))
    g_error ("fifolab-ui-bench: the minimal window did not show");

  clock = gtk_widget_get_frame_clock (floor_window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (frames_after_paint_cb), NULL);
  g_signal_connect (clock, "before-paint", G_CALLBACK (frames_before_paint_cb), NULL);
  frames.window = floor_window;
  frames.view = NULL;
  gtk_widget_add_tick_callback (label, floor_tick_cb, NULL, NULL);
  wait_frames (5);

  frames_start ();
  run_for_ms (ms);
  stats = frames_stop ();

  g_signal_handlers_disconnect_by_func (clock, frames_after_paint_cb, NULL);
  g_signal_handlers_disconnect_by_func (clock, frames_before_paint_cb, NULL);
  frames.window = saved_window;
  frames.view = saved_view;
  gtk_window_destroy (GTK_WINDOW (floor_window));
  wait_frames (3);
  return stats;
}

/* ---------------------------------------------------------------------- */
/* 1. Flood                                                                */

typedef struct
{
  GSubprocess *process;
  gboolean     done;
  char        *output;
} Writer;

static void
writer_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &writer->output, NULL, &error))
    g_printerr ("fifolab-ui-bench: writer: %s\n", error->message);
  writer->done = TRUE;
}

static gboolean
writer_done (gpointer data)
{
  return ((Writer *) data)->done;
}

typedef struct
{
  guint received;
  guint out_of_order;
  guint events;
} LogCount;

static LogCount
count_log (guint from)
{
  FifolabLog *log = session_log ();
  GListModel *model = G_LIST_MODEL (log);
  LogCount count = { 0 };
  guint n;

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (model);
  for (guint i = from; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (model, i);

      if (fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED)
        {
          gsize len;
          const char *data = g_bytes_get_data (fifolab_log_entry_get_bytes (entry), &len);
          char digits[11] = { 0 };

          if (len >= 10)
            memcpy (digits, data, 10);
          /* Line framing: the terminator is not part of the message. */
          if (len != LINE_SIZE - 1 || strtoul (digits, NULL, 10) != count.received)
            count.out_of_order++;
          count.received++;
        }
      else
        count.events++;
    }
  return count;
}

typedef struct
{
  guint n_before;
  guint target;
} Drain;

static gboolean
drained_cb (gpointer data)
{
  Drain *drain = data;

  return fifolab_log_get_n_stored (session_log ()) >= drain->n_before + drain->target;
}

void
bench_flood (void)
{
  guint count = (guint) opt_rate * (guint) opt_seconds;
  g_autofree char *path = g_build_filename (tmpdir, "flood", NULL);
  g_autofree char *exe = self_exe ();
  g_autofree char *count_arg = g_strdup_printf ("%u", count);
  g_autofree char *rate_arg = g_strdup_printf ("%d", opt_rate);
  g_autofree char *load = NULL;
  g_autoptr(GError) error = NULL;
  Writer writer = { 0 };
  FrameStats idle, flood, drain_stats;
  LogCount result;
  Drain drain;
  gint64 start_us, writer_end_us, drained_us, cpu_before, cpu_after;
  guint written = 0, max_behind = 0;
  double writer_s = 0;
  gboolean drained;

  g_print ("\n1. Flood: %d lines of %d bytes per second for %d s into the window (line framing)\n",
           opt_rate, LINE_SIZE, opt_seconds);

  /* Anchor: the same window, idle, its frame clock running. */
  frames_start ();
  run_for_ms (opt_quick ? 1000 : 3000);
  idle = frames_stop ();
  print_frames ("idle window (anchor)", idle);

  if (mkfifo (path, 0600) != 0)
    g_error ("mkfifo %s: %s", path, g_strerror (errno));
  g_action_group_activate_action (G_ACTION_GROUP (app), "read-pipe", g_variant_new_bytestring (path));
  run_for_ms (300);
  fifolab_log_flush (session_log ());
  drain.n_before = fifolab_log_get_n_stored (session_log ());
  drain.target = count;

  frames_start ();
  cpu_before = cpu_time_us ();
  start_us = g_get_monotonic_time ();
  writer.process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                     exe, "--writer", path, count_arg, rate_arg, NULL);
  if (writer.process == NULL)
    g_error ("fifolab-ui-bench: cannot start the writer: %s", error->message);
  g_subprocess_communicate_utf8_async (writer.process, NULL, NULL, writer_done_cb, &writer);

  iterate_until (writer_done, &writer, (opt_seconds + 120) * 1000);
  writer_end_us = g_get_monotonic_time ();
  cpu_after = cpu_time_us ();
  flood = frames_stop ();

  frames_start ();
  drained = iterate_until (drained_cb, &drain, 60000);
  drained_us = g_get_monotonic_time ();
  run_for_ms (300);   /* the end of stream, and a few frames */
  drain_stats = frames_stop ();

  if (writer.output != NULL)
    sscanf (writer.output, "written %u %lf %u", &written, &writer_s, &max_behind);

  print_frames ("flood (while the writer writes)", flood);
  print_frames ("after the writer closed", drain_stats);

  result = count_log (drain.n_before);
  load = loadavg ();
  g_print ("  writer: %u lines in %.2f s = %.0f lines/s (at most %u lines behind its pace)\n",
           written, writer_s, writer_s > 0 ? written / writer_s : 0.0, max_behind);
  g_print ("  window process CPU while flooded: %.0f %% of one core\n",
           100.0 * (cpu_after - cpu_before) / (double) (writer_end_us - start_us));
  g_print ("  log: %u received of %u written, %u out of order or torn, %u events; "
           "all in %.0f ms after the writer finished  [%s]\n",
           result.received, written, result.out_of_order, result.events,
           drained ? (drained_us - writer_end_us) / 1000.0 : -1.0, load);
  g_print ("  longest gap %.1f ms (target < 50 ms): %s; log complete: %s; flood frame rate %.2f × idle\n",
           flood.longest_us / 1000.0, flood.longest_us < 50000 ? "ok" : "MISSED",
           result.received == written && written == count && result.out_of_order == 0 ? "ok" : "MISSED",
           idle.fps > 0 ? flood.fps / idle.fps : 0.0);

  /* After the flood, so that the other window, which takes the focus for a
   * while, does not change what the flood measures. */
  print_frames ("floor: minimal libadwaita window", measure_floor (opt_quick ? 1000 : 3000));
  g_print ("  (the floor: a minimal libadwaita window of the same size, one label changed every frame)\n");

  fifolab_session_disconnect_all (fifolab_application_get_session (app));
  g_unlink (path);
  g_clear_object (&writer.process);
  g_free (writer.output);
}

/* ---------------------------------------------------------------------- */
/* 2. 1,000,000 entries scroll                                             */

static GtkScrolledWindow *
find_scrolled_window (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found;

      if (GTK_IS_SCROLLED_WINDOW (child) && GTK_IS_COLUMN_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (child))))
        return GTK_SCROLLED_WINDOW (child);
      found = find_scrolled_window (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
view_shows_all_cb (gpointer data)
{
  guint n_shown = 0;

  g_object_get (frames.view, "n-shown", &n_shown, NULL);
  return n_shown >= GPOINTER_TO_UINT (data);
}

void
bench_scroll (FifolabWindow *window)
{
  FifolabLog *log = session_log ();
  GtkScrolledWindow *scrolled = find_scrolled_window (GTK_WIDGET (window));
  GtkAdjustment *adjustment;
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *load = NULL;
  guint8 line[LINE_SIZE];
  gint64 t0, t_appended, t_flushed, t_frame, t_shown;
  guint64 n_frames_before, n_reveal_frames;
  FrameStats stats;
  double upper, page;

  g_print ("\n2. Scroll: %d entries, the column view scrolled top to bottom in %d steps\n",
           opt_entries, opt_steps);
  if (scrolled == NULL)
    g_error ("fifolab-ui-bench: no scrolled column view in the window");
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

  g_action_group_activate_action (G_ACTION_GROUP (app), "clear-log", NULL);
  fifolab_log_flush (log);
  wait_frames (3);

  memset (line, 'x', sizeof line);
  line[LINE_SIZE - 1] = '\n';
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < opt_entries; i++)
    {
      char digits[11];

      g_snprintf (digits, sizeof digits, "%010d", i);
      memcpy (line, digits, 10);
      fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                          "/tmp/fifolab-bench/scroll", 4242, 4243,
                          g_get_real_time (), g_get_monotonic_time (), line, LINE_SIZE);
    }
  t_appended = g_get_monotonic_time ();
  fifolab_log_flush (log);
  t_flushed = g_get_monotonic_time ();
  wait_frames (1);
  t_frame = g_get_monotonic_time ();
  /* The view reveals a burst into an empty view a few rows a frame, then
   * all of it (see the log view): scroll once it shows every entry. */
  n_frames_before = frames.n_frames;
  if (!iterate_until (view_shows_all_cb, GUINT_TO_POINTER ((guint) opt_entries), 20000))
    g_printerr ("fifolab-ui-bench: the log view did not show all the entries\n");
  t_shown = g_get_monotonic_time ();
  n_reveal_frames = frames.n_frames - n_frames_before;
  wait_frames (5);

  load = loadavg ();
  g_print ("  append %d entries %.0f ms, announce them (one items-changed) %.1f ms, next frame after %.1f ms, "
           "the view shows them all after %.0f ms more (%" G_GUINT64_FORMAT " frames)  [%s]\n",
           opt_entries, (t_appended - t0) / 1000.0, (t_flushed - t_appended) / 1000.0,
           (t_frame - t_flushed) / 1000.0, (t_shown - t_frame) / 1000.0, n_reveal_frames, load);

  upper = gtk_adjustment_get_upper (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  gtk_adjustment_set_value (adjustment, 0);
  wait_frames (3);

  frames_start ();
  for (int i = 1; i <= opt_steps; i++)
    {
      gint64 before = g_get_monotonic_time ();
      gint64 took;

      gtk_adjustment_set_value (adjustment, (upper - page) * i / opt_steps);
      wait_frames (1);
      took = g_get_monotonic_time () - before;
      g_array_append_val (steps, took);
    }
  stats = frames_stop ();
  g_array_sort (steps, cmp_int64);

  g_free (load);
  load = loadavg ();
  g_print ("  range %.0f px, page %.0f px; per step (set value → after-paint): median %.1f ms, p99 %.1f ms, longest %.1f ms\n",
           upper, page, quantile (steps, 0.5) / 1000.0, quantile (steps, 0.99) / 1000.0,
           g_array_index (steps, gint64, steps->len - 1) / 1000.0);
  print_frames ("frames while scrolling", stats);
  g_print ("  at the bottom: %s  [%s]\n",
           gtk_adjustment_get_value (adjustment) + page >= upper - 2.0 ? "yes" : "no", load);

  g_action_group_activate_action (G_ACTION_GROUP (app), "clear-log", NULL);
  fifolab_log_flush (log);
  wait_frames (3);
}
