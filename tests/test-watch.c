/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-peer watch (and so FifolabTracer) against real programs talking
 * over a real FIFO: the seed's Python writer and reader, cat, dd, a writer
 * with several threads, signals, a killed watcher, a command's exit status,
 * a refusal. The processes that are there before the watch starts are made
 * to wait in open() first (checked with the watch's own scan), and the other
 * end is the watch's COMMAND, which starts once they are attached: so every
 * call of both is seen, with no timing assumed. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-test-util.h"
#include "fifolab-observed.h"
#include "fifolab-test-watch.h"
#include "fifolab-tracer.h"
#include "fifolab-watch-record.h"
#include "fifolab-watch-scan.h"

#define WAIT_MS 60000

/* A FIFO, my_pipe, in a private folder. */
typedef FifolabTestFifo Fixture;

/* -------------------------------------------------------------------- */
/* Whether this machine lets the tests trace */

static gboolean
watch_supported (void)
{
  g_autofree char *scope = NULL;
  pid_t child;
  int status;

  /* Under ASan the traced sanitizer-built peers cannot end as they would:
   * LeakSanitizer stops a process's threads with ptrace at its exit, which
   * a traced process does not allow ("LeakSanitizer does not work under
   * ptrace"), and the watch ended with status 1 in /watch/cat. The watch
   * is tested in the normal build. */
  if (FIFOLAB_TEST_ASAN)
    {
      g_test_skip ("traced processes of a sanitizer build cannot run LeakSanitizer at their exit");
      return FALSE;
    }

  if (g_file_get_contents ("/proc/sys/kernel/yama/ptrace_scope", &scope, NULL, NULL) &&
      atoi (scope) >= 1)
    {
      g_autofree char *why = g_strdup_printf ("Yama ptrace_scope is %d here: the watch may not "
                                              "trace the processes these tests start beside it",
                                              atoi (scope));
      g_test_skip (why);
      return FALSE;
    }

  child = fork ();
  if (child == 0)
    {
      pause ();
      _exit (0);
    }
  g_assert_cmpint (child, >, 0);
  if (ptrace (PTRACE_SEIZE, child, NULL, NULL) != 0)
    {
      g_autofree char *why = g_strdup_printf ("The kernel refuses to let a process trace its "
                                              "own child here (PTRACE_SEIZE: %s)",
                                              g_strerror (errno));
      kill (child, SIGKILL);
      waitpid (child, &status, __WALL);
      g_test_skip (why);
      return FALSE;
    }
  kill (child, SIGKILL);
  while (waitpid (child, &status, __WALL) < 0 && errno == EINTR)
    ;
  return TRUE;
}

/* -------------------------------------------------------------------- */
/* A watch and its lines */

typedef FifolabTestWatch Watcher;

/* Starts "fifolab-peer watch PATH --json [-- COMMAND…]"; @command may be NULL. */
static Watcher *
watcher_new (Fixture            *fx,
             const char * const *command,
             GSubprocessFlags    flags)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, fx->path);
  g_ptr_array_add (args, "--json");
  if (command != NULL)
    {
      g_ptr_array_add (args, "--");
      for (guint i = 0; command[i] != NULL; i++)
        g_ptr_array_add (args, (gpointer) command[i]);
    }
  g_ptr_array_add (args, NULL);
  return fifolab_test_watch_new (fx->dir, (const char * const *) args->pdata, flags);
}

/* Waits for the watch to end; returns its exit status (128 + a signal). */
static int
watcher_finish (Watcher *w)
{
  return fifolab_test_watch_finish (w, WAIT_MS);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Watcher, fifolab_test_watch_free)

/* The calls named @syscall (NULL: all) made by @pid (0: any), in order. */
static GPtrArray *
calls_of (Watcher    *w,
          const char *syscall,
          gint64      pid)
{
  GPtrArray *calls = g_ptr_array_new ();

  for (guint i = 0; i < w->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (w->records, i);

      if (r->kind == FIFOLAB_WATCH_CALL &&
          (syscall == NULL || g_strcmp0 (r->syscall, syscall) == 0) &&
          (pid == 0 || r->pid == pid))
        g_ptr_array_add (calls, r);
    }
  return calls;
}

/* The bytes of @calls, one after the other. */
static char *
joined_payloads (GPtrArray *calls)
{
  GString *all = g_string_new (NULL);

  for (guint i = 0; i < calls->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (calls, i);
      gsize len = 0;
      const char *data = r->payload != NULL ? g_bytes_get_data (r->payload, &len) : NULL;

      g_assert_cmpint ((gint64) len, ==, r->size);
      g_string_append_len (all, data, (gssize) len);
    }
  return g_string_free (all, FALSE);
}

typedef struct
{
  Watcher    *w;
  const char *syscall;
  gint64      pid;
  const char *text;     /* the joined payloads must contain it */
} CallWait;

static gboolean
calls_contain (gpointer data)
{
  CallWait *cw = data;
  g_autoptr(GPtrArray) calls = calls_of (cw->w, cw->syscall, cw->pid);
  g_autofree char *all = joined_payloads (calls);

  return strstr (all, cw->text) != NULL;
}

/* -------------------------------------------------------------------- */
/* Processes that wait in open() before the watch starts */

typedef struct
{
  const char *path;
  GPid        pid;
} WaitingOpen;

static gboolean
waits_in_open (gpointer data)
{
  WaitingOpen *wo = data;
  g_autoptr(GArray) pids = NULL;
  struct stat st;

  g_assert_cmpint (g_stat (wo->path, &st), ==, 0);
  pids = fifolab_watch_scan_targets (wo->path, st.st_dev, st.st_ino, getpid (), NULL);
  g_assert_nonnull (pids);
  for (guint i = 0; i < pids->len; i++)
    if (g_array_index (pids, pid_t, i) == wo->pid)
      return TRUE;
  return FALSE;
}

