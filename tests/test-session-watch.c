/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FifolabSession's log of a watch (fifolab-session-watch.c), without a
 * display: the records of `fifolab-peer watch --json PIPE -- COMMAND`
 * watching real writers and cat on a real FIFO, fed to a session with line
 * framing. A line written in two writes is one message; two writers' lines
 * never join, even when one writes between the other's two writes (forced
 * with FIFOs used as semaphores, no timing); a message carries the pid seen
 * writing it and the reader's; its claimed pid is checked against the
 * writer's; a writer's unfinished line at its close is incomplete. Records
 * built here cover what real processes cannot be made to do on demand. The
 * pcapng export of the calls is read back with tshark. */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-event.h"
#include "fifolab-framer.h"
#include "fifolab-inspector.h"
#include "fifolab-log-private.h"
#include "fifolab-recording.h"
#include "fifolab-session.h"
#include "fifolab-test-util.h"
#include "fifolab-watch-record.h"

typedef FifolabTestSessionFifo Fixture;

/* -------------------------------------------------------------------- */
/* The log */

static GPtrArray *
entries (Fixture          *fx,
         FifolabDirection  direction)
{
  FifolabLog *log = fifolab_session_get_log (fx->session);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      FifolabLogEntry *entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_direction (entry) == direction)
        g_ptr_array_add (found, entry);
      else
        g_object_unref (entry);
    }
  return found;
}

static guint
n_messages (Fixture *fx)
{
  g_autoptr(GPtrArray) messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);

  return messages->len;
}

/* The watched message with @text: exactly one. */
static FifolabLogEntry *
message (GPtrArray  *messages,
         const char *text)
{
  FifolabLogEntry *found = NULL;

  for (guint i = 0; i < messages->len; i++)
    {
      FifolabLogEntry *entry = g_ptr_array_index (messages, i);

      if (g_strcmp0 (fifolab_log_entry_get_display_text (entry), text) == 0)
        {
          g_assert_null (found);
          found = entry;
        }
    }
  if (found == NULL)
    g_test_message ("no message “%s”", text);
  g_assert_nonnull (found);
  g_assert_true (fifolab_log_entry_get_flags (found) & FIFOLAB_MESSAGE_WATCHED);
  return found;
}

/* @entry was written by @sender, read by @receiver (-1: none seen) and has
 * exactly @flags. */
static void
assert_ends (FifolabLogEntry *entry,
             gint64           sender,
             gint64           receiver,
             guint            flags)
{
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, sender);
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (entry), ==, receiver);
  g_assert_cmpuint (fifolab_log_entry_get_flags (entry), ==, flags);
}

/* -------------------------------------------------------------------- */
/* pcapng */

static char *
tshark_fields (const char *file,
               const char *field)
{
  const char *argv[] = { "tshark", "-r", file, "-T", "fields", "-e", field, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static gboolean
export_done (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
export_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The session's log exported as pcapng (in the export's thread, as the
 * window does), and its packets' comments read back by tshark; NULL (the
 * test skipped) without tshark. */
static char *
export_pcapng (Fixture *fx)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autofree char *file_path = g_build_filename (fx->dir, "capture.pcapng", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FifolabLog *log = fifolab_session_get_log (fx->session);

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed: the capture cannot be read back");
      return NULL;
    }
  fifolab_log_export_async (log, FIFOLAB_EXPORT_PCAPNG, file, NULL, export_cb, &result);
  g_assert_true (fifolab_test_wait_until (export_done, &result, 10000));
  g_assert_true (fifolab_log_export_finish (log, result, &error));
  g_assert_no_error (error);
  return tshark_fields (file_path, "frame.comment");
}

/* -------------------------------------------------------------------- */
/* Real processes under watch */

/* Runs @script under `fifolab-peer watch --json` from its start (so every
 * call of it and its children is seen) and feeds each record to the
 * session; returns them. */
static GPtrArray *
watch_script (Fixture    *fx,
              const char *script)
{
  GPtrArray *records = fifolab_test_watch_script (fx->dir, fx->path, script);

  for (guint i = 0; i < records->len; i++)
    fifolab_session_log_watch_record (fx->session, fx->path, g_ptr_array_index (records, i));
  return records;
}

/* The pid of the one process that made @syscall calls carrying bytes, and
 * how many it made. */
static gint64
caller_of (GPtrArray  *records,
           const char *syscall,
           gint64      not_pid,
           guint      *n_calls)
{
  gint64 pid = -1;

  *n_calls = 0;
  for (guint i = 0; i < records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (records, i);

      if (r->kind != FIFOLAB_WATCH_CALL || g_strcmp0 (r->syscall, syscall) != 0 ||
          r->result <= 0 || r->pid == not_pid)
        continue;
      g_assert_true (pid == -1 || pid == r->pid);
      pid = r->pid;
      (*n_calls)++;
    }
  return pid;
}

static char *
file_in (Fixture    *fx,
         const char *name)
{
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* A shell writes "Hello from pid [ITS PID]\n" in two writes; cat reads it:
 * one message, with the writer's pid (the claim matches it) and cat's. */
static void
test_two_writes_one_line (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  FifolabLogEntry *entry;
  gint64 writer;
  gint64 reader;
  guint n_writes;
  guint n_reads;

  if (!fifolab_test_watch_supported (2))
    return;

  script = g_strdup_printf ("sh -c 'printf \"Hello from pid [%%d\" $$; printf \"]\\n\"' > '%s' & "
                            "cat '%s' > cat.out; wait", fx->path, fx->path);
  records = watch_script (fx, script);
  writer = caller_of (records, "write", -1, &n_writes);
  reader = caller_of (records, "read", -1, &n_reads);
  g_assert_cmpuint (n_writes, ==, 2);
  g_assert_cmpint (reader, >, 0);

  text = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", writer);
  out = file_in (fx, "cat.out");
  g_assert_true (g_str_has_prefix (out, text));

  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 1);
  entry = message (messages, text);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, writer);
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (entry), ==, reader);
  g_assert_cmpint (fifolab_log_entry_get_framing (entry), ==, FIFOLAB_FRAMING_LINE);
  g_assert_cmpuint (fifolab_log_entry_get_flags (entry), ==,
                    FIFOLAB_MESSAGE_WATCHED | FIFOLAB_MESSAGE_PID_CONFIRMED);
}

/* Writer A writes the start of its line, B its whole line, then A the end
 * of its own (in that order: FIFOs as semaphores): two messages, each its
 * writer's whole line, never "Hello from pid [AHello from pid [B]". B
 * claims its parent's pid ($$ of a subshell): contradicted, with an event
 * naming both pids. */
