/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <gio/gio.h>

#include "fifolab-log-store.h"

/* See fifolab-log-store.h for the layout. */

#define RECORDS_PER_BLOCK 2048
#define HUGE_PAGE_SIZE    (2 * 1024 * 1024)
/* Chunks start small (a quiet log stays small) and double up to the largest
 * size, so a flood allocates rarely and in huge pages. */
#define CHUNK_SIZE_MIN    (64 * 1024)
/* 4 MiB: under a flood with the default cap evicting, a chunk that a row
 * still shows when the cap evicts it stays until the row lets go; with 8 MiB
 * chunks that took the window's RSS to 425-434 MB (cap + 150 MB = 418), with
 * 4 MiB to 421-422 (issue 13, fifolab-ui-bench --only ingest-raw). */
#define CHUNK_SIZE_MAX    (2 * HUGE_PAGE_SIZE)
/* Under a memory cap, chunks are at most this fraction of it (down to
 * CHUNK_SIZE_MIN): the open chunk, the oldest one partly evicted and the
 * spare each hold memory the entries' bytes do not count, and the spare
 * counts against the cap (see fifolab_log_store_limit_chunks()). */
#define CHUNKS_PER_CAP    32

G_STATIC_ASSERT (sizeof (FifolabLogRecord) == 48);

struct _FifolabLogBlock
{
  gatomicrefcount ref;
  FifolabLogRecord          records[RECORDS_PER_BLOCK];
};

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

struct _FifolabLogChunk
{
  gatomicrefcount  ref;
  guint64          start;    /* offset of data[0] */
  gsize            used;
  gsize            capacity;
  guint8          *data;
  Prefault        *prefault; /* NULL once none can run on data */
};

/* Blocks and chunks */

static FifolabLogBlock *
block_new (void)
{
  /* Not zeroed: every record is written before it is read. */
  FifolabLogBlock *block = g_malloc (sizeof (FifolabLogBlock));

  g_atomic_ref_count_init (&block->ref);
  return block;
}

static FifolabLogBlock *
block_ref (FifolabLogBlock *block)
{
  g_atomic_ref_count_inc (&block->ref);
  return block;
}

