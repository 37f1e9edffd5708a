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
#include "fifolab-log-private.h"
#include "fifolab-test-util.h"

#define PIPE "/tmp/some dir/my_pipe"

/* Helpers */

static guint64
append_bytes (FifolabLog       *log,
              FifolabDirection  direction,
              const char       *pipe,
              gint64            sender,
              gint64            receiver,
              const void       *data,
              gsize             len)
{
  return fifolab_log_append (log, direction, FIFOLAB_EVENT_NONE, FIFOLAB_MESSAGE_NONE,
                             pipe, sender, receiver,
                             g_get_real_time (), g_get_monotonic_time (),
                             data, len);
}

static guint64
append_text (FifolabLog *log,
             const char *text)
{
  return append_bytes (log, FIFOLAB_DIRECTION_RECEIVED, PIPE, 4242, 777,
                       text, strlen (text));
}

static FifolabLogEntry *
get_entry (FifolabLog *log,
           guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (log), position);
}

static void
assert_entry_bytes (FifolabLogEntry *entry,
                    const void      *data,
                    gsize            len)
{
  GBytes *bytes = fifolab_log_entry_get_bytes (entry);

  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, len);
  g_assert_cmpuint (fifolab_log_entry_get_size (entry), ==, len);
}

typedef struct
{
  guint  n_signals;
  guint  last_position;
  guint  last_removed;
  guint  last_added;
  guint  total_removed;
  guint  total_added;
  GArray *shadow;      /* guint64 serials, mirrored from items-changed */
} Tracker;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Tracker    *tracker)
{
  tracker->n_signals++;
  tracker->last_position = position;
  tracker->last_removed = removed;
  tracker->last_added = added;
  tracker->total_removed += removed;
  tracker->total_added += added;

  /* The model must already be in its new state while it announces it. */
  if (tracker->shadow != NULL)
    {
      g_assert_cmpuint (position + removed, <=, tracker->shadow->len);
      g_array_remove_range (tracker->shadow, position, removed);
      for (guint i = 0; i < added; i++)
        {
          g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (model, position + i);
          guint64 serial;

          g_assert_nonnull (entry);
          serial = fifolab_log_entry_get_serial (entry);
          g_array_insert_val (tracker->shadow, position + i, serial);
        }
      g_assert_cmpuint (tracker->shadow->len, ==, g_list_model_get_n_items (model));
    }
}

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

  /* Evicting the big ones frees their chunks. */
  fifolab_log_set_cap (log, 1);
  fifolab_log_flush (log);
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
        fifolab_test_run_for (5);

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
  fifolab_log_flush (log);

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

  /* More than the whole published window evicted, then refilled: one removal
   * of the 10 published ones, one addition. */
  for (guint i = 0; i < 25; i++)
    append_text (log, "y");
  fifolab_log_flush (log);
  g_assert_cmpuint (tracker.n_signals, ==, 3);
  g_assert_cmpuint (tracker.total_removed, ==, 10);
  g_assert_cmpuint (tracker.total_added, ==, 20);
  assert_shadow_matches (log, &tracker);

  /* Evicted entries kept only because the model shows them are bounded: a long
   * burst without a main loop flushes by itself, consistently. */
  for (guint i = 0; i < 100000; i++)
    append_text (log, "z");
  g_assert_cmpuint (_fifolab_log_get_overhead_bytes (log), <, 2 * 1024 * 1024);
  fifolab_log_flush (log);
  assert_shadow_matches (log, &tracker);

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
  g_test_message ("overhead (fifolab_log_get_overhead_bytes): %.2f bytes/entry",
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

/* Export */

typedef struct
{
  FifolabDirection  direction;
  FifolabEventKind  kind;
  guint             flags;
  const char       *pipe;
  gint64            sender;
  gint64            receiver;
  const char       *data;
  gsize             len;
  gboolean          expect_text;
} ExportCase;

#define S(x) x, sizeof (x) - 1

static const ExportCase export_cases[] = {
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, PIPE, 12345, 999, S ("Hello from pid [12345]"), TRUE },
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, PIPE, -1, 999, S ("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"), TRUE },
  { FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_MESSAGE_TORN, PIPE, -1, 999, S ("bad \xff\xfe utf8 \xc3"), FALSE },
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, PIPE, -1, 999, S ("nul\0inside\0"), FALSE },
  { FIFOLAB_DIRECTION_SENT, 0, FIFOLAB_MESSAGE_NOT_ATOMIC | FIFOLAB_MESSAGE_PARTIAL, PIPE, 4242, -1,
    S ("<b>&amp;</b> \"quoted\", with, commas"), TRUE },
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, "/odd, \"pipe\"\nname", 7, 999, S ("line one\nline two\r\nthree\r"), TRUE },
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, PIPE, -1, 999, S (""), TRUE },
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, PIPE, -1, 999, S ("tab\there \x01\x1f\x7f %s %n %d \\ / \xe2\x80\xae"), TRUE },
  { FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_NO_READER, 0, PIPE, -1, -1, S ("Broken pipe"), TRUE },
  { FIFOLAB_DIRECTION_OUTPUT, 0, 0, NULL, 55, -1, S ("peer said, \"hi\""), TRUE },
  /* A file name is bytes: one that is not UTF-8 must still make valid JSON and
   * CSV, and come back byte for byte. */
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, "/tmp/bad\xff\xfe, \"x\"\n\xc3(", 8, 999, S ("hi"), TRUE },
};

