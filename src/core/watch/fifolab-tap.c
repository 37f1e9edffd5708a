/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FifolabTap: a relay FIFO swapped into a pipe's path, for when ptrace is
 * refused. The files on disk are fifolab-tap-swap.c's; this is the relay.
 *
 * One FIFO has a reading and a writing side, and the processes that held
 * the original before the tap started keep it. So the tap relays one way,
 * decided when it starts:
 *
 *   ARRIVING_WRITERS (a reader waits on the original): the tap reads the
 *     relay (at the path) and writes into the original. It opens the
 *     original for writing only when the first bytes come, so the waiting
 *     reader is not let out of open() for nothing; when the writers close
 *     the relay, the tap closes its end of the original, and the reader sees
 *     the end of the stream as it would have.
 *   ARRIVING_READERS (a writer holds the original): the tap first waits for
 *     a reader to open the path (retrying a non-blocking write open of the
 *     relay, which fails with ENXIO until then), and only then opens the
 *     original for reading, so the writer stays blocked until a real reader
 *     came; the end of the stream is passed on the same way. After that the
 *     original is read again at once and the relay opened when bytes come
 *     (see begin_connection()).
 *
 * A reader that leaves makes the tap close its side of the writer's FIFO,
 * so the writer gets EPIPE as it would have. Each connection (from the
 * first bytes to the end of the stream) starts with one holder scan of both
 * FIFOs, for the pids that ::relayed reports. */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fifolab-escape.h"
#include "fifolab-fifo.h"
#include "fifolab-fifo-input-stream.h"
#include "fifolab-fifo-output-stream.h"
#include "fifolab-holder-scan.h"
#include "fifolab-tap-private.h"

#define CHUNK_SIZE (64 * 1024)
/* How often to try again to open a side nobody reads yet (ENXIO). */
#define RETRY_MS 50

struct _FifolabTap
{
  GObject             parent_instance;

  char               *path;
  char               *hidden;
  FifolabTapArriving  arriving;
  gboolean            running;
  int                 original_fd;   /* O_PATH */
  int                 relay_fd;      /* O_PATH */
  guint64             bytes_relayed;

  /* The connection: from opening the source to its end of stream. */
  guint               generation;
  GCancellable       *cancellable;
  GInputStream       *in;
  GOutputStream      *out;
  GBytes             *pending;
  guint               retry_id;
  void              (*retry_func) (FifolabTap *self);
  gboolean            waiting_reported;
  guint               scans;         /* holder scans done for the connection */
  gboolean            scanning;
  gboolean            connected;
  gint64              from_pid;
  char               *from_comm;
  gint64              to_pid;
  char               *to_comm;
};

G_DEFINE_FINAL_TYPE (FifolabTap, fifolab_tap, G_TYPE_OBJECT)

enum {
  SIGNAL_RELAYED,
  SIGNAL_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void begin_connection (FifolabTap *self,
                              gboolean    destination_first);
static void deliver (FifolabTap *self);

/* The relay's callbacks hold the tap weakly: dropping the last reference
 * disposes it (which stops it), whatever is in flight. */
static GWeakRef *
weak_ref_new (FifolabTap *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

/* The tap (a new reference) or NULL when it is gone; frees @ref. */
static FifolabTap *
weak_ref_take (GWeakRef *ref)
{
  FifolabTap *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

static void
emit_event (FifolabTap      *self,
            FifolabTapEvent  kind,
            const char      *message)
{
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, (int) kind, message);
}

/* Drops the connection: its streams (closing them once no operation is
 * pending), the bytes in hand, the retry timer and what the scan found. */
static void
reset_connection (FifolabTap *self)
{
  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->in);
  g_clear_object (&self->out);
  g_clear_pointer (&self->pending, g_bytes_unref);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_func = NULL;
  self->waiting_reported = FALSE;
  self->scans = 0;
  self->scanning = FALSE;
  self->connected = FALSE;
  self->from_pid = -1;
  self->to_pid = -1;
  g_clear_pointer (&self->from_comm, g_free);
  g_clear_pointer (&self->to_comm, g_free);
}

static gboolean
retry_cb (gpointer user_data)
{
  FifolabTap *self = user_data;
  void (*func) (FifolabTap *) = self->retry_func;

  self->retry_id = 0;
  self->retry_func = NULL;
  if (func != NULL)
    func (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (FifolabTap  *self,
                void       (*func) (FifolabTap *self))
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_func = func;
  self->retry_id = g_timeout_add (RETRY_MS, retry_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->retry_id),
                            "[fifolab] tap retry");
}

static int
source_fd (FifolabTap *self)
{
  return self->arriving == FIFOLAB_TAP_ARRIVING_WRITERS ? self->relay_fd : self->original_fd;
}

static int
destination_fd (FifolabTap *self)
{
  return self->arriving == FIFOLAB_TAP_ARRIVING_WRITERS ? self->original_fd : self->relay_fd;
}

static void
fail (FifolabTap *self,
      int         saved_errno)
{
  g_autofree char *name = fifolab_escape_name (self->path, 0);
  g_autofree char *text = g_strdup_printf (_("The tap on “%s” stopped relaying: %s"),
                                           name, g_strerror (saved_errno));

  reset_connection (self);
  emit_event (self, FIFOLAB_TAP_EVENT_ERROR, text);
}

static void read_next (FifolabTap *self);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes =
    g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  g_autoptr(FifolabTap) self = weak_ref_take (user_data);

