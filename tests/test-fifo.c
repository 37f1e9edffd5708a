/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-test-util.h"

static mode_t
mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  return st.st_mode;
}

static void
test_fifo_create_modes (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  const mode_t modes[] = { 0600, 0666, 0640, 0622, 0000, 0777 };
  mode_t old_umask = umask (022);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *name = g_strdup_printf ("pipe-%o", modes[i]);
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      mode_t mode;

      g_assert_true (fifolab_fifo_create_in (dir, name, modes[i], &path, &error));
      g_assert_no_error (error);
      g_assert_nonnull (path);
      g_assert_true (g_str_has_prefix (path, dir));
      mode = mode_of (path);
      g_assert_true (S_ISFIFO (mode));
      /* Exactly the mode asked for: the umask (022) does not take bits away. */
      g_assert_cmpuint (mode & 07777, ==, modes[i]);
      g_assert_true (fifolab_fifo_is_fifo (path));
    }

  umask (old_umask);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* An existing FIFO: success, and it is left as it was (mode included),
 * like the seed programs' "mkfifo unless it exists". */
static void
test_fifo_create_existing_fifo (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autoptr(GError) error = NULL;
  struct stat before, after;

  g_assert_true (fifolab_fifo_create (path, 0600, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (path, &before), ==, 0);

  g_assert_true (fifolab_fifo_create (path, 0666, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  g_assert_cmpuint (after.st_mode & 07777, ==, 0600);

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A regular file, a folder or a symlink has the name: EXISTS, and nothing
 * about it changes. */
static void
test_fifo_create_over_other (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder", NULL);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autofree char *content = NULL;
  g_autoptr(GError) error = NULL;
  struct stat before, after;

  g_assert_true (g_file_set_contents (file, "precious", -1, NULL));
  g_assert_cmpint (g_chmod (file, 0640), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (symlink ("file", link), ==, 0);
  g_assert_cmpint (lstat (file, &before), ==, 0);
  g_usleep (10000);

  g_assert_false (fifolab_fifo_create (file, 0600, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "regular file"));
  g_assert_nonnull (strstr (error->message, file));
  g_clear_error (&error);

  g_assert_cmpint (lstat (file, &after), ==, 0);
  g_assert_true (S_ISREG (after.st_mode));
  g_assert_cmpuint (after.st_mode & 07777, ==, 0640);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  g_assert_cmpint (after.st_mtim.tv_sec, ==, before.st_mtim.tv_sec);
  g_assert_cmpint (after.st_mtim.tv_nsec, ==, before.st_mtim.tv_nsec);
  g_assert_true (g_file_get_contents (file, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "precious");

  g_assert_false (fifolab_fifo_create_in (dir, "folder", 0600, NULL, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "folder"));
  g_clear_error (&error);
  g_assert_true (S_ISDIR (mode_of (folder)));

  g_assert_false (fifolab_fifo_create (link, 0600, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  g_clear_error (&error);
  g_assert_true (S_ISLNK (mode_of (link)));

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_fifo_create_invalid (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", NULL);
  g_autofree char *long_name = g_strnfill (300, 'x');
  const char *bad_names[] = { "", ".", "..", "a/b", "/abs" };
  g_autoptr(GError) error = NULL;
  char *path = (char *) "untouched";

  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_assert_false (fifolab_fifo_create_in (dir, bad_names[i], 0600, &path, &error));
      g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_INVALID_NAME);
      g_assert_null (path);
      g_clear_error (&error);
    }
  g_assert_false (fifolab_fifo_create_in (dir, NULL, 0600, NULL, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_INVALID_NAME);
  g_clear_error (&error);

  g_assert_false (fifolab_fifo_create_in (missing, "pipe", 0600, NULL, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_MISSING_FOLDER);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_clear_error (&error);

  g_assert_false (fifolab_fifo_create_in (dir, long_name, 0600, NULL, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NAME_TOO_LONG);
  g_clear_error (&error);

  /* Nothing was made. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    g_assert_null (g_dir_read_name (d));
  }

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_fifo_delete (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *pipe_path = g_build_filename (dir, "pipe", NULL);
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (fifolab_fifo_create (pipe_path, 0600, &error));
  g_assert_true (g_file_set_contents (file, "keep", -1, NULL));
  g_assert_cmpint (symlink ("pipe", link), ==, 0);

  g_assert_false (fifolab_fifo_delete (file, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_assert_nonnull (strstr (error->message, "regular file"));
  g_clear_error (&error);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  /* A symlink to a FIFO is not a FIFO: neither it nor its target goes. */
  g_assert_false (fifolab_fifo_delete (link, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
  g_clear_error (&error);
  g_assert_true (S_ISLNK (mode_of (link)));
  g_assert_true (fifolab_fifo_is_fifo (link));

  g_assert_true (fifolab_fifo_delete (pipe_path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (pipe_path, G_FILE_TEST_EXISTS));
  g_assert_false (fifolab_fifo_is_fifo (pipe_path));
  g_assert_false (fifolab_fifo_is_fifo (link));

  g_assert_false (fifolab_fifo_delete (pipe_path, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

typedef struct
{
  const char *what;
  char       *path;
  int         code;
  const char *mentions;   /* in the message, besides the name */
} Refusal;

/* Every kind of thing that is not a FIFO is refused, with the right code and
 * a message that says what it is, and nothing is opened or touched. */
static void
test_fifo_open_refuses (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder", NULL);
  g_autofree char *link_to_file = g_build_filename (dir, "link-to-file", NULL);
  g_autofree char *link_to_folder = g_build_filename (dir, "link-to-folder", NULL);
  g_autofree char *socket_path = g_build_filename (dir, "socket", NULL);
  g_autofree char *loop_a = g_build_filename (dir, "loop-a", NULL);
  g_autofree char *loop_b = g_build_filename (dir, "loop-b", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling", NULL);
  g_autofree char *long_name = g_strnfill (300, 'n');
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(GError) error = NULL;
  Refusal refusals[] = {
    { "regular file", g_strdup (file), FIFOLAB_FIFO_ERROR_NOT_A_FIFO, "regular file" },
    { "folder", g_strdup (folder), FIFOLAB_FIFO_ERROR_NOT_A_FIFO, "folder" },
    { "symlink to a file", g_strdup (link_to_file), FIFOLAB_FIFO_ERROR_NOT_A_FIFO, "symbolic link to a regular file" },
    { "symlink to a folder", g_strdup (link_to_folder), FIFOLAB_FIFO_ERROR_NOT_A_FIFO, "symbolic link to a folder" },
    { "socket", g_strdup (socket_path), FIFOLAB_FIFO_ERROR_NOT_A_FIFO, "socket" },
    { "character device", g_strdup ("/dev/null"), FIFOLAB_FIFO_ERROR_NOT_A_FIFO, "character device" },
    { "missing", g_build_filename (dir, "missing", NULL), FIFOLAB_FIFO_ERROR_NOT_FOUND, "does not exist" },
    { "missing folder", g_build_filename (dir, "no-folder", "pipe", NULL), FIFOLAB_FIFO_ERROR_MISSING_FOLDER, "no-folder" },
    { "dangling symlink", g_strdup (dangling), FIFOLAB_FIFO_ERROR_NOT_FOUND, "symbolic link" },
    { "symlink loop", g_strdup (loop_a), FIFOLAB_FIFO_ERROR_SYMLINK_LOOP, "loop" },
    { "name too long", g_build_filename (dir, long_name, NULL), FIFOLAB_FIFO_ERROR_NAME_TOO_LONG, "too long" },
    { "empty", g_strdup (""), FIFOLAB_FIFO_ERROR_INVALID_NAME, "empty" },
  };
  struct stat file_before, file_after;
  g_autofree char *content = NULL;

  g_assert_true (g_file_set_contents (file, "untouched", -1, NULL));
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (symlink (file, link_to_file), ==, 0);
  g_assert_cmpint (symlink ("folder", link_to_folder), ==, 0);
  g_assert_cmpint (symlink ("loop-b", loop_a), ==, 0);
  g_assert_cmpint (symlink ("loop-a", loop_b), ==, 0);
  g_assert_cmpint (symlink ("nowhere", dangling), ==, 0);

  sock = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  addr = g_unix_socket_address_new (socket_path);
  g_assert_true (g_socket_bind (sock, addr, FALSE, &error));
  g_assert_no_error (error);

  g_assert_cmpint (stat (file, &file_before), ==, 0);
  g_usleep (10000);

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      const int modes[] = { O_RDONLY, O_WRONLY };

      for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
        {
          guint fds = fifolab_test_count_fds ();
          int fd;

          g_test_message ("refusing %s (%s)", refusals[i].what, m == 0 ? "read" : "write");
          fd = fifolab_fifo_open (refusals[i].path, modes[m], &error);
          g_assert_cmpint (fd, ==, -1);
          g_assert_error (error, FIFOLAB_FIFO_ERROR, refusals[i].code);
          g_assert_nonnull (strstr (error->message, refusals[i].mentions));
          if (refusals[i].code == FIFOLAB_FIFO_ERROR_NOT_A_FIFO)
            {
              g_autofree char *display = g_filename_display_name (refusals[i].path);

              g_assert_nonnull (strstr (error->message, "is not a named pipe"));
              g_assert_nonnull (strstr (error->message, display));
            }
          g_assert_cmpuint (fifolab_test_count_fds (), ==, fds);
          g_clear_error (&error);
        }
    }

  /* The regular file behind it all is as it was. */
  g_assert_cmpint (stat (file, &file_after), ==, 0);
  g_assert_cmpint (file_after.st_mtim.tv_sec, ==, file_before.st_mtim.tv_sec);
  g_assert_cmpint (file_after.st_mtim.tv_nsec, ==, file_before.st_mtim.tv_nsec);
  g_assert_cmpint (file_after.st_size, ==, file_before.st_size);
  g_assert_true (g_file_get_contents (file, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "untouched");

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    g_free (refusals[i].path);
  g_socket_close (sock, NULL);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Without the right to open it: PERMISSION. Root is never refused by file
 * permissions, so as root the check runs in a child that became "nobody". */
static void
test_fifo_open_permission (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      const char *child_path = g_getenv ("FIFOLAB_TEST_LOCKED");
      guint fds;

      g_assert_nonnull (child_path);
      if (geteuid () == 0)
        {
          g_assert_cmpint (setgid (65534), ==, 0);
          g_assert_cmpint (setuid (65534), ==, 0);
        }
      fds = fifolab_test_count_fds ();
      g_assert_cmpint (fifolab_fifo_open (child_path, O_RDONLY, &error), ==, -1);
      g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_PERMISSION);
      g_assert_nonnull (strstr (error->message, "permission"));
      g_clear_error (&error);
      g_assert_cmpint (fifolab_fifo_open (child_path, O_WRONLY, &error), ==, -1);
      g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_PERMISSION);
      g_assert_cmpuint (fifolab_test_count_fds (), ==, fds);
      return;
    }

  dir = fifolab_test_tmpdir_new ();
  g_assert_cmpint (g_chmod (dir, 0711), ==, 0);
  path = g_build_filename (dir, "locked", NULL);
  g_assert_true (fifolab_fifo_create (path, 0000, &error));
  g_assert_no_error (error);
  g_setenv ("FIFOLAB_TEST_LOCKED", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("FIFOLAB_TEST_LOCKED");
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_fifo_open_fifo (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autoptr(GError) error = NULL;
  struct stat pipe_st, fd_st;
  guint fds;
  int rd, rd2, wr;

  g_assert_true (fifolab_fifo_create (path, 0600, &error));
  g_assert_cmpint (symlink ("pipe", link), ==, 0);
  g_assert_cmpint (stat (path, &pipe_st), ==, 0);
  fds = fifolab_test_count_fds ();

  /* No reader yet: a write open is NO_READER, and opens nothing. */
  g_assert_cmpint (fifolab_fifo_open (path, O_WRONLY, &error), ==, -1);
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NO_READER);
  g_assert_nonnull (strstr (error->message, "pipe"));
  g_clear_error (&error);
  g_assert_cmpuint (fifolab_test_count_fds (), ==, fds);

  rd = fifolab_fifo_open (path, O_RDONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd, >=, 0);
  g_assert_cmpint (fstat (rd, &fd_st), ==, 0);
  g_assert_true (S_ISFIFO (fd_st.st_mode));
  g_assert_cmpuint (fd_st.st_ino, ==, pipe_st.st_ino);
  g_assert_cmpint (fcntl (rd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), ==, O_RDONLY | O_NONBLOCK);
  g_assert_cmpint (fcntl (rd, F_GETFD) & FD_CLOEXEC, ==, FD_CLOEXEC);

  /* Through a symlink to a FIFO: accepted, and the same pipe. */
  rd2 = fifolab_fifo_open (link, O_RDONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fstat (rd2, &fd_st), ==, 0);
  g_assert_cmpuint (fd_st.st_ino, ==, pipe_st.st_ino);

  wr = fifolab_fifo_open (link, O_WRONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fcntl (wr, F_GETFL) & (O_ACCMODE | O_NONBLOCK), ==, O_WRONLY | O_NONBLOCK);
  g_assert_cmpuint (fifolab_test_count_fds (), ==, fds + 3);

  /* Capacity and bytes queued. */
  g_assert_cmpint (fifolab_fifo_get_capacity (wr), ==, 65536);
  g_assert_cmpint (fifolab_fifo_get_capacity (rd), ==, 65536);
  g_assert_cmpint (fifolab_fifo_get_queued (rd), ==, 0);
  g_assert_cmpint (write (wr, "Hello from pid [12345]", 22), ==, 22);
  g_assert_cmpint (fifolab_fifo_get_queued (rd), ==, 22);
  g_assert_cmpint (fifolab_fifo_get_queued (wr), ==, 22);
  {
    char buf[8];
    g_assert_cmpint (read (rd, buf, sizeof buf), ==, 8);
  }
  g_assert_cmpint (fifolab_fifo_get_queued (rd), ==, 14);
  g_assert_cmpint (fifolab_fifo_get_capacity (-1), ==, -1);
  g_assert_cmpint (fifolab_fifo_get_queued (-1), ==, -1);

  close (wr);
  close (rd2);
  close (rd);
  g_assert_cmpuint (fifolab_test_count_fds (), ==, fds);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_fifo_describe_type (void)
{
  g_assert_cmpstr (fifolab_fifo_describe_type (S_IFIFO | 0600), ==, "named pipe");
  g_assert_cmpstr (fifolab_fifo_describe_type (S_IFREG | 0644), ==, "regular file");
  g_assert_cmpstr (fifolab_fifo_describe_type (S_IFDIR | 0755), ==, "folder");
  g_assert_cmpstr (fifolab_fifo_describe_type (S_IFLNK | 0777), ==, "symbolic link");
  g_assert_cmpstr (fifolab_fifo_describe_type (S_IFSOCK | 0755), ==, "socket");
  g_assert_cmpstr (fifolab_fifo_describe_type (S_IFCHR | 0666), ==, "character device");
  g_assert_cmpstr (fifolab_fifo_describe_type (S_IFBLK | 0660), ==, "block device");
}

static void
test_fifo_format_mode (void)
{
  const struct { mode_t mode; const char *text; } cases[] = {
    { 0640, "rw-r-----" },
    { 0600, "rw-------" },
    { 0777, "rwxrwxrwx" },
    { 0000, "---------" },
    { S_IFIFO | 0622, "rw--w--w-" },
    { 04755, "rwsr-xr-x" },
    { 04644, "rwSr--r--" },
    { 02070, "---rws---" },
    { 02600, "rw---S---" },
    { 01777, "rwxrwxrwt" },
    { 01000, "--------T" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = fifolab_fifo_format_mode (cases[i].mode);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* With SIGPIPE ignored, writing to a pipe nobody reads is EPIPE, and the
 * process lives on. */
static void
test_fifo_ignore_sigpipe (void)
{
  int fds[2];

  fifolab_ignore_sigpipe ();
  fifolab_ignore_sigpipe ();
  g_assert_cmpint (pipe (fds), ==, 0);
  close (fds[0]);
  errno = 0;
  g_assert_cmpint (write (fds[1], "x", 1), ==, -1);
  g_assert_cmpint (errno, ==, EPIPE);
  close (fds[1]);
}

/* The same in a fresh process that never called it: SIGPIPE kills it.
 * This shows the test above could fail. */
static void
test_fifo_sigpipe_kills_by_default (void)
{
  if (g_test_subprocess ())
    {
      int fds[2];

      signal (SIGPIPE, SIG_DFL);
      g_assert_cmpint (pipe (fds), ==, 0);
      close (fds[0]);
      (void) write (fds[1], "x", 1);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
}

static void
test_fifo_private_folder (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *lab = g_build_filename (dir, "a", "lab", NULL);
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  mode_t old_umask = umask (0);

  /* Created 0700 whatever the umask. */
  g_assert_true (fifolab_fifo_ensure_private_folder (lab, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (lab, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);

  /* An existing folder that others may enter is narrowed. */
  g_assert_cmpint (g_chmod (lab, 0777), ==, 0);
  g_assert_true (fifolab_fifo_ensure_private_folder (lab, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (lab, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
  umask (old_umask);

  /* A symlink to a folder, or a file, is refused and left alone. */
  g_assert_cmpint (symlink (lab, link), ==, 0);
  g_assert_false (fifolab_fifo_ensure_private_folder (link, &error));
  g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_false (fifolab_fifo_ensure_private_folder (file, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

  g_test_add_func ("/fifo/create-modes", test_fifo_create_modes);
  g_test_add_func ("/fifo/create-existing-fifo", test_fifo_create_existing_fifo);
  g_test_add_func ("/fifo/create-over-other", test_fifo_create_over_other);
  g_test_add_func ("/fifo/create-invalid", test_fifo_create_invalid);
  g_test_add_func ("/fifo/delete", test_fifo_delete);
  g_test_add_func ("/fifo/open-refuses", test_fifo_open_refuses);
  g_test_add_func ("/fifo/open-permission", test_fifo_open_permission);
  g_test_add_func ("/fifo/open-fifo", test_fifo_open_fifo);
  g_test_add_func ("/fifo/describe-type", test_fifo_describe_type);
  g_test_add_func ("/fifo/format-mode", test_fifo_format_mode);
  g_test_add_func ("/fifo/ignore-sigpipe", test_fifo_ignore_sigpipe);
  g_test_add_func ("/fifo/private-folder", test_fifo_private_folder);
  g_test_add_func ("/fifo/sigpipe-kills-by-default", test_fifo_sigpipe_kills_by_default);

  return g_test_run ();
}