static void
test_two_writers (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *sem1 = fifolab_test_make_fifo (fx->dir, "sem1");
  g_autofree char *sem2 = fifolab_test_make_fifo (fx->dir, "sem2");
  g_autofree char *script = NULL;
  g_autofree char *a_text = NULL;
  g_autofree char *b_text = NULL;
  g_autofree char *contradicted = NULL;
  FifolabLogEntry *entry;
  gint64 shell = -1;
  gint64 a = -1;
  gint64 b = -1;
  gint64 reader;
  guint n_reads;
  gboolean told = FALSE;

  if (!fifolab_test_watch_supported (2))
    return;

  script = g_strdup_printf ("sh -c 'printf \"Hello from pid [%%d\" $$; : > sem1; read x < sem2; "
                            "printf \"]\\n\"' > '%s' & "
                            "( read x < sem1; printf 'Hello from pid [%%d]\\n' $$; : > sem2 ) > '%s' & "
                            "cat '%s' > cat.out; wait", fx->path, fx->path, fx->path);
  records = watch_script (fx, script);

  /* A made two writes, B one; the shell is the command itself. */
  for (guint i = 0; i < records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (records, i);

      if (r->kind != FIFOLAB_WATCH_CALL || g_strcmp0 (r->syscall, "write") != 0)
        continue;
      if (a == -1)
        a = r->pid;
      else if (b == -1 && r->pid != a)
        b = r->pid;
    }
  g_assert_cmpint (a, >, 0);
  g_assert_cmpint (b, >, 0);
  reader = caller_of (records, "read", -1, &n_reads);
  g_assert_cmpint (reader, >, 0);
  for (guint i = 0; i < records->len && shell == -1; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (records, i);

      if (r->kind == FIFOLAB_WATCH_ATTACH)
        shell = r->pid;
    }

  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 2);
  a_text = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", a);
  entry = message (messages, a_text);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, a);
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (entry), ==, reader);
  g_assert_true (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_PID_CONFIRMED);

  /* The subshell's $$ is its parent's pid: not the writer's. */
  b_text = g_strdup_printf ("Hello from pid [%" G_GINT64_FORMAT "]", shell);
  entry = message (messages, b_text);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, b);
  g_assert_cmpint (b, !=, shell);
  g_assert_true (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_PID_UNSEEN);
  g_assert_false (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_PID_CONFIRMED);

  contradicted = g_strdup_printf ("The message claims pid %" G_GINT64_FORMAT
                                  ", but the watch saw pid %" G_GINT64_FORMAT " write it.", shell, b);
  events = entries (fx, FIFOLAB_DIRECTION_EVENT);
  for (guint i = 0; i < events->len; i++)
    {
      FifolabLogEntry *event = g_ptr_array_index (events, i);

      if (fifolab_log_entry_get_kind (event) == FIFOLAB_EVENT_PID_UNSEEN)
        {
          g_assert_false (told);
          g_assert_cmpstr (fifolab_log_entry_get_display_text (event), ==, contradicted);
          told = TRUE;
        }
    }
  g_assert_true (told);
}

/* A reader reads 31 bytes, as the book's reads 22: two writers' messages
 * of 30 bytes each (NUL-padded), without a newline, written and closed
 * before it reads, joined in its one read: the first whole, one byte of the
 * second. Each is logged
 * when its writer closes (incomplete lines), with dd as its reader: the
 * first ends where its writer's bytes end, not after the other's, and the
 * second was read in part. */
static void
test_read_joined (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *script = NULL;
  gint64 reader;
  guint n;

  if (!fifolab_test_watch_supported (2))
    return;

  script = g_strdup_printf ("'%s' write '%s' -f fixed -s 30 & a=$!; '%s' write '%s' -f fixed -s 30 & b=$!; "
                            "exec 3< '%s'; wait $a $b; dd bs=31 count=1 status=none <&3 > dd.out",
                            fifolab_test_peer_path (), fx->path, fifolab_test_peer_path (), fx->path, fx->path);
  records = watch_script (fx, script);
  reader = caller_of (records, "read", -1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (reader, >, 0);

  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 2);
  for (guint i = 0; i < messages->len; i++)
    {
      FifolabLogEntry *entry = g_ptr_array_index (messages, i);

      g_test_message ("%s: writer %" G_GINT64_FORMAT ", reader %" G_GINT64_FORMAT,
                      fifolab_log_entry_get_display_text (entry),
                      fifolab_log_entry_get_sender_pid (entry), fifolab_log_entry_get_receiver_pid (entry));
      g_assert_cmpint (fifolab_log_entry_get_receiver_pid (entry), ==, reader);
      g_assert_cmpuint (fifolab_log_entry_get_size (entry), ==, 30);
    }
}

/* The seed's Python writer writes "Hello PID" with no newline and closes:
 * with line framing, an incomplete message, its claim confirmed. */
static void
test_seed_writer (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *writer_py = fifolab_test_seed_script ("write_to_named_pipe.py");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *script = NULL;
  g_autofree char *text = NULL;
  FifolabLogEntry *entry;
  gint64 writer;
  gint64 reader;
  guint n;

  if (!fifolab_test_watch_supported (2))
    return;

  script = g_strdup_printf ("'%s' '%s' '%s' & cat '%s' > cat.out; wait", fifolab_test_python (),
                            writer_py, fx->path, fx->path);
  records = watch_script (fx, script);
  writer = caller_of (records, "write", -1, &n);
  g_assert_cmpuint (n, ==, 1);
  reader = caller_of (records, "read", -1, &n);

  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 1);
  text = g_strdup_printf ("Hello %" G_GINT64_FORMAT, writer);
  entry = message (messages, text);
  assert_ends (entry, writer, reader,
               FIFOLAB_MESSAGE_WATCHED | FIFOLAB_MESSAGE_INCOMPLETE | FIFOLAB_MESSAGE_PID_CONFIRMED);

  /* Exported as pcapng: the write and cat's reads (its last, of 0 bytes at
   * the end, too), with their pids and commands, in the order the watch
   * told them (a read can be told before the write it took from). */
  {
    g_autofree char *capture = export_pcapng (fx);
    g_autofree char *wrote = g_strdup_printf ("pid %" G_GINT64_FORMAT " (python3) write %" G_GSIZE_FORMAT " bytes",
                                              writer, strlen (text));
    g_autofree char *got = g_strdup_printf ("pid %" G_GINT64_FORMAT " (cat) read %" G_GSIZE_FORMAT " bytes",
                                            reader, strlen (text));
    g_autofree char *end = g_strdup_printf ("pid %" G_GINT64_FORMAT " (cat) read 0 bytes", reader);
    const char *expected[] = { wrote, got, end };
    g_auto(GStrv) comments = NULL;

    if (capture == NULL)
      return;
    comments = g_strsplit (capture, "\n", -1);
    g_assert_cmpuint (g_strv_length (comments), ==, 4);
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        guint found = 0;

        for (guint j = 0; comments[j] != NULL; j++)
          found += g_str_has_prefix (comments[j], expected[i]);
        g_assert_cmpuint (found, ==, 1);
      }
  }
}

/* -------------------------------------------------------------------- */
/* Records built here */

static FifolabWatchRecord *
call (const char *syscall,
      gint64      pid,
      int         fd,
      const char *bytes)
{
  FifolabWatchRecord *r = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);

  r->syscall = g_strdup (syscall);
  r->pid = r->tid = pid;
  r->comm = g_strdup (pid == 100 ? "writer" : "reader");
  r->fd = fd;
  r->is_write = g_str_equal (syscall, "write");
  r->is_read = g_str_equal (syscall, "read");
  r->result = bytes != NULL ? (gint64) strlen (bytes) : 0;
  r->size = r->result;
  r->requested = r->result;
  r->blocked_us = 7;
  r->time_us = g_get_monotonic_time ();
  if (bytes != NULL)
    r->payload = g_bytes_new (bytes, strlen (bytes));
  return r;
}

/* Something that happened to process @pid under watch (its exit, its
 * release). */
static FifolabWatchRecord *
happened (FifolabWatchKind kind,
          gint64           pid)
{
  FifolabWatchRecord *r = fifolab_watch_record_new (kind);

  r->pid = r->tid = pid;
  return r;
}

static void
feed (Fixture            *fx,
      FifolabWatchRecord *record)
{
  fifolab_session_log_watch_record (fx->session, fx->path, record);
  fifolab_watch_record_unref (record);
}

/* A message waits for the read that takes it; every record is a Watch
 * event; bytes never read are logged, without a reader, when the watch
 * lets its processes go, with the writer's unfinished line incomplete. */
