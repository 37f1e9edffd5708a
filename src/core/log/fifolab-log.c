/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "fifolab-log.h"
#include "fifolab-log-calls.h"
#include "fifolab-log-private.h"
#include "fifolab-log-store.h"

/* The GListModel over the store (fifolab-log-store.c), its batched
 * notifications and the cap; the export is in fifolab-log-export.c.
 *
 * Notification. The GListModel shows serials [kept_first, kept_first + n_kept)
 * (see KEPT_ENTRIES) and then [pub_first, pub_first + n_published).
 * The store holds serials [first_serial, next_serial) (what n-stored counts) and
 * physically still keeps records back to phys_first: an entry evicted by the cap
 * while it is published keeps its record until the flush announces its removal,
 * so get_item() never fails for a position the model has announced; its bytes
 * are freed at eviction (a row already made keeps the bytes it holds; one made
 * later says the entry was evicted). Entries are never changed once stored: a
 * row is the entry as appended. */

/* When the model speaks: one rule, here and nowhere else in the log.
 *
 *   Everything that changed (entries evicted, entries added, then the counts'
 *   notifications) is announced at most every ANNOUNCE_INTERVAL_US (every
 *   FLOOD_INTERVAL_US after one that added FLOOD_ENTRIES or more): at the
 *   next main-loop iteration when the last announcement is older than that,
 *   else when the interval is up. Sooner only for memory: when the records
 *   of evicted entries the model still shows (kept until their removal is
 *   announced; their bytes are already gone) hold more than
 *   ANNOUNCE_RETAINED_BYTES, at FIFOLAB_LOG_ENTRY_OVERHEAD each, their removal
 *   is announced at once, from the append that passed the bound; what is new
 *   still waits for the interval. That takes 131,072 evictions within one
 *   interval: small lines at over a million a second.
 *
 * Why: each announcement makes a list view make, bind and lay out rows for the
 * new entries and scroll, and announcing at every idle took most of the main
 * thread from reading the pipe (issue 13: raw intake with a cap evicting fell
 * to a few MB/s against cat's GB/s), while nobody reads rows that change
 * faster. Removals go with the additions, not before them: each
 * announcement, even one that only removes entries from the front, makes
 * GTK 4.8's list view lay out again every row it keeps (up to 200, each
 * about 20 widgets, about 4,000 gtk_widget_measure() calls), and announcing
 * removals every 8 MiB of evicted bytes made that happen at most frames of a
 * flood of big messages (issue 13: raw intake 70 MB/s, and 240 MB/s with a
 * 64 MiB bound). Freeing an evicted entry's bytes at once, before its removal
 * is announced, keeps the memory within the cap meanwhile (issue 13: the
 * window's RSS stays under the cap plus 150 MB). The announcement runs at
 * default priority, the reads' own, so a flood of reads cannot put it off.
 *
 * (The app's view may then show a burst a few rows a frame,
 * fifolab-log-reveal.c: that is about making rows, not about when the model
 * speaks.) */
#define ANNOUNCE_INTERVAL_US    (100 * 1000)
/* Under a flood, the interval after an announcement that added at least
 * FLOOD_ENTRIES: more than the 200 rows GTK 4.8's list view keeps, so the
 * view shows none of the entries it showed before, and every row it keeps
 * is bound and laid out again. Four such refreshes a second instead of ten
 * left the main thread 1.3-1.9 ms per MB of a raw flood instead of 2.9-5.4
 * (issue 13, fifolab-ui-bench --only ingest-raw, alternated runs). */
#define FLOOD_ENTRIES           200
#define FLOOD_INTERVAL_US       (250 * 1000)
#define ANNOUNCE_RETAINED_BYTES ((guint64) 8 * 1024 * 1024)
/* The newest entries the last announcement added that the cap has evicted
 * since stay in the model until the next announcement (positions before the
 * published ones, the "kept" entries), at most this many: as many rows as
 * GTK 4.8's list view keeps. A view that follows the end of the log has its
 * rows on them; once it has scrolled to the entries just added, in the frame
 * after the announcement, it moves those rows onto them and binds them again,
 * and the next announcement removes entries that no row shows. Removed at
 * once, they took their rows with them: GTK 4.8 destroys the row of every
 * removed item and makes new ones (about 20 widgets each). Under a raw flood
 * the cap evicts the whole log between two announcements, and every
 * announcement did that (issue 13: 5,328 rows made in one run of the raw
 * flood bench, 664 with the kept entries). That next announcement is due
 * whether or not anything else is appended: an announcement that keeps
 * entries schedules the next one, which removes them. Otherwise, once a
 * stream stopped, the model went on showing entries the log no longer has
 * (a log capped at 3 entries showed 4 rows, the oldest missing from an
 * export, and that row, if selected, stayed selected and in the inspector)
 * until the next message came. */
