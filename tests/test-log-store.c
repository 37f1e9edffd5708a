/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The log's store (fifolab-log-store.c): records, payload chunks, the bytes a
 * row wraps, snapshots. */
#include "config.h"

#include <string.h>

#include "fifolab-log.h"
#include "fifolab-log-private.h"
#include "fifolab-log-store.h"
#include "fifolab-test-util.h"

static guint64
store_append (FifolabLogStore *store,
              const char      *text,
              gsize            len)
{
  guint64 serial = store->next_serial;
  FifolabLogRecord *record = fifolab_log_store_append (store, NULL, (const guint8 *) text, len);

  g_assert_cmpuint (record->len, ==, len);
  record->wall_us = record->mono_us = 0;
  record->sender_pid = record->receiver_pid = -1;
  record->flags = 0;
  record->direction = FIFOLAB_DIRECTION_RECEIVED;
  record->framing = 0;
  record->kind = 0;
  return serial;
}

static void
assert_bytes_text (GBytes     *bytes,
                   const char *text,
                   gsize       len)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpmem (data, size, text, len);
}

/* A payload's GBytes is the stored bytes, not a copy, and it keeps them: the
 * chunk is neither shrunk (moved) nor freed while a GBytes holds it, however
 * the store goes on. */
static void
test_bytes_wrap_the_store (void)
{
  FifolabLogStore store = { 0 };
  g_autofree char *big = g_strnfill (200 * 1024, 'b');
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) empty = NULL;
  guint64 serial;

  fifolab_log_store_init (&store);
  serial = store_append (&store, "Hello from pid [1]", 18);
  store_append (&store, "", 0);

  first = fifolab_log_store_dup_bytes (&store, fifolab_log_store_record (&store, serial));
  again = fifolab_log_store_dup_bytes (&store, fifolab_log_store_record (&store, serial));
  /* Twice the same memory: no copy is made for a row. */
  g_assert_true (g_bytes_get_data (first, NULL) == g_bytes_get_data (again, NULL));
  assert_bytes_text (first, "Hello from pid [1]", 18);
  empty = fifolab_log_store_dup_bytes (&store, fifolab_log_store_record (&store, serial + 1));
  g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);

  /* A payload larger than what is left closes the chunk (shrunk to what it
   * holds only when nobody reads it), then everything is trimmed away and
   * more is stored: the bytes held are still the message. */
  store_append (&store, big, strlen (big));
  store.first_serial = store.next_serial;
  fifolab_log_store_trim (&store, store.first_serial);
  g_assert_cmpuint (store.n_phys, ==, 0);
  for (guint i = 0; i < 16; i++)
    store_append (&store, big, strlen (big));
  assert_bytes_text (first, "Hello from pid [1]", 18);

  fifolab_log_store_destroy (&store);
  /* Even the store gone. */
  assert_bytes_text (again, "Hello from pid [1]", 18);
}

/* A snapshot (what an export reads in a thread) reads the records and their
 * payloads, and keeps them when the store lets go. */
static void
test_snapshot_is_stable (void)
{
  FifolabLogStore store = { 0 };
  g_autoptr(FifolabLogSnapshot) snapshot = NULL;
  guint cursor = 0;

  fifolab_log_store_init (&store);
  store_append (&store, "one", 3);
  store_append (&store, "two", 3);
  g_assert_cmpuint (fifolab_log_store_intern_path (&store, "/tmp/p"), ==, 1);
  g_assert_cmpuint (fifolab_log_store_intern_path (&store, "/tmp/p"), ==, 1);
  g_assert_cmpstr (fifolab_log_store_get_path (&store, 1), ==, "/tmp/p");

  snapshot = fifolab_log_snapshot_new (&store);
  g_assert_cmpuint (snapshot->n, ==, 2);
  g_assert_cmpmem (fifolab_log_snapshot_payload (snapshot, fifolab_log_snapshot_record (snapshot, 1), &cursor), 3,
                   "two", 3);

  /* The snapshot keeps its paths when the store forgets them. */
  fifolab_log_store_forget_paths (&store);
  g_assert_cmpstr (g_ptr_array_index (snapshot->paths, 1), ==, "/tmp/p");
  fifolab_log_store_destroy (&store);
  g_assert_cmpmem (fifolab_log_snapshot_payload (snapshot, fifolab_log_snapshot_record (snapshot, 0), &cursor), 3,
                   "one", 3);
}

/* Rows of a FifolabLog wrap the stored payload: two rows of one entry share
 * its bytes, and a row outlives its entry's eviction and the log. */