static void
test_built_records (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) events = NULL;
  FifolabLogEntry *entry;

  feed (fx, call ("write", 100, 3, "one\ntw"));
  g_assert_cmpuint (n_messages (fx), ==, 0);

  /* Not yet the end of the line. */
  feed (fx, call ("read", 200, 4, "one"));
  g_assert_cmpuint (n_messages (fx), ==, 0);
  feed (fx, call ("read", 200, 4, "\ntw"));
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 1);
  entry = message (messages, "one");
  assert_ends (entry, 100, 200, FIFOLAB_MESSAGE_WATCHED);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* "two" is finished, then its writer adds a line nobody reads. No read
   * took "two" whole, but 200 took its "tw": its reader, seen. */
  feed (fx, call ("write", 100, 3, "o\nthree"));
  g_assert_cmpuint (n_messages (fx), ==, 1);
  feed (fx, happened (FIFOLAB_WATCH_DETACH, 100));
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 3);
  entry = message (messages, "two");
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (entry), ==, 200);
  g_assert_cmpuint (fifolab_log_entry_get_flags (entry), ==, FIFOLAB_MESSAGE_WATCHED);
  entry = message (messages, "three");
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, 100);
  g_assert_cmpuint (fifolab_log_entry_get_flags (entry), ==,
                    FIFOLAB_MESSAGE_WATCHED | FIFOLAB_MESSAGE_INCOMPLETE);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* Five records, five Watch events, the first a write by pid 100. */
  events = entries (fx, FIFOLAB_DIRECTION_EVENT);
  g_assert_cmpuint (events->len, ==, 5);
  entry = g_ptr_array_index (events, 0);
  g_assert_cmpint (fifolab_log_entry_get_kind (entry), ==, FIFOLAB_EVENT_WATCH);
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, 100);
  g_assert_true (g_str_has_prefix (fifolab_log_entry_get_display_text (entry), "100 writer write(3, "));
  /* The line's payload is escaped once, as the watch wrote it: a newline
   * reads \n, not \\n. */
  g_assert_nonnull (strstr (fifolab_log_entry_get_display_text (entry), "\"one\\ntw\""));
  g_assert_nonnull (strstr (fifolab_log_entry_get_row_text (entry), "\"one\\ntw\""));

  /* A line whose reader the watch missed: logged, without a reader, once
   * the last process the watch saw exits (the writer 300 first, then the
   * reader 200, which was seen reading before). */
  feed (fx, call ("write", 300, 3, "missed\n"));
  feed (fx, happened (FIFOLAB_WATCH_EXIT, 300));
  g_assert_cmpuint (n_messages (fx), ==, 3);
  feed (fx, happened (FIFOLAB_WATCH_EXIT, 200));
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 4);
  entry = message (messages, "missed");
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, 300);
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (entry), ==, -1);
}

/* A watched message claiming pid N, written by watched pid M, counts with
 * the inspector's contradictions (n-unseen), and its event says both. */
static void
test_watched_contradiction_counted (Fixture       *fx,
                                    gconstpointer  data)
{
  g_autoptr(FifolabInspector) inspector = fifolab_inspector_new (fifolab_session_get_log (fx->session));
  g_autoptr(GPtrArray) events = NULL;
  gboolean said = FALSE;

  fifolab_session_set_inspector (fx->session, inspector);
  feed (fx, call ("write", 100, 3, "Hello from pid [4242]\n"));
  feed (fx, call ("read", 200, 4, "Hello from pid [4242]\n"));
  g_assert_cmpuint (n_messages (fx), ==, 1);
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 1);
  events = entries (fx, FIFOLAB_DIRECTION_EVENT);
  for (guint i = 0; i < events->len; i++)
    said |= fifolab_log_entry_get_kind (g_ptr_array_index (events, i)) == FIFOLAB_EVENT_PID_UNSEEN &&
            g_strcmp0 (fifolab_log_entry_get_display_text (g_ptr_array_index (events, i)),
                       "The message claims pid 4242, but the watch saw pid 100 write it.") == 0;
  g_assert_true (said);

  /* A claim that matches the writer is not one. */
  feed (fx, call ("write", 100, 3, "Hello from pid [100]\n"));
  feed (fx, call ("read", 200, 4, "Hello from pid [100]\n"));
  g_assert_cmpuint (fifolab_inspector_get_n_unseen (inspector), ==, 1);
  fifolab_session_set_inspector (fx->session, NULL);
}

/* The book's case: the reader, attached, sleeps in open() alone on the
 * pipe, so it holds no byte; a writer the watch never sees opens it, writes
 * and exits between two scans; the reader reads its message and exits. The
 * message had an unseen writer: it was not in the pipe before the watch. */
static void
test_unseen_writer (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = NULL;
  FifolabWatchRecord *blocked = fifolab_watch_record_new (FIFOLAB_WATCH_BLOCKED);
  FifolabWatchRecord *opened = call ("openat", 200, 4, NULL);
  FifolabWatchRecord *read = call ("read", 200, 4, "Hello from pid [4242]\n");
  FifolabLogEntry *entry;

  blocked->syscall = g_strdup ("openat");
  blocked->pid = blocked->tid = 200;
  blocked->is_read = TRUE;
  blocked->requested = -1;
  blocked->time_us = read->time_us - 300000;
  blocked->blocked_us = 100000;
  opened->is_read = TRUE;
  opened->result = 4;
  opened->requested = -1;
  opened->time_us = blocked->time_us;
  opened->blocked_us = 250000;
  feed (fx, happened (FIFOLAB_WATCH_ATTACH, 200));
  feed (fx, blocked);
  feed (fx, opened);
  feed (fx, read);
  feed (fx, happened (FIFOLAB_WATCH_EXIT, 200));
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 1);
  entry = message (messages, "Hello from pid [4242]");
  assert_ends (entry, -1, 200, FIFOLAB_MESSAGE_WATCHED | FIFOLAB_MESSAGE_UNSEEN_WRITER);
}

/* Bytes in the pipe before the watch started, read by a watched reader,
 * are logged as written before the watch (no writer pid), not as the first
 * bytes a watched writer wrote later; that writer's line waits for the read
 * that takes it. A read told before the write it took from (the reader
 * returns first) is not mistaken for one. */
static void
test_before_watch (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = NULL;
  FifolabWatchRecord *read = call ("read", 200, 4, "old\n");
  FifolabWatchRecord *write = call ("write", 100, 3, "new\n");
  FifolabWatchRecord *early;
  FifolabLogEntry *entry;

  /* The write began after the read had returned: it did not pay it. */
  write->time_us = read->time_us + read->blocked_us + 1000;
  feed (fx, read);
  g_assert_cmpuint (n_messages (fx), ==, 0);
  feed (fx, write);
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 1);
  entry = message (messages, "old");
  assert_ends (entry, -1, 200, FIFOLAB_MESSAGE_WATCHED | FIFOLAB_MESSAGE_BEFORE_WATCH);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* "new" is read now, by the read that takes it. */
  read = call ("read", 201, 4, "new\n");
  feed (fx, read);
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 2);
  entry = message (messages, "new");
  assert_ends (entry, 100, 201, FIFOLAB_MESSAGE_WATCHED);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* A reader woken by a write returns before it: told first, it is paid. */
  read = call ("read", 200, 4, "next\n");
  early = call ("write", 100, 3, "next\n");
  early->time_us = read->time_us - 10;
  feed (fx, read);
  feed (fx, early);
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 3);
  entry = message (messages, "next");
  assert_ends (entry, 100, 200, FIFOLAB_MESSAGE_WATCHED);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* Read, and the watch ends with no write to pay it: from before. */
  feed (fx, call ("read", 200, 4, "left over\n"));
  feed (fx, happened (FIFOLAB_WATCH_DETACH, 200));
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  entry = message (messages, "left over");
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, -1);
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (entry), ==, 200);
  g_assert_true (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_BEFORE_WATCH);
}

/* A read told before the write that paid it, and between them another
 * process's exit (the watch tells each process's calls when they return: a
 * writer's record can come after a read it woke and after a third
 * process's exit; seen once in /session-watch/two-writers under load). That
 * exit does not make the read's bytes "before the watch": the writer lives
 * on, and its write entered before the read returned. */
