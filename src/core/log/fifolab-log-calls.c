/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fifolab-log-calls.h"
#include "fifolab-pcapng.h"

/* The calls and the logged times, each in the order of their entries'
 * serials: added at the end, forgotten from the front (from calls_head and
 * logged_head on; those before are removed from the array now and then),
 * found by a binary search. */
struct _FifolabLogCalls
{
  GPtrArray *calls;   /* FifolabLogCall * (refs), by serial */
  guint      calls_head;
  GArray    *logged;  /* FifolabLogLogged, by serial */
  guint      logged_head;
  guint64    bytes;   /* the memory they hold (call_bytes(), and the logged times) */
};

/* What a reference-counted box adds before its contents (GLib's private
 * header: its size, its count and, for alignment, padding). */
#define RC_BOX_HEADER 16

static gsize
string_bytes (const char *s)
{
  return s != NULL ? strlen (s) + 1 : 0;
}

/* The memory one call keeps: its box, its pointer in the array (which is
 * at most twice as long as the calls kept, and allocated at most twice as
 * long again), its record with the record's strings, and the payload. A
 * record without payload
 * (an open, a close, a block, an attach…) costs this too: counted, a flood
 * of them stays within the cap like one of writes. The path is interned,
 * shared by every call on the pipe: not counted per call. */
static gsize
call_bytes (const FifolabLogCall *call)
{
  const FifolabWatchRecord *record = call->record;
  gsize bytes = RC_BOX_HEADER + sizeof (FifolabLogCall) + 4 * sizeof (gpointer) +
                RC_BOX_HEADER + sizeof (FifolabWatchRecord) +
                string_bytes (record->syscall) + string_bytes (record->comm) + string_bytes (record->message);

  /* The GBytes (data, size, count, free function and its data), then its bytes. */
  if (record->payload != NULL)
    bytes += 5 * sizeof (gpointer) + g_bytes_get_size (record->payload);
  return bytes;
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

static guint
n_calls (FifolabLogCalls *self)
{
  return self->calls->len - self->calls_head;
}

static FifolabLogCall *
call_at (FifolabLogCalls *self,
         guint            i)
{
  return g_ptr_array_index (self->calls, i);
}

FifolabLogCalls *
fifolab_log_calls_new (void)
{
  FifolabLogCalls *self = g_new0 (FifolabLogCalls, 1);

  self->calls = g_ptr_array_new ();
  self->logged = g_array_new (FALSE, FALSE, sizeof (FifolabLogLogged));
  return self;
}

void
fifolab_log_calls_free (FifolabLogCalls *self)
{
  if (self == NULL)
    return;
  for (guint i = self->calls_head; i < self->calls->len; i++)
    call_unref (call_at (self, i));
  g_ptr_array_unref (self->calls);
  g_array_unref (self->logged);
  g_free (self);
}

/* The oldest call goes: from the front, the array moved down once half of
 * it is gone. */
static void
drop_oldest (FifolabLogCalls *self)
{
  FifolabLogCall *call = call_at (self, self->calls_head);

  self->bytes -= call_bytes (call);
  call_unref (call);
  self->calls_head++;
  if (self->calls_head >= self->calls->len / 2)
    {
      /* The slots before the head hold calls already let go of (the array
       * frees nothing). */
      g_ptr_array_remove_range (self->calls, 0, self->calls_head);
      self->calls_head = 0;
    }
}

/* The first call kept for an entry at or after @serial (binary search);
 * the array's length for none. */
static guint
call_from (FifolabLogCalls *self,
           guint64          serial)
{
  guint lo = self->calls_head;
  guint hi = self->calls->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (call_at (self, mid)->serial < serial)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The logged times of entries before @first_serial go: from the front, the
 * array moved down once half of it is gone. */
static void
forget_logged (FifolabLogCalls *self,
               guint64          first_serial)
{
  while (self->logged_head < self->logged->len &&
         g_array_index (self->logged, FifolabLogLogged, self->logged_head).serial < first_serial)
    {
      self->logged_head++;
      self->bytes -= sizeof (FifolabLogLogged);
    }
  if (self->logged_head > 0 && self->logged_head >= self->logged->len / 2)
    {
      g_array_remove_range (self->logged, 0, self->logged_head);
      self->logged_head = 0;
    }
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

  g_return_if_fail (self != NULL);
  g_return_if_fail (record != NULL);
  g_return_if_fail (n_calls (self) == 0 || call_at (self, self->calls->len - 1)->serial < serial);

  while (n_calls (self) > 0 && call_at (self, self->calls_head)->serial < first_serial)
    drop_oldest (self);
  forget_logged (self, first_serial);

  call = g_atomic_rc_box_new0 (FifolabLogCall);
  call->serial = serial;
  call->wall_us = wall_us;
  call->path = g_ref_string_new_intern (path != NULL ? path : "");
  call->record = fifolab_watch_record_ref (record);
  g_ptr_array_add (self->calls, call);
  self->bytes += call_bytes (call);

  /* The newest stays, as the log's newest entry does. A record shared
   * with a watch is counted here all the same: the log keeps it alive. */
  while (memory_cap != 0 && self->bytes > memory_cap && n_calls (self) > 1)
    drop_oldest (self);
}

const FifolabLogCall *
fifolab_log_calls_lookup (FifolabLogCalls *self,
                          guint64          serial)
{
  guint i;

  g_return_val_if_fail (self != NULL, NULL);

  i = call_from (self, serial);
  return i < self->calls->len && call_at (self, i)->serial == serial ? call_at (self, i) : NULL;
}

void
fifolab_log_calls_add_logged (FifolabLogCalls *self,
                              guint64          first_serial,
                              guint64          serial,
                              gint64           logged_mono_us)
{
  FifolabLogLogged *logged;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->logged->len == self->logged_head ||
                    g_array_index (self->logged, FifolabLogLogged, self->logged->len - 1).serial < serial);

  forget_logged (self, first_serial);
  /* Filled in place. */
  g_array_set_size (self->logged, self->logged->len + 1);
  logged = &g_array_index (self->logged, FifolabLogLogged, self->logged->len - 1);
  logged->serial = serial;
  logged->logged_mono_us = logged_mono_us;
  self->bytes += sizeof (FifolabLogLogged);
}

/* The first logged time kept for an entry at or after @serial (binary
 * search); the array's length for none. */
static guint
logged_from (FifolabLogCalls *self,
             guint64          serial)
{
  guint lo = self->logged_head;
  guint hi = self->logged->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->logged, FifolabLogLogged, mid).serial < serial)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gint64
