/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-framer.h"
#include "fifolab-lesson.h"
#include "fifolab-pipe-info.h"
#include "fifolab-spawn.h"
#include "fifolab-stamp.h"

/* How often the lesson looks at who holds its pipes (an observation, not a
 * deadline: steps complete on what it sees). */
#define OBSERVE_INTERVAL_MS 250
#define SMALL_BODY 200
#define SMALL_COUNT 100
#define LARGE_BODY 100000
#define LARGE_COUNT 20
#define READ_CHUNK (64 * 1024)

typedef struct _Step Step;

struct _FifolabLesson
{
  GObject             parent_instance;

  char               *folder;
  char               *pipe;
  char               *request;
  char               *reply;
  FifolabLog         *log;
  FifolabInspector   *inspector;
  GListStore         *peers;
  int                 deferred_step; /* waits for the last stage's processes, or -1 */
  GCancellable       *cancellable;
  FifolabHolderScan  *scan;
  gint64              scan_started;  /* monotonic time the last finished scan began */
  gboolean            scanning;
  guint               observe_id;

  guint               current;
  guint64             done;          /* bit per step */
  gboolean            closed;

  /* What the steps started and saw. */
  FifolabPeerProcess *reader;
  FifolabPeerProcess *writer;
  FifolabPeerProcess *writer2;
  gboolean            reader_pending; /* lesson 6: started once both writers wait */
  gint64              reader_started;
  gint64              writer_started;
  gboolean            enxio_seen;
  char               *template_;
  guint               lines;
  guint               whole;
  guint               torn;
  int                 held_fd;
  GInputStream       *held;
  guint8             *read_buffer;
  gssize              first_read_messages;
  FifolabStreamTrace *stream;        /* lesson 7: its reads, writes and messages */
  gboolean            tracing;
  gboolean            drained;
  gboolean            draining;
  GSubprocess        *server;
};

struct _Step
{
  guint        chapter;
  const char  *action_id;
  const char  *title;
  const char  *what;
  const char  *why;
  const char  *action_label;
  gboolean   (*action) (FifolabLesson  *self,
                        GError        **error);
  gboolean   (*check)  (FifolabLesson  *self);
};

G_DEFINE_FINAL_TYPE (FifolabLesson, fifolab_lesson, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FOLDER,
  PROP_PIPE_PATH,
  PROP_LOG,
  PROP_CURRENT,
  PROP_N_STEPS,
  PROP_QUEUED,
  PROP_CAPACITY,
  PROP_SCAN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_STEP_COMPLETED,
  SIGNAL_PIPE_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void evaluate (FifolabLesson *self);

/* Helpers */

static void
release_stopped_peer (FifolabPeerProcess *peer,
                      gpointer            data)
{
  g_signal_handlers_disconnect_by_func (peer, release_stopped_peer, data);
  g_object_unref (peer);
}

static void
stop_all (FifolabLesson *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);

      if (!fifolab_peer_process_is_running (peer))
        continue;
      /* Kept until it has ended, even if the lesson goes first, so that its
       * exit is reported and SIGKILL follows if SIGTERM is not enough. */
      if (g_signal_handler_find (peer, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, release_stopped_peer, NULL) == 0)
        g_signal_connect (g_object_ref (peer), "exited", G_CALLBACK (release_stopped_peer), NULL);
      fifolab_peer_process_stop (peer);
    }
  if (self->server != NULL)
    g_subprocess_force_exit (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->reader);
  g_clear_object (&self->writer);
  g_clear_object (&self->writer2);
}

static void
release_held (FifolabLesson *self)
{
  /* The stream owns the descriptor once made. */
  if (self->held != NULL)
    g_clear_object (&self->held);
  else if (self->held_fd >= 0)
    close (self->held_fd);
  self->held_fd = -1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
}

/* Ends what the previous step left running: a step starts from a clean pipe. */
static gboolean
any_peer_running (FifolabLesson *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FifolabPeerProcess) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);

      if (fifolab_peer_process_is_running (peer))
        return TRUE;
    }
  return FALSE;
}

/* Ends what the steps before started. Returns FALSE while some of it still
 * runs (a process told to stop may hold its end of the pipe a moment
 * longer, and would meet the new step's processes: a reader of the last step
 * could take the new writer's bytes or its end of file). The current step's
 * action then returns at once and runs again when the last of them has
 * exited. */
static gboolean
reset_stage (FifolabLesson *self)
{
  stop_all (self);
  release_held (self);
  g_clear_pointer (&self->template_, g_free);
  self->enxio_seen = FALSE;
  self->reader_pending = FALSE;
  self->lines = self->whole = self->torn = 0;
  self->first_read_messages = -1;
  self->drained = FALSE;
  self->draining = FALSE;
  self->tracing = FALSE;
  fifolab_stream_trace_clear (self->stream);
  if (any_peer_running (self))
    {
      self->deferred_step = (int) self->current;
      return FALSE;
    }
  self->deferred_step = -1;
  return TRUE;
}

