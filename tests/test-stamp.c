/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fifolab-stamp.h"
#include "fifolab-types.h"
#include "fifolab-test-util.h"

static void
assert_expands_to (const char *template_,
                   gint64      pid,
                   const char *expected,
                   gsize       expected_len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fifolab_stamp_expand (template_, pid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, expected_len);
}

#define ASSERT_EXPANDS_TO(t, pid, e) assert_expands_to ((t), (pid), (e), sizeof (e) - 1)

static void
test_stamp_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fifolab_stamp_expand (FIFOLAB_DEFAULT_TEMPLATE, 12345, &error);

  g_assert_no_error (error);
  /* The seed's reader reads exactly 22 bytes. */
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, FIFOLAB_SEED_MESSAGE_SIZE);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "Hello from pid [12345]", 22);

  ASSERT_EXPANDS_TO ("Hello %d", 1, "Hello 1");
  ASSERT_EXPANDS_TO ("%d%d", 42, "4242");
  ASSERT_EXPANDS_TO ("%d", 2147483647, "2147483647");
  ASSERT_EXPANDS_TO ("", 7, "");
  ASSERT_EXPANDS_TO ("no placeholder", 7, "no placeholder");
}

static void
test_stamp_percent (void)
{
  ASSERT_EXPANDS_TO ("100%% sure, pid %d", 99, "100% sure, pid 99");
  ASSERT_EXPANDS_TO ("%%", 99, "%");
  ASSERT_EXPANDS_TO ("%%d", 99, "%d");
  ASSERT_EXPANDS_TO ("%%%d%%", 5, "%5%");
  ASSERT_EXPANDS_TO ("%%s %%n", 5, "%s %n");
  /* Any UTF-8 (and control bytes) copied exactly. */
  ASSERT_EXPANDS_TO ("héllo\t→ %d\n", 3, "héllo\t→ 3\n");
}

static void
assert_unknown (const char *template_,
                const char *named)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fifolab_stamp_expand (template_, 12345, &error);
  g_autofree char *quoted = g_strdup_printf ("“%s”", named);

  g_assert_null (bytes);
  g_assert_error (error, FIFOLAB_STAMP_ERROR, FIFOLAB_STAMP_ERROR_UNKNOWN_PLACEHOLDER);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, quoted) == NULL)
    g_error ("“%s” not named in: %s", named, error->message);
  /* The advice, with the %% of the format collapsed to %. */
  g_assert_nonnull (strstr (error->message, "use %d for the process ID and %% for a percent sign"));
}

static void
test_stamp_unknown (void)
{
  assert_unknown ("Hello %s", "%s");
  assert_unknown ("%n%n%n%n", "%n");
  assert_unknown ("pid %99999d", "%99999d");
  assert_unknown ("pid %5d", "%5d");
  assert_unknown ("%x", "%x");
  assert_unknown ("%-08.3lld", "%-08.3lld");
  assert_unknown ("%é", "%é");
  /* A control character after % is named escaped, never raw. */
  assert_unknown ("%\n", "%\\x0a");
  assert_unknown ("%\xff", "%\\xff");
  /* One that draws nothing is named as the log shows it, not as an empty
   * box (private use, unassigned) or by its first byte (a bidi override). */
  assert_unknown ("%\xee\x80\x80", "%\\uE000");
  assert_unknown ("%\xcd\xb8", "%\\u0378");
  assert_unknown ("%\xe2\x80\xae", "%\\u202E");
  assert_unknown ("%\xf3\xb0\x80\x80", "%\\U000F0000");
  /* A very long width is cut in the message. */
  assert_unknown ("%99999999999999999999999999d", "%999999999999…");
  /* A width running to the end of the template. */
  assert_unknown ("%12", "%12");
  /* The first bad one is reported, even after good ones. */
  assert_unknown ("%d %% %s %n", "%s");
}

static void
test_stamp_trailing (void)
{
  const char *templates[] = { "%", "Hello %", "%d%", "%%%" };

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = fifolab_stamp_expand (templates[i], 1, &error);

      g_assert_null (bytes);
      g_assert_error (error, FIFOLAB_STAMP_ERROR, FIFOLAB_STAMP_ERROR_TRAILING_PERCENT);
      g_assert_nonnull (strstr (error->message, "%%"));
    }
}

static void
test_stamp_huge (void)
{
  gsize size = 1024 * 1024;
  g_autofree char *template_ = g_malloc (size + 1);
  g_autofree char *too_big = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;

  /* 1 MiB of "%d" pairs: half a million pids. */
  for (gsize i = 0; i < size; i += 2)
    memcpy (template_ + i, "%d", 2);
  template_[size] = '\0';

  bytes = fifolab_stamp_expand (template_, 12345, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, size / 2 * 5);
  data = g_bytes_get_data (bytes, NULL);
  g_assert_cmpmem (data, 10, "1234512345", 10);
  g_assert_cmpmem (data + size / 2 * 5 - 5, 5, "12345", 5);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* 8 MiB of "%d" pairs would expand to 20 MiB, over the bound. */
  too_big = g_malloc (8 * size + 1);
  for (gsize i = 0; i < 8 * size; i += 2)
    memcpy (too_big + i, "%d", 2);
  too_big[8 * size] = '\0';

  bytes = fifolab_stamp_expand (too_big, 12345, &error);
  g_assert_null (bytes);
  g_assert_error (error, FIFOLAB_STAMP_ERROR, FIFOLAB_STAMP_ERROR_TOO_LONG);
  g_clear_error (&error);

  /* Plain text above the bound is refused too. */
  g_clear_pointer (&too_big, g_free);
  too_big = g_malloc (FIFOLAB_STAMP_MAX_SIZE + 2);
  memset (too_big, 'a', FIFOLAB_STAMP_MAX_SIZE + 1);
  too_big[FIFOLAB_STAMP_MAX_SIZE + 1] = '\0';
  bytes = fifolab_stamp_expand (too_big, 1, &error);
  g_assert_null (bytes);
  g_assert_error (error, FIFOLAB_STAMP_ERROR, FIFOLAB_STAMP_ERROR_TOO_LONG);
  g_clear_error (&error);

  /* Exactly at the bound is fine. */
  too_big[FIFOLAB_STAMP_MAX_SIZE] = '\0';
  bytes = fifolab_stamp_expand (too_big, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, FIFOLAB_STAMP_MAX_SIZE);
}

