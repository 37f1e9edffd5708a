/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <malloc.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-enums.h"
#include "fifolab-escape.h"
#include "fifolab-log.h"
#include "fifolab-log-calls.h"
#include "fifolab-log-private.h"
#include "fifolab-test-util.h"

#include "test-log-helpers.h"

static void
assert_shadow_matches (FifolabLog *log,
                       Tracker    *tracker)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  g_assert_cmpuint (tracker->shadow->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = get_entry (log, i);
      g_assert_cmpuint (fifolab_log_entry_get_serial (entry), ==,
                        g_array_index (tracker->shadow, guint64, i));
    }
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static gboolean
tracker_signalled (gpointer data)
{
  Tracker *tracker = data;

  return tracker->n_signals > 0;
}

/* Tests */

static void
test_new_destroy (void)
{
  FifolabLog *log = fifolab_log_new ();
  FifolabLogEntry *entry;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("abc", 3);

  g_assert_true (G_IS_LIST_MODEL (log));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == FIFOLAB_TYPE_LOG_ENTRY);

  /* Pending flush and published entries are both released. */
  append_text (log, "one");
  fifolab_log_flush (log);
  append_text (log, "two");
  g_assert_finalize_object (log);

  entry = fifolab_log_entry_new (1, 2, 3, FIFOLAB_DIRECTION_SENT, FIFOLAB_EVENT_NONE, 0, FIFOLAB_FRAMING_RAW,
                                 PIPE, 10, -1, bytes);
  g_assert_cmpstr (fifolab_log_entry_get_display_text (entry), ==, "abc");
  g_assert_finalize_object (entry);
}

/* A row's text is the start of the display text: the whole of a short one, 512
 * characters and "…" of a 64 KiB one, whose display text goes on to 4096. */
static void
test_row_text (void)
{
  g_autofree guint8 *big = g_malloc (64 * 1024);
  g_autoptr(GBytes) small = g_bytes_new_static ("a\tb", 3);
  g_autoptr(GBytes) large = NULL;
  FifolabLogEntry *entry;
  const char *row;

  entry = fifolab_log_entry_new (1, 2, 3, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                                 FIFOLAB_FRAMING_RAW, PIPE, 10, -1, small);
  g_assert_cmpstr (fifolab_log_entry_get_row_text (entry), ==, "a\\tb");
  g_assert_cmpstr (fifolab_log_entry_get_row_text (entry), ==, fifolab_log_entry_get_display_text (entry));
  g_assert_finalize_object (entry);

  memset (big, 'y', 64 * 1024);
  large = g_bytes_new_take (g_steal_pointer (&big), 64 * 1024);
  entry = fifolab_log_entry_new (1, 2, 3, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                                 FIFOLAB_FRAMING_RAW, PIPE, 10, -1, large);
  row = fifolab_log_entry_get_row_text (entry);
  g_assert_cmpuint (g_utf8_strlen (row, -1), ==, FIFOLAB_LOG_ENTRY_ROW_MAX_CHARS);
  g_assert_true (g_str_has_suffix (row, "…"));
  g_assert_true (g_str_has_prefix (fifolab_log_entry_get_display_text (entry), "yyyy"));
  g_assert_cmpuint (g_utf8_strlen (fifolab_log_entry_get_display_text (entry), -1), >,
                    FIFOLAB_LOG_ENTRY_ROW_MAX_CHARS);
  g_assert_finalize_object (entry);
}

