/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lessons' steps: what each step's button does (its action) and what FIFO
 * Lab must observe for the step to be done (its check). The prose that goes
 * with them is data (fifolab-lessons.xml); the numbers it shows come from
 * values[] below, the same constants the actions use. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fifolab-fifo.h"
#include "fifolab-framer.h"
#include "fifolab-lesson-private.h"
#include "fifolab-pipe-info.h"
#include "fifolab-proc-state.h"
#include "fifolab-spawn.h"
#include "fifolab-stamp.h"

/* Lesson 4: the writer's messages before it closes. */
#define EOF_COUNT 3
#define EOF_INTERVAL_MS 300
/* Lesson 5b: the writer's messages and their pace while the reader leaves. */
#define EPIPE_COUNT 100
#define EPIPE_INTERVAL_MS 100
/* fifolab-peer's exit status when the reader closed before every message was
 * written (README: exit status 3). */
#define PEER_EXIT_READER_GONE 3
/* Lesson 6: two writers, each COUNT messages of a BODY-byte filler. */
#define SMALL_BODY 200
#define SMALL_COUNT 100
#define LARGE_BODY 100000
#define LARGE_COUNT 20
/* Lesson 7: the lines written before FIFO Lab reads once. */
#define STREAM_COUNT 5
/* Lesson 8: a pipe holds 16 pages by default; the writer writes more pages
 * than that, one per write(). */
#define PIPE_PAGES 16
#define FILL_WRITES 20
/* Slow motion: what each writer waits, the pipe open, before each message. */
#define SLOW_MOTION_DELAY_MS 1000

/* The nine lessons of the issue, by number; their steps say which they
 * belong to (fifolab-lessons.xml, chapter="N"). */
static const char *const chapter_titles[] = {
  N_("Everything is a file"),
  N_("A reader waits for a writer"),
  N_("A writer arrives"),
  N_("The writer closes: end of file"),
  N_("Writers without readers"),
  N_("Two writers at once"),
  N_("A pipe is a byte stream"),
  N_("A full pipe"),
  N_("A conversation both ways"),
};

static const FifolabProseValue values[] = {
  { "eof-count", EOF_COUNT },
  { "epipe-interval", EPIPE_INTERVAL_MS },
  { "reader-gone-status", PEER_EXIT_READER_GONE },
  { "small-count", SMALL_COUNT },
  { "pipe-buf", FIFOLAB_PIPE_BUF },
  { "large-body", LARGE_BODY },
  { "stream-count", STREAM_COUNT },
  { "fill-kib", FILL_WRITES * FIFOLAB_PIPE_BUF / 1024 },
  { "capacity-kib", PIPE_PAGES * FIFOLAB_PIPE_BUF / 1024 },
};

/* Helpers */

#define RECEIVED_MARKER " received a message => "

/* The two-writers steps check each message the reader prints, before its
 * line is logged: the line is that message's entry, stored with its flags
 * (a torn one marked from the start), and explained by the event after it
 * (peer_output_cb()). */
