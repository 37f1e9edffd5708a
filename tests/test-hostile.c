/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile input, one test per case: paths that are not (usable) FIFOs,
 * templates that are not ours to expand, payloads that try to be markup,
 * terminal commands or bidi tricks, and the security defaults. Every refusal
 * is a clear, valid UTF-8 message naming the path; nothing is opened that is
 * not a FIFO; the log keeps the exact bytes and shows them literally. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-framer.h"
#include "fifolab-log.h"
#include "fifolab-pipe-info.h"
#include "fifolab-reader.h"
#include "fifolab-session.h"
#include "fifolab-stamp.h"
#include "fifolab-test-util.h"
#include "fifolab-writer.h"

#define WAIT_MS 20000
#define NOBODY 65534

static void
become_nobody (gpointer data)
{
  if (geteuid () == 0)
    {
      if (setgid (NOBODY) != 0 || setuid (NOBODY) != 0)
        _exit (125);
    }
}

/* The peer as nobody may run it. The build's own copy may lie below a folder
 * nobody may not enter (a clone in a private temporary folder, a home of
 * mode 0700): running it as nobody then fails with EACCES, which is not what
 * the test is about. So, as root, nobody runs a copy in a folder of its own
 * (mode 0755), made on first use and removed at the end. */
static char *nobody_dir;

static const char *
peer_path_for_nobody (void)
{
  static char *path;

  if (geteuid () != 0)
    return fifolab_test_peer_path ();
  if (path == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) source = g_file_new_for_path (fifolab_test_peer_path ());
      g_autoptr(GFile) copy = NULL;

      nobody_dir = fifolab_test_tmpdir_new ();
      g_assert_cmpint (g_chmod (nobody_dir, 0755), ==, 0);
      path = g_build_filename (nobody_dir, "fifolab-peer", NULL);
      copy = g_file_new_for_path (path);
      g_assert_true (g_file_copy (source, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_chmod (path, 0755), ==, 0);
    }
  return path;
}

/* Runs fifolab-peer; returns its exit status, its stderr in @err. */
static int
run_peer (const char * const *args,
          gboolean            as_nobody,
          char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE |
                               G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) (as_nobody ? peer_path_for_nobody () : fifolab_test_peer_path ()));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (as_nobody)
    g_subprocess_launcher_set_child_setup (launcher, become_nobody, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

/* GLib closes the pidfds of finished children from its worker thread, a
 * moment later: the lowest count over 200 ms is the real one. */
static guint
settled_fds (void)
{
  gint64 end = g_get_monotonic_time () + 200 * 1000;
  guint n = fifolab_test_count_fds ();

  while (g_get_monotonic_time () < end)
    {
      g_usleep (5000);
      n = MIN (n, fifolab_test_count_fds ());
    }
  return n;
}

static gboolean
fds_back_to (gpointer data)
{
  return fifolab_test_count_fds () == GPOINTER_TO_UINT (data);
}

/* How a message names @base: escaped, and for a long name, its end (the
 * middle of a long path is left out, the end kept). */
static char *
dup_shown_name (const char *base)
{
  g_autofree char *shown = fifolab_escape_name (base, 0);
  glong n = g_utf8_strlen (shown, -1);

  if (n > 100)
    return g_strdup (g_utf8_offset_to_pointer (shown, n - 100));
  return g_steal_pointer (&shown);
}

/* A refusal is clear: our domain, the code, a non-empty valid UTF-8 message
 * that names the path. */
static void
assert_clear_refusal (const GError *error,
                      int           code,
                      const char   *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  /* A missing folder is named rather than the pipe that would be in it. */
  g_autofree char *base = g_path_get_basename (code == FIFOLAB_FIFO_ERROR_MISSING_FOLDER
                                               ? dirname : path);
  g_autofree char *shown = dup_shown_name (base);

  g_assert_nonnull (error);
  g_assert_true (error->domain == FIFOLAB_FIFO_ERROR);
  if (error->code != code)
    g_error ("expected code %d, got %d: %s", code, error->code, error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, shown) == NULL)
    g_error ("“%s” does not name “%s”", error->message, shown);
}

/* ------------------------------------------------------------------ */
/* Paths */

typedef struct
{
  const char *name;
  /* Makes the thing in @dir; returns its path. */
  char     *(*make) (const char *dir);
  int         code;        /* FifolabFifoError for read and write opens */
  int         peer_status; /* fifolab-peer's exit status */
  gboolean    as_nobody;   /* refused by permissions: not as root */
} PathCase;

static char *
make_missing (const char *dir)
{
  return g_build_filename (dir, "missing", NULL);
}

static char *
make_folder (const char *dir)
{
  char *path = g_build_filename (dir, "folder", NULL);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  return path;
}

static char *
make_file (const char *dir)
{
  char *path = g_build_filename (dir, "file", NULL);
  g_assert_true (g_file_set_contents (path, "secret", -1, NULL));
  return path;
}