#define KEPT_ENTRIES            200

struct _FifolabLog
{
  GObject          parent_instance;

  GMainContext    *context;
  FifolabLogStore  store;
  /* The watched writes and reads beside their entries (pcapng export). */
  FifolabLogCalls *calls;

  /* What the GListModel shows: the kept entries (evicted, see KEPT_ENTRIES),
   * then the published ones. */
  guint64          kept_first;
  guint            n_kept;
  guint64          pub_first;
  guint            n_published;

  guint            cap;
  guint64          memory_cap;
  guint64          evicted;
  guint64          evicted_bytes;

  GSource         *flush_source;
  gint64           last_flush_us;
  /* Entries the last announcement added (see FLOOD_INTERVAL_US) and the
   * first of them (see KEPT_ENTRIES). */
  guint            last_flush_added;
  guint64          last_added_first;

  /* Values last announced through notify. */
  guint            notified_n_stored;
  guint64          notified_evicted;
  guint64          notified_evicted_bytes;
  guint64          notified_payload_bytes;

  /* When the newest entry was logged (monotonic µs): no entry is shown
   * logged before the one above it (see append_record()). A log filled from
   * a recording keeps the times the recording says instead. */
  gint64           last_logged_us;
  gboolean         recorded;
};

static void fifolab_log_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabLog, fifolab_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      fifolab_log_list_model_init))

enum {
  PROP_0,
  PROP_CAP,
  PROP_EVICTED,
  PROP_EVICTED_BYTES,
  PROP_MEMORY_CAP,
  PROP_N_STORED,
  PROP_PAYLOAD_BYTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CALL_ATTACHED,
  CLEARED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Frees what is neither stored nor published. */
static void
trim_physical (FifolabLog *self)
{
  guint64 bound = self->store.first_serial;

  if (self->n_published > 0)
    bound = MIN (bound, self->pub_first);
  if (self->n_kept > 0)
    bound = MIN (bound, self->kept_first);
  fifolab_log_store_trim (&self->store, bound);
}

/* Announces the removal of the kept entries and of the published entries the
 * cap evicted since the last flush (never-published evictions are not
 * announced: nobody saw them), so that their memory can go; with @keep, the
 * newest evicted ones the last announcement added are kept instead, until the
 * next (see KEPT_ENTRIES). One items-changed: they are all at the front. */
static void
announce_evicted (FifolabLog *self,
                  gboolean    keep)
{
  guint64 evicted_end = self->pub_first;
  guint64 kept_from;
  guint removed;

  if (self->n_published > 0 && self->store.first_serial > self->pub_first)
    evicted_end = MIN (self->store.first_serial, self->pub_first + self->n_published);

  kept_from = evicted_end;
  if (keep)
    {
      kept_from = MAX (self->pub_first, self->last_added_first);
      if (evicted_end - MIN (kept_from, evicted_end) > KEPT_ENTRIES)
        kept_from = evicted_end - KEPT_ENTRIES;
      kept_from = MIN (kept_from, evicted_end);
    }

  removed = self->n_kept + (guint) (kept_from - self->pub_first);
  if (evicted_end > kept_from)
    {
      self->kept_first = kept_from;
      self->n_kept = (guint) (evicted_end - kept_from);
    }
  else
    self->n_kept = 0;
  self->n_published -= (guint) (evicted_end - self->pub_first);
  self->pub_first = self->n_published > 0 ? evicted_end : self->store.first_serial;

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);

  if (self->n_published == 0)
    self->pub_first = self->store.first_serial;
}

/* Notification */

static void
notify_changes (FifolabLog *self)
{
  guint n_stored = fifolab_log_get_n_stored (self);

  g_object_freeze_notify (G_OBJECT (self));

  if (self->notified_n_stored != n_stored)
    {
      self->notified_n_stored = n_stored;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STORED]);
    }
  if (self->notified_evicted != self->evicted)
    {
      self->notified_evicted = self->evicted;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVICTED]);
    }
  if (self->notified_evicted_bytes != self->evicted_bytes)
    {
      self->notified_evicted_bytes = self->evicted_bytes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVICTED_BYTES]);
    }
  if (self->notified_payload_bytes != self->store.payload_bytes)
    {
      self->notified_payload_bytes = self->store.payload_bytes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYLOAD_BYTES]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
fifolab_log_flush_cb (gpointer user_data)
{
  FifolabLog *self = user_data;

  fifolab_log_flush (self);
  return G_SOURCE_REMOVE;
}

