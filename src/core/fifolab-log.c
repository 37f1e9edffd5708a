/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifolab-enums.h"
#include "fifolab-escape.h"
#include "fifolab-event.h"
#include "fifolab-log.h"

/* The store.
 *
 * Entries are fixed-size records (48 bytes) in blocks of RECORDS_PER_BLOCK, kept in
 * order in a deque of blocks: appending writes the next slot, evicting the oldest
 * advances a head index and frees a block once all its records are gone. No
 * realloc-and-copy of the whole store ever happens, so a million entries cost
 * 48 bytes each plus a block's worth of slack.
 *
 * Payloads are copied back to back into chunks that grow from CHUNK_SIZE_MIN to CHUNK_SIZE_MAX bytes (a larger
 * message gets a chunk of its own). Each record holds the offset of its payload in
 * one growing offset space; chunks cover consecutive ranges of it, so a chunk is
 * found by binary search and the front chunk is freed as soon as the oldest record
 * lies beyond it. A chunk that is left with free space is shrunk to what it holds.
 *
 * Blocks and chunks are reference counted so that an export running in a thread
 * can hold a snapshot of them (records and payload bytes are never modified once
 * written; fifolab_log_add_flags() copies a shared block before changing it)
 * while the log goes on appending and evicting.
 *
 * Notification. The GListModel shows serials [pub_first, pub_first + n_published).
 * The store holds serials [first_serial, next_serial) (what n-stored counts) and
 * physically still keeps records back to phys_first: an entry evicted by the cap
 * while it is published stays readable until the flush announces its removal, so
 * get_item() never fails for a position the model has announced. */

#define RECORDS_PER_BLOCK 2048
#define HUGE_PAGE_SIZE    (2 * 1024 * 1024)
/* Chunks start small (a quiet log stays small) and double up to the largest
 * size, so a flood allocates rarely and in huge pages. */
#define CHUNK_SIZE_MIN    (64 * 1024)
#define CHUNK_SIZE_MAX    (4 * HUGE_PAGE_SIZE)
/* Under a flood of higher-priority I/O an idle could starve: after this long the
 * pending flush is raised to default priority. */
#define FLUSH_LATENCY_US  (50 * 1000)
/* Evicted entries kept readable only because the model still shows them: when a
 * burst without a main loop iteration leaves more than this many, the flush runs
 * at once (from fifolab_log_append) to bound memory. */
#define MAX_RETAINED      16384
/* The same bound in payload bytes, so that a capped log under a flood of big
 * messages does not hold much more than its cap's worth between flushes. */
#define MAX_RETAINED_BYTES (16 * 1024 * 1024)
/* Bytes an export buffers before writing to its stream. */
#define EXPORT_BUFFER     (64 * 1024)

typedef struct
{
  gint64  wall_us;
  gint64  mono_us;
  guint64 offset;       /* of the payload, in the log's offset space */
  gint64  sender_pid;   /* claimed, may be anything a peer wrote; -1 = none */
  guint32 len;
  gint32  receiver_pid; /* a real pid or -1 */
  guint32 pipe;         /* index into paths, 0 = none */
  guint16 flags;
  guint8  direction;
  guint8  kind;
} Record;

G_STATIC_ASSERT (sizeof (Record) == 48);

typedef struct
{
  gatomicrefcount ref;
  Record          records[RECORDS_PER_BLOCK];
} Block;

/* The page faults of a big chunk taken ahead of the writes, in a worker (see
 * chunk_prefault()). */
typedef struct
{
  gatomicrefcount  ref;
  GMutex           lock;     /* held while the worker works on data */
  guint8          *data;
  gsize            len;
  gboolean         stop;     /* under lock: data is about to move or be freed */
} Prefault;

typedef struct
{
  gatomicrefcount  ref;
  guint64          start;    /* offset of data[0] */
  gsize            used;
  gsize            capacity;
  guint8          *data;
  Prefault        *prefault; /* NULL once none can run on data */
} Chunk;

struct _FifolabLog
{
  GObject       parent_instance;

  GMainContext *context;

  /* Records: physical index p lives at blocks[(head + p) / N][(head + p) % N]. */
  GPtrArray    *blocks;
  guint         head;
  guint         n_phys;
  guint64       phys_first;     /* serial of physical record 0 */
  guint64       first_serial;   /* serial of the oldest stored entry */
  guint64       next_serial;    /* == phys_first + n_phys */

  /* Payloads. */
  GPtrArray    *chunks;         /* Chunk *, ascending start */
  guint64       next_offset;
  gsize         chunk_bytes;    /* sum of chunk capacities */
  gsize         chunk_size;     /* capacity of the next chunk */
  guint64       payload_bytes;  /* of the stored (not evicted) entries */

  /* Interned pipe paths: paths[0] is NULL. */
  GPtrArray    *paths;          /* GRefString * */
  GHashTable   *path_index;     /* GRefString * -> index */
  guint32       last_path;      /* index of the path interned last (0 = none) */
  gsize         path_bytes;

  /* What the GListModel shows. */
  guint64       pub_first;
  guint         n_published;

  guint         cap;
  guint64       evicted;

  GSource      *flush_source;
  gint64        batch_started_us;
  guint         batch_appends;
  gboolean      batch_urgent;

  /* Values last announced through notify. */
  guint         notified_n_stored;
  guint64       notified_evicted;
  guint64       notified_payload_bytes;
};

static void fifolab_log_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FifolabLog, fifolab_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      fifolab_log_list_model_init))