static gboolean
ensure_pipe (FifolabLesson  *self,
             const char     *path,
             GError        **error)
{
  if (fifolab_fifo_is_fifo (path))
    return TRUE;
  if (!fifolab_fifo_create (path, 0600, error))
    return FALSE;
  if (self->log != NULL)
    fifolab_log_append_event (self->log, FIFOLAB_EVENT_CREATED, path, NULL);
  g_signal_emit (self, signals[SIGNAL_PIPE_CREATED], 0, path);
  return TRUE;
}

static void
peer_output_cb (FifolabPeerProcess *peer,
                const char         *line,
                gboolean            is_stderr,
                FifolabLesson      *self)
{
  static const char marker[] = " received a message => ";
  const char *message;

  if (is_stderr || self->template_ == NULL || fifolab_peer_process_get_role (peer) != FIFOLAB_PEER_ROLE_READ)
    {
      evaluate (self);
      return;
    }

  /* The two-writers steps: check each message the reader printed. */
  message = strstr (line, marker);
  if (message != NULL)
    {
      const char *path = fifolab_peer_process_get_path (peer);
      guint64 serial = fifolab_peer_process_get_output_serial (peer);
      gsize len;
      guint flags;

      message += strlen (marker);
      len = strlen (message);
      self->lines++;
      /* The reader's line is this message's entry in the log: a torn one is
       * marked on it, and explained by the event after it. */
      if (self->log != NULL && serial != G_MAXUINT64)
        flags = fifolab_inspector_report_entry (self->inspector, self->log, serial, path,
                                                (const guint8 *) message, len);
      else
        flags = fifolab_inspector_report (self->inspector, path, (const guint8 *) message, len);
      if (flags & FIFOLAB_MESSAGE_TORN)
        self->torn++;
      else if (fifolab_shape_matches (self->template_, (const guint8 *) message, len))
        self->whole++;
    }
  evaluate (self);
}

static void run_deferred_step (FifolabLesson *self);

static void
peer_exited_cb (FifolabPeerProcess *peer,
                FifolabLesson      *self)
{
  /* The last process of the steps before is gone: the step that waited for
   * it does what its button said. */
  if (self->deferred_step >= 0 && !any_peer_running (self))
    run_deferred_step (self);
  evaluate (self);
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
  if (line_framing)
    fifolab_peer_process_set_framing (peer, FIFOLAB_FRAMING_LINE);
  g_signal_connect_object (peer, "output", G_CALLBACK (peer_output_cb), self, 0);
  g_signal_connect_object (peer, "exited", G_CALLBACK (peer_exited_cb), self, 0);

  if (!fifolab_peer_process_start (peer, error))
    return NULL;
  if (role == FIFOLAB_PEER_ROLE_WRITE)
    fifolab_inspector_note_writer (self->inspector, path, fifolab_peer_process_get_pid (peer));
  g_list_store_append (self->peers, peer);
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
 * show it holding the pipe (a process blocked in open has no descriptor yet). */
static gboolean
waiting_in_open (FifolabLesson      *self,
                 FifolabPeerProcess *peer,
                 gint64              started)
{
  g_autoptr(GPtrArray) holders = NULL;
  gint64 pid;

  if (!running (peer) || self->scan == NULL || self->scan_started <= started)
    return FALSE;

  pid = fifolab_peer_process_get_pid (peer);
  holders = fifolab_holder_scan_get_holders (self->scan, fifolab_peer_process_get_path (peer));
  for (guint i = 0; i < holders->len; i++)
    if (fifolab_holder_get_pid (holders->pdata[i]) == pid)
      return FALSE;
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
  if (!reset_stage (self))
    return TRUE;
  return ensure_pipe (self, self->pipe, error);
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
  if (!reset_stage (self))
    return TRUE;
  if (!ensure_pipe (self, self->pipe, error))
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
  if (!ensure_pipe (self, self->pipe, error))
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
  self->writer_started = g_get_monotonic_time ();
  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, NULL, -1, 0, FALSE, error);
  return self->writer != NULL;
}

static gboolean
check_seed_line (FifolabLesson *self)
{
  g_autofree char *expected = NULL;
  const GPtrArray *lines;

  if (self->reader == NULL || self->writer == NULL)
    return FALSE;
  expected = g_strdup_printf ("I pid [%" G_GINT64_FORMAT "] received a message => Hello from pid [%" G_GINT64_FORMAT "]",
                              fifolab_peer_process_get_pid (self->reader),
                              fifolab_peer_process_get_pid (self->writer));
  lines = fifolab_peer_process_get_output_lines (self->reader);
  for (guint i = 0; i < lines->len; i++)
    if (g_str_equal (lines->pdata[i], expected))
      return TRUE;
  return FALSE;
}

