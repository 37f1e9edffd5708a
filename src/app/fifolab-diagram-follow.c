/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The diagram following what FIFO Lab sees: the log's entries on its pipe
 * (messages move as packets, events are drawn on the pipe), the gauge from
 * FIFO Lab's own end (FIONREAD), the holders from a holder scan. */
#include "config.h"

#include <string.h>

#include "fifolab-diagram-private.h"

/* At most this many new entries are looked at per batch: a flood shows as a
 * stream of packets anyway. */
#define FOLLOW_MAX_ENTRIES 64

/* What a reader peer prints for each message (fifolab-peer, the book's
 * reader): the message follows it. */
#define RECEIVED_MARK " received a message => "

static void
update_gauge (FifolabDiagram *self)
{
  gssize capacity = -1;
  gssize queued = -1;

  if (self->session == NULL)
    return;
  if (self->path != NULL)
    {
      FifolabReader *reader = fifolab_session_get_reader (self->session, self->path);
      FifolabWriter *writer = fifolab_session_get_writer (self->session, self->path);

      if (reader != NULL && fifolab_reader_get_capacity (reader) > 0)
        {
          capacity = fifolab_reader_get_capacity (reader);
          queued = fifolab_reader_get_queued (reader);
        }
      else if (writer != NULL && fifolab_writer_get_capacity (writer) > 0)
        {
          capacity = fifolab_writer_get_capacity (writer);
          queued = fifolab_writer_get_queued (writer);
        }
    }
  /* No end of FIFO Lab's own: the watch's count, if it watches. */
  _fifolab_diagram_watch_gauge (self, &capacity, &queued);
  fifolab_diagram_set_capacity (self, capacity);
  fifolab_diagram_set_queued (self, queued);
}

static void
scan_source_notify_cb (GObject        *source,
                       GParamSpec     *pspec,
                       FifolabDiagram *self)
{
  g_autoptr(FifolabHolderScan) scan = NULL;

  g_object_get (source, "holder-scan", &scan, NULL);
  fifolab_diagram_set_holder_scan (self, scan);
  update_gauge (self);
}

/* The size of the message a reader peer's output line reports, or -1. */
static gssize
received_size (FifolabLogEntry *entry)
{
  GBytes *bytes = fifolab_log_entry_get_bytes (entry);
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;
  const char *mark;

  if (data == NULL || len == 0)
    return -1;
  mark = g_strstr_len (data, (gssize) len, RECEIVED_MARK);
  if (mark == NULL)
    return -1;
  return (gssize) (len - (gsize) (mark + strlen (RECEIVED_MARK) - data));
}

/* Returns whether @entry is a watch's. */
static gboolean
follow_entry (FifolabDiagram  *self,
              FifolabLogEntry *entry)
{
  gssize size;

  switch (fifolab_log_entry_get_direction (entry))
    {
    case FIFOLAB_DIRECTION_RECEIVED:
      fifolab_diagram_pulse_bytes (self, (gssize) fifolab_log_entry_get_size (entry));
      break;
    case FIFOLAB_DIRECTION_OUTPUT:
      /* A reader FIFO Lab started says what it read. */
      size = received_size (entry);
      if (size >= 0)
        fifolab_diagram_pulse_bytes (self, size);
      break;
    case FIFOLAB_DIRECTION_EVENT:
      if (fifolab_log_entry_get_kind (entry) == FIFOLAB_EVENT_WATCH)
        return TRUE;
      fifolab_diagram_note_event (self, fifolab_log_entry_get_kind (entry));
      break;
    case FIFOLAB_DIRECTION_SENT:
    default:
      break;
    }
  if (fifolab_log_entry_get_flags (entry) & FIFOLAB_MESSAGE_TORN)
    _fifolab_diagram_set_event (self, FIFOLAB_DIAGRAM_EVENT_TORN);
  return FALSE;
}

static void
log_items_changed_cb (GListModel     *log,
                      guint           position,
                      guint           removed,
                      guint           added,
                      FifolabDiagram *self)
{
  gboolean touched = FALSE;
  gboolean watched = FALSE;
  guint first;

  if (added == 0 || self->path == NULL)
    return;

  first = position + (added > FOLLOW_MAX_ENTRIES ? added - FOLLOW_MAX_ENTRIES : 0);
  for (guint i = first; i < position + added; i++)
    {
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (log, i);

      if (entry == NULL || g_strcmp0 (fifolab_log_entry_get_pipe_path (entry), self->path) != 0)
        continue;
      touched = TRUE;
      watched |= follow_entry (self, entry);
    }
  if (touched)
    update_gauge (self);
  /* What the watched processes do now: their boxes said again. */
  if (watched)
    _fifolab_diagram_rebuild (self);
}

void
_fifolab_diagram_stop_following (FifolabDiagram *self)
{
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  if (self->scan_source != NULL)
    g_signal_handlers_disconnect_by_data (self->scan_source, self);
  g_clear_object (&self->log);
  g_clear_object (&self->session);
  g_clear_weak_pointer (&self->scan_source);
}

/**
 * fifolab_diagram_set_log:
 * @self: a diagram
 * @log: (nullable): a log whose entries on the diagram's pipe it follows
 *
 * Messages read (by FIFO Lab or a reader it started) move along the pipe
 * with their size; the events are drawn on it. Replaces what
 * fifolab_diagram_follow() followed.
 */
void
fifolab_diagram_set_log (FifolabDiagram *self,
                         FifolabLog     *log)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));
  g_return_if_fail (log == NULL || FIFOLAB_IS_LOG (log));

  _fifolab_diagram_stop_following (self);
  if (log != NULL)
    {
      self->log = g_object_ref (log);
      g_signal_connect (self->log, "items-changed", G_CALLBACK (log_items_changed_cb), self);
    }
}

/**
 * fifolab_diagram_follow:
 * @self: a diagram
 * @session: (nullable): FIFO Lab's session
 * @scan_source: (nullable): an object with a "holder-scan" property
 */
void
fifolab_diagram_follow (FifolabDiagram *self,
                        FifolabSession *session,
                        GObject        *scan_source)
{
  g_return_if_fail (FIFOLAB_IS_DIAGRAM (self));
  g_return_if_fail (session == NULL || FIFOLAB_IS_SESSION (session));
  g_return_if_fail (scan_source == NULL || G_IS_OBJECT (scan_source));

  fifolab_diagram_set_log (self, session != NULL ? fifolab_session_get_log (session) : NULL);
  fifolab_diagram_set_watch_session (self, session);
  if (session != NULL)
    self->session = g_object_ref (session);
  if (scan_source != NULL)
    {
      g_set_weak_pointer (&self->scan_source, scan_source);
      g_signal_connect (scan_source, "notify::holder-scan", G_CALLBACK (scan_source_notify_cb), self);
      scan_source_notify_cb (scan_source, NULL, self);
    }
}