static guint
check_line (FifolabPeerProcess *peer,
            const char         *line,
            gsize               len,
            gboolean            is_stderr,
            gpointer            user_data)
{
  g_autoptr(FifolabLesson) self = g_weak_ref_get (user_data);
  const char *message;

  if (self == NULL || is_stderr || self->template_ == NULL)
    return FIFOLAB_MESSAGE_NONE;
  message = strstr (line, RECEIVED_MARKER);
  if (message == NULL)
    return FIFOLAB_MESSAGE_NONE;

  message += strlen (RECEIVED_MARKER);
  self->line_len = len - (gsize) (message - line);
  self->line_flags = fifolab_inspector_check_line (self->inspector, fifolab_peer_process_get_path (peer),
                                                   (const guint8 *) message, self->line_len,
                                                   &self->line_pid);
  self->line_whole = !(self->line_flags & FIFOLAB_MESSAGE_TORN) &&
                     fifolab_shape_matches (self->template_, (const guint8 *) message, self->line_len);
  self->line_checked = TRUE;
  return self->line_flags;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
peer_output_cb (FifolabPeerProcess *peer,
                const char         *line,
                gboolean            is_stderr,
                FifolabLesson      *self)
{
  /* The line check_line() looked at is logged now: counted and explained. */
  if (self->line_checked)
    {
      self->line_checked = FALSE;
      self->lines++;
      if (self->line_flags & FIFOLAB_MESSAGE_TORN)
        self->torn++;
      else if (self->line_whole)
        self->whole++;
      fifolab_inspector_explain (self->inspector, NULL, fifolab_peer_process_get_path (peer),
                                 self->line_flags, self->line_pid, self->line_len);
    }
  _fifolab_lesson_evaluate (self);
}

static void
peer_exited_cb (FifolabPeerProcess *peer,
                FifolabLesson      *self)
{
  /* When the writer's exit was seen: the same moment its PEER_EXITED
   * entry is logged (lesson 4 says it). */
  if (peer == self->writer && self->writer_exited_us == 0)
    self->writer_exited_us = g_get_real_time ();
  _fifolab_lesson_evaluate (self);
}

/* Started and listed the way the application and the peer form do it;
 * in step mode (on the peer's pipe) held until the step watch traces it.
 * Its exit is checked like every event of the lesson's. */
static gboolean
start_listed (FifolabLesson       *self,
              FifolabPeerProcess  *peer,
              GError             **error)
{
  const char *path = fifolab_peer_process_get_path (peer);

  g_signal_connect_object (peer, "exited", G_CALLBACK (peer_exited_cb), self, 0);
  if (self->step_watch != NULL && fifolab_step_watch_is_running (self->step_watch) &&
      g_strcmp0 (fifolab_step_watch_get_path (self->step_watch), path) == 0)
    return fifolab_step_watch_start_peer (self->step_watch, peer, self->peers, error);
  return fifolab_peer_process_start_listed (peer, self->peers, error);
}

static FifolabPeerProcess *
start_peer (FifolabLesson    *self,
            FifolabPeerRole   role,
            const char       *path,
            const char       *template_,
            int               count,
            guint             interval,
            gboolean          line_framing,
            GError          **error)
{
  g_autoptr(FifolabPeerProcess) peer = fifolab_peer_process_new (role, path, self->log);

  if (template_ != NULL)
    fifolab_peer_process_set_template (peer, template_);
  fifolab_peer_process_set_count (peer, count);
  fifolab_peer_process_set_interval (peer, interval);
  if (role == FIFOLAB_PEER_ROLE_WRITE && self->slow_motion)
    fifolab_peer_process_set_delay (peer, SLOW_MOTION_DELAY_MS);
  if (line_framing)
    fifolab_peer_process_set_framing (peer, FIFOLAB_FRAMING_LINE);
  if (role == FIFOLAB_PEER_ROLE_READ)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, self);
      fifolab_peer_process_set_line_func (peer, check_line, ref, weak_ref_free);
    }
  g_signal_connect_object (peer, "output", G_CALLBACK (peer_output_cb), self, 0);
  if (!start_listed (self, peer, error))
    return NULL;
  if (role == FIFOLAB_PEER_ROLE_WRITE)
    fifolab_inspector_note_writer (self->inspector, path, fifolab_peer_process_get_pid (peer));
  return g_steal_pointer (&peer);
}

static gboolean
running (FifolabPeerProcess *peer)
{
  return peer != NULL && fifolab_peer_process_is_running (peer);
}

static gboolean
exited_with (FifolabPeerProcess *peer,
             int                 code)
{
  return peer != NULL &&
         fifolab_peer_process_get_state (peer) == FIFOLAB_PEER_STATE_EXITED &&
         fifolab_peer_process_get_exit_code (peer) == code;
}

/* Seen blocked in open(): running, and a scan begun after it started does not
 * show it holding the pipe (a process blocked in open has no descriptor yet),
 * and it is inside open() as /proc says, or (step mode) held before it: one
 * still starting, or held, is not said to wait inside open(). */
static gboolean
waiting_in_open (FifolabLesson      *self,
                 FifolabPeerProcess *peer,
                 gint64              started)
{
  g_autoptr(GPtrArray) holders = NULL;
  gint64 pid;

  if (!running (peer) || self->scan == NULL || self->scan_started <= started)
    return FALSE;
  if (!_fifolab_lesson_is_held_before (self, peer, "open") &&
      !fifolab_proc_activity_is_opening (fifolab_peer_process_read_activity (peer)))
    return FALSE;

  pid = fifolab_peer_process_get_pid (peer);
  holders = fifolab_holder_scan_get_holders (self->scan, fifolab_peer_process_get_path (peer));
  for (guint i = 0; i < holders->len; i++)
    if (fifolab_holder_get_pid (holders->pdata[i]) == pid)
      return FALSE;
  return TRUE;
}

