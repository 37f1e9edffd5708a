/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-inspector.h"
#include "fifolab-lesson.h"
#include "fifolab-log.h"
#include "fifolab-peer-process.h"
#include "fifolab-proc-state.h"
#include "fifolab-reader.h"
#include "fifolab-session.h"
#include "fifolab-spawn.h"
#include "fifolab-stamp.h"
#include "fifolab-step-watch.h"
#include "fifolab-test-util.h"
#include "fifolab-watch-record.h"
#include "fifolab-watch-scan.h"

char *
fifolab_test_tmpdir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fifolab-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  return dir;
}

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
fifolab_test_tmpdir_free (char *dir)
{
  if (dir == NULL)
    return;
  remove_tree (dir);
  g_free (dir);
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *expired = data;
  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
fifolab_test_wait_for (const gboolean *flag,
                       guint           timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &expired);

  while (!*flag && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (id);
  return *flag;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
fifolab_test_wait_until (gboolean (*check) (gpointer data),
                         gpointer   data,
                         guint      timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &expired);
  /* Wake at least every 10 ms so conditions outside the loop are seen. */
  guint tick = g_timeout_add (10, tick_cb, NULL);
  gboolean ok;

  while (!(ok = check (data)) && !expired)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  if (!expired)
    g_source_remove (id);
  return ok;
}

void
fifolab_test_run_for (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, timeout_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
object_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

gboolean
fifolab_test_unref_finalized (gpointer object,
                              guint    timeout_ms)
{
  gpointer weak = object;
  gboolean gone;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  gone = fifolab_test_wait_until (object_gone, &weak, timeout_ms);
  if (!gone)
    g_object_remove_weak_pointer (G_OBJECT (weak), &weak);
  return gone;
}

gsize
fifolab_test_rss_bytes (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0;
  unsigned long resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0;
  return (gsize) resident * (gsize) sysconf (_SC_PAGESIZE);
}

guint
fifolab_test_count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  /* The GDir itself holds one descriptor while it is open. */
  return n - 1;
}

const char *
fifolab_test_peer_path (void)
{
  const char *path = g_getenv ("FIFOLAB_PEER");

  g_assert_nonnull (path);
  return path;
}

gint64
fifolab_test_cpu_time_us (void)
{
  struct rusage ru;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &ru), ==, 0);
  return (gint64) ru.ru_utime.tv_sec * G_USEC_PER_SEC + ru.ru_utime.tv_usec
       + (gint64) ru.ru_stime.tv_sec * G_USEC_PER_SEC + ru.ru_stime.tv_usec;
}

void
fifolab_test_mirror_check (FifolabTestMirror *mirror)
{
  guint n = g_list_model_get_n_items (mirror->model);

  g_assert_cmpuint (mirror->keys->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (mirror->model, i);

      g_assert_nonnull (item);
      g_assert_cmpstr (mirror->key (item), ==, g_ptr_array_index (mirror->keys, i));
      if (mirror->check != NULL)
        mirror->check (item, i, mirror->keys);
    }
  g_assert_null (g_list_model_get_item (mirror->model, n));
}

static void
mirror_items_changed_cb (GListModel        *model,
                         guint              position,
                         guint              removed,
                         guint              added,
                         FifolabTestMirror *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->keys->len);
  g_assert_true (removed > 0 || added > 0);

  g_ptr_array_remove_range (mirror->keys, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, position + i);

      g_assert_nonnull (item);
      g_ptr_array_insert (mirror->keys, position + i, g_strdup (mirror->key (item)));
    }
  mirror->n_changes++;
  fifolab_test_mirror_check (mirror);
}

FifolabTestMirror *
fifolab_test_mirror_new (GListModel   *model,
                         const char *(*key)   (gpointer item),
                         void        (*check) (gpointer   item,
                                               guint      position,
                                               GPtrArray *keys))
{
  FifolabTestMirror *mirror = g_new0 (FifolabTestMirror, 1);

  mirror->model = g_object_ref (model);
  mirror->keys = g_ptr_array_new_with_free_func (g_free);
  mirror->key = key;
  mirror->check = check;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_ptr_array_add (mirror->keys, g_strdup (key (item)));
    }
  mirror->handler = g_signal_connect (model, "items-changed", G_CALLBACK (mirror_items_changed_cb), mirror);
  return mirror;
}