static void
cancel_flush (FifolabLog *self)
{
  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
}

/* The next announcement, when due (see ANNOUNCE_INTERVAL_US). */
static void
schedule_flush (FifolabLog *self)
{
  gint64 due_us;

  if (self->flush_source != NULL)
    return;

  due_us = self->last_flush_us +
           (self->last_flush_added >= FLOOD_ENTRIES ? FLOOD_INTERVAL_US : ANNOUNCE_INTERVAL_US);
  if (self->last_flush_us == 0 || due_us <= g_get_monotonic_time ())
    self->flush_source = g_idle_source_new ();
  else
    {
      /* At the deadline itself: a timeout's interval counts from the main
       * context's time, which may be that of an iteration begun well before
       * this append, and then falls due early. */
      self->flush_source = g_timeout_source_new (0);
      g_source_set_ready_time (self->flush_source, due_us);
    }
  g_source_set_priority (self->flush_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->flush_source, fifolab_log_flush_cb, self, NULL);
  g_source_set_static_name (self->flush_source, "[fifolab] log flush");
  g_source_attach (self->flush_source, self->context);
}

/* The memory the stored entries count against the memory cap. */
static inline guint64
stored_memory (FifolabLog *self)
{
  return self->store.payload_bytes +
         (self->store.next_serial - self->store.first_serial) * FIFOLAB_LOG_ENTRY_OVERHEAD;
}

/* The same for the evicted entries still shown (see ANNOUNCE_RETAINED_BYTES):
 * their records only, as their payloads went when they were evicted. */
static inline guint64
retained_memory (FifolabLog *self)
{
  return (self->store.first_serial - self->store.phys_first) * FIFOLAB_LOG_ENTRY_OVERHEAD;
}

/* @held: payload memory held apart from the stored entries' chunks
 * (fifolab_log_store_held_bytes()): the spare chunk, and chunks of evicted
 * entries that rows still show. It counts against the memory cap too, so that
 * what the log's payloads take stays within the cap while rows hold evicted
 * bytes (under a raw flood they took the RSS over the cap, issue 13). */
static inline gboolean
over_cap (FifolabLog *self,
          guint64     held)
{
  guint64 n_stored = self->store.next_serial - self->store.first_serial;

  /* The newest entry always stays, whatever its size. */
  if (n_stored <= 1)
    return FALSE;
  return (self->cap != 0 && n_stored > self->cap) ||
         (self->memory_cap != 0 && stored_memory (self) + held > self->memory_cap);
}

/* What counts against the memory cap besides the stored entries; with @room,
 * the chunk the next append opens, which will be the spare if there is one
 * (so the spare is counted once). */
static inline guint64
held_with_room (FifolabLog *self,
                guint64     room)
{
  if (self->memory_cap == 0)
    return 0;
  if (room == 0)
    return fifolab_log_store_held_bytes (&self->store);
  return self->store.released_bytes + room;
}

/* Evicts the oldest stored entries down to the caps (entries and bytes),
 * leaving @room bytes of the memory cap free. Returns TRUE if any. */
static gboolean
enforce_cap (FifolabLog *self,
             guint64     room)
{
  guint64 n_evict = 0;
  guint64 bytes = 0;
  guint64 held = held_with_room (self, room);

  if (!over_cap (self, held))
    return FALSE;

  /* Freeing the evicted entries' chunks can leave one that a row holds: its
   * memory then counts, and may evict more. */
  while (over_cap (self, held))
    {
      do
        {
          const FifolabLogRecord *record = fifolab_log_store_record (&self->store, self->store.first_serial);

          self->store.payload_bytes -= record->len;
          self->store.first_serial++;
          bytes += record->len + FIFOLAB_LOG_ENTRY_OVERHEAD;
          n_evict++;
        }
      while (over_cap (self, held));

      trim_physical (self);
      held = held_with_room (self, room);
    }

  self->evicted += n_evict;
  self->evicted_bytes += bytes;
  return TRUE;
}

/* Memory freed in the middle of the heap (blocks, chunks below malloc's mmap
 * threshold, which glibc raises after freeing a big chunk) goes back to the
 * system only when asked. */
