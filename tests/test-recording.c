/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Recordings (fifolab-recording.c), without a display: a live session's log
 * exported as JSON Lines and read back gives the same entries, field by
 * field, and the same observed calls; exported again, the same file byte
 * for byte. The sessions are real: the seed's writer and cat under
 * `fifolab-peer watch`, and FIFO Lab's own reader getting three lines and
 * the end of the stream from a shell. Bad files fail with a message naming
 * the line; files exported before recordings existed still open. */
#include "config.h"

#include <string.h>

#include "fifolab-log-private.h"
#include "fifolab-framer.h"
#include "fifolab-log-calls.h"
#include "fifolab-recording.h"
#include "fifolab-sequence.h"
#include "fifolab-session.h"
#include "fifolab-test-util.h"
#include "fifolab-watch-record.h"

typedef FifolabTestSessionFifo Fixture;

static FifolabRecording *
read_bytes (GBytes  *bytes,
            GError **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

  return fifolab_recording_read (stream, NULL, error);
}

static FifolabRecording *
read_text (const char *text,
           GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return read_bytes (bytes, error);
}

static void
assert_same_bytes (GBytes *a,
                   GBytes *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (g_bytes_equal (a, b));
}

static void
assert_same_entries (FifolabLog *a,
                     FifolabLog *b,
                     gboolean    with_calls)
{
  guint n;

  fifolab_log_flush (a);
  fifolab_log_flush (b);
  n = g_list_model_get_n_items (G_LIST_MODEL (a));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (b)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabLogEntry) x = g_list_model_get_item (G_LIST_MODEL (a), i);
      g_autoptr(FifolabLogEntry) y = g_list_model_get_item (G_LIST_MODEL (b), i);

      g_assert_cmpuint (fifolab_log_entry_get_serial (x), ==, fifolab_log_entry_get_serial (y));
      g_assert_cmpint (fifolab_log_entry_get_wall_us (x), ==, fifolab_log_entry_get_wall_us (y));
      g_assert_cmpint (fifolab_log_entry_get_mono_us (x), ==, fifolab_log_entry_get_mono_us (y));
      /* When it was logged comes from its watch record: without one (a
       * file exported before they were), when it happened. */
      if (with_calls)
        {
          g_assert_cmpint (fifolab_log_entry_get_logged_mono_us (x), ==, fifolab_log_entry_get_logged_mono_us (y));
          g_assert_cmpint (fifolab_log_entry_get_logged_wall_us (x), ==, fifolab_log_entry_get_logged_wall_us (y));
        }
      else
        g_assert_cmpint (fifolab_log_entry_get_logged_mono_us (y), ==, fifolab_log_entry_get_mono_us (y));
      g_assert_cmpint (fifolab_log_entry_get_direction (x), ==, fifolab_log_entry_get_direction (y));
      g_assert_cmpint (fifolab_log_entry_get_kind (x), ==, fifolab_log_entry_get_kind (y));
      g_assert_cmpuint (fifolab_log_entry_get_flags (x), ==, fifolab_log_entry_get_flags (y));
      g_assert_cmpint (fifolab_log_entry_get_framing (x), ==, fifolab_log_entry_get_framing (y));
      g_assert_cmpstr (fifolab_log_entry_get_pipe_path (x), ==, fifolab_log_entry_get_pipe_path (y));
      g_assert_cmpint (fifolab_log_entry_get_sender_pid (x), ==, fifolab_log_entry_get_sender_pid (y));
      g_assert_cmpint (fifolab_log_entry_get_receiver_pid (x), ==,
                       fifolab_log_entry_get_receiver_pid (y));
      assert_same_bytes (fifolab_log_entry_get_bytes (x), fifolab_log_entry_get_bytes (y));
    }
}

static void
assert_same_record (const FifolabWatchRecord *x,
                    const FifolabWatchRecord *y)
{
  g_assert_cmpint (x->kind, ==, y->kind);
  g_assert_cmpstr (x->syscall, ==, y->syscall);
  g_assert_cmpint (x->pid, ==, y->pid);
  g_assert_cmpint (x->tid, ==, y->tid);
  g_assert_cmpstr (x->comm, ==, y->comm);
  g_assert_cmpint (x->fd, ==, y->fd);
  g_assert_cmpint (x->fd2, ==, y->fd2);
  g_assert_cmpint (x->result, ==, y->result);
  g_assert_cmpint (x->error, ==, y->error);
  g_assert_cmpint (x->requested, ==, y->requested);
  g_assert_cmpint (x->size, ==, y->size);
  g_assert_cmpint (x->blocked_us, ==, y->blocked_us);
  g_assert_cmpint (x->time_us, ==, y->time_us);
  g_assert_cmpint (x->is_write, ==, y->is_write);
  g_assert_cmpint (x->is_read, ==, y->is_read);
  g_assert_cmpint (x->signaled, ==, y->signaled);
  g_assert_true ((x->payload == NULL) == (y->payload == NULL));
  if (x->payload != NULL)
    assert_same_bytes (x->payload, y->payload);
}