static void
test_rows_share_payload (void)
{
  FifolabLog *log = fifolab_log_new ();
  g_autoptr(FifolabLogEntry) row = NULL;
  g_autoptr(FifolabLogEntry) same = NULL;
  GBytes *bytes;

  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_NONE,
                              FIFOLAB_FRAMING_LINE, "/tmp/p", 1, 2, 3, 4,
                              (const guint8 *) "hi", 2);
  fifolab_log_flush (log);
  row = g_list_model_get_item (G_LIST_MODEL (log), 0);
  same = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_assert_true (row != same);
  bytes = fifolab_log_entry_get_bytes (row);
  g_assert_true (g_bytes_get_data (bytes, NULL) == g_bytes_get_data (fifolab_log_entry_get_bytes (same), NULL));
  g_assert_cmpint (fifolab_log_entry_get_framing (row), ==, FIFOLAB_FRAMING_LINE);

  fifolab_log_set_cap (log, 1);
  for (guint i = 0; i < 1000; i++)
    fifolab_log_append_event (log, FIFOLAB_EVENT_CLOSED, "/tmp/p", "closed");
  fifolab_log_flush (log);
  fifolab_log_clear (log);
  g_assert_finalize_object (log);
  assert_bytes_text (fifolab_log_entry_get_bytes (row), "hi", 2);
}

/* Fills entry @i of the eviction test: its bytes say which entry it is. */
static void
fill_entry (guint8 *buf,
            gsize   len,
            guint   i)
{
  memset (buf, 'a' + i % 26, len);
  memcpy (buf, &i, sizeof i);
}

static void
evict_to (FifolabLogStore *store,
          guint64          serial)
{
  while (store->first_serial < serial)
    {
      store->payload_bytes -= fifolab_log_store_record (store, store->first_serial)->len;
      store->first_serial++;
    }
  fifolab_log_store_trim (store, store->first_serial);
}

/* The length of entry @i of a flood of 64 KiB reads where some reads come
 * short, as a reader's do when it catches up with the writer: at least one
 * in every 64, so each full-size chunk holds one. */
static gsize
short_read_len (guint i)
{
  return i % 50 == 5 ? 1000 + i % 7 : 64 * 1024;
}

/* The same flood, when some reads come short: the chunks are no longer
 * filled exactly, each one is closed with a tail smaller than the next read,
 * and it must keep its full size so that it can be the next chunk once
 * evicted (issue 13: every chunk of such a flood was fresh memory). Every
 * stored entry reads back as written, in order. */
static void
test_evicted_chunk_reused_short_reads (void)
{
  const gsize max_len = 64 * 1024;
  FifolabLogStore store = { 0 };
  g_autofree guint8 *buf = g_malloc (max_len);
  guint i = 0;
  guint n_reused = 0;

  fifolab_log_store_init (&store);

  for (; i < 1024; i++)
    {
      fill_entry (buf, short_read_len (i), i);
      store_append (&store, (const char *) buf, short_read_len (i));
    }

  for (guint round = 0; round < 8; round++)
    {
      FifolabLogChunk *spare;

      evict_to (&store, store.next_serial - 64);
      spare = store.spare;
      /* Evicting freed full-size chunks that nothing reads: one is kept. */
      g_assert_nonnull (spare);
      for (guint n = 0; n < 256; n++, i++)
        {
          fill_entry (buf, short_read_len (i), i);
          store_append (&store, (const char *) buf, short_read_len (i));
        }
      if (g_ptr_array_find (store.chunks, spare, NULL))
        n_reused++;
    }
  g_assert_cmpuint (n_reused, ==, 8);

  for (guint64 serial = store.first_serial; serial < store.next_serial; serial++)
    {
      g_autoptr(GBytes) bytes = fifolab_log_store_dup_bytes (&store, fifolab_log_store_record (&store, serial));

      fill_entry (buf, short_read_len ((guint) serial), (guint) serial);
      assert_bytes_text (bytes, (const char *) buf, short_read_len ((guint) serial));
    }

  evict_to (&store, store.next_serial);
  g_assert_null (store.spare);
  fifolab_log_store_destroy (&store);
}

/* A capped log under a flood evicts its oldest chunk as often as it fills a
 * new one: the new one is the old one's memory (no fresh pages to fault in),
 * unless something still reads the old one (a row's bytes), and every entry
 * stored reads back as it was written. An emptied store keeps no spare. */