static char *
make_symlink_to_file (const char *dir)
{
  g_autofree char *file = make_file (dir);
  char *path = g_build_filename (dir, "link", NULL);
  g_assert_cmpint (symlink (file, path), ==, 0);
  return path;
}

static char *
make_symlink_loop (const char *dir)
{
  char *path = g_build_filename (dir, "loop-a", NULL);
  g_autofree char *other = g_build_filename (dir, "loop-b", NULL);
  g_assert_cmpint (symlink (other, path), ==, 0);
  g_assert_cmpint (symlink (path, other), ==, 0);
  return path;
}

static char *
make_socket (const char *dir)
{
  char *path = g_build_filename (dir, "sock", NULL);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM, 0);

  g_assert_cmpint (fd, >=, 0);
  g_strlcpy (addr.sun_path, path, sizeof addr.sun_path);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  close (fd);
  return path;
}

static char *
make_char_device (const char *dir)
{
  return g_strdup ("/dev/null");
}

static char *
make_symlink_to_device (const char *dir)
{
  char *path = g_build_filename (dir, "to-zero", NULL);
  g_assert_cmpint (symlink ("/dev/zero", path), ==, 0);
  return path;
}

static char *
make_locked_fifo (const char *dir)
{
  char *path = g_build_filename (dir, "locked", NULL);

  g_assert_true (fifolab_fifo_create (path, 0000, NULL));
  /* nobody must reach it. */
  g_assert_cmpint (g_chmod (dir, 0711), ==, 0);
  return path;
}

static char *
make_invalid_utf8_missing (const char *dir)
{
  return g_build_filename (dir, "bad-\xff\xfe-name", NULL);
}

static char *
make_name_256 (const char *dir)
{
  g_autofree char *name = g_strnfill (256, 'n');
  return g_build_filename (dir, name, NULL);
}

static char *
make_path_4096 (const char *dir)
{
  GString *path = g_string_new (dir);

  while (path->len < 4096)
    g_string_append (path, "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_string_truncate (path, 4096);
  return g_string_free (path, FALSE);
}

static char *
make_missing_folder (const char *dir)
{
  return g_build_filename (dir, "no-such-folder", "pipe", NULL);
}

static const PathCase path_cases[] = {
  { "missing", make_missing, FIFOLAB_FIFO_ERROR_NOT_FOUND, 2, FALSE },
  { "missing-folder", make_missing_folder, FIFOLAB_FIFO_ERROR_MISSING_FOLDER, 2, FALSE },
  { "folder", make_folder, FIFOLAB_FIFO_ERROR_NOT_A_FIFO, 2, FALSE },
  { "regular-file", make_file, FIFOLAB_FIFO_ERROR_NOT_A_FIFO, 2, FALSE },
  { "symlink-to-file", make_symlink_to_file, FIFOLAB_FIFO_ERROR_NOT_A_FIFO, 2, FALSE },
  { "symlink-loop", make_symlink_loop, FIFOLAB_FIFO_ERROR_SYMLINK_LOOP, 2, FALSE },
  { "socket", make_socket, FIFOLAB_FIFO_ERROR_NOT_A_FIFO, 2, FALSE },
  { "char-device", make_char_device, FIFOLAB_FIFO_ERROR_NOT_A_FIFO, 2, FALSE },
  { "symlink-to-device", make_symlink_to_device, FIFOLAB_FIFO_ERROR_NOT_A_FIFO, 2, FALSE },
  { "no-permission", make_locked_fifo, FIFOLAB_FIFO_ERROR_PERMISSION, 1, TRUE },
  { "invalid-utf8", make_invalid_utf8_missing, FIFOLAB_FIFO_ERROR_NOT_FOUND, 2, FALSE },
  { "name-256", make_name_256, FIFOLAB_FIFO_ERROR_NAME_TOO_LONG, 2, FALSE },
  { "path-4096", make_path_4096, FIFOLAB_FIFO_ERROR_NAME_TOO_LONG, 2, FALSE },
};

typedef struct
{
  guint  fds;
  guint  error_events;
  char  *detail;
} Refused;

static void
refused_event_cb (GObject          *object,
                  FifolabEventKind  kind,
                  const char       *detail,
                  Refused          *r)
{
  if (kind == FIFOLAB_EVENT_ERROR)
    {
      r->error_events++;
      g_free (r->detail);
      r->detail = g_strdup (detail);
    }
}

/* Everything the core does with @path, checked. Runs as whoever we are. */
static void
check_core_refuses (const PathCase *c,
                    const char     *path)
{
  g_autoptr(GError) error = NULL;
  FifolabReader *reader;
  FifolabWriter *writer;
  FifolabSession *session;
  Refused r = { 0 };
  guint fds = settled_fds ();

  g_assert_cmpint (fifolab_fifo_open (path, O_RDONLY, &error), ==, -1);
  assert_clear_refusal (error, c->code, path);
  g_clear_error (&error);
  g_assert_cmpint (fifolab_fifo_open (path, O_WRONLY, &error), ==, -1);
  assert_clear_refusal (error, c->code, path);
  g_clear_error (&error);
  g_assert_false (fifolab_fifo_is_fifo (path) && c->code != FIFOLAB_FIFO_ERROR_PERMISSION);

  reader = fifolab_reader_new (path, NULL);
  g_signal_connect (reader, "event", G_CALLBACK (refused_event_cb), &r);
  g_assert_false (fifolab_reader_start (reader, &error));
  assert_clear_refusal (error, c->code, path);
  g_clear_error (&error);
  g_assert_cmpint (fifolab_reader_get_state (reader), ==, FIFOLAB_READER_FAILED);
  assert_clear_refusal (fifolab_reader_get_error (reader), c->code, path);
  g_assert_cmpuint (r.error_events, ==, 1);
  g_assert_true (g_utf8_validate (r.detail, -1, NULL));
  g_assert_finalize_object (reader);

  writer = fifolab_writer_new (path);
  g_assert_false (fifolab_writer_start (writer, &error));
  assert_clear_refusal (error, c->code, path);
  g_clear_error (&error);
  g_assert_finalize_object (writer);

  session = fifolab_session_new ();
  g_assert_null (fifolab_session_open_reader (session, path, NULL, &error));
  assert_clear_refusal (error, c->code, path);
  g_clear_error (&error);
  g_assert_false (fifolab_session_send_template (session, path, "%d", NULL, &error));
  assert_clear_refusal (error, c->code, path);
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) paths = fifolab_session_list_paths (session);
    g_assert_cmpuint (paths->len, ==, 0);
  }
  g_assert_finalize_object (session);

  g_assert_true (fifolab_test_wait_until (fds_back_to, GUINT_TO_POINTER (fds), 5000));
  g_free (r.detail);
}

