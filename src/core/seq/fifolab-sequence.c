/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sequence diagram's model (see fifolab-sequence.h).
 *
 * The matching, per pipe: writes put their bytes at the stream's back,
 * reads take them from its front, in the order the watch told the calls.
 * At most one of two queues waits: the unread parts of writes, or the
 * unfilled parts of reads told before the writes that filled them. A
 * waiting read whose call returned before a newly told write began cannot
 * take that write's bytes, nor any later write's: what it still lacks was
 * in the pipe before the watch, unless the pipe was found empty after the
 * watch began and before the read began (a read that returned 0, a read
 * asleep in the kernel, or an open of the read end asleep while no other
 * watched process was on the pipe: no writer, and nobody to keep bytes in
 * it): then a writer the watch did not see put them in. The same goes for
 * the reads still waiting when the last watched process on the pipe ends:
 * no watched write can come for them any more.
 *
 * The finding: rows, and matches, each have a key that never decreases
 * along them (a row's own index; a match's newest row so far) and a low
 * end that may lie far behind it (the row where a call began; a match's
 * write). Those meeting [first, last] are those from the first key >=
 * first, up to the key > last, and after it those whose low end is <=
 * last: each block of BLOCK items keeps the least low end among them, so
 * that a block without one is passed over at once. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "fifolab-escape.h"
#include "fifolab-sequence.h"

/* The most bytes kept waiting to be read on one pipe: no pipe holds more
 * (Linux's default pipe-max-size); beyond it, the oldest were read by a
 * process the watch did not see. */
#define MAX_UNREAD (1024 * 1024)
#define BLOCK 64
/* A waiting piece whose call was forgotten (trim()): its bytes still count
 * in the stream, but no match is made with it. */
#define FORGOTTEN (G_MAXUINT - 1)
/* A row whose bytes are not known. */
#define NO_TEXT G_MAXUINT

/* A part of a pipe's stream waiting: a write's unread bytes, or a read's
 * unfilled ones. */
typedef struct
{
  guint    row;
  guint64  offset;  /* reads: where its unfilled part begins in the stream */
  guint64  len;
  gboolean fresh;   /* reads: it began after the pipe was found empty */
} Piece;

typedef struct
{
  char       *path;
  GArray     *writes;       /* Piece */
  guint       writes_head;
  GArray     *reads;        /* Piece */
  guint       reads_head;
  guint64     unread;       /* bytes in writes */
  guint64     taken;        /* bytes read so far */
  gint64      last_reader;
  gboolean    competing;
  gint64      empty_us;     /* when the pipe was first found empty (G_MAXINT64: never) */
  GByteArray *live;         /* per process index: 1 while it is on it and has not ended */
  guint       n_live;       /* how many are */
} Pipe;

/* Keys that never decrease, low ends, and the least low end per block. */
typedef struct
{
  GArray *keys;   /* guint */
  GArray *lows;   /* guint: per block */
} Index;

struct _FifolabSequence
{
  GObject     parent_instance;

  GArray     *rows;         /* FifolabSeqRow */
  GArray     *row_times;    /* gint64: the latest end_us up to each row */
  GArray     *row_texts;    /* guint per row: where its text begins in texts, NO_TEXT: none */
  GByteArray *texts;        /* the rows' texts, each ending in a NUL */
  Index       row_index;
  GArray     *matches;      /* FifolabSeqMatch */
  Index       match_index;
  GArray     *processes;    /* FifolabSeqProcess */
  GHashTable *process_of;   /* gint64 pid -> index + 1 */
  GPtrArray  *pipes;        /* Pipe * */
  GHashTable *pipe_of;      /* path -> index + 1 */
  guint       max_rows;
};

G_DEFINE_FINAL_TYPE (FifolabSequence, fifolab_sequence, G_TYPE_OBJECT)