/* The observed calls beside the entries; returns how many. */
static guint
assert_same_calls (FifolabLog *a,
                   FifolabLog *b)
{
  g_autoptr(GPtrArray) x = _fifolab_log_snapshot_calls (a);
  g_autoptr(GPtrArray) y = _fifolab_log_snapshot_calls (b);

  g_assert_cmpuint (x->len, ==, y->len);
  for (guint i = 0; i < x->len; i++)
    {
      const FifolabLogCall *cx = g_ptr_array_index (x, i);
      const FifolabLogCall *cy = g_ptr_array_index (y, i);

      g_assert_cmpuint (cx->serial, ==, cy->serial);
      g_assert_cmpint (cx->wall_us, ==, cy->wall_us);
      g_assert_cmpstr (cx->path, ==, cy->path);
      assert_same_record (cx->record, cy->record);
    }
  return x->len;
}

/* @log exported, read back into a new log, compared, exported again:
 * returns the new log. */
static FifolabLog *
round_trip (FifolabLog *log,
            guint      *n_calls)
{
  g_autoptr(GBytes) first = fifolab_test_export_jsonl (log);
  g_autoptr(GBytes) second = NULL;
  g_autoptr(FifolabRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  FifolabLog *reopened = fifolab_log_new ();

  recording = read_bytes (first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fifolab_recording_get_version (recording), ==, FIFOLAB_RECORDING_VERSION);
  g_assert_cmpint (fifolab_recording_get_start_wall_us (recording), >, 0);
  /* In batches, as the window fills it. */
  while (!fifolab_recording_fill_log (recording, reopened, 2))
    ;
  assert_same_entries (log, reopened, TRUE);
  *n_calls = assert_same_calls (log, reopened);

  second = fifolab_test_export_jsonl (reopened);
  g_assert_true (g_bytes_equal (first, second));
  return reopened;
}

/* -------------------------------------------------------------------- */
/* Real sessions */

/* The seed's Python writer and cat under watch, from their start. */
static void
test_watched_seed (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *writer_py = fifolab_test_seed_script ("write_to_named_pipe.py");
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabLog) reopened = NULL;
  g_auto(GStrv) lines = NULL;
  FifolabLog *log = fifolab_session_get_log (fx->session);
  guint n_writes = 0;
  guint n_calls = 0;
  int status = 0;

  if (!fifolab_test_watch_supported (2))
    return;

  script = g_strdup_printf ("'%s' '%s' '%s' & cat '%s' > cat.out; wait", fifolab_test_python (),
                            writer_py, fx->path, fx->path);
  {
    const char *argv[] = { fifolab_test_peer_path (), "watch", fx->path, "--json", "--",
                           "/bin/sh", "-c", script, NULL };

    g_assert_true (g_spawn_sync (fx->dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(FifolabWatchRecord) record = NULL;

      if (*lines[i] == '\0')
        continue;
      record = fifolab_watch_record_from_json (lines[i], &error);
      g_assert_no_error (error);
      n_writes += record->kind == FIFOLAB_WATCH_CALL && record->is_write && record->result > 0;
      fifolab_session_log_watch_record (fx->session, fx->path, record);
    }
  g_assert_cmpuint (n_writes, ==, 1);

  reopened = round_trip (log, &n_calls);
  /* The write and cat's reads (the last one at the end, of 0 bytes). */
  g_assert_cmpuint (n_calls, >=, 3);
}

static gboolean
has_end_of_stream (gpointer data)
{
  FifolabLog *log = data;

  fifolab_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_END_OF_STREAM)
        return TRUE;
    }
  return FALSE;
}

/* FIFO Lab's reader with line framing: three lines from a shell, then the
 * end of the stream. */
static void
test_read_session (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
  g_autoptr(FifolabLog) reopened = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  FifolabLog *log = fifolab_session_get_log (fx->session);
  guint n_received = 0;
  guint n_calls = 0;

  g_assert_nonnull (fifolab_session_open_reader (fx->session, fx->path, framer, &error));
  g_assert_no_error (error);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sh", "-c",
                           "printf 'Hello from pid [%d]\\n\\tsecond\\nthird \\342\\200\\224 3\\n' $$ > \"$1\"",
                           "sh", fx->path, NULL);
  g_assert_no_error (error);
  g_assert_true (fifolab_test_wait_until (has_end_of_stream, log, 10000));
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);

  reopened = round_trip (log, &n_calls);
  g_assert_cmpuint (n_calls, ==, 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (reopened)); i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (reopened), i);

      n_received += fifolab_log_entry_get_direction (entry) == FIFOLAB_DIRECTION_RECEIVED;
    }
  g_assert_cmpuint (n_received, ==, 3);
}