static void
check_peer_refuses (const PathCase *c,
                    const char     *path)
{
  const char *subcommands[] = { "read", "write" };

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      const char *args[] = { subcommands[i], "--no-create", path, NULL };
      g_autofree char *err = NULL;
      g_autofree char *dirname = g_path_get_dirname (path);
      g_autofree char *base = g_path_get_basename (c->code == FIFOLAB_FIFO_ERROR_MISSING_FOLDER
                                                   ? dirname : path);
      g_autofree char *shown = dup_shown_name (base);
      int status = run_peer (args, c->as_nobody, &err);

      g_assert_cmpint (status, ==, c->peer_status);
      g_assert_true (g_utf8_validate (err, -1, NULL));
      g_assert_true (g_str_has_prefix (err, "fifolab-peer: "));
      if (strstr (err, shown) == NULL)
        g_error ("peer %s: “%s” does not name “%s”", subcommands[i], err, shown);
    }
}

static void
test_hostile_path (gconstpointer data)
{
  const PathCase *c = data;
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = c->make (dir);
  g_autofree char *before = NULL;
  struct stat st_before = { 0 }, st_after = { 0 };
  gboolean has_contents;

  has_contents = g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
                 g_file_get_contents (path, &before, NULL, NULL);
  if (has_contents)
    {
      /* Old times, so that a read would move the atime even with relatime. */
      struct timespec times[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
      g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
      g_assert_cmpint (stat (path, &st_before), ==, 0);
    }

  if (c->as_nobody && geteuid () == 0)
    {
      if (g_test_subprocess ())
        {
          become_nobody (NULL);
          check_core_refuses (c, g_getenv ("FIFOLAB_TEST_PATH"));
          return;
        }
      g_setenv ("FIFOLAB_TEST_PATH", path, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      g_unsetenv ("FIFOLAB_TEST_PATH");
    }
  else
    check_core_refuses (c, path);

  check_peer_refuses (c, path);

  if (has_contents)
    {
      g_autofree char *after = NULL;

      g_assert_cmpint (stat (path, &st_after), ==, 0);
      g_assert_cmpint (st_after.st_atim.tv_sec, ==, st_before.st_atim.tv_sec);
      g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, before);
    }
  /* --no-create: nothing was made either. */
  if (c->code == FIFOLAB_FIFO_ERROR_NOT_FOUND)
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

typedef struct
{
  FifolabReader *reader;
  guint64        before;
} MoreWait;

static gboolean
reader_got_more (gpointer data)
{
  MoreWait *w = data;
  return fifolab_reader_get_messages_received (w->reader) > w->before;
}

/* Names that are hostile but valid: a FIFO called so works, and what is
 * said about it is valid UTF-8. */
static void
check_usable_fifo_name (const char *name)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabPipeInfo) info = NULL;
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autofree char *err = NULL;
  FifolabSession *session;
  FifolabReader *reader;
  FifolabLog *log;
  const char *args[] = { "write", "--no-create", "--framing", "line", "-m", "hi %d", path, NULL };
  guint n;

  g_assert_true (fifolab_fifo_create (path, 0600, &error));
  g_assert_no_error (error);
  info = fifolab_pipe_info_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (fifolab_pipe_info_get_name (info), -1, NULL));

  session = fifolab_session_new ();
  log = fifolab_session_get_log (session);
  reader = fifolab_session_open_reader (session, path, framer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_peer (args, FALSE, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  {
    MoreWait w = { reader, 0 };
    g_assert_true (fifolab_test_wait_until (reader_got_more, &w, WAIT_MS));
  }

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      g_assert_true (g_utf8_validate (fifolab_log_entry_get_display_text (entry), -1, NULL));
      g_assert_cmpstr (fifolab_log_entry_get_pipe_path (entry), ==, path);
    }
  g_assert_finalize_object (session);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_hostile_name_invalid_utf8_fifo (void)
{
  check_usable_fifo_name ("bad-\xff\xfe-\xc3(");
}

static void
test_hostile_name_255 (void)
{
  g_autofree char *name = g_strnfill (255, 'n');
  check_usable_fifo_name (name);
}

/* ------------------------------------------------------------------ */
/* Templates */

typedef struct
{
  const char *name;
  const char *template_;
  int         code;
  const char *named;   /* what the message must quote */
} TemplateCase;

static const TemplateCase template_cases[] = {
  { "percent-s", "pid %s", FIFOLAB_STAMP_ERROR_UNKNOWN_PLACEHOLDER, "%s" },
  { "percent-n", "%n%n%n", FIFOLAB_STAMP_ERROR_UNKNOWN_PLACEHOLDER, "%n" },
  { "percent-99999d", "%99999d", FIFOLAB_STAMP_ERROR_UNKNOWN_PLACEHOLDER, "%9" },
  { "lone-percent", "100%", FIFOLAB_STAMP_ERROR_TRAILING_PERCENT, NULL },
  { "percent-x-invalid-utf8", "%\xff", FIFOLAB_STAMP_ERROR_UNKNOWN_PLACEHOLDER, NULL },
};

static void
test_hostile_template (gconstpointer data)
{
  const TemplateCase *c = data;
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *err = NULL;
  FifolabSession *session;
  const char *args[] = { "write", "-m", c->template_, path, NULL };

  bytes = fifolab_stamp_expand (c->template_, 4242, &error);
  g_assert_null (bytes);
  g_assert_error (error, FIFOLAB_STAMP_ERROR, c->code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), >, 10);
  if (c->named != NULL)
    g_assert_nonnull (strstr (error->message, c->named));
  g_clear_error (&error);

  session = fifolab_session_new ();
  g_assert_false (fifolab_session_send_template (session, path, c->template_, NULL, &error));
  g_assert_error (error, FIFOLAB_STAMP_ERROR, c->code);
  g_assert_finalize_object (session);

  /* The peer refuses before touching the pipe: it does not even create it. */
  if (g_utf8_validate (c->template_, -1, NULL))
    {
      g_assert_cmpint (run_peer (args, FALSE, &err), ==, 2);
      g_assert_true (g_utf8_validate (err, -1, NULL));
      g_assert_true (g_str_has_prefix (err, "fifolab-peer: "));
      if (c->named != NULL)
        g_assert_nonnull (strstr (err, c->named));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_hostile_template_huge (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (FIFOLAB_STAMP_MAX_SIZE + 1, 'h');
  g_autoptr(GString) expanding = g_string_new (NULL);
  GBytes *bytes;

  bytes = fifolab_stamp_expand (huge, 1, &error);
  g_assert_null (bytes);
  g_assert_error (error, FIFOLAB_STAMP_ERROR, FIFOLAB_STAMP_ERROR_TOO_LONG);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);

  /* Exactly at the bound is fine. */
  huge[FIFOLAB_STAMP_MAX_SIZE] = '\0';
  bytes = fifolab_stamp_expand (huge, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, FIFOLAB_STAMP_MAX_SIZE);
  g_bytes_unref (bytes);

  /* Small template, huge expansion: 3 MiB of "%d" with a 7-digit pid. */
  for (guint i = 0; i < 3 * 1024 * 1024; i++)
    g_string_append (expanding, "%d");
  bytes = fifolab_stamp_expand (expanding->str, 4194304, &error);
  g_assert_null (bytes);
  g_assert_error (error, FIFOLAB_STAMP_ERROR, FIFOLAB_STAMP_ERROR_TOO_LONG);
}

/* The kernel passes no argument longer than 128 KiB (MAX_ARG_STRLEN), so a
 * huge template can never reach fifolab-peer; the largest that can is
 * expanded whole. */
static void
test_hostile_template_peer_largest (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autofree char *out_path = g_build_filename (dir, "out", NULL);
  g_autoptr(GString) tmpl = g_string_new (NULL);
  g_autofree char *err = NULL;
  g_autofree char *got = NULL;
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cmd = NULL;
  gsize len;

  while (tmpl->len < 128 * 1024 - 16)
    g_string_append (tmpl, "%d%%");
  g_assert_true (fifolab_fifo_create (path, 0600, NULL));
  cmd = g_strdup_printf ("cat '%s' > '%s'", path, out_path);
  cat = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sh", "-c", cmd, NULL);
  g_assert_no_error (error);
  {
    const char *args[] = { "write", "-m", tmpl->str, path, NULL };
    g_assert_cmpint (run_peer (args, FALSE, &err), ==, 0);
  }
  g_assert_true (g_subprocess_wait_check (cat, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out_path, &got, &len, NULL));
  /* Every "%d" a pid, every "%%" one '%'. */
  g_assert_cmpuint (len, >, tmpl->len / 4 * 2);
  g_assert_null (strstr (got, "%%"));
  g_assert_null (strstr (got, "%d"));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ------------------------------------------------------------------ */
/* Payloads written by a real process */

typedef struct
{
  const char    *name;
  FifolabFraming framing;
  const char    *python_bytes;  /* a Python bytes expression of what is written */
  guint          n_messages;    /* received entries expected */
  guint          last_flags;
  const char    *literal;       /* the display text must contain this, or NULL */
} PayloadCase;

static const PayloadCase payload_cases[] = {
  { "nul-bytes", FIFOLAB_FRAMING_LINE,
    "b'a\\x00b\\x00\\x00c\\n\\x00\\n'", 2, 0, "\\x00" },
  { "invalid-utf8", FIFOLAB_FRAMING_LINE,
    "b'\\xff\\xfe\\xc3(\\xed\\xa0\\x80 \\xf8\\x88\\x80\\x80\\x80\\n'", 1, 0, "\\xff" },
  { "pango-markup", FIFOLAB_FRAMING_LINE,
    "b\"<b>bold</b> &amp; <span foreground='red' size='99999999'>x</span>\\n\"", 1, 0,
    "<b>bold</b> &amp; <span foreground='red' size='99999999'>x</span>" },
  { "terminal-escapes", FIFOLAB_FRAMING_LINE,
    "b'\\x1b[2J\\x1b[31mred\\x1b]0;pwned\\x07\\x9b31m\\r\\x08\\n'", 1, 0, "[2J" },
  { "rtl-override", FIFOLAB_FRAMING_LINE,
    "'abc\\u202edcba.exe \\u2066x\\u2069 \\u200f'.encode() + b'\\n'", 1, 0, "abc" },
  { "one-mib", FIFOLAB_FRAMING_LINE,
    "bytes(range(11, 256)) * (1048576 // 245) + b'z' * (1048576 % 245) + b'\\n'", 1, 0, NULL },
  { "one-mib-raw", FIFOLAB_FRAMING_RAW,
    "bytes(range(256)) * 4096", 0, 0, NULL },
  { "length-prefix-4gib", FIFOLAB_FRAMING_LENGTH_PREFIX,
    "b'\\xff\\xff\\xff\\xff' + b'z' * 100000", 1, FIFOLAB_MESSAGE_INCOMPLETE, "zzz" },
  { "length-prefix-4gib-overlong", FIFOLAB_FRAMING_LENGTH_PREFIX,
    "b'\\xff\\xff\\xff\\xff' + b'y' * 3000000", 3,
    FIFOLAB_MESSAGE_INCOMPLETE | FIFOLAB_MESSAGE_OVERLONG, "yyy" },
};

static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

static void
assert_display_safe (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || is_bidi_control (c) ||
          g_unichar_type (c) == G_UNICODE_FORMAT)
        g_error ("U+%04X shown raw in “%s”", c, text);
    }
}