enum {
  PROP_0,
  PROP_CAP,
  PROP_EVICTED,
  PROP_N_STORED,
  PROP_PAYLOAD_BYTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Blocks and chunks */

static Block *
block_new (void)
{
  /* Not zeroed: every record is written before it is read. */
  Block *block = g_malloc (sizeof (Block));

  g_atomic_ref_count_init (&block->ref);
  return block;
}

static Block *
block_ref (Block *block)
{
  g_atomic_ref_count_inc (&block->ref);
  return block;
}

static void
block_unref (gpointer data)
{
  Block *block = data;

  if (g_atomic_ref_count_dec (&block->ref))
    g_free (block);
}

/* Payload memory is written once, front to back, right after it is allocated:
 * on Linux most of the cost of storing a flood is the page faults of that first
 * write. Chunks are aligned to and sized in huge pages and marked for
 * transparent huge pages, so a 2 MiB chunk costs one fault instead of 512. */
static guint8 *
chunk_alloc (gsize capacity)
{
  void *mem = NULL;

  if (capacity >= HUGE_PAGE_SIZE &&
      posix_memalign (&mem, HUGE_PAGE_SIZE, capacity) == 0)
    {
#ifdef MADV_HUGEPAGE
      (void) madvise (mem, capacity - capacity % HUGE_PAGE_SIZE, MADV_HUGEPAGE);
#endif
      return mem;
    }

  return g_malloc (capacity);
}

static void
prefault_unref (gpointer data)
{
  Prefault *prefault = data;

  if (g_atomic_ref_count_dec (&prefault->ref))
    {
      g_mutex_clear (&prefault->lock);
      g_free (prefault);
    }
}

static void
prefault_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
#ifdef MADV_POPULATE_WRITE
  Prefault *prefault = task_data;

  /* One huge page a step, so that stopping never waits long. The first one is
   * left to the main thread, which writes to it at once. */
  for (gsize done = HUGE_PAGE_SIZE; done < prefault->len; done += HUGE_PAGE_SIZE)
    {
      gboolean ok;

      g_mutex_lock (&prefault->lock);
      ok = !prefault->stop &&
           madvise (prefault->data + done, MIN (HUGE_PAGE_SIZE, prefault->len - done),
                    MADV_POPULATE_WRITE) == 0;
      g_mutex_unlock (&prefault->lock);
      /* Stopped, or a kernel older than 5.14: the writes fault as usual. */
      if (!ok)
        break;
    }
#endif
}

/* Under a flood, storing payloads costs mostly the kernel zeroing the fresh pages
 * at their first write. MADV_POPULATE_WRITE takes those faults without touching
 * the contents, so a worker thread can take them ahead of the main thread's
 * writes, on another core: the main loop then copies into memory that is there.
 * It races only with the kernel's own fault handling, which is safe. */
static void
chunk_prefault (Chunk *chunk)
{
#ifdef MADV_POPULATE_WRITE
  g_autoptr(GTask) task = NULL;
  Prefault *prefault;

  if (chunk->capacity <= HUGE_PAGE_SIZE)
    return;

  prefault = g_new0 (Prefault, 1);
  g_atomic_ref_count_init (&prefault->ref);
  g_mutex_init (&prefault->lock);
  prefault->data = chunk->data;
  prefault->len = chunk->capacity;
  chunk->prefault = prefault;

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, chunk_prefault);
  g_atomic_ref_count_inc (&prefault->ref);
  g_task_set_task_data (task, prefault, prefault_unref);
  g_task_run_in_thread (task, prefault_thread);
#endif
}

/* Before chunk->data moves or is freed: the worker no longer touches it once
 * this returns (it waits for at most one step). */
static void
chunk_stop_prefault (Chunk *chunk)
{
  Prefault *prefault = g_steal_pointer (&chunk->prefault);

  if (prefault == NULL)
    return;

  g_mutex_lock (&prefault->lock);
  prefault->stop = TRUE;
  g_mutex_unlock (&prefault->lock);
  prefault_unref (prefault);
}

static Chunk *
chunk_new (guint64 start,
           gsize   capacity)
{
  Chunk *chunk = g_new0 (Chunk, 1);

  g_atomic_ref_count_init (&chunk->ref);
  chunk->start = start;
  chunk->capacity = capacity;
  chunk->data = chunk_alloc (capacity);
  chunk_prefault (chunk);
  return chunk;
}

static Chunk *
chunk_ref (Chunk *chunk)
{
  g_atomic_ref_count_inc (&chunk->ref);
  return chunk;
}

static void
chunk_unref (gpointer data)
{
  Chunk *chunk = data;

  if (g_atomic_ref_count_dec (&chunk->ref))
    {
      chunk_stop_prefault (chunk);
      g_free (chunk->data);
      g_free (chunk);
    }
}

/* Index of the chunk holding @offset (which must be in one). */
static guint
chunks_find (GPtrArray *chunks,
             guint64    offset)
{
  guint lo = 0;
  guint hi = chunks->len;

  g_assert (chunks->len > 0);

  /* The last chunk with start <= offset. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;
      const Chunk *chunk = g_ptr_array_index (chunks, mid);

      if (chunk->start <= offset)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

static const guint8 *
chunks_lookup (GPtrArray    *chunks,
               const Record *record,
               guint        *cursor)
{
  const Chunk *chunk;

  if (record->len == 0)
    return (const guint8 *)"";

  /* Sequential readers pass a cursor: most lookups hit the same chunk or the next. */
  if (cursor != NULL && *cursor < chunks->len)
    {
      chunk = g_ptr_array_index (chunks, *cursor);
      if (record->offset >= chunk->start && record->offset < chunk->start + chunk->capacity)
        return chunk->data + (record->offset - chunk->start);
    }

  {
    guint index = chunks_find (chunks, record->offset);

    chunk = g_ptr_array_index (chunks, index);
    g_assert (record->offset >= chunk->start);
    g_assert (record->offset + record->len <= chunk->start + chunk->capacity);
    if (cursor != NULL)
      *cursor = index;
    return chunk->data + (record->offset - chunk->start);
  }
}

/* Records */

static inline Record *
record_at_phys (FifolabLog *self,
                guint       p)
{
  guint g = self->head + p;
  Block *block = g_ptr_array_index (self->blocks, g / RECORDS_PER_BLOCK);

  return &block->records[g % RECORDS_PER_BLOCK];
}

static inline Record *
record_at_serial (FifolabLog *self,
                  guint64     serial)
{
  g_assert (serial >= self->phys_first && serial < self->next_serial);
  return record_at_phys (self, (guint)(serial - self->phys_first));
}