enum
{
  CHANGED,
  TRIMMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* -------------------------------------------------------------------- */
/* The index */

static void
index_init (Index *index)
{
  index->keys = g_array_new (FALSE, FALSE, sizeof (guint));
  index->lows = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
index_clear (Index *index)
{
  g_clear_pointer (&index->keys, g_array_unref);
  g_clear_pointer (&index->lows, g_array_unref);
}

static void
index_reset (Index *index)
{
  g_array_set_size (index->keys, 0);
  g_array_set_size (index->lows, 0);
}

static void
index_append (Index *index,
              guint  key,
              guint  low)
{
  guint n = index->keys->len;

  if (n > 0)
    key = MAX (key, g_array_index (index->keys, guint, n - 1));
  g_array_append_val (index->keys, key);
  if (n % BLOCK == 0)
    g_array_append_val (index->lows, low);
  else
    {
      guint *least = &g_array_index (index->lows, guint, index->lows->len - 1);

      *least = MIN (*least, low);
    }
}

/* The first item whose key is >= @key. */
static guint
index_lower_bound (const Index *index,
                   guint        key)
{
  guint lo = 0;
  guint hi = index->keys->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (index->keys, guint, mid) < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

typedef gboolean (*MeetsFunc) (FifolabSequence *self,
                               guint            item,
                               guint            first,
                               guint            last);

/* The items that may meet [first, last], each checked by @meets. */
static GArray *
index_query (FifolabSequence *self,
             const Index     *index,
             guint            first,
             guint            last,
             MeetsFunc        meets)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = index->keys->len;
  guint i = index_lower_bound (index, first);

  for (; i < n && g_array_index (index->keys, guint, i) <= last; i++)
    if (meets (self, i, first, last))
      g_array_append_val (found, i);
  while (i < n)
    {
      guint block_end = MIN (n, (i / BLOCK + 1) * BLOCK);

      if (g_array_index (index->lows, guint, i / BLOCK) > last)
        {
          i = block_end;
          continue;
        }
      for (; i < block_end; i++)
        if (meets (self, i, first, last))
          g_array_append_val (found, i);
    }
  return found;
}

/* -------------------------------------------------------------------- */

static void
pipe_free (gpointer data)
{
  Pipe *pipe = data;

  g_free (pipe->path);
  g_array_unref (pipe->writes);
  g_array_unref (pipe->reads);
  g_byte_array_unref (pipe->live);
  g_free (pipe);
}

static void
process_clear (gpointer data)
{
  FifolabSeqProcess *process = data;

  g_free (process->comm);
}

static void
fifolab_sequence_finalize (GObject *object)
{
  FifolabSequence *self = FIFOLAB_SEQUENCE (object);

  g_array_unref (self->rows);
  g_array_unref (self->row_times);
  g_array_unref (self->row_texts);
  g_byte_array_unref (self->texts);
  index_clear (&self->row_index);
  g_array_unref (self->matches);
  index_clear (&self->match_index);
  g_array_unref (self->processes);
  g_hash_table_unref (self->process_of);
  g_ptr_array_unref (self->pipes);
  g_hash_table_unref (self->pipe_of);

  G_OBJECT_CLASS (fifolab_sequence_parent_class)->finalize (object);
}

static void
fifolab_sequence_class_init (FifolabSequenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fifolab_sequence_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[TRIMMED] = g_signal_new ("trimmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
fifolab_sequence_init (FifolabSequence *self)
{
  self->rows = g_array_new (FALSE, FALSE, sizeof (FifolabSeqRow));
  self->row_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->row_texts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->texts = g_byte_array_new ();
  index_init (&self->row_index);
  self->matches = g_array_new (FALSE, FALSE, sizeof (FifolabSeqMatch));
  index_init (&self->match_index);
  self->processes = g_array_new (FALSE, FALSE, sizeof (FifolabSeqProcess));
  g_array_set_clear_func (self->processes, process_clear);
  self->process_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->pipes = g_ptr_array_new_with_free_func (pipe_free);
  self->pipe_of = g_hash_table_new (g_str_hash, g_str_equal);
  self->max_rows = FIFOLAB_SEQUENCE_DEFAULT_MAX_ROWS;
}

FifolabSequence *
fifolab_sequence_new (void)
{
  return g_object_new (FIFOLAB_TYPE_SEQUENCE, NULL);
}

static guint pipe_index (FifolabSequence *self,
                         const char      *path);

static GArray *
array_copy (GArray *array)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, g_array_get_element_size (array), array->len);

  g_array_append_vals (copy, array->data, array->len);
  return copy;
}

static void
index_copy (Index       *to,
            const Index *from)
{
  g_array_unref (to->keys);
  g_array_unref (to->lows);
  to->keys = array_copy (from->keys);
  to->lows = array_copy (from->lows);
}

FifolabSequence *
fifolab_sequence_copy (FifolabSequence *self)
{
  FifolabSequence *copy;

  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), NULL);

