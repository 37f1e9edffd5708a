/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-ui-bench, scenario "ingest" (issue 13): how fast the window takes
 * in a flood with the default memory cap evicting, next to anchors measured
 * in the same run.
 *
 *  raw     a writer process writes 64 KiB blocks into a FIFO as fast as it
 *          can for a while; read by `cat PIPE > /dev/null` (the anchor), then
 *          by the window (raw framing, the default memory cap in force, so
 *          eviction runs once the cap's worth has come in). Bytes per second
 *          of each and their ratio; the window process's RSS during its
 *          flood, against the cap plus 150 MB.
 *  lines   64-byte lines, unpaced, line framing, into the window; lines per
 *          second, against `xterm -e cat PIPE` when xterm is installed.
 *
 * Figures only: nothing here is asserted. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-ui-bench.h"
#include "fifolab-log-private.h"
#include "fifolab-test-util.h"

#define RAW_BLOCK (64 * 1024)

/* Writer mode: 64 KiB blocks for @ms milliseconds (from the open), then
 * "raw BYTES SECONDS" on stdout. */
int
bench_ingest_raw_writer (const char *path,
                         guint       ms)
{
  g_autofree char *buf = g_malloc (RAW_BLOCK);
  guint64 written = 0;
  gint64 start_ns, end_ns;
  int fd;

  do
    fd = open (path, O_WRONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      g_printerr ("fifolab-ui-bench raw writer: cannot open %s: %s\n", path, g_strerror (errno));
      return 1;
    }

  memset (buf, 'y', RAW_BLOCK);
  start_ns = mono_ns ();
  end_ns = start_ns + ms * (gint64) 1000000;
  while (mono_ns () < end_ns)
    {
      gssize r = write (fd, buf, RAW_BLOCK);

      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          g_printerr ("fifolab-ui-bench raw writer: write: %s\n", g_strerror (errno));
          close (fd);
          return 1;
        }
      written += (guint64) r;
    }
  end_ns = mono_ns ();
  close (fd);

  printf ("raw %" G_GUINT64_FORMAT " %.6f\n", written, (end_ns - start_ns) / 1e9);
  return 0;
}

typedef struct
{
  GSubprocess  *process;
  GCancellable *cancellable;
  char         *name;
  gboolean      done;
  char         *output;
} Child;

static void
child_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Child *child = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &child->output, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_printerr ("fifolab-ui-bench: %s\n", error->message);
  child->done = TRUE;
}

static gboolean
child_done (gpointer data)
{
  return ((Child *) data)->done;
}

static void
child_start (Child              *child,
             GSubprocessFlags    flags,
             const char * const *argv)
{
  g_autoptr(GError) error = NULL;

  /* A Child is used again after child_clear(): done again only when this
   * process is. (A stale done let the lines scenario return while its
   * writer's communication was pending, whose callback then wrote into the
   * scenario's stack frame after it was gone.) */
  child->done = FALSE;
  child->process = g_subprocess_newv (argv, flags, &error);
  if (child->process == NULL)
    g_error ("fifolab-ui-bench: cannot start %s: %s", argv[0], error->message);
  child->name = g_path_get_basename (argv[0]);
  child->cancellable = g_cancellable_new ();
  g_subprocess_communicate_utf8_async (child->process, NULL, child->cancellable, child_done_cb, child);
}

/* A child still running when its scenario ends (it outlived its wait) is
 * stopped, and its communication finished before the Child goes: the
 * callback writes into the Child, which lives on the scenario's stack. */
static void
child_clear (Child *child)
{
  if (child->process != NULL && !child->done)
    {
      g_printerr ("fifolab-ui-bench: %s still running at the end of its scenario: stopped\n", child->name);
      g_subprocess_force_exit (child->process);
      g_cancellable_cancel (child->cancellable);
      while (!child->done)
        g_main_context_iteration (NULL, TRUE);
    }
  g_clear_object (&child->process);
  g_clear_object (&child->cancellable);
  g_clear_pointer (&child->name, g_free);
  g_clear_pointer (&child->output, g_free);
}

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * (gint64) 1000000000 + ts.tv_nsec;
}

static gsize max_rss;
/* What held the memory at the highest RSS sample (see memory_breakdown()). */
static char *max_rss_breakdown;

/* One field of /proc/self/smaps_rollup, in bytes. */
static guint64
smaps_field (const char *smaps,
             const char *name)
{
  const char *line = smaps != NULL ? strstr (smaps, name) : NULL;
  guint64 kib = 0;

  if (line == NULL || sscanf (line + strlen (name), " %" G_GUINT64_FORMAT, &kib) != 1)
    return 0;
  return kib * 1024;
}