/* Step 4: the writer closes, the reader sees end of file */

static gboolean
action_writer_closes (FifolabLesson  *self,
                      GError        **error)
{
  if (!reset_stage (self))
    return TRUE;
  if (!ensure_pipe (self, self->pipe, error))
    return FALSE;
  /* A reader that reads the stream until read() returns 0. */
  self->reader = start_peer (self, FIFOLAB_PEER_ROLE_READ, self->pipe, NULL, 0, 0, FALSE, error);
  if (self->reader == NULL)
    return FALSE;
  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, NULL, 3, 300, FALSE, error);
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

  if (!reset_stage (self))
    return TRUE;
  if (!ensure_pipe (self, self->pipe, error))
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
  if (!reset_stage (self))
    return TRUE;
  if (!ensure_pipe (self, self->pipe, error))
    return FALSE;
  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, NULL, 100, 100, FALSE, error);
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
  return exited_with (self->writer, 3);
}

/* Steps 6: two writers */

static gboolean
start_two_writers (FifolabLesson  *self,
                   gsize           body,
                   int             count,
                   GError        **error)
{
  if (!reset_stage (self))
    return TRUE;
  if (!ensure_pipe (self, self->pipe, error))
    return FALSE;
  self->template_ = make_template (body);
  fifolab_inspector_set_template (self->inspector, self->pipe, self->template_);

  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, self->template_, count, 0, TRUE, error);
  if (self->writer == NULL)
    return FALSE;
  self->writer2 = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, self->template_, count, 0, TRUE, error);
  if (self->writer2 == NULL)
    return FALSE;
  /* The reader reads until end of stream. Started before both writers wait in
   * open(), it could see the first writer finish and leave, and the second
   * would wait for a reader for ever: observe_cb starts it once both wait. */
  self->reader_pending = TRUE;
  return TRUE;
}

static gboolean
waits_in_open (FifolabPeerProcess *peer)
{
  g_autofree char *wchan = fifolab_peer_process_dup_wchan (peer);

  return wchan != NULL &&
         (strstr (wchan, "fifo_open") != NULL || strstr (wchan, "wait_for_partner") != NULL);
}

static void
start_pending_reader (FifolabLesson *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->reader_pending || self->writer == NULL || self->writer2 == NULL)
    return;
  /* A writer that already ended (it failed) waits for nobody. */
  if ((running (self->writer) && !waits_in_open (self->writer)) ||
      (running (self->writer2) && !waits_in_open (self->writer2)))
    return;

  self->reader_pending = FALSE;
  self->reader = start_peer (self, FIFOLAB_PEER_ROLE_READ, self->pipe, NULL, 0, 0, TRUE, &error);
  if (self->reader == NULL && self->log != NULL)
    fifolab_log_append_event (self->log, FIFOLAB_EVENT_ERROR, self->pipe, error->message);
}

static gboolean
action_two_writers_small (FifolabLesson  *self,
                          GError        **error)
{
  return start_two_writers (self, SMALL_BODY, SMALL_COUNT, error);
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
  return start_two_writers (self, LARGE_BODY, LARGE_COUNT, error);
}

static gboolean
check_two_writers_large (FifolabLesson *self)
{
  return self->torn > 0;
}

/* Step 7: a byte stream */

static gboolean
hold_read_end (FifolabLesson  *self,
               GError        **error)
{
  self->held_fd = fifolab_fifo_open (self->pipe, O_RDONLY, error);
  if (self->held_fd < 0)
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY]);
  return TRUE;
}

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
  const char *template_ = fifolab_peer_process_get_template (writer);
  g_autoptr(FifolabFramer) framer = fifolab_framer_new (fifolab_peer_process_get_framing (writer));
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) encoded = NULL;
  int count = fifolab_peer_process_get_count (writer);
  gsize size;

  payload = fifolab_stamp_expand (template_ != NULL ? template_ : FIFOLAB_DEFAULT_TEMPLATE,
                                  fifolab_peer_process_get_pid (writer), NULL);
  if (payload != NULL)
    encoded = fifolab_framer_encode (framer, payload, NULL);
  if (encoded == NULL)
    return;
  size = g_bytes_get_size (encoded);
  if (size == 0 || size > FIFOLAB_PIPE_BUF)
    return;
  for (int i = 1; i <= count; i++)
    fifolab_stream_trace_add_boundary (self->stream, FIFOLAB_BOUNDARY_WRITE, (guint64) i * size);
}

