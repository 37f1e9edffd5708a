/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab_spawn(): the pid of a child is known however fast it ends, even
 * after GLib has reaped it (when g_subprocess_get_identifier() says NULL). */
#include "config.h"

#include "fifolab-spawn.h"
#include "fifolab-test-util.h"

#include <sys/prctl.h>
#include <signal.h>

static void
mark_child (gpointer data)
{
  /* Runs in the child before the pid report: both must work together. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A shell that prints its own pid and exits at once: the pid reported by
 * fifolab_spawn() is the one the child printed, and it stays known after the
 * child has been reaped. */
static void
test_spawn_fast_exit (void)
{
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *expected = NULL;
      const char *argv[] = { "sh", "-c", "echo $$", NULL };
      GPid pid = 0;

      proc = fifolab_spawn (launcher, argv, mark_child, NULL, &pid, &error);
      g_assert_no_error (error);
      g_assert_nonnull (proc);
      g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
      g_assert_no_error (error);

      /* Reaped: GSubprocess no longer knows the pid; fifolab_spawn() did. */
      g_assert_null (g_subprocess_get_identifier (proc));
      expected = g_strdup_printf ("%d\n", (int) pid);
      g_assert_cmpstr (out, ==, expected);
    }
}

/* A program that cannot be started is an error, with no pid and no child. */
static void
test_spawn_missing_program (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/nonexistent/fifolab-no-such-program", NULL };
  GPid pid = 0;
  guint fds_before;

  /* GLib keeps descriptors of its own after its first spawn: warm up. */
  g_clear_object (&proc);
  proc = fifolab_spawn (launcher, argv, NULL, NULL, &pid, NULL);
  g_assert_null (proc);
  fds_before = fifolab_test_count_fds ();

  proc = fifolab_spawn (launcher, argv, NULL, NULL, &pid, &error);
  g_assert_null (proc);
  g_assert_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT);
  g_assert_cmpint (pid, ==, 0);
  /* The report pipe is closed on failure too. */
  g_assert_cmpuint (fifolab_test_count_fds (), ==, fds_before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/spawn/fast-exit", test_spawn_fast_exit);
  g_test_add_func ("/spawn/missing-program", test_spawn_missing_program);
  return g_test_run ();
}