  copy = fifolab_sequence_new ();
  copy->max_rows = self->max_rows;
  g_array_append_vals (copy->rows, self->rows->data, self->rows->len);
  g_array_append_vals (copy->row_times, self->row_times->data, self->row_times->len);
  g_array_append_vals (copy->row_texts, self->row_texts->data, self->row_texts->len);
  g_byte_array_append (copy->texts, self->texts->data, self->texts->len);
  index_copy (&copy->row_index, &self->row_index);
  g_array_append_vals (copy->matches, self->matches->data, self->matches->len);
  index_copy (&copy->match_index, &self->match_index);
  for (guint i = 0; i < self->processes->len; i++)
    {
      FifolabSeqProcess process = g_array_index (self->processes, FifolabSeqProcess, i);

      process.comm = g_strdup (process.comm);
      g_array_append_val (copy->processes, process);
      g_hash_table_insert (copy->process_of, g_memdup2 (&process.pid, sizeof process.pid),
                           GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < self->pipes->len; i++)
    {
      const Pipe *pipe = g_ptr_array_index (self->pipes, i);
      guint index = pipe_index (copy, pipe->path);

      ((Pipe *) g_ptr_array_index (copy->pipes, index))->competing = pipe->competing;
    }
  return copy;
}

void
fifolab_sequence_clear (FifolabSequence *self)
{
  g_return_if_fail (FIFOLAB_IS_SEQUENCE (self));

  g_array_set_size (self->rows, 0);
  g_array_set_size (self->row_times, 0);
  g_array_set_size (self->row_texts, 0);
  g_byte_array_set_size (self->texts, 0);
  index_reset (&self->row_index);
  g_array_set_size (self->matches, 0);
  index_reset (&self->match_index);
  g_array_set_size (self->processes, 0);
  g_hash_table_remove_all (self->process_of);
  g_hash_table_remove_all (self->pipe_of);
  g_ptr_array_set_size (self->pipes, 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* -------------------------------------------------------------------- */
/* Processes and pipes */

static guint
process_index (FifolabSequence          *self,
               const FifolabWatchRecord *record)
{
  gpointer found = g_hash_table_lookup (self->process_of, &record->pid);
  FifolabSeqProcess *process;
  guint index;

  if (found != NULL)
    {
      index = GPOINTER_TO_UINT (found) - 1;
      process = &g_array_index (self->processes, FifolabSeqProcess, index);
      /* After an exec, the command it runs now. */
      if (record->comm != NULL && g_strcmp0 (process->comm, record->comm) != 0)
        {
          g_free (process->comm);
          process->comm = g_strdup (record->comm);
        }
      return index;
    }

  index = self->processes->len;
  g_array_set_size (self->processes, index + 1);
  process = &g_array_index (self->processes, FifolabSeqProcess, index);
  process->pid = record->pid;
  process->comm = g_strdup (record->comm);
  process->first_row = self->rows->len;
  process->first_move = G_MAXUINT8;
  g_hash_table_insert (self->process_of, g_memdup2 (&record->pid, sizeof record->pid),
                       GUINT_TO_POINTER (index + 1));
  return index;
}

static guint
pipe_index (FifolabSequence *self,
            const char      *path)
{
  gpointer found = g_hash_table_lookup (self->pipe_of, path);
  Pipe *pipe;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  pipe = g_new0 (Pipe, 1);
  pipe->path = g_strdup (path);
  pipe->writes = g_array_new (FALSE, FALSE, sizeof (Piece));
  pipe->reads = g_array_new (FALSE, FALSE, sizeof (Piece));
  pipe->last_reader = -1;
  pipe->empty_us = G_MAXINT64;
  pipe->live = g_byte_array_new ();
  g_ptr_array_add (self->pipes, pipe);
  g_hash_table_insert (self->pipe_of, pipe->path, GUINT_TO_POINTER (self->pipes->len));
  return self->pipes->len - 1;
}

/* Forgets the queue's consumed head once it is most of it. */
static void
compact (GArray *queue,
         guint  *head)
{
  if (*head == queue->len)
    {
      g_array_set_size (queue, 0);
      *head = 0;
    }
  else if (*head >= 1024 && *head * 2 >= queue->len)
    {
      g_array_remove_range (queue, 0, *head);
      *head = 0;
    }
}

/* -------------------------------------------------------------------- */
/* Matching */

static gboolean
match_meets (FifolabSequence *self,
             guint            item,
             guint            first,
             guint            last)
{
  const FifolabSeqMatch *match = &g_array_index (self->matches, FifolabSeqMatch, item);
  guint low = match->write != G_MAXUINT ? MIN (match->write, match->read) : match->read;
  guint high = match->write != G_MAXUINT ? MAX (match->write, match->read) : match->read;

  return low <= last && high >= first;
}

/* @fresh: for bytes no watched write put in (@write G_MAXUINT), whether
 * they were written after the pipe was found empty. */
static void
add_match (FifolabSequence *self,
           Pipe            *pipe,
           guint            write,
           guint            read,
           guint64          offset,
           guint64          bytes,
           gboolean         fresh)
{
  FifolabSeqMatch match = { write, read, offset, bytes, FIFOLAB_SEQ_MATCH_NONE };

  if (write == FORGOTTEN || read == FORGOTTEN)
    return;
  if (write == G_MAXUINT)
    match.flags |= fresh ? FIFOLAB_SEQ_MATCH_UNSEEN_WRITER : FIFOLAB_SEQ_MATCH_BEFORE_WATCH;
  if (pipe->competing)
    match.flags |= FIFOLAB_SEQ_MATCH_BY_ORDER;
  g_array_append_val (self->matches, match);
  if (write == G_MAXUINT)
    index_append (&self->match_index, read, read);
  else
    index_append (&self->match_index, MAX (write, read), MIN (write, read));
}

/* The reads waiting that returned before @since began took what they lack
 * from before the watch, or from a writer it did not see when the pipe had
 * been found empty before they began (all of them, when @since is
 * G_MAXINT64). */
static void
settle_reads (FifolabSequence *self,
              Pipe            *pipe,
              gint64           since)
{
  while (pipe->reads_head < pipe->reads->len)
    {
      Piece *read = &g_array_index (pipe->reads, Piece, pipe->reads_head);

      /* A forgotten read returned before anything kept. */
      if (since != G_MAXINT64 && read->row != FORGOTTEN &&
          g_array_index (self->rows, FifolabSeqRow, read->row).end_us >= since)
        break;
      add_match (self, pipe, G_MAXUINT, read->row, read->offset, read->len, read->fresh);
      pipe->reads_head++;
    }
  compact (pipe->reads, &pipe->reads_head);
}

static void
note_write (FifolabSequence     *self,
            Pipe                *pipe,
            const FifolabSeqRow *row,
            guint                row_index)
{
  Piece write = { row_index, 0, (guint64) row->result, FALSE };

  settle_reads (self, pipe, row->start_us);
  /* Reads told before it take its bytes first. */
  while (write.len > 0 && pipe->reads_head < pipe->reads->len)
    {
      Piece *read = &g_array_index (pipe->reads, Piece, pipe->reads_head);
      guint64 n = MIN (write.len, read->len);

      add_match (self, pipe, row_index, read->row, read->offset, n, FALSE);
      read->offset += n;
      read->len -= n;
      write.len -= n;
      if (read->len == 0)
        pipe->reads_head++;
    }
  compact (pipe->reads, &pipe->reads_head);
  if (write.len == 0)
    return;

  g_array_append_val (pipe->writes, write);
  pipe->unread += write.len;
  /* More than a pipe holds: the oldest went to a reader not seen. */
  while (pipe->unread > MAX_UNREAD)
    {
      Piece *oldest = &g_array_index (pipe->writes, Piece, pipe->writes_head);
      guint64 n = MIN (oldest->len, pipe->unread - MAX_UNREAD);

      oldest->len -= n;
      pipe->unread -= n;
      if (oldest->len == 0)
        pipe->writes_head++;
    }
  compact (pipe->writes, &pipe->writes_head);
}

static void
note_read (FifolabSequence     *self,
           Pipe                *pipe,
           const FifolabSeqRow *row,
           guint                row_index,
           gint64               pid)
{
  guint64 want = (guint64) row->result;

  if (pipe->last_reader >= 0 && pipe->last_reader != pid)
    pipe->competing = TRUE;
  pipe->last_reader = pid;

  while (want > 0 && pipe->writes_head < pipe->writes->len)
    {
      Piece *write = &g_array_index (pipe->writes, Piece, pipe->writes_head);
      guint64 n = MIN (want, write->len);

      add_match (self, pipe, write->row, row_index, pipe->taken, n, FALSE);
      pipe->taken += n;
      pipe->unread -= n;
      write->len -= n;
      want -= n;
      if (write->len == 0)
        pipe->writes_head++;
    }
  compact (pipe->writes, &pipe->writes_head);
  if (want > 0)
    {
      /* What it lacks, no write begun before it returned can give but one
       * written after the pipe was found empty, if it began after that. */
      Piece read = { row_index, pipe->taken, want, row->start_us >= pipe->empty_us };

      g_array_append_val (pipe->reads, read);
      pipe->taken += want;
    }
}

/* The pipe held no byte at @time_us: every byte read by a read begun
 * since was written since. */
static void
found_empty (Pipe   *pipe,
             gint64  time_us)
{
  pipe->empty_us = MIN (pipe->empty_us, time_us);
}

/* @record is a call on @pipe still asleep in the kernel: a read asleep
 * finds the pipe empty; an open of the read end asleep finds no writer,
 * and the pipe empty too when no other watched process is on it to keep
 * bytes in it (its other ends closed). */
static void
note_blocked (FifolabSequence          *self,
              Pipe                     *pipe,
              const FifolabWatchRecord *record)
{
  /* process is its index + 1, 0 when none. */
  guint process = GPOINTER_TO_UINT (g_hash_table_lookup (self->process_of, &record->pid));
  gboolean alone = pipe->n_live == 0 ||
                   (pipe->n_live == 1 && process > 0 && process <= pipe->live->len &&
                    pipe->live->data[process - 1]);

  found_empty (pipe, fifolab_watch_record_found_empty (record, alone));
}

/* Who is on @pipe: when the last watched process on it ends, no watched
 * write will come for the reads still waiting. */
static void
note_live (FifolabSequence     *self,
           Pipe                *pipe,
           const FifolabSeqRow *row)
{
  guint n = pipe->live->len;

  if (row->process >= n)
    {
      g_byte_array_set_size (pipe->live, row->process + 1);
      memset (pipe->live->data + n, 0, row->process + 1 - n);
    }
  if (row->kind != FIFOLAB_SEQ_EXIT)
    {
      if (!pipe->live->data[row->process])
        {
          pipe->live->data[row->process] = 1;
          pipe->n_live++;
        }
    }
  else if (pipe->live->data[row->process])
    {
      pipe->live->data[row->process] = 0;
      if (--pipe->n_live == 0)
        settle_reads (self, pipe, G_MAXINT64);
    }
}

/* -------------------------------------------------------------------- */
/* Rows */

static gboolean
row_meets (FifolabSequence *self,
           guint            item,
           guint            first,
           guint            last)
{
  const FifolabSeqRow *row = &g_array_index (self->rows, FifolabSeqRow, item);

  return row->start_row <= last && item >= first;
}

/* Which row @record makes, if any. */
static gboolean
classify (const FifolabWatchRecord *record,
          FifolabSeqRow            *row)
{
  switch (record->kind)
    {
    case FIFOLAB_WATCH_CALL:
      if (record->is_write)
        {
          row->kind = FIFOLAB_SEQ_WRITE;
          if (record->error == EPIPE)
            row->mark = FIFOLAB_SEQ_MARK_EPIPE;
        }
      else if (record->is_read)
        {
          row->kind = FIFOLAB_SEQ_READ;
          if (record->result == 0 && record->error == 0)
            row->mark = FIFOLAB_SEQ_MARK_EOF;
        }
      else if (record->syscall != NULL && g_str_has_prefix (record->syscall, "open"))
        {
          row->kind = FIFOLAB_SEQ_OPEN;
          if (record->error == ENXIO)
            row->mark = FIFOLAB_SEQ_MARK_ENXIO;
        }
      else
        return FALSE;
      if (record->error != 0 && row->mark == FIFOLAB_SEQ_MARK_NONE)
        row->mark = FIFOLAB_SEQ_MARK_ERROR;
      row->error = record->error;
      return TRUE;
    case FIFOLAB_WATCH_ATTACH:
      row->kind = FIFOLAB_SEQ_START;
      return TRUE;
    case FIFOLAB_WATCH_EXIT:
      row->kind = FIFOLAB_SEQ_EXIT;
      /* The result alone is a signal's number or an exit status: only the
       * mark tells which, so that "killed by signal 15" is not shown as
       * "exit 15". */
      if (record->signaled && record->result == SIGPIPE)
        row->mark = FIFOLAB_SEQ_MARK_SIGPIPE;
      else if (record->signaled)
        row->mark = FIFOLAB_SEQ_MARK_SIGNAL;
      return TRUE;
    case FIFOLAB_WATCH_DETACH:
    case FIFOLAB_WATCH_REFUSED:
    case FIFOLAB_WATCH_STOPPED:
    case FIFOLAB_WATCH_CONTINUED:
    case FIFOLAB_WATCH_PENDING:
    case FIFOLAB_WATCH_RELEASED:
    case FIFOLAB_WATCH_BLOCKED:
    default:
      return FALSE;
    }
}

static void
shift_pieces (GArray *pieces,
              guint   head,
              guint   k)
{
  for (guint i = head; i < pieces->len; i++)
    {
      Piece *piece = &g_array_index (pieces, Piece, i);

      piece->row = piece->row != FORGOTTEN && piece->row >= k ? piece->row - k : FORGOTTEN;
    }
}

/* The texts of the rows forgotten go: those kept move down. */
static void
trim_texts (FifolabSequence *self)
{
  guint first = self->texts->len;

  for (guint i = 0; i < self->row_texts->len && first == self->texts->len; i++)
    if (g_array_index (self->row_texts, guint, i) != NO_TEXT)
      first = g_array_index (self->row_texts, guint, i);
  g_byte_array_remove_range (self->texts, 0, first);
  for (guint i = 0; i < self->row_texts->len; i++)
    if (g_array_index (self->row_texts, guint, i) != NO_TEXT)
      g_array_index (self->row_texts, guint, i) -= first;
}

/* Keeps what the write or read of @record carried, as the log shows it,
 * beside @row; no row of another kind has any. */
static void
add_text (FifolabSequence          *self,
          const FifolabSeqRow      *row,
          const FifolabWatchRecord *record)
{
  guint at = NO_TEXT;

  if ((row->kind == FIFOLAB_SEQ_WRITE || row->kind == FIFOLAB_SEQ_READ) && row->result > 0 &&
      record->payload != NULL)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (record->payload, &len);
      g_autofree char *text = fifolab_escape_for_display (data, len, FIFOLAB_WATCH_TEXT_PAYLOAD_CHARS);
      gsize size = strlen (text) + 1;

      /* Offsets are 32-bit: past 4 GiB of texts (never at the default
       * bound of rows, 64 characters each), the label says only the size. */
      if (size < G_MAXUINT - self->texts->len)
        {
          at = self->texts->len;
          g_byte_array_append (self->texts, (const guint8 *) text, size);
        }
    }
  g_array_append_val (self->row_texts, at);
}

/* Forgets the oldest @k rows and the matches that involve them; the rows
 * kept, and what points at them, move down by @k. */
static void
trim (FifolabSequence *self,
      guint            k)
{
  guint kept = 0;

  g_array_remove_range (self->rows, 0, k);
  g_array_remove_range (self->row_times, 0, k);
  g_array_remove_range (self->row_texts, 0, k);
  trim_texts (self);
  index_reset (&self->row_index);
  for (guint i = 0; i < self->rows->len; i++)
    {
      FifolabSeqRow *row = &g_array_index (self->rows, FifolabSeqRow, i);

      row->start_row = row->start_row >= k ? row->start_row - k : 0;
      index_append (&self->row_index, i, row->start_row);
    }

  index_reset (&self->match_index);
  for (guint i = 0; i < self->matches->len; i++)
    {
      FifolabSeqMatch match = g_array_index (self->matches, FifolabSeqMatch, i);

      if (match.read < k || (match.write != G_MAXUINT && match.write < k))
        continue;
      match.read -= k;
      if (match.write != G_MAXUINT)
        {
          match.write -= k;
          index_append (&self->match_index, MAX (match.write, match.read), MIN (match.write, match.read));
        }
      else
        index_append (&self->match_index, match.read, match.read);
      g_array_index (self->matches, FifolabSeqMatch, kept++) = match;
    }
  g_array_set_size (self->matches, kept);

  for (guint i = 0; i < self->processes->len; i++)
    {
      FifolabSeqProcess *process = &g_array_index (self->processes, FifolabSeqProcess, i);

      process->first_row = process->first_row >= k ? process->first_row - k : 0;
    }
  for (guint i = 0; i < self->pipes->len; i++)
    {
      Pipe *pipe = g_ptr_array_index (self->pipes, i);

      shift_pieces (pipe->writes, pipe->writes_head, k);
      shift_pieces (pipe->reads, pipe->reads_head, k);
    }
  g_signal_emit (self, signals[TRIMMED], 0, k);
}

void
fifolab_sequence_set_max_rows (FifolabSequence *self,
                               guint            max_rows)
{
  g_return_if_fail (FIFOLAB_IS_SEQUENCE (self));
  g_return_if_fail (max_rows >= 2);

  self->max_rows = max_rows;
}

gboolean
fifolab_sequence_add_record (FifolabSequence          *self,
                             const char               *path,
                             guint64                   serial,
                             const FifolabWatchRecord *record)
{
  FifolabSeqRow row = { 0, };
  guint row_index;
  gint64 latest;
  Pipe *pipe;

  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (record->kind == FIFOLAB_WATCH_DETACH)
    {
      /* The watch let it go: no read of it will be told. */
      fifolab_sequence_settle (self);
      return FALSE;
    }
  if (record->kind == FIFOLAB_WATCH_BLOCKED)
    {
      guint blocked_pipe = pipe_index (self, path);

      note_blocked (self, g_ptr_array_index (self->pipes, blocked_pipe), record);
      return FALSE;
    }
  if (!classify (record, &row))
    return FALSE;

  row_index = self->rows->len;
  latest = row_index > 0 ? g_array_index (self->row_times, gint64, row_index - 1) : G_MININT64;
  row.serial = serial;
  row.start_us = record->time_us > 0 ? record->time_us : MAX (latest, 0);
  row.end_us = row.start_us + MAX (record->blocked_us, 0);
  row.result = record->result;
  row.process = process_index (self, record);
  row.pipe = pipe_index (self, path);
  row.start_row = MIN (fifolab_sequence_row_at_time (self, row.start_us), row_index);
  pipe = g_ptr_array_index (self->pipes, row.pipe);

  g_array_append_val (self->rows, row);
  latest = MAX (latest, row.end_us);
  g_array_append_val (self->row_times, latest);
  add_text (self, &row, record);
  index_append (&self->row_index, row_index, row.start_row);

  if ((row.kind == FIFOLAB_SEQ_WRITE || row.kind == FIFOLAB_SEQ_READ) && row.result > 0)
    {
      FifolabSeqProcess *process = &g_array_index (self->processes, FifolabSeqProcess, row.process);

      if (process->first_move == G_MAXUINT8)
        process->first_move = row.kind;
    }
  if (row.kind == FIFOLAB_SEQ_WRITE && row.result > 0)
    note_write (self, pipe, &row, row_index);
  else if (row.kind == FIFOLAB_SEQ_READ && row.result > 0)
    note_read (self, pipe, &row, row_index, record->pid);
  else
    found_empty (pipe, fifolab_watch_record_found_empty (record, FALSE));
  note_live (self, pipe, &row);
  /* A reader gone holds the pipe no more: the next one takes its place, it
   * does not compete with it (two cats one after the other were said to
   * compete, and their reads to be matched by their order). */
  if (row.kind == FIFOLAB_SEQ_EXIT && pipe->last_reader == record->pid)
    pipe->last_reader = -1;

  /* Bounded: beyond max_rows, the oldest half goes (amortised O(1)). */
  if (self->rows->len > self->max_rows)
    trim (self, self->rows->len - self->max_rows / 2);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

void
fifolab_sequence_settle (FifolabSequence *self)
{
  g_return_if_fail (FIFOLAB_IS_SEQUENCE (self));

  for (guint i = 0; i < self->pipes->len; i++)
    settle_reads (self, g_ptr_array_index (self->pipes, i), G_MAXINT64);
}

/* -------------------------------------------------------------------- */
/* Reading it */

guint
fifolab_sequence_get_n_rows (FifolabSequence *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), 0);
  return self->rows->len;
}

const FifolabSeqRow *
fifolab_sequence_get_row (FifolabSequence *self,
                          guint            row)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  return &g_array_index (self->rows, FifolabSeqRow, row);
}