/* FIFO Lab holds the pipe's read end without reading: writers get past
 * open() and the bytes they write wait in the pipe. */
static gboolean
hold_read_end (FifolabLesson  *self,
               GError        **error)
{
  self->held_fd = fifolab_fifo_open (self->pipe, O_RDONLY, error);
  if (self->held_fd < 0)
    return FALSE;
  _fifolab_lesson_notify_queued (self, TRUE);
  return TRUE;
}

static char *
make_template (gsize body)
{
  g_autofree char *filler = g_strnfill (body, 'x');

  return g_strdup_printf ("pid [%%d] <%s> pid [%%d]", filler);
}

/* Step 1: mkfifo */

static gboolean
action_mkfifo (FifolabLesson  *self,
               GError        **error)
{
  /* Done again (Replay Step), it starts from no pipe: the lesson's own. */
  if (fifolab_fifo_is_fifo (self->pipe))
    g_unlink (self->pipe);
  return _fifolab_lesson_ensure_pipe (self, self->pipe, error);
}


static gboolean
check_mkfifo (FifolabLesson *self)
{
  g_autoptr(FifolabPipeInfo) info = fifolab_pipe_info_new_for_path (self->pipe, NULL);

  return info != NULL && fifolab_pipe_info_is_fifo (info);
}

/* Step 2: a reader waits in open */

static gboolean
action_start_reader (FifolabLesson  *self,
                     GError        **error)
{
  if (!_fifolab_lesson_ensure_pipe (self, self->pipe, error))
    return FALSE;
  self->reader_started = g_get_monotonic_time ();
  self->reader = start_peer (self, FIFOLAB_PEER_ROLE_READ, self->pipe, NULL, -1, 0, FALSE, error);
  return self->reader != NULL;
}

static gboolean
check_reader_waits (FifolabLesson *self)
{
  return waiting_in_open (self, self->reader, self->reader_started);
}


/* Step 3: the writer arrives, the seed's line */

static gboolean
action_start_writer (FifolabLesson  *self,
                     GError        **error)
{
  if (!_fifolab_lesson_ensure_pipe (self, self->pipe, error))
    return FALSE;
  /* Keep the reader of the step before, if it still waits. */
  if (!running (self->reader))
    {
      g_clear_object (&self->reader);
      self->reader_started = g_get_monotonic_time ();
      self->reader = start_peer (self, FIFOLAB_PEER_ROLE_READ, self->pipe, NULL, -1, 0, FALSE, error);
      if (self->reader == NULL)
        return FALSE;
    }
  g_clear_object (&self->writer);
  self->writer_exited_us = 0;
  self->writer_started = g_get_monotonic_time ();
  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, NULL, -1, 0, FALSE, error);
  return self->writer != NULL;
}

/* Whether @reader printed @expected: as a whole line, or within one. */
static gboolean
printed (FifolabPeerProcess *reader,
         const char         *expected,
         gboolean            whole_line)
{
  const GPtrArray *lines = fifolab_peer_process_get_output_lines (reader);

  for (guint i = 0; i < lines->len; i++)
    if (whole_line ? g_str_equal (lines->pdata[i], expected) : strstr (lines->pdata[i], expected) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
check_seed_line (FifolabLesson *self)
{
  g_autofree char *expected = NULL;

  if (self->reader == NULL || self->writer == NULL)
    return FALSE;
  expected = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello from pid [%" G_GINT64_FORMAT "]",
                              fifolab_peer_process_get_pid (self->reader),
                              fifolab_peer_process_get_pid (self->writer));
  return printed (self->reader, expected, TRUE);
}


/* Step 4: the writer closes, the reader sees end of file */

/* Seen in step 3 already: its writer wrote the book's line and closed (it
 * exited at once), while the teacher still showed step 3. */
static gboolean
closed_before (FifolabLesson *self)
{
  return exited_with (self->writer, 0) && exited_with (self->reader, 0) && check_seed_line (self);
}

static gboolean
action_writer_closes (FifolabLesson  *self,
                      GError        **error)
{
  if (!_fifolab_lesson_ensure_pipe (self, self->pipe, error))
    return FALSE;
  /* A reader that reads the stream until read() returns 0. */
  self->reader = start_peer (self, FIFOLAB_PEER_ROLE_READ, self->pipe, NULL, 0, 0, FALSE, error);
  if (self->reader == NULL)
    return FALSE;
  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, NULL, EOF_COUNT, EOF_INTERVAL_MS,
                             FALSE, error);
  return self->writer != NULL;
}

