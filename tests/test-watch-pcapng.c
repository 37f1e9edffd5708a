/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab-peer watch --pcapng: the seed's Python writer and reader, watched,
 * talk as they would; the capture, read back by tshark, has one packet per
 * write and read the watch printed, and they name the writer's and the
 * reader's pids and carry the message's bytes (docs/pcapng.md). The writer
 * waits in open() before the watch starts and the reader is the watch's
 * COMMAND, so both are watched from their first call: no timing assumed. */
#include "config.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <string.h>

#include "fifolab-test-util.h"
#include "fifolab-watch-record.h"

#define WAIT_MS 60000

static char *
hex_of (const char *text)
{
  GString *hex = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_printf (hex, "%02x", (guint) (guchar) *p);
  return g_string_free (hex, FALSE);
}

/* The one line of tshark's @lines that starts with @prefix, with the
 * packet's bytes after the 64-byte header (hex) in *@data. */
static const char *
packet_line (char       **lines,
             const char  *prefix,
             const char **data)
{
  const char *found = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        const char *tab = strrchr (lines[i], '\t');

        g_assert_null (found);
        found = lines[i];
        g_assert_nonnull (tab);
        g_assert_cmpuint (strlen (tab + 1), >=, 2 * 64);
        *data = tab + 1 + 2 * 64;
      }
  g_assert_nonnull (found);
  return found;
}

static void
test_watch_pcapng_seed (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *writer_py = fifolab_test_seed_script ("write_to_named_pipe.py");
  g_autofree char *reader_py = fifolab_test_seed_script ("read_from_named_pipe.py");
  g_autofree char *capture = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *script = NULL;
  g_autofree char *watch_out = NULL;
  g_autofree char *watch_err = NULL;
  g_autofree char *reader_out = NULL;
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autofree char *shark_out = NULL;
  g_autofree char *shark_err = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *hello_hex = NULL;
  g_autofree char *write_prefix = NULL;
  g_autofree char *read_prefix = NULL;
  g_auto(GStrv) records = NULL;
  g_auto(GStrv) packets = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  const char *data = NULL;
  guint n_transfers = 0;
  gint64 reader_pid;
  GPid writer_pid;
  int status = -1;

  if (!fifolab_test_watch_supported (1))
    return;

  fifolab_test_fifo_init (&dir, &path, "my_pipe");
  capture = g_build_filename (dir, "capture.pcapng", NULL);
  out_path = g_build_filename (dir, "reader.out", NULL);

  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_NONE, &writer_pid,
                               fifolab_test_python (), writer_py, path, NULL);
  g_assert_true (fifolab_test_wait_until (fifolab_test_in_fifo_open, GINT_TO_POINTER (writer_pid), WAIT_MS));

  script = g_strdup_printf ("exec '%s' '%s' '%s' > '%s'", fifolab_test_python (), reader_py,
                            path, out_path);
  {
    const char *argv[] = { fifolab_test_peer_path (), "watch", path, "--json",
                           "--pcapng", capture, "--", "/bin/sh", "-c", script, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &watch_out, &watch_err, &status, &error));
    g_assert_no_error (error);
  }
  g_test_message ("watch stderr: %s", watch_err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_subprocess_wait_check (writer, NULL, NULL));

  /* They talked as without the watch. */
  g_assert_true (g_file_get_contents (out_path, &reader_out, NULL, NULL));
  g_assert_true (g_str_has_prefix (reader_out, "I pid ["));
  reader_pid = g_ascii_strtoll (reader_out + strlen ("I pid ["), NULL, 10);
  hello = g_strdup_printf ("Hello %d", (int) writer_pid);
  g_assert_nonnull (strstr (reader_out, hello));

  /* One packet for each write and read the watch printed. */
  records = g_strsplit (g_strchomp (watch_out), "\n", -1);
  for (guint i = 0; records[i] != NULL; i++)
    {
      g_autoptr(FifolabWatchRecord) record = fifolab_watch_record_from_json (records[i], &error);

      g_assert_no_error (error);
      if (record->kind == FIFOLAB_WATCH_CALL && (record->is_write || record->is_read))
        n_transfers++;
    }
  /* The write, the read, and the reader's read of the end of the stream. */
  g_assert_cmpuint (n_transfers, >=, 2);

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed (build-aux/install-deps.sh installs it)");
      fifolab_test_fifo_clear (&dir, &path);
      return;
    }
  {
    const char *argv[] = { tshark, "-r", capture, "-T", "fields", "-e", "frame.comment",
                           "-e", "data.data", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &shark_out, &shark_err, &status, &error));
    g_assert_no_error (error);
  }
  g_test_message ("tshark stderr: %s", shark_err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  packets = g_strsplit (g_strchomp (shark_out), "\n", -1);
  g_assert_cmpuint (g_strv_length (packets), ==, n_transfers);

  /* The write names the writer, the read the reader; both carry the text. */
  hello_hex = hex_of (hello);
  write_prefix = g_strdup_printf ("pid %d (python3) write %zu bytes", (int) writer_pid, strlen (hello));
  read_prefix = g_strdup_printf ("pid %" G_GINT64_FORMAT " (python3) read %zu bytes", reader_pid,
                                 strlen (hello));
  packet_line (packets, write_prefix, &data);
  g_assert_cmpstr (data, ==, hello_hex);
  packet_line (packets, read_prefix, &data);
  g_assert_cmpstr (data, ==, hello_hex);

  fifolab_test_fifo_clear (&dir, &path);
}

/* A capture that cannot be written is refused before anything is watched. */
static void
test_watch_pcapng_unwritable (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *capture = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  fifolab_test_fifo_init (&dir, &path, "my_pipe");
  capture = g_build_filename (dir, "no-such-folder", "capture.pcapng", NULL);
  {
    const char *argv[] = { fifolab_test_peer_path (), "watch", path, "--pcapng", capture,
                           "--", "true", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                 NULL, NULL, &err, &status, &error));
    g_assert_no_error (error);
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL) == FALSE);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
  g_assert_nonnull (strstr (err, "The capture could not be written"));
  fifolab_test_fifo_clear (&dir, &path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/watch-pcapng/seed", test_watch_pcapng_seed);
  g_test_add_func ("/watch-pcapng/unwritable", test_watch_pcapng_unwritable);

  return g_test_run ();
}
