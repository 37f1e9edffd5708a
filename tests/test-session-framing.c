/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Framing per pipe: chosen when connecting, remembered, and changed while a
 * writer writes, with real writers. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "fifolab-session.h"
#include "fifolab-test-util.h"

#define TIMEOUT_MS 10000

typedef FifolabTestFifo Fixture;

static GPtrArray *
received (FifolabLog *log)
{
  return fifolab_test_log_entries (log, FIFOLAB_DIRECTION_RECEIVED);
}

typedef struct
{
  FifolabLog *log;
  guint       n;
} Count;

static gboolean
has_n_received (gpointer data)
{
  Count *c = data;
  g_autoptr(GPtrArray) messages = received (c->log);

  return messages->len >= c->n;
}

static void
assert_message (FifolabLogEntry *entry,
                const char      *text,
                FifolabFraming   framing)
{
  GBytes *bytes = fifolab_log_entry_get_bytes (entry);

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), text, strlen (text));
  g_assert_cmpint (fifolab_log_entry_get_framing (entry), ==, framing);
}

static void
changed_cb (FifolabSession *session,
            const char     *path,
            guint          *count)
{
  (*count)++;
}

/* The preference is only the default: a pipe keeps the framing chosen for it,
 * when connecting or later, and the session's framers have it. */
static void
test_remembered (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabFramer) line = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(FifolabFramer) framer = NULL;
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  g_signal_connect (session, "framing-changed", G_CALLBACK (changed_cb), &changes);

  g_assert_cmpint (fifolab_session_get_framing (session, f->path), ==, FIFOLAB_FRAMING_RAW);
  fifolab_session_set_default_framing (session, FIFOLAB_FRAMING_FIXED);
  fifolab_session_set_fixed_size (session, 7);
  g_assert_false (fifolab_session_has_framing (session, f->path));
  g_assert_cmpint (fifolab_session_get_framing (session, f->path), ==, FIFOLAB_FRAMING_FIXED);
  framer = fifolab_session_create_framer (session, f->path);
  g_assert_cmpint (fifolab_framer_get_framing (framer), ==, FIFOLAB_FRAMING_FIXED);
  g_assert_cmpuint (fifolab_framer_get_fixed_size (framer), ==, 7);
  g_assert_cmpuint (changes, ==, 0);

  /* Chosen when connecting. */
  g_assert_nonnull (fifolab_session_open_reader (session, f->path, line, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_session_has_framing (session, f->path));
  g_assert_cmpuint (changes, ==, 1);
  fifolab_session_disconnect (session, f->path, FIFOLAB_ACCESS_READ);

  /* Kept after disconnecting, whatever the default becomes. */
  fifolab_session_set_default_framing (session, FIFOLAB_FRAMING_RAW);
  g_assert_cmpint (fifolab_session_get_framing (session, f->path), ==, FIFOLAB_FRAMING_LINE);

  /* Chosen with no reader: remembered for the next connection. */
  g_assert_true (fifolab_session_set_framing (session, f->path, FIFOLAB_FRAMING_LENGTH_PREFIX, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_true (fifolab_session_set_framing (session, f->path, FIFOLAB_FRAMING_LENGTH_PREFIX, &error));
  g_assert_cmpuint (changes, ==, 2);
  g_clear_object (&framer);
  framer = fifolab_session_create_framer (session, f->path);
  g_assert_cmpint (fifolab_framer_get_framing (framer), ==, FIFOLAB_FRAMING_LENGTH_PREFIX);
}

typedef struct
{
  gboolean done;
  gboolean ok;
} Waited;

static void
writer_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Waited *w = user_data;

  w->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, NULL);
  w->done = TRUE;
}

/* A writer process writes "one", waits for the test's go-ahead on its stdin,
 * then three lines 0.5 s apart. The reader, line-framed, gets "one"; the
 * framing is switched to raw; the lines after the go-ahead arrive raw (each
 * write() one message, newline included), nothing is lost, and the writer
 * never saw the pipe without a reader (it exits 0: no EPIPE). */