static void
test_round_trip (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  const guint8 binary[] = { 0x00, 0xff, 'a', '\n', 0x80 };
  g_autoptr(FifolabLogEntry) e0 = NULL;
  g_autoptr(FifolabLogEntry) e1 = NULL;
  g_autoptr(FifolabLogEntry) e2 = NULL;
  g_autoptr(FifolabLogEntry) e3 = NULL;
  g_autofree char *pipe_prop = NULL;
  gint64 sender_prop = 0;
  guint64 s0, s1, s2, s3;

  s0 = fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE,
                           FIFOLAB_MESSAGE_INCOMPLETE | FIFOLAB_MESSAGE_TORN,
                           PIPE, 12345, 678, 1700000000123456, 99, (const guint8 *) "Hello from pid [12345]", 22);
  s1 = fifolab_log_append (log, FIFOLAB_DIRECTION_SENT, FIFOLAB_EVENT_NONE,
                           FIFOLAB_MESSAGE_NOT_ATOMIC, "/other", 678, -1, 5, 6, binary, sizeof binary);
  s2 = fifolab_log_append_event (log, FIFOLAB_EVENT_END_OF_STREAM, PIPE, "all writers closed");
  s3 = fifolab_log_append (log, FIFOLAB_DIRECTION_OUTPUT, FIFOLAB_EVENT_NONE, 0,
                           NULL, -5, -7, 1, 2, NULL, 0);

  g_assert_cmpuint (s0, ==, 0);
  g_assert_cmpuint (s1, ==, 1);
  g_assert_cmpuint (s2, ==, 2);
  g_assert_cmpuint (s3, ==, 3);
  g_assert_cmpuint (fifolab_log_get_n_stored (log), ==, 4);
  g_assert_cmpuint (fifolab_log_get_payload_bytes (log), ==,
                    22 + sizeof binary + strlen ("all writers closed"));

  /* Stored, but not announced before the flush. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_null (get_entry (log, 0));
  fifolab_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 4);
  g_assert_null (get_entry (log, 4));

  e0 = get_entry (log, 0);
  g_assert_cmpuint (fifolab_log_entry_get_serial (e0), ==, 0);
  g_assert_cmpint (fifolab_log_entry_get_wall_us (e0), ==, 1700000000123456);
  g_assert_cmpint (fifolab_log_entry_get_mono_us (e0), ==, 99);
  g_assert_cmpint (fifolab_log_entry_get_direction (e0), ==, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpint (fifolab_log_entry_get_kind (e0), ==, FIFOLAB_EVENT_NONE);
  g_assert_cmpuint (fifolab_log_entry_get_flags (e0), ==,
                    FIFOLAB_MESSAGE_INCOMPLETE | FIFOLAB_MESSAGE_TORN);
  g_assert_cmpstr (fifolab_log_entry_get_pipe_path (e0), ==, PIPE);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (e0), ==, 12345);
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (e0), ==, 678);
  assert_entry_bytes (e0, "Hello from pid [12345]", 22);
  g_assert_cmpstr (fifolab_log_entry_get_display_text (e0), ==, "Hello from pid [12345]");
  g_assert_null (fifolab_log_entry_get_explanation (e0));
  g_object_get (e0, "pipe-path", &pipe_prop, "sender-pid", &sender_prop, NULL);
  g_assert_cmpstr (pipe_prop, ==, PIPE);
  g_assert_cmpint (sender_prop, ==, 12345);

  e1 = get_entry (log, 1);
  g_assert_cmpint (fifolab_log_entry_get_direction (e1), ==, FIFOLAB_DIRECTION_SENT);
  g_assert_cmpstr (fifolab_log_entry_get_pipe_path (e1), ==, "/other");
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (e1), ==, -1);
  assert_entry_bytes (e1, binary, sizeof binary);
  /* Display text is literal and escaped: no raw control bytes or invalid UTF-8. */
  g_assert_true (g_utf8_validate (fifolab_log_entry_get_display_text (e1), -1, NULL));
  g_assert_null (strchr (fifolab_log_entry_get_display_text (e1), '\n'));

  e2 = get_entry (log, 2);
  g_assert_cmpint (fifolab_log_entry_get_direction (e2), ==, FIFOLAB_DIRECTION_EVENT);
  g_assert_cmpint (fifolab_log_entry_get_kind (e2), ==, FIFOLAB_EVENT_END_OF_STREAM);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (e2), ==, -1);
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (e2), ==, -1);
  g_assert_cmpint (fifolab_log_entry_get_wall_us (e2), >, 0);
  assert_entry_bytes (e2, "all writers closed", strlen ("all writers closed"));
  g_assert_nonnull (fifolab_log_entry_get_explanation (e2));
  g_assert_cmpuint (strlen (fifolab_log_entry_get_explanation (e2)), >, 0);

  e3 = get_entry (log, 3);
  g_assert_null (fifolab_log_entry_get_pipe_path (e3));
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (e3), ==, -1);
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (e3), ==, -1);
  assert_entry_bytes (e3, "", 0);
}

static void
test_big_payloads (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  gsize big_len = 3 * 1024 * 1024 + 17;
  g_autofree guint8 *big = g_malloc (big_len);
  gsize overhead_small;

  for (gsize i = 0; i < big_len; i++)
    big[i] = (guint8) (i * 7 + 3);

  /* Small, huge (a chunk of its own), small, 600 KiB twice (do not fit one chunk). */
  append_text (log, "before");
  append_bytes (log, FIFOLAB_DIRECTION_RECEIVED, PIPE, -1, 1, big, big_len);
  append_text (log, "after");
  append_bytes (log, FIFOLAB_DIRECTION_RECEIVED, PIPE, -1, 1, big + 1, 600 * 1024);
  append_bytes (log, FIFOLAB_DIRECTION_RECEIVED, PIPE, -1, 1, big + 2, 600 * 1024);
  fifolab_log_flush (log);

  {
    g_autoptr(FifolabLogEntry) e0 = get_entry (log, 0);
    g_autoptr(FifolabLogEntry) e1 = get_entry (log, 1);
    g_autoptr(FifolabLogEntry) e2 = get_entry (log, 2);
    g_autoptr(FifolabLogEntry) e3 = get_entry (log, 3);
    g_autoptr(FifolabLogEntry) e4 = get_entry (log, 4);

    assert_entry_bytes (e0, "before", 6);
    assert_entry_bytes (e1, big, big_len);
    assert_entry_bytes (e2, "after", 5);
    assert_entry_bytes (e3, big + 1, 600 * 1024);
    assert_entry_bytes (e4, big + 2, 600 * 1024);
  }

  /* Closed chunks are shrunk: overhead stays far below a chunk per message. */
  g_assert_cmpuint (_fifolab_log_get_overhead_bytes (log), <, 2 * 1024 * 1024);

  /* Evicting the big ones frees their chunks. The model keeps the four it
   * had just announced, without their bytes, until the next announcement. */
  fifolab_log_set_cap (log, 1);
  fifolab_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 5);
  {
    g_autoptr(FifolabLogEntry) e = get_entry (log, 1);

    g_assert_true (fifolab_log_entry_get_evicted (e));
    g_assert_cmpuint (fifolab_log_entry_get_size (e), ==, 0);
  }
  fifolab_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);
  g_assert_cmpuint (fifolab_log_get_n_stored (log), ==, 1);
  g_assert_cmpuint (fifolab_log_get_payload_bytes (log), ==, 600 * 1024);
  overhead_small = _fifolab_log_get_overhead_bytes (log);
  g_assert_cmpuint (overhead_small, <, 1024 * 1024 + 200 * 1024);
  {
    g_autoptr(FifolabLogEntry) e = get_entry (log, 0);
    assert_entry_bytes (e, big + 2, 600 * 1024);
    g_assert_cmpuint (fifolab_log_entry_get_serial (e), ==, 4);
  }
}