/* The resident memory of this process by kind of mapping, from
 * /proc/self/smaps: malloc's main arena (the brk heap), the other arenas
 * (glibc gives threads their own, in 64 MiB-aligned reservations), the rest
 * of the anonymous memory (the log's payload chunks, malloc's large blocks,
 * GL buffers), LLVM and Mesa's driver (GL on llvmpipe), the other
 * libraries, the X server's shared image and other files (fonts, caches). */
typedef enum
{
  MAP_HEAP,
  MAP_ARENAS,
  MAP_ANON,
  MAP_LLVM,
  MAP_MESA,
  MAP_LIBS,
  MAP_SHM,
  MAP_FILES,
  N_MAP_KINDS
} MapKind;

static const char * const map_kind_names[N_MAP_KINDS] = {
  "heap", "thread arenas", "other anonymous", "libLLVM", "Mesa driver",
  "other libraries", "X shm", "other files",
};

static MapKind
map_kind (const char *name,
          guint64     start,
          guint64     end,
          const char *perms,
          guint64     next_start,
          guint64     next_end,
          const char *next_perms)
{
  const guint64 arena_align = 64 << 20;

  if (strcmp (name, "[heap]") == 0)
    return MAP_HEAP;
  if (strstr (name, "SYSV") != NULL)
    return MAP_SHM;
  if (strstr (name, "libLLVM") != NULL)
    return MAP_LLVM;
  if (strstr (name, "_dri.so") != NULL || strstr (name, "libgallium") != NULL)
    return MAP_MESA;
  if (strstr (name, ".so") != NULL)
    return MAP_LIBS;
  if (name[0] == '/')
    return MAP_FILES;
  /* An arena: the read-write start of a 64 MiB-aligned reservation, the rest
   * of which follows inaccessible. */
  if (name[0] == '\0' && perms[0] == 'r' && perms[1] == 'w' && start % arena_align == 0 &&
      (end - start == arena_align ||
       (next_start == end && next_perms[0] == '-' && next_end == start + arena_align)))
    return MAP_ARENAS;
  return MAP_ANON;
}

static void
append_smaps_by_kind (GString *text)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 rss[N_MAP_KINDS] = { 0 };
  /* The mapping whose fields are being read, and the one after it (an
   * arena's kind depends on the next mapping). */
  MapKind kind = N_MAP_KINDS;
  guint64 pending_rss = 0;
  char perms[8], prev_name[512] = "", prev_perms[8] = "";
  guint64 start, end, prev_start = 0, prev_end = 0;
  gboolean have_prev = FALSE;

  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return;
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; ; i++)
    {
      const char *line = lines[i];
      gboolean header = line != NULL &&
                        sscanf (line, "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %7s", &start, &end, perms) == 3 &&
                        strchr (line, '-') < strchr (line, ' ');
      guint64 kib;

      if (line == NULL || header)
        {
          if (have_prev)
            {
              kind = map_kind (prev_name, prev_start, prev_end, prev_perms,
                               line != NULL ? start : 0, line != NULL ? end : 0,
                               line != NULL ? perms : "");
              rss[kind] += pending_rss;
            }
          if (line == NULL)
            break;
          {
            /* The path, if any, is the sixth field. */
            int fields = 0;
            const char *p = line;

            while (*p != '\0' && fields < 5)
              {
                while (*p != '\0' && *p != ' ')
                  p++;
                while (*p == ' ')
                  p++;
                fields++;
              }
            g_strlcpy (prev_name, p, sizeof prev_name);
          }
          g_strlcpy (prev_perms, perms, sizeof prev_perms);
          prev_start = start;
          prev_end = end;
          pending_rss = 0;
          have_prev = TRUE;
        }
      else if (sscanf (line, "Rss: %" G_GUINT64_FORMAT, &kib) == 1)
        pending_rss = kib * 1024;
    }

  g_string_append (text, "; by mapping:");
  for (guint k = 0; k < N_MAP_KINDS; k++)
    g_string_append_printf (text, "%s %s %.1f MB", k > 0 ? "," : "", map_kind_names[k], rss[k] / 1e6);
}

#ifdef __GLIBC__
/* glibc's arenas from malloc_info(): how many, and the memory each holds
 * from the system (the main arena first). */