void
fifolab_test_mirror_free (FifolabTestMirror *mirror)
{
  g_clear_signal_handler (&mirror->handler, mirror->model);
  g_clear_object (&mirror->model);
  g_clear_pointer (&mirror->keys, g_ptr_array_unref);
  g_free (mirror);
}

static void
die_with_parent (gpointer data)
{
  /* A failed assertion must leave no child blocked in open() for ever. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocess *
fifolab_test_spawnv (GSubprocessFlags     flags,
                     const char * const  *argv,
                     GPid                *pid)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);

  return fifolab_test_spawn_with (launcher, argv, pid);
}

GSubprocess *
fifolab_test_spawn_with (GSubprocessLauncher *launcher,
                         const char * const  *argv,
                         GPid                *pid)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;
  GPid child_pid = 0;

  proc = fifolab_spawn (launcher, argv, die_with_parent, NULL, &child_pid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (proc);
  g_assert_cmpint (child_pid, >, 0);
  if (pid != NULL)
    *pid = child_pid;
  return proc;
}

GSubprocess *
fifolab_test_spawn (GSubprocessFlags  flags,
                    GPid             *pid,
                    const char       *first,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  return fifolab_test_spawnv (flags, (const char * const *) argv->pdata, pid);
}

const char *
fifolab_test_python (void)
{
  static char *path;

  if (path == NULL)
    {
      if (g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
        path = g_strdup ("/usr/bin/python3");
      else
        path = g_find_program_in_path ("python3");
    }
  return path;
}

char *
fifolab_test_repeat (const char *prefix,
                     const char *unit,
                     guint       n)
{
  GString *s = g_string_new (prefix);

  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

char *
fifolab_test_make_fifo (const char *dir,
                        const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;

  fifolab_fifo_create_in (dir, name, 0600, &path, &error);
  g_assert_no_error (error);
  return path;
}

void
fifolab_test_fifo_init (char       **dir,
                        char       **path,
                        const char  *name)
{
  *dir = fifolab_test_tmpdir_new ();
  *path = fifolab_test_make_fifo (*dir, name);
}

void
fifolab_test_fifo_clear (char **dir,
                         char **path)
{
  g_clear_pointer (path, g_free);
  fifolab_test_tmpdir_free (g_steal_pointer (dir));
}

void
fifolab_test_fifo_setup (FifolabTestFifo *f,
                         gconstpointer    data)
{
  fifolab_test_fifo_init (&f->dir, &f->path, "my_pipe");
}

void
fifolab_test_fifo_teardown (FifolabTestFifo *f,
                            gconstpointer    data)
{
  fifolab_test_fifo_clear (&f->dir, &f->path);
}

void
fifolab_test_session_fifo_setup (FifolabTestSessionFifo *fx,
                                 gconstpointer           data)
{
  fifolab_test_fifo_init (&fx->dir, &fx->path, "my_pipe");
  fx->session = fifolab_session_new ();
  g_assert_true (fifolab_session_set_framing (fx->session, fx->path, FIFOLAB_FRAMING_LINE, NULL));
}

void
fifolab_test_session_fifo_teardown (FifolabTestSessionFifo *fx,
                                    gconstpointer           data)
{
  g_clear_object (&fx->session);
  fifolab_test_fifo_clear (&fx->dir, &fx->path);
}

char *
fifolab_test_blocked_read_script (const char *path,
                                  const char *text)
{
  g_assert_null (strpbrk (text, "%'"));
  return g_strdup_printf ("cat '%s' > cat.out & "
                          "exec 3> '%s'; "
                          "until grep -q '^0 ' /proc/$!/syscall && grep -q ') S ' /proc/$!/stat; "
                          "do sleep 0.01; done 3>&-; "
                          "printf '%s\\n' >&3; exec 3>&-; wait",
                          path, path, text);
}

GPtrArray *
fifolab_test_watch_script (const char *dir,
                           const char *path,
                           const char *script)
{
  const char *argv[] = { fifolab_test_peer_path (), "watch", path, "--json", "--",
                         "/bin/sh", "-c", script, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref);
  int status = 0;

  g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("watch: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      FifolabWatchRecord *record;

      if (*lines[i] == '\0')
        continue;
      record = fifolab_watch_record_from_json (lines[i], &error);
      g_assert_no_error (error);
      g_ptr_array_add (records, record);
    }
  return records;
}

FifolabWatchRecord *
fifolab_test_record_from_json (const char *line)
{
  g_autoptr(GError) error = NULL;
  FifolabWatchRecord *record = fifolab_watch_record_from_json (line, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

gboolean
fifolab_test_watch_supported (int max_scope)
{
  g_autofree char *scope = NULL;

  if (FIFOLAB_TEST_ASAN)
    {
      g_test_skip ("traced processes of a sanitizer build cannot run LeakSanitizer at their exit");
      return FALSE;
    }
  if (g_file_get_contents ("/proc/sys/kernel/yama/ptrace_scope", &scope, NULL, NULL) &&
      atoi (scope) >= max_scope)
    {
      g_autofree char *why = g_strdup_printf ("Yama ptrace_scope is %d here: the watch may not "
                                              "trace the processes this test starts",
                                              atoi (scope));
      g_test_skip (why);
      return FALSE;
    }
  return TRUE;
}

char *
fifolab_test_seed_script (const char *name)
{
  const char *seed_dir = g_getenv ("FIFOLAB_SEED_DIR");
  g_autofree char *dist_seed_dir = g_test_build_filename (G_TEST_DIST, "seed", NULL);
  char *script = g_build_filename (seed_dir != NULL ? seed_dir : dist_seed_dir, name, NULL);

  g_assert_true (g_file_test (script, G_FILE_TEST_IS_REGULAR));
  return script;
}

GSubprocess *
fifolab_test_writer_hold (const char *path,
                          GPid       *pid)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *proc;

  proc = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, pid,
                             "sh", "-c", "exec 3> \"$1\"; echo open; read _ || :", "sh", path, NULL);
  /* It says so once the pipe is open. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "open");
  return proc;
}

void
fifolab_test_writer_end (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  g_object_unref (proc);
}

static void
record_event_cb (gpointer          endpoint,
                 FifolabEventKind  kind,
                 const char       *detail,
                 GArray           *events)
{
  g_array_append_val (events, kind);
}

static void
unref_events (gpointer  events,
              GClosure *closure)
{
  g_array_unref (events);
}

GArray *
fifolab_test_record_events (gpointer endpoint)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (FifolabEventKind));

  g_signal_connect_data (endpoint, "event", G_CALLBACK (record_event_cb),
                         g_array_ref (events), unref_events, 0);
  return events;
}

guint
fifolab_test_count_events (GArray           *events,
                           FifolabEventKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    if (g_array_index (events, FifolabEventKind, i) == kind)
      n++;
  return n;
}

GBytes *
fifolab_test_bytes_sized (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = '0' + i % 10;
  return g_bytes_new_take (data, size);
}

/**
 * fifolab_test_log_entries:
 * @log: a FifolabLog
 *
 * Returns: (transfer container): the entries of @log with @direction, in order
 */
GPtrArray *
fifolab_test_log_entries (gpointer         log,
                          FifolabDirection direction)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (entry) == direction)
        g_ptr_array_add (out, g_steal_pointer (&entry));
    }
  return out;
}