static gboolean
check_end_of_stream (FifolabLesson *self)
{
  return exited_with (self->writer, 0) && exited_with (self->reader, 0) &&
         fifolab_peer_process_get_output_lines (self->reader)->len >= 1;
}


/* Step 5a: a writer without a reader */

static gboolean
action_writer_alone (FifolabLesson  *self,
                     GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  int fd;

  if (!_fifolab_lesson_ensure_pipe (self, self->pipe, error))
    return FALSE;

  /* What FIFO Lab itself gets when it does not want to block: ENXIO. */
  fd = fifolab_fifo_open (self->pipe, O_WRONLY, &local_error);
  if (fd >= 0)
    close (fd); /* somebody else reads this pipe: no ENXIO to show */
  else if (g_error_matches (local_error, FIFOLAB_FIFO_ERROR, FIFOLAB_FIFO_ERROR_NO_READER))
    {
      self->enxio_seen = TRUE;
      if (self->log != NULL)
        fifolab_log_append_event (self->log, FIFOLAB_EVENT_WAITING_FOR_READER, self->pipe,
                                  local_error->message);
    }

  self->writer_started = g_get_monotonic_time ();
  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, NULL, -1, 0, FALSE, error);
  return self->writer != NULL;
}

static gboolean
check_writer_waits (FifolabLesson *self)
{
  return self->enxio_seen && waiting_in_open (self, self->writer, self->writer_started);
}


/* Step 5b: the reader leaves, EPIPE */

static gboolean
action_reader_leaves (FifolabLesson  *self,
                      GError        **error)
{
  if (!_fifolab_lesson_ensure_pipe (self, self->pipe, error))
    return FALSE;
  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, NULL, EPIPE_COUNT, EPIPE_INTERVAL_MS,
                             FALSE, error);
  if (self->writer == NULL)
    return FALSE;
  /* The seed's reader: one read, then it closes and leaves. */
  self->reader = start_peer (self, FIFOLAB_PEER_ROLE_READ, self->pipe, NULL, -1, 0, FALSE, error);
  return self->reader != NULL;
}

static gboolean
check_epipe (FifolabLesson *self)
{
  /* fifolab-peer exits 3 when the reader closed before every message was written. */
  return exited_with (self->writer, PEER_EXIT_READER_GONE);
}


/* Steps 6: two writers */

/* Both writers write the same number of messages of the same shape; the
 * reader reads until end of stream. Started before both writers are under
 * way, it could see the first writer finish and leave, and the second would
 * wait for a reader for ever: _fifolab_lesson_steps_observe() starts it once
 * both wait (see start_pending_reader()).
 *
 * With @interleave (messages larger than the pipe), the lesson first holds
 * the read end and makes the pipe one page: both writers are then asleep
 * inside write() when the reader comes, the one that wrote first with the
 * first page of its message in the pipe, the other before its first byte.
 * Left to themselves, a loaded machine may run one writer through all its
 * messages while the other waits for the CPU, and nothing tears. Here the
 * kernel wakes the writers waiting for room one at a time, in the order they
 * began to wait: the first reads wake the first writer, which writes one
 * page and waits again behind the other; the next wakes the other writer,
 * whose bytes go in the middle of the first writer's message. */
