/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replay (fifolab-replay-plan.c, `fifolab-peer replay`), without a display:
 * recordings with watched writes, and of a read session, replayed into a
 * real FIFO that cat reads: the bytes identical, in order; each write made
 * no sooner than its deadline, the recorded offset divided by the speed
 * (what --json reports; no timing is asserted beyond that order: the
 * deviation is measured by fifolab-replay-bench). Several pipes in one
 * recording are refused unless --pipe chooses; --pid keeps one writer. */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "fifolab-log-private.h"
#include "fifolab-recording.h"
#include "fifolab-replay-plan.h"
#include "fifolab-test-util.h"

typedef FifolabTestFifo Fixture;

/* A watched write of @len bytes of @data by @pid into @pipe at @time_us. */
static void
add_write (FifolabLog   *log,
           const char   *pipe,
           gint64        pid,
           gint64        time_us,
           const guint8 *data,
           gsize         len)
{
  g_autoptr(FifolabWatchRecord) write = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);
  guint64 serial;

  write->syscall = g_strdup ("write");
  write->pid = write->tid = pid;
  write->comm = g_strdup ("writer");
  write->fd = 3;
  write->result = write->size = write->requested = (gint64) len;
  write->time_us = time_us;
  write->blocked_us = 3;
  write->is_write = TRUE;
  write->payload = g_bytes_new (data, len);
  serial = fifolab_log_append (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, pipe,
                               pid, -1, 1700000000000000 + time_us, time_us, (const guint8 *) "w", 1);
  _fifolab_log_attach_call (log, serial, 1700000000000000 + time_us, pipe, write);
  /* What the watched reader took: replayed only without watched writes. */
  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_WATCHED,
                              FIFOLAB_FRAMING_RAW, pipe, pid, 77, 1700000000000000 + time_us + 5,
                              time_us + 5, data, len);
}

static char *
save (Fixture    *fx,
      FifolabLog *log,
      const char *name)
{
  return fifolab_test_save_jsonl (log, fx->dir, name);
}

/* Runs `fifolab-peer replay ARGS… RECORDING PIPE` with cat reading the pipe;
 * returns the peer's exit status, its stdout in @out, its stderr in @err,
 * what cat read in @got. */
static int
replay (Fixture            *fx,
        const char         *recording,
        const char * const *args,
        char              **out,
        char              **err,
        GBytes            **got)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) cat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *local_out = NULL;
  int status = 0;

  if (out == NULL)
    out = &local_out;
  cat = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "cat", fx->path, NULL);
  g_assert_no_error (error);

  g_ptr_array_add (argv, (gpointer) fifolab_test_peer_path ());
  g_ptr_array_add (argv, "replay");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) recording);
  g_ptr_array_add (argv, fx->path);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (fx->dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);

  if (!g_spawn_check_wait_status (status, NULL))
    {
      /* Nothing opened the pipe for writing: cat waits in open(), or has
       * not reached it yet. Opening it here (blocking until cat has it
       * open) and closing it gives cat an empty stream. */
      int fd = open (fx->path, O_WRONLY | O_CLOEXEC);

      g_assert_cmpint (fd, >=, 0);
      close (fd);
    }
  g_assert_true (g_subprocess_communicate (cat, NULL, NULL, got, NULL, &error));
  g_assert_no_error (error);
  return status;
}

static void
assert_got (GBytes     *got,
            const char *expected,
            gsize       len)
{
  fifolab_test_assert_bytes (got, expected, len);
}

/* -------------------------------------------------------------------- */

static const guint8 part1[] = "Hello from pid [4211]";
static const guint8 part2[] = { 0x00, 0xff, 0x0a, 0x80 };
static const guint8 part3[] = "last\n";

static FifolabLog *
watched_log (void)
{
  FifolabLog *log = fifolab_log_new ();

  add_write (log, "/rec/my_pipe", 4211, 10000, part1, sizeof part1 - 1);
  add_write (log, "/rec/my_pipe", 4212, 14000, part2, sizeof part2);
  add_write (log, "/rec/my_pipe", 4211, 15000, part3, sizeof part3 - 1);
  return log;
}

/* Watched writes replayed at twice the speed: the bytes, in order, each
 * made after its deadline (half its recorded offset). */
static void
test_watched (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(FifolabLog) log = watched_log ();
  g_autofree char *file = save (fx, log, "rec.jsonl");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  const char *args[] = { "--speed", "2", "--json", NULL };
  const gint64 due[] = { 0, 2000, 2500 };
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_spawn_check_wait_status (replay (fx, file, args, &out, &err, &got), NULL));
  g_string_append_len (expected, (const char *) part1, sizeof part1 - 1);
  g_string_append_len (expected, (const char *) part2, sizeof part2);
  g_string_append_len (expected, (const char *) part3, sizeof part3 - 1);
  assert_got (got, expected->str, expected->len);

  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpint (json_object_get_int_member (object, "write"), ==, i + 1);
      g_assert_cmpint (json_object_get_int_member (object, "of"), ==, 3);
      g_assert_cmpint (json_object_get_int_member (object, "due_us"), ==, due[i]);
      g_assert_cmpint (json_object_get_int_member (object, "sent_us"), >=, due[i]);
    }
}

/* --pid: one writer's writes only. */
static void
test_pid (Fixture       *fx,
          gconstpointer  data)
{
  g_autoptr(FifolabLog) log = watched_log ();
  g_autofree char *file = save (fx, log, "rec.jsonl");
  g_autofree char *out = NULL;
  g_autoptr(GBytes) got = NULL;
  const char *args[] = { "--pid", "4211", NULL };

  g_assert_true (g_spawn_check_wait_status (replay (fx, file, args, &out, NULL, &got), NULL));
  assert_got (got, "Hello from pid [4211]last\n", 26);
  g_assert_true (g_str_has_prefix (out, "Replayed 2 writes (26 bytes)"));
}