  if (self == NULL || source != (GObject *) self->in)
    return; /* a tap or a connection that was dropped */

  if (bytes == NULL)
    {
      g_autofree char *name = fifolab_escape_name (self->path, 0);
      g_autofree char *text = g_strdup_printf (_("The tap on “%s” stopped relaying: %s"),
                                               name, error->message);

      reset_connection (self);
      emit_event (self, FIFOLAB_TAP_EVENT_ERROR, text);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      /* Every writer closed: closing our end of the other side passes that on. */
      if (self->out != NULL)
        emit_event (self, FIFOLAB_TAP_EVENT_END_OF_STREAM,
                    _("The writers closed the pipe: the tap closed its end too, so the "
                      "reader sees the end of the stream."));
      begin_connection (self, FALSE);
      return;
    }

  self->pending = g_steal_pointer (&bytes);
  deliver (self);
}

static void
read_next (FifolabTap *self)
{
  g_input_stream_read_bytes_async (self->in, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   self->cancellable, read_cb, weak_ref_new (self));
}

static void start_scan (FifolabTap *self);

static char *
describe_process (gint64      pid,
                  const char *comm)
{
  if (pid <= 0)
    return g_strdup (_("a process the tap could not see"));
  /* Translators: a process, such as “pid 1234 (cat)”. */
  return g_strdup_printf (_("pid %d (%s)"), (int) pid, comm != NULL ? comm : "?");
}

/* The piece in hand was passed on: says so, and reads the next. */
static void
finish_piece (FifolabTap *self)
{
  g_autoptr(GBytes) sent = g_steal_pointer (&self->pending);

  if (!self->connected)
    {
      g_autofree char *from = describe_process (self->from_pid, self->from_comm);
      g_autofree char *to = describe_process (self->to_pid, self->to_comm);
      /* Translators: both %s are processes, such as “pid 1234 (cat)”. */
      g_autofree char *text = g_strdup_printf (_("Bytes began to pass through the tap, "
                                                 "from %s to %s."), from, to);

      self->connected = TRUE;
      emit_event (self, FIFOLAB_TAP_EVENT_CONNECTED, text);
    }

  self->bytes_relayed += g_bytes_get_size (sent);
  g_signal_emit (self, signals[SIGNAL_RELAYED], 0, sent,
                 self->from_pid, self->from_comm, self->to_pid, self->to_comm);
  if (self->in != NULL)
    read_next (self);
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gsize written = 0;
  gboolean ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result,
                                                  &written, &error);
  g_autoptr(FifolabTap) self = weak_ref_take (user_data);

  if (self == NULL || source != (GObject *) self->out)
    return;
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "The reader left: %zu byte was lost in the tap, and the "
                                      "writer gets EPIPE on its next write.",
                                      "The reader left: %zu bytes were lost in the tap, and the "
                                      "writer gets EPIPE on its next write.",
                                      g_bytes_get_size (self->pending) - written),
                         g_bytes_get_size (self->pending) - written);

      emit_event (self, FIFOLAB_TAP_EVENT_NO_READER, text);
      begin_connection (self, TRUE);
      return;
    }
  if (!ok)
    {
      g_autofree char *name = fifolab_escape_name (self->path, 0);
      g_autofree char *text = g_strdup_printf (_("The tap on “%s” stopped relaying: %s"),
                                               name, error->message);

      reset_connection (self);
      emit_event (self, FIFOLAB_TAP_EVENT_ERROR, text);
      return;
    }

  /* A reader let out of open() by the tap may have had no descriptor yet
   * at the first scan: one more look when a side is still unknown. */
  if (self->scans == 1 && (self->from_pid < 0 || self->to_pid < 0))
    {
      start_scan (self);
      return;
    }
  finish_piece (self);
}