static void
give_memory_back (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

/* GListModel */

static GType
fifolab_log_get_item_type (GListModel *model)
{
  return FIFOLAB_TYPE_LOG_ENTRY;
}

static guint
fifolab_log_get_n_items (GListModel *model)
{
  FifolabLog *self = FIFOLAB_LOG (model);

  return self->n_kept + self->n_published;
}

/* Made on demand; the entry's bytes are the stored bytes (the GBytes holds
 * the chunk they are in), not a copy. */
static gpointer
fifolab_log_get_item (GListModel *model,
                      guint       position)
{
  FifolabLog *self = FIFOLAB_LOG (model);
  guint64 serial;
  const FifolabLogRecord *record;
  g_autoptr(GBytes) bytes = NULL;
  FifolabLogEntry *entry;

  if (position < self->n_kept)
    serial = self->kept_first + position;
  else if (position - self->n_kept < self->n_published)
    serial = self->pub_first + (position - self->n_kept);
  else
    return NULL;

  record = fifolab_log_store_record (&self->store, serial);
  bytes = fifolab_log_store_dup_bytes (&self->store, record);

  entry = fifolab_log_entry_new (serial,
                                 record->wall_us,
                                 record->mono_us,
                                 record->direction,
                                 record->kind,
                                 record->flags,
                                 (int) record->framing - 1,
                                 fifolab_log_store_get_path (&self->store, record->pipe),
                                 record->sender_pid,
                                 record->receiver_pid,
                                 bytes);
  if (bytes == NULL)
    _fifolab_log_entry_set_evicted (entry);
  /* A watched call is logged when the watch tells it, a watched message
   * when the session handles what completed it: after their time. */
  if (self->calls != NULL)
    {
      gint64 logged_us = fifolab_log_calls_get_logged_us (self->calls, serial, record->mono_us);

      if (logged_us > record->mono_us)
        _fifolab_log_entry_set_logged_mono_us (entry, logged_us);
      /* What a Watch entry's explanation says depends on its record: a
       * refusal, an attach, an exit are no call. */
      if (record->direction == FIFOLAB_DIRECTION_EVENT && record->kind == FIFOLAB_EVENT_WATCH)
        {
          const FifolabLogCall *call = fifolab_log_calls_lookup (self->calls, serial);

          if (call != NULL)
            _fifolab_log_entry_set_call (entry, call->record);
        }
    }
  return entry;
}

static void
fifolab_log_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = fifolab_log_get_item_type;
  iface->get_n_items = fifolab_log_get_n_items;
  iface->get_item = fifolab_log_get_item;
}

/* GObject */

static void
fifolab_log_dispose (GObject *object)
{
  FifolabLog *self = (FifolabLog *)object;

  cancel_flush (self);

  G_OBJECT_CLASS (fifolab_log_parent_class)->dispose (object);
}