/* -------------------------------------------------------------------- */
/* Built logs */

/* A log that starts at serial 3 (two cleared), with a watched write that
 * carries bytes that are not UTF-8, and a pipe name that is not. */
static FifolabLog *
built_log (void)
{
  FifolabLog *log = fifolab_log_new ();
  g_autoptr(FifolabWatchRecord) write = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);
  static const guint8 binary[] = { 0xff, 0x00, 'a', '\n' };
  const char *odd = "/tmp/p\xe9pe";
  guint64 serial;

  fifolab_log_append_event (log, FIFOLAB_EVENT_CREATED, "/tmp/x", NULL);
  fifolab_log_append_event (log, FIFOLAB_EVENT_CREATED, "/tmp/x", NULL);
  fifolab_log_clear (log);
  fifolab_log_append (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_READER_OPENED, 0, odd,
                      -1, -1, 1700000000123456, 5000, (const guint8 *) "opened", 6);
  write->syscall = g_strdup ("write");
  write->pid = 4211;
  write->tid = 4212;
  write->comm = g_strdup ("writer");
  write->fd = 3;
  write->result = 4;
  write->size = 4;
  write->requested = 4;
  write->blocked_us = 17;
  write->time_us = 6000;
  write->is_write = TRUE;
  write->payload = g_bytes_new_static (binary, sizeof binary);
  serial = fifolab_log_append (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, odd,
                               4211, -1, 1700000000124456, 6000, (const guint8 *) "w", 1);
  _fifolab_log_attach_call (log, serial, 1700000000124456, odd, write);
  fifolab_log_append_message (log, FIFOLAB_DIRECTION_RECEIVED,
                              FIFOLAB_MESSAGE_WATCHED | FIFOLAB_MESSAGE_PID_UNSEEN,
                              FIFOLAB_FRAMING_LINE, odd, 4211, 99, 1700000000125456, 7000,
                              binary, 3);
  fifolab_log_append (log, FIFOLAB_DIRECTION_OUTPUT, FIFOLAB_EVENT_NONE, 0, NULL,
                      -1, -1, 1700000000126456, 8000, (const guint8 *) "", 0);
  return log;
}

static void
test_built (void)
{
  g_autoptr(FifolabLog) log = built_log ();
  g_autoptr(FifolabLog) reopened = NULL;
  guint n_calls = 0;

  reopened = round_trip (log, &n_calls);
  g_assert_cmpuint (n_calls, ==, 1);
  {
    g_autoptr(FifolabLogEntry) first = g_list_model_get_item (G_LIST_MODEL (reopened), 0);

    g_assert_cmpuint (fifolab_log_entry_get_serial (first), ==, 2);
  }
}

/* A file exported before recordings existed: no "recording", no "call". */
static void
test_old_file (void)
{
  g_autoptr(FifolabLog) log = built_log ();
  g_autoptr(GBytes) exported = fifolab_test_export_jsonl (log);
  g_autoptr(GString) old = g_string_new (NULL);
  g_autoptr(FifolabRecording) recording = NULL;
  g_autoptr(FifolabLog) reopened = fifolab_log_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = g_strsplit (g_bytes_get_data (exported, NULL), "\n", -1);
  g_autoptr(GPtrArray) calls = NULL;

  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      JsonObject *object;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      object = json_node_get_object (json_parser_get_root (parser));
      json_object_remove_member (object, "recording");
      json_object_remove_member (object, "call");
      json_object_remove_member (object, "logged");
      json_object_remove_member (object, "logged_mono_us");
      json_generator_set_root (generator, json_parser_get_root (parser));
      json_generator_to_gstring (generator, old);
      g_string_append_c (old, '\n');
    }

  recording = read_text (old->str, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fifolab_recording_get_version (recording), ==, 0);
  g_assert_cmpint (fifolab_recording_get_start_wall_us (recording), ==, -1);
  g_assert_true (fifolab_recording_fill_log (recording, reopened, 0));
  assert_same_entries (log, reopened, FALSE);
  calls = _fifolab_log_snapshot_calls (reopened);
  g_assert_cmpuint (calls->len, ==, 0);
}

/* -------------------------------------------------------------------- */
/* Every watched call: the sequence diagram of a recording */

/* A watched session with every kind of call the sequence draws: an open
 * that finds no reader (ENXIO), cat's open that blocks until a writer
 * comes, a shell's open, write and close, cat's reads (the last at the end
 * of the stream), a writer whose reader left (EPIPE, then SIGPIPE), the
 * processes' starts and exits. */