static Record *
record_push (FifolabLog *self)
{
  guint g = self->head + self->n_phys;

  if (g / RECORDS_PER_BLOCK >= self->blocks->len)
    g_ptr_array_add (self->blocks, block_new ());

  self->n_phys++;
  self->next_serial++;
  return record_at_phys (self, self->n_phys - 1);
}

static void
chunk_close (FifolabLog *self,
             Chunk      *chunk)
{
  /* Give back the unused tail, unless a snapshot reads this chunk (its data must
   * not move). */
  if (chunk->used < chunk->capacity && chunk->used > 0 &&
      g_atomic_ref_count_compare (&chunk->ref, 1))
    {
      chunk_stop_prefault (chunk);
      self->chunk_bytes -= chunk->capacity - chunk->used;
      chunk->data = g_realloc (chunk->data, chunk->used);
      chunk->capacity = chunk->used;
    }
}

static guint64
store_payload (FifolabLog   *self,
               const guint8 *data,
               gsize         len)
{
  Chunk *chunk = NULL;
  guint64 offset;

  if (len == 0)
    return self->next_offset;

  if (self->chunks->len > 0)
    chunk = g_ptr_array_index (self->chunks, self->chunks->len - 1);

  if (chunk == NULL || chunk->capacity - chunk->used < len ||
      chunk->start + chunk->used != self->next_offset)
    {
      if (chunk != NULL)
        chunk_close (self, chunk);
      chunk = chunk_new (self->next_offset, MAX (self->chunk_size, len));
      self->chunk_size = MIN (self->chunk_size * 2, CHUNK_SIZE_MAX);
      self->chunk_bytes += chunk->capacity;
      g_ptr_array_add (self->chunks, chunk);
    }

  offset = chunk->start + chunk->used;
  memcpy (chunk->data + chunk->used, data, len);
  chunk->used += len;
  self->next_offset = offset + len;
  return offset;
}

/* Frees records (and the blocks and chunks they leave empty) that are neither
 * stored nor published. */
static void
trim_physical (FifolabLog *self)
{
  guint64 bound = self->first_serial;

  if (self->n_published > 0)
    bound = MIN (bound, self->pub_first);

  while (self->phys_first < bound)
    {
      guint n = (guint) MIN (bound - self->phys_first,
                             (guint64)(RECORDS_PER_BLOCK - self->head));

      self->head += n;
      self->n_phys -= n;
      self->phys_first += n;

      if (self->head == RECORDS_PER_BLOCK)
        {
          g_ptr_array_remove_index (self->blocks, 0);
          self->head = 0;
        }
    }

  if (self->n_phys == 0)
    {
      /* Nothing left: drop every block (the next append starts a fresh one). */
      if (self->blocks->len > 0)
        g_ptr_array_set_size (self->blocks, 0);
      self->head = 0;
    }

  while (self->chunks->len > 0)
    {
      Chunk *chunk = g_ptr_array_index (self->chunks, 0);

      if (self->n_phys > 0)
        {
          const Record *oldest = record_at_phys (self, 0);

          /* The open chunk stays; a chunk is freed when the oldest record is past it. */
          if (self->chunks->len == 1 || chunk->start + chunk->used > oldest->offset)
            break;
        }

      self->chunk_bytes -= chunk->capacity;
      g_ptr_array_remove_index (self->chunks, 0);
    }
}

/* Interned paths */

static guint32
intern_path (FifolabLog *self,
             const char *path)
{
  gpointer value;
  char *ref;

  if (path == NULL)
    return 0;

  /* Messages come in runs from one pipe. */
  if (self->last_path != 0 &&
      strcmp (g_ptr_array_index (self->paths, self->last_path), path) == 0)
    return self->last_path;

  if (g_hash_table_lookup_extended (self->path_index, path, NULL, &value))
    {
      self->last_path = GPOINTER_TO_UINT (value);
      return self->last_path;
    }

  ref = g_ref_string_new (path);
  g_ptr_array_add (self->paths, ref);
  g_hash_table_insert (self->path_index, ref, GUINT_TO_POINTER (self->paths->len - 1));
  self->path_bytes += strlen (path) + 1 + 2 * sizeof (gpointer) + 16;
  self->last_path = self->paths->len - 1;
  return self->last_path;
}

