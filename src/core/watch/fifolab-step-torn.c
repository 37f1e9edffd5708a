/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "fifolab-find.h"
#include "fifolab-step-torn.h"

/* A process that writes the pipe: what its writes put in, as far as its
 * earlier writes tell where the next one's head is. */
typedef struct
{
  guint64   writes;     /* its writes that put bytes in */
  gint64    size;       /* the first one's size */
  GBytes   *first;      /* the first one's recorded bytes */
  gboolean  irregular;  /* one before the last was short, or another */
  gboolean  last_short; /* the last one put in fewer bytes than it asked */
  gboolean  last_other; /* the last one had another size or beginning */
} Writer;

/* A write followed until the reader has read its bytes. */
typedef struct
{
  guint                id;
  GBytes              *message;  /* its bytes; NULL: no verdict possible */
  gsize                head_len; /* its bytes up to the claim of its pid */
  guint64              nth;      /* its head is the nth in the stream */
  guint64              found;    /* heads found so far */
  gsize                scan;     /* the stream is searched up to here */
  gssize               start;    /* where its bytes begin, -1: not found yet */
  gsize                checked;  /* its bytes found there so far */
  FifolabStepTornState state;
} Followed;

struct _FifolabStepTorn
{
  GByteArray *stream;    /* the reader's bytes, in the order it read them */
  gint64      reader;    /* the reading thread, -1: none yet */
  gboolean    broken;    /* the stream is not all there, or not one */
  GHashTable *writers;   /* pid → Writer */
  GPtrArray  *followed;  /* Followed */
  guint       last_id;
};

static void
writer_free (gpointer data)
{
  Writer *w = data;

  g_clear_pointer (&w->first, g_bytes_unref);
  g_free (w);
}

static void
followed_free (gpointer data)
{
  Followed *f = data;

  g_clear_pointer (&f->message, g_bytes_unref);
  g_free (f);
}

FifolabStepTorn *
fifolab_step_torn_new (void)
{
  FifolabStepTorn *self = g_new0 (FifolabStepTorn, 1);

  self->stream = g_byte_array_new ();
  self->reader = -1;
  self->writers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, writer_free);
  self->followed = g_ptr_array_new_with_free_func (followed_free);
  return self;
}

void
fifolab_step_torn_free (FifolabStepTorn *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->stream);
  g_hash_table_unref (self->writers);
  g_ptr_array_unref (self->followed);
  g_free (self);
}

static void
update (FifolabStepTorn *self,
        Followed        *f)
{
  const guint8 *data = self->stream->data;
  gsize len = self->stream->len;
  const guint8 *message;
  gsize n;
  gsize avail;

  if (f->state != FIFOLAB_STEP_TORN_WAITING)
    return;
  if (f->message == NULL || self->broken)
    {
      f->state = FIFOLAB_STEP_TORN_UNKNOWN;
      return;
    }
  message = g_bytes_get_data (f->message, &n);

  /* Its head: the nth in the stream, after its process's earlier ones. */
  while (f->start < 0 && len >= f->scan + f->head_len)
    {
      const guint8 *at = fifolab_find_bytes (data + f->scan, len - f->scan, message, f->head_len);

      if (at == NULL)
        {
          /* A head cut by the end of what was read is searched again. */
          f->scan = len - f->head_len + 1;
          break;
        }
      f->found++;
      f->scan = (gsize) (at - data) + f->head_len;
      if (f->found == f->nth)
        f->start = at - data;
    }
  if (f->start < 0)
    return;

  /* Its own bytes go in in order: anything else among them is another
   * writer's. */
  avail = MIN (len - (gsize) f->start, n);
  if (avail > f->checked)
    {
      if (memcmp (data + f->start + f->checked, message + f->checked, avail - f->checked) != 0)
        {
          f->state = FIFOLAB_STEP_TORN_TORN;
          return;
        }
      f->checked = avail;
    }
  if (f->checked == n)
    f->state = FIFOLAB_STEP_TORN_WHOLE;
}

static void
add_read (FifolabStepTorn          *self,
          const FifolabWatchRecord *record)
{
  gsize size = record->payload != NULL ? g_bytes_get_size (record->payload) : 0;

  if (self->reader < 0)
    self->reader = record->tid;
  /* Another reader: which bytes went to whom is known only from the order
   * the reads returned. Bytes not recorded, or too many: not all there. */
  if (record->tid != self->reader || size != (gsize) record->result ||
      self->stream->len + size > FIFOLAB_STEP_TORN_MAX_BYTES)
    self->broken = TRUE;
  if (self->broken)
    {
      g_byte_array_set_size (self->stream, 0);
      return;
    }
  g_byte_array_append (self->stream, g_bytes_get_data (record->payload, NULL), size);
}

static void
add_write (FifolabStepTorn          *self,
           const FifolabWatchRecord *record)
{
  Writer *w = g_hash_table_lookup (self->writers, &record->pid);

  if (w == NULL)
    {
      w = g_new0 (Writer, 1);
      w->size = record->requested;
      if (record->payload != NULL)
        w->first = g_bytes_ref (record->payload);
      g_hash_table_insert (self->writers, g_memdup2 (&record->pid, sizeof record->pid), w);
    }
  w->writes++;
  /* The writes after a short one, or one of another size or beginning,
   * may have another head, or as many in other places. */
  w->irregular = w->irregular || w->last_short || w->last_other;
  w->last_short = record->result != record->requested;
  w->last_other = record->requested != w->size || record->payload == NULL || w->first == NULL ||
                  !g_bytes_equal (record->payload, w->first);
}