static void
fifolab_log_finalize (GObject *object)
{
  FifolabLog *self = (FifolabLog *)object;

  fifolab_log_store_destroy (&self->store);
  g_clear_pointer (&self->calls, fifolab_log_calls_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (fifolab_log_parent_class)->finalize (object);
}

static void
fifolab_log_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FifolabLog *self = FIFOLAB_LOG (object);

  switch (prop_id)
    {
    case PROP_CAP:
      g_value_set_uint (value, self->cap);
      break;
    case PROP_EVICTED:
      g_value_set_uint64 (value, self->evicted);
      break;
    case PROP_EVICTED_BYTES:
      g_value_set_uint64 (value, self->evicted_bytes);
      break;
    case PROP_MEMORY_CAP:
      g_value_set_uint64 (value, self->memory_cap);
      break;
    case PROP_N_STORED:
      g_value_set_uint (value, fifolab_log_get_n_stored (self));
      break;
    case PROP_PAYLOAD_BYTES:
      g_value_set_uint64 (value, self->store.payload_bytes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_log_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FifolabLog *self = FIFOLAB_LOG (object);

  switch (prop_id)
    {
    case PROP_CAP:
      fifolab_log_set_cap (self, g_value_get_uint (value));
      break;
    case PROP_MEMORY_CAP:
      fifolab_log_set_memory_cap (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fifolab_log_class_init (FifolabLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fifolab_log_dispose;
  object_class->finalize = fifolab_log_finalize;
  object_class->get_property = fifolab_log_get_property;
  object_class->set_property = fifolab_log_set_property;

  properties[PROP_CAP] =
    g_param_spec_uint ("cap", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVICTED] =
    g_param_spec_uint64 ("evicted", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVICTED_BYTES] =
    g_param_spec_uint64 ("evicted-bytes", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMORY_CAP] =
    g_param_spec_uint64 ("memory-cap", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_STORED] =
    g_param_spec_uint ("n-stored", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAYLOAD_BYTES] =
    g_param_spec_uint64 ("payload-bytes", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* For the sequence diagram: each watch record logged (serial of its
   * entry, pipe path, FifolabWatchRecord), kept beside its entry for the
   * export; and the log emptied. */
  signals[CALL_ATTACHED] = g_signal_new ("call-attached", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                         G_TYPE_UINT64, G_TYPE_STRING,
                                         FIFOLAB_TYPE_WATCH_RECORD | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CLEARED] = g_signal_new ("cleared", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fifolab_log_init (FifolabLog *self)
{
  self->context = g_main_context_ref_thread_default ();
  fifolab_log_store_init (&self->store);
}

/**
 * fifolab_log_new:
 *
 * Returns: (transfer full): an empty log, without a cap. Its batched
 *   notifications run on the thread-default main context of the caller.
 */
FifolabLog *
fifolab_log_new (void)
{
  return g_object_new (FIFOLAB_TYPE_LOG, NULL);
}

/* What any entry must be to fit a record. Inlined, as append_record() is,
 * into both ways of appending: this is the path of every message. */
G_ALWAYS_INLINE static inline gboolean
fits_record (FifolabDirection  direction,
             FifolabEventKind  kind,
             guint             flags,
             gint64            receiver_pid,
             const guint8     *data,
             gsize             len)
{
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (len <= G_MAXUINT32, FALSE);
  g_return_val_if_fail (flags <= G_MAXUINT16, FALSE);
  g_return_val_if_fail ((guint) kind < 256 && (guint) direction < 16, FALSE);
  g_return_val_if_fail (receiver_pid <= G_MAXINT32, FALSE);
  return TRUE;
}

G_ALWAYS_INLINE static inline guint64
append_record (FifolabLog       *self,
               FifolabDirection  direction,
               FifolabEventKind  kind,
               guint             flags,
               int               framing,
               const char       *pipe_path,
               gint64            sender_pid,
               gint64            receiver_pid,
               gint64            wall_us,
               gint64            mono_us,
               gint64            told_us,
               const guint8     *data,
               gsize             len)
{
  FifolabLogRecord *record;
  guint64 serial;
  gint64 logged_us = MAX (mono_us, told_us);

  /* A capped log under a flood frees its oldest chunk about as often as it
   * opens a new one. When this append opens one and no spare chunk is there,
   * the entries that must go to make room for all of it go first: the chunk
   * they free is then the new one, instead of fresh memory for the kernel to
   * map and zero while the freed one is given back (issue 13; with the spare
   * counted against the cap, every other chunk was fresh). */
  if (self->memory_cap != 0)
    {
      gsize room;

      /* A chunk a row let go of counts no more, as when the cap evicted at
       * every append. */
      if (self->store.released_bytes > 0)
        fifolab_log_store_sweep_released (&self->store);
      room = fifolab_log_store_reusable_chunk_for (&self->store, len);

      if (room > 0)
        enforce_cap (self, room);
    }

  serial = self->store.next_serial;
  record = fifolab_log_store_append (&self->store, pipe_path, data, len);
  record->wall_us = wall_us;
  record->mono_us = mono_us;
  record->sender_pid = sender_pid < 0 ? -1 : sender_pid;
  record->receiver_pid = receiver_pid < 0 ? -1 : (gint32) receiver_pid;
  record->flags = (guint16) flags;
  record->direction = (guint8) direction;
  record->framing = (guint8) (framing + 1);
  record->kind = (guint8) kind;

  /* The log lists its entries in the order they were logged, and its time
   * column says when each was: an entry whose time is before the one above
   * it came by a slower path (a watch's record handled after FIFO Lab's own
   * read, a message held for the inspector's verdict, a peer's output read
   * after a watched call) and is shown at the time it was logged, now. Its
   * own time stays in its record (the inspector and the tooltip say it); a
   * log keeps such a time beside the entry (16 bytes, only for these). */
  if (!self->recorded && logged_us < self->last_logged_us)
    logged_us = MAX (g_get_monotonic_time (), self->last_logged_us);
  /* A Watch entry's told time is its call's, attached next: kept there. */
  if (logged_us > mono_us &&
      !(logged_us == told_us && direction == FIFOLAB_DIRECTION_EVENT && kind == FIFOLAB_EVENT_WATCH))
    _fifolab_log_set_logged (self, serial, logged_us);
  self->last_logged_us = MAX (self->last_logged_us, logged_us);

  enforce_cap (self, 0);

  /* The one exception to announcing when due: memory (see ANNOUNCE_INTERVAL_US). */
  if (retained_memory (self) > ANNOUNCE_RETAINED_BYTES)
    {
      announce_evicted (self, FALSE);
      trim_physical (self);
    }
  schedule_flush (self);

  return serial;
}

/**
 * fifolab_log_append:
 * @pipe_path: (nullable): the pipe, interned
 * @sender_pid: the claimed sender, or -1
 * @receiver_pid: the pid that read it, or -1
 * @data: (array length=len) (nullable): the exact bytes, copied
 *
 * Stores one entry now, with no framing (an event, a line a peer printed).
 * The GListModel announces it at the next flush (an idle on the log's main
 * context, or fifolab_log_flush()); a cap evicts the oldest.
 *
 * Returns: the entry's serial number (unique in this log, increasing, kept across
 *   fifolab_log_clear()).
 */
guint64
fifolab_log_append (FifolabLog       *self,
                    FifolabDirection  direction,
                    FifolabEventKind  kind,
                    guint             flags,
                    const char       *pipe_path,
                    gint64            sender_pid,
                    gint64            receiver_pid,
                    gint64            wall_us,
                    gint64            mono_us,
                    const guint8     *data,
                    gsize             len)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  if (!fits_record (direction, kind, flags, receiver_pid, data, len))
    return 0;

  return append_record (self, direction, kind, flags, -1, pipe_path,
                        sender_pid, receiver_pid, wall_us, mono_us, mono_us, data, len);
}

/**
 * fifolab_log_append_message:
 * @direction: %FIFOLAB_DIRECTION_SENT or %FIFOLAB_DIRECTION_RECEIVED
 * @flags: its final #FifolabMessageFlags (an entry is never changed later)
 * @framing: the framing it was cut or sent with
 * @pipe_path: (nullable): the pipe, interned
 * @sender_pid: the claimed sender, or -1
 * @receiver_pid: the pid that read it, or -1
 * @data: (array length=len) (nullable): the message without its framing, copied
 *
 * Stores one message, sent or received, as fifolab_log_append() stores an entry.
 *
 * Returns: the entry's serial number.
 */
guint64
fifolab_log_append_message (FifolabLog       *self,
                            FifolabDirection  direction,
                            guint             flags,
                            FifolabFraming    framing,
                            const char       *pipe_path,
                            gint64            sender_pid,
                            gint64            receiver_pid,
                            gint64            wall_us,
                            gint64            mono_us,
                            const guint8     *data,
                            gsize             len)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  g_return_val_if_fail (direction == FIFOLAB_DIRECTION_SENT ||
                        direction == FIFOLAB_DIRECTION_RECEIVED, 0);
  g_return_val_if_fail ((guint) framing <= FIFOLAB_FRAMING_LENGTH_PREFIX, 0);
  if (!fits_record (direction, FIFOLAB_EVENT_NONE, flags, receiver_pid, data, len))
    return 0;

  return append_record (self, direction, FIFOLAB_EVENT_NONE, flags, (int) framing,
                        pipe_path, sender_pid, receiver_pid, wall_us, mono_us, mono_us, data, len);
}

/* An entry told at @told_us, later than its time (fifolab-log-private.h). */
guint64
_fifolab_log_append_told (FifolabLog       *self,
                          FifolabDirection  direction,
                          FifolabEventKind  kind,
                          guint             flags,
                          int               framing,
                          const char       *pipe_path,
                          gint64            sender_pid,
                          gint64            receiver_pid,
                          gint64            wall_us,
                          gint64            mono_us,
                          gint64            told_us,
                          const guint8     *data,
                          gsize             len)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  g_return_val_if_fail (framing < 0 || direction == FIFOLAB_DIRECTION_SENT ||
                        direction == FIFOLAB_DIRECTION_RECEIVED, 0);
  g_return_val_if_fail (framing <= FIFOLAB_FRAMING_LENGTH_PREFIX, 0);
  if (!fits_record (direction, kind, flags, receiver_pid, data, len))
    return 0;

  return append_record (self, direction, kind, flags, framing < 0 ? -1 : framing, pipe_path,
                        sender_pid, receiver_pid, wall_us, mono_us, told_us, data, len);
}

/**
 * fifolab_log_append_event:
 * @pipe_path: (nullable): the pipe concerned
 * @detail: (nullable): a detail text, stored as the entry's bytes
 *
 * Appends an event entry timestamped now, with no sender or receiver.
 *
 * Returns: its serial number.
 */
guint64
fifolab_log_append_event (FifolabLog       *self,
                          FifolabEventKind  kind,
                          const char       *pipe_path,
                          const char       *detail)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);

  return fifolab_log_append (self,
                             FIFOLAB_DIRECTION_EVENT,
                             kind,
                             FIFOLAB_MESSAGE_NONE,
                             pipe_path,
                             -1, -1,
                             g_get_real_time (),
                             g_get_monotonic_time (),
                             (const guint8 *) detail,
                             detail != NULL ? strlen (detail) : 0);
}

/**
 * fifolab_log_flush:
 *
 * Announces everything stored since the last flush: at most one items-changed
 * removing evicted entries from the front (keeping the newest the last flush
 * added, see KEPT_ENTRIES) and one adding the new entries at the end, then
 * notifies n-stored, evicted and payload-bytes if they changed. Entries it
 * keeps go at the next flush, which it schedules.
 */
void
fifolab_log_flush (FifolabLog *self)
{
  g_return_if_fail (FIFOLAB_IS_LOG (self));

  cancel_flush (self);
  self->last_flush_us = g_get_monotonic_time ();
  self->last_flush_added = 0;

  announce_evicted (self, TRUE);

  /* A handler above may have appended past the cap again: the model then no longer
   * starts at the stored front and another flush sorts it out. */
  /* Nothing added, nothing to keep at the next. */
  self->last_added_first = self->pub_first + self->n_published;
  if (self->pub_first == self->store.first_serial)
    {
      guint n_stored = fifolab_log_get_n_stored (self);

      if (n_stored > self->n_published)
        {
          guint position = self->n_kept + self->n_published;
          guint added = n_stored - self->n_published;

          self->n_published = n_stored;
          self->last_flush_added = added;
          g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
        }
    }
  else
    schedule_flush (self);
  /* The kept entries are evicted: their removal is owed, at the next
   * announcement when due, even if nothing more is appended (see
   * KEPT_ENTRIES). That one keeps none, so schedules no other. */
  if (self->n_kept > 0)
    schedule_flush (self);

  trim_physical (self);
  notify_changes (self);
}

/**
 * fifolab_log_clear:
 *
 * Removes every entry (one items-changed) and gives their memory back to the
 * system. Serial numbers go on from where they were; the evicted count and
 * bytes start again at zero.
 */
void
fifolab_log_clear (FifolabLog *self)
{
  guint n_published;

  g_return_if_fail (FIFOLAB_IS_LOG (self));

  cancel_flush (self);

  n_published = self->n_kept + self->n_published;
  self->store.first_serial = self->store.next_serial;
  self->store.payload_bytes = 0;
  self->evicted = 0;
  self->evicted_bytes = 0;
  self->n_kept = 0;
  self->n_published = 0;
  self->pub_first = self->store.first_serial;
  /* No entry above the next one. */
  self->last_logged_us = 0;
  trim_physical (self);

  fifolab_log_store_forget_paths (&self->store);

  if (n_published > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_published, 0);

  /* After the signal: the rows let go of the entries (and their chunks). */
  give_memory_back ();

  notify_changes (self);
  g_signal_emit (self, signals[CLEARED], 0);
}

guint
fifolab_log_get_cap (FifolabLog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  return self->cap;
}

/**
 * fifolab_log_set_cap:
 * @cap: the most entries to keep, 0 for no limit
 *
 * Lowering the cap below the number stored evicts the oldest at once (announced
 * at the next flush).
 */
void
fifolab_log_set_cap (FifolabLog *self,
                     guint       cap)
{
  g_return_if_fail (FIFOLAB_IS_LOG (self));

  if (self->cap == cap)
    return;

  self->cap = cap;
  if (enforce_cap (self, 0))
    schedule_flush (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAP]);
}

guint64
fifolab_log_get_memory_cap (FifolabLog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  return self->memory_cap;
}

/**
 * fifolab_log_set_memory_cap:
 * @bytes: the most memory the stored entries may count, 0 for no limit
 *
 * Each entry counts its payload plus %FIFOLAB_LOG_ENTRY_OVERHEAD bytes; the
 * oldest entries are evicted first (the newest one always stays). Lowering the
 * cap evicts at once (announced at the next flush).
 */
void
fifolab_log_set_memory_cap (FifolabLog *self,
                            guint64     bytes)
{
  g_return_if_fail (FIFOLAB_IS_LOG (self));

  if (self->memory_cap == bytes)
    return;

  self->memory_cap = bytes;
  fifolab_log_store_limit_chunks (&self->store, bytes);
  if (enforce_cap (self, 0))
    schedule_flush (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_CAP]);
}

/**
 * fifolab_log_get_memory_bytes:
 *
 * Returns: what the stored entries count against the memory cap: their
 *   payloads plus %FIFOLAB_LOG_ENTRY_OVERHEAD bytes each
 */
guint64
fifolab_log_get_memory_bytes (FifolabLog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  return stored_memory (self);
}

guint64
fifolab_log_get_evicted_bytes (FifolabLog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  return self->evicted_bytes;
}

guint64
fifolab_log_get_evicted (FifolabLog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  return self->evicted;
}

/**
 * fifolab_log_get_n_stored:
 *
 * Returns: the entries stored now, including those not yet announced by the
 *   GListModel.
 */
guint
fifolab_log_get_n_stored (FifolabLog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  return (guint) (self->store.next_serial - self->store.first_serial);
}

/**
 * fifolab_log_count_stored:
 * @model: @self, or a model showing a prefix or a subset of its entries in its
 *   order (the view's reveal and filter models)
 *
 * The status line's count: the kept entries (see KEPT_ENTRIES) and those the
 * cap evicted since the last announcement are still in the model but already
 * counted as evicted. They are before every stored entry, so a binary search
 * finds the first stored one.
 *
 * Returns: how many of @model's entries are still stored
 */
guint
fifolab_log_count_stored (FifolabLog *self,
                          GListModel *model)
{
  guint n_items;
  guint low = 0;
  guint high;

  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  g_return_val_if_fail (G_IS_LIST_MODEL (model), 0);

  if (model == G_LIST_MODEL (self))
    {
      guint64 end = self->pub_first + self->n_published;
      guint64 from = MAX (self->pub_first, self->store.first_serial);

      return end > from ? (guint) (end - from) : 0;
    }

  n_items = high = g_list_model_get_n_items (model);

  /* The first position showing a stored entry: mostly the first (nothing
   * kept, or a filter hides the kept ones). */
  if (high > 0)
    {
      g_autoptr(FifolabLogEntry) first = g_list_model_get_item (model, 0);

      if (fifolab_log_entry_get_serial (first) >= self->store.first_serial)
        return n_items;
    }
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(FifolabLogEntry) entry = g_list_model_get_item (model, middle);

      if (fifolab_log_entry_get_serial (entry) < self->store.first_serial)
        low = middle + 1;
      else
        high = middle;
    }

  return n_items - low;
}