static void
ref_string_release (gpointer data)
{
  if (data != NULL)
    g_ref_string_release (data);
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
  if (self->notified_payload_bytes != self->payload_bytes)
    {
      self->notified_payload_bytes = self->payload_bytes;
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

static void
schedule_flush (FifolabLog *self)
{
  if (self->flush_source == NULL)
    {
      self->flush_source = g_idle_source_new ();
      g_source_set_priority (self->flush_source, G_PRIORITY_HIGH_IDLE);
      g_source_set_callback (self->flush_source, fifolab_log_flush_cb, self, NULL);
      g_source_set_static_name (self->flush_source, "[fifolab] log flush");
      g_source_attach (self->flush_source, self->context);
      self->batch_started_us = g_get_monotonic_time ();
      self->batch_appends = 0;
      self->batch_urgent = FALSE;
    }
  else if (!self->batch_urgent && (++self->batch_appends & 63) == 0 &&
           g_get_monotonic_time () - self->batch_started_us > FLUSH_LATENCY_US)
    {
      /* Sources of higher priority keep being ready: run the flush among them. */
      g_source_set_priority (self->flush_source, G_PRIORITY_DEFAULT);
      self->batch_urgent = TRUE;
    }
}

/* Payload bytes of entries evicted but still readable (not yet announced). */
static guint64
retained_bytes (FifolabLog *self)
{
  guint64 first_kept;

  if (self->first_serial == self->phys_first)
    return 0;
  first_kept = self->first_serial < self->next_serial
               ? record_at_serial (self, self->first_serial)->offset
               : self->next_offset;
  return first_kept - record_at_serial (self, self->phys_first)->offset;
}

/* Evicts the oldest stored entries down to the cap. Returns TRUE if any. */
static gboolean
enforce_cap (FifolabLog *self)
{
  guint64 n_stored = self->next_serial - self->first_serial;
  guint64 n_evict;

  if (self->cap == 0 || n_stored <= self->cap)
    return FALSE;

  n_evict = n_stored - self->cap;
  for (guint64 i = 0; i < n_evict; i++)
    {
      const Record *record = record_at_serial (self, self->first_serial + i);

      self->payload_bytes -= record->len;
    }

  self->first_serial += n_evict;
  self->evicted += n_evict;
  trim_physical (self);
  return TRUE;
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
  return FIFOLAB_LOG (model)->n_published;
}

static gpointer
fifolab_log_get_item (GListModel *model,
                      guint       position)
{
  FifolabLog *self = FIFOLAB_LOG (model);
  guint64 serial;
  const Record *record;
  g_autoptr(GBytes) bytes = NULL;

  if (position >= self->n_published)
    return NULL;

  serial = self->pub_first + position;
  record = record_at_serial (self, serial);
  bytes = g_bytes_new (chunks_lookup (self->chunks, record, NULL), record->len);

  return fifolab_log_entry_new (serial,
                                record->wall_us,
                                record->mono_us,
                                record->direction,
                                record->kind,
                                record->flags,
                                g_ptr_array_index (self->paths, record->pipe),
                                record->sender_pid,
                                record->receiver_pid,
                                bytes);
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

  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->path_index, g_hash_table_unref);
  g_clear_pointer (&self->paths, g_ptr_array_unref);
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
    case PROP_N_STORED:
      g_value_set_uint (value, fifolab_log_get_n_stored (self));
      break;
    case PROP_PAYLOAD_BYTES:
      g_value_set_uint64 (value, self->payload_bytes);
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
  properties[PROP_N_STORED] =
    g_param_spec_uint ("n-stored", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAYLOAD_BYTES] =
    g_param_spec_uint64 ("payload-bytes", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fifolab_log_init (FifolabLog *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->blocks = g_ptr_array_new_with_free_func (block_unref);
  self->chunks = g_ptr_array_new_with_free_func (chunk_unref);
  self->chunk_size = CHUNK_SIZE_MIN;
  self->paths = g_ptr_array_new_with_free_func (ref_string_release);
  g_ptr_array_add (self->paths, NULL);
  self->path_index = g_hash_table_new (g_str_hash, g_str_equal);
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

/**
 * fifolab_log_append:
 * @pipe_path: (nullable): the pipe, interned
 * @sender_pid: the claimed sender, or -1
 * @receiver_pid: the pid that read it, or -1
 * @data: (array length=len) (nullable): the exact bytes, copied
 *
 * Stores one entry now. The GListModel announces it at the next flush (an idle
 * on the log's main context, or fifolab_log_flush()); a cap evicts the oldest.
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
  Record *record;
  guint64 serial;

  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  g_return_val_if_fail (data != NULL || len == 0, 0);
  g_return_val_if_fail (len <= G_MAXUINT32, 0);
  g_return_val_if_fail (flags <= G_MAXUINT16, 0);
  g_return_val_if_fail ((guint) kind < 256 && (guint) direction < 256, 0);
  g_return_val_if_fail (receiver_pid <= G_MAXINT32, 0);

  serial = self->next_serial;
  record = record_push (self);
  record->wall_us = wall_us;
  record->mono_us = mono_us;
  record->offset = store_payload (self, data, len);
  record->len = (guint32) len;
  record->sender_pid = sender_pid < 0 ? -1 : sender_pid;
  record->receiver_pid = receiver_pid < 0 ? -1 : (gint32) receiver_pid;
  record->pipe = intern_path (self, pipe_path);
  record->flags = (guint16) flags;
  record->direction = (guint8) direction;
  record->kind = (guint8) kind;

  self->payload_bytes += len;
  enforce_cap (self);

  if (self->first_serial - self->phys_first > MAX (self->cap, MAX_RETAINED) ||
      retained_bytes (self) > MAX_RETAINED_BYTES)
    fifolab_log_flush (self);
  else
    schedule_flush (self);

  return serial;
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
 * fifolab_log_add_flags:
 * @serial: an entry's serial, as fifolab_log_append() returned it
 * @flags: #FifolabMessageFlags to add to it
 *
 * Marks a stored entry after the fact, for what is found only once it has been
 * appended (a torn message, a claimed pid nobody held the pipe with). A view
 * already showing the entry is told with items-changed for its row.
 *
 * Returns: %TRUE if the entry is still stored, %FALSE if it is unknown or evicted
 */
gboolean
fifolab_log_add_flags (FifolabLog *self,
                       guint64     serial,
                       guint       flags)
{
  guint g;
  Block *block;
  Record *record;

  g_return_val_if_fail (FIFOLAB_IS_LOG (self), FALSE);
  g_return_val_if_fail (flags <= G_MAXUINT16, FALSE);

  if (serial < self->first_serial || serial >= self->next_serial)
    return FALSE;

  /* An export may be reading this block from a thread (it holds a reference):
   * records it can see are never modified, so the block is copied first. */
  g = self->head + (guint) (serial - self->phys_first);
  block = g_ptr_array_index (self->blocks, g / RECORDS_PER_BLOCK);
  if (!g_atomic_ref_count_compare (&block->ref, 1))
    {
      Block *copy = block_new ();

      memcpy (copy->records, block->records, sizeof block->records);
      g_ptr_array_index (self->blocks, g / RECORDS_PER_BLOCK) = copy;
      block_unref (block);
    }

  record = record_at_serial (self, serial);
  if ((record->flags | flags) == record->flags)
    return TRUE;
  record->flags |= (guint16) flags;

  if (serial >= self->pub_first && serial < self->pub_first + self->n_published)
    {
      guint position = (guint) (serial - self->pub_first);

      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
  return TRUE;
}

/**
 * fifolab_log_flush:
 *
 * Announces everything stored since the last flush: at most one items-changed
 * removing evicted entries from the front and one adding the new entries at the
 * end, then notifies n-stored, evicted and payload-bytes if they changed.
 */
void
fifolab_log_flush (FifolabLog *self)
{
  guint removed = 0;

  g_return_if_fail (FIFOLAB_IS_LOG (self));

  cancel_flush (self);

  /* Published entries the cap evicted since the last flush (never-published
   * evictions are not announced: nobody saw them). */
  if (self->n_published > 0 && self->first_serial > self->pub_first)
    removed = (guint) (MIN (self->first_serial, self->pub_first + self->n_published)
                       - self->pub_first);

  if (removed > 0)
    {
      self->pub_first += removed;
      self->n_published -= removed;
      if (self->n_published == 0)
        self->pub_first = self->first_serial;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
    }

  if (self->n_published == 0)
    self->pub_first = self->first_serial;

  /* A handler above may have appended past the cap again: the model then no longer
   * starts at the stored front and another flush sorts it out. */
  if (self->pub_first == self->first_serial)
    {
      guint n_stored = fifolab_log_get_n_stored (self);

      if (n_stored > self->n_published)
        {
          guint position = self->n_published;
          guint added = n_stored - self->n_published;

          self->n_published = n_stored;
          g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
        }
    }
  else
    schedule_flush (self);

  trim_physical (self);
  notify_changes (self);
}

/**
 * fifolab_log_clear:
 *
 * Removes every entry (one items-changed). Serial numbers go on from where they
 * were; the evicted count starts again at zero.
 */
void
fifolab_log_clear (FifolabLog *self)
{
  guint n_published;

  g_return_if_fail (FIFOLAB_IS_LOG (self));

  cancel_flush (self);

  n_published = self->n_published;
  self->first_serial = self->next_serial;
  self->payload_bytes = 0;
  self->evicted = 0;
  self->n_published = 0;
  self->pub_first = self->first_serial;
  trim_physical (self);

  /* Nothing refers to the interned paths any more. */
  g_hash_table_remove_all (self->path_index);
  g_ptr_array_set_size (self->paths, 1);
  self->path_bytes = 0;
  self->last_path = 0;

  if (n_published > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_published, 0);

  notify_changes (self);
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
  if (enforce_cap (self))
    schedule_flush (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAP]);
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
  return (guint) (self->next_serial - self->first_serial);
}

guint64
fifolab_log_get_payload_bytes (FifolabLog *self)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);
  return self->payload_bytes;
}

/**
 * fifolab_log_get_overhead_bytes:
 *
 * Returns: the memory the store holds beyond the stored payload bytes: record
 *   blocks (including unused slots), the unused and evicted parts of payload
 *   chunks, bookkeeping arrays, interned paths, with an estimate of malloc's own
 *   per-allocation cost.
 */
gsize
fifolab_log_get_overhead_bytes (FifolabLog *self)
{
  const gsize malloc_cost = 16;
  gsize total;

  g_return_val_if_fail (FIFOLAB_IS_LOG (self), 0);

  total = sizeof (FifolabLog);
  total += self->blocks->len * (sizeof (Block) + malloc_cost + sizeof (gpointer));
  total += self->chunks->len * (sizeof (Chunk) + 2 * malloc_cost + sizeof (gpointer));
  total += self->chunk_bytes;
  total += self->paths->len * sizeof (gpointer) + self->path_bytes;

  return total - MIN (total, self->payload_bytes);
}

/* Export */

typedef struct
{
  GPtrArray *blocks;   /* Block *, refs */
  guint      head;     /* index of the first record in blocks[0] */
  guint      n;
  guint64    first_serial;
  GPtrArray *chunks;   /* Chunk *, refs */
  GPtrArray *paths;    /* GRefString *, refs; [0] NULL */
} Snapshot;

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_ptr_array_unref (snapshot->blocks);
  g_ptr_array_unref (snapshot->chunks);
  g_ptr_array_unref (snapshot->paths);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

/* The stored entries as they are now; safe to read from another thread while the
 * log goes on (records and payloads are immutable once written, and the snapshot
 * holds references on the blocks and chunks it reads). */
static Snapshot *
snapshot_new (FifolabLog *self)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);
  guint n = fifolab_log_get_n_stored (self);

  snapshot->n = n;
  snapshot->first_serial = self->first_serial;
  snapshot->blocks = g_ptr_array_new_with_free_func (block_unref);
  snapshot->chunks = g_ptr_array_new_with_free_func (chunk_unref);
  snapshot->paths = g_ptr_array_new_with_free_func (ref_string_release);

  if (n > 0)
    {
      guint g = self->head + (guint) (self->first_serial - self->phys_first);
      guint first_block = g / RECORDS_PER_BLOCK;
      guint last_block = (g + n - 1) / RECORDS_PER_BLOCK;

      snapshot->head = g % RECORDS_PER_BLOCK;
      for (guint i = first_block; i <= last_block; i++)
        g_ptr_array_add (snapshot->blocks, block_ref (g_ptr_array_index (self->blocks, i)));
    }

  for (guint i = 0; i < self->chunks->len; i++)
    g_ptr_array_add (snapshot->chunks, chunk_ref (g_ptr_array_index (self->chunks, i)));

  for (guint i = 0; i < self->paths->len; i++)
    {
      char *path = g_ptr_array_index (self->paths, i);
      g_ptr_array_add (snapshot->paths, path != NULL ? g_ref_string_acquire (path) : NULL);
    }

  return snapshot;
}