/* How long fifolab_test_subprocess_release() waits for GLib's worker thread. */
#define RELEASE_WAIT_MS 30000

static void
subprocess_finalized_cb (gpointer data)
{
  /* Runs in the thread that drops the last reference: GLib's worker. */
  g_atomic_int_set ((gint *) data, 1);
  g_main_context_wakeup (NULL);
}

static gboolean
flag_is_set (gpointer data)
{
  return g_atomic_int_get ((gint *) data) != 0;
}

/* GSubprocess reaps its child from GLib's worker thread, in a child watch
 * source that holds the child's pidfd and a reference to the GSubprocess;
 * the same thread drops the last reference to a g_subprocess_wait()'s task
 * (which holds the GSubprocess and the wait's own GMainContext, an eventfd).
 * It does so a moment after g_subprocess_wait() has returned, when it gets
 * the CPU: until then those descriptors, and the GSubprocess's pipes, are
 * still open, whatever the test does.
 *
 * g_subprocess_send_signal() queues, on that same worker context, an idle
 * that holds a reference to the GSubprocess; it is dispatched in a later
 * iteration than the child watch, which has already run (the wait returned),
 * so after the watch's source was finalized (pidfd closed) and the task let
 * go. The GSubprocess is thus finalized (pipes closed) at that idle at the
 * earliest, and the data set on it is freed last, at the end of finalize. */