static void
test_exit_before_paying_write (Fixture       *fx,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = NULL;
  FifolabWatchRecord *read = call ("read", 200, 4, "two\n");
  FifolabWatchRecord *write = call ("write", 101, 3, "two\n");
  FifolabWatchRecord *exited = happened (FIFOLAB_WATCH_EXIT, 102);
  FifolabLogEntry *entry;

  write->time_us = read->time_us - 10;
  exited->time_us = read->time_us + read->blocked_us + 100;
  feed (fx, happened (FIFOLAB_WATCH_ATTACH, 101));
  feed (fx, happened (FIFOLAB_WATCH_ATTACH, 102));
  feed (fx, read);
  feed (fx, exited);
  g_assert_cmpuint (n_messages (fx), ==, 0);
  feed (fx, write);
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 1);
  entry = message (messages, "two");
  assert_ends (entry, 101, 200, FIFOLAB_MESSAGE_WATCHED);
}

/* One thread's record of process @pid (call() and happened() make the
 * main thread's). */
static FifolabWatchRecord *
of_thread (FifolabWatchRecord *record,
           gint64              tid,
           gint64              time_us)
{
  record->tid = tid;
  record->time_us = time_us;
  return record;
}


/* The watch's count of the bytes in the pipe: @before there before it,
 * @queued in the pipe now, an estimate or not. */
static void
assert_in_pipe (FifolabObserved *seen,
                guint64          before,
                guint64          queued,
                gboolean         estimated)
{
  gboolean is_estimate;

  g_assert_cmpuint (fifolab_observed_get_before (seen), ==, before);
  g_assert_cmpuint (fifolab_observed_get_queued (seen, &is_estimate), ==, queued);
  g_assert_cmpint (is_estimate, ==, estimated);
}

/* All the counts: @written by the writers seen, @taken by the readers, then
 * those of assert_in_pipe(). */
static void
assert_counts (FifolabObserved *seen,
               guint64          written,
               guint64          taken,
               guint64          before,
               guint64          queued,
               gboolean         estimated)
{
  g_assert_cmpuint (fifolab_observed_get_written (seen), ==, written);
  g_assert_cmpuint (fifolab_observed_get_taken (seen), ==, taken);
  assert_in_pipe (seen, before, queued, estimated);
}
/* The order the tracer tells records in holds per thread: writer 100 has two
 * threads, and thread 101's late record (its close, told after the read that
 * thread 100's write woke) says nothing of thread 100's write, which entered
 * before the read returned and is told last. The reader's exit meanwhile does
 * not make the read's bytes "before the watch". Once every live thread has
 * told a record that entered after a read in debt returned (a thread first
 * seen after it, 102, cannot have paid it), the exit of the last process
 * that may still pay settles the debt. */
static void
test_observed_threads (Fixture       *fx,
                       gconstpointer  data)
{
  FifolabObserved *seen;
  FifolabWatchRecord *read = call ("read", 200, 4, "hi\n");
  gint64 t = read->time_us;
  gint64 returned = t + read->blocked_us;

  feed (fx, of_thread (happened (FIFOLAB_WATCH_ATTACH, 100), 100, t - 1000));
  feed (fx, of_thread (happened (FIFOLAB_WATCH_ATTACH, 100), 101, t - 900));
  feed (fx, of_thread (happened (FIFOLAB_WATCH_ATTACH, 200), 200, t - 800));
  feed (fx, read);
  feed (fx, of_thread (call ("close", 100, 4, NULL), 101, returned + 50));
  feed (fx, of_thread (happened (FIFOLAB_WATCH_EXIT, 200), 200, returned + 100));
  seen = fifolab_session_get_observed (fx->session, fx->path);
  g_assert_nonnull (seen);
  /* Thread 100 may still tell the write that paid. */
  assert_in_pipe (seen, 0, 0, FALSE);
  feed (fx, of_thread (call ("write", 100, 3, "hi\n"), 100, t - 5));
  assert_counts (seen, 3, 3, 0, 0, FALSE);

  /* A process that may write (a shell) is watched; a second reader takes 4
   * bytes no write put in. */
  feed (fx, of_thread (happened (FIFOLAB_WATCH_ATTACH, 400), 400, returned + 500));
  read = of_thread (call ("read", 300, 4, "old\n"), 300, returned + 1000);
  returned = read->time_us + read->blocked_us;
  feed (fx, read);
  /* Thread 101 and a thread first seen after the read returned... */
  feed (fx, of_thread (call ("close", 100, 5, NULL), 101, returned + 10));
  feed (fx, of_thread (happened (FIFOLAB_WATCH_ATTACH, 100), 102, returned + 20));
  feed (fx, of_thread (happened (FIFOLAB_WATCH_EXIT, 300), 300, returned + 30));
  /* ...cannot pay it, but thread 100 and process 400 still may. */
  g_assert_cmpuint (fifolab_observed_get_before (seen), ==, 0);
  feed (fx, of_thread (call ("close", 100, 3, NULL), 100, returned + 40));
  g_assert_cmpuint (fifolab_observed_get_before (seen), ==, 0);
  /* No live thread is left that may tell a write that paid. */
  feed (fx, of_thread (happened (FIFOLAB_WATCH_EXIT, 400), 400, returned + 50));
  assert_in_pipe (seen, 4, 0, TRUE);
}

/* The write side of the same order: writer 100's thread 101 tells a write
 * that entered after a read in debt returned before its thread 100 tells
 * the older write that paid that read. The newer write cannot have paid the
 * read, but it says nothing of thread 100's write still to be told: its
 * bytes are kept aside, and the read's are not "before the watch". Counted
 * at once, the read's 3 bytes were "before" and thread 100's write then
 * added them a second time (queued 7 for the 4 really there). Once no live
 * thread may still tell an older write (thread 100 tells a later call), a
 * read's bytes no write paid were there before the watch; the write kept
 * aside then goes into the stream after them. */
static void
test_observed_threads_write (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = NULL;
  FifolabObserved *seen;
  FifolabWatchRecord *read = call ("read", 200, 4, "hi\n");
  FifolabLogEntry *entry;
  gint64 t = read->time_us;
  gint64 returned = t + read->blocked_us;

  feed (fx, of_thread (happened (FIFOLAB_WATCH_ATTACH, 100), 100, t - 1000));
  feed (fx, of_thread (happened (FIFOLAB_WATCH_ATTACH, 100), 101, t - 900));
  feed (fx, of_thread (happened (FIFOLAB_WATCH_ATTACH, 200), 200, t - 800));
  feed (fx, read);
  /* Thread 101's write entered after the read returned; thread 100 may
   * still tell the write that paid it. */
  feed (fx, of_thread (call ("write", 100, 3, "new\n"), 101, returned + 50));
  seen = fifolab_session_get_observed (fx->session, fx->path);
  g_assert_nonnull (seen);
  assert_counts (seen, 4, 3, 0, 4, FALSE);
  g_assert_cmpuint (n_messages (fx), ==, 0);
  /* It does. */
  feed (fx, of_thread (call ("write", 100, 3, "hi\n"), 100, t - 5));
  assert_counts (seen, 7, 3, 0, 4, FALSE);
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 1);
  entry = message (messages, "hi");
  assert_ends (entry, 100, 200, FIFOLAB_MESSAGE_WATCHED);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* The reader takes the 4, then 4 more no told write put in; thread 101
   * writes again after that read returned; thread 100, seen last in its
   * write, may still tell one that paid. */
  read = of_thread (call ("read", 200, 4, "new\nold\n"), 200, returned + 1000);
  returned = read->time_us + read->blocked_us;
  feed (fx, read);
  feed (fx, of_thread (call ("write", 100, 3, "x\n"), 101, returned + 10));
  assert_in_pipe (seen, 0, 2, FALSE);
  /* Thread 100's next call entered after the read returned: no live thread
   * may still tell a write that paid it. */
  feed (fx, of_thread (call ("close", 100, 3, NULL), 100, returned + 20));
  assert_counts (seen, 9, 11, 4, 2, TRUE);
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 3);
  entry = message (messages, "new");
  assert_ends (entry, 100, 200, FIFOLAB_MESSAGE_WATCHED);
  entry = message (messages, "old");
  assert_ends (entry, -1, 200, FIFOLAB_MESSAGE_WATCHED | FIFOLAB_MESSAGE_BEFORE_WATCH);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* The watch ends: "x" was never read. */
  feed (fx, happened (FIFOLAB_WATCH_DETACH, 100));
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 4);
  entry = message (messages, "x");
  g_assert_cmpint (fifolab_log_entry_get_sender_pid (entry), ==, 100);
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (entry), ==, -1);
}

