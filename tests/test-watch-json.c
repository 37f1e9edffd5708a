/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fifolab_watch_record_append_json(), the --json line of fifolab-peer watch
 * written without a JsonBuilder: the same text as json-glib's generator gave
 * (fifolab_watch_record_to_json() through json_to_string()), which json-glib
 * parses back to the same values and fifolab_watch_record_from_json() to the
 * same record. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include <gio/gunixinputstream.h>

#include "fifolab-test-util.h"
#include "fifolab-watch-record.h"

static FifolabWatchRecord *
call_record (const char *syscall,
             const void *payload,
             gsize       len)
{
  FifolabWatchRecord *record = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);

  record->syscall = g_strdup (syscall);
  record->pid = 4242;
  record->tid = 4243;
  record->comm = g_strdup ("python3");
  record->fd = 3;
  record->result = (gint64) len;
  record->requested = (gint64) len;
  record->size = (gint64) len;
  record->blocked_us = 731406;
  record->time_us = G_GINT64_CONSTANT (123456789012);
  record->is_write = TRUE;
  if (payload != NULL)
    record->payload = g_bytes_new (payload, len);
  return record;
}

/* The writer's line equals the generator's, and both parse to equal trees. */
static void
assert_same_json (const FifolabWatchRecord *record,
                  gboolean                  byte_equal)
{
  g_autoptr(JsonNode) old_node = fifolab_watch_record_to_json (record);
  g_autofree char *old_text = json_to_string (old_node, FALSE);
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabWatchRecord) back = NULL;

  fifolab_watch_record_append_json (record, line);
  if (byte_equal)
    g_assert_cmpstr (line->str, ==, old_text);
  g_assert_null (strchr (line->str, '\n'));

  json_parser_load_from_data (parser, line->str, (gssize) line->len, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (json_parser_get_root (parser), old_node));

  back = fifolab_watch_record_from_json (line->str, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->kind, ==, record->kind);
  g_assert_cmpstr (back->syscall, ==, record->syscall);
  g_assert_cmpstr (back->comm, ==, record->comm);
  g_assert_cmpint (back->pid, ==, record->pid);
  g_assert_cmpint (back->result, ==, record->result);
  g_assert_cmpint (back->error, ==, record->error);
  /* An empty payload is "text":null, read back as none. */
  if (record->kind == FIFOLAB_WATCH_CALL && record->payload != NULL &&
      g_bytes_get_size (record->payload) > 0)
    g_assert_true (g_bytes_equal (back->payload, record->payload));
}

static void
test_json_text (void)
{
  const char *texts[] = {
    "Hello from pid [4242]",
    "",
    "a line\n",
    "quotes \" and \\ backslashes \\\" and /slashes/",
    "tab\there, return\r, form feed\f, backspace\b",
    /* Odd UTF-8: accents, U+2028/2029 (raw in JSON), a 4-byte emoji, U+0080–U+009F. */
    "caf\xc3\xa9 \xe2\x80\xa8 \xe2\x80\xa9 \xf0\x9f\x98\x80 \xc2\x80\xc2\x9f \xef\xbf\xbf",
    "\xe4\xbd\xa0\xe5\xa5\xbd from pid [1]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(FifolabWatchRecord) record = call_record ("write", texts[i], strlen (texts[i]));

      assert_same_json (record, TRUE);
    }
}

/* Every control character json-glib escapes, one by one and all together. */
static void
test_json_control (void)
{
  char all[64];
  gsize n = 0;

  for (int c = 1; c < 0x20; c++)
    {
      char text[4] = { 'a', (char) c, 'b', 0 };
      g_autoptr(FifolabWatchRecord) record = call_record ("read", text, 3);

      /* U+001F is escaped here, raw (invalid JSON) in json-glib 1.6. */
      assert_same_json (record, c != 0x1f);
      if (c != 0x1f)
        all[n++] = (char) c;
    }
  all[n++] = 0x7f;
  all[n] = 0;
  {
    g_autoptr(FifolabWatchRecord) record = call_record ("read", all, n);
    g_autoptr(GString) line = g_string_new (NULL);

    assert_same_json (record, TRUE);
    fifolab_watch_record_append_json (record, line);
    g_assert_nonnull (strstr (line->str, "\"text\":\"\\u0001\\u0002"));
    g_assert_nonnull (strstr (line->str, "\\b\\t\\n\\u000b\\f\\r\\u000e"));
    g_assert_nonnull (strstr (line->str, "\\u001e\\u007f\""));
  }
  {
    g_autoptr(FifolabWatchRecord) record = call_record ("read", "\x1f", 1);
    g_autoptr(GString) line = g_string_new (NULL);

    fifolab_watch_record_append_json (record, line);
    g_assert_nonnull (strstr (line->str, "\"text\":\"\\u001f\""));
  }
}