static void
fifolab_lesson_stream_read_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(FifolabLesson) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabFramer) framer = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0 || self->closed)
    return;

  if (self->first_read_messages < 0)
    {
      /* The first read, as one chunk: how many messages came in it. */
      MessageCount messages = { 0, 0, NULL };

      if (self->tracing && n > 0)
        {
          fifolab_stream_trace_add_read (self->stream, self->read_buffer, (gsize) n);
          messages.trace = self->stream;
        }
      framer = fifolab_framer_new (FIFOLAB_FRAMING_LINE);
      fifolab_framer_push (framer, self->read_buffer, (gsize) n, count_message_cb, &messages);
      self->first_read_messages = messages.count;
      if (self->log != NULL)
        fifolab_log_append (self->log, FIFOLAB_DIRECTION_RECEIVED, FIFOLAB_EVENT_NONE,
                            FIFOLAB_MESSAGE_NONE, self->pipe,
                            fifolab_stamp_parse_claimed_pid (self->read_buffer, (gsize) n),
                            getpid (), g_get_real_time (), g_get_monotonic_time (),
                            self->read_buffer, (gsize) n);
    }

  if (n == 0)
    self->drained = TRUE;
  else if (self->draining && self->held != NULL && object == G_OBJECT (self->held))
    {
      /* Draining: read on until every writer has closed. */
      g_input_stream_read_async (self->held, self->read_buffer, READ_CHUNK, G_PRIORITY_DEFAULT,
                                 self->cancellable, fifolab_lesson_stream_read_cb, g_object_ref (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
  evaluate (self);
}

static void
read_held (FifolabLesson *self,
           gboolean       until_end)
{
  if (self->held == NULL)
    self->held = g_unix_input_stream_new (self->held_fd, TRUE);
  if (g_input_stream_has_pending (self->held))
    return;
  self->draining = until_end;
  g_input_stream_read_async (self->held, self->read_buffer, READ_CHUNK, G_PRIORITY_DEFAULT,
                             self->cancellable, fifolab_lesson_stream_read_cb, g_object_ref (self));
}

static gboolean
action_byte_stream (FifolabLesson  *self,
                    GError        **error)
{
  if (!reset_stage (self))
    return TRUE;
  if (!ensure_pipe (self, self->pipe, error))
    return FALSE;
  /* FIFO Lab holds the read end without reading: five writes wait in the pipe. */
  if (!hold_read_end (self, error))
    return FALSE;
  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, NULL, 5, 0, TRUE, error);
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
      read_held (self, FALSE);
    }
  return self->first_read_messages > 1;
}

/* Step 8: a full pipe */

static gboolean
action_fill (FifolabLesson  *self,
             GError        **error)
{
  /* One page per write: the pipe's 16 pages fill up exactly. */
  g_autofree char *page = g_strnfill (FIFOLAB_PIPE_BUF, 'x');

  if (!reset_stage (self))
    return TRUE;
  if (!ensure_pipe (self, self->pipe, error))
    return FALSE;
  if (!hold_read_end (self, error))
    return FALSE;
  /* 20 writes of 4096 bytes: more than the 64 KiB the pipe holds. */
  self->writer = start_peer (self, FIFOLAB_PEER_ROLE_WRITE, self->pipe, page, 20, 0, FALSE, error);
  return self->writer != NULL;
}

