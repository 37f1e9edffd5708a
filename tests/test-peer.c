/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-peer against real processes: the seed's Python programs, shell tools
 * and itself, over real FIFOs in a private folder. Every child has a timeout
 * and is killed (SIGKILL through PR_SET_PDEATHSIG) if this test dies. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-types.h"
#include "fifolab-test-util.h"

#define CHILD_TIMEOUT_MS 15000

typedef struct
{
  GSubprocess *proc;
  char        *name;
  char        *pid;
  GBytes      *out;
  GBytes      *err;
  GError      *error;
  gboolean     done;
} Child;

static GPtrArray *children;

static void
child_communicate_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Child *child = user_data;

  g_subprocess_communicate_finish (G_SUBPROCESS (object), result,
                                   &child->out, &child->err, &child->error);
  child->done = TRUE;
}

static void
child_free (Child *child)
{
  if (!child->done)
    g_subprocess_force_exit (child->proc);
  /* The communicate callback holds @child until it ran: never free it early. */
  if (!fifolab_test_wait_for (&child->done, CHILD_TIMEOUT_MS))
    g_error ("child %s did not end after SIGKILL", child->name);
  g_clear_object (&child->proc);
  g_clear_pointer (&child->out, g_bytes_unref);
  g_clear_pointer (&child->err, g_bytes_unref);
  g_clear_error (&child->error);
  g_free (child->name);
  g_free (child->pid);
  g_free (child);
}

/* Starts @argv in the folder @cwd (NULL: the test's own) with stdout and
 * stderr captured and stdin closed. The pid is the one the child reported
 * (fifolab_spawn()): a child such as `echo hi > pipe` may already have
 * exited and been reaped when this returns. */
static Child *
child_spawnv_in (const char         *cwd,
                 const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GBytes) stdin_buf = NULL;
  Child *child = g_new0 (Child, 1);
  GPid pid = 0;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  child->proc = fifolab_test_spawn_with (launcher, argv, &pid);
  child->name = g_strjoinv (" ", (char **) argv);
  child->pid = g_strdup_printf ("%d", (int) pid);

  /* Empty stdin: the child sees end of file at once. */
  stdin_buf = g_bytes_new_static ("", 0);
  g_subprocess_communicate_async (child->proc, stdin_buf, NULL, child_communicate_cb, child);
  g_ptr_array_add (children, child);
  return child;
}

static Child *
child_spawnv (const char * const *argv)
{
  return child_spawnv_in (NULL, argv);
}

static Child *
child_spawn (const char *first,
             ...) G_GNUC_NULL_TERMINATED;

static Child *
child_spawn (const char *first,
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

  return child_spawnv ((const char * const *) argv->pdata);
}

/* Waits for @child to exit; fails the test (after killing it) on timeout.
 * Returns its exit status; fails if a signal ended it. */
static int
child_wait (Child *child)
{
  if (!fifolab_test_wait_for (&child->done, CHILD_TIMEOUT_MS))
    {
      g_subprocess_force_exit (child->proc);
      g_test_message ("%s did not finish in %d ms", child->name, CHILD_TIMEOUT_MS);
      g_test_fail ();
      fifolab_test_wait_for (&child->done, CHILD_TIMEOUT_MS);
      return -1;
    }

  g_assert_no_error (child->error);
  if (!g_subprocess_get_if_exited (child->proc))
    {
      g_test_message ("%s was killed by signal %d", child->name,
                      g_subprocess_get_term_sig (child->proc));
      g_test_fail ();
      return -1;
    }
  return g_subprocess_get_exit_status (child->proc);
}

/* A NUL-terminated copy of what @child printed on stdout. */
static char *
child_stdout_dup (Child *child)
{
  gsize len;
  const char *data;

  g_assert_true (child->done);
  g_assert_nonnull (child->out);
  data = g_bytes_get_data (child->out, &len);
  return g_strndup (data != NULL ? data : "", len);
}

static char *
child_stderr_dup (Child *child)
{
  gsize len;
  const char *data;

  g_assert_true (child->done);
  g_assert_nonnull (child->err);
  data = g_bytes_get_data (child->err, &len);
  return g_strndup (data != NULL ? data : "", len);
}

