/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile paths and names, one test per case: paths that are not (usable)
 * FIFOs, and names that try terminal commands, bidi tricks or piles of
 * marks. Every refusal is a clear, valid UTF-8 message naming the path,
 * escaped and bounded; nothing is opened that is not a FIFO. Templates and
 * payloads are in test-hostile.c, the security defaults in test-security.c. */
#include "config.h"

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

/* Runs fifolab-peer, as nobody if @as_nobody; returns its exit status, its
 * stderr in @err. */
static int
run_peer (const char * const *args,
          gboolean            as_nobody,
          char              **err)
{
  if (as_nobody)
    return fifolab_test_run_peer (peer_path_for_nobody (), args, become_nobody, err);
  return fifolab_test_run_peer (NULL, args, NULL, err);
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
  /* Exact: every child so far was released (fifolab_test_run_peer()). */
  guint fds = fifolab_test_count_fds ();

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

  fifolab_test_assert_fds (fds);
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
  g_assert_true (fifolab_test_wait_received (reader, 0, WAIT_MS));

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

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();
  fifolab_test_warm_up ();

  for (guint i = 0; i < G_N_ELEMENTS (path_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/hostile/path/%s", path_cases[i].name);
      g_test_add_data_func (name, &path_cases[i], test_hostile_path);
    }
  g_test_add_func ("/hostile/path/invalid-utf8-fifo", test_hostile_name_invalid_utf8_fifo);
  g_test_add_func ("/hostile/path/name-255", test_hostile_name_255);

  g_test_add_func ("/hostile/name/core-messages", test_hostile_name_core_messages);
  g_test_add_func ("/hostile/name/huge", test_hostile_name_huge);
  g_test_add_func ("/hostile/name/peer-messages", test_hostile_name_peer_messages);

  status = g_test_run ();
  if (nobody_dir != NULL)
    fifolab_test_tmpdir_free (g_steal_pointer (&nobody_dir));
  return status;
}