/* What the diagram is told (fifolab_session_get_observed()): each process's
 * last call and the watch's count of the bytes in the pipe. A read told
 * before the write that paid it (the reader returns first) is not "before
 * the watch"; bytes a read took that no write paid (a write that entered
 * after the read returned cannot have) were in the pipe before the watch. */
static void
test_observed (Fixture       *fx,
               gconstpointer  data)
{
  FifolabObserved *seen;
  const FifolabObservedProcess *process;
  FifolabWatchRecord *read = call ("read", 200, 4, "hi\n");
  FifolabWatchRecord *write = call ("write", 100, 3, "hi\nmore\n");
  gboolean estimated = TRUE;

  g_assert_null (fifolab_session_get_observed (fx->session, fx->path));

  /* The write entered before the read returned, and is told after it. */
  write->time_us = read->time_us - 5;
  feed (fx, read);
  seen = fifolab_session_get_observed (fx->session, fx->path);
  g_assert_nonnull (seen);
  g_assert_cmpuint (fifolab_observed_get_queued (seen, &estimated), ==, 0);
  feed (fx, write);
  g_assert_cmpuint (fifolab_observed_get_queued (seen, &estimated), ==, 5);
  g_assert_false (estimated);
  g_assert_cmpuint (fifolab_observed_get_before (seen), ==, 0);

  process = fifolab_observed_lookup (seen, 200);
  g_assert_nonnull (process);
  g_assert_true (process->read);
  g_assert_false (process->wrote);
  g_assert_cmpstr (process->syscall, ==, "read");
  g_assert_cmpint (process->result, ==, 3);
  g_assert_cmpuint (process->taken, ==, 3);
  process = fifolab_observed_lookup (seen, 100);
  g_assert_true (process->wrote);
  g_assert_cmpuint (process->written, ==, 8);
  g_assert_cmpstr (fifolab_observed_get_process (seen, 0)->comm, ==, "reader");

  /* The reader takes the 5, then 4 more that no write put in... */
  feed (fx, call ("read", 200, 4, "more\nold\n"));
  g_assert_cmpuint (fifolab_observed_get_queued (seen, &estimated), ==, 0);
  /* ...which a write entered later cannot have paid: they were there before. */
  write = call ("write", 100, 3, "new\n");
  write->time_us += G_USEC_PER_SEC;
  feed (fx, write);
  assert_in_pipe (seen, 4, 4, TRUE);

  feed (fx, happened (FIFOLAB_WATCH_EXIT, 100));
  g_assert_true (fifolab_observed_lookup (seen, 100)->gone);
  g_assert_false (fifolab_observed_lookup (seen, 200)->gone);
}

/* A "blocked" record (the tracer's: a call running 100 ms, asleep): the
 * process is blocked in that call, since its entry, until the call's own
 * record (or the process's end); another thread's call does not end it. It
 * is a Watch event of its own and moves no byte. */
static void
test_observed_blocked (Fixture       *fx,
                       gconstpointer  data)
{
  FifolabWatchRecord *blocked = call ("write", 100, 3, NULL);
  FifolabWatchRecord *other = call ("write", 100, 3, "x");
  FifolabWatchRecord *done = call ("write", 100, 3, "hello\n");
  g_autoptr(GPtrArray) events = NULL;
  const FifolabObservedProcess *process;
  FifolabObserved *seen;
  gint64 entry;

  blocked->kind = FIFOLAB_WATCH_BLOCKED;
  blocked->requested = blocked->size = 100001;
  blocked->blocked_us = 100200;
  entry = blocked->time_us;
  feed (fx, blocked);
  seen = fifolab_session_get_observed (fx->session, fx->path);
  process = fifolab_observed_lookup (seen, 100);
  g_assert_nonnull (process);
  g_assert_cmpstr (process->blocked_syscall, ==, "write");
  g_assert_true (process->blocked_write);
  g_assert_false (process->blocked_read);
  g_assert_cmpint (process->blocked_requested, ==, 100001);
  g_assert_cmpint (process->blocked_since_us, ==, entry);
  g_assert_null (process->syscall);
  g_assert_cmpuint (fifolab_observed_get_written (seen), ==, 0);
  events = entries (fx, FIFOLAB_DIRECTION_EVENT);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (fifolab_log_entry_get_display_text (g_ptr_array_index (events, 0)), ==,
                   "100 writer still blocked in write(3, 100001) after 0.100200 s");

  /* Another thread of it writes meanwhile: still blocked. */
  other->tid = 101;
  feed (fx, other);
  g_assert_cmpstr (fifolab_observed_lookup (seen, 100)->blocked_syscall, ==, "write");

  /* Its own call returns. */
  done->time_us = entry;
  done->blocked_us = 2000000;
  feed (fx, done);
  process = fifolab_observed_lookup (seen, 100);
  g_assert_null (process->blocked_syscall);
  g_assert_cmpint (process->blocked_us, ==, 2000000);

  /* Blocked again, and it ends. */
  blocked = call ("read", 100, 3, NULL);
  blocked->kind = FIFOLAB_WATCH_BLOCKED;
  feed (fx, blocked);
  g_assert_true (fifolab_observed_lookup (seen, 100)->blocked_read);
  feed (fx, happened (FIFOLAB_WATCH_EXIT, 100));
  g_assert_null (fifolab_observed_lookup (seen, 100)->blocked_syscall);
}

/* The teacher's case: a writer blocked in a full pipe (its "blocked"
 * record at 0.1 s), the reader detached 7.365 s after the write began, the
 * watch stopping while the write is still inside ("letting-go" at 7.565 s),
 * then the write returning at 7.6 s. The log lists them in the order they
 * were told: each entry's logged time is when, never before the one above
 * it; its time stays when the call began. The exports carry both: "time"
 * and "mono_us" keep their meaning, "logged" and "logged_mono_us" (JSON
 * Lines, after "call") and the CSV's "logged" column say when it was logged. */