static void
test_batching (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  Tracker tracker = { 0 };
  guint n_stored_notifies = 0;
  guint payload_notifies = 0;

  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &tracker);
  g_signal_connect (log, "notify::n-stored", G_CALLBACK (count_notify_cb), &n_stored_notifies);
  g_signal_connect (log, "notify::payload-bytes", G_CALLBACK (count_notify_cb), &payload_notifies);

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);
      append_text (log, text);
    }

  /* Nothing announced while appending: not per append, not per property. */
  g_assert_cmpuint (tracker.n_signals, ==, 0);
  g_assert_cmpuint (n_stored_notifies, ==, 0);
  g_assert_cmpuint (fifolab_log_get_n_stored (log), ==, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);

  /* The idle announces the whole batch at once. */
  g_assert_true (fifolab_test_wait_until (tracker_signalled, &tracker, 5000));
  fifolab_test_run_for (50);
  g_assert_cmpuint (tracker.n_signals, ==, 1);
  g_assert_cmpuint (tracker.last_position, ==, 0);
  g_assert_cmpuint (tracker.last_removed, ==, 0);
  g_assert_cmpuint (tracker.last_added, ==, 10000);
  g_assert_cmpuint (n_stored_notifies, ==, 1);
  g_assert_cmpuint (payload_notifies, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 10000);

  /* A flush with nothing pending announces nothing. */
  fifolab_log_flush (log);
  g_assert_cmpuint (tracker.n_signals, ==, 1);
  g_assert_cmpuint (n_stored_notifies, ==, 1);

  /* An explicit flush announces at once, and the idle then has nothing to do. */
  append_text (log, "more");
  append_text (log, "and more");
  fifolab_log_flush (log);
  g_assert_cmpuint (tracker.n_signals, ==, 2);
  g_assert_cmpuint (tracker.last_position, ==, 10000);
  g_assert_cmpuint (tracker.last_added, ==, 2);
  fifolab_test_run_for (30);
  g_assert_cmpuint (tracker.n_signals, ==, 2);

  {
    g_autoptr(FifolabLogEntry) e = get_entry (log, 9999);
    assert_entry_bytes (e, "message 9999", 12);
  }
}

static gboolean
flood_cb (gpointer data)
{
  append_text (data, "flood");
  return G_SOURCE_CONTINUE;
}

static gboolean
has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static void
test_batching_under_load (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  guint flood;
  gboolean seen;

  /* A source that is always ready at default priority (like a flooded reader)
   * must not starve the flush forever. */
  flood = g_idle_add_full (G_PRIORITY_DEFAULT, flood_cb, log, NULL);
  seen = fifolab_test_wait_until (has_items, log, 5000);
  g_source_remove (flood);

  g_assert_true (seen);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), >, 1);
}

typedef struct
{
  FifolabLog *log;
  guint64     serial;
} LastAnnounced;

/* The model's last item is the entry with this serial: announced. */
static gboolean
last_announced (gpointer data)
{
  LastAnnounced *wait = data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (wait->log));
  g_autoptr(FifolabLogEntry) last = n > 0 ? get_entry (wait->log, n - 1) : NULL;

  return last != NULL && fifolab_log_entry_get_serial (last) == wait->serial;
}

/* A steady stream, the main loop running between appends as it does between
 * reads: announced at most every 100 ms (the first at once), not at every
 * idle; however slow the machine, the count is bounded by the time taken. */
static void
test_steady_stream (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  Tracker tracker = { 0 };
  gint64 start, elapsed_us;

  tracker.shadow = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &tracker);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);

      append_text (log, text);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  elapsed_us = g_get_monotonic_time () - start;

  /* Every 100 ms at most, plus the first and one more that may fall due. */
  g_assert_cmpuint (tracker.n_signals, <=, elapsed_us / 100000 + 2);
  /* And nothing is lost: the rest comes when the interval is up. */
  {
    LastAnnounced wait = { log, 2999 };

    g_assert_true (fifolab_test_wait_until (last_announced, &wait, 10000));
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 3000);
  assert_shadow_matches (log, &tracker);
  g_array_unref (tracker.shadow);
}

/* An announcement that brought more entries than a view keeps rows for is a
 * flood: the next one waits 250 ms, not 100 (timers never fire early, so
 * the bound holds on any machine). */
static void
test_flood_interval (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  Tracker tracker = { 0 };
  LastAnnounced wait = { log, 0 };

  tracker.shadow = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &tracker);

  /* A few: the next may come after 100 ms. Then a flood's worth. The times
   * compared are the log's own, when each announcement began: what the test
   * notices later (a loaded machine, a sanitizer) does not count. */
  for (guint round = 0; round < 2; round++)
    {
      guint n = round == 0 ? 10 : 1000;
      guint signals;
      gint64 first_us, second_us;

      for (guint i = 0; i < n; i++)
        wait.serial = fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                                          PIPE, -1, -1, 0, i, (const guint8 *) "x", 1);
      g_assert_true (fifolab_test_wait_until (last_announced, &wait, 10000));
      first_us = _fifolab_log_get_last_announcement_us (log);
      signals = tracker.n_signals;
      wait.serial = fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                                        PIPE, -1, -1, 0, n, (const guint8 *) "x", 1);
      g_assert_true (fifolab_test_wait_until (last_announced, &wait, 10000));
      second_us = _fifolab_log_get_last_announcement_us (log);
      g_assert_cmpuint (tracker.n_signals, ==, signals + 1);
      g_test_message ("after %u new entries, the next announcement came %.0f ms later",
                      n, (second_us - first_us) / 1000.0);
      if (round == 1)
        g_assert_cmpint (second_us - first_us, >=, 250 * 1000);
    }
  assert_shadow_matches (log, &tracker);
  g_array_unref (tracker.shadow);
}

