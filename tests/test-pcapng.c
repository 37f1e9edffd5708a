/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FifolabPcapngWriter: the file's blocks, read back here and by tshark. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>

#include <glib/gstdio.h>

#include "fifolab-pcapng.h"
#include "fifolab-test-util.h"

typedef struct
{
  char *dir;
  char *file;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = fifolab_test_tmpdir_new ();
  f->file = g_build_filename (f->dir, "capture.pcapng", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->file, g_free);
  fifolab_test_tmpdir_free (g_steal_pointer (&f->dir));
}

static const char *const messages[] = {
  "Hello from pid [12345]",
  "",
  "a line\n",
};

/* Three calls: a write, a read that blocked, and a write that failed. */
static void
write_capture (const char *file)
{
  g_autoptr(GFile) gfile = g_file_new_for_path (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) stream = g_file_replace (gfile, NULL, FALSE,
                                                        G_FILE_CREATE_NONE, NULL, &error);
  g_autoptr(FifolabPcapngWriter) writer = NULL;

  g_assert_no_error (error);
  writer = fifolab_pcapng_writer_new (G_OUTPUT_STREAM (stream), "/tmp/lab/my_pipe");
  g_assert_true (fifolab_pcapng_writer_add_packet (writer, 1700000000000000, 12345, 12345,
                                                   "python3", 3, FIFOLAB_PCAPNG_WRITE,
                                                   "write", 22, 0, 0,
                                                   (const guint8 *) messages[0], 22,
                                                   NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_pcapng_writer_add_packet (writer, 1700000000000100, 12346, 12347,
                                                   "a-very-long-command-name", 0,
                                                   FIFOLAB_PCAPNG_READ, "read", 0, 0, 1500,
                                                   NULL, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_pcapng_writer_add_packet (writer, 1700000000000200, 12348, 12348,
                                                   "sh", 1, FIFOLAB_PCAPNG_WRITE, "writev",
                                                   -1, EPIPE, 0,
                                                   (const guint8 *) messages[2], 7,
                                                   NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_pcapng_writer_finish (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_pcapng_writer_get_n_packets (writer), ==, 3);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_no_error (error);
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[3] | (guint32) p[2] << 8 | (guint32) p[1] << 16 | (guint32) p[0] << 24;
}

/* The blocks, walked by their lengths: each length is a multiple of 4 and
 * repeated at the block's end. Returns the offsets of the packet blocks. */
static GArray *
walk_blocks (const guint8 *data,
             gsize         len)
{
  GArray *packets = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize offset = 0;
  guint n = 0;

  while (offset < len)
    {
      guint32 type = le32 (data + offset);
      guint32 total = le32 (data + offset + 4);

      g_assert_cmpuint (total % 4, ==, 0);
      g_assert_cmpuint (total, >=, 12);
      g_assert_cmpuint (offset + total, <=, len);
      g_assert_cmpuint (le32 (data + offset + total - 4), ==, total);
      if (n == 0)
        {
          g_assert_cmphex (type, ==, 0x0A0D0D0A);
          g_assert_cmphex (le32 (data + offset + 8), ==, 0x1A2B3C4D);
        }
      else if (n == 1)
        {
          g_assert_cmphex (type, ==, 1);
          g_assert_cmpuint (data[offset + 8] | data[offset + 9] << 8, ==, 147);
        }
      else
        {
          g_assert_cmphex (type, ==, 6);
          g_array_append_val (packets, offset);
        }
      offset += total;
      n++;
    }
  g_assert_cmpuint (offset, ==, len);
  return packets;
}

static void
test_blocks (Fixture       *f,
             gconstpointer  data)
{
  g_autofree guint8 *contents = NULL;
  g_autoptr(GArray) packets = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *epb;
  const guint8 *header;
  gsize len = 0;

  write_capture (f->file);
  g_assert_true (g_file_get_contents (f->file, (char **) &contents, &len, &error));
  g_assert_no_error (error);

  packets = walk_blocks (contents, len);
  g_assert_cmpuint (packets->len, ==, 3);

  /* The first packet: lengths, then the fixed header (big-endian). */
  epb = contents + g_array_index (packets, gsize, 0);
  g_assert_cmpuint (le32 (epb + 20), ==, FIFOLAB_PCAPNG_HEADER_SIZE + 22);
  g_assert_cmpuint (le32 (epb + 24), ==, FIFOLAB_PCAPNG_HEADER_SIZE + 22);
  header = epb + 28;
  g_assert_cmpmem (header, 4, "FLAB", 4);
  g_assert_cmpuint (header[4], ==, FIFOLAB_PCAPNG_VERSION);
  g_assert_cmpuint (header[5], ==, FIFOLAB_PCAPNG_WRITE);
  g_assert_cmpuint (header[6] << 8 | header[7], ==, FIFOLAB_PCAPNG_HEADER_SIZE);
  g_assert_cmpuint (be32 (header + 8), ==, 12345);
  g_assert_cmpuint (be32 (header + 20), ==, SYS_write);
  g_assert_cmpuint (be32 (header + 28), ==, 22);
  g_assert_cmpstr ((const char *) header + 48, ==, "python3");
  g_assert_cmpmem (header + FIFOLAB_PCAPNG_HEADER_SIZE, 22, messages[0], 22);

  /* The second: a read of nothing that blocked 1.5 ms; comm cut to 15 bytes. */
  header = contents + g_array_index (packets, gsize, 1) + 28;
  g_assert_cmpuint (header[5], ==, FIFOLAB_PCAPNG_READ);
  g_assert_cmpuint (be32 (header + 12), ==, 12347);
  g_assert_cmpuint (be32 (header + 44), ==, 1500);
  g_assert_cmpstr ((const char *) header + 48, ==, "a-very-long-com");

  /* The third: result -1, errno EPIPE. */
  header = contents + g_array_index (packets, gsize, 2) + 28;
  g_assert_cmpuint (be32 (header + 24), ==, G_MAXUINT32);
  g_assert_cmpuint (be32 (header + 28), ==, G_MAXUINT32);
  g_assert_cmpuint (be32 (header + 32), ==, EPIPE);
}

static void
test_comment (void)
{
  g_autofree char *write = fifolab_pcapng_format_comment (1234, "python3", "write", 22, 0, 0);
  g_autofree char *one = fifolab_pcapng_format_comment (7, "cat", "read", 1, 0, 250);
  g_autofree char *failed = fifolab_pcapng_format_comment (9, "sh", "write", -1, EPIPE, 0);

  g_assert_cmpstr (write, ==, "pid 1234 (python3) write 22 bytes");
  g_assert_cmpstr (one, ==, "pid 7 (cat) read 1 byte, blocked 250 us");
  g_assert_cmpstr (failed, ==, "pid 9 (sh) write failed: EPIPE");
  g_assert_cmpint (fifolab_pcapng_syscall_number ("nosuchcall"), ==, -1);
}

/* Runs tshark on @file; its exit status, stdout and stderr. FALSE when
 * tshark is not installed (the test is then skipped). */
static gboolean
run_tshark (const char  *file,
            int         *status,
            char       **out,
            char       **err)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "-r", file, "-T", "fields", "-e", "frame.comment",
                         "-e", "frame.len", NULL };

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed (build-aux/install-deps.sh installs it)");
      return FALSE;
    }
  argv[0] = tshark;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, status, &error));
  g_assert_no_error (error);
  return TRUE;
}