static void
test_json_base64 (void)
{
  const guint8 binary[] = { 0x00, 0x01, 0xff, 0xfe, 'a', 0x80 };
  const char *invalid[] = { "\xc3", "\xc0\xaf", "ok\xed\xa0\x80", "nul\0inside" };
  g_autoptr(FifolabWatchRecord) record = call_record ("read", binary, sizeof binary);
  g_autoptr(FifolabWatchRecord) cut = NULL;

  record->is_write = FALSE;
  record->is_read = TRUE;
  assert_same_json (record, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      gsize len = i == 3 ? 10 : strlen (invalid[i]);
      g_autoptr(FifolabWatchRecord) odd = call_record ("writev", invalid[i], len);

      assert_same_json (odd, TRUE);
    }

  /* A payload shorter than the call: "truncated". */
  cut = call_record ("write", "abc", 3);
  cut->size = 70000;
  cut->result = 70000;
  assert_same_json (cut, TRUE);
}

static void
test_json_other_members (void)
{
  g_autoptr(FifolabWatchRecord) failed = call_record ("write", "x", 1);
  g_autoptr(FifolabWatchRecord) dup = call_record ("dup2", NULL, 0);
  g_autoptr(FifolabWatchRecord) open_call = call_record ("openat", NULL, 0);
  g_autoptr(FifolabWatchRecord) exited = fifolab_watch_record_new (FIFOLAB_WATCH_EXIT);
  g_autoptr(FifolabWatchRecord) killed = fifolab_watch_record_new (FIFOLAB_WATCH_EXIT);
  g_autoptr(FifolabWatchRecord) stopped = fifolab_watch_record_new (FIFOLAB_WATCH_STOPPED);
  g_autoptr(FifolabWatchRecord) refused = fifolab_watch_record_new (FIFOLAB_WATCH_REFUSED);
  g_autoptr(FifolabWatchRecord) attach = fifolab_watch_record_new (FIFOLAB_WATCH_ATTACH);
  g_autoptr(FifolabWatchRecord) detach = fifolab_watch_record_new (FIFOLAB_WATCH_DETACH);

  failed->result = -1;
  failed->error = EPIPE;
  failed->comm = (g_free (failed->comm), g_strdup ("a \"quoted\"\tname"));
  assert_same_json (failed, TRUE);

  dup->fd2 = 7;
  dup->requested = -1;
  dup->is_write = FALSE;
  assert_same_json (dup, TRUE);

  open_call->fd = -1;
  open_call->result = -1;
  open_call->error = ENXIO;
  open_call->requested = -1;
  open_call->size = -5;
  open_call->is_write = FALSE;
  open_call->time_us = G_MININT64;
  assert_same_json (open_call, TRUE);

  exited->pid = exited->tid = 1;
  exited->result = 3;
  assert_same_json (exited, TRUE);
  killed->pid = killed->tid = G_MAXINT64;
  killed->signaled = TRUE;
  killed->result = SIGKILL;
  assert_same_json (killed, TRUE);
  stopped->result = SIGTSTP;
  stopped->comm = g_strdup ("\xe4\xbd\xa0");
  assert_same_json (stopped, TRUE);
  refused->error = EPERM;
  refused->message = g_strdup ("Another user's process.\nAsk \"root\".");
  assert_same_json (refused, TRUE);
  refused->error = 0;
  g_clear_pointer (&refused->message, g_free);
  assert_same_json (refused, TRUE);
  /* No comm: null. */
  assert_same_json (attach, TRUE);
  detach->comm = g_strdup ("");
  assert_same_json (detach, TRUE);
}

