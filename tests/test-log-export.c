/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The log's export (fifolab-log-export.c): JSON Lines, CSV and the seed's text,
 * byte exact, to a stream or to a file replaced all or nothing; the framing
 * beside each message. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-enums.h"
#include "fifolab-escape.h"
#include "fifolab-log.h"
#include "fifolab-test-util.h"
#include "test-log-helpers.h"

/* Export */

typedef struct
{
  FifolabDirection  direction;
  FifolabEventKind  kind;
  guint             flags;
  const char       *pipe;
  gint64            sender;
  gint64            receiver;
  const char       *data;
  gsize             len;
  gboolean          expect_text;
} ExportCase;

#define S(x) x, sizeof (x) - 1

static const ExportCase export_cases[] = {
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, PIPE, 12345, 999, S ("Hello from pid [12345]"), TRUE },
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, PIPE, -1, 999, S ("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"), TRUE },
  { FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_MESSAGE_TORN, PIPE, -1, 999, S ("bad \xff\xfe utf8 \xc3"), FALSE },
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, PIPE, -1, 999, S ("nul\0inside\0"), FALSE },
  { FIFOLAB_DIRECTION_SENT, 0, FIFOLAB_MESSAGE_NOT_ATOMIC | FIFOLAB_MESSAGE_PARTIAL, PIPE, 4242, -1,
    S ("<b>&amp;</b> \"quoted\", with, commas"), TRUE },
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, "/odd, \"pipe\"\nname", 7, 999, S ("line one\nline two\r\nthree\r"), TRUE },
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, PIPE, -1, 999, S (""), TRUE },
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, PIPE, -1, 999, S ("tab\there \x01\x1f\x7f %s %n %d \\ / \xe2\x80\xae"), TRUE },
  { FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_NO_READER, 0, PIPE, -1, -1, S ("Broken pipe"), TRUE },
  { FIFOLAB_DIRECTION_OUTPUT, 0, 0, NULL, 55, -1, S ("peer said, \"hi\""), TRUE },
  /* A file name is bytes: one that is not UTF-8 must still make valid JSON and
   * CSV, and come back byte for byte. */
  { FIFOLAB_DIRECTION_RECEIVED, 0, 0, "/tmp/bad\xff\xfe, \"x\"\n\xc3(", 8, 999, S ("hi"), TRUE },
};

/* The pipe's bytes as an export gives them back: "pipe" when it is valid UTF-8,
 * else "pipe_base64" (then "pipe" is an escaped display form, valid UTF-8). */
static void
assert_pipe_recovered (const char *expected,
                       const char *pipe,
                       const char *pipe_base64)
{
  g_assert_true (g_utf8_validate (pipe, -1, NULL));
  if (g_utf8_validate (expected, -1, NULL))
    {
      g_assert_cmpstr (pipe, ==, expected);
      g_assert_true (pipe_base64 == NULL || pipe_base64[0] == '\0');
    }
  else
    {
      g_autofree guint8 *decoded = NULL;
      gsize decoded_len;
      g_autofree char *shown = fifolab_escape_for_display ((const guint8 *) expected, strlen (expected), 0);

      g_assert_nonnull (pipe_base64);
      decoded = g_base64_decode (pipe_base64, &decoded_len);
      g_assert_cmpmem (decoded, decoded_len, expected, strlen (expected));
      g_assert_cmpstr (pipe, ==, shown);
    }
}

static void
fill_export_log (FifolabLog *log)
{
  for (guint i = 0; i < G_N_ELEMENTS (export_cases); i++)
    {
      const ExportCase *c = &export_cases[i];

      fifolab_log_append (log, c->direction, c->kind, c->flags, c->pipe,
                          c->sender, c->receiver,
                          1700000000000000 + i * 1000001, 1000 + i,
                          (const guint8 *) c->data, c->len);
    }
}