static gboolean
reader_idle_again (gpointer data)
{
  return fifolab_reader_get_state (data) == FIFOLAB_READER_WAITING_FOR_WRITER &&
         fifolab_reader_get_bytes_received (data) > 0;
}

static void
waited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL));
  *(gboolean *) user_data = TRUE;
}

static void
test_hostile_payload (gconstpointer data)
{
  const PayloadCase *c = data;
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autofree char *expected_path = g_build_filename (dir, "expected", NULL);
  g_autofree char *script = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (c->framing);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GString) got = g_string_new (NULL);
  FifolabSession *session = fifolab_session_new ();
  FifolabLog *log = fifolab_session_get_log (session);
  FifolabReader *reader;
  gsize expected_len;
  guint n_received = 0;
  guint last_flags = 0;
  gboolean literal_seen = c->literal == NULL;
  gboolean waited = FALSE;
  guint n;

  g_assert_true (fifolab_fifo_create (path, 0600, NULL));
  reader = fifolab_session_open_reader (session, path, framer, &error);
  g_assert_no_error (error);

  /* The writer also saves what it wrote, for comparing. */
  script = g_strdup_printf ("import os, sys\n"
                            "data = %s\n"
                            "open(sys.argv[2], 'wb').write(data)\n"
                            "fd = os.open(sys.argv[1], os.O_WRONLY)\n"
                            "view = memoryview(data)\n"
                            "while view:\n"
                            "    view = view[os.write(fd, view):]\n"
                            "os.close(fd)\n",
                            c->python_bytes);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                           fifolab_test_python (), "-c", script, path, expected_path, NULL);
  g_assert_no_error (error);
  /* Not a blocking wait: the writer needs our reader to drain the pipe. */
  g_subprocess_wait_async (proc, NULL, waited_cb, &waited);
  g_assert_true (fifolab_test_wait_for (&waited, WAIT_MS));
  g_assert_true (g_subprocess_get_successful (proc));
  g_assert_true (fifolab_test_wait_until (reader_idle_again, reader, WAIT_MS));
  g_assert_true (g_file_get_contents (expected_path, &expected, &expected_len, NULL));
  g_assert_cmpuint (fifolab_reader_get_bytes_received (reader), ==, expected_len);

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      const char *text = fifolab_log_entry_get_display_text (entry);
      GBytes *bytes = fifolab_log_entry_get_bytes (entry);

      assert_display_safe (text);
      if (fifolab_log_entry_get_direction (entry) != FIFOLAB_DIRECTION_RECEIVED)
        continue;
      g_string_append_len (got, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (c->framing == FIFOLAB_FRAMING_LINE)
        g_string_append_c (got, '\n');
      n_received++;
      last_flags = fifolab_log_entry_get_flags (entry);
      if (c->literal != NULL && strstr (text, c->literal) != NULL)
        literal_seen = TRUE;
    }

  /* The exact bytes (the length-prefix header is not part of a message). */
  if (c->framing == FIFOLAB_FRAMING_LENGTH_PREFIX)
    g_assert_cmpmem (got->str, got->len, expected + 4, expected_len - 4);
  else
    g_assert_cmpmem (got->str, got->len, expected, expected_len);
  if (c->n_messages > 0)
    g_assert_cmpuint (n_received, ==, c->n_messages);
  g_assert_cmpuint (last_flags, ==, c->last_flags);
  g_assert_true (literal_seen);

  /* What was displayed of the bidi case shows the override as an escape. */
  if (strcmp (c->name, "rtl-override") == 0)
    {
      g_autofree char *shown = fifolab_escape_for_display ((const guint8 *) expected,
                                                           expected_len, 0);
      g_assert_true (strstr (shown, "\\u202E") != NULL || strstr (shown, "\\u202e") != NULL);
    }

  /* The reader survived it: a plain message after. */
  {
    int fd = fifolab_fifo_open (path, O_WRONLY, &error);
    MoreWait w = { reader, fifolab_reader_get_messages_received (reader) };
    static const guint8 after_line[] = "after\n";
    static const guint8 after_prefixed[] = { 0, 0, 0, 5, 'a', 'f', 't', 'e', 'r' };

    g_assert_no_error (error);
    if (c->framing == FIFOLAB_FRAMING_LENGTH_PREFIX)
      g_assert_cmpint (write (fd, after_prefixed, sizeof after_prefixed), ==, sizeof after_prefixed);
    else
      g_assert_cmpint (write (fd, after_line, 6), ==, 6);
    close (fd);
    g_assert_true (fifolab_test_wait_until (reader_got_more, &w, WAIT_MS));
  }

  g_assert_finalize_object (session);
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Received text never reaches a printf format: the peer prints it as is. */
static void
test_hostile_peer_prints_literally (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  static const char line[] = "%n%s%x%99999d%%\n";
  int fd;

  g_assert_true (fifolab_fifo_create (path, 0600, NULL));
  reader = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             fifolab_test_peer_path (), "read", "--framing", "line",
                             "--no-create", path, NULL);
  g_assert_no_error (error);
  /* Blocking open: waits for the peer's read end. */
  fd = open (path, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, line, strlen (line)), ==, strlen (line));
  close (fd);
  g_assert_true (g_subprocess_communicate_utf8 (reader, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (reader));
  g_assert_true (g_str_has_suffix (out, "received a message => %n%s%x%99999d%%\n"));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ------------------------------------------------------------------ */
/* Names shown (issue 11, cases 2 and 4): escaped and bounded wherever they
 * are said, in the core's messages and on the peer's terminal. */

static const char * const hostile_names[] = {
  "rtl\xe2\x80\xaegpj.exe",                     /* shows as "rtlexe.jpg" raw */
  "zw\xe2\x80\x8b",                             /* looks like "zw" */
  "new\nline",
  "esc\x1b]0;pwned\x07\x1b[2J\x1b[H",          /* title change, screen clear */
  "iso\xe2\x81\xa7" "late\xe2\x81\xa9",
};

static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
         type == G_UNICODE_ENCLOSING_MARK;
}

