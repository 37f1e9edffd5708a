/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fifolab command line: a second `fifolab` hands its arguments to the
 * running instance, which acts on them; bad input is reported to the second
 * process's terminal with a non-zero exit status. Real processes, real FIFOs,
 * the private D-Bus session of the test command. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/stat.h>

#include "fifolab.h"
#include "fifolab-test-util.h"
#include "fifolab-ui-test-util.h"

#define TIMEOUT_MS 15000

static const char *
app_path (void)
{
  const char *path = g_getenv ("FIFOLAB_APP");

  g_assert_nonnull (path);
  return path;
}

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
} Run;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err, NULL);
  run->done = TRUE;
}

/* Runs `fifolab ARGS…` to completion; returns its exit status. */
static int
run_fifolab (char **err,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { FALSE, NULL, NULL };
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) app_path ());
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = fifolab_test_spawnv (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                 (const char * const *) argv->pdata, NULL);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &run);
  g_assert_true (fifolab_test_wait_for (&run.done, TIMEOUT_MS));
  g_free (run.out);
  if (err != NULL)
    *err = run.err;
  else
    g_free (run.err);

  return g_subprocess_get_exit_status (process);
}

static void
test_forwarded_to_running_instance (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *pipe = g_build_filename (dir, "my_pipe", NULL);
  g_autofree char *regular = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *err = NULL;
  g_autofree char *peer_out = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSubprocess) primary = NULL;
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  Run peer_run = { FALSE, NULL, NULL };

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  if (fifolab_ui_test_app_on_bus (bus))
    {
      g_test_skip ("FIFO Lab already runs on this session bus");
      fifolab_test_tmpdir_free (g_steal_pointer (&dir));
      return;
    }

  g_assert_true (fifolab_fifo_create (pipe, 0600, &error));
  g_assert_true (g_file_set_contents (regular, "precious\n", -1, &error));

  /* The primary instance, showing the folder. */
  /* It dies with the test: a failed assertion must not leave it holding
   * meson's output pipe open until meson's own timeout. */
  primary = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, NULL, app_path (), "--folder", dir, NULL);
  g_assert_true (fifolab_test_wait_until (fifolab_ui_test_app_on_bus_cb, bus, TIMEOUT_MS));

  /* A second fifolab: refused input is reported on its stderr, status 1. */
  g_assert_cmpint (run_fifolab (&err, "--read", regular, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "notes.txt"));
  g_assert_true (g_file_get_contents (regular, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "precious\n");
  g_clear_pointer (&err, g_free);

  /* A name that would command the terminal (issue 11, case 4) is escaped. */
  {
    g_autofree char *hostile = g_build_filename (dir, "esc\x1b]0;pwned\x07\x1b[2J\xe2\x80\xae", NULL);

    g_assert_cmpint (run_fifolab (&err, "--read", hostile, NULL), ==, 1);
    g_assert_null (strchr (err, '\x1b'));
    g_assert_null (strstr (err, "\xe2\x80\xae"));
    g_assert_nonnull (strstr (err, "esc\\x1b]0;pwned\\x07\\x1b[2J\\u202E"));
  }

  /* A good --read: the running instance opens the read end. The peer's
   * write blocks in open() until a reader exists, so its success proves it. */
  g_assert_cmpint (run_fifolab (NULL, "--read", pipe, NULL), ==, 0);
  peer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           fifolab_test_peer_path (), "write", pipe, "--no-create", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (peer, NULL, NULL, communicate_cb, &peer_run);
  g_assert_true (fifolab_test_wait_for (&peer_run.done, TIMEOUT_MS));
  g_assert_true (g_subprocess_get_if_exited (peer));
  g_assert_cmpint (g_subprocess_get_exit_status (peer), ==, 0);
  g_free (peer_run.out);
  g_free (peer_run.err);

  /* Only the primary instance we started is stopped. */
  g_subprocess_send_signal (primary, SIGTERM);
  g_assert_true (g_subprocess_wait (primary, NULL, &error));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_version (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, app_path (), "--version", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_cmpstr (out, ==, PACKAGE_NAME " " PACKAGE_VERSION "\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  data_home = g_dir_make_tmp ("fifolab-cli-XXXXXX", &error);
  g_assert_no_error (error);
  /* The spawned instances keep their lab folder here. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

  g_test_add_func ("/command-line/version", test_version);
  g_test_add_func ("/command-line/forwarded-to-running-instance", test_forwarded_to_running_instance);

  status = g_test_run ();
  fifolab_test_tmpdir_free (g_steal_pointer (&data_home));

  return status;
}