static void
test_cap (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  Tracker tracker = { 0 };
  guint evicted_notifies = 0;
  guint cap_notifies = 0;
  guint64 last_serial = 0;

  tracker.shadow = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &tracker);
  g_signal_connect (log, "notify::evicted", G_CALLBACK (count_notify_cb), &evicted_notifies);
  g_signal_connect (log, "notify::cap", G_CALLBACK (count_notify_cb), &cap_notifies);

  g_object_set (log, "cap", 1000, NULL);
  g_assert_cmpuint (cap_notifies, ==, 1);
  fifolab_log_set_cap (log, 1000);
  g_assert_cmpuint (cap_notifies, ==, 1);

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *text = g_strdup_printf ("m%u", i);

      last_serial = append_text (log, text);

      /* Flushes at irregular points, with published entries evicted between. */
      if (i < 3000 && i % 700 == 699)
        fifolab_log_flush (log);
      if (i % 1300 == 1299)
        {
          /* The log's own flush, whenever it comes (at most every 100 ms
           * under a stream). */
          LastAnnounced wait = { log, last_serial };

          g_assert_true (fifolab_test_wait_until (last_announced, &wait, 10000));
        }

      /* Published entries the cap evicted stay readable until announced. */
      if (i % 97 == 0)
        {
          guint n = g_list_model_get_n_items (G_LIST_MODEL (log));
          for (guint j = 0; j < n; j += 50)
            {
              g_autoptr(FifolabLogEntry) e = get_entry (log, j);
              g_assert_nonnull (e);
              g_assert_cmpuint (fifolab_log_entry_get_serial (e), ==,
                                g_array_index (tracker.shadow, guint64, j));
            }
        }
    }
  flush_settled (log);

  g_assert_cmpuint (last_serial, ==, 4999);
  g_assert_cmpuint (fifolab_log_get_n_stored (log), ==, 1000);
  g_assert_cmpuint (fifolab_log_get_evicted (log), ==, 4000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1000);
  g_assert_cmpuint (evicted_notifies, >, 0);
  assert_shadow_matches (log, &tracker);

  /* Removals announced are exactly the published entries that left. */
  g_assert_cmpuint (tracker.total_added - tracker.total_removed, ==, 1000);
  /* Flushes ran after m2799, m3899 (idle) and m4999: m2800..m2899 and
   * m3900..m3999 came and went unseen and were never announced. */
  g_assert_cmpuint (tracker.total_added, ==, 4800);

  {
    g_autoptr(FifolabLogEntry) first = get_entry (log, 0);
    g_autoptr(FifolabLogEntry) last = get_entry (log, 999);

    g_assert_cmpuint (fifolab_log_entry_get_serial (first), ==, 4000);
    assert_entry_bytes (first, "m4000", 5);
    g_assert_cmpuint (fifolab_log_entry_get_serial (last), ==, 4999);
    assert_entry_bytes (last, "m4999", 5);
  }

  /* Lowering the cap evicts now, announced at the flush. */
  fifolab_log_set_cap (log, 10);
  g_assert_cmpuint (fifolab_log_get_n_stored (log), ==, 10);
  g_assert_cmpuint (fifolab_log_get_evicted (log), ==, 4990);
  fifolab_log_flush (log);
  assert_shadow_matches (log, &tracker);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 10);

  g_array_unref (tracker.shadow);
}

static void
test_cap_unpublished (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  Tracker tracker = { 0 };
  guint signals;
  gsize most = 0;

  tracker.shadow = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &tracker);
  fifolab_log_set_cap (log, 10);

  /* Entries evicted before anyone saw them are not announced. */
  for (guint i = 0; i < 100; i++)
    append_text (log, "x");
  fifolab_log_flush (log);
  g_assert_cmpuint (tracker.n_signals, ==, 1);
  g_assert_cmpuint (tracker.last_removed, ==, 0);
  g_assert_cmpuint (tracker.last_added, ==, 10);

  /* More than the whole published window evicted, then refilled: one
   * addition; the 10 published ones, just announced, stay until the next
   * announcement, which removes them. */
  for (guint i = 0; i < 25; i++)
    append_text (log, "y");
  fifolab_log_flush (log);
  g_assert_cmpuint (tracker.n_signals, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 20);
  fifolab_log_flush (log);
  g_assert_cmpuint (tracker.n_signals, ==, 3);
  g_assert_cmpuint (tracker.total_removed, ==, 10);
  g_assert_cmpuint (tracker.total_added, ==, 20);
  assert_shadow_matches (log, &tracker);

  /* Evicted entries kept only because the model shows them are bounded: a long
   * burst without a main loop announces their removal by itself, consistently,
   * once they hold 8 MiB as the memory cap counts them (65 bytes each here). */
  signals = tracker.n_signals;
  for (guint i = 0; i < 400000; i++)
    {
      append_text (log, "z");
      most = MAX (most, _fifolab_log_get_overhead_bytes (log));
    }
  g_assert_cmpuint (tracker.n_signals, >, signals);
  g_assert_cmpuint (tracker.last_added, ==, 0);
  g_test_message ("store overhead at most %.1f MiB", most / 1048576.0);
  g_assert_cmpuint (most, <, 9 * 1024 * 1024);
  fifolab_log_flush (log);
  assert_shadow_matches (log, &tracker);

  g_array_unref (tracker.shadow);
}

/* The serials the model shows, from @position, are @first, @first + 1, ...
 * (@n of them). (Whether a kept entry still has its bytes depends on its
 * store chunk: small ones share one with stored entries.) */
static void
assert_shows (FifolabLog *log,
              guint       position,
              guint64     first,
              guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = get_entry (log, position + i);

      g_assert_nonnull (entry);
      g_assert_cmpuint (fifolab_log_entry_get_serial (entry), ==, first + i);
    }
}

static void
append_n (FifolabLog *log,
          guint       n)
{
  for (guint i = 0; i < n; i++)
    append_text (log, "k");
}

/* Evicted entries that the last announcement added stay in the model until
 * the next one (at most 200, the newest): a view following the end of the
 * log has its rows on them and moves those rows onto the new entries before
 * they go, instead of GTK destroying the rows and making new ones. Entries
 * announced earlier go at once, as does everything when the evicted entries'
 * records hold too much memory. */