/* Nothing in @text acts on a terminal or a layout: valid UTF-8, no control
 * character (a newline included), no bidi control or zero-width character,
 * no more than three combining marks in a row, at most @max characters. */
static void
assert_text_safe (const char *text,
                  glong       max)
{
  guint run = 0;

  if (!g_utf8_validate (text, -1, NULL))
    g_error ("not UTF-8: %s", text);
  g_assert_cmpint (g_utf8_strlen (text, -1), <=, max);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        {
          g_autofree char *shown = fifolab_escape_name (text, 0);
          g_error ("U+%04X in “%s”", c, shown);
        }
      run = is_mark (c) ? run + 1 : 0;
      g_assert_cmpuint (run, <=, 3);
    }
}

/* @text says @name safely, and as fifolab_escape_name() shows it. */
static void
assert_says_name (const char *text,
                  const char *name)
{
  g_autofree char *shown = fifolab_escape_name (name, 0);

  assert_text_safe (text, 1000);
  if (strstr (text, shown) == NULL)
    g_error ("“%s” does not name “%s”", text, shown);
}

static void
test_hostile_name_core_messages (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hostile_names); i++)
    {
      const char *name = hostile_names[i];
      g_autofree char *dir = fifolab_test_tmpdir_new ();
      g_autofree char *missing = g_build_filename (dir, name, NULL);
      g_autofree char *sub = g_build_filename (dir, "sub", NULL);
      g_autofree char *file = NULL;
      g_autofree char *fifo = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(FifolabPipeInfo) info = NULL;
      FifolabSession *session;
      FifolabLog *log;

      g_test_message ("name %u", i);

      /* Missing. */
      g_assert_cmpint (fifolab_fifo_open (missing, O_RDONLY, &error), ==, -1);
      assert_says_name (error->message, name);
      g_clear_error (&error);
      g_assert_null (fifolab_pipe_info_new_for_path (missing, &error));
      assert_says_name (error->message, name);
      g_clear_error (&error);

      session = fifolab_session_new ();
      log = fifolab_session_get_log (session);
      g_assert_null (fifolab_session_open_reader (session, missing, NULL, &error));
      assert_says_name (error->message, name);
      g_clear_error (&error);
      fifolab_log_flush (log);
      for (guint n = 0; n < g_list_model_get_n_items (G_LIST_MODEL (log)); n++)
        {
          g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), n);
          GBytes *bytes = fifolab_log_entry_get_bytes (entry);
          g_autofree char *detail = bytes ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : NULL;

          if (detail != NULL)
            assert_text_safe (detail, 1000);
        }
      g_assert_finalize_object (session);

      /* Not a FIFO. */
      g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
      file = g_build_filename (sub, name, NULL);
      g_assert_true (g_file_set_contents (file, "x", 1, NULL));
      g_assert_cmpint (fifolab_fifo_open (file, O_WRONLY, &error), ==, -1);
      g_assert_error (error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NOT_A_FIFO);
      assert_says_name (error->message, name);
      g_clear_error (&error);
      g_assert_false (fifolab_fifo_create (file, 0600, &error));
      assert_says_name (error->message, name);
      g_clear_error (&error);

      /* A FIFO: its name as shown. */
      g_assert_true (fifolab_fifo_create_in (dir, name, 0600, &fifo, &error));
      g_assert_no_error (error);
      info = fifolab_pipe_info_new_for_path (fifo, &error);
      g_assert_no_error (error);
      {
        g_autofree char *shown = fifolab_escape_name (name, 0);
        g_assert_cmpstr (fifolab_pipe_info_get_name (info), ==, shown);
      }

      fifolab_test_tmpdir_free (g_steal_pointer (&dir));
    }
}

