/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The log view's reveal model on its own: a prefix of another model that a
 * burst at the end of a short list enters a few items a frame. The frame
 * clock is a real window's, under a display. */
#include "config.h"

#include <gtk/gtk.h>

#include "fifolab-log-reveal.h"
#include "fifolab-ui-test-util.h"

/* Only bounds a failure: each frame reveals FIFOLAB_LOG_REVEAL_STEP items. */
#define TIMEOUT_MS 30000

typedef struct
{
  GtkWindow        *window;
  GdkFrameClock    *clock;
  GListStore       *store;
  FifolabLogReveal *reveal;
  /* What the reveal model announced. */
  guint             n_changes;
  guint             added_this_frame;
  guint             most_added_in_a_frame;
  guint             n_frames;
  gulong            after_paint_id;
} Fixture;

static void
reveal_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Fixture    *fixture)
{
  fixture->n_changes++;
  fixture->added_this_frame += added;
  fixture->most_added_in_a_frame = MAX (fixture->most_added_in_a_frame, fixture->added_this_frame);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Fixture       *fixture)
{
  fixture->added_this_frame = 0;
  fixture->n_frames++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  fixture->reveal = fifolab_log_reveal_new ();
  g_signal_connect (fixture->reveal, "items-changed", G_CALLBACK (reveal_changed_cb), fixture);

  fixture->window = fifolab_ui_test_present (gtk_label_new (NULL), 200, 100, TIMEOUT_MS);
  fixture->clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window)));
  g_assert_nonnull (fixture->clock);
  fixture->after_paint_id = g_signal_connect (fixture->clock, "after-paint", G_CALLBACK (after_paint_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_signal_handler (&fixture->after_paint_id, fixture->clock);
  g_assert_finalize_object (fixture->reveal);
  g_assert_finalize_object (fixture->store);
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->clock);
  fifolab_test_run_for (20);
}

static void
append_items (GListStore *store,
              guint       n)
{
  guint first = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      char text[32];

      g_snprintf (text, sizeof text, "item %u", first + i);
      g_ptr_array_add (items, gtk_string_object_new (text));
    }
  g_list_store_splice (store, first, 0, items->pdata, n);
}

static guint
n_items (gpointer model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

/* The reveal model shows a prefix of the store: the same items, in order. */
static void
assert_prefix (Fixture *fixture)
{
  guint n = n_items (fixture->reveal);

  g_assert_cmpuint (n, <=, n_items (fixture->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) shown = g_list_model_get_item (G_LIST_MODEL (fixture->reveal), i);
      g_autoptr(GObject) stored = g_list_model_get_item (G_LIST_MODEL (fixture->store), i);

      g_assert_true (shown == stored);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->reveal), n));
}

static gboolean
all_revealed (gpointer data)
{
  Fixture *fixture = data;

  return n_items (fixture->reveal) == n_items (fixture->store);
}

static void
test_reveal_new_destroy (void)
{
  FifolabLogReveal *reveal = fifolab_log_reveal_new ();
  g_autoptr(GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);

  g_assert_true (G_IS_LIST_MODEL (reveal));
  g_assert_cmpuint (n_items (reveal), ==, 0);
  g_assert_null (fifolab_log_reveal_get_model (reveal));
  fifolab_log_reveal_set_model (reveal, G_LIST_MODEL (store));
  g_assert_true (fifolab_log_reveal_get_model (reveal) == G_LIST_MODEL (store));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (reveal)) == GTK_TYPE_STRING_OBJECT);
  g_assert_finalize_object (reveal);
}

/* Without a frame clock (the view not mapped) every change passes through. */
static void
test_reveal_no_clock (Fixture       *fixture,
                      gconstpointer  data)
{
  append_items (fixture->store, 10);
  fifolab_log_reveal_set_model (fixture->reveal, G_LIST_MODEL (fixture->store));
  g_assert_cmpuint (n_items (fixture->reveal), ==, 10);
  g_assert_cmpuint (fixture->n_changes, ==, 1);

  append_items (fixture->store, 1000);
  g_assert_cmpuint (n_items (fixture->reveal), ==, 1010);
  g_list_store_remove (fixture->store, 3);
  g_assert_cmpuint (n_items (fixture->reveal), ==, 1009);
  assert_prefix (fixture);

  fifolab_log_reveal_set_model (fixture->reveal, NULL);
  g_assert_cmpuint (n_items (fixture->reveal), ==, 0);
}

