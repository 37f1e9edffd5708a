/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-enums.h"
#include "fifolab-fifo.h"
#include "fifolab-holder-scan.h"
#include "fifolab-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = fifolab_test_tmpdir_new ();
  fx->path = g_build_filename (fx->dir, "pipe", NULL);
  fifolab_fifo_create (fx->path, 0600, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->path, g_free);
  g_clear_pointer (&fx->dir, fifolab_test_tmpdir_free);
}

static FifolabHolderScan *
scan_one (const char *path)
{
  const char *paths[] = { path, NULL };
  g_autoptr(GError) error = NULL;
  FifolabHolderScan *scan;

  scan = fifolab_holder_scan_run_sync (paths, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scan);
  return scan;
}

static void
kill_subprocess (GSubprocess *proc)
{
  if (proc == NULL)
    return;
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, NULL);
}

/* "pid:fd:access" for each holder, one per line, in scan order. */
static char *
describe_holders (GPtrArray *holders)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < holders->len; i++)
    {
      FifolabHolder *h = g_ptr_array_index (holders, i);

      g_string_append_printf (s, "%" G_GINT64_FORMAT ":%d:%s%s\n",
                              fifolab_holder_get_pid (h),
                              fifolab_holder_get_fd (h),
                              (fifolab_holder_get_access (h) & FIFOLAB_ACCESS_READ) ? "r" : "",
                              (fifolab_holder_get_access (h) & FIFOLAB_ACCESS_WRITE) ? "w" : "");
    }
  return g_string_free (s, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The same "pid:fd:access" lines from `lsof -F pfa PATH`, sorted. */
static char *
describe_lsof (const char *path)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_auto(GStrv) fields = NULL;
  GString *s = g_string_new (NULL);
  const char *pid = NULL;
  const char *fd = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &error, "lsof", "-F", "pfa", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);

  fields = g_strsplit (out, "\n", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *f = fields[i];

      switch (f[0])
        {
        case 'p':
          pid = f + 1;
          break;
        case 'f':
          fd = f + 1;
          break;
        case 'a':
          g_assert_nonnull (pid);
          g_assert_nonnull (fd);
          g_ptr_array_add (lines,
                           g_strdup_printf ("%s:%s:%s", pid, fd,
                                            f[1] == 'r' ? "r" :
                                            f[1] == 'w' ? "w" :
                                            f[1] == 'u' ? "rw" : "?"));
          break;
        default:
          break;
        }
    }

  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (s, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (s, FALSE);
}

static char *
sorted_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) array = g_ptr_array_new ();
  GString *s = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (array, lines[i]);
  g_ptr_array_sort (array, compare_strings);
  for (guint i = 0; i < array->len; i++)
    g_string_append_printf (s, "%s\n", (char *) g_ptr_array_index (array, i));
  return g_string_free (s, FALSE);
}

static FifolabHolder *
find_pid (GPtrArray *holders,
          gint64     pid)
{
  for (guint i = 0; i < holders->len; i++)
    if (fifolab_holder_get_pid (g_ptr_array_index (holders, i)) == pid)
      return g_ptr_array_index (holders, i);
  return NULL;
}

static void
test_holder_new_destroy (void)
{
  FifolabHolder *holder;
  g_autofree char *command = NULL;
  gint64 pid = 0;
  int fd = 0;
  FifolabAccess access = 0;

  holder = fifolab_holder_new (1234, "cat", 3, FIFOLAB_ACCESS_READ);
  g_assert_cmpint (fifolab_holder_get_pid (holder), ==, 1234);
  g_assert_cmpstr (fifolab_holder_get_command (holder), ==, "cat");
  g_assert_cmpint (fifolab_holder_get_fd (holder), ==, 3);
  g_assert_cmpint (fifolab_holder_get_access (holder), ==, FIFOLAB_ACCESS_READ);

  g_object_get (holder,
                "pid", &pid,
                "command", &command,
                "fd", &fd,
                "access", &access,
                NULL);
  g_assert_cmpint (pid, ==, 1234);
  g_assert_cmpstr (command, ==, "cat");
  g_assert_cmpint (fd, ==, 3);
  g_assert_cmpint (access, ==, FIFOLAB_ACCESS_READ);

  g_assert_finalize_object (holder);
}

