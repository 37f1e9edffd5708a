/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stress: 100 MB with no terminator, and a folder of 10,000 FIFOs that
 * churns while it is listed. Real FIFOs, real separate processes. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-fifo.h"
#include "fifolab-folder-model.h"
#include "fifolab-framer.h"
#include "fifolab-log.h"
#include "fifolab-reader.h"
#include "fifolab-session.h"
#include "fifolab-test-util.h"

#define WAIT_MS 30000

/* 100 MB with no newline under line framing. */

#define FLOOD_BYTES 100000000

static const char flood_writer[] =
  "import os, sys\n"
  "fd = os.open(sys.argv[1], os.O_WRONLY)\n"
  "block = b'a' * 1000000\n"
  "for i in range(100):\n"
  "    assert os.write(fd, block) == len(block)\n"
  "os.write(fd, b'\\nafter\\n')\n"
  "os.close(fd)\n";

static gsize
rss_bytes (void)
{
  g_autofree char *status = NULL;
  const char *p;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  p = strstr (status, "VmRSS:");
  g_assert_nonnull (p);
  return g_ascii_strtoull (p + 6, NULL, 10) * 1024;
}

typedef struct
{
  FifolabFramer *framer;
  gsize          max_buffered;
  guint64        overlong_bytes;
  guint          overlong_pieces;
  guint          other;
  gsize          max_rss;
  guint          n_chunks;
  GBytes        *last;
  guint          last_flags;
} Flood;

static void
flood_chunk_cb (FifolabReader *reader,
                guint64        offset,
                guint          length,
                gint64         mono_us,
                Flood         *flood)
{
  flood->max_buffered = MAX (flood->max_buffered, fifolab_framer_get_buffered (flood->framer));
  if (flood->n_chunks++ % 64 == 0)
    flood->max_rss = MAX (flood->max_rss, rss_bytes ());
}

static void
flood_message_cb (FifolabReader *reader,
                  GBytes        *payload,
                  guint          flags,
                  gint64         wall_us,
                  gint64         mono_us,
                  Flood         *flood)
{
  flood->max_buffered = MAX (flood->max_buffered, fifolab_framer_get_buffered (flood->framer));
  if (flags & FIFOLAB_MESSAGE_OVERLONG)
    {
      const guint8 *p;
      gsize len;

      p = g_bytes_get_data (payload, &len);
      g_assert_cmpuint (len, <=, FIFOLAB_DEFAULT_MAX_MESSAGE);
      for (gsize i = 0; i < len; i++)
        g_assert_cmpint (p[i], ==, 'a');
      flood->overlong_bytes += len;
      flood->overlong_pieces++;
    }
  else
    flood->other++;
  g_clear_pointer (&flood->last, g_bytes_unref);
  flood->last = g_bytes_ref (payload);
  flood->last_flags = flags;
}

static gboolean
flood_done (gpointer data)
{
  Flood *flood = data;
  return flood->other > 0;
}