void
fifolab_test_subprocess_release (GSubprocess *proc)
{
  gint finalized = 0;

  g_assert_true (G_IS_SUBPROCESS (proc));
  g_assert_true (g_subprocess_wait (proc, NULL, NULL));
  g_object_set_data_full (G_OBJECT (proc), "fifolab-test-release", &finalized,
                          subprocess_finalized_cb);
  /* Signal 0 is never sent: the child is reaped. Only the ordering counts. */
  g_subprocess_send_signal (proc, 0);
  g_object_unref (proc);
  g_assert_true (fifolab_test_wait_until (flag_is_set, &finalized, RELEASE_WAIT_MS));
}

void
fifolab_test_warm_up (void)
{
  GSubprocess *proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                        NULL, "true", NULL);
  g_assert_nonnull (proc);
  fifolab_test_subprocess_release (proc);
}

void
fifolab_test_assert_fds (guint n)
{
  guint now = fifolab_test_count_fds ();
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (now == n)
    return;

  dir = g_dir_open ("/proc/self/fd", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      g_test_message ("fd %s -> %s", name, target);
    }
  g_assert_cmpuint (now, ==, n);
}

typedef struct
{
  FifolabReader *reader;
  guint64        before;
} ReceivedWait;

static gboolean
reader_got_more (gpointer data)
{
  ReceivedWait *w = data;
  return fifolab_reader_get_messages_received (w->reader) > w->before;
}

gboolean
fifolab_test_wait_received (gpointer reader,
                            guint64  before,
                            guint    timeout_ms)
{
  ReceivedWait w = { reader, before };

  g_return_val_if_fail (FIFOLAB_IS_READER (reader), FALSE);
  return fifolab_test_wait_until (reader_got_more, &w, timeout_ms);
}

int
fifolab_test_run_peer (const char           *peer,
                       const char * const   *args,
                       GSpawnChildSetupFunc  setup,
                       char                **err)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE |
                               G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) (peer != NULL ? peer : fifolab_test_peer_path ()));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (setup != NULL)
    g_subprocess_launcher_set_child_setup (launcher, setup, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  status = g_subprocess_get_exit_status (proc);
  /* Nothing of the child left open when we return. */
  fifolab_test_subprocess_release (g_steal_pointer (&proc));
  return status;
}

/* How long fifolab_test_child_free() waits for a child it killed. */
#define CHILD_KILL_WAIT_MS 30000

static void
child_communicated_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  FifolabTestChild *child = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result,
                                        &child->out, NULL, &error);
  g_assert_no_error (error);
  child->done = TRUE;
}

FifolabTestChild *
fifolab_test_child_spawn (const char * const *argv)
{
  FifolabTestChild *child = g_new0 (FifolabTestChild, 1);

  child->proc = fifolab_test_spawnv (G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv, &child->pid);
  g_subprocess_communicate_utf8_async (child->proc, NULL, NULL,
                                       child_communicated_cb, child);
  return child;
}

gboolean
fifolab_test_child_done (gpointer child)
{
  return ((FifolabTestChild *) child)->done;
}