/* Step mode's records: a held call (what it would do, no outcome) and its
 * release, as JSON and as text. */
static void
test_json_step (void)
{
  g_autoptr(FifolabWatchRecord) pending = call_record ("write", "Hello 4242", 10);
  g_autoptr(FifolabWatchRecord) open_pending = call_record ("openat", NULL, 0);
  g_autoptr(FifolabWatchRecord) released = fifolab_watch_record_new (FIFOLAB_WATCH_RELEASED);
  g_autoptr(FifolabWatchRecord) back = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  pending->kind = FIFOLAB_WATCH_PENDING;
  pending->result = 0;
  pending->blocked_us = 0;
  assert_same_json (pending, TRUE);
  fifolab_watch_record_append_json (pending, line);
  g_assert_cmpstr (line->str, ==,
                   "{\"event\":\"pending\",\"syscall\":\"write\",\"pid\":4242,\"tid\":4243,"
                   "\"comm\":\"python3\",\"time_us\":123456789012,\"fd\":3,\"direction\":\"write\","
                   "\"requested\":10,\"size\":10,\"text\":\"Hello 4242\"}");
  back = fifolab_watch_record_from_json (line->str, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->kind, ==, FIFOLAB_WATCH_PENDING);
  g_assert_true (back->is_write);
  g_assert_cmpint (back->fd, ==, 3);
  g_assert_cmpint (back->size, ==, 10);
  g_assert_true (g_bytes_equal (back->payload, pending->payload));
  text = fifolab_watch_record_to_text (pending);
  g_assert_cmpstr (text, ==, "4242/4243 python3 about to call write(3, \"Hello 4242\", 10)");
  g_clear_pointer (&text, g_free);

  open_pending->kind = FIFOLAB_WATCH_PENDING;
  open_pending->fd = -1;
  open_pending->requested = -1;
  open_pending->is_write = FALSE;
  assert_same_json (open_pending, TRUE);
  text = fifolab_watch_record_to_text (open_pending);
  g_assert_cmpstr (text, ==, "4242/4243 python3 about to call openat()");
  g_clear_pointer (&text, g_free);

  released->syscall = g_strdup ("read");
  released->pid = released->tid = 7;
  released->comm = g_strdup ("cat");
  assert_same_json (released, TRUE);
  text = fifolab_watch_record_to_text (released);
  g_assert_cmpstr (text, ==, "7 cat goes on with read()");
}

/* A call still running (FIFOLAB_WATCH_BLOCKED): what it asks, since when and
 * how long so far, as JSON and as text; an open's direction is the end it
 * opens. */
static void
test_json_blocked (void)
{
  g_autoptr(FifolabWatchRecord) blocked = call_record ("write", NULL, 100001);
  g_autoptr(FifolabWatchRecord) open_blocked = call_record ("openat", NULL, 0);
  g_autoptr(FifolabWatchRecord) back = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  blocked->kind = FIFOLAB_WATCH_BLOCKED;
  blocked->result = 0;
  blocked->blocked_us = 100213;
  assert_same_json (blocked, TRUE);
  fifolab_watch_record_append_json (blocked, line);
  g_assert_cmpstr (line->str, ==,
                   "{\"event\":\"blocked\",\"syscall\":\"write\",\"pid\":4242,\"tid\":4243,"
                   "\"comm\":\"python3\",\"time_us\":123456789012,\"fd\":3,\"blocked_us\":100213,"
                   "\"direction\":\"write\",\"requested\":100001,\"size\":100001}");
  back = fifolab_watch_record_from_json (line->str, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->kind, ==, FIFOLAB_WATCH_BLOCKED);
  g_assert_cmpstr (back->syscall, ==, "write");
  g_assert_true (back->is_write);
  g_assert_cmpint (back->fd, ==, 3);
  g_assert_cmpint (back->requested, ==, 100001);
  g_assert_cmpint (back->size, ==, 100001);
  g_assert_cmpint (back->blocked_us, ==, 100213);
  g_assert_cmpint (back->time_us, ==, G_GINT64_CONSTANT (123456789012));
  text = fifolab_watch_record_to_text (blocked);
  g_assert_cmpstr (text, ==, "4242/4243 python3 still blocked in write(3, 100001) after 0.100213 s");
  g_clear_pointer (&text, g_free);

  open_blocked->kind = FIFOLAB_WATCH_BLOCKED;
  open_blocked->fd = -1;
  open_blocked->requested = -1;
  open_blocked->is_write = FALSE;
  open_blocked->is_read = TRUE;
  open_blocked->blocked_us = 2500000;
  assert_same_json (open_blocked, TRUE);
  text = fifolab_watch_record_to_text (open_blocked);
  g_assert_cmpstr (text, ==, "4242/4243 python3 still blocked in openat() after 2.500000 s");
}