static void
test_kept_until_next (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GListStore) subset = NULL;
  Tracker tracker = { 0 };
  guint n;

  tracker.shadow = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &tracker);
  fifolab_log_set_cap (log, 300);

  /* 0..299 announced, then all of them evicted and 300 more stored (with a
   * gap of never announced ones): the newest 200 announced stay in front. */
  append_n (log, 300);
  fifolab_log_flush (log);
  append_n (log, 400);
  fifolab_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 500);
  g_assert_cmpuint (tracker.last_removed, ==, 0);
  assert_shows (log, 0, 100, 200);
  assert_shows (log, 200, 400, 300);
  assert_shadow_matches (log, &tracker);
  /* Counted as evicted, not as stored: in the model, and in a model of
   * every other entry of it (as a filter shows them). */
  g_assert_cmpuint (fifolab_log_count_stored (log, G_LIST_MODEL (log)), ==, 300);
  subset = g_list_store_new (FIFOLAB_TYPE_LOG_ENTRY);
  for (guint i = 0; i < 500; i += 2)
    {
      g_autoptr(FifolabLogEntry) entry = get_entry (log, i);

      g_list_store_append (subset, entry);
    }
  g_assert_cmpuint (fifolab_log_count_stored (log, G_LIST_MODEL (subset)), ==, 150);
  g_list_store_remove_all (subset);
  g_assert_cmpuint (fifolab_log_count_stored (log, G_LIST_MODEL (subset)), ==, 0);

  /* The next announcement removes them, even with nothing new. */
  fifolab_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 300);
  g_assert_cmpuint (fifolab_log_count_stored (log, G_LIST_MODEL (log)), ==, 300);
  assert_shows (log, 0, 400, 300);
  assert_shadow_matches (log, &tracker);

  /* Only the last announcement's: 700..749 were added by it and are
   * evicted, 400..699 were announced before and go at once. */
  append_n (log, 50);
  fifolab_log_flush (log);
  append_n (log, 300);
  fifolab_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 350);
  assert_shows (log, 0, 700, 50);
  assert_shows (log, 50, 750, 300);
  assert_shadow_matches (log, &tracker);

  /* Part of the last announcement still stored: the evicted part stays in
   * front of it, contiguous. */
  append_n (log, 100);
  fifolab_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 400);
  assert_shows (log, 0, 750, 100);
  assert_shows (log, 100, 850, 300);
  assert_shadow_matches (log, &tracker);

  /* Records of evicted entries over 8 MiB: everything evicted goes at once,
   * kept ones too, before the next announcement. */
  n = tracker.n_signals;
  append_n (log, 200000);
  g_assert_cmpuint (tracker.n_signals, >, n);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  g_assert_cmpuint (n, <=, 300);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = get_entry (log, i);

      g_assert_cmpuint (fifolab_log_entry_get_serial (entry), >=, 1150);
    }
  assert_shadow_matches (log, &tracker);

  /* Clear removes kept ones too. */
  fifolab_log_flush (log);
  append_n (log, 300);
  fifolab_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), >, 300);
  fifolab_log_clear (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  assert_shadow_matches (log, &tracker);

  g_array_unref (tracker.shadow);
}

/* For fifolab_test_wait_until(): the model shows exactly the stored entries. */
static gboolean
shows_stored (gpointer data)
{
  FifolabLog *log = data;

  return g_list_model_get_n_items (G_LIST_MODEL (log)) == fifolab_log_get_n_stored (log);
}

/* A stream that stops: under a cap of 3, six lines, one, then three, each
 * batch announced as the reader's reads are (the tester's case: 4 rows
 * shown, "3 entries · 7 evicted", and the export without the oldest row).
 * The kept entry the last announcement left in front must go at the log's
 * next announcement, which comes without another append: until then the
 * view shows an entry the log no longer has. */
static void
test_kept_go_when_stream_stops (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  Tracker tracker = { 0 };
  const guint batches[] = { 6, 1, 3 };
  guint64 first_stored;
  guint n;

  tracker.shadow = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &tracker);
  fifolab_log_set_cap (log, 3);

  for (guint b = 0; b < G_N_ELEMENTS (batches); b++)
    {
      for (guint i = 0; i < batches[b]; i++)
        {
          g_autofree char *text = g_strdup_printf ("temperature %u", 17 + b * 10 + i);

          append_text (log, text);
        }
      fifolab_log_flush (log);
      assert_shadow_matches (log, &tracker);
    }
  g_assert_cmpuint (fifolab_log_get_n_stored (log), ==, 3);
  g_assert_cmpuint (fifolab_log_get_evicted (log), ==, 7);

  /* Nothing more comes: within 2 s (the tester waited that long) the log has
   * announced the removal by itself. */
  fifolab_test_wait_until (shows_stored, log, 2000);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  g_assert_cmpuint (n, ==, fifolab_log_get_n_stored (log));
  first_stored = 7;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = get_entry (log, i);

      g_assert_cmpuint (fifolab_log_entry_get_serial (entry), ==, first_stored + i);
      g_assert_false (fifolab_log_entry_get_evicted (entry));
    }
  assert_shadow_matches (log, &tracker);
  g_assert_cmpuint (fifolab_log_count_stored (log, G_LIST_MODEL (log)), ==, n);

  /* And then it stays quiet: no announcement without a change. */
  n = tracker.n_signals;
  fifolab_test_run_for (400);
  g_assert_cmpuint (tracker.n_signals, ==, n);

  g_array_unref (tracker.shadow);
}