/* A read session: the messages, with the line framing put back, except on
 * the last one, which the stream ended inside. */
static void
test_read_session (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autofree char *file = NULL;
  g_autoptr(GBytes) got = NULL;
  const char *pipe = "/rec/my_pipe";

  fifolab_log_append (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_READER_OPENED, 0, pipe,
                      -1, -1, 1700000000000000, 100, (const guint8 *) "", 0);
  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_LINE, pipe,
                              -1, 5, 1700000000000100, 200, (const guint8 *) "one", 3);
  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, 0, FIFOLAB_FRAMING_LINE, pipe,
                              -1, 5, 1700000000000200, 300, (const guint8 *) "two", 3);
  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_MESSAGE_INCOMPLETE,
                              FIFOLAB_FRAMING_LINE, pipe, -1, 5, 1700000000000300, 400,
                              (const guint8 *) "tail", 4);
  fifolab_log_append (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_END_OF_STREAM, 0, pipe,
                      -1, -1, 1700000000000400, 500, (const guint8 *) "", 0);
  file = save (fx, log, "read.jsonl");

  g_assert_true (g_spawn_check_wait_status (replay (fx, file, NULL, NULL, NULL, &got), NULL));
  assert_got (got, "one\ntwo\ntail", 12);
}

/* Two pipes: refused, naming them, until --pipe chooses one. */
static void
test_two_pipes (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autofree char *file = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GBytes) got = NULL;
  const char *args[] = { "--pipe", "b_pipe", NULL };
  int status;

  add_write (log, "/rec/a_pipe", 1, 100, (const guint8 *) "to a", 4);
  add_write (log, "/rec/b_pipe", 2, 200, (const guint8 *) "to b", 4);
  file = save (fx, log, "two.jsonl");

  status = replay (fx, file, NULL, NULL, &err, &got);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "several pipes (“/rec/a_pipe”, “/rec/b_pipe”)"));
  g_assert_cmpuint (g_bytes_get_size (got), ==, 0);

  g_clear_pointer (&got, g_bytes_unref);
  g_assert_true (g_spawn_check_wait_status (replay (fx, file, args, NULL, NULL, &got), NULL));
  assert_got (got, "to b", 4);
}

/* A speed outside 0.1…10, a recording with nothing to write, a file that
 * is not one: refused before the pipe is opened. */
static void
test_refused (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(FifolabLog) empty = fifolab_log_new ();
  g_autofree char *empty_file = NULL;
  g_autofree char *bad_file = g_build_filename (fx->dir, "bad.jsonl", NULL);
  const char *fast[] = { "--speed", "11", NULL };
  const char *slow[] = { "--speed", "0.05", NULL };
  struct {
    const char *file;
    const char * const *args;
    const char *message;
  } cases[] = {
    { NULL, fast, "--speed must be between 0.1 and 10." },
    { NULL, slow, "--speed must be between 0.1 and 10." },
    { NULL, NULL, "no writes to replay" },
    { bad_file, NULL, "Line 1: it is not JSON" },
  };

  fifolab_log_append_event (empty, FIFOLAB_EVENT_CREATED, "/rec/my_pipe", NULL);
  empty_file = save (fx, empty, "empty.jsonl");
  g_assert_true (g_file_set_contents (bad_file, "nope\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      g_autoptr(GBytes) got = NULL;
      int status = replay (fx, cases[i].file != NULL ? cases[i].file : empty_file, cases[i].args,
                           NULL, &err, &got);

      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      if (strstr (err, cases[i].message) == NULL)
        g_test_message ("stderr: %s", err);
      g_assert_nonnull (strstr (err, cases[i].message));
      g_assert_cmpuint (g_bytes_get_size (got), ==, 0);
    }
}

/* The plan itself: offsets from the first write, in recorded order. */
static void
test_plan (void)
{
  g_autoptr(FifolabLog) log = watched_log ();
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GBytes) bytes = fifolab_test_export_jsonl (log);
  g_autoptr(FifolabRecording) recording = NULL;
  g_autoptr(FifolabReplayPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 offsets[] = { 0, 4000, 5000 };

  input = g_memory_input_stream_new_from_bytes (bytes);
  recording = fifolab_recording_read (input, NULL, &error);
  g_assert_no_error (error);
  plan = fifolab_replay_plan_new (recording, NULL, -1, &error);
  g_assert_no_error (error);
  g_assert_true (plan->watched);
  g_assert_cmpstr (plan->pipe, ==, "/rec/my_pipe");
  g_assert_cmpuint (plan->writes->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (g_array_index (plan->writes, FifolabReplayWrite, i).offset_us, ==, offsets[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/replay/plan", test_plan);
  g_test_add ("/replay/watched", Fixture, NULL, fifolab_test_fifo_setup, test_watched, fifolab_test_fifo_teardown);
  g_test_add ("/replay/pid", Fixture, NULL, fifolab_test_fifo_setup, test_pid, fifolab_test_fifo_teardown);
  g_test_add ("/replay/read-session", Fixture, NULL, fifolab_test_fifo_setup, test_read_session, fifolab_test_fifo_teardown);
  g_test_add ("/replay/two-pipes", Fixture, NULL, fifolab_test_fifo_setup, test_two_pipes, fifolab_test_fifo_teardown);
  g_test_add ("/replay/refused", Fixture, NULL, fifolab_test_fifo_setup, test_refused, fifolab_test_fifo_teardown);

  return g_test_run ();
}