static void
run_flood (gboolean with_session)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = fifolab_test_make_fifo (dir, "flood");
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabTestChild) child = NULL;
  g_autoptr(GArray) events = NULL;
  FifolabSession *session = NULL;
  FifolabReader *reader;
  const char *argv[] = { fifolab_test_python (), "-c", flood_writer, path, NULL };
  Flood flood = { framer, 0 };
  gsize rss_start;

  g_assert_cmpuint (fifolab_framer_get_max_message (framer), ==, FIFOLAB_DEFAULT_MAX_MESSAGE);
  if (with_session)
    {
      session = fifolab_session_new ();
      /* The log keeps what it is given: bounded by its cap. */
      fifolab_log_set_cap (fifolab_session_get_log (session), 16);
      reader = g_object_ref (fifolab_session_open_reader (session, path, framer, &error));
    }
  else
    {
      reader = fifolab_reader_new (path, framer);
      fifolab_reader_start (reader, &error);
    }
  g_assert_no_error (error);
  /* Events only: keeping the messages would keep the 100 MB. */
  events = fifolab_test_record_events (reader);
  g_signal_connect (reader, "chunk", G_CALLBACK (flood_chunk_cb), &flood);
  g_signal_connect (reader, "message", G_CALLBACK (flood_message_cb), &flood);
  rss_start = rss_bytes ();

  child = fifolab_test_child_spawn (argv);
  g_assert_true (fifolab_test_wait_until (flood_done, &flood, WAIT_MS));
  fifolab_test_child_wait_ok (child, WAIT_MS);

  g_assert_cmpuint (flood.overlong_bytes, ==, FLOOD_BYTES);
  g_assert_cmpuint (flood.overlong_pieces, ==, FLOOD_BYTES / FIFOLAB_DEFAULT_MAX_MESSAGE + 1);
  g_assert_cmpuint (flood.max_buffered, <=, FIFOLAB_DEFAULT_MAX_MESSAGE);
  g_assert_cmpuint (flood.other, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (flood.last, NULL), g_bytes_get_size (flood.last),
                   "after", 5);
  g_assert_cmpuint (flood.last_flags, ==, 0);
  /* One over-long event for the one over-long message. */
  g_assert_cmpuint (fifolab_test_count_events (events, FIFOLAB_EVENT_OVERLONG), ==, 1);
  flood.max_rss = MAX (flood.max_rss, rss_bytes ());
  g_test_message ("RSS grew by %" G_GSIZE_FORMAT " kB at most while 100 MB went through",
                  (flood.max_rss - MIN (flood.max_rss, rss_start)) / 1024);
  /* Well under the 100 MB: the framer holds at most 1 MiB; with the session,
   * the log holds its 16 newest entries (16 MiB) in chunks of up to 8 MiB. */
  if (!FIFOLAB_TEST_ASAN)
    g_assert_cmpuint (flood.max_rss, <, rss_start + (with_session ? 64 : 16) * 1024 * 1024);

  if (with_session)
    {
      FifolabLog *log = fifolab_session_get_log (session);

      g_assert_cmpuint (fifolab_log_get_n_stored (log), <=, 16);
      g_assert_cmpuint (fifolab_log_get_evicted (log), >, 80);
    }

  g_clear_pointer (&flood.last, g_bytes_unref);
  g_signal_handlers_disconnect_by_data (reader, &flood);
  if (session != NULL)
    {
      g_object_unref (reader);
      g_assert_finalize_object (session);
    }
  else
    g_assert_finalize_object (reader);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_stress_flood_reader (void)
{
  run_flood (FALSE);
}

static void
test_stress_flood_session (void)
{
  run_flood (TRUE);
}

/* ------------------------------------------------------------------ */
/* 10,000 FIFOs, and 1,000 created and 1,000 deleted per second for 5 s. */

#define CHURN_FIFOS 10000
#define CHURN_SECONDS 5
#define CHURN_PER_SECOND 1000

typedef struct
{
  char  *dir;
  guint  created;
  guint  deleted;
  double seconds;
  gint   done;
} Churn;

/* Names fifo-00000 … fifo-19999: the even ones exist at first. */
static gboolean
churn_pick (GRand    *rand,
            gboolean *present,
            gboolean  want,
            char     *name,
            gsize     size)
{
  for (;;)
    {
      guint i = g_rand_int_range (rand, 0, CHURN_FIFOS * 2);

      if (present[i] == want)
        {
          present[i] = !want;
          g_snprintf (name, size, "fifo-%05u", i);
          return TRUE;
        }
    }
}