void
fifolab_test_child_wait_ok (FifolabTestChild *child,
                            guint             timeout_ms)
{
  g_assert_true (fifolab_test_wait_until (fifolab_test_child_done, child, timeout_ms));
  g_assert_true (g_subprocess_get_if_exited (child->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (child->proc), ==, 0);
}

void
fifolab_test_child_free (FifolabTestChild *child)
{
  if (child == NULL)
    return;
  if (!child->done)
    {
      g_subprocess_force_exit (child->proc);
      fifolab_test_wait_until (fifolab_test_child_done, child, CHILD_KILL_WAIT_MS);
    }
  g_clear_object (&child->proc);
  g_free (child->out);
  g_free (child);
}

static void
recorder_event_cb (gpointer             endpoint,
                   FifolabEventKind     kind,
                   const char          *detail,
                   FifolabTestRecorder *rec)
{
  g_array_append_val (rec->events, kind);
}

static void
recorder_message_cb (FifolabReader       *reader,
                     GBytes              *payload,
                     guint                flags,
                     gint64               wall_us,
                     gint64               mono_us,
                     FifolabTestRecorder *rec)
{
  g_ptr_array_add (rec->messages, g_bytes_ref (payload));
  g_array_append_val (rec->flags, flags);
}

void
fifolab_test_recorder_init (FifolabTestRecorder *rec,
                            gpointer             endpoint)
{
  rec->events = g_array_new (FALSE, FALSE, sizeof (FifolabEventKind));
  rec->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  rec->flags = g_array_new (FALSE, FALSE, sizeof (guint));
  g_weak_ref_init (&rec->endpoint, endpoint);
  g_signal_connect (endpoint, "event", G_CALLBACK (recorder_event_cb), rec);
  if (FIFOLAB_IS_READER (endpoint))
    g_signal_connect (endpoint, "message", G_CALLBACK (recorder_message_cb), rec);
}

void
fifolab_test_recorder_clear (FifolabTestRecorder *rec)
{
  g_autoptr(GObject) endpoint = g_weak_ref_get (&rec->endpoint);

  if (endpoint != NULL)
    g_signal_handlers_disconnect_by_data (endpoint, rec);
  g_weak_ref_clear (&rec->endpoint);
  g_clear_pointer (&rec->events, g_array_unref);
  g_clear_pointer (&rec->messages, g_ptr_array_unref);
  g_clear_pointer (&rec->flags, g_array_unref);
}

int
fifolab_test_recorder_find (FifolabTestRecorder *rec,
                            FifolabEventKind     kind)
{
  for (guint i = 0; i < rec->events->len; i++)
    if (g_array_index (rec->events, FifolabEventKind, i) == kind)
      return i;
  return -1;
}

typedef struct
{
  FifolabTestRecorder *rec;
  FifolabEventKind     kind;
  guint                n;
} RecorderWait;

static gboolean
recorder_event_seen (gpointer data)
{
  RecorderWait *w = data;
  return fifolab_test_recorder_find (w->rec, w->kind) >= 0;
}

static gboolean
recorder_messages_seen (gpointer data)
{
  RecorderWait *w = data;
  return w->rec->messages->len >= w->n;
}

gboolean
fifolab_test_recorder_wait_event (FifolabTestRecorder *rec,
                                  FifolabEventKind     kind,
                                  guint                timeout_ms)
{
  RecorderWait w = { rec, kind, 0 };
  return fifolab_test_wait_until (recorder_event_seen, &w, timeout_ms);
}

gboolean
fifolab_test_recorder_wait_messages (FifolabTestRecorder *rec,
                                     guint                n,
                                     guint                timeout_ms)
{
  RecorderWait w = { rec, FIFOLAB_EVENT_NONE, n };
  return fifolab_test_wait_until (recorder_messages_seen, &w, timeout_ms);
}

void
fifolab_test_recorder_assert_message (FifolabTestRecorder *rec,
                                      guint                i,
                                      const char          *text,
                                      guint                flags)
{
  gsize len;
  const char *data;

  g_assert_cmpuint (i, <, rec->messages->len);
  data = g_bytes_get_data (g_ptr_array_index (rec->messages, i), &len);
  g_assert_cmpmem (data, len, text, strlen (text));
  g_assert_cmpuint (g_array_index (rec->flags, guint, i), ==, flags);
}

void
fifolab_test_assert_bytes (GBytes     *bytes,
                           const void *data,
                           gsize       len)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, len);
}

/* Asleep in write() on a full pipe. */
static gboolean
waits_in_write (gpointer data)
{
  g_autofree char *wchan = fifolab_peer_process_dup_wchan (data);

  return wchan != NULL && strstr (wchan, "pipe_write") != NULL;
}

guint
fifolab_test_lesson_step_of (gpointer    lesson,
                             const char *action_id)
{
  for (guint i = 0; i < fifolab_lesson_get_n_steps (lesson); i++)
    if (g_str_equal (fifolab_lesson_get_step_action_id (lesson, i), action_id))
      return i;
  g_error ("no step %s", action_id);
  return 0;
}

void
fifolab_test_lesson_pair (gpointer   lesson,
                          gpointer  *writer,
                          gpointer  *reader)
{
  GListModel *peers = fifolab_lesson_get_peers (lesson);

  *writer = NULL;
  *reader = NULL;
  g_assert_cmpuint (g_list_model_get_n_items (peers), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (peers, i);

      if (fifolab_peer_process_get_role (peer) == FIFOLAB_PEER_ROLE_WRITE)
        *writer = peer;
      else
        *reader = peer;
    }
  g_assert_nonnull (*writer);
  g_assert_nonnull (*reader);
}