static gboolean
check_full (FifolabLesson *self)
{
  gssize queued = fifolab_lesson_get_queued (self);
  gssize capacity = fifolab_lesson_get_capacity (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
  return running (self->writer) && capacity > 0 && queued >= capacity;
}

static gboolean
action_drain (FifolabLesson  *self,
              GError        **error)
{
  if (self->held_fd < 0 || !running (self->writer))
    {
      if (!action_fill (self, error))
        return FALSE;
    }
  read_held (self, TRUE);
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
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  /* A tiny server: reads one request line, answers on the reply pipe. */
  const char *script = "IFS= read -r line < \"$1\" && printf 'reply to %s\\n' \"$line\" > \"$2\"";
  const char *server_argv[7] = { "/bin/sh", "-c", script, "sh", NULL, NULL, NULL };
  GPid server_pid = 0;

  if (!reset_stage (self))
    return TRUE;
  if (!ensure_pipe (self, self->request, error) || !ensure_pipe (self, self->reply, error))
    return FALSE;

  server_argv[4] = self->request;
  server_argv[5] = self->reply;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  self->server = fifolab_spawn (launcher, server_argv, NULL, NULL, &server_pid, error);
  if (self->server == NULL)
    return FALSE;
  if (self->log != NULL)
    {
      g_autofree char *pid_text = g_strdup_printf ("%d", (int) server_pid);
      g_autofree char *detail = g_strdup_printf (_("pid %s: a shell that answers one request"),
                                                 pid_text);
      fifolab_log_append_event (self->log, FIFOLAB_EVENT_PEER_STARTED, self->request, detail);
    }

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
  const GPtrArray *lines;

  if (self->reader == NULL || self->writer == NULL)
    return FALSE;
  expected = g_strdup_printf ("received a message => reply to Hello from pid [%" G_GINT64_FORMAT "]",
                              fifolab_peer_process_get_pid (self->writer));
  lines = fifolab_peer_process_get_output_lines (self->reader);
  for (guint i = 0; i < lines->len; i++)
    if (strstr (lines->pdata[i], expected) != NULL)
      return TRUE;
  return FALSE;
}

static const Step steps[] = {
  { 1, "mkfifo",
    N_("Everything is a file"),
    N_("Click “Create my_pipe”. FIFO Lab calls mkfifo() to make a named pipe called my_pipe in this lesson’s own folder (its path is at the bottom of this panel); the log says so and the drawing below shows the pipe."),
    N_("On Linux nearly everything is reached through a file and a file descriptor. A named pipe has a name in the file system like any file, but its type is FIFO (ls -l shows “p”, as in prw-------) and its data never goes to disk: the kernel keeps it in a buffer."),
    N_("Create my_pipe"), action_mkfifo, check_mkfifo },
  { 2, "start-reader",
    N_("A reader waits for a writer"),
    N_("Click “Start Reader”. A separate process, fifolab-peer, opens my_pipe for reading, exactly like the book’s read_from_named_pipe.py."),
    N_("open() for reading blocks until some process opens the pipe for writing. The reader is running, but it holds no descriptor yet: it waits inside open(), and the diagram draws it as waiting."),
    N_("Start Reader"), action_start_reader, check_reader_waits },
  { 3, "start-writer",
    N_("A writer arrives"),
    N_("Click “Start Writer”. A second process opens my_pipe for writing and writes “Hello from pid [N]” with its own pid N."),
    N_("Now both ends are open, so both open() calls return. The 22 bytes travel through the kernel’s buffer and the reader prints “I pid [M] received a message => Hello from pid [N]”, with two real, different pids: two unrelated processes talked."),
    N_("Start Writer"), action_start_writer, check_seed_line },
  { 4, "writer-closes",
    N_("The writer closes: end of file"),
    N_("Click “Run”. A reader that reads until the stream ends starts, and a writer sends three messages, then closes."),
    N_("When the last writer closes, read() returns 0 bytes: end of file. That is how a reader knows nobody will write any more, and why this reader stops by itself."),
    N_("Run"), action_writer_closes, check_end_of_stream },
  { 5, "writer-alone",
    N_("A writer without a reader"),
    N_("Click “Start Writer”. Nobody reads my_pipe now. FIFO Lab first tries a non-blocking open for writing, then starts a writer process."),
    N_("The non-blocking open fails at once with ENXIO (“No such device or address”): nobody reads. A blocking open, the writer process’s, waits inside open() until a reader comes."),
    N_("Start Writer"), action_writer_alone, check_writer_waits },
  { 5, "reader-leaves",
    N_("A reader that leaves"),
    N_("Click “Run”. A writer sends a message every 100 ms; a reader reads once, like the book’s reader, and leaves."),
    N_("Writing to a pipe that nobody reads any more fails with EPIPE, and the kernel sends SIGPIPE, which kills a process by default. fifolab-peer ignores SIGPIPE, so it sees EPIPE, says so and exits with status 3."),
    N_("Run"), action_reader_leaves, check_epipe },
  { 6, "two-writers-small",
    N_("Two writers, small messages"),
    N_("Click “Run”. Two writers each send 100 messages of a few hundred bytes at once, one line each; one reader reads them all."),
    N_("A write() of at most PIPE_BUF bytes (4096 on Linux) is atomic: the kernel never mixes another writer’s bytes into it. Every line arrives whole, whatever the order of the writers."),
    N_("Run"), action_two_writers_small, check_two_writers_small },
  { 6, "two-writers-large",
    N_("Two writers, large messages"),
    N_("Click “Run”. Now each message is 100,000 bytes, far more than PIPE_BUF and more than the pipe holds."),
    N_("A larger write is not atomic: when the pipe is full the writer sleeps, and the other writer’s bytes can go in between. FIFO Lab checks every message against its expected shape and marks the torn ones."),
    N_("Run"), action_two_writers_large, check_two_writers_large },
  { 7, "byte-stream",
    N_("A pipe is a byte stream"),
    N_("Click “Run”. FIFO Lab holds the read end without reading; a writer writes five lines and exits; then FIFO Lab reads once."),
    N_("A pipe keeps no message boundaries: the five writes come back as one read of all their bytes. Only a framing convention — lines, a fixed size, a length prefix — tells the messages apart again."),
    N_("Run"), action_byte_stream, check_byte_stream },
  { 8, "fill",
    N_("A full pipe"),
    N_("Click “Fill”. FIFO Lab holds the read end and does not read; a writer tries to write 80 KiB. Watch the buffer gauge."),
    N_("The pipe holds 64 KiB by default. When it is full, write() blocks: the writer sleeps until a reader makes room."),
    N_("Fill"), action_fill, check_full },
  { 8, "drain",
    N_("Draining the pipe"),
    N_("Click “Drain”. FIFO Lab reads the pipe."),
    N_("Each read makes room, the kernel wakes the writer, it writes the rest and exits; the gauge falls back to empty and the reader sees end of file."),
    N_("Drain"), action_drain, check_drained },
  { 9, "conversation",
    N_("A conversation both ways"),
    N_("Click “Run”. A small server reads a request from request_pipe and answers on reply_pipe; a writer sends the request and a reader prints the reply."),
    N_("A pipe carries data one way only. Two programs that talk both ways use two FIFOs: one for requests, one for replies — each side opens one for writing and the other for reading."),
    N_("Run"), action_conversation, check_conversation },
};

static void
run_deferred_step (FifolabLesson *self)
{
  g_autoptr(GError) error = NULL;
  guint step = (guint) self->deferred_step;

  self->deferred_step = -1;
  if (step != self->current || self->closed)
    return;
  if (!steps[step].action (self, &error) && self->log != NULL)
    fifolab_log_append_event (self->log, FIFOLAB_EVENT_ERROR, self->pipe, error->message);
}

G_STATIC_ASSERT (G_N_ELEMENTS (steps) <= 64);

/* Observation */

static void
evaluate (FifolabLesson *self)
{
  guint index = self->current;

  if (self->closed || index >= G_N_ELEMENTS (steps) || (self->done & (G_GUINT64_CONSTANT (1) << index)))
    return;
  if (!steps[index].check (self))
    return;

  self->done |= G_GUINT64_CONSTANT (1) << index;
  g_signal_emit (self, signals[SIGNAL_STEP_COMPLETED], 0, index);
  /* A handler may have moved on already. */
  if (self->current == index && index + 1 < G_N_ELEMENTS (steps))
    fifolab_lesson_set_current (self, index + 1);
}

static void
fifolab_lesson_scan_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(FifolabLesson) self = user_data;
  g_autoptr(FifolabHolderScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { self->pipe, self->request, self->reply, NULL };
  gint64 started = GPOINTER_TO_SIZE (g_task_get_task_data (G_TASK (result)));

  self->scanning = FALSE;
  scan = g_task_propagate_pointer (G_TASK (result), &error);
  if (scan == NULL || self->closed)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Lesson scan failed: %s", error->message);
      return;
    }

  g_set_object (&self->scan, scan);
  self->scan_started = started;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCAN]);
  fifolab_inspector_note_scan (self->inspector, scan, paths);
  evaluate (self);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FifolabLesson *self = source_object;
  const char *paths[] = { self->pipe, self->request, self->reply, NULL };
  GError *error = NULL;
  FifolabHolderScan *scan = fifolab_holder_scan_run_sync (paths, cancellable, &error);

  if (scan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, scan, g_object_unref);
}