static void
test_scan_new_destroy (Fixture       *fx,
                       gconstpointer  data)
{
  FifolabHolderScan *scan = scan_one (fx->path);
  g_autoptr(GPtrArray) holders = fifolab_holder_scan_get_holders (scan, fx->path);
  g_autoptr(GPtrArray) unknown = fifolab_holder_scan_get_holders (scan, "/not/scanned");

  g_assert_cmpuint (holders->len, ==, 0);
  g_assert_cmpuint (unknown->len, ==, 0);
  g_assert_cmpuint (fifolab_holder_scan_count (scan, fx->path, FIFOLAB_ACCESS_NONE), ==, 0);
  g_assert_cmpint (fifolab_holder_scan_get_time_us (scan), >, 0);
  g_assert_finalize_object (scan);
}

/* What each path was when the scan looked: a FIFO, a symbolic link to one,
 * a regular file, nothing; made and removed between two scans. */
static void
test_scan_is_fifo (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *link = g_build_filename (fx->dir, "link", NULL);
  g_autofree char *file = g_build_filename (fx->dir, "file", NULL);
  g_autofree char *missing = g_build_filename (fx->dir, "missing", NULL);
  const char *paths[] = { fx->path, link, file, missing, NULL };
  g_autoptr(FifolabHolderScan) scan = NULL;
  g_autoptr(FifolabHolderScan) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink (fx->path, link), ==, 0);
  g_assert_true (g_file_set_contents (file, "x", 1, &error));
  g_assert_no_error (error);

  scan = fifolab_holder_scan_run_sync (paths, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fifolab_holder_scan_is_fifo (scan, fx->path));
  g_assert_true (fifolab_holder_scan_is_fifo (scan, link));
  g_assert_false (fifolab_holder_scan_is_fifo (scan, file));
  g_assert_false (fifolab_holder_scan_is_fifo (scan, missing));
  g_assert_false (fifolab_holder_scan_is_fifo (scan, "/not/scanned"));

  /* The pipe removed, another made: the next scan says so, the one before
   * keeps what it found. */
  g_assert_cmpint (g_unlink (fx->path), ==, 0);
  g_assert_true (fifolab_fifo_create (missing, 0600, &error));
  g_assert_no_error (error);
  again = fifolab_holder_scan_run_sync (paths, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (fifolab_holder_scan_is_fifo (again, fx->path));
  g_assert_false (fifolab_holder_scan_is_fifo (again, link));
  g_assert_true (fifolab_holder_scan_is_fifo (again, missing));
  g_assert_true (fifolab_holder_scan_is_fifo (scan, fx->path));
  g_assert_false (fifolab_holder_scan_is_fifo (scan, missing));
}

typedef struct
{
  const char *path;
  guint       readers;
  guint       writers;
} HoldWait;

static gboolean
holders_reached (gpointer data)
{
  HoldWait *w = data;
  g_autoptr(FifolabHolderScan) scan = scan_one (w->path);

  return fifolab_holder_scan_count (scan, w->path, FIFOLAB_ACCESS_READ) >= w->readers
      && fifolab_holder_scan_count (scan, w->path, FIFOLAB_ACCESS_WRITE) >= w->writers;
}

/* A `cat PIPE` reader and a shell holding `exec 3>PIPE`: both found with
 * their access, and exactly what lsof reports. */