static void
append_malloc_arenas (GString *text)
{
  char *xml = NULL;
  size_t size = 0;
  FILE *stream = open_memstream (&xml, &size);
  guint n = 0;

  if (stream == NULL)
    return;
  malloc_info (0, stream);
  fclose (stream);

  g_string_append (text, "; malloc arenas (from the system):");
  /* Each <heap nr="N"> ends with its totals, <system type="current" size="B"/>;
   * the same element after the last heap is the sum over all of them. */
  for (const char *heap = strstr (xml, "<heap nr="); heap != NULL; heap = strstr (heap + 1, "<heap nr="))
    {
      const char *current = strstr (heap, "<system type=\"current\" size=\"");
      guint64 bytes = 0;

      if (current != NULL)
        sscanf (current + strlen ("<system type=\"current\" size=\""), "%" G_GUINT64_FORMAT, &bytes);
      g_string_append_printf (text, "%s %.1f", n > 0 ? "," : "", bytes / 1e6);
      n++;
    }
  g_string_append_printf (text, " MB (%u)", n);
  free (xml);
}
#endif

/* Where the RSS is: the log's payloads and its other memory (record blocks,
 * chunk slack, the spare chunk, chunks that rows still hold after the store
 * let go of them), malloc's heap (in use and free in its arenas, and its mmaps)
 * and the process's anonymous and file-backed pages, by kind of mapping. */