static const char every_call_script[] =
  "\"$1\" -c 'import os, sys\n"
  "try:\n"
  "    os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)\n"
  "except OSError:\n"
  "    pass' \"$2\"\n"
  "cat \"$2\" > cat.out &\n"
  "sleep 0.2\n"
  "printf 'Hello from pid [%d]\\n' $$ > \"$2\"\n"
  "wait\n"
  "( trap - PIPE; true < \"$2\" & exec 3> \"$2\"; wait; printf 'lost\\n' >&3 )\n"
  "exit 0\n";

/* Runs @script under fifolab-peer watch of @path, in @dir: its records. */
static GPtrArray *
watch_script (const char *dir,
              const char *path,
              const char *script)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) fifolab_watch_record_unref);
  const char *argv[] = { fifolab_test_peer_path (), "watch", path, "--json", "--",
                         "/bin/sh", "-c", script, "sh", fifolab_test_python (), path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      FifolabWatchRecord *record;

      if (*lines[i] == '\0')
        continue;
      record = fifolab_watch_record_from_json (lines[i], &error);
      g_assert_no_error (error);
      g_ptr_array_add (records, record);
    }
  return records;
}

static void
assert_same_sequence (FifolabSequence *a,
                      FifolabSequence *b)
{
  g_assert_cmpuint (fifolab_sequence_get_n_rows (a), ==, fifolab_sequence_get_n_rows (b));
  for (guint i = 0; i < fifolab_sequence_get_n_rows (a); i++)
    {
      const FifolabSeqRow *x = fifolab_sequence_get_row (a, i);
      const FifolabSeqRow *y = fifolab_sequence_get_row (b, i);

      g_assert_cmpuint (x->serial, ==, y->serial);
      g_assert_cmpint (x->start_us, ==, y->start_us);
      g_assert_cmpint (x->end_us, ==, y->end_us);
      g_assert_cmpint (x->result, ==, y->result);
      g_assert_cmpuint (x->process, ==, y->process);
      g_assert_cmpuint (x->pipe, ==, y->pipe);
      g_assert_cmpuint (x->start_row, ==, y->start_row);
      g_assert_cmpint (x->error, ==, y->error);
      g_assert_cmpuint (x->kind, ==, y->kind);
      g_assert_cmpuint (x->mark, ==, y->mark);
    }
  g_assert_cmpuint (fifolab_sequence_get_n_matches (a), ==, fifolab_sequence_get_n_matches (b));
  for (guint i = 0; i < fifolab_sequence_get_n_matches (a); i++)
    {
      const FifolabSeqMatch *x = fifolab_sequence_get_match (a, i);
      const FifolabSeqMatch *y = fifolab_sequence_get_match (b, i);

      g_assert_cmpuint (x->write, ==, y->write);
      g_assert_cmpuint (x->read, ==, y->read);
      g_assert_cmpuint (x->offset, ==, y->offset);
      g_assert_cmpuint (x->bytes, ==, y->bytes);
      g_assert_cmpuint (x->flags, ==, y->flags);
    }
  g_assert_cmpuint (fifolab_sequence_get_n_processes (a), ==, fifolab_sequence_get_n_processes (b));
  for (guint i = 0; i < fifolab_sequence_get_n_processes (a); i++)
    {
      const FifolabSeqProcess *x = fifolab_sequence_get_process (a, i);
      const FifolabSeqProcess *y = fifolab_sequence_get_process (b, i);

      g_assert_cmpint (x->pid, ==, y->pid);
      g_assert_cmpstr (x->comm, ==, y->comm);
      g_assert_cmpuint (x->first_row, ==, y->first_row);
      g_assert_cmpuint (x->first_move, ==, y->first_move);
    }
  g_assert_cmpuint (fifolab_sequence_get_n_pipes (a), ==, fifolab_sequence_get_n_pipes (b));
  for (guint i = 0; i < fifolab_sequence_get_n_pipes (a); i++)
    {
      g_assert_cmpstr (fifolab_sequence_get_pipe_path (a, i), ==, fifolab_sequence_get_pipe_path (b, i));
      g_assert_cmpint (fifolab_sequence_get_pipe_competing (a, i), ==,
                       fifolab_sequence_get_pipe_competing (b, i));
    }
}

/* Rows of @kind with @mark in @seq. */
static guint
count_rows (FifolabSequence *seq,
            FifolabSeqKind   kind,
            FifolabSeqMark   mark)
{
  guint n = 0;

  for (guint i = 0; i < fifolab_sequence_get_n_rows (seq); i++)
    {
      const FifolabSeqRow *row = fifolab_sequence_get_row (seq, i);

      n += row->kind == kind && row->mark == mark;
    }
  return n;
}

/* Each entry's "call" in @exported is its record as fifolab-peer watch
 * --json writes it (the one writer of both), then "exit_us". */