static void
block_unref (gpointer data)
{
  FifolabLogBlock *block = data;

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
chunk_prefault (FifolabLogChunk *chunk)
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
chunk_stop_prefault (FifolabLogChunk *chunk)
{
  Prefault *prefault = g_steal_pointer (&chunk->prefault);

  if (prefault == NULL)
    return;

  g_mutex_lock (&prefault->lock);
  prefault->stop = TRUE;
  g_mutex_unlock (&prefault->lock);
  prefault_unref (prefault);
}

static FifolabLogChunk *
chunk_new (FifolabLogStore *store,
           guint64          start,
           gsize            capacity)
{
  FifolabLogChunk *chunk = store->spare;

  /* A capped log under a flood frees its oldest chunk as often as it fills a
   * new one: the new one takes the memory of the old, whose pages are there
   * already, instead of fresh pages the kernel must fault in and zero (most
   * of the cost of a flood with eviction, issue 13). */
  if (chunk != NULL && chunk->capacity == capacity)
    {
      store->spare = NULL;
      store->spare_bytes = 0;
      chunk->start = start;
      chunk->used = 0;
      return chunk;
    }

  store->n_chunks_made++;
  chunk = g_new0 (FifolabLogChunk, 1);

  g_atomic_ref_count_init (&chunk->ref);
  chunk->start = start;
  chunk->capacity = capacity;
  chunk->data = chunk_alloc (capacity);
  chunk_prefault (chunk);
  return chunk;
}

static FifolabLogChunk *
chunk_ref (FifolabLogChunk *chunk)
{
  g_atomic_ref_count_inc (&chunk->ref);
  return chunk;
}

static void
chunk_unref (gpointer data)
{
  FifolabLogChunk *chunk = data;

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
      const FifolabLogChunk *chunk = g_ptr_array_index (chunks, mid);

      if (chunk->start <= offset)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

/* The chunk holding @record's payload (which must not be empty). */
static FifolabLogChunk *
chunks_lookup (GPtrArray              *chunks,
               const FifolabLogRecord *record,
               guint                  *cursor)
{
  FifolabLogChunk *chunk;

  /* Sequential readers pass a cursor: most lookups hit the same chunk or the next. */
  if (cursor != NULL && *cursor < chunks->len)
    {
      chunk = g_ptr_array_index (chunks, *cursor);
      /* A closed chunk may keep an unused tail (see chunk_close()): the next
       * chunk then starts below its end. */
      if (record->offset >= chunk->start && record->offset < chunk->start + chunk->capacity &&
          (*cursor + 1 == chunks->len ||
           ((const FifolabLogChunk *) g_ptr_array_index (chunks, *cursor + 1))->start > record->offset))
        return chunk;
    }

  {
    guint index = chunks_find (chunks, record->offset);

    chunk = g_ptr_array_index (chunks, index);
    g_assert (record->offset >= chunk->start);
    g_assert (record->offset + record->len <= chunk->start + chunk->capacity);
    if (cursor != NULL)
      *cursor = index;
    return chunk;
  }
}

/* Records */

static FifolabLogRecord *
record_at_phys (FifolabLogStore *self,
                guint       p)
{
  guint g = self->head + p;
  FifolabLogBlock *block = g_ptr_array_index (self->blocks, g / RECORDS_PER_BLOCK);

  return &block->records[g % RECORDS_PER_BLOCK];
}

FifolabLogRecord *
fifolab_log_store_record (FifolabLogStore *self,
                          guint64          serial)
{
  g_assert (serial >= self->phys_first && serial < self->next_serial);
  return record_at_phys (self, (guint)(serial - self->phys_first));
}

static FifolabLogRecord *
record_push (FifolabLogStore *self)
{
  guint g = self->head + self->n_phys;

  if (g / RECORDS_PER_BLOCK >= self->blocks->len)
    g_ptr_array_add (self->blocks, block_new ());

  self->n_phys++;
  self->next_serial++;
  return record_at_phys (self, self->n_phys - 1);
}

static void
chunk_close (FifolabLogStore *self,
             FifolabLogChunk      *chunk)
{
  /* Give back an unused tail of CHUNK_SIZE_MIN or more, unless a snapshot
   * reads this chunk (its data must not move). A smaller tail stays: a chunk
   * closed because the next message did not fit in it (under a flood of
   * 64 KiB reads, as soon as one read came short) would otherwise lose its
   * full size and could never be the spare chunk, so that every chunk of a
   * flood with eviction was fresh memory for the kernel to fault in and zero
   * (issue 13). What stays is under CHUNK_SIZE_MIN a chunk, 1/64 of a
   * full-size one. */
  if (chunk->capacity - chunk->used >= CHUNK_SIZE_MIN && chunk->used > 0 &&
      g_atomic_ref_count_compare (&chunk->ref, 1))
    {
      chunk_stop_prefault (chunk);
      self->chunk_bytes -= chunk->capacity - chunk->used;
      chunk->data = g_realloc (chunk->data, chunk->used);
      chunk->capacity = chunk->used;
    }
}

static guint64
store_payload (FifolabLogStore *self,
               const guint8    *data,
               gsize            len)
{
  FifolabLogChunk *chunk = NULL;
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
      chunk = chunk_new (self, self->next_offset, MAX (self->chunk_size, len));
      self->chunk_size = MIN (self->chunk_size * 2, self->chunk_size_max);
      self->chunk_bytes += chunk->capacity;
      g_ptr_array_add (self->chunks, chunk);
    }

  offset = chunk->start + chunk->used;
  memcpy (chunk->data + chunk->used, data, len);
  chunk->used += len;
  self->next_offset = offset + len;
  return offset;
}

gsize
fifolab_log_store_reusable_chunk_for (FifolabLogStore *self,
                                      gsize            len)
{
  FifolabLogChunk *chunk = NULL;

  if (len == 0 || self->spare != NULL || !self->keep_spare)
    return 0;
  if (self->chunks->len > 0)
    chunk = g_ptr_array_index (self->chunks, self->chunks->len - 1);
  if (chunk != NULL && chunk->capacity - chunk->used >= len &&
      chunk->start + chunk->used == self->next_offset)
    return 0;
  return MAX (self->chunk_size, len) == self->chunk_size_max ? self->chunk_size_max : 0;
}

void
fifolab_log_store_limit_chunks (FifolabLogStore *self,
                                guint64          memory_cap)
{
  gsize max = CHUNK_SIZE_MAX;

  if (memory_cap != 0)
    while (max > CHUNK_SIZE_MIN && max > memory_cap / CHUNKS_PER_CAP)
      max /= 2;

  self->chunk_size_max = max;
  self->chunk_size = MIN (self->chunk_size, max);
  /* Under a cap below CHUNKS_PER_CAP smallest chunks (2 MiB), a spare chunk
   * and the room made for a whole new one would take too much of it. */
  self->keep_spare = memory_cap == 0 || max <= memory_cap / CHUNKS_PER_CAP;
  /* A spare of another size would never be used again. */
  if (self->spare != NULL && (self->spare->capacity != max || !self->keep_spare))
    {
      g_clear_pointer (&self->spare, chunk_unref);
      self->spare_bytes = 0;
    }
}

static void free_evicted_payloads (FifolabLogStore *self);
static void release_chunk (FifolabLogStore *self,
                           FifolabLogChunk *chunk);
static void sweep_released (FifolabLogStore *self);

void
fifolab_log_store_trim (FifolabLogStore *self,
                        guint64          bound)
{
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

  free_evicted_payloads (self);

  if (self->n_phys == 0)
    {
      g_clear_pointer (&self->spare, chunk_unref);
      self->spare_bytes = 0;
    }
}

/* Frees the payload chunks that only evicted entries use. Their records may
 * stay (the log shows an evicted entry until it announces its removal), but
 * their bytes go at once, so that what the log holds stays within its cap
 * between two announcements. */
static void
free_evicted_payloads (FifolabLogStore *self)
{
  guint64 first_kept = self->first_serial < self->next_serial
                       ? fifolab_log_store_record (self, self->first_serial)->offset
                       : self->next_offset;

  while (self->chunks->len > 0)
    {
      FifolabLogChunk *chunk = g_ptr_array_index (self->chunks, 0);

      /* The open chunk stays; a chunk is freed when the oldest stored entry
       * is past it. */
      if (self->chunks->len == 1 || chunk->start + chunk->used > first_kept)
        break;

      self->chunk_bytes -= chunk->capacity;
      chunk = g_ptr_array_steal_index (self->chunks, 0);
      release_chunk (self, chunk);
    }
  sweep_released (self);
}

/* Takes the store's reference to @chunk, which no stored entry uses any more:
 * kept as the spare for the next chunk if nothing else reads it (no entry of
 * it is shown) and the log still holds entries (an emptied log gives its
 * memory back); freed if nothing else reads it; else watched until it is
 * free (a row showing an evicted entry holds its chunk until it lets go). */
static void
release_chunk (FifolabLogStore *self,
               FifolabLogChunk *chunk)
{
  if (!g_atomic_ref_count_compare (&chunk->ref, 1))
    {
      self->released_bytes += chunk->capacity;
      g_ptr_array_add (self->released, chunk);
    }
  else if (self->spare == NULL && self->keep_spare && self->first_serial < self->next_serial &&
           chunk->capacity == self->chunk_size_max)
    {
      chunk_stop_prefault (chunk);
      self->spare = chunk;
      self->spare_bytes = chunk->capacity;
    }
  else
    chunk_unref (chunk);
}

void
fifolab_log_store_sweep_released (FifolabLogStore *self)
{
  sweep_released (self);
}

/* Frees the released chunks nothing else holds any more (the count cannot rise
 * again: nothing else can reach them). */
static void
sweep_released (FifolabLogStore *self)
{
  for (guint i = self->released->len; i > 0; i--)
    {
      FifolabLogChunk *chunk = g_ptr_array_index (self->released, i - 1);

      if (g_atomic_ref_count_compare (&chunk->ref, 1))
        {
          self->released_bytes -= chunk->capacity;
          g_ptr_array_steal_index_fast (self->released, i - 1);
          release_chunk (self, chunk);
        }
    }
}

/* Interned paths */

static guint32 intern_new_path (FifolabLogStore *self,
                                 const char      *path);

G_ALWAYS_INLINE static inline guint32
intern_path (FifolabLogStore *self,
             const char      *path)
{
  if (path == NULL)
    return 0;

  /* Messages come in runs from one pipe. */
  if (self->last_path != 0 &&
      strcmp (g_ptr_array_index (self->paths, self->last_path), path) == 0)
    return self->last_path;

  return intern_new_path (self, path);
}

guint32
fifolab_log_store_intern_path (FifolabLogStore *self,
                               const char      *path)
{
  return intern_path (self, path);
}

static guint32
intern_new_path (FifolabLogStore *self,
                 const char      *path)
{
  gpointer value;
  char *ref;

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

/* One call per entry, the steps above inlined: appending is the hot path. */
FifolabLogRecord *
fifolab_log_store_append (FifolabLogStore *self,
                          const char      *pipe_path,
                          const guint8    *data,
                          gsize            len)
{
  FifolabLogRecord *record = record_push (self);

  record->offset = store_payload (self, data, len);
  record->len = (guint32) len;
  record->pipe = intern_path (self, pipe_path);
  self->payload_bytes += len;
  return record;
}

static void
ref_string_release (gpointer data)
{
  if (data != NULL)
    g_ref_string_release (data);
}

const char *
fifolab_log_store_get_path (FifolabLogStore *self,
                            guint32          index)
{
  return g_ptr_array_index (self->paths, index);
}

/* Nothing refers to the interned paths any more (the store is empty). */
void
fifolab_log_store_forget_paths (FifolabLogStore *self)
{
  g_hash_table_remove_all (self->path_index);
  g_ptr_array_set_size (self->paths, 1);
  self->path_bytes = 0;
  self->last_path = 0;
}

void
fifolab_log_store_init (FifolabLogStore *self)
{
  self->blocks = g_ptr_array_new_with_free_func (block_unref);
  self->chunks = g_ptr_array_new_with_free_func (chunk_unref);
  self->released = g_ptr_array_new_with_free_func (chunk_unref);
  self->chunk_size = CHUNK_SIZE_MIN;
  self->chunk_size_max = CHUNK_SIZE_MAX;
  self->keep_spare = TRUE;
  self->paths = g_ptr_array_new_with_free_func (ref_string_release);
  g_ptr_array_add (self->paths, NULL);
  self->path_index = g_hash_table_new (g_str_hash, g_str_equal);
}

void
fifolab_log_store_destroy (FifolabLogStore *self)
{
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->spare, chunk_unref);
  self->spare_bytes = 0;
  g_clear_pointer (&self->released, g_ptr_array_unref);
  self->released_bytes = 0;
  g_clear_pointer (&self->path_index, g_hash_table_unref);
  g_clear_pointer (&self->paths, g_ptr_array_unref);
}

/* The GBytes of a payload own a reference on its chunk (the chunk's data
 * neither moves nor is freed while one is held: see chunk_close()), as a
 * document's items own a reference on the mapping they point into. */
GBytes *
fifolab_log_store_dup_bytes (FifolabLogStore        *self,
                             const FifolabLogRecord *record)
{
  FifolabLogChunk *chunk;

  if (record->len == 0)
    return g_bytes_new_static ("", 0);
  if (!fifolab_log_store_has_payload (self, record))
    return NULL;

  chunk = chunks_lookup (self->chunks, record, NULL);
  return g_bytes_new_with_free_func (chunk->data + (record->offset - chunk->start),
                                     record->len,
                                     chunk_unref,
                                     chunk_ref (chunk));
}

/* Whether @record's bytes are still held: an evicted entry's may be gone
 * (free_evicted_payloads()). */
gboolean
fifolab_log_store_has_payload (FifolabLogStore        *self,
                               const FifolabLogRecord *record)
{
  const FifolabLogChunk *first;

  if (record->len == 0)
    return TRUE;
  if (self->chunks->len == 0)
    return FALSE;
  first = g_ptr_array_index (self->chunks, 0);
  return record->offset >= first->start;
}

/* The memory the store holds beyond the stored payload bytes: record blocks
 * (including unused slots), the unused and evicted parts of payload chunks,
 * bookkeeping arrays, interned paths, with an estimate of malloc's own
 * per-allocation cost. */
gsize
fifolab_log_store_overhead (FifolabLogStore *self)
{
  const gsize malloc_cost = 16;
  gsize total;

  total = sizeof (FifolabLogStore);
  total += self->blocks->len * (sizeof (FifolabLogBlock) + malloc_cost + sizeof (gpointer));
  total += self->chunks->len * (sizeof (FifolabLogChunk) + 2 * malloc_cost + sizeof (gpointer));
  total += self->chunk_bytes;
  if (self->spare != NULL)
    total += self->spare->capacity + sizeof (FifolabLogChunk) + 2 * malloc_cost;
  total += self->paths->len * sizeof (gpointer) + self->path_bytes;

  return total - MIN (total, self->payload_bytes);
}

/* Snapshots */

void
fifolab_log_snapshot_free (gpointer data)
{
  FifolabLogSnapshot *snapshot = data;

  g_ptr_array_unref (snapshot->blocks);
  g_ptr_array_unref (snapshot->chunks);
  g_ptr_array_unref (snapshot->paths);
  g_free (snapshot);
}

/* The stored entries as they are now; safe to read from another thread while the
 * store goes on (records and payloads are immutable once written, and the snapshot
 * holds references on the blocks and chunks it reads). */
FifolabLogSnapshot *
fifolab_log_snapshot_new (FifolabLogStore *store)
{
  FifolabLogSnapshot *snapshot = g_new0 (FifolabLogSnapshot, 1);
  guint n = (guint) (store->next_serial - store->first_serial);

  snapshot->n = n;
  snapshot->first_serial = store->first_serial;
  snapshot->blocks = g_ptr_array_new_with_free_func (block_unref);
  snapshot->chunks = g_ptr_array_new_with_free_func (chunk_unref);
  snapshot->paths = g_ptr_array_new_with_free_func (ref_string_release);

  if (n > 0)
    {
      guint g = store->head + (guint) (store->first_serial - store->phys_first);
      guint first_block = g / RECORDS_PER_BLOCK;
      guint last_block = (g + n - 1) / RECORDS_PER_BLOCK;

      snapshot->head = g % RECORDS_PER_BLOCK;
      for (guint i = first_block; i <= last_block; i++)
        g_ptr_array_add (snapshot->blocks, block_ref (g_ptr_array_index (store->blocks, i)));
    }

  for (guint i = 0; i < store->chunks->len; i++)
    g_ptr_array_add (snapshot->chunks, chunk_ref (g_ptr_array_index (store->chunks, i)));

  for (guint i = 0; i < store->paths->len; i++)
    {
      char *path = g_ptr_array_index (store->paths, i);
      g_ptr_array_add (snapshot->paths, path != NULL ? g_ref_string_acquire (path) : NULL);
    }

  return snapshot;
}

const FifolabLogRecord *
fifolab_log_snapshot_record (const FifolabLogSnapshot *self,
                             guint                     i)
{
  guint g = self->head + i;
  const FifolabLogBlock *block = g_ptr_array_index (self->blocks, g / RECORDS_PER_BLOCK);

  return &block->records[g % RECORDS_PER_BLOCK];
}

const guint8 *
fifolab_log_snapshot_payload (const FifolabLogSnapshot *self,
                              const FifolabLogRecord   *record,
                              guint                    *cursor)
{
  const FifolabLogChunk *chunk;

  if (record->len == 0)
    return (const guint8 *) "";
  chunk = chunks_lookup (self->chunks, record, cursor);
  return chunk->data + (record->offset - chunk->start);
}