static void
wait_in_open (const char *path,
              GPid        pid)
{
  WaitingOpen wo = { path, pid };

  g_assert_true (fifolab_test_wait_until (waits_in_open, &wo, WAIT_MS));
}

static char *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

/* -------------------------------------------------------------------- */

/* The seed's writer waits in open(); the seed's reader is the command. */
static void
test_watch_seed (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *writer_py = fifolab_test_seed_script ("write_to_named_pipe.py");
  g_autofree char *reader_py = fifolab_test_seed_script ("read_from_named_pipe.py");
  g_autofree char *out_path = g_build_filename (fx->dir, "reader.out", NULL);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(Watcher) w = NULL;
  g_autoptr(GPtrArray) writes = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GPtrArray) closes = NULL;
  FifolabWatchRecord *r;
  GPid writer_pid;
  gint64 reader_pid;

  if (!watch_supported ())
    return;

  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &writer_pid,
                               fifolab_test_python (), writer_py, fx->path, NULL);
  wait_in_open (fx->path, writer_pid);

  script = g_strdup_printf ("exec '%s' '%s' '%s' > '%s'", fifolab_test_python (), reader_py,
                            fx->path, out_path);
  w = watcher_new (fx, (const char * const[]) { "/bin/sh", "-c", script, NULL },
                   G_SUBPROCESS_FLAGS_NONE);
  g_assert_cmpint (watcher_finish (w), ==, 0);
  g_assert_true (g_subprocess_wait_check (writer, NULL, NULL));

  /* The reader's line, exactly as without the watch. */
  out = read_file (fx->dir, "reader.out");
  g_assert_true (g_str_has_prefix (out, "I pid ["));
  reader_pid = g_ascii_strtoll (out + strlen ("I pid ["), NULL, 10);
  hello = g_strdup_printf ("Hello %d", writer_pid);
  expected = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => %s\n",
                              reader_pid, hello);
  g_assert_cmpstr (out, ==, expected);

  /* The write with the writer's pid, the read with the reader's, the same bytes. */
  writes = calls_of (w, "write", 0);
  reads = calls_of (w, "read", 0);
  g_assert_cmpuint (writes->len, ==, 1);
  g_assert_cmpuint (reads->len, ==, 1);
  r = g_ptr_array_index (writes, 0);
  g_assert_cmpint (r->pid, ==, writer_pid);
  g_assert_cmpint (r->result, ==, (gint64) strlen (hello));
  g_assert_true (r->is_write);
  g_assert_nonnull (r->payload);
  g_assert_cmpmem (g_bytes_get_data (r->payload, NULL), g_bytes_get_size (r->payload),
                   hello, strlen (hello));
  r = g_ptr_array_index (reads, 0);
  g_assert_cmpint (r->pid, ==, reader_pid);
  g_assert_cmpint (r->requested, ==, 22);
  g_assert_true (r->is_read);
  g_assert_cmpmem (g_bytes_get_data (r->payload, NULL), g_bytes_get_size (r->payload),
                   hello, strlen (hello));
  g_assert_cmpstr (r->comm, ==, "python3");
  /* The opens and closes of both ends are seen too. */
  closes = calls_of (w, "close", writer_pid);
  g_assert_cmpuint (closes->len, ==, 1);
}

/* fifolab-peer write waits in open(); cat reads as the command. */
static void
test_watch_cat (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *out_path = g_build_filename (fx->dir, "cat.out", NULL);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *written = NULL;
  g_autofree char *read = NULL;
  g_autofree char *line = NULL;
  g_autofree char *three = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(Watcher) w = NULL;
  g_autoptr(GPtrArray) writes = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  GPid writer_pid;
  gint64 cat_pid = 0;

  if (!watch_supported ())
    return;

  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &writer_pid,
                               fifolab_test_peer_path (), "write", fx->path, "--count", "3",
                               "--framing", "line", NULL);
  wait_in_open (fx->path, writer_pid);

  script = g_strdup_printf ("exec cat '%s' > '%s'", fx->path, out_path);
  w = watcher_new (fx, (const char * const[]) { "/bin/sh", "-c", script, NULL },
                   G_SUBPROCESS_FLAGS_NONE);
  g_assert_cmpint (watcher_finish (w), ==, 0);
  g_assert_true (g_subprocess_wait_check (writer, NULL, NULL));

  line = g_strdup_printf ("Hello from pid [%d]\n", writer_pid);
  out = read_file (fx->dir, "cat.out");
  three = fifolab_test_repeat ("", line, 3);
  g_assert_cmpstr (out, ==, three);

  writes = calls_of (w, "write", writer_pid);
  g_assert_cmpuint (writes->len, ==, 3);
  written = joined_payloads (writes);
  g_assert_cmpstr (written, ==, out);

  /* Every read is cat's; together they are what it printed, then EOF. */
  reads = calls_of (w, "read", 0);
  g_assert_cmpuint (reads->len, >=, 2);
  for (guint i = 0; i < reads->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (reads, i);

      if (cat_pid == 0)
        cat_pid = r->pid;
      g_assert_cmpint (r->pid, ==, cat_pid);
      g_assert_cmpstr (r->comm, ==, "cat");
    }
  g_assert_cmpint (((FifolabWatchRecord *) g_ptr_array_index (reads, reads->len - 1))->result, ==, 0);
  read = joined_payloads (reads);
  g_assert_cmpstr (read, ==, out);
}