static void
test_evicted_chunk_reused (void)
{
  const gsize len = 64 * 1024;
  FifolabLogStore store = { 0 };
  g_autofree guint8 *buf = g_malloc (len);
  g_autoptr(GBytes) held = NULL;
  guint64 held_serial = 0;
  guint i = 0;
  gboolean reused = FALSE;

  fifolab_log_store_init (&store);

  /* Past the growth of chunk sizes: several chunks of the largest size. */
  for (; i < 1024; i++)
    {
      fill_entry (buf, len, i);
      store_append (&store, (const char *) buf, len);
    }

  /* The oldest full-size chunk read by a row: kept as it is. */
  for (guint64 serial = store.first_serial; serial < store.next_serial; serial++)
    {
      g_autoptr(GBytes) bytes = fifolab_log_store_dup_bytes (&store, fifolab_log_store_record (&store, serial));

      if (fifolab_log_store_record (&store, serial)->offset >= 8 * 1024 * 1024)
        {
          held_serial = serial;
          held = g_steal_pointer (&bytes);
          break;
        }
    }
  g_assert_nonnull (held);

  /* Evict all but the last 64 entries, then keep flooding with eviction:
   * a full-size chunk nothing reads is kept, and is the next one. */
  for (guint round = 0; round < 8; round++)
    {
      FifolabLogChunk *spare;

      evict_to (&store, store.next_serial - 64);
      spare = store.spare;
      if (round > 0)
        g_assert_nonnull (spare);
      for (guint n = 0; n < 256; n++, i++)
        {
          fill_entry (buf, len, i);
          store_append (&store, (const char *) buf, len);
        }
      if (spare != NULL && g_ptr_array_find (store.chunks, spare, NULL))
        reused = TRUE;
    }
  g_assert_true (reused);

  /* Every stored entry is what was written, and so is the one held. */
  for (guint64 serial = store.first_serial; serial < store.next_serial; serial++)
    {
      g_autoptr(GBytes) bytes = fifolab_log_store_dup_bytes (&store, fifolab_log_store_record (&store, serial));

      fill_entry (buf, len, (guint) serial);
      assert_bytes_text (bytes, (const char *) buf, len);
    }
  fill_entry (buf, len, (guint) held_serial);
  assert_bytes_text (held, (const char *) buf, len);

  /* Emptied: nothing kept for later. */
  evict_to (&store, store.next_serial);
  g_assert_null (store.spare);
  g_assert_cmpuint (store.chunks->len, <=, 1);

  fifolab_log_store_destroy (&store);
}

/* A row showing an entry holds its payload chunk after the cap evicted the
 * entry; the chunk's memory then counts against the cap, so that the log's
 * payloads and what rows hold of them stay within it (issue 13: under a raw
 * flood such chunks took the window's RSS over the cap plus 150 MB). */
static void
test_held_chunk_counts_against_cap (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  const gsize big = 256 * 1024;
  const guint64 cap = 32 * 1024 * 1024;
  /* A full-size chunk under this cap (1/32 of it). */
  const gsize chunk = 1024 * 1024;
  g_autofree guint8 *payload = g_malloc (big);
  FifolabLogStore *store = _fifolab_log_get_store (log);
  FifolabLogEntry *row;
  guint i = 0;

  memset (payload, 'y', big);
  fifolab_log_set_memory_cap (log, cap);
  for (; i < 64; i++)
    fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                        "/tmp/p", -1, -1, 0, i, payload, big);
  fifolab_log_flush (log);

  /* A row shows the newest entry (in a full-size chunk) and keeps its bytes. */
  row = g_list_model_get_item (G_LIST_MODEL (log), g_list_model_get_n_items (G_LIST_MODEL (log)) - 1);
  g_assert_cmpuint (g_bytes_get_size (fifolab_log_entry_get_bytes (row)), ==, big);

  /* 64 MiB more: the cap evicts the row's entry; the row still holds its chunk. */
  for (; i < 320; i++)
    {
      fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                          "/tmp/p", -1, -1, 0, i, payload, big);
      g_assert_cmpuint (fifolab_log_get_memory_bytes (log) + fifolab_log_store_held_bytes (store), <=, cap);
    }
  g_assert_cmpuint (store->first_serial, >, 64);
  g_assert_cmpuint (store->released_bytes, >=, chunk);
  g_assert_cmpuint (fifolab_log_get_memory_bytes (log) + chunk, <=, cap);

  /* The row lets go: the chunk is freed or kept as the spare, no longer held. */
  g_object_unref (row);
  fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                      "/tmp/p", -1, -1, 0, i, payload, big);
  g_assert_cmpuint (store->released_bytes, ==, 0);
  g_assert_cmpuint (fifolab_log_store_held_bytes (store), <=, chunk);

  /* Emptied, the log gives everything back. */
  fifolab_log_clear (log);
  g_assert_cmpuint (fifolab_log_store_held_bytes (store), ==, 0);
}

/* A log under its memory cap and a flood of 64 KiB entries (some reads
 * short) makes each new chunk of the oldest one's memory: no chunk is
 * allocated once the flood has passed the cap, while no row holds one
 * (issue 13: with the spare counted against the cap, every other chunk was
 * fresh memory). The cap holds and the entries read back in order. */