/* The paths of case 2: "a" + 50,000 × U+0301 and 50,000 × (U+202E U+0301).
 * What is said about them is short and has no pile of marks. */
static void
test_hostile_name_huge (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *marks = fifolab_test_repeat ("a", "\xcc\x81", 50000);
  g_autofree char *rlo_marks = fifolab_test_repeat ("", "\xe2\x80\xae\xcc\x81", 50000);
  const char *names[] = { marks, rlo_marks };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(GError) error = NULL;
      FifolabSession *session;

      g_assert_cmpint (fifolab_fifo_open (path, O_RDONLY, &error), ==, -1);
      g_test_message ("fifolab_fifo_open: %ld characters", g_utf8_strlen (error->message, -1));
      assert_text_safe (error->message, 400);
      g_clear_error (&error);
      g_assert_null (fifolab_pipe_info_new_for_path (path, &error));
      assert_text_safe (error->message, 400);
      g_clear_error (&error);
      g_assert_false (fifolab_fifo_create (path, 0600, &error));
      assert_text_safe (error->message, 400);
      g_clear_error (&error);

      session = fifolab_session_new ();
      g_assert_null (fifolab_session_open_reader (session, path, NULL, &error));
      assert_text_safe (error->message, 400);
      g_clear_error (&error);
      g_assert_finalize_object (session);
    }
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* fifolab-peer's refusals name the path escaped: no ESC or bidi control
 * reaches the terminal. */