/* The first process (other than this one) holding @path with @access. */
static void
find_counterpart (FifolabHolderScan  *scan,
                  const char         *path,
                  FifolabAccess       access,
                  gint64             *pid,
                  char              **comm)
{
  g_autoptr(GPtrArray) holders = fifolab_holder_scan_get_holders (scan, path);

  if (*pid > 0)
    return;
  for (guint i = 0; i < holders->len; i++)
    {
      FifolabHolder *holder = g_ptr_array_index (holders, i);

      if (fifolab_holder_get_pid (holder) == getpid () ||
          (fifolab_holder_get_access (holder) & access) == 0)
        continue;
      *pid = fifolab_holder_get_pid (holder);
      *comm = g_strdup (fifolab_holder_get_command (holder));
      return;
    }
}

typedef struct
{
  GWeakRef   *self;
  guint       generation;
} ScanData;

static void
connection_scan_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ScanData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FifolabHolderScan) scan = fifolab_holder_scan_run_finish (result, &error);
  g_autoptr(FifolabTap) self = weak_ref_take (data->self);
  guint generation = data->generation;
  gboolean to_original;

  g_free (data);
  if (self == NULL || generation != self->generation)
    return;
  to_original = self->arriving == FIFOLAB_TAP_ARRIVING_WRITERS;

  self->scanning = FALSE;
  self->scans++;
  if (scan == NULL)
    g_debug ("tap: the holder scan failed: %s", error->message);
  else
    {
      find_counterpart (scan, to_original ? self->path : self->hidden,
                        FIFOLAB_ACCESS_WRITE, &self->from_pid, &self->from_comm);
      find_counterpart (scan, to_original ? self->hidden : self->path,
                        FIFOLAB_ACCESS_READ, &self->to_pid, &self->to_comm);
    }
  /* The first scan comes before the piece is written, the second after. */
  if (self->scans == 1)
    deliver (self);
  else
    finish_piece (self);
}

static void
start_scan (FifolabTap *self)
{
  const char *paths[] = { self->path, self->hidden, NULL };
  ScanData *data;

  if (self->scanning)
    return;
  self->scanning = TRUE;
  data = g_new0 (ScanData, 1);
  data->self = weak_ref_new (self);
  data->generation = self->generation;
  fifolab_holder_scan_run_async (paths, self->cancellable, connection_scan_cb, data);
}

/* Opens the destination for writing, unless it is open. FALSE when nobody
 * reads it yet (ENXIO: @retry runs again later) or it failed (reported). */
static gboolean
open_destination (FifolabTap  *self,
                  void       (*retry) (FifolabTap *self))
{
  int fd;

  if (self->out != NULL)
    return TRUE;
  fd = _fifolab_tap_reopen (destination_fd (self), O_WRONLY);
  if (fd < 0 && errno == ENXIO)
    {
      schedule_retry (self, retry);
      return FALSE;
    }
  if (fd < 0)
    {
      fail (self, errno);
      return FALSE;
    }
  self->out = fifolab_fifo_output_stream_new (fd);
  return TRUE;
}

/* Passes the bytes in hand on: once the other side is open and then the
 * connection's holder scan is done (after the open, so that a reader that
 * waited in open() has its descriptor by then). */
static void
deliver (FifolabTap *self)
{
  if (self->pending == NULL)
    return;

  if (!open_destination (self, deliver))
    {
      if (self->retry_id != 0 && !self->waiting_reported)
        {
          self->waiting_reported = TRUE;
          emit_event (self, FIFOLAB_TAP_EVENT_WAITING_FOR_READER,
                      _("Bytes wait in the tap: nobody reads the other side now."));
        }
      return;
    }

  if (self->scans == 0)
    {
      start_scan (self);
      return;
    }

  g_output_stream_write_all_async (self->out,
                                   g_bytes_get_data (self->pending, NULL),
                                   g_bytes_get_size (self->pending),
                                   G_PRIORITY_DEFAULT, self->cancellable,
                                   write_cb, weak_ref_new (self));
}

static gboolean
open_source (FifolabTap *self)
{
  int fd = _fifolab_tap_reopen (source_fd (self), O_RDONLY);

  if (fd < 0)
    {
      fail (self, errno);
      return FALSE;
    }
  self->in = fifolab_fifo_input_stream_new (fd);
  return TRUE;
}