/* The pipe's bytes as an export gives them back: "pipe" when it is valid UTF-8,
 * else "pipe_base64" (then "pipe" is an escaped display form, valid UTF-8). */
static void
assert_pipe_recovered (const char *expected,
                       const char *pipe,
                       const char *pipe_base64)
{
  g_assert_true (g_utf8_validate (pipe, -1, NULL));
  if (g_utf8_validate (expected, -1, NULL))
    {
      g_assert_cmpstr (pipe, ==, expected);
      g_assert_true (pipe_base64 == NULL || pipe_base64[0] == '\0');
    }
  else
    {
      g_autofree guint8 *decoded = NULL;
      gsize decoded_len;
      g_autofree char *shown = fifolab_escape_for_display ((const guint8 *) expected, strlen (expected), 0);

      g_assert_nonnull (pipe_base64);
      decoded = g_base64_decode (pipe_base64, &decoded_len);
      g_assert_cmpmem (decoded, decoded_len, expected, strlen (expected));
      g_assert_cmpstr (pipe, ==, shown);
    }
}

static void
fill_export_log (FifolabLog *log)
{
  for (guint i = 0; i < G_N_ELEMENTS (export_cases); i++)
    {
      const ExportCase *c = &export_cases[i];

      fifolab_log_append (log, c->direction, c->kind, c->flags, c->pipe,
                          c->sender, c->receiver,
                          1700000000000000 + i * 1000001, 1000 + i,
                          (const guint8 *) c->data, c->len);
    }
}