/* dd writes a byte at a time (waiting in open() first), cat reads as the
 * command: the watch ends with cat, after every byte dd wrote was read. */
static void
test_watch_dd (Fixture       *fx,
               gconstpointer  data)
{
  const char *text = "one byte at a time\n";
  g_autofree char *in_path = g_build_filename (fx->dir, "dd.in", NULL);
  g_autofree char *out_path = g_build_filename (fx->dir, "cat.out", NULL);
  g_autofree char *of = g_strdup_printf ("of=%s", fx->path);
  g_autofree char *if_ = g_strdup_printf ("if=%s", in_path);
  g_autofree char *script = NULL;
  g_autofree char *written = NULL;
  g_autofree char *read = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) dd = NULL;
  g_autoptr(Watcher) w = NULL;
  g_autoptr(GPtrArray) writes = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  GPid dd_pid;

  if (!watch_supported ())
    return;

  g_assert_true (g_file_set_contents (in_path, text, -1, NULL));
  dd = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &dd_pid,
                           "dd", if_, of, "bs=1", "status=none", NULL);
  wait_in_open (fx->path, dd_pid);

  script = g_strdup_printf ("exec cat '%s' > '%s'", fx->path, out_path);
  w = watcher_new (fx, (const char * const[]) { "/bin/sh", "-c", script, NULL },
                   G_SUBPROCESS_FLAGS_NONE);
  g_assert_cmpint (watcher_finish (w), ==, 0);
  g_assert_true (g_subprocess_wait_check (dd, NULL, NULL));
  out = read_file (fx->dir, "cat.out");
  g_assert_cmpstr (out, ==, text);

  /* One write per byte, each dd's. */
  writes = calls_of (w, "write", 0);
  g_assert_cmpuint (writes->len, ==, strlen (text));
  for (guint i = 0; i < writes->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (writes, i);

      g_assert_cmpint (r->pid, ==, dd_pid);
      g_assert_cmpstr (r->comm, ==, "dd");
      g_assert_cmpint (r->size, ==, 1);
      g_assert_cmpint (r->requested, ==, 1);
    }
  written = joined_payloads (writes);
  g_assert_cmpstr (written, ==, text);

  /* cat's reads, whatever their sizes, give the same bytes. */
  reads = calls_of (w, "read", 0);
  g_assert_cmpuint (reads->len, >=, 2);
  for (guint i = 0; i < reads->len; i++)
    g_assert_cmpstr (((FifolabWatchRecord *) g_ptr_array_index (reads, i))->comm, ==, "cat");
  read = joined_payloads (reads);
  g_assert_cmpstr (read, ==, text);
}

/* -------------------------------------------------------------------- */
/* Blocked calls */

/* A lazy reader (fifolab_test_lazy_reader_new()), waiting in open(). */
static GSubprocess *
start_lazy_reader (Fixture *fx,
                   GPid    *pid)
{
  GSubprocess *reader = fifolab_test_lazy_reader_new (fx->path, NULL, pid);

  wait_in_open (fx->path, *pid);
  return reader;
}