static void
assert_calls_as_watched (GBytes    *exported,
                         GPtrArray *records)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (exported, NULL), g_bytes_get_size (exported));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint k = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *call = strstr (lines[i], ",\"call\":{");
      const FifolabWatchRecord *record;
      g_autoptr(GString) expected = g_string_new (",\"call\":");

      if (call == NULL)
        continue;
      g_assert_cmpuint (k, <, records->len);
      record = g_ptr_array_index (records, k++);
      fifolab_watch_record_append_json (record, expected);
      g_string_truncate (expected, expected->len - 1);
      g_string_append_printf (expected, ",\"exit_us\":%" G_GINT64_FORMAT "}",
                              record->time_us + record->blocked_us);
      g_assert_true (g_str_has_prefix (call, expected->str));
      /* Then, for a call told after it began, when its entry was logged. */
      call += expected->len;
      if (record->blocked_us > 0)
        {
          g_autofree char *logged = g_strdup_printf (",\"logged_mono_us\":%" G_GINT64_FORMAT "}",
                                                     record->time_us + record->blocked_us);

          g_assert_true (g_str_has_prefix (call, ",\"logged\":\""));
          g_assert_true (g_str_has_suffix (call, logged));
        }
      else
        g_assert_cmpstr (call, ==, "}");
    }
  g_assert_cmpuint (k, ==, records->len);
}

/* The session watched live, its sequence diagram beside it; exported,
 * read back into a new log with its own diagram: the same log, the same
 * records beside it, the same diagram call by call. */
static void
test_every_call (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FifolabSession) session = NULL;
  g_autoptr(FifolabSequence) live = fifolab_sequence_new ();
  g_autoptr(FifolabSequence) replayed = fifolab_sequence_new ();
  g_autoptr(FifolabLog) reopened = fifolab_log_new ();
  g_autoptr(FifolabRecording) recording = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  FifolabLog *log;
  gboolean blocked = FALSE;

  if (!fifolab_test_watch_supported (2))
    return;

  fifolab_test_fifo_init (&dir, &path, "my_pipe");
  session = fifolab_session_new ();
  log = fifolab_session_get_log (session);
  fifolab_sequence_follow_log (live, log);
  records = watch_script (dir, path, every_call_script);
  for (guint i = 0; i < records->len; i++)
    fifolab_session_log_watch_record (session, path, g_ptr_array_index (records, i));

  /* What the live diagram drew, which the recording must give back. */
  g_assert_cmpuint (count_rows (live, FIFOLAB_SEQ_OPEN, FIFOLAB_SEQ_MARK_ENXIO), ==, 1);
  g_assert_cmpuint (count_rows (live, FIFOLAB_SEQ_OPEN, FIFOLAB_SEQ_MARK_NONE), >=, 4);
  g_assert_cmpuint (count_rows (live, FIFOLAB_SEQ_READ, FIFOLAB_SEQ_MARK_EOF), ==, 1);
  g_assert_cmpuint (count_rows (live, FIFOLAB_SEQ_WRITE, FIFOLAB_SEQ_MARK_EPIPE), ==, 1);
  g_assert_cmpuint (count_rows (live, FIFOLAB_SEQ_EXIT, FIFOLAB_SEQ_MARK_SIGPIPE), ==, 1);
  g_assert_cmpuint (count_rows (live, FIFOLAB_SEQ_START, FIFOLAB_SEQ_MARK_NONE), >=, 5);
  g_assert_cmpuint (count_rows (live, FIFOLAB_SEQ_EXIT, FIFOLAB_SEQ_MARK_NONE), >=, 4);
  for (guint i = 0; i < fifolab_sequence_get_n_rows (live); i++)
    {
      const FifolabSeqRow *row = fifolab_sequence_get_row (live, i);

      blocked |= row->kind == FIFOLAB_SEQ_OPEN && row->end_us > row->start_us;
    }
  g_assert_true (blocked);

  exported = fifolab_test_export_jsonl (log);
  recording = read_bytes (exported, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fifolab_recording_get_version (recording), ==, FIFOLAB_RECORDING_VERSION);
  fifolab_sequence_follow_log (replayed, reopened);
  while (!fifolab_recording_fill_log (recording, reopened, 7))
    ;

  assert_same_entries (log, reopened, TRUE);
  /* Every record the watch told is kept beside its entry, closes too. */
  g_assert_cmpuint (assert_same_calls (log, reopened), ==, records->len);
  calls = _fifolab_log_snapshot_calls (reopened);
  for (guint i = 0; i < calls->len; i++)
    assert_same_record (((const FifolabLogCall *) g_ptr_array_index (calls, i))->record,
                        g_ptr_array_index (records, i));
  assert_same_sequence (live, replayed);

  again = fifolab_test_export_jsonl (reopened);
  g_assert_true (g_bytes_equal (exported, again));
  assert_calls_as_watched (exported, records);
  fifolab_test_fifo_clear (&dir, &path);
}

/* A recording the previous version made (version 1: a "call" on watched
 * writes and reads only) of the session above: it opens, its diagram has
 * those calls and their arrows, and exported again it is a version 2
 * recording of the same log. */