static void
check_jsonl (GBytes *bytes,
             guint64 first_serial)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *copy = g_strndup (data, len);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) time_re = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$",
                                           0, 0, NULL);
  guint n_lines;

  g_assert_cmpuint (strlen (copy), ==, len);
  /* JSON is UTF-8: a parser such as Python's json rejects anything else. */
  g_assert_true (g_utf8_validate (copy, len, NULL));
  g_assert_true (g_str_has_suffix (copy, "\n"));
  lines = g_strsplit (copy, "\n", -1);
  n_lines = g_strv_length (lines) - 1;
  g_assert_cmpstr (lines[n_lines], ==, "");
  g_assert_cmpuint (n_lines, ==, G_N_ELEMENTS (export_cases));

  for (guint i = 0; i < n_lines; i++)
    {
      const ExportCase *c = &export_cases[i];
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      JsonArray *flags;
      g_autofree guint8 *decoded = NULL;
      gsize decoded_len;
      GEnumClass *direction_class = g_type_class_peek (FIFOLAB_TYPE_DIRECTION);
      guint flag_bits = 0;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));

      g_assert_cmpint (json_object_get_int_member (object, "serial"), ==, first_serial + i);
      g_assert_true (g_regex_match (time_re, json_object_get_string_member (object, "time"), 0, NULL));
      g_assert_cmpint (json_object_get_int_member (object, "mono_us"), ==, 1000 + i);
      g_assert_cmpstr (json_object_get_string_member (object, "direction"), ==,
                       g_enum_get_value (direction_class, c->direction)->value_nick);
      if (c->direction == FIFOLAB_DIRECTION_EVENT)
        {
          g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "no-reader");
          g_assert_cmpuint (strlen (json_object_get_string_member (object, "explanation")), >, 0);
        }
      else
        {
          g_assert_false (json_object_has_member (object, "event"));
          g_assert_false (json_object_has_member (object, "explanation"));
        }
      if (c->pipe != NULL)
        assert_pipe_recovered (c->pipe, json_object_get_string_member (object, "pipe"),
                               json_object_get_string_member_with_default (object, "pipe_base64", NULL));
      else
        g_assert_true (json_object_get_null_member (object, "pipe"));
      if (c->sender >= 0)
        g_assert_cmpint (json_object_get_int_member (object, "sender_pid"), ==, c->sender);
      else
        g_assert_true (json_object_get_null_member (object, "sender_pid"));
      if (c->receiver >= 0)
        g_assert_cmpint (json_object_get_int_member (object, "receiver_pid"), ==, c->receiver);
      else
        g_assert_true (json_object_get_null_member (object, "receiver_pid"));
      g_assert_cmpint (json_object_get_int_member (object, "size"), ==, c->len);

      flags = json_object_get_array_member (object, "flags");
      for (guint j = 0; j < json_array_get_length (flags); j++)
        {
          GFlagsClass *flags_class = g_type_class_peek (FIFOLAB_TYPE_MESSAGE_FLAGS);
          GFlagsValue *v = g_flags_get_value_by_nick (flags_class,
                                                      json_array_get_string_element (flags, j));
          g_assert_nonnull (v);
          flag_bits |= v->value;
        }
      g_assert_cmpuint (flag_bits, ==, c->flags);

      /* Byte exact, whichever encoding was chosen. */
      if (c->expect_text)
        {
          const char *text = json_object_get_string_member (object, "text");

          g_assert_false (json_object_has_member (object, "base64"));
          g_assert_cmpmem (text, strlen (text), c->data, c->len);
        }
      else
        {
          g_assert_false (json_object_has_member (object, "text"));
          decoded = g_base64_decode (json_object_get_string_member (object, "base64"), &decoded_len);
          g_assert_cmpmem (decoded, decoded_len, c->data, c->len);
        }
    }
}

/* A small RFC 4180 reader: rows of fields (GStrv can hold no NUL, and CSV text
 * never has one: binary data is base64). */