/* Waits until a reader is on the destination (a non-blocking write open
 * fails with ENXIO until then), then opens the source. */
static void
wait_for_destination (FifolabTap *self)
{
  if (open_destination (self, wait_for_destination) && open_source (self))
    read_next (self);
}

/* A new connection. With @destination_first the source is opened only once
 * someone reads the destination: at the start with ARRIVING_READERS (the
 * writer stays in open() until a real reader came), and after a reader left
 * (reopening the source at once would take the writer's EPIPE away).
 * Otherwise the source is opened at once and the destination when the first
 * bytes come: never at once after an end of stream, which would take the
 * reader's EOF away. */
static void
begin_connection (FifolabTap *self,
                  gboolean    destination_first)
{
  reset_connection (self);
  self->cancellable = g_cancellable_new ();
  if (destination_first)
    wait_for_destination (self);
  else if (open_source (self))
    read_next (self);
}

static void
fifolab_tap_dispose (GObject *object)
{
  FifolabTap *self = (FifolabTap *) object;

  if (self->running)
    {
      g_autoptr(GError) error = NULL;

      if (!fifolab_tap_stop (self, &error))
        g_debug ("tap: %s", error->message);
    }
  reset_connection (self);

  G_OBJECT_CLASS (fifolab_tap_parent_class)->dispose (object);
}

static void
fifolab_tap_finalize (GObject *object)
{
  FifolabTap *self = (FifolabTap *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->hidden, g_free);

  G_OBJECT_CLASS (fifolab_tap_parent_class)->finalize (object);
}

static void
fifolab_tap_class_init (FifolabTapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_tap_dispose;
  object_class->finalize = fifolab_tap_finalize;

  signals[SIGNAL_RELAYED] =
    g_signal_new ("relayed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 5,
                  G_TYPE_BYTES, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_STRING);
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
}

static void
fifolab_tap_init (FifolabTap *self)
{
  self->original_fd = -1;
  self->relay_fd = -1;
  self->from_pid = -1;
  self->to_pid = -1;
}

/**
 * fifolab_tap_new:
 * @path: the FIFO to tap
 *
 * Returns: (transfer full): a tap that has not started.
 */
FifolabTap *
fifolab_tap_new (const char *path)
{
  FifolabTap *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FIFOLAB_TYPE_TAP, NULL);
  self->path = g_strdup (path);
  return self;
}

static FifolabTapArriving
decide_arriving (FifolabHolderScan *scan,
                 const char        *path)
{
  g_autoptr(GPtrArray) holders = fifolab_holder_scan_get_holders (scan, path);
  gboolean readers = FALSE;
  gboolean writers = FALSE;

  for (guint i = 0; i < holders->len; i++)
    {
      FifolabHolder *holder = g_ptr_array_index (holders, i);

      if (fifolab_holder_get_pid (holder) == getpid ())
        continue;
      readers |= (fifolab_holder_get_access (holder) & FIFOLAB_ACCESS_READ) != 0;
      writers |= (fifolab_holder_get_access (holder) & FIFOLAB_ACCESS_WRITE) != 0;
    }
  if (readers)
    return FIFOLAB_TAP_ARRIVING_WRITERS;
  if (writers)
    return FIFOLAB_TAP_ARRIVING_READERS;
  return FIFOLAB_TAP_ARRIVING_AUTO;
}