static void
test_reader_and_writer (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(FifolabHolderScan) scan = NULL;
  g_autoptr(GPtrArray) holders = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  FifolabHolder *h;
  HoldWait wait = { fx->path, 1, 2 };
  GPid reader_pid = 0;
  GPid writer_pid = 0;

  reader = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &reader_pid,
                               "cat", fx->path, NULL);
  /* The shell keeps fd 3 and its `sleep` child inherits it: two writers. */
  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &writer_pid,
                               "sh", "-c", "exec 3>\"$1\"; sleep 30; exit 0", "sh", fx->path, NULL);

  g_assert_true (fifolab_test_wait_until (holders_reached, &wait, 10000));

  scan = scan_one (fx->path);
  holders = fifolab_holder_scan_get_holders (scan, fx->path);

  h = find_pid (holders, reader_pid);
  g_assert_nonnull (h);
  g_assert_cmpint (fifolab_holder_get_access (h), ==, FIFOLAB_ACCESS_READ);
  g_assert_cmpstr (fifolab_holder_get_command (h), ==, "cat");

  h = find_pid (holders, writer_pid);
  g_assert_nonnull (h);
  g_assert_cmpint (fifolab_holder_get_access (h), ==, FIFOLAB_ACCESS_WRITE);
  g_assert_cmpint (fifolab_holder_get_fd (h), ==, 3);
  g_assert_cmpstr (fifolab_holder_get_command (h), ==, "sh");

  /* Sorted by pid, then fd. */
  for (guint i = 1; i < holders->len; i++)
    {
      FifolabHolder *a = g_ptr_array_index (holders, i - 1);
      FifolabHolder *b = g_ptr_array_index (holders, i);

      g_assert_true (fifolab_holder_get_pid (a) < fifolab_holder_get_pid (b) ||
                     (fifolab_holder_get_pid (a) == fifolab_holder_get_pid (b) &&
                      fifolab_holder_get_fd (a) < fifolab_holder_get_fd (b)));
    }

  ours = describe_holders (holders);
  theirs = describe_lsof (fx->path);
  g_test_message ("scan:\n%slsof:\n%s", ours, theirs);
  {
    g_autofree char *ours_sorted = sorted_lines (ours);
    g_assert_cmpstr (ours_sorted, ==, theirs);
  }
  g_assert_cmpuint (fifolab_holder_scan_count (scan, fx->path, FIFOLAB_ACCESS_READ), ==, 1);
  g_assert_cmpuint (fifolab_holder_scan_count (scan, fx->path, FIFOLAB_ACCESS_WRITE), ==, 2);
  g_assert_cmpuint (fifolab_holder_scan_count (scan, fx->path, FIFOLAB_ACCESS_NONE), ==, 3);

  kill_subprocess (writer);
  kill_subprocess (reader);
}

/* Issue 11, case 4: a process names itself: after the file it runs, here a
 * bidi override or an ESC sequence. Its command is kept escaped, as shown. */
static void
test_hostile_command (Fixture       *fx,
                      gconstpointer  data)
{
  static const struct
  {
    const char *file;
    const char *shown;
  } cases[] = {
    { "evil\xe2\x80\xaegpj.exe", "evil\\u202Egpj.exe" },
    { "esc\x1b[2J\x1b]0;x", "esc\\x1b[2J\\x1b]0;x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *link = g_build_filename (fx->dir, cases[i].file, NULL);
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(FifolabHolderScan) scan = NULL;
      g_autoptr(GPtrArray) holders = NULL;
      g_autoptr(GError) error = NULL;
      HoldWait wait = { fx->path, 1, 1 };
      gboolean found = FALSE;

      g_assert_cmpint (symlink ("/bin/sh", link), ==, 0);
      /* Holds the pipe (read-write: no waiting for another end) until its
       * stdin closes. */
      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                               link, "-c", "exec 3<>\"$1\"; read x", "sh", fx->path, NULL);
      g_assert_no_error (error);
      g_assert_true (fifolab_test_wait_until (holders_reached, &wait, 10000));

      scan = scan_one (fx->path);
      holders = fifolab_holder_scan_get_holders (scan, fx->path);
      for (guint j = 0; j < holders->len; j++)
        {
          const char *command = fifolab_holder_get_command (g_ptr_array_index (holders, j));

          g_test_message ("command “%s”", command);
          g_assert_null (strstr (command, "\xe2\x80\xae"));
          g_assert_null (strchr (command, '\x1b'));
          found |= g_strcmp0 (command, cases[i].shown) == 0;
        }
      g_assert_true (found);

      g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait (proc, NULL, &error));
      g_assert_no_error (error);
    }
}