/**
 * fifolab_step_torn_add:
 * @self: a torn tracker
 * @record: the watch's next record
 *
 * The reader's reads make the stream; the writes count, per process.
 */
void
fifolab_step_torn_add (FifolabStepTorn          *self,
                       const FifolabWatchRecord *record)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (record != NULL);

  if (record->kind != FIFOLAB_WATCH_CALL || record->result <= 0)
    return;
  if (record->is_read)
    {
      add_read (self, record);
      for (guint i = 0; i < self->followed->len; i++)
        update (self, self->followed->pdata[i]);
    }
  else if (record->is_write && record->requested >= 0)
    add_write (self, record);
}

/* The number of times @head is in @data, not overlapping. */
static guint64
count_heads (const guint8 *data,
             gsize         len,
             const guint8 *head,
             gsize         head_len)
{
  guint64 count = 0;
  const guint8 *at;

  while (len >= head_len && (at = fifolab_find_bytes (data, len, head, head_len)) != NULL)
    {
      count++;
      len -= (gsize) (at - data) + head_len;
      data = at + head_len;
    }
  return count;
}

/* Its head: its bytes up to the claim of its pid, "[4211]"; 0 when none,
 * or when the kernel may cut it (see the .h). */
static gsize
find_head (GBytes *message,
           gint64  pid)
{
  g_autofree char *claim = g_strdup_printf ("[%" G_GINT64_FORMAT "]", pid);
  gsize n;
  const guint8 *data = g_bytes_get_data (message, &n);
  const guint8 *at = fifolab_find_bytes (data, n, (const guint8 *) claim, strlen (claim));
  long page = sysconf (_SC_PAGESIZE);
  gsize first_cut;
  gsize head_len;

  if (at == NULL)
    return 0;
  head_len = (gsize) (at - data) + strlen (claim);
  if (page <= 0)
    return 0;
  first_cut = n % (gsize) page != 0 ? n % (gsize) page : (gsize) page;
  return head_len <= first_cut || head_len == n ? head_len : 0;
}

/**
 * fifolab_step_torn_follow:
 * @self: a torn tracker
 * @call: a write's CALL record, the last added of its process
 * @message: (nullable): the write's whole bytes, when its record does not hold them
 *
 * Returns: the id of what is followed, for fifolab_step_torn_get()
 */
guint
fifolab_step_torn_follow (FifolabStepTorn          *self,
                          const FifolabWatchRecord *call,
                          GBytes                   *message)
{
  Followed *f;
  Writer *w;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (call != NULL && call->kind == FIFOLAB_WATCH_CALL, 0);

  f = g_new0 (Followed, 1);
  f->id = ++self->last_id;
  f->start = -1;
  g_ptr_array_add (self->followed, f);

  w = g_hash_table_lookup (self->writers, &call->pid);
  if (call->result <= 0 || !call->is_write || call->requested < 0)
    {
      /* No byte went in: nothing to tear. */
      f->state = FIFOLAB_STEP_TORN_WHOLE;
      return f->id;
    }

  /* Its whole bytes: given, or all in its record. They must be the ones
   * recorded, as far as recorded. */
  if (message == NULL && call->payload != NULL &&
      g_bytes_get_size (call->payload) == (gsize) call->requested)
    message = call->payload;
  if (message != NULL && call->payload != NULL &&
      g_bytes_get_size (message) == (gsize) call->requested &&
      g_bytes_get_size (call->payload) <= g_bytes_get_size (message) &&
      memcmp (g_bytes_get_data (message, NULL), g_bytes_get_data (call->payload, NULL),
              g_bytes_get_size (call->payload)) == 0 &&
      w != NULL && !w->irregular && !w->last_other)
    {
      gsize n;
      const guint8 *data = g_bytes_get_data (message, &n);

      /* Its process's earlier writes put the same bytes in, whole, so each
       * holds as many heads as it, the first at its start. A short write
       * put in only its first bytes. */
      f->head_len = find_head (message, call->pid);
      if (f->head_len > 0 && f->head_len <= (gsize) call->result)
        {
          f->nth = (w->writes - 1) * count_heads (data, n, data, f->head_len) + 1;
          f->message = g_bytes_new_from_bytes (message, 0, (gsize) call->result);
        }
    }
  update (self, f);
  return f->id;
}

static Followed *
find_followed (FifolabStepTorn *self,
               guint            id,
               guint           *index)
{
  for (guint i = 0; i < self->followed->len; i++)
    {
      Followed *f = self->followed->pdata[i];

      if (f->id == id)
        {
          if (index != NULL)
            *index = i;
          return f;
        }
    }
  return NULL;
}

/**
 * fifolab_step_torn_get:
 * @self: a torn tracker
 * @id: what fifolab_step_torn_follow() returned
 *
 * Returns: what the reader's bytes say of that write so far
 */
FifolabStepTornState
fifolab_step_torn_get (FifolabStepTorn *self,
                       guint            id)
{
  Followed *f;

  g_return_val_if_fail (self != NULL, FIFOLAB_STEP_TORN_UNKNOWN);

  f = find_followed (self, id, NULL);
  g_return_val_if_fail (f != NULL, FIFOLAB_STEP_TORN_UNKNOWN);
  return f->state;
}

void
fifolab_step_torn_forget (FifolabStepTorn *self,
                          guint            id)
{
  guint index;

  g_return_if_fail (self != NULL);

  if (find_followed (self, id, &index) != NULL)
    g_ptr_array_remove_index (self->followed, index);
}