static void
test_logged_time (Fixture       *fx,
                  gconstpointer  data)
{
  FifolabLog *log = fifolab_session_get_log (fx->session);
  FifolabWatchRecord *blocked = call ("write", 100, 3, NULL);
  FifolabWatchRecord *detach = happened (FIFOLAB_WATCH_DETACH, 200);
  FifolabWatchRecord *letting_go = call ("write", 100, 3, NULL);
  FifolabWatchRecord *done = call ("write", 100, 3, "hello\n");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) csv_lines = NULL;
  gint64 entry = blocked->time_us;
  static const gint64 told[] = { 100200, 7365000, 7565000, 7600000 };
  gint64 previous = G_MININT64;

  blocked->kind = FIFOLAB_WATCH_BLOCKED;
  blocked->blocked_us = told[0];
  detach->time_us = entry + told[1];
  letting_go->kind = FIFOLAB_WATCH_LETTING_GO;
  letting_go->time_us = entry;
  letting_go->blocked_us = told[2];
  done->time_us = entry;
  done->blocked_us = told[3];
  feed (fx, blocked);
  feed (fx, detach);
  feed (fx, letting_go);
  feed (fx, done);

  events = entries (fx, FIFOLAB_DIRECTION_EVENT);
  g_assert_cmpuint (events->len, ==, 4);
  for (guint i = 0; i < events->len; i++)
    {
      FifolabLogEntry *e = g_ptr_array_index (events, i);
      gint64 logged = fifolab_log_entry_get_logged_mono_us (e);

      g_test_message ("%s: time %" G_GINT64_FORMAT " logged %" G_GINT64_FORMAT,
                      fifolab_log_entry_get_display_text (e),
                      fifolab_log_entry_get_mono_us (e) - entry, logged - entry);
      /* Its time: when the call began (the detach: when it happened). */
      g_assert_cmpint (fifolab_log_entry_get_mono_us (e), ==, i == 1 ? entry + told[1] : entry);
      /* Logged when told, reading down never earlier than above. */
      g_assert_cmpint (logged, ==, entry + told[i]);
      g_assert_cmpint (logged, >=, previous);
      previous = logged;
      g_assert_cmpint (fifolab_log_entry_get_logged_wall_us (e) - fifolab_log_entry_get_wall_us (e), ==,
                       logged - fifolab_log_entry_get_mono_us (e));
      g_assert_cmpint (fifolab_log_entry_is_logged_late (e), ==, i != 1);
    }

  /* JSON Lines: time and mono_us as before, then when it was logged. */
  json = fifolab_test_export_jsonl (log);
  lines = g_strsplit (g_bytes_get_data (json, NULL), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *mono = g_strdup_printf ("\"mono_us\":%" G_GINT64_FORMAT ",",
                                               i == 1 ? entry + told[1] : entry);
      g_autofree char *logged = g_strdup_printf (",\"logged_mono_us\":%" G_GINT64_FORMAT "}",
                                                 entry + told[i]);

      g_test_message ("%s", lines[i]);
      g_assert_nonnull (strstr (lines[i], mono));
      /* The detach happened when it was told: nothing to add. */
      if (i == 1)
        g_assert_null (strstr (lines[i], "logged"));
      else
        {
          g_assert_true (g_str_has_suffix (lines[i], logged));
          g_assert_nonnull (strstr (lines[i], "},\"logged\":\""));
        }
    }

  /* CSV: a last column, "logged", empty when it is the entry's time. */
  csv = fifolab_test_export (log, FIFOLAB_EXPORT_CSV);
  csv_lines = g_strsplit (g_bytes_get_data (csv, NULL), "\r\n", -1);
  g_assert_true (g_str_has_suffix (csv_lines[0], ",framing,logged"));
  g_assert_true (g_str_has_suffix (csv_lines[2], ","));
  for (guint i = 0; i < 4; i++)
    {
      const char *logged = strrchr (csv_lines[i + 1], ',') + 1;
      const char *time = strchr (csv_lines[i + 1], ',') + 1;
      g_autoptr(GDateTime) at = NULL;
      g_autoptr(GDateTime) logged_at = NULL;
      g_autofree char *time_text = g_strndup (time, strchr (time, ',') - time);

      g_test_message ("%s", csv_lines[i + 1]);
      if (i == 1)
        {
          g_assert_cmpstr (logged, ==, "");
          continue;
        }
      at = g_date_time_new_from_iso8601 (time_text, NULL);
      logged_at = g_date_time_new_from_iso8601 (logged, NULL);
      g_assert_nonnull (at);
      g_assert_nonnull (logged_at);
      g_assert_cmpint (g_date_time_difference (logged_at, at), ==, told[i]);
    }
}

/* The entry at @position of the log (a ref). */
static FifolabLogEntry *
entry_at (Fixture *fx,
          guint    position)
{
  return g_list_model_get_item (G_LIST_MODEL (fifolab_session_get_log (fx->session)), position);
}

/* The first record of @syscall by @pid that moved bytes. */
static FifolabWatchRecord *
moving_call (GPtrArray  *records,
             const char *syscall,
             gint64      pid)
{
  for (guint i = 0; i < records->len; i++)
    {
      FifolabWatchRecord *r = g_ptr_array_index (records, i);

      if (r->kind == FIFOLAB_WATCH_CALL && g_strcmp0 (r->syscall, syscall) == 0 &&
          r->result > 0 && r->pid == pid)
        return r;
    }
  g_assert_not_reached ();
  return NULL;
}

/* A watched message is logged when the session handles the record that
 * completes it: a real cat asleep in read() on the empty pipe (the shell
 * writes once /proc says so), then the write. The read began before the
 * write; the message's time stays when the call that delivered it began
 * (the read's, or the write's when the watch told the read first), and it
 * is logged when that call was told (the read: when it returned, after the
 * write above it began), as the Watch entry of that call just above it: the
 * time column never runs backwards. The exports say it ("logged",
 * "logged_mono_us", the CSV's "logged"), and a recording read back keeps
 * it. */
static void
test_logged_time_read (Fixture       *fx,
                       gconstpointer  data)
{
  static const char text[] = "Hello, blocked reader";
  FifolabLog *log = fifolab_session_get_log (fx->session);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(FifolabLogEntry) above = NULL;
  g_autoptr(FifolabLogEntry) write_entry = NULL;
  g_autoptr(FifolabLogEntry) again = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(FifolabRecording) recording = NULL;
  g_autoptr(FifolabLog) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *script = NULL;
  g_autofree char *logged_member = NULL;
  FifolabWatchRecord *read;
  FifolabWatchRecord *write;
  FifolabWatchRecord *delivering;
  FifolabLogEntry *entry;
  gint64 reader;
  gint64 writer;
  gint64 logged;
  guint n_reads;
  guint n_writes;
  guint position = G_MAXUINT;
  guint write_position = G_MAXUINT;
  const char *csv_line = NULL;

  if (!fifolab_test_watch_supported (2))
    return;

  script = fifolab_test_blocked_read_script (fx->path, text);
  records = watch_script (fx, script);
  reader = caller_of (records, "read", -1, &n_reads);
  writer = caller_of (records, "write", -1, &n_writes);
  g_assert_cmpuint (n_writes, ==, 1);
  read = moving_call (records, "read", reader);
  write = moving_call (records, "write", writer);
  /* The read slept: it began before the write and returned after it began. */
  g_assert_cmpint (read->time_us, <, write->time_us);
  g_assert_cmpint (fifolab_watch_record_get_told_us (read), >, write->time_us);

  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpuint (messages->len, ==, 1);
  entry = message (messages, text);
  g_assert_cmpint (fifolab_log_entry_get_receiver_pid (entry), ==, reader);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) e = entry_at (fx, i);

      if (fifolab_log_entry_get_serial (e) == fifolab_log_entry_get_serial (entry))
        position = i;
      if (fifolab_log_entry_get_kind (e) == FIFOLAB_EVENT_WATCH &&
          fifolab_log_entry_get_sender_pid (e) == writer && write_position == G_MAXUINT &&
          strstr (fifolab_log_entry_get_display_text (e), "write(") != NULL)
        write_position = i;
    }
  g_assert_cmpuint (position, >, 0);
  g_assert_cmpuint (write_position, <, position);
  above = entry_at (fx, position - 1);
  write_entry = entry_at (fx, write_position);
  logged = fifolab_log_entry_get_logged_mono_us (entry);
  g_test_message ("read %" G_GINT64_FORMAT "+%" G_GINT64_FORMAT ", write %" G_GINT64_FORMAT
                  "+%" G_GINT64_FORMAT "; message at %" G_GINT64_FORMAT ", logged %" G_GINT64_FORMAT
                  "; above: %s", read->time_us, read->blocked_us, write->time_us, write->blocked_us,
                  fifolab_log_entry_get_mono_us (entry), logged,
                  fifolab_log_entry_get_display_text (above));

  /* The Watch entry just above is the call that delivered it. */
  g_assert_cmpint (fifolab_log_entry_get_kind (above), ==, FIFOLAB_EVENT_WATCH);
  delivering = fifolab_log_entry_get_mono_us (above) == read->time_us ? read : write;
  g_assert_cmpint (fifolab_log_entry_get_mono_us (above), ==, delivering->time_us);
  /* Its time: when that call began; logged when it was told, as that
   * entry, never before the write above it. */
  g_assert_cmpint (fifolab_log_entry_get_mono_us (entry), ==, delivering->time_us);
  g_assert_cmpint (logged, ==, fifolab_watch_record_get_told_us (delivering));
  g_assert_cmpint (logged, ==, fifolab_log_entry_get_logged_mono_us (above));
  g_assert_cmpint (logged, >, fifolab_log_entry_get_mono_us (write_entry));
  g_assert_cmpint (fifolab_log_entry_get_logged_wall_us (entry) - fifolab_log_entry_get_wall_us (entry), ==,
                   logged - fifolab_log_entry_get_mono_us (entry));
  g_assert_cmpint (fifolab_log_entry_is_logged_late (entry), ==,
                   logged - delivering->time_us >= FIFOLAB_LOG_ENTRY_LATE_US);

  /* JSON Lines: the message's line ends with when it was logged. */
  json = fifolab_test_export_jsonl (log);
  lines = g_strsplit (g_bytes_get_data (json, NULL), "\n", -1);
  logged_member = g_strdup_printf (",\"logged_mono_us\":%" G_GINT64_FORMAT "}", logged);
  g_assert_cmpuint (g_strv_length (lines), >, position);
  g_test_message ("%s", lines[position]);
  g_assert_nonnull (strstr (lines[position], "\"direction\":\"received\""));
  g_assert_true (g_str_has_suffix (lines[position], logged_member));
  g_assert_nonnull (strstr (lines[position], "\"framing\":\"line\",\"logged\":\""));

  /* CSV: its last column. */
  csv = fifolab_test_export (log, FIFOLAB_EXPORT_CSV);
  {
    g_auto(GStrv) csv_lines = g_strsplit (g_bytes_get_data (csv, NULL), "\r\n", -1);
    const char *time;
    g_autofree char *time_text = NULL;
    g_autoptr(GDateTime) at = NULL;
    g_autoptr(GDateTime) logged_at = NULL;

    csv_line = csv_lines[position + 1];
    g_test_message ("%s", csv_line);
    g_assert_nonnull (strstr (csv_line, text));
    time = strchr (csv_line, ',') + 1;
    time_text = g_strndup (time, strchr (time, ',') - time);
    at = g_date_time_new_from_iso8601 (time_text, NULL);
    logged_at = g_date_time_new_from_iso8601 (strrchr (csv_line, ',') + 1, NULL);
    g_assert_nonnull (at);
    g_assert_nonnull (logged_at);
    g_assert_cmpint (g_date_time_difference (logged_at, at), ==, logged - fifolab_log_entry_get_mono_us (entry));
  }

  /* Read back, the message is logged when it was. */
  in = g_memory_input_stream_new_from_bytes (json);
  recording = fifolab_recording_read (in, NULL, &error);
  g_assert_no_error (error);
  reopened = fifolab_log_new ();
  g_assert_true (fifolab_recording_fill_log (recording, reopened, 0));
  fifolab_log_flush (reopened);
  again = g_list_model_get_item (G_LIST_MODEL (reopened), position);
  g_assert_cmpuint (fifolab_log_entry_get_serial (again), ==, fifolab_log_entry_get_serial (entry));
  g_assert_cmpint (fifolab_log_entry_get_mono_us (again), ==, fifolab_log_entry_get_mono_us (entry));
  g_assert_cmpint (fifolab_log_entry_get_logged_mono_us (again), ==, logged);
  g_assert_cmpint (fifolab_log_entry_get_logged_wall_us (again), ==, fifolab_log_entry_get_logged_wall_us (entry));
}