static gboolean
start_two_writers (FifolabLesson  *self,
                   gsize           body,
                   int             count,
                   gboolean        interleave,
                   GError        **error)
{
  if (!_fifolab_lesson_ensure_pipe (self, self->pipe, error))
    return FALSE;
  if (interleave)
    {
      if (!hold_read_end (self, error))
        return FALSE;
      if (fcntl (self->held_fd, F_SETPIPE_SZ, FIFOLAB_PIPE_BUF) < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot shrink the pipe to one page: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      _fifolab_lesson_notify_queued (self, TRUE);
    }
  self->template_ = make_template (body);
  fifolab_inspector_set_template (self->inspector, self->pipe, self->template_);

  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, self->template_, count, 0, TRUE, error);
  if (self->writer == NULL)
    return FALSE;
  self->writer2 = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, self->template_, count, 0, TRUE, error);
  if (self->writer2 == NULL)
    return FALSE;
  self->reader_pending = TRUE;
  return TRUE;
}

/* What @peer does on its pipe now, as the kernel says (/proc). */
static FifolabProcActivity
peer_activity (FifolabPeerProcess *peer)
{
  FifolabProcState state;

  if (!fifolab_peer_process_is_running (peer))
    return FIFOLAB_PROC_ACTIVITY_EXITED;
  fifolab_proc_state_read_path (fifolab_peer_process_get_pid (peer),
                                fifolab_peer_process_get_path (peer), &state);
  return state.activity;
}

/* A writer the reader may come for: blocked in open() (no reader yet), or,
 * when the lesson holds the read end, blocked in write() (the pipe is full). */
static gboolean
waits_for_reader (FifolabLesson      *self,
                  FifolabPeerProcess *peer)
{
  FifolabProcActivity activity = peer_activity (peer);

  if (self->held_fd >= 0)
    return activity == FIFOLAB_PROC_ACTIVITY_WRITE_BLOCKED;
  return fifolab_proc_activity_is_opening (activity);
}

static void
start_pending_reader (FifolabLesson *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->reader_pending || self->writer == NULL || self->writer2 == NULL)
    return;
  /* A writer that already ended (it failed) waits for nobody. */
  if ((running (self->writer) && !waits_for_reader (self, self->writer)) ||
      (running (self->writer2) && !waits_for_reader (self, self->writer2)))
    return;

  self->reader_pending = FALSE;
  /* The held read end stays open until the stage ends: closed before the
   * reader has opened its own, the writers would meet EPIPE. */
  self->reader = start_peer (self, FIFOLAB_PEER_ROLE_READ, self->pipe, NULL, 0, 0, TRUE, &error);
  if (self->reader == NULL && self->log != NULL)
    fifolab_log_append_event (self->log, FIFOLAB_EVENT_ERROR, self->pipe, error->message);
}

static gboolean
action_two_writers_small (FifolabLesson  *self,
                          GError        **error)
{
  return start_two_writers (self, SMALL_BODY, SMALL_COUNT, FALSE, error);
}

static gboolean
check_two_writers_small (FifolabLesson *self)
{
  return exited_with (self->reader, 0) && self->whole == 2 * SMALL_COUNT && self->torn == 0;
}

static gboolean
action_two_writers_large (FifolabLesson  *self,
                          GError        **error)
{
  return start_two_writers (self, LARGE_BODY, LARGE_COUNT, TRUE, error);
}

static gboolean
check_two_writers_large (FifolabLesson *self)
{
  return self->torn > 0;
}


/* Step 7: a byte stream */

typedef struct
{
  gssize              count;
  guint64             end;     /* stream offset past the last message */
  FifolabStreamTrace *trace;   /* where message ends go, or NULL */
} MessageCount;

static void
count_message_cb (const guint8        *data,
                  gsize                len,
                  FifolabMessageFlags  flags,
                  gpointer             user_data)
{
  MessageCount *count = user_data;

  count->count++;
  /* Line framing with LF: each message is its bytes and one terminator. */
  count->end += len + 1;
  if (count->trace != NULL)
    fifolab_stream_trace_add_boundary (count->trace, FIFOLAB_BOUNDARY_MESSAGE, count->end);
}

/* Lesson 7: the writer's writes, before FIFO Lab reads. fifolab-peer writes
 * each message with one write() (a write of at most PIPE_BUF bytes to a
 * blocking descriptor is never short); it exited with 0, so all of them went
 * into the pipe: its message, framed as it framed it, @count times. */