static void
test_switch_while_writing (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabFramer) line = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GString) after = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GOutputStream *go;
  FifolabLog *log = fifolab_session_get_log (session);
  FifolabReader *reader;
  Count c = { log, 1 };
  Waited w = { FALSE, FALSE };
  guint changes = 0;
  const char *script =
    "exec 3>\"$1\" && printf 'one\\n' >&3 && "
    "read go && printf 'two\\n' >&3 && read go && printf 'three\\n' >&3 && "
    "read go && printf 'four\\n' >&3";

  g_assert_nonnull (fifolab_session_open_reader (session, f->path, line, &error));
  g_assert_no_error (error);
  writer = fifolab_test_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, NULL,
                               "sh", "-c", script, "sh", f->path, NULL);

  g_assert_true (fifolab_test_wait_until (has_n_received, &c, TIMEOUT_MS));
  messages = received (log);
  g_assert_cmpuint (messages->len, ==, 1);
  assert_message (g_ptr_array_index (messages, 0), "one", FIFOLAB_FRAMING_LINE);

  g_signal_connect (session, "connection-changed", G_CALLBACK (changed_cb), &changes);
  g_assert_true (fifolab_session_set_framing (session, f->path, FIFOLAB_FRAMING_RAW, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, >=, 1);
  reader = fifolab_session_get_reader (session, f->path);
  g_assert_nonnull (reader);
  g_assert_cmpint (fifolab_framer_get_framing (fifolab_reader_get_framer (reader)), ==, FIFOLAB_FRAMING_RAW);
  g_assert_cmpint (fifolab_session_get_framing (session, f->path), ==, FIFOLAB_FRAMING_RAW);

  /* The go-aheads: the writer's remaining lines come after the switch, each
   * once the one before has arrived (two waiting in the pipe together would
   * be one raw read, however the reader is framed). */
  go = g_subprocess_get_stdin_pipe (writer);
  for (guint i = 0; i < 3; i++)
    {
      fifolab_test_go_ahead (writer);
      c.n = 2 + i;
      g_assert_true (fifolab_test_wait_until (has_n_received, &c, TIMEOUT_MS));
    }
  g_assert_true (g_output_stream_close (go, NULL, &error));
  g_assert_no_error (error);

  g_subprocess_wait_check_async (writer, NULL, writer_done_cb, &w);

  /* Every byte once, in order: the raw messages hold the rest of the stream. */
  c.n = 2;
  g_assert_true (fifolab_test_wait_until (has_n_received, &c, TIMEOUT_MS));
  for (;;)
    {
      g_clear_pointer (&messages, g_ptr_array_unref);
      g_string_truncate (after, 0);
      messages = received (log);
      for (guint i = 1; i < messages->len; i++)
        {
          GBytes *bytes = fifolab_log_entry_get_bytes (g_ptr_array_index (messages, i));

          g_assert_cmpint (fifolab_log_entry_get_framing (g_ptr_array_index (messages, i)), ==, FIFOLAB_FRAMING_RAW);
          g_assert_false (fifolab_log_entry_get_flags (g_ptr_array_index (messages, i)) & FIFOLAB_MESSAGE_INCOMPLETE);
          g_string_append_len (after, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
        }
      if (after->len >= strlen ("two\nthree\nfour\n"))
        break;
      c.n = messages->len + 1;
      g_assert_true (fifolab_test_wait_until (has_n_received, &c, TIMEOUT_MS));
    }
  g_assert_cmpstr (after->str, ==, "two\nthree\nfour\n");
  g_assert_true (fifolab_test_wait_for (&w.done, TIMEOUT_MS));
  g_assert_true (w.ok);
  /* Three writes read one by one: three raw messages (not one lump). */
  g_assert_cmpuint (messages->len, ==, 4);
}

typedef struct
{
  FifolabReader *reader;
  gsize          n;
} Buffered;

static gboolean
framer_holds (gpointer data)
{
  Buffered *b = data;

  return fifolab_framer_get_buffered (fifolab_reader_get_framer (b->reader)) == b->n;
}

/* What the old framer held for an unfinished line is logged as an
 * incomplete message with the old framing, before anything read after the
 * switch; the next bytes are cut with the new framing. */
static void
test_switch_keeps_held_bytes (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(FifolabSession) session = fifolab_session_new ();
  g_autoptr(FifolabFramer) line = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  FifolabLog *log = fifolab_session_get_log (session);
  Buffered b = { NULL, 3 };
  Count c = { log, 2 };
  int fd;

  b.reader = fifolab_session_open_reader (session, f->path, line, &error);
  g_assert_no_error (error);
  fd = open (f->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "abc", 3), ==, 3);
  g_assert_true (fifolab_test_wait_until (framer_holds, &b, TIMEOUT_MS));

  g_assert_true (fifolab_session_set_framing (session, f->path, FIFOLAB_FRAMING_RAW, &error));
  g_assert_no_error (error);
  messages = received (log);
  g_assert_cmpuint (messages->len, ==, 1);
  assert_message (g_ptr_array_index (messages, 0), "abc", FIFOLAB_FRAMING_LINE);
  g_assert_true (fifolab_log_entry_get_flags (g_ptr_array_index (messages, 0)) & FIFOLAB_MESSAGE_INCOMPLETE);

  /* The pipe had a reader all along: the write end still writes. */
  g_assert_cmpint (write (fd, "def\n", 4), ==, 4);
  g_assert_true (fifolab_test_wait_until (has_n_received, &c, TIMEOUT_MS));
  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = received (log);
  g_assert_cmpuint (messages->len, ==, 2);
  assert_message (g_ptr_array_index (messages, 1), "def\n", FIFOLAB_FRAMING_RAW);
  close (fd);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/session-framing/remembered", Fixture, NULL,
              fifolab_test_fifo_setup, test_remembered, fifolab_test_fifo_teardown);
  g_test_add ("/session-framing/switch-while-writing", Fixture, NULL,
              fifolab_test_fifo_setup, test_switch_while_writing, fifolab_test_fifo_teardown);
  g_test_add ("/session-framing/switch-keeps-held-bytes", Fixture, NULL,
              fifolab_test_fifo_setup, test_switch_keeps_held_bytes, fifolab_test_fifo_teardown);

  return g_test_run ();
}