/* Byte-exact: NUL bytes and invalid UTF-8 included. */
static void
assert_stdout_equals (Child      *child,
                      const char *expected)
{
  g_assert_true (child->done);
  g_assert_nonnull (child->out);
  g_assert_cmpmem (g_bytes_get_data (child->out, NULL), g_bytes_get_size (child->out),
                   expected, strlen (expected));
}

typedef struct
{
  char *dir;
  char *pipe;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  children = g_ptr_array_new_with_free_func ((GDestroyNotify) child_free);
  f->dir = fifolab_test_tmpdir_new ();
  f->pipe = g_build_filename (f->dir, "my_pipe", NULL);
}

static void
fixture_make_fifo (Fixture *f)
{
  g_assert_cmpint (mkfifo (f->pipe, 0600), ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&children, g_ptr_array_unref);
  fifolab_test_tmpdir_free (f->dir);
  g_free (f->pipe);
}

static char *
seed_script (const char *name)
{
  const char *dir = g_getenv ("FIFOLAB_SEED_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static char *
hello_from (const char *pid)
{
  return g_strdup_printf ("Hello from pid [%s]", pid);
}

/* peer write → the seed's Python reader: it reads 22 bytes, as in the book. */
static void
test_write_to_seed_reader (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *script = seed_script ("read_from_named_pipe.py");
  g_autofree char *hello = NULL;
  g_autofree char *expected = NULL;
  Child *reader;
  Child *writer;

  fixture_make_fifo (f);
  reader = child_spawn ("python3", script, f->pipe, NULL);
  writer = child_spawn (fifolab_test_peer_path (), "write", f->pipe, NULL);

  g_assert_cmpint (child_wait (writer), ==, 0);
  g_assert_cmpint (child_wait (reader), ==, 0);

  hello = hello_from (writer->pid);
  if (strlen (hello) > 22)
    hello[22] = '\0'; /* the seed reads 22 bytes, whatever the pid's width */
  expected = g_strdup_printf ("I pid [%s] received a message => %s\n", reader->pid, hello);
  assert_stdout_equals (reader, expected);
  assert_stdout_equals (writer, "");
}

/* The seed's Python writer → peer read, in its seed form. */
static void
test_seed_writer_to_read (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *script = seed_script ("write_to_named_pipe.py");
  g_autofree char *expected = NULL;
  Child *reader;
  Child *writer;

  fixture_make_fifo (f);
  reader = child_spawn (fifolab_test_peer_path (), "read", f->pipe, NULL);
  writer = child_spawn ("python3", script, f->pipe, NULL);

  g_assert_cmpint (child_wait (writer), ==, 0);
  g_assert_cmpint (child_wait (reader), ==, 0);

  expected = g_strdup_printf ("I pid [%s] received a message => Hello %s\n",
                              reader->pid, writer->pid);
  assert_stdout_equals (reader, expected);
}

/* Seed form, both ends fifolab-peer, and the FIFO created by whichever comes first. */
static void
test_peer_to_peer_seed (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *expected = NULL;
  g_autofree char *hello = NULL;
  struct stat st;
  Child *reader;
  Child *writer;

  reader = child_spawn (fifolab_test_peer_path (), "read", f->pipe, NULL);
  writer = child_spawn (fifolab_test_peer_path (), "write", f->pipe, NULL);

  g_assert_cmpint (child_wait (writer), ==, 0);
  g_assert_cmpint (child_wait (reader), ==, 0);

  hello = hello_from (writer->pid);
  if (strlen (hello) > 22)
    hello[22] = '\0';
  expected = g_strdup_printf ("I pid [%s] received a message => %s\n", reader->pid, hello);
  assert_stdout_equals (reader, expected);

  g_assert_cmpint (lstat (f->pipe, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
}

static void
test_echo_to_read_line (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *expected = NULL;
  Child *reader;
  Child *writer;

  fixture_make_fifo (f);
  reader = child_spawn (fifolab_test_peer_path (), "read", f->pipe, "--framing", "line", NULL);
  writer = child_spawn ("sh", "-c", "echo hi > \"$1\"", "sh", f->pipe, NULL);

  g_assert_cmpint (child_wait (writer), ==, 0);
  g_assert_cmpint (child_wait (reader), ==, 0);

  expected = g_strdup_printf ("I pid [%s] received a message => hi\n", reader->pid);
  assert_stdout_equals (reader, expected);
}

/* Bytes that are not UTF-8 are printed as they came. */
static void
test_read_invalid_utf8 (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *expected = NULL;
  Child *reader;
  Child *writer;

  fixture_make_fifo (f);
  reader = child_spawn (fifolab_test_peer_path (), "read", f->pipe, "--framing", "line", NULL);
  writer = child_spawn ("sh", "-c", "printf 'a\\377\\376b\\n' > \"$1\"", "sh", f->pipe, NULL);

  g_assert_cmpint (child_wait (writer), ==, 0);
  g_assert_cmpint (child_wait (reader), ==, 0);

  expected = g_strdup_printf ("I pid [%s] received a message => a\377\376b\n", reader->pid);
  assert_stdout_equals (reader, expected);
}

static void
test_write_to_cat (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *hello = NULL;
  Child *reader;
  Child *writer;

  fixture_make_fifo (f);
  reader = child_spawn ("cat", f->pipe, NULL);
  writer = child_spawn (fifolab_test_peer_path (), "write", f->pipe, NULL);

  g_assert_cmpint (child_wait (writer), ==, 0);
  g_assert_cmpint (child_wait (reader), ==, 0);

  /* Exactly the seed's bytes: no newline, nothing else. */
  hello = hello_from (writer->pid);
  assert_stdout_equals (reader, hello);
  if (strlen (writer->pid) == 5)
    g_assert_cmpuint (g_bytes_get_size (reader->out), ==, 22);
}

/* Slow motion: with --delay the writer holds the pipe open before each
 * message, and still writes every one of them. */
static void
test_write_delayed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *expected = NULL;
  Child *reader;
  Child *writer;

  fixture_make_fifo (f);
  reader = child_spawn ("cat", f->pipe, NULL);
  writer = child_spawn (fifolab_test_peer_path (), "write", f->pipe, "--delay", "50", "--count", "2",
                        "--framing", "line", NULL);

  g_assert_cmpint (child_wait (writer), ==, 0);
  g_assert_cmpint (child_wait (reader), ==, 0);
  expected = g_strdup_printf ("Hello from pid [%s]\nHello from pid [%s]\n", writer->pid, writer->pid);
  assert_stdout_equals (reader, expected);
}

static void
test_write_lines_to_dd (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *line = NULL;
  g_autofree char *if_arg = g_strdup_printf ("if=%s", f->pipe);
  g_autofree char *count_arg = NULL;
  g_autofree char *expected = NULL;
  Child *reader;
  Child *writer;

  fixture_make_fifo (f);
  writer = child_spawn (fifolab_test_peer_path (), "write", f->pipe,
                        "--count", "3", "--framing", "line", NULL);
  line = g_strdup_printf ("Hello from pid [%s]\n", writer->pid);
  count_arg = g_strdup_printf ("count=%zu", 3 * strlen (line));
  reader = child_spawn ("dd", if_arg, "bs=1", count_arg, "status=none", NULL);

  g_assert_cmpint (child_wait (writer), ==, 0);
  g_assert_cmpint (child_wait (reader), ==, 0);

  expected = g_strconcat (line, line, line, NULL);
  assert_stdout_equals (reader, expected);
}

/* The reader leaves early: the writer gets EPIPE, says so, exits 3, is not killed. */
static void
test_reader_gone (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *line = NULL;
  Child *reader;
  Child *writer;

  fixture_make_fifo (f);
  writer = child_spawn (fifolab_test_peer_path (), "write", f->pipe,
                        "--count", "200", "--interval", "10", "--framing", "line",
                        "--message", "tick %d", NULL);
  reader = child_spawn (fifolab_test_peer_path (), "read", f->pipe,
                        "--framing", "line", "--count", "2", NULL);

  g_assert_cmpint (child_wait (reader), ==, 0);
  g_assert_cmpint (child_wait (writer), ==, 3);

  line = g_strdup_printf ("I pid [%s] received a message => tick %s\n", reader->pid, writer->pid);
  expected = g_strconcat (line, line, NULL);
  assert_stdout_equals (reader, expected);

  err = child_stderr_dup (writer);
  g_assert_nonnull (strstr (err, "reader closed the pipe"));
}

/* A shell holds the write end open across two writes, then closes it: the
 * peer reads both lines and stops at the end of the stream. */
static void
test_exec_shell_writer (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *expected = NULL;
  Child *reader;
  Child *writer;

  fixture_make_fifo (f);
  reader = child_spawn (fifolab_test_peer_path (), "read", f->pipe,
                        "--framing", "line", "--count", "0", NULL);
  writer = child_spawn ("sh", "-c",
                        "exec 3>\"$1\"; echo a >&3; sleep 0.2; echo b >&3; exec 3>&-; sleep 0.2",
                        "sh", f->pipe, NULL);

  g_assert_cmpint (child_wait (writer), ==, 0);
  g_assert_cmpint (child_wait (reader), ==, 0);

  expected = g_strdup_printf ("I pid [%s] received a message => a\n"
                              "I pid [%s] received a message => b\n",
                              reader->pid, reader->pid);
  assert_stdout_equals (reader, expected);
}

/* Each framing, peer to peer, several messages in one stream. "PID" in
 * @expected_text stands for the writer's pid. */
static void
check_framing (Fixture    *f,
               const char *framing,
               const char *message,
               const char *expected_text)
{
  g_autofree char *expected = NULL;
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;
  Child *reader;
  Child *writer;

  reader = child_spawn (fifolab_test_peer_path (), "read", f->pipe,
                        "--framing", framing, "--size", "8", "--count", "0", NULL);
  writer = child_spawn (fifolab_test_peer_path (), "write", f->pipe,
                        "--framing", framing, "--size", "8", "--count", "3",
                        "--message", message, NULL);

  g_assert_cmpint (child_wait (writer), ==, 0);
  g_assert_cmpint (child_wait (reader), ==, 0);

  {
    g_auto(GStrv) parts = g_strsplit (expected_text, "PID", -1);
    text = g_strjoinv (writer->pid, parts);
  }
  line = g_strdup_printf ("I pid [%s] received a message => %s\n", reader->pid, text);
  expected = g_strconcat (line, line, line, NULL);
  assert_stdout_equals (reader, expected);
}

static void
test_framings (Fixture       *f,
               gconstpointer  data)
{
  fixture_make_fifo (f);
  check_framing (f, "line", "line %d", "line PID");
  check_framing (f, "length-prefix", "lp %d 100%%", "lp PID 100%");
  check_framing (f, "fixed", "abcdefgh", "abcdefgh");
}

/* Fixed framing pads a short message with NUL bytes; the reader prints them. */
static void
test_fixed_padding (Fixture       *f,
                    gconstpointer  data)
{
  Child *reader;
  Child *writer;

  fixture_make_fifo (f);
  reader = child_spawn ("cat", f->pipe, NULL);
  writer = child_spawn (fifolab_test_peer_path (), "write", f->pipe,
                        "--framing", "fixed", "--size", "6", "--message", "ab", NULL);

  g_assert_cmpint (child_wait (writer), ==, 0);
  g_assert_cmpint (child_wait (reader), ==, 0);

  g_assert_cmpmem (g_bytes_get_data (reader->out, NULL), g_bytes_get_size (reader->out),
                   "ab\0\0\0\0", 6);
}

/* A fixed size above the largest message the framer holds whole (1 MiB) is
 * refused before anything is opened: the reader would cut such messages into
 * 1 MiB pieces. 1 MiB itself goes through whole, peer to peer. */
static void
test_fixed_size_limit (Fixture       *f,
                       gconstpointer  data)
{
  const char *peer = fifolab_test_peer_path ();
  const char *commands[] = { "write", "read" };
  g_autofree char *limit = g_strdup_printf ("%u", (guint) FIFOLAB_DEFAULT_MAX_MESSAGE);
  g_autofree char *over = g_strdup_printf ("%u", (guint) FIFOLAB_DEFAULT_MAX_MESSAGE + 1);
  const char *too_big[] = { over, "16777216" };
  g_autofree char *prefix = NULL;
  g_autofree char *err = NULL;
  const char *out;
  gsize out_len;
  Child *reader;
  Child *writer;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    for (guint j = 0; j < G_N_ELEMENTS (too_big); j++)
      {
        const char * const argv[] = { peer, commands[i], "--framing", "fixed",
                                      "--size", too_big[j], f->pipe, NULL };
        g_autofree char *message = NULL;
        Child *child = child_spawnv_in (f->dir, argv);

        g_assert_cmpint (child_wait (child), ==, 2);
        message = child_stderr_dup (child);
        g_test_message ("%s --size %s: %s", commands[i], too_big[j], message);
        g_assert_true (g_str_has_prefix (message, "fifolab-peer: --size"));
        g_assert_nonnull (strstr (message, limit));
        assert_stdout_equals (child, "");
        g_assert_false (g_file_test (f->pipe, G_FILE_TEST_EXISTS));
      }

  /* At the limit: one message of exactly 1 MiB, printed whole, unflagged. */
  fixture_make_fifo (f);
  {
    const char * const read_argv[] = { peer, "read", "--framing", "fixed", "--size", limit,
                                       "--count", "0", f->pipe, NULL };
    const char * const write_argv[] = { peer, "write", "--framing", "fixed", "--size", limit,
                                        "--message", "whole", f->pipe, NULL };

    reader = child_spawnv_in (f->dir, read_argv);
    writer = child_spawnv_in (f->dir, write_argv);
  }
  g_assert_cmpint (child_wait (reader), ==, 0);
  g_assert_cmpint (child_wait (writer), ==, 0);

  err = child_stderr_dup (reader);
  g_assert_cmpstr (err, ==, "");
  out = g_bytes_get_data (reader->out, &out_len);
  g_assert_nonnull (out);
  g_assert_true (g_str_has_prefix (out, "I pid ["));
  prefix = g_strndup (out, strstr (out, "=> ") + 3 - out);
  g_assert_cmpuint (out_len, ==, strlen (prefix) + FIFOLAB_DEFAULT_MAX_MESSAGE + 1);
  g_assert_cmpmem (out + strlen (prefix), 5, "whole", 5);
  g_assert_cmpint (out[out_len - 1], ==, '\n');
}

/* --no-create refuses a missing path and creates nothing. */
static void
test_no_create (Fixture       *f,
                gconstpointer  data)
{
  const char *commands[] = { "write", "read" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;
      Child *child = child_spawn (fifolab_test_peer_path (), commands[i], f->pipe,
                                  "--no-create", NULL);

      g_assert_cmpint (child_wait (child), ==, 2);
      err = child_stderr_dup (child);
      g_assert_nonnull (strstr (err, f->pipe));
      g_assert_false (g_file_test (f->pipe, G_FILE_TEST_EXISTS));
    }
}

/* A missing folder is bad input: exit 2, a message, nothing created. */
static void
test_missing_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "nope", "my_pipe", NULL);
  g_autofree char *err = NULL;
  Child *child = child_spawn (fifolab_test_peer_path (), "write", path, NULL);

  g_assert_cmpint (child_wait (child), ==, 2);
  err = child_stderr_dup (child);
  g_assert_cmpstr (err, !=, "");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
check_refused (const char *path,
               const char *what)
{
  const char *commands[] = { "write", "read" };
  struct stat before;
  struct stat after;
  g_autofree char *contents_before = NULL;
  gsize len_before = 0;
  gboolean regular;

  g_assert_cmpint (stat (path, &before), ==, 0);
  regular = S_ISREG (before.st_mode);
  if (regular)
    g_assert_true (g_file_get_contents (path, &contents_before, &len_before, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;
      Child *child = child_spawn (fifolab_test_peer_path (), commands[i], path, NULL);

      g_assert_cmpint (child_wait (child), ==, 2);
      err = child_stderr_dup (child);
      g_test_message ("%s %s: %s", commands[i], what, err);
      g_assert_nonnull (strstr (err, path));
      g_assert_nonnull (strstr (err, "not a named pipe"));
      g_assert_nonnull (strstr (err, what));
      assert_stdout_equals (child, "");
    }

  g_assert_cmpint (stat (path, &after), ==, 0);
  g_assert_cmpint (after.st_ino, ==, before.st_ino);
  g_assert_cmpint (after.st_mode, ==, before.st_mode);
  g_assert_cmpint (after.st_size, ==, before.st_size);
  g_assert_cmpint (after.st_mtim.tv_sec, ==, before.st_mtim.tv_sec);
  g_assert_cmpint (after.st_mtim.tv_nsec, ==, before.st_mtim.tv_nsec);
  if (regular)
    {
      g_autofree char *contents_after = NULL;
      gsize len_after = 0;

      g_assert_true (g_file_get_contents (path, &contents_after, &len_after, NULL));
      g_assert_cmpmem (contents_after, len_after, contents_before, len_before);
    }
}

static void
test_refuses_non_fifo (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "file.txt", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "folder", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link", NULL);
  g_autofree char *sock_path = g_build_filename (f->dir, "sock", NULL);
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "precious data\n", -1, NULL));
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (symlink (file, link), ==, 0);

  sock = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                       &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (sock_path);
  g_assert_true (g_socket_bind (sock, address, FALSE, &error));
  g_assert_no_error (error);

  check_refused (file, "regular file");
  check_refused (link, "regular file");
  check_refused (folder, "folder");
  check_refused (sock_path, "socket");
  check_refused ("/dev/null", "character device");
}

/* A symlink that leads to a FIFO is followed. */
static void
test_symlink_to_fifo (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *link = g_build_filename (f->dir, "link", NULL);
  g_autofree char *expected = NULL;
  Child *reader;
  Child *writer;

  fixture_make_fifo (f);
  g_assert_cmpint (symlink (f->pipe, link), ==, 0);
  reader = child_spawn (fifolab_test_peer_path (), "read", link, "--framing", "line", NULL);
  writer = child_spawn ("sh", "-c", "echo via-link > \"$1\"", "sh", f->pipe, NULL);

  g_assert_cmpint (child_wait (writer), ==, 0);
  g_assert_cmpint (child_wait (reader), ==, 0);

  expected = g_strdup_printf ("I pid [%s] received a message => via-link\n", reader->pid);
  assert_stdout_equals (reader, expected);
}

/* "--" ends the options: a pipe whose name starts with a dash can be given
 * after it, to either command. The children run in the pipe's folder, so the
 * path they get is "-leading" itself, not an absolute path starting with "/". */
static void
test_leading_dash (Fixture       *f,
                   gconstpointer  data)
{
  const char *peer = fifolab_test_peer_path ();
  const char * const read_argv[] = { peer, "read", "--framing", "line", "--", "-leading", NULL };
  const char * const write_argv[] = { peer, "write", "--framing", "line",
                                      "--message", "via -leading", "--", "-leading", NULL };
  const char * const bare_argv[] = { peer, "read", "-leading", NULL };
  g_autofree char *dashed = g_build_filename (f->dir, "-leading", NULL);
  g_autofree char *dashes = g_build_filename (f->dir, "--", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  Child *reader;
  Child *writer;
  Child *bare;
  struct stat st;

  g_assert_cmpint (mkfifo (dashed, 0600), ==, 0);

  reader = child_spawnv_in (f->dir, read_argv);
  writer = child_spawnv_in (f->dir, write_argv);
  /* Without "--" it still is an unknown option: bad usage, nothing opened. */
  bare = child_spawnv_in (f->dir, bare_argv);

  /* The reader first: had it refused its argument, the writer would wait in
   * open() for a reader until the timeout. */
  g_assert_cmpint (child_wait (reader), ==, 0);
  g_assert_cmpint (child_wait (writer), ==, 0);
  err = child_stderr_dup (reader);
  g_test_message ("read -- -leading: stderr “%s”", err);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&err, g_free);
  err = child_stderr_dup (writer);
  g_test_message ("write -- -leading: stderr “%s”", err);
  g_assert_cmpstr (err, ==, "");
  assert_stdout_equals (writer, "");

  /* One line, "I pid [<the reader's pid>] received a message => via -leading". */
  out = child_stdout_dup (reader);
  g_assert_true (g_str_has_prefix (out, "I pid ["));
  g_assert_true (g_str_has_suffix (out, "] received a message => via -leading\n"));
  g_assert_true (strchr (out, '\n') == out + strlen (out) - 1);

  g_assert_cmpint (child_wait (bare), ==, 2);
  g_clear_pointer (&err, g_free);
  err = child_stderr_dup (bare);
  g_test_message ("read -leading: stderr “%s”", err);
  g_assert_nonnull (strstr (err, "-leading"));
  assert_stdout_equals (bare, "");

  /* The FIFO is still the one made here, and "--" was never taken for a path. */
  g_assert_cmpint (lstat (dashed, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_false (g_file_test (dashes, G_FILE_TEST_EXISTS));
}

/* A bad template is refused before the pipe is touched: it names the culprit. */
static void
test_bad_template (Fixture       *f,
                   gconstpointer  data)
{
  const struct {
    const char *template_;
    const char *named;
  } cases[] = {
    { "%s", "%s" },
    { "Hello %n", "%n" },
    { "100%", "%" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      Child *child = child_spawn (fifolab_test_peer_path (), "write", f->pipe,
                                  "--message", cases[i].template_, NULL);

      g_assert_cmpint (child_wait (child), ==, 2);
      err = child_stderr_dup (child);
      g_test_message ("%s: %s", cases[i].template_, err);
      g_assert_nonnull (strstr (err, cases[i].named));
      g_assert_false (g_file_test (f->pipe, G_FILE_TEST_EXISTS));
    }
}

static void
test_bad_usage (Fixture       *f,
                gconstpointer  data)
{
  const char *peer = fifolab_test_peer_path ();
  const char *cases[][7] = {
    { peer, NULL },
    { peer, "fly", NULL },
    { peer, "write", NULL },
    { peer, "read", NULL },
    { peer, "write", f->pipe, "extra", NULL },
    { peer, "write", f->pipe, "--count", "0", NULL },
    { peer, "read", f->pipe, "--count", "-1", NULL },
    { peer, "read", f->pipe, "--bytes", "0", NULL },
    { peer, "write", f->pipe, "--interval", "-5", NULL },
    { peer, "write", f->pipe, "--delay", "-1", NULL },
    { peer, "read", f->pipe, "--framing", "bogus", NULL },
    { peer, "write", f->pipe, "--count", "many", NULL },
    { peer, "write", f->pipe, "--unknown", NULL },
    { peer, "watch", NULL },
    { peer, "tap", NULL },
    { peer, "replay", NULL },
    { peer, "replay", f->pipe, NULL },
    { peer, "replay", "--unknown", "recording.jsonl", f->pipe, NULL },
    { peer, "replay", "--speed", "11", "recording.jsonl", f->pipe, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      Child *child = child_spawnv (cases[i]);

      g_assert_cmpint (child_wait (child), ==, 2);
      err = child_stderr_dup (child);
      g_test_message ("%s: %s", child->name, err);
      g_assert_true (g_str_has_prefix (err, "fifolab-peer"));
      /* Every command says where to see what it takes ("Run “fifolab-peer
       * replay --help” to see the options."; the help itself without one). */
      g_assert_nonnull (strstr (err, "--help"));
      assert_stdout_equals (child, "");
      g_assert_false (g_file_test (f->pipe, G_FILE_TEST_EXISTS));
    }
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *write_out = NULL;
  g_autofree char *read_out = NULL;
  Child *child;
  Child *write_help;
  Child *read_help;

  child = child_spawn (fifolab_test_peer_path (), "--help", NULL);
  write_help = child_spawn (fifolab_test_peer_path (), "write", "--help", NULL);
  read_help = child_spawn (fifolab_test_peer_path (), "read", "--help", NULL);
  g_assert_cmpint (child_wait (child), ==, 0);
  g_assert_cmpint (child_wait (write_help), ==, 0);
  g_assert_cmpint (child_wait (read_help), ==, 0);

  out = child_stdout_dup (child);
  g_assert_nonnull (strstr (out, "fifolab-peer"));
  g_assert_nonnull (strstr (out, "  write "));
  g_assert_nonnull (strstr (out, "  read "));
  g_assert_nonnull (strstr (out, "Exit status"));

  write_out = child_stdout_dup (write_help);
  g_assert_nonnull (strstr (write_out, "fifolab-peer write"));
  g_assert_nonnull (strstr (write_out, "--message"));
  g_assert_nonnull (strstr (write_out, "--count"));
  g_assert_nonnull (strstr (write_out, "--interval"));
  g_assert_nonnull (strstr (write_out, "--delay"));
  g_assert_nonnull (strstr (write_out, "--framing"));
  g_assert_nonnull (strstr (write_out, "--no-create"));
  g_assert_nonnull (strstr (write_out, "3 when the reader closed the pipe"));

  read_out = child_stdout_dup (read_help);
  g_assert_nonnull (strstr (read_out, "fifolab-peer read"));
  g_assert_nonnull (strstr (read_out, "--bytes"));
  g_assert_nonnull (strstr (read_out, "--count"));
}

static void
test_version (Fixture       *f,
              gconstpointer  data)
{
  Child *top = child_spawn (fifolab_test_peer_path (), "--version", NULL);
  Child *sub = child_spawn (fifolab_test_peer_path (), "read", "--version", NULL);

  g_assert_cmpint (child_wait (top), ==, 0);
  g_assert_cmpint (child_wait (sub), ==, 0);
  assert_stdout_equals (top, "fifolab-peer " PACKAGE_VERSION "\n");
  assert_stdout_equals (sub, "fifolab-peer " PACKAGE_VERSION "\n");
  g_assert_cmpstr (PACKAGE_VERSION, ==, "0.1.0");
}

/* The reader prints each message as it arrives, not at exit. */
static void
test_read_live (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;
  GPid reader_pid = 0;
  int fd;
  gsize len;

  fixture_make_fifo (f);
  reader = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &reader_pid,
                               fifolab_test_peer_path (), "read",
                               f->pipe, "--framing", "line", "--count", "0", NULL);
  expected = g_strdup_printf ("I pid [%d] received a message => first", (int) reader_pid);

  /* Open our write end without blocking: retry on ENXIO until the peer reads. */
  for (guint i = 0; ; i++)
    {
      fd = fifolab_fifo_open (f->pipe, O_WRONLY, &error);
      if (fd >= 0)
        break;
      g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NO_READER);
      g_clear_error (&error);
      g_assert_cmpuint (i, <, 1000);
      g_usleep (10 * 1000);
    }

  g_assert_cmpint (write (fd, "first\n", 6), ==, 6);

  /* The line arrives while our write end is still open. A blocking read is
   * fine here: the peer has the line and the test has its own timeout. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (reader));
  line = g_data_input_stream_read_line (lines, &len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, expected);

  close (fd);
  g_assert_true (g_subprocess_wait_check (reader, NULL, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

#define ADD(name, func) \
  g_test_add ("/peer/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("write-to-seed-reader", test_write_to_seed_reader);
  ADD ("seed-writer-to-read", test_seed_writer_to_read);
  ADD ("peer-to-peer-seed", test_peer_to_peer_seed);
  ADD ("echo-to-read-line", test_echo_to_read_line);
  ADD ("read-invalid-utf8", test_read_invalid_utf8);
  ADD ("write-to-cat", test_write_to_cat);
  ADD ("write-delayed", test_write_delayed);
  ADD ("write-lines-to-dd", test_write_lines_to_dd);
  ADD ("reader-gone", test_reader_gone);
  ADD ("exec-shell-writer", test_exec_shell_writer);
  ADD ("framings", test_framings);
  ADD ("fixed-padding", test_fixed_padding);
  ADD ("fixed-size-limit", test_fixed_size_limit);
  ADD ("read-live", test_read_live);
  ADD ("no-create", test_no_create);
  ADD ("missing-folder", test_missing_folder);
  ADD ("refuses-non-fifo", test_refuses_non_fifo);
  ADD ("symlink-to-fifo", test_symlink_to_fifo);
  ADD ("leading-dash", test_leading_dash);
  ADD ("bad-template", test_bad_template);
  ADD ("bad-usage", test_bad_usage);
  ADD ("help", test_help);
  ADD ("version", test_version);

#undef ADD

  return g_test_run ();
}