static void
test_capped_flood_reuses_chunks (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  const guint64 cap = 32 * 1024 * 1024;
  const gsize max_len = 64 * 1024;
  g_autofree guint8 *buf = g_malloc (max_len);
  FifolabLogStore *store = _fifolab_log_get_store (log);
  guint64 made = 0;
  guint i = 0;

  fifolab_log_set_memory_cap (log, cap);
  for (; i < 3000; i++)
    {
      gsize len = short_read_len (i);

      fill_entry (buf, len, i);
      fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                          "/tmp/p", -1, -1, 0, i, buf, len);
      g_assert_cmpuint (fifolab_log_get_memory_bytes (log) + fifolab_log_store_held_bytes (store), <=, cap);
      if (i % 500 == 0)
        fifolab_log_flush (log);
      /* Well past the cap (32 MiB is about 520 entries). */
      if (i == 1000)
        made = store->n_chunks_made;
    }
  /* Twice: the first keeps the evicted entries the flush at 2,500 added
   * (KEPT_ENTRIES in fifolab-log.c), the second removes them. */
  fifolab_log_flush (log);
  fifolab_log_flush (log);

  /* 2,000 entries, 31 full-size chunks: none new. */
  g_assert_cmpuint (store->n_chunks_made, ==, made);
  g_assert_cmpuint (store->first_serial, >, 2000);

  for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (log)); k++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), k);
      guint64 serial = fifolab_log_entry_get_serial (entry);

      g_assert_cmpuint (serial, ==, store->first_serial + k);
      fill_entry (buf, short_read_len ((guint) serial), (guint) serial);
      assert_bytes_text (fifolab_log_entry_get_bytes (entry), (const char *) buf,
                         short_read_len ((guint) serial));
    }
}

/* A small memory cap (a user's choice in Preferences, a few MiB) under a
 * flood of 64 KiB reads: the log keeps about the cap's worth of entries, and
 * the payload memory it holds (its chunks, the spare, the chunks rows hold)
 * stays near the cap. Chunks grew to 4 MiB whatever the cap: a 4 MiB open
 * chunk (its pages taken at once) held more than a 2 MiB cap, and the 4 MiB
 * spare chunk counted against the cap left room for one entry only. */
static void
test_small_cap_keeps_its_entries (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  const guint64 cap = 2 * 1024 * 1024;
  const gsize max_len = 64 * 1024;
  g_autofree guint8 *buf = g_malloc (max_len);
  FifolabLogStore *store = _fifolab_log_get_store (log);
  guint64 least_kept = G_MAXUINT64;

  fifolab_log_set_memory_cap (log, cap);
  for (guint i = 0; i < 600; i++)
    {
      gsize len = short_read_len (i);

      fill_entry (buf, len, i);
      fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, 0,
                          "/tmp/p", -1, -1, 0, i, buf, len);
      if (i % 100 == 0)
        fifolab_log_flush (log);
      g_assert_cmpuint (fifolab_log_get_memory_bytes (log) + fifolab_log_store_held_bytes (store), <=, cap);
      /* What the payloads really take: every chunk's capacity, the spare and
       * the chunks held elsewhere; within an eighth more than the cap. */
      g_assert_cmpuint (store->chunk_bytes + fifolab_log_store_held_bytes (store), <=, cap + cap / 8);
      if (i >= 100)
        least_kept = MIN (least_kept, fifolab_log_get_memory_bytes (log));
    }
  fifolab_log_flush (log);
  fifolab_log_flush (log);

  /* Once the flood passed the cap, the log kept at least seven eighths of
   * the cap's worth of entries at every append (about 30 of 64 KiB). */
  g_assert_cmpuint (least_kept, >=, cap - cap / 8);
  g_assert_cmpuint (fifolab_log_get_n_stored (log), >=, 26);

  for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (log)); k++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), k);
      guint64 serial = fifolab_log_entry_get_serial (entry);

      fill_entry (buf, short_read_len ((guint) serial), (guint) serial);
      assert_bytes_text (fifolab_log_entry_get_bytes (entry), (const char *) buf,
                         short_read_len ((guint) serial));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log-store/bytes-wrap-the-store", test_bytes_wrap_the_store);
  g_test_add_func ("/log-store/snapshot-is-stable", test_snapshot_is_stable);
  g_test_add_func ("/log-store/rows-share-payload", test_rows_share_payload);
  g_test_add_func ("/log-store/evicted-chunk-reused", test_evicted_chunk_reused);
  g_test_add_func ("/log-store/evicted-chunk-reused-short-reads", test_evicted_chunk_reused_short_reads);
  g_test_add_func ("/log-store/held-chunk-counts-against-cap", test_held_chunk_counts_against_cap);
  g_test_add_func ("/log-store/capped-flood-reuses-chunks", test_capped_flood_reuses_chunks);
  g_test_add_func ("/log-store/small-cap-keeps-its-entries", test_small_cap_keeps_its_entries);

  return g_test_run ();
}