static const Record *
snapshot_record (const Snapshot *snapshot,
                 guint           i)
{
  guint g = snapshot->head + i;
  const Block *block = g_ptr_array_index (snapshot->blocks, g / RECORDS_PER_BLOCK);

  return &block->records[g % RECORDS_PER_BLOCK];
}

typedef struct
{
  GEnumClass  *direction_class;
  GEnumClass  *kind_class;
  GFlagsClass *flags_class;
  gint64       cached_second;
  char         second_text[64];
  gboolean     second_valid;
} ExportContext;

static const char *
enum_nick (GEnumClass *klass,
           int         value)
{
  GEnumValue *v = g_enum_get_value (klass, value);

  return v != NULL ? v->value_nick : "unknown";
}

/* "2024-05-01T12:34:56.123456Z", formatting the date once per second. */
static void
append_time (ExportContext *ctx,
             GString       *out,
             gint64         wall_us)
{
  gint64 second = wall_us / G_USEC_PER_SEC;
  gint64 usec = wall_us % G_USEC_PER_SEC;

  if (usec < 0)
    {
      second -= 1;
      usec += G_USEC_PER_SEC;
    }

  if (!ctx->second_valid || ctx->cached_second != second)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (second);
      g_autofree char *text = NULL;

      if (dt != NULL)
        text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
      g_strlcpy (ctx->second_text, text != NULL ? text : "0000-00-00T00:00:00",
                 sizeof ctx->second_text);
      ctx->cached_second = second;
      ctx->second_valid = TRUE;
    }

  g_string_append_printf (out, "%s.%06dZ", ctx->second_text, (int) usec);
}

