/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The log's store, inside the core only (FifolabLog and its export use it).
 *
 * Entries are fixed-size records (48 bytes) in blocks of RECORDS_PER_BLOCK, kept in
 * order in a deque of blocks: appending writes the next slot, evicting the oldest
 * advances a head index and frees a block once all its records are gone. No
 * realloc-and-copy of the whole store ever happens, so a million entries cost
 * 48 bytes each plus a block's worth of slack.
 *
 * Payloads are copied back to back into chunks that grow from CHUNK_SIZE_MIN to
 * CHUNK_SIZE_MAX bytes, or less under a small memory cap (a larger message
 * gets a chunk of its own). Each record
 * holds the offset of its payload in one growing offset space; chunks cover
 * consecutive ranges of it, so a chunk is found by binary search and the front
 * chunk is let go as soon as the oldest stored (not evicted) record lies beyond it. A chunk that is
 * left with free space (CHUNK_SIZE_MIN or more) is shrunk to what it holds,
 * unless someone reads it.
 *
 * Blocks and chunks are reference counted: an export running in a thread holds
 * a snapshot of them, and every GBytes handed out for a payload
 * (fifolab_log_store_dup_bytes()) holds its chunk, so a row's bytes are the
 * stored bytes, never a copy. Records and payload bytes are never modified
 * once written.
 *
 * Serials: the store holds [first_serial, next_serial) and physically keeps
 * records back to phys_first (the log may still show evicted entries until it
 * announces their removal; their payloads are freed at eviction). */

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64  wall_us;
  gint64  mono_us;
  guint64 offset;         /* of the payload, in the store's offset space */
  gint64  sender_pid;     /* claimed, may be anything a peer wrote; -1 = none */
  guint32 len;
  gint32  receiver_pid;   /* a real pid or -1 */
  guint32 pipe;           /* index into paths, 0 = none */
  guint16 flags;
  guint8  direction : 4;
  guint8  framing : 4;    /* FifolabFraming + 1, 0 = none (events) */
  guint8  kind;
} FifolabLogRecord;

typedef struct _FifolabLogBlock FifolabLogBlock;
typedef struct _FifolabLogChunk FifolabLogChunk;

typedef struct
{
  /* Records: physical index p lives at blocks[(head + p) / N][(head + p) % N]. */
  GPtrArray    *blocks;
  guint         head;
  guint         n_phys;
  guint64       phys_first;     /* serial of physical record 0 */
  guint64       first_serial;   /* serial of the oldest stored entry */
  guint64       next_serial;    /* == phys_first + n_phys */

  /* Payloads. */
  GPtrArray    *chunks;         /* FifolabLogChunk *, ascending start */
  guint64       next_offset;
  gsize         chunk_bytes;    /* sum of chunk capacities */
  gsize         chunk_size;     /* capacity of the next chunk */
  gsize         chunk_size_max; /* full size (fifolab_log_store_limit_chunks()) */
  gboolean      keep_spare;     /* whether a freed full-size chunk is kept */
  FifolabLogChunk *spare;       /* a full-size chunk freed by eviction, for the next */
  gsize         spare_bytes;    /* its capacity, 0 without one */
  /* Chunks of evicted entries that something else (a row's GBytes, a
   * snapshot) still held when the store let go of them: the store keeps a
   * reference to see when they are free (fifolab_log_store_held_bytes()). */
  GPtrArray    *released;       /* FifolabLogChunk *, refs */
  gsize         released_bytes; /* sum of their capacities */
  guint64       payload_bytes;  /* of the stored (not evicted) entries */
  guint64       n_chunks_made;  /* chunks allocated (not the spare reused) */

  /* Interned pipe paths: paths[0] is NULL. */
  GPtrArray    *paths;          /* GRefString * */
  GHashTable   *path_index;     /* GRefString * -> index */
  guint32       last_path;      /* index of the path interned last (0 = none) */
  gsize         path_bytes;
} FifolabLogStore;