GSubprocess *
fifolab_test_lazy_reader_new (const char *path,
                              const char *out,
                              GPid       *pid)
{
  return fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, pid, "sh", "-c",
                             "exec 3<\"$1\"; read _; exec cat <&3 >\"$2\"",
                             "sh", path, out != NULL ? out : "/dev/null", NULL);
}

void
fifolab_test_lazy_reader_go (GSubprocess *reader)
{
  fifolab_test_go_ahead_last (reader);
  g_assert_true (g_subprocess_wait_check (reader, NULL, NULL));
}

void
fifolab_test_go_ahead (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (proc), "go\n", 3,
                                            NULL, NULL, &error));
  g_assert_no_error (error);
}

void
fifolab_test_go_ahead_last (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;

  fifolab_test_go_ahead (proc);
  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, &error));
  g_assert_no_error (error);
}

gboolean
fifolab_test_peer_exited (gpointer peer)
{
  return fifolab_peer_process_get_state (peer) == FIFOLAB_PEER_STATE_EXITED;
}

gboolean
fifolab_test_peer_has_output (gpointer peer)
{
  return fifolab_peer_process_get_output_lines (peer)->len > 0;
}

static gboolean
step_watch_holds (gpointer watch)
{
  return fifolab_step_watch_get_n_pending (watch) > 0;
}

guint
fifolab_test_step_until (FifolabStepWatch         *watch,
                         const FifolabTestStepper *stepper,
                         gpointer                  data,
                         guint                     max_steps,
                         guint                     timeout_ms)
{
  guint steps = 0;

  for (;;)
    {
      if (stepper->held != NULL)
        g_assert_true (fifolab_test_wait_until (stepper->held, data, timeout_ms));
      else
        g_assert_true (fifolab_test_wait_until (step_watch_holds, watch, timeout_ms));
      if (stepper->check != NULL)
        stepper->check (data);
      if (stepper->reached (data))
        return steps;
      if (stepper->step != NULL)
        stepper->step (data, steps);
      else
        g_assert_true (fifolab_step_watch_step (watch));
      g_assert_cmpuint (++steps, <=, max_steps);
    }
}

typedef struct
{
  FifolabReader *reader;
  guint64        bytes;
} AllRead;

static gboolean
all_read (gpointer data)
{
  AllRead *all = data;

  return fifolab_reader_get_bytes_received (all->reader) >= all->bytes;
}

void
fifolab_test_two_writers_torn (gpointer          session_,
                               gpointer          inspector_,
                               const char       *path,
                               const char       *template_,
                               guint             count,
                               guint             timeout_ms)
{
  FifolabSession *session = FIFOLAB_SESSION (session_);
  FifolabInspector *inspector = FIFOLAB_INSPECTOR (inspector_);
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(FifolabPeerProcess) w1 = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  g_autoptr(FifolabPeerProcess) w2 = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_WRITE, path, NULL);
  FifolabPeerProcess *writers[] = { w1, w2 };
  g_autoptr(GError) error = NULL;
  AllRead expected = { NULL, 0 };
  int held;

  fifolab_inspector_set_template (inspector, path, template_);
  fifolab_session_set_inspector (session, inspector);
  held = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (held, >=, 0);
  g_assert_cmpint (fcntl (held, F_SETPIPE_SZ, 4096), ==, 4096);
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_autoptr(GBytes) one = NULL;

      fifolab_peer_process_set_template (writers[i], template_);
      fifolab_peer_process_set_framing (writers[i], FIFOLAB_FRAMING_LINE);
      fifolab_peer_process_set_count (writers[i], count);
      g_assert_true (fifolab_peer_process_start (writers[i], &error));
      g_assert_no_error (error);
      fifolab_inspector_note_writer (inspector, path, fifolab_peer_process_get_pid (writers[i]));
      one = fifolab_stamp_expand (template_, fifolab_peer_process_get_pid (writers[i]), NULL);
      expected.bytes += count * (g_bytes_get_size (one) + 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    g_assert_true (fifolab_test_wait_until (waits_in_write, writers[i], timeout_ms));
  expected.reader = fifolab_session_open_reader (session, path, framer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (expected.reader);
  /* The session's read end is open: the held one can go, nothing is lost. */
  close (held);
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_assert_true (fifolab_test_wait_until (fifolab_test_peer_exited, writers[i], timeout_ms));
      g_assert_cmpint (fifolab_peer_process_get_exit_code (writers[i]), ==, 0);
    }
  /* Every byte read: whatever the interleaving, both writers' lines. */
  g_assert_true (fifolab_test_wait_until (all_read, &expected, timeout_ms));
  fifolab_log_flush (fifolab_session_get_log (session));
}