/* A burst into a short list: a few items a frame, until all are shown. */
static void
test_reveal_burst (Fixture       *fixture,
                   gconstpointer  data)
{
  guint burst = FIFOLAB_LOG_REVEAL_FREE / 2;

  fifolab_log_reveal_set_model (fixture->reveal, G_LIST_MODEL (fixture->store));
  fifolab_log_reveal_set_frame_clock (fixture->reveal, fixture->clock);
  fixture->most_added_in_a_frame = 0;

  append_items (fixture->store, burst);
  g_assert_cmpuint (n_items (fixture->reveal), <=, FIFOLAB_LOG_REVEAL_STEP);
  assert_prefix (fixture);

  /* The clock runs by itself until everything is shown. */
  g_assert_true (fifolab_test_wait_until (all_revealed, fixture, TIMEOUT_MS));
  assert_prefix (fixture);
  g_assert_cmpuint (fixture->most_added_in_a_frame, <=, FIFOLAB_LOG_REVEAL_STEP_MAX);
  g_assert_cmpuint (fixture->n_changes, >=, 2);
}

/* A burst as big as the rows a view keeps (a flood of big raw entries into
 * an empty log) is shown in a few frames, not 4 rows a frame: 64 frames back
 * to back, 50-130 ms each on GL under llvmpipe, starved the reader for
 * seconds (issue 13). Its first frame still makes few rows, and a single
 * entry after it shows at once. */
static void
test_reveal_burst_few_frames (Fixture       *fixture,
                              gconstpointer  data)
{
  fifolab_log_reveal_set_model (fixture->reveal, G_LIST_MODEL (fixture->store));
  fifolab_log_reveal_set_frame_clock (fixture->reveal, fixture->clock);
  fixture->most_added_in_a_frame = 0;

  append_items (fixture->store, 1);
  g_assert_cmpuint (n_items (fixture->reveal), ==, 1);
  append_items (fixture->store, FIFOLAB_LOG_REVEAL_FREE);
  g_assert_cmpuint (fixture->most_added_in_a_frame, <=, FIFOLAB_LOG_REVEAL_STEP);
  fixture->n_frames = 0;

  g_assert_true (fifolab_test_wait_until (all_revealed, fixture, TIMEOUT_MS));
  assert_prefix (fixture);
  /* 4, 8, 16, 32, 64, 64, 64, 64: 8 frames (4 a frame took 64). */
  g_assert_cmpuint (fixture->n_frames, <=, 12);
  g_assert_cmpuint (fixture->most_added_in_a_frame, <=, FIFOLAB_LOG_REVEAL_STEP_MAX);

  /* Shown: a single entry shows at once again. */
  fifolab_test_run_for (50);
  append_items (fixture->store, 1);
  g_assert_cmpuint (n_items (fixture->reveal), ==, n_items (fixture->store));
}

/* A long list has all its rows: new items show at once. */
static void
test_reveal_long (Fixture       *fixture,
                  gconstpointer  data)
{
  append_items (fixture->store, FIFOLAB_LOG_REVEAL_FREE);
  fifolab_log_reveal_set_frame_clock (fixture->reveal, fixture->clock);
  /* A new model shows whole at once, clock or not. */
  fifolab_log_reveal_set_model (fixture->reveal, G_LIST_MODEL (fixture->store));
  g_assert_cmpuint (n_items (fixture->reveal), ==, FIFOLAB_LOG_REVEAL_FREE);

  append_items (fixture->store, 1000);
  g_assert_cmpuint (n_items (fixture->reveal), ==, FIFOLAB_LOG_REVEAL_FREE + 1000);
  assert_prefix (fixture);
}

/* Two items shown, then a burst of @burst that waits; the first item removed
 * (evicted, say): gone at once. Returns how many were shown before. */
static guint
burst_then_evict (Fixture *fixture,
                  guint    burst)
{
  guint shown;

  append_items (fixture->store, 2);
  fifolab_log_reveal_set_model (fixture->reveal, G_LIST_MODEL (fixture->store));
  fifolab_log_reveal_set_frame_clock (fixture->reveal, fixture->clock);
  append_items (fixture->store, burst);
  shown = n_items (fixture->reveal);
  g_assert_cmpuint (shown, <, burst + 2);

  g_list_store_remove (fixture->store, 0);
  g_assert_cmpuint (n_items (fixture->reveal), ==, shown - 1);
  assert_prefix (fixture);
  return shown;
}

/* Changes inside the shown prefix show at once, while a burst still waits;
 * letting go of the clock shows what waits. */