/* The index of the first record of @kind and @syscall, -1 when none. */
static int
record_index (Watcher          *w,
              FifolabWatchKind  kind,
              const char       *syscall)
{
  for (guint i = 0; i < w->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (w->records, i);

      if (r->kind == kind && g_strcmp0 (r->syscall, syscall) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
has_blocked_write (gpointer data)
{
  return record_index (data, FIFOLAB_WATCH_BLOCKED, "write") >= 0;
}

/* dd writes 100001 bytes in one write() into a pipe that holds 65536 and
 * whose reader reads nothing yet: the watch says, while it lasts, that dd
 * is blocked in that write (its pid, the call, the size, since when); once
 * the reader drains the pipe, the write's record comes, with the time
 * blocked, from the same entry. */
static void
test_watch_blocked (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *of = g_strdup_printf ("of=%s", fx->path);
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(Watcher) w = NULL;
  g_autoptr(GPtrArray) writes = NULL;
  FifolabWatchRecord *blocked;
  FifolabWatchRecord *write;
  guint n_blocked = 0;
  GPid reader_pid;

  if (!watch_supported ())
    return;

  reader = start_lazy_reader (fx, &reader_pid);
  w = watcher_new (fx, (const char * const[]) { "dd", "if=/dev/zero", of, "bs=100001", "count=1",
                                                "status=none", NULL },
                   G_SUBPROCESS_FLAGS_NONE);
  if (!fifolab_test_wait_until (has_blocked_write, w, WAIT_MS))
    {
      fifolab_test_watch_dump (w);
      g_assert_not_reached ();
    }
  blocked = g_ptr_array_index (w->records, record_index (w, FIFOLAB_WATCH_BLOCKED, "write"));
  g_assert_cmpstr (blocked->comm, ==, "dd");
  g_assert_cmpint (blocked->pid, >, 0);
  g_assert_cmpint (blocked->pid, !=, reader_pid);
  g_assert_true (blocked->is_write);
  g_assert_cmpint (blocked->fd, ==, 1);
  g_assert_cmpint (blocked->requested, ==, 100001);
  g_assert_cmpint (blocked->size, ==, 100001);
  g_assert_cmpint (blocked->blocked_us, >=, FIFOLAB_TRACER_BLOCKED_US);
  g_assert_cmpint (blocked->blocked_us, <, WAIT_MS * (gint64) 1000);
  /* It is still in it: the reader has read nothing. */
  g_assert_cmpint (record_index (w, FIFOLAB_WATCH_CALL, "write"), ==, -1);

  fifolab_test_lazy_reader_go (reader);
  g_assert_cmpint (watcher_finish (w), ==, 0);

  writes = calls_of (w, "write", blocked->pid);
  g_assert_cmpuint (writes->len, ==, 1);
  write = g_ptr_array_index (writes, 0);
  g_assert_cmpint (write->result, ==, 100001);
  g_assert_cmpint (write->time_us, ==, blocked->time_us);
  g_assert_cmpint (write->blocked_us, >=, blocked->blocked_us);
  g_assert_cmpint (record_index (w, FIFOLAB_WATCH_BLOCKED, "write"), <,
                   record_index (w, FIFOLAB_WATCH_CALL, "write"));
  /* Once per call. */
  for (guint i = 0; i < w->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (w->records, i);

      n_blocked += r->kind == FIFOLAB_WATCH_BLOCKED && r->pid == blocked->pid;
    }
  g_assert_cmpuint (n_blocked, ==, 1);
}

/* A flood of small writes that never fill the pipe (4000 writes of 8 bytes,
 * while the reader reads nothing): no write waits, and none is said to be
 * blocked, however long the machine keeps dd from running. */
static void
test_watch_not_blocked (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *of = g_strdup_printf ("of=%s", fx->path);
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(Watcher) w = NULL;
  g_autoptr(GPtrArray) writes = NULL;
  GPid reader_pid;

  if (!watch_supported ())
    return;

  reader = start_lazy_reader (fx, &reader_pid);
  w = watcher_new (fx, (const char * const[]) { "dd", "if=/dev/zero", of, "bs=8", "count=4000",
                                                "status=none", NULL },
                   G_SUBPROCESS_FLAGS_NONE);
  g_assert_cmpint (watcher_finish (w), ==, 0);

  writes = calls_of (w, "write", 0);
  g_assert_cmpuint (writes->len, ==, 4000);
  for (guint i = 0; i < w->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (w->records, i);

      if (r->kind == FIFOLAB_WATCH_BLOCKED && r->pid != reader_pid)
        {
          fifolab_test_watch_dump (w);
          g_assert_not_reached ();
        }
    }
  fifolab_test_lazy_reader_go (reader);
}

/* A writer whose threads take turns: each thread's tid is reported. */
static void
test_watch_threads (Fixture       *fx,
                    gconstpointer  data)
{
  const char *helper = g_getenv ("FIFOLAB_WATCH_THREADS_HELPER");
  g_autoptr(FifolabTestChild) cat = NULL;
  g_autoptr(Watcher) w = NULL;
  g_autoptr(GPtrArray) writes = NULL;
  g_autoptr(GHashTable) thread_of_tid = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *written = NULL;

  if (!watch_supported ())
    return;
  g_assert_nonnull (helper);

  cat = fifolab_test_child_spawn ((const char * const[]) { "cat", fx->path, NULL });
  wait_in_open (fx->path, cat->pid);

  w = watcher_new (fx, (const char * const[]) { helper, fx->path, "3", "4", NULL },
                   G_SUBPROCESS_FLAGS_NONE);
  g_assert_cmpint (watcher_finish (w), ==, 0);
  fifolab_test_child_wait_ok (cat, WAIT_MS);

  for (guint round = 0; round < 4; round++)
    for (guint t = 0; t < 3; t++)
      g_string_append_printf (expected, "t%u %u\n", t, round);
  g_assert_cmpstr (cat->out, ==, expected->str);

  writes = calls_of (w, "write", 0);
  g_assert_cmpuint (writes->len, ==, 12);
  written = joined_payloads (writes);
  g_assert_cmpstr (written, ==, expected->str);
  for (guint i = 0; i < writes->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (writes, i);
      guint thread = (guint) (((const char *) g_bytes_get_data (r->payload, NULL))[1] - '0');
      gpointer known;

      /* Each write by the thread that wrote its text, never the main one. */
      g_assert_cmpint (r->tid, !=, r->pid);
      if (g_hash_table_lookup_extended (thread_of_tid, GINT_TO_POINTER ((int) r->tid), NULL, &known))
        g_assert_cmpuint (GPOINTER_TO_UINT (known), ==, thread);
      else
        g_hash_table_insert (thread_of_tid, GINT_TO_POINTER ((int) r->tid), GUINT_TO_POINTER (thread));
    }
  g_assert_cmpuint (g_hash_table_size (thread_of_tid), ==, 3);
}

/* The same writer with a watched reader, on a pipe empty at the start: the
 * watch's count (fifolab-observed.h) finds every byte the reader took put in
 * by a watched write, none in the pipe before the watch, whichever thread's
 * record the tracer tells first. */
static void
test_watch_threads_count (Fixture       *fx,
                          gconstpointer  data)
{
  const char *helper = g_getenv ("FIFOLAB_WATCH_THREADS_HELPER");
  g_autoptr(Watcher) w = NULL;
  g_autoptr(FifolabObserved) seen = fifolab_observed_new ();
  gboolean estimated = TRUE;
  guint64 bytes = 0;

  if (!watch_supported ())
    return;
  g_assert_nonnull (helper);

  w = watcher_new (fx, (const char * const[]) {
                     "sh", "-c", "\"$2\" \"$1\" 3 20 & cat \"$1\" > /dev/null; wait",
                     "sh", fx->path, helper, NULL },
                   G_SUBPROCESS_FLAGS_NONE);
  g_assert_cmpint (watcher_finish (w), ==, 0);

  for (guint round = 0; round < 20; round++)
    for (guint t = 0; t < 3; t++)
      bytes += (guint64) (round < 10 ? 5 : 6);
  for (guint i = 0; i < w->records->len; i++)
    fifolab_observed_add (seen, g_ptr_array_index (w->records, i));
  if (fifolab_observed_get_before (seen) != 0)
    fifolab_test_watch_dump (w);
  g_assert_cmpuint (fifolab_observed_get_written (seen), ==, bytes);
  g_assert_cmpuint (fifolab_observed_get_taken (seen), ==, bytes);
  g_assert_cmpuint (fifolab_observed_get_before (seen), ==, 0);
  g_assert_cmpuint (fifolab_observed_get_queued (seen, &estimated), ==, 0);
  g_assert_false (estimated);
}

/* -------------------------------------------------------------------- */
/* Signals: a reader that is stopped, continued, and ends on a SIGTERM it
 * traps, behaves the same watched and not. */

static const char *signal_reader =
  "trap 'echo trapped; exit 7' TERM\n"
  "exec > \"$2\" 3< \"$1\"\n"
  "while read -r line <&3; do echo \"got:$line\"; done\n"
  "echo eof\n";

static const char *line_writer =
  "exec 3> \"$1\"\n"
  "while read -r l; do echo \"$l\" >&3; done\n";

typedef struct
{
  const char *dir;
  const char *text;
} FileWait;

static gboolean
file_has (gpointer data)
{
  FileWait *fw = data;
  g_autofree char *contents = read_file (fw->dir, "signals.out");

  return strstr (contents, fw->text) != NULL;
}

static void
wait_file_has (const char *dir,
               const char *text)
{
  FileWait fw = { dir, text };

  g_assert_true (fifolab_test_wait_until (file_has, &fw, WAIT_MS));
}

static gboolean
is_stopped (gpointer data)
{
  char state = fifolab_test_proc_state_letter (GPOINTER_TO_INT (data));

  /* T: stopped; t: stopped while traced (the watch's PTRACE_LISTEN). */
  return state == 'T' || state == 't';
}

/* Asleep (not stopped by the watch) in read(). */
static gboolean
sleeps_in_read (gpointer data)
{
  g_autofree char *syscall_path = g_strdup_printf ("/proc/%d/syscall", GPOINTER_TO_INT (data));
  g_autofree char *syscall = NULL;

  return fifolab_test_proc_state_letter (GPOINTER_TO_INT (data)) == 'S' &&
         g_file_get_contents (syscall_path, &syscall, NULL, NULL) && g_str_has_prefix (syscall, "0 ");
}

typedef struct
{
  Watcher *w;
  GPid     pid;
} StopWait;

static gboolean
was_stopped (gpointer data)
{
  StopWait *sw = data;

  for (guint i = 0; i < sw->w->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (sw->w->records, i);

      if (r->kind == FIFOLAB_WATCH_STOPPED && r->pid == sw->pid)
        {
          g_assert_cmpint (r->result, ==, SIGSTOP);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
any_attached (gpointer data)
{
  Watcher *w = data;

  for (guint i = 0; i < w->records->len; i++)
    if (((FifolabWatchRecord *) g_ptr_array_index (w->records, i))->kind == FIFOLAB_WATCH_ATTACH)
      return TRUE;
  return FALSE;
}

static int
run_signals (Fixture *fx,
             gboolean watched)
{
  g_autofree char *out_path = g_build_filename (fx->dir, "signals.out", NULL);
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(Watcher) w = NULL;
  g_autofree char *out = NULL;
  GOutputStream *to_writer;
  const char * const reader_argv[] = { "/bin/sh", "-c", signal_reader, "sh", fx->path, out_path, NULL };
  GPid writer_pid;
  GPid reader_pid = 0;
  int status;

  g_unlink (out_path);
  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, &writer_pid,
                               "/bin/sh", "-c", line_writer, "sh", fx->path, NULL);
  to_writer = g_subprocess_get_stdin_pipe (writer);
  wait_in_open (fx->path, writer_pid);

  if (watched)
    {
      g_autoptr(GPtrArray) reads = NULL;
      g_autofree char *read = NULL;

      w = watcher_new (fx, reader_argv, G_SUBPROCESS_FLAGS_NONE);
      /* The reader is the watch's command: its pid is in the first
       * attach that is not the writer's. */
      g_assert_true (fifolab_test_wait_until (any_attached, w, WAIT_MS));
      for (guint i = 0; reader_pid == 0; i++)
        {
          FifolabWatchRecord *r;

          while (i >= w->records->len)
            g_main_context_iteration (NULL, TRUE);
          r = g_ptr_array_index (w->records, i);
          if (r->kind == FIFOLAB_WATCH_ATTACH && r->pid != writer_pid)
            reader_pid = (GPid) r->pid;
        }
      g_assert_true (g_output_stream_write_all (to_writer, "one\n", 4, NULL, NULL, NULL));
      wait_file_has (fx->dir, "got:one\n");
      {
        CallWait cw = { w, "read", reader_pid, "one\n" };

        g_assert_true (fifolab_test_wait_until (calls_contain, &cw, WAIT_MS));
      }
      reads = calls_of (w, "read", reader_pid);
      read = joined_payloads (reads);
      g_assert_cmpstr (read, ==, "one\n");
    }
  else
    {
      reader = fifolab_test_spawnv (G_SUBPROCESS_FLAGS_NONE, reader_argv, &reader_pid);
      g_assert_true (g_output_stream_write_all (to_writer, "one\n", 4, NULL, NULL, NULL));
      wait_file_has (fx->dir, "got:one\n");
    }

  /* Stopped, it reads nothing; continued, it reads what came meanwhile.
   * Watched, its state is 't' at every system call too: the watch says
   * when it is in the stop. */
  g_assert_cmpint (kill (reader_pid, SIGSTOP), ==, 0);
  if (watched)
    {
      StopWait sw = { w, reader_pid };

      g_assert_true (fifolab_test_wait_until (was_stopped, &sw, WAIT_MS));
    }
  g_assert_true (fifolab_test_wait_until (is_stopped, GINT_TO_POINTER (reader_pid), WAIT_MS));
  g_assert_true (g_output_stream_write_all (to_writer, "two\n", 4, NULL, NULL, NULL));
  g_assert_true (is_stopped (GINT_TO_POINTER (reader_pid)));
  g_assert_cmpint (kill (reader_pid, SIGCONT), ==, 0);
  wait_file_has (fx->dir, "got:two\n");

  /* Its own trap ends it. Sent once it sleeps in read(): dash runs a trap
   * whose signal came just before its read() only after that read returns
   * (a race of its own, which the watch's slowdown would open wide). */
  g_assert_true (fifolab_test_wait_until (sleeps_in_read, GINT_TO_POINTER (reader_pid), WAIT_MS));
  g_assert_cmpint (kill (reader_pid, SIGTERM), ==, 0);
  if (watched)
    {
      int stopped_at = -1;
      int continued_at = -1;

      status = watcher_finish (w);
      /* It stopped, then ran again: both are told, in that order. */
      for (guint i = 0; i < w->records->len; i++)
        {
          FifolabWatchRecord *r = g_ptr_array_index (w->records, i);

          if (r->pid == reader_pid && r->kind == FIFOLAB_WATCH_STOPPED && stopped_at < 0)
            stopped_at = (int) i;
          if (r->pid == reader_pid && r->kind == FIFOLAB_WATCH_CONTINUED && continued_at < 0)
            continued_at = (int) i;
        }
      g_assert_cmpint (stopped_at, >=, 0);
      g_assert_cmpint (continued_at, >, stopped_at);
    }
  else
    {
      g_assert_true (g_subprocess_wait (reader, NULL, NULL));
      status = g_subprocess_get_if_exited (reader) ? g_subprocess_get_exit_status (reader) : -1;
    }
  out = read_file (fx->dir, "signals.out");
  g_assert_cmpstr (out, ==, "got:one\ngot:two\ntrapped\n");

  g_assert_true (g_output_stream_close (to_writer, NULL, NULL));
  g_assert_true (g_subprocess_wait (writer, NULL, NULL));
  return status;
}

static void
test_watch_signals (Fixture       *fx,
                    gconstpointer  data)
{
  if (!watch_supported ())
    return;

  g_assert_cmpint (run_signals (fx, FALSE), ==, 7);
  g_assert_cmpint (run_signals (fx, TRUE), ==, 7);
}

/* -------------------------------------------------------------------- */

/* The watch SIGKILLed in the middle: the kernel lets the tracees go, and
 * they finish as they would have. */
static void
test_watch_killed (Fixture       *fx,
                   gconstpointer  data)
{
  /* 100 lines, a go-ahead read from stdin, 100 more. */
  static const char *writer =
    "exec 3> \"$1\"\n"
    "i=0; while [ $i -lt 100 ]; do echo \"line $i\" >&3; i=$((i + 1)); done\n"
    "read go\n"
    "while [ $i -lt 200 ]; do echo \"line $i\" >&3; i=$((i + 1)); done\n";
  g_autoptr(FifolabTestChild) reader = NULL;
  g_autoptr(Watcher) w = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GPtrArray) writes = NULL;
  CallWait cw;
  gint64 writer_pid;

  if (!watch_supported ())
    return;

  reader = fifolab_test_child_spawn ((const char * const[]) {
                                       fifolab_test_peer_path (), "read", fx->path,
                                       "--framing", "line", "--count", "0", NULL });
  wait_in_open (fx->path, reader->pid);

  w = watcher_new (fx, (const char * const[]) { "/bin/sh", "-c", writer, "sh", fx->path, NULL },
                   G_SUBPROCESS_FLAGS_STDIN_PIPE);
  cw = (CallWait) { w, "write", 0, "line 99\n" };
  g_assert_true (fifolab_test_wait_until (calls_contain, &cw, WAIT_MS));
  writes = calls_of (w, "write", 0);
  writer_pid = ((FifolabWatchRecord *) g_ptr_array_index (writes, 0))->pid;
  g_assert_cmpint (fifolab_test_tracer_of ((GPid) writer_pid), ==, w->pid);

  g_subprocess_send_signal (w->proc, SIGKILL);
  /* Its stdout stays open in the writer, the command it started. */
  g_assert_true (fifolab_test_wait_for (&w->exited, WAIT_MS));
  g_assert_true (g_subprocess_get_if_signaled (w->proc));
  g_assert_cmpint (g_subprocess_get_term_sig (w->proc), ==, SIGKILL);
  /* Let go by the kernel, not killed with its tracer. */
  g_assert_cmpint (fifolab_test_tracer_of ((GPid) writer_pid), ==, 0);
  g_assert_cmpint (fifolab_test_tracer_of (reader->pid), ==, 0);

  /* The writer's stdin is the watch's, which this test still holds. */
  fifolab_test_go_ahead_last (w->proc);
  fifolab_test_child_wait_ok (reader, WAIT_MS);
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (expected, "I pid [%d] received a message => line %u\n",
                            reader->pid, i);
  g_assert_cmpstr (reader->out, ==, expected->str);
  /* The writer has ended too: the watch's stdout reaches its end. */
  g_assert_true (fifolab_test_wait_for (&w->eof, WAIT_MS));
}

/* The watch ends with its command, and with its command's status. */
static void
test_watch_command_status (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(Watcher) w = NULL;
  g_autoptr(Watcher) k = NULL;
  gboolean saw_exit = FALSE;

  if (!watch_supported ())
    return;

  w = watcher_new (fx, (const char * const[]) { "/bin/sh", "-c", "exit 3", NULL },
                   G_SUBPROCESS_FLAGS_NONE);
  g_assert_cmpint (watcher_finish (w), ==, 3);
  for (guint i = 0; i < w->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (w->records, i);

      if (r->kind == FIFOLAB_WATCH_EXIT)
        {
          g_assert_false (r->signaled);
          g_assert_cmpint (r->result, ==, 3);
          saw_exit = TRUE;
        }
    }
  g_assert_true (saw_exit);

  k = watcher_new (fx, (const char * const[]) { "/bin/sh", "-c", "kill -TERM $$", NULL },
                   G_SUBPROCESS_FLAGS_NONE);
  g_assert_cmpint (watcher_finish (k), ==, 128 + SIGTERM);
}

/* A process traced already (by a first watch) is refused to a second,
 * which says why and still ends cleanly. */
static void
test_watch_refused (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(Watcher) first = NULL;
  g_autoptr(Watcher) second = NULL;
  g_autofree char *err = NULL;
  g_autofree char *tracer = NULL;
  FifolabWatchRecord *refused = NULL;
  GPid writer_pid;

  if (!watch_supported ())
    return;

  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &writer_pid,
                               fifolab_test_peer_path (), "write", fx->path, NULL);
  wait_in_open (fx->path, writer_pid);

  first = watcher_new (fx, NULL, G_SUBPROCESS_FLAGS_NONE);
  g_assert_true (fifolab_test_wait_until (any_attached, first, WAIT_MS));
  g_assert_cmpint (fifolab_test_tracer_of (writer_pid), ==, first->pid);

  /* The second ends with its command; the writer it cannot have. */
  second = watcher_new (fx, (const char * const[]) { "true", NULL }, G_SUBPROCESS_FLAGS_NONE);
  g_assert_cmpint (watcher_finish (second), ==, 0);
  for (guint i = 0; i < second->records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (second->records, i);

      if (r->kind == FIFOLAB_WATCH_REFUSED)
        refused = r;
    }
  g_assert_nonnull (refused);
  g_assert_cmpint (refused->pid, ==, writer_pid);
  g_assert_cmpint (refused->error, ==, EPERM);
  tracer = g_strdup_printf ("already traced by process %d", first->pid);
  g_assert_nonnull (strstr (refused->message, tracer));
  g_assert_true (g_file_get_contents (second->err_path, &err, NULL, NULL));
  g_assert_nonnull (strstr (err, tracer));

  /* Stopping the first lets the writer go, unharmed. */
  g_subprocess_send_signal (first->proc, SIGTERM);
  g_assert_cmpint (watcher_finish (first), ==, 0);
  g_assert_cmpint (fifolab_test_tracer_of (writer_pid), ==, 0);
  g_subprocess_force_exit (writer);
  g_assert_true (g_subprocess_wait (writer, NULL, NULL));
}

/* fifolab_watch_scan_ended(), which tells a process that ended from one
 * that refused to be traced: a live child has not ended; once it has
 * exited, unreaped (a zombie) and reaped, it has. */
static void
test_watch_scan_ended (void)
{
  int go[2];
  pid_t child;
  int status;
  char c = 0;
  siginfo_t info;

  g_assert_false (fifolab_watch_scan_ended (getpid ()));
  g_assert_no_errno (pipe (go));
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      close (go[1]);
      /* Until the test writes a byte. */
      while (read (go[0], &c, 1) < 0)
        ;
      _exit (0);
    }
  close (go[0]);
  g_assert_false (fifolab_watch_scan_ended (child));
  g_assert_cmpint (write (go[1], &c, 1), ==, 1);
  close (go[1]);
  /* Exited, not reaped: waitid() with WNOWAIT leaves it a zombie. */
  g_assert_no_errno (waitid (P_PID, (id_t) child, &info, WEXITED | WNOWAIT));
  g_assert_true (fifolab_watch_scan_ended (child));
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (fifolab_watch_scan_ended (child));
}

/* What the watch reads of a thread's pending signals (it drops a stop
 * signal a SIGCONT has made moot, and test-watch-partial waits on it):
 * a signal sent to the process (ShdPnd) and one sent to the thread
 * (SigPnd), both blocked by a real child so they stay pending; another
 * signal, not; a process that is gone, not. */
static void
test_watch_signal_pending (void)
{
  sigset_t blocked;
  sigset_t was;
  int go[2];
  pid_t child;
  int status;

  sigemptyset (&blocked);
  sigaddset (&blocked, SIGWINCH);
  sigaddset (&blocked, SIGUSR1);
  g_assert_no_errno (pipe (go));
  /* Blocked from its first instruction: the child inherits the mask. */
  g_assert_no_errno (pthread_sigmask (SIG_BLOCK, &blocked, &was));
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      char c;

      close (go[1]);
      /* Until the test closes its end. */
      while (read (go[0], &c, 1) != 0)
        ;
      _exit (0);
    }
  g_assert_no_errno (pthread_sigmask (SIG_SETMASK, &was, NULL));
  close (go[0]);

  g_assert_false (fifolab_watch_scan_signal_pending (child, SIGWINCH));
  g_assert_no_errno (kill (child, SIGWINCH));
  g_assert_true (fifolab_watch_scan_signal_pending (child, SIGWINCH));
  g_assert_false (fifolab_watch_scan_signal_pending (child, SIGUSR1));
  g_assert_no_errno (syscall (SYS_tgkill, child, child, SIGUSR1));
  g_assert_true (fifolab_watch_scan_signal_pending (child, SIGUSR1));
  g_assert_false (fifolab_watch_scan_signal_pending (child, SIGUSR2));

  close (go[1]);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status));
  g_assert_false (fifolab_watch_scan_signal_pending (child, SIGWINCH));
}