static void
trace_writes (FifolabLesson      *self,
              FifolabPeerProcess *writer)
{
  g_autoptr(GBytes) encoded = fifolab_peer_process_dup_message (writer);
  int count = fifolab_peer_process_get_count (writer);
  gsize size;

  if (encoded == NULL)
    return;
  size = g_bytes_get_size (encoded);
  if (size == 0 || size > FIFOLAB_PIPE_BUF)
    return;
  for (int i = 1; i <= count; i++)
    fifolab_stream_trace_add_boundary (self->stream, FIFOLAB_BOUNDARY_WRITE, (guint64) i * size);
}

/* FIFO Lab's reads, through a FifolabReader with raw framing: each message it
 * hands over is the bytes of one read(). The first read is what lessons 7 and
 * 8 show (an entry in the log; in lesson 7, the trace and its messages). */
static void
stream_message_cb (FifolabReader *reader,
                   GBytes        *payload,
                   guint          flags,
                   gint64         wall_us,
                   gint64         mono_us,
                   FifolabLesson *self)
{
  gsize n;
  const guint8 *data = g_bytes_get_data (payload, &n);

  self->read_bytes += n;
  if (self->first_read_messages < 0)
    {
      /* The first read, as one chunk: how many messages came in it. */
      g_autoptr(FifolabFramer) framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
      MessageCount messages = { 0, 0, NULL };

      if (self->tracing && n > 0)
        {
          fifolab_stream_trace_add_read (self->stream, data, n);
          messages.trace = self->stream;
        }
      fifolab_framer_push (framer, data, n, count_message_cb, &messages);
      self->first_read_messages = messages.count;
      if (self->log != NULL)
        fifolab_log_append (self->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE,
                            FIFOLAB_MESSAGE_NONE, self->pipe,
                            fifolab_stamp_parse_claimed_pid (data, n),
                            getpid (), wall_us, mono_us, data, n);
    }
  _fifolab_lesson_notify_queued (self, FALSE);
  _fifolab_lesson_evaluate (self);
}

static void
stream_event_cb (FifolabReader    *reader,
                 FifolabEventKind  kind,
                 const char       *detail,
                 FifolabLesson    *self)
{
  /* Every writer has closed and the pipe is empty: read() returned 0. */
  if (kind == FIFOLAB_EVENT_END_OF_STREAM)
    {
      self->drained = TRUE;
      _fifolab_lesson_notify_queued (self, FALSE);
      _fifolab_lesson_evaluate (self);
    }
}

static gboolean
has_read_end (FifolabLesson *self)
{
  return self->held_fd >= 0 || self->stream_reader != NULL;
}

/* Starts reading the pipe whose read end the lesson holds: the reader's own
 * read end is open before the held one is closed, so that the pipe never
 * lacks a reader (a writer would meet EPIPE). */
static void
read_held (FifolabLesson *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabReader) reader = NULL;

  if (self->stream_reader != NULL || self->held_fd < 0)
    return;
  reader = fifolab_reader_new (self->pipe, NULL);
  g_signal_connect_object (reader, "message", G_CALLBACK (stream_message_cb), self, 0);
  g_signal_connect_object (reader, "event", G_CALLBACK (stream_event_cb), self, 0);
  if (!fifolab_reader_start (reader, &error))
    {
      if (self->log != NULL)
        fifolab_log_append_event (self->log, FIFOLAB_EVENT_ERROR, self->pipe, error->message);
      return;
    }
  self->stream_reader = g_steal_pointer (&reader);
  close (self->held_fd);
  self->held_fd = -1;
  _fifolab_lesson_notify_queued (self, TRUE);
}

static gboolean
action_byte_stream (FifolabLesson  *self,
                    GError        **error)
{
  if (!_fifolab_lesson_ensure_pipe (self, self->pipe, error))
    return FALSE;
  /* FIFO Lab holds the read end without reading: the writes wait in the pipe. */
  if (!hold_read_end (self, error))
    return FALSE;
  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, NULL, STREAM_COUNT, 0, TRUE, error);
  self->tracing = self->writer != NULL;
  return self->writer != NULL;
}

static gboolean
check_byte_stream (FifolabLesson *self)
{
  if (self->first_read_messages < 0 && exited_with (self->writer, 0) && self->held_fd >= 0)
    {
      if (self->tracing && fifolab_stream_trace_get_n_boundaries (self->stream, FIFOLAB_BOUNDARY_WRITE) == 0)
        trace_writes (self, self->writer);
      read_held (self);
    }
  return self->first_read_messages > 1;
}