static GBytes *
export_to_bytes (FifolabLog          *log,
                 FifolabExportFormat  format)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fifolab_log_export (log, format, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
check_jsonl (GBytes *bytes,
             guint64 first_serial)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *copy = g_strndup (data, len);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) time_re = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$",
                                           0, 0, NULL);
  guint n_lines;

  g_assert_cmpuint (strlen (copy), ==, len);
  /* JSON is UTF-8: a parser such as Python's json rejects anything else. */
  g_assert_true (g_utf8_validate (copy, len, NULL));
  g_assert_true (g_str_has_suffix (copy, "\n"));
  lines = g_strsplit (copy, "\n", -1);
  n_lines = g_strv_length (lines) - 1;
  g_assert_cmpstr (lines[n_lines], ==, "");
  g_assert_cmpuint (n_lines, ==, G_N_ELEMENTS (export_cases));

  for (guint i = 0; i < n_lines; i++)
    {
      const ExportCase *c = &export_cases[i];
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      JsonArray *flags;
      g_autofree guint8 *decoded = NULL;
      gsize decoded_len;
      GEnumClass *direction_class = g_type_class_peek (FIFOLAB_TYPE_DIRECTION);
      guint flag_bits = 0;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));

      g_assert_cmpint (json_object_get_int_member (object, "serial"), ==, first_serial + i);
      g_assert_true (g_regex_match (time_re, json_object_get_string_member (object, "time"), 0, NULL));
      g_assert_cmpint (json_object_get_int_member (object, "mono_us"), ==, 1000 + i);
      g_assert_cmpstr (json_object_get_string_member (object, "direction"), ==,
                       g_enum_get_value (direction_class, c->direction)->value_nick);
      if (c->direction == FIFOLAB_DIRECTION_EVENT)
        {
          g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "no-reader");
          g_assert_cmpuint (strlen (json_object_get_string_member (object, "explanation")), >, 0);
        }
      else
        {
          g_assert_false (json_object_has_member (object, "event"));
          g_assert_false (json_object_has_member (object, "explanation"));
        }
      if (c->pipe != NULL)
        assert_pipe_recovered (c->pipe, json_object_get_string_member (object, "pipe"),
                               json_object_get_string_member_with_default (object, "pipe_base64", NULL));
      else
        g_assert_true (json_object_get_null_member (object, "pipe"));
      if (c->sender >= 0)
        g_assert_cmpint (json_object_get_int_member (object, "sender_pid"), ==, c->sender);
      else
        g_assert_true (json_object_get_null_member (object, "sender_pid"));
      if (c->receiver >= 0)
        g_assert_cmpint (json_object_get_int_member (object, "receiver_pid"), ==, c->receiver);
      else
        g_assert_true (json_object_get_null_member (object, "receiver_pid"));
      g_assert_cmpint (json_object_get_int_member (object, "size"), ==, c->len);

      flags = json_object_get_array_member (object, "flags");
      for (guint j = 0; j < json_array_get_length (flags); j++)
        {
          GFlagsClass *flags_class = g_type_class_peek (FIFOLAB_TYPE_MESSAGE_FLAGS);
          GFlagsValue *v = g_flags_get_value_by_nick (flags_class,
                                                      json_array_get_string_element (flags, j));
          g_assert_nonnull (v);
          flag_bits |= v->value;
        }
      g_assert_cmpuint (flag_bits, ==, c->flags);

      /* Byte exact, whichever encoding was chosen. */
      if (c->expect_text)
        {
          const char *text = json_object_get_string_member (object, "text");

          g_assert_false (json_object_has_member (object, "base64"));
          g_assert_cmpmem (text, strlen (text), c->data, c->len);
        }
      else
        {
          g_assert_false (json_object_has_member (object, "text"));
          decoded = g_base64_decode (json_object_get_string_member (object, "base64"), &decoded_len);
          g_assert_cmpmem (decoded, decoded_len, c->data, c->len);
        }
    }
}

/* A small RFC 4180 reader: rows of fields (GStrv can hold no NUL, and CSV text
 * never has one: binary data is base64). */
static GPtrArray *
parse_csv (const char *data,
           gsize       len)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GPtrArray *row = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  gsize i = 0;

  while (i < len)
    {
      if (data[i] == '"')
        {
          i++;
          for (;;)
            {
              g_assert_cmpuint (i, <, len);
              if (data[i] == '"')
                {
                  if (i + 1 < len && data[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i += 2;
                      continue;
                    }
                  i++;
                  break;
                }
              g_string_append_c (field, data[i++]);
            }
        }
      else
        {
          while (i < len && data[i] != ',' && data[i] != '\r' && data[i] != '\n')
            {
              g_assert_cmpint (data[i], !=, '"');
              g_string_append_c (field, data[i++]);
            }
        }

      g_ptr_array_add (row, g_strdup (field->str));
      g_string_truncate (field, 0);

      if (i < len && data[i] == ',')
        {
          i++;
          continue;
        }

      /* End of record: exactly CRLF. */
      g_assert_cmpuint (i + 1, <, len);
      g_assert_cmpint (data[i], ==, '\r');
      g_assert_cmpint (data[i + 1], ==, '\n');
      i += 2;
      g_ptr_array_add (row, NULL);
      g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
      row = g_ptr_array_new ();
    }

  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_free (row, TRUE);
  g_string_free (field, TRUE);
  return rows;
}