/* A call record as the tracer makes it at the call's return. */
static FifolabWatchRecord *
call_record (gint64      tid,
             gboolean    write,
             gint64      entry_us,
             gint64      blocked_us,
             const char *bytes)
{
  FifolabWatchRecord *record = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);

  record->pid = record->tid = tid;
  record->syscall = g_strdup (write ? "write" : "read");
  record->fd = 3;
  record->is_write = write;
  record->is_read = !write;
  record->time_us = entry_us;
  record->blocked_us = blocked_us;
  record->result = record->size = (gint64) strlen (bytes);
  record->payload = g_bytes_new (bytes, strlen (bytes));
  return record;
}

/* Whether record @index of @records carries @text (a payload, as the
 * tracer keeps it, has no terminating NUL). */
static gboolean
payload_is (GPtrArray  *records,
            guint       index,
            const char *text)
{
  GBytes *payload = ((FifolabWatchRecord *) g_ptr_array_index (records, index))->payload;
  gsize len = 0;
  const char *data = g_bytes_get_data (payload, &len);

  return len == strlen (text) && memcmp (data, text, len) == 0;
}

/* A write wakes the reader it feeds; the reader's return can be seen (and
 * recorded) before the write's own. The write is told first, before the
 * reads that carry its bytes, and only before those. */