/* A watched message's "logged_mono_us" (it has no "call") gives it its
 * logged time back; one that is not later than its time, or whose wall
 * clock time would not be a number (a file edited by hand), is left out. */
static void
test_logged_message (void)
{
  static const char text[] =
    "{\"serial\":4,\"time\":\"2026-12-04T10:00:00.000000Z\",\"mono_us\":1000,\"direction\":\"received\","
    "\"pipe\":\"/tmp/p\",\"sender_pid\":1,\"receiver_pid\":2,\"size\":2,\"flags\":[\"watched\"],"
    "\"text\":\"hi\",\"framing\":\"line\",\"logged\":\"2026-12-04T10:00:00.024000Z\",\"logged_mono_us\":25000}\n"
    "{\"serial\":5,\"time\":\"2026-12-04T10:00:00.000000Z\",\"mono_us\":1000,\"direction\":\"received\","
    "\"pipe\":\"/tmp/p\",\"sender_pid\":1,\"receiver_pid\":2,\"size\":2,\"flags\":[\"watched\"],"
    "\"text\":\"hi\",\"framing\":\"line\",\"logged_mono_us\":9223372036854775000}\n"
    "{\"serial\":6,\"time\":\"2026-12-04T10:00:00.000000Z\",\"mono_us\":1000,\"direction\":\"received\","
    "\"pipe\":\"/tmp/p\",\"sender_pid\":1,\"receiver_pid\":2,\"size\":2,\"flags\":[\"watched\"],"
    "\"text\":\"hi\",\"framing\":\"line\",\"logged_mono_us\":900}\n";
  static const gint64 logged[] = { 25000, 1000, 1000 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabRecording) recording = read_text (text, &error);
  g_autoptr(FifolabLog) reopened = fifolab_log_new ();

  g_assert_no_error (error);
  g_assert_true (fifolab_recording_fill_log (recording, reopened, 0));
  fifolab_log_flush (reopened);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reopened)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (reopened), i);

      g_assert_cmpint (fifolab_log_entry_get_logged_mono_us (entry), ==, logged[i]);
      g_assert_cmpint (fifolab_log_entry_get_logged_wall_us (entry) - fifolab_log_entry_get_wall_us (entry), ==,
                       logged[i] - 1000);
    }
}

static void
test_version_1 (void)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "recordings", "v1-watch.jsonl", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabRecording) recording = NULL;
  g_autoptr(FifolabRecording) again = NULL;
  g_autoptr(FifolabLog) reopened = fifolab_log_new ();
  g_autoptr(FifolabLog) reopened_again = fifolab_log_new ();
  g_autoptr(FifolabSequence) seq = fifolab_sequence_new ();
  g_autoptr(GBytes) exported = NULL;

  g_assert_true (g_file_get_contents (file, &text, NULL, &error));
  g_assert_no_error (error);
  recording = read_text (text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fifolab_recording_get_version (recording), ==, 1);
  g_assert_cmpuint (fifolab_recording_get_n_entries (recording), ==, 30);
  fifolab_sequence_follow_log (seq, reopened);
  g_assert_true (fifolab_recording_fill_log (recording, reopened, 0));
  g_assert_cmpuint (fifolab_log_get_n_stored (reopened), ==, 30);

  /* The writes and reads: "Hello from pid [N]\n" and cat's read of it,
   * cat's read at the end of the stream, the write that found no reader. */
  g_assert_cmpuint (fifolab_sequence_get_n_rows (seq), ==, 4);
  g_assert_cmpuint (count_rows (seq, FIFOLAB_SEQ_WRITE, FIFOLAB_SEQ_MARK_NONE), ==, 1);
  g_assert_cmpuint (count_rows (seq, FIFOLAB_SEQ_WRITE, FIFOLAB_SEQ_MARK_EPIPE), ==, 1);
  g_assert_cmpuint (count_rows (seq, FIFOLAB_SEQ_READ, FIFOLAB_SEQ_MARK_NONE), ==, 1);
  g_assert_cmpuint (count_rows (seq, FIFOLAB_SEQ_READ, FIFOLAB_SEQ_MARK_EOF), ==, 1);
  g_assert_cmpuint (fifolab_sequence_get_n_matches (seq), ==, 1);
  g_assert_cmpuint (fifolab_sequence_get_match (seq, 0)->bytes, ==, strlen ("Hello from pid [25348]\n"));

  exported = fifolab_test_export_jsonl (reopened);
  again = read_bytes (exported, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fifolab_recording_get_version (again), ==, 2);
  g_assert_true (fifolab_recording_fill_log (again, reopened_again, 0));
  assert_same_entries (reopened, reopened_again, TRUE);
  g_assert_cmpuint (assert_same_calls (reopened, reopened_again), ==, 4);
}

