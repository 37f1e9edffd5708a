/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FifolabHolderMonitor: one timer over the watched FIFOs, scans announced,
 * the interval chosen from the focus and the fast holds. Real FIFOs, real
 * processes holding them. */
#include "config.h"

#include "fifolab-fifo.h"
#include "fifolab-holder-monitor.h"
#include "fifolab-test-util.h"

#define TIMEOUT_MS 20000

typedef struct
{
  char                 *dir;
  char                 *path;
  char                 *other;
  FifolabHolderMonitor *monitor;
  guint                 n_scans;
  guint                 n_interval_notes;
  FifolabHolderScan    *last;
} Fixture;

static void
scanned_cb (FifolabHolderMonitor *monitor,
            FifolabHolderScan    *scan,
            Fixture              *fx)
{
  g_assert_true (fifolab_holder_monitor_get_scan (monitor) == scan);
  fx->n_scans++;
  g_set_object (&fx->last, scan);
}

static void
interval_cb (Fixture *fx)
{
  fx->n_interval_notes++;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = fifolab_test_tmpdir_new ();
  fx->path = g_build_filename (fx->dir, "pipe", NULL);
  fx->other = g_build_filename (fx->dir, "other", NULL);
  fifolab_fifo_create (fx->path, 0600, &error);
  g_assert_no_error (error);
  fifolab_fifo_create (fx->other, 0600, &error);
  g_assert_no_error (error);
  fx->monitor = fifolab_holder_monitor_new ();
  g_signal_connect (fx->monitor, "scanned", G_CALLBACK (scanned_cb), fx);
  g_signal_connect_swapped (fx->monitor, "notify::interval", G_CALLBACK (interval_cb), fx);
}

static gboolean
monitor_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  gpointer monitor = fx->monitor;

  g_clear_object (&fx->last);
  /* A scan in flight holds the monitor until its (cancelled) end: then it
   * goes with the last reference. */
  g_object_add_weak_pointer (monitor, &monitor);
  g_clear_object (&fx->monitor);
  g_assert_true (fifolab_test_wait_until (monitor_gone, &monitor, TIMEOUT_MS));
  g_clear_pointer (&fx->path, g_free);
  g_clear_pointer (&fx->other, g_free);
  g_clear_pointer (&fx->dir, fifolab_test_tmpdir_free);
}

typedef struct
{
  Fixture    *fx;
  const char *path;
  guint       n_holders;
  guint       after;   /* only scans after this many count */
} ScanWait;

static gboolean
scan_shows (gpointer data)
{
  ScanWait *w = data;

  return w->fx->n_scans > w->after && w->fx->last != NULL &&
         fifolab_holder_scan_count (w->fx->last, w->path, FIFOLAB_ACCESS_NONE) == w->n_holders;
}

/* The interval: slow with no window active, normal with one, the fastest
 * held while held, and back. */
static void
test_interval (Fixture       *fx,
               gconstpointer  data)
{
  FifolabHolderMonitor *m = fx->monitor;

  g_assert_cmpuint (fifolab_holder_monitor_get_interval (m), ==, FIFOLAB_HOLDER_MONITOR_SLOW_INTERVAL_MS);
  g_assert_cmpuint (FIFOLAB_HOLDER_MONITOR_INTERVAL_MS, <, FIFOLAB_HOLDER_MONITOR_SLOW_INTERVAL_MS);

  fifolab_holder_monitor_push_active (m);
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (m), ==, FIFOLAB_HOLDER_MONITOR_INTERVAL_MS);
  /* Two windows, one loses the focus: still active. */
  fifolab_holder_monitor_push_active (m);
  fifolab_holder_monitor_pop_active (m);
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (m), ==, FIFOLAB_HOLDER_MONITOR_INTERVAL_MS);

  /* A lesson polls faster while it runs; the fastest request wins. */
  fifolab_holder_monitor_hold_fast (m, 500);
  fifolab_holder_monitor_hold_fast (m, 250);
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (m), ==, 250);
  fifolab_holder_monitor_release_fast (m, 250);
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (m), ==, 500);

  /* Unfocused, a fast hold still counts. */
  fifolab_holder_monitor_pop_active (m);
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (m), ==, 500);
  fifolab_holder_monitor_release_fast (m, 500);
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (m), ==, FIFOLAB_HOLDER_MONITOR_SLOW_INTERVAL_MS);

  /* Nothing absurd: a request of 0 ms is the floor. */
  fifolab_holder_monitor_hold_fast (m, 0);
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (m), ==, FIFOLAB_HOLDER_MONITOR_MIN_INTERVAL_MS);
  fifolab_holder_monitor_release_fast (m, 0);
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (m), ==, FIFOLAB_HOLDER_MONITOR_SLOW_INTERVAL_MS);

  /* Each change notified once: 1000, 500, 250, 500, slow, 100, slow. */
  g_assert_cmpuint (fx->n_interval_notes, ==, 7);
  g_assert_cmpuint (fx->n_scans, ==, 0);
}