/* Valid UTF-8 without NUL can be written as text; anything else as base64. */
static gboolean
is_text (const guint8 *data,
         gsize         len)
{
  return memchr (data, '\0', len) == NULL &&
         g_utf8_validate_len ((const char *) data, len, NULL);
}

/* A pipe's path is a file name, bytes that need not be UTF-8. JSON and CSV are
 * UTF-8: a name that is not valid UTF-8 is written as its escaped display form
 * (valid UTF-8, for people and grep) plus its bytes in base64, which give them
 * back exactly. Returns the form for the "pipe" field: @pipe itself when it is
 * valid UTF-8 (*@escaped and *@base64 left NULL), else *@escaped, with the
 * bytes in *@base64 (both to free). */
static const char *
pipe_for_export (const char  *pipe,
                 char       **escaped,
                 char       **base64)
{
  gsize len = strlen (pipe);

  if (g_utf8_validate_len (pipe, len, NULL))
    return pipe;

  *escaped = fifolab_escape_for_display ((const guint8 *) pipe, len, 0);
  *base64 = g_base64_encode ((const guchar *) pipe, len);
  return *escaped;
}

static void
export_json_line (ExportContext  *ctx,
                  JsonGenerator  *generator,
                  GString        *out,
                  guint64         serial,
                  const Record   *record,
                  const char     *pipe,
                  const guint8   *data)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GString) stamp = g_string_sized_new (32);
  JsonArray *flags = json_array_new ();

  append_time (ctx, stamp, record->wall_us);

  json_object_set_int_member (object, "serial", (gint64) serial);
  json_object_set_string_member (object, "time", stamp->str);
  json_object_set_int_member (object, "mono_us", record->mono_us);
  json_object_set_string_member (object, "direction",
                                 enum_nick (ctx->direction_class, record->direction));
  if (record->direction == FIFOLAB_DIRECTION_EVENT)
    {
      json_object_set_string_member (object, "event",
                                     enum_nick (ctx->kind_class, record->kind));
      json_object_set_string_member (object, "explanation",
                                     fifolab_event_kind_get_explanation (record->kind));
    }
  if (pipe != NULL)
    {
      g_autofree char *escaped = NULL;
      g_autofree char *pipe_base64 = NULL;

      json_object_set_string_member (object, "pipe", pipe_for_export (pipe, &escaped, &pipe_base64));
      if (pipe_base64 != NULL)
        json_object_set_string_member (object, "pipe_base64", pipe_base64);
    }
  else
    json_object_set_null_member (object, "pipe");
  if (record->sender_pid >= 0)
    json_object_set_int_member (object, "sender_pid", record->sender_pid);
  else
    json_object_set_null_member (object, "sender_pid");
  if (record->receiver_pid >= 0)
    json_object_set_int_member (object, "receiver_pid", record->receiver_pid);
  else
    json_object_set_null_member (object, "receiver_pid");
  json_object_set_int_member (object, "size", record->len);

  for (guint i = 0; i < ctx->flags_class->n_values; i++)
    {
      const GFlagsValue *v = &ctx->flags_class->values[i];

      if (v->value != 0 && (record->flags & v->value) == v->value)
        json_array_add_string_element (flags, v->value_nick);
    }
  json_object_set_array_member (object, "flags", flags);

  if (is_text (data, record->len))
    {
      g_autofree char *text = g_strndup ((const char *) data, record->len);
      json_object_set_string_member (object, "text", text);
    }
  else
    {
      g_autofree char *base64 = g_base64_encode (data, record->len);
      json_object_set_string_member (object, "base64", base64);
    }

  json_node_set_object (root, object);
  json_generator_set_root (generator, root);
  json_generator_to_gstring (generator, out);
  g_string_append_c (out, '\n');
}

/* RFC 4180: quoted when it holds a comma, a quote or a line break. */
static void
append_csv_field (GString    *out,
                  const char *text,
                  gsize       len)
{
  gboolean quote = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == ',' || text[i] == '"' || text[i] == '\r' || text[i] == '\n')
        {
          quote = TRUE;
          break;
        }
    }

  if (!quote)
    {
      g_string_append_len (out, text, len);
      return;
    }

  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, text[i]);
    }
  g_string_append_c (out, '"');
}