/* A record of a kind a newer FIFO Lab writes: the entry is read, without
 * its record. */
static void
test_unknown_kind (void)
{
  g_autoptr(FifolabRecording) recording = NULL;
  g_autoptr(FifolabLog) reopened = fifolab_log_new ();
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;

  recording = read_text ("{\"serial\":4,\"time\":\"2026-12-04T00:00:00.000001Z\",\"mono_us\":5,"
                         "\"direction\":\"event\",\"event\":\"watch\",\"pipe\":\"/tmp/p\","
                         "\"text\":\"7 sh does something new\","
                         "\"call\":{\"event\":\"from-the-future\",\"pid\":7,\"tid\":7,"
                         "\"comm\":\"sh\",\"time_us\":5,\"exit_us\":5}}\n"
                         "{\"serial\":5,\"time\":\"2026-12-04T00:00:00.000002Z\",\"mono_us\":6,"
                         "\"direction\":\"event\",\"event\":\"watch\",\"pipe\":\"/tmp/p\","
                         "\"text\":\"7 sh watched from now on\","
                         "\"call\":{\"event\":\"attach\",\"pid\":7,\"tid\":7,"
                         "\"comm\":\"sh\",\"time_us\":6,\"exit_us\":6}}\n",
                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_recording_get_n_entries (recording), ==, 2);
  g_assert_null (fifolab_recording_get_entry (recording, 0)->call);
  g_assert_nonnull (fifolab_recording_get_entry (recording, 1)->call);
  g_assert_true (fifolab_recording_fill_log (recording, reopened, 0));
  calls = _fifolab_log_snapshot_calls (reopened);
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_cmpint (((const FifolabLogCall *) g_ptr_array_index (calls, 0))->record->kind, ==,
                   FIFOLAB_WATCH_ATTACH);
}

/* The log keeps an open of one pipe and a write to another beside their
 * entries: the pcapng export, whose one packet is the write, names its
 * interface after the write's pipe, as when only writes and reads were
 * kept. */