static void
test_hostile_name_peer_messages (void)
{
  g_autofree char *marks = fifolab_test_repeat ("a", "\xcc\x81", 50000);

  for (guint i = 0; i <= G_N_ELEMENTS (hostile_names); i++)
    {
      const char *name = i < G_N_ELEMENTS (hostile_names) ? hostile_names[i] : marks;
      g_autofree char *dir = fifolab_test_tmpdir_new ();
      g_autofree char *missing = g_build_filename (dir, name, NULL);
      g_autofree char *sub = g_build_filename (dir, "sub", NULL);
      g_autofree char *file = g_build_filename (sub, name, NULL);
      const char *subcommands[] = { "read", "write" };

      g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
      /* The long one cannot be created: it is refused as too long. */
      if (i < G_N_ELEMENTS (hostile_names))
        g_assert_true (g_file_set_contents (file, "x", 1, NULL));

      for (guint j = 0; j < G_N_ELEMENTS (subcommands); j++)
        for (guint k = 0; k < 2; k++)
          {
            const char *args[] = { subcommands[j], "--no-create", k == 0 ? missing : file, NULL };
            g_autofree char *err = NULL;
            int status = run_peer (args, FALSE, &err);

            g_test_message ("peer %s %s: status %d, %zu bytes on stderr",
                            subcommands[j], k == 0 ? "missing" : "file", status, strlen (err));
            g_assert_cmpint (status, ==, 2);
            g_assert_true (g_str_has_prefix (err, "fifolab-peer: "));
            g_assert_true (g_str_has_suffix (err, "\n"));
            err[strlen (err) - 1] = '\0';
            if (i < G_N_ELEMENTS (hostile_names))
              assert_says_name (err, name);
            else
              assert_text_safe (err, 400);
          }
      fifolab_test_tmpdir_free (g_steal_pointer (&dir));
    }

  /* The option parser quotes what it did not understand: escaped too. */
  {
    const char *args[] = { "read", "--\x1b]0;pwned\x07\x1b[2J", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_peer (args, FALSE, &err), ==, 2);
    g_assert_null (strchr (err, '\x1b'));
    g_assert_nonnull (strstr (err, "\\x1b]0;pwned\\x07\\x1b[2J"));
  }
}