static gint64
parse (const char *text)
{
  return fifolab_stamp_parse_claimed_pid ((const guint8 *) text, strlen (text));
}

static void
test_stamp_parse (void)
{
  guint8 garbage[4096];
  GRand *rand = g_rand_new_with_seed (42);

  g_assert_cmpint (parse ("Hello from pid [1234]"), ==, 1234);
  g_assert_cmpint (parse ("Hello from pid [12345]"), ==, 12345);
  g_assert_cmpint (parse ("I pid [77] received a message => x"), ==, 77);
  g_assert_cmpint (parse ("Hello 4321"), ==, 4321);
  g_assert_cmpint (parse ("Hello 4321\n"), ==, 4321);
  g_assert_cmpint (parse ("Hello 4321 \r\n"), ==, 4321);
  g_assert_cmpint (fifolab_stamp_parse_claimed_pid ((const guint8 *) "Hello 4321\0\0\0", 13), ==, 4321);
  g_assert_cmpint (parse ("Hello\t2147483647"), ==, G_MAXINT32);
  g_assert_cmpint (parse ("no pid"), ==, -1);
  g_assert_cmpint (parse (""), ==, -1);
  g_assert_cmpint (fifolab_stamp_parse_claimed_pid (NULL, 0), ==, -1);
  g_assert_cmpint (parse ("pid [99999999999]"), ==, -1);
  g_assert_cmpint (parse ("pid [2147483648]"), ==, -1);
  g_assert_cmpint (parse ("Hello 2147483648"), ==, -1);
  g_assert_cmpint (parse ("Hello 00000000000001"), ==, -1);
  g_assert_cmpint (parse ("pid []"), ==, -1);
  g_assert_cmpint (parse ("pid [12"), ==, -1);
  g_assert_cmpint (parse ("pid [ 12 ]"), ==, -1);
  g_assert_cmpint (parse ("pid [-5]"), ==, -1);
  g_assert_cmpint (parse ("4321"), ==, -1);
  g_assert_cmpint (parse ("abc4321"), ==, -1);
  g_assert_cmpint (parse ("Hello4321"), ==, -1);
  /* Only "Hello" before a trailing number makes it a claim: a reading, a
   * count or a job number claims nothing. */
  g_assert_cmpint (parse ("temperature 23\n"), ==, -1);
  g_assert_cmpint (parse ("msg 4"), ==, -1);
  g_assert_cmpint (parse ("ok: answer is 1"), ==, -1);
  g_assert_cmpint (parse ("Othello 5"), ==, -1);
  g_assert_cmpint (parse ("Hello  \t 4321"), ==, 4321);
  /* Raw reads can join the seed's messages. */
  g_assert_cmpint (parse ("Hello 61017Hello 61018"), ==, 61018);
  /* The first well-formed "pid [N]" wins, even over a trailing number. */
  g_assert_cmpint (parse ("pid [x] pid [55] 66"), ==, 55);
  g_assert_cmpint (parse ("pid [99999999999] Hello 66"), ==, 66);
  g_assert_cmpint (parse ("pid [99999999999] 66"), ==, -1);
  /* Not NUL-terminated: only @len bytes are read. */
  g_assert_cmpint (fifolab_stamp_parse_claimed_pid ((const guint8 *) "pid [123]", 8), ==, -1);
  g_assert_cmpint (fifolab_stamp_parse_claimed_pid ((const guint8 *) "Hello 4321", 8), ==, 43);

  /* Binary garbage: no crash, no read past the end (the copy is exact-size). */
  for (guint round = 0; round < 2000; round++)
    {
      gsize len = g_rand_int_range (rand, 0, sizeof garbage);
      g_autofree guint8 *copy = NULL;
      gint64 pid;

      for (gsize i = 0; i < len; i++)
        garbage[i] = g_rand_int_range (rand, 0, 256);
      /* Sometimes plant the marker near the end. */
      if (len > 8 && round % 3 == 0)
        memcpy (garbage + len - 8, "pid [123", 8);

      copy = g_memdup2 (garbage, len);
      pid = fifolab_stamp_parse_claimed_pid (copy, len);
      g_assert_cmpint (pid, >=, -1);
      g_assert_cmpint (pid, <=, G_MAXINT32);
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stamp/default", test_stamp_default);
  g_test_add_func ("/stamp/percent", test_stamp_percent);
  g_test_add_func ("/stamp/unknown", test_stamp_unknown);
  g_test_add_func ("/stamp/trailing", test_stamp_trailing);
  g_test_add_func ("/stamp/huge", test_stamp_huge);
  g_test_add_func ("/stamp/parse", test_stamp_parse);

  return g_test_run ();
}