static void
check_csv (GBytes  *bytes,
           guint64  first_serial)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GPtrArray) rows = parse_csv (data, len);
  const char *header[] = { "serial", "time", "direction", "event", "pipe", "sender_pid",
                           "receiver_pid", "size", "encoding", "data", "pipe_base64", "framing",
                           NULL };

  g_assert_true (g_utf8_validate (data, len, NULL));
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (export_cases) + 1);
  g_assert_cmpstrv (g_ptr_array_index (rows, 0), header);

  for (guint i = 0; i < G_N_ELEMENTS (export_cases); i++)
    {
      const ExportCase *c = &export_cases[i];
      char **f = g_ptr_array_index (rows, i + 1);
      g_autofree char *serial = g_strdup_printf ("%" G_GUINT64_FORMAT, first_serial + i);
      g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, c->len);

      g_assert_cmpuint (g_strv_length (f), ==, 12);
      /* Appended without a framing (fifolab_log_append()). */
      g_assert_cmpstr (f[11], ==, "");
      g_assert_cmpstr (f[0], ==, serial);
      g_assert_true (g_str_has_suffix (f[1], "Z"));
      g_assert_cmpstr (f[3], ==, c->direction == FIFOLAB_DIRECTION_EVENT ? "no-reader" : "");
      if (c->pipe != NULL)
        assert_pipe_recovered (c->pipe, f[4], f[10]);
      else
        g_assert_cmpstr (f[4], ==, "");
      if (c->sender >= 0)
        g_assert_cmpint (g_ascii_strtoll (f[5], NULL, 10), ==, c->sender);
      else
        g_assert_cmpstr (f[5], ==, "");
      if (c->receiver >= 0)
        g_assert_cmpint (g_ascii_strtoll (f[6], NULL, 10), ==, c->receiver);
      else
        g_assert_cmpstr (f[6], ==, "");
      g_assert_cmpstr (f[7], ==, size);

      if (c->expect_text)
        {
          g_assert_cmpstr (f[8], ==, "text");
          g_assert_cmpmem (f[9], strlen (f[9]), c->data, c->len);
        }
      else
        {
          g_autofree guint8 *decoded = NULL;
          gsize decoded_len;

          g_assert_cmpstr (f[8], ==, "base64");
          decoded = g_base64_decode (f[9], &decoded_len);
          g_assert_cmpmem (decoded, decoded_len, c->data, c->len);
        }
    }
}

static GBytes *
expected_seed_text (void)
{
  GByteArray *expected = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (export_cases); i++)
    {
      const ExportCase *c = &export_cases[i];
      g_autofree char *prefix = NULL;

      if (c->direction != FIFOLAB_DIRECTION_RECEIVED)
        continue;
      prefix = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => ", c->receiver);
      g_byte_array_append (expected, (const guint8 *) prefix, strlen (prefix));
      g_byte_array_append (expected, (const guint8 *) c->data, c->len);
      g_byte_array_append (expected, (const guint8 *) "\n", 1);
    }

  return g_byte_array_free_to_bytes (expected);
}

static void
test_export (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GBytes) jsonl = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) expected = expected_seed_text ();

  /* Some history evicted first, so serials do not start at 0; the entries are
   * exported before any flush (stored counts, not announced). */
  fifolab_log_set_cap (log, G_N_ELEMENTS (export_cases));
  for (guint i = 0; i < 5; i++)
    append_text (log, "old");
  fill_export_log (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);

  jsonl = export_to_bytes (log, FIFOLAB_EXPORT_JSON_LINES);
  check_jsonl (jsonl, 5);

  csv = export_to_bytes (log, FIFOLAB_EXPORT_CSV);
  check_csv (csv, 5);

  text = export_to_bytes (log, FIFOLAB_EXPORT_SEED_TEXT);
  g_assert_cmpmem (g_bytes_get_data (text, NULL), g_bytes_get_size (text),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
test_export_time (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GBytes) jsonl = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;

  /* 2023-11-14T22:13:20.000007Z, then a time before 1970. */
  fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, 0, 0, NULL, -1, 1,
                      G_GINT64_CONSTANT (1700000000000007), 0, (const guint8 *) "a", 1);
  fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, 0, 0, NULL, -1, 1,
                      -1, 0, (const guint8 *) "b", 1);
  jsonl = export_to_bytes (log, FIFOLAB_EXPORT_JSON_LINES);
  lines = g_strsplit (g_bytes_get_data (jsonl, NULL), "\n", -1);

  g_assert_true (json_parser_load_from_data (parser, lines[0], -1, NULL));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "time"),
                   ==, "2023-11-14T22:13:20.000007Z");
  g_assert_true (json_parser_load_from_data (parser, lines[1], -1, NULL));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "time"),
                   ==, "1969-12-31T23:59:59.999999Z");
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;
  gboolean ok = fifolab_log_export_finish (FIFOLAB_LOG (object), result, error);

  g_assert_true (ok == (*error == NULL));
  /* Mark done even on failure: error set or a sentinel. */
  if (ok)
    g_object_set_data (object, "export-done", GINT_TO_POINTER (1));
  else
    g_object_set_data (object, "export-failed", GINT_TO_POINTER (1));
}