static void
test_clear (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  Tracker tracker = { 0 };
  guint64 serial;

  tracker.shadow = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &tracker);

  fifolab_log_set_cap (log, 50);
  for (guint i = 0; i < 80; i++)
    append_text (log, "abc");
  fifolab_log_flush (log);
  append_text (log, "pending");
  g_assert_cmpuint (tracker.n_signals, ==, 1);

  fifolab_log_clear (log);
  g_assert_cmpuint (tracker.n_signals, ==, 2);
  g_assert_cmpuint (tracker.last_position, ==, 0);
  g_assert_cmpuint (tracker.last_removed, ==, 50);
  g_assert_cmpuint (tracker.last_added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (fifolab_log_get_n_stored (log), ==, 0);
  g_assert_cmpuint (fifolab_log_get_payload_bytes (log), ==, 0);
  g_assert_cmpuint (fifolab_log_get_evicted (log), ==, 0);
  assert_shadow_matches (log, &tracker);

  /* The pending entry went with it; nothing is announced later. */
  fifolab_test_run_for (20);
  g_assert_cmpuint (tracker.n_signals, ==, 2);

  /* Serials go on; the log works as before. */
  serial = append_text (log, "after clear");
  g_assert_cmpuint (serial, ==, 81);
  fifolab_log_flush (log);
  assert_shadow_matches (log, &tracker);
  {
    g_autoptr(FifolabLogEntry) e = get_entry (log, 0);
    assert_entry_bytes (e, "after clear", 11);
    g_assert_cmpstr (fifolab_log_entry_get_pipe_path (e), ==, PIPE);
  }

  /* Clearing an empty model announces nothing. */
  fifolab_log_clear (log);
  g_assert_cmpuint (tracker.n_signals, ==, 4);
  fifolab_log_clear (log);
  g_assert_cmpuint (tracker.n_signals, ==, 4);

  g_array_unref (tracker.shadow);
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  /* Small blocks from the arenas plus large blocks given their own mapping. */
  return mi.uordblks + mi.hblkhd;
}

static void
test_memory (void)
{
  const guint n = 1000000;
  FifolabLog *log;
  gsize before, after, overhead;
  gint64 start, elapsed;
  char payload[32];

  malloc_trim (0);
  before = heap_in_use ();

  log = fifolab_log_new ();
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      /* 22 bytes, like the seed's "Hello from pid [NNNNN]". */
      g_snprintf (payload, sizeof payload, "Hello from pid [%05u]", i % 100000);
      fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                          PIPE, i % 100000, 4321, 1700000000000000 + i, i,
                          (const guint8 *) payload, 22);
    }
  elapsed = g_get_monotonic_time () - start;
  after = heap_in_use ();
  overhead = _fifolab_log_get_overhead_bytes (log);

  g_test_message ("1000000 appends of 22 bytes: %.1f ms (%.0f ns each)",
                  elapsed / 1000.0, elapsed * 1000.0 / n);
  g_test_message ("overhead (_fifolab_log_get_overhead_bytes): %.2f bytes/entry",
                  (double) overhead / n);
  g_test_message ("heap growth (mallinfo2): %.2f bytes/entry, %.2f beyond payload",
                  (double) (after - before) / n, (double) (after - before) / n - 22);

  g_assert_cmpuint (fifolab_log_get_n_stored (log), ==, n);
  g_assert_cmpuint (fifolab_log_get_payload_bytes (log), ==, (guint64) n * 22);
  g_assert_cmpfloat ((double) overhead / n, <=, 64.0);
  /* ASan's allocator is invisible to mallinfo2(). */
  if (!FIFOLAB_TEST_ASAN)
    {
      g_assert_cmpuint (after, >, before);
      g_assert_cmpuint (after - before, <=, (gsize) (22 + 64) * n + 1024 * 1024);
    }

  /* Publishing a million entries is one signal, and rows are made on demand. */
  fifolab_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, n);
  {
    g_autoptr(FifolabLogEntry) e = get_entry (log, 765432);
    assert_entry_bytes (e, "Hello from pid [65432]", 22);
    g_assert_cmpint (fifolab_log_entry_get_sender_pid (e), ==, 65432);
    g_assert_cmpint (fifolab_log_entry_get_mono_us (e), ==, 765432);
  }

  g_assert_finalize_object (log);
  malloc_trim (0);
  /* Everything went back. */
  g_assert_cmpuint (heap_in_use (), <, before + 1024 * 1024);
}

/* A flood of big entries into a capped log whose entries are shown (published)
 * and whose next announcement is not due yet: the evicted ones are announced
 * removed and freed as they go, so the heap stays within the cap and a few
 * MiB, while the new entries wait for the announcement. */
static void
test_evicted_freed_between_announcements (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  const gsize big = 256 * 1024;
  const guint64 cap = 8 * 1024 * 1024;
  g_autofree guint8 *payload = g_malloc (big);
  g_autoptr(FifolabLogEntry) first = NULL;
  g_autoptr(FifolabLogEntry) last = NULL;
  Tracker tracker = { 0 };
  gsize before, most = 0;
  guint n_signals, n_shown;

  memset (payload, 'y', big);
  tracker.shadow = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &tracker);
  fifolab_log_set_memory_cap (log, cap);
  malloc_trim (0);
  before = heap_in_use ();

  /* Shown: the log announced a moment ago. */
  for (guint i = 0; i < 32; i++)
    fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                        PIPE, -1, -1, 0, i, payload, big);
  fifolab_log_flush (log);
  n_signals = tracker.n_signals;
  n_shown = g_list_model_get_n_items (G_LIST_MODEL (log));

  /* 64 MiB more, without a main loop iteration: every entry shown is
   * evicted, its bytes freed at once, and nothing is announced before the
   * interval (an announcement lays out every row a view keeps). */
  for (guint i = 0; i < 256; i++)
    {
      fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                          PIPE, -1, -1, 0, 32 + i, payload, big);
      most = MAX (most, heap_in_use ());
    }
  g_assert_cmpuint (tracker.n_signals, ==, n_signals);
  g_test_message ("heap at most %.1f MiB over the start, cap %.0f MiB",
                  (most - before) / 1048576.0, cap / 1048576.0);
  /* The cap and the two store chunks (8 MiB at most each) that the entries
   * kept and those going share with others: no evicted bytes wait.
   * ASan's allocator is invisible to mallinfo2(). */
  if (!FIFOLAB_TEST_ASAN)
    g_assert_cmpuint (most - before, <=, cap + 2 * 8 * 1024 * 1024 + 1024 * 1024);

  /* Still shown until announced, but said to be evicted, without bytes. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, n_shown);
  first = g_list_model_get_item (G_LIST_MODEL (log), 0);
  last = g_list_model_get_item (G_LIST_MODEL (log), n_shown - 1);
  g_assert_true (fifolab_log_entry_get_evicted (first));
  g_assert_true (fifolab_log_entry_get_evicted (last));
  g_assert_cmpuint (fifolab_log_entry_get_size (first), ==, 0);

  flush_settled (log);
  assert_shadow_matches (log, &tracker);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, fifolab_log_get_n_stored (log));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      g_assert_false (fifolab_log_entry_get_evicted (entry));
      g_assert_cmpuint (fifolab_log_entry_get_size (entry), ==, big);
    }
  g_array_unref (tracker.shadow);
}

/* What evicted entries still shown hold is their records (and those of
 * every entry evicted after them): past 8 MiB of them (131,072 entries at 64
 * bytes), the removal is announced at once, and what is new still waits. */