guint64
fifolab_log_get_payload_bytes (FifolabLog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  return self->store.payload_bytes;
}

/* The memory the store holds beyond the stored payloads: for the benchmark and
 * the memory test only (fifolab-log-private.h). */
gint64
_fifolab_log_get_last_announcement_us (FifolabLog *self)
{
  return self->last_flush_us;
}

gsize
_fifolab_log_get_overhead_bytes (FifolabLog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);

  return fifolab_log_store_overhead (&self->store) + sizeof (FifolabLog) - sizeof (FifolabLogStore);
}

/* The store, for the export (fifolab-log-export.c). */
FifolabLogStore *
_fifolab_log_get_store (FifolabLog *self)
{
  return &self->store;
}

/* The calls beside the entries (fifolab-log-calls.h) */

void
_fifolab_log_attach_call (FifolabLog         *self,
                          guint64             serial,
                          gint64              wall_us,
                          const char         *path,
                          FifolabWatchRecord *record)
{
  g_return_if_fail (FIFOLAB_IS_LOG (self));

  if (self->calls == NULL)
    self->calls = fifolab_log_calls_new ();
  fifolab_log_calls_add (self->calls, self->store.first_serial, self->memory_cap,
                         serial, wall_us, path, record);
  g_signal_emit (self, signals[CALL_ATTACHED], 0, serial, path, record);
}

