/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile input, one test per case: templates that are not ours to expand,
 * payloads that try to be markup, terminal commands or bidi tricks. Every
 * refusal is a clear, valid UTF-8 message; the log keeps the exact bytes and
 * shows them literally. Paths and names are in test-hostile-names.c, the
 * security defaults in test-security.c. */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-framer.h"
#include "fifolab-log.h"
#include "fifolab-reader.h"
#include "fifolab-session.h"
#include "fifolab-stamp.h"
#include "fifolab-test-util.h"

#define WAIT_MS 20000

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
      g_assert_cmpint (fifolab_test_run_peer (NULL, args, NULL, &err), ==, 2);
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
    g_assert_cmpint (fifolab_test_run_peer (NULL, args, NULL, &err), ==, 0);
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
    guint64 before = fifolab_reader_get_messages_received (reader);
    static const guint8 after_line[] = "after\n";
    static const guint8 after_prefixed[] = { 0, 0, 0, 5, 'a', 'f', 't', 'e', 'r' };

    g_assert_no_error (error);
    if (c->framing == FIFOLAB_FRAMING_LENGTH_PREFIX)
      g_assert_cmpint (write (fd, after_prefixed, sizeof after_prefixed), ==, sizeof after_prefixed);
    else
      g_assert_cmpint (write (fd, after_line, 6), ==, 6);
    close (fd);
    g_assert_true (fifolab_test_wait_received (reader, before, WAIT_MS));
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fifolab_ignore_sigpipe ();

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

  return g_test_run ();
}
