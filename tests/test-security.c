/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The security defaults: the modes FIFOs are made with, and which pipes are
 * exposed to other users. */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-pipe-info.h"
#include "fifolab-test-util.h"

#define NOBODY 65534

static void
set_umask_zero (gpointer data)
{
  umask (0);
}

/* fifolab-peer makes a missing pipe 0600, whatever the umask. */
static void
test_security_peer_creates_private (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "made-by-peer", NULL);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;
  int fd;

  g_subprocess_launcher_set_child_setup (launcher, set_umask_zero, NULL, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error,
                                      fifolab_test_peer_path (), "read", path, NULL);
  g_assert_no_error (error);
  while (lstat (path, &st) != 0)
    g_usleep (1000);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The mode asked for is the mode made: 0600 is not widened by a umask of 0,
 * and the user's choice of 0666 is not narrowed by a umask of 077. */
static void
test_security_create_mode_exact (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *a = g_build_filename (dir, "private", NULL);
  g_autofree char *b = g_build_filename (dir, "shared", NULL);
  g_autoptr(GError) error = NULL;
  mode_t old = umask (0);
  struct stat st;

  g_assert_true (fifolab_fifo_create (a, 0600, &error));
  umask (077);
  g_assert_true (fifolab_fifo_create (b, 0666, &error));
  umask (old);
  g_assert_no_error (error);
  g_assert_cmpint (lstat (a, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (lstat (b, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0666);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static gboolean
exposed (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabPipeInfo) info = fifolab_pipe_info_new_for_path (path, &error);

  g_assert_no_error (error);
  return fifolab_pipe_info_is_exposed (info);
}

static void
test_security_exposed (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);

  g_assert_true (fifolab_fifo_create (path, 0600, NULL));
  g_assert_false (exposed (path));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_false (exposed (path));
  g_assert_cmpint (g_chmod (path, 0602), ==, 0);
  g_assert_true (exposed (path));
  g_assert_cmpint (g_chmod (path, 0666), ==, 0);
  g_assert_true (exposed (path));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);

  if (geteuid () == 0)
    {
      /* Another user's pipe, even a private one: its owner may read what is
       * sent and write anything, with any pid in it. */
      g_assert_cmpint (chown (path, NOBODY, NOBODY), ==, 0);
      g_assert_true (exposed (path));
    }
  else
    g_test_message ("not root: the other-owner case is not checked");
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

  g_test_add_func ("/security/peer-creates-private", test_security_peer_creates_private);
  g_test_add_func ("/security/create-mode-exact", test_security_create_mode_exact);
  g_test_add_func ("/security/exposed", test_security_exposed);

  return g_test_run ();
}
