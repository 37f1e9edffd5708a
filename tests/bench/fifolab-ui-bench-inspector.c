/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-ui-bench, scenario "inspector": how long the entry inspector takes
 * to show a 1 MiB entry, next to a 22-byte one in the same window and run. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fifolab.h"
#include "fifolab-entry-details.h"
#include "fifolab-ui-bench-inspector.h"

#define TARGET_MS 100

static void
painted_cb (GdkFrameClock *clock,
            gint64        *painted)
{
  if (*painted == 0)
    *painted = g_get_monotonic_time ();
}

/* Waits for the next frame painted; returns when it was, or 0. */
static gint64
next_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gint64 painted = 0;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);

  gtk_widget_queue_draw (widget);
  while (painted == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  return painted;
}

/* From the action a double-click runs to the frame that shows the entry
 * (its text page, then its hex page), in µs. */
static void
open_entry (FifolabLogView *view,
            guint           position,
            guint           other,
            gint64         *text_us,
            gint64         *hex_us)
{
  GtkWidget *widget = GTK_WIDGET (view);
  GtkStack *stack = fifolab_entry_details_get_stack (fifolab_log_view_get_inspector (view));
  gint64 start;

  /* Another entry shown first, on its text page: the inspector starts over. */
  gtk_stack_set_visible_child_name (stack, "text");
  gtk_widget_activate_action (widget, "log.show-details", "u", other);
  next_paint (widget);
  next_paint (widget);

  start = g_get_monotonic_time ();
  gtk_widget_activate_action (widget, "log.show-details", "u", position);
  *text_us = next_paint (widget) - start;

  start = g_get_monotonic_time ();
  gtk_stack_set_visible_child_name (stack, "hex");
  *hex_us = next_paint (widget) - start;
}

static int
cmp_int64 (const void *a,
           const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
median_ms (gint64 *values,
           guint   n)
{
  qsort (values, n, sizeof *values, cmp_int64);
  return n == 0 ? 0.0 : (n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2) / 1000.0;
}

static gboolean
all_shown (FifolabLogView *view,
           FifolabLog     *log)
{
  return fifolab_log_view_get_n_shown (view) == g_list_model_get_n_items (G_LIST_MODEL (log));
}

void
fifolab_ui_bench_inspector (FifolabLogView *view,
                            FifolabLog     *log,
                            int             runs)
{
  static const char small[] = "Hello from pid [16742]";
  gsize size = FIFOLAB_DEFAULT_MAX_MESSAGE;
  g_autofree guint8 *big = g_malloc (size);
  g_autofree gint64 *big_text = g_new0 (gint64, runs);
  g_autofree gint64 *big_hex = g_new0 (gint64, runs);
  g_autofree gint64 *small_text = g_new0 (gint64, runs);
  g_autofree gint64 *small_hex = g_new0 (gint64, runs);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  double big_ms, small_ms, big_hex_ms, small_hex_ms;
  guint n;

  g_print ("\n4. The entry inspector opened on a %" G_GSIZE_FORMAT "-byte entry (the largest the framer keeps), "
           "against a %" G_GSIZE_FORMAT "-byte one (anchor); %d runs each, alternated; action to painted frame\n",
           size, strlen (small), runs);

  /* Text lines with every kind of row: newlines, long lines, bytes that are
   * not UTF-8. */
  for (gsize i = 0; i < size; i++)
    big[i] = (guint8) (i % 97 == 96 ? '\n' : i % 251 == 250 ? 0xff : 'a' + i % 26);
  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_RAW, "/tmp/bench/big",
                              16742, 4242, g_get_real_time (), g_get_monotonic_time (), big, size);
  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_RAW, "/tmp/bench/small",
                              16742, 4242, g_get_real_time (), g_get_monotonic_time (),
                              (const guint8 *) small, strlen (small));
  fifolab_log_flush (log);
  while (!all_shown (view, log) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  n = fifolab_log_view_get_n_shown (view);
  if (n < 2 || !all_shown (view, log))
    {
      g_print ("  the entries did not show: MISSED\n");
      return;
    }
  fifolab_log_view_set_show_inspector (view, TRUE);

  for (int i = 0; i < runs; i++)
    {
      open_entry (view, n - 1, n - 2, &small_text[i], &small_hex[i]);
      open_entry (view, n - 2, n - 1, &big_text[i], &big_hex[i]);
    }
  small_ms = median_ms (small_text, runs);
  big_ms = median_ms (big_text, runs);
  small_hex_ms = median_ms (small_hex, runs);
  big_hex_ms = median_ms (big_hex, runs);

  g_print ("  %-34s text %6.1f ms, hex page %6.1f ms\n", "22 bytes (anchor)", small_ms, small_hex_ms);
  g_print ("  %-34s text %6.1f ms, hex page %6.1f ms\n", "1 MiB", big_ms, big_hex_ms);
  g_print ("  ratio %.2f × the anchor (hex page %.2f ×); 1 MiB shown in < %d ms: %s\n",
           small_ms > 0 ? big_ms / small_ms : 0.0, small_hex_ms > 0 ? big_hex_ms / small_hex_ms : 0.0,
           TARGET_MS, big_ms < TARGET_MS && big_hex_ms < TARGET_MS ? "ok" : "MISSED");
}