static void
export_csv_line (ExportContext *ctx,
                 GString       *out,
                 guint64        serial,
                 const Record  *record,
                 const char    *pipe,
                 const guint8  *data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *pipe_base64 = NULL;

  g_string_append_printf (out, "%" G_GUINT64_FORMAT ",", serial);
  append_time (ctx, out, record->wall_us);
  g_string_append_c (out, ',');
  g_string_append (out, enum_nick (ctx->direction_class, record->direction));
  g_string_append_c (out, ',');
  if (record->direction == FIFOLAB_DIRECTION_EVENT)
    g_string_append (out, enum_nick (ctx->kind_class, record->kind));
  g_string_append_c (out, ',');
  if (pipe != NULL)
    {
      const char *shown = pipe_for_export (pipe, &escaped, &pipe_base64);

      append_csv_field (out, shown, strlen (shown));
    }
  g_string_append_c (out, ',');
  if (record->sender_pid >= 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, record->sender_pid);
  g_string_append_c (out, ',');
  if (record->receiver_pid >= 0)
    g_string_append_printf (out, "%d", (int) record->receiver_pid);
  g_string_append_printf (out, ",%u,", (guint) record->len);

  if (is_text (data, record->len))
    {
      g_string_append (out, "text,");
      append_csv_field (out, (const char *) data, record->len);
    }
  else
    {
      g_autofree char *base64 = g_base64_encode (data, record->len);
      g_string_append (out, "base64,");
      g_string_append (out, base64);
    }

  /* Last, so that the columns before keep their places. */
  g_string_append_c (out, ',');
  if (pipe_base64 != NULL)
    g_string_append (out, pipe_base64);

  g_string_append (out, "\r\n");
}

static void
export_seed_line (GString      *out,
                  const Record *record,
                  const guint8 *data)
{
  if (record->direction != FIFOLAB_DIRECTION_RECEIVED)
    return;

  /* The seed's reader prints the bytes as they came. */
  g_string_append_printf (out, "I pid [%d] received a message => ", (int) record->receiver_pid);
  g_string_append_len (out, (const char *) data, record->len);
  g_string_append_c (out, '\n');
}

static gboolean
write_out (GOutputStream  *stream,
           GString        *out,
           GCancellable   *cancellable,
           GError        **error)
{
  if (out->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
    return FALSE;

  g_string_truncate (out, 0);
  return TRUE;
}

static gboolean
export_snapshot (const Snapshot       *snapshot,
                 FifolabExportFormat   format,
                 GOutputStream        *stream,
                 GCancellable         *cancellable,
                 GError              **error)
{
  g_autoptr(GString) out = g_string_sized_new (EXPORT_BUFFER + 4096);
  g_autoptr(JsonGenerator) generator = NULL;
  ExportContext ctx = { 0 };
  gboolean ret = FALSE;
  guint cursor = 0;

  ctx.direction_class = g_type_class_ref (FIFOLAB_TYPE_DIRECTION);
  ctx.kind_class = g_type_class_ref (FIFOLAB_TYPE_EVENT_KIND);
  ctx.flags_class = g_type_class_ref (FIFOLAB_TYPE_MESSAGE_FLAGS);

  if (format == FIFOLAB_EXPORT_JSON_LINES)
    generator = json_generator_new ();
  else if (format == FIFOLAB_EXPORT_CSV)
    g_string_append (out, "serial,time,direction,event,pipe,sender_pid,receiver_pid,"
                          "size,encoding,data,pipe_base64\r\n");

  for (guint i = 0; i < snapshot->n; i++)
    {
      const Record *record = snapshot_record (snapshot, i);
      const guint8 *data = chunks_lookup (snapshot->chunks, record, &cursor);
      const char *pipe = g_ptr_array_index (snapshot->paths, record->pipe);
      guint64 serial = snapshot->first_serial + i;

      switch (format)
        {
        case FIFOLAB_EXPORT_JSON_LINES:
          export_json_line (&ctx, generator, out, serial, record, pipe, data);
          break;
        case FIFOLAB_EXPORT_CSV:
          export_csv_line (&ctx, out, serial, record, pipe, data);
          break;
        case FIFOLAB_EXPORT_SEED_TEXT:
          export_seed_line (out, record, data);
          break;
        default:
          g_assert_not_reached ();
        }

      if (out->len >= EXPORT_BUFFER && !write_out (stream, out, cancellable, error))
        goto out;
    }

  if (!write_out (stream, out, cancellable, error))
    goto out;

  ret = TRUE;

out:
  g_type_class_unref (ctx.direction_class);
  g_type_class_unref (ctx.kind_class);
  g_type_class_unref (ctx.flags_class);
  return ret;
}

/**
 * fifolab_log_export:
 * @stream: where to write (not closed)
 *
 * Writes every stored entry (announced or not) in @format. Blocks on @stream:
 * use fifolab_log_export_async() from the main loop for files.
 *
 * Returns: %TRUE on success.
 */
gboolean
fifolab_log_export (FifolabLog           *self,
                    FifolabExportFormat   format,
                    GOutputStream        *stream,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(Snapshot) snapshot = NULL;

  g_return_val_if_fail (FIFOLAB_IS_LOG (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (format <= FIFOLAB_EXPORT_SEED_TEXT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  snapshot = snapshot_new (self);
  return export_snapshot (snapshot, format, stream, cancellable, error);
}

typedef struct
{
  Snapshot            *snapshot;
  GFile               *file;
  FifolabExportFormat  format;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *export = data;

  g_clear_pointer (&export->snapshot, snapshot_free);
  g_clear_object (&export->file);
  g_free (export);
}

/* Like the kernel's limit for one path lookup. */
#define MAX_SYMLINKS 40

static void
set_error_from_errno (GError **error,
                      int      errsv)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv), g_strerror (errsv));
}

/* The file an export to @path writes: symlinks followed (by hand, so that a
 * dangling one names the file to create), never replaced. *@exists tells
 * whether it is there, *@st is its stat then. Anything but a regular file is
 * refused: renaming over it would replace a device, a pipe or a folder; so is
 * a file we may not write. */
static char *
export_resolve_target (const char   *path,
                       struct stat  *st,
                       gboolean     *exists,
                       GError      **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint i = 0;; i++)
    {
      g_autofree char *link = NULL;
      g_autoptr(GError) local_error = NULL;

      if (lstat (current, st) != 0)
        {
          int errsv = errno;

          if (errsv != ENOENT)
            {
              set_error_from_errno (error, errsv);
              return NULL;
            }
          *exists = FALSE;
          return g_steal_pointer (&current);
        }
      if (!S_ISLNK (st->st_mode))
        break;
      if (i == MAX_SYMLINKS)
        {
          set_error_from_errno (error, ELOOP);
          return NULL;
        }

      link = g_file_read_link (current, &local_error);
      if (link == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                               local_error->message);
          return NULL;
        }
      if (!g_path_is_absolute (link))
        {
          g_autofree char *dir = g_path_get_dirname (current);

          g_free (current);
          current = g_build_filename (dir, link, NULL);
        }
      else
        {
          g_free (current);
          current = g_steal_pointer (&link);
        }
    }

  if (S_ISDIR (st->st_mode))
    {
      set_error_from_errno (error, EISDIR);
      return NULL;
    }
  if (!S_ISREG (st->st_mode))
    {
      g_autofree char *name = fifolab_escape_name (current, 0);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file: the log can only be exported to one"), name);
      return NULL;
    }

  /* Renaming over it needs only the folder's permission: a file its owner
   * made read-only is refused, as opening it for writing would be. */
  if (faccessat (AT_FDCWD, current, W_OK, AT_EACCESS) != 0)
    {
      set_error_from_errno (error, errno);
      return NULL;
    }

  *exists = TRUE;
  return g_steal_pointer (&current);
}