static GPtrArray *
parse_csv (const char *data,
           gsize       len)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GPtrArray *row = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  gsize i = 0;

  while (i < len)
    {
      if (data[i] == '"')
        {
          i++;
          for (;;)
            {
              g_assert_cmpuint (i, <, len);
              if (data[i] == '"')
                {
                  if (i + 1 < len && data[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i += 2;
                      continue;
                    }
                  i++;
                  break;
                }
              g_string_append_c (field, data[i++]);
            }
        }
      else
        {
          while (i < len && data[i] != ',' && data[i] != '\r' && data[i] != '\n')
            {
              g_assert_cmpint (data[i], !=, '"');
              g_string_append_c (field, data[i++]);
            }
        }

      g_ptr_array_add (row, g_strdup (field->str));
      g_string_truncate (field, 0);

      if (i < len && data[i] == ',')
        {
          i++;
          continue;
        }

      /* End of record: exactly CRLF. */
      g_assert_cmpuint (i + 1, <, len);
      g_assert_cmpint (data[i], ==, '\r');
      g_assert_cmpint (data[i + 1], ==, '\n');
      i += 2;
      g_ptr_array_add (row, NULL);
      g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
      row = g_ptr_array_new ();
    }

  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_free (row, TRUE);
  g_string_free (field, TRUE);
  return rows;
}

static void
check_csv (GBytes  *bytes,
           guint64  first_serial)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GPtrArray) rows = parse_csv (data, len);
  const char *header[] = { "serial", "time", "direction", "event", "pipe", "sender_pid",
                           "receiver_pid", "size", "encoding", "data", "pipe_base64", "framing",
                           "logged", NULL };

  g_assert_true (g_utf8_validate (data, len, NULL));
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (export_cases) + 1);
  g_assert_cmpstrv (g_ptr_array_index (rows, 0), header);

  for (guint i = 0; i < G_N_ELEMENTS (export_cases); i++)
    {
      const ExportCase *c = &export_cases[i];
      char **f = g_ptr_array_index (rows, i + 1);
      g_autofree char *serial = g_strdup_printf ("%" G_GUINT64_FORMAT, first_serial + i);
      g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, c->len);

      g_assert_cmpuint (g_strv_length (f), ==, 13);
      /* Appended without a framing (fifolab_log_append()). */
      g_assert_cmpstr (f[11], ==, "");
      /* Logged at its time: no watched call told later. */
      g_assert_cmpstr (f[12], ==, "");
      g_assert_cmpstr (f[0], ==, serial);
      g_assert_true (g_str_has_suffix (f[1], "Z"));
      g_assert_cmpstr (f[3], ==, c->direction == FIFOLAB_DIRECTION_EVENT ? "no-reader" : "");
      if (c->pipe != NULL)
        assert_pipe_recovered (c->pipe, f[4], f[10]);
      else
        g_assert_cmpstr (f[4], ==, "");
      if (c->sender >= 0)
        g_assert_cmpint (g_ascii_strtoll (f[5], NULL, 10), ==, c->sender);
      else
        g_assert_cmpstr (f[5], ==, "");
      if (c->receiver >= 0)
        g_assert_cmpint (g_ascii_strtoll (f[6], NULL, 10), ==, c->receiver);
      else
        g_assert_cmpstr (f[6], ==, "");
      g_assert_cmpstr (f[7], ==, size);

      if (c->expect_text)
        {
          g_assert_cmpstr (f[8], ==, "text");
          g_assert_cmpmem (f[9], strlen (f[9]), c->data, c->len);
        }
      else
        {
          g_autofree guint8 *decoded = NULL;
          gsize decoded_len;

          g_assert_cmpstr (f[8], ==, "base64");
          decoded = g_base64_decode (f[9], &decoded_len);
          g_assert_cmpmem (decoded, decoded_len, c->data, c->len);
        }
    }
}

static GBytes *
expected_seed_text (void)
{
  GByteArray *expected = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (export_cases); i++)
    {
      const ExportCase *c = &export_cases[i];
      g_autofree char *prefix = NULL;

      if (c->direction != FIFOLAB_DIRECTION_RECEIVED)
        continue;
      prefix = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => ", c->receiver);
      g_byte_array_append (expected, (const guint8 *) prefix, strlen (prefix));
      g_byte_array_append (expected, (const guint8 *) c->data, c->len);
      g_byte_array_append (expected, (const guint8 *) "\n", 1);
    }

  return g_byte_array_free_to_bytes (expected);
}