static void
test_evicted_records_bound (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  Tracker tracker = { 0 };
  guint removals = 0;

  tracker.shadow = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &tracker);
  fifolab_log_set_cap (log, 1000);
  for (guint i = 0; i < 1000; i++)
    fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                        PIPE, -1, -1, 0, i, (const guint8 *) "x", 1);
  fifolab_log_flush (log);

  for (guint i = 0; i < 300000; i++)
    {
      guint signals_before = tracker.n_signals;

      fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                          PIPE, -1, -1, 0, 1000 + i, (const guint8 *) "x", 1);
      if (tracker.n_signals > signals_before)
        {
          g_assert_cmpuint (tracker.last_added, ==, 0);
          g_assert_cmpuint (tracker.last_position, ==, 0);
          removals++;
        }
    }
  /* The records are kept back to the first entry shown: once 131,072 are,
   * the 1,000 shown are announced removed, and none is shown any more. */
  g_assert_cmpuint (removals, ==, 1);
  g_assert_cmpuint (tracker.last_removed, ==, 1000);
  fifolab_log_flush (log);
  assert_shadow_matches (log, &tracker);
  g_array_unref (tracker.shadow);
}

/* The memory cap counts payloads plus FIFOLAB_LOG_ENTRY_OVERHEAD per entry,
 * evicts the oldest first and counts what it evicted, in entries and bytes. */
static void
test_memory_cap (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  Tracker tracker = { 0 };
  const guint64 per_entry = 100 + FIFOLAB_LOG_ENTRY_OVERHEAD;
  const guint64 cap = 50 * per_entry + 10;
  guint evicted_bytes_notifies = 0;
  guint cap_notifies = 0;
  char payload[101];

  tracker.shadow = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &tracker);
  g_signal_connect (log, "notify::evicted-bytes", G_CALLBACK (count_notify_cb), &evicted_bytes_notifies);
  g_signal_connect (log, "notify::memory-cap", G_CALLBACK (count_notify_cb), &cap_notifies);

  g_object_set (log, "memory-cap", cap, NULL);
  g_assert_cmpuint (cap_notifies, ==, 1);
  fifolab_log_set_memory_cap (log, cap);
  g_assert_cmpuint (cap_notifies, ==, 1);
  g_assert_cmpuint (fifolab_log_get_memory_cap (log), ==, cap);

  memset (payload, 'a', 100);
  payload[100] = '\0';
  for (guint i = 0; i < 1000; i++)
    {
      g_snprintf (payload, 8, "%07u", i);
      payload[7] = 'a';
      fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                          PIPE, -1, -1, 0, i, (const guint8 *) payload, 100);
      if (i % 97 == 0)
        fifolab_log_flush (log);
      g_assert_cmpuint (fifolab_log_get_memory_bytes (log), <=, cap);
    }
  flush_settled (log);

  /* Oldest first: the newest 50 stay, in order. */
  g_assert_cmpuint (fifolab_log_get_n_stored (log), ==, 50);
  g_assert_cmpuint (fifolab_log_get_memory_bytes (log), ==, 50 * per_entry);
  g_assert_cmpuint (fifolab_log_get_evicted (log), ==, 950);
  g_assert_cmpuint (fifolab_log_get_evicted_bytes (log), ==, 950 * per_entry);
  g_assert_cmpuint (evicted_bytes_notifies, >, 0);
  assert_shadow_matches (log, &tracker);
  {
    g_autoptr(FifolabLogEntry) first = get_entry (log, 0);
    g_autoptr(FifolabLogEntry) last = get_entry (log, 49);
    GBytes *bytes = fifolab_log_entry_get_bytes (first);

    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 7, "0000950", 7);
    bytes = fifolab_log_entry_get_bytes (last);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 7, "0000999", 7);
  }

  /* Both caps: the stricter one decides. */
  fifolab_log_set_cap (log, 10);
  fifolab_log_flush (log);
  g_assert_cmpuint (fifolab_log_get_n_stored (log), ==, 10);
  g_assert_cmpuint (fifolab_log_get_evicted_bytes (log), ==, 990 * per_entry);
  fifolab_log_set_cap (log, 0);

  /* An entry larger than the cap stays alone: the newest is always kept. */
  {
    g_autofree guint8 *big = g_malloc0 (cap * 2);

    fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                        PIPE, -1, -1, 0, 0, big, cap * 2);
  }
  fifolab_log_flush (log);
  g_assert_cmpuint (fifolab_log_get_n_stored (log), ==, 1);
  g_assert_cmpuint (fifolab_log_get_evicted (log), ==, 1000);
  assert_shadow_matches (log, &tracker);

  /* No cap: nothing more is evicted. */
  fifolab_log_set_memory_cap (log, 0);
  for (guint i = 0; i < 100; i++)
    fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                        PIPE, -1, -1, 0, i, (const guint8 *) payload, 100);
  fifolab_log_flush (log);
  g_assert_cmpuint (fifolab_log_get_n_stored (log), ==, 101);

  /* Clearing starts the counts again. */
  fifolab_log_clear (log);
  g_assert_cmpuint (fifolab_log_get_evicted (log), ==, 0);
  g_assert_cmpuint (fifolab_log_get_evicted_bytes (log), ==, 0);
  g_assert_cmpuint (fifolab_log_get_memory_bytes (log), ==, 0);

  g_array_unref (tracker.shadow);
}