/* The payload memory the store holds apart from its chunks of stored entries:
 * the spare chunk and the released chunks still held elsewhere as of the last
 * trim (which frees those that the store alone holds). It counts against the
 * memory cap; read at every append, so a field sum. */
static inline gsize
fifolab_log_store_held_bytes (const FifolabLogStore *self)
{
  return self->released_bytes + self->spare_bytes;
}

/* The stored entries at one moment, readable from any thread. */
typedef struct
{
  GPtrArray *blocks;   /* FifolabLogBlock *, refs */
  guint      head;     /* index of the first record in blocks[0] */
  guint      n;
  guint64    first_serial;
  GPtrArray *chunks;   /* FifolabLogChunk *, refs */
  GPtrArray *paths;    /* GRefString *, refs; [0] NULL */
} FifolabLogSnapshot;

void                     fifolab_log_store_init          (FifolabLogStore    *self);
void                     fifolab_log_store_destroy       (FifolabLogStore    *self);
/* A new record at next_serial with its payload copied into the open chunk
 * and its pipe interned (offset, len, pipe set; the other fields to fill in). */
FifolabLogRecord        *fifolab_log_store_append        (FifolabLogStore    *self,
                                                          const char         *pipe_path,
                                                          const guint8       *data,
                                                          gsize               len);
/* The capacity of the chunk that appending @len bytes would open and that an
 * evicted chunk could be (a full-size one), when there is no spare chunk for
 * it; else 0 (the payload fits the open chunk, the spare is there, or the
 * chunk would be of another size). */
gsize                    fifolab_log_store_reusable_chunk_for (FifolabLogStore *self,
                                                               gsize            len);
/* Full-size chunks for a memory cap of @memory_cap bytes (0: none): at most
 * 1/32 of it (no less than 64 KiB, no more than 4 MiB), so that the memory
 * that chunks hold beyond the entries' bytes stays a small part of the cap
 * (with 4 MiB chunks, a 2 MiB cap kept one entry and 8 MiB of chunks). */
void                     fifolab_log_store_limit_chunks  (FifolabLogStore    *self,
                                                          guint64             memory_cap);
FifolabLogRecord        *fifolab_log_store_record        (FifolabLogStore    *self,
                                                          guint64             serial);
/* The payload of @record, wrapped (not copied): the GBytes holds its chunk;
 * %NULL for an evicted entry whose bytes are gone. */
GBytes                  *fifolab_log_store_dup_bytes     (FifolabLogStore    *self,
                                                          const FifolabLogRecord *record);
guint32                  fifolab_log_store_intern_path   (FifolabLogStore    *self,
                                                          const char         *path);
const char              *fifolab_log_store_get_path      (FifolabLogStore    *self,
                                                          guint32             index);
void                     fifolab_log_store_forget_paths  (FifolabLogStore    *self);
/* Frees records (and the blocks they leave empty) before @keep_from, and
 * the payload chunks of every evicted entry, even one whose record stays. */
void                     fifolab_log_store_trim          (FifolabLogStore    *self,
                                                          guint64             keep_from);
/* Lets go of the released chunks that nothing else holds any more (a trim
 * does it too). */
void                     fifolab_log_store_sweep_released (FifolabLogStore   *self);
gboolean                 fifolab_log_store_has_payload   (FifolabLogStore    *self,
                                                          const FifolabLogRecord *record);
gsize                    fifolab_log_store_overhead      (FifolabLogStore    *self);

FifolabLogSnapshot      *fifolab_log_snapshot_new        (FifolabLogStore    *store);
void                     fifolab_log_snapshot_free       (gpointer            data);
const FifolabLogRecord  *fifolab_log_snapshot_record     (const FifolabLogSnapshot *self,
                                                          guint               i);
/* @cursor: a chunk index kept between calls, for sequential readers. */
const guint8            *fifolab_log_snapshot_payload    (const FifolabLogSnapshot *self,
                                                          const FifolabLogRecord   *record,
                                                          guint              *cursor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FifolabLogSnapshot, fifolab_log_snapshot_free)

G_END_DECLS