/* Step 8: a full pipe */

static gboolean
action_fill (FifolabLesson  *self,
             GError        **error)
{
  /* One page per write: the pipe's PIPE_PAGES pages fill up exactly. */
  g_autofree char *page = g_strnfill (FIFOLAB_PIPE_BUF, 'x');

  if (!_fifolab_lesson_ensure_pipe (self, self->pipe, error))
    return FALSE;
  if (!hold_read_end (self, error))
    return FALSE;
  /* FILL_WRITES writes of a page: more than the pipe holds. */
  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, page, FILL_WRITES, 0, FALSE, error);
  return self->writer != NULL;
}

static gboolean
check_full (FifolabLesson *self)
{
  gssize queued = fifolab_lesson_get_queued (self);
  gssize capacity = fifolab_lesson_get_capacity (self);

  _fifolab_lesson_notify_queued (self, FALSE);
  return running (self->writer) && capacity > 0 && queued >= capacity;
}


static gboolean
action_drain (FifolabLesson  *self,
              GError        **error)
{
  /* Nothing to drain: fill first, on a clean stage. */
  if (!has_read_end (self) || !running (self->writer))
    {
      if (!_fifolab_lesson_reset_stage (self))
        return TRUE;
      if (!action_fill (self, error))
        return FALSE;
    }
  read_held (self);
  return TRUE;
}

static gboolean
check_drained (FifolabLesson *self)
{
  return exited_with (self->writer, 0) && self->drained;
}


/* Step 9: a conversation over two FIFOs */

static gboolean
action_conversation (FifolabLesson  *self,
                     GError        **error)
{
  g_autoptr(FifolabPeerProcess) server = NULL;
  /* A tiny server: reads one request line, answers on the reply pipe. */
  const char *script = "IFS= read -r line < \"$1\" && printf 'reply to %s\\n' \"$line\" > \"$2\"";
  const char *server_argv[7] = { "/bin/sh", "-c", script, "sh", NULL, NULL, NULL };

  if (!_fifolab_lesson_ensure_pipe (self, self->request, error) || !_fifolab_lesson_ensure_pipe (self, self->reply, error))
    return FALSE;

  server_argv[4] = self->request;
  server_argv[5] = self->reply;
  /* A peer like the others, the reader of request_pipe: listed (the
   * diagram keeps its box once it has exited, as the writer's), its exit
   * logged, and in step mode held before each call on request_pipe. */
  server = fifolab_peer_process_new (FIFOLAB_PEER_ROLE_READ, self->request, self->log);
  fifolab_peer_process_set_command (server, server_argv);
  if (!start_listed (self, server, error))
    return FALSE;
  self->server_pid = (GPid) fifolab_peer_process_get_pid (server);
  self->server = g_steal_pointer (&server);

  self->reader = start_peer (self, FIFOLAB_PEER_ROLE_READ, self->reply, NULL, 1, 0, TRUE, error);
  if (self->reader == NULL)
    return FALSE;
  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->request, NULL, 1, 0, TRUE, error);
  return self->writer != NULL;
}

static gboolean
check_conversation (FifolabLesson *self)
{
  g_autofree char *expected = NULL;

  if (self->reader == NULL || self->writer == NULL)
    return FALSE;
  expected = g_strdup_printf ("received a message => reply to Hello from pid [%" G_GINT64_FORMAT "]",
                              fifolab_peer_process_get_pid (self->writer));
  return printed (self->reader, expected, FALSE);
}


/* The steps, in order; their prose is in fifolab-lessons.xml under the same id.
 * Observed: the reader and the writer waiting in open() (holders scans), the
 * two writers waiting before the reader starts (their wchan), the pipe
 * filling up (the bytes queued); the rest is seen on events. */