/* Resident memory of this process, read or the test fails. */
static gsize
rss_bytes (void)
{
  gsize rss = fifolab_test_rss_bytes ();

  g_assert_cmpuint (rss, >, 0);
  return rss;
}

/* Clear Log gives the memory back to the system, not only to malloc: what
 * the process holds resident falls back near where it was. The same after
 * evictions under a memory cap (the freed chunks are reused or returned). */
static void
test_clear_gives_memory_back (void)
{
  const gsize total = 192 * 1024 * 1024;
  const gsize size = 4096;
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autofree guint8 *payload = g_malloc (size);
  gsize before, full, cleared;

  /* AddressSanitizer keeps freed memory in quarantine: RSS says nothing then. */
  if (FIFOLAB_TEST_ASAN)
    {
      g_test_skip ("RSS is meaningless under AddressSanitizer");
      return;
    }

  memset (payload, 'z', size);
  malloc_trim (0);
  before = rss_bytes ();

  for (gsize done = 0; done < total; done += size)
    fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                        PIPE, -1, -1, 0, 0, payload, size);
  fifolab_log_flush (log);
  full = rss_bytes ();
  g_test_message ("RSS: %zu MiB before, %zu MiB full", before >> 20, full >> 20);
  g_assert_cmpuint (full, >, before + total / 2);

  fifolab_log_clear (log);
  cleared = rss_bytes ();
  g_test_message ("RSS: %zu MiB after clear", cleared >> 20);
  g_assert_cmpuint (cleared, <, before + 16 * 1024 * 1024);

  /* Again under a memory cap of a quarter: RSS stays near the cap. */
  fifolab_log_set_memory_cap (log, total / 4);
  for (gsize done = 0; done < total; done += size)
    {
      fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                          PIPE, -1, -1, 0, 0, payload, size);
      if (done % (16 * 1024 * 1024) == 0)
        fifolab_log_flush (log);
    }
  fifolab_log_flush (log);
  full = rss_bytes ();
  g_test_message ("RSS: %zu MiB with a cap of %zu MiB", full >> 20, (total / 4) >> 20);
  g_assert_cmpuint (fifolab_log_get_evicted (log), >, 0);
  g_assert_cmpuint (full, <, before + total / 4 + 48 * 1024 * 1024);

  fifolab_log_clear (log);
  g_assert_cmpuint (rss_bytes (), <, before + 16 * 1024 * 1024);
}

/* The watch records kept beside the entries hold at most the cap in bytes,
 * those without payload too (a flood of opens and closes): each costs at
 * least its record; the newest stays. */
static void
test_calls_bounded (void)
{
  const guint64 cap = 64 * 1024;
  const guint n = 10000;
  FifolabLogCalls *calls = fifolab_log_calls_new ();
  g_autoptr(GPtrArray) kept = NULL;
  const FifolabLogCall *newest;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabWatchRecord) record = fifolab_watch_record_new (i % 2 ? FIFOLAB_WATCH_CALL : FIFOLAB_WATCH_BLOCKED);

      record->syscall = g_strdup (i % 4 < 2 ? "openat" : "close");
      record->comm = g_strdup ("bash");
      record->pid = 4000;
      fifolab_log_calls_add (calls, 0, cap, i, i, "/tmp/my_pipe", record);
    }
  kept = fifolab_log_calls_snapshot (calls, 0, n);
  g_assert_cmpuint (kept->len, >, 0);
  g_assert_cmpuint (kept->len, <=, cap / sizeof (FifolabWatchRecord));
  newest = g_ptr_array_index (kept, kept->len - 1);
  g_assert_cmpuint (newest->serial, ==, n - 1);
  g_clear_pointer (&kept, g_ptr_array_unref);
  fifolab_log_calls_free (calls);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log/new-destroy", test_new_destroy);
  g_test_add_func ("/log/round-trip", test_round_trip);
  g_test_add_func ("/log/row-text", test_row_text);
  g_test_add_func ("/log/big-payloads", test_big_payloads);
  g_test_add_func ("/log/batching", test_batching);
  g_test_add_func ("/log/steady-stream", test_steady_stream);
  g_test_add_func ("/log/batching-under-load", test_batching_under_load);
  g_test_add_func ("/log/cap", test_cap);
  g_test_add_func ("/log/cap-unpublished", test_cap_unpublished);
  g_test_add_func ("/log/kept-until-next", test_kept_until_next);
  g_test_add_func ("/log/kept-go-when-stream-stops", test_kept_go_when_stream_stops);
  g_test_add_func ("/log/clear", test_clear);
  g_test_add_func ("/log/memory", test_memory);
  g_test_add_func ("/log/memory-cap", test_memory_cap);
  g_test_add_func ("/log/evicted-freed-between-announcements", test_evicted_freed_between_announcements);
  g_test_add_func ("/log/evicted-records-bound", test_evicted_records_bound);
  g_test_add_func ("/log/flood-interval", test_flood_interval);
  g_test_add_func ("/log/clear-gives-memory-back", test_clear_gives_memory_back);
  g_test_add_func ("/log/calls-bounded", test_calls_bounded);

  return g_test_run ();
}