typedef struct
{
  Fixture *fx;
  guint    n;
} Messages;

/* For fifolab_test_wait_until(): the session has logged at least n
 * messages. */
static gboolean
has_messages (gpointer data)
{
  Messages *m = data;

  return n_messages (m->fx) >= m->n;
}

/* Three paths into one log, in the order the main loop can handle them: a
 * real shell's line written into the pipe and told by the watch (the test
 * holds the pipe open, so the line waits in it), then FIFO Lab's own
 * reader opened on the pipe, which reads and logs that line, then the
 * watch's records, which reach the session after the reader's bytes as a
 * slower watch's do, then a second shell's line read by the reader. Read
 * down, no row is logged before the row above it: an entry whose time is
 * before the row above it is logged when it came (and says it is logged
 * late), its own time kept. */
static void
test_logged_in_order (Fixture       *fx,
                      gconstpointer  data)
{
  FifolabLog *log = fifolab_session_get_log (fx->session);
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *second = NULL;
  Messages one = { fx, 1 };
  Messages two = { fx, 2 };
  FifolabWatchRecord *write_record;
  gint64 previous = G_MININT64;
  gint64 read_us;
  gboolean write_seen = FALSE;
  guint n;
  int holder;

  if (!fifolab_test_watch_supported (2))
    return;

  holder = open (fx->path, O_RDWR | O_CLOEXEC);
  g_assert_cmpint (holder, >=, 0);
  script = g_strdup_printf ("printf 'told first\\n' > '%s'", fx->path);
  records = fifolab_test_watch_script (fx->dir, fx->path, script);
  write_record = moving_call (records, "write", caller_of (records, "write", -1, &n));

  g_assert_nonnull (fifolab_session_open_reader (fx->session, fx->path, framer, &error));
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (has_messages, &one, 10000));
  messages = entries (fx, FIFOLAB_DIRECTION_RECEIVED);
  g_assert_cmpstr (fifolab_log_entry_get_display_text (g_ptr_array_index (messages, 0)), ==, "told first");
  read_us = fifolab_log_entry_get_logged_mono_us (g_ptr_array_index (messages, 0));
  /* The watch told the write before the reader read its line. */
  g_assert_cmpint (fifolab_watch_record_get_told_us (write_record), <, read_us);

  for (guint i = 0; i < records->len; i++)
    fifolab_session_log_watch_record (fx->session, fx->path, g_ptr_array_index (records, i));

  second = g_strdup_printf ("printf 'read last\\n' > '%s'", fx->path);
  {
    const char *argv[] = { "/bin/sh", "-c", second, NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_true (fifolab_test_wait_until (has_messages, &two, 10000));
  close (holder);

  fifolab_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  g_assert_cmpuint (n, >, records->len + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) e = g_list_model_get_item (G_LIST_MODEL (log), i);
      gint64 logged = fifolab_log_entry_get_logged_mono_us (e);

      g_test_message ("%s: time %" G_GINT64_FORMAT " logged %" G_GINT64_FORMAT,
                      fifolab_log_entry_get_display_text (e),
                      fifolab_log_entry_get_mono_us (e), logged);
      g_assert_cmpint (logged, >=, previous);
      g_assert_cmpint (logged, >=, fifolab_log_entry_get_mono_us (e));
      g_assert_cmpint (fifolab_log_entry_get_logged_wall_us (e) - fifolab_log_entry_get_wall_us (e), ==,
                       logged - fifolab_log_entry_get_mono_us (e));
      previous = logged;
      /* The write's Watch entry: its time when the call began, logged after
       * the line the reader read. */
      if (fifolab_log_entry_get_direction (e) == FIFOLAB_DIRECTION_EVENT &&
          fifolab_log_entry_get_kind (e) == FIFOLAB_EVENT_WATCH &&
          fifolab_log_entry_get_sender_pid (e) == write_record->pid &&
          fifolab_log_entry_get_mono_us (e) == write_record->time_us)
        {
          g_assert_cmpint (logged, >=, read_us);
          write_seen = TRUE;
        }
    }
  g_assert_true (write_seen);
}

/* A "stopped" record (a group-stop: SIGSTOP, Ctrl+Z) says the process is
 * stopped, with the signal, until its "continued" record (SIGCONT) or its
 * end: what the diagram draws as "stopped (SIGSTOP)". */