static void
test_export (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GBytes) jsonl = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) expected = expected_seed_text ();

  /* Some history evicted first, so serials do not start at 0; the entries are
   * exported before any flush (stored counts, not announced). */
  fifolab_log_set_cap (log, G_N_ELEMENTS (export_cases));
  /* Before the others: an entry timed before the one above it would be
   * logged later than its time, and say so. */
  for (guint i = 0; i < 5; i++)
    fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE, FIFOLAB_MESSAGE_NONE,
                        PIPE, 4242, 777, 1699999999000000 + i, 500 + i, (const guint8 *) "old", 3);
  fill_export_log (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);

  jsonl = fifolab_test_export (log, FIFOLAB_EXPORT_JSON_LINES);
  check_jsonl (jsonl, 5);

  csv = fifolab_test_export (log, FIFOLAB_EXPORT_CSV);
  check_csv (csv, 5);

  text = fifolab_test_export (log, FIFOLAB_EXPORT_SEED_TEXT);
  g_assert_cmpmem (g_bytes_get_data (text, NULL), g_bytes_get_size (text),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
test_export_time (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GBytes) jsonl = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;

  /* 2023-11-14T22:13:20.000007Z, then a time before 1970. */
  fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, 0, 0, NULL, -1, 1,
                      G_GINT64_CONSTANT (1700000000000007), 0, (const guint8 *) "a", 1);
  fifolab_log_append (log, FIFOLAB_DIRECTION_RECEIVED, 0, 0, NULL, -1, 1,
                      -1, 0, (const guint8 *) "b", 1);
  jsonl = fifolab_test_export (log, FIFOLAB_EXPORT_JSON_LINES);
  lines = g_strsplit (g_bytes_get_data (jsonl, NULL), "\n", -1);

  g_assert_true (json_parser_load_from_data (parser, lines[0], -1, NULL));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "time"),
                   ==, "2023-11-14T22:13:20.000007Z");
  g_assert_true (json_parser_load_from_data (parser, lines[1], -1, NULL));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "time"),
                   ==, "1969-12-31T23:59:59.999999Z");
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;
  gboolean ok = fifolab_log_export_finish (FIFOLAB_LOG (object), result, error);

  g_assert_true (ok == (*error == NULL));
  /* Mark done even on failure: error set or a sentinel. */
  if (ok)
    g_object_set_data (object, "export-done", GINT_TO_POINTER (1));
  else
    g_object_set_data (object, "export-failed", GINT_TO_POINTER (1));
}