static void
test_watch_write_told_first (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref);

  /* cat (20) blocked in read since 1000 returns "tick 15" at 1500; the
   * writer (10) began its write at 1490 and is seen returning after. */
  g_ptr_array_add (records, call_record (20, FALSE, 1000, 500, "tick 15\n"));
  g_ptr_array_add (records, call_record (10, TRUE, 1490, 30, "tick 15\n"));
  g_assert_true (fifolab_watch_records_tell_write_first (records));
  g_assert_true (((FifolabWatchRecord *) g_ptr_array_index (records, 0))->is_write);
  g_assert_false (((FifolabWatchRecord *) g_ptr_array_index (records, 1))->is_write);

  /* Two reads took its bytes (a large write): both follow it; a read of
   * older bytes before them stays before. */
  g_ptr_array_set_size (records, 0);
  g_ptr_array_add (records, call_record (20, FALSE, 1000, 500, "older\n"));
  g_ptr_array_add (records, call_record (20, FALSE, 1501, 10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
  g_ptr_array_add (records, call_record (20, FALSE, 1512, 10, "abcdefghij\n"));
  g_ptr_array_add (records, call_record (10, TRUE, 1490, 40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij\n"));
  g_assert_true (fifolab_watch_records_tell_write_first (records));
  g_assert_true (payload_is (records, 0, "older\n"));
  g_assert_true (((FifolabWatchRecord *) g_ptr_array_index (records, 1))->is_write);
  g_assert_true (payload_is (records, 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
  g_assert_true (payload_is (records, 3, "abcdefghij\n"));

  /* Left as they are: a read that returned before the write began, a
   * read of other bytes, a read by the writing thread itself. */
  g_ptr_array_set_size (records, 0);
  g_ptr_array_add (records, call_record (20, FALSE, 1000, 400, "tick 15\n"));
  g_ptr_array_add (records, call_record (10, TRUE, 1490, 30, "tick 15\n"));
  g_assert_false (fifolab_watch_records_tell_write_first (records));
  g_ptr_array_set_size (records, 0);
  g_ptr_array_add (records, call_record (20, FALSE, 1000, 500, "tick 14\n"));
  g_ptr_array_add (records, call_record (10, TRUE, 1490, 30, "tick 15\n"));
  g_assert_false (fifolab_watch_records_tell_write_first (records));
  g_ptr_array_set_size (records, 0);
  g_ptr_array_add (records, call_record (10, FALSE, 1000, 500, "tick 15\n"));
  g_ptr_array_add (records, call_record (10, TRUE, 1490, 30, "tick 15\n"));
  g_assert_false (fifolab_watch_records_tell_write_first (records));
  g_assert_false (((FifolabWatchRecord *) g_ptr_array_index (records, 0))->is_write);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fifolab_test_fifo_setup, func, fifolab_test_fifo_teardown)
  ADD ("/watch/seed", test_watch_seed);
  ADD ("/watch/cat", test_watch_cat);
  ADD ("/watch/dd", test_watch_dd);
  ADD ("/watch/threads", test_watch_threads);
  ADD ("/watch/threads-count", test_watch_threads_count);
  ADD ("/watch/blocked", test_watch_blocked);
  ADD ("/watch/not-blocked", test_watch_not_blocked);
  ADD ("/watch/signals", test_watch_signals);
  ADD ("/watch/killed", test_watch_killed);
  ADD ("/watch/command-status", test_watch_command_status);
  ADD ("/watch/refused", test_watch_refused);
#undef ADD
  g_test_add_func ("/watch/signal-pending", test_watch_signal_pending);
  g_test_add_func ("/watch/scan-ended", test_watch_scan_ended);
  g_test_add_func ("/watch/write-told-first", test_watch_write_told_first);

  return g_test_run ();
}