static gboolean
observe_cb (gpointer user_data)
{
  FifolabLesson *self = user_data;
  g_autoptr(GTask) task = NULL;

  start_pending_reader (self);
  evaluate (self);
  if (self->scanning)
    return G_SOURCE_CONTINUE;

  /* The scan records its own start: a process started before it and missing
   * from it is really blocked in open(). */
  self->scanning = TRUE;
  task = g_task_new (self, self->cancellable, fifolab_lesson_scan_cb, g_object_ref (self));
  g_task_set_source_tag (task, observe_cb);
  g_task_set_task_data (task, GSIZE_TO_POINTER ((gsize) g_get_monotonic_time ()), NULL);
  g_task_run_in_thread (task, scan_thread);
  return G_SOURCE_CONTINUE;
}

/* GObject */

static void
fifolab_lesson_dispose (GObject *object)
{
  FifolabLesson *self = FIFOLAB_LESSON (object);

  fifolab_lesson_close (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->scan);
  g_clear_object (&self->inspector);
  g_clear_object (&self->stream);
  g_clear_object (&self->peers);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (fifolab_lesson_parent_class)->dispose (object);
}

static void
fifolab_lesson_finalize (GObject *object)
{
  FifolabLesson *self = FIFOLAB_LESSON (object);

  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->pipe, g_free);
  g_clear_pointer (&self->request, g_free);
  g_clear_pointer (&self->reply, g_free);
  g_clear_pointer (&self->template_, g_free);
  g_clear_pointer (&self->read_buffer, g_free);

  G_OBJECT_CLASS (fifolab_lesson_parent_class)->finalize (object);
}