/* ------------------------------------------------------------------ */
/* Security defaults */

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
  int status;

  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();
  {
    /* Made once on first use, before any descriptor is counted: the main
     * context's wakeup, GLib's worker thread. */
    g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "true", NULL);
    g_assert_true (g_subprocess_wait (proc, NULL, NULL));
    g_main_context_iteration (NULL, FALSE);
  }

  for (guint i = 0; i < G_N_ELEMENTS (path_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/hostile/path/%s", path_cases[i].name);
      g_test_add_data_func (name, &path_cases[i], test_hostile_path);
    }
  g_test_add_func ("/hostile/path/invalid-utf8-fifo", test_hostile_name_invalid_utf8_fifo);
  g_test_add_func ("/hostile/path/name-255", test_hostile_name_255);

  for (guint i = 0; i < G_N_ELEMENTS (template_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/hostile/template/%s", template_cases[i].name);
      g_test_add_data_func (name, &template_cases[i], test_hostile_template);
    }
  g_test_add_func ("/hostile/template/huge", test_hostile_template_huge);
  g_test_add_func ("/hostile/template/peer-largest", test_hostile_template_peer_largest);

  for (guint i = 0; i < G_N_ELEMENTS (payload_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/hostile/payload/%s", payload_cases[i].name);
      g_test_add_data_func (name, &payload_cases[i], test_hostile_payload);
    }
  g_test_add_func ("/hostile/payload/peer-prints-literally", test_hostile_peer_prints_literally);

  g_test_add_func ("/hostile/name/core-messages", test_hostile_name_core_messages);
  g_test_add_func ("/hostile/name/huge", test_hostile_name_huge);
  g_test_add_func ("/hostile/name/peer-messages", test_hostile_name_peer_messages);

  g_test_add_func ("/security/peer-creates-private", test_security_peer_creates_private);
  g_test_add_func ("/security/create-mode-exact", test_security_create_mode_exact);
  g_test_add_func ("/security/exposed", test_security_exposed);

  status = g_test_run ();
  if (nobody_dir != NULL)
    fifolab_test_tmpdir_free (g_steal_pointer (&nobody_dir));
  return status;
}