static void
start_scan_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FifolabTap *self = g_task_get_source_object (task);
  FifolabTapArriving arriving = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(FifolabHolderScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  int original_fd = -1;
  int relay_fd = -1;

  scan = fifolab_holder_scan_run_finish (result, &error);
  if (scan == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  name = fifolab_escape_name (self->path, 0);
  if (arriving == FIFOLAB_TAP_ARRIVING_AUTO)
    arriving = decide_arriving (scan, self->path);
  if (arriving == FIFOLAB_TAP_ARRIVING_AUTO)
    {
      g_task_return_new_error (task, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_DIRECTION_UNKNOWN,
                               _("Nobody holds “%s” open, so the tap cannot tell which way "
                                 "to relay (a process waiting in open() has no descriptor "
                                 "to see). Say which side will open the pipe from now on: "
                                 "writers (a reader waits) or readers (a writer waits)."),
                               name);
      return;
    }

  if (self->running)
    {
      g_task_return_new_error (task, FIFOLAB_TAP_ERROR, FIFOLAB_TAP_ERROR_LEFTOVER,
                               _("“%s” is tapped already, or a tap that crashed left it "
                                 "swapped: restore the leftover first."), name);
      return;
    }

  fifolab_ignore_sigpipe ();
  hidden = _fifolab_tap_hidden_path (self->path, getpid ());
  if (!_fifolab_tap_swap_in (self->path, hidden, &original_fd, &relay_fd, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->hidden = g_steal_pointer (&hidden);
  self->original_fd = original_fd;
  self->relay_fd = relay_fd;
  self->arriving = arriving;
  self->running = TRUE;

  if (arriving == FIFOLAB_TAP_ARRIVING_WRITERS)
    text = g_strdup_printf (_("Tapping “%s”: writers that open it from now on write into "
                              "the tap, which passes their bytes on to the reader of the "
                              "original."), name);
  else
    text = g_strdup_printf (_("Tapping “%s”: readers that open it from now on read from the "
                              "tap, which passes on the bytes of the writer of the "
                              "original."), name);
  emit_event (self, FIFOLAB_TAP_EVENT_STARTED, text);
  begin_connection (self, arriving == FIFOLAB_TAP_ARRIVING_READERS);
  g_task_return_boolean (task, TRUE);
}

/**
 * fifolab_tap_start_async:
 * @self: a tap that is not running
 * @arriving: which side opens the path from now on, or AUTO to decide from
 *   who holds the pipe
 * @cancellable: (nullable): cancels the holder scan
 */
void
fifolab_tap_start_async (FifolabTap          *self,
                         FifolabTapArriving   arriving,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  const char *paths[2] = { NULL, NULL };
  GTask *task;

  g_return_if_fail (FIFOLAB_IS_TAP (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fifolab_tap_start_async);
  g_task_set_task_data (task, GINT_TO_POINTER (arriving), NULL);
  paths[0] = self->path;
  fifolab_holder_scan_run_async (paths, cancellable, start_scan_cb, task);
}

gboolean
fifolab_tap_start_finish (FifolabTap    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * fifolab_tap_stop:
 *
 * Returns: whether the original is back at the path (TRUE when the tap was
 *   not running).
 */
gboolean
fifolab_tap_stop (FifolabTap  *self,
                  GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  gboolean restored;

  g_return_val_if_fail (FIFOLAB_IS_TAP (self), FALSE);

  if (!self->running)
    return TRUE;

  reset_connection (self);
  restored = _fifolab_tap_swap_out (self->path, self->hidden, self->original_fd,
                                    self->relay_fd, error);
  close (self->original_fd);
  close (self->relay_fd);
  self->original_fd = -1;
  self->relay_fd = -1;
  self->running = FALSE;
  if (restored)
    g_clear_pointer (&self->hidden, g_free);

  name = fifolab_escape_name (self->path, 0);
  text = restored
    ? g_strdup_printf (_("The tap is gone: “%s” is the original pipe again."), name)
    : g_strdup_printf (_("The tap stopped, but “%s” could not be put back: restore "
                         "the leftover."), name);
  emit_event (self, FIFOLAB_TAP_EVENT_STOPPED, text);
  return restored;
}

gboolean
fifolab_tap_is_running (FifolabTap *self)
{
  g_return_val_if_fail (FIFOLAB_IS_TAP (self), FALSE);
  return self->running;
}

const char *
fifolab_tap_get_path (FifolabTap *self)
{
  g_return_val_if_fail (FIFOLAB_IS_TAP (self), NULL);
  return self->path;
}

const char *
fifolab_tap_get_hidden_path (FifolabTap *self)
{
  g_return_val_if_fail (FIFOLAB_IS_TAP (self), NULL);
  return self->running ? self->hidden : NULL;
}

FifolabTapArriving
fifolab_tap_get_arriving (FifolabTap *self)
{
  g_return_val_if_fail (FIFOLAB_IS_TAP (self), FIFOLAB_TAP_ARRIVING_AUTO);
  return self->arriving;
}

guint64
fifolab_tap_get_bytes_relayed (FifolabTap *self)
{
  g_return_val_if_fail (FIFOLAB_IS_TAP (self), 0);
  return self->bytes_relayed;
}

/**
 * fifolab_tap_get_limits:
 *
 * Returns: what a tap changes and cannot see, translated.
 */
const char *
fifolab_tap_get_limits (void)
{
  return _("A tap sees only opens made after it started, and it adds a buffer of its "
           "own. It swaps a relay pipe into the path; processes that held the pipe "
           "before keep the original, and what passes between them is not seen. It "
           "relays one way: from the side that opens the path to the side that held "
           "the original.");
}