/* fifolab-peer watch --json on dd writing @n_writes blocks of 64 zero bytes
 * to cat, both started by the watch's command, a shell, which writes its
 * pid to @pid_file first. */
static GSubprocess *
watch_stream (const char *path,
              guint       n_writes,
              const char *pid_file)
{
  g_autofree char *script = g_strdup_printf ("echo $$ > \"$2\"; cat \"$1\" >/dev/null & "
                                             "dd if=/dev/zero of=\"$1\" bs=64 count=%u 2>/dev/null; "
                                             "wait", n_writes);
  g_autoptr(GError) error = NULL;
  GSubprocess *watch = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                         G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                         fifolab_test_peer_path (), "watch", path, "--json", "--",
                                         "sh", "-c", script, "sh", path, pid_file, NULL);

  g_assert_no_error (error);
  return watch;
}

/* Reads all the watch prints until it ends: every write seen, whole, and
 * every byte read. */
static void
assert_stream (GSubprocess *watch,
               guint        n_writes)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint writes = 0;
  gint64 read_bytes = 0;
  guint8 zeros[64] = { 0 };
  g_autoptr(GBytes) block = g_bytes_new_static (zeros, sizeof zeros);

  g_subprocess_communicate_utf8 (watch, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_subprocess_get_if_exited (watch));
  g_assert_cmpint (g_subprocess_get_exit_status (watch), ==, 0);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(FifolabWatchRecord) record = fifolab_watch_record_from_json (lines[i], &error);

      g_assert_no_error (error);
      if (record->kind != FIFOLAB_WATCH_CALL)
        continue;
      g_assert_nonnull (record->syscall);
      if (g_str_equal (record->syscall, "write"))
        {
          writes++;
          g_assert_cmpint (record->result, ==, 64);
          g_assert_true (record->is_write);
          g_assert_true (g_bytes_equal (record->payload, block));
        }
      else if (g_str_equal (record->syscall, "read"))
        {
          g_assert_true (record->is_read);
          read_bytes += record->size;
        }
    }
  g_assert_cmpuint (writes, ==, n_writes);
  g_assert_cmpint (read_bytes, ==, (gint64) n_writes * 64);
}

/* Every line fifolab-peer watch --json prints for a long stream is a whole
 * record: a batch holds up to 512, and the tracer once handed one over
 * before it had filled it in (a "call" without its syscall, one per batch
 * or so). */
static void
test_json_stream (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pid_file = NULL;
  g_autoptr(GSubprocess) watch = NULL;

  if (!fifolab_test_watch_supported (2))
    return;

  fifolab_test_fifo_init (&dir, &path, "stream_pipe");
  pid_file = g_build_filename (dir, "command.pid", NULL);
  watch = watch_stream (path, 20000, pid_file);
  assert_stream (watch, 20000);
  fifolab_test_fifo_clear (&dir, &path);
}

/* Whether the tracer thread of watch @pid sleeps in ppoll(): it waits to be
 * woken, not in wait4() for its tracees. */
static gboolean
tracer_in_ppoll (GPid pid)
{
  g_autofree char *task_dir = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) tasks = g_dir_open (task_dir, 0, NULL);
  g_autofree char *ppoll = g_strdup_printf ("%d ", (int) SYS_ppoll);
  const char *tid;

  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename (task_dir, tid, "comm", NULL);
      g_autofree char *syscall_path = g_build_filename (task_dir, tid, "syscall", NULL);
      g_autofree char *comm = NULL;
      g_autofree char *syscall = NULL;

      if (g_file_get_contents (comm_path, &comm, NULL, NULL) &&
          g_str_equal (comm, "fifolab-tracer\n"))
        return g_file_get_contents (syscall_path, &syscall, NULL, NULL) &&
               g_str_has_prefix (syscall, ppoll);
    }
  return FALSE;
}