static void
fifolab_lesson_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FifolabLesson *self = FIFOLAB_LESSON (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;
    case PROP_PIPE_PATH:
      g_value_set_string (value, self->pipe);
      break;
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_CURRENT:
      g_value_set_uint (value, self->current);
      break;
    case PROP_N_STEPS:
      g_value_set_uint (value, G_N_ELEMENTS (steps));
      break;
    case PROP_QUEUED:
      g_value_set_int64 (value, fifolab_lesson_get_queued (self));
      break;
    case PROP_CAPACITY:
      g_value_set_int64 (value, fifolab_lesson_get_capacity (self));
      break;
    case PROP_SCAN:
      g_value_set_object (value, self->scan);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_lesson_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FifolabLesson *self = FIFOLAB_LESSON (object);

  switch (prop_id)
    {
    case PROP_LOG:
      self->log = g_value_dup_object (value);
      break;
    case PROP_CURRENT:
      fifolab_lesson_set_current (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_lesson_class_init (FifolabLessonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_lesson_dispose;
  object_class->finalize = fifolab_lesson_finalize;
  object_class->get_property = fifolab_lesson_get_property;
  object_class->set_property = fifolab_lesson_set_property;

  properties[PROP_FOLDER] =
    g_param_spec_string ("folder", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PIPE_PATH] =
    g_param_spec_string ("pipe-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, FIFOLAB_TYPE_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_uint ("current", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_STEPS] =
    g_param_spec_uint ("n-steps", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUED] =
    g_param_spec_int64 ("queued", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPACITY] =
    g_param_spec_int64 ("capacity", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCAN] =
    g_param_spec_object ("scan", NULL, NULL, FIFOLAB_TYPE_HOLDER_SCAN,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_STEP_COMPLETED] =
    g_signal_new ("step-completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* A FIFO the lesson made in its folder (the pipe browser lists it while
   * it exists; the lesson's clean-up deletes it). */
  signals[SIGNAL_PIPE_CREATED] =
    g_signal_new ("pipe-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fifolab_lesson_init (FifolabLesson *self)
{
  self->peers = g_list_store_new (FIFOLAB_TYPE_PEER_PROCESS);
  self->deferred_step = -1;
  self->cancellable = g_cancellable_new ();
  self->held_fd = -1;
  self->first_read_messages = -1;
  self->read_buffer = g_malloc (READ_CHUNK);
  self->stream = fifolab_stream_trace_new ();
}

/* Public API */

/**
 * fifolab_lesson_new:
 * @parent_folder: where the lesson's own folder is made
 * @log: (nullable): where peers and the lesson report
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a lesson at its first step
 */
FifolabLesson *
fifolab_lesson_new (const char  *parent_folder,
                    FifolabLog  *log,
                    GError     **error)
{
  g_autoptr(FifolabLesson) self = NULL;
  g_autofree char *tmpl = NULL;

  g_return_val_if_fail (parent_folder != NULL, NULL);
  g_return_val_if_fail (log == NULL || FIFOLAB_IS_LOG (log), NULL);

  self = g_object_new (FIFOLAB_TYPE_LESSON, "log", log, NULL);
  if (g_mkdir_with_parents (parent_folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *shown = fifolab_escape_name (parent_folder, 0);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), shown, g_strerror (saved_errno));
      return NULL;
    }
  tmpl = g_build_filename (parent_folder, "lesson-XXXXXX", NULL);
  self->folder = g_mkdtemp_full (tmpl, 0700);
  if (self->folder == NULL)
    {
      int saved_errno = errno;
      g_autofree char *shown = fifolab_escape_name (tmpl, 0);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), shown, g_strerror (saved_errno));
      return NULL;
    }
  g_steal_pointer (&tmpl);
  self->pipe = g_build_filename (self->folder, "my_pipe", NULL);
  self->request = g_build_filename (self->folder, "request_pipe", NULL);
  self->reply = g_build_filename (self->folder, "reply_pipe", NULL);
  self->inspector = fifolab_inspector_new (log);
  self->observe_id = g_timeout_add (OBSERVE_INTERVAL_MS, observe_cb, self);
  return g_steal_pointer (&self);
}

const char *
fifolab_lesson_get_folder (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return self->folder;
}

const char *
fifolab_lesson_get_pipe_path (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return self->pipe;
}

guint
fifolab_lesson_get_n_steps (FifolabLesson *self)
{
  return G_N_ELEMENTS (steps);
}

const char *
fifolab_lesson_get_step_title (FifolabLesson *self,
                               guint          index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (steps), NULL);
  return _(steps[index].title);
}

const char *
fifolab_lesson_get_step_what (FifolabLesson *self,
                              guint          index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (steps), NULL);
  return _(steps[index].what);
}

const char *
fifolab_lesson_get_step_why (FifolabLesson *self,
                             guint          index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (steps), NULL);
  return _(steps[index].why);
}

const char *
fifolab_lesson_get_step_action_label (FifolabLesson *self,
                                      guint          index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (steps), NULL);
  return _(steps[index].action_label);
}