static void
test_reveal_changes_while_waiting (Fixture       *fixture,
                                   gconstpointer  data)
{
  guint shown = burst_then_evict (fixture, 100);

  /* Inserted inside the prefix: shown at once, or it would not be a prefix. */
  {
    g_autoptr(GtkStringObject) item = gtk_string_object_new ("inserted");

    g_list_store_insert (fixture->store, 1, item);
  }
  g_assert_cmpuint (n_items (fixture->reveal), ==, shown);
  assert_prefix (fixture);

  /* Removed past the prefix: nothing shown changes. */
  g_list_store_remove (fixture->store, n_items (fixture->store) - 1);
  g_assert_cmpuint (n_items (fixture->reveal), ==, shown);

  /* Everything cleared: nothing shown, nothing waits. */
  g_list_store_remove_all (fixture->store);
  g_assert_cmpuint (n_items (fixture->reveal), ==, 0);

  /* Unmapped: what waits shows now. */
  append_items (fixture->store, 100);
  g_assert_cmpuint (n_items (fixture->reveal), <, 100);
  fifolab_log_reveal_set_frame_clock (fixture->reveal, NULL);
  g_assert_cmpuint (n_items (fixture->reveal), ==, 100);
  assert_prefix (fixture);
}

/* A short list whose front is evicted (a memory cap holding fewer than
 * FIFOLAB_LOG_REVEAL_FREE big entries) is full, not starting: what waits and
 * what comes next show at once, and the clock does not keep running. Until it
 * shows nothing again. */
static void
test_reveal_evicting (Fixture       *fixture,
                      gconstpointer  data)
{
  /* Evicted from the front: the log is full. */
  burst_then_evict (fixture, 20);
  append_items (fixture->store, 100);
  g_assert_cmpuint (n_items (fixture->reveal), ==, n_items (fixture->store));
  assert_prefix (fixture);

  /* Cleared: a burst into the empty list is spread over frames again. */
  g_list_store_remove_all (fixture->store);
  append_items (fixture->store, 100);
  g_assert_cmpuint (n_items (fixture->reveal), <=, FIFOLAB_LOG_REVEAL_STEP);
  g_assert_true (fifolab_test_wait_until (all_revealed, fixture, TIMEOUT_MS));
  assert_prefix (fixture);
}

/* A cap that evicts more than the list shows between two announcements (a
 * flood of big messages): every item shown goes from the front while the
 * store still holds others. The log is full, not starting: what comes next
 * shows at once, with what waited. (They were spread a few a frame again, and
 * the view fell behind the log for good, its front rows made for evicted
 * entries: issue 13.) */
static void
test_reveal_evicting_all_shown (Fixture       *fixture,
                                gconstpointer  data)
{
  guint shown;

  append_items (fixture->store, 2);
  fifolab_log_reveal_set_model (fixture->reveal, G_LIST_MODEL (fixture->store));
  fifolab_log_reveal_set_frame_clock (fixture->reveal, fixture->clock);
  append_items (fixture->store, 100);
  shown = n_items (fixture->reveal);
  g_assert_cmpuint (shown, <, 102);

  /* All those shown, and some that wait, evicted at once. */
  g_list_store_splice (fixture->store, 0, shown + 10, NULL, 0);
  g_assert_cmpuint (n_items (fixture->reveal), ==, 0);
  append_items (fixture->store, 100);
  g_assert_cmpuint (n_items (fixture->reveal), ==, n_items (fixture->store));
  assert_prefix (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  if (!fifolab_ui_test_init (&argc, &argv, &data_home))
    return 1;

  g_test_add_func ("/log-reveal/new-destroy", test_reveal_new_destroy);
  g_test_add ("/log-reveal/no-clock", Fixture, NULL, fixture_setup, test_reveal_no_clock, fixture_teardown);
  g_test_add ("/log-reveal/burst", Fixture, NULL, fixture_setup, test_reveal_burst, fixture_teardown);
  g_test_add ("/log-reveal/burst-few-frames", Fixture, NULL, fixture_setup, test_reveal_burst_few_frames,
              fixture_teardown);
  g_test_add ("/log-reveal/long", Fixture, NULL, fixture_setup, test_reveal_long, fixture_teardown);
  g_test_add ("/log-reveal/changes-while-waiting", Fixture, NULL,
              fixture_setup, test_reveal_changes_while_waiting, fixture_teardown);
  g_test_add ("/log-reveal/evicting", Fixture, NULL, fixture_setup, test_reveal_evicting, fixture_teardown);
  g_test_add ("/log-reveal/evicting-all-shown", Fixture, NULL,
              fixture_setup, test_reveal_evicting_all_shown, fixture_teardown);

  ret = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));
  return ret;
}
