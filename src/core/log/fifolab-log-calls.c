/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fifolab-log-calls.h"
#include "fifolab-pcapng.h"

/* The calls in the order of their entries' serials (a queue: added at the
 * tail, forgotten from the head). */
struct _FifolabLogCalls
{
  GQueue  calls;   /* FifolabLogCall * */
  guint64 bytes;   /* payload bytes they hold */
};

static gsize
call_bytes (const FifolabLogCall *call)
{
  return call->record->payload != NULL ? g_bytes_get_size (call->record->payload) : 0;
}

static FifolabLogCall *
call_ref (FifolabLogCall *call)
{
  return g_atomic_rc_box_acquire (call);
}

static void
call_clear (gpointer data)
{
  FifolabLogCall *call = data;

  g_ref_string_release (call->path);
  fifolab_watch_record_unref (call->record);
}

static void
call_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, call_clear);
}

FifolabLogCalls *
fifolab_log_calls_new (void)
{
  return g_new0 (FifolabLogCalls, 1);
}

void
fifolab_log_calls_free (FifolabLogCalls *self)
{
  if (self == NULL)
    return;
  g_queue_clear_full (&self->calls, call_unref);
  g_free (self);
}

static void
drop_oldest (FifolabLogCalls *self)
{
  FifolabLogCall *call = g_queue_pop_head (&self->calls);

  self->bytes -= call_bytes (call);
  call_unref (call);
}

void
fifolab_log_calls_add (FifolabLogCalls    *self,
                       guint64             first_serial,
                       guint64             memory_cap,
                       guint64             serial,
                       gint64              wall_us,
                       const char         *path,
                       FifolabWatchRecord *record)
{
  FifolabLogCall *call;
  FifolabLogCall *head;

  g_return_if_fail (self != NULL);
  g_return_if_fail (record != NULL);

  while ((head = g_queue_peek_head (&self->calls)) != NULL && head->serial < first_serial)
    drop_oldest (self);

  call = g_atomic_rc_box_new0 (FifolabLogCall);
  call->serial = serial;
  call->wall_us = wall_us;
  call->path = g_ref_string_new_intern (path != NULL ? path : "");
  call->record = fifolab_watch_record_ref (record);
  g_queue_push_tail (&self->calls, call);
  self->bytes += call_bytes (call);

  /* The newest stays, as the log's newest entry does. */
  while (memory_cap != 0 && self->bytes > memory_cap && self->calls.length > 1)
    drop_oldest (self);
}

GPtrArray *
fifolab_log_calls_snapshot (FifolabLogCalls *self,
                            guint64          first_serial,
                            guint64          n)
{
  GPtrArray *calls = g_ptr_array_new_with_free_func (call_unref);

  g_return_val_if_fail (self != NULL, calls);

  for (GList *l = self->calls.head; l != NULL; l = l->next)
    {
      FifolabLogCall *call = l->data;

      if (call->serial >= first_serial && call->serial - first_serial < n)
        g_ptr_array_add (calls, call_ref (call));
    }
  return calls;
}

/* The interface's name: the pipe, when every write and read is on the
 * same one (the other records make no packet). */
static const char *
common_path (GPtrArray *calls)
{
  const char *path = NULL;

  for (guint i = 0; i < calls->len; i++)
    {
      const FifolabLogCall *call = g_ptr_array_index (calls, i);

      if (call->record->kind != FIFOLAB_WATCH_CALL || !(call->record->is_write || call->record->is_read))
        continue;
      if (path != NULL && path != (const char *) call->path)
        return NULL;
      path = call->path;
    }
  return path;
}

gboolean
fifolab_log_calls_export_pcapng (GPtrArray      *calls,
                                 GOutputStream  *stream,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  g_autoptr(FifolabPcapngWriter) writer = NULL;

  g_return_val_if_fail (calls != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  writer = fifolab_pcapng_writer_new (stream, common_path (calls));
  for (guint i = 0; i < calls->len; i++)
    {
      const FifolabLogCall *call = g_ptr_array_index (calls, i);

      if (!fifolab_pcapng_writer_add_record (writer, call->record, call->wall_us, cancellable, error))
        return FALSE;
    }
  return fifolab_pcapng_writer_finish (writer, cancellable, error);
}