fifolab_log_call_logged_us (const FifolabLogCall   *call,
                            const FifolabLogLogged *logged,
                            gint64                  mono_us)
{
  gint64 logged_us = mono_us;

  /* A watched call is logged when the watch tells it; a watched message
   * when the session handled the record that completed it; either, and any
   * other entry, later when an entry above it was logged later. */
  if (call != NULL)
    logged_us = MAX (logged_us, fifolab_watch_record_get_told_us (call->record));
  if (logged != NULL)
    logged_us = MAX (logged_us, logged->logged_mono_us);
  return logged_us;
}

gint64
fifolab_log_calls_get_logged_us (FifolabLogCalls *self,
                                 guint64          serial,
                                 gint64           mono_us)
{
  const FifolabLogLogged *logged = NULL;
  guint i;

  g_return_val_if_fail (self != NULL, mono_us);

  i = logged_from (self, serial);
  if (i < self->logged->len && g_array_index (self->logged, FifolabLogLogged, i).serial == serial)
    logged = &g_array_index (self->logged, FifolabLogLogged, i);
  return fifolab_log_call_logged_us (fifolab_log_calls_lookup (self, serial), logged, mono_us);
}

GArray *
fifolab_log_calls_snapshot_logged (FifolabLogCalls *self,
                                   guint64          first_serial,
                                   guint64          n)
{
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (FifolabLogLogged));
  guint from;
  guint to;

  g_return_val_if_fail (self != NULL, copy);

  from = logged_from (self, first_serial);
  to = first_serial + n < first_serial ? self->logged->len : logged_from (self, first_serial + n);
  if (to > from)
    g_array_append_vals (copy, &g_array_index (self->logged, FifolabLogLogged, from), to - from);
  return copy;
}

GPtrArray *
fifolab_log_calls_snapshot (FifolabLogCalls *self,
                            guint64          first_serial,
                            guint64          n)
{
  GPtrArray *calls = g_ptr_array_new_with_free_func (call_unref);
  guint from;
  guint to;

  g_return_val_if_fail (self != NULL, calls);

  from = call_from (self, first_serial);
  to = first_serial + n < first_serial ? self->calls->len : call_from (self, first_serial + n);
  for (guint i = from; i < to; i++)
    g_ptr_array_add (calls, call_ref (call_at (self, i)));
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