static const FifolabLessonStep steps[] = {
  { "mkfifo", TRUE, FALSE, action_mkfifo, check_mkfifo, _fifolab_lesson_describe_mkfifo },
  { "start-reader", TRUE, TRUE, action_start_reader, check_reader_waits, _fifolab_lesson_describe_reader_waits,
    _fifolab_lesson_describe_reader_waited },
  /* Keeps the reader of the step before, if it still waits. */
  { "start-writer", FALSE, FALSE, action_start_writer, check_seed_line, _fifolab_lesson_describe_seed_line },
  { "writer-closes", TRUE, FALSE, action_writer_closes, check_end_of_stream, _fifolab_lesson_describe_end_of_stream,
    NULL, closed_before, _fifolab_lesson_describe_closed_before },
  { "writer-alone", TRUE, TRUE, action_writer_alone, check_writer_waits, _fifolab_lesson_describe_writer_waits,
    _fifolab_lesson_describe_writer_waited },
  { "reader-leaves", TRUE, FALSE, action_reader_leaves, check_epipe, _fifolab_lesson_describe_epipe },
  { "two-writers-small", TRUE, TRUE, action_two_writers_small, check_two_writers_small, _fifolab_lesson_describe_two_writers },
  { "two-writers-large", TRUE, TRUE, action_two_writers_large, check_two_writers_large, _fifolab_lesson_describe_two_writers },
  { "byte-stream", TRUE, FALSE, action_byte_stream, check_byte_stream, _fifolab_lesson_describe_byte_stream },
  { "fill", TRUE, TRUE, action_fill, check_full, _fifolab_lesson_describe_full, _fifolab_lesson_describe_was_full },
  /* Drains what the step before filled. */
  { "drain", FALSE, FALSE, action_drain, check_drained, _fifolab_lesson_describe_drained },
  { "conversation", TRUE, FALSE, action_conversation, check_conversation, _fifolab_lesson_describe_conversation,
    NULL, NULL, NULL, TRUE },
};

/* A bit per step in FifolabLesson.done. */
G_STATIC_ASSERT (G_N_ELEMENTS (steps) <= 64);

const FifolabLessonStep *
_fifolab_lesson_steps_get (guint *n_steps)
{
  *n_steps = G_N_ELEMENTS (steps);
  return steps;
}

guint
_fifolab_lesson_steps_count (void)
{
  return G_N_ELEMENTS (steps);
}

const FifolabLessonStep *
_fifolab_lesson_steps_nth (guint index)
{
  g_assert (index < G_N_ELEMENTS (steps));
  return &steps[index];
}

const char *
_fifolab_lesson_steps_get_chapter_title (guint chapter)
{
  g_return_val_if_fail (chapter >= 1 && chapter <= G_N_ELEMENTS (chapter_titles), "");
  return chapter_titles[chapter - 1];
}

const FifolabProseValue *
_fifolab_lesson_steps_get_values (gsize *n_values)
{
  *n_values = G_N_ELEMENTS (values);
  return values;
}

void
_fifolab_lesson_steps_release (FifolabLesson *self)
{
  g_clear_object (&self->server);
  self->server_pid = 0;
  g_clear_object (&self->reader);
  g_clear_object (&self->writer);
  g_clear_object (&self->writer2);
  if (self->stream_reader != NULL)
    fifolab_reader_close (self->stream_reader);
  g_clear_object (&self->stream_reader);
  if (self->held_fd >= 0)
    close (self->held_fd);
  self->held_fd = -1;
}

void
_fifolab_lesson_steps_reset (FifolabLesson *self)
{
  _fifolab_lesson_steps_release (self);
  g_clear_pointer (&self->template_, g_free);
  self->enxio_seen = FALSE;
  self->writer_exited_us = 0;
  self->reader_pending = FALSE;
  self->lines = self->whole = self->torn = 0;
  self->line_checked = FALSE;
  self->first_read_messages = -1;
  self->drained = FALSE;
  self->read_bytes = 0;
  self->tracing = FALSE;
  fifolab_stream_trace_clear (self->stream);
}

void
_fifolab_lesson_steps_observe (FifolabLesson *self)
{
  start_pending_reader (self);
}

gssize
_fifolab_lesson_steps_get_queued (FifolabLesson *self)
{
  if (self->stream_reader != NULL)
    return fifolab_reader_get_queued (self->stream_reader);
  return self->held_fd >= 0 ? fifolab_fifo_get_queued (self->held_fd) : -1;
}

gssize
_fifolab_lesson_steps_get_capacity (FifolabLesson *self)
{
  if (self->stream_reader != NULL)
    return fifolab_reader_get_capacity (self->stream_reader);
  return self->held_fd >= 0 ? fifolab_fifo_get_capacity (self->held_fd) : -1;
}