static gpointer
churn_thread (gpointer data)
{
  Churn *c = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree gboolean *present = g_new0 (gboolean, CHURN_FIFOS * 2);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < CHURN_FIFOS; i++)
    present[i * 2] = TRUE;

  /* Every 10 ms: 10 creations and 10 deletions. */
  for (guint tick = 0; tick < CHURN_SECONDS * 100; tick++)
    {
      gint64 due = start + (gint64) tick * 10000;
      gint64 now = g_get_monotonic_time ();

      if (due > now)
        g_usleep (due - now);

      for (guint k = 0; k < CHURN_PER_SECOND / 100; k++)
        {
          char name[64];
          g_autofree char *created = NULL;
          g_autofree char *deleted = NULL;

          churn_pick (rand, present, FALSE, name, sizeof name);
          created = g_build_filename (c->dir, name, NULL);
          g_assert_cmpint (mkfifo (created, 0600), ==, 0);
          c->created++;

          churn_pick (rand, present, TRUE, name, sizeof name);
          deleted = g_build_filename (c->dir, name, NULL);
          g_assert_cmpint (unlink (deleted), ==, 0);
          c->deleted++;
        }
    }
  c->seconds = (g_get_monotonic_time () - start) / 1e6;
  g_atomic_int_set (&c->done, 1);
  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_folder (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

typedef struct
{
  FifolabFolderModel *model;
  const char         *dir;
  gint64              last_check;
} ModelCheck;

static gboolean
model_equals_folder (gpointer data)
{
  ModelCheck *mc = data;
  g_autoptr(GPtrArray) names = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (mc->model));

  if (fifolab_folder_model_get_loading (mc->model))
    return FALSE;
  /* Listing the folder is slow: not more than every 50 ms. */
  if (g_get_monotonic_time () - mc->last_check < 50000)
    return FALSE;
  mc->last_check = g_get_monotonic_time ();
  names = list_folder (mc->dir);
  if (n != names->len)
    {
      g_debug ("model %u, folder %u", n, names->len);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPipeInfo) info = g_list_model_get_item (G_LIST_MODEL (mc->model), i);
      g_autofree char *base = g_path_get_basename (fifolab_pipe_info_get_path (info));

      if (g_strcmp0 (base, names->pdata[i]) != 0)
        {
          g_debug ("model has %s where the folder has %s", base, (char *) names->pdata[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static void
test_stress_folder_churn (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GThread) thread = NULL;
  FifolabFolderModel *model;
  ModelCheck mc;
  Churn churn = { dir, 0, 0, 0., 0 };
  gint64 start;

  for (guint i = 0; i < CHURN_FIFOS; i++)
    {
      char name[64];
      g_autofree char *p = NULL;

      g_snprintf (name, sizeof name, "fifo-%05u", i * 2);
      p = g_build_filename (dir, name, NULL);
      g_assert_cmpint (mkfifo (p, 0600), ==, 0);
    }

  start = g_get_monotonic_time ();
  model = fifolab_folder_model_new (folder);
  mc.model = model;
  mc.dir = dir;
  mc.last_check = 0;
  g_assert_true (fifolab_test_wait_until (model_equals_folder, &mc, WAIT_MS));
  g_test_message ("10,000 FIFOs listed in %.2f s", (g_get_monotonic_time () - start) / 1e6);

  thread = g_thread_new ("churn", churn_thread, &churn);
  /* The model follows while it happens (the main loop keeps running). */
  while (!g_atomic_int_get (&churn.done))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_thread_join (g_steal_pointer (&thread));
  g_test_message ("churn: %u created, %u deleted in %.2f s",
                  churn.created, churn.deleted, churn.seconds);
  g_assert_cmpuint (churn.created, ==, CHURN_SECONDS * CHURN_PER_SECOND);

  start = g_get_monotonic_time ();
  g_assert_true (fifolab_test_wait_until (model_equals_folder, &mc, 20000));
  g_test_message ("the model matched the folder %.2f s after the churn",
                  (g_get_monotonic_time () - start) / 1e6);

  g_assert_finalize_object (model);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();
  fifolab_test_warm_up ();

  g_test_add_func ("/stress/flood/reader", test_stress_flood_reader);
  g_test_add_func ("/stress/flood/session", test_stress_flood_session);
  g_test_add_func ("/stress/folder-churn", test_stress_folder_churn);

  return g_test_run ();
}