/* This process holding ends itself: read, write, and read-write. */
static void
test_own_process (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabHolderScan) scan = NULL;
  g_autoptr(GPtrArray) holders = NULL;
  g_autofree char *comm = NULL;
  g_autofree char *symlink_path = g_build_filename (fx->dir, "link", NULL);
  const char *paths[] = { fx->path, symlink_path, "/nonexistent/pipe", NULL };
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  FifolabHolder *h;
  int rfd, wfd, rwfd;

  rfd = fifolab_fifo_open (fx->path, O_RDONLY, &error);
  g_assert_no_error (error);
  wfd = fifolab_fifo_open (fx->path, O_WRONLY, &error);
  g_assert_no_error (error);
  rwfd = open (fx->path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (rwfd, >=, 0);
  g_assert_cmpint (symlink (fx->path, symlink_path), ==, 0);

  scan = fifolab_holder_scan_run_sync (paths, NULL, &error);
  g_assert_no_error (error);
  holders = fifolab_holder_scan_get_holders (scan, fx->path);
  g_assert_cmpuint (holders->len, ==, 3);

  g_assert_true (g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL));
  g_strchomp (comm);

  for (guint i = 0; i < holders->len; i++)
    {
      h = g_ptr_array_index (holders, i);
      g_assert_cmpint (fifolab_holder_get_pid (h), ==, getpid ());
      g_assert_cmpstr (fifolab_holder_get_command (h), ==, comm);
      if (fifolab_holder_get_fd (h) == rfd)
        g_assert_cmpint (fifolab_holder_get_access (h), ==, FIFOLAB_ACCESS_READ);
      else if (fifolab_holder_get_fd (h) == wfd)
        g_assert_cmpint (fifolab_holder_get_access (h), ==, FIFOLAB_ACCESS_WRITE);
      else if (fifolab_holder_get_fd (h) == rwfd)
        g_assert_cmpint (fifolab_holder_get_access (h), ==, FIFOLAB_ACCESS_READ | FIFOLAB_ACCESS_WRITE);
      else
        g_assert_not_reached ();
    }
  g_assert_cmpuint (fifolab_holder_scan_count (scan, fx->path, FIFOLAB_ACCESS_READ), ==, 2);
  g_assert_cmpuint (fifolab_holder_scan_count (scan, fx->path, FIFOLAB_ACCESS_WRITE), ==, 2);
  g_assert_cmpuint (fifolab_holder_scan_count (scan, fx->path,
                                               FIFOLAB_ACCESS_READ | FIFOLAB_ACCESS_WRITE), ==, 1);

  /* The symlink names the same FIFO: the same holders, found in one walk. */
  {
    g_autoptr(GPtrArray) via_link = fifolab_holder_scan_get_holders (scan, symlink_path);
    g_autofree char *a = describe_holders (holders);
    g_autofree char *b = describe_holders (via_link);

    g_assert_cmpstr (a, ==, b);
  }
  /* A missing path is skipped, not an error. */
  {
    g_autoptr(GPtrArray) none = fifolab_holder_scan_get_holders (scan, "/nonexistent/pipe");
    g_assert_cmpuint (none->len, ==, 0);
  }

  ours = describe_holders (holders);
  theirs = describe_lsof (fx->path);
  {
    g_autofree char *ours_sorted = sorted_lines (ours);
    g_assert_cmpstr (ours_sorted, ==, theirs);
  }

  /* The holders outlive the scan: the array keeps its own references. */
  g_clear_object (&scan);
  g_assert_cmpint (fifolab_holder_get_pid (g_ptr_array_index (holders, 0)), ==, getpid ());

  close (rwfd);
  close (wfd);
  close (rfd);
}

static char *
read_wchan (gint64 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/wchan", pid);
  char *wchan = NULL;

  if (!g_file_get_contents (path, &wchan, NULL, NULL))
    return NULL;
  return wchan;
}

typedef struct
{
  gint64   pid;
  gboolean wchan_known;
} BlockWait;

static gboolean
blocked_in_open (gpointer data)
{
  BlockWait *w = data;
  g_autofree char *wchan = read_wchan (w->pid);

  if (wchan == NULL || g_str_equal (wchan, "0") || wchan[0] == '\0')
    {
      w->wchan_known = FALSE;
      return FALSE;
    }
  w->wchan_known = TRUE;
  /* The kernel's FIFO open waits in wait_for_partner(). */
  return g_str_equal (wchan, "wait_for_partner");
}

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

/* The scan never opens the FIFO: a writer blocked in open() for want of a
 * reader stays blocked through several scans. */