gboolean
fifolab_test_in_fifo_open (gpointer pid)
{
  g_autofree char *file = g_strdup_printf ("/proc/%d/wchan", GPOINTER_TO_INT (pid));
  g_autofree char *wchan = NULL;

  return g_file_get_contents (file, &wchan, NULL, NULL) &&
         (g_str_equal (wchan, "wait_for_partner") || g_str_equal (wchan, "fifo_open"));
}

gboolean
fifolab_test_in_read (gpointer pid)
{
  FifolabProcState state;

  fifolab_proc_state_read (GPOINTER_TO_INT (pid), 0, 0, &state);
  return state.activity == FIFOLAB_PROC_ACTIVITY_READ_WAITING;
}

char
fifolab_test_proc_state_letter (gint64 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *stat = NULL;
  const char *end;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return 0;
  /* "pid (comm) state ...": comm may hold ") ". */
  end = strrchr (stat, ')');
  return end != NULL && end[1] == ' ' ? end[2] : 0;
}

gboolean
fifolab_test_does (gpointer query)
{
  const FifolabTestActivity *q = query;
  FifolabProcState state;

  fifolab_proc_state_read_path (q->pid, q->path, &state);
  return state.activity == q->activity;
}

gboolean
fifolab_test_fifo_full (const char *path)
{
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  int queued = -1;
  int capacity;

  g_assert_cmpint (fd, >=, 0);
  g_assert_no_errno (ioctl (fd, FIONREAD, &queued));
  capacity = fcntl (fd, F_GETPIPE_SZ);
  g_assert_cmpint (capacity, >, 0);
  close (fd);
  return queued == capacity;
}

gboolean
fifolab_test_asleep_filling (gpointer asleep)
{
  const FifolabTestAsleep *a = asleep;
  g_autofree char *path = g_strdup_printf ("/proc/%d/syscall", (int) a->pid);
  g_autofree char *syscall = NULL;

  /* /proc/PID/syscall names a call only while the thread sleeps in it. */
  if (!g_file_get_contents (path, &syscall, NULL, NULL) || !g_str_has_prefix (syscall, a->nr))
    return FALSE;
  /* Asleep in a write of more than the pipe holds, the pipe full: the
   * first bytes went in, the call waits for room for the rest. */
  return fifolab_test_fifo_full (a->path);
}

GPid
fifolab_test_tracer_of (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *status = NULL;
  const char *line;
  gint64 tracer;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "\nTracerPid:");
  g_assert_nonnull (line);
  tracer = g_ascii_strtoll (line + strlen ("\nTracerPid:"), NULL, 10);
  return tracer > 0 ? (GPid) fifolab_watch_scan_tgid ((pid_t) tracer) : 0;
}

gboolean
fifolab_test_traced_by (gpointer query)
{
  FifolabTestTraced *traced = query;

  return fifolab_test_tracer_of (traced->pid) == traced->tracer;
}

ino_t
fifolab_test_inode_of (const char *path)
{
  struct stat st;

  g_assert_no_errno (lstat (path, &st));
  return st.st_ino;
}

gboolean
fifolab_test_inode_differs (gpointer inode)
{
  FifolabTestInode *query = inode;
  struct stat st;

  return lstat (query->path, &st) == 0 && st.st_ino != query->ino;
}

gboolean
fifolab_test_inode_is (gpointer inode)
{
  return !fifolab_test_inode_differs (inode);
}

GBytes *
fifolab_test_export (gpointer            log,
                     FifolabExportFormat format)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fifolab_log_export (log, format, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

GBytes *
fifolab_test_export_jsonl (gpointer log)
{
  return fifolab_test_export (log, FIFOLAB_EXPORT_JSON_LINES);
}

char *
fifolab_test_save_jsonl (gpointer    log,
                         const char *dir,
                         const char *name)
{
  g_autoptr(GBytes) bytes = fifolab_test_export_jsonl (log);
  g_autoptr(GError) error = NULL;
  char *file = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (file, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  return file;
}