static void
test_tshark_reads (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  int status = -1;

  write_capture (f->file);
  if (!run_tshark (f->file, &status, &out, &err))
    return;
  g_test_message ("tshark: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[0], ==, "pid 12345 (python3) write 22 bytes\t86");
  g_assert_cmpstr (lines[1], ==, "pid 12346 (a-very-long-command-name) read 0 bytes, "
                                 "blocked 1500 us\t64");
  g_assert_cmpstr (lines[2], ==, "pid 12348 (sh) writev failed: EPIPE\t71");
}

static void
test_tshark_empty (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) gfile = g_file_new_for_path (f->file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) stream = g_file_replace (gfile, NULL, FALSE,
                                                        G_FILE_CREATE_NONE, NULL, &error);
  g_autoptr(FifolabPcapngWriter) writer = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_no_error (error);
  writer = fifolab_pcapng_writer_new (G_OUTPUT_STREAM (stream), NULL);
  g_assert_true (fifolab_pcapng_writer_finish (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));

  if (!run_tshark (f->file, &status, &out, &err))
    return;
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "");
}

/* The check above must notice a broken file: one packet block whose length
 * is 4 bytes too long (its end no longer where the length says). */
static void
test_tshark_wrong_length (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree guint8 *contents = NULL;
  g_autoptr(GArray) packets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  guint8 *epb;
  gsize len = 0;
  guint32 wrong;
  int status = -1;

  write_capture (f->file);
  g_assert_true (g_file_get_contents (f->file, (char **) &contents, &len, &error));
  packets = walk_blocks (contents, len);
  epb = contents + g_array_index (packets, gsize, 2);
  wrong = GUINT32_TO_LE (le32 (epb + 4) + 4);
  memcpy (epb + 4, &wrong, 4);
  g_assert_true (g_file_set_contents (f->file, (const char *) contents, (gssize) len, &error));
  g_assert_no_error (error);

  if (!run_tshark (f->file, &status, &out, &err))
    return;
  g_test_message ("tshark on the broken file: %s", err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_true (strstr (err, "cut short") != NULL || strstr (err, "corrupt") != NULL ||
                 strstr (err, "malformed") != NULL);
}

/* The dissector in docs/pcapng.md reads the header as documented. */
static void
test_tshark_dissector (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *doc = g_test_build_filename (G_TEST_DIST, "..", "docs", "pcapng.md", NULL);
  g_autofree char *script = g_build_filename (f->dir, "fifolab.lua", NULL);
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autofree char *contents = NULL;
  g_autofree char *lua = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *option = NULL;
  g_autoptr(GError) error = NULL;
  const char *start;
  const char *end;
  int status = -1;

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed (build-aux/install-deps.sh installs it)");
      return;
    }

  g_assert_true (g_file_get_contents (doc, &contents, NULL, &error));
  g_assert_no_error (error);
  start = strstr (contents, "```lua\n");
  g_assert_nonnull (start);
  start += strlen ("```lua\n");
  end = strstr (start, "\n```");
  g_assert_nonnull (end);
  lua = g_strndup (start, (gsize) (end - start));
  g_assert_true (g_file_set_contents (script, lua, -1, &error));
  g_assert_no_error (error);

  write_capture (f->file);
  option = g_strconcat ("lua_script:", script, NULL);
  {
    const char *argv[] = { tshark, "-X", option, "-r", f->file, "-T", "fields",
                           "-e", "fifolab.pid", "-e", "fifolab.tid", "-e", "fifolab.direction",
                           "-e", "fifolab.syscall", "-e", "fifolab.result",
                           "-e", "fifolab.errno", "-e", "fifolab.blocked_us",
                           "-e", "fifolab.comm", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
  }
  g_assert_no_error (error);
  g_test_message ("tshark: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  {
    g_autofree char *expected =
      g_strdup_printf ("12345\t12345\t0\t%d\t22\t0\t0\tpython3\n"
                       "12346\t12347\t1\t%d\t0\t0\t1500\ta-very-long-com\n"
                       "12348\t12348\t0\t%d\t-1\t%d\t0\tsh\n",
                       (int) SYS_write, (int) SYS_read, (int) SYS_writev, EPIPE);

    g_assert_cmpstr (out, ==, expected);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pcapng/comment", test_comment);
  g_test_add ("/pcapng/blocks", Fixture, NULL, fixture_setup, test_blocks, fixture_teardown);
  g_test_add ("/pcapng/tshark/reads", Fixture, NULL, fixture_setup, test_tshark_reads,
              fixture_teardown);
  g_test_add ("/pcapng/tshark/empty", Fixture, NULL, fixture_setup, test_tshark_empty,
              fixture_teardown);
  g_test_add ("/pcapng/tshark/dissector", Fixture, NULL, fixture_setup,
              test_tshark_dissector, fixture_teardown);
  g_test_add ("/pcapng/tshark/wrong-length", Fixture, NULL, fixture_setup,
              test_tshark_wrong_length, fixture_teardown);

  return g_test_run ();
}