void
_fifolab_log_set_logged (FifolabLog *self,
                         guint64     serial,
                         gint64      logged_mono_us)
{
  g_return_if_fail (FIFOLAB_IS_LOG (self));

  if (self->calls == NULL)
    self->calls = fifolab_log_calls_new ();
  fifolab_log_calls_add_logged (self->calls, self->store.first_serial, serial, logged_mono_us);
}

GArray *
_fifolab_log_snapshot_logged (FifolabLog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), NULL);

  if (self->calls == NULL)
    return g_array_new (FALSE, FALSE, sizeof (FifolabLogLogged));
  return fifolab_log_calls_snapshot_logged (self->calls, self->store.first_serial,
                                            self->store.next_serial - self->store.first_serial);
}

GPtrArray *
_fifolab_log_snapshot_calls (FifolabLog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), NULL);

  if (self->calls == NULL)
    return g_ptr_array_new ();
  return fifolab_log_calls_snapshot (self->calls, self->store.first_serial,
                                     self->store.next_serial - self->store.first_serial);
}

/* A log filled from a recording (fifolab-recording.c): its entries keep the
 * serials they were recorded with. Only on a log that never held one. */
void
_fifolab_log_start_at_serial (FifolabLog *self,
                              guint64     serial)
{
  g_return_if_fail (FIFOLAB_IS_LOG (self));
  g_return_if_fail (self->store.n_phys == 0 && self->n_published == 0 && self->n_kept == 0);

  self->store.phys_first = serial;
  self->store.first_serial = serial;
  self->store.next_serial = serial;
  self->pub_first = serial;
  /* Its entries were logged when the recording says. */
  self->recorded = TRUE;
}