static void
test_scan_does_not_open (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  BlockWait block = { 0, TRUE };
  gboolean exited = FALSE;
  GPid writer_pid = 0;
  char buf[16];
  gssize n;
  int fd;

  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &writer_pid,
                               "sh", "-c", "echo hi > \"$1\"", "sh", fx->path, NULL);
  g_subprocess_wait_async (writer, NULL, wait_done_cb, &exited);
  block.pid = writer_pid;

  if (!fifolab_test_wait_until (blocked_in_open, &block, 5000))
    {
      /* Without wchan, give the shell ample time to reach open(). */
      g_assert_false (block.wchan_known);
      fifolab_test_run_for (300);
    }

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(FifolabHolderScan) scan = scan_one (fx->path);

      /* Blocked in open(), the writer holds no descriptor yet. */
      g_assert_cmpuint (fifolab_holder_scan_count (scan, fx->path, FIFOLAB_ACCESS_NONE), ==, 0);
    }

  fifolab_test_run_for (200);
  g_assert_false (exited);
  if (block.wchan_known)
    g_assert_true (blocked_in_open (&block));

  /* Now a real reader: the writer's open completes and its line arrives. */
  fd = fifolab_fifo_open (fx->path, O_RDONLY, &error);
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_for (&exited, 10000));
  n = read (fd, buf, sizeof buf);
  g_assert_cmpint (n, ==, 3);
  g_assert_cmpmem (buf, 3, "hi\n", 3);
  close (fd);
  g_assert_true (g_subprocess_get_if_exited (writer));
  g_assert_cmpint (g_subprocess_get_exit_status (writer), ==, 0);
}

static void
scan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (object);
  *out = g_object_ref (result);
}

static void
test_async (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) holders = NULL;
  FifolabHolderScan *scan;
  const char *paths[] = { fx->path, NULL };
  GThread *self_thread = g_thread_self ();
  int fd;

  fd = fifolab_fifo_open (fx->path, O_RDONLY, &error);
  g_assert_no_error (error);

  fifolab_holder_scan_run_async (paths, NULL, scan_done_cb, &result);
  g_assert_null (result);   /* never completes in the calling stack */
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_thread_self () == self_thread);

  scan = fifolab_holder_scan_run_finish (result, &error);
  g_assert_no_error (error);
  holders = fifolab_holder_scan_get_holders (scan, fx->path);
  g_assert_cmpuint (holders->len, ==, 1);
  g_assert_cmpint (fifolab_holder_get_pid (g_ptr_array_index (holders, 0)), ==, getpid ());
  g_assert_cmpint (fifolab_holder_get_fd (g_ptr_array_index (holders, 0)), ==, fd);
  g_assert_finalize_object (scan);
  g_clear_object (&result);

  /* Cancelled: an error, no scan. */
  g_cancellable_cancel (cancellable);
  fifolab_holder_scan_run_async (paths, cancellable, scan_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  scan = fifolab_holder_scan_run_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (scan);

  close (fd);
}

/* Processes whose descriptors may not be read are counted, not guessed:
 * as an unprivileged user, this (root) process's descriptors are hidden. */
/* A folder the unprivileged child finds from its parent's pid (the
 * environment cannot be changed safely once threads run). */
static char *
denied_dir_for (gint64 pid)
{
  return g_strdup_printf ("%s/fifolab-holders-%" G_GINT64_FORMAT, g_get_tmp_dir (), pid);
}