static char *
memory_breakdown (void)
{
  FifolabLog *log = session_log ();
  g_autofree char *smaps = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_file_get_contents ("/proc/self/smaps_rollup", &smaps, NULL, NULL);
  g_string_append_printf (text, "log payload %.1f MB, log other %.1f MB (chunks held by rows only %.1f MB)",
                          fifolab_log_get_payload_bytes (log) / 1e6,
                          _fifolab_log_get_overhead_bytes (log) / 1e6,
                          _fifolab_log_get_store (log)->released_bytes / 1e6);
#ifdef __GLIBC__
  {
    struct mallinfo2 info = mallinfo2 ();

    g_string_append_printf (text, "; malloc in use %.1f MB, free in arenas %.1f MB, mmapped %.1f MB",
                            (info.uordblks + info.hblkhd) / 1e6, info.fordblks / 1e6, info.hblkhd / 1e6);
  }
  append_malloc_arenas (text);
#endif
  g_string_append_printf (text, "; anonymous %.1f MB (huge pages %.1f MB), file-backed %.1f MB",
                          smaps_field (smaps, "Anonymous:") / 1e6, smaps_field (smaps, "AnonHugePages:") / 1e6,
                          (smaps_field (smaps, "Rss:") - smaps_field (smaps, "Anonymous:")) / 1e6);
  append_smaps_by_kind (text);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* What the log keeps, sampled once the cap evicts: its stored entries'
 * counted memory (payloads and 64 bytes each), in bytes. */
static GArray *kept_samples;
/* And the chunks of evicted entries that only rows held then (they count
 * against the cap too). */
static GArray *held_samples;

static int
compare_guint64 (gconstpointer a,
                 gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
sample_rss_cb (gpointer data)
{
  gsize rss = fifolab_test_rss_bytes ();
  FifolabLog *log = session_log ();

  if (fifolab_log_get_evicted (log) > 0)
    {
      guint64 kept = fifolab_log_get_memory_bytes (log);

      guint64 held = _fifolab_log_get_store (log)->released_bytes;

      g_array_append_val (kept_samples, kept);
      g_array_append_val (held_samples, held);
    }

  if (rss > max_rss)
    {
      max_rss = rss;
      g_free (max_rss_breakdown);
      max_rss_breakdown = memory_breakdown ();
    }
  return G_SOURCE_CONTINUE;
}

/* The raw writer for @ms into @path, read by what is already waiting;
 * returns its bytes per second (0 on failure). */
static double
raw_flood (const char *path,
           guint       ms,
           guint64    *bytes)
{
  g_autofree char *exe = self_exe ();
  g_autofree char *ms_arg = g_strdup_printf ("%u", ms);
  const char *argv[] = { exe, "--raw-writer", path, ms_arg, NULL };
  Child writer = { 0 };
  double seconds = 0;
  double rate = 0;

  child_start (&writer, G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv);
  iterate_until (child_done, &writer, ms + 60000);
  *bytes = 0;
  if (writer.output != NULL && sscanf (writer.output, "raw %" G_GUINT64_FORMAT " %lf", bytes, &seconds) == 2 &&
      seconds > 0)
    rate = *bytes / seconds;
  child_clear (&writer);
  return rate;
}

static void
bench_raw (guint ms)
{
  g_autofree char *path = g_build_filename (tmpdir, "ingest-raw", NULL);
  g_autofree char *load = NULL;
  g_autofree char *cmd = NULL;
  FifolabLog *log = session_log ();
  guint64 cap;

  /* FIFOLAB_BENCH_CAP_MIB: another cap than the default, to compare. */
  if (g_getenv ("FIFOLAB_BENCH_CAP_MIB") != NULL)
    g_settings_set_uint (fifolab_application_get_settings (app), "log-memory-cap",
                         (guint) strtoul (g_getenv ("FIFOLAB_BENCH_CAP_MIB"), NULL, 10));
  cap = fifolab_log_get_memory_cap (log);
  guint64 cat_bytes, window_bytes;
  gint64 cpu_before, cpu_used;
  gsize rss_before;
  double cat_rate, window_rate;
  guint sampler;
  Child cat = { 0 };

  g_print ("\n4. Ingest, raw: 64 KiB writes for %.0f s; memory cap %" G_GUINT64_FORMAT " MiB (0 = none)\n",
           ms / 1000.0, cap >> 20);
  if (mkfifo (path, 0600) != 0)
    g_error ("mkfifo %s: %s", path, g_strerror (errno));

  /* Anchor: cat. */
  cmd = g_strdup_printf ("exec cat '%s' > /dev/null", path);
  {
    const char *argv[] = { "/bin/sh", "-c", cmd, NULL };

    child_start (&cat, G_SUBPROCESS_FLAGS_NONE, argv);
  }
  cat_rate = raw_flood (path, ms, &cat_bytes);
  iterate_until (child_done, &cat, 10000);
  child_clear (&cat);
  g_print ("  cat PIPE > /dev/null (anchor)      %8.1f MB/s (%.0f MB)\n", cat_rate / 1e6, cat_bytes / 1e6);

  /* The window, raw framing, the cap evicting. */
  g_settings_set_string (fifolab_application_get_settings (app), "framing", "raw");
  fifolab_log_clear (log);
  g_action_group_activate_action (G_ACTION_GROUP (app), "read-pipe", g_variant_new_bytestring (path));
  run_for_ms (300);
  rss_before = fifolab_test_rss_bytes ();
  max_rss = rss_before;
  {
    g_autofree char *breakdown = memory_breakdown ();

    g_print ("  before the flood: %s\n", breakdown);
  }
  kept_samples = g_array_new (FALSE, FALSE, sizeof (guint64));
  held_samples = g_array_new (FALSE, FALSE, sizeof (guint64));
  sampler = g_timeout_add (100, sample_rss_cb, NULL);
  cpu_before = thread_cpu_ns ();
  window_rate = raw_flood (path, ms, &window_bytes);
  cpu_used = thread_cpu_ns () - cpu_before;
  run_for_ms (300);
  g_source_remove (sampler);
  fifolab_log_flush (log);
  load = loadavg ();

  g_print ("  FIFO Lab window                    %8.1f MB/s (%.0f MB); %" G_GUINT64_FORMAT " entries evicted (%.0f MB)  [%s]\n",
           window_rate / 1e6, window_bytes / 1e6, fifolab_log_get_evicted (log),
           fifolab_log_get_evicted_bytes (log) / 1e6, load);
  g_print ("  main thread CPU during the flood: %.0f %% of one core\n", 100.0 * cpu_used / (ms * 1e6));
  g_print ("  ratio %.2f × cat (target ≥ 0.5 ×): %s\n",
           cat_rate > 0 ? window_rate / cat_rate : 0.0,
           cat_rate > 0 && window_rate / cat_rate >= 0.5 ? "ok" : "MISSED");
  g_print ("  RSS %.0f MB before, at most %.0f MB during the flood; cap + 150 MB = %.0f MB: %s\n",
           rss_before / 1e6, max_rss / 1e6, (cap + 150e6) / 1e6,
           cap > 0 && max_rss < cap + 150000000 ? "ok" : "MISSED");
  g_print ("  at the highest sample: %s\n", max_rss_breakdown != NULL ? max_rss_breakdown : "(none above before)");
  if (kept_samples->len > 0)
    {
      g_array_sort (kept_samples, compare_guint64);
      g_print ("  the log kept, once evicting (%u samples): least %.1f MB, median %.1f MB, most %.1f MB of its entries (cap %.1f MB)\n",
               kept_samples->len, g_array_index (kept_samples, guint64, 0) / 1e6,
               g_array_index (kept_samples, guint64, kept_samples->len / 2) / 1e6,
               g_array_index (kept_samples, guint64, kept_samples->len - 1) / 1e6, cap / 1e6);
      g_array_sort (held_samples, compare_guint64);
      g_print ("  chunks only rows held then: least %.1f MB, median %.1f MB, most %.1f MB\n",
               g_array_index (held_samples, guint64, 0) / 1e6,
               g_array_index (held_samples, guint64, held_samples->len / 2) / 1e6,
               g_array_index (held_samples, guint64, held_samples->len - 1) / 1e6);
    }
  g_clear_pointer (&kept_samples, g_array_unref);
  g_clear_pointer (&held_samples, g_array_unref);
  g_clear_pointer (&max_rss_breakdown, g_free);

  fifolab_session_disconnect_all (fifolab_application_get_session (app));
  fifolab_log_clear (log);
  g_settings_set_string (fifolab_application_get_settings (app), "framing", "line");
  g_unlink (path);
}

typedef struct
{
  guint target;
} LinesDrain;

static gboolean
lines_drained_cb (gpointer data)
{
  LinesDrain *drain = data;
  FifolabLog *log = session_log ();

  return fifolab_log_get_n_stored (log) + fifolab_log_get_evicted (log) >= drain->target;
}

static void
bench_lines (guint count)
{
  g_autofree char *path = g_build_filename (tmpdir, "ingest-lines", NULL);
  g_autofree char *exe = self_exe ();
  g_autofree char *count_arg = g_strdup_printf ("%u", count);
  g_autofree char *xterm = g_find_program_in_path ("xterm");
  g_autofree char *load = NULL;
  /* Unpaced: far above what anything drains. */
  const char *argv[] = { exe, "--writer", path, count_arg, "1000000000", NULL };
  FifolabLog *log = session_log ();
  double xterm_rate = 0, window_rate;
  LinesDrain drain;
  gint64 start, end;
  Child writer = { 0 };

  g_print ("\n5. Ingest, lines: %u lines of 64 bytes, unpaced, line framing\n", count);
  if (mkfifo (path, 0600) != 0)
    g_error ("mkfifo %s: %s", path, g_strerror (errno));

  if (xterm != NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("exec cat '%s'", path);
      const char *xargv[] = { xterm, "-e", "/bin/sh", "-c", cmd, NULL };
      Child term = { 0 };

      child_start (&term, G_SUBPROCESS_FLAGS_NONE, xargv);
      start = g_get_monotonic_time ();
      child_start (&writer, G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv);
      iterate_until (child_done, &writer, 600000);
      iterate_until (child_done, &term, 600000);
      end = g_get_monotonic_time ();
      xterm_rate = count / ((end - start) / 1e6);
      child_clear (&writer);
      child_clear (&term);
      g_print ("  xterm -e cat PIPE (anchor)         %10.0f lines/s\n", xterm_rate);
    }
  else
    g_print ("  xterm -e cat PIPE (anchor)         not measured: xterm is not installed\n");

  fifolab_log_clear (log);
  fifolab_log_flush (log);
  drain.target = count;
  g_action_group_activate_action (G_ACTION_GROUP (app), "read-pipe", g_variant_new_bytestring (path));
  run_for_ms (300);
  fifolab_log_clear (log);
  start = g_get_monotonic_time ();
  child_start (&writer, G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv);
  iterate_until (lines_drained_cb, &drain, 600000);
  end = g_get_monotonic_time ();
  iterate_until (child_done, &writer, 60000);
  child_clear (&writer);
  window_rate = count / ((end - start) / 1e6);
  load = loadavg ();
  g_print ("  FIFO Lab window                    %10.0f lines/s  [%s]\n", window_rate, load);
  if (xterm_rate > 0)
    g_print ("  ratio %.1f × xterm (target ≥ 10 ×): %s\n", window_rate / xterm_rate,
             window_rate / xterm_rate >= 10 ? "ok" : "MISSED");

  fifolab_session_disconnect_all (fifolab_application_get_session (app));
  fifolab_log_clear (log);
  g_unlink (path);
}

void
bench_ingest (gboolean raw,
              gboolean lines)
{
  /* Frames when the window has something to show, as for a user. */
  bench_frames_keep_ticking (FALSE);
  if (raw)
    bench_raw (opt_quick ? 3000 : 20000);
  if (lines)
    bench_lines (opt_quick ? 500000 : 2000000);
  bench_frames_keep_ticking (TRUE);
}