/* Watches are counted; the last unwatch stops it. */
static void
test_watch_count (Fixture       *fx,
                  gconstpointer  data)
{
  FifolabHolderMonitor *m = fx->monitor;

  fifolab_holder_monitor_watch (m, fx->path);
  fifolab_holder_monitor_watch (m, fx->path);
  fifolab_holder_monitor_watch (m, fx->other);
  g_assert_cmpuint (fifolab_holder_monitor_get_n_watched (m), ==, 2);

  fifolab_holder_monitor_unwatch (m, fx->path);
  g_assert_true (fifolab_holder_monitor_is_watched (m, fx->path));
  fifolab_holder_monitor_unwatch (m, fx->path);
  g_assert_false (fifolab_holder_monitor_is_watched (m, fx->path));
  g_assert_true (fifolab_holder_monitor_is_watched (m, fx->other));

  /* What remains watched is scanned at once, without waiting for the timer. */
  {
    ScanWait w = { fx, fx->other, 0, 0 };

    g_assert_true (fifolab_test_wait_until (scan_shows, &w, TIMEOUT_MS));
  }
  g_assert_nonnull (fifolab_holder_monitor_get_scan (m));

  fifolab_holder_monitor_unwatch (m, fx->other);
  g_assert_cmpuint (fifolab_holder_monitor_get_n_watched (m), ==, 0);
}

/* A process opens the FIFO: a later scan shows it; it exits: a later one
 * shows nobody. @fast: with a lesson's fast hold, else unfocused (slow),
 * where the timer alone brings the scans. */
static void
test_holder_appears (Fixture       *fx,
                     gconstpointer  data)
{
  gboolean fast = GPOINTER_TO_INT (data);
  FifolabHolderMonitor *m = fx->monitor;
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GError) error = NULL;
  ScanWait w = { fx, fx->path, 0, 0 };

  if (fast)
    fifolab_holder_monitor_hold_fast (m, 250);
  g_assert_cmpuint (fifolab_holder_monitor_get_interval (m), ==,
                    fast ? 250 : FIFOLAB_HOLDER_MONITOR_SLOW_INTERVAL_MS);

  fifolab_holder_monitor_watch (m, fx->path);
  g_assert_true (fifolab_test_wait_until (scan_shows, &w, TIMEOUT_MS));

  /* O_RDWR does not block on Linux: the shell holds the FIFO at once. */
  w.after = fx->n_scans;
  w.n_holders = 1;
  holder = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               NULL, "sh", "-c", "exec 3<>\"$1\"; exec sleep 60", "sh", fx->path, NULL);
  g_assert_true (fifolab_test_wait_until (scan_shows, &w, TIMEOUT_MS));
  {
    g_autoptr(GPtrArray) holders = fifolab_holder_scan_get_holders (fx->last, fx->path);

    g_assert_cmpuint (holders->len, ==, 1);
    g_assert_cmpint (fifolab_holder_get_access (g_ptr_array_index (holders, 0)), ==,
                     FIFOLAB_ACCESS_READ | FIFOLAB_ACCESS_WRITE);
  }

  g_subprocess_force_exit (holder);
  g_assert_true (g_subprocess_wait (holder, NULL, &error));
  g_assert_no_error (error);
  w.after = fx->n_scans;
  w.n_holders = 0;
  g_assert_true (fifolab_test_wait_until (scan_shows, &w, TIMEOUT_MS));

  fifolab_holder_monitor_unwatch (m, fx->path);
  if (fast)
    fifolab_holder_monitor_release_fast (m, 250);
}

/* Unwatched while a scan runs: the scan is cancelled and announces nothing
 * stale; the monitor goes away with its last reference. */
static void
test_unwatch_while_scanning (Fixture       *fx,
                             gconstpointer  data)
{
  FifolabHolderMonitor *m = fx->monitor;

  fifolab_holder_monitor_watch (m, fx->path);
  /* Let the idle start the scan, then drop the watch at once. */
  g_main_context_iteration (NULL, FALSE);
  fifolab_holder_monitor_unwatch (m, fx->path);
  g_assert_cmpuint (fifolab_holder_monitor_get_n_watched (m), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/holder-monitor/interval", Fixture, NULL, fixture_setup, test_interval, fixture_teardown);
  g_test_add ("/holder-monitor/watch-count", Fixture, NULL, fixture_setup, test_watch_count, fixture_teardown);
  g_test_add ("/holder-monitor/holder-appears/fast", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_holder_appears, fixture_teardown);
  g_test_add ("/holder-monitor/holder-appears/unfocused", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_holder_appears, fixture_teardown);
  g_test_add ("/holder-monitor/unwatch-while-scanning", Fixture, NULL,
              fixture_setup, test_unwatch_while_scanning, fixture_teardown);

  return g_test_run ();
}