static void
test_denied (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = denied_dir_for (getppid ());
      g_autofree char *path = g_build_filename (dir, "pipe", NULL);
      const char *paths[2] = { path, NULL };
      g_autoptr(FifolabHolderScan) scan = NULL;
      g_autoptr(GPtrArray) holders = NULL;
      g_autoptr(GError) error = NULL;
      gint64 parent = getppid ();
      int fd;

      g_assert_cmpint (setgroups (0, NULL), ==, 0);
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);

      fd = fifolab_fifo_open (path, O_RDONLY, &error);
      g_assert_no_error (error);

      scan = fifolab_holder_scan_run_sync (paths, NULL, &error);
      g_assert_no_error (error);
      holders = fifolab_holder_scan_get_holders (scan, path);
      /* Our own descriptor is seen; the parent's is not, and is counted. */
      g_assert_cmpuint (holders->len, ==, 1);
      g_assert_cmpint (fifolab_holder_get_pid (g_ptr_array_index (holders, 0)), ==, getpid ());
      g_assert_null (find_pid (holders, parent));
      g_assert_cmpuint (fifolab_holder_scan_get_n_denied (scan), >=, 1);
      close (fd);
      return;
    }

  if (getuid () != 0)
    {
      g_test_skip ("Dropping to another user needs root");
      return;
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FifolabHolderScan) scan = NULL;
    char *dir = denied_dir_for (getpid ());
    g_autofree char *path = g_build_filename (dir, "pipe", NULL);
    int fd;

    /* Reachable by "nobody". */
    fifolab_test_tmpdir_free (g_strdup (dir));
    g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
    g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
    fifolab_fifo_create (path, 0666, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_chmod (path, 0666), ==, 0);

    fd = fifolab_fifo_open (path, O_RDONLY, &error);
    g_assert_no_error (error);

    /* As root, nothing is denied. */
    scan = scan_one (path);
    g_assert_cmpuint (fifolab_holder_scan_get_n_denied (scan), ==, 0);
    g_assert_cmpuint (fifolab_holder_scan_count (scan, path, FIFOLAB_ACCESS_READ), ==, 1);

    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed ();
    close (fd);
    fifolab_test_tmpdir_free (dir);
  }
}

/* How long one walk of /proc takes here (run with -m perf). */
static void
test_perf (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GDir) proc = NULL;
  const char *name;
  guint n_procs = 0;
  guint n_fds = 0;
  gint64 best = G_MAXINT64;
  gint64 total = 0;
  const guint rounds = 20;

  if (!g_test_perf ())
    {
      g_test_skip ("Only with -m perf");
      return;
    }

  proc = g_dir_open ("/proc", 0, NULL);
  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *fd_path = NULL;
      g_autoptr(GDir) fds = NULL;

      if (!g_ascii_isdigit (name[0]))
        continue;
      n_procs++;
      fd_path = g_build_filename ("/proc", name, "fd", NULL);
      fds = g_dir_open (fd_path, 0, NULL);
      while (fds != NULL && g_dir_read_name (fds) != NULL)
        n_fds++;
    }

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(FifolabHolderScan) scan = scan_one (fx->path);
      gint64 t = fifolab_holder_scan_get_time_us (scan);

      best = MIN (best, t);
      total += t;
    }

  g_test_minimized_result (best / 1e6, "best scan %.3f ms over %u processes, %u descriptors",
                           best / 1e3, n_procs, n_fds);
  g_test_message ("holder scan: best %.3f ms, mean %.3f ms; %u processes, %u descriptors",
                  best / 1e3, total / 1e3 / rounds, n_procs, n_fds);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

  g_test_add_func ("/holders/holder/new-destroy", test_holder_new_destroy);
  g_test_add ("/holders/scan/new-destroy", Fixture, NULL,
              fixture_setup, test_scan_new_destroy, fixture_teardown);
  g_test_add ("/holders/scan/is-fifo", Fixture, NULL,
              fixture_setup, test_scan_is_fifo, fixture_teardown);
  g_test_add ("/holders/scan/reader-and-writer", Fixture, NULL,
              fixture_setup, test_reader_and_writer, fixture_teardown);
  g_test_add ("/holders/scan/hostile-command", Fixture, NULL,
              fixture_setup, test_hostile_command, fixture_teardown);
  g_test_add ("/holders/scan/own-process", Fixture, NULL,
              fixture_setup, test_own_process, fixture_teardown);
  g_test_add ("/holders/scan/does-not-open", Fixture, NULL,
              fixture_setup, test_scan_does_not_open, fixture_teardown);
  g_test_add ("/holders/scan/async", Fixture, NULL,
              fixture_setup, test_async, fixture_teardown);
  g_test_add_func ("/holders/scan/denied", test_denied);
  g_test_add ("/holders/scan/perf", Fixture, NULL,
              fixture_setup, test_perf, fixture_teardown);

  return g_test_run ();
}