static gboolean
export_finished (gpointer data)
{
  return g_object_get_data (data, "export-done") != NULL ||
         g_object_get_data (data, "export-failed") != NULL;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_export_async (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "log.jsonl", NULL);
  g_autofree char *text_path = g_build_filename (dir, "log.txt", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "log.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autoptr(GBytes) expected = expected_seed_text ();
  FifolabLog *log = fifolab_log_new ();
  GError *error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  FifolabExportFormat format;

  fill_export_log (log);
  g_assert_true (g_file_set_contents (path, "previous contents", -1, NULL));

  g_assert_true (fifolab_export_format_from_filename (path, &format));
  fifolab_log_export_async (log, format, file, NULL, export_done_cb, &error);
  /* The export works on a snapshot: the log may change meanwhile. */
  fifolab_log_clear (log);
  for (guint i = 0; i < 5000; i++)
    append_text (log, "later");
  g_assert_true (fifolab_test_wait_until (export_finished, log, 10000));
  g_assert_no_error (error);
  g_assert_nonnull (g_object_get_data (G_OBJECT (log), "export-done"));

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
    check_jsonl (bytes, 0);
  }

  /* Seed text to a new file. */
  fifolab_log_clear (log);
  fill_export_log (log);
  g_object_set_data (G_OBJECT (log), "export-done", NULL);
  g_assert_true (fifolab_export_format_from_filename (text_path, &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_SEED_TEXT);
  fifolab_log_export_async (log, format, text_file, NULL, export_done_cb, &error);
  g_assert_true (fifolab_test_wait_until (export_finished, log, 10000));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (text_path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));

  /* A folder that does not exist: an error, not a crash. */
  g_object_set_data (G_OBJECT (log), "export-done", NULL);
  fifolab_log_export_async (log, FIFOLAB_EXPORT_CSV, bad_file, NULL, export_done_cb, &error);
  g_assert_true (fifolab_test_wait_until (export_finished, log, 10000));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The task held the log; once done, the log goes away cleanly. (The worker
   * thread may drop the task's last reference a moment after the callback.) */
  g_object_add_weak_pointer (G_OBJECT (log), (gpointer *) &log);
  g_object_unref (log);
  g_assert_true (fifolab_test_wait_until (is_null, &log, 5000));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Exporting to a file is all or nothing. */

#define FULL_LIMIT (64 * 1024)

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The names in @dir, sorted, joined with spaces ("" when empty). */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Exports @log to @path and waits: the error, or NULL. */
static GError *
export_to_file (FifolabLog *log,
                const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  FifolabExportFormat format;
  GError *error = NULL;

  g_object_set_data (G_OBJECT (log), "export-done", NULL);
  g_object_set_data (G_OBJECT (log), "export-failed", NULL);
  g_assert_true (fifolab_export_format_from_filename (path, &format));
  fifolab_log_export_async (log, format, file, NULL, export_done_cb, &error);
  g_assert_true (fifolab_test_wait_until (export_finished, log, 10000));
  return error;
}

/* A log whose export is far larger than FULL_LIMIT. */
static FifolabLog *
big_log (void)
{
  FifolabLog *log = fifolab_log_new ();
  g_autofree char *line = g_strnfill (1000, 'x');

  for (guint i = 0; i < 8 * FULL_LIMIT / 1000; i++)
    append_text (log, line);
  return log;
}

/* A full disk, for real: in a child process whose file size limit
 * (RLIMIT_FSIZE, SIGXFSZ ignored) makes write() fail with EFBIG at 64 KiB.
 * The export fails with a clear error and leaves the folder as it was: the
 * old file untouched, or no file; no temporary file. */
static void
test_export_full (gconstpointer data)
{
  gboolean existing = GPOINTER_TO_INT (data);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *contents = NULL;

  if (g_test_subprocess ())
    {
      struct rlimit limit = { FULL_LIMIT, FULL_LIMIT };
      g_autoptr(FifolabLog) log = big_log ();
      g_autoptr(GError) error = NULL;

      g_assert_true (signal (SIGXFSZ, SIG_IGN) != SIG_ERR);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      error = export_to_file (log, g_getenv ("FIFOLAB_TEST_EXPORT"));
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpstr (error->message, !=, "");
      g_test_message ("export error: %s", error->message);
      return;
    }

  dir = fifolab_test_tmpdir_new ();
  path = g_build_filename (dir, "new.jsonl", NULL);
  if (existing)
    g_assert_true (g_file_set_contents (path, "previous contents\n", -1, NULL));

  g_setenv ("FIFOLAB_TEST_EXPORT", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("FIFOLAB_TEST_EXPORT");
  g_test_trap_assert_passed ();

  listing = list_dir (dir);
  if (existing)
    {
      g_assert_cmpstr (listing, ==, "new.jsonl");
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "previous contents\n");
    }
  else
    g_assert_cmpstr (listing, ==, "");

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A successful export replaces the file whole, keeps its permissions and
 * leaves no temporary file. */
static void
test_export_replace (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "log.csv", NULL);
  g_autofree char *listing = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(FifolabLog) log = big_log ();
  g_autoptr(GBytes) expected = export_to_bytes (log, FIFOLAB_EXPORT_CSV);
  g_autoptr(GError) error = NULL;
  gsize len;
  struct stat st;

  g_assert_true (g_file_set_contents (path, "previous contents\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  error = export_to_file (log, path);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0640);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "log.csv");

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

#define NOBODY 65534

/* A file its owner made read-only is not replaced behind its back (the
 * rename would only need the folder's permission): the export is refused,
 * as a shell's ">" would be. Run as nobody in a child when the tests run as
 * root, whom permissions do not stop. */
static void
test_export_read_only (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(FifolabLog) log = fifolab_log_new ();
      g_autoptr(GError) error = NULL;

      if (geteuid () == 0)
        g_assert_true (setgid (NOBODY) == 0 && setuid (NOBODY) == 0);
      fill_export_log (log);
      error = export_to_file (log, g_getenv ("FIFOLAB_TEST_EXPORT"));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      return;
    }

  dir = fifolab_test_tmpdir_new ();
  path = g_build_filename (dir, "kept.jsonl", NULL);
  g_assert_true (g_file_set_contents (path, "previous contents\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  if (geteuid () == 0)
    {
      g_assert_cmpint (chown (dir, NOBODY, NOBODY), ==, 0);
      g_assert_cmpint (chown (path, NOBODY, NOBODY), ==, 0);
    }

  g_setenv ("FIFOLAB_TEST_EXPORT", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("FIFOLAB_TEST_EXPORT");
  g_test_trap_assert_passed ();

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "previous contents\n");
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "kept.jsonl");
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
assert_symlink (const char *path,
                const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *read = g_file_read_link (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (read, ==, target);
}

/* A symlink is followed, never replaced by a regular file: the export goes
 * to the file it names (through a chain, even a dangling one). Something that
 * is not a regular file is refused and left alone. */
static void
test_export_symlink (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *real = g_build_filename (dir, "real.jsonl", NULL);
  g_autofree char *link = g_build_filename (dir, "link.jsonl", NULL);
  g_autofree char *chain = g_build_filename (dir, "chain.jsonl", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.jsonl", NULL);
  g_autofree char *absent = g_build_filename (dir, "sub", "absent.jsonl", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *to_fifo = g_build_filename (dir, "to-fifo.jsonl", NULL);
  g_autofree char *to_dev = g_build_filename (dir, "to-dev.jsonl", NULL);
  g_autofree char *subdir = g_build_filename (dir, "sub", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  struct stat st;

  fill_export_log (log);
  expected = export_to_bytes (log, FIFOLAB_EXPORT_JSON_LINES);
  g_assert_true (g_file_set_contents (real, "previous contents\n", -1, NULL));
  g_assert_cmpint (symlink ("real.jsonl", link), ==, 0);
  g_assert_cmpint (symlink ("link.jsonl", chain), ==, 0);
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
  g_assert_cmpint (symlink ("sub/absent.jsonl", dangling), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("fifo", to_fifo), ==, 0);
  g_assert_cmpint (symlink ("/dev/full", to_dev), ==, 0);

  error = export_to_file (log, chain);
  g_assert_no_error (error);
  assert_symlink (chain, "link.jsonl");
  assert_symlink (link, "real.jsonl");
  g_assert_true (g_file_get_contents (real, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_clear_pointer (&contents, g_free);

  error = export_to_file (log, dangling);
  g_assert_no_error (error);
  assert_symlink (dangling, "sub/absent.jsonl");
  g_assert_true (g_file_get_contents (absent, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));

  /* Not regular files: refused, named, left as they are. */
  error = export_to_file (log, to_fifo);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "fifo"));
  g_clear_error (&error);
  assert_symlink (to_fifo, "fifo");
  g_assert_cmpint (lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));

  error = export_to_file (log, to_dev);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  assert_symlink (to_dev, "/dev/full");

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "chain.jsonl dangling.jsonl fifo link.jsonl real.jsonl sub to-dev.jsonl to-fifo.jsonl");
  g_clear_pointer (&listing, g_free);
  listing = list_dir (subdir);
  g_assert_cmpstr (listing, ==, "absent.jsonl");

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Flags found after an entry was appended (a torn message, an unseen pid) land
 * on the entry itself; a view showing it is told with items-changed. */
static void
test_add_flags (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  Tracker tracker = { 0 };
  guint64 first, second, third;
  GError *error = NULL;

  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &tracker);

  first = append_text (log, "Hello from pid [1]");
  second = append_text (log, "Hello from pid [2]");

  /* Not yet announced: changed quietly, seen when announced. */
  g_assert_true (_fifolab_log_add_flags (log, second, FIFOLAB_MESSAGE_TORN));
  g_assert_cmpuint (tracker.n_signals, ==, 0);
  fifolab_log_flush (log);
  g_assert_cmpuint (tracker.n_signals, ==, 1);
  {
    g_autoptr(FifolabLogEntry) e1 = get_entry (log, 0);
    g_autoptr(FifolabLogEntry) e2 = get_entry (log, 1);
    g_assert_cmpuint (fifolab_log_entry_get_flags (e1), ==, FIFOLAB_MESSAGE_NONE);
    g_assert_cmpuint (fifolab_log_entry_get_flags (e2), ==, FIFOLAB_MESSAGE_TORN);
  }

  /* Announced: its row is replaced, and the flags add up. */
  g_assert_true (_fifolab_log_add_flags (log, second, FIFOLAB_MESSAGE_PID_UNSEEN));
  g_assert_cmpuint (tracker.n_signals, ==, 2);
  g_assert_cmpuint (tracker.last_position, ==, 1);
  g_assert_cmpuint (tracker.last_removed, ==, 1);
  g_assert_cmpuint (tracker.last_added, ==, 1);
  {
    g_autoptr(FifolabLogEntry) e2 = get_entry (log, 1);
    g_assert_cmpuint (fifolab_log_entry_get_flags (e2), ==,
                      FIFOLAB_MESSAGE_TORN | FIFOLAB_MESSAGE_PID_UNSEEN);
  }
  /* Nothing new: nothing announced. */
  g_assert_true (_fifolab_log_add_flags (log, second, FIFOLAB_MESSAGE_TORN));
  g_assert_cmpuint (tracker.n_signals, ==, 2);

  /* Unknown serials and evicted entries. */
  g_assert_false (_fifolab_log_add_flags (log, second + 100, FIFOLAB_MESSAGE_TORN));
  fifolab_log_set_cap (log, 2);
  third = append_text (log, "Hello from pid [3]");
  fifolab_log_flush (log);
  g_assert_false (_fifolab_log_add_flags (log, first, FIFOLAB_MESSAGE_TORN));
  g_assert_true (_fifolab_log_add_flags (log, third, FIFOLAB_MESSAGE_TORN));
  fifolab_log_clear (log);
  g_assert_false (_fifolab_log_add_flags (log, third, FIFOLAB_MESSAGE_TORN));

  /* An export running in a thread reads the entries as they were when it
   * started, while the log's own entry takes the flag. */
  {
    g_autofree char *dir = fifolab_test_tmpdir_new ();
    g_autofree char *path = g_build_filename (dir, "log.jsonl", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *contents = NULL;

    fifolab_log_set_cap (log, 0);
    for (guint i = 0; i < 5000; i++)
      third = append_text (log, "Hello from pid [3]");
    fifolab_log_export_async (log, FIFOLAB_EXPORT_JSON_LINES, file, NULL, export_done_cb, &error);
    g_assert_true (_fifolab_log_add_flags (log, third, FIFOLAB_MESSAGE_TORN));
    g_assert_true (fifolab_test_wait_until (export_finished, log, 10000));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_null (strstr (contents, "torn"));
    fifolab_log_flush (log);
    {
      g_autoptr(FifolabLogEntry) e = get_entry (log, fifolab_log_get_n_stored (log) - 1);
      g_assert_cmpuint (fifolab_log_entry_get_flags (e), ==, FIFOLAB_MESSAGE_TORN);
    }
    fifolab_test_tmpdir_free (g_steal_pointer (&dir));
  }
}

static void
test_format_from_filename (void)
{
  FifolabExportFormat format = FIFOLAB_EXPORT_CSV;

  g_assert_true (fifolab_export_format_from_filename ("a/b/log.jsonl", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_JSON_LINES);
  g_assert_true (fifolab_export_format_from_filename ("x.JSON", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_JSON_LINES);
  g_assert_true (fifolab_export_format_from_filename ("x.csv", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_CSV);
  g_assert_true (fifolab_export_format_from_filename ("x.txt", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_SEED_TEXT);
  g_assert_true (fifolab_export_format_from_filename ("x.tar.log", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_SEED_TEXT);

  format = FIFOLAB_EXPORT_CSV;
  g_assert_false (fifolab_export_format_from_filename ("x.pdf", &format));
  g_assert_false (fifolab_export_format_from_filename ("noext", &format));
  g_assert_false (fifolab_export_format_from_filename ("dir.csv/file", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_CSV);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log/new-destroy", test_new_destroy);
  g_test_add_func ("/log/round-trip", test_round_trip);
  g_test_add_func ("/log/big-payloads", test_big_payloads);
  g_test_add_func ("/log/batching", test_batching);
  g_test_add_func ("/log/batching-under-load", test_batching_under_load);
  g_test_add_func ("/log/add-flags", test_add_flags);
  g_test_add_func ("/log/cap", test_cap);
  g_test_add_func ("/log/cap-unpublished", test_cap_unpublished);
  g_test_add_func ("/log/clear", test_clear);
  g_test_add_func ("/log/memory", test_memory);
  g_test_add_func ("/log/export", test_export);
  g_test_add_func ("/log/export-time", test_export_time);
  g_test_add_func ("/log/export-async", test_export_async);
  g_test_add_data_func ("/log/export-full/new", GINT_TO_POINTER (FALSE), test_export_full);
  g_test_add_data_func ("/log/export-full/existing", GINT_TO_POINTER (TRUE), test_export_full);
  g_test_add_func ("/log/export-replace", test_export_replace);
  g_test_add_func ("/log/export-read-only", test_export_read_only);
  g_test_add_func ("/log/export-symlink", test_export_symlink);
  g_test_add_func ("/log/format-from-filename", test_format_from_filename);

  return g_test_run ();
}