static void
test_pcapng_pipe (void)
{
  g_autoptr(FifolabLog) log = fifolab_log_new ();
  g_autoptr(FifolabWatchRecord) open = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);
  g_autoptr(FifolabWatchRecord) write = fifolab_watch_record_new (FIFOLAB_WATCH_CALL);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) capture = NULL;
  g_autoptr(GError) error = NULL;
  guint64 serial;

  open->syscall = g_strdup ("openat");
  open->pid = open->tid = 4211;
  open->result = 3;
  open->time_us = 5000;
  serial = fifolab_log_append (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, "/tmp/first-pipe",
                               -1, -1, 1700000000123456, 5000, (const guint8 *) "o", 1);
  _fifolab_log_attach_call (log, serial, 1700000000123456, "/tmp/first-pipe", open);
  write->syscall = g_strdup ("write");
  write->pid = write->tid = 4211;
  write->fd = 3;
  write->result = write->size = write->requested = 2;
  write->time_us = 6000;
  write->is_write = TRUE;
  write->payload = g_bytes_new_static ("hi", 2);
  serial = fifolab_log_append (log, FIFOLAB_DIRECTION_EVENT, FIFOLAB_EVENT_WATCH, 0, "/tmp/second-pipe",
                               4211, -1, 1700000000124456, 6000, (const guint8 *) "w", 1);
  _fifolab_log_attach_call (log, serial, 1700000000124456, "/tmp/second-pipe", write);

  g_assert_true (fifolab_log_export (log, FIFOLAB_EXPORT_PCAPNG, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  capture = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_nonnull (memmem (g_bytes_get_data (capture, NULL), g_bytes_get_size (capture),
                            "/tmp/second-pipe", strlen ("/tmp/second-pipe")));
  g_assert_null (memmem (g_bytes_get_data (capture, NULL), g_bytes_get_size (capture),
                         "/tmp/first-pipe", strlen ("/tmp/first-pipe")));
}

/* -------------------------------------------------------------------- */
/* Bad files */

#define GOOD "{\"serial\":1,\"time\":\"2026-12-04T00:00:00.000001Z\",\"mono_us\":5,"   \
             "\"direction\":\"received\",\"pipe\":\"/tmp/p\",\"sender_pid\":null,"       \
             "\"receiver_pid\":7,\"size\":2,\"flags\":[],\"text\":\"hi\",\"framing\":\"raw\"}"

typedef struct
{
  const char *text;
  const char *message;   /* what the error must say */
} BadCase;

static const BadCase bad_cases[] = {
  { GOOD "\n" "not json\n", "Line 2: it is not JSON" },
  { GOOD "\n\n" "[1, 2]\n", "Line 3: it is not a JSON object" },
  { GOOD "\n" "{\"time\":\"2026-12-04T00:00:00.000001Z\",\"direction\":\"sent\",\"text\":\"a\"}\n",
    "Line 2: the member “mono_us” is missing" },
  { "{\"time\":\"2026-12-04T00:00:00.000001Z\",\"mono_us\":\"5\",\"direction\":\"sent\",\"text\":\"a\"}\n",
    "Line 1: the member “mono_us” is missing or not of its type" },
  { "{\"time\":\"yesterday\",\"mono_us\":5,\"direction\":\"sent\",\"text\":\"a\"}\n",
    "Line 1: “time” has a value FIFO Lab does not know: “yesterday”" },
  { "{\"time\":\"2026-12-04T00:00:00.000001Z\",\"mono_us\":5,\"direction\":\"sideways\",\"text\":\"a\"}\n",
    "Line 1: “direction” has a value FIFO Lab does not know: “sideways”" },
  { "{\"time\":\"2026-12-04T00:00:00.000001Z\",\"mono_us\":5,\"direction\":\"sent\"}\n",
    "Line 1: the member “text” is missing" },
  { GOOD "\n" "{\"time\":\"2026-12-04T00:00:00.000001Z\",\"mono_us\":5,\"direction\":\"sent\",\"base64\":\"aGk*\"}\n",
    "Line 2: “base64” is not valid base64" },
  { GOOD "\n" "{\"time\":\"2026-12-04T00:00:00.000001Z\",\"mono_us\":5,\"direction\":\"sent\",\"text\":\"a\","
    "\"call\":{\"event\":\"call\",\"base64\":\"=AAA\"}}\n",
    "Line 2: “base64” is not valid base64" },
  { GOOD "\n" "{\"time\":\"2026-12-04T00:00:00.000001Z\",\"mono_us\":5,\"direction\":\"sent\",\"text\":\"a\","
    "\"call\":{\"pid\":3}}\n",
    "Line 2: the member “event” is missing" },
  { "{\"time\":\"2026-12-04T00:00:00.000001Z\",\"mono_us\":5,\"direction\":\"sent\",\"size\":3,\"text\":\"a\"}\n",
    "Line 1: its size is 3 bytes, but its data holds 1" },
  { GOOD "\n" GOOD "\n" "{\"serial\":3,\"time\":\"2026-12-04T00:00:00.0000", "Line 3: the file ends in the middle of it" },
  { "{\"recording\":{\"version\":3,\"start\":\"2026-12-04T00:00:00.000001Z\"},"
    "\"time\":\"2026-12-04T00:00:00.000001Z\",\"mono_us\":5,\"direction\":\"sent\",\"text\":\"a\"}\n",
    "Line 1: the recording is of version 3, and this FIFO Lab reads version 2" },
};

static void
test_bad (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr(FifolabRecording) recording = NULL;
  g_autoptr(GError) error = NULL;

  recording = read_text (c->text, &error);
  g_assert_null (recording);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  if (!g_str_has_prefix (error->message, c->message))
    g_test_message ("got “%s”, expected “%s…”", error->message, c->message);
  g_assert_true (g_str_has_prefix (error->message, c->message));
}

/* The same good lines, the last without its newline, blank lines between:
 * all read. */
static void
test_lenient (void)
{
  g_autoptr(FifolabRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  const FifolabRecordingEntry *entry;

  recording = read_text (GOOD "\n\n" GOOD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fifolab_recording_get_n_entries (recording), ==, 2);
  entry = fifolab_recording_get_entry (recording, 1);
  g_assert_cmpint (entry->wall_us, ==, 1796342400000001);
  g_assert_cmpint (entry->sender_pid, ==, -1);
  g_assert_cmpint (entry->receiver_pid, ==, 7);
  g_assert_cmpint (entry->framing, ==, FIFOLAB_FRAMING_RAW);
  g_assert_cmpstr (entry->pipe, ==, "/tmp/p");
  g_assert_null (entry->call);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/recording/watched-seed", Fixture, NULL, fifolab_test_session_fifo_setup, test_watched_seed,
              fifolab_test_session_fifo_teardown);
  g_test_add ("/recording/read-session", Fixture, NULL, fifolab_test_session_fifo_setup, test_read_session,
              fifolab_test_session_fifo_teardown);
  g_test_add_func ("/recording/built", test_built);
  g_test_add_func ("/recording/old-file", test_old_file);
  g_test_add_func ("/recording/lenient", test_lenient);
  g_test_add_func ("/recording/every-call", test_every_call);
  g_test_add_func ("/recording/version-1", test_version_1);
  g_test_add_func ("/recording/logged-message", test_logged_message);
  g_test_add_func ("/recording/unknown-kind", test_unknown_kind);
  g_test_add_func ("/recording/pcapng-pipe", test_pcapng_pipe);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/recording/bad/%u", i);

      g_test_add_data_func (name, &bad_cases[i], test_bad);
    }

  return g_test_run ();
}