static gboolean
export_finished (gpointer data)
{
  return g_object_get_data (data, "export-done") != NULL ||
         g_object_get_data (data, "export-failed") != NULL;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_export_async (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "log.jsonl", NULL);
  g_autofree char *text_path = g_build_filename (dir, "log.txt", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "log.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autoptr(GBytes) expected = expected_seed_text ();
  FifolabLog *log = fifolab_log_new ();
  GError *error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  FifolabExportFormat format;

  fill_export_log (log);
  g_assert_true (g_file_set_contents (path, "previous contents", -1, NULL));

  g_assert_true (fifolab_export_format_from_filename (path, &format));
  fifolab_log_export_async (log, format, file, NULL, export_done_cb, &error);
  /* The export works on a snapshot: the log may change meanwhile. */
  fifolab_log_clear (log);
  for (guint i = 0; i < 5000; i++)
    append_text (log, "later");
  g_assert_true (fifolab_test_wait_until (export_finished, log, 10000));
  g_assert_no_error (error);
  g_assert_nonnull (g_object_get_data (G_OBJECT (log), "export-done"));

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
    check_jsonl (bytes, 0);
  }

  /* Seed text to a new file. */
  fifolab_log_clear (log);
  fill_export_log (log);
  g_object_set_data (G_OBJECT (log), "export-done", NULL);
  g_assert_true (fifolab_export_format_from_filename (text_path, &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_SEED_TEXT);
  fifolab_log_export_async (log, format, text_file, NULL, export_done_cb, &error);
  g_assert_true (fifolab_test_wait_until (export_finished, log, 10000));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (text_path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));

  /* A folder that does not exist: an error, not a crash. */
  g_object_set_data (G_OBJECT (log), "export-done", NULL);
  fifolab_log_export_async (log, FIFOLAB_EXPORT_CSV, bad_file, NULL, export_done_cb, &error);
  g_assert_true (fifolab_test_wait_until (export_finished, log, 10000));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The task held the log; once done, the log goes away cleanly. (The worker
   * thread may drop the task's last reference a moment after the callback.) */
  g_object_add_weak_pointer (G_OBJECT (log), (gpointer *) &log);
  g_object_unref (log);
  g_assert_true (fifolab_test_wait_until (is_null, &log, 5000));
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Exporting to a file is all or nothing. */

#define FULL_LIMIT (64 * 1024)

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The names in @dir, sorted, joined with spaces ("" when empty). */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Exports @log to @path and waits: the error, or NULL. */
static GError *
export_to_file (FifolabLog *log,
                const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  FifolabExportFormat format;
  GError *error = NULL;

  g_object_set_data (G_OBJECT (log), "export-done", NULL);
  g_object_set_data (G_OBJECT (log), "export-failed", NULL);
  g_assert_true (fifolab_export_format_from_filename (path, &format));
  fifolab_log_export_async (log, format, file, NULL, export_done_cb, &error);
  g_assert_true (fifolab_test_wait_until (export_finished, log, 10000));
  return error;
}

/* A log whose export is far larger than FULL_LIMIT. */
static FifolabLog *
big_log (void)
{
  FifolabLog *log = fifolab_log_new ();
  g_autofree char *line = g_strnfill (1000, 'x');

  for (guint i = 0; i < 8 * FULL_LIMIT / 1000; i++)
    append_text (log, line);
  return log;
}

/* A full disk, for real: in a child process whose file size limit
 * (RLIMIT_FSIZE, SIGXFSZ ignored) makes write() fail with EFBIG at 64 KiB.
 * The export fails with a clear error and leaves the folder as it was: the
 * old file untouched, or no file; no temporary file. */
static void
test_export_full (gconstpointer data)
{
  gboolean existing = GPOINTER_TO_INT (data);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *contents = NULL;

  if (g_test_subprocess ())
    {
      struct rlimit limit = { FULL_LIMIT, FULL_LIMIT };
      g_autoptr(FifolabLog) log = big_log ();
      g_autoptr(GError) error = NULL;

      g_assert_true (signal (SIGXFSZ, SIG_IGN) != SIG_ERR);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      error = export_to_file (log, g_getenv ("FIFOLAB_TEST_EXPORT"));
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpstr (error->message, !=, "");
      g_test_message ("export error: %s", error->message);
      return;
    }

  dir = fifolab_test_tmpdir_new ();
  path = g_build_filename (dir, "new.jsonl", NULL);
  if (existing)
    g_assert_true (g_file_set_contents (path, "previous contents\n", -1, NULL));

  g_setenv ("FIFOLAB_TEST_EXPORT", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("FIFOLAB_TEST_EXPORT");
  g_test_trap_assert_passed ();

  listing = list_dir (dir);
  if (existing)
    {
      g_assert_cmpstr (listing, ==, "new.jsonl");
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "previous contents\n");
    }
  else
    g_assert_cmpstr (listing, ==, "");

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A successful export replaces the file whole, keeps its permissions and
 * leaves no temporary file. */
static void
test_export_replace (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "log.csv", NULL);
  g_autofree char *listing = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(FifolabLog) log = big_log ();
  g_autoptr(GBytes) expected = fifolab_test_export (log, FIFOLAB_EXPORT_CSV);
  g_autoptr(GError) error = NULL;
  gsize len;
  struct stat st;

  g_assert_true (g_file_set_contents (path, "previous contents\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  error = export_to_file (log, path);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0640);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "log.csv");

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

#define NOBODY 65534

/* A file its owner made read-only is not replaced behind its back (the
 * rename would only need the folder's permission): the export is refused,
 * as a shell's ">" would be. Run as nobody in a child when the tests run as
 * root, whom permissions do not stop. */
static void
test_export_read_only (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(FifolabLog) log = fifolab_log_new ();
      g_autoptr(GError) error = NULL;

      if (geteuid () == 0)
        g_assert_true (setgid (NOBODY) == 0 && setuid (NOBODY) == 0);
      fill_export_log (log);
      error = export_to_file (log, g_getenv ("FIFOLAB_TEST_EXPORT"));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      return;
    }

  dir = fifolab_test_tmpdir_new ();
  path = g_build_filename (dir, "kept.jsonl", NULL);
  g_assert_true (g_file_set_contents (path, "previous contents\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  if (geteuid () == 0)
    {
      g_assert_cmpint (chown (dir, NOBODY, NOBODY), ==, 0);
      g_assert_cmpint (chown (path, NOBODY, NOBODY), ==, 0);
    }

  g_setenv ("FIFOLAB_TEST_EXPORT", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("FIFOLAB_TEST_EXPORT");
  g_test_trap_assert_passed ();

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "previous contents\n");
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "kept.jsonl");
  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
assert_symlink (const char *path,
                const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *read = g_file_read_link (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (read, ==, target);
}

/* A symlink is followed, never replaced by a regular file: the export goes
 * to the file it names (through a chain, even a dangling one). Something that
 * is not a regular file is refused and left alone. */
static void
test_export_symlink (void)
{
  g_autofree char *dir = fifolab_test_tmpdir_new ();
  g_autofree char *real = g_build_filename (dir, "real.jsonl", NULL);
  g_autofree char *link = g_build_filename (dir, "link.jsonl", NULL);
  g_autofree char *chain = g_build_filename (dir, "chain.jsonl", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.jsonl", NULL);
  g_autofree char *absent = g_build_filename (dir, "sub", "absent.jsonl", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *to_fifo = g_build_filename (dir, "to-fifo.jsonl", NULL);
  g_autofree char *to_dev = g_build_filename (dir, "to-dev.jsonl", NULL);
  g_autofree char *subdir = g_build_filename (dir, "sub", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  struct stat st;

  fill_export_log (log);
  expected = fifolab_test_export (log, FIFOLAB_EXPORT_JSON_LINES);
  g_assert_true (g_file_set_contents (real, "previous contents\n", -1, NULL));
  g_assert_cmpint (symlink ("real.jsonl", link), ==, 0);
  g_assert_cmpint (symlink ("link.jsonl", chain), ==, 0);
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
  g_assert_cmpint (symlink ("sub/absent.jsonl", dangling), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("fifo", to_fifo), ==, 0);
  g_assert_cmpint (symlink ("/dev/full", to_dev), ==, 0);

  error = export_to_file (log, chain);
  g_assert_no_error (error);
  assert_symlink (chain, "link.jsonl");
  assert_symlink (link, "real.jsonl");
  g_assert_true (g_file_get_contents (real, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_clear_pointer (&contents, g_free);

  error = export_to_file (log, dangling);
  g_assert_no_error (error);
  assert_symlink (dangling, "sub/absent.jsonl");
  g_assert_true (g_file_get_contents (absent, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));

  /* Not regular files: refused, named, left as they are. */
  error = export_to_file (log, to_fifo);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "fifo"));
  g_clear_error (&error);
  assert_symlink (to_fifo, "fifo");
  g_assert_cmpint (lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));

  error = export_to_file (log, to_dev);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  assert_symlink (to_dev, "/dev/full");

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "chain.jsonl dangling.jsonl fifo link.jsonl real.jsonl sub to-dev.jsonl to-fifo.jsonl");
  g_clear_pointer (&listing, g_free);
  listing = list_dir (subdir);
  g_assert_cmpstr (listing, ==, "absent.jsonl");

  fifolab_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_format_from_filename (void)
{
  FifolabExportFormat format = FIFOLAB_EXPORT_CSV;

  g_assert_true (fifolab_export_format_from_filename ("a/b/log.jsonl", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_JSON_LINES);
  g_assert_true (fifolab_export_format_from_filename ("x.JSON", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_JSON_LINES);
  g_assert_true (fifolab_export_format_from_filename ("x.csv", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_CSV);
  g_assert_true (fifolab_export_format_from_filename ("x.txt", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_SEED_TEXT);
  g_assert_true (fifolab_export_format_from_filename ("x.tar.log", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_SEED_TEXT);

  format = FIFOLAB_EXPORT_CSV;
  g_assert_false (fifolab_export_format_from_filename ("x.pdf", &format));
  g_assert_false (fifolab_export_format_from_filename ("noext", &format));
  g_assert_false (fifolab_export_format_from_filename ("dir.csv/file", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_CSV);
}

/* The framing beside each message */

/* Sent and received "hi" over line framing, an event between them. */
static FifolabLog *
make_log (void)
{
  FifolabLog *log = fifolab_log_new ();

  fifolab_log_append_message (log, FIFOLAB_DIRECTION_SENT, FIFOLAB_MESSAGE_NONE,
                              FIFOLAB_FRAMING_LINE, "/tmp/p", 10, -1, 1, 1,
                              (const guint8 *) "hi", 2);
  /* Between them in time too: none is logged later than its time. */
  fifolab_log_append (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_READER_CONNECTED, FIFOLAB_MESSAGE_NONE,
                      "/tmp/p", -1, -1, 1, 1, NULL, 0);
  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_NONE,
                              FIFOLAB_FRAMING_LENGTH_PREFIX, "/tmp/p", 10, 11, 2, 2,
                              (const guint8 *) "hi", 2);
  return log;
}

static char *
export (FifolabLog          *log,
        FifolabExportFormat  format)
{
  g_autoptr(GBytes) bytes = fifolab_test_export (log, format);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* JSON Lines: "framing" is the last member, null for an event; the text is
 * the message for both directions. */
static void
test_jsonl_framing (void)
{
  g_autoptr(FifolabLog) log = make_log ();
  g_autofree char *text = export (log, FIFOLAB_EXPORT_JSON_LINES);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  const char *expected[] = { "line", NULL, "length-prefix" };

  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      g_autoptr(GList) members = NULL;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (object);
      /* "framing" comes after every member older than it; only a
       * recording's members (the first line's "recording", a watched
       * call's "call": test-recording.c) follow it. */
      {
        GList *framing = g_list_find_custom (members, "framing", (GCompareFunc) g_strcmp0);

        g_assert_nonnull (framing);
        g_assert_cmpstr (g_list_previous (framing)->data, ==, "text");
        for (GList *l = framing->next; l != NULL; l = l->next)
          g_assert_cmpstr (l->data, ==, i == 0 ? "recording" : "call");
        g_assert_cmpuint (g_list_length (framing), ==, i == 0 ? 2 : 1);
      }
      if (expected[i] != NULL)
        {
          g_assert_cmpstr (json_object_get_string_member (object, "framing"), ==, expected[i]);
          g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "hi");
        }
      else
        g_assert_true (json_object_get_null_member (object, "framing"));
    }
}

/* CSV: a "framing" column, empty for an event; then "logged", empty for
 * entries logged at their time. */
static void
test_csv_framing (void)
{
  g_autoptr(FifolabLog) log = make_log ();
  g_autofree char *text = export (log, FIFOLAB_EXPORT_CSV);
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_suffix (lines[0], ",pipe_base64,framing,logged"));
  g_assert_true (g_str_has_suffix (lines[1], ",text,hi,,line,"));
  g_assert_true (g_str_has_suffix (lines[2], ",,,"));
  g_assert_true (g_str_has_suffix (lines[3], ",text,hi,,length-prefix,"));
}

/* The seed's text form is unchanged: the received message, as read. */
static void
test_seed_text (void)
{
  g_autoptr(FifolabLog) log = make_log ();
  g_autofree char *text = export (log, FIFOLAB_EXPORT_SEED_TEXT);

  g_assert_cmpstr (text, ==, "I pid [11] received a message => hi\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log/export", test_export);
  g_test_add_func ("/log/export-time", test_export_time);
  g_test_add_func ("/log/export-async", test_export_async);
  g_test_add_data_func ("/log/export-full/new", GINT_TO_POINTER (FALSE), test_export_full);
  g_test_add_data_func ("/log/export-full/existing", GINT_TO_POINTER (TRUE), test_export_full);
  g_test_add_func ("/log/export-replace", test_export_replace);
  g_test_add_func ("/log/export-read-only", test_export_read_only);
  g_test_add_func ("/log/export-symlink", test_export_symlink);
  g_test_add_func ("/log/format-from-filename", test_format_from_filename);
  g_test_add_func ("/log-export/jsonl-framing", test_jsonl_framing);
  g_test_add_func ("/log-export/csv-framing", test_csv_framing);
  g_test_add_func ("/log-export/seed-text", test_seed_text);

  return g_test_run ();
}