typedef struct
{
  GSubprocess *watch;
  int          out_fd;    /* our end of its stdout */
  const char  *pid_file;  /* its command's pid */
} Unread;

/* Whether the watch holds its tracees: its stdout holds half a pipe of calls
 * (so its command runs), then its tracer sleeps in ppoll() while that
 * command, a child of the tracer's thread, is still there to wait for (so it
 * does not sleep for want of a tracee). A full pipe may hold less than its
 * capacity (pages partly filled). */
static gboolean
watch_holds (gpointer data)
{
  Unread *u = data;
  g_autofree char *command = NULL;
  g_autofree char *command_dir = NULL;
  int queued = 0;
  int capacity = fcntl (u->out_fd, F_GETPIPE_SZ);

  if (ioctl (u->out_fd, FIONREAD, &queued) != 0 || queued < capacity / 2)
    return FALSE;
  if (!tracer_in_ppoll ((GPid) g_ascii_strtoll (g_subprocess_get_identifier (u->watch), NULL, 10)))
    return FALSE;
  if (!g_file_get_contents (u->pid_file, &command, NULL, NULL))
    return FALSE;
  command_dir = g_strdup_printf ("/proc/%d", (int) g_ascii_strtoll (command, NULL, 10));
  return g_file_test (command_dir, G_FILE_TEST_IS_DIR);
}

/* A watch whose output is not read stops taking its tracees' stops once
 * some 16,000 records wait (the tracees wait in their stops, as under an
 * strace writing to a full pipe), instead of piling up all it sees in
 * memory while the programs run on; and goes on, losing nothing, once it
 * is read. 50,000 writes make some 100,000 records. */
static void
test_json_unread (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pid_file = NULL;
  g_autoptr(GSubprocess) watch = NULL;
  Unread unread;

  if (!fifolab_test_watch_supported (2))
    return;
  fifolab_test_fifo_init (&dir, &path, "unread_pipe");
  pid_file = g_build_filename (dir, "command.pid", NULL);
  watch = watch_stream (path, 50000, pid_file);
  unread.watch = watch;
  unread.out_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (watch)));
  unread.pid_file = pid_file;
  g_assert_true (fifolab_test_wait_until (watch_holds, &unread, 60000));
  assert_stream (watch, 50000);
  fifolab_test_fifo_clear (&dir, &path);
}

/* Appending goes after what the string holds, as a batch of lines does. */
static void
test_json_append (void)
{
  g_autoptr(FifolabWatchRecord) a = call_record ("write", "{", 1);
  g_autoptr(FifolabWatchRecord) b = fifolab_watch_record_new (FIFOLAB_WATCH_ATTACH);
  g_autoptr(GString) out = g_string_new ("{");
  g_autoptr(JsonNode) node_a = fifolab_watch_record_to_json (a);
  g_autoptr(JsonNode) node_b = fifolab_watch_record_to_json (b);
  g_autofree char *text_a = json_to_string (node_a, FALSE);
  g_autofree char *text_b = json_to_string (node_b, FALSE);
  g_autofree char *expected = g_strdup_printf ("{%s\n%s\n", text_a, text_b);

  fifolab_watch_record_append_json (a, out);
  g_string_append_c (out, '\n');
  fifolab_watch_record_append_json (b, out);
  g_string_append_c (out, '\n');
  g_assert_cmpstr (out->str, ==, expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/watch-json/text", test_json_text);
  g_test_add_func ("/watch-json/control", test_json_control);
  g_test_add_func ("/watch-json/base64", test_json_base64);
  g_test_add_func ("/watch-json/other-members", test_json_other_members);
  g_test_add_func ("/watch-json/step", test_json_step);
  g_test_add_func ("/watch-json/blocked", test_json_blocked);
  g_test_add_func ("/watch-json/append", test_json_append);
  g_test_add_func ("/watch-json/stream", test_json_stream);
  g_test_add_func ("/watch-json/unread", test_json_unread);
  return g_test_run ();
}