const char *
fifolab_sequence_get_row_text (FifolabSequence *self,
                               guint            row)
{
  guint at;

  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);

  at = g_array_index (self->row_texts, guint, row);
  return at != NO_TEXT ? (const char *) self->texts->data + at : NULL;
}

guint
fifolab_sequence_get_n_matches (FifolabSequence *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), 0);
  return self->matches->len;
}

const FifolabSeqMatch *
fifolab_sequence_get_match (FifolabSequence *self,
                            guint            match)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), NULL);
  g_return_val_if_fail (match < self->matches->len, NULL);
  return &g_array_index (self->matches, FifolabSeqMatch, match);
}

guint
fifolab_sequence_get_n_processes (FifolabSequence *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), 0);
  return self->processes->len;
}

const FifolabSeqProcess *
fifolab_sequence_get_process (FifolabSequence *self,
                              guint            process)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), NULL);
  g_return_val_if_fail (process < self->processes->len, NULL);
  return &g_array_index (self->processes, FifolabSeqProcess, process);
}

guint
fifolab_sequence_get_n_pipes (FifolabSequence *self)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), 0);
  return self->pipes->len;
}

const char *
fifolab_sequence_get_pipe_path (FifolabSequence *self,
                                guint            pipe)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), NULL);
  g_return_val_if_fail (pipe < self->pipes->len, NULL);
  return ((Pipe *) g_ptr_array_index (self->pipes, pipe))->path;
}