const char *
fifolab_lesson_get_step_action_id (FifolabLesson *self,
                                   guint          index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (steps), NULL);
  return steps[index].action_id;
}

guint
fifolab_lesson_get_step_chapter (FifolabLesson *self,
                                 guint          index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (steps), 0);
  return steps[index].chapter;
}

gboolean
fifolab_lesson_is_step_done (FifolabLesson *self,
                             guint          index)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), FALSE);
  g_return_val_if_fail (index < G_N_ELEMENTS (steps), FALSE);
  return (self->done & (G_GUINT64_CONSTANT (1) << index)) != 0;
}

guint
fifolab_lesson_get_current (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), 0);
  return self->current;
}

void
fifolab_lesson_set_current (FifolabLesson *self,
                            guint          index)
{
  g_return_if_fail (FIFOLAB_IS_LESSON (self));

  index = MIN (index, G_N_ELEMENTS (steps) - 1);
  if (self->current == index)
    return;
  /* A step left before it could start does not start later. */
  self->deferred_step = -1;
  self->current = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

/**
 * fifolab_lesson_run_action:
 * @self: a lesson
 * @error: return location for a #GError
 *
 * Does what the current step's button says.
 *
 * Returns: %FALSE with @error when it could not
 */
gboolean
fifolab_lesson_run_action (FifolabLesson  *self,
                           GError        **error)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), FALSE);

  if (self->closed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The lesson has ended."));
      return FALSE;
    }
  if (!steps[self->current].action (self, error))
    return FALSE;
  evaluate (self);
  return TRUE;
}

/**
 * fifolab_lesson_get_peers:
 * @self: a lesson
 *
 * Returns: (transfer none): the processes the lesson started
 */
GListModel *
fifolab_lesson_get_peers (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return G_LIST_MODEL (self->peers);
}

/**
 * fifolab_lesson_get_scan:
 * @self: a lesson
 *
 * Returns: (transfer none) (nullable): the last holders scan of the lesson's pipes
 */
FifolabHolderScan *
fifolab_lesson_get_scan (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return self->scan;
}

FifolabInspector *
fifolab_lesson_get_inspector (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return self->inspector;
}

/**
 * fifolab_lesson_get_stream_trace:
 * @self: a lesson
 *
 * Lesson 7's byte stream: the bytes FIFO Lab read in that step, where each
 * of the writer's write() calls, each read() and each line ended in them.
 * Emptied when another step's action starts.
 *
 * Returns: (transfer none): the trace
 */
FifolabStreamTrace *
fifolab_lesson_get_stream_trace (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), NULL);
  return self->stream;
}

gssize
fifolab_lesson_get_queued (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), -1);
  return self->held_fd >= 0 ? fifolab_fifo_get_queued (self->held_fd) : -1;
}

gssize
fifolab_lesson_get_capacity (FifolabLesson *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LESSON (self), -1);
  return self->held_fd >= 0 ? fifolab_fifo_get_capacity (self->held_fd) : -1;
}

/**
 * fifolab_lesson_close:
 * @self: a lesson
 *
 * Stops what the lesson started (SIGTERM; peers not gone after 2 s get SIGKILL
 * while the lesson is alive) and removes its folder.
 */
void
fifolab_lesson_close (FifolabLesson *self)
{
  const char *paths[3];

  g_return_if_fail (FIFOLAB_IS_LESSON (self));

  if (self->closed)
    return;
  self->closed = TRUE;

  g_clear_handle_id (&self->observe_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  stop_all (self);
  if (self->held != NULL)
    g_clear_object (&self->held);
  else if (self->held_fd >= 0)
    close (self->held_fd);
  self->held_fd = -1;

  if (self->folder == NULL)
    return;
  paths[0] = self->pipe;
  paths[1] = self->request;
  paths[2] = self->reply;
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    if (fifolab_fifo_is_fifo (paths[i]))
      g_unlink (paths[i]);
  g_rmdir (self->folder);
}