/* All or nothing: the export is written to a temporary file in the target's
 * folder, flushed to disk, and renamed over the target; on any failure (a
 * full disk, a cancellation) the temporary file is removed and the target is
 * left as it was, or absent. A file replaced keeps its permissions. */
static gboolean
export_to_path (const Snapshot       *snapshot,
                FifolabExportFormat   format,
                const char           *path,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(GOutputStream) stream = NULL;
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  struct stat st;
  gboolean exists = FALSE;
  int fd;

  target = export_resolve_target (path, &st, &exists, error);
  if (target == NULL)
    return FALSE;

  dir = g_path_get_dirname (target);
  tmp = g_build_filename (dir, ".fifolab-export-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_error_from_errno (error, errno);
      return FALSE;
    }

  if (exists && fchmod (fd, st.st_mode & 0777) != 0)
    {
      set_error_from_errno (error, errno);
      goto fail;
    }

  stream = g_unix_output_stream_new (fd, FALSE);
  if (!export_snapshot (snapshot, format, stream, cancellable, error))
    goto fail;

  /* Write-back errors (a full disk, a quota) show here, before the rename. */
  if (fsync (fd) != 0)
    {
      set_error_from_errno (error, errno);
      goto fail;
    }
  if (close (fd) != 0)
    {
      fd = -1;
      set_error_from_errno (error, errno);
      goto fail;
    }
  fd = -1;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;
  if (g_rename (tmp, target) != 0)
    {
      set_error_from_errno (error, errno);
      goto fail;
    }

  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  return FALSE;
}

/* A file with no local path (a remote location of GVfs): GIO replaces it. */
static gboolean
export_to_gfile (const Snapshot       *snapshot,
                 FifolabExportFormat   format,
                 GFile                *file,
                 GCancellable         *cancellable,
                 GError              **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!export_snapshot (snapshot, format, G_OUTPUT_STREAM (stream), cancellable, error))
    {
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      /* Closing with a cancelled cancellable abandons the replacement. */
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

static void
fifolab_log_export_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  ExportData *export = task_data;
  g_autofree char *path = g_file_get_path (export->file);
  GError *error = NULL;
  gboolean ok;

  if (path != NULL)
    ok = export_to_path (export->snapshot, export->format, path, cancellable, &error);
  else
    ok = export_to_gfile (export->snapshot, export->format, export->file, cancellable, &error);

  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * fifolab_log_export_async:
 * @file: the file to write
 *
 * Exports the entries stored now into @file. The entries are taken as a snapshot
 * (references on the log's immutable blocks, no copy) and serialized and written
 * in a worker thread; the log can go on appending, evicting or clearing meanwhile.
 *
 * All or nothing: a local @file is written to a temporary file in its folder,
 * then renamed over it; on failure it is left as it was (or absent) and the
 * temporary file is removed. A symlink is followed, never replaced; anything
 * but a regular file is refused (%G_IO_ERROR_NOT_REGULAR_FILE), and so is a
 * file that may not be written (%G_IO_ERROR_PERMISSION_DENIED).
 */
void
fifolab_log_export_async (FifolabLog          *self,
                          FifolabExportFormat  format,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *export;

  g_return_if_fail (FIFOLAB_IS_LOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format <= FIFOLAB_EXPORT_SEED_TEXT);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  export = g_new0 (ExportData, 1);
  export->snapshot = snapshot_new (self);
  export->file = g_object_ref (file);
  export->format = format;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fifolab_log_export_async);
  g_task_set_task_data (task, export, export_data_free);
  g_task_run_in_thread (task, fifolab_log_export_thread);
}

gboolean
fifolab_log_export_finish (FifolabLog    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (FIFOLAB_IS_LOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fifolab_log_export_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * fifolab_export_format_from_filename:
 * @format: (out): the format
 *
 * Returns: %TRUE when the extension names a format: .jsonl or .json (JSON Lines),
 *   .csv, .txt or .log (the seed's text).
 */
gboolean
fifolab_export_format_from_filename (const char          *filename,
                                     FifolabExportFormat *format)
{
  static const struct {
    const char          *ext;
    FifolabExportFormat  format;
  } table[] = {
    { ".jsonl", FIFOLAB_EXPORT_JSON_LINES },
    { ".json", FIFOLAB_EXPORT_JSON_LINES },
    { ".csv", FIFOLAB_EXPORT_CSV },
    { ".txt", FIFOLAB_EXPORT_SEED_TEXT },
    { ".log", FIFOLAB_EXPORT_SEED_TEXT },
  };
  const char *dot;
  g_autofree char *ext = NULL;

  g_return_val_if_fail (filename != NULL, FALSE);

  dot = strrchr (filename, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return FALSE;

  ext = g_ascii_strdown (dot, -1);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      if (g_str_equal (ext, table[i].ext))
        {
          if (format != NULL)
            *format = table[i].format;
          return TRUE;
        }
    }

  return FALSE;
}