gboolean
fifolab_sequence_get_pipe_competing (FifolabSequence *self,
                                     guint            pipe)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), FALSE);
  g_return_val_if_fail (pipe < self->pipes->len, FALSE);
  return ((Pipe *) g_ptr_array_index (self->pipes, pipe))->competing;
}

guint
fifolab_sequence_row_at_time (FifolabSequence *self,
                              gint64           mono_us)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), 0);

  hi = self->row_times->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->row_times, gint64, mid) < mono_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
fifolab_sequence_find_serial (FifolabSequence *self,
                              guint64          serial)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), G_MAXUINT);

  hi = self->rows->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->rows, FifolabSeqRow, mid).serial < serial)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < self->rows->len && g_array_index (self->rows, FifolabSeqRow, lo).serial == serial)
    return lo;
  return G_MAXUINT;
}

GArray *
fifolab_sequence_query_rows (FifolabSequence *self,
                             guint            first,
                             guint            last)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), NULL);
  return index_query (self, &self->row_index, first, last, row_meets);
}

GArray *
fifolab_sequence_query_matches (FifolabSequence *self,
                                guint            first,
                                guint            last)
{
  g_return_val_if_fail (FIFOLAB_IS_SEQUENCE (self), NULL);
  return index_query (self, &self->match_index, first, last, match_meets);
}