static void
test_observed_stopped (Fixture       *fx,
                       gconstpointer  data)
{
  FifolabWatchRecord *stopped = happened (FIFOLAB_WATCH_STOPPED, 100);
  FifolabObserved *seen;

  feed (fx, happened (FIFOLAB_WATCH_ATTACH, 100));
  seen = fifolab_session_get_observed (fx->session, fx->path);
  g_assert_cmpint (fifolab_observed_lookup (seen, 100)->stop_signal, ==, 0);
  stopped->result = SIGSTOP;
  feed (fx, stopped);
  g_assert_cmpint (fifolab_observed_lookup (seen, 100)->stop_signal, ==, SIGSTOP);
  feed (fx, happened (FIFOLAB_WATCH_CONTINUED, 100));
  g_assert_cmpint (fifolab_observed_lookup (seen, 100)->stop_signal, ==, 0);

  /* Stopped by Ctrl+Z, and ended so (SIGKILL): no longer stopped. */
  stopped = happened (FIFOLAB_WATCH_STOPPED, 100);
  stopped->result = SIGTSTP;
  feed (fx, stopped);
  g_assert_cmpint (fifolab_observed_lookup (seen, 100)->stop_signal, ==, SIGTSTP);
  feed (fx, happened (FIFOLAB_WATCH_EXIT, 100));
  g_assert_cmpint (fifolab_observed_lookup (seen, 100)->stop_signal, ==, 0);
}

/* The tester's case: a process already traced (strace) that the watch was
 * refused. Its Watch entry had the explanation of a watched call ("the
 * system call, its result or error and how long it was blocked"), but a
 * refusal has no call and no result. Each kind of record the log shows
 * gets an explanation of its own, in the log and in its export; a call
 * keeps the call's. */
static void
test_explanations (Fixture       *fx,
                   gconstpointer  data)
{
  static const struct {
    FifolabWatchKind  kind;
    const char       *says;   /* a word of its explanation */
  } kinds[] = {
    { FIFOLAB_WATCH_REFUSED, "refused" },
    { FIFOLAB_WATCH_ATTACH, "ptrace" },
    { FIFOLAB_WATCH_EXIT, "exit status" },
    { FIFOLAB_WATCH_STOPPED, "SIGCONT" },
    { FIFOLAB_WATCH_CONTINUED, "SIGCONT" },
    { FIFOLAB_WATCH_DETACH, "no longer" },
  };
  const char *watched_call = fifolab_event_kind_get_explanation (FIFOLAB_EVENT_WATCH);
  FifolabLog *log = fifolab_session_get_log (fx->session);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GBytes) jsonl = NULL;
  g_auto(GStrv) lines = NULL;
  FifolabLogEntry *entry;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      FifolabWatchRecord *record = happened (kinds[i].kind, 4242);

      record->comm = g_strdup ("cat");
      if (kinds[i].kind == FIFOLAB_WATCH_REFUSED)
        record->message = g_strdup ("Process 4242 (cat) is already traced by process 4241 (strace: a "
                                    "debugger, strace or another watch): a process can have one tracer "
                                    "at a time. Stop that tracer to watch it, or use a tap, which relays "
                                    "the pipe without tracing.");
      feed (fx, record);
    }
  feed (fx, call ("write", 100, 3, "hi\n"));

  events = entries (fx, FIFOLAB_DIRECTION_EVENT);
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (kinds) + 1);
  jsonl = fifolab_test_export_jsonl (log);
  lines = g_strsplit (g_bytes_get_data (jsonl, NULL), "\n", -1);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const char *explanation;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;

      entry = g_ptr_array_index (events, i);
      explanation = fifolab_log_entry_get_explanation (entry);
      g_test_message ("%s: %s", fifolab_watch_kind_to_string (kinds[i].kind), explanation);
      g_assert_cmpint (fifolab_log_entry_get_kind (entry), ==, FIFOLAB_EVENT_WATCH);
      g_assert_cmpstr (explanation, !=, watched_call);
      g_assert_null (strstr (explanation, "result or error"));
      g_assert_nonnull (strstr (explanation, kinds[i].says));
      /* The export says the same. */
      node = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "explanation"), ==,
                       explanation);
    }
  entry = g_ptr_array_index (events, G_N_ELEMENTS (kinds));
  g_assert_cmpstr (fifolab_log_entry_get_explanation (entry), ==, watched_call);
}

/* Two writers' calls, exported from the log as pcapng: one packet per
 * write and read, each with its pid, command and direction in its
 * comment. */
static void
test_pcapng_export (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *comments = NULL;
  g_autofree char *lens = NULL;
  g_autofree char *file_path = g_build_filename (fx->dir, "capture.pcapng", NULL);
  FifolabLog *log = fifolab_session_get_log (fx->session);
  FifolabExportFormat format;

  g_assert_true (fifolab_export_format_from_filename ("capture.pcapng", &format));
  g_assert_cmpint (format, ==, FIFOLAB_EXPORT_PCAPNG);

  feed (fx, call ("write", 100, 3, "Hello from pid [100"));
  /* An event in between is no packet. */
  fifolab_log_append_event (log, FIFOLAB_EVENT_CREATED, fx->path, "made");
  feed (fx, call ("write", 101, 5, "Hello from pid [101]\n"));
  feed (fx, call ("write", 100, 3, "]\n"));
  feed (fx, call ("read", 200, 4, "Hello from pid [100Hello from pid [101]\n]\n"));

  comments = export_pcapng (fx);
  if (comments == NULL)
    return;
  g_assert_cmpstr (comments, ==, "pid 100 (writer) write 19 bytes, blocked 7 us\n"
                                 "pid 101 (reader) write 21 bytes, blocked 7 us\n"
                                 "pid 100 (writer) write 2 bytes, blocked 7 us\n"
                                 "pid 200 (reader) read 42 bytes, blocked 7 us\n");
  /* The 64-byte header, then the bytes. */
  lens = tshark_fields (file_path, "frame.len");
  g_assert_cmpstr (lens, ==, "83\n85\n66\n106\n");
}

/* The calls go with their entries: a cleared log exports no packet. */
static void
test_pcapng_follows_log (Fixture       *fx,
                         gconstpointer  data)
{
  FifolabLog *log = fifolab_session_get_log (fx->session);
  g_autoptr(GPtrArray) calls = NULL;

  feed (fx, call ("write", 100, 3, "a\n"));
  feed (fx, call ("read", 200, 4, "a\n"));
  calls = _fifolab_log_snapshot_calls (log);
  g_assert_cmpuint (calls->len, ==, 2);
  g_clear_pointer (&calls, g_ptr_array_unref);

  /* Entries evicted by the cap take their calls along. */
  /* The write's entry, the read's, the message: the first goes. */
  fifolab_log_set_cap (log, 2);
  calls = _fifolab_log_snapshot_calls (log);
  g_assert_cmpuint (calls->len, ==, 1);
  g_clear_pointer (&calls, g_ptr_array_unref);

  fifolab_log_clear (log);
  calls = _fifolab_log_snapshot_calls (log);
  g_assert_cmpuint (calls->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/session-watch/two-writes-one-line", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_two_writes_one_line, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/two-writers", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_two_writers, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/read-joined", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_read_joined, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/seed-writer", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_seed_writer, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/built-records", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_built_records, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/watched-contradiction-counted", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_watched_contradiction_counted, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/before-watch", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_before_watch, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/unseen-writer", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_unseen_writer, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/exit-before-paying-write", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_exit_before_paying_write, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/observed", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_observed, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/observed-threads", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_observed_threads, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/observed-threads-write", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_observed_threads_write, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/observed-blocked", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_observed_blocked, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/logged-time", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_logged_time, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/logged-time-read", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_logged_time_read, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/logged-in-order", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_logged_in_order, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/observed-stopped", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_observed_stopped, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/explanations", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_explanations, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/pcapng-export", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_pcapng_export, fifolab_test_session_fifo_teardown);
  g_test_add ("/session-watch/pcapng-follows-log", Fixture, NULL, fifolab_test_session_fifo_setup,
              test_pcapng_follows_log, fifolab_test_session_fifo_teardown);

  return g_test_run ();
}
